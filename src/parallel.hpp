// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#pragma once

// Running a loop body on a few threads; not installed.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "letsconnect/progress.hpp"

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

// Counts units done on any thread and reports them through a Progress on the thread that made the
// meter (the caller's, which parallel_for also works on), at most every `interval` (the tests set
// LETSCONNECT_PROGRESS_INTERVAL_MS=0 to see every report).
class ProgressMeter {
public:
    ProgressMeter(const Progress& progress, std::size_t total)
        : progress_(progress ? &progress : nullptr), total_(total), caller_(std::this_thread::get_id()),
          interval_(default_interval()), last_(std::chrono::steady_clock::now()) {}

    void tick(std::size_t units = 1) {
        if (progress_ == nullptr) return;
        const std::size_t done = done_.fetch_add(units, std::memory_order_relaxed) + units;
        if (std::this_thread::get_id() != caller_) return;
        const auto now = std::chrono::steady_clock::now();
        if (now - last_ < interval_) return;
        last_ = now;
        (*progress_)(done, total_);
    }

    // The final report: done == total (the count so far when the total was not known).
    void finish() {
        if (progress_ == nullptr) return;
        const std::size_t done = total_ != 0 ? total_ : done_.load();
        (*progress_)(done, done);
    }

private:
    static std::chrono::milliseconds default_interval() {
        static const std::chrono::milliseconds interval = [] {
            const char* text = std::getenv("LETSCONNECT_PROGRESS_INTERVAL_MS");
            return std::chrono::milliseconds(text != nullptr && *text != '\0' ? std::strtol(text, nullptr, 10) : 100);
        }();
        return interval;
    }

    const Progress* progress_;
    std::size_t total_;
    std::thread::id caller_;
    std::chrono::milliseconds interval_;
    std::chrono::steady_clock::time_point last_;
    std::atomic<std::size_t> done_{0};
};

}  // namespace letsconnect::detail
