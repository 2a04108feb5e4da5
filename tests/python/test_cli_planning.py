"""`letsconnect assign` and `letsconnect plan-clinic`: output equal to the Python API, CSV, exit codes.

Exit codes (cli.py): 0 ok, 1 invalid input (a bad programme file, an unknown user, a bad plan), 2
usage (argparse, or --programme together with mentees or mentors). Every person is invented; the
planning data is in tests/data/planning/ (see its README).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import letsconnect as lc
from helpers import DATA, ROOT, run_cli

SAMPLE = Path(lc.sample_directory_path())
PROGRAMME = ROOT / "data" / "sample_mentorship.json"
PLANNING = DATA / "planning"
CLINIC = PLANNING / "clinic_directory.json"
SPLIT = PLANNING / "split_directory.json"
DAY = "2026-01-14"


run = run_cli


def executable() -> str:
    """The installed console script (beside the interpreter running the tests, or on PATH)."""
    import sys

    here = Path(sys.executable).with_name("letsconnect")
    if here.exists():
        return str(here)
    found = shutil.which("letsconnect")
    if found is None:
        pytest.skip("the letsconnect console script is not installed")
    return found


def run_script(*args: Any) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([executable(), *map(str, args)], capture_output=True, text=True, check=False, timeout=120, env=env)


def as_json(value: Any) -> Any:
    """What json.dumps then json.loads makes of a value (tuples become lists, and so on)."""
    return json.loads(json.dumps(value, ensure_ascii=False))


@pytest.fixture(scope="module")
def sample() -> lc.Directory:
    # The CLI loads the directory without a week (this week); so does this, to compare like with like.
    return lc.Directory.load(SAMPLE)


@pytest.fixture(scope="module")
def programme() -> lc.MentorshipProgramme:
    return lc.MentorshipProgramme.load(PROGRAMME)


@pytest.fixture(scope="module")
def clinic() -> lc.Directory:
    return lc.Directory.load(CLINIC)


@pytest.fixture(scope="module")
def split_people() -> lc.Directory:
    return lc.Directory.load(SPLIT)


def programme_file(tmp_path: Path, change: Any) -> Path:
    doc = json.loads(PROGRAMME.read_text(encoding="utf-8"))
    change(doc)
    path = tmp_path / "programme.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


# --- assign --------------------------------------------------------------------------------------


def test_assign_programme_json_equals_library(capsys, sample, programme):
    code, out, err = run(capsys, "assign", "-d", SAMPLE, "--programme", PROGRAMME, "--json")
    assert code == 0, err
    document = json.loads(out)
    assert document == as_json(sample.assign(programme).to_dict())
    assert document["programme"] == "sample-grants-mentoring-2026"
    assert len(document["pairs"]) == 9
    assert document["unassigned"] == [{"mentee": "Sushma Adhikari", "reason": "registration_closed", "eligible_mentors": 0}]
    assert [m["capacity"] for m in document["mentors"]] == [3, 2, 2, 2, 2, 2]


def test_assign_programme_stable_json(capsys, sample, programme):
    code, out, _ = run(capsys, "assign", "-d", SAMPLE, "--programme", PROGRAMME, "--stable", "--json")
    assert code == 0
    document = json.loads(out)
    assert document == as_json(sample.assign(programme, stable=True).to_dict())
    assert document["stable"] is True


def test_assign_programme_text_output(capsys, sample, programme):
    code, out, err = run(capsys, "assign", "-d", SAMPLE, "--programme", PROGRAMME)
    assert code == 0
    a = sample.assign(programme)
    expected = [f"{r.mentee}\t{r.mentor}\t{r.total:.3f}" for r in a.pairs.itertuples()]
    expected.append("Sushma Adhikari\t-\tregistration_closed")
    assert out.splitlines() == expected
    assert err.strip() == f"9 pairs, 1 unassigned, objective {a.objective:.4f} (best total)"


def test_assign_programme_out_csv(capsys, tmp_path, sample, programme):
    path = tmp_path / "pairs.csv"
    code, out, _ = run(capsys, "assign", "-d", SAMPLE, "--programme", PROGRAMME, "--out", path, "--json")
    assert code == 0
    written = pd.read_csv(path)
    expected = sample.assign(programme).pairs
    assert list(written.columns) == list(expected.columns)
    assert written["mentee"].tolist() == expected["mentee"].tolist()
    assert written["mentor"].tolist() == expected["mentor"].tolist()
    for column in ("total", "skill", "reciprocity", "language", "region", "time_zone"):
        assert written[column].tolist() == pytest.approx(expected[column].tolist(), abs=1e-12), column
    assert written["required"].tolist() == expected["required"].tolist()
    assert written["eligible"].tolist() == expected["eligible"].tolist()
    # --out and --json together: the JSON still goes to stdout.
    assert len(json.loads(out)["pairs"]) == len(written)


def test_assign_pools_from_options_and_files(capsys, tmp_path, sample):
    mentees = ["Aigerim.B", "Amina Bello", "Grace Mukendi", "Seun.Adeyemi"]
    mentors = ["Emekanwosu", "Wanjiru Kamau", "MwilaBanda"]
    (tmp_path / "mentees.txt").write_text("\n".join(mentees[2:]) + "\n\n", encoding="utf-8")
    (tmp_path / "mentors.txt").write_text("\n".join(mentors[1:]) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "assign", "-d", SAMPLE, "--mentee", mentees[0], "--mentee", mentees[1],
                         "--mentees", tmp_path / "mentees.txt", "--mentor", mentors[0], "--mentors", tmp_path / "mentors.txt",
                         "--capacity", "2", "--json")
    assert code == 0, err
    expected = sample.assign(mentees, mentors, capacity=2).to_dict()
    assert json.loads(out) == as_json(expected)
    assert json.loads(out)["programme"] is None


def test_assign_forbid_and_require(capsys, sample):
    mentees, mentors = ["Amina Bello", "Grace Mukendi"], ["Emekanwosu", "Wanjiru Kamau"]
    args = ["assign", "-d", SAMPLE, "--mentee", mentees[0], "--mentee", mentees[1], "--mentor", mentors[0], "--mentor",
            mentors[1], "--forbid", "Amina Bello", "Emekanwosu", "--require", "Grace Mukendi", "Wanjiru Kamau", "--json"]
    code, out, _ = run(capsys, *args)
    assert code == 0
    expected = sample.assign(mentees, mentors, forbidden=[("Amina Bello", "Emekanwosu")],
                             required=[("Grace Mukendi", "Wanjiru Kamau")]).to_dict()
    document = json.loads(out)
    assert document == as_json(expected)
    pairs = {(p["mentee"], p["mentor"]) for p in document["pairs"]}
    assert ("Amina Bello", "Emekanwosu") not in pairs and ("Grace Mukendi", "Wanjiru Kamau") in pairs


@pytest.mark.parametrize("extra", [
    ["--mentee", "Amina Bello"],
    ["--mentor", "L.Brandt"],
    ["--mentees", "mentees.txt"],
    ["--mentors", "mentors.txt"],
])
def test_assign_programme_with_pools_is_usage_error(capsys, tmp_path, extra):
    (tmp_path / "mentees.txt").write_text("Amina Bello\n", encoding="utf-8")
    (tmp_path / "mentors.txt").write_text("L.Brandt\n", encoding="utf-8")
    extra = [str(tmp_path / e) if e.endswith(".txt") else e for e in extra]
    code, out, err = run(capsys, "assign", "-d", SAMPLE, "--programme", PROGRAMME, *extra)
    assert code == 2
    assert out == ""
    assert "--programme" in err


@pytest.mark.parametrize("change, words", [
    (lambda d: d.update(colour="blue"), ["colour", "unknown field"]),
    (lambda d: d.update(registration_open_date="2026-02-30"), ["registration_open_date", "2026-02-30"]),
    (lambda d: d.update(registration_close_date="2026-02-01"), ["registration_close_date", "before"]),
    (lambda d: d.update(capacity=-1), ["capacity", "-1"]),
    (lambda d: d["mentees"].append({"user": "Nobody Invented"}), ["mentees[10]", "user", "Nobody Invented"]),
    (lambda d: d["skills"].append("no-such-skill"), ["skills[1]", "no-such-skill"]),
])
def test_assign_bad_programme_file_is_invalid_input(capsys, tmp_path, change, words):
    path = programme_file(tmp_path, change)
    code, out, err = run(capsys, "assign", "-d", SAMPLE, "--programme", path, "--json")
    assert code == 1
    assert out == ""
    assert err.startswith("error: ")
    for word in words:
        assert word in err, (word, err)


def test_assign_every_programme_problem_is_printed(capsys, tmp_path):
    path = programme_file(tmp_path, lambda d: d.update(capacity=-1, colour="x", registration_open_date="soon"))
    code, _, err = run(capsys, "assign", "-d", SAMPLE, "--programme", path)
    assert code == 1
    lines = err.splitlines()
    assert len(lines) == 3 and all(line.startswith("error: ") for line in lines)
    assert any("capacity" in line for line in lines) and any("colour" in line for line in lines)
    assert any("registration_open_date" in line for line in lines)


def test_assign_unreadable_programme_files(capsys, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"id": "x", "mentors": [', encoding="utf-8")
    code, out, err = run(capsys, "assign", "-d", SAMPLE, "--programme", broken)
    assert (code, out) == (1, "") and str(broken) in err
    code, out, err = run(capsys, "assign", "-d", SAMPLE, "--programme", tmp_path / "nowhere.json")
    assert (code, out) == (1, "") and "nowhere.json" in err
    wrong = programme_file(tmp_path, lambda d: d.update(format="letsconnect.directory/1"))
    code, _, err = run(capsys, "assign", "-d", SAMPLE, "--programme", wrong)
    assert code == 1 and "letsconnect.mentorship/1" in err


@pytest.mark.parametrize("who", [["--mentee", "Nobody Invented", "--mentor", "L.Brandt"],
                                 ["--mentee", "Amina Bello", "--mentor", "Nobody Invented"]])
def test_assign_unknown_user_is_invalid_input(capsys, who):
    code, out, err = run(capsys, "assign", "-d", SAMPLE, *who)
    assert (code, out) == (1, "")
    assert "Nobody Invented" in err and err.startswith("error: ")


@pytest.mark.parametrize("args", [
    ["assign", "--programme", str(PROGRAMME)],                                   # no --directory
    ["assign", "-d", str(SAMPLE), "--mentee", "Amina Bello", "--capacity", "-1"],
    ["assign", "-d", str(SAMPLE), "--capacity", "two"],
    ["assign", "-d", str(SAMPLE), "--forbid", "Amina Bello"],                      # a pair needs two names
    ["assign", "-d", str(SAMPLE), "--no-such-option"],
])
def test_assign_usage_errors(capsys, args):
    code, out, err = run(capsys, *args)
    assert code == 2
    assert out == ""
    assert "usage:" in err


def test_assign_script_exit_codes(tmp_path, sample, programme):
    ok = run_script("assign", "-d", SAMPLE, "--programme", PROGRAMME, "--json")
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout) == as_json(sample.assign(programme).to_dict())
    bad = run_script("assign", "-d", SAMPLE, "--programme", programme_file(tmp_path, lambda d: d.update(colour=1)))
    assert bad.returncode == 1 and "colour" in bad.stderr
    usage = run_script("assign", "-d", SAMPLE, "--programme", PROGRAMME, "--mentee", "Amina Bello")
    assert usage.returncode == 2 and usage.stdout == ""


# --- plan-clinic ---------------------------------------------------------------------------------


@pytest.mark.parametrize("args, kwargs", [
    ([], {}),
    (["--top", "3"], dict(top=3)),
    (["--step", "15", "--top", "20"], dict(step=15, top=20)),
    (["--duration", "240", "--top", "4"], dict(duration=240, top=4)),
    (["--top", "4"], dict(end="2026-01-21", top=4)),
    (["--region", "SSA"], dict(region=["SSA"])),
    (["--country", "IN", "--country", "NP", "--top", "2"], dict(country=["IN", "NP"], top=2)),
    (["--learns", "grant-writing"], dict(learns=["grant-writing"])),
    (["--shares", "grants-resources"], dict(shares=["grants-resources"])),
    (["--language", "en"], dict(language="en")),
    (["--language", "en", "--min-level", "3", "--target-share", "0.5"], dict(language="en", min_level=3, target_share=0.5)),
    (["--language", "en", "--min-level", "N"], dict(language="en", min_level="N")),
    (["--user", "Anvi Tessar", "--user", "Prabin Solet", "--user", "Greta Wollin"],
     dict(audience=["Anvi Tessar", "Prabin Solet", "Greta Wollin"])),
    (["--user", "Xochi Brenal", "--user", "Nilo Vantre", "--language", "en"],
     dict(audience=["Xochi Brenal", "Nilo Vantre"], language="en")),
    (["--split", "2", "--top", "5"], dict(split=2, top=5)),
])
def test_plan_clinic_json_equals_library(capsys, clinic, args, kwargs):
    kwargs = dict(kwargs)
    end = kwargs.pop("end", DAY)
    audience = kwargs.pop("audience", None)
    code, out, err = run(capsys, "plan-clinic", "-d", CLINIC, "--start", DAY, "--end", end, *args, "--json")
    assert code == 0, err
    expected = lc.plan_clinic(clinic, audience, start=DAY, end=end, **kwargs).to_dict()
    assert json.loads(out) == as_json(expected)


def test_plan_clinic_json_hand_worked(capsys):
    # The hand-worked day of test_planning.py: 14:30 UTC reaches 5 of 8, then 14:00 (4).
    code, out, _ = run(capsys, "plan-clinic", "-d", CLINIC, "--start", DAY, "--end", DAY, "--top", "2", "--json")
    assert code == 0
    assert json.loads(out) == {
        "audience": 8, "without_availability": 1, "duration_min": 120, "split": 1,
        "slots": [{"start": "2026-01-14T14:30:00Z", "available": 5}, {"start": "2026-01-14T14:00:00Z", "available": 4}],
        "by_region": [{"group": "SSA", "audience": 3, "covered": 2}, {"group": "SA", "audience": 2, "covered": 0},
                      {"group": "LAC", "audience": 1, "covered": 1}, {"group": "NA", "audience": 1, "covered": 1},
                      {"group": "NWE", "audience": 1, "covered": 1}],
        "by_time_zone": [{"group": "Africa/Lagos", "audience": 2, "covered": 2},
                         {"group": "Africa/Nairobi", "audience": 1, "covered": 0},
                         {"group": "America/Mexico_City", "audience": 1, "covered": 1},
                         {"group": "America/New_York", "audience": 1, "covered": 1},
                         {"group": "Asia/Kathmandu", "audience": 1, "covered": 0},
                         {"group": "Asia/Kolkata", "audience": 1, "covered": 0},
                         {"group": "Europe/Berlin", "audience": 1, "covered": 1}],
    }


def test_plan_clinic_json_language_groups(capsys, clinic):
    # English at level 2+: six people; Prabin (en 2) needs Nepali at the default threshold 3.
    code, out, _ = run(capsys, "plan-clinic", "-d", CLINIC, "--start", DAY, "--end", DAY, "--language", "en", "--json")
    assert code == 0
    document = json.loads(out)
    assert document["audience"] == 6
    groups = document["language_groups"]
    assert groups == as_json(lc.language_groups(clinic, clinic.search(language="en", min_level=2), "en").to_dict())
    assert (groups["understand"], groups["need"], groups["interpretation"]) == (5, 1, ["ne"])


def test_plan_clinic_split_json_and_text(capsys, split_people):
    code, out, _ = run(capsys, "plan-clinic", "-d", SPLIT, "--start", "2026-01-13", "--end", DAY, "--split", "2", "--top", "2",
                       "--json")
    assert code == 0
    document = json.loads(out)
    assert document == as_json(lc.plan_clinic(split_people, start="2026-01-13", end=DAY, split=2, top=2).to_dict())
    assert document["pairs"][0] == {"first": "2026-01-13T23:00:00Z", "second": "2026-01-14T03:30:00Z", "covered": 4}
    assert "slots" not in document
    code, out, _ = run(capsys, "plan-clinic", "-d", SPLIT, "--start", "2026-01-13", "--end", DAY, "--split", "2", "--top", "2")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "audience 5 (0 without availability), 120 min clinics"
    assert lines[1] == "Tue 2026-01-13 23:00 + Wed 2026-01-14 03:30 UTC\t4\t80%"
    assert lines[2].startswith("Tue 2026-01-13 23:00 + Wed 2026-01-14 04:00 UTC\t3\t60%")


def test_plan_clinic_text_output(capsys):
    code, out, err = run(capsys, "plan-clinic", "-d", CLINIC, "--start", DAY, "--end", DAY, "--top", "3", "--language", "en")
    assert code == 0, err
    assert out.splitlines() == [
        "audience 6 (0 without availability), 120 min clinics",
        "Wed 2026-01-14 14:30 UTC\t4\t67%",
        "Wed 2026-01-14 12:30 UTC\t3\t50%",
        "Wed 2026-01-14 13:00 UTC\t3\t50%",
        "",
        "best time by region:",
        "  SA      \t0/2",
        "  SSA     \t2/2",
        "  NA      \t1/1",
        "  NWE     \t1/1",
        "",
        "en: 5/6 follow it at level 3+, 1 need interpretation (0 in no language at that level)",
        "  ne\t1",
        "interpretation into ne reaches 100% (target 90%)",
    ]


def test_plan_clinic_text_without_language(capsys):
    code, out, _ = run(capsys, "plan-clinic", "-d", CLINIC, "--start", DAY, "--end", DAY, "--top", "1")
    assert code == 0
    assert out.splitlines()[:2] == ["audience 8 (1 without availability), 120 min clinics", "Wed 2026-01-14 14:30 UTC\t5\t62%"]
    assert "interpretation" not in out


@pytest.mark.parametrize("args, words", [
    (["--user", "Nobody Invented"], ["Nobody Invented"]),
    (["--user", "Greta Wollin", "--user", "Nobody Invented"], ["Nobody Invented"]),
    (["--duration", "100"], ["duration_minutes", "100"]),
    (["--step", "20"], ["step_minutes", "20"]),
    (["--end", "2026-01-13"], ["last_day"]),
    (["--end", "2026-03-18"], ["last_day", "62"]),             # 63 days after the 14th of January
    (["--shares", "no-such-skill"], ["no-such-skill"]),
    (["--language", "english!"], ["english!"]),
])
def test_plan_clinic_invalid_input(capsys, args, words):
    base = ["plan-clinic", "-d", CLINIC, "--start", DAY]
    if "--end" not in args:
        base += ["--end", DAY]
    code, out, err = run(capsys, *base, *args)
    assert code == 1, err
    assert out == ""
    assert err.startswith("error: ")
    for word in words:
        assert word in err, (word, err)


def test_plan_clinic_missing_directory_is_invalid_input(capsys, tmp_path):
    code, out, err = run(capsys, "plan-clinic", "-d", tmp_path / "nowhere.json", "--start", DAY, "--end", DAY)
    assert (code, out) == (1, "") and "nowhere.json" in err


@pytest.mark.parametrize("args", [
    ["--start", DAY, "--end", DAY, "--split", "3"],
    ["--start", DAY, "--end", DAY, "--top", "0"],
    ["--start", DAY, "--end", DAY, "--duration", "0"],
    ["--start", DAY, "--end", DAY, "--step", "thirty"],
    ["--start", DAY, "--end", DAY, "--min-level", "7"],
    ["--start", "2026-13-01", "--end", DAY],
    ["--start", DAY, "--end", "14/01/2026"],
    ["--end", DAY],                                            # no --start
    ["--start", DAY, "--end", DAY, "--target-share", "most"],
])
def test_plan_clinic_usage_errors(capsys, args):
    code, out, err = run(capsys, "plan-clinic", "-d", CLINIC, *args)
    assert code == 2
    assert out == ""
    assert "usage:" in err


def test_plan_clinic_script(clinic):
    ok = run_script("plan-clinic", "-d", CLINIC, "--start", DAY, "--end", DAY, "--json", "--language", "en")
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout) == as_json(lc.plan_clinic(clinic, start=DAY, end=DAY, language="en").to_dict())
    assert run_script("plan-clinic", "-d", CLINIC, "--start", DAY, "--end", DAY, "--user", "Nobody Invented").returncode == 1
    assert run_script("plan-clinic", "-d", CLINIC, "--start", DAY, "--end", DAY, "--split", "3").returncode == 2
