// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#include "letsconnect/stats.hpp"

#include <algorithm>
#include <bit>
#include <span>
#include <stdexcept>

#include "letsconnect/error.hpp"

namespace letsconnect {
namespace {

// Each node and everything above it, so a clinic's skill rolls up in one walk.
std::vector<std::vector<SkillIndex>> lineages(const Taxonomy& taxonomy) {
    std::vector<std::vector<SkillIndex>> out(taxonomy.size());
    for (SkillIndex s = 0; s < taxonomy.size(); ++s) {
        out[s].push_back(s);
        for (const SkillIndex a : taxonomy.ancestors(s)) out[s].push_back(a);
    }
    return out;
}

std::size_t region_slot(Region r) { return static_cast<std::size_t>(r); }

std::size_t popcount(std::span<const std::uint64_t> bits) {
    std::size_t n = 0;
    for (const std::uint64_t w : bits) n += static_cast<std::size_t>(std::popcount(w));
    return n;
}

std::size_t popcount_and(std::span<const std::uint64_t> a, std::span<const std::uint64_t> b) {
    std::size_t n = 0;
    for (std::size_t w = 0; w < a.size() && w < b.size(); ++w) n += static_cast<std::size_t>(std::popcount(a[w] & b[w]));
    return n;
}

// Profiles seen in the current count (a stamp per profile, so no clearing between counts).
class Seen {
public:
    explicit Seen(std::size_t profiles) : stamp_(profiles, 0) {}
    void next() {
        if (++now_ == 0) {
            std::fill(stamp_.begin(), stamp_.end(), 0U);
            now_ = 1;
        }
    }
    bool insert(ProfileIndex p) {
        if (stamp_[p] == now_) return false;
        stamp_[p] = now_;
        return true;
    }

private:
    std::vector<std::uint32_t> stamp_;
    std::uint32_t now_ = 0;
};

using RegionCounts = std::array<std::size_t, region_count>;

// People with `node` or a node below it in `set` (shares or learns), and with `with_knows` also
// those with one in knows; per region too when `by_region` is given. Counted from the index: a
// popcount of the node's bitmap when it has one (most people), else the union of the posting
// lists (few people), so the cost is the bitmap's words or the postings, never the directory.
std::size_t people_below(const Directory& d, SkillIndex node, const std::vector<SkillIndex>& below, SkillSet set,
                         bool with_knows, RegionCounts* by_region, Seen& seen) {
    const auto bitmap = d.taxonomy().children(node).empty() ? d.skill_bitmap(set, node) : d.subtree_bitmap(set, node);
    const auto regions = d.regions();
    std::size_t total = 0;
    const auto count = [&](ProfileIndex p) {
        ++total;
        if (by_region != nullptr && regions[p] != Region::Unknown) ++(*by_region)[region_slot(regions[p])];
    };
    seen.next();
    if (!bitmap.empty()) {
        total = popcount(bitmap);
        if (by_region != nullptr)
            for (std::size_t r = 0; r < region_count; ++r) (*by_region)[r] = popcount_and(bitmap, d.region_bitmap(all_regions[r]));
    } else {
        for (const SkillIndex s : below)
            for (const ProfileIndex p : d.postings(set, s))
                if (seen.insert(p)) count(p);
    }
    if (with_knows)
        for (const SkillIndex s : below)
            for (const ProfileIndex p : d.postings(SkillSet::knows, s))
                if ((bitmap.empty() || ((bitmap[p / 64] >> (p % 64)) & 1U) == 0) && seen.insert(p)) count(p);
    return total;
}

// |a ∪ b| of two ascending lists.
std::size_t union_size(std::span<const ProfileIndex> a, std::span<const ProfileIndex> b) {
    std::size_t i = 0, j = 0, n = 0;
    while (i < a.size() || j < b.size()) {
        if (j == b.size() || (i < a.size() && a[i] < b[j])) ++i;
        else if (i == a.size() || b[j] < a[i]) ++j;
        else ++i, ++j;
        ++n;
    }
    return n;
}

// The skill counts; `everything` false: shares and learns only (what skill_gap() needs).
std::vector<SkillCounts> skill_counts(const Directory& d, bool everything, std::vector<RegionCategoryCount>* region_category) {
    const Taxonomy& taxonomy = d.taxonomy();
    Seen seen(d.size());
    std::vector<SkillCounts> out(taxonomy.size());
    for (SkillIndex node = 0; node < taxonomy.size(); ++node) {
        SkillCounts& c = out[node];
        c.skill = node;
        const auto below = taxonomy.subtree(node);
        const bool root = region_category != nullptr && taxonomy.depth(node) == 0;
        RegionCounts known{}, shares{}, learns{};
        c.shares = people_below(d, node, below, SkillSet::shares, false, root ? &shares : nullptr, seen);
        c.learns = people_below(d, node, below, SkillSet::learns, false, root ? &learns : nullptr, seen);
        c.shares_direct = d.postings(SkillSet::shares, node).size();
        c.learns_direct = d.postings(SkillSet::learns, node).size();
        if (everything) {
            c.known = people_below(d, node, below, SkillSet::shares, true, root ? &known : nullptr, seen);
            c.known_direct = union_size(d.postings(SkillSet::shares, node), d.postings(SkillSet::knows, node));
        }
        if (root)
            for (std::size_t r = 0; r < region_count; ++r)
                region_category->push_back({all_regions[r], node, known[r], shares[r], learns[r]});
    }
    if (region_category != nullptr)  // region-major, roots in taxonomy order
        std::ranges::stable_sort(*region_category, {}, [](const RegionCategoryCount& rc) { return region_slot(rc.region); });
    return out;
}

}  // namespace

DirectoryStats directory_stats(const Directory& directory, BabelLevel min_level) {
    if (min_level < 1 || min_level > native_level)
        throw std::invalid_argument("min_level must be a Babel level from 1 to 6 (6 = native), got " + std::to_string(min_level));
    const std::size_t n = directory.size();
    DirectoryStats out;
    out.profiles = n;
    out.min_level = min_level;
    out.skills = skill_counts(directory, true, &out.region_category);

    std::vector<std::size_t> country_profiles(country_count(), 0);
    const auto regions = directory.regions();
    const auto countries = directory.countries();
    for (ProfileIndex i = 0; i < n; ++i) {
        if (regions[i] != Region::Unknown) ++out.regions[region_slot(regions[i])];
        else ++out.unknown_region;
        if (countries[i] == no_country) ++out.no_country;
        else ++country_profiles[countries[i]];
    }
    for (CountryCode c = 0; c < country_profiles.size(); ++c)
        if (country_profiles[c] > 0)
            out.countries.push_back({std::string(country_alpha2(c)), country_region(c), country_profiles[c]});
    std::ranges::sort(out.countries, [](const CountryCount& a, const CountryCount& b) {
        return a.profiles != b.profiles ? a.profiles > b.profiles : a.country < b.country;
    });

    for (LanguageId l = 0; l < directory.language_codes().size(); ++l) {
        LanguageCount lc;
        lc.language = directory.language_codes()[l];
        for (const LanguageSpeaker& sp : directory.language_speakers(l)) {
            if (sp.level < min_level) continue;
            ++lc.speakers;
            if (sp.level == native_level) ++lc.native;
            if (regions[sp.profile] != Region::Unknown) ++lc.by_region[region_slot(regions[sp.profile])];
        }
        if (lc.speakers > 0) out.languages.push_back(std::move(lc));
    }
    std::ranges::sort(out.languages, [](const LanguageCount& a, const LanguageCount& b) {
        return a.speakers != b.speakers ? a.speakers > b.speakers : a.language < b.language;
    });
    return out;
}

std::vector<SkillGap> skill_gap(const Directory& directory, const Clinics* clinics, const GapOptions& options) {
    const Taxonomy& taxonomy = directory.taxonomy();
    const auto counts = skill_counts(directory, false, nullptr);
    std::vector<SkillGap> rows(taxonomy.size());
    for (SkillIndex s = 0; s < taxonomy.size(); ++s) {
        SkillGap& g = rows[s];
        g.skill = s;
        g.demand = counts[s].learns;
        g.supply = counts[s].shares;
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
