// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#include "letsconnect/assign.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>
#include <string>
#include <unordered_map>

// LEMON's templates only: nothing of liblemon is linked (INVALID is defined per translation unit).
#define LEMON_ONLY_TEMPLATES
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>
#pragma GCC diagnostic pop

#include "parallel.hpp"

namespace letsconnect {

std::string_view to_string(UnassignedReason reason) noexcept {
    switch (reason) {
        case UnassignedReason::no_eligible_mentor: return "no_eligible_mentor";
        case UnassignedReason::mentors_full: return "mentors_full";
        case UnassignedReason::registration_closed: return "registration_closed";
    }
    return "no_eligible_mentor";
}

namespace {

using Cost = long long;

// Totals as integer costs for the flow: units of 2^-40 keep every total ≤ 5 below 2^43 and the
// flow's potentials far from overflow, while pairs closer than 10^-12 count as ties.
constexpr double cost_scale = 1099511627776.0;  // 2^40
Cost to_cost(double total) { return std::llround(total * cost_scale); }
// The flow cost of a pair: its weight, and one unit (2^-40) more, so that among assignments with
// the same total the flow makes more pairs (a pair of total 0 is made rather than left out).
Cost arc_cost(Cost weight) { return -weight - 1; }
constexpr std::size_t max_people = 400000;
constexpr unsigned max_capacity = 1000000;

// How many of a mentee's best eligible mentors the first flow is solved on.
constexpr std::size_t first_depth = 24;
// Pricing adds a row's arcs whose reduced cost is below `slack` (not only the negative ones, so
// the next round rarely finds more), at most extra_per_round a round, lowest first.
const Cost slack = to_cost(0.05);
constexpr std::size_t extra_per_round = 32;

// Arcs held over all rows (16 bytes each, 512 MiB in all); beyond it rows hold only their best arcs.
constexpr std::size_t arc_budget = std::size_t{32} << 20;

Direction reverse(Direction d) {
    switch (d) {
        case Direction::learn_from: return Direction::share_with;
        case Direction::share_with: return Direction::learn_from;
        case Direction::mutual: return Direction::mutual;
    }
    return d;
}

Problem problem(std::string field, std::string message) {
    return {"assign", "assign", std::move(field), std::move(message)};
}

// Positions of the profiles in a list, rejecting duplicates.
std::unordered_map<ProfileIndex, std::uint32_t> positions(const Directory& d, std::span<const ProfileIndex> list,
                                                         const char* what, std::vector<Problem>& problems) {
    std::unordered_map<ProfileIndex, std::uint32_t> at;
    at.reserve(list.size());
    for (std::uint32_t i = 0; i < list.size(); ++i) {
        if (list[i] >= d.size())
            throw std::out_of_range(std::string(what) + "[" + std::to_string(i) + "]: profile index " +
                                    std::to_string(list[i]) + " is past the end of the directory");
        if (!at.emplace(list[i], i).second)
            problems.push_back(problem(std::string(what) + "[" + std::to_string(i) + "]",
                                       "'" + d.profile(list[i]).username + "' is listed twice"));
    }
    return at;
}

// One eligible (mentee, mentor) arc: the mentor's position and the integer cost of the pair.
struct Arc {
    std::uint32_t mentor;
    Cost weight;
};

// A mentee's row after scoring: its best eligible arcs (best first) and how many it has in all.
struct Row {
    std::vector<Arc> kept;
    std::size_t eligible = 0;       // eligible mentors
    std::size_t free_eligible = 0;  // of those, mentors with free places
};

// The pair-level inputs shared by both methods.
struct Instance {
    const Directory& d;
    std::span<const ProfileIndex> mentees;
    std::span<const ProfileIndex> mentors;
    const AssignOptions& opt;
    std::vector<std::vector<std::uint32_t>> forbidden;  // per mentee: forbidden mentor positions, sorted
    std::vector<unsigned> capacity;                     // per mentor, as given
    std::vector<unsigned> free_capacity;                // after the required pairs
    std::vector<std::int64_t> required_mentor;          // per mentee: mentor position or -1

    [[nodiscard]] bool is_forbidden(std::uint32_t mentee, std::uint32_t mentor) const {
        const auto& f = forbidden[mentee];
        return std::binary_search(f.begin(), f.end(), mentor);
    }
    [[nodiscard]] Scorer scorer(std::uint32_t mentee) const { return Scorer(d, mentees[mentee], opt.weights, opt.options); }
    // The pair's integer weight if eligible.
    [[nodiscard]] std::optional<Cost> eligible(const Scorer& s, std::uint32_t mentee, std::uint32_t mentor) const {
        const double total = s.total(mentors[mentor]);
        if (total == -std::numeric_limits<double>::infinity()) return std::nullopt;
        if (opt.min_score && total < *opt.min_score) return std::nullopt;
        if (is_forbidden(mentee, mentor)) return std::nullopt;
        return to_cost(total);
    }
    // Arcs in preference order: heavier first, then the mentor's username.
    [[nodiscard]] bool better(const Arc& a, const Arc& b) const {
        if (a.weight != b.weight) return a.weight > b.weight;
        return d.username_rank()[mentors[a.mentor]] < d.username_rank()[mentors[b.mentor]];
    }
};

Instance prepare(const Directory& d, std::span<const ProfileIndex> mentees, std::span<const ProfileIndex> mentors,
                 const AssignOptions& opt) {
    opt.weights.validate();
    std::vector<Problem> problems;
    const auto mentee_at = positions(d, mentees, "mentees", problems);
    const auto mentor_at = positions(d, mentors, "mentors", problems);
    // Integer costs of up to 5·2^40 times the flow's node count must stay far below 2^63.
    if (mentees.size() + mentors.size() > max_people)
        problems.push_back(problem("mentees", "at most " + std::to_string(max_people) + " mentees and mentors together, got " +
                                                  std::to_string(mentees.size() + mentors.size()) + " (split the programme)"));
    if (opt.min_score && !std::isfinite(*opt.min_score))
        problems.push_back(problem("min_score", "must be a finite number"));
    Instance in{d, mentees, mentors, opt, std::vector<std::vector<std::uint32_t>>(mentees.size()), {}, {}, {}};
    if (!opt.capacities.empty() && opt.capacities.size() != mentors.size())
        problems.push_back(problem("capacities", "has " + std::to_string(opt.capacities.size()) + " entries for " +
                                                     std::to_string(mentors.size()) + " mentors"));
    in.capacity = opt.capacities.size() == mentors.size() ? opt.capacities : std::vector<unsigned>(mentors.size(), opt.capacity);
    if (opt.capacity > max_capacity) problems.push_back(problem("capacity", "must be 0 … 1000000, got " + std::to_string(opt.capacity)));
    for (std::size_t m = 0; m < opt.capacities.size(); ++m)
        if (opt.capacities[m] > max_capacity)
            problems.push_back(problem("capacities[" + std::to_string(m) + "]", "must be 0 … 1000000, got " + std::to_string(opt.capacities[m])));
    in.free_capacity = in.capacity;
    in.required_mentor.assign(mentees.size(), -1);

    // A pair given as indices, as positions in the lists (nullopt, with a problem, if not in them).
    auto locate = [&](const PairIndex& p, const std::string& field) -> std::optional<std::pair<std::uint32_t, std::uint32_t>> {
        const auto e = mentee_at.find(p.first);
        const auto m = mentor_at.find(p.second);
        auto name = [&](ProfileIndex i) { return i < d.size() ? "'" + d.profile(i).username + "'" : "profile " + std::to_string(i); };
        if (e == mentee_at.end()) problems.push_back(problem(field, name(p.first) + " is not one of the mentees"));
        if (m == mentor_at.end()) problems.push_back(problem(field, name(p.second) + " is not one of the mentors"));
        if (e == mentee_at.end() || m == mentor_at.end()) return std::nullopt;
        return std::pair{e->second, m->second};
    };
    for (std::size_t k = 0; k < opt.forbidden.size(); ++k)
        if (auto p = locate(opt.forbidden[k], "forbidden[" + std::to_string(k) + "]")) in.forbidden[p->first].push_back(p->second);
    for (auto& f : in.forbidden) std::sort(f.begin(), f.end());
    for (std::size_t k = 0; k < opt.required.size(); ++k) {
        const std::string field = "required[" + std::to_string(k) + "]";
        const auto p = locate(opt.required[k], field);
        if (!p) continue;
        const auto& who = d.profile(mentees[p->first]).username;
        if (in.required_mentor[p->first] >= 0) {
            problems.push_back(problem(field, "'" + who + "' is already required with another mentor"));
            continue;
        }
        if (in.is_forbidden(p->first, p->second)) {
            problems.push_back(problem(field, "the pair is also forbidden"));
            continue;
        }
        if (mentees[p->first] == mentors[p->second]) {
            problems.push_back(problem(field, "'" + who + "' cannot mentor themself"));
            continue;
        }
        if (in.free_capacity[p->second] == 0) {
            problems.push_back(problem(field, "'" + d.profile(mentors[p->second]).username + "' has more required mentees than their capacity of " +
                                                  std::to_string(in.capacity[p->second])));
            continue;
        }
        in.required_mentor[p->first] = p->second;
        --in.free_capacity[p->second];
    }
    if (!problems.empty()) throw ValidationError(std::move(problems));
    return in;
}

// Scores mentee `e` against every mentor: its eligible count and, in `kept`, its best `keep`
// eligible arcs among the mentors with free places (all of them when keep is npos), best first.
Row score_row(const Instance& in, std::uint32_t e, std::size_t keep) {
    Row row;
    const Scorer s = in.scorer(e);
    auto worse = [&in](const Arc& a, const Arc& b) { return in.better(a, b); };  // heap top = worst kept
    for (std::uint32_t m = 0; m < in.mentors.size(); ++m) {
        const auto w = in.eligible(s, e, m);
        if (!w) continue;
        ++row.eligible;
        if (in.free_capacity[m] == 0) continue;
        ++row.free_eligible;
        const Arc arc{m, *w};
        if (keep == 0) continue;
        if (row.kept.size() < keep) {
            row.kept.push_back(arc);
            std::push_heap(row.kept.begin(), row.kept.end(), worse);
        } else if (in.better(arc, row.kept.front())) {
            std::pop_heap(row.kept.begin(), row.kept.end(), worse);
            row.kept.back() = arc;
            std::push_heap(row.kept.begin(), row.kept.end(), worse);
        }
    }
    std::sort(row.kept.begin(), row.kept.end(), [&in](const Arc& a, const Arc& b) { return in.better(a, b); });
    return row;
}

// The max-weight assignment of the free mentees to the free places: mentor position per mentee
// (-1: none). Each row holds its best eligible arcs (all of them unless memory says otherwise),
// best first; the flow is solved on a prefix of each row, then every arc left out is priced with
// the flow's potentials: the arc (e, m) improves the flow only if cost + π(e) - π(m) < 0. Such
// arcs, and those within `slack` of it, are added (at most extra_per_round per row) and the flow
// is solved again. Rows that hold only their best arcs are bounded by their last one and scored
// again in full when the bound fails. Stops when no arc anywhere prices out.
std::vector<std::int64_t> optimal(const Instance& in, std::vector<Row>& rows, Assignment& out) {
    using Graph = lemon::SmartDigraph;
    using Solver = lemon::NetworkSimplex<Graph, int, Cost>;
    const std::size_t ne = in.mentees.size(), nm = in.mentors.size();
    std::vector<std::int64_t> chosen(ne, -1);
    std::vector<std::size_t> depth(ne);
    std::vector<bool> complete(ne);  // the row holds every eligible arc to a free mentor
    std::vector<std::vector<std::uint32_t>> extra(ne);  // positions past depth added by pricing, sorted
    for (std::size_t e = 0; e < ne; ++e) {
        depth[e] = std::min(rows[e].kept.size(), first_depth);
        complete[e] = rows[e].kept.size() == rows[e].free_eligible;
    }
    for (;;) {
        ++out.pricing_rounds;
        Graph g;
        const auto source = g.addNode(), sink = g.addNode();
        std::vector<Graph::Node> mentee_node(ne, lemon::INVALID), mentor_node(nm, lemon::INVALID);
        int flow_mentees = 0;
        std::size_t arcs = 0;
        for (std::size_t e = 0; e < ne; ++e)
            if (in.required_mentor[e] < 0 && depth[e] > 0) {
                mentee_node[e] = g.addNode();
                ++flow_mentees;
                arcs += depth[e] + extra[e].size();
            }
        for (std::size_t m = 0; m < nm; ++m)
            if (in.free_capacity[m] > 0) mentor_node[m] = g.addNode();
        if (flow_mentees == 0) return chosen;
        g.reserveArc(static_cast<int>(arcs + static_cast<std::size_t>(flow_mentees) + nm + 1));

        Graph::ArcMap<int> upper(g);
        Graph::ArcMap<Cost> cost(g);
        auto add = [&](Graph::Node a, Graph::Node b, int cap, Cost c) {
            const auto arc = g.addArc(a, b);
            upper[arc] = cap;
            cost[arc] = c;
        };
        for (std::size_t e = 0; e < ne; ++e) {
            if (mentee_node[e] == lemon::INVALID) continue;
            add(source, mentee_node[e], 1, 0);
            for (std::size_t k = 0; k < depth[e]; ++k) add(mentee_node[e], mentor_node[rows[e].kept[k].mentor], 1, arc_cost(rows[e].kept[k].weight));
            for (auto k : extra[e]) add(mentee_node[e], mentor_node[rows[e].kept[k].mentor], 1, arc_cost(rows[e].kept[k].weight));
        }
        for (std::size_t m = 0; m < nm; ++m)
            if (mentor_node[m] != lemon::INVALID)
                add(mentor_node[m], sink, static_cast<int>(std::min<std::size_t>(in.free_capacity[m], static_cast<std::size_t>(flow_mentees))), 0);
        add(source, sink, flow_mentees, 0);  // mentees left without a mentor

        Graph::NodeMap<int> supply(g, 0);
        supply[source] = flow_mentees;
        supply[sink] = -flow_mentees;
        Solver ns(g);
        ns.upperMap(upper).costMap(cost).supplyMap(supply);
        if (ns.run() != Solver::OPTIMAL) throw Error("assign: the flow problem has no optimal solution (please report this)");
        out.flow_arcs = arcs;

        std::fill(chosen.begin(), chosen.end(), -1);
        std::vector<Cost> mentor_pi(nm, 0);
        Cost max_mentor_pi = std::numeric_limits<Cost>::min();
        for (std::size_t m = 0; m < nm; ++m)
            if (mentor_node[m] != lemon::INVALID) {
                mentor_pi[m] = ns.potential(mentor_node[m]);
                max_mentor_pi = std::max(max_mentor_pi, mentor_pi[m]);
            }
        std::vector<std::int64_t> mentor_of(static_cast<std::size_t>(g.maxNodeId()) + 1, -1);
        for (std::size_t m = 0; m < nm; ++m)
            if (mentor_node[m] != lemon::INVALID) mentor_of[static_cast<std::size_t>(g.id(mentor_node[m]))] = static_cast<std::int64_t>(m);
        std::vector<std::uint32_t> suspects;  // incomplete rows whose bound fails
        bool grown = false;
        for (std::size_t e = 0; e < ne; ++e) {
            if (mentee_node[e] == lemon::INVALID) continue;
            for (Graph::OutArcIt a(g, mentee_node[e]); a != lemon::INVALID; ++a)
                if (ns.flow(a) > 0) chosen[e] = mentor_of[static_cast<std::size_t>(g.id(g.target(a)))];
            const auto& kept = rows[e].kept;
            const Cost pi = ns.potential(mentee_node[e]);
            // Arcs that price out, and (so that the next round rarely finds more) those within
            // `slack` of it; at most extra_per_round of them, the lowest reduced costs first.
            std::vector<std::pair<Cost, std::uint32_t>> violating;  // (reduced cost, position in kept)
            bool violated = false;
            for (std::size_t k = depth[e]; k < kept.size(); ++k) {
                const Cost w = kept[k].weight;
                if (arc_cost(w) + pi - max_mentor_pi >= slack) break;  // sorted: no later arc comes closer
                const Cost reduced = arc_cost(w) + pi - mentor_pi[kept[k].mentor];
                if (reduced < slack && !std::binary_search(extra[e].begin(), extra[e].end(), static_cast<std::uint32_t>(k))) {
                    violating.emplace_back(reduced, static_cast<std::uint32_t>(k));
                    violated = violated || reduced < 0;
                }
            }
            if (violated) {
                const std::size_t take = std::min(violating.size(), extra_per_round);
                std::partial_sort(violating.begin(), violating.begin() + static_cast<std::ptrdiff_t>(take), violating.end());
                for (std::size_t k = 0; k < take; ++k) extra[e].push_back(violating[k].second);
                std::sort(extra[e].begin(), extra[e].end());
                grown = true;
            } else if (!complete[e] && arc_cost(kept.back().weight) + pi - max_mentor_pi < 0) {
                suspects.push_back(static_cast<std::uint32_t>(e));
            }
        }
        if (!suspects.empty()) {
            // Rows holding only their best arcs whose bound fails: score them again in full.
            detail::parallel_for(suspects.size(), in.opt.threads, [&](std::size_t k) {
                const auto e = suspects[k];
                rows[e] = score_row(in, e, std::numeric_limits<std::size_t>::max());
            });
            for (auto e : suspects) {
                complete[e] = true;
                extra[e].clear();  // the row was re-sorted in full: extra positions no longer apply
            }
            grown = true;
        }
        if (!grown) return chosen;
    }
}

// Mentee-proposing deferred acceptance over the free places: mentor position per mentee (-1: none).
std::vector<std::int64_t> stable(const Instance& in, std::vector<Row>& rows) {
    const std::size_t ne = in.mentees.size(), nm = in.mentors.size();
    ScoreOptions reverse_options;
    reverse_options.direction = reverse(in.opt.options.direction);
    reverse_options.require_skill = in.opt.options.require_skill;
    std::vector<std::optional<Scorer>> mentor_side(nm);
    detail::parallel_for(nm, in.opt.threads, [&](std::size_t m) {
        if (in.free_capacity[m] > 0) mentor_side[m].emplace(in.d, in.mentors[m], in.opt.weights, reverse_options);
    });
    const auto& rank = in.d.username_rank();
    // How much mentor m wants mentee e: its reverse total (rejected pairs last), then the username.
    auto prefers = [&](std::uint32_t a, std::uint32_t b, Cost ta, Cost tb) {
        if (ta != tb) return ta > tb;
        return rank[in.mentees[a]] < rank[in.mentees[b]];
    };
    struct Held {
        std::uint32_t mentee;
        Cost total;  // the reverse pair's, rounded as the mentees' side is (rejected: lowest)
    };
    std::vector<std::vector<Held>> held(nm);  // heap: the least preferred on top
    std::vector<std::size_t> next(ne, 0);
    std::vector<std::int64_t> chosen(ne, -1);
    std::vector<std::uint32_t> waiting;
    for (std::size_t e = ne; e-- > 0;)
        if (in.required_mentor[e] < 0 && !rows[e].kept.empty()) waiting.push_back(static_cast<std::uint32_t>(e));
    while (!waiting.empty()) {
        const auto e = waiting.back();
        waiting.pop_back();
        for (;;) {
            if (next[e] == rows[e].kept.size()) {
                // Rows hold their best arcs only; one that runs out is scored again in full (same
                // order, so the arcs proposed to so far stay in front).
                if (rows[e].kept.size() == rows[e].free_eligible) break;
                rows[e] = score_row(in, e, std::numeric_limits<std::size_t>::max());
                if (next[e] == rows[e].kept.size()) break;
            }
            const auto m = rows[e].kept[next[e]++].mentor;
            auto& h = held[m];
            const double reverse_total = mentor_side[m]->total(in.mentees[e]);
            const Held mine{e, reverse_total == -std::numeric_limits<double>::infinity() ? std::numeric_limits<Cost>::min()
                                                                                          : to_cost(reverse_total)};
            auto least_first = [&](const Held& x, const Held& y) { return prefers(x.mentee, y.mentee, x.total, y.total); };
            if (h.size() < in.free_capacity[m]) {
                h.push_back(mine);
                std::push_heap(h.begin(), h.end(), least_first);
                chosen[e] = m;
                break;
            }
            if (prefers(e, h.front().mentee, mine.total, h.front().total)) {
                const auto out = h.front().mentee;
                std::pop_heap(h.begin(), h.end(), least_first);
                h.back() = mine;
                std::push_heap(h.begin(), h.end(), least_first);
                chosen[e] = m;
                chosen[out] = -1;
                waiting.push_back(out);
                break;
            }
        }
    }
    return chosen;
}

}  // namespace

Assignment assign(const Directory& directory, std::span<const ProfileIndex> mentees, std::span<const ProfileIndex> mentors,
                  const AssignOptions& options) {
    const Instance in = prepare(directory, mentees, mentors, options);
    const std::size_t ne = mentees.size();
    Assignment out;
    out.stable = options.stable;
    out.capacity = in.capacity;
    out.load.assign(mentors.size(), 0);

    std::vector<Row> rows(ne);
    const std::size_t keep = ne == 0 ? 0 : std::max(first_depth, arc_budget / ne);
    detail::parallel_for(ne, options.threads, [&](std::size_t e) {
        rows[e] = score_row(in, static_cast<std::uint32_t>(e), in.required_mentor[e] >= 0 ? 0 : keep);
    });
    for (const auto& r : rows) out.eligible_pairs += r.eligible;

    std::vector<std::int64_t> chosen = options.stable ? stable(in, rows) : optimal(in, rows, out);
    for (std::size_t e = 0; e < ne; ++e)
        if (in.required_mentor[e] >= 0) chosen[e] = in.required_mentor[e];

    // Scores and breakdowns of the pairs made, and the reasons for the mentees left out.
    std::vector<std::optional<AssignedPair>> made(ne);
    detail::parallel_for(ne, options.threads, [&](std::size_t e) {
        if (chosen[e] < 0) return;
        const auto m = static_cast<std::uint32_t>(chosen[e]);
        AssignedPair p{mentees[e], mentors[m], {}, in.required_mentor[e] >= 0, true};
        const Scorer s = in.scorer(static_cast<std::uint32_t>(e));
        if (auto sc = s(mentors[m])) p.score = *sc;
        p.eligible = in.eligible(s, static_cast<std::uint32_t>(e), m).has_value();
        if (!p.eligible && !p.required) throw Error("assign: an ineligible pair was chosen (please report this)");
        made[e] = p;
    });
    for (std::size_t e = 0; e < ne; ++e) {
        if (made[e]) {
            out.objective += made[e]->score.total;
            ++out.load[static_cast<std::size_t>(chosen[e])];
            out.pairs.push_back(*made[e]);
        } else {
            out.unassigned.push_back({mentees[e],
                                      rows[e].eligible == 0 ? UnassignedReason::no_eligible_mentor : UnassignedReason::mentors_full,
                                      rows[e].eligible});
        }
    }
    return out;
}

}  // namespace letsconnect
