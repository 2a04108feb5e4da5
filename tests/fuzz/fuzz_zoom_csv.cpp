// SPDX-License-Identifier: MIT
// ZoomReport::parse on arbitrary bytes, in a zone picked by the input's length (so seeds cover
// zones with and without DST); parsed reports must merge into consistent attendees.
#include <array>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "letsconnect/attendance.hpp"
#include "letsconnect/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static constexpr std::array<std::string_view, 4> zones{"UTC", "America/New_York", "Europe/London",
                                                           "Australia/Lord_Howe"};
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const auto report = letsconnect::ZoomReport::parse(text, "<fuzz>", zones[size % zones.size()]);
        for (const auto& s : report.segments)
            if (s.leave < s.join) std::abort();
        for (const auto& a : report.attendees()) {
            if (a.seconds < 0 || a.first_join > a.last_leave) std::abort();
            if (a.seconds > (a.last_leave - a.first_join).count()) std::abort();
            for (auto i : a.segments)
                if (i >= report.segments.size()) std::abort();
        }
    } catch (const letsconnect::Error&) {
    }
    return 0;
}
