// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#pragma once

/// @file schedule.hpp
/// @brief Clinic times that work across time zones, and the language groups of an audience.

#include <chrono>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "letsconnect/directory.hpp"
#include "letsconnect/search.hpp"

namespace letsconnect {

/// @brief What plan_clinic() plans for.
struct PlanQuery {
    /// The people to reach, each once; everyone in `filter` when not given.
    std::optional<std::vector<ProfileIndex>> audience;
    SearchQuery filter;                  ///< used when `audience` is not given
    std::chrono::sys_days first_day{};   ///< first day (UTC) a clinic may start
    std::chrono::sys_days last_day{};    ///< last day (UTC) a clinic may start, ≥ first_day, ≤ 62 days on
    int duration_minutes = 120;          ///< 15 … 720, a multiple of 15
    int step_minutes = 30;               ///< starts considered: every step from 00:00 UTC, a multiple of 15
    int split = 1;                       ///< 1: single times; 2: pairs of times (a repeat session)
    std::size_t top = 10;                ///< how many times (or pairs, then at most 1000) to return
};

/// @brief A start time and how many of the audience can attend all of it.
struct SlotCoverage {
    std::chrono::sys_seconds start{};
    std::size_t available = 0;
    friend bool operator==(const SlotCoverage&, const SlotCoverage&) = default;
};

/// @brief Two start times and how many can attend at least one of them.
struct PairCoverage {
    SlotCoverage first;   ///< the earlier start
    SlotCoverage second;
    std::size_t covered = 0;
    friend bool operator==(const PairCoverage&, const PairCoverage&) = default;
};

/// @brief The audience of one group (a region or a time zone) and how many of it are covered.
struct GroupCoverage {
    std::string group;      ///< region code ("SSA", …, "" unknown) or IANA time zone ("" none given)
    std::size_t audience = 0;
    std::size_t covered = 0;
    friend bool operator==(const GroupCoverage&, const GroupCoverage&) = default;
};

/// @brief The result of plan_clinic().
struct ClinicPlan {
    std::size_t audience = 0;           ///< people planned for
    std::size_t without_availability = 0;  ///< of those, people who gave no weekly availability
    std::vector<SlotCoverage> slots;    ///< best first (most available, then earliest); split = 1
    std::vector<PairCoverage> pairs;    ///< best first (most covered, then earliest); split = 2
    /// Coverage of the best time (split 1) or pair (split 2) per region and per time zone, by
    /// audience size (largest first, then name).
    std::vector<GroupCoverage> by_region;
    std::vector<GroupCoverage> by_time_zone;
};

/// @brief Ranks clinic start times by how many of the audience are available for the whole
/// clinic in their own local time.
///
/// A person is available at a start when every quarter hour of the clinic falls in one of their
/// weekly windows, converted to UTC for that very week with the system's tz database, so a date
/// range across a daylight-saving change is right on both sides of it. With `split = 2` the
/// pairs of starts that together reach the most people are returned (exact: every pair is
/// considered, with a bound that skips those that cannot beat the best so far). An empty audience
/// gives no times.
/// @throws ValidationError for a bad range, duration, step, split or top, or someone in the
/// audience twice; NotFoundError for an unknown skill in the filter
/// @remarks O(audience × days) to convert and O(starts² × audience / 64) at worst for pairs.
[[nodiscard]] ClinicPlan plan_clinic(const Directory& directory, const PlanQuery& query);

/// @brief People of the audience covered by `starts` (each a clinic of `duration_minutes`), per
/// region and per time zone, as ClinicPlan::by_region and by_time_zone.
/// @param starts quarter hours, spanning at most 62 days
/// @throws ValidationError for a bad duration or starts; std::out_of_range for a bad index
[[nodiscard]] std::pair<std::vector<GroupCoverage>, std::vector<GroupCoverage>> coverage(
    const Directory& directory, std::span<const ProfileIndex> audience, std::span<const std::chrono::sys_seconds> starts,
    int duration_minutes = 120);

/// @brief Speakers of one language among those who need interpretation.
struct LanguageNeed {
    std::string language;
    std::size_t people = 0;
    friend bool operator==(const LanguageNeed&, const LanguageNeed&) = default;
};

/// @brief The result of language_groups().
struct LanguageGroups {
    std::string language;            ///< the clinic's language
    BabelLevel threshold = 3;        ///< a level below this needs interpretation
    std::size_t audience = 0;
    std::size_t understand = 0;      ///< speak the clinic's language at `threshold` or above
    std::size_t need = 0;            ///< the others
    std::size_t unreachable = 0;     ///< need interpretation but speak no language at `threshold`
    std::vector<LanguageNeed> needs; ///< per language, of those who need interpretation (most first, then code)
    std::vector<std::string> interpretation;  ///< the smallest set reaching `target_share`
    double target_share = 0.9;
    double reached_share = 0;        ///< share of the audience who understand the clinic or one of `interpretation`
    bool target_reached = false;     ///< false when even every language together falls short
    bool exact = true;               ///< false when too many languages made the search greedy
};

/// @brief How many of an audience need interpretation into which languages, and the smallest set
/// of interpretation languages that lets `target_share` of the audience follow the clinic.
///
/// A person follows the clinic when they speak its language, or one of the interpretation
/// languages, at `threshold` or above (native counts as 6). The set is the smallest one reaching
/// the target, and among those of that size the one reaching the most people (then the most
/// spoken languages first). It is exact (every set of each size is tried) unless that means more
/// than 2,000,000 sets; then languages are added greedily and `exact` is false.
/// @throws ValidationError for a bad language code, threshold (1 … 6) or target (0 … 1), or
/// someone in the audience twice
///
/// @code
/// auto groups = letsconnect::language_groups(dir, dir.search(query), "en", 3, 0.9);
/// for (const auto& l : groups.interpretation) std::cout << "interpret into " << l << '\n';
/// @endcode
[[nodiscard]] LanguageGroups language_groups(const Directory& directory, std::span<const ProfileIndex> audience,
                                             std::string_view language, BabelLevel threshold = 3, double target_share = 0.9);

}  // namespace letsconnect
