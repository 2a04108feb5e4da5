// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#include "letsconnect/affiliates.hpp"

#include <algorithm>
#include <map>

#include "letsconnect/directory.hpp"
#include "letsconnect/text.hpp"

namespace letsconnect {

namespace {

std::string org_where(const Organisation& o, std::size_t i) {
    const std::string path = "organisations[" + std::to_string(i) + "]";
    return o.id.empty() ? path : "organisation '" + o.id + "' (" + path + ")";
}

}  // namespace

Affiliates::Affiliates(std::vector<Organisation> organisations, const Directory& people)
    : given_(organisations), organisations_(std::move(organisations)), members_(organisations_.size(), 0) {
    std::vector<Problem> problems;
    const auto& source = people.source();
    std::map<std::string, std::size_t> by_id;
    for (std::size_t i = 0; i < organisations_.size(); ++i) {
        const auto& o = organisations_[i];
        const auto where = org_where(o, i);
        if (o.id.empty() || !is_valid_utf8(o.id)) problems.push_back({source, where, "id", "missing or invalid organisation id"});
        else if (!by_id.emplace(username_key(o.id), i).second) problems.push_back({source, where, "id", "duplicate organisation id"});
        const std::pair<const char*, const std::vector<std::string>*> lists[] = {{"shares", &o.shares}, {"learns", &o.learns}, {"knows", &o.knows}};
        for (const auto& [field, list] : lists)
            for (std::size_t k = 0; k < list->size(); ++k)
                if (!people.taxonomy().find((*list)[k]))
                    problems.push_back({source, where, std::string(field) + "[" + std::to_string(k) + "]", "unknown skill '" + (*list)[k] + "'"});
        if (!o.country.empty() && !parse_country(o.country))
            problems.push_back({source, where, "country", "not an ISO 3166-1 alpha-2 code: '" + o.country + "'"});
        for (std::size_t k = 0; k < o.languages.size(); ++k)
            if (!is_language_code(o.languages[k].code) || o.languages[k].level > native_level)
                problems.push_back({source, where, "languages[" + std::to_string(k) + "]", "bad language or level"});
    }
    if (!problems.empty()) throw ValidationError(std::move(problems));

    // Members: profiles listing an organisation's id; their best level per language.
    std::vector<std::map<std::string, BabelLevel>> spoken(organisations_.size());
    for (std::size_t i = 0; i < organisations_.size(); ++i)
        for (const auto& l : organisations_[i].languages) spoken[i][l.code] = std::max(spoken[i][l.code], l.level);
    for (const auto& p : people.profiles())
        for (const auto& a : p.affiliations) {
            const auto it = by_id.find(username_key(a));
            if (it == by_id.end()) continue;
            ++members_[it->second];
            for (const auto& l : p.languages)
                if (l.level >= 1) spoken[it->second][l.code] = std::max(spoken[it->second][l.code], l.level);
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

std::vector<OrgMatch> recommend_orgs(const Directory& people, const Affiliates& affiliates, ProfileIndex person, std::size_t k,
                                     const Weights& weights, const ScoreOptions& options) {
    ScoreOptions own = options;  // the person's own organisations are not recommended to them
    const auto& p = people.profile(person);
    own.filter.exclude.insert(own.filter.exclude.end(), p.affiliations.begin(), p.affiliations.end());
    const Scorer scorer(affiliates.index(), p, weights, own);
    return recommend(scorer, k, 1);
}

std::vector<OrgMatch> recommend_partners(const Affiliates& affiliates, std::size_t organisation, std::size_t k, const Weights& weights,
                                         const ScoreOptions& options) {
    if (organisation >= affiliates.size()) throw std::out_of_range("recommend_partners: organisation index past the end");
    return recommend(affiliates.index(), static_cast<ProfileIndex>(organisation), k, weights, options, 1);
}

}  // namespace letsconnect
