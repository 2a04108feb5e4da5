"""Synthetic programmes (letsconnect.synthetic): deterministic, loadable, messy, and calibrated.

The default programme (450 participants, 65 clinics) is generated once, written to a temporary
folder and measured with `lc.metrics` — which reads and reconciles its Zoom reports — and its
figures must fall near the programme's published ones (design §1, `synthetic.TARGETS`). The
reconciler's decisions are compared with the generator's ground truth. Smaller programmes check
determinism, files, report styles and argument validation. Everyone in them is invented.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

import letsconnect as lc
from letsconnect import synthetic

CLINIC_LANGUAGES = {"en", "es", "fr", "pt", "ar"}
UNDER_REPRESENTED = {"SSA", "MENA", "ESEAP", "SA", "CEECA", "LAC"}


def fold(s: str) -> str:
    """Case, diacritics and punctuation folded (as the generator keeps names apart)."""
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\W_]+", " ", s.casefold()).split())


def all_bytes(paths: dict[str, Path]) -> dict[str, bytes]:
    return {name: path.read_bytes() for name, path in paths.items()}


@pytest.fixture(scope="module")
def default(tmp_path_factory) -> tuple[synthetic.Programme, dict[str, Path]]:
    p = lc.synthetic.programme()
    return p, p.write(tmp_path_factory.mktemp("programme"))


@pytest.fixture(scope="module")
def measured(default) -> lc.Metrics:
    p, paths = default
    return lc.metrics(lc.Directory.load(paths["directory.json"]), paths["clinics.json"])


@pytest.fixture(scope="module")
def small() -> synthetic.Programme:
    return lc.synthetic.programme(seed=7, participants=80, clinics=6)


# --- shape, determinism, files ------------------------------------------------------------------


def test_repr_and_sizes(default, small):
    p, _ = default
    assert repr(p) == "<letsconnect.synthetic.Programme(450 participants, 65 clinics, seed 0)>"
    assert repr(small) == "<letsconnect.synthetic.Programme(80 participants, 6 clinics, seed 7)>"
    assert len(p.directory) == 450 and len(p.clinics) == 65
    assert list(p.reports) == [c.id for c in p.clinics]
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.seed = 1


def test_same_seed_writes_the_same_bytes(tmp_path, small):
    again = lc.synthetic.programme(seed=7, participants=80, clinics=6)
    first = all_bytes(small.write(tmp_path / "a"))
    second = all_bytes(again.write(tmp_path / "b"))
    assert list(first) == ["directory.json", "clinics.json", *(f"zoom/{c.id}.csv" for c in small.clinics), "truth.csv"]
    assert first == second
    pd.testing.assert_frame_equal(small.truth, again.truth)
    pd.testing.assert_frame_equal(small.registrations, again.registrations)


def test_another_seed_writes_other_bytes(tmp_path, small):
    other = all_bytes(lc.synthetic.programme(seed=8, participants=80, clinics=6).write(tmp_path / "c"))
    mine = all_bytes(small.write(tmp_path / "d"))
    assert list(other) == list(mine)  # same clinic ids: they follow the dates
    assert all(other[name] != mine[name] for name in mine)


def test_write_creates_the_folder_and_returns_paths(tmp_path, small):
    folder = tmp_path / "deep" / "er"
    paths = small.write(folder)
    assert all(path.parent in (folder, folder / "zoom") and path.is_file() for path in paths.values())
    assert paths["directory.json"].read_text(encoding="utf-8") == small.directory_json
    assert paths["clinics.json"].read_text(encoding="utf-8") == small.clinics_json
    # Reports keep their BOM and line ends byte for byte.
    for c in small.clinics:
        assert paths[f"zoom/{c.id}.csv"].read_bytes() == small.reports[c.id].encode("utf-8")


def test_files_load_and_validate(default):
    p, paths = default
    assert lc.validate_file(paths["directory.json"]) == []
    assert lc.validate_file(paths["clinics.json"]) == []
    directory = lc.Directory.load(paths["directory.json"])
    clinics = lc.Clinics.load(paths["clinics.json"])
    assert directory.usernames == p.directory.usernames
    assert directory.taxonomy.name == "letsconnect"
    assert [c.id for c in clinics] == [c.id for c in p.clinics]
    assert clinics.check(directory) == []
    for c in clinics:
        (path,) = clinics.attendance_paths(c)
        report = lc.read_zoom_report(path, c.report_time_zone or "UTC")
        parsed = p.zoom_report(c.id)
        assert len(report) == len(parsed) > 0
        assert report.to_frame()["display_name"].tolist() == parsed.to_frame()["display_name"].tolist()


def test_clinics_follow_the_calendar(default):
    p, _ = default
    starts = [c.start for c in p.clinics]
    assert starts[0].date() == dt.date(2024, 1, 10)
    assert all((b.date() - a.date()).days == 14 for a, b in zip(starts, starts[1:]))
    assert all(s.tzinfo is not None and s.utcoffset() == dt.timedelta(0) for s in starts)
    assert {s.hour for s in starts} <= set(range(6, 19))
    assert all(c.duration_min == 120 and c.attendance == [f"zoom/{c.id}.csv"] for c in p.clinics)
    languages = [c.language for c in p.clinics]
    assert set(languages) == CLINIC_LANGUAGES
    assert languages.count("en") > len(languages) / 3
    for c in p.clinics:
        assert c.interpretation and c.language not in c.interpretation
        assert set(c.interpretation) <= CLINIC_LANGUAGES
        if c.language != "en":
            assert "en" in c.interpretation
        assert 1 <= len(c.sharers) <= 3 and not set(c.sharers) & set(c.registrants)
        assert all(s in p.directory.taxonomy for s in c.skills) and c.title


def test_start_and_taxonomy_arguments():
    p = lc.synthetic.programme(seed=2, participants=40, clinics=3, start=dt.date(2025, 3, 5), taxonomy="capx")
    assert [c.start.date() for c in p.clinics] == [dt.date(2025, 3, 5), dt.date(2025, 3, 19), dt.date(2025, 4, 2)]
    assert [c.id for c in p.clinics] == ["lc-2025-01", "lc-2025-02", "lc-2025-03"]
    assert p.directory.taxonomy.name == "capx"
    capx = set(lc.Taxonomy.bundled("capx").ids)
    assert all(set(c.skills) <= capx for c in p.clinics)
    assert all(set(q.shares) | set(q.learns) <= capx for q in p.directory)
    assert lc.synthetic.programme(seed=2, participants=40, clinics=3, start="2025-03-05", taxonomy="capx").reports == p.reports
    # A datetime counts as its date.
    assert lc.synthetic.programme(seed=2, participants=40, clinics=3, start=dt.datetime(2025, 3, 5, 23, 0),
                                  taxonomy="capx").clinics_json == p.clinics_json


def test_the_smallest_programme():
    p = lc.synthetic.programme(participants=10, clinics=1)
    assert len(p.directory) == 10 and len(p.clinics) == 1
    (text,) = p.reports.values()
    assert len(p.zoom_report(p.clinics[0].id)) > 0 and text
    kinds = set(p.truth["kind"])
    assert {"person", "host"} <= kinds


@pytest.mark.parametrize(
    ("kwargs", "error", "word"),
    [
        ({"participants": 9}, ValueError, "participants"),
        ({"participants": synthetic.MAX_PARTICIPANTS + 1}, ValueError, "participants"),
        ({"participants": 100.0}, TypeError, "participants"),
        ({"participants": True}, TypeError, "participants"),
        ({"clinics": 0}, ValueError, "clinics"),
        ({"clinics": synthetic.MAX_CLINICS + 1}, ValueError, "clinics"),
        ({"clinics": "3"}, TypeError, "clinics"),
        ({"seed": "zero"}, TypeError, "seed"),
        ({"seed": 1.5}, TypeError, "seed"),
        ({"start": "2024-13-01"}, ValueError, "start"),
        ({"start": "next week"}, ValueError, "start"),
        ({"start": "1999-12-31"}, ValueError, "start"),
        ({"start": 20240110}, TypeError, "start"),
        ({"taxonomy": "esco"}, ValueError, "taxonomy"),
    ],
)
def test_arguments_are_validated(kwargs, error, word):
    with pytest.raises(error, match=word):
        lc.synthetic.programme(**kwargs)


def test_zoom_report_of_an_unknown_clinic(small):
    with pytest.raises(KeyError, match="lc-1999-01"):
        small.zoom_report("lc-1999-01")


# --- reports as Zoom exports them ---------------------------------------------------------------


def test_reports_come_in_zoom_styles(default):
    p, _ = default
    texts = list(p.reports.values())
    has_block = [t.lstrip("\ufeff").startswith("Meeting ID,") for t in texts]
    assert any(has_block) and not all(has_block)
    assert any(t.startswith("\ufeff") for t in texts) and not all(t.startswith("\ufeff") for t in texts)
    assert any("\r\n" in t for t in texts) and any("\r\n" not in t for t in texts)
    iso = re.compile(r",\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ,")
    us = re.compile(r",\d\d/\d\d/\d{4} \d\d:\d\d:\d\d [AP]M,")
    assert any(iso.search(t) for t in texts) and any(us.search(t) for t in texts)
    assert any(c.report_time_zone == "America/New_York" for c in p.clinics)
    for c, text in zip(p.clinics, texts):
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
        header = rows[3] if rows[0][0] == "Meeting ID" else rows[0]
        assert header[:6] == ["Name (Original Name)", "User Email", "Join Time", "Leave Time", "Duration (Minutes)", "Guest"]
        if rows[0][0] == "Meeting ID":
            assert rows[1][1].startswith("Let's Connect Learning Clinic: ") and rows[2] == []
            assert int(rows[1][6]) == (p.truth["clinic"] == c.id).sum()


def test_report_times_are_local_to_the_report(default):
    p, _ = default
    c = next(c for c in p.clinics if c.report_time_zone == "America/New_York")
    report = p.zoom_report(c.id)
    first = report.to_frame()["first_join"].min()
    # Everyone joins within 15 minutes before the start, in UTC once read in the report's zone.
    assert dt.timedelta(0) <= c.start - first.to_pydatetime() <= dt.timedelta(minutes=15)


def test_truth_minutes_are_the_reports_union_of_segments(default):
    p, _ = default
    truth = p.truth
    for c in list(p.clinics)[::8]:
        frame = p.zoom_report(c.id).to_frame().set_index("display_name")
        mine = truth[truth["clinic"] == c.id].set_index("display_name")
        assert sorted(frame.index) == sorted(mine.index)
        assert frame["minutes"].reindex(mine.index).to_numpy() == pytest.approx(mine["minutes"].to_numpy(), abs=1e-6)
        segments = frame["segments"]
        assert segments.max() >= 2  # drops and rejoins


# --- the truth ----------------------------------------------------------------------------------


def test_truth_columns_and_people(default):
    p, paths = default
    t = p.truth
    assert list(t.columns) == list(synthetic.TRUTH_COLUMNS)
    assert set(t["kind"]) == {"person", "device", "interpreter", "host"}
    registered = t[t["username"].notna()]
    assert (registered["person"] == registered["username"]).all()
    assert set(registered["username"]) <= set(p.directory.usernames)
    others = t[t["username"].isna()]
    assert set(others["kind"]) == {"person", "device", "interpreter", "host"}
    nr = others[others["person"].str.startswith("nr-")]
    assert set(nr["kind"]) <= {"person", "device"}
    roles = others[~others["person"].str.startswith("nr-")]
    assert set(roles["person"]) <= {"role-host"} | {f"role-interpreter-{x}" for x in CLINIC_LANGUAGES}
    # One host per clinic at least, interpreters for every interpretation language.
    by_clinic = dict(list(t.groupby("clinic", sort=False)))
    for c in p.clinics:
        rows = by_clinic[c.id]
        assert (rows["kind"] == "host").sum() >= 1
        assert {x.removeprefix("role-interpreter-") for x in rows.loc[rows["kind"] == "interpreter", "person"]} == set(c.interpretation)
        assert rows["display_name"].is_unique and rows["display_name"].map(fold).is_unique
    assert (t["minutes"] > 0).all() and (t["minutes"] <= 150).all()
    written = pd.read_csv(paths["truth.csv"], keep_default_na=False)
    assert list(written.columns) == list(synthetic.TRUTH_COLUMNS) and len(written) == len(t)
    assert written["username"].replace("", None).isna().sum() == t["username"].isna().sum()


def test_no_display_name_is_someone_elses_name(default):
    p, _ = default
    owners: dict[str, set[str]] = {}
    for q in p.directory:
        for n in [q.name or "", q.username, *q.aliases]:
            owners.setdefault(fold(n), set()).add(q.username)
    for row in p.truth.itertuples():
        claimed = owners.get(fold(row.display_name), set())
        assert claimed <= ({row.username} if row.username else set()), row


def test_registrations(default):
    p, _ = default
    r = p.registrations
    assert list(r.columns) == ["clinic", "username", "attended"]
    for c in p.clinics:
        assert r.loc[r["clinic"] == c.id, "username"].tolist() == c.registrants
    came = p.truth.dropna(subset=["username"]).groupby("clinic")["username"].agg(set)
    for row in r.itertuples():
        assert row.attended == (row.username in came.get(row.clinic, set()))


def test_names_are_messy_like_real_ones(default):
    p, _ = default
    t = p.truth
    cases = t["case"].value_counts()
    for case in ["exact", "affiliation", "pronouns", "title", "reordered", "initials", "username", "script",
                 "device_named", "device_only", "case_punct", "partial", "two_devices"]:
        assert cases.get(case, 0) >= 3, case
    assert cases["exact"] / cases.sum() < 0.7
    names = t["display_name"]
    assert names.str.contains(r"[\u0600-\u06FF]").any()     # Arabic script
    assert names.str.contains(r"[\u0400-\u04FF]").any()     # Cyrillic
    assert names.str.contains(r"\((?:she|he|they|ela|ele|elle|il|ella|él)", regex=True).any() or \
        names.str.contains(r"(?:she/her|he/him|they/them)").any()
    assert names.str.contains(r"iPhone|Galaxy|Samsung|TECNO|Redmi|DESKTOP-", regex=True).any()
    assert names.str.contains("Interpret|Intérprete|Interprète", regex=True).any()
    assert (names == "Let's Connect Host").any()
    # Two names of one registered person in one clinic (a second device).
    per = t.dropna(subset=["username"]).groupby(["clinic", "username"]).size()
    assert (per >= 2).any()
    # The same non-registered person, always the same id, in several clinics.
    nr = t[t["person"].str.startswith("nr-")]
    assert (nr.groupby("person")["clinic"].nunique() >= 2).mean() > 0.3


def test_everyone_is_invented_with_example_addresses(default):
    p, _ = default
    emails = [e for q in p.directory for e in q.emails]
    assert emails and all(re.fullmatch(r"[a-z0-9._]+@example\.(org|net|com)", e) for e in emails)
    for text in p.reports.values():
        for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))):
            if len(row) > 1 and "@" in row[1]:
                assert re.fullmatch(r"[a-z0-9._-]+@example\.(org|net|com)", row[1]), row[1]


# --- calibration to the programme's figures (design §1) -----------------------------------------


def test_directory_calibration(default):
    p, _ = default
    profiles = list(p.directory)
    regions = pd.Series([q.region for q in profiles])
    assert 0.60 <= (regions == "SSA").mean() <= 0.66
    assert set(regions) == {"SSA", "MENA", "ESEAP", "SA", "CEECA", "NWE", "LAC", "NA"}
    assert 36 <= len({q.country for q in profiles}) <= 52
    assert {q.gender for q in profiles} <= {"female", "male", "non-binary", None}
    assert all(lc.country_region(q.country) == q.region for q in profiles)
    assert all(lc.is_time_zone(q.timezone) for q in profiles)
    speaks = [any((q.languages.get(x) or "0") in ("2", "3", "4", "5", "N") for x in CLINIC_LANGUAGES) for q in profiles]
    assert sum(speaks) / len(speaks) > 0.97
    joined = [q.registered for q in profiles]
    assert min(joined) < dt.date(2024, 1, 10) < max(joined)


def test_demand_and_supply_differ(default):
    p, _ = default
    learns = pd.Series([s for q in p.directory for s in q.learns]).value_counts()
    shares = pd.Series([s for q in p.directory for s in q.shares]).value_counts()
    skills = sorted(set(learns.index) | set(shares.index))
    demand = learns.reindex(skills, fill_value=0)
    supply = shares.reindex(skills, fill_value=0)
    # Zipf-like demand: the top 5 skills hold a large share of what people want to learn.
    assert demand.nlargest(5).sum() / demand.sum() > 0.3
    # Demand and supply popularity disagree: the most wanted skills are scarce.
    assert demand.rank().corr(supply.rank()) < 0.2
    top = demand.nlargest(8).index
    assert (demand[top] / demand.sum()).sum() > 2 * (supply[top] / supply.sum()).sum()
    # Clinics are mostly about in-demand skills.
    top_third = set(demand.nlargest(len(skills) // 3).index)
    first_topics = [c.skills[0] for c in p.clinics]
    assert sum(s in top_third for s in first_topics) / len(first_topics) > 0.55


def test_metrics_calibration(default, measured):
    p, _ = default
    clinics, m = measured.clinics, measured
    k = len(clinics) // 5
    assert 40 <= clinics["attendees"].mean() <= 50
    assert clinics["attendees"][:k].mean() - clinics["attendees"][-k:].mean() > 5
    assert 0.40 <= clinics["non_registered"].sum() / clinics["attendees"].sum() <= 0.54
    assert 0.62 <= clinics["registrants_attended"].sum() / clinics["registrants"].sum() <= 0.78
    first = clinics["retained"][:k].sum() / clinics["attendees"][:k].sum()
    last = clinics["retained"][-k:].sum() / clinics["attendees"][-k:].sum()
    assert 0.32 <= first <= 0.46 and 0.22 <= last <= 0.34 and first > last
    assert 0.25 <= m["repeat_rate_non_registered"] <= 0.42
    assert 0.47 <= m["participation_of_registered"] <= 0.67
    assert 100 <= m["sharers"] <= 150
    assert 0.64 <= m["under_represented_sharer_share"] <= 0.78
    assert 0.50 <= m["women_sharer_share"] <= 0.66
    assert m["profiles"] == 450 and m["clinics_with_report"] == 65


def test_reconciliation_against_the_truth(default, measured):
    p, _ = default
    truth = {(r.clinic, r.display_name): r for r in p.truth.itertuples()}
    matched = right = 0
    for clinic in measured.attendance.clinics:
        for a in clinic.attendees:
            assert all((clinic.clinic_id, n) in truth for n in a.names)
            if a.status == "matched":
                for n in a.names:
                    matched += 1
                    right += truth[(clinic.clinic_id, n)].username == a.username
    assert right / matched >= 0.97
    registered_people = p.truth[p.truth["username"].notna() & (p.truth["kind"] == "person")]
    assert right / len(registered_people) >= 0.85
    # Interpreters and hosts are recognised as such.
    kinds = {(c.clinic_id, n): a.kind for c in measured.attendance.clinics for a in c.attendees for n in a.names}
    roles = p.truth[p.truth["kind"].isin(["interpreter", "host"])]
    assert all(kinds[(r.clinic, r.display_name)] == r.kind for r in roles.itertuples())


def test_truth_figures_follow_the_targets(default):
    p, _ = default
    t = p.truth[p.truth["kind"].isin(["person", "device"])]
    people = t.groupby(["clinic", "person"], sort=False)["minutes"].sum()   # two devices: one person
    per_clinic = people.groupby(level="clinic", sort=False).size()
    assert 40 <= per_clinic.mean() <= 50
    nr = t[t["username"].isna()]
    visits = nr.groupby("person")["clinic"].nunique()
    assert 0.30 <= (visits >= 2).mean() <= 0.45
    share = nr.groupby("clinic")["person"].nunique().sum() / per_clinic.sum()
    assert 0.40 <= share <= 0.52
    clinics = json.loads(p.clinics_json)["clinics"]
    assert sum(len(c["sharers"]) for c in clinics) / len(clinics) == pytest.approx(synthetic.TARGETS["sharers_per_clinic"], abs=0.3)
    sharers = [p.directory[u] for u in dict.fromkeys(u for c in clinics for u in c["sharers"])]
    assert sum(q.region in UNDER_REPRESENTED for q in sharers) / len(sharers) == pytest.approx(0.70, abs=0.06)
    known = [q for q in sharers if q.gender is not None]
    assert sum(q.gender == "female" for q in known) / len(known) == pytest.approx(0.58, abs=0.06)


_DIGEST = """
import hashlib, letsconnect as lc
p = lc.synthetic.programme(seed=5, participants=60, clinics=3)
h = hashlib.sha256()
for text in (p.directory_json, p.clinics_json, p.truth_csv, *(p.reports[k] for k in sorted(p.reports))):
    h.update(text.encode("utf-8"))
print(h.hexdigest())
"""


def test_same_bytes_in_other_processes_whatever_the_hash_seed():
    import hashlib
    import os
    import subprocess
    import sys

    p = lc.synthetic.programme(seed=5, participants=60, clinics=3)
    h = hashlib.sha256()
    for text in (p.directory_json, p.clinics_json, p.truth_csv, *(p.reports[k] for k in sorted(p.reports))):
        h.update(text.encode("utf-8"))
    for hash_seed in ("1", "2"):
        out = subprocess.run([sys.executable, "-c", _DIGEST], env={**os.environ, "PYTHONHASHSEED": hash_seed},
                             capture_output=True, text=True, check=True)
        assert out.stdout.strip() == h.hexdigest(), hash_seed
