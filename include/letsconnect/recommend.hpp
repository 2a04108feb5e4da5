// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#pragma once

/// @file recommend.hpp
/// @brief Queries on the score kernel: top-k peers, batches, score matrices, clinic audiences.
///
/// Every query ranks by the total of score.hpp, highest first, ties broken by username (the
/// order of Directory::username_rank()), so results are deterministic and equal to sorting the
/// full score vector.

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "letsconnect/directory.hpp"
#include "letsconnect/progress.hpp"
#include "letsconnect/score.hpp"

namespace letsconnect {

/// @brief One recommended candidate.
struct Match {
    ProfileIndex candidate = 0;
    Score score;
    friend bool operator==(const Match&, const Match&) = default;
};

/// @brief The top `k` candidates for `seeker`, best first.
/// @param threads for a directory of at least 262,144 profiles, how many threads search parts of
/// it in parallel (0: one per core; 1: this thread only); parts hold at least 131,072 profiles
/// each. Worker threads are started once and kept, and every thread keeps its working bitmaps
/// (about 3 MB per million profiles) for the next query.
/// @throws ValidationError (k = 0, bad weights or filter), NotFoundError (unknown filter skill)
/// @remarks Each of the seeker's skills is a term. Per profile, bit-sliced counters over the
/// directory's skill and category bitmaps count the terms it hits at full credit and the terms
/// whose category it has a skill of (no credit without one). Candidates are grouped by their hit
/// counts; groups are visited best bound first, and within a group the bitmaps of categories,
/// language levels, region and 4-hour availability blocks drop the members that cannot reach the
/// k-th best so far. The survivors are scored with the kernel (rows prefetched in batches). The
/// search stops at the first group whose bound is below the k-th best, so most of a large
/// directory is never scored. Small directories (< 4096) are scanned.
///
/// @code
/// auto top = letsconnect::recommend(dir, dir.at("Amina Bello"), 10);
/// for (const auto& m : top) std::cout << dir.profile(m.candidate).username << '\n';
/// @endcode
[[nodiscard]] std::vector<Match> recommend(const Directory& directory, ProfileIndex seeker, std::size_t k = 10,
                                           const Weights& weights = {}, const ScoreOptions& options = {},
                                           unsigned threads = 0);

/// @brief The top `k` for a prepared seeker (a Scorer, possibly from outside the directory).
[[nodiscard]] std::vector<Match> recommend(const Scorer& scorer, std::size_t k = 10, unsigned threads = 0);

/// @brief recommend() for many seekers on `threads` threads (0: one per core), one seeker per thread.
/// @param progress told the seekers done (see Progress), optional
/// @return one list per seeker, in the order given
/// @remarks Worker exceptions are rethrown on the caller.
[[nodiscard]] std::vector<std::vector<Match>> recommend_many(const Directory& directory,
                                                             const std::vector<ProfileIndex>& seekers,
                                                             std::size_t k = 10, const Weights& weights = {},
                                                             const ScoreOptions& options = {},
                                                             unsigned threads = 0, const Progress& progress = {});

/// @brief Row-major float matrix (seekers × candidates).
using ScoreMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// @brief Totals for every (seeker, candidate) pair; pairs rejected by a hard filter are -inf.
/// @param candidates the columns; all profiles in directory order when empty
/// @remarks Rows are computed in parallel on `threads` threads (0: one per core).
[[nodiscard]] ScoreMatrix score_matrix(const Directory& directory, const std::vector<ProfileIndex>& seekers,
                                       const std::vector<ProfileIndex>& candidates = {}, const Weights& weights = {},
                                       const ScoreOptions& options = {}, unsigned threads = 0);

/// @brief score_matrix() in blocks of at most `rows` seekers, each handed to `sink(first_row, block)`
/// and then reused, so memory stays at one block however many seekers there are.
/// @param progress told the seekers (rows) done (see Progress), optional
/// @throws ValidationError for rows = 0 or bad weights, std::out_of_range for an index past the end
void score_matrix_blocks(const Directory& directory, const std::vector<ProfileIndex>& seekers,
                         const std::vector<ProfileIndex>& candidates, const Weights& weights,
                         const ScoreOptions& options, std::size_t rows,
                         const std::function<void(std::size_t, const ScoreMatrix&)>& sink, unsigned threads = 0,
                         const Progress& progress = {});

/// @brief A Learning Clinic to find an audience for.
struct AudienceQuery {
    std::vector<std::string> skills;          ///< taxonomy ids or QIDs the clinic covers
    std::string language;                     ///< the clinic's language
    std::vector<std::string> interpretation;  ///< languages offered by interpretation
    std::chrono::sys_seconds start{};         ///< start, UTC
    int duration_minutes = 120;
    SearchQuery filter;                       ///< further conditions on the audience
};

/// @brief Who to invite to a clinic: people who want its skills (through the taxonomy), speak
/// its language or an interpretation language at `weights.min_level` or above, and are
/// available for the whole clinic, best first.
///
/// The clinic is scored as a seeker who shares its skills, speaks its languages natively and is
/// available exactly during the clinic (Direction::share_with), so the ranking is the kernel's.
/// Availability is taken for the week of `start`: when that is not the directory's reference
/// week the directory is converted with Directory::for_week() first.
/// @throws ValidationError (no skills, bad language, duration outside 15 … 1440, k = 0),
/// NotFoundError (unknown skill)
[[nodiscard]] std::vector<Match> audience(const Directory& directory, const AudienceQuery& clinic, std::size_t k = 50,
                                          const Weights& weights = {});

/// @brief The clinic as a profile: sharing its skills, speaking its languages natively,
/// available (time zone UTC) during every quarter hour it touches.
/// @throws ValidationError for a bad clinic
[[nodiscard]] Profile clinic_profile(const AudienceQuery& clinic);

/// @brief The Scorer audience() ranks with: clinic_profile() as the seeker, Direction::share_with,
/// the clinic's filter, and availability during the clinic required. `directory` must be for the
/// week of the clinic's start (see Directory::for_week()); audience() sees to that.
[[nodiscard]] Scorer audience_scorer(const Directory& directory, const AudienceQuery& clinic, const Weights& weights = {});

/// @brief A sentence saying why `candidate` suits `seeker`, e.g. "shares Grant writing, which
/// you want to learn; you both speak French (N / 3); 6 common hours a week".
///
/// Skill names are the taxonomy's labels in the seeker's best language that has one, falling
/// back to English.
[[nodiscard]] std::string explain(const Scorer& scorer, ProfileIndex candidate);

}  // namespace letsconnect
