// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#pragma once

/// @file progress.hpp
/// @brief Progress reports from long operations (building a large directory, batch
/// recommendations, reconciling many Zoom reports).

#include <cstddef>
#include <functional>

namespace letsconnect {

/// @brief Told how far a long operation has come: `done` of `total` units (profiles, seekers,
/// clinics); `total` is 0 while it is not known yet (a directory file still being parsed).
///
/// Called on the thread that started the operation — never on a worker thread — at most about
/// every 100 ms, and once at the end with done == total. An exception it throws stops the
/// operation and reaches the caller (a way to cancel).
///
/// @code
/// auto rows = letsconnect::recommend_many(dir, seekers, 10, {}, {}, 0,
///     [](std::size_t done, std::size_t total) { std::cerr << done << '/' << total << '\r'; });
/// @endcode
using Progress = std::function<void(std::size_t done, std::size_t total)>;

}  // namespace letsconnect
