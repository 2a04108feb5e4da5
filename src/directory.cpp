// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#include "letsconnect/directory.hpp"

#include "letsconnect/affiliates.hpp"

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <numeric>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "internal.hpp"
#include "letsconnect/io.hpp"
#include "letsconnect/text.hpp"
#include "parallel.hpp"

namespace letsconnect {

namespace detail {

void* allocate_huge(std::size_t bytes) {
    constexpr std::size_t huge = std::size_t{2} << 20;
    if (bytes < huge) {  // cache-line aligned, for the score rows
        if (void* p = std::aligned_alloc(64, (std::max<std::size_t>(bytes, 1) + 63) / 64 * 64)) return p;
        throw std::bad_alloc();
    }
    void* p = std::aligned_alloc(huge, (bytes + huge - 1) / huge * huge);
    if (!p) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
    ::madvise(p, (bytes + huge - 1) / huge * huge, MADV_HUGEPAGE);  // a hint: failure only costs speed
#endif
    return p;
}

void free_huge(void* p) noexcept { std::free(p); }

}  // namespace detail

namespace {

// A skill (or a subtree of skills) gets a bitmap when at least n / dense_ratio profiles have it:
// from there on, reading its n / 8 bytes is cheaper than scattering its inverted list (4 bytes
// per entry, at random).
constexpr std::size_t dense_ratio = 512;

constexpr std::uint32_t no_bitmap = 0xFFFFFFFFu;  // a slot without a bitmap

constexpr std::string_view directory_format = "letsconnect.directory/1";

// Big-endian 8-byte chunk of `key` at `offset`, zero-padded: compares like the bytes do.
std::uint64_t chunk(std::string_view key, std::size_t offset) noexcept {
    std::uint64_t v = 0;
    for (std::size_t k = 0; k < 8; ++k)
        v = (v << 8) | (offset + k < key.size() ? static_cast<unsigned char>(key[offset + k]) : 0U);
    return v;
}

// Profile indices sorted by username key (ties by index). A 16-byte prefix kept beside each
// index settles most comparisons without reaching into the strings.
std::vector<ProfileIndex> sort_by_key(const std::vector<std::string>& keys) {
    struct Item {
        std::uint64_t high, low;
        ProfileIndex index;
    };
    std::vector<Item> items(keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i) items[i] = {chunk(keys[i], 0), chunk(keys[i], 8), static_cast<ProfileIndex>(i)};
    std::sort(items.begin(), items.end(), [&keys](const Item& a, const Item& b) {
        if (a.high != b.high) return a.high < b.high;
        if (a.low != b.low) return a.low < b.low;
        if (const int c = keys[a.index].compare(keys[b.index]); c != 0) return c < 0;
        return a.index < b.index;
    });
    std::vector<ProfileIndex> order(keys.size());
    for (std::size_t k = 0; k < items.size(); ++k) order[k] = items[k].index;
    return order;
}

// Prepares profiles for the index. With `check`, validates every profile against the model and
// the taxonomy, canonicalising skill ids (a QID becomes the taxonomy id) and deriving missing
// regions from countries. Always computes the username keys, sorts by them and reports
// duplicates. Returns every problem.
std::vector<Problem> prepare(std::vector<Profile>& profiles, const Taxonomy& taxonomy, const std::string& source,
                             bool check, std::vector<ProfileIndex>& order) {
    std::vector<Problem> problems;
    std::vector<std::string> keys(profiles.size());
    for (std::size_t i = 0; i < profiles.size(); ++i) {
        Profile& p = profiles[i];
        if (check) {
            const std::string where = detail::profile_where(p.username, detail::path_index("profiles", i));
            auto found = validate(p, source, where);
            problems.insert(problems.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
            if (p.region == Region::Unknown && !p.country.empty())
                if (auto c = parse_country(p.country)) p.region = country_region(*c);
            for (auto* list : {&p.shares, &p.learns, &p.knows}) {
                const char* field = list == &p.shares ? "shares" : list == &p.learns ? "learns" : "knows";
                for (auto& id : *list) {
                    if (id.empty()) continue;
                    if (auto s = taxonomy.find(id)) id = taxonomy.node(*s).id;
                    else problems.push_back({source, where, field, "unknown skill '" + detail::shown_value(id) + "' (not in taxonomy '" + taxonomy.name() + "')"});
                }
                // An id and its QID name one skill: keep its first mention, so a saved directory loads again.
                for (std::size_t a = 0; a < list->size(); ++a)
                    for (std::size_t b = list->size(); b-- > a + 1;)
                        if (!(*list)[a].empty() && (*list)[b] == (*list)[a]) list->erase(list->begin() + static_cast<std::ptrdiff_t>(b));
            }
        }
        if (!p.username.empty() && is_valid_utf8(p.username)) keys[i] = username_key(p.username);
    }
    order = sort_by_key(keys);
    for (std::size_t k = 1; k < order.size(); ++k) {
        const ProfileIndex first = order[k - 1], again = order[k];
        if (keys[again].empty() || keys[again] != keys[first]) continue;
        problems.push_back({source, detail::profile_where(profiles[again].username, detail::path_index("profiles", again)),
                            "username",
                            "duplicate username: same as profiles[" + std::to_string(first) + "] '" + profiles[first].username + "'"});
    }
    return problems;
}

std::shared_ptr<const Taxonomy> taxonomy_from_document(const detail::json& doc, const std::string& source) {
    if (!doc.contains("taxonomy") || doc["taxonomy"].is_null()) return Taxonomy::bundled("letsconnect");
    const auto& t = doc["taxonomy"];
    if (t.is_string()) {
        try {
            return Taxonomy::bundled(t.get<std::string>());
        } catch (const NotFoundError&) {
            throw FormatError(source, "taxonomy", "unknown bundled taxonomy '" + t.get<std::string>() +
                                                      "' (expected 'letsconnect', 'capx' or an inline taxonomy object)");
        }
    }
    if (t.is_object()) return std::make_shared<const Taxonomy>(Taxonomy::from_json(t.dump(), source + " (taxonomy)"));
    throw FormatError(source, "taxonomy", "must be a bundled taxonomy name or a taxonomy object");
}

}  // namespace

Directory::Directory(std::vector<Profile> profiles, std::shared_ptr<const Taxonomy> taxonomy,
                     std::optional<std::chrono::sys_days> week, std::string source)
    : Directory(std::move(profiles), std::move(taxonomy), week_start(week.value_or(current_week())), std::move(source),
                true) {}

Directory::Directory(std::vector<Profile> profiles, std::shared_ptr<const Taxonomy> taxonomy, std::chrono::sys_days week,
                     std::string source, bool check)
    : taxonomy_(taxonomy ? std::move(taxonomy) : Taxonomy::bundled("letsconnect")), week_(week), source_(std::move(source)) {
    auto problems = prepare(profiles, *taxonomy_, source_, check, username_order_);
    if (!problems.empty()) throw ValidationError(std::move(problems));
    profiles_ = std::make_shared<const std::vector<Profile>>(std::move(profiles));
    names_ = std::make_shared<detail::NameIndexCache>();
    build_index();
    build_availability();
}

void Directory::build_index() {
    const auto& profiles = *profiles_;
    const std::size_t n = profiles.size();
    username_rank_.resize(n);
    for (std::size_t r = 0; r < n; ++r) username_rank_[username_order_[r]] = static_cast<ProfileIndex>(r);

    // Skills: word-major bitsets and inverted lists.
    const std::size_t t = taxonomy_->size();
    skill_words_ = std::max<std::size_t>(1, (t + 63) / 64);
    for (int set = 0; set < 3; ++set) {
        // One pass resolving ids (CSR of SkillIndex per profile), then bitsets and postings from it.
        std::vector<std::uint32_t> starts(n + 1, 0);
        std::vector<SkillIndex> flat;
        for (std::size_t i = 0; i < n; ++i) {
            const Profile& p = profiles[i];
            for (const auto& id : set == 0 ? p.shares : set == 1 ? p.learns : p.knows) flat.push_back(taxonomy_->at(id));
            starts[i + 1] = static_cast<std::uint32_t>(flat.size());
        }
        auto& bits = skills_[set];
        bits.assign(skill_words_ * n, 0);
        auto& offsets = posting_offsets_[set];
        offsets.assign(t + 1, 0);
        for (std::size_t i = 0; i < n; ++i)
            for (auto k = starts[i]; k < starts[i + 1]; ++k) {
                const SkillIndex s = flat[k];
                bits[(s / 64) * n + i] |= std::uint64_t{1} << (s % 64);
                ++offsets[s + 1];
            }
        std::partial_sum(offsets.begin(), offsets.end(), offsets.begin());
        auto& postings = postings_[set];
        postings.resize(offsets.back());
        std::vector<std::uint32_t> fill(offsets.begin(), offsets.end() - 1);
        for (std::size_t i = 0; i < n; ++i)
            for (auto k = starts[i]; k < starts[i + 1]; ++k) postings[fill[flat[k]]++] = static_cast<ProfileIndex>(i);
    }

    // Languages: ids by how many speak them (most first), so the 63 commonest get own mask bits.
    std::unordered_map<std::string, std::size_t> counts;
    for (const auto& p : profiles)
        for (const auto& l : p.languages) ++counts[l.code];
    std::vector<std::pair<std::string, std::size_t>> by_count(counts.begin(), counts.end());
    std::sort(by_count.begin(), by_count.end(),
              [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
    if (by_count.size() > 0xFFFF) throw Error(source_ + ": more than 65,535 distinct languages");
    std::unordered_map<std::string, LanguageId> ids;
    language_codes_.clear();
    for (const auto& [code, count] : by_count) {
        ids.emplace(code, static_cast<LanguageId>(language_codes_.size()));
        language_codes_.push_back(code);
    }
    language_mask_.assign(n, 0);
    language_offsets_.assign(n + 1, 0);
    language_entries_.clear();
    for (std::size_t i = 0; i < n; ++i) {
        const auto begin = language_entries_.size();
        for (const auto& l : profiles[i].languages) {
            const LanguageId id = ids.at(l.code);
            language_entries_.push_back({id, l.level});
            if (l.level > 0) language_mask_[i] |= std::uint64_t{1} << std::min<LanguageId>(id, 63);  // 0: not spoken
        }
        std::sort(language_entries_.begin() + static_cast<std::ptrdiff_t>(begin), language_entries_.end(),
                  [](const LanguageEntry& a, const LanguageEntry& b) { return a.language < b.language; });
        language_offsets_[i + 1] = static_cast<std::uint32_t>(language_entries_.size());
    }
    language_entries_.shrink_to_fit();

    region_.resize(n);
    country_.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const Profile& p = profiles[i];
        region_[i] = p.region;
        country_[i] = p.country.empty() ? no_country : parse_country(p.country).value_or(no_country);
    }
    build_rows();
}

Directory::RowLayout Directory::row_layout() const noexcept {
    const std::size_t sw = skill_words_;
    return {0, sw, 2 * sw, 2 * sw + 1, (2 * sw + 2 + 7) / 8 * 8};
}

void Directory::build_rows() {
    const std::size_t n = profiles_->size();
    const RowLayout L = row_layout();
    rows_.assign(L.words * n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        std::uint64_t* row = rows_.data() + i * L.words;
        for (std::size_t w = 0; w < skill_words_; ++w) {
            row[L.shares + w] = skills_[0][w * n + i];
            row[L.learns + w] = skills_[1][w * n + i];
        }
        std::uint64_t levels = 0;
        bool rare = false;
        for (auto k = language_offsets_[i]; k < language_offsets_[i + 1]; ++k) {
            const LanguageEntry e = language_entries_[k];
            if (e.level == 0) continue;
            if (e.language < row_languages) levels |= std::uint64_t{e.level} << (3 * e.language);
            else rare = true;
        }
        row[L.levels] = levels;
        row[L.misc] = std::uint64_t{static_cast<std::uint8_t>(region_[i])} | (std::uint64_t{country_[i]} << 8) |
                      (rare ? std::uint64_t{1} << 24 : 0);
    }

    // Bitmaps of the skills, and of the subtrees of the nodes with children (categories, skills
    // with sub-skills), that at least n / dense_ratio profiles have (for fewer, the inverted lists
    // are smaller and faster). Skill credit goes through the taxonomy, so the skills earning credit
    // are often a whole subtree (and every credit stays within a category).
    const std::size_t words = bitmap_words();
    auto add_bitmap = [&](HugeBits& store, std::uint32_t& slot, SkillSet set, std::span<const SkillIndex> skills) {
        std::size_t holders = 0;
        for (SkillIndex s : skills) holders += postings(set, s).size();
        if (holders == 0 || holders * dense_ratio < n) return;
        slot = static_cast<std::uint32_t>(store.size() / std::max<std::size_t>(words, 1));
        const std::size_t base = store.size();
        store.resize(base + words, 0);
        for (SkillIndex s : skills)
            for (ProfileIndex i : postings(set, s)) store[base + i / 64] |= std::uint64_t{1} << (i % 64);
    };
    bitmaps_.clear();
    subtree_bitmaps_.clear();
    for (int set = 0; set < 2; ++set) {
        bitmap_slot_[set].assign(taxonomy_->size(), no_bitmap);
        subtree_slot_[set].assign(taxonomy_->size(), no_bitmap);
        for (SkillIndex s = 0; s < taxonomy_->size(); ++s) {
            add_bitmap(bitmaps_, bitmap_slot_[set][s], static_cast<SkillSet>(set), std::span<const SkillIndex>(&s, 1));
            if (!taxonomy_->children(s).empty())
                add_bitmap(subtree_bitmaps_, subtree_slot_[set][s], static_cast<SkillSet>(set), taxonomy_->subtree(s));
        }
    }
    region_bitmaps_.assign(region_count * words, 0);
    for (std::size_t i = 0; i < n; ++i)
        if (region_[i] != Region::Unknown)
            region_bitmaps_[static_cast<std::size_t>(region_[i]) * words + i / 64] |= std::uint64_t{1} << (i % 64);
    {
        std::vector<std::uint32_t> per_country(std::size_t{no_country} + 1, 0);
        for (CountryCode code : country_) ++per_country[code];
        country_slot_.clear();
        for (std::size_t code = 0; code < no_country; ++code)
            if (per_country[code] > 0 && per_country[code] * dense_ratio >= n)
                country_slot_.push_back({static_cast<CountryCode>(code), static_cast<std::uint32_t>(country_slot_.size())});
        country_bitmaps_.assign(country_slot_.size() * words, 0);
        for (std::size_t i = 0; i < n; ++i) {
            const auto it = std::lower_bound(country_slot_.begin(), country_slot_.end(), std::pair{country_[i], std::uint32_t{0}});
            if (it != country_slot_.end() && it->first == country_[i])
                country_bitmaps_[std::size_t{it->second} * words + i / 64] |= std::uint64_t{1} << (i % 64);
        }
    }

    // Speakers of each language (level ≥ 1), ascending, and for widely spoken languages one bitmap
    // per level "speaks it at this level or above".
    const std::size_t languages = language_codes_.size();
    language_speaker_offsets_.assign(languages + 1, 0);
    for (const LanguageEntry& e : language_entries_)
        if (e.level > 0) ++language_speaker_offsets_[e.language + 1];
    std::partial_sum(language_speaker_offsets_.begin(), language_speaker_offsets_.end(), language_speaker_offsets_.begin());
    language_speakers_.resize(language_speaker_offsets_.back());
    {
        std::vector<std::uint32_t> fill(language_speaker_offsets_.begin(), language_speaker_offsets_.end() - 1);
        for (std::size_t i = 0; i < n; ++i)
            for (auto k = language_offsets_[i]; k < language_offsets_[i + 1]; ++k)
                if (const LanguageEntry e = language_entries_[k]; e.level > 0)
                    language_speakers_[fill[e.language]++] = {static_cast<ProfileIndex>(i), e.level};
    }
    language_bitmap_slot_.assign(languages, no_bitmap);
    language_bitmaps_.clear();
    for (std::size_t l = 0; l < languages; ++l) {
        const auto speakers = language_speakers(static_cast<LanguageId>(l));
        if (speakers.empty() || speakers.size() * 64 < n) continue;
        language_bitmap_slot_[l] = static_cast<std::uint32_t>(language_bitmaps_.size() / (words * native_level));
        const std::size_t base = language_bitmaps_.size();
        language_bitmaps_.resize(base + words * native_level, 0);
        for (const LanguageSpeaker& sp : speakers)
            for (BabelLevel v = 1; v <= sp.level; ++v)
                language_bitmaps_[base + (v - 1) * words + sp.profile / 64] |= std::uint64_t{1} << (sp.profile % 64);
    }
}

std::span<const LanguageSpeaker> Directory::language_speakers(LanguageId language) const {
    if (std::size_t{language} + 1 >= language_speaker_offsets_.size()) throw std::out_of_range("language id out of range");
    return std::span<const LanguageSpeaker>(language_speakers_)
        .subspan(language_speaker_offsets_[language], language_speaker_offsets_[language + 1] - language_speaker_offsets_[language]);
}

std::span<const std::uint64_t> Directory::language_bitmap(LanguageId language, BabelLevel level) const {
    if (language >= language_bitmap_slot_.size()) throw std::out_of_range("language id out of range");
    if (level < 1 || level > native_level) throw std::out_of_range("Babel level out of range");
    if (language_bitmap_slot_[language] == no_bitmap) return {};
    const std::size_t words = bitmap_words();
    return std::span<const std::uint64_t>(language_bitmaps_)
        .subspan((std::size_t{language_bitmap_slot_[language]} * native_level + (level - 1U)) * words, words);
}

void Directory::build_block_bitmaps() {
    const std::size_t n = profiles_->size();
    // Block bitmaps: who is available at some time of each 4-hour block of the UTC week.
    const std::size_t words = bitmap_words();
    block_bitmaps_.assign(availability_blocks * words, 0);
    constexpr std::size_t slots_per_block = block_hours * 4;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t w = 0; w < static_cast<std::size_t>(week_words); ++w)
            for (std::uint64_t bits = availability_[w * n + i]; bits; bits &= bits - 1) {
                const std::size_t block = (w * 64 + static_cast<std::size_t>(std::countr_zero(bits))) / slots_per_block;
                block_bitmaps_[block * words + i / 64] |= std::uint64_t{1} << (i % 64);
            }
}

std::span<const std::uint64_t> Directory::availability_block_bitmap(int block) const {
    if (block < 0 || block >= static_cast<int>(availability_blocks)) throw std::out_of_range("availability block out of range");
    return std::span<const std::uint64_t>(block_bitmaps_).subspan(static_cast<std::size_t>(block) * bitmap_words(), bitmap_words());
}

std::span<const std::uint64_t> Directory::bitmap_in(const HugeBits& store, std::uint32_t slot) const {
    if (slot == no_bitmap) return {};
    return std::span<const std::uint64_t>(store).subspan(std::size_t{slot} * bitmap_words(), bitmap_words());
}

std::span<const std::uint64_t> Directory::skill_bitmap(SkillSet set, SkillIndex skill) const {
    if (set == SkillSet::knows) throw std::out_of_range("skill bitmaps exist for shares and learns only");
    const auto& slots = bitmap_slot_[static_cast<int>(set)];
    if (skill >= slots.size()) throw std::out_of_range("skill index out of range");
    return bitmap_in(bitmaps_, slots[skill]);
}

std::span<const std::uint64_t> Directory::subtree_bitmap(SkillSet set, SkillIndex node) const {
    if (set == SkillSet::knows) throw std::out_of_range("subtree bitmaps exist for shares and learns only");
    const auto& slots = subtree_slot_[static_cast<int>(set)];
    if (node >= slots.size()) throw std::out_of_range("skill index out of range");
    return bitmap_in(subtree_bitmaps_, slots[node]);
}

std::span<const std::uint64_t> Directory::country_bitmap(CountryCode country) const {
    const auto it = std::lower_bound(country_slot_.begin(), country_slot_.end(), std::pair{country, std::uint32_t{0}});
    if (country == no_country || it == country_slot_.end() || it->first != country) return {};
    return bitmap_in(country_bitmaps_, it->second);
}

std::span<const std::uint64_t> Directory::region_bitmap(Region region) const {
    if (region == Region::Unknown) return {};
    return std::span<const std::uint64_t>(region_bitmaps_)
        .subspan(static_cast<std::size_t>(region) * bitmap_words(), bitmap_words());
}

void Directory::build_availability() {
    const auto& profiles = *profiles_;
    const std::size_t n = profiles.size();
    availability_.assign(static_cast<std::size_t>(week_words) * n, 0);
    WeekConverter converter(week_);
    for (std::size_t i = 0; i < n; ++i) {
        const Profile& p = profiles[i];
        if (p.availability.empty()) continue;
        const WeekSlots slots = converter.to_utc(p.availability, p.timezone);
        for (std::size_t w = 0; w < static_cast<std::size_t>(week_words); ++w) availability_[w * n + i] = slots[w];
    }
    build_block_bitmaps();
}

std::optional<ProfileIndex> Directory::find(std::string_view username) const {
    if (!is_valid_utf8(username)) return std::nullopt;
    const std::string key = username_key(username);
    const auto& profiles = *profiles_;
    const auto it = std::lower_bound(username_order_.begin(), username_order_.end(), key,
                                     [&profiles](ProfileIndex i, const std::string& k) { return username_key(profiles[i].username) < k; });
    if (it != username_order_.end() && username_key(profiles[*it].username) == key) return *it;
    return std::nullopt;
}

ProfileIndex Directory::at(std::string_view username) const {
    if (auto i = find(username)) return *i;
    throw NotFoundError(std::string(username), "username");
}

std::span<const std::uint64_t> Directory::skill_column(SkillSet set, std::size_t w) const {
    if (w >= skill_words_) throw std::out_of_range("skill word out of range");
    const auto n = profiles_->size();
    return std::span<const std::uint64_t>(skills_[static_cast<int>(set)]).subspan(w * n, n);
}

std::span<const ProfileIndex> Directory::postings(SkillSet set, SkillIndex skill) const {
    const auto& offsets = posting_offsets_[static_cast<int>(set)];
    if (skill + 1 >= offsets.size()) throw std::out_of_range("skill index out of range");
    return std::span<const ProfileIndex>(postings_[static_cast<int>(set)]).subspan(offsets[skill], offsets[skill + 1] - offsets[skill]);
}

std::optional<LanguageId> Directory::language_id(std::string_view code) const noexcept {
    for (std::size_t i = 0; i < language_codes_.size(); ++i)
        if (language_codes_[i] == code) return static_cast<LanguageId>(i);
    return std::nullopt;
}

std::span<const LanguageEntry> Directory::languages(ProfileIndex i) const {
    if (i >= profiles_->size()) throw std::out_of_range("profile index out of range");
    return std::span<const LanguageEntry>(language_entries_).subspan(language_offsets_[i], language_offsets_[i + 1] - language_offsets_[i]);
}

std::optional<BabelLevel> Directory::level(ProfileIndex i, LanguageId language) const noexcept {
    if (i >= profiles_->size()) return std::nullopt;
    for (auto k = language_offsets_[i]; k < language_offsets_[i + 1]; ++k)
        if (language_entries_[k].language == language) return language_entries_[k].level;
    return std::nullopt;
}

std::span<const std::uint64_t> Directory::availability_column(std::size_t w) const {
    if (w >= static_cast<std::size_t>(week_words)) throw std::out_of_range("availability word out of range");
    const auto n = profiles_->size();
    return std::span<const std::uint64_t>(availability_).subspan(w * n, n);
}

WeekSlots Directory::availability(ProfileIndex i) const noexcept {
    WeekSlots s{};
    const auto n = profiles_->size();
    if (i >= n) return s;
    for (std::size_t w = 0; w < s.size(); ++w) s[w] = availability_[w * n + i];
    return s;
}

std::size_t Directory::index_bytes() const noexcept {
    auto bytes = [](const auto& v) { return v.capacity() * sizeof(typename std::decay_t<decltype(v)>::value_type); };
    std::size_t total = bytes(username_order_) + bytes(language_mask_) + bytes(language_offsets_) +
                        bytes(language_entries_) + bytes(region_) + bytes(country_) + bytes(availability_) +
                        bytes(username_rank_) + bytes(rows_) + bytes(bitmap_slot_[0]) + bytes(bitmap_slot_[1]) +
                        bytes(bitmaps_) + bytes(subtree_slot_[0]) + bytes(subtree_slot_[1]) + bytes(subtree_bitmaps_) + bytes(region_bitmaps_) + bytes(country_slot_) + bytes(country_bitmaps_) + bytes(language_speaker_offsets_) +
                        bytes(language_speakers_) + bytes(language_bitmap_slot_) + bytes(language_bitmaps_) + bytes(block_bitmaps_);
    for (int set = 0; set < 3; ++set) total += bytes(skills_[set]) + bytes(posting_offsets_[set]) + bytes(postings_[set]);
    return total;
}

// --- snapshots and files ----------------------------------------------------------------------

Directory Directory::with_profiles(std::vector<Profile> updates) const {
    // Only the new profiles need validating; the merged set is checked for duplicate usernames.
    std::vector<ProfileIndex> ignored;
    if (auto problems = prepare(updates, *taxonomy_, "with_profiles", true, ignored); !problems.empty())
        throw ValidationError(std::move(problems));
    std::vector<Profile> merged(profiles_->begin(), profiles_->end());
    for (auto& p : updates) {
        if (auto i = find(p.username)) merged[*i] = std::move(p);
        else merged.push_back(std::move(p));
    }
    Directory out(std::move(merged), taxonomy_, week_, source_, false);
    if (affiliates_) {
        const auto orgs = affiliates_->given();
        out = out.with_organisations({orgs.begin(), orgs.end()});
    }
    return out;
}

Directory Directory::with_organisations(std::vector<Organisation> organisations) const {
    Directory out(*this);
    out.affiliates_ = organisations.empty() ? nullptr : std::make_shared<const Affiliates>(std::move(organisations), *this);
    return out;
}

Directory Directory::with_aliases(std::span<const std::pair<std::string, std::string>> aliases) const {
    std::vector<Profile> profiles(profiles_->begin(), profiles_->end());
    for (const auto& [name, username] : aliases) {
        Profile& p = profiles[at(username)];
        const std::string key = casefold(nfc(name));
        if (key.empty()) continue;
        const auto known = [&](const std::string& s) { return casefold(nfc(s)) == key; };
        if (known(p.username) || known(p.name) || std::any_of(p.aliases.begin(), p.aliases.end(), known)) continue;
        p.aliases.push_back(nfc(name));
    }
    Directory out(std::move(profiles), taxonomy_, week_, source_, false);
    out.import_notes_ = import_notes_;
    out.affiliates_ = affiliates_;  // aliases change no member or language
    return out;
}

const NameIndex& Directory::names() const {
    std::call_once(names_->once, [this] { names_->index = std::make_unique<const NameIndex>(*this); });
    return *names_->index;
}

Directory Directory::for_week(std::chrono::sys_days any_day) const {
    // Everything but the availability columns is independent of the week: share the profiles,
    // copy the columns, convert availability again.
    Directory out(*this);
    out.week_ = week_start(any_day);
    out.build_availability();
    return out;
}

Directory Directory::from_json(std::string_view text, const std::string& source, std::shared_ptr<const Taxonomy> taxonomy,
                               std::optional<std::chrono::sys_days> week, const Progress& progress) {
    // Each profile is converted as soon as it is parsed and then dropped from the document, so
    // memory stays bounded by the profiles rather than by a tree of the whole file.
    detail::Collector problems{source, {}};
    std::vector<Profile> profiles;
    std::string top_key;
    bool profiles_is_array = false;
    detail::ProgressMeter meter(progress, 0);  // the number of profiles is known at the end
    const detail::json::parser_callback_t on_event = [&](int depth, detail::json::parse_event_t event,
                                                         detail::json& parsed) {
        using E = detail::json::parse_event_t;
        if (depth == 1 && event == E::key) top_key = parsed.get<std::string>();
        if (depth == 1 && event == E::array_start && top_key == "profiles") profiles_is_array = true;
        if (depth == 2 && top_key == "profiles" && profiles_is_array &&
            (event == E::object_end || event == E::array_end || event == E::value)) {
            profiles.push_back(
                detail::profile_from_json(parsed, problems, detail::path_index("profiles", profiles.size())));
            meter.tick();
            return false;
        }
        return true;
    };
    const auto doc = detail::parse_json(text, source, on_event);
    if (!doc.is_object()) throw FormatError(source, "", "a directory must be a JSON object, got " + detail::type_name(doc));
    if (!doc.contains("format") || doc["format"] != directory_format)
        throw FormatError(source, "format", "expected \"format\": \"" + std::string(directory_format) + "\"");
    if (!doc.contains("profiles") || !doc["profiles"].is_array())
        throw FormatError(source, "profiles", "expected a list of profiles");
    for (const auto& [key, value] : doc.items())
        if (key != "format" && key != "taxonomy" && key != "profiles" && key != "organisations")
            throw FormatError(source, key, "unknown field (expected format, taxonomy, profiles, organisations)");
    if (!taxonomy) taxonomy = taxonomy_from_document(doc, source);
    std::vector<Organisation> organisations;
    if (doc.contains("organisations")) organisations = detail::organisations_from_json(doc["organisations"], problems);

    if (!problems.problems.empty()) {
        // Report the content problems of the well-typed fields too, so one run lists everything.
        std::vector<ProfileIndex> ignored;
        auto more = prepare(profiles, *taxonomy, source, true, ignored);
        problems.problems.insert(problems.problems.end(), more.begin(), more.end());
        problems.throw_if_any();
    }
    problems.throw_if_any();
    Directory out(std::move(profiles), std::move(taxonomy), week, source);
    if (!organisations.empty()) out = out.with_organisations(std::move(organisations));
    meter.finish();
    return out;
}

Directory Directory::load(const std::string& path, std::shared_ptr<const Taxonomy> taxonomy,
                          std::optional<std::chrono::sys_days> week, const Progress& progress) {
    return from_json(read_file(path), path, std::move(taxonomy), week, progress);
}

std::string Directory::to_json(int indent) const {
    detail::json doc;
    doc["format"] = directory_format;
    const auto bundled = Taxonomy::bundled_names();
    const bool is_bundled = std::find(bundled.begin(), bundled.end(), taxonomy_->name()) != bundled.end() &&
                            *Taxonomy::bundled(taxonomy_->name()) == *taxonomy_;
    doc["taxonomy"] = is_bundled ? detail::json(taxonomy_->name()) : detail::parse_json(taxonomy_->to_json(), "<taxonomy>");
    auto& list = doc["profiles"] = detail::json::array();
    for (const auto& p : *profiles_) list.push_back(detail::profile_to_json(p));
    if (affiliates_) doc["organisations"] = detail::organisations_to_json(affiliates_->given());
    return detail::dump_json(doc, indent) + "\n";
}

void Directory::save(const std::string& path) const { write_file_atomic(path, to_json()); }

}  // namespace letsconnect
