"""Clinics and attendance: Zoom reports in, reconciled attendees, programme metrics and badges out.

>>> import letsconnect as lc
>>> d = lc.Directory.load("directory.json")                      # doctest: +SKIP
>>> report = lc.read_zoom_report("clinic-12.csv")                # doctest: +SKIP
>>> d.reconcile(report)                                          # doctest: +SKIP
   display_name      username  confidence        status  minutes  first_join  last_leave
...
>>> m = lc.metrics(d, lc.Clinics.load("clinics.json"))           # doctest: +SKIP
>>> m.clinics[["attendees", "show_up_rate", "retention"]]        # doctest: +SKIP
"""

from __future__ import annotations

import csv
import math
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Union

from . import _core
from ._privacy import KeyArg, maybe_pseudonymise
from ._progress import ProgressArg

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "RECONCILE_COLUMNS",
    "REVIEW_QUEUE_COLUMNS",
    "Attendance",
    "Metrics",
    "attendance",
    "badges",
    "metrics",
    "read_decisions",
    "matches_to_frame",
    "read_zoom_report",
    "reconcile",
    "reconcile_matches",
]

PathLike = Union[str, "os.PathLike[str]"]

#: Columns of :meth:`Directory.reconcile`, in order.
RECONCILE_COLUMNS = ["display_name", "username", "confidence", "status", "minutes", "first_join", "last_leave"]

#: Columns of a review queue (:meth:`Attendance.review_queue`); organisers fill ``decision`` with a
#: username (this is them) or ``-`` (not registered) and give the file to ``letsconnect confirm``.
REVIEW_QUEUE_COLUMNS = ["clinic", "display_name", "suggested_username", "confidence", "reason", "minutes", "decision"]

_STATUS = ["matched", "review", "unregistered"]
_KIND = ["person", "device", "interpreter", "host"]


def read_zoom_report(path: PathLike, time_zone: str = "UTC") -> _core.ZoomReport:
    """Read a Zoom participant report (CSV export, with or without the meeting block).

    Times without an offset are read in ``time_zone`` (the Zoom account's zone; UTC unless told).
    Malformed rows raise :class:`ValidationError` listing each with its line number.
    """
    return _core.ZoomReport.read(os.fspath(path), time_zone)


def _utc(seconds: Sequence[int]) -> pd.Series:
    import pandas as pd

    return pd.Series(pd.to_datetime(list(seconds), unit="s", utc=True), dtype="datetime64[ns, UTC]")


def segments_frame(report: _core.ZoomReport) -> pd.DataFrame:
    """One row per join segment: name, email, join, leave (UTC), duration_min, guest, line."""
    import pandas as pd

    columns = report._segment_columns()
    return pd.DataFrame({
        "name": pd.Series(columns["name"], dtype=object),
        "email": pd.Series(columns["email"], dtype=object),
        "join": _utc(columns["join"]),
        "leave": _utc(columns["leave"]),
        "duration_min": pd.Series(columns["duration_min"], dtype="int64"),
        "guest": pd.Series(columns["guest"], dtype="bool"),
        "line": pd.Series(columns["line"], dtype="int64"),
    })


def attendees_frame(report: _core.ZoomReport) -> pd.DataFrame:
    """One row per distinct participant after merging segments: display_name, email, minutes
    (union of the segments), first_join, last_leave (UTC), segments."""
    import pandas as pd

    columns = report._attendee_columns()
    return pd.DataFrame({
        "display_name": pd.Series(columns["display_name"], dtype=object),
        "email": pd.Series(columns["email"], dtype=object),
        "minutes": pd.Series(columns["minutes"], dtype="float64"),
        "first_join": _utc(columns["first_join"]),
        "last_leave": _utc(columns["last_leave"]),
        "segments": pd.Series(columns["segments"], dtype="int64"),
    })


def _report(report: _core.ZoomReport | PathLike, time_zone: str | None, clinic: _core.Clinic | None) -> _core.ZoomReport:
    if isinstance(report, _core.ZoomReport):
        return report
    zone = time_zone or (clinic.report_time_zone if clinic is not None else "") or "UTC"
    return read_zoom_report(report, zone)


def _matches_frame(matches: Sequence[_core.AttendeeMatch], clinic: str | None = None, *, details: bool = False) -> pd.DataFrame:
    import pandas as pd

    rows: dict[str, list[Any]] = {c: [] for c in RECONCILE_COLUMNS}
    extra: dict[str, list[Any]] = {"kind": [], "person": [], "reason": [], "email": []}
    for m in matches:
        rows["display_name"].append(m.display_name)
        rows["username"].append(m.username)
        rows["confidence"].append(m.confidence)
        rows["status"].append(m.status)
        rows["minutes"].append(m.minutes)
        rows["first_join"].append(m.first_join)
        rows["last_leave"].append(m.last_leave)
        if details:
            extra["kind"].append(m.kind)
            extra["person"].append(m.person)
            extra["reason"].append(m.reason)
            extra["email"].append(m.email)
    frame = pd.DataFrame({c: pd.Series(rows[c], dtype=object) for c in RECONCILE_COLUMNS})
    frame["confidence"] = frame["confidence"].astype("float64")
    frame["minutes"] = frame["minutes"].astype("float64")
    frame["status"] = pd.Categorical(rows["status"], categories=_STATUS)
    for c in ("first_join", "last_leave"):
        frame[c] = pd.Series(pd.to_datetime(rows[c], utc=True), dtype="datetime64[ns, UTC]")
    if details:
        frame["kind"] = pd.Categorical(extra["kind"], categories=_KIND)
        for c in ("person", "reason", "email"):
            frame[c] = pd.Series(extra[c], dtype=object)
    if clinic is not None:
        frame.insert(0, "clinic", pd.Series([clinic] * len(frame), dtype=object))
    return frame


def reconcile(
    directory: _core.Directory,
    report: _core.ZoomReport | PathLike,
    clinic: _core.Clinic | None = None,
    *,
    time_zone: str | None = None,
    match_threshold: float = 0.85,
    review_threshold: float = 0.6,
    margin: float = 0.1,
    registrant_bonus: float = 0.04,
) -> pd.DataFrame:
    """Match a Zoom report's participants to registered profiles.

    One row per distinct participant (segments merged), columns exactly
    :data:`RECONCILE_COLUMNS`: ``display_name`` (the report's name cell, untouched), ``username``
    (``None`` for non-registered people; the suggestion when ``status`` is ``"review"``),
    ``confidence`` in [0, 1], ``status`` (``"matched"``, ``"review"``, ``"unregistered"``),
    ``minutes`` (union of the segments), ``first_join``, ``last_leave`` (UTC).

    Decisions are one-to-one: two attendees are never matched to the same username. With
    ``clinic``, its registrants get a small bonus. ``report`` may be a path, read in ``time_zone``
    (default: the clinic's ``report_time_zone``, else UTC).
    See :meth:`Directory.reconcile_matches` for the reasons and name kinds.
    """
    return matches_to_frame(reconcile_matches(
        directory, report, clinic, time_zone=time_zone, match_threshold=match_threshold,
        review_threshold=review_threshold, margin=margin, registrant_bonus=registrant_bonus))


def matches_to_frame(matches: Sequence[_core.AttendeeMatch]) -> pd.DataFrame:
    """The :func:`reconcile` frame of a list of :class:`AttendeeMatch` (columns :data:`RECONCILE_COLUMNS`)."""
    frame = _matches_frame(matches)
    frame.loc[frame["status"] == "unregistered", "username"] = None
    return frame


def reconcile_matches(
    directory: _core.Directory,
    report: _core.ZoomReport | PathLike,
    clinic: _core.Clinic | None = None,
    *,
    time_zone: str | None = None,
    match_threshold: float = 0.85,
    review_threshold: float = 0.6,
    margin: float = 0.1,
    registrant_bonus: float = 0.04,
) -> list[_core.AttendeeMatch]:
    """Like :func:`reconcile`, as :class:`AttendeeMatch` objects (with ``kind``, ``reason``)."""
    return list(_core._reconcile(directory, _report(report, time_zone, clinic), clinic, match_threshold, review_threshold, margin, registrant_bonus))


class Attendance:
    """The reconciled attendance of every clinic of a programme, people linked across clinics.

    Build it with :func:`attendance`. ``clinics`` holds one :class:`ClinicAttendance` per clinic.
    """

    def __init__(self, directory: _core.Directory, clinics: _core.Clinics, records: Sequence[_core.ClinicAttendance]) -> None:
        self.directory = directory
        self.programme = clinics
        self.clinics: list[_core.ClinicAttendance] = list(records)

    def __repr__(self) -> str:
        people = sum(len(c.attendees) for c in self.clinics)
        with_report = sum(c.has_report for c in self.clinics)
        return f"<letsconnect.Attendance({len(self.clinics)} clinics, {with_report} with a report, {people} attendee rows)>"

    def __len__(self) -> int:
        return len(self.clinics)

    def to_frame(self, *, pseudonymise: KeyArg = None) -> pd.DataFrame:
        """One row per attendee per clinic: ``clinic``, the columns of :func:`reconcile`, then
        ``kind``, ``person`` (stable id across clinics), ``reason``, ``email``.
        ``pseudonymise``: True (key from ``LETSCONNECT_PSEUDONYMISE_KEY``) or a key replaces
        display names, usernames, person ids and e-mail addresses (:func:`letsconnect.pseudonymise`)."""
        import pandas as pd

        frames = [_matches_frame(c.attendees, c.clinic_id, details=True) for c in self.clinics]
        if not frames:
            return maybe_pseudonymise(_matches_frame([], "", details=True), pseudonymise)
        return maybe_pseudonymise(pd.concat(frames, ignore_index=True), pseudonymise)

    def review_queue(self, *, pseudonymise: KeyArg = None) -> pd.DataFrame:
        """Attendees waiting for a decision, columns :data:`REVIEW_QUEUE_COLUMNS` (``decision`` empty).
        ``pseudonymise``: as in :meth:`to_frame` (a pseudonymised queue is for sharing figures, not
        for ``letsconnect confirm``)."""
        if pseudonymise is not None and pseudonymise is not False:
            return maybe_pseudonymise(self.review_queue(), pseudonymise)
        import pandas as pd

        frame = self.to_frame()
        queue = frame[frame["status"] == "review"]
        out = queue[["clinic", "display_name", "username", "confidence", "reason", "minutes"]].rename(
            columns={"username": "suggested_username"}
        )
        out = out.reset_index(drop=True)
        out["decision"] = pd.Series([""] * len(out), dtype=object)
        return out[REVIEW_QUEUE_COLUMNS]


def attendance(
    directory: _core.Directory,
    clinics: _core.Clinics | PathLike,
    *,
    attendance_dir: PathLike | None = None,
    time_zone: str = "UTC",
    match_threshold: float = 0.85,
    review_threshold: float = 0.6,
    margin: float = 0.1,
    registrant_bonus: float = 0.04,
    progress: ProgressArg = None,
) -> Attendance:
    """Read and reconcile the Zoom reports of every clinic and link people across clinics.

    Reports are the clinics' ``attendance`` paths (relative to the clinics file), or, with
    ``attendance_dir``, those paths under it, or ``<attendance_dir>/<clinic id>.csv``.
    The same non-registered person seen in several clinics gets one ``person`` id.
    ``progress``: a bar over the clinics (see :mod:`letsconnect._progress`: None shows one when
    stderr is a terminal; True, False, or a callable(done, total)).
    """
    programme = clinics if isinstance(clinics, _core.Clinics) else _core.Clinics.load(os.fspath(clinics))
    folder = None if attendance_dir is None else os.fspath(attendance_dir)
    records = _core._reconcile_clinics(directory, programme, folder, time_zone, match_threshold, review_threshold, margin,
                                       registrant_bonus, progress)
    return Attendance(directory, programme, records)


#: What each programme metric means (design §5).
METRIC_DEFINITIONS: dict[str, str] = {
    "clinics_with_report": "clinics with an attendance report",
    "attendances": "sum over clinics of distinct attendees (interpreters and hosts excluded)",
    "registrants": "sum of registrants over clinics with a report",
    "registrants_attended": "of those, registrants who attended",
    "show_up_rate": "registrants_attended / registrants",
    "retained": "sum over clinics of attendees with more than retention_minutes attended (default 90)",
    "retention": "retained / attendances (the share staying longer than retention_minutes, over all clinics)",
    "reach": "distinct people over all clinics (registered profiles + non-registered people)",
    "registered_people": "distinct registered profiles that attended at least one clinic",
    "non_registered_people": "distinct non-registered people (linked across clinics by name and e-mail)",
    "profiles": "registered profiles in the directory",
    "participation_of_registered": "registered_people / profiles",
    "clinics_per_registered": "mean clinics attended per participating registered person",
    "clinics_per_person": "attendances / reach",
    "repeat_non_registered": "non-registered people seen in 2 or more clinics",
    "repeat_rate_non_registered": "repeat_non_registered / non_registered_people",
    "sharers": "distinct sharers over all clinics",
    "sharers_region_known": "sharers whose profile has a region",
    "sharers_under_represented": "sharers from regions other than NWE and NA",
    "under_represented_sharer_share": "sharers_under_represented / sharers_region_known",
    "sharers_gender_known": "sharers whose profile states a gender",
    "women_sharers": "sharers whose gender is female",
    "women_sharer_share": "women_sharers / sharers_gender_known",
}


@dataclass(frozen=True)
class Metrics:
    """Programme metrics as DataFrames (definitions: design §5, :data:`METRIC_DEFINITIONS`).

    ``clinics``: one row per clinic (index ``clinic``): start, has_report, attendees, registered,
    non_registered, review, registrants, registrants_attended, show_up_rate, retained, retention,
    median_minutes. ``programme``: one row per programme-wide metric (index ``metric``; columns
    ``value``, ``definition``). ``by_region``: people and attendances per region (registered people
    by their profile's region; non-registered people under ``None``). ``sharers``: one row per
    distinct sharer: username, registered (a profile of the directory), region (categorical),
    country, gender (``None`` when not stated), woman and under_represented (a region other than NWE
    and NA; both nullable booleans, ``<NA>`` when the gender or region is not known, so their means
    are the programme's shares), clinics (clinics shared at). ``attendees``: one row per attendee
    per clinic as the figures count them (a person's names merged, minutes the union of their
    segments): clinic, person, username (``None`` when not registered), minutes, retained.
    ``retention_minutes``: the threshold used.
    """

    clinics: pd.DataFrame
    programme: pd.DataFrame
    by_region: pd.DataFrame
    attendance: Attendance
    sharers: pd.DataFrame
    attendees: pd.DataFrame
    retention_minutes: float = 90.0

    def __getitem__(self, metric: str) -> float:
        """A programme-wide metric by name, e.g. ``m["reach"]``."""
        values = self.programme["value"]
        return float(values.to_numpy(dtype="float64")[values.index.get_loc(metric)])

    def __repr__(self) -> str:
        p = self.programme["value"]

        def pct(x: float) -> str:
            return "n/a" if math.isnan(x) else f"{100 * x:.0f}%"

        return (
            f"<letsconnect.Metrics({len(self.clinics)} clinics, reach {int(p['reach'])}, "
            f"registered {int(p['registered_people'])}, non-registered {int(p['non_registered_people'])}, "
            f"repeat rate non-registered {pct(p['repeat_rate_non_registered'])})>"
        )


def metrics(
    directory: _core.Directory,
    clinics: _core.Clinics | PathLike,
    attendance_data: Attendance | None = None,
    *,
    attendance_dir: PathLike | None = None,
    time_zone: str = "UTC",
    retention_minutes: float = 90.0,
    progress: ProgressArg = None,
    pseudonymise: KeyArg = None,
) -> Metrics:
    """Programme metrics. Without ``attendance_data``, the clinics' reports are read and
    reconciled first (:func:`attendance`, with its ``progress`` bar).
    ``pseudonymise``: True (key from ``LETSCONNECT_PSEUDONYMISE_KEY``) or a key replaces the
    usernames and person ids of the per-person frames ``sharers`` and ``attendees``
    (:func:`letsconnect.pseudonymise`); the counts and rates are the same."""
    import pandas as pd

    att = attendance_data if attendance_data is not None else attendance(
        directory, clinics, attendance_dir=attendance_dir, time_zone=time_zone, progress=progress
    )
    per_clinic, programme, regions, sharer_columns, attendee_columns = _core._metrics(
        directory, att.programme, att.clinics, retention_minutes)
    # Dtypes as letsconnect.frames.TABLES documents them, also for a programme without clinics.
    clinic_dtypes = {"has_report": "bool", "attendees": "int64", "registered": "int64", "non_registered": "int64",
                     "review": "int64", "registrants": "int64", "registrants_attended": "int64",
                     "show_up_rate": "float64", "retained": "int64", "retention": "float64", "median_minutes": "float64"}
    frame = pd.DataFrame({
        "start": _utc([row["start"] for row in per_clinic]),
        **{c: pd.Series([row[c] for row in per_clinic], dtype=d) for c, d in clinic_dtypes.items()},
    })
    frame.index = pd.Index([row["clinic"] for row in per_clinic], dtype=object, name="clinic")
    # Rows in METRIC_DEFINITIONS order (aligning the two dicts would sort them by name).
    names = pd.Index([*METRIC_DEFINITIONS, *(k for k in programme if k not in METRIC_DEFINITIONS)], dtype=object, name="metric")
    prog = pd.DataFrame({"value": pd.Series(programme, dtype="float64").reindex(names),
                         "definition": pd.Series(METRIC_DEFINITIONS, dtype=object).reindex(names)}, index=names)
    by_region = pd.DataFrame({
        "region": pd.Categorical([r["region"] for r in regions], categories=_core.regions()),
        "people": pd.Series([r["people"] for r in regions], dtype="int64"),
        "attendances": pd.Series([r["attendances"] for r in regions], dtype="int64"),
    })
    sharers = pd.DataFrame({
        "username": pd.Series(sharer_columns["username"], dtype=object),
        "registered": pd.Series(sharer_columns["registered"], dtype="bool"),
        "region": pd.Categorical(sharer_columns["region"], categories=_core.regions()),
        "country": pd.Series(sharer_columns["country"], dtype=object),
        "gender": pd.Series(sharer_columns["gender"], dtype=object),
        "woman": pd.Series(sharer_columns["woman"], dtype="boolean"),               # <NA>: gender not stated
        "under_represented": pd.Series(sharer_columns["under_represented"], dtype="boolean"),  # <NA>: no region
        "clinics": pd.Series(sharer_columns["clinics"], dtype="int64"),
    })
    attendees = pd.DataFrame({
        "clinic": pd.Series(attendee_columns["clinic"], dtype=object),
        "person": pd.Series(attendee_columns["person"], dtype=object),
        "username": pd.Series(attendee_columns["username"], dtype=object),
        "minutes": pd.Series(attendee_columns["minutes"], dtype="float64"),
        "retained": pd.Series(attendee_columns["retained"], dtype="bool"),
    })
    return Metrics(frame, prog, by_region, att, maybe_pseudonymise(sharers, pseudonymise),
                   maybe_pseudonymise(attendees, pseudonymise), float(retention_minutes))


def badges(
    directory: _core.Directory,
    clinics: _core.Clinics | PathLike,
    attendance_data: Attendance | None = None,
    rules: _core.BadgeRules | PathLike | None = None,
    *,
    since: Any = None,
    attendance_dir: PathLike | None = None,
    time_zone: str = "UTC",
    pseudonymise: KeyArg = None,
) -> pd.DataFrame:
    """Badges earned (newly since ``since``, a date, when given): one row per award with
    ``username``, ``badge``, ``label``, ``clinic`` (where it was earned) and ``earned`` (UTC).
    ``rules``: :class:`BadgeRules`, a ``letsconnect.badges/1`` file, or the defaults.
    ``pseudonymise``: True or a key replaces the usernames (:func:`letsconnect.pseudonymise`)."""
    import pandas as pd

    att = attendance_data if attendance_data is not None else attendance(
        directory, clinics, attendance_dir=attendance_dir, time_zone=time_zone
    )
    if rules is None:
        rule_set = _core.BadgeRules.defaults()
    elif isinstance(rules, _core.BadgeRules):
        rule_set = rules
    else:
        rule_set = _core.BadgeRules.load(os.fspath(rules))
    columns = _core._award_badges(directory, att.programme, att.clinics, rule_set, since)
    frame = pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in columns.items() if k != "earned"})
    frame["earned"] = _utc(columns["earned"])
    return maybe_pseudonymise(frame, pseudonymise)


def read_decisions(path: PathLike, directory: _core.Directory) -> list[tuple[str, str]]:
    """Decisions from a filled-in review queue CSV (:data:`REVIEW_QUEUE_COLUMNS`): the
    ``(display_name, username)`` pairs whose ``decision`` is a username. Empty decisions and
    ``-`` (not registered) are skipped: a "not registered" decision is not remembered, so such a
    name comes back to the queue next time. A decision naming no profile raises
    :class:`NotFoundError` with the line number."""
    pairs: list[tuple[str, str]] = []
    with open(os.fspath(path), newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        missing = {"display_name", "decision"} - set(reader.fieldnames or [])
        if missing:
            raise _core.FormatError(f"{os.fspath(path)}: missing column(s) {', '.join(sorted(missing))} in the review queue")
        for row in reader:
            decision = (row.get("decision") or "").strip()
            if not decision or decision == "-":
                continue
            if decision not in directory:
                # The line is the key; the cell may hold a name or an e-mail address (a shifted column).
                raise _core.NotFoundError(f"{os.fspath(path)}: line {reader.line_num}: the decision names no profile of "
                                          "the directory (a username, or - for not registered)")
            pairs.append((row["display_name"], decision))
    return pairs


def _as_iterable(x: Iterable[str] | str) -> list[str]:
    return [x] if isinstance(x, str) else list(x)
