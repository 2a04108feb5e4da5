"""Synthetic Let's Connect programmes: a directory, clinics, Zoom reports and the truth behind them.

A deterministic, invented programme shaped like the real one (design §1): participants mostly from
Sub-Saharan Africa, clinics every two weeks in five languages with interpretation, Zoom reports as
Zoom exports them with the names people really type, and the ground truth of who was who, so that
reconciliation and metrics can be measured against it.

>>> import letsconnect as lc
>>> p = lc.synthetic.programme(seed=1, participants=60, clinics=4)
>>> p
<letsconnect.synthetic.Programme(60 participants, 4 clinics, seed 1)>
>>> paths = p.write("demo")                                       # doctest: +SKIP
>>> m = lc.metrics(p.directory, paths["clinics.json"])           # doctest: +SKIP
>>> p.truth.head()                                                # doctest: +SKIP

Every person is invented: common given names and surnames of many cultures
(:mod:`letsconnect._synthetic_names`) are paired at random; e-mail addresses use only
``example.org``, ``example.net`` and ``example.com``.

How it is made (the targets are :data:`TARGETS`; they shape the generated programme, the measured
figures vary with the seed):

- **directory** — regions in the proportions of :data:`REGION_SHARE` (63% Sub-Saharan Africa), a
  naming culture of the region, a country of that culture (a few countries dominate, so a
  450-person directory covers 40–50 countries), its languages at Babel levels, time zone, weekly
  availability, affiliation, role. Skills come from the taxonomy's skills with Zipf-like
  popularity: demand (``learns``) and supply (``shares``) use different orders, the most wanted
  skills tending to be among the less offered, so a demand–supply gap exists. About 55% of people
  joined before the first clinic, the others during the programme (a person attends only after
  joining); 45% are "dormant" and seldom register for anything, so ~57% ever attend.
- **clinics** — every 14 days from ``start`` at a UTC hour that suits the language's audience,
  120 minutes; language en/fr/es/pt/ar with interpretation; topics drawn mostly by the directory's
  demand, not repeating recent ones; 1–3 sharers (~2) chosen among people who share the skill (or
  its category) and speak the language well, new ones first, the organisers steering the mix
  towards 70% from under-represented regions and 58% women.
- **attendance** — a clinic's size drifts from ~50 to ~39 people (scaled down for directories under
  450); ~46% of attendees are not registered (the reconciler counts a little more: a few registered
  people join under names it cannot place); ~70% of registrants show up, chosen by language,
  interest, local hour and reliability; a few registered people come without registering;
  registrants' time zones make a clinic's hour matter. Non-registered people are
  planned over clinics so that ~38% come more than once (a few of them under a device name, which
  no one can link, so measured repeat rates are a little lower). The share staying more than 90
  minutes falls from ~39% to ~28%. People drop and rejoin (several segments), some join from two
  devices; interpreters and the host are there too.
- **names** — registered people have a habit (their name as is, with affiliation, pronouns or a
  title, surname first, their username, an alias, in Arabic/Cyrillic/Greek script, initials, a
  named device, a device only, …) that they mostly keep; non-registered people likewise; no two
  display names of a clinic are the same, and no display name is another registered person's
  name, alias or username.
"""

from __future__ import annotations

import bisect
import csv
import functools
import gc
import datetime as dt
import io
import itertools
import json
import math
import os
import random
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Final, TypeVar, Union
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

from . import _core
from . import _synthetic_names as names

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CLINIC_LANGUAGES",
    "MAX_CLINICS",
    "MAX_PARTICIPANTS",
    "REGION_SHARE",
    "TARGETS",
    "TRUTH_COLUMNS",
    "Programme",
    "programme",
]

PathLike = Union[str, "os.PathLike[str]"]
_T = TypeVar("_T")

#: The programme's published figures (design §1) the generator is shaped after. They are targets
#: of the generated programme, not outputs: measured figures vary with the seed and size. One
#: published figure cannot hold with the others and is not a target: "4 clinics on average" per
#: participating registered person. ~45 attendees × 53% registered × 65 clinics over 57% of 450
#: people is about 6, and that is what the generator gives.
TARGETS: Final[Mapping[str, float]] = MappingProxyType({
    "ssa_share": 0.63,                     # participants from Sub-Saharan Africa
    "countries": 44,                       # countries of a ~450-person directory
    "attendees_first": 50,                 # attendees of the first clinics ...
    "attendees_last": 39,                  # ... and of the last ones
    "non_registered_share": 0.47,          # of attendees, as the reconciler counts them
    "repeat_rate_non_registered": 0.34,    # non-registered people at 2+ clinics
    "show_up_rate": 0.70,                  # registrants who attend
    "retention_first": 0.39,               # attendees staying > 90 min, first clinics ...
    "retention_last": 0.28,                # ... and last ones
    "participation_of_registered": 0.57,   # registered people at 1+ clinic
    "sharers_per_clinic": 2.0,
    "under_represented_sharers": 0.70,     # sharers not from NWE or NA
    "women_sharers": 0.58,                 # among sharers whose gender is known
})

#: Share of participants per region: 63% Sub-Saharan Africa (design §1), the rest spread over the
#: others; Northern and Western Europe and North America give many of the sharers.
REGION_SHARE: Final[Mapping[str, float]] = MappingProxyType({
    "SSA": 0.63, "SA": 0.065, "LAC": 0.06, "NWE": 0.07, "MENA": 0.05, "NA": 0.05, "ESEAP": 0.035, "CEECA": 0.04,
})

#: Clinic languages and how often a clinic is held in each.
CLINIC_LANGUAGES: Final[Mapping[str, float]] = MappingProxyType({"en": 0.52, "fr": 0.16, "es": 0.12, "pt": 0.10, "ar": 0.10})

#: Bounds of :func:`programme`'s arguments.
MAX_PARTICIPANTS: Final = 100_000
MAX_CLINICS: Final = 520
MIN_PARTICIPANTS: Final = 10

#: Columns of :attr:`Programme.truth`, in order.
TRUTH_COLUMNS: Final = ("clinic", "display_name", "username", "person", "kind", "minutes", "case")

# Clinic start hours (UTC) per language: afternoons for Africa and Europe, mornings for the Americas;
# now and then an English clinic early for South and East Asia.
_HOURS: Final[Mapping[str, tuple[int, ...]]] = MappingProxyType({
    "en": (13, 13, 14, 14, 14, 15, 15, 7), "fr": (13, 14, 14), "es": (15, 16, 16, 17), "pt": (14, 15, 16), "ar": (12, 13, 13),
})
_INTERPRETED: Final = ("fr", "es", "pt", "ar")
# Besides English, a clinic in another language sometimes has interpretation into its neighbour.
_SECOND_INTERPRETATION: Final[Mapping[str, str]] = MappingProxyType({"es": "pt", "pt": "es", "fr": "ar", "ar": "fr"})
_TITLE: Final[Mapping[str, tuple[tuple[str, ...], str]]] = MappingProxyType({
    "en": (("{label}", "{label}: a learning clinic", "Learning clinic: {label}", "Let's talk about {label_lc}"), "and"),
    "fr": (("{label}", "Clinique d'apprentissage : {label}"), "et"),
    "es": (("{label}", "Clínica de aprendizaje: {label}"), "y"),
    "pt": (("{label}", "Clínica de aprendizagem: {label}"), "e"),
    "ar": (("{label}", "عيادة تعلّم: {label}"), "و"),
})
# Report styles: meeting block, report time zone, time format, BOM, line end, extra columns; weight.
_STYLES: Final = (
    (True, "UTC", "us", True, "\r\n", (), 30),
    (False, "UTC", "us", False, "\n", ("In Waiting Room",), 12),
    (True, "America/New_York", "us", False, "\r\n", (), 10),
    (False, "UTC", "us", True, "\n", (), 12),
    (True, "UTC", "iso", False, "\n", ("Recording Consent",), 10),
    (False, "America/New_York", "us", False, "\r\n", (), 6),
    (True, "UTC", "us", False, "\n", ("Recording Consent", "In Waiting Room"), 10),
    (False, "UTC", "iso", True, "\r\n", (), 10),
)
# Display-name habits and their weights. Registered people; sharers (presenting, they use their
# name); non-registered people.
_REG_STYLES: Final[Mapping[str, float]] = MappingProxyType({
    "exact": 50, "case_punct": 5, "affiliation": 9, "pronouns": 5, "title": 3, "reordered": 4, "initials": 2,
    "username": 8, "alias": 12, "script": 30, "device_named": 3, "renamed": 1.5, "typo": 1.5, "partial": 1.5,
    "device_only": 1.5, "email": 1.5,
})
_SHARER_STYLES: Final = ("exact", "exact", "exact", "affiliation", "pronouns", "title", "case_punct")
_NR_STYLES: Final[Mapping[str, float]] = MappingProxyType({
    "exact": 62, "case_punct": 6, "affiliation": 6, "city": 4, "pronouns": 5, "title": 3, "reordered": 4,
    "device_named": 3, "partial": 2, "device_only": 4, "script": 30,
})
_JSON: Final = json.JSONEncoder(ensure_ascii=False)
_NOT_WORD: Final = re.compile(r"[\W_]+")
# Usernames: the full name, First_Last, First.Last, FirstLast12, First_L, FLast, "First Last CC", LastF.
_USERNAME_CUM: Final = tuple(itertools.accumulate((34, 15, 11, 11, 10, 8, 6, 5)))
_DAYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DOMAINS: Final = ("example.org", "example.net", "example.com")
_HOST_EMAIL: Final = "letsconnect@example.org"
# Seconds from a clinic's start: segments lie between 15 minutes before and 15 minutes after it.
_EARLY: Final = -900
_LATE: Final = 8100
_RETAINED: Final = 5400   # > 90 minutes


@functools.lru_cache(maxsize=1 << 16)
def _fold(s: str) -> str:
    if s.isascii():
        return s
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", s).replace("Đ", "D").replace("đ", "d")


@functools.lru_cache(maxsize=1 << 16)
def _norm(s: str) -> str:
    """Case, diacritics and punctuation folded: two names equal under it are the same name."""
    return " ".join(_NOT_WORD.sub(" ", _fold(s).casefold()).split())


@functools.lru_cache(maxsize=None)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


@functools.lru_cache(maxsize=1 << 16)
def _latin(s: str) -> bool:
    return all(not c.isalpha() or unicodedata.name(c, "").startswith("LATIN") for c in s)


def _flavour(cc: str) -> str:
    """The language of a person's decorations: "iPhone de", "(ela/dela)", "Dra."."""
    langs = names.CC[cc]["langs"]
    for k in ("es", "pt", "de"):
        if langs.get(k) == "N":
            return k
    return "fr" if langs.get("fr") in ("N", "4", "5") else "en"


def _union_seconds(segments: Sequence[tuple[int, int]]) -> int:
    total, end = 0, -(10**9)
    for a, b in sorted(segments):
        total += max(0, b - max(a, end))
        end = max(b, end)
    return total


def _level(value: str) -> int:
    return 6 if value == "N" else int(value)


@dataclass(eq=False)
class _Person:
    """A person of the generation: registered (``username``) or not (``nr_id``)."""

    first: str
    last: str
    full: str          # in Latin script, as usually typed
    g: str             # "f" or "m": the gender of the given name
    cult: str
    cc: str
    fl: str = "en"
    username: str = ""
    name: str = ""     # the directory's name (the full name, or in another script)
    aliases: list[str] = field(default_factory=list)
    script: str = ""   # the name in Arabic, Cyrillic or Greek script, when known
    emails: list[str] = field(default_factory=list)
    gender: str | None = None
    nr_id: str = ""
    habit: str = "exact"


@dataclass
class _Attendee:
    name: str
    person: _Person | None     # None for hosts and interpreters
    kind: str
    case: str
    email: str
    guest: str
    segments: list[tuple[int, int]]


@dataclass
class _Clinic:
    id: str
    start: dt.datetime
    language: str
    interpretation: list[str]
    skills: list[str]
    title: str
    sharers: list[int] = field(default_factory=list)
    registrants: list[int] = field(default_factory=list)
    came: list[int] = field(default_factory=list)
    walk_ins: list[int] = field(default_factory=list)
    attendees: list[_Attendee] = field(default_factory=list)
    used: set[str] = field(default_factory=set)
    style: tuple[bool, str, str, bool, str, tuple[str, ...], int] = _STYLES[0]
    retention: float = 0.0
    stays: list[bool] = field(default_factory=list)   # for each attendee but the sharers: stays > 90 min
    nr_slots: int = 0


class _Builder:
    """One generation: every random choice comes from ``self.r`` (``random.Random(seed)``) or from
    ``self.g``, a numpy generator seeded from ``self.r``; nothing iterates a set or a hash."""

    def __init__(self, seed: int, participants: int, clinics: int, start: dt.date, taxonomy: str) -> None:
        self.r = random.Random(seed)
        self.g = np.random.default_rng(self.r.getrandbits(64))
        self.n = participants
        self.t = clinics
        self.start = start
        self.taxonomy_name = taxonomy
        self.taxonomy = _core.Taxonomy.bundled(taxonomy)
        skills = [s for s in self.taxonomy.ids if self.taxonomy.depth(s) >= 1]
        self.skills = skills if len(skills) >= 5 else list(self.taxonomy.ids)
        self.category = [self.taxonomy.category(s) for s in self.skills]
        categories = sorted(set(self.category))
        self.cat_index = np.array([categories.index(c) for c in self.category], dtype=np.int64)
        self.n_cat = len(categories)
        # Size of clinics relative to the programme's (~450 participants).
        self.size = min(1.0, participants / 450) ** 0.5
        self.people: list[_Person] = []
        self.taken_names: set[str] = set()   # full names, normalised
        self.taken_full: set[str] = set()    # full names as written (a quicker first test)
        self.taken_users: set[str] = set()
        self.taken_emails: set[str] = set()
        self.keys: dict[str, list[str]] = {}   # normalised name, alias, username -> usernames
        self.pools: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
        self.crowded: dict[tuple[str, str], int] = {}   # name draws that were taken, per culture and gender
        self.cases: dict[int, tuple[list[str], list[float]]] = {}   # display-name cases of registered people

    # ------------------------------------------------------------------ small helpers
    def _choice(self, items: Sequence[_T]) -> _T:
        return items[int(self.r.random() * len(items))]

    def _int(self, low: int, high: int) -> int:
        """A uniform integer in [low, high] (random.randint's draw, faster)."""
        return low + int(self.r.random() * (high - low + 1))

    def _wchoice(self, items: Sequence[str], weights: Sequence[float]) -> str:
        return self.r.choices(items, weights)[0]

    def _wsample(self, weights: npt.NDArray[np.float64], k: int) -> list[int]:
        """k distinct indices drawn with the given weights (smallest Exp(1)/w, Efraimidis–Spirakis)."""
        pos = np.flatnonzero(weights > 0)
        k = min(k, int(pos.size))
        if k <= 0:
            return []
        keys = self.g.exponential(size=pos.size) / weights[pos]
        pick = np.argpartition(keys, k - 1)[:k] if k < pos.size else np.arange(pos.size)
        pick = pick[np.argsort(keys[pick], kind="stable")]
        return [int(i) for i in pos[pick]]

    # ------------------------------------------------------------------ names
    def _name(self, cult: str, g: str, two_given: bool = False) -> tuple[str, str, str]:
        """(given names, surname, full name) of an invented person of a culture."""
        pools = self.pools.get((cult, g))
        if pools is None:
            c, more = names.CULT[cult], names.MORE_NAMES[cult]
            pools = self.pools[(cult, g)] = (c["f"] + more[0] if g == "f" else c["m"] + more[1], c["s"] + more[2])
        first = self._choice(pools[0])
        if two_given:
            second = self._choice(pools[0])
            if second != first:
                first = f"{first} {second}"
        last = self._choice(pools[1])
        if g == "f" and cult == "central" and last.endswith("ov"):
            last += "a"                       # Bekov -> Bekova
        elif g == "f" and cult == "greek" and last.endswith("is"):
            last = last[:-1]                  # Papadakis -> Papadaki
        if cult == "viet":
            return first, last, f"{last} {'Thị' if g == 'f' else self._choice(['Văn', 'Đức'])} {first}"
        return first, last, f"{first} {last}"

    def _script(self, first: str, last: str, cult: str) -> str:
        if cult not in ("arab", "ukr", "central", "greek"):
            return ""
        lex = names.LEX
        a = lex.get(first) or names.MORE_SCRIPT.get(first)
        b = lex.get(last) or names.MORE_SCRIPT.get(last)
        return f"{a} {b}" if a and b else ""

    def _origins(self) -> dict[str, tuple[list[tuple[str, str]], list[float]]]:
        """Per region, its (culture, country) pairs and their cumulative weights: the culture's weight, the
        culture's first country the largest (1, 1/2, 1/3, ...), and a lognormal factor per
        programme, so that a few countries dominate and small ones may be missing."""
        out: dict[str, tuple[list[tuple[str, str]], list[float]]] = {}
        for region in REGION_SHARE:
            pairs, weights = [], []
            for k, c in names.CULT.items():
                if c["region"] != region:
                    continue
                base = [1 / (i + 1) for i in range(len(c["ccs"]))]
                for cc, b in zip(c["ccs"], base):
                    pairs.append((k, cc))
                    weights.append(c["w"] * b / sum(base) * self.r.lognormvariate(0, 1.0))
            out[region] = (pairs, list(itertools.accumulate(weights)))
        return out

    def _regions(self, n: int) -> list[str]:
        """n regions in random order, each as often as REGION_SHARE says (largest remainders)."""
        exact = [(REGION_SHARE[x] * n, x) for x in REGION_SHARE]
        counts = {x: int(v) for v, x in exact}
        by_remainder = sorted(range(len(exact)), key=lambda i: -(exact[i][0] - int(exact[i][0])))
        for i in by_remainder[: n - sum(counts.values())]:
            counts[exact[i][1]] += 1
        out = [x for x in REGION_SHARE for _ in range(counts[x])]
        self.r.shuffle(out)
        return out

    def _new_person(self, region: str) -> _Person:
        """An invented person of a region, with a full name no one else has (when the pools allow)."""
        pairs, cumulative = self.origins[region]
        cult, cc = self.r.choices(pairs, cum_weights=cumulative)[0]
        g = "f" if self.r.random() < 0.5 else "m"
        # A name no one has yet; when a culture's pairs run out (large directories) two given
        # names, straight away once they are crowded, and in the end a namesake.
        start = 6 if self.crowded.get((cult, g), 0) >= 30 else 0
        for attempt in range(start, start + 16):
            first, last, full = self._name(cult, g, two_given=attempt >= 6)
            if full not in self.taken_full and full not in names.FAMOUS and _norm(full) not in self.taken_names:
                break
            if attempt < 6:
                self.crowded[(cult, g)] = self.crowded.get((cult, g), 0) + 1
        self.taken_full.add(full)
        self.taken_names.add(_norm(full))
        return _Person(first=first, last=last, full=full, g=g, cult=cult, cc=cc, fl=_flavour(cc),
                       script=self._script(first, last, cult))

    def _email(self, p: _Person) -> str:
        f = re.sub(r"[^a-z]", "", _fold(p.first.split()[0]).lower()) or "guest"
        s = re.sub(r"[^a-z]", "", _fold(p.last).lower()) or "zoom"
        for attempt in range(1000):
            local = self._choice([f"{f}.{s}", f"{f}{s}", f"{f[0]}{s}", f"{f}_{s}{self._int(1, 99)}", f"{s}.{f}",
                                  f"{f}{self._int(70, 99)}", f"{f}.{s}{self._int(1, 999)}"])
            e = f"{local}@{self._choice(_DOMAINS)}"
            if e not in self.taken_emails:
                break
        else:
            e = f"{f}.{s}.{len(self.taken_emails)}@{_DOMAINS[0]}"
        self.taken_emails.add(e)
        return e

    def _username(self, p: _Person) -> str:
        f = re.sub(r"[^A-Za-z]", "", _fold(p.first.split()[0])) or "User"
        s = re.sub(r"[^A-Za-z]", "", _fold(p.last)) or "Wiki"
        dd = str(self._int(1, 99))
        u = self.r.choices([p.full, f"{f}_{s}" + (dd if self.r.random() < 0.4 else ""), f"{f}.{s}", f"{f}{s}{dd}",
                            f"{f}_{s[0]}", f"{f[0]}{s}", f"{f} {s} {p.cc}", f"{s}{f[0]}"], cum_weights=_USERNAME_CUM)[0]
        u = u[0].upper() + u[1:]
        while u.replace("_", " ").casefold() in self.taken_users:
            u += str(self._int(0, 9))
        self.taken_users.add(u.replace("_", " ").casefold())
        return u

    # ------------------------------------------------------------------ directory
    def directory(self) -> str:
        """Invent the registered participants; returns the ``letsconnect.directory/1`` text and keeps
        what the clinics need as arrays (languages, region, skills, when they joined, activity)."""
        r = self.r
        regions = list(REGION_SHARE)
        self.origins = self._origins()
        n = self.n
        # Skill popularity: demand (learns) Zipf-like over a shuffled order; supply (shares) over
        # another order in which the most wanted skills come late, so demand and supply differ.
        ns = len(self.skills)
        demand_order = list(range(ns))
        r.shuffle(demand_order)
        demand = np.empty(ns)
        demand[demand_order] = 1.0 / np.arange(1, ns + 1) ** 1.0
        rank = np.empty(ns)
        rank[demand_order] = np.arange(ns) / ns
        supply_score = np.array([r.random() for _ in range(ns)]) + 0.55 * rank
        supply = np.empty(ns)
        supply[np.argsort(-supply_score, kind="stable")] = 1.0 / np.arange(1, ns + 1) ** 0.9
        self.demand, self.supply = demand / demand.sum(), supply / supply.sum()
        demand_cum, supply_cum = np.cumsum(self.demand).tolist(), np.cumsum(self.supply).tolist()

        programme_end = self.start + dt.timedelta(days=14 * (self.t - 1))
        before = self.start.toordinal()
        span_during = max(1, (programme_end - self.start).days - 7)
        self.level = np.full((n, 5), -1, dtype=np.int64)        # en es fr pt ar, N = 6
        self.region = np.empty(n, dtype=np.int64)
        self.female = np.zeros(n, dtype=bool)
        self.gender_known = np.zeros(n, dtype=bool)
        self.joined = np.empty(n, dtype=np.int64)             # ordinal day of registration
        self.activity = np.empty(n)
        self.reliability = np.empty(n)
        self.learns = np.zeros((n, ns), dtype=bool)
        self.shares = np.zeros((n, ns), dtype=bool)
        self.tz_index = np.empty(n, dtype=np.int64)
        self.zones: list[str] = []
        zone_index: dict[str, int] = {}
        lang_pos = {lang: i for i, lang in enumerate(("en", "es", "fr", "pt", "ar"))}
        profiles: list[str] = []
        share_pairs: list[tuple[int, int]] = []
        learn_pairs: list[tuple[int, int]] = []
        for i, region in enumerate(self._regions(n)):
            p = self._new_person(region)
            country = names.CC[p.cc]
            p.username = self._username(p)
            p.name = p.full
            if p.script and r.random() < 0.12:   # registered in their own script, Latin name as alias
                p.name, p.aliases = p.script, [p.full]
            elif r.random() < 0.1:
                nick = names.NICK.get(p.first)
                p.aliases = [nick or self._choice([f"{p.first} {p.last[0]}.", f"{p.first.split()[0].lower()}_{country['aff'][1].lower()}"])]
            langs = dict(names.CULT[p.cult]["langs"])
            for k, v in country["langs"].items():
                langs.setdefault(k, v if v == "N" else str(min(5, max(1, int(v) + self._choice((-1, 0, 0, 1))))))
            if r.random() < 0.15:
                langs.setdefault(self._choice(("en", "fr", "es", "pt", "ar")), str(self._int(1, 3)))
            for k, v in langs.items():
                if k in lang_pos:
                    self.level[i, lang_pos[k]] = _level(v)
            tz = self._choice(country["tzs"])
            if tz not in zone_index:
                zone_index[tz] = len(self.zones)
                self.zones.append(tz)
            self.tz_index[i] = zone_index[tz]
            shares = self._draw_skills(supply_cum, self._choice((1, 1, 2, 2, 3)), ())
            learns = self._draw_skills(demand_cum, self._choice((1, 2, 2, 3)), shares)
            for j in shares:
                share_pairs.append((i, j))
            for j in learns:
                learn_pairs.append((i, j))
            u = r.random()
            p.gender = (None if u < 0.10 else "non-binary" if u < 0.115 else {"f": "female", "m": "male"}[p.g])
            self.female[i] = p.gender == "female"
            self.gender_known[i] = p.gender is not None
            self.region[i] = regions.index(region)
            if r.random() < 0.55:
                joined = before - self._int(1, 540)
            else:
                joined = before + self._int(0, span_during)
            self.joined[i] = joined
            dormant = r.random() < 0.45
            self.activity[i] = 0.015 if dormant else r.lognormvariate(0, 0.8)
            self.reliability[i] = 0.1 if dormant else 0.55 + 0.4 * r.random()
            if r.random() < 0.3:
                p.emails = [self._email(p) for _ in range(1 + (r.random() < 0.1))]
            # Volunteers give their own time: mostly weekday evenings, else weekends or a day or two.
            pattern = r.random()
            lengths: tuple[int, ...]
            if pattern < 0.6:
                days, first, last, lengths = r.sample(_DAYS[:5], self._choice((2, 3, 3, 4))), 17 * 60, 19 * 60, (120, 150, 180)
            elif pattern < 0.85:
                days, first, last, lengths = r.sample(_DAYS[5:], self._choice((1, 2))), 9 * 60, 15 * 60, (180, 240)
            else:
                days, first, last, lengths = r.sample(_DAYS[:5], self._choice((1, 2))), 9 * 60, 15 * 60, (120, 180)
            availability = []
            for day in sorted(days, key=_DAYS.index):
                begin = self._int(first // 30, last // 30) * 30
                end = min(begin + self._choice(lengths), 23 * 60)
                availability.append({"day": day, "start": f"{begin // 60:02d}:{begin % 60:02d}", "end": f"{end // 60:02d}:{end % 60:02d}"})
            doc: dict[str, object] = {"username": p.username, "name": p.name}
            if p.aliases:
                doc["aliases"] = p.aliases
            doc.update(region=region, country=p.cc, languages=langs, timezone=tz, availability=availability,
                       shares=[self.skills[j] for j in shares], learns=[self.skills[j] for j in learns])
            if r.random() < 0.6:
                doc["affiliations"] = [country["aff"][0]]
            doc["registered"] = dt.date.fromordinal(joined).isoformat()
            doc["gender"] = p.gender
            if r.random() < 0.7:
                doc["role"] = self._choice(names.ROLES)
            if p.emails:
                doc["emails"] = p.emails
            profiles.append(_JSON.encode(doc))
            self.people.append(p)
            for key in (p.name, p.full, p.username, *p.aliases):
                users = self.keys.setdefault(_norm(key), [])
                if p.username not in users:
                    users.append(p.username)
        for pairs, matrix in ((share_pairs, self.shares), (learn_pairs, self.learns)):
            if pairs:
                rows, cols = zip(*pairs)
                matrix[list(rows), list(cols)] = True
        # Per person and skill category: shares (learns) a skill of it.
        self.shares_cat = np.stack([self.shares[:, self.cat_index == k].any(axis=1) for k in range(self.n_cat)], axis=1)
        self.learns_cat = np.stack([self.learns[:, self.cat_index == k].any(axis=1) for k in range(self.n_cat)], axis=1)
        self.shared = np.zeros(n, dtype=bool)   # has been a sharer
        self.urr = np.array([x not in ("NWE", "NA") for x in regions])[self.region]
        return ('{"format": "letsconnect.directory/1",\n "taxonomy": ' + json.dumps(self.taxonomy_name)
                + ',\n "profiles": [\n  ' + ",\n  ".join(profiles) + "\n ]}\n")

    def _draw_skills(self, cumulative: list[float], k: int, exclude: Sequence[int]) -> list[int]:
        """k distinct skills (fewer now and then) drawn by popularity, none of ``exclude``."""
        out: list[int] = []
        last = len(self.skills) - 1
        for _ in range(4 * k):
            if len(out) == k:
                break
            j = min(bisect.bisect_right(cumulative, self.r.random() * cumulative[-1]), last)
            if j not in out and j not in exclude:
                out.append(j)
        return out

    # ------------------------------------------------------------------ clinics
    def clinics(self) -> None:
        r = self.r
        t = self.t
        langs = list(CLINIC_LANGUAGES)
        lang_w = [CLINIC_LANGUAGES[x] for x in langs]
        year_count: dict[int, int] = {}
        learn_counts = self.learns.sum(axis=0).astype(float) + 0.5
        recent: list[int] = []
        self.programme: list[_Clinic] = []
        style_w = [s[-1] for s in _STYLES]
        for i in range(t):
            day = self.start + dt.timedelta(days=14 * i)
            lang = self._wchoice(langs, lang_w)
            if lang == "en":
                k = 1 if r.random() < 0.6 else 2
                interp = r.choices(_INTERPRETED, (0.45, 0.2, 0.2, 0.15), k=3)
                interp = [x for j, x in enumerate(interp) if x not in interp[:j]][:k]
            else:
                interp = ["en"] + ([_SECOND_INTERPRETATION[lang]] if r.random() < 0.2 else [])
            hour = r.choice(_HOURS[lang])
            start = dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.timezone.utc)
            # Topic: mostly by demand, never one of the last few clinics' skills.
            avoid = recent[-min(6, len(self.skills) // 3):]
            w = learn_counts ** 1.5 if r.random() < 0.85 else np.ones(len(self.skills))
            w[avoid] = 0
            primary = self._wsample(w, 1)[0]
            skills = [primary]
            siblings = [j for j in range(len(self.skills)) if j != primary and self.cat_index[j] == self.cat_index[primary]
                        and j not in avoid]
            if siblings and r.random() < 0.35:
                skills.append(siblings[self._wsample(learn_counts[siblings], 1)[0]])
            recent.extend(skills)
            template, conj = _TITLE[lang]
            labels = [self.taxonomy.label(self.skills[j], lang) for j in skills]
            label = labels[0] if len(labels) == 1 else f"{labels[0]} {conj} {labels[1]}"
            title = self._choice(template).format(label=label, label_lc=label[:1].lower() + label[1:])
            year_count[day.year] = year_count.get(day.year, 0) + 1
            cid = f"lc-{day.year}-{year_count[day.year]:02d}"
            c = _Clinic(id=cid, start=start, language=lang, interpretation=interp,
                        skills=[self.skills[j] for j in skills], title=title)
            c.style = r.choices(_STYLES, style_w)[0]
            self.programme.append(c)
            self._people_of(c, i, skills)

    def _offsets(self, when: dt.datetime) -> npt.NDArray[np.float64]:
        """UTC offset in hours of every profile's zone at a time."""
        per_zone = np.array([(when.astimezone(_zone(z)).utcoffset() or dt.timedelta()).total_seconds() / 3600
                             for z in self.zones])
        return per_zone[self.tz_index]

    def _people_of(self, c: _Clinic, i: int, skills: list[int]) -> None:
        """Sharers, registrants, who came and walk-ins of clinic i."""
        r = self.r
        progress = i / (self.t - 1) if self.t > 1 else 0.0
        eligible = self.joined <= c.start.date().toordinal()
        lang = ("en", "es", "fr", "pt", "ar").index(c.language)
        interp = [("en", "es", "fr", "pt", "ar").index(x) for x in c.interpretation]
        speaks = self.level[:, lang] >= 2
        speaks_well = self.level[:, lang] >= 3
        via_interp = (self.level[:, interp] >= 2).any(axis=1) if interp else np.zeros(self.n, dtype=bool)
        cats = np.unique(self.cat_index[skills])
        shares_skill = self.shares[:, skills].any(axis=1)
        shares_cat = self.shares_cat[:, cats].any(axis=1)
        learns_skill = self.learns[:, skills].any(axis=1)
        learns_cat = self.learns_cat[:, cats].any(axis=1)

        # Size of the clinic: ~50 drifting to ~39 people, ~45% of them not registered.
        total = max(3, round((50 - 11 * progress + r.gauss(0, 3)) * self.size))
        nr_share = min(0.6, max(0.3, r.gauss(0.46, 0.04)))
        registered = max(1, round(total * (1 - nr_share)))
        c.nr_slots = total - registered
        c.retention = min(0.6, max(0.1, 0.405 - 0.13 * progress + r.gauss(0, 0.03)))

        # Sharers: people sharing the skill (else its category) who speak the language well; about
        # 70% from under-represented regions and 58% women, as the organisers aim for.
        n_sharers = min(registered, r.choices((1, 2, 3), (0.2, 0.55, 0.25))[0])
        taken = np.zeros(self.n, dtype=bool)
        for _ in range(n_sharers):
            # The organisers keep an eye on the diversity of their sharers so far.
            shared = int(self.shared.sum())
            urr_short = (self.shared & self.urr).sum() < TARGETS["under_represented_sharers"] * (shared + 1)
            region_ok = self.urr if urr_short or r.random() < 0.2 else ~self.urr
            known = int((self.shared & self.gender_known).sum())
            women_short = (self.shared & self.female).sum() < TARGETS["women_sharers"] * (known + 1)
            gender_ok = self.female if women_short or r.random() < 0.2 else ~self.female
            base = eligible & ~taken & speaks_well
            new = base & ~self.shared
            # Relaxed step by step: new people before returning ones, the region before the skill.
            for mask in (new & shares_skill & region_ok & gender_ok, new & shares_cat & region_ok & gender_ok,
                         new & region_ok & gender_ok, new & shares_skill & region_ok, new & region_ok,
                         base & shares_skill & region_ok, base & region_ok, new & shares_skill, new, base,
                         eligible & ~taken, ~taken):
                if mask.any():
                    break
            # Active people are asked more often than dormant ones.
            pick = self._wsample(mask * (0.05 + self.activity), 1)
            if pick:
                taken[pick[0]] = True
                self.shared[pick[0]] = True
                c.sharers.append(pick[0])

        # Registrants: by language, interest, local hour of the clinic and how active people are.
        local = (c.start.hour + c.start.minute / 60 + self._offsets(c.start)) % 24
        hour_fit = np.where((local >= 8) & (local < 21), 1.0, np.where((local >= 6) & (local < 23), 0.4, 0.08))
        lang_fit = np.where(speaks, 1.0, np.where(via_interp, 0.5, 0.03))
        skill_fit = np.where(learns_skill, 3.0, np.where(learns_cat, 1.6, 1.0))
        weight = self.activity * lang_fit * skill_fit * hour_fit * (eligible & ~taken)
        walk_ins = min(r.choice((0, 1, 1, 2)), max(0, registered - len(c.sharers) - 1))
        came = max(0, registered - len(c.sharers) - walk_ins)
        show_up = min(0.87, max(0.57, r.gauss(0.72, 0.05)))
        c.registrants = self._wsample(weight, round(came / show_up))
        came_w = np.zeros(self.n)
        came_w[c.registrants] = self.reliability[c.registrants]
        c.came = self._wsample(came_w, came)
        rest = weight * lang_fit
        rest[c.registrants] = 0
        c.walk_ins = self._wsample(rest, walk_ins)

    # ------------------------------------------------------------------ display names
    def _device(self) -> str:
        if self.r.random() < 0.2:
            return self._choice(["DESKTOP-", "LAPTOP-"]) + "".join(self._choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(7))
        return self._choice(names.DEVICE_ONLY)

    def _typo(self, s: str) -> str | None:
        toks = s.split()
        idx = [i for i, t in enumerate(toks) if len(t) >= 4 and t.isalpha()]
        if not idx:
            return None
        i = max(idx) if self.r.random() < 0.6 else self._choice(idx)
        t, j = toks[i], self._int(1, len(toks[i]) - 2)
        toks[i] = self._choice([t[:j] + t[j + 1:], t[:j] + t[j + 1] + t[j] + t[j + 2:], t[:j] + t[j] + t[j:],
                                t[:j] + self._choice("aeioun") + t[j + 1:]])
        out = " ".join(toks)
        return out if out != s else None

    def _display(self, p: _Person, case: str) -> str | None:
        """The display name of p in a case (None when the case does not apply to p)."""
        r = self.r
        full, first, last, fl, g = p.full, p.first, p.last, p.fl, p.g
        f0 = first.split()[0]
        short = full if p.cult == "viet" else f"{f0} {last}"
        if case == "exact":
            return full
        if case == "case_punct":
            opts = sorted({_fold(full), _fold(full).lower(), full.upper(), full.lower(), full.replace("'", "").replace("-", " ")} - {full})
            return self._choice(opts) if opts else None
        if case == "affiliation":
            lg, sh = names.CC[p.cc]["aff"]
            n = self._choice([full, short])
            return self._choice([f"{n} ({lg})", f"{n} | {sh}", f"{n} - {lg}", f"{n} / {sh}", f"{n} ({sh})"])
        if case == "city":
            return f"{self._choice([full, full.lower()])} ({names.CC[p.cc]['city']})"
        if case == "pronouns":
            pr = "they/them" if p.gender == "non-binary" else self._choice(names.PRON[fl][g])
            return self._choice([f"{full} ({pr})", f"{short} | {pr}", f"{short} [{pr}]", f"{full} - {pr}"])
        if case == "title":
            return f"{self._choice(names.L(names.TITLES[fl][g]))} {self._choice([full, short])}"
        if case == "device_named":
            dev, n, s = self._choice(names.DEVICES), self._choice([f0, full, full]), self._choice(["’s", "'s"])
            return {"de": f"{dev} von {n}", "es": f"{dev} de {n}", "pt": f"{dev} de {n}", "fr": f"{dev} de {n}"}.get(fl, f"{n}{s} {dev}")
        if case == "reordered":   # surname first; Vietnamese names, which put it first, get the given name first
            if p.cult == "viet":
                return f"{first} {last}"
            return self._choice([f"{last.upper()} {first}", f"{last}, {first}", f"{last} {first}"])
        if case == "initials":
            return self._choice([f"{f0[0]}. {last}", f"{first} {last[0]}."]) if _latin(full) and p.cult != "viet" else None
        if case == "username":
            return p.username if r.random() < 0.75 else p.username.lower()
        if case == "alias":
            return self._choice(p.aliases) if p.aliases else None
        if case == "script":
            return p.script or None
        if case == "renamed":
            return f"{self._choice([f0, f0.lower(), f'{f0} {last[0]}'])} ({full})"
        if case == "typo":
            return self._typo(full) if _latin(full) else None
        if case == "partial":
            return f0
        if case in ("device_only", "email"):
            return self._device()
        raise ValueError(case)

    def _free(self, d: str | None, owner: str, used: set[str]) -> bool:
        """d is new in this clinic and no other registered person's name, alias or username."""
        k = _norm(d) if d else ""
        return bool(k) and k not in used and all(u == owner for u in self.keys.get(k, ()))

    def _applicable(self, p: _Person, styles: Mapping[str, float]) -> tuple[list[str], list[float]]:
        cases, weights = [], []
        for case, w in styles.items():
            if case == "script" and not p.script:
                continue
            if case == "alias" and not p.aliases:
                continue
            if case == "username" and _norm(p.username) == _norm(p.full):
                continue
            if case == "email" and not p.emails:
                continue
            if case in ("initials", "typo") and (not _latin(p.full) or p.cult == "viet"):
                continue
            cases.append(case)
            weights.append(w)
        return cases, weights

    def _cases(self, i: int) -> tuple[list[str], list[float]]:
        """The display-name cases that apply to registered person i; their habit is drawn the first
        time they come."""
        found = self.cases.get(i)
        if found is None:
            p = self.people[i]
            found = self.cases[i] = self._applicable(p, _REG_STYLES)
            p.habit = self._wchoice(*found)
        return found

    def _pick_name(self, p: _Person, owner: str, used: set[str], cases: list[str], weights: list[float]) -> tuple[str, str]:
        """A display name for p this time: the habit mostly, another case now and then."""
        first = p.habit if self.r.random() < 0.8 and p.habit in cases else self._wchoice(cases, weights)
        order = [first] + [x for x in ("exact", "affiliation", "pronouns", "case_punct", "title") if x != first]
        for case in order:
            for _ in range(4):
                d = self._display(p, case)
                if d is not None and self._free(d, owner, used):
                    used.add(_norm(d))
                    return case, d
        base = p.username if owner else p.full
        k = 2
        while not self._free(f"{base} {k}", owner, used):
            k += 1
        used.add(_norm(f"{base} {k}"))
        return "exact", f"{base} {k}"

    # ------------------------------------------------------------------ presence
    def _segments(self, retained: bool, drops: bool) -> list[tuple[int, int]]:
        """Join segments (seconds from the start) whose union is > 90 minutes iff ``retained``."""
        r = self.r
        gaps = [self._int(15, 480) for _ in range(r.choice((1, 1, 2)))] if drops else []
        if retained:
            a = self._int(-600, 900)
            union = self._int(_RETAINED + 60, min(7800, _LATE - a - sum(gaps)))
        else:
            u = r.random()
            if u < 0.45:     # leaves early
                a, union = self._int(-540, 600), self._int(300, _RETAINED - 60)
            elif u < 0.8:    # comes late
                a = self._int(600, 6000)
                union = self._int(120, min(_RETAINED - 60, _LATE - a - 60))
            else:            # looks in briefly
                a, union = self._int(-300, 7000), self._int(60, 900)
            if a + union + sum(gaps) > _LATE:
                gaps = []
                a = min(a, _LATE - union)
        span = union + sum(gaps)
        if not gaps:
            return [(a, a + span)]
        out, cur, left = [], a, union
        cuts = sorted(r.sample(range(60, union - 60, 30), len(gaps))) if union > 60 * (len(gaps) + 2) else []
        if not cuts:
            return [(a, a + union)]
        done = 0
        for cut, gap in zip(cuts, gaps):
            out.append((cur, cur + cut - done))
            cur += cut - done + gap
            done = cut
        out.append((cur, cur + (left - done)))
        return out

    # ------------------------------------------------------------------ attendance
    def attendance(self) -> None:
        r = self.r
        host = names.HOSTS[0]
        for c in self.programme:
            used = c.used
            sharers = set(c.sharers)
            group = c.sharers + c.came + c.walk_ins
            n_people = len(group) + c.nr_slots
            others = len(group) - len(c.sharers) + c.nr_slots
            retained = min(others, max(0, round(c.retention * n_people) - len(c.sharers)))
            c.stays = [True] * retained + [False] * (others - retained)
            r.shuffle(c.stays)
            for i in group:
                p = self.people[i]
                if i in sharers:
                    cases, weights = list(_SHARER_STYLES), [1.0] * len(_SHARER_STYLES)
                    case, d = self._pick_name(p, p.username, used, cases, weights)
                    segs = self._segments(True, r.random() < 0.15)
                else:
                    case, d = self._pick_name(p, p.username, used, *self._cases(i))
                    segs = self._segments(c.stays.pop() if c.stays else False, r.random() < 0.25)
                if r.random() < 0.03:   # the same name from a second device, overlapping
                    a, b = segs[0][0], segs[-1][1]
                    x = self._int(a, max(a, b - 300))
                    segs = segs + [(x, min(b, x + self._int(240, 3600)))]
                email = p.emails[0] if case == "email" else ""
                if not email and p.emails and r.random() < 0.35:
                    email = self._choice(p.emails)
                kind = "device" if case in ("device_only", "email") else "person"
                c.attendees.append(_Attendee(d, p, kind, case, email, "No" if email and r.random() < 0.6 else "Yes", segs))
                if i not in sharers and r.random() < 0.02:   # and a phone as well, while the laptop is on
                    dcase = "device_named" if r.random() < 0.6 else "device_only"
                    for _ in range(6):
                        d2 = self._display(p, dcase)
                        if d2 and self._free(d2, p.username, used):
                            used.add(_norm(d2))
                            a, b = segs[0][0], segs[-1][1]
                            on = self._int(a, max(a, b - 600))
                            c.attendees.append(_Attendee(d2, p, "device" if dcase == "device_only" else "person", "two_devices", "",
                                                         "Yes", [(on, min(b, on + self._int(300, 3000)))]))
                            break
            # The host and the interpreters.
            name = host if r.random() < 0.9 else names.HOSTS[1]
            used.add(_norm(name))
            c.attendees.append(_Attendee(name, None, "host", "host", _HOST_EMAIL, "No",
                                         [(self._int(_EARLY, -420), self._int(7500, _LATE))]))
            for lang in c.interpretation:
                base = self._choice(names.INTERP[lang])
                for n in ([base] if r.random() < 0.7 else [f"{base} 1", f"{base} 2"]):
                    used.add(_norm(n))
                    c.attendees.append(_Attendee(n, None, "interpreter", "interpreter", "", "Yes",
                                                 [(self._int(-600, 0), self._int(7200, _LATE - 60))]))
        self._non_registered()

    def _non_registered(self) -> None:
        """Plan the non-registered people over the clinics (~38% at two or more), then name them."""
        r = self.r
        t = self.t
        cap = [c.nr_slots for c in self.programme]
        remaining = sum(cap)
        plans: list[list[int]] = []
        repeaters = 0
        failures = 0
        while repeaters < 0.38 * (len(plans) + remaining) and failures < 200:
            v = r.choices((2, 3, 4, 5, 6, 8), (50, 24, 12, 7, 4, 3))[0]
            avail = [i for i in range(t - 1) if cap[i] > 0]
            if not avail:
                break
            first = avail[self._wsample(np.array([float(cap[i]) for i in avail]), 1)[0]]
            visits, cur = [first], first
            while len(visits) < v:
                gap = 1
                while r.random() < 0.6 and gap < 12:
                    gap += 1
                nxt = next((j for j in range(cur + gap, t) if cap[j] > 0), None)
                if nxt is None:
                    break
                visits.append(nxt)
                cur = nxt
            if len(visits) < 2:
                failures += 1
                continue
            for i in visits:
                cap[i] -= 1
            remaining -= len(visits)
            plans.append(visits)
            repeaters += 1
        plans += [[i] for i in range(t) for _ in range(cap[i])]
        r.shuffle(plans)
        width = max(4, len(str(len(plans))))
        self.non_registered: list[_Person] = []
        for n, (visits, region) in enumerate(zip(plans, self._regions(len(plans))), 1):
            for _ in range(50):
                q = self._new_person(region)
                if _norm(q.full) not in self.keys:
                    break
            q.nr_id = f"nr-{n:0{width}d}"
            u = r.random()
            q.gender = None if u < 0.1 else "non-binary" if u < 0.115 else {"f": "female", "m": "male"}[q.g]
            q.emails = [self._email(q)] if r.random() < 0.2 else []
            cases, weights = self._applicable(q, _NR_STYLES)
            q.habit = self._wchoice(cases, weights)
            self.non_registered.append(q)
            for i in visits:
                c = self.programme[i]
                case, d = self._pick_name(q, "", c.used, cases, weights)
                segs = self._segments(c.stays.pop() if c.stays else False, r.random() < 0.25)
                email = q.emails[0] if q.emails and r.random() < 0.8 else ""
                c.attendees.append(_Attendee(d, q, "device" if case == "device_only" else "person", case, email, "Yes", segs))

    # ------------------------------------------------------------------ output
    def _when(self, t: dt.datetime, tz: str, fmt: str) -> str:
        if fmt == "iso":
            return t.strftime("%Y-%m-%dT%H:%M:%SZ")
        local = t.astimezone(_zone(tz))
        hour = local.hour % 12 or 12
        return f"{local:%m/%d/%Y} {hour:02d}:{local:%M:%S} {'AM' if local.hour < 12 else 'PM'}"

    def report(self, c: _Clinic, meeting_id: str) -> str:
        block, tz, fmt, bom, eol, extra, _ = c.style
        rows = []
        for x in c.attendees:
            for a, b in x.segments:
                rows.append((c.start + dt.timedelta(seconds=a), c.start + dt.timedelta(seconds=b), x))
        rows.sort(key=lambda row: (row[0], row[2].name, row[1]))
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator=eol)
        if block:
            t0, t1 = min(row[0] for row in rows), max(row[1] for row in rows)
            w.writerow(["Meeting ID", "Topic", "Start Time", "End Time", "User Email", "Duration (Minutes)", "Participants"])
            w.writerow([meeting_id, f"Let's Connect Learning Clinic: {c.title}", self._when(t0, tz, fmt), self._when(t1, tz, fmt),
                        _HOST_EMAIL, -(-int((t1 - t0).total_seconds()) // 60), len(c.attendees)])
            buf.write(eol)
        w.writerow(["Name (Original Name)", "User Email", "Join Time", "Leave Time", "Duration (Minutes)", "Guest", *extra])
        for t0, t1, x in rows:
            more = ["Yes" if e == "Recording Consent" else "No" for e in extra]
            w.writerow([x.name, x.email, self._when(t0, tz, fmt), self._when(t1, tz, fmt),
                        -(-int((t1 - t0).total_seconds()) // 60), x.guest, *more])
        return ("\ufeff" if bom else "") + buf.getvalue()

    def clinics_json(self) -> str:
        doc = {"format": "letsconnect.clinics/1", "clinics": [
            {"id": c.id, "title": c.title, "start": c.start.strftime("%Y-%m-%dT%H:%M:%SZ"), "duration_min": 120,
             "language": c.language, "interpretation": c.interpretation, "skills": c.skills,
             "sharers": [self.people[i].username for i in c.sharers],
             "registrants": [self.people[i].username for i in c.registrants],
             "attendance": [f"zoom/{c.id}.csv"],
             **({"report_time_zone": c.style[1]} if c.style[1] != "UTC" else {})}
            for c in self.programme]}
        return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"

    def truth_rows(self) -> list[tuple[str, str, str | None, str, str, float, str]]:
        rows: list[tuple[str, str, str | None, str, str, float, str]] = []
        for c in self.programme:
            order: list[str] = []
            by_name: dict[str, _Attendee] = {}
            for x in c.attendees:
                by_name[x.name] = x
                order.append(x.name)
            first_join = {x.name: min(a for a, _ in x.segments) for x in c.attendees}
            for name in sorted(order, key=lambda n: (first_join[n], n)):
                x = by_name[name]
                p = x.person
                if p is None:
                    person = "role-host" if x.kind == "host" else f"role-interpreter-{_name_language(name, c.interpretation)}"
                    username = None
                else:
                    person = p.username or p.nr_id
                    username = p.username or None
                rows.append((c.id, name, username, person, x.kind, _union_seconds(x.segments) / 60, x.case))
        return rows


def _name_language(name: str, languages: Sequence[str]) -> str:
    """The interpretation language of an interpreter channel's name ("Interprète (FR)" → "fr")."""
    for lang in languages:
        if name in names.INTERP[lang] or any(name.startswith(f"{b} ") for b in names.INTERP[lang]):
            return lang
    return languages[0] if languages else "xx"


@dataclass(frozen=True, repr=False, eq=False)
class Programme:
    """A synthetic programme: the directory, the clinics, their Zoom reports and the truth.

    Build it with :func:`programme`. Attributes:

    - ``directory`` — the registered participants (:class:`Directory`), from ``directory_json``,
      with the week of ``start`` as its reference week (availability mostly on weekday evenings,
      else weekends or a working day or two, in local time);
    - ``clinics`` — the clinics (:class:`Clinics`, ``letsconnect.clinics/1``), from ``clinics_json``;
    - ``reports`` — clinic id → its Zoom participant report, the CSV text as Zoom exports it
      (a leading BOM included when the file has one);
    - ``truth`` — one row per display name per clinic (:data:`TRUTH_COLUMNS`): ``clinic``,
      ``display_name``, ``username`` (None when not registered), ``person`` (the username, ``nr-…``
      for a non-registered person, the same in every clinic, or ``role-host`` /
      ``role-interpreter-xx``), ``kind`` (person, device, interpreter, host), ``minutes`` (union of
      the name's segments) and ``case`` (how the name was written: exact, affiliation, script, …);
    - ``registrations`` — one row per registrant: ``clinic``, ``username``, ``attended``.
    """

    seed: int
    participants: int
    start: dt.date
    taxonomy: str
    directory: _core.Directory
    clinics: _core.Clinics
    reports: dict[str, str]
    truth: pd.DataFrame
    registrations: pd.DataFrame
    directory_json: str
    clinics_json: str
    truth_csv: str

    def __repr__(self) -> str:
        return f"<letsconnect.synthetic.Programme({self.participants} participants, {len(self.clinics)} clinics, seed {self.seed})>"

    def zoom_report(self, clinic_id: str) -> _core.ZoomReport:
        """The Zoom report of a clinic, parsed (in the clinic's report time zone)."""
        if clinic_id not in self.reports:
            raise _core.NotFoundError(f"no clinic {clinic_id!r} in this programme")
        zone = self.clinics[clinic_id].report_time_zone or "UTC"
        return _core.ZoomReport.parse(self.reports[clinic_id], source=f"zoom/{clinic_id}.csv", time_zone=zone)

    def write(self, folder: PathLike) -> dict[str, Path]:
        """Write ``directory.json``, ``clinics.json``, ``zoom/<clinic id>.csv`` and ``truth.csv`` into
        ``folder`` (created if needed). Returns the paths by name relative to the folder. The same
        seed writes the same bytes."""
        root = Path(os.fspath(folder))
        (root / "zoom").mkdir(parents=True, exist_ok=True)
        out: dict[str, Path] = {}

        def put(name: str, text: str) -> None:
            path = root / name
            _core.write_file_atomic(path, text)
            out[name] = path

        put("directory.json", self.directory_json)
        put("clinics.json", self.clinics_json)
        for cid, text in self.reports.items():
            put(f"zoom/{cid}.csv", text)
        put("truth.csv", self.truth_csv)
        return out


def _check_int(name: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low:,} and {high:,}, got {value:,}")
    return value


def _check_start(start: object) -> dt.date:
    if isinstance(start, dt.datetime):
        day = start.date()
    elif isinstance(start, dt.date):
        day = start
    elif isinstance(start, str):
        try:
            day = dt.date.fromisoformat(start)
        except ValueError:
            raise ValueError(f"start must be a date (YYYY-MM-DD), got {start!r}") from None
    else:
        raise TypeError(f"start must be a date or an ISO date string, got {type(start).__name__}")
    if not 2000 <= day.year <= 2100:
        raise ValueError(f"start must be between 2000 and 2100, got {day.isoformat()}")
    return day


def programme(*, seed: int = 0, participants: int = 450, clinics: int = 65,
              start: dt.date | str = "2024-01-10", taxonomy: str = "letsconnect") -> Programme:
    """A synthetic Let's Connect programme, deterministic in its arguments.

    ``participants`` registered profiles (10 to 100,000) and ``clinics`` clinics (1 to 520), one
    every two weeks from ``start`` (a date or ``"YYYY-MM-DD"``), with skills from the bundled
    ``taxonomy`` (``"letsconnect"`` or ``"capx"``). The programme is shaped after design §1
    (:data:`TARGETS`); see the module's documentation for how. Clinics keep their size (~50 → ~39
    people) for large directories and shrink for directories under 450 people.

    Raises ValueError (TypeError for a wrong type) naming the argument that is out of range.
    """
    seed = _check_int("seed", seed, -(2**63), 2**63 - 1)
    participants = _check_int("participants", participants, MIN_PARTICIPANTS, MAX_PARTICIPANTS)
    clinics = _check_int("clinics", clinics, 1, MAX_CLINICS)
    day = _check_start(start)
    if not isinstance(taxonomy, str) or taxonomy not in _core.Taxonomy.bundled_names():
        raise ValueError(f"taxonomy must be one of {', '.join(_core.Taxonomy.bundled_names())}, got {taxonomy!r}")
    import pandas as pd

    b = _Builder(seed, participants, clinics, day, taxonomy)
    # Generation makes many small objects and no reference cycles: the cyclic garbage collector
    # would only slow it down (by a quarter for large directories).
    collecting = gc.isenabled()
    gc.disable()
    try:
        directory_json = b.directory()
        b.clinics()
        b.attendance()
    finally:
        if collecting:
            gc.enable()
    meeting = f"{b.r.randint(810, 899)} {b.r.randint(1000, 9999)} {b.r.randint(1000, 9999)}"
    reports: dict[str, str] = {}
    for c in b.programme:
        one_off = b.r.random() < 0.1
        mid = f"{b.r.randint(810, 899)} {b.r.randint(1000, 9999)} {b.r.randint(1000, 9999)}" if one_off else meeting
        reports[c.id] = b.report(c, mid)
    clinics_json = b.clinics_json()
    rows = b.truth_rows()
    truth = pd.DataFrame({
        "clinic": pd.Series([x[0] for x in rows], dtype=object),
        "display_name": pd.Series([x[1] for x in rows], dtype=object),
        "username": pd.Series([x[2] for x in rows], dtype=object),
        "person": pd.Series([x[3] for x in rows], dtype=object),
        "kind": pd.Categorical([x[4] for x in rows], categories=["person", "device", "interpreter", "host"]),
        "minutes": pd.Series([x[5] for x in rows], dtype="float64"),
        "case": pd.Series([x[6] for x in rows], dtype=object),
    })
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(TRUTH_COLUMNS)
    for x in rows:
        w.writerow([x[0], x[1], x[2] or "", x[3], x[4], f"{x[5]:.4f}", x[6]])
    reg_rows = []
    for c in b.programme:
        came = set(c.came)
        reg_rows += [(c.id, b.people[i].username, i in came) for i in c.registrants]
    registrations = pd.DataFrame({
        "clinic": pd.Series([x[0] for x in reg_rows], dtype=object),
        "username": pd.Series([x[1] for x in reg_rows], dtype=object),
        "attended": pd.Series([x[2] for x in reg_rows], dtype=bool),
    })
    return Programme(
        seed=seed, participants=participants, start=day, taxonomy=taxonomy,
        directory=_core.Directory.from_json(directory_json, week=day),  # a fixed reference week: the first clinic's
        clinics=_core.Clinics.from_json(clinics_json, "clinics.json"),
        reports=reports, truth=truth, registrations=registrations,
        directory_json=directory_json, clinics_json=clinics_json, truth_csv=buf.getvalue(),
    )
