"""Mentoring assignment: `Directory.assign` next to numpy scoring + scipy's linear_sum_assignment.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv/bin/python benchmarks/bench_assign.py
        [--n 100000] [--sizes 2000x500,10000x2500] [--capacity 4] [--seed 0] [--quick] [--cache DIR]

In this one process, on the same synthetic directory (benchmarks/synthetic.py, written to a
temporary folder or reused from --cache), one after the other (design §7), for each size
MENTEES×MENTORS (default 2,000 × 500 and 10,000 × 2,500, each mentor taking up to --capacity
mentees, default 4):

  ours      `d.assign(mentees, mentors, capacity=4)`, end to end (usernames in, pairs out: the
            C++ scoring of every pair and LEMON's min-cost flow), default threads (one per core);
            also with threads=1, and stable=True (deferred acceptance), for information.
  baseline  what a strong engineer would write in numpy/scipy: the dense mentees × mentors score
            matrix from bench_recommend's NumpyScorer (the score kernel exactly: mentee as the
            seeker, mentor as the candidate, direction learn_from, require_skill), pairs a hard
            filter rejects (-inf) set to weight 0, each mentor expanded into `capacity` identical
            slot columns (np.repeat), and scipy.optimize.linear_sum_assignment(maximize=True).
            Since every total is ≥ 0, the best full assignment with those zeros is the best
            partial one; the objective is the sum of the chosen positive weights.

The mentees and the mentors are drawn at random (seeded) from the whole directory, independently,
so a few people are in both lists; nobody is paired with themself (the kernel rejects s = c;
the baseline's columns put such a mentee's own mentor column at its seeker position, so
NumpyScorer rejects it the same way).

The numpy scorer works on the mentor columns only: the directory's numpy columns (Columns, built
once in setup, not timed) are gathered into a small Columns whose first `mentors` profiles are
the candidates and whose other profiles are the remaining mentees (seekers only). That gather,
the username → index look-ups, one `NumpyScorer.full` per mentee over those candidates, and the
-inf → 0 step are the timed "score matrix" step, on one thread and on --threads threads (numpy
releases the GIL in its loops; one scorer per thread); the baseline's total uses the faster. The
"LSA" step is np.repeat + linear_sum_assignment + the objective.

Both objectives must agree to 1e-6 relative, otherwise the run prints MISMATCH and exits 1.
Ours' pairs are also checked against the numpy matrix (not timed): each mentee at most once,
no mentor above capacity, nobody with themself, every pair eligible, every pair's total equal
to numpy's float64 total, and `objective` equal to the sum of the pairs' totals. The stable
matching is checked the same way, and for blocking pairs: an eligible (mentee, mentor) pair where
the mentee strictly prefers the mentor (higher total) to their own, and the mentor has a free
place or strictly prefers the mentee (reverse pair's total: mentor as seeker, direction
share_with; rejected = -inf, last) to their worst. Ties are not counted, since assign breaks
them by username, and totals closer than 1e-9 are ties: assign compares totals rounded to 2⁻⁴⁰,
and the same total summed in another order can differ in its last bit (0.5 against
0.49999999999999994). Pairs that block only by such a difference are printed separately.

Setup (generating and loading the directory, the numpy columns) is printed, never timed. Timings
are printed, never asserted.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import gc
import math
import os
import platform
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

import letsconnect as lc

try:
    import scipy
    from scipy.optimize import linear_sum_assignment
except ImportError:  # pragma: no cover
    scipy = None

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_recommend import (  # noqa: E402
    Columns,
    NumpyScorer,
    Spec,
    fmt_t,
    load,
    parallel_capacity,
    print_table,
)

RTOL = 1e-6  # objectives must agree to this, relative
TIE = 1e-9   # totals closer than this are ties in the stability check
DEFAULT_SIZES = "2000x500,10000x2500"
QUICK_SIZES = "400x100,1000x250"


class Failure(Exception):
    """Ours and the baseline disagree, or ours' result breaks a rule."""


# --- the baseline ------------------------------------------------------------------------------

class SubColumns(Columns):
    """A Columns over profiles `idx` of a parent Columns (gathered copies): the first `n` are the
    candidates, the rest are seekers only (NumpyScorer reads a seeker's own columns by index, and
    only ever loops over candidates 0…n-1)."""

    def __init__(self, parent: Columns, candidates: np.ndarray, extra_seekers: np.ndarray) -> None:  # noqa: D107
        idx = np.concatenate([candidates, extra_seekers]).astype(np.intp)
        self.parent = parent
        self.idx = idx
        self.n = len(candidates)
        self.taxonomy = parent.taxonomy
        self.rel = parent.rel
        self.words = parent.words
        self.category_range = parent.category_range
        self.shares = np.ascontiguousarray(parent.shares[:, idx])
        self.learns = np.ascontiguousarray(parent.learns[:, idx])
        self.avail = np.ascontiguousarray(parent.avail[:, idx])
        self.fields = {side: [f.take(idx) for f in fields] for side, fields in parent.fields.items()}
        self.levels = np.ascontiguousarray(parent.levels[:, idx])
        self.region = parent.region.take(idx)
        self.country = parent.country.take(idx)
        self.rank = parent.rank.take(idx)
        self.language_code = parent.language_code

    def seeker_languages(self, s: int) -> list[tuple[int, int]]:
        return self.parent.seeker_languages(int(self.idx[s]))

    @property
    def usernames(self) -> list[str]:  # only for messages
        names = self.parent.usernames
        return [names[i] for i in self.idx.tolist()]


def sub_columns(cols: Columns, seekers: np.ndarray, candidates: np.ndarray) -> tuple[SubColumns, np.ndarray]:
    """(columns whose candidates are `candidates`, each seeker's index in them). A seeker who is
    also a candidate is that candidate, so the scorer rejects the pair with themself."""
    where = {int(c): k for k, c in enumerate(candidates.tolist())}
    extra = [int(s) for s in seekers.tolist() if int(s) not in where]
    sub = SubColumns(cols, candidates, np.array(extra, dtype=np.intp))
    pos = np.empty(len(seekers), dtype=np.intp)
    nxt = len(candidates)
    for j, s in enumerate(seekers.tolist()):
        k = where.get(int(s))
        if k is None:
            k = nxt
            nxt += 1
        pos[j] = k
    return sub, pos


def score_matrix(cols: Columns, seekers: np.ndarray, candidates: np.ndarray, direction: str,
                 threads: int = 1) -> np.ndarray:
    """(len(seekers), len(candidates)) float64 totals, -inf where the kernel rejects the pair."""
    sub, pos = sub_columns(cols, seekers, candidates)
    spec = Spec()
    out = np.empty((len(seekers), len(candidates)), dtype=np.float64)
    m = max(1, len(candidates))
    if threads <= 1:
        scorer = NumpyScorer(sub, spec, direction, True, chunk=m, first_chunk=0)
        for j, s in enumerate(pos.tolist()):
            scorer.full(s, out=out[j])
        return out
    local = threading.local()

    def work(j0: int, j1: int) -> None:
        scorer = getattr(local, "scorer", None)
        if scorer is None:
            scorer = local.scorer = NumpyScorer(sub, spec, direction, True, chunk=m, first_chunk=0)
        for j in range(j0, j1):
            scorer.full(int(pos[j]), out=out[j])

    step = 64
    with concurrent.futures.ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(lambda j0: work(j0, min(len(seekers), j0 + step)), range(0, len(seekers), step)))
    return out


def baseline_weights(cols: Columns, mentee_names: list[str], mentor_names: list[str], threads: int) -> tuple[np.ndarray, np.ndarray]:
    """The timed score-matrix step: usernames → indices, scores, -inf → 0. Returns (scores, weights)."""
    index = cols.index
    mentees = np.fromiter((index[u] for u in mentee_names), dtype=np.intp, count=len(mentee_names))
    mentors = np.fromiter((index[u] for u in mentor_names), dtype=np.intp, count=len(mentor_names))
    scores = score_matrix(cols, mentees, mentors, "learn_from", threads)
    weights = np.maximum(scores, 0.0)  # every total is ≥ 0: only -inf changes
    return scores, weights


def baseline_solve(weights: np.ndarray, capacity: int) -> tuple[float, np.ndarray, np.ndarray]:
    """The timed LSA step: (objective, mentee rows, mentor columns) of the chosen positive pairs."""
    slots = np.repeat(weights, capacity, axis=1)
    rows, cols = linear_sum_assignment(slots, maximize=True)
    chosen = slots[rows, cols]
    keep = chosen > 0
    return float(chosen[keep].sum()), rows[keep], cols[keep] // capacity


# --- checking ours -----------------------------------------------------------------------------

def pairs_of(a, mentee_pos: dict[str, int], mentor_pos: dict[str, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(mentee row, mentor column, total) of an Assignment's pairs."""
    df = a.pairs
    missing = {"mentee", "mentor", "total"} - set(df.columns)
    if missing:
        raise Failure(f"Assignment.pairs has no column(s) {sorted(missing)}: {list(df.columns)}")
    try:
        r = np.array([mentee_pos[u] for u in df["mentee"].tolist()], dtype=np.intp)
        c = np.array([mentor_pos[u] for u in df["mentor"].tolist()], dtype=np.intp)
    except KeyError as e:
        raise Failure(f"a pair names {e.args[0]!r}, who is not in the lists") from None
    return r, c, df["total"].to_numpy(dtype=np.float64)


def check_assignment(label: str, a, scores: np.ndarray, capacity: int, mentee_pos: dict[str, int],
                     mentor_pos: dict[str, int]) -> dict:
    """Raises Failure when ours' result breaks a rule; returns figures for the table."""
    r, c, tot = pairs_of(a, mentee_pos, mentor_pos)
    if len(a) != len(r):
        raise Failure(f"{label}: len(assignment) = {len(a)} but pairs has {len(r)} rows")
    if r.size and np.bincount(r, minlength=scores.shape[0]).max() > 1:
        raise Failure(f"{label}: a mentee has two mentors")
    load = np.bincount(c, minlength=scores.shape[1])
    if load.size and load.max() > capacity:
        raise Failure(f"{label}: a mentor has {int(load.max())} mentees, capacity {capacity}")
    s = scores[r, c]
    if not np.isfinite(s).all():
        k = int(np.flatnonzero(~np.isfinite(s))[0])
        raise Failure(f"{label}: pair #{k} is not eligible (the kernel rejects it, or it is a person with themself)")
    diff = np.abs(s - tot)
    if diff.size and diff.max() > 0:
        k = int(diff.argmax())
        raise Failure(f"{label}: {int((diff > 0).sum())} pair totals differ from numpy's; worst pair #{k}: "
                      f"ours {tot[k]!r}, numpy {s[k]!r}")
    total = math.fsum(tot.tolist())
    if not math.isclose(a.objective, total, rel_tol=1e-12, abs_tol=1e-9):
        raise Failure(f"{label}: objective {a.objective!r} but its pairs' totals sum to {total!r}")
    return {"pairs": len(r), "rows": r, "cols": c, "load": load}


def blocking_pairs(scores: np.ndarray, reverse: np.ndarray, rows: np.ndarray, cols: np.ndarray, capacity: int,
                   tie: float = TIE) -> int:
    """Eligible pairs where both strictly prefer each other to what they have (see the docstring).
    Totals closer than `tie` are ties (assign compares totals rounded to 2⁻⁴⁰ and breaks ties by
    username; the same total summed in another order can differ in the last bit)."""
    n, m = scores.shape
    own = np.full(n, -np.inf)
    own[rows] = scores[rows, cols]
    mentee_wants = scores > own[:, None] + tie    # -inf (ineligible) never beats anything
    load = np.bincount(cols, minlength=m)
    worst = np.full(m, np.inf)
    np.minimum.at(worst, cols, reverse[cols, rows])
    worst[load < capacity] = -np.inf
    rev = reverse.T                              # (mentee, mentor)
    mentor_wants = (rev > worst[None, :] + tie) | (load < capacity)[None, :]
    return int((np.isfinite(scores) & mentee_wants & mentor_wants).sum())


# --- the benchmark -----------------------------------------------------------------------------

def timed(fn, repeat: int):
    """(best seconds, last result)."""
    best, out = math.inf, None
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def bench_size(d, cols: Columns, n_mentees: int, n_mentors: int, capacity: int, seed: int, threads: int,
               repeat: int, have_assign: bool) -> dict:
    n = cols.n
    if n_mentees > n or n_mentors > n:
        raise SystemExit(f"size {n_mentees}x{n_mentors} needs more than the directory's {n:,} profiles")
    rng = np.random.default_rng([seed, n_mentees, n_mentors])
    mentors = rng.choice(n, n_mentors, replace=False)
    mentees = rng.choice(n, n_mentees, replace=False)
    names = cols.usernames
    mentee_names = [names[i] for i in mentees.tolist()]
    mentor_names = [names[i] for i in mentors.tolist()]
    both = len(set(mentees.tolist()) & set(mentors.tolist()))
    out: dict = {"mentees": n_mentees, "mentors": n_mentors, "capacity": capacity, "both": both}

    # warm-ups (untimed): first touches, scorer caches
    baseline_weights(cols, mentee_names[:50], mentor_names[:50], 1)
    if have_assign:
        d.assign(mentee_names[:50], mentor_names[:50], capacity=capacity)

    if have_assign:
        out["ours"], ours = timed(lambda: d.assign(mentee_names, mentor_names, capacity=capacity), repeat)
        out["ours_1"], ours_1 = timed(lambda: d.assign(mentee_names, mentor_names, capacity=capacity, threads=1), repeat)
        out["ours_stable"], stable = timed(
            lambda: d.assign(mentee_names, mentor_names, capacity=capacity, stable=True), repeat)

    out["build_1"], (scores, weights) = timed(lambda: baseline_weights(cols, mentee_names, mentor_names, 1), repeat)
    out["build_t"], (scores_t, _) = timed(lambda: baseline_weights(cols, mentee_names, mentor_names, threads), repeat)
    if not np.array_equal(scores, scores_t):
        raise Failure("numpy score matrices on 1 and on several threads differ")
    del scores_t
    out["lsa"], (objective, rows, cols_) = timed(lambda: baseline_solve(weights, capacity), repeat)
    del weights
    out["objective_base"] = objective
    out["pairs_base"] = int(rows.size)
    out["eligible"] = int(np.isfinite(scores).sum())
    if np.bincount(cols_, minlength=n_mentors).max(initial=0) > capacity:
        raise Failure("baseline: a mentor above capacity (the slot expansion is wrong)")

    if have_assign:
        mentee_pos = {u: j for j, u in enumerate(mentee_names)}
        mentor_pos = {u: k for k, u in enumerate(mentor_names)}
        out["objective_ours"] = float(ours.objective)
        out["objective_ours_1"] = float(ours_1.objective)
        out["objective_stable"] = float(stable.objective)
        chk = check_assignment("assign", ours, scores, capacity, mentee_pos, mentor_pos)
        out["pairs_ours"] = chk["pairs"]
        out["flow_arcs"], out["pricing_rounds"] = int(ours.flow_arcs), int(ours.pricing_rounds)
        for label, a in (("assign", ours), ("assign(threads=1)", ours_1), ("assign(stable=True)", stable)):
            if int(a.eligible_pairs) != out["eligible"]:
                raise Failure(f"{label}: eligible_pairs = {int(a.eligible_pairs):,}, numpy finds {out['eligible']:,} "
                              "pairs the kernel accepts")
        check_assignment("assign(threads=1)", ours_1, scores, capacity, mentee_pos, mentor_pos)
        chk_s = check_assignment("assign(stable=True)", stable, scores, capacity, mentee_pos, mentor_pos)
        out["pairs_stable"] = chk_s["pairs"]
        # the mentors' preferences: the reverse pair (mentor as seeker, direction share_with)
        reverse = score_matrix(cols, mentors, mentees, "share_with", threads)
        out["blocking"] = blocking_pairs(scores, reverse, chk_s["rows"], chk_s["cols"], capacity)
        out["blocking_ties"] = blocking_pairs(scores, reverse, chk_s["rows"], chk_s["cols"], capacity, 0.0) - out["blocking"]
        del reverse
    return out


def parse_sizes(text: str) -> list[tuple[int, int]]:
    sizes = []
    for part in text.split(","):
        a, _, b = part.strip().lower().partition("x")
        if not a or not b:
            raise argparse.ArgumentTypeError(f"bad size {part!r}: use MENTEESxMENTORS, e.g. 2000x500")
        sizes.append((int(a.replace("_", "")), int(b.replace("_", ""))))
    return sizes


def rel_diff(a: float, b: float) -> float:
    return abs(a - b) / max(abs(a), abs(b), 1e-300)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="profiles in the synthetic directory (default 100,000)")
    parser.add_argument("--sizes", type=parse_sizes, default=None,
                        help=f"MENTEESxMENTORS[,…] (default {DEFAULT_SIZES}; --quick: {QUICK_SIZES})")
    parser.add_argument("--capacity", type=int, default=4, help="mentees per mentor (default 4)")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 2,
                        help="threads of the threaded numpy score matrix (default: the core count)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per step, best taken (default 1)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--quick", action="store_true", help=f"small and fast: 20,000 profiles, sizes {QUICK_SIZES}")
    parser.add_argument("--cache", metavar="DIR", help="keep the generated directory in DIR and reuse it")
    args = parser.parse_args(argv)
    if args.quick:
        args.n = 20_000
        if args.sizes is None:
            args.sizes = parse_sizes(QUICK_SIZES)
    if args.sizes is None:
        args.sizes = parse_sizes(DEFAULT_SIZES)
    if scipy is None:
        print("scipy is not installed: .venv/bin/python -m pip install scipy", file=sys.stderr)
        return 2
    if not hasattr(lc, "Weights"):
        print("this letsconnect has no score kernel yet (no lc.Weights)", file=sys.stderr)
        return 2
    if Spec.from_lc(lc.Weights()) != Spec():
        print(f"lc.Weights() defaults {lc.Weights().to_dict()} differ from the numpy scorer's {Spec()}", file=sys.stderr)
        return 2
    have_assign = hasattr(lc.Directory, "assign")
    cache = Path(args.cache) if args.cache else None
    tmpdir = tempfile.TemporaryDirectory(prefix="lc-bench-")
    tmp = Path(tmpdir.name)
    cap = args.capacity

    print(f"letsconnect {lc.__version__} assignment benchmark — mentees × mentors, capacity {cap}, "
          f"direction learn_from, default weights, seed {args.seed}")
    print(f"{dt.date.today().isoformat()}, {platform.machine()}, {os.cpu_count()} CPUs, Python "
          f"{platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__}; "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"cores free now: {args.threads} threads do {parallel_capacity(args.threads):.2f}× the work of one "
          f"(numpy loop without the GIL; about {args.threads} on an idle machine)")
    env = {v: os.environ[v] for v in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if v in os.environ}
    if env:
        print(f"note: {env} set (the benchmark command unsets them, design §7)")
    if not have_assign:
        print("NOTE: this letsconnect has no Directory.assign yet: only the baseline is timed")
    print("setup (not timed in the comparisons):")
    results = []
    try:
        d, cols = load(args.n, args.seed, cache, tmp)
        for n_mentees, n_mentors in args.sizes:
            results.append(bench_size(d, cols, n_mentees, n_mentors, cap, args.seed, args.threads, args.repeat,
                                      have_assign))
    except Failure as e:
        print(f"\nMISMATCH — ours' result is wrong, the comparison is void:\n{e}", file=sys.stderr)
        return 1
    finally:
        tmpdir.cleanup()

    print()
    rows = []
    mismatches = []
    for r in results:
        nm, nr = r["mentees"], r["mentors"]
        pairs_total = nm * nr
        rows.append((f"{nm:,} mentees × {nr:,} mentors, capacity {cap}", "", "", "", "", ""))
        if have_assign:
            rows.append(("  ours: d.assign (threads=0)", fmt_t(r["ours"]), "", "", f"{r['objective_ours']:.9f}",
                         f"{r['pairs_ours']:,}"))
            rows.append(("  ours: d.assign, threads=1", fmt_t(r["ours_1"]), "", "", f"{r['objective_ours_1']:.9f}", ""))
        rows.append(("  baseline: score matrix, numpy 1 thread", "", fmt_t(r["build_1"]), "", "", ""))
        rows.append((f"  baseline: score matrix, numpy {args.threads} threads", "", fmt_t(r["build_t"]), "", "", ""))
        rows.append((f"  baseline: LSA on {nm:,} × {nr * cap:,} slots", "", fmt_t(r["lsa"]), "", "", ""))
        base = min(r["build_1"], r["build_t"]) + r["lsa"]
        if have_assign:
            ratio = f"{base / r['ours']:.1f}×"
            rows.append(("  total: ours vs best build + LSA", fmt_t(r["ours"]), fmt_t(base), ratio,
                         f"{r['objective_base']:.9f}", f"{r['pairs_base']:,}"))
            diff = r["objective_ours"] - r["objective_base"]
            rd = rel_diff(r["objective_ours"], r["objective_base"])
            rd1 = rel_diff(r["objective_ours_1"], r["objective_base"])
            ok = rd <= RTOL and rd1 <= RTOL
            if not ok:
                mismatches.append(f"{nm:,} × {nr:,}: ours {r['objective_ours']!r} (threads=1 "
                                  f"{r['objective_ours_1']!r}), baseline {r['objective_base']!r}")
            rows.append(("  objective: ours − baseline", "", "", "", f"{diff:+.3g} (rel {rd:.1e})",
                         "agree" if ok else "MISMATCH"))
            share = r["objective_stable"] / r["objective_base"] if r["objective_base"] else float("nan")
            rows.append(("  ours: d.assign(stable=True) (information)", fmt_t(r["ours_stable"]), "", "",
                         f"{r['objective_stable']:.9f} ({share:.1%})", f"{r['pairs_stable']:,}"))
        else:
            rows.append(("  baseline: total (best build + LSA)", "", fmt_t(base), "", f"{r['objective_base']:.9f}",
                         f"{r['pairs_base']:,}"))
        r["eligible_share"] = r["eligible"] / pairs_total
    print_table(rows, ("", "ours", "baseline", "base/ours", "objective", "pairs"))
    print(f"(base/ours above 1 means ours is faster; the baseline total takes the faster score-matrix step; "
          f"ours runs with its default threads (0 = one per core); objectives must agree to {RTOL:g} relative)")
    for r in results:
        same = "; ours' eligible_pairs the same" if have_assign else ""
        print(f"  {r['mentees']:,} × {r['mentors']:,}: {r['eligible']:,} eligible pairs ({r['eligible_share']:.1%} of "
              f"{r['mentees'] * r['mentors']:,}{same}); {r['both']} people in both lists (never paired with themselves)")
        if have_assign:
            print(f"     ours: pairs checked against numpy (feasible, eligible, totals equal); flow on "
                  f"{r['flow_arcs']:,} pair arcs, {r['pricing_rounds']} pricing round(s)")
            print(f"     stable: {r['blocking']} blocking pairs ({r['blocking_ties']} more only through totals within "
                  f"{TIE:g} of each other, which assign treats as ties)")
    print(f"process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20:,.1f} GiB; "
          f"load average at the end {os.getloadavg()[0]:.2f}; cores free at the end: "
          f"{parallel_capacity(args.threads):.2f}× with {args.threads} threads")
    status = 0
    if mismatches:
        print("\nMISMATCH — the objectives differ by more than "
              f"{RTOL:g} relative:\n  " + "\n  ".join(mismatches), file=sys.stderr)
        status = 1
    if have_assign and any(r["blocking"] for r in results):
        print("\nNOT STABLE — assign(stable=True) left blocking pairs: "
              + ", ".join(f"{r['mentees']:,} × {r['mentors']:,}: {r['blocking']}" for r in results if r["blocking"]),
              file=sys.stderr)
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
