// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#pragma once

/// @file text.hpp
/// @brief Unicode text helpers (ICU): validation, normalisation, username keys.

#include <string>
#include <string_view>

namespace letsconnect {

/// @brief True when `text` is well-formed UTF-8.
[[nodiscard]] bool is_valid_utf8(std::string_view text) noexcept;

/// @brief Unicode NFC normalisation. @throws Error on invalid UTF-8
[[nodiscard]] std::string nfc(std::string_view text);

/// @brief Full Unicode case folding of the NFC form (for case-insensitive keys).
[[nodiscard]] std::string casefold(std::string_view text);

/// @brief The key a Wikimedia username is looked up by: NFC, underscores as spaces, runs of
/// white space collapsed and trimmed, first letter upper-cased (as MediaWiki does).
/// "Amina_Bello", " Amina  Bello" and "amina Bello" all give "Amina Bello"; like MediaWiki,
/// only the first letter is case-insensitive ("Amina bello" is another user).
[[nodiscard]] std::string username_key(std::string_view username);

/// @brief Name of the language `code` ("fr", "pt-br") in the language `display` (ICU's CLDR
/// data): language_name("fr") is "French", language_name("fr", "fr") "français". Unknown codes
/// come back unchanged.
[[nodiscard]] std::string language_name(std::string_view code, std::string_view display = "en");

}  // namespace letsconnect
