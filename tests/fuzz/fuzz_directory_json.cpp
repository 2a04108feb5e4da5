// SPDX-License-Identifier: MIT
// Directory::from_json on arbitrary bytes; what parses must survive to_json -> from_json unchanged.
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "letsconnect/directory.hpp"
#include "letsconnect/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace std::chrono;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const sys_days week{year{2026} / March / 2};  // fixed, so a run does not depend on the date
    try {
        const auto dir = letsconnect::Directory::from_json(text, "<fuzz>", nullptr, week);
        const auto json = dir.to_json();
        const auto again = letsconnect::Directory::from_json(json, "<round trip>", nullptr, week);
        if (!std::ranges::equal(dir.profiles(), again.profiles()) || again.to_json() != json) std::abort();
        for (const auto& p : dir.profiles())
            if (dir.find(p.username) == std::nullopt) std::abort();
    } catch (const letsconnect::Error&) {
    }
    return 0;
}
