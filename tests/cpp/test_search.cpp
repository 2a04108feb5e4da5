// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
// Tests of letsconnect/search.hpp (Directory::search): each filter on known people, then the
// engine against a brute-force filter over profiles() on a generated directory.

#include "test_helpers.hpp"

#include "letsconnect/directory.hpp"
#include "letsconnect/search.hpp"

#include <set>
#include <thread>

using namespace letsconnect;
using lc_test::capture;
using lc_test::data_path;
using lc_test::ymd;

namespace {

const Directory& good() {
    static const Directory dir = Directory::load(data_path("directory_good.json"), nullptr, ymd(2026, 3, 2));
    return dir;
}

const Directory& generated() {
    static const Directory dir(lc_test::generate_profiles(2000, 4242, *Taxonomy::bundled("letsconnect")), nullptr,
                               ymd(2026, 3, 2));
    return dir;
}

std::vector<std::string> names(const Directory& dir, const std::vector<ProfileIndex>& hits) {
    std::vector<std::string> out;
    for (auto i : hits) out.push_back(dir.profile(i).username);
    return out;
}

std::vector<std::string> search_names(const SearchQuery& q) { return names(good(), good().search(q)); }

using Names = std::vector<std::string>;

/// Slow reference: the documented meaning of every SearchQuery field, over profiles().
std::vector<ProfileIndex> brute_force(const Directory& dir, const SearchQuery& q) {
    const Taxonomy& tax = dir.taxonomy();
    auto skills_match = [&](const std::vector<std::string>& have, const std::vector<std::string>& wanted) {
        if (wanted.empty()) return true;
        for (const auto& h : have) {
            const SkillIndex hi = tax.at(h);
            const auto above = tax.ancestors(hi);
            for (const auto& w : wanted) {
                const SkillIndex wi = tax.at(w);
                if (wi == hi || std::find(above.begin(), above.end(), wi) != above.end()) return true;
            }
        }
        return false;
    };
    std::set<Region> regions;
    for (const auto& r : q.regions) regions.insert(*parse_region(r));
    std::set<CountryCode> countries;
    for (const auto& c : q.countries) countries.insert(*parse_country(c));
    std::set<std::string> excluded;
    for (const auto& u : q.exclude) excluded.insert(username_key(u));

    std::vector<ProfileIndex> out;
    for (ProfileIndex i = 0; i < dir.size(); ++i) {
        const Profile& p = dir.profile(i);
        if (!skills_match(p.shares, q.shares) || !skills_match(p.learns, q.learns) || !skills_match(p.knows, q.knows)) {
            continue;
        }
        const auto country = p.country.empty() ? std::nullopt : parse_country(p.country);
        const Region region = country ? country_region(*country) : p.region;
        if (!regions.empty() && !regions.count(region)) continue;
        if (!countries.empty() && (!country || !countries.count(*country))) continue;
        if (!q.languages.empty()) {
            const bool speaks = std::any_of(q.languages.begin(), q.languages.end(), [&](const std::string& code) {
                const auto level = p.level(code);
                return level && *level >= std::max<BabelLevel>(q.min_level, 1);  // 0 = not spoken
            });
            if (!speaks) continue;
        }
        if (excluded.count(username_key(p.username))) continue;
        out.push_back(i);
    }
    std::sort(out.begin(), out.end(),
              [&](ProfileIndex a, ProfileIndex b) { return dir.profile(a).username < dir.profile(b).username; });
    return out;
}

std::vector<SearchQuery> random_queries(const Directory& dir, std::size_t count, std::uint32_t seed) {
    static const char* region_codes[] = {"SSA", "MENA", "ESEAP", "SA", "CEECA", "NWE", "LAC", "NA", "usca", "CEE", "ssa"};
    static const char* country_codes[] = {"NG", "GH", "KE", "IN", "NP", "BR", "MX", "US", "DE", "UA", "KZ", "EG",
                                          "ID", "PY", "FR", "JP", "ng", "br"};
    static const char* language_codes[] = {"en", "fr", "es", "pt", "ar", "sw", "ha", "hi", "de", "ru", "pt-br", "tlh"};
    const Taxonomy& tax = dir.taxonomy();
    std::mt19937 rng(seed);
    auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    auto chance = [&](double p) { return std::uniform_real_distribution<double>(0.0, 1.0)(rng) < p; };
    auto skills = [&] {
        std::vector<std::string> out;
        const std::size_t n = 1 + pick(2);
        for (std::size_t k = 0; k < n; ++k) {
            const auto& node = tax.node(static_cast<SkillIndex>(pick(tax.size())));
            out.push_back(!node.qid.empty() && chance(0.5) ? node.qid : node.id);
        }
        return out;
    };
    std::vector<SearchQuery> out;
    for (std::size_t k = 0; k < count; ++k) {
        SearchQuery q;
        if (chance(0.35)) q.shares = skills();
        if (chance(0.3)) q.learns = skills();
        if (chance(0.2)) q.knows = skills();
        if (chance(0.3)) {
            for (std::size_t n = 1 + pick(2); n > 0; --n) q.regions.push_back(region_codes[pick(std::size(region_codes))]);
        }
        if (chance(0.2)) {
            for (std::size_t n = 1 + pick(3); n > 0; --n) q.countries.push_back(country_codes[pick(std::size(country_codes))]);
        }
        if (chance(0.4)) {
            for (std::size_t n = 1 + pick(2); n > 0; --n) q.languages.push_back(language_codes[pick(std::size(language_codes))]);
            q.min_level = static_cast<BabelLevel>(pick(7));
        }
        if (chance(0.3)) {
            for (std::size_t n = 1 + pick(20); n > 0; --n) q.exclude.push_back(dir.profile(static_cast<ProfileIndex>(pick(dir.size()))).username);
        }
        out.push_back(std::move(q));
    }
    return out;
}

}  // namespace

// --- each filter on known people ----------------------------------------------------------

TEST(Search, EmptyQueryReturnsEverybodySortedByUsername) {
    const auto all = search_names(SearchQuery{});
    EXPECT_EQ(all.size(), good().size());
    EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));
}

TEST(Search, SharesExactSkill) {
    SearchQuery q;
    q.shares = {"event-organising"};
    EXPECT_EQ(search_names(q), (Names{"Zainab Lawal"}));
}

TEST(Search, SharesCategoryExpandsToItsSkills) {
    SearchQuery q;
    q.shares = {"grants-resources"};
    EXPECT_EQ(search_names(q), (Names{"Dana Whitfield", "Zainab Lawal"}));
    q.shares = {"on-wiki-technical"};
    EXPECT_EQ(search_names(q), (Names{"Bishnu Thapa", "Kwesi_Boateng", "Lucía Fernández", "Mehdi Benali"}));
}

TEST(Search, SharesMidLevelSkillExpandsToSubSkills) {
    SearchQuery q;
    q.shares = {"campaigns"};  // editathons and photo-contests are below it
    EXPECT_EQ(search_names(q), (Names{"Bishnu Thapa", "Lucía Fernández"}));
    q.shares = {"photo-contests"};  // a sub-skill does not match its parent or siblings
    EXPECT_EQ(search_names(q), (Names{"Bishnu Thapa"}));
}

TEST(Search, SkillsByQid) {
    SearchQuery by_qid, by_id;
    by_qid.shares = {"Q2013"};
    by_id.shares = {"wikidata"};
    EXPECT_EQ(search_names(by_qid), (Names{"Kwesi_Boateng"}));
    EXPECT_EQ(good().search(by_qid), good().search(by_id));
}

TEST(Search, LearnsAndKnows) {
    SearchQuery q;
    q.learns = {"grant-writing"};
    EXPECT_EQ(search_names(q), (Names{"Bishnu Thapa"}));
    q.learns = {"grants-resources"};  // Kwesi lists the category itself
    EXPECT_EQ(search_names(q), (Names{"Bishnu Thapa", "Kwesi_Boateng", "Lucía Fernández"}));
    SearchQuery k;
    k.knows = {"wikidata"};
    EXPECT_EQ(search_names(k), (Names{"Zainab Lawal"}));
    k.knows = {"on-wiki-technical"};
    EXPECT_EQ(search_names(k), (Names{"Mehdi Benali", "Zainab Lawal"}));
}

TEST(Search, OrWithinAField) {
    SearchQuery q;
    q.shares = {"mentoring", "surveys"};
    EXPECT_EQ(search_names(q), (Names{"Ingrid Halvorsen", "Priyanka.R"}));
}

TEST(Search, RegionsWithAliases) {
    SearchQuery q;
    q.regions = {"SA"};
    EXPECT_EQ(search_names(q), (Names{"Bishnu Thapa", "Priyanka.R"}));
    q.regions = {"USCA"};
    EXPECT_EQ(search_names(q), (Names{"Dana Whitfield"}));
    q.regions = {"cee"};
    EXPECT_EQ(search_names(q), (Names{"Айгуль Сапарова"}));
    q.regions = {"SSA", "nwe"};  // Kwesi's region is derived from GH
    EXPECT_EQ(search_names(q), (Names{"Ingrid Halvorsen", "Kwesi_Boateng", "Zainab Lawal"}));
}

TEST(Search, Countries) {
    SearchQuery q;
    q.countries = {"NG", "IN"};
    EXPECT_EQ(search_names(q), (Names{"Priyanka.R", "Zainab Lawal"}));
    q.countries = {"ar"};
    EXPECT_EQ(search_names(q), (Names{"Lucía Fernández"}));
    q.countries = {"JP"};
    EXPECT_TRUE(search_names(q).empty());
}

TEST(Search, LanguagesWithMinimumLevel) {
    SearchQuery q;
    q.languages = {"fr"};
    EXPECT_EQ(search_names(q), (Names{"Mehdi Benali"}));
    q.languages = {"en"};
    q.min_level = 5;
    EXPECT_EQ(search_names(q), (Names{"Dana Whitfield", "Ingrid Halvorsen", "Kwesi_Boateng"}));
    q.min_level = native_level;
    EXPECT_EQ(search_names(q), (Names{"Dana Whitfield"}));
    q.languages = {"hi"};
    q.min_level = 3;
    EXPECT_EQ(search_names(q), (Names{"Bishnu Thapa", "Priyanka.R"}));
    q.min_level = 4;
    EXPECT_EQ(search_names(q), (Names{"Priyanka.R"}));
    q.languages = {"ru", "kk"};
    q.min_level = 0;
    EXPECT_EQ(search_names(q), (Names{"Айгуль Сапарова"}));
    q.languages = {"tlh"};  // nobody speaks it
    EXPECT_TRUE(search_names(q).empty());
}

TEST(Search, Exclude) {
    SearchQuery q;
    q.languages = {"en"};
    q.min_level = 5;
    q.exclude = {"Dana Whitfield"};
    EXPECT_EQ(search_names(q), (Names{"Ingrid Halvorsen", "Kwesi_Boateng"}));
    q.exclude = {"Kwesi Boateng", "Nobody Here"};  // compared by username key; unknown names ignored
    EXPECT_EQ(search_names(q), (Names{"Dana Whitfield", "Ingrid Halvorsen"}));
}

TEST(Search, AndAcrossFields) {
    SearchQuery q;
    q.shares = {"on-wiki-technical"};
    q.regions = {"SSA"};
    EXPECT_EQ(search_names(q), (Names{"Kwesi_Boateng"}));
    q.regions.clear();
    q.languages = {"es"};
    EXPECT_EQ(search_names(q), (Names{"Lucía Fernández"}));
    q.learns = {"social-media"};
    EXPECT_TRUE(search_names(q).empty());
}

TEST(Search, UnknownSkillIsNotFound) {
    SearchQuery q;
    q.shares = {"underwater-basket-weaving"};
    auto e = capture<NotFoundError>([&] { (void)good().search(q); });
    ASSERT_TRUE(e);
    EXPECT_EQ(e->key(), "underwater-basket-weaving");
    SearchQuery l;
    l.learns = {"Q999999999"};
    EXPECT_THROW((void)good().search(l), NotFoundError);
}

TEST(Search, BadFilterValuesAreValidationErrors) {
    SearchQuery q;
    q.regions = {"ATLANTIS"};
    EXPECT_THROW((void)good().search(q), ValidationError);
    SearchQuery c;
    c.countries = {"XX"};
    EXPECT_THROW((void)good().search(c), ValidationError);
}

// --- against the brute-force reference ----------------------------------------------------

TEST(SearchReference, MatchesBruteForceOnGeneratedDirectory) {
    const auto& dir = generated();
    ASSERT_EQ(dir.size(), 2000U);
    std::size_t non_empty = 0, partial = 0;
    for (const auto& q : random_queries(dir, 400, 17)) {
        const auto want = brute_force(dir, q);
        const auto got = dir.search(q);
        ASSERT_EQ(names(dir, got), names(dir, want))
            << "shares=" << q.shares.size() << " learns=" << q.learns.size() << " knows=" << q.knows.size()
            << " regions=" << q.regions.size() << " countries=" << q.countries.size()
            << " languages=" << q.languages.size() << " min_level=" << int(q.min_level)
            << " exclude=" << q.exclude.size();
        if (!want.empty()) ++non_empty;
        if (!want.empty() && want.size() < dir.size()) ++partial;
    }
    EXPECT_GT(non_empty, 100U) << "the random queries are too selective to test anything";
    EXPECT_GT(partial, 100U);
}

TEST(SearchReference, EverySkillOfTheTaxonomy) {
    const auto& dir = generated();
    const auto& tax = dir.taxonomy();
    for (SkillIndex s = 0; s < tax.size(); ++s) {
        for (int set = 0; set < 3; ++set) {
            SearchQuery q;
            (set == 0 ? q.shares : set == 1 ? q.learns : q.knows) = {tax.node(s).id};
            EXPECT_EQ(dir.search(q), brute_force(dir, q)) << tax.node(s).id << " set " << set;
        }
    }
}

TEST(SearchReference, SafeFromManyThreads) {
    const auto& dir = generated();
    const auto queries = random_queries(dir, 120, 99);
    std::vector<std::vector<ProfileIndex>> expected;
    for (const auto& q : queries) expected.push_back(dir.search(q));
    std::vector<int> mismatches(4, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (std::size_t k = 0; k < queries.size(); ++k) {
                const auto idx = (k + static_cast<std::size_t>(t) * 31) % queries.size();
                if (dir.search(queries[idx]) != expected[idx]) ++mismatches[static_cast<std::size_t>(t)];
            }
        });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(mismatches, (std::vector<int>{0, 0, 0, 0}));
}
