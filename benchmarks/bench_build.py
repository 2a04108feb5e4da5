"""How long building a Directory takes, how big its index is, next to pandas loading the same JSON.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv/bin/python benchmarks/bench_build.py [--n 1000000]

Generates N synthetic profiles once (benchmarks/synthetic.py) into a temporary file, then, in
this one process, one after the other, on that same file (design §7):

  lc.Directory.load           parse + validate + build the index
  Directory.for_week          validate + build again from the in-memory profiles
  Directory.with_profiles([]) the same through the "update" path (copy, merge, rebuild)
  json.load + pd.DataFrame.from_records(doc["profiles"])   the pandas baseline, and
  json.load + pd.json_normalize(doc, "profiles")           its alternative (the faster is used),
                                                           both with Python's GC paused (faster)

and one search, `d.search(shares=<category>, language="fr")`, against a vectorised numpy
version over the same data (the directory's skill bitsets, a language-level matrix made from
the frame's `languages` column), checking both return the same usernames in the same order.

Times are the best of --repeat runs. "peak RSS" is the process's high-water mark during that
step alone (reset through /proc/self/clear_refs before it; where that is not possible, the
process's peak so far); "step's peak" is that minus the RSS when the step started, i.e. the
most memory the step itself had in use (freed memory is handed back with malloc_trim between
steps). Nothing here asserts a timing: it prints.
"""

from __future__ import annotations

import argparse
import ctypes
import datetime as dt
import gc
import json
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

import letsconnect as lc

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic  # noqa: E402

WEEK = dt.date(2026, 3, 2)        # reference week of the load (before the US DST change)
OTHER_WEEK = dt.date(2026, 3, 9)  # the rebuild: US on DST, Europe not yet (different UTC bits)
LEVEL = {"0": 0, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "N": 6, "n": 6}


# --- memory -----------------------------------------------------------------------------------

def _status_kib(field: str) -> int | None:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _reset_peak() -> bool:
    """Resets the process's RSS high-water mark (Linux ≥ 4.0); False if not possible."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def _malloc_trim() -> None:
    """Returns freed heap memory to the OS (glibc), so RSS before a step is what is live."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


class Peak:
    """Peak RSS (bytes) while the block runs: VmHWM after a reset, else ru_maxrss so far;
    `growth` is that peak minus the RSS at the start (what the step itself needed at most)."""

    def __enter__(self) -> "Peak":
        gc.collect()
        _malloc_trim()
        self.start = rss_bytes()
        self.reset = _reset_peak()
        self.bytes = 0
        self.growth = 0
        return self

    def __exit__(self, *exc: object) -> None:
        hwm = _status_kib("VmHWM") if self.reset else None
        if hwm is None:
            hwm = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        self.bytes = hwm * 1024
        self.growth = max(0, self.bytes - self.start) if self.reset else 0


def rss_bytes() -> int:
    kib = _status_kib("VmRSS")
    return kib * 1024 if kib is not None else 0


# --- timing -----------------------------------------------------------------------------------

def best_of(repeat: int, fn, keep_last: bool = True):
    """(best seconds, (peak RSS, peak growth) in bytes over the runs, result of the last run)."""
    best = float("inf")
    result = None
    peak = growth = 0
    for _ in range(repeat):
        result = None  # free the previous result before the next run
        with Peak() as p:
            t0 = time.perf_counter()
            result = fn()
            elapsed = time.perf_counter() - t0
        best = min(best, elapsed)
        peak, growth = max(peak, p.bytes), max(growth, p.growth)
    return best, (peak, growth), (result if keep_last else None)


def without_gc(fn):
    """Runs fn with Python's cyclic GC paused, as one does around loading millions of dicts:
    otherwise repeated full collections make json.load 2-3× slower here."""
    gc.disable()
    try:
        return fn()
    finally:
        gc.enable()


# --- the numpy search baseline ----------------------------------------------------------------

class NumpySearch:
    """What a strong engineer would write over the same columns, prepared once:
    the directory's word-major skill bitsets (no copy), a language-major int8 level matrix
    (-1 = not spoken) built from the frame's `languages` column, and username ranks for
    the sorted output."""

    def __init__(self, directory: lc.Directory, frame: pd.DataFrame) -> None:
        self.taxonomy = directory.taxonomy
        self.position = {s: k for k, s in enumerate(self.taxonomy.ids)}
        self.bits = {s: directory.skill_matrix(s) for s in ("shares", "learns", "knows")}
        languages = frame["languages"].tolist()
        codes = sorted({c for d in languages if d for c in d})
        self.language = {c: k for k, c in enumerate(codes)}
        n = len(languages)
        levels = np.full((len(codes), n), -1, dtype=np.int8)
        rows, cols, vals = [], [], []
        for i, d in enumerate(languages):
            if d:
                for c, v in d.items():
                    rows.append(self.language[c])
                    cols.append(i)
                    vals.append(LEVEL[str(v)])
        levels[np.array(rows, dtype=np.intp), np.array(cols, dtype=np.intp)] = np.array(vals, dtype=np.int8)
        self.levels = levels
        self.usernames = frame["username"].to_numpy(dtype=object)
        # Results are ordered by the username key (MediaWiki's: underscores as spaces, first letter
        # upper case); code-point order of the keys = UTF-8 byte order.
        keys = np.array([lc.username_key(u) for u in self.usernames], dtype=object)
        order = np.argsort(keys, kind="stable")
        self.rank = np.empty(n, dtype=np.int64)
        self.rank[order] = np.arange(n)

    def skill_mask(self, set_name: str, key: str) -> np.ndarray:
        """uint64 word masks (one per bitset word) of `key` and everything below it."""
        bits = self.bits[set_name]
        words = np.zeros(bits.shape[0], dtype=np.uint64)
        for s in self.taxonomy.subtree(key):
            k = self.position[s]
            words[k // 64] |= np.uint64(1) << np.uint64(k % 64)
        return words

    def search(self, set_name: str, key: str, language: str, min_level: int = 0) -> list[str]:
        bits = self.bits[set_name]
        words = self.skill_mask(set_name, key)
        mask = None
        for w in np.flatnonzero(words):
            hit = (bits[w] & words[w]) != 0
            mask = hit if mask is None else (mask | hit)
        if mask is None:
            return []
        lang = self.language.get(language)
        if lang is None:
            return []
        mask &= self.levels[lang] >= max(min_level, 1)  # Babel level 0 means "does not speak it"
        idx = np.flatnonzero(mask)
        idx = idx[np.argsort(self.rank[idx])]
        return self.usernames[idx].tolist()


# --- output -----------------------------------------------------------------------------------

def fmt_s(s: float) -> str:
    return f"{s * 1000:.1f} ms" if s < 1 else f"{s:.2f} s"


def fmt_mb(b: int) -> str:
    return f"{b / 2**20:,.0f} MiB" if b else "-"


def print_table(rows: list[tuple[str, ...]], header: tuple[str, ...]) -> None:
    widths = [max(len(r[k]) for r in [header, *rows]) for k in range(len(header))]
    def line(r: tuple[str, ...]) -> str:
        return "  ".join(c.ljust(w) if k == 0 else c.rjust(w) for k, (c, w) in enumerate(zip(r, widths)))
    print(line(header))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(line(r))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="profiles (default 1,000,000)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per step, best taken (default 3)")
    parser.add_argument("--keep", metavar="PATH", help="write the generated file here and keep it")
    parser.add_argument("--category", default="grants-resources", help="taxonomy node for the search (default grants-resources)")
    parser.add_argument("--language", default="fr", help="language for the search (default fr)")
    args = parser.parse_args(argv)
    n, repeat = args.n, max(1, args.repeat)

    tmp = None
    if args.keep:
        path = Path(args.keep)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="lc-bench-")
        path = Path(tmp.name) / f"directory-{n}.json"

    try:
        t0 = time.perf_counter()
        size = synthetic.write_directory(path, n, args.seed)
        gen_s = time.perf_counter() - t0

        print(f"letsconnect {lc.__version__} build benchmark — {n:,} synthetic profiles (seed {args.seed}), "
              f"{size / 1e6:,.1f} MB JSON, best of {repeat}")
        print(f"{dt.date.today().isoformat()}, {platform.machine()}, {os.cpu_count()} CPUs, Python "
              f"{platform.python_version()}, numpy {np.__version__}, pandas {pd.__version__}")
        print(f"generated in {gen_s:.1f} s → {path}{'' if args.keep else ' (temporary)'}")
        print()

        rows: list[tuple[str, ...]] = []
        def row(label: str, seconds: float, peak: tuple[int, int], note: str = "") -> None:
            rate = f"{n / seconds / 1e6:,.2f} M/s" if seconds > 0 and n else "-"
            rows.append((label, fmt_s(seconds), rate, fmt_mb(peak[0]), "+" + fmt_mb(peak[1]), note))

        # (a) parse + validate + build
        gc.collect()
        _malloc_trim()
        base_rss = rss_bytes()
        load_s, load_peak, directory = best_of(repeat, lambda: lc.Directory.load(str(path), week=WEEK))
        _malloc_trim()
        held = rss_bytes() - base_rss
        row("lc.Directory.load (parse+validate+build)", load_s, load_peak, f"then holds {fmt_mb(held)}")

        # (b) building alone, from the in-memory profiles
        week_s, week_peak, _ = best_of(repeat, lambda: directory.for_week(OTHER_WEEK), keep_last=False)
        row("Directory.for_week (availability only)", week_s, week_peak)
        upd_s, upd_peak, _ = best_of(repeat, lambda: directory.with_profiles([]), keep_last=False)
        row("Directory.with_profiles([])", upd_s, upd_peak)

        # (c) pandas
        def read_doc():
            with open(path, "rb") as f:
                return json.load(f)
        json_s, json_peak, _ = best_of(repeat, read_doc, keep_last=False)
        row("json.load (GC on, the default)", json_s, json_peak)
        json_nogc_s, json_nogc_peak, _ = best_of(repeat, lambda: without_gc(read_doc), keep_last=False)
        row("json.load (GC paused)", json_nogc_s, json_nogc_peak, "(part of both below)")
        rec_s, rec_peak, _ = best_of(
            repeat, lambda: without_gc(lambda: pd.DataFrame.from_records(read_doc()["profiles"])), keep_last=False)
        row("json.load + DataFrame.from_records", rec_s, rec_peak, "(GC paused)")
        norm_s, norm_peak, _ = best_of(
            repeat, lambda: without_gc(lambda: pd.json_normalize(read_doc(), "profiles")), keep_last=False)
        row("json.load + json_normalize", norm_s, norm_peak, "(GC paused)")
        pandas_s = min(rec_s, norm_s)
        pandas_label = "from_records" if rec_s <= norm_s else "json_normalize"

        print_table(rows, ("step", "best", "profiles/s", "peak RSS", "step's peak", ""))
        print()

        index_bytes = directory.index_bytes()
        per_profile = index_bytes / n if n else 0.0
        summary = [
            ("pandas baseline", f"json.load + {pandas_label}: {fmt_s(pandas_s)}"),
            ("pandas / lc.Directory.load", f"{pandas_s / load_s:.2f}×" + ("  (ours faster)" if pandas_s > load_s else "  (pandas faster)")),
            ("pandas / Directory.for_week", f"{pandas_s / week_s:.2f}×"),
            ("index", f"{index_bytes:,} bytes = {per_profile:.1f} bytes/profile "
                      f"({'under' if per_profile < 200 else 'NOT under'} 200)"),
            ("process peak RSS", fmt_mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)),
        ]
        w = max(len(k) for k, _ in summary)
        for k, v in summary:
            print(f"{k.ljust(w)}  {v}")
        print()

        # (d) search vs numpy, on the same data
        if n == 0:
            print("no profiles: search skipped")
            return 0
        frame = without_gc(lambda: pd.DataFrame.from_records(read_doc()["profiles"]))
        if frame["username"].tolist() != directory.usernames:
            raise SystemExit("frame and directory disagree on the profile order")
        t0 = time.perf_counter()
        baseline = NumpySearch(directory, frame)
        prep_s = time.perf_counter() - t0
        del frame
        gc.collect()
        queries = [("shares", args.category, args.language)]
        leaf = next((s for s in directory.taxonomy.subtree(args.category) if directory.taxonomy.depth(s) >= 1), None)
        if leaf:
            queries.append(("learns", leaf, "pt"))
        srows = []
        search_repeat = max(5, repeat)
        for set_name, key, language in queries:
            ours_s, _, ours = best_of(search_repeat, lambda: directory.search(**{set_name: key}, language=language))
            np_s, _, theirs = best_of(search_repeat, lambda: baseline.search(set_name, key, language))
            same = ours == theirs
            srows.append((f"{set_name}={key!r}, language={language!r}", f"{len(ours):,}", fmt_s(ours_s), fmt_s(np_s),
                          f"{np_s / ours_s:.2f}×", "yes" if same else "NO"))
            if not same:
                print(f"MISMATCH for {set_name}={key} {language}: ours {len(ours)}, numpy {len(theirs)}; "
                      f"only ours {len(set(ours) - set(theirs))}, only numpy {len(set(theirs) - set(ours))}",
                      file=sys.stderr)
        print_table(srows, ("search", "found", "lc", "numpy", "numpy/lc", "same"))
        print(f"(numpy baseline prepared once in {fmt_s(prep_s)}: level matrix from the frame, username ranks)")
        return 0 if all(r[-1] == "yes" for r in srows) else 1
    finally:
        if tmp is not None:
            tmp.cleanup()


if __name__ == "__main__":
    sys.exit(main())
