// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#include "letsconnect/progress.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

#include "letsconnect/directory.hpp"
#include "letsconnect/reconcile.hpp"
#include "letsconnect/recommend.hpp"
#include "test_helpers.hpp"

namespace lc = letsconnect;

namespace {

// Every report, not one per 100 ms, so the tests see the middle of an operation too. Set before
// main(), before any operation reads it.
const int every_report = (setenv("LETSCONNECT_PROGRESS_INTERVAL_MS", "0", 1), 0);

// Records every report and the threads it came from.
struct Recorder {
    std::vector<std::pair<std::size_t, std::size_t>> calls;
    std::vector<std::thread::id> threads;
    lc::Progress callback() {
        return [this](std::size_t done, std::size_t total) {
            calls.emplace_back(done, total);
            threads.push_back(std::this_thread::get_id());
        };
    }
    // With worker threads the calling thread may do no unit itself: `several` only for one thread.
    void expect_complete(std::size_t total, bool several = true) const {
        ASSERT_GT(calls.size(), several ? 1U : 0U) << "only the final report: the interval is not 0";
        EXPECT_EQ(calls.back(), std::make_pair(total, total));
        EXPECT_TRUE(std::is_sorted(calls.begin(), calls.end()));
        for (const auto& t : threads) EXPECT_EQ(t, std::this_thread::get_id()) << "reported on a worker thread";
    }
};

const lc::Directory& programme() {
    static const auto d = lc::Directory::load(lc_test::data_path("reconcile/directory.json"));
    return d;
}

std::vector<lc::ProfileIndex> first(std::size_t n) {
    std::vector<lc::ProfileIndex> out(std::min(n, programme().size()));
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<lc::ProfileIndex>(i);
    return out;
}

}  // namespace

TEST(Progress, RecommendManyReportsEverySeekerOnTheCallingThread) {
    Recorder r;
    const auto seekers = first(200);
    const auto with = lc::recommend_many(programme(), seekers, 5, {}, {}, 2, r.callback());
    r.expect_complete(seekers.size(), false);
    Recorder alone;
    (void)lc::recommend_many(programme(), seekers, 5, {}, {}, 1, alone.callback());
    alone.expect_complete(seekers.size());
    const auto without = lc::recommend_many(programme(), seekers, 5, {}, {}, 2);
    ASSERT_EQ(with.size(), without.size());
    for (std::size_t q = 0; q < with.size(); ++q) {
        ASSERT_EQ(with[q].size(), without[q].size());
        for (std::size_t j = 0; j < with[q].size(); ++j) EXPECT_EQ(with[q][j].candidate, without[q][j].candidate);
    }
}

TEST(Progress, ScoreMatrixBlocksReportRows) {
    Recorder r;
    const auto seekers = first(150);
    std::size_t rows = 0;
    lc::score_matrix_blocks(programme(), seekers, {}, {}, {}, 64,
                            [&](std::size_t, const lc::ScoreMatrix& block) { rows += static_cast<std::size_t>(block.rows()); },
                            1, r.callback());
    EXPECT_EQ(rows, seekers.size());
    r.expect_complete(seekers.size());
}

TEST(Progress, ReconcileClinicsReportsClinics) {
    Recorder r;
    const auto clinics = lc::Clinics::load(lc_test::data_path("reconcile/clinics.json"));
    const auto att = lc::reconcile_clinics(programme(), clinics, {}, "UTC", {}, r.callback());
    EXPECT_EQ(att.size(), clinics.clinics.size());
    r.expect_complete(clinics.clinics.size());
}

TEST(Progress, DirectoryLoadReportsProfilesWithTheTotalAtTheEnd) {
    Recorder r;
    const auto d = lc::Directory::load(lc_test::data_path("reconcile/directory.json"), nullptr, std::nullopt, r.callback());
    r.expect_complete(d.size());
    for (std::size_t i = 0; i + 1 < r.calls.size(); ++i) EXPECT_EQ(r.calls[i].second, 0U) << "total known too early";
}

TEST(Progress, AnExceptionFromTheCallbackStopsTheOperation) {
    const lc::Progress stop = [](std::size_t, std::size_t) { throw std::runtime_error("cancelled"); };
    EXPECT_THROW((void)lc::recommend_many(programme(), first(50), 3, {}, {}, 2, stop), std::runtime_error);
    // Halfway, with worker threads running: the exception reaches the caller. (The calling thread may
    // report only once the workers are done, so where it stops is not fixed.)
    std::size_t seen = 0;
    const lc::Progress halfway = [&](std::size_t done, std::size_t total) {
        seen = done;
        if (2 * done >= total) throw std::runtime_error("cancelled halfway");
    };
    EXPECT_THROW((void)lc::recommend_many(programme(), first(300), 3, {}, {}, 4, halfway), std::runtime_error);
    EXPECT_GE(2 * seen, 300U);
    EXPECT_LE(seen, 300U);
    const auto clinics = lc::Clinics::load(lc_test::data_path("reconcile/clinics.json"));
    EXPECT_THROW((void)lc::reconcile_clinics(programme(), clinics, {}, "UTC", {}, stop), std::runtime_error);
}

TEST(Progress, EmptyCallbackIsNoReport) {
    const lc::Progress none;
    EXPECT_EQ(lc::recommend_many(programme(), first(3), 3, {}, {}, 1, none).size(), 3U);
}
