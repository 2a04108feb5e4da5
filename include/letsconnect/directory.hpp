// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#pragma once

/// @file directory.hpp
/// @brief The skills directory: an immutable, columnar snapshot of profiles.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "letsconnect/availability.hpp"
#include "letsconnect/detail/huge_pages.hpp"
#include "letsconnect/profile.hpp"
#include "letsconnect/progress.hpp"
#include "letsconnect/region.hpp"
#include "letsconnect/search.hpp"
#include "letsconnect/taxonomy.hpp"

namespace letsconnect {

struct CapxSources;  // capx.hpp
class Affiliates;    // affiliates.hpp
struct Organisation; // affiliates.hpp
class NameIndex;     // reconcile.hpp
namespace detail {
struct NameIndexCache;
}

/// @brief Which of a profile's skill lists.
enum class SkillSet : std::uint8_t { shares = 0, learns = 1, knows = 2 };

/// @brief Dense index of a profile in a Directory, in the order profiles were given.
using ProfileIndex = std::uint32_t;

/// @brief Dense id of a language within one Directory, most widely spoken first.
using LanguageId = std::uint16_t;

/// @brief A language of one profile in the index.
struct LanguageEntry {
    LanguageId language;
    BabelLevel level;
};

/// @brief A speaker of a language: the profile and its Babel level (≥ 1).
struct LanguageSpeaker {
    ProfileIndex profile;
    BabelLevel level;
};

/// @brief The skills directory: profiles plus a columnar index, immutable once built.
///
/// Columns are word-major so a scan over all profiles reads contiguous memory:
/// skill bitsets (`skill_words()` words per set, bit = SkillIndex of the taxonomy),
/// a 64-bit language mask (bit = LanguageId, ids ≥ 63 share bit 63) with per-profile
/// (language, level) lists, region and country codes, and the weekly availability in UTC
/// (672 quarter-hour bits) for the reference week. Inverted lists map each skill to the
/// profiles that share, want or know it.
///
/// A Directory is safe to query from many threads at once. To change it, build a new one.
/// References and spans it returns live as long as the Directory. Accessors taking a
/// ProfileIndex or SkillIndex throw std::out_of_range past the end (not a letsconnect::Error:
/// that is a programming error, not bad input); has_skill() does not check.
///
/// @code
/// auto dir = letsconnect::Directory::load("data/sample_directory.json");
/// letsconnect::SearchQuery q;
/// q.shares = {"grant-writing"};
/// q.languages = {"fr"};
/// for (auto i : dir.search(q)) std::cout << dir.profile(i).username << '\n';
/// @endcode
class Directory {
public:
    /// @brief Builds the snapshot.
    /// @param profiles the participants; usernames must be unique (compared by username_key())
    /// @param taxonomy skills taxonomy; the bundled "letsconnect" one when null
    /// @param week any day of the reference week for availability in UTC; the current week when empty
    /// @param source name used in error messages
    /// @throws ValidationError listing every invalid field of every profile
    /// @remarks O(total profile size) plus one sort of the usernames; about 4–5 s for 1,000,000
    /// profiles on a 2-core machine (benchmarks/bench_build.py).
    explicit Directory(std::vector<Profile> profiles,
                       std::shared_ptr<const Taxonomy> taxonomy = nullptr,
                       std::optional<std::chrono::sys_days> week = std::nullopt,
                       std::string source = "<memory>");

    /// @brief Loads `letsconnect.directory/1` JSON. The file's `"taxonomy"` (a bundled name or an
    /// inline taxonomy object) is used unless `taxonomy` is given.
    /// `progress` (optional) is told the profiles read while the file is parsed (total 0: not known
    /// yet), then once more when the index is built.
    /// @throws FileError, FormatError (with line and column), ValidationError
    static Directory load(const std::string& path, std::shared_ptr<const Taxonomy> taxonomy = nullptr,
                          std::optional<std::chrono::sys_days> week = std::nullopt, const Progress& progress = {});
    /// @brief Parses `letsconnect.directory/1` JSON text (`progress` as for load()).
    static Directory from_json(std::string_view text, const std::string& source = "<memory>",
                               std::shared_ptr<const Taxonomy> taxonomy = nullptr,
                               std::optional<std::chrono::sys_days> week = std::nullopt, const Progress& progress = {});
    /// @brief Serialises as `letsconnect.directory/1`; load(save(d)) has the same profiles.
    [[nodiscard]] std::string to_json(int indent = 1) const;
    /// @brief Writes to_json() to `path` atomically (temp file, fsync, rename). @throws FileError
    void save(const std::string& path) const;

    /// @brief A new snapshot with `profiles` added, replacing those with the same username. Only the
    /// new profiles are validated; the index is rebuilt.
    [[nodiscard]] Directory with_profiles(std::vector<Profile> profiles) const;
    /// @brief A new snapshot with display names recorded as aliases (`{display name, username}`),
    /// so that reconcile() matches them with confidence 1 next time. Names a profile already has
    /// are not added twice. @throws NotFoundError for an unknown username
    [[nodiscard]] Directory with_aliases(std::span<const std::pair<std::string, std::string>> aliases) const;
    /// @brief A new snapshot for another reference week; shares the profiles and recomputes only
    /// the availability columns.
    [[nodiscard]] Directory for_week(std::chrono::sys_days any_day) const;

    [[nodiscard]] std::size_t size() const noexcept { return profiles_->size(); }
    [[nodiscard]] const Profile& profile(ProfileIndex i) const { return profiles_->at(i); }
    [[nodiscard]] std::span<const Profile> profiles() const noexcept { return *profiles_; }
    /// @brief Index of `username` (compared by username_key()).
    [[nodiscard]] std::optional<ProfileIndex> find(std::string_view username) const;
    /// @brief Like find(). @throws NotFoundError naming the username
    [[nodiscard]] ProfileIndex at(std::string_view username) const;
    [[nodiscard]] bool contains(std::string_view username) const { return find(username).has_value(); }

    [[nodiscard]] const Taxonomy& taxonomy() const noexcept { return *taxonomy_; }
    [[nodiscard]] std::shared_ptr<const Taxonomy> taxonomy_ptr() const noexcept { return taxonomy_; }
    /// @brief Monday of the reference week of the availability columns.
    [[nodiscard]] std::chrono::sys_days week() const noexcept { return week_; }
    /// @brief Where the profiles came from (file name or "<memory>").
    [[nodiscard]] const std::string& source() const noexcept { return source_; }

    // --- columns -------------------------------------------------------------------------
    /// @brief 64-bit words per skill bitset (ceil(taxonomy size / 64)).
    [[nodiscard]] std::size_t skill_words() const noexcept { return skill_words_; }
    /// @brief Word `w` of the `set` bitsets of all profiles (length size()).
    [[nodiscard]] std::span<const std::uint64_t> skill_column(SkillSet set, std::size_t w) const;
    /// @brief Whether profile `i` has `skill` in `set` (exact skill, no taxonomy expansion).
    [[nodiscard]] bool has_skill(ProfileIndex i, SkillSet set, SkillIndex skill) const noexcept {
        const auto& col = skills_[static_cast<int>(set)];
        return (col[(skill / 64) * profiles_->size() + i] >> (skill % 64)) & 1U;
    }
    /// @brief Profiles with `skill` in `set`, ascending.
    [[nodiscard]] std::span<const ProfileIndex> postings(SkillSet set, SkillIndex skill) const;

    /// @brief Language codes by LanguageId.
    [[nodiscard]] std::span<const std::string> language_codes() const noexcept { return language_codes_; }
    /// @brief LanguageId of `code`, if anybody in the directory speaks it.
    [[nodiscard]] std::optional<LanguageId> language_id(std::string_view code) const noexcept;
    /// @brief Language mask of all profiles (bit = LanguageId, ids ≥ 63 share bit 63) of the
    /// languages spoken at Babel level 1 or above.
    [[nodiscard]] std::span<const std::uint64_t> language_masks() const noexcept { return language_mask_; }
    /// @brief The (language, level) entries of profile `i`, sorted by LanguageId.
    [[nodiscard]] std::span<const LanguageEntry> languages(ProfileIndex i) const;
    /// @brief Level of profile `i` in `language`, nullopt if not spoken.
    [[nodiscard]] std::optional<BabelLevel> level(ProfileIndex i, LanguageId language) const noexcept;

    [[nodiscard]] std::span<const Region> regions() const noexcept { return region_; }
    [[nodiscard]] std::span<const CountryCode> countries() const noexcept { return country_; }

    /// @brief Word `w` (0 … week_words-1) of the UTC availability of all profiles.
    [[nodiscard]] std::span<const std::uint64_t> availability_column(std::size_t w) const;
    /// @brief UTC availability of profile `i` in the reference week.
    [[nodiscard]] WeekSlots availability(ProfileIndex i) const noexcept;

    /// @brief Position of each profile when all are sorted by username_key() (for deterministic ties).
    [[nodiscard]] std::span<const ProfileIndex> username_rank() const noexcept { return username_rank_; }
    /// @brief The profiles sorted by username_key() (the inverse of username_rank()).
    [[nodiscard]] std::span<const ProfileIndex> username_order() const noexcept { return username_order_; }

    // --- scoring layout (for the engines of score.hpp and recommend.hpp) ---------------------
    /// @brief Row layout of score_rows(): one row of `words` words per profile holding what the
    /// score kernel reads before the time zone, so rejecting a candidate touches one place in
    /// memory. Rows are 64-byte aligned and a multiple of 8 words: one cache line each while the
    /// taxonomy has at most 192 skills. Availability stays in availability_column() (the kernel
    /// reads only the words where the seeker is available).
    struct RowLayout {
        std::size_t shares;  ///< first of skill_words() words: skill bitset of shares
        std::size_t learns;  ///< first of skill_words() words: skill bitset of learns
        std::size_t levels;  ///< one word: 3 bits per LanguageId < row_languages holding the
                             ///< Babel level (native = 6; 0 = not spoken)
        std::size_t misc;    ///< one word: bits 0–7 region, 8–23 country code, bit 24 set when
                             ///< the profile speaks a language with id ≥ row_languages (see
                             ///< languages())
        std::size_t words;   ///< words per row (a multiple of 8)
    };
    [[nodiscard]] RowLayout row_layout() const noexcept;
    /// @brief Languages whose levels a row holds directly (the most widely spoken).
    static constexpr LanguageId row_languages = 21;
    /// @brief The rows, profile `i` at `[i * row_layout().words, (i + 1) * row_layout().words)`.
    [[nodiscard]] std::span<const std::uint64_t> score_rows() const noexcept { return rows_; }
    /// @brief Words of a profile bitmap (bit `i % 64` of word `i / 64` stands for profile `i`).
    [[nodiscard]] std::size_t bitmap_words() const noexcept { return (profiles_->size() + 63) / 64; }
    /// @brief Bitmap of the profiles with `skill` in `set` (shares or learns), or an empty span when
    /// few profiles have it (then use postings()).
    [[nodiscard]] std::span<const std::uint64_t> skill_bitmap(SkillSet set, SkillIndex skill) const;
    /// @brief Bitmap of the profiles with, in `set` (shares or learns), `node` or a skill below it,
    /// for a node with children (a category or a skill with sub-skills); an empty span for a leaf
    /// (see skill_bitmap()) or when few profiles have one.
    [[nodiscard]] std::span<const std::uint64_t> subtree_bitmap(SkillSet set, SkillIndex node) const;
    /// @brief Bitmap of the profiles in `country`, or an empty span when few profiles are (or for
    /// no_country).
    [[nodiscard]] std::span<const std::uint64_t> country_bitmap(CountryCode country) const;
    /// @brief Bitmap of the profiles in `region` (empty span for Region::Unknown).
    [[nodiscard]] std::span<const std::uint64_t> region_bitmap(Region region) const;
    /// @brief Who speaks `language` at Babel level 1 or above, by profile index.
    [[nodiscard]] std::span<const LanguageSpeaker> language_speakers(LanguageId language) const;
    /// @brief Bitmap of the profiles speaking `language` at `level` (1 … 6) or above, or an empty
    /// span when few speak it (then use language_speakers()).
    [[nodiscard]] std::span<const std::uint64_t> language_bitmap(LanguageId language, BabelLevel level) const;
    static constexpr int block_hours = 4;
    static constexpr std::size_t availability_blocks = 168 / block_hours;  // 42
    /// @brief Bitmap of the profiles available at some time of 4-hour block `block` (0 … 41, from
    /// Monday 00:00 UTC) of the reference week.
    [[nodiscard]] std::span<const std::uint64_t> availability_block_bitmap(int block) const;

    /// @brief Bytes held by the index (columns, inverted lists, lookup table), strings excluded.
    [[nodiscard]] std::size_t index_bytes() const noexcept;

    // --- queries -------------------------------------------------------------------------
    /// @brief The skills directory's search; see SearchQuery. Results sorted by username_key().
    /// @remarks Narrow skill filters go through the inverted lists; broad ones scan the columns once.
    /// @throws NotFoundError for an unknown skill, ValidationError for a bad filter value
    [[nodiscard]] std::vector<ProfileIndex> search(const SearchQuery& query) const;

    /// @brief The index of the profiles' names for reconciling Zoom names (reconcile.hpp), built on
    /// first use (thread-safe) and shared by the snapshots of other weeks.
    [[nodiscard]] const NameIndex& names() const;

    /// @brief The affiliate organisations (from CapX, from the file, or with_organisations()), or
    /// null when there are none.
    [[nodiscard]] const Affiliates* affiliates() const noexcept { return affiliates_.get(); }
    /// @brief A new snapshot with these organisations (replacing any), indexed against this
    /// directory's people. @throws ValidationError (see Affiliates)
    [[nodiscard]] Directory with_organisations(std::vector<Organisation> organisations) const;
    /// @brief Notes from the import that built this directory (what CapX fields were not mapped).
    [[nodiscard]] std::span<const std::string> import_notes() const noexcept { return import_notes_; }

private:
    // Bitmaps and columns the engines stream through or gather from: on transparent huge pages
    // (fewer TLB misses).
    using HugeBits = detail::HugeWords;
    friend Directory directory_from_capx(const CapxSources&, std::optional<std::chrono::sys_days>);
    Directory(std::vector<Profile> profiles, std::shared_ptr<const Taxonomy> taxonomy, std::chrono::sys_days week,
              std::string source, bool check);
    void build_index();
    void build_availability();
    void build_rows();
    void build_block_bitmaps();
    // Bitmap number `slot` of `store` (an empty span for no bitmap).
    [[nodiscard]] std::span<const std::uint64_t> bitmap_in(const HugeBits& store, std::uint32_t slot) const;

    std::shared_ptr<const std::vector<Profile>> profiles_;  // shared between snapshots of other weeks
    std::shared_ptr<const Taxonomy> taxonomy_;
    std::chrono::sys_days week_;
    std::string source_;
    std::vector<ProfileIndex> username_order_;  // profiles sorted by username key (binary search)

    std::size_t skill_words_ = 0;
    std::vector<std::uint64_t> skills_[3];           // word-major: [w * n + i]
    std::vector<std::uint32_t> posting_offsets_[3];  // CSR by SkillIndex
    std::vector<ProfileIndex> postings_[3];

    std::vector<std::string> language_codes_;
    std::vector<std::uint64_t> language_mask_;
    std::vector<std::uint32_t> language_offsets_;  // CSR into language_entries_
    std::vector<LanguageEntry> language_entries_;

    std::vector<Region> region_;
    std::vector<CountryCode> country_;
    HugeBits availability_;  // word-major: [w * n + i]
    std::vector<ProfileIndex> username_rank_;
    std::vector<std::string> import_notes_;
    std::shared_ptr<detail::NameIndexCache> names_;  // built on first use
    std::shared_ptr<const Affiliates> affiliates_;   // null when there are none

    HugeBits rows_;  // row_layout().words per profile
    std::vector<std::uint32_t> bitmap_slot_[2];  // shares, learns: SkillIndex → bitmap number or npos
    HugeBits bitmaps_;         // bitmap_words() per bitmap
    std::vector<std::uint32_t> subtree_slot_[2];  // shares, learns: SkillIndex of a node with children → bitmap number or npos
    HugeBits subtree_bitmaps_;
    HugeBits region_bitmaps_;  // region_count bitmaps
    std::vector<std::pair<CountryCode, std::uint32_t>> country_slot_;  // sorted: country → bitmap number
    HugeBits country_bitmaps_;
    std::vector<std::uint32_t> language_speaker_offsets_;  // CSR by LanguageId
    std::vector<LanguageSpeaker> language_speakers_;
    std::vector<std::uint32_t> language_bitmap_slot_;  // LanguageId → bitmap group or npos
    HugeBits language_bitmaps_;      // 6 level bitmaps per widely spoken language
    HugeBits block_bitmaps_;         // availability_blocks bitmaps
};

}  // namespace letsconnect
