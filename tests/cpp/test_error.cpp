// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
// Tests of letsconnect/error.hpp: the exception family and Problem formatting.

#include "test_helpers.hpp"

#include "letsconnect/error.hpp"

#include <type_traits>

using namespace letsconnect;
using lc_test::contains;

static_assert(std::is_base_of_v<std::runtime_error, Error>);
static_assert(std::is_base_of_v<Error, FileError>);
static_assert(std::is_base_of_v<Error, FormatError>);
static_assert(std::is_base_of_v<Error, ValidationError>);
static_assert(std::is_base_of_v<Error, NotFoundError>);

TEST(Problem, ToStringJoinsNonEmptyParts) {
    EXPECT_EQ((Problem{"a.json", "profiles[3]", "timezone", "unknown time zone 'Mars/Olympus'"}).to_string(),
              "a.json: profiles[3]: timezone: unknown time zone 'Mars/Olympus'");
    EXPECT_EQ((Problem{"a.json", "profile 'Amina Bello'", "", "duplicate username"}).to_string(),
              "a.json: profile 'Amina Bello': duplicate username");
    EXPECT_EQ((Problem{"a.json", "", "country", "unknown country 'XX'"}).to_string(),
              "a.json: country: unknown country 'XX'");
    EXPECT_EQ((Problem{"", "", "", "empty file"}).to_string(), "empty file");
}

TEST(Problem, Equality) {
    const Problem a{"s", "w", "f", "m"};
    EXPECT_EQ(a, (Problem{"s", "w", "f", "m"}));
    EXPECT_NE(a, (Problem{"s", "w", "f", "other"}));
}

TEST(Errors, FileErrorCarriesThePath) {
    const FileError e("/tmp/nowhere/x.json", "cannot open");
    EXPECT_EQ(e.path(), "/tmp/nowhere/x.json");
    EXPECT_TRUE(contains(e.what(), "/tmp/nowhere/x.json")) << e.what();
    EXPECT_TRUE(contains(e.what(), "cannot open")) << e.what();
}

TEST(Errors, FormatErrorWithPosition) {
    const FormatError e("dir.json", 12, 7, "unexpected end of input");
    EXPECT_EQ(e.source(), "dir.json");
    EXPECT_EQ(e.line(), 12U);
    EXPECT_EQ(e.column(), 7U);
    EXPECT_TRUE(e.json_path().empty());
    EXPECT_TRUE(contains(e.what(), "dir.json")) << e.what();
    EXPECT_TRUE(contains(e.what(), "12")) << e.what();
    EXPECT_TRUE(contains(e.what(), "unexpected end of input")) << e.what();
}

TEST(Errors, FormatErrorWithJsonPath) {
    const FormatError e("dir.json", "profiles[3].languages", "expected an object");
    EXPECT_EQ(e.source(), "dir.json");
    EXPECT_EQ(e.line(), 0U);
    EXPECT_EQ(e.column(), 0U);
    EXPECT_EQ(e.json_path(), "profiles[3].languages");
    EXPECT_TRUE(contains(e.what(), "profiles[3].languages")) << e.what();
}

TEST(Errors, ValidationErrorListsEveryProblem) {
    const ValidationError e({{"d.json", "profiles[0]", "country", "unknown country 'XX'"},
                             {"d.json", "profiles[2]", "timezone", "unknown time zone 'Mars/Olympus'"}});
    ASSERT_EQ(e.problems().size(), 2U);
    EXPECT_EQ(e.problems()[1].field, "timezone");
    EXPECT_TRUE(contains(e.what(), "unknown country 'XX'")) << e.what();
    EXPECT_TRUE(contains(e.what(), "Mars/Olympus")) << e.what();
    EXPECT_TRUE(contains(e.what(), "d.json")) << e.what();
}

TEST(Errors, NotFoundErrorCarriesTheKey) {
    const NotFoundError e("grant-writin", "skill");
    EXPECT_EQ(e.key(), "grant-writin");
    EXPECT_TRUE(contains(e.what(), "grant-writin")) << e.what();
}

TEST(Errors, CatchableAsBase) {
    EXPECT_THROW(throw NotFoundError("k", "skill"), Error);
    EXPECT_THROW(throw FormatError("s", 1, 1, "bad"), std::runtime_error);
}
