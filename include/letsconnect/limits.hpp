// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#pragma once

/// @file limits.hpp
/// @brief Bounds on the input letsconnect accepts, so that a huge or hostile file fails fast
/// with a clear error instead of exhausting memory.
///
/// The defaults are far above any real programme (a directory of one million profiles is about
/// 540 MB of JSON; a Zoom report of a 2-hour clinic is a few hundred kilobytes) and can be
/// raised process-wide with set_limits().
///
/// @code
/// auto limits = letsconnect::get_limits();
/// limits.max_input_bytes = 4ULL << 30;  // a 4 GiB directory
/// letsconnect::set_limits(limits);
/// @endcode

#include <cstddef>
#include <cstdint>

namespace letsconnect {

/// @brief The bounds checked by every reader.
struct Limits {
    /// @brief Largest file or text read at once (JSON or CSV), in bytes. Default 1 GiB.
    std::uint64_t max_input_bytes = std::uint64_t{1} << 30;
    /// @brief Deepest nesting of JSON arrays and objects. Default 64 (the formats need 5).
    std::size_t max_json_depth = 64;
    /// @brief Most keys in one JSON object. Default 4,096 (the formats use about 30): keys are kept
    /// in their order and looked up linearly, so a hostile object of a million keys would take
    /// quadratic time.
    std::size_t max_json_object_keys = 4096;
    /// @brief Most columns in one CSV row. Default 1,024 (a Zoom report has at most 20).
    std::size_t max_csv_columns = 1024;
    /// @brief Longest CSV record, in bytes (quoted line breaks included). Default 1 MiB.
    std::size_t max_csv_record_bytes = std::size_t{1} << 20;

    friend bool operator==(const Limits&, const Limits&) = default;
};

/// @brief The limits in force (a copy). Thread-safe.
[[nodiscard]] Limits get_limits() noexcept;

/// @brief Replaces the process-wide limits and returns the previous ones. Thread-safe; a read
/// already running keeps the limits it started with.
/// @throws Error when a limit is 0.
Limits set_limits(const Limits& limits);

}  // namespace letsconnect
