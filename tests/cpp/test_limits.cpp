// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
// Tests of letsconnect/limits.hpp: oversized, over-deep and over-wide input fails fast, with a
// clear error, and without the memory the input would need.

#include "test_helpers.hpp"

#include "letsconnect/attendance.hpp"
#include "letsconnect/clinic.hpp"
#include "letsconnect/directory.hpp"
#include "letsconnect/io.hpp"
#include "letsconnect/limits.hpp"
#include "letsconnect/taxonomy.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>

using namespace letsconnect;
using lc_test::contains;
using lc_test::data_path;

namespace {

// Sets limits for one test and restores the previous ones.
class ScopedLimits {
public:
    explicit ScopedLimits(const Limits& limits) : previous_(set_limits(limits)) {}
    ~ScopedLimits() { set_limits(previous_); }
    ScopedLimits(const ScopedLimits&) = delete;
    ScopedLimits& operator=(const ScopedLimits&) = delete;

private:
    Limits previous_;
};

// Peak resident memory of this process so far, in MiB.
long peak_rss_mib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024;
}

// A sparse file of `bytes` bytes (no disk space used).
std::string sparse_file(const lc_test::TempDir& dir, const char* name, off_t bytes) {
    const std::string path = dir.file(name);
    const int fd = ::open(path.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0600);
    if (fd < 0 || ::ftruncate(fd, bytes) != 0) throw std::runtime_error("cannot create a sparse file");
    ::close(fd);
    return path;
}

template <class F>
std::string error_of(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

const std::string zoom_header = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n";

}  // namespace

TEST(Limits, DefaultsAreFarAboveRealInput) {
    const Limits limits = get_limits();
    EXPECT_EQ(limits.max_input_bytes, 1ULL << 30);
    EXPECT_EQ(limits.max_json_depth, 64U);
    EXPECT_EQ(limits.max_json_object_keys, 4096U);
    EXPECT_EQ(limits.max_csv_columns, 1024U);
    EXPECT_EQ(limits.max_csv_record_bytes, 1U << 20);
}

TEST(Limits, SetReturnsThePreviousAndRejectsZero) {
    const Limits before = get_limits();
    Limits changed = before;
    changed.max_json_depth = 7;
    EXPECT_EQ(set_limits(changed), before);
    EXPECT_EQ(get_limits().max_json_depth, 7U);
    EXPECT_EQ(set_limits(before), changed);
    changed.max_csv_columns = 0;
    EXPECT_THROW(set_limits(changed), Error);
    EXPECT_EQ(get_limits(), before);
}

TEST(Limits, TwoGigabyteFileFailsBeforeReadingAByte) {
    lc_test::TempDir dir;
    const auto path = sparse_file(dir, "huge.json", off_t{2} << 30);
    const long rss_before = peak_rss_mib();
    const auto start = std::chrono::steady_clock::now();
    try {
        (void)Directory::load(path);
        FAIL() << "a 2 GiB directory loaded";
    } catch (const FileError& e) {
        EXPECT_EQ(e.path(), path);
        EXPECT_EQ(e.error_code(), EFBIG);
        EXPECT_TRUE(contains(e.what(), "is 2147483648 bytes, more than the limit of 1073741824 bytes")) << e.what();
        EXPECT_TRUE(contains(e.what(), "max_input_bytes")) << e.what();
    }
    for (const auto& what : {error_of([&] { (void)Taxonomy::load(path); }), error_of([&] { (void)Clinics::load(path); }),
                             error_of([&] { (void)ZoomReport::read(path); }), error_of([&] { (void)read_file(path); })})
        EXPECT_TRUE(contains(what, "more than the limit")) << what;
    const auto problems = validate_file(path);
    ASSERT_EQ(problems.size(), 1U);
    EXPECT_TRUE(contains(problems[0].message, "more than the limit")) << problems[0].to_string();
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
    EXPECT_LT(peak_rss_mib() - rss_before, 64) << "memory grew by the input's size";
}

TEST(Limits, EndlessStreamStopsAtTheLimit) {
    Limits small = get_limits();
    small.max_input_bytes = 1 << 20;
    const ScopedLimits scope(small);
    try {
        (void)read_file("/dev/zero");
        FAIL() << "read /dev/zero to the end";
    } catch (const FileError& e) {
        EXPECT_EQ(e.error_code(), EFBIG);
        EXPECT_TRUE(contains(e.what(), "has more than 1048576 bytes")) << e.what();
    }
}

TEST(Limits, TextInMemoryOverTheLimitIsAFormatError) {
    Limits small = get_limits();
    small.max_input_bytes = 100;
    const ScopedLimits scope(small);
    const std::string text = lc_test::slurp(data_path("directory_good.json"));
    ASSERT_GT(text.size(), 100U);
    EXPECT_THROW((void)Directory::from_json(text), FormatError);
    EXPECT_THROW((void)ZoomReport::parse(zoom_header + std::string(200, 'x')), FormatError);
}

TEST(Limits, MillionDeepJsonFailsFastAtTheDepthLimit) {
    const std::string deep = nested(1'000'000);
    const long rss_before = peak_rss_mib();
    try {
        (void)Directory::from_json(deep, "deep.json");
        FAIL() << "a million-deep document parsed";
    } catch (const FormatError& e) {
        EXPECT_EQ(e.source(), "deep.json");
        EXPECT_EQ(e.problem(), "JSON nested deeper than 64 levels (raise max_json_depth with set_limits to read it)");
        // The path shows where, but not all 64 steps.
        EXPECT_EQ(e.json_path(), "[0][0][0][0][0][0][0][0]…");
    }
    for (const auto& what : {error_of([&] { (void)Taxonomy::from_json(deep); }),
                             error_of([&] { (void)Clinics::from_json(deep); })})
        EXPECT_TRUE(contains(what, "nested deeper than 64 levels")) << what;
    std::string objects;
    for (int i = 0; i < 1'000'000; ++i) objects += "{\"a\":";
    EXPECT_TRUE(contains(error_of([&] { (void)Directory::from_json(objects); }), "nested deeper than 64 levels"));
    EXPECT_LT(peak_rss_mib() - rss_before, 64) << "memory grew with the nesting";
}

TEST(Limits, DepthLimitIsExact) {
    // 64 levels are read (and then rejected for their shape); 65 are not read at all.
    EXPECT_FALSE(contains(error_of([&] { (void)Directory::from_json(nested(64)); }), "nested deeper"));
    EXPECT_TRUE(contains(error_of([&] { (void)Directory::from_json(nested(65)); }), "nested deeper"));
    // The real formats need few levels: the sample directory loads with a limit of 6.
    Limits tight = get_limits();
    tight.max_json_depth = 6;
    const ScopedLimits scope(tight);
    EXPECT_NO_THROW((void)Directory::load(lc_test::source_path("data/sample_directory.json")));
    EXPECT_NO_THROW((void)Clinics::load(data_path("clinics/clinics_good.json")));
}

TEST(Limits, MillionColumnCsvFailsAtTheFirstColumnOverTheLimit) {
    std::string wide = zoom_header + "Ana Example,";
    wide.reserve(wide.size() + 2'000'000);
    for (int i = 0; i < 1'000'000; ++i) wide += "x,";
    wide += "\n";
    try {
        (void)ZoomReport::parse(wide, "wide.csv");
        FAIL() << "a million-column row parsed";
    } catch (const FormatError& e) {
        EXPECT_EQ(e.source(), "wide.csv");
        EXPECT_EQ(e.line(), 2U);
        EXPECT_EQ(e.problem(), "more than 1024 columns (raise max_csv_columns with set_limits to read it)");
    }
}

TEST(Limits, OverlongCsvRecordFailsAtTheLimit) {
    const std::string text = zoom_header + "\"" + std::string(3 << 20, 'y') + "\",a@b.org,x,y,1,No\n";
    try {
        (void)ZoomReport::parse(text, "long.csv");
        FAIL() << "a 3 MiB record parsed";
    } catch (const FormatError& e) {
        EXPECT_EQ(e.line(), 2U);
        EXPECT_EQ(e.problem(), "a record longer than 1048576 bytes (raise max_csv_record_bytes with set_limits to read it)");
        EXPECT_FALSE(contains(e.what(), "a@b.org"));
    }
    // The real reports are far inside the limits.
    EXPECT_NO_THROW((void)ZoomReport::read(data_path("zoom/meeting_block.csv")));
}

TEST(Limits, ObjectWithAMillionKeysFailsAtTheKeyLimit) {
    std::string wide = "{";
    for (int i = 0; i < 1'000'000; ++i) wide += "\"k" + std::to_string(i) + "\":0,";
    const auto start = std::chrono::steady_clock::now();
    try {
        (void)Directory::from_json(wide + "\"last\":1}", "wide.json");
        FAIL() << "a million-key object parsed";
    } catch (const FormatError& e) {
        EXPECT_EQ(e.problem(), "an object with more than 4096 keys (raise max_json_object_keys with set_limits to read it)");
    }
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
    // Below the limit, duplicates are still found.
    std::string dup = "{";
    for (int i = 0; i < 4000; ++i) dup += "\"k" + std::to_string(i) + "\":0,";
    EXPECT_TRUE(contains(error_of([&] { (void)Directory::from_json(dup + "\"k3999\":1}"); }), "duplicate key 'k3999'"));
}
