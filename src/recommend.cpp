// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#include "letsconnect/recommend.hpp"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <functional>
#include <limits>
#include <mutex>
#include <sstream>
#include <thread>

#include "internal.hpp"
#include "parallel.hpp"
#include "letsconnect/detail/score_kernel.hpp"
#include "letsconnect/text.hpp"

// The bitmap loops are compiled twice, for AVX2 and for the x86-64 baseline; the loader picks the
// one the CPU runs (GCC function multiversioning).
// Not under the sanitizers: the loader runs the clone resolver before they start.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__) && \
    !defined(__SANITIZE_THREAD__)
#define LETSCONNECT_VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define LETSCONNECT_VECTOR_CLONES
#endif

namespace letsconnect {
namespace {

using detail::cores;
using detail::parallel_for;

using detail::SeekerContext;

// The k best (total desc, then username order) seen so far; the worst sits on top of the heap.
class TopK {
public:
    TopK(std::size_t k, std::span<const ProfileIndex> rank) : k_(k), rank_(rank) { heap_.reserve(std::min<std::size_t>(k, 1 << 16)); }

    void offer(ProfileIndex i, const Score& s) {
        const Match m{i, s};
        if (heap_.size() < k_) {
            heap_.push_back(m);
            std::push_heap(heap_.begin(), heap_.end(), better_);
        } else if (better_(m, heap_.front())) {
            std::pop_heap(heap_.begin(), heap_.end(), better_);
            heap_.back() = m;
            std::push_heap(heap_.begin(), heap_.end(), better_);
        }
    }
    [[nodiscard]] bool full() const noexcept { return heap_.size() >= k_; }
    [[nodiscard]] double threshold() const noexcept { return heap_.front().score.total; }
    std::vector<Match> take() {
        std::sort(heap_.begin(), heap_.end(), better_);
        return std::move(heap_);
    }

private:
    struct Better {
        std::span<const ProfileIndex> rank;
        bool operator()(const Match& a, const Match& b) const noexcept {
            if (a.score.total != b.score.total) return a.score.total > b.score.total;
            return rank[a.candidate] < rank[b.candidate];
        }
    };
    std::size_t k_;
    std::span<const ProfileIndex> rank_;
    Better better_{rank_};
    std::vector<Match> heap_;
};

void check_k(std::size_t k) {
    if (k == 0) throw ValidationError({{"recommend", "query", "k", "k must be at least 1"}});
}

// Candidates of a group are scored in batches. The rows of a whole batch are prefetched first,
// so the memory latency of these scattered rows overlaps instead of adding up; the availability
// words are then prefetched only for the candidates that survive the first stage.
class Batch {
public:
    // `shared`: the best k-th best of the other parts searched in parallel (none: null).
    Batch(const SeekerContext& c, TopK& top, std::atomic<double>* shared = nullptr) : c_(c), top_(top), shared_(shared) {}
    // No candidate scoring below this can be in the top k (the k-th best so far, here or in a
    // part searched in parallel).
    [[nodiscard]] double floor() const noexcept {
        const double own = top_.full() ? top_.threshold() : -std::numeric_limits<double>::infinity();
        return shared_ ? std::max(own, shared_->load(std::memory_order_relaxed)) : own;
    }
    void add_word(std::size_t w, std::uint64_t bits) {
        for (; bits; bits &= bits - 1) {
            items_[count_++] = static_cast<ProfileIndex>(w * 64 + static_cast<std::size_t>(std::countr_zero(bits)));
            if (count_ == size) flush();
        }
    }
    void flush() {
        const std::uint64_t* rows = c_.directory->score_rows().data();
        const std::size_t stride = c_.layout.words;
        for (std::size_t k = 0; k < count_; ++k)
            for (std::size_t w = 0; w < stride; w += 8) __builtin_prefetch(rows + std::size_t{items_[k]} * stride + w);
        const double floor = this->floor();
        std::size_t kept = 0;
        for (std::size_t k = 0; k < count_; ++k)
            if (detail::evaluate_head(c_, items_[k], scores_[kept], floor)) {
                detail::prefetch_availability(c_, items_[k]);
                kept_[kept++] = items_[k];
            }
        for (std::size_t k = 0; k < kept; ++k) {
            detail::finish_time_zone(c_, kept_[k], scores_[k]);
            top_.offer(kept_[k], scores_[k]);
        }
        count_ = 0;
        if (shared_ && top_.full()) {
            const double mine = top_.threshold();
            double seen = shared_->load(std::memory_order_relaxed);
            while (seen < mine && !shared_->compare_exchange_weak(seen, mine, std::memory_order_relaxed)) {
            }
        }
    }

private:
    static constexpr std::size_t size = 32;
    const SeekerContext& c_;
    TopK& top_;
    std::atomic<double>* shared_;
    ProfileIndex items_[size];
    ProfileIndex kept_[size];
    Score scores_[size];
    std::size_t count_ = 0;
};

std::vector<Match> full_scan(const SeekerContext& c, std::size_t k) {
    const Directory& d = *c.directory;
    TopK top(k, d.username_rank());
    Score s;
    for (ProfileIndex i = 0; i < d.size(); ++i)
        if (detail::evaluate(c, i, s, top.full() ? top.threshold() : -std::numeric_limits<double>::infinity())) top.offer(i, s);
    return top.take();
}

// Bitmaps are processed in blocks of this many words (8,192 profiles), small enough for the
// block's intermediate words to stay in L1.
constexpr std::size_t block_words = 128;

// The bitmaps whose union is a term's hits: the directory's bitmaps of the dense skills, and one
// bitmap built from the inverted lists of the others.
struct TermSources {
    std::vector<const std::uint64_t*> bitmaps;
    std::vector<std::uint64_t> sparse;  // the union of the sparse skills' lists (if any)
};

TermSources term_sources(const Directory& d, SkillSet set, std::vector<std::uint64_t> mask) {
    TermSources out;
    const Taxonomy& tax = d.taxonomy();
    auto has = [&](SkillIndex s) { return (mask[s / 64] >> (s % 64)) & 1U; };
    // Whole subtrees in the mask first (parents come before children), then single skills.
    for (SkillIndex node = 0; node < tax.size(); ++node) {
        if (!has(node) || tax.children(node).empty()) continue;
        const auto subtree = tax.subtree(node);
        if (!std::all_of(subtree.begin(), subtree.end(), has)) continue;
        const auto bits = d.subtree_bitmap(set, node);
        if (bits.empty()) continue;
        out.bitmaps.push_back(bits.data());
        for (SkillIndex s : subtree) mask[s / 64] &= ~(std::uint64_t{1} << (s % 64));
    }
    for (std::size_t w = 0; w < mask.size(); ++w)
        for (std::uint64_t bits = mask[w]; bits; bits &= bits - 1) {
            const auto s = static_cast<SkillIndex>(w * 64 + static_cast<std::size_t>(std::countr_zero(bits)));
            if (auto dense = d.skill_bitmap(set, s); !dense.empty()) {
                out.bitmaps.push_back(dense.data());
            } else if (const auto list = d.postings(set, s); !list.empty()) {
                if (out.sparse.empty()) out.sparse.assign(d.bitmap_words(), 0);
                for (ProfileIndex i : list) out.sparse[i / 64] |= std::uint64_t{1} << (i % 64);
            }
        }
    if (!out.sparse.empty()) out.bitmaps.push_back(out.sparse.data());
    return out;
}

// Counts per profile as bit slices (vertical counters): slice b of a counter holds bit b of each
// profile's count. Slice-major, `words` per slice.
struct Counter {
    std::vector<TermSources> terms;  // the count is the number of these whose union has the profile
    int first = 0;                   // its first slice
    int width = 0;                   // bit_width(terms.size())
};

struct Slices {
    std::size_t words = 0;
    std::uint64_t* bits = nullptr;
    const std::uint64_t* slice(int b) const noexcept { return bits + static_cast<std::size_t>(b) * words; }
};

// A thread's working bitmaps for top_k, kept from one query to the next: allocating them afresh
// for every query costs more (page faults, heap churn) than filling them.
struct Scratch {
    using Bits = detail::HugeWords;
    Bits slices;
    Bits speaks[native_level + 1];
    Bits overlap;
    Bits scored;
};

Scratch& scratch() {
    thread_local Scratch s;
    return s;
}

constexpr int max_slices = 16;  // 4 counters of up to 15 terms
constexpr std::size_t count_block = 1024;
// A directory this large is searched in parallel parts (one per thread) by recommend().
constexpr std::size_t parallel_profiles = 262144;

// The counts of profiles in words [begin, end), one pass over the terms' bitmaps block by block
// with the block's counters kept in cache (L1/L2), into `memory` (slice b of word w at b * words + w).
LETSCONNECT_VECTOR_CLONES Slices count_terms(std::size_t words, std::size_t begin, std::size_t end, const std::vector<const Counter*>& counters,
                   Scratch::Bits& memory) {
    Slices out;
    out.words = words;
    int slices = 0;
    for (const Counter* k : counters) slices = std::max(slices, k->first + k->width);
    if (memory.size() < words * static_cast<std::size_t>(slices)) memory.resize(words * static_cast<std::size_t>(slices));
    out.bits = memory.data();
    thread_local std::uint64_t local[max_slices][count_block];
    thread_local std::uint64_t hits[count_block];
    for (std::size_t w0 = begin; w0 < end; w0 += count_block) {
        const std::size_t nb = std::min(count_block, end - w0);
        for (const Counter* k : counters) {
            for (int b = k->first; b < k->first + k->width; ++b) std::fill(local[b], local[b] + nb, 0);
            for (const TermSources& t : k->terms) {
                if (t.bitmaps.empty()) continue;
                const std::uint64_t* src = t.bitmaps[0] + w0;
                std::copy(src, src + nb, hits);
                for (std::size_t m = 1; m < t.bitmaps.size(); ++m) {
                    const std::uint64_t* __restrict more = t.bitmaps[m] + w0;
                    for (std::size_t j = 0; j < nb; ++j) hits[j] |= more[j];
                }
                for (int b = k->first; b < k->first + k->width; ++b) {
                    std::uint64_t* __restrict counter = local[b];
                    for (std::size_t j = 0; j < nb; ++j) {
                        const std::uint64_t carry = counter[j] & hits[j];
                        counter[j] ^= hits[j];
                        hits[j] = carry;
                    }
                }
            }
        }
        for (int b = 0; b < slices; ++b)
            std::copy(local[b], local[b] + nb, out.bits + static_cast<std::size_t>(b) * words + w0);
    }
    return out;
}

// Up to four bitmaps, each taken as is or complemented (`flip` 0 or ~0), all of them.
struct Conjunction {
    const std::uint64_t* src[4] = {nullptr, nullptr, nullptr, nullptr};
    std::uint64_t flip[4] = {0, 0, 0, 0};
    int count = 0;
    Conjunction& add(const std::uint64_t* bits, bool complement = false) {
        src[count] = bits;
        flip[count++] = complement ? ~std::uint64_t{0} : 0;
        return *this;
    }
};

// dst |= src over words [begin, end).
LETSCONNECT_VECTOR_CLONES void or_into(std::uint64_t* __restrict dst, const std::uint64_t* __restrict src, std::size_t begin,
                                       std::size_t end) {
    for (std::size_t w = begin; w < end; ++w) dst[w] |= src[w];
}

// One condition on a group's members: a conjunction; any of up to six
// conjunctions; or a bit-sliced count (slices `src`, lowest first) at least `value`.
struct Condition : Conjunction {
    enum Kind { all, any_of, at_least } kind = all;
    std::size_t value = 0;
    Conjunction terms[6];
    int term_count = 0;
    Condition& add(const std::uint64_t* bits, bool complement = false) {
        Conjunction::add(bits, complement);
        return *this;
    }
};

// OR of m (a condition every profile meets).
std::uint64_t any_of_all(const std::uint64_t* m, std::size_t nb) {
    std::uint64_t any = 0;
    for (std::size_t j = 0; j < nb; ++j) any |= m[j];
    return any;
}

// m &= the condition over words [w0, w0 + nb); returns the OR of the result (0: block empty).
LETSCONNECT_VECTOR_CLONES std::uint64_t apply(const Condition& cond, std::uint64_t* __restrict m, std::size_t w0, std::size_t nb) {
    std::uint64_t any = 0;
    if (cond.kind == Condition::any_of) {
        // Word by word where few words still have members, else vectorised over the block.
        std::size_t live = 0;
        for (std::size_t j = 0; j < nb; ++j) live += m[j] != 0;
        if (live * 4 < nb) {
            for (int t = 0; t < cond.term_count; ++t)
                if (cond.terms[t].count == 0) return any_of_all(m, nb);
            for (std::size_t j = 0; j < nb; ++j) {
                if (!m[j]) continue;
                std::uint64_t acc = 0;
                for (int t = 0; t < cond.term_count && acc != m[j]; ++t) {
                    const Conjunction& c = cond.terms[t];
                    std::uint64_t term = m[j];
                    for (int k = 0; k < c.count && term; ++k) term &= c.src[k][w0 + j] ^ c.flip[k];
                    acc |= term;
                }
                any |= m[j] = acc;
            }
            return any;
        }
        std::uint64_t acc[block_words], term[block_words];
        std::fill(acc, acc + nb, 0);
        for (int t = 0; t < cond.term_count; ++t) {
            const Conjunction& c = cond.terms[t];
            if (c.count == 0) return any_of_all(m, nb);
            const std::uint64_t* __restrict s0 = c.src[0] + w0;
            for (std::size_t j = 0; j < nb; ++j) term[j] = s0[j] ^ c.flip[0];
            for (int k = 1; k < c.count; ++k) {
                const std::uint64_t* __restrict sk = c.src[k] + w0;
                const std::uint64_t f = c.flip[k];
                for (std::size_t j = 0; j < nb; ++j) term[j] &= sk[j] ^ f;
            }
            for (std::size_t j = 0; j < nb; ++j) acc[j] |= term[j];
        }
        for (std::size_t j = 0; j < nb; ++j) any |= m[j] &= acc[j];
        return any;
    }
    if (cond.kind == Condition::at_least) {
        // count ≥ value, from the top slice down: `above` where the count's leading bits already
        // exceed the value's, `equal` where they match it so far.
        std::uint64_t above[block_words], equal[block_words];
        std::fill(above, above + nb, 0);
        std::fill(equal, equal + nb, ~std::uint64_t{0});
        for (int b = cond.count - 1; b >= 0; --b) {
            const std::uint64_t* __restrict s = cond.src[b] + w0;
            if ((cond.value >> b) & 1U) {
                for (std::size_t j = 0; j < nb; ++j) equal[j] &= s[j];
            } else {
                for (std::size_t j = 0; j < nb; ++j) {
                    above[j] |= equal[j] & s[j];
                    equal[j] &= ~s[j];
                }
            }
        }
        if (cond.value >> cond.count) {  // more than the slices can hold: nobody
            std::fill(m, m + nb, 0);
            return 0;
        }
        for (std::size_t j = 0; j < nb; ++j) any |= m[j] &= above[j] | equal[j];
        return any;
    }
    // A conjunction of one to four bitmaps.
    for (int k = 0; k < cond.count; ++k) {
        const std::uint64_t* __restrict a = cond.src[k] + w0;
        const std::uint64_t flip = cond.flip[k];
        any = 0;
        for (std::size_t j = 0; j < nb; ++j) any |= m[j] &= a[j] ^ flip;
        if (!any) return 0;
    }
    return any;
}


// Worker threads kept for the parallel parts of one query (recommend() on a large directory):
// starting threads for every query costs more than the work, and each worker keeps its scratch
// bitmaps warm. One query at a time uses them; a concurrent caller runs its parts itself.
class Workers {
public:
    static Workers& instance() {
        static Workers workers;
        return workers;
    }
    // Runs body(i) for i in [0, count) on the workers and the calling thread; rethrows the first
    // exception.
    void run(std::size_t count, const std::function<void(std::size_t)>& body) {
        std::unique_lock busy(busy_, std::try_to_lock);
        if (!busy.owns_lock() || threads_.empty()) {
            for (std::size_t i = 0; i < count; ++i) body(i);
            return;
        }
        {
            const std::lock_guard lock(mutex_);
            body_ = &body;
            count_ = count;
            next_ = 0;
            done_ = 0;
            error_ = nullptr;
            ++generation_;
        }
        wake_.notify_all();
        work();
        std::unique_lock lock(mutex_);
        finished_.wait(lock, [&] { return done_ == count_; });
        body_ = nullptr;
        if (error_) std::rethrow_exception(error_);
    }
    ~Workers() {
        {
            const std::lock_guard lock(mutex_);
            stop_ = true;
        }
        wake_.notify_all();
        for (auto& t : threads_) t.join();
    }

private:
    Workers() {
        const unsigned extra = cores() - 1;
        for (unsigned t = 0; t < extra; ++t) threads_.emplace_back([this] { loop(); });
    }
    void loop() {
        std::uint64_t seen = 0;
        for (;;) {
            {
                std::unique_lock lock(mutex_);
                wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
                if (stop_) return;
                seen = generation_;
            }
            work();
        }
    }
    void work() {
        for (;;) {
            std::size_t i;
            const std::function<void(std::size_t)>* body;
            {
                const std::lock_guard lock(mutex_);
                if (!body_ || next_ >= count_) return;
                i = next_++;
                body = body_;
            }
            std::exception_ptr error;
            try {
                (*body)(i);
            } catch (...) {
                error = std::current_exception();
            }
            const std::lock_guard lock(mutex_);
            if (error && !error_) error_ = error;
            if (++done_ == count_) finished_.notify_all();
        }
    }

    std::mutex busy_;   // one query at a time
    std::mutex mutex_;  // guards everything below
    std::condition_variable wake_, finished_;
    const std::function<void(std::size_t)>* body_ = nullptr;
    std::size_t count_ = 0, next_ = 0, done_ = 0;
    std::uint64_t generation_ = 0;
    std::exception_ptr error_;
    bool stop_ = false;
    std::vector<std::thread> threads_;
};

// The members in words [w0, w0 + nb) of every allowed profile meeting all `conditions` into `m`;
// false when there are none. A block is dropped as soon as one condition leaves it empty, so
// selective conditions (put first) make the rest cheap.
bool block_members(const std::vector<Condition>& conditions, const std::uint64_t* allowed, std::uint64_t tail,
                   std::size_t words, std::size_t w0, std::size_t nb, std::uint64_t* m) {
    if (allowed) std::copy(allowed + w0, allowed + w0 + nb, m);
    else std::fill(m, m + nb, ~std::uint64_t{0});
    if (w0 + nb == words) m[nb - 1] &= tail;
    for (const Condition& cond : conditions)
        if (!apply(cond, m, w0, nb)) return false;
    return true;
}

// One side of the seeker's terms: what the seeker wants to learn (against candidates' shares) or
// shares (against candidates' learns).
struct Side {
    Counter hits;        // terms hit (credit above h)
    Counter categories;  // terms whose category the profile has a skill of (known terms only)
    std::size_t terms = 0;
    double weight = 0;                   // of the component this side's coverage is
};

// A group of candidates with the same hit counts; its members score at most `bound` (misses at
// h, the best language, region and common hours).
struct Group {
    std::size_t learn_hits, share_hits;
    double bound;
};

// Everything about one seeker's top-k search that does not depend on the part of the directory
// searched.
struct Plan {
    const SeekerContext* c = nullptr;
    double h = 0;  // the best partial credit below 1
    Side learn, share;
    std::vector<Group> groups;  // best bound first
    BabelLevel best_level = 0;
    double tz_max = 0;
    const std::uint64_t* same_region = nullptr;   // when the region counts
    const std::uint64_t* same_country = nullptr;  // when the region counts and the country has a bitmap
    double near = 0, far = 0, region_max = 0;

    static constexpr double none = std::numeric_limits<double>::infinity();
    // A side's loss per known term outside its category (credit 0 instead of h), when possible.
    double category_loss(const Side& side, std::size_t hits) const {
        return h > 0 && side.weight > 0 && hits < side.terms && !side.categories.terms.empty()
                   ? h / static_cast<double>(side.terms) * side.weight
                   : none;
    }
};

Plan make_plan(const SeekerContext& c) {
    Plan p;
    p.c = &c;
    const Directory& d = *c.directory;
    const Weights& wt = c.weights;
    for (double v : {wt.narrower, wt.related, wt.category})
        if (v < 1.0) p.h = std::max(p.h, v);
    const double h = p.h;
    const Taxonomy& tax = d.taxonomy();
    const Direction dir = c.options.direction;
    auto make_side = [&](const std::vector<detail::Term>& terms, SkillSet set, int first, double weight) {
        Side side;
        side.terms = terms.size();
        side.weight = weight;
        for (const detail::Term& t : terms) {
            std::vector<std::uint64_t> mask(c.skill_words, 0), any(c.skill_words, 0);
            for (std::size_t level = 0; level < t.credit.size(); ++level)
                for (std::size_t w = 0; w < c.skill_words; ++w) {
                    if (t.credit[level] > h) mask[w] |= t.masks[level * c.skill_words + w];
                    any[w] |= t.masks[level * c.skill_words + w];
                }
            side.hits.terms.push_back(term_sources(d, set, std::move(mask)));
            if (h == 0) continue;
            const SkillIndex root = tax.category(t.skill);
            const auto bits = d.subtree_bitmap(set, root);
            std::vector<std::uint64_t> in_category(c.skill_words, 0);
            for (SkillIndex s : tax.subtree(root)) in_category[s / 64] |= std::uint64_t{1} << (s % 64);
            bool inside = !bits.empty();
            for (std::size_t w = 0; w < c.skill_words && inside; ++w) inside = (any[w] & ~in_category[w]) == 0;
            // (Credit never leaves a category; a category few hold has no bitmap and is not counted.)
            if (inside) side.categories.terms.push_back({{bits.data()}, {}});
        }
        side.hits.first = first;
        side.hits.width = static_cast<int>(std::bit_width(side.hits.terms.size()));
        side.categories.first = first + side.hits.width;
        side.categories.width = static_cast<int>(std::bit_width(side.categories.terms.size()));
        return side;
    };
    p.learn = make_side(c.learn_terms, SkillSet::shares, 0, dir == Direction::share_with ? wt.reciprocity : wt.skill);
    p.share = make_side(c.share_terms, SkillSet::learns, p.learn.categories.first + p.learn.categories.width,
                        dir == Direction::share_with ? wt.skill : wt.reciprocity);

    for (const auto& l : c.languages) p.best_level = std::max(p.best_level, l.level);
    p.tz_max = c.time_zone_bound;
    if (c.region != Region::Unknown && wt.region > 0) {
        p.same_region = d.region_bitmap(c.region).data();
        if (const auto bits = d.country_bitmap(c.country); !bits.empty() && wt.same_country != wt.same_region) p.same_country = bits.data();
        p.near = std::max(wt.same_country, wt.same_region);
        p.far = wt.other_region;
        p.region_max = std::max(p.near, p.far);
    }
    const std::size_t tl = p.learn.terms, ts = p.share.terms;
    for (std::size_t ml = 0; ml <= tl; ++ml)
        for (std::size_t ms = 0; ms <= ts; ++ms) {
            if (c.options.require_skill && h == 0) {
                const bool relevant = dir == Direction::learn_from ? ml > 0 : dir == Direction::share_with ? ms > 0 : ml + ms > 0;
                if (!relevant) continue;
            }
            const double lc = tl ? (static_cast<double>(ml) + static_cast<double>(tl - ml) * h) / static_cast<double>(tl) : 0.0;
            const double sc = ts ? (static_cast<double>(ms) + static_cast<double>(ts - ms) * h) / static_cast<double>(ts) : 0.0;
            const double skill = dir == Direction::share_with ? sc : lc;
            const double recip = dir == Direction::share_with ? lc : sc;
            const double bound = skill * wt.skill + recip * wt.reciprocity + static_cast<double>(p.best_level) / 6.0 * wt.language +
                                 p.region_max * wt.region + p.tz_max * wt.time_zone + 1e-9;  // slack for rounding
            p.groups.push_back({ml, ms, bound});
        }
    std::stable_sort(p.groups.begin(), p.groups.end(), [](const Group& a, const Group& b) { return a.bound > b.bound; });
    return p;
}

// The top k of the profiles in words [begin, end) of the directory's bitmaps. Groups are scored
// best bound first, and the search stops once the k-th best beats every remaining bound.
std::vector<Match> search(const Plan& p, std::size_t k, std::size_t begin, std::size_t end, std::atomic<double>* shared) {
    const SeekerContext& c = *p.c;
    const Directory& d = *c.directory;
    const Weights& wt = c.weights;
    const std::size_t n = d.size(), words = d.bitmap_words();
    Scratch& work = scratch();
    const Slices slices = count_terms(words, begin, end, {&p.learn.hits, &p.learn.categories, &p.share.hits, &p.share.categories},
                                      work.slices);

    // Who shares a language with the seeker at level v or above (lang component ≥ v / 6): the
    // directory's bitmap when one language of the seeker's qualifies and has one, else built
    // (over this part) when first needed.
    const std::uint64_t* speaks_at[native_level + 1] = {};
    auto speaks = [&](BabelLevel v) -> const std::uint64_t* {
        if (speaks_at[v]) return speaks_at[v];
        std::vector<const detail::SeekerLanguage*> qualifying;
        for (const auto& l : c.languages)
            if (l.level >= v) qualifying.push_back(&l);
        if (qualifying.size() == 1)
            if (const auto dense = d.language_bitmap(qualifying[0]->id, v); !dense.empty()) return speaks_at[v] = dense.data();
        auto& bits = work.speaks[v];
        if (bits.size() < words) bits.resize(words);
        std::fill(bits.begin() + static_cast<std::ptrdiff_t>(begin), bits.begin() + static_cast<std::ptrdiff_t>(end), 0);
        for (const auto* l : qualifying) {
            if (const auto dense = d.language_bitmap(l->id, v); !dense.empty()) {
                or_into(bits.data(), dense.data(), begin, end);
            } else {
                for (const LanguageSpeaker& sp : d.language_speakers(l->id))
                    if (sp.level >= v && sp.profile / 64 >= begin && sp.profile / 64 < end)
                        bits[sp.profile / 64] |= std::uint64_t{1} << (sp.profile % 64);
            }
        }
        return speaks_at[v] = bits.data();
    };
    // Who is available in some 4-hour block the seeker is: everybody with a time-zone component
    // above 0, and a few more. The block's own bitmap for a seeker in one block, else built when
    // first needed.
    const std::uint64_t* overlap = nullptr;
    auto overlapping = [&]() -> const std::uint64_t* {
        if (overlap) return overlap;
        std::vector<int> blocks;
        for (int block = 0; block < static_cast<int>(Directory::availability_blocks); ++block) {
            const int first = block * Directory::block_hours * 4;  // quarter-hour slots of the block
            for (int slot = first; slot < first + Directory::block_hours * 4; ++slot)
                if ((c.availability[static_cast<std::size_t>(slot / 64)] >> (slot % 64)) & 1U) {
                    blocks.push_back(block);
                    break;
                }
        }
        if (blocks.size() == 1) return overlap = d.availability_block_bitmap(blocks[0]).data();
        auto& bits = work.overlap;
        if (bits.size() < words) bits.resize(words);
        std::fill(bits.begin() + static_cast<std::ptrdiff_t>(begin), bits.begin() + static_cast<std::ptrdiff_t>(end), 0);
        for (int block : blocks) or_into(bits.data(), d.availability_block_bitmap(block).data(), begin, end);
        return overlap = bits.data();
    };

    auto count_at_least = [&](const Counter& counter, std::size_t value) {
        Condition cond;
        cond.kind = Condition::at_least;
        for (int b = 0; b < counter.width; ++b) cond.src[cond.count++] = slices.slice(counter.first + b);
        cond.value = value;
        return cond;
    };
    // The conditions a member of group `g` meets to possibly reach `threshold`: the group's hit
    // counts (the selective slices first), and what it needs of categories, language, common
    // hours and region when everything else is at its best. False when no member can.
    std::vector<Condition> conditions, negated;
    auto group_conditions = [&](const Group& g, double threshold) -> bool {
        conditions.clear();
        negated.clear();
        auto hit_conditions = [&](const Counter& counter, std::size_t hits) {
            for (int b = counter.width - 1; b >= 0; --b) {
                const std::uint64_t* bits = slices.slice(counter.first + b);
                if ((hits >> b) & 1U) conditions.push_back(Condition{}.add(bits));
                else negated.push_back(Condition{}.add(bits, true));
            }
        };
        hit_conditions(p.learn.hits, g.learn_hits);
        hit_conditions(p.share.hits, g.share_hits);
        // Each side: the fewest known terms whose category a member must have.
        for (const auto& [side, hits] : {std::pair{&p.learn, g.learn_hits}, std::pair{&p.share, g.share_hits}}) {
            const double loss = p.category_loss(*side, hits);
            if (loss == Plan::none) continue;
            const std::size_t known = side->categories.terms.size();
            std::size_t need = 0;
            while (need < known && g.bound - static_cast<double>(known - need) * loss < threshold) ++need;
            if (need > 0) conditions.push_back(count_at_least(side->categories, need));
        }
        // Language, region and common hours together: for each region tier (same country, same
        // region, elsewhere) and hours tier (some common 4-hour block or none), the language level
        // a member needs for the rest of the bound to reach the threshold.
        struct Tier {
            Conjunction bits;
            double deficit;
        };
        Tier region_tiers[3], hour_tiers[2];
        int regions = 0, hours = 0;
        if (p.same_region) {
            if (p.same_country) {
                region_tiers[regions++] = {Conjunction{}.add(p.same_country), (p.region_max - wt.same_country) * wt.region};
                region_tiers[regions++] = {Conjunction{}.add(p.same_region).add(p.same_country, true),
                                           (p.region_max - wt.same_region) * wt.region};
            } else {
                region_tiers[regions++] = {Conjunction{}.add(p.same_region), (p.region_max - p.near) * wt.region};
            }
            region_tiers[regions++] = {Conjunction{}.add(p.same_region, true), (p.region_max - p.far) * wt.region};
        } else {
            region_tiers[regions++] = {Conjunction{}, 0.0};
        }
        if (p.tz_max > 0 && wt.time_zone > 0) {
            hour_tiers[hours++] = {Conjunction{}.add(overlapping()), 0.0};
            hour_tiers[hours++] = {Conjunction{}.add(overlapping(), true), p.tz_max * wt.time_zone};
        } else {
            hour_tiers[hours++] = {Conjunction{}, 0.0};
        }
        const BabelLevel gate = wt.min_level > 0 ? c.usable_level : 0;
        Condition joint;
        joint.kind = Condition::any_of;
        BabelLevel lowest = native_level + 1;  // the least any term needs
        bool everyone = false;
        for (int r = 0; r < regions; ++r)
            for (int t = 0; t < hours; ++t) {
                const double rest = g.bound - region_tiers[r].deficit - hour_tiers[t].deficit;
                BabelLevel need = gate;
                while (need <= p.best_level &&
                       rest - (static_cast<double>(p.best_level) - static_cast<double>(need)) / 6.0 * wt.language < threshold)
                    ++need;
                if (need > p.best_level) continue;  // nobody in these tiers can reach the threshold
                Conjunction term = region_tiers[r].bits;
                for (int k = 0; k < hour_tiers[t].bits.count; ++k)
                    term.add(hour_tiers[t].bits.src[k], hour_tiers[t].bits.flip[k] != 0);
                if (need > 0) term.add(speaks(need));
                lowest = std::min(lowest, need);
                if (term.count == 0) everyone = true;
                joint.terms[joint.term_count++] = term;
            }
        if (joint.term_count == 0) return false;  // nobody in the group can reach the threshold
        if (!everyone) {
            if (lowest > 0) conditions.push_back(Condition{}.add(speaks(lowest)));
            bool more = joint.term_count > 1;
            for (int t = 0; t < joint.term_count && !more; ++t) more = joint.terms[t].count > (lowest > 0 ? 1 : 0);
            if (more) conditions.push_back(joint);
        }
        conditions.insert(conditions.end(), negated.begin(), negated.end());
        return true;
    };

    TopK top(k, d.username_rank());
    const std::uint64_t* allowed = c.allowed ? c.allowed->data() : nullptr;
    const std::uint64_t tail = n % 64 ? (std::uint64_t{1} << (n % 64)) - 1 : ~std::uint64_t{0};
    Batch batch(c, top, shared);
    std::uint64_t m[block_words];
    auto visit = [&](std::uint64_t* mark) {
        for (std::size_t w0 = begin; w0 < end; w0 += block_words) {
            const std::size_t nb = std::min(block_words, end - w0);
            if (!block_members(conditions, allowed, tail, words, w0, nb, m)) continue;
            for (std::size_t j = 0; j < nb; ++j)
                if (m[j]) {
                    batch.add_word(w0 + j, m[j]);
                    if (mark) mark[w0 + j] |= m[j];
                }
        }
        batch.flush();  // before the next bound is compared with the threshold
    };
    // While fewer than k are found there is no threshold, and a group is scored whole. Its elite
    // (no miss outside its category, the seeker's best language level, the best region tier, some
    // common hours) goes first: it sets a high threshold that the rest of the group is then held to.
    std::uint64_t* scored = nullptr;  // the elite scored so far, when any
    auto elite_conditions = [&](const Group& g) {
        bool any = false;
        for (const auto& [side, hits] : {std::pair{&p.learn, g.learn_hits}, std::pair{&p.share, g.share_hits}})
            if (p.category_loss(*side, hits) != Plan::none) {
                conditions.push_back(count_at_least(side->categories, side->categories.terms.size()));
                any = true;
            }
        if (p.best_level > 0 && wt.language > 0) {
            conditions.push_back(Condition{}.add(speaks(p.best_level)));
            any = true;
        }
        if (p.same_region) {
            // The region tier with the highest component: same country, same region, elsewhere.
            const double country = p.same_country ? wt.same_country : -1.0, region = p.same_country ? wt.same_region : p.near;
            Condition tier;
            if (country >= region && country >= p.far) {
                tier.add(p.same_country);
            } else if (region >= p.far) {
                tier.add(p.same_region);
                if (p.same_country) tier.add(p.same_country, true);
            } else {
                tier.add(p.same_region, true);
            }
            conditions.push_back(tier);
            any = true;
        }
        if (p.tz_max > 0 && wt.time_zone > 0) {
            conditions.push_back(Condition{}.add(overlapping()));
            any = true;
        }
        return any;
    };
    for (const Group& g : p.groups) {
        double floor = batch.floor();
        if (g.bound < floor) break;
        bool after_elite = false;
        if (floor == -std::numeric_limits<double>::infinity()) {
            if (!group_conditions(g, floor)) continue;
            if (elite_conditions(g)) {
                if (!scored) {
                    auto& bits = work.scored;
                    if (bits.size() < words) bits.resize(words);
                    std::fill(bits.begin() + static_cast<std::ptrdiff_t>(begin), bits.begin() + static_cast<std::ptrdiff_t>(end), 0);
                    scored = bits.data();
                }
                visit(scored);
                after_elite = true;
                floor = batch.floor();
                if (g.bound < floor) break;
            }
        }
        if (!group_conditions(g, floor)) continue;
        if (after_elite) conditions.push_back(Condition{}.add(scored, true));
        visit(nullptr);
    }
    return top.take();
}

// Top-k by upper bounds. Each of the seeker's skills is a term; a candidate "hits" a term when
// one of its skills earns more than `h`, the best partial credit below 1, and earns nothing for it
// without a skill of the term's category. Candidates are grouped by (learn hits, share hits); a
// group's members can score at most the group's bound (hits at full credit, misses at h, the other
// components at the seeker's maximum), and within a group a member is scored only if what it has
// of categories, language, common hours and region lets it reach the k-th best so far. A large
// directory is split between threads, each searching its part; their top k are merged.
std::vector<Match> top_k(const SeekerContext& c, std::size_t k, unsigned threads) {
    check_k(k);
    const Directory& d = *c.directory;
    const std::size_t n = d.size();
    const std::size_t tl = c.learn_terms.size(), ts = c.share_terms.size();
    if (c.weights.min_level > 0 && c.languages.empty()) return {};  // nobody passes the language gate
    if (n < 4096 || k >= n / 4 || tl + ts == 0 || tl > 15 || ts > 15) return full_scan(c, k);
    const Plan plan = make_plan(c);
    const std::size_t words = d.bitmap_words();
    if (threads == 0) threads = cores();
    // Parts of at least half of parallel_profiles each.
    const std::size_t parts = n < parallel_profiles ? 1 : std::min<std::size_t>(threads, n / (parallel_profiles / 2));
    if (parts <= 1) return search(plan, k, 0, words, nullptr);
    std::atomic<double> shared{-std::numeric_limits<double>::infinity()};
    // Parts of whole count blocks.
    const std::size_t blocks = (words + count_block - 1) / count_block;
    std::vector<std::vector<Match>> found(parts);
    Workers::instance().run(parts, [&](std::size_t part) {
        const std::size_t begin = std::min(words, blocks * part / parts * count_block);
        const std::size_t end = std::min(words, blocks * (part + 1) / parts * count_block);
        found[part] = search(plan, k, begin, end, &shared);
    });
    TopK top(k, d.username_rank());
    for (const auto& matches : found)
        for (const Match& m : matches) top.offer(m.candidate, m.score);
    return top.take();
}

void check_index(const Directory& d, ProfileIndex i, const char* what) {
    if (i >= d.size()) throw std::out_of_range(std::string(what) + " index out of range");
}

}  // namespace

std::vector<Match> recommend(const Scorer& scorer, std::size_t k, unsigned threads) { return top_k(scorer.context(), k, threads); }

std::vector<Match> recommend(const Directory& directory, ProfileIndex seeker, std::size_t k, const Weights& weights,
                             const ScoreOptions& options, unsigned threads) {
    check_k(k);
    return recommend(Scorer(directory, seeker, weights, options), k, threads);
}

std::vector<std::vector<Match>> recommend_many(const Directory& directory, const std::vector<ProfileIndex>& seekers,
                                               std::size_t k, const Weights& weights, const ScoreOptions& options,
                                               unsigned threads, const Progress& progress) {
    check_k(k);
    weights.validate();
    for (ProfileIndex s : seekers) check_index(directory, s, "seeker");
    const auto allowed = detail::candidate_bitmap(directory, options.filter);  // once for every seeker
    std::vector<std::vector<Match>> out(seekers.size());
    detail::ProgressMeter meter(progress, seekers.size());
    parallel_for(seekers.size(), threads, [&](std::size_t q) {
        const auto context = detail::make_context(directory, directory.profile(seekers[q]), seekers[q], weights, options, allowed);
        out[q] = top_k(*context, k, 1);
        meter.tick();
    });
    meter.finish();
    return out;
}

void score_matrix_blocks(const Directory& directory, const std::vector<ProfileIndex>& seekers,
                         const std::vector<ProfileIndex>& candidates, const Weights& weights, const ScoreOptions& options,
                         std::size_t rows, const std::function<void(std::size_t, const ScoreMatrix&)>& sink,
                         unsigned threads, const Progress& progress) {
    weights.validate();
    if (rows == 0) throw ValidationError({{"score_matrix", "query", "rows", "block size must be at least 1"}});
    for (ProfileIndex s : seekers) check_index(directory, s, "seeker");
    for (ProfileIndex c : candidates) check_index(directory, c, "candidate");
    const auto allowed = detail::candidate_bitmap(directory, options.filter);
    const std::size_t cols = candidates.empty() ? directory.size() : candidates.size();
    ScoreMatrix block;
    detail::ProgressMeter meter(progress, seekers.size());
    for (std::size_t first = 0; first < seekers.size(); first += rows) {
        const std::size_t count = std::min(rows, seekers.size() - first);
        block.resize(static_cast<Eigen::Index>(count), static_cast<Eigen::Index>(cols));
        parallel_for(count, threads, [&](std::size_t r) {
            const ProfileIndex s = seekers[first + r];
            const auto context = detail::make_context(directory, directory.profile(s), s, weights, options, allowed);
            float* out = block.data() + r * cols;
            if (candidates.empty()) {
                for (ProfileIndex j = 0; j < cols; ++j) out[j] = static_cast<float>(detail::evaluate_total(*context, j));
            } else {
                for (std::size_t j = 0; j < cols; ++j) out[j] = static_cast<float>(detail::evaluate_total(*context, candidates[j]));
            }
            meter.tick();
        });
        sink(first, block);
    }
    meter.finish();
}

ScoreMatrix score_matrix(const Directory& directory, const std::vector<ProfileIndex>& seekers,
                         const std::vector<ProfileIndex>& candidates, const Weights& weights, const ScoreOptions& options,
                         unsigned threads) {
    ScoreMatrix out;
    score_matrix_blocks(directory, seekers, candidates, weights, options, std::max<std::size_t>(seekers.size(), 1),
                        [&out](std::size_t, const ScoreMatrix& block) { out = block; }, threads);
    if (seekers.empty()) out.resize(0, static_cast<Eigen::Index>(candidates.empty() ? directory.size() : candidates.size()));
    return out;
}

// --- clinics ------------------------------------------------------------------------------------

namespace {

constexpr int minutes_per_week = 7 * 1440;

// Minutes after Monday 00:00 UTC of the week holding `t`.
int minute_of_week(std::chrono::sys_seconds t) {
    const auto day = std::chrono::floor<std::chrono::days>(t);
    return static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(t - week_start(day)).count());
}

void check_clinic(const AudienceQuery& q) {
    detail::Collector problems{"audience", {}};
    if (q.skills.empty()) problems.add("clinic", "skills", "a clinic needs at least one skill");
    if (!is_language_code(q.language)) problems.add("clinic", "language", "not a language code: '" + q.language + "'");
    for (const auto& l : q.interpretation)
        if (!is_language_code(l)) problems.add("clinic", "interpretation", "not a language code: '" + l + "'");
    if (q.duration_minutes < 15 || q.duration_minutes > 1440)
        problems.add("clinic", "duration_minutes", "must be 15 … 1440 minutes, got " + std::to_string(q.duration_minutes));
    problems.throw_if_any();
}

}  // namespace

Profile clinic_profile(const AudienceQuery& q) {
    check_clinic(q);
    Profile p;
    p.name = "Learning Clinic";
    p.languages.push_back({q.language, native_level});
    for (const auto& l : q.interpretation)
        if (!p.level(l)) p.languages.push_back({l, native_level});
    p.shares = q.skills;
    p.timezone = "UTC";
    // Every quarter hour the clinic touches, split at midnights (a week wraps to its Monday).
    const int begin = minute_of_week(q.start) / slot_minutes * slot_minutes;
    const int end = (minute_of_week(q.start) + q.duration_minutes + slot_minutes - 1) / slot_minutes * slot_minutes;
    for (int m = begin; m < end;) {
        const int day_end = (m / 1440 + 1) * 1440;
        const int stop = std::min(end, day_end);
        const int wrapped = m % minutes_per_week;
        p.availability.push_back({static_cast<Weekday>(wrapped / 1440), static_cast<std::uint16_t>(wrapped % 1440),
                                  static_cast<std::uint16_t>(stop - m + wrapped % 1440)});
        m = stop;
    }
    return p;
}

Scorer audience_scorer(const Directory& directory, const AudienceQuery& clinic, const Weights& weights) {
    const Profile seeker = clinic_profile(clinic);
    ScoreOptions options;
    options.direction = Direction::share_with;
    options.filter = clinic.filter;
    WeekConverter converter(directory.week());
    options.available = converter.to_utc(seeker.availability, seeker.timezone);
    return Scorer(directory, seeker, weights, options);
}

std::vector<Match> audience(const Directory& directory, const AudienceQuery& clinic, std::size_t k, const Weights& weights) {
    check_k(k);
    const auto day = std::chrono::floor<std::chrono::days>(clinic.start);
    if (week_start(day) == directory.week()) return recommend(audience_scorer(directory, clinic, weights), k);
    const Directory other = directory.for_week(day);
    return recommend(audience_scorer(other, clinic, weights), k);
}

// --- explanations -------------------------------------------------------------------------------

namespace {

std::string format_hours(int slots) {
    std::ostringstream out;
    out << static_cast<double>(slots) / 4.0;
    return out.str();
}

std::string join(const std::vector<std::string>& items, std::string_view last = " and ") {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += i + 1 == items.size() ? std::string(last) : std::string(", ");
        out += items[i];
    }
    return out;
}

struct TermMatch {
    SkillIndex mine;     // the seeker's skill
    SkillIndex theirs;   // the candidate's skill earning the credit
    bool full;           // credit 1 (same skill or narrower at full credit)
};

// For each term the candidate earns credit on: the best-credit candidate skill.
std::vector<TermMatch> term_matches(const std::vector<detail::Term>& terms, const std::uint64_t* skills, std::size_t words) {
    std::vector<TermMatch> out;
    for (const detail::Term& t : terms)
        for (std::size_t level = 0; level < t.credit.size(); ++level) {
            const std::uint64_t* mask = t.masks.data() + level * words;
            bool found = false;
            for (std::size_t w = 0; w < words && !found; ++w)
                if (const std::uint64_t hit = skills[w] & mask[w]) {
                    out.push_back({t.skill, static_cast<SkillIndex>(w * 64 + static_cast<std::size_t>(std::countr_zero(hit))),
                                   t.credit[level] >= 1.0});
                    found = true;
                }
            if (found) break;
        }
    return out;
}

}  // namespace

std::string explain(const Scorer& scorer, ProfileIndex candidate) {
    const SeekerContext& c = scorer.context();
    const Directory& d = *c.directory;
    const auto score = scorer(candidate);
    if (!score) return "";
    const Taxonomy& tax = d.taxonomy();
    const auto& lang = c.label_language;
    const bool clinic = c.name.empty();
    const std::uint64_t* row = d.score_rows().data() + std::size_t{candidate} * c.layout.words;
    auto label = [&](SkillIndex s) { return tax.label(s, lang); };

    auto describe = [&](const std::vector<TermMatch>& matches, bool learn) -> std::string {
        std::vector<std::string> full, partial;
        for (const auto& m : matches) {
            if (m.full) {
                if (std::find(full.begin(), full.end(), label(m.theirs)) == full.end()) full.push_back(label(m.theirs));
            } else if (partial.empty()) {
                partial.push_back(label(m.theirs) + ", related to " + label(m.mine));
            }
        }
        const std::string verb = learn ? "shares " : "wants to learn ";
        const std::string whose = clinic ? (learn ? ", which the clinic wants" : ", which the clinic covers")
                                         : (learn ? ", which you want to learn" : ", which you share");
        if (!full.empty()) return verb + join(full) + whose;
        if (!partial.empty()) return verb + partial.front() + (clinic ? " (a clinic skill)" : learn ? " (which you want to learn)" : " (which you share)");
        return "";
    };
    std::vector<std::string> parts;
    const auto learn = term_matches(c.learn_terms, row + c.layout.shares, c.skill_words);
    const auto share = term_matches(c.share_terms, row + c.layout.learns, c.skill_words);
    const bool share_first = c.options.direction == Direction::share_with;
    for (bool learn_side : {!share_first, share_first})
        if (auto text = describe(learn_side ? learn : share, learn_side); !text.empty()) parts.push_back(text);

    // The language behind the language component.
    const BabelLevel level = detail::common_level(c, candidate, row);
    if (level > 0) {
        for (const auto& l : c.languages) {
            const auto theirs = d.level(candidate, l.id).value_or(0);
            if (theirs >= c.usable_level && std::min(l.level, theirs) == level) {
                const std::string name = language_name(d.language_codes()[l.id]);
                parts.push_back(clinic ? "speaks " + name + " (" + format_level(theirs) + ")"
                                       : "you both speak " + name + " (" + format_level(l.level) + " / " + format_level(theirs) + ")");
                break;
            }
        }
    }
    if (!clinic) {
        const auto& b = score->breakdown;
        const CountryCode country = static_cast<CountryCode>((row[c.layout.misc] >> 8) & 0xFFFF);
        const auto region = static_cast<Region>(row[c.layout.misc] & 0xFF);
        if (c.region != Region::Unknown && region != Region::Unknown && b.region > 0) {
            if (c.country != no_country && country == c.country) parts.push_back("both in " + std::string(country_name(country)));
            else if (region == c.region) parts.push_back("both in " + std::string(region_name(region)));
            else parts.push_back("from another region (" + std::string(region_name(region)) + ")");
        }
        const WeekSlots theirs = d.availability(candidate);
        int common = 0;
        for (std::size_t w = 0; w < static_cast<std::size_t>(week_words); ++w) common += std::popcount(theirs[w] & c.availability[w]);
        if (common > 0) parts.push_back(format_hours(common) + " common hours a week");
    } else {
        parts.push_back("available for the whole clinic");
    }
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
    return out;
}

}  // namespace letsconnect
