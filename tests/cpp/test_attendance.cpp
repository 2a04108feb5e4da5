// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
// Tests of letsconnect/attendance.hpp: Zoom participant reports in the export formats met in the
// wild (files under tests/data/zoom/, see its README.md), their errors, and the merging of join
// segments into attendees, checked against a naive second-by-second reference.

#include "test_helpers.hpp"

#include "letsconnect/attendance.hpp"
#include "letsconnect/clinic.hpp"

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <string>
#include <utility>
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

using std::chrono::sys_seconds;



std::string zoom_file(std::string_view name) { return data_path(std::string("zoom/") + std::string(name)); }

const char* const header = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n";

std::vector<std::size_t> lines_of(const ZoomReport& r) {
    std::vector<std::size_t> out;
    for (const auto& s : r.segments) out.push_back(s.line);
    return out;
}

std::string without_cr(std::string s) {
    s.erase(std::remove(s.begin(), s.end(), '\r'), s.end());
    return s;
}

std::string crlf(std::string_view lf) {
    std::string out;
    for (char c : lf) {
        if (c == '\n') out += '\r';
        out += c;
    }
    return out;
}

Segment segment(std::string name, std::string email, sys_seconds join, sys_seconds leave) {
    Segment s;
    s.name = std::move(name);
    s.email = std::move(email);
    s.join = join;
    s.leave = leave;
    s.duration_min = static_cast<int>(((leave - join).count() + 59) / 60);
    return s;
}

std::set<std::string> as_set(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

const sys_seconds t0 = utc(2026, 1, 14, 14, 0);

}  // namespace

// --- real report files ---------------------------------------------------------------------

// meeting_block.csv: UTF-8 BOM, CRLF, the meeting block, quoted cells with a comma, doubled
// quotes and a line break, 12-hour times, a rejoin, two devices, an Arabic name.
TEST(ZoomReportFiles, MeetingBlockBomCrlfAndQuoting) {
    const auto path = zoom_file("meeting_block.csv");
    const auto r = ZoomReport::read(path);
    EXPECT_EQ(r.source, path);
    EXPECT_EQ(r.time_zone, "UTC");

    ASSERT_TRUE(r.meeting.has_value());
    const MeetingInfo& m = *r.meeting;
    EXPECT_EQ(m.meeting_id, "898 1632 8349");
    EXPECT_EQ(m.topic, "Let's Connect: grants, budgets and \"small\" affiliates");
    EXPECT_EQ(iso(m.start), "2026-01-14T13:55:00Z");  // 01:55:00 PM
    EXPECT_EQ(iso(m.end), "2026-01-14T16:05:00Z");    // 04:05:00 PM
    EXPECT_EQ(m.host_email, "host@example.org");
    EXPECT_EQ(m.duration_min, 130);
    EXPECT_EQ(m.participants, 7);

    ASSERT_EQ(r.segments.size(), 10U);
    // Line 8–9 is one record (a line break inside quotes), so the next row is on line 10.
    EXPECT_EQ(lines_of(r), (std::vector<std::size_t>{5, 6, 7, 8, 10, 11, 12, 13, 14, 15}));

    const Segment& host = r.segments[0];
    EXPECT_EQ(host.name, "Let's Connect Host");
    EXPECT_EQ(host.email, "host@example.org");
    EXPECT_EQ(iso(host.join), "2026-01-14T13:55:00Z");
    EXPECT_EQ(iso(host.leave), "2026-01-14T16:05:00Z");
    EXPECT_EQ(host.duration_min, 130);
    EXPECT_FALSE(host.guest);

    const Segment& amina = r.segments[1];
    EXPECT_EQ(amina.name, "Amina Bello (Wikimedia Nigeria)");
    EXPECT_EQ(amina.email, "amina.bello@example.org");
    EXPECT_EQ(iso(amina.join), "2026-01-14T14:00:00Z");
    EXPECT_EQ(iso(amina.leave), "2026-01-14T14:40:30Z");
    EXPECT_EQ(amina.duration_min, 41);
    EXPECT_TRUE(amina.guest);

    EXPECT_EQ(r.segments[2].name, "Okafor, Obinna \"Obi\"");  // comma and doubled quotes
    EXPECT_EQ(r.segments[2].email, "obi@example.org");
    // The quoted line break is kept (as LF; whether the CR of a CRLF file survives is not specified).
    EXPECT_EQ(without_cr(r.segments[3].name), "Ximena Pérez\n(Wikimedia México)");
    EXPECT_EQ(r.segments[3].email, "");
    EXPECT_EQ(iso(r.segments[3].join), "2026-01-14T14:05:00Z");
    EXPECT_EQ(r.segments[4].name, "Kofi Mensah");
    EXPECT_EQ(r.segments[7].email, "OBI@Example.ORG");  // kept as exported
    EXPECT_EQ(r.segments[8].name, "Interpretation - FR");
    EXPECT_FALSE(r.segments[8].guest);
    // Last row, last cell: no CR left over from the line end.
    const Segment& last = r.segments[9];
    EXPECT_EQ(last.name, "أحمد محمد");
    EXPECT_EQ(last.line, 15U);
    EXPECT_EQ(last.duration_min, 2);
    EXPECT_TRUE(last.guest);
    EXPECT_EQ(iso(last.leave), "2026-01-14T16:01:00Z");
}

TEST(ZoomReportFiles, MeetingBlockAttendees) {
    const auto r = ZoomReport::read(zoom_file("meeting_block.csv"));
    const auto people = r.attendees();
    EXPECT_EQ(people, merge_segments(r.segments));
    ASSERT_EQ(people.size(), 7U);

    // In order of first join: host 13:55, interpreter 13:58, Amina 14:00, Obinna 14:02,
    // Ximena 14:05, Kofi 14:10, Ahmed 15:59.
    EXPECT_EQ(people[0].display_name, "Let's Connect Host");
    EXPECT_EQ(people[0].seconds, 130 * 60);
    EXPECT_EQ(people[1].display_name, "Interpretation - FR");
    EXPECT_EQ(people[1].seconds, 124 * 60);

    // Amina: 14:00:00–14:40:30 (2430 s), dropped, rejoined 14:45:00–16:00:00 (4500 s); the
    // 4.5-minute gap is not counted: 6930 s = 115.5 min.
    const Attendee& amina = people[2];
    EXPECT_EQ(amina.display_name, "Amina Bello (Wikimedia Nigeria)");
    EXPECT_EQ(amina.names, (std::vector<std::string>{"Amina Bello (Wikimedia Nigeria)"}));
    EXPECT_EQ(amina.segments, (std::vector<std::size_t>{1, 6}));
    EXPECT_EQ(amina.seconds, 6930);
    EXPECT_DOUBLE_EQ(amina.minutes(), 115.5);
    EXPECT_EQ(iso(amina.first_join), "2026-01-14T14:00:00Z");
    EXPECT_EQ(iso(amina.last_leave), "2026-01-14T16:00:00Z");

    // Obinna: laptop 14:02–15:30 and iPhone 15:00–16:02 under another name, same e-mail in
    // another case; the 30 minutes on both devices count once: 14:02–16:02 = 7200 s.
    const Attendee& obinna = people[3];
    EXPECT_EQ(obinna.display_name, "Okafor, Obinna \"Obi\"");
    EXPECT_EQ(as_set(obinna.names), (std::set<std::string>{"Okafor, Obinna \"Obi\"", "iPhone de Obinna"}));
    EXPECT_EQ(obinna.email, "obi@example.org");
    EXPECT_EQ(obinna.segments, (std::vector<std::size_t>{2, 7}));
    EXPECT_EQ(obinna.seconds, 7200);
    EXPECT_EQ(iso(obinna.last_leave), "2026-01-14T16:02:00Z");

    EXPECT_EQ(without_cr(people[4].display_name), "Ximena Pérez\n(Wikimedia México)");
    EXPECT_EQ(people[4].seconds, 105 * 60);

    // Kofi: two devices, same name, 14:10–15:00 and 14:30–15:20: 14:10–15:20 = 4200 s.
    EXPECT_EQ(people[5].display_name, "Kofi Mensah");
    EXPECT_EQ(people[5].segments, (std::vector<std::size_t>{4, 5}));
    EXPECT_EQ(people[5].seconds, 4200);

    EXPECT_EQ(people[6].display_name, "أحمد محمد");
    EXPECT_EQ(people[6].seconds, 120);
    EXPECT_EQ(people[6].email, "");
}

// header_variants.csv: no meeting block, LF, `Name (original name)`, `Email`, `Join time`, ...,
// two extra trailing columns, 24-hour times with and without seconds.
TEST(ZoomReportFiles, HeaderVariantsExtraColumnsAndTwentyFourHourClock) {
    const auto r = ZoomReport::read(zoom_file("header_variants.csv"));
    EXPECT_FALSE(r.meeting.has_value());
    ASSERT_EQ(r.segments.size(), 3U);
    EXPECT_EQ(lines_of(r), (std::vector<std::size_t>{2, 3, 4}));

    const Segment& lucia = r.segments[0];
    EXPECT_EQ(lucia.name, "Lucía Fernández");
    EXPECT_EQ(lucia.email, "lucia@example.net");
    EXPECT_EQ(iso(lucia.join), "2026-01-28T15:00:00Z");
    EXPECT_EQ(iso(lucia.leave), "2026-01-28T16:59:59Z");
    EXPECT_EQ(lucia.duration_min, 120);
    EXPECT_FALSE(lucia.guest);

    EXPECT_EQ(r.segments[1].name, "Samsung SM-A125F");
    EXPECT_EQ(r.segments[1].email, "");
    EXPECT_TRUE(r.segments[1].guest);  // not confused with the `In Waiting Room` column (Yes)
    EXPECT_EQ(r.segments[1].duration_min, 30);

    EXPECT_EQ(r.segments[2].name, "Amina | she/her");
    EXPECT_EQ(iso(r.segments[2].join), "2026-01-28T15:05:00Z");  // "01/28/2026 15:05", no seconds
    EXPECT_EQ(iso(r.segments[2].leave), "2026-01-28T17:00:00Z");
    EXPECT_EQ(r.attendees()[0].seconds, 7199);
}

// twelve_hour_clock.csv: 12:xx AM is just after midnight, 12:xx PM just after noon.
TEST(ZoomReportFiles, TwelveHourClockMidnightAndNoon) {
    const auto r = ZoomReport::read(zoom_file("twelve_hour_clock.csv"));
    ASSERT_EQ(r.segments.size(), 5U);
    // Night Owl: 05/20 11:50:00 PM – 05/21 12:10:00 AM crosses midnight: 20 minutes.
    EXPECT_EQ(iso(r.segments[0].join), "2026-05-20T23:50:00Z");
    EXPECT_EQ(iso(r.segments[0].leave), "2026-05-21T00:10:00Z");
    EXPECT_EQ(iso(r.segments[1].join), "2026-05-21T00:00:00Z");   // 12:00:00 AM
    EXPECT_EQ(iso(r.segments[1].leave), "2026-05-21T00:59:59Z");  // 12:59:59 AM
    EXPECT_EQ(iso(r.segments[2].join), "2026-05-21T11:59:00Z");   // 11:59:00 AM
    EXPECT_EQ(iso(r.segments[2].leave), "2026-05-21T12:00:00Z");  // 12:00:00 PM
    EXPECT_EQ(iso(r.segments[3].join), "2026-05-21T12:30:00Z");   // 12:30:00 PM
    EXPECT_EQ(iso(r.segments[3].leave), "2026-05-21T13:15:00Z");  // 01:15:00 PM
    EXPECT_EQ(iso(r.segments[4].join), "2026-05-21T01:05:00Z");   // 01:05:00 AM
    const auto people = r.attendees();
    ASSERT_EQ(people.size(), 5U);
    EXPECT_EQ(people[0].display_name, "Night Owl");
    EXPECT_EQ(people[0].seconds, 1200);
    EXPECT_EQ(people[1].display_name, "Midnight Joiner");
    EXPECT_EQ(people[1].seconds, 3599);
    EXPECT_EQ(people[2].display_name, "Early Bird");  // 01:05 AM comes before 11:59 AM
    EXPECT_EQ(people[3].display_name, "Late Morning");
    EXPECT_EQ(people[4].display_name, "Lunch Break");
    EXPECT_EQ(people[4].seconds, 45 * 60);
}

// iso8601.csv: ISO 8601 times with Z, +05:45, -03:00, and one without an offset (report zone).
TEST(ZoomReportFiles, Iso8601WithOffsets) {
    const auto r = ZoomReport::read(zoom_file("iso8601.csv"));
    ASSERT_TRUE(r.meeting.has_value());
    EXPECT_EQ(r.meeting->meeting_id, "856 2405 2004");
    EXPECT_EQ(iso(r.meeting->start), "2026-03-11T13:50:00Z");
    EXPECT_EQ(iso(r.meeting->end), "2026-03-11T16:15:00Z");
    EXPECT_EQ(r.meeting->participants, 4);
    ASSERT_EQ(r.segments.size(), 4U);
    EXPECT_EQ(lines_of(r), (std::vector<std::size_t>{5, 6, 7, 8}));
    EXPECT_EQ(iso(r.segments[0].join), "2026-03-11T13:50:00Z");   // 19:35+05:45
    EXPECT_EQ(iso(r.segments[0].leave), "2026-03-11T15:50:00Z");  // 21:35+05:45
    EXPECT_EQ(iso(r.segments[1].join), "2026-03-11T14:00:00Z");   // 11:00-03:00
    EXPECT_EQ(iso(r.segments[1].leave), "2026-03-11T15:30:00Z");  // 12:30-03:00
    EXPECT_EQ(iso(r.segments[2].join), "2026-03-11T14:05:00Z");
    EXPECT_EQ(iso(r.segments[3].join), "2026-03-11T10:10:00Z");   // no offset: UTC report
    EXPECT_EQ(iso(r.segments[3].leave), "2026-03-11T12:00:00Z");

    // In a New York report only the time without an offset moves (EDT, UTC-4, since 8 March).
    const auto ny = ZoomReport::read(zoom_file("iso8601.csv"), "America/New_York");
    EXPECT_EQ(ny.time_zone, "America/New_York");
    ASSERT_EQ(ny.segments.size(), 4U);
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(ny.segments[i], r.segments[i]) << i;
    }
    EXPECT_EQ(iso(ny.segments[3].join), "2026-03-11T14:10:00Z");
    EXPECT_EQ(iso(ny.segments[3].leave), "2026-03-11T16:00:00Z");
    EXPECT_EQ(ny.meeting, r.meeting);
}

// new_york_dst.csv: America/New_York springs forward at 02:00 on Sunday 8 March 2026.
TEST(ZoomReportFiles, NewYorkAcrossTheDstChange) {
    const auto r = ZoomReport::read(zoom_file("new_york_dst.csv"), "America/New_York");
    EXPECT_EQ(r.time_zone, "America/New_York");
    ASSERT_EQ(r.segments.size(), 3U);
    // Same wall clock, 10:00 AM, two days apart: EST (UTC-5) before, EDT (UTC-4) after.
    EXPECT_EQ(iso(r.segments[0].join), "2026-03-07T15:00:00Z");
    EXPECT_EQ(iso(r.segments[0].leave), "2026-03-07T16:00:00Z");
    EXPECT_EQ(iso(r.segments[1].join), "2026-03-09T14:00:00Z");
    EXPECT_EQ(iso(r.segments[1].leave), "2026-03-09T15:00:00Z");
    EXPECT_EQ(r.segments[1].join - r.segments[0].join, std::chrono::hours{47});
    // 01:30 EST to 03:30 EDT: two hours on the clock, one hour in fact.
    EXPECT_EQ(iso(r.segments[2].join), "2026-03-08T06:30:00Z");
    EXPECT_EQ(iso(r.segments[2].leave), "2026-03-08T07:30:00Z");
    EXPECT_EQ(r.segments[2].duration_min, 60);

    const auto people = r.attendees();
    ASSERT_EQ(people.size(), 2U);
    EXPECT_EQ(people[0].display_name, "Dana Whitfield");
    EXPECT_EQ(people[0].seconds, 7200);
    EXPECT_EQ(iso(people[0].first_join), "2026-03-07T15:00:00Z");
    EXPECT_EQ(iso(people[0].last_leave), "2026-03-09T15:00:00Z");
    EXPECT_EQ(people[1].display_name, "Night Shift");
    EXPECT_EQ(people[1].seconds, 3600);

    // Read as UTC, the same file gives the wall-clock times unchanged.
    const auto as_utc = ZoomReport::read(zoom_file("new_york_dst.csv"));
    EXPECT_EQ(iso(as_utc.segments[0].join), "2026-03-07T10:00:00Z");
    EXPECT_EQ(iso(as_utc.segments[2].leave), "2026-03-08T03:30:00Z");
    // "" means UTC too.
    EXPECT_EQ(ZoomReport::read(zoom_file("new_york_dst.csv"), "").segments, as_utc.segments);
}

// utf16le_bom.csv: UTF-16 LE with its BOM, CRLF, accented, Arabic and a non-BMP character
// (a surrogate pair in UTF-16).
TEST(ZoomReportFiles, Utf16LittleEndianWithBom) {
    const auto r = ZoomReport::read(zoom_file("utf16le_bom.csv"));
    ASSERT_EQ(r.segments.size(), 3U);
    EXPECT_EQ(lines_of(r), (std::vector<std::size_t>{2, 3, 4}));
    EXPECT_EQ(r.segments[0].name, "María José Gómez");
    EXPECT_EQ(r.segments[0].email, "maria@example.com");
    EXPECT_EQ(iso(r.segments[0].join), "2026-01-14T14:00:00Z");
    EXPECT_EQ(r.segments[1].name, "أحمد محمد");
    EXPECT_EQ(r.segments[1].duration_min, 30);
    EXPECT_EQ(r.segments[2].name, "Zola \xF0\x9F\x8C\xBB Nkosi");  // U+1F33B as UTF-8
    EXPECT_EQ(iso(r.segments[2].leave), "2026-01-14T16:00:00Z");
    EXPECT_FALSE(r.segments[2].guest);
}

// excel_unicode_text.txt: Excel's "Unicode text" re-export: UTF-16 LE, tab-separated.
TEST(ZoomReportFiles, TabSeparatedUtf16) {
    const auto r = ZoomReport::read(zoom_file("excel_unicode_text.txt"));
    ASSERT_EQ(r.segments.size(), 2U);
    EXPECT_EQ(r.segments[0].name, "Bello, Amina");  // a comma is an ordinary character here
    EXPECT_EQ(r.segments[0].email, "amina.bello@example.org");
    EXPECT_EQ(iso(r.segments[0].join), "2026-01-14T14:00:00Z");
    EXPECT_EQ(r.segments[0].duration_min, 60);
    EXPECT_TRUE(r.segments[0].guest);
    EXPECT_EQ(r.segments[1].name, "Ngozi \"Zizi\" Eze");
    EXPECT_EQ(iso(r.segments[1].leave), "2026-01-14T15:45:00Z");
    EXPECT_FALSE(r.segments[1].guest);
    EXPECT_EQ(r.segments[1].line, 3U);
}

TEST(ZoomReportFiles, HeaderOnlyIsAValidEmptyReport) {
    const auto r = ZoomReport::read(zoom_file("header_only.csv"));
    EXPECT_FALSE(r.meeting.has_value());
    EXPECT_TRUE(r.segments.empty());
    EXPECT_TRUE(r.attendees().empty());
}

TEST(ZoomReportFiles, TheReconciliationSetReads) {
    // The evaluation reports: lc-2026-01 (BOM, CRLF, meeting block) and lc-2026-03 (New York).
    const auto a = ZoomReport::read(data_path("reconcile/zoom/lc-2026-01.csv"));
    ASSERT_TRUE(a.meeting.has_value());
    EXPECT_EQ(a.meeting->participants, 54);
    EXPECT_EQ(a.segments.front().line, 5U);
    EXPECT_EQ(iso(a.segments.front().join), "2026-01-14T13:51:29Z");
    const auto b = ZoomReport::read(data_path("reconcile/zoom/lc-2026-03.csv"), "America/New_York");
    ASSERT_FALSE(b.segments.empty());
    // lc-2026-03 starts 2026-02-11 14:00 UTC (09:00 EST); segments lie within 10 minutes
    // before the start and 15 minutes after the planned end.
    for (const auto& s : b.segments) {
        EXPECT_GE(s.join, utc(2026, 2, 11, 13, 50)) << s.line;
        EXPECT_LE(s.leave, utc(2026, 2, 11, 16, 15)) << s.line;
    }
}

// --- report text in memory -----------------------------------------------------------------

TEST(ZoomReportParse, MeetingBlockIsOptional) {
    const std::string rows =
        "Amina Bello,,01/14/2026 02:00:00 PM,01/14/2026 03:00:00 PM,60,Yes\n"
        "Kofi Mensah,kofi@example.org,01/14/2026 02:10:00 PM,01/14/2026 02:50:00 PM,40,No\n";
    const std::string meeting =
        "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\n"
        "123 456 789,Clinic,01/14/2026 02:00:00 PM,01/14/2026 03:00:00 PM,host@example.org,60,2\n"
        "\n";
    const auto plain = ZoomReport::parse(std::string(header) + rows);
    const auto with_block = ZoomReport::parse(meeting + header + rows);
    EXPECT_EQ(plain.source, "<memory>");
    EXPECT_FALSE(plain.meeting.has_value());
    ASSERT_TRUE(with_block.meeting.has_value());
    EXPECT_EQ(with_block.meeting->topic, "Clinic");
    EXPECT_EQ(with_block.meeting->participants, 2);
    ASSERT_EQ(plain.segments.size(), 2U);
    ASSERT_EQ(with_block.segments.size(), 2U);
    // Same rows, three lines further down.
    for (std::size_t i = 0; i < 2; ++i) {
        Segment s = with_block.segments[i];
        EXPECT_EQ(s.line, plain.segments[i].line + 3) << i;
        s.line = plain.segments[i].line;
        EXPECT_EQ(s, plain.segments[i]) << i;
    }
    EXPECT_EQ(plain.segments[1].email, "kofi@example.org");
    EXPECT_FALSE(plain.segments[1].guest);
}

TEST(ZoomReportParse, BomAndLineEndsDoNotChangeTheSegments) {
    const std::string lf = std::string(header) +
                           "\"Bello, Amina\",amina@example.org,01/14/2026 02:00:00 PM,01/14/2026 03:00:00 PM,60,Yes\n"
                           "Kofi Mensah,,01/14/2026 02:10:00 PM,01/14/2026 02:50:00 PM,40,No\n";
    const auto a = ZoomReport::parse(lf);
    const auto b = ZoomReport::parse(crlf(lf));
    const auto c = ZoomReport::parse("\xEF\xBB\xBF" + crlf(lf));
    const auto d = ZoomReport::parse(lf.substr(0, lf.size() - 1));  // no final line end
    ASSERT_EQ(a.segments.size(), 2U);
    EXPECT_EQ(a.segments[0].name, "Bello, Amina");
    EXPECT_EQ(a.segments[1].line, 3U);
    EXPECT_EQ(b.segments, a.segments);
    EXPECT_EQ(c.segments, a.segments);
    EXPECT_EQ(d.segments, a.segments);
}

TEST(ZoomReportParse, QuotedLineBreaksKeepLaterLineNumbers) {
    const std::string text = std::string(header) +
                             "\"Interpretation\n- FR\n(booth 2)\",,01/14/2026 02:00:00 PM,01/14/2026 03:00:00 PM,60,No\n"
                             "Amina Bello,,01/14/2026 02:00:00 PM,01/14/2026 03:00:00 PM,60,Yes\n"
                             "\"Kofi \"\"KM\"\"\nMensah\",,01/14/2026 02:00:00 PM,01/14/2026 03:00:00 PM,60,Yes\n"
                             "Ngozi Eze,,01/14/2026 02:00:00 PM,01/14/2026 03:00:00 PM,60,Yes\n";
    for (const auto& variant : {text, crlf(text)}) {
        const auto r = ZoomReport::parse(variant);
        ASSERT_EQ(r.segments.size(), 4U);
        // Records start on lines 2 (3 lines), 5, 6 (2 lines), 8.
        EXPECT_EQ(lines_of(r), (std::vector<std::size_t>{2, 5, 6, 8}));
        EXPECT_EQ(without_cr(r.segments[0].name), "Interpretation\n- FR\n(booth 2)");
        EXPECT_EQ(without_cr(r.segments[2].name), "Kofi \"KM\"\nMensah");
        EXPECT_EQ(r.segments[3].name, "Ngozi Eze");
    }
    // A bad row after a multi-line cell is reported on its own line.
    const auto e = capture<ValidationError>([&] {
        (void)ZoomReport::parse(text + "Bad Row,,01/14/2026 02:00:00 PM,yesterday,60,Yes\n");
    });
    ASSERT_TRUE(e.has_value());
    ASSERT_EQ(e->problems().size(), 1U) << dump(e->problems());
    EXPECT_EQ(e->problems()[0].where, "line 9");
    EXPECT_EQ(e->problems()[0].field, "Leave Time");
}

TEST(ZoomReportParse, TwentyFourHourClock) {
    const auto r = ZoomReport::parse(std::string(header) +
                                     "A,,01/14/2026 00:00:00,01/14/2026 00:00:59,1,No\n"
                                     "B,,01/14/2026 13:05:09,01/14/2026 23:59:59,655,No\n"
                                     "C,,12/31/2026 23:30,01/01/2027 00:15,45,No\n");
    ASSERT_EQ(r.segments.size(), 3U);
    EXPECT_EQ(iso(r.segments[0].join), "2026-01-14T00:00:00Z");
    EXPECT_EQ(iso(r.segments[0].leave), "2026-01-14T00:00:59Z");
    EXPECT_EQ(iso(r.segments[1].join), "2026-01-14T13:05:09Z");
    EXPECT_EQ(iso(r.segments[1].leave), "2026-01-14T23:59:59Z");
    EXPECT_EQ(iso(r.segments[2].join), "2026-12-31T23:30:00Z");
    EXPECT_EQ(iso(r.segments[2].leave), "2027-01-01T00:15:00Z");
}

TEST(ZoomReportParse, TwelveHourClockEdges) {
    struct Case {
        const char* text;
        const char* utc;
    };
    const Case cases[] = {
        {"01/14/2026 12:00:00 AM", "2026-01-14T00:00:00Z"}, {"01/14/2026 12:59:59 AM", "2026-01-14T00:59:59Z"},
        {"01/14/2026 01:00:00 AM", "2026-01-14T01:00:00Z"}, {"01/14/2026 11:59:59 AM", "2026-01-14T11:59:59Z"},
        {"01/14/2026 12:00:00 PM", "2026-01-14T12:00:00Z"}, {"01/14/2026 12:59:59 PM", "2026-01-14T12:59:59Z"},
        {"01/14/2026 01:00:00 PM", "2026-01-14T13:00:00Z"}, {"01/14/2026 11:59:59 PM", "2026-01-14T23:59:59Z"},
        {"02/29/2028 07:15:00 pm", "2028-02-29T19:15:00Z"},  // leap day, lower-case pm
    };
    for (const auto& c : cases) {
        const auto r = ZoomReport::parse(std::string(header) + "X,," + c.text + "," + c.text + ",0,No\n");
        ASSERT_EQ(r.segments.size(), 1U) << c.text;
        EXPECT_EQ(iso(r.segments[0].join), c.utc) << c.text;
        EXPECT_EQ(r.segments[0].leave, r.segments[0].join) << c.text;  // a zero-length segment is valid
    }
}

TEST(ZoomReportParse, TabSeparatedUtf8) {
    const auto r = ZoomReport::parse(
        "Name (Original Name)\tUser Email\tJoin Time\tLeave Time\tDuration (Minutes)\tGuest\n"
        "Bello, Amina\t\t2026-01-14T14:00:00Z\t2026-01-14T15:00:00Z\t60\tYes\n");
    ASSERT_EQ(r.segments.size(), 1U);
    EXPECT_EQ(r.segments[0].name, "Bello, Amina");
    EXPECT_EQ(r.segments[0].email, "");
    EXPECT_EQ(iso(r.segments[0].leave), "2026-01-14T15:00:00Z");
}

TEST(ZoomReportParse, HeaderNamesInAnyCaseAndColumnOrder) {
    const auto r = ZoomReport::parse(
        "GUEST,leave time,join time,EMAIL,name,Extra\n"
        "No,01/14/2026 03:00:00 PM,01/14/2026 02:00:00 PM,amina@example.org,Amina Bello,whatever\n");
    ASSERT_EQ(r.segments.size(), 1U);
    EXPECT_EQ(r.segments[0].name, "Amina Bello");
    EXPECT_EQ(r.segments[0].email, "amina@example.org");
    EXPECT_EQ(iso(r.segments[0].join), "2026-01-14T14:00:00Z");
    EXPECT_EQ(iso(r.segments[0].leave), "2026-01-14T15:00:00Z");
    EXPECT_FALSE(r.segments[0].guest);
}

TEST(ZoomReportParse, NameCellIsKeptExactly) {
    const auto r = ZoomReport::parse(std::string(header) +
                                     "\"Amina | she/her\",,01/14/2026 02:00:00 PM,01/14/2026 03:00:00 PM,60,Yes\n"
                                     "BELLO Amina,,01/14/2026 02:00:00 PM,01/14/2026 03:00:00 PM,60,Yes\n"
                                     "iPhone de María,,01/14/2026 02:00:00 PM,01/14/2026 03:00:00 PM,60,Yes\n");
    ASSERT_EQ(r.segments.size(), 3U);
    EXPECT_EQ(r.segments[0].name, "Amina | she/her");
    EXPECT_EQ(r.segments[1].name, "BELLO Amina");
    EXPECT_EQ(r.segments[2].name, "iPhone de María");
}

TEST(ZoomReportParse, ReportTimeZoneAppliesToLocalTimesOnly) {
    const std::string text = std::string(header) +
                             "A,,01/14/2026 09:00:00 AM,01/14/2026 11:00:00 AM,120,No\n"   // EST
                             "B,,07/14/2026 09:00:00 AM,07/14/2026 11:00:00 AM,120,No\n"   // EDT
                             "C,,2026-07-14T09:00:00Z,2026-07-14T11:00:00+02:00,0,No\n";  // explicit
    const auto r = ZoomReport::parse(text, "<memory>", "America/New_York");
    ASSERT_EQ(r.segments.size(), 3U);
    EXPECT_EQ(iso(r.segments[0].join), "2026-01-14T14:00:00Z");
    EXPECT_EQ(iso(r.segments[1].join), "2026-07-14T13:00:00Z");
    EXPECT_EQ(iso(r.segments[2].join), "2026-07-14T09:00:00Z");
    EXPECT_EQ(iso(r.segments[2].leave), "2026-07-14T09:00:00Z");
    const auto kolkata = ZoomReport::parse(text, "k.csv", "Asia/Kolkata");  // UTC+05:30, no DST
    EXPECT_EQ(kolkata.source, "k.csv");
    EXPECT_EQ(iso(kolkata.segments[0].join), "2026-01-14T03:30:00Z");
    EXPECT_EQ(iso(kolkata.segments[1].join), "2026-07-14T03:30:00Z");
}

TEST(ZoomReportParse, LocalTimeSkippedByDstIsABadTime) {
    // 02:30 on 8 March 2026 does not exist in New York (02:00 EST → 03:00 EDT).
    const std::string text = std::string(header) + "A,,03/08/2026 02:30:00 AM,03/08/2026 04:00:00 AM,30,No\n";
    const auto e = capture<ValidationError>([&] { (void)ZoomReport::parse(text, "gap.csv", "America/New_York"); });
    ASSERT_TRUE(e.has_value());
    ASSERT_EQ(e->problems().size(), 1U) << dump(e->problems());
    EXPECT_EQ(e->problems()[0].where, "line 2");
    EXPECT_EQ(e->problems()[0].field, "Join Time");
    EXPECT_EQ(e->problems()[0].source, "gap.csv");
    // The same text is fine in UTC.
    EXPECT_EQ(ZoomReport::parse(text).segments.size(), 1U);
}

TEST(ZoomReportParse, BlankLinesBetweenRowsKeepLineNumbers) {
    const std::string text = std::string(header) +
                             "\n"
                             "A,,01/14/2026 02:00:00 PM,01/14/2026 03:00:00 PM,60,Yes\n"
                             "\n"
                             " , \n"  // blanks only: skipped like an empty line
                             "B,,01/14/2026 02:00:00 PM,01/14/2026 03:00:00 PM,60,Yes\n"
                             "\n";
    for (const auto& variant : {text, crlf(text)}) {
        const auto r = ZoomReport::parse(variant);
        EXPECT_EQ(lines_of(r), (std::vector<std::size_t>{3, 6}));
    }
}

namespace {

// ASCII text as UTF-16 with a BOM.
std::string utf16(std::string_view ascii, bool little_endian) {
    std::string out = little_endian ? std::string("\xFF\xFE", 2) : std::string("\xFE\xFF", 2);
    for (char c : ascii) {
        if (little_endian) {
            out += c;
            out += '\0';
        } else {
            out += '\0';
            out += c;
        }
    }
    return out;
}

}  // namespace

TEST(ZoomReportParse, Utf16BothByteOrders) {
    const std::string text = std::string(header) + "Amina Bello,,01/14/2026 02:00:00 PM,01/14/2026 03:00:00 PM,60,Yes\r\n";
    const auto utf8 = ZoomReport::parse(text);
    ASSERT_EQ(utf8.segments.size(), 1U);
    EXPECT_EQ(ZoomReport::parse(utf16(text, true)).segments, utf8.segments);
    EXPECT_EQ(ZoomReport::parse(utf16(text, false)).segments, utf8.segments);
    // A bad row of a UTF-16 file is reported on its line like any other.
    const auto e = capture<ValidationError>([&] {
        (void)ZoomReport::parse(utf16(text + "Kofi Mensah,,never,01/14/2026 03:00:00 PM,60,Yes\r\n", true));
    });
    ASSERT_TRUE(e.has_value());
    ASSERT_EQ(e->problems().size(), 1U) << dump(e->problems());
    EXPECT_EQ(e->problems()[0].where, "line 3");
    EXPECT_EQ(e->problems()[0].field, "Join Time");
    // An odd number of bytes cannot be UTF-16.
    EXPECT_THROW((void)ZoomReport::parse(utf16(text, true) + "x"), FormatError);
}

// --- malformed reports ---------------------------------------------------------------------

TEST(ZoomReportErrors, MissingRequiredColumnNamesIt) {
    const auto path = zoom_file("missing_leave_column.csv");
    const auto e = capture<FormatError>([&] { (void)ZoomReport::read(path); });
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->source(), path);
    EXPECT_EQ(e->line(), 4U);  // the participant header, after the meeting block
    EXPECT_TRUE(contains(e->problem(), "Leave Time")) << e->what();
    EXPECT_TRUE(contains(e->what(), path)) << e->what();

    const struct {
        const char* header;
        const char* column;
    } cases[] = {
        {"User Email,Join Time,Leave Time,Duration (Minutes),Guest\n", "Name"},
        {"Name (Original Name),User Email,Leave Time,Duration (Minutes),Guest\n", "Join Time"},
        {"Name (Original Name),User Email,Join,Leave,Duration (Minutes),Guest\n", "Join Time"},
    };
    for (const auto& c : cases) {
        const auto f = capture<FormatError>([&] { (void)ZoomReport::parse(std::string(c.header) + "a,b,c,d,e,f\n"); });
        ASSERT_TRUE(f.has_value()) << c.header;
        EXPECT_EQ(f->line(), 1U) << c.header;
        EXPECT_TRUE(contains(f->problem(), c.column)) << f->what();
    }
}

// several_bad_rows.csv: seven bad rows among three good ones, all reported in one error.
TEST(ZoomReportErrors, EveryBadRowInOneValidationError) {
    const auto path = zoom_file("several_bad_rows.csv");
    const auto e = capture<ValidationError>([&] { (void)ZoomReport::read(path); });
    ASSERT_TRUE(e.has_value());
    const auto& problems = e->problems();
    ASSERT_EQ(problems.size(), 7U) << dump(problems);
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"line 3", "Join Time"},             // 13:00:00 PM
        {"line 4", "Leave Time"},            // leave 02:00 PM before join 03:00 PM
        {"line 5", "Name (Original Name)"},  // empty name
        {"line 6", ""},                      // 3 fields where 4 are needed
        {"line 7", "Leave Time"},            // 02/30/2026
        {"line 9", "Duration (Minutes)"},    // "sixty"
        {"line 10", "Name (Original Name)"}, // a name of spaces only
    };
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(problems[i].source, path) << i;
        EXPECT_EQ(problems[i].where, expected[i].first) << i << dump(problems);
        EXPECT_EQ(problems[i].field, expected[i].second) << i << dump(problems);
        EXPECT_FALSE(problems[i].message.empty()) << i;
    }
    EXPECT_TRUE(contains(problems[0].message, "13:00:00 PM")) << dump(problems);
    EXPECT_TRUE(contains(problems[4].message, "02/30/2026")) << dump(problems);
    EXPECT_TRUE(contains(problems[5].message, "sixty")) << dump(problems);
    for (const auto& good : {"line 2", "line 8", "line 11"}) {
        EXPECT_FALSE(std::any_of(problems.begin(), problems.end(), [&](const Problem& p) { return p.where == good; }))
            << good << dump(problems);
    }
    EXPECT_TRUE(contains(e->what(), "line 3")) << e->what();
}

TEST(ZoomReportErrors, TwoBadTimesInOneRowAreTwoProblems) {
    const auto e = capture<ValidationError>([&] {
        (void)ZoomReport::parse(std::string(header) + "A,,soon,later,60,Yes\n" + "B,,,,,\n");
    });
    ASSERT_TRUE(e.has_value());
    const auto& problems = e->problems();
    ASSERT_EQ(problems.size(), 4U) << dump(problems);
    EXPECT_EQ(problems[0].where, "line 2");
    EXPECT_EQ(problems[0].field, "Join Time");
    EXPECT_TRUE(contains(problems[0].message, "soon"));
    EXPECT_EQ(problems[1].where, "line 2");
    EXPECT_EQ(problems[1].field, "Leave Time");
    EXPECT_TRUE(contains(problems[1].message, "later"));
    EXPECT_EQ(problems[2].where, "line 3");
    EXPECT_EQ(problems[2].field, "Join Time");
    EXPECT_EQ(problems[3].field, "Leave Time");
}

TEST(ZoomReportErrors, BadTimesOfManyShapes) {
    for (const char* bad : {"14/01/2026 02:00:00 PM", "01/14/26 02:00:00 PM", "01/14/2026 00:30:00 AM",
                            "01/14/2026 13:00:00 AM", "01/14/2026 24:00:00", "01/14/2026 10:60:00",
                            "01/14/2026 10:00:60", "01/14/2026 10:00:00 XM", "02/29/2026 10:00:00",
                            "2026-01-14T25:00:00Z", "2026-01-14T10:00:00+99:00", "01/14/2026", "noon"}) {
        const auto e = capture<ValidationError>([&] {
            (void)ZoomReport::parse(std::string(header) + "A,," + bad + ",01/14/2026 11:00:00 PM,60,Yes\n");
        });
        ASSERT_TRUE(e.has_value()) << bad;
        ASSERT_EQ(e->problems().size(), 1U) << bad << dump(e->problems());
        EXPECT_EQ(e->problems()[0].where, "line 2") << bad;
        EXPECT_EQ(e->problems()[0].field, "Join Time") << bad;
    }
}

TEST(ZoomReportErrors, BadMeetingBlockTime) {
    const auto e = capture<ValidationError>([&] {
        (void)ZoomReport::parse(
            "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\n"
            "1,Clinic,sometime,01/14/2026 03:00:00 PM,host@example.org,60,2\n\n" +
            std::string(header) + "A,,01/14/2026 02:00:00 PM,01/14/2026 03:00:00 PM,60,Yes\n");
    });
    ASSERT_TRUE(e.has_value());
    ASSERT_EQ(e->problems().size(), 1U) << dump(e->problems());
    EXPECT_EQ(e->problems()[0].where, "line 2");
    EXPECT_EQ(e->problems()[0].field, "Start Time");
}

TEST(ZoomReportErrors, MeetingBlockWithoutParticipantHeader) {
    const auto e = capture<FormatError>([&] {
        (void)ZoomReport::parse(
            "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\n"
            "1,Clinic,01/14/2026 02:00:00 PM,01/14/2026 03:00:00 PM,host@example.org,60,0\n\n");
    });
    ASSERT_TRUE(e.has_value());
}

TEST(ZoomReportErrors, NotUtf8ReportsLineAndColumn) {
    const auto path = zoom_file("latin1.csv");
    const auto e = capture<FormatError>([&] { (void)ZoomReport::read(path); });
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->source(), path);
    EXPECT_EQ(e->line(), 3U);    // "Jos\xE9 Ortiz" on line 3
    EXPECT_EQ(e->column(), 4U);  // the fourth character of the line
    EXPECT_TRUE(contains(e->problem(), "UTF-8")) << e->what();
    // In memory, a stray byte in the header line.
    const auto f = capture<FormatError>([] { (void)ZoomReport::parse("Name\xFF,Join Time,Leave Time\n"); });
    ASSERT_TRUE(f.has_value());
    EXPECT_EQ(f->line(), 1U);
    EXPECT_EQ(f->column(), 5U);
}

TEST(ZoomReportErrors, EmptyReports) {
    const auto path = zoom_file("empty.csv");
    const auto e = capture<FormatError>([&] { (void)ZoomReport::read(path); });
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->source(), path);
    for (const char* text : {"", "\xEF\xBB\xBF", "\n\n", "\r\n  \r\n"}) {
        EXPECT_THROW((void)ZoomReport::parse(text), FormatError) << '"' << text << '"';
    }
    // A header and blank lines: valid, nothing in it.
    EXPECT_TRUE(ZoomReport::parse(std::string(header) + "\n\n").segments.empty());
}

TEST(ZoomReportErrors, UnterminatedQuote) {
    const auto path = zoom_file("unterminated_quote.csv");
    const auto e = capture<FormatError>([&] { (void)ZoomReport::read(path); });
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->source(), path);
    EXPECT_EQ(e->line(), 3U);  // where the quote opens
}

TEST(ZoomReportErrors, UnknownTimeZone) {
    const auto e = capture<NotFoundError>([] { (void)ZoomReport::read(zoom_file("header_only.csv"), "Mars/Olympus_Mons"); });
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->key(), "Mars/Olympus_Mons");
    EXPECT_THROW((void)ZoomReport::parse(std::string(header), "<memory>", "America/Nowhere"), NotFoundError);
    // Every error is a letsconnect::Error.
    EXPECT_THROW((void)ZoomReport::parse(std::string(header), "<memory>", "Europe/Atlantis"), Error);
}

TEST(ZoomReportErrors, MissingFile) {
    const auto path = zoom_file("no_such_report.csv");
    const auto e = capture<FileError>([&] { (void)ZoomReport::read(path); });
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->path(), path);
}

// --- union_seconds -------------------------------------------------------------------------

TEST(SegmentUnion, HandWorkedIntervals) {
    using Iv = std::pair<sys_seconds, sys_seconds>;
    const auto at = [](int s) { return t0 + std::chrono::seconds{s}; };
    EXPECT_EQ(union_seconds({}), 0);
    EXPECT_EQ(union_seconds({Iv{at(0), at(60)}}), 60);
    EXPECT_EQ(union_seconds({Iv{at(0), at(60)}, Iv{at(60), at(120)}}), 120);              // touching
    EXPECT_EQ(union_seconds({Iv{at(0), at(100)}, Iv{at(50), at(150)}}), 150);             // overlapping
    EXPECT_EQ(union_seconds({Iv{at(0), at(300)}, Iv{at(60), at(120)}}), 300);             // nested
    EXPECT_EQ(union_seconds({Iv{at(0), at(60)}, Iv{at(120), at(180)}}), 120);             // a gap
    EXPECT_EQ(union_seconds({Iv{at(120), at(180)}, Iv{at(0), at(60)}, Iv{at(30), at(130)}}), 180);  // unsorted
    EXPECT_EQ(union_seconds({Iv{at(0), at(60)}, Iv{at(0), at(60)}}), 60);                 // duplicates
    EXPECT_EQ(union_seconds({Iv{at(10), at(10)}}), 0);                                    // empty interval
    EXPECT_EQ(union_seconds({Iv{at(0), at(60)}, Iv{at(200), at(200)}}), 60);
    // Two hours a day for a week, far apart.
    std::vector<Iv> week;
    for (int d = 0; d < 7; ++d) week.emplace_back(at(d * 86400), at(d * 86400 + 7200));
    EXPECT_EQ(union_seconds(week), 7 * 7200);
}

// --- merge_segments ------------------------------------------------------------------------

TEST(MergeSegments, SameNameRejoinAfterDrop) {
    const auto m = std::chrono::minutes{1};
    const std::vector<Segment> segs = {
        segment("Amina Bello", "", t0, t0 + 40 * m),
        segment("Amina Bello", "", t0 + 50 * m, t0 + 120 * m),
    };
    const auto people = merge_segments(segs);
    ASSERT_EQ(people.size(), 1U);
    EXPECT_EQ(people[0].seconds, 110 * 60);  // 40 + 70; the 10-minute gap is not counted
    EXPECT_DOUBLE_EQ(people[0].minutes(), 110.0);
    EXPECT_EQ(people[0].segments, (std::vector<std::size_t>{0, 1}));
    EXPECT_EQ(people[0].names, (std::vector<std::string>{"Amina Bello"}));
    EXPECT_EQ(iso(people[0].first_join), "2026-01-14T14:00:00Z");
    EXPECT_EQ(iso(people[0].last_leave), "2026-01-14T16:00:00Z");
}

TEST(MergeSegments, SameEmailInAnyCaseMergesDifferentNames) {
    const auto m = std::chrono::minutes{1};
    const std::vector<Segment> segs = {
        segment("iPhone de Amina", "Amina.Bello@Example.ORG", t0 + 30 * m, t0 + 90 * m),
        segment("Amina Bello", "amina.bello@example.org", t0, t0 + 60 * m),
        segment("Kofi Mensah", "", t0, t0 + 10 * m),
    };
    const auto people = merge_segments(segs);
    ASSERT_EQ(people.size(), 2U);
    // Both join at t0: ties are broken by name.
    EXPECT_EQ(people[0].display_name, "Amina Bello");  // her first segment by join time
    EXPECT_EQ(people[0].segments, (std::vector<std::size_t>{1, 0}));
    EXPECT_EQ(as_set(people[0].names), (std::set<std::string>{"Amina Bello", "iPhone de Amina"}));
    EXPECT_EQ(people[0].email, "amina.bello@example.org");
    EXPECT_EQ(people[0].seconds, 90 * 60);  // 0–60 and 30–90: 0–90
    EXPECT_EQ(iso(people[0].last_leave), "2026-01-14T15:30:00Z");
    EXPECT_EQ(people[1].display_name, "Kofi Mensah");
    EXPECT_EQ(people[1].seconds, 600);
}

TEST(MergeSegments, EmptyEmailsAndNameVariantsDoNotMerge) {
    const std::vector<Segment> segs = {
        segment("Amina Bello", "", t0, t0 + std::chrono::minutes{10}),
        segment("amina bello", "", t0, t0 + std::chrono::minutes{20}),   // another name cell
        segment("Amina Bello ", "", t0, t0 + std::chrono::minutes{30}),  // trailing space: another cell
    };
    const auto people = merge_segments(segs);
    ASSERT_EQ(people.size(), 3U);
    // Same first join: by name (byte order puts "A" before "a").
    EXPECT_EQ(people[0].display_name, "Amina Bello");
    EXPECT_EQ(people[1].display_name, "Amina Bello ");
    EXPECT_EQ(people[2].display_name, "amina bello");
    EXPECT_EQ(people[2].seconds, 1200);
}

TEST(MergeSegments, NameAndEmailLinksAreTransitive) {
    const auto m = std::chrono::minutes{1};
    // A–B share the name, B–C share the e-mail: one person.
    const std::vector<Segment> segs = {
        segment("Obinna Okafor", "", t0, t0 + 10 * m),
        segment("Obinna Okafor", "obi@example.org", t0 + 20 * m, t0 + 30 * m),
        segment("Samsung SM-A125F", "OBI@example.org", t0 + 40 * m, t0 + 50 * m),
    };
    const auto people = merge_segments(segs);
    ASSERT_EQ(people.size(), 1U);
    EXPECT_EQ(people[0].display_name, "Obinna Okafor");
    EXPECT_EQ(people[0].email, "obi@example.org");  // first non-empty e-mail
    EXPECT_EQ(people[0].seconds, 30 * 60);
    EXPECT_EQ(people[0].segments, (std::vector<std::size_t>{0, 1, 2}));
}

TEST(MergeSegments, OverlappingAndTouchingSegments) {
    const auto m = std::chrono::minutes{1};
    const std::vector<Segment> segs = {
        segment("Kofi Mensah", "", t0, t0 + 120 * m),            // laptop, whole clinic
        segment("Kofi Mensah", "", t0 + 10 * m, t0 + 20 * m),    // phone, inside
        segment("Ngozi Eze", "", t0, t0 + 30 * m),
        segment("Ngozi Eze", "", t0 + 30 * m, t0 + 60 * m),      // touching: no gap, no overlap
        segment("Ngozi Eze", "", t0 + 60 * m, t0 + 60 * m),      // zero length
    };
    const auto people = merge_segments(segs);
    ASSERT_EQ(people.size(), 2U);
    EXPECT_EQ(people[0].display_name, "Kofi Mensah");
    EXPECT_EQ(people[0].seconds, 120 * 60);
    EXPECT_EQ(iso(people[0].last_leave), "2026-01-14T16:00:00Z");  // from the first segment
    EXPECT_EQ(people[1].display_name, "Ngozi Eze");
    EXPECT_EQ(people[1].seconds, 60 * 60);
    EXPECT_EQ(people[1].segments, (std::vector<std::size_t>{2, 3, 4}));
}

TEST(MergeSegments, OrderOfAttendeesAndOfTheirSegments) {
    const auto m = std::chrono::minutes{1};
    const std::vector<Segment> segs = {
        segment("Late", "", t0 + 30 * m, t0 + 40 * m),
        segment("Zed", "", t0 + 5 * m, t0 + 6 * m),
        segment("Early", "", t0 + 20 * m, t0 + 25 * m),
        segment("Amy", "", t0 + 5 * m, t0 + 7 * m),
        segment("Early", "", t0 + 1 * m, t0 + 2 * m),  // makes Early the first to join
    };
    const auto people = merge_segments(segs);
    std::vector<std::string> names;
    for (const auto& a : people) names.push_back(a.display_name);
    EXPECT_EQ(names, (std::vector<std::string>{"Early", "Amy", "Zed", "Late"}));
    EXPECT_EQ(people[0].segments, (std::vector<std::size_t>{4, 2}));
    EXPECT_EQ(iso(people[0].first_join), "2026-01-14T14:01:00Z");
    EXPECT_EQ(people[0].seconds, 6 * 60);
    EXPECT_TRUE(merge_segments({}).empty());
}

namespace {

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

// The slow way: group by repeated passes over all pairs until nothing changes, then count
// every second each group is on the call.
std::vector<Attendee> reference_merge(const std::vector<Segment>& segs, sys_seconds origin, int horizon) {
    const std::size_t n = segs.size();
    std::vector<std::size_t> label(n);
    std::iota(label.begin(), label.end(), std::size_t{0});
    for (bool changed = true; changed;) {
        changed = false;
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < n; ++j) {
                const bool same = segs[i].name == segs[j].name ||
                                  (!segs[i].email.empty() && lower(segs[i].email) == lower(segs[j].email));
                if (same && label[j] > label[i]) {
                    label[j] = label[i];
                    changed = true;
                }
            }
    }
    std::map<std::size_t, std::vector<std::size_t>> groups;
    for (std::size_t i = 0; i < n; ++i) groups[label[i]].push_back(i);
    std::vector<Attendee> out;
    for (auto& [l, members] : groups) {
        std::stable_sort(members.begin(), members.end(), [&](std::size_t a, std::size_t b) { return segs[a].join < segs[b].join; });
        Attendee a;
        a.segments = members;
        a.display_name = segs[members.front()].name;
        a.first_join = segs[members.front()].join;
        a.last_leave = segs[members.front()].leave;
        for (std::size_t i : members) {
            if (std::find(a.names.begin(), a.names.end(), segs[i].name) == a.names.end()) a.names.push_back(segs[i].name);
            if (a.email.empty()) a.email = segs[i].email;
            a.last_leave = std::max(a.last_leave, segs[i].leave);
        }
        for (int s = 0; s < horizon; ++s) {
            const auto t = origin + std::chrono::seconds{s};
            if (std::any_of(members.begin(), members.end(), [&](std::size_t i) { return segs[i].join <= t && t < segs[i].leave; }))
                ++a.seconds;
        }
        out.push_back(std::move(a));
    }
    std::sort(out.begin(), out.end(), [](const Attendee& a, const Attendee& b) {
        return a.first_join != b.first_join ? a.first_join < b.first_join : a.display_name < b.display_name;
    });
    return out;
}

}  // namespace

TEST(MergeSegments, RandomSetsAgainstSecondBySecondReference) {
    static const char* names[] = {"Amina Bello", "Amina Bello (WMNG)", "iPhone", "Kofi Mensah", "أحمد محمد", "Samsung SM-A125F"};
    static const char* emails[] = {"", "", "", "amina@example.org", "AMINA@example.ORG", "kofi@example.org", "k@example.net"};
    std::mt19937 rng(20260114);
    const auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    const int horizon = 3 * 3600;  // every segment lies within three hours of the origin
    std::size_t merged_cases = 0;
    for (int c = 0; c < 300; ++c) {
        std::vector<Segment> segs;
        const int n = pick(0, 14);
        for (int i = 0; i < n; ++i) {
            // Joins on a coarse grid some of the time, so that equal join times and touching
            // segments happen.
            const int join = pick(0, 1) == 0 ? 300 * pick(0, 24) : pick(0, 2 * 3600);
            const int length = pick(0, 3) == 0 ? 300 * pick(0, 6) : pick(0, 3600);
            Segment s = segment(names[pick(0, 5)], emails[pick(0, 6)], t0 + std::chrono::seconds{join},
                                t0 + std::chrono::seconds{join + length});
            s.line = static_cast<std::size_t>(i + 2);
            segs.push_back(std::move(s));
        }
        const auto got = merge_segments(segs);
        const auto want = reference_merge(segs, t0, horizon);
        if (got.size() < segs.size()) ++merged_cases;
        ASSERT_EQ(got.size(), want.size()) << "case " << c;
        for (std::size_t k = 0; k < got.size(); ++k) {
            SCOPED_TRACE("case " + std::to_string(c) + ", attendee " + std::to_string(k));
            EXPECT_EQ(got[k].display_name, want[k].display_name);
            EXPECT_EQ(got[k].segments, want[k].segments);
            EXPECT_EQ(as_set(got[k].names), as_set(want[k].names));
            EXPECT_EQ(got[k].names.size(), want[k].names.size());
            EXPECT_EQ(got[k].email, want[k].email);
            EXPECT_EQ(got[k].seconds, want[k].seconds);
            EXPECT_EQ(got[k].first_join, want[k].first_join);
            EXPECT_EQ(got[k].last_leave, want[k].last_leave);
        }
        // union_seconds of everything against the same second-by-second count.
        std::vector<std::pair<sys_seconds, sys_seconds>> all;
        for (const auto& s : segs) all.emplace_back(s.join, s.leave);
        long long covered = 0;
        for (int s = 0; s < horizon; ++s) {
            const auto t = t0 + std::chrono::seconds{s};
            if (std::any_of(segs.begin(), segs.end(), [&](const Segment& g) { return g.join <= t && t < g.leave; })) ++covered;
        }
        EXPECT_EQ(union_seconds(all), covered) << "case " << c;
    }
    EXPECT_GT(merged_cases, 150U);  // the generator does exercise merging
}
