// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#pragma once

/// @file search.hpp
/// @brief Filters of the skills directory's search (as on Meta's Let's Connect directory).

#include <string>
#include <vector>

#include "letsconnect/profile.hpp"

namespace letsconnect {

/// @brief A directory search. Fields combine with AND; the values inside one field with OR.
///
/// Skills are taxonomy ids or QIDs and match through the taxonomy: asking for a category
/// finds everybody with any skill under it. Empty fields do not filter.
struct SearchQuery {
    std::vector<std::string> shares;     ///< shares at least one of these (or a skill below one)
    std::vector<std::string> learns;     ///< wants to learn at least one of these
    std::vector<std::string> knows;      ///< knows at least one of these
    std::vector<std::string> regions;    ///< region codes (aliases USCA, CEE accepted)
    std::vector<std::string> countries;  ///< ISO 3166-1 alpha-2 codes
    std::vector<std::string> languages;  ///< speaks at least one of these at min_level or above
    BabelLevel min_level = 0;            ///< minimum Babel level for `languages` (6 = native); level 0
                                         ///< ("not spoken", as CapX uses it) never matches
    std::vector<std::string> exclude;    ///< usernames to leave out
};

}  // namespace letsconnect
