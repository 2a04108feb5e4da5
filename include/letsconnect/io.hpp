// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#pragma once

/// @file io.hpp
/// @brief File-level helpers: validation of any letsconnect file, atomic writes.

#include <string>
#include <string_view>
#include <vector>

#include "letsconnect/error.hpp"

namespace letsconnect {

/// @brief Validates a letsconnect JSON file (`letsconnect.directory/1`, `letsconnect.taxonomy/1`,
/// `letsconnect.clinics/1` or `letsconnect.badges/1`, told apart by its `"format"`), returning every problem found (empty = valid). Never throws
/// for bad content; a file that cannot be read or parsed gives one problem with line and column.
[[nodiscard]] std::vector<Problem> validate_file(const std::string& path);

/// @brief Reads a whole file. @throws FileError
[[nodiscard]] std::string read_file(const std::string& path);

/// @brief Writes `contents` to `path` atomically: a temp file in the same folder, fsync, rename.
/// @throws FileError
void write_file_atomic(const std::string& path, std::string_view contents);

}  // namespace letsconnect
