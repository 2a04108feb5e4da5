"""Plots of a programme with matplotlib: who registered, who came, who stayed, who shared.

Every function draws on ``ax`` when given (so plots compose into your own figures) or on a new
figure otherwise (through pyplot, so it shows in Jupyter), and returns the Axes. The numbers
come from the library's frames (:func:`letsconnect.metrics`, :meth:`Directory.stats`,
:meth:`Directory.skill_gap`, :func:`letsconnect.plan_clinic`); nothing is recomputed here.

>>> import letsconnect as lc
>>> m = lc.metrics(lc.Directory.load("directory.json"), "clinics.json")  # doctest: +SKIP
>>> ax = lc.plots.attendance_over_time(m)                                # doctest: +SKIP
>>> ax.figure.savefig("attendance.png")                                  # doctest: +SKIP
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Union

from . import _core
from ._attendance import Attendance, Metrics

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = [
    "COLORS",
    "REGION_COLORS",
    "attendance_over_time",
    "minutes_attended",
    "participants_by_region",
    "registered_vs_non_registered",
    "sharers",
    "skill_supply_demand",
    "time_zone_coverage",
]

PathLike = Union[str, "os.PathLike[str]"]

#: Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
COLORS: dict[str, str] = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#8C8C8C",
    "light": "#C9D9E8",
}

#: One colour per Wikimedia region (and grey for "region unknown").
REGION_COLORS: dict[str, str] = {
    "SSA": COLORS["orange"],
    "MENA": COLORS["sky"],
    "ESEAP": COLORS["green"],
    "SA": COLORS["vermillion"],
    "CEECA": COLORS["blue"],
    "NWE": COLORS["purple"],
    "LAC": COLORS["yellow"],
    "NA": "#5E3C99",
    "": COLORS["grey"],
}

_GENDER_COLORS = {"women": COLORS["orange"], "not stated": COLORS["grey"]}
_OTHER_COLORS = [COLORS["blue"], COLORS["green"], COLORS["purple"], COLORS["sky"], COLORS["vermillion"], COLORS["yellow"]]
_SHARER_FIELDS = ("region", "country", "gender", "under_represented")


# --- helpers --------------------------------------------------------------------------------------


def _size(kind: str, n: int) -> tuple[float, float]:
    """Default figure size (inches) for a plot of ``n`` bars, clinics or groups."""
    if kind == "horizontal":
        return (7.0, max(2.5, 0.6 + 0.3 * n))
    return (max(6.4, min(16.0, 1.8 + 0.42 * n)), 4.2)


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is not None:
        from matplotlib.axes import Axes as _Axes

        if not isinstance(ax, _Axes):
            raise TypeError(f"ax: expected a matplotlib Axes, got {type(ax).__name__}")
        return ax
    import matplotlib.pyplot as plt

    _, new = plt.subplots(figsize=size, layout="constrained")
    return new


def _plain(text: object) -> str:
    """Text from files shown literally: a ``$`` would otherwise start matplotlib's mathtext."""
    return str(text).replace("$", r"\$")


def _check_metrics(metrics: object, function: str) -> Metrics:
    if not isinstance(metrics, Metrics):
        raise TypeError(f"{function}: expected letsconnect.Metrics (from lc.metrics), got {type(metrics).__name__}")
    return metrics


def _check_directory(directory: object, function: str) -> _core.Directory:
    if not isinstance(directory, _core.Directory):
        raise TypeError(f"{function}: expected a letsconnect.Directory, got {type(directory).__name__}")
    return directory


def _check_top(top: int | None, function: str) -> None:
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 1):
        raise ValueError(f"{function}: top must be a whole number >= 1 or None, got {top!r}")


def _no_data(ax: Axes, message: str) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color=COLORS["grey"])
    ax.set_xticks([])
    ax.set_yticks([])


def _reported(metrics: Metrics) -> pd.DataFrame:
    """The per-clinic frame, clinics with an attendance report only, in order of their start."""
    frame = metrics.clinics
    return frame[frame["has_report"].astype(bool)].sort_values("start", kind="stable")


def _clinic_ticks(ax: Axes, ids: Sequence[str], starts: Sequence[Any]) -> None:
    labels = [f"{_plain(i)}\n{s:%d %b %Y}" if s is not None and s == s else _plain(i) for i, s in zip(ids, starts)]
    n = len(ids)
    ax.set_xticks(range(n), labels, rotation=0 if n <= 4 else (45 if n <= 30 else 90),
                  ha="center" if n <= 4 else "right", rotation_mode="anchor", fontsize="small" if n > 12 else None)


def _legend_top(ax: Axes, handles: Sequence[Any] | None = None, labels: Sequence[str] | None = None, *,
                title: str | None = None) -> None:
    """A legend across the top of the axes, above the data (the y range grows to make room)."""
    if handles is None or labels is None:
        handles, labels = ax.get_legend_handles_labels()
    if not handles:
        return
    bottom, top = ax.get_ylim()
    ax.set_ylim(bottom, bottom + (top - bottom) * 1.22)
    ax.legend(handles, labels, loc="upper center", ncols=min(len(handles), 3), fontsize="small", framealpha=0.9,
              title=title, title_fontsize="small")


def _percent_axis(ax: Axes) -> None:
    from matplotlib.ticker import PercentFormatter

    ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))


# --- directory ------------------------------------------------------------------------------------


def participants_by_region(
    directory: _core.Directory, *, by: str = "region", top: int | None = 15, ax: Axes | None = None
) -> Axes:
    """Registered participants (directory profiles) per Wikimedia region or per country.

    ``by="region"``: one bar for each of the eight regions (zeros included), named as
    :func:`letsconnect.region_name` names them, from ``directory.stats().by_region``.
    ``by="country"``: the ``top`` countries with most profiles (``None``: all), coloured by
    region, from ``directory.stats().by_country``.
    """
    _check_directory(directory, "participants_by_region")
    if by not in ("region", "country"):
        raise ValueError(f"participants_by_region: by must be 'region' or 'country', got {by!r}")
    _check_top(top, "participants_by_region")
    stats = directory.stats()
    if by == "region":
        frame = stats.by_region
        codes = [str(r) for r in frame["region"]]
        counts = frame["profiles"].to_numpy(dtype="int64")
        ax = _axes(ax, _size("horizontal", len(codes)))
        y = list(range(len(codes)))
        ax.barh(y, counts, color=[REGION_COLORS.get(c, COLORS["grey"]) for c in codes])
        ax.set_yticks(y, [f"{_core.region_name(c)} ({c})" for c in codes])
        ax.set_title("Registered participants by region")
        unknown = f", {stats.unknown_region} without a region" if stats.unknown_region else ""
        ax.set_xlabel(f"registered participants ({stats.profiles} profiles{unknown})")
    else:
        frame = stats.by_country
        frame = frame[frame["profiles"] > 0].sort_values("profiles", ascending=False, kind="stable")
        if top is not None:
            frame = frame.head(top)
        codes = [str(c) for c in frame["country"]]
        regions = ["" if r is None or r != r else str(r) for r in frame["region"]]
        counts = frame["profiles"].to_numpy(dtype="int64")
        ax = _axes(ax, _size("horizontal", len(codes)))
        y = list(range(len(codes)))
        ax.barh(y, counts, color=[REGION_COLORS.get(r, COLORS["grey"]) for r in regions])
        ax.set_yticks(y, [f"{_plain(n)} ({c})" for n, c in zip(frame["name"], codes)])
        from matplotlib.patches import Patch

        seen = list(dict.fromkeys(regions))
        ax.legend(handles=[Patch(color=REGION_COLORS.get(r, COLORS["grey"]), label=r or "unknown") for r in seen],
                  title="region", fontsize="small", loc="lower right")
        every = int((stats.by_country["profiles"] > 0).sum())
        ax.set_title("Registered participants by country")
        ax.set_xlabel("registered participants" + (f" (top {len(codes)} of {every} countries)" if len(codes) < every else ""))
    ax.invert_yaxis()
    ax.set_ylabel(by)
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    return ax


def skill_supply_demand(
    directory: _core.Directory,
    clinics: _core.Clinics | PathLike | None = None,
    ax: Axes | None = None,
    *,
    depth: int = 0,
    top: int | None = None,
) -> Axes:
    """Per taxonomy category (``depth=0``; 1 for skills): people who want to learn it (demand)
    next to people who share it (supply), rolled up through the taxonomy, and the clinics that
    covered it (right axis, when ``clinics`` are given) — from :meth:`Directory.skill_gap`.

    Ordered as ``skill_gap`` orders them: the largest gap (demand − supply) first; ``top``
    keeps the first ``top``.
    """
    _check_directory(directory, "skill_supply_demand")
    if isinstance(depth, bool) or depth not in (0, 1, 2):
        raise ValueError(f"skill_supply_demand: depth must be 0, 1 or 2, got {depth!r}")
    _check_top(top, "skill_supply_demand")
    programme = clinics
    if programme is not None and not isinstance(programme, _core.Clinics):
        programme = _core.Clinics.load(os.fspath(programme))
    gap = directory.skill_gap(programme, depth=depth, top=top)
    labels = [_plain(label) for label in gap["label"]]
    ax = _axes(ax, _size("vertical", 2 * len(labels)))
    x = list(range(len(labels)))
    width = 0.38
    demand = gap["demand"].to_numpy(dtype="int64")
    supply = gap["supply"].to_numpy(dtype="int64")
    ax.bar([i - width / 2 for i in x], demand, width, color=COLORS["vermillion"], label="want to learn (demand)")
    ax.bar([i + width / 2 for i in x], supply, width, color=COLORS["blue"], label="share (supply)")
    ax.set_xticks(x, labels, rotation=30 if len(labels) > 3 else 0, ha="right" if len(labels) > 3 else "center")
    ax.set_ylabel("people")
    ax.set_xlabel("taxonomy category" if depth == 0 else "skill")
    handles, names = ax.get_legend_handles_labels()
    if programme is not None:
        right = ax.twinx()
        covered = gap["clinics"].to_numpy(dtype="int64")
        right.plot(x, covered, linestyle="none", marker="D", color=COLORS["green"], label="clinics covering it")
        right.set_ylabel("clinics")
        right.set_ylim(bottom=0, top=max(1, int(covered.max()) if len(covered) else 1) * 1.15 * 1.22)
        more_handles, more_names = right.get_legend_handles_labels()
        handles, names = handles + more_handles, names + more_names
    _legend_top(ax, handles, names)
    what = "category" if depth == 0 else "skill"
    ax.set_title(f"Skills wanted vs shared per {what}" + (" and clinic coverage" if programme is not None else ""))
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    return ax


# --- clinics and attendance -----------------------------------------------------------------------


def attendance_over_time(metrics: Metrics, ax: Axes | None = None) -> Axes:
    """Attendees per clinic by the clinic's start (UTC), with retention — the share of
    attendees who stayed longer than the retention threshold — on the right axis.

    Reads ``metrics.clinics`` (``start``, ``attendees``, ``retention``); clinics without an
    attendance report are left out. The right axis is ``ax``'s twin (``ax.figure.axes``).
    """
    import matplotlib.dates as mdates

    frame = _reported(_check_metrics(metrics, "attendance_over_time"))
    ax = _axes(ax, _size("vertical", len(frame)))
    if frame.empty:
        _no_data(ax, "no clinic has an attendance report")
        ax.set_title("Attendance over time")
        return ax
    starts = frame["start"].dt.tz_convert("UTC").dt.tz_localize(None).to_numpy()
    ax.plot(starts, frame["attendees"].to_numpy(dtype="float64"), marker="o", color=COLORS["blue"],
            label="attendees")
    ax.set_ylim(bottom=0, top=max(1.0, float(frame["attendees"].max())) * 1.1)
    ax.set_ylabel("attendees per clinic")
    ax.set_xlabel("clinic start (UTC)")
    locator = mdates.AutoDateLocator()  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    right = ax.twinx()
    right.plot(starts, frame["retention"].to_numpy(dtype="float64"), marker="s", linestyle="--",
               color=COLORS["vermillion"], label="retention (right axis)")
    right.set_ylim(0, 1)
    right.set_ylabel("retention")
    _percent_axis(right)
    handles, names = ax.get_legend_handles_labels()
    more_handles, more_names = right.get_legend_handles_labels()
    ax.set_title("Attendance and retention over time")
    right.set_ylim(0, 1.22)
    right.set_yticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    _legend_top(ax, handles + more_handles, names + more_names)
    ax.grid(alpha=0.3)
    return ax


def minutes_attended(
    metrics_or_attendance: Metrics | Attendance, *, retention_minutes: float | None = None, ax: Axes | None = None
) -> Axes:
    """Box plot per clinic (in order of start) of the minutes each attendee attended, with the
    retention threshold drawn as a labelled line.

    Reads ``metrics.attendees``: attendees as the metrics count them (a person's names and
    devices merged, minutes the union of their segments; interpreters and hosts left out). Given
    an :class:`Attendance`, its metrics are computed first. ``retention_minutes`` defaults to the
    metrics' threshold.
    """
    if isinstance(metrics_or_attendance, Metrics):
        m = metrics_or_attendance
    elif isinstance(metrics_or_attendance, Attendance):
        att = metrics_or_attendance
        from ._attendance import metrics as _metrics

        m = _metrics(att.directory, att.programme, att,
                     retention_minutes=90.0 if retention_minutes is None else float(retention_minutes))
    else:
        raise TypeError("minutes_attended: expected letsconnect.Metrics or letsconnect.Attendance, got "
                        f"{type(metrics_or_attendance).__name__}")
    if retention_minutes is None:
        retention_minutes = m.retention_minutes
    if isinstance(retention_minutes, bool) or not isinstance(retention_minutes, (int, float)) \
            or not math.isfinite(retention_minutes) or retention_minutes <= 0:
        raise ValueError(f"minutes_attended: retention_minutes must be a positive number, got {retention_minutes!r}")
    frame = m.attendees
    starts = {c.id: c.start for c in m.attendance.programme}
    ids = sorted((i for i in frame["clinic"].unique()), key=lambda i: (starts.get(i) is None, starts.get(i), i))
    groups = {i: g["minutes"].to_numpy(dtype="float64") for i, g in frame.groupby("clinic", sort=False)}
    ax = _axes(ax, _size("vertical", len(ids)))
    if ids:
        ax.boxplot([groups[i] for i in ids], positions=list(range(len(ids))), widths=0.6, patch_artist=True,
                   boxprops={"facecolor": COLORS["light"], "edgecolor": COLORS["blue"]},
                   medianprops={"color": COLORS["blue"], "linewidth": 2},
                   flierprops={"marker": ".", "markeredgecolor": COLORS["grey"]})
        _clinic_ticks(ax, ids, [starts.get(i) for i in ids])
    else:
        _no_data(ax, "no attendees")
    ax.axhline(retention_minutes, color=COLORS["vermillion"], linestyle="--", linewidth=1.5,
               label=f"{retention_minutes:g} minutes (retention threshold)")
    ax.set_ylim(bottom=0)
    ax.set_ylabel("minutes attended per attendee")
    ax.set_xlabel("clinic")
    ax.text(1.0, retention_minutes, f" {retention_minutes:g} min", transform=ax.get_yaxis_transform(), ha="left",
            va="center", color=COLORS["vermillion"], fontsize="small")
    _legend_top(ax)
    ax.set_title("Minutes attended per clinic")
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    return ax


def registered_vs_non_registered(metrics: Metrics, ax: Axes | None = None) -> Axes:
    """Attendees per clinic (in order of start), stacked: registered (reconciled to a profile)
    and non-registered, from ``metrics.clinics``."""
    frame = _reported(_check_metrics(metrics, "registered_vs_non_registered"))
    ax = _axes(ax, _size("vertical", len(frame)))
    if frame.empty:
        _no_data(ax, "no clinic has an attendance report")
    else:
        x = list(range(len(frame)))
        registered = frame["registered"].to_numpy(dtype="int64")
        others = frame["non_registered"].to_numpy(dtype="int64")
        ax.bar(x, registered, color=COLORS["blue"], label="registered")
        ax.bar(x, others, bottom=registered, color=COLORS["orange"], label="non-registered")
        _clinic_ticks(ax, [str(i) for i in frame.index], list(frame["start"]))
        _legend_top(ax)
    ax.set_ylabel("attendees")
    ax.set_xlabel("clinic")
    ax.set_title("Registered and non-registered attendees per clinic")
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    return ax


def _sharer_values(frame: pd.DataFrame, field: str) -> list[str]:
    # woman and under_represented are nullable: <NA> (not stated, no region) is neither yes nor no.
    if field == "gender":
        return ["women" if w is True else ("not stated" if g is None or g != g else str(g).strip().lower() or "not stated")
                for g, w in zip(frame["gender"], frame["woman"].astype(object))]
    if field == "under_represented":
        return ["under-represented" if u is True else "other regions" if u is False else "unknown"
                for u in frame["under_represented"].astype(object)]
    return ["unknown" if v is None or v != v else str(v) for v in frame[field]]


def _sharer_order(frame: pd.DataFrame, field: str, values: list[str]) -> list[str]:
    present = list(dict.fromkeys(values))
    if field == "region":
        return list(_core.regions()) + (["unknown"] if "unknown" in present else [])
    if field == "gender":
        middle = sorted(v for v in present if v not in ("women", "not stated"))
        return [v for v in ["women", *middle, "not stated"] if v in present]
    if field == "under_represented":
        return [v for v in ("under-represented", "other regions", "unknown") if v in present]
    return sorted(present, key=lambda v: (-values.count(v), v))


def sharers(metrics: Metrics, *, by: str | Sequence[str] = ("region", "gender"), ax: Axes | None = None) -> Axes:
    """Sharers (distinct people who shared in a clinic) counted by ``by[0]`` along the x axis,
    stacked by ``by[1]`` when given. Fields: ``"region"`` (all eight regions shown),
    ``"country"``, ``"gender"`` (women, the other stated genders as written, not stated) and
    ``"under_represented"``. Reads ``metrics.sharers``.
    """
    m = _check_metrics(metrics, "sharers")
    fields = [by] if isinstance(by, str) else list(by)
    if not 1 <= len(fields) <= 2 or any(f not in _SHARER_FIELDS for f in fields) or len(set(fields)) != len(fields):
        raise ValueError(f"sharers: by must be one or two different fields of {', '.join(_SHARER_FIELDS)}; got {by!r}")
    frame = m.sharers
    xs = _sharer_values(frame, fields[0])
    x_order = _sharer_order(frame, fields[0], xs)
    ax = _axes(ax, _size("vertical", len(x_order)))
    positions = list(range(len(x_order)))
    if len(fields) == 1:
        ax.bar(positions, [xs.count(v) for v in x_order], color=COLORS["blue"], label="sharers")
    else:
        stack = _sharer_values(frame, fields[1])
        stack_order = _sharer_order(frame, fields[1], stack)
        pairs = list(zip(xs, stack))
        bottom = [0] * len(x_order)
        others = iter(_OTHER_COLORS * 4)
        for s in stack_order:
            heights = [pairs.count((v, s)) for v in x_order]
            if fields[1] == "region":
                color = REGION_COLORS.get(s, COLORS["grey"])
            else:
                color = _GENDER_COLORS.get(s) or next(others)
            ax.bar(positions, heights, bottom=bottom, color=color, label=_plain(s))
            bottom = [b + h for b, h in zip(bottom, heights)]
    ax.set_xticks(positions, [_plain(v) for v in x_order], rotation=30 if len(x_order) > 6 else 0,
                  ha="right" if len(x_order) > 6 else "center")
    if frame.empty:
        ax.text(0.5, 0.5, "no sharers", ha="center", va="center", transform=ax.transAxes, color=COLORS["grey"])
    ax.set_ylabel("sharers")
    ax.set_xlabel(fields[0].replace("_", "-"))
    _legend_top(ax, title=fields[1].replace("_", "-") if len(fields) == 2 else None)
    ax.set_title(f"Sharers by {' and '.join(f.replace('_', '-') for f in fields)} ({len(frame)} sharers)")
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    return ax


# --- planning -------------------------------------------------------------------------------------


def time_zone_coverage(plan: Any, ax: Axes | None = None, *, top: int | None = None) -> Axes:
    """For a :class:`ClinicPlan` (:func:`letsconnect.plan_clinic`): per time zone, the audience
    and how many of them the best start time (or pair of times) covers, from
    ``plan.by_time_zone``. ``top`` keeps the zones with the largest audience."""
    from ._planning import ClinicPlan

    if not isinstance(plan, ClinicPlan):
        raise TypeError(f"time_zone_coverage: expected a letsconnect.ClinicPlan (from lc.plan_clinic), got {type(plan).__name__}")
    _check_top(top, "time_zone_coverage")
    frame = plan.by_time_zone
    if top is not None:
        frame = frame.head(top)
    groups = [_plain(g) if g else "(no time zone)" for g in frame["group"]]
    ax = _axes(ax, _size("horizontal", len(groups)))
    y = list(range(len(groups)))
    ax.barh(y, frame["audience"].to_numpy(dtype="int64"), color=COLORS["light"], label="audience")
    ax.barh(y, frame["covered"].to_numpy(dtype="int64"), height=0.5, color=COLORS["green"],
            label="covered by the best time" + ("s" if plan.split == 2 else ""))
    ax.set_yticks(y, groups, fontsize="small" if len(groups) > 20 else None)
    ax.invert_yaxis()
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # people are whole
    ax.set_xlabel("people")
    ax.set_ylabel("time zone")
    best = plan.best
    when = "\n+ ".join(f"{t:%a %d %b %H:%M}" for t in best)
    ax.set_title("Time-zone coverage" if best else "Time-zone coverage: no time found")
    if groups:
        ax.legend(fontsize="small", loc="lower right", title_fontsize="small",
                  title=(f"best time{'s' if len(best) > 1 else ''} (UTC): {when}" if best else None))
    else:
        _no_data(ax, "empty audience")
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    return ax
