"""Synthetic `letsconnect.directory/1` profiles, fast and deterministic.

    python benchmarks/synthetic.py OUT.json --n 1000000 --seed 7

or, from Python, ``write_directory(path, n, seed)``.

Every profile is invented. The mix follows the programme's published figures (design §1):
about 63% of participants from Sub-Saharan Africa and the rest spread over the other seven
regions; countries drawn from the bundled country table (``lc.countries()``) within the chosen
region, restricted to the countries of the time-zone table below; every profile speaks 1–3
languages, at least one of the clinic languages (en, es, fr, pt, ar) at Babel level ≥ 2;
1–4 skills in each of shares / learns / knows, drawn from the taxonomy's skills (depth ≥ 1)
with Zipf-like popularity; 0–3 weekly availability windows on quarter hours, some crossing
midnight, in time zones that exist in the country (including half- and quarter-hour ones:
Asia/Kolkata, Asia/Kathmandu, Asia/Tehran, Australia/Adelaide, America/St_Johns).

Speed: every random choice is a vectorised draw on a seeded ``numpy.random.Generator``;
the JSON text is assembled from precomputed, already-quoted fragments with one f-string per
profile (no ``json.dumps`` per profile), in fixed chunks of CHUNK profiles. One million
profiles (535 MB) take 10–13 s on the 2-core machines and about 700 MB of memory.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np

import letsconnect as lc

FORMAT = "letsconnect.directory/1"
CLINIC_LANGUAGES = ("en", "es", "fr", "pt", "ar")

# Share of participants per region: 63% Sub-Saharan Africa (design §1), the rest spread.
REGION_SHARE = {
    "SSA": 0.63,
    "SA": 0.08,
    "MENA": 0.06,
    "LAC": 0.06,
    "ESEAP": 0.05,
    "CEECA": 0.04,
    "NWE": 0.05,
    "NA": 0.03,
}

# country → (weight within its region, IANA zones valid there, clinic languages spoken there,
#            local languages). Hand-written for the countries used; every zone is checked with
#            lc.is_time_zone and every country's region with lc.countries() at import.
COUNTRIES: dict[str, tuple[float, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    # Sub-Saharan Africa
    "NG": (10, ("Africa/Lagos",), ("en",), ("ha", "yo", "ig")),
    "GH": (6, ("Africa/Accra",), ("en",), ("ak", "ee", "dag")),
    "KE": (5, ("Africa/Nairobi",), ("en",), ("sw", "ki", "luo")),
    "UG": (4, ("Africa/Kampala",), ("en",), ("lg", "sw")),
    "TZ": (3, ("Africa/Dar_es_Salaam",), ("en",), ("sw",)),
    "ZA": (3, ("Africa/Johannesburg",), ("en",), ("zu", "xh", "af", "st")),
    "CM": (3, ("Africa/Douala",), ("fr", "en"), ("ff", "ewo")),
    "CI": (3, ("Africa/Abidjan",), ("fr",), ("bci", "dyu")),
    "SN": (2, ("Africa/Dakar",), ("fr",), ("wo", "ff")),
    "CD": (3, ("Africa/Kinshasa", "Africa/Lubumbashi"), ("fr",), ("ln", "sw", "kg")),
    "BJ": (2, ("Africa/Porto-Novo",), ("fr",), ("fon", "yo")),
    "TG": (1, ("Africa/Lome",), ("fr",), ("ee",)),
    "ML": (1, ("Africa/Bamako",), ("fr",), ("bm",)),
    "BF": (1, ("Africa/Ouagadougou",), ("fr",), ("mos", "dyu")),
    "RW": (2, ("Africa/Kigali",), ("en", "fr"), ("rw",)),
    "ET": (2, ("Africa/Addis_Ababa",), ("en",), ("am", "om", "ti")),
    "MZ": (1, ("Africa/Maputo",), ("pt",), ("ts", "vmw")),
    "AO": (1, ("Africa/Luanda",), ("pt",), ("umb", "kmb")),
    "GW": (0.3, ("Africa/Bissau",), ("pt",), ("pov",)),
    "CV": (0.3, ("Atlantic/Cape_Verde",), ("pt",), ("kea",)),
    "ZW": (1, ("Africa/Harare",), ("en",), ("sn", "nd")),
    "ZM": (1, ("Africa/Lusaka",), ("en",), ("bem", "ny")),
    "MW": (1, ("Africa/Blantyre",), ("en",), ("ny",)),
    "MG": (1, ("Indian/Antananarivo",), ("fr",), ("mg",)),
    "SD": (0.5, ("Africa/Khartoum",), ("ar", "en"), ()),
    # Middle East & North Africa
    "EG": (4, ("Africa/Cairo",), ("ar", "en"), ()),
    "MA": (3, ("Africa/Casablanca",), ("ar", "fr"), ("zgh", "ber")),
    "DZ": (3, ("Africa/Algiers",), ("ar", "fr"), ("kab",)),
    "TN": (2, ("Africa/Tunis",), ("ar", "fr"), ()),
    "JO": (1, ("Asia/Amman",), ("ar", "en"), ()),
    "LB": (1, ("Asia/Beirut",), ("ar", "fr", "en"), ()),
    "IQ": (2, ("Asia/Baghdad",), ("ar",), ("ku",)),
    "PS": (1, ("Asia/Gaza", "Asia/Hebron"), ("ar",), ()),
    "IR": (2, ("Asia/Tehran",), ("en", "ar"), ("fa", "azb")),
    "TR": (2, ("Europe/Istanbul",), ("en",), ("tr", "ku")),
    "IL": (1, ("Asia/Jerusalem",), ("en", "ar"), ("he",)),
    "AE": (1, ("Asia/Dubai",), ("ar", "en"), ()),
    # South Asia
    "IN": (10, ("Asia/Kolkata",), ("en",), ("hi", "bn", "ta", "te", "mr", "ml", "kn", "or")),
    "NP": (3, ("Asia/Kathmandu",), ("en",), ("ne", "new", "mai")),
    "BD": (3, ("Asia/Dhaka",), ("en",), ("bn",)),
    "PK": (2, ("Asia/Karachi",), ("en",), ("ur", "pa", "ps")),
    "LK": (1, ("Asia/Colombo",), ("en",), ("si", "ta")),
    "AF": (0.5, ("Asia/Kabul",), ("en",), ("fa", "ps")),
    # East, Southeast Asia & Pacific
    "ID": (4, ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"), ("en",), ("id", "jv", "su")),
    "PH": (4, ("Asia/Manila",), ("en",), ("tl", "ceb")),
    "MY": (2, ("Asia/Kuala_Lumpur",), ("en",), ("ms", "zh")),
    "TW": (2, ("Asia/Taipei",), ("en",), ("zh",)),
    "KR": (1, ("Asia/Seoul",), ("en",), ("ko",)),
    "JP": (1, ("Asia/Tokyo",), ("en",), ("ja",)),
    "AU": (2, ("Australia/Sydney", "Australia/Adelaide", "Australia/Perth"), ("en",), ()),
    "NZ": (1, ("Pacific/Auckland",), ("en",), ("mi",)),
    "MM": (1, ("Asia/Yangon",), ("en",), ("my",)),
    "VN": (1, ("Asia/Ho_Chi_Minh",), ("en", "fr"), ("vi",)),
    # Central & Eastern Europe & Central Asia
    "UA": (3, ("Europe/Kyiv",), ("en",), ("uk", "ru")),
    "PL": (2, ("Europe/Warsaw",), ("en",), ("pl",)),
    "KZ": (2, ("Asia/Almaty", "Asia/Qyzylorda"), ("en",), ("kk", "ru")),
    "AM": (2, ("Asia/Yerevan",), ("en",), ("hy", "ru")),
    "GE": (1, ("Asia/Tbilisi",), ("en",), ("ka", "ru")),
    "RS": (1, ("Europe/Belgrade",), ("en",), ("sr",)),
    "CZ": (1, ("Europe/Prague",), ("en",), ("cs",)),
    "UZ": (1, ("Asia/Tashkent",), ("en",), ("uz", "ru")),
    "RO": (1, ("Europe/Bucharest",), ("en", "fr"), ("ro",)),
    # Northern & Western Europe
    "DE": (3, ("Europe/Berlin",), ("en",), ("de",)),
    "FR": (3, ("Europe/Paris",), ("fr", "en"), ("br", "oc")),
    "GB": (3, ("Europe/London",), ("en",), ("cy", "gd")),
    "ES": (3, ("Europe/Madrid", "Atlantic/Canary"), ("es", "en"), ("ca", "eu", "gl")),
    "PT": (1, ("Europe/Lisbon", "Atlantic/Azores"), ("pt", "en"), ()),
    "IT": (2, ("Europe/Rome",), ("en",), ("it",)),
    "NL": (1, ("Europe/Amsterdam",), ("en",), ("nl", "fy")),
    "BE": (1, ("Europe/Brussels",), ("fr", "en"), ("nl",)),
    "SE": (1, ("Europe/Stockholm",), ("en",), ("sv",)),
    "IE": (1, ("Europe/Dublin",), ("en",), ("ga",)),
    # Latin America & Caribbean
    "MX": (4, ("America/Mexico_City", "America/Tijuana", "America/Cancun"), ("es",), ("nah", "yua")),
    "BR": (4, ("America/Sao_Paulo", "America/Manaus"), ("pt",), ("gn",)),
    "AR": (3, ("America/Argentina/Buenos_Aires",), ("es",), ()),
    "CO": (3, ("America/Bogota",), ("es",), ()),
    "PE": (2, ("America/Lima",), ("es",), ("qu", "ay")),
    "CL": (2, ("America/Santiago",), ("es",), ("arn",)),
    "VE": (2, ("America/Caracas",), ("es",), ()),
    "BO": (1, ("America/La_Paz",), ("es",), ("qu", "ay", "gn")),
    "EC": (1, ("America/Guayaquil",), ("es",), ("qu",)),
    "UY": (1, ("America/Montevideo",), ("es",), ()),
    "HT": (0.5, ("America/Port-au-Prince",), ("fr",), ("ht",)),
    "CU": (0.5, ("America/Havana",), ("es",), ()),
    # North America
    "US": (4, ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
               "America/Phoenix", "Pacific/Honolulu"), ("en", "es"), ()),
    "CA": (2, ("America/Toronto", "America/Vancouver", "America/Halifax", "America/St_Johns"), ("en", "fr"), ("iu",)),
}

# Invented name pieces (no real person intended). A few per region use non-Latin or accented
# spellings so the non-ASCII path of username handling is exercised as in real data.
_SYLLABLES = ("a", "ba", "da", "di", "e", "fa", "ga", "ha", "i", "ja", "ka", "ke", "ki", "la", "li", "lo", "ma",
              "me", "mi", "mo", "na", "ne", "ni", "no", "o", "ra", "ri", "ro", "sa", "se", "si", "ta", "ti", "to",
              "u", "wa", "ya", "yo", "za", "zu", "chi", "sha", "dra", "bel", "mar", "tan", "lin", "son", "vik")
_ARABIC_FIRST = ("أحمد", "فاطمة", "يوسف", "مريم", "خالد", "ليلى", "سارة", "عمر")
_ARABIC_LAST = ("العلي", "حسن", "منصور", "الخطيب", "سليمان", "النجار")
_ACCENTED_FIRST = ("José", "María", "Inês", "João", "Zoë", "Łukasz", "Ana Lúcia", "Andrés", "Noémie", "Jürgen")
_ACCENTED_LAST = ("Gómez", "Peña", "Müller", "Sørensen", "Conceição", "Dvořák", "Núñez", "Lefèvre")

_AFFILIATION_PATTERNS = ("Wikimedia {country}", "{country} Wikimedians User Group", "Wiki Loves {region}",
                         "Wikimedians of {country}")
_GENDERS = ('"female"', '"male"', "null", '"non-binary"')
_GENDER_P = (0.46, 0.44, 0.08, 0.02)
_ROLES = ("newcomer organiser", "affiliate coordinator", "Wikidata trainer", "university lecturer", "librarian",
          "GLAM coordinator", "editor", "community organiser", "programme officer", "student", "volunteer",
          "translator", "photographer", "developer", "board member", "researcher")
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WINDOW_MINUTES = np.array([30, 45, 60, 60, 90, 120, 120, 180, 240])


def _q(s: str) -> str:
    """JSON string literal (UTF-8 kept as is)."""
    return json.dumps(s, ensure_ascii=False)


class _Tables:
    """Everything derived from the bundled data once: countries, zones, skills, fragments."""

    def __init__(self) -> None:
        table = {alpha2: (name, region) for alpha2, name, region in lc.countries()}
        self.regions = list(REGION_SHARE)
        self.region_p = np.array([REGION_SHARE[r] for r in self.regions])
        self.region_p /= self.region_p.sum()
        self.countries: list[str] = []
        self.country_region: list[int] = []
        for code, (_, zones, clinic, _local) in COUNTRIES.items():
            if code not in table:
                raise ValueError(f"synthetic: {code} is not in lc.countries()")
            region = table[code][1]
            if region not in REGION_SHARE:
                raise ValueError(f"synthetic: {code} is in unknown region {region}")
            for z in zones:
                if not lc.is_time_zone(z):
                    raise ValueError(f"synthetic: {z} ({code}) is not a time zone on this system")
            if not set(clinic) <= set(CLINIC_LANGUAGES):
                raise ValueError(f"synthetic: {code} lists a non-clinic language {clinic}")
            self.countries.append(code)
            self.country_region.append(self.regions.index(region))
        self.country_region_arr = np.array(self.country_region)
        # Per region: its countries and their weights (countries of the region in lc.countries()
        # that are not in COUNTRIES are not drawn: no hand-checked time zone for them).
        self.region_countries = []
        for r in range(len(self.regions)):
            idx = np.flatnonzero(self.country_region_arr == r)
            if idx.size == 0:
                raise ValueError(f"synthetic: no country for region {self.regions[r]}")
            w = np.array([COUNTRIES[self.countries[i]][0] for i in idx], dtype=float)
            self.region_countries.append((idx, np.cumsum(w) / w.sum()))

        # Language codes: one global list; per country padded arrays of clinic / local / extra pools.
        codes: list[str] = list(CLINIC_LANGUAGES)
        for _, _, clinic, local in COUNTRIES.values():
            for c in local:
                if c not in codes:
                    codes.append(c)
        self.language_codes = codes
        self.language_frag = [_q(c) for c in codes]
        nc = len(self.countries)
        width = max(len(v[2]) for v in COUNTRIES.values())
        self.clinic = np.zeros((nc, width), dtype=np.int16)
        self.clinic_len = np.zeros(nc, dtype=np.int64)
        # extra pool: local languages (twice, to make them likelier) then all clinic languages
        extra_lists = []
        for i, code in enumerate(self.countries):
            _, _, clinic, local = COUNTRIES[code]
            ids = [codes.index(c) for c in clinic]
            self.clinic[i, : len(ids)] = ids
            self.clinic_len[i] = len(ids)
            extra_lists.append([codes.index(c) for c in local] * 2 + list(range(len(CLINIC_LANGUAGES))))
        ew = max(len(e) for e in extra_lists)
        self.extra = np.zeros((nc, ew), dtype=np.int16)
        self.extra_len = np.array([len(e) for e in extra_lists])
        self.local_count = np.array([len(COUNTRIES[c][3]) * 2 for c in self.countries])
        for i, e in enumerate(extra_lists):
            self.extra[i, : len(e)] = e

        # Zones per country, padded.
        zw = max(len(v[1]) for v in COUNTRIES.values())
        self.zone_names: list[str] = []
        self.zones = np.zeros((nc, zw), dtype=np.int32)
        self.zone_len = np.zeros(nc, dtype=np.int64)
        for i, code in enumerate(self.countries):
            zones = COUNTRIES[code][1]
            for k, z in enumerate(zones):
                if z not in self.zone_names:
                    self.zone_names.append(z)
                self.zones[i, k] = self.zone_names.index(z)
            self.zone_len[i] = len(zones)
        self.zone_frag = [_q(z) for z in self.zone_names]

        # Skills of depth ≥ 1 with a Zipf-like popularity over a fixed shuffled order.
        tax = lc.Taxonomy.bundled("letsconnect")
        self.skills = [s for s in tax.ids if tax.depth(s) >= 1]
        self.skill_frag = np.array([_q(s) for s in self.skills], dtype=object)

        # Country names and affiliations.
        self.country_frag = [_q(c) for c in self.countries]
        self.region_frag = [_q(r) for r in self.regions]
        self.affiliations: list[list[str]] = []
        for code in self.countries:
            name = table[code][0]
            region_name = {"SSA": "Africa", "MENA": "the Arab World", "SA": "South Asia", "ESEAP": "ESEAP",
                           "CEECA": "CEE", "NWE": "Europe", "LAC": "Latin America", "NA": "North America"}[table[code][1]]
            local = COUNTRIES[code][3]
            lang = (local[0] if local else COUNTRIES[code][2][0]).upper()
            self.affiliations.append([_q(p.format(country=name, region=region_name, lang=lang))
                                      for p in _AFFILIATION_PATTERNS])

        # Availability windows as ready fragments: index = (day * 96 + start_slot) * len(durations) + d.
        frags = []
        for day in _DAYS:
            for slot in range(96):
                start = slot * 15
                for minutes in _WINDOW_MINUTES:
                    end = start + int(minutes)
                    end_text = "24:00" if end == 1440 else f"{(end % 1440) // 60:02d}:{end % 60:02d}"
                    frags.append(f'{{"day": "{day}", "start": "{start // 60:02d}:{start % 60:02d}", "end": "{end_text}"}}')
        self.window_frag = frags

        # Names: invented Latin-script names from syllables, plus small accented / Arabic pools.
        rng = np.random.default_rng(12345)  # fixed: the pools are part of the generator, not the seed
        def word(k: int) -> str:
            return "".join(_SYLLABLES[j] for j in rng.integers(0, len(_SYLLABLES), k)).capitalize()
        self.first = sorted({word(int(rng.integers(2, 4))) for _ in range(400)})
        self.last = sorted({word(int(rng.integers(2, 5))) for _ in range(600)})


_TABLES: _Tables | None = None


def _tables() -> _Tables:
    global _TABLES
    if _TABLES is None:
        _TABLES = _Tables()
    return _TABLES


def _pick_rows(rng: np.random.Generator, pool: np.ndarray, lengths: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """For each profile, a uniform element of pool[rows[i], :lengths[rows[i]]]."""
    k = (rng.random(rows.size) * lengths[rows]).astype(np.int64)
    return pool[rows, k]


def _skill_lists(rng: np.random.Generator, n: int, cumulative: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """n lists of 1–4 distinct skills drawn by popularity (inverse CDF over `cumulative`).

    A draw that repeats an earlier skill of the same list is redrawn (a few rounds, then
    dropped as -1), which is sampling without replacement in all but a handful of rows.
    Returns (n×4 int16 skill indices, -1 = none, and counts)."""
    counts = rng.choice(np.array([1, 2, 3, 4]), size=n, p=[0.35, 0.35, 0.2, 0.1])
    last = cumulative.size - 1
    out = np.searchsorted(cumulative, rng.random((n, 4)), side="right").clip(0, last).astype(np.int16)
    out[np.arange(4)[None, :] >= counts[:, None]] = -1
    for j in range(1, 4):
        for _ in range(8):
            dup = (out[:, j] >= 0) & (out[:, :j] == out[:, j : j + 1]).any(axis=1)
            if not dup.any():
                break
            out[dup, j] = np.searchsorted(cumulative, rng.random(int(dup.sum())), side="right").clip(0, last)
        else:
            out[(out[:, :j] == out[:, j : j + 1]).any(axis=1), j] = -1
    return out, counts


CHUNK = 1 << 17  # profiles generated at a time (part of the output's definition: keep fixed)


def iter_lines(n: int, seed: int = 0):
    """The profile objects of a directory of `n` synthetic profiles, as lists of JSON texts
    (one list per chunk of CHUNK profiles). Deterministic in (n, seed)."""
    t = _tables()
    rng = np.random.default_rng(seed)
    # Whole-directory choices first: skill popularity order and the unique username numbers.
    ns = len(t.skills)
    popularity = np.empty(ns)
    popularity[rng.permutation(ns)] = 1.0 / np.arange(1, ns + 1) ** 0.8
    cumulative = np.cumsum(popularity) / popularity.sum()
    numbers = rng.permutation(n)  # unique per profile, in a random order
    for start in range(0, n, CHUNK):
        stop = min(n, start + CHUNK)
        yield _chunk_lines(t, rng, stop - start, cumulative, numbers[start:stop])


def generate_lines(n: int, seed: int = 0) -> list[str]:
    """The profile objects of a directory of `n` synthetic profiles, one JSON text each."""
    return [line for chunk in iter_lines(n, seed) for line in chunk]


def _chunk_lines(t: _Tables, rng: np.random.Generator, n: int, cumulative: np.ndarray, number: np.ndarray) -> list[str]:

    # Region, then a country of that region (weighted), then one of its zones.
    region = rng.choice(len(t.regions), size=n, p=t.region_p)
    country = np.empty(n, dtype=np.int64)
    for r, (idx, cum) in enumerate(t.region_countries):
        rows = np.flatnonzero(region == r)
        country[rows] = idx[np.searchsorted(cum, rng.random(rows.size), side="right").clip(0, idx.size - 1)]
    # Several zones in a country: the first (most populous) one for 60%, else any of them.
    zone = np.where(rng.random(n) < 0.6, t.zones[country, 0], _pick_rows(rng, t.zones, t.zone_len, country))

    # Languages: a clinic language of the country at level ≥ 2, then 0–2 more (mostly local,
    # often native); duplicates are dropped, so some get fewer.
    lang1 = _pick_rows(rng, t.clinic, t.clinic_len, country)
    lvl1 = rng.choice(np.array([2, 3, 4, 5, 6]), size=n, p=[0.12, 0.3, 0.3, 0.13, 0.15])
    nmore = rng.choice(np.array([0, 1, 2]), size=n, p=[0.3, 0.45, 0.25])
    lang2 = _pick_rows(rng, t.extra, t.extra_len, country)
    lang3 = _pick_rows(rng, t.extra, t.extra_len, country)
    lvl2 = rng.choice(np.array([0, 1, 2, 3, 4, 5, 6]), size=n, p=[0.03, 0.12, 0.15, 0.15, 0.1, 0.05, 0.4])
    lvl3 = rng.choice(np.array([0, 1, 2, 3, 4, 5, 6]), size=n, p=[0.05, 0.2, 0.2, 0.15, 0.1, 0.05, 0.25])
    lang2 = np.where((nmore >= 1) & (lang2 != lang1), lang2, -1)
    lang3 = np.where((nmore >= 2) & (lang3 != lang1) & (lang3 != lang2), lang3, -1)
    level_text = ("0", "1", "2", "3", "4", "5", "N")

    # Skills: Zipf-like popularity (1/rank) over a seed-dependent order of the skills.
    # Fragments joined as object-array additions (a C loop), not per-row Python: the first
    # skill is always there; later ones are "" (index -1) or ", <id>".
    first_frag = t.skill_frag
    more_frag = np.array([", " + f for f in t.skill_frag] + [""], dtype=object)
    skill_sets = []
    for _ in range(3):
        top, _counts = _skill_lists(rng, n, cumulative)
        text = first_frag[top[:, 0]]
        for j in range(1, 4):
            text = text + more_frag[top[:, j]]
        skill_sets.append(text.tolist())

    # Availability: 0–3 windows (a few people give none).
    nwin = rng.choice(np.array([0, 1, 2, 3]), size=n, p=[0.08, 0.42, 0.35, 0.15])
    nd = len(_WINDOW_MINUTES)
    start = rng.integers(6 * 4, 96, size=(n, 3))  # mostly daytime and evening, local
    start = np.where(rng.random((n, 3)) < 0.1, rng.integers(0, 96, size=(n, 3)), start)
    win = (rng.integers(0, 7, size=(n, 3)) * 96 + start) * nd + rng.integers(0, nd, size=(n, 3))
    first_w = np.array(t.window_frag + [""], dtype=object)
    more_w = np.array([", " + f for f in t.window_frag] + [""], dtype=object)
    win[np.arange(3)[None, :] >= nwin[:, None]] = -1
    windows = (first_w[win[:, 0]] + more_w[win[:, 1]] + more_w[win[:, 2]]).tolist()

    # Names and usernames. The number makes every username unique (names never contain digits).
    is_arabic = (region == t.regions.index("MENA")) & (rng.random(n) < 0.3)
    is_accent = np.isin(region, [t.regions.index(r) for r in ("LAC", "NWE", "CEECA")]) & (rng.random(n) < 0.25)
    first = np.array(t.first, dtype=object)[rng.integers(0, len(t.first), n)]
    last = np.array(t.last, dtype=object)[rng.integers(0, len(t.last), n)]
    first[is_accent] = np.array(_ACCENTED_FIRST, dtype=object)[rng.integers(0, len(_ACCENTED_FIRST), int(is_accent.sum()))]
    last[is_accent] = np.array(_ACCENTED_LAST, dtype=object)[rng.integers(0, len(_ACCENTED_LAST), int(is_accent.sum()))]
    first[is_arabic] = np.array(_ARABIC_FIRST, dtype=object)[rng.integers(0, len(_ARABIC_FIRST), int(is_arabic.sum()))]
    last[is_arabic] = np.array(_ARABIC_LAST, dtype=object)[rng.integers(0, len(_ARABIC_LAST), int(is_arabic.sum()))]
    sep = np.array([" ", "_", "", "."], dtype=object)[rng.choice(4, size=n, p=[0.5, 0.2, 0.2, 0.1])]

    # Affiliations: 0–2 of the country's patterns.
    naff = rng.choice(np.array([0, 1, 2]), size=n, p=[0.35, 0.45, 0.2])
    aff_a = rng.integers(0, len(_AFFILIATION_PATTERNS), n)
    aff_b = (aff_a + rng.integers(1, len(_AFFILIATION_PATTERNS), n)) % len(_AFFILIATION_PATTERNS)

    # Registration dates 2021-01-01 … 2025-12-31, gender, role.
    span = int((np.datetime64("2026-01-01") - np.datetime64("2021-01-01")).astype(int))
    day_text = (np.datetime64("2021-01-01") + np.arange(span).astype("timedelta64[D]")).astype(str).astype(object)
    registered = day_text[rng.integers(0, span, n)].tolist()
    gender = np.array(_GENDERS, dtype=object)[rng.choice(len(_GENDERS), size=n, p=_GENDER_P)].tolist()
    role = np.array([_q(r) for r in _ROLES], dtype=object)[rng.integers(0, len(_ROLES), n)].tolist()

    lf, cf, rf, zf = t.language_frag, t.country_frag, t.region_frag, t.zone_frag
    aff = t.affiliations
    lines = []
    append = lines.append
    for (i, f, l, s, num, r, c, z, l1, v1, l2, v2, l3, v3, sh, le, kn, w, na, aa, ab, reg, g, ro) in zip(
        range(n), first.tolist(), last.tolist(), sep.tolist(), number.tolist(), region.tolist(), country.tolist(),
        zone.tolist(), lang1.tolist(), lvl1.tolist(), lang2.tolist(), lvl2.tolist(), lang3.tolist(), lvl3.tolist(),
        skill_sets[0], skill_sets[1], skill_sets[2], windows, naff.tolist(), aff_a.tolist(), aff_b.tolist(),
        registered, gender, role,
    ):
        langs = f'{lf[l1]}: "{level_text[v1]}"'
        if l2 >= 0:
            langs += f', {lf[l2]}: "{level_text[v2]}"'
        if l3 >= 0:
            langs += f', {lf[l3]}: "{level_text[v3]}"'
        affs = "" if na == 0 else aff[c][aa] if na == 1 else f"{aff[c][aa]}, {aff[c][ab]}"
        append(
            f'{{"username": "{f}{s}{l}{num}", "name": "{f} {l}", "region": {rf[r]}, "country": {cf[c]}, '
            f'"languages": {{{langs}}}, "timezone": {zf[z]}, "availability": [{w}], '
            f'"shares": [{sh}], "learns": [{le}], "knows": [{kn}], "affiliations": [{affs}], '
            f'"registered": "{reg}", "gender": {g}, "role": {ro}}}'
        )
    return lines


def write_directory(path: str | os.PathLike[str], n: int, seed: int = 0) -> int:
    """Writes a `letsconnect.directory/1` file of `n` synthetic profiles; returns its size in bytes.

    Deterministic: the same (n, seed) gives the same bytes."""
    size = 0
    with open(path, "wb") as f:
        head = '{"format": "' + FORMAT + '",\n "taxonomy": "letsconnect",\n "profiles": ['
        for k, lines in enumerate(iter_lines(n, seed)):
            data = (head if k == 0 else ",") + "\n  " + ",\n  ".join(lines)
            size += f.write(data.encode("utf-8"))
        size += f.write((head if n == 0 else "").encode("utf-8") + b"\n ]}\n")
    return size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="output file")
    parser.add_argument("--n", type=int, default=1_000_000, help="number of profiles (default 1,000,000)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    size = write_directory(args.path, args.n, args.seed)
    print(f"wrote {args.n:,} profiles, {size / 1e6:.1f} MB, in {time.perf_counter() - t0:.1f} s → {args.path}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
