// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#pragma once

/// @file capx.hpp
/// @brief Adapter for the Capacity Exchange (CapX) REST API's JSON.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "letsconnect/directory.hpp"

namespace letsconnect {

/// @brief CapX JSON documents, as returned by its REST API. Each may be a plain list or a
/// paged `{count, next, previous, results}` object; ids may be ints or numeric strings.
struct CapxSources {
    std::string profiles;     ///< `/users/` or `/profile/` profiles (required)
    std::string skills;       ///< `/skill/` list (required: CapX skill ids are instance-local)
    std::string territories;  ///< `/territory/` list (optional; regions 18–25 are known without it)
    std::string languages;    ///< `/language/` list (optional; without it languages are left out, with a note)
    std::string organizations;  ///< `/organizations/` list (optional): the affiliates, see affiliates.hpp
    std::string source = "<capx>";  ///< name used in messages
};

/// @brief Builds a Directory from CapX data. Mapping: `user.username` → username,
/// `user.date_joined` → registered,
/// `display_name` → name, `wiki_alt` → alias, `skills_available/wanted/known` → shares/learns/knows
/// (taxonomy from the skill list, ids = CapX skill ids), `language` → languages (`"n"` → N,
/// `"0"` kept), `territory` → country (a two-letter acronym; the first one) and region (the
/// country's region, else a region territory: a region acronym, ids 18–25 when the territory
/// list does not say otherwise, or the region of a territory's parents), `affiliation` → affiliations (as "capx-org-<id>"). Fields the model has no place for
/// (the CapX profile id, user.email, pronoun, about, avatar, wikimedia_project, contact, social, …) are listed, with counts, in
/// Directory::import_notes(), as are values that could not be mapped.
/// Organisations (Directory::affiliates()): `id` → "capx-org-<id>", `acronym`, `display_name` (or
/// the English, else first, of `names`) → name, `type`, `available/wanted/known_capacities` →
/// shares/learns/knows, `territory` → country and region as for profiles, `managers` → their count.
/// @throws FormatError, ValidationError
[[nodiscard]] Directory directory_from_capx(const CapxSources& sources,
                                            std::optional<std::chrono::sys_days> week = std::nullopt);

}  // namespace letsconnect
