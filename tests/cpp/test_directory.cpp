// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
// Tests of letsconnect/directory.hpp: building, loading, lookups, every column of the index
// (checked against the profiles), persistence, updates and the errors of broken files.

#include "letsconnect/text.hpp"
#include "test_helpers.hpp"

#include "letsconnect/directory.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <map>
#include <numeric>
#include <set>
#include <span>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

using namespace letsconnect;
using lc_test::capture;
using lc_test::contains;
using lc_test::data_path;
using lc_test::dump;
using lc_test::has_problem;
using lc_test::ymd;

namespace {

const std::chrono::sys_days reference_week = ymd(2026, 3, 2);

Directory good_directory() {
    return Directory::load(data_path("directory_good.json"), nullptr, reference_week);
}

const Directory& generated_directory() {
    static const Directory dir(lc_test::generate_profiles(800, 2026, *Taxonomy::bundled("letsconnect")), nullptr,
                               reference_week);
    return dir;
}

Profile simple_profile(std::string username, std::string country = "GH") {
    Profile p;
    p.username = std::move(username);
    p.country = std::move(country);
    p.languages = {{"en", 4}};
    p.shares = {"mentoring"};
    return p;
}

bool names_profile(const Problem& p, std::string_view username, std::size_t index) {
    const std::string all = p.where + " " + p.message;
    return contains(all, username) || contains(all, "profiles[" + std::to_string(index) + "]");
}

}  // namespace

// --- building and loading -----------------------------------------------------------------

TEST(DirectoryBuild, FromProfiles) {
    const auto profiles = lc_test::generate_profiles(50, 11, *Taxonomy::bundled("letsconnect"));
    const Directory dir(profiles, nullptr, ymd(2026, 3, 11));
    ASSERT_EQ(dir.size(), profiles.size());
    EXPECT_EQ(dir.week(), ymd(2026, 3, 9));
    EXPECT_EQ(dir.taxonomy().name(), "letsconnect");
    EXPECT_EQ(dir.source(), "<memory>");
    EXPECT_TRUE(dir.import_notes().empty());
    for (std::size_t i = 0; i < profiles.size(); ++i) {
        Profile stored = dir.profile(static_cast<ProfileIndex>(i));
        stored.region = profiles[i].region;  // may have been derived from the country
        EXPECT_EQ(stored, profiles[i]) << i;
    }
    EXPECT_THROW((void)dir.profile(static_cast<ProfileIndex>(profiles.size())), std::out_of_range);
}

TEST(DirectoryBuild, DefaultWeekIsTheCurrentWeek) {
    const Directory dir({simple_profile("Yaw Ofori")});
    EXPECT_EQ(dir.week(), current_week());
}

TEST(DirectoryBuild, EmptyDirectory) {
    const Directory dir({});
    EXPECT_EQ(dir.size(), 0U);
    EXPECT_FALSE(dir.contains("Anyone"));
    EXPECT_TRUE(dir.search(SearchQuery{}).empty());
}

TEST(DirectoryBuild, CustomTaxonomy) {
    auto tax = std::make_shared<const Taxonomy>(Taxonomy::load(data_path("taxonomy_good.json")));
    Profile p = simple_profile("Yaw Ofori");
    p.shares = {"glazing", "Q4000006"};
    const Directory dir({p}, tax, reference_week);
    EXPECT_EQ(dir.taxonomy().name(), "test-crafts");
    EXPECT_EQ(dir.taxonomy_ptr(), tax);
    EXPECT_EQ(dir.profile(0).shares, (std::vector<std::string>{"glazing", "chemistry"}));
    EXPECT_TRUE(dir.has_skill(0, SkillSet::shares, tax->at("chemistry")));
    // "mentoring" belongs to the default taxonomy, not this one
    Profile q = simple_profile("Ama Owusu");
    EXPECT_THROW(Directory({q}, tax, reference_week), ValidationError);
}

TEST(DirectoryLoad, GoodFile) {
    const auto dir = good_directory();
    EXPECT_EQ(dir.size(), 9U);
    EXPECT_TRUE(contains(dir.source(), "directory_good.json")) << dir.source();
    EXPECT_EQ(dir.taxonomy().name(), "letsconnect");
    EXPECT_EQ(dir.week(), reference_week);
    EXPECT_EQ(dir.profile(0).username, "Zainab Lawal");
    EXPECT_EQ(dir.profile(8).username, "Айгуль Сапарова");
    EXPECT_EQ(dir.profile(4).username, "Lucía Fernández");
    EXPECT_EQ(dir.profile(0).languages, (std::vector<LanguageLevel>{{"ha", native_level}, {"en", 4}}));
}

TEST(DirectoryLoad, SampleDirectory) {
    const auto dir = Directory::load(lc_test::source_path("data/sample_directory.json"));
    EXPECT_EQ(dir.size(), 60U);
    EXPECT_EQ(dir.taxonomy().name(), "letsconnect");
    EXPECT_TRUE(dir.contains("Kofi Mensah"));
    EXPECT_TRUE(dir.contains("Amina Bello"));
}

TEST(DirectoryLoad, ExplicitTaxonomyOverridesTheFile) {
    // The file's skills are letsconnect ids; with the CapX taxonomy they are unknown.
    EXPECT_THROW((void)Directory::load(data_path("directory_good.json"), Taxonomy::bundled("capx"), reference_week),
                 ValidationError);
}

TEST(DirectoryLoad, InlineTaxonomyObject) {
    const auto tax_json = nlohmann::json::parse(lc_test::slurp(data_path("taxonomy_good.json")));
    nlohmann::json doc = {{"format", "letsconnect.directory/1"},
                          {"taxonomy", tax_json},
                          {"profiles", nlohmann::json::array({{{"username", "Yaw Ofori"},
                                                               {"country", "GH"},
                                                               {"shares", {"raku"}},
                                                               {"learns", {"Q4000002"}}}})}};
    const auto dir = Directory::from_json(doc.dump(), "inline.json", nullptr, reference_week);
    EXPECT_EQ(dir.taxonomy().name(), "test-crafts");
    EXPECT_EQ(dir.profile(0).learns, (std::vector<std::string>{"science"}));
    EXPECT_TRUE(dir.has_skill(0, SkillSet::shares, dir.taxonomy().at("raku")));
}

TEST(DirectoryLoad, UnknownBundledTaxonomyName) {
    EXPECT_THROW((void)Directory::from_json(
                     R"({"format": "letsconnect.directory/1", "taxonomy": "no-such-taxonomy", "profiles": []})"),
                 Error);
}

TEST(DirectoryLoad, WrongDocumentShape) {
    // a taxonomy file is not a directory
    EXPECT_THROW((void)Directory::load(data_path("taxonomy_good.json")), Error);
    EXPECT_THROW((void)Directory::from_json(R"({"format": "letsconnect.directory/1", "taxonomy": "letsconnect"})"),
                 Error);
    EXPECT_THROW((void)Directory::from_json(R"({"format": "letsconnect.directory/1", "profiles": {"a": 1}})"), Error);
    EXPECT_THROW((void)Directory::from_json("[]"), Error);
}

TEST(DirectoryLoad, MissingFileIsFileError) {
    auto e = capture<FileError>([] { (void)Directory::load(data_path("no_such_directory.json")); });
    ASSERT_TRUE(e);
    EXPECT_TRUE(contains(e->path(), "no_such_directory.json"));
    EXPECT_TRUE(contains(e->what(), "no_such_directory.json"));
}

// --- lookups ------------------------------------------------------------------------------

TEST(DirectoryLookup, FindAtContainsUseUsernameKeys) {
    const auto dir = good_directory();
    EXPECT_EQ(dir.find("Zainab Lawal"), 0U);
    EXPECT_EQ(dir.find("Zainab_Lawal"), 0U);
    EXPECT_EQ(dir.find("  zainab   Lawal "), 0U);
    EXPECT_EQ(dir.find("Kwesi Boateng"), 1U);  // stored as "Kwesi_Boateng"
    EXPECT_EQ(dir.find("Kwesi_Boateng"), 1U);
    EXPECT_EQ(dir.find("Luci\u0301a Ferna\u0301ndez"), 4U);  // decomposed accents
    EXPECT_EQ(dir.at("Priyanka.R"), 2U);
    EXPECT_TRUE(dir.contains("Айгуль Сапарова"));
    EXPECT_TRUE(dir.contains("айгуль_Сапарова"));
    EXPECT_FALSE(dir.contains("Nobody Here"));
    EXPECT_EQ(dir.find("Nobody Here"), std::nullopt);
    EXPECT_EQ(dir.find(""), std::nullopt);
    auto e = capture<NotFoundError>([&] { (void)dir.at("Nobody Here"); });
    ASSERT_TRUE(e);
    EXPECT_EQ(e->key(), "Nobody Here");
}

TEST(DirectoryLookup, EveryProfileFindsItself) {
    const auto& dir = generated_directory();
    for (ProfileIndex i = 0; i < dir.size(); ++i) {
        EXPECT_EQ(dir.find(dir.profile(i).username), i);
        EXPECT_EQ(dir.at(username_key(dir.profile(i).username)), i);
    }
}

// --- validation at build time -------------------------------------------------------------

TEST(DirectoryValidation, DuplicateUsername) {
    auto e = capture<ValidationError>([] {
        Directory({simple_profile("Yaw Ofori"), simple_profile("Marta Kowalczyk", "PL"), simple_profile("Yaw Ofori")});
    });
    ASSERT_TRUE(e);
    EXPECT_TRUE(has_problem(e->problems(), "", "Yaw Ofori")) << dump(e->problems());
}

TEST(DirectoryValidation, DuplicateUsernameByKey) {
    auto e = capture<ValidationError>([] {
        Directory({simple_profile("Kofi_Mensah"), simple_profile("Marta Kowalczyk", "PL"), simple_profile("Kofi Mensah")});
    });
    ASSERT_TRUE(e);
    EXPECT_TRUE(has_problem(e->problems(), "", "Kofi")) << dump(e->problems());
}

TEST(DirectoryValidation, UnknownSkillNamesProfileAndField) {
    Profile p = simple_profile("Marta Kowalczyk", "PL");
    p.learns = {"grant-writing", "underwater-basket-weaving"};
    auto e = capture<ValidationError>([&] { Directory({simple_profile("Yaw Ofori"), p}, nullptr, reference_week); });
    ASSERT_TRUE(e);
    const auto& problems = e->problems();
    ASSERT_FALSE(problems.empty());
    EXPECT_TRUE(has_problem(problems, "learns", "underwater-basket-weaving")) << dump(problems);
    EXPECT_TRUE(std::any_of(problems.begin(), problems.end(),
                            [](const Problem& pr) { return names_profile(pr, "Marta Kowalczyk", 1); }))
        << dump(problems);
}

TEST(DirectoryValidation, UnknownSkillInEverySet) {
    Profile p = simple_profile("Marta Kowalczyk", "PL");
    p.shares = {"no-such-share"};
    p.learns = {"no-such-learn"};
    p.knows = {"Q999999999"};
    auto e = capture<ValidationError>([&] { Directory({p}); });
    ASSERT_TRUE(e);
    EXPECT_TRUE(has_problem(e->problems(), "shares", "no-such-share")) << dump(e->problems());
    EXPECT_TRUE(has_problem(e->problems(), "learns", "no-such-learn")) << dump(e->problems());
    EXPECT_TRUE(has_problem(e->problems(), "knows", "Q999999999")) << dump(e->problems());
}

TEST(DirectoryValidation, EveryInvalidProfileIsListed) {
    Profile a = simple_profile("Noor Rahman", "XX");
    Profile b = simple_profile("Elif Demir", "TR");
    b.timezone = "Mars/Olympus_Mons";
    auto e = capture<ValidationError>([&] { Directory({simple_profile("Yaw Ofori"), a, b}); });
    ASSERT_TRUE(e);
    EXPECT_TRUE(has_problem(e->problems(), "country", "XX")) << dump(e->problems());
    EXPECT_TRUE(has_problem(e->problems(), "timezone", "Mars/Olympus_Mons")) << dump(e->problems());
}

TEST(DirectoryValidation, InvalidUtf8UsernameIsAProblemNotACrash) {
    EXPECT_THROW(Directory({simple_profile("Jos\xe9 Ortiz", "MX")}), ValidationError);
    EXPECT_THROW(Directory({simple_profile("   ")}), ValidationError);
}

TEST(DirectoryValidation, QidsAreCanonicalisedToTaxonomyIds) {
    const auto dir = good_directory();
    const auto kwesi = dir.at("Kwesi_Boateng");
    EXPECT_EQ(dir.profile(kwesi).shares, (std::vector<std::string>{"wikidata"}));
    EXPECT_TRUE(dir.has_skill(kwesi, SkillSet::shares, dir.taxonomy().at("wikidata")));
    EXPECT_TRUE(dir.has_skill(kwesi, SkillSet::shares, dir.taxonomy().at("Q2013")));
}

// --- columns ------------------------------------------------------------------------------

TEST(DirectoryColumns, RegionDerivedFromCountry) {
    const auto dir = good_directory();
    const auto kwesi = dir.at("Kwesi_Boateng");
    EXPECT_EQ(dir.regions()[kwesi], Region::SSA);
    EXPECT_EQ(dir.countries()[kwesi], parse_country("GH"));
    EXPECT_EQ(dir.regions()[dir.at("Dana Whitfield")], Region::NA);
    EXPECT_EQ(dir.regions()[dir.at("Айгуль Сапарова")], Region::CEECA);
}

TEST(DirectoryColumns, SkillBitsetsAndPostings) {
    const auto& dir = generated_directory();
    const auto& tax = dir.taxonomy();
    const std::size_t n = dir.size();
    EXPECT_EQ(dir.skill_words(), (tax.size() + 63) / 64);
    for (SkillSet set : {SkillSet::shares, SkillSet::learns, SkillSet::knows}) {
        std::vector<std::vector<ProfileIndex>> expected_postings(tax.size());
        for (ProfileIndex i = 0; i < n; ++i) {
            const auto& p = dir.profile(i);
            const auto& list = set == SkillSet::shares ? p.shares : set == SkillSet::learns ? p.learns : p.knows;
            std::set<SkillIndex> mine;
            for (const auto& s : list) mine.insert(tax.at(s));
            for (SkillIndex s = 0; s < tax.size(); ++s) {
                ASSERT_EQ(dir.has_skill(i, set, s), mine.count(s) == 1) << p.username << " " << tax.node(s).id;
                if (mine.count(s)) expected_postings[s].push_back(i);
            }
        }
        for (std::size_t w = 0; w < dir.skill_words(); ++w) {
            const auto column = dir.skill_column(set, w);
            ASSERT_EQ(column.size(), n);
            for (ProfileIndex i = 0; i < n; ++i) {
                for (unsigned b = 0; b < 64; ++b) {
                    const std::size_t s = w * 64 + b;
                    const bool bit = ((column[i] >> b) & 1U) != 0;
                    if (s < tax.size()) {
                        ASSERT_EQ(bit, dir.has_skill(i, set, static_cast<SkillIndex>(s)));
                    } else {
                        ASSERT_FALSE(bit) << "bit beyond the taxonomy";
                    }
                }
            }
        }
        for (SkillIndex s = 0; s < tax.size(); ++s) {
            const auto postings = dir.postings(set, s);
            EXPECT_TRUE(std::is_sorted(postings.begin(), postings.end()));
            EXPECT_EQ(std::vector<ProfileIndex>(postings.begin(), postings.end()), expected_postings[s])
                << tax.node(s).id;
        }
    }
}

TEST(DirectoryColumns, Languages) {
    const auto& dir = generated_directory();
    const auto codes = dir.language_codes();
    ASSERT_FALSE(codes.empty());
    std::map<std::string, std::size_t> speakers;
    for (const auto& p : dir.profiles()) {
        for (const auto& l : p.languages) ++speakers[l.code];
    }
    EXPECT_EQ(codes.size(), speakers.size());
    for (std::size_t id = 0; id < codes.size(); ++id) {
        EXPECT_EQ(dir.language_id(codes[id]), static_cast<LanguageId>(id)) << codes[id];
        if (id > 0) { EXPECT_GE(speakers[codes[id - 1]], speakers[codes[id]]) << "most widely spoken first"; }
    }
    EXPECT_EQ(codes[0], "en");
    EXPECT_EQ(dir.language_id("tlh"), std::nullopt);

    const auto masks = dir.language_masks();
    ASSERT_EQ(masks.size(), dir.size());
    for (ProfileIndex i = 0; i < dir.size(); ++i) {
        const auto& p = dir.profile(i);
        const auto entries = dir.languages(i);
        ASSERT_EQ(entries.size(), p.languages.size()) << p.username;
        std::uint64_t mask = 0;
        for (std::size_t k = 0; k < entries.size(); ++k) {
            if (k > 0) { EXPECT_LT(entries[k - 1].language, entries[k].language) << "sorted by LanguageId"; }
            const std::string& code = codes[entries[k].language];
            EXPECT_EQ(p.level(code), entries[k].level) << p.username << " " << code;
            EXPECT_EQ(dir.level(i, entries[k].language), entries[k].level);
            mask |= std::uint64_t{1} << std::min<unsigned>(entries[k].language, 63U);
        }
        for (const auto& l : p.languages) EXPECT_EQ(dir.level(i, *dir.language_id(l.code)), l.level);
        EXPECT_EQ(masks[i], mask) << p.username;
        for (std::size_t id = 0; id < codes.size(); ++id) {
            if (!p.level(codes[id])) { EXPECT_EQ(dir.level(i, static_cast<LanguageId>(id)), std::nullopt); }
        }
    }
}

TEST(DirectoryColumns, RegionsAndCountries) {
    const auto& dir = generated_directory();
    ASSERT_EQ(dir.regions().size(), dir.size());
    ASSERT_EQ(dir.countries().size(), dir.size());
    for (ProfileIndex i = 0; i < dir.size(); ++i) {
        const auto& p = dir.profile(i);
        const auto country = p.country.empty() ? std::optional<CountryCode>(no_country) : parse_country(p.country);
        ASSERT_TRUE(country.has_value()) << p.country;
        EXPECT_EQ(dir.countries()[i], *country) << p.username;
        const Region expected = p.country.empty() ? p.region : country_region(*country);
        EXPECT_EQ(dir.regions()[i], expected) << p.username;
    }
}

TEST(DirectoryColumns, AvailabilityIsTheUtcConversion) {
    const auto& dir = generated_directory();
    WeekConverter conv(dir.week());
    std::size_t with_slots = 0;
    for (ProfileIndex i = 0; i < dir.size(); ++i) {
        const auto& p = dir.profile(i);
        const WeekSlots expected = p.timezone.empty() ? WeekSlots{} : conv.to_utc(p.availability, p.timezone);
        const WeekSlots got = dir.availability(i);
        EXPECT_EQ(got, expected) << p.username;
        for (std::size_t w = 0; w < week_words; ++w) {
            ASSERT_EQ(dir.availability_column(w).size(), dir.size());
            EXPECT_EQ(dir.availability_column(w)[i], got[w]);
        }
        if (count_slots(got) > 0) ++with_slots;
    }
    EXPECT_GT(with_slots, dir.size() / 2);
}

TEST(DirectoryColumns, AvailabilityOfKnownPeople) {
    const auto dir = good_directory();  // week of 2026-03-02: New York still on EST
    // Priyanka.R, Asia/Kolkata, tue 19:30–21:00 → 14:00–15:30 UTC
    EXPECT_EQ(lc_test::set_slots(dir.availability(dir.at("Priyanka.R"))),
              lc_test::slot_range(lc_test::slot_of(Weekday::tue, 14 * 60), 6));
    // Bishnu Thapa, Asia/Kathmandu, wed 06:45–08:00 → 01:00–02:15 UTC
    EXPECT_EQ(lc_test::set_slots(dir.availability(dir.at("Bishnu Thapa"))),
              lc_test::slot_range(lc_test::slot_of(Weekday::wed, 60), 5));
    // Dana Whitfield, America/New_York, thu 12:00–14:00 EST → 17:00–19:00 UTC
    EXPECT_EQ(lc_test::set_slots(dir.availability(dir.at("Dana Whitfield"))),
              lc_test::slot_range(lc_test::slot_of(Weekday::thu, 17 * 60), 8));
    // Lucía Fernández, Buenos Aires (UTC−3), fri 22:00–01:00 → sat 01:00–04:00 UTC
    EXPECT_EQ(lc_test::set_slots(dir.availability(dir.at("Lucía Fernández"))),
              lc_test::slot_range(lc_test::slot_of(Weekday::sat, 60), 12));
}

TEST(DirectoryColumns, UsernameRankSortsByUsernameKey) {
    const auto& dir = generated_directory();
    const auto rank = dir.username_rank();
    ASSERT_EQ(rank.size(), dir.size());
    std::vector<ProfileIndex> sorted(rank.begin(), rank.end());
    std::sort(sorted.begin(), sorted.end());
    std::vector<ProfileIndex> identity(dir.size());
    std::iota(identity.begin(), identity.end(), 0U);
    EXPECT_EQ(sorted, identity) << "username_rank is not a permutation";
    std::vector<ProfileIndex> by_name(dir.size());
    std::iota(by_name.begin(), by_name.end(), 0U);
    std::sort(by_name.begin(), by_name.end(),
              [&](ProfileIndex a, ProfileIndex b) {
                  return username_key(dir.profile(a).username) < username_key(dir.profile(b).username);
              });
    const auto order = dir.username_order();
    for (std::size_t pos = 0; pos < by_name.size(); ++pos) {
        EXPECT_EQ(rank[by_name[pos]], pos) << dir.profile(by_name[pos]).username;
        EXPECT_EQ(order[pos], by_name[pos]) << "username_order is not the inverse of username_rank";
    }
}

TEST(DirectoryColumns, IndexIsCompact) {
    const Directory dir(lc_test::generate_profiles(10000, 99, *Taxonomy::bundled("letsconnect")), nullptr,
                        reference_week);
    ASSERT_EQ(dir.size(), 10000U);
    const std::size_t per_profile_columns = (week_words + 3 * dir.skill_words() + 1) * sizeof(std::uint64_t);
    EXPECT_GE(dir.index_bytes(), per_profile_columns * dir.size()) << "index_bytes() misses columns";
    // Columns, inverted lists and lookup ~190 B; the scoring rows (skills, levels, region and
    // availability side by side, 136 B), dense skill, region, language and hour bitmaps ~80 B.
    EXPECT_LT(dir.index_bytes(), 450 * dir.size()) << dir.index_bytes() / dir.size() << " bytes per profile";
}

// --- persistence --------------------------------------------------------------------------

TEST(DirectoryPersistence, SaveLoadRoundTrip) {
    const auto& dir = generated_directory();
    lc_test::TempDir tmp;
    const auto path = tmp.file("directory.json");
    dir.save(path);
    EXPECT_EQ(tmp.entries(), (std::vector<std::string>{"directory.json"}));  // no temp file left
    EXPECT_EQ(lc_test::slurp(path), dir.to_json());
    const auto back = Directory::load(path, nullptr, dir.week());
    ASSERT_EQ(back.size(), dir.size());
    EXPECT_TRUE(std::equal(back.profiles().begin(), back.profiles().end(), dir.profiles().begin()));
    EXPECT_EQ(back.taxonomy(), dir.taxonomy());
    for (ProfileIndex i = 0; i < dir.size(); ++i) EXPECT_EQ(back.availability(i), dir.availability(i));
}

TEST(DirectoryPersistence, SaveIntoMissingFolderIsFileError) {
    lc_test::TempDir tmp;
    EXPECT_THROW(good_directory().save(tmp.file("missing/folder/d.json")), FileError);
}

TEST(DirectoryPersistence, ToJsonFromJson) {
    const auto dir = good_directory();
    const std::string text = dir.to_json();
    const auto j = nlohmann::json::parse(text);
    EXPECT_EQ(j.at("format"), "letsconnect.directory/1");
    EXPECT_EQ(j.at("profiles").size(), dir.size());
    const auto back = Directory::from_json(text, "<memory>", nullptr, dir.week());
    EXPECT_TRUE(std::equal(back.profiles().begin(), back.profiles().end(), dir.profiles().begin(),
                           dir.profiles().end()));
    EXPECT_EQ(Directory::from_json(dir.to_json(-1), "<memory>", nullptr, dir.week()).size(), dir.size());
}

TEST(DirectoryPersistence, RoundTripWithCustomTaxonomy) {
    auto tax = std::make_shared<const Taxonomy>(Taxonomy::load(data_path("taxonomy_good.json")));
    Profile p = simple_profile("Yaw Ofori");
    p.shares = {"glazing"};
    p.learns = {"astronomy"};
    const Directory dir({p}, tax, reference_week);
    const auto back = Directory::from_json(dir.to_json());  // load(save(d)) has the same profiles
    EXPECT_EQ(back.taxonomy(), *tax);
    ASSERT_EQ(back.size(), 1U);
    EXPECT_EQ(back.profile(0), dir.profile(0));
}

// --- new snapshots ------------------------------------------------------------------------

TEST(DirectoryUpdate, WithProfilesReplacesAndAdds) {
    const auto dir = good_directory();
    Profile changed = dir.profile(dir.at("Zainab Lawal"));
    changed.role = "board member";
    changed.learns = {"budgeting"};
    Profile added = simple_profile("Ama Owusu");
    const auto next = dir.with_profiles({changed, added});
    EXPECT_EQ(next.size(), dir.size() + 1);
    EXPECT_EQ(next.profile(next.at("Zainab Lawal")).role, "board member");
    EXPECT_TRUE(next.has_skill(next.at("Zainab Lawal"), SkillSet::learns, next.taxonomy().at("budgeting")));
    EXPECT_FALSE(next.has_skill(next.at("Zainab Lawal"), SkillSet::learns, next.taxonomy().at("program-evaluation")));
    EXPECT_TRUE(next.contains("Ama Owusu"));
    EXPECT_EQ(next.week(), dir.week());
    EXPECT_EQ(next.taxonomy(), dir.taxonomy());
    // the original snapshot is unchanged
    EXPECT_EQ(dir.size(), 9U);
    EXPECT_EQ(dir.profile(0).role, "affiliate coordinator");
    EXPECT_FALSE(dir.contains("Ama Owusu"));
    // everybody else is still there, unchanged
    for (const auto& p : dir.profiles()) {
        ASSERT_TRUE(next.contains(p.username)) << p.username;
        if (p.username != "Zainab Lawal") { EXPECT_EQ(next.profile(next.at(p.username)), p); }
    }
}

TEST(DirectoryUpdate, WithProfilesMatchesByUsernameKey) {
    const auto dir = good_directory();
    Profile renamed = simple_profile("Kwesi Boateng");  // stored as "Kwesi_Boateng"
    const auto next = dir.with_profiles({renamed});
    EXPECT_EQ(next.size(), dir.size());
    EXPECT_EQ(next.profile(next.at("Kwesi_Boateng")).shares, (std::vector<std::string>{"mentoring"}));
}

TEST(DirectoryUpdate, WithInvalidProfileThrows) {
    const auto dir = good_directory();
    EXPECT_THROW((void)dir.with_profiles({simple_profile("Noor Rahman", "XX")}), ValidationError);
}

TEST(DirectoryUpdate, ForWeekFollowsDaylightSaving) {
    const auto dir = good_directory();  // week of 2026-03-02
    const auto dana = dir.at("Dana Whitfield");
    const auto zainab = dir.at("Zainab Lawal");
    const auto later = dir.for_week(ymd(2026, 3, 12));
    EXPECT_EQ(later.week(), ymd(2026, 3, 9));
    EXPECT_EQ(dir.week(), reference_week);
    ASSERT_EQ(later.size(), dir.size());
    EXPECT_TRUE(std::equal(later.profiles().begin(), later.profiles().end(), dir.profiles().begin()));
    // New York moved to EDT on 2026-03-08: thu 12:00 local is 16:00 UTC, one hour earlier.
    EXPECT_EQ(lc_test::set_slots(later.availability(dana)),
              lc_test::slot_range(lc_test::slot_of(Weekday::thu, 16 * 60), 8));
    EXPECT_NE(later.availability(dana), dir.availability(dana));
    // Lagos has no DST
    EXPECT_EQ(later.availability(zainab), dir.availability(zainab));
}

// --- broken files -------------------------------------------------------------------------

TEST(DirectoryBrokenFiles, TruncatedJson) {
    const auto path = data_path("directory_truncated.json");
    auto e = capture<FormatError>([&] { (void)Directory::load(path); });
    ASSERT_TRUE(e);
    EXPECT_TRUE(contains(e->source(), "directory_truncated.json")) << e->source();
    EXPECT_EQ(e->line(), 5U);
    EXPECT_GT(e->column(), 0U);
    EXPECT_TRUE(contains(e->what(), "directory_truncated.json")) << e->what();
    EXPECT_TRUE(contains(e->what(), "5")) << e->what();
}

TEST(DirectoryBrokenFiles, NonUtf8Bytes) {
    const auto path = data_path("directory_non_utf8.json");
    auto e = capture<FormatError>([&] { (void)Directory::load(path); });
    ASSERT_TRUE(e);
    EXPECT_TRUE(contains(e->source(), "directory_non_utf8.json")) << e->source();
    EXPECT_EQ(e->line(), 5U);
    EXPECT_GT(e->column(), 0U);
    EXPECT_TRUE(contains(e->what(), "directory_non_utf8.json")) << e->what();
}

TEST(DirectoryBrokenFiles, ValidationErrorsNameFileProfileAndField) {
    struct Case {
        const char* file;
        std::vector<std::pair<const char*, const char*>> fields;  // field, text
        const char* username;
        std::size_t index;
    };
    const Case cases[] = {
        {"directory_wrong_types.json", {{"languages", ""}}, "Rana Haddad", 1},
        {"directory_wrong_types.json", {{"shares", ""}, {"registered", ""}}, "Tomas Lindqvist", 2},
        {"directory_unknown_skill.json", {{"learns", "underwater-basket-weaving"}}, "Marta Kowalczyk", 1},
        {"directory_bad_timezone.json", {{"timezone", "Mars/Olympus_Mons"}}, "Elif Demir", 1},
        {"directory_bad_level.json", {{"languages", "7"}}, "Ana Souza", 1},
        {"directory_bad_country.json", {{"country", "XX"}}, "Noor Rahman", 1},
        {"directory_duplicate_username.json", {{"", "Kofi"}}, "Kofi", 2},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.file);
        auto e = capture<ValidationError>([&] { (void)Directory::load(data_path(c.file)); });
        ASSERT_TRUE(e);
        const auto& problems = e->problems();
        ASSERT_FALSE(problems.empty());
        for (const auto& [field, text] : c.fields) {
            EXPECT_TRUE(has_problem(problems, field, text)) << field << " " << text << dump(problems);
            EXPECT_TRUE(contains(e->what(), field)) << e->what();
        }
        EXPECT_TRUE(std::any_of(problems.begin(), problems.end(),
                                [&](const Problem& p) { return names_profile(p, c.username, c.index); }))
            << dump(problems);
        for (const auto& p : problems) EXPECT_TRUE(contains(p.source, c.file)) << p.source;
        EXPECT_TRUE(contains(e->what(), c.file)) << e->what();
    }
}

TEST(DirectoryBrokenFiles, GoodProfilesAreNotBlamed) {
    for (const char* file : {"directory_unknown_skill.json", "directory_bad_timezone.json", "directory_bad_level.json",
                             "directory_bad_country.json"}) {
        auto e = capture<ValidationError>([&] { (void)Directory::load(data_path(file)); });
        ASSERT_TRUE(e);
        for (const auto& p : e->problems()) {
            EXPECT_FALSE(names_profile(p, "Yaw Ofori", 0)) << file << ": " << p.to_string();
        }
    }
}

TEST(DirectoryImportNotes, EmptyUnlessImported) {
    // Only adapters (directory_from_capx) attach notes; a loaded directory has none.
    EXPECT_TRUE(good_directory().import_notes().empty());
}

// =========================================================================================
// The scoring index: rows and bitmaps against the profiles themselves
// =========================================================================================

namespace {

constexpr SkillSet bitmap_sets[] = {SkillSet::shares, SkillSet::learns};

const char* set_name(SkillSet set) { return set == SkillSet::shares ? "shares" : "learns"; }

bool bit(std::span<const std::uint64_t> bitmap, std::size_t i) { return ((bitmap[i / 64] >> (i % 64)) & 1U) != 0; }

std::size_t ones(std::span<const std::uint64_t> bitmap) {
    std::size_t n = 0;
    for (std::uint64_t w : bitmap) n += static_cast<std::size_t>(std::popcount(w));
    return n;
}

/// Expects `bitmap` to have bitmap_words() words, bit i set exactly when expected(i) for every
/// profile, and no bit set past size().
template <class F>
void expect_bitmap(const Directory& dir, std::span<const std::uint64_t> bitmap, F&& expected, const std::string& what) {
    ASSERT_EQ(bitmap.size(), dir.bitmap_words()) << what;
    const std::size_t n = dir.size();
    std::size_t wrong = 0;
    std::size_t first = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (bit(bitmap, i) != static_cast<bool>(expected(i)) && wrong++ == 0) first = i;
    }
    EXPECT_EQ(wrong, 0U) << what << ": " << wrong << " of " << n << " profiles differ; first is profile " << first
                         << " (bit " << (wrong ? bit(bitmap, first) : false) << ")";
    for (std::size_t i = n; i < bitmap.size() * 64; ++i) {
        if (bit(bitmap, i)) {
            ADD_FAILURE() << what << ": bit " << i << " past size() " << n << " is set";
            break;
        }
    }
}

/// What the index should hold, read from the profiles (and the taxonomy) only; language ids are
/// the directory's (language_codes()).
struct Truth {
    std::size_t n = 0, skills = 0, languages = 0;
    std::vector<std::uint8_t> has[2];   // [i * skills + s]: profile i has skill s in shares / learns
    std::vector<std::uint8_t> level;    // [i * languages + id]: Babel level, 0 when not spoken
    std::vector<std::uint8_t> rare;     // speaks a language with id ≥ row_languages
    std::vector<CountryCode> country;
    std::vector<Region> region;

    [[nodiscard]] bool holds(std::size_t i, int set, SkillIndex s) const { return has[set][i * skills + s] != 0; }
    [[nodiscard]] BabelLevel level_of(std::size_t i, std::size_t id) const { return level[i * languages + id]; }
};

Truth truth_of(const Directory& dir) {
    const Taxonomy& tax = dir.taxonomy();
    Truth t;
    t.n = dir.size();
    t.skills = tax.size();
    t.languages = dir.language_codes().size();
    std::unordered_map<std::string, std::size_t> ids;
    for (std::size_t l = 0; l < t.languages; ++l) ids.emplace(dir.language_codes()[l], l);
    for (auto& h : t.has) h.assign(t.n * t.skills, 0);
    t.level.assign(t.n * t.languages, 0);
    t.rare.assign(t.n, 0);
    t.country.resize(t.n);
    t.region.resize(t.n);
    for (std::size_t i = 0; i < t.n; ++i) {
        const Profile& p = dir.profile(static_cast<ProfileIndex>(i));
        for (const auto& id : p.shares) t.has[0][i * t.skills + tax.at(id)] = 1;
        for (const auto& id : p.learns) t.has[1][i * t.skills + tax.at(id)] = 1;
        for (const auto& l : p.languages) {
            const auto it = ids.find(l.code);
            if (it == ids.end()) {
                EXPECT_EQ(l.level, 0) << "profile " << i << " speaks '" << l.code << "', which has no LanguageId";
                continue;
            }
            t.level[i * t.languages + it->second] = l.level;
            if (l.level > 0 && it->second >= Directory::row_languages) t.rare[i] = 1;
        }
        t.country[i] = p.country.empty() ? no_country : parse_country(p.country).value_or(no_country);
        t.region[i] = p.region;
    }
    return t;
}

/// Distinct profiles holding, in `set`, `node` or a node of its subtree.
std::vector<std::uint8_t> subtree_holders(const Directory& dir, const Truth& t, int set, SkillIndex node) {
    std::vector<std::uint8_t> out(t.n, 0);
    for (SkillIndex s : dir.taxonomy().subtree(node))
        for (std::size_t i = 0; i < t.n; ++i) out[i] |= t.has[set][i * t.skills + s];
    return out;
}

// --- the checks, one per accessor, run on every directory below -------------------------

void check_rows(const Directory& dir, const Truth& t) {
    const auto L = dir.row_layout();
    const std::size_t sw = dir.skill_words();
    EXPECT_EQ(sw, (dir.taxonomy().size() + 63) / 64);
    EXPECT_GT(L.words, 0U);
    EXPECT_EQ(L.words % 8, 0U) << "row of " << L.words << " words";
    // The fields fit in the row and do not overlap.
    EXPECT_LE(L.shares + sw, L.words);
    EXPECT_LE(L.learns + sw, L.words);
    EXPECT_LT(L.levels, L.words);
    EXPECT_LT(L.misc, L.words);
    EXPECT_TRUE(L.shares + sw <= L.learns || L.learns + sw <= L.shares);
    for (std::size_t f : {L.levels, L.misc}) {
        EXPECT_FALSE(f >= L.shares && f < L.shares + sw);
        EXPECT_FALSE(f >= L.learns && f < L.learns + sw);
    }
    EXPECT_NE(L.levels, L.misc);
    if (dir.taxonomy().size() <= 192) {
        EXPECT_EQ(L.words, 8U) << "one cache line per row";
    }

    const auto rows = dir.score_rows();
    ASSERT_EQ(rows.size(), dir.size() * L.words);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(rows.data()) % 64, 0U) << "rows must be 64-byte aligned";

    std::size_t wrong_skills = 0, wrong_levels = 0, wrong_misc = 0;
    for (std::size_t i = 0; i < t.n; ++i) {
        const std::uint64_t* row = rows.data() + i * L.words;
        for (std::size_t w = 0; w < sw; ++w) {
            std::uint64_t shares = 0, learns = 0;
            for (std::size_t b = 0; b < 64 && w * 64 + b < t.skills; ++b) {
                const auto s = static_cast<SkillIndex>(w * 64 + b);
                if (t.holds(i, 0, s)) shares |= std::uint64_t{1} << b;
                if (t.holds(i, 1, s)) learns |= std::uint64_t{1} << b;
            }
            if (row[L.shares + w] != shares || row[L.learns + w] != learns) {
                if (wrong_skills++ == 0)
                    ADD_FAILURE() << "profile " << i << " skill word " << w << ": shares " << row[L.shares + w]
                                  << " expected " << shares << ", learns " << row[L.learns + w] << " expected " << learns;
            }
            // The row agrees with the skill columns too.
            EXPECT_EQ(row[L.shares + w], dir.skill_column(SkillSet::shares, w)[i]);
            EXPECT_EQ(row[L.learns + w], dir.skill_column(SkillSet::learns, w)[i]);
        }
        std::uint64_t levels = 0;
        for (std::size_t l = 0; l < t.languages && l < Directory::row_languages; ++l)
            levels |= std::uint64_t{t.level_of(i, l)} << (3 * l);
        if (row[L.levels] != levels && wrong_levels++ == 0)
            ADD_FAILURE() << "profile " << i << ": levels word " << std::hex << row[L.levels] << " expected " << levels;
        const std::uint64_t misc = std::uint64_t{static_cast<std::uint8_t>(t.region[i])} |
                                   (std::uint64_t{t.country[i]} << 8) | (t.rare[i] ? std::uint64_t{1} << 24 : 0);
        if (row[L.misc] != misc && wrong_misc++ == 0)
            ADD_FAILURE() << "profile " << i << ": misc word " << std::hex << row[L.misc] << " expected " << misc;
    }
    EXPECT_EQ(wrong_skills, 0U);
    EXPECT_EQ(wrong_levels, 0U);
    EXPECT_EQ(wrong_misc, 0U);
}

void check_skill_bitmaps(const Directory& dir, const Truth& t) {
    for (SkillSet set : bitmap_sets) {
        const int k = static_cast<int>(set);
        for (SkillIndex s = 0; s < t.skills; ++s) {
            const std::string what = std::string("skill_bitmap(") + set_name(set) + ", " + dir.taxonomy().node(s).id + ")";
            // postings() lists exactly the holders, ascending.
            std::vector<ProfileIndex> holders;
            for (std::size_t i = 0; i < t.n; ++i)
                if (t.holds(i, k, s)) holders.push_back(static_cast<ProfileIndex>(i));
            const auto post = dir.postings(set, s);
            EXPECT_EQ(std::vector<ProfileIndex>(post.begin(), post.end()), holders) << what;

            const auto bm = dir.skill_bitmap(set, s);
            if (bm.empty()) {
                // Only for few holders (under 1% here; the bitmap costs n / 8 bytes).
                EXPECT_TRUE(dir.size() == 0 || holders.size() * 100 < dir.size())
                    << what << " is empty with " << holders.size() << " holders among " << dir.size();
                continue;
            }
            expect_bitmap(dir, bm, [&](std::size_t i) { return t.holds(i, k, s); }, what);
            EXPECT_EQ(ones(bm), post.size()) << what;
        }
    }
}

void check_subtree_bitmaps(const Directory& dir, const Truth& t) {
    const Taxonomy& tax = dir.taxonomy();
    for (SkillSet set : bitmap_sets) {
        const int k = static_cast<int>(set);
        for (SkillIndex node = 0; node < t.skills; ++node) {
            const std::string what = std::string("subtree_bitmap(") + set_name(set) + ", " + tax.node(node).id + ")";
            const auto bm = dir.subtree_bitmap(set, node);
            if (tax.children(node).empty()) {
                EXPECT_TRUE(bm.empty()) << what << " of a leaf";
                continue;
            }
            const auto holders = subtree_holders(dir, t, k, node);
            std::size_t count = 0;
            for (auto h : holders) count += h;
            if (bm.empty()) {
                EXPECT_TRUE(dir.size() == 0 || count * 100 < dir.size())
                    << what << " is empty with " << count << " holders among " << dir.size();
                continue;
            }
            expect_bitmap(dir, bm, [&](std::size_t i) { return holders[i] != 0; }, what);
            EXPECT_EQ(ones(bm), count) << what;
        }
    }
}

void check_country_bitmaps(const Directory& dir, const Truth& t) {
    std::unordered_map<CountryCode, std::size_t> count;
    for (CountryCode c : t.country) ++count[c];
    ASSERT_EQ(dir.countries().size(), t.n);
    for (std::size_t i = 0; i < t.n; ++i) EXPECT_EQ(dir.countries()[i], t.country[i]) << "profile " << i;
    for (const auto& [code, holders] : count) {
        const auto bm = dir.country_bitmap(code);
        if (code == no_country) {
            EXPECT_TRUE(bm.empty()) << "country_bitmap(no_country)";
            continue;
        }
        const std::string what = "country_bitmap(" + std::string(country_alpha2(code)) + ")";
        if (bm.empty()) {
            EXPECT_TRUE(holders * 100 < t.n) << what << " is empty with " << holders << " of " << t.n << " profiles";
            continue;
        }
        expect_bitmap(dir, bm, [&](std::size_t i) { return dir.countries()[i] == code; }, what);
    }
    EXPECT_TRUE(dir.country_bitmap(no_country).empty());
    // Codes nobody uses.
    for (const char* unused : {"JP", "AQ", "VA"}) {
        const auto code = parse_country(unused);
        ASSERT_TRUE(code.has_value()) << unused;
        if (count.count(*code) == 0) {
            EXPECT_TRUE(dir.country_bitmap(*code).empty()) << unused;
        }
    }
}

void check_region_bitmaps(const Directory& dir, const Truth& t) {
    ASSERT_EQ(dir.regions().size(), t.n);
    for (std::size_t i = 0; i < t.n; ++i) EXPECT_EQ(dir.regions()[i], t.region[i]) << "profile " << i;
    for (Region r : all_regions) {
        expect_bitmap(dir, dir.region_bitmap(r), [&](std::size_t i) { return dir.regions()[i] == r; },
                      "region_bitmap(" + std::string(to_string(r)) + ")");
    }
    EXPECT_TRUE(dir.region_bitmap(Region::Unknown).empty());
}

void check_language_bitmaps(const Directory& dir, const Truth& t) {
    for (std::size_t l = 0; l < t.languages; ++l) {
        const auto id = static_cast<LanguageId>(l);
        const std::string code(dir.language_codes()[l]);
        // language_speakers(): ascending, exactly the profiles at level ≥ 1, with their level.
        std::vector<std::pair<ProfileIndex, BabelLevel>> expected, actual;
        for (std::size_t i = 0; i < t.n; ++i)
            if (t.level_of(i, l) > 0) expected.emplace_back(static_cast<ProfileIndex>(i), t.level_of(i, l));
        for (const LanguageSpeaker& sp : dir.language_speakers(id)) actual.emplace_back(sp.profile, sp.level);
        EXPECT_EQ(actual, expected) << "language_speakers(" << code << ")";

        const bool dense = !dir.language_bitmap(id, 1).empty();
        if (!dense) {
            // Only for few speakers (under 5% here).
            EXPECT_TRUE(expected.size() * 20 < t.n)
                << "language_bitmap(" << code << ") is empty with " << expected.size() << " speakers among " << t.n;
        }
        for (BabelLevel v = 1; v <= native_level; ++v) {
            const auto bm = dir.language_bitmap(id, v);
            const std::string what = "language_bitmap(" + code + ", " + std::to_string(v) + ")";
            EXPECT_EQ(bm.empty(), !dense) << what << ": some levels have a bitmap and some not";
            if (bm.empty()) continue;
            expect_bitmap(dir, bm, [&](std::size_t i) { return t.level_of(i, l) >= v; }, what);
            if (v == 1) {
                EXPECT_EQ(ones(bm), expected.size()) << what;
            }
        }
    }
}

void check_availability(const Directory& dir) {
    const std::size_t n = dir.size();
    std::vector<WeekSlots> slots(n);
    for (std::size_t i = 0; i < n; ++i) slots[i] = dir.availability(static_cast<ProfileIndex>(i));
    for (std::size_t w = 0; w < static_cast<std::size_t>(week_words); ++w) {
        const auto col = dir.availability_column(w);
        ASSERT_EQ(col.size(), n);
        std::size_t wrong = 0;
        for (std::size_t i = 0; i < n; ++i) wrong += col[i] != slots[i][w];
        EXPECT_EQ(wrong, 0U) << "availability_column(" << w << ")";
    }
    constexpr int per_block = Directory::block_hours * 60 / slot_minutes;  // 16
    static_assert(Directory::availability_blocks * per_block == static_cast<std::size_t>(slots_per_week));
    for (int b = 0; b < static_cast<int>(Directory::availability_blocks); ++b) {
        expect_bitmap(
            dir, dir.availability_block_bitmap(b),
            [&](std::size_t i) {
                for (int s = b * per_block; s < (b + 1) * per_block; ++s)
                    if (lc_test::slot_set(slots[i], s)) return true;
                return false;
            },
            "availability_block_bitmap(" + std::to_string(b) + ")");
    }
}

void check_range_errors(const Directory& dir) {
    const auto t = static_cast<SkillIndex>(dir.taxonomy().size());
    EXPECT_THROW((void)dir.skill_bitmap(SkillSet::knows, 0), std::out_of_range);
    EXPECT_THROW((void)dir.subtree_bitmap(SkillSet::knows, dir.taxonomy().roots()[0]), std::out_of_range);
    for (SkillSet set : bitmap_sets) {
        EXPECT_THROW((void)dir.skill_bitmap(set, t), std::out_of_range);
        EXPECT_THROW((void)dir.subtree_bitmap(set, t), std::out_of_range);
        EXPECT_THROW((void)dir.subtree_bitmap(set, no_skill), std::out_of_range);
    }
    EXPECT_THROW((void)dir.availability_block_bitmap(-1), std::out_of_range);
    EXPECT_THROW((void)dir.availability_block_bitmap(static_cast<int>(Directory::availability_blocks)), std::out_of_range);
    EXPECT_NO_THROW((void)dir.availability_block_bitmap(0));
    EXPECT_NO_THROW((void)dir.availability_block_bitmap(static_cast<int>(Directory::availability_blocks) - 1));
}

void check_everything(const Directory& dir) {
    SCOPED_TRACE("directory of " + std::to_string(dir.size()) + " profiles, week " + format_date(dir.week()));
    EXPECT_EQ(dir.bitmap_words(), (dir.size() + 63) / 64);
    const Truth t = truth_of(dir);
    check_rows(dir, t);
    check_skill_bitmaps(dir, t);
    check_subtree_bitmaps(dir, t);
    check_country_bitmaps(dir, t);
    check_region_bitmaps(dir, t);
    check_language_bitmaps(dir, t);
    check_availability(dir);
    check_range_errors(dir);
}

// --- directories ---------------------------------------------------------------------------

const auto base_week = ymd(2026, 1, 12);  // no DST change anywhere near
// The week of 2026-03-23: Europe changes to summer time on Sunday 29th, North America already has.
const auto dst_day = ymd(2026, 3, 25);

std::shared_ptr<const Taxonomy> letsconnect_taxonomy() { return Taxonomy::bundled("letsconnect"); }

/// 40,037 generated profiles (not a multiple of 64: the last bitmap word is partly used), with
/// rare languages: every skill, category, country, region and common language is dense; the
/// private-use languages are sparse.
const Directory& dense_dir() {
    static const Directory dir(
        lc_test::add_rare_languages(lc_test::generate_profiles(40037, 71, *letsconnect_taxonomy()), 72), nullptr,
        base_week);
    return dir;
}

/// Profiles of the sparse directory made by hand: invented people in Iceland, the only ones
/// sharing "online-hybrid-events" and learning "event-organising" (a skill with a sub-skill).
std::vector<Profile> iceland_profiles() {
    static const char* names[] = {"Hekla Sandvik", "Ormur Tindsson", "Vala Brekkudottir", "Snaer Fjallsson"};
    std::vector<Profile> out;
    for (int k = 0; k < 4; ++k) {
        Profile p;
        p.username = names[k];
        p.country = "IS";
        p.timezone = "Atlantic/Reykjavik";
        p.availability = {{Weekday::mon, 9 * 60, 11 * 60}, {Weekday::sat, 22 * 60, 1440}};
        p.languages = {{"is", native_level}, {"en", 3}};
        p.shares = {"online-hybrid-events"};
        p.learns = {"event-organising"};
        out.push_back(std::move(p));
    }
    return out;
}

constexpr std::size_t sparse_generated = 6000;

/// 6,000 generated profiles without the "event-organising" subtree in shares or learns and
/// nobody in Iceland, then the 4 Iceland profiles (indices 6000 … 6003).
const Directory& sparse_dir() {
    static const Directory dir = [] {
        auto tax = letsconnect_taxonomy();
        auto profiles = lc_test::add_rare_languages(lc_test::generate_profiles(sparse_generated, 81, *tax), 82);
        auto keep = [](std::vector<std::string>& ids) {
            std::erase_if(ids, [](const std::string& id) { return id == "event-organising" || id == "online-hybrid-events"; });
        };
        for (auto& p : profiles) {
            keep(p.shares);
            keep(p.learns);
            EXPECT_NE(p.country, "IS");
            EXPECT_FALSE(p.level("is").has_value());
        }
        for (auto& p : iceland_profiles()) profiles.push_back(std::move(p));
        return Directory(std::move(profiles), tax, base_week);
    }();
    return dir;
}

std::vector<ProfileIndex> iceland_indices() {
    std::vector<ProfileIndex> out;
    for (std::size_t k = 0; k < 4; ++k) out.push_back(static_cast<ProfileIndex>(sparse_generated + k));
    return out;
}

// --- tests -----------------------------------------------------------------------------------

TEST(IndexBitmaps, RowLayoutMatchesProfiles) {
    for (const Directory* dir : {&dense_dir(), &sparse_dir()}) {
        SCOPED_TRACE(dir->size());
        check_rows(*dir, truth_of(*dir));
    }
    // The generated data reaches past row_languages: some rows have bit 24 of misc set, some not.
    const Directory& dir = dense_dir();
    ASSERT_GT(dir.language_codes().size(), std::size_t{Directory::row_languages});
    const auto L = dir.row_layout();
    std::size_t rare = 0, native = 0;
    for (std::size_t i = 0; i < dir.size(); ++i) {
        const std::uint64_t* row = dir.score_rows().data() + i * L.words;
        rare += (row[L.misc] >> 24) & 1U;
        for (std::size_t l = 0; l < Directory::row_languages; ++l) native += ((row[L.levels] >> (3 * l)) & 7U) == native_level;
    }
    EXPECT_GT(rare, 0U);
    EXPECT_LT(rare, dir.size());
    EXPECT_GT(native, 0U);
}

TEST(IndexBitmaps, SkillBitmapsMatchPostings) {
    const Directory& dir = dense_dir();
    check_skill_bitmaps(dir, truth_of(dir));
    // At 40,037 profiles every skill is held by hundreds: all are dense.
    for (SkillSet set : bitmap_sets)
        for (SkillIndex s = 0; s < dir.taxonomy().size(); ++s)
            EXPECT_FALSE(dir.skill_bitmap(set, s).empty()) << set_name(set) << ' ' << dir.taxonomy().node(s).id;
}

TEST(IndexBitmaps, SubtreeBitmapsMatchTaxonomy) {
    const Directory& dir = dense_dir();
    check_subtree_bitmaps(dir, truth_of(dir));
    const Taxonomy& tax = dir.taxonomy();
    std::size_t inner = 0;
    for (SkillSet set : bitmap_sets)
        for (SkillIndex node = 0; node < tax.size(); ++node)
            if (!tax.children(node).empty()) {
                ++inner;
                EXPECT_FALSE(dir.subtree_bitmap(set, node).empty()) << set_name(set) << ' ' << tax.node(node).id;
            }
    EXPECT_GT(inner, 2 * tax.roots().size()) << "the taxonomy has skills with sub-skills";
    // A category's bitmap is the union of its children's subtrees and its own holders.
    for (SkillSet set : bitmap_sets)
        for (SkillIndex root : tax.roots()) {
            std::vector<std::uint64_t> unite(dir.skill_bitmap(set, root).begin(), dir.skill_bitmap(set, root).end());
            for (SkillIndex c : tax.children(root)) {
                const auto part = tax.children(c).empty() ? dir.skill_bitmap(set, c) : dir.subtree_bitmap(set, c);
                for (std::size_t w = 0; w < unite.size(); ++w) unite[w] |= part[w];
            }
            const auto bm = dir.subtree_bitmap(set, root);
            EXPECT_EQ(std::vector<std::uint64_t>(bm.begin(), bm.end()), unite) << set_name(set) << ' ' << tax.node(root).id;
        }
}

TEST(IndexBitmaps, CountryBitmaps) {
    const Directory& dir = dense_dir();
    check_country_bitmaps(dir, truth_of(dir));
    std::size_t countries = 0, without = 0;
    for (const char* code : {"NG", "GH", "KE", "IN", "BR", "US", "DE", "AR"}) {
        ++countries;
        EXPECT_FALSE(dir.country_bitmap(*parse_country(code)).empty()) << code;
    }
    for (CountryCode c : dir.countries()) without += c == no_country;
    EXPECT_GT(without, 0U) << "some generated profiles have no country";
    EXPECT_TRUE(dir.country_bitmap(*parse_country("IS")).empty()) << "nobody is in Iceland";
    EXPECT_EQ(countries, 8U);
}

TEST(IndexBitmaps, RegionBitmaps) {
    const Directory& dir = dense_dir();
    check_region_bitmaps(dir, truth_of(dir));
    std::size_t unknown = 0, total = 0;
    for (Region r : dir.regions()) unknown += r == Region::Unknown;
    for (Region r : all_regions) total += ones(dir.region_bitmap(r));
    EXPECT_GT(unknown, 0U);
    EXPECT_EQ(total + unknown, dir.size()) << "each profile is in one region bitmap at most";
}

TEST(IndexBitmaps, LanguageBitmapsMatchSpeakers) {
    const Directory& dir = dense_dir();
    check_language_bitmaps(dir, truth_of(dir));
    // Both cases occur: the common languages are dense, most private-use ones sparse.
    std::size_t dense = 0, sparse = 0;
    for (std::size_t l = 0; l < dir.language_codes().size(); ++l)
        (dir.language_bitmap(static_cast<LanguageId>(l), 1).empty() ? sparse : dense) += 1;
    EXPECT_GT(dense, 5U);
    EXPECT_GT(sparse, 5U);
    const auto en = dir.language_id("en");
    ASSERT_TRUE(en.has_value());
    EXPECT_FALSE(dir.language_bitmap(*en, native_level).empty());
}

TEST(IndexBitmaps, AvailabilityBlockBitmaps) {
    const Directory& dir = dense_dir();
    check_availability(dir);
    check_range_errors(dir);
    // The availability itself is the profiles' windows in UTC (a sample).
    WeekConverter converter(dir.week());
    for (std::size_t i = 0; i < dir.size(); i += 97) {
        const Profile& p = dir.profile(static_cast<ProfileIndex>(i));
        const WeekSlots expected = p.availability.empty() ? WeekSlots{} : converter.to_utc(p.availability, p.timezone);
        EXPECT_EQ(dir.availability(static_cast<ProfileIndex>(i)), expected) << "profile " << i;
    }
}

TEST(IndexBitmaps, AvailabilityBlockBitmapsOfDstWeek) {
    const Directory& base = dense_dir();
    const Directory dst = base.for_week(dst_day);
    EXPECT_EQ(dst.week(), ymd(2026, 3, 23));
    check_availability(dst);
    // The DST week moved some profiles' UTC availability, and the block bitmaps with it.
    std::size_t moved = 0;
    for (std::size_t i = 0; i < base.size(); ++i)
        moved += base.availability(static_cast<ProfileIndex>(i)) != dst.availability(static_cast<ProfileIndex>(i));
    EXPECT_GT(moved, 1000U);
    std::size_t blocks_differ = 0;
    for (int b = 0; b < static_cast<int>(Directory::availability_blocks); ++b) {
        const auto x = base.availability_block_bitmap(b), y = dst.availability_block_bitmap(b);
        blocks_differ += !std::equal(x.begin(), x.end(), y.begin(), y.end());
    }
    EXPECT_GT(blocks_differ, 0U);
    // Everything else is the same as in the base week.
    const Truth t = truth_of(dst);
    check_rows(dst, t);
    check_skill_bitmaps(dst, t);
    check_region_bitmaps(dst, t);
}

TEST(IndexBitmaps, SparseSkillCountryAndLanguageUsePostings) {
    const Directory& dir = sparse_dir();
    ASSERT_EQ(dir.size(), sparse_generated + 4);
    check_everything(dir);

    const Taxonomy& tax = dir.taxonomy();
    const SkillIndex event = tax.at("event-organising"), online = tax.at("online-hybrid-events");
    const SkillIndex organisational = tax.at("organisational");
    ASSERT_EQ(tax.parent(online), event);
    ASSERT_EQ(tax.parent(event), organisational);
    const auto iceland = iceland_indices();
    auto list = [](std::span<const ProfileIndex> s) { return std::vector<ProfileIndex>(s.begin(), s.end()); };

    // A skill held by 4 of 6,004: no bitmap, the postings list the holders.
    EXPECT_TRUE(dir.skill_bitmap(SkillSet::shares, online).empty());
    EXPECT_EQ(list(dir.postings(SkillSet::shares, online)), iceland);
    EXPECT_TRUE(dir.skill_bitmap(SkillSet::learns, event).empty());
    EXPECT_EQ(list(dir.postings(SkillSet::learns, event)), iceland);
    // Held by nobody.
    EXPECT_TRUE(dir.skill_bitmap(SkillSet::shares, event).empty());
    EXPECT_TRUE(dir.postings(SkillSet::shares, event).empty());
    EXPECT_TRUE(dir.skill_bitmap(SkillSet::learns, online).empty());
    EXPECT_TRUE(dir.postings(SkillSet::learns, online).empty());
    // The subtree of "event-organising" is as sparse in both sets; a leaf has no subtree bitmap.
    EXPECT_TRUE(dir.subtree_bitmap(SkillSet::shares, event).empty());
    EXPECT_TRUE(dir.subtree_bitmap(SkillSet::learns, event).empty());
    EXPECT_TRUE(dir.subtree_bitmap(SkillSet::shares, online).empty());
    // The category's bitmap reaches the grandchild and the child: the Iceland profiles are in it
    // although their only skills are two levels and one level below it.
    for (SkillSet set : bitmap_sets) {
        const auto bm = dir.subtree_bitmap(set, organisational);
        ASSERT_EQ(bm.size(), dir.bitmap_words()) << set_name(set);
        for (ProfileIndex i : iceland) EXPECT_TRUE(bit(bm, i)) << set_name(set) << " profile " << i;
        EXPECT_TRUE(dir.skill_bitmap(set, organisational).empty() || !bit(dir.skill_bitmap(set, organisational), iceland[0]));
    }

    // A country of 4 profiles: no bitmap; countries() and the rows still have it.
    const CountryCode is = *parse_country("IS");
    EXPECT_TRUE(dir.country_bitmap(is).empty());
    std::vector<ProfileIndex> in_iceland;
    for (std::size_t i = 0; i < dir.size(); ++i)
        if (dir.countries()[i] == is) in_iceland.push_back(static_cast<ProfileIndex>(i));
    EXPECT_EQ(in_iceland, iceland);
    const auto L = dir.row_layout();
    for (ProfileIndex i : iceland) {
        const std::uint64_t misc = dir.score_rows()[i * L.words + L.misc];
        EXPECT_EQ((misc >> 8) & 0xFFFFU, is);
        EXPECT_EQ(misc & 0xFFU, static_cast<std::uint8_t>(Region::NWE));
        EXPECT_EQ(dir.regions()[i], Region::NWE);
        EXPECT_TRUE(bit(dir.region_bitmap(Region::NWE), i));
    }
    // Countries of the generated profiles are dense.
    EXPECT_FALSE(dir.country_bitmap(*parse_country("NG")).empty());

    // A language of 4 speakers: no bitmap, the speakers are listed.
    const auto icelandic = dir.language_id("is");
    ASSERT_TRUE(icelandic.has_value());
    for (BabelLevel v = 1; v <= native_level; ++v) EXPECT_TRUE(dir.language_bitmap(*icelandic, v).empty());
    std::vector<ProfileIndex> speakers;
    for (const LanguageSpeaker& sp : dir.language_speakers(*icelandic)) {
        speakers.push_back(sp.profile);
        EXPECT_EQ(sp.level, native_level);
    }
    EXPECT_EQ(speakers, iceland);
    // Only languages of id < row_languages are in a row's levels word, and id ≥ row_languages set bit 24.
    for (ProfileIndex i : iceland) {
        const std::uint64_t row_levels = dir.score_rows()[i * L.words + L.levels];
        const std::uint64_t misc = dir.score_rows()[i * L.words + L.misc];
        if (*icelandic < Directory::row_languages) {
            EXPECT_EQ((row_levels >> (3 * *icelandic)) & 7U, native_level);
        } else {
            EXPECT_EQ((misc >> 24) & 1U, 1U);
        }
    }
}

TEST(IndexBitmaps, EmptyDirectory) {
    const Directory dir(std::vector<Profile>{}, letsconnect_taxonomy(), base_week);
    ASSERT_EQ(dir.size(), 0U);
    EXPECT_EQ(dir.bitmap_words(), 0U);
    EXPECT_TRUE(dir.score_rows().empty());
    EXPECT_EQ(dir.row_layout().words % 8, 0U);
    check_everything(dir);
    for (SkillSet set : bitmap_sets)
        for (SkillIndex s = 0; s < dir.taxonomy().size(); ++s) {
            EXPECT_TRUE(dir.skill_bitmap(set, s).empty());
            EXPECT_TRUE(dir.subtree_bitmap(set, s).empty());
            EXPECT_TRUE(dir.postings(set, s).empty());
        }
    for (Region r : all_regions) EXPECT_TRUE(dir.region_bitmap(r).empty());
    EXPECT_TRUE(dir.country_bitmap(*parse_country("NG")).empty());
    for (int b = 0; b < static_cast<int>(Directory::availability_blocks); ++b)
        EXPECT_TRUE(dir.availability_block_bitmap(b).empty());
    const Directory other = dir.for_week(dst_day);
    check_everything(other);
}

TEST(IndexBitmaps, SingleProfileDirectory) {
    Profile p;
    p.username = "Tova Lindqvist Example";
    p.country = "IS";
    p.timezone = "Atlantic/Reykjavik";
    p.availability = {{Weekday::sun, 23 * 60, 1440}, {Weekday::wed, 8 * 60, 8 * 60 + 15}};
    p.languages = {{"is", native_level}, {"de", 2}, {"fr", 0}};
    p.shares = {"online-hybrid-events", "translation"};
    p.learns = {"organisational"};
    const Directory dir(std::vector<Profile>{p}, letsconnect_taxonomy(), base_week);
    ASSERT_EQ(dir.size(), 1U);
    EXPECT_EQ(dir.bitmap_words(), 1U);
    check_everything(dir);
    check_everything(dir.for_week(dst_day));

    const Taxonomy& tax = dir.taxonomy();
    // One profile of one: everything it has is dense.
    const auto shares = dir.skill_bitmap(SkillSet::shares, tax.at("online-hybrid-events"));
    ASSERT_EQ(shares.size(), 1U);
    EXPECT_EQ(shares[0], 1U);
    const auto sub = dir.subtree_bitmap(SkillSet::shares, tax.at("organisational"));
    ASSERT_EQ(sub.size(), 1U);
    EXPECT_EQ(sub[0], 1U);
    EXPECT_EQ(dir.subtree_bitmap(SkillSet::shares, tax.at("on-wiki-technical")).size(), 1U);
    EXPECT_TRUE(dir.skill_bitmap(SkillSet::shares, tax.at("organisational")).empty());
    EXPECT_TRUE(dir.subtree_bitmap(SkillSet::shares, tax.at("interpersonal")).empty());
    const auto learns = dir.subtree_bitmap(SkillSet::learns, tax.at("organisational"));
    ASSERT_EQ(learns.size(), 1U);
    EXPECT_EQ(learns[0], 1U);
    const auto country = dir.country_bitmap(*parse_country("IS"));
    ASSERT_EQ(country.size(), 1U);
    EXPECT_EQ(country[0], 1U);
    EXPECT_EQ(dir.region_bitmap(Region::NWE)[0], 1U);
    EXPECT_EQ(dir.region_bitmap(Region::SSA)[0], 0U);
    // Sunday 23:00–24:00 UTC is block 41; Wednesday 08:00 UTC is block 2 * 6 + 2 = 14.
    for (int b = 0; b < static_cast<int>(Directory::availability_blocks); ++b)
        EXPECT_EQ(dir.availability_block_bitmap(b)[0], (b == 41 || b == 14) ? 1U : 0U) << "block " << b;
    const auto de = dir.language_id("de");
    ASSERT_TRUE(de.has_value());
    EXPECT_EQ(dir.language_bitmap(*de, 2)[0], 1U);
    EXPECT_EQ(dir.language_bitmap(*de, 3)[0], 0U);
}

}  // namespace
