// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
// Tests of letsconnect/text.hpp: UTF-8 validation, NFC, case folding and username keys.

#include "test_helpers.hpp"

#include "letsconnect/text.hpp"

using namespace letsconnect;

TEST(Utf8, Valid) {
    EXPECT_TRUE(is_valid_utf8(""));
    EXPECT_TRUE(is_valid_utf8("Amina Bello"));
    EXPECT_TRUE(is_valid_utf8("\xc3\xa9"));                  // é
    EXPECT_TRUE(is_valid_utf8("أحمد محمد"));
    EXPECT_TRUE(is_valid_utf8("\xf0\x9f\x99\x82"));          // 🙂 (4 bytes)
    EXPECT_TRUE(is_valid_utf8("\xef\xbb\xbfZoom"));           // BOM is a valid character
}

TEST(Utf8, Invalid) {
    EXPECT_FALSE(is_valid_utf8("\xff"));
    EXPECT_FALSE(is_valid_utf8("Jos\xe9 Ortiz"));            // Latin-1 é
    EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));                 // overlong '/'
    EXPECT_FALSE(is_valid_utf8("\xe0\x80\xaf"));             // overlong
    EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));             // UTF-16 surrogate
    EXPECT_FALSE(is_valid_utf8("\xe2\x82"));                 // truncated €
    EXPECT_FALSE(is_valid_utf8("\x80"));                     // lone continuation byte
    EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));         // beyond U+10FFFF
    EXPECT_FALSE(is_valid_utf8(std::string_view("a\xc3", 2)));
}

TEST(Nfc, ComposesDecomposedCharacters) {
    EXPECT_EQ(nfc("e\u0301"), "\u00e9");
    EXPECT_EQ(nfc("Jose\u0301 Ortiz"), "Jos\u00e9 Ortiz");
    EXPECT_EQ(nfc("\u0627\u0653"), "\u0622");  // alef + madda above → alef with madda
    EXPECT_EQ(nfc("\u1100\u1161"), "\uac00");  // Hangul jamo → syllable
    EXPECT_EQ(nfc("already composed \u00e9"), "already composed \u00e9");
    EXPECT_EQ(nfc(""), "");
}

TEST(Nfc, InvalidUtf8Throws) {
    EXPECT_THROW((void)nfc("Jos\xe9"), Error);
    EXPECT_THROW((void)nfc("\xff"), Error);
}

TEST(Casefold, FullFolding) {
    EXPECT_EQ(casefold("Amina BELLO"), "amina bello");
    EXPECT_EQ(casefold("Stra\u00dfe"), "strasse");                 // ß → ss (full folding)
    EXPECT_EQ(casefold("\u00c9COLE"), "\u00e9cole");
    EXPECT_EQ(casefold("E\u0301COLE"), "\u00e9cole");              // NFC first
    EXPECT_EQ(casefold("\u0391\u0398\u0397\u039d\u0391"), "\u03b1\u03b8\u03b7\u03bd\u03b1");  // ΑΘΗΝΑ
    EXPECT_EQ(casefold("\u0418\u0432\u0430\u043d"), "\u0438\u0432\u0430\u043d");              // Иван
    EXPECT_EQ(casefold("أحمد"), "أحمد");
    EXPECT_EQ(casefold(casefold("MiXeD Ĉase")), casefold("MiXeD Ĉase"));
}

TEST(UsernameKey, UnderscoresAndWhitespace) {
    const std::string key = username_key("Amina Bello");
    EXPECT_EQ(key, "Amina Bello");
    EXPECT_EQ(username_key("Amina_Bello"), key);
    EXPECT_EQ(username_key("  Amina   Bello "), key);
    EXPECT_EQ(username_key("Amina\tBello"), key);
    EXPECT_EQ(username_key("_Amina__Bello_"), key);
    EXPECT_EQ(username_key("Kofi_Mensah"), username_key("Kofi Mensah"));
}

TEST(UsernameKey, FirstLetterUpperCased) {
    EXPECT_EQ(username_key("amina Bello"), "Amina Bello");
    EXPECT_EQ(username_key("\u00e9lodie"), "\u00c9lodie");
    EXPECT_EQ(username_key("\u0438\u0432\u0430\u043d"), "\u0418\u0432\u0430\u043d");  // иван → Иван
}

TEST(UsernameKey, CaseSensitiveBeyondTheFirstLetter) {
    // MediaWiki only upper-cases the first letter: "Amina bello" and "Amina Bello" are two
    // different accounts, so "amina_bello" keys to "Amina bello". (text.hpp's example claims
    // "Amina Bello"; that contradicts its own MediaWiki rule.)
    EXPECT_EQ(username_key("amina_bello"), "Amina bello");
    EXPECT_NE(username_key("amina_bello"), username_key("Amina Bello"));
    EXPECT_EQ(username_key("Amina  Bello"), "Amina Bello");
    EXPECT_EQ(username_key("aMINA bELLO"), "AMINA bELLO");
}

TEST(UsernameKey, NonLatinUnchangedExceptNfc) {
    EXPECT_EQ(username_key("أحمد محمد"), "أحمد محمد");
    EXPECT_EQ(username_key("राम कुमार"), "राम कुमार");
    EXPECT_EQ(username_key("李明"), "李明");
    EXPECT_EQ(username_key("\u0627\u0653\u0645\u0646\u0629"), "\u0622\u0645\u0646\u0629");  // NFC applied
    EXPECT_EQ(username_key("Jose\u0301"), "Jos\u00e9");
}

TEST(UsernameKey, InvalidUtf8Throws) {
    EXPECT_THROW((void)username_key("Jos\xe9 Ortiz"), Error);
}
