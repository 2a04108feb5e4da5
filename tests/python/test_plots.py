"""lc.plots: each plot draws the library's frames exactly (bar heights, line data), labels itself,
draws on a given Axes, and rejects bad arguments.

Data: tests/data/reconcile (an invented 10-clinic programme, see its README) and the bundled sample
directory (60 invented participants).
"""

from __future__ import annotations

import json
import math
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

import letsconnect as lc  # noqa: E402
from helpers import DATA, WEEK  # noqa: E402

RECONCILE = DATA / "reconcile"


@pytest.fixture(scope="module")
def directory():
    return lc.Directory.load(RECONCILE / "directory.json")


@pytest.fixture(scope="module")
def metrics(directory):
    return lc.metrics(directory, RECONCILE / "clinics.json")


@pytest.fixture(scope="module")
def sample():
    return lc.sample_directory(week=WEEK)


@pytest.fixture(scope="module")
def plan(sample):
    return lc.plan_clinic(sample, start="2026-03-02", end="2026-03-08")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def needs_stats():
    if not hasattr(lc.Directory, "stats"):
        pytest.fail("the compiled core lacks Directory.stats (rebuild it)")


def bars(ax: Axes) -> list[Rectangle]:
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def legend_texts(ax: Axes) -> list[str]:
    legend = ax.get_legend()
    assert legend is not None, "no legend"
    return [t.get_text() for t in legend.get_texts()]


def twin_of(ax: Axes) -> Axes:
    [other] = [a for a in ax.figure.axes if a is not ax and a.bbox.bounds == ax.bbox.bounds]
    return other


def tick_labels(ax: Axes, axis: str = "x") -> list[str]:
    ticks = ax.get_xticklabels() if axis == "x" else ax.get_yticklabels()
    return [t.get_text() for t in ticks]


def same(a, b) -> bool:
    a, b = np.asarray(a, dtype="float64"), np.asarray(b, dtype="float64")
    return a.shape == b.shape and bool(np.all((a == b) | (np.isnan(a) & np.isnan(b))))


# --- attendance over time -------------------------------------------------------------------------


def test_attendance_over_time_draws_attendees_and_retention(metrics):
    ax = lc.plots.attendance_over_time(metrics)
    assert isinstance(ax, Axes)
    frame = metrics.clinics.sort_values("start")
    [line] = ax.get_lines()
    assert list(line.get_xdata()) == list(frame["start"].dt.tz_localize(None).to_numpy())
    assert same(line.get_ydata(), frame["attendees"])
    right = twin_of(ax)
    [retention] = right.get_lines()
    assert list(retention.get_xdata()) == list(line.get_xdata())
    assert same(retention.get_ydata(), frame["retention"])
    assert ax.get_title() and ax.get_ylabel() == "attendees per clinic" and "UTC" in ax.get_xlabel()
    assert right.get_ylabel() == "retention"
    assert [t.startswith(w) for t, w in zip(legend_texts(ax), ("attendees", "retention"))] == [True, True]
    assert right.get_ylim()[0] == 0 and right.get_ylim()[1] >= 1


def test_attendance_over_time_on_a_given_axes(metrics):
    fig, (left, ax) = plt.subplots(1, 2)
    assert lc.plots.attendance_over_time(metrics, ax=ax) is ax
    assert len(fig.axes) == 3  # the two given and the twin of the second
    assert not left.get_lines() and len(ax.get_lines()) == 1


def test_attendance_over_time_leaves_out_clinics_without_a_report(directory, tmp_path):
    doc = json.loads((RECONCILE / "clinics.json").read_text(encoding="utf-8"))
    for clinic in doc["clinics"][5:]:
        del clinic["attendance"]
    path = tmp_path / "clinics.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    m = lc.metrics(directory, path, attendance_dir=RECONCILE)
    reported = m.clinics[m.clinics["has_report"]]
    assert 0 < len(reported) < len(m.clinics)
    [line] = lc.plots.attendance_over_time(m).get_lines()
    assert same(line.get_ydata(), reported.sort_values("start")["attendees"])
    assert len(bars(lc.plots.registered_vs_non_registered(m))) == 2 * len(reported)


def test_plots_without_any_report_say_so(directory, tmp_path):
    doc = json.loads((RECONCILE / "clinics.json").read_text(encoding="utf-8"))
    for clinic in doc["clinics"]:
        del clinic["attendance"]
    path = tmp_path / "clinics.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    m = lc.metrics(directory, path)
    for draw in (lc.plots.attendance_over_time, lc.plots.registered_vs_non_registered, lc.plots.minutes_attended):
        ax = draw(m)
        assert any("no " in t.get_text() for t in ax.texts), draw.__name__
        assert not bars(ax) and not [b for b in ax.get_lines() if len(b.get_xdata()) > 2]


# --- minutes attended -----------------------------------------------------------------------------


def box_medians(ax: Axes) -> list[float]:
    # boxplot draws, per box, a 2-point median line in the median colour; ours is the only one that thick
    return [float(line.get_ydata()[0]) for line in ax.get_lines() if line.get_linewidth() == 2]


def threshold_lines(ax: Axes) -> list[Line2D]:
    return [line for line in ax.get_lines() if line.get_label() and not line.get_label().startswith("_")]


def test_minutes_attended_box_per_clinic_and_the_90_minute_line(metrics):
    ax = lc.plots.minutes_attended(metrics)
    frame = metrics.clinics.sort_values("start")
    assert box_medians(ax) == pytest.approx(list(frame["median_minutes"]))
    assert [t.split("\n")[0] for t in tick_labels(ax)] == list(frame.index)
    [line] = threshold_lines(ax)
    assert list(line.get_ydata()) == [90, 90]
    assert "90 minutes" in line.get_label()
    assert any(t.startswith("90 minutes") for t in legend_texts(ax))
    assert any(t.get_text().strip() == "90 min" for t in ax.texts)
    assert ax.get_ylabel() == "minutes attended per attendee" and ax.get_title()


def test_minutes_attended_uses_attendees_not_interpreters_or_hosts(metrics):
    ax = lc.plots.minutes_attended(metrics.attendance)
    frame = metrics.attendance.to_frame()
    people = frame[frame["kind"].isin(["person", "device"])]
    ids = [t.split("\n")[0] for t in tick_labels(ax)]
    low, high = {}, {}
    for line in ax.get_lines():
        if line in threshold_lines(ax) or not len(line.get_ydata()):
            continue
        box = ids[round(float(np.mean(line.get_xdata())))]
        y = np.asarray(line.get_ydata(), dtype="float64")
        low[box], high[box] = min(low.get(box, np.inf), y.min()), max(high.get(box, -np.inf), y.max())
    # whisker ends and outliers together span each clinic's attendees exactly
    assert low == pytest.approx(people.groupby("clinic")["minutes"].min().to_dict())
    assert high == pytest.approx(people.groupby("clinic")["minutes"].max().to_dict())
    # in most clinics a host or interpreter channel stays longer than any attendee, and is not drawn
    channels = frame[~frame["kind"].isin(["person", "device"])].groupby("clinic")["minutes"].max()
    assert (channels > pd.Series(high)).sum() >= 5


def test_minutes_attended_other_threshold_on_a_given_axes(metrics):
    fig, ax = plt.subplots()
    assert lc.plots.minutes_attended(metrics, retention_minutes=60, ax=ax) is ax
    [line] = threshold_lines(ax)
    assert list(line.get_ydata()) == [60, 60]
    assert len(fig.axes) == 1


@pytest.mark.parametrize("minutes", [0, -5, math.nan, math.inf])
def test_minutes_attended_rejects_a_bad_threshold(metrics, minutes):
    with pytest.raises(ValueError, match="retention_minutes"):
        lc.plots.minutes_attended(metrics, retention_minutes=minutes)


# --- registered vs non-registered -----------------------------------------------------------------


def test_registered_vs_non_registered_stacks_per_clinic(metrics):
    ax = lc.plots.registered_vs_non_registered(metrics)
    frame = metrics.clinics.sort_values("start")
    rects = bars(ax)
    n = len(frame)
    assert len(rects) == 2 * n
    registered, others = rects[:n], rects[n:]
    assert [r.get_height() for r in registered] == list(frame["registered"])
    assert [r.get_y() for r in registered] == [0] * n
    assert [r.get_height() for r in others] == list(frame["non_registered"])
    assert [r.get_y() for r in others] == list(frame["registered"])
    assert [r.get_y() + r.get_height() for r in others] == list(frame["registered"] + frame["non_registered"])
    assert [t.split("\n")[0] for t in tick_labels(ax)] == list(frame.index)
    assert legend_texts(ax) == ["registered", "non-registered"]
    assert ax.get_ylabel() == "attendees" and ax.get_title()


def test_registered_vs_non_registered_on_a_given_axes(metrics):
    fig, axes = plt.subplots(2)
    assert lc.plots.registered_vs_non_registered(metrics, ax=axes[1]) is axes[1]
    assert not bars(axes[0]) and bars(axes[1])


# --- time-zone coverage ---------------------------------------------------------------------------


def test_time_zone_coverage_bars_equal_the_plan(plan):
    ax = lc.plots.time_zone_coverage(plan)
    frame = plan.by_time_zone
    n = len(frame)
    rects = bars(ax)
    assert len(rects) == 2 * n
    assert [r.get_width() for r in rects[:n]] == list(frame["audience"])
    assert [r.get_width() for r in rects[n:]] == list(frame["covered"])
    assert tick_labels(ax, "y") == list(frame["group"])
    assert legend_texts(ax) == ["audience", "covered by the best time"]
    start = plan.best[0]
    assert ax.get_title() == "Time-zone coverage"
    assert ax.get_legend().get_title().get_text() == f"best time (UTC): {start:%a %d %b %H:%M}"
    assert ax.get_xlabel() == "people" and ax.get_ylabel() == "time zone"


def test_time_zone_coverage_top_split_and_given_axes(sample, plan):
    fig, ax = plt.subplots()
    assert lc.plots.time_zone_coverage(plan, ax=ax, top=5) is ax
    assert len(bars(ax)) == 10
    assert tick_labels(ax, "y") == list(plan.by_time_zone["group"][:5])
    pair = lc.plan_clinic(sample, start="2026-03-02", end="2026-03-08", split=2)
    ax = lc.plots.time_zone_coverage(pair)
    first, second = pair.best
    assert ax.get_legend().get_title().get_text() == f"best times (UTC): {first:%a %d %b %H:%M}\n+ {second:%a %d %b %H:%M}"
    assert [r.get_width() for r in bars(ax)[len(pair.by_time_zone):]] == list(pair.by_time_zone["covered"])
    assert legend_texts(ax)[1] == "covered by the best times"


def test_time_zone_coverage_of_an_empty_audience(sample):
    empty = lc.plan_clinic(sample, [], start="2026-03-02", end="2026-03-08")
    ax = lc.plots.time_zone_coverage(empty)
    assert not bars(ax) and "no time" in ax.get_title()


@pytest.mark.parametrize("top", [0, -1, 2.5, True])
def test_time_zone_coverage_rejects_bad_top(plan, top):
    with pytest.raises(ValueError, match="top"):
        lc.plots.time_zone_coverage(plan, top=top)


# --- arguments ------------------------------------------------------------------------------------


@pytest.mark.parametrize("draw", ["attendance_over_time", "registered_vs_non_registered", "sharers", "minutes_attended",
                                  "time_zone_coverage", "participants_by_region", "skill_supply_demand"])
def test_wrong_input_type_is_a_type_error(draw):
    with pytest.raises(TypeError, match="expected"):
        getattr(lc.plots, draw)("clinics.json")


def test_ax_must_be_an_axes(metrics):
    with pytest.raises(TypeError, match="Axes"):
        lc.plots.attendance_over_time(metrics, ax=plt.figure())


def test_import_neither_loads_pyplot_nor_sets_a_backend():
    # pyplot (which picks a backend) loads only when a plot needs a new figure
    code = "import sys, letsconnect as lc; lc.plots; lc.report; print('matplotlib.pyplot' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip() == "False"


def test_dollar_signs_in_names_are_not_mathtext(directory, tmp_path):
    doc = json.loads((RECONCILE / "clinics.json").read_text(encoding="utf-8"))
    doc["clinics"][0]["id"] = "fund$raising$ 101"
    path = tmp_path / "clinics.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    m = lc.metrics(directory, path, attendance_dir=RECONCILE)
    ax = lc.plots.registered_vs_non_registered(m)
    ax.figure.canvas.draw()
    assert tick_labels(ax)[0].startswith(r"fund\$raising\$ 101")


# --- directory: participants by region and country (Directory.stats) ------------------------------


def test_participants_by_region_all_eight_regions(directory):
    needs_stats()
    ax = lc.plots.participants_by_region(directory)
    frame = directory.stats().by_region
    assert [str(r) for r in frame["region"]] == lc.regions()
    assert [r.get_width() for r in bars(ax)] == list(frame["profiles"])
    assert tick_labels(ax, "y") == [f"{lc.region_name(r)} ({r})" for r in lc.regions()]
    assert sum(r.get_width() for r in bars(ax)) == len(directory)
    assert ax.get_xlabel() == f"registered participants ({len(directory)} profiles)"
    assert ax.get_title() == "Registered participants by region"


def test_participants_by_country_top(sample):
    needs_stats()
    fig, ax = plt.subplots()
    assert lc.plots.participants_by_region(sample, by="country", top=5, ax=ax) is ax
    frame = sample.stats().by_country
    frame = frame[frame["profiles"] > 0].sort_values("profiles", ascending=False, kind="stable").head(5)
    assert [r.get_width() for r in bars(ax)] == list(frame["profiles"])
    assert tick_labels(ax, "y") == [f"{n} ({c})" for n, c in zip(frame["name"], frame["country"])]
    assert set(legend_texts(ax)) == {str(r) for r in frame["region"]}
    countries = int((sample.stats().by_country["profiles"] > 0).sum())
    assert ax.get_xlabel() == f"registered participants (top 5 of {countries} countries)"
    everyone = lc.plots.participants_by_region(sample, by="country", top=None)
    assert sum(r.get_width() for r in bars(everyone)) == sum(1 for p in sample.usernames if sample[p].country)


@pytest.mark.parametrize("kwargs, match", [({"by": "continent"}, "by"), ({"top": 0}, "top"), ({"by": "country", "top": -3}, "top")])
def test_participants_by_region_rejects_bad_arguments(sample, kwargs, match):
    with pytest.raises(ValueError, match=match):
        lc.plots.participants_by_region(sample, **kwargs)


# --- sharers (Metrics.sharers) --------------------------------------------------------------------


def stacks(ax: Axes) -> dict[str, list[float]]:
    """Bar heights per legend label (one BarContainer per ax.bar call)."""
    return {c.get_label(): [p.get_height() for p in c] for c in ax.containers}


def test_sharers_by_region_and_gender(metrics):
    frame = metrics.sharers
    assert len(frame) == metrics["sharers"] > 0
    ax = lc.plots.sharers(metrics)
    assert tick_labels(ax) == lc.regions()
    heights = stacks(ax)
    assert list(heights)[0] == "women" and list(heights)[-1] == "not stated"
    assert legend_texts(ax) == list(heights)
    totals = np.sum(list(heights.values()), axis=0)
    expected = frame["region"].value_counts()
    assert list(totals) == [expected.get(region, 0) for region in lc.regions()]
    assert sum(heights["women"]) == metrics["women_sharers"]
    assert sum(heights["not stated"]) == metrics["sharers"] - metrics["sharers_gender_known"]
    for region, women in zip(lc.regions(), heights["women"]):
        assert women == ((frame["region"] == region) & frame["woman"]).sum()
    assert ax.get_ylabel() == "sharers" and ax.get_xlabel() == "region"
    assert ax.get_legend().get_title().get_text() == "gender"


def test_sharers_by_one_field_on_a_given_axes(metrics):
    fig, ax = plt.subplots()
    assert lc.plots.sharers(metrics, by="under_represented", ax=ax) is ax
    [heights] = stacks(ax).values()
    heights = dict(zip(tick_labels(ax), heights))
    assert heights.get("under-represented", 0) == metrics["sharers_under_represented"]
    assert sum(heights.values()) == metrics["sharers"]


@pytest.mark.parametrize("by", ["age", ("region", "region"), ("region", "gender", "country"), ()])
def test_sharers_rejects_bad_by(metrics, by):
    with pytest.raises(ValueError, match="by"):
        lc.plots.sharers(metrics, by=by)


# --- skills: supply and demand (Directory.skill_gap) ----------------------------------------------


def test_skill_supply_demand_per_category(directory):
    needs_stats()
    clinics = lc.Clinics.load(RECONCILE / "clinics.json")
    ax = lc.plots.skill_supply_demand(directory, clinics)
    gap = directory.skill_gap(clinics)
    gap = gap[gap["depth"] == 0]
    assert len(gap) == len(directory.taxonomy.roots)
    rects = bars(ax)
    n = len(gap)
    assert [r.get_height() for r in rects[:n]] == list(gap["demand"])
    assert [r.get_height() for r in rects[n:]] == list(gap["supply"])
    assert tick_labels(ax) == list(gap["label"])
    [covered] = twin_of(ax).get_lines()
    assert list(covered.get_ydata()) == list(gap["clinics"])
    assert legend_texts(ax) == ["want to learn (demand)", "share (supply)", "clinics covering it"]


def test_skill_supply_demand_without_clinics_and_skills(sample):
    needs_stats()
    fig, ax = plt.subplots()
    assert lc.plots.skill_supply_demand(sample, ax=ax, depth=1, top=6) is ax
    gap = sample.skill_gap()
    gap = gap[gap["depth"] == 1].head(6)
    assert [r.get_height() for r in bars(ax)[:len(gap)]] == list(gap["demand"])
    assert len(fig.axes) == 1  # no clinic axis without clinics
    assert legend_texts(ax) == ["want to learn (demand)", "share (supply)"]


@pytest.mark.parametrize("kwargs, match", [({"depth": 3}, "depth"), ({"top": 0}, "top")])
def test_skill_supply_demand_rejects_bad_arguments(sample, kwargs, match):
    with pytest.raises(ValueError, match=match):
        lc.plots.skill_supply_demand(sample, **kwargs)
