// SPDX-License-Identifier: MIT
// directory_from_capx on arbitrary bytes. Input: the CapX documents separated by NUL bytes, in the
// order profiles, skills, territories, languages, organizations (missing ones are empty).
// A directory built from CapX must survive to_json -> from_json with the same profiles.
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "letsconnect/capx.hpp"
#include "letsconnect/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace std::chrono;
    std::string_view text(reinterpret_cast<const char*>(data), size);
    letsconnect::CapxSources sources;
    std::array<std::string*, 5> parts{&sources.profiles, &sources.skills, &sources.territories, &sources.languages,
                                      &sources.organizations};
    for (auto* part : parts) {
        const auto cut = text.find('\0');
        *part = text.substr(0, cut);
        if (cut == std::string_view::npos) break;
        text.remove_prefix(cut + 1);
    }
    const sys_days week{year{2026} / March / 2};
    try {
        const auto dir = letsconnect::directory_from_capx(sources, week);
        const auto json = dir.to_json();
        const auto again = letsconnect::Directory::from_json(json, "<round trip>", nullptr, week);
        if (!std::ranges::equal(dir.profiles(), again.profiles())) std::abort();
    } catch (const letsconnect::Error&) {
    }
    return 0;
}
