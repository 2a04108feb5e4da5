// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>

#include "internal.hpp"
#include "letsconnect/badges.hpp"
#include "letsconnect/directory.hpp"
#include "letsconnect/io.hpp"
#include "letsconnect/metrics.hpp"
#include "letsconnect/text.hpp"

namespace letsconnect {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

double ratio(std::size_t a, std::size_t b) { return b == 0 ? nan : static_cast<double>(a) / static_cast<double>(b); }

double median(std::vector<double> v) {
    if (v.empty()) return nan;
    std::sort(v.begin(), v.end());
    const std::size_t h = v.size() / 2;
    return v.size() % 2 ? v[h] : (v[h - 1] + v[h]) / 2.0;
}

// People who count as attendees: interpreter channels and the host account do not.
bool counts(const AttendeeMatch& m) { return m.kind != NameKind::interpreter && m.kind != NameKind::host; }

// Clinics in start order (then id), with their attendance when there is a report.
std::vector<std::pair<const Clinic*, const ClinicAttendance*>> in_order(const Clinics& clinics,
                                                                      std::span<const ClinicAttendance> attendance) {
    std::unordered_map<std::string, const ClinicAttendance*> by_id;
    for (const auto& a : attendance) {
        (void)clinics.at(a.clinic_id);
        if (!by_id.emplace(a.clinic_id, &a).second)
            throw ValidationError({{"<attendance>", "clinic '" + a.clinic_id + "'", "", "attendance given twice for one clinic"}});
    }
    std::vector<std::pair<const Clinic*, const ClinicAttendance*>> out;
    for (const auto& c : clinics.clinics) {
        auto it = by_id.find(c.id);
        out.emplace_back(&c, it == by_id.end() ? nullptr : it->second);
    }
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return a.first->start != b.first->start ? a.first->start < b.first->start : a.first->id < b.first->id;
    });
    return out;
}

}  // namespace

bool is_woman(std::string_view gender) noexcept {
    std::string g;
    for (char c : gender) {
        if (c == ' ' || c == '\t') continue;
        g += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    for (std::string_view w : {"female", "woman", "women", "f", "w", "femme", "femenino", "feminino", "mujer", "mulher",
                               "femelle", "cisfemale", "ciswoman", "transwoman", "girl"})
        if (g == w) return true;
    return false;
}

bool gender_stated(std::string_view gender) noexcept {
    std::string g;
    for (char c : gender) {
        if (c == ' ' || c == '\t' || c == '-' || c == '_' || c == '/' || c == '.' || c == '\'') continue;
        g += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    for (std::string_view w : {"", "unknown", "na", "none", "null", "notstated", "notgiven", "prefernottosay", "prefernottoanswer",
                               "declined", "declinetostate", "nonspecified", "unspecified", "notspecified", "private", "?"})
        if (g == w) return false;
    return true;
}

ProgrammeMetrics compute_metrics(const Directory& directory, const Clinics& clinics, std::span<const ClinicAttendance> attendance,
                                 double retention_minutes) {
    ProgrammeMetrics out;
    out.profiles = directory.size();
    std::map<std::string, std::size_t> clinics_of;     // person → clinics attended
    std::map<std::string, Region> region_of;           // person → region (Unknown for non-registered)
    std::set<std::string> registered, non_registered;
    std::map<std::string, SharerFigures> sharers;  // username key → figures
    for (const auto& [clinic, record] : in_order(clinics, attendance)) {
        ClinicMetrics cm;
        cm.clinic_id = clinic->id;
        cm.start = clinic->start;
        cm.has_report = record && record->has_report;
        for (const auto& s : clinic->sharers) {
            auto& figures = sharers[username_key(s)];
            if (figures.clinics++ == 0) figures.username = s;
        }
        std::set<std::string> present_profiles, people;
        std::vector<double> minutes;
        // One person under two names (two devices, linked by link_people()) is one attendee whose
        // time is the union of both.
        std::map<std::string, std::vector<std::pair<std::chrono::sys_seconds, std::chrono::sys_seconds>>> time_of;
        const auto person_of = [](const AttendeeMatch& m) { return m.person.empty() ? "row:" + m.attendee.display_name : m.person; };
        if (record)
            for (const AttendeeMatch& m : record->attendees)
                if (counts(m)) {
                    auto& iv = time_of[person_of(m)];
                    iv.insert(iv.end(), m.attendee.intervals.begin(), m.attendee.intervals.end());
                }
        if (record) {
            for (const AttendeeMatch& m : record->attendees) {
                if (!counts(m)) continue;
                const std::string person = person_of(m);
                if (!people.insert(person).second) continue;  // linked to a person already counted here
                ++cm.attendees;
                const auto& iv = time_of[person];
                const double attended = iv.empty() ? m.attendee.minutes() : static_cast<double>(union_seconds(iv)) / 60.0;
                minutes.push_back(attended);
                if (attended > retention_minutes) ++cm.retained;
                out.attendees.push_back({clinic->id, person, m.status == MatchStatus::matched ? m.username : std::string(),
                                         attended, attended > retention_minutes});
                if (m.status == MatchStatus::matched) {
                    ++cm.registered;
                    present_profiles.insert(username_key(m.username));
                    registered.insert(person);
                    const auto profile = directory.find(m.username);
                    region_of[person] = profile ? directory.profile(*profile).region : Region::Unknown;
                } else {
                    ++cm.non_registered;
                    if (m.status == MatchStatus::review) ++cm.review;
                    non_registered.insert(person);
                    region_of.try_emplace(person, Region::Unknown);
                }
                ++clinics_of[person];
            }
        }
        cm.registrants = clinic->registrants.size();
        for (const auto& u : clinic->registrants)
            if (present_profiles.count(username_key(u))) ++cm.registrants_attended;
        cm.show_up_rate = cm.has_report ? ratio(cm.registrants_attended, cm.registrants) : nan;
        cm.retention = ratio(cm.retained, cm.attendees);
        cm.median_minutes = median(minutes);
        if (cm.has_report) {
            ++out.clinics_with_report;
            out.registrants += cm.registrants;
            out.registrants_attended += cm.registrants_attended;
        }
        out.attendances += cm.attendees;
        out.retained += cm.retained;
        out.clinics.push_back(cm);
    }
    out.show_up_rate = ratio(out.registrants_attended, out.registrants);
    out.retention = ratio(out.retained, out.attendances);
    out.registered_people = registered.size();
    out.non_registered_people = non_registered.size();
    out.reach = clinics_of.size();
    out.participation_of_registered = ratio(out.registered_people, out.profiles);
    std::size_t registered_attendances = 0;
    for (const auto& p : registered) registered_attendances += clinics_of[p];
    out.clinics_per_registered = ratio(registered_attendances, out.registered_people);
    out.clinics_per_person = ratio(out.attendances, out.reach);
    for (const auto& p : non_registered)
        if (clinics_of[p] >= 2) ++out.repeat_non_registered;
    out.repeat_rate_non_registered = ratio(out.repeat_non_registered, out.non_registered_people);
    std::map<Region, RegionAttendance> regions;
    for (const auto& [person, n] : clinics_of) {
        auto& r = regions[region_of[person]];
        r.region = region_of[person];
        ++r.people;
        r.attendances += n;
    }
    for (auto& [region, r] : regions) out.by_region.push_back(r);
    out.sharers = sharers.size();
    for (auto& [key, figures] : sharers) {
        if (const auto i = directory.find(key)) {
            const Profile& p = directory.profile(*i);
            figures.registered = true;
            figures.username = p.username;
            figures.region = p.region;
            figures.country = p.country;
            if (gender_stated(p.gender)) figures.gender = p.gender;
            if (p.region != Region::Unknown) {
                ++out.sharers_region_known;
                if (is_under_represented(p.region)) ++out.sharers_under_represented;
            }
            if (gender_stated(p.gender)) {
                ++out.sharers_gender_known;
                if (is_woman(p.gender)) ++out.women_sharers;
            }
        }
        out.sharer_list.push_back(std::move(figures));
    }
    out.under_represented_sharer_share = ratio(out.sharers_under_represented, out.sharers_region_known);
    out.women_sharer_share = ratio(out.women_sharers, out.sharers_gender_known);
    return out;
}

// --- badges -----------------------------------------------------------------------------------

namespace {

constexpr std::string_view badges_format = "letsconnect.badges/1";
using detail::json;

}  // namespace

BadgeRules BadgeRules::from_json(std::string_view text, const std::string& source) {
    const json doc = detail::parse_json(text, source);
    if (!doc.is_object()) throw FormatError(source, "", "a badge rules file must be a JSON object, got " + detail::type_name(doc));
    if (!doc.contains("format") || doc["format"] != badges_format)
        throw FormatError(source, "format", "expected \"format\": \"" + std::string(badges_format) + "\"");
    if (!doc.contains("badges") || !doc["badges"].is_array()) throw FormatError(source, "badges", "expected a list of badges");
    for (const auto& [key, value] : doc.items())
        if (key != "format" && key != "badges") throw FormatError(source, key, "unknown field (expected format, badges)");
    detail::Collector problems{source, {}};
    BadgeRules out;
    std::set<std::string> ids;
    const auto& list = doc["badges"];
    for (std::size_t i = 0; i < list.size(); ++i) {
        const json& item = list[i];
        std::string where = detail::path_index("badges", i);
        if (!item.is_object()) {
            problems.add(where, "", "a badge must be an object, got " + detail::type_name(item));
            continue;
        }
        BadgeRule r;
        if (item.contains("id") && item["id"].is_string()) {
            r.id = item["id"].get<std::string>();
            where = "badge '" + r.id + "' (" + where + ")";
        }
        for (const auto& field : item.items()) {  // no structured binding: clang < 16 cannot capture one
            const std::string& key = field.key();
            const auto& v = field.value();
            const auto text = [&](std::string& out) {
                if (v.is_string()) out = v.get<std::string>();
                else problems.add(where, key, "must be a string, got " + detail::type_name(v));
            };
            const auto count = [&](int& out) {
                if (v.is_number_integer() && v.get<long long>() >= 1 && v.get<long long>() <= 100000) out = v.get<int>();
                else problems.add(where, key, "must be a whole number ≥ 1, got " + v.dump());
            };
            if (key == "id") {
                if (!v.is_string()) problems.add(where, key, "must be a string, got " + detail::type_name(v));
            } else if (key == "label") text(r.label);
            else if (key == "clinics_attended") count(r.clinics_attended);
            else if (key == "clinics_shared") count(r.clinics_shared);
            else if (key == "series") text(r.series);
            else if (key == "skill") text(r.skill);
            else if (key == "min_minutes") {
                if (v.is_number() && v.get<double>() >= 0 && v.get<double>() <= 24 * 60) r.min_minutes = v.get<double>();
                else problems.add(where, key, "must be a number of minutes in 0 … 1440, got " + v.dump());
            } else problems.add(where, key, "unknown field");
        }
        if (r.id.empty()) problems.add(where, "id", "missing badge id");
        else if (!ids.insert(r.id).second) problems.add(where, "id", "duplicate badge id '" + r.id + "'");
        const int kinds = (r.clinics_attended > 0) + (r.clinics_shared > 0) + !r.series.empty();
        if (kinds != 1) problems.add(where, "", "needs exactly one of clinics_attended, clinics_shared, series");
        if (r.label.empty()) r.label = r.id;
        out.rules.push_back(std::move(r));
    }
    problems.throw_if_any();
    return out;
}

BadgeRules BadgeRules::load(const std::string& path) { return from_json(read_file(path), path); }

std::string BadgeRules::to_json(int indent) const {
    json doc;
    doc["format"] = std::string(badges_format);
    doc["badges"] = json::array();
    for (const auto& r : rules) {
        json o;
        o["id"] = r.id;
        o["label"] = r.label;
        if (r.clinics_attended) o["clinics_attended"] = r.clinics_attended;
        if (r.clinics_shared) o["clinics_shared"] = r.clinics_shared;
        if (!r.series.empty()) o["series"] = r.series;
        if (!r.skill.empty()) o["skill"] = r.skill;
        if (r.min_minutes > 0) o["min_minutes"] = r.min_minutes;
        doc["badges"].push_back(std::move(o));
    }
    return detail::dump_json(doc, indent) + "\n";
}

BadgeRules BadgeRules::defaults() {
    BadgeRules r;
    r.rules = {{"first-clinic", "First clinic", 1, 0, "", "", 0},
               {"five-clinics", "Five clinics", 5, 0, "", "", 0},
               {"ten-clinics", "Ten clinics", 10, 0, "", "", 0},
               {"first-share", "First time as a sharer", 0, 1, "", "", 0}};
    return r;
}

std::vector<BadgeAward> award_badges(const Directory& directory, const Clinics& clinics, std::span<const ClinicAttendance> attendance,
                                     const BadgeRules& rules, std::optional<std::chrono::sys_days> since) {
    const Taxonomy& taxonomy = directory.taxonomy();
    // Which clinics each rule's skill filter lets count.
    std::vector<std::optional<SkillIndex>> rule_skill;
    for (const auto& r : rules.rules) rule_skill.push_back(r.skill.empty() ? std::nullopt : std::optional(taxonomy.at(r.skill)));
    const auto covers = [&](const Clinic& c, std::size_t rule) {
        if (!rule_skill[rule]) return true;
        for (const auto& s : c.skills) {
            const auto i = taxonomy.find(s);
            if (!i) continue;
            if (*i == *rule_skill[rule]) return true;
            const auto up = taxonomy.ancestors(*i);
            if (std::find(up.begin(), up.end(), *rule_skill[rule]) != up.end()) return true;
        }
        return false;
    };
    std::map<std::string, std::size_t> series_size;
    for (const auto& c : clinics.clinics)
        if (!c.series.empty()) ++series_size[c.series];

    struct State {
        std::vector<int> count;  // per rule: clinics attended, shared, or of its series attended
        std::set<std::string> earned;
    };
    std::map<std::string, State> people;  // username → state
    std::vector<BadgeAward> out;
    for (const auto& [clinic, record] : in_order(clinics, attendance)) {
        std::map<std::string, double> minutes;  // username → minutes at this clinic
        if (record)
            for (const auto& m : record->attendees)
                if (m.status == MatchStatus::matched) minutes[m.username] = std::max(minutes[m.username], m.attendee.minutes());
        std::set<std::string> shared;
        for (const auto& s : clinic->sharers)
            if (auto i = directory.find(s)) shared.insert(directory.profile(*i).username);
        std::set<std::string> involved;
        for (const auto& [u, _] : minutes) involved.insert(u);
        involved.insert(shared.begin(), shared.end());
        for (const auto& u : involved) {
            State& st = people[u];
            st.count.resize(rules.rules.size(), 0);
            const auto it = minutes.find(u);
            for (std::size_t k = 0; k < rules.rules.size(); ++k) {
                const BadgeRule& r = rules.rules[k];
                if (st.earned.count(r.id) || !covers(*clinic, k)) continue;
                const bool attended = it != minutes.end() && it->second >= r.min_minutes;
                bool earned = false;
                if (r.clinics_attended > 0 && attended) earned = ++st.count[k] >= r.clinics_attended;
                else if (r.clinics_shared > 0 && shared.count(u)) earned = ++st.count[k] >= r.clinics_shared;
                else if (!r.series.empty() && clinic->series == r.series && attended)
                    earned = static_cast<std::size_t>(++st.count[k]) >= series_size[r.series];
                if (!earned) continue;
                st.earned.insert(r.id);
                if (since && clinic->start < std::chrono::sys_seconds{*since}) continue;
                out.push_back({u, r.id, r.label, clinic->id, clinic->start});
            }
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const BadgeAward& a, const BadgeAward& b) {
        return std::tie(a.earned, a.username, a.badge) < std::tie(b.earned, b.username, b.badge);
    });
    return out;
}

}  // namespace letsconnect
