// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
// Concurrency stress test of the query side of the library. The contract under test
// (directory.hpp, score.hpp, reconcile.hpp): a Directory is immutable once built and safe to query
// from many threads at once, including the lazily built Directory::names() (std::call_once); a
// built Scorer and a NameIndex are safe to share between threads. So recommend(), recommend_many(),
// score_matrix(), score_matrix_blocks(), search() and reconcile() called at the same time from many
// threads on the same const Directory must each return exactly what a single-threaded call returns,
// also when they start worker threads of their own. Run it under ThreadSanitizer
// (tests/sanitize/run.sh tsan), which sets LETSCONNECT_TEST_SCALE=small for fewer rounds.

#include "test_helpers.hpp"

#include "letsconnect/reconcile.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <functional>
#include <latch>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace letsconnect;
using lc_test::data_path;
using lc_test::ymd;

namespace {

/// Under sanitizers (LETSCONNECT_TEST_SCALE=small) every thread does fewer rounds of the same calls.
bool small_scale() {
    const char* scale = std::getenv("LETSCONNECT_TEST_SCALE");
    return scale != nullptr && std::string(scale) == "small";
}

// Over 4096 profiles, so recommend() takes its bitmap search (thread-local scratch) rather than a scan.
constexpr std::size_t synthetic_profiles = 5000;

std::vector<Profile> synthetic_profiles_list() {
    return lc_test::add_rare_languages(
        lc_test::generate_profiles(synthetic_profiles, 4242, *Taxonomy::bundled("letsconnect")), 4243);
}

bool same(const AttendeeMatch& a, const AttendeeMatch& b) {
    return a.attendee == b.attendee && a.kind == b.kind && a.status == b.status && a.profile == b.profile &&
           a.username == b.username && a.confidence == b.confidence && a.reason == b.reason && a.person == b.person;
}

bool same(const std::vector<AttendeeMatch>& a, const std::vector<AttendeeMatch>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto& x, const auto& y) { return same(x, y); });
}

bool same(const std::vector<ClinicAttendance>& a, const std::vector<ClinicAttendance>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto& x, const auto& y) {
        return x.clinic_id == y.clinic_id && x.has_report == y.has_report && same(x.attendees, y.attendees);
    });
}

/// Exact equality, -inf cells included (no NaN is expected in a score matrix).
bool same(const ScoreMatrix& a, const ScoreMatrix& b) {
    if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
    return std::equal(a.data(), a.data() + a.size(), b.data());
}

std::string csv_cell(const std::string& s) {
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

/// A Zoom report of 600 attendees (over the 512 from which reconcile() uses every core): names of
/// the directory's profiles as people type them, plus a few unknown people, interpreters and devices.
ZoomReport large_report(const Directory& dir) {
    std::mt19937 rng(77);
    const auto start = std::chrono::sys_seconds{ymd(2026, 3, 11)} + std::chrono::hours(14);
    std::ostringstream csv;
    csv << "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n";
    for (int row = 0; row < 600; ++row) {
        const Profile& p = dir.profile(static_cast<ProfileIndex>(rng() % dir.size()));
        std::string name;
        switch (row % 8) {
            case 0: name = p.username; break;
            case 1: name = p.name.empty() ? p.username : p.name + " (Wikimedia)"; break;
            case 2: name = "Interpretation - FR " + std::to_string(row); break;
            case 3: name = "Galaxy A" + std::to_string(row); break;
            case 4: name = "Visitor " + std::to_string(row * 7919); break;
            default: name = p.name.empty() ? p.username : p.name; break;
        }
        const int join = static_cast<int>(rng() % 60), leave = join + 1 + static_cast<int>(rng() % 60);
        csv << csv_cell(name) << ",," << format_utc(start + std::chrono::minutes(join)) << ','
            << format_utc(start + std::chrono::minutes(leave)) << ',' << (leave - join) << ",Yes\n";
    }
    return ZoomReport::parse(csv.str());
}

/// One call of the stress test: `check` runs it on the shared directories and tells whether the
/// result equals the single-threaded reference computed on the private copies.
struct Call {
    std::string name;
    std::function<bool()> check;
};

}  // namespace

TEST(Concurrency, QueriesFromManyThreadsEqualSingleThreadedResults) {
    // Two identical snapshots of each directory: references come from `ref_*`; the threads share
    // `shared_*`, whose names() index has not been built yet (its first use races between threads).
    const Directory ref_sample = Directory::load(lc_test::source_path("data/sample_directory.json"), nullptr, ymd(2026, 3, 9));
    const Directory shared_sample = Directory::load(lc_test::source_path("data/sample_directory.json"), nullptr, ymd(2026, 3, 9));
    const auto profiles = synthetic_profiles_list();
    const Directory ref_big(profiles, nullptr, ymd(2026, 3, 9));
    const Directory shared_big(profiles, nullptr, ymd(2026, 3, 9));
    const std::string programme_file = data_path("programme/directory.json");
    const Directory ref_programme = Directory::load(programme_file, nullptr, ymd(2026, 2, 2));
    const Directory shared_programme = Directory::load(programme_file, nullptr, ymd(2026, 2, 2));
    const Clinics clinics = Clinics::load(data_path("programme/clinics.json"));
    ASSERT_GE(ref_big.size(), 4096U);
    ASSERT_GE(ref_sample.size(), 5U);

    std::vector<Call> calls;

    // --- recommend (one seeker; several weights and options), and a Scorer shared between threads
    std::mt19937 rng(2026);
    std::vector<ScoreOptions> option_sets(4);
    option_sets[1].direction = Direction::learn_from;
    option_sets[2].direction = Direction::share_with;
    option_sets[2].require_skill = false;
    option_sets[3].filter = lc_test::random_filter(ref_big, rng);
    const Weights weight_sets[] = {Weights{}, Weights::capx(), Weights::cross_regional()};
    struct DirPair {
        const Directory* ref;
        const Directory* shared;
    };
    const DirPair scored[] = {{&ref_sample, &shared_sample}, {&ref_big, &shared_big}};
    for (const DirPair& d : scored) {
        for (std::size_t v = 0; v < 6; ++v) {
            const auto seeker = static_cast<ProfileIndex>(rng() % d.ref->size());
            const ScoreOptions& o = option_sets[v % option_sets.size()];
            const Weights& w = weight_sets[v % std::size(weight_sets)];
            const std::size_t k = v % 2 == 0 ? 10 : 25;
            const auto want = recommend(*d.ref, seeker, k, w, o, 1);
            calls.push_back({"recommend", [=] { return recommend(*d.shared, seeker, k, w, o, 0) == want; }});
        }
    }
    const auto shared_scorer = std::make_shared<const Scorer>(shared_big, 7, Weights{}, option_sets[1]);
    {
        const auto want = recommend(Scorer(ref_big, 7, Weights{}, option_sets[1]), 15, 1);
        calls.push_back({"recommend(shared Scorer)", [=] { return recommend(*shared_scorer, 15, 2) == want; }});
    }

    // --- recommend_many, with and without worker threads of its own
    std::vector<ProfileIndex> seekers;
    for (int i = 0; i < 24; ++i) seekers.push_back(static_cast<ProfileIndex>(rng() % ref_big.size()));
    for (std::size_t v = 0; v < 2; ++v) {
        const ScoreOptions& o = option_sets[v * 3];
        const auto want = recommend_many(ref_big, seekers, 8, Weights{}, o, 1);
        calls.push_back({"recommend_many(threads=3)", [&, o, want] { return recommend_many(shared_big, seekers, 8, Weights{}, o, 3) == want; }});
        calls.push_back({"recommend_many(threads=1)", [&, o, want] { return recommend_many(shared_big, seekers, 8, Weights{}, o, 1) == want; }});
    }

    // --- search
    std::vector<SearchQuery> queries;
    for (int i = 0; i < 6; ++i) queries.push_back(lc_test::random_filter(ref_big, rng));
    {
        SearchQuery q;
        q.languages = {"fr"};
        q.min_level = 2;
        queries.push_back(q);
        SearchQuery all;
        queries.push_back(all);
    }
    for (const auto& q : queries) {
        const auto want = ref_big.search(q);
        calls.push_back({"search", [&shared_big, q, want] { return shared_big.search(q) == want; }});
        const auto want_sample = ref_sample.search(q);
        calls.push_back({"search(sample)", [&shared_sample, q, want_sample] { return shared_sample.search(q) == want_sample; }});
    }

    // --- score_matrix, score_matrix_blocks (worker threads of their own)
    std::vector<ProfileIndex> candidates;
    for (int i = 0; i < 300; ++i) candidates.push_back(static_cast<ProfileIndex>(rng() % ref_big.size()));
    const std::vector<ProfileIndex> matrix_seekers(seekers.begin(), seekers.begin() + 12);
    {
        const ScoreMatrix want_all = score_matrix(ref_big, matrix_seekers, {}, Weights{}, option_sets[0], 1);
        const ScoreMatrix want_some = score_matrix(ref_big, seekers, candidates, Weights::capx(), option_sets[3], 1);
        calls.push_back({"score_matrix(all candidates)", [&, want_all] {
                             return same(score_matrix(shared_big, matrix_seekers, {}, Weights{}, option_sets[0], 1), want_all);
                         }});
        calls.push_back({"score_matrix(threads=2)", [&, want_some] {
                             return same(score_matrix(shared_big, seekers, candidates, Weights::capx(), option_sets[3], 2), want_some);
                         }});
        calls.push_back({"score_matrix_blocks(threads=3)", [&, want_some] {
                             ScoreMatrix got(static_cast<Eigen::Index>(seekers.size()), static_cast<Eigen::Index>(candidates.size()));
                             score_matrix_blocks(shared_big, seekers, candidates, Weights::capx(), option_sets[3], 5,
                                                 [&got](std::size_t first, const ScoreMatrix& block) {
                                                     got.middleRows(static_cast<Eigen::Index>(first), block.rows()) = block;
                                                 },
                                                 3);
                             return same(got, want_some);
                         }});
    }

    // --- reconcile: the programme's reports with their clinics, all clinics at once, and a report
    // large enough for reconcile() to start threads of its own
    for (const Clinic& clinic : clinics.clinics) {
        for (const std::string& path : clinics.attendance_paths(clinic)) {
            const ZoomReport report = ZoomReport::read(path);
            const auto want = reconcile(ref_programme, report, &clinic);
            ASSERT_FALSE(want.empty()) << path;
            calls.push_back({"reconcile " + clinic.id, [&shared_programme, report, &clinic, want] {
                                 return same(reconcile(shared_programme, report, &clinic), want);
                             }});
        }
    }
    {
        const auto want = reconcile_clinics(ref_programme, clinics);
        calls.push_back({"reconcile_clinics", [&shared_programme, &clinics, want] {
                             return same(reconcile_clinics(shared_programme, clinics), want);
                         }});
        const ZoomReport big_report = large_report(ref_big);
        const auto want_big = reconcile(ref_big, big_report);
        ASSERT_GE(want_big.size(), 512U);  // few name cells repeat, so nearly every row is an attendee
        calls.push_back({"reconcile(600 attendees)", [&shared_big, big_report, want_big] {
                             return same(reconcile(shared_big, big_report), want_big);
                         }});
    }

    ASSERT_GE(calls.size(), 40U);

    // --- every call from many threads at once, each thread in its own order
    const unsigned thread_count = 12;
    const int rounds = small_scale() ? 1 : 2;
    std::latch start(thread_count);
    std::atomic<int> done{0};
    std::mutex failures_mutex;
    std::vector<std::string> failures;
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < thread_count; ++t) {
        threads.emplace_back([&, t] {
            std::mt19937 order_rng(1000 + t);
            std::vector<std::size_t> order(calls.size());
            for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
            start.arrive_and_wait();
            for (int r = 0; r < rounds; ++r) {
                std::shuffle(order.begin(), order.end(), order_rng);
                // Only some of the calls each round, so threads do different mixes.
                for (std::size_t i = 0; i < order.size(); i += 1 + (t + r) % 2) {
                    const Call& call = calls[order[i]];
                    std::string error;
                    try {
                        if (!call.check()) error = "differs from the single-threaded result";
                    } catch (const std::exception& e) {
                        error = std::string("threw ") + e.what();
                    }
                    if (!error.empty()) {
                        const std::lock_guard lock(failures_mutex);
                        failures.push_back("thread " + std::to_string(t) + ": " + call.name + " " + error);
                    }
                    done.fetch_add(1, std::memory_order_relaxed);
                }
            }
        });
    }
    for (auto& th : threads) th.join();
    EXPECT_GT(done.load(), static_cast<int>(calls.size()));
    for (const auto& f : failures) ADD_FAILURE() << f;
    // The lazily built name index is the same object for every caller.
    EXPECT_EQ(&shared_big.names(), &shared_big.names());
}
