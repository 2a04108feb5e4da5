// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#include "letsconnect/region.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>
#include <vector>

#include "internal.hpp"

namespace letsconnect {

namespace {

struct RegionInfo {
    std::string_view code;
    std::string_view name;
    int capx_id;
};

constexpr std::array<RegionInfo, region_count> region_info = {{
    {"SSA", "Sub-Saharan Africa", 19},
    {"MENA", "Middle East & North Africa", 18},
    {"ESEAP", "East, Southeast Asia & Pacific", 21},
    {"SA", "South Asia", 20},
    {"CEECA", "Central & Eastern Europe & Central Asia", 25},
    {"NWE", "Northern & Western Europe", 24},
    {"LAC", "Latin America & Caribbean", 22},
    {"NA", "North America", 23},
}};

char upper(char c) noexcept { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

bool iequals(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return upper(x) == upper(y); });
}

struct Country {
    std::string alpha2;
    std::string name;
    Region region;
};

// Parses the bundled countries.csv (alpha2,name,region; RFC 4180 quoting) once.
std::vector<Country> load_countries() {
    const std::string_view csv = detail::embedded_file("countries.csv");
    std::vector<Country> out;
    std::size_t pos = 0;
    bool header = true;
    while (pos < csv.size()) {
        std::vector<std::string> fields(1);
        bool quoted = false;
        for (; pos < csv.size(); ++pos) {
            const char c = csv[pos];
            if (quoted) {
                if (c == '"' && pos + 1 < csv.size() && csv[pos + 1] == '"') { fields.back() += '"'; ++pos; }
                else if (c == '"') quoted = false;
                else fields.back() += c;
            } else if (c == '"') quoted = true;
            else if (c == ',') fields.emplace_back();
            else if (c == '\n') { ++pos; break; }
            else if (c != '\r') fields.back() += c;
        }
        if (header) { header = false; continue; }
        if (fields.size() == 1 && fields[0].empty()) continue;
        if (fields.size() != 3) throw std::logic_error("bundled countries.csv: bad row " + fields[0]);
        const auto region = parse_region(fields[2]);
        if (!region) throw std::logic_error("bundled countries.csv: bad region " + fields[2]);
        out.push_back({fields[0], fields[1], *region});
    }
    std::sort(out.begin(), out.end(), [](const Country& a, const Country& b) { return a.alpha2 < b.alpha2; });
    return out;
}

const std::vector<Country>& countries() {
    static const std::vector<Country> table = load_countries();
    return table;
}

}  // namespace

std::string_view to_string(Region region) noexcept {
    const auto i = static_cast<std::size_t>(region);
    return i < region_count ? region_info[i].code : std::string_view{};
}

std::string_view region_name(Region region) noexcept {
    const auto i = static_cast<std::size_t>(region);
    return i < region_count ? region_info[i].name : std::string_view{"Unknown"};
}

std::optional<Region> parse_region(std::string_view code) noexcept {
    for (std::size_t i = 0; i < region_count; ++i)
        if (iequals(code, region_info[i].code)) return static_cast<Region>(i);
    if (iequals(code, "USCA")) return Region::NA;
    if (iequals(code, "CEE")) return Region::CEECA;
    return std::nullopt;
}

int capx_territory_id(Region region) noexcept {
    const auto i = static_cast<std::size_t>(region);
    return i < region_count ? region_info[i].capx_id : 0;
}

std::optional<Region> region_from_capx_territory(int id) noexcept {
    for (std::size_t i = 0; i < region_count; ++i)
        if (region_info[i].capx_id == id) return static_cast<Region>(i);
    return std::nullopt;
}

std::optional<CountryCode> parse_country(std::string_view alpha2) noexcept {
    if (alpha2.size() != 2) return std::nullopt;
    const std::string key{upper(alpha2[0]), upper(alpha2[1])};
    const auto& table = countries();
    const auto it = std::lower_bound(table.begin(), table.end(), key,
                                     [](const Country& c, const std::string& k) { return c.alpha2 < k; });
    if (it == table.end() || it->alpha2 != key) return std::nullopt;
    return static_cast<CountryCode>(it - table.begin());
}

std::string_view country_alpha2(CountryCode code) noexcept {
    const auto& table = countries();
    return code < table.size() ? std::string_view(table[code].alpha2) : std::string_view{};
}

std::string_view country_name(CountryCode code) noexcept {
    const auto& table = countries();
    return code < table.size() ? std::string_view(table[code].name) : std::string_view{};
}

Region country_region(CountryCode code) noexcept {
    const auto& table = countries();
    return code < table.size() ? table[code].region : Region::Unknown;
}

std::size_t country_count() noexcept { return countries().size(); }

}  // namespace letsconnect
