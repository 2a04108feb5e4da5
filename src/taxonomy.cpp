// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#include "letsconnect/taxonomy.hpp"

#include <algorithm>
#include <functional>

#include "internal.hpp"
#include "letsconnect/io.hpp"

namespace letsconnect {

namespace {

constexpr std::string_view taxonomy_format = "letsconnect.taxonomy/1";
constexpr int max_depth = 3;  // category → skill → sub-skill, as CapX enforces

bool is_qid(std::string_view s) noexcept {
    return s.size() >= 2 && s[0] == 'Q' &&
           std::all_of(s.begin() + 1, s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string node_where(const SkillNode& node, std::size_t i) {
    return node.id.empty() ? "nodes[" + std::to_string(i) + "]" : "node '" + node.id + "'";
}

}  // namespace

Taxonomy::Taxonomy(std::string name, std::vector<SkillNode> nodes, std::string source) : name_(std::move(name)) {
    detail::Collector problems{source, {}};
    std::unordered_map<std::string, std::size_t> by_id;
    std::unordered_map<std::string, std::size_t> by_qid;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const SkillNode& n = nodes[i];
        const std::string where = node_where(n, i);
        if (n.id.empty()) problems.add(where, "id", "missing id");
        else if (!by_id.emplace(n.id, i).second) problems.add(where, "id", "duplicate id '" + n.id + "'");
        if (!n.qid.empty()) {
            if (!is_qid(n.qid)) problems.add(where, "qid", "not a Wikidata QID: '" + detail::shown_value(n.qid) + "'");
            else if (!by_qid.emplace(n.qid, i).second) problems.add(where, "qid", "duplicate QID '" + n.qid + "'");
        }
        if (!n.parent.empty() && n.parent == n.id) problems.add(where, "parent", "node is its own parent");
    }
    for (const auto& [qid, i] : by_qid) {
        if (const auto it = by_id.find(qid); it != by_id.end() && it->second != i)
            problems.add(node_where(nodes[i], i), "qid", "QID '" + qid + "' is also the id of another node");
    }
    // Depth and cycles: walk up from every node.
    std::vector<int> depth(nodes.size(), -1);
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        std::vector<std::size_t> chain{i};
        bool broken = false;
        while (true) {
            const SkillNode& n = nodes[chain.back()];
            if (n.parent.empty()) break;
            const auto it = by_id.find(n.parent);
            if (it == by_id.end()) {
                if (chain.size() == 1) problems.add(node_where(n, i), "parent", "unknown parent '" + detail::shown_value(n.parent) + "'");
                broken = true;
                break;
            }
            if (std::find(chain.begin(), chain.end(), it->second) != chain.end()) {
                if (chain.size() == 1 || it->second == i)
                    problems.add(node_where(nodes[i], i), "parent", "cycle through '" + n.parent + "'");
                broken = true;
                break;
            }
            chain.push_back(it->second);
            if (chain.size() > static_cast<std::size_t>(max_depth) + 1) break;
        }
        if (broken) continue;
        depth[i] = static_cast<int>(chain.size()) - 1;
        if (depth[i] >= max_depth)
            problems.add(node_where(nodes[i], i), "parent",
                         "too deep: a taxonomy has at most " + std::to_string(max_depth) +
                             " levels (category → skill → sub-skill)");
    }
    problems.throw_if_any();

    // Parents first: depth-first from the roots, children in input order.
    std::vector<std::vector<std::size_t>> kids(nodes.size());
    std::vector<std::size_t> root_inputs;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (nodes[i].parent.empty()) root_inputs.push_back(i);
        else kids[by_id.at(nodes[i].parent)].push_back(i);
    }
    std::vector<std::size_t> order;
    order.reserve(nodes.size());
    std::function<void(std::size_t)> visit = [&](std::size_t i) {
        order.push_back(i);
        for (std::size_t k : kids[i]) visit(k);
    };
    for (std::size_t r : root_inputs) visit(r);

    std::vector<SkillIndex> new_index(nodes.size());
    for (std::size_t k = 0; k < order.size(); ++k) new_index[order[k]] = static_cast<SkillIndex>(k);
    nodes_.reserve(nodes.size());
    for (std::size_t i : order) nodes_.push_back(std::move(nodes[i]));
    parent_.resize(nodes_.size());
    depth_.resize(nodes_.size());
    for (std::size_t k = 0; k < order.size(); ++k) {
        const std::size_t in = order[k];
        parent_[k] = nodes_[k].parent.empty() ? no_skill : new_index[by_id.at(nodes_[k].parent)];
        depth_[k] = static_cast<std::uint8_t>(depth[in]);
        by_key_.emplace(nodes_[k].id, static_cast<SkillIndex>(k));
        if (!nodes_[k].qid.empty()) by_key_.emplace(nodes_[k].qid, static_cast<SkillIndex>(k));
        if (parent_[k] == no_skill) roots_.push_back(static_cast<SkillIndex>(k));
    }
    child_offsets_.assign(nodes_.size() + 1, 0);
    for (std::size_t k = 0; k < nodes_.size(); ++k)
        if (parent_[k] != no_skill) ++child_offsets_[parent_[k] + 1];
    for (std::size_t k = 0; k < nodes_.size(); ++k) child_offsets_[k + 1] += child_offsets_[k];
    child_list_.resize(child_offsets_.back());
    std::vector<SkillIndex> fill(child_offsets_.begin(), child_offsets_.end() - 1);
    for (std::size_t k = 0; k < nodes_.size(); ++k)
        if (parent_[k] != no_skill) child_list_[fill[parent_[k]]++] = static_cast<SkillIndex>(k);
}

std::optional<SkillIndex> Taxonomy::find(std::string_view key) const noexcept {
    const auto it = by_key_.find(std::string(key));
    if (it == by_key_.end()) return std::nullopt;
    return it->second;
}

SkillIndex Taxonomy::at(std::string_view key) const {
    if (auto i = find(key)) return *i;
    throw NotFoundError(std::string(key), "skill");
}

SkillIndex Taxonomy::category(SkillIndex i) const {
    while (parent(i) != no_skill) i = parent_[i];
    return i;
}

std::vector<SkillIndex> Taxonomy::ancestors(SkillIndex i) const {
    std::vector<SkillIndex> out;
    for (SkillIndex p = parent(i); p != no_skill; p = parent_[p]) out.push_back(p);
    return out;
}

std::span<const SkillIndex> Taxonomy::children(SkillIndex i) const {
    (void)nodes_.at(i);
    return std::span<const SkillIndex>(child_list_).subspan(child_offsets_[i], child_offsets_[i + 1] - child_offsets_[i]);
}

std::vector<SkillIndex> Taxonomy::subtree(SkillIndex i) const {
    std::vector<SkillIndex> out{i};
    for (std::size_t k = 0; k < out.size(); ++k)
        for (SkillIndex c : children(out[k])) out.push_back(c);
    return out;
}

const std::string& Taxonomy::label(SkillIndex i, std::string_view language) const {
    const SkillNode& n = nodes_.at(i);
    if (auto it = n.labels.find(std::string(language)); it != n.labels.end() && !it->second.empty()) return it->second;
    if (auto it = n.labels.find("en"); it != n.labels.end() && !it->second.empty()) return it->second;
    return n.id;
}

// --- JSON -----------------------------------------------------------------------------------

Taxonomy Taxonomy::from_json(std::string_view text, const std::string& source) {
    const auto doc = detail::parse_json(text, source);
    if (!doc.is_object()) throw FormatError(source, "", "a taxonomy must be a JSON object, got " + detail::type_name(doc));
    if (!doc.contains("format") || doc["format"] != taxonomy_format)
        throw FormatError(source, "format", "expected \"format\": \"" + std::string(taxonomy_format) + "\"");
    if (!doc.contains("nodes") || !doc["nodes"].is_array())
        throw FormatError(source, "nodes", "expected a list of nodes");
    for (const auto& [key, value] : doc.items())
        if (key != "format" && key != "name" && key != "source" && key != "nodes")
            throw FormatError(source, key, "unknown field (expected format, name, source, nodes)");
    std::string name = "custom", provenance;
    if (doc.contains("name")) {
        if (!doc["name"].is_string()) throw FormatError(source, "name", "must be a string");
        name = doc["name"].get<std::string>();
    }
    if (doc.contains("source") && !doc["source"].is_null()) {
        if (!doc["source"].is_string()) throw FormatError(source, "source", "must be a string");
        provenance = doc["source"].get<std::string>();
    }
    detail::Collector problems{source, {}};
    std::vector<SkillNode> nodes;
    const auto& list = doc["nodes"];
    for (std::size_t i = 0; i < list.size(); ++i) {
        const auto& item = list[i];
        const std::string where = detail::path_index("nodes", i);
        if (!item.is_object()) {
            problems.add(where, "", "a node must be an object, got " + detail::type_name(item));
            continue;
        }
        SkillNode node;
        for (const auto& [key, value] : item.items()) {
            if (key == "id" || key == "parent" || key == "qid") {
                std::string* target = key == "id" ? &node.id : key == "parent" ? &node.parent : &node.qid;
                if (value.is_string()) *target = value.get<std::string>();
                else if (value.is_number_integer() && key != "qid") *target = std::to_string(value.get<long long>());
                else if (!value.is_null()) problems.add(where, key, "must be a string, got " + detail::type_name(value));
            } else if (key == "labels") {
                if (!value.is_object()) {
                    problems.add(where, "labels", "must be an object of language → label");
                    continue;
                }
                for (const auto& [lang, label] : value.items()) {
                    if (!label.is_string()) problems.add(where, "labels." + lang, "must be a string");
                    else node.labels[lang] = label.get<std::string>();
                }
            } else {
                problems.add(where, key, "unknown field");
            }
        }
        nodes.push_back(std::move(node));
    }
    problems.throw_if_any();
    Taxonomy out(std::move(name), std::move(nodes), source);
    out.provenance_ = std::move(provenance);
    return out;
}

Taxonomy Taxonomy::from_capx(std::string_view text, const std::string& source) {
    const auto doc = detail::parse_json(text, source);
    detail::Collector problems{source, {}};
    std::vector<SkillNode> nodes;
    auto id_string = [&](const detail::json& v, const std::string& where, const std::string& field) -> std::string {
        if (v.is_number_integer()) return std::to_string(v.get<long long>());
        if (v.is_string()) {
            const auto s = v.get<std::string>();
            if (!s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) return s;
        }
        if (!v.is_null()) problems.add(where, field, "must be an integer id, got " + v.dump());
        return {};
    };
    if (doc.is_object() && !doc.contains("results")) {
        // `/list/skills/` shape: {"<id>": "<QID>"} — ids and QIDs, no parents.
        for (const auto& [id, qid] : doc.items()) {
            if (!qid.is_string()) problems.add("skill " + id, "skill_wikidata_item", "must be a string");
            else nodes.push_back({id, qid.get<std::string>(), {}, {}});
        }
    } else {
        const auto& list = detail::unpage(doc, source, "a CapX skill list");
        for (std::size_t i = 0; i < list.size(); ++i) {
            const auto& item = list[i];
            const std::string where = detail::path_index("results", i);
            if (!item.is_object() || !item.contains("id")) {
                problems.add(where, "", "a skill must be an object with an id");
                continue;
            }
            SkillNode node;
            node.id = id_string(item["id"], where, "id");
            if (item.contains("skill_wikidata_item") && !item["skill_wikidata_item"].is_null()) {
                if (item["skill_wikidata_item"].is_string()) node.qid = item["skill_wikidata_item"].get<std::string>();
                else problems.add(where, "skill_wikidata_item", "must be a string");
            }
            if (item.contains("skill_type")) node.parent = id_string(item["skill_type"], where, "skill_type");
            nodes.push_back(std::move(node));
        }
    }
    problems.throw_if_any();
    return Taxonomy("capx", std::move(nodes), source);
}

std::string Taxonomy::to_json(int indent) const {
    detail::json doc;
    doc["format"] = taxonomy_format;
    doc["name"] = name_;
    if (!provenance_.empty()) doc["source"] = provenance_;
    auto& list = doc["nodes"] = detail::json::array();
    for (const SkillNode& n : nodes_) {
        detail::json item;
        item["id"] = n.id;
        item["parent"] = n.parent.empty() ? detail::json(nullptr) : detail::json(n.parent);
        item["qid"] = n.qid.empty() ? detail::json(nullptr) : detail::json(n.qid);
        item["labels"] = detail::json::object();
        for (const auto& [lang, label] : n.labels) item["labels"][lang] = label;
        list.push_back(std::move(item));
    }
    return detail::dump_json(doc, indent) + "\n";
}

void Taxonomy::save(const std::string& path) const { write_file_atomic(path, to_json()); }

Taxonomy Taxonomy::load(const std::string& path) { return from_json(read_file(path), path); }

std::vector<std::string> Taxonomy::bundled_names() { return {"letsconnect", "capx"}; }

std::shared_ptr<const Taxonomy> Taxonomy::bundled(std::string_view name) {
    // Parsed once per process; Taxonomy is immutable so sharing it between threads is safe.
    const auto parse = [](const char* file, const char* source) {
        const detail::BundledInput bundled;  // compiled in: the input limits are not for it
        return std::make_shared<const Taxonomy>(from_json(detail::embedded_file(file), source));
    };
    static const auto letsconnect = parse("letsconnect.json", "<bundled letsconnect taxonomy>");
    static const auto capx = parse("capx.json", "<bundled capx taxonomy>");
    if (name == "letsconnect") return letsconnect;
    if (name == "capx") return capx;
    throw NotFoundError(std::string(name), "bundled taxonomy");
}

}  // namespace letsconnect
