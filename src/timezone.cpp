// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
//
// Time zones come from the system's tz database through date/tz.h built with USE_OS_TZDB
// (not ICU's copy, which is years out of date on Debian 12).
#include "letsconnect/availability.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdio>
#include <mutex>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include "internal.hpp"
#include "letsconnect/clinic.hpp"
#include "letsconnect/error.hpp"

namespace letsconnect {

namespace {

constexpr std::array<std::string_view, 7> day_names = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
constexpr std::array<std::string_view, 7> long_day_names = {"monday", "tuesday", "wednesday", "thursday",
                                                            "friday", "saturday", "sunday"};

char lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

const date::time_zone* find_zone(std::string_view name) {
    if (name.empty()) return nullptr;
    try {
        return date::locate_zone(name);
    } catch (const std::runtime_error&) {
        return nullptr;
    }
}

const date::time_zone& zone_or_throw(std::string_view name) {
    const auto* zone = find_zone(name);
    if (zone == nullptr) throw NotFoundError(std::string(name), "time zone");
    return *zone;
}

void set_slot(WeekSlots& slots, int s) noexcept {
    slots[static_cast<std::size_t>(s / 64)] |= std::uint64_t{1} << (s % 64);
}

}  // namespace

std::string_view to_string(Weekday day) noexcept { return day_names[static_cast<std::size_t>(day) % 7]; }

std::optional<Weekday> parse_weekday(std::string_view text) noexcept {
    std::string key;
    for (char c : text) key += lower(c);
    for (std::size_t i = 0; i < 7; ++i)
        if (key == day_names[i] || key == long_day_names[i]) return static_cast<Weekday>(i);
    return std::nullopt;
}

std::optional<std::uint16_t> parse_clock(std::string_view text) noexcept {
    if (text.size() != 5 || text[2] != ':') return std::nullopt;
    for (std::size_t i : {0U, 1U, 3U, 4U})
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
    const int hours = (text[0] - '0') * 10 + (text[1] - '0');
    const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
    if (minutes > 59 || hours > 24 || (hours == 24 && minutes != 0)) return std::nullopt;
    return static_cast<std::uint16_t>(hours * 60 + minutes);
}

std::string format_clock(std::uint16_t minutes) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60, minutes % 60);
    return buf;
}

WeekSlots local_slots(std::span<const TimeWindow> windows) noexcept {
    WeekSlots slots{};
    for (const TimeWindow& w : windows) {
        const int first = static_cast<int>(w.day) * slots_per_day + w.start / slot_minutes;
        const int count = w.minutes() / slot_minutes;
        for (int k = 0; k < count; ++k) set_slot(slots, (first + k) % slots_per_week);
    }
    return slots;
}

std::chrono::sys_days week_start(std::chrono::sys_days day) noexcept {
    const std::chrono::weekday wd{day};
    return day - std::chrono::days{(wd.iso_encoding() + 6) % 7};
}

std::chrono::sys_days current_week() noexcept {
    return week_start(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
}

std::optional<std::chrono::sys_days> parse_date(std::string_view text) noexcept {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    int parts[3] = {0, 0, 0};
    const std::size_t starts[3] = {0, 5, 8}, lengths[3] = {4, 2, 2};
    for (int p = 0; p < 3; ++p)
        for (std::size_t i = starts[p]; i < starts[p] + lengths[p]; ++i) {
            if (text[i] < '0' || text[i] > '9') return std::nullopt;
            parts[p] = parts[p] * 10 + (text[i] - '0');
        }
    const std::chrono::year_month_day ymd{std::chrono::year{parts[0]},
                                          std::chrono::month{static_cast<unsigned>(parts[1])},
                                          std::chrono::day{static_cast<unsigned>(parts[2])}};
    if (!ymd.ok() || parts[0] < 1900 || parts[0] > 2199) return std::nullopt;  // a sane range for registrations and weeks
    return std::chrono::sys_days{ymd};
}

std::string format_date(std::chrono::sys_days day) {
    const std::chrono::year_month_day ymd{day};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buf;
}

bool is_time_zone(std::string_view name) {
    // The tz database does not change while the process runs; validating a directory asks
    // about the same few hundred names again and again.
    thread_local std::unordered_map<std::string, bool> known;
    const auto it = known.find(std::string(name));
    if (it != known.end()) return it->second;
    const bool found = find_zone(name) != nullptr;
    if (known.size() < 4096) known.emplace(std::string(name), found);
    return found;
}

int utc_offset_minutes(std::string_view zone, std::chrono::sys_seconds t) {
    const auto info = zone_or_throw(zone).get_info(t);
    return static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(info.offset).count());
}

// For each zone, the inverse of "UTC slot → local slot" over the reference week: which UTC
// slots show a given local (weekday, quarter hour) on the wall clock. Usually one; none for
// local times skipped by a DST change, two for repeated ones.
struct WeekConverter::Impl {
    struct Table {
        std::array<std::uint16_t, slots_per_week + 1> offsets{};  // CSR over utc
        std::vector<std::uint16_t> utc;
    };
    std::unordered_map<const date::time_zone*, Table> tables;
    std::unordered_map<std::string, const date::time_zone*> zones;

    const Table& table(const date::time_zone* zone, std::chrono::sys_days week) {
        auto it = tables.find(zone);
        if (it != tables.end()) return it->second;
        std::array<std::vector<std::uint16_t>, slots_per_week> local_to_utc;
        for (int u = 0; u < slots_per_week; ++u) {
            const auto instant = std::chrono::sys_seconds{week} + std::chrono::minutes{u * slot_minutes};
            const auto local = zone->to_local(instant);
            const auto local_day = std::chrono::floor<std::chrono::days>(local);
            const std::chrono::weekday wd{std::chrono::sys_days{local_day.time_since_epoch()}};
            const auto minute = std::chrono::duration_cast<std::chrono::minutes>(local - local_day).count();
            const int l = static_cast<int>((wd.iso_encoding() + 6) % 7) * slots_per_day +
                          static_cast<int>(minute) / slot_minutes;
            local_to_utc[static_cast<std::size_t>(l)].push_back(static_cast<std::uint16_t>(u));
        }
        Table t;
        for (std::size_t l = 0; l < local_to_utc.size(); ++l) {
            t.offsets[l] = static_cast<std::uint16_t>(t.utc.size());
            t.utc.insert(t.utc.end(), local_to_utc[l].begin(), local_to_utc[l].end());
        }
        t.offsets[slots_per_week] = static_cast<std::uint16_t>(t.utc.size());
        return tables.emplace(zone, std::move(t)).first->second;
    }

    const date::time_zone* zone(std::string_view name) {
        auto it = zones.find(std::string(name));
        if (it != zones.end()) return it->second;
        const date::time_zone* z = &zone_or_throw(name);
        zones.emplace(std::string(name), z);
        return z;
    }
};

WeekConverter::WeekConverter(std::chrono::sys_days any_day)
    : week_(week_start(any_day)), impl_(std::make_unique<Impl>()) {}
WeekConverter::~WeekConverter() = default;
WeekConverter::WeekConverter(WeekConverter&&) noexcept = default;
WeekConverter& WeekConverter::operator=(WeekConverter&&) noexcept = default;

WeekSlots WeekConverter::to_utc(std::span<const TimeWindow> windows, std::string_view zone) {
    WeekSlots out{};
    if (windows.empty()) return out;
    const Impl::Table& t = impl_->table(impl_->zone(zone), week_);
    const WeekSlots local = local_slots(windows);
    for (std::size_t w = 0; w < local.size(); ++w) {
        for (std::uint64_t bits = local[w]; bits != 0; bits &= bits - 1) {
            const auto l = w * 64 + static_cast<std::size_t>(std::countr_zero(bits));
            for (auto k = t.offsets[l]; k < t.offsets[l + 1]; ++k) set_slot(out, t.utc[k]);
        }
    }
    return out;
}

}  // namespace letsconnect

namespace letsconnect {

namespace detail {

std::optional<std::chrono::sys_seconds> local_to_utc(std::string_view zone, std::chrono::sys_seconds wall_clock, bool latest) {
    const auto local = date::local_seconds{wall_clock.time_since_epoch()};
    if (zone.empty() || zone == "UTC" || zone == "Etc/UTC") return wall_clock;
    const auto& z = zone_or_throw(zone);
    const auto info = z.get_info(local);
    if (info.result == date::local_info::nonexistent) return std::nullopt;
    // For an ambiguous time `first` is the earlier instant, `second` the later.
    const auto offset = latest && info.result == date::local_info::ambiguous ? info.second.offset : info.first.offset;
    return std::chrono::sys_seconds{(local - offset).time_since_epoch()};
}

}  // namespace detail

std::string format_utc(std::chrono::sys_seconds t) {
    const auto day = std::chrono::floor<std::chrono::days>(t);
    const std::chrono::hh_mm_ss hms{t - day};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02dZ", format_date(day).c_str(), static_cast<int>(hms.hours().count()),
                  static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
    return buf;
}

std::optional<std::chrono::sys_seconds> parse_instant(std::string_view text, std::string_view zone) {
    return detail::parse_instant(text, zone, false);
}

std::optional<std::chrono::sys_seconds> detail::parse_instant(std::string_view text, std::string_view zone, bool latest) {
    // YYYY-MM-DD[T ]HH:MM[:SS[.fraction]][Z|±HH[:]MM|±HH]
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    if (text.size() < 16 || (text[10] != 'T' && text[10] != 't' && text[10] != ' ')) return std::nullopt;
    const auto day = parse_date(text.substr(0, 10));
    if (!day) return std::nullopt;
    const auto two = [&](std::size_t at) -> int {
        if (at + 2 > text.size() || text[at] < '0' || text[at] > '9' || text[at + 1] < '0' || text[at + 1] > '9') return -1;
        return (text[at] - '0') * 10 + (text[at + 1] - '0');
    };
    const int hours = two(11), minutes = (text[13] == ':') ? two(14) : -1;
    if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return std::nullopt;
    std::size_t at = 16;
    int seconds = 0;
    if (at < text.size() && text[at] == ':') {
        seconds = two(at + 1);
        if (seconds < 0 || seconds > 60) return std::nullopt;
        at += 3;
        if (at < text.size() && (text[at] == '.' || text[at] == ',')) {
            ++at;
            const std::size_t digits = at;
            while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
            if (at == digits) return std::nullopt;
        }
    }
    const auto wall = std::chrono::sys_seconds{*day} + std::chrono::hours{hours} + std::chrono::minutes{minutes} +
                      std::chrono::seconds{std::min(seconds, 59)};
    const std::string_view rest = text.substr(at);
    if (rest.empty()) return detail::local_to_utc(zone, wall, latest);
    if (rest == "Z" || rest == "z") return wall;
    if (rest[0] != '+' && rest[0] != '-') return std::nullopt;
    const int sign = rest[0] == '+' ? -1 : 1;
    const auto digit2 = [&](std::size_t i) -> int {
        if (i + 2 > rest.size() || rest[i] < '0' || rest[i] > '9' || rest[i + 1] < '0' || rest[i + 1] > '9') return -1;
        return (rest[i] - '0') * 10 + (rest[i + 1] - '0');
    };
    const int oh = digit2(1);
    int om = 0;
    if (rest.size() == 6 && rest[3] == ':') om = digit2(4);
    else if (rest.size() == 5) om = digit2(3);
    else if (rest.size() != 3) return std::nullopt;
    if (oh < 0 || oh > 18 || om < 0 || om > 59) return std::nullopt;
    return wall + std::chrono::minutes{sign * (oh * 60 + om)};
}

}  // namespace letsconnect
