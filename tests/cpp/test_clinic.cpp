// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
// Tests of letsconnect/clinic.hpp: `letsconnect.clinics/1` files (tests/data/clinics/, see its
// README.md), persistence, report paths, cross-checks against a directory, validation of one
// clinic, and the ISO 8601 instants clinics are written in.

#include "test_helpers.hpp"

#include "letsconnect/attendance.hpp"
#include "letsconnect/clinic.hpp"
#include "letsconnect/directory.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

using namespace letsconnect;
using lc_test::capture;
using lc_test::contains;
using lc_test::data_path;
using lc_test::dump;
using lc_test::has_problem;
using lc_test::iso;
using lc_test::utc;

namespace {

namespace fs = std::filesystem;
using std::chrono::sys_seconds;



std::string clinics_file(std::string_view name) { return data_path(std::string("clinics/") + std::string(name)); }

const Directory& reconcile_directory() {
    static const Directory dir = Directory::load(data_path("reconcile/directory.json"));
    return dir;
}

// The one problem of a file with a single fault in clinic 'lc-x' (clinics[1]).
Problem only_problem(const std::string& file) {
    const auto e = capture<ValidationError>([&] { (void)Clinics::load(clinics_file(file)); });
    if (!e) return {};
    EXPECT_EQ(e->problems().size(), 1U) << file << dump(e->problems());
    if (e->problems().empty()) return {};
    EXPECT_EQ(e->problems()[0].source, clinics_file(file));
    return e->problems()[0];
}

bool blames(const std::vector<Problem>& problems, std::string_view text) {
    return std::any_of(problems.begin(), problems.end(),
                       [&](const Problem& p) { return contains(p.where + " " + p.message, text); });
}

Clinic valid_clinic() {
    Clinic c;
    c.id = "lc-2026-01";
    c.title = "Grant writing";
    c.start = utc(2026, 1, 14, 14, 0);
    c.language = "en";
    c.interpretation = {"fr", "pt-br"};
    c.sharers = {"Amina Bello"};
    c.registrants = {"Kofi Mensah", "Ngozi Eze"};
    return c;
}

}  // namespace

// --- loading a good file -------------------------------------------------------------------

TEST(ClinicsLoad, EveryFieldOfAGoodFile) {
    const auto path = clinics_file("clinics_good.json");
    const auto clinics = Clinics::load(path);
    EXPECT_EQ(clinics.base_dir, fs::path(path).parent_path().string());
    ASSERT_EQ(clinics.clinics.size(), 3U);

    const Clinic& a = clinics.clinics[0];
    EXPECT_EQ(a.id, "lc-2026-01");
    EXPECT_EQ(a.title, "Grant writing for small affiliates");
    EXPECT_EQ(iso(a.start), "2026-01-14T14:00:00Z");
    EXPECT_EQ(a.duration_min, 120);
    EXPECT_EQ(a.language, "en");
    EXPECT_EQ(a.interpretation, (std::vector<std::string>{"fr", "pt-br"}));
    EXPECT_EQ(a.skills, (std::vector<std::string>{"grant-writing", "Q2013"}));
    EXPECT_EQ(a.sharers, (std::vector<std::string>{"Amina Bello", "Femi.Akinola"}));
    // Usernames kept as written (not normalised), in the order given.
    EXPECT_EQ(a.registrants,
              (std::vector<std::string>{"Kofi_Mensah", "Lucía Fernández", "Бакыт Осмонов", "كريم عزام"}));
    EXPECT_EQ(a.attendance, (std::vector<std::string>{"../zoom/meeting_block.csv",
                                                      "/srv/letsconnect/zoom/lc-2026-01-breakout.csv"}));
    EXPECT_EQ(a.series, "grants");

    const Clinic& b = clinics.clinics[1];
    EXPECT_EQ(b.id, "lc-2026-02");
    EXPECT_EQ(b.title, "Organizar tu primer editatón");
    EXPECT_EQ(iso(b.start), "2026-01-28T15:00:00Z");  // 10:00-05:00
    EXPECT_EQ(b.duration_min, 90);
    EXPECT_EQ(b.language, "es");
    EXPECT_TRUE(b.interpretation.empty());
    EXPECT_TRUE(b.registrants.empty());
    EXPECT_EQ(b.series, "");

    // Only id and start: every other field takes its default.
    const Clinic& c = clinics.clinics[2];
    Clinic expected;
    expected.id = "lc-2026-03";
    expected.start = utc(2026, 2, 11, 14, 0);  // 19:30+05:30
    EXPECT_EQ(c, expected);
    EXPECT_EQ(c.duration_min, 120);
}

TEST(ClinicsLoad, AtFindsByIdOrThrowsNotFound) {
    const auto clinics = Clinics::load(clinics_file("clinics_good.json"));
    EXPECT_EQ(clinics.at("lc-2026-02").title, "Organizar tu primer editatón");
    EXPECT_EQ(&clinics.at("lc-2026-03"), &clinics.clinics[2]);
    const auto e = capture<NotFoundError>([&] { (void)clinics.at("lc-2099-01"); });
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->key(), "lc-2099-01");
    EXPECT_TRUE(contains(e->what(), "lc-2099-01"));
    EXPECT_THROW((void)clinics.at(""), NotFoundError);
    EXPECT_THROW((void)Clinics{}.at("lc-2026-01"), NotFoundError);
}

TEST(ClinicsLoad, AttendancePathsAreRelativeToTheFilesFolder) {
    const auto path = clinics_file("clinics_good.json");
    const auto clinics = Clinics::load(path);
    const fs::path base = fs::path(path).parent_path();
    const auto a = clinics.attendance_paths(clinics.clinics[0]);
    ASSERT_EQ(a.size(), 2U);
    EXPECT_EQ(a[0], (base / "../zoom/meeting_block.csv").string());
    EXPECT_EQ(a[1], "/srv/letsconnect/zoom/lc-2026-01-breakout.csv");  // absolute: kept
    EXPECT_EQ(clinics.attendance_paths(clinics.clinics[1]),
              (std::vector<std::string>{(base / "zoom/lc-2026-02.csv").string()}));
    EXPECT_TRUE(clinics.attendance_paths(clinics.clinics[2]).empty());

    // The resolved relative path is the report next door, whatever the working folder.
    ASSERT_TRUE(fs::exists(a[0])) << a[0];
    EXPECT_TRUE(fs::equivalent(a[0], data_path("zoom/meeting_block.csv")));
    EXPECT_EQ(ZoomReport::read(a[0]).segments.size(), 10U);

    // Parsed from text there is no folder: paths come back as written.
    const auto text = Clinics::from_json(lc_test::slurp(path));
    EXPECT_EQ(text.base_dir, "");
    EXPECT_EQ(text.attendance_paths(text.clinics[0]), text.clinics[0].attendance);
}

TEST(ClinicsLoad, TheReconciliationClinicsAndTheirReports) {
    const auto clinics = Clinics::load(data_path("reconcile/clinics.json"));
    ASSERT_EQ(clinics.clinics.size(), 10U);
    EXPECT_EQ(clinics.clinics.front().id, "lc-2026-01");
    EXPECT_EQ(clinics.clinics.back().id, "lc-2026-10");
    // From the README: two weeks apart from 2026-01-14, 120 minutes.
    EXPECT_EQ(iso(clinics.at("lc-2026-01").start), "2026-01-14T14:00:00Z");
    EXPECT_EQ(iso(clinics.at("lc-2026-04").start), "2026-02-25T13:00:00Z");
    EXPECT_EQ(iso(clinics.at("lc-2026-10").start), "2026-05-20T16:00:00Z");
    EXPECT_EQ(clinics.at("lc-2026-01").registrants.size(), 31U);
    EXPECT_EQ(clinics.at("lc-2026-03").interpretation, (std::vector<std::string>{"fr", "pt"}));
    for (const auto& c : clinics.clinics) {
        EXPECT_EQ(c.duration_min, 120) << c.id;
        const auto paths = clinics.attendance_paths(c);
        ASSERT_EQ(paths.size(), 1U) << c.id;
        EXPECT_TRUE(fs::exists(paths[0])) << paths[0];
    }
}

// --- round trip and saving -----------------------------------------------------------------

TEST(ClinicsLoad, JsonRoundTrip) {
    const auto loaded = Clinics::load(clinics_file("clinics_good.json"));
    const std::string text = loaded.to_json();
    const auto again = Clinics::from_json(text);
    EXPECT_EQ(again.clinics, loaded.clinics);
    EXPECT_EQ(again.to_json(), text);  // stable
    // Starts are written as UTC with Z, whatever offset the input used.
    const auto doc = nlohmann::json::parse(text);
    EXPECT_EQ(doc["format"], "letsconnect.clinics/1");
    ASSERT_EQ(doc["clinics"].size(), 3U);
    EXPECT_EQ(doc["clinics"][1]["start"], "2026-01-28T15:00:00Z");
    EXPECT_EQ(doc["clinics"][2]["start"], "2026-02-11T14:00:00Z");
    EXPECT_EQ(doc["clinics"][0]["registrants"][3], "كريم عزام");
    // Any indent gives the same clinics.
    EXPECT_EQ(Clinics::from_json(loaded.to_json(0)).clinics, loaded.clinics);
    EXPECT_EQ(Clinics::from_json(loaded.to_json(4)).clinics, loaded.clinics);

    // Built in code, every field set.
    Clinics made;
    Clinic c = valid_clinic();
    c.duration_min = 75;
    c.skills = {"mentoring", "Q52"};
    c.attendance = {"a.csv", "/abs/b.csv"};
    c.series = "mentoring-101";
    made.clinics = {c, Clinic{}};
    made.clinics[1].id = "lc-empty";
    EXPECT_EQ(Clinics::from_json(made.to_json()).clinics, made.clinics);
    // No clinics at all.
    EXPECT_TRUE(Clinics::from_json(Clinics{}.to_json()).clinics.empty());
}

TEST(ClinicsLoad, SaveIsAtomic) {
    lc_test::TempDir tmp;
    const auto path = tmp.file("clinics.json");
    {
        std::ofstream old(path);
        old << "an older, longer file that must be replaced entirely -- " << std::string(4000, 'x');
    }
    const auto loaded = Clinics::load(clinics_file("clinics_good.json"));
    loaded.save(path);
    EXPECT_EQ(tmp.entries(), (std::vector<std::string>{"clinics.json"}));  // no temp file left
    EXPECT_EQ(lc_test::slurp(path), loaded.to_json());
    const auto back = Clinics::load(path);
    EXPECT_EQ(back.clinics, loaded.clinics);
    EXPECT_EQ(back.base_dir, tmp.path().string());

    // Saved again over itself, after a change.
    Clinics changed = back;
    changed.clinics.pop_back();
    changed.save(path);
    EXPECT_EQ(tmp.entries(), (std::vector<std::string>{"clinics.json"}));
    EXPECT_EQ(Clinics::load(path).clinics.size(), 2U);

    // Into a folder that does not exist: FileError, nothing written.
    EXPECT_THROW(loaded.save(tmp.file("missing/clinics.json")), FileError);
    EXPECT_EQ(tmp.entries(), (std::vector<std::string>{"clinics.json"}));
}

TEST(ClinicsLoad, MissingFile) {
    const auto path = clinics_file("no_such_clinics.json");
    const auto e = capture<FileError>([&] { (void)Clinics::load(path); });
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->path(), path);
}

TEST(ClinicsLoad, StartTimeShapes) {
    const auto start_of = [](const std::string& start) {
        return Clinics::from_json(R"({"format": "letsconnect.clinics/1", "clinics": [{"id": "lc-1", "start": ")" + start +
                                  R"("}]})")
            .clinics.at(0)
            .start;
    };
    EXPECT_EQ(iso(start_of("2026-01-14T14:00:00Z")), "2026-01-14T14:00:00Z");
    EXPECT_EQ(iso(start_of("2026-01-14T14:00Z")), "2026-01-14T14:00:00Z");
    EXPECT_EQ(iso(start_of("2026-01-14T15:00:00+01:00")), "2026-01-14T14:00:00Z");
    EXPECT_EQ(iso(start_of("2026-01-14 14:00")), "2026-01-14T14:00:00Z");  // no offset: UTC
}

// --- broken files --------------------------------------------------------------------------

TEST(ClinicsErrors, WrongFormatString) {
    const auto path = clinics_file("clinics_wrong_format.json");
    const auto e = capture<FormatError>([&] { (void)Clinics::load(path); });
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->source(), path);
    EXPECT_EQ(e->json_path(), "format");
    EXPECT_TRUE(contains(e->what(), "letsconnect.clinics/1")) << e->what();
    EXPECT_THROW((void)Clinics::from_json(R"({"clinics": []})"), FormatError);                        // no format
    EXPECT_THROW((void)Clinics::from_json(R"({"format": "letsconnect.directory/1", "clinics": []})"), FormatError);
    EXPECT_THROW((void)Clinics::from_json(R"([])"), FormatError);                                      // not an object
    EXPECT_THROW((void)Clinics::from_json(R"({"format": "letsconnect.clinics/1"})"), FormatError);     // no list
    EXPECT_THROW((void)Clinics::from_json(R"({"format": "letsconnect.clinics/1", "clinics": {}})"), FormatError);
    const auto f = capture<FormatError>([] {
        (void)Clinics::from_json(R"({"format": "letsconnect.clinics/1", "clinics": [], "notes": "x"})");
    });
    ASSERT_TRUE(f.has_value());
    EXPECT_EQ(f->json_path(), "notes");
}

TEST(ClinicsErrors, NotJson) {
    const auto path = clinics_file("clinics_truncated.json");
    const auto e = capture<FormatError>([&] { (void)Clinics::load(path); });
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->source(), path);
    EXPECT_GE(e->line(), 4U);  // the file stops after line 4, inside the first clinic
    EXPECT_GT(e->column(), 0U);
    EXPECT_THROW((void)Clinics::from_json(""), FormatError);
    EXPECT_THROW((void)Clinics::from_json("{\"format\": \"letsconnect.clinics/1\", \"clinics\": [\"\xE9\"]}"), FormatError);
}

TEST(ClinicsErrors, UnknownField) {
    const Problem p = only_problem("clinics_unknown_field.json");
    EXPECT_EQ(p.where, "clinic 'lc-x' (clinics[1])");
    EXPECT_EQ(p.field, "speaker");
}

TEST(ClinicsErrors, DuplicateId) {
    const Problem p = only_problem("clinics_duplicate_id.json");
    EXPECT_EQ(p.where, "clinic 'lc-x' (clinics[2])");  // the second one is blamed
    EXPECT_EQ(p.field, "id");
    EXPECT_TRUE(contains(p.message, "lc-x")) << p.to_string();
}

TEST(ClinicsErrors, BadStartTime) {
    const Problem p = only_problem("clinics_bad_start.json");
    EXPECT_EQ(p.where, "clinic 'lc-x' (clinics[1])");
    EXPECT_EQ(p.field, "start");
    EXPECT_TRUE(contains(p.message, "28/01/2026 15:00")) << p.to_string();
}

TEST(ClinicsErrors, ZeroDuration) {
    const Problem p = only_problem("clinics_zero_duration.json");
    EXPECT_EQ(p.where, "clinic 'lc-x' (clinics[1])");
    EXPECT_EQ(p.field, "duration_min");
}

TEST(ClinicsErrors, BadLanguageCodes) {
    const auto path = clinics_file("clinics_bad_language.json");
    const auto e = capture<ValidationError>([&] { (void)Clinics::load(path); });
    ASSERT_TRUE(e.has_value());
    const auto& problems = e->problems();
    ASSERT_EQ(problems.size(), 2U) << dump(problems);
    for (const auto& p : problems) EXPECT_EQ(p.where, "clinic 'lc-x' (clinics[1])") << p.to_string();
    EXPECT_TRUE(has_problem(problems, "language", "not a language code: '<text not shown>'")) << dump(problems);  // "Spanish" could be a name
    EXPECT_TRUE(has_problem(problems, "interpretation", "FR")) << dump(problems);
    EXPECT_FALSE(has_problem(problems, "interpretation", "'en'")) << dump(problems);  // "en" is fine
}

TEST(ClinicsErrors, RegistrantListedTwice) {
    const Problem p = only_problem("clinics_registrant_twice.json");
    EXPECT_EQ(p.where, "clinic 'lc-x' (clinics[1])");
    EXPECT_EQ(p.field, "registrants");
    EXPECT_TRUE(contains(p.message, "Amina_Bello")) << p.to_string();  // same username as "Amina Bello"
}

TEST(ClinicsErrors, WrongTypes) {
    const auto path = clinics_file("clinics_wrong_types.json");
    const auto e = capture<ValidationError>([&] { (void)Clinics::load(path); });
    ASSERT_TRUE(e.has_value());
    const auto& problems = e->problems();
    ASSERT_EQ(problems.size(), 4U) << dump(problems);
    for (const auto& p : problems) EXPECT_EQ(p.where, "clinic 'lc-x' (clinics[1])") << p.to_string();
    EXPECT_TRUE(has_problem(problems, "title")) << dump(problems);              // 12
    EXPECT_TRUE(has_problem(problems, "duration_min")) << dump(problems);       // "120"
    EXPECT_TRUE(has_problem(problems, "sharers")) << dump(problems);            // an object
    EXPECT_TRUE(has_problem(problems, "registrants[1]")) << dump(problems);     // 7
}

// clinics_several_bad.json: ten problems in three clinics, reported together; clinics[0] is valid.
TEST(ClinicsErrors, EveryProblemAtOnce) {
    const auto path = clinics_file("clinics_several_bad.json");
    const auto e = capture<ValidationError>([&] { (void)Clinics::load(path); });
    ASSERT_TRUE(e.has_value());
    const auto& problems = e->problems();
    EXPECT_EQ(problems.size(), 10U) << dump(problems);
    const auto at = [&](std::string_view where, std::string_view field, std::string_view text = "") {
        return std::any_of(problems.begin(), problems.end(), [&](const Problem& p) {
            return p.where == where && p.field == field && contains(p.message, text);
        });
    };
    const std::string x = "clinic 'lc-x' (clinics[1])", y = "clinic 'lc-y' (clinics[2])";
    EXPECT_TRUE(at(x, "speaker")) << dump(problems);
    EXPECT_TRUE(at(x, "start", "T25:00")) << dump(problems);
    EXPECT_TRUE(at(x, "duration_min")) << dump(problems);
    EXPECT_TRUE(at(x, "language", "not a language code")) << dump(problems);  // "Spanish" itself is not quoted: it could be a name
    EXPECT_TRUE(at(x, "registrants", "Amina_Bello")) << dump(problems);
    EXPECT_TRUE(at(y, "start")) << dump(problems);  // missing
    EXPECT_TRUE(at(y, "duration_min")) << dump(problems);  // 1441
    EXPECT_TRUE(at(y, "skills")) << dump(problems);  // an object
    EXPECT_TRUE(at(y, "attendance[0]")) << dump(problems);  // a number
    EXPECT_TRUE(at("clinic 'lc-ok' (clinics[3])", "id", "lc-ok")) << dump(problems);  // duplicate
    EXPECT_FALSE(blames(problems, "clinics[0]")) << dump(problems);
    for (const auto& p : problems) EXPECT_EQ(p.source, path);
}

TEST(ClinicsErrors, ClinicsWithoutAnIdAreNamedByPosition) {
    const auto e = capture<ValidationError>([] {
        (void)Clinics::from_json(R"({"format": "letsconnect.clinics/1", "clinics": [
            {"start": "2026-01-14T14:00:00Z"}, 42, {"id": 7, "start": "2026-01-14T14:00:00Z"}]})",
                                 "inline.json");
    });
    ASSERT_TRUE(e.has_value());
    const auto& problems = e->problems();
    EXPECT_TRUE(std::any_of(problems.begin(), problems.end(),
                            [](const Problem& p) { return p.where == "clinics[0]" && p.field == "id"; }))
        << dump(problems);
    EXPECT_TRUE(std::any_of(problems.begin(), problems.end(), [](const Problem& p) { return p.where == "clinics[1]"; }))
        << dump(problems);
    EXPECT_TRUE(std::any_of(problems.begin(), problems.end(),
                            [](const Problem& p) { return p.where == "clinics[2]" && p.field == "id"; }))
        << dump(problems);
    for (const auto& p : problems) EXPECT_EQ(p.source, "inline.json");
}

TEST(ClinicsErrors, StartOfTheWrongType) {
    const auto start_problem = [](const std::string& start) {
        const auto e = capture<ValidationError>([&] {
            (void)Clinics::from_json(R"({"format": "letsconnect.clinics/1", "clinics": [{"id": "lc-x", "start": )" + start +
                                     "}]}");
        });
        if (!e) return false;
        EXPECT_EQ(e->problems().size(), 1U) << start << dump(e->problems());
        return has_problem(e->problems(), "start", "clinic 'lc-x' (clinics[0])");
    };
    EXPECT_TRUE(start_problem(R"("")"));
    EXPECT_TRUE(start_problem("20260114"));
    EXPECT_TRUE(start_problem(R"(["2026-01-14T14:00:00Z"])"));
}

// null means "not given" for every field; a clinic without a start is reported, as when the key is missing.
TEST(ClinicsErrors, NullStartIsReported) {
    const auto e = capture<ValidationError>([] {
        (void)Clinics::from_json(R"({"format": "letsconnect.clinics/1", "clinics": [{"id": "lc-x", "start": null}]})");
    });
    ASSERT_TRUE(e.has_value());
    EXPECT_TRUE(has_problem(e->problems(), "start", "clinic 'lc-x' (clinics[0])")) << dump(e->problems());
}

// --- validate() of one clinic --------------------------------------------------------------

TEST(ClinicValidate, ValidClinicHasNoProblems) {
    EXPECT_TRUE(validate(valid_clinic(), "x.json", "clinics[0]").empty());
    Clinic c = valid_clinic();
    c.duration_min = 1;
    EXPECT_TRUE(validate(c, "x.json", "clinics[0]").empty());
    c.duration_min = 1440;
    c.language = "zh-hant";
    c.interpretation.clear();
    EXPECT_TRUE(validate(c, "x.json", "clinics[0]").empty());
    c.language.clear();  // the language is optional
    EXPECT_TRUE(validate(c, "x.json", "clinics[0]").empty());
}

TEST(ClinicValidate, EachFieldProblem) {
    const auto check = [](Clinic c, std::string_view field, std::string_view text = "") {
        const auto problems = validate(c, "src.json", "clinic 'lc-2026-01' (clinics[4])");
        EXPECT_EQ(problems.size(), 1U) << field << dump(problems);
        EXPECT_TRUE(has_problem(problems, field, text)) << field << dump(problems);
        for (const auto& p : problems) {
            EXPECT_EQ(p.source, "src.json");
            EXPECT_EQ(p.where, "clinic 'lc-2026-01' (clinics[4])");
        }
    };
    Clinic c = valid_clinic();
    c.id = "";
    check(c, "id");
    c = valid_clinic();
    c.id = "   ";
    check(c, "id");
    c = valid_clinic();
    c.duration_min = 0;
    check(c, "duration_min");
    c.duration_min = -30;
    check(c, "duration_min");
    c.duration_min = 1441;
    check(c, "duration_min");
    c = valid_clinic();
    c.language = "EN";
    check(c, "language", "EN");
    c.language = "English";
    check(c, "language", "not a language code");  // "English" itself is not quoted: it could be a name
    c = valid_clinic();
    c.interpretation = {"fr", "pt_BR"};
    check(c, "interpretation", "pt_BR");
    c = valid_clinic();
    c.sharers = {"Amina Bello", "amina_Bello"};  // the same username key
    check(c, "sharers", "amina_Bello");
    c = valid_clinic();
    c.registrants = {"Kofi Mensah", ""};
    check(c, "registrants");
    c = valid_clinic();
    c.registrants = {"Ngozi Eze", "Ngozi  Eze"};
    check(c, "registrants", "listed twice");
    // "Amina bello" is another user than "Amina Bello" (only the first letter is case-insensitive).
    c = valid_clinic();
    c.sharers = {"Amina Bello", "Amina bello"};
    EXPECT_TRUE(validate(c, "src.json", "w").empty());
}

TEST(ClinicValidate, SeveralProblemsAllListed) {
    Clinic c = valid_clinic();
    c.id.clear();
    c.duration_min = 0;
    c.language = "xx-";
    c.registrants = {"Kofi Mensah", "Kofi_Mensah"};
    const auto problems = validate(c, "src.json", "clinics[2]");
    EXPECT_EQ(problems.size(), 4U) << dump(problems);
    for (const char* field : {"id", "duration_min", "language", "registrants"})
        EXPECT_TRUE(has_problem(problems, field)) << field << dump(problems);
}

// --- check() against a directory -----------------------------------------------------------

TEST(ClinicsCheck, TheReconciliationSetIsConsistent) {
    const Directory& dir = reconcile_directory();
    ASSERT_EQ(dir.size(), 340U);
    const auto clinics = Clinics::load(data_path("reconcile/clinics.json"));
    const auto problems = clinics.check(dir);
    EXPECT_TRUE(problems.empty()) << dump(problems);
}

TEST(ClinicsCheck, UnknownPeopleAndSkillsAreListed) {
    const auto clinics = Clinics::load(clinics_file("clinics_unknown_people.json"));
    const auto problems = clinics.check(reconcile_directory());
    ASSERT_EQ(problems.size(), 4U) << dump(problems);
    const auto at = [&](std::string_view where, std::string_view field, std::string_view text) {
        return std::any_of(problems.begin(), problems.end(), [&](const Problem& p) {
            return p.where == where && p.field == field && contains(p.message, text);
        });
    };
    EXPECT_TRUE(at("clinic 'lc-u1' (clinics[0])", "sharers", "Nobody Here")) << dump(problems);
    EXPECT_TRUE(at("clinic 'lc-u1' (clinics[0])", "registrants", "Ghost User")) << dump(problems);
    EXPECT_TRUE(at("clinic 'lc-u1' (clinics[0])", "skills", "underwater-basket-weaving")) << dump(problems);
    // "Gabriel silva" is not "Gabriel Silva"; "gabriel Silva" is (first letter), and so is
    // "Kofi Mensah88" (the profile is "Kofi_Mensah88"); Q2013 is the QID of `wikidata`.
    EXPECT_TRUE(at("clinic 'lc-u2' (clinics[1])", "sharers", "Gabriel silva")) << dump(problems);
    for (const char* fine : {"MUmar", "'Gabriel Silva'", "gabriel Silva", "Kofi Mensah88", "Femi.Akinola", "Q2013",
                             "grant-writing", "editathons"})
        EXPECT_FALSE(blames(problems, fine)) << fine << dump(problems);

    EXPECT_TRUE(Clinics{}.check(reconcile_directory()).empty());
}

// --- parse_instant / format_utc ------------------------------------------------------------

TEST(InstantFormat, Utc) {
    EXPECT_EQ(format_utc(utc(2026, 1, 14, 14, 0)), "2026-01-14T14:00:00Z");
    EXPECT_EQ(format_utc(utc(2028, 2, 29, 23, 59, 59)), "2028-02-29T23:59:59Z");
    EXPECT_EQ(format_utc(sys_seconds{}), "1970-01-01T00:00:00Z");
    EXPECT_EQ(format_utc(utc(1969, 12, 31, 23, 59, 58)), "1969-12-31T23:59:58Z");  // before the epoch
    EXPECT_EQ(format_utc(utc(2199, 12, 31, 0, 0, 5)), "2199-12-31T00:00:05Z");
}

TEST(InstantParse, UtcAndOffsets) {
    const auto t = utc(2026, 1, 14, 14, 0);
    EXPECT_EQ(parse_instant("2026-01-14T14:00:00Z"), t);
    EXPECT_EQ(parse_instant("2026-01-14T14:00:00z"), t);
    EXPECT_EQ(parse_instant("2026-01-14t14:00:00Z"), t);
    EXPECT_EQ(parse_instant("2026-01-14T15:00:00+01:00"), t);
    EXPECT_EQ(parse_instant("2026-01-14T19:30:00+05:30"), t);  // India
    EXPECT_EQ(parse_instant("2026-01-14T19:45:00+05:45"), t);  // Nepal
    EXPECT_EQ(parse_instant("2026-01-14T11:00:00-03:00"), t);  // Buenos Aires
    EXPECT_EQ(parse_instant("2026-01-14T14:00:00+00:00"), t);
    EXPECT_EQ(parse_instant("2026-01-14T14:00:00-00:00"), t);
    EXPECT_EQ(parse_instant("2026-01-14T19:30:00+0530"), t);
    EXPECT_EQ(parse_instant("2026-01-14T09:00:00-05"), t);
    // Across midnight and a year end.
    EXPECT_EQ(parse_instant("2026-01-15T03:00:00+13:00"), t);
    EXPECT_EQ(parse_instant("2025-12-31T22:00:00-03:00"), utc(2026, 1, 1, 1, 0));
    // An explicit offset wins over the zone.
    EXPECT_EQ(parse_instant("2026-01-14T15:00:00+01:00", "America/New_York"), t);
    EXPECT_EQ(parse_instant("2026-01-14T14:00:00Z", "Asia/Kolkata"), t);
}

TEST(InstantParse, FractionalSecondsNoSecondsAndSpace) {
    const auto t = utc(2026, 1, 14, 14, 0);
    EXPECT_EQ(parse_instant("2026-01-14T14:00:00.123Z"), t);  // fractions below the second dropped
    EXPECT_EQ(parse_instant("2026-01-14T14:00:00,000+00:00"), t);
    EXPECT_EQ(parse_instant("2026-01-14T15:00:00.250+01:00"), t);
    EXPECT_EQ(parse_instant("2026-01-14T14:00Z"), t);
    EXPECT_EQ(parse_instant("2026-01-14T16:00+02:00"), t);
    EXPECT_EQ(parse_instant("2026-01-14 14:00"), t);
    EXPECT_EQ(parse_instant("2026-01-14 14:00:00"), t);
    EXPECT_EQ(parse_instant("2026-01-14T14:00:00"), t);  // no offset, no zone: UTC
    EXPECT_EQ(parse_instant("  2026-01-14T14:00:00Z "), t);  // surrounding blanks
    EXPECT_EQ(parse_instant("2026-01-14 14:07:09"), utc(2026, 1, 14, 14, 7, 9));
}

TEST(InstantParse, LocalTimeInAZone) {
    EXPECT_EQ(parse_instant("2026-01-14 09:00", "America/New_York"), utc(2026, 1, 14, 14, 0));  // EST
    EXPECT_EQ(parse_instant("2026-07-14T10:00:00", "America/New_York"), utc(2026, 7, 14, 14, 0));  // EDT
    EXPECT_EQ(parse_instant("2026-01-14 19:30", "Asia/Kolkata"), utc(2026, 1, 14, 14, 0));
    EXPECT_EQ(parse_instant("2026-01-14 15:00", "Africa/Lagos"), utc(2026, 1, 14, 14, 0));
    EXPECT_EQ(parse_instant("2026-01-15 03:00", "Pacific/Auckland"), utc(2026, 1, 14, 14, 0));  // NZDT +13
    EXPECT_EQ(parse_instant("2026-01-14 14:00", "UTC"), utc(2026, 1, 14, 14, 0));
    // Either side of New York's spring-forward (02:00 EST → 03:00 EDT, 8 March 2026).
    EXPECT_EQ(parse_instant("2026-03-08 01:59", "America/New_York"), utc(2026, 3, 8, 6, 59));
    EXPECT_EQ(parse_instant("2026-03-08 03:00", "America/New_York"), utc(2026, 3, 8, 7, 0));
}

TEST(InstantParse, DstGapIsNulloptAndRepeatedTimeIsTheFirst) {
    // Skipped local times.
    EXPECT_FALSE(parse_instant("2026-03-08 02:30", "America/New_York").has_value());
    EXPECT_FALSE(parse_instant("2026-03-08T02:00:00", "America/New_York").has_value());
    EXPECT_FALSE(parse_instant("2026-03-29 02:30", "Europe/Berlin").has_value());
    // With an offset the same wall clock is a valid instant.
    EXPECT_EQ(parse_instant("2026-03-08T02:30:00-05:00", "America/New_York"), utc(2026, 3, 8, 7, 30));
    // 01:30 on 1 November 2026 happens twice in New York: EDT first (05:30Z), then EST (06:30Z).
    EXPECT_EQ(parse_instant("2026-11-01 01:30", "America/New_York"), utc(2026, 11, 1, 5, 30));
    EXPECT_EQ(parse_instant("2026-10-25 02:30", "Europe/Berlin"), utc(2026, 10, 25, 0, 30));  // CEST first
}

TEST(InstantParse, MalformedIsNullopt) {
    for (const char* bad : {"", " ", "2026-01-14", "2026-01-14T", "2026-01-14T14", "2026-01-14T1400",
                            "2026-01-14T14:0Z", "2026-1-14T14:00Z", "26-01-14T14:00Z", "2026/01/14T14:00Z",
                            "2026-13-01T00:00Z", "2026-02-30T00:00Z", "2026-01-00T00:00Z", "2026-01-14X14:00Z",
                            "2026-01-14T24:00Z", "2026-01-14T14:60Z", "2026-01-14T14:00:61Z", "2026-01-14T14:00:0Z",
                            "2026-01-14T14:00:00.Z", "2026-01-14T14:00:00+25:00", "2026-01-14T14:00:00+05:3",
                            "2026-01-14T14:00:00+5:30", "2026-01-14T14:00:00Zjunk", "2026-01-14T14:00:00 Z",
                            "2026-01-14T14:00:00UTC", "01/14/2026 02:00:00 PM", "14/01/2026 14:00", "yesterday",
                            "2026-01-14T-1:00Z", "2026-01-14T14:00:00+05:30:00"}) {
        EXPECT_FALSE(parse_instant(bad).has_value()) << '"' << bad << "\" gave " << iso(parse_instant(bad));
    }
}

TEST(InstantParse, UnknownZoneIsNotFound) {
    const auto e = capture<NotFoundError>([] { (void)parse_instant("2026-01-14 14:00", "Mars/Olympus_Mons"); });
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->key(), "Mars/Olympus_Mons");
}

TEST(InstantParse, RoundTripWithFormatUtc) {
    std::mt19937 rng(1414);
    // 1970-01-01 .. 2199-12-31, whole seconds.
    std::uniform_int_distribution<long long> seconds(0, 7'258'118'399LL);
    for (int i = 0; i < 2000; ++i) {
        const sys_seconds t{std::chrono::seconds{seconds(rng)}};
        const std::string text = format_utc(t);
        ASSERT_EQ(text.size(), 20U) << text;
        EXPECT_EQ(parse_instant(text), t) << text;
        // And through a zone: the Z wins.
        EXPECT_EQ(parse_instant(text, "America/New_York"), t) << text;
    }
    for (const char* text : {"2026-01-14T14:00:00Z", "2000-02-29T00:00:00Z", "1999-12-31T23:59:59Z"}) {
        const auto t = parse_instant(text);
        ASSERT_TRUE(t.has_value()) << text;
        EXPECT_EQ(format_utc(*t), text);
    }
}
