// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#pragma once

/// @file affiliates.hpp
/// @brief Affiliate organisations (chapters, user groups, thematic organisations) as CapX has
/// them, and partners for people and for other affiliates, ranked by the one score kernel.
///
/// An organisation is scored as if it were a profile: it shares its available capacities, wants
/// its wanted capacities, knows its known ones, is in its territory's region and country, and
/// speaks the languages of its members where they are known (a member is a directory profile
/// whose `affiliations` list the organisation's id; the organisation's level in a language is the
/// best of its members'). Organisations have no weekly availability, so the time-zone component
/// is 0 for them.

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "letsconnect/profile.hpp"
#include "letsconnect/recommend.hpp"
#include "letsconnect/region.hpp"

namespace letsconnect {

class Directory;

/// @brief An affiliate organisation.
struct Organisation {
    std::string id;                        ///< unique key: "capx-org-<id>" for CapX organisations
    std::string acronym;
    std::string name;                      ///< display name (English where CapX has several)
    std::string type;                      ///< as given (CapX: its OrganizationType id)
    std::vector<std::string> shares;       ///< available capacities (taxonomy ids or QIDs)
    std::vector<std::string> learns;       ///< wanted capacities
    std::vector<std::string> knows;        ///< known capacities
    Region region = Region::Unknown;
    std::string country;                   ///< ISO 3166-1 alpha-2, upper case; empty if not known
    std::vector<LanguageLevel> languages;  ///< given languages; members' are added by Affiliates
    std::size_t managers = 0;              ///< CapX recommends only organisations with managers
    friend bool operator==(const Organisation&, const Organisation&) = default;
};

/// @brief The organisations of a directory, indexed for the score kernel (immutable, thread-safe).
class Affiliates {
public:
    /// @param organisations unique ids; skills must be in the taxonomy of `people`
    /// @param people the directory whose profiles' affiliations give members and languages
    /// @throws ValidationError listing every problem (duplicate or empty id, unknown skill, bad
    /// country or language)
    Affiliates(std::vector<Organisation> organisations, const Directory& people);
    ~Affiliates();

    [[nodiscard]] std::size_t size() const noexcept { return organisations_.size(); }
    /// @brief The organisations, in the order given, with their members' languages merged in.
    [[nodiscard]] std::span<const Organisation> organisations() const noexcept { return organisations_; }
    [[nodiscard]] const Organisation& organisation(std::size_t i) const { return organisations_.at(i); }
    /// @brief The organisations as given (before members' languages were merged in).
    [[nodiscard]] std::span<const Organisation> given() const noexcept { return given_; }
    /// @brief Members (profiles listing the organisation) of organisation `i`.
    [[nodiscard]] std::size_t members(std::size_t i) const { return members_.at(i); }
    /// @brief Position of the organisation with id (or acronym) `key`.
    [[nodiscard]] std::optional<std::size_t> find(std::string_view key) const;
    /// @brief Like find(). @throws NotFoundError naming the key
    [[nodiscard]] std::size_t at(std::string_view key) const;
    /// @brief The organisations as a directory of profiles (username = id), in the same order:
    /// what the kernel scores.
    [[nodiscard]] const Directory& index() const noexcept { return *index_; }

private:
    std::vector<Organisation> given_;
    std::vector<Organisation> organisations_;
    std::vector<std::size_t> members_;
    std::unique_ptr<Directory> index_;
};

/// @brief The defaults for organisations: Weights{} with the language gate off (an organisation's
/// languages are known only through members who list it, so a missing one must not exclude it;
/// the language component still rewards the ones shared).
[[nodiscard]] Weights affiliate_weights() noexcept;

/// @brief A recommended organisation: its position in Affiliates::organisations() and the score.
using OrgMatch = Match;

/// @brief The best `k` organisations for a person of `people`, best first (ties by id); the
/// organisations the person is a member of are left out.
/// `options.direction`: learn_from ranks organisations that share what the person wants to learn
/// (CapX's `learn_from_orgs`), share_with those that want what the person shares
/// (`share_with_orgs`), mutual both.
/// @throws ValidationError (k = 0, bad weights), std::out_of_range for a bad person
[[nodiscard]] std::vector<OrgMatch> recommend_orgs(const Directory& people, const Affiliates& affiliates, ProfileIndex person,
                                                   std::size_t k = 10, const Weights& weights = affiliate_weights(),
                                                   const ScoreOptions& options = {});

/// @brief The Scorer recommend_orgs() ranks with (for explain() and score breakdowns): the
/// person as a seeker from outside Affiliates::index(), their own organisations excluded.
[[nodiscard]] Scorer org_scorer(const Directory& people, const Affiliates& affiliates, ProfileIndex person,
                                const Weights& weights = affiliate_weights(), const ScoreOptions& options = {});

/// @brief The best `k` partner organisations for organisation `organisation` (affiliate to
/// affiliate), best first; the organisation itself is never its own partner.
[[nodiscard]] std::vector<OrgMatch> recommend_partners(const Affiliates& affiliates, std::size_t organisation, std::size_t k = 10,
                                                       const Weights& weights = affiliate_weights(),
                                                       const ScoreOptions& options = {});

}  // namespace letsconnect
