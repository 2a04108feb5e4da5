// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
// Tests of the scoring index of letsconnect/directory.hpp against the profiles themselves:
// row_layout() / score_rows(), and the profile bitmaps (skill, subtree, country, region,
// language, availability block) with their sparse (empty span) cases, availability_column(),
// a DST week through for_week(), directories of 0 and 1 profile and the range errors.

#include "test_helpers.hpp"

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

using namespace letsconnect;
using lc_test::ymd;

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
