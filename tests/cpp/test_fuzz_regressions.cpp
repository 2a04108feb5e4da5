// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
// Regression tests of the inputs the fuzzers of tests/fuzz/ found: every file of
// tests/fuzz/regressions/<target>/ goes through that target's parser (and round trip), which must
// succeed or throw a letsconnect::Error, nothing else.

#include "test_helpers.hpp"

#include "letsconnect/capx.hpp"
#include "letsconnect/reconcile.hpp"
#include "letsconnect/text.hpp"

#include <functional>

using namespace letsconnect;
namespace fs = std::filesystem;

namespace {

const std::chrono::sys_days fuzz_week{std::chrono::year{2026} / std::chrono::March / 2};

std::string read_bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Feeds each file of regressions/<target>/ to `parse`; a missing folder means nothing found yet.
void for_each_regression(const std::string& target, const std::function<void(std::string_view)>& parse) {
    const fs::path dir = fs::path(LETSCONNECT_SOURCE_DIR) / "tests" / "fuzz" / "regressions" / target;
    if (!fs::is_directory(dir)) GTEST_SKIP() << "no regressions for " << target;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.is_regular_file()) files.push_back(entry.path());
    std::ranges::sort(files);
    for (const auto& file : files) {
        SCOPED_TRACE(file.string());
        const std::string input = read_bytes(file);
        try {
            parse(input);
        } catch (const Error&) {
        }
    }
}

}  // namespace

TEST(FuzzRegression, DirectoryJson) {
    for_each_regression("fuzz_directory_json", [](std::string_view text) {
        const auto dir = Directory::from_json(text, "<fuzz>", nullptr, fuzz_week);
        const auto again = Directory::from_json(dir.to_json(), "<round trip>", nullptr, fuzz_week);
        EXPECT_TRUE(std::ranges::equal(dir.profiles(), again.profiles()));
    });
}

TEST(FuzzRegression, CapxJson) {
    for_each_regression("fuzz_capx_json", [](std::string_view text) {
        CapxSources sources;
        for (auto* part : {&sources.profiles, &sources.skills, &sources.territories, &sources.languages,
                           &sources.organizations}) {
            const auto cut = text.find('\0');
            *part = text.substr(0, cut);
            if (cut == std::string_view::npos) break;
            text.remove_prefix(cut + 1);
        }
        const auto dir = directory_from_capx(sources, fuzz_week);
        const auto again = Directory::from_json(dir.to_json(), "<round trip>", nullptr, fuzz_week);
        EXPECT_TRUE(std::ranges::equal(dir.profiles(), again.profiles()));
    });
}

TEST(FuzzRegression, TaxonomyJson) {
    for_each_regression("fuzz_taxonomy_json", [](std::string_view text) {
        try {
            const auto tax = Taxonomy::from_json(text);
            EXPECT_EQ(Taxonomy::from_json(tax.to_json()), tax);
        } catch (const Error&) {
        }
        const auto tax = Taxonomy::from_capx(text);
        EXPECT_EQ(Taxonomy::from_json(tax.to_json()), tax);
    });
}

TEST(FuzzRegression, ClinicsJson) {
    for_each_regression("fuzz_clinics_json", [](std::string_view text) {
        try {
            (void)parse_instant(text, "America/New_York");
        } catch (const Error&) {
        }
        const auto clinics = Clinics::from_json(text);
        EXPECT_EQ(Clinics::from_json(clinics.to_json()).clinics, clinics.clinics);
    });
}

TEST(FuzzRegression, ZoomCsv) {
    for_each_regression("fuzz_zoom_csv", [](std::string_view text) {
        static constexpr std::array<std::string_view, 4> zones{"UTC", "America/New_York", "Europe/London",
                                                               "Australia/Lord_Howe"};
        const auto report = ZoomReport::parse(text, "<fuzz>", zones[text.size() % zones.size()]);
        for (const auto& a : report.attendees()) EXPECT_LE(a.first_join, a.last_leave);
    });
}

TEST(FuzzRegression, Names) {
    for_each_regression("fuzz_names", [](std::string_view text) {
        const auto cut = text.find('\n');
        const auto a = text.substr(0, cut);
        const auto b = cut == std::string_view::npos ? std::string_view{} : text.substr(cut + 1);
        for (auto name : {a, b}) {
            try {
                (void)username_key(name);
                (void)casefold(name);
            } catch (const Error&) {
            }
            (void)clean_display_name(name);
        }
        const double s = name_similarity(a, b);
        EXPECT_GE(s, 0.0);
        EXPECT_LE(s, 1.0);
    });
}
