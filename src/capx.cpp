// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#include "letsconnect/capx.hpp"

#include "letsconnect/affiliates.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <set>

#include "internal.hpp"

namespace letsconnect {

namespace {

using detail::json;

// CapX sends ids as ints, and as numeric strings in some requests.
std::optional<long long> capx_id(const json& v) {
    if (v.is_number_integer()) return v.get<long long>();
    if (v.is_string()) {
        const auto s = v.get<std::string>();
        if (!s.empty() && s.size() < 18 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return std::stoll(s);
    }
    return std::nullopt;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; });
    return s;
}

struct Territory {
    std::string acronym;
    std::vector<long long> parents;
};

std::string count(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

bool is_empty(const json& value) {
    return value.is_null() || (value.is_string() && value.get<std::string>().empty()) || (value.is_array() && value.empty()) ||
           (value.is_object() && value.empty());
}

// References that could not be mapped: how many, and which values (the first few).
struct Unmapped {
    std::size_t count = 0;
    std::set<std::string> values;
    void add(const json& value) {
        ++count;
        values.insert(detail::shown_json(value));
    }
    [[nodiscard]] std::string list() const {
        constexpr std::size_t shown = 10;
        std::string out = " (";
        std::size_t k = 0;
        for (const auto& v : values) {
            if (k == shown) { out += ", …"; break; }
            out += (k++ ? ", " : "") + v;
        }
        return out + ")";
    }
};

}  // namespace

Directory directory_from_capx(const CapxSources& s, std::optional<std::chrono::sys_days> week) {
    if (s.profiles.empty()) throw FormatError(s.source, "profiles", "CapX profiles JSON is required");
    if (s.skills.empty())
        throw FormatError(s.source, "skills", "CapX skill list is required (skill ids are local to a CapX instance)");
    auto taxonomy = std::make_shared<const Taxonomy>(Taxonomy::from_capx(s.skills, s.source + " (skills)"));

    std::map<long long, std::string> language_codes;
    if (!s.languages.empty()) {
        const auto doc = detail::parse_json(s.languages, s.source + " (languages)");
        for (const auto& item : detail::unpage(doc, s.source + " (languages)", "a CapX language list")) {
            const auto id = item.is_object() && item.contains("id") ? capx_id(item["id"]) : std::nullopt;
            if (!id || !item.contains("language_code") || !item["language_code"].is_string())
                throw FormatError(s.source + " (languages)", "", "a language needs an id and a language_code: " + detail::shown_json(item));
            language_codes[*id] = lower(item["language_code"].get<std::string>());
        }
    }
    std::map<long long, Territory> territories;
    if (!s.territories.empty()) {
        const auto doc = detail::parse_json(s.territories, s.source + " (territories)");
        for (const auto& item : detail::unpage(doc, s.source + " (territories)", "a CapX territory list")) {
            const auto id = item.is_object() && item.contains("id") ? capx_id(item["id"]) : std::nullopt;
            if (!id) throw FormatError(s.source + " (territories)", "", "a territory needs an id: " + detail::shown_json(item));
            Territory t;
            if (item.contains("territory_acronym") && item["territory_acronym"].is_string())
                t.acronym = item["territory_acronym"].get<std::string>();
            if (item.contains("parent_territory") && item["parent_territory"].is_array())
                for (const auto& p : item["parent_territory"])
                    if (auto pid = capx_id(p)) t.parents.push_back(*pid);
            territories[*id] = std::move(t);
        }
    }
    // A territory is a country (two-letter acronym: "na" is Namibia, not North America), a
    // region (its acronym, or ids 18–25 when no territory list says otherwise), or neither; a
    // territory that is neither takes the region of its parents (e.g. Crimea "xq").
    struct Place {
        std::optional<CountryCode> country;
        std::optional<Region> region;
    };
    std::function<Place(long long, int)> resolve = [&](long long id, int depth) -> Place {
        const auto it = territories.find(id);
        if (it == territories.end())
            return {std::nullopt, id >= 18 && id <= 25 ? region_from_capx_territory(static_cast<int>(id)) : std::nullopt};
        const std::string& acronym = it->second.acronym;
        if (acronym.size() == 2)
            if (auto c = parse_country(acronym)) return {c, country_region(*c)};
        if (auto r = parse_region(acronym)) return {std::nullopt, r};
        if (depth < 4)
            for (long long parent : it->second.parents)
                if (auto r = resolve(parent, depth + 1).region) return {std::nullopt, r};
        return {};
    };

    // Skill id lists (profiles' skills_*, organisations' *_capacities) into taxonomy keys, each
    // once; ids not in the skill list are counted in `unknown`.
    using SkillField = std::pair<const char*, std::vector<std::string>*>;
    auto map_skills = [&taxonomy](const json& item, std::array<SkillField, 3> fields, Unmapped& unknown) {
        for (const auto& [field, target] : fields) {
            if (!item.contains(field) || !item[field].is_array()) continue;
            for (const auto& v : item[field]) {
                const auto id = capx_id(v);
                const std::string key = id ? std::to_string(*id) : std::string();
                if (key.empty() || !taxonomy->find(key)) { unknown.add(v); continue; }
                if (std::find(target->begin(), target->end(), key) == target->end()) target->push_back(key);
            }
        }
    };

    const auto doc = detail::parse_json(s.profiles, s.source + " (profiles)");
    const auto& list = detail::unpage(doc, s.source + " (profiles)", "a CapX profile list");
    detail::Collector problems{s.source + " (profiles)", {}};
    std::vector<Profile> profiles;
    std::map<std::string, std::size_t> unmapped_fields;  // field → profiles with a value there
    std::vector<std::string> notes;
    std::size_t inactive = 0, extra_countries = 0, region_conflicts = 0;
    Unmapped unknown_skills, unknown_languages, unknown_territories, unparsed_dates;
    static const std::vector<std::string> mapped = {"user", "display_name", "wiki_alt", "language", "territory",
                                                    "affiliation", "skills_known", "skills_available", "skills_wanted"};
    for (std::size_t i = 0; i < list.size(); ++i) {
        const auto& item = list[i];
        const std::string path = detail::path_index("results", i);
        if (!item.is_object()) {
            problems.add(path, "", "a CapX profile must be an object");
            continue;
        }
        Profile p;
        const json* user = item.contains("user") && item["user"].is_object() ? &item["user"] : nullptr;
        if (user && user->contains("is_active") && (*user)["is_active"] == false) {
            ++inactive;
            continue;
        }
        if (user && user->contains("username") && (*user)["username"].is_string()) p.username = (*user)["username"].get<std::string>();
        else if (item.contains("username") && item["username"].is_string()) p.username = item["username"].get<std::string>();
        const std::string where = detail::profile_where(p.username, path);
        if (p.username.empty()) problems.add(where, "user.username", "missing username");
        if (user && user->contains("date_joined") && (*user)["date_joined"].is_string()) {
            // An ISO datetime ("2024-05-02T10:00:00Z"); the day is the registration date.
            const auto joined = (*user)["date_joined"].get<std::string>();
            if (auto day = parse_date(std::string_view(joined).substr(0, 10))) p.registered = *day;
            else unparsed_dates.add((*user)["date_joined"]);
        }
        if (user)
            for (const auto& [key, value] : user->items()) {
                static const std::vector<std::string> user_mapped = {"username", "date_joined", "is_active"};
                if (std::find(user_mapped.begin(), user_mapped.end(), key) == user_mapped.end() && !is_empty(value))
                    ++unmapped_fields["user." + key];
            }
        if (item.contains("display_name") && item["display_name"].is_string()) p.name = item["display_name"].get<std::string>();
        if (item.contains("wiki_alt") && item["wiki_alt"].is_string()) {
            const auto alt = item["wiki_alt"].get<std::string>();
            if (!alt.empty() && alt != p.username) p.aliases.push_back(alt);
        }
        if (item.contains("language") && item["language"].is_array()) {
            for (const auto& l : item["language"]) {
                const auto id = l.is_object() && l.contains("id") ? capx_id(l["id"]) : std::nullopt;
                const auto level = l.is_object() && l.contains("proficiency") && l["proficiency"].is_string()
                                       ? parse_level(l["proficiency"].get<std::string>())
                                       : std::nullopt;
                const long long key = id.value_or(-1);  // -1 is never a CapX id
                const auto code = language_codes.find(key);
                if (!level || code == language_codes.end()) {
                    unknown_languages.add(l);
                    continue;
                }
                p.languages.push_back({code->second, *level});
            }
        }
        if (item.contains("territory") && item["territory"].is_array()) {
            for (const auto& t : item["territory"]) {
                const auto id = capx_id(t);
                const Place place = id ? resolve(*id, 0) : Place{};
                if (place.country) {
                    if (!p.country.empty()) { ++extra_countries; continue; }
                    p.country = std::string(country_alpha2(*place.country));
                } else if (place.region) {
                    if (p.region == Region::Unknown) p.region = *place.region;
                } else {
                    unknown_territories.add(t);
                }
            }
            // The country decides the region; a region territory that disagrees is noted.
            if (const auto c = parse_country(p.country)) {
                if (p.region != Region::Unknown && p.region != country_region(*c)) ++region_conflicts;
                p.region = country_region(*c);
            }
        }
        if (item.contains("affiliation") && item["affiliation"].is_array())
            for (const auto& a : item["affiliation"])
                if (auto id = capx_id(a)) p.affiliations.push_back("capx-org-" + std::to_string(*id));
        map_skills(item, {{{"skills_available", &p.shares}, {"skills_wanted", &p.learns}, {"skills_known", &p.knows}}},
                   unknown_skills);
        for (const auto& [key, value] : item.items()) {
            if (std::find(mapped.begin(), mapped.end(), key) != mapped.end()) continue;
            if (!is_empty(value)) ++unmapped_fields[key];
        }
        profiles.push_back(std::move(p));
    }
    problems.throw_if_any();
    for (const auto& [field, with_value] : unmapped_fields)
        notes.push_back(field + ": not mapped (no such field in the directory model), " + count(with_value, "profile", "profiles") + " with a value");
    if (inactive) notes.push_back("skipped " + count(inactive, "inactive user", "inactive users") + " (CapX hides them too)");
    if (unknown_skills.count)
        notes.push_back(count(unknown_skills.count, "skill reference", "skill references") + " not in the skill list, left out" +
                        unknown_skills.list());
    if (unknown_languages.count)
        notes.push_back(count(unknown_languages.count, "language entry", "language entries") +
                        (language_codes.empty() ? " left out: no language list given"
                                                : " with an unknown id or proficiency, left out" + unknown_languages.list()));
    if (unknown_territories.count)
        notes.push_back(count(unknown_territories.count, "territory", "territories") +
                        " neither a region nor a known country, left out" + unknown_territories.list());
    if (unparsed_dates.count)
        notes.push_back(count(unparsed_dates.count, "user.date_joined value", "user.date_joined values") +
                        " not a date, left out" + unparsed_dates.list());
    if (region_conflicts)
        notes.push_back(count(region_conflicts, "profile", "profiles") +
                        " listed a region other than their country's; the country's region was used");
    if (extra_countries) notes.push_back(count(extra_countries, "further country", "further countries") + " beyond the first per profile, left out");
    notes.push_back("time zone and availability: CapX has no such fields");

    Directory dir(std::move(profiles), taxonomy, week, s.source);
    if (!s.organizations.empty()) {
        const std::string source = s.source + " (organizations)";
        const auto odoc = detail::parse_json(s.organizations, source);
        const auto& olist = detail::unpage(odoc, source, "a CapX organization list");
        detail::Collector org_problems{source, {}};
        std::vector<Organisation> orgs;
        Unmapped unknown_capacities, unknown_places;
        std::map<std::string, std::size_t> unmapped_org_fields;  // names and counts only, never values
        for (std::size_t i = 0; i < olist.size(); ++i) {
            const auto& item = olist[i];
            const std::string path = detail::path_index("results", i);
            const auto id = item.is_object() && item.contains("id") ? capx_id(item["id"]) : std::nullopt;
            if (!id) {
                org_problems.add(path, "id", "an organization needs an id");
                continue;
            }
            Organisation o;
            o.id = "capx-org-" + std::to_string(*id);
            if (item.contains("acronym") && item["acronym"].is_string()) o.acronym = item["acronym"].get<std::string>();
            if (item.contains("display_name") && item["display_name"].is_string()) o.name = item["display_name"].get<std::string>();
            if (o.name.empty() && item.contains("names") && item["names"].is_array())
                for (const auto& n : item["names"])
                    if (n.is_object() && n.contains("name") && n["name"].is_string() &&
                        (o.name.empty() || (n.contains("language_code") && n["language_code"] == "en")))
                        o.name = n["name"].get<std::string>();
            if (item.contains("type")) {
                if (item["type"].is_string()) o.type = item["type"].get<std::string>();
                else if (auto t = capx_id(item["type"])) o.type = std::to_string(*t);
            }
            if (item.contains("managers") && item["managers"].is_array()) o.managers = item["managers"].size();
            if (item.contains("territory") && item["territory"].is_array())
                for (const auto& t : item["territory"]) {
                    const auto tid = capx_id(t);
                    const Place place = tid ? resolve(*tid, 0) : Place{};
                    if (place.country && o.country.empty()) o.country = std::string(country_alpha2(*place.country));
                    else if (place.region && o.region == Region::Unknown) o.region = *place.region;
                    else if (!place.country && !place.region) unknown_places.add(t);
                }
            if (const auto c = parse_country(o.country)) o.region = country_region(*c);
            map_skills(item, {{{"available_capacities", &o.shares}, {"wanted_capacities", &o.learns}, {"known_capacities", &o.knows}}},
                       unknown_capacities);
            static const std::vector<std::string> org_mapped = {"id", "acronym", "display_name", "names", "type", "managers",
                                                                "territory", "available_capacities", "wanted_capacities",
                                                                "known_capacities"};
            for (const auto& [key, value] : item.items())
                if (std::find(org_mapped.begin(), org_mapped.end(), key) == org_mapped.end() && !is_empty(value))
                    ++unmapped_org_fields[key];
            orgs.push_back(std::move(o));
        }
        org_problems.throw_if_any();
        for (const auto& [field, with_value] : unmapped_org_fields)
            notes.push_back("organization " + field + ": not mapped (no such field in the model), " +
                            count(with_value, "organization", "organizations") + " with a value");
        if (unknown_capacities.count)
            notes.push_back(count(unknown_capacities.count, "organization capacity", "organization capacities") +
                            " not in the skill list, left out" + unknown_capacities.list());
        if (unknown_places.count)
            notes.push_back(count(unknown_places.count, "organization territory", "organization territories") +
                            " neither a region nor a known country, left out" + unknown_places.list());
        dir = dir.with_organisations(std::move(orgs));
    }
    dir.import_notes_ = std::move(notes);
    return dir;
}

}  // namespace letsconnect
