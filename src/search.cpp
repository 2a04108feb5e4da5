// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#include <algorithm>

#include "internal.hpp"
#include "letsconnect/directory.hpp"

namespace letsconnect {

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

    // Skill filters, expanded through the taxonomy into a mask over the bitset words.
    struct SkillFilter {
        SkillSet set;
        std::vector<SkillIndex> skills;
        std::vector<std::uint64_t> mask;
        std::size_t postings = 0;  // how many profiles its inverted lists hold
    };
    std::vector<SkillFilter> filters;
    const std::pair<SkillSet, const std::vector<std::string>*> skill_filters[] = {
        {SkillSet::shares, &q.shares}, {SkillSet::learns, &q.learns}, {SkillSet::knows, &q.knows}};
    for (const auto& [set, keys] : skill_filters) {
        if (keys->empty()) continue;
        SkillFilter f{set, {}, std::vector<std::uint64_t>(skill_words_, 0), 0};
        for (const auto& key : *keys)
            for (SkillIndex s : taxonomy_->subtree(taxonomy_->at(key))) {
                f.skills.push_back(s);
                f.mask[s / 64] |= std::uint64_t{1} << (s % 64);
                f.postings += postings(set, s).size();
            }
        filters.push_back(std::move(f));
    }
    const std::size_t n = size();
    if (!q.languages.empty() && languages.empty()) return {};  // nobody speaks any of them

    // A filter that selects few profiles drives the search through its inverted lists;
    // otherwise one pass over the columns tests everything.
    std::optional<std::vector<ProfileIndex>> candidates;
    const auto driver = std::min_element(filters.begin(), filters.end(),
                                         [](const SkillFilter& a, const SkillFilter& b) { return a.postings < b.postings; });
    if (driver != filters.end() && driver->postings * 16 < n) {
        candidates.emplace();
        for (SkillIndex s : driver->skills) {
            const auto list = postings(driver->set, s);
            candidates->insert(candidates->end(), list.begin(), list.end());
        }
        std::sort(candidates->begin(), candidates->end());
        candidates->erase(std::unique(candidates->begin(), candidates->end()), candidates->end());
    }

    // Babel level 0 means "does not speak it" (as in CapX), so it never satisfies a language filter.
    const BabelLevel min_level = std::max<BabelLevel>(q.min_level, 1);
    std::uint64_t language_bits = 0;
    bool mask_is_exact = min_level == 1;  // the mask holds the languages spoken at level 1 or above
    for (LanguageId l : languages) {
        language_bits |= std::uint64_t{1} << std::min<LanguageId>(l, 63);
        if (l >= 63) mask_is_exact = false;
    }
    std::vector<ProfileIndex> excluded;
    for (const auto& name : q.exclude)
        if (auto i = find(name)) excluded.push_back(*i);

    auto accept = [&](ProfileIndex i) {
        for (const SkillFilter& f : filters) {
            const auto& column = skills_[static_cast<int>(f.set)];
            bool any = false;
            for (std::size_t w = 0; w < skill_words_ && !any; ++w) any = (column[w * n + i] & f.mask[w]) != 0;
            if (!any) return false;
        }
        if (!q.regions.empty() && (region_[i] == Region::Unknown || !region_ok[static_cast<std::size_t>(region_[i])]))
            return false;
        if (!countries.empty() && std::find(countries.begin(), countries.end(), country_[i]) == countries.end()) return false;
        if (!languages.empty()) {
            if ((language_mask_[i] & language_bits) == 0) return false;
            if (!mask_is_exact) {
                bool speaks = false;
                for (LanguageId l : languages)
                    if (auto level = this->level(i, l); level && *level >= min_level) speaks = true;
                if (!speaks) return false;
            }
        }
        return excluded.empty() || std::find(excluded.begin(), excluded.end(), i) == excluded.end();
    };
    std::vector<ProfileIndex> out;
    if (candidates) {
        for (ProfileIndex i : *candidates)
            if (accept(i)) out.push_back(i);
    } else {
        for (ProfileIndex i = 0; i < n; ++i)
            if (accept(i)) out.push_back(i);
    }

    // Username order: sort few results; for many, walk the precomputed order over a bitmap.
    if (out.size() * 64 < n) {
        std::sort(out.begin(), out.end(), [this](ProfileIndex a, ProfileIndex b) { return username_rank_[a] < username_rank_[b]; });
        return out;
    }
    std::vector<std::uint64_t> hit((n + 63) / 64, 0);
    for (ProfileIndex i : out) hit[i / 64] |= std::uint64_t{1} << (i % 64);
    std::size_t k = 0;
    for (ProfileIndex i : username_order_)
        if ((hit[i / 64] >> (i % 64)) & 1U) out[k++] = i;
    return out;
}

}  // namespace letsconnect
