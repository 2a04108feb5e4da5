// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#include <algorithm>
#include <filesystem>
#include <set>

#include "internal.hpp"
#include "letsconnect/availability.hpp"
#include "letsconnect/clinic.hpp"
#include "letsconnect/directory.hpp"
#include "letsconnect/io.hpp"
#include "letsconnect/profile.hpp"
#include "letsconnect/text.hpp"

namespace letsconnect {

namespace {

constexpr std::string_view clinics_format = "letsconnect.clinics/1";

using detail::json;

// A username as quoted in a message: registration exports sometimes hold e-mail addresses instead.
std::string shown(const std::string& u) { return u.find('@') == std::string::npos ? u : std::string("<e-mail address>"); }

std::string clinic_where(const std::string& id, std::size_t i) {
    const std::string path = detail::path_index("clinics", i);
    return id.empty() ? path : "clinic '" + id + "' (" + path + ")";
}

void get_text(const json& v, std::string& out, detail::Collector& problems, const std::string& where, const std::string& field) {
    if (v.is_null()) return;
    if (v.is_string()) out = v.get<std::string>();
    else problems.add(where, field, "must be a string, got " + detail::type_name(v));
}

void get_list(const json& v, std::vector<std::string>& out, detail::Collector& problems, const std::string& where,
              const std::string& field) {
    if (v.is_null()) return;
    if (v.is_string()) {
        out.push_back(v.get<std::string>());
        return;
    }
    if (!v.is_array()) {
        problems.add(where, field, "must be a list of strings, got " + detail::type_name(v));
        return;
    }
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i].is_string()) out.push_back(v[i].get<std::string>());
        else problems.add(where, detail::path_index(field, i), "must be a string, got " + detail::type_name(v[i]));
    }
}

Clinic clinic_from_json(const json& item, detail::Collector& problems, std::size_t index) {
    Clinic c;
    if (!item.is_object()) {
        problems.add(detail::path_index("clinics", index), "", "a clinic must be an object, got " + detail::type_name(item));
        return c;
    }
    if (item.contains("id") && item["id"].is_string()) c.id = item["id"].get<std::string>();
    const std::string where = clinic_where(c.id, index);
    bool has_start = false;
    for (const auto& [key, v] : item.items()) {
        if (key == "id") {
            if (!v.is_string()) problems.add(where, key, "must be a string, got " + detail::type_name(v));
        } else if (key == "title") get_text(v, c.title, problems, where, key);
        else if (key == "start") {
            if (v.is_null()) continue;  // reported as missing below
            has_start = true;
            std::string text;
            get_text(v, text, problems, where, key);
            if (auto t = parse_instant(text, "UTC")) c.start = *t;
            else if (v.is_string()) problems.add(where, key, "must be an ISO 8601 time such as 2026-01-14T14:00:00Z, got '" + detail::shown_value(text) + "'");
        } else if (key == "duration_min") {
            if (v.is_number_integer() && v.get<long long>() > 0 && v.get<long long>() <= 24 * 60) c.duration_min = v.get<int>();
            else problems.add(where, key, "must be a whole number of minutes in 1 … 1440, got " + detail::shown_json(v));
        } else if (key == "language") get_text(v, c.language, problems, where, key);
        else if (key == "interpretation") get_list(v, c.interpretation, problems, where, key);
        else if (key == "skills") get_list(v, c.skills, problems, where, key);
        else if (key == "sharers") get_list(v, c.sharers, problems, where, key);
        else if (key == "registrants") get_list(v, c.registrants, problems, where, key);
        else if (key == "attendance") get_list(v, c.attendance, problems, where, key);
        else if (key == "series") get_text(v, c.series, problems, where, key);
        else if (key == "report_time_zone") get_text(v, c.report_time_zone, problems, where, key);
        else problems.add(where, key, "unknown field");
    }
    if (!has_start) problems.add(where, "start", "missing start time");
    return c;
}

json clinic_to_json(const Clinic& c) {
    json o;
    o["id"] = c.id;
    if (!c.title.empty()) o["title"] = c.title;
    o["start"] = format_utc(c.start);
    o["duration_min"] = c.duration_min;
    if (!c.language.empty()) o["language"] = c.language;
    const auto list = [&](const char* key, const std::vector<std::string>& v) {
        if (!v.empty()) o[key] = v;
    };
    list("interpretation", c.interpretation);
    list("skills", c.skills);
    list("sharers", c.sharers);
    list("registrants", c.registrants);
    list("attendance", c.attendance);
    if (!c.series.empty()) o["series"] = c.series;
    if (!c.report_time_zone.empty()) o["report_time_zone"] = c.report_time_zone;
    return o;
}

}  // namespace

std::vector<Problem> validate(const Clinic& c, const std::string& source, const std::string& where) {
    detail::Collector problems{source, {}};
    if (c.id.empty() || username_key(c.id).empty()) problems.add(where, "id", "missing clinic id");
    else if (!is_valid_utf8(c.id)) problems.add(where, "id", "not valid UTF-8");
    if (c.duration_min <= 0 || c.duration_min > 24 * 60) problems.add(where, "duration_min", "must be in 1 … 1440 minutes");
    if (!c.language.empty() && !is_language_code(c.language))
        problems.add(where, "language", "not a language code: '" + detail::shown_value(c.language) + "' (expected e.g. 'en', 'pt-br')");
    if (!c.report_time_zone.empty() && !is_time_zone(c.report_time_zone))
        problems.add(where, "report_time_zone", "unknown time zone '" + detail::shown_value(c.report_time_zone) + "' (expected an IANA name such as 'America/New_York')");
    for (const auto& l : c.interpretation)
        if (!is_language_code(l)) problems.add(where, "interpretation", "not a language code: '" + detail::shown_value(l) + "'");
    for (const auto* list : {&c.sharers, &c.registrants}) {
        const char* field = list == &c.sharers ? "sharers" : "registrants";
        std::set<std::string> seen;
        for (const auto& u : *list) {
            if (username_key(u).empty()) problems.add(where, field, "empty username");
            else if (!seen.insert(username_key(u)).second) problems.add(where, field, "'" + shown(u) + "' listed twice");
        }
    }
    return problems.problems;
}

Clinics Clinics::from_json(std::string_view text, const std::string& source) {
    const json doc = detail::parse_json(text, source);
    if (!doc.is_object()) throw FormatError(source, "", "a clinics file must be a JSON object, got " + detail::type_name(doc));
    if (!doc.contains("format") || doc["format"] != clinics_format)
        throw FormatError(source, "format", "expected \"format\": \"" + std::string(clinics_format) + "\"");
    if (!doc.contains("clinics") || !doc["clinics"].is_array()) throw FormatError(source, "clinics", "expected a list of clinics");
    for (const auto& [key, value] : doc.items())
        if (key != "format" && key != "clinics") throw FormatError(source, key, "unknown field (expected format, clinics)");
    detail::Collector problems{source, {}};
    Clinics out;
    out.source = source;
    const auto& list = doc["clinics"];
    std::set<std::string> ids;
    for (std::size_t i = 0; i < list.size(); ++i) {
        Clinic c = clinic_from_json(list[i], problems, i);
        const std::string where = clinic_where(c.id, i);
        auto more = validate(c, source, where);
        problems.problems.insert(problems.problems.end(), more.begin(), more.end());
        if (!c.id.empty() && !ids.insert(c.id).second) problems.add(where, "id", "duplicate clinic id '" + c.id + "'");
        out.clinics.push_back(std::move(c));
    }
    problems.throw_if_any();
    return out;
}

Clinics Clinics::load(const std::string& path) {
    Clinics out = from_json(read_file(path), path);
    out.base_dir = detail::parent_dir(path);
    return out;
}

std::string Clinics::to_json(int indent) const {
    json doc;
    doc["format"] = std::string(clinics_format);
    doc["clinics"] = json::array();
    for (const auto& c : clinics) doc["clinics"].push_back(clinic_to_json(c));
    return detail::dump_json(doc, indent) + "\n";
}

void Clinics::save(const std::string& path) const { write_file_atomic(path, to_json()); }

const Clinic& Clinics::at(std::string_view id) const {
    for (const auto& c : clinics)
        if (c.id == id) return c;
    throw NotFoundError(std::string(id), "clinic");
}

std::vector<std::string> Clinics::attendance_paths(const Clinic& clinic) const {
    std::vector<std::string> out;
    for (const auto& p : clinic.attendance) {
        const std::filesystem::path path(p);
        out.push_back(path.is_absolute() || base_dir.empty() ? p : (std::filesystem::path(base_dir) / path).string());
    }
    return out;
}

std::vector<Problem> Clinics::check(const Directory& directory) const {
    detail::Collector problems{directory.source(), {}};
    for (std::size_t i = 0; i < clinics.size(); ++i) {
        const Clinic& c = clinics[i];
        const std::string where = clinic_where(c.id, i);
        for (const auto* list : {&c.sharers, &c.registrants})
            for (const auto& u : *list)
                if (!directory.contains(u))
                    problems.add(where, list == &c.sharers ? "sharers" : "registrants", "'" + shown(u) + "' is not in the directory");
        for (const auto& s : c.skills)
            if (!directory.taxonomy().find(s)) problems.add(where, "skills", "unknown skill '" + detail::shown_value(s) + "'");
    }
    return problems.problems;
}

namespace detail {

std::string parent_dir(const std::string& path) { return std::filesystem::path(path).parent_path().string(); }

}  // namespace detail

}  // namespace letsconnect
