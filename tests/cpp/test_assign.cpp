// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
// Tests of letsconnect/assign.hpp and letsconnect/mentorship.hpp: the optimal assignment against a
// brute force over every assignment of tiny instances (many seeds, every direction, capacities
// 0–2, required / forbidden pairs, min_score, people in both lists), a 300 × 60 instance against a
// Hungarian algorithm on the slot-expanded matrix; the stable mode against the header's
// preference definition (no blocking pair) and against every stable matching of tiny instances
// (mentee-optimal); the validation errors; mentorship programmes (tests/data/mentorship/): the
// letsconnect.mentorship/1 format, its errors, on_time(), check() and assign() on a programme.

#include "test_helpers.hpp"

#include "letsconnect/assign.hpp"
#include "letsconnect/mentorship.hpp"
#include "letsconnect/score.hpp"

#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <set>

using namespace letsconnect;
using lc_test::capture;
using lc_test::dump;
using lc_test::has_problem;
using lc_test::ymd;

namespace {

// --- invented people ----------------------------------------------------------------------

struct Place {
    const char* country;
    const char* zone;
};
constexpr Place places[] = {{"NG", "Africa/Lagos"},     {"KE", "Africa/Nairobi"},      {"IN", "Asia/Kolkata"},
                            {"BR", "America/Sao_Paulo"}, {"MX", "America/Mexico_City"}, {"DE", "Europe/Berlin"},
                            {"ID", "Asia/Jakarta"},      {"NP", "Asia/Kathmandu"}};
// Skills of three categories of the bundled taxonomy: leaves, a skill with children and a
// category, so that every kind of taxonomy credit occurs.
constexpr const char* skill_pool[] = {"grant-writing", "budgeting",      "fundraising",     "rapid-fund",
                                      "wmf-funding-programmes",           "mentoring",       "facilitation",
                                      "public-speaking", "communication",  "social-media",    "wikidata",
                                      "editing-wikipedia", "translation",  "content-translation", "editathons",
                                      "grants-resources"};
constexpr const char* language_pool[] = {"en", "fr", "es", "sw"};
constexpr const char* first_names[] = {"Abeni", "Bongani", "Chipo", "Dembe", "Eshe",  "Farai", "Gathoni", "Hamza",
                                       "Imani", "Jabari",  "Kioko", "Lerato", "Mosi", "Nia",   "Obi",     "Penda"};
constexpr const char* last_names[] = {"Achebe", "Bekele", "Chanda", "Dlamini", "Eze",  "Fashola", "Gyamfi",
                                      "Hassan", "Ilunga", "Juma",   "Kariuki", "Lumumba", "Moyo", "Ndlovu"};

/// A random invented person with 1–3 languages, 0–3 shared and 0–3 wanted skills and 1–2 weekly
/// windows.
Profile random_person(std::mt19937& rng, std::size_t number) {
    auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    Profile p;
    p.username = std::string(first_names[pick(std::size(first_names))]) + " " + last_names[pick(std::size(last_names))] +
                 " " + std::to_string(1000 + number);
    const Place& place = places[pick(std::size(places))];
    p.country = place.country;
    p.timezone = place.zone;
    for (std::size_t w = 1 + pick(2); w > 0; --w) {
        const auto start = static_cast<std::uint16_t>(15 * pick(80));
        const auto length = static_cast<std::uint16_t>(15 * (4 + pick(12)));
        p.availability.push_back({static_cast<Weekday>(pick(7)), start, static_cast<std::uint16_t>(std::min(1440, start + length))});
    }
    for (std::size_t n = 1 + pick(3); n > 0; --n) {
        const std::string code = language_pool[pick(std::size(language_pool))];
        if (!p.level(code)) p.languages.push_back({code, static_cast<BabelLevel>(1 + pick(6))});
    }
    auto skills = [&](std::size_t max) {
        std::vector<std::string> out;
        for (std::size_t n = pick(max + 1); n > 0; --n) {
            const std::string s = skill_pool[pick(std::size(skill_pool))];
            if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
        }
        return out;
    };
    p.shares = skills(3);
    p.learns = skills(3);
    return p;
}

/// Makes `p` easy to pair: English at 3 or above, and 1–3 shared and wanted skills out of six
/// grants and interpersonal skills (so that most pairs are eligible and, in the mutual direction,
/// what a mentee values in a mentor and what the mentor values in the mentee differ).
void make_dense(Profile& p, std::mt19937& rng) {
    auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    static constexpr const char* dense_pool[] = {"grant-writing", "budgeting", "rapid-fund", "mentoring", "facilitation", "communication"};
    std::erase_if(p.languages, [](const LanguageLevel& l) { return l.code == "en"; });
    p.languages.push_back({"en", static_cast<BabelLevel>(3 + pick(4))});
    for (auto* list : {&p.shares, &p.learns}) {
        list->clear();
        for (std::size_t n = 1 + pick(3); n > 0; --n) {
            const std::string s = dense_pool[pick(std::size(dense_pool))];
            if (std::find(list->begin(), list->end(), s) == list->end()) list->push_back(s);
        }
    }
}

/// `n` random people; with `clones`, some are copies of earlier ones under another username (so
/// that totals tie); `dense` makes them easy to pair (make_dense()).
std::vector<Profile> random_people(std::size_t n, std::mt19937& rng, double clones = 0.0, bool dense = false) {
    std::vector<Profile> out;
    for (std::size_t i = 0; i < n; ++i) {
        if (!out.empty() && std::uniform_real_distribution<double>(0, 1)(rng) < clones) {
            Profile copy = out[std::uniform_int_distribution<std::size_t>(0, out.size() - 1)(rng)];
            copy.username = "Twin of " + copy.username + " " + std::to_string(i);
            out.push_back(std::move(copy));
        } else {
            out.push_back(random_person(rng, i));
            if (dense) make_dense(out.back(), rng);
        }
    }
    return out;
}

// --- the reference ----------------------------------------------------------------------------

constexpr double cost_unit = 1099511627776.0;  // 2^40: the header's unit of comparison
long long units(double total) { return std::llround(total * cost_unit); }

bool listed(const std::vector<PairIndex>& pairs, ProfileIndex e, ProfileIndex m) {
    return std::find(pairs.begin(), pairs.end(), PairIndex{e, m}) != pairs.end();
}

/// Every (mentee, mentor) pair of an instance, scored with the free function score().
struct Table {
    std::vector<std::vector<std::optional<Score>>> kernel;  // [mentee][mentor]: the kernel's score
    std::vector<std::vector<bool>> eligible;                 // kernel accepts, ≥ min_score, not forbidden
    std::vector<unsigned> capacity;
    std::vector<std::int64_t> required;  // per mentee: mentor position or -1
};

Table table(const Directory& dir, const std::vector<ProfileIndex>& mentees, const std::vector<ProfileIndex>& mentors,
            const AssignOptions& opt) {
    Table t;
    t.kernel.assign(mentees.size(), std::vector<std::optional<Score>>(mentors.size()));
    t.eligible.assign(mentees.size(), std::vector<bool>(mentors.size(), false));
    t.capacity = opt.capacities.empty() ? std::vector<unsigned>(mentors.size(), opt.capacity) : opt.capacities;
    t.required.assign(mentees.size(), -1);
    for (std::size_t e = 0; e < mentees.size(); ++e) {
        for (std::size_t m = 0; m < mentors.size(); ++m) {
            t.kernel[e][m] = score(dir, mentees[e], mentors[m], opt.weights, opt.options);
            t.eligible[e][m] = t.kernel[e][m].has_value() && mentees[e] != mentors[m] &&
                               !(opt.min_score && t.kernel[e][m]->total < *opt.min_score) &&
                               !listed(opt.forbidden, mentees[e], mentors[m]);
        }
        for (std::size_t m = 0; m < mentors.size(); ++m)
            if (listed(opt.required, mentees[e], mentors[m])) t.required[e] = static_cast<std::int64_t>(m);
    }
    return t;
}

double pair_total(const Table& t, std::size_t e, std::size_t m) { return t.kernel[e][m] ? t.kernel[e][m]->total : 0.0; }

/// Calls `visit(choice)` for every feasible assignment (choice[e] = mentor position or -1): required
/// pairs kept, other pairs eligible, capacities respected.
void for_each_assignment(const Table& t, const std::function<void(const std::vector<std::int64_t>&)>& visit) {
    const std::size_t ne = t.kernel.size(), nm = t.capacity.size();
    std::vector<unsigned> left = t.capacity;
    std::vector<std::int64_t> choice(ne, -1);
    for (std::size_t e = 0; e < ne; ++e)
        if (t.required[e] >= 0) --left[static_cast<std::size_t>(t.required[e])];
    std::function<void(std::size_t)> go = [&](std::size_t e) {
        if (e == ne) {
            visit(choice);
            return;
        }
        if (t.required[e] >= 0) {
            choice[e] = t.required[e];
            go(e + 1);
            return;
        }
        choice[e] = -1;
        go(e + 1);
        for (std::size_t m = 0; m < nm; ++m) {
            if (!t.eligible[e][m] || left[m] == 0) continue;
            --left[m];
            choice[e] = static_cast<std::int64_t>(m);
            go(e + 1);
            ++left[m];
        }
        choice[e] = -1;
    };
    go(0);
}

double objective_of(const Table& t, const std::vector<std::int64_t>& choice) {
    double sum = 0;
    for (std::size_t e = 0; e < choice.size(); ++e)
        if (choice[e] >= 0) sum += pair_total(t, e, static_cast<std::size_t>(choice[e]));
    return sum;
}

/// The objective in the header's units (each pair's total in units of 2^-40, as the flow sees it).
long long units_of(const Table& t, const std::vector<std::int64_t>& choice) {
    long long sum = 0;
    for (std::size_t e = 0; e < choice.size(); ++e)
        if (choice[e] >= 0) sum += units(pair_total(t, e, static_cast<std::size_t>(choice[e])));
    return sum;
}

/// The most pairs of an assignment with the best objective (in units): "among assignments with
/// the same total the flow makes the most pairs".
std::size_t brute_force_most_pairs_at_optimum(const Table& t) {
    long long best = std::numeric_limits<long long>::min();
    std::size_t most = 0;
    for_each_assignment(t, [&](const std::vector<std::int64_t>& c) {
        const long long u = units_of(t, c);
        const auto n = static_cast<std::size_t>(std::count_if(c.begin(), c.end(), [](std::int64_t m) { return m >= 0; }));
        if (u > best || (u == best && n > most)) {
            best = u;
            most = n;
        }
    });
    return most;
}

double brute_force_optimum(const Table& t) {
    double best = -1;
    for_each_assignment(t, [&](const std::vector<std::int64_t>& c) { best = std::max(best, objective_of(t, c)); });
    return best;
}

/// The result as a choice vector (mentor position per mentee position, -1 for none).
std::vector<std::int64_t> choice_of(const Assignment& a, const std::vector<ProfileIndex>& mentees,
                                    const std::vector<ProfileIndex>& mentors) {
    std::vector<std::int64_t> c(mentees.size(), -1);
    for (const auto& p : a.pairs) {
        const auto e = std::find(mentees.begin(), mentees.end(), p.mentee) - mentees.begin();
        const auto m = std::find(mentors.begin(), mentors.end(), p.mentor) - mentors.begin();
        if (static_cast<std::size_t>(e) < mentees.size() && static_cast<std::size_t>(m) < mentors.size()) c[static_cast<std::size_t>(e)] = m;
    }
    return c;
}

/// Everything an Assignment promises whatever the mode: a partition of the mentees in their
/// order, pairs scored by the kernel, required pairs made, other pairs eligible, loads within
/// capacity, reasons, counts and the objective.
void expect_feasible(const Directory& dir, const std::vector<ProfileIndex>& mentees, const std::vector<ProfileIndex>& mentors,
                     const AssignOptions& opt, const Table& t, const Assignment& a, const std::string& context) {
    SCOPED_TRACE(context);
    EXPECT_EQ(a.stable, opt.stable);
    EXPECT_EQ(a.capacity, t.capacity);
    ASSERT_EQ(a.load.size(), mentors.size());
    std::vector<unsigned> load(mentors.size(), 0);
    std::vector<int> seen(mentees.size(), 0);
    std::ptrdiff_t previous = -1;
    double sum = 0;
    for (const auto& p : a.pairs) {
        const auto e = std::find(mentees.begin(), mentees.end(), p.mentee) - mentees.begin();
        const auto m = std::find(mentors.begin(), mentors.end(), p.mentor) - mentors.begin();
        ASSERT_LT(static_cast<std::size_t>(e), mentees.size()) << "pair with a mentee not in the list";
        ASSERT_LT(static_cast<std::size_t>(m), mentors.size()) << "pair with a mentor not in the list";
        const auto ue = static_cast<std::size_t>(e), um = static_cast<std::size_t>(m);
        EXPECT_GT(e, previous) << "pairs not in the order of the mentees";
        previous = e;
        ++seen[ue];
        ++load[um];
        EXPECT_NE(p.mentee, p.mentor) << dir.profile(p.mentee).username << " paired with themself";
        const bool required = t.required[ue] == m;
        EXPECT_EQ(p.required, required) << dir.profile(p.mentee).username;
        EXPECT_EQ(p.eligible, static_cast<bool>(t.eligible[ue][um])) << dir.profile(p.mentee).username;
        if (!required) {
            EXPECT_TRUE(t.eligible[ue][um]) << "ineligible pair " << dir.profile(p.mentee).username << " -> " << dir.profile(p.mentor).username;
        }
        EXPECT_EQ(p.score, t.kernel[ue][um].value_or(Score{})) << dir.profile(p.mentee).username;
        sum += p.score.total;
    }
    previous = -1;
    for (const auto& u : a.unassigned) {
        const auto e = std::find(mentees.begin(), mentees.end(), u.mentee) - mentees.begin();
        ASSERT_LT(static_cast<std::size_t>(e), mentees.size()) << "unassigned mentee not in the list";
        const auto ue = static_cast<std::size_t>(e);
        EXPECT_GT(e, previous) << "unassigned not in the order of the mentees";
        previous = e;
        ++seen[ue];
        EXPECT_LT(t.required[ue], 0) << "a required mentee is unassigned";
        const auto eligible = static_cast<std::size_t>(std::count(t.eligible[ue].begin(), t.eligible[ue].end(), true));
        EXPECT_EQ(u.eligible_mentors, eligible) << dir.profile(u.mentee).username;
        EXPECT_EQ(u.reason, eligible == 0 ? UnassignedReason::no_eligible_mentor : UnassignedReason::mentors_full)
            << dir.profile(u.mentee).username;
    }
    for (std::size_t e = 0; e < mentees.size(); ++e) EXPECT_EQ(seen[e], 1) << "mentee " << dir.profile(mentees[e]).username;
    EXPECT_EQ(a.load, load);
    for (std::size_t m = 0; m < mentors.size(); ++m) EXPECT_LE(load[m], t.capacity[m]) << dir.profile(mentors[m]).username;
    std::size_t eligible_pairs = 0;
    for (const auto& row : t.eligible) eligible_pairs += static_cast<std::size_t>(std::count(row.begin(), row.end(), true));
    EXPECT_EQ(a.eligible_pairs, eligible_pairs);
    EXPECT_NEAR(a.objective, sum, 1e-12);
}

// --- stable matchings ---------------------------------------------------------------------------

/// Preferences as the header defines them: a mentee ranks mentors by the pair's total in units of
/// 2^-40, then by username; a mentor ranks mentees by the total of the reverse pair (the mentor
/// as the seeker, opposite direction; a rejected pair last), then by username.
struct Preferences {
    std::vector<std::vector<long long>> mentee_side;  // [e][m]
    std::vector<std::vector<long long>> mentor_side;  // [m][e]
    std::vector<std::size_t> mentee_rank, mentor_rank;  // username ranks
    [[nodiscard]] bool mentee_prefers(std::size_t e, std::size_t m1, std::int64_t m2) const {
        if (m2 < 0) return true;
        const auto u2 = static_cast<std::size_t>(m2);
        if (mentee_side[e][m1] != mentee_side[e][u2]) return mentee_side[e][m1] > mentee_side[e][u2];
        return mentor_rank[m1] < mentor_rank[u2];
    }
    [[nodiscard]] bool mentor_prefers(std::size_t m, std::size_t e1, std::size_t e2) const {
        if (mentor_side[m][e1] != mentor_side[m][e2]) return mentor_side[m][e1] > mentor_side[m][e2];
        return mentee_rank[e1] < mentee_rank[e2];
    }
};

Direction opposite(Direction d) {
    switch (d) {
        case Direction::learn_from: return Direction::share_with;
        case Direction::share_with: return Direction::learn_from;
        case Direction::mutual: return Direction::mutual;
    }
    return d;
}

Preferences preferences(const Directory& dir, const std::vector<ProfileIndex>& mentees, const std::vector<ProfileIndex>& mentors,
                        const AssignOptions& opt, const Table& t) {
    Preferences p;
    ScoreOptions reverse = opt.options;
    reverse.direction = opposite(opt.options.direction);
    p.mentee_side.assign(mentees.size(), std::vector<long long>(mentors.size(), std::numeric_limits<long long>::min()));
    p.mentor_side.assign(mentors.size(), std::vector<long long>(mentees.size(), std::numeric_limits<long long>::min()));
    for (std::size_t e = 0; e < mentees.size(); ++e)
        for (std::size_t m = 0; m < mentors.size(); ++m) {
            if (t.kernel[e][m]) p.mentee_side[e][m] = units(t.kernel[e][m]->total);
            if (auto s = score(dir, mentors[m], mentees[e], opt.weights, reverse)) p.mentor_side[m][e] = units(s->total);
        }
    for (auto i : mentees) p.mentee_rank.push_back(dir.username_rank()[i]);
    for (auto i : mentors) p.mentor_rank.push_back(dir.username_rank()[i]);
    return p;
}

/// The blocking pairs of `choice`: (mentee, mentor) eligible, the mentee not required elsewhere,
/// both prefer each other to what they have (the mentor has a free place — capacity after the
/// required pairs — or holds a mentee it likes less).
std::vector<std::pair<std::size_t, std::size_t>> blocking_pairs(const Table& t, const Preferences& p,
                                                                const std::vector<std::int64_t>& choice) {
    const std::size_t ne = choice.size(), nm = t.capacity.size();
    std::vector<std::vector<std::size_t>> held(nm);
    std::vector<unsigned> free(t.capacity);
    for (std::size_t e = 0; e < ne; ++e) {
        if (t.required[e] >= 0) --free[static_cast<std::size_t>(t.required[e])];
        else if (choice[e] >= 0) held[static_cast<std::size_t>(choice[e])].push_back(e);
    }
    std::vector<std::pair<std::size_t, std::size_t>> out;
    for (std::size_t e = 0; e < ne; ++e) {
        if (t.required[e] >= 0) continue;
        for (std::size_t m = 0; m < nm; ++m) {
            if (!t.eligible[e][m] || choice[e] == static_cast<std::int64_t>(m) || free[m] == 0) continue;
            if (!p.mentee_prefers(e, m, choice[e])) continue;
            bool mentor_wants = held[m].size() < free[m];
            for (auto other : held[m]) mentor_wants = mentor_wants || p.mentor_prefers(m, e, other);
            if (mentor_wants) out.emplace_back(e, m);
        }
    }
    return out;
}

std::string describe_blocking(const Directory& dir, const std::vector<ProfileIndex>& mentees, const std::vector<ProfileIndex>& mentors,
                              const std::vector<std::pair<std::size_t, std::size_t>>& pairs) {
    std::ostringstream out;
    for (const auto& [e, m] : pairs) out << "\n  " << dir.profile(mentees[e]).username << " & " << dir.profile(mentors[m]).username;
    return out.str();
}

// --- random tiny instances -------------------------------------------------------------------------

struct Instance {
    std::vector<ProfileIndex> mentees, mentors;
    AssignOptions opt;
    std::string description;
};

/// Up to 6 mentees and 3 mentors of a 10-person directory (so that some people are in both lists),
/// capacities 0–2, random direction, weights, min_score, forbidden and required pairs.
Instance random_instance(const Directory& dir, std::mt19937& rng, bool with_required = true) {
    auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
    Instance in;
    std::vector<ProfileIndex> everybody(dir.size());
    for (ProfileIndex i = 0; i < dir.size(); ++i) everybody[i] = i;
    std::shuffle(everybody.begin(), everybody.end(), rng);
    // Now and then an empty list; otherwise 1–6 mentees and 1–3 mentors.
    in.mentees.assign(everybody.begin(), everybody.begin() + static_cast<std::ptrdiff_t>(chance(0.05) ? 0 : 1 + pick(6)));
    std::shuffle(everybody.begin(), everybody.end(), rng);
    in.mentors.assign(everybody.begin(), everybody.begin() + static_cast<std::ptrdiff_t>(chance(0.05) ? 0 : 1 + pick(3)));
    std::ostringstream d;
    static constexpr Direction directions[] = {Direction::learn_from, Direction::mutual, Direction::mutual, Direction::share_with};
    in.opt.options.direction = directions[pick(std::size(directions))];
    in.opt.options.require_skill = chance(0.8);
    d << "direction=" << to_string(in.opt.options.direction) << " require_skill=" << in.opt.options.require_skill;
    switch (pick(4)) {
        case 0: in.opt.weights = Weights::capx(); d << " weights=capx"; break;  // ties galore
        case 1:
            in.opt.weights.time_zone = 0.6;
            in.opt.weights.overlap_hours = 2;
            in.opt.weights.min_level = 1;
            d << " weights=time-zone-heavy";
            break;
        default: break;
    }
    if (chance(0.5)) {
        for (std::size_t m = 0; m < in.mentors.size(); ++m) in.opt.capacities.push_back(static_cast<unsigned>(pick(3)));
        d << " capacities";
    } else {
        in.opt.capacity = static_cast<unsigned>(pick(3));
        d << " capacity=" << in.opt.capacity;
    }
    if (chance(0.3)) {
        in.opt.min_score = in.opt.weights == Weights::capx() ? 0.5 : 0.3;
        d << " min_score=" << *in.opt.min_score;
    }
    if (!in.mentees.empty() && !in.mentors.empty()) {
        for (std::size_t n = chance(0.4) ? 1 + pick(3) : 0; n > 0; --n) {
            const PairIndex p{in.mentees[pick(in.mentees.size())], in.mentors[pick(in.mentors.size())]};
            if (!listed(in.opt.forbidden, p.first, p.second)) in.opt.forbidden.push_back(p);
        }
        if (with_required && chance(0.3)) {
            // A valid required pair: not forbidden, not a self pair, a mentor with a place.
            const auto e = in.mentees[pick(in.mentees.size())];
            const std::size_t m = pick(in.mentors.size());
            const unsigned cap = in.opt.capacities.empty() ? in.opt.capacity : in.opt.capacities[m];
            if (cap > 0 && e != in.mentors[m] && !listed(in.opt.forbidden, e, in.mentors[m])) in.opt.required.push_back({e, in.mentors[m]});
        }
    }
    d << " forbidden=" << in.opt.forbidden.size() << " required=" << in.opt.required.size();
    in.opt.threads = static_cast<unsigned>(pick(3));
    d << " mentees=" << in.mentees.size() << " mentors=" << in.mentors.size();
    in.description = d.str();
    return in;
}

/// 3–6 mentees competing for 2–3 mentors with 1–2 places, all in the mutual direction with
/// skill-only weights: a mentee values what the mentor can teach them, the mentor (by the reverse
/// pair) what the mentee can teach them, so the two sides disagree and there are often several
/// stable matchings.
Instance conflicting_instance(const Directory& dir, std::mt19937& rng) {
    auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    Instance in;
    std::vector<ProfileIndex> everybody(dir.size());
    for (ProfileIndex i = 0; i < dir.size(); ++i) everybody[i] = i;
    std::shuffle(everybody.begin(), everybody.end(), rng);
    const std::size_t nm = 2 + pick(2), ne = 3 + pick(4);
    in.mentors.assign(everybody.begin(), everybody.begin() + static_cast<std::ptrdiff_t>(nm));
    in.mentees.assign(everybody.begin() + static_cast<std::ptrdiff_t>(nm), everybody.begin() + static_cast<std::ptrdiff_t>(std::min(dir.size(), nm + ne)));
    if (pick(2) == 0) in.mentees.push_back(in.mentors[0]);  // somebody in both lists
    for (std::size_t m = 0; m < nm; ++m) in.opt.capacities.push_back(1 + static_cast<unsigned>(pick(4) == 0));
    in.opt.options.direction = Direction::mutual;
    in.opt.options.require_skill = pick(4) != 0;
    in.opt.weights.skill = 1.0;
    in.opt.weights.reciprocity = 0.0;
    in.opt.weights.language = 0.05;
    in.opt.weights.region = 0.0;
    in.opt.weights.time_zone = 0.0;
    in.opt.threads = 1;
    in.description = "mutual, skill-only weights, require_skill=" + std::to_string(in.opt.options.require_skill) +
                     " mentees=" + std::to_string(in.mentees.size()) + " mentors=" + std::to_string(nm);
    return in;
}

/// Ten people: every third seed with twins, two seeds in three easy to pair.
Directory tiny_directory(std::uint32_t seed) {
    std::mt19937 rng(seed);
    return Directory(random_people(10, rng, seed % 3 == 0 ? 0.4 : 0.0, seed % 3 != 1), nullptr, ymd(2026, 6, 8));
}

// --- a Hungarian algorithm for the large reference -----------------------------------------

/// Minimum-cost assignment of every row to a distinct column (rows ≤ columns), cost[r][c]; the
/// column of each row. O(rows² × columns).
std::vector<std::size_t> hungarian(const std::vector<std::vector<double>>& cost) {
    const std::size_t n = cost.size(), m = cost.empty() ? 0 : cost[0].size();
    constexpr double inf = std::numeric_limits<double>::infinity();
    std::vector<double> u(n + 1, 0), v(m + 1, 0);
    std::vector<std::size_t> p(m + 1, 0), way(m + 1, 0);
    for (std::size_t i = 1; i <= n; ++i) {
        p[0] = i;
        std::size_t j0 = 0;
        std::vector<double> minv(m + 1, inf);
        std::vector<bool> used(m + 1, false);
        do {
            used[j0] = true;
            const std::size_t i0 = p[j0];
            double delta = inf;
            std::size_t j1 = 0;
            for (std::size_t j = 1; j <= m; ++j) {
                if (used[j]) continue;
                const double cur = cost[i0 - 1][j - 1] - u[i0] - v[j];
                if (cur < minv[j]) {
                    minv[j] = cur;
                    way[j] = j0;
                }
                if (minv[j] < delta) {
                    delta = minv[j];
                    j1 = j;
                }
            }
            for (std::size_t j = 0; j <= m; ++j) {
                if (used[j]) {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
        } while (p[j0] != 0);
        do {
            const std::size_t j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
        } while (j0 != 0);
    }
    std::vector<std::size_t> column(n, 0);
    for (std::size_t j = 1; j <= m; ++j)
        if (p[j] != 0) column[p[j] - 1] = j - 1;
    return column;
}

/// The optimum of an instance without required pairs, by the Hungarian algorithm on the matrix of
/// mentees × (one column per place of each mentor + one "no mentor" column per mentee).
double hungarian_optimum(const Table& t) {
    const std::size_t ne = t.kernel.size(), nm = t.capacity.size();
    std::vector<std::size_t> owner;
    for (std::size_t m = 0; m < nm; ++m)
        for (unsigned k = 0; k < t.capacity[m]; ++k) owner.push_back(m);
    const std::size_t places = owner.size();
    constexpr double never = 1e6;  // an ineligible pair; "no mentor" costs 0, so it is never chosen
    std::vector<std::vector<double>> cost(ne, std::vector<double>(places + ne, 0.0));
    for (std::size_t e = 0; e < ne; ++e)
        for (std::size_t c = 0; c < places; ++c)
            cost[e][c] = t.eligible[e][owner[c]] ? -t.kernel[e][owner[c]]->total : never;
    const auto column = hungarian(cost);
    double total = 0;
    for (std::size_t e = 0; e < ne; ++e) {
        if (column[e] >= places) continue;
        EXPECT_TRUE(t.eligible[e][owner[column[e]]]) << "the reference chose an ineligible pair";
        total -= cost[e][column[e]];
    }
    return total;
}

}  // namespace

// --- optimal mode against brute force ----------------------------------------------------------

TEST(AssignOptimal, EqualsBruteForceOnTinyInstances) {
    std::size_t nonempty = 0, with_required = 0, with_pairs = 0;
    for (std::uint32_t seed = 1; seed <= 400; ++seed) {
        const Directory dir = tiny_directory(seed);
        std::mt19937 rng(seed * 7919U);
        for (int round = 0; round < 3; ++round) {
            const Instance in = random_instance(dir, rng);
            const std::string context = "seed " + std::to_string(seed) + " round " + std::to_string(round) + ": " + in.description;
            const Table t = table(dir, in.mentees, in.mentors, in.opt);
            const Assignment a = assign(dir, in.mentees, in.mentors, in.opt);
            expect_feasible(dir, in.mentees, in.mentors, in.opt, t, a, context);
            const double best = brute_force_optimum(t);
            EXPECT_NEAR(a.objective, best, 1e-9) << context;
            EXPECT_NEAR(objective_of(t, choice_of(a, in.mentees, in.mentors)), best, 1e-9) << context;
            EXPECT_EQ(a.pairs.size(), brute_force_most_pairs_at_optimum(t)) << context << ": ties must make the most pairs";
            nonempty += !in.mentees.empty() && !in.mentors.empty();
            with_required += !in.opt.required.empty();
            with_pairs += !a.pairs.empty();
            if (::testing::Test::HasFailure()) return;
        }
    }
    // The instances exercise what they should.
    EXPECT_GT(nonempty, 700U);
    EXPECT_GT(with_required, 50U);
    EXPECT_GT(with_pairs, 500U);
}

TEST(AssignOptimal, ThreadCountDoesNotChangeTheResult) {
    std::mt19937 rng(99);
    const Directory dir(random_people(120, rng, 0.3), nullptr, ymd(2026, 6, 8));
    std::vector<ProfileIndex> mentees, mentors;
    for (ProfileIndex i = 0; i < 90; ++i) mentees.push_back(i);
    for (ProfileIndex i = 60; i < 120; ++i) mentors.push_back(i);  // 60 … 89 in both lists
    AssignOptions opt;
    opt.capacity = 2;
    opt.threads = 1;
    const Assignment one = assign(dir, mentees, mentors, opt);
    opt.threads = 2;
    const Assignment two = assign(dir, mentees, mentors, opt);
    EXPECT_EQ(one.pairs, two.pairs);
    EXPECT_EQ(one.unassigned, two.unassigned);
    EXPECT_EQ(one.load, two.load);
    EXPECT_EQ(one.objective, two.objective);
    for (const auto& p : one.pairs) EXPECT_NE(p.mentee, p.mentor);
}

TEST(AssignOptimal, LargeInstanceBeyondTheFirstDepthEqualsHungarian) {
    // 60 random mentors, capacity 3 (180 places) and 300 mentees, 240 of them copies of two
    // archetypes who all want the same mentors: their 24 best mentors hold 72 places for 120 of
    // them, so the optimum needs arcs past each row's first 24.
    std::mt19937 rng(2026);
    std::vector<Profile> people;
    for (std::size_t i = 0; i < 60; ++i) {
        Profile p = random_person(rng, i);
        p.username = "Mentor " + p.username;
        // Everybody speaks English at 2 or above, so every mentor can take any archetype mentee.
        std::erase_if(p.languages, [](const LanguageLevel& l) { return l.code == "en"; });
        p.languages.push_back({"en", static_cast<BabelLevel>(2 + i % 5)});
        p.shares.push_back(skill_pool[i % 5]);  // grants skills, most mentors something relevant
        std::sort(p.shares.begin(), p.shares.end());
        p.shares.erase(std::unique(p.shares.begin(), p.shares.end()), p.shares.end());
        people.push_back(std::move(p));
    }
    Profile grants;
    grants.country = "GH";
    grants.timezone = "Africa/Accra";
    grants.availability = {{Weekday::tue, 17 * 60, 21 * 60}, {Weekday::sat, 9 * 60, 13 * 60}};
    grants.languages = {{"en", 4}, {"fr", 2}};
    grants.learns = {"grant-writing", "budgeting"};
    grants.shares = {"editathons"};
    Profile comms;
    comms.country = "IN";
    comms.timezone = "Asia/Kolkata";
    comms.availability = {{Weekday::wed, 18 * 60, 22 * 60}};
    comms.languages = {{"en", 3}};
    comms.learns = {"communication", "fundraising", "wikidata"};
    for (int k = 0; k < 120; ++k) {
        grants.username = "Grants newcomer " + std::to_string(k);
        people.push_back(grants);
        comms.username = "Comms newcomer " + std::to_string(k);
        people.push_back(comms);
    }
    for (std::size_t i = 0; i < 60; ++i) people.push_back(random_person(rng, 500 + i));
    const Directory dir(std::move(people), nullptr, ymd(2026, 6, 8));
    std::vector<ProfileIndex> mentors, mentees;
    for (ProfileIndex i = 0; i < 60; ++i) mentors.push_back(i);
    for (ProfileIndex i = 60; i < 360; ++i) mentees.push_back(i);
    AssignOptions opt;
    opt.capacity = 3;
    const Table t = table(dir, mentees, mentors, opt);
    const Assignment a = assign(dir, mentees, mentors, opt);
    expect_feasible(dir, mentees, mentors, opt, t, a, "300 x 60");
    const double best = hungarian_optimum(t);
    EXPECT_NEAR(a.objective, best, 1e-9);
    EXPECT_GE(a.pricing_rounds, 1U);
    EXPECT_GT(a.flow_arcs, 0U);
    // The instance is what it claims: some pair made has 24 or more better mentors for its mentee.
    std::size_t deep = 0;
    for (const auto& p : a.pairs) {
        const auto e = static_cast<std::size_t>(std::find(mentees.begin(), mentees.end(), p.mentee) - mentees.begin());
        std::size_t better = 0;
        for (std::size_t m = 0; m < mentors.size(); ++m)
            if (t.eligible[e][m] && t.kernel[e][m]->total > p.score.total) ++better;
        deep += better >= 24;
    }
    EXPECT_GT(deep, 0U);
    EXPECT_EQ(a.pairs.size(), 180U) << "every place is worth filling";
}

TEST(AssignOptimal, LargeInstanceWithCapacitiesAndMinScoreEqualsHungarian) {
    std::mt19937 rng(77);
    const Directory dir(random_people(260, rng, 0.5), nullptr, ymd(2026, 6, 8));
    std::vector<ProfileIndex> mentees, mentors;
    for (ProfileIndex i = 0; i < 220; ++i) mentees.push_back(i);
    for (ProfileIndex i = 200; i < 260; ++i) mentors.push_back(i);  // 200 … 219 in both lists
    AssignOptions opt;
    opt.options.direction = Direction::mutual;
    opt.min_score = 0.2;
    for (std::size_t m = 0; m < mentors.size(); ++m) opt.capacities.push_back(static_cast<unsigned>(m % 5));
    const Table t = table(dir, mentees, mentors, opt);
    const Assignment a = assign(dir, mentees, mentors, opt);
    expect_feasible(dir, mentees, mentors, opt, t, a, "220 x 60 mutual");
    EXPECT_NEAR(a.objective, hungarian_optimum(t), 1e-9);
}

// --- required, forbidden, min_score ------------------------------------------------------------

namespace {

/// An invented person available in `week` (local time), sharing and learning the given skills.
Profile invented_person(std::vector<TimeWindow> week, std::string name, std::string country, std::string zone,
                        std::vector<LanguageLevel> langs, std::vector<std::string> shares, std::vector<std::string> learns) {
    Profile p;
    p.username = std::move(name);
    p.country = std::move(country);
    p.timezone = std::move(zone);
    p.availability = std::move(week);
    p.languages = std::move(langs);
    p.shares = std::move(shares);
    p.learns = std::move(learns);
    return p;
}

/// Five invented people. Everybody shares and wants grants skills (so pairs among them are
/// eligible through the taxonomy), except Adaeze, who wants wikidata that nobody shares.
Directory small_programme() {
    auto person = [](std::string name, std::string country, std::string zone, std::vector<LanguageLevel> langs,
                     std::vector<std::string> shares, std::vector<std::string> learns) {
        return invented_person({{Weekday::mon, 17 * 60, 20 * 60}, {Weekday::thu, 17 * 60, 20 * 60}}, std::move(name), std::move(country), std::move(zone), std::move(langs),
                               std::move(shares), std::move(learns));
    };
    return Directory({person("Adaeze Nwankwo", "NG", "Africa/Lagos", {{"en", 6}}, {"grant-writing"}, {"wikidata"}),
                      person("Baraka Otieno", "KE", "Africa/Nairobi", {{"en", 4}, {"sw", 6}}, {"grant-writing"}, {"budgeting"}),
                      person("Chidinma Obi", "NG", "Africa/Lagos", {{"en", 5}}, {"budgeting", "grant-writing"}, {"mentoring"}),
                      person("Dagny Lund", "NO", "Europe/Oslo", {{"en", 3}}, {"budgeting"}, {"grant-writing"}),
                      person("Esi Boateng", "GH", "Africa/Accra", {{"en", 4}, {"fr", 2}}, {"budgeting", "mentoring"},
                             {"grant-writing"})},
                     nullptr, ymd(2026, 6, 8));
}

}  // namespace

TEST(AssignOptions, RequiredPairsAreMadeEvenWhenNotEligible) {
    const Directory dir = small_programme();
    const ProfileIndex adaeze = dir.at("Adaeze Nwankwo"), baraka = dir.at("Baraka Otieno"), chidinma = dir.at("Chidinma Obi"),
                       dagny = dir.at("Dagny Lund"), esi = dir.at("Esi Boateng");
    const std::vector<ProfileIndex> mentees{adaeze, baraka, dagny};
    const std::vector<ProfileIndex> mentors{chidinma, esi, baraka};
    AssignOptions opt;
    // Adaeze wants wikidata, which Baraka does not share (nor anything in its category): the
    // kernel rejects the pair, which is required anyway.
    ASSERT_FALSE(score(dir, adaeze, baraka, opt.weights, opt.options).has_value());
    opt.required = {{adaeze, baraka}};
    const Table t = table(dir, mentees, mentors, opt);
    const Assignment a = assign(dir, mentees, mentors, opt);
    expect_feasible(dir, mentees, mentors, opt, t, a, "required");
    ASSERT_EQ(a.pairs.size(), 3U);
    EXPECT_EQ(a.pairs[0].mentee, adaeze);
    EXPECT_EQ(a.pairs[0].mentor, baraka);
    EXPECT_TRUE(a.pairs[0].required);
    EXPECT_FALSE(a.pairs[0].eligible);
    EXPECT_EQ(a.pairs[0].score, Score{});
    EXPECT_EQ(a.load[2], 1U);
    EXPECT_NEAR(a.objective, brute_force_optimum(t), 1e-12);

    // The required pair takes Baraka's only place: Dagny, who would go to him otherwise, cannot.
    opt.required.clear();
    opt.capacities = {0, 0, 1};
    const Assignment free_choice = assign(dir, mentees, mentors, opt);
    ASSERT_EQ(free_choice.pairs.size(), 1U);
    EXPECT_EQ(free_choice.pairs[0].mentee, dagny);
    opt.required = {{adaeze, baraka}};
    const Assignment forced = assign(dir, mentees, mentors, opt);
    ASSERT_EQ(forced.pairs.size(), 1U);
    EXPECT_EQ(forced.pairs[0].mentee, adaeze);
    ASSERT_EQ(forced.unassigned.size(), 2U);
    // Baraka wants budgeting, which Chidinma and Esi share (places: 0); he is no mentor of himself.
    EXPECT_EQ(forced.unassigned[0], (UnassignedMentee{baraka, UnassignedReason::mentors_full, 2}));
    EXPECT_EQ(forced.unassigned[1].mentee, dagny);
    EXPECT_EQ(forced.unassigned[1].reason, UnassignedReason::mentors_full);
    EXPECT_EQ(forced.unassigned[1].eligible_mentors, 3U);  // capacity 0 does not make a pair ineligible
}

TEST(AssignOptions, ForbiddenAndMinScore) {
    const Directory dir = small_programme();
    const ProfileIndex dagny = dir.at("Dagny Lund"), esi = dir.at("Esi Boateng"), adaeze = dir.at("Adaeze Nwankwo"),
                       baraka = dir.at("Baraka Otieno"), chidinma = dir.at("Chidinma Obi");
    const std::vector<ProfileIndex> mentees{dagny, esi};
    const std::vector<ProfileIndex> mentors{adaeze, baraka, chidinma};
    AssignOptions opt;
    opt.capacity = 2;
    const Assignment free_choice = assign(dir, mentees, mentors, opt);
    ASSERT_EQ(free_choice.pairs.size(), 2U);
    // Each mentee's best mentor, then forbidden: the pair is never made.
    for (const auto& p : free_choice.pairs) opt.forbidden.push_back({p.mentee, p.mentor});
    const Assignment without = assign(dir, mentees, mentors, opt);
    for (const auto& p : without.pairs) EXPECT_FALSE(listed(opt.forbidden, p.mentee, p.mentor)) << dir.profile(p.mentee).username;
    const Table t = table(dir, mentees, mentors, opt);
    expect_feasible(dir, mentees, mentors, opt, t, without, "forbidden");
    EXPECT_NEAR(without.objective, brute_force_optimum(t), 1e-12);
    EXPECT_LE(without.objective, free_choice.objective);

    // min_score just above every total: nobody is eligible.
    opt.forbidden.clear();
    double highest = 0;
    for (auto e : mentees)
        for (auto m : mentors)
            if (auto s = score(dir, e, m, opt.weights, opt.options)) highest = std::max(highest, s->total);
    ASSERT_GT(highest, 0);
    opt.min_score = std::nextafter(highest, 2.0);
    const Assignment none = assign(dir, mentees, mentors, opt);
    EXPECT_TRUE(none.pairs.empty());
    EXPECT_EQ(none.eligible_pairs, 0U);
    ASSERT_EQ(none.unassigned.size(), 2U);
    for (const auto& u : none.unassigned) EXPECT_EQ(u.reason, UnassignedReason::no_eligible_mentor);
    // min_score equal to the best total keeps exactly the pairs reaching it ("at least").
    opt.min_score = highest;
    const Assignment at_least = assign(dir, mentees, mentors, opt);
    ASSERT_FALSE(at_least.pairs.empty());
    for (const auto& p : at_least.pairs) EXPECT_EQ(p.score.total, highest);
}

TEST(AssignOptions, AnybodyInBothListsIsNeverTheirOwnMentor) {
    // Everybody is a mentee and a mentor, with a place for everybody; each shares exactly what
    // they want to learn, so the best pair for everyone would be themself.
    std::vector<Profile> people;
    for (int i = 0; i < 8; ++i) {
        Profile p;
        p.username = std::string("Self Learner ") + static_cast<char>('A' + i);
        p.country = i % 2 ? "KE" : "BR";
        p.timezone = i % 2 ? "Africa/Nairobi" : "America/Sao_Paulo";
        p.availability = {{Weekday::mon, 9 * 60, 17 * 60}};
        p.languages = {{"en", 5}};
        p.shares = {skill_pool[i % 4]};
        p.learns = {skill_pool[i % 4]};
        people.push_back(std::move(p));
    }
    const Directory dir(std::move(people), nullptr, ymd(2026, 6, 8));
    std::vector<ProfileIndex> all(dir.size());
    for (ProfileIndex i = 0; i < dir.size(); ++i) all[i] = i;
    for (const bool stable : {false, true}) {
        AssignOptions opt;
        opt.stable = stable;
        opt.capacity = 8;
        const Assignment a = assign(dir, all, all, opt);
        const Table t = table(dir, all, all, opt);
        expect_feasible(dir, all, all, opt, t, a, stable ? "stable" : "optimal");
        for (const auto& p : a.pairs) EXPECT_NE(p.mentee, p.mentor);
        EXPECT_EQ(a.pairs.size(), 8U);  // each has others sharing the same skill
    }
}

TEST(AssignOptions, ARequiredPairOfOnePersonWithThemselfIsRefused) {
    // Nobody is paired with themself, not even when an organiser requires it.
    const Directory dir = small_programme();
    const ProfileIndex esi = dir.at("Esi Boateng"), dagny = dir.at("Dagny Lund");
    const std::vector<ProfileIndex> mentees{esi, dagny};
    const std::vector<ProfileIndex> mentors{esi};
    for (const bool stable : {false, true}) {
        AssignOptions opt;
        opt.stable = stable;
        opt.required = {{esi, esi}};
        const auto err = capture<ValidationError>([&] { (void)assign(dir, mentees, mentors, opt); });
        ASSERT_TRUE(err);
        EXPECT_TRUE(has_problem(err->problems(), "required[0]", "Esi Boateng")) << dump(err->problems());
    }
}

TEST(AssignOptions, PairsOfTotalZeroAreMade) {
    // Only the skill component counts and skills are not required: Adaeze (wants wikidata) and
    // Chidinma (shares grants skills) make an eligible pair of total 0. Leaving it out gives the
    // same objective; the header says the pair is made.
    const Directory dir = small_programme();
    const ProfileIndex adaeze = dir.at("Adaeze Nwankwo"), chidinma = dir.at("Chidinma Obi");
    const std::vector<ProfileIndex> mentees{adaeze};
    const std::vector<ProfileIndex> mentors{chidinma};
    AssignOptions opt;
    opt.options.require_skill = false;
    opt.weights.skill = 1.0;
    opt.weights.reciprocity = 0.0;
    opt.weights.language = 0.0;
    opt.weights.region = 0.0;
    opt.weights.time_zone = 0.0;
    const auto s = score(dir, adaeze, chidinma, opt.weights, opt.options);
    ASSERT_TRUE(s.has_value());
    ASSERT_EQ(s->total, 0.0);
    const Assignment a = assign(dir, mentees, mentors, opt);
    ASSERT_EQ(a.pairs.size(), 1U);
    EXPECT_EQ(a.pairs[0].mentor, chidinma);
    EXPECT_TRUE(a.pairs[0].eligible);
    EXPECT_EQ(a.objective, 0.0);
    EXPECT_TRUE(a.unassigned.empty());
}

TEST(AssignEmpty, EmptyListsGiveEmptyResults) {
    const Directory dir = small_programme();
    const std::vector<ProfileIndex> none;
    const std::vector<ProfileIndex> two{0, 1};
    for (const bool stable : {false, true}) {
        AssignOptions opt;
        opt.stable = stable;
        const Assignment both = assign(dir, none, none, opt);
        EXPECT_TRUE(both.pairs.empty());
        EXPECT_TRUE(both.unassigned.empty());
        EXPECT_TRUE(both.load.empty());
        EXPECT_TRUE(both.capacity.empty());
        EXPECT_EQ(both.objective, 0.0);
        EXPECT_EQ(both.eligible_pairs, 0U);
        EXPECT_EQ(both.stable, stable);

        const Assignment no_mentees = assign(dir, none, two, opt);
        EXPECT_TRUE(no_mentees.pairs.empty());
        EXPECT_TRUE(no_mentees.unassigned.empty());
        EXPECT_EQ(no_mentees.load, (std::vector<unsigned>{0, 0}));
        EXPECT_EQ(no_mentees.capacity, (std::vector<unsigned>{1, 1}));

        const Assignment no_mentors = assign(dir, two, none, opt);
        EXPECT_TRUE(no_mentors.pairs.empty());
        EXPECT_TRUE(no_mentors.load.empty());
        ASSERT_EQ(no_mentors.unassigned.size(), 2U);
        EXPECT_EQ(no_mentors.unassigned[0], (UnassignedMentee{0, UnassignedReason::no_eligible_mentor, 0}));
        EXPECT_EQ(no_mentors.unassigned[1], (UnassignedMentee{1, UnassignedReason::no_eligible_mentor, 0}));
    }
}

TEST(AssignReasons, ToString) {
    EXPECT_EQ(to_string(UnassignedReason::no_eligible_mentor), "no_eligible_mentor");
    EXPECT_EQ(to_string(UnassignedReason::mentors_full), "mentors_full");
    EXPECT_EQ(to_string(UnassignedReason::registration_closed), "registration_closed");
}

// --- validation -----------------------------------------------------------------------------------

TEST(AssignErrors, ValidationErrorsNameTheField) {
    const Directory dir = small_programme();
    const std::vector<ProfileIndex> mentees{0, 1, 3};
    const std::vector<ProfileIndex> mentors{2, 4};
    auto fails = [&](const std::vector<ProfileIndex>& e, const std::vector<ProfileIndex>& m, const AssignOptions& opt,
                     std::string_view field, std::string_view text = "") {
        const auto err = capture<ValidationError>([&] { (void)assign(dir, e, m, opt); });
        if (!err) return;
        EXPECT_TRUE(has_problem(err->problems(), field, text)) << "expected " << field << " " << text << ":" << dump(err->problems());
    };
    AssignOptions opt;
    fails({0, 1, 0}, mentors, opt, "mentees[2]", "twice");
    fails(mentees, {2, 4, 2}, opt, "mentors[2]", "twice");

    AssignOptions caps;
    caps.capacities = {1, 2, 3};
    fails(mentees, mentors, caps, "capacities");
    caps.capacities = {1};
    fails(mentees, mentors, caps, "capacities");

    AssignOptions two_mentors;
    two_mentors.capacity = 3;
    two_mentors.required = {{3, 2}, {3, 4}};  // Dagny required with both
    fails(mentees, mentors, two_mentors, "required[1]");

    AssignOptions over;
    over.capacities = {1, 1};
    over.required = {{0, 2}, {1, 2}};  // two mentees required with a mentor of capacity 1
    fails(mentees, mentors, over, "required[1]", "capacity");

    AssignOptions zero;
    zero.capacities = {0, 1};
    zero.required = {{0, 2}};
    fails(mentees, mentors, zero, "required[0]", "capacity");

    AssignOptions both;
    both.required = {{3, 4}};
    both.forbidden = {{3, 4}};
    fails(mentees, mentors, both, "required[0]", "forbidden");

    AssignOptions stranger;
    stranger.forbidden = {{2, 4}};  // Chidinma is a mentor, not a mentee
    fails(mentees, mentors, stranger, "forbidden[0]", "Chidinma Obi");
    stranger.forbidden.clear();
    stranger.required = {{0, 1}};  // Baraka is a mentee, not a mentor
    fails(mentees, mentors, stranger, "required[0]", "Baraka Otieno");

    AssignOptions bad_min;
    bad_min.min_score = std::numeric_limits<double>::quiet_NaN();
    fails(mentees, mentors, bad_min, "min_score");

    AssignOptions huge;
    huge.capacity = 1000001;
    fails(mentees, mentors, huge, "capacity", "1000001");
    huge.capacity = 1;
    huge.capacities = {1, 1000001};
    fails(mentees, mentors, huge, "capacities[1]", "1000001");
    huge.capacities = {1000000, 0};  // the largest allowed
    EXPECT_NO_THROW((void)assign(dir, mentees, mentors, huge));

    AssignOptions bad_weights;
    bad_weights.weights.skill = 1.5;
    fails(mentees, mentors, bad_weights, "weights.skill");

    // Several problems at once are all listed.
    AssignOptions many;
    many.capacities = {1};
    many.required = {{3, 4}};
    many.forbidden = {{3, 4}};
    const auto err = capture<ValidationError>([&] { (void)assign(dir, std::vector<ProfileIndex>{0, 0, 3}, mentors, many); });
    ASSERT_TRUE(err);
    EXPECT_TRUE(has_problem(err->problems(), "mentees[1]")) << dump(err->problems());
    EXPECT_TRUE(has_problem(err->problems(), "capacities")) << dump(err->problems());
    EXPECT_TRUE(has_problem(err->problems(), "required[0]")) << dump(err->problems());

    // An index past the end of the directory is a programming error.
    EXPECT_THROW((void)assign(dir, std::vector<ProfileIndex>{0, 99}, mentors), std::out_of_range);
    EXPECT_THROW((void)assign(dir, mentees, std::vector<ProfileIndex>{99}), std::out_of_range);
}

// --- stable mode ----------------------------------------------------------------------------------

TEST(AssignStable, MenteeOptimalStableMatchingOnTinyInstances) {
    std::size_t checked = 0, several_stable = 0;
    for (std::uint32_t seed = 1; seed <= 300; ++seed) {
        const Directory dir = tiny_directory(seed + 1000);
        std::mt19937 rng(seed * 104729U);
        for (int round = 0; round < 3; ++round) {
            Instance in = round < 2 ? conflicting_instance(dir, rng) : random_instance(dir, rng);
            in.opt.stable = true;
            const std::string context = "seed " + std::to_string(seed) + " round " + std::to_string(round) + ": " + in.description;
            const Table t = table(dir, in.mentees, in.mentors, in.opt);
            const Assignment a = assign(dir, in.mentees, in.mentors, in.opt);
            expect_feasible(dir, in.mentees, in.mentors, in.opt, t, a, context);
            EXPECT_EQ(a.flow_arcs, 0U) << context;
            const Preferences prefs = preferences(dir, in.mentees, in.mentors, in.opt, t);
            const auto mine = choice_of(a, in.mentees, in.mentors);
            const auto blocking = blocking_pairs(t, prefs, mine);
            EXPECT_TRUE(blocking.empty()) << context << ": blocking pairs" << describe_blocking(dir, in.mentees, in.mentors, blocking);
            // Mentee-optimal: in every stable matching each mentee has a mentor no better than ours.
            std::size_t stable_count = 0;
            for_each_assignment(t, [&](const std::vector<std::int64_t>& c) {
                if (!blocking_pairs(t, prefs, c).empty()) return;
                ++stable_count;
                for (std::size_t e = 0; e < c.size(); ++e) {
                    if (c[e] < 0 || c[e] == mine[e] || t.required[e] >= 0) continue;
                    EXPECT_FALSE(prefs.mentee_prefers(e, static_cast<std::size_t>(c[e]), mine[e]))
                        << context << ": " << dir.profile(in.mentees[e]).username << " has a better mentor, "
                        << dir.profile(in.mentors[static_cast<std::size_t>(c[e])]).username << ", in another stable matching";
                }
            });
            EXPECT_GE(stable_count, 1U) << context;
            several_stable += stable_count > 1;
            ++checked;
            if (::testing::Test::HasFailure()) return;
        }
    }
    EXPECT_EQ(checked, 900U);
    EXPECT_GT(several_stable, 10U) << "too few instances where mentee-optimality is a real constraint";
}

TEST(AssignStable, NoBlockingPairOnLargerInstances) {
    for (std::uint32_t seed = 1; seed <= 6; ++seed) {
        std::mt19937 rng(seed * 31U);
        const Directory dir(random_people(160, rng, 0.3), nullptr, ymd(2026, 6, 8));
        std::vector<ProfileIndex> mentees, mentors;
        for (ProfileIndex i = 0; i < 130; ++i) mentees.push_back(i);
        for (ProfileIndex i = 100; i < 160; ++i) mentors.push_back(i);
        AssignOptions opt;
        opt.stable = true;
        opt.options.direction = seed % 3 == 0 ? Direction::mutual : Direction::learn_from;
        if (seed % 2 == 0) opt.weights = Weights::capx();
        for (std::size_t m = 0; m < mentors.size(); ++m) opt.capacities.push_back(static_cast<unsigned>((m + seed) % 4));
        if (seed == 5) opt.min_score = 0.35;
        const std::string context = "seed " + std::to_string(seed);
        const Table t = table(dir, mentees, mentors, opt);
        const Assignment a = assign(dir, mentees, mentors, opt);
        expect_feasible(dir, mentees, mentors, opt, t, a, context);
        const auto blocking = blocking_pairs(t, preferences(dir, mentees, mentors, opt, t), choice_of(a, mentees, mentors));
        EXPECT_TRUE(blocking.empty()) << context << ": " << blocking.size() << " blocking pairs"
                                      << describe_blocking(dir, mentees, mentors, blocking);
        EXPECT_GT(a.pairs.size(), 20U) << context;
        // The optimum is at least as good as any stable matching.
        AssignOptions best = opt;
        best.stable = false;
        EXPECT_GE(assign(dir, mentees, mentors, best).objective + 1e-9, a.objective) << context;
    }
}

TEST(AssignStable, WorkedExample) {
    // Two mentees who both rank Chidinma first; Chidinma has one place and prefers, by the reverse
    // pair, the mentee she can teach most of what she shares.
    const Directory dir = small_programme();
    const ProfileIndex dagny = dir.at("Dagny Lund"), esi = dir.at("Esi Boateng"), chidinma = dir.at("Chidinma Obi"),
                       adaeze = dir.at("Adaeze Nwankwo");
    const std::vector<ProfileIndex> mentees{dagny, esi};
    const std::vector<ProfileIndex> mentors{chidinma, adaeze};
    AssignOptions opt;
    opt.stable = true;
    const Table t = table(dir, mentees, mentors, opt);
    const Assignment a = assign(dir, mentees, mentors, opt);
    expect_feasible(dir, mentees, mentors, opt, t, a, "worked");
    const Preferences prefs = preferences(dir, mentees, mentors, opt, t);
    // Work out the deferred acceptance by hand from the preferences.
    const bool dagny_first = prefs.mentee_prefers(0, 0, 1);
    const bool esi_first = prefs.mentee_prefers(1, 0, 1);
    ASSERT_TRUE(t.eligible[0][0] && t.eligible[0][1] && t.eligible[1][0] && t.eligible[1][1]);
    std::vector<std::int64_t> expected(2, -1);
    if (dagny_first && esi_first) {
        const bool wants_dagny = prefs.mentor_prefers(0, 0, 1);
        expected = wants_dagny ? std::vector<std::int64_t>{0, 1} : std::vector<std::int64_t>{1, 0};
    } else {
        expected = {dagny_first ? 0 : 1, esi_first ? 0 : 1};
        if (expected[0] == expected[1]) {  // both want Adaeze first
            const bool wants_dagny = prefs.mentor_prefers(1, 0, 1);
            expected = wants_dagny ? std::vector<std::int64_t>{1, 0} : std::vector<std::int64_t>{0, 1};
        }
    }
    EXPECT_EQ(choice_of(a, mentees, mentors), expected);
}

// --- mentorship programmes ---------------------------------------------------------------------------

namespace {

std::string mentorship_file(std::string_view name) { return lc_test::data_path(std::string("mentorship/") + std::string(name)); }

/// The people of tests/data/mentorship/programme_good.json (invented).
Directory mentorship_directory() {
    auto person = [](std::string name, std::string country, std::string zone, std::vector<LanguageLevel> langs,
                     std::vector<std::string> shares, std::vector<std::string> learns) {
        return invented_person({{Weekday::tue, 16 * 60, 20 * 60}, {Weekday::sat, 10 * 60, 14 * 60}}, std::move(name), std::move(country), std::move(zone), std::move(langs),
                               std::move(shares), std::move(learns));
    };
    return Directory(
        {// mentors
         person("Abena Owusu", "GH", "Africa/Accra", {{"en", 6}, {"tw", 6}}, {"grant-writing", "budgeting"}, {}),
         person("Chidi Nwosu", "NG", "Africa/Lagos", {{"en", 3}, {"fr", 4}}, {"budgeting"}, {"wikidata"}),
         person("Fanta Keita", "ML", "Africa/Bamako", {{"fr", 6}}, {"grant-writing"}, {}),
         person("Moussa Traore", "SN", "Africa/Dakar", {{"fr", 5}, {"wo", 6}}, {"rapid-fund"}, {}),
         person("Zawadi Mwangi", "KE", "Africa/Nairobi", {{"sw", 6}, {"pt", 3}}, {"grant-writing"}, {}),
         person("Ousmane Ba", "SN", "Africa/Dakar", {{"fr", 6}, {"en", 4}}, {"public-speaking", "grant-writing"}, {}),
         // mentees
         person("Kofi Adjei", "GH", "Africa/Accra", {{"en", 4}}, {}, {"grant-writing"}),
         person("Efua Mensimah", "GH", "Africa/Accra", {{"en", 5}}, {}, {"grant-writing"}),
         person("Yaw Darko", "GH", "Africa/Accra", {{"en", 3}, {"fr", 3}}, {}, {"rapid-fund"}),
         person("Aissata Diallo", "GN", "Africa/Conakry", {{"fr", 6}}, {}, {"grant-writing"}),
         person("Nana Akoto", "GH", "Africa/Accra", {{"en", 5}}, {}, {"lua-templates"})},
        nullptr, ymd(2026, 3, 16));
}

}  // namespace

TEST(MentorshipFormat, LoadsTheGoodFile) {
    const auto p = MentorshipProgramme::load(mentorship_file("programme_good.json"));
    EXPECT_EQ(p.id, "wmgh-grants-2026");
    EXPECT_EQ(p.name, "Grant writing mentoring");
    EXPECT_EQ(p.organization, "capx-org-17");  // a CapX organisation id
    EXPECT_EQ(p.description, "An invented programme for the tests.");
    EXPECT_EQ(p.skills, (std::vector<std::string>{"grant-writing", "wmf-funding-programmes"}));
    EXPECT_EQ(p.languages, (std::vector<std::string>{"en", "fr"}));
    EXPECT_EQ(p.territory, "SSA");
    EXPECT_EQ(p.registration_open, ymd(2026, 3, 1));
    EXPECT_EQ(p.registration_close, ymd(2026, 3, 31));
    EXPECT_EQ(p.capacity, 2U);
    ASSERT_EQ(p.mentors.size(), 6U);
    EXPECT_EQ(p.mentors[0], (SignUp{"Abena Owusu", ymd(2026, 3, 2), 3U}));
    EXPECT_EQ(p.mentors[1], (SignUp{"Chidi Nwosu", ymd(2026, 3, 10), std::nullopt}));  // an ISO time, UTC
    EXPECT_EQ(p.mentors[2], (SignUp{"Fanta Keita", ymd(2026, 4, 2), 1U}));
    EXPECT_EQ(p.mentors[3], (SignUp{"Moussa Traore", std::nullopt, std::nullopt}));  // a bare username
    EXPECT_EQ(p.mentors[4], (SignUp{"Zawadi Mwangi", ymd(2026, 3, 3), std::nullopt}));
    EXPECT_EQ(p.mentors[5], (SignUp{"Ousmane Ba", ymd(2026, 3, 4), std::nullopt}));  // "username", "date"
    ASSERT_EQ(p.mentees.size(), 5U);
    EXPECT_EQ(p.mentees[0], (SignUp{"Kofi Adjei", ymd(2026, 3, 5), std::nullopt}));
    EXPECT_EQ(p.mentees[1], (SignUp{"Efua Mensimah", ymd(2026, 2, 28), std::nullopt}));
    EXPECT_EQ(p.mentees[2], (SignUp{"Yaw Darko", ymd(2026, 3, 31), std::nullopt}));  // 04-01 01:30+02:00 is 03-31 UTC
    EXPECT_EQ(p.mentees[3], (SignUp{"Aissata Diallo", ymd(2026, 4, 1), std::nullopt}));
    EXPECT_EQ(p.mentees[4], (SignUp{"Nana Akoto", std::nullopt, std::nullopt}));
}

TEST(MentorshipFormat, RoundTrip) {
    const auto p = MentorshipProgramme::load(mentorship_file("programme_good.json"));
    const auto again = MentorshipProgramme::from_json(p.to_json());
    EXPECT_EQ(again, p);
    EXPECT_EQ(MentorshipProgramme::from_json(p.to_json(-1)), p);
    lc_test::TempDir tmp;
    p.save(tmp.file("saved.json"));
    EXPECT_EQ(MentorshipProgramme::load(tmp.file("saved.json")), p);

    // A programme built in code, with the fields left empty.
    MentorshipProgramme minimal;
    minimal.id = "bare";
    minimal.mentees = {{"Kofi Adjei", std::nullopt, std::nullopt}};
    EXPECT_EQ(MentorshipProgramme::from_json(minimal.to_json()), minimal);
    const auto parsed = MentorshipProgramme::from_json(R"({"format": "letsconnect.mentorship/1", "id": "x"})");
    EXPECT_EQ(parsed.capacity, 1U);  // the default
    EXPECT_TRUE(parsed.mentors.empty());
    EXPECT_FALSE(parsed.registration_open.has_value());
}

TEST(MentorshipFormat, OnTimeIsInclusiveAndMissingDatesNeverExclude) {
    MentorshipProgramme p;
    p.id = "dates";
    p.registration_open = ymd(2026, 3, 1);
    p.registration_close = ymd(2026, 3, 31);
    auto on = [&](std::optional<std::chrono::sys_days> d) { return p.on_time(SignUp{"Someone", d, std::nullopt}); };
    EXPECT_FALSE(on(ymd(2026, 2, 28)));
    EXPECT_TRUE(on(ymd(2026, 3, 1)));
    EXPECT_TRUE(on(ymd(2026, 3, 15)));
    EXPECT_TRUE(on(ymd(2026, 3, 31)));
    EXPECT_FALSE(on(ymd(2026, 4, 1)));
    EXPECT_TRUE(on(std::nullopt));
    p.registration_open.reset();
    EXPECT_TRUE(on(ymd(2020, 1, 1)));
    EXPECT_FALSE(on(ymd(2026, 4, 1)));
    p.registration_close.reset();
    p.registration_open = ymd(2026, 3, 1);
    EXPECT_TRUE(on(ymd(2030, 1, 1)));
    EXPECT_FALSE(on(ymd(2026, 2, 28)));
}

TEST(MentorshipFormat, BadFilesNameTheField) {
    auto problems_of = [](std::string_view name) {
        const auto err = capture<ValidationError>([&] { (void)MentorshipProgramme::load(mentorship_file(name)); });
        return err ? err->problems() : std::vector<Problem>{};
    };
    {
        const auto p = problems_of("programme_unknown_field.json");
        EXPECT_TRUE(has_problem(p, "mentor_capacity", "unknown field")) << dump(p);
        EXPECT_TRUE(has_problem(p, "role", "unknown field")) << dump(p);
        EXPECT_TRUE(has_problem(p, "", "mentees[1]")) << "the sign-up is named" << dump(p);
        for (const auto& x : p) EXPECT_NE(x.field, "capacity") << dump(p);
    }
    {
        const auto p = problems_of("programme_bad_date.json");
        EXPECT_TRUE(has_problem(p, "registration_open_date", "2026-02-30")) << dump(p);
        EXPECT_TRUE(has_problem(p, "created_at", "got '<text not shown>'")) << dump(p);  // free text is not quoted
        EXPECT_TRUE(has_problem(p, "", "mentors[0]")) << dump(p);
    }
    {
        const auto p = problems_of("programme_close_before_open.json");
        ASSERT_EQ(p.size(), 1U) << dump(p);
        EXPECT_TRUE(has_problem(p, "registration_close_date", "registration_open_date")) << dump(p);
    }
    {
        const auto p = problems_of("programme_bad_capacity.json");
        EXPECT_TRUE(has_problem(p, "capacity", "-1")) << dump(p);
        EXPECT_TRUE(has_problem(p, "capacity", "\"three\"")) << dump(p);
        EXPECT_TRUE(has_problem(p, "capacity", "2.5")) << dump(p);
        EXPECT_EQ(p.size(), 3U) << dump(p);
    }
    for (std::string_view name : {"programme_unknown_field.json", "programme_bad_date.json", "programme_close_before_open.json",
                                  "programme_bad_capacity.json"}) {
        const auto p = problems_of(name);
        for (const auto& x : p) EXPECT_TRUE(lc_test::contains(x.source, name)) << "the file is named: " << x.to_string();
    }
}

TEST(MentorshipFormat, OtherErrors) {
    EXPECT_THROW((void)MentorshipProgramme::from_json(R"({"format": "letsconnect.directory/1", "id": "x"})"), FormatError);
    EXPECT_THROW((void)MentorshipProgramme::from_json(R"([1, 2])"), FormatError);
    EXPECT_THROW((void)MentorshipProgramme::from_json(R"({"id": "x",)"), FormatError);
    EXPECT_THROW((void)MentorshipProgramme::load(mentorship_file("no_such_programme.json")), FileError);
    auto problems = [](std::string_view text) {
        const auto err = capture<ValidationError>([&] { (void)MentorshipProgramme::from_json(text); });
        return err ? err->problems() : std::vector<Problem>{};
    };
    EXPECT_TRUE(has_problem(problems(R"({"name": "No id"})"), "id")) << dump(problems(R"({"name": "No id"})"));
    EXPECT_TRUE(has_problem(problems(R"({"id": "x", "languages": ["en", "English"]})"), "languages[1]", "not a language code"));
    EXPECT_TRUE(has_problem(problems(R"({"id": "x", "skills": "grant-writing"})"), "skills"));
    EXPECT_TRUE(has_problem(problems(R"({"id": "x", "mentees": [{"created_at": "2026-03-01"}]})"), "user"));
    EXPECT_TRUE(has_problem(problems(R"({"id": "x", "mentees": [42]})"), "", "mentees[0]"));
}

TEST(MentorshipCheck, ProblemsAgainstADirectory) {
    const Directory dir = mentorship_directory();
    const auto good = MentorshipProgramme::load(mentorship_file("programme_good.json"));
    EXPECT_TRUE(good.check(dir).empty()) << dump(good.check(dir));

    MentorshipProgramme bad = good;
    bad.skills.push_back("underwater-basket-weaving");
    bad.mentors.push_back({"Nobody Known", std::nullopt, std::nullopt});
    bad.mentees.push_back({"Kofi Adjei", ymd(2026, 3, 6), std::nullopt});  // twice a mentee
    const auto p = bad.check(dir);
    EXPECT_TRUE(has_problem(p, "skills[2]", "underwater-basket-weaving")) << dump(p);
    EXPECT_TRUE(has_problem(p, "user", "Nobody Known")) << dump(p);
    EXPECT_TRUE(has_problem(p, "", "mentors[6]")) << dump(p);
    EXPECT_TRUE(has_problem(p, "user", "twice")) << dump(p);
    EXPECT_TRUE(has_problem(p, "", "mentees[5]")) << dump(p);
    EXPECT_EQ(p.size(), 3U) << dump(p);
    // A mentor who is also a mentee is not signed up twice.
    MentorshipProgramme both = good;
    both.mentees.push_back({"Chidi Nwosu", std::nullopt, std::nullopt});
    EXPECT_TRUE(both.check(dir).empty()) << dump(both.check(dir));

    const auto err = capture<ValidationError>([&] { (void)assign(dir, bad); });
    ASSERT_TRUE(err);
    EXPECT_EQ(err->problems().size(), 3U) << dump(err->problems());
}

TEST(MentorshipAssign, LateSignUpsProgrammeSkillsAndLanguages) {
    const Directory dir = mentorship_directory();
    const auto programme = MentorshipProgramme::load(mentorship_file("programme_good.json"));
    const Assignment a = assign(dir, programme);
    // Mentors in sign-up order: Abena (own capacity 3), Chidi (the programme's 2), Fanta (own 1,
    // but late: 0), Moussa (no date: 2), Zawadi (2), Ousmane (2).
    EXPECT_EQ(a.capacity, (std::vector<unsigned>{3, 2, 0, 2, 2, 2}));
    ASSERT_EQ(a.load.size(), 6U);
    // The programme's skills are grant-writing and wmf-funding-programmes (rapid-fund is below it):
    // Chidi shares only budgeting; Zawadi shares grant-writing but speaks neither en nor fr.
    EXPECT_EQ(a.load[1], 0U) << "Chidi shares none of the programme's skills";
    EXPECT_EQ(a.load[2], 0U) << "Fanta signed up late";
    EXPECT_EQ(a.load[4], 0U) << "Zawadi speaks none of the programme's languages";

    // Mentees in sign-up order: Kofi (on time), Efua (before the opening), Yaw (on the closing
    // day, UTC), Aissata (after the closing), Nana (no date, wants lua-templates: no mentor shares
    // anything in the on-wiki category).
    const ProfileIndex kofi = dir.at("Kofi Adjei"), efua = dir.at("Efua Mensimah"), yaw = dir.at("Yaw Darko"),
                       aissata = dir.at("Aissata Diallo"), nana = dir.at("Nana Akoto");
    ASSERT_EQ(a.pairs.size(), 2U);
    EXPECT_EQ(a.pairs[0].mentee, kofi);
    EXPECT_EQ(a.pairs[1].mentee, yaw);
    EXPECT_EQ(a.pairs[1].mentor, dir.at("Moussa Traore")) << "Moussa shares rapid-fund itself";
    ASSERT_EQ(a.unassigned.size(), 3U);
    EXPECT_EQ(a.unassigned[0].mentee, efua);
    EXPECT_EQ(a.unassigned[0].reason, UnassignedReason::registration_closed);
    EXPECT_EQ(a.unassigned[1].mentee, aissata);
    EXPECT_EQ(a.unassigned[1].reason, UnassignedReason::registration_closed);
    EXPECT_EQ(a.unassigned[2], (UnassignedMentee{nana, UnassignedReason::no_eligible_mentor, 0}));

    // The same as assign() on the on-time mentees with the programme's capacities and filter,
    // checked against the brute force.
    std::vector<ProfileIndex> mentors;
    for (const auto& s : programme.mentors) mentors.push_back(dir.at(s.username));
    const std::vector<ProfileIndex> mentees{kofi, yaw, nana};
    AssignOptions opt;
    opt.capacities = a.capacity;
    opt.options.filter.shares = programme.skills;
    opt.options.filter.languages = programme.languages;
    opt.options.filter.min_level = opt.weights.min_level;
    const Table t = table(dir, mentees, mentors, opt);
    const Assignment direct = assign(dir, mentees, mentors, opt);
    expect_feasible(dir, mentees, mentors, opt, t, direct, "programme as a direct call");
    EXPECT_EQ(direct.pairs, a.pairs);
    EXPECT_NEAR(a.objective, brute_force_optimum(t), 1e-12);
    // Kofi (wants grant-writing, speaks en) has exactly two eligible mentors, Abena and Ousmane:
    // Chidi and Zawadi fail the programme's filter, Fanta and Moussa speak no English.
    for (std::size_t m = 0; m < mentors.size(); ++m) {
        const bool expected = m == 0 || m == 5;
        EXPECT_EQ(static_cast<bool>(t.eligible[0][m]), expected) << programme.mentors[m].username;
    }
    // Yaw (wants rapid-fund, en 3 and fr 3) can have Abena, Fanta, Moussa and Ousmane; Moussa,
    // who shares rapid-fund itself, is the best by far.
    for (std::size_t m = 0; m < mentors.size(); ++m) {
        const bool expected = m == 0 || m == 2 || m == 3 || m == 5;
        EXPECT_EQ(static_cast<bool>(t.eligible[1][m]), expected) << programme.mentors[m].username;
    }

    // Options given by the caller: their capacity is replaced by the programme's.
    AssignOptions caller;
    caller.capacity = 9;
    caller.capacities = {1, 1, 1, 1, 1, 1, 1};
    EXPECT_EQ(assign(dir, programme, caller).capacity, a.capacity);

    // Without registration dates nobody is late.
    MentorshipProgramme open = programme;
    open.registration_open.reset();
    open.registration_close.reset();
    const Assignment all = assign(dir, open);
    EXPECT_EQ(all.capacity, (std::vector<unsigned>{3, 2, 1, 2, 2, 2}));
    for (const auto& u : all.unassigned) EXPECT_NE(u.reason, UnassignedReason::registration_closed);
}

TEST(MentorshipAssign, ProgrammeLanguagesUseTheMinimumLevel) {
    const Directory dir = mentorship_directory();
    MentorshipProgramme p;
    p.id = "french-only";
    p.languages = {"fr"};
    p.skills = {"grants-resources"};  // the category: any grants skill below it
    p.capacity = 5;
    for (auto name : {"Abena Owusu", "Chidi Nwosu", "Moussa Traore"}) p.mentors.push_back({name, std::nullopt, std::nullopt});
    p.mentees = {{"Yaw Darko", std::nullopt, std::nullopt}};
    // Yaw (en 3, fr 3) wants rapid-fund; Abena speaks no French; Chidi (fr 4) shares budgeting, a
    // relative of rapid-fund in the grants category; Moussa (fr 5) shares rapid-fund itself.
    const Assignment a = assign(dir, p);
    ASSERT_EQ(a.pairs.size(), 1U);
    EXPECT_EQ(a.pairs[0].mentor, dir.at("Moussa Traore"));
    AssignOptions strict;
    strict.weights.min_level = 5;  // only Moussa speaks French at 5 or above, and Yaw does not
    const Assignment b = assign(dir, p, strict);
    EXPECT_TRUE(b.pairs.empty());
    ASSERT_EQ(b.unassigned.size(), 1U);
    EXPECT_EQ(b.unassigned[0].reason, UnassignedReason::no_eligible_mentor);
}
