// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#include "letsconnect/profile.hpp"

#include <algorithm>
#include <set>
#include <sstream>

#include "internal.hpp"
#include "letsconnect/text.hpp"

namespace letsconnect {

std::optional<BabelLevel> parse_level(std::string_view text) noexcept {
    if (text.size() != 1) return std::nullopt;
    if (text[0] == 'N' || text[0] == 'n') return native_level;
    if (text[0] >= '0' && text[0] <= '5') return static_cast<BabelLevel>(text[0] - '0');
    return std::nullopt;
}

std::string format_level(BabelLevel level) {
    if (level >= native_level) return "N";
    return std::string(1, static_cast<char>('0' + level));
}

bool is_language_code(std::string_view code) noexcept {
    const auto dash = code.find('-');
    const auto primary = code.substr(0, dash);
    if (primary.size() < 2 || primary.size() > 3) return false;
    if (!std::all_of(primary.begin(), primary.end(), [](char c) { return c >= 'a' && c <= 'z'; })) return false;
    if (dash == std::string_view::npos) return true;
    std::string_view rest = code.substr(dash + 1);
    while (true) {
        const auto next = rest.find('-');
        const auto part = rest.substr(0, next);
        if (part.empty() || part.size() > 8) return false;
        if (!std::all_of(part.begin(), part.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }))
            return false;
        if (next == std::string_view::npos) return true;
        rest = rest.substr(next + 1);
    }
}

std::optional<BabelLevel> Profile::level(std::string_view code) const noexcept {
    for (const auto& l : languages)
        if (l.code == code) return l.level;
    return std::nullopt;
}

std::vector<Problem> validate(const Profile& p, const std::string& source, const std::string& where) {
    detail::Collector problems{source, {}};
    if (p.username.empty()) problems.add(where, "username", "missing username");
    else if (!is_valid_utf8(p.username)) problems.add(where, "username", "not valid UTF-8");
    else if (std::any_of(p.username.begin(), p.username.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; }))
        problems.add(where, "username", "contains a control character");
    else if (username_key(p.username).empty()) problems.add(where, "username", "username is blank");
    if (!p.country.empty()) {
        if (const auto c = parse_country(p.country); !c)
            problems.add(where, "country", "not an ISO 3166-1 alpha-2 country code: '" + detail::shown_value(p.country) + "'");
        else if (p.region != Region::Unknown && p.region != country_region(*c))
            problems.add(where, "region",
                         "region " + std::string(to_string(p.region)) + " contradicts country " + p.country + " (in " +
                             std::string(to_string(country_region(*c))) + "); leave region out to derive it");
    }
    std::set<std::string> seen_languages;
    for (const auto& l : p.languages) {
        if (!is_language_code(l.code))
            problems.add(where, "languages", "not a language code: '" + detail::shown_value(l.code) + "' (expected e.g. 'en', 'pt-br')");
        if (l.level > native_level)
            problems.add(where, "languages." + detail::shown_value(l.code), "Babel level must be 0-5 or N");
        if (!seen_languages.insert(l.code).second) problems.add(where, "languages", "language '" + detail::shown_value(l.code) + "' listed twice");
    }
    for (std::size_t i = 0; i < p.emails.size(); ++i) {
        const std::string& e = p.emails[i];
        const auto at = e.find('@');
        // Only the shape is checked; the address itself never goes into the message.
        if (at == std::string::npos || at == 0 || at + 1 == e.size() || e.find('@', at + 1) != std::string::npos ||
            std::any_of(e.begin(), e.end(), [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F; }))
            problems.add(where, "emails[" + std::to_string(i) + "]", "not an e-mail address (expected name@domain)");
    }
    if (!p.timezone.empty() && !is_time_zone(p.timezone))
        problems.add(where, "timezone", "unknown time zone '" + detail::shown_value(p.timezone) + "' (expected an IANA name such as 'Africa/Lagos')");
    if (p.timezone.empty() && !p.availability.empty())
        problems.add(where, "timezone", "availability is given in local time, so a time zone is required");
    for (std::size_t i = 0; i < p.availability.size(); ++i) {
        const TimeWindow& w = p.availability[i];
        const std::string field = "availability[" + std::to_string(i) + "]";
        if (static_cast<int>(w.day) > 6) problems.add(where, field, "day must be mon … sun");
        if (w.start % slot_minutes != 0 || w.end % slot_minutes != 0)
            problems.add(where, field, "times must be on a quarter hour (got " + format_clock(w.start) + "–" +
                                           format_clock(w.end) + ")");
        if (w.start >= 1440 || w.end > 1440) problems.add(where, field, "times must be within 00:00 … 24:00");
        if (w.start == w.end) problems.add(where, field, "empty window: start equals end");
    }
    for (const auto* list : {&p.shares, &p.learns, &p.knows}) {
        const char* field = list == &p.shares ? "shares" : list == &p.learns ? "learns" : "knows";
        std::set<std::string> seen;
        for (const auto& s : *list) {
            if (s.empty()) problems.add(where, field, "empty skill id");
            else if (!seen.insert(s).second) problems.add(where, field, "skill '" + detail::shown_value(s) + "' listed twice");
        }
    }
    return std::move(problems.problems);
}

std::string describe(const Profile& p) {
    std::ostringstream out;
    out << "Profile(username='" << p.username << "'";
    if (!p.country.empty()) out << ", country='" << p.country << "'";
    if (p.region != Region::Unknown) out << ", region='" << to_string(p.region) << "'";
    out << ", languages=" << p.languages.size() << ", shares=" << p.shares.size() << ", learns=" << p.learns.size() << ')';
    return out.str();
}

namespace detail {

std::string profile_where(const std::string& username, const std::string& path) {
    if (username.empty()) return path.empty() ? std::string("profile") : path;
    return "profile '" + username + "'" + (path.empty() ? std::string() : " (" + path + ")");
}

namespace {

bool get_string(const json& v, std::string& out, Collector& problems, const std::string& where, const std::string& field) {
    if (v.is_null()) return true;
    if (!v.is_string()) {
        problems.add(where, field, "must be a string, got " + type_name(v));
        return false;
    }
    out = v.get<std::string>();
    return true;
}

void get_strings(const json& v, std::vector<std::string>& out, Collector& problems, const std::string& where,
                 const std::string& field, bool allow_ints) {
    if (v.is_null()) return;
    if (v.is_string() && field == "affiliations") {  // `"affiliation": "Wikimedia Nigeria"` as in design §4
        out.push_back(v.get<std::string>());
        return;
    }
    if (!v.is_array()) {
        problems.add(where, field, "must be a list of strings, got " + type_name(v));
        return;
    }
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i].is_string()) out.push_back(v[i].get<std::string>());
        else if (allow_ints && v[i].is_number_integer()) out.push_back(std::to_string(v[i].get<long long>()));
        else problems.add(where, field + "[" + std::to_string(i) + "]", "must be a string, got " + type_name(v[i]));
    }
}

}  // namespace

Profile profile_from_json(const json& item, Collector& problems, const std::string& path) {
    Profile p;
    if (!item.is_object()) {
        problems.add(path, "", "a profile must be an object, got " + type_name(item));
        return p;
    }
    if (item.contains("username") && item["username"].is_string()) p.username = item["username"].get<std::string>();
    const std::string where = profile_where(p.username, path);
    for (const auto& [key, v] : item.items()) {
        if (key == "username") {
            if (!v.is_string()) problems.add(where, key, "must be a string, got " + type_name(v));
        } else if (key == "name") get_string(v, p.name, problems, where, key);
        else if (key == "aliases") get_strings(v, p.aliases, problems, where, key, false);
        else if (key == "emails") get_strings(v, p.emails, problems, where, key, false);
        else if (key == "region") {
            std::string code;
            if (get_string(v, code, problems, where, key) && !code.empty()) {
                if (auto r = parse_region(code)) p.region = *r;
                else problems.add(where, key, "unknown region '" + shown_value(code) + "' (expected SSA, MENA, ESEAP, SA, CEECA, NWE, LAC or NA)");
            }
        } else if (key == "country") {
            if (get_string(v, p.country, problems, where, key))
                std::transform(p.country.begin(), p.country.end(), p.country.begin(),
                               [](char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; });
        } else if (key == "languages") {
            if (v.is_null()) continue;
            if (!v.is_object()) {
                problems.add(where, key, "must be an object of language code → Babel level, got " + type_name(v));
                continue;
            }
            for (const auto& [code, level] : v.items()) {
                std::optional<BabelLevel> parsed;
                if (level.is_string()) parsed = parse_level(level.get<std::string>());
                else if (level.is_number_integer() && level.get<long long>() >= 0 && level.get<long long>() <= 5)
                    parsed = static_cast<BabelLevel>(level.get<long long>());
                if (!parsed) problems.add(where, "languages." + shown_value(code), "Babel level must be 0-5 or N, got " + shown_json(level));
                else p.languages.push_back({code, *parsed});
            }
        } else if (key == "timezone") get_string(v, p.timezone, problems, where, key);
        else if (key == "availability") {
            if (v.is_null()) continue;
            if (!v.is_array()) {
                problems.add(where, key, "must be a list of {day, start, end}, got " + type_name(v));
                continue;
            }
            for (std::size_t i = 0; i < v.size(); ++i) {
                const std::string field = "availability[" + std::to_string(i) + "]";
                const auto& w = v[i];
                if (!w.is_object() || !w.contains("day") || !w.contains("start") || !w.contains("end") || w.size() != 3) {
                    problems.add(where, field, "must be an object with exactly day, start and end");
                    continue;
                }
                const auto day = w["day"].is_string() ? parse_weekday(w["day"].get<std::string>()) : std::nullopt;
                const auto start = w["start"].is_string() ? parse_clock(w["start"].get<std::string>()) : std::nullopt;
                const auto end = w["end"].is_string() ? parse_clock(w["end"].get<std::string>()) : std::nullopt;
                if (!day) problems.add(where, field + ".day", "must be mon … sun, got " + shown_json(w["day"]));
                if (!start) problems.add(where, field + ".start", "must be a time HH:MM, got " + shown_json(w["start"]));
                if (!end) problems.add(where, field + ".end", "must be a time HH:MM, got " + shown_json(w["end"]));
                if (day && start && end) p.availability.push_back({*day, *start, *end});
            }
        } else if (key == "shares" || key == "learns" || key == "knows") {
            auto& list = key == "shares" ? p.shares : key == "learns" ? p.learns : p.knows;
            get_strings(v, list, problems, where, key, true);
        } else if (key == "affiliations" || key == "affiliation") get_strings(v, p.affiliations, problems, where, "affiliations", false);
        else if (key == "registered") {
            std::string text;
            if (get_string(v, text, problems, where, key) && !text.empty()) {
                if (auto d = parse_date(text)) p.registered = *d;
                else problems.add(where, key, "must be a date YYYY-MM-DD, got '" + shown_value(text) + "'");
            }
        } else if (key == "gender") get_string(v, p.gender, problems, where, key);
        else if (key == "role") get_string(v, p.role, problems, where, key);
        else problems.add(where, key.find_first_of(" @") == std::string::npos ? key : shown_value(key), "unknown field");
    }
    if (p.region == Region::Unknown && !p.country.empty())
        if (auto c = parse_country(p.country)) p.region = country_region(*c);
    return p;
}

json profile_to_json(const Profile& p) {
    json o;
    o["username"] = p.username;
    if (!p.name.empty()) o["name"] = p.name;
    if (!p.aliases.empty()) o["aliases"] = p.aliases;
    if (!p.emails.empty()) o["emails"] = p.emails;
    if (p.region != Region::Unknown) o["region"] = std::string(to_string(p.region));
    if (!p.country.empty()) o["country"] = p.country;
    if (!p.languages.empty()) {
        json langs = json::object();
        for (const auto& l : p.languages) langs[l.code] = format_level(l.level);
        o["languages"] = std::move(langs);
    }
    if (!p.timezone.empty()) o["timezone"] = p.timezone;
    if (!p.availability.empty()) {
        json list = json::array();
        for (const auto& w : p.availability)
            list.push_back({{"day", std::string(to_string(w.day))}, {"start", format_clock(w.start)}, {"end", format_clock(w.end)}});
        o["availability"] = std::move(list);
    }
    if (!p.shares.empty()) o["shares"] = p.shares;
    if (!p.learns.empty()) o["learns"] = p.learns;
    if (!p.knows.empty()) o["knows"] = p.knows;
    if (!p.affiliations.empty()) o["affiliations"] = p.affiliations;
    if (p.registered) o["registered"] = format_date(*p.registered);
    if (!p.gender.empty()) o["gender"] = p.gender;
    if (!p.role.empty()) o["role"] = p.role;
    return o;
}

}  // namespace detail

Profile Profile::from_json(std::string_view text, const std::string& source) {
    const auto doc = detail::parse_json(text, source);
    detail::Collector problems{source, {}};
    Profile p = detail::profile_from_json(doc, problems, "");
    auto more = validate(p, source, detail::profile_where(p.username, ""));
    problems.problems.insert(problems.problems.end(), more.begin(), more.end());
    problems.throw_if_any();
    return p;
}

std::string Profile::to_json(int indent) const { return detail::dump_json(detail::profile_to_json(*this), indent); }

}  // namespace letsconnect
