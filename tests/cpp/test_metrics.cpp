// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
// Tests of letsconnect/metrics.hpp: every figure of compute_metrics() on the hand-made programme of
// tests/data/programme (11 profiles, 3 clinics), checked against values worked out by hand from
// its Zoom reports and the definitions of design §5; clinics without a report; is_woman().

#include "test_helpers.hpp"

#include "letsconnect/metrics.hpp"

#include <cmath>
#include <map>
#include <string>
#include <vector>

using namespace letsconnect;
using lc_test::capture;
using lc_test::data_path;

namespace {

using lc_test::programme_attendance;
using lc_test::programme_clinics;
using lc_test::programme_directory;

const ProgrammeMetrics& programme_metrics() {
    static const ProgrammeMetrics m = compute_metrics(programme_directory(), programme_clinics(), programme_attendance());
    return m;
}

const ClinicMetrics& clinic_metrics(const ProgrammeMetrics& m, std::string_view id) {
    for (const auto& c : m.clinics)
        if (c.clinic_id == id) return c;
    throw std::runtime_error("no metrics for clinic " + std::string(id));
}

std::chrono::sys_seconds utc(int y, unsigned mo, unsigned d, int h) {
    return std::chrono::sys_seconds{lc_test::ymd(y, mo, d)} + std::chrono::hours(h);
}

}  // namespace

// --- the reconciled programme (what the figures below are computed from) ----------------------

TEST(MetricsProgramme, DataIsConsistent) {
    EXPECT_EQ(programme_directory().size(), 11U);
    ASSERT_EQ(programme_clinics().clinics.size(), 3U);
    EXPECT_TRUE(programme_clinics().check(programme_directory()).empty())
        << lc_test::dump(programme_clinics().check(programme_directory()));
    // Kofi Mensah's region is derived from his country (GH); Mai.Nguyen gives neither.
    EXPECT_EQ(programme_directory().profile(programme_directory().at("Kofi Mensah")).region, Region::SSA);
    EXPECT_EQ(programme_directory().profile(programme_directory().at("Mai.Nguyen")).region, Region::Unknown);
}

TEST(MetricsProgramme, ReconciledAttendees) {
    // Every attendee of the three reports: decision, person and minutes (union of segments).
    struct Expected {
        const char* clinic;
        const char* display;
        MatchStatus status;
        NameKind kind;
        const char* username;  // matched, or "" for nobody
        double minutes;
    };
    const Expected expected[] = {
        {"lc-01", "Let's Connect Host", MatchStatus::unregistered, NameKind::host, "", 140},
        {"lc-01", "Amina Bello (Wikimedia Nigeria)", MatchStatus::matched, NameKind::person, "Amina Bello", 130},
        {"lc-01", "Interpretation - FR", MatchStatus::unregistered, NameKind::interpreter, "", 124},
        {"lc-01", "Kofi Mensah | he/him", MatchStatus::matched, NameKind::person, "Kofi Mensah", 50 + 60},
        {"lc-01", "Fatou Diop", MatchStatus::unregistered, NameKind::person, "", 120},
        {"lc-01", "Dr. Priya Raman", MatchStatus::matched, NameKind::person, "Priya.R", 105},  // 14:00–15:00 ∪ 14:30–15:45
        {"lc-01", "iPhone de Lucía", MatchStatus::matched, NameKind::person, "Lucía Fernández", 90},  // the only Lucía registered
        {"lc-01", "Samuel Otieno", MatchStatus::unregistered, NameKind::person, "", 45},
        {"lc-01", "JACOB MILLER", MatchStatus::matched, NameKind::person, "Jacob Miller", 30},
        {"lc-02", "Hannah Schmidt - WMDE", MatchStatus::matched, NameKind::person, "Hannah Schmidt", 120},
        {"lc-02", "Mensah, Kofi", MatchStatus::matched, NameKind::person, "Kofi Mensah", 60},
        {"lc-02", "Amina Bello", MatchStatus::matched, NameKind::person, "Amina Bello", 40 + 51},
        {"lc-02", "Ngozi Eze", MatchStatus::unregistered, NameKind::person, "", 60},
        {"lc-02", "Intérprete (EN)", MatchStatus::unregistered, NameKind::interpreter, "", 123},
        {"lc-02", "Galaxy A12", MatchStatus::review, NameKind::device, "", 60},
        {"lc-02", "Tomas Silva", MatchStatus::matched, NameKind::person, "TomasSilva", 80},
        {"lc-03", "Let's Connect Host", MatchStatus::unregistered, NameKind::host, "", 135},
        {"lc-03", "Priya Raman (she/her)", MatchStatus::matched, NameKind::person, "Priya.R", 120},
        {"lc-03", "Олена Коваленко", MatchStatus::matched, NameKind::person, "OlenaK", 20 + 35},  // + "Olena K", same e-mail
        {"lc-03", "A. Bello", MatchStatus::matched, NameKind::person, "Amina Bello", 105},
        {"lc-03", "NGUYEN Thi Mai", MatchStatus::matched, NameKind::person, "Mai.Nguyen", 70},
        {"lc-03", "fatou diop (WM Senegal)", MatchStatus::unregistered, NameKind::person, "", 100},
        {"lc-03", "Zoom user", MatchStatus::review, NameKind::device, "", 10},
    };
    std::map<std::string, std::size_t> per_clinic;
    for (const auto& e : expected) ++per_clinic[e.clinic];
    const auto& attendance = programme_attendance();
    ASSERT_EQ(attendance.size(), 3U);
    for (const ClinicAttendance& ca : attendance) {
        EXPECT_TRUE(ca.has_report) << ca.clinic_id;
        EXPECT_EQ(ca.attendees.size(), per_clinic[ca.clinic_id]) << ca.clinic_id;
    }
    for (const auto& e : expected) {
        const ClinicAttendance* ca = nullptr;
        for (const auto& a : attendance)
            if (a.clinic_id == e.clinic) ca = &a;
        ASSERT_NE(ca, nullptr) << e.clinic;
        const AttendeeMatch* m = nullptr;
        for (const auto& a : ca->attendees)
            if (a.attendee.display_name == e.display) m = &a;
        ASSERT_NE(m, nullptr) << e.clinic << " " << e.display;
        EXPECT_EQ(m->status, e.status) << e.display << ": " << m->reason;
        EXPECT_EQ(m->kind, e.kind) << e.display;
        if (e.status == MatchStatus::matched) {
            EXPECT_EQ(m->username, e.username) << e.display;
            EXPECT_EQ(m->person, e.username) << e.display;
        }
        EXPECT_DOUBLE_EQ(m->attendee.minutes(), e.minutes) << e.display;
    }
}

// --- per clinic ---------------------------------------------------------------------------------

TEST(MetricsClinic, Lc01) {
    // Attendees (interpreter and host excluded), minutes:
    //   Amina Bello 130, Kofi Mensah 110, Fatou Diop 120 (nr), Priya.R 105, Lucía 90, Samuel Otieno 45 (nr),
    //   Jacob Miller 30
    // registrants Kofi, Lucía, Priya.R, OlenaK, Jacob → 4 of 5 came (OlenaK did not); Amina is a sharer.
    // retained (> 90): 130, 110, 120, 105 → 4 (Lucía at exactly 90 is not); median of 7 values = 105.
    const ClinicMetrics& c = clinic_metrics(programme_metrics(), "lc-01");
    EXPECT_EQ(c.start, utc(2026, 2, 4, 14));
    EXPECT_TRUE(c.has_report);
    EXPECT_EQ(c.attendees, 7U);
    EXPECT_EQ(c.registered, 5U);
    EXPECT_EQ(c.non_registered, 2U);
    EXPECT_EQ(c.review, 0U);
    EXPECT_EQ(c.registrants, 5U);
    EXPECT_EQ(c.registrants_attended, 4U);
    EXPECT_DOUBLE_EQ(c.show_up_rate, 4.0 / 5.0);
    EXPECT_EQ(c.retained, 4U);
    EXPECT_DOUBLE_EQ(c.retention, 4.0 / 7.0);
    EXPECT_DOUBLE_EQ(c.median_minutes, 105.0);
}

TEST(MetricsClinic, Lc02) {
    // Attendees: Hannah Schmidt 120, Kofi Mensah 60, Amina Bello 40 + 51 = 91, Ngozi Eze 60 (nr),
    //   Galaxy A12 60 (review), TomasSilva 80; the interpreter is excluded.
    // registrants Amina, Mai.Nguyen, TomasSilva, Jacob → 2 of 4 came.
    // retained (> 90): 120, 91 → 2 of 6; median of [60, 60, 60, 80, 91, 120] = (60 + 80) / 2 = 70.
    const ClinicMetrics& c = clinic_metrics(programme_metrics(), "lc-02");
    EXPECT_EQ(c.start, utc(2026, 2, 18, 14));
    EXPECT_TRUE(c.has_report);
    EXPECT_EQ(c.attendees, 6U);
    EXPECT_EQ(c.registered, 4U);
    EXPECT_EQ(c.non_registered, 2U);
    EXPECT_EQ(c.review, 1U);
    EXPECT_EQ(c.registrants, 4U);
    EXPECT_EQ(c.registrants_attended, 2U);
    EXPECT_DOUBLE_EQ(c.show_up_rate, 0.5);
    EXPECT_EQ(c.retained, 2U);
    EXPECT_DOUBLE_EQ(c.retention, 2.0 / 6.0);
    EXPECT_DOUBLE_EQ(c.median_minutes, 70.0);
}

TEST(MetricsClinic, Lc03) {
    // Attendees: Priya.R 120, OlenaK 20 + 35 = 55 (two names, one e-mail), Amina Bello 105 ("A. Bello"),
    //   Mai.Nguyen 70, Fatou Diop 100 (nr), Zoom user 10 (review); the host is excluded.
    // registrants OlenaK, Mai.Nguyen, Jacob → 2 of 3 came.
    // retained (> 90): 120, 105, 100 → 3 of 6; median of [10, 55, 70, 100, 105, 120] = (70 + 100) / 2 = 85.
    const ClinicMetrics& c = clinic_metrics(programme_metrics(), "lc-03");
    EXPECT_EQ(c.start, utc(2026, 3, 4, 15));
    EXPECT_TRUE(c.has_report);
    EXPECT_EQ(c.attendees, 6U);
    EXPECT_EQ(c.registered, 4U);
    EXPECT_EQ(c.non_registered, 2U);
    EXPECT_EQ(c.review, 1U);
    EXPECT_EQ(c.registrants, 3U);
    EXPECT_EQ(c.registrants_attended, 2U);
    EXPECT_DOUBLE_EQ(c.show_up_rate, 2.0 / 3.0);
    EXPECT_EQ(c.retained, 3U);
    EXPECT_DOUBLE_EQ(c.retention, 0.5);
    EXPECT_DOUBLE_EQ(c.median_minutes, 85.0);
}

TEST(MetricsClinic, InStartOrder) {
    const auto& m = programme_metrics();
    ASSERT_EQ(m.clinics.size(), 3U);
    EXPECT_EQ(m.clinics[0].clinic_id, "lc-01");
    EXPECT_EQ(m.clinics[1].clinic_id, "lc-02");
    EXPECT_EQ(m.clinics[2].clinic_id, "lc-03");
    // Clinics given out of order come back in start order.
    Clinics shuffled = programme_clinics();
    std::swap(shuffled.clinics[0], shuffled.clinics[2]);
    const auto again = compute_metrics(programme_directory(), shuffled, programme_attendance());
    ASSERT_EQ(again.clinics.size(), 3U);
    EXPECT_EQ(again.clinics[0].clinic_id, "lc-01");
    EXPECT_EQ(again.clinics[2].clinic_id, "lc-03");
    EXPECT_EQ(again.reach, m.reach);
}

TEST(MetricsClinic, RetentionThresholdIsStrict) {
    // At 90 minutes Lucía (exactly 90) is not retained; at 89 she is. At 60, Kofi's 110 and 105 stay.
    const auto at89 = compute_metrics(programme_directory(), programme_clinics(), programme_attendance(), 89.0);
    EXPECT_EQ(clinic_metrics(at89, "lc-01").retained, 5U);
    EXPECT_DOUBLE_EQ(clinic_metrics(at89, "lc-01").retention, 5.0 / 7.0);
    // lc-01 over 30 minutes: all but Jacob (exactly 30).
    const auto at30 = compute_metrics(programme_directory(), programme_clinics(), programme_attendance(), 30.0);
    EXPECT_EQ(clinic_metrics(at30, "lc-01").retained, 6U);
    // lc-02 over 91: only Hannah's 120 (Amina has exactly 91).
    const auto at91 = compute_metrics(programme_directory(), programme_clinics(), programme_attendance(), 91.0);
    EXPECT_EQ(clinic_metrics(at91, "lc-02").retained, 1U);
}

TEST(MetricsClinic, OnePersonUnderTwoNamesIsOneAttendeeWithTheUnionOfTheirTime) {
    // Design §5: an attendee is a distinct person; their minutes are the union of their segments.
    // "Fatou Diop" and "Diop, Fatou" are not merged by the report (different name cells, no e-mail),
    // but link_people() makes them one person: 14:00–14:50 and 15:00–15:50 → 100 minutes, retained.
    const Clinics clinics = Clinics::from_json(R"({"format": "letsconnect.clinics/1", "clinics": [
        {"id": "lc-solo", "start": "2026-04-01T14:00:00Z", "language": "en", "registrants": ["Jacob Miller"]}]})");
    const ZoomReport report = ZoomReport::parse(
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
        "Fatou Diop,,2026-04-01T14:00:00Z,2026-04-01T14:50:00Z,50,Yes\n"
        "Jacob Miller,,2026-04-01T14:00:00Z,2026-04-01T16:00:00Z,120,Yes\n"
        "\"Diop, Fatou\",,2026-04-01T15:00:00Z,2026-04-01T15:50:00Z,50,Yes\n");
    std::vector<std::vector<AttendeeMatch>> matches = {reconcile(programme_directory(), report, &clinics.clinics[0])};
    link_people(matches);
    ASSERT_EQ(matches[0].size(), 3U);
    EXPECT_EQ(matches[0][0].person, matches[0][2].person) << matches[0][0].attendee.display_name << " / "
                                                          << matches[0][2].attendee.display_name;
    const std::vector<ClinicAttendance> attendance = {{"lc-solo", true, matches[0]}};
    const auto m = compute_metrics(programme_directory(), clinics, attendance);
    ASSERT_EQ(m.clinics.size(), 1U);
    const ClinicMetrics& c = m.clinics[0];
    EXPECT_EQ(c.attendees, 2U);
    EXPECT_EQ(c.registered, 1U);
    EXPECT_EQ(c.non_registered, 1U);
    EXPECT_DOUBLE_EQ(c.show_up_rate, 1.0);
    EXPECT_EQ(c.retained, 2U);                   // Jacob 120, Fatou 50 + 50
    EXPECT_DOUBLE_EQ(c.retention, 1.0);
    EXPECT_DOUBLE_EQ(c.median_minutes, 110.0);   // of [100, 120]
    EXPECT_EQ(m.reach, 2U);
    EXPECT_EQ(m.attendances, 2U);
}

// --- programme ----------------------------------------------------------------------------------

TEST(MetricsProgramme, ReachAndParticipation) {
    // Registered people (clinics): Amina Bello 3, Kofi Mensah 2, Priya.R 2, Lucía 1, Jacob 1, Hannah 1,
    //   TomasSilva 1, OlenaK 1, Mai.Nguyen 1 → 9 people, 13 attendances. Ahmed Mansour and Chidi Okafor
    //   never came.
    // Non-registered people: Fatou Diop (lc-01 and lc-03, linked), Samuel Otieno, Ngozi Eze, the Galaxy A12
    //   device, the Zoom user device → 5 people, 6 attendances.
    // attendances 7 + 6 + 6 = 19 = 13 + 6; reach 9 + 5 = 14.
    const auto& m = programme_metrics();
    EXPECT_EQ(m.clinics_with_report, 3U);
    EXPECT_EQ(m.attendances, 19U);
    EXPECT_EQ(m.reach, 14U);
    EXPECT_EQ(m.registered_people, 9U);
    EXPECT_EQ(m.non_registered_people, 5U);
    EXPECT_EQ(m.profiles, 11U);
    EXPECT_DOUBLE_EQ(m.participation_of_registered, 9.0 / 11.0);
    EXPECT_DOUBLE_EQ(m.clinics_per_registered, 13.0 / 9.0);
    EXPECT_DOUBLE_EQ(m.clinics_per_person, 19.0 / 14.0);
}

TEST(MetricsProgramme, ShowUpAndRetentionOverAllClinicsAreSumsOfTheClinics) {
    const auto& m = programme_metrics();
    std::size_t registrants = 0, attended = 0, retained = 0;
    for (const auto& c : m.clinics) {
        if (!c.has_report) continue;
        registrants += c.registrants;
        attended += c.registrants_attended;
        retained += c.retained;
    }
    EXPECT_EQ(m.registrants, registrants);
    EXPECT_EQ(m.registrants_attended, attended);
    EXPECT_EQ(m.retained, retained);
    EXPECT_GT(m.registrants, 0U);
    EXPECT_DOUBLE_EQ(m.show_up_rate, static_cast<double>(attended) / static_cast<double>(registrants));
    EXPECT_DOUBLE_EQ(m.retention, static_cast<double>(retained) / static_cast<double>(m.attendances));
}

TEST(MetricsProgramme, AttendeesAreTheOnesTheClinicFiguresCount) {
    const auto& m = programme_metrics();
    ASSERT_EQ(m.attendees.size(), m.attendances);
    for (const auto& c : m.clinics) {
        std::size_t n = 0, retained = 0, registered = 0;
        std::vector<double> minutes;
        for (const auto& a : m.attendees) {
            if (a.clinic_id != c.clinic_id) continue;
            ++n;
            retained += a.retained;
            registered += !a.username.empty();
            minutes.push_back(a.minutes);
            EXPECT_EQ(a.retained, a.minutes > 90.0) << a.person;
        }
        EXPECT_EQ(n, c.attendees) << c.clinic_id;
        EXPECT_EQ(retained, c.retained) << c.clinic_id;
        EXPECT_EQ(registered, c.registered) << c.clinic_id;
        if (minutes.empty()) continue;
        std::sort(minutes.begin(), minutes.end());
        const std::size_t h = minutes.size() / 2;
        EXPECT_DOUBLE_EQ(minutes.size() % 2 ? minutes[h] : (minutes[h - 1] + minutes[h]) / 2, c.median_minutes) << c.clinic_id;
    }
}

TEST(MetricsProgramme, RepeatAttendanceOfNonRegistered) {
    // Only Fatou Diop ("Fatou Diop", "fatou diop (WM Senegal)") comes twice: 1 of 5.
    const auto& m = programme_metrics();
    EXPECT_EQ(m.repeat_non_registered, 1U);
    EXPECT_DOUBLE_EQ(m.repeat_rate_non_registered, 1.0 / 5.0);
    // Her two attendances share one person id.
    std::string fatou1, fatou3;
    for (const auto& ca : programme_attendance())
        for (const auto& a : ca.attendees) {
            if (a.attendee.display_name == "Fatou Diop") fatou1 = a.person;
            if (a.attendee.display_name == "fatou diop (WM Senegal)") fatou3 = a.person;
        }
    EXPECT_FALSE(fatou1.empty());
    EXPECT_EQ(fatou1, fatou3);
}

TEST(MetricsProgramme, ByRegion) {
    // Registered people by their profile's region; Mai.Nguyen (no region) and the non-registered under
    // Unknown. People / attendances:
    //   SSA  Amina 3 + Kofi 2          → 2 / 5
    //   SA   Priya.R 2                 → 1 / 2
    //   CEECA OlenaK 1                 → 1 / 1
    //   NWE  Hannah 1                  → 1 / 1
    //   LAC  Lucía 1 + TomasSilva 1    → 2 / 2
    //   NA   Jacob 1                   → 1 / 1
    //   Unknown Mai.Nguyen 1 + 5 non-registered (6 attendances) → 6 / 7
    // MENA and ESEAP have nobody and are left out.
    const auto& m = programme_metrics();
    struct Row {
        Region region;
        std::size_t people, attendances;
    };
    const std::vector<Row> expected = {{Region::SSA, 2, 5}, {Region::SA, 1, 2},  {Region::CEECA, 1, 1}, {Region::NWE, 1, 1},
                                       {Region::LAC, 2, 2}, {Region::NA, 1, 1}, {Region::Unknown, 6, 7}};
    ASSERT_EQ(m.by_region.size(), expected.size());
    std::size_t people = 0, attendances = 0;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(m.by_region[i].region, expected[i].region) << i;
        EXPECT_EQ(m.by_region[i].people, expected[i].people) << to_string(expected[i].region);
        EXPECT_EQ(m.by_region[i].attendances, expected[i].attendances) << to_string(expected[i].region);
        people += m.by_region[i].people;
        attendances += m.by_region[i].attendances;
    }
    EXPECT_EQ(people, m.reach);
    EXPECT_EQ(attendances, m.attendances);
}

TEST(MetricsProgramme, Sharers) {
    // Sharers: lc-01 Amina Bello, Jacob Miller; lc-02 Hannah Schmidt, "Kofi_Mensah" (= Kofi Mensah);
    //   lc-03 Priya.R, Mai.Nguyen, Amina Bello again → 6 distinct.
    // Region known for 5 (not Mai.Nguyen); under-represented (not NWE or NA): Amina SSA, Kofi SSA,
    //   Priya SA → 3 of 5. Gender known for all 6 ("female", "male", "F", "male", "Woman", "mulher");
    //   women: Amina, Hannah, Priya, Mai → 4 of 6.
    const auto& m = programme_metrics();
    EXPECT_EQ(m.sharers, 6U);
    EXPECT_EQ(m.sharers_region_known, 5U);
    EXPECT_EQ(m.sharers_under_represented, 3U);
    EXPECT_DOUBLE_EQ(m.under_represented_sharer_share, 3.0 / 5.0);
    EXPECT_EQ(m.sharers_gender_known, 6U);
    EXPECT_EQ(m.women_sharers, 4U);
    EXPECT_DOUBLE_EQ(m.women_sharer_share, 4.0 / 6.0);
}

TEST(MetricsProgramme, SharerList) {
    // One row per distinct sharer, in username-key order, spelled as the profile spells it
    // ("Kofi_Mensah" in the clinics is the profile "Kofi Mensah"); Amina Bello shared twice.
    const auto& m = programme_metrics();
    ASSERT_EQ(m.sharer_list.size(), m.sharers);
    std::vector<std::string> names;
    for (const auto& s : m.sharer_list) names.push_back(s.username);
    EXPECT_TRUE(std::is_sorted(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
        return letsconnect::username_key(a) < letsconnect::username_key(b);
    }));
    const auto find = [&](std::string_view u) {
        const auto it = std::find_if(m.sharer_list.begin(), m.sharer_list.end(), [&](const auto& s) { return s.username == u; });
        EXPECT_NE(it, m.sharer_list.end()) << u;
        return *it;
    };
    EXPECT_EQ(find("Amina Bello").clinics, 2U);
    EXPECT_EQ(find("Amina Bello").region, letsconnect::Region::SSA);
    EXPECT_TRUE(find("Kofi Mensah").registered);
    EXPECT_EQ(find("Kofi Mensah").clinics, 1U);
    EXPECT_EQ(find("Mai.Nguyen").region, letsconnect::Region::Unknown);
    std::size_t women = 0, under = 0;
    for (const auto& s : m.sharer_list) {
        women += letsconnect::is_woman(s.gender);
        under += letsconnect::is_under_represented(s.region);
    }
    EXPECT_EQ(women, m.women_sharers);
    EXPECT_EQ(under, m.sharers_under_represented);
}

// --- clinics without a report, empty input, errors ----------------------------------------------

TEST(MetricsNoReport, ClinicWithoutAttendance) {
    // Attendance of lc-01 and lc-02 only: lc-03 counts as without report.
    const auto& all = programme_attendance();
    const std::vector<ClinicAttendance> two(all.begin(), all.begin() + 2);
    ASSERT_EQ(two[1].clinic_id, "lc-02");
    const auto m = compute_metrics(programme_directory(), programme_clinics(), two);
    ASSERT_EQ(m.clinics.size(), 3U);
    const ClinicMetrics& c = clinic_metrics(m, "lc-03");
    EXPECT_FALSE(c.has_report);
    EXPECT_EQ(c.attendees, 0U);
    EXPECT_EQ(c.registered, 0U);
    EXPECT_EQ(c.non_registered, 0U);
    EXPECT_EQ(c.registrants, 3U);
    EXPECT_EQ(c.registrants_attended, 0U);
    EXPECT_TRUE(std::isnan(c.show_up_rate));
    EXPECT_TRUE(std::isnan(c.retention));
    EXPECT_TRUE(std::isnan(c.median_minutes));
    EXPECT_EQ(m.clinics_with_report, 2U);
    // lc-01 + lc-02: 13 attendances. Registered: Amina 2, Kofi 2, Priya 1, Lucía 1, Jacob 1, Hannah 1,
    // Tomas 1 → 7 people, 9 attendances; non-registered: Fatou, Samuel, Ngozi, Galaxy A12 → 4, none repeat.
    EXPECT_EQ(m.attendances, 13U);
    EXPECT_EQ(m.registered_people, 7U);
    EXPECT_EQ(m.non_registered_people, 4U);
    EXPECT_EQ(m.reach, 11U);
    EXPECT_DOUBLE_EQ(m.clinics_per_registered, 9.0 / 7.0);
    EXPECT_EQ(m.repeat_non_registered, 0U);
    EXPECT_DOUBLE_EQ(m.repeat_rate_non_registered, 0.0);
    // The other clinics are unchanged.
    EXPECT_EQ(clinic_metrics(m, "lc-01").attendees, 7U);
    EXPECT_DOUBLE_EQ(clinic_metrics(m, "lc-02").median_minutes, 70.0);
}

TEST(MetricsNoReport, AttendanceMarkedWithoutReport) {
    ClinicAttendance none;
    none.clinic_id = "lc-02";
    none.has_report = false;
    const std::vector<ClinicAttendance> attendance = {none};
    const auto m = compute_metrics(programme_directory(), programme_clinics(), attendance);
    const ClinicMetrics& c = clinic_metrics(m, "lc-02");
    EXPECT_FALSE(c.has_report);
    EXPECT_TRUE(std::isnan(c.show_up_rate));
    EXPECT_EQ(c.registrants, 4U);
    EXPECT_EQ(m.clinics_with_report, 0U);
}

TEST(MetricsNoReport, NoAttendanceAtAll) {
    const auto m = compute_metrics(programme_directory(), programme_clinics(), {});
    ASSERT_EQ(m.clinics.size(), 3U);
    for (const auto& c : m.clinics) {
        EXPECT_FALSE(c.has_report) << c.clinic_id;
        EXPECT_TRUE(std::isnan(c.show_up_rate)) << c.clinic_id;
    }
    EXPECT_EQ(m.clinics_with_report, 0U);
    EXPECT_EQ(m.attendances, 0U);
    EXPECT_EQ(m.reach, 0U);
    EXPECT_EQ(m.profiles, 11U);
    EXPECT_DOUBLE_EQ(m.participation_of_registered, 0.0);
    EXPECT_TRUE(std::isnan(m.clinics_per_registered));
    EXPECT_TRUE(std::isnan(m.clinics_per_person));
    EXPECT_TRUE(std::isnan(m.repeat_rate_non_registered));
    EXPECT_TRUE(m.by_region.empty());
    // Sharers are those of all clinics, with or without reports.
    EXPECT_EQ(m.sharers, 6U);
}

TEST(MetricsNoReport, EmptyProgramme) {
    const Directory empty({}, nullptr, lc_test::ymd(2026, 2, 2));
    const auto m = compute_metrics(empty, Clinics{}, {});
    EXPECT_TRUE(m.clinics.empty());
    EXPECT_EQ(m.profiles, 0U);
    EXPECT_TRUE(std::isnan(m.participation_of_registered));
    EXPECT_EQ(m.sharers, 0U);
    EXPECT_TRUE(std::isnan(m.under_represented_sharer_share));
    EXPECT_TRUE(std::isnan(m.women_sharer_share));
}

TEST(MetricsErrors, AttendanceOfUnknownClinic) {
    ClinicAttendance stray;
    stray.clinic_id = "lc-99";
    stray.has_report = true;
    std::vector<ClinicAttendance> attendance = programme_attendance();
    attendance.push_back(stray);
    auto e = capture<NotFoundError>([&] { (void)compute_metrics(programme_directory(), programme_clinics(), attendance); });
    ASSERT_TRUE(e);
    EXPECT_EQ(e->key(), "lc-99");
}

// --- is_woman -----------------------------------------------------------------------------------

TEST(MetricsGender, IsWoman) {
    for (const char* g : {"female", "Female", "FEMALE", "f", "F", "woman", "Woman", "women", "femme", "mujer", "mulher",
                          "femenino", "feminino", " female "}) {
        EXPECT_TRUE(is_woman(g)) << g;
    }
    for (const char* g : {"", "male", "Male", "m", "man", "non-binary", "nonbinary", "prefer not to say", "homme",
                          "hombre", "homem", "unknown"}) {
        EXPECT_FALSE(is_woman(g)) << g;
    }
}
