// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#include "letsconnect/affiliates.hpp"

#include <algorithm>
#include <map>

#include "internal.hpp"
#include "letsconnect/directory.hpp"
#include "letsconnect/text.hpp"

namespace letsconnect {

namespace {

std::string org_where(const Organisation& o, std::size_t i) {
    const std::string path = "organisations[" + std::to_string(i) + "]";
    return o.id.empty() ? path : "organisation '" + o.id + "' (" + path + ")";
}

void get_strings(const detail::json& v, std::vector<std::string>& out, detail::Collector& problems, const std::string& where,
                 const std::string& field) {
    if (!v.is_array()) {
        problems.add(where, field, "must be a list of skill ids, got " + detail::type_name(v));
        return;
    }
    for (std::size_t k = 0; k < v.size(); ++k) {
        if (v[k].is_string()) out.push_back(v[k].get<std::string>());
        else problems.add(where, detail::path_index(field, k), "must be a string, got " + detail::type_name(v[k]));
    }
}

}  // namespace

namespace detail {

std::vector<Organisation> organisations_from_json(const json& list, Collector& problems) {
    std::vector<Organisation> out;
    if (!list.is_array()) {
        problems.add("organisations", "", "must be a list of organisations, got " + type_name(list));
        return out;
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
        const auto& item = list[i];
        const std::string where = path_index("organisations", i);
        if (!item.is_object()) {
            problems.add(where, "", "an organisation must be an object, got " + type_name(item));
            continue;
        }
        Organisation o;
        for (const auto& field : item.items()) {  // no structured binding: clang < 16 cannot capture one
            const std::string& key = field.key();
            const auto& v = field.value();
            auto text = [&](std::string& target) {
                if (v.is_string()) target = v.get<std::string>();
                else if (!v.is_null()) problems.add(where, key, "must be a string, got " + type_name(v));
            };
            if (key == "id") text(o.id);
            else if (key == "acronym") text(o.acronym);
            else if (key == "name") text(o.name);
            else if (key == "type") text(o.type);
            else if (key == "country") text(o.country);
            else if (key == "region") {
                std::string r;
                text(r);
                if (r.empty()) continue;
                if (auto region = parse_region(r)) o.region = *region;
                else problems.add(where, key, "unknown region '" + shown_value(r) + "'");
            } else if (key == "shares") get_strings(v, o.shares, problems, where, key);
            else if (key == "learns") get_strings(v, o.learns, problems, where, key);
            else if (key == "knows") get_strings(v, o.knows, problems, where, key);
            else if (key == "managers") {
                if (v.is_number_unsigned()) o.managers = v.get<std::size_t>();
                else problems.add(where, key, "must be a whole number, got " + shown_json(v));
            } else if (key == "languages") {
                if (!v.is_object()) {
                    problems.add(where, key, "must be an object of language: level, got " + type_name(v));
                    continue;
                }
                for (const auto& [code, level] : v.items()) {
                    const auto parsed = level.is_string() ? parse_level(level.get<std::string>()) : std::nullopt;
                    if (parsed) o.languages.push_back({code, *parsed});
                    else problems.add(where, path_key(key, code), "Babel level must be \"0\"-\"5\" or \"N\", got " + shown_json(level));
                }
            } else {
                problems.add(where, key, "unknown field");
            }
        }
        out.push_back(std::move(o));
    }
    return out;
}

json organisations_to_json(std::span<const Organisation> organisations) {
    json list = json::array();
    for (const auto& o : organisations) {
        json j;
        j["id"] = o.id;
        if (!o.acronym.empty()) j["acronym"] = o.acronym;
        if (!o.name.empty()) j["name"] = o.name;
        if (!o.type.empty()) j["type"] = o.type;
        if (!o.shares.empty()) j["shares"] = o.shares;
        if (!o.learns.empty()) j["learns"] = o.learns;
        if (!o.knows.empty()) j["knows"] = o.knows;
        if (o.region != Region::Unknown) j["region"] = std::string(to_string(o.region));
        if (!o.country.empty()) j["country"] = o.country;
        if (!o.languages.empty()) {
            json langs = json::object();
            for (const auto& l : o.languages) langs[l.code] = format_level(l.level);
            j["languages"] = std::move(langs);
        }
        if (o.managers) j["managers"] = o.managers;
        list.push_back(std::move(j));
    }
    return list;
}

}  // namespace detail

Affiliates::Affiliates(std::vector<Organisation> organisations, const Directory& people)
    : given_(organisations), organisations_(std::move(organisations)), members_(organisations_.size(), 0) {
    std::vector<Problem> problems;
    const auto& source = people.source();
    std::map<std::string, std::size_t> by_id;
    for (std::size_t i = 0; i < organisations_.size(); ++i) {
        auto& o = organisations_[i];
        const auto where = org_where(o, i);
        if (const auto c = parse_country(o.country)) o.country = std::string(country_alpha2(*c));
        // What a profile would be checked for (id as its username, country, region, languages),
        // named as the organisation's fields.
        Profile as_profile;
        as_profile.username = o.id;
        as_profile.region = o.region;
        as_profile.country = o.country;
        as_profile.languages = o.languages;
        for (auto problem : validate(as_profile, source, where)) {
            if (problem.field == "username") {
                problem.field = "id";
                if (const auto at = problem.message.find("username"); at != std::string::npos)
                    problem.message.replace(at, 8, "organisation id");
            }
            problems.push_back(std::move(problem));
        }
        if (!o.id.empty() && !username_key(o.id).empty() && !by_id.emplace(username_key(o.id), i).second)
            problems.push_back({source, where, "id", "duplicate organisation id"});
        const std::pair<const char*, const std::vector<std::string>*> lists[] = {{"shares", &o.shares}, {"learns", &o.learns}, {"knows", &o.knows}};
        for (const auto& [field, list] : lists)
            for (std::size_t k = 0; k < list->size(); ++k) {
                const auto& key = (*list)[k];
                const std::string at = std::string(field) + "[" + std::to_string(k) + "]";
                const auto skill = people.taxonomy().find(key);
                if (!skill) problems.push_back({source, where, at, "unknown skill '" + key + "'"});
                else if (std::any_of(list->begin(), list->begin() + static_cast<std::ptrdiff_t>(k),
                                     [&](const std::string& other) { return people.taxonomy().find(other) == skill; }))
                    problems.push_back({source, where, at, "'" + key + "' is listed twice"});
            }
    }
    if (!problems.empty()) throw ValidationError(std::move(problems));

    // Members: profiles listing an organisation's id; their best level per language.
    std::vector<std::map<std::string, BabelLevel>> spoken(organisations_.size());
    for (std::size_t i = 0; i < organisations_.size(); ++i)
        for (const auto& l : organisations_[i].languages) spoken[i][l.code] = std::max(spoken[i][l.code], l.level);
    for (const auto& p : people.profiles()) {
        std::vector<std::size_t> counted;  // a profile listing an organisation twice is one member
        for (const auto& a : p.affiliations) {
            const auto it = by_id.find(username_key(a));
            if (it == by_id.end() || std::find(counted.begin(), counted.end(), it->second) != counted.end()) continue;
            counted.push_back(it->second);
            ++members_[it->second];
            for (const auto& l : p.languages)
                if (l.level >= 1) spoken[it->second][l.code] = std::max(spoken[it->second][l.code], l.level);
        }
    }
    std::vector<Profile> rows;
    rows.reserve(organisations_.size());
    for (std::size_t i = 0; i < organisations_.size(); ++i) {
        auto& o = organisations_[i];
        o.languages.clear();
        for (const auto& [code, level] : spoken[i]) o.languages.push_back({code, level});
        std::stable_sort(o.languages.begin(), o.languages.end(), [](const LanguageLevel& a, const LanguageLevel& b) { return a.level > b.level; });
        if (const auto c = parse_country(o.country); c && o.region == Region::Unknown) o.region = country_region(*c);
        Profile p;
        p.username = o.id;
        p.name = o.name;
        p.region = o.region;
        p.country = o.country;
        p.languages = o.languages;
        p.shares = o.shares;
        p.learns = o.learns;
        p.knows = o.knows;
        rows.push_back(std::move(p));
    }
    index_ = std::make_unique<Directory>(std::move(rows), people.taxonomy_ptr(), people.week(), source + " (organisations)");
}

Affiliates::~Affiliates() = default;

std::optional<std::size_t> Affiliates::find(std::string_view key) const {
    if (auto i = index_->find(key)) return *i;
    const auto folded = username_key(key);
    for (std::size_t i = 0; i < organisations_.size(); ++i)
        if (!organisations_[i].acronym.empty() && username_key(organisations_[i].acronym) == folded) return i;
    return std::nullopt;
}

std::size_t Affiliates::at(std::string_view key) const {
    if (auto i = find(key)) return *i;
    throw NotFoundError(std::string(key), "organisation");
}

Weights affiliate_weights() noexcept {
    Weights w;
    w.min_level = 0;
    return w;
}

Scorer org_scorer(const Directory& people, const Affiliates& affiliates, ProfileIndex person, const Weights& weights,
                  const ScoreOptions& options) {
    ScoreOptions own = options;  // the person's own organisations are not recommended to them
    Profile seeker = people.profile(person);
    own.filter.exclude.insert(own.filter.exclude.end(), seeker.affiliations.begin(), seeker.affiliations.end());
    // The person is nobody among the organisations, even one whose id is spelled like their name.
    while (affiliates.index().contains(seeker.username)) seeker.username += " (person)";
    return Scorer(affiliates.index(), seeker, weights, own);
}

std::vector<OrgMatch> recommend_orgs(const Directory& people, const Affiliates& affiliates, ProfileIndex person, std::size_t k,
                                     const Weights& weights, const ScoreOptions& options) {
    return recommend(org_scorer(people, affiliates, person, weights, options), k, 1);
}

std::vector<OrgMatch> recommend_partners(const Affiliates& affiliates, std::size_t organisation, std::size_t k, const Weights& weights,
                                         const ScoreOptions& options) {
    if (organisation >= affiliates.size()) throw std::out_of_range("recommend_partners: organisation index past the end");
    return recommend(affiliates.index(), static_cast<ProfileIndex>(organisation), k, weights, options, 1);
}

}  // namespace letsconnect
