// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#include "letsconnect/limits.hpp"

#include <mutex>

#include "letsconnect/error.hpp"

namespace letsconnect {

namespace {

std::mutex& limits_mutex() {
    static std::mutex m;
    return m;
}

Limits& current_limits() {
    static Limits limits;
    return limits;
}

}  // namespace

Limits get_limits() noexcept {
    const std::scoped_lock lock(limits_mutex());
    return current_limits();
}

Limits set_limits(const Limits& limits) {
    if (limits.max_input_bytes == 0 || limits.max_json_depth == 0 || limits.max_json_object_keys == 0 ||
        limits.max_csv_columns == 0 ||
        limits.max_csv_record_bytes == 0)
        throw Error("set_limits: every limit must be at least 1");
    const std::scoped_lock lock(limits_mutex());
    const Limits previous = current_limits();
    current_limits() = limits;
    return previous;
}

}  // namespace letsconnect
