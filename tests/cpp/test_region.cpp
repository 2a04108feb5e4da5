// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
// Tests of letsconnect/region.hpp: region codes, aliases, CapX territory ids, country table.

#include "test_helpers.hpp"

#include "letsconnect/region.hpp"

#include <set>
#include <string>

using namespace letsconnect;

TEST(Region, CodesRoundTripThroughParse) {
    for (Region r : all_regions) {
        const auto code = to_string(r);
        ASSERT_FALSE(code.empty());
        EXPECT_EQ(parse_region(code), r) << code;
    }
    EXPECT_EQ(to_string(Region::SSA), "SSA");
    EXPECT_EQ(to_string(Region::CEECA), "CEECA");
    EXPECT_EQ(to_string(Region::Unknown), "");
}

TEST(Region, ParseIsCaseInsensitive) {
    EXPECT_EQ(parse_region("ssa"), Region::SSA);
    EXPECT_EQ(parse_region("Mena"), Region::MENA);
    EXPECT_EQ(parse_region("eseap"), Region::ESEAP);
    EXPECT_EQ(parse_region("nWe"), Region::NWE);
    EXPECT_EQ(parse_region("lac"), Region::LAC);
    EXPECT_EQ(parse_region("na"), Region::NA);
    EXPECT_EQ(parse_region("sa"), Region::SA);
}

TEST(Region, AliasesUscaAndCee) {
    EXPECT_EQ(parse_region("USCA"), Region::NA);
    EXPECT_EQ(parse_region("usca"), Region::NA);
    EXPECT_EQ(parse_region("CEE"), Region::CEECA);
    EXPECT_EQ(parse_region("cee"), Region::CEECA);
}

TEST(Region, ParseRejectsEverythingElse) {
    for (const char* bad : {"", "X", "SSAX", "AFRICA", "Unknown", "EU", "NAM", " SSA", "SSA ", "CEEC"}) {
        EXPECT_EQ(parse_region(bad), std::nullopt) << '"' << bad << '"';
    }
}

TEST(Region, EnglishNames) {
    EXPECT_EQ(region_name(Region::SSA), "Sub-Saharan Africa");
    EXPECT_EQ(region_name(Region::NA), "North America");
    for (Region r : all_regions) EXPECT_FALSE(region_name(r).empty());
}

TEST(Region, CapxTerritoryIds) {
    EXPECT_EQ(capx_territory_id(Region::MENA), 18);
    EXPECT_EQ(capx_territory_id(Region::SSA), 19);
    EXPECT_EQ(capx_territory_id(Region::SA), 20);
    EXPECT_EQ(capx_territory_id(Region::ESEAP), 21);
    EXPECT_EQ(capx_territory_id(Region::LAC), 22);
    EXPECT_EQ(capx_territory_id(Region::NA), 23);
    EXPECT_EQ(capx_territory_id(Region::NWE), 24);
    EXPECT_EQ(capx_territory_id(Region::CEECA), 25);
    EXPECT_EQ(capx_territory_id(Region::Unknown), 0);
}

TEST(Region, CapxTerritoryIdsRoundTrip) {
    std::set<Region> seen;
    for (int id = 18; id <= 25; ++id) {
        const auto r = region_from_capx_territory(id);
        ASSERT_TRUE(r.has_value()) << id;
        EXPECT_EQ(capx_territory_id(*r), id);
        seen.insert(*r);
    }
    EXPECT_EQ(seen.size(), region_count);
    for (int id : {0, 1, 17, 26, 31, -19, 1019}) {
        EXPECT_EQ(region_from_capx_territory(id), std::nullopt) << id;
    }
}

TEST(Region, UnderRepresented) {
    EXPECT_FALSE(is_under_represented(Region::NWE));
    EXPECT_FALSE(is_under_represented(Region::NA));
    EXPECT_FALSE(is_under_represented(Region::Unknown));
    for (Region r : {Region::SSA, Region::MENA, Region::ESEAP, Region::SA, Region::CEECA, Region::LAC}) {
        EXPECT_TRUE(is_under_represented(r)) << to_string(r);
    }
}

TEST(Country, TableCoversIsoCountriesAndKosovo) {
    // 249 ISO 3166-1 alpha-2 codes plus XK (Kosovo).
    EXPECT_GE(country_count(), 249U);
    EXPECT_LT(country_count(), static_cast<std::size_t>(no_country));
    ASSERT_TRUE(parse_country("XK").has_value());
    EXPECT_EQ(country_region(*parse_country("XK")), Region::CEECA);
}

TEST(Country, EveryCountryRoundTripsAndHasARegion) {
    std::set<std::string> codes;
    for (std::size_t i = 0; i < country_count(); ++i) {
        const auto code = static_cast<CountryCode>(i);
        const std::string alpha2(country_alpha2(code));
        ASSERT_EQ(alpha2.size(), 2U) << i;
        EXPECT_TRUE(std::isupper(static_cast<unsigned char>(alpha2[0])) &&
                    std::isupper(static_cast<unsigned char>(alpha2[1])))
            << alpha2;
        EXPECT_EQ(parse_country(alpha2), code) << alpha2;
        EXPECT_NE(country_region(code), Region::Unknown) << alpha2 << " has no region";
        EXPECT_FALSE(country_name(code).empty()) << alpha2;
        codes.insert(alpha2);
    }
    EXPECT_EQ(codes.size(), country_count()) << "duplicate codes in the table";
}

TEST(Country, RegionsOfWellKnownCountries) {
    const std::pair<const char*, Region> expected[] = {
        {"NG", Region::SSA},   {"IN", Region::SA},    {"BR", Region::LAC},  {"DE", Region::NWE},
        {"US", Region::NA},    {"UA", Region::CEECA}, {"EG", Region::MENA}, {"ID", Region::ESEAP},
        {"CA", Region::NA},    {"GH", Region::SSA},   {"NP", Region::SA},   {"KZ", Region::CEECA},
        {"MX", Region::LAC},   {"MA", Region::MENA},  {"JP", Region::ESEAP}, {"NO", Region::NWE},
    };
    for (const auto& [alpha2, region] : expected) {
        const auto code = parse_country(alpha2);
        ASSERT_TRUE(code.has_value()) << alpha2;
        EXPECT_EQ(country_region(*code), region) << alpha2 << " → " << to_string(country_region(*code));
    }
}

TEST(Country, ParseIsCaseInsensitive) {
    const auto upper = parse_country("NG");
    ASSERT_TRUE(upper.has_value());
    EXPECT_EQ(parse_country("ng"), upper);
    EXPECT_EQ(parse_country("Ng"), upper);
    EXPECT_EQ(country_alpha2(*parse_country("de")), "DE");
    EXPECT_EQ(country_name(*parse_country("DE")), "Germany");
    EXPECT_EQ(country_name(*parse_country("ng")), "Nigeria");
}

TEST(Country, BadCodes) {
    for (const char* bad : {"", "X", "XX", "ZZ", "NGA", "N1", "12", " N", "UK", "EU"}) {
        EXPECT_EQ(parse_country(bad), std::nullopt) << '"' << bad << '"';
    }
    EXPECT_EQ(country_alpha2(no_country), "");
    EXPECT_EQ(country_region(no_country), Region::Unknown);
}
