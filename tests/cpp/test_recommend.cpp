// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
// Tests of letsconnect/recommend.hpp: recommend() against sorting the full score vector of a
// Scorer (small to 20,000-profile directories, every direction, filters, many k), batches,
// score matrices, CapX parity (tests/data/recommend/, generated CapX JSON), clinic audiences
// (against brute force, across DST weeks), explain() and the errors.

#include "test_helpers.hpp"

#include "letsconnect/capx.hpp"
#include "letsconnect/recommend.hpp"
#include "letsconnect/score.hpp"

#include <nlohmann/json.hpp>

#include <cctype>
#include <limits>
#include <map>
#include <set>

using namespace letsconnect;
using lc_test::capture;
using lc_test::contains;
using lc_test::dump;
using lc_test::has_problem;
using lc_test::office_hours_profile;
using lc_test::ymd;

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr Direction all_directions[] = {Direction::learn_from, Direction::share_with, Direction::mutual};

// --- directories --------------------------------------------------------------------------

Directory generated_directory(std::size_t n, std::uint32_t seed, std::chrono::sys_days week) {
    return Directory(lc_test::add_rare_languages(lc_test::generate_profiles(n, seed, *Taxonomy::bundled("letsconnect")),
                                                 seed + 1),
                     nullptr, week);
}

const Directory& small_dir() {
    static const Directory dir = generated_directory(300, 11, ymd(2026, 3, 9));
    return dir;
}
const Directory& medium_dir() {
    static const Directory dir = generated_directory(1200, 22, ymd(2026, 3, 9));
    return dir;
}
const Directory& big_dir() {
    static const Directory dir = generated_directory(3000, 33, ymd(2026, 7, 6));
    return dir;
}
const Directory& huge_dir() {
    static const Directory dir = generated_directory(20000, 44, ymd(2026, 3, 9));
    return dir;
}

// --- options and weights --------------------------------------------------------------------

ScoreOptions options(Direction d, bool require_skill = true, SearchQuery filter = {}) {
    ScoreOptions o;
    o.direction = d;
    o.require_skill = require_skill;
    o.filter = std::move(filter);
    return o;
}

/// Skills barely count; the other components decide (so bounds on skills alone cannot prune).
Weights skill_light() {
    Weights w;
    w.skill = 0.05;
    w.reciprocity = 0.05;
    w.language = 1.0;
    w.region = 1.0;
    w.time_zone = 1.0;
    w.overlap_hours = 3;
    w.min_level = 1;
    w.related = 0.9;
    w.category = 0.6;
    return w;
}

// The same country counts less than the same region, and other regions a little (region tiers in
// an unusual order).
Weights country_below_region() {
    Weights w;
    w.region = 0.4;
    w.same_country = 0.3;
    w.same_region = 0.8;
    w.other_region = 0.1;
    return w;
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
    w.min_level = 3;
    return w;
}

// --- the reference ranking: sort the full score vector ---------------------------------------

/// Every scored candidate of `scorer`, best first: total descending, then username_rank().
std::vector<Match> full_ranking(const Scorer& scorer) {
    const Directory& dir = scorer.directory();
    std::vector<Match> all;
    for (ProfileIndex c = 0; c < dir.size(); ++c) {
        const double total = scorer.total(c);
        const auto s = scorer(c);
        EXPECT_EQ(s.has_value(), total != -inf) << c;
        if (total == -inf || !s) continue;
        EXPECT_EQ(s->total, total) << c;
        all.push_back({c, *s});
    }
    const auto rank = dir.username_rank();
    std::sort(all.begin(), all.end(), [&](const Match& a, const Match& b) {
        if (a.score.total != b.score.total) return a.score.total > b.score.total;
        return rank[a.candidate] < rank[b.candidate];
    });
    return all;
}

std::vector<Match> top(const std::vector<Match>& all, std::size_t k) {
    return {all.begin(), all.begin() + static_cast<std::ptrdiff_t>(std::min(k, all.size()))};
}

std::string describe(const Directory& dir, const std::vector<Match>& v) {
    std::ostringstream out;
    out.precision(17);
    out << v.size() << " matches";
    for (std::size_t i = 0; i < v.size() && i < 12; ++i) {
        out << "\n    " << v[i].candidate << " '" << dir.profile(v[i].candidate).username << "' " << v[i].score.total;
    }
    if (v.size() > 12) out << "\n    …";
    return out.str();
}

/// True when equal; otherwise records a readable failure.
bool same_matches(const Directory& dir, const std::vector<Match>& got, const std::vector<Match>& want,
                  const std::string& context) {
    if (got == want) return true;
    std::size_t first = 0;
    while (first < got.size() && first < want.size() && got[first] == want[first]) ++first;
    ADD_FAILURE() << context << "\n  first difference at position " << first << "\n  got:  " << describe(dir, got)
                  << "\n  want: " << describe(dir, want);
    return false;
}

std::vector<ProfileIndex> random_seekers(const Directory& dir, std::size_t count, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::vector<ProfileIndex> out;
    for (std::size_t i = 0; i < count; ++i) {
        out.push_back(static_cast<ProfileIndex>(std::uniform_int_distribution<std::size_t>(0, dir.size() - 1)(rng)));
    }
    return out;
}

struct Tally {
    std::size_t queries = 0, failures = 0, non_empty = 0, full = 0;
};

/// recommend() for `seekers` × directions × weights × {defaults, no require_skill, a random
/// filter}, every k, against sorting the full score vector.
Tally check_recommend(const Directory& dir, const std::vector<ProfileIndex>& seekers,
                      const std::vector<Weights>& weights, const std::vector<std::size_t>& ks, bool filters,
                      std::uint32_t seed) {
    Tally t;
    std::mt19937 rng(seed);
    for (ProfileIndex s : seekers) {
        for (Direction d : all_directions) {
            for (std::size_t wi = 0; wi < weights.size(); ++wi) {
                const Weights& w = weights[wi];
                for (int variant = 0; variant < (filters ? 3 : 2); ++variant) {
                    const ScoreOptions o =
                        options(d, variant != 1, variant == 2 ? lc_test::random_filter(dir, rng) : SearchQuery{});
                    const Scorer scorer(dir, s, w, o);
                    const auto all = full_ranking(scorer);
                    for (std::size_t k : ks) {
                        ++t.queries;
                        const auto got = recommend(dir, s, k, w, o);
                        const auto want = top(all, k);
                        if (!want.empty()) ++t.non_empty;
                        if (want.size() == k) ++t.full;
                        std::ostringstream context;
                        context << "seeker " << s << " '" << dir.profile(s).username << "' k=" << k << ' '
                                << to_string(d) << " weights#" << wi << " require_skill=" << o.require_skill
                                << " filter" << lc_test::describe_filter(o.filter);
                        if (!same_matches(dir, got, want, context.str()) && ++t.failures >= 5) return t;
                    }
                    // The prepared shape gives the same.
                    if (variant != 1 && !same_matches(dir, recommend(scorer, 10), top(all, 10), "recommend(Scorer)")) {
                        if (++t.failures >= 5) return t;
                    }
                }
            }
        }
    }
    return t;
}

// --- CapX ------------------------------------------------------------------------------------

std::string capx_file(const char* name) { return lc_test::slurp(lc_test::data_path(std::string("capx/") + name)); }

CapxSources capx_sources(std::string profiles) {
    CapxSources s;
    s.profiles = std::move(profiles);
    s.skills = capx_file("skills.json");
    s.territories = capx_file("territories.json");
    s.languages = capx_file("languages.json");
    s.source = "capx-recommend-test";
    return s;
}

/// CapX `/users/`-shaped JSON for `n` invented users over the skills of tests/data/capx/.
std::string generated_capx_profiles(std::size_t n, std::uint32_t seed) {
    using nlohmann::json;
    static const int skill_ids[] = {10, 11, 12, 36, 37, 38, 50, 51, 56, 65, 74, 106, 107, 108, 109};
    static const int territory_ids[] = {31, 32, 33, 34, 35, 36, 18, 19, 20, 21, 22, 23, 24, 25};
    static const char* proficiency[] = {"0", "1", "2", "3", "4", "5", "n"};
    static const char* first[] = {"Abena", "Bilal", "Carmen", "Dayo", "Elif", "Farid", "Gloria", "Hiro", "Imani",
                                  "Jomo", "Kalani", "Leila", "Mateus", "Nia", "Oksana", "Pablo"};
    static const char* last[] = {"Adjei", "Baptiste", "Castro", "Dlamini", "Erdem", "Farouk", "Gitau", "Hakimi",
                                 "Ilunga", "Juarez", "Kipkemboi", "Lungu"};
    std::mt19937 rng(seed);
    auto pick = [&](std::size_t count) { return std::uniform_int_distribution<std::size_t>(0, count - 1)(rng); };
    auto chance = [&](double p) { return std::uniform_real_distribution<double>(0.0, 1.0)(rng) < p; };
    auto id_value = [&](int id) { return chance(0.2) ? json(std::to_string(id)) : json(id); };
    auto skills = [&](std::size_t max_count) {
        json out = json::array();
        std::set<int> used;
        for (std::size_t k = pick(max_count + 1); k > 0; --k) {
            const int id = skill_ids[pick(std::size(skill_ids))];
            if (used.insert(id).second) out.push_back(id_value(id));
        }
        return out;
    };
    json results = json::array();
    for (std::size_t i = 0; i < n; ++i) {
        char number[16];
        std::snprintf(number, sizeof number, "%04zu", i);
        const int id = 5000 + static_cast<int>(i);
        json u;
        u["id"] = id_value(id);
        u["user"] = {{"id", id}, {"username", std::string(first[pick(std::size(first))]) + " " +
                                                  last[pick(std::size(last))] + " " + number}};
        json languages = json::array();
        std::set<int> used;
        for (std::size_t k = pick(3); k > 0; --k) {
            const int lang = 1 + static_cast<int>(pick(6));
            if (used.insert(lang).second) {
                languages.push_back({{"id", id_value(lang)}, {"proficiency", proficiency[pick(std::size(proficiency))]}});
            }
        }
        u["language"] = languages;
        u["territory"] = chance(0.85) ? json::array({id_value(territory_ids[pick(std::size(territory_ids))])})
                                      : json::array();
        u["skills_available"] = skills(4);
        u["skills_wanted"] = skills(4);
        u["skills_known"] = skills(3);
        results.push_back(u);
    }
    json page = {{"count", n}, {"next", nullptr}, {"previous", nullptr}, {"results", results}};
    return page.dump();
}

bool common_language(const Profile& a, const Profile& b) {
    for (const auto& l : a.languages) {
        const auto theirs = b.level(l.code);
        if (l.level >= 1 && theirs && *theirs >= 1) return true;
    }
    return false;
}

std::vector<std::string> usernames(const Directory& dir, const std::vector<Match>& v) {
    std::vector<std::string> out;
    for (const auto& m : v) out.push_back(dir.profile(m.candidate).username);
    return out;
}

// --- clinics -----------------------------------------------------------------------------------

std::chrono::sys_seconds at(std::chrono::sys_days day, int hours, int minutes = 0) {
    return std::chrono::sys_seconds{day} + std::chrono::hours(hours) + std::chrono::minutes(minutes);
}

/// The quarter hours [start, start + minutes) touches, in the UTC week of `start` (a clinic
/// running past Sunday midnight wraps to that week's Monday, as weekly availability does).
WeekSlots clinic_slots(std::chrono::sys_seconds start, int minutes) {
    const auto monday = week_start(std::chrono::floor<std::chrono::days>(start));
    const auto minute = std::chrono::duration_cast<std::chrono::minutes>(start - std::chrono::sys_seconds{monday}).count();
    const long first = minute / slot_minutes;
    const long end = (minute + minutes + slot_minutes - 1) / slot_minutes;
    WeekSlots out{};
    for (long s = first; s < end; ++s) {
        const long slot = s % slots_per_week;
        out[static_cast<std::size_t>(slot / 64)] |= std::uint64_t{1} << (slot % 64);
    }
    return out;
}

bool covers(const WeekSlots& have, const WeekSlots& need) {
    for (std::size_t w = 0; w < need.size(); ++w) {
        if ((have[w] & need[w]) != need[w]) return false;
    }
    return true;
}

/// audience() by brute force: the clinic as a seeker sharing its skills, Direction::share_with,
/// every candidate scored, then those not available for the whole clinic dropped.
std::vector<Match> brute_audience(const Directory& dir, const AudienceQuery& q, std::size_t k, const Weights& w) {
    const Directory week_dir = dir.for_week(std::chrono::floor<std::chrono::days>(q.start));
    const Scorer scorer(week_dir, clinic_profile(q), w, options(Direction::share_with, true, q.filter));
    const WeekSlots need = clinic_slots(q.start, q.duration_minutes);
    std::vector<Match> out;
    for (const Match& m : full_ranking(scorer)) {
        if (covers(week_dir.availability(m.candidate), need)) out.push_back(m);
    }
    return top(out, k);
}

AudienceQuery clinic(std::vector<std::string> skills, std::string language, std::vector<std::string> interpretation,
                     std::chrono::sys_seconds start, int minutes = 120) {
    AudienceQuery q;
    q.skills = std::move(skills);
    q.language = std::move(language);
    q.interpretation = std::move(interpretation);
    q.start = start;
    q.duration_minutes = minutes;
    return q;
}

Profile attendee(std::string username, std::vector<std::string> learns, std::vector<LanguageLevel> languages,
                 std::string zone, Weekday day, int start, int end) {
    Profile p;
    p.username = std::move(username);
    p.learns = std::move(learns);
    p.languages = std::move(languages);
    p.timezone = std::move(zone);
    p.availability = {{day, static_cast<std::uint16_t>(start), static_cast<std::uint16_t>(end)}};
    return p;
}

/// True when `word` appears in `text` not inside a longer run of letters.
bool mentions_word(std::string_view text, std::string_view word) {
    for (std::size_t at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
        const bool left = at == 0 || !std::isalpha(static_cast<unsigned char>(text[at - 1]));
        const std::size_t end = at + word.size();
        const bool right = end >= text.size() || !std::isalpha(static_cast<unsigned char>(text[end]));
        if (left && right) return true;
    }
    return false;
}

}  // namespace

// =========================================================================================
// recommend() against sorting the full score vector
// =========================================================================================

TEST(RecommendReference, SmallDirectory) {
    const auto& dir = small_dir();
    const auto t = check_recommend(dir, random_seekers(dir, 14, 1), {Weights{}, Weights::cross_regional(), custom_weights()},
                                   {1, 5, 10, 100, dir.size() + 1}, true, 101);
    EXPECT_EQ(t.failures, 0U);
    EXPECT_GT(t.non_empty, t.queries / 2);
    EXPECT_GT(t.full, t.queries / 4);
}

TEST(RecommendReference, MediumDirectory) {
    const auto& dir = medium_dir();
    const auto t = check_recommend(dir, random_seekers(dir, 10, 2), {Weights{}, skill_light(), Weights::capx()},
                                   {1, 5, 10, 100, dir.size() + 7}, true, 202);
    EXPECT_EQ(t.failures, 0U);
    EXPECT_GT(t.non_empty, t.queries / 2);
}

TEST(RecommendReference, BigDirectorySummerWeek) {
    const auto& dir = big_dir();
    const auto t = check_recommend(dir, random_seekers(dir, 6, 3), {Weights{}, custom_weights(), skill_light()},
                                   {1, 5, 10, 100, dir.size() + 1}, true, 303);
    EXPECT_EQ(t.failures, 0U);
    EXPECT_GT(t.full, t.queries / 3);
}

TEST(RecommendReference, LargeDirectoryPrunedPath) {
    const auto& dir = huge_dir();
    ASSERT_EQ(dir.size(), 20000U);
    Weights generous;  // partial credit at 1 counts as a full hit; the best partial credit is 0.75
    generous.related = 1.0;
    generous.category = 0.75;
    generous.min_level = 0;
    const auto t = check_recommend(dir, random_seekers(dir, 8, 4),
                                   {Weights{}, skill_light(), Weights::capx(), custom_weights(), generous, country_below_region()},
                                   {1, 5, 10, 100, 1000}, false, 404);
    EXPECT_EQ(t.failures, 0U);
    EXPECT_GT(t.full, t.queries / 2);
}

TEST(RecommendReference, VeryLargeDirectorySearchedInParallelParts) {
    // From 262,144 profiles recommend() splits the directory between threads (parts of at least
    // 131,072 profiles: two here) and merges their top k.
    const Directory dir = generated_directory(270000, 55, ymd(2026, 3, 9));
    const auto t = check_recommend(dir, random_seekers(dir, 2, 6), {Weights{}, Weights::cross_regional(), country_below_region()},
                                   {1, 10, 100}, false, 606);
    EXPECT_EQ(t.failures, 0U);
    EXPECT_GT(t.full, t.queries / 2);
    for (ProfileIndex s : random_seekers(dir, 4, 7)) {
        const auto one = recommend(dir, s, 25, {}, {}, 1), two = recommend(dir, s, 25, {}, {}, 2), four = recommend(dir, s, 25, {}, {}, 4);
        EXPECT_TRUE(same_matches(dir, two, one, "2 threads vs 1"));
        EXPECT_TRUE(same_matches(dir, four, one, "4 threads (2 parts) vs 1"));
    }
}

TEST(RecommendReference, LargeDirectoryWithFilters) {
    const auto& dir = huge_dir();
    const auto t = check_recommend(dir, random_seekers(dir, 4, 5), {Weights{}, Weights::cross_regional()}, {1, 10, 100},
                                   true, 505);
    EXPECT_EQ(t.failures, 0U);
}

TEST(RecommendReference, SeekersWithManySkills) {
    // Seekers from outside the directory who want and share many skills (many groups to prune).
    const auto& dir = huge_dir();
    const Taxonomy& tax = dir.taxonomy();
    std::mt19937 rng(606);
    for (int i = 0; i < 6; ++i) {
        Profile p;
        p.username = "Wide Seeker " + std::to_string(i);
        p.country = i % 2 ? "KE" : "BR";
        p.languages = {{"en", 4}, {i % 2 ? "sw" : "pt", native_level}};
        p.timezone = i % 2 ? "Africa/Nairobi" : "America/Sao_Paulo";
        p.availability = {{Weekday::tue, 17 * 60, 21 * 60}, {Weekday::sat, 9 * 60, 13 * 60}};
        std::set<SkillIndex> a, b;
        while (a.size() < 12) a.insert(static_cast<SkillIndex>(std::uniform_int_distribution<std::size_t>(0, tax.size() - 1)(rng)));
        while (b.size() < 8) b.insert(static_cast<SkillIndex>(std::uniform_int_distribution<std::size_t>(0, tax.size() - 1)(rng)));
        for (auto s : a) p.learns.push_back(tax.node(s).id);
        for (auto s : b) p.shares.push_back(tax.node(s).id);
        for (Direction d : all_directions) {
            for (const Weights& w : {Weights{}, skill_light()}) {
                const Scorer scorer(dir, p, w, options(d));
                const auto all = full_ranking(scorer);
                for (std::size_t k : {1U, 10U, 100U}) {
                    ASSERT_TRUE(same_matches(dir, recommend(scorer, k), top(all, k),
                                             p.username + " " + std::string(to_string(d)) + " k=" + std::to_string(k)));
                }
            }
        }
    }
}

TEST(Recommend, TiesBreakByUsername) {
    std::vector<Profile> profiles;
    Profile seeker = office_hours_profile("Tamar Seeker", "KE", "Africa/Nairobi");
    seeker.shares = {};
    seeker.learns = {"mentoring"};
    profiles.push_back(seeker);
    for (const char* name : {"Zola Twin", "Ade Twin", "Kemi Twin", "Bola Twin"}) {
        profiles.push_back(office_hours_profile(name, "NG", "Africa/Lagos"));  // identical but for the name
    }
    Profile better = office_hours_profile("Yusuf Better", "KE", "Africa/Nairobi");
    profiles.push_back(better);
    const Directory dir(profiles, nullptr, ymd(2026, 3, 9));
    const ProfileIndex s = dir.at("Tamar Seeker");
    using Names = std::vector<std::string>;
    EXPECT_EQ(usernames(dir, recommend(dir, s, 10)), (Names{"Yusuf Better", "Ade Twin", "Bola Twin", "Kemi Twin", "Zola Twin"}));
    EXPECT_EQ(usernames(dir, recommend(dir, s, 3)), (Names{"Yusuf Better", "Ade Twin", "Bola Twin"}));
    EXPECT_EQ(usernames(dir, recommend(dir, s, 1)), (Names{"Yusuf Better"}));
    const auto all = recommend(dir, s, 10);
    ASSERT_EQ(all.size(), 5U);
    for (std::size_t i = 2; i < all.size(); ++i) EXPECT_EQ(all[i].score, all[1].score);
}

TEST(Recommend, NeverTheSeekerNorExcludedNorFiltered) {
    const auto& dir = medium_dir();
    Weights no_gate;
    no_gate.min_level = 0;  // with require_skill off too, everybody else is scored
    for (ProfileIndex s : random_seekers(dir, 20, 7)) {
        const auto open = recommend(dir, s, dir.size(), no_gate, options(Direction::mutual, false));
        ASSERT_EQ(open.size(), dir.size() - 1);
        ASSERT_FALSE(open.empty());
        for (const auto& m : open) ASSERT_NE(m.candidate, s);
        // Excluding the first three leaves the rest in order.
        SearchQuery q;
        for (std::size_t i = 0; i < 3 && i < open.size(); ++i) q.exclude.push_back(dir.profile(open[i].candidate).username);
        q.exclude.push_back(dir.profile(s).username);
        const auto rest = recommend(dir, s, 20, no_gate, options(Direction::mutual, false, q));
        const std::vector<Match> want(open.begin() + std::min<std::ptrdiff_t>(3, static_cast<std::ptrdiff_t>(open.size())),
                                      open.begin() + std::min<std::ptrdiff_t>(23, static_cast<std::ptrdiff_t>(open.size())));
        ASSERT_TRUE(same_matches(dir, rest, want, "exclude"));
        // A region filter keeps only that region.
        SearchQuery r;
        r.regions = {"SSA"};
        for (const auto& m : recommend(dir, s, 50, Weights{}, options(Direction::learn_from, true, r))) {
            EXPECT_EQ(dir.regions()[m.candidate], Region::SSA);
        }
    }
}

TEST(Recommend, SeekerFromOutsideTheDirectory) {
    const auto& dir = medium_dir();
    auto outsiders = lc_test::generate_profiles(12, 909, dir.taxonomy());
    std::mt19937 rng(910);
    for (std::size_t i = 0; i < outsiders.size(); ++i) {
        outsiders[i].username = "Visitor " + std::to_string(i);
        for (Direction d : all_directions) {
            const auto o = options(d, i % 3 != 0, i % 2 ? lc_test::random_filter(dir, rng) : SearchQuery{});
            const Scorer scorer(dir, outsiders[i], Weights{}, o);
            const auto all = full_ranking(scorer);
            for (std::size_t k : {1U, 5U, 50U, 5000U}) {
                ASSERT_TRUE(same_matches(dir, recommend(scorer, k), top(all, k), outsiders[i].username));
            }
        }
    }
}

TEST(Recommend, ScorerAndDirectoryShapesAgree) {
    const auto& dir = medium_dir();
    for (ProfileIndex s : random_seekers(dir, 25, 8)) {
        for (Direction d : all_directions) {
            const auto o = options(d);
            const Scorer scorer(dir, s, custom_weights(), o);
            for (std::size_t k : {1U, 10U, 1000U}) {
                ASSERT_EQ(recommend(scorer, k), recommend(dir, s, k, custom_weights(), o)) << s << ' ' << k;
            }
        }
    }
}

TEST(Recommend, ResultsAreTheScoresOfTheKernel) {
    const auto& dir = small_dir();
    for (ProfileIndex s : random_seekers(dir, 10, 9)) {
        for (const auto& m : recommend(dir, s, 30, Weights::cross_regional())) {
            ASSERT_EQ(score(dir, s, m.candidate, Weights::cross_regional()), std::optional<Score>(m.score));
        }
    }
}

// =========================================================================================
// recommend_many, score_matrix, score_matrix_blocks
// =========================================================================================

TEST(RecommendMany, EqualsLoopingRecommend) {
    const auto& dir = medium_dir();
    auto seekers = random_seekers(dir, 40, 12);
    seekers.push_back(seekers.front());  // repeated seekers are fine
    std::mt19937 rng(13);
    for (int variant = 0; variant < 3; ++variant) {
        const Direction d = all_directions[variant];
        const ScoreOptions o = options(d, variant != 2, variant == 1 ? lc_test::random_filter(dir, rng) : SearchQuery{});
        const Weights w = variant == 2 ? skill_light() : Weights{};
        std::vector<std::vector<Match>> want;
        for (ProfileIndex s : seekers) want.push_back(recommend(dir, s, 10, w, o));
        for (unsigned threads : {1U, 2U, 4U, 0U}) {
            const auto got = recommend_many(dir, seekers, 10, w, o, threads);
            ASSERT_EQ(got.size(), seekers.size());
            for (std::size_t i = 0; i < seekers.size(); ++i) {
                ASSERT_TRUE(same_matches(dir, got[i], want[i],
                                         "threads=" + std::to_string(threads) + " seeker #" + std::to_string(i)));
            }
        }
    }
    EXPECT_TRUE(recommend_many(dir, {}, 10).empty());
}

TEST(RecommendMany, ErrorsReachTheCaller) {
    const auto& dir = small_dir();
    const std::vector<ProfileIndex> seekers = {0, 1, static_cast<ProfileIndex>(dir.size()), 2};
    for (unsigned threads : {1U, 2U}) {
        EXPECT_THROW((void)recommend_many(dir, seekers, 10, Weights{}, ScoreOptions{}, threads), std::out_of_range);
        EXPECT_THROW((void)recommend_many(dir, {0, 1}, 0, Weights{}, ScoreOptions{}, threads), ValidationError);
        SearchQuery q;
        q.learns = {"underwater-basket-weaving"};
        EXPECT_THROW((void)recommend_many(dir, {0, 1}, 5, Weights{}, options(Direction::mutual, true, q), threads),
                     NotFoundError);
    }
}

TEST(ScoreMatrix, EveryCellIsTheScorerTotal) {
    const auto& dir = small_dir();
    std::vector<ProfileIndex> all(dir.size());
    for (ProfileIndex i = 0; i < dir.size(); ++i) all[i] = i;
    SearchQuery q;
    q.regions = {"SSA", "LAC", "NWE"};
    struct Case {
        Weights w;
        ScoreOptions o;
    };
    const Case cases[] = {{Weights{}, ScoreOptions{}},
                          {Weights::capx(), options(Direction::share_with)},
                          {custom_weights(), options(Direction::learn_from, false, q)}};
    for (const auto& c : cases) {
        for (unsigned threads : {1U, 2U, 0U}) {
            const ScoreMatrix m = score_matrix(dir, all, {}, c.w, c.o, threads);
            ASSERT_EQ(m.rows(), static_cast<Eigen::Index>(dir.size()));
            ASSERT_EQ(m.cols(), static_cast<Eigen::Index>(dir.size()));
            std::size_t scored = 0;
            for (ProfileIndex s = 0; s < dir.size(); ++s) {
                const Scorer scorer(dir, s, c.w, c.o);
                for (ProfileIndex k = 0; k < dir.size(); ++k) {
                    const float want = static_cast<float>(scorer.total(k));
                    ASSERT_EQ(m(s, k), want) << "seeker " << s << " candidate " << k << " threads " << threads;
                    if (want != -std::numeric_limits<float>::infinity()) ++scored;
                }
                ASSERT_EQ(m(s, s), -std::numeric_limits<float>::infinity());
            }
            EXPECT_GT(scored, dir.size());
        }
    }
}

TEST(ScoreMatrix, CandidateSubsetInTheOrderGiven) {
    const auto& dir = medium_dir();
    auto seekers = random_seekers(dir, 30, 14);
    std::vector<ProfileIndex> candidates = random_seekers(dir, 200, 15);
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    std::shuffle(candidates.begin(), candidates.end(), std::mt19937(16));
    candidates.erase(std::remove(candidates.begin(), candidates.end(), seekers[3]), candidates.end());
    candidates.push_back(seekers[3]);  // a seeker against itself, off the diagonal
    const auto o = options(Direction::learn_from, false);
    const ScoreMatrix m = score_matrix(dir, seekers, candidates, Weights::cross_regional(), o, 2);
    ASSERT_EQ(m.rows(), static_cast<Eigen::Index>(seekers.size()));
    ASSERT_EQ(m.cols(), static_cast<Eigen::Index>(candidates.size()));
    for (std::size_t r = 0; r < seekers.size(); ++r) {
        const Scorer scorer(dir, seekers[r], Weights::cross_regional(), o);
        for (std::size_t j = 0; j < candidates.size(); ++j) {
            ASSERT_EQ(m(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(j)),
                      static_cast<float>(scorer.total(candidates[j])))
                << r << ' ' << j;
        }
    }
    EXPECT_EQ(m(3, static_cast<Eigen::Index>(candidates.size() - 1)), -std::numeric_limits<float>::infinity());
    const ScoreMatrix none = score_matrix(dir, {}, candidates);
    EXPECT_EQ(none.rows(), 0);
}

TEST(ScoreMatrix, BlocksCoverAllRows) {
    const auto& dir = small_dir();
    const auto seekers = random_seekers(dir, 97, 17);
    const std::vector<ProfileIndex> candidates = random_seekers(dir, 60, 18);
    const auto o = options(Direction::share_with);
    for (bool all_candidates : {false, true}) {
        const auto& cols = all_candidates ? std::vector<ProfileIndex>{} : candidates;
        const ScoreMatrix whole = score_matrix(dir, seekers, cols, Weights{}, o, 1);
        for (std::size_t rows : {1U, 7U, 32U, 97U, 500U}) {
            std::vector<std::size_t> firsts;
            ScoreMatrix joined(static_cast<Eigen::Index>(seekers.size()), whole.cols());
            joined.setConstant(42.0F);
            score_matrix_blocks(dir, seekers, cols, Weights{}, o, rows,
                                [&](std::size_t first, const ScoreMatrix& block) {
                                    firsts.push_back(first);
                                    ASSERT_EQ(block.cols(), whole.cols());
                                    ASSERT_EQ(static_cast<std::size_t>(block.rows()),
                                              std::min(rows, seekers.size() - first));
                                    joined.block(static_cast<Eigen::Index>(first), 0, block.rows(), block.cols()) = block;
                                },
                                2);
            std::vector<std::size_t> want_firsts;
            for (std::size_t f = 0; f < seekers.size(); f += rows) want_firsts.push_back(f);
            EXPECT_EQ(firsts, want_firsts) << "rows=" << rows;
            EXPECT_TRUE(joined == whole) << "rows=" << rows << " all_candidates=" << all_candidates;
        }
    }
}

// =========================================================================================
// CapX parity: exact skill-id overlap, no taxonomy credit, no language gate
// =========================================================================================

TEST(CapxParity, HandMadeUsers) {
    const Directory dir = directory_from_capx(capx_sources(lc_test::slurp(lc_test::data_path("recommend/capx_profiles.json"))),
                                              ymd(2026, 3, 9));
    ASSERT_EQ(dir.size(), 9U);
    const ProfileIndex s = dir.at("Wanjiru Njeri");
    using Names = std::vector<std::string>;
    // She wants 11, 37, 107, 51: Bruno shares three (and speaks only pt-br), Dilnoza and Ratna two,
    // Gabriela one (es only); Emeka's parent skills and Fatoumata's sub-skill earn nothing.
    const auto learn = recommend(dir, s, 100, Weights::capx(), options(Direction::learn_from));
    EXPECT_EQ(usernames(dir, learn), (Names{"Bruno Tavares", "Dilnoza Karimova", "Ratna Wulansari", "Gabriela Quispe"}));
    ASSERT_EQ(learn.size(), 4U);
    EXPECT_DOUBLE_EQ(learn[0].score.total / Weights::capx().skill, 3.0 / 4.0);
    EXPECT_DOUBLE_EQ(learn[1].score.total / Weights::capx().skill, 2.0 / 4.0);
    EXPECT_DOUBLE_EQ(learn[2].score.total / Weights::capx().skill, 2.0 / 4.0);
    EXPECT_DOUBLE_EQ(learn[3].score.total / Weights::capx().skill, 1.0 / 4.0);
    // She shares 12, 38, 108: Emeka wants two, Fatoumata (fr only) and Ilse one each.
    const auto share = recommend(dir, s, 100, Weights::capx(), options(Direction::share_with));
    EXPECT_EQ(usernames(dir, share), (Names{"Emeka Nwosu", "Fatoumata Diop", "Ilse Vermeulen"}));
    ASSERT_EQ(share.size(), 3U);
    EXPECT_DOUBLE_EQ(share[0].score.breakdown.skill, 2.0 / 3.0);
    EXPECT_DOUBLE_EQ(share[1].score.breakdown.skill, 1.0 / 3.0);
    // The default weights differ exactly where CapX does not go: the language gate drops Bruno
    // and taxonomy credit brings in Emeka (parent skills) and Fatoumata (a sub-skill).
    const auto learn_default = usernames(dir, recommend(dir, s, 100, Weights{}, options(Direction::learn_from)));
    const std::set<std::string> got(learn_default.begin(), learn_default.end());
    EXPECT_FALSE(got.count("Bruno Tavares"));
    EXPECT_TRUE(got.count("Emeka Nwosu"));
    EXPECT_FALSE(got.count("Fatoumata Diop"));  // no common language (fr only)
    EXPECT_FALSE(got.count("Hoang Minh Chau"));
}

TEST(CapxParity, GeneratedCapxJson) {
    const Directory dir = directory_from_capx(capx_sources(generated_capx_profiles(1500, 77)), ymd(2026, 3, 9));
    ASSERT_EQ(dir.size(), 1500U);
    const auto rank = dir.username_rank();
    std::vector<std::set<std::string>> shares, learns;
    for (const Profile& p : dir.profiles()) {
        shares.emplace_back(p.shares.begin(), p.shares.end());
        learns.emplace_back(p.learns.begin(), p.learns.end());
    }
    std::size_t without_common_language = 0, checked = 0, empty_lists = 0;
    for (ProfileIndex s = 0; s < 150; ++s) {
        const Profile& me = dir.profile(s);
        for (Direction d : {Direction::learn_from, Direction::share_with}) {
            // learn_from: |their skills_available ∩ my skills_wanted|; share_with: |their wanted ∩ my available|.
            const auto& mine_unique = d == Direction::learn_from ? learns[s] : shares[s];
            std::vector<std::pair<std::size_t, ProfileIndex>> want;
            for (ProfileIndex c = 0; c < dir.size(); ++c) {
                if (c == s) continue;
                const auto& theirs = d == Direction::learn_from ? shares[c] : learns[c];
                std::size_t n = 0;
                for (const auto& id : theirs) n += mine_unique.count(id);
                if (n > 0) want.emplace_back(n, c);
            }
            std::sort(want.begin(), want.end(), [&](const auto& a, const auto& b) {
                if (a.first != b.first) return a.first > b.first;
                return rank[a.second] < rank[b.second];
            });
            const auto got = recommend(dir, s, dir.size() + 5, Weights::capx(), options(d));
            ASSERT_EQ(got.size(), want.size()) << me.username << ' ' << to_string(d);
            if (want.empty()) ++empty_lists;
            for (std::size_t i = 0; i < got.size(); ++i) {
                ASSERT_EQ(got[i].candidate, want[i].second)
                    << me.username << ' ' << to_string(d) << " position " << i << ": got '"
                    << dir.profile(got[i].candidate).username << "', want '" << dir.profile(want[i].second).username
                    << "' (overlap " << want[i].first << ")";
                EXPECT_DOUBLE_EQ(got[i].score.total,
                                 Weights::capx().skill * static_cast<double>(want[i].first) /
                                     static_cast<double>(mine_unique.size()));
                if (!common_language(me, dir.profile(got[i].candidate))) ++without_common_language;
                ++checked;
            }
            // The top 10 is the head of the same ranking.
            const auto ten = recommend(dir, s, 10, Weights::capx(), options(d));
            ASSERT_EQ(ten, top(got, 10));
        }
    }
    EXPECT_GT(checked, 5000U);
    EXPECT_GT(without_common_language, 100U) << "no candidate without a common language: the gate is not tested";
    EXPECT_GT(empty_lists, 0U);
}

// =========================================================================================
// audience()
// =========================================================================================

TEST(Audience, ClinicProfileIsTheClinic) {
    const auto start = at(ymd(2026, 3, 10), 15);  // Tuesday 15:00 UTC
    const AudienceQuery q = clinic({"grant-writing", "fundraising"}, "fr", {"ar", "pt"}, start, 120);
    const Profile p = clinic_profile(q);
    EXPECT_EQ(p.shares, q.skills);
    EXPECT_TRUE(p.learns.empty());
    EXPECT_EQ(p.level("fr"), std::optional<BabelLevel>(native_level));
    EXPECT_EQ(p.level("ar"), std::optional<BabelLevel>(native_level));
    EXPECT_EQ(p.level("pt"), std::optional<BabelLevel>(native_level));
    EXPECT_FALSE(p.level("en").has_value());
    ASSERT_FALSE(p.timezone.empty());
    WeekConverter converter(ymd(2026, 3, 10));
    EXPECT_EQ(lc_test::set_slots(converter.to_utc(p.availability, p.timezone)),
              lc_test::set_slots(clinic_slots(start, 120)));
    EXPECT_EQ(lc_test::set_slots(clinic_slots(start, 120)), lc_test::slot_range(lc_test::slot_of(Weekday::tue, 15 * 60), 8));
    // In a DST week the clinic is still exactly its UTC hours.
    const auto summer = at(ymd(2026, 7, 2), 22, 30);  // Thursday 22:30 UTC, 90 minutes
    const Profile ps = clinic_profile(clinic({"wikidata"}, "en", {}, summer, 90));
    WeekConverter july(ymd(2026, 7, 2));
    EXPECT_EQ(lc_test::set_slots(july.to_utc(ps.availability, ps.timezone)),
              lc_test::slot_range(lc_test::slot_of(Weekday::thu, 22 * 60 + 30), 6));
}

TEST(Audience, ClinicTouchingQuarterHoursAndWeekEnd) {
    // A start off the quarter hour: every quarter hour the clinic touches is required.
    const auto odd = at(ymd(2026, 3, 10), 15, 10);  // 15:10–16:10 touches 15:00 … 16:15
    const Profile p = clinic_profile(clinic({"wikidata"}, "en", {}, odd, 60));
    WeekConverter converter(ymd(2026, 3, 10));
    EXPECT_EQ(lc_test::set_slots(converter.to_utc(p.availability, p.timezone)),
              lc_test::slot_range(lc_test::slot_of(Weekday::tue, 15 * 60), 5));
    EXPECT_EQ(lc_test::set_slots(clinic_slots(odd, 60)), lc_test::slot_range(lc_test::slot_of(Weekday::tue, 15 * 60), 5));

    // Sunday 23:00 UTC for two hours: Sunday 23:00–24:00 and Monday 00:00–01:00 of the week.
    Profile both = attendee("Ama Night Owl", {"wikidata"}, {{"en", 4}}, "UTC", Weekday::sun, 23 * 60, 1440);
    both.availability.push_back({Weekday::mon, 0, 60});
    const Profile sunday_only = attendee("Kojo Sunday", {"wikidata"}, {{"en", 4}}, "UTC", Weekday::sun, 22 * 60, 1440);
    const Profile across = attendee("Efua Across", {"wikidata"}, {{"en", 4}}, "UTC", Weekday::sun, 23 * 60, 60);  // past midnight
    const Directory dir({both, sunday_only, across}, nullptr, ymd(2026, 3, 9));
    const AudienceQuery q = clinic({"wikidata"}, "en", {}, at(ymd(2026, 3, 15), 23), 120);
    const auto got = audience(dir, q);
    EXPECT_TRUE(same_matches(dir, got, brute_audience(dir, q, 50, Weights{}), "Sunday night clinic"));
    const auto names = usernames(dir, got);
    EXPECT_NE(std::find(names.begin(), names.end(), "Ama Night Owl"), names.end());
    EXPECT_EQ(std::find(names.begin(), names.end(), "Kojo Sunday"), names.end());
}

TEST(Audience, AudienceScorerIsWhatAudienceRanksWith) {
    const auto& dir = medium_dir();
    const AudienceQuery q = clinic({"grants-resources", "wikidata"}, "en", {"fr", "es"}, at(ymd(2026, 3, 12), 16), 60);
    for (const Weights& w : {Weights{}, custom_weights()}) {
        const Scorer scorer = audience_scorer(dir, q, w);
        EXPECT_EQ(scorer.options().direction, Direction::share_with);
        EXPECT_FALSE(scorer.seeker().has_value());
        EXPECT_EQ(lc_test::set_slots(scorer.options().available), lc_test::set_slots(clinic_slots(q.start, 60)));
        for (std::size_t k : {1U, 10U, 50U, 5000U}) {
            EXPECT_TRUE(same_matches(dir, recommend(scorer, k), audience(dir, q, k, w), "k=" + std::to_string(k)));
        }
        const auto all = audience(dir, q, 5000, w);
        ASSERT_FALSE(all.empty());
        EXPECT_FALSE(explain(scorer, all.front().candidate).empty());
    }
}

TEST(Audience, HandMadeAttendees) {
    // Tuesday 2026-03-10, 15:00–17:00 UTC; Nairobi is UTC+3 (17:00–20:00 local covers it).
    std::vector<Profile> people = {
        attendee("Amani Fits", {"grant-writing"}, {{"fr", 3}, {"en", 2}}, "Africa/Nairobi", Weekday::tue, 17 * 60, 20 * 60),
        attendee("Baraka Leaves Early", {"grant-writing"}, {{"fr", 4}}, "Africa/Nairobi", Weekday::tue, 17 * 60, 19 * 60 + 45),
        attendee("Chausiku Beginner", {"grant-writing"}, {{"fr", 1}, {"en", 5}}, "Africa/Nairobi", Weekday::tue, 17 * 60, 21 * 60),
        attendee("Dalia Interpreted", {"fundraising"}, {{"ar", native_level}}, "Africa/Cairo", Weekday::tue, 16 * 60, 20 * 60),
        attendee("Esi Category", {"grants-resources"}, {{"fr", native_level}}, "Africa/Accra", Weekday::tue, 14 * 60, 18 * 60),
        attendee("Faraji Unrelated", {"wikidata"}, {{"fr", native_level}}, "Africa/Nairobi", Weekday::tue, 17 * 60, 20 * 60),
        attendee("Gift Wrong Day", {"grant-writing"}, {{"fr", native_level}}, "Africa/Nairobi", Weekday::wed, 17 * 60, 20 * 60),
        attendee("Hawa Late Start", {"grant-writing"}, {{"fr", native_level}}, "Africa/Accra", Weekday::tue, 15 * 60 + 15, 18 * 60),
    };
    Profile sharer = attendee("Idris Sharer", {}, {{"fr", native_level}}, "Africa/Accra", Weekday::tue, 14 * 60, 18 * 60);
    sharer.shares = {"grant-writing"};
    people.push_back(sharer);
    const Directory dir(people, nullptr, ymd(2026, 3, 9));
    const AudienceQuery q = clinic({"grant-writing"}, "fr", {"ar"}, at(ymd(2026, 3, 10), 15), 120);
    const auto got = audience(dir, q);
    const std::set<std::string> names = [&] {
        const auto v = usernames(dir, got);
        return std::set<std::string>(v.begin(), v.end());
    }();
    EXPECT_EQ(names, (std::set<std::string>{"Amani Fits", "Dalia Interpreted", "Esi Category"}));
    EXPECT_TRUE(same_matches(dir, got, brute_audience(dir, q, 50, Weights{}), "hand-made clinic"));
    for (const auto& m : got) {
        // Everybody is there for the whole clinic: 2 common hours of the default 6.
        EXPECT_DOUBLE_EQ(m.score.breakdown.time_zone, 2.0 / 6.0) << dir.profile(m.candidate).username;
    }
    // Chausiku speaks French at 1: she comes in only when the gate is 1.
    Weights low;
    low.min_level = 1;
    const auto with_low = usernames(dir, audience(dir, q, 50, low));
    EXPECT_NE(std::find(with_low.begin(), with_low.end(), "Chausiku Beginner"), with_low.end());
    // Without the interpretation Dalia is out.
    AudienceQuery no_interpretation = q;
    no_interpretation.interpretation.clear();
    const auto without = usernames(dir, audience(dir, no_interpretation));
    EXPECT_EQ(std::find(without.begin(), without.end(), "Dalia Interpreted"), without.end());
    // k cuts the same ranking.
    EXPECT_TRUE(same_matches(dir, audience(dir, q, 1), top(got, 1), "k=1"));
}

TEST(Audience, AgainstBruteForceOnGeneratedDirectory) {
    const auto& dir = medium_dir();
    const Taxonomy& tax = dir.taxonomy();
    static const char* languages[] = {"en", "fr", "es", "ar", "pt", "sw", "qaa"};
    static const int durations[] = {15, 30, 60, 90, 120, 240};
    std::mt19937 rng(21);
    auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    std::size_t non_empty = 0;
    for (int i = 0; i < 40; ++i) {
        AudienceQuery q;
        for (std::size_t n = 1 + pick(2); n > 0; --n) q.skills.push_back(tax.node(static_cast<SkillIndex>(pick(tax.size()))).id);
        std::sort(q.skills.begin(), q.skills.end());
        q.skills.erase(std::unique(q.skills.begin(), q.skills.end()), q.skills.end());
        q.language = languages[pick(std::size(languages))];
        for (std::size_t n = pick(3); n > 0; --n) {
            const std::string l = languages[pick(std::size(languages))];
            if (l != q.language && std::find(q.interpretation.begin(), q.interpretation.end(), l) == q.interpretation.end()) {
                q.interpretation.push_back(l);
            }
        }
        q.duration_minutes = durations[pick(std::size(durations))];
        const int last_slot = slots_per_week - q.duration_minutes / slot_minutes;
        const int slot = static_cast<int>(pick(static_cast<std::size_t>(last_slot) + 1));
        q.start = std::chrono::sys_seconds{dir.week()} + std::chrono::minutes(slot * slot_minutes);
        if (i % 4 == 3) q.filter = lc_test::random_filter(dir, rng);
        Weights w;
        w.min_level = static_cast<BabelLevel>(1 + i % 4);
        for (std::size_t k : {1U, 5U, 50U, 100000U}) {
            const auto got = audience(dir, q, k, w);
            ASSERT_TRUE(same_matches(dir, got, brute_audience(dir, q, k, w),
                                     "clinic #" + std::to_string(i) + " k=" + std::to_string(k)));
            if (k == 100000U && !got.empty()) ++non_empty;
            if (k != 100000U) continue;
            const WeekSlots need = clinic_slots(q.start, q.duration_minutes);
            for (const auto& m : got) {
                const Profile& p = dir.profile(m.candidate);
                ASSERT_TRUE(covers(dir.availability(m.candidate), need)) << p.username;
                bool speaks = p.level(q.language).value_or(0) >= w.min_level;
                for (const auto& l : q.interpretation) speaks = speaks || p.level(l).value_or(0) >= w.min_level;
                ASSERT_TRUE(speaks) << p.username;
                ASSERT_FALSE(p.learns.empty()) << p.username;
            }
        }
    }
    EXPECT_GT(non_empty, 8U) << "the random clinics find too few people to test anything";
}

TEST(Audience, StartInAnotherWeekUsesThatWeeksAvailability) {
    // Reference week in January (Berlin on CET, UTC+1). Greta is free 09:00–10:00 Berlin time.
    const Profile greta = office_hours_profile("Greta Berlin", "DE", "Europe/Berlin", 9 * 60, 10 * 60,
                                               {{"en", native_level}}, {}, {"grant-writing"});
    const Profile nora = office_hours_profile("Nora NewYork", "US", "America/New_York", 9 * 60, 10 * 60,
                                              {{"en", native_level}}, {}, {"grant-writing"});
    const Directory dir({greta, nora}, nullptr, ymd(2026, 1, 12));
    using Names = std::vector<std::string>;
    auto names_at = [&](std::chrono::sys_seconds start) {
        const AudienceQuery q = clinic({"grant-writing"}, "en", {}, start, 60);
        const auto got = audience(dir, q);
        EXPECT_TRUE(same_matches(dir, got, brute_audience(dir, q, 50, Weights{}), "clinic"));
        return usernames(dir, got);
    };
    EXPECT_EQ(names_at(at(ymd(2026, 1, 12), 8)), (Names{"Greta Berlin"}));   // 09:00 CET
    EXPECT_EQ(names_at(at(ymd(2026, 1, 12), 7)), (Names{}));                 // 08:00 CET
    EXPECT_EQ(names_at(at(ymd(2026, 4, 13), 7)), (Names{"Greta Berlin"}));   // 09:00 CEST in April
    EXPECT_EQ(names_at(at(ymd(2026, 4, 13), 8)), (Names{}));                 // 10:00 CEST
    EXPECT_EQ(names_at(at(ymd(2026, 1, 13), 14)), (Names{"Nora NewYork"}));  // 09:00 EST
    EXPECT_EQ(names_at(at(ymd(2026, 3, 10), 13)), (Names{"Nora NewYork"}));  // 09:00 EDT, 9 March week
    EXPECT_EQ(names_at(at(ymd(2026, 3, 10), 14)), (Names{}));                // 10:00 EDT
    // The week of 9 March: New York on EDT, Berlin on CET; 08:00 UTC is 09:00 Berlin.
    EXPECT_EQ(names_at(at(ymd(2026, 3, 11), 8)), (Names{"Greta Berlin"}));
}

TEST(Audience, Errors) {
    const auto& dir = small_dir();
    const auto start = at(ymd(2026, 3, 10), 15);
    EXPECT_THROW((void)audience(dir, clinic({}, "fr", {}, start)), ValidationError);
    EXPECT_THROW((void)audience(dir, clinic({"grant-writing"}, "Français", {}, start)), ValidationError);
    EXPECT_THROW((void)audience(dir, clinic({"grant-writing"}, "", {}, start)), ValidationError);
    EXPECT_THROW((void)audience(dir, clinic({"grant-writing"}, "fr", {"not a language"}, start)), ValidationError);
    for (int bad : {0, 10, -15, 1441, 1500}) {
        EXPECT_THROW((void)audience(dir, clinic({"grant-writing"}, "fr", {}, start, bad)), ValidationError) << bad;
    }
    for (int good : {15, 1440}) {
        EXPECT_NO_THROW((void)audience(dir, clinic({"grant-writing"}, "fr", {}, start, good))) << good;
    }
    EXPECT_THROW((void)audience(dir, clinic({"grant-writing"}, "fr", {}, start), 0), ValidationError);
    auto e = capture<NotFoundError>([&] { (void)audience(dir, clinic({"underwater-basket-weaving"}, "fr", {}, start)); });
    ASSERT_TRUE(e);
    EXPECT_EQ(e->key(), "underwater-basket-weaving");
    Weights bad;
    bad.time_zone = 2;
    auto v = capture<ValidationError>([&] { (void)audience(dir, clinic({"grant-writing"}, "fr", {}, start), 10, bad); });
    ASSERT_TRUE(v);
    EXPECT_TRUE(has_problem(v->problems(), "weights.time_zone")) << dump(v->problems());
}

// =========================================================================================
// explain()
// =========================================================================================

TEST(Explain, NamesSkillLanguageAndHoursInTheSeekersLanguage) {
    const Taxonomy& tax = *Taxonomy::bundled("letsconnect");
    // Paris (CET in the week of 9 March) 18:00–20:00 is 17:00–19:00 UTC; Dakar (UTC) 17:00–21:00:
    // 2 common hours a day, 10 a week.
    const Profile amelie = office_hours_profile("Amelie Seeker", "FR", "Europe/Paris", 18 * 60, 20 * 60,
                                                {{"fr", native_level}, {"en", 3}}, {"wikidata"}, {"grant-writing"});
    const Profile bintou = office_hours_profile("Bintou Candidate", "SN", "Africa/Dakar", 17 * 60, 21 * 60,
                                                {{"fr", 3}, {"en", 2}}, {"grant-writing"}, {"wikidata"});
    const Profile joana = office_hours_profile("Joana Seeker", "BR", "America/Sao_Paulo", 14 * 60, 16 * 60,
                                               {{"pt", native_level}, {"fr", 2}, {"en", 2}}, {}, {"grant-writing"});
    const Profile sefu = office_hours_profile("Sefu Seeker", "TZ", "Africa/Dar_es_Salaam", 20 * 60, 22 * 60,
                                              {{"sw", native_level}, {"es", 4}, {"fr", 2}}, {}, {"grant-writing"});
    const Profile zuri = office_hours_profile("Zuri Seeker", "TZ", "Africa/Dar_es_Salaam", 20 * 60, 22 * 60,
                                              {{"sw", native_level}, {"fr", 2}}, {}, {"grant-writing"});
    const Directory dir({amelie, bintou, joana, sefu, zuri}, nullptr, ymd(2026, 3, 9));
    const SkillIndex gw = tax.at("grant-writing");
    const ProfileIndex b = dir.at("Bintou Candidate");

    const std::string fr = explain(Scorer(dir, dir.at("Amelie Seeker")), b);
    EXPECT_TRUE(contains(fr, tax.label(gw, "fr"))) << fr;
    EXPECT_FALSE(contains(fr, tax.label(gw, "en"))) << fr;
    EXPECT_TRUE(contains(fr, "French") || mentions_word(fr, "fr")) << fr;
    EXPECT_TRUE(mentions_word(fr, "10") && contains(fr, "hour")) << fr;

    const std::string pt = explain(Scorer(dir, dir.at("Joana Seeker")), b);
    EXPECT_TRUE(contains(pt, tax.label(gw, "pt"))) << pt;

    // Swahili has no labels: the best language that has one (Spanish) ...
    const std::string es = explain(Scorer(dir, dir.at("Sefu Seeker")), b);
    EXPECT_TRUE(contains(es, tax.label(gw, "es"))) << es;
    // ... and, when only French at 2 is left besides Swahili, French.
    const std::string fr2 = explain(Scorer(dir, dir.at("Zuri Seeker")), b);
    EXPECT_TRUE(contains(fr2, tax.label(gw, "fr"))) << fr2;

    // Share direction: Amelie shares Wikidata, which Bintou wants.
    const std::string share = explain(Scorer(dir, dir.at("Amelie Seeker"), Weights{}, options(Direction::share_with)), b);
    EXPECT_TRUE(contains(share, "Wikidata")) << share;
}

TEST(Explain, EnglishWhenTheSeekerHasNoLabelledLanguage) {
    const Taxonomy& tax = *Taxonomy::bundled("letsconnect");
    const Profile seeker = office_hours_profile("Neema Seeker", "KE", "Africa/Nairobi", 9 * 60, 12 * 60,
                                                {{"sw", native_level}}, {}, {"editathons"});
    const Profile candidate = office_hours_profile("Otieno Candidate", "KE", "Africa/Nairobi", 10 * 60, 12 * 60,
                                                   {{"sw", 4}}, {"editathons"}, {});
    const Directory dir({seeker, candidate}, nullptr, ymd(2026, 3, 9));
    const std::string text = explain(Scorer(dir, 0), 1);
    EXPECT_TRUE(contains(text, tax.label(tax.at("editathons"), "en"))) << text;
    EXPECT_TRUE(contains(text, "Swahili") || mentions_word(text, "sw")) << text;
    EXPECT_TRUE(mentions_word(text, "10") && contains(text, "hour")) << text;  // 2 h × 5 days
}

// =========================================================================================
// Bad arguments
// =========================================================================================

TEST(RecommendErrors, KZeroIsAValidationError) {
    const auto& dir = small_dir();
    EXPECT_THROW((void)recommend(dir, 0, 0), ValidationError);
    EXPECT_THROW((void)recommend(Scorer(dir, 0), 0), ValidationError);
    EXPECT_NO_THROW((void)recommend(dir, 0, 1));
}

TEST(RecommendErrors, BadWeightsNameTheMember) {
    const auto& dir = small_dir();
    struct Case {
        const char* field;
        Weights w;
    };
    std::vector<Case> cases;
    auto add = [&](const char* field, auto change) {
        Weights w;
        change(w);
        cases.push_back({field, w});
    };
    add("weights.skill", [](Weights& w) { w.skill = -0.1; });
    add("weights.reciprocity", [](Weights& w) { w.reciprocity = 1.5; });
    add("weights.language", [](Weights& w) { w.language = std::numeric_limits<double>::quiet_NaN(); });
    add("weights.region", [](Weights& w) { w.region = inf; });
    add("weights.time_zone", [](Weights& w) { w.time_zone = -inf; });
    add("weights.narrower", [](Weights& w) { w.narrower = 2; });
    add("weights.related", [](Weights& w) { w.related = -1; });
    add("weights.category", [](Weights& w) { w.category = std::numeric_limits<double>::quiet_NaN(); });
    add("weights.same_country", [](Weights& w) { w.same_country = 1.01; });
    add("weights.same_region", [](Weights& w) { w.same_region = -0.5; });
    add("weights.other_region", [](Weights& w) { w.other_region = 7; });
    add("weights.overlap_hours", [](Weights& w) { w.overlap_hours = 0; });
    add("weights.overlap_hours", [](Weights& w) { w.overlap_hours = 169; });
    add("weights.min_level", [](Weights& w) { w.min_level = 7; });
    add("weights.", [](Weights& w) { w.skill = w.reciprocity = w.language = w.region = w.time_zone = 0; });
    for (const auto& c : cases) {
        auto e = capture<ValidationError>([&] { (void)recommend(dir, 0, 10, c.w); });
        ASSERT_TRUE(e) << c.field;
        EXPECT_TRUE(has_problem(e->problems(), c.field)) << c.field << dump(e->problems());
        EXPECT_THROW((void)recommend_many(dir, {0, 1}, 10, c.w), ValidationError) << c.field;
        EXPECT_THROW((void)score_matrix(dir, {0, 1}, {}, c.w), ValidationError) << c.field;
    }
}

TEST(RecommendErrors, UnknownFilterSkillAndIndexPastTheEnd) {
    const auto& dir = small_dir();
    SearchQuery q;
    q.shares = {"underwater-basket-weaving"};
    auto e = capture<NotFoundError>([&] { (void)recommend(dir, 0, 10, Weights{}, options(Direction::mutual, true, q)); });
    ASSERT_TRUE(e);
    EXPECT_EQ(e->key(), "underwater-basket-weaving");
    EXPECT_THROW((void)score_matrix(dir, {0}, {}, Weights{}, options(Direction::mutual, true, q)), NotFoundError);
    SearchQuery r;
    r.regions = {"ATLANTIS"};
    EXPECT_THROW((void)recommend(dir, 0, 10, Weights{}, options(Direction::mutual, true, r)), ValidationError);
    const auto n = static_cast<ProfileIndex>(dir.size());
    EXPECT_THROW((void)recommend(dir, n, 10), std::out_of_range);
    EXPECT_THROW((void)recommend(dir, n + 5, 10), std::out_of_range);
}
