// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#pragma once

/// @file taxonomy.hpp
/// @brief The skills taxonomy: a forest of at most three levels (category → skill → sub-skill).

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace letsconnect {

/// @brief Dense index of a taxonomy node, 0 .. size()-1.
using SkillIndex = std::uint32_t;
/// @brief "No node" (the parent of a root).
inline constexpr SkillIndex no_skill = 0xFFFFFFFFu;

/// @brief One node of the taxonomy as it appears in a file.
struct SkillNode {
    std::string id;                             ///< stable string id, unique
    std::string qid;                            ///< Wikidata QID ("Q123") or empty
    std::string parent;                         ///< parent id, empty for a root (category)
    std::map<std::string, std::string> labels;  ///< language code → label
    friend bool operator==(const SkillNode&, const SkillNode&) = default;
};

/// @brief An immutable skills forest with lookup by id or QID.
///
/// Depth is 0 for a category (root), 1 for a skill, 2 for a sub-skill; deeper trees,
/// cycles, duplicate ids or QIDs and unknown parents are rejected with a ValidationError.
///
/// @code
/// auto tax = letsconnect::Taxonomy::bundled("letsconnect");
/// auto i = tax.at("grant-writing");
/// std::string cat = tax.node(tax.category(i)).id;  // "grants-resources"
/// @endcode
class Taxonomy {
public:
    /// @brief Builds a taxonomy; nodes may come in any order.
    /// @param name a short name ("letsconnect", "capx", or the caller's)
    /// @param source where the nodes came from, used in error messages
    /// @throws ValidationError listing every problem
    Taxonomy(std::string name, std::vector<SkillNode> nodes, std::string source = "<memory>");

    /// @brief One of the bundled taxonomies: "letsconnect" (5 categories) or "capx" (7 roots).
    /// @throws NotFoundError for any other name
    static std::shared_ptr<const Taxonomy> bundled(std::string_view name);

    /// @brief Names of the bundled taxonomies.
    static std::vector<std::string> bundled_names();

    /// @brief Loads `letsconnect.taxonomy/1` JSON from a file. @throws FileError, FormatError, ValidationError
    static Taxonomy load(const std::string& path);
    /// @brief Parses `letsconnect.taxonomy/1` JSON text. @throws FormatError, ValidationError
    static Taxonomy from_json(std::string_view text, const std::string& source = "<memory>");
    /// @brief Parses CapX's skill list: a plain list or a paged `{count, next, previous, results}` of
    /// `{id, skill_wikidata_item, skill_type}`, or the `{"<id>": "<QID>"}` map of `/list/skills/`
    /// (roots only then). Ids may be ints or numeric strings; node ids become the decimal id.
    static Taxonomy from_capx(std::string_view text, const std::string& source = "<memory>");

    /// @brief Serialises as `letsconnect.taxonomy/1` JSON (nodes parents-first).
    [[nodiscard]] std::string to_json(int indent = 2) const;
    /// @brief Writes to_json() to `path` atomically (temp file + rename). @throws FileError
    void save(const std::string& path) const;

    [[nodiscard]] const std::string& name() const noexcept { return name_; }
    /// @brief Where the taxonomy comes from (the file's `"source"` note), empty if not given.
    [[nodiscard]] const std::string& provenance() const noexcept { return provenance_; }
    [[nodiscard]] std::size_t size() const noexcept { return nodes_.size(); }
    [[nodiscard]] const SkillNode& node(SkillIndex i) const { return nodes_.at(i); }
    [[nodiscard]] std::span<const SkillNode> nodes() const noexcept { return nodes_; }

    /// @brief Index of the node whose id or QID is `key`.
    [[nodiscard]] std::optional<SkillIndex> find(std::string_view key) const noexcept;
    /// @brief Like find() but @throws NotFoundError naming the key.
    [[nodiscard]] SkillIndex at(std::string_view key) const;

    [[nodiscard]] SkillIndex parent(SkillIndex i) const { return parent_.at(i); }
    /// @brief 0 for categories, 1 for skills, 2 for sub-skills.
    [[nodiscard]] int depth(SkillIndex i) const { return depth_.at(i); }
    /// @brief The root (category) above `i`; `i` itself for a root.
    [[nodiscard]] SkillIndex category(SkillIndex i) const;
    /// @brief Parent, grandparent, ... nearest first.
    [[nodiscard]] std::vector<SkillIndex> ancestors(SkillIndex i) const;
    /// @brief Direct children in file order.
    [[nodiscard]] std::span<const SkillIndex> children(SkillIndex i) const;
    /// @brief `i` and every node below it, parents first.
    [[nodiscard]] std::vector<SkillIndex> subtree(SkillIndex i) const;
    /// @brief The roots in file order.
    [[nodiscard]] std::span<const SkillIndex> roots() const noexcept { return roots_; }
    /// @brief Label in `language`, falling back to English, then to the id.
    [[nodiscard]] const std::string& label(SkillIndex i, std::string_view language = "en") const;

    friend bool operator==(const Taxonomy& a, const Taxonomy& b) noexcept {
        return a.name_ == b.name_ && a.nodes_ == b.nodes_;
    }

private:
    std::string name_;
    std::string provenance_;
    std::vector<SkillNode> nodes_;  // parents before children
    std::vector<SkillIndex> parent_;
    std::vector<std::uint8_t> depth_;
    std::vector<SkillIndex> child_offsets_;  // CSR over child_list_
    std::vector<SkillIndex> child_list_;
    std::vector<SkillIndex> roots_;
    std::unordered_map<std::string, SkillIndex> by_key_;  // ids and QIDs
};

}  // namespace letsconnect
