// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#pragma once

/// @file region.hpp
/// @brief Wikimedia's eight regions and the ISO 3166-1 country → region table.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace letsconnect {

/// @brief Wikimedia's eight regions (CapX territory ids in the comments).
enum class Region : std::uint8_t {
    SSA = 0,    ///< Sub-Saharan Africa [19]
    MENA = 1,   ///< Middle East & North Africa [18]
    ESEAP = 2,  ///< East, Southeast Asia & Pacific [21]
    SA = 3,     ///< South Asia [20]
    CEECA = 4,  ///< Central & Eastern Europe & Central Asia [25]
    NWE = 5,    ///< Northern & Western Europe [24]
    LAC = 6,    ///< Latin America & Caribbean [22]
    NA = 7,     ///< North America [23]
    Unknown = 255,
};

/// @brief Number of real regions (Unknown excluded).
inline constexpr std::size_t region_count = 8;

/// @brief All regions in enum order.
inline constexpr std::array<Region, region_count> all_regions = {
    Region::SSA, Region::MENA, Region::ESEAP, Region::SA,
    Region::CEECA, Region::NWE, Region::LAC, Region::NA};

/// @brief The region's code: "SSA", "MENA", ... ("" for Unknown).
[[nodiscard]] std::string_view to_string(Region region) noexcept;

/// @brief English name, e.g. "Sub-Saharan Africa".
[[nodiscard]] std::string_view region_name(Region region) noexcept;

/// @brief Parses a region code, case-insensitively, accepting the aliases `USCA` → `NA`
/// and `CEE` → `CEECA`. Returns nullopt for anything else.
[[nodiscard]] std::optional<Region> parse_region(std::string_view code) noexcept;

/// @brief CapX's territory id of the region (18–25), 0 for Unknown.
[[nodiscard]] int capx_territory_id(Region region) noexcept;

/// @brief The region whose CapX territory id is `id`, if any.
[[nodiscard]] std::optional<Region> region_from_capx_territory(int id) noexcept;

/// @brief Under-represented regions for programme metrics: every region but NWE and NA.
[[nodiscard]] constexpr bool is_under_represented(Region region) noexcept {
    return region != Region::NWE && region != Region::NA && region != Region::Unknown;
}

/// @brief Compact code of an ISO 3166-1 alpha-2 country (index into the bundled table).
using CountryCode = std::uint16_t;
/// @brief "No country".
inline constexpr CountryCode no_country = 0xFFFF;

/// @brief Looks up an ISO 3166-1 alpha-2 code (case-insensitive; `XK` Kosovo included).
/// @return the compact code, or nullopt if it is not a country.
[[nodiscard]] std::optional<CountryCode> parse_country(std::string_view alpha2) noexcept;

/// @brief Upper-case alpha-2 code of a compact country code ("" for no_country).
[[nodiscard]] std::string_view country_alpha2(CountryCode code) noexcept;

/// @brief English short name of the country.
[[nodiscard]] std::string_view country_name(CountryCode code) noexcept;

/// @brief The Wikimedia region of the country.
[[nodiscard]] Region country_region(CountryCode code) noexcept;

/// @brief Number of countries in the bundled table.
[[nodiscard]] std::size_t country_count() noexcept;

}  // namespace letsconnect
