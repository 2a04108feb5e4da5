// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#include "letsconnect/schedule.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <map>
#include <queue>
#include <tuple>

#include "letsconnect/region.hpp"

namespace letsconnect {

namespace {

using namespace std::chrono;

Problem problem(std::string field, std::string message) { return {"plan", "query", std::move(field), std::move(message)}; }

constexpr int slot_seconds = slot_minutes * 60;

// Quarter hours from `base` (a Monday, 00:00 UTC) over whole weeks, with each person's UTC
// availability converted week by week (so DST changes inside the range are where they fall).
class RangeSlots {
public:
    RangeSlots(sys_days first, sys_days last_covered) : base_(week_start(first)) {
        for (sys_days w = base_; w <= last_covered; w += days{7}) weeks_.emplace_back(w);
        slots_ = weeks_.size() * slots_per_week;
    }
    [[nodiscard]] sys_days base() const noexcept { return base_; }
    [[nodiscard]] std::size_t slots() const noexcept { return slots_; }
    [[nodiscard]] std::size_t words() const noexcept { return (slots_ + 63) / 64; }
    [[nodiscard]] std::size_t index(sys_seconds t) const {
        return static_cast<std::size_t>((t - sys_seconds(base_)).count() / slot_seconds);
    }
    [[nodiscard]] sys_seconds time(std::size_t index) const {
        return sys_seconds(base_) + seconds(static_cast<long long>(index) * slot_seconds);
    }
    // Bits of the quarter hours at which a clinic of `length` slots can start with `p` there for
    // all of it; false when `p` gives no availability.
    bool starts(const Profile& p, std::size_t length, std::vector<std::uint64_t>& out) {
        out.assign(words(), 0);
        if (p.availability.empty() || p.timezone.empty()) return false;
        for (std::size_t w = 0; w < weeks_.size(); ++w) {
            const WeekSlots utc = weeks_[w].to_utc(p.availability, p.timezone);
            const std::size_t offset = w * slots_per_week;
            for (std::size_t k = 0; k < utc.size(); ++k)
                for (auto bits = utc[k]; bits; bits &= bits - 1) {
                    const std::size_t s = offset + k * 64 + static_cast<std::size_t>(std::countr_zero(bits));
                    out[s / 64] |= std::uint64_t{1} << (s % 64);
                }
        }
        // out[s] &= out[s + 1] & … & out[s + length - 1], by shifting down one slot at a time.
        std::vector<std::uint64_t> shifted(out);
        for (std::size_t step = 1; step < length; ++step) {
            for (std::size_t i = 0; i < shifted.size(); ++i)
                shifted[i] = (shifted[i] >> 1) | (i + 1 < shifted.size() ? shifted[i + 1] << 63 : 0);
            for (std::size_t i = 0; i < out.size(); ++i) out[i] &= shifted[i];
        }
        return true;
    }

private:
    sys_days base_;
    std::vector<WeekConverter> weeks_;
    std::size_t slots_ = 0;
};

bool test_bit(const std::vector<std::uint64_t>& bits, std::size_t i) { return (bits[i / 64] >> (i % 64)) & 1U; }

std::vector<GroupCoverage> sorted_groups(const std::map<std::string, GroupCoverage>& groups) {
    std::vector<GroupCoverage> out;
    for (const auto& [key, g] : groups) out.push_back(g);
    std::stable_sort(out.begin(), out.end(), [](const GroupCoverage& a, const GroupCoverage& b) { return a.audience > b.audience; });
    return out;
}

// Per region and per time zone: audience and those covered.
std::pair<std::vector<GroupCoverage>, std::vector<GroupCoverage>> group_coverage(const Directory& d,
                                                                                 std::span<const ProfileIndex> audience,
                                                                                 const std::vector<bool>& covered) {
    std::map<std::string, GroupCoverage> regions, zones;
    for (std::size_t i = 0; i < audience.size(); ++i) {
        const auto& p = d.profile(audience[i]);
        const std::string region(p.region == Region::Unknown ? std::string_view{} : to_string(p.region));
        for (auto* groups : {&regions, &zones}) {
            const std::string& key = groups == &regions ? region : p.timezone;
            auto& g = (*groups)[key];
            g.group = key;
            ++g.audience;
            if (covered[i]) ++g.covered;
        }
    }
    return {sorted_groups(regions), sorted_groups(zones)};
}

void check_duration(int minutes, std::vector<Problem>& problems) {
    if (minutes < 15 || minutes > 720 || minutes % 15 != 0)
        problems.push_back(problem("duration_minutes", "must be a multiple of 15 in 15 … 720, got " + std::to_string(minutes)));
}

}  // namespace

ClinicPlan plan_clinic(const Directory& directory, const PlanQuery& q) {
    std::vector<Problem> problems;
    check_duration(q.duration_minutes, problems);
    if (q.step_minutes < 15 || q.step_minutes > 1440 || q.step_minutes % 15 != 0)
        problems.push_back(problem("step_minutes", "must be a multiple of 15 in 15 … 1440, got " + std::to_string(q.step_minutes)));
    if (q.split != 1 && q.split != 2) problems.push_back(problem("split", "must be 1 or 2, got " + std::to_string(q.split)));
    if (q.top == 0) problems.push_back(problem("top", "must be at least 1"));
    else if (q.split == 2 && q.top > 1000) problems.push_back(problem("top", "must be at most 1000 with split 2, got " + std::to_string(q.top)));
    if (q.last_day < q.first_day) problems.push_back(problem("last_day", "is before first_day"));
    else if (q.last_day - q.first_day > days{62}) problems.push_back(problem("last_day", "the range may span at most 62 days"));
    const std::vector<ProfileIndex> audience = q.audience ? *q.audience : directory.search(q.filter);
    std::vector<bool> seen(directory.size(), false);
    for (std::size_t k = 0; k < audience.size(); ++k) {
        const auto i = audience[k];
        if (i >= directory.size()) throw std::out_of_range("plan_clinic: profile index past the end of the directory");
        if (seen[i]) problems.push_back(problem("audience[" + std::to_string(k) + "]", "'" + directory.profile(i).username + "' is listed twice"));
        seen[i] = true;
    }
    if (!problems.empty()) throw ValidationError(std::move(problems));
    ClinicPlan plan;
    plan.audience = audience.size();
    if (audience.empty()) return plan;  // nobody to plan for: no times rather than all of them at 0

    const auto length = static_cast<std::size_t>(q.duration_minutes / slot_minutes);
    RangeSlots range(q.first_day, q.last_day + days{1});  // a clinic may run into the next day
    const std::size_t first = range.index(sys_seconds(q.first_day));
    const std::size_t count = static_cast<std::size_t>((q.last_day - q.first_day).count() + 1) * slots_per_day;
    const auto stride = static_cast<std::size_t>(q.step_minutes / slot_minutes);
    std::vector<std::size_t> starts;  // slot indices of the candidate starts
    for (std::size_t s = first; s < first + count; s += stride) starts.push_back(s);

    // Per start: how many are available, and (for pairs) who, as a bitmap over the audience.
    std::vector<std::size_t> available(starts.size(), 0);
    const std::size_t people_words = (audience.size() + 63) / 64;
    std::vector<std::uint64_t> who(q.split == 2 ? starts.size() * people_words : 0, 0);
    std::vector<std::uint64_t> bits;
    for (std::size_t i = 0; i < audience.size(); ++i) {
        if (!range.starts(directory.profile(audience[i]), length, bits)) {
            ++plan.without_availability;
            continue;
        }
        for (std::size_t k = 0; k < starts.size(); ++k)
            if (test_bit(bits, starts[k])) {
                ++available[k];
                if (q.split == 2) who[k * people_words + i / 64] |= std::uint64_t{1} << (i % 64);
            }
    }

    std::vector<std::size_t> order(starts.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return available[a] > available[b]; });
    std::vector<sys_seconds> chosen;
    if (q.split == 1) {
        for (std::size_t r = 0; r < std::min(q.top, order.size()); ++r)
            plan.slots.push_back({range.time(starts[order[r]]), available[order[r]]});
        if (!plan.slots.empty()) chosen.push_back(plan.slots.front().start);
    } else {
        // The best `top` pairs: (covered desc, first start, second start). Starts are visited by
        // availability, so a pair's bound available[a] + available[b] only falls; pairs that
        // cannot reach the worst kept are skipped.
        using Key = std::tuple<std::size_t, std::size_t, std::size_t>;  // covered, earlier k, later k
        auto better = [](const Key& x, const Key& y) {
            if (std::get<0>(x) != std::get<0>(y)) return std::get<0>(x) > std::get<0>(y);
            return std::tie(std::get<1>(x), std::get<2>(x)) < std::tie(std::get<1>(y), std::get<2>(y));
        };
        std::priority_queue<Key, std::vector<Key>, decltype(better)> kept(better);  // top: the worst kept
        auto floor = [&] { return kept.size() < q.top ? std::size_t{0} : std::get<0>(kept.top()); };
        for (std::size_t x = 0; x < order.size(); ++x) {
            const std::size_t a = order[x];
            if (x + 1 < order.size() && available[a] + available[order[x + 1]] < floor()) break;
            for (std::size_t y = x + 1; y < order.size(); ++y) {
                const std::size_t b = order[y];
                if (available[a] + available[b] < floor()) break;
                std::size_t covered = 0;
                const auto* wa = &who[a * people_words];
                const auto* wb = &who[b * people_words];
                for (std::size_t w = 0; w < people_words; ++w) covered += static_cast<std::size_t>(std::popcount(wa[w] | wb[w]));
                const Key key{covered, std::min(a, b), std::max(a, b)};
                if (kept.size() < q.top) kept.push(key);
                else if (better(key, kept.top())) {
                    kept.pop();
                    kept.push(key);
                }
            }
        }
        std::vector<Key> best;
        for (; !kept.empty(); kept.pop()) best.push_back(kept.top());
        std::sort(best.begin(), best.end(), better);
        for (const auto& [covered, a, b] : best)
            plan.pairs.push_back({{range.time(starts[a]), available[a]}, {range.time(starts[b]), available[b]}, covered});
        if (!plan.pairs.empty()) chosen = {plan.pairs.front().first.start, plan.pairs.front().second.start};
    }
    if (!chosen.empty()) std::tie(plan.by_region, plan.by_time_zone) = coverage(directory, audience, chosen, q.duration_minutes);
    return plan;
}

std::pair<std::vector<GroupCoverage>, std::vector<GroupCoverage>> coverage(const Directory& directory,
                                                                           std::span<const ProfileIndex> audience,
                                                                           std::span<const sys_seconds> starts, int duration_minutes) {
    std::vector<Problem> problems;
    check_duration(duration_minutes, problems);
    for (std::size_t k = 0; k < starts.size(); ++k)
        if (starts[k].time_since_epoch().count() % slot_seconds != 0)
            problems.push_back(problem("starts[" + std::to_string(k) + "]", "must be on a quarter hour"));
    if (!starts.empty()) {
        const auto [lo, hi] = std::minmax_element(starts.begin(), starts.end());
        if (*hi - *lo > days{62}) problems.push_back(problem("starts", "may span at most 62 days"));
    }
    if (!problems.empty()) throw ValidationError(std::move(problems));
    std::vector<bool> covered(audience.size(), false);
    if (!starts.empty()) {
        const auto [lo, hi] = std::minmax_element(starts.begin(), starts.end());
        RangeSlots range(floor<days>(*lo), floor<days>(*hi) + days{1});
        const auto length = static_cast<std::size_t>(duration_minutes / slot_minutes);
        std::vector<std::uint64_t> bits;
        for (std::size_t i = 0; i < audience.size(); ++i) {
            if (audience[i] >= directory.size()) throw std::out_of_range("coverage: profile index past the end of the directory");
            if (!range.starts(directory.profile(audience[i]), length, bits)) continue;
            covered[i] = std::any_of(starts.begin(), starts.end(), [&](sys_seconds s) { return test_bit(bits, range.index(s)); });
        }
    }
    return group_coverage(directory, audience, covered);
}

LanguageGroups language_groups(const Directory& directory, std::span<const ProfileIndex> audience, std::string_view language,
                               BabelLevel threshold, double target_share) {
    std::vector<Problem> problems;
    auto add = [&problems](std::string field, std::string message) {
        problems.push_back({"language_groups", "query", std::move(field), std::move(message)});
    };
    if (!is_language_code(language)) add("language", "not a language code: '" + std::string(language) + "'");
    if (threshold < 1 || threshold > native_level) add("threshold", "must be a Babel level 1 … 5 or N");
    if (!(target_share >= 0 && target_share <= 1)) add("target_share", "must be in 0 … 1");
    std::vector<bool> seen(directory.size(), false);
    for (std::size_t k = 0; k < audience.size(); ++k) {
        if (audience[k] >= directory.size()) throw std::out_of_range("language_groups: profile index past the end of the directory");
        if (seen[audience[k]]) add("audience[" + std::to_string(k) + "]", "'" + directory.profile(audience[k]).username + "' is listed twice");
        seen[audience[k]] = true;
    }
    if (!problems.empty()) throw ValidationError(std::move(problems));

    LanguageGroups g;
    g.language = std::string(language);
    g.threshold = threshold;
    g.target_share = target_share;
    g.audience = audience.size();
    // Who needs interpretation, and which languages each of them follows.
    std::map<std::string, std::vector<std::size_t>> speakers;  // language → positions among the needers
    std::size_t needers = 0;
    for (auto i : audience) {
        const auto& p = directory.profile(i);
        const auto level = p.level(language);
        if (level && *level >= threshold) {
            ++g.understand;
            continue;
        }
        bool reachable = false;
        for (const auto& l : p.languages)
            if (l.level >= threshold && l.code != language) {
                speakers[l.code].push_back(needers);
                reachable = true;
            }
        if (!reachable) ++g.unreachable;
        ++needers;
    }
    g.need = needers;
    for (const auto& [code, list] : speakers) g.needs.push_back({code, list.size()});
    std::stable_sort(g.needs.begin(), g.needs.end(), [](const LanguageNeed& a, const LanguageNeed& b) { return a.people > b.people; });

    // Bitmaps of the needers each language reaches, in the order of `needs`.
    const std::size_t words = (needers + 63) / 64;
    std::vector<std::vector<std::uint64_t>> reach;
    for (const auto& n : g.needs) {
        std::vector<std::uint64_t> bits(words, 0);
        for (auto k : speakers[n.language]) bits[k / 64] |= std::uint64_t{1} << (k % 64);
        reach.push_back(std::move(bits));
    }
    const auto target = static_cast<std::size_t>(std::ceil(target_share * static_cast<double>(g.audience) - 1e-9));
    auto share = [&](std::size_t reached) { return g.audience == 0 ? 1.0 : static_cast<double>(g.understand + reached) / static_cast<double>(g.audience); };
    auto reached_by = [&](const std::vector<std::size_t>& set) {
        std::size_t n = 0;
        for (std::size_t w = 0; w < words; ++w) {
            std::uint64_t any = 0;
            for (auto l : set) any |= reach[l][w];
            n += static_cast<std::size_t>(std::popcount(any));
        }
        return n;
    };
    std::vector<std::size_t> all(g.needs.size());
    for (std::size_t l = 0; l < all.size(); ++l) all[l] = l;
    const std::size_t most = reached_by(all);
    std::vector<std::size_t> best;
    std::size_t best_reached = 0;
    // Out of reach: the smallest set reaching as many as all languages together.
    const std::size_t goal = std::min(target, g.understand + most);
    if (g.understand >= goal) {
        // nothing to add
    } else {
        // Smallest size first; within a size every set in lexicographic order of `needs`.
        double sets = 1;
        bool found = false;
        for (std::size_t size = 1; size <= all.size() && !found; ++size) {
            sets = sets * static_cast<double>(all.size() - size + 1) / static_cast<double>(size);
            if (sets > 2e6) {
                g.exact = false;
                break;
            }
            std::vector<std::size_t> pick(size);
            for (std::size_t k = 0; k < size; ++k) pick[k] = k;
            for (;;) {
                const auto n = reached_by(pick);
                if (g.understand + n >= goal && (!found || n > best_reached)) {
                    best = pick;
                    best_reached = n;
                    found = true;
                }
                std::size_t k = size;
                while (k > 0 && pick[k - 1] == all.size() - size + k - 1) --k;
                if (k == 0) break;
                ++pick[k - 1];
                for (std::size_t j = k; j < size; ++j) pick[j] = pick[j - 1] + 1;
            }
        }
        if (!found) {
            // Greedy: the language reaching the most of those not yet reached, until the target.
            best.clear();
            best_reached = 0;
            std::vector<bool> used(all.size(), false);
            while (g.understand + best_reached < goal) {
                std::size_t pick = all.size(), gain = 0;
                for (std::size_t l = 0; l < all.size(); ++l) {
                    if (used[l]) continue;
                    auto trial = best;
                    trial.push_back(l);
                    const auto n = reached_by(trial);
                    if (pick == all.size() || n > gain) pick = l, gain = n;
                }
                used[pick] = true;
                best.push_back(pick);
                best_reached = gain;
            }
        }
    }
    for (auto l : best) g.interpretation.push_back(g.needs[l].language);
    g.reached_share = share(best_reached);
    g.target_reached = g.understand + best_reached >= target;
    return g;
}

}  // namespace letsconnect
