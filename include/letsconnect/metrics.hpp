// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#pragma once

/// @file metrics.hpp
/// @brief Programme metrics, exactly as defined in the design (§5): attendees, show-up rate,
/// retention, reach, participation, repeat attendance, regional diversity, sharers.

#include <chrono>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "letsconnect/clinic.hpp"
#include "letsconnect/reconcile.hpp"
#include "letsconnect/region.hpp"

namespace letsconnect {

/// @brief Figures of one clinic. Rates are NaN when their denominator is 0.
struct ClinicMetrics {
    std::string clinic_id;
    std::chrono::sys_seconds start{};
    bool has_report = false;
    std::size_t attendees = 0;        ///< distinct people (interpreter channels and hosts excluded)
    std::size_t registered = 0;       ///< attendees matched to a profile
    std::size_t non_registered = 0;   ///< the others (review included until confirmed)
    std::size_t review = 0;           ///< of non_registered: waiting for a decision
    std::size_t registrants = 0;
    std::size_t registrants_attended = 0;
    double show_up_rate = 0;          ///< registrants_attended / registrants (NaN without a report)
    std::size_t retained = 0;         ///< attendees with more than retention_minutes
    double retention = 0;             ///< retained / attendees
    double median_minutes = 0;        ///< of attendees
};

/// @brief One attendee of one clinic as the metrics count them: a person's names (two devices,
/// a rename) merged, their minutes the union of all their segments.
struct AttendeeFigures {
    std::string clinic_id;
    std::string person;           ///< stable across clinics (link_people()); the username when registered
    std::string username;         ///< the profile, "" when not registered (review included)
    double minutes = 0;
    bool retained = false;        ///< minutes > retention_minutes
    friend bool operator==(const AttendeeFigures&, const AttendeeFigures&) = default;
};

/// @brief Attendance by region: registered people by their profile's region; non-registered
/// people under Region::Unknown.
struct RegionAttendance {
    Region region = Region::Unknown;
    std::size_t people = 0;       ///< distinct people
    std::size_t attendances = 0;  ///< person-clinics
};

/// @brief One sharer of the programme (a person who led or co-led a clinic).
struct SharerFigures {
    std::string username;          ///< the profile's username; as the clinics spell it when no profile has it
    bool registered = false;       ///< a profile of the directory
    Region region = Region::Unknown;
    std::string country;           ///< ISO 3166-1 alpha-2, "" when not known
    std::string gender;            ///< as the profile states it, "" when not stated (gender_stated())
    std::size_t clinics = 0;       ///< clinics shared at
    friend bool operator==(const SharerFigures&, const SharerFigures&) = default;
};

/// @brief Programme-wide figures. Rates are NaN when their denominator is 0.
struct ProgrammeMetrics {
    std::vector<ClinicMetrics> clinics;
    std::size_t clinics_with_report = 0;
    std::size_t attendances = 0;             ///< sum of attendees over clinics
    std::size_t registrants = 0;             ///< sum of registrants over clinics with a report
    std::size_t registrants_attended = 0;    ///< of those, who attended
    double show_up_rate = 0;                 ///< registrants_attended / registrants (clinics with a report)
    std::size_t retained = 0;                ///< sum over clinics of attendees with more than retention_minutes
    double retention = 0;                    ///< retained / attendances
    std::size_t reach = 0;                   ///< distinct people: registered + non-registered groups
    std::size_t registered_people = 0;       ///< distinct profiles that attended
    std::size_t non_registered_people = 0;   ///< distinct non-registered people (link_people())
    std::size_t profiles = 0;                ///< registered profiles in the directory
    double participation_of_registered = 0;  ///< registered_people / profiles
    double clinics_per_registered = 0;       ///< mean clinics per participating registered person
    double clinics_per_person = 0;           ///< attendances / reach
    std::size_t repeat_non_registered = 0;   ///< non-registered people in ≥ 2 clinics
    double repeat_rate_non_registered = 0;   ///< repeat_non_registered / non_registered_people
    std::vector<RegionAttendance> by_region; ///< regions with attendance, in region order
    std::size_t sharers = 0;                 ///< distinct sharers over all clinics
    std::size_t sharers_region_known = 0;
    std::size_t sharers_under_represented = 0;  ///< from regions other than NWE and NA
    double under_represented_sharer_share = 0;  ///< sharers_under_represented / sharers_region_known
    std::size_t sharers_gender_known = 0;    ///< sharers whose gender is stated (gender_stated())
    std::size_t women_sharers = 0;
    double women_sharer_share = 0;           ///< women_sharers / sharers_gender_known
    std::vector<SharerFigures> sharer_list;  ///< one per distinct sharer, in username-key order
    std::vector<AttendeeFigures> attendees;  ///< every attendee of every clinic, clinics in start order
};

/// @brief Computes every metric.
/// @param attendance one entry per clinic with a report (others count as without report)
/// @param retention_minutes an attendee is retained with strictly more minutes than this
/// @throws NotFoundError for attendance of a clinic `clinics` does not have, ValidationError for
/// two entries of one clinic
[[nodiscard]] ProgrammeMetrics compute_metrics(const Directory& directory, const Clinics& clinics,
                                               std::span<const ClinicAttendance> attendance,
                                               double retention_minutes = 90.0);

/// @brief True when free-text `gender` says female ("female", "woman", "f", "femme", "mujer", ...).
[[nodiscard]] bool is_woman(std::string_view gender) noexcept;
/// @brief False when free-text `gender` gives no answer ("", "unknown", "prefer not to say", "n/a", ...).
[[nodiscard]] bool gender_stated(std::string_view gender) noexcept;

}  // namespace letsconnect
