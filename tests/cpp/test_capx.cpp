// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
// Tests of letsconnect/capx.hpp: building a Directory from CapX REST JSON (tests/data/capx/,
// invented users in the exact field names of the CapX serializers, fake QIDs).

#include "test_helpers.hpp"

#include "letsconnect/capx.hpp"

#include <nlohmann/json.hpp>

using namespace letsconnect;
using lc_test::all_notes;
using lc_test::any_note;
using lc_test::capture;
using lc_test::contains;
using lc_test::ymd;

namespace {

std::string capx_file(const char* name) { return lc_test::slurp(lc_test::data_path(std::string("capx/") + name)); }

CapxSources full_sources() {
    CapxSources s;
    s.profiles = capx_file("profiles.json");
    s.skills = capx_file("skills.json");
    s.territories = capx_file("territories.json");
    s.languages = capx_file("languages.json");
    s.source = "capx-test";
    return s;
}

const Directory& capx_directory() {
    static const Directory dir = directory_from_capx(full_sources(), ymd(2026, 3, 2));
    return dir;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST(Capx, Usernames) {
    const auto& dir = capx_directory();
    ASSERT_EQ(dir.size(), 5U);
    Strings names;
    for (const auto& p : dir.profiles()) names.push_back(p.username);
    EXPECT_EQ(names, (Strings{"Luana Ribeiro", "Kwabena Asante", "Nyambura Kariuki", "Hoda Salem", "Jonas Vestergaard"}));
    EXPECT_EQ(dir.week(), ymd(2026, 3, 2));
    EXPECT_TRUE(contains(dir.source(), "capx-test")) << dir.source();
}

TEST(Capx, TaxonomyComesFromTheSkillList) {
    const auto& tax = capx_directory().taxonomy();
    EXPECT_EQ(tax.size(), 15U);
    Strings roots;
    for (auto r : tax.roots()) roots.push_back(tax.node(r).id);
    EXPECT_EQ(roots, (Strings{"10", "36", "50", "56", "65", "74", "106"}));
    EXPECT_EQ(tax.parent(tax.at("12")), tax.at("10"));
    EXPECT_EQ(tax.at("Q900108"), tax.at("108"));
    EXPECT_EQ(tax.depth(tax.at("109")), 2);
}

TEST(Capx, FullProfileMapping) {
    const auto& dir = capx_directory();
    const Profile& p = dir.profile(dir.at("Luana Ribeiro"));
    EXPECT_EQ(p.name, "Luana R.");                         // display_name
    EXPECT_EQ(p.aliases, (Strings{"LuanaR_alt"}));          // wiki_alt
    EXPECT_EQ(p.country, "BR");                            // territory 31, acronym "br"
    EXPECT_EQ(dir.regions()[dir.at("Luana Ribeiro")], Region::LAC);
    EXPECT_EQ(p.languages, (std::vector<LanguageLevel>{{"pt-br", native_level}, {"en", 3}}));
    EXPECT_EQ(p.shares, (Strings{"11", "107"}));            // skills_available
    EXPECT_EQ(p.learns, (Strings{"51"}));                   // skills_wanted
    EXPECT_EQ(p.knows, (Strings{"11", "37", "107"}));       // skills_known
    EXPECT_EQ(p.affiliations, (Strings{"capx-org-17"}));
    EXPECT_TRUE(p.timezone.empty());                       // CapX has no time zones
    EXPECT_TRUE(p.availability.empty());
    EXPECT_EQ(count_slots(dir.availability(dir.at("Luana Ribeiro"))), 0);
}

TEST(Capx, IdsAsNumericStrings) {
    const auto& dir = capx_directory();
    const Profile& p = dir.profile(dir.at("Kwabena Asante"));
    EXPECT_EQ(p.country, "GH");  // territory ["32"]
    EXPECT_EQ(dir.regions()[dir.at("Kwabena Asante")], Region::SSA);
    EXPECT_EQ(p.shares, (Strings{"12"}));
    EXPECT_EQ(p.learns, (Strings{"37", "108"}));
    EXPECT_EQ(p.knows, (Strings{"12", "38"}));
    // "n" → native; "0" is kept as level 0
    EXPECT_EQ(p.languages, (std::vector<LanguageLevel>{{"en", native_level}, {"fr", 0}}));
    EXPECT_TRUE(p.aliases.empty());  // empty wiki_alt
    EXPECT_TRUE(p.affiliations.empty());
}

TEST(Capx, RegionOnlyTerritory) {
    const auto& dir = capx_directory();
    const auto i = dir.at("Nyambura Kariuki");
    EXPECT_EQ(dir.regions()[i], Region::SSA);  // territory 19
    EXPECT_TRUE(dir.profile(i).country.empty());
    EXPECT_EQ(dir.countries()[i], no_country);
    EXPECT_EQ(dir.profile(i).affiliations, (Strings{"capx-org-5", "capx-org-9"}));
    EXPECT_EQ(dir.profile(i).languages, (std::vector<LanguageLevel>{{"sw", native_level}, {"en", 4}}));
    EXPECT_EQ(dir.regions()[dir.at("Jonas Vestergaard")], Region::NWE);  // territory 24
}

TEST(Capx, CountryWithStringParent) {
    const auto& dir = capx_directory();
    const auto i = dir.at("Hoda Salem");
    EXPECT_EQ(dir.profile(i).country, "EG");
    EXPECT_EQ(dir.regions()[i], Region::MENA);
    EXPECT_EQ(dir.profile(i).languages,
              (std::vector<LanguageLevel>{{"ar", native_level}, {"en", 2}, {"fr", 1}}));
    EXPECT_EQ(dir.profile(i).learns, (Strings{"36"}));
    EXPECT_TRUE(dir.profile(i).shares.empty());
}

TEST(Capx, ImportNotesNameUnmappedFields) {
    const auto& dir = capx_directory();
    ASSERT_FALSE(dir.import_notes().empty());
    EXPECT_TRUE(any_note(dir, "pronoun")) << all_notes(dir);
    EXPECT_TRUE(any_note(dir, "about")) << all_notes(dir);
    EXPECT_TRUE(any_note(dir, "wikimedia_project")) << all_notes(dir);
    EXPECT_TRUE(any_note(dir, "avatar")) << all_notes(dir);
}

TEST(Capx, ImportNotesNameUnmappedValues) {
    // Jonas lists language id 99, which is not in languages.json.
    const auto& dir = capx_directory();
    EXPECT_TRUE(any_note(dir, "99")) << all_notes(dir);
    const auto& jonas = dir.profile(dir.at("Jonas Vestergaard"));
    EXPECT_EQ(jonas.level("en"), 5);
}

TEST(Capx, SearchThroughTheCapxTaxonomy) {
    const auto& dir = capx_directory();
    auto names = [&](const SearchQuery& q) {
        Strings out;
        for (auto i : dir.search(q)) out.push_back(dir.profile(i).username);
        return out;
    };
    SearchQuery q;
    q.shares = {"10"};  // root 10 covers 11 and 12
    EXPECT_EQ(names(q), (Strings{"Kwabena Asante", "Luana Ribeiro"}));
    q.shares = {"Q900106"};
    EXPECT_EQ(names(q), (Strings{"Jonas Vestergaard", "Luana Ribeiro"}));
    SearchQuery l;
    l.learns = {"36"};
    EXPECT_EQ(names(l), (Strings{"Hoda Salem", "Kwabena Asante"}));
}

TEST(Capx, WithoutLanguageList) {
    // capx.hpp: without the language list languages are left out, with a note.
    auto sources = full_sources();
    sources.languages.clear();
    const auto dir = directory_from_capx(sources, ymd(2026, 3, 2));
    for (const auto& p : dir.profiles()) EXPECT_TRUE(p.languages.empty()) << p.username;
    EXPECT_TRUE(any_note(dir, "language")) << all_notes(dir);
    EXPECT_EQ(dir.size(), 5U);
}

TEST(Capx, WithoutTerritoryList) {
    auto sources = full_sources();
    sources.territories.clear();
    const auto dir = directory_from_capx(sources, ymd(2026, 3, 2));
    EXPECT_EQ(dir.regions()[dir.at("Nyambura Kariuki")], Region::SSA);
    EXPECT_EQ(dir.regions()[dir.at("Jonas Vestergaard")], Region::NWE);
    EXPECT_TRUE(dir.profile(dir.at("Luana Ribeiro")).country.empty());  // id 31 means nothing without the list
}

TEST(Capx, PlainListOfProfiles) {
    auto sources = full_sources();
    const auto paged = nlohmann::json::parse(sources.profiles);
    sources.profiles = paged.at("results").dump();
    const auto dir = directory_from_capx(sources, ymd(2026, 3, 2));
    ASSERT_EQ(dir.size(), capx_directory().size());
    EXPECT_TRUE(std::equal(dir.profiles().begin(), dir.profiles().end(), capx_directory().profiles().begin()));
}

TEST(Capx, SkillListAsIdToQidMap) {
    auto sources = full_sources();
    sources.skills = R"({"10": "Q900010", "36": "Q900036", "50": "Q900050", "56": "Q900056",
                         "65": "Q900065", "74": "Q900074", "106": "Q900106"})";
    auto root_only = nlohmann::json::parse(sources.profiles);
    for (auto& p : root_only.at("results")) {
        p["skills_known"] = nlohmann::json::array();
        p["skills_available"] = nlohmann::json::array({"65"});
        p["skills_wanted"] = nlohmann::json::array({36});
    }
    sources.profiles = root_only.dump();
    const auto dir = directory_from_capx(sources, ymd(2026, 3, 2));
    EXPECT_EQ(dir.taxonomy().size(), 7U);
    for (const auto& p : dir.profiles()) {
        EXPECT_EQ(p.shares, (Strings{"65"}));
        EXPECT_EQ(p.learns, (Strings{"36"}));
    }
}

TEST(Capx, RoundTripsThroughOwnFormat) {
    const auto& dir = capx_directory();
    const auto back = Directory::from_json(dir.to_json(), "<memory>", nullptr, dir.week());
    EXPECT_EQ(back.taxonomy(), dir.taxonomy());
    ASSERT_EQ(back.size(), dir.size());
    EXPECT_TRUE(std::equal(back.profiles().begin(), back.profiles().end(), dir.profiles().begin()));
}

TEST(Capx, BrokenInput) {
    auto bad_json = full_sources();
    bad_json.profiles = R"({"count": 1, "next": null, "results": [{"id": 1, )";
    auto e = capture<FormatError>([&] { (void)directory_from_capx(bad_json); });
    ASSERT_TRUE(e);
    EXPECT_TRUE(contains(e->what(), "capx-test")) << e->what();
    EXPECT_GT(e->line(), 0U);

    auto no_skills = full_sources();
    no_skills.skills.clear();
    EXPECT_THROW((void)directory_from_capx(no_skills), Error);

    auto cyclic_skills = full_sources();
    cyclic_skills.skills = R"([{"id": 1, "skill_wikidata_item": "Q1", "skill_type": 2},
                               {"id": 2, "skill_wikidata_item": "Q2", "skill_type": 1}])";
    EXPECT_THROW((void)directory_from_capx(cyclic_skills), ValidationError);
}
