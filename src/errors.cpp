// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#include "letsconnect/error.hpp"

#include <algorithm>
#include <array>
#include <sstream>

#include "internal.hpp"

namespace letsconnect {

namespace {

std::string position_message(const std::string& source, std::size_t line, std::size_t column,
                             const std::string& problem) {
    std::ostringstream out;
    out << source;
    if (line > 0) out << ':' << line;
    if (column > 0) out << ':' << column;
    out << ": " << problem;
    return out.str();
}

std::string problems_message(const std::vector<Problem>& problems) {
    if (problems.empty()) return "invalid input";
    std::ostringstream out;
    out << problems.front().to_string();
    if (problems.size() > 1) {
        out << " (and " << problems.size() - 1 << " more problem" << (problems.size() > 2 ? "s" : "") << ':';
        constexpr std::size_t shown = 10;
        for (std::size_t i = 1; i < problems.size() && i <= shown; ++i) out << "\n  " << problems[i].to_string();
        if (problems.size() > shown + 1) out << "\n  ...";
        out << ')';
    }
    return out.str();
}

}  // namespace

FileError::FileError(std::string path, const std::string& problem, int error_code)
    : Error(path + ": " + problem), path_(std::move(path)), error_code_(error_code) {}

FormatError::FormatError(std::string source, std::size_t line, std::size_t column, const std::string& problem)
    : Error(position_message(source, line, column, problem)),
      source_(std::move(source)),
      problem_(problem),
      line_(line),
      column_(column) {}

FormatError::FormatError(std::string source, std::string json_path, const std::string& problem)
    : Error(source + ": " + (json_path.empty() ? std::string() : json_path + ": ") + problem),
      source_(std::move(source)),
      problem_(problem),
      json_path_(std::move(json_path)) {}

std::string Problem::to_string() const {
    std::string out;
    for (const std::string* part : {&source, &where, &field}) {
        if (part->empty()) continue;
        out += *part;
        out += ": ";
    }
    out += message;
    return out;
}

ValidationError::ValidationError(std::vector<Problem> problems)
    : Error(problems_message(problems)), problems_(std::move(problems)) {}

NotFoundError::NotFoundError(std::string key, const std::string& what)
    : Error(what + " '" + key + "' not found"), key_(std::move(key)) {}

}  // namespace letsconnect

namespace letsconnect::detail {

std::string shown_value(std::string_view value) {
    const auto b = value.find_first_not_of(" \t");
    if (b == std::string_view::npos) return {};
    const std::string_view t = value.substr(b, value.find_last_not_of(" \t") - b + 1);
    if (t.find('@') != std::string_view::npos) return "<e-mail address>";
    constexpr std::string_view hidden = "<text not shown>";
    if (t.size() > 64) return std::string(hidden);
    const auto is_upper = [](char c) { return c >= 'A' && c <= 'Z'; };
    const auto is_lower = [](char c) { return c >= 'a' && c <= 'z'; };
    bool space = false, code_like = false;  // '/', '_' or a digit: a time zone, a date, an id
    for (const char c : t) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80 || u < 0x20 || u == 0x7F) return std::string(hidden);  // names in any script; control bytes
        space = space || c == ' ' || c == '\t';
        code_like = code_like || c == '/' || c == '_' || (c >= '0' && c <= '9');
    }
    // Words of letters: those of times and flags pass; others pass only as a single code-like token.
    static constexpr std::array<std::string_view, 12> plain = {"am", "pm", "a", "m", "p", "t", "z", "utc", "gmt", "yes", "no", "n"};
    for (std::size_t i = 0; i < t.size();) {
        if (!is_upper(t[i]) && !is_lower(t[i])) { ++i; continue; }
        std::size_t j = i;
        std::string word;
        while (j < t.size() && (is_upper(t[j]) || is_lower(t[j]))) word += static_cast<char>(is_upper(t[j]) ? t[j] - 'A' + 'a' : t[j]), ++j;
        if (std::find(plain.begin(), plain.end(), word) == plain.end()) {
            if (space) return std::string(hidden);
            // "Amina": capitalised like a name, and nothing marks it as a code.
            if (!code_like && j - i >= 2 && is_upper(t[i]) && std::all_of(t.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                                                                         t.begin() + static_cast<std::ptrdiff_t>(j), is_lower))
                return std::string(hidden);
        }
        i = j;
    }
    return std::string(t);
}

std::string shown_json(const json& value) {
    const auto masked = [](const std::string& s) {
        std::string shown = shown_value(s);
        return shown == "<e-mail address>" || shown == "<text not shown>" ? shown : std::string();
    };
    if (value.is_string()) {
        const std::string m = masked(value.get<std::string>());
        return m.empty() ? value.dump() : m;
    }
    if (!value.is_structured()) return value.dump();
    json copy = value;
    const auto mask = [&masked](auto& self, json& v) -> void {
        if (v.is_string()) {
            if (std::string m = masked(v.get<std::string>()); !m.empty()) v = std::move(m);
        } else if (v.is_structured()) {
            for (auto& child : v) self(self, child);
        }
    };
    mask(mask, copy);
    return copy.dump();
}

}  // namespace letsconnect::detail
