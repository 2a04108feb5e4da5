// SPDX-License-Identifier: MIT
// Clinics::from_json on arbitrary bytes; what parses must survive to_json -> from_json unchanged.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "letsconnect/clinic.hpp"
#include "letsconnect/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const auto clinics = letsconnect::Clinics::from_json(text, "<fuzz>");
        const auto json = clinics.to_json();
        const auto again = letsconnect::Clinics::from_json(json, "<fuzz>");
        if (again.clinics != clinics.clinics || again.to_json() != json) std::abort();
        for (const auto& c : clinics.clinics) {
            if (&clinics.at(c.id) != &c) std::abort();
            if (letsconnect::parse_instant(letsconnect::format_utc(c.start)) != c.start) std::abort();
            (void)clinics.attendance_paths(c);
        }
    } catch (const letsconnect::Error&) {
    }
    try {
        // The instant parser alone, with a zone that has DST gaps and overlaps.
        (void)letsconnect::parse_instant(text, "America/New_York");
    } catch (const letsconnect::Error&) {
    }
    return 0;
}
