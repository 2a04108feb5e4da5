// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#pragma once

// Helpers shared by the compiled sources; not installed.

#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <span>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "letsconnect/affiliates.hpp"
#include "letsconnect/error.hpp"
#include "letsconnect/reconcile.hpp"

namespace letsconnect::detail {

using json = nlohmann::ordered_json;

/// Contents of a bundled data file ("letsconnect.json", "countries.csv", ...), empty if unknown.
std::string_view embedded_file(std::string_view name) noexcept;

/// Parses JSON text; malformed JSON (including invalid UTF-8) becomes a FormatError with the
/// 1-based line and column of the problem.
/// With `on_event`, elements it returns false for are dropped from the result (see nlohmann's
/// parser callbacks).
json parse_json(std::string_view text, const std::string& source, const json::parser_callback_t& on_event = nullptr);

// While one is alive, parse_json on this thread ignores the input limits: for the data compiled
// into the library, which a user's low limit must not make unreadable.
class BundledInput {
public:
    BundledInput() noexcept;
    ~BundledInput();
    BundledInput(const BundledInput&) = delete;
    BundledInput& operator=(const BundledInput&) = delete;
};

/// Serialises JSON; invalid UTF-8 in strings is an Error rather than a crash.
std::string dump_json(const json& value, int indent);

/// "profiles[3].languages" style path building.
inline std::string path_index(const std::string& base, std::size_t i) {
    return base + "[" + std::to_string(i) + "]";
}
inline std::string path_key(const std::string& base, std::string_view key) {
    return base.empty() ? std::string(key) : base + "." + std::string(key);
}

/// Name of a JSON value's type for messages: "string", "number", ...
std::string type_name(const json& value);

/// A bad value as quoted in a message: codes, numbers, dates and times as they are; never an
/// e-mail address or free text that may be a person's name (a shifted column or a misplaced field
/// can put either anywhere), which become `<e-mail address>` / `<text not shown>`. Defined in errors.cpp.
std::string shown_value(std::string_view value);
/// shown_value() applied to every string inside a JSON value, then dumped as JSON.
std::string shown_json(const json& value);

/// Problems collected while converting JSON into model values.
struct Collector {
    std::string source;
    std::vector<Problem> problems;
    void add(std::string where, std::string field, std::string message) {
        problems.push_back({source, std::move(where), std::move(field), std::move(message)});
    }
    void throw_if_any() const {
        if (!problems.empty()) throw ValidationError(problems);
    }
};

/// Organisations of `letsconnect.directory/1` ("organisations": [...]); problems name
/// `organisations[i]` and the field. Defined in affiliates.cpp.
std::vector<Organisation> organisations_from_json(const json& list, Collector& problems);
json organisations_to_json(std::span<const Organisation> organisations);

/// Unwraps CapX's paged `{count, next, previous, results}` into its results; lists pass through.
const json& unpage(const json& doc, const std::string& source, const std::string& what);

}  // namespace letsconnect::detail

namespace letsconnect {
struct Profile;
}

namespace letsconnect::detail {

/// Converts one profile object, adding every type problem to `problems` under `where`.
Profile profile_from_json(const json& item, Collector& problems, const std::string& where);

/// The profile as a JSON object, absent fields left out.
json profile_to_json(const Profile& profile);

/// `profile 'name' (profiles[i])` or `profiles[i]` when the username is missing.
std::string profile_where(const std::string& username, const std::string& path);

}  // namespace letsconnect::detail

namespace letsconnect::detail {

/// The name index of a Directory, built on first use.
struct NameIndexCache {
    std::once_flag once;
    std::unique_ptr<const NameIndex> index;
};

/// Disjoint sets over 0 … n-1 (union by smallest index, path halving): who is the same person.
class DisjointSets {
public:
    explicit DisjointSets(std::size_t n) : parent_(n) {
        for (std::size_t i = 0; i < n; ++i) parent_[i] = i;
    }
    std::size_t find(std::size_t x) {
        while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
        return x;
    }
    void unite(std::size_t a, std::size_t b) {
        a = find(a);
        b = find(b);
        if (a != b) parent_[a < b ? b : a] = a < b ? a : b;
    }

private:
    std::vector<std::size_t> parent_;
};

/// parse_instant(), taking a local time repeated by a DST change at its second occurrence with `latest`.
std::optional<std::chrono::sys_seconds> parse_instant(std::string_view text, std::string_view zone, bool latest);

/// Reads `path` and turns `/`-relative paths of a file into paths next to it.
std::string parent_dir(const std::string& path);

/// The UTC instant of a wall-clock time in `zone` (given as if it were UTC). A time repeated by a
/// DST change is taken at its first occurrence (its second with `latest`); nullopt for one
/// skipped by it.
/// @throws NotFoundError for an unknown zone
std::optional<std::chrono::sys_seconds> local_to_utc(std::string_view zone, std::chrono::sys_seconds wall_clock,
                                                     bool latest = false);

}  // namespace letsconnect::detail
