"""Recommendation speed: our engine next to a vectorised numpy scorer of the same score.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv/bin/python benchmarks/bench_recommend.py
        [--n 1000000] [--seekers 30] [--quick] [--cache DIR] [--selftest]

In this one process, on the same synthetic directories (benchmarks/synthetic.py, written to a
temporary folder or reused from --cache), one after the other (design §7):

  1. one seeker against --n profiles (default 1,000,000), top-10, default weights, averaged
     over --seekers random seekers, direction "mutual" and then "learn_from":
     `directory.recommend(username, 10)` next to NumpyScorer.top_k;
  2. --batch-seekers seekers (1,000) against --batch-n profiles (100,000), top-10 each:
     `directory.recommend_many(seekers, 10)` (both cores) next to the numpy scorer looped per
     seeker, on one thread and on --threads threads (numpy releases the GIL in its loops);
  3. `directory.score_matrix(seekers)` for --matrix-seekers seekers (200) × --batch-n
     profiles, in ns per scored pair, next to numpy's full score vector per seeker; and the
     memory-bandwidth floor of a full scan (bytes each profile's columns take ÷ a measured
     sequential read bandwidth).

The score is the one of include/letsconnect/score.hpp. The numpy scorer (NumpyScorer) is what
a strong engineer would write, with columns built once in setup (printed, not timed): the
word-major uint64 skill bitsets of `skill_matrix` re-cut at category boundaries (one uint16
column per category, since every taxonomy relation stays inside a category), availability
straight from `availability_matrix` (a view, no copy), a dense uint8 language-level matrix
(native = 6) and small int region / country arrays from the profiles, username ranks. Per seeker:
per-wanted-skill masks for the exact / narrower / related / category relations (from
lc.Taxonomy) and small tables; per chunk of 64k candidates, preallocated buffers,
`np.bitwise_count` for popcounts, and a running top-k threshold so that only candidates whose
upper bound reaches the k-th best are finished and ranked (see NumpyScorer).

Both must give the same results: the same totals (float64, exactly), the same usernames in the
same order (total descending, then lc.username_key ascending), in test 1 the same breakdowns;
otherwise the run stops with a message naming the seeker. score_matrix rows must equal numpy's
float64 totals rounded to float32 (-inf for pairs a hard filter rejects).

--selftest checks the numpy scorer against a plain-Python transcription of the spec
(Reference) on a small synthetic directory plus hand-made edge cases, for several weights and
directions; when the module has the recommendation engine (lc.Weights), the engine is checked
against the same reference too. Setup (generating, loading, building the numpy arrays) is
printed, never part of a comparison. Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import dataclasses
import datetime as dt
import gc
import math
import os
import platform
import random
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

import letsconnect as lc

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic  # noqa: E402

WEEK = dt.date(2026, 3, 2)  # reference week of the availability columns
LEVEL = {"0": 0, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "N": 6, "n": 6}
DIRECTIONS = ("learn_from", "share_with", "mutual")
CHUNK = 1 << 16       # candidates per chunk
FIRST_CHUNK = 1 << 13 # a small first chunk sets a running threshold early
SLOTS = 7 * 96        # quarter hours a week
AVAIL_WORDS = (SLOTS + 63) // 64

# Relations of an offered skill o to a wanted skill w (score.hpp), in order of precedence.
NONE, CATEGORY, RELATED, NARROWER, EXACT = 0, 1, 2, 3, 4


# --- the weights (mirrors letsconnect::Weights; lc.Weights may not exist yet) ------------------

@dataclasses.dataclass(frozen=True)
class Spec:
    skill: float = 0.5
    reciprocity: float = 0.2
    language: float = 0.1
    region: float = 0.1
    time_zone: float = 0.1
    narrower: float = 1.0
    related: float = 0.5
    category: float = 0.25
    same_country: float = 1.0
    same_region: float = 0.5
    other_region: float = 0.0
    overlap_hours: float = 6.0
    min_level: int = 2

    def credit(self, relation: int) -> float:
        return (0.0, self.category, self.related, self.narrower, 1.0)[relation]

    def to_lc(self):
        return lc.Weights(**dataclasses.asdict(self))

    @staticmethod
    def from_lc(w) -> "Spec":
        return Spec(**{f.name: getattr(w, f.name) for f in dataclasses.fields(Spec)})


def relation(tax: lc.Taxonomy, w: str, o: str) -> int:
    """credit(w, o)'s case, straight from score.hpp."""
    if o == w:
        return EXACT
    if w in tax.ancestors(o):
        return NARROWER  # o lies below w
    if o in tax.ancestors(w):
        return RELATED   # o is an ancestor of w
    if tax.depth(w) > 0 and tax.parent(w) in tax.ancestors(o):
        return RELATED   # w is not a category and o lies under w's parent
    if tax.category(w) == tax.category(o):
        return CATEGORY
    return NONE


def relation_matrix(tax: lc.Taxonomy) -> np.ndarray:
    """rel[w, o] over taxonomy positions."""
    ids = tax.ids
    rel = np.zeros((len(ids), len(ids)), dtype=np.int8)
    for i, w in enumerate(ids):
        for j, o in enumerate(ids):
            rel[i, j] = relation(tax, w, o)
    return rel


# --- the reference: the spec transcribed into plain Python, pair by pair -----------------------

class Reference:
    """score.hpp in plain Python over Profile objects (slow; for --selftest)."""

    def __init__(self, directory: lc.Directory) -> None:
        tax = directory.taxonomy
        self.tax = tax
        self.position = {s: k for k, s in enumerate(tax.ids)}
        self.rel = relation_matrix(tax).tolist()
        self.usernames = directory.usernames
        self.keys = [lc.username_key(u) for u in self.usernames]
        self.people = []
        for p in directory:
            slots = directory.availability(p.username).reshape(-1)
            mask = 0
            for q in np.flatnonzero(slots).tolist():
                mask |= 1 << q
            self.people.append({
                "shares": self._skills(p.shares),
                "learns": self._skills(p.learns),
                "languages": {c: LEVEL[v] for c, v in p.languages.items()},
                "region": p.region,
                "country": p.country,
                "slots": mask,
            })

    def _skills(self, keys: list[str]) -> list[int]:
        return sorted({self.position[self.tax.find(k)] for k in keys})  # deduplicated, taxonomy order

    def score(self, s: int, c: int, spec: Spec, direction: str = "mutual", require_skill: bool = True):
        """None when a hard filter rejects the pair, else (total, skill, reciprocity, language, region, time_zone)."""
        if s == c:
            return None
        S, C = self.people[s], self.people[c]
        rel = self.rel
        learn = 0.0
        if S["learns"]:
            learn = sum(max((spec.credit(rel[w][o]) for o in C["shares"]), default=0.0)
                        for w in S["learns"]) / len(S["learns"])
        share = 0.0
        if S["shares"]:
            share = sum(max((spec.credit(rel[w][o]) for w in C["learns"]), default=0.0)
                        for o in S["shares"]) / len(S["shares"])
        threshold = max(spec.min_level, 1)
        best = 0
        for code, level in S["languages"].items():
            other = C["languages"].get(code, 0)
            if level >= threshold and other >= threshold:
                best = max(best, min(level, other))
        if spec.min_level >= 1 and best == 0:
            return None
        if require_skill and (
            (direction == "learn_from" and learn == 0)
            or (direction == "share_with" and share == 0)
            or (direction == "mutual" and learn == 0 and share == 0)
        ):
            return None
        language = best / 6
        if S["region"] is None or C["region"] is None:
            region = 0.0
        elif S["country"] is not None and S["country"] == C["country"]:
            region = spec.same_country
        elif S["region"] == C["region"]:
            region = spec.same_region
        else:
            region = spec.other_region
        hours = (S["slots"] & C["slots"]).bit_count() / 4
        time_zone = min(1.0, hours / spec.overlap_hours)
        skill, reciprocity = (share, learn) if direction == "share_with" else (learn, share)
        total = (skill * spec.skill + reciprocity * spec.reciprocity + language * spec.language
                 + region * spec.region + time_zone * spec.time_zone)
        return (total, skill, reciprocity, language, region, time_zone)

    def totals(self, s: int, spec: Spec, direction: str = "mutual", require_skill: bool = True) -> np.ndarray:
        out = np.full(len(self.people), -np.inf)
        for c in range(len(self.people)):
            r = self.score(s, c, spec, direction, require_skill)
            if r is not None:
                out[c] = r[0]
        return out

    def top_k(self, s: int, k: int, spec: Spec, direction: str = "mutual", require_skill: bool = True):
        totals = self.totals(s, spec, direction, require_skill)
        order = sorted((c for c in range(len(totals)) if totals[c] != -np.inf),
                       key=lambda c: (-totals[c], self.keys[c]))
        return [(c, float(totals[c])) for c in order[:k]]


# --- the numpy baseline ------------------------------------------------------------------------

class Columns:
    """The directory's columns for numpy, built once: word-major skill bitsets and availability
    (views of the directory's own memory), a language-major uint8 level matrix (0 = not spoken,
    native = 6), region and country codes (0 = unknown) and username ranks."""

    def __init__(self, directory: lc.Directory) -> None:
        self.directory = directory  # keeps the views' memory alive
        self.n = n = len(directory)
        tax = directory.taxonomy
        self.taxonomy = tax
        self.rel = relation_matrix(tax)
        self.shares = directory.skill_matrix("shares")
        self.learns = directory.skill_matrix("learns")
        self.avail = directory.availability_matrix()
        self.words = self.shares.shape[0]
        assert self.avail.shape == (AVAIL_WORDS, n), self.avail.shape
        # Each category's nodes as one bit range [lo, hi] of the bitsets: a mask of the skill
        # relations always lies inside one category, so it is tested on that narrow field.
        position = {sk: k for k, sk in enumerate(tax.ids)}
        span: dict[int, list[int]] = {}
        for sk, k in position.items():
            span.setdefault(position[tax.category(sk)], []).append(k)
        self.category_range = [(min(v), max(v)) for v in span.values()]
        self.fields = {"shares": self._category_fields(self.shares), "learns": self._category_fields(self.learns)}
        self.usernames = directory.usernames
        self.index = {u: i for i, u in enumerate(self.usernames)}

        regions = lc.regions()
        region_code = {r: k + 1 for k, r in enumerate(regions)}
        country_code = {c[0]: k + 1 for k, c in enumerate(lc.countries())}
        language_code: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        vals: list[int] = []
        region = np.zeros(n, dtype=np.uint8)
        country = np.zeros(n, dtype=np.uint16)
        reg_list = []
        cty_list = []
        for i, p in enumerate(directory):
            for code, level in p.languages.items():
                rows.append(language_code.setdefault(code, len(language_code)))
                cols.append(i)
                vals.append(LEVEL[level])
            reg_list.append(region_code.get(p.region, 0) if p.region else 0)
            cty_list.append(country_code.get(p.country, 0) if p.country else 0)
        region[:] = reg_list
        country[:] = cty_list
        self.region, self.country = region, country
        self.language_code = language_code
        self.levels = np.zeros((max(1, len(language_code)), n), dtype=np.uint8)
        self.levels[np.array(rows, dtype=np.intp), np.array(cols, dtype=np.intp)] = np.array(vals, dtype=np.uint8)
        # per profile, its (language row, level) entries (for the seeker side)
        self._rows, self._cols, self._vals = (np.array(rows, dtype=np.int32), np.array(cols, dtype=np.int64),
                                              np.array(vals, dtype=np.uint8))
        order = np.argsort(self._cols, kind="stable")
        self._rows, self._cols, self._vals = self._rows[order], self._cols[order], self._vals[order]
        self._starts = np.searchsorted(self._cols, np.arange(n + 1))

        keys = np.array([lc.username_key(u) for u in self.usernames], dtype=object)
        order = np.argsort(keys, kind="stable")
        self.rank = np.empty(n, dtype=np.int64)
        self.rank[order] = np.arange(n)

    def field_of(self, bits: int) -> int:
        """The category whose bit range holds all of `bits`."""
        lo_bit = (bits & -bits).bit_length() - 1
        hi_bit = bits.bit_length() - 1
        for k, (lo, hi) in enumerate(self.category_range):
            if lo <= lo_bit and hi_bit <= hi:
                return k
        raise ValueError("a skill mask across categories")

    def _category_fields(self, matrix: np.ndarray) -> list[np.ndarray]:
        """The bitsets re-cut at category boundaries: per category, its nodes' bits as one
        uint16 (≤ 16 nodes) / uint32 / uint64 column, bit 0 = the category's first position."""
        out = []
        for lo, hi in self.category_range:
            width = hi - lo + 1
            if width > 64:
                raise ValueError(f"a category of {width} nodes: more than this benchmark's 64-bit fields")
            dtype = np.uint16 if width <= 16 else np.uint32 if width <= 32 else np.uint64
            w, shift = divmod(lo, 64)
            val = matrix[w] >> np.uint64(shift)
            if shift + width > 64:
                val |= matrix[w + 1] << np.uint64(64 - shift)
            val &= np.uint64((1 << width) - 1)
            out.append(val.astype(dtype))
        return out

    def seeker_languages(self, s: int) -> list[tuple[int, int]]:
        a, b = self._starts[s], self._starts[s + 1]
        return list(zip(self._rows[a:b].tolist(), self._vals[a:b].tolist()))

    def bits(self, matrix: np.ndarray, s: int) -> list[int]:
        """Positions of the set bits of profile s's bitset, ascending (= taxonomy order)."""
        out = []
        for w in range(matrix.shape[0]):
            word = int(matrix[w, s])
            while word:
                low = word & -word
                out.append(w * 64 + low.bit_length() - 1)
                word ^= low
        return out

    def nbytes(self) -> int:
        return (self.levels.nbytes + self.region.nbytes + self.country.nbytes + self.rank.nbytes
                + sum(f.nbytes for v in self.fields.values() for f in v))


def _mask_words(positions, words: int) -> tuple[int, ...]:
    out = [0] * words
    for p in positions:
        out[p // 64] |= 1 << (p % 64)
    return tuple(out)


class NumpyScorer:
    """One seeker against all candidates, chunk by chunk, with preallocated buffers.

    Skills: for each wanted skill (the seeker's learns against the candidates' shares, and the
    seeker's shares against the candidates' learns) the taxonomy relations give one mask per
    distinct credit value (exact ∪ narrower, related, category with the default weights), made
    cumulative from the highest credit down, so the number of masks a candidate's bitset hits
    tells its best credit. A mask always lies inside one category, so it is tested on that
    category's bits (Columns.fields: the bitsets re-cut at category boundaries, uint16 per
    category of ≤ 16 nodes). The hit counts of a side form a uint8 code (mixed radix, one digit
    per wanted skill); a table made per seeker holds skill·w.skill + reciprocity·w.reciprocity
    for each (learn code, share code), -inf where require_skill drops the pair, so the skill part
    is one `take` per chunk. Seekers with more than 256 codes on a side (5+ skills) go through a
    slower per-skill path.

    Language: the candidate's levels in the seeker's usable languages as one base-7 code, and a
    table of language·w.language (-inf where the language gate rejects). Region: a table by
    region code, then same_country where the country codes match. Time zone: popcounts of the
    availability words where the seeker has a slot (the others cannot overlap), and a table by
    count. Each addend is rounded as in the spec's left-to-right sum, so totals are bit-identical.

    top_k keeps a running k-th best: after the skill part, only candidates whose bound (skill
    part + the most language, region and time zone can add for this seeker) reaches it go on;
    after language and region, only those that can still reach it with the most time zone can
    add; the merge (argpartition, then lexsort by total and username rank) sees only those
    that reach it. A small first chunk sets the threshold early."""

    MAX_SIDE_CODES = 256  # per side, so that a side's code is a uint8

    def __init__(self, cols: Columns, spec: Spec, direction: str = "mutual", require_skill: bool = True,
                 chunk: int = CHUNK, first_chunk: int = FIRST_CHUNK) -> None:
        assert direction in DIRECTIONS
        self.cols, self.spec, self.direction, self.require_skill = cols, spec, direction, require_skill
        self.chunk = chunk
        n = cols.n
        bounds = [0]
        if first_chunk and first_chunk < chunk:
            bounds.append(min(n, first_chunk))
        while bounds[-1] < n:
            bounds.append(min(n, bounds[-1] + chunk))
        self.bounds = list(zip(bounds[:-1], bounds[1:]))
        m = chunk
        self.t64 = np.empty(m, dtype=np.uint64)  # the per-skill path (_hits) only
        self.u64 = np.empty(m, dtype=np.uint64)
        self.hit = np.empty(m, dtype=np.bool_)
        self.code_l = np.empty(m, dtype=np.uint8)
        self.code_s = np.empty(m, dtype=np.uint8)
        self.tmp8 = np.empty(m, dtype=np.uint8)
        self.code16 = np.empty(m, dtype=np.uint16)
        self.tmp16 = np.empty(m, dtype=np.uint16)
        self.and_buf = {t: np.empty(m, dtype=t) for t in (np.uint16, np.uint32, np.uint64)}
        self.p1 = np.empty(m, dtype=np.float64)
        self.f1 = np.empty(m, dtype=np.float64)
        self.f2 = np.empty(m, dtype=np.float64)
        self.lvl = np.empty(m, dtype=np.uint8)
        self.lcode = np.empty(m, dtype=np.uint16)
        self.eq = np.empty(m, dtype=np.bool_)
        self.block = np.empty(AVAIL_WORDS * m, dtype=np.uint64)
        self.pop = np.empty(AVAIL_WORDS * m, dtype=np.uint8)
        self.count = np.empty(m, dtype=np.uint16)
        self.lut_lang = np.arange(7, dtype=np.float64) / 6
        self.lut_tz = np.minimum(1.0, (np.arange(SLOTS + 1, dtype=np.float64) / 4) / spec.overlap_hours)
        self.threshold_level = max(spec.min_level, 1)
        self._side_cache: dict = {}
        self._lang_cache: dict = {}
        self._region_cache: dict = {}
        self.rel_t = np.ascontiguousarray(cols.rel.T)

    # -- per seeker ---------------------------------------------------------------------------

    def _side(self, wanted: list[int], rel_rows: np.ndarray):
        """For each wanted skill (taxonomy order): its cumulative masks, highest credit first, and
        the credit for each count of masks hit (index 0 = none hit). Cached per skill."""
        cache = self._side_cache.setdefault(rel_rows is self.rel_t, {})
        out = []
        for w in wanted:
            entry = cache.get(w)
            if entry is None:
                entry = cache[w] = self._skill_masks(w, rel_rows)
            out.append(entry)
        return out

    def _skill_masks(self, w: int, rel_rows: np.ndarray):
        """(cumulative masks, credit per count of masks hit) for one wanted skill."""
        spec, words = self.spec, self.cols.words
        row = rel_rows[w]
        by_credit: dict[float, list[int]] = {}
        for r in (EXACT, NARROWER, RELATED, CATEGORY):
            c = spec.credit(r)
            if c > 0:
                pos = np.flatnonzero(row == r).tolist()
                if pos:
                    by_credit.setdefault(c, []).extend(pos)
        levels = sorted(by_credit, reverse=True)
        masks, acc = [], []
        for c in levels:
            acc = acc + by_credit[c]
            masks.append(_mask_words(acc, words))
        # count hit = d ≥ 1 means the d-th lowest level's union is the smallest one hit
        credits = [0.0] + [levels[len(levels) - d] for d in range(1, len(levels) + 1)]
        return masks, credits

    def prepare(self, s: int) -> None:
        cols, spec = self.cols, self.spec
        self.seeker = s
        learn_side = self._side(cols.bits(cols.learns, s), cols.rel)        # w = seeker's learns, o = C.shares
        share_side = self._side(cols.bits(cols.shares, s), self.rel_t)      # o = seeker's shares, w = C.learns

        def values(side):
            """Per side: the coverage for each code (code = Σ hits_i · Π_{j<i} radix_j)."""
            radix = [len(credits) for _, credits in side]
            ncodes = math.prod(radix)
            if ncodes > self.MAX_SIDE_CODES:
                return None, radix
            code = np.arange(ncodes)
            acc = np.zeros(ncodes)
            mult = 1
            for (_, credits), r in zip(side, radix):
                acc = acc + np.asarray(credits)[(code // mult) % r]   # summed in taxonomy order
                mult *= r
            return (acc / len(side) if side else acc), radix

        learn_vals, learn_radix = values(learn_side)
        share_vals, share_radix = values(share_side)
        self.matrices = (cols.shares, cols.learns)
        self.side_info = [(learn_side, learn_radix), (share_side, share_radix)]
        self.table = None
        self.plan = []  # per side: (matrix, [(field, [(field mask, multiplier)])])
        if learn_vals is not None and share_vals is not None:
            L, S_ = learn_vals[:, None], share_vals[None, :]
            skill, recip = (S_, L) if self.direction == "share_with" else (L, S_)
            table = skill * spec.skill + recip * spec.reciprocity
            if self.require_skill:
                if self.direction == "learn_from":
                    dead = (L == 0) & np.ones_like(S_, dtype=bool)
                elif self.direction == "share_with":
                    dead = (S_ == 0) & np.ones_like(L, dtype=bool)
                else:
                    dead = (L == 0) & (S_ == 0)
                table = np.where(dead, -np.inf, table)
            # index = learn code · |share codes| + share code
            self.table = np.ascontiguousarray(table.reshape(-1))
            self.share_codes = share_vals.size
            self.learn_codes = learn_vals.size
            # Distinct masks → the multiplier they add to their side's code, grouped by the
            # category the mask lies in: each category's bits are taken out of the bitset once
            # per chunk as a narrow field (uint16 for up to 16 nodes), its masks tested on it.
            for side, radix, matrix in ((learn_side, learn_radix, cols.fields["shares"]),
                                        (share_side, share_radix, cols.fields["learns"])):
                uses: dict[tuple[int, ...], int] = {}
                mult = 1
                for (masks, _), r in zip(side, radix):
                    for mask in masks:
                        uses[mask] = uses.get(mask, 0) + mult
                    mult *= r
                groups: dict[int, list] = {}
                for mask, mult in uses.items():
                    bits = sum(v << (64 * w) for w, v in enumerate(mask))
                    k = cols.field_of(bits)
                    column = matrix[k]
                    fmask = column.dtype.type(bits >> cols.category_range[k][0])
                    groups.setdefault(k, []).append((fmask, np.uint8(mult)))
                self.plan.append((matrix, list(groups.items())))

        # Language: the candidate's levels in the seeker's languages (those the seeker speaks at
        # the threshold level or above) as one base-7 code; a table per seeker gives
        # language·w.language for each code, -inf where the language gate rejects.
        t = self.threshold_level
        langs = [(row, lvl) for row, lvl in cols.seeker_languages(s) if lvl >= t]
        self.seeker_langs = langs
        self.lang_rows = [(row, np.uint16(7 ** j)) for j, (row, _) in enumerate(langs)]
        if 7 ** len(langs) > 1 << 16:
            raise ValueError(f"seeker {cols.usernames[s]!r} speaks {len(langs)} languages: more than this benchmark's tables allow")
        key = tuple(lvl for _, lvl in langs)
        cached = self._lang_cache.get(key)
        if cached is None:
            code = np.arange(7 ** len(langs))
            best = np.zeros(code.size, dtype=np.int64)
            for j, lvl in enumerate(key):
                v = (code // 7 ** j) % 7
                best = np.maximum(best, np.where(v >= t, np.minimum(v, lvl), 0))
            lang_w = (best / 6) * spec.language
            if spec.min_level >= 1:
                lang_w = np.where(best == 0, -np.inf, lang_w)
            finite = lang_w[np.isfinite(lang_w)]
            cached = self._lang_cache[key] = (lang_w, float(finite.max()) if finite.size else 0.0)
        self.lut_lang_w, self.lang_max_w = cached
        # Region: region·w.region by the candidate's region code, then same_country·w.region where
        # the countries are the same (0 when either region is unknown).
        sr, sc = int(cols.region[s]), int(cols.country[s])
        lut = self._region_cache.get(sr)
        if lut is None:
            lut = np.zeros(256, dtype=np.float64)
            if sr:
                lut[1:] = spec.other_region
                lut[sr] = spec.same_region
            lut = self._region_cache[sr] = lut * spec.region
        self.lut_region_w = lut
        self.seeker_country = np.uint16(sc) if sr and sc else None
        self.same_country_w = spec.same_country * spec.region
        # Time zone: time_zone·w.time_zone by the number of common quarter hours.
        self.seeker_avail = np.ascontiguousarray(cols.avail[:, s])
        self.avail_words = np.flatnonzero(self.seeker_avail).tolist()
        self.seeker_words = self.seeker_avail[self.avail_words]
        self.lut_tz_w = self.lut_tz * spec.time_zone
        # The most language, region and time zone can add for this seeker (bounds for pruning).
        self.region_max_w = float(max(self.lut_region_w.max(), self.same_country_w if self.seeker_country else 0.0))
        self.tz_max_w = float(self.lut_tz_w[int(np.bitwise_count(self.seeker_avail).sum())])

    # -- the skill part -----------------------------------------------------------------------

    def _hits(self, matrix: np.ndarray, nz, c0: int, c1: int) -> np.ndarray:
        m = c1 - c0
        t64, hit = self.t64[:m], self.hit[:m]
        if len(nz) == 1:
            w, v = nz[0]
            np.bitwise_and(matrix[w, c0:c1], v, out=t64)
        else:
            u64 = self.u64[:m]
            w, v = nz[0]
            np.bitwise_and(matrix[w, c0:c1], v, out=t64)
            for w, v in nz[1:]:
                np.bitwise_and(matrix[w, c0:c1], v, out=u64)
                np.bitwise_or(t64, u64, out=t64)
        np.not_equal(t64, 0, out=hit)
        return hit

    def _skill_part(self, c0: int, c1: int) -> np.ndarray:
        """skill·w.skill + reciprocity·w.reciprocity for candidates c0…c1 (-inf: rejected)."""
        m = c1 - c0
        p1 = self.p1[:m]
        if self.table is not None:
            hit = self.hit[:m]
            hv = hit.view(np.uint8)
            tmp8 = self.tmp8[:m]
            codes = []
            for (fields, groups), code in zip(self.plan, (self.code_l[:m], self.code_s[:m])):
                code.fill(0)
                for k, masks in groups:
                    f = fields[k][c0:c1]
                    t = self.and_buf[f.dtype.type][:m]
                    for fmask, mult in masks:
                        np.bitwise_and(f, fmask, out=t)
                        np.not_equal(t, 0, out=hit)
                        if mult == 1:
                            np.add(code, hv, out=code)
                        else:
                            np.multiply(hv, mult, out=tmp8)
                            np.add(code, tmp8, out=code)
                codes.append(code)
            if self.share_codes == 1:
                code = codes[0]
            elif self.learn_codes == 1:
                code = codes[1]
            else:
                code, tmp = self.code16[:m], self.tmp16[:m]
                np.copyto(code, codes[0])
                np.multiply(code, np.uint16(self.share_codes), out=code)
                np.copyto(tmp, codes[1])
                np.add(code, tmp, out=code)
            np.take(self.table, code, mode="clip", out=p1)
        else:
            self._skill_part_slow(c0, c1, p1)
        s = self.seeker
        if c0 <= s < c1:
            p1[s - c0] = -np.inf
        return p1

    def _skill_part_slow(self, c0: int, c1: int, p1: np.ndarray) -> None:
        """For seekers with so many skills that the code table would be too big: per wanted skill
        its hit count, its credit by a small table, summed in taxonomy order."""
        m = c1 - c0
        vals = []
        for matrix, (side, _) in zip(self.matrices, self.side_info):
            acc = np.zeros(m)
            for masks, credits in side:
                count = np.zeros(m, dtype=np.uint8)
                for mask in masks:
                    nz = [(w, np.uint64(v)) for w, v in enumerate(mask) if v]
                    np.add(count, self._hits(matrix, nz, c0, c1), out=count)
                acc = acc + np.asarray(credits).take(count)
            vals.append(acc / len(side) if side else acc)
        learn, share = vals
        skill, recip = (share, learn) if self.direction == "share_with" else (learn, share)
        np.copyto(p1, skill * self.spec.skill + recip * self.spec.reciprocity)
        if self.require_skill:
            if self.direction == "learn_from":
                dead = learn == 0
            elif self.direction == "share_with":
                dead = share == 0
            else:
                dead = (learn == 0) & (share == 0)
            p1[dead] = -np.inf

    # -- language, region, time zone ----------------------------------------------------------

    def _rest(self, sel, p1: np.ndarray, out: np.ndarray) -> np.ndarray:
        """out = (p1 + language·w) + region·w for the candidates `sel` (a slice, or global
        indices of the survivors), -inf where the language gate rejects."""
        cols = self.cols
        m = p1.shape[0]
        f = self.f1[:m]
        gather = not isinstance(sel, slice)
        if self.lang_rows:
            code, tmp, lvl = self.lcode[:m], self.tmp16[:m], self.lvl[:m]
            for j, (row, mult) in enumerate(self.lang_rows):
                if gather:
                    src = np.take(cols.levels[row], sel, out=lvl, mode="clip")
                else:
                    src = cols.levels[row, sel]
                if j == 0:
                    np.copyto(code, src)
                else:
                    np.copyto(tmp, src)
                    np.multiply(tmp, mult, out=tmp)
                    np.add(code, tmp, out=code)
            np.take(self.lut_lang_w, code, out=f, mode="clip")
        else:
            f.fill(self.lut_lang_w[0])
        np.add(p1, f, out=out)
        if gather:
            np.take(self.lut_region_w, np.take(cols.region, sel, out=self.lvl[:m], mode="clip"), out=f, mode="clip")
        else:
            np.take(self.lut_region_w, cols.region[sel], out=f, mode="clip")
        if self.seeker_country is not None:
            country = np.take(cols.country, sel, out=self.tmp16[:m], mode="clip") if gather else cols.country[sel]
            eq = self.eq[:m]
            np.equal(country, self.seeker_country, out=eq)
            np.copyto(f, self.same_country_w, where=eq)
        np.add(out, f, out=out)
        return out

    def _time_zone(self, sel, out: np.ndarray) -> np.ndarray:
        """out += time_zone·w for the candidates `sel`. Only the availability words where the
        seeker has some slot are read (the others cannot overlap)."""
        m = out.shape[0]
        words = self.avail_words
        f = self.f2[:m]
        if not words:
            return np.add(out, self.lut_tz_w[0], out=out)
        nw = len(words)
        block = self.block[: nw * m].reshape(nw, m)
        avail = self.cols.avail
        if isinstance(sel, slice):
            if words == list(range(words[0], words[-1] + 1)):
                np.bitwise_and(avail[words[0] : words[-1] + 1, sel], self.seeker_words[:, None], out=block)
            else:
                for j, w in enumerate(words):
                    np.bitwise_and(avail[w, sel], self.seeker_words[j], out=block[j])
        else:
            for j, w in enumerate(words):
                np.take(avail[w], sel, out=block[j], mode="clip")
            np.bitwise_and(block, self.seeker_words[:, None], out=block)
        pop = self.pop[: nw * m].reshape(nw, m)
        np.bitwise_count(block, out=pop)
        count = self.count[:m]
        if nw == 1:
            np.copyto(count, pop[0])
        else:
            np.add.reduce(pop, axis=0, dtype=np.uint16, out=count)
        np.take(self.lut_tz_w, count, out=f, mode="clip")
        np.add(out, f, out=out)
        return out

    # -- queries ------------------------------------------------------------------------------

    def full(self, s: int, out: np.ndarray | None = None) -> np.ndarray:
        """The totals of seeker s against every candidate (-inf: rejected), no pruning."""
        self.prepare(s)
        n = self.cols.n
        if out is None:
            out = np.empty(n, dtype=np.float64)
        for c0, c1 in self.bounds:
            sl = slice(c0, c1)
            p1 = self._skill_part(c0, c1)
            o = out[c0:c1]
            self._rest(sl, p1, o)
            self._time_zone(sl, o)
        return out

    def top_k(self, s: int, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(candidate indices, totals) of the k best for seeker s, total descending then
        username key ascending."""
        self.prepare(s)
        rank = self.cols.rank
        best_idx = np.empty(0, dtype=np.int64)
        best_tot = np.empty(0, dtype=np.float64)
        threshold = -np.inf
        eps = 1e-9  # bounds are sums in another order: keep a margin, never drop a tie
        rest_max = self.lang_max_w + self.region_max_w + self.tz_max_w + eps
        wt = self.tz_max_w + eps
        for c0, c1 in self.bounds:
            p1 = self._skill_part(c0, c1)
            low = threshold - rest_max if threshold > -np.inf else -1e300
            idx = np.flatnonzero(p1 >= low)
            if idx.size == 0:
                continue
            g = idx + c0
            p = p1.take(idx)
            part = self._rest(g, p, np.empty(idx.size))
            if threshold > -np.inf:
                keep = np.flatnonzero(part >= threshold - wt)
                g, part = g.take(keep), part.take(keep)
            else:
                keep = np.flatnonzero(part > -np.inf)
                g, part = g.take(keep), part.take(keep)
            if g.size == 0:
                continue
            tot = self._time_zone(g, part)
            if threshold > -np.inf:
                keep = np.flatnonzero(tot >= threshold)
                g, tot = g.take(keep), tot.take(keep)
            if g.size == 0:
                continue
            all_idx = np.concatenate([best_idx, g])
            all_tot = np.concatenate([best_tot, tot])
            if all_idx.size > k:
                kth = np.partition(all_tot, all_idx.size - k)[all_idx.size - k]  # k-th largest
                keep = np.flatnonzero(all_tot >= kth)  # with every tie at the boundary
                all_idx, all_tot = all_idx.take(keep), all_tot.take(keep)
            order = np.lexsort((rank.take(all_idx), -all_tot))[:k]
            best_idx, best_tot = all_idx.take(order), all_tot.take(order)
            if best_idx.size == k:
                threshold = float(best_tot[-1])
        return best_idx, best_tot

    def breakdown(self, s: int, candidates: np.ndarray) -> np.ndarray:
        """(len, 6) array: total, skill, reciprocity, language, region, time zone for the given
        candidates (for checking the engine's breakdowns; not timed)."""
        self.prepare(s)
        cols, spec = self.cols, self.spec
        out = np.zeros((len(candidates), 6))
        for r, c in enumerate(np.asarray(candidates).tolist()):
            p1 = self._skill_part(c, c + 1)[0]
            vals = []
            for matrix, (side, _) in zip(self.matrices, self.side_info):
                acc = 0.0
                for masks, credits in side:
                    hits = sum(any(int(matrix[w, c]) & v for w, v in enumerate(mask)) for mask in masks)
                    acc = acc + credits[hits]
                vals.append(acc / len(side) if side else acc)
            learn, share = vals
            skill, recip = (share, learn) if self.direction == "share_with" else (learn, share)
            best = 0
            for row, level in self.seeker_langs:
                v = min(int(cols.levels[row, c]), level)
                if v >= self.threshold_level:
                    best = max(best, v)
            sr, cr = int(cols.region[s]), int(cols.region[c])
            if sr == 0 or cr == 0:
                region = 0.0
            elif cols.country[s] and cols.country[c] == cols.country[s]:
                region = spec.same_country
            else:
                region = spec.same_region if sr == cr else spec.other_region
            count = int(np.bitwise_count(cols.avail[:, c] & self.seeker_avail).sum())
            tot = np.empty(1)
            self._rest(slice(c, c + 1), np.array([p1]), tot)
            self._time_zone(slice(c, c + 1), tot)
            out[r] = (tot[0], skill, recip, self.lut_lang[best], region, self.lut_tz[count])
        return out


# --- comparing results -------------------------------------------------------------------------

class Mismatch(Exception):
    pass


def compare_top(label: str, ours: list[tuple[str, float]], theirs: list[tuple[str, float]]) -> str:
    """'identical', or 'ties' (same totals, usernames differing only inside groups of equal
    totals); raises Mismatch otherwise."""
    if ours == theirs:
        return "identical"
    if len(ours) != len(theirs):
        raise Mismatch(f"{label}: ours has {len(ours)} matches, numpy {len(theirs)}\n  ours  {ours}\n  numpy {theirs}")
    for r, ((u1, t1), (u2, t2)) in enumerate(zip(ours, theirs)):
        if t1 != t2:
            raise Mismatch(f"{label}: rank {r + 1}: ours {u1!r} {t1!r}, numpy {u2!r} {t2!r}"
                           f" (diff {t1 - t2:.3g})\n  ours  {ours}\n  numpy {theirs}")
    # same totals: usernames may differ only where totals tie
    groups: dict[float, tuple[set, set]] = {}
    for (u1, t1), (u2, _) in zip(ours, theirs):
        a, b = groups.setdefault(t1, (set(), set()))
        a.add(u1)
        b.add(u2)
    last = ours[-1][1]
    for t, (a, b) in groups.items():
        if a != b and t != last:
            raise Mismatch(f"{label}: different usernames at total {t!r}: ours {sorted(a)}, numpy {sorted(b)}")
    return "ties"


# --- selftest ----------------------------------------------------------------------------------

def edge_profiles() -> list:
    """Hand-made profiles for the corners of the spec."""
    P = lc.Profile
    av = [("mon", "08:00", "12:00"), ("wed", "22:00", "02:00")]
    out = [
        P("Edge Category Sharer", country="KE", languages={"en": "N", "sw": "N"}, timezone="Africa/Nairobi",
          availability=av, shares=["grants-resources", "translation"], learns=["rapid-fund"]),
        P("Edge Deep Learner", country="NG", languages={"en": "3", "ha": "N"}, timezone="Africa/Lagos",
          availability=av, shares=["content-translation"], learns=["wmf-funding-programmes", "on-wiki-technical"]),
        P("Edge Many Skills", country="BR", languages={"pt": "N", "en": "2", "es": "4"}, timezone="America/Sao_Paulo",
          availability=[("tue", "12:00", "20:00"), ("sat", "00:00", "24:00")],
          shares=["wikidata", "lua-templates", "bots-scripts", "grant-writing", "budgeting", "surveys", "mentoring",
                  "editathons", "governance"],
          learns=["rapid-fund", "photo-contests", "media-relations", "data-analysis", "partnerships",
                  "copyright-licensing", "fundraising", "learning-design", "facilitation"]),
        P("Edge Nothing", country="FR", languages={"fr": "N"}, timezone="Europe/Paris"),
        P("Edge No Place", languages={"en": "5", "fr": "2"}, timezone="UTC", availability=[("thu", "10:00", "16:00")],
          shares=["wikidata"], learns=["grant-writing"]),
        P("Edge Weak Language", country="IN", languages={"en": "1", "hi": "1"}, timezone="Asia/Kolkata",
          availability=[("mon", "08:30", "10:45")], shares=["editing-wikipedia"], learns=["wikidata"]),
        P("Edge QIDs", country="KE", languages={"en": "4", "sw": "0"}, timezone="Africa/Nairobi",
          availability=av, shares=["Q2013", "wikidata", "organisational"], learns=["interpersonal", "communication"]),
        P("edge lower_case", country="KE", languages={"en": "4"}, timezone="Africa/Nairobi",
          availability=av, shares=["grants-resources"], learns=["rapid-fund"]),
    ]
    return out


SELFTEST_SPECS = [
    ("default", Spec(), "mutual", True),
    ("learn_from", Spec(), "learn_from", True),
    ("share_with", Spec(), "share_with", True),
    ("no require_skill", Spec(), "mutual", False),
    ("min_level 0", Spec(min_level=0), "mutual", True),
    ("cross-regional", Spec(same_country=0.0, same_region=0.25, other_region=1.0), "mutual", True),
    ("odd weights", Spec(skill=0.3, reciprocity=0.35, language=0.05, region=0.2, time_zone=0.7, narrower=0.3,
                         related=0.6, category=0.1, same_country=0.7, same_region=0.9, other_region=0.2,
                         overlap_hours=2.5, min_level=4), "learn_from", True),
    ("capx-like", Spec(skill=1.0, reciprocity=0.0, language=0.0, region=0.0, time_zone=0.0, narrower=0.0,
                       related=0.0, category=0.0, min_level=0), "learn_from", True),
]


def selftest(n: int = 2000, seed: int = 7, seekers: int = 25, engine: bool | None = None) -> int:
    print(f"selftest: {n:,} synthetic profiles (seed {seed}) + {len(edge_profiles())} hand-made ones")
    with tempfile.TemporaryDirectory(prefix="lc-selftest-") as tmp:
        path = Path(tmp) / "small.json"
        synthetic.write_directory(path, n, seed)
        d = lc.Directory.load(str(path), week=WEEK).with_profiles(edge_profiles())
    t0 = time.perf_counter()
    ref = Reference(d)
    cols = Columns(d)
    print(f"  reference and numpy columns built in {time.perf_counter() - t0:.1f} s")
    # the columns agree with the profiles
    for i in range(len(d)):
        assert cols.bits(cols.shares, i) == ref.people[i]["shares"], i
        assert cols.bits(cols.learns, i) == ref.people[i]["learns"], i
        slots = 0
        for w in range(AVAIL_WORDS):
            slots |= int(cols.avail[w, i]) << (64 * w)
        assert slots == ref.people[i]["slots"], i
    if engine is None:
        engine = hasattr(lc, "Weights")
    rng = random.Random(seed)
    edge = [d.usernames.index(p.username) for p in edge_profiles()]
    picks = sorted(set(rng.sample(range(len(d) - len(edge)), seekers)) | set(edge))
    problems = 0
    specs = list(SELFTEST_SPECS)
    if engine:
        specs += [("lc.Weights.capx()", Spec.from_lc(lc.Weights.capx()), "mutual", True),
                  ("cross_regional()", Spec.from_lc(lc.Weights.cross_regional()), "share_with", True),
                  ("odd, share_with", SELFTEST_SPECS[6][1], "share_with", False)]
    for label, spec, direction, require in specs:
        ok_full = ok_top = 0
        small = NumpyScorer(cols, spec, direction, require, chunk=256, first_chunk=64)
        big = NumpyScorer(cols, spec, direction, require)
        eng = []
        for s in picks:
            want = ref.totals(s, spec, direction, require)
            for name, scorer in (("chunk 256", small), ("chunk 64k", big)):
                got = scorer.full(s)
                if not np.array_equal(got, want):
                    bad = np.flatnonzero(got != want)
                    c = int(bad[0])
                    problems += 1
                    print(f"  MISMATCH [{label}] numpy full ({name}) seeker {d.usernames[s]!r}: {bad.size} pairs differ, "
                          f"first {d.usernames[c]!r}: numpy {got[c]!r}, reference {want[c]!r} "
                          f"{ref.score(s, c, spec, direction, require)}")
                    break
            else:
                ok_full += 1
            for k in (1, 10, 60):
                expect = [(d.usernames[c], t) for c, t in ref.top_k(s, k, spec, direction, require)]
                for name, scorer in (("chunk 256", small), ("chunk 64k", big)):
                    idx, tot = scorer.top_k(s, k)
                    got = [(d.usernames[c], t) for c, t in zip(idx.tolist(), tot.tolist())]
                    if got != expect:
                        problems += 1
                        print(f"  MISMATCH [{label}] numpy top-{k} ({name}) seeker {d.usernames[s]!r}:\n"
                              f"    numpy     {got}\n    reference {expect}")
                        break
                else:
                    continue
                break
            else:
                ok_top += 1
            # breakdowns of the reference's top 10
            top = [c for c, _ in ref.top_k(s, 10, spec, direction, require)]
            if top:
                b = big.breakdown(s, np.array(top))
                for row, c in zip(b.tolist(), top):
                    if tuple(row) != ref.score(s, c, spec, direction, require):
                        problems += 1
                        print(f"  MISMATCH [{label}] numpy breakdown {d.usernames[s]!r} × {d.usernames[c]!r}: "
                              f"{tuple(row)} vs {ref.score(s, c, spec, direction, require)}")
            if engine:
                eng.append(check_engine_against_reference(d, ref, s, spec, direction, require, label))
        line = f"  [{label:17s}] {direction:10s} numpy full vectors {ok_full}/{len(picks)}, top-k {ok_top}/{len(picks)} agree"
        if engine:
            bad = sum(1 for e in eng if e)
            problems += bad
            line += f"; engine {len(eng) - bad}/{len(eng)} agree"
        print(line)
    print("selftest: " + ("all agree" if problems == 0 else f"{problems} MISMATCHES"))
    if not engine:
        print("  (engine not checked: this letsconnect has no lc.Weights yet)")
    return 0 if problems == 0 else 1


def check_engine_against_reference(d, ref: Reference, s: int, spec: Spec, direction: str, require: bool,
                                   label: str) -> int:
    """0 if the engine's score_matrix row, recommend() top-k and score() agree with the
    reference for seeker s; else prints and returns 1."""
    u = d.usernames[s]
    w = spec.to_lc()
    want = ref.totals(s, spec, direction, require)
    try:
        row = d.score_matrix([u], direction=direction, weights=w, require_skill=require)[0]
        if not np.array_equal(row, want.astype(np.float32)):
            bad = np.flatnonzero(row != want.astype(np.float32))
            c = int(bad[0])
            print(f"  ENGINE MISMATCH [{label}] score_matrix {u!r}: {bad.size} pairs; first {d.usernames[c]!r} "
                  f"engine {row[c]!r} reference {want[c]!r} {ref.score(s, c, spec, direction, require)}")
            return 1
        for k in (1, 10, 60):
            expect = [(d.usernames[c], t) for c, t in ref.top_k(s, k, spec, direction, require)]
            got = [(m.username, m.total) for m in d.recommend(u, k, direction=direction, weights=w, require_skill=require)]
            if got != expect:
                print(f"  ENGINE MISMATCH [{label}] recommend({u!r}, {k}):\n    engine    {got}\n    reference {expect}")
                return 1
        for c, _ in ref.top_k(s, 5, spec, direction, require):
            m = d.score(u, d.usernames[c], direction=direction, weights=w, require_skill=require)
            r = ref.score(s, c, spec, direction, require)
            got = None if m is None else (m.total, m.skill, m.reciprocity, m.language, m.region, m.time_zone)
            if got != r:
                print(f"  ENGINE MISMATCH [{label}] score({u!r}, {d.usernames[c]!r}): engine {got}, reference {r}")
                return 1
    except Exception as e:  # noqa: BLE001 -- report, keep checking
        print(f"  ENGINE ERROR [{label}] seeker {u!r}: {type(e).__name__}: {e}")
        return 1
    return 0


# --- the benchmark -----------------------------------------------------------------------------

def fmt_t(s: float) -> str:
    if s < 1e-3:
        return f"{s * 1e6:.0f} µs"
    return f"{s * 1000:.2f} ms" if s < 1 else f"{s:.2f} s"


def print_table(rows: list[tuple[str, ...]], header: tuple[str, ...]) -> None:
    widths = [max(len(r[k]) for r in [header, *rows]) for k in range(len(header))]

    def line(r: tuple[str, ...]) -> str:
        return "  ".join(c.ljust(w) if k == 0 else c.rjust(w) for k, (c, w) in enumerate(zip(r, widths))).rstrip()

    print(line(header))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(line(r))


def directory_file(n: int, seed: int, cache: Path | None, tmp: Path) -> tuple[Path, str]:
    folder = cache if cache else tmp
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"directory-{n}-seed{seed}.json"
    if cache and path.exists() and path.stat().st_size > 0:
        return path, f"reused {path} ({path.stat().st_size / 1e6:,.1f} MB)"
    t0 = time.perf_counter()
    part = path.with_suffix(".json.part")
    size = synthetic.write_directory(part, n, seed)
    os.replace(part, path)
    return path, f"generated {path} ({size / 1e6:,.1f} MB) in {time.perf_counter() - t0:.1f} s"


def load(n: int, seed: int, cache: Path | None, tmp: Path):
    path, note = directory_file(n, seed, cache, tmp)
    print(f"  {n:,} profiles: {note}")
    t0 = time.perf_counter()
    d = lc.Directory.load(str(path), week=WEEK)
    t1 = time.perf_counter()
    cols = Columns(d)
    t2 = time.perf_counter()
    print(f"    lc.Directory.load {t1 - t0:.1f} s; numpy columns (level matrix {cols.levels.shape[0]} languages "
          f"× {n:,}, regions, countries, username ranks) {t2 - t1:.1f} s, {cols.nbytes() / 2**20:,.0f} MiB")
    return d, cols


def as_list(matches) -> list[tuple[str, float]]:
    return [(m.username, m.total) for m in matches]


def check_breakdowns(scorer: NumpyScorer, cols: Columns, s: int, matches, label: str) -> None:
    if not matches:
        return
    idx = np.array([cols.index[m.username] for m in matches])
    b = scorer.breakdown(s, idx)
    for row, m in zip(b.tolist(), matches):
        got = (m.total, m.skill, m.reciprocity, m.language, m.region, m.time_zone)
        if tuple(row) != got:
            raise Mismatch(f"{label}: breakdown of {m.username!r}: engine {got}, numpy {tuple(row)}")


def bench_single(d, cols: Columns, seekers: list[int], k: int, direction: str) -> dict:
    spec = Spec()
    weights = lc.Weights()
    scorer = NumpyScorer(cols, spec, direction)
    usernames = cols.usernames
    # warm-up (first touches of lazily built or paged-out memory), untimed
    d.recommend(usernames[seekers[0]], k, direction=direction, weights=weights)
    scorer.top_k(seekers[0], k)
    ours_t, np_t, status = [], [], {"identical": 0, "ties": 0}
    for s in seekers:
        u = usernames[s]
        t0 = time.perf_counter()
        ours = d.recommend(u, k, direction=direction, weights=weights)
        t1 = time.perf_counter()
        idx, tot = scorer.top_k(s, k)
        t2 = time.perf_counter()
        ours_t.append(t1 - t0)
        np_t.append(t2 - t1)
        label = f"recommend({u!r}, {k}, direction={direction!r}) on {cols.n:,} profiles"
        status[compare_top(label, as_list(ours), [(usernames[c], t) for c, t in zip(idx.tolist(), tot.tolist())])] += 1
        check_breakdowns(scorer, cols, s, ours, label)
    # Back to back: each engine answers all the seekers in a row, so what it reads stays in the
    # caches from one query to the next (a service answering a stream of queries); above, each
    # query follows the other engine's and the checks, and starts with cold caches.
    t0 = time.perf_counter()
    for s in seekers:
        d.recommend(usernames[s], k, direction=direction, weights=weights)
    t1 = time.perf_counter()
    for s in seekers:
        scorer.top_k(s, k)
    t2 = time.perf_counter()
    return {"ours": ours_t, "numpy": np_t, "status": status,
            "ours_warm": (t1 - t0) / len(seekers), "numpy_warm": (t2 - t1) / len(seekers)}


def bench_batch(d, cols: Columns, seekers: list[int], k: int, threads: int) -> dict:
    spec = Spec()
    usernames = cols.usernames
    names = [usernames[s] for s in seekers]
    d.recommend_many(names[:4], k)  # warm-up
    t0 = time.perf_counter()
    ours = d.recommend_many(names, k)
    ours_s = time.perf_counter() - t0

    scorer = NumpyScorer(cols, spec)
    t0 = time.perf_counter()
    one = [scorer.top_k(s, k) for s in seekers]
    one_s = time.perf_counter() - t0

    local = threading.local()

    def work(s: int):
        sc = getattr(local, "scorer", None)
        if sc is None:
            sc = local.scorer = NumpyScorer(cols, spec)
        return sc.top_k(s, k)

    with concurrent.futures.ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(work, seekers[: 2 * threads]))  # warm-up: one scorer per thread
        t0 = time.perf_counter()
        many = list(pool.map(work, seekers))
        many_s = time.perf_counter() - t0

    status = {"identical": 0, "ties": 0}
    for s, o, (idx, tot), (idx2, tot2) in zip(seekers, ours, one, many):
        theirs = [(usernames[c], t) for c, t in zip(idx.tolist(), tot.tolist())]
        if not (np.array_equal(idx, idx2) and np.array_equal(tot, tot2)):
            raise Mismatch(f"numpy threaded and single results differ for {usernames[s]!r}")
        status[compare_top(f"recommend_many: seeker {usernames[s]!r} on {cols.n:,} profiles", as_list(o), theirs)] += 1
    return {"ours": ours_s, "numpy": one_s, "numpy_threads": many_s, "status": status}


def bench_matrix(d, cols: Columns, seekers: list[int], threads: int) -> dict:
    spec = Spec()
    names = [cols.usernames[s] for s in seekers]
    d.score_matrix(names[:2])  # warm-up
    t0 = time.perf_counter()
    ours = d.score_matrix(names)
    ours_s = time.perf_counter() - t0
    if ours.shape != (len(seekers), cols.n) or ours.dtype != np.float32:
        raise Mismatch(f"score_matrix: shape {ours.shape} dtype {ours.dtype}, expected ({len(seekers)}, {cols.n}) float32")

    scorer = NumpyScorer(cols, spec)
    row = np.empty(cols.n)
    theirs = np.empty((len(seekers), cols.n), dtype=np.float32)
    t0 = time.perf_counter()
    for r, s in enumerate(seekers):
        scorer.full(s, out=row)
        theirs[r] = row
    np_s = time.perf_counter() - t0

    local = threading.local()
    theirs2 = np.empty_like(theirs)

    def work(item):
        r, s = item
        sc = getattr(local, "scorer", None)
        if sc is None:
            sc = local.scorer = NumpyScorer(cols, spec)
            local.row = np.empty(cols.n)
        sc.full(s, out=local.row)
        theirs2[r] = local.row

    with concurrent.futures.ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(work, list(enumerate(seekers))[: 2 * threads]))
        t0 = time.perf_counter()
        list(pool.map(work, list(enumerate(seekers))))
        np2_s = time.perf_counter() - t0
    if not np.array_equal(theirs, theirs2):
        raise Mismatch("numpy threaded and single score matrices differ")
    same = ours == theirs
    same |= np.isneginf(ours) & np.isneginf(theirs)
    if not same.all():
        r, c = map(int, np.argwhere(~same)[0])
        s = seekers[r]
        raise Mismatch(f"score_matrix: {int((~same).sum()):,} of {same.size:,} entries differ; first: seeker "
                       f"{cols.usernames[s]!r} × {cols.usernames[c]!r}: engine {ours[r, c]!r}, numpy {theirs[r, c]!r} "
                       f"(float64 {NumpyScorer(cols, spec).full(s)[c]!r}; breakdown total, skill, reciprocity, "
                       f"language, region, time zone = {NumpyScorer(cols, spec).breakdown(s, np.array([c]))[0].tolist()})")
    return {"ours": ours_s, "numpy": np_s, "numpy_threads": np2_s, "pairs": len(seekers) * cols.n,
            "rejected": float(np.isneginf(ours).mean())}


def read_bandwidth() -> dict:
    """Sequential bandwidth (bytes/s) on one core, streaming 256 MiB: reads (the floor uses the
    best of these) and a copy (bytes read + written)."""
    a = np.ones(1 << 25, dtype=np.uint64)  # 256 MiB
    b = np.empty_like(a)
    out = {}
    for name, fn, factor in (
        ("read: np.sum (float64 view)", lambda: a.view(np.float64).sum(), 1),
        ("read: np.bitwise_or.reduce", lambda: np.bitwise_or.reduce(a), 1),
        ("read: np.max (uint8 view)", lambda: a.view(np.uint8).max(), 1),
        ("copy: np.copyto (r+w)", lambda: np.copyto(b, a), 2),
    ):
        fn()
        best = min(_timed(fn) for _ in range(5))
        out[name] = a.nbytes * factor / best
    return out


def parallel_capacity(threads: int) -> float:
    """How many times more work `threads` threads get done than one right now (a GIL-free numpy
    loop): about the number of idle cores, so another job on the machine shows here."""
    a = np.ones(1 << 20)
    out = [np.empty_like(a) for _ in range(threads)]

    def work(j: int) -> None:
        for _ in range(150):
            np.sqrt(a, out=out[j])

    one = _timed(lambda: work(0))
    pool = [threading.Thread(target=work, args=(j,)) for j in range(threads)]
    t0 = time.perf_counter()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return threads * one / (time.perf_counter() - t0)


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="profiles for the one-seeker test (default 1,000,000)")
    parser.add_argument("--seekers", type=int, default=30, help="random seekers for the one-seeker test (default 30)")
    parser.add_argument("--batch-n", type=int, default=100_000, help="profiles for the batch and matrix tests (default 100,000)")
    parser.add_argument("--batch-seekers", type=int, default=1000, help="seekers of recommend_many (default 1,000)")
    parser.add_argument("--matrix-seekers", type=int, default=200, help="seekers of score_matrix (default 200)")
    parser.add_argument("--k", type=int, default=10, help="top-k (default 10)")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 2, help="threads of the threaded numpy runs")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--quick", action="store_true",
                        help="small and fast: 100,000 profiles, 10 seekers, batch 200 × 20,000, matrix 50 × 20,000")
    parser.add_argument("--cache", metavar="DIR", help="keep the generated directories in DIR and reuse them")
    parser.add_argument("--selftest", action="store_true",
                        help="check the numpy scorer (and the engine, if built) against a plain-Python transcription of the spec")
    args = parser.parse_args(argv)
    if args.selftest:
        return selftest()
    if args.quick:
        args.n, args.seekers, args.batch_n, args.batch_seekers, args.matrix_seekers = 100_000, 10, 20_000, 200, 50
    if not hasattr(lc, "Weights"):
        print("this letsconnect has no recommendation engine yet (no lc.Weights); try --selftest", file=sys.stderr)
        return 2
    if Spec.from_lc(lc.Weights()) != Spec():
        print(f"lc.Weights() defaults {lc.Weights().to_dict()} differ from this benchmark's {Spec()}", file=sys.stderr)
        return 2
    k = args.k
    cache = Path(args.cache) if args.cache else None
    tmpdir = tempfile.TemporaryDirectory(prefix="lc-bench-")
    tmp = Path(tmpdir.name)

    print(f"letsconnect {lc.__version__} recommendation benchmark — top-{k}, default weights, seed {args.seed}")
    load_avg = os.getloadavg()
    print(f"{dt.date.today().isoformat()}, {platform.machine()}, {os.cpu_count()} CPUs, Python "
          f"{platform.python_version()}, numpy {np.__version__}; load average {load_avg[0]:.2f}")
    print(f"cores free now: {args.threads} threads do {parallel_capacity(args.threads):.2f}× the work of one "
          f"(numpy loop without the GIL; about {args.threads:.0f} on an idle machine)")
    env = {v: os.environ[v] for v in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if v in os.environ}
    if env:
        print(f"note: {env} set (the benchmark command unsets them, design §7)")
    print("setup (not timed in the comparisons):")
    try:
        rng = random.Random(args.seed)
        d1, c1 = load(args.n, args.seed, cache, tmp)
        single_seekers = rng.sample(range(args.n), min(args.seekers, args.n))
        results = {}
        for direction in ("mutual", "learn_from"):
            results[direction] = bench_single(d1, c1, single_seekers, k, direction)
        del d1, c1
        gc.collect()

        d2, c2 = load(args.batch_n, args.seed, cache, tmp)
        batch_seekers = rng.sample(range(args.batch_n), min(args.batch_seekers, args.batch_n))
        batch = bench_batch(d2, c2, batch_seekers, k, args.threads)
        matrix_seekers = rng.sample(range(args.batch_n), min(args.matrix_seekers, args.batch_n))
        matrix = bench_matrix(d2, c2, matrix_seekers, args.threads)
        langs_per_seeker = float(np.mean([len(c2.seeker_languages(s)) for s in matrix_seekers]))
        bw = read_bandwidth()
    except Mismatch as e:
        print(f"\nRESULTS DIFFER — the comparison is void:\n{e}", file=sys.stderr)
        return 1
    finally:
        tmpdir.cleanup()

    print()
    rows = []
    for direction in ("mutual", "learn_from"):
        r = results[direction]
        o, p = float(np.mean(r["ours"])), float(np.mean(r["numpy"]))
        st = r["status"]
        rows.append((f"1. one seeker × {args.n:,}, {direction} (mean of {len(r['ours'])})", fmt_t(o), fmt_t(p),
                     f"{p / o:.1f}×", f"yes ({st['identical']} identical, {st['ties']} tie order)"))
        rows.append(("   median", fmt_t(float(np.median(r["ours"]))), fmt_t(float(np.median(r["numpy"]))),
                     f"{np.median(r['numpy']) / np.median(r['ours']):.1f}×", ""))
        rows.append(("   slowest seeker", fmt_t(max(r["ours"])), fmt_t(max(r["numpy"])),
                     f"{max(r['numpy']) / max(r['ours']):.1f}×", ""))
        rows.append(("   back to back (warm caches), mean", fmt_t(r["ours_warm"]), fmt_t(r["numpy_warm"]),
                     f"{r['numpy_warm'] / r['ours_warm']:.1f}×", ""))
    st = batch["status"]
    nb = len(batch_seekers)
    rows.append((f"2. recommend_many {nb:,} × {args.batch_n:,} (numpy 1 thread)", fmt_t(batch["ours"]),
                 fmt_t(batch["numpy"]), f"{batch['numpy'] / batch['ours']:.1f}×",
                 f"yes ({st['identical']} identical, {st['ties']} tie order)"))
    rows.append((f"   numpy on {args.threads} threads", fmt_t(batch["ours"]), fmt_t(batch["numpy_threads"]),
                 f"{batch['numpy_threads'] / batch['ours']:.1f}×", ""))
    rows.append(("   per seeker", fmt_t(batch["ours"] / nb), fmt_t(batch["numpy"] / nb), "", ""))
    pairs = matrix["pairs"]
    rows.append((f"3. score_matrix {len(matrix_seekers)} × {args.batch_n:,} (numpy 1 thread)", fmt_t(matrix["ours"]),
                 fmt_t(matrix["numpy"]), f"{matrix['numpy'] / matrix['ours']:.1f}×",
                 f"yes (all {pairs:,} float32 equal)"))
    rows.append((f"   numpy on {args.threads} threads", fmt_t(matrix["ours"]), fmt_t(matrix["numpy_threads"]),
                 f"{matrix['numpy_threads'] / matrix['ours']:.1f}×", ""))
    rows.append(("   ns per pair (wall)", f"{matrix['ours'] / pairs * 1e9:.2f} ns", f"{matrix['numpy'] / pairs * 1e9:.2f} ns",
                 "", f"{matrix['rejected']:.0%} of pairs rejected (-inf)"))
    print_table(rows, ("test", "ours", "numpy", "numpy/ours", "same results"))
    print("(ours: recommend / recommend_many / score_matrix with their default threads (0 = one per core); "
          "numpy/ours above 1 means ours is faster)")
    print()

    words = c2.words
    skill_b = 2 * words * 8
    engine_b = skill_b + 8 + 3 + AVAIL_WORDS * 8
    numpy_b = skill_b + langs_per_seeker + 3 + AVAIL_WORDS * 8
    reads = {k: v for k, v in bw.items() if k.startswith("read")}
    best_bw_name = max(reads, key=reads.get)
    rate = reads[best_bw_name]
    print("memory-bandwidth floor of a full scan (every column of every candidate read once, one core):")
    for name, b in bw.items():
        print(f"  {name:30s} {b / 1e9:6.1f} GB/s")
    print(f"  bytes per profile: skills {skill_b} (shares + learns, {words} words each), language mask 8, "
          f"region + country 3, availability {AVAIL_WORDS * 8} = {engine_b} B "
          f"(numpy's level rows: {langs_per_seeker:.1f} B for the seeker's languages instead of the mask = {numpy_b:.1f} B)")
    floor = engine_b / rate
    print(f"  at {rate / 1e9:.1f} GB/s ({best_bw_name}): {floor * 1e9:.2f} ns per profile → one seeker × {args.n:,}: "
          f"{fmt_t(floor * args.n)}; score_matrix rows re-read per seeker: {floor * 1e9:.2f} ns per pair "
          f"(+ 4 B written per pair)")
    top = results["mutual"]
    print(f"  measured: one seeker × {args.n:,} ours {fmt_t(float(np.mean(top['ours'])))} "
          f"({float(np.mean(top['ours'])) / floor / args.n:.2f}× the floor), numpy "
          f"{fmt_t(float(np.mean(top['numpy'])))}; score_matrix ours {matrix['ours'] / pairs * 1e9:.2f} ns/pair on "
          f"{os.cpu_count()} cores")
    print(f"process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20:,.1f} GiB; "
          f"load average at the end {os.getloadavg()[0]:.2f}; cores free at the end: "
          f"{parallel_capacity(args.threads):.2f}× with {args.threads} threads")
    return 0


if __name__ == "__main__":
    sys.exit(main())
