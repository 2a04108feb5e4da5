"""Progress reports from long calls: a callable, True (a tqdm bar), False, None (a bar only on a terminal)."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

import letsconnect as lc

DATA = Path(__file__).resolve().parents[1] / "data"
PROGRAMME = DATA / "reconcile"


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []
        self.threads: set[int] = set()

    def __call__(self, done: int, total: int) -> None:
        self.calls.append((done, total))
        self.threads.add(threading.get_ident())


class Stop(Exception):
    pass


@pytest.fixture(scope="module")
def directory() -> lc.Directory:
    return lc.Directory.load(PROGRAMME / "directory.json")


def check_reports(recorder: Recorder, total: int, *, known_total: bool = True, several: bool = True) -> None:
    # conftest.py sets LETSCONNECT_PROGRESS_INTERVAL_MS=0: every unit the calling thread does is
    # reported, not one per 100 ms. With worker threads the caller may do none (several=False).
    assert len(recorder.calls) > (1 if several else 0), "only the final report"
    assert recorder.calls[-1] == (total, total)
    done = [d for d, _ in recorder.calls]
    assert done == sorted(done)
    if known_total:
        assert all(t == total for _, t in recorder.calls)
    assert recorder.threads == {threading.get_ident()}  # reported on the calling thread only


def test_recommend_many_reports_the_seekers(directory: lc.Directory) -> None:
    users = directory.usernames[:120]
    recorder = Recorder()
    with_progress = directory.recommend_many(users, 5, progress=recorder, threads=2)
    check_reports(recorder, len(users), several=False)
    alone = Recorder()
    directory.recommend_many(users, 5, progress=alone, threads=1)
    check_reports(alone, len(users))
    without = directory.recommend_many(users, 5, progress=False, threads=2)
    assert [m.to_frame()["username"].tolist() for m in with_progress] == [m.to_frame()["username"].tolist() for m in without]


def test_score_matrix_reports_the_rows(directory: lc.Directory) -> None:
    users = directory.usernames[:150]  # three blocks of 64 rows
    recorder = Recorder()
    scores = directory.score_matrix(users, progress=recorder, threads=1)
    check_reports(recorder, len(users))
    both = Recorder()
    directory.score_matrix(users, progress=both, threads=2)
    check_reports(both, len(users), several=False)
    np.testing.assert_array_equal(scores, directory.score_matrix(users, progress=False))


def test_attendance_reports_the_clinics(directory: lc.Directory) -> None:
    recorder = Recorder()
    att = lc.attendance(directory, PROGRAMME / "clinics.json", progress=recorder)
    check_reports(recorder, len(att.clinics))
    assert len(att.clinics) == 10


def test_metrics_passes_progress_on(directory: lc.Directory) -> None:
    recorder = Recorder()
    m = lc.metrics(directory, PROGRAMME / "clinics.json", progress=recorder)
    check_reports(recorder, len(m.clinics))


@pytest.mark.parametrize("how", ["load", "from_json"])
def test_directory_reports_the_profiles_read(how: str) -> None:
    path = PROGRAMME / "directory.json"
    recorder = Recorder()
    if how == "load":
        d = lc.Directory.load(path, progress=recorder)
    else:
        d = lc.Directory.from_json(path.read_text(encoding="utf-8"), progress=recorder)
    # The total is not known while the file is parsed: 0 until the last report.
    check_reports(recorder, len(d), known_total=False)
    assert all(t == 0 for _, t in recorder.calls[:-1])


def test_an_exception_in_the_callback_stops_the_call(directory: lc.Directory) -> None:
    def stop(done: int, total: int) -> None:
        raise Stop(f"stopped at {done}/{total}")

    with pytest.raises(Stop, match="stopped at"):
        directory.recommend_many(directory.usernames[:50], 3, progress=stop)
    with pytest.raises(Stop):
        lc.attendance(directory, PROGRAMME / "clinics.json", progress=stop)
    with pytest.raises(Stop):
        lc.Directory.load(PROGRAMME / "directory.json", progress=stop)


def test_an_exception_halfway_stops_the_worker_threads(directory: lc.Directory) -> None:
    seen: list[int] = []

    def halfway(done: int, total: int) -> None:
        seen.append(done)
        if 2 * done >= total:
            raise Stop("halfway")

    users = directory.usernames[:300]
    with pytest.raises(Stop):
        directory.recommend_many(users, 3, progress=halfway, threads=4)
    assert 150 <= seen[-1] <= 300  # the calling thread may report only after the workers finished
    with pytest.raises(Stop):
        directory.score_matrix(users, progress=halfway, threads=4)


def test_true_draws_a_tqdm_bar_on_stderr(directory: lc.Directory, capsys: pytest.CaptureFixture[str]) -> None:
    directory.recommend_many(directory.usernames[:40], 3, progress=True)
    err = capsys.readouterr().err
    assert "recommending" in err and "40/40" in err


@pytest.mark.parametrize("progress", [None, False])
def test_no_bar_when_stderr_is_not_a_terminal_or_when_asked(directory: lc.Directory, capsys: pytest.CaptureFixture[str],
                                                            progress: bool | None) -> None:
    lc.attendance(directory, PROGRAMME / "clinics.json", progress=progress)
    lc.Directory.load(PROGRAMME / "directory.json", progress=progress)
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("bad", ["yes", 1, 2.5])
def test_bad_progress_argument_is_a_type_error(directory: lc.Directory, bad: object) -> None:
    with pytest.raises(TypeError, match="progress"):
        directory.recommend_many(directory.usernames[:2], 3, progress=bad)  # type: ignore[arg-type]
