// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
// Tests of letsconnect/directory.hpp: building, loading, lookups, every column of the index
// (checked against the profiles), persistence, updates and the errors of broken files.

#include "letsconnect/text.hpp"
#include "test_helpers.hpp"

#include "letsconnect/directory.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <numeric>
#include <set>

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
