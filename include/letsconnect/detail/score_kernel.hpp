// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#pragma once

/// @file detail/score_kernel.hpp
/// @brief The prepared seeker and the per-candidate kernel every engine calls (internal).

#include <algorithm>
#include <bit>
#include <cstdint>
#include <limits>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include "letsconnect/directory.hpp"
#include "letsconnect/score.hpp"

namespace letsconnect::detail {

/// @brief Which candidates a query may return: a bitmap over the directory (null: everybody).
using CandidateBitmap = std::shared_ptr<const std::vector<std::uint64_t>>;

/// @brief One of the seeker's skills, with the masks of candidate skills that earn each credit.
struct Term {
    SkillIndex skill = 0;
    /// Credit levels in decreasing order of credit; only levels with credit > 0 and a non-empty mask.
    std::vector<double> credit;
    std::vector<std::uint64_t> masks;  // credit.size() × skill_words
};

/// @brief The seeker's terms of one direction as a table: credit of candidate skill `s` for
/// term `j` at `credit[s * terms + j]`, so a candidate's few skills are looked up directly.
struct CreditTable {
    std::size_t terms = 0;
    std::vector<double> credit;       // skills × terms
    std::vector<std::uint64_t> any;   // skill words: skills earning any credit
};

/// @brief A language the seeker speaks at a usable level.
struct SeekerLanguage {
    LanguageId id;
    BabelLevel level;
};

/// @brief Everything about a seeker the kernel needs, computed once.
struct SeekerContext {
    const Directory* directory = nullptr;
    Weights weights;
    ScoreOptions options;
    std::optional<ProfileIndex> self;  // the seeker's own index, never a candidate
    Region region = Region::Unknown;
    CountryCode country = no_country;
    WeekSlots availability{};
    double time_zone_bound = 1.0;  // the largest time-zone component any candidate can reach
    std::uint8_t availability_words[week_words] = {};  // the words of `availability` that are not 0
    std::uint8_t availability_word_count = 0;
    std::uint8_t required_words[week_words] = {};  // the words of options.available that are not 0
    std::uint8_t required_word_count = 0;
    const std::uint64_t* availability_columns = nullptr;  // the directory's, word w of profile i at [w * n + i]
    std::size_t profiles = 0;                             // n
    std::string name;            // the seeker's username; empty for a clinic
    std::string label_language;  // language of skill labels in explanations
    std::vector<Term> learn_terms;  // seeker.learns against candidate.shares
    std::vector<Term> share_terms;  // seeker.shares against candidate.learns
    CreditTable learn_table;        // learn_terms as a table
    CreditTable share_table;
    std::vector<SeekerLanguage> languages;  // usable (level ≥ max(min_level, 1)), by id
    BabelLevel usable_level = 1;
    CandidateBitmap allowed;  // filter (and exclude list); null: no filter
    Directory::RowLayout layout{};
    std::size_t skill_words = 0;
};

/// @brief Coverage of the table's terms by a candidate's skills: the mean over terms of the best
/// credit, summed in term order (as Σ term_credit / terms).
inline double coverage(const CreditTable& t, const std::uint64_t* skills, std::size_t words) noexcept {
    if (t.terms == 0) return 0.0;
    // Most candidates hold none of the credited skills; settle them before any table work.
    std::uint64_t any = 0;
    for (std::size_t w = 0; w < words; ++w) any |= skills[w] & t.any[w];
    if (!any) return 0.0;
    constexpr std::size_t stack_terms = 32;
    double stack_best[stack_terms];
    std::unique_ptr<double[]> heap_best;
    double* b = stack_best;
    if (t.terms > stack_terms) {
        heap_best.reset(new (std::nothrow) double[t.terms]);
        if (!heap_best) return 0.0;  // unreachable in practice: a seeker with > 32 skills and no memory
        b = heap_best.get();
    }
    std::fill(b, b + t.terms, 0.0);
    for (std::size_t w = 0; w < words; ++w)
        for (std::uint64_t bits = skills[w] & t.any[w]; bits; bits &= bits - 1) {
            const double* row = t.credit.data() + (w * 64 + static_cast<std::size_t>(std::countr_zero(bits))) * t.terms;
            for (std::size_t j = 0; j < t.terms; ++j) b[j] = std::max(b[j], row[j]);
        }
    double sum = 0.0;
    for (std::size_t j = 0; j < t.terms; ++j) sum += b[j];
    return sum / static_cast<double>(t.terms);
}

/// @brief Best usable level both speak (0 when none), from the row's level nibbles and, for
/// languages past the nibbles, the directory's language lists.
inline BabelLevel common_level(const SeekerContext& c, ProfileIndex i, const std::uint64_t* row) noexcept {
    const std::uint64_t levels = row[c.layout.levels];
    const bool rare = (row[c.layout.misc] >> 24) & 1U;
    BabelLevel best = 0;
    for (const SeekerLanguage& l : c.languages) {
        BabelLevel theirs = 0;
        if (l.id < Directory::row_languages) theirs = static_cast<BabelLevel>((levels >> (3 * l.id)) & 0x7);
        else if (rare) theirs = c.directory->level(i, l.id).value_or(0);
        if (theirs >= c.usable_level) best = std::max(best, std::min(l.level, theirs));
    }
    return best;
}

/// @brief Word `w` of candidate `i`'s UTC availability.
inline std::uint64_t availability_word(const SeekerContext& c, std::size_t w, ProfileIndex i) noexcept {
    return c.availability_columns[w * c.profiles + i];
}

/// @brief First stage of evaluate(): the hard filters and every component but the time zone,
/// reading only the candidate's row (one cache line). False when a hard filter rejects the pair
/// or, with a `floor`, when the pair cannot reach it even with the most common hours; otherwise
/// `out.total` holds the weighted sum so far and finish_time_zone() completes it.
inline bool evaluate_head(const SeekerContext& c, ProfileIndex i, Score& out,
                          double floor = -std::numeric_limits<double>::infinity()) noexcept {
    if (c.self && *c.self == i) return false;
    if (c.allowed && !(((*c.allowed)[i / 64] >> (i % 64)) & 1U)) return false;
    const auto& L = c.layout;
    const std::uint64_t* row = c.directory->score_rows().data() + std::size_t{i} * L.words;
    for (std::uint8_t k = 0; k < c.required_word_count; ++k) {
        const std::uint8_t w = c.required_words[k];
        if ((availability_word(c, w, i) & c.options.available[w]) != c.options.available[w]) return false;
    }

    const BabelLevel level = common_level(c, i, row);
    if (level == 0 && c.weights.min_level > 0) return false;

    const double learn = coverage(c.learn_table, row + L.shares, c.skill_words);
    const double share = coverage(c.share_table, row + L.learns, c.skill_words);
    const Direction d = c.options.direction;
    if (c.options.require_skill) {
        const bool relevant = d == Direction::learn_from ? learn > 0
                            : d == Direction::share_with ? share > 0
                                                         : (learn > 0 || share > 0);
        if (!relevant) return false;
    }
    Breakdown& b = out.breakdown;
    b.skill = d == Direction::share_with ? share : learn;
    b.reciprocity = d == Direction::share_with ? learn : share;
    b.language = static_cast<double>(level) / 6.0;

    const std::uint64_t misc = row[L.misc];
    const auto region = static_cast<Region>(misc & 0xFF);
    const auto country = static_cast<CountryCode>((misc >> 8) & 0xFFFF);
    if (c.region == Region::Unknown || region == Region::Unknown) b.region = 0.0;
    else if (c.country != no_country && country == c.country) b.region = c.weights.same_country;
    else if (region == c.region) b.region = c.weights.same_region;
    else b.region = c.weights.other_region;

    const Weights& wt = c.weights;
    const double partial = b.skill * wt.skill + b.reciprocity * wt.reciprocity + b.language * wt.language + b.region * wt.region;
    if (partial + c.time_zone_bound * wt.time_zone + 1e-9 < floor) return false;
    out.total = partial;
    return true;
}

/// @brief Asks for the availability words finish_time_zone() will read for candidate `i`.
inline void prefetch_availability(const SeekerContext& c, ProfileIndex i) noexcept {
    for (std::uint8_t k = 0; k < c.availability_word_count; ++k)
        __builtin_prefetch(c.availability_columns + c.availability_words[k] * c.profiles + i);
}

/// @brief Second stage of evaluate(): the time-zone component (common UTC hours), added last.
inline void finish_time_zone(const SeekerContext& c, ProfileIndex i, Score& out) noexcept {
    int common = 0;
    for (std::uint8_t k = 0; k < c.availability_word_count; ++k) {
        const std::uint8_t w = c.availability_words[k];
        common += std::popcount(availability_word(c, w, i) & c.availability[w]);
    }
    out.breakdown.time_zone = std::min(1.0, static_cast<double>(common) / (4.0 * c.weights.overlap_hours));
    out.total += out.breakdown.time_zone * c.weights.time_zone;
}

/// @brief Scores candidate `i`; false when a hard filter rejects the pair or, with a `floor`,
/// when the pair cannot reach it (then `out` is unspecified). The time-zone component, the only
/// one needing the availability words, is bounded first and computed last.
inline bool evaluate(const SeekerContext& c, ProfileIndex i, Score& out,
                     double floor = -std::numeric_limits<double>::infinity()) noexcept {
    if (!evaluate_head(c, i, out, floor)) return false;
    finish_time_zone(c, i, out);
    return true;
}

/// @brief Total only; -infinity when rejected.
inline double evaluate_total(const SeekerContext& c, ProfileIndex i) noexcept {
    Score s;
    return evaluate(c, i, s) ? s.total : -std::numeric_limits<double>::infinity();
}

/// @brief The candidate filter of `options` as a bitmap (null when nothing is filtered).
/// @throws ValidationError, NotFoundError as Directory::search does
[[nodiscard]] CandidateBitmap candidate_bitmap(const Directory& directory, const SearchQuery& filter);

/// @brief Prepares `seeker` (a profile of `directory` at `self`, or from outside it).
[[nodiscard]] std::unique_ptr<SeekerContext> make_context(const Directory& directory, const Profile& seeker,
                                                          std::optional<ProfileIndex> self, const Weights& weights,
                                                          const ScoreOptions& options, CandidateBitmap allowed);

}  // namespace letsconnect::detail
