// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#include "letsconnect/stats.hpp"

#include <algorithm>
#include <bit>
#include <map>
#include <stdexcept>

#include "letsconnect/error.hpp"

namespace letsconnect {
namespace {

// Each node and everything above it, so one listed skill rolls up in one walk.
std::vector<std::vector<SkillIndex>> lineages(const Taxonomy& taxonomy) {
    std::vector<std::vector<SkillIndex>> out(taxonomy.size());
    for (SkillIndex s = 0; s < taxonomy.size(); ++s) {
        out[s].push_back(s);
        for (const SkillIndex a : taxonomy.ancestors(s)) out[s].push_back(a);
    }
    return out;
}

std::size_t region_slot(Region r) { return static_cast<std::size_t>(r); }

}  // namespace

DirectoryStats directory_stats(const Directory& directory, BabelLevel min_level) {
    if (min_level < 1 || min_level > native_level)
        throw std::invalid_argument("min_level must be a Babel level from 1 to 6 (6 = native), got " + std::to_string(min_level));
    const Taxonomy& taxonomy = directory.taxonomy();
    const std::size_t n = directory.size();
    const std::size_t nodes = taxonomy.size();
    const auto lineage = lineages(taxonomy);
    std::vector<std::size_t> root_slot(nodes, SIZE_MAX);
    for (std::size_t r = 0; r < taxonomy.roots().size(); ++r) root_slot[taxonomy.roots()[r]] = r;
    const std::size_t roots = taxonomy.roots().size();

    DirectoryStats out;
    out.profiles = n;
    out.min_level = min_level;
    out.skills.resize(nodes);
    for (SkillIndex s = 0; s < nodes; ++s) out.skills[s].skill = s;
    out.region_category.resize(region_count * roots);
    for (std::size_t r = 0; r < region_count; ++r)
        for (std::size_t c = 0; c < roots; ++c) {
            auto& rc = out.region_category[r * roots + c];
            rc.region = all_regions[r];
            rc.category = taxonomy.roots()[c];
        }

    // seen[kind][node] = profile + 1 once the profile counted for the node (kind 0 known, 1 shares, 2 learns).
    std::array<std::vector<std::uint32_t>, 3> seen;
    for (auto& v : seen) v.assign(nodes, 0);
    std::vector<std::size_t> country_profiles(country_count(), 0);
    std::vector<LanguageCount> languages(directory.language_codes().size());
    for (std::size_t l = 0; l < languages.size(); ++l) languages[l].language = directory.language_codes()[l];

    const std::size_t words = directory.skill_words();
    for (ProfileIndex i = 0; i < n; ++i) {
        const Region region = directory.regions()[i];
        const bool has_region = region != Region::Unknown;
        if (has_region) ++out.regions[region_slot(region)];
        else ++out.unknown_region;
        const CountryCode country = directory.countries()[i];
        if (country == no_country) ++out.no_country;
        else ++country_profiles[country];

        const auto stamp = static_cast<std::uint32_t>(i + 1);
        for (std::size_t w = 0; w < words; ++w) {
            const std::uint64_t shares = directory.skill_column(SkillSet::shares, w)[i];
            const std::uint64_t learns = directory.skill_column(SkillSet::learns, w)[i];
            const std::uint64_t knows = directory.skill_column(SkillSet::knows, w)[i];
            const std::array<std::uint64_t, 3> listed = {knows | shares, shares, learns};
            for (int kind = 0; kind < 3; ++kind) {
                for (std::uint64_t bits = listed[static_cast<std::size_t>(kind)]; bits != 0; bits &= bits - 1) {
                    const auto skill = static_cast<SkillIndex>(w * 64 + static_cast<std::size_t>(std::countr_zero(bits)));
                    SkillCounts& direct = out.skills[skill];
                    (kind == 0 ? direct.known_direct : kind == 1 ? direct.shares_direct : direct.learns_direct) += 1;
                    for (const SkillIndex node : lineage[skill]) {
                        auto& mark = seen[static_cast<std::size_t>(kind)][node];
                        if (mark == stamp) continue;
                        mark = stamp;
                        SkillCounts& c = out.skills[node];
                        (kind == 0 ? c.known : kind == 1 ? c.shares : c.learns) += 1;
                        if (has_region && root_slot[node] != SIZE_MAX) {
                            auto& rc = out.region_category[region_slot(region) * roots + root_slot[node]];
                            (kind == 0 ? rc.known : kind == 1 ? rc.shares : rc.learns) += 1;
                        }
                    }
                }
            }
        }
        for (const LanguageEntry& e : directory.languages(i)) {
            if (e.level < min_level) continue;
            LanguageCount& lc = languages[e.language];
            ++lc.speakers;
            if (e.level == native_level) ++lc.native;
            if (has_region) ++lc.by_region[region_slot(region)];
        }
    }

    for (CountryCode c = 0; c < country_profiles.size(); ++c)
        if (country_profiles[c] > 0)
            out.countries.push_back({std::string(country_alpha2(c)), country_region(c), country_profiles[c]});
    std::ranges::sort(out.countries, [](const CountryCount& a, const CountryCount& b) {
        return a.profiles != b.profiles ? a.profiles > b.profiles : a.country < b.country;
    });
    std::erase_if(languages, [](const LanguageCount& l) { return l.speakers == 0; });
    std::ranges::sort(languages, [](const LanguageCount& a, const LanguageCount& b) {
        return a.speakers != b.speakers ? a.speakers > b.speakers : a.language < b.language;
    });
    out.languages = std::move(languages);
    return out;
}

std::vector<SkillGap> skill_gap(const Directory& directory, const Clinics* clinics, const GapOptions& options) {
    const Taxonomy& taxonomy = directory.taxonomy();
    const auto stats = directory_stats(directory);
    std::vector<SkillGap> rows(taxonomy.size());
    for (SkillIndex s = 0; s < taxonomy.size(); ++s) {
        SkillGap& g = rows[s];
        g.skill = s;
        g.demand = stats.skills[s].learns;
        g.supply = stats.skills[s].shares;
        g.gap = static_cast<std::int64_t>(g.demand) - static_cast<std::int64_t>(g.supply);
        g.ratio = static_cast<double>(g.demand) / static_cast<double>(g.supply + 1);
    }
    std::vector<bool> recently(taxonomy.size(), false);  // covered since options.covered_since
    if (clinics != nullptr) {
        std::vector<Problem> problems;
        const auto lineage = lineages(taxonomy);
        std::vector<std::size_t> seen(taxonomy.size(), SIZE_MAX);  // clinic position that last counted
        for (std::size_t k = 0; k < clinics->clinics.size(); ++k) {
            const Clinic& clinic = clinics->clinics[k];
            for (std::size_t j = 0; j < clinic.skills.size(); ++j) {
                const auto skill = taxonomy.find(clinic.skills[j]);
                if (!skill) {
                    problems.push_back({clinics->source, "clinic '" + clinic.id + "'", "skills[" + std::to_string(j) + "]",
                                        "unknown skill '" + clinic.skills[j] + "' in taxonomy '" + taxonomy.name() + "'"});
                    continue;
                }
                for (const SkillIndex node : lineage[*skill]) {
                    if (seen[node] == k) continue;
                    seen[node] = k;
                    SkillGap& g = rows[node];
                    ++g.clinics;
                    if (!g.last_clinic || *g.last_clinic < clinic.start) g.last_clinic = clinic.start;
                    if (!options.covered_since || clinic.start >= *options.covered_since) recently[node] = true;
                }
            }
        }
        if (!problems.empty()) throw ValidationError(std::move(problems));
    }
    std::vector<SkillGap> out;
    for (const SkillGap& g : rows) {
        if (options.depth >= 0 && taxonomy.depth(g.skill) != options.depth) continue;
        if (options.uncovered && recently[g.skill]) continue;
        if (g.supply < options.min_supply) continue;
        out.push_back(g);
    }
    std::ranges::stable_sort(out, [](const SkillGap& a, const SkillGap& b) {
        return a.gap != b.gap ? a.gap > b.gap : a.demand > b.demand;
    });
    if (options.top > 0 && out.size() > options.top) out.resize(options.top);
    return out;
}

}  // namespace letsconnect
