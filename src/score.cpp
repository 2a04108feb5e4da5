// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#include "letsconnect/score.hpp"

#include <cmath>
#include <set>
#include <sstream>

#include "internal.hpp"
#include "letsconnect/detail/score_kernel.hpp"

namespace letsconnect {

namespace {

std::string format_number(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
}

}  // namespace

std::string_view to_string(Direction direction) noexcept {
    switch (direction) {
        case Direction::learn_from: return "learn_from";
        case Direction::share_with: return "share_with";
        case Direction::mutual: return "mutual";
    }
    return "mutual";
}

std::optional<Direction> parse_direction(std::string_view text) noexcept {
    if (text == "learn_from" || text == "learn-from") return Direction::learn_from;
    if (text == "share_with" || text == "share-with") return Direction::share_with;
    if (text == "mutual") return Direction::mutual;
    return std::nullopt;
}

Weights Weights::capx() noexcept {
    Weights w;
    w.skill = 1.0;
    w.reciprocity = w.language = w.region = w.time_zone = 0.0;
    w.narrower = w.related = w.category = 0.0;
    w.same_country = w.same_region = w.other_region = 0.0;
    w.min_level = 0;
    return w;
}

Weights Weights::cross_regional() noexcept {
    Weights w;
    w.same_country = 0.0;
    w.same_region = 0.25;
    w.other_region = 1.0;
    return w;
}

std::vector<Problem> Weights::problems() const {
    detail::Collector out{"weights", {}};
    auto unit = [&out](const char* name, double v) {
        if (!(v >= 0.0 && v <= 1.0))  // also rejects NaN
            out.add("weights", std::string("weights.") + name, "must be in [0, 1], got " + format_number(v));
    };
    unit("skill", skill);
    unit("reciprocity", reciprocity);
    unit("language", language);
    unit("region", region);
    unit("time_zone", time_zone);
    unit("narrower", narrower);
    unit("related", related);
    unit("category", category);
    unit("same_country", same_country);
    unit("same_region", same_region);
    unit("other_region", other_region);
    if (skill == 0 && reciprocity == 0 && language == 0 && region == 0 && time_zone == 0)
        out.add("weights", "weights.skill", "the component weights are all 0; at least one must be positive");
    if (!(overlap_hours > 0.0 && overlap_hours <= 168.0))
        out.add("weights", "weights.overlap_hours", "must be in (0, 168] hours, got " + format_number(overlap_hours));
    if (min_level > native_level)
        out.add("weights", "weights.min_level", "Babel level must be 0-5 or N (6), got " + std::to_string(min_level));
    return std::move(out.problems);
}

void Weights::validate() const {
    if (auto p = problems(); !p.empty()) throw ValidationError(std::move(p));
}

namespace detail {

namespace {

enum class Relation { none, exact, narrower, related, category };

bool is_ancestor(const Taxonomy& tax, SkillIndex ancestor, SkillIndex node) {
    for (SkillIndex p = tax.parent(node); p != no_skill; p = tax.parent(p))
        if (p == ancestor) return true;
    return false;
}

// How an offered skill relates to a wanted one (see score.hpp).
Relation relation(const Taxonomy& tax, SkillIndex want, SkillIndex offer) {
    if (offer == want) return Relation::exact;
    if (is_ancestor(tax, want, offer)) return Relation::narrower;
    if (is_ancestor(tax, offer, want)) return Relation::related;
    if (const SkillIndex p = tax.parent(want); p != no_skill && is_ancestor(tax, p, offer)) return Relation::related;
    if (tax.category(want) == tax.category(offer)) return Relation::category;
    return Relation::none;
}

double credit_of(const Weights& w, Relation r) {
    switch (r) {
        case Relation::exact: return 1.0;
        case Relation::narrower: return w.narrower;
        case Relation::related: return w.related;
        case Relation::category: return w.category;
        case Relation::none: return 0.0;
    }
    return 0.0;
}

// The term for a seeker skill: `fixed` is the wanted skill (learn) or the offered one (share).
Term make_term(const Taxonomy& tax, const Weights& w, SkillIndex fixed, bool fixed_is_want, std::size_t words) {
    std::vector<std::pair<double, std::vector<std::uint64_t>>> levels;  // credit → mask
    for (SkillIndex x = 0; x < tax.size(); ++x) {
        const double c = credit_of(w, fixed_is_want ? relation(tax, fixed, x) : relation(tax, x, fixed));
        if (c <= 0.0) continue;
        auto it = std::find_if(levels.begin(), levels.end(), [c](const auto& l) { return l.first == c; });
        if (it == levels.end()) it = levels.insert(levels.end(), {c, std::vector<std::uint64_t>(words, 0)});
        it->second[x / 64] |= std::uint64_t{1} << (x % 64);
    }
    std::sort(levels.begin(), levels.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    Term t;
    t.skill = fixed;
    for (auto& [c, mask] : levels) {
        t.credit.push_back(c);
        t.masks.insert(t.masks.end(), mask.begin(), mask.end());
    }
    return t;
}

CreditTable make_table(const std::vector<Term>& terms, std::size_t skills, std::size_t words) {
    CreditTable t;
    t.terms = terms.size();
    t.credit.assign(skills * t.terms, 0.0);
    t.any.assign(words, 0);
    for (std::size_t j = 0; j < terms.size(); ++j)
        for (std::size_t s = 0; s < skills; ++s) {
            const std::uint64_t bit = std::uint64_t{1} << (s % 64);
            for (std::size_t level = 0; level < terms[j].credit.size(); ++level)
                if (terms[j].masks[level * words + s / 64] & bit) {
                    t.credit[s * t.terms + j] = terms[j].credit[level];
                    t.any[s / 64] |= bit;
                    break;
                }
        }
    return t;
}

std::vector<Term> make_terms(const Directory& d, const std::vector<std::string>& ids, const Weights& w, bool want) {
    std::set<SkillIndex> skills;  // deduplicated, in taxonomy order
    for (const auto& id : ids) skills.insert(d.taxonomy().at(id));
    std::vector<Term> out;
    for (SkillIndex s : skills) out.push_back(make_term(d.taxonomy(), w, s, want, d.skill_words()));
    return out;
}

}  // namespace

CandidateBitmap candidate_bitmap(const Directory& directory, const SearchQuery& filter) {
    const bool narrows = !filter.shares.empty() || !filter.learns.empty() || !filter.knows.empty() ||
                         !filter.regions.empty() || !filter.countries.empty() || !filter.languages.empty();
    if (!narrows && filter.exclude.empty()) return nullptr;
    const std::size_t n = directory.size();
    auto bits = std::make_shared<std::vector<std::uint64_t>>(directory.bitmap_words(), 0);
    if (narrows) {
        SearchQuery q = filter;
        q.exclude.clear();  // handled below without a scan
        for (ProfileIndex i : directory.search(q)) (*bits)[i / 64] |= std::uint64_t{1} << (i % 64);
    } else {
        std::fill(bits->begin(), bits->end(), ~std::uint64_t{0});
        if (n % 64) bits->back() = (std::uint64_t{1} << (n % 64)) - 1;
    }
    for (const auto& name : filter.exclude)
        if (auto i = directory.find(name)) (*bits)[*i / 64] &= ~(std::uint64_t{1} << (*i % 64));
    return bits;
}

std::unique_ptr<SeekerContext> make_context(const Directory& d, const Profile& seeker, std::optional<ProfileIndex> self,
                                            const Weights& weights, const ScoreOptions& options, CandidateBitmap allowed) {
    weights.validate();
    auto c = std::make_unique<SeekerContext>();
    c->directory = &d;
    c->weights = weights;
    c->options = options;
    for (std::size_t w = 0; w < static_cast<std::size_t>(week_words); ++w)
        if (options.available[w]) c->required_words[c->required_word_count++] = static_cast<std::uint8_t>(w);
    c->availability_columns = d.availability_column(0).data();
    c->profiles = d.size();
    c->name = seeker.username;
    c->label_language = "en";
    {
        // Skill labels in the seeker's best language that the taxonomy has labels in.
        std::vector<LanguageLevel> by_level(seeker.languages);
        std::stable_sort(by_level.begin(), by_level.end(),
                         [](const LanguageLevel& a, const LanguageLevel& b) { return a.level > b.level; });
        const auto nodes = d.taxonomy().nodes();
        for (const auto& l : by_level) {
            if (l.level == 0) continue;
            if (std::any_of(nodes.begin(), nodes.end(), [&](const SkillNode& n) { return n.labels.contains(l.code); })) {
                c->label_language = l.code;
                break;
            }
        }
    }
    c->self = self;
    c->layout = d.row_layout();
    c->skill_words = d.skill_words();
    c->allowed = std::move(allowed);
    c->country = seeker.country.empty() ? no_country : parse_country(seeker.country).value_or(no_country);
    // As the directory does for its profiles, a seeker from outside gets the region of its country.
    c->region = seeker.region != Region::Unknown || c->country == no_country ? seeker.region : country_region(c->country);
    if (self && &seeker == &d.profile(*self)) {
        c->availability = d.availability(*self);
    } else if (!seeker.availability.empty()) {
        WeekConverter converter(d.week());
        c->availability = converter.to_utc(seeker.availability, seeker.timezone);
    }
    for (std::size_t w = 0; w < static_cast<std::size_t>(week_words); ++w)
        if (c->availability[w]) c->availability_words[c->availability_word_count++] = static_cast<std::uint8_t>(w);
    c->time_zone_bound = std::min(1.0, static_cast<double>(count_slots(c->availability)) / (4.0 * weights.overlap_hours));
    c->learn_terms = make_terms(d, seeker.learns, weights, true);
    c->share_terms = make_terms(d, seeker.shares, weights, false);
    c->learn_table = make_table(c->learn_terms, d.taxonomy().size(), d.skill_words());
    c->share_table = make_table(c->share_terms, d.taxonomy().size(), d.skill_words());
    c->usable_level = std::max<BabelLevel>(weights.min_level, 1);
    for (const auto& l : seeker.languages) {
        if (l.level < c->usable_level) continue;
        if (auto id = d.language_id(l.code)) c->languages.push_back({*id, l.level});
    }
    std::sort(c->languages.begin(), c->languages.end(),
              [](const SeekerLanguage& a, const SeekerLanguage& b) { return a.id < b.id; });
    return c;
}

}  // namespace detail

// --- Scorer and score() --------------------------------------------------------------------------

Scorer::Scorer(const Directory& directory, ProfileIndex seeker, const Weights& weights, const ScoreOptions& options)
    : directory_(&directory),
      context_(detail::make_context(directory, directory.profile(seeker), seeker, weights, options,
                                    detail::candidate_bitmap(directory, options.filter))) {}

namespace {

// An outside seeker is validated as a profile, except that it may be anonymous (a clinic).
const Profile& checked(const Profile& seeker) {
    auto problems = validate(seeker, "seeker", seeker.username.empty() ? "seeker" : seeker.username);
    if (seeker.username.empty())
        std::erase_if(problems, [](const Problem& p) { return p.field == "username"; });
    if (!problems.empty()) throw ValidationError(std::move(problems));
    return seeker;
}

}  // namespace

Scorer::Scorer(const Directory& directory, const Profile& seeker, const Weights& weights, const ScoreOptions& options)
    : directory_(&directory),
      // A directory profile with the seeker's username is the seeker: never a candidate.
      context_(detail::make_context(directory, checked(seeker), seeker.username.empty() ? std::nullopt : directory.find(seeker.username),
                                    weights, options, detail::candidate_bitmap(directory, options.filter))) {}

Scorer::~Scorer() = default;
Scorer::Scorer(Scorer&&) noexcept = default;
Scorer& Scorer::operator=(Scorer&&) noexcept = default;

std::optional<Score> Scorer::operator()(ProfileIndex candidate) const {
    if (candidate >= directory_->size()) throw std::out_of_range("candidate index out of range");
    Score s;
    if (!detail::evaluate(*context_, candidate, s)) return std::nullopt;
    return s;
}

double Scorer::total(ProfileIndex candidate) const {
    if (candidate >= directory_->size()) throw std::out_of_range("candidate index out of range");
    return detail::evaluate_total(*context_, candidate);
}

std::optional<ProfileIndex> Scorer::seeker() const noexcept { return context_->self; }
const Weights& Scorer::weights() const noexcept { return context_->weights; }
const ScoreOptions& Scorer::options() const noexcept { return context_->options; }

std::optional<Score> score(const Directory& directory, ProfileIndex seeker, ProfileIndex candidate, const Weights& weights,
                           const ScoreOptions& options) {
    if (candidate >= directory.size()) throw std::out_of_range("candidate index out of range");
    return Scorer(directory, seeker, weights, options)(candidate);
}

}  // namespace letsconnect
