"""A slow, pure-Python reference of the recommendation score (letsconnect/score.hpp).

Written from the specification in the doc comment at the top of ``include/letsconnect/score.hpp``
and ``recommend.hpp``, using only the public Python API (``lc.Taxonomy``'s parent / ancestors /
subtree / category, ``Directory.availability``), so the compiled engine can be checked against it.

Every floating-point operation follows the documented order, so totals should agree with the
engine to the last bit:

- a coverage is the sum of per-skill credits over the seeker's deduplicated list, in taxonomy
  order (the order of ``Taxonomy.ids``), starting from 0.0, divided once by the list's length;
- language is ``min(level_S, level_C) / 6`` (native = 6), the largest over the common languages
  both speak at ``max(min_level, 1)`` or above;
- time zone is ``min(1, h / overlap_hours)`` with ``h = popcount(A & B) / 4`` hours;
- the total is ``skill*w.skill + reciprocity*w.reciprocity + language*w.language
  + region*w.region + time_zone*w.time_zone``, summed left to right in float64.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

import letsconnect as lc
from helpers import as_list, reference_search

NATIVE = 6
COMPONENTS = ("skill", "reciprocity", "language", "region", "time_zone")
DIRECTIONS = ("mutual", "learn_from", "share_with")
WEIGHT_FIELDS = ("skill", "reciprocity", "language", "region", "time_zone", "narrower", "related", "category",
                 "same_country", "same_region", "other_region", "overlap_hours", "min_level")


def level_value(level: str | int | None) -> int:
    """Babel level as a number: "0".."5" → 0..5, "N" → 6; None (not spoken) → 0."""
    if level is None:
        return 0
    if isinstance(level, int):
        return level
    return NATIVE if level in ("N", "n") else int(level)


def weights_values(weights: Any = None) -> dict[str, float]:
    """The weights as a plain dict (``None`` → the documented defaults)."""
    if weights is None:
        weights = lc.Weights()
    if isinstance(weights, dict):
        values = dict(weights)
    else:
        values = {name: getattr(weights, name) for name in WEIGHT_FIELDS}
    values["min_level"] = level_value(values["min_level"])
    return values


@dataclass(frozen=True)
class RefScore:
    total: float
    skill: float
    reciprocity: float
    language: float
    region: float
    time_zone: float

    @property
    def breakdown(self) -> dict[str, float]:
        return {name: getattr(self, name) for name in COMPONENTS}


@dataclass(frozen=True)
class Person:
    """What the score reads of one profile, resolved once."""

    username: str
    shares: tuple[int, ...]   # taxonomy indices, deduplicated, in taxonomy order
    learns: tuple[int, ...]
    languages: dict[str, int]  # code → level (0..6)
    region: str | None
    country: str | None
    availability: int          # 672 bits, one per UTC quarter hour of the reference week


# --- taxonomy credit -----------------------------------------------------------------------------


class TaxonomyCredit:
    """credit(w, o) of score.hpp, from the taxonomy's parent / ancestors / subtree / category."""

    def __init__(self, taxonomy: lc.Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.ids: list[str] = list(taxonomy.ids)
        self.index = {node_id: i for i, node_id in enumerate(self.ids)}
        self.parent = [taxonomy.parent(i) for i in self.ids]
        self.ancestors = [set(taxonomy.ancestors(i)) for i in self.ids]
        self.subtree = [set(taxonomy.subtree(i)) for i in self.ids]
        self.category = [taxonomy.category(i) for i in self.ids]
        self._relation: dict[tuple[int, int], str] = {}

    def resolve(self, keys: Iterable[str]) -> tuple[int, ...]:
        """Taxonomy indices of `keys` (ids or QIDs), deduplicated, in taxonomy order."""
        found = set()
        for key in keys:
            node_id = self.taxonomy.find(key)
            if node_id is None:
                raise KeyError(key)
            found.add(self.index[node_id])
        return tuple(sorted(found))

    def relation(self, w: int, o: int) -> str:
        """How an offered skill `o` relates to a wanted skill `w`: the name of the weight
        (``same``, ``narrower``, ``related``, ``category``) or ``none``."""
        cached = self._relation.get((w, o))
        if cached is not None:
            return cached
        wid, oid = self.ids[w], self.ids[o]
        if w == o:
            out = "same"
        elif oid in self.subtree[w]:
            out = "narrower"  # asking for a category or a skill accepts what is under it
        elif oid in self.ancestors[w]:
            out = "related"
        elif self.parent[w] is not None and oid in self.subtree[self.index[self.parent[w]]]:
            out = "related"  # a sibling, or below one
        elif self.category[w] == self.category[o]:
            out = "category"
        else:
            out = "none"
        self._relation[(w, o)] = out
        return out

    def credit(self, w: int, o: int, weights: dict[str, float]) -> float:
        relation = self.relation(w, o)
        if relation == "same":
            return 1.0
        if relation == "none":
            return 0.0
        return float(weights[relation])

    def credit_keys(self, wanted: str, offered: str, weights: Any = None) -> float:
        """credit() for two keys (ids or QIDs)."""
        (w,), (o,) = self.resolve([wanted]), self.resolve([offered])
        return self.credit(w, o, weights_values(weights))


def coverage(tax: TaxonomyCredit, anchor: Sequence[int], other: Sequence[int], weights: dict[str, float], *,
             anchor_wants: bool) -> float:
    """Σ over the anchor's skills (taxonomy order) of the best credit against `other`, / |anchor|.

    ``anchor_wants``: the anchor's skills are the wanted ones (learn); otherwise they are the
    offered ones (share) and `other` holds the wanted ones."""
    if not anchor:
        return 0.0
    total = 0.0
    for a in anchor:
        best = 0.0
        for b in other:
            c = tax.credit(a, b, weights) if anchor_wants else tax.credit(b, a, weights)
            if c > best:
                best = c
        total += best
    return total / len(anchor)


# --- the other components ------------------------------------------------------------------------


def common_languages(s: dict[str, int], c: dict[str, int], gate: int) -> list[int]:
    """min(level_S, level_C) for every language both speak at `gate` or above."""
    return [min(level, c[code]) for code, level in s.items() if code in c and level >= gate and c[code] >= gate]


def language_component(s: dict[str, int], c: dict[str, int], min_level: int) -> float:
    levels = common_languages(s, c, max(min_level, 1))
    return max(levels) / NATIVE if levels else 0.0


def region_component(s: Person, c: Person, weights: dict[str, float]) -> float:
    if s.region is None or c.region is None:
        return 0.0
    if s.country is not None and s.country == c.country:
        return float(weights["same_country"])
    if s.region == c.region:
        return float(weights["same_region"])
    return float(weights["other_region"])


def time_zone_component(s: Person, c: Person, weights: dict[str, float]) -> float:
    hours = (s.availability & c.availability).bit_count() / 4
    return min(1.0, hours / weights["overlap_hours"])


def bits(availability: np.ndarray) -> int:
    """A (7, 96) bool array as a 672-bit integer (bit order is irrelevant to AND and popcount)."""
    flat = np.asarray(availability, dtype=bool).reshape(-1)
    assert flat.shape == (672,), flat.shape
    return int.from_bytes(np.packbits(flat).tobytes(), "big")


# --- the kernel ----------------------------------------------------------------------------------


def score_people(tax: TaxonomyCredit, s: Person, c: Person, weights: Any = None, direction: str = "mutual",
                 require_skill: bool = True) -> RefScore | None:
    """The score of candidate `c` for seeker `s`, or None when a hard filter rejects the pair
    (apart from ScoreOptions::filter, which the callers below apply)."""
    w = weights_values(weights)
    if lc.username_key(s.username) == lc.username_key(c.username):
        return None
    min_level = int(w["min_level"])
    if min_level >= 1 and not common_languages(s.languages, c.languages, min_level):
        return None
    learn = coverage(tax, s.learns, c.shares, w, anchor_wants=True)    # what C can teach S
    share = coverage(tax, s.shares, c.learns, w, anchor_wants=False)   # what S can teach C
    if require_skill:
        relevant = {"learn_from": learn > 0, "share_with": share > 0, "mutual": learn > 0 or share > 0}[direction]
        if not relevant:
            return None
    skill, reciprocity = (share, learn) if direction == "share_with" else (learn, share)
    language = language_component(s.languages, c.languages, min_level)
    region = region_component(s, c, w)
    time_zone = time_zone_component(s, c, w)
    total = (skill * w["skill"] + reciprocity * w["reciprocity"] + language * w["language"]
             + region * w["region"] + time_zone * w["time_zone"])
    return RefScore(total, skill, reciprocity, language, region, time_zone)


class Reference:
    """The reference engine over one Directory snapshot (its taxonomy and reference week)."""

    def __init__(self, directory: lc.Directory) -> None:
        self.directory = directory
        self.tax = TaxonomyCredit(directory.taxonomy)
        self.people: dict[str, Person] = {}
        self.order: list[str] = []
        self._filtered: dict[str, list[str]] = {}
        for profile in directory:
            self.order.append(profile.username)
            self.people[lc.username_key(profile.username)] = self.person(profile)

    def person(self, profile: lc.Profile, availability: np.ndarray | None = None) -> Person:
        if availability is None:
            availability = self.directory.availability(profile.username)
        return Person(
            username=profile.username,
            shares=self.tax.resolve(profile.shares),
            learns=self.tax.resolve(profile.learns),
            languages={code: level_value(level) for code, level in profile.languages.items()},
            region=profile.region,
            country=profile.country,
            availability=bits(availability),
        )

    def __getitem__(self, username: str) -> Person:
        return self.people[lc.username_key(username)]

    def score(self, seeker: str, candidate: str, weights: Any = None, direction: str = "mutual",
              require_skill: bool = True) -> RefScore | None:
        return score_people(self.tax, self[seeker], self[candidate], weights, direction, require_skill)

    def candidates(self, **filters: Any) -> list[str]:
        """Usernames passing the search filter (all of them without one), in directory order."""
        filters = {k: v for k, v in filters.items() if v is not None}
        if not filters:
            return self.order
        key = repr(sorted(filters.items()))
        if key not in self._filtered:
            passing = set(reference_search(list(self.directory), self.directory.taxonomy, **filters))
            self._filtered[key] = [u for u in self.order if u in passing]
        return self._filtered[key]

    def ranked(self, seeker: str | Person, weights: Any = None, direction: str = "mutual", require_skill: bool = True,
               **filters: Any) -> list[tuple[str, RefScore]]:
        """Every qualifying candidate, best first (ties by username key): the brute-force top-k.

        The `language` filter asks for the language at ``weights.min_level`` (as documented on
        Directory.recommend), Babel 0 never counting as speaking it."""
        s = seeker if isinstance(seeker, Person) else self[seeker]
        if filters.get("language") is not None:
            filters["min_level"] = weights_values(weights)["min_level"]
        found = []
        for username in self.candidates(**filters):
            got = score_people(self.tax, s, self[username], weights, direction, require_skill)
            if got is not None:
                found.append((username, got))
        found.sort(key=lambda item: (-item[1].total, lc.username_key(item[0])))
        return found

    def recommend(self, seeker: str, k: int = 10, weights: Any = None, direction: str = "mutual",
                  require_skill: bool = True, **filters: Any) -> list[tuple[str, RefScore]]:
        return self.ranked(seeker, weights, direction, require_skill, **filters)[:k]


# --- clinic audiences ----------------------------------------------------------------------------


def week_monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def clinic_slots(start_utc: dt.datetime, duration_min: int) -> np.ndarray:
    """(7, 96) bool: every UTC quarter hour the clinic touches, in the week that contains its
    start; a clinic running past Sunday midnight wraps to that week's Monday (availability is
    a weekly pattern)."""
    if start_utc.tzinfo is not None:
        start_utc = start_utc.astimezone(dt.timezone.utc).replace(tzinfo=None)
    monday = dt.datetime.combine(week_monday(start_utc.date()), dt.time())
    seconds = int((start_utc - monday).total_seconds())
    first = seconds // 900
    last = -(-(seconds + 60 * duration_min) // 900)  # ceiling
    out = np.zeros(7 * 96, dtype=bool)
    out[[slot % (7 * 96) for slot in range(first, last)]] = True
    return out.reshape(7, 96)


def reference_audience(directory: lc.Directory, skills: str | Sequence[str], language: str, start_utc: dt.datetime,
                       duration_min: int = 120, k: int = 50, *, interpretation: Sequence[str] | None = None,
                       weights: Any = None, region: Any = None, country: Any = None,
                       exclude: Any = None) -> list[tuple[str, RefScore]]:
    """recommend.hpp's audience(): the clinic as a seeker who shares its skills, speaks its
    languages natively, is available exactly during the clinic and has no region; direction
    share_with; only people available for the whole clinic; the week of the clinic's start."""
    day = (start_utc.astimezone(dt.timezone.utc) if start_utc.tzinfo else start_utc).date()
    week = directory.for_week(day) if directory.week != week_monday(day) else directory
    ref = Reference(week)
    slots = clinic_slots(start_utc, duration_min)
    clinic = Person(
        username="\x00clinic",  # matches nobody's key
        shares=ref.tax.resolve(as_list(skills)),
        learns=(),
        languages={code: NATIVE for code in [language, *(interpretation or [])]},
        region=None,
        country=None,
        availability=bits(slots),
    )
    need = clinic.availability
    found = []
    for username, got in ref.ranked(clinic, weights, "share_with", True, region=region, country=country,
                                    exclude=exclude):
        if ref[username].availability & need == need:
            found.append((username, got))
    return found[:k]
