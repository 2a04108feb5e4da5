"""A programme report as one self-contained HTML page: headline metrics, a table per clinic and
the plots of :mod:`letsconnect.plots`, readable on a phone and with no external resource.

Every number that shows a metric carries it machine-readably: headline values
``data-metric="reach" data-value="316"``, per-clinic cells ``data-clinic="lc-2026-01"
data-field="retention" data-value="0.41"``, per-region cells ``data-region="SSA"
data-field="people"``; ``data-value`` is the exact value (``NaN`` when undefined, shown "n/a").

>>> import letsconnect as lc
>>> lc.report.write("report.html", "directory.json", "clinics.json")   # doctest: +SKIP
"""

from __future__ import annotations

import base64
import errno
import html
import io
import math
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Union

from . import _core
from ._attendance import Metrics, metrics as _metrics

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ._planning import ClinicPlan

__all__ = ["CLINIC_FIELDS", "HEADLINE", "render", "write"]

PathLike = Union[str, "os.PathLike[str]"]

DEFAULT_TITLE = "Let's Connect programme report"

#: Headline metrics, in order: (metric, label, format) — format "count", "percent" or "mean".
HEADLINE: tuple[tuple[str, str, str], ...] = (
    ("reach", "people reached", "count"),
    ("attendances", "attendances", "count"),
    ("registered_people", "registered people who attended", "count"),
    ("non_registered_people", "non-registered people", "count"),
    ("participation_of_registered", "of registered profiles attended", "percent"),
    ("clinics_per_registered", "clinics per participating registered person", "mean"),
    ("repeat_rate_non_registered", "of non-registered people came again", "percent"),
    ("show_up_rate", "show-up of clinic registrants", "percent"),
    ("retention", "retention (stayed longer than {minutes} min)", "percent"),
    ("sharers", "sharers", "count"),
    ("under_represented_sharer_share", "of sharers from under-represented regions", "percent"),
    ("women_sharer_share", "of sharers (gender known) are women", "percent"),
)

#: Columns of the per-clinic table taken from ``Metrics.clinics``: (field, heading, format).
CLINIC_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("start", "start (UTC)", "time"),
    ("has_report", "report", "bool"),
    ("attendees", "attendees", "count"),
    ("registered", "registered", "count"),
    ("non_registered", "non-registered", "count"),
    ("review", "to review", "count"),
    ("registrants", "registrants", "count"),
    ("registrants_attended", "registrants who came", "count"),
    ("show_up_rate", "show-up", "percent"),
    ("retained", "stayed", "count"),
    ("retention", "retention", "percent"),
    ("median_minutes", "median minutes", "minutes"),
)

_DPI = 120
_WIDE_FROM = round(7.5 * _DPI)
_WIDE_SCALE = 0.55

_CSS = """
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;padding:1rem;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;
line-height:1.45;color:#1f2328;background:#fff}
main{max-width:72rem;margin:0 auto}
h1{font-size:1.6rem;margin:.2rem 0 .4rem;overflow-wrap:anywhere}
h2{font-size:1.2rem;margin:2rem 0 .6rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem}
p{overflow-wrap:anywhere}
.summary{color:#57606a;margin-top:0}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(9.5rem,1fr));gap:.6rem;margin:0;padding:0;list-style:none}
.card{border:1px solid #d0d7de;border-radius:.5rem;padding:.6rem .7rem;background:#f6f8fa}
.card .value{display:block;font-size:1.5rem;font-weight:600;color:#0b4f8a}
.card .label{display:block;font-size:.85rem;color:#57606a}
.card .detail{display:block;font-size:.75rem;color:#6e7781}
.table-wrap{max-width:100%;overflow-x:auto;-webkit-overflow-scrolling:touch;border:1px solid #d0d7de;border-radius:.5rem}
table{border-collapse:collapse;font-size:.88rem;width:100%}
caption{text-align:left;padding:.4rem .6rem;color:#57606a;font-size:.85rem}
th,td{padding:.35rem .6rem;border-top:1px solid #e6e8eb;text-align:right;white-space:nowrap;vertical-align:top}
th{background:#f6f8fa;font-weight:600}
.text{text-align:left}
td.title,th.name{white-space:normal;min-width:9rem;max-width:22rem;overflow-wrap:anywhere}
tr.no-report td{color:#8c959f}
figure{margin:1.2rem 0}
.figure-scroll{max-width:100%;overflow-x:auto;-webkit-overflow-scrolling:touch}
figure img{display:block;max-width:100%;height:auto;border:1px solid #e6e8eb;border-radius:.4rem}
figure img[style]{max-width:none;width:100%}
figcaption{font-size:.85rem;color:#57606a;margin-top:.3rem}
dl{font-size:.9rem}
dt{font-weight:600;margin-top:.5rem;overflow-wrap:anywhere}
dd{margin:0 0 0 1rem;color:#57606a}
footer{margin-top:2rem;font-size:.8rem;color:#6e7781}
@media (max-width:30rem){body{padding:.6rem}h1{font-size:1.3rem}.card .value{font-size:1.25rem}}
"""


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _is_nan(value: Any) -> bool:
    try:
        return value is None or math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def _data_value(value: Any, kind: str) -> str:
    """The exact value for ``data-value``: integers as such, floats round-trip (``repr``), NaN as ``NaN``."""
    if kind == "time":
        return "" if _is_nan(value) or value is None else f"{value:%Y-%m-%dT%H:%M:%SZ}"
    if kind == "bool":
        return "true" if bool(value) else "false"
    if _is_nan(value):
        return "NaN"
    number = float(value)
    if kind == "count" and number.is_integer():
        return str(int(number))
    return repr(number)


def _shown(value: Any, kind: str) -> str:
    if kind == "time":
        return "n/a" if value is None or _is_nan(value) else f"{value:%Y-%m-%d %H:%M}"
    if kind == "bool":
        return "yes" if bool(value) else "no"
    if _is_nan(value):
        return "n/a"
    number = float(value)
    if kind == "percent":
        return f"{100 * number:.0f}%"
    if kind == "mean":
        return f"{number:.2f}"
    if kind == "minutes":
        return f"{number:.0f}"
    return f"{int(number):,}" if number.is_integer() else f"{number:.2f}"


def _headline(m: Metrics, retention_minutes: float) -> str:
    items = []
    for metric, label, kind in HEADLINE:
        label = label.format(minutes=f"{retention_minutes:g}")
        value = m[metric]
        detail = ""
        if metric == "participation_of_registered":
            detail = f"{_shown(m['registered_people'], 'count')} of {_shown(m['profiles'], 'count')} profiles"
        elif metric == "repeat_rate_non_registered":
            detail = f"{_shown(m['repeat_non_registered'], 'count')} of {_shown(m['non_registered_people'], 'count')}"
        elif metric == "under_represented_sharer_share":
            detail = f"{_shown(m['sharers_under_represented'], 'count')} of {_shown(m['sharers_region_known'], 'count')}"
        elif metric == "women_sharer_share":
            detail = f"{_shown(m['women_sharers'], 'count')} of {_shown(m['sharers_gender_known'], 'count')}"
        items.append(
            f'<li class="card"><span class="value" data-metric="{_esc(metric)}" data-value="{_data_value(value, kind)}">'
            f"{_esc(_shown(value, kind))}</span><span class=\"label\">{_esc(label)}</span>"
            + (f'<span class="detail">{_esc(detail)}</span>' if detail else "")
            + "</li>"
        )
    return '<ul class="cards">' + "".join(items) + "</ul>"


def _clinic_table(m: Metrics, programme: _core.Clinics) -> str:
    titles = {c.id: c for c in programme}
    head = ['<th scope="col" class="text">clinic</th>', '<th scope="col" class="text">title</th>',
            '<th scope="col" class="text">language</th>']
    head += [f'<th scope="col">{_esc(heading)}</th>' for _, heading, _ in CLINIC_FIELDS]
    rows = []
    for clinic_id, row in m.clinics.iterrows():
        clinic = titles.get(str(clinic_id))
        title = clinic.title if clinic is not None else ""
        language = clinic.language if clinic is not None else ""
        if clinic is not None and clinic.interpretation:
            language += " (+" + ", ".join(clinic.interpretation) + ")"
        cid = _esc(clinic_id)
        cells = [f'<th scope="row" class="text">{cid}</th>', f'<td class="text title" dir="auto">{_esc(title)}</td>',
                 f'<td class="text">{_esc(language)}</td>']
        for field, _, kind in CLINIC_FIELDS:
            value = row[field]
            cells.append(f'<td data-clinic="{cid}" data-field="{field}" data-value="{_esc(_data_value(value, kind))}">'
                         f"{_esc(_shown(value, kind))}</td>")
        css = "" if bool(row["has_report"]) else ' class="no-report"'
        rows.append(f"<tr{css}>" + "".join(cells) + "</tr>")
    return ('<div class="table-wrap"><table><caption>One row per clinic; scroll sideways for every column.</caption>'
            "<thead><tr>" + "".join(head) + "</tr></thead><tbody>" + "".join(rows) + "</tbody></table></div>")


def _region_table(m: Metrics) -> str:
    rows = []
    for _, row in m.by_region.iterrows():
        region = row["region"]
        known = not _is_nan(region) and region is not None
        code = str(region) if known else ""
        name = f"{_core.region_name(code)} ({code})" if known else "non-registered (no profile)"
        cells = [f'<th scope="row" class="text name">{_esc(name)}</th>']
        for field in ("people", "attendances"):
            cells.append(f'<td data-region="{_esc(code)}" data-field="{field}" data-value="{_data_value(row[field], "count")}">'
                         f"{_esc(_shown(row[field], 'count'))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return ('<div class="table-wrap"><table><thead><tr><th scope="col" class="text">region</th><th scope="col">people</th>'
            '<th scope="col">attendances</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table></div>")


def _png(draw: Callable[[Axes], Any], size: tuple[float, float]) -> tuple[str, int, int]:
    """Draw on a new figure (no pyplot: nothing global changes); (PNG data URI, width, height in pixels)."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context({"font.size": 11}):
        fig = Figure(figsize=size, layout="constrained", dpi=_DPI)
        ax = fig.add_subplot()
        draw(ax)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=_DPI, metadata={"Software": None})
    width, height = (round(x * _DPI) for x in size)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii"), width, height


def _figure_html(fid: str, caption: str, png: tuple[str, int, int]) -> str:
    uri, width, height = png
    # Wide plots (many clinics) keep a readable size and scroll sideways in their box on a phone.
    style = f' style="min-width:{round(width * _WIDE_SCALE)}px"' if width > _WIDE_FROM else ""
    return (f'<figure id="{_esc(fid)}"><div class="figure-scroll"><img src="{uri}" alt="{_esc(caption)}" '
            f'width="{width}" height="{height}"{style}></div><figcaption>{_esc(caption)}</figcaption></figure>')


def _figures(directory: _core.Directory, programme: _core.Clinics, m: Metrics, plan: ClinicPlan | None,
             retention_minutes: float) -> list[tuple[str, str, tuple[str, int, int]]]:
    """(id, caption, PNG) of every plot the inputs allow."""
    from . import plots

    out: list[tuple[str, str, tuple[str, int, int]]] = []
    stats = directory.stats()
    out.append(("participants-by-region", "Registered participants (directory profiles) per Wikimedia region.",
                _png(lambda ax: plots.participants_by_region(directory, ax=ax), plots._size("horizontal", 8))))
    countries = int((stats.by_country["profiles"] > 0).sum())
    if countries:
        out.append(("participants-by-country", "Countries with the most registered participants, coloured by region.",
                    _png(lambda ax: plots.participants_by_region(directory, by="country", ax=ax),
                         plots._size("horizontal", min(countries, 15)))))
    reported = int(m.clinics["has_report"].astype(bool).sum())
    if reported:
        out.append(("attendance-over-time", "Attendees per clinic by start date (UTC) and retention (right axis).",
                    _png(lambda ax: plots.attendance_over_time(m, ax=ax), plots._size("vertical", reported))))
        out.append(("registered-vs-non-registered", "Registered and non-registered attendees per clinic.",
                    _png(lambda ax: plots.registered_vs_non_registered(m, ax=ax), plots._size("vertical", reported))))
        out.append(("minutes-attended", f"Minutes attended per attendee and clinic; the line marks "
                                        f"{retention_minutes:g} minutes, the retention threshold.",
                    _png(lambda ax: plots.minutes_attended(m, retention_minutes=retention_minutes, ax=ax),
                         plots._size("vertical", reported))))
    if len(m.sharers):
        out.append(("sharers", "Sharers by region, stacked by gender.",
                    _png(lambda ax: plots.sharers(m, ax=ax), plots._size("vertical", 9))))
    categories = len(directory.taxonomy.roots)
    if categories:
        out.append(("skill-supply-demand", "Per taxonomy category: people who want to learn it, people who share it, "
                                           "and the clinics that covered it (right axis).",
                    _png(lambda ax: plots.skill_supply_demand(directory, programme, ax=ax),
                         plots._size("vertical", 2 * categories))))
    if plan is not None:
        zones = min(len(plan.by_time_zone), 25)
        which = "the 25 largest time zones" if len(plan.by_time_zone) > 25 else "each time zone"
        out.append(("time-zone-coverage", f"Audience in {which} and how many of them the best clinic time covers.",
                    _png(lambda ax: plots.time_zone_coverage(plan, ax=ax, top=25), plots._size("horizontal", zones))))
    return out


def render(
    directory: _core.Directory | PathLike,
    clinics: _core.Clinics | PathLike,
    *,
    attendance_dir: PathLike | None = None,
    metrics: Metrics | None = None,
    plan: ClinicPlan | None = None,
    title: str = DEFAULT_TITLE,
    retention_minutes: float | None = None,
    time_zone: str = "UTC",
) -> str:
    """The report as one HTML page (a string): headline programme metrics, one table row per
    clinic, people per region, every plot the inputs allow (embedded as PNG ``data:`` URIs) and
    the metric definitions. Nothing is loaded from elsewhere when the page is opened.

    ``directory`` and ``clinics`` are objects or paths. The clinics' Zoom reports are read and
    reconciled (:func:`letsconnect.metrics`, with ``attendance_dir``, ``time_zone`` and
    ``retention_minutes``) unless ``metrics`` are given. With ``plan`` (a
    :func:`letsconnect.plan_clinic` result) the time-zone coverage of the next clinic is shown.
    ``retention_minutes`` defaults to that of ``metrics`` (else 90); given both, they must agree.

    Show-up and retention over the whole programme are the ``show_up_rate`` and ``retention``
    rows of ``metrics.programme`` (pooled over the clinics with a report).
    """
    if not isinstance(title, str):
        raise TypeError(f"title: expected a string, got {type(title).__name__}")
    if retention_minutes is not None and (
            isinstance(retention_minutes, bool) or not isinstance(retention_minutes, (int, float))
            or not math.isfinite(retention_minutes) or retention_minutes <= 0):
        raise ValueError(f"retention_minutes must be a positive number, got {retention_minutes!r}")
    d = directory if isinstance(directory, _core.Directory) else _core.Directory.load(os.fspath(directory))
    programme = clinics if isinstance(clinics, _core.Clinics) else _core.Clinics.load(os.fspath(clinics))
    if metrics is not None and not isinstance(metrics, Metrics):
        raise TypeError(f"metrics: expected letsconnect.Metrics, got {type(metrics).__name__}")
    if metrics is not None and retention_minutes is not None and float(retention_minutes) != metrics.retention_minutes:
        raise ValueError(f"retention_minutes={retention_minutes:g}, but the metrics given were computed with "
                         f"{metrics.retention_minutes:g}")
    m = metrics if metrics is not None else _metrics(d, programme, attendance_dir=attendance_dir, time_zone=time_zone,
                                                     retention_minutes=90.0 if retention_minutes is None else retention_minutes)
    retention_minutes = m.retention_minutes
    starts = [c.start for c in programme]
    reported = int(m.clinics["has_report"].astype(bool).sum())
    span = f" from {min(starts):%d %b %Y} to {max(starts):%d %b %Y}" if starts else ""
    summary = (f"{len(programme)} clinics{span}, {reported} with an attendance report; "
               f"{len(d)} registered profiles in the directory.")
    figures = "".join(_figure_html(fid, caption, png)
                      for fid, caption, png in _figures(d, programme, m, plan, float(retention_minutes)))
    definitions_html = "".join(f"<dt>{_esc(k)}</dt><dd>{_esc(v)}</dd>" for k, v in m.programme["definition"].items())
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_esc(title)}</title><style>{_CSS}</style></head><body><main>"
        f"<header><h1 dir=\"auto\">{_esc(title)}</h1><p class=\"summary\">{_esc(summary)}</p></header>"
        f'<section id="headline"><h2>Headline</h2>{_headline(m, float(retention_minutes))}</section>'
        + (f'<section id="plots"><h2>Plots</h2>{figures}</section>' if figures else "")
        + f'<section id="clinics"><h2>Clinics</h2>{_clinic_table(m, programme)}</section>'
        f'<section id="regions"><h2>People per region</h2>{_region_table(m)}</section>'
        + f'<section id="definitions"><h2>Definitions</h2><p>Retention threshold: {_esc(f"{retention_minutes:g}")} '
        f"minutes.</p><dl>{definitions_html}</dl></section>"
        f"<footer>letsconnect {_esc(_core.__version__)}</footer>"
        "</main></body></html>\n"
    )


def write(path: PathLike, directory: _core.Directory | PathLike, clinics: _core.Clinics | PathLike, **options: Any) -> str:
    """Render the report (:func:`render`, same arguments) and write it to ``path`` atomically:
    a temporary file in the same folder, fsync, renamed into place (a report replaced keeps its
    permissions; a new one is 0644). Returns the HTML."""
    target = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(target))
    if not os.path.isdir(folder):  # before the work of rendering
        raise FileNotFoundError(errno.ENOENT, "no such folder for the report", folder)
    page = render(directory, clinics, **options)
    _core.write_file_atomic(target, page)
    return page
