// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
// Tests of letsconnect/affiliates.hpp: affiliate organisations from CapX (tests/data/capx/,
// invented organisations in the field names of CapX's serializers) and from memory, members
// and their languages, validation, and recommend_orgs / recommend_partners against a full sort
// of the kernel's scores (Scorer on Affiliates::index()) and against a directory of the
// organisations built here from the contract ("scored as if it were a profile").

#include "test_helpers.hpp"

#include "letsconnect/affiliates.hpp"
#include "letsconnect/capx.hpp"
#include "letsconnect/text.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <set>

using namespace letsconnect;
using lc_test::all_notes;
using lc_test::any_note;
using lc_test::capture;
using lc_test::contains;
using lc_test::has_problem;
using lc_test::ymd;

namespace {

using Strings = std::vector<std::string>;
using Languages = std::map<std::string, int>;

std::string capx_file(const std::string& name) { return lc_test::slurp(lc_test::data_path("capx/" + name)); }

CapxSources capx_sources(const std::string& organizations = capx_file("organizations.json")) {
    CapxSources s;
    s.profiles = capx_file("profiles.json");
    s.skills = capx_file("skills.json");
    s.territories = capx_file("territories.json");
    s.languages = capx_file("languages.json");
    s.organizations = organizations;
    s.source = "capx-aff";
    return s;
}

const Directory& capx_directory() {
    static const Directory dir = directory_from_capx(capx_sources(), ymd(2026, 3, 2));
    return dir;
}

const Affiliates& capx_affiliates() {
    const Affiliates* a = capx_directory().affiliates();
    if (a == nullptr) throw std::runtime_error("the CapX directory has no affiliates");
    return *a;
}

const Organisation& org_by_id(const Affiliates& a, std::string_view id) {
    for (const auto& o : a.organisations())
        if (o.id == id) return o;
    throw std::runtime_error("no organisation " + std::string(id));
}

Strings ids_of(const Affiliates& a) {
    Strings out;
    for (const auto& o : a.organisations()) out.push_back(o.id);
    return out;
}

Languages languages_of(const std::vector<LanguageLevel>& list) {
    Languages out;
    for (const auto& l : list) out[l.code] = l.level;
    return out;
}

// A CapX /organizations/ document holding the one organisation `item` (JSON text).
std::string one_org(const std::string& item) { return "[" + item + "]"; }

const Organisation& only_org(const Directory& dir) {
    if (dir.affiliates() == nullptr || dir.affiliates()->size() != 1) throw std::runtime_error("expected one organisation");
    return dir.affiliates()->organisation(0);
}

// --- memory fixtures -------------------------------------------------------------------------

Profile person(std::string username, Strings shares, Strings learns, Strings affiliations = {},
               std::vector<LanguageLevel> languages = {{"en", 3}}, std::string country = "") {
    Profile p;
    p.username = std::move(username);
    p.shares = std::move(shares);
    p.learns = std::move(learns);
    p.affiliations = std::move(affiliations);
    p.languages = std::move(languages);
    p.country = std::move(country);
    return p;
}

Organisation org(std::string id, Strings shares, Strings learns = {}, std::string country = "",
                 std::vector<LanguageLevel> languages = {}) {
    Organisation o;
    o.id = std::move(id);
    o.shares = std::move(shares);
    o.learns = std::move(learns);
    o.country = std::move(country);
    o.languages = std::move(languages);
    return o;
}

// --- the reference ranking ---------------------------------------------------------------------

std::string describe(const Affiliates& a, const std::vector<OrgMatch>& list) {
    std::ostringstream out;
    for (const auto& m : list) out << "\n  " << a.organisation(m.candidate).id << " " << m.score.total;
    return out.str();
}

// Every organisation the kernel accepts, by `scorer` on Affiliates::index(), except those in
// `skip`, best first, ties by the id's username key: the full sort the engines must equal.
std::vector<OrgMatch> full_sort(const Scorer& scorer, const Affiliates& a, const std::set<std::size_t>& skip = {}) {
    std::vector<OrgMatch> out;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (skip.contains(i)) continue;
        if (auto s = scorer(static_cast<ProfileIndex>(i))) out.push_back({static_cast<ProfileIndex>(i), *s});
    }
    std::stable_sort(out.begin(), out.end(), [&](const OrgMatch& x, const OrgMatch& y) {
        if (x.score.total != y.score.total) return x.score.total > y.score.total;
        return username_key(a.organisation(x.candidate).id) < username_key(a.organisation(y.candidate).id);
    });
    return out;
}

// Positions of the organisations `p` is a member of (its affiliations list their ids).
std::set<std::size_t> own_organisations(const Profile& p, const Affiliates& a) {
    std::set<std::size_t> out;
    for (std::size_t i = 0; i < a.size(); ++i)
        for (const auto& aff : p.affiliations)
            if (username_key(aff) == username_key(a.organisation(i).id)) out.insert(i);
    return out;
}

std::vector<OrgMatch> expected_orgs(const Directory& people, const Affiliates& a, ProfileIndex who, std::size_t k,
                                    const Weights& w, const ScoreOptions& o) {
    const Profile& p = people.profile(who);
    auto all = full_sort(Scorer(a.index(), p, w, o), a, own_organisations(p, a));
    if (all.size() > k) all.resize(k);
    return all;
}

std::vector<OrgMatch> expected_partners(const Affiliates& a, std::size_t from, std::size_t k, const Weights& w,
                                        const ScoreOptions& o) {
    auto all = full_sort(Scorer(a.index(), static_cast<ProfileIndex>(from), w, o), a, {from});
    if (all.size() > k) all.resize(k);
    return all;
}

ScoreOptions options(Direction d, bool require_skill = true) {
    ScoreOptions o;
    o.direction = d;
    o.require_skill = require_skill;
    return o;
}

constexpr Direction all_directions[] = {Direction::learn_from, Direction::share_with, Direction::mutual};

// Members and merged languages of every organisation, computed from the contract: a member is a
// profile whose affiliations list the organisation's id; the organisation's level in a language
// is the best of the given one and its members' (languages they speak, level ≥ 1).
struct Membership {
    std::vector<std::size_t> members;
    std::vector<Languages> languages;
};

Membership membership(std::span<const Organisation> given, const Directory& people) {
    Membership m;
    for (const auto& o : given) {
        std::size_t n = 0;
        Languages langs = languages_of(o.languages);
        for (const auto& p : people.profiles()) {
            const bool member = std::any_of(p.affiliations.begin(), p.affiliations.end(),
                                            [&](const std::string& a) { return username_key(a) == username_key(o.id); });
            if (!member) continue;
            ++n;
            for (const auto& l : p.languages)
                if (l.level >= 1) langs[l.code] = std::max(langs[l.code], static_cast<int>(l.level));
        }
        m.members.push_back(n);
        m.languages.push_back(langs);
    }
    return m;
}

// The organisations as a directory of profiles, built here from the contract: shares, learns,
// knows, country, region and the merged languages; no availability.
Directory organisations_as_profiles(std::span<const Organisation> given, const Directory& people) {
    const auto m = membership(given, people);
    std::vector<Profile> rows;
    for (std::size_t i = 0; i < given.size(); ++i) {
        Profile p;
        p.username = given[i].id;
        p.shares = given[i].shares;
        p.learns = given[i].learns;
        p.knows = given[i].knows;
        p.country = given[i].country;
        p.region = given[i].region;
        for (const auto& [code, level] : m.languages[i]) p.languages.push_back({code, static_cast<BabelLevel>(level)});
        rows.push_back(std::move(p));
    }
    return Directory(std::move(rows), people.taxonomy_ptr(), people.week(), "reference organisations");
}

// A small invented directory (bundled taxonomy) with organisations for the hand-made tests.
Directory memory_people() {
    return Directory({person("Ana Testa", {"grant-writing"}, {"event-organising"}, {"org-a"}, {{"en", 3}, {"fr", 2}}, "KE"),
                      person("Bo Testb", {"event-organising"}, {"grant-writing"}, {"org-a", "org-b"}, {{"sw", 6}, {"fr", 0}}),
                      person("Cy Testc", {"social-media"}, {"mentoring"}, {}, {{"en", 2}}, "DE")},
                     nullptr, ymd(2026, 3, 2), "memory-aff");
}

std::vector<Organisation> memory_orgs() {
    std::vector<Organisation> out;
    out.push_back(org("org-a", {"event-organising"}, {"grant-writing"}, "KE", {{"fr", 1}, {"de", 4}}));
    out.back().acronym = "OA";
    out.push_back(org("org-b", {"mentoring"}, {"social-media"}, "NG"));
    out.back().acronym = "OB";
    out.push_back(org("org-c", {"grant-writing"}, {"event-organising"}));
    out.back().region = Region::NWE;
    return out;
}

}  // namespace

// ================================================================================================
// CapX import
// ================================================================================================

TEST(AffiliatesCapx, OrganisationsInTheOrderGiven) {
    const auto& a = capx_affiliates();
    ASSERT_EQ(a.size(), 4U);
    EXPECT_EQ(ids_of(a), (Strings{"capx-org-17", "capx-org-5", "capx-org-9", "capx-org-23"}));
    ASSERT_EQ(a.given().size(), 4U);
    ASSERT_EQ(a.index().size(), 4U);
    for (std::size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a.index().profile(static_cast<ProfileIndex>(i)).username, a.organisation(i).id);
        EXPECT_EQ(a.given()[i].id, a.organisation(i).id);
    }
}

TEST(AffiliatesCapx, EveryFieldOfAnOrganisationWithNames) {
    // id 17: no display_name, `names` in Portuguese first, then English → the English one.
    const auto& o = org_by_id(capx_affiliates(), "capx-org-17");
    EXPECT_EQ(o.acronym, "WMBR-T");
    EXPECT_EQ(o.name, "Wikimedia Brazil (test)");
    EXPECT_EQ(o.type, "1");
    EXPECT_EQ(o.country, "BR");  // territory 31, acronym "br"
    EXPECT_EQ(o.region, Region::LAC);
    EXPECT_EQ(o.managers, 1U);
    EXPECT_EQ(o.shares, (Strings{"51"}));        // available_capacities
    EXPECT_EQ(o.learns, (Strings{"108"}));       // wanted_capacities
    EXPECT_EQ(o.knows, (Strings{"11", "51"}));   // known_capacities
}

TEST(AffiliatesCapx, DisplayNameAndEmptyManagers) {
    const auto& o = org_by_id(capx_affiliates(), "capx-org-5");
    EXPECT_EQ(o.acronym, "WMKE-T");
    EXPECT_EQ(o.name, "Wikimedia Kenya (test)");
    EXPECT_EQ(o.type, "2");
    EXPECT_EQ(o.country, "KE");
    EXPECT_EQ(o.region, Region::SSA);
    EXPECT_EQ(o.managers, 0U);
    EXPECT_EQ(o.shares, (Strings{"108", "74"}));
    EXPECT_EQ(o.learns, (Strings{"51"}));
    EXPECT_TRUE(o.knows.empty());
}

TEST(AffiliatesCapx, StringIdAndRegionOnlyTerritory) {
    // "id": "9", territory [19] (Sub-Saharan Africa, a region, no country).
    const auto& o = org_by_id(capx_affiliates(), "capx-org-9");
    EXPECT_EQ(o.acronym, "AFC-T");
    EXPECT_EQ(o.name, "Afrocuration Circle (test)");
    EXPECT_EQ(o.type, "3");
    EXPECT_TRUE(o.country.empty());
    EXPECT_EQ(o.region, Region::SSA);
    EXPECT_EQ(o.managers, 2U);
    EXPECT_EQ(o.shares, (Strings{"11", "12"}));
    EXPECT_EQ(o.learns, (Strings{"65"}));  // 999 is not in the skill list
    EXPECT_TRUE(o.knows.empty());
    const auto i = capx_affiliates().at("capx-org-9");
    EXPECT_EQ(capx_affiliates().index().countries()[i], no_country);
    EXPECT_EQ(capx_affiliates().index().regions()[i], Region::SSA);
}

TEST(AffiliatesCapx, UnknownTerritoryAndMissingManagers) {
    // territory [24, 77]: NWE, and 77 which is neither a region nor a known country.
    const auto& o = org_by_id(capx_affiliates(), "capx-org-23");
    EXPECT_EQ(o.acronym, "NORD-T");
    EXPECT_EQ(o.region, Region::NWE);
    EXPECT_TRUE(o.country.empty());
    EXPECT_EQ(o.managers, 0U);
    EXPECT_EQ(o.shares, (Strings{"108"}));
    EXPECT_EQ(o.learns, (Strings{"11", "51"}));
}

TEST(AffiliatesCapx, ImportNotesNameUnknownCapacitiesAndTerritories) {
    const auto& dir = capx_directory();
    EXPECT_TRUE(any_note(dir, "organization capacit")) << all_notes(dir);
    EXPECT_TRUE(any_note(dir, "999")) << all_notes(dir);
    EXPECT_TRUE(any_note(dir, "organization territor")) << all_notes(dir);
    EXPECT_TRUE(any_note(dir, "77")) << all_notes(dir);
    // The profiles' notes are still there.
    EXPECT_TRUE(any_note(dir, "pronoun")) << all_notes(dir);
}

TEST(AffiliatesCapx, MembersAndTheirLanguages) {
    const auto& a = capx_affiliates();
    // Luana (17), Nyambura (5 and 9); nobody lists 23.
    EXPECT_EQ(a.members(a.at("capx-org-17")), 1U);
    EXPECT_EQ(a.members(a.at("capx-org-5")), 1U);
    EXPECT_EQ(a.members(a.at("capx-org-9")), 1U);
    EXPECT_EQ(a.members(a.at("capx-org-23")), 0U);
    EXPECT_EQ(languages_of(org_by_id(a, "capx-org-17").languages), (Languages{{"pt-br", 6}, {"en", 3}}));
    EXPECT_EQ(languages_of(org_by_id(a, "capx-org-5").languages), (Languages{{"sw", 6}, {"en", 4}}));
    EXPECT_EQ(languages_of(org_by_id(a, "capx-org-9").languages), (Languages{{"sw", 6}, {"en", 4}}));
    EXPECT_TRUE(org_by_id(a, "capx-org-23").languages.empty());
    // CapX gives organisations no languages of their own.
    for (const auto& o : a.given()) EXPECT_TRUE(o.languages.empty()) << o.id;
}

TEST(AffiliatesCapx, PlainListEqualsPagedList) {
    const auto paged = capx_file("organizations.json");
    const auto doc = nlohmann::json::parse(paged);
    const Directory plain = directory_from_capx(capx_sources(doc["results"].dump()), ymd(2026, 3, 2));
    ASSERT_NE(plain.affiliates(), nullptr);
    const auto a = capx_affiliates().organisations();
    const auto b = plain.affiliates()->organisations();
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i], b[i]) << a[i].id;
}

TEST(AffiliatesCapx, WithoutOrganizationsThereAreNone) {
    const Directory dir = directory_from_capx(capx_sources(""), ymd(2026, 3, 2));
    EXPECT_EQ(dir.affiliates(), nullptr);
    EXPECT_EQ(dir.size(), 5U);
}

TEST(AffiliatesCapx, EnglishNameElseTheFirstDisplayNameFirst) {
    const auto first = directory_from_capx(capx_sources(one_org(
        R"({"id": 1, "names": [{"language_code": "fr", "name": "Cercle Inventé"}, {"language_code": "de", "name": "Erfundener Kreis"}]})")));
    EXPECT_EQ(only_org(first).name, "Cercle Inventé");
    const auto english = directory_from_capx(capx_sources(one_org(
        R"({"id": 1, "names": [{"language_code": "fr", "name": "Cercle Inventé"}, {"language_code": "en", "name": "Invented Circle"}, {"language_code": "es", "name": "Círculo"}]})")));
    EXPECT_EQ(only_org(english).name, "Invented Circle");
    const auto display = directory_from_capx(capx_sources(one_org(
        R"({"id": 1, "display_name": "Invented Circle Display", "names": [{"language_code": "en", "name": "Invented Circle"}]})")));
    EXPECT_EQ(only_org(display).name, "Invented Circle Display");
    const auto none = directory_from_capx(capx_sources(one_org(R"({"id": 1})")));
    EXPECT_EQ(only_org(none).id, "capx-org-1");
    EXPECT_TRUE(only_org(none).name.empty());
    EXPECT_TRUE(only_org(none).acronym.empty());
    EXPECT_EQ(only_org(none).managers, 0U);
    EXPECT_EQ(only_org(none).region, Region::Unknown);
}

TEST(AffiliatesCapx, NumericStringIdsAndDuplicateCapacities) {
    const auto dir = directory_from_capx(capx_sources(one_org(
        R"({"id": "31", "type": "4", "available_capacities": ["51", 51, 107], "wanted_capacities": ["11"], "known_capacities": [36, "Q1"], "territory": ["35"], "managers": [1, 2, 3]})")));
    const auto& o = only_org(dir);
    EXPECT_EQ(o.id, "capx-org-31");
    EXPECT_EQ(o.type, "4");
    EXPECT_EQ(o.shares, (Strings{"51", "107"}));
    EXPECT_EQ(o.learns, (Strings{"11"}));
    EXPECT_EQ(o.knows, (Strings{"36"}));  // "Q1" is no capacity id
    EXPECT_EQ(o.country, "ID");            // territory "35", Indonesia
    EXPECT_EQ(o.region, Region::ESEAP);
    EXPECT_EQ(o.managers, 3U);
    EXPECT_TRUE(any_note(dir, "organization capacit")) << all_notes(dir);
}

TEST(AffiliatesCapx, CountryDecidesTheRegion) {
    // A region territory (NWE) and a country (Brazil, LAC): the country's region.
    const auto dir = directory_from_capx(capx_sources(one_org(R"({"id": 2, "territory": [24, 31]})")));
    EXPECT_EQ(only_org(dir).country, "BR");
    EXPECT_EQ(only_org(dir).region, Region::LAC);
}

TEST(AffiliatesCapx, RegionIdsWithoutATerritoryList) {
    auto s = capx_sources(one_org(R"({"id": 3, "territory": [21]})"));
    s.territories.clear();
    const auto dir = directory_from_capx(s);
    EXPECT_EQ(only_org(dir).region, Region::ESEAP);
    EXPECT_TRUE(only_org(dir).country.empty());
}

TEST(AffiliatesCapx, StringTypeKept) {
    const auto dir = directory_from_capx(capx_sources(one_org(R"({"id": 4, "type": "T"})")));
    EXPECT_EQ(only_org(dir).type, "T");
}

TEST(AffiliatesCapx, OrganisationWithoutAnIdIsAnError) {
    const auto e = capture<ValidationError>([] {
        (void)directory_from_capx(capx_sources(R"({"count": 2, "next": null, "previous": null, "results": [
            {"id": 7, "acronym": "OK-T"}, {"acronym": "NOID-T", "display_name": "Invented Group Without Id"}]})"));
    });
    ASSERT_TRUE(e);
    EXPECT_TRUE(has_problem(e->problems(), "id", "results[1]")) << lc_test::dump(e->problems());
    EXPECT_TRUE(contains(e->what(), "organizations")) << e->what();
    EXPECT_FALSE(has_problem(e->problems(), "", "results[0]")) << lc_test::dump(e->problems());
}

TEST(AffiliatesCapx, NonNumericIdIsAnError) {
    const auto e = capture<ValidationError>([] { (void)directory_from_capx(capx_sources(one_org(R"({"id": "seventeen"})"))); });
    ASSERT_TRUE(e);
    EXPECT_TRUE(has_problem(e->problems(), "id", "results[0]")) << lc_test::dump(e->problems());
}

TEST(AffiliatesCapx, MalformedJsonIsAFormatError) {
    const auto e = capture<FormatError>(
        [] { (void)directory_from_capx(capx_sources(R"([{"id": 1, "acronym": "BROKEN-T", "names": [}])")); });
    ASSERT_TRUE(e);
    EXPECT_TRUE(contains(e->what(), "organizations")) << e->what();
}

TEST(AffiliatesCapx, NotAListIsAFormatError) {
    const auto e = capture<FormatError>([] { (void)directory_from_capx(capx_sources(R"({"count": 1, "items": []})")); });
    ASSERT_TRUE(e);
    EXPECT_TRUE(contains(e->what(), "organizations")) << e->what();
}

TEST(AffiliatesCapx, BadInputFilesUnderTestData) {
    // The files the Python suite uses too.
    EXPECT_TRUE(capture<ValidationError>(
        [] { (void)directory_from_capx(capx_sources(capx_file("organizations_missing_id.json"))); }));
    EXPECT_TRUE(capture<FormatError>([] { (void)directory_from_capx(capx_sources(capx_file("organizations_malformed.json"))); }));
}

// ================================================================================================
// members and languages
// ================================================================================================

TEST(AffiliatesMembers, GivenLanguagesMergedWithMembersBest) {
    const Directory dir = memory_people().with_organisations(memory_orgs());
    ASSERT_NE(dir.affiliates(), nullptr);
    const auto& a = *dir.affiliates();
    ASSERT_EQ(a.size(), 3U);
    EXPECT_EQ(a.members(0), 2U);  // Ana, Bo
    EXPECT_EQ(a.members(1), 1U);  // Bo
    EXPECT_EQ(a.members(2), 0U);
    // org-a: given fr 1, de 4; Ana en 3, fr 2; Bo sw N (fr 0 = not spoken).
    EXPECT_EQ(languages_of(a.organisation(0).languages), (Languages{{"de", 4}, {"en", 3}, {"fr", 2}, {"sw", 6}}));
    EXPECT_EQ(languages_of(a.organisation(1).languages), (Languages{{"sw", 6}}));
    EXPECT_TRUE(a.organisation(2).languages.empty());
    // given() keeps the organisations as they were given.
    const auto given = memory_orgs();
    ASSERT_EQ(a.given().size(), given.size());
    for (std::size_t i = 0; i < given.size(); ++i) EXPECT_EQ(a.given()[i], given[i]) << given[i].id;
    // Everything but the languages (and a region derived from the country) is as given.
    for (std::size_t i = 0; i < given.size(); ++i) {
        const auto& o = a.organisation(i);
        EXPECT_EQ(o.id, given[i].id);
        EXPECT_EQ(o.acronym, given[i].acronym);
        EXPECT_EQ(o.shares, given[i].shares);
        EXPECT_EQ(o.learns, given[i].learns);
        EXPECT_EQ(o.country, given[i].country);
    }
    EXPECT_EQ(a.organisation(0).region, Region::SSA);  // from KE
    EXPECT_EQ(a.organisation(1).region, Region::SSA);  // from NG
    EXPECT_EQ(a.organisation(2).region, Region::NWE);  // as given
}

TEST(AffiliatesMembers, AGivenLevelAboveTheMembersStays) {
    auto orgs = memory_orgs();
    orgs[1].languages = {{"sw", 2}, {"en", 6}};
    const Directory dir = memory_people().with_organisations(orgs);
    EXPECT_EQ(languages_of(dir.affiliates()->organisation(1).languages), (Languages{{"sw", 6}, {"en", 6}}));
}

TEST(AffiliatesMembers, IndexRowsAreTheOrganisations) {
    const Directory dir = memory_people().with_organisations(memory_orgs());
    const auto& a = *dir.affiliates();
    const Directory& ix = a.index();
    ASSERT_EQ(ix.size(), a.size());
    EXPECT_EQ(&ix.taxonomy(), &dir.taxonomy());
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto pi = static_cast<ProfileIndex>(i);
        const Profile& p = ix.profile(pi);
        EXPECT_EQ(p.username, a.organisation(i).id);
        EXPECT_EQ(p.shares, a.organisation(i).shares);
        EXPECT_EQ(p.learns, a.organisation(i).learns);
        EXPECT_EQ(languages_of(p.languages), languages_of(a.organisation(i).languages));
        EXPECT_EQ(ix.regions()[pi], a.organisation(i).region);
        EXPECT_EQ(count_slots(ix.availability(pi)), 0) << "organisations have no availability";
    }
}

TEST(AffiliatesMembers, AProfileListingAnOrganisationTwiceIsOneMember) {
    const Directory people({person("Dee Twice", {"grant-writing"}, {}, {"org-a", "org-a"}, {{"en", 3}})});
    const Directory dir = people.with_organisations({org("org-a", {"event-organising"})});
    EXPECT_EQ(dir.affiliates()->members(0), 1U) << "members counts profiles listing the organisation";
}

TEST(AffiliatesMembers, WithProfilesRecomputesMembersAndLanguages) {
    const Directory dir = memory_people().with_organisations(memory_orgs());
    // A new member of org-c who speaks Arabic.
    const Directory added = dir.with_profiles({person("Eve Teste", {"mentoring"}, {}, {"org-c"}, {{"ar", 5}})});
    ASSERT_NE(added.affiliates(), nullptr);
    const auto& a = *added.affiliates();
    ASSERT_EQ(a.size(), 3U);
    EXPECT_EQ(a.members(2), 1U);
    EXPECT_EQ(languages_of(a.organisation(2).languages), (Languages{{"ar", 5}}));
    EXPECT_EQ(a.members(0), 2U);
    // The organisations are kept as given.
    const auto given = memory_orgs();
    ASSERT_EQ(a.given().size(), given.size());
    for (std::size_t i = 0; i < given.size(); ++i) EXPECT_EQ(a.given()[i], given[i]);
    // The original snapshot is unchanged.
    EXPECT_EQ(dir.affiliates()->members(2), 0U);
    EXPECT_TRUE(dir.affiliates()->organisation(2).languages.empty());

    // Bo leaves org-a and org-b (same username, no affiliations).
    const Directory left = added.with_profiles({person("Bo Testb", {"event-organising"}, {"grant-writing"}, {}, {{"sw", 6}})});
    const auto& b = *left.affiliates();
    EXPECT_EQ(b.members(0), 1U);
    EXPECT_EQ(b.members(1), 0U);
    EXPECT_EQ(languages_of(b.organisation(0).languages), (Languages{{"de", 4}, {"en", 3}, {"fr", 2}}));
    EXPECT_TRUE(b.organisation(1).languages.empty());
    // The index follows: org-b no longer speaks Swahili.
    if (const auto sw = b.index().language_id("sw")) {
        EXPECT_FALSE(b.index().level(1, *sw).has_value());
    }
}

TEST(AffiliatesMembers, WithAliasesAndForWeekKeepTheOrganisations) {
    const Directory dir = memory_people().with_organisations(memory_orgs());
    const std::vector<std::pair<std::string, std::string>> aliases = {{"Ana T.", "Ana Testa"}};
    const Directory aliased = dir.with_aliases(aliases);
    const Directory other_week = dir.for_week(ymd(2026, 7, 15));
    for (const Directory* d : {&aliased, &other_week}) {
        ASSERT_NE(d->affiliates(), nullptr);
        const auto& a = *d->affiliates();
        ASSERT_EQ(a.size(), 3U);
        for (std::size_t i = 0; i < a.size(); ++i) {
            EXPECT_EQ(a.organisation(i), dir.affiliates()->organisation(i));
            EXPECT_EQ(a.members(i), dir.affiliates()->members(i));
        }
        // recommend_orgs works the same on the new snapshot.
        const auto who = d->at("Cy Testc");
        EXPECT_EQ(recommend_orgs(*d, a, who), recommend_orgs(dir, *dir.affiliates(), dir.at("Cy Testc")));
    }
    EXPECT_EQ(other_week.week(), ymd(2026, 7, 13));
}

TEST(AffiliatesMembers, WithOrganisationsReplacesAndEmptyRemoves) {
    const Directory dir = memory_people().with_organisations(memory_orgs());
    const Directory replaced = dir.with_organisations({org("org-z", {"mentoring"})});
    ASSERT_NE(replaced.affiliates(), nullptr);
    EXPECT_EQ(ids_of(*replaced.affiliates()), (Strings{"org-z"}));
    EXPECT_EQ(ids_of(*dir.affiliates()), (Strings{"org-a", "org-b", "org-c"}));  // unchanged
    EXPECT_EQ(dir.with_organisations({}).affiliates(), nullptr);
    EXPECT_EQ(memory_people().affiliates(), nullptr);
    EXPECT_EQ(replaced.size(), dir.size());
}

TEST(AffiliatesMembers, FindByIdOrAcronym) {
    const Directory dir = memory_people().with_organisations(memory_orgs());
    const auto& a = *dir.affiliates();
    EXPECT_EQ(a.find("org-b"), std::optional<std::size_t>(1));
    EXPECT_EQ(a.find("OB"), std::optional<std::size_t>(1));
    EXPECT_EQ(a.find("OA"), std::optional<std::size_t>(0));
    EXPECT_EQ(a.at("org-c"), 2U);
    EXPECT_FALSE(a.find("org-q").has_value());
    const auto e = capture<NotFoundError>([&] { (void)a.at("Invented Nonexistent Group"); });
    ASSERT_TRUE(e);
    EXPECT_EQ(e->key(), "Invented Nonexistent Group");
    EXPECT_TRUE(contains(e->what(), "organisation")) << e->what();
    EXPECT_THROW((void)a.organisation(3), std::out_of_range);
    EXPECT_THROW((void)a.members(3), std::out_of_range);
}

// ================================================================================================
// validation
// ================================================================================================

TEST(AffiliatesValidation, EmptyId) {
    auto orgs = memory_orgs();
    orgs[1].id.clear();
    const auto e = capture<ValidationError>([&] { (void)memory_people().with_organisations(orgs); });
    ASSERT_TRUE(e);
    EXPECT_TRUE(has_problem(e->problems(), "id", "organisations[1]")) << lc_test::dump(e->problems());
}

TEST(AffiliatesValidation, DuplicateId) {
    auto orgs = memory_orgs();
    orgs[2].id = "org-a";
    const auto e = capture<ValidationError>([&] { (void)memory_people().with_organisations(orgs); });
    ASSERT_TRUE(e);
    EXPECT_TRUE(has_problem(e->problems(), "id", "organisations[2]")) << lc_test::dump(e->problems());
    EXPECT_TRUE(has_problem(e->problems(), "id", "duplicate")) << lc_test::dump(e->problems());
}

TEST(AffiliatesValidation, DuplicateIdUpToTheUsernameKey) {
    auto orgs = memory_orgs();
    orgs[2].id = "Org_a";  // the key of "org a"… and of "Org a"
    orgs[1].id = "org a";
    const auto e = capture<ValidationError>([&] { (void)memory_people().with_organisations(orgs); });
    ASSERT_TRUE(e);
    EXPECT_TRUE(has_problem(e->problems(), "id", "organisations[2]")) << lc_test::dump(e->problems());
}

TEST(AffiliatesValidation, UnknownSkills) {
    auto orgs = memory_orgs();
    orgs[0].shares.push_back("invented-skill-one");
    orgs[1].learns = {"mentoring", "invented-skill-two"};
    orgs[2].knows = {"invented-skill-three"};
    const auto e = capture<ValidationError>([&] { (void)memory_people().with_organisations(orgs); });
    ASSERT_TRUE(e);
    const auto& p = e->problems();
    EXPECT_TRUE(has_problem(p, "shares[1]", "organisations[0]")) << lc_test::dump(p);
    EXPECT_TRUE(has_problem(p, "shares[1]", "invented-skill-one")) << lc_test::dump(p);
    EXPECT_TRUE(has_problem(p, "learns[1]", "organisations[1]")) << lc_test::dump(p);
    EXPECT_TRUE(has_problem(p, "knows[0]", "organisations[2]")) << lc_test::dump(p);
    EXPECT_EQ(p.size(), 3U) << lc_test::dump(p);
}

TEST(AffiliatesValidation, BadCountry) {
    for (const char* bad : {"ZZ", "Kenya", "K"}) {
        auto orgs = memory_orgs();
        orgs[1].country = bad;
        const auto e = capture<ValidationError>([&] { (void)memory_people().with_organisations(orgs); });
        ASSERT_TRUE(e) << bad;
        EXPECT_TRUE(has_problem(e->problems(), "country", "organisations[1]")) << bad << lc_test::dump(e->problems());
    }
}

TEST(AffiliatesValidation, BadLanguage) {
    auto orgs = memory_orgs();
    orgs[0].languages = {{"en", 3}, {"not a code!", 2}};
    orgs[2].languages = {{"fr", 9}};
    const auto e = capture<ValidationError>([&] { (void)memory_people().with_organisations(orgs); });
    ASSERT_TRUE(e);
    // Checked as a profile's languages are: the field names the language.
    EXPECT_TRUE(has_problem(e->problems(), "languages", "organisations[0]")) << lc_test::dump(e->problems());
    EXPECT_TRUE(has_problem(e->problems(), "languages.fr", "organisations[2]")) << lc_test::dump(e->problems());
}

TEST(AffiliatesValidation, EveryProblemListedOnce) {
    std::vector<Organisation> orgs = {org("", {"invented-skill"}), org("dup", {}, {}, "QQ"), org("dup", {}, {}, "", {{"??", 1}})};
    const auto e = capture<ValidationError>([&] { (void)Affiliates(orgs, memory_people()); });
    ASSERT_TRUE(e);
    const auto& p = e->problems();
    EXPECT_TRUE(has_problem(p, "id", "organisations[0]")) << lc_test::dump(p);
    EXPECT_TRUE(has_problem(p, "shares[0]", "organisations[0]")) << lc_test::dump(p);
    EXPECT_TRUE(has_problem(p, "country", "organisations[1]")) << lc_test::dump(p);
    EXPECT_TRUE(has_problem(p, "id", "organisations[2]")) << lc_test::dump(p);
    EXPECT_TRUE(has_problem(p, "languages", "organisations[2]")) << lc_test::dump(p);
    EXPECT_EQ(p.size(), 5U) << lc_test::dump(p);
    for (const auto& problem : p) EXPECT_EQ(problem.source, "memory-aff") << problem.to_string();
}

TEST(AffiliatesValidation, SkillsByQidAreAccepted) {
    // Skills are taxonomy ids or QIDs (the bundled taxonomy's nodes carry QIDs).
    const Directory people = memory_people();
    std::string qid;
    for (const auto& n : people.taxonomy().nodes())
        if (!n.qid.empty()) { qid = n.qid; break; }
    ASSERT_FALSE(qid.empty());
    EXPECT_NO_THROW((void)people.with_organisations({org("org-q", {qid})}));
}

TEST(AffiliatesValidation, ProblemsTheIndexFindsNameTheOrganisation) {
    // Inputs Affiliates' own checks let through to the directory of organisations: whether they
    // are errors is not specified, but if one is, it must name organisations[i], not a profile.
    std::vector<std::pair<std::string, Organisation>> cases;
    cases.emplace_back("blank id", org("   ", {"mentoring"}));
    cases.emplace_back("control character in the id", org("org\x01x", {"mentoring"}));
    cases.emplace_back("skill listed twice", org("org-twice", {"mentoring", "mentoring"}));
    Organisation contradiction = org("org-contra", {"mentoring"}, {}, "KE");
    contradiction.region = Region::NWE;
    cases.emplace_back("region contradicting the country", contradiction);
    for (const auto& [what, o] : cases) {
        std::vector<Organisation> orgs = {org("org-ok", {"mentoring"}), o};
        try {
            (void)memory_people().with_organisations(orgs);
        } catch (const ValidationError& e) {
            for (const auto& p : e.problems())
                EXPECT_TRUE(contains(p.where, "organisations[1]")) << what << ": " << p.to_string();
        }
    }
}

TEST(AffiliatesValidation, LowerCaseCountryIsStoredUpperCase) {
    // Organisation::country is documented as upper case (as a profile's country is).
    const Directory dir = memory_people().with_organisations({org("org-lc", {"mentoring"}, {}, "ke")});
    EXPECT_EQ(dir.affiliates()->organisation(0).region, Region::SSA);
    EXPECT_EQ(dir.affiliates()->organisation(0).country, "KE");
}

// ================================================================================================
// recommend_orgs and recommend_partners
// ================================================================================================

TEST(AffiliatesRecommend, DefaultsAreTheGateOff) {
    Weights expected;
    expected.min_level = 0;
    EXPECT_EQ(affiliate_weights(), expected);
    EXPECT_NO_THROW(affiliate_weights().validate());
}

TEST(AffiliatesRecommend, CapxFixtureEqualsTheFullSort) {
    const auto& dir = capx_directory();
    const auto& a = capx_affiliates();
    for (ProfileIndex p = 0; p < dir.size(); ++p)
        for (Direction d : all_directions)
            for (const Weights& w : {affiliate_weights(), Weights{}, Weights::capx()})
                for (std::size_t k : {std::size_t{1}, std::size_t{2}, std::size_t{10}}) {
                    const auto got = recommend_orgs(dir, a, p, k, w, options(d));
                    const auto want = expected_orgs(dir, a, p, k, w, options(d));
                    EXPECT_EQ(got, want) << dir.profile(p).username << " " << to_string(d) << " k=" << k << "\ngot:"
                                         << describe(a, got) << "\nwant:" << describe(a, want);
                }
}

TEST(AffiliatesRecommend, CapxLearnFromOrgsAndShareWithOrgs) {
    // Weights::capx() ranks as CapX does: learn_from_orgs = |org.available ∩ wanted| > 0,
    // share_with_orgs = |org.wanted ∩ available| > 0 (exact ids), total = count / |list|.
    const auto& dir = capx_directory();
    const auto& a = capx_affiliates();
    // Kwabena wants 37 and 108: Kenya (test) and Nordic (test) share 108; ties by id.
    const auto kwabena = dir.at("Kwabena Asante");
    auto learn = recommend_orgs(dir, a, kwabena, 10, Weights::capx(), options(Direction::learn_from));
    ASSERT_EQ(learn.size(), 2U) << describe(a, learn);
    EXPECT_EQ(a.organisation(learn[0].candidate).id, "capx-org-23");  // "Capx-org-23" < "Capx-org-5"
    EXPECT_EQ(a.organisation(learn[1].candidate).id, "capx-org-5");
    EXPECT_DOUBLE_EQ(learn[0].score.total, 0.5);
    EXPECT_DOUBLE_EQ(learn[1].score.total, 0.5);
    // He shares 12, which no organisation wants exactly.
    EXPECT_TRUE(recommend_orgs(dir, a, kwabena, 10, Weights::capx(), options(Direction::share_with)).empty());

    // Jonas shares 108: Brazil (test) wants it. He wants nothing.
    const auto jonas = dir.at("Jonas Vestergaard");
    auto share = recommend_orgs(dir, a, jonas, 10, Weights::capx(), options(Direction::share_with));
    ASSERT_EQ(share.size(), 1U);
    EXPECT_EQ(a.organisation(share[0].candidate).id, "capx-org-17");
    EXPECT_DOUBLE_EQ(share[0].score.total, 1.0);
    EXPECT_TRUE(recommend_orgs(dir, a, jonas, 10, Weights::capx(), options(Direction::learn_from)).empty());

    // For every person and organisation, the CapX count, the person's own organisations left out.
    for (ProfileIndex p = 0; p < dir.size(); ++p) {
        const Profile& pr = dir.profile(p);
        const auto own = own_organisations(pr, a);
        for (Direction d : {Direction::learn_from, Direction::share_with}) {
            std::map<std::string, double> want;
            const auto& mine = d == Direction::learn_from ? pr.learns : pr.shares;
            for (std::size_t i = 0; i < a.size(); ++i) {
                if (own.contains(i)) continue;
                const auto& theirs = d == Direction::learn_from ? a.organisation(i).shares : a.organisation(i).learns;
                std::size_t n = 0;
                for (const auto& s : mine) n += std::count(theirs.begin(), theirs.end(), s);
                if (n) want[a.organisation(i).id] = static_cast<double>(n) / static_cast<double>(mine.size());
            }
            std::map<std::string, double> got;
            for (const auto& m : recommend_orgs(dir, a, p, 10, Weights::capx(), options(d)))
                got[a.organisation(m.candidate).id] = m.score.total;
            EXPECT_EQ(got, want) << pr.username << " " << to_string(d);
        }
    }
}

TEST(AffiliatesRecommend, DirectionsByHand) {
    // Fay wants grant-writing and shares mentoring.
    const Directory people({person("Fay Testf", {"mentoring"}, {"grant-writing"}, {}, {{"en", 4}})}, nullptr, ymd(2026, 3, 2));
    const Directory dir = people.with_organisations({org("org-teach", {"grant-writing"}),   // shares what Fay wants
                                                     org("org-learn", {}, {"mentoring"}),   // wants what Fay shares
                                                     org("org-none", {"wikidata"}, {"wikidata"})});
    const auto& a = *dir.affiliates();
    auto ids = [&](const std::vector<OrgMatch>& list) {
        Strings out;
        for (const auto& m : list) out.push_back(a.organisation(m.candidate).id);
        return out;
    };
    EXPECT_EQ(ids(recommend_orgs(dir, a, 0, 10, affiliate_weights(), options(Direction::learn_from))), (Strings{"org-teach"}));
    EXPECT_EQ(ids(recommend_orgs(dir, a, 0, 10, affiliate_weights(), options(Direction::share_with))), (Strings{"org-learn"}));
    const auto mutual = recommend_orgs(dir, a, 0, 10, affiliate_weights(), options(Direction::mutual));
    EXPECT_EQ(ids(mutual), (Strings{"org-teach", "org-learn"}));  // skill 0.5 beats reciprocity 0.2
    EXPECT_DOUBLE_EQ(mutual[0].score.breakdown.skill, 1.0);
    EXPECT_DOUBLE_EQ(mutual[0].score.total, 0.5);
    EXPECT_DOUBLE_EQ(mutual[1].score.breakdown.reciprocity, 1.0);
    EXPECT_DOUBLE_EQ(mutual[1].score.total, 0.2);
    // Organisations have no availability: the time-zone component is 0.
    for (const auto& m : mutual) EXPECT_EQ(m.score.breakdown.time_zone, 0.0);
    // Without require_skill every organisation is a candidate.
    EXPECT_EQ(recommend_orgs(dir, a, 0, 10, affiliate_weights(), options(Direction::mutual, false)).size(), 3U);
}

TEST(AffiliatesRecommend, TiesById) {
    const Directory people({person("Gus Testg", {}, {"grant-writing"})}, nullptr, ymd(2026, 3, 2));
    const Directory dir = people.with_organisations(
        {org("org-c", {"grant-writing"}), org("org-a", {"grant-writing"}), org("org-d", {"grant-writing"}), org("org-b", {"grant-writing"})});
    const auto& a = *dir.affiliates();
    Strings got;
    for (const auto& m : recommend_orgs(dir, a, 0, 10)) got.push_back(a.organisation(m.candidate).id);
    EXPECT_EQ(got, (Strings{"org-a", "org-b", "org-c", "org-d"}));
    got.clear();
    for (const auto& m : recommend_orgs(dir, a, 0, 2)) got.push_back(a.organisation(m.candidate).id);
    EXPECT_EQ(got, (Strings{"org-a", "org-b"}));
}

TEST(AffiliatesRecommend, OwnOrganisationsLeftOut) {
    const Directory dir = memory_people().with_organisations(memory_orgs());
    const auto& a = *dir.affiliates();
    // Bo is a member of org-a (which wants what Bo shares) and org-b; Ana of org-a (which shares
    // what she wants).
    for (Direction d : all_directions)
        for (bool require : {true, false}) {
            const auto bo = recommend_orgs(dir, a, dir.at("Bo Testb"), 10, affiliate_weights(), options(d, require));
            for (const auto& m : bo)
                EXPECT_NE(a.organisation(m.candidate).id, "org-a") << to_string(d);
            for (const auto& m : bo) EXPECT_NE(a.organisation(m.candidate).id, "org-b") << to_string(d);
            const auto ana = recommend_orgs(dir, a, dir.at("Ana Testa"), 10, affiliate_weights(), options(d, require));
            for (const auto& m : ana) EXPECT_NE(a.organisation(m.candidate).id, "org-a") << to_string(d);
        }
    // Without membership Ana would get org-a first.
    const Directory outsider = dir.with_profiles({person("Ana Testa", {"grant-writing"}, {"event-organising"}, {}, {{"en", 3}, {"fr", 2}}, "KE")});
    const auto top = recommend_orgs(outsider, *outsider.affiliates(), outsider.at("Ana Testa"), 1);
    ASSERT_EQ(top.size(), 1U);
    EXPECT_EQ(outsider.affiliates()->organisation(top[0].candidate).id, "org-a");
}

TEST(AffiliatesRecommend, OnlyMembershipLeavesAnOrganisationOut) {
    // A person whose username happens to equal an organisation's id is not its member: the
    // organisation is still recommended to them.
    const Directory people({person("Org-same", {}, {"grant-writing"})}, nullptr, ymd(2026, 3, 2));
    const Directory dir = people.with_organisations({org("org-same", {"grant-writing"}), org("org-other", {"grant-writing"})});
    const auto& a = *dir.affiliates();
    Strings got;
    for (const auto& m : recommend_orgs(dir, a, 0, 10)) got.push_back(a.organisation(m.candidate).id);
    EXPECT_EQ(got, (Strings{"org-other", "org-same"}));
}

TEST(AffiliatesRecommend, LanguageGateOffByDefaultOnWithWeights) {
    // org-quiet has no known language; org-en speaks English through a member at 3.
    const Directory people({person("Hal Testh", {}, {"grant-writing"}, {}, {{"en", 2}}),
                            person("Ida Testi", {}, {}, {"org-en"}, {{"en", 3}})},
                           nullptr, ymd(2026, 3, 2));
    const Directory dir = people.with_organisations({org("org-quiet", {"grant-writing"}), org("org-en", {"grant-writing"})});
    const auto& a = *dir.affiliates();
    EXPECT_TRUE(a.organisation(0).languages.empty());
    auto ids = [&](const std::vector<OrgMatch>& list) {
        Strings out;
        for (const auto& m : list) out.push_back(a.organisation(m.candidate).id);
        return out;
    };
    const auto hal = dir.at("Hal Testh");
    const auto open = recommend_orgs(dir, a, hal);
    EXPECT_EQ(ids(open), (Strings{"org-en", "org-quiet"}));  // the common language counts
    EXPECT_DOUBLE_EQ(open[0].score.breakdown.language, 2.0 / 6.0);
    EXPECT_EQ(open[1].score.breakdown.language, 0.0);
    Weights gated = affiliate_weights();
    gated.min_level = 2;
    EXPECT_EQ(ids(recommend_orgs(dir, a, hal, 10, gated)), (Strings{"org-en"}));
    gated.min_level = 3;
    EXPECT_TRUE(recommend_orgs(dir, a, hal, 10, gated).empty());
    EXPECT_EQ(ids(recommend_orgs(dir, a, hal, 10, Weights{})), (Strings{"org-en"}));
}

TEST(AffiliatesRecommend, Errors) {
    const Directory dir = memory_people().with_organisations(memory_orgs());
    const auto& a = *dir.affiliates();
    EXPECT_TRUE(capture<ValidationError>([&] { (void)recommend_orgs(dir, a, 0, 0); }));
    Weights bad;
    bad.skill = 1.5;
    const auto e = capture<ValidationError>([&] { (void)recommend_orgs(dir, a, 0, 10, bad); });
    ASSERT_TRUE(e);
    EXPECT_TRUE(has_problem(e->problems(), "weights.skill")) << lc_test::dump(e->problems());
    EXPECT_THROW((void)recommend_orgs(dir, a, 3, 10), std::out_of_range);
    EXPECT_THROW((void)recommend_orgs(dir, a, 1000, 10), std::out_of_range);

    EXPECT_TRUE(capture<ValidationError>([&] { (void)recommend_partners(a, 0, 0); }));
    EXPECT_TRUE(capture<ValidationError>([&] { (void)recommend_partners(a, 0, 10, bad); }));
    EXPECT_THROW((void)recommend_partners(a, 3, 10), std::out_of_range);
}

TEST(AffiliatesRecommend, PartnersEqualTheFullSortAndNeverThemselves) {
    const Directory dir = memory_people().with_organisations(memory_orgs());
    const auto& a = *dir.affiliates();
    for (std::size_t i = 0; i < a.size(); ++i)
        for (Direction d : all_directions)
            for (bool require : {true, false})
                for (const Weights& w : {affiliate_weights(), Weights{}}) {
                    const auto got = recommend_partners(a, i, 10, w, options(d, require));
                    EXPECT_EQ(got, expected_partners(a, i, 10, w, options(d, require)));
                    for (const auto& m : got) EXPECT_NE(m.candidate, i);
                }
    // org-a shares event-organising and wants grant-writing; org-c the other way round.
    const auto got = recommend_partners(a, 0, 10);
    ASSERT_FALSE(got.empty());
    EXPECT_EQ(a.organisation(got[0].candidate).id, "org-c");
    EXPECT_DOUBLE_EQ(got[0].score.breakdown.skill, 1.0);
    EXPECT_DOUBLE_EQ(got[0].score.breakdown.reciprocity, 1.0);
    // Without require_skill all the others, but never itself.
    EXPECT_EQ(recommend_partners(a, 0, 10, affiliate_weights(), options(Direction::mutual, false)).size(), 2U);
}

TEST(AffiliatesRecommend, ScoredAsIfItWereAProfile) {
    // The kernel's scores on Affiliates::index() equal those on a directory of the organisations
    // built here from the contract (merged languages, no availability).
    const auto& dir = capx_directory();
    const auto& a = capx_affiliates();
    const Directory ref = organisations_as_profiles(a.given(), dir);
    for (ProfileIndex p = 0; p < dir.size(); ++p)
        for (Direction d : all_directions)
            for (const Weights& w : {affiliate_weights(), Weights{}}) {
                const Scorer engine(a.index(), dir.profile(p), w, options(d, false));
                const Scorer mine(ref, dir.profile(p), w, options(d, false));
                for (ProfileIndex c = 0; c < a.size(); ++c) EXPECT_EQ(engine(c), mine(c)) << dir.profile(p).username << " " << c;
            }
}

TEST(AffiliatesRecommend, ExplanationsSayWhy) {
    const Directory people({person("Jo Testj", {"mentoring"}, {"grant-writing"}, {}, {{"fr", 4}})}, nullptr, ymd(2026, 3, 2));
    const Directory dir = people.with_organisations({org("org-fr", {"grant-writing"}, {}, "", {{"fr", 6}})});
    const auto& a = *dir.affiliates();
    const auto top = recommend_orgs(dir, a, 0, 10, affiliate_weights(), options(Direction::learn_from));
    ASSERT_EQ(top.size(), 1U);
    const std::string text = explain(Scorer(a.index(), dir.profile(0), affiliate_weights(), options(Direction::learn_from)), top[0].candidate);
    EXPECT_FALSE(text.empty());
    EXPECT_TRUE(contains(text, "which you want to learn")) << text;
    EXPECT_TRUE(contains(text, "French")) << text;
    const auto partners = recommend_partners(a, 0, 10);
    EXPECT_TRUE(partners.empty());  // alone
}

// ================================================================================================
// randomised: 200 invented people, 40 organisations
// ================================================================================================

namespace {

struct World {
    Directory people;
    std::vector<Organisation> orgs;
};

World random_world(std::uint32_t seed) {
    std::mt19937 rng(seed);
    auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    auto chance = [&](double p) { return std::uniform_real_distribution<double>(0.0, 1.0)(rng) < p; };
    auto tax = std::make_shared<const Taxonomy>(Taxonomy::from_capx(capx_file("skills.json"), "capx skills"));
    auto skills = [&](std::size_t max) {
        Strings out;
        for (std::size_t n = pick(max + 1); n > 0; --n) {
            const auto& id = tax->node(static_cast<SkillIndex>(pick(tax->size()))).id;
            if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
        }
        return out;
    };
    static const char* languages[] = {"en", "fr", "es", "sw", "ar", "pt-br", "ha"};
    auto some_languages = [&](std::size_t max) {
        std::vector<LanguageLevel> out;
        for (std::size_t n = pick(max + 1); n > 0; --n) {
            const std::string code = languages[pick(std::size(languages))];
            if (std::none_of(out.begin(), out.end(), [&](const LanguageLevel& l) { return l.code == code; }))
                out.push_back({code, static_cast<BabelLevel>(pick(7))});
        }
        return out;
    };
    static const char* countries[] = {"NG", "KE", "GH", "BR", "MX", "DE", "FR", "IN", "ID", "EG", "US", "KZ"};
    const std::size_t n_orgs = 40;
    std::vector<Organisation> orgs;
    for (std::size_t i = 0; i < n_orgs; ++i) {
        char id[16];
        std::snprintf(id, sizeof id, "org-%02zu", i);
        Organisation o;
        o.id = id;
        o.acronym = "O" + std::to_string(i);
        o.name = "Invented Group " + std::to_string(i);
        o.shares = skills(3);
        o.learns = skills(3);
        o.knows = skills(2);
        if (chance(0.6)) o.country = countries[pick(std::size(countries))];
        else if (chance(0.6)) o.region = all_regions[pick(region_count)];
        if (chance(0.3)) o.languages = some_languages(2);
        o.managers = pick(3);
        orgs.push_back(std::move(o));
    }
    // Some identical organisations, so that ties by id are exercised.
    for (std::size_t i = 30; i < 34; ++i) {
        orgs[i].shares = orgs[29].shares;
        orgs[i].learns = orgs[29].learns;
        orgs[i].country = orgs[29].country;
        orgs[i].region = orgs[29].region;
        orgs[i].languages = orgs[29].languages;
    }
    std::vector<Profile> people;
    for (std::size_t i = 0; i < 200; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "Invented Person %03zu", i);
        Profile p;
        p.username = name;
        p.shares = skills(3);
        p.learns = skills(3);
        p.knows = skills(2);
        p.languages = some_languages(3);
        if (chance(0.8)) p.country = countries[pick(std::size(countries))];
        else if (chance(0.5)) p.region = all_regions[pick(region_count)];
        for (std::size_t n = pick(3); n > 0; --n) {
            const std::string a = chance(0.9) ? orgs[pick(n_orgs)].id : "Invented Unlisted Group";
            if (std::find(p.affiliations.begin(), p.affiliations.end(), a) == p.affiliations.end()) p.affiliations.push_back(a);
        }
        people.push_back(std::move(p));
    }
    return {Directory(std::move(people), tax, ymd(2026, 3, 2), "random-aff"), std::move(orgs)};
}

}  // namespace

TEST(AffiliatesRandom, MembersAndLanguagesFollowTheContract) {
    for (std::uint32_t seed : {11U, 12U}) {
        const auto world = random_world(seed);
        const Directory dir = world.people.with_organisations(world.orgs);
        const auto& a = *dir.affiliates();
        const auto want = membership(world.orgs, world.people);
        for (std::size_t i = 0; i < a.size(); ++i) {
            EXPECT_EQ(a.members(i), want.members[i]) << a.organisation(i).id;
            EXPECT_EQ(languages_of(a.organisation(i).languages), want.languages[i]) << a.organisation(i).id;
        }
    }
}

TEST(AffiliatesRandom, RecommendOrgsEqualsTheFullSortOfScorerTotals) {
    Weights cross = Weights::cross_regional();
    cross.min_level = 0;
    Weights gate3;
    gate3.min_level = 3;
    const std::vector<Weights> weights = {affiliate_weights(), Weights{}, Weights::capx(), cross, gate3};
    std::size_t compared = 0, nonempty = 0, with_own = 0;
    for (std::uint32_t seed : {21U, 22U}) {
        const auto world = random_world(seed);
        const Directory dir = world.people.with_organisations(world.orgs);
        const auto& a = *dir.affiliates();
        ASSERT_EQ(a.size(), 40U);
        for (ProfileIndex p = 0; p < dir.size(); ++p) {
            if (!own_organisations(dir.profile(p), a).empty()) ++with_own;
            for (Direction d : all_directions)
                for (std::size_t w = 0; w < weights.size(); ++w)
                    for (bool require : {true, false})
                        for (std::size_t k : {std::size_t{1}, std::size_t{5}, std::size_t{40}, std::size_t{100}}) {
                            if (!require && k != 5) continue;
                            const auto got = recommend_orgs(dir, a, p, k, weights[w], options(d, require));
                            const auto want = expected_orgs(dir, a, p, k, weights[w], options(d, require));
                            ++compared;
                            if (!got.empty()) ++nonempty;
                            ASSERT_EQ(got, want) << "seed " << seed << " " << dir.profile(p).username << " " << to_string(d)
                                                 << " weights#" << w << " require=" << require << " k=" << k << "\ngot:"
                                                 << describe(a, got) << "\nwant:" << describe(a, want);
                        }
        }
    }
    EXPECT_GT(nonempty, compared / 2) << "the data should give most queries some organisations";
    EXPECT_GT(with_own, 100U) << "many people should be members of some organisation";
}

TEST(AffiliatesRandom, RecommendPartnersEqualsTheFullSort) {
    const std::vector<Weights> weights = {affiliate_weights(), Weights{}, Weights::capx()};
    const auto world = random_world(31);
    const Directory dir = world.people.with_organisations(world.orgs);
    const auto& a = *dir.affiliates();
    for (std::size_t i = 0; i < a.size(); ++i)
        for (Direction d : all_directions)
            for (std::size_t w = 0; w < weights.size(); ++w)
                for (std::size_t k : {std::size_t{1}, std::size_t{7}, std::size_t{40}}) {
                    const auto got = recommend_partners(a, i, k, weights[w], options(d));
                    ASSERT_EQ(got, expected_partners(a, i, k, weights[w], options(d)))
                        << a.organisation(i).id << " " << to_string(d) << " weights#" << w << " k=" << k;
                    for (const auto& m : got) ASSERT_NE(m.candidate, i);
                }
}

TEST(AffiliatesRandom, IndexScoresEqualADirectoryBuiltFromTheContract) {
    const auto world = random_world(41);
    const Directory dir = world.people.with_organisations(world.orgs);
    const auto& a = *dir.affiliates();
    const Directory ref = organisations_as_profiles(world.orgs, world.people);
    for (ProfileIndex p = 0; p < dir.size(); p += 3)
        for (Direction d : all_directions) {
            const Scorer engine(a.index(), dir.profile(p), affiliate_weights(), options(d, false));
            const Scorer mine(ref, dir.profile(p), affiliate_weights(), options(d, false));
            for (ProfileIndex c = 0; c < a.size(); ++c)
                ASSERT_EQ(engine(c), mine(c)) << dir.profile(p).username << " " << a.organisation(c).id;
        }
}
