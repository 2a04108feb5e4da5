// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#include "letsconnect/text.hpp"

#include <algorithm>

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/ustring.h>

#include "letsconnect/error.hpp"

namespace letsconnect {

namespace {

icu::UnicodeString to_unicode(std::string_view text) {
    if (!is_valid_utf8(text)) throw Error("text is not valid UTF-8");
    return icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
}

icu::UnicodeString normalize_nfc(const icu::UnicodeString& text) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) throw Error(std::string("ICU NFC unavailable: ") + u_errorName(status));
    icu::UnicodeString out = nfc->normalize(text, status);
    if (U_FAILURE(status)) throw Error(std::string("NFC normalisation failed: ") + u_errorName(status));
    return out;
}

std::string to_utf8(const icu::UnicodeString& text) {
    std::string out;
    text.toUTF8String(out);
    return out;
}

}  // namespace

bool is_valid_utf8(std::string_view text) noexcept {
    if (text.size() > static_cast<std::size_t>(INT32_MAX)) return false;
    UErrorCode status = U_ZERO_ERROR;
    int32_t length = 0;
    // Preflighting reports U_INVALID_CHAR_FOUND for ill-formed input, overflow for valid input.
    u_strFromUTF8(nullptr, 0, &length, text.data(), static_cast<int32_t>(text.size()), &status);
    return status == U_BUFFER_OVERFLOW_ERROR || U_SUCCESS(status) || status == U_STRING_NOT_TERMINATED_WARNING;
}

std::string nfc(std::string_view text) { return to_utf8(normalize_nfc(to_unicode(text))); }

std::string casefold(std::string_view text) {
    icu::UnicodeString u = normalize_nfc(to_unicode(text));
    u.foldCase(U_FOLD_CASE_DEFAULT);
    return to_utf8(normalize_nfc(u));
}

std::string username_key(std::string_view username) {
    // ASCII is already NFC and its white space and case rules are the ASCII ones: skip ICU.
    if (std::all_of(username.begin(), username.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
        std::string out;
        out.reserve(username.size());
        bool pending_space = false;
        for (const char c : username) {
            if (c == '_' || c == ' ' || (c >= '\t' && c <= '\r')) {  // as ICU's White_Space in ASCII
                pending_space = !out.empty();
                continue;
            }
            if (pending_space) out += ' ';
            pending_space = false;
            out += (out.empty() && c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
        }
        return out;
    }
    const icu::UnicodeString u = normalize_nfc(to_unicode(username));
    icu::UnicodeString out;
    bool pending_space = false;
    for (int32_t i = 0; i < u.length();) {
        const UChar32 c = u.char32At(i);
        i += U16_LENGTH(c);
        if (c == u'_' || u_isUWhiteSpace(c)) {
            pending_space = !out.isEmpty();
            continue;
        }
        if (pending_space) out.append(u' ');
        pending_space = false;
        out.append(out.isEmpty() ? u_toupper(c) : c);
    }
    return to_utf8(out);
}

std::string language_name(std::string_view code, std::string_view display) {
    const std::string tag(code), shown(display);
    UErrorCode status = U_ZERO_ERROR;
    const icu::Locale locale = icu::Locale::forLanguageTag(tag, status);
    if (U_FAILURE(status) || locale.isBogus()) return tag;
    icu::UnicodeString name;
    locale.getDisplayLanguage(icu::Locale(shown.c_str()), name);
    std::string out;
    name.toUTF8String(out);
    if (out.empty() || out == locale.getLanguage()) return tag;  // ICU echoes codes it has no name for
    return out;
}

}  // namespace letsconnect
