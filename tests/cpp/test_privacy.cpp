// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors

// Personal data never reaches an error message: every parser is fed bad records with invented
// names and e-mail addresses planted in and around the bad values, and no message may quote them
// (a record is identified by its key: a profile's username, a clinic id, a CSV line).

#include <gtest/gtest.h>

#include "letsconnect/letsconnect.hpp"

#include <functional>
#include <string>
#include <vector>

namespace {

using namespace letsconnect;

// Invented, unique: a hit can only come from the planted input.
const std::vector<std::string> planted = {"Zephyrine", "Oakhollow", "Quillon", "Varga", "Brisk",
                                          "zeph.oak@planted.example", "qv@planted.example", "planted.example"};

// The message of the error `parse` throws (every problem of a ValidationError included).
std::string message_of(const std::function<void()>& parse) {
    try {
        parse();
    } catch (const ValidationError& e) {
        std::string all = e.what();
        for (const auto& p : e.problems()) all += "\n" + p.to_string();
        return all;
    } catch (const std::exception& e) {
        return e.what();
    }
    ADD_FAILURE() << "expected an error";
    return {};
}

void expect_no_planted(const std::string& text) {
    EXPECT_FALSE(text.empty());
    for (const auto& p : planted) EXPECT_EQ(text.find(p), std::string::npos) << "'" << p << "' leaked into: " << text;
}

std::string directory_json(const std::string& profile) {
    return R"({"format": "letsconnect.directory/1", "profiles": [)" + profile + "]}";
}

}  // namespace

TEST(PrivacyDirectory, BadValuesAroundNamesAndEmailsAreNotQuoted) {
    const std::string text = directory_json(R"(
      {"username": "privacy-key-1", "name": "Zephyrine Oakhollow", "emails": ["zeph.oak@planted.example"],
       "aliases": ["Quillon Varga-Brisk"], "timezone": "Zephyrine Oakhollow", "country": "zeph.oak@planted.example",
       "region": "Oakhollow", "languages": {"en": "Quillon Varga", "fr": "qv@planted.example"},
       "registered": "Zephyrine Oakhollow",
       "availability": [{"day": "Zephyrine", "start": "Quillon Varga", "end": "qv@planted.example"}],
       "shares": ["zeph.oak@planted.example"], "learns": ["Quillon Varga", "Quillon Varga"]})");
    const std::string m = message_of([&] { (void)Directory::from_json(text); });
    expect_no_planted(m);
    EXPECT_NE(m.find("privacy-key-1"), std::string::npos) << m;  // the record key still names the profile
    EXPECT_NE(m.find("timezone"), std::string::npos) << m;
    EXPECT_NE(m.find("registered"), std::string::npos) << m;
}

TEST(PrivacyDirectory, WrongTypesAndShiftedFields) {
    const std::string text = directory_json(R"(
      {"username": "privacy-key-2", "name": ["Zephyrine Oakhollow"], "emails": "zeph.oak@planted.example",
       "aliases": [{"Quillon": "Varga"}], "timezone": 3, "gender": {"who": "qv@planted.example"},
       "role": ["Zephyrine"], "affiliations": [7, "Oakhollow"], "Zephyrine Oakhollow": 1},
      {"username": 12, "name": "Quillon Varga", "emails": ["qv@planted.example"]})");
    expect_no_planted(message_of([&] { (void)Directory::from_json(text); }));
}

TEST(PrivacyDirectory, UsernameIsTheKey) {
    // The username is what names the record: it may be quoted; the other fields may not.
    const std::string text = directory_json(R"(
      {"username": "Maelis Thornquist", "name": "Zephyrine Oakhollow", "emails": ["zeph.oak@planted.example"],
       "timezone": "Mars/Olympus"})");
    const std::string m = message_of([&] { (void)Directory::from_json(text); });
    expect_no_planted(m);
    EXPECT_NE(m.find("Maelis Thornquist"), std::string::npos) << m;
    EXPECT_NE(m.find("Mars/Olympus"), std::string::npos) << m;  // codes are still quoted
}

TEST(PrivacyDirectory, InvalidEmailsAreNotQuoted) {
    const std::string text = directory_json(
        R"({"username": "privacy-key-3", "emails": ["Zephyrine Oakhollow", "zeph.oak@planted.example@x", "qv@"]})");
    const std::string m = message_of([&] { (void)Directory::from_json(text); });
    expect_no_planted(m);
    EXPECT_NE(m.find("emails[0]"), std::string::npos) << m;
}

TEST(PrivacyJson, MalformedJsonDoesNotQuoteTheText) {
    // A raw line break inside a string, an unquoted name, a missing comma, a duplicate key.
    for (const std::string& text : {
             directory_json("{\"username\": \"k\", \"name\": \"Zephyrine Oakhollow\nQuillon Varga\"}"),
             directory_json(R"({"username": "k", "name": Zephyrine Oakhollow})"),
             directory_json(R"({"username": "k", "name": nZephyrine})"),
             directory_json(R"({"username": "k", "emails": ["zeph.oak@planted.example" "qv@planted.example"]})"),
             directory_json(R"({"username": "k", "name": "Zephyrine Oakhollow", "name": "qv@planted.example"})"),
             directory_json(R"({"username": "k", "emails": ["zeph.oak@planted.example\u0001)"),
         }) {
        const std::string m = message_of([&] { (void)Directory::from_json(text); });
        expect_no_planted(m);
        EXPECT_NE(m.find("<memory>"), std::string::npos) << m;
    }
}

TEST(PrivacyCapx, BadEntriesAndNotesDoNotQuotePeople) {
    const std::string skills = R"([{"id": 10, "skill_wikidata_item": "Q900010", "skill_type": null}])";
    const std::string languages = R"([{"id": 1, "language_code": "en"}])";
    const std::string profiles = R"([
      {"id": 1, "user": {"username": "privacy-capx-1", "date_joined": "Zephyrine Oakhollow", "email": "zeph.oak@planted.example"},
       "display_name": "Quillon Varga", "language": [{"id": 99, "proficiency": "qv@planted.example"},
                                                     {"id": 1, "proficiency": "Zephyrine"}],
       "territory": ["Oakhollow", 123456], "skills_available": ["Quillon Varga", 777]}])";
    CapxSources s;
    s.profiles = profiles;
    s.skills = skills;
    s.languages = languages;
    const Directory d = directory_from_capx(s);
    std::string notes;
    for (const auto& n : d.import_notes()) notes += n + "\n";
    expect_no_planted(notes);

    // Broken reference lists throw, quoting the entry with its strings masked.
    s.languages = R"([{"id": 5, "language_name": "Zephyrine Oakhollow", "contact": "qv@planted.example"}])";
    expect_no_planted(message_of([&] { (void)directory_from_capx(s); }));
    s.languages = languages;
    s.territories = R"([{"territory_name": "Quillon Varga", "by": "zeph.oak@planted.example"}])";
    expect_no_planted(message_of([&] { (void)directory_from_capx(s); }));
    s.territories.clear();
    s.profiles = R"([{"id": 1, "user": {"username": 5, "email": "zeph.oak@planted.example"}, "display_name": "Quillon Varga"}])";
    expect_no_planted(message_of([&] { (void)directory_from_capx(s); }));
}

TEST(PrivacyClinics, BadValuesAreNotQuoted) {
    const std::string text = R"({"format": "letsconnect.clinics/1", "clinics": [
      {"id": "lc-priv", "title": "Grant writing", "start": "Zephyrine Oakhollow", "duration_min": "qv@planted.example",
       "language": "zeph.oak@planted.example", "interpretation": ["Quillon Varga"], "report_time_zone": "Oakhollow",
       "sharers": ["zeph.oak@planted.example", "zeph.oak@planted.example"], "registrants": [5],
       "skills": ["Quillon Varga"]}]})";
    const std::string m = message_of([&] { (void)Clinics::from_json(text); });
    expect_no_planted(m);
    EXPECT_NE(m.find("lc-priv"), std::string::npos) << m;
}

TEST(PrivacyTaxonomy, BadNodesDoNotQuoteNames) {
    const std::string text = R"({"format": "letsconnect.taxonomy/1", "nodes": [
      {"id": "a", "labels": {"en": "A"}},
      {"id": "b", "parent": "Zephyrine Oakhollow", "qid": "qv@planted.example", "labels": {"en": ["Quillon Varga"]}}]})";
    expect_no_planted(message_of([&] { (void)Taxonomy::from_json(text); }));
}

TEST(PrivacyZoom, ShiftedColumnsDoNotQuoteNamesOrEmails) {
    const std::string csv =
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
        "Oakhollow, Zephyrine,zeph.oak@planted.example,01/14/2026 02:00:00 PM,01/14/2026 03:00:00 PM,60,No\n"
        "Quillon Varga,,Quillon Varga,qv@planted.example,Brisk,Zephyrine\n"
        "Quillon Varga,qv@planted.example,01/14/2026 02:00:00 PM,01/14/2026 03:00:00 PM,sixty,Oakhollow\n"
        "Brisk Quillon,qv@planted.example,13/45/2026 02:00:00 PM,01/14/2026 03:00:00 PM,60,No\n";
    const std::string m = message_of([&] { (void)ZoomReport::parse(csv, "clinic.csv"); });
    expect_no_planted(m);
    EXPECT_NE(m.find("clinic.csv: line 2"), std::string::npos) << m;  // the file and line are the key
    EXPECT_NE(m.find("13/45/2026 02:00:00 PM"), std::string::npos) << m;  // a bad time is still shown
}

TEST(PrivacyZoom, MissingHeaderDoesNotListTheFirstRow) {
    const std::string csv =
        "Zephyrine Oakhollow,zeph.oak@planted.example,01/14/2026 02:00:00 PM,01/14/2026 03:00:00 PM,60,No\n";
    const std::string m = message_of([&] { (void)ZoomReport::parse(csv, "clinic.csv"); });
    expect_no_planted(m);
    EXPECT_NE(m.find("missing column"), std::string::npos) << m;
}

TEST(PrivacyZoom, MeetingBlockAndEncodingErrors) {
    const std::string csv =
        "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\n"
        "123,Clinic with Zephyrine Oakhollow,Quillon Varga,qv@planted.example,zeph.oak@planted.example,Brisk,Varga\n"
        "\n"
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
        "Zephyrine Oakhollow,zeph.oak@planted.example,01/14/2026 02:00:00 PM,01/14/2026 03:00:00 PM,60,No\n";
    expect_no_planted(message_of([&] { (void)ZoomReport::parse(csv, "clinic.csv"); }));
    expect_no_planted(message_of([&] {
        (void)ZoomReport::parse("Name,Join Time,Leave Time\n\"Zephyrine Oakhollow,zeph.oak@planted.example\n", "clinic.csv");
    }));
    expect_no_planted(message_of([&] {
        (void)ZoomReport::parse(std::string("Name,Join Time,Leave Time\nZephyrine Oakhollow \xff,x,y\n"), "clinic.csv");
    }));
}

TEST(PrivacyMentorship, BadSignUpsDoNotQuoteNames) {
    const std::string text = R"({"format": "letsconnect.mentorship/1", "id": "priv",
      "languages": ["Quillon Varga"], "registration_open_date": "Zephyrine Oakhollow",
      "mentors": [{"user": "Maelis Thornquist", "created_at": "qv@planted.example", "capacity": "Zephyrine"}],
      "mentees": [{"user": "privacy-mentee", "created_at": "Oakhollow", "note": "zeph.oak@planted.example"}]})";
    const std::string m = message_of([&] { (void)MentorshipProgramme::from_json(text); });
    expect_no_planted(m);
    EXPECT_NE(m.find("registration_open_date"), std::string::npos) << m;
}
