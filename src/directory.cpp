// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#include "letsconnect/directory.hpp"

#include <algorithm>
#include <functional>
#include <numeric>

#include "internal.hpp"
#include "letsconnect/io.hpp"
#include "letsconnect/text.hpp"

namespace letsconnect {

namespace {

constexpr std::string_view directory_format = "letsconnect.directory/1";

std::uint64_t key_hash(std::string_view key) noexcept { return std::hash<std::string_view>{}(key); }

// Validates every profile against the model and the taxonomy, canonicalising skill ids (a QID
// becomes the taxonomy id) and deriving missing regions from countries. Returns every problem.
std::vector<Problem> prepare(std::vector<Profile>& profiles, const Taxonomy& taxonomy, const std::string& source) {
    std::vector<Problem> problems;
    std::unordered_map<std::string, std::size_t> seen;
    seen.reserve(profiles.size());
    for (std::size_t i = 0; i < profiles.size(); ++i) {
        Profile& p = profiles[i];
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
                else problems.push_back({source, where, field, "unknown skill '" + id + "' (not in taxonomy '" + taxonomy.name() + "')"});
            }
        }
        if (p.username.empty() || !is_valid_utf8(p.username)) continue;
        std::string key = username_key(p.username);
        if (key.empty()) continue;
        auto [it, inserted] = seen.emplace(std::move(key), i);
        if (!inserted)
            problems.push_back({source, where, "username",
                                "duplicate username: same as profiles[" + std::to_string(it->second) + "] '" +
                                    profiles[it->second].username + "'"});
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
    : profiles_(std::move(profiles)),
      taxonomy_(taxonomy ? std::move(taxonomy) : Taxonomy::bundled("letsconnect")),
      week_(week_start(week.value_or(current_week()))),
      source_(std::move(source)) {
    auto problems = prepare(profiles_, *taxonomy_, source_);
    if (!problems.empty()) throw ValidationError(std::move(problems));
    build_index();
}

void Directory::build_index() {
    const std::size_t n = profiles_.size();
    // Username lookup: hashes of the keys, sorted, with the profile index beside each.
    lookup_hash_.resize(n);
    lookup_index_.resize(n);
    {
        std::vector<std::pair<std::uint64_t, ProfileIndex>> pairs(n);
        for (std::size_t i = 0; i < n; ++i)
            pairs[i] = {key_hash(username_key(profiles_[i].username)), static_cast<ProfileIndex>(i)};
        std::sort(pairs.begin(), pairs.end());
        for (std::size_t i = 0; i < n; ++i) std::tie(lookup_hash_[i], lookup_index_[i]) = pairs[i];
    }

    // Skills: word-major bitsets and inverted lists.
    const std::size_t t = taxonomy_->size();
    skill_words_ = std::max<std::size_t>(1, (t + 63) / 64);
    for (int set = 0; set < 3; ++set) {
        // One pass resolving ids (CSR of SkillIndex per profile), then bitsets and postings from it.
        std::vector<std::uint32_t> starts(n + 1, 0);
        std::vector<SkillIndex> flat;
        for (std::size_t i = 0; i < n; ++i) {
            const Profile& p = profiles_[i];
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
    for (const auto& p : profiles_)
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
        for (const auto& l : profiles_[i].languages) {
            const LanguageId id = ids.at(l.code);
            language_entries_.push_back({id, l.level});
            language_mask_[i] |= std::uint64_t{1} << std::min<LanguageId>(id, 63);
        }
        std::sort(language_entries_.begin() + static_cast<std::ptrdiff_t>(begin), language_entries_.end(),
                  [](const LanguageEntry& a, const LanguageEntry& b) { return a.language < b.language; });
        language_offsets_[i + 1] = static_cast<std::uint32_t>(language_entries_.size());
    }
    language_entries_.shrink_to_fit();

    // Region, country, availability in UTC for the reference week.
    region_.resize(n);
    country_.resize(n);
    availability_.assign(static_cast<std::size_t>(week_words) * n, 0);
    WeekConverter converter(week_);
    for (std::size_t i = 0; i < n; ++i) {
        const Profile& p = profiles_[i];
        region_[i] = p.region;
        country_[i] = p.country.empty() ? no_country : parse_country(p.country).value_or(no_country);
        if (p.availability.empty()) continue;
        const WeekSlots slots = converter.to_utc(p.availability, p.timezone);
        for (std::size_t w = 0; w < static_cast<std::size_t>(week_words); ++w) availability_[w * n + i] = slots[w];
    }

    username_rank_.resize(n);
    std::vector<ProfileIndex> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [this](ProfileIndex a, ProfileIndex b) { return profiles_[a].username < profiles_[b].username; });
    for (std::size_t r = 0; r < n; ++r) username_rank_[order[r]] = static_cast<ProfileIndex>(r);
}

std::optional<ProfileIndex> Directory::find(std::string_view username) const {
    if (!is_valid_utf8(username)) return std::nullopt;
    const std::string key = username_key(username);
    const std::uint64_t h = key_hash(key);
    auto it = std::lower_bound(lookup_hash_.begin(), lookup_hash_.end(), h);
    for (; it != lookup_hash_.end() && *it == h; ++it) {
        const ProfileIndex i = lookup_index_[static_cast<std::size_t>(it - lookup_hash_.begin())];
        if (username_key(profiles_[i].username) == key) return i;
    }
    return std::nullopt;
}

ProfileIndex Directory::at(std::string_view username) const {
    if (auto i = find(username)) return *i;
    throw NotFoundError(std::string(username), "username");
}

std::span<const std::uint64_t> Directory::skill_column(SkillSet set, std::size_t w) const {
    if (w >= skill_words_) throw std::out_of_range("skill word out of range");
    const auto n = profiles_.size();
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
    if (i >= profiles_.size()) throw std::out_of_range("profile index out of range");
    return std::span<const LanguageEntry>(language_entries_).subspan(language_offsets_[i], language_offsets_[i + 1] - language_offsets_[i]);
}

std::optional<BabelLevel> Directory::level(ProfileIndex i, LanguageId language) const noexcept {
    if (i >= profiles_.size()) return std::nullopt;
    for (auto k = language_offsets_[i]; k < language_offsets_[i + 1]; ++k)
        if (language_entries_[k].language == language) return language_entries_[k].level;
    return std::nullopt;
}

std::span<const std::uint64_t> Directory::availability_column(std::size_t w) const {
    if (w >= static_cast<std::size_t>(week_words)) throw std::out_of_range("availability word out of range");
    const auto n = profiles_.size();
    return std::span<const std::uint64_t>(availability_).subspan(w * n, n);
}

WeekSlots Directory::availability(ProfileIndex i) const noexcept {
    WeekSlots s{};
    const auto n = profiles_.size();
    if (i >= n) return s;
    for (std::size_t w = 0; w < s.size(); ++w) s[w] = availability_[w * n + i];
    return s;
}

std::size_t Directory::index_bytes() const noexcept {
    auto bytes = [](const auto& v) { return v.capacity() * sizeof(typename std::decay_t<decltype(v)>::value_type); };
    std::size_t total = bytes(lookup_hash_) + bytes(lookup_index_) + bytes(language_mask_) + bytes(language_offsets_) +
                        bytes(language_entries_) + bytes(region_) + bytes(country_) + bytes(availability_) +
                        bytes(username_rank_);
    for (int set = 0; set < 3; ++set) total += bytes(skills_[set]) + bytes(posting_offsets_[set]) + bytes(postings_[set]);
    return total;
}

// --- snapshots and files ----------------------------------------------------------------------

Directory Directory::with_profiles(std::vector<Profile> updates) const {
    std::vector<Profile> merged(profiles_.begin(), profiles_.end());
    for (auto& p : updates) {
        if (auto i = p.username.empty() ? std::nullopt : find(p.username)) merged[*i] = std::move(p);
        else merged.push_back(std::move(p));
    }
    return Directory(std::move(merged), taxonomy_, week_, source_);
}

Directory Directory::for_week(std::chrono::sys_days any_day) const {
    return Directory(profiles_, taxonomy_, any_day, source_);
}

Directory Directory::from_json(std::string_view text, const std::string& source, std::shared_ptr<const Taxonomy> taxonomy,
                               std::optional<std::chrono::sys_days> week) {
    const auto doc = detail::parse_json(text, source);
    if (!doc.is_object()) throw FormatError(source, "", "a directory must be a JSON object, got " + detail::type_name(doc));
    if (!doc.contains("format") || doc["format"] != directory_format)
        throw FormatError(source, "format", "expected \"format\": \"" + std::string(directory_format) + "\"");
    if (!doc.contains("profiles") || !doc["profiles"].is_array())
        throw FormatError(source, "profiles", "expected a list of profiles");
    for (const auto& [key, value] : doc.items())
        if (key != "format" && key != "taxonomy" && key != "profiles")
            throw FormatError(source, key, "unknown field (expected format, taxonomy, profiles)");
    if (!taxonomy) taxonomy = taxonomy_from_document(doc, source);

    detail::Collector problems{source, {}};
    std::vector<Profile> profiles;
    const auto& list = doc["profiles"];
    profiles.reserve(list.size());
    for (std::size_t i = 0; i < list.size(); ++i)
        profiles.push_back(detail::profile_from_json(list[i], problems, detail::path_index("profiles", i)));
    if (!problems.problems.empty()) {
        // Report the content problems of the well-typed fields too, so one run lists everything.
        auto more = prepare(profiles, *taxonomy, source);
        problems.problems.insert(problems.problems.end(), more.begin(), more.end());
        problems.throw_if_any();
    }
    return Directory(std::move(profiles), std::move(taxonomy), week, source);
}

Directory Directory::load(const std::string& path, std::shared_ptr<const Taxonomy> taxonomy,
                          std::optional<std::chrono::sys_days> week) {
    return from_json(read_file(path), path, std::move(taxonomy), week);
}

std::string Directory::to_json(int indent) const {
    detail::json doc;
    doc["format"] = directory_format;
    const auto bundled = Taxonomy::bundled_names();
    const bool is_bundled = std::find(bundled.begin(), bundled.end(), taxonomy_->name()) != bundled.end() &&
                            *Taxonomy::bundled(taxonomy_->name()) == *taxonomy_;
    doc["taxonomy"] = is_bundled ? detail::json(taxonomy_->name()) : detail::parse_json(taxonomy_->to_json(), "<taxonomy>");
    auto& list = doc["profiles"] = detail::json::array();
    for (const auto& p : profiles_) list.push_back(detail::profile_to_json(p));
    return detail::dump_json(doc, indent) + "\n";
}

void Directory::save(const std::string& path) const { write_file_atomic(path, to_json()); }

}  // namespace letsconnect
