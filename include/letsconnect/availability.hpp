// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#pragma once

/// @file availability.hpp
/// @brief Weekly availability: local time windows and their UTC bitmask at 15-minute resolution.
///
/// A week is 7 × 96 = 672 quarter-hour slots, Monday 00:00 first. Local windows are converted
/// to UTC for one *reference week* with the system's tz database (`date/tz.h`, `USE_OS_TZDB`),
/// so half- and quarter-hour zones (Asia/Kolkata, Asia/Kathmandu) are exact and daylight-saving
/// changes are applied as they fall in that week.

#include <array>
#include <bit>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace letsconnect {

/// @brief Day of the week, Monday first (ISO 8601).
enum class Weekday : std::uint8_t { mon = 0, tue, wed, thu, fri, sat, sun };

/// @brief "mon" … "sun".
[[nodiscard]] std::string_view to_string(Weekday day) noexcept;
/// @brief Parses "mon", "Monday", "MON", … ; nullopt if not a day.
[[nodiscard]] std::optional<Weekday> parse_weekday(std::string_view text) noexcept;

/// @brief A weekly window in local time. `end` ≤ `start` means it runs past midnight into the
/// next day; `end` may be 1440 ("24:00"). Both are minutes after local midnight, multiples of 15.
struct TimeWindow {
    Weekday day = Weekday::mon;
    std::uint16_t start = 0;  ///< minutes after local midnight, 0 … 1425
    std::uint16_t end = 0;    ///< minutes after local midnight, 15 … 1440
    /// @brief Length in minutes (a window crossing midnight wraps).
    [[nodiscard]] int minutes() const noexcept { return end > start ? end - start : 1440 - start + end; }
    friend bool operator==(const TimeWindow&, const TimeWindow&) = default;
};

/// @brief Parses "HH:MM" (00:00 … 24:00) into minutes; nullopt when malformed.
[[nodiscard]] std::optional<std::uint16_t> parse_clock(std::string_view text) noexcept;
/// @brief Formats minutes as "HH:MM".
[[nodiscard]] std::string format_clock(std::uint16_t minutes);

inline constexpr int slot_minutes = 15;
inline constexpr int slots_per_day = 96;
inline constexpr int slots_per_week = 7 * slots_per_day;          // 672
inline constexpr int week_words = (slots_per_week + 63) / 64;      // 11

/// @brief 672 bits, one per quarter hour of a week, bit s in word s / 64.
using WeekSlots = std::array<std::uint64_t, week_words>;

/// @brief Number of set slots.
[[nodiscard]] inline int count_slots(const WeekSlots& s) noexcept {
    int n = 0;
    for (auto w : s) n += std::popcount(w);
    return n;
}

/// @brief The slots of `windows` in their own (local) week, without any time zone.
[[nodiscard]] WeekSlots local_slots(std::span<const TimeWindow> windows) noexcept;

/// @brief The Monday (00:00 UTC) of the ISO week holding `day`.
[[nodiscard]] std::chrono::sys_days week_start(std::chrono::sys_days day) noexcept;
/// @brief The Monday of the current week (UTC).
[[nodiscard]] std::chrono::sys_days current_week() noexcept;
/// @brief Parses an ISO date "YYYY-MM-DD" of the years 1900–2199; nullopt when malformed, not a
/// real date or out of that range.
[[nodiscard]] std::optional<std::chrono::sys_days> parse_date(std::string_view text) noexcept;
/// @brief Formats as "YYYY-MM-DD".
[[nodiscard]] std::string format_date(std::chrono::sys_days day);

/// @brief True when `name` is an IANA zone (or link) in the system's tz database.
[[nodiscard]] bool is_time_zone(std::string_view name);

/// @brief Offset of `zone` from UTC, in minutes, at instant `t`. @throws NotFoundError for an unknown zone
[[nodiscard]] int utc_offset_minutes(std::string_view zone, std::chrono::sys_seconds t);

/// @brief Converts local weekly windows to UTC slots for one reference week, caching one
/// table per time zone. Not thread-safe; use one per thread.
class WeekConverter {
public:
    /// @param any_day any day of the reference week
    explicit WeekConverter(std::chrono::sys_days any_day);
    ~WeekConverter();
    WeekConverter(WeekConverter&&) noexcept;
    WeekConverter& operator=(WeekConverter&&) noexcept;

    /// @brief The Monday of the reference week.
    [[nodiscard]] std::chrono::sys_days week() const noexcept { return week_; }

    /// @brief UTC slots during which the local clock in `zone` is inside one of `windows`.
    /// Local times skipped by a DST change are never available; repeated ones count twice.
    /// @throws NotFoundError for an unknown zone
    [[nodiscard]] WeekSlots to_utc(std::span<const TimeWindow> windows, std::string_view zone);

private:
    struct Impl;
    std::chrono::sys_days week_;
    std::unique_ptr<Impl> impl_;
};

}  // namespace letsconnect
