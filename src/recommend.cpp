// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#include "letsconnect/recommend.hpp"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <exception>
#include <limits>
#include <mutex>
#include <sstream>
#include <thread>

#include "internal.hpp"
#include "letsconnect/detail/score_kernel.hpp"
#include "letsconnect/text.hpp"

namespace letsconnect {

namespace {

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

// Candidates of a group are scored in batches: rows are prefetched for a whole batch first, so
// the memory latency of these scattered rows overlaps instead of adding up.
class Batch {
public:
    Batch(const SeekerContext& c, TopK& top) : c_(c), top_(top) {}
    void add_word(std::size_t w, std::uint64_t bits) {
        for (; bits; bits &= bits - 1) {
            items_[count_++] = static_cast<ProfileIndex>(w * 64 + static_cast<std::size_t>(std::countr_zero(bits)));
            if (count_ == size) flush();
        }
    }
    void flush() {
        const std::uint64_t* rows = c_.directory->score_rows().data();
        const std::size_t stride = c_.layout.words;
        for (std::size_t k = 0; k < count_; ++k) {
            const std::uint64_t* row = rows + std::size_t{items_[k]} * stride;
            __builtin_prefetch(row);
            __builtin_prefetch(row + stride - 1);
        }
        Score s;
        for (std::size_t k = 0; k < count_; ++k)
            if (detail::evaluate(c_, items_[k], s, top_.full() ? top_.threshold() : -std::numeric_limits<double>::infinity()))
                top_.offer(items_[k], s);
        count_ = 0;
    }

private:
    static constexpr std::size_t size = 32;
    const SeekerContext& c_;
    TopK& top_;
    ProfileIndex items_[size];
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

// Bitmap of the profiles having (in `set`) one of the skills in `mask`: the directory's own bitmap
// when it is a single dense skill, otherwise built into `scratch`.
const std::uint64_t* term_bitmap(const Directory& d, SkillSet set, const std::vector<std::uint64_t>& mask,
                                 std::vector<std::uint64_t>& scratch) {
    std::vector<SkillIndex> skills;
    for (std::size_t w = 0; w < mask.size(); ++w)
        for (std::uint64_t bits = mask[w]; bits; bits &= bits - 1)
            skills.push_back(static_cast<SkillIndex>(w * 64 + static_cast<std::size_t>(std::countr_zero(bits))));
    if (skills.size() == 1)
        if (auto dense = d.skill_bitmap(set, skills[0]); !dense.empty()) return dense.data();
    scratch.assign(d.bitmap_words(), 0);
    for (SkillIndex s : skills) {
        if (auto dense = d.skill_bitmap(set, s); !dense.empty()) {
            for (std::size_t w = 0; w < scratch.size(); ++w) scratch[w] |= dense[w];
        } else {
            for (ProfileIndex i : d.postings(set, s)) scratch[i / 64] |= std::uint64_t{1} << (i % 64);
        }
    }
    return scratch.data();
}

// out &= bits ^ flip, word by word (flip 0 keeps `bits`, ~0 negates it); a loop the compiler
// vectorises since the arrays cannot overlap.
void and_into(std::uint64_t* __restrict out, const std::uint64_t* __restrict bits, std::uint64_t flip, std::size_t words) {
    for (std::size_t w = 0; w < words; ++w) out[w] &= bits[w] ^ flip;
}

// Top-k by upper bounds. Each of the seeker's skills is a term; a candidate "hits" a term when
// one of its skills earns more than `h`, the best partial credit below 1. Candidates are grouped
// by (learn hits, share hits, same region); a group's members can score at most the group's bound
// (hits at full credit, misses at h, the other components at the seeker's maximum). Groups are
// scored best bound first, and the search stops once the k-th best beats every remaining bound.
std::vector<Match> top_k(const SeekerContext& c, std::size_t k) {
    check_k(k);
    const Directory& d = *c.directory;
    const std::size_t n = d.size();
    const std::size_t tl = c.learn_terms.size(), ts = c.share_terms.size();
    if (c.weights.min_level > 0 && c.languages.empty()) return {};  // nobody passes the language gate
    if (n < 4096 || k >= n / 4 || tl + ts == 0 || tl > 15 || ts > 15) return full_scan(c, k);

    const Weights& wt = c.weights;
    double h = 0;
    for (double v : {wt.narrower, wt.related, wt.category})
        if (v < 1.0) h = std::max(h, v);

    // Hit bitmaps of the terms, then per word the hit counts as bit slices (vertical counters).
    const std::size_t words = d.bitmap_words();
    const int bl = static_cast<int>(std::bit_width(tl)), bs = static_cast<int>(std::bit_width(ts)), nslices = bl + bs;
    std::vector<std::uint64_t> slices(words * static_cast<std::size_t>(nslices), 0);
    std::vector<std::uint64_t> scratch, carry(words);
    auto count_terms = [&](const std::vector<detail::Term>& terms, SkillSet set, int first_slice, int width) {
        for (const detail::Term& t : terms) {
            std::vector<std::uint64_t> mask(c.skill_words, 0);
            for (std::size_t level = 0; level < t.credit.size() && t.credit[level] > h; ++level)
                for (std::size_t w = 0; w < c.skill_words; ++w) mask[w] |= t.masks[level * c.skill_words + w];
            const std::uint64_t* hits = term_bitmap(d, set, mask, scratch);
            // Slice-major (slice b of all words together) so each step is a vectorisable loop.
            std::copy(hits, hits + words, carry.begin());
            for (int b = 0; b < width; ++b) {
                std::uint64_t* sl = slices.data() + static_cast<std::size_t>(first_slice + b) * words;
                for (std::size_t w = 0; w < words; ++w) {
                    const std::uint64_t next = sl[w] & carry[w];
                    sl[w] ^= carry[w];
                    carry[w] = next;
                }
            }
        }
    };
    count_terms(c.learn_terms, SkillSet::shares, 0, bl);
    count_terms(c.share_terms, SkillSet::learns, bl, bs);

    // Bounds of the components other than skill and reciprocity.
    BabelLevel best_level = 0;
    for (const auto& l : c.languages) best_level = std::max(best_level, l.level);
    const double lang_max = static_cast<double>(best_level) / 6.0;
    const double tz_max = c.time_zone_bound;
    const bool by_region = c.region != Region::Unknown && wt.region > 0;
    const std::uint64_t* same_region = by_region ? d.region_bitmap(c.region).data() : nullptr;

    struct Group {
        std::size_t learn_hits, share_hits;
        double bound;  // assuming the best language, region and common hours
    };
    std::vector<Group> groups;
    const Direction dir = c.options.direction;
    for (std::size_t ml = 0; ml <= tl; ++ml)
        for (std::size_t ms = 0; ms <= ts; ++ms) {
            if (c.options.require_skill && h == 0) {
                const bool relevant = dir == Direction::learn_from ? ml > 0 : dir == Direction::share_with ? ms > 0 : ml + ms > 0;
                if (!relevant) continue;
            }
            const double learn = tl ? (static_cast<double>(ml) + static_cast<double>(tl - ml) * h) / static_cast<double>(tl) : 0.0;
            const double share = ts ? (static_cast<double>(ms) + static_cast<double>(ts - ms) * h) / static_cast<double>(ts) : 0.0;
            const double skill = dir == Direction::share_with ? share : learn;
            const double recip = dir == Direction::share_with ? learn : share;
            const double region = by_region ? std::max({wt.same_country, wt.same_region, wt.other_region}) : 0.0;
            const double bound = skill * wt.skill + recip * wt.reciprocity + lang_max * wt.language + region * wt.region +
                                 tz_max * wt.time_zone;
            groups.push_back({ml, ms, bound + 1e-9});  // slack for rounding in the bound's sums
        }
    std::stable_sort(groups.begin(), groups.end(), [](const Group& a, const Group& b) { return a.bound > b.bound; });

    // Who shares a language with the seeker at level v or above (lang component ≥ v / 6), built
    // when a group first needs it: a group's bound assumes the best language, so within a group
    // only candidates with a good enough common language can still reach the threshold.
    std::vector<std::vector<std::uint64_t>> speaks_at(native_level + 1);
    auto speaks = [&](BabelLevel v) -> const std::uint64_t* {
        auto& bits = speaks_at[v];
        if (bits.empty()) {
            bits.assign(words, 0);
            for (const auto& l : c.languages) {
                if (l.level < v) continue;
                if (const auto dense = d.language_bitmap(l.id, v); !dense.empty()) {
                    for (std::size_t w = 0; w < words; ++w) bits[w] |= dense[w];
                } else {
                    for (const LanguageSpeaker& sp : d.language_speakers(l.id))
                        if (sp.level >= v) bits[sp.profile / 64] |= std::uint64_t{1} << (sp.profile % 64);
                }
            }
        }
        return bits.data();
    };
    const bool gated = wt.min_level > 0;
    // Who is available in some 4-hour block the seeker is: everybody with a time-zone component
    // above 0, and a few more. Built on demand.
    std::vector<std::uint64_t> overlap;
    auto overlapping = [&]() -> const std::uint64_t* {
        if (overlap.empty()) {
            overlap.assign(words, 0);
            for (int block = 0; block < static_cast<int>(Directory::availability_blocks); ++block) {
                const int first = block * Directory::block_hours * 4;  // quarter-hour slots of the block
                bool any = false;
                for (int slot = first; slot < first + Directory::block_hours * 4 && !any; ++slot)
                    any = (c.availability[static_cast<std::size_t>(slot / 64)] >> (slot % 64)) & 1U;
                if (!any) continue;
                const auto bits = d.availability_block_bitmap(block);
                for (std::size_t w = 0; w < words; ++w) overlap[w] |= bits[w];
            }
        }
        return overlap.data();
    };

    TopK top(k, d.username_rank());
    const std::uint64_t* allowed = c.allowed ? c.allowed->data() : nullptr;
    const std::uint64_t tail = n % 64 ? (std::uint64_t{1} << (n % 64)) - 1 : ~std::uint64_t{0};
    Batch batch(c, top);
    std::vector<std::uint64_t> members(words);
    constexpr std::uint64_t as_is = 0, negated = ~std::uint64_t{0};
    for (const Group& g : groups) {
        if (top.full() && g.bound < top.threshold()) break;
        // A group's bound assumes the seeker's best language, region and full common hours. A
        // member needs a common language of level `need` or above to reach the threshold, and
        // without common hours it needs level `alone` or above (none if above the best level).
        const double threshold = top.full() ? top.threshold() : -std::numeric_limits<double>::infinity();
        auto bound_at = [&](BabelLevel v, bool hours) {
            return g.bound - (static_cast<double>(best_level) - static_cast<double>(v)) / 6.0 * wt.language -
                   (hours ? 0.0 : c.time_zone_bound * wt.time_zone);
        };
        BabelLevel need = gated ? c.usable_level : 0;
        while (need < best_level && bound_at(need, true) < threshold) ++need;
        BabelLevel alone = need;
        while (alone <= best_level && bound_at(alone, false) < threshold) ++alone;
        const std::uint64_t* language_ok = need > 0 ? speaks(need) : nullptr;
        const bool check_hours = c.time_zone_bound > 0 && wt.time_zone > 0 && alone > need;
        const std::uint64_t* hours_ok = check_hours ? overlapping() : nullptr;
        const std::uint64_t* alone_ok = check_hours && alone <= best_level && alone > 0 ? speaks(alone) : nullptr;

        // The group's members as a bitmap, one vectorisable pass per condition.
        if (allowed) std::copy(allowed, allowed + words, members.begin());
        else std::fill(members.begin(), members.end(), ~std::uint64_t{0});
        members.back() &= tail;
        auto keep = [&](const std::uint64_t* bits, std::uint64_t flip) { and_into(members.data(), bits, flip, words); };
        if (by_region && top.full()) {
            // Members in the seeker's region score at most `near`, the others at most `far`.
            const double near = std::max(wt.same_country, wt.same_region), far = wt.other_region;
            const double best = std::max(near, far);
            if (g.bound - (best - near) * wt.region < threshold) keep(same_region, negated);
            if (g.bound - (best - far) * wt.region < threshold) keep(same_region, as_is);
        }
        for (int b = 0; b < bl; ++b) keep(slices.data() + static_cast<std::size_t>(b) * words, (g.learn_hits >> b) & 1U ? as_is : negated);
        for (int b = 0; b < bs; ++b)
            keep(slices.data() + static_cast<std::size_t>(bl + b) * words, (g.share_hits >> b) & 1U ? as_is : negated);
        if (language_ok) keep(language_ok, as_is);
        if (hours_ok) {
            if (alone_ok) {
                std::uint64_t* __restrict out = members.data();
                for (std::size_t w = 0; w < words; ++w) out[w] &= hours_ok[w] | alone_ok[w];
            } else {
                keep(hours_ok, as_is);
            }
        }
        for (std::size_t w = 0; w < words; ++w)
            if (members[w]) batch.add_word(w, members[w]);
        batch.flush();  // before the next group's bound is compared with the threshold
    }
    return top.take();
}

// Runs body(i) for i in [0, count) on up to `threads` threads; rethrows the first exception.
template <typename Body>
void parallel_for(std::size_t count, unsigned threads, Body&& body) {
    if (threads == 0) threads = std::max(1U, std::thread::hardware_concurrency());
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, count));
    if (threads <= 1) {
        for (std::size_t i = 0; i < count; ++i) body(i);
        return;
    }
    std::atomic<std::size_t> next{0};
    std::exception_ptr error;
    std::mutex error_mutex;
    auto work = [&] {
        try {
            for (std::size_t i; (i = next.fetch_add(1)) < count;) body(i);
        } catch (...) {
            const std::lock_guard lock(error_mutex);
            if (!error) error = std::current_exception();
            next = count;
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    if (error) std::rethrow_exception(error);
}

void check_index(const Directory& d, ProfileIndex i, const char* what) {
    if (i >= d.size()) throw std::out_of_range(std::string(what) + " index out of range");
}

}  // namespace

std::vector<Match> recommend(const Scorer& scorer, std::size_t k) { return top_k(scorer.context(), k); }

std::vector<Match> recommend(const Directory& directory, ProfileIndex seeker, std::size_t k, const Weights& weights,
                             const ScoreOptions& options) {
    check_k(k);
    return recommend(Scorer(directory, seeker, weights, options), k);
}

std::vector<std::vector<Match>> recommend_many(const Directory& directory, const std::vector<ProfileIndex>& seekers,
                                               std::size_t k, const Weights& weights, const ScoreOptions& options,
                                               unsigned threads) {
    check_k(k);
    weights.validate();
    for (ProfileIndex s : seekers) check_index(directory, s, "seeker");
    const auto allowed = detail::candidate_bitmap(directory, options.filter);  // once for every seeker
    std::vector<std::vector<Match>> out(seekers.size());
    parallel_for(seekers.size(), threads, [&](std::size_t q) {
        const auto context = detail::make_context(directory, directory.profile(seekers[q]), seekers[q], weights, options, allowed);
        out[q] = top_k(*context, k);
    });
    return out;
}

void score_matrix_blocks(const Directory& directory, const std::vector<ProfileIndex>& seekers,
                         const std::vector<ProfileIndex>& candidates, const Weights& weights, const ScoreOptions& options,
                         std::size_t rows, const std::function<void(std::size_t, const ScoreMatrix&)>& sink,
                         unsigned threads) {
    weights.validate();
    if (rows == 0) throw ValidationError({{"score_matrix", "query", "rows", "block size must be at least 1"}});
    for (ProfileIndex s : seekers) check_index(directory, s, "seeker");
    for (ProfileIndex c : candidates) check_index(directory, c, "candidate");
    const auto allowed = detail::candidate_bitmap(directory, options.filter);
    const std::size_t cols = candidates.empty() ? directory.size() : candidates.size();
    ScoreMatrix block;
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
        });
        sink(first, block);
    }
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
        int common = 0;
        for (std::size_t w = 0; w < static_cast<std::size_t>(week_words); ++w)
            common += std::popcount(row[c.layout.availability + w] & c.availability[w]);
        if (common > 0) parts.push_back(format_hours(common) + " common hours a week");
    } else {
        parts.push_back("available for the whole clinic");
    }
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
    return out;
}

}  // namespace letsconnect
