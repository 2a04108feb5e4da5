"""lc.report and `letsconnect report` / `letsconnect synthetic`: one self-contained HTML page whose
numbers are lc.metrics' numbers, escaped, readable on a phone (checked in headless Chromium).

Data: tests/data/reconcile (an invented 10-clinic programme, see its README).
"""

from __future__ import annotations

import html
import json
import math
import os
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

import letsconnect as lc  # noqa: E402
from letsconnect.report import CLINIC_FIELDS, HEADLINE  # noqa: E402
from helpers import DATA, run_cli  # noqa: E402

RECONCILE = DATA / "reconcile"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
EVIL = '<script>alert("x")</script> & <b>"Grants"</b>'


# --- helpers --------------------------------------------------------------------------------------


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text inside each element with data-* values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> Tags:
    tags = Tags()
    tags.feed(page)
    tags.close()
    return tags


def number(text: str) -> float:
    return math.nan if text == "NaN" else float(text)


def equal(shown: str, expected: Any) -> bool:
    value = number(shown)
    expected = float(expected)
    if math.isnan(expected):
        return math.isnan(value)
    return value == pytest.approx(expected, rel=1e-12, abs=1e-12)


def pooled(m: lc.Metrics, metric: str) -> float:
    """Show-up and retention over all clinics: lc.metrics' own row when the core lists it, else its
    per-clinic counts pooled (what the report shows until then)."""
    if metric in m.programme.index:
        return m[metric]
    reported = m.clinics[m.clinics["has_report"]]
    num, den = {"show_up_rate": ("registrants_attended", "registrants"), "retention": ("retained", "attendees")}[metric]
    return reported[num].sum() / reported[den].sum() if reported[den].sum() else math.nan


def expected_metric(m: lc.Metrics, metric: str) -> float:
    return pooled(m, metric) if metric in ("show_up_rate", "retention") else m[metric]


def expected_cell(m: lc.Metrics, clinic: str, field: str) -> Any:
    value = m.clinics.loc[clinic, field]
    if field == "start":
        return f"{value:%Y-%m-%dT%H:%M:%SZ}"
    if field == "has_report":
        return "true" if value else "false"
    return value


def check_values(m: lc.Metrics, metrics: dict[str, str], cells: dict[tuple[str, str], str],
                 regions: dict[tuple[str, str], str]) -> None:
    """The page's data-* values (as read from HTML or the DOM) equal lc.metrics'."""
    assert list(metrics) == [key for key, _, _ in HEADLINE]
    for metric, value in metrics.items():
        assert equal(value, expected_metric(m, metric)), metric
    assert {c for c, _ in cells} == set(m.clinics.index)
    assert len(cells) == len(m.clinics) * len(CLINIC_FIELDS)
    for (clinic, field), value in cells.items():
        expected = expected_cell(m, clinic, field)
        assert (value == expected) if isinstance(expected, str) else equal(value, expected), (clinic, field, value)
    expected_regions = {(("" if r != r else str(r)), f): row[f] for _, row in m.by_region.iterrows()
                        for r in [row["region"]] for f in ("people", "attendances")}
    assert set(regions) == set(expected_regions)
    for key, value in regions.items():
        assert equal(value, expected_regions[key]), key


def values_from_html(page: str) -> tuple[dict[str, str], dict[tuple[str, str], str], dict[tuple[str, str], str]]:
    metrics: dict[str, str] = {}
    cells: dict[tuple[str, str], str] = {}
    regions: dict[tuple[str, str], str] = {}
    for _, attrs in parse(page).tags:
        if "data-metric" in attrs:
            metrics[attrs["data-metric"]] = attrs["data-value"]
        elif "data-clinic" in attrs:
            cells[attrs["data-clinic"], attrs["data-field"]] = attrs["data-value"]
        elif "data-region" in attrs:
            regions[attrs["data-region"], attrs["data-field"]] = attrs["data-value"]
    return metrics, cells, regions


def copy_programme(tmp_path: Path, change) -> Path:
    """A copy of the reconcile clinics file (reports still found under RECONCILE) after change(doc)."""
    doc = json.loads((RECONCILE / "clinics.json").read_text(encoding="utf-8"))
    change(doc)
    path = tmp_path / "clinics.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def without_some_reports(doc: dict[str, Any]) -> None:
    for clinic in doc["clinics"][7:]:
        del clinic["attendance"]


def evil_title(doc: dict[str, Any]) -> None:
    doc["clinics"][0]["title"] = EVIL


# --- fixtures -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def directory():
    return lc.Directory.load(RECONCILE / "directory.json")


@pytest.fixture(scope="module")
def metrics(directory):
    return lc.metrics(directory, RECONCILE / "clinics.json")


@pytest.fixture(scope="module")
def page(directory):
    return lc.report.render(directory, RECONCILE / "clinics.json", title="Let's Connect <2026> & co")


@pytest.fixture(scope="module")
def partial(directory, tmp_path_factory):
    """A programme whose last three clinics have no report yet (NaN retention there)."""
    path = copy_programme(tmp_path_factory.mktemp("partial"), without_some_reports)
    m = lc.metrics(directory, path, attendance_dir=RECONCILE)
    return m, lc.report.render(directory, path, metrics=m)


@pytest.fixture(scope="module")
def evil(directory, tmp_path_factory):
    path = copy_programme(tmp_path_factory.mktemp("evil"), evil_title)
    return lc.report.render(directory, path, attendance_dir=RECONCILE, title=EVIL)


# --- the page -------------------------------------------------------------------------------------


def test_page_is_self_contained(page):
    tags = parse(page)
    for tag, attrs in tags.tags:
        for name in ("src", "href", "srcset", "action", "poster", "data", "xlink:href"):
            value = attrs.get(name, "").strip().lower()
            assert not value.startswith(("http:", "https:", "//", "ftp:")), (tag, name, value[:80])
        assert tag not in ("script", "link", "iframe", "object", "embed", "base")
    assert "http://" not in page and "https://" not in page
    assert "@import" not in page and "url(" not in page
    images = [attrs["src"] for tag, attrs in tags.tags if tag == "img"]
    assert images and all(src.startswith("data:image/png;base64,") for src in images)


def test_page_is_for_phones(page):
    tags = parse(page)
    metas = [attrs for tag, attrs in tags.tags if tag == "meta"]
    assert {"name": "viewport", "content": "width=device-width, initial-scale=1"} in metas
    assert {"charset": "utf-8"} in metas
    assert page.startswith("<!DOCTYPE html>")
    tables = [i for i, (tag, _) in enumerate(tags.tags) if tag == "table"]
    assert len(tables) == 2
    for i in tables:  # each table sits in its own scrolling box
        assert tags.tags[i - 1] == ("div", {"class": "table-wrap"})
    for tag, attrs in tags.tags:
        if tag == "img":
            assert attrs["alt"] and int(attrs["width"]) > 0 and int(attrs["height"]) > 0


def test_every_number_equals_lc_metrics(page, metrics):
    check_values(metrics, *values_from_html(page))


def test_clinics_without_a_report_show_n_a(partial):
    m, page = partial
    assert m.clinics["retention"].isna().sum() == 3
    check_values(m, *values_from_html(page))
    _, cells, _ = values_from_html(page)
    for clinic in m.clinics.index[7:]:
        assert cells[clinic, "retention"] == "NaN"
        assert cells[clinic, "has_report"] == "false"
    assert page.count('data-field="retention" data-value="NaN">n/a</td>') == 3


def test_every_plot_the_inputs_allow(page, partial, directory):
    ids = [attrs["id"] for tag, attrs in parse(page).tags if tag == "figure"]
    assert ids == ["participants-by-region", "participants-by-country", "attendance-over-time",
                   "registered-vs-non-registered", "minutes-attended", "sharers", "skill-supply-demand"]
    plan = lc.plan_clinic(directory, start="2026-06-01", end="2026-06-07")
    with_plan = lc.report.render(directory, RECONCILE / "clinics.json", metrics=partial[0], plan=plan)
    assert [attrs["id"] for tag, attrs in parse(with_plan).tags if tag == "figure"][-1] == "time-zone-coverage"


def test_text_from_files_is_escaped(evil, page):
    assert "<script" not in evil and "<b>" not in evil
    assert html.escape(EVIL) in evil
    assert evil.count(f"<title>{html.escape(EVIL)}</title>") == 1
    text = "".join(parse(evil).text)
    assert text.count(EVIL) == 3  # <title>, <h1> and the clinic's row, as text
    assert "<title>Let&#x27;s Connect &lt;2026&gt; &amp; co</title>" in page


def test_the_same_inputs_give_the_same_page(page, directory, metrics):
    again = lc.report.render(lc.Directory.load(RECONCILE / "directory.json"), lc.Clinics.load(RECONCILE / "clinics.json"),
                             metrics=metrics, title="Let's Connect <2026> & co")
    assert again == page


@pytest.mark.parametrize("kwargs, error", [
    ({"retention_minutes": 0}, ValueError), ({"retention_minutes": math.nan}, ValueError),
    ({"title": 3}, TypeError), ({"metrics": "m.json"}, TypeError),
])
def test_render_rejects_bad_arguments(directory, kwargs, error):
    with pytest.raises(error):
        lc.report.render(directory, RECONCILE / "clinics.json", **kwargs)


def test_render_names_a_missing_report(directory, tmp_path):
    path = copy_programme(tmp_path, lambda doc: doc["clinics"][2].__setitem__("attendance", ["zoom/absent.csv"]))
    with pytest.raises(lc.FileError, match="absent.csv"):
        lc.report.render(directory, path, attendance_dir=RECONCILE)


def test_write_is_atomic(tmp_path, directory, metrics, page):
    out = tmp_path / "report.html"
    out.write_text("old", encoding="utf-8")
    returned = lc.report.write(out, directory, RECONCILE / "clinics.json", metrics=metrics,
                               title="Let's Connect <2026> & co")
    assert returned == page == out.read_text(encoding="utf-8")
    assert os.listdir(tmp_path) == ["report.html"]
    with pytest.raises(ValueError):
        lc.report.write(out, directory, RECONCILE / "clinics.json", metrics=metrics, retention_minutes=-1)
    assert out.read_text(encoding="utf-8") == page and os.listdir(tmp_path) == ["report.html"]
    with pytest.raises(FileNotFoundError, match="absent"):
        lc.report.write(tmp_path / "absent" / "report.html", directory, RECONCILE / "clinics.json", metrics=metrics)


# --- in a browser ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    if not CHROMEDRIVER.exists() or not CHROMIUM.exists():
        pytest.skip(f"headless browser tests need {CHROMIUM} and {CHROMEDRIVER} (Debian: apt-get install chromium "
                    "chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.binary_location = str(CHROMIUM)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def wide(tmp_path_factory):
    """An invented programme of 30 clinics: its per-clinic plots are wider than a phone."""
    folder = tmp_path_factory.mktemp("wide")
    lc.synthetic.programme(seed=3, participants=60, clinics=30).write(folder)
    return lc.report.render(folder / "directory.json", folder / "clinics.json")


@pytest.fixture(scope="module")
def pages(tmp_path_factory, page, partial, evil, wide):
    folder = tmp_path_factory.mktemp("pages")
    out = {}
    for name, text in (("full", page), ("partial", partial[1]), ("evil", evil), ("wide", wide)):
        out[name] = folder / f"{name}.html"
        out[name].write_text(text, encoding="utf-8")
    return out


def open_page(browser, path: Path, width: int = 1280, height: int = 900) -> list[dict[str, Any]]:
    """Load the page; return what the browser logged while loading it."""
    browser.set_window_size(width, height)
    browser.get("about:blank")
    browser.get_log("browser")  # drop what earlier pages logged
    browser.get(path.as_uri())
    return list(browser.get_log("browser"))


DOM_VALUES = """
const pick = (sel, key) => Array.from(document.querySelectorAll(sel)).map(e => [key(e), e.dataset.value, e.textContent]);
return {
  metrics: pick('[data-metric]', e => e.dataset.metric),
  cells: pick('[data-clinic]', e => [e.dataset.clinic, e.dataset.field]),
  regions: pick('[data-region]', e => [e.dataset.region, e.dataset.field]),
};
"""


@pytest.mark.parametrize("name", ["full", "partial"])
def test_browser_numbers_equal_lc_metrics(browser, pages, metrics, partial, name):
    logged = open_page(browser, pages[name])
    m = metrics if name == "full" else partial[0]
    found = browser.execute_script(DOM_VALUES)
    check_values(m, {k: v for k, v, _ in found["metrics"]}, {tuple(k): v for k, v, _ in found["cells"]},
                 {tuple(k): v for k, v, _ in found["regions"]})
    shown = [text for _, value, text in found["metrics"] + found["cells"] if value == "NaN"]
    assert all(text == "n/a" for text in shown)
    assert (name == "partial") == bool(shown)
    assert not [e for e in logged + browser.get_log("browser") if e["level"] == "SEVERE"]


@pytest.mark.parametrize("name", ["full", "partial", "evil", "wide"])
def test_browser_no_errors_and_every_image_loads(browser, pages, name):
    logged = open_page(browser, pages[name])
    images = browser.execute_script(
        "return Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.naturalHeight])")
    assert len(images) >= 5
    assert all(complete and width > 0 and height > 0 for complete, width, height in images)
    severe = [e for e in logged + browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not severe, severe


def test_browser_console_check_sees_errors_while_loading(browser, tmp_path):
    # The check above would catch a broken page: a missing image and a script error are logged.
    broken = tmp_path / "broken.html"
    broken.write_text('<!DOCTYPE html><html><body><img src="missing.png"><script>undefinedThing();</script>'
                      "</body></html>", encoding="utf-8")
    logged = open_page(browser, broken)
    assert [e for e in logged if e["level"] == "SEVERE"]


@pytest.mark.parametrize("name", ["full", "partial", "wide"])
@pytest.mark.parametrize("width, height", [(390, 844), (320, 640)])
def test_browser_phone_has_no_horizontal_overflow(browser, pages, name, width, height):
    open_page(browser, pages[name], width, height)
    inner, scroll, body = browser.execute_script(
        "return [window.innerWidth, document.documentElement.scrollWidth, document.body.scrollWidth]")
    assert inner <= width
    assert scroll <= inner and body <= inner
    # the tables and wide plots scroll inside their own boxes instead
    wide = browser.execute_script(
        "return Array.from(document.querySelectorAll('.table-wrap')).map(e => e.scrollWidth > e.clientWidth)")
    assert any(wide)
    # every image fits the screen or sits in a box that scrolls
    outside = browser.execute_script("""
        return Array.from(document.images).filter(i => {
          const r = i.getBoundingClientRect();
          return r.right > window.innerWidth + 1 && getComputedStyle(i.parentElement).overflowX !== 'auto';
        }).length""")
    assert outside == 0
    # wide plots keep a readable size and scroll in their box
    scrolling = browser.execute_script(
        "return Array.from(document.querySelectorAll('.figure-scroll')).filter(e => e.scrollWidth > e.clientWidth).length")
    assert (scrolling >= 3) == (name == "wide")


def test_browser_shows_file_text_as_text(browser, pages):
    open_page(browser, pages["evil"])
    assert browser.title == EVIL
    assert browser.execute_script("return document.querySelector('h1').textContent") == EVIL
    cell = browser.execute_script("return document.querySelector('td.title').textContent")
    assert cell == EVIL
    assert browser.execute_script("return document.querySelectorAll('script, b').length") == 0


# --- the command line -----------------------------------------------------------------------------


run = run_cli


def test_cli_report_writes_the_page(capsys, tmp_path, metrics):
    out = tmp_path / "report.html"
    code, stdout, err = run(capsys, "report", "--directory", RECONCILE / "directory.json", "--clinics",
                            RECONCILE / "clinics.json", "--title", "Clinics <2026>", "--out", out)
    assert (code, stdout) == (0, "")
    assert str(out) in err
    page = out.read_text(encoding="utf-8")
    assert "<title>Clinics &lt;2026&gt;</title>" in page
    check_values(metrics, *values_from_html(page))
    assert os.listdir(tmp_path) == ["report.html"]


def test_cli_report_with_attendance_folder_and_threshold(capsys, tmp_path, directory):
    clinics = copy_programme(tmp_path, without_some_reports)
    out = tmp_path / "r.html"
    code, _, err = run(capsys, "report", "-d", RECONCILE / "directory.json", "--clinics", clinics, "--attendance",
                       RECONCILE, "--retention-minutes", "60", "-o", out)
    assert code == 0, err
    m = lc.metrics(directory, clinics, attendance_dir=RECONCILE, retention_minutes=60)
    page = out.read_text(encoding="utf-8")
    check_values(m, *values_from_html(page))
    assert "line marks 60 minutes" in page and "Retention threshold: 60 minutes" in page
    assert "retention (stayed longer than 60 min)" in page


@pytest.mark.parametrize("bad", ["directory", "clinics", "attendance", "out"])
def test_cli_report_invalid_input_names_the_file(capsys, tmp_path, bad):
    files = {"directory": RECONCILE / "directory.json", "clinics": RECONCILE / "clinics.json"}
    extra: list[Any] = []
    out = tmp_path / "report.html"
    if bad == "attendance":
        extra = ["--attendance", tmp_path / "nowhere"]
        named = str(tmp_path / "nowhere")
    elif bad == "out":
        out = tmp_path / "nowhere" / "report.html"
        named = str(tmp_path / "nowhere")
    else:
        broken = tmp_path / f"{bad}.json"
        broken.write_text('{"format": "letsconnect.' + bad + '/1", ', encoding="utf-8")
        files[bad] = broken
        named = str(broken)
    code, stdout, err = run(capsys, "report", "-d", files["directory"], "--clinics", files["clinics"], *extra, "-o", out)
    assert (code, stdout) == (1, "")
    assert err.startswith("error: ") and named in err and "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize("args", [
    ["report", "--clinics", "c.json", "--out", "r.html"],
    ["report", "-d", "d.json", "--out", "r.html"],
    ["report", "-d", "d.json", "--clinics", "c.json"],
    ["report", "-d", "d.json", "--clinics", "c.json", "-o", "r.html", "--retention-minutes", "0"],
    ["synthetic"],
    ["synthetic", "--out", "x", "--participants", "0"],
    ["synthetic", "--out", "x", "--clinics", "many"],
    ["synthetic", "--out", "x", "--seed", "1.5"],
])
def test_cli_usage_errors_exit_two(capsys, tmp_path, args):
    code, _, err = run(capsys, *args)
    assert code == 2
    assert "usage:" in err


@pytest.mark.parametrize("args, message", [(["--participants", "9"], "participants"), (["--clinics", "521"], "clinics")])
def test_cli_synthetic_out_of_range_exits_two(capsys, tmp_path, args, message):
    code, out, err = run(capsys, "synthetic", "--out", tmp_path / "p", *args)
    assert (code, out) == (2, "")
    assert err.startswith("letsconnect synthetic: error: ") and message in err and "Traceback" not in err
    assert not (tmp_path / "p").exists()


def test_cli_synthetic_then_report(capsys, tmp_path):
    folder = tmp_path / "programme"
    code, stdout, err = run(capsys, "synthetic", "--out", folder, "--seed", "7", "--participants", "80", "--clinics", "4")
    assert (code, stdout) == (0, ""), err
    assert str(folder) in err
    for name in ("directory.json", "clinics.json", "truth.csv"):
        assert (folder / name).is_file(), name
    clinics = lc.Clinics.load(folder / "clinics.json")
    assert len(clinics) == 4
    assert len(lc.Directory.load(folder / "directory.json")) == 80
    assert sorted(p.name for p in (folder / "zoom").iterdir()) == sorted(f"{c.id}.csv" for c in clinics)
    # the same seed writes the same files
    again = tmp_path / "again"
    assert run(capsys, "synthetic", "-o", again, "--seed", "7", "--participants", "80", "--clinics", "4")[0] == 0
    for path in folder.rglob("*"):
        if path.is_file():
            assert path.read_bytes() == (again / path.relative_to(folder)).read_bytes(), path
    out = tmp_path / "report.html"
    code, _, err = run(capsys, "report", "-d", folder / "directory.json", "--clinics", folder / "clinics.json", "-o", out)
    assert code == 0, err
    m = lc.metrics(lc.Directory.load(folder / "directory.json"), folder / "clinics.json")
    check_values(m, *values_from_html(out.read_text(encoding="utf-8")))


def test_cli_synthetic_output_is_a_file(capsys, tmp_path):
    blocker = tmp_path / "taken"
    blocker.write_text("", encoding="utf-8")
    code, _, err = run(capsys, "synthetic", "--out", blocker, "--participants", "20", "--clinics", "2")
    assert code == 1
    assert err.startswith("error: ") and str(blocker) in err
