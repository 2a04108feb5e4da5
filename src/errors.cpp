// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#include "letsconnect/error.hpp"

#include <sstream>

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
