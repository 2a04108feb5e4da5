// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#pragma once

/// @file badges.hpp
/// @brief Recognition: badge rules (`letsconnect.badges/1`) evaluated on attendance and sharing.

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "letsconnect/clinic.hpp"
#include "letsconnect/reconcile.hpp"

namespace letsconnect {

/// @brief One badge and the condition that earns it. Exactly one of clinics_attended,
/// clinics_shared and series is set.
///
/// ```json
/// {"id": "five-clinics", "label": "Five clinics", "clinics_attended": 5, "min_minutes": 30}
/// {"id": "first-share", "label": "First time as a sharer", "clinics_shared": 1}
/// {"id": "grants-series", "label": "Grants series completed", "series": "grants"}
/// {"id": "data-learner", "label": "Three data clinics", "clinics_attended": 3, "skill": "learning-evaluation"}
/// ```
struct BadgeRule {
    std::string id;
    std::string label;
    int clinics_attended = 0;  ///< earned at the clinic that makes this many attended
    int clinics_shared = 0;    ///< earned at the clinic that makes this many shared
    std::string series;        ///< earned at the clinic that completes every clinic of this series
    std::string skill;         ///< count only clinics with this skill or one below it (taxonomy id)
    double min_minutes = 0;    ///< an attendance counts from this many minutes

    friend bool operator==(const BadgeRule&, const BadgeRule&) = default;
};

/// @brief A set of badge rules.
struct BadgeRules {
    std::vector<BadgeRule> rules;

    /// @throws FileError, FormatError, ValidationError (naming the rule and field)
    static BadgeRules load(const std::string& path);
    static BadgeRules from_json(std::string_view text, const std::string& source = "<memory>");
    [[nodiscard]] std::string to_json(int indent = 1) const;
    /// @brief The programme's defaults: first clinic, five clinics, ten clinics, first time as a sharer.
    [[nodiscard]] static BadgeRules defaults();
};

/// @brief A badge earned by a registered participant.
struct BadgeAward {
    std::string username;
    std::string badge;       ///< rule id
    std::string label;
    std::string clinic_id;   ///< the clinic at which it was earned
    std::chrono::sys_seconds earned{};  ///< that clinic's start

    friend bool operator==(const BadgeAward&, const BadgeAward&) = default;
};

/// @brief Evaluates the rules over the clinics in start order. Attendance counts for matched
/// attendees only (a confirmed alias makes a review case count next time).
/// @param since only badges earned at clinics starting on or after this day; all when empty
/// @return awards sorted by date, username, badge
/// @throws NotFoundError for a rule's unknown skill
[[nodiscard]] std::vector<BadgeAward> award_badges(const Directory& directory, const Clinics& clinics,
                                                   std::span<const ClinicAttendance> attendance, const BadgeRules& rules,
                                                   std::optional<std::chrono::sys_days> since = std::nullopt);

}  // namespace letsconnect
