// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#pragma once

/// @file reconcile.hpp
/// @brief Name reconciliation: Zoom display names → registered profiles, with a confidence and a
/// review queue for what the machine is unsure of.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "letsconnect/attendance.hpp"
#include "letsconnect/clinic.hpp"
#include "letsconnect/progress.hpp"

namespace letsconnect {

class Directory;
using ProfileIndex = std::uint32_t;

/// @brief What the reconciler decided about one attendee.
enum class MatchStatus : std::uint8_t {
    matched,       ///< a registered profile, confidently
    review,        ///< unsure: a person should decide (a suggested username may be given)
    unregistered,  ///< not a registered participant
};
[[nodiscard]] std::string_view to_string(MatchStatus status) noexcept;

/// @brief What a display name looks like.
enum class NameKind : std::uint8_t {
    person,       ///< a person's name (possibly with affiliation, pronouns, title, device)
    device,       ///< only a device or a placeholder: "Galaxy A12", "iPhone", "Zoom user"
    interpreter,  ///< an interpretation channel: "Interpretation - FR", "Intérprete (PT)"
    host,         ///< the organisers' account: "Let's Connect Host"
};
[[nodiscard]] std::string_view to_string(NameKind kind) noexcept;

/// @brief A display name taken apart: its kind and the person-name readings in it, each as
/// normalised tokens (Latin, lower case, no diacritics).
struct CleanName {
    NameKind kind = NameKind::person;
    /// @brief Readings, most likely first: "Mina (Amina Bello) | WMNG" gives "mina" and "amina bello".
    std::vector<std::vector<std::string>> readings;
    /// @brief True when some reading was transliterated from a non-Latin script.
    bool transliterated = false;
};

/// @brief Takes a display name apart: drops affiliations (in parentheses or after `|`, ` - `, `/`),
/// pronouns, titles and device words ("iPhone de María" → "maria"), recognises interpreters,
/// hosts and device-only names, transliterates other scripts to Latin (ICU `Any-Latin`,
/// `Latin-ASCII`), folds case, and splits joined usernames ("NgoziEze22" → "ngozi eze").
[[nodiscard]] CleanName clean_display_name(std::string_view display_name);

/// @brief Similarity in [0, 1] of two names, the better of both directions (reconcile() scores a
/// display name against a registered one, which is not symmetric: registered middle names may be
/// missing); order of words ignored, initials, one-letter typos and transliterations partly credited.
[[nodiscard]] double name_similarity(std::string_view a, std::string_view b);

/// @brief Thresholds of the decisions.
struct ReconcileOptions {
    double match_threshold = 0.85;   ///< best score needed to match automatically
    double review_threshold = 0.6;   ///< below this, the attendee is unregistered
    double margin = 0.1;             ///< lead over the next profile needed to match automatically
    double registrant_bonus = 0.04;  ///< added for a clinic's registrants (they are expected)
};

/// @brief A profile that a display name could be, with its score.
struct NameCandidate {
    ProfileIndex profile = 0;
    double score = 0;   ///< in [0, 1]
    std::string via;    ///< what matched: "name", "alias", "username", "email"
    bool exact = false; ///< the e-mail, a recorded alias or the username exactly as typed
};

/// @brief Index of the names of a directory's profiles (names, usernames, aliases, e-mails) for
/// fast lookup of display names: tokens, transliteration skeletons and one-deletion neighbours
/// (for typos) map to the profiles, so a lookup scores a few candidates, not every profile.
/// Immutable and safe to use from many threads.
class NameIndex {
public:
    /// @remarks O(total name length); transliteration is done only for non-ASCII names.
    explicit NameIndex(const Directory& directory);
    ~NameIndex();
    NameIndex(NameIndex&&) noexcept;
    NameIndex& operator=(NameIndex&&) noexcept;

    /// @brief The `k` best profiles for a display name (and e-mail), best first, ties by username.
    [[nodiscard]] std::vector<NameCandidate> candidates(std::string_view display_name, std::string_view email = {},
                                                        std::size_t k = 3) const;
    /// @brief Scores of a display name against given profiles (e.g. a clinic's registrants), in
    /// their order. @throws std::out_of_range for an index past the end
    [[nodiscard]] std::vector<NameCandidate> score(std::string_view display_name, std::span<const ProfileIndex> profiles) const;
    /// @brief Number of distinct name tokens indexed.
    [[nodiscard]] std::size_t tokens() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// @brief The decision about one attendee of a report.
struct AttendeeMatch {
    Attendee attendee;
    NameKind kind = NameKind::person;
    MatchStatus status = MatchStatus::unregistered;
    std::optional<ProfileIndex> profile;  ///< the match, or the suggestion under review
    std::string username;                 ///< of `profile`, "" when none
    double confidence = 0;                ///< in [0, 1]: of the match, or of "not registered"
    std::string reason;                   ///< e.g. "alias", "transliterated name", "ambiguous: also Amina Bako"
    std::string person;                   ///< stable person id: the username when matched, "nr-…" otherwise (link_people())
};

/// @brief Reconciles one report: merges segments into attendees, then decides for each.
///
/// Decisions are one-to-one within the report: when several attendees point at one profile,
/// the best (then the longest attending) keeps it and the others go to review. A name recorded in
/// a profile's aliases (Directory::with_aliases()) or a matching e-mail is matched with confidence 1.
/// With `clinic`, its registrants get ReconcileOptions::registrant_bonus.
/// @remarks Uses directory.names() (built once per directory); reports of 512 attendees or more are
/// decided on every core. About 0.1–0.4 ms per attendee against 100,000 profiles (bench_reconcile.py).
[[nodiscard]] std::vector<AttendeeMatch> reconcile(const Directory& directory, const ZoomReport& report,
                                                   const Clinic* clinic = nullptr, const ReconcileOptions& options = {});

/// @brief Gives every attendee a stable person id across clinics: the username when matched;
/// otherwise the same id for the same non-registered person seen in several clinics (same
/// e-mail, or names that agree: name_similarity() ≥ 0.85), "nr-" + 10 hex digits of a hash of
/// the group's smallest normalised name, so ids do not depend on the order of clinics. Device
/// names stay one person per clinic; interpreters and hosts get "interpreter"/"host" ids.
void link_people(std::span<std::vector<AttendeeMatch>> clinics);

/// @brief Attendance of one clinic: the reconciled attendees of all its reports.
struct ClinicAttendance {
    std::string clinic_id;
    bool has_report = false;  ///< false when the clinic has no attendance report
    std::vector<AttendeeMatch> attendees;
};

/// @brief Reads and reconciles the reports of every clinic (Clinics::attendance_paths(), or
/// `<attendance_dir>/<attendance path>` and `<attendance_dir>/<id>.csv` when `attendance_dir` is
/// given), with each clinic's registrants, then links people across clinics. Report times are read
/// in the clinic's report_time_zone, or `time_zone` when it has none.
/// @param progress told the clinics done (see Progress), optional
/// @throws what ZoomReport::read() throws, naming the file
[[nodiscard]] std::vector<ClinicAttendance> reconcile_clinics(const Directory& directory, const Clinics& clinics,
                                                              const std::string& attendance_dir = {},
                                                              std::string_view time_zone = "UTC",
                                                              const ReconcileOptions& options = {},
                                                              const Progress& progress = {});

}  // namespace letsconnect
