// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
// Tests of letsconnect/badges.hpp: badge rules (`letsconnect.badges/1`) parsed, validated and written
// back, and award_badges() on the hand-made programme of tests/data/programme, with the awards
// worked out by hand.

#include "test_helpers.hpp"

#include "letsconnect/badges.hpp"

#include <fstream>
#include <string>
#include <tuple>
#include <vector>

using namespace letsconnect;
using lc_test::capture;
using lc_test::contains;
using lc_test::data_path;
using lc_test::has_problem;
using lc_test::ymd;

namespace {

using lc_test::programme_attendance;
using lc_test::programme_clinics;
using lc_test::programme_directory;

// Every kind of rule: counts, a minimum of minutes, sharing, a series and skill filters.
constexpr std::string_view programme_rules = R"({
 "format": "letsconnect.badges/1",
 "badges": [
  {"id": "first-clinic", "label": "First clinic", "clinics_attended": 1},
  {"id": "three-clinics", "label": "Three clinics", "clinics_attended": 3},
  {"id": "two-long-clinics", "label": "Two clinics of 100 minutes", "clinics_attended": 2, "min_minutes": 100},
  {"id": "first-share", "label": "First time as a sharer", "clinics_shared": 1},
  {"id": "two-shares", "label": "Shared twice", "clinics_shared": 2},
  {"id": "grants-series", "label": "Grants series completed", "series": "grants"},
  {"id": "grants-learner", "label": "Two grants clinics", "clinics_attended": 2, "skill": "grants-resources"},
  {"id": "wiki-starter", "label": "First on-wiki clinic", "clinics_attended": 1, "skill": "on-wiki-technical"}
 ]
})";

std::string rules_with(std::string_view badge) {
    return std::string(R"({"format": "letsconnect.badges/1", "badges": [)") + std::string(badge) + "]}";
}

using Award = std::tuple<std::string, std::string, std::string>;  // clinic, username, badge

std::vector<Award> brief(const std::vector<BadgeAward>& awards) {
    std::vector<Award> out;
    for (const auto& a : awards) out.emplace_back(a.clinic_id, a.username, a.badge);
    return out;
}

std::string show(const std::vector<BadgeAward>& awards) {
    std::string out;
    for (const auto& a : awards) out += "\n  " + a.clinic_id + " " + a.username + " " + a.badge;
    return out;
}

// Awards worked out by hand. Matched attendees and minutes (see test_metrics.cpp):
//   lc-01 (2026-02-04, grant-writing, series grants): Amina Bello 130, Kofi Mensah 110, Priya.R 105,
//         Lucía Fernández 90, Jacob Miller 30; sharers Amina Bello, Jacob Miller.
//   lc-02 (2026-02-18, budgeting, series grants): Hannah Schmidt 120, Kofi Mensah 60, Amina Bello 91,
//         TomasSilva 80; sharers Hannah Schmidt, Kofi Mensah.
//   lc-03 (2026-03-04, wikidata, no series): Priya.R 120, OlenaK 55, Amina Bello 105, Mai.Nguyen 70;
//         sharers Priya.R, Mai.Nguyen, Amina Bello.
// grant-writing and budgeting lie under grants-resources, wikidata under on-wiki-technical.
// Sorted by date, then username, then badge id (byte order).
const std::vector<Award> expected_awards = {
    // lc-01: everyone's first clinic; the two sharers' first share.
    {"lc-01", "Amina Bello", "first-clinic"},
    {"lc-01", "Amina Bello", "first-share"},
    {"lc-01", "Jacob Miller", "first-clinic"},
    {"lc-01", "Jacob Miller", "first-share"},
    {"lc-01", "Kofi Mensah", "first-clinic"},
    {"lc-01", "Lucía Fernández", "first-clinic"},
    {"lc-01", "Priya.R", "first-clinic"},
    // lc-02: Amina and Kofi complete the grants series (lc-01 + lc-02) and have two grants clinics;
    // Amina's 91 minutes do not count towards two-long-clinics; Kofi shares for the first time.
    {"lc-02", "Amina Bello", "grants-learner"},
    {"lc-02", "Amina Bello", "grants-series"},
    {"lc-02", "Hannah Schmidt", "first-clinic"},
    {"lc-02", "Hannah Schmidt", "first-share"},
    {"lc-02", "Kofi Mensah", "first-share"},
    {"lc-02", "Kofi Mensah", "grants-learner"},
    {"lc-02", "Kofi Mensah", "grants-series"},
    {"lc-02", "TomasSilva", "first-clinic"},
    // lc-03: Amina's third clinic, second of ≥ 100 minutes (130, 105) and second share; Priya's second
    // clinic of ≥ 100 minutes (105, 120); everyone's first on-wiki clinic.
    {"lc-03", "Amina Bello", "three-clinics"},
    {"lc-03", "Amina Bello", "two-long-clinics"},
    {"lc-03", "Amina Bello", "two-shares"},
    {"lc-03", "Amina Bello", "wiki-starter"},
    {"lc-03", "Mai.Nguyen", "first-clinic"},
    {"lc-03", "Mai.Nguyen", "first-share"},
    {"lc-03", "Mai.Nguyen", "wiki-starter"},
    {"lc-03", "OlenaK", "first-clinic"},
    {"lc-03", "OlenaK", "wiki-starter"},
    {"lc-03", "Priya.R", "first-share"},
    {"lc-03", "Priya.R", "two-long-clinics"},
    {"lc-03", "Priya.R", "wiki-starter"},
};

std::vector<Award> awards_from(std::string_view first_clinic) {
    std::vector<Award> out;
    for (const auto& a : expected_awards)
        if (std::get<0>(a) >= first_clinic) out.push_back(a);
    return out;
}

}  // namespace

// --- rules --------------------------------------------------------------------------------------

TEST(BadgeRules, FromJson) {
    const BadgeRules r = BadgeRules::from_json(programme_rules);
    ASSERT_EQ(r.rules.size(), 8U);
    EXPECT_EQ(r.rules[0], (BadgeRule{"first-clinic", "First clinic", 1, 0, "", "", 0}));
    EXPECT_EQ(r.rules[2], (BadgeRule{"two-long-clinics", "Two clinics of 100 minutes", 2, 0, "", "", 100}));
    EXPECT_EQ(r.rules[4], (BadgeRule{"two-shares", "Shared twice", 0, 2, "", "", 0}));
    EXPECT_EQ(r.rules[5], (BadgeRule{"grants-series", "Grants series completed", 0, 0, "grants", "", 0}));
    EXPECT_EQ(r.rules[7], (BadgeRule{"wiki-starter", "First on-wiki clinic", 1, 0, "", "on-wiki-technical", 0}));
    // The examples of the header.
    const BadgeRules header = BadgeRules::from_json(rules_with(
        R"({"id": "five-clinics", "label": "Five clinics", "clinics_attended": 5, "min_minutes": 30},
           {"id": "first-share", "label": "First time as a sharer", "clinics_shared": 1},
           {"id": "grants-series", "label": "Grants series completed", "series": "grants"},
           {"id": "data-learner", "label": "Three data clinics", "clinics_attended": 3, "skill": "learning-evaluation"})"));
    ASSERT_EQ(header.rules.size(), 4U);
    EXPECT_DOUBLE_EQ(header.rules[0].min_minutes, 30.0);
    EXPECT_EQ(header.rules[3].skill, "learning-evaluation");
    EXPECT_TRUE(BadgeRules::from_json(rules_with("")).rules.empty());
}

TEST(BadgeRules, UnknownFieldNamesTheBadge) {
    auto e = capture<ValidationError>([] {
        (void)BadgeRules::from_json(rules_with(R"({"id": "colourful", "clinics_attended": 1, "colour": "gold"})"), "rules.json");
    });
    ASSERT_TRUE(e);
    EXPECT_TRUE(has_problem(e->problems(), "colour", "colourful")) << lc_test::dump(e->problems());
    EXPECT_TRUE(contains(e->what(), "rules.json")) << e->what();
    // An unknown field of the document itself.
    EXPECT_THROW((void)BadgeRules::from_json(R"({"format": "letsconnect.badges/1", "badges": [], "rules": []})"), Error);
}

TEST(BadgeRules, DuplicateId) {
    auto e = capture<ValidationError>([] {
        (void)BadgeRules::from_json(rules_with(R"({"id": "first", "clinics_attended": 1},
                                                  {"id": "first", "clinics_shared": 1})"));
    });
    ASSERT_TRUE(e);
    EXPECT_TRUE(has_problem(e->problems(), "id", "first")) << lc_test::dump(e->problems());
    EXPECT_TRUE(contains(e->what(), "duplicate")) << e->what();
}

TEST(BadgeRules, ExactlyOneCondition) {
    for (const char* badge : {R"({"id": "nothing", "label": "Nothing to do"})",
                              R"({"id": "nothing", "min_minutes": 30, "skill": "wikidata"})",
                              R"({"id": "nothing", "clinics_attended": 2, "series": "grants"})",
                              R"({"id": "nothing", "clinics_attended": 2, "clinics_shared": 1})"}) {
        auto e = capture<ValidationError>([&] { (void)BadgeRules::from_json(rules_with(badge)); });
        ASSERT_TRUE(e) << badge;
        EXPECT_TRUE(has_problem(e->problems(), "", "nothing")) << badge << lc_test::dump(e->problems());
    }
}

TEST(BadgeRules, BadNumbersNameTheBadge) {
    struct Case {
        const char* badge;
        const char* field;
        const char* id;
    };
    for (const Case& c : {Case{R"({"id": "zero", "clinics_attended": 0})", "clinics_attended", "'zero'"},
                          Case{R"({"id": "negative", "clinics_attended": -3})", "clinics_attended", "'negative'"},
                          Case{R"({"id": "fraction", "clinics_attended": 1.5})", "clinics_attended", "'fraction'"},
                          Case{R"({"id": "text", "clinics_attended": "3"})", "clinics_attended", "'text'"},
                          Case{R"({"id": "shares", "clinics_shared": 0})", "clinics_shared", "'shares'"},
                          Case{R"({"id": "minutes", "clinics_attended": 1, "min_minutes": -5})", "min_minutes", "'minutes'"},
                          Case{R"({"id": "day", "clinics_attended": 1, "min_minutes": 2000})", "min_minutes", "'day'"},
                          Case{R"({"id": "word", "clinics_attended": 1, "min_minutes": "long"})", "min_minutes", "'word'"},
                          Case{R"({"id": "series", "series": 7})", "series", "'series'"}}) {
        auto e = capture<ValidationError>([&] { (void)BadgeRules::from_json(rules_with(c.badge)); });
        ASSERT_TRUE(e) << c.badge;
        EXPECT_TRUE(has_problem(e->problems(), c.field, c.id)) << c.badge << lc_test::dump(e->problems());
    }
}

TEST(BadgeRules, EveryProblemIsReported) {
    auto e = capture<ValidationError>([] {
        (void)BadgeRules::from_json(rules_with(R"({"id": "a", "clinics_attended": 0},
                                                  {"id": "b", "clinics_shared": 1, "extra": true},
                                                  {"label": "no id", "clinics_attended": 1})"));
    });
    ASSERT_TRUE(e);
    EXPECT_TRUE(has_problem(e->problems(), "clinics_attended", "'a'")) << lc_test::dump(e->problems());
    EXPECT_TRUE(has_problem(e->problems(), "extra", "'b'")) << lc_test::dump(e->problems());
    EXPECT_TRUE(has_problem(e->problems(), "id", "badges[2]")) << lc_test::dump(e->problems());
}

TEST(BadgeRules, MalformedDocuments) {
    EXPECT_THROW((void)BadgeRules::from_json("{"), FormatError);
    EXPECT_THROW((void)BadgeRules::from_json("[]"), FormatError);
    EXPECT_THROW((void)BadgeRules::from_json(R"({"format": "letsconnect.clinics/1", "badges": []})"), FormatError);
    EXPECT_THROW((void)BadgeRules::from_json(R"({"format": "letsconnect.badges/1"})"), FormatError);
    EXPECT_THROW((void)BadgeRules::from_json(R"({"format": "letsconnect.badges/1", "badges": {}})"), FormatError);
    EXPECT_THROW((void)BadgeRules::from_json(rules_with("3")), ValidationError);
}

TEST(BadgeRules, ToJsonRoundTrip) {
    const BadgeRules r = BadgeRules::from_json(programme_rules);
    for (int indent : {-1, 0, 1, 2}) {
        const std::string text = r.to_json(indent);
        EXPECT_TRUE(contains(text, "letsconnect.badges/1"));
        EXPECT_EQ(BadgeRules::from_json(text).rules, r.rules) << text;
    }
    EXPECT_EQ(BadgeRules::from_json(BadgeRules::defaults().to_json()).rules, BadgeRules::defaults().rules);
    // A fractional minimum survives.
    BadgeRules half;
    half.rules = {{"half-hour", "Half an hour", 1, 0, "", "", 29.5}};
    EXPECT_EQ(BadgeRules::from_json(half.to_json()).rules, half.rules);
}

TEST(BadgeRules, LoadFromFile) {
    lc_test::TempDir tmp;
    {
        std::ofstream out(tmp.file("badges.json"), std::ios::binary);
        out << programme_rules;
    }
    EXPECT_EQ(BadgeRules::load(tmp.file("badges.json")).rules, BadgeRules::from_json(programme_rules).rules);
    auto e = capture<FileError>([&] { (void)BadgeRules::load(tmp.file("missing.json")); });
    ASSERT_TRUE(e);
    EXPECT_TRUE(contains(e->path(), "missing.json"));
}

TEST(BadgeRules, Defaults) {
    const BadgeRules d = BadgeRules::defaults();
    ASSERT_EQ(d.rules.size(), 4U);
    EXPECT_EQ(d.rules[0].id, "first-clinic");
    EXPECT_EQ(d.rules[0].clinics_attended, 1);
    EXPECT_EQ(d.rules[1].id, "five-clinics");
    EXPECT_EQ(d.rules[1].clinics_attended, 5);
    EXPECT_EQ(d.rules[2].id, "ten-clinics");
    EXPECT_EQ(d.rules[2].clinics_attended, 10);
    EXPECT_EQ(d.rules[3].id, "first-share");
    EXPECT_EQ(d.rules[3].clinics_shared, 1);
    for (const auto& r : d.rules) {
        EXPECT_FALSE(r.label.empty()) << r.id;
        EXPECT_TRUE(r.series.empty() && r.skill.empty()) << r.id;
        EXPECT_DOUBLE_EQ(r.min_minutes, 0.0) << r.id;
    }
}

// --- awards -------------------------------------------------------------------------------------

TEST(BadgeAwards, EveryRuleOnTheProgramme) {
    const auto awards = award_badges(programme_directory(), programme_clinics(), programme_attendance(),
                                     BadgeRules::from_json(programme_rules));
    EXPECT_EQ(brief(awards), expected_awards) << show(awards);
    // Labels and dates come from the rule and the clinic.
    for (const auto& a : awards) {
        const Clinic& c = programme_clinics().at(a.clinic_id);
        EXPECT_EQ(a.earned, c.start) << a.badge;
        if (a.badge == "grants-series") {
            EXPECT_EQ(a.label, "Grants series completed");
        }
        if (a.badge == "first-clinic") {
            EXPECT_EQ(a.label, "First clinic");
        }
    }
}

TEST(BadgeAwards, Defaults) {
    // First clinic for the 9 registered people who came, first share for the 6 sharers; nobody has five.
    const auto awards =
        award_badges(programme_directory(), programme_clinics(), programme_attendance(), BadgeRules::defaults());
    std::vector<Award> expected;
    for (const auto& a : expected_awards)
        if (std::get<2>(a) == "first-clinic" || std::get<2>(a) == "first-share") expected.push_back(a);
    EXPECT_EQ(brief(awards), expected) << show(awards);
}

TEST(BadgeAwards, SinceReturnsOnlyNewlyEarned) {
    const BadgeRules rules = BadgeRules::from_json(programme_rules);
    const auto& dir = programme_directory();
    const auto& clinics = programme_clinics();
    const auto& attendance = programme_attendance();
    // From the day of lc-02: lc-02 and lc-03; Amina's first clinic (lc-01) is not given again.
    EXPECT_EQ(brief(award_badges(dir, clinics, attendance, rules, ymd(2026, 2, 18))), awards_from("lc-02"));
    EXPECT_EQ(brief(award_badges(dir, clinics, attendance, rules, ymd(2026, 2, 19))), awards_from("lc-03"));
    EXPECT_EQ(brief(award_badges(dir, clinics, attendance, rules, ymd(2026, 3, 4))), awards_from("lc-03"));
    EXPECT_TRUE(award_badges(dir, clinics, attendance, rules, ymd(2026, 3, 5)).empty());
    EXPECT_EQ(brief(award_badges(dir, clinics, attendance, rules, ymd(2026, 1, 1))), expected_awards);
}

TEST(BadgeAwards, ReviewAndUnregisteredDoNotCount) {
    // Only lc-02's report: the Galaxy A12 (review) and Ngozi Eze (unregistered) earn nothing.
    const std::vector<ClinicAttendance> one = {programme_attendance()[1]};
    const auto awards = award_badges(programme_directory(), programme_clinics(), one, BadgeRules::defaults());
    // Attendance: Hannah, Kofi, Amina, TomasSilva; sharers without a report elsewhere still share.
    const std::vector<Award> expected = {
        {"lc-01", "Amina Bello", "first-share"},  {"lc-01", "Jacob Miller", "first-share"},
        {"lc-02", "Amina Bello", "first-clinic"}, {"lc-02", "Hannah Schmidt", "first-clinic"},
        {"lc-02", "Hannah Schmidt", "first-share"}, {"lc-02", "Kofi Mensah", "first-clinic"},
        {"lc-02", "Kofi Mensah", "first-share"},  {"lc-02", "TomasSilva", "first-clinic"},
        {"lc-03", "Mai.Nguyen", "first-share"},   {"lc-03", "Priya.R", "first-share"},
    };
    EXPECT_EQ(brief(awards), expected) << show(awards);
}

TEST(BadgeAwards, OrderIsDateUsernameBadge) {
    const auto awards = award_badges(programme_directory(), programme_clinics(), programme_attendance(),
                                     BadgeRules::from_json(programme_rules));
    for (std::size_t i = 1; i < awards.size(); ++i) {
        const auto& a = awards[i - 1];
        const auto& b = awards[i];
        EXPECT_LE(std::tie(a.earned, a.username, a.badge), std::tie(b.earned, b.username, b.badge)) << i;
    }
    // Clinics given out of order give the same awards.
    Clinics shuffled = programme_clinics();
    std::swap(shuffled.clinics[0], shuffled.clinics[2]);
    EXPECT_EQ(award_badges(programme_directory(), shuffled, programme_attendance(), BadgeRules::from_json(programme_rules)),
              awards);
}

TEST(BadgeAwards, TwoRulesOnOneSeriesCountSeparately) {
    // The grants series is lc-01 + lc-02. Completing it: Amina Bello and Kofi Mensah, at lc-02.
    // With at least 100 minutes at each: nobody (Amina 130 then 91, Kofi 110 then 60).
    const BadgeRules long_only =
        BadgeRules::from_json(rules_with(R"({"id": "grants-series-long", "series": "grants", "min_minutes": 100})"));
    EXPECT_TRUE(award_badges(programme_directory(), programme_clinics(), programme_attendance(), long_only).empty());
    // Both rules at once: each keeps its own count of the series' clinics (Priya.R, who came to
    // lc-01 only, completes nothing).
    const BadgeRules rules = BadgeRules::from_json(rules_with(
        R"({"id": "grants-series", "series": "grants"},
           {"id": "grants-series-long", "series": "grants", "min_minutes": 100})"));
    const auto awards = award_badges(programme_directory(), programme_clinics(), programme_attendance(), rules);
    const std::vector<Award> expected = {{"lc-02", "Amina Bello", "grants-series"}, {"lc-02", "Kofi Mensah", "grants-series"}};
    EXPECT_EQ(brief(awards), expected) << show(awards);
}

TEST(BadgeAwards, SeriesNeedsEveryClinicOfTheSeries) {
    // Only lc-02's report: nobody attended lc-01, so nobody completes the grants series.
    const std::vector<ClinicAttendance> one = {programme_attendance()[1]};
    const BadgeRules rules = BadgeRules::from_json(rules_with(R"({"id": "grants-series", "series": "grants"})"));
    EXPECT_TRUE(award_badges(programme_directory(), programme_clinics(), one, rules).empty());
    // A series nobody holds a clinic of is never completed.
    const BadgeRules none = BadgeRules::from_json(rules_with(R"({"id": "ghost", "series": "no-such-series"})"));
    EXPECT_TRUE(award_badges(programme_directory(), programme_clinics(), programme_attendance(), none).empty());
}

TEST(BadgeAwards, UnknownSkillIsNotFound) {
    const BadgeRules rules = BadgeRules::from_json(rules_with(R"({"id": "x", "clinics_attended": 1, "skill": "no-such-skill"})"));
    auto e = capture<NotFoundError>([&] {
        (void)award_badges(programme_directory(), programme_clinics(), programme_attendance(), rules);
    });
    ASSERT_TRUE(e);
    EXPECT_EQ(e->key(), "no-such-skill");
}

TEST(BadgeAwards, NoRulesNoAwards) {
    EXPECT_TRUE(award_badges(programme_directory(), programme_clinics(), programme_attendance(), BadgeRules{}).empty());
}
