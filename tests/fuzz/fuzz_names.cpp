// SPDX-License-Identifier: MIT
// Name normalisation and the keys the reconciler matches on. Input: two names separated by a
// newline (a Zoom display name, then a registered name or username).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "letsconnect/error.hpp"
#include "letsconnect/reconcile.hpp"
#include "letsconnect/text.hpp"
#include "names.hpp"

namespace {

void exercise(std::string_view name) {
    const bool valid = letsconnect::is_valid_utf8(name);
    try {
        const auto n = letsconnect::nfc(name);
        if (!valid || letsconnect::nfc(n) != n) std::abort();
        const auto folded = letsconnect::casefold(name);
        if (letsconnect::casefold(folded) != folded) std::abort();
        const auto key = letsconnect::username_key(name);
        if (letsconnect::username_key(key) != key) std::abort();
    } catch (const letsconnect::Error&) {
    }
    try {
        (void)letsconnect::clean_display_name(name);
        std::vector<letsconnect::detail::Reading> readings;
        (void)letsconnect::detail::clean(name, readings);
        for (const auto& r : readings) {
            (void)letsconnect::detail::compact(r);
            for (const auto& w : r) (void)letsconnect::detail::skeleton(w.text);
        }
    } catch (const letsconnect::Error&) {
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto cut = text.find('\n');
    const auto a = text.substr(0, cut);
    const auto b = cut == std::string_view::npos ? std::string_view{} : text.substr(cut + 1);
    exercise(a);
    exercise(b);
    try {
        const double s = letsconnect::name_similarity(a, b);
        if (!(s >= 0.0 && s <= 1.0) || s != letsconnect::name_similarity(b, a)) std::abort();
        (void)letsconnect::detail::edit_distance(a, b, 3);
    } catch (const letsconnect::Error&) {
    }
    return 0;
}
