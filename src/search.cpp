// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#include <algorithm>
#include <iterator>

#include "internal.hpp"
#include "letsconnect/directory.hpp"
#include "letsconnect/text.hpp"

namespace letsconnect {

namespace {

// Profiles having any of `skills` (or a skill below one of them) in `set`, ascending.
std::vector<ProfileIndex> with_any_skill(const Directory& dir, SkillSet set, const std::vector<std::string>& skills) {
    const Taxonomy& tax = dir.taxonomy();
    std::vector<ProfileIndex> out;
    for (const auto& key : skills)
        for (SkillIndex s : tax.subtree(tax.at(key))) {
            const auto list = dir.postings(set, s);
            out.insert(out.end(), list.begin(), list.end());
        }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace

std::vector<ProfileIndex> Directory::search(const SearchQuery& q) const {
    detail::Collector problems{"search", {}};  // where: the query; field: the filter
    std::vector<bool> region_ok(region_count, q.regions.empty());
    for (const auto& r : q.regions) {
        if (auto region = parse_region(r)) region_ok[static_cast<std::size_t>(*region)] = true;
        else problems.add("query", "region", "unknown region '" + r + "'");
    }
    std::vector<CountryCode> countries;
    for (const auto& c : q.countries) {
        if (auto code = parse_country(c)) countries.push_back(*code);
        else problems.add("query", "country", "not an ISO 3166-1 alpha-2 country code: '" + c + "'");
    }
    std::vector<LanguageId> languages;
    for (const auto& l : q.languages) {
        if (!is_language_code(l)) problems.add("query", "language", "not a language code: '" + l + "'");
        else if (auto id = language_id(l)) languages.push_back(*id);
    }
    if (q.min_level > native_level) problems.add("query", "min_level", "Babel level must be 0-5 or N");
    problems.throw_if_any();
    if (!q.languages.empty() && languages.empty()) return {};

    // Skill filters narrow the candidates through the inverted lists.
    std::optional<std::vector<ProfileIndex>> candidates;
    const std::pair<SkillSet, const std::vector<std::string>*> skill_filters[] = {
        {SkillSet::shares, &q.shares}, {SkillSet::learns, &q.learns}, {SkillSet::knows, &q.knows}};
    for (const auto& [set, skills] : skill_filters) {
        if (skills->empty()) continue;
        auto found = with_any_skill(*this, set, *skills);
        if (candidates) {
            std::vector<ProfileIndex> both;
            std::set_intersection(candidates->begin(), candidates->end(), found.begin(), found.end(), std::back_inserter(both));
            candidates = std::move(both);
        } else {
            candidates = std::move(found);
        }
    }
    std::vector<ProfileIndex> excluded;
    for (const auto& name : q.exclude)
        if (auto i = find(name)) excluded.push_back(*i);

    auto accept = [&](ProfileIndex i) {
        if (!q.regions.empty() && (region_[i] == Region::Unknown || !region_ok[static_cast<std::size_t>(region_[i])]))
            return false;
        if (!countries.empty() && std::find(countries.begin(), countries.end(), country_[i]) == countries.end()) return false;
        if (!languages.empty()) {
            bool speaks = false;
            for (LanguageId l : languages)
                if (auto level = this->level(i, l); level && *level >= q.min_level) speaks = true;
            if (!speaks) return false;
        }
        return std::find(excluded.begin(), excluded.end(), i) == excluded.end();
    };
    std::vector<ProfileIndex> out;
    if (candidates) {
        for (ProfileIndex i : *candidates)
            if (accept(i)) out.push_back(i);
    } else {
        for (ProfileIndex i = 0; i < profiles_.size(); ++i)
            if (accept(i)) out.push_back(i);
    }
    std::sort(out.begin(), out.end(), [this](ProfileIndex a, ProfileIndex b) { return username_rank_[a] < username_rank_[b]; });
    return out;
}

}  // namespace letsconnect
