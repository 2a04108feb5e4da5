// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#include "letsconnect/mentorship.hpp"

#include <set>

#include "internal.hpp"
#include "letsconnect/availability.hpp"
#include "letsconnect/clinic.hpp"
#include "letsconnect/io.hpp"
#include "letsconnect/text.hpp"

namespace letsconnect {

namespace {

constexpr std::string_view mentorship_format = "letsconnect.mentorship/1";

using detail::json;

// A text field; CapX ids (numbers) become strings, with `prefix` before them.
void get_id(const json& v, std::string& out, detail::Collector& problems, const std::string& where, const std::string& field,
            const std::string& prefix = "") {
    if (v.is_null()) return;
    if (v.is_string()) out = v.get<std::string>();
    else if (v.is_number_integer()) out = prefix + std::to_string(v.get<long long>());
    else problems.add(where, field, "must be a string or an id, got " + detail::type_name(v));
}

void get_ids(const json& v, std::vector<std::string>& out, detail::Collector& problems, const std::string& where,
             const std::string& field) {
    if (v.is_null()) return;
    if (!v.is_array()) {
        problems.add(where, field, "must be a list, got " + detail::type_name(v));
        return;
    }
    for (std::size_t i = 0; i < v.size(); ++i) {
        std::string s;
        get_id(v[i], s, problems, where, detail::path_index(field, i));
        if (!s.empty()) out.push_back(std::move(s));
    }
}

std::optional<std::chrono::sys_days> get_day(const json& v, detail::Collector& problems, const std::string& where,
                                             const std::string& field) {
    if (v.is_null()) return std::nullopt;
    if (v.is_string()) {
        const auto text = v.get<std::string>();
        if (auto d = parse_date(text)) return d;
        if (auto t = parse_instant(text, "UTC")) return std::chrono::floor<std::chrono::days>(*t);
        problems.add(where, field, "must be a date (2026-03-01) or an ISO 8601 time, got '" + detail::shown_value(text) + "'");
    } else {
        problems.add(where, field, "must be a date string, got " + detail::type_name(v));
    }
    return std::nullopt;
}

std::optional<unsigned> get_capacity(const json& v, detail::Collector& problems, const std::string& where, const std::string& field) {
    if (v.is_null()) return std::nullopt;
    if (v.is_number_integer() && v.get<long long>() >= 0 && v.get<long long>() <= 1000000) return v.get<unsigned>();
    problems.add(where, field, "must be a whole number 0 … 1000000, got " + detail::shown_json(v));
    return std::nullopt;
}

std::vector<SignUp> sign_ups(const json& v, detail::Collector& problems, const std::string& field) {
    std::vector<SignUp> out;
    if (v.is_null()) return out;
    if (!v.is_array()) {
        problems.add(field, "", "must be a list of sign-ups, got " + detail::type_name(v));
        return out;
    }
    for (std::size_t i = 0; i < v.size(); ++i) {
        const auto where = detail::path_index(field, i);
        const auto& item = v[i];
        SignUp s;
        if (item.is_string()) {
            s.username = item.get<std::string>();
        } else if (item.is_object()) {
            for (const auto& [key, value] : item.items()) {
                if (key == "user" || key == "username") get_id(value, s.username, problems, where, key);
                else if (key == "created_at" || key == "date") s.date = get_day(value, problems, where, key);
                else if (key == "capacity") s.capacity = get_capacity(value, problems, where, key);
                else problems.add(where, key, "unknown field");
            }
        } else {
            problems.add(where, "", "a sign-up must be a username or an object, got " + detail::type_name(item));
            continue;
        }
        if (s.username.empty()) problems.add(where, "user", "missing username");
        out.push_back(std::move(s));
    }
    return out;
}

json sign_ups_to_json(const std::vector<SignUp>& list) {
    json out = json::array();
    for (const auto& s : list) {
        json o;
        o["user"] = s.username;
        if (s.date) o["created_at"] = format_date(*s.date);
        if (s.capacity) o["capacity"] = *s.capacity;
        out.push_back(std::move(o));
    }
    return out;
}

}  // namespace

bool MentorshipProgramme::on_time(const SignUp& s) const noexcept {
    if (!s.date) return true;
    if (registration_open && *s.date < *registration_open) return false;
    if (registration_close && *s.date > *registration_close) return false;
    return true;
}

MentorshipProgramme MentorshipProgramme::from_json(std::string_view text, const std::string& source) {
    const json doc = detail::parse_json(text, source);
    if (!doc.is_object()) throw FormatError(source, 0, 0, "a mentorship programme must be a JSON object");
    if (doc.contains("format") && doc["format"] != mentorship_format)
        throw FormatError(source, 0, 0, "format must be '" + std::string(mentorship_format) + "', got " + detail::shown_json(doc["format"]));
    detail::Collector problems{source, {}};
    MentorshipProgramme p;
    const std::string where = "programme";
    for (const auto& [key, v] : doc.items()) {
        if (key == "format") continue;
        if (key == "id") get_id(v, p.id, problems, where, key);
        else if (key == "name") get_id(v, p.name, problems, where, key);
        else if (key == "organization" || key == "partner") get_id(v, p.organization, problems, where, key, "capx-org-");
        else if (key == "description") get_id(v, p.description, problems, where, key);
        else if (key == "skills") get_ids(v, p.skills, problems, where, key);
        else if (key == "languages") get_ids(v, p.languages, problems, where, key);
        else if (key == "territory") get_id(v, p.territory, problems, where, key);
        else if (key == "registration_open_date") p.registration_open = get_day(v, problems, where, key);
        else if (key == "registration_close_date") p.registration_close = get_day(v, problems, where, key);
        else if (key == "capacity") {
            if (auto c = get_capacity(v, problems, where, key)) p.capacity = *c;
        } else if (key == "mentors") p.mentors = sign_ups(v, problems, "mentors");
        else if (key == "mentees") p.mentees = sign_ups(v, problems, "mentees");
        else problems.add(where, key, "unknown field");
    }
    if (p.id.empty()) problems.add(where, "id", "missing programme id");
    for (std::size_t i = 0; i < p.languages.size(); ++i)
        if (!is_language_code(p.languages[i]))
            problems.add(where, detail::path_index("languages", i), "not a language code: '" + detail::shown_value(p.languages[i]) + "'");
    if (p.registration_open && p.registration_close && *p.registration_close < *p.registration_open)
        problems.add(where, "registration_close_date", "is before registration_open_date");
    problems.throw_if_any();
    return p;
}

MentorshipProgramme MentorshipProgramme::load(const std::string& path) { return from_json(read_file(path), path); }

std::string MentorshipProgramme::to_json(int indent) const {
    json o;
    o["format"] = mentorship_format;
    o["id"] = id;
    if (!name.empty()) o["name"] = name;
    if (!organization.empty()) o["organization"] = organization;
    if (!description.empty()) o["description"] = description;
    if (!skills.empty()) o["skills"] = skills;
    if (!languages.empty()) o["languages"] = languages;
    if (!territory.empty()) o["territory"] = territory;
    if (registration_open) o["registration_open_date"] = format_date(*registration_open);
    if (registration_close) o["registration_close_date"] = format_date(*registration_close);
    o["capacity"] = capacity;
    o["mentors"] = sign_ups_to_json(mentors);
    o["mentees"] = sign_ups_to_json(mentees);
    return detail::dump_json(o, indent);
}

void MentorshipProgramme::save(const std::string& path) const { write_file_atomic(path, to_json()); }

std::vector<Problem> MentorshipProgramme::check(const Directory& directory) const {
    detail::Collector problems{id, {}};
    for (std::size_t i = 0; i < skills.size(); ++i)
        if (!directory.taxonomy().find(skills[i]))
            problems.add("programme", detail::path_index("skills", i), "unknown skill '" + detail::shown_value(skills[i]) + "'");
    for (const auto* list : {&mentors, &mentees}) {
        const std::string field = list == &mentors ? "mentors" : "mentees";
        std::set<ProfileIndex> seen;
        for (std::size_t i = 0; i < list->size(); ++i) {
            const auto& s = (*list)[i];
            const auto where = detail::path_index(field, i);
            const auto at = directory.find(s.username);
            if (!at) problems.add(where, "user", "'" + s.username + "' is not in the directory");
            else if (!seen.insert(*at).second) problems.add(where, "user", "'" + s.username + "' signed up twice");
        }
    }
    return problems.problems;
}

Assignment assign(const Directory& directory, const MentorshipProgramme& programme, AssignOptions options) {
    if (auto problems = programme.check(directory); !problems.empty()) throw ValidationError(std::move(problems));
    std::vector<ProfileIndex> mentees, mentors;
    std::vector<ProfileIndex> late;
    for (const auto& s : programme.mentees) (programme.on_time(s) ? mentees : late).push_back(directory.at(s.username));
    options.capacities.clear();
    for (const auto& s : programme.mentors) {
        mentors.push_back(directory.at(s.username));
        options.capacities.push_back(programme.on_time(s) ? s.capacity.value_or(programme.capacity) : 0U);
    }
    auto& filter = options.options.filter;
    filter.shares.insert(filter.shares.end(), programme.skills.begin(), programme.skills.end());
    filter.languages.insert(filter.languages.end(), programme.languages.begin(), programme.languages.end());
    if (!programme.languages.empty()) filter.min_level = std::max<BabelLevel>(filter.min_level, options.weights.min_level);
    Assignment out = assign(directory, mentees, mentors, options);
    if (!late.empty()) {
        // Back into sign-up order, the late ones with their reason.
        std::vector<UnassignedMentee> all;
        std::size_t k = 0;
        for (const auto& s : programme.mentees) {
            const auto i = directory.at(s.username);
            if (!programme.on_time(s)) all.push_back({i, UnassignedReason::registration_closed, 0});
            else if (k < out.unassigned.size() && out.unassigned[k].mentee == i) all.push_back(out.unassigned[k++]);
        }
        out.unassigned = std::move(all);
    }
    return out;
}

}  // namespace letsconnect
