// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#pragma once

// Internals of name reconciliation shared by names.cpp and reconcile.cpp; not installed.

#include <string>
#include <string_view>
#include <vector>

#include "letsconnect/reconcile.hpp"

namespace letsconnect::detail {

/// One normalised word of a name: ASCII lower case letters and digits.
struct Word {
    std::string text;
    bool translit = false;  ///< transliterated from a non-Latin script
    bool acronym = false;   ///< written as 2–5 capitals ("WMNG"): likely an affiliation
    bool code = false;      ///< a model code or number ("A52", "7H3K2LQ"), not part of a name
    friend bool operator==(const Word&, const Word&) = default;
};

/// One reading of a name: its words.
using Reading = std::vector<Word>;

/// clean_display_name() with the readings as words.
CleanName clean(std::string_view display_name, std::vector<Reading>& readings);

/// Consonant skeleton for comparing transliterations ("ahmd" and "ahmed" → "hmd").
std::string skeleton(std::string_view word);

/// Optimal string alignment distance, or limit + 1 when above `limit`.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit);

/// Similarity of two words in [0, 1]: 1 equal, 0.9 same skeleton across scripts, 0.85 one edit,
/// 0.75 an initial or two edits in long words.
double word_similarity(const Word& query, const Word& name);

/// Similarity of a displayed reading with a registered one (not symmetric: every displayed word
/// should be explained; registered middle names may be missing).
double reading_similarity(const Reading& query, const Reading& name);

/// The words joined: "kofimensah".
std::string compact(const Reading& reading);

}  // namespace letsconnect::detail
