// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#pragma once

/// @file profile.hpp
/// @brief A participant's profile in the skills directory (a plain value type).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "letsconnect/availability.hpp"
#include "letsconnect/error.hpp"
#include "letsconnect/region.hpp"

namespace letsconnect {

/// @brief Babel level: 0 … 5, and native ("N") stored as 6.
using BabelLevel = std::uint8_t;
inline constexpr BabelLevel native_level = 6;

/// @brief Parses "0" … "5" or "N"/"n" (CapX's spelling); nullopt otherwise.
[[nodiscard]] std::optional<BabelLevel> parse_level(std::string_view text) noexcept;
/// @brief "0" … "5" or "N".
[[nodiscard]] std::string format_level(BabelLevel level);

/// @brief A language a person speaks, with its Babel level.
struct LanguageLevel {
    std::string code;        ///< lower-case BCP 47 / ISO 639 code, e.g. "en", "pt-br"
    BabelLevel level = 0;
    friend bool operator==(const LanguageLevel&, const LanguageLevel&) = default;
};

/// @brief True when `code` looks like a language code: 2–3 lower-case letters, optionally
/// followed by `-` subtags of letters or digits ("en", "pt-br", "zh-hant", "sr-latn").
[[nodiscard]] bool is_language_code(std::string_view code) noexcept;

/// @brief One participant. Strings that are empty mean "not given".
struct Profile {
    std::string username;                     ///< unique key (Wikimedia username)
    std::string name;                         ///< display or legal name
    std::vector<std::string> aliases;         ///< other names seen (Zoom, nicknames)
    std::vector<std::string> emails;          ///< e-mail addresses (matched against Zoom reports)
    Region region = Region::Unknown;          ///< derived from the country when not given
    std::string country;                      ///< ISO 3166-1 alpha-2, upper case
    std::vector<LanguageLevel> languages;     ///< in the order given
    std::string timezone;                     ///< IANA name, required when availability is given
    std::vector<TimeWindow> availability;     ///< weekly windows in local time
    std::vector<std::string> shares;          ///< taxonomy ids (or QIDs) the person can share
    std::vector<std::string> learns;          ///< taxonomy ids (or QIDs) the person wants to learn
    std::vector<std::string> knows;           ///< taxonomy ids (or QIDs) the person knows (CapX)
    std::vector<std::string> affiliations;    ///< affiliate organisations
    std::optional<std::chrono::sys_days> registered;  ///< registration date
    std::string gender;                       ///< free text as given ("female", "male", …)
    std::string role;                         ///< free text, e.g. "newcomer organiser"

    /// @brief Level in `code`, nullopt when the person does not list it.
    [[nodiscard]] std::optional<BabelLevel> level(std::string_view code) const noexcept;

    /// @brief Parses one profile object of `letsconnect.directory/1`.
    /// @throws FormatError (bad JSON), ValidationError (every field problem, naming the field)
    static Profile from_json(std::string_view text, const std::string& source = "<memory>");
    /// @brief The profile as a `letsconnect.directory/1` profile object (absent fields left out).
    [[nodiscard]] std::string to_json(int indent = -1) const;

    friend bool operator==(const Profile&, const Profile&) = default;
};

/// @brief Checks everything about a profile that does not need a taxonomy: username, country,
/// region/country consistency, language codes, time zone, availability windows.
/// @param where how to name the record in problems, e.g. `profiles[3]`
[[nodiscard]] std::vector<Problem> validate(const Profile& profile, const std::string& source,
                                            const std::string& where);

/// @brief Short human description, e.g. `Profile(username='Amina Bello', country='NG', shares=2, learns=1)`.
[[nodiscard]] std::string describe(const Profile& profile);

}  // namespace letsconnect
