// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#pragma once

/// @file score.hpp
/// @brief The one score kernel: how well a candidate suits a seeker, with its breakdown.
///
/// For a seeker S and a candidate C the score is a weighted sum of five components, each in
/// [0, 1], evaluated in double precision in this order:
///
///     total = skill·w.skill + reciprocity·w.reciprocity + language·w.language
///           + region·w.region + time_zone·w.time_zone
///
/// **Skill credit through the taxonomy.** For a wanted skill `w` and an offered skill `o`,
/// `credit(w, o)` is 1 when `o == w`; `Weights::narrower` when `o` lies below `w` (asking for a
/// category or a skill accepts what is under it); `Weights::related` when `o` is an ancestor of
/// `w`, or `w` is not a category and `o` lies under `w`'s parent (a sibling or below one);
/// `Weights::category` when both are in the same category otherwise; 0 across categories.
///
/// Two coverages, both anchored on the seeker's own lists (each list deduplicated, summed in
/// taxonomy order):
/// - `learn = Σ_{w ∈ S.learns} max_{o ∈ C.shares} credit(w, o) / |S.learns|` — what C can teach S;
/// - `share = Σ_{o ∈ S.shares} max_{w ∈ C.learns} credit(w, o) / |S.shares|` — what S can teach C.
/// An empty list gives 0. With Direction::learn_from or Direction::mutual, `skill = learn` and
/// `reciprocity = share`; with Direction::share_with they swap.
///
/// **Language**: the largest `min(level_S, level_C) / 6` over the languages both speak at
/// `max(min_level, 1)` or above (native counts as 6); 0 if there is none.
/// **Region**: `same_country` when both give the same country, else `same_region` when both are
/// in the same region, else `other_region`; 0 when either region is unknown.
/// **Time zone**: `min(1, h / overlap_hours)` for `h` the hours both are available in the
/// directory's reference week, in UTC (15-minute resolution, DST as it falls that week).
///
/// **Hard filters** (the pair gets no score): the candidate is the seeker; `min_level` ≥ 1 and
/// the two have no language in common at that level; ScoreOptions::require_skill and the skill
/// relevance of the direction is 0 (learn_from: learn = 0; share_with: share = 0; mutual:
/// both 0); the candidate fails ScoreOptions::filter or is not available in all of
/// ScoreOptions::available.
///
/// Language, region and time zone are symmetric in S and C; skill and reciprocity are not.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "letsconnect/directory.hpp"
#include "letsconnect/profile.hpp"
#include "letsconnect/search.hpp"

namespace letsconnect {

/// @brief Which way skills should flow between seeker and candidate.
enum class Direction : std::uint8_t {
    learn_from,  ///< candidates who share what the seeker wants to learn
    share_with,  ///< candidates who want what the seeker shares
    mutual,      ///< both ways (the default): either way makes a candidate relevant
};

/// @brief "learn_from", "share_with", "mutual".
[[nodiscard]] std::string_view to_string(Direction direction) noexcept;
/// @brief Parses "learn_from", "share_with", "mutual" (also with `-`); nullopt otherwise.
[[nodiscard]] std::optional<Direction> parse_direction(std::string_view text) noexcept;

/// @brief How pairs are scored and which ones qualify. Every member has a sensible default.
struct Weights {
    // Component weights, each in [0, 1], not all 0. The defaults sum to 1, so totals are in [0, 1].
    double skill = 0.5;        ///< weight of the skill coverage in the direction asked
    double reciprocity = 0.2;  ///< weight of the coverage the other way
    double language = 0.1;     ///< weight of the best common language
    double region = 0.1;       ///< weight of the region component
    double time_zone = 0.1;    ///< weight of the common weekly hours

    // Partial skill credit through the taxonomy, each in [0, 1]; the same skill always counts 1.
    double narrower = 1.0;  ///< the offered skill lies below the wanted one
    double related = 0.5;   ///< a sibling, below a sibling, or an ancestor of the wanted skill
    double category = 0.25; ///< elsewhere in the same category

    // Region component values, each in [0, 1].
    double same_country = 1.0;
    double same_region = 0.5;
    double other_region = 0.0;

    double overlap_hours = 6.0;  ///< common hours a week that count as full overlap, in (0, 168]
    BabelLevel min_level = 2;    ///< language gate: a common language at this Babel level or
                                 ///< above (6 = native); 0 turns the gate off

    /// @brief CapX's ranking (`users/views/recommendations.py`): exact skill-id overlap counts
    /// only, no taxonomy credit, no other components, no language gate. For one seeker, totals
    /// are the overlap count divided by the size of the seeker's list, so the order is CapX's.
    [[nodiscard]] static Weights capx() noexcept;
    /// @brief The defaults, but preferring people from other regions: other region 1, same
    /// region 0.25, same country 0.
    [[nodiscard]] static Weights cross_regional() noexcept;

    /// @brief Every out-of-range member, as problems naming `weights.<member>`.
    [[nodiscard]] std::vector<Problem> problems() const;
    /// @throws ValidationError listing problems(), if any
    void validate() const;

    friend bool operator==(const Weights&, const Weights&) = default;
};

/// @brief Options of a score or a query beyond the weights.
struct ScoreOptions {
    Direction direction = Direction::mutual;
    /// Drop pairs with no skill relevance in `direction` (as CapX drops score-0 profiles).
    bool require_skill = true;
    /// Candidates must match this search (skills, regions, countries, languages, exclude).
    SearchQuery filter;
    /// Candidates must be available in every one of these UTC slots of the reference week
    /// (a clinic's time, see audience()); no condition when all are clear.
    WeekSlots available{};
};

/// @brief The five components, each in [0, 1].
struct Breakdown {
    double skill = 0;
    double reciprocity = 0;
    double language = 0;
    double region = 0;
    double time_zone = 0;
    friend bool operator==(const Breakdown&, const Breakdown&) = default;
};

/// @brief A scored pair: the total and its breakdown (`total` is the weighted sum).
struct Score {
    double total = 0;
    Breakdown breakdown;
    friend bool operator==(const Score&, const Score&) = default;
};

namespace detail {
struct SeekerContext;
}

/// @brief A seeker prepared once, then scored against many candidates (the "cached" shape of
/// score()). Both give identical results.
///
/// The seeker is a profile of the directory, or any Profile (for example a clinic described as
/// a profile), whose skills resolve through the directory's taxonomy.
///
/// @code
/// letsconnect::Scorer scorer(dir, dir.at("Amina Bello"));
/// for (letsconnect::ProfileIndex c = 0; c < dir.size(); ++c)
///     if (auto s = scorer(c)) std::cout << dir.profile(c).username << ' ' << s->total << '\n';
/// @endcode
/// @remarks Safe to use from many threads once built. Holds a reference to the directory.
class Scorer {
public:
    /// @throws ValidationError for bad weights or filter values, NotFoundError for an unknown
    /// skill in the filter, std::out_of_range for a seeker past the end
    Scorer(const Directory& directory, ProfileIndex seeker, const Weights& weights = {},
           const ScoreOptions& options = {});
    /// @brief A seeker from outside the directory (its availability is converted for the
    /// directory's week). A directory profile with the same username is taken to be the same
    /// person: never a candidate, and seeker() returns its index. The username may be empty (a
    /// seeker that is nobody in particular, such as a clinic).
    /// @throws ValidationError (the profile as validate() checks it, bad weights or filter),
    /// NotFoundError for an unknown skill
    Scorer(const Directory& directory, const Profile& seeker, const Weights& weights = {},
           const ScoreOptions& options = {});
    ~Scorer();
    Scorer(Scorer&&) noexcept;
    Scorer& operator=(Scorer&&) noexcept;

    /// @brief The score of `candidate`, or nullopt when a hard filter rejects the pair.
    [[nodiscard]] std::optional<Score> operator()(ProfileIndex candidate) const;
    /// @brief Only the total; -infinity when a hard filter rejects the pair.
    [[nodiscard]] double total(ProfileIndex candidate) const;

    [[nodiscard]] const Directory& directory() const noexcept { return *directory_; }
    /// @brief The seeker's index in the directory, nullopt for a seeker who is not in it.
    [[nodiscard]] std::optional<ProfileIndex> seeker() const noexcept;
    [[nodiscard]] const Weights& weights() const noexcept;
    [[nodiscard]] const ScoreOptions& options() const noexcept;
    /// @brief The prepared seeker (for the engines in recommend.hpp).
    [[nodiscard]] const detail::SeekerContext& context() const noexcept { return *context_; }

private:
    const Directory* directory_;
    std::unique_ptr<detail::SeekerContext> context_;
};

/// @brief Scores one pair.
/// @return the score, or nullopt when a hard filter rejects the pair
/// @throws ValidationError for bad weights, std::out_of_range for an index past the end
/// @remarks Prepares the seeker each call; use Scorer for one seeker against many candidates.
[[nodiscard]] std::optional<Score> score(const Directory& directory, ProfileIndex seeker, ProfileIndex candidate,
                                         const Weights& weights = {}, const ScoreOptions& options = {});

}  // namespace letsconnect
