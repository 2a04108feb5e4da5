// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#pragma once

/// @file clinic.hpp
/// @brief Learning Clinics (`letsconnect.clinics/1`): what was held, when, in which language,
/// who shared, who registered, and where its attendance reports are.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "letsconnect/error.hpp"

namespace letsconnect {

class Directory;

/// @brief One Learning Clinic (a plain value type).
struct Clinic {
    std::string id;                           ///< unique key, e.g. "lc-2026-01"
    std::string title;
    std::chrono::sys_seconds start{};         ///< start, UTC
    int duration_min = 120;                   ///< planned length in minutes (> 0)
    std::string language;                     ///< language the clinic is held in ("en")
    std::vector<std::string> interpretation;  ///< languages offered by interpretation
    std::vector<std::string> skills;          ///< taxonomy ids (or QIDs) of the topic
    std::vector<std::string> sharers;         ///< usernames of the people who shared
    std::vector<std::string> registrants;     ///< usernames of the people who registered
    std::vector<std::string> attendance;      ///< attendance report paths, relative to the clinics file
    std::string series;                       ///< series the clinic belongs to (for badges), optional
    std::string report_time_zone;             ///< IANA zone of its reports' times (the Zoom account's), when not the default

    friend bool operator==(const Clinic&, const Clinic&) = default;
};

/// @brief The clinics of a programme, in the order given, with the folder their report paths are
/// relative to.
///
/// @code
/// auto clinics = letsconnect::Clinics::load("clinics.json");
/// for (const auto& c : clinics.clinics) std::cout << c.id << ' ' << c.registrants.size() << '\n';
/// @endcode
struct Clinics {
    std::vector<Clinic> clinics;
    std::string base_dir;  ///< folder of the file loaded ("" for text); attendance paths are relative to it
    std::string source;    ///< the file loaded, or the source name given to from_json (named in problems)

    /// @brief Loads `letsconnect.clinics/1` JSON.
    /// @throws FileError, FormatError (line and column), ValidationError (every field problem, naming
    /// the clinic and field)
    static Clinics load(const std::string& path);
    /// @brief Parses `letsconnect.clinics/1` JSON text.
    static Clinics from_json(std::string_view text, const std::string& source = "<memory>");
    /// @brief Serialises; from_json(to_json()) gives the same clinics.
    [[nodiscard]] std::string to_json(int indent = 1) const;
    /// @brief Writes to_json() atomically (temp file, fsync, rename). @throws FileError
    void save(const std::string& path) const;

    /// @brief The clinic with `id`. @throws NotFoundError
    [[nodiscard]] const Clinic& at(std::string_view id) const;
    /// @brief Attendance report paths of `clinic`, resolved against base_dir (absolute paths are kept).
    [[nodiscard]] std::vector<std::string> attendance_paths(const Clinic& clinic) const;

    /// @brief Cross-checks against a directory: sharers and registrants that are not profiles,
    /// skills the directory's taxonomy does not know. Returns every problem (empty = consistent).
    [[nodiscard]] std::vector<Problem> check(const Directory& directory) const;
};

/// @brief Checks one clinic on its own: id, start, duration, language codes, duplicates.
[[nodiscard]] std::vector<Problem> validate(const Clinic& clinic, const std::string& source, const std::string& where);

/// @brief "2026-01-14T14:00:00Z".
[[nodiscard]] std::string format_utc(std::chrono::sys_seconds t);
/// @brief Parses an ISO 8601 instant: "2026-01-14T14:00:00Z", "2026-01-14T15:00:00+01:00",
/// "2026-01-14 14:00" (a space for T, seconds optional). Without an offset the time is in
/// `zone` (UTC when empty); a local time repeated by a DST change is taken at its first occurrence,
/// one skipped by it is an error. nullopt when malformed.
/// @throws NotFoundError for an unknown zone
[[nodiscard]] std::optional<std::chrono::sys_seconds> parse_instant(std::string_view text, std::string_view zone = {});

}  // namespace letsconnect
