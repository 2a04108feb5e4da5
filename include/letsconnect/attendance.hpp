// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#pragma once

/// @file attendance.hpp
/// @brief Zoom participant reports: parsing the CSV export and merging join segments into
/// attendees.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "letsconnect/error.hpp"

namespace letsconnect {

/// @brief One row of a Zoom participant report: one join segment of one device.
struct Segment {
    std::string name;                 ///< `Name (Original Name)` cell exactly as exported
    std::string email;                ///< `User Email` cell, "" when empty
    std::chrono::sys_seconds join{};  ///< UTC
    std::chrono::sys_seconds leave{}; ///< UTC, >= join
    int duration_min = 0;             ///< `Duration (Minutes)` as exported (Zoom rounds up)
    bool guest = false;               ///< `Guest` = Yes
    bool waiting_room = false;        ///< `In Waiting Room` = Yes: not attendance (merge_segments() leaves it out)
    std::size_t line = 0;             ///< 1-based line in the file

    friend bool operator==(const Segment&, const Segment&) = default;
};

/// @brief The optional meeting block at the top of a participant report.
struct MeetingInfo {
    std::string meeting_id;
    std::string topic;
    std::optional<std::chrono::sys_seconds> start;  ///< UTC
    std::optional<std::chrono::sys_seconds> end;    ///< UTC
    std::string host_email;
    std::optional<int> duration_min;
    std::optional<int> participants;

    friend bool operator==(const MeetingInfo&, const MeetingInfo&) = default;
};

/// @brief A Zoom participant report (CSV export), one Segment per row.
///
/// Accepted: a UTF-8 BOM (or a UTF-16 file with its BOM), CRLF or LF line ends, the optional
/// meeting block (`Meeting ID,Topic,Start Time,...` + one row + a blank line), header names in
/// any case and their variants of Zoom's exports (`Name (Original Name)` / `Name (original name)`
/// / `Name`, `User Email` / `Email`, `Join Time` / `Join time`, ...), extra columns (ignored),
/// RFC 4180 quoting (commas, quotes and line breaks inside quoted fields), and times as
/// `MM/DD/YYYY hh:mm:ss AM/PM`, `MM/DD/YYYY HH:MM[:SS]` or ISO 8601. Times without an offset are in
/// the report's time zone (the Zoom account's; UTC unless told); in the hour repeated when clocks
/// go back, a time is its first occurrence, and a leave time that would then precede its join
/// time is the second. A row may lack trailing optional columns (e-mail, duration, guest).
///
/// @code
/// auto report = letsconnect::ZoomReport::read("clinic-12.csv", "America/New_York");
/// for (const auto& a : report.attendees()) std::cout << a.display_name << ' ' << a.seconds / 60 << '\n';
/// @endcode
struct ZoomReport {
    std::string source;                  ///< file name or "<memory>"
    std::string time_zone = "UTC";       ///< zone the report's local times were read in
    std::optional<MeetingInfo> meeting;  ///< the meeting block, when present
    std::vector<Segment> segments;       ///< in file order

    /// @brief Reads a report file.
    /// @param time_zone IANA zone of times without an offset ("" = UTC)
    /// @throws FileError; FormatError (encoding, header, line number); ValidationError listing every
    /// malformed row with its line (bad time, leave before join, empty name, too few fields for the
    /// name and times, a bad duration or guest value);
    /// NotFoundError for an unknown zone
    static ZoomReport read(const std::string& path, std::string_view time_zone = "UTC");
    /// @brief Parses report text (see read()).
    static ZoomReport parse(std::string_view text, const std::string& source = "<memory>",
                            std::string_view time_zone = "UTC");

    /// @brief The distinct participants, see merge_segments().
    [[nodiscard]] std::vector<struct Attendee> attendees() const;
};

/// @brief A distinct participant of one report after merging their segments.
struct Attendee {
    std::string display_name;            ///< the name cell of their first segment, untouched
    std::vector<std::string> names;      ///< every distinct name cell merged into this attendee
    std::string email;                   ///< first non-empty e-mail of their segments
    std::vector<std::size_t> segments;   ///< indices into ZoomReport::segments, by join time
    std::vector<std::pair<std::chrono::sys_seconds, std::chrono::sys_seconds>> intervals;  ///< [join, leave) of those segments
    long long seconds = 0;               ///< union of the segments' intervals (overlaps once)
    std::chrono::sys_seconds first_join{};
    std::chrono::sys_seconds last_leave{};

    /// @brief Minutes attended (seconds / 60).
    [[nodiscard]] double minutes() const noexcept { return static_cast<double>(seconds) / 60.0; }
    friend bool operator==(const Attendee&, const Attendee&) = default;
};

/// @brief Merges segments into attendees (rows in the waiting room left out): segments with the same name cell, or the same non-empty
/// e-mail (case-insensitive), are one person. Time attended is the union of their intervals, so
/// two devices at once, or a rejoin that overlaps, count once. Attendees come in order of first
/// join (then name).
/// @remarks O(s log s) for s segments.
[[nodiscard]] std::vector<Attendee> merge_segments(const std::vector<Segment>& segments);

/// @brief Seconds covered by the union of [join, leave) intervals.
[[nodiscard]] long long union_seconds(std::vector<std::pair<std::chrono::sys_seconds, std::chrono::sys_seconds>> intervals);

}  // namespace letsconnect
