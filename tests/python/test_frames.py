"""Every table the package returns against its documented schema (letsconnect.frames.TABLES).

Each table is built on real data: the bundled sample directory, the invented 10-clinic programme
under tests/data/reconcile/ (directory, clinics, Zoom reports), the sample mentorship programme
and the CapX test files. Columns, their order and dtypes must equal SCHEMAS exactly; categoricals
must range over what the registry says; a table must keep its schema when it is empty.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import letsconnect as lc
from letsconnect import _attendance, _matches, _planning, _stats, frames
from letsconnect.frames import CATEGORY_SETS, DESCRIPTIONS, SCHEMAS, TABLES

ROOT = Path(__file__).resolve().parents[2]
PROGRAMME = ROOT / "tests" / "data" / "reconcile"
CAPX = ROOT / "tests" / "data" / "capx"
MENTORSHIP = ROOT / "data" / "sample_mentorship.json"
WEEK = "2026-03-09"

KNOWN_DTYPES = {"object", "int64", "int8", "Int64", "float64", "bool", "boolean", "category", "datetime64[ns, UTC]",
                "datetime64[ns]"}


class Data:
    """The real inputs, each loaded once, and the results derived from them."""

    def __init__(self) -> None:
        self.sample = lc.sample_directory(week=WEEK)
        self.people = lc.Directory.load(PROGRAMME / "directory.json")
        self.clinics = lc.Clinics.load(PROGRAMME / "clinics.json")
        self.report = lc.read_zoom_report(PROGRAMME / "zoom" / "lc-2026-01.csv")
        self.attendance = lc.attendance(self.people, self.clinics)
        self.metrics = lc.metrics(self.people, self.clinics, self.attendance)
        self.mentorship = lc.MentorshipProgramme.load(MENTORSHIP)
        self.assignment = self.sample.assign(self.mentorship)
        self.plan = lc.plan_clinic(self.sample, start="2026-03-05", end="2026-03-12", language="en")
        self.plan2 = lc.plan_clinic(self.sample, start="2026-03-05", end="2026-03-12", split=2)
        self.hub = lc.Directory.from_capx(
            CAPX / "profiles.json", CAPX / "skills.json", territories=CAPX / "territories.json",
            languages=CAPX / "languages.json", organizations=CAPX / "organizations.json")
        self.stats = self.sample.stats()
        self.synthetic = lc.synthetic.programme(seed=3, participants=60, clinics=3)


@pytest.fixture(scope="module")
def data() -> Data:
    return Data()


# table name -> (build the frame, the taxonomy its skill categoricals range over)
Builder = Callable[[Data], "tuple[pd.DataFrame, lc.Taxonomy]"]
BUILDERS: dict[str, Builder] = {
    "directory": lambda x: (x.people.to_frame(), x.people.taxonomy),
    "taxonomy": lambda x: (x.sample.taxonomy.to_frame(), x.sample.taxonomy),
    "countries": lambda x: (lc.countries_frame(), x.sample.taxonomy),
    "matches": lambda x: (x.sample.recommend("Amina Bello", k=10).to_frame(), x.sample.taxonomy),
    "zoom_attendees": lambda x: (x.report.to_frame(), x.people.taxonomy),
    "zoom_segments": lambda x: (x.report.segments_frame(), x.people.taxonomy),
    "reconcile": lambda x: (x.people.reconcile(x.report, x.clinics["lc-2026-01"]), x.people.taxonomy),
    "attendance": lambda x: (x.attendance.to_frame(), x.people.taxonomy),
    "review_queue": lambda x: (x.attendance.review_queue(), x.people.taxonomy),
    "metrics.clinics": lambda x: (x.metrics.clinics, x.people.taxonomy),
    "metrics.programme": lambda x: (x.metrics.programme, x.people.taxonomy),
    "metrics.by_region": lambda x: (x.metrics.by_region, x.people.taxonomy),
    "metrics.sharers": lambda x: (x.metrics.sharers, x.people.taxonomy),
    "metrics.attendees": lambda x: (x.metrics.attendees, x.people.taxonomy),
    "synthetic.truth": lambda x: (x.synthetic.truth, x.synthetic.directory.taxonomy),
    "synthetic.registrations": lambda x: (x.synthetic.registrations, x.synthetic.directory.taxonomy),
    "badges": lambda x: (lc.badges(x.people, x.clinics, x.attendance), x.people.taxonomy),
    "assignment.pairs": lambda x: (x.assignment.pairs, x.sample.taxonomy),
    "assignment.unassigned": lambda x: (x.assignment.unassigned, x.sample.taxonomy),
    "assignment.mentors": lambda x: (x.assignment.mentors, x.sample.taxonomy),
    "sign_ups": lambda x: (x.mentorship.sign_ups, x.sample.taxonomy),
    "plan.slots": lambda x: (x.plan.slots, x.sample.taxonomy),
    "plan.pairs": lambda x: (x.plan2.pairs, x.sample.taxonomy),
    "plan.by_region": lambda x: (x.plan.by_region, x.sample.taxonomy),
    "plan.by_time_zone": lambda x: (x.plan.by_time_zone, x.sample.taxonomy),
    "language_groups.needs": lambda x: (lc.language_groups(x.sample, x.sample.usernames, "en").needs, x.sample.taxonomy),
    "organisations": lambda x: (x.hub.organisations(), x.hub.taxonomy),
    "org_matches": lambda x: (x.hub.recommend_orgs("Kwabena Asante", direction="learn_from"), x.hub.taxonomy),
    "stats.skills": lambda x: (x.stats.skills, x.sample.taxonomy),
    "stats.by_root_skill": lambda x: (x.stats.by_root_skill, x.sample.taxonomy),
    "stats.by_region": lambda x: (x.stats.by_region, x.sample.taxonomy),
    "stats.by_country": lambda x: (x.stats.by_country, x.sample.taxonomy),
    "stats.by_language": lambda x: (x.stats.by_language, x.sample.taxonomy),
    "stats.region_language": lambda x: (x.stats.region_language, x.sample.taxonomy),
    "stats.region_category": lambda x: (x.stats.region_category, x.sample.taxonomy),
    "skill_gap": lambda x: (x.people.skill_gap(x.clinics), x.people.taxonomy),
}


def expected_categories(spec: str | tuple[str, ...], taxonomy: lc.Taxonomy) -> list[str]:
    if spec == "regions":
        return list(lc.regions())
    if spec == "skills":
        return list(taxonomy.ids)
    if spec == "categories":
        return list(taxonomy.roots)
    assert isinstance(spec, tuple), spec
    return list(spec)


def dtypes(frame: pd.DataFrame) -> dict[str, str]:
    return {str(c): str(frame[c].dtype) for c in frame.columns}


def assert_schema(name: str, frame: pd.DataFrame, taxonomy: lc.Taxonomy) -> None:
    table = TABLES[name]
    assert list(frame.columns) == list(SCHEMAS[name]), name
    assert dtypes(frame) == SCHEMAS[name], name
    if table.index is None:
        assert isinstance(frame.index, pd.RangeIndex) and frame.index.start == 0 and frame.index.name is None, name
    else:
        assert (frame.index.name, str(frame.index.dtype)) == table.index, name
    categorical = [c for c, d in SCHEMAS[name].items() if d == "category"]
    assert sorted(table.categories) == sorted(categorical), name
    for column, spec in table.categories.items():
        assert list(frame[column].cat.categories) == expected_categories(spec, taxonomy), (name, column)


# --- the registry itself ------------------------------------------------------------------------

def test_every_table_is_built_here():
    assert list(BUILDERS) == list(SCHEMAS) == list(TABLES) == list(DESCRIPTIONS)


@pytest.mark.parametrize("name", list(TABLES))
def test_registry_entry_is_documented(name):
    table = TABLES[name]
    assert table.produced_by and len(table.description) > 20
    assert DESCRIPTIONS[name].startswith(table.produced_by)
    assert set(table.columns.values()) <= KNOWN_DTYPES, name
    assert table.index is None or table.index[1] in KNOWN_DTYPES
    for spec in table.categories.values():
        assert spec in CATEGORY_SETS or (isinstance(spec, tuple) and spec), (name, spec)


def test_schemas_agree_with_the_modules_column_lists():
    assert list(SCHEMAS["directory"]) == frames.PROFILE_COLUMNS
    assert tuple(SCHEMAS["matches"]) == _matches.MATCH_COLUMNS
    assert list(SCHEMAS["reconcile"]) == _attendance.RECONCILE_COLUMNS
    assert list(SCHEMAS["attendance"])[1:8] == _attendance.RECONCILE_COLUMNS
    assert list(SCHEMAS["review_queue"]) == _attendance.REVIEW_QUEUE_COLUMNS
    assert tuple(SCHEMAS["assignment.pairs"]) == _planning.PAIR_COLUMNS
    assert tuple(SCHEMAS["assignment.unassigned"]) == _planning.UNASSIGNED_COLUMNS
    assert tuple(SCHEMAS["assignment.mentors"]) == _planning.MENTOR_COLUMNS
    assert TABLES["assignment.unassigned"].categories["reason"] == tuple(_planning.REASONS)
    assert tuple(SCHEMAS["organisations"]) == _planning.ORGANISATION_COLUMNS
    assert tuple(SCHEMAS["org_matches"]) == _planning.ORG_MATCH_COLUMNS
    assert list(SCHEMAS["stats.skills"]) == list(SCHEMAS["stats.by_root_skill"]) == _stats.SKILL_COLUMNS
    assert list(SCHEMAS["skill_gap"]) == _stats.GAP_COLUMNS


def test_frames_module_exports():
    assert set(frames.__all__) <= set(dir(frames))
    assert list(frames.region_dtype().categories) == lc.regions() and len(lc.regions()) == 8
    tax = lc.Taxonomy.bundled("capx")
    assert list(frames.skill_dtype(tax).categories) == tax.ids
    assert list(frames.category_dtype(tax).categories) == tax.roots


# --- every table on real data -------------------------------------------------------------------

@pytest.mark.parametrize("name", list(BUILDERS))
def test_table_matches_its_schema(data, name):
    frame, taxonomy = BUILDERS[name](data)
    assert len(frame) > 0, f"{name}: build it on data that gives rows, so dtypes are not those of an empty frame"
    assert_schema(name, frame, taxonomy)


def test_metrics_programme_rows_are_the_documented_metrics(data):
    assert list(data.metrics.programme.index) == list(_attendance.METRIC_DEFINITIONS)


def test_categoricals_lose_no_values(data):
    # A value outside a categorical's categories would silently become NaN: check against the source.
    d = data.people
    frame = d.to_frame()
    assert frame["region"].tolist() == [p.region for p in d]
    tax = data.sample.taxonomy
    t = tax.to_frame()
    assert t["id"].tolist() == tax.ids
    assert [None if pd.isna(v) else v for v in t["parent"]] == [tax.parent(i) for i in tax.ids]
    assert t["category"].tolist() == [tax.category(i) for i in tax.ids]
    assert lc.countries_frame()["region"].tolist() == [r for _, _, r in lc.countries()]
    raw = data.plan._columns["by_region"]["group"]
    assert [None if pd.isna(v) else v for v in data.plan.by_region["group"]] == [g or None for g in raw]
    orgs = data.hub.organisations()  # tests/data/README.md: Brazil, Kenya, region 19 only, NWE
    assert orgs["region"].tolist() == ["LAC", "SSA", "SSA", "NWE"]
    for name in ("stats.skills", "skill_gap", "stats.region_category"):
        frame, _ = BUILDERS[name](data)
        assert frame["category"].notna().all(), name
    assert data.stats.skills["skill"].tolist() == tax.ids
    gap = data.people.skill_gap(data.clinics)
    assert gap["skill"].notna().all() and sorted(gap["skill"].astype(str)) == sorted(tax.ids)


def test_other_directories_keep_the_schema(data):
    # The sample directory (60 profiles, every region given) and a CapX directory (CapX taxonomy).
    assert_schema("directory", data.sample.to_frame(), data.sample.taxonomy)
    assert_schema("directory", data.hub.to_frame(), data.hub.taxonomy)
    assert_schema("taxonomy", data.hub.taxonomy.to_frame(), data.hub.taxonomy)
    assert_schema("stats.skills", data.hub.stats().skills, data.hub.taxonomy)
    assert_schema("skill_gap", data.hub.skill_gap(), data.hub.taxonomy)
    assert_schema("skill_gap", data.sample.skill_gap(str(PROGRAMME / "clinics.json")), data.sample.taxonomy)


def test_audience_and_recommend_many_are_matches(data):
    d = data.sample
    invite = d.audience(["grants-resources"], "en", "2026-03-14T10:00:00Z", duration_min=60, k=20)
    assert len(invite) > 0
    assert_schema("matches", invite.to_frame(), d.taxonomy)
    for matches in d.recommend_many(d.usernames[:5], k=3):
        assert_schema("matches", matches.to_frame(), d.taxonomy)


def test_split_two_plan_groups(data):
    assert_schema("plan.by_region", data.plan2.by_region, data.sample.taxonomy)
    assert_schema("plan.by_time_zone", data.plan2.by_time_zone, data.sample.taxonomy)
    assert_schema("language_groups.needs", data.plan.language_groups.needs, data.sample.taxonomy)


def test_stats_at_other_levels(data):
    st = data.people.stats(min_level="N")
    for name in ("stats.by_language", "stats.region_language", "stats.by_country", "stats.by_region"):
        assert_schema(name, getattr(st, name.split(".", 1)[1]), data.people.taxonomy)


def test_calendar_dates_are_naive_and_instants_utc(data):
    frame = data.people.to_frame()
    registered = frame["registered"].dropna()
    assert len(registered) > 0 and (registered == registered.dt.normalize()).all()
    sign_ups = data.mentorship.sign_ups
    assert sign_ups["created_at"].iloc[0] == pd.Timestamp(2026, 3, 2)
    assert str(data.report.to_frame()["first_join"].dt.tz) == "UTC"


# --- the same schema when a table is empty ------------------------------------------------------

def _empty_clinics(tmp: Path) -> lc.Clinics:
    path = tmp / "clinics.json"
    path.write_text(json.dumps({"format": "letsconnect.clinics/1", "clinics": []}), encoding="utf-8")
    return lc.Clinics.load(path)


def _no_reports(tmp: Path) -> lc.Clinics:
    # The programme's clinics without their Zoom reports: nothing to reconcile.
    document = json.loads((PROGRAMME / "clinics.json").read_text(encoding="utf-8"))
    for clinic in document["clinics"]:
        clinic.pop("attendance", None)
    path = tmp / "clinics.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return lc.Clinics.load(path)


EMPTY: dict[str, Callable[[Data, Path], Any]] = {
    "matches": lambda x, t: lc.Matches().to_frame(),
    "attendance": lambda x, t: lc.attendance(x.people, _no_reports(t)).to_frame(),
    "review_queue": lambda x, t: lc.attendance(x.people, _no_reports(t)).review_queue(),
    "metrics.clinics": lambda x, t: lc.metrics(x.people, _empty_clinics(t)).clinics,
    "metrics.by_region": lambda x, t: lc.metrics(x.people, _empty_clinics(t)).by_region,
    "metrics.sharers": lambda x, t: lc.metrics(x.people, _empty_clinics(t)).sharers,
    "metrics.attendees": lambda x, t: lc.metrics(x.people, _empty_clinics(t)).attendees,
    "badges": lambda x, t: lc.badges(x.people, x.clinics, x.attendance, since="2030-01-01"),
    "assignment.pairs": lambda x, t: x.sample.assign([], []).pairs,
    "assignment.unassigned": lambda x, t: x.sample.assign([], []).unassigned,
    "assignment.mentors": lambda x, t: x.sample.assign([], []).mentors,
    "plan.slots": lambda x, t: lc.plan_clinic(x.sample, [], start="2026-03-05", end="2026-03-06").slots,
    "plan.pairs": lambda x, t: lc.plan_clinic(x.sample, [], start="2026-03-05", end="2026-03-06", split=2).pairs,
    "plan.by_region": lambda x, t: lc.plan_clinic(x.sample, [], start="2026-03-05", end="2026-03-06").by_region,
    "plan.by_time_zone": lambda x, t: lc.plan_clinic(x.sample, [], start="2026-03-05", end="2026-03-06").by_time_zone,
    "language_groups.needs": lambda x, t: lc.language_groups(x.sample, [], "en").needs,
    "organisations": lambda x, t: x.sample.organisations(),
    "skill_gap": lambda x, t: x.people.skill_gap(x.clinics, min_supply=10**6),
}


@pytest.mark.parametrize("name", list(EMPTY))
def test_empty_table_keeps_its_schema(data, tmp_path, name):
    frame = EMPTY[name](data, tmp_path)
    assert len(frame) == 0, name
    taxonomy = data.sample.taxonomy if name != "skill_gap" else data.people.taxonomy
    assert_schema(name, frame, taxonomy)
