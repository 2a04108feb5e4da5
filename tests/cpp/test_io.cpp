// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
// Tests of letsconnect/io.hpp: whole-file validation, reading and atomic writing.

#include "test_helpers.hpp"

#include "letsconnect/directory.hpp"
#include "letsconnect/io.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>

using namespace letsconnect;
using lc_test::capture;
using lc_test::contains;
using lc_test::data_path;
using lc_test::dump;
using lc_test::has_problem;

// --- validate_file ------------------------------------------------------------------------

TEST(ValidateFile, GoodFilesHaveNoProblems) {
    for (const auto& path : {data_path("directory_good.json"), data_path("taxonomy_good.json"),
                             lc_test::source_path("data/sample_directory.json"),
                             lc_test::source_path("data/taxonomy/letsconnect.json"),
                             lc_test::source_path("data/taxonomy/capx.json")}) {
        const auto problems = validate_file(path);
        EXPECT_TRUE(problems.empty()) << path << dump(problems);
    }
}

TEST(ValidateFile, ReturnsEveryProblemOfSeveralBadProfiles) {
    const auto path = data_path("directory_several_bad.json");
    const auto problems = validate_file(path);
    EXPECT_GE(problems.size(), 5U) << dump(problems);
    EXPECT_TRUE(has_problem(problems, "languages", "7")) << dump(problems);
    EXPECT_TRUE(has_problem(problems, "country", "XX")) << dump(problems);
    EXPECT_TRUE(has_problem(problems, "timezone", "Mars/Olympus_Mons")) << dump(problems);
    EXPECT_TRUE(has_problem(problems, "learns", "underwater-basket-weaving")) << dump(problems);
    EXPECT_TRUE(has_problem(problems, "availability", "18:10")) << dump(problems);
    for (const auto& p : problems) {
        EXPECT_TRUE(contains(p.source, "directory_several_bad.json")) << p.to_string();
        EXPECT_FALSE(contains(p.to_string(), "Yaw Ofori")) << "the good profile is blamed: " << p.to_string();
    }
}

TEST(ValidateFile, EachBrokenDirectoryFile) {
    const std::pair<const char*, const char*> cases[] = {
        {"directory_wrong_types.json", "languages"},     {"directory_unknown_skill.json", "learns"},
        {"directory_duplicate_username.json", "Kofi"},   {"directory_bad_timezone.json", "timezone"},
        {"directory_bad_level.json", "languages"},       {"directory_bad_country.json", "country"},
    };
    for (const auto& [file, mention] : cases) {
        const auto problems = validate_file(data_path(file));
        ASSERT_FALSE(problems.empty()) << file;
        EXPECT_TRUE(has_problem(problems, "", mention)) << file << dump(problems);
    }
}

TEST(ValidateFile, BrokenTaxonomyFiles) {
    const std::pair<const char*, const char*> cases[] = {
        {"taxonomy_depth4.json", "celadon-glaze"}, {"taxonomy_cycle.json", "loop-"},
        {"taxonomy_duplicate.json", "pottery"},    {"taxonomy_unknown_parent.json", "orphan"},
    };
    for (const auto& [file, culprit] : cases) {
        const auto problems = validate_file(data_path(file));
        ASSERT_FALSE(problems.empty()) << file;
        EXPECT_TRUE(has_problem(problems, "", culprit)) << file << dump(problems);
    }
}

TEST(ValidateFile, TruncatedJsonIsOneProblemWithPosition) {
    const auto problems = validate_file(data_path("directory_truncated.json"));
    ASSERT_EQ(problems.size(), 1U) << dump(problems);
    const std::string text = problems[0].to_string();
    EXPECT_TRUE(contains(text, "directory_truncated.json")) << text;
    EXPECT_TRUE(contains(text, "5")) << text;  // the line; see PositionAgreesWithTheFormatError
}

TEST(ValidateFile, NonUtf8IsOneProblemWithPosition) {
    const auto problems = validate_file(data_path("directory_non_utf8.json"));
    ASSERT_EQ(problems.size(), 1U) << dump(problems);
    const std::string text = problems[0].to_string();
    EXPECT_TRUE(contains(text, "directory_non_utf8.json")) << text;
    EXPECT_TRUE(contains(text, "5")) << text;  // the line; see PositionAgreesWithTheFormatError
}

TEST(ValidateFile, PositionAgreesWithTheFormatError) {
    for (const char* file : {"directory_truncated.json", "directory_non_utf8.json"}) {
        auto e = capture<FormatError>([&] { (void)Directory::load(data_path(file)); });
        ASSERT_TRUE(e);
        const auto problems = validate_file(data_path(file));
        ASSERT_EQ(problems.size(), 1U);
        const std::string text = problems[0].to_string();
        EXPECT_TRUE(contains(text, std::to_string(e->line()))) << text;
        EXPECT_TRUE(contains(text, std::to_string(e->column()))) << text;
    }
}

TEST(ValidateFile, MissingFileIsOneProblemNotAnException) {
    std::vector<Problem> problems;
    EXPECT_NO_THROW(problems = validate_file(data_path("no_such_file.json")));
    ASSERT_EQ(problems.size(), 1U);
    EXPECT_TRUE(contains(problems[0].to_string(), "no_such_file.json")) << problems[0].to_string();
}

TEST(ValidateFile, UnknownFormat) {
    lc_test::TempDir tmp;
    const auto path = tmp.file("other.json");
    write_file_atomic(path, R"({"format": "something.else/7", "items": []})");
    const auto problems = validate_file(path);
    ASSERT_FALSE(problems.empty());
    EXPECT_TRUE(has_problem(problems, "", "something.else/7") || has_problem(problems, "format")) << dump(problems);
}

// --- read_file / write_file_atomic --------------------------------------------------------

TEST(ReadFile, ReadsBytesExactly) {
    const auto path = data_path("directory_non_utf8.json");
    EXPECT_EQ(read_file(path), lc_test::slurp(path));
    EXPECT_NE(read_file(path).find('\xe9'), std::string::npos);
}

TEST(ReadFile, MissingFileIsFileErrorNamingThePath) {
    const auto path = data_path("no_such_file.json");
    auto e = capture<FileError>([&] { (void)read_file(path); });
    ASSERT_TRUE(e);
    EXPECT_EQ(e->path(), path);
    EXPECT_EQ(e->error_code(), ENOENT);
    EXPECT_TRUE(contains(e->what(), path)) << e->what();
}

TEST(ReadFile, FolderIsFileError) {
    EXPECT_THROW((void)read_file(lc_test::data_dir()), FileError);
}

TEST(WriteFileAtomic, WritesAndReplaces) {
    lc_test::TempDir tmp;
    const auto path = tmp.file("out.json");
    write_file_atomic(path, "first");
    EXPECT_EQ(read_file(path), "first");
    const std::string binary("a\0b\xff\n", 5);
    write_file_atomic(path, binary);
    EXPECT_EQ(read_file(path), binary);
    write_file_atomic(path, "");
    EXPECT_EQ(read_file(path), "");
    EXPECT_EQ(tmp.entries(), (std::vector<std::string>{"out.json"}));  // no temp file left behind
}

TEST(WriteFileAtomic, LargeContent) {
    lc_test::TempDir tmp;
    const auto path = tmp.file("big.txt");
    std::string big;
    for (int i = 0; i < 200000; ++i) big += std::to_string(i) + '\n';
    write_file_atomic(path, big);
    EXPECT_EQ(read_file(path), big);
}

TEST(WriteFileAtomic, MissingFolderIsFileError) {
    lc_test::TempDir tmp;
    const auto path = tmp.file("no/such/folder/out.json");
    auto e = capture<FileError>([&] { write_file_atomic(path, "x"); });
    ASSERT_TRUE(e);
    EXPECT_TRUE(contains(e->path(), "out.json")) << e->path();
    EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(WriteFileAtomic, FailureLeavesTheOldFileIntact) {
    lc_test::TempDir tmp;
    const auto path = tmp.file("keep.json");
    write_file_atomic(path, "old content");
    // A folder where the file should go cannot be replaced by a file: the rename fails.
    const auto folder = tmp.file("occupied");
    std::filesystem::create_directory(folder);
    std::filesystem::create_directory(folder + "/child");
    EXPECT_THROW(write_file_atomic(folder, "new"), FileError);
    EXPECT_TRUE(std::filesystem::is_directory(folder));
    EXPECT_EQ(read_file(path), "old content");
    EXPECT_EQ(tmp.entries(), (std::vector<std::string>{"keep.json", "occupied"}));  // temp file cleaned up
}

TEST(ParseJson, DuplicateKeysAreErrorsNotSilentlyReplaced) {
    try {
        (void)letsconnect::Directory::load(data_path("directory_duplicate_key.json"));
        FAIL() << "expected a FormatError";
    } catch (const letsconnect::FormatError& e) {
        EXPECT_EQ(e.json_path(), "profiles[1].shares");
        EXPECT_NE(std::string(e.what()).find("duplicate key 'shares'"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("directory_duplicate_key.json"), std::string::npos) << e.what();
    }
}

TEST(WriteFileAtomic, KeepsThePermissionsOfTheReplacedFile) {
    const std::string path = testing::TempDir() + "/letsconnect-mode-test.json";
    letsconnect::write_file_atomic(path, "{}");
    ASSERT_EQ(::chmod(path.c_str(), 0600), 0);
    letsconnect::write_file_atomic(path, "{\"a\": 1}");
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600U);
    EXPECT_EQ(letsconnect::read_file(path), "{\"a\": 1}");
    std::remove(path.c_str());
}
