// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#pragma once

/// @file stats.hpp
/// @brief Directory statistics as CapX's dashboard serves them (counts by skill with descendants
/// rolled up, by region, country and language, region × language, region × skill category), and
/// what the dashboard lacks: the demand–supply gap per skill, the clinic topics to run next.

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "letsconnect/clinic.hpp"
#include "letsconnect/directory.hpp"
#include "letsconnect/region.hpp"

namespace letsconnect {

/// @brief How many people know, share and want one taxonomy node.
///
/// The plain counts are rolled up as CapX's stats are: a person counts for a node when they list
/// it or any node below it, once however many they list. `*_direct` count the node itself only.
/// "Known" is knows ∪ shares: CapX keeps skills_available ⊆ skills_known, and a person who can
/// share a skill knows it.
struct SkillCounts {
    SkillIndex skill = 0;
    std::size_t known = 0;
    std::size_t shares = 0;
    std::size_t learns = 0;
    std::size_t known_direct = 0;
    std::size_t shares_direct = 0;
    std::size_t learns_direct = 0;
    friend bool operator==(const SkillCounts&, const SkillCounts&) = default;
};

/// @brief Profiles of one country (ISO 3166-1 alpha-2).
struct CountryCount {
    std::string country;
    Region region = Region::Unknown;
    std::size_t profiles = 0;
    friend bool operator==(const CountryCount&, const CountryCount&) = default;
};

/// @brief Speakers of one language at the statistics' minimum level or above, per region too.
struct LanguageCount {
    std::string language;
    std::size_t speakers = 0;
    std::size_t native = 0;                               ///< of speakers: native (Babel N)
    std::array<std::size_t, region_count> by_region{};    ///< speakers per region, all_regions order
    friend bool operator==(const LanguageCount&, const LanguageCount&) = default;
};

/// @brief People of one region who know, share and want skills of one top-level category.
struct RegionCategoryCount {
    Region region = Region::Unknown;
    SkillIndex category = 0;
    std::size_t known = 0;
    std::size_t shares = 0;
    std::size_t learns = 0;
    friend bool operator==(const RegionCategoryCount&, const RegionCategoryCount&) = default;
};

/// @brief Everything directory_stats() counts.
struct DirectoryStats {
    std::size_t profiles = 0;
    BabelLevel min_level = 1;                            ///< languages count speakers at this level or above
    std::vector<SkillCounts> skills;                     ///< one per taxonomy node, in taxonomy order
    std::array<std::size_t, region_count> regions{};     ///< profiles per region, all_regions order
    std::size_t unknown_region = 0;                      ///< profiles without a region
    std::vector<CountryCount> countries;                 ///< most profiles first, then by code
    std::size_t no_country = 0;                          ///< profiles without a country
    std::vector<LanguageCount> languages;                ///< most speakers first, then by code
    std::vector<RegionCategoryCount> region_category;    ///< every region × every root, region-major
};

/// @brief Counts a directory the way CapX's dashboard does, and more.
/// @param min_level Babel level (1 … 6, 6 = native) from which a person counts as a speaker
/// @throws std::invalid_argument for a level outside 1 … 6
/// @remarks Counted from the directory's index, nothing is scored: per taxonomy node a popcount
/// of its profile bitmap (n / 64 words) when many people have it, else the union of its posting
/// lists; regions and countries in one pass over their columns; languages from the speaker lists.
///
/// @code
/// const auto stats = letsconnect::directory_stats(directory);
/// for (const auto& s : stats.skills)
///     std::cout << directory.taxonomy().node(s.skill).id << ' ' << s.learns << " want it\n";
/// @endcode
[[nodiscard]] DirectoryStats directory_stats(const Directory& directory, BabelLevel min_level = 1);

/// @brief Demand and supply of one taxonomy node, and the clinics that covered it.
struct SkillGap {
    SkillIndex skill = 0;
    std::size_t demand = 0;        ///< people who want the node or one below it (SkillCounts::learns)
    std::size_t supply = 0;        ///< people who share the node or one below it (SkillCounts::shares)
    std::int64_t gap = 0;          ///< demand − supply
    double ratio = 0;              ///< demand / (supply + 1): wanted per would-be sharer
    std::size_t clinics = 0;       ///< clinics on the node or on one below it
    std::optional<std::chrono::sys_seconds> last_clinic;  ///< start of the latest of those
    friend bool operator==(const SkillGap&, const SkillGap&) = default;
};

/// @brief Which nodes skill_gap() lists.
struct GapOptions {
    int depth = -1;                ///< only nodes at this depth (0 = categories); −1: every node
    bool uncovered = false;        ///< leave out nodes a clinic covered (since `covered_since`, when set)
    std::optional<std::chrono::sys_seconds> covered_since;
    std::size_t min_supply = 0;    ///< only nodes with at least this many sharers (1: someone can lead it)
    std::size_t top = 0;           ///< at most this many rows; 0: all
};

/// @brief The demand–supply gap per skill, widest first: the clinic topics the programme should
/// run next (wanted by many, shared by few).
///
/// Rows are sorted by gap (descending), then demand (descending), then taxonomy order. A clinic
/// covers its skills and, rolled up like the counts, their ancestors.
/// @param clinics optional; without them `clinics` is 0 for every row
/// @throws ValidationError naming the clinic and skill when a clinic lists a skill the
/// directory's taxonomy does not know
[[nodiscard]] std::vector<SkillGap> skill_gap(const Directory& directory, const Clinics* clinics = nullptr,
                                              const GapOptions& options = {});

}  // namespace letsconnect
