// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
//
// Directory statistics and the demand–supply gap (stats.hpp). The Python layer (_stats.py)
// turns the columns returned here into DataFrames.
#include "letsconnect/stats.hpp"
#include "pybind.hpp"

namespace letsconnect::python {

namespace {

py::str region_code(Region r) { return py::str(std::string(to_string(r))); }

py::dict skill_columns(const Taxonomy& taxonomy, const std::vector<SkillCounts>& skills) {
    py::list id, known, shares, learns, known_direct, shares_direct, learns_direct;
    for (const auto& s : skills) {
        id.append(taxonomy.node(s.skill).id);
        known.append(s.known);
        shares.append(s.shares);
        learns.append(s.learns);
        known_direct.append(s.known_direct);
        shares_direct.append(s.shares_direct);
        learns_direct.append(s.learns_direct);
    }
    return py::dict("skill"_a = id, "known"_a = known, "shares"_a = shares, "learns"_a = learns,
                    "known_direct"_a = known_direct, "shares_direct"_a = shares_direct, "learns_direct"_a = learns_direct);
}

py::dict stats_columns(const Directory& d, const DirectoryStats& st) {
    py::list regions, region_profiles;
    for (std::size_t r = 0; r < region_count; ++r) {
        regions.append(region_code(all_regions[r]));
        region_profiles.append(st.regions[r]);
    }
    py::list country, country_region, country_profiles;
    for (const auto& c : st.countries) {
        country.append(c.country);
        country_region.append(region_code(c.region));
        country_profiles.append(c.profiles);
    }
    py::list language, speakers, native, rl_region, rl_language, rl_speakers;
    for (const auto& l : st.languages) {
        language.append(l.language);
        speakers.append(l.speakers);
        native.append(l.native);
        for (std::size_t r = 0; r < region_count; ++r) {
            rl_region.append(region_code(all_regions[r]));
            rl_language.append(l.language);
            rl_speakers.append(l.by_region[r]);
        }
    }
    py::list rc_region, rc_category, rc_known, rc_shares, rc_learns;
    for (const auto& rc : st.region_category) {
        rc_region.append(region_code(rc.region));
        rc_category.append(d.taxonomy().node(rc.category).id);
        rc_known.append(rc.known);
        rc_shares.append(rc.shares);
        rc_learns.append(rc.learns);
    }
    return py::dict(
        "profiles"_a = st.profiles, "min_level"_a = st.min_level, "unknown_region"_a = st.unknown_region,
        "no_country"_a = st.no_country, "skills"_a = skill_columns(d.taxonomy(), st.skills),
        "regions"_a = py::dict("region"_a = regions, "profiles"_a = region_profiles),
        "countries"_a = py::dict("country"_a = country, "region"_a = country_region, "profiles"_a = country_profiles),
        "languages"_a = py::dict("language"_a = language, "speakers"_a = speakers, "native"_a = native),
        "region_language"_a = py::dict("region"_a = rl_region, "language"_a = rl_language, "speakers"_a = rl_speakers),
        "region_category"_a = py::dict("region"_a = rc_region, "category"_a = rc_category, "known"_a = rc_known,
                                       "shares"_a = rc_shares, "learns"_a = rc_learns));
}

}  // namespace

void register_stats(py::module_& m) {
    m.def("_directory_stats", [](const Directory& d, const py::object& min_level) {
        const BabelLevel level = to_level(min_level);
        DirectoryStats st;
        {
            const py::gil_scoped_release release;  // reads the immutable snapshot only
            st = directory_stats(d, level);
        }
        return stats_columns(d, st);
    }, "directory"_a, "min_level"_a = 1, R"pbdoc(Columns of Directory.stats() (see letsconnect.stats.DirectoryStats).)pbdoc");

    m.def("_skill_gap", [](const Directory& d, const Clinics* clinics, int depth, bool uncovered, const py::object& covered_since,
                           std::size_t min_supply, std::size_t top) {
        GapOptions options;
        options.depth = depth;
        options.uncovered = uncovered;
        if (!covered_since.is_none()) options.covered_since = to_instant(covered_since, "covered_since");
        options.min_supply = min_supply;
        options.top = top;
        std::vector<SkillGap> rows;
        {
            const py::gil_scoped_release release;
            rows = skill_gap(d, clinics, options);
        }
        py::list skill, demand, supply, gap, ratio, covered, last;
        for (const auto& g : rows) {
            skill.append(d.taxonomy().node(g.skill).id);
            demand.append(g.demand);
            supply.append(g.supply);
            gap.append(g.gap);
            ratio.append(g.ratio);
            covered.append(g.clinics);
            last.append(g.last_clinic ? py::object(py::int_(g.last_clinic->time_since_epoch().count())) : py::object(py::none()));
        }
        return py::dict("skill"_a = skill, "demand"_a = demand, "supply"_a = supply, "gap"_a = gap, "ratio"_a = ratio,
                        "clinics"_a = covered, "last_clinic"_a = last);
    }, "directory"_a, "clinics"_a = nullptr, "depth"_a = -1, "uncovered"_a = false, "covered_since"_a = py::none(),
       "min_supply"_a = 0, "top"_a = 0, R"pbdoc(Rows of Directory.skill_gap(), as columns.)pbdoc");
}

}  // namespace letsconnect::python
