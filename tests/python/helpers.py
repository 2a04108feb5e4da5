"""Shared paths and slow pure-Python reference implementations for the tests.

The references are written from the documented contracts (design.md §4, the C++ headers),
not from the library's code, so the tests can compare the compiled engine against them.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
import zoneinfo
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

import letsconnect as lc

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
CAPX = DATA / "capx"
LOCAL_DATA = Path(__file__).resolve().parent / "data"

#: A fixed reference week (Monday), so no test depends on today's date.
WEEK = dt.date(2026, 3, 2)

REGIONS = ["SSA", "MENA", "ESEAP", "SA", "CEECA", "NWE", "LAC", "NA"]
REGION_ALIASES = {"USCA": "NA", "CEE": "CEECA"}
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
NATIVE = 6  # Babel "N" sorts above 5


# --- usernames ---------------------------------------------------------------------------------


def username_key(name: str) -> str:
    """MediaWiki's lookup key: NFC, underscores as spaces, white space collapsed, first letter upper."""
    text = unicodedata.normalize("NFC", name).replace("_", " ")
    text = " ".join(text.split())
    return text[:1].upper() + text[1:]


# --- regions -----------------------------------------------------------------------------------


def canonical_region(code: str) -> str | None:
    upper = code.upper()
    upper = REGION_ALIASES.get(upper, upper)
    return upper if upper in REGIONS else None


# --- levels ------------------------------------------------------------------------------------


def level_value(level: str | int) -> int:
    if isinstance(level, int):
        return level
    return NATIVE if level in ("N", "n") else int(level)


# --- taxonomy ----------------------------------------------------------------------------------


class TaxonomyRef:
    """Descendants and QID lookup computed from the nodes' parent pointers only."""

    def __init__(self, taxonomy: lc.Taxonomy) -> None:
        self.parent: dict[str, str | None] = {}
        self.by_key: dict[str, str] = {}
        self.children: dict[str, list[str]] = {}
        for node in taxonomy:
            self.parent[node.id] = node.parent
            self.by_key[node.id] = node.id
            if node.qid:
                self.by_key[node.qid] = node.id
            self.children.setdefault(node.id, [])
            if node.parent is not None:
                self.children.setdefault(node.parent, []).append(node.id)

    def below(self, key: str) -> set[str]:
        """The node `key` (id or QID) and every node under it."""
        start = self.by_key[key]
        out, stack = set(), [start]
        while stack:
            node = stack.pop()
            out.add(node)
            stack.extend(self.children.get(node, []))
        return out


# --- search reference --------------------------------------------------------------------------


def as_list(value: str | Sequence[str] | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(value)


def reference_search(
    profiles: Iterable[lc.Profile] | Iterable[dict[str, Any]],
    taxonomy: lc.Taxonomy | TaxonomyRef,
    *,
    shares: str | Sequence[str] | None = None,
    learns: str | Sequence[str] | None = None,
    knows: str | Sequence[str] | None = None,
    region: str | Sequence[str] | None = None,
    country: str | Sequence[str] | None = None,
    language: str | Sequence[str] | None = None,
    min_level: int | str = 0,
    exclude: str | Sequence[str] | None = None,
) -> list[str]:
    """The skills directory's search, one profile at a time (fields AND, values OR)."""
    tax = taxonomy if isinstance(taxonomy, TaxonomyRef) else TaxonomyRef(taxonomy)
    wanted = {
        "shares": set().union(*(tax.below(k) for k in as_list(shares))) if shares else None,
        "learns": set().union(*(tax.below(k) for k in as_list(learns))) if learns else None,
        "knows": set().union(*(tax.below(k) for k in as_list(knows))) if knows else None,
    }
    regions = {canonical_region(r) for r in as_list(region)}
    countries = {c.upper() for c in as_list(country)}
    languages = set(as_list(language))
    floor = max(level_value(min_level), 1)  # Babel 0 = not spoken
    excluded = {username_key(u) for u in as_list(exclude)}
    found = []
    for p in profiles:
        rec = p if isinstance(p, dict) else profile_record(p)
        if any(want is not None and not (want & set(rec[field])) for field, want in wanted.items()):
            continue
        if regions and rec["region"] not in regions:
            continue
        if countries and rec["country"] not in countries:
            continue
        if languages and not any(
            code in rec["languages"] and level_value(rec["languages"][code]) >= floor for code in languages
        ):
            continue
        if username_key(rec["username"]) in excluded:
            continue
        found.append(rec["username"])
    return sorted(found, key=username_key)  # Directory.search orders by the username key


def profile_record(p: lc.Profile) -> dict[str, Any]:
    return {
        "username": p.username,
        "shares": list(p.shares),
        "learns": list(p.learns),
        "knows": list(p.knows),
        "region": p.region,
        "country": p.country,
        "languages": dict(p.languages),
    }


# --- availability reference --------------------------------------------------------------------


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def reference_availability(profile: lc.Profile, monday: dt.date) -> np.ndarray:
    """(7, 96) bool: UTC quarter hours of the week starting `monday` during which the local
    clock in the profile's zone is inside one of its windows (Python's zoneinfo)."""
    out = np.zeros((7, 96), dtype=bool)
    if not profile.availability:
        return out
    zone = zoneinfo.ZoneInfo(profile.timezone)
    start = dt.datetime.combine(monday, dt.time(), tzinfo=dt.timezone.utc)
    windows = [(DAYS.index(d), _minutes(a), _minutes(b)) for d, a, b in profile.availability]
    for slot in range(7 * 96):
        local = (start + dt.timedelta(minutes=15 * slot)).astimezone(zone)
        day, minute = local.weekday(), local.hour * 60 + local.minute
        for wday, begin, end in windows:
            if end > begin:
                inside = day == wday and begin <= minute < end
            else:  # runs past midnight into the next day
                inside = (day == wday and minute >= begin) or (day == (wday + 1) % 7 and minute < end)
            if inside:
                out[slot // 96, slot % 96] = True
                break
    return out


# --- invented people ---------------------------------------------------------------------------

# Syllables for invented names; the combinations describe nobody.
_SYLLABLES = [
    "ka", "lo", "mi", "ra", "tu", "ze", "no", "sa", "vi", "de", "fo", "qu", "ba", "ri", "el",
    "on", "ya", "xo", "pe", "ju", "ha", "wi", "ta", "mo", "ne", "ga", "lu", "si", "do", "re",
]
_TIMEZONES = [
    "Africa/Lagos", "Africa/Nairobi", "Africa/Accra", "Africa/Johannesburg", "Africa/Casablanca",
    "Asia/Kolkata", "Asia/Kathmandu", "Asia/Dhaka", "Asia/Manila", "Asia/Almaty", "Asia/Tehran",
    "Europe/Berlin", "Europe/Warsaw", "Europe/London", "America/New_York", "America/Sao_Paulo",
    "America/Mexico_City", "America/Asuncion", "America/Argentina/Buenos_Aires", "Pacific/Fiji",
    "Australia/Adelaide", "UTC",
]
LANGUAGES = ["en", "fr", "es", "pt", "ar", "sw", "ha", "yo", "hi", "bn", "de", "ru", "pt-br", "zh-hant"]
_LEVELS = ["0", "1", "2", "3", "4", "5", "N"]


def invented_name(rng: random.Random, i: int) -> str:
    given = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    family = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
    sep = rng.choice([" ", "_", " ", "."])
    return f"{given}{sep}{family} {i}"


def invented_profiles(n: int, seed: int, taxonomy: lc.Taxonomy | None = None) -> list[lc.Profile]:
    """`n` random invented profiles, reproducible from `seed`."""
    rng = random.Random(seed)
    tax = taxonomy or lc.Taxonomy.bundled("letsconnect")
    skill_keys = [node.id for node in tax if node.parent is not None]
    skill_keys += [node.qid for node in tax if node.qid]  # a few skills given by QID
    countries = lc.countries()
    profiles = []
    for i in range(n):
        kwargs: dict[str, Any] = {}
        if rng.random() < 0.9:
            alpha2, _, region = rng.choice(countries)
            kwargs["country"] = alpha2.lower() if rng.random() < 0.1 else alpha2
            if rng.random() < 0.3:
                kwargs["region"] = region
        elif rng.random() < 0.5:
            kwargs["region"] = rng.choice(REGIONS + ["USCA", "CEE"])
        codes = rng.sample(LANGUAGES, rng.randint(0, 4))
        if codes:
            kwargs["languages"] = {c: rng.choice(_LEVELS) for c in codes}
        if rng.random() < 0.8:
            kwargs["timezone"] = rng.choice(_TIMEZONES)
            windows = []
            for _ in range(rng.randint(0, 3)):
                start = rng.randrange(0, 96) * 15
                length = rng.randint(1, 16) * 15
                end = (start + length) % 1440
                end_text = "24:00" if end == 0 and rng.random() < 0.5 else f"{end // 60:02d}:{end % 60:02d}"
                windows.append((rng.choice(DAYS), f"{start // 60:02d}:{start % 60:02d}", end_text))
            kwargs["availability"] = windows
        for field in ("shares", "learns", "knows"):
            picked = rng.sample(skill_keys, rng.randint(0, 3))
            # A QID and its id may both be drawn; keep one name per node.
            seen, unique = set(), []
            for key in picked:
                node = tax.find(key)
                if node not in seen:
                    seen.add(node)
                    unique.append(key)
            kwargs[field] = unique
        if rng.random() < 0.5:
            kwargs["registered"] = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(0, 2200))
        profiles.append(lc.Profile(invented_name(rng, i), **kwargs))
    return profiles


def run_cli(capsys: Any, *args: Any) -> tuple[int, str, str]:
    """letsconnect.cli.main with the arguments: (exit code, stdout, stderr), argparse's exits included."""
    from letsconnect import cli

    try:
        code = cli.main([str(a) for a in args])
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err
