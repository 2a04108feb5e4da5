// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#pragma once

/// @file error.hpp
/// @brief The one exception family of letsconnect.
///
/// Every error the library raises about its input derives from `letsconnect::Error`.
/// Python maps `Error` to `LetsConnectError` (a `ValueError`), `FormatError` to
/// `FormatError`, `ValidationError` to `ValidationError`, `NotFoundError` to
/// `NotFoundError` (also a `KeyError`) and `FileError` to `FileError` (also an `OSError`).

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace letsconnect {

/// @brief Base of every error letsconnect raises about its input.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// @brief A file could not be opened, read or written.
class FileError : public Error {
public:
    FileError(std::string path, const std::string& problem, int error_code = 0);
    /// @brief The file concerned.
    [[nodiscard]] const std::string& path() const noexcept { return path_; }
    /// @brief The `errno` value of the failure, 0 when there is none.
    [[nodiscard]] int error_code() const noexcept { return error_code_; }

private:
    std::string path_;
    int error_code_ = 0;
};

/// @brief A file (or text) is not well-formed: bad JSON, bad CSV, bad encoding.
///
/// Carries the source name and, where known, the 1-based line and column; for
/// structurally valid JSON of the wrong shape, the JSON path of the offending value.
class FormatError : public Error {
public:
    FormatError(std::string source, std::size_t line, std::size_t column, const std::string& problem);
    FormatError(std::string source, std::string json_path, const std::string& problem);

    [[nodiscard]] const std::string& source() const noexcept { return source_; }
    /// @brief 1-based line, 0 when unknown.
    [[nodiscard]] std::size_t line() const noexcept { return line_; }
    /// @brief 1-based column, 0 when unknown.
    [[nodiscard]] std::size_t column() const noexcept { return column_; }
    /// @brief JSON path such as `profiles[3].languages`, empty when unknown.
    [[nodiscard]] const std::string& json_path() const noexcept { return json_path_; }
    /// @brief The problem alone, without source and position.
    [[nodiscard]] const std::string& problem() const noexcept { return problem_; }

private:
    std::string source_;
    std::string problem_;
    std::size_t line_ = 0;
    std::size_t column_ = 0;
    std::string json_path_;
};

/// @brief One problem found while validating input.
struct Problem {
    std::string source;  ///< file name or "<memory>"
    std::string where;   ///< record key, e.g. `profile 'Amina Bello'` or `profiles[3]`
    std::string field;   ///< field name, e.g. `timezone`; empty for whole-record problems
    std::string message; ///< what is wrong, e.g. `unknown time zone 'Mars/Olympus'`

    /// @brief `source: where: field: message`, leaving out empty parts.
    [[nodiscard]] std::string to_string() const;
    friend bool operator==(const Problem&, const Problem&) = default;
};

/// @brief Input is well-formed but its content is invalid; lists every problem found.
class ValidationError : public Error {
public:
    explicit ValidationError(std::vector<Problem> problems);
    [[nodiscard]] const std::vector<Problem>& problems() const noexcept { return problems_; }

private:
    std::vector<Problem> problems_;
};

/// @brief A key (username, skill id, bundled name) that does not exist.
class NotFoundError : public Error {
public:
    NotFoundError(std::string key, const std::string& what);
    [[nodiscard]] const std::string& key() const noexcept { return key_; }

private:
    std::string key_;
};

}  // namespace letsconnect
