"""Reconciliation: accuracy and speed of `reconcile` next to a rapidfuzz matcher.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv/bin/python benchmarks/bench_reconcile.py
        [--n 100000] [--names 10000] [--seed 0] [--quick] [--cache DIR]

In this one process, on the same data, one after the other (design §7):

  1. ACCURACY on the labelled set tests/data/reconcile/ (340 profiles, 10 clinics, 524 distinct
     display names, labels.csv): ours is `lc.attendance(directory, clinics)` (status matched /
     review / unregistered); the baseline scores the same distinct display names (the
     display_name column of our frame, per clinic) and calls a name matched when its best score
     reaches a threshold t. t is the baseline's best over 0..100 (highest F1 of matched rows
     against the truth); the figures at the threshold that reaches precision ≥ 0.99 are printed
     too.
  2. SPEED: --names display names (10,000) against --n synthetic profiles (100,000;
     benchmarks/synthetic.py): half derived from registered profiles with the usual mess (case,
     affiliation, pronouns, title, "SURNAME Given", "A. Surname", a one-letter typo, "iPhone de
     Given", the username typed), half invented names from the same syllables that are not in
     the directory. They go into one Zoom report (ZoomReport.parse). Ours:
     `directory.reconcile(report)` — first call (builds the directory's name index) and a second
     call on a freshly parsed report (index warm); the index build alone is timed on another
     copy of the directory with a one-row report. Baseline: the best match of every name over
     all name forms, on both cores. How often each side gets the registered half right is
     printed next to the times.

The baseline (RapidFuzzMatcher) is what a strong engineer would write with rapidfuzz: every
profile's name forms (name, username with underscores as spaces, aliases) as choices,
`rapidfuzz.utils.default_process` as processor (applied once, identical processed choices kept
once: the first profile of each wins ties, as argmax over all of them would), `fuzz.token_sort_ratio`
as scorer, `process.cdist(..., workers=-1)` over chunks of queries with the best score and its
argmax per row (the script times `process.extractOne` on a few names to show why cdist is used).
No score_cutoff: it changes nothing in the result (rows below t are unmatched anyway) and made
cdist a few per cent slower here.

Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gc
import io
import os
import platform
import resource
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

import letsconnect as lc

try:
    import rapidfuzz
    from rapidfuzz import fuzz, process, utils
except ImportError:  # pragma: no cover
    rapidfuzz = None

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic  # noqa: E402
from bench_recommend import directory_file, fmt_t, parallel_capacity, print_table  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "tests" / "data" / "reconcile"
CASES = ("exact", "case_punct", "affiliation", "pronouns", "title", "device_named", "device_only", "reordered",
         "initials", "alias", "username", "script", "email", "renamed", "typo", "partial", "two_devices",
         "unregistered", "interpreter", "host")
KINDS = ("exact", "case", "affiliation", "pronouns", "title", "reordered", "initial", "typo", "device", "username")
MEETING_START = dt.datetime(2026, 3, 4, 14, 0, tzinfo=dt.timezone.utc)


# --- the baseline --------------------------------------------------------------------------------

class RapidFuzzMatcher:
    """Best name form per display name with rapidfuzz (default_process, token_sort_ratio, cdist)."""

    def __init__(self, forms: list[str], owners: list[int], chunk: int = 256, workers: int = -1) -> None:
        # The part that needs the directory's strings already gathered (`name_forms`); timed as
        # the baseline's "prepare" (its counterpart of our name index).
        first: dict[str, int] = {}
        for s, o in zip(forms, owners):
            key = utils.default_process(s)
            if key not in first:
                first[key] = o
        self.choices = list(first)
        self.owner = np.fromiter(first.values(), dtype=np.int64, count=len(first))
        self.chunk = chunk
        self.workers = workers

    def best(self, names: list[str], on_chunk=None) -> tuple[np.ndarray, np.ndarray]:
        """(best score, owning profile index) per name; score 0 and owner -1 for no choices."""
        n = len(names)
        score = np.zeros(n, dtype=np.float64)
        owner = np.full(n, -1, dtype=np.int64)
        if not self.choices:
            return score, owner
        for a in range(0, n, self.chunk):
            q = [utils.default_process(s) for s in names[a:a + self.chunk]]
            m = process.cdist(q, self.choices, scorer=fuzz.token_sort_ratio, processor=None, workers=self.workers)
            arg = m.argmax(axis=1)
            score[a:a + len(q)] = m[np.arange(len(q)), arg]
            owner[a:a + len(q)] = self.owner[arg]
            if on_chunk is not None:
                on_chunk(a + len(q))
        return score, owner

    def extract_one(self, name: str) -> tuple[float, int]:
        r = process.extractOne(utils.default_process(name), self.choices, scorer=fuzz.token_sort_ratio, processor=None)
        return (0.0, -1) if r is None else (float(r[1]), int(self.owner[r[2]]))


def name_forms(directory: lc.Directory) -> tuple[list[str], list[int], list[str], list[str]]:
    """Every profile's name forms (name, username with '_' as ' ', aliases) with their profile
    index, plus the usernames and names by index (Python attribute access: setup, not timed)."""
    forms: list[str] = []
    owners: list[int] = []
    usernames: list[str] = []
    names: list[str] = []
    for i, p in enumerate(directory):
        usernames.append(p.username)
        names.append(p.name or "")
        if p.name:
            forms.append(p.name)
            owners.append(i)
        forms.append(p.username.replace("_", " "))
        owners.append(i)
        for a in p.aliases:
            forms.append(a)
            owners.append(i)
    return forms, owners, usernames, names


# --- 1. accuracy ---------------------------------------------------------------------------------

@dataclass
class Figures:
    matched: int
    correct: int
    false: int
    precision: float
    attendee_recall: float
    row_recall: float
    review_share: float
    f1: float


def figures(frame: pd.DataFrame, matched: pd.Series, review: pd.Series) -> Figures:
    """frame: one row per display name per clinic with `truth` ('' = not registered) and `got`
    (the username a side matched, '' = none). matched / review: boolean rows."""
    registered = frame["truth"] != ""
    correct = matched & registered & (frame["got"] == frame["truth"])
    n_matched = int(matched.sum())
    n_correct = int(correct.sum())
    attendees = frame.loc[registered, ["clinic", "truth"]].drop_duplicates()
    found = frame.loc[correct, ["clinic", "truth"]].drop_duplicates()
    precision = n_correct / n_matched if n_matched else float("nan")
    row_recall = n_correct / int(registered.sum())
    f1 = 0.0 if n_correct == 0 else 2 * precision * row_recall / (precision + row_recall)
    return Figures(n_matched, n_correct, n_matched - n_correct, precision, len(found) / len(attendees), row_recall,
                   float(review.mean()), f1)


def accuracy(data: Path, chunk: int) -> dict:
    d = lc.Directory.load(str(data / "directory.json"))
    clinics = lc.Clinics.load(str(data / "clinics.json"))
    t0 = time.perf_counter()
    frame = lc.attendance(d, clinics).to_frame()
    t_ours = time.perf_counter() - t0
    labels = pd.read_csv(data / "labels.csv", dtype=str, keep_default_na=False)
    merged = frame.merge(labels, on=["clinic", "display_name"], how="left", suffixes=("", "_true"), indicator=True)
    unlabelled = int((merged["_merge"] != "both").sum())
    merged = merged[merged["_merge"] == "both"].reset_index(drop=True)
    not_in_frame = len(labels) - len(merged)
    merged["truth"] = merged["username_true"]
    merged["case"] = merged["case"].astype(str)

    ours = merged.assign(got=merged["username"].fillna("").astype(str))
    ours_matched = ours["status"] == "matched"
    ours_review = ours["status"] == "review"
    f_ours = figures(ours, ours_matched, ours_review)
    review_right = int((ours_review & (ours["got"] == ours["truth"]) & (ours["truth"] != "")).sum())

    forms, owners, usernames, _ = name_forms(d)
    t0 = time.perf_counter()
    matcher = RapidFuzzMatcher(forms, owners, chunk=chunk)
    score, owner = matcher.best(merged["display_name"].tolist())
    t_base = time.perf_counter() - t0
    user = np.array(usernames + [""], dtype=object)[owner]  # owner -1 → ""
    base = merged.assign(got=user)
    no_review = pd.Series(False, index=base.index)
    sweep = []
    for t in range(101):
        sweep.append((t, figures(base, pd.Series(score >= t), no_review)))
    best_t, best = max(sweep, key=lambda x: (x[1].f1, x[0]))
    strict = [(t, f) for t, f in sweep if f.matched and f.precision >= 0.99]
    strict_t, strict_f = max(strict, key=lambda x: (x[1].row_recall, -x[0])) if strict else (None, None)

    per_case = []
    for case in CASES + tuple(sorted(set(merged["case"]) - set(CASES))):
        rows = merged["case"] == case
        if not rows.any():
            continue
        reg = rows & (merged["truth"] != "")
        line = {"case": case, "rows": int(rows.sum()), "registered": int(reg.sum())}
        for label, side, matched in (("ours", ours, ours_matched), ("best", base, pd.Series(score >= best_t)),
                                     ("strict", base, pd.Series(score >= (strict_t if strict_t is not None else 101)))):
            right = matched & reg & (side["got"] == side["truth"])
            line[label + "_right"] = int(right.sum())
            line[label + "_false"] = int((matched & rows & ~right).sum())
        line["ours_review"] = int((ours_review & rows).sum())
        per_case.append(line)
    return {
        "rows": len(merged), "unlabelled": unlabelled, "not_in_frame": not_in_frame, "profiles": len(d),
        "forms": len(forms), "choices": len(matcher.choices), "clinics": len(clinics),
        "ours": f_ours, "review_right": review_right, "review_rows": int(ours_review.sum()),
        "best_t": best_t, "best": best, "strict_t": strict_t, "strict": strict_f,
        "per_case": per_case, "t_ours": t_ours, "t_base": t_base,
    }


def pct(x: float) -> str:
    return "n/a" if x != x else f"{100 * x:.1f}%"


def print_accuracy(r: dict) -> None:
    o, b, s = r["ours"], r["best"], r["strict"]
    print(f"1. accuracy on the labelled set ({r['profiles']} profiles, {r['clinics']} clinics, {r['rows']} distinct display "
          f"names per clinic; rapidfuzz choices: {r['forms']} name forms, {r['choices']} distinct after default_process)")
    if r["unlabelled"] or r["not_in_frame"]:
        print(f"   WARNING: {r['unlabelled']} rows of our frame have no label and {r['not_in_frame']} labels no row "
              f"(left out of every figure)")
    cols = [("ours (lc.attendance)", o, None)]
    cols.append((f"rapidfuzz, t={r['best_t']} (best F1)", b, r["best_t"]))
    if s is not None:
        cols.append((f"rapidfuzz, t={r['strict_t']} (precision ≥ 0.99)", s, r["strict_t"]))
    header = ("", *[c[0] for c in cols])
    rows = [
        ("precision of matched", *[pct(f.precision) for _, f, _ in cols]),
        ("recall of registered attendees", *[pct(f.attendee_recall) for _, f, _ in cols]),
        ("row recall", *[pct(f.row_recall) for _, f, _ in cols]),
        ("F1 (precision, row recall)", *[f"{f.f1:.3f}" for _, f, _ in cols]),
        ("review share", *[pct(f.review_share) for _, f, _ in cols]),
        ("matched rows (correct)", *[f"{f.matched} ({f.correct})" for _, f, _ in cols]),
        ("false matches", *[str(f.false) for _, f, _ in cols]),
    ]
    print_table(rows, header)
    if s is None:
        print("   (no threshold gives the baseline precision ≥ 0.99)")
    print(f"   ours: {r['review_rows']} rows in review, of which {r['review_right']} suggest the right username; "
          f"lc.attendance took {fmt_t(r['t_ours'])} (10 reports, read + reconcile + link), "
          f"rapidfuzz {fmt_t(r['t_base'])}")
    print()
    st = f"t={r['strict_t']}" if r["strict_t"] is not None else "t=–"
    header = ("case", "rows", "reg.", "ours right", "review", "false", f"rf t={r['best_t']} right", "false",
              f"rf {st} right", "false")
    rows = []
    for c in r["per_case"]:
        def right(key: str) -> str:
            return f"{c[key]}/{c['registered']}" if c["registered"] else "–"
        rows.append((c["case"], str(c["rows"]), str(c["registered"]), right("ours_right"), str(c["ours_review"]),
                     str(c["ours_false"]), right("best_right"), str(c["best_false"]), right("strict_right"),
                     str(c["strict_false"])))
    print_table(rows, header)
    print("   (right: rows with a registered truth matched to that username / such rows; review: ours' rows in review; "
          "false: rows matched to a wrong username or matched though not registered)")


# --- 2. speed: the names -------------------------------------------------------------------------

_TYPO_LETTERS = "aeioulnrstkm"


def _typo(rng: np.random.Generator, name: str) -> str:
    """One letter substituted, deleted, inserted or swapped with its neighbour (never the first)."""
    positions = [i for i in range(1, len(name)) if name[i].isalpha()]
    if not positions:
        return name + "a"
    i = positions[int(rng.integers(len(positions)))]
    op = int(rng.integers(4))
    c = name[i]
    if op == 0 or not c.isascii():
        options = [x for x in _TYPO_LETTERS if x != c.lower()] if c.isascii() else [x for x in set(name) if x.isalpha() and x != c]
        if not options:
            return name[:i] + name[i + 1:]
        x = options[int(rng.integers(len(options)))]
        return name[:i] + (x.upper() if c.isupper() else x) + name[i + 1:]
    if op == 1:
        return name[:i] + name[i + 1:]
    if op == 2:
        return name[:i] + _TYPO_LETTERS[int(rng.integers(len(_TYPO_LETTERS)))] + name[i:]
    if i + 1 < len(name) and name[i + 1].isalpha() and name[i + 1] != c:
        return name[:i] + name[i + 1] + c + name[i + 2:]
    return name[:i] + name[i + 1:]


def _split(name: str) -> tuple[str, str]:
    parts = name.split()
    if len(parts) < 2:
        return name, name
    return " ".join(parts[:-1]), parts[-1]


def messy(rng: np.random.Generator, kind: str, name: str, username: str, country: str | None) -> str:
    given, surname = _split(name)
    pick = lambda xs: xs[int(rng.integers(len(xs)))]  # noqa: E731
    if kind == "exact":
        return name
    if kind == "case":
        return pick([name.upper(), name.lower(), name.swapcase()])
    if kind == "affiliation":
        where = lc.country_name(country) if country else "Community"
        return name + pick([f" (Wikimedia {where})", " | WMNG", f" (Wikimedians of {where})", " - WMNG"])
    if kind == "pronouns":
        return name + pick([" (she/her)", " (he/him)", " (they/them)", " | she/her"])
    if kind == "title":
        return pick(["Dr. ", "Prof. ", "Eng. "]) + name
    if kind == "reordered":
        return f"{surname.upper()} {given}"
    if kind == "initial":
        return f"{given[0]}. {surname}"
    if kind == "typo":
        return _typo(rng, name)
    if kind == "device":
        return pick([f"iPhone de {given}", f"Galaxy de {given}", f"{given}'s iPhone", f"iPad de {given}"])
    if kind == "username":
        return pick([username, username.lower()])
    raise ValueError(kind)


def make_names(directory: lc.Directory, usernames: list[str], names: list[str], forms: list[str], count: int,
               seed: int) -> tuple[list[str], np.ndarray, list[str]]:
    """`count` distinct display names: the first half from registered profiles (kinds in turn),
    the rest invented. Returns (names, source profile index or -1, kind or 'invented')."""
    rng = np.random.default_rng([seed, 7])
    taken = set()
    out: list[str] = []
    source: list[int] = []
    kinds: list[str] = []
    n_reg = count // 2
    n = len(usernames)
    order = rng.permutation(n)  # profiles in a seeded order; each source used at most once
    k = 0
    for j in range(n_reg):
        kind = KINDS[j % len(KINDS)]
        for _attempt in range(50):
            if k >= n:
                raise ValueError("not enough profiles for the registered half")
            i = int(order[k])
            k += 1
            p = directory[usernames[i]]
            text = messy(rng, kind, names[i] or usernames[i], usernames[i], p.country)
            key = utils.default_process(text)
            if text.strip() and key not in taken:
                break
        else:
            continue  # no distinct name of this kind found: skip it
        taken.add(key)
        out.append(text)
        source.append(i)
        kinds.append(kind)
    # Invented: given and surname words from the synthetic generator's syllables (a seeded
    # generator of our own), never a name form of the directory once processed.
    known = {utils.default_process(f) for f in forms}
    syl = synthetic._SYLLABLES

    def word(lo: int, hi: int) -> str:
        return "".join(syl[j] for j in rng.integers(0, len(syl), int(rng.integers(lo, hi + 1)))).capitalize()

    cosmetic = ("case", "affiliation", "pronouns", "title", "reordered")
    while len(out) < count:
        name = f"{word(2, 3)} {word(2, 4)}"
        if utils.default_process(name) in known:
            continue
        text = name if rng.random() < 0.6 else messy(rng, cosmetic[int(rng.integers(len(cosmetic)))], name, "", None)
        key = utils.default_process(text)
        if key in taken or key in known:
            continue
        taken.add(key)
        out.append(text)
        source.append(-1)
        kinds.append("invented")
    return out, np.array(source, dtype=np.int64), kinds


def zoom_text(names: list[str], seed: int) -> str:
    """One Zoom participant report: header and one segment per name, within a 2-hour window."""
    rng = np.random.default_rng([seed, 11])
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["Name (Original Name)", "User Email", "Join Time", "Leave Time", "Duration (Minutes)", "Guest"])
    joins = rng.integers(0, 60 * 60, len(names))
    lengths = rng.integers(5 * 60, 60 * 60 + 1, len(names))
    for name, j, length in zip(names, joins.tolist(), lengths.tolist()):
        a = MEETING_START + dt.timedelta(seconds=j)
        b = a + dt.timedelta(seconds=length)
        w.writerow([name, "", a.strftime("%Y-%m-%dT%H:%M:%SZ"), b.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    -(-length // 60), "Yes"])
    return buf.getvalue()


# --- 2. speed ---------------------------------------------------------------------------------

def agreement(source: np.ndarray, kinds: list[str], names_by_index: list[str], got: np.ndarray,
              matched: np.ndarray, review: np.ndarray | None) -> dict:
    """Per kind: right (matched to the source profile), wrong (matched to another profile, or
    matched at all for invented names), of the wrong ones those matched to a namesake of the
    source (a profile with the same `name`: not decidable from the name alone), review."""
    name_arr = np.array(names_by_index + [None], dtype=object)
    src_name = name_arr[source]
    right = matched & (source >= 0) & (got == source)
    wrong = matched & ~right
    namesake = wrong & (source >= 0) & (got >= 0) & (name_arr[got] == src_name)
    out = {"right_mask": right}
    kinds_arr = np.array(kinds, dtype=object)
    counts: dict[str, int] = {}
    for x in names_by_index:
        counts[x] = counts.get(x, 0) + 1
    shared = np.array([s >= 0 and counts[names_by_index[s]] > 1 for s in source.tolist()], dtype=bool)
    groups = {"registered": source >= 0, "unique": (source >= 0) & ~shared, "shared": shared}
    for kind in (*KINDS, *groups, "invented"):
        rows = groups[kind] if kind in groups else kinds_arr == kind
        out[kind] = {"n": int(rows.sum()), "right": int((right & rows).sum()), "wrong": int((wrong & rows).sum()),
                     "namesake": int((namesake & rows).sum()),
                     "review": int((review & rows).sum()) if review is not None else 0}
    return out


def speed(args, cache: Path | None, tmp: Path, thresholds: list[tuple[str, int]]) -> int:
    n, count = args.n, args.names
    path, note = directory_file(n, args.seed, cache, tmp)
    print(f"  {n:,} profiles: {note}")
    t0 = time.perf_counter()
    d = lc.Directory.load(str(path))
    t_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    forms, owners, usernames, names = name_forms(d)
    t_gather = time.perf_counter() - t0
    print(f"    lc.Directory.load {t_load:.1f} s; name forms gathered from the Profile objects for rapidfuzz "
          f"{t_gather:.1f} s ({len(forms):,} forms)")
    t0 = time.perf_counter()
    display, source, kinds = make_names(d, usernames, names, forms, count, args.seed)
    text = zoom_text(display, args.seed)
    t_names = time.perf_counter() - t0
    n_reg = int((source >= 0).sum())
    name_count = {}
    for x in names:
        name_count[x] = name_count.get(x, 0) + 1
    with_namesake = sum(1 for i in source[source >= 0].tolist() if name_count[names[i]] > 1)
    print(f"    {len(display):,} display names ({n_reg:,} from registered profiles, {len(display) - n_reg:,} invented; "
          f"{with_namesake:,} of the registered sources share their name with another profile) made in "
          f"{t_names:.1f} s; Zoom report {len(text) / 1e6:.2f} MB")
    t0 = time.perf_counter()
    reports = [lc.ZoomReport.parse(text, "bench.csv") for _ in range(2)]
    t_parse = (time.perf_counter() - t0) / 2
    if len(reports[0]) != len(display):
        print(f"    WARNING: the report has {len(reports[0]):,} attendees for {len(display):,} distinct names")
    print(f"    lc.ZoomReport.parse {fmt_t(t_parse)} per report (not timed below)")
    one_row = lc.ZoomReport.parse("\n".join(text.split("\n", 2)[:2]) + "\n", "one.csv")
    del text
    gc.collect()

    # Ours. The index build alone: a second copy of the directory and a one-row report.
    d_build = lc.Directory.load(str(path))
    t0 = time.perf_counter()
    d_build.reconcile(one_row)
    t_build = time.perf_counter() - t0
    del d_build
    gc.collect()
    t0, c0 = time.perf_counter(), time.process_time()
    cold = d.reconcile(reports[0])
    t_cold, c_cold = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    warm = d.reconcile(reports[1])
    t_warm, c_warm = time.perf_counter() - t0, time.process_time() - c0
    t0 = time.perf_counter()
    d.reconcile_matches(reports[1])
    t_objects = time.perf_counter() - t0
    same_twice = cold.equals(warm)
    index = {u: i for i, u in enumerate(usernames)}
    by_name = warm.set_index("display_name")
    missing = [x for x in display if x not in by_name.index]
    if missing:
        print(f"    WARNING: {len(missing)} display names are not in our result, e.g. {missing[:3]}")
    by_name = by_name.reindex(display)
    status = by_name["status"].astype(object).to_numpy()
    ours_got = np.array([index.get(u, -1) if isinstance(u, str) else -1 for u in by_name["username"]], dtype=np.int64)
    ours = agreement(source, kinds, names, ours_got, status == "matched", status == "review")

    # The baseline: prepare (process + dedupe the choices), then match, with a time budget.
    t0 = time.perf_counter()
    matcher = RapidFuzzMatcher(forms, owners, chunk=args.chunk, workers=-1)
    t_prepare = time.perf_counter() - t0
    probe = display[: args.extract_probe]
    t0 = time.perf_counter()
    ex = [matcher.extract_one(x) for x in probe]
    t_extract = (time.perf_counter() - t0) / max(1, len(probe))
    t0 = time.perf_counter()
    cd_score, cd_owner = matcher.best(probe)
    t_probe_cdist = (time.perf_counter() - t0) / max(1, len(probe))
    same_probe = all(abs(a - b) < 1e-3 for (a, _), b in zip(ex, cd_score.tolist()))

    order = np.arange(len(display))
    t0 = time.perf_counter()
    first_chunk = [display[i] for i in order[: args.chunk]]
    matcher.best(first_chunk)
    per_name = (time.perf_counter() - t0) / len(first_chunk)
    projected = per_name * len(display)
    subset = None
    if projected > args.baseline_budget:
        size = max(args.chunk, int(args.baseline_budget / per_name))
        subset = np.sort(np.random.default_rng([args.seed, 13]).choice(len(display), size=min(size, len(display)),
                                                                      replace=False))
        print(f"    rapidfuzz would take about {projected:.0f} s for all {len(display):,} names (> {args.baseline_budget:.0f} s): "
              f"measured on a fixed random subset of {len(subset):,} names (seed [{args.seed}, 13]), times scaled per name")
    todo = order if subset is None else subset
    free = parallel_capacity(os.cpu_count() or 2)
    t0, c0 = time.perf_counter(), time.process_time()
    b_score, b_owner = matcher.best([display[i] for i in todo.tolist()])
    t_match, c_match = time.perf_counter() - t0, time.process_time() - c0
    scale = len(display) / len(todo)
    t_match_all = t_match * scale

    print()
    print(f"2. speed: {len(display):,} display names against {n:,} profiles "
          f"({len(matcher.choices):,} distinct processed name forms for rapidfuzz)")
    rows = [
        ("ours: name index build alone (1-row report)", fmt_t(t_build), "", "", "1 core"),
        ("ours: first reconcile (index build + reconcile)", fmt_t(t_cold), "", "", f"cpu/wall {c_cold / t_cold:.2f}"),
        ("ours: second reconcile, fresh report (index warm)", fmt_t(t_warm), "", "", f"cpu/wall {c_warm / t_warm:.2f}"),
        ("   per name, warm", fmt_t(t_warm / len(display)), "", "", ""),
        ("   reconcile_matches (objects, no DataFrame), warm", fmt_t(t_objects), "", "", ""),
        ("rapidfuzz: prepare (default_process + dedupe choices)", "", fmt_t(t_prepare), "", "1 core"),
        ("rapidfuzz: match (cdist chunks, argmax)" + (" [scaled]" if subset is not None else ""), "",
         fmt_t(t_match_all), "", f"workers=-1, cpu/wall {c_match / t_match:.2f}"),
        ("   per name", "", fmt_t(t_match_all / len(display)), "", ""),
        ("cold: ours first call vs rapidfuzz prepare + match", fmt_t(t_cold), fmt_t(t_prepare + t_match_all),
         f"{(t_prepare + t_match_all) / t_cold:.1f}×", ""),
        ("warm: ours second call vs rapidfuzz match", fmt_t(t_warm), fmt_t(t_match_all), f"{t_match_all / t_warm:.1f}×", ""),
    ]
    print_table(rows, ("", "ours", "rapidfuzz", "rf/ours", "cores used"))
    print(f"   (rf/ours above 1 means ours is faster; process.extractOne per name on the first {len(probe)} names: "
          f"{fmt_t(t_extract)} against cdist's {fmt_t(t_probe_cdist)} per name in a chunk of {len(probe)}, "
          f"same best scores: {'yes' if same_probe else 'NO'}; first chunk of {len(first_chunk)}: {fmt_t(per_name)} per name; "
          f"our two calls gave {'the same' if same_twice else 'DIFFERENT'} frames; just before rapidfuzz's match, "
          f"{os.cpu_count() or 2} threads did {free:.2f}× the work of one)")
    print()

    # Agreement on the same names.
    src_sub = source[todo]
    kinds_sub = [kinds[i] for i in todo.tolist()]
    cols = [("ours", ours)]
    for label, t in thresholds:
        cols.append((f"rf t={t} ({label})", agreement(src_sub, kinds_sub, names, b_owner, b_score >= t, None)))
    header = ("names", "n", *[c[0] for c in cols])
    rows = []
    for kind in (*KINDS, "registered", "unique", "shared", "invented"):
        cells = []
        for label, a in cols:
            x = a[kind]
            if kind == "invented":
                cells.append(f"{x['wrong']} false" + (f", {x['review']} rev." if label == "ours" else ""))
            else:
                right = f"{x['right'] / x['n']:.1%}" if x["n"] else "–"
                extra = [f"{x['wrong']} wrong" + (f": {x['namesake']} ns." if x["namesake"] else "")]
                if label == "ours":
                    extra.append(f"{x['review']} rev.")
                cells.append(f"{right} ({', '.join(extra)})")
        n_label = f"{ours[kind]['n']:,}" + (f" ({cols[1][1][kind]['n']:,})" if subset is not None and len(cols) > 1 else "")
        label = {"registered": "all registered-derived", "unique": "  source's name unique",
                 "shared": "  source has a namesake", "invented": "invented (not registered)"}.get(kind, f"  {kind}")
        rows.append((label, n_label, *cells))
    print_table(rows, header)
    print("   (right: matched to the source profile; wrong: matched to another profile, ns.: of which a namesake of "
          "the source (same name); rev.: ours' review rows; false: invented names matched to anyone)")
    ours_right = ours["right_mask"][todo]
    reg = src_sub >= 0
    for label, t in thresholds:
        rf_right = agreement(src_sub, kinds_sub, names, b_owner, b_score >= t, None)["right_mask"]
        print(f"   registered-derived names, ours vs rf t={t}: both right {int((ours_right & rf_right).sum()):,}, "
              f"only ours {int((ours_right & ~rf_right).sum()):,}, only rf {int((~ours_right & rf_right & reg).sum()):,}, "
              f"neither {int((~ours_right & ~rf_right & reg).sum()):,}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="profiles for the speed test (default 100,000)")
    parser.add_argument("--names", type=int, default=10_000, help="display names for the speed test (default 10,000)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--quick", action="store_true", help="small and fast: 10,000 profiles × 1,000 names")
    parser.add_argument("--cache", metavar="DIR", help="keep the generated directory in DIR and reuse it")
    parser.add_argument("--data", default=str(EVAL), help="the labelled set (default tests/data/reconcile)")
    parser.add_argument("--chunk", type=int, default=256, help="queries per rapidfuzz cdist call (default 256)")
    parser.add_argument("--extract-probe", type=int, default=20,
                        help="names timed with process.extractOne to compare with cdist (default 20)")
    parser.add_argument("--baseline-budget", type=float, default=300.0,
                        help="seconds: above this projected time, rapidfuzz runs on a fixed random subset (default 300)")
    parser.add_argument("--skip-accuracy", action="store_true", help="only the speed test")
    args = parser.parse_args(argv)
    if args.quick:
        args.n, args.names = 10_000, 1_000
    if rapidfuzz is None:
        print("rapidfuzz is not installed: .venv/bin/python -m pip install rapidfuzz", file=sys.stderr)
        return 2
    cache = Path(args.cache) if args.cache else None
    tmpdir = tempfile.TemporaryDirectory(prefix="lc-bench-")
    tmp = Path(tmpdir.name)

    print(f"letsconnect {lc.__version__} reconciliation benchmark — against rapidfuzz {rapidfuzz.__version__} "
          f"(default_process, token_sort_ratio, cdist), seed {args.seed}")
    print(f"{dt.date.today().isoformat()}, {platform.machine()}, {os.cpu_count()} CPUs, Python "
          f"{platform.python_version()}, numpy {np.__version__}, pandas {pd.__version__}; "
          f"load average {os.getloadavg()[0]:.2f}")
    threads = os.cpu_count() or 2
    print(f"cores free now: {threads} threads do {parallel_capacity(threads):.2f}× the work of one "
          f"(numpy loop without the GIL; about {threads} on an idle machine)")
    env = {v: os.environ[v] for v in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if v in os.environ}
    if env:
        print(f"note: {env} set (the benchmark command unsets them, design §7)")
    print()
    try:
        thresholds: list[tuple[str, int]] = []
        if not args.skip_accuracy:
            acc = accuracy(Path(args.data), args.chunk)
            print_accuracy(acc)
            thresholds.append(("best F1", acc["best_t"]))
            if acc["strict_t"] is not None and acc["strict_t"] != acc["best_t"]:
                thresholds.append(("P≥0.99", acc["strict_t"]))
            print()
        else:
            thresholds.append(("default", 80))
        print("setup (not timed in the comparisons):")
        speed(args, cache, tmp, thresholds)
    finally:
        tmpdir.cleanup()
    print(f"process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20:,.1f} GiB; "
          f"load average at the end {os.getloadavg()[0]:.2f}; cores free at the end: "
          f"{parallel_capacity(threads):.2f}× with {threads} threads")
    return 0


if __name__ == "__main__":
    sys.exit(main())
