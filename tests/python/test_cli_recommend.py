"""`letsconnect recommend`: exit codes 0 ok, 1 a letsconnect error (message on stderr), 2 usage."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import letsconnect as lc
from letsconnect import cli
from helpers import DATA, WEEK

SAMPLE = lc.sample_directory_path()
SEEKERS = ["Amina Bello", "Chinedu_Okafor", "Seun.Adeyemi"]


def run_module(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "letsconnect", *map(str, args)], capture_output=True, text=True,
                          check=False, timeout=120, cwd=cwd)


def matches_of(document):
    """The list of matches in the --json output (a list, or an object holding one)."""
    if isinstance(document, dict):
        for key in ("matches", "recommendations", "results"):
            if key in document:
                return document[key]
        raise AssertionError(f"no list of matches in {sorted(document)}")
    assert isinstance(document, list)
    return document


def assert_same_as_library(found, expected):
    assert [m["username"] for m in found] == [m.username for m in expected]
    assert [m["total"] for m in found] == pytest.approx([m.total for m in expected], abs=1e-12)
    for got, m in zip(found, expected):
        for name, value in m.breakdown.items():  # the components, when the output has them
            if name in got:
                assert got[name] == pytest.approx(value, abs=1e-12), name
            elif isinstance(got.get("breakdown"), dict):
                assert got["breakdown"][name] == pytest.approx(value, abs=1e-12), name


@pytest.fixture(scope="module")
def sample():
    return lc.Directory.load(SAMPLE, week=WEEK)


# --- output --------------------------------------------------------------------------------------


@pytest.mark.parametrize("user", SEEKERS)
@pytest.mark.parametrize("args, query", [
    ([], dict()),
    (["-k", "3"], dict(k=3)),
    (["-k", "25", "--direction", "learn_from"], dict(k=25, direction="learn_from")),
    (["--direction", "share_with", "-k", "4"], dict(k=4, direction="share_with")),
    (["--direction", "mutual"], dict(direction="mutual")),
    (["--capx", "--direction", "learn_from", "-k", "20"], dict(k=20, direction="learn_from", capx=True)),
    (["--capx", "--direction", "share_with"], dict(direction="share_with", capx=True)),
])
def test_json_equals_directory_recommend(capsys, sample, user, args, query):
    assert cli.main(["recommend", "--directory", SAMPLE, "--user", user, "--week", WEEK.isoformat(), *args,
                     "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    found = matches_of(document)
    query = dict(query)
    if query.pop("capx", False):
        query["weights"] = lc.Weights.capx()
    expected = sample.recommend(user, **query)
    if isinstance(document, dict) and "seeker" in document:
        assert document["seeker"] == expected.seeker
    assert len(found) == len(expected) <= query.get("k", 10)
    assert_same_as_library(found, expected)


def test_json_with_another_week(capsys, sample):
    week = "2026-07-06"
    assert cli.main(["recommend", "--directory", SAMPLE, "--user", "Amina Bello", "--week", week, "-k", "8",
                     "--json"]) == 0
    found = matches_of(json.loads(capsys.readouterr().out))
    assert_same_as_library(found, sample.for_week(week).recommend("Amina Bello", 8))


@pytest.mark.parametrize("k", [1, 5, 10])
def test_table_has_k_rows(capsys, sample, k):
    assert cli.main(["recommend", "--directory", SAMPLE, "--user", "Amina Bello", "-k", str(k), "--week",
                     WEEK.isoformat()]) == 0
    out = capsys.readouterr().out
    expected = [m.username for m in sample.recommend("Amina Bello", k)]
    assert len(expected) == k, "the sample has at least 10 recommendations for Amina Bello"
    lines = [line for line in out.splitlines() if line.strip()]
    rows = [line for line in lines if any(name in line for name in sample.usernames)]
    assert len(rows) == k, out
    assert len(lines) <= k + 2, out  # at most a header (and a rule) besides the rows
    for row, name in zip(rows, expected):
        assert name in row, (row, name)


def test_table_default_k_is_ten(capsys, sample):
    assert cli.main(["recommend", "-d", SAMPLE, "--user", "Amina Bello", "--week", WEEK.isoformat()]) == 0
    out = capsys.readouterr().out
    expected = [m.username for m in sample.recommend("Amina Bello")]
    rows = [line for line in out.splitlines() if any(name in line for name in sample.usernames)]
    assert len(rows) == len(expected) == 10


def test_json_in_a_subprocess(tmp_path, sample):
    result = run_module("recommend", "--directory", SAMPLE, "--user", "Amina_Bello", "-k", "6", "--week",
                        WEEK.isoformat(), "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    found = matches_of(json.loads(result.stdout))
    assert_same_as_library(found, sample.recommend("Amina Bello", 6))


def test_table_in_a_subprocess(tmp_path, sample):
    result = run_module("recommend", "--directory", SAMPLE, "--user", "Seun.Adeyemi", "-k", "4", "--week",
                        WEEK.isoformat(), "--direction", "learn_from", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    expected = [m.username for m in sample.recommend("Seun.Adeyemi", 4, direction="learn_from")]
    rows = [line for line in result.stdout.splitlines() if any(name in line for name in sample.usernames)]
    assert len(rows) == len(expected)
    assert all(name in row for row, name in zip(rows, expected))


# --- errors --------------------------------------------------------------------------------------


def test_unknown_user_exits_one(capsys):
    assert cli.main(["recommend", "--directory", SAMPLE, "--user", "Nobody Atall", "--week", WEEK.isoformat()]) == 1
    captured = capsys.readouterr()
    assert "Nobody Atall" in captured.err
    assert captured.err.startswith("error: ")
    assert captured.out == ""


def test_unknown_user_in_a_subprocess(tmp_path):
    result = run_module("recommend", "--directory", SAMPLE, "--user", "Nobody Atall", "--json", cwd=tmp_path)
    assert result.returncode == 1
    assert "Nobody Atall" in result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stdout == ""


def test_missing_directory_exits_one(capsys, tmp_path):
    missing = tmp_path / "absent.json"
    assert cli.main(["recommend", "--directory", str(missing), "--user", "Amina Bello"]) == 1
    assert str(missing) in capsys.readouterr().err


def test_broken_directory_exits_one(capsys):
    path = DATA / "directory_several_bad.json"
    assert cli.main(["recommend", "--directory", str(path), "--user", "Yaw Ofori"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and str(path) in err


@pytest.mark.parametrize("argv", [
    ["recommend"],
    ["recommend", "--directory", SAMPLE],
    ["recommend", "--user", "Amina Bello"],
    ["recommend", "--directory", SAMPLE, "--user", "Amina Bello", "-k", "0"],
    ["recommend", "--directory", SAMPLE, "--user", "Amina Bello", "-k", "-3"],
    ["recommend", "--directory", SAMPLE, "--user", "Amina Bello", "-k", "ten"],
    ["recommend", "--directory", SAMPLE, "--user", "Amina Bello", "-k", "2.5"],
    ["recommend", "--directory", SAMPLE, "--user", "Amina Bello", "--direction", "sideways"],
    ["recommend", "--directory", SAMPLE, "--user", "Amina Bello", "--week", "next tuesday"],
    ["recommend", "--directory", SAMPLE, "--user", "Amina Bello", "--colour", "teal"],
])
def test_bad_usage_exits_two(capsys, argv):
    with pytest.raises(SystemExit) as info:
        cli.main(argv)
    assert info.value.code == 2
    assert "usage: letsconnect" in capsys.readouterr().err


def test_bad_k_in_a_subprocess(tmp_path):
    result = run_module("recommend", "--directory", SAMPLE, "--user", "Amina Bello", "-k", "0", cwd=tmp_path)
    assert result.returncode == 2
    assert "usage:" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_help_lists_recommend(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["--help"])
    assert info.value.code == 0
    assert "recommend" in capsys.readouterr().out
