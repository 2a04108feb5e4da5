// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#pragma once

// Helpers shared by the compiled sources; not installed.

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "letsconnect/error.hpp"

namespace letsconnect::detail {

using json = nlohmann::ordered_json;

/// Contents of a bundled data file ("letsconnect.json", "countries.csv", ...), empty if unknown.
std::string_view embedded_file(std::string_view name) noexcept;

/// Parses JSON text; malformed JSON (including invalid UTF-8) becomes a FormatError with the
/// 1-based line and column of the problem.
/// With `on_event`, elements it returns false for are dropped from the result (see nlohmann's
/// parser callbacks).
json parse_json(std::string_view text, const std::string& source, const json::parser_callback_t& on_event = nullptr);

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
