// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#include "letsconnect/stats.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "letsconnect/directory.hpp"
#include "letsconnect/taxonomy.hpp"
#include "test_helpers.hpp"

namespace lc = letsconnect;
using namespace std::chrono;

namespace {

lc::Taxonomy tiny_taxonomy() {
    // org ─ planning ─ budgets ; org ─ events ; tech ─ wikidata
    return lc::Taxonomy::from_json(R"({"format": "letsconnect.taxonomy/1", "name": "tiny", "nodes": [
        {"id": "org", "labels": {"en": "Organisational"}},
        {"id": "planning", "parent": "org", "labels": {"en": "Planning"}},
        {"id": "budgets", "parent": "planning", "labels": {"en": "Budgets"}},
        {"id": "events", "parent": "org", "labels": {"en": "Events"}},
        {"id": "tech", "labels": {"en": "Technical"}},
        {"id": "wikidata", "parent": "tech", "qid": "Q2013", "labels": {"en": "Wikidata"}}]})");
}

lc::Profile person(std::string username, std::string country, std::vector<std::string> shares, std::vector<std::string> learns,
                   std::vector<std::string> knows = {}, std::vector<lc::LanguageLevel> languages = {{"en", 3}}) {
    lc::Profile p;
    p.username = std::move(username);
    p.country = std::move(country);
    p.shares = std::move(shares);
    p.learns = std::move(learns);
    p.knows = std::move(knows);
    p.languages = std::move(languages);
    return p;
}

lc::Directory tiny_directory() {
    std::vector<lc::Profile> people = {
        person("Ayo Test", "NG", {"budgets", "events"}, {"wikidata"}, {}, {{"en", 4}, {"yo", lc::native_level}}),
        person("Bea Test", "NG", {}, {"budgets", "planning"}, {"events"}),
        person("Chi Test", "KE", {"wikidata"}, {"budgets"}, {}, {{"en", 2}, {"sw", lc::native_level}}),
        person("Dru Test", "FR", {}, {"org"}, {}, {{"fr", lc::native_level}, {"en", 1}}),
        person("Eli Test", "", {"events"}, {"Q2013"}),
    };
    return lc::Directory(std::move(people), std::make_shared<const lc::Taxonomy>(tiny_taxonomy()));
}

const lc::SkillCounts& counts_of(const lc::DirectoryStats& st, const lc::Directory& d, std::string_view id) {
    return st.skills.at(d.taxonomy().at(id));
}

}  // namespace

TEST(DirectoryStats, SkillCountsRollUpOncePerPerson) {
    const auto d = tiny_directory();
    const auto st = lc::directory_stats(d);
    EXPECT_EQ(st.profiles, 5u);
    ASSERT_EQ(st.skills.size(), d.taxonomy().size());
    // Bea wants budgets and planning: one person for planning and for org, not two.
    const auto& planning = counts_of(st, d, "planning");
    EXPECT_EQ(planning.learns, 2u);         // Bea (budgets and planning: once) and Chi (budgets)
    EXPECT_EQ(planning.learns_direct, 1u);  // Bea only
    const auto& org = counts_of(st, d, "org");
    EXPECT_EQ(org.learns, 3u);              // Bea, Chi, Dru
    EXPECT_EQ(org.learns_direct, 1u);       // Dru
    EXPECT_EQ(org.shares, 2u);              // Ayo (budgets, events: once), Eli (events)
    EXPECT_EQ(counts_of(st, d, "events").shares_direct, 2u);
    // Known = knows ∪ shares: Bea knows events, Ayo and Eli share it.
    EXPECT_EQ(counts_of(st, d, "events").known, 3u);
    EXPECT_EQ(org.known, 3u);
    // A QID in a profile counts for its node.
    EXPECT_EQ(counts_of(st, d, "wikidata").learns, 2u);
    EXPECT_EQ(counts_of(st, d, "tech").learns, 2u);
    EXPECT_EQ(counts_of(st, d, "tech").shares, 1u);
}

TEST(DirectoryStats, RegionsCountriesLanguages) {
    const auto d = tiny_directory();
    const auto st = lc::directory_stats(d);
    EXPECT_EQ(st.regions[static_cast<std::size_t>(lc::Region::SSA)], 3u);
    EXPECT_EQ(st.regions[static_cast<std::size_t>(lc::Region::NWE)], 1u);
    EXPECT_EQ(st.unknown_region, 1u);
    EXPECT_EQ(st.no_country, 1u);
    ASSERT_EQ(st.countries.size(), 3u);
    EXPECT_EQ(st.countries[0].country, "NG");  // most first, then by code
    EXPECT_EQ(st.countries[0].profiles, 2u);
    EXPECT_EQ(st.countries[0].region, lc::Region::SSA);
    EXPECT_EQ(st.countries[1].country, "FR");
    EXPECT_EQ(st.countries[2].country, "KE");
    ASSERT_FALSE(st.languages.empty());
    EXPECT_EQ(st.languages[0].language, "en");
    EXPECT_EQ(st.languages[0].speakers, 5u);
    EXPECT_EQ(st.languages[0].native, 0u);
    EXPECT_EQ(st.languages[0].by_region[static_cast<std::size_t>(lc::Region::SSA)], 3u);
    EXPECT_EQ(st.languages[0].by_region[static_cast<std::size_t>(lc::Region::NWE)], 1u);  // Eli has no region

    const auto fluent = lc::directory_stats(d, 3);
    const auto en = std::ranges::find(fluent.languages, std::string("en"), &lc::LanguageCount::language);
    ASSERT_NE(en, fluent.languages.end());
    EXPECT_EQ(en->speakers, 3u);  // Ayo 4, Bea 3, Eli 3
    const auto sw = std::ranges::find(fluent.languages, std::string("sw"), &lc::LanguageCount::language);
    ASSERT_NE(sw, fluent.languages.end());
    EXPECT_EQ(sw->native, 1u);
    EXPECT_THROW((void)lc::directory_stats(d, 0), std::invalid_argument);
    EXPECT_THROW((void)lc::directory_stats(d, 7), std::invalid_argument);
}

TEST(DirectoryStats, RegionCategoryIsEveryRegionTimesEveryRoot) {
    const auto d = tiny_directory();
    const auto st = lc::directory_stats(d);
    ASSERT_EQ(st.region_category.size(), lc::region_count * d.taxonomy().roots().size());
    std::map<std::pair<lc::Region, std::string>, lc::RegionCategoryCount> by;
    for (const auto& rc : st.region_category) by[{rc.region, d.taxonomy().node(rc.category).id}] = rc;
    EXPECT_EQ((by[{lc::Region::SSA, "org"}].learns), 2u);   // Bea, Chi
    EXPECT_EQ((by[{lc::Region::SSA, "org"}].shares), 1u);   // Ayo
    EXPECT_EQ((by[{lc::Region::SSA, "tech"}].learns), 1u);  // Ayo (Eli has no region)
    EXPECT_EQ((by[{lc::Region::NWE, "org"}].learns), 1u);   // Dru
    EXPECT_EQ((by[{lc::Region::LAC, "tech"}].known), 0u);
}

// The rolled-up counts equal a brute force over the profiles' own lists and the taxonomy.
TEST(DirectoryStats, MatchesBruteForceOnSampleDirectory) {
    const auto d = lc::Directory::load(lc_test::source_path("data/sample_directory.json"));
    const auto st = lc::directory_stats(d);
    const lc::Taxonomy& t = d.taxonomy();
    for (lc::SkillIndex node = 0; node < t.size(); ++node) {
        const auto below = t.subtree(node);
        const std::set<lc::SkillIndex> under(below.begin(), below.end());
        std::size_t shares = 0, learns = 0, known = 0;
        for (const auto& p : d.profiles()) {
            const auto any = [&](const std::vector<std::string>& ids) {
                return std::ranges::any_of(ids, [&](const std::string& id) { return under.count(t.at(id)) > 0; });
            };
            shares += any(p.shares);
            learns += any(p.learns);
            known += any(p.shares) || any(p.knows);
        }
        EXPECT_EQ(st.skills[node].shares, shares) << t.node(node).id;
        EXPECT_EQ(st.skills[node].learns, learns) << t.node(node).id;
        EXPECT_EQ(st.skills[node].known, known) << t.node(node).id;
    }
    std::size_t in_regions = st.unknown_region;
    for (const auto n : st.regions) in_regions += n;
    EXPECT_EQ(in_regions, d.size());
}

TEST(SkillGap, SortedByGapThenDemandWithClinicCoverage) {
    const auto d = tiny_directory();
    lc::Clinics clinics;
    lc::Clinic a;
    a.id = "c1";
    a.start = sys_days{2026y / 1 / 14} + 14h;
    a.skills = {"budgets"};
    lc::Clinic b = a;
    b.id = "c2";
    b.start = sys_days{2026y / 2 / 11} + 14h;
    b.skills = {"planning", "Q2013"};
    clinics.clinics = {a, b};
    const auto rows = lc::skill_gap(d, &clinics);
    ASSERT_EQ(rows.size(), d.taxonomy().size());
    for (std::size_t i = 1; i < rows.size(); ++i) {
        EXPECT_TRUE(rows[i - 1].gap > rows[i].gap || (rows[i - 1].gap == rows[i].gap && rows[i - 1].demand >= rows[i].demand));
    }
    std::map<std::string, lc::SkillGap> by;
    for (const auto& g : rows) by[d.taxonomy().node(g.skill).id] = g;
    EXPECT_EQ(by["planning"].demand, 2u);
    EXPECT_EQ(by["planning"].supply, 1u);
    EXPECT_EQ(by["planning"].gap, 1);
    EXPECT_DOUBLE_EQ(by["planning"].ratio, 1.0);
    EXPECT_EQ(by["planning"].clinics, 2u);  // c1 on budgets (below it) and c2 on planning
    EXPECT_EQ(by["org"].clinics, 2u);       // once per clinic, though c2 lists planning only
    EXPECT_EQ(by["budgets"].clinics, 1u);
    EXPECT_EQ(by["events"].clinics, 0u);
    EXPECT_FALSE(by["events"].last_clinic.has_value());
    EXPECT_EQ(by["tech"].last_clinic, b.start);
    EXPECT_EQ(by["wikidata"].gap, 1);

    lc::GapOptions opts;
    opts.depth = 0;
    const auto roots = lc::skill_gap(d, &clinics, opts);
    ASSERT_EQ(roots.size(), 2u);
    opts = {};
    opts.uncovered = true;
    for (const auto& g : lc::skill_gap(d, &clinics, opts)) EXPECT_EQ(g.clinics, 0u);
    opts.covered_since = b.start;  // only c2 counts as recent: budgets (c1 only) comes back
    const auto since = lc::skill_gap(d, &clinics, opts);
    EXPECT_TRUE(std::ranges::any_of(since, [&](const lc::SkillGap& g) { return d.taxonomy().node(g.skill).id == "budgets"; }));
    EXPECT_FALSE(std::ranges::any_of(since, [&](const lc::SkillGap& g) { return d.taxonomy().node(g.skill).id == "planning"; }));
    opts = {};
    opts.min_supply = 1;
    opts.top = 2;
    const auto led = lc::skill_gap(d, nullptr, opts);
    ASSERT_EQ(led.size(), 2u);
    for (const auto& g : led) EXPECT_GE(g.supply, 1u);
}

TEST(SkillGap, UnknownClinicSkillIsAValidationErrorNamingTheClinic) {
    const auto d = tiny_directory();
    lc::Clinics clinics;
    lc::Clinic a;
    a.id = "lc-9";
    a.skills = {"events", "underwater-basket-weaving"};
    clinics.clinics = {a};
    try {
        (void)lc::skill_gap(d, &clinics);
        FAIL() << "expected ValidationError";
    } catch (const lc::ValidationError& e) {
        ASSERT_EQ(e.problems().size(), 1u);
        EXPECT_EQ(e.problems()[0].where, "clinic 'lc-9'");
        EXPECT_EQ(e.problems()[0].field, "skills[1]");
        EXPECT_NE(e.problems()[0].message.find("underwater-basket-weaving"), std::string::npos);
    }
}

TEST(SkillGap, EmptyDirectory) {
    const auto d = lc::Directory({}, std::make_shared<const lc::Taxonomy>(tiny_taxonomy()));
    const auto rows = lc::skill_gap(d);
    ASSERT_EQ(rows.size(), d.taxonomy().size());
    for (const auto& g : rows) EXPECT_EQ(g.demand + g.supply, 0u);
    const auto st = lc::directory_stats(d);
    EXPECT_TRUE(st.countries.empty());
    EXPECT_TRUE(st.languages.empty());
}
