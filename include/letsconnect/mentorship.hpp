// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#pragma once

/// @file mentorship.hpp
/// @brief Mentorship programmes as CapX runs them: a partner organisation's programme with its
/// skills, languages, registration dates and mentor and mentee sign-ups.
///
/// Format `letsconnect.mentorship/1` (field names follow CapX's `PartnerMentorshipSettings`):
/// @code{.json}
/// {"format": "letsconnect.mentorship/1",
///  "id": "wmng-mentoring-2026", "name": "Grant writing mentoring", "organization": "capx-org-17",
///  "description": "...", "skills": ["grant-writing"], "languages": ["en", "ha"], "territory": "SSA",
///  "registration_open_date": "2026-03-01", "registration_close_date": "2026-03-31",
///  "capacity": 2,
///  "mentors": [{"user": "Amina Bello", "created_at": "2026-03-02", "capacity": 3}],
///  "mentees": [{"user": "Kofi Mensah", "created_at": "2026-03-05T10:00:00Z"}]}
/// @endcode
/// `skills` are taxonomy ids or QIDs (CapX skill ids as numbers are accepted as strings);
/// `organization` is a CapX organisation id (a number, kept as "capx-org-<id>") or any string;
/// `territory` a region code, CapX region id (18–25) or country code; `capacity` the mentors'
/// default (1 if absent). `created_at` is a date or an ISO 8601 time (UTC).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "letsconnect/assign.hpp"
#include "letsconnect/directory.hpp"
#include "letsconnect/error.hpp"

namespace letsconnect {

/// @brief One sign-up of a mentor or a mentee.
struct SignUp {
    std::string username;
    std::optional<std::chrono::sys_days> date;  ///< day signed up (UTC), if known
    std::optional<unsigned> capacity;           ///< a mentor's own capacity
    friend bool operator==(const SignUp&, const SignUp&) = default;
};

/// @brief A mentorship programme and its sign-ups.
struct MentorshipProgramme {
    std::string id;
    std::string name;
    std::string organization;
    std::string description;
    std::vector<std::string> skills;     ///< what the programme mentors in (empty: any)
    std::vector<std::string> languages;  ///< languages it runs in (empty: any)
    std::string territory;               ///< as given: region, country or CapX territory id
    std::optional<std::chrono::sys_days> registration_open;
    std::optional<std::chrono::sys_days> registration_close;
    unsigned capacity = 1;               ///< mentors' default capacity
    std::vector<SignUp> mentors;
    std::vector<SignUp> mentees;

    /// @brief Whether `s` signed up within the registration dates (inclusive; a missing date or
    /// bound never excludes).
    [[nodiscard]] bool on_time(const SignUp& s) const noexcept;

    /// @throws FormatError (bad JSON, wrong format), ValidationError (every field problem, naming it)
    static MentorshipProgramme from_json(std::string_view text, const std::string& source = "<memory>");
    /// @throws FileError, FormatError, ValidationError
    static MentorshipProgramme load(const std::string& path);
    /// @brief As `letsconnect.mentorship/1`; from_json(to_json()) is the same programme.
    [[nodiscard]] std::string to_json(int indent = 1) const;
    /// @brief Writes to_json() atomically. @throws FileError
    void save(const std::string& path) const;
    /// @brief Problems against a directory: sign-ups of unknown users, unknown skills, people
    /// signed up twice as mentor or twice as mentee.
    [[nodiscard]] std::vector<Problem> check(const Directory& directory) const;
    friend bool operator==(const MentorshipProgramme&, const MentorshipProgramme&) = default;
};

/// @brief assign() on a programme's sign-ups.
///
/// Mentees and mentors are the sign-ups, each mentor with their own capacity or the programme's.
/// Mentors must share one of the programme's skills (or a skill below one) and speak one of its
/// languages at `options.weights.min_level` (added to `options.options.filter`). Mentees who
/// signed up outside the registration dates are unassigned with
/// UnassignedReason::registration_closed; mentors who did, get capacity 0. `options.capacity`
/// and `options.capacities` are replaced by the programme's.
/// @throws ValidationError (check() problems, and those of assign())
[[nodiscard]] Assignment assign(const Directory& directory, const MentorshipProgramme& programme,
                                AssignOptions options = {});

}  // namespace letsconnect
