"""Input limits: too large, too deep or too wide input fails fast with a clear error and bounded memory."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import letsconnect as lc

from helpers import DATA, run_cli

ZOOM_HEADER = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as f:
        f.truncate(size)
    return path


def test_limits_are_a_value_with_a_repr() -> None:
    limits = lc.get_limits()
    assert limits == lc.Limits()
    assert repr(limits) == (
        "Limits(max_input_bytes=1073741824, max_json_depth=64, max_json_object_keys=4096, max_csv_columns=1024, "
        "max_csv_record_bytes=1048576)"
    )
    with pytest.raises(TypeError):
        hash(limits)


def test_set_limits_returns_the_previous_and_rejects_zero() -> None:
    before = lc.get_limits()
    previous = lc.set_limits(lc.Limits(max_json_depth=5))
    try:
        assert previous == before
        assert lc.get_limits().max_json_depth == 5
    finally:
        lc.set_limits(before)
    with pytest.raises(lc.LetsConnectError, match="at least 1"):
        lc.set_limits(lc.Limits(max_csv_columns=0))
    assert lc.get_limits() == before


def test_the_limits_context_manager_restores_them() -> None:
    before = lc.get_limits()
    with lc.limits(max_json_depth=3) as current:
        assert current.max_json_depth == 3 and lc.get_limits().max_json_depth == 3
        with pytest.raises(lc.FormatError, match="nested deeper than 3 levels"):
            lc.Directory.from_json("[[[[]]]]")
    assert lc.get_limits() == before
    with pytest.raises(ValueError), lc.limits(max_json_depth=3):  # restored after an exception too
        raise ValueError("inside")
    assert lc.get_limits() == before
    with pytest.raises(TypeError, match="max_depth"), lc.limits(max_depth=3):
        pass


def test_a_two_gigabyte_file_fails_before_it_is_read(tmp_path: Path) -> None:
    huge = _sparse(tmp_path / "huge.json", 2 << 30)
    start = time.perf_counter()
    with pytest.raises(lc.FileError, match=r"is 2147483648 bytes, more than the limit of 1073741824 bytes") as err:
        lc.Directory.load(huge)
    assert isinstance(err.value, OSError) and err.value.filename == str(huge)
    for load in (lc.Taxonomy.load, lc.Clinics.load, lc.read_zoom_report):
        with pytest.raises(lc.FileError, match="more than the limit"):
            load(huge)
    assert time.perf_counter() - start < 5


def test_a_two_gigabyte_line_runs_in_bounded_memory(tmp_path: Path) -> None:
    """In a fresh process, so its peak memory is the loader's alone."""
    huge = _sparse(tmp_path / "one-line.csv", 2 << 30)
    child = textwrap.dedent(
        f"""
        import letsconnect as lc

        def status(field):
            with open("/proc/self/status") as f:
                return next(int(line.split()[1]) // 1024 for line in f if line.startswith(field + ":"))

        # A forked child inherits its parent's peak; reset it (Linux: "5" clears VmHWM).
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        base = status("VmRSS")
        for call in (lambda: lc.Directory.load({str(huge)!r}), lambda: lc.read_zoom_report({str(huge)!r}),
                     lambda: lc.Directory.from_json("[" * 1_000_000),
                     lambda: lc.ZoomReport.parse({ZOOM_HEADER!r} + "x," * 1_000_000)):
            try:
                call()
            except lc.LetsConnectError as e:
                print(type(e).__name__, str(e)[-60:])
        print(status("VmHWM") - base)
        """
    )
    out = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, timeout=120, check=True).stdout
    *errors, growth_mib = out.splitlines()
    assert len(errors) == 4, out
    assert errors[0].startswith("FileError") and errors[1].startswith("FileError")
    assert errors[2].startswith("FormatError") and "max_json_depth" in errors[2]
    assert errors[3].startswith("FormatError") and "max_csv_columns" in errors[3]
    # The inputs would take gigabytes; reading them costs a few MiB (the test's own strings).
    assert int(growth_mib) < 64, out


def test_million_deep_json_fails_fast_with_the_path() -> None:
    with pytest.raises(lc.FormatError) as err:
        lc.Directory.from_json('{"profiles": ' + "[" * 1_000_000)
    assert err.value.json_path == "profiles[0][0][0][0][0][0][0]…"
    assert "JSON nested deeper than 64 levels" in str(err.value)
    for load in (lc.Taxonomy.from_json, lc.Clinics.from_json):
        with pytest.raises(lc.FormatError, match="nested deeper"):
            load("[" * 1_000_000)


def test_million_column_csv_fails_at_the_first_column_too_many() -> None:
    with pytest.raises(lc.FormatError) as err:
        lc.ZoomReport.parse(ZOOM_HEADER + "Ana Example," + "x," * 1_000_000, source="wide.csv")
    assert (err.value.source, err.value.line) == ("wide.csv", 2)
    assert "more than 1024 columns" in str(err.value)


def test_an_overlong_record_fails_without_quoting_it() -> None:
    with pytest.raises(lc.FormatError, match="a record longer than 1048576 bytes") as err:
        lc.ZoomReport.parse(ZOOM_HEADER + '"' + "y" * (3 << 20) + '",ana@example.org,x,y,1,No\n')
    assert "ana@example.org" not in str(err.value) and len(str(err.value)) < 300


def test_an_object_with_a_million_keys_fails_at_the_key_limit() -> None:
    wide = "{" + ",".join(f'"k{i}": 0' for i in range(1_000_000)) + "}"
    start = time.perf_counter()
    with pytest.raises(lc.FormatError, match="more than 4096 keys") as err:
        lc.Directory.from_json(wide)
    assert time.perf_counter() - start < 5
    assert "max_json_object_keys" in str(err.value)


def test_raising_a_limit_reads_the_input() -> None:
    deep_but_valid = '{"format": "letsconnect.directory/1", "profiles": []}'
    with lc.limits(max_json_depth=1):
        with pytest.raises(lc.FormatError, match="nested deeper than 1 level"):
            lc.Directory.from_json(deep_but_valid)
    with lc.limits(max_json_depth=2):
        assert len(lc.Directory.from_json(deep_but_valid)) == 0
    report = (DATA / "zoom" / "meeting_block.csv").read_text(encoding="utf-8")
    with lc.limits(max_input_bytes=100), pytest.raises(lc.FormatError, match="max_input_bytes"):
        lc.ZoomReport.parse(report)
    assert len(lc.ZoomReport.parse(report)) > 0


def test_cli_reports_an_oversized_file_in_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    huge = _sparse(tmp_path / "huge.json", 2 << 30)
    code, out, err = run_cli(capsys, "validate", str(huge))
    assert code != 0
    assert "more than the limit of 1073741824 bytes" in out + err
    assert "Traceback" not in err
    assert os.path.getsize(huge) == 2 << 30  # untouched
