// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
// Tests of letsconnect/profile.hpp: Babel levels, language codes, profile JSON and validation.

#include "test_helpers.hpp"

#include "letsconnect/profile.hpp"

#include <nlohmann/json.hpp>

#include <set>

using namespace letsconnect;
using lc_test::capture;
using lc_test::dump;
using lc_test::has_problem;
using lc_test::ymd;

namespace {

const char* const full_profile = R"({
  "username": "Zainab Lawal", "name": "Zainab Lawal", "aliases": ["Zainab L", "zainab_wm"],
  "region": "SSA", "country": "NG", "languages": {"ha": "N", "en": "3", "fr": "0"},
  "timezone": "Africa/Lagos",
  "availability": [{"day": "mon", "start": "18:00", "end": "21:00"}, {"day": "sun", "start": "22:00", "end": "01:00"}],
  "shares": ["event-organising"], "learns": ["grant-writing", "budgeting"], "knows": ["wikidata"],
  "affiliations": ["Wikimedia Nigeria", "Hausa Wikimedians User Group"], "registered": "2023-04-02",
  "gender": "female", "role": "newcomer organiser"})";

/// Problems of Profile::from_json(text); records a failure if it does not throw ValidationError.
std::vector<Problem> json_problems(const std::string& text) {
    auto e = capture<ValidationError>([&] { (void)Profile::from_json(text, "profile.json"); });
    return e ? e->problems() : std::vector<Problem>{};
}

Profile valid_profile() {
    Profile p;
    p.username = "Bishnu Thapa";
    p.country = "NP";
    p.region = Region::SA;
    p.languages = {{"ne", native_level}, {"en", 3}};
    p.timezone = "Asia/Kathmandu";
    p.availability = {TimeWindow{Weekday::wed, 405, 480}};
    p.shares = {"photo-contests"};
    return p;
}

}  // namespace

// --- levels and language codes ------------------------------------------------------------

TEST(BabelLevel, Parse) {
    for (int level = 0; level <= 5; ++level) {
        EXPECT_EQ(parse_level(std::to_string(level)), static_cast<BabelLevel>(level));
    }
    EXPECT_EQ(parse_level("N"), native_level);
    EXPECT_EQ(parse_level("n"), native_level);
    for (const char* bad : {"6", "7", "", "x", "10", "-1", " 3", "3 ", "NN", "native", "5.0"}) {
        EXPECT_EQ(parse_level(bad), std::nullopt) << '"' << bad << '"';
    }
}

TEST(BabelLevel, Format) {
    for (BabelLevel level = 0; level <= 5; ++level) EXPECT_EQ(format_level(level), std::to_string(level));
    EXPECT_EQ(format_level(native_level), "N");
    for (BabelLevel level = 0; level <= native_level; ++level) EXPECT_EQ(parse_level(format_level(level)), level);
}

TEST(LanguageCode, Valid) {
    for (const char* code : {"en", "ha", "yue", "pt-br", "zh-hant", "sr-latn", "es-419", "be-tarask", "de-ch"}) {
        EXPECT_TRUE(is_language_code(code)) << code;
    }
}

TEST(LanguageCode, Invalid) {
    for (const char* code : {"", "e", "EN", "En", "english", "abcd", "pt_br", "pt-", "-en", "en--us", "en us",
                             "1en", "é", "pt-BR"}) {
        EXPECT_FALSE(is_language_code(code)) << code;
    }
}

// --- JSON ---------------------------------------------------------------------------------

TEST(ProfileJson, ParsesEveryField) {
    const Profile p = Profile::from_json(full_profile);
    EXPECT_EQ(p.username, "Zainab Lawal");
    EXPECT_EQ(p.name, "Zainab Lawal");
    EXPECT_EQ(p.aliases, (std::vector<std::string>{"Zainab L", "zainab_wm"}));
    EXPECT_EQ(p.region, Region::SSA);
    EXPECT_EQ(p.country, "NG");
    // languages in the order given, not sorted
    EXPECT_EQ(p.languages, (std::vector<LanguageLevel>{{"ha", native_level}, {"en", 3}, {"fr", 0}}));
    EXPECT_EQ(p.timezone, "Africa/Lagos");
    EXPECT_EQ(p.availability, (std::vector<TimeWindow>{{Weekday::mon, 1080, 1260}, {Weekday::sun, 1320, 60}}));
    EXPECT_EQ(p.shares, (std::vector<std::string>{"event-organising"}));
    EXPECT_EQ(p.learns, (std::vector<std::string>{"grant-writing", "budgeting"}));
    EXPECT_EQ(p.knows, (std::vector<std::string>{"wikidata"}));
    EXPECT_EQ(p.affiliations, (std::vector<std::string>{"Wikimedia Nigeria", "Hausa Wikimedians User Group"}));
    EXPECT_EQ(p.registered, ymd(2023, 4, 2));
    EXPECT_EQ(p.gender, "female");
    EXPECT_EQ(p.role, "newcomer organiser");
}

TEST(ProfileJson, LevelLookup) {
    const Profile p = Profile::from_json(full_profile);
    EXPECT_EQ(p.level("ha"), native_level);
    EXPECT_EQ(p.level("en"), 3);
    EXPECT_EQ(p.level("fr"), 0);
    EXPECT_EQ(p.level("ar"), std::nullopt);
}

TEST(ProfileJson, MinimalProfileAndOptionalFields) {
    const Profile p = Profile::from_json(R"({"username": "Solo Tester"})");
    EXPECT_EQ(p.username, "Solo Tester");
    EXPECT_TRUE(p.name.empty());
    EXPECT_TRUE(p.languages.empty());
    EXPECT_EQ(p.region, Region::Unknown);
    EXPECT_FALSE(p.registered.has_value());

    const Profile q = Profile::from_json(R"({"username": "Mehdi Benali", "gender": null, "knows": []})");
    EXPECT_TRUE(q.gender.empty());
    EXPECT_TRUE(q.knows.empty());
}

TEST(ProfileJson, RegionDerivedFromCountry) {
    EXPECT_EQ(Profile::from_json(R"({"username": "Kwesi Boateng", "country": "GH"})").region, Region::SSA);
    EXPECT_EQ(Profile::from_json(R"({"username": "Dana Whitfield", "country": "US"})").region, Region::NA);
    // region codes are read case-insensitively and aliases are accepted
    EXPECT_EQ(Profile::from_json(R"({"username": "Dana Whitfield", "region": "USCA", "country": "US"})").region,
              Region::NA);
}

TEST(ProfileJson, ToJsonLeavesOutAbsentFields) {
    const Profile p = Profile::from_json(R"({"username": "Solo Tester"})");
    const auto j = nlohmann::json::parse(p.to_json());
    ASSERT_TRUE(j.is_object());
    std::set<std::string> keys;
    for (const auto& item : j.items()) keys.insert(item.key());
    EXPECT_EQ(keys, (std::set<std::string>{"username"}));
    EXPECT_EQ(j.at("username"), "Solo Tester");
}

TEST(ProfileJson, ToJsonShape) {
    const Profile p = Profile::from_json(full_profile);
    const std::string compact = p.to_json();
    EXPECT_EQ(compact.find('\n'), std::string::npos);
    const auto j = nlohmann::json::parse(compact);
    EXPECT_EQ(j.at("languages").at("ha"), "N");
    EXPECT_EQ(j.at("languages").at("en"), "3");
    EXPECT_EQ(j.at("availability").at(1).at("day"), "sun");
    EXPECT_EQ(j.at("availability").at(1).at("start"), "22:00");
    EXPECT_EQ(j.at("availability").at(1).at("end"), "01:00");
    EXPECT_EQ(j.at("registered"), "2023-04-02");
    EXPECT_EQ(j.at("region"), "SSA");
    EXPECT_EQ(j.at("affiliations").size(), 2U);
    EXPECT_EQ(nlohmann::json::parse(p.to_json(2)), j);
    EXPECT_NE(p.to_json(2).find('\n'), std::string::npos);
}

TEST(ProfileJson, RoundTrip) {
    const Profile p = Profile::from_json(full_profile);
    EXPECT_EQ(Profile::from_json(p.to_json()), p);
    EXPECT_EQ(Profile::from_json(p.to_json(2)), p);
    const auto generated = lc_test::generate_profiles(300, 7, *Taxonomy::bundled("letsconnect"));
    for (const auto& g : generated) {
        // a Profile built in C++ may leave the region to be derived; compare after one trip
        const Profile once = Profile::from_json(g.to_json());
        EXPECT_EQ(Profile::from_json(once.to_json()), once) << g.username;
        Profile g2 = g;
        g2.region = once.region;
        EXPECT_EQ(once, g2) << g.to_json();
    }
}

TEST(ProfileJson, UnicodeSurvivesRoundTrip) {
    Profile p;
    p.username = "Айгуль Сапарова";
    p.name = "أحمد محمد";
    p.aliases = {"Lucía F.", "李明"};
    EXPECT_EQ(Profile::from_json(p.to_json()), p);
}

TEST(ProfileJson, BadJsonIsFormatError) {
    auto e = capture<FormatError>([] { (void)Profile::from_json("{\"username\": \"Solo\",\n \"country\": ", "p.json"); });
    ASSERT_TRUE(e);
    EXPECT_EQ(e->source(), "p.json");
    EXPECT_GE(e->line(), 2U);
    EXPECT_GT(e->column(), 0U);
    EXPECT_THROW((void)Profile::from_json("[1, 2]"), Error);
    EXPECT_THROW((void)Profile::from_json("\"Solo\""), Error);
}

// --- every bad field is named -------------------------------------------------------------

TEST(ProfileErrors, BadLevel) {
    const auto problems = json_problems(R"({"username": "Ana Souza", "languages": {"pt": "N", "en": "7"}})");
    EXPECT_TRUE(has_problem(problems, "languages", "7")) << dump(problems);
}

TEST(ProfileErrors, BadLanguageCode) {
    const auto problems = json_problems(R"({"username": "Ana Souza", "languages": {"English": "4"}})");
    EXPECT_TRUE(has_problem(problems, "languages", "not a language code: '<text not shown>'")) << dump(problems);  // could be a name
}

TEST(ProfileErrors, BadCountry) {
    const auto problems = json_problems(R"({"username": "Noor Rahman", "country": "XX"})");
    EXPECT_TRUE(has_problem(problems, "country", "XX")) << dump(problems);
}

TEST(ProfileErrors, BadRegion) {
    const auto problems = json_problems(R"({"username": "Noor Rahman", "region": "ATLANTIS"})");
    EXPECT_TRUE(has_problem(problems, "region", "ATLANTIS")) << dump(problems);
}

TEST(ProfileErrors, RegionContradictsCountry) {
    const auto problems = json_problems(R"({"username": "Noor Rahman", "region": "NWE", "country": "BD"})");
    EXPECT_TRUE(has_problem(problems, "region") || has_problem(problems, "country")) << dump(problems);
}

TEST(ProfileErrors, UnknownTimeZone) {
    const auto problems = json_problems(R"({"username": "Elif Demir", "timezone": "Mars/Olympus_Mons"})");
    EXPECT_TRUE(has_problem(problems, "timezone", "Mars/Olympus_Mons")) << dump(problems);
}

TEST(ProfileErrors, AvailabilityWithoutTimeZone) {
    const auto problems = json_problems(
        R"({"username": "Elif Demir", "availability": [{"day": "mon", "start": "19:00", "end": "20:00"}]})");
    EXPECT_TRUE(has_problem(problems, "timezone") || has_problem(problems, "availability")) << dump(problems);
}

TEST(ProfileErrors, StartNotOnAQuarterHour) {
    const auto problems = json_problems(R"({"username": "Hiroshi Tanaka", "timezone": "Asia/Tokyo",
        "availability": [{"day": "tue", "start": "18:10", "end": "20:00"}]})");
    EXPECT_TRUE(has_problem(problems, "availability", "18:10")) << dump(problems);
}

TEST(ProfileErrors, BadDayAndClock) {
    const auto problems = json_problems(R"({"username": "Hiroshi Tanaka", "timezone": "Asia/Tokyo",
        "availability": [{"day": "funday", "start": "18:00", "end": "20:00"},
                         {"day": "mon", "start": "25:00", "end": "26:00"}]})");
    EXPECT_TRUE(has_problem(problems, "availability", "funday")) << dump(problems);
    EXPECT_TRUE(has_problem(problems, "availability", "25:00")) << dump(problems);
}

TEST(ProfileErrors, BadDate) {
    const auto problems = json_problems(R"({"username": "Hiroshi Tanaka", "registered": "2025-02-29"})");
    EXPECT_TRUE(has_problem(problems, "registered", "2025-02-29")) << dump(problems);
}

TEST(ProfileErrors, UnknownField) {
    const auto problems = json_problems(R"({"username": "Hiroshi Tanaka", "favourite_colour": "blue"})");
    EXPECT_TRUE(has_problem(problems, "favourite_colour")) << dump(problems);
}

TEST(ProfileErrors, WrongTypes) {
    const std::pair<const char*, const char*> cases[] = {
        {R"({"username": 42})", "username"},
        {R"({"username": "Rana Haddad", "aliases": "Rana H"})", "aliases"},
        {R"({"username": "Rana Haddad", "languages": ["ar", "en"]})", "languages"},
        {R"({"username": "Rana Haddad", "shares": "wikidata"})", "shares"},
        {R"({"username": "Rana Haddad", "learns": [{"id": "wikidata"}]})", "learns"},
        {R"({"username": "Rana Haddad", "availability": {"day": "mon"}})", "availability"},
        {R"({"username": "Rana Haddad", "registered": 20240101})", "registered"},
        {R"({"username": "Rana Haddad", "country": ["JO"]})", "country"},
        {R"({"username": "Rana Haddad", "timezone": 3})", "timezone"},
    };
    for (const auto& [text, field] : cases) {
        const auto problems = json_problems(text);
        EXPECT_TRUE(has_problem(problems, field)) << text << dump(problems);
    }
}

TEST(ProfileErrors, MissingUsername) {
    const auto problems = json_problems(R"({"name": "Nobody", "country": "GH"})");
    EXPECT_TRUE(has_problem(problems, "username")) << dump(problems);
}

TEST(ProfileErrors, EveryProblemAtOnce) {
    const auto problems = json_problems(R"({"username": "Many Mistakes", "country": "XX",
        "languages": {"en": "7"}, "timezone": "Mars/Olympus_Mons",
        "availability": [{"day": "mon", "start": "18:10", "end": "20:00"}],
        "favourite_colour": "blue", "shares": "wikidata"})");
    for (const char* field : {"country", "languages", "timezone", "availability", "favourite_colour", "shares"}) {
        EXPECT_TRUE(has_problem(problems, field)) << field << dump(problems);
    }
    EXPECT_GE(problems.size(), 6U) << dump(problems);
    for (const auto& p : problems) EXPECT_EQ(p.source, "profile.json");
}

// --- validate -----------------------------------------------------------------------------

TEST(ProfileValidate, ValidProfileHasNoProblems) {
    EXPECT_TRUE(validate(valid_profile(), "x.json", "profiles[0]").empty());
    EXPECT_TRUE(validate(Profile::from_json(full_profile), "x.json", "profiles[0]").empty());
    Profile region_only;
    region_only.username = "Nyambura Kariuki";
    region_only.region = Region::SSA;
    EXPECT_TRUE(validate(region_only, "x.json", "profiles[0]").empty());
}

TEST(ProfileValidate, NamesEachField) {
    const std::pair<void (*)(Profile&), const char*> cases[] = {
        {[](Profile& p) { p.username.clear(); }, "username"},
        {[](Profile& p) { p.country = "XX"; }, "country"},
        {[](Profile& p) { p.region = Region::NWE; }, "region"},
        {[](Profile& p) { p.languages.push_back({"English", 3}); }, "languages"},
        {[](Profile& p) { p.languages.push_back({"fr", 9}); }, "languages"},
        {[](Profile& p) { p.timezone = "Mars/Olympus_Mons"; }, "timezone"},
        {[](Profile& p) { p.timezone.clear(); }, "timezone"},
        {[](Profile& p) { p.availability.push_back({Weekday::fri, 7, 60}); }, "availability"},
        {[](Profile& p) { p.availability.push_back({Weekday::fri, 60, 1445}); }, "availability"},
    };
    for (const auto& [mutate, field] : cases) {
        Profile p = valid_profile();
        mutate(p);
        const auto problems = validate(p, "x.json", "profiles[4]");
        bool named = has_problem(problems, field);
        if (std::string_view(field) == "region") named = named || has_problem(problems, "country");
        if (std::string_view(field) == "timezone" && p.timezone.empty()) named = named || has_problem(problems, "availability");
        EXPECT_TRUE(named) << field << dump(problems) << "\n" << p.to_json();
        for (const auto& problem : problems) {
            EXPECT_EQ(problem.source, "x.json");
            EXPECT_EQ(problem.where, "profiles[4]");
        }
    }
}

TEST(ProfileValidate, ListsEveryProblem) {
    Profile p = valid_profile();
    p.country = "XX";
    p.timezone = "Mars/Olympus_Mons";
    p.languages.push_back({"English", 3});
    const auto problems = validate(p, "x.json", "profile 'Bishnu Thapa'");
    EXPECT_GE(problems.size(), 3U) << dump(problems);
}

TEST(ProfileDescribe, MentionsUsernameAndCountry) {
    const std::string text = describe(Profile::from_json(full_profile));
    EXPECT_TRUE(lc_test::contains(text, "Zainab Lawal")) << text;
    EXPECT_TRUE(lc_test::contains(text, "NG")) << text;
}
