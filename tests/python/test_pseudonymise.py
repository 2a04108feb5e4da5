"""lc.pseudonymise and the pseudonymise= / --pseudonymise export paths: stable keyed pseudonyms
in place of names, usernames and e-mail addresses; everything else unchanged."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import letsconnect as lc
from letsconnect.frames import TABLES
from helpers import run_cli

KEY = "test key: not a secret"
OTHER_KEY = "another test key"
ENV = "LETSCONNECT_PSEUDONYMISE_KEY"
PSEUDONYM = re.compile(r"^p_[0-9a-f]{16}$")


@pytest.fixture(autouse=True)
def _no_key_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV, raising=False)


@pytest.fixture(scope="module")
def programme(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, dict[str, Path]]:
    from letsconnect import synthetic

    p = synthetic.programme(seed=11, participants=80, clinics=5)
    return p, p.write(tmp_path_factory.mktemp("programme"))


@pytest.fixture(scope="module")
def attendance(programme: tuple[Any, dict[str, Path]]) -> lc.Attendance:
    p, paths = programme
    return lc.attendance(p.directory, paths["clinics.json"], progress=False)


def _people(p: Any, att: lc.Attendance) -> set[str]:
    """Every name, display name and e-mail address of the programme that could not turn up by chance
    in other text (two words or an address: a base64 PNG or a hex digest has neither)."""
    found: set[str] = set()
    d = p.directory.to_frame()
    for column in ("username", "name"):
        found.update(v for v in d[column] if isinstance(v, str))
    for column in ("aliases", "emails"):
        found.update(v for vs in d[column] for v in vs)
    raw = att.to_frame()
    found.update(v for c in ("display_name", "username", "email") for v in raw[c] if isinstance(v, str))
    return {v for v in found if (" " in v.strip() or "@" in v) and len(v.strip()) >= 5}


def _leaks(text: str, people: set[str]) -> list[str]:
    return sorted(v for v in people if v in text)


# --- values --------------------------------------------------------------------------------------


def test_a_pseudonym_is_stable_and_keyed() -> None:
    a = lc.pseudonymise("Amina Bello", key=KEY)
    assert PSEUDONYM.match(a)
    assert lc.pseudonymise("Amina Bello", key=KEY) == a
    assert lc.pseudonymise("Amina Bello", key=KEY.encode()) == a  # str and bytes keys alike
    assert lc.pseudonymise("  Amina \t Bello ", key=KEY) == a  # white space collapsed
    assert lc.pseudonymise("Amina Bello", key=OTHER_KEY) != a
    assert lc.pseudonymise("Amina Bellò", key=KEY) == lc.pseudonymise(unicodedata.normalize("NFD", "Amina Bellò"), key=KEY)
    assert lc.pseudonymise("Amina Bello", key=KEY) != lc.pseudonymise("Amina Bellò", key=KEY)


def test_emails_are_normalised_before_hashing() -> None:
    e = lc.pseudonymise("amina.bello@example.org", key=KEY)
    assert PSEUDONYM.match(e)
    assert lc.pseudonymise(" Amina.Bello@EXAMPLE.org\n", key=KEY) == e
    assert lc.pseudonymise(["amina.bello@example.org", None], key=KEY) == [e, None]


def test_key_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, KEY)
    assert lc.pseudonymise("Amina Bello") == lc.pseudonymise("Amina Bello", key=KEY)
    assert lc.pseudonymise("Amina Bello", key=True) == lc.pseudonymise("Amina Bello", key=KEY)


@pytest.mark.parametrize("key", [None, True, "", "   ", b""])
def test_no_key_is_a_clear_error(key: Any) -> None:
    with pytest.raises(lc.PseudonymisationKeyError, match=ENV) as info:
        lc.pseudonymise("Amina Bello", key=key)
    assert isinstance(info.value, ValueError) and isinstance(info.value, lc.LetsConnectError)
    assert "Amina" not in str(info.value)


def test_no_key_for_a_frame_either(attendance: lc.Attendance) -> None:
    with pytest.raises(lc.PseudonymisationKeyError):
        attendance.to_frame(pseudonymise=True)
    with pytest.raises(lc.PseudonymisationKeyError):
        lc.metrics(attendance.directory, attendance.programme, attendance, pseudonymise=True)


# --- the registry ----------------------------------------------------------------------------------


IDENTIFYING = {"username", "display_name", "email", "emails", "aliases", "person", "mentee", "mentor", "user",
               "suggested_username", "decision"}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_the_registry_marks_personal_columns(name: str) -> None:
    table = TABLES[name]
    assert set(table.personal) <= set(table.columns)
    assert IDENTIFYING & set(table.columns) <= set(table.personal)
    assert not {"region", "country", "skill", "shares", "learns", "minutes", "clinic"} & set(table.personal)


# --- frames ----------------------------------------------------------------------------------------


def test_directory_frame(programme: tuple[Any, dict[str, Path]]) -> None:
    p, _ = programme
    raw = p.directory.to_frame()
    out = lc.pseudonymise(raw, key=KEY)
    assert list(out.columns) == list(raw.columns) and len(out) == len(raw)
    assert all(PSEUDONYM.match(u) for u in out["username"])
    assert out["username"].is_unique
    assert all(PSEUDONYM.match(e) for es in out["emails"] for e in es)
    for column in ("region", "country", "languages", "shares", "learns", "timezone", "registered"):
        pd.testing.assert_series_equal(out[column], raw[column])
    assert raw["username"].iloc[0] in p.directory  # the input is not changed


def test_attendance_frames(programme: tuple[Any, dict[str, Path]], attendance: lc.Attendance) -> None:
    p, _ = programme
    people = _people(p, attendance)
    assert len(people) > 50
    raw = attendance.to_frame()
    out = attendance.to_frame(pseudonymise=KEY)
    assert _leaks(out.to_csv(index=False), people) == []
    assert _leaks(out.to_json(orient="records", date_format="iso", force_ascii=False), people) == []
    for column in ("clinic", "confidence", "status", "minutes", "first_join", "last_leave", "kind"):
        pd.testing.assert_series_equal(out[column], raw[column])
    # Joins still work: a registered attendee's pseudonym is that of their directory profile.
    directory = lc.pseudonymise(p.directory.to_frame(), key=KEY)
    registered = out["username"].dropna()
    assert len(registered) and set(registered) <= set(directory["username"])
    matched = out[out["status"] == "matched"]
    assert (matched["person"] == matched["username"]).all()
    assert out["person"].nunique() == raw["person"].nunique()

    queue = attendance.review_queue(pseudonymise=KEY)
    assert len(queue) == len(attendance.review_queue())
    assert _leaks(queue.to_csv(index=False), people) == []


def test_pseudonyms_join_across_tables_and_runs(attendance: lc.Attendance) -> None:
    a = attendance.to_frame(pseudonymise=KEY)
    b = attendance.to_frame(pseudonymise=KEY)
    pd.testing.assert_frame_equal(a, b)
    c = attendance.to_frame(pseudonymise=OTHER_KEY)
    assert not set(a["username"].dropna()) & set(c["username"].dropna())


def test_metrics_per_person_frames_and_aggregates(programme: tuple[Any, dict[str, Path]], attendance: lc.Attendance) -> None:
    p, _ = programme
    people = _people(p, attendance)
    plain = lc.metrics(p.directory, attendance.programme, attendance)
    hidden = lc.metrics(p.directory, attendance.programme, attendance, pseudonymise=KEY)
    for name in ("clinics", "programme", "by_region"):
        pd.testing.assert_frame_equal(getattr(hidden, name), getattr(plain, name))
    for name in ("sharers", "attendees"):
        frame = getattr(hidden, name)
        assert _leaks(frame.to_csv(index=False), people) == []
        assert len(frame) == len(getattr(plain, name))
    assert len(hidden.sharers) and all(PSEUDONYM.match(u) for u in hidden.sharers["username"])
    pd.testing.assert_series_equal(hidden.attendees["minutes"], plain.attendees["minutes"])
    assert hidden.sharers["woman"].mean() == plain.sharers["woman"].mean()


def test_badges(programme: tuple[Any, dict[str, Path]], attendance: lc.Attendance) -> None:
    p, _ = programme
    plain = lc.badges(p.directory, attendance.programme, attendance)
    hidden = lc.badges(p.directory, attendance.programme, attendance, pseudonymise=KEY)
    assert len(plain) and len(hidden) == len(plain)
    assert list(hidden["username"]) == lc.pseudonymise(list(plain["username"]), key=KEY)
    pd.testing.assert_frame_equal(hidden.drop(columns="username"), plain.drop(columns="username"))


def test_the_report_holds_no_per_person_data(programme: tuple[Any, dict[str, Path]], attendance: lc.Attendance) -> None:
    from letsconnect import report

    p, _ = programme
    html = report.render(p.directory, attendance.programme, metrics=lc.metrics(p.directory, attendance.programme, attendance))
    assert _leaks(html, _people(p, attendance)) == []


def test_columns_and_unknown_frames() -> None:
    frame = pd.DataFrame({"who": ["Amina Bello", None], "n": [1, 2]})
    out = lc.pseudonymise(frame, key=KEY, columns=["who"])
    assert PSEUDONYM.match(out["who"][0]) and pd.isna(out["who"][1]) and list(out["n"]) == [1, 2]
    with pytest.raises(lc.LetsConnectError, match="columns="):
        lc.pseudonymise(frame, key=KEY)


def test_reasons_lose_the_names_they_quote() -> None:
    frame = pd.DataFrame({"clinic": ["c"], "display_name": ["Amina B"], "suggested_username": ["Amina Bello"],
                          "confidence": [0.7], "reason": ["ambiguous: also Amina Bellamy (0.68)"], "minutes": [60.0],
                          "decision": [""]})
    out = lc.pseudonymise(frame, key=KEY)
    assert out["reason"][0] == f"ambiguous: also {lc.pseudonymise('Amina Bellamy', key=KEY)} (0.68)"
    assert "Amina" not in out.to_csv(index=False)


# --- the CLI ---------------------------------------------------------------------------------------


def test_cli_attendance_pseudonymised(programme: tuple[Any, dict[str, Path]], attendance: lc.Attendance,
                                      tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    p, paths = programme
    people = _people(p, attendance)
    clinic = p.clinics[0].id
    zoom = paths[f"zoom/{clinic}.csv"]
    args = ["attendance", "-d", paths["directory.json"], "--zoom", zoom, "--clinics", paths["clinics.json"],
            "--clinic", clinic]

    code, _, err = run_cli(capsys, *args, "--out", tmp_path / "plain.csv", "--review-queue", tmp_path / "plainq.csv")
    assert code == 0, err
    assert _leaks((tmp_path / "plain.csv").read_text(encoding="utf-8"), people)  # the plain file has names

    monkeypatch.setenv(ENV, KEY)
    for run in ("a", "b"):
        code, _, err = run_cli(capsys, *args, "--pseudonymise", "--out", tmp_path / f"{run}.csv",
                               "--review-queue", tmp_path / f"{run}q.csv")
        assert code == 0, err
        assert _leaks(err, people) == []
    text = (tmp_path / "a.csv").read_text(encoding="utf-8")
    assert _leaks(text + (tmp_path / "aq.csv").read_text(encoding="utf-8"), people) == []
    assert text == (tmp_path / "b.csv").read_text(encoding="utf-8")  # same key, same pseudonyms
    plain, hidden = pd.read_csv(tmp_path / "plain.csv"), pd.read_csv(tmp_path / "a.csv")
    assert list(hidden["display_name"]) == lc.pseudonymise(list(plain["display_name"]), key=KEY)
    pd.testing.assert_series_equal(hidden["minutes"], plain["minutes"])

    monkeypatch.delenv(ENV)
    key_file = tmp_path / "key"
    key_file.write_text(OTHER_KEY + "\n", encoding="utf-8")
    code, _, err = run_cli(capsys, *args, "--pseudonymise-key-file", key_file, "--out", tmp_path / "c.csv")
    assert code == 0, err
    other = pd.read_csv(tmp_path / "c.csv")
    assert list(other["display_name"]) == lc.pseudonymise(list(plain["display_name"]), key=OTHER_KEY)


def test_cli_missing_key(programme: tuple[Any, dict[str, Path]], tmp_path: Path, capsys: Any) -> None:
    p, paths = programme
    clinic = p.clinics[0].id
    out = tmp_path / "out.csv"
    code, _, err = run_cli(capsys, "attendance", "-d", paths["directory.json"], "--zoom", paths[f"zoom/{clinic}.csv"],
                           "--out", out, "--pseudonymise")
    assert code == 1 and ENV in err and "error:" in err
    assert not out.exists()  # checked before any work
    code, _, err = run_cli(capsys, "badges", "-d", paths["directory.json"], "--clinics", paths["clinics.json"],
                           "--pseudonymise-key-file", tmp_path / "missing-key")
    assert code == 1 and "missing-key" in err


def test_cli_badges_pseudonymised(programme: tuple[Any, dict[str, Path]], attendance: lc.Attendance, capsys: Any,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    p, paths = programme
    monkeypatch.setenv(ENV, KEY)
    code, out, err = run_cli(capsys, "badges", "-d", paths["directory.json"], "--clinics", paths["clinics.json"],
                             "--pseudonymise", "--json")
    assert code == 0, err
    awards = json.loads(out)
    assert awards and all(PSEUDONYM.match(a["username"]) for a in awards)
    assert _leaks(out + err, _people(p, attendance)) == []
    code, out, err = run_cli(capsys, "badges", "-d", paths["directory.json"], "--clinics", paths["clinics.json"],
                             "--pseudonymise")
    assert code == 0 and _leaks(out + err, _people(p, attendance)) == []
