// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#pragma once

/// @file assign.hpp
/// @brief Mentoring pairs for a whole programme at once: the assignment of mentees to mentors
/// that maximises the total score, or a mentee-optimal stable matching.
///
/// Every pair is scored by the kernel of score.hpp with the mentee as the seeker and the mentor
/// as the candidate (by default Direction::learn_from: the mentor shares what the mentee wants to
/// learn). A pair is **eligible** when the kernel accepts it (hard filters), its total is at
/// least AssignOptions::min_score, and it is not forbidden.
///
/// **Optimal** (the default): each mentee gets at most one mentor, each mentor at most their
/// capacity, required pairs are kept, and among all such assignments of eligible pairs the one
/// with the largest sum of totals is returned. It is solved exactly as a min-cost flow (LEMON's
/// network simplex) on integer costs (totals in units of 2⁻⁴⁰), so the objective is within
/// 10⁻¹² per pair of the real optimum.
///
/// **Stable** (AssignOptions::stable): deferred acceptance with mentees proposing, mentors
/// holding up to their capacity. A mentee prefers mentors by the pair's total; a mentor prefers
/// mentees by the total of the reverse pair (the mentor as the seeker, the mentee as the
/// candidate, in the opposite direction: whom the mentor can teach most of what they share);
/// a reverse pair the kernel rejects ranks last. Totals are compared in units of 2⁻⁴⁰ (closer ones
/// are ties, as in the optimal mode), and ties on either side break by username. The
/// result is the mentee-optimal stable matching: no mentee and mentor both prefer each other to
/// what they have, and every mentee has the best mentor they have in any stable matching.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "letsconnect/directory.hpp"
#include "letsconnect/score.hpp"

namespace letsconnect {

/// @brief A (mentee, mentor) pair of profile indices.
using PairIndex = std::pair<ProfileIndex, ProfileIndex>;

/// @brief How an assignment is made. Every member has a sensible default.
struct AssignOptions {
    Weights weights;
    /// The mentee is the seeker; by default only mentors who share something the mentee wants
    /// to learn are eligible.
    ScoreOptions options{Direction::learn_from, true, {}, {}};
    unsigned capacity = 1;              ///< mentees per mentor, for mentors without their own
    std::vector<unsigned> capacities;   ///< per mentor, in the order of the mentors (empty: all `capacity`)
    std::optional<double> min_score;    ///< pairs whose total is below are not eligible
    std::vector<PairIndex> forbidden;   ///< (mentee, mentor) pairs never made
    /// (mentee, mentor) pairs always made, even when not eligible (an organiser's decision); they
    /// take capacity first
    std::vector<PairIndex> required;
    bool stable = false;  ///< a stable matching (deferred acceptance) instead of the optimum
    unsigned threads = 0; ///< threads scoring the pairs (0: one per core)
};

/// @brief Why a mentee has no mentor.
enum class UnassignedReason : std::uint8_t {
    no_eligible_mentor,  ///< no pair with this mentee is eligible (language, skills, min_score, forbidden)
    mentors_full,        ///< eligible mentors exist, but their places went to other mentees
    registration_closed, ///< signed up outside the programme's registration dates (mentorship.hpp)
};

/// @brief "no_eligible_mentor", "mentors_full", "registration_closed".
[[nodiscard]] std::string_view to_string(UnassignedReason reason) noexcept;

/// @brief One pair of the result.
struct AssignedPair {
    ProfileIndex mentee = 0;
    ProfileIndex mentor = 0;
    Score score;            ///< the kernel's score (zero for a required pair the kernel rejects)
    bool required = false;  ///< made because it was required
    bool eligible = true;   ///< false for a required pair that is not eligible
    friend bool operator==(const AssignedPair&, const AssignedPair&) = default;
};

/// @brief A mentee without a mentor, and why.
struct UnassignedMentee {
    ProfileIndex mentee = 0;
    UnassignedReason reason = UnassignedReason::no_eligible_mentor;
    std::size_t eligible_mentors = 0;  ///< mentors this mentee had an eligible pair with
    friend bool operator==(const UnassignedMentee&, const UnassignedMentee&) = default;
};

/// @brief The result of assign().
struct Assignment {
    std::vector<AssignedPair> pairs;            ///< in the order the mentees were given
    std::vector<UnassignedMentee> unassigned;   ///< in the order the mentees were given
    std::vector<unsigned> load;                 ///< mentees per mentor, in the order the mentors were given
    std::vector<unsigned> capacity;             ///< each mentor's capacity, same order
    double objective = 0;                       ///< sum of the pairs' totals
    bool stable = false;                        ///< made by deferred acceptance
    std::size_t eligible_pairs = 0;             ///< eligible (mentee, mentor) pairs
    std::size_t flow_arcs = 0;                  ///< pair arcs the flow was solved on (0 when stable)
    std::size_t pricing_rounds = 0;             ///< times the flow was solved (see assign())
};

/// @brief Assigns mentees to mentors.
/// @param mentees the mentees, each at most once
/// @param mentors the mentors, each at most once (a person may be in both lists; nobody is paired
/// with themself)
/// @return the pairs, the unassigned mentees with their reason, the load of each mentor and the
/// objective; empty lists give an empty assignment, never an error
/// @throws ValidationError for more than 400,000 mentees and mentors together (the exact integer
/// costs' range), a capacity above 1,000,000, duplicates, capacities not matching the mentors,
/// a required pair of a person with themself, forbidden or
/// required pairs naming people not in the lists, required pairs that give a mentee two mentors or
/// a mentor more than their capacity, a required pair also forbidden, bad weights or filter;
/// std::out_of_range for an index past the end of the directory
/// @remarks Scores every (mentee, mentor) pair once on `threads` threads and keeps each mentee's
/// eligible mentors, best first (at most 32M arcs in all, 16 bytes each; beyond that each mentee
/// keeps its best ones and is scored again if needed, in both modes). Among assignments with the
/// same total the flow makes the most pairs, so a pair of total 0 is made rather than left out. The flow is solved on each mentee's best
/// 24; then LP duality proves the result optimal over all pairs: a left-out pair can improve the
/// objective only if its reduced cost under the flow's potentials is negative. Such pairs (and
/// those close to it) are added and the flow solved again, until none is left: 3–5 solves on
/// the benchmark's 10,000 × 2,500 (benchmarks/bench_assign.py). Stable matching scores every pair
/// once more for the mentors' side.
///
/// @code
/// std::vector<letsconnect::ProfileIndex> mentees = ..., mentors = ...;
/// letsconnect::AssignOptions opt;
/// opt.capacity = 3;
/// auto result = letsconnect::assign(dir, mentees, mentors, opt);
/// for (const auto& p : result.pairs)
///     std::cout << dir.profile(p.mentee).username << " -> " << dir.profile(p.mentor).username << '\n';
/// @endcode
[[nodiscard]] Assignment assign(const Directory& directory, std::span<const ProfileIndex> mentees,
                                std::span<const ProfileIndex> mentors, const AssignOptions& options = {});

}  // namespace letsconnect
