// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
// Tests of letsconnect/availability.hpp: clocks, weekdays, dates, UTC offsets and the
// local-window → UTC-slot conversion, checked against a slow per-slot reference.

#include "test_helpers.hpp"

#include "letsconnect/availability.hpp"

using namespace letsconnect;
using namespace std::chrono;
using lc_test::capture;
using lc_test::set_slots;
using lc_test::slot_of;
using lc_test::slot_range;
using lc_test::ymd;

namespace {

TimeWindow window(Weekday day, const char* start, const char* end) {
    return TimeWindow{day, *parse_clock(start), *parse_clock(end)};
}

sys_seconds at(int y, unsigned m, unsigned d, int hour = 12) {
    return sys_seconds{ymd(y, m, d)} + hours(hour);
}

/// Slow reference for WeekConverter::to_utc: for each UTC quarter hour of the week, ask the
/// tz database for the local time there and look it up in the local week.
WeekSlots reference_to_utc(std::span<const TimeWindow> windows, std::string_view zone, sys_days any_day) {
    const WeekSlots local = local_slots(windows);
    const sys_days monday = week_start(any_day);
    WeekSlots out{};
    for (int s = 0; s < slots_per_week; ++s) {
        const sys_seconds t = sys_seconds{monday} + minutes(slot_minutes * s);
        const auto local_time = t + minutes(utc_offset_minutes(zone, t));
        const auto local_day = floor<days>(local_time);
        const int day_index = static_cast<int>(weekday{local_day}.iso_encoding()) - 1;  // Monday = 0
        const auto minute_of_day = duration_cast<minutes>(local_time - local_day).count();
        const int local_slot = day_index * slots_per_day + static_cast<int>(minute_of_day) / slot_minutes;
        if (lc_test::slot_set(local, local_slot)) out[static_cast<std::size_t>(s / 64)] |= std::uint64_t{1} << (s % 64);
    }
    return out;
}

}  // namespace

// --- clocks and days ----------------------------------------------------------------------

TEST(Clock, Parse) {
    EXPECT_EQ(parse_clock("00:00"), 0);
    EXPECT_EQ(parse_clock("00:15"), 15);
    EXPECT_EQ(parse_clock("09:45"), 585);
    EXPECT_EQ(parse_clock("18:30"), 1110);
    EXPECT_EQ(parse_clock("23:45"), 1425);
    EXPECT_EQ(parse_clock("23:59"), 1439);
    EXPECT_EQ(parse_clock("24:00"), 1440);
}

TEST(Clock, ParseRejectsMalformed) {
    for (const char* bad : {"25:00", "24:15", "24:01", "7:5", "ab", "", "12:60", "1200", "12:3", "-1:00",
                            "12:00 ", " 12:00", "12-00", "12:00:00", "ab:cd", "99:99"}) {
        EXPECT_EQ(parse_clock(bad), std::nullopt) << '"' << bad << '"';
    }
}

TEST(Clock, FormatRoundTrip) {
    EXPECT_EQ(format_clock(0), "00:00");
    EXPECT_EQ(format_clock(585), "09:45");
    EXPECT_EQ(format_clock(1440), "24:00");
    for (std::uint16_t m = 0; m <= 1440; m += 15) EXPECT_EQ(parse_clock(format_clock(m)), m);
}

TEST(Weekday, ParseNamesAndAbbreviations) {
    EXPECT_EQ(parse_weekday("mon"), Weekday::mon);
    EXPECT_EQ(parse_weekday("Monday"), Weekday::mon);
    EXPECT_EQ(parse_weekday("MON"), Weekday::mon);
    EXPECT_EQ(parse_weekday("tue"), Weekday::tue);
    EXPECT_EQ(parse_weekday("Wednesday"), Weekday::wed);
    EXPECT_EQ(parse_weekday("thu"), Weekday::thu);
    EXPECT_EQ(parse_weekday("FRIDAY"), Weekday::fri);
    EXPECT_EQ(parse_weekday("sat"), Weekday::sat);
    EXPECT_EQ(parse_weekday("Sunday"), Weekday::sun);
    for (int d = 0; d < 7; ++d) {
        const auto day = static_cast<Weekday>(d);
        EXPECT_EQ(parse_weekday(to_string(day)), day);
    }
    EXPECT_EQ(to_string(Weekday::mon), "mon");
    EXPECT_EQ(to_string(Weekday::sun), "sun");
}

TEST(Weekday, ParseRejectsOthers) {
    for (const char* bad : {"", "xyz", "funday", "monday1", "7", "lun"}) {
        EXPECT_EQ(parse_weekday(bad), std::nullopt) << bad;
    }
}

TEST(TimeWindow, Minutes) {
    EXPECT_EQ(window(Weekday::mon, "18:00", "21:00").minutes(), 180);
    EXPECT_EQ(window(Weekday::sun, "22:00", "02:00").minutes(), 240);
    EXPECT_EQ(window(Weekday::sat, "23:00", "24:00").minutes(), 60);
    EXPECT_EQ(window(Weekday::sat, "00:00", "24:00").minutes(), 1440);
}

// --- local slots --------------------------------------------------------------------------

TEST(LocalSlots, SimpleWindow) {
    const TimeWindow w[] = {window(Weekday::mon, "00:00", "01:00")};
    EXPECT_EQ(set_slots(local_slots(w)), slot_range(0, 4));
    const TimeWindow w2[] = {window(Weekday::wed, "18:30", "20:00")};
    EXPECT_EQ(set_slots(local_slots(w2)), slot_range(slot_of(Weekday::wed, 1110), 6));
}

TEST(LocalSlots, EndOfDayAt2400) {
    const TimeWindow w[] = {window(Weekday::sat, "23:00", "24:00")};
    EXPECT_EQ(set_slots(local_slots(w)), slot_range(slot_of(Weekday::sat, 23 * 60), 4));
}

TEST(LocalSlots, WindowCrossingMidnightFromSundayIntoMonday) {
    const TimeWindow w[] = {window(Weekday::sun, "22:00", "02:00")};
    const auto slots = local_slots(w);
    EXPECT_EQ(count_slots(slots), 16);
    std::vector<int> expected = slot_range(0, 8);                           // mon 00:00–02:00
    for (int s : slot_range(slot_of(Weekday::sun, 22 * 60), 8)) expected.push_back(s);  // sun 22:00–24:00
    EXPECT_EQ(set_slots(slots), expected);
}

TEST(LocalSlots, WindowCrossingMidnightMidWeek) {
    const TimeWindow w[] = {window(Weekday::fri, "22:00", "01:00")};
    EXPECT_EQ(set_slots(local_slots(w)), slot_range(slot_of(Weekday::fri, 22 * 60), 12));
}

TEST(LocalSlots, UnionOfOverlappingWindows) {
    const TimeWindow w[] = {window(Weekday::tue, "10:00", "12:00"), window(Weekday::tue, "11:00", "13:00"),
                            window(Weekday::thu, "08:00", "08:15")};
    const auto slots = local_slots(w);
    EXPECT_EQ(count_slots(slots), 12 + 1);
    EXPECT_TRUE(lc_test::slot_set(slots, slot_of(Weekday::thu, 8 * 60)));
    EXPECT_FALSE(lc_test::slot_set(slots, slot_of(Weekday::thu, 8 * 60 + 15)));
    EXPECT_EQ(count_slots(local_slots({})), 0);
}

TEST(LocalSlots, NoBitsBeyondTheWeek) {
    const TimeWindow w[] = {window(Weekday::mon, "00:00", "24:00"), window(Weekday::tue, "00:00", "24:00"),
                            window(Weekday::wed, "00:00", "24:00"), window(Weekday::thu, "00:00", "24:00"),
                            window(Weekday::fri, "00:00", "24:00"), window(Weekday::sat, "00:00", "24:00"),
                            window(Weekday::sun, "00:00", "24:00")};
    const auto slots = local_slots(w);
    EXPECT_EQ(count_slots(slots), slots_per_week);
    EXPECT_EQ(slots[week_words - 1] >> (slots_per_week % 64), 0U);
}

// --- dates --------------------------------------------------------------------------------

TEST(Dates, WeekStartIsMonday) {
    EXPECT_EQ(week_start(ymd(2026, 3, 11)), ymd(2026, 3, 9));  // Wednesday
    EXPECT_EQ(week_start(ymd(2026, 3, 9)), ymd(2026, 3, 9));   // Monday
    EXPECT_EQ(week_start(ymd(2026, 3, 15)), ymd(2026, 3, 9));  // Sunday
    EXPECT_EQ(week_start(ymd(2026, 1, 1)), ymd(2025, 12, 29)); // across a year
    EXPECT_EQ(week_start(ymd(1970, 1, 1)), ymd(1969, 12, 29)); // before the epoch's Monday
}

TEST(Dates, CurrentWeekIsAMondayNearToday) {
    const sys_days monday = current_week();
    EXPECT_EQ(weekday{monday}, Monday);
    const auto today = floor<days>(system_clock::now());
    EXPECT_LE(monday, today);
    EXPECT_GT(monday + days(7), today);
}

TEST(Dates, ParseAndFormat) {
    EXPECT_EQ(parse_date("2026-03-08"), ymd(2026, 3, 8));
    EXPECT_EQ(parse_date("2024-02-29"), ymd(2024, 2, 29));
    EXPECT_EQ(parse_date("2000-01-01"), ymd(2000, 1, 1));
    EXPECT_EQ(format_date(ymd(2026, 3, 8)), "2026-03-08");
    EXPECT_EQ(format_date(ymd(2023, 12, 31)), "2023-12-31");
    for (const char* bad : {"2026-02-30", "2025-02-29", "2026-13-01", "2026-00-10", "2026-01-32",
                            "26-03-08", "2026/03/08", "", "yesterday", "2026-03-08T10:00"}) {
        EXPECT_EQ(parse_date(bad), std::nullopt) << bad;
    }
}

// --- time zones ---------------------------------------------------------------------------

TEST(TimeZones, IsTimeZone) {
    EXPECT_TRUE(is_time_zone("Europe/Berlin"));
    EXPECT_TRUE(is_time_zone("Asia/Kathmandu"));
    EXPECT_TRUE(is_time_zone("UTC"));
    EXPECT_TRUE(is_time_zone("Asia/Calcutta"));  // a link
    EXPECT_FALSE(is_time_zone("Mars/Olympus_Mons"));
    EXPECT_FALSE(is_time_zone(""));
    EXPECT_FALSE(is_time_zone("GMT+25"));
}

TEST(TimeZones, UtcOffsets) {
    EXPECT_EQ(utc_offset_minutes("Asia/Kolkata", at(2026, 1, 15)), 330);
    EXPECT_EQ(utc_offset_minutes("Asia/Kathmandu", at(2026, 7, 15)), 345);
    EXPECT_EQ(utc_offset_minutes("Europe/Berlin", at(2026, 1, 15)), 60);
    EXPECT_EQ(utc_offset_minutes("Europe/Berlin", at(2026, 7, 15)), 120);
    EXPECT_EQ(utc_offset_minutes("America/New_York", at(2026, 1, 15)), -300);
    EXPECT_EQ(utc_offset_minutes("America/New_York", at(2026, 3, 10)), -240);
    EXPECT_EQ(utc_offset_minutes("UTC", at(2026, 7, 15)), 0);
}

TEST(TimeZones, UtcOffsetAroundTheUsChange) {
    // US DST began 2026-03-08 at 02:00 EST = 07:00 UTC.
    const sys_seconds change = sys_seconds{ymd(2026, 3, 8)} + hours(7);
    EXPECT_EQ(utc_offset_minutes("America/New_York", change - seconds(1)), -300);
    EXPECT_EQ(utc_offset_minutes("America/New_York", change), -240);
}

TEST(TimeZones, MexicoCityHasNoDstIn2026) {
    // Mexico abolished DST in 2022: UTC−6 all year.
    for (unsigned month = 1; month <= 12; ++month) {
        EXPECT_EQ(utc_offset_minutes("America/Mexico_City", at(2026, month, 15)), -360) << month;
    }
}

TEST(TimeZones, AlmatyIsUtcPlus5In2026) {
    // Kazakhstan unified on UTC+5 on 2024-03-01.
    EXPECT_EQ(utc_offset_minutes("Asia/Almaty", at(2026, 1, 15)), 300);
    EXPECT_EQ(utc_offset_minutes("Asia/Almaty", at(2026, 7, 15)), 300);
    EXPECT_EQ(utc_offset_minutes("Asia/Almaty", at(2023, 7, 15)), 360);
}

TEST(TimeZones, AsuncionIsUtcMinus3In2026) {
    // Paraguay adopted permanent UTC−3 in October 2024. Checked against this machine's tz
    // database (tzdata 2026f): `zdump -v America/Asuncion` lists no transition in 2026, the
    // last one being 2024-10-15 00:00 local to -03 with isdst=0.
    for (unsigned month : {1U, 4U, 7U, 10U, 12U}) {
        EXPECT_EQ(utc_offset_minutes("America/Asuncion", at(2026, month, 15)), -180) << month;
    }
}

TEST(TimeZones, UnknownZoneIsNotFound) {
    auto e = capture<NotFoundError>([] { (void)utc_offset_minutes("Mars/Olympus_Mons", at(2026, 1, 1)); });
    ASSERT_TRUE(e);
    EXPECT_EQ(e->key(), "Mars/Olympus_Mons");
}

// --- WeekConverter ------------------------------------------------------------------------

TEST(WeekConverter, WeekIsTheMonday) {
    WeekConverter conv(ymd(2026, 3, 11));
    EXPECT_EQ(conv.week(), ymd(2026, 3, 9));
}

TEST(WeekConverter, UtcIsTheLocalWeek) {
    WeekConverter conv(ymd(2026, 3, 11));
    const TimeWindow w[] = {window(Weekday::mon, "09:00", "10:30"), window(Weekday::sun, "23:00", "01:00")};
    EXPECT_EQ(conv.to_utc(w, "UTC"), local_slots(w));
    EXPECT_EQ(count_slots(conv.to_utc({}, "Europe/Berlin")), 0);
}

TEST(WeekConverter, KolkataHalfHourIsExact) {
    WeekConverter conv(ymd(2026, 2, 2));
    const TimeWindow w[] = {window(Weekday::mon, "09:00", "10:00")};
    // 09:00 IST = 03:30 UTC
    EXPECT_EQ(set_slots(conv.to_utc(w, "Asia/Kolkata")), slot_range(slot_of(Weekday::mon, 3 * 60 + 30), 4));
}

TEST(WeekConverter, KathmanduQuarterHourIsExact) {
    WeekConverter conv(ymd(2026, 2, 2));
    const TimeWindow w[] = {window(Weekday::mon, "09:00", "10:00")};
    // 09:00 NPT = 03:15 UTC
    EXPECT_EQ(set_slots(conv.to_utc(w, "Asia/Kathmandu")), slot_range(slot_of(Weekday::mon, 3 * 60 + 15), 4));
    const TimeWindow w2[] = {window(Weekday::wed, "06:45", "08:00")};
    // 06:45 NPT = 01:00 UTC
    EXPECT_EQ(set_slots(conv.to_utc(w2, "Asia/Kathmandu")), slot_range(slot_of(Weekday::wed, 60), 5));
}

TEST(WeekConverter, BerlinAndNewYorkSixHoursApartInANormalWeek) {
    WeekConverter conv(ymd(2026, 2, 2));
    const TimeWindow w[] = {window(Weekday::mon, "12:00", "13:00")};
    const auto berlin = set_slots(conv.to_utc(w, "Europe/Berlin"));
    const auto new_york = set_slots(conv.to_utc(w, "America/New_York"));
    EXPECT_EQ(berlin, slot_range(slot_of(Weekday::mon, 11 * 60), 4));
    EXPECT_EQ(new_york, slot_range(slot_of(Weekday::mon, 17 * 60), 4));
    ASSERT_FALSE(berlin.empty());
    ASSERT_FALSE(new_york.empty());
    EXPECT_EQ(new_york.front() - berlin.front(), 6 * 4);
}

TEST(WeekConverter, BerlinAndNewYorkFiveHoursApartAfterUsChange) {
    // US DST began 2026-03-08, the EU's begins 2026-03-29.
    WeekConverter conv(ymd(2026, 3, 9));
    const TimeWindow w[] = {window(Weekday::mon, "12:00", "13:00")};
    const auto berlin = set_slots(conv.to_utc(w, "Europe/Berlin"));
    const auto new_york = set_slots(conv.to_utc(w, "America/New_York"));
    EXPECT_EQ(berlin, slot_range(slot_of(Weekday::mon, 11 * 60), 4));
    EXPECT_EQ(new_york, slot_range(slot_of(Weekday::mon, 16 * 60), 4));
    ASSERT_FALSE(berlin.empty());
    ASSERT_FALSE(new_york.empty());
    EXPECT_EQ(new_york.front() - berlin.front(), 5 * 4);

    // and six hours again once Europe has changed too
    WeekConverter april(ymd(2026, 4, 1));
    const auto berlin_apr = set_slots(april.to_utc(w, "Europe/Berlin"));
    const auto new_york_apr = set_slots(april.to_utc(w, "America/New_York"));
    EXPECT_EQ(berlin_apr, slot_range(slot_of(Weekday::mon, 10 * 60), 4));
    EXPECT_EQ(new_york_apr, slot_range(slot_of(Weekday::mon, 16 * 60), 4));
}

TEST(WeekConverter, MexicoCityIsUtcMinus6AllYear) {
    const TimeWindow w[] = {window(Weekday::mon, "10:00", "11:00")};
    for (auto day : {ymd(2026, 1, 7), ymd(2026, 4, 8), ymd(2026, 7, 8), ymd(2026, 10, 28)}) {
        WeekConverter conv(day);
        EXPECT_EQ(set_slots(conv.to_utc(w, "America/Mexico_City")), slot_range(slot_of(Weekday::mon, 16 * 60), 4))
            << format_date(day);
    }
}

TEST(WeekConverter, AlmatyIsUtcPlus5) {
    WeekConverter conv(ymd(2026, 6, 3));
    const TimeWindow w[] = {window(Weekday::mon, "10:00", "11:00")};
    EXPECT_EQ(set_slots(conv.to_utc(w, "Asia/Almaty")), slot_range(slot_of(Weekday::mon, 5 * 60), 4));
}

TEST(WeekConverter, AsuncionIsUtcMinus3) {
    // See TimeZones.AsuncionIsUtcMinus3In2026 for the tz database check.
    const TimeWindow w[] = {window(Weekday::mon, "10:00", "11:00")};
    for (auto day : {ymd(2026, 1, 7), ymd(2026, 7, 8)}) {
        WeekConverter conv(day);
        EXPECT_EQ(set_slots(conv.to_utc(w, "America/Asuncion")), slot_range(slot_of(Weekday::mon, 13 * 60), 4))
            << format_date(day);
    }
}

TEST(WeekConverter, SpringForwardSkipsTheMissingHour) {
    // Berlin, Sunday 2026-03-29: 02:00 CET jumps to 03:00 CEST. A 01:00–04:00 window holds
    // only two real hours: 01:00–02:00 CET (00:00–01:00 UTC) and 03:00–04:00 CEST (01:00–02:00 UTC).
    WeekConverter conv(ymd(2026, 3, 23));
    const TimeWindow w[] = {window(Weekday::sun, "01:00", "04:00")};
    const auto slots = conv.to_utc(w, "Europe/Berlin");
    EXPECT_EQ(count_slots(slots), 8);
    EXPECT_EQ(set_slots(slots), slot_range(slot_of(Weekday::sun, 0), 8));
}

TEST(WeekConverter, FallBackCountsTheRepeatedHourTwice) {
    // Berlin, Sunday 2026-10-25: 03:00 CEST goes back to 02:00 CET. 01:00 CEST = Sat 23:00 UTC,
    // 04:00 CET = Sun 03:00 UTC: four real hours.
    WeekConverter conv(ymd(2026, 10, 19));
    const TimeWindow w[] = {window(Weekday::sun, "01:00", "04:00")};
    const auto slots = conv.to_utc(w, "Europe/Berlin");
    EXPECT_EQ(count_slots(slots), 16);
    EXPECT_EQ(set_slots(slots), slot_range(slot_of(Weekday::sat, 23 * 60), 16));
}

TEST(WeekConverter, WindowsWrapAroundTheUtcWeek) {
    // Tokyo is UTC+9: Monday 08:00–10:00 JST is Sunday 23:00 – Monday 01:00 UTC.
    WeekConverter conv(ymd(2026, 2, 2));
    const TimeWindow w[] = {window(Weekday::mon, "08:00", "10:00")};
    EXPECT_EQ(set_slots(conv.to_utc(w, "Asia/Tokyo")), slot_range(slot_of(Weekday::sun, 23 * 60), 8));
    // Honolulu is UTC−10: Sunday 20:00–22:00 HST is Monday 06:00–08:00 UTC.
    const TimeWindow w2[] = {window(Weekday::sun, "20:00", "22:00")};
    EXPECT_EQ(set_slots(conv.to_utc(w2, "Pacific/Honolulu")), slot_range(slot_of(Weekday::mon, 6 * 60), 8));
}

TEST(WeekConverter, UnknownZoneIsNotFound) {
    WeekConverter conv(ymd(2026, 2, 2));
    const TimeWindow w[] = {window(Weekday::mon, "08:00", "10:00")};
    auto e = capture<NotFoundError>([&] { (void)conv.to_utc(w, "Mars/Olympus_Mons"); });
    ASSERT_TRUE(e);
    EXPECT_EQ(e->key(), "Mars/Olympus_Mons");
    // the converter still works afterwards
    EXPECT_EQ(count_slots(conv.to_utc(w, "Asia/Tokyo")), 8);
}

TEST(WeekConverter, MovedConverterKeepsWorking) {
    WeekConverter a(ymd(2026, 3, 9));
    const TimeWindow w[] = {window(Weekday::mon, "12:00", "13:00")};
    const auto before = a.to_utc(w, "America/New_York");
    WeekConverter b(std::move(a));
    EXPECT_EQ(b.week(), ymd(2026, 3, 9));
    EXPECT_EQ(b.to_utc(w, "America/New_York"), before);
    WeekConverter c(ymd(2026, 1, 5));
    c = std::move(b);
    EXPECT_EQ(c.week(), ymd(2026, 3, 9));
    EXPECT_EQ(c.to_utc(w, "America/New_York"), before);
}

TEST(WeekConverter, MatchesSlowReferenceAcrossZonesAndTransitions) {
    const TimeWindow windows[] = {
        window(Weekday::mon, "00:00", "03:15"), window(Weekday::tue, "09:30", "11:45"),
        window(Weekday::wed, "22:00", "02:00"), window(Weekday::fri, "18:00", "24:00"),
        window(Weekday::sat, "01:00", "04:00"), window(Weekday::sun, "00:45", "04:30"),
        window(Weekday::sun, "21:00", "01:30")};
    const char* zones[] = {"UTC",           "Europe/Berlin",    "America/New_York", "Asia/Kolkata",
                           "Asia/Kathmandu", "Australia/Lord_Howe", "Pacific/Chatham", "America/St_Johns",
                           "Africa/Casablanca", "America/Asuncion", "Pacific/Kiritimati", "Pacific/Pago_Pago",
                           "America/Mexico_City", "Asia/Almaty", "Australia/Sydney", "Europe/London"};
    const sys_days weeks[] = {ymd(2026, 2, 2),  ymd(2026, 2, 9),  ymd(2026, 3, 2),  ymd(2026, 3, 9),
                              ymd(2026, 3, 16), ymd(2026, 3, 23), ymd(2026, 3, 30), ymd(2026, 6, 15),
                              ymd(2026, 9, 21), ymd(2026, 9, 28), ymd(2026, 10, 19), ymd(2026, 10, 26)};
    for (auto week : weeks) {
        WeekConverter conv(week);
        for (const char* zone : zones) {
            const auto got = conv.to_utc(windows, zone);
            const auto want = reference_to_utc(windows, zone, week);
            EXPECT_EQ(set_slots(got), set_slots(want)) << zone << " week of " << format_date(week);
            // one window at a time as well: the union of the parts is the whole
            WeekSlots parts{};
            for (const auto& w : windows) {
                const auto one = conv.to_utc(std::span<const TimeWindow>(&w, 1), zone);
                for (std::size_t k = 0; k < parts.size(); ++k) parts[k] |= one[k];
            }
            EXPECT_EQ(parts, got) << zone << " week of " << format_date(week);
        }
    }
}
