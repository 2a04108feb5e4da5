"""pandas views of letsconnect objects, and the registry of every table the package returns.

Frames are tidy: one row per observation (a profile, a taxonomy node, a match, an attendee of a
clinic, …), one column per variable, with the same dtypes on every pandas version (2.x and 3.x)
and whether or not the frame is empty:

- text is ``object`` (Python ``str``; ``None`` where missing), never pandas' ``str`` dtype;
- a region is a categorical over :func:`letsconnect.regions` (all eight codes, missing = NaN);
- a column holding one skill id is a categorical over its taxonomy's ids (taxonomy order), and a
  ``category`` column one over the taxonomy's top-level ids;
- instants are ``datetime64[ns, UTC]``; calendar dates (a profile's ``registered`` day, a sign-up's
  ``created_at`` day) are naive ``datetime64[ns]`` at midnight;
- counts are ``int64``, scores and shares ``float64``, flags ``bool``;
- list- and dict-valued fields (a profile's skills, languages, availability) stay Python
  lists/dicts in ``object`` columns.

:data:`TABLES` documents each table (what returns it, its index, its columns and dtypes, what its
categoricals range over); :data:`SCHEMAS` is its ``{table: {column: dtype}}`` view, with the dtype
spelled as ``str(frame[column].dtype)`` prints it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from . import _core

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "CATEGORY_SETS",
    "DESCRIPTIONS",
    "SCHEMAS",
    "TABLES",
    "Table",
    "category_dtype",
    "countries_frame",
    "directory_from_frame",
    "directory_to_frame",
    "region_dtype",
    "skill_dtype",
    "taxonomy_to_frame",
]

#: Columns of :func:`directory_to_frame`, in order.
PROFILE_COLUMNS = [
    "username", "name", "aliases", "emails", "region", "country", "languages", "timezone", "availability",
    "shares", "learns", "knows", "affiliations", "registered", "gender", "role",
]
_LIST_COLUMNS = ("aliases", "emails", "availability", "shares", "learns", "knows", "affiliations")


# --- the registry -------------------------------------------------------------------------------

#: What a categorical column ranges over, by name: ``"regions"`` = :func:`letsconnect.regions` (all
#: eight, in that order), ``"skills"`` = the ids of the taxonomy in use (``Taxonomy.ids`` order),
#: ``"categories"`` = its top-level ids. Other categoricals list their fixed categories.
CATEGORY_SETS = ("regions", "skills", "categories")

_OBJ, _I64, _F64, _BOOL, _CAT = "object", "int64", "float64", "bool", "category"
_UTC, _DATE = "datetime64[ns, UTC]", "datetime64[ns]"
_SCORES = {"total": _F64, "skill": _F64, "reciprocity": _F64, "language": _F64, "region": _F64, "time_zone": _F64}


@dataclass(frozen=True)
class Table:
    """One table the package returns.

    ``produced_by``: the call that returns it. ``columns``: ``{column: dtype}`` in column order
    (dtype as ``str(frame[column].dtype)`` prints it). ``index``: ``(name, dtype)`` when the
    frame has a meaningful index, else ``None`` (a default ``RangeIndex``). ``categories``: for each
    categorical column, one of :data:`CATEGORY_SETS` or its fixed categories. ``personal``: the
    columns that identify a person (names, display names, usernames, person ids, e-mail
    addresses), which :func:`letsconnect.pseudonymise` replaces.
    """

    produced_by: str
    description: str
    columns: dict[str, str]
    index: tuple[str, str] | None = None
    categories: dict[str, str | tuple[str, ...]] = field(default_factory=dict)
    personal: tuple[str, ...] = ()


_SKILL_TABLE_COLUMNS = {"skill": _CAT, "label": _OBJ, "category": _CAT, "depth": "int8"}
_SKILL_TABLE_CATEGORIES: dict[str, str | tuple[str, ...]] = {"skill": "skills", "category": "categories"}
_ATTENDEE_COLUMNS = {"display_name": _OBJ, "username": _OBJ, "confidence": _F64, "status": _CAT, "minutes": _F64,
                     "first_join": _UTC, "last_leave": _UTC}
_STATUS = ("matched", "review", "unregistered")

#: Every table the package returns, by name.
TABLES: dict[str, Table] = {
    "directory": Table(
        "Directory.to_frame()",
        "One row per profile, in directory order. List fields (aliases, emails, shares, learns, knows, affiliations; "
        "skills as taxonomy ids) are lists, empty when absent; languages a {code: Babel level} dict; availability a "
        "list of (day, start, end) local-time tuples. registered is a calendar date: naive datetime64[ns] at "
        "midnight, NaT when absent. Missing text is None.",
        {"username": _OBJ, "name": _OBJ, "aliases": _OBJ, "emails": _OBJ, "region": _CAT, "country": _OBJ,
         "languages": _OBJ, "timezone": _OBJ, "availability": _OBJ, "shares": _OBJ, "learns": _OBJ, "knows": _OBJ,
         "affiliations": _OBJ, "registered": _DATE, "gender": _OBJ, "role": _OBJ},
        categories={"region": "regions"}, personal=("username", "name", "aliases", "emails")),
    "taxonomy": Table(
        "Taxonomy.to_frame()",
        "One row per node, in taxonomy order: id, qid (None when absent), parent (NaN for a category), category "
        "(the node's top-level ancestor, itself for a category), depth (0 = category, 1 = skill, 2 = sub-skill) and "
        "one label_<lang> column per requested language (default en, es, fr, pt, ar; None without a label).",
        {"id": _CAT, "qid": _OBJ, "parent": _CAT, "category": _CAT, "depth": "int8", "label_en": _OBJ,
         "label_es": _OBJ, "label_fr": _OBJ, "label_pt": _OBJ, "label_ar": _OBJ},
        categories={"id": "skills", "parent": "skills", "category": "categories"}),
    "countries": Table(
        "letsconnect.countries_frame()",
        "The bundled country table, one row per ISO 3166-1 alpha-2 code: alpha2, English name, Wikimedia region.",
        {"alpha2": _OBJ, "name": _OBJ, "region": _CAT},
        categories={"region": "regions"}),
    "matches": Table(
        "Matches.to_frame() (Directory.recommend, each item of recommend_many, Directory.audience)",
        "One row per match, best first; index rank (1-based). total and the five score components are in [0, 1]; "
        "explanation says why in words.",
        {"username": _OBJ, **_SCORES, "explanation": _OBJ},
        index=("rank", _I64), personal=("username",)),
    "zoom_attendees": Table(
        "ZoomReport.to_frame()",
        "One row per distinct participant of a Zoom report after merging their join segments: minutes is the union "
        "of the segments; first_join and last_leave are UTC; segments counts the rows merged. email None if absent.",
        {"display_name": _OBJ, "email": _OBJ, "minutes": _F64, "first_join": _UTC, "last_leave": _UTC,
         "segments": _I64}, personal=("display_name", "email")),
    "zoom_segments": Table(
        "ZoomReport.segments_frame()",
        "One row per join segment as the report lists it: join and leave in UTC, duration_min as Zoom rounded it, "
        "guest flag, and the segment's line number in the CSV file.",
        {"name": _OBJ, "email": _OBJ, "join": _UTC, "leave": _UTC, "duration_min": _I64, "guest": _BOOL,
         "line": _I64}, personal=("name", "email")),
    "reconcile": Table(
        "Directory.reconcile(report, clinic)",
        "One row per distinct participant of one report, matched to registered profiles: username is the match "
        "(the suggestion when status is 'review', None when 'unregistered'), confidence in [0, 1], minutes the "
        "union of the segments, first_join and last_leave UTC.",
        dict(_ATTENDEE_COLUMNS),
        categories={"status": _STATUS}, personal=("display_name", "username")),
    "attendance": Table(
        "Attendance.to_frame() (letsconnect.attendance)",
        "One row per attendee per clinic: the reconcile columns, then kind (what the name looks like), person "
        "(an id stable across clinics: the username, or one for a non-registered person), reason and email.",
        {"clinic": _OBJ, **_ATTENDEE_COLUMNS, "kind": _CAT, "person": _OBJ, "reason": _OBJ, "email": _OBJ},
        categories={"status": _STATUS, "kind": ("person", "device", "interpreter", "host")},
        personal=("display_name", "username", "person", "email")),
    "review_queue": Table(
        "Attendance.review_queue()",
        "The attendees waiting for an organiser's decision (status 'review'): decision is empty, to be filled "
        "with a username or '-' (not registered) for `letsconnect confirm`.",
        {"clinic": _OBJ, "display_name": _OBJ, "suggested_username": _OBJ, "confidence": _F64, "reason": _OBJ,
         "minutes": _F64, "decision": _OBJ}, personal=("display_name", "suggested_username", "decision")),
    "metrics.clinics": Table(
        "letsconnect.metrics(...).clinics",
        "One row per clinic (index clinic id): start (UTC), whether it has a report, attendee counts (interpreters "
        "and hosts excluded), show_up_rate = registrants_attended / registrants, retention = retained (> "
        "retention_minutes) / attendees, median minutes; rates are NaN when undefined.",
        {"start": _UTC, "has_report": _BOOL, "attendees": _I64, "registered": _I64, "non_registered": _I64,
         "review": _I64, "registrants": _I64, "registrants_attended": _I64, "show_up_rate": _F64, "retained": _I64,
         "retention": _F64, "median_minutes": _F64},
        index=("clinic", _OBJ)),
    "metrics.programme": Table(
        "letsconnect.metrics(...).programme",
        "One row per programme-wide metric (index metric name; see METRIC_DEFINITIONS): value (counts and rates "
        "alike, as float64; NaN when undefined) and its definition.",
        {"value": _F64, "definition": _OBJ},
        index=("metric", _OBJ)),
    "metrics.by_region": Table(
        "letsconnect.metrics(...).by_region",
        "People and attendances per region: registered people by their profile's region, non-registered people "
        "(and profiles without a region) in the row whose region is NaN.",
        {"region": _CAT, "people": _I64, "attendances": _I64},
        categories={"region": "regions"}),
    "metrics.sharers": Table(
        "letsconnect.metrics(...).sharers",
        "One row per distinct sharer over all clinics: registered (a profile of the directory), region, country "
        "and gender (None when unknown), woman, under_represented (a region other than NWE and NA; both nullable "
        "booleans, <NA> when the gender or region is unknown, so their means are the programme's shares), "
        "clinics shared at.",
        {"username": _OBJ, "registered": _BOOL, "region": _CAT, "country": _OBJ, "gender": _OBJ, "woman": "boolean",
         "under_represented": "boolean", "clinics": _I64},
        categories={"region": "regions"}, personal=("username",)),
    "metrics.attendees": Table(
        "letsconnect.metrics(...).attendees",
        "One row per attendee per clinic as the clinic figures count them (a person's names and devices merged, "
        "minutes the union of their segments, interpreters and hosts left out): person (stable across clinics), "
        "username (None when not registered), minutes, retained (more than the retention threshold).",
        {"clinic": _OBJ, "person": _OBJ, "username": _OBJ, "minutes": _F64, "retained": _BOOL},
        personal=("person", "username")),
    "synthetic.truth": Table(
        "letsconnect.synthetic.programme(...).truth",
        "The truth behind a synthetic programme's Zoom reports: one row per display name per clinic, with the "
        "username (None when not registered), person (stable across clinics; nr-… for non-registered people), "
        "kind, minutes (union of the name's segments) and how the name was written (case).",
        {"clinic": _OBJ, "display_name": _OBJ, "username": _OBJ, "person": _OBJ, "kind": _CAT, "minutes": _F64,
         "case": _OBJ},
        categories={"kind": ("person", "device", "interpreter", "host")}, personal=("display_name", "username", "person")),
    "synthetic.registrations": Table(
        "letsconnect.synthetic.programme(...).registrations",
        "One row per registrant of each synthetic clinic, and whether they attended.",
        {"clinic": _OBJ, "username": _OBJ, "attended": _BOOL}, personal=("username",)),
    "badges": Table(
        "letsconnect.badges(...)",
        "One row per badge awarded: username, badge id, its label, the clinic where it was earned and when "
        "(the clinic's start, UTC).",
        {"username": _OBJ, "badge": _OBJ, "label": _OBJ, "clinic": _OBJ, "earned": _UTC}, personal=("username",)),
    "assignment.pairs": Table(
        "Directory.assign(...).pairs",
        "One row per mentoring pair, in the order the mentees were given: total and the five score components "
        "(mentee as seeker), required (asked for), eligible (the kernel accepts the pair).",
        {"mentee": _OBJ, "mentor": _OBJ, **_SCORES, "required": _BOOL, "eligible": _BOOL},
        personal=("mentee", "mentor")),
    "assignment.unassigned": Table(
        "Directory.assign(...).unassigned",
        "One row per mentee left without a mentor: why (see letsconnect._planning.REASONS) and how many mentors "
        "were eligible.",
        {"mentee": _OBJ, "reason": _CAT, "eligible_mentors": _I64},
        categories={"reason": ("no_eligible_mentor", "mentors_full", "registration_closed")}, personal=("mentee",)),
    "assignment.mentors": Table(
        "Directory.assign(...).mentors",
        "One row per mentor: capacity (mentees they may take) and load (mentees assigned).",
        {"mentor": _OBJ, "capacity": _I64, "load": _I64}, personal=("mentor",)),
    "sign_ups": Table(
        "MentorshipProgramme.sign_ups",
        "One row per sign-up, mentors first: created_at is the UTC calendar day of the sign-up (naive "
        "datetime64[ns] at midnight, NaT when not given); capacity a mentor's own (nullable Int64, <NA> for "
        "mentees and mentors using the programme's); on_time within the registration dates.",
        {"role": _CAT, "user": _OBJ, "created_at": _DATE, "capacity": "Int64", "on_time": _BOOL},
        categories={"role": ("mentor", "mentee")}, personal=("user",)),
    "plan.slots": Table(
        "letsconnect.plan_clinic(..., split=1).slots",
        "Clinic start times, best first: start and end (UTC), available (audience members whose weekly hours hold "
        "the whole clinic), share = available / audience (NaN for an empty audience).",
        {"start": _UTC, "end": _UTC, "available": _I64, "share": _F64}),
    "plan.pairs": Table(
        "letsconnect.plan_clinic(..., split=2).pairs",
        "Pairs of start times (UTC), best first: who can attend each, covered (either of them), share = covered "
        "/ audience.",
        {"first": _UTC, "second": _UTC, "first_available": _I64, "second_available": _I64, "covered": _I64,
         "share": _F64}),
    "plan.by_region": Table(
        "letsconnect.plan_clinic(...).by_region",
        "The best time (or pair) by region: group is the region (NaN for profiles without one), audience, covered "
        "and share = covered / audience.",
        {"group": _CAT, "audience": _I64, "covered": _I64, "share": _F64},
        categories={"group": "regions"}),
    "plan.by_time_zone": Table(
        "letsconnect.plan_clinic(...).by_time_zone",
        "The best time (or pair) by IANA time zone (group; empty string for profiles without one): audience, "
        "covered, share.",
        {"group": _OBJ, "audience": _I64, "covered": _I64, "share": _F64}),
    "language_groups.needs": Table(
        "letsconnect.language_groups(...).needs (also plan_clinic(..., language=).language_groups)",
        "Of those who do not follow the clinic's language at the threshold, how many speak each language at it.",
        {"language": _OBJ, "people": _I64}),
    "organisations": Table(
        "Directory.organisations()",
        "One row per affiliate organisation: languages a {code: level} dict (given and its members'), shares / "
        "learns / knows lists of skill ids, managers and members counts. acronym, name and type are '' when "
        "not given (as the binding returns them), country None, region NaN.",
        {"id": _OBJ, "acronym": _OBJ, "name": _OBJ, "type": _OBJ, "region": _CAT, "country": _OBJ, "languages": _OBJ,
         "shares": _OBJ, "learns": _OBJ, "knows": _OBJ, "managers": _I64, "members": _I64},
        categories={"region": "regions"}),
    "org_matches": Table(
        "Directory.recommend_orgs(...)",
        "One row per recommended organisation, best first (index rank, 1-based): total and the five score "
        "components in [0, 1], explanation.",
        {"id": _OBJ, "acronym": _OBJ, "name": _OBJ, **_SCORES, "explanation": _OBJ},
        index=("rank", _I64)),
    "stats.skills": Table(
        "Directory.stats().skills",
        "One row per taxonomy node (taxonomy order). Rolled-up counts: a person counts once for a node when they "
        "list it or any node below it; known = knows ∪ shares. *_direct count only those listing the node itself.",
        {**_SKILL_TABLE_COLUMNS, "known": _I64, "shares": _I64, "learns": _I64, "known_direct": _I64,
         "shares_direct": _I64, "learns_direct": _I64},
        categories=dict(_SKILL_TABLE_CATEGORIES)),
    "stats.by_root_skill": Table(
        "Directory.stats().by_root_skill",
        "The top-level categories' rows of stats.skills.",
        {**_SKILL_TABLE_COLUMNS, "known": _I64, "shares": _I64, "learns": _I64, "known_direct": _I64,
         "shares_direct": _I64, "learns_direct": _I64},
        categories=dict(_SKILL_TABLE_CATEGORIES)),
    "stats.by_region": Table(
        "Directory.stats().by_region",
        "Profiles per region: all eight regions in lc.regions() order, zeros kept (profiles without a region are "
        "DirectoryStats.unknown_region).",
        {"region": _CAT, "name": _OBJ, "profiles": _I64},
        categories={"region": "regions"}),
    "stats.by_country": Table(
        "Directory.stats().by_country",
        "Profiles per country (ISO alpha-2), most first, then by code.",
        {"country": _OBJ, "name": _OBJ, "region": _CAT, "profiles": _I64},
        categories={"region": "regions"}),
    "stats.by_language": Table(
        "Directory.stats(min_level).by_language",
        "Per language code: speakers at min_level or above, and native speakers.",
        {"language": _OBJ, "speakers": _I64, "native": _I64}),
    "stats.region_language": Table(
        "Directory.stats(min_level).region_language",
        "Speakers (at min_level or above) per region and language: every pair, zeros kept.",
        {"region": _CAT, "language": _OBJ, "speakers": _I64},
        categories={"region": "regions"}),
    "stats.region_category": Table(
        "Directory.stats().region_category",
        "Rolled-up known / shares / learns counts per region and top-level category: every pair.",
        {"region": _CAT, "category": _CAT, "known": _I64, "shares": _I64, "learns": _I64},
        categories={"region": "regions", "category": "categories"}),
    "skill_gap": Table(
        "Directory.skill_gap(...)",
        "The demand-supply gap per skill, widest first (gap, then demand, descending, then taxonomy order): demand "
        "and supply rolled up like stats.skills, gap = demand - supply, ratio = demand / (supply + 1), clinics on "
        "the skill or one below it, last_clinic (UTC, NaT if none).",
        {**_SKILL_TABLE_COLUMNS, "demand": _I64, "supply": _I64, "gap": _I64, "ratio": _F64, "clinics": _I64,
         "last_clinic": _UTC},
        categories=dict(_SKILL_TABLE_CATEGORIES)),
}

#: ``{table: {column: dtype}}``, columns in order; dtypes as ``str(frame[column].dtype)`` prints them.
SCHEMAS: dict[str, dict[str, str]] = {name: dict(table.columns) for name, table in TABLES.items()}
#: ``{table: what it holds}``.
DESCRIPTIONS: dict[str, str] = {name: f"{table.produced_by}: {table.description}" for name, table in TABLES.items()}


# --- dtypes shared by the producers --------------------------------------------------------------

def region_dtype() -> pd.CategoricalDtype:
    """Categorical dtype of a region column: Wikimedia's eight region codes."""
    return pd.CategoricalDtype(categories=_core.regions())


def skill_dtype(taxonomy: _core.Taxonomy) -> pd.CategoricalDtype:
    """Categorical dtype of a column holding one skill id of ``taxonomy`` (its ids, taxonomy order)."""
    return pd.CategoricalDtype(categories=list(taxonomy.ids))


def category_dtype(taxonomy: _core.Taxonomy) -> pd.CategoricalDtype:
    """Categorical dtype of a ``category`` column: ``taxonomy``'s top-level ids."""
    return pd.CategoricalDtype(categories=[i for i in taxonomy.ids if taxonomy.depth(i) == 0])


def directory_to_frame(directory: _core.Directory) -> pd.DataFrame:
    """One row per profile, columns :data:`PROFILE_COLUMNS` (dtypes: ``TABLES["directory"]``).

    ``languages`` holds ``{code: level}`` dicts, ``availability`` lists of
    ``(day, start, end)`` tuples in local time; missing values are ``None``/``NaT``. ``registered``
    is a calendar date (naive ``datetime64[ns]``).
    """
    document = json.loads(directory.to_json(-1))
    profiles = document["profiles"]
    frame = pd.DataFrame.from_records(profiles, columns=PROFILE_COLUMNS)
    for column in _LIST_COLUMNS:
        frame[column] = pd.Series([v if isinstance(v, list) else [] for v in frame[column]], index=frame.index, dtype=object)
    frame["availability"] = pd.Series(
        [[(w["day"], w["start"], w["end"]) for w in v] for v in frame["availability"]], index=frame.index, dtype=object
    )
    frame["languages"] = pd.Series(
        [v if isinstance(v, dict) else {} for v in frame["languages"]], index=frame.index, dtype=object
    )
    frame["region"] = frame["region"].astype(region_dtype())
    frame["registered"] = pd.to_datetime(frame["registered"], format="%Y-%m-%d").astype("datetime64[ns]")
    for column in ("username", "name", "country", "timezone", "gender", "role"):
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    # What from_frame needs to rebuild the same directory: the document names a bundled taxonomy
    # or carries it inline, as Directory.to_json decided.
    taxonomy = document["taxonomy"]
    frame.attrs["taxonomy"] = taxonomy if isinstance(taxonomy, str) else json.dumps(taxonomy, ensure_ascii=False)
    frame.attrs["week"] = directory.week.isoformat()
    return frame


def _clean(value: Any) -> Any:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value != value:  # NaN from pandas
        return None
    if value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def _frame_error(field: str, message: str) -> None:
    problem = _core.Problem("<DataFrame>", "", field, message)
    error = _core.ValidationError(str(problem))
    error.problems = [problem]
    raise error


def directory_from_frame(frame: pd.DataFrame, *, taxonomy: Any = None, week: Any = None) -> _core.Directory:
    """Build a Directory from a frame shaped like :func:`directory_to_frame`'s.

    The taxonomy and reference week default to those remembered in ``frame.attrs`` by
    :func:`directory_to_frame`, else the bundled "letsconnect" taxonomy and the current week.

    Only ``username`` is required; other known columns are optional, unknown columns are an error
    (so nothing is dropped silently). Rows are validated like a directory file: a bad row raises
    ValidationError naming ``profiles[row]`` and the field.
    """
    unknown = [c for c in frame.columns if c not in PROFILE_COLUMNS]
    if unknown:
        _frame_error("columns", f"unknown columns {', '.join(map(str, unknown))} (expected some of {', '.join(PROFILE_COLUMNS)})")
    if "username" not in frame.columns:
        _frame_error("columns", "a directory frame needs a 'username' column")
    records: list[dict[str, Any]] = []
    for row in frame.to_dict(orient="records"):
        record: dict[str, Any] = {}
        for key, value in row.items():
            value = _clean(value)
            if value is None:
                continue
            if key == "availability":
                value = [dict(zip(("day", "start", "end"), w)) if isinstance(w, (list, tuple)) else w for w in value]
            if key in _LIST_COLUMNS or key == "languages":
                if len(value) == 0:
                    continue
                value = list(value) if key != "languages" else dict(value)
            record[str(key)] = value
        records.append(record)
    # A frame from directory_to_frame remembers its taxonomy and week in `attrs`.
    if taxonomy is None:
        remembered = frame.attrs.get("taxonomy", "letsconnect")
        taxonomy = remembered if remembered in _core.Taxonomy.bundled_names() else _core.Taxonomy.from_json(remembered)
    if week is None:
        week = frame.attrs.get("week")
    tax = taxonomy
    document = {"format": "letsconnect.directory/1", "profiles": records}
    if isinstance(tax, str):
        document["taxonomy"] = tax
        return _core.Directory.from_json(json.dumps(document, ensure_ascii=False), week=week)
    return _core.Directory.from_json(json.dumps(document, ensure_ascii=False), taxonomy=tax, week=week)


def taxonomy_to_frame(taxonomy: _core.Taxonomy, languages: Iterable[str] = ("en", "es", "fr", "pt", "ar")) -> pd.DataFrame:
    """One row per node: id, qid, parent, category, depth, and one ``label_<lang>`` column per language.

    ``id`` and ``parent`` are categoricals over the taxonomy's ids, ``category`` (the top-level
    ancestor) over its top-level ids; ``qid`` and labels are text, ``None`` when absent."""
    nodes = list(taxonomy)
    languages = list(languages)
    skills = skill_dtype(taxonomy)
    frame = pd.DataFrame({
        "id": pd.Categorical([n.id for n in nodes], dtype=skills),
        "qid": pd.Series([n.qid for n in nodes], dtype=object),
        "parent": pd.Categorical([n.parent for n in nodes], dtype=skills),
        "category": pd.Categorical([taxonomy.category(n.id) for n in nodes], dtype=category_dtype(taxonomy)),
        "depth": pd.Series([taxonomy.depth(n.id) for n in nodes], dtype="int8"),
        **{f"label_{lang}": pd.Series([n.labels.get(lang) for n in nodes], dtype=object) for lang in languages},
    })
    return frame


def countries_frame() -> pd.DataFrame:
    """The bundled country table: alpha2, name, region (categorical)."""
    rows = _core.countries()
    return pd.DataFrame({
        "alpha2": pd.Series([r[0] for r in rows], dtype=object),
        "name": pd.Series([r[1] for r in rows], dtype=object),
        "region": pd.Categorical([r[2] for r in rows], dtype=region_dtype()),
    })
