"""Personal data never reaches an error message, a warning, a log record or the CLI's stderr.

Every loader is fed bad records with invented names and e-mail addresses planted in and around
the bad values (wrong types, bad time zones and levels, shifted CSV columns, bad dates, duplicate
keys, broken JSON). A record may be named only by its key: a profile's username, a clinic id, a
file and line.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import letsconnect as lc
from helpers import CAPX, run_cli

#: Invented and unique: a hit can only come from the planted input.
PLANTED = ["Zephyrine", "Oakhollow", "Quillon", "Varga", "Brisk", "zeph.oak@planted.example", "qv@planted.example",
           "planted.example"]
#: A username: the key of its record, so it may be quoted.
KEY_NAME = "Maelis Thornquist"

ZOOM_HEADER = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
GOOD_ROW = "Ada Good,ada@example.org,01/14/2026 02:00:00 PM,01/14/2026 03:00:00 PM,60,No\n"


def _directory(*profiles: dict[str, Any] | str) -> str:
    items = [p if isinstance(p, str) else json.dumps(p) for p in profiles]
    return '{"format": "letsconnect.directory/1", "profiles": [' + ", ".join(items) + "]}"


GOOD_PROFILE = {"username": KEY_NAME, "name": "M. T.", "country": "NG", "languages": {"en": "3"}, "timezone": "Africa/Lagos"}

BAD_DIRECTORIES = {
    "bad values": _directory(GOOD_PROFILE, {
        "username": "privacy-key-1", "name": "Zephyrine Oakhollow", "emails": ["zeph.oak@planted.example"],
        "aliases": ["Quillon Varga-Brisk"], "timezone": "Zephyrine Oakhollow", "country": "zeph.oak@planted.example",
        "region": "Oakhollow", "languages": {"en": "Quillon Varga", "fr": "qv@planted.example"},
        "registered": "Zephyrine Oakhollow",
        "availability": [{"day": "Zephyrine", "start": "Quillon Varga", "end": "qv@planted.example"}],
        "shares": ["zeph.oak@planted.example"], "learns": ["Quillon Varga", "Quillon Varga"]}),
    "wrong types": _directory({
        "username": "privacy-key-2", "name": ["Zephyrine Oakhollow"], "emails": "zeph.oak@planted.example",
        "aliases": [{"Quillon": "Varga"}], "timezone": 3, "gender": {"who": "qv@planted.example"}, "role": ["Brisk"],
        "Zephyrine Oakhollow": 1},
        {"username": 12, "name": "Quillon Varga", "emails": ["qv@planted.example"]}),
    "bad emails": _directory({"username": "privacy-key-3", "emails": ["Zephyrine Oakhollow", "qv@planted.example@x"]}),
    "duplicate key": _directory('{"username": "k", "name": "Zephyrine Oakhollow", "name": "qv@planted.example"}'),
    "line break in a string": _directory('{"username": "k", "name": "Zephyrine Oakhollow\nQuillon Varga"}'),
    "unquoted name": _directory('{"username": "k", "name": Zephyrine Oakhollow}'),
    "missing comma": _directory('{"username": "k", "emails": ["zeph.oak@planted.example" "qv@planted.example"]}'),
    "truncated": _directory('{"username": "k", "emails": ["zeph.oak@planted.example\\u0001'),
    "unknown skill": _directory({"username": "privacy-key-4", "name": "Zephyrine Oakhollow", "shares": ["Quillon Varga"]}),
}

BAD_CLINICS = {
    "bad values": {"format": "letsconnect.clinics/1", "clinics": [{
        "id": "lc-priv", "title": "Grant writing", "start": "Zephyrine Oakhollow", "duration_min": "qv@planted.example",
        "language": "zeph.oak@planted.example", "interpretation": ["Quillon Varga"], "report_time_zone": "Oakhollow",
        "sharers": ["zeph.oak@planted.example", "zeph.oak@planted.example"], "registrants": [5],
        "skills": ["Quillon Varga"]}]},
    "wrong format": {"format": "Zephyrine Oakhollow <zeph.oak@planted.example>", "clinics": []},
}

BAD_TAXONOMY = {"format": "letsconnect.taxonomy/1", "nodes": [
    {"id": "a", "labels": {"en": "A"}},
    {"id": "b", "parent": "Zephyrine Oakhollow", "qid": "qv@planted.example", "labels": {"en": ["Quillon Varga"]}}]}

BAD_ZOOM = {
    "shifted columns": ZOOM_HEADER + GOOD_ROW
    + "Oakhollow, Zephyrine,zeph.oak@planted.example,01/14/2026 02:00:00 PM,01/14/2026 03:00:00 PM,60,No\n"
    + "Quillon Varga,,Quillon Varga,qv@planted.example,Brisk,Zephyrine\n"
    + "Quillon Varga,qv@planted.example,01/14/2026 02:00:00 PM,01/14/2026 03:00:00 PM,sixty,Oakhollow\n"
    + "Brisk Quillon,qv@planted.example,13/45/2026 02:00:00 PM,01/14/2026 03:00:00 PM,60,No\n",
    "no header": "Zephyrine Oakhollow,zeph.oak@planted.example,01/14/2026 02:00:00 PM,01/14/2026 03:00:00 PM,60,No\n",
    "meeting block": "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\n"
    + "123,Clinic with Zephyrine Oakhollow,Quillon Varga,qv@planted.example,zeph.oak@planted.example,Brisk,Varga\n\n"
    + ZOOM_HEADER + GOOD_ROW,
    "open quote": "Name,Join Time,Leave Time\n\"Zephyrine Oakhollow,zeph.oak@planted.example\n",
}

BAD_PROGRAMME = {"format": "letsconnect.mentorship/1", "id": "priv", "languages": ["Quillon Varga"],
                 "registration_open_date": "Zephyrine Oakhollow",
                 "mentors": [{"user": KEY_NAME, "created_at": "qv@planted.example", "capacity": "Zephyrine"}],
                 "mentees": [{"user": "privacy-mentee", "created_at": "Oakhollow", "note": "zeph.oak@planted.example"}]}


def _leaks(text: str) -> list[str]:
    return [p for p in PLANTED if p in text]


def _everything(error: BaseException | None, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str],
                recwarn: pytest.WarningsRecorder) -> str:
    parts = [caplog.text, *capsys.readouterr(), *(str(w.message) for w in recwarn)]
    if error is not None:
        parts += [str(error), repr(error), *(str(p) for p in getattr(error, "problems", None) or [])]
    return "\n".join(parts)


def _check(load: Callable[[], Any], caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str],
           recwarn: pytest.WarningsRecorder) -> str:
    caplog.set_level(logging.DEBUG)
    with pytest.raises(Exception) as info:
        load()
    assert isinstance(info.value, (lc.LetsConnectError, KeyError, ValueError, OSError)), info.value
    text = _everything(info.value, caplog, capsys, recwarn)
    assert _leaks(text) == [], text
    return text


@pytest.mark.parametrize("case", sorted(BAD_DIRECTORIES))
def test_directory_errors_name_no_one(case: str, tmp_path: Path, caplog: Any, capsys: Any, recwarn: Any) -> None:
    path = tmp_path / "directory.json"
    path.write_text(BAD_DIRECTORIES[case], encoding="utf-8")
    text = _check(lambda: lc.Directory.load(path), caplog, capsys, recwarn)
    assert str(path) in text  # the file is named
    _check(lambda: lc.Directory.from_json(BAD_DIRECTORIES[case]), caplog, capsys, recwarn)
    problems = lc.validate_file(str(path))
    assert problems and _leaks("\n".join(map(str, problems))) == []


def test_the_username_is_the_key(caplog: Any, capsys: Any, recwarn: Any) -> None:
    bad = dict(GOOD_PROFILE, timezone="Mars/Olympus", name="Zephyrine Oakhollow", emails=["zeph.oak@planted.example"])
    text = _check(lambda: lc.Directory.from_json(_directory(bad)), caplog, capsys, recwarn)
    assert KEY_NAME in text and "Mars/Olympus" in text  # the key and the bad code are still shown
    assert "privacy-key-1" in _check(lambda: lc.Directory.from_json(BAD_DIRECTORIES["bad values"]), caplog, capsys,
                                     recwarn)


def test_profile_from_dict(caplog: Any, capsys: Any, recwarn: Any) -> None:
    bad = {"username": "privacy-key-5", "name": "Zephyrine Oakhollow", "timezone": "Quillon Varga",
           "languages": {"en": "qv@planted.example"}, "registered": "zeph.oak@planted.example"}
    _check(lambda: lc.Profile.from_dict(bad), caplog, capsys, recwarn)


def test_capx_errors_and_notes_name_no_one(caplog: Any, capsys: Any, recwarn: Any) -> None:
    caplog.set_level(logging.DEBUG)
    skills = json.loads((CAPX / "skills.json").read_text(encoding="utf-8"))
    languages = [{"id": 1, "language_code": "en"}]
    profiles = [{"id": 1, "user": {"username": "privacy-capx-1", "date_joined": "Zephyrine Oakhollow",
                                   "email": "zeph.oak@planted.example"},
                 "display_name": "Quillon Varga", "language": [{"id": 99, "proficiency": "qv@planted.example"},
                                                               {"id": 1, "proficiency": "Zephyrine"}],
                 "territory": ["Oakhollow", 123456], "skills_available": ["Quillon Varga", 777]}]
    d = lc.Directory.from_capx(profiles, skills, languages=languages)
    text = "\n".join(d.import_notes) + _everything(None, caplog, capsys, recwarn)
    assert _leaks(text) == [], text
    broken = [{"id": 5, "language_name": "Zephyrine Oakhollow", "contact": "qv@planted.example"}]
    _check(lambda: lc.Directory.from_capx(profiles, skills, languages=broken), caplog, capsys, recwarn)
    no_username = [{"id": 1, "user": {"username": 5, "email": "zeph.oak@planted.example"}, "display_name": "Quillon Varga"}]
    _check(lambda: lc.Directory.from_capx(no_username, skills), caplog, capsys, recwarn)


@pytest.mark.parametrize("case", sorted(BAD_CLINICS))
def test_clinics_errors_name_no_one(case: str, tmp_path: Path, caplog: Any, capsys: Any, recwarn: Any) -> None:
    path = tmp_path / "clinics.json"
    path.write_text(json.dumps(BAD_CLINICS[case]), encoding="utf-8")
    _check(lambda: lc.Clinics.load(path), caplog, capsys, recwarn)


def test_taxonomy_errors_name_no_one(tmp_path: Path, caplog: Any, capsys: Any, recwarn: Any) -> None:
    path = tmp_path / "taxonomy.json"
    path.write_text(json.dumps(BAD_TAXONOMY), encoding="utf-8")
    _check(lambda: lc.Taxonomy.load(path), caplog, capsys, recwarn)


@pytest.mark.parametrize("case", sorted(BAD_ZOOM))
def test_zoom_errors_name_no_one(case: str, tmp_path: Path, caplog: Any, capsys: Any, recwarn: Any) -> None:
    path = tmp_path / "clinic.csv"
    path.write_text(BAD_ZOOM[case], encoding="utf-8")
    text = _check(lambda: lc.read_zoom_report(path), caplog, capsys, recwarn)
    assert str(path) in text
    if case == "shifted columns":
        assert "line 3" in text and "13/45/2026 02:00:00 PM" in text  # file and line are the key; a bad time is shown


def test_mentorship_errors_name_no_one(tmp_path: Path, caplog: Any, capsys: Any, recwarn: Any) -> None:
    path = tmp_path / "programme.json"
    path.write_text(json.dumps(BAD_PROGRAMME), encoding="utf-8")
    _check(lambda: lc.MentorshipProgramme.load(path), caplog, capsys, recwarn)


def _decisions(tmp_path: Path, decision: str) -> Path:
    path = tmp_path / "decisions.csv"
    path.write_text("clinic,display_name,suggested_username,confidence,reason,minutes,decision\n"
                    f"lc-1,Zephyrine Oakhollow,{KEY_NAME},0.7,similar,60,{decision}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("decision", ["Quillon Varga", "qv@planted.example"])
def test_decisions_errors_name_no_one(decision: str, tmp_path: Path, caplog: Any, capsys: Any, recwarn: Any) -> None:
    directory = lc.Directory.from_json(_directory(GOOD_PROFILE))
    text = _check(lambda: lc.read_decisions(_decisions(tmp_path, decision), directory), caplog, capsys, recwarn)
    assert "line 2" in text


# --- the CLI: stderr (and stdout) of every command that reads these files ---------------------------


def _cli(capsys: Any, *args: Any) -> str:
    code, out, err = run_cli(capsys, *args)
    assert code == 1, (code, out, err)
    assert err.startswith("error:") or out, (out, err)
    assert _leaks(out + err) == [], out + err
    return err


def test_cli_reports_bad_files_without_personal_data(tmp_path: Path, capsys: Any) -> None:
    good = tmp_path / "good.json"
    good.write_text(_directory(GOOD_PROFILE), encoding="utf-8")
    for case, text in BAD_DIRECTORIES.items():
        path = tmp_path / f"directory-{len(case)}.json"
        path.write_text(text, encoding="utf-8")
        _cli(capsys, "search", "-d", path)
        _cli(capsys, "validate", path)
    clinics = tmp_path / "clinics.json"
    clinics.write_text(json.dumps(BAD_CLINICS["bad values"]), encoding="utf-8")
    _cli(capsys, "metrics", "-d", good, "--clinics", clinics)
    _cli(capsys, "validate", clinics)
    taxonomy = tmp_path / "taxonomy.json"
    taxonomy.write_text(json.dumps(BAD_TAXONOMY), encoding="utf-8")
    _cli(capsys, "validate", taxonomy)
    programme = tmp_path / "programme.json"
    programme.write_text(json.dumps(BAD_PROGRAMME), encoding="utf-8")
    _cli(capsys, "assign", "-d", good, "--programme", programme)
    for case, text in BAD_ZOOM.items():
        zoom = tmp_path / f"zoom-{len(case)}.csv"
        zoom.write_text(text, encoding="utf-8")
        _cli(capsys, "attendance", "-d", good, "--zoom", zoom, "--out", tmp_path / "out.csv")
    for decision in ("Quillon Varga", "qv@planted.example"):
        err = _cli(capsys, "confirm", "-d", good, "--decisions", _decisions(tmp_path, decision), "--out",
                   tmp_path / "confirmed.json")
        assert "line 2" in err
