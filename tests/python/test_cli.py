"""The `letsconnect` command line: exit codes 0 ok, 1 invalid input, 2 usage."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import letsconnect as lc
from letsconnect import cli
from helpers import DATA, LOCAL_DATA, WEEK

GOOD = [DATA / "directory_good.json", DATA / "taxonomy_good.json", Path(lc.sample_directory_path()),
        LOCAL_DATA / "directory_inline_taxonomy.json"]
BROKEN = sorted(p for p in DATA.glob("*.json") if p.name not in {"directory_good.json", "taxonomy_good.json"})
BROKEN += [LOCAL_DATA / n for n in ("directory_wrong_format.json", "directory_unknown_taxonomy.json",
                                    "directory_unknown_field.json", "taxonomy_bad_qid.json", "taxonomy_not_json.json")]


def run_module(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "letsconnect", *map(str, args)], capture_output=True, text=True,
                          check=False, timeout=120, cwd=cwd)


def problem_line(p):
    return ": ".join(x for x in (p.source, p.where, p.field, p.message) if x)


# --- validate ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", GOOD, ids=[p.name for p in GOOD])
def test_validate_good_file(capsys, path):
    assert cli.main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert out == f"{path}: ok\n"


def test_validate_several_good_files_in_a_subprocess(tmp_path):
    result = run_module("validate", *GOOD, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"{p}: ok" for p in GOOD]


@pytest.mark.parametrize("path", BROKEN, ids=[p.name for p in BROKEN])
def test_validate_broken_file(capsys, path):
    assert cli.main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    problems = lc.validate_file(path)
    assert problems
    lines = out.splitlines()
    assert lines == [problem_line(p) for p in problems]
    assert all(str(path) in line for line in lines)


def test_validate_several_bad_lists_every_problem(capsys):
    path = DATA / "directory_several_bad.json"
    assert cli.main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    for name, field in [("Ana Souza", "languages.en"), ("Noor Rahman", "country"), ("Elif Demir", "timezone"),
                        ("Marta Kowalczyk", "learns"), ("Hiroshi Tanaka", "availability[0]")]:
        assert any(f"profile '{name}'" in line and f": {field}: " in line for line in out.splitlines()), (name, field)
    assert "Yaw Ofori" not in out


def test_validate_broken_files_in_a_subprocess(tmp_path):
    well_encoded = [p for p in BROKEN if p.name != "directory_non_utf8.json"]
    result = run_module("validate", *well_encoded, cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr
    expected = [problem_line(p) for path in well_encoded for p in lc.validate_file(path)]
    assert result.stdout.splitlines() == expected


def test_validate_non_utf8_file_in_a_subprocess(tmp_path):
    path = DATA / "directory_non_utf8.json"
    result = run_module("validate", path, DATA / "taxonomy_good.json", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{path}: line 5, column ")
    assert lines[1] == f"{DATA / 'taxonomy_good.json'}: ok"


@pytest.mark.parametrize("file, where", [("directory_truncated.json", "line 5, column "), ("directory_non_utf8.json", "line 5, column ")])
def test_validate_malformed_file_gives_line_and_column(capsys, file, where):
    path = DATA / file
    assert cli.main(["validate", str(path)]) == 1
    [line] = capsys.readouterr().out.splitlines()
    assert line.startswith(f"{path}: {where}")


def test_validate_json_output(capsys):
    paths = [DATA / "directory_good.json", DATA / "directory_several_bad.json", DATA / "taxonomy_cycle.json"]
    assert cli.main(["validate", "--json", *map(str, paths)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert list(report) == [str(p) for p in paths]
    assert report[str(paths[0])] == []
    for path in paths[1:]:
        expected = [{"source": p.source, "where": p.where, "field": p.field, "message": p.message}
                    for p in lc.validate_file(path)]
        assert report[str(path)] == expected
    assert len(report[str(paths[1])]) == 5


def test_validate_json_output_in_a_subprocess(tmp_path):
    result = run_module("validate", "--json", DATA / "directory_wrong_types.json", DATA / "taxonomy_good.json", cwd=tmp_path)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    fields = [p["field"] for p in report[str(DATA / "directory_wrong_types.json")]]
    assert fields == ["languages", "shares", "registered"]
    assert report[str(DATA / "taxonomy_good.json")] == []


def test_validate_json_all_good_exits_zero(capsys):
    assert cli.main(["validate", "--json", str(DATA / "directory_good.json")]) == 0
    assert json.loads(capsys.readouterr().out) == {str(DATA / "directory_good.json"): []}


def test_validate_mixed_files(capsys):
    good, bad = DATA / "taxonomy_good.json", DATA / "taxonomy_depth4.json"
    assert cli.main(["validate", str(good), str(bad)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{good}: ok"
    assert "celadon-glaze" in lines[1]


def test_validate_missing_file(capsys, tmp_path):
    missing = tmp_path / "absent.json"
    assert cli.main(["validate", str(missing)]) == 1
    out = capsys.readouterr().out
    assert str(missing) in out
    assert "cannot open" in out


# --- search --------------------------------------------------------------------------------------


@pytest.mark.parametrize("args, query", [
    (["--shares", "grants-resources"], dict(shares=["grants-resources"])),
    (["--shares", "grants-resources", "--language", "fr"], dict(shares=["grants-resources"], language=["fr"])),
    (["--learns", "on-wiki-technical", "--region", "SSA", "--min-level", "3", "--language", "en"],
     dict(learns=["on-wiki-technical"], region=["SSA"], min_level=3, language=["en"])),
    (["--shares", "mentoring", "--shares", "wikidata"], dict(shares=["mentoring", "wikidata"])),
    (["--region", "USCA", "--region", "CEE"], dict(region=["USCA", "CEE"])),
    (["--country", "NG", "--knows", "Q2013"], dict(country=["NG"], knows=["Q2013"])),
    (["--language", "fr", "--min-level", "N"], dict(language=["fr"], min_level="N")),
    ([], {}),
])
def test_search_json_equals_directory_search(capsys, args, query):
    path = lc.sample_directory_path()
    assert cli.main(["search", "--directory", path, *args, "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    directory = lc.Directory.load(path, week=WEEK)
    expected = directory.search(**query)
    assert [p["username"] for p in found] == expected
    assert found == [directory[u].to_dict() for u in expected]


def test_search_json_in_a_subprocess(tmp_path):
    path = DATA / "directory_good.json"
    result = run_module("search", "-d", path, "--learns", "grants-resources", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    directory = lc.Directory.load(path, week=WEEK)
    assert [p["username"] for p in found] == directory.search(learns="grants-resources")
    assert [lc.Profile.from_dict(p) for p in found] == [directory[u] for u in directory.search(learns="grants-resources")]


def test_search_text_output(capsys):
    assert cli.main(["search", "-d", str(DATA / "directory_good.json"), "--shares", "grants-resources"]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        "Dana Whitfield\tNA\tUS\ten-N es-2\tshares: budgeting, financial-reporting",
        "Zainab Lawal\tSSA\tNG\tha-N en-4\tshares: event-organising, grant-writing",
    ]
    assert captured.err == "2 of 9 profiles\n"


def test_search_no_match(capsys):
    assert cli.main(["search", "-d", str(DATA / "directory_good.json"), "--country", "FJ", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


@pytest.mark.parametrize("args, message", [
    (["--shares", "juggling"], "error: skill 'juggling' not found"),
    (["--region", "Atlantis"], "error: "),
    (["--country", "XX"], "error: "),
])
def test_search_invalid_input_exits_one(capsys, args, message):
    assert cli.main(["search", "-d", str(DATA / "directory_good.json"), *args]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith(message)
    assert captured.out == ""


def test_search_broken_directory_prints_every_problem(capsys):
    assert cli.main(["search", "-d", str(DATA / "directory_several_bad.json")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 5
    assert all(line.startswith(f"error: {DATA / 'directory_several_bad.json'}: ") for line in err)


def test_search_missing_directory_file(capsys, tmp_path):
    assert cli.main(["search", "-d", str(tmp_path / "absent.json")]) == 1
    assert str(tmp_path / "absent.json") in capsys.readouterr().err


# --- usage ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [
    [],
    ["frobnicate"],
    ["validate"],
    ["validate", "--strict", str(DATA / "directory_good.json")],
    ["search"],
    ["search", "--shares", "mentoring"],
    ["search", "-d", str(DATA / "directory_good.json"), "--colour", "teal"],
])
def test_bad_usage_exits_two(capsys, argv):
    with pytest.raises(SystemExit) as info:
        cli.main(argv)
    assert info.value.code == 2
    assert "usage: letsconnect" in capsys.readouterr().err


@pytest.mark.parametrize("level", ["9", "x"])
def test_bad_min_level_is_a_usage_error(capsys, level):
    # --min-level takes 0-5 or N; anything else is a mistake on the command line, not in a file.
    with pytest.raises(SystemExit) as info:
        cli.main(["search", "-d", str(DATA / "directory_good.json"), "--language", "en", "--min-level", level])
    assert info.value.code == 2


def test_bad_usage_in_a_subprocess(tmp_path):
    result = run_module("validate", cwd=tmp_path)
    assert result.returncode == 2
    assert "usage:" in result.stderr
    assert result.stdout == ""


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out == f"letsconnect {lc.__version__}\n"


def test_help_exits_zero(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "validate" in out and "search" in out


def test_console_script_is_installed(tmp_path):
    script = Path(sys.executable).parent / "letsconnect"
    assert script.is_file()
    result = subprocess.run([str(script), "validate", str(DATA / "taxonomy_good.json")], capture_output=True, text=True,
                            check=False, timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{DATA / 'taxonomy_good.json'}: ok\n"
