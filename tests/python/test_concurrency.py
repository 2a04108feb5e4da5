"""One Directory queried from many Python threads at once (design §2: an immutable snapshot, safe
to query from many threads), and proof that the long calls release the GIL."""

from __future__ import annotations

import json
import random
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pandas as pd
import pytest

import letsconnect as lc
from helpers import DATA, WEEK

RECONCILE = DATA / "reconcile"
THREADS = 8


@pytest.fixture(scope="module")
def directory() -> lc.Directory:
    return lc.Directory.load(RECONCILE / "directory.json", week=WEEK)


@pytest.fixture(scope="module")
def clinics() -> lc.Clinics:
    return lc.Clinics.load(RECONCILE / "clinics.json")


def big_directory(n: int, seed: int) -> lc.Directory:
    """`n` invented profiles, built through JSON (constructing Profile objects one by one in Python
    would dominate the test's time)."""
    rng = random.Random(seed)
    tax = lc.Taxonomy.bundled("letsconnect")
    skills = [node.id for node in tax if node.parent is not None]
    countries = [c for c, _, _ in lc.countries()]
    zones = ["Africa/Lagos", "Africa/Nairobi", "Asia/Kolkata", "Asia/Kathmandu", "Europe/Berlin",
             "America/New_York", "America/Sao_Paulo", "Asia/Jakarta", "UTC"]
    days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    people = []
    for i in range(n):
        windows = []
        for _ in range(rng.randint(0, 3)):
            start = rng.randrange(0, 88) * 15
            windows.append({"day": rng.choice(days), "start": f"{start // 60:02d}:{start % 60:02d}",
                            "end": f"{(start + 120) // 60:02d}:{(start + 120) % 60:02d}"})
        people.append({
            "username": f"Person {i} {rng.choice(['Ada', 'Émile', 'Zoë', 'Олег', 'أحمد', 'ana'])}",
            "country": rng.choice(countries),
            "languages": {code: rng.choice(["1", "2", "3", "4", "N"])
                          for code in rng.sample(["en", "fr", "es", "pt", "ar", "sw"], rng.randint(1, 3))},
            "timezone": rng.choice(zones),
            "availability": windows,
            "shares": rng.sample(skills, rng.randint(0, 4)),
            "learns": rng.sample(skills, rng.randint(0, 3)),
        })
    text = json.dumps({"format": "letsconnect.directory/1", "profiles": people})
    return lc.Directory.from_json(text, week=WEEK)


@pytest.fixture(scope="module")
def big() -> lc.Directory:
    return big_directory(3000, seed=20260302)


# --- a mixed workload, compared with the single-threaded results --------------------------------

Task = tuple[str, Any]


def workload(d: lc.Directory, clinics: lc.Clinics) -> list[Task]:
    rng = random.Random(7)
    names = d.usernames
    tasks: list[Task] = []
    for u in rng.sample(names, 24):
        tasks.append(("recommend", (u, rng.choice([1, 5, 10, 50]), rng.choice(["mutual", "learn_from", "share_with"]))))
    tasks.append(("recommend_many", (tuple(rng.sample(names, 30)), 0)))
    tasks.append(("recommend_many", (tuple(rng.sample(names, 30)), 2)))
    queries: list[dict[str, Any]] = [
        {"shares": "grant-writing"}, {"language": "fr", "min_level": 3}, {"region": "SSA"},
        {"learns": ["wikidata", "editathons"], "region": ["SSA", "LAC"]}, {"country": "NG"},
        {"shares": "organisational", "language": ["en", "pt"]},
    ]
    for query in queries:
        tasks.append(("search", tuple(sorted(query.items()))))
    for threads in (1, 0, 3):
        tasks.append(("score_matrix", (tuple(rng.sample(names, 40)), threads)))
    tasks.append(("score_matrix", (tuple(names[:5]), None)))  # 5 × everyone
    for clinic in list(clinics)[:4]:
        tasks.append(("reconcile", clinic.id))
    return tasks


def run(d: lc.Directory, clinics: lc.Clinics, task: Task) -> Any:
    kind, args = task
    if kind == "recommend":
        u, k, direction = args
        return d.recommend(u, k, direction=direction).to_frame()
    if kind == "recommend_many":
        seekers, threads = args
        return [m.to_frame() for m in d.recommend_many(list(seekers), 5, threads=threads)]
    if kind == "search":
        return d.search(**{k: v for k, v in args})
    if kind == "score_matrix":
        seekers, threads = args
        if threads is None:
            return d.score_matrix(list(seekers))
        return d.score_matrix(list(seekers), list(reversed(seekers)), threads=threads)
    if kind == "reconcile":
        clinic = clinics[args]
        return d.reconcile(clinics.attendance_paths(clinic)[0], clinic)
    raise AssertionError(kind)


def assert_same(got: Any, want: Any, task: Task) -> None:
    if isinstance(want, pd.DataFrame):
        pd.testing.assert_frame_equal(got, want, check_exact=True, obj=str(task))
    elif isinstance(want, np.ndarray):
        assert got.dtype == want.dtype and got.shape == want.shape, task
        np.testing.assert_array_equal(got, want, err_msg=str(task), strict=True)
    elif isinstance(want, list) and want and isinstance(want[0], pd.DataFrame):
        assert len(got) == len(want), task
        for g, w in zip(got, want):
            pd.testing.assert_frame_equal(g, w, check_exact=True, obj=str(task))
    else:
        assert got == want, task


def test_mixed_queries_from_many_threads_equal_single_threaded(directory, clinics):
    tasks = workload(directory, clinics)
    assert {kind for kind, _ in tasks} == {"recommend", "recommend_many", "search", "score_matrix", "reconcile"}
    expected = [run(directory, clinics, task) for task in tasks]
    assert all(len(v) for v in expected), "every query should have a non-empty answer"

    rounds = list(range(len(tasks))) * 3
    random.Random(11).shuffle(rounds)
    start = threading.Barrier(THREADS)
    # a snapshot no query has touched yet, so what it builds on first use (the name index of
    # reconcile, per-thread buffers) is built while the threads race for it
    fresh = lc.Directory.load(RECONCILE / "directory.json", week=WEEK)

    def first_together(i: int) -> Any:
        # the first task of each worker waits for all of them, so they really start together
        if not getattr(local, "started", False):
            local.started = True
            start.wait(timeout=30)
        return run(fresh, clinics, tasks[i])

    local = threading.local()
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(first_together, rounds))
    for i, got in zip(rounds, results):
        assert_same(got, expected[i], tasks[i])


def test_errors_in_threads_are_raised_on_the_caller(directory):
    """Bad arguments fail the same way from any thread, and leave the directory usable."""
    def bad(i: int) -> str:
        try:
            directory.recommend(f"Nobody {i}", 5)
        except lc.NotFoundError as err:
            return type(err).__name__
        return "no error"

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        assert set(pool.map(bad, range(32))) == {"NotFoundError"}
    assert len(directory.recommend(directory.usernames[0], 3)) <= 3


# --- the GIL is released during long calls -----------------------------------------------------


def ticks_during(call: Callable[[], object], min_seconds: float = 0.3) -> tuple[int, float]:
    """Runs `call` on this thread while a pure-Python thread counts; returns how many of the
    counter's samples fall in the middle half of the call, and the call's duration.

    A call that holds the GIL stops the counter entirely, so no sample can land in the middle of
    it whatever the machine's load; a call that releases it lets the counter run on."""
    samples: list[float] = []
    stop = threading.Event()
    running = threading.Event()

    def count() -> None:
        n = 0
        running.set()
        while not stop.is_set():
            n += 1
            if n % 200 == 0:
                samples.append(time.perf_counter())

    counter = threading.Thread(target=count, daemon=True)
    old = sys.getswitchinterval()
    sys.setswitchinterval(0.001)  # let the counter in as soon as the GIL is free
    try:
        counter.start()
        running.wait(timeout=10)
        t0 = time.perf_counter()
        call()
        t1 = time.perf_counter()
    finally:
        stop.set()
        counter.join(timeout=10)
        sys.setswitchinterval(old)
    lo, hi = t0 + (t1 - t0) / 4, t1 - (t1 - t0) / 4
    return sum(lo <= s <= hi for s in samples), t1 - t0


def long_enough(make_call: Callable[[int], Callable[[], object]], start: int, limit: int) -> tuple[int, float]:
    """ticks_during() on a call made larger until it lasts at least 0.3 s (or reaches `limit`)."""
    size = start
    while True:
        ticks, seconds = ticks_during(make_call(size))
        if seconds >= 0.3 or size >= limit:
            return ticks, seconds
        size = min(limit, size * 2 if seconds < 0.15 else int(size * 0.35 / max(seconds, 1e-3)) + 1)


def test_score_matrix_releases_the_gil(big):
    names = big.usernames

    def make(rows: int) -> Callable[[], object]:
        return lambda: big.score_matrix(names[:rows], threads=1)

    ticks, seconds = long_enough(make, 50, len(names))
    assert seconds > 0.05
    assert ticks > 5, (ticks, seconds)


def test_recommend_many_releases_the_gil(big):
    names = big.usernames

    def make(rows: int) -> Callable[[], object]:
        return lambda: big.recommend_many(names[:rows], 10, threads=1)

    ticks, seconds = long_enough(make, 200, len(names))
    assert seconds > 0.05
    assert ticks > 5, (ticks, seconds)


def test_gil_check_detects_a_call_that_holds_the_gil():
    """The check above is not vacuous: a C call that keeps the GIL (the builtin sum over a range
    never returns to the interpreter loop) lets no sample into the middle of it, while one that
    releases the GIL (time.sleep) lets many in."""
    if not getattr(sys, "_is_gil_enabled", lambda: True)():
        pytest.skip("free-threaded build: there is no GIL to hold")
    n = 2_000_000
    while True:
        ticks, seconds = ticks_during(lambda: sum(range(n)))
        if seconds >= 0.2 or n > 10**9:
            break
        n *= 2
    assert ticks == 0, (ticks, seconds)
    assert ticks_during(lambda: time.sleep(0.3))[0] > 5


def test_long_score_matrix_in_threads_equals_single_threaded(big):
    names = big.usernames
    blocks = [names[i:i + 25] for i in range(0, 200, 25)]
    want = [big.score_matrix(b, threads=1) for b in blocks]
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        got = list(pool.map(lambda b: big.score_matrix(b, threads=0), blocks))
    for g, w in zip(got, want):
        np.testing.assert_array_equal(g, w, strict=True)
    # and the whole block equals its rows computed separately
    np.testing.assert_array_equal(big.score_matrix(names[:200], threads=2), np.vstack(want), strict=True)
