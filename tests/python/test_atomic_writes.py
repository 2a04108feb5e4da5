"""No data lost: every writer replaces its file atomically (temp file, fsync, rename).

A child process writes two different versions of a file over each other in a loop and is
killed with SIGKILL at random moments; afterwards the file is always one complete version,
never a mix, a truncation or nothing.
"""

from __future__ import annotations

import random
import re
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import letsconnect as lc

from helpers import ROOT

# The child: writes version A and B once to side files (what the parent compares with), says
# "ready", then overwrites the target with A, B, A, ... until it is killed.
CHILD = textwrap.dedent(
    """
    import json, sys
    import letsconnect as lc
    from letsconnect import cli

    writer, target, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
    sample = json.loads(open(lc.sample_directory_path(), encoding="utf-8").read())

    def directory(n):
        doc = dict(sample)
        doc["profiles"] = [dict(p, username=f"{p['username']} {i}") for i in range(n) for p in sample["profiles"]]
        return lc.Directory.from_json(json.dumps(doc))

    if writer == "directory":
        versions = [directory(copies), directory(copies + 1)]
        write = lambda v, path: v.save(path)
    elif writer == "clinics":
        clinics = lc.Clinics.load(sys.argv[4])
        text = clinics.to_json()
        versions = [lc.Clinics.from_json(text), lc.Clinics.from_json(text.replace("lc-", "lc-x-"))]
        write = lambda v, path: v.save(path)
    elif writer == "raw":
        # Large contents and nothing else to do: the kills land inside write_file_atomic.
        versions = [b"a" * (copies << 20), b"b" * ((copies + 1) << 20)]
        write = lambda v, path: lc._core.write_file_atomic(path, v)
    elif writer == "table":
        frame = directory(copies).to_frame()[["username", "region", "country", "timezone"]]
        versions = [frame, frame.iloc[::-1]]
        write = lambda v, path: cli._write_table(v, path)
    else:
        raise SystemExit("unknown writer " + writer)

    write(versions[0], target + ".a")
    write(versions[1], target + ".b")
    write(versions[0], target)
    print("ready", flush=True)
    i = 1
    while True:
        write(versions[i % 2], target)
        i += 1
    """
)

CLINICS = ROOT / "tests" / "data" / "clinics" / "clinics_good.json"


def _kill_at_random(tmp_path: Path, writer: str, copies: int, target_name: str, kills: int, seed: int) -> tuple[int, set[bytes]]:
    """Runs the child `kills` times, killing it at random; returns (kills that left a temp file, versions seen)."""
    rng = random.Random(seed)
    target = tmp_path / target_name
    mid_write = 0
    seen: set[bytes] = set()
    for _ in range(kills):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, writer, str(target), str(copies), str(CLINICS)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert child.stdout is not None
            line = child.stdout.readline()
            assert line == "ready\n", child.stderr.read() if child.stderr else line
            time.sleep(rng.uniform(0.0, 0.25))
        finally:
            child.send_signal(signal.SIGKILL)
            child.communicate()
        assert child.returncode == -signal.SIGKILL
        versions = {(tmp_path / (target_name + ".a")).read_bytes(), (tmp_path / (target_name + ".b")).read_bytes()}
        content = target.read_bytes()
        assert content in versions, f"{target_name}: {len(content)} bytes, neither version (killed mid-write left a mix)"
        seen.add(content)
        # A kill inside the writer leaves its temp file beside the target (it is never renamed).
        leftovers = [p for p in tmp_path.iterdir() if p.name.startswith(target_name + ".tmp-")]
        mid_write += bool(leftovers)
        for p in leftovers:
            p.unlink()
    return mid_write, seen


@pytest.mark.parametrize(
    ("writer", "copies", "name", "check"),
    [
        ("directory", 150, "directory.json", lambda p: len(lc.Directory.load(p)) in (150 * 60, 151 * 60)),
        ("clinics", 0, "clinics.json", lambda p: len(lc.Clinics.load(p)) > 0),
        ("table", 300, "table.csv", lambda p: p.read_text(encoding="utf-8").startswith("username,")),
    ],
)
def test_a_writer_killed_at_random_never_leaves_a_broken_file(tmp_path: Path, writer: str, copies: int, name: str, check) -> None:
    _kill_at_random(tmp_path, writer, copies, name, kills=8, seed=sum(map(ord, writer)))
    assert check(tmp_path / name)


def test_kills_inside_the_write_itself_leave_the_old_file(tmp_path: Path) -> None:
    # 48 and 49 MiB: most of the child's time is spent writing and flushing them.
    mid_write, seen = _kill_at_random(tmp_path, "raw", 48, "big.bin", kills=10, seed=8)
    assert mid_write >= 3, f"only {mid_write} of 10 kills landed inside a write"


def test_the_writer_keeps_the_permissions_of_the_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "private.csv"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o600)
    lc._core.write_file_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    fresh = tmp_path / "fresh.csv"
    lc._core.write_file_atomic(fresh, b"\xe2\x9c\x93\n")
    assert fresh.read_text(encoding="utf-8") == "\u2713\n"
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fresh.csv", "private.csv"]  # no temp file left


def test_a_failed_write_leaves_the_old_file_and_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "directory.json"
    lc.sample_directory().save(target)
    before = target.read_bytes()
    with pytest.raises(lc.FileError) as err:
        lc._core.write_file_atomic(tmp_path / "missing" / "x.json", "{}")
    assert err.value.filename == str(tmp_path / "missing" / "x.json")
    with pytest.raises(TypeError):
        lc._core.write_file_atomic(target, 42)  # type: ignore[arg-type]
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["directory.json"]


def test_the_package_writes_files_only_through_the_atomic_writer() -> None:
    """No module opens a file for writing itself: every file goes through write_file_atomic."""
    package = Path(lc.__file__).parent
    write = re.compile(r"""open\([^)]*["'][wax]|\.write_text\(|\.write_bytes\(|mkstemp\(|\.savefig\((?!buffer)""")
    offenders = [
        f"{module.name}:{number}: {line.strip()}"
        for module in sorted(package.glob("*.py"))
        for number, line in enumerate(module.read_text(encoding="utf-8").splitlines(), 1)
        if not line.lstrip().startswith(">>>") and write.search(line.split("#", 1)[0])
    ]
    assert not offenders, "non-atomic writes:\n" + "\n".join(offenders)
