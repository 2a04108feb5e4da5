// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#pragma once

// Shared helpers of the C++ test suite: data paths, error capture, problem matching,
// temporary folders and a deterministic generator of realistic profiles.

#include <gtest/gtest.h>

#include "letsconnect/letsconnect.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

namespace lc_test {

namespace fs = std::filesystem;

/// Folder of the test data files (LETSCONNECT_TEST_DATA overrides the build-time path).
inline std::string data_dir() {
    if (const char* env = std::getenv("LETSCONNECT_TEST_DATA"); env != nullptr && *env != '\0') {
        return env;
    }
    return LETSCONNECT_TEST_DATA_DIR;
}

inline std::string data_path(std::string_view name) {
    return (fs::path(data_dir()) / fs::path(std::string(name))).string();
}

inline std::string source_path(std::string_view name) {
    return (fs::path(LETSCONNECT_SOURCE_DIR) / fs::path(std::string(name))).string();
}

inline std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in.good()) << "cannot open " << path;
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Runs `f` and returns the exception of type E it throws; records a failure (and returns
/// nullopt) when it throws nothing or something else.
template <class E, class F>
std::optional<E> capture(F&& f) {
    try {
        f();
    } catch (const E& e) {
        return e;
    } catch (const std::exception& e) {
        ADD_FAILURE() << "expected " << typeid(E).name() << ", got " << typeid(e).name() << ": "
                      << e.what();
        return std::nullopt;
    }
    ADD_FAILURE() << "expected " << typeid(E).name() << ", nothing was thrown";
    return std::nullopt;
}

inline std::string dump(const std::vector<letsconnect::Problem>& problems) {
    std::ostringstream out;
    for (const auto& p : problems) out << "\n  " << p.to_string();
    return out.str();
}

inline bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}

/// True when some problem's field mentions `field` (or, for whole-record problems, its
/// message does) and its where/message mention `text`.
/// Whether one of an import's notes mentions `text` (Directory::import_notes()).
inline bool any_note(const letsconnect::Directory& dir, std::string_view text) {
    const auto notes = dir.import_notes();
    return std::any_of(notes.begin(), notes.end(), [&](const std::string& n) { return contains(n, text); });
}

/// An import's notes, one per line, for failure messages.
inline std::string all_notes(const letsconnect::Directory& dir) {
    std::string out;
    for (const auto& n : dir.import_notes()) out += "\n  " + n;
    return out;
}

inline bool has_problem(const std::vector<letsconnect::Problem>& problems, std::string_view field,
                        std::string_view text = "") {
    return std::any_of(problems.begin(), problems.end(), [&](const letsconnect::Problem& p) {
        const bool field_ok = field.empty() || contains(p.field, field) || contains(p.message, field);
        const std::string all = p.where + " " + p.field + " " + p.message;
        return field_ok && contains(all, text);
    });
}

/// A fresh folder under the system temp folder, removed with everything in it.
class TempDir {
public:
    TempDir() {
        std::random_device rd;
        for (int attempt = 0; attempt < 100; ++attempt) {
            auto candidate = fs::temp_directory_path() /
                             ("letsconnect_test_" + std::to_string(rd()) + "_" + std::to_string(attempt));
            if (fs::create_directory(candidate)) {
                path_ = candidate;
                return;
            }
        }
        throw std::runtime_error("cannot create a temporary folder");
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    [[nodiscard]] const fs::path& path() const { return path_; }
    [[nodiscard]] std::string file(std::string_view name) const { return (path_ / std::string(name)).string(); }
    [[nodiscard]] std::vector<std::string> entries() const {
        std::vector<std::string> names;
        for (const auto& e : fs::directory_iterator(path_)) names.push_back(e.path().filename().string());
        std::sort(names.begin(), names.end());
        return names;
    }

private:
    fs::path path_;
};

inline std::chrono::sys_days ymd(int y, unsigned m, unsigned d) {
    return std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}};
}

/// Slot index of a UTC weekday and time (minutes after midnight) in a WeekSlots.
/// A UTC instant.
inline std::chrono::sys_seconds utc(int y, unsigned mo, unsigned d, int h, int mi, int s = 0) {
    return std::chrono::sys_seconds{ymd(y, mo, d)} + std::chrono::hours{h} + std::chrono::minutes{mi} + std::chrono::seconds{s};
}

/// Instants as text, so a failure prints something readable (GCC 12 has no operator<< for sys_seconds).
inline std::string iso(std::chrono::sys_seconds t) { return letsconnect::format_utc(t); }
inline std::string iso(const std::optional<std::chrono::sys_seconds>& t) {
    return t ? letsconnect::format_utc(*t) : std::string("(none)");
}

/// The hand-made programme of tests/data/programme/ (see its README), loaded once.
inline const letsconnect::Directory& programme_directory() {
    static const letsconnect::Directory dir =
        letsconnect::Directory::load(data_path("programme/directory.json"), nullptr, ymd(2026, 2, 2));
    return dir;
}
inline const letsconnect::Clinics& programme_clinics() {
    static const letsconnect::Clinics clinics = letsconnect::Clinics::load(data_path("programme/clinics.json"));
    return clinics;
}
inline const std::vector<letsconnect::ClinicAttendance>& programme_attendance() {
    static const std::vector<letsconnect::ClinicAttendance> attendance =
        letsconnect::reconcile_clinics(programme_directory(), programme_clinics());
    return attendance;
}

inline int slot_of(letsconnect::Weekday day, int minutes) {
    return static_cast<int>(day) * letsconnect::slots_per_day + minutes / letsconnect::slot_minutes;
}

inline bool slot_set(const letsconnect::WeekSlots& s, int slot) {
    return ((s[static_cast<std::size_t>(slot / 64)] >> (slot % 64)) & 1U) != 0;
}

/// Indices of the set slots, ascending.
inline std::vector<int> set_slots(const letsconnect::WeekSlots& s) {
    std::vector<int> out;
    for (int i = 0; i < letsconnect::slots_per_week; ++i) {
        if (slot_set(s, i)) out.push_back(i);
    }
    return out;
}

inline std::vector<int> slot_range(int first, int count) {
    std::vector<int> out;
    for (int i = 0; i < count; ++i) out.push_back((first + i) % letsconnect::slots_per_week);
    std::sort(out.begin(), out.end());
    return out;
}

/// Deterministic synthetic profiles over a taxonomy. Usernames are already in canonical
/// form (username_key(u) == u), so byte order of usernames is the order of their keys.
inline std::vector<letsconnect::Profile> generate_profiles(std::size_t n, std::uint32_t seed,
                                                           const letsconnect::Taxonomy& tax) {
    using namespace letsconnect;
    struct Place {
        const char* country;
        const char* zone;
    };
    static const Place places[] = {
        {"NG", "Africa/Lagos"},    {"GH", "Africa/Accra"},       {"KE", "Africa/Nairobi"},
        {"IN", "Asia/Kolkata"},    {"NP", "Asia/Kathmandu"},     {"BR", "America/Sao_Paulo"},
        {"MX", "America/Mexico_City"}, {"US", "America/New_York"}, {"CA", "America/Toronto"},
        {"DE", "Europe/Berlin"},   {"FR", "Europe/Paris"},       {"UA", "Europe/Kyiv"},
        {"KZ", "Asia/Almaty"},     {"EG", "Africa/Cairo"},       {"MA", "Africa/Casablanca"},
        {"ID", "Asia/Jakarta"},    {"PH", "Asia/Manila"},        {"AU", "Australia/Sydney"},
        {"PY", "America/Asuncion"}, {"BD", "Asia/Dhaka"},        {"CD", "Africa/Kinshasa"},
        {"AR", "America/Argentina/Buenos_Aires"}};
    static const char* first_names[] = {"Ade", "Bola", "Chiamaka", "Dara", "Eko", "Femi", "Gita",
                                        "Hana", "Ike", "Juma", "Kemi", "Lina", "Musa", "Nadia",
                                        "Omar", "Pita", "Quynh", "Rosa", "Sade", "Tariq", "Uche",
                                        "Vera", "Wale", "Xin", "Yara", "Zola"};
    static const char* last_names[] = {"Abiola", "Banda", "Cruz", "Diallo", "Eze", "Fofana", "Gomes",
                                       "Haddad", "Idowu", "Jatau", "Kamau", "Lopes", "Mensa",
                                       "Nkosi", "Okoro", "Perez", "Rahman", "Silva", "Tembo",
                                       "Usman", "Wanjiru"};
    static const char* languages[] = {"en", "en", "en", "fr", "fr", "es", "pt", "ar", "sw", "ha",
                                      "yo", "hi", "bn", "de", "id", "ru", "uk", "zh", "pt-br"};
    static const char* affiliations[] = {"Wikimedia Nigeria", "Wikimedia Ghana User Group",
                                         "Wikimedia Deutschland", "Wikimedia Mexico",
                                         "Wikimedians of Kazakhstan", "Art+Feminism"};
    static const char* genders[] = {"female", "male", "", "non-binary", "female"};

    std::mt19937 rng(seed);
    auto pick = [&](std::size_t count) { return std::uniform_int_distribution<std::size_t>(0, count - 1)(rng); };
    auto chance = [&](double p) { return std::uniform_real_distribution<double>(0.0, 1.0)(rng) < p; };
    auto skill_list = [&](std::size_t max_count) {
        std::vector<std::string> out;
        std::vector<SkillIndex> used;
        const std::size_t count = pick(max_count + 1);
        for (std::size_t k = 0; k < count; ++k) {
            const auto s = static_cast<SkillIndex>(pick(tax.size()));
            if (std::find(used.begin(), used.end(), s) != used.end()) continue;
            used.push_back(s);
            out.push_back(tax.node(s).id);
        }
        return out;
    };

    std::vector<Profile> out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        Profile p;
        char number[24];
        std::snprintf(number, sizeof number, "%05zu", i);
        const std::string first = first_names[pick(std::size(first_names))];
        const std::string last = last_names[pick(std::size(last_names))];
        p.username = first + " " + last + " " + number;
        if (chance(0.7)) p.name = first + " " + last;
        if (chance(0.1)) p.aliases = {first + " " + last.substr(0, 1) + "."};
        if (chance(0.95)) {
            const auto& place = places[pick(std::size(places))];
            p.country = place.country;
            if (chance(0.5)) p.region = country_region(*parse_country(p.country));
            if (chance(0.8)) {
                p.timezone = place.zone;
                const std::size_t windows = 1 + pick(2);
                for (std::size_t w = 0; w < windows; ++w) {
                    TimeWindow tw;
                    tw.day = static_cast<Weekday>(pick(7));
                    tw.start = static_cast<std::uint16_t>(15 * pick(96));
                    const auto length = static_cast<std::uint16_t>(15 * (2 + pick(15)));
                    tw.end = static_cast<std::uint16_t>((tw.start + length) % 1440);
                    if (tw.end == 0) tw.end = 1440;
                    p.availability.push_back(tw);
                }
            }
        } else if (chance(0.5)) {
            p.region = all_regions[pick(region_count)];
        }
        const std::size_t nlang = 1 + pick(3);
        for (std::size_t k = 0; k < nlang; ++k) {
            const std::string code = languages[pick(std::size(languages))];
            if (p.level(code)) continue;
            p.languages.push_back({code, static_cast<BabelLevel>(1 + pick(6))});
        }
        p.shares = skill_list(3);
        p.learns = skill_list(3);
        p.knows = skill_list(4);
        const std::size_t naff = pick(3);
        for (std::size_t k = 0; k < naff; ++k) {
            std::string a = affiliations[pick(std::size(affiliations))];
            if (std::find(p.affiliations.begin(), p.affiliations.end(), a) == p.affiliations.end()) {
                p.affiliations.push_back(a);
            }
        }
        if (chance(0.8)) {
            p.registered = ymd(2020, 1, 1) + std::chrono::days(static_cast<int>(pick(2000)));
        }
        p.gender = genders[pick(std::size(genders))];
        if (chance(0.3)) p.role = "volunteer";
        out.push_back(std::move(p));
    }
    return out;
}

}  // namespace lc_test

// --- helpers of the scoring tests (test_score.cpp, test_recommend.cpp) --------------------

namespace lc_test {

/// Adds languages to some of `profiles` so that a directory built from them has more than 64
/// languages (LanguageIds past 16 and past 63, where the index packs levels differently) and
/// some Babel-0 entries ("not spoken"). Codes "qaa" … "qdb" are ISO 639 private-use codes.
inline std::vector<letsconnect::Profile> add_rare_languages(std::vector<letsconnect::Profile> profiles,
                                                            std::uint32_t seed, double share = 0.35) {
    using namespace letsconnect;
    std::mt19937 rng(seed);
    auto pick = [&](std::size_t count) { return std::uniform_int_distribution<std::size_t>(0, count - 1)(rng); };
    auto chance = [&](double p) { return std::uniform_real_distribution<double>(0.0, 1.0)(rng) < p; };
    std::vector<std::string> rare;
    for (int i = 0; i < 80; ++i) {
        rare.push_back(std::string("q") + static_cast<char>('a' + i / 26) + static_cast<char>('a' + i % 26));
    }
    static const char* common[] = {"en", "fr", "es", "ar", "sw"};
    for (auto& p : profiles) {
        if (chance(share)) {
            for (std::size_t n = 1 + pick(2); n > 0; --n) {
                // A few popular private-use codes, so that pairs do share rare languages.
                const std::string code = chance(0.5) ? rare[pick(6)] : rare[pick(rare.size())];
                if (!p.level(code)) p.languages.push_back({code, static_cast<BabelLevel>(pick(7))});
            }
        }
        if (chance(0.05)) {
            const std::string code = common[pick(std::size(common))];
            if (!p.level(code)) p.languages.push_back({code, 0});
        }
    }
    return profiles;
}

/// A profile available `start`–`end` (minutes after local midnight) Monday to Friday in `zone`.
inline letsconnect::Profile office_hours_profile(std::string username, std::string country, std::string zone,
                                                 int start = 9 * 60, int end = 17 * 60,
                                                 std::vector<letsconnect::LanguageLevel> languages = {{"en", 4}},
                                                 std::vector<std::string> shares = {"mentoring"},
                                                 std::vector<std::string> learns = {"mentoring"}) {
    using namespace letsconnect;
    Profile p;
    p.username = std::move(username);
    p.country = std::move(country);
    p.timezone = std::move(zone);
    for (int d = 0; d < 5; ++d) {
        p.availability.push_back(
            {static_cast<Weekday>(d), static_cast<std::uint16_t>(start), static_cast<std::uint16_t>(end)});
    }
    p.languages = std::move(languages);
    p.shares = std::move(shares);
    p.learns = std::move(learns);
    return p;
}

/// A random candidate filter of valid values only (skills of `dir`'s taxonomy, regions,
/// countries, languages, usernames of `dir`), loose enough that most leave candidates.
inline letsconnect::SearchQuery random_filter(const letsconnect::Directory& dir, std::mt19937& rng) {
    using namespace letsconnect;
    static const char* region_codes[] = {"SSA", "MENA", "ESEAP", "SA", "CEECA", "NWE", "LAC", "NA"};
    static const char* country_codes[] = {"NG", "GH", "KE", "IN", "BR", "MX", "US", "DE", "FR", "KZ", "ID", "EG"};
    static const char* language_codes[] = {"en", "fr", "es", "pt", "ar", "sw", "hi", "qaa"};
    const Taxonomy& tax = dir.taxonomy();
    auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    auto chance = [&](double p) { return std::uniform_real_distribution<double>(0.0, 1.0)(rng) < p; };
    SearchQuery q;
    // Each filter kind at least sometimes; categories (roots) keep skill filters broad.
    const std::size_t kind = pick(6);
    auto root = [&] { return tax.node(tax.roots()[pick(tax.roots().size())]).id; };
    if (kind == 0 || chance(0.15)) q.shares = {root(), tax.node(static_cast<SkillIndex>(pick(tax.size()))).id};
    if (kind == 1 || chance(0.15)) q.learns = {root()};
    if (kind == 2 || chance(0.15)) {
        for (std::size_t n = 2 + pick(3); n > 0; --n) q.regions.push_back(region_codes[pick(std::size(region_codes))]);
    }
    if (kind == 3 || chance(0.1)) {
        for (std::size_t n = 3 + pick(4); n > 0; --n) q.countries.push_back(country_codes[pick(std::size(country_codes))]);
    }
    if (kind == 4 || chance(0.15)) {
        for (std::size_t n = 1 + pick(3); n > 0; --n) q.languages.push_back(language_codes[pick(std::size(language_codes))]);
        q.min_level = static_cast<BabelLevel>(pick(4));
    }
    if (kind == 5 || chance(0.3)) {
        for (std::size_t n = 1 + pick(40); n > 0; --n) {
            q.exclude.push_back(dir.profile(static_cast<letsconnect::ProfileIndex>(pick(dir.size()))).username);
        }
    }
    return q;
}

/// Short description of a filter for failure messages.
inline std::string describe_filter(const letsconnect::SearchQuery& q) {
    std::ostringstream out;
    auto list = [&](const char* name, const std::vector<std::string>& v) {
        if (v.empty()) return;
        out << ' ' << name << '=';
        for (std::size_t i = 0; i < v.size() && i < 4; ++i) out << (i ? "," : "") << v[i];
        if (v.size() > 4) out << ",…(" << v.size() << ')';
    };
    list("shares", q.shares);
    list("learns", q.learns);
    list("regions", q.regions);
    list("countries", q.countries);
    list("languages", q.languages);
    if (!q.languages.empty()) out << " min_level=" << int(q.min_level);
    list("exclude", q.exclude);
    return out.str().empty() ? " (none)" : out.str();
}

}  // namespace lc_test
