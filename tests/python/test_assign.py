"""Mentoring assignment (assign.hpp, Directory.assign) against independent references.

Optimal mode is checked against scipy's linear_sum_assignment and networkx's max_weight_matching
(each mentor expanded into `capacity` slots, weights from Directory.score, the one kernel);
stable mode against a deferred-acceptance written here from the contract, plus a direct check
that no pair blocks. Every result is also checked for feasibility: capacities, eligibility,
each mentee exactly once, the reasons of the unassigned, the frames and to_dict().
"""

from __future__ import annotations

import dataclasses
import json
import math
import random
import zlib
from collections import deque
from collections.abc import Sequence
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linear_sum_assignment

import letsconnect as lc
from helpers import DAYS, WEEK, invented_name

PAIR_COLUMNS = ["mentee", "mentor", "total", "skill", "reciprocity", "language", "region", "time_zone", "required",
                "eligible"]
UNASSIGNED_COLUMNS = ["mentee", "reason", "eligible_mentors"]
MENTOR_COLUMNS = ["mentor", "capacity", "load"]
COMPONENTS = ["total", "skill", "reciprocity", "language", "region", "time_zone"]
OPPOSITE = {"learn_from": "share_with", "share_with": "learn_from", "mutual": "mutual"}

#: Totals are compared in units of 2^-40 (assign.hpp): sums that are equal but for floating-point
#: noise (0.7333333333333333 and 0.7333333333333334) tie, and the username key decides.
QUANTUM = 2.0**-40


def quantised(total: float) -> int:
    return math.floor(total / QUANTUM + 0.5)


#: Weights instances are drawn under (built lazily: lc.Weights is compiled). capx gives many ties.
WEIGHT_CASES = {
    "default": lambda: None,
    "capx": lambda: lc.Weights.capx(),
    "cross_regional": lambda: lc.Weights.cross_regional(),
    "custom": lambda: lc.Weights(skill=0.35, reciprocity=0.15, language=0.2, region=0.1, time_zone=0.2,
                                 related=0.3, category=0.1, overlap_hours=2.5, min_level=1),
}

# Two categories' skills, so wants and offers overlap often (exactly or through the taxonomy).
SKILL_ROOTS = ["grants-resources", "on-wiki-technical"]
LANGS = ["en", "fr", "es"]
LEVELS = ["1", "2", "3", "3", "4", "5", "N", "N"]
TIMEZONES = ["Africa/Lagos", "Africa/Nairobi", "Asia/Kolkata", "Asia/Kathmandu", "Europe/Berlin",
             "America/New_York", "America/Sao_Paulo", "UTC"]


def seed_of(*parts: object) -> int:
    return zlib.crc32(repr(parts).encode())


# --- invented people -----------------------------------------------------------------------------


def mentoring_profiles(n: int, seed: int, taxonomy: lc.Taxonomy) -> list[lc.Profile]:
    """`n` invented profiles dense in eligible (mentee, mentor) pairs: skills from two categories,
    a few languages (some below the default level gate, a few people speaking only Swahili or
    nothing), a few countries, evening availability in several zones. Some usernames start in
    lower case or use underscores, so the username key orders them unlike plain string order."""
    rng = random.Random(seed)
    pool = [node for root in SKILL_ROOTS for node in taxonomy.subtree(root)]
    countries = [c for c, _, _ in lc.countries()]
    common = rng.sample(countries, 5)
    profiles = []
    for i in range(n):
        name = invented_name(rng, i)
        if rng.random() < 0.25:
            name = name[0].lower() + name[1:]
        kwargs: dict[str, Any] = {}
        roll = rng.random()
        if roll < 0.05:
            pass  # speaks nothing declared: no common language with anyone
        elif roll < 0.1:
            kwargs["languages"] = {"sw": rng.choice(["3", "N"])}
        else:
            codes = rng.sample(LANGS, rng.choice([1, 1, 2, 2, 3]))
            kwargs["languages"] = {code: rng.choice(LEVELS) for code in codes}
        if rng.random() < 0.8:
            kwargs["country"] = rng.choice(common)
        if rng.random() < 0.85:
            kwargs["timezone"] = rng.choice(TIMEZONES)
            windows = []
            for _ in range(rng.randint(0, 3)):
                day, start = rng.choice(DAYS[:5]), rng.randrange(64, 84) * 15
                end = (start + rng.randint(4, 24) * 15) % 1440
                windows.append((day, f"{start // 60:02d}:{start % 60:02d}", f"{end // 60:02d}:{end % 60:02d}"))
            kwargs["availability"] = windows
        kwargs["shares"] = rng.sample(pool, rng.choice([0, 1, 2, 2, 3, 4]))
        kwargs["learns"] = rng.sample(pool, rng.choice([0, 1, 1, 2, 3]))
        profiles.append(lc.Profile(name, **kwargs))
    return profiles


@pytest.fixture(scope="module")
def people() -> lc.Directory:
    taxonomy = lc.Taxonomy.bundled("letsconnect")
    return lc.Directory(mentoring_profiles(220, seed=20260302, taxonomy=taxonomy), week=WEEK)


@pytest.fixture(scope="module")
def sample() -> lc.Directory:
    return lc.sample_directory(week=WEEK)


# --- instances and their scores ------------------------------------------------------------------


@dataclasses.dataclass
class Instance:
    mentees: list[str]
    mentors: list[str]
    capacity: int | dict[str, int] = 1
    min_score: float | None = None
    forbidden: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    required: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    weights_name: str = "default"
    direction: str | None = None  # None: the default (learn_from)
    require_skill: bool = True

    @property
    def weights(self) -> lc.Weights | None:
        return WEIGHT_CASES[self.weights_name]()

    @property
    def score_direction(self) -> str:
        return self.direction or "learn_from"

    def kwargs(self, **extra: Any) -> dict[str, Any]:
        """Keyword arguments of Directory.assign; defaults are left out so they are exercised."""
        out: dict[str, Any] = {}
        if self.capacity != 1:
            out["capacity"] = self.capacity
        if self.min_score is not None:
            out["min_score"] = self.min_score
        if self.forbidden:
            out["forbidden"] = list(self.forbidden)
        if self.required:
            out["required"] = list(self.required)
        if self.weights_name != "default":
            out["weights"] = self.weights
        if self.direction is not None:
            out["direction"] = self.direction
        if not self.require_skill:
            out["require_skill"] = False
        out.update(extra)
        return out

    def caps(self) -> dict[str, int]:
        if isinstance(self.capacity, int):
            return {t: self.capacity for t in self.mentors}
        return {t: self.capacity.get(t, 1) for t in self.mentors}


class Scores:
    """Every (mentee, mentor) pair of an instance scored by Directory.score, and eligibility."""

    def __init__(self, d: lc.Directory, inst: Instance) -> None:
        self.d, self.inst = d, inst
        w = inst.weights
        self.table: dict[tuple[str, str], lc.Match | None] = {
            (e, t): d.score(e, t, direction=inst.score_direction, weights=w, require_skill=inst.require_skill)
            for e in inst.mentees for t in inst.mentors
        }
        forbidden = set(inst.forbidden)
        self.eligible: dict[tuple[str, str], float] = {}
        for (e, t), m in self.table.items():
            if e == t or m is None or (e, t) in forbidden:
                continue
            if inst.min_score is not None and m.total < inst.min_score:
                continue
            assert m.total >= 0, (e, t, m)  # the references below rely on nonnegative totals
            self.eligible[(e, t)] = m.total
        self._reverse: dict[tuple[str, str], lc.Match | None] = {}

    def count(self, mentee: str) -> int:
        return sum((mentee, t) in self.eligible for t in self.inst.mentors)

    def reverse(self, mentor: str, mentee: str) -> lc.Match | None:
        """The mentor's view of a mentee: the reverse pair in the opposite direction."""
        if (mentor, mentee) not in self._reverse:
            inst = self.inst
            self._reverse[(mentor, mentee)] = self.d.score(
                mentor, mentee, direction=OPPOSITE[inst.score_direction], weights=inst.weights,
                require_skill=inst.require_skill)
        return self._reverse[(mentor, mentee)]

    def mentee_rank(self, mentee: str, mentor: str) -> tuple[int, str]:
        """Smaller is preferred."""
        return (-quantised(self.eligible[(mentee, mentor)]), lc.username_key(mentor))

    def mentor_rank(self, mentor: str, mentee: str) -> tuple[int, int, str]:
        """Smaller is preferred; a reverse pair the kernel rejects ranks below all others."""
        r = self.reverse(mentor, mentee)
        return (1, 0, lc.username_key(mentee)) if r is None else (0, -quantised(r.total), lc.username_key(mentee))


def random_instance(d: lc.Directory, seed: int, *, mentees: tuple[int, int] = (5, 60),
                    mentors: tuple[int, int] = (3, 20), max_capacity: int = 4, min_score: bool = True,
                    forbidden: bool = True) -> Instance:
    rng = random.Random(seed)
    names = d.usernames
    inst = Instance(rng.sample(names, rng.randint(*mentees)), rng.sample(names, rng.randint(*mentors)))
    if rng.random() < 0.3:  # a few people on both sides
        for name in rng.sample(inst.mentees, min(3, len(inst.mentees))):
            if name not in inst.mentors:
                inst.mentors.append(name)
    if rng.random() < 0.5:
        inst.capacity = rng.randint(0, max_capacity)
    else:
        inst.capacity = {t: rng.randint(0, max_capacity) for t in inst.mentors if rng.random() < 0.7}
    inst.weights_name = rng.choice(list(WEIGHT_CASES))
    inst.direction = rng.choice([None, "learn_from", "share_with", "mutual"])
    inst.require_skill = rng.random() < 0.8
    if min_score and rng.random() < 0.5:
        inst.min_score = rng.uniform(0.05, 0.5)
    if forbidden and rng.random() < 0.7:
        pairs = [(e, t) for e in inst.mentees for t in inst.mentors if e != t]
        inst.forbidden = rng.sample(pairs, rng.randint(0, len(pairs) // 6))
    return inst


def add_required(inst: Instance, scores: Scores, rng: random.Random, how_many: int) -> None:
    """Required pairs within capacity, one per mentee, not forbidden: eligible ones and, when
    there are any, pairs the kernel rejects (an organiser's decision). Pairs the kernel accepts
    but that fall under min_score are left out (what they report is tested separately)."""
    caps = inst.caps()
    forbidden = set(inst.forbidden)
    candidates = [(e, t) for (e, t), m in scores.table.items()
                  if e != t and (e, t) not in forbidden and ((e, t) in scores.eligible or m is None)]
    rng.shuffle(candidates)
    used: dict[str, int] = {}
    taken: set[str] = set()
    for e, t in candidates:
        if len(inst.required) >= how_many:
            break
        if e in taken or used.get(t, 0) >= caps[t]:
            continue
        inst.required.append((e, t))
        taken.add(e)
        used[t] = used.get(t, 0) + 1


# --- references ----------------------------------------------------------------------------------


def weight_matrix(inst: Instance, scores: Scores, mentees: list[str], caps: dict[str, int]) -> np.ndarray:
    """mentees × slots: each mentor repeated `capacity` times; 0 for pairs that are not eligible."""
    m = np.array([[scores.eligible.get((e, t), 0.0) for t in inst.mentors] for e in mentees], dtype=float)
    m = m.reshape(len(mentees), len(inst.mentors))
    return np.repeat(m, [caps[t] for t in inst.mentors], axis=1)


def scipy_optimum(inst: Instance, scores: Scores, fixed: Sequence[tuple[str, str]] = ()) -> float:
    """The best sum of totals with the `fixed` pairs' mentees removed and their places taken."""
    caps = inst.caps()
    for _, t in fixed:
        caps[t] -= 1
    fixed_mentees = {e for e, _ in fixed}
    rows = [e for e in inst.mentees if e not in fixed_mentees]
    w = weight_matrix(inst, scores, rows, caps)
    if w.size == 0:
        return 0.0
    r, c = linear_sum_assignment(w, maximize=True)
    return float(w[r, c].sum())


def networkx_optimum(inst: Instance, scores: Scores) -> float:
    g = nx.Graph()
    caps = inst.caps()
    for (e, t), total in scores.eligible.items():
        for slot in range(caps[t]):
            g.add_edge(("mentee", e), ("slot", t, slot), weight=total)
    matching = nx.max_weight_matching(g, maxcardinality=False)
    return float(sum(g.edges[u, v]["weight"] for u, v in matching))


def reference_stable(inst: Instance, scores: Scores) -> dict[str, str]:
    """Mentee-proposing deferred acceptance with capacities, written from the contract:
    required pairs are fixed first and take capacity, their mentees do not propose; a mentee
    proposes down its eligible mentors (total descending, then username key); a mentor keeps its
    best mentees by the reverse pair and rejects the worst when over capacity."""
    fixed = dict(inst.required)
    room = inst.caps()
    for _, t in inst.required:
        room[t] -= 1
    prefs = {e: sorted((t for t in inst.mentors if (e, t) in scores.eligible), key=lambda t: scores.mentee_rank(e, t))
             for e in inst.mentees if e not in fixed}
    following = {e: 0 for e in prefs}
    held: dict[str, list[str]] = {t: [] for t in inst.mentors}
    queue = deque(prefs)
    while queue:
        e = queue.popleft()
        if following[e] >= len(prefs[e]):
            continue  # rejected by every acceptable mentor
        t = prefs[e][following[e]]
        following[e] += 1
        held[t].append(e)
        if len(held[t]) > room[t]:
            worst = max(held[t], key=lambda x: scores.mentor_rank(t, x))
            held[t].remove(worst)
            queue.append(worst)
    out = dict(fixed)
    for t, es in held.items():
        for e in es:
            out[e] = t
    return out


def blocking_pairs(inst: Instance, scores: Scores, match: dict[str, str]) -> list[tuple[str, str]]:
    """(mentee, mentor) eligible pairs both of whom prefer each other to what they have."""
    fixed = dict(inst.required)
    room = inst.caps()
    for _, t in inst.required:
        room[t] -= 1
    holding: dict[str, list[str]] = {t: [] for t in inst.mentors}
    for e, t in match.items():
        if e not in fixed:
            holding[t].append(e)
    found = []
    for e in inst.mentees:
        if e in fixed:
            continue
        current = match.get(e)
        for t in inst.mentors:
            if (e, t) not in scores.eligible or t == current:
                continue
            if current is not None and scores.mentee_rank(e, t) > scores.mentee_rank(e, current):
                continue
            if len(holding[t]) < room[t] or any(scores.mentor_rank(t, e) < scores.mentor_rank(t, x)
                                                for x in holding[t]):
                found.append((e, t))
    return found


# --- checks of a result --------------------------------------------------------------------------


def pairs_of(a: Any) -> dict[str, str]:
    return dict(zip(a.pairs["mentee"], a.pairs["mentor"]))


def check_assignment(a: Any, inst: Instance, scores: Scores, *, stable: bool = False) -> None:
    """Feasibility and bookkeeping of a result, whatever the mode."""
    assert isinstance(a, lc.Assignment)
    assert list(a.pairs.columns) == PAIR_COLUMNS
    assert list(a.unassigned.columns) == UNASSIGNED_COLUMNS
    assert list(a.mentors.columns) == MENTOR_COLUMNS
    assert a.stable is stable
    assert len(a) == len(a.pairs)
    assert repr(a).startswith("<Assignment")

    # every mentee exactly once, both frames in the order the mentees were given
    paired, unpaired = list(a.pairs["mentee"]), list(a.unassigned["mentee"])
    assert sorted(paired + unpaired) == sorted(inst.mentees)
    order = {e: i for i, e in enumerate(inst.mentees)}
    assert [order[e] for e in paired] == sorted(order[e] for e in paired)
    assert [order[e] for e in unpaired] == sorted(order[e] for e in unpaired)

    required = set(inst.required)
    forbidden = set(inst.forbidden)
    caps = inst.caps()
    load = {t: 0 for t in inst.mentors}
    for row in a.pairs.itertuples(index=False):
        e, t = row.mentee, row.mentor
        assert t in load, row
        assert e != t, row
        assert (e, t) not in forbidden, row
        load[t] += 1
        assert bool(row.required) == ((e, t) in required), row
        kernel = scores.table[(e, t)]
        if (e, t) in scores.eligible:
            assert bool(row.eligible), row
            for name in COMPONENTS:
                assert getattr(row, name) == pytest.approx(getattr(kernel, name), abs=1e-12), (row, name)
        else:
            assert (e, t) in required, ("an ineligible pair that was not required", row)
            assert not bool(row.eligible), row
            if kernel is None:
                for name in COMPONENTS:
                    assert getattr(row, name) == 0, (row, name)
    for pair in required:
        assert pairs_of(a).get(pair[0]) == pair[1], ("a required pair is missing", pair)

    # mentors: one row each, in the order given, with their capacity and load
    assert list(a.mentors["mentor"]) == inst.mentors
    assert list(a.mentors["capacity"]) == [caps[t] for t in inst.mentors]
    assert list(a.mentors["load"]) == [load[t] for t in inst.mentors]
    assert all(load[t] <= caps[t] for t in inst.mentors)

    # the unassigned and why
    for row in a.unassigned.itertuples(index=False):
        count = scores.count(row.mentee)
        assert row.eligible_mentors == count, row
        assert row.reason == ("no_eligible_mentor" if count == 0 else "mentors_full"), row

    assert a.eligible_pairs == len(scores.eligible)
    assert a.objective == pytest.approx(float(a.pairs["total"].sum()), abs=1e-9)
    assert isinstance(a.objective, float)

    # to_dict: JSON, the same content as the frames
    out = a.to_dict()
    assert set(out) >= {"objective", "stable", "pairs", "unassigned", "mentors"}
    assert json.loads(json.dumps(out))["objective"] == pytest.approx(a.objective)
    assert out["stable"] is stable
    assert [(p["mentee"], p["mentor"]) for p in out["pairs"]] == list(zip(a.pairs["mentee"], a.pairs["mentor"]))
    assert [(u["mentee"], u["reason"]) for u in out["unassigned"]] == list(
        zip(a.unassigned["mentee"], a.unassigned["reason"]))
    assert [m["mentor"] for m in out["mentors"]] == inst.mentors


def check_maximal(a: Any, inst: Instance, scores: Scores) -> None:
    """No unassigned mentee has an eligible, positive pair with a mentor who still has room."""
    caps = inst.caps()
    load = dict(zip(a.mentors["mentor"], a.mentors["load"]))
    for e in a.unassigned["mentee"]:
        for t in inst.mentors:
            if scores.eligible.get((e, t), 0) > 0:
                assert load[t] >= caps[t], ("could be added", e, t)


def assign(d: lc.Directory, inst: Instance, **extra: Any) -> Any:
    return d.assign(inst.mentees, inst.mentors, **inst.kwargs(**extra))


def tolerance(inst: Instance) -> float:
    return 1e-9 * len(inst.mentees) + 1e-9


# --- 1. optimality against scipy ----------------------------------------------------------------


@pytest.mark.parametrize("seed", range(14))
def test_optimal_equals_linear_sum_assignment(people, seed):
    inst = random_instance(people, seed_of("scipy", seed))
    scores = Scores(people, inst)
    a = assign(people, inst)
    check_assignment(a, inst, scores)
    check_maximal(a, inst, scores)
    assert a.objective == pytest.approx(scipy_optimum(inst, scores), abs=tolerance(inst)), inst


@pytest.mark.parametrize("seed", range(3))
def test_optimal_many_mentors_per_mentee(people, seed):
    """More mentors than the engine keeps per mentee (24), all wanting the same few: the left-out
    pairs must be priced back in for the result to stay optimal."""
    rng = random.Random(seed_of("many", seed))
    names = people.usernames
    inst = Instance(rng.sample(names, 120), rng.sample(names, 70), capacity=rng.choice([1, 2]),
                    require_skill=seed != 1, direction=["learn_from", "mutual", "share_with"][seed])
    scores = Scores(people, inst)
    assert max(scores.count(e) for e in inst.mentees) > 24  # precondition: pruning happens
    a = assign(people, inst)
    check_assignment(a, inst, scores)
    assert a.objective == pytest.approx(scipy_optimum(inst, scores), abs=tolerance(inst))


@pytest.mark.parametrize("stable", [False, True])
def test_identical_mentees_beyond_the_kept_list(stable):
    """40 identical mentees rank 36 mentors the same way; with capacity 1 the optimum gives a
    mentor to 36 of them, most of them outside any mentee's best 24."""
    rng = random.Random(seed_of("clones"))
    mentee = dict(languages={"en": "N"}, learns=["wikidata"], country="KE", timezone="UTC",
                  availability=[("mon", "16:00", "24:00")])
    mentees = [lc.Profile(f"Kiru Lamben {i}", **mentee) for i in range(40)]
    mentors = []
    for i in range(36):
        start = 16 * 60 + 15 * rng.randrange(0, 28)
        mentors.append(lc.Profile(
            invented_name(rng, i), languages={"en": rng.choice(["2", "3", "4", "5", "N"])},
            shares=["wikidata", *rng.sample(["grant-writing", "budgeting", "surveys"], rng.randint(0, 2))],
            learns=rng.sample(["grant-writing", "wikidata", "surveys"], rng.randint(0, 1)),
            country=rng.choice(["KE", "NG", "GH"]), timezone="UTC",
            availability=[("mon", f"{start // 60:02d}:{start % 60:02d}", "23:00")]))
    d = lc.Directory([*mentees, *mentors], week=WEEK)
    inst = Instance([p.username for p in mentees], [p.username for p in mentors])
    scores = Scores(d, inst)
    assert len(scores.eligible) == 40 * 36  # precondition
    a = assign(d, inst, stable=stable)
    check_assignment(a, inst, scores, stable=stable)
    assert len(a) == 36 and list(a.mentors["load"]) == [1] * 36
    assert set(a.unassigned["reason"]) == {"mentors_full"}
    assert a.objective == pytest.approx(scipy_optimum(inst, scores), abs=tolerance(inst))
    if stable:
        assert pairs_of(a) == reference_stable(inst, scores)


@pytest.mark.parametrize("direction", ["learn_from", "share_with", "mutual"])
def test_optimal_sample_everyone_both_sides(sample, direction):
    """The bundled directory: everybody is a mentee and a mentor; nobody gets themself."""
    names = sample.usernames
    inst = Instance(list(names), list(reversed(names)), capacity=2, direction=direction)
    scores = Scores(sample, inst)
    a = assign(sample, inst)
    check_assignment(a, inst, scores)
    check_maximal(a, inst, scores)
    assert a.objective == pytest.approx(scipy_optimum(inst, scores), abs=tolerance(inst))
    assert len(a) > 0


# --- 2. optimality against networkx -------------------------------------------------------------


@pytest.mark.parametrize("seed", range(10))
def test_optimal_equals_max_weight_matching(people, seed):
    inst = random_instance(people, seed_of("networkx", seed), mentees=(2, 14), mentors=(1, 7), max_capacity=3)
    scores = Scores(people, inst)
    expected = networkx_optimum(inst, scores)
    a = assign(people, inst)
    check_assignment(a, inst, scores)
    assert a.objective == pytest.approx(expected, abs=tolerance(inst)), inst


# --- 3. required pairs ---------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(10))
def test_required_pairs_fixed_then_optimal(people, seed):
    rng = random.Random(seed_of("required", seed))
    inst = random_instance(people, seed_of("required-instance", seed), mentees=(8, 40), mentors=(3, 15),
                           max_capacity=3)
    if isinstance(inst.capacity, int):
        inst.capacity = max(inst.capacity, 1)
    scores = Scores(people, inst)
    add_required(inst, scores, rng, rng.randint(1, 6))
    assert inst.required
    a = assign(people, inst)
    check_assignment(a, inst, scores)
    fixed_total = sum(scores.eligible.get(pair, 0.0) for pair in inst.required)
    rows = a.pairs.set_index("mentee")
    for e, t in inst.required:
        assert rows.loc[e, "mentor"] == t
        assert bool(rows.loc[e, "required"])
        assert bool(rows.loc[e, "eligible"]) == ((e, t) in scores.eligible)
    assert a.objective == pytest.approx(scipy_optimum(inst, scores, inst.required) + fixed_total,
                                        abs=tolerance(inst)), inst
    # never better than the free optimum
    assert a.objective <= scipy_optimum(inst, scores) + tolerance(inst)


def test_required_pair_the_kernel_rejects(people):
    """Kept, reported with zero scores and eligible=False; its mentor's other place still used."""
    names = people.usernames
    mentee = next(e for e in names if people[e].languages == {})  # no common language with anyone
    mentor = next(t for t in names if t != mentee and people[t].shares)
    assert people.score(mentee, mentor, direction="learn_from") is None
    others = [e for e in names if e not in (mentee, mentor)][:30]
    inst = Instance([mentee, *others], [mentor], capacity=2, required=[(mentee, mentor)])
    scores = Scores(people, inst)
    a = assign(people, inst)
    check_assignment(a, inst, scores)
    row = a.pairs.iloc[0]
    assert (row["mentee"], row["mentor"], bool(row["required"]), bool(row["eligible"])) == (mentee, mentor, True,
                                                                                           False)
    assert [row[c] for c in COMPONENTS] == [0, 0, 0, 0, 0, 0]
    assert a.objective == pytest.approx(scipy_optimum(inst, scores, inst.required), abs=1e-9)
    assert list(a.mentors["load"]) == [min(2, 1 + any(scores.count(e) for e in others))]


@pytest.mark.parametrize("stable", [False, True])
def test_required_mentee_who_had_other_options(stable):
    """The smallest case of a required pair whose mentee also has eligible mentors with room."""
    d = lc.Directory([
        lc.Profile("Mira Kalendo", languages={"en": "N"}, learns=["wikidata"]),
        lc.Profile("Kesi Walunde", languages={"en": "4"}, learns=["wikidata"]),
        lc.Profile("Tavo Seruni", languages={"en": "N"}, shares=["wikidata"]),
        lc.Profile("Olu Barimande", languages={"en": "3"}, shares=["wikidata"]),
    ], week=WEEK)
    inst = Instance(["Mira Kalendo", "Kesi Walunde"], ["Tavo Seruni", "Olu Barimande"],
                    required=[("Mira Kalendo", "Olu Barimande")])
    scores = Scores(d, inst)
    a = assign(d, inst, stable=stable)
    check_assignment(a, inst, scores, stable=stable)
    assert pairs_of(a) == {"Mira Kalendo": "Olu Barimande", "Kesi Walunde": "Tavo Seruni"}
    assert list(a.pairs["required"]) == [True, False]


def test_required_pair_below_min_score(people):
    """A pair the kernel accepts but min_score does not: kept, required, not eligible."""
    names = people.usernames
    mentee, mentor, total = next((e, t, m.total) for e in names for t in names
                                 if (m := people.score(e, t, direction="learn_from")) is not None and m.total > 0.1)
    a = people.assign([mentee], [mentor], min_score=total + 0.01, required=[(mentee, mentor)])
    assert a.eligible_pairs == 0
    row = a.pairs.iloc[0]
    assert (row["mentee"], row["mentor"], bool(row["required"]), bool(row["eligible"])) == (mentee, mentor, True,
                                                                                           False)
    # the kernel accepts the pair, so its real score is reported (and counts in the objective);
    # only a pair the kernel rejects is reported as 0
    assert row["total"] == pytest.approx(total)
    assert a.objective == pytest.approx(total)


# --- 4. stable matching --------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(14))
def test_stable_equals_deferred_acceptance(people, seed):
    rng = random.Random(seed_of("stable", seed))
    inst = random_instance(people, seed_of("stable-instance", seed), mentees=(5, 50), mentors=(3, 16))
    scores = Scores(people, inst)
    if seed % 3 == 0:
        add_required(inst, scores, rng, rng.randint(1, 4))
    a = assign(people, inst, stable=True)
    check_assignment(a, inst, scores, stable=True)
    expected = reference_stable(inst, scores)
    assert pairs_of(a) == expected, inst
    assert list(a.pairs["mentee"]) == [e for e in inst.mentees if e in expected]
    assert blocking_pairs(inst, scores, pairs_of(a)) == []
    optimal = assign(people, inst)
    assert optimal.objective >= a.objective - tolerance(inst)


@pytest.mark.parametrize("seed", range(4))
def test_stable_capx_ties(people, seed):
    """capx weights count exact overlaps only: totals tie often, so username keys decide."""
    inst = random_instance(people, seed_of("ties", seed), mentees=(20, 50), mentors=(5, 16))
    inst.weights_name, inst.min_score, inst.require_skill = "capx", None, True
    scores = Scores(people, inst)
    totals = [scores.eligible[(e, t)] for e in inst.mentees for t in inst.mentors if (e, t) in scores.eligible]
    assert len(set(totals)) < len(totals)  # precondition: ties exist
    a = assign(people, inst, stable=True)
    check_assignment(a, inst, scores, stable=True)
    assert pairs_of(a) == reference_stable(inst, scores)
    assert blocking_pairs(inst, scores, pairs_of(a)) == []


def tie_directory() -> lc.Directory:
    """Identical mentors and identical mentees that differ only in their usernames, chosen so that
    the username key orders them unlike plain string order ('ba_x' → 'Ba x' < 'Bb')."""
    mentor = dict(languages={"en": "N"}, shares=["wikidata"], learns=["grant-writing"], country="KE")
    mentee = dict(languages={"en": "N"}, learns=["wikidata"], country="KE")
    return lc.Directory([
        lc.Profile("Bb", **mentor), lc.Profile("ba_x", **mentor), lc.Profile("Bc", **mentor),
        lc.Profile("Qz", **mentee), lc.Profile("qa_y", **mentee), lc.Profile("Qb", **mentee),
        # shares what the mentors want to learn: their reverse pair is better
        lc.Profile("Zo teacher", **mentee, shares=["grant-writing"]),
    ], week=WEEK)


def test_stable_ties_break_by_username_key():
    d = tie_directory()
    assert sorted(["Bb", "ba_x"]) == ["Bb", "ba_x"] and lc.username_key("ba_x") < lc.username_key("Bb")
    # one mentee, three equal mentors: the smallest key
    a = d.assign(["Qz"], ["Bb", "Bc", "ba_x"], stable=True)
    assert pairs_of(a) == {"Qz": "ba_x"}
    # three equal mentees, one place: the smallest key
    a = d.assign(["Qz", "Qb", "qa_y"], ["Bb"], stable=True)
    assert pairs_of(a) == {"qa_y": "Bb"}
    assert list(a.unassigned["reason"]) == ["mentors_full", "mentors_full"]
    # three mentees, three equal mentors with one place each: key order on both sides
    a = d.assign(["Qz", "Qb", "qa_y"], ["Bc", "Bb", "ba_x"], stable=True)
    assert pairs_of(a) == {"qa_y": "ba_x", "Qb": "Bb", "Qz": "Bc"}


def noisy_tie(totals: dict[str, float]) -> tuple[str, str] | None:
    """Two names whose totals differ by floating-point noise only, the larger total first, the
    smaller username key second — so the raw totals and the key disagree."""
    ordered = sorted(totals.items(), key=lambda kv: kv[1])
    for (x, a), (y, b) in zip(ordered, ordered[1:]):
        if a != b and quantised(a) == quantised(b) and lc.username_key(x) < lc.username_key(y):
            return y, x
    return None


def test_stable_mentee_side_noise_is_a_tie(people):
    names = people.usernames
    for mentee in names:
        totals = {t: m.total for t in names if (m := people.score(mentee, t, direction="learn_from")) is not None}
        if found := noisy_tie(totals):
            break
    else:
        pytest.fail("no instance found")  # precondition
    noisier, smaller_key = found
    a = people.assign([mentee], [noisier, smaller_key], stable=True)
    assert pairs_of(a) == {mentee: smaller_key}


def test_stable_mentor_side_noise_is_a_tie(people):
    """The mentor's ranking ties the same way as the mentee's: within 2^-40, by username key."""
    names = people.usernames
    for mentor in names:
        totals = {}
        for e in names:
            if e != mentor and people.score(e, mentor, direction="learn_from") is not None:
                r = people.score(mentor, e, direction="share_with")
                if r is not None:
                    totals[e] = r.total
        if found := noisy_tie(totals):
            break
    else:
        pytest.fail("no instance found")  # precondition
    noisier, smaller_key = found
    a = people.assign([noisier, smaller_key], [mentor], stable=True)
    assert pairs_of(a) == {smaller_key: mentor}, (mentor, totals[noisier], totals[smaller_key])


def test_stable_mentor_prefers_by_reverse_pair():
    d = tie_directory()
    plain = d.score("Bb", "qa_y", direction="share_with")
    teacher = d.score("Bb", "Zo teacher", direction="share_with")
    assert plain is not None and teacher is not None and teacher.total > plain.total  # precondition
    a = d.assign(["qa_y", "Zo teacher"], ["Bb"], stable=True)
    assert pairs_of(a) == {"Zo teacher": "Bb"}  # despite 'Qa y' < 'Zo teacher'
    # mutual: the reverse pair is mutual too, and the same preference holds
    inst = Instance(["qa_y", "Zo teacher"], ["Bb"], direction="mutual")
    a = assign(d, inst, stable=True)
    assert pairs_of(a) == reference_stable(inst, Scores(d, inst))


# --- 5. edge cases -------------------------------------------------------------------------------


@pytest.mark.parametrize("stable", [False, True])
def test_empty_lists(people, stable):
    names = people.usernames
    a = people.assign([], names[:4], stable=stable)
    assert len(a) == 0 and a.objective == 0 and a.eligible_pairs == 0
    assert list(a.pairs.columns) == PAIR_COLUMNS and a.pairs.empty and a.unassigned.empty
    assert list(a.mentors["mentor"]) == names[:4] and list(a.mentors["load"]) == [0] * 4

    a = people.assign(names[:5], [], stable=stable)
    assert len(a) == 0 and a.objective == 0
    assert list(a.unassigned["mentee"]) == names[:5]
    assert set(a.unassigned["reason"]) == {"no_eligible_mentor"}
    assert list(a.unassigned["eligible_mentors"]) == [0] * 5
    assert list(a.mentors.columns) == MENTOR_COLUMNS and a.mentors.empty

    a = people.assign([], [], stable=stable)
    assert len(a) == 0 and a.objective == 0 and a.to_dict()["pairs"] == []


@pytest.mark.parametrize("stable", [False, True])
def test_all_capacities_zero(people, stable):
    inst = random_instance(people, seed_of("zero"), mentees=(30, 30), mentors=(10, 10), min_score=False,
                           forbidden=False)
    inst.capacity = 0
    scores = Scores(people, inst)
    a = assign(people, inst, stable=stable)
    check_assignment(a, inst, scores, stable=stable)
    assert len(a) == 0 and a.objective == 0
    assert set(a.unassigned["reason"]) == {"mentors_full", "no_eligible_mentor"}  # precondition: both kinds
    inst.capacity = {t: 0 for t in inst.mentors}
    b = assign(people, inst, stable=stable)
    pd.testing.assert_frame_equal(a.unassigned, b.unassigned)


@pytest.mark.parametrize("stable", [False, True])
def test_no_common_language(people, stable):
    names = people.usernames
    mute = [e for e in names if not people[e].languages]
    assert mute  # precondition
    mentors = [t for t in names if people[t].shares and t not in mute][:10]
    a = people.assign(mute, mentors, capacity=5, stable=stable)
    assert len(a) == 0 and a.eligible_pairs == 0
    assert set(a.unassigned["reason"]) == {"no_eligible_mentor"}


@pytest.mark.parametrize("stable", [False, True])
def test_min_score_above_every_total(people, stable):
    inst = random_instance(people, seed_of("min_score"), min_score=False, forbidden=False)
    scores = Scores(people, inst)
    best = max(scores.eligible.values())
    inst.min_score = best + 1e-6
    a = assign(people, inst, stable=stable)
    assert len(a) == 0 and a.eligible_pairs == 0
    assert list(a.unassigned["mentee"]) == inst.mentees
    assert set(a.unassigned["reason"]) == {"no_eligible_mentor"}
    # exactly at the best total: that pair is eligible (total >= min_score)
    inst.min_score = best
    a = assign(people, inst, stable=stable)
    check_assignment(a, inst, Scores(people, inst), stable=stable)
    assert a.eligible_pairs >= 1 and len(a) >= 1


@pytest.mark.parametrize("stable", [False, True])
def test_forbidden_removes_the_only_option(people, stable):
    names = people.usernames
    mentors = names[:5]
    mentee = next(e for e in names[5:]
                  if sum(people.score(e, t, direction="learn_from") is not None for t in mentors) == 1)
    only = next(t for t in mentors if people.score(mentee, t, direction="learn_from") is not None)
    a = people.assign([mentee], mentors, stable=stable)
    assert pairs_of(a) == {mentee: only}
    a = people.assign([mentee], mentors, forbidden=[(mentee, only)], stable=stable)
    assert len(a) == 0 and a.eligible_pairs == 0
    assert a.unassigned.to_dict("records") == [{"mentee": mentee, "reason": "no_eligible_mentor",
                                                 "eligible_mentors": 0}]


@pytest.mark.parametrize("stable", [False, True])
def test_nobody_paired_with_themself(stable):
    # 'Sola' shares what she wants to learn: her own best match would be herself
    d = lc.Directory([lc.Profile("Sola Kirunde", languages={"en": "N"}, shares=["wikidata"], learns=["wikidata"]),
                      lc.Profile("Tevo Marandi", languages={"en": "3"}, shares=["wikidata"], learns=["budgeting"])],
                     week=WEEK)
    a = d.assign(["Sola Kirunde"], ["Sola Kirunde"], stable=stable)
    assert len(a) == 0 and a.eligible_pairs == 0
    assert list(a.unassigned["reason"]) == ["no_eligible_mentor"]
    both = ["Sola Kirunde", "Tevo Marandi"]
    a = d.assign(both, both, capacity=2, stable=stable)
    assert pairs_of(a) == {"Sola Kirunde": "Tevo Marandi"}  # Tevo learns budgeting: nobody shares it
    assert (a.pairs["mentee"] != a.pairs["mentor"]).all()


def test_validation_errors(people):
    names = people.usernames
    e, t = names[:6], names[6:12]
    assert issubclass(lc.ValidationError, ValueError) and issubclass(lc.NotFoundError, KeyError)
    cases: list[tuple[type[Exception], tuple[Any, ...], dict[str, Any]]] = [
        (lc.ValidationError, ([e[0], *e], t), {}),                          # duplicate mentee
        (lc.ValidationError, (e, [*t, t[-1]]), {}),                         # duplicate mentor
        (lc.ValidationError, (e, t), dict(capacity=-1)),
        (lc.ValidationError, (e, t), dict(capacity={t[0]: -2})),
        (lc.ValidationError, (e, t), dict(capacity={e[0]: 2})),             # not a mentor
        (lc.ValidationError, (e, t), dict(required=[(e[0], t[0]), (e[0], t[1])])),  # two mentors
        (lc.ValidationError, (e, t), dict(required=[(e[0], t[0]), (e[1], t[0])])),  # over capacity 1
        (lc.ValidationError, (e, t), dict(capacity={t[0]: 0}, required=[(e[0], t[0])])),
        (lc.ValidationError, (e, t), dict(required=[(e[0], t[0])], forbidden=[(e[0], t[0])])),
        (lc.ValidationError, (e, t), dict(required=[(names[20], t[0])])),   # not a mentee
        (lc.ValidationError, (e, t), dict(required=[(e[0], names[20])])),   # not a mentor
        (lc.ValidationError, (e, t), dict(forbidden=[(names[20], t[0])])),  # not in the lists (assign.hpp)
        (lc.NotFoundError, ([*e, "Nobody Invented 404"], t), {}),
        (lc.NotFoundError, (e, ["Nobody Invented 404"]), {}),
    ]
    for stable in (False, True):
        for error, args, kwargs in cases:
            with pytest.raises(error):
                people.assign(*args, stable=stable, **kwargs)
    with pytest.raises(KeyError):  # what a data scientist catches for a bad name
        people.assign(e, [*t, "Nobody Invented 404"])


def test_duplicate_by_username_key(sample):
    """'Chinedu Okafor' is the same person as 'Chinedu_Okafor'."""
    assert sample.get("Chinedu Okafor") is not None
    with pytest.raises(lc.ValidationError):
        sample.assign(["Chinedu_Okafor", "Chinedu Okafor"], ["Amina Bello"])


def test_capacity_dict_defaults_to_one(people):
    inst = random_instance(people, seed_of("dict"), mentees=(40, 40), mentors=(6, 6), min_score=False,
                           forbidden=False)
    inst.require_skill, inst.capacity = False, {inst.mentors[0]: 3, inst.mentors[1]: 0}
    scores = Scores(people, inst)
    a = assign(people, inst)
    check_assignment(a, inst, scores)
    assert list(a.mentors["capacity"]) == [3, 0] + [1] * (len(inst.mentors) - 2)
    assert a.objective == pytest.approx(scipy_optimum(inst, scores), abs=tolerance(inst))


def test_mentee_sequences(people):
    """Tuples, lists and a pandas Series of usernames are all sequences."""
    names = people.usernames
    a = people.assign(names[:20], names[20:30], capacity=2)
    b = people.assign(tuple(names[:20]), pd.Series(names[20:30]), capacity=2)
    pd.testing.assert_frame_equal(a.pairs, b.pairs)


# --- 6. determinism ------------------------------------------------------------------------------


@pytest.mark.parametrize("stable", [False, True])
@pytest.mark.parametrize("seed", range(3))
def test_deterministic_and_thread_independent(people, seed, stable):
    inst = random_instance(people, seed_of("threads", seed), mentees=(60, 60), mentors=(20, 20))
    results = [assign(people, inst, stable=stable, threads=threads) for threads in (1, 1, 2, 0)]
    for other in results[1:]:
        pd.testing.assert_frame_equal(results[0].pairs, other.pairs)
        pd.testing.assert_frame_equal(results[0].unassigned, other.unassigned)
        pd.testing.assert_frame_equal(results[0].mentors, other.mentors)
        assert other.objective == results[0].objective
        assert other.to_dict() == results[0].to_dict()


# --- the references themselves -------------------------------------------------------------------


class GivenScores(Scores):
    """Scores given by hand, to check the references themselves; mentors prefer by key."""

    def __init__(self, inst: Instance, eligible: dict[tuple[str, str], float]) -> None:
        self.inst, self.eligible, self.table = inst, eligible, {}

    def mentor_rank(self, mentor: str, mentee: str) -> tuple[int, int, str]:
        return (0, 0, lc.username_key(mentee))


def test_references_agree_on_a_hand_made_instance():
    """The references, on a case small enough to solve by hand: totals 0.9/0.8 for mentor A,
    0.7/0.1 for mentor B, capacity 1: the optimum is 0.8 + 0.7 (e1→B, e2→A) = 1.5; deferred
    acceptance gives e1→A (both prefer A, A prefers e1 by key) and then e2→B."""
    inst = Instance(["e1", "e2"], ["A", "B"])
    scores = GivenScores(inst, {("e1", "A"): 0.9, ("e1", "B"): 0.7, ("e2", "A"): 0.8, ("e2", "B"): 0.1})
    assert scipy_optimum(inst, scores) == pytest.approx(1.5)
    assert networkx_optimum(inst, scores) == pytest.approx(1.5)
    assert scipy_optimum(inst, scores, [("e1", "A")]) == pytest.approx(0.1)
    match = reference_stable(inst, scores)
    assert match == {"e1": "A", "e2": "B"}
    assert blocking_pairs(inst, scores, match) == []
    assert blocking_pairs(inst, scores, {"e1": "B", "e2": "A"}) == [("e1", "A")]
    inst.capacity = {"A": 2}
    assert scipy_optimum(inst, scores) == pytest.approx(1.7)
    assert reference_stable(inst, scores) == {"e1": "A", "e2": "A"}
