// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
// Tests of letsconnect/schedule.hpp: plan_clinic() on a hand-worked day (ten invented people in
// eight time zones, half- and quarter-hour zones, a window past midnight), across the 2026 US and
// EU daylight-saving changes (and in the skipped and repeated hours), pairs of times against a
// brute force, random audiences against an independent reference (every quarter hour converted
// with utc_offset_minutes()), coverage(), the errors; language_groups() on a hand-worked
// audience, against a brute force over every set of languages, and its errors.

#include "test_helpers.hpp"

#include "letsconnect/schedule.hpp"

#include <cmath>
#include <limits>
#include <map>
#include <set>

using namespace letsconnect;
using lc_test::capture;
using lc_test::dump;
using lc_test::has_problem;
using lc_test::iso;
using lc_test::utc;
using lc_test::ymd;

namespace {

using std::chrono::sys_days;
using std::chrono::sys_seconds;

Profile person(std::string username, std::string country, std::string zone, std::vector<TimeWindow> windows,
               std::vector<LanguageLevel> languages = {{"en", 4}}) {
    Profile p;
    p.username = std::move(username);
    p.country = std::move(country);
    p.timezone = std::move(zone);
    p.availability = std::move(windows);
    p.languages = std::move(languages);
    return p;
}

constexpr std::uint16_t hm(int h, int m = 0) { return static_cast<std::uint16_t>(h * 60 + m); }

/// The same local window every day of the week.
std::vector<TimeWindow> daily(std::uint16_t start, std::uint16_t end) {
    std::vector<TimeWindow> out;
    for (int d = 0; d < 7; ++d) out.push_back({static_cast<Weekday>(d), start, end});
    return out;
}

std::vector<ProfileIndex> everybody(const Directory& dir) {
    std::vector<ProfileIndex> out(dir.size());
    for (ProfileIndex i = 0; i < dir.size(); ++i) out[i] = i;
    return out;
}

std::string describe(const std::vector<SlotCoverage>& slots) {
    std::ostringstream out;
    for (const auto& s : slots) out << "\n  " << iso(s.start) << " " << s.available;
    return out.str();
}
std::string describe(const std::vector<PairCoverage>& pairs) {
    std::ostringstream out;
    for (const auto& p : pairs)
        out << "\n  " << iso(p.first.start) << " (" << p.first.available << ") + " << iso(p.second.start) << " ("
            << p.second.available << ") = " << p.covered;
    return out.str();
}
std::string describe(const std::vector<GroupCoverage>& groups) {
    std::ostringstream out;
    for (const auto& g : groups) out << "\n  '" << g.group << "' " << g.covered << "/" << g.audience;
    return out.str();
}

// --- the independent reference ---------------------------------------------------------------

bool window_covers(const TimeWindow& w, int day, int minute) {
    const int d = static_cast<int>(w.day);
    if (w.end > w.start) return day == d && minute >= w.start && minute < w.end;
    return (day == d && minute >= w.start) || (day == (d + 1) % 7 && minute < w.end);
}

/// Whether `p` can attend all of a clinic at `start`: every quarter hour of it, converted to the
/// person's local time at that very instant, falls in one of their weekly windows.
bool reference_available(const Profile& p, sys_seconds start, int duration_minutes) {
    if (p.availability.empty() || p.timezone.empty()) return false;
    for (int q = 0; q < duration_minutes; q += slot_minutes) {
        const sys_seconds t = start + std::chrono::minutes(q);
        const sys_seconds local = t + std::chrono::minutes(utc_offset_minutes(p.timezone, t));
        const sys_days day = std::chrono::floor<std::chrono::days>(local);
        const int weekday = static_cast<int>(std::chrono::weekday(day).iso_encoding()) - 1;
        const auto minute = static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(local - sys_seconds(day)).count());
        if (std::none_of(p.availability.begin(), p.availability.end(),
                         [&](const TimeWindow& w) { return window_covers(w, weekday, minute); }))
            return false;
    }
    return true;
}

std::vector<sys_seconds> candidate_starts(sys_days first, sys_days last, int step) {
    std::vector<sys_seconds> out;
    for (sys_seconds t{first}; t < sys_seconds(last + std::chrono::days(1)); t += std::chrono::minutes(step)) out.push_back(t);
    return out;
}

/// who[k][i]: audience member i can attend a clinic at starts[k].
std::vector<std::vector<bool>> reference_who(const Directory& dir, const std::vector<ProfileIndex>& audience,
                                             const std::vector<sys_seconds>& starts, int duration) {
    std::vector<std::vector<bool>> who(starts.size(), std::vector<bool>(audience.size(), false));
    for (std::size_t i = 0; i < audience.size(); ++i)
        for (std::size_t k = 0; k < starts.size(); ++k) who[k][i] = reference_available(dir.profile(audience[i]), starts[k], duration);
    return who;
}

std::vector<SlotCoverage> reference_slots(const std::vector<sys_seconds>& starts, const std::vector<std::vector<bool>>& who) {
    std::vector<SlotCoverage> out;
    for (std::size_t k = 0; k < starts.size(); ++k)
        out.push_back({starts[k], static_cast<std::size_t>(std::count(who[k].begin(), who[k].end(), true))});
    std::stable_sort(out.begin(), out.end(), [](const SlotCoverage& a, const SlotCoverage& b) { return a.available > b.available; });
    return out;
}

/// Every pair of distinct starts, best first (most covered, then earliest first start, then
/// earliest second start).
std::vector<PairCoverage> reference_pairs(const std::vector<sys_seconds>& starts, const std::vector<std::vector<bool>>& who) {
    std::vector<PairCoverage> out;
    std::vector<std::size_t> count(starts.size());
    for (std::size_t k = 0; k < starts.size(); ++k) count[k] = static_cast<std::size_t>(std::count(who[k].begin(), who[k].end(), true));
    for (std::size_t a = 0; a < starts.size(); ++a)
        for (std::size_t b = a + 1; b < starts.size(); ++b) {
            std::size_t covered = 0;
            for (std::size_t i = 0; i < who[a].size(); ++i) covered += who[a][i] || who[b][i];
            out.push_back({{starts[a], count[a]}, {starts[b], count[b]}, covered});
        }
    std::stable_sort(out.begin(), out.end(), [](const PairCoverage& x, const PairCoverage& y) { return x.covered > y.covered; });
    return out;
}

/// Per region and per time zone, audience and covered, largest first then by name.
std::pair<std::vector<GroupCoverage>, std::vector<GroupCoverage>> reference_groups(const Directory& dir,
                                                                                   const std::vector<ProfileIndex>& audience,
                                                                                   const std::vector<bool>& covered) {
    std::map<std::string, GroupCoverage> regions, zones;
    for (std::size_t i = 0; i < audience.size(); ++i) {
        const Profile& p = dir.profile(audience[i]);
        const std::string region = p.region == Region::Unknown ? "" : std::string(to_string(p.region));
        for (auto [groups, key] : {std::pair{&regions, region}, std::pair{&zones, p.timezone}}) {
            auto& g = (*groups)[key];
            g.group = key;
            ++g.audience;
            g.covered += covered[i];
        }
    }
    auto sorted = [](const std::map<std::string, GroupCoverage>& m) {
        std::vector<GroupCoverage> out;
        for (const auto& [k, g] : m) out.push_back(g);
        std::stable_sort(out.begin(), out.end(), [](const GroupCoverage& a, const GroupCoverage& b) { return a.audience > b.audience; });
        return out;
    };
    return {sorted(regions), sorted(zones)};
}

// --- the hand-worked day ------------------------------------------------------------------------------

/// Ten invented people and their windows for Wednesday 2026-06-10 (no DST change anywhere near;
/// New York on EDT, UTC−4; Berlin on CEST, UTC+2; Mexico City UTC−6 all year since 2022; Lima
/// UTC−5; Auckland on NZST, UTC+12; Kolkata UTC+5:30; Kathmandu UTC+5:45).
Directory hand_worked_directory() {
    using W = Weekday;
    return Directory(
        {
            // Lagos (UTC+1), Wed 17:00–21:00 local = 16:00–20:00 UTC.
            person("Adaeze Okafor", "NG", "Africa/Lagos", {{W::wed, hm(17), hm(21)}}),
            // Lagos, Wed 18:30–21:30 local = 17:30–20:30 UTC.
            person("Babatunde Ige", "NG", "Africa/Lagos", {{W::wed, hm(18, 30), hm(21, 30)}}),
            // Mexico City (UTC−6), Wed 10:00–14:00 local = 16:00–20:00 UTC.
            person("Carmen Ruiz", "MX", "America/Mexico_City", {{W::wed, hm(10), hm(14)}}),
            // New York (EDT, UTC−4), Wed 13:00–16:00 local = 17:00–20:00 UTC.
            person("Dana Brooks", "US", "America/New_York", {{W::wed, hm(13), hm(16)}}),
            // Kolkata (UTC+5:30), Wed 21:30–24:00 local = 16:00–18:30 UTC.
            person("Ishita Rao", "IN", "Asia/Kolkata", {{W::wed, hm(21, 30), hm(24)}}),
            // Berlin (CEST, UTC+2), Wed 19:00–22:00 local = 17:00–20:00 UTC.
            person("Hanna Vogel", "DE", "Europe/Berlin", {{W::wed, hm(19), hm(22)}}),
            // Kathmandu (UTC+5:45), Wed 22:15 – Thu 01:15 local (past midnight) = Wed 16:30–19:30 UTC.
            person("Sushila Shrestha", "NP", "Asia/Kathmandu", {{W::wed, hm(22, 15), hm(1, 15)}}),
            // Lima (UTC−5), Wed 19:00–21:00 local = Thu 00:00–02:00 UTC: not on Wednesday (UTC).
            person("Lucía Paredes", "PE", "America/Lima", {{W::wed, hm(19), hm(21)}}),
            // No availability given (and no time zone).
            person("Kwame Asante", "GH", "", {}),
            // No country (region unknown); Auckland (NZST, UTC+12), Thu 04:00–06:00 local = Wed
            // 16:00–18:00 UTC.
            person("Tomasi Vake", "", "Pacific/Auckland", {{W::thu, hm(4), hm(6)}}),
        },
        nullptr, ymd(2026, 6, 8));
}

// 120-minute clinics starting every 30 minutes on 2026-06-10 (UTC). A person can start at t
// when [t, t+2h) lies inside their UTC window:
//   Adaeze   16:00–20:00 → 16:00 16:30 17:00 17:30 18:00
//   Babatunde 17:30–20:30 → 17:30 18:00 18:30
//   Carmen   16:00–20:00 → 16:00 16:30 17:00 17:30 18:00
//   Dana     17:00–20:00 → 17:00 17:30 18:00
//   Ishita   16:00–18:30 → 16:00 16:30
//   Hanna    17:00–20:00 → 17:00 17:30 18:00
//   Sushila  16:30–19:30 → 16:30 17:00 17:30
//   Lucía    (Thursday UTC) → none;  Kwame (no availability) → none
//   Tomasi   16:00–18:00 → 16:00
// Counts: 16:00 A C I T = 4; 16:30 A C I S = 4; 17:00 A C D H S = 5; 17:30 A B C D H S = 6;
//         18:00 A B C D H = 5; 18:30 B = 1; every other start 0.
// Best first, ties earliest first: 17:30 (6), 17:00 (5), 18:00 (5), 16:00 (4), 16:30 (4), 18:30 (1).

}  // namespace

TEST(PlanHandWorked, SingleTimes) {
    const Directory dir = hand_worked_directory();
    PlanQuery q;
    q.audience = everybody(dir);
    q.first_day = q.last_day = ymd(2026, 6, 10);
    q.top = 6;
    const ClinicPlan plan = plan_clinic(dir, q);
    EXPECT_EQ(plan.audience, 10U);
    EXPECT_EQ(plan.without_availability, 1U);  // Kwame
    EXPECT_TRUE(plan.pairs.empty());
    const std::vector<SlotCoverage> expected{{utc(2026, 6, 10, 17, 30), 6}, {utc(2026, 6, 10, 17, 0), 5},
                                             {utc(2026, 6, 10, 18, 0), 5},  {utc(2026, 6, 10, 16, 0), 4},
                                             {utc(2026, 6, 10, 16, 30), 4}, {utc(2026, 6, 10, 18, 30), 1}};
    EXPECT_EQ(plan.slots, expected) << describe(plan.slots);

    // Coverage of 17:30 (Adaeze, Babatunde, Carmen, Dana, Hanna, Sushila):
    //   SSA (Adaeze, Babatunde, Kwame) 2/3; LAC (Carmen, Lucía) 1/2; SA (Ishita, Sushila) 1/2;
    //   unknown (Tomasi) 0/1; NA (Dana) 1/1; NWE (Hanna) 1/1 — by audience, then name.
    const std::vector<GroupCoverage> regions{{"SSA", 3, 2}, {"LAC", 2, 1}, {"SA", 2, 1},
                                             {"", 1, 0},    {"NA", 1, 1},  {"NWE", 1, 1}};
    EXPECT_EQ(plan.by_region, regions) << describe(plan.by_region);
    const std::vector<GroupCoverage> zones{{"Africa/Lagos", 2, 2},       {"", 1, 0},
                                           {"America/Lima", 1, 0},       {"America/Mexico_City", 1, 1},
                                           {"America/New_York", 1, 1},   {"Asia/Kathmandu", 1, 1},
                                           {"Asia/Kolkata", 1, 0},       {"Europe/Berlin", 1, 1},
                                           {"Pacific/Auckland", 1, 0}};
    EXPECT_EQ(plan.by_time_zone, zones) << describe(plan.by_time_zone);

    // top 3: the first three of the same ranking.
    q.top = 3;
    EXPECT_EQ(plan_clinic(dir, q).slots, std::vector<SlotCoverage>(expected.begin(), expected.begin() + 3));
    // Whatever else is returned past the six non-zero starts is nobody's time.
    q.top = 20;
    const auto many = plan_clinic(dir, q).slots;
    ASSERT_GE(many.size(), 6U);
    EXPECT_EQ(std::vector<SlotCoverage>(many.begin(), many.begin() + 6), expected);
    for (std::size_t k = 6; k < many.size(); ++k) EXPECT_EQ(many[k].available, 0U) << iso(many[k].start);
}

TEST(PlanHandWorked, ShorterClinicsAndOtherSteps) {
    const Directory dir = hand_worked_directory();
    PlanQuery q;
    q.audience = everybody(dir);
    q.first_day = q.last_day = ymd(2026, 6, 10);
    // 60 minutes on the hour: Babatunde (17:30–20:30) can start at 18:00 and 19:00, Sushila
    // (16:30–19:30) at 17:00 and 18:00, Ishita (16:00–18:30) and Tomasi (16:00–18:00) at 16:00
    // and 17:00:
    //   16:00 A C I T = 4; 17:00 A C D H S I T = 7; 18:00 A B C D H S = 6; 19:00 A B C D H = 5.
    q.duration_minutes = 60;
    q.step_minutes = 60;
    q.top = 4;
    const std::vector<SlotCoverage> hourly{{utc(2026, 6, 10, 17, 0), 7}, {utc(2026, 6, 10, 18, 0), 6},
                                           {utc(2026, 6, 10, 19, 0), 5}, {utc(2026, 6, 10, 16, 0), 4}};
    EXPECT_EQ(plan_clinic(dir, q).slots, hourly) << describe(plan_clinic(dir, q).slots);
    // 180 minutes every 15: Adaeze and Carmen (16:00–20:00) can start at 16:00 … 17:00, Babatunde
    // at 17:30, Dana and Hanna at 17:00, Sushila at 16:30; Ishita and Tomasi never:
    //   16:00 A C = 2; 16:15 A C = 2; 16:30 A C S = 3; 16:45 A C = 2; 17:00 A C D H = 4;
    //   17:15 nobody; 17:30 B = 1.
    q.duration_minutes = 180;
    q.step_minutes = 15;
    q.top = 6;
    const std::vector<SlotCoverage> long_ones{{utc(2026, 6, 10, 17, 0), 4},  {utc(2026, 6, 10, 16, 30), 3},
                                              {utc(2026, 6, 10, 16, 0), 2},  {utc(2026, 6, 10, 16, 15), 2},
                                              {utc(2026, 6, 10, 16, 45), 2}, {utc(2026, 6, 10, 17, 30), 1}};
    EXPECT_EQ(plan_clinic(dir, q).slots, long_ones) << describe(plan_clinic(dir, q).slots);
}

TEST(PlanHandWorked, AudienceFromAFilter) {
    const Directory dir = hand_worked_directory();
    PlanQuery q;
    q.filter.regions = {"SSA"};  // Adaeze, Babatunde, Kwame
    q.first_day = q.last_day = ymd(2026, 6, 10);
    q.top = 6;
    const ClinicPlan plan = plan_clinic(dir, q);
    EXPECT_EQ(plan.audience, 3U);
    EXPECT_EQ(plan.without_availability, 1U);
    const std::vector<SlotCoverage> expected{{utc(2026, 6, 10, 17, 30), 2}, {utc(2026, 6, 10, 18, 0), 2},
                                             {utc(2026, 6, 10, 16, 0), 1},  {utc(2026, 6, 10, 16, 30), 1},
                                             {utc(2026, 6, 10, 17, 0), 1},  {utc(2026, 6, 10, 18, 30), 1}};
    EXPECT_EQ(plan.slots, expected) << describe(plan.slots);
    EXPECT_EQ(plan.by_region, (std::vector<GroupCoverage>{{"SSA", 3, 2}}));
    EXPECT_EQ(plan.by_time_zone, (std::vector<GroupCoverage>{{"Africa/Lagos", 2, 2}, {"", 1, 0}}));

    // An audience given but empty plans nothing (it is not "everybody in the filter").
    PlanQuery nobody = q;
    nobody.audience = std::vector<ProfileIndex>{};
    const ClinicPlan empty = plan_clinic(dir, nobody);
    EXPECT_EQ(empty.audience, 0U);
    EXPECT_EQ(empty.without_availability, 0U);
    EXPECT_TRUE(empty.slots.empty());
    EXPECT_TRUE(empty.by_region.empty());
    EXPECT_TRUE(empty.by_time_zone.empty());
    // No audience and no filter: everybody.
    PlanQuery all = q;
    all.filter = {};
    EXPECT_EQ(plan_clinic(dir, all).audience, 10U);
    EXPECT_EQ(plan_clinic(dir, all).slots.front(), (SlotCoverage{utc(2026, 6, 10, 17, 30), 6}));

    PlanQuery unknown = q;
    unknown.filter.shares = {"underwater-basket-weaving"};
    EXPECT_THROW((void)plan_clinic(dir, unknown), NotFoundError);
}

TEST(PlanHandWorked, Pairs) {
    // The pairs on the same day: 17:30 covers six; adding 16:00 brings Ishita and Tomasi (8), and
    // no other pair reaches 8 (only 16:00 has Tomasi; without 17:30, Babatunde needs 18:00 or
    // 18:30, Sushila 16:30–17:30...). Pairs covering 7, in order of their starts:
    //   16:00 + 17:00 (A C I T + D H S), 16:00 + 18:00 (A C I T + B D H),
    //   16:30 + 17:30 (A C I S + B D H), 16:30 + 18:00 (A C I S + B D H).
    const Directory dir = hand_worked_directory();
    PlanQuery q;
    q.audience = everybody(dir);
    q.first_day = q.last_day = ymd(2026, 6, 10);
    q.split = 2;
    q.top = 5;
    const ClinicPlan plan = plan_clinic(dir, q);
    EXPECT_TRUE(plan.slots.empty());
    auto at = [](int h, int m, std::size_t n) { return SlotCoverage{utc(2026, 6, 10, h, m), n}; };
    const std::vector<PairCoverage> expected{{at(16, 0, 4), at(17, 30, 6), 8},
                                             {at(16, 0, 4), at(17, 0, 5), 7},
                                             {at(16, 0, 4), at(18, 0, 5), 7},
                                             {at(16, 30, 4), at(17, 30, 6), 7},
                                             {at(16, 30, 4), at(18, 0, 5), 7}};
    EXPECT_EQ(plan.pairs, expected) << describe(plan.pairs);
    // Covered by 16:00 or 17:30: everybody but Lucía and Kwame.
    const std::vector<GroupCoverage> regions{{"SSA", 3, 2}, {"LAC", 2, 1}, {"SA", 2, 2},
                                             {"", 1, 1},    {"NA", 1, 1},  {"NWE", 1, 1}};
    EXPECT_EQ(plan.by_region, regions) << describe(plan.by_region);
    ASSERT_FALSE(plan.by_time_zone.empty());
    EXPECT_EQ(plan.by_time_zone.front(), (GroupCoverage{"Africa/Lagos", 2, 2}));
    std::size_t covered = 0;
    for (const auto& g : plan.by_time_zone) covered += g.covered;
    EXPECT_EQ(covered, 8U);
}

TEST(ScheduleCoverage, OfGivenStarts) {
    const Directory dir = hand_worked_directory();
    const auto audience = everybody(dir);
    const std::vector<sys_seconds> one{utc(2026, 6, 10, 17, 30)};
    const auto [regions, zones] = coverage(dir, audience, one);
    EXPECT_EQ(regions, (std::vector<GroupCoverage>{{"SSA", 3, 2}, {"LAC", 2, 1}, {"SA", 2, 1}, {"", 1, 0}, {"NA", 1, 1}, {"NWE", 1, 1}}));
    EXPECT_EQ(zones.front(), (GroupCoverage{"Africa/Lagos", 2, 2}));

    // Lucía (Thursday 00:00–02:00 UTC) joins at midnight after the 17:30 clinic, on another day.
    const std::vector<sys_seconds> two_days{utc(2026, 6, 10, 17, 30), utc(2026, 6, 11, 0, 0)};
    const auto [regions2, zones2] = coverage(dir, audience, two_days);
    EXPECT_EQ(regions2[1], (GroupCoverage{"LAC", 2, 2})) << describe(regions2);

    // A 60-minute clinic at 18:30 has Babatunde, Sushila (to 19:30), Adaeze, Carmen, Dana, Hanna.
    const std::vector<sys_seconds> late{utc(2026, 6, 10, 18, 30)};
    const auto [regions3, zones3] = coverage(dir, audience, late, 60);
    std::size_t covered = 0;
    for (const auto& g : regions3) covered += g.covered;
    EXPECT_EQ(covered, 6U) << describe(regions3);

    // No start: everybody counted, nobody covered.
    const auto [regions4, zones4] = coverage(dir, audience, std::span<const sys_seconds>{});
    std::size_t people = 0;
    for (const auto& g : regions4) {
        EXPECT_EQ(g.covered, 0U) << g.group;
        people += g.audience;
    }
    EXPECT_EQ(people, 10U);

    const std::vector<sys_seconds> odd{utc(2026, 6, 10, 17, 20)};
    const auto err = capture<ValidationError>([&] { (void)coverage(dir, audience, odd); });
    ASSERT_TRUE(err);
    EXPECT_TRUE(has_problem(err->problems(), "starts[0]")) << dump(err->problems());
    const auto err2 = capture<ValidationError>([&] { (void)coverage(dir, audience, one, 50); });
    ASSERT_TRUE(err2);
    EXPECT_TRUE(has_problem(err2->problems(), "duration_minutes")) << dump(err2->problems());
    // Starts spanning more than 62 days.
    const std::vector<sys_seconds> far{utc(2026, 6, 10, 17, 30), utc(2026, 8, 12, 17, 30)};
    const auto err3 = capture<ValidationError>([&] { (void)coverage(dir, audience, far); });
    ASSERT_TRUE(err3);
    EXPECT_TRUE(has_problem(err3->problems(), "starts")) << dump(err3->problems());
    const std::vector<sys_seconds> near{utc(2026, 6, 10, 17, 30), utc(2026, 8, 11, 17, 30)};  // 62 days
    EXPECT_NO_THROW((void)coverage(dir, audience, near));
}

// --- daylight saving ---------------------------------------------------------------------------------

TEST(PlanDst, NewYorkAcrossTheUsChange) {
    // 10:00–12:00 local every day. US DST starts Sunday 2026-03-08 at 02:00: 10:00 EST is 15:00 UTC
    // on Mar 5–7, 10:00 EDT is 14:00 UTC from Mar 8.
    const Directory dir({person("Dana Brooks", "US", "America/New_York", daily(hm(10), hm(12)))}, nullptr, ymd(2026, 3, 2));
    PlanQuery q;
    q.audience = std::vector<ProfileIndex>{0};
    q.first_day = ymd(2026, 3, 5);
    q.last_day = ymd(2026, 3, 12);
    q.top = 8;
    for (int step : {60, 30, 15}) {
        q.step_minutes = step;
        const ClinicPlan plan = plan_clinic(dir, q);
        const std::vector<SlotCoverage> expected{{utc(2026, 3, 5, 15, 0), 1},  {utc(2026, 3, 6, 15, 0), 1},
                                                 {utc(2026, 3, 7, 15, 0), 1},  {utc(2026, 3, 8, 14, 0), 1},
                                                 {utc(2026, 3, 9, 14, 0), 1},  {utc(2026, 3, 10, 14, 0), 1},
                                                 {utc(2026, 3, 11, 14, 0), 1}, {utc(2026, 3, 12, 14, 0), 1}};
        EXPECT_EQ(plan.slots, expected) << "step " << step << describe(plan.slots);
    }
}

TEST(PlanDst, BerlinAcrossTheEuChange) {
    // 10:00–12:00 local every day. EU summer time starts Sunday 2026-03-29 at 01:00 UTC: 10:00 CET is
    // 09:00 UTC on Mar 26–28, 10:00 CEST is 08:00 UTC from Mar 29. New York is already on EDT, so
    // a New Yorker at 05:00–07:00 local is 09:00–11:00 UTC all week: with Hanna until Mar 28 only.
    const Directory dir({person("Hanna Vogel", "DE", "Europe/Berlin", daily(hm(10), hm(12))),
                         person("Early Bird Nowak", "US", "America/New_York", daily(hm(5), hm(7)))},
                        nullptr, ymd(2026, 3, 23));
    PlanQuery q;
    q.audience = std::vector<ProfileIndex>{0};
    q.first_day = ymd(2026, 3, 26);
    q.last_day = ymd(2026, 4, 2);
    q.top = 8;
    q.step_minutes = 60;
    const std::vector<SlotCoverage> expected{{utc(2026, 3, 26, 9, 0), 1}, {utc(2026, 3, 27, 9, 0), 1},
                                             {utc(2026, 3, 28, 9, 0), 1}, {utc(2026, 3, 29, 8, 0), 1},
                                             {utc(2026, 3, 30, 8, 0), 1}, {utc(2026, 3, 31, 8, 0), 1},
                                             {utc(2026, 4, 1, 8, 0), 1},  {utc(2026, 4, 2, 8, 0), 1}};
    EXPECT_EQ(plan_clinic(dir, q).slots, expected) << describe(plan_clinic(dir, q).slots);

    q.audience = std::vector<ProfileIndex>{0, 1};
    q.top = 3;
    const std::vector<SlotCoverage> both{{utc(2026, 3, 26, 9, 0), 2}, {utc(2026, 3, 27, 9, 0), 2}, {utc(2026, 3, 28, 9, 0), 2}};
    EXPECT_EQ(plan_clinic(dir, q).slots, both) << describe(plan_clinic(dir, q).slots);
}

TEST(PlanDst, SkippedAndRepeatedHours) {
    // Sunday 2026-03-08, New York: 01:00–04:00 local is only two real hours (02:00–03:00 does not
    // exist): 01:00 EST = 06:00 UTC … 04:00 EDT = 08:00 UTC. A 120-minute clinic fits at 06:00 UTC only.
    const Directory spring({person("Night Owl Reyes", "US", "America/New_York", {{Weekday::sun, hm(1), hm(4)}})}, nullptr,
                           ymd(2026, 3, 2));
    PlanQuery q;
    q.audience = std::vector<ProfileIndex>{0};
    q.first_day = q.last_day = ymd(2026, 3, 8);
    q.step_minutes = 15;
    q.top = 1;
    EXPECT_EQ(plan_clinic(spring, q).slots, (std::vector<SlotCoverage>{{utc(2026, 3, 8, 6, 0), 1}}));
    q.top = 5;
    const auto spring_slots = plan_clinic(spring, q).slots;
    for (std::size_t k = 1; k < spring_slots.size(); ++k) EXPECT_EQ(spring_slots[k].available, 0U) << "only one start fits";
    // Sunday 2026-11-01: 00:30–02:30 local is three real hours (01:00–02:00 happens twice):
    // 00:30 EDT = 04:30 UTC … 02:30 EST = 07:30 UTC. A 180-minute clinic fits at 04:30 UTC.
    const Directory autumn({person("Night Owl Reyes", "US", "America/New_York", {{Weekday::sun, hm(0, 30), hm(2, 30)}})},
                           nullptr, ymd(2026, 10, 26));
    q.first_day = q.last_day = ymd(2026, 11, 1);
    q.duration_minutes = 180;
    q.top = 5;
    const auto slots = plan_clinic(autumn, q).slots;
    ASSERT_FALSE(slots.empty());
    EXPECT_EQ(slots[0], (SlotCoverage{utc(2026, 11, 1, 4, 30), 1}));
    for (std::size_t k = 1; k < slots.size(); ++k) EXPECT_EQ(slots[k].available, 0U) << "only one start fits";
}

// --- pairs of times --------------------------------------------------------------------------------------

namespace {

/// Three groups on 2026-06-10 (windows every day): Asia-Pacific evenings at 11:00–13:00 UTC,
/// African evenings at 16:00–18:00 UTC, American evenings at 23:00–01:00 UTC.
Directory three_evenings() {
    return Directory(
        {
            person("Maria Santos", "PH", "Asia/Manila", daily(hm(19), hm(21))),         // UTC+8
            person("Dewi Lestari", "ID", "Asia/Jakarta", daily(hm(18), hm(20))),        // UTC+7
            person("Liam Nguyen", "AU", "Australia/Sydney", daily(hm(21), hm(23))),     // AEST, UTC+10
            person("Anjali Mehta", "IN", "Asia/Kolkata", daily(hm(16, 30), hm(18, 30))), // UTC+5:30
            person("Rosa Quispe", "PE", "America/Lima", daily(hm(18), hm(20))),         // UTC−5
            person("Tom Becker", "US", "America/New_York", daily(hm(19), hm(21))),      // EDT, UTC−4
            person("Ana Lima", "BR", "America/Sao_Paulo", daily(hm(20), hm(22))),       // UTC−3
            person("Kemi Adebayo", "NG", "Africa/Lagos", daily(hm(17), hm(19))),        // UTC+1
            person("Wanjiku Maina", "KE", "Africa/Nairobi", daily(hm(19), hm(21))),     // UTC+3
        },
        nullptr, ymd(2026, 6, 8));
}

}  // namespace

TEST(PlanSplit, TwoTimesReachTwoGroupsNoSingleTimeCovers) {
    const Directory dir = three_evenings();
    PlanQuery q;
    q.audience = everybody(dir);
    q.first_day = q.last_day = ymd(2026, 6, 10);
    q.top = 3;
    const ClinicPlan single = plan_clinic(dir, q);
    const std::vector<SlotCoverage> best_single{{utc(2026, 6, 10, 11, 0), 4}, {utc(2026, 6, 10, 23, 0), 3}, {utc(2026, 6, 10, 16, 0), 2}};
    EXPECT_EQ(single.slots, best_single) << describe(single.slots);

    q.split = 2;
    q.top = 10;
    const ClinicPlan plan = plan_clinic(dir, q);
    ASSERT_FALSE(plan.pairs.empty());
    EXPECT_EQ(plan.pairs[0], (PairCoverage{{utc(2026, 6, 10, 11, 0), 4}, {utc(2026, 6, 10, 23, 0), 3}, 7})) << describe(plan.pairs);
    EXPECT_EQ(plan.by_region, (std::vector<GroupCoverage>{{"ESEAP", 3, 3}, {"LAC", 2, 2}, {"SSA", 2, 0}, {"NA", 1, 1}, {"SA", 1, 1}}))
        << describe(plan.by_region);

    // Against every pair of the day's 48 starts.
    const auto starts = candidate_starts(q.first_day, q.last_day, q.step_minutes);
    const auto who = reference_who(dir, *q.audience, starts, q.duration_minutes);
    const auto all = reference_pairs(starts, who);
    ASSERT_EQ(all.size(), 48U * 47U / 2U);
    EXPECT_EQ(plan.pairs, std::vector<PairCoverage>(all.begin(), all.begin() + 10)) << describe(plan.pairs);
    // Then 11:00 + 16:00 (6), 16:00 + 23:00 (5), and the ties at 4 (11:00 with a start nobody
    // can attend), earliest first: 00:00 + 11:00, 00:30 + 11:00, …
    EXPECT_EQ(plan.pairs[1].covered, 6U);
    EXPECT_EQ(plan.pairs[2], (PairCoverage{{utc(2026, 6, 10, 16, 0), 2}, {utc(2026, 6, 10, 23, 0), 3}, 5}));
    EXPECT_EQ(plan.pairs[3], (PairCoverage{{utc(2026, 6, 10, 0, 0), 0}, {utc(2026, 6, 10, 11, 0), 4}, 4}));
    EXPECT_EQ(plan.pairs[4], (PairCoverage{{utc(2026, 6, 10, 0, 30), 0}, {utc(2026, 6, 10, 11, 0), 4}, 4}));
}

TEST(PlanSplit, TiesAndTopAgainstBruteForce) {
    // Everybody alike but in two groups of equal size: many pairs tie and only their order
    // (earliest first start, then earliest second start) tells them apart.
    std::vector<Profile> people;
    for (int i = 0; i < 3; ++i) {
        people.push_back(person("Ahmed Tahir " + std::to_string(i), "EG", "Africa/Cairo", daily(hm(9), hm(13))));       // EEST, UTC+3 in June
        people.push_back(person("Lupe Fonoti " + std::to_string(i), "WS", "Pacific/Apia", daily(hm(9), hm(13))));      // UTC+13
    }
    const Directory dir(std::move(people), nullptr, ymd(2026, 6, 8));
    PlanQuery q;
    q.audience = everybody(dir);
    q.first_day = ymd(2026, 6, 10);
    q.last_day = ymd(2026, 6, 11);
    q.split = 2;
    const auto starts = candidate_starts(q.first_day, q.last_day, q.step_minutes);
    const auto who = reference_who(dir, *q.audience, starts, q.duration_minutes);
    const auto all = reference_pairs(starts, who);
    for (std::size_t top : {1U, 2U, 7U, 25U}) {
        q.top = top;
        const ClinicPlan plan = plan_clinic(dir, q);
        EXPECT_EQ(plan.pairs, std::vector<PairCoverage>(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(top)))
            << "top " << top << describe(plan.pairs);
    }
    q.split = 1;
    q.top = 12;
    const auto slots = reference_slots(starts, who);
    EXPECT_EQ(plan_clinic(dir, q).slots, std::vector<SlotCoverage>(slots.begin(), slots.begin() + 12));
}

// --- random audiences against the reference ---------------------------------------------------------

namespace {

void expect_plan_matches_reference(const Directory& dir, const PlanQuery& q, const std::string& context) {
    SCOPED_TRACE(context);
    const std::vector<ProfileIndex> audience = q.audience ? *q.audience : dir.search(q.filter);
    const auto starts = candidate_starts(q.first_day, q.last_day, q.step_minutes);
    const auto who = reference_who(dir, audience, starts, q.duration_minutes);
    const ClinicPlan plan = plan_clinic(dir, q);
    EXPECT_EQ(plan.audience, audience.size());
    std::size_t without = 0;
    for (auto i : audience) without += dir.profile(i).availability.empty();
    EXPECT_EQ(plan.without_availability, without);
    std::vector<bool> covered(audience.size(), false);
    if (q.split == 1) {
        const auto slots = reference_slots(starts, who);
        const std::size_t n = std::min(q.top, slots.size());
        ASSERT_GE(plan.slots.size(), std::min<std::size_t>(n, static_cast<std::size_t>(std::count_if(
                                                                  slots.begin(), slots.end(), [](const SlotCoverage& s) { return s.available > 0; }))));
        ASSERT_LE(plan.slots.size(), n);
        for (std::size_t k = 0; k < plan.slots.size(); ++k) {
            if (slots[k].available == 0) {
                EXPECT_EQ(plan.slots[k].available, 0U) << k;
                continue;
            }
            EXPECT_EQ(plan.slots[k], slots[k]) << "rank " << k << ": got " << iso(plan.slots[k].start) << " " << plan.slots[k].available
                                               << ", expected " << iso(slots[k].start) << " " << slots[k].available;
            if (::testing::Test::HasFailure()) return;
        }
        if (!plan.slots.empty()) {
            const auto k = static_cast<std::size_t>(std::find(starts.begin(), starts.end(), plan.slots[0].start) - starts.begin());
            for (std::size_t i = 0; i < audience.size(); ++i) covered[i] = who[k][i];
        }
    } else {
        const auto pairs = reference_pairs(starts, who);
        const std::size_t n = std::min(q.top, pairs.size());
        ASSERT_LE(plan.pairs.size(), n);
        for (std::size_t k = 0; k < plan.pairs.size(); ++k) {
            if (pairs[k].covered == 0) {
                EXPECT_EQ(plan.pairs[k].covered, 0U);
                continue;
            }
            EXPECT_EQ(plan.pairs[k], pairs[k]) << "rank " << k << describe(std::vector<PairCoverage>{plan.pairs[k]})
                                               << " expected" << describe(std::vector<PairCoverage>{pairs[k]});
            if (::testing::Test::HasFailure()) return;
        }
        if (!plan.pairs.empty()) {
            const auto a = static_cast<std::size_t>(std::find(starts.begin(), starts.end(), plan.pairs[0].first.start) - starts.begin());
            const auto b = static_cast<std::size_t>(std::find(starts.begin(), starts.end(), plan.pairs[0].second.start) - starts.begin());
            for (std::size_t i = 0; i < audience.size(); ++i) covered[i] = who[a][i] || who[b][i];
        }
    }
    if (plan.slots.empty() && plan.pairs.empty()) return;
    const auto [regions, zones] = reference_groups(dir, audience, covered);
    EXPECT_EQ(plan.by_region, regions) << describe(plan.by_region);
    EXPECT_EQ(plan.by_time_zone, zones) << describe(plan.by_time_zone);
}

}  // namespace

TEST(PlanReference, RandomAudiencesInJune) {
    const auto tax = Taxonomy::bundled("letsconnect");
    for (std::uint32_t seed = 1; seed <= 12; ++seed) {
        const Directory dir(lc_test::generate_profiles(60, seed, *tax), nullptr, ymd(2026, 6, 1));
        std::mt19937 rng(seed);
        auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
        PlanQuery q;
        q.audience.emplace();
        for (ProfileIndex i = 0; i < dir.size(); ++i)
            if (pick(3) != 0) q.audience->push_back(i);
        q.first_day = ymd(2026, 6, 1) + std::chrono::days(static_cast<int>(pick(20)));
        q.last_day = q.first_day + std::chrono::days(static_cast<int>(pick(3)));
        static constexpr int steps[] = {15, 30, 45, 60, 90};
        static constexpr int durations[] = {15, 60, 90, 120, 180};
        q.step_minutes = steps[pick(std::size(steps))];
        q.duration_minutes = durations[pick(std::size(durations))];
        q.top = 1 + pick(40);
        q.split = 1;
        const std::string context = "seed " + std::to_string(seed) + " from " + format_date(q.first_day) + " to " +
                                    format_date(q.last_day) + " step " + std::to_string(q.step_minutes) + " duration " +
                                    std::to_string(q.duration_minutes) + " top " + std::to_string(q.top);
        expect_plan_matches_reference(dir, q, context + " split 1");
        q.split = 2;
        expect_plan_matches_reference(dir, q, context + " split 2");
    }
}

TEST(PlanReference, RandomAudiencesAcrossDaylightSavingChanges) {
    // March–April 2026: Morocco's Ramadan change (back to UTC+1 on Mar 22), the US (Mar 8), the EU
    // (Mar 29) and Australia (Sydney back to AEST on Apr 5) all change their clocks.
    const auto tax = Taxonomy::bundled("letsconnect");
    const std::pair<sys_days, sys_days> ranges[] = {{ymd(2026, 3, 5), ymd(2026, 3, 12)},
                                                    {ymd(2026, 3, 19), ymd(2026, 3, 24)},
                                                    {ymd(2026, 3, 26), ymd(2026, 4, 2)},
                                                    {ymd(2026, 4, 3), ymd(2026, 4, 7)},
                                                    {ymd(2026, 10, 22), ymd(2026, 11, 3)}};
    std::uint32_t seed = 100;
    for (const auto& [first, last] : ranges) {
        ++seed;
        const Directory dir(lc_test::generate_profiles(50, seed, *tax), nullptr, first);
        PlanQuery q;
        q.audience = everybody(dir);
        q.first_day = first;
        q.last_day = last;
        q.step_minutes = 15;
        q.duration_minutes = 60 + 30 * static_cast<int>(seed % 3);
        q.top = 400;
        expect_plan_matches_reference(dir, q, "from " + format_date(first) + " to " + format_date(last) + " split 1");
        q.split = 2;
        q.step_minutes = 60;
        q.top = 20;
        expect_plan_matches_reference(dir, q, "from " + format_date(first) + " to " + format_date(last) + " split 2");
    }
}

// --- errors ---------------------------------------------------------------------------------------------

TEST(PlanErrors, ValidationNamesTheField) {
    const Directory dir = hand_worked_directory();
    PlanQuery good;
    good.audience = everybody(dir);
    good.first_day = good.last_day = ymd(2026, 6, 10);
    ASSERT_NO_THROW((void)plan_clinic(dir, good));
    auto fails = [&](PlanQuery q, std::string_view field) {
        const auto err = capture<ValidationError>([&] { (void)plan_clinic(dir, q); });
        if (err) {
            EXPECT_TRUE(has_problem(err->problems(), field)) << "expected " << field << dump(err->problems());
        }
    };
    for (int d : {0, 10, 100, 735, -15}) {
        PlanQuery q = good;
        q.duration_minutes = d;
        fails(q, "duration_minutes");
    }
    for (int s : {0, 20, -30}) {
        PlanQuery q = good;
        q.step_minutes = s;
        fails(q, "step_minutes");
    }
    for (int s : {0, 3, -1}) {
        PlanQuery q = good;
        q.split = s;
        fails(q, "split");
    }
    {
        PlanQuery q = good;
        q.top = 0;
        fails(q, "top");
        q.split = 2;
        q.top = 1001;  // pairs: at most 1000
        fails(q, "top");
    }
    {
        PlanQuery q = good;
        q.last_day = ymd(2026, 6, 9);
        fails(q, "last_day");
    }
    {
        PlanQuery q = good;
        q.first_day = ymd(2026, 6, 1);
        q.last_day = q.first_day + std::chrono::days(63);
        fails(q, "last_day");
        q.last_day = q.first_day + std::chrono::days(62);  // the most allowed
        EXPECT_NO_THROW((void)plan_clinic(dir, q));
    }
    // Limits that are allowed.
    {
        PlanQuery q = good;
        q.duration_minutes = 720;
        q.step_minutes = 1440;
        EXPECT_NO_THROW((void)plan_clinic(dir, q));
        q.duration_minutes = 15;
        EXPECT_NO_THROW((void)plan_clinic(dir, q));
    }
    // Every problem at once.
    PlanQuery all = good;
    all.duration_minutes = 100;
    all.step_minutes = 20;
    all.split = 3;
    all.top = 0;
    all.last_day = ymd(2026, 6, 1);
    const auto err = capture<ValidationError>([&] { (void)plan_clinic(dir, all); });
    ASSERT_TRUE(err);
    for (auto field : {"duration_minutes", "step_minutes", "split", "top", "last_day"})
        EXPECT_TRUE(has_problem(err->problems(), field)) << field << dump(err->problems());

    PlanQuery past = good;
    past.audience = std::vector<ProfileIndex>{0, 99};
    EXPECT_THROW((void)plan_clinic(dir, past), std::out_of_range);

    // Someone in the audience twice.
    PlanQuery twice = good;
    twice.audience = std::vector<ProfileIndex>{3, 1, 3};
    const auto dup = capture<ValidationError>([&] { (void)plan_clinic(dir, twice); });
    ASSERT_TRUE(dup);
    EXPECT_TRUE(has_problem(dup->problems(), "audience[2]", "Dana Brooks")) << dump(dup->problems());
}

// --- language groups ---------------------------------------------------------------------------------

namespace {

Profile speaker(std::string username, std::vector<LanguageLevel> languages) {
    Profile p;
    p.username = std::move(username);
    p.languages = std::move(languages);
    return p;
}

/// Twenty invented people for an English clinic (levels: N = 6).
Directory language_audience() {
    return Directory(
        {
            speaker("Amara Eze", {{"en", 6}}),                     // understands
            speaker("Bruno Costa", {{"en", 3}, {"pt", 6}}),         // understands
            speaker("Chen Wei", {{"en", 4}}),                       // understands
            speaker("Dalia Saleh", {{"en", 5}, {"ar", 6}}),         // understands
            speaker("Emeka Nwosu", {{"en", 3}, {"ha", 6}}),         // understands
            speaker("Fatou Ndiaye", {{"en", 4}, {"fr", 6}}),        // understands
            speaker("Gaspard Martin", {{"fr", 6}}),                 // needs: fr
            speaker("Hélène Dubois", {{"fr", 4}, {"en", 2}}),       // needs: fr
            speaker("Ibrahima Sow", {{"fr", 3}, {"wo", 6}}),        // needs: fr, wo
            speaker("Jorge Ramírez", {{"es", 6}}),                  // needs: es
            speaker("Karla Jiménez", {{"es", 4}, {"en", 1}}),       // needs: es
            speaker("Luana Ribeiro", {{"pt", 6}}),                  // needs: pt
            speaker("Mateus Alves", {{"pt", 3}, {"es", 3}}),        // needs: pt, es
            speaker("Nour Haddad", {{"ar", 6}}),                    // needs: ar
            speaker("Omar Farouk", {{"ar", 4}, {"fr", 2}}),         // needs: ar (fr 2 is below 3)
            speaker("Pooja Iyer", {{"hi", 6}, {"en", 2}}),          // needs: hi
            speaker("Qiu Lan", {{"zh", 5}}),                        // needs: zh
            speaker("Rangi Parata", {{"mi", 3}, {"fr", 0}}),        // needs: mi (fr 0: not spoken)
            speaker("Sami Virtanen", {{"en", 2}, {"fr", 0}}),       // unreachable at 3
            speaker("Tanvi Shah", {{"hi", 2}, {"en", 1}}),          // unreachable at 3
        },
        nullptr, ymd(2026, 6, 8));
}

// At threshold 3: understand 6 (Amara … Fatou), need 14, unreachable 2 (Sami, Tanvi).
// Needs (most first, then code): es 3 (Jorge, Karla, Mateus), fr 3 (Gaspard, Hélène, Ibrahima),
// ar 2 (Nour, Omar), pt 2 (Luana, Mateus), hi 1, mi 1, wo 1 (Ibrahima), zh 1.
// Smallest sets, reaching count = understand 6 + needers reached:
//   0    → {} (6/20 = 0.3)
//   0.5  → 10 needed: one language reaches at most 3 (9); es+fr reach 6 → 12/20 = 0.6.
//   0.75 → 15: three languages reach at most 8 (es+fr+ar); four reach 9 — es+fr+ar with pt,
//          hi, mi or zh (wo adds nobody new) — the most spoken first: es, fr, ar, pt → 15/20.
//   0.9  → 18: every reachable needer; fr (Gaspard, Hélène), es (Jorge, Karla), pt (Luana), ar
//          (Nour), hi, zh, mi are each someone's only language: those seven → 18/20 = 0.9.
//   1.0  → 20 is out of reach (Sami, Tanvi): the smallest set reaching as many as every
//          language together (18), the same seven as for 0.9 (wo adds nobody), target not reached.
const std::vector<LanguageNeed> hand_needs{{"es", 3}, {"fr", 3}, {"ar", 2}, {"pt", 2},
                                           {"hi", 1}, {"mi", 1}, {"wo", 1}, {"zh", 1}};

std::vector<ProfileIndex> without(const Directory& dir, std::initializer_list<std::string_view> names) {
    std::vector<ProfileIndex> out;
    for (ProfileIndex i = 0; i < dir.size(); ++i)
        if (std::find(names.begin(), names.end(), dir.profile(i).username) == names.end()) out.push_back(i);
    return out;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
}

}  // namespace

TEST(LanguageGroups, HandWorkedAudience) {
    const Directory dir = language_audience();
    const auto audience = everybody(dir);
    struct Case {
        double target;
        std::vector<std::string> set;
        double reached;
        bool target_reached;
    };
    const Case cases[] = {
        {0.0, {}, 0.3, true},
        {0.5, {"es", "fr"}, 0.6, true},
        {0.75, {"es", "fr", "ar", "pt"}, 0.75, true},
        {0.9, {"es", "fr", "ar", "pt", "hi", "mi", "zh"}, 0.9, true},
        {1.0, {"es", "fr", "ar", "pt", "hi", "mi", "zh"}, 0.9, false},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE("target " + std::to_string(c.target));
        const LanguageGroups g = language_groups(dir, audience, "en", 3, c.target);
        EXPECT_EQ(g.language, "en");
        EXPECT_EQ(g.threshold, 3);
        EXPECT_EQ(g.audience, 20U);
        EXPECT_EQ(g.understand, 6U);
        EXPECT_EQ(g.need, 14U);
        EXPECT_EQ(g.unreachable, 2U);
        EXPECT_EQ(g.needs, hand_needs);
        EXPECT_EQ(sorted(g.interpretation), sorted(c.set));
        EXPECT_NEAR(g.reached_share, c.reached, 1e-12);
        EXPECT_EQ(g.target_share, c.target);
        EXPECT_EQ(g.target_reached, c.target_reached);
        EXPECT_TRUE(g.exact);
    }
    // The default target is 0.9.
    EXPECT_EQ(sorted(language_groups(dir, audience, "en").interpretation), sorted(cases[3].set));

    // Without Sami and Tanvi everybody can be reached: 1.0 takes the seven languages, 0.9 (17 of
    // 18) one fewer — hi, mi or zh each reach one person; the most spoken first keeps hi and mi.
    const auto reachable = without(dir, {"Sami Virtanen", "Tanvi Shah"});
    const LanguageGroups all = language_groups(dir, reachable, "en", 3, 1.0);
    EXPECT_EQ(all.unreachable, 0U);
    EXPECT_EQ(sorted(all.interpretation), sorted({"es", "fr", "ar", "pt", "hi", "mi", "zh"}));
    EXPECT_DOUBLE_EQ(all.reached_share, 1.0);
    EXPECT_TRUE(all.target_reached);
    const LanguageGroups most = language_groups(dir, reachable, "en", 3, 0.9);
    EXPECT_EQ(sorted(most.interpretation), sorted({"es", "fr", "ar", "pt", "hi", "mi"}));
    EXPECT_NEAR(most.reached_share, 17.0 / 18.0, 1e-12);
}

TEST(LanguageGroups, Thresholds) {
    const Directory dir = language_audience();
    const auto audience = everybody(dir);
    // Native only: Amara understands; of the 19 others, ten are native in something else
    // (Bruno pt, Dalia ar, Emeka ha, Fatou fr, Gaspard fr, Ibrahima wo, Jorge es, Luana pt, Nour ar,
    // Pooja hi); nine are unreachable.
    const LanguageGroups native = language_groups(dir, audience, "en", native_level, 0.0);
    EXPECT_EQ(native.understand, 1U);
    EXPECT_EQ(native.need, 19U);
    EXPECT_EQ(native.unreachable, 9U);
    EXPECT_EQ(native.needs, (std::vector<LanguageNeed>{{"ar", 2}, {"fr", 2}, {"pt", 2}, {"es", 1}, {"ha", 1}, {"hi", 1}, {"wo", 1}}));
    // Level 1: everybody with any English understands (11); Omar's fr 2 now counts, Rangi's fr 0
    // never does.
    const LanguageGroups one = language_groups(dir, audience, "en", 1, 1.0);
    EXPECT_EQ(one.understand, 11U);
    EXPECT_EQ(one.need, 9U);
    EXPECT_EQ(one.unreachable, 0U);
    EXPECT_EQ(one.needs, (std::vector<LanguageNeed>{{"fr", 3}, {"ar", 2}, {"es", 2}, {"pt", 2}, {"mi", 1}, {"wo", 1}, {"zh", 1}}));
    // fr (Gaspard, Ibrahima, Omar), es (Jorge; Mateus), pt (Luana), mi, zh are needed; ar adds
    // Nour (Omar has fr): fr es pt ar mi zh.
    EXPECT_EQ(sorted(one.interpretation), sorted({"fr", "es", "pt", "ar", "mi", "zh"}));
    EXPECT_TRUE(one.target_reached);
    // Another clinic language: French at 3.
    const LanguageGroups french = language_groups(dir, audience, "fr", 3, 0.0);
    EXPECT_EQ(french.understand, 4U);  // Fatou, Gaspard, Hélène, Ibrahima
    EXPECT_EQ(french.audience, 20U);
}

TEST(LanguageGroups, EmptyAudienceAndNobodyToInterpretFor) {
    const Directory dir = language_audience();
    const LanguageGroups none = language_groups(dir, std::vector<ProfileIndex>{}, "en", 3, 1.0);
    EXPECT_EQ(none.audience, 0U);
    EXPECT_EQ(none.understand + none.need + none.unreachable, 0U);
    EXPECT_TRUE(none.needs.empty());
    EXPECT_TRUE(none.interpretation.empty());
    EXPECT_TRUE(none.target_reached);
    const std::vector<ProfileIndex> fluent{0, 2, 3};
    const LanguageGroups easy = language_groups(dir, fluent, "en", 3, 1.0);
    EXPECT_EQ(easy.understand, 3U);
    EXPECT_TRUE(easy.needs.empty());
    EXPECT_TRUE(easy.interpretation.empty());
    EXPECT_DOUBLE_EQ(easy.reached_share, 1.0);
    EXPECT_TRUE(easy.target_reached);
}

namespace {

struct LanguageReference {
    std::size_t understand = 0, need = 0, unreachable = 0;
    std::vector<LanguageNeed> needs;
    std::vector<std::string> set;
    std::size_t reached = 0;  // understand + needers reached by `set`
    bool target_reached = false;
};

/// Every set of interpretation languages, smallest first; within a size, the one reaching the
/// most, then the first in the order of `needs` (most spoken first). A target out of reach asks
/// for the smallest set reaching as many as all the languages together (what the header leaves
/// open beyond `target_reached` = false; chosen in ee11044).
LanguageReference language_reference(const Directory& dir, const std::vector<ProfileIndex>& audience, const std::string& language,
                                     BabelLevel threshold, double target) {
    LanguageReference r;
    std::vector<std::set<std::string>> follows;  // per needer: languages at the threshold
    std::map<std::string, std::size_t> count;
    for (auto i : audience) {
        const Profile& p = dir.profile(i);
        if (p.level(language).value_or(0) >= threshold) {
            ++r.understand;
            continue;
        }
        std::set<std::string> s;
        for (const auto& l : p.languages)
            if (l.code != language && l.level >= threshold) s.insert(l.code);
        for (const auto& c : s) ++count[c];
        r.unreachable += s.empty();
        follows.push_back(std::move(s));
    }
    r.need = follows.size();
    for (const auto& [code, n] : count) r.needs.push_back({code, n});
    std::stable_sort(r.needs.begin(), r.needs.end(), [](const LanguageNeed& a, const LanguageNeed& b) { return a.people > b.people; });
    const std::size_t languages = r.needs.size();
    auto reached_by = [&](std::uint32_t mask) {
        std::size_t n = 0;
        for (const auto& s : follows) {
            bool any = false;
            for (std::size_t l = 0; l < languages && !any; ++l) any = ((mask >> l) & 1U) && s.count(r.needs[l].language);
            n += any;
        }
        return n;
    };
    auto reaches_target = [&](std::size_t n) {
        return static_cast<double>(r.understand + n) >= target * static_cast<double>(audience.size()) - 1e-9;
    };
    // A target out of reach asks for the smallest set reaching as many as every language together.
    const std::size_t most = reached_by((1U << languages) - 1);
    r.target_reached = reaches_target(most);
    auto enough = [&](std::size_t n) { return r.target_reached ? reaches_target(n) : n >= most; };
    // Masks of each size in lexicographic order of their sorted positions.
    auto lexicographic_less = [](std::uint32_t a, std::uint32_t b) {
        for (std::uint32_t bit = 0; bit < 32; ++bit) {
            const bool x = (a >> bit) & 1U, y = (b >> bit) & 1U;
            if (x != y) return x;  // the set holding the earlier position comes first
        }
        return false;
    };
    for (std::size_t size = 0; size <= languages; ++size) {
        std::optional<std::uint32_t> best;
        std::size_t best_n = 0;
        for (std::uint32_t mask = 0; mask < (1U << languages); ++mask) {
            if (static_cast<std::size_t>(std::popcount(mask)) != size) continue;
            const std::size_t n = reached_by(mask);
            if (!enough(n)) continue;
            if (!best || n > best_n || (n == best_n && lexicographic_less(mask, *best))) {
                best = mask;
                best_n = n;
            }
        }
        if (best) {
            for (std::size_t l = 0; l < languages; ++l)
                if ((*best >> l) & 1U) r.set.push_back(r.needs[l].language);
            r.reached = r.understand + best_n;
            return r;
        }
    }
    return r;
}

}  // namespace

TEST(LanguageGroups, AgainstBruteForceOverEverySet) {
    static constexpr const char* codes[] = {"en", "fr", "es", "pt", "ar", "sw", "hi", "zh", "ha"};
    std::size_t greedy_free = 0;
    for (std::uint32_t seed = 1; seed <= 60; ++seed) {
        std::mt19937 rng(seed);
        auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
        std::vector<Profile> people;
        const std::size_t n = 5 + pick(40);
        for (std::size_t i = 0; i < n; ++i) {
            Profile p;
            p.username = "Speaker " + std::to_string(seed) + "-" + std::to_string(i);
            for (std::size_t k = 1 + pick(3); k > 0; --k) {
                const std::string code = codes[pick(std::size(codes))];
                if (!p.level(code)) p.languages.push_back({code, static_cast<BabelLevel>(pick(7))});
            }
            people.push_back(std::move(p));
        }
        const Directory dir(std::move(people), nullptr, ymd(2026, 6, 8));
        std::vector<ProfileIndex> audience;
        for (ProfileIndex i = 0; i < dir.size(); ++i)
            if (pick(4) != 0) audience.push_back(i);
        static constexpr double targets[] = {0.0, 0.3, 0.5, 0.75, 0.8, 0.9, 0.95, 1.0};
        for (int round = 0; round < 4; ++round) {
            const std::string language = pick(3) == 0 ? "fr" : "en";
            const auto threshold = static_cast<BabelLevel>(1 + pick(6));
            const double target = targets[pick(std::size(targets))];
            const std::string context = "seed " + std::to_string(seed) + " " + language + " at " + std::to_string(threshold) +
                                        " target " + std::to_string(target) + " audience " + std::to_string(audience.size());
            const LanguageReference r = language_reference(dir, audience, language, threshold, target);
            const LanguageGroups g = language_groups(dir, audience, language, threshold, target);
            EXPECT_EQ(g.understand, r.understand) << context;
            EXPECT_EQ(g.need, r.need) << context;
            EXPECT_EQ(g.unreachable, r.unreachable) << context;
            EXPECT_EQ(g.needs, r.needs) << context;
            EXPECT_TRUE(g.exact) << context;
            EXPECT_EQ(g.interpretation.size(), r.set.size()) << context;
            EXPECT_EQ(sorted(g.interpretation), sorted(r.set)) << context;
            EXPECT_EQ(g.target_reached, r.target_reached) << context;
            const double share = audience.empty() ? 1.0 : static_cast<double>(r.reached) / static_cast<double>(audience.size());
            if (!audience.empty()) {
                EXPECT_NEAR(g.reached_share, share, 1e-12) << context;
            }
            greedy_free += g.exact;
            if (::testing::Test::HasFailure()) return;
        }
    }
    EXPECT_EQ(greedy_free, 240U);
}

TEST(LanguageGroups, ManyLanguagesFallBackToGreedy) {
    // Forty needers, each speaking a private-use language nobody else speaks; a target of 6 of 40
    // needs six languages: C(40, 6) = 3,838,380 sets, more than the exact search tries.
    std::vector<Profile> people;
    for (int i = 0; i < 40; ++i) {
        const std::string code = std::string("q") + static_cast<char>('a' + i / 26) + static_cast<char>('a' + i % 26);
        people.push_back(speaker("Polyglot " + std::to_string(i), {{code, 6}, {"en", 1}}));
    }
    const Directory dir(std::move(people), nullptr, ymd(2026, 6, 8));
    const LanguageGroups g = language_groups(dir, everybody(dir), "en", 3, 6.0 / 40.0);
    EXPECT_FALSE(g.exact);
    EXPECT_TRUE(g.target_reached);
    EXPECT_EQ(g.interpretation.size(), 6U);
    EXPECT_NEAR(g.reached_share, 6.0 / 40.0, 1e-12);
    // Five languages are still searched exactly.
    const LanguageGroups five = language_groups(dir, everybody(dir), "en", 3, 5.0 / 40.0);
    EXPECT_TRUE(five.exact);
    EXPECT_EQ(five.interpretation.size(), 5U);
}

TEST(LanguageGroups, Errors) {
    const Directory dir = language_audience();
    const auto audience = everybody(dir);
    auto fails = [&](std::string_view language, int threshold, double target, std::initializer_list<std::string_view> fields) {
        const auto err = capture<ValidationError>(
            [&] { (void)language_groups(dir, audience, language, static_cast<BabelLevel>(threshold), target); });
        if (!err) return;
        for (auto f : fields) EXPECT_TRUE(has_problem(err->problems(), f)) << f << dump(err->problems());
        EXPECT_EQ(err->problems().size(), fields.size()) << dump(err->problems());
    };
    fails("EN", 3, 0.9, {"language"});
    fails("english", 3, 0.9, {"language"});
    fails("", 3, 0.9, {"language"});
    fails("en", 0, 0.9, {"threshold"});
    fails("en", 7, 0.9, {"threshold"});
    fails("en", 3, -0.1, {"target_share"});
    fails("en", 3, 1.5, {"target_share"});
    fails("en", 3, std::numeric_limits<double>::quiet_NaN(), {"target_share"});
    fails("e n", 0, 2.0, {"language", "threshold", "target_share"});
    const std::vector<ProfileIndex> twice{0, 5, 0};
    const auto dup = capture<ValidationError>([&] { (void)language_groups(dir, twice, "en"); });
    ASSERT_TRUE(dup);
    EXPECT_TRUE(has_problem(dup->problems(), "audience[2]", "Amara Eze")) << dump(dup->problems());
    EXPECT_NO_THROW((void)language_groups(dir, audience, "pt-br", 6, 1.0));
}
