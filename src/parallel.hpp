// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#pragma once

// Running a loop body on a few threads; not installed.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace letsconnect::detail {

// The number of cores, asked once (the C library reads a file under /sys each time).
inline unsigned cores() {
    static const unsigned count = std::max(1U, std::thread::hardware_concurrency());
    return count;
}

// Runs body(i) for i in [0, count) on up to `threads` threads; rethrows the first exception.
template <typename Body>
void parallel_for(std::size_t count, unsigned threads, Body&& body) {
    if (threads == 0) threads = cores();
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, count));
    if (threads <= 1) {
        for (std::size_t i = 0; i < count; ++i) body(i);
        return;
    }
    std::atomic<std::size_t> next{0};
    std::exception_ptr error;
    std::mutex error_mutex;
    auto work = [&] {
        try {
            for (std::size_t i; (i = next.fetch_add(1)) < count;) body(i);
        } catch (...) {
            const std::lock_guard lock(error_mutex);
            if (!error) error = std::current_exception();
            next = count;
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    if (error) std::rethrow_exception(error);
}

}  // namespace letsconnect::detail
