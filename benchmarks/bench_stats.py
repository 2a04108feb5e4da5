"""Directory statistics: `Directory.stats()` and `skill_gap(clinics)` next to vectorised numpy baselines,
and what progress reporting costs `recommend_many`.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv/bin/python benchmarks/bench_stats.py --cache /tmp/lcb
        [--sizes 100000,1000000] [--repeat 7] [--clinics 150] [--progress-seekers 2000]
        [--progress-rounds 10] [--seed 0]

In this one process, on the same synthetic directories (benchmarks/synthetic.py, written to a
temporary folder or reused from --cache), one after the other (design §7), for each size:

  1. `d.stats()` (min_level 1): rolled-up counts per taxonomy node for known (= knows ∪ shares),
     shares and learns (a person counts once for a node when they list it or anything below it),
     the direct counts, profiles per region and per country, speakers per language (at min_level
     or above, and native), region × language, region × top-level category (known, shares,
     learns). Next to three numpy baselines that count the same from the same profiles:

       A  profile-major fields: per set and category, one uint16 (uint32 above 16 nodes) per
          profile holding the category's listed nodes as bits; one np.bincount per field gives
          the histogram of values, and two small products of its non-zero bins with value → node
          tables (closure under "ancestor of", bits) give the rolled-up and the direct counts;
          region × category is np.bincount(region[field != 0]);
       B  node-major bitmaps: per set and node, a bitmap over profiles (one bit per profile);
          the rolled-up bitmap of a node is the OR of its children's (one pass up the tree),
          counts are np.bitwise_count sums, region × category ANDs the categories' bitmaps with
          one bitmap per region;
       C  scipy.sparse: per set the CSR incidence matrix profile × node; times the node →
          ancestor matrix gives per profile and node how many listed skills lie under it; its
          column counts (np.bincount of the indices) are the rolled-up counts, and a one-hot
          region matrix times it (data set to 1) is region × node.

     Regions, countries and languages are the same numpy code in all three: one np.bincount
     over a (region, country) code per profile, one over a (region, language, level) code per
     language entry (level 0 … 6, 6 = native), then sums over the right axes, and a lexsort
     for the orders (most first, then by code). The baseline's figure is the fastest of A, B, C.

  2. `d.skill_gap(clinics)` (every node; --clinics synthetic clinics on 1–3 random skills):
     demand (learns, rolled up), supply (shares, rolled up), gap, ratio, clinics per node
     (rolled up, each clinic once) and the latest clinic, sorted by gap, demand, taxonomy order.
     Baseline: the rolled-up shares and learns of A, B and C (only those two sets), a clinic ×
     node matrix (clinics' skills times the ancestor matrix), np.lexsort. Timed as arrays, and
     again with the DataFrame the library returns (built by the same code on both sides).

  3. progress reporting: on the first size (100,000 profiles), `d.recommend_many(users, 10,
     progress=False)` against `progress=<a no-op callable>` for --progress-seekers random seekers
     (2,000), alternating which goes first, --progress-rounds rounds (10), with the default
     threads (one per core) and again with threads=1 (less exposed to other jobs taking the
     second core); both must return the same matches. The core reports from the calling thread
     at most every ~100 ms, so the expected difference is ~0%; a last run with a callable that
     clocks itself shows the reports' own cost.

What each side's timing includes:
  ours      `d.stats()`: the C++ pass over the Directory's index columns (skill bitsets,
            region and country codes, language CSR), GIL released, and the counts handed to
            Python as lists. Its DataFrames are built lazily on access: timed on their own line.
            `d.skill_gap(clinics)`: C++ (which computes the whole of directory_stats, then the
            clinics' roll-up and the sort) plus the DataFrame.
  baseline  from arrays built once in setup (printed with their build times, not timed, just as
            the Directory's index is built when it loads): every count as a numpy array, the
            country and language orders, codes as strings. Not DataFrames (except the
            skill_gap "frame" line).

Both must agree on every count (stats compared through the public DataFrames; skill_gap frames
with pandas.testing.assert_frame_equal); the script also checks min_level 3 and "N" (untimed).
Otherwise it prints RESULTS DIFFER and exits 1. Times are the best (and median) of --repeat
rounds; in each round ours and every baseline run once, one after the other.

Setup (generating, loading, extracting the profiles, building the baseline arrays) is printed,
never timed in a comparison. Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import platform
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

import letsconnect as lc
from letsconnect import _stats

try:
    import scipy
    import scipy.sparse as sp
except ImportError:  # pragma: no cover
    scipy = sp = None

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_recommend import (  # noqa: E402
    LEVEL,
    WEEK,
    directory_file,
    fmt_t,
    parallel_capacity,
    print_table,
)

SETS = ("shares", "learns", "knows")   # what the profiles list
KINDS = ("known", "shares", "learns")  # what the stats count (known = knows ∪ shares)
NATIVE = 6


class Mismatch(Exception):
    pass


# --- the profiles as plain arrays (setup) -------------------------------------------------------

class Data:
    """What the baselines count from, extracted once from the Directory's Profile objects (not from
    its index): per set a (person, node position) list, region / country codes per profile, and
    the language entries (person, language, level). Codes: region 0 = none, 1 … 8 in lc.regions()
    order; country 0 = none, 1 … in lc.countries() order (alphabetical); languages in code order."""

    def __init__(self, directory: lc.Directory) -> None:
        tax = directory.taxonomy
        self.taxonomy = tax
        self.ids = list(tax.ids)
        self.nodes = len(self.ids)
        position = {s: k for k, s in enumerate(self.ids)}
        self.position = position
        self.n = n = len(directory)
        self.regions = lc.regions()
        region_code = {r: k + 1 for k, r in enumerate(self.regions)}
        table = lc.countries()
        self.country_codes = [c[0] for c in table]
        self.country_region = [c[2] for c in table]
        if self.country_codes != sorted(self.country_codes):
            raise SystemExit("lc.countries() is not in code order; the baseline's tie order assumes it")
        country_code = {c: k + 1 for k, c in enumerate(self.country_codes)}

        def pos(key: str) -> int:
            k = position.get(key)
            return k if k is not None else position[tax.find(key)]

        person = {s: [] for s in SETS}
        node = {s: [] for s in SETS}
        region = [0] * n
        country = [0] * n
        l_person: list[int] = []
        l_code: list[str] = []
        l_level: list[int] = []
        for i, p in enumerate(directory):
            for s, listed in (("shares", p.shares), ("learns", p.learns), ("knows", p.knows)):
                for k in sorted({pos(x) for x in listed}):
                    person[s].append(i)
                    node[s].append(k)
            region[i] = region_code[p.region] if p.region else 0
            country[i] = country_code[p.country] if p.country else 0
            for code, level in p.languages.items():
                l_person.append(i)
                l_code.append(code)
                l_level.append(LEVEL[str(level)])
        self.person = {s: np.array(v, dtype=np.int64) for s, v in person.items()}
        self.node = {s: np.array(v, dtype=np.int64) for s, v in node.items()}
        self.region = np.array(region, dtype=np.int64)
        self.country = np.array(country, dtype=np.int64)
        self.language_codes, lang = np.unique(np.array(l_code, dtype=object), return_inverse=True)
        self.language_codes = [str(c) for c in self.language_codes]
        self.l_person = np.array(l_person, dtype=np.int64)
        self.l_lang = lang.astype(np.int64)
        self.l_level = np.array(l_level, dtype=np.int64)

        # The taxonomy as arrays: parent position (-1 for roots), depth, roots, lineage (node and
        # its ancestors) and the ancestor matrix A[s, v] = 1 when v is s or above s.
        self.parent = np.array([position[tax.parent(s)] if tax.parent(s) else -1 for s in self.ids], dtype=np.int64)
        self.depth = np.array([tax.depth(s) for s in self.ids], dtype=np.int64)
        self.roots = np.array([position[r] for r in tax.roots], dtype=np.int64)
        self.lineage = [[k] + [position[a] for a in tax.ancestors(s)] for k, s in enumerate(self.ids)]
        self.ancestor = np.zeros((self.nodes, self.nodes), dtype=np.float64)
        for k, lin in enumerate(self.lineage):
            self.ancestor[k, lin] = 1.0
        self.category = np.array([position[tax.category(s)] for s in self.ids], dtype=np.int64)

    def check_against_index(self, directory: lc.Directory) -> bool:
        """The extracted lists equal the Directory's own skill bitsets (a sanity check of the data)."""
        for s in SETS:
            m = directory.skill_matrix(s)
            bits = np.zeros_like(m)
            w, b = self.node[s] // 64, (self.node[s] % 64).astype(np.uint64)
            np.bitwise_or.at(bits, (w, self.person[s]), np.uint64(1) << b)
            if not np.array_equal(bits, m):
                return False
        return True

    def nbytes(self) -> int:
        return sum(a.nbytes for a in [*self.person.values(), *self.node.values(), self.region, self.country,
                                      self.l_person, self.l_lang, self.l_level])


class People:
    """Regions, countries, languages: the part all three baselines share. Setup encodes each
    profile's (region, country) and each language entry's (region, language, level) as one int;
    counting is then one bincount each and sums over the right axes."""

    def __init__(self, data: Data) -> None:
        self.data = data
        self.nc = len(data.country_codes) + 1
        self.nl = len(data.language_codes)
        self.rc_key = (data.region * self.nc + data.country).astype(np.int32)
        self.lang_key = ((data.region[data.l_person] * self.nl + data.l_lang) * 7 + data.l_level).astype(np.int32)
        self.country_codes = np.array(data.country_codes, dtype=object)
        self.country_region = np.array(data.country_region, dtype=object)
        self.language_codes = np.array(data.language_codes, dtype=object)

    def nbytes(self) -> int:
        return self.rc_key.nbytes + self.lang_key.nbytes

    def count(self, min_level: int) -> dict:
        h = np.bincount(self.rc_key, minlength=9 * self.nc).reshape(9, self.nc)
        regions = h.sum(axis=1)
        countries = h.sum(axis=0)
        have = np.flatnonzero(countries[1:]) + 1
        order = have[np.lexsort((have, -countries[have]))]
        hl = np.bincount(self.lang_key, minlength=9 * self.nl * 7).reshape(9, self.nl, 7)
        at = hl[:, :, min_level:].sum(axis=2)        # (region incl. none, language)
        speakers = at.sum(axis=0)
        native = hl[:, :, NATIVE].sum(axis=0)
        spoken = np.flatnonzero(speakers)
        lorder = spoken[np.lexsort((spoken, -speakers[spoken]))]
        return {
            "profiles": self.data.n,
            "unknown_region": int(regions[0]),
            "no_country": int(countries[0]),
            "regions": regions[1:],
            "countries": (self.country_codes[order - 1].tolist(), self.country_region[order - 1].tolist(),
                          countries[order]),
            "languages": (self.language_codes[lorder].tolist(), speakers[lorder], native[lorder]),
            "region_language": at[1:, lorder].T,    # (language, region)
        }


def _assemble(people: dict, rolled: np.ndarray, direct: np.ndarray, region_category: np.ndarray) -> dict:
    """rolled, direct: (3 kinds, nodes); region_category: (3 kinds, 8 regions, roots)."""
    out = dict(people)
    out["skills"] = np.concatenate([rolled, direct]).T.astype(np.int64)   # (nodes, 6)
    out["region_category"] = np.moveaxis(region_category, 0, -1).astype(np.int64)  # (8, roots, 3)
    return out


# --- baseline A: profile-major category fields, joint histograms -----------------------------------

class Fields:
    """Per set and category, one uint16 (uint32 above 16 nodes) per profile: bit j = the
    category's j-th node is listed. Per category, value → node tables: `closure` (the value's
    nodes and everything above them inside the category) and `bits`."""

    name = "A fields + bincount"

    def __init__(self, data: Data, people: People) -> None:
        self.data, self.people = data, people
        self.region = data.region.astype(np.uint8)
        self.cats = []
        n = data.n
        for root in data.roots.tolist():
            members = np.flatnonzero(data.category == root)
            w = len(members)
            if w > 20:
                raise SystemExit(f"a category of {w} nodes: too wide for this baseline's value tables")
            local = np.full(data.nodes, -1, dtype=np.int64)
            local[members] = np.arange(w)
            values = np.arange(1 << w, dtype=np.int64)
            bits = ((values[:, None] >> np.arange(w)) & 1).astype(np.float64)
            closure = np.zeros_like(bits)
            for j, k in enumerate(members.tolist()):
                for a in data.lineage[k]:
                    closure[:, local[a]] = np.maximum(closure[:, local[a]], bits[:, j])
            dtype = np.uint16 if w <= 16 else np.uint32
            fields = {}
            for s in SETS:
                inside = data.category[data.node[s]] == root
                fields[s] = np.bincount(data.person[s][inside], weights=np.left_shift(1, local[data.node[s][inside]]),
                                        minlength=n).astype(dtype)
            self.cats.append({"root": root, "members": members, "w": w, "bits": bits, "closure": closure,
                              "fields": fields})

    def nbytes(self) -> int:
        return sum(f.nbytes for c in self.cats for f in c["fields"].values()) + self.region.nbytes

    def rolled_direct(self, kinds) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        nodes = self.data.nodes
        rolled = np.zeros((len(kinds), nodes), dtype=np.int64)
        direct = np.zeros((len(kinds), nodes), dtype=np.int64)
        rc = np.zeros((len(kinds), 8, len(self.cats)), dtype=np.int64)
        for ci, c in enumerate(self.cats):
            f = c["fields"]
            for ki, kind in enumerate(kinds):
                field = (f["knows"] | f["shares"]) if kind == "known" else f[kind]
                h = np.bincount(field, minlength=1 << c["w"])
                val = np.flatnonzero(h)
                cnt = h[val].astype(np.float64)
                rolled[ki, c["members"]] = cnt @ c["closure"][val]
                direct[ki, c["members"]] = cnt @ c["bits"][val]
                rc[ki, :, ci] = np.bincount(self.region[field != 0], minlength=9)[1:]
        return rolled, direct, rc

    def stats(self, min_level: int) -> dict:
        return _assemble(self.people.count(min_level), *self.rolled_direct(KINDS))


# --- baseline B: node-major bitmaps over profiles, np.bitwise_count --------------------------------

def _bitmaps(rows: np.ndarray, cols: np.ndarray, nrows: int, n: int) -> np.ndarray:
    """(nrows, ⌈n/64⌉) uint64: bit c of row r set for each (r, c)."""
    words = (n + 63) // 64
    dense = np.zeros((nrows, words * 64), dtype=bool)
    dense[rows, cols] = True
    return np.ascontiguousarray(np.packbits(dense, axis=1, bitorder="little").view("<u8"))


class Bitmaps:
    """Per set and node, who lists it, as a bitmap over profiles; one bitmap per region."""

    name = "B bitmaps + bitwise_count"

    def __init__(self, data: Data, people: People) -> None:
        self.data, self.people = data, people
        self.maps = {s: _bitmaps(data.node[s], data.person[s], data.nodes, data.n) for s in SETS}
        self.region_maps = _bitmaps(data.region, np.arange(data.n), 9, data.n)[1:]  # regions 1 … 8
        # children before parents: every node's bitmap is complete before it is ORed upwards
        order = np.argsort(-data.depth, kind="stable")
        self.up = [(int(k), int(data.parent[k])) for k in order if data.parent[k] >= 0]

    def nbytes(self) -> int:
        return sum(m.nbytes for m in self.maps.values()) + self.region_maps.nbytes

    def rolled_direct(self, kinds) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        rolled = np.zeros((len(kinds), self.data.nodes), dtype=np.int64)
        direct = np.zeros_like(rolled)
        rc = np.zeros((len(kinds), 8, len(self.data.roots)), dtype=np.int64)
        for ki, kind in enumerate(kinds):
            d = (self.maps["knows"] | self.maps["shares"]) if kind == "known" else self.maps[kind]
            r = d.copy()
            for child, parent in self.up:
                np.bitwise_or(r[parent], r[child], out=r[parent])
            rolled[ki] = np.bitwise_count(r).sum(axis=1, dtype=np.int64)
            direct[ki] = np.bitwise_count(d).sum(axis=1, dtype=np.int64)
            roots = r[self.data.roots]
            rc[ki] = np.bitwise_count(roots[None, :, :] & self.region_maps[:, None, :]).sum(axis=2, dtype=np.int64)
        return rolled, direct, rc

    def stats(self, min_level: int) -> dict:
        return _assemble(self.people.count(min_level), *self.rolled_direct(KINDS))


# --- baseline C: scipy.sparse products ----------------------------------------------------------------

class Sparse:
    """Per set the CSR incidence matrix profile × node (int32 ones), the node → ancestor matrix,
    and a one-hot region × profile matrix."""

    name = "C scipy.sparse products"

    def __init__(self, data: Data, people: People) -> None:
        self.data, self.people = data, people
        n, nodes = data.n, data.nodes
        self.S = {s: sp.csr_array((np.ones(len(data.person[s]), dtype=np.int32), (data.person[s], data.node[s])),
                                  shape=(n, nodes)) for s in SETS}
        self.A = sp.csr_array(data.ancestor.astype(np.int32))
        known = data.region > 0
        self.R = sp.csr_array((np.ones(int(known.sum()), dtype=np.int32),
                               (data.region[known] - 1, np.flatnonzero(known))), shape=(8, n))

    def nbytes(self) -> int:
        return sum(m.data.nbytes + m.indices.nbytes + m.indptr.nbytes for m in [*self.S.values(), self.R])

    def rolled_direct(self, kinds) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        nodes = self.data.nodes
        rolled = np.zeros((len(kinds), nodes), dtype=np.int64)
        direct = np.zeros_like(rolled)
        rc = np.zeros((len(kinds), 8, len(self.data.roots)), dtype=np.int64)
        for ki, kind in enumerate(kinds):
            S = (self.S["knows"] + self.S["shares"]) if kind == "known" else self.S[kind]
            C = S @ self.A                       # per profile and node: listed skills at or below it
            direct[ki] = np.bincount(S.indices, minlength=nodes)
            rolled[ki] = np.bincount(C.indices, minlength=nodes)
            C.data = np.ones_like(C.data)
            rc[ki] = (self.R @ C).toarray()[:, self.data.roots]
        return rolled, direct, rc

    def stats(self, min_level: int) -> dict:
        return _assemble(self.people.count(min_level), *self.rolled_direct(KINDS))


# --- skill_gap baseline -----------------------------------------------------------------------------

class ClinicArrays:
    """The clinics as (clinic, node) entries and start seconds, built once."""

    def __init__(self, clinics: lc.Clinics, data: Data) -> None:
        tax = data.taxonomy
        entries_c, entries_n = [], []
        starts = []
        for k, c in enumerate(clinics):
            starts.append(int(c.start.timestamp()))
            for s in c.skills:
                entries_c.append(k)
                entries_n.append(data.position[tax.find(s)])
        self.clinic = np.array(entries_c, dtype=np.int64)
        self.node = np.array(entries_n, dtype=np.int64)
        self.start = np.array(starts, dtype=np.int64)
        self.k = len(starts)


def gap_arrays(baseline, clinics: ClinicArrays, data: Data) -> dict:
    rolled, _, _ = baseline.rolled_direct(("learns", "shares"))
    demand, supply = rolled[0], rolled[1]
    direct = np.zeros((clinics.k, data.nodes))
    direct[clinics.clinic, clinics.node] = 1.0
    covered = (direct @ data.ancestor) > 0           # clinic × node, rolled up, each clinic once
    count = covered.sum(axis=0)
    last = np.where(covered, clinics.start[:, None], np.iinfo(np.int64).min).max(axis=0, initial=np.iinfo(np.int64).min)
    gap = demand - supply
    ratio = demand / (supply + 1.0)
    order = np.lexsort((np.arange(data.nodes), -demand, -gap))
    return {"order": order, "demand": demand[order], "supply": supply[order], "gap": gap[order],
            "ratio": ratio[order], "clinics": count[order], "last": last[order], "has_last": count[order] > 0}


def gap_frame(g: dict, data: Data) -> pd.DataFrame:
    """The same DataFrame Directory.skill_gap builds, from the baseline's arrays (the library's own
    frame helper, as in letsconnect._stats.skill_gap)."""
    last = pd.array(np.where(g["has_last"], g["last"], 0), dtype="Int64")
    last[~g["has_last"]] = pd.NA
    return _stats._skill_frame(data.taxonomy, [data.ids[k] for k in g["order"].tolist()], {
        "demand": _stats._counts(g["demand"]),
        "supply": _stats._counts(g["supply"]),
        "gap": _stats._counts(g["gap"]),
        "ratio": pd.array(g["ratio"], dtype="float64"),
        "clinics": _stats._counts(g["clinics"]),
        "last_clinic": pd.Series(pd.to_datetime(last, unit="s", utc=True), dtype="datetime64[ns, UTC]"),
    })


def synthetic_clinics(taxonomy, k: int, seed: int) -> lc.Clinics:
    rng = random.Random(seed)
    ids = list(taxonomy.ids)
    first = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
    out = []
    for j in range(k):
        start = first + dt.timedelta(days=rng.randrange(790), hours=rng.randrange(6, 20))
        out.append(lc.Clinic(f"clinic-{j:04d}", start=start, title=f"Clinic {j}",
                             skills=rng.sample(ids, rng.randint(1, 3))))
    return lc.Clinics(out)


# --- our side, in the same shape ------------------------------------------------------------------

def canonical_ours(st, data: Data) -> dict:
    """Our DirectoryStats, through its public DataFrames, in the baseline's shape."""
    skills = st.skills
    if skills["skill"].astype(str).tolist() != data.ids:
        raise Mismatch("stats().skills is not in taxonomy order")
    by_region = st.by_region
    if by_region["region"].astype(str).tolist() != data.regions:
        raise Mismatch(f"stats().by_region regions {by_region['region'].tolist()} != lc.regions()")
    country = st.by_country
    lang = st.by_language
    rl = st.region_language
    codes = lang["language"].tolist()
    if rl["language"].tolist() != [c for c in codes for _ in data.regions] or \
            rl["region"].astype(str).tolist() != data.regions * len(codes):
        raise Mismatch("stats().region_language is not language-major over lc.regions()")
    rc = st.region_category
    roots = [data.ids[k] for k in data.roots.tolist()]
    if rc["region"].astype(str).tolist() != [r for r in data.regions for _ in roots] or \
            rc["category"].astype(str).tolist() != roots * len(data.regions):
        raise Mismatch("stats().region_category is not region-major over the roots")
    return {
        "profiles": st.profiles,
        "unknown_region": st.unknown_region,
        "no_country": st.no_country,
        "regions": by_region["profiles"].to_numpy(np.int64),
        "countries": (country["country"].tolist(), country["region"].astype(str).tolist(),
                      country["profiles"].to_numpy(np.int64)),
        "languages": (codes, lang["speakers"].to_numpy(np.int64), lang["native"].to_numpy(np.int64)),
        "region_language": rl["speakers"].to_numpy(np.int64).reshape(len(codes), len(data.regions)),
        "skills": skills[_stats.SKILL_COLUMNS[4:]].to_numpy(np.int64),
        "region_category": rc[["known", "shares", "learns"]].to_numpy(np.int64).reshape(len(data.regions), len(roots), 3),
    }


def differences(ours: dict, theirs: dict, data: Data) -> list[str]:
    out = []

    def same(a, b) -> bool:
        if isinstance(a, tuple):
            return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
        if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
            a, b = np.asarray(a), np.asarray(b)
            return a.shape == b.shape and bool((a == b).all())
        return a == b

    for key in ("profiles", "unknown_region", "no_country", "regions", "countries", "languages",
                "region_language", "skills", "region_category"):
        if not same(ours[key], theirs[key]):
            detail = ""
            if key == "skills" and np.shape(ours[key]) == np.shape(theirs[key]):
                r, c = map(int, np.argwhere(np.asarray(ours[key]) != np.asarray(theirs[key]))[0])
                detail = (f": first at {data.ids[r]} {_stats.SKILL_COLUMNS[4 + c]}: ours {ours[key][r, c]}, "
                          f"baseline {theirs[key][r, c]}")
            out.append(key + detail)
    return out


# --- timing -----------------------------------------------------------------------------------------

def timed(fn):
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def rounds(fns: dict, repeat: int) -> dict:
    """Each round runs every function once, in turn; returns name → list of seconds."""
    for fn in fns.values():
        fn()  # warm-up (first touches, caches), untimed
    out = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            out[name].append(timed(fn)[0])
    return out


def bench_size(n: int, args, cache: Path | None, tmp: Path) -> dict:
    path, note = directory_file(n, args.seed, cache, tmp)
    print(f"  {n:,} profiles: {note}")
    t_load, d = timed(lambda: lc.Directory.load(str(path), week=WEEK))
    t_data, data = timed(lambda: Data(d))
    same_bits = data.check_against_index(d)
    if not same_bits:
        raise Mismatch("the skills extracted from the profiles differ from the Directory's skill_matrix")
    print(f"    lc.Directory.load {t_load:.1f} s; profiles → arrays (Python loop over the Profile objects) "
          f"{t_data:.1f} s, {data.nbytes() / 2**20:,.0f} MiB (equal to skill_matrix: yes)")
    t_people, people = timed(lambda: People(data))
    baselines = []
    builders = [Fields, Bitmaps] + ([Sparse] if sp is not None else [])
    parts = [f"shared (region,country) and (region,language,level) codes {fmt_t(t_people)}, "
             f"{people.nbytes() / 2**20:,.1f} MiB"]
    for cls in builders:
        t_b, b = timed(lambda: cls(data, people))
        baselines.append(b)
        parts.append(f"{b.name.split()[0]} {fmt_t(t_b)}, {b.nbytes() / 2**20:,.1f} MiB")
    print("    baseline arrays built once: " + "; ".join(parts))
    clinics = synthetic_clinics(d.taxonomy, args.clinics, args.seed)
    carr = ClinicArrays(clinics, data)

    # correctness first (untimed): every baseline against ours, at three levels
    for level, label in ((1, 1), (3, 3), (NATIVE, "N")):
        ours = canonical_ours(d.stats(label), data)
        for b in baselines:
            diff = differences(ours, b.stats(level), data)
            if diff:
                raise Mismatch(f"{n:,} profiles, min_level {label}: {b.name} differs from d.stats() in {', '.join(diff)}")
    ours_gap = d.skill_gap(clinics)
    for b in baselines:
        theirs_gap = gap_frame(gap_arrays(b, carr, data), data)
        try:
            pd.testing.assert_frame_equal(ours_gap, theirs_gap, check_exact=True)
        except AssertionError as e:
            raise Mismatch(f"{n:,} profiles: skill_gap: {b.name} differs from d.skill_gap(clinics):\n{e}") from None
    if int(ours_gap["clinics"].sum()) == 0:
        raise Mismatch("no clinic covered any node: the clinics are not exercised")

    # stats
    fns = {"ours": lambda: d.stats()}
    for b in baselines:
        fns[b.name] = (lambda b=b: b.stats(1))
    st_times = rounds(fns, args.repeat)
    st = d.stats()

    def frames():
        return [st.skills, st.by_root_skill, st.by_region, st.by_country, st.by_language, st.region_language,
                st.region_category]
    frame_times = rounds({"frames": frames}, args.repeat)["frames"]

    # skill_gap
    gfns = {"ours": lambda: d.skill_gap(clinics),
            "ours core": lambda: lc._core._skill_gap(d, clinics, -1, False, None, 0, 0)}
    for b in baselines:
        gfns[b.name] = (lambda b=b: gap_arrays(b, carr, data))
        gfns[b.name + " frame"] = (lambda b=b: gap_frame(gap_arrays(b, carr, data), data))
    gap_times = rounds(gfns, args.repeat)
    result = {"n": n, "d": d, "stats": st_times, "frames": frame_times, "gap": gap_times,
              "baselines": [b.name for b in baselines], "clinics": len(clinics),
              "covered": int((ours_gap["clinics"] > 0).sum())}
    del baselines, data, people
    return result


def bench_progress(d: lc.Directory, seekers: int, k: int, rounds_: int, seed: int, threads: int) -> dict:
    """recommend_many with progress=False and with a no-op callable, alternating which goes first."""
    rng = random.Random(seed + 1)
    users = rng.sample(d.usernames, min(seekers, len(d)))

    def noop(done: int, total: int) -> None:
        pass

    inside = {"calls": 0, "seconds": 0.0}

    def clocked(done: int, total: int) -> None:  # what the reports themselves cost, measured from inside
        t0 = time.perf_counter()
        inside["calls"] += 1
        inside["seconds"] += time.perf_counter() - t0

    d.recommend_many(users[:8], k, progress=False, threads=threads)  # warm-up
    times = {"progress=False": [], "progress=<no-op callable>": []}
    results = {}
    for r in range(rounds_):
        order = list(times) if r % 2 == 0 else list(reversed(times))
        for name in order:
            arg = False if name == "progress=False" else noop
            t, res = timed(lambda: d.recommend_many(users, k, progress=arg, threads=threads))
            times[name].append(t)
            if r == 0:
                results[name] = [[(m.username, m.total) for m in ms] for ms in res]
    first, second = results.values()
    if first != second:
        raise Mismatch("recommend_many gave different matches with and without a progress callable")
    t_clocked, _ = timed(lambda: d.recommend_many(users, k, progress=clocked, threads=threads))
    return {"times": times, "seekers": len(users), "threads": threads, "calls": inside["calls"],
            "inside": inside["seconds"], "clocked_run": t_clocked}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000", help="directory sizes (default 100000,1000000)")
    parser.add_argument("--repeat", type=int, default=7, help="timed rounds, best and median shown (default 7)")
    parser.add_argument("--clinics", type=int, default=150, help="synthetic clinics for skill_gap (default 150)")
    parser.add_argument("--progress-seekers", type=int, default=2000, help="seekers of the progress test (default 2,000)")
    parser.add_argument("--progress-rounds", type=int, default=10, help="rounds of the progress test (default 10)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--cache", metavar="DIR", help="keep the generated directories in DIR and reuse them")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    cache = Path(args.cache) if args.cache else None
    tmpdir = tempfile.TemporaryDirectory(prefix="lc-bench-")
    tmp = Path(tmpdir.name)

    print(f"letsconnect {lc.__version__} statistics benchmark — Directory.stats() and skill_gap(clinics), seed {args.seed}")
    print(f"{dt.date.today().isoformat()}, {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"numpy {np.__version__}, pandas {pd.__version__}, scipy {scipy.__version__ if scipy else '(none)'}; "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"cores free now: 2 threads do {parallel_capacity(2):.2f}× the work of one (about 2 on an idle machine)")
    env = {v: os.environ[v] for v in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if v in os.environ}
    if env:
        print(f"note: {env} set (the benchmark command unsets them, design §7)")
    print("setup (not timed in the comparisons):")
    results = []
    progress = None
    try:
        for i, n in enumerate(sizes):
            r = bench_size(n, args, cache, tmp)
            if i == 0:
                progress = [bench_progress(r["d"], args.progress_seekers, 10, args.progress_rounds, args.seed, t)
                            for t in (0, 1)]
            del r["d"]
            gc.collect()
            results.append(r)
    except Mismatch as e:
        print(f"\nRESULTS DIFFER — the comparison is void:\n{e}", file=sys.stderr)
        return 1
    finally:
        tmpdir.cleanup()

    def best(v):
        return min(v)

    def med(v):
        return statistics.median(v)

    print()
    print(f"all counts identical: d.stats() at min_level 1, 3 and N against every baseline; d.skill_gap(clinics) "
          f"frames equal (assert_frame_equal, exact)")
    print("what is timed:")
    print("  ours      stats(): the C++ pass over the Directory's index columns (GIL released) + the counts as Python "
          "lists; its DataFrames are built on access (own line)")
    print("            skill_gap(clinics): C++ (all of directory_stats, the clinics' roll-up, the sort) + the DataFrame; "
          "'core': the same without the DataFrame")
    print("  baseline  every count as numpy arrays (+ country/language orders and codes), from the arrays built once in "
          "setup above; '+ the same frame': plus the library's own frame code")
    print()
    rows = []
    for r in results:
        n = r["n"]
        st = r["stats"]
        o = best(st["ours"])
        rows.append((f"stats() × {n:,}: ours", fmt_t(o), fmt_t(med(st["ours"])), "", f"{o / n * 1e9:.0f} ns/profile"))
        fastest = min(r["baselines"], key=lambda b: best(st[b]))
        for b in r["baselines"]:
            t = best(st[b])
            rows.append((f"   baseline {b}", fmt_t(t), fmt_t(med(st[b])), f"{t / o:.2f}×",
                         "← fastest" if b == fastest else ""))
        rows.append(("   ours: the 7 DataFrames, on access", fmt_t(best(r["frames"])), fmt_t(med(r["frames"])), "", ""))
        g = r["gap"]
        og = best(g["ours"])
        rows.append((f"skill_gap({r['clinics']} clinics) × {n:,}: ours (frame)", fmt_t(og), fmt_t(med(g["ours"])), "",
                     f"{r['covered']} nodes covered"))
        oc = best(g["ours core"])
        rows.append(("   ours core (columns, no frame)", fmt_t(oc), fmt_t(med(g["ours core"])), "", ""))
        gfast = min(r["baselines"], key=lambda b: best(g[b]))
        for b in r["baselines"]:
            t, tf = best(g[b]), best(g[b + " frame"])
            rows.append((f"   baseline {b}: arrays", fmt_t(t), fmt_t(med(g[b])), f"{t / oc:.2f}×",
                         "vs ours core" + ("; ← fastest" if b == gfast else "")))
            rows.append((f"   baseline {b}: + the same frame", fmt_t(tf), fmt_t(med(g[b + " frame"])),
                         f"{tf / og:.2f}×", "vs ours (frame)"))
    print_table(rows, ("test", "best", "median", "baseline/ours", ""))
    print("(baseline/ours above 1 means ours is faster; best and median of "
          f"{args.repeat} rounds, ours and each baseline one after the other in every round)")
    print()
    summary = []
    for r in results:
        st, g = r["stats"], r["gap"]
        o = best(st["ours"])
        fb = min(r["baselines"], key=lambda b: best(st[b]))
        og = best(g["ours"])
        gb = min(r["baselines"], key=lambda b: best(g[b + " frame"]))
        summary.append((f"{r['n']:,} profiles", fmt_t(o), f"{fmt_t(best(st[fb]))} ({fb.split()[0]})",
                        f"{best(st[fb]) / o:.2f}×", fmt_t(og), f"{fmt_t(best(g[gb + ' frame']))} ({gb.split()[0]})",
                        f"{best(g[gb + ' frame']) / og:.2f}×"))
    print_table(summary, ("summary", "stats ours", "fastest baseline", "ratio", "skill_gap ours", "fastest baseline",
                          "ratio"))
    print()
    if progress:
        print(f"progress reporting: d.recommend_many({progress[0]['seekers']:,} seekers, 10) on {results[0]['n']:,} "
              f"profiles, {len(progress[0]['times']['progress=False'])} rounds each, alternating which goes first")
        prows = []
        notes = []
        for p in progress:
            t = p["times"]
            a, b = t["progress=False"], t["progress=<no-op callable>"]
            paired = [(y / x - 1) * 100 for x, y in zip(a, b)]
            label = "threads=0 (one per core)" if p["threads"] == 0 else f"threads={p['threads']}"
            for name, v in t.items():
                prows.append((f"{label}, {name}", fmt_t(min(v)), fmt_t(med(v)), fmt_t(max(v)), ""))
            prows.append((f"{label}, difference", f"{(min(b) / min(a) - 1) * 100:+.1f}%",
                          f"{(med(b) / med(a) - 1) * 100:+.1f}%", "",
                          f"per round: median {med(paired):+.1f}%, {min(paired):+.1f}% … {max(paired):+.1f}%"))
            notes.append(f"{label}: {p['calls']} report{'' if p['calls'] == 1 else 's'} in one run of {fmt_t(p['clocked_run'])}, "
                         f"{p['inside'] * 1e6:.1f} µs inside the callable")
        print_table(prows, ("progress", "best", "median", "slowest", "callable vs False, same round"))
        print("(" + "; ".join(notes) + "; same matches with and without: yes)")
    print(f"process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20:,.1f} GiB; load average at "
          f"the end {os.getloadavg()[0]:.2f}; cores free at the end: {parallel_capacity(2):.2f}× with 2 threads")
    return 0


if __name__ == "__main__":
    sys.exit(main())
