// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
// Tests of letsconnect/score.hpp: score() and Scorer against a slow reference written from the
// specification at the top of score.hpp (Profile fields + Taxonomy API only), hand-computed
// cases of every rule (skill credit, coverages, language, region, time zone with DST), the
// documented properties, Weights and Direction, and the errors.

#include "test_helpers.hpp"

#include "letsconnect/score.hpp"

#include <cmath>
#include <limits>
#include <set>
#include <thread>

using namespace letsconnect;
using lc_test::capture;
using lc_test::dump;
using lc_test::has_problem;
using lc_test::office_hours_profile;
using lc_test::ymd;

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();

// =========================================================================================
// The reference: the specification of score.hpp, literally, from Profile fields and the
// Taxonomy API (parent / ancestors / subtree / category / depth). Slow on purpose.
// =========================================================================================

/// A seeker as the reference sees it: its profile, its UTC availability and its index (if any).
struct RefSeeker {
    Profile profile;
    WeekSlots availability{};
    std::optional<ProfileIndex> self;
    std::vector<SkillIndex> learns, shares;  // deduplicated, in taxonomy order
};

class Reference {
public:
    Reference(const Directory& dir, const Weights& weights, const ScoreOptions& options)
        : dir_(dir), tax_(dir.taxonomy()), w_(weights), o_(options), allowed_(dir.size(), false) {
        for (ProfileIndex i : dir.search(options.filter)) allowed_[i] = true;
        const std::size_t n = tax_.size();
        credit_.resize(n * n);
        for (SkillIndex want = 0; want < n; ++want) {
            for (SkillIndex offer = 0; offer < n; ++offer) credit_[want * n + offer] = credit_of(want, offer);
        }
        for (const Profile& p : dir.profiles()) {
            shares_.push_back(resolve(p.shares));
            learns_.push_back(resolve(p.learns));
        }
    }

    /// credit(w, o) of the spec, from the taxonomy's relations.
    [[nodiscard]] double credit_of(SkillIndex want, SkillIndex offer) const {
        if (offer == want) return 1.0;
        const auto below_want = tax_.subtree(want);  // want itself and everything under it
        if (std::find(below_want.begin(), below_want.end(), offer) != below_want.end()) return w_.narrower;
        const auto above_want = tax_.ancestors(want);
        if (std::find(above_want.begin(), above_want.end(), offer) != above_want.end()) return w_.related;
        if (tax_.depth(want) > 0) {  // not a category: a sibling, or below one
            const SkillIndex parent = tax_.parent(want);
            const auto family = tax_.subtree(parent);
            if (offer != parent && std::find(family.begin(), family.end(), offer) != family.end()) return w_.related;
        }
        if (tax_.category(offer) == tax_.category(want)) return w_.category;
        return 0.0;
    }

    [[nodiscard]] RefSeeker seeker(ProfileIndex i) const {
        const Profile& p = dir_.profile(i);
        return {p, dir_.availability(i), i, resolve_unique(p.learns), resolve_unique(p.shares)};
    }
    [[nodiscard]] RefSeeker seeker(const Profile& p) const {
        RefSeeker s{p, {}, std::nullopt, resolve_unique(p.learns), resolve_unique(p.shares)};
        if (!p.timezone.empty()) {
            WeekConverter converter(dir_.week());
            s.availability = converter.to_utc(p.availability, p.timezone);
        }
        return s;
    }

    /// The learn and share coverages of the spec (before the direction swaps them).
    struct Coverages {
        double learn = 0;
        double share = 0;
    };
    [[nodiscard]] Coverages coverages(const RefSeeker& s, ProfileIndex c) const {
        Coverages out;
        const auto& s_learns = s.learns;
        const auto& s_shares = s.shares;
        if (!s_learns.empty()) {
            double sum = 0;
            for (SkillIndex want : s_learns) {
                double best = 0;
                for (SkillIndex offer : shares_[c]) best = std::max(best, credit(want, offer));
                sum += best;
            }
            out.learn = sum / static_cast<double>(s_learns.size());
        }
        if (!s_shares.empty()) {
            double sum = 0;
            for (SkillIndex offer : s_shares) {
                double best = 0;
                for (SkillIndex want : learns_[c]) best = std::max(best, credit(want, offer));
                sum += best;
            }
            out.share = sum / static_cast<double>(s_shares.size());
        }
        return out;
    }

    /// Best min(level_S, level_C) over the languages both speak at the gate or above (0: none).
    [[nodiscard]] int common_level(const Profile& s, const Profile& c) const {
        const int gate = std::max<int>(w_.min_level, 1);
        int best = 0;
        for (const auto& l : s.languages) {
            if (l.level < gate) continue;
            const auto theirs = c.level(l.code);
            if (theirs && *theirs >= gate) best = std::max(best, std::min<int>(l.level, *theirs));
        }
        return best;
    }

    [[nodiscard]] static Region region_of(const Profile& p) {
        if (!p.country.empty()) {
            if (auto c = parse_country(p.country)) return country_region(*c);
        }
        return p.region;
    }

    [[nodiscard]] double region(const Profile& s, const Profile& c) const {
        const Region rs = region_of(s), rc = region_of(c);
        if (rs == Region::Unknown || rc == Region::Unknown) return 0.0;
        const auto cs = s.country.empty() ? std::nullopt : parse_country(s.country);
        const auto cc = c.country.empty() ? std::nullopt : parse_country(c.country);
        if (cs && cc && *cs == *cc) return w_.same_country;
        if (rs == rc) return w_.same_region;
        return w_.other_region;
    }

    [[nodiscard]] double time_zone(const RefSeeker& s, ProfileIndex c) const {
        const WeekSlots theirs = dir_.availability(c);
        int quarters = 0;
        for (std::size_t w = 0; w < s.availability.size(); ++w) quarters += std::popcount(s.availability[w] & theirs[w]);
        const double hours = quarters / 4.0;
        return std::min(1.0, hours / w_.overlap_hours);
    }

    /// The score of the spec, or nullopt when a hard filter rejects the pair.
    [[nodiscard]] std::optional<Score> operator()(const RefSeeker& s, ProfileIndex c) const {
        if (s.self && *s.self == c) return std::nullopt;
        // ScoreOptions::available: the candidate must be free in every one of those UTC slots.
        const WeekSlots theirs = dir_.availability(c);
        for (std::size_t w = 0; w < theirs.size(); ++w) {
            if ((theirs[w] & o_.available[w]) != o_.available[w]) return std::nullopt;
        }
        const Profile& cand = dir_.profile(c);
        const int level = common_level(s.profile, cand);
        if (w_.min_level >= 1 && level == 0) return std::nullopt;
        const Coverages cov = coverages(s, c);
        if (o_.require_skill) {
            const bool relevant = o_.direction == Direction::learn_from   ? cov.learn > 0
                                  : o_.direction == Direction::share_with ? cov.share > 0
                                                                          : (cov.learn > 0 || cov.share > 0);
            if (!relevant) return std::nullopt;
        }
        if (!allowed_[c]) return std::nullopt;
        Score out;
        Breakdown& b = out.breakdown;
        b.skill = o_.direction == Direction::share_with ? cov.share : cov.learn;
        b.reciprocity = o_.direction == Direction::share_with ? cov.learn : cov.share;
        b.language = level / 6.0;
        b.region = region(s.profile, cand);
        b.time_zone = time_zone(s, c);
        out.total = b.skill * w_.skill;
        out.total += b.reciprocity * w_.reciprocity;
        out.total += b.language * w_.language;
        out.total += b.region * w_.region;
        out.total += b.time_zone * w_.time_zone;
        return out;
    }

private:
    [[nodiscard]] double credit(SkillIndex want, SkillIndex offer) const { return credit_[want * tax_.size() + offer]; }
    [[nodiscard]] std::vector<SkillIndex> resolve(const std::vector<std::string>& ids) const {
        std::vector<SkillIndex> out;
        for (const auto& id : ids) out.push_back(tax_.at(id));
        return out;
    }
    /// Deduplicated and in taxonomy order, as the spec sums them.
    [[nodiscard]] std::vector<SkillIndex> resolve_unique(const std::vector<std::string>& ids) const {
        auto out = resolve(ids);
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
        return out;
    }

    const Directory& dir_;
    const Taxonomy& tax_;
    Weights w_;
    ScoreOptions o_;
    std::vector<bool> allowed_;
    std::vector<double> credit_;
    std::vector<std::vector<SkillIndex>> shares_, learns_;
};

// =========================================================================================
// Fixtures
// =========================================================================================

/// Generated profiles over the bundled taxonomy, with rare languages; week of 2026-03-09
/// (the United States already on summer time, Europe not yet).
const Directory& generated() {
    static const Directory dir(
        lc_test::add_rare_languages(lc_test::generate_profiles(500, 3141, *Taxonomy::bundled("letsconnect")), 27),
        nullptr, ymd(2026, 3, 9));
    return dir;
}

/// Generated profiles over the small test taxonomy (two roots, sub-skills), a summer week.
const Directory& generated_crafts() {
    static const auto tax = std::make_shared<const Taxonomy>(Taxonomy::load(lc_test::data_path("taxonomy_good.json")));
    static const Directory dir(lc_test::add_rare_languages(lc_test::generate_profiles(300, 2718, *tax), 28), tax,
                               ymd(2026, 7, 6));
    return dir;
}

Weights custom_weights() {
    Weights w;
    w.skill = 0.3;
    w.reciprocity = 0.9;
    w.language = 0.45;
    w.region = 0.7;
    w.time_zone = 0.35;
    w.narrower = 0.8;
    w.related = 0.4;
    w.category = 0.1;
    w.same_country = 0.9;
    w.same_region = 0.6;
    w.other_region = 0.2;
    w.overlap_hours = 2.5;
    w.min_level = 4;
    return w;
}

/// No language gate, full overlap only at a whole week, generous taxonomy credit.
Weights open_weights() {
    Weights w;
    w.min_level = 0;
    w.overlap_hours = 168;
    w.related = 1.0;
    w.category = 0.0;
    w.other_region = 0.3;
    return w;
}

/// Only one component counts (for hand-computed cases); no language gate unless asked.
Weights only(double Breakdown::*component, BabelLevel min_level = 0) {
    Weights w;
    w.skill = w.reciprocity = w.language = w.region = w.time_zone = 0;
    if (component == &Breakdown::skill) w.skill = 1;
    if (component == &Breakdown::reciprocity) w.reciprocity = 1;
    if (component == &Breakdown::language) w.language = 1;
    if (component == &Breakdown::region) w.region = 1;
    if (component == &Breakdown::time_zone) w.time_zone = 1;
    w.min_level = min_level;
    return w;
}

ScoreOptions options(Direction d, bool require_skill = true, SearchQuery filter = {}) {
    ScoreOptions o;
    o.direction = d;
    o.require_skill = require_skill;
    o.filter = std::move(filter);
    return o;
}

constexpr Direction all_directions[] = {Direction::learn_from, Direction::share_with, Direction::mutual};

std::string describe(const Weights& w) {
    std::ostringstream out;
    out << "weights{skill=" << w.skill << " reciprocity=" << w.reciprocity << " language=" << w.language
        << " region=" << w.region << " time_zone=" << w.time_zone << " narrower=" << w.narrower
        << " related=" << w.related << " category=" << w.category << " same_country=" << w.same_country
        << " same_region=" << w.same_region << " other_region=" << w.other_region
        << " overlap_hours=" << w.overlap_hours << " min_level=" << int(w.min_level) << "}";
    return out.str();
}

std::string describe(const std::optional<Score>& s) {
    if (!s) return "rejected";
    std::ostringstream out;
    out.precision(17);
    out << "total=" << s->total << " skill=" << s->breakdown.skill << " reciprocity=" << s->breakdown.reciprocity
        << " language=" << s->breakdown.language << " region=" << s->breakdown.region
        << " time_zone=" << s->breakdown.time_zone;
    return out.str();
}

/// Equal up to 4 ULP, like EXPECT_DOUBLE_EQ.
bool same_double(double a, double b) {
    return ::testing::internal::FloatingPoint<double>(a).AlmostEquals(::testing::internal::FloatingPoint<double>(b));
}

bool same_score(const std::optional<Score>& a, const std::optional<Score>& b) {
    if (a.has_value() != b.has_value()) return false;
    if (!a) return true;
    return same_double(a->total, b->total) && same_double(a->breakdown.skill, b->breakdown.skill) &&
           same_double(a->breakdown.reciprocity, b->breakdown.reciprocity) &&
           same_double(a->breakdown.language, b->breakdown.language) &&
           same_double(a->breakdown.region, b->breakdown.region) &&
           same_double(a->breakdown.time_zone, b->breakdown.time_zone);
}

struct Tally {
    std::size_t scored = 0, rejected = 0, mismatches = 0;
};

/// Compares Scorer (both operator() and total()) and, for every `free_every`-th pair, score()
/// with the reference for `seekers` against every candidate. Reports the first few mismatches.
Tally compare_with_reference(const Directory& dir, const Weights& w, const ScoreOptions& o,
                             const std::vector<ProfileIndex>& seekers, std::size_t free_every = 0) {
    Tally tally;
    const Reference ref(dir, w, o);
    std::size_t pair = 0;
    for (ProfileIndex s : seekers) {
        const Scorer scorer(dir, s, w, o);
        const RefSeeker rs = ref.seeker(s);
        for (ProfileIndex c = 0; c < dir.size(); ++c, ++pair) {
            const auto want = ref(rs, c);
            const auto got = scorer(c);
            const double total = scorer.total(c);
            bool ok = same_score(got, want) && (got ? total == got->total : total == -inf);
            if (ok && free_every != 0 && pair % free_every == 0) ok = score(dir, s, c, w, o) == got;
            if (want) ++tally.scored;
            else ++tally.rejected;
            if (!ok && ++tally.mismatches <= 5) {
                ADD_FAILURE() << "seeker " << s << " '" << dir.profile(s).username << "', candidate " << c << " '"
                              << dir.profile(c).username << "', direction " << to_string(o.direction)
                              << ", require_skill " << o.require_skill << ", filter"
                              << lc_test::describe_filter(o.filter) << "\n  " << describe(w)
                              << "\n  reference: " << describe(want) << "\n  Scorer:    " << describe(got)
                              << " (total() " << total << ")";
            }
        }
    }
    return tally;
}

std::vector<ProfileIndex> every(std::size_t step, std::size_t n, std::size_t offset = 0) {
    std::vector<ProfileIndex> out;
    for (std::size_t i = offset; i < n; i += step) out.push_back(static_cast<ProfileIndex>(i));
    return out;
}

/// A two-profile directory; returns score(dir, 0, 1, ...).
std::optional<Score> pair_score(const Profile& seeker, const Profile& candidate, const Weights& w,
                                const ScoreOptions& o, std::chrono::sys_days week = ymd(2026, 3, 9)) {
    const Directory dir({seeker, candidate}, nullptr, week);
    return score(dir, 0, 1, w, o);
}

Profile person(std::string username, std::vector<std::string> shares = {}, std::vector<std::string> learns = {},
               std::vector<LanguageLevel> languages = {{"en", 4}}, std::string country = "") {
    Profile p;
    p.username = std::move(username);
    p.shares = std::move(shares);
    p.learns = std::move(learns);
    p.languages = std::move(languages);
    p.country = std::move(country);
    return p;
}

}  // namespace

// =========================================================================================
// Direction and Weights
// =========================================================================================

TEST(Direction, ToStringAndParseRoundTrip) {
    EXPECT_EQ(to_string(Direction::learn_from), "learn_from");
    EXPECT_EQ(to_string(Direction::share_with), "share_with");
    EXPECT_EQ(to_string(Direction::mutual), "mutual");
    for (Direction d : all_directions) EXPECT_EQ(parse_direction(to_string(d)), d);
    EXPECT_EQ(parse_direction("learn-from"), Direction::learn_from);
    EXPECT_EQ(parse_direction("share-with"), Direction::share_with);
    EXPECT_EQ(ScoreOptions{}.direction, Direction::mutual);
    EXPECT_TRUE(ScoreOptions{}.require_skill);
}

TEST(Direction, ParseRejectsJunk) {
    for (const char* junk : {"", "learn", "share", "both", "sideways", "learn_from ", " mutual", "mutual2",
                             "learn__from", "learnfrom", "share_with_", "-", "_"}) {
        EXPECT_FALSE(parse_direction(junk).has_value()) << '"' << junk << '"';
    }
}

TEST(Weights, DefaultsAreValidAndSumToOne) {
    const Weights w;
    EXPECT_TRUE(w.problems().empty()) << dump(w.problems());
    EXPECT_NO_THROW(w.validate());
    EXPECT_DOUBLE_EQ(w.skill + w.reciprocity + w.language + w.region + w.time_zone, 1.0);
    EXPECT_EQ(w.narrower, 1.0);
    EXPECT_GT(w.narrower, w.related);
    EXPECT_GT(w.related, w.category);
    EXPECT_GT(w.same_country, w.same_region);
    EXPECT_GE(w.same_region, w.other_region);
    EXPECT_GE(w.min_level, 1);
}

TEST(Weights, CapxIsExactOverlapOnly) {
    const Weights w = Weights::capx();
    EXPECT_TRUE(w.problems().empty()) << dump(w.problems());
    EXPECT_GT(w.skill, 0.0);
    EXPECT_EQ(w.reciprocity, 0.0);
    EXPECT_EQ(w.language, 0.0);
    EXPECT_EQ(w.region, 0.0);
    EXPECT_EQ(w.time_zone, 0.0);
    EXPECT_EQ(w.narrower, 0.0);  // no taxonomy credit
    EXPECT_EQ(w.related, 0.0);
    EXPECT_EQ(w.category, 0.0);
    EXPECT_EQ(w.min_level, 0);  // no language gate
}

TEST(Weights, CrossRegionalChangesOnlyTheRegionValues) {
    const Weights w = Weights::cross_regional();
    EXPECT_TRUE(w.problems().empty()) << dump(w.problems());
    Weights expected;
    expected.other_region = 1.0;
    expected.same_region = 0.25;
    expected.same_country = 0.0;
    EXPECT_EQ(w, expected);
}

TEST(Weights, EveryOutOfRangeMemberIsNamed) {
    struct Member {
        const char* name;
        double Weights::*field;
    };
    const Member unit_members[] = {
        {"skill", &Weights::skill},           {"reciprocity", &Weights::reciprocity},
        {"language", &Weights::language},     {"region", &Weights::region},
        {"time_zone", &Weights::time_zone},   {"narrower", &Weights::narrower},
        {"related", &Weights::related},       {"category", &Weights::category},
        {"same_country", &Weights::same_country}, {"same_region", &Weights::same_region},
        {"other_region", &Weights::other_region}};
    for (const auto& m : unit_members) {
        for (double bad : {-0.01, -1.0, 1.0000001, 2.0, nan_value, inf, -inf}) {
            Weights w;
            w.*m.field = bad;
            const std::string field = std::string("weights.") + m.name;
            EXPECT_TRUE(has_problem(w.problems(), field)) << field << " = " << bad << dump(w.problems());
            auto e = capture<ValidationError>([&] { w.validate(); });
            ASSERT_TRUE(e);
            EXPECT_TRUE(has_problem(e->problems(), field)) << field << " = " << bad << dump(e->problems());
        }
        for (double good : {0.0, 0.5, 1.0}) {
            Weights w;
            w.*m.field = good;
            EXPECT_TRUE(w.problems().empty()) << m.name << " = " << good << dump(w.problems());
        }
    }
    for (double bad : {0.0, -1.0, 168.25, 1000.0, nan_value, inf}) {
        Weights w;
        w.overlap_hours = bad;
        EXPECT_TRUE(has_problem(w.problems(), "weights.overlap_hours")) << bad << dump(w.problems());
        EXPECT_THROW(w.validate(), ValidationError);
    }
    for (double good : {0.25, 1.0, 6.0, 168.0}) {
        Weights w;
        w.overlap_hours = good;
        EXPECT_TRUE(w.problems().empty()) << good << dump(w.problems());
    }
    for (int bad : {7, 8, 255}) {
        Weights w;
        w.min_level = static_cast<BabelLevel>(bad);
        EXPECT_TRUE(has_problem(w.problems(), "weights.min_level")) << bad << dump(w.problems());
    }
    for (int good = 0; good <= 6; ++good) {
        Weights w;
        w.min_level = static_cast<BabelLevel>(good);
        EXPECT_TRUE(w.problems().empty()) << good << dump(w.problems());
    }
}

TEST(Weights, AllComponentWeightsZeroIsAProblem) {
    Weights w = only(&Breakdown::skill);
    EXPECT_TRUE(w.problems().empty()) << dump(w.problems());
    w.skill = 0;
    const auto problems = w.problems();
    EXPECT_FALSE(problems.empty());
    EXPECT_TRUE(has_problem(problems, "weights.")) << dump(problems);
    EXPECT_THROW(w.validate(), ValidationError);
}

TEST(Weights, ProblemsListEveryBadMember) {
    Weights w;
    w.skill = -1;
    w.related = 3;
    w.overlap_hours = 0;
    w.min_level = 9;
    auto e = capture<ValidationError>([&] { w.validate(); });
    ASSERT_TRUE(e);
    for (const char* field : {"weights.skill", "weights.related", "weights.overlap_hours", "weights.min_level"}) {
        EXPECT_TRUE(has_problem(e->problems(), field)) << field << dump(e->problems());
    }
    EXPECT_FALSE(has_problem(e->problems(), "weights.reciprocity")) << dump(e->problems());
}

// =========================================================================================
// Errors of score() and Scorer
// =========================================================================================

TEST(ScoreErrors, BadWeightsAreValidationErrors) {
    const auto& dir = generated();
    Weights w;
    w.language = -0.5;
    auto e = capture<ValidationError>([&] { (void)score(dir, 0, 1, w); });
    ASSERT_TRUE(e);
    EXPECT_TRUE(has_problem(e->problems(), "weights.language")) << dump(e->problems());
    auto e2 = capture<ValidationError>([&] { Scorer s(dir, 0, w); });
    ASSERT_TRUE(e2);
    EXPECT_TRUE(has_problem(e2->problems(), "weights.language")) << dump(e2->problems());
    w = Weights{};
    w.min_level = 7;
    EXPECT_THROW((void)score(dir, 0, 1, w), ValidationError);
    EXPECT_THROW(Scorer(dir, dir.profile(3), w), ValidationError);
}

TEST(ScoreErrors, UnknownFilterSkillIsNotFound) {
    const auto& dir = generated();
    SearchQuery q;
    q.shares = {"underwater-basket-weaving"};
    auto e = capture<NotFoundError>([&] { Scorer s(dir, 0, Weights{}, options(Direction::mutual, true, q)); });
    ASSERT_TRUE(e);
    EXPECT_EQ(e->key(), "underwater-basket-weaving");
    EXPECT_THROW((void)score(dir, 0, 1, Weights{}, options(Direction::mutual, true, q)), NotFoundError);
    SearchQuery l;
    l.learns = {"Q999999999"};
    EXPECT_THROW(Scorer(dir, 2, Weights{}, options(Direction::learn_from, true, l)), NotFoundError);
}

TEST(ScoreErrors, BadFilterValueIsValidationError) {
    const auto& dir = generated();
    SearchQuery q;
    q.regions = {"ATLANTIS"};
    EXPECT_THROW(Scorer(dir, 0, Weights{}, options(Direction::mutual, true, q)), ValidationError);
    SearchQuery c;
    c.countries = {"XX"};
    EXPECT_THROW((void)score(dir, 0, 1, Weights{}, options(Direction::mutual, true, c)), ValidationError);
}

TEST(ScoreErrors, IndexPastTheEndIsOutOfRange) {
    const auto& dir = generated();
    const auto n = static_cast<ProfileIndex>(dir.size());
    EXPECT_THROW(Scorer(dir, n), std::out_of_range);
    EXPECT_THROW(Scorer(dir, n + 1000), std::out_of_range);
    EXPECT_THROW((void)score(dir, n, 0), std::out_of_range);
    EXPECT_THROW((void)score(dir, 0, n), std::out_of_range);
    EXPECT_NO_THROW((void)score(dir, n - 1, 0));
}

TEST(ScoreErrors, OutsideSeekerWithUnknownSkillOrBadProfile) {
    const auto& dir = generated();
    Profile p = person("Outside Person", {"mentoring"}, {"underwater-basket-weaving"});
    EXPECT_THROW(Scorer(dir, p), NotFoundError);
    Profile z = person("Outside Zone", {"mentoring"}, {"wikidata"});
    z.timezone = "Mars/Olympus_Mons";
    z.availability = {{Weekday::mon, 9 * 60, 10 * 60}};
    EXPECT_THROW(Scorer(dir, z), Error);
}

// =========================================================================================
// Hand-computed cases of each rule
// =========================================================================================

TEST(ScoreCredit, EveryRelationOfTheSpec) {
    // letsconnect taxonomy: grants-resources > {grant-writing, fundraising, budgeting,
    // wmf-funding-programmes > {rapid-fund, general-support-fund}}; on-wiki-technical >
    // {wikidata, campaigns > {editathons, photo-contests}}.
    Weights w = only(&Breakdown::skill);
    w.narrower = 0.8;
    w.related = 0.4;
    w.category = 0.1;
    struct Case {
        const char* want;
        const char* offer;
        double credit;
    };
    const Case cases[] = {
        {"grant-writing", "grant-writing", 1.0},           // the same skill
        {"grants-resources", "grants-resources", 1.0},     // the same category
        {"rapid-fund", "rapid-fund", 1.0},                 // the same sub-skill
        {"wikidata", "Q2013", 1.0},                        // by QID
        {"wmf-funding-programmes", "rapid-fund", 0.8},     // below the wanted skill
        {"grants-resources", "grant-writing", 0.8},        // below the wanted category
        {"grants-resources", "general-support-fund", 0.8}, // two levels below
        {"campaigns", "editathons", 0.8},
        {"grant-writing", "grants-resources", 0.4},        // an ancestor
        {"rapid-fund", "wmf-funding-programmes", 0.4},     // the parent
        {"rapid-fund", "grants-resources", 0.4},           // the grandparent
        {"editathons", "on-wiki-technical", 0.4},
        {"grant-writing", "fundraising", 0.4},             // a sibling
        {"grant-writing", "wmf-funding-programmes", 0.4},  // a sibling with children
        {"grant-writing", "rapid-fund", 0.4},              // below a sibling
        {"rapid-fund", "general-support-fund", 0.4},       // a sibling sub-skill
        {"editathons", "photo-contests", 0.4},
        {"rapid-fund", "grant-writing", 0.1},              // elsewhere in the category
        {"rapid-fund", "budgeting", 0.1},
        {"editathons", "wikidata", 0.1},
        {"grant-writing", "wikidata", 0.0},                // across categories
        {"grants-resources", "wikidata", 0.0},
        {"grants-resources", "on-wiki-technical", 0.0},
        {"rapid-fund", "editathons", 0.0},
    };
    for (const auto& c : cases) {
        // learn: the seeker wants `want`, the candidate offers `offer`.
        auto learn = pair_score(person("Amara Seeker", {}, {c.want}), person("Bayo Candidate", {c.offer}, {}), w,
                                options(Direction::learn_from, false));
        ASSERT_TRUE(learn) << c.want << " <- " << c.offer;
        EXPECT_DOUBLE_EQ(learn->breakdown.skill, c.credit) << "learn: want " << c.want << ", offer " << c.offer;
        EXPECT_DOUBLE_EQ(learn->total, c.credit);
        // share: the seeker offers `offer`, the candidate wants `want`.
        auto share = pair_score(person("Amara Seeker", {c.offer}, {}), person("Bayo Candidate", {}, {c.want}), w,
                                options(Direction::share_with, false));
        ASSERT_TRUE(share) << c.want << " -> " << c.offer;
        EXPECT_DOUBLE_EQ(share->breakdown.skill, c.credit) << "share: want " << c.want << ", offer " << c.offer;
    }
    // The defaults: narrower 1, related 0.5, category 0.25.
    const Weights d = only(&Breakdown::skill);
    const auto o = options(Direction::learn_from, false);
    EXPECT_DOUBLE_EQ(pair_score(person("A S", {}, {"grants-resources"}), person("B C", {"rapid-fund"}), d, o)->breakdown.skill, 1.0);
    EXPECT_DOUBLE_EQ(pair_score(person("A S", {}, {"grant-writing"}), person("B C", {"fundraising"}), d, o)->breakdown.skill, 0.5);
    EXPECT_DOUBLE_EQ(pair_score(person("A S", {}, {"rapid-fund"}), person("B C", {"budgeting"}), d, o)->breakdown.skill, 0.25);
}

TEST(ScoreCoverage, NormalisedByTheSeekersDeduplicatedList) {
    Weights w = only(&Breakdown::skill);
    w.narrower = 0.8;
    w.related = 0.4;
    w.category = 0.1;
    const auto o = options(Direction::learn_from, false);
    // (0.4 for grant-writing <- fundraising) + (1 for wikidata) + (0 for mentoring), over 3.
    auto s = pair_score(person("Amara Seeker", {}, {"grant-writing", "wikidata", "mentoring"}),
                        person("Bayo Candidate", {"fundraising", "Q2013"}), w, o);
    ASSERT_TRUE(s);
    EXPECT_DOUBLE_EQ(s->breakdown.skill, (0.4 + 1.0 + 0.0) / 3.0);
    // The best credit counts once per wanted skill.
    s = pair_score(person("Amara Seeker", {}, {"grant-writing", "wikidata", "mentoring"}),
                   person("Bayo Candidate", {"grants-resources", "grant-writing", "fundraising"}), w, o);
    EXPECT_DOUBLE_EQ(s->breakdown.skill, 1.0 / 3.0);
    // "wikidata" and its QID are one skill: |S.learns| = 2, not 3.
    s = pair_score(person("Amara Seeker", {}, {"wikidata", "Q2013", "mentoring"}), person("Bayo Candidate", {"wikidata"}),
                   w, o);
    EXPECT_DOUBLE_EQ(s->breakdown.skill, 0.5);
    // Anchored on the seeker: a candidate sharing much more does not dilute it.
    s = pair_score(person("Amara Seeker", {}, {"wikidata"}),
                   person("Bayo Candidate", {"wikidata", "mentoring", "budgeting", "surveys"}), w, o);
    EXPECT_DOUBLE_EQ(s->breakdown.skill, 1.0);
    // An empty list gives 0 both ways.
    s = pair_score(person("Amara Seeker"), person("Bayo Candidate", {"wikidata"}, {"wikidata"}), w,
                   options(Direction::mutual, false));
    ASSERT_TRUE(s);
    EXPECT_EQ(s->breakdown.skill, 0.0);
    EXPECT_EQ(s->breakdown.reciprocity, 0.0);
    // share: over the seeker's shares, the best of the candidate's wants.
    s = pair_score(person("Amara Seeker", {"grant-writing", "wikidata", "surveys", "mentoring"}),
                   person("Bayo Candidate", {}, {"grants-resources", "editathons"}), w, options(Direction::share_with, false));
    // grant-writing: below grants-resources 0.8; wikidata: editathons wants, wikidata offered,
    // same category only 0.1; surveys, mentoring: 0.
    EXPECT_DOUBLE_EQ(s->breakdown.skill, (0.8 + 0.1) / 4.0);
}

TEST(ScoreCoverage, DirectionDecidesWhichCoverageIsTheSkill) {
    Weights w;
    w.narrower = 0.8;
    w.related = 0.4;
    w.category = 0.1;
    w.min_level = 0;
    // learn = 1 (grant-writing), share = 0.1 (wikidata offered, editathons wanted).
    const Profile seeker = person("Amara Seeker", {"wikidata"}, {"grant-writing"});
    const Profile candidate = person("Bayo Candidate", {"grant-writing"}, {"editathons"});
    for (Direction d : {Direction::learn_from, Direction::mutual}) {
        auto s = pair_score(seeker, candidate, w, options(d));
        ASSERT_TRUE(s);
        EXPECT_DOUBLE_EQ(s->breakdown.skill, 1.0);
        EXPECT_DOUBLE_EQ(s->breakdown.reciprocity, 0.1);
    }
    auto s = pair_score(seeker, candidate, w, options(Direction::share_with));
    ASSERT_TRUE(s);
    EXPECT_DOUBLE_EQ(s->breakdown.skill, 0.1);
    EXPECT_DOUBLE_EQ(s->breakdown.reciprocity, 1.0);
}

TEST(ScoreFilters, RequireSkillFollowsTheDirection) {
    Weights w;
    w.min_level = 0;
    const Profile learner = person("Amara Seeker", {}, {"grant-writing"});  // wants, shares nothing
    const Profile teacher = person("Bayo Candidate", {"grant-writing"}, {});
    const Profile sharer = person("Amara Seeker", {"grant-writing"}, {});
    const Profile student = person("Bayo Candidate", {}, {"grant-writing"});
    // learn > 0, share = 0
    EXPECT_TRUE(pair_score(learner, teacher, w, options(Direction::learn_from)));
    EXPECT_FALSE(pair_score(learner, teacher, w, options(Direction::share_with)));
    EXPECT_TRUE(pair_score(learner, teacher, w, options(Direction::mutual)));
    EXPECT_TRUE(pair_score(learner, teacher, w, options(Direction::share_with, false)));
    // learn = 0, share > 0
    EXPECT_FALSE(pair_score(sharer, student, w, options(Direction::learn_from)));
    EXPECT_TRUE(pair_score(sharer, student, w, options(Direction::share_with)));
    EXPECT_TRUE(pair_score(sharer, student, w, options(Direction::mutual)));
    EXPECT_TRUE(pair_score(sharer, student, w, options(Direction::learn_from, false)));
    // both 0 (across categories)
    const Profile other = person("Bayo Candidate", {"wikidata"}, {"wikidata"});
    for (Direction d : all_directions) {
        EXPECT_FALSE(pair_score(learner, other, w, options(d))) << to_string(d);
        auto s = pair_score(learner, other, w, options(d, false));
        ASSERT_TRUE(s) << to_string(d);
        EXPECT_EQ(s->breakdown.skill, 0.0);
    }
}

TEST(ScoreLanguage, BestCommonLevelOverSix) {
    const Weights w = only(&Breakdown::language);
    const auto o = options(Direction::mutual, false);
    auto lang = [&](std::vector<LanguageLevel> a, std::vector<LanguageLevel> b, BabelLevel min_level) {
        Weights ww = w;
        ww.min_level = min_level;
        return pair_score(person("Amara Seeker", {}, {}, std::move(a)), person("Bayo Candidate", {}, {}, std::move(b)), ww, o);
    };
    auto s = lang({{"en", 4}, {"fr", native_level}}, {{"fr", 3}, {"en", 5}}, 2);
    ASSERT_TRUE(s);
    EXPECT_DOUBLE_EQ(s->breakdown.language, 4.0 / 6.0);  // en min(4,5)=4 beats fr min(6,3)=3
    EXPECT_DOUBLE_EQ(s->total, 4.0 / 6.0);
    s = lang({{"en", native_level}}, {{"en", native_level}}, 2);
    EXPECT_DOUBLE_EQ(s->breakdown.language, 1.0);
    // The gate drops languages either person speaks below min_level.
    s = lang({{"en", 3}, {"fr", native_level}}, {{"en", native_level}, {"fr", 4}}, 4);
    ASSERT_TRUE(s);
    EXPECT_DOUBLE_EQ(s->breakdown.language, 4.0 / 6.0);  // en is out (3 < 4), fr min(6,4)
    EXPECT_FALSE(lang({{"en", 3}, {"fr", native_level}}, {{"en", native_level}, {"fr", 4}}, 5));  // nothing left
    EXPECT_TRUE(lang({{"en", native_level}}, {{"en", native_level}}, native_level));
    EXPECT_FALSE(lang({{"en", native_level}}, {{"en", 5}}, native_level));
    // min_level 0: no gate, but the component still needs level 1 or above on both sides.
    s = lang({{"en", 1}}, {{"en", 2}}, 0);
    ASSERT_TRUE(s);
    EXPECT_DOUBLE_EQ(s->breakdown.language, 1.0 / 6.0);
    s = lang({{"en", 0}, {"fr", 2}}, {{"en", 5}}, 0);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->breakdown.language, 0.0);  // Babel 0 is "not spoken"
    EXPECT_FALSE(lang({{"en", 0}}, {{"en", 0}}, 1));
    EXPECT_FALSE(lang({{"en", 0}, {"fr", 2}}, {{"en", 5}}, 1));
    // Different codes are different languages.
    s = lang({{"pt", native_level}}, {{"pt-br", native_level}}, 0);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->breakdown.language, 0.0);
    EXPECT_FALSE(lang({{"pt", native_level}}, {{"pt-br", native_level}}, 1));
}

TEST(ScoreLanguage, SharedNativeLanguageBeatsALevelOneOne) {
    Weights w;
    w.min_level = 1;
    const Profile seeker = person("Amara Seeker", {}, {"grant-writing"}, {{"en", native_level}, {"fr", 1}}, "NG");
    const Profile native = person("Bayo Native", {"grant-writing"}, {}, {{"en", native_level}}, "NG");
    const Profile beginner = person("Chidi Beginner", {"grant-writing"}, {}, {{"fr", native_level}}, "NG");
    const Directory dir({seeker, native, beginner}, nullptr, ymd(2026, 3, 9));
    const Scorer scorer(dir, 0, w);
    const auto a = scorer(1), b = scorer(2);
    ASSERT_TRUE(a);
    ASSERT_TRUE(b);
    EXPECT_DOUBLE_EQ(a->breakdown.language, 1.0);
    EXPECT_DOUBLE_EQ(b->breakdown.language, 1.0 / 6.0);
    EXPECT_GT(a->total, b->total);
    EXPECT_NEAR(a->total - b->total, w.language * (1.0 - 1.0 / 6.0), 1e-12);
    // With min_level 2 the level-1 pair is no pair at all.
    Weights strict;
    strict.min_level = 2;
    EXPECT_TRUE(Scorer(dir, 0, strict)(1));
    EXPECT_FALSE(Scorer(dir, 0, strict)(2));
}

TEST(ScoreLanguage, LanguagesPastTheSixteenthAndSixtyFourth) {
    // More than 64 languages in the directory; two people who share only a rare one.
    std::vector<Profile> profiles;
    for (int i = 0; i < 70; ++i) {
        const std::string code = std::string("q") + static_cast<char>('a' + i / 26) + static_cast<char>('a' + i % 26);
        // Each filler speaks its language often enough to rank before the rare pair's.
        for (int k = 0; k < 3; ++k) {
            profiles.push_back(person("Filler " + std::to_string(i) + "-" + std::to_string(k), {"mentoring"}, {},
                                      {{code, 3}, {"en", 2}}));
        }
    }
    profiles.push_back(person("Zawadi Rare", {}, {"mentoring"}, {{"tvl", native_level}, {"en", 1}}));
    profiles.push_back(person("Zuberi Rare", {"mentoring"}, {}, {{"tvl", 5}, {"en", 1}}));
    const Directory dir(profiles, nullptr, ymd(2026, 3, 9));
    ASSERT_GT(dir.language_codes().size(), 64U);
    ASSERT_GE(*dir.language_id("tvl"), 64);
    const ProfileIndex a = dir.at("Zawadi Rare"), b = dir.at("Zuberi Rare");
    Weights w;
    w.min_level = 2;
    auto s = score(dir, a, b, w, options(Direction::learn_from));
    ASSERT_TRUE(s);
    EXPECT_DOUBLE_EQ(s->breakdown.language, 5.0 / 6.0);
    w.min_level = native_level;  // Zuberi is at 5
    EXPECT_FALSE(score(dir, a, b, w, options(Direction::learn_from)));
    // A filler speaking "qzz"-like languages at 3 and en at 2 against Zawadi (en 1): no pair at 2.
    w.min_level = 2;
    EXPECT_FALSE(score(dir, a, 0, w, options(Direction::learn_from, false)));
    w.min_level = 1;
    s = score(dir, a, 0, w, options(Direction::learn_from, false));
    ASSERT_TRUE(s);
    EXPECT_DOUBLE_EQ(s->breakdown.language, 1.0 / 6.0);
    // Everything against the reference too.
    for (const Weights& ww : {Weights{}, open_weights(), custom_weights()}) {
        for (Direction d : all_directions) {
            const auto t = compare_with_reference(dir, ww, options(d, false), every(7, dir.size()));
            EXPECT_EQ(t.mismatches, 0U);
        }
    }
}

TEST(ScoreRegion, CountryThenRegionThenOther) {
    Weights w = only(&Breakdown::region);
    w.same_country = 0.9;
    w.same_region = 0.6;
    w.other_region = 0.2;
    const auto o = options(Direction::mutual, false);
    auto region = [&](const Profile& a, const Profile& b, const Weights& ww) {
        auto s = pair_score(a, b, ww, o);
        EXPECT_TRUE(s);
        return s ? s->breakdown.region : -1.0;
    };
    auto in = [](std::string name, std::string country, Region r = Region::Unknown) {
        Profile p = person(std::move(name), {}, {}, {{"en", 4}}, std::move(country));
        p.region = r;
        return p;
    };
    EXPECT_DOUBLE_EQ(region(in("Ada A", "NG"), in("Bola B", "NG"), w), 0.9);
    EXPECT_DOUBLE_EQ(region(in("Ada A", "NG"), in("Bola B", "GH"), w), 0.6);      // both SSA
    EXPECT_DOUBLE_EQ(region(in("Ada A", "NG"), in("Bola B", "DE"), w), 0.2);
    EXPECT_DOUBLE_EQ(region(in("Ada A", "NG"), in("Bola B", "", Region::SSA), w), 0.6);  // region only
    EXPECT_DOUBLE_EQ(region(in("Ada A", "", Region::SSA), in("Bola B", "", Region::SSA), w), 0.6);
    EXPECT_DOUBLE_EQ(region(in("Ada A", "", Region::NWE), in("Bola B", "", Region::SSA), w), 0.2);
    EXPECT_EQ(region(in("Ada A", "NG"), in("Bola B", ""), w), 0.0);  // unknown region
    EXPECT_EQ(region(in("Ada A", ""), in("Bola B", ""), w), 0.0);
    // Preferring other regions; an unknown region still gives 0.
    Weights cross = Weights::cross_regional();
    cross.skill = cross.reciprocity = cross.language = cross.time_zone = 0;
    cross.region = 1;
    cross.min_level = 0;
    EXPECT_EQ(region(in("Ada A", "NG"), in("Bola B", "NG"), cross), 0.0);
    EXPECT_DOUBLE_EQ(region(in("Ada A", "NG"), in("Bola B", "KE"), cross), 0.25);
    EXPECT_DOUBLE_EQ(region(in("Ada A", "NG"), in("Bola B", "BR"), cross), 1.0);
    EXPECT_EQ(region(in("Ada A", "NG"), in("Bola B", ""), cross), 0.0);
}

TEST(ScoreTimeZone, BerlinAndNewYorkAcrossTheDstGap) {
    // Both available 09:00–17:00 local, Monday to Friday.
    const Profile berlin = office_hours_profile("Greta Berlin", "DE", "Europe/Berlin");
    const Profile new_york = office_hours_profile("Nora NewYork", "US", "America/New_York");
    Weights w = only(&Breakdown::time_zone, 2);
    w.overlap_hours = 20;
    const auto o = options(Direction::mutual, false);
    // Week of 2026-03-09: New York on EDT (UTC-4) since 8 March, Berlin still on CET (UTC+1):
    // 5 h apart. Berlin 08:00–16:00 UTC, New York 13:00–21:00 UTC: 3 h a day, 15 h a week.
    auto march = pair_score(berlin, new_york, w, o, ymd(2026, 3, 9));
    ASSERT_TRUE(march);
    EXPECT_DOUBLE_EQ(march->breakdown.time_zone, 15.0 / 20.0);
    // Week of 2026-04-13: Berlin on CEST (UTC+2): 07:00–15:00 UTC; 6 h apart, 2 h a day.
    auto april = pair_score(berlin, new_york, w, o, ymd(2026, 4, 13));
    ASSERT_TRUE(april);
    EXPECT_DOUBLE_EQ(april->breakdown.time_zone, 10.0 / 20.0);
    // January: CET and EST, 6 h apart again.
    auto january = pair_score(berlin, new_york, w, o, ymd(2026, 1, 12));
    EXPECT_DOUBLE_EQ(january->breakdown.time_zone, 10.0 / 20.0);
    // The difference is exactly one hour a day.
    EXPECT_DOUBLE_EQ((march->breakdown.time_zone - april->breakdown.time_zone) * w.overlap_hours, 5.0);
    // Capped at 1 with the default 6 hours.
    w.overlap_hours = 6;
    EXPECT_EQ(pair_score(berlin, new_york, w, o, ymd(2026, 3, 9))->breakdown.time_zone, 1.0);
    // A Directory::for_week() snapshot agrees with one built for that week.
    const Directory dir({berlin, new_york}, nullptr, ymd(2026, 3, 9));
    w.overlap_hours = 20;
    EXPECT_DOUBLE_EQ(score(dir.for_week(ymd(2026, 4, 15)), 0, 1, w, o)->breakdown.time_zone, 0.5);
    EXPECT_DOUBLE_EQ(score(dir, 1, 0, w, o)->breakdown.time_zone, 0.75);
}

TEST(ScoreTimeZone, MexicoCityHasNoDstChicagoDoes) {
    // Mexico City is UTC-6 all year since 2022; Chicago is CST (UTC-6) in winter, CDT (UTC-5) in summer.
    const Profile mexico = office_hours_profile("Marisol Mexico", "MX", "America/Mexico_City");
    const Profile chicago = office_hours_profile("Carter Chicago", "US", "America/Chicago");
    Weights w = only(&Breakdown::time_zone, 2);
    w.overlap_hours = 168;
    const auto o = options(Direction::mutual, false);
    // January: both 15:00–23:00 UTC, 8 h a day.
    auto january = pair_score(mexico, chicago, w, o, ymd(2026, 1, 12));
    ASSERT_TRUE(january);
    EXPECT_DOUBLE_EQ(january->breakdown.time_zone, 40.0 / 168.0);
    // July: Chicago 14:00–22:00 UTC, Mexico City still 15:00–23:00: 7 h a day.
    auto july = pair_score(mexico, chicago, w, o, ymd(2026, 7, 13));
    ASSERT_TRUE(july);
    EXPECT_DOUBLE_EQ(july->breakdown.time_zone, 35.0 / 168.0);
}

TEST(ScoreTimeZone, QuarterHourZones) {
    // Kathmandu UTC+5:45, Kolkata UTC+5:30: 09:00–17:00 local are 03:15–11:15 and 03:30–11:30 UTC.
    const Profile kathmandu = office_hours_profile("Bishal Kathmandu", "NP", "Asia/Kathmandu");
    const Profile kolkata = office_hours_profile("Kavya Kolkata", "IN", "Asia/Kolkata");
    Weights w = only(&Breakdown::time_zone, 2);
    w.overlap_hours = 168;
    auto s = pair_score(kathmandu, kolkata, w, options(Direction::mutual, false));
    ASSERT_TRUE(s);
    EXPECT_DOUBLE_EQ(s->breakdown.time_zone, 5 * 7.75 / 168.0);
    // Nobody available: 0. Disjoint windows: 0.
    Profile nobody = person("Nadia Nowhen", {}, {}, {{"en", 4}}, "NP");
    s = pair_score(kathmandu, nobody, w, options(Direction::mutual, false));
    ASSERT_TRUE(s);
    EXPECT_EQ(s->breakdown.time_zone, 0.0);
}

TEST(ScoreSelf, NeverScored) {
    const auto& dir = generated();
    Weights w = open_weights();
    for (ProfileIndex i = 0; i < dir.size(); ++i) {
        for (Direction d : all_directions) {
            const auto o = options(d, false);
            ASSERT_FALSE(score(dir, i, i, w, o)) << i;
            if (i % 10 == 0) {
                const Scorer scorer(dir, i, w, o);
                EXPECT_FALSE(scorer(i));
                EXPECT_EQ(scorer.total(i), -inf);
                EXPECT_TRUE(scorer(static_cast<ProfileIndex>((i + 1) % dir.size())));  // everybody else is scored here
            }
        }
    }
}

// =========================================================================================
// Against the reference on generated directories
// =========================================================================================

TEST(ScoreReference, AllDirectionsAndWeightsOnGeneratedDirectory) {
    const auto& dir = generated();
    ASSERT_GT(dir.language_codes().size(), 64U) << "add_rare_languages should give LanguageIds past 63";
    const std::vector<std::pair<const char*, Weights>> weights = {
        {"defaults", Weights{}},
        {"capx", Weights::capx()},
        {"cross_regional", Weights::cross_regional()},
        {"custom", custom_weights()},
        {"open", open_weights()}};
    const auto seekers = every(13, dir.size(), 5);
    for (const auto& [name, w] : weights) {
        for (Direction d : all_directions) {
            for (bool require : {true, false}) {
                const auto t = compare_with_reference(dir, w, options(d, require), seekers, 41);
                EXPECT_EQ(t.mismatches, 0U) << name << ' ' << to_string(d) << " require_skill=" << require;
                EXPECT_GT(t.scored, 100U) << name << ' ' << to_string(d) << " require_skill=" << require;
                if (require || w.min_level > 0) {
                    EXPECT_GT(t.rejected, seekers.size()) << name << ' ' << to_string(d);
                }
            }
        }
    }
}

TEST(ScoreReference, WithFilters) {
    const auto& dir = generated();
    std::mt19937 rng(606);
    const auto seekers = every(29, dir.size(), 3);
    std::size_t scored = 0;
    for (int k = 0; k < 24; ++k) {
        const SearchQuery q = lc_test::random_filter(dir, rng);
        const Direction d = all_directions[k % 3];
        const Weights w = k % 2 == 0 ? Weights{} : open_weights();
        const auto t = compare_with_reference(dir, w, options(d, k % 4 < 2, q), seekers, 37);
        EXPECT_EQ(t.mismatches, 0U) << lc_test::describe_filter(q);
        scored += t.scored;
    }
    EXPECT_GT(scored, 1000U);
}

TEST(ScoreReference, RequiredAvailability) {
    // ScoreOptions::available: only candidates free in every one of those UTC slots qualify.
    const auto& dir = generated();
    std::mt19937 rng(808);
    std::size_t scored = 0;
    for (int k = 0; k < 12; ++k) {
        ScoreOptions o = options(all_directions[k % 3], k % 2 == 0);
        const int first = std::uniform_int_distribution<int>(0, slots_per_week - 1)(rng);
        const int count = 1 + std::uniform_int_distribution<int>(0, 7)(rng);
        for (int s : lc_test::slot_range(first, count)) o.available[static_cast<std::size_t>(s / 64)] |= std::uint64_t{1} << (s % 64);
        const auto t = compare_with_reference(dir, k % 4 < 2 ? Weights{} : open_weights(), o, every(9, dir.size()), 31);
        EXPECT_EQ(t.mismatches, 0U) << "slots " << first << " +" << count;
        scored += t.scored;
    }
    EXPECT_GT(scored, 20U);
}

TEST(ScoreReference, OtherTaxonomyAndSummerWeek) {
    const auto& dir = generated_crafts();
    const auto seekers = every(11, dir.size(), 1);
    for (const Weights& w : {Weights{}, custom_weights(), open_weights(), Weights::capx()}) {
        for (Direction d : all_directions) {
            for (bool require : {true, false}) {
                const auto t = compare_with_reference(dir, w, options(d, require), seekers, 29);
                EXPECT_EQ(t.mismatches, 0U) << describe(w) << ' ' << to_string(d) << " require_skill=" << require;
                EXPECT_GT(t.scored, 50U);
            }
        }
    }
}

TEST(ScoreReference, SeekersFromOutsideTheDirectory) {
    const auto& dir = generated();
    auto outsiders = lc_test::add_rare_languages(lc_test::generate_profiles(40, 777, dir.taxonomy()), 31, 0.5);
    for (std::size_t i = 0; i < outsiders.size(); ++i) outsiders[i].username = "Outsider Number " + std::to_string(i);
    // One seeker who lists a skill by QID, a category, and a duplicate through the QID.
    outsiders.push_back(person("Outsider Qid", {"Q565", "grants-resources"}, {"Q2013", "wikidata", "campaigns"},
                               {{"fr", native_level}, {"en", 2}}, "SN"));
    for (const Weights& w : {Weights{}, custom_weights(), open_weights()}) {
        for (Direction d : all_directions) {
            const auto o = options(d, d != Direction::mutual);
            const Reference ref(dir, w, o);
            std::size_t mismatches = 0, scored = 0;
            for (const Profile& p : outsiders) {
                const Scorer scorer(dir, p, w, o);
                EXPECT_FALSE(scorer.seeker().has_value());
                const RefSeeker rs = ref.seeker(p);
                for (ProfileIndex c = 0; c < dir.size(); ++c) {
                    const auto want = ref(rs, c);
                    const auto got = scorer(c);
                    if (want) ++scored;
                    if (!same_score(got, want) && ++mismatches <= 5) {
                        ADD_FAILURE() << "outside seeker '" << p.username << "', candidate " << c << ' '
                                      << to_string(d) << "\n  " << describe(w) << "\n  reference: " << describe(want)
                                      << "\n  Scorer:    " << describe(got);
                    }
                }
            }
            EXPECT_EQ(mismatches, 0U);
            EXPECT_GT(scored, 100U);
        }
    }
}

TEST(ScoreReference, OutsideCopyOfAProfileScoresLikeTheProfile) {
    const auto& dir = generated();
    for (ProfileIndex i : every(50, dir.size(), 7)) {
        Profile copy = dir.profile(i);
        copy.username = "Copy Of " + std::to_string(i);
        for (Direction d : all_directions) {
            const auto o = options(d);
            const Scorer inside(dir, i, Weights{}, o);
            const Scorer outside(dir, copy, Weights{}, o);
            for (ProfileIndex c = 0; c < dir.size(); ++c) {
                if (c == i) continue;
                ASSERT_EQ(outside(c), inside(c)) << i << " vs " << c << ' ' << to_string(d);
            }
        }
    }
}

// =========================================================================================
// Properties
// =========================================================================================

TEST(ScoreProperties, TotalIsTheWeightedSumAndComponentsAreInRange) {
    const auto& dir = generated();
    for (const Weights& w : {Weights{}, custom_weights(), Weights::cross_regional(), open_weights()}) {
        for (Direction d : all_directions) {
            for (ProfileIndex s : every(17, dir.size())) {
                const Scorer scorer(dir, s, w, options(d, false));
                for (ProfileIndex c = 0; c < dir.size(); ++c) {
                    const auto r = scorer(c);
                    if (!r) continue;
                    const Breakdown& b = r->breakdown;
                    const double sum = b.skill * w.skill + b.reciprocity * w.reciprocity + b.language * w.language +
                                       b.region * w.region + b.time_zone * w.time_zone;
                    ASSERT_EQ(r->total, sum) << s << ' ' << c;
                    for (double v : {b.skill, b.reciprocity, b.language, b.region, b.time_zone}) {
                        ASSERT_GE(v, 0.0) << s << ' ' << c;
                        ASSERT_LE(v, 1.0) << s << ' ' << c;
                    }
                    if (w == Weights{}) {
                        ASSERT_GE(r->total, 0.0);
                        ASSERT_LE(r->total, 1.0);
                    }
                }
            }
        }
    }
}

TEST(ScoreProperties, LanguageRegionAndTimeZoneAreSymmetric) {
    const auto& dir = generated();
    for (const Weights& w : {open_weights(), custom_weights()}) {
        std::size_t pairs = 0;
        for (ProfileIndex a : every(9, dir.size())) {
            const Scorer sa(dir, a, w, options(Direction::mutual, false));
            for (ProfileIndex b : every(7, dir.size(), 2)) {
                if (a == b) continue;
                const auto ab = sa(b);
                const auto ba = score(dir, b, a, w, options(Direction::mutual, false));
                ASSERT_EQ(ab.has_value(), ba.has_value()) << a << ' ' << b;  // the language gate is symmetric
                if (!ab) continue;
                ++pairs;
                EXPECT_EQ(ab->breakdown.language, ba->breakdown.language) << a << ' ' << b;
                EXPECT_EQ(ab->breakdown.region, ba->breakdown.region) << a << ' ' << b;
                EXPECT_EQ(ab->breakdown.time_zone, ba->breakdown.time_zone) << a << ' ' << b;
            }
        }
        EXPECT_GT(pairs, 150U);
    }
}

TEST(ScoreProperties, DirectionsSwapSkillAndReciprocity) {
    const auto& dir = generated();
    const Weights w = open_weights();
    for (ProfileIndex s : every(23, dir.size())) {
        const Scorer learn(dir, s, w, options(Direction::learn_from, false));
        const Scorer share(dir, s, w, options(Direction::share_with, false));
        const Scorer mutual(dir, s, w, options(Direction::mutual, false));
        for (ProfileIndex c = 0; c < dir.size(); ++c) {
            const auto l = learn(c), sh = share(c), m = mutual(c);
            ASSERT_EQ(l.has_value(), sh.has_value());
            ASSERT_EQ(l.has_value(), m.has_value());
            if (!l) continue;
            EXPECT_EQ(l->breakdown.skill, sh->breakdown.reciprocity);
            EXPECT_EQ(l->breakdown.reciprocity, sh->breakdown.skill);
            EXPECT_EQ(l->breakdown, m->breakdown);
        }
    }
}

TEST(ScoreProperties, ExactCreditCountsAgreeBothWays) {
    // With no taxonomy credit, learn(a, b)·|a.learns| = |a.learns ∩ b.shares| = share(b, a)·|b.shares|
    // (skill and reciprocity are not symmetric themselves: they are normalised by different lists).
    const auto& dir = generated();
    Weights w = open_weights();
    w.narrower = w.related = w.category = 0;
    auto unique_count = [&](const std::vector<std::string>& ids) {
        std::set<SkillIndex> s;
        for (const auto& id : ids) s.insert(dir.taxonomy().at(id));
        return static_cast<double>(s.size());
    };
    std::size_t nonzero = 0;
    for (ProfileIndex a : every(19, dir.size())) {
        const Scorer sa(dir, a, w, options(Direction::learn_from, false));
        for (ProfileIndex b = 0; b < dir.size(); ++b) {
            if (a == b) continue;
            const auto ab = sa(b);
            const auto ba = score(dir, b, a, w, options(Direction::learn_from, false));
            ASSERT_TRUE(ab && ba);
            const double count_ab = ab->breakdown.skill * unique_count(dir.profile(a).learns);
            const double count_ba = ba->breakdown.reciprocity * unique_count(dir.profile(b).shares);
            EXPECT_EQ(std::lround(count_ab), std::lround(count_ba)) << a << ' ' << b;
            EXPECT_NEAR(count_ab, std::round(count_ab), 1e-9);
            if (count_ab > 0) ++nonzero;
        }
        if (nonzero > 400) break;
    }
    EXPECT_GT(nonzero, 50U);
}

TEST(ScoreProperties, ScoreAndScorerAgreeExactly) {
    const auto& dir = generated();
    for (Direction d : all_directions) {
        for (ProfileIndex s : every(61, dir.size(), 11)) {
            const Scorer scorer(dir, s, custom_weights(), options(d));
            for (ProfileIndex c = 0; c < dir.size(); c += 3) {
                const auto a = score(dir, s, c, custom_weights(), options(d));
                ASSERT_EQ(a, scorer(c)) << s << ' ' << c;
                ASSERT_EQ(a ? a->total : -inf, scorer.total(c));
            }
        }
    }
}

// =========================================================================================
// Scorer as an object
// =========================================================================================

TEST(ScorerObject, AccessorsAndMove) {
    const auto& dir = generated();
    const Weights w = custom_weights();
    SearchQuery q;
    q.regions = {"SSA", "SA"};
    const auto o = options(Direction::share_with, true, q);
    Scorer scorer(dir, 42, w, o);
    EXPECT_EQ(&scorer.directory(), &dir);
    EXPECT_EQ(scorer.seeker(), std::optional<ProfileIndex>(42));
    EXPECT_EQ(scorer.weights(), w);
    EXPECT_EQ(scorer.options().direction, Direction::share_with);
    EXPECT_EQ(scorer.options().filter.regions, q.regions);
    std::vector<double> before;
    for (ProfileIndex c = 0; c < dir.size(); ++c) before.push_back(scorer.total(c));
    Scorer moved(std::move(scorer));
    Scorer assigned(dir, 0);
    assigned = std::move(moved);
    EXPECT_EQ(assigned.seeker(), std::optional<ProfileIndex>(42));
    for (ProfileIndex c = 0; c < dir.size(); ++c) ASSERT_EQ(assigned.total(c), before[c]);
}

TEST(ScorerObject, SafeFromManyThreads) {
    const auto& dir = generated();
    const Scorer scorer(dir, 17, open_weights(), options(Direction::mutual, false));
    std::vector<double> expected;
    for (ProfileIndex c = 0; c < dir.size(); ++c) expected.push_back(scorer.total(c));
    std::vector<int> mismatches(4, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int round = 0; round < 20; ++round) {
                for (ProfileIndex c = 0; c < dir.size(); ++c) {
                    const auto s = scorer(c);
                    if ((s ? s->total : -inf) != expected[c] || scorer.total(c) != expected[c]) {
                        ++mismatches[static_cast<std::size_t>(t)];
                    }
                }
            }
        });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(mismatches, (std::vector<int>{0, 0, 0, 0}));
}
