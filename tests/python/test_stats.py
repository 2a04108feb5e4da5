"""Directory.stats(), Directory.skill_gap() and Metrics.sharers against a pure-Python reference.

The reference is computed independently from ``Directory.to_frame()``, the clinics file read as
JSON and the taxonomy (``subtree``, ``category``, ``depth``): a person counts once for a node when
they list it or anything below it (known = knows ∪ shares); a clinic covers its skills and their
ancestors, once per clinic. Data: the bundled sample directory, the invented 10-clinic programme
under tests/data/reconcile/, and a few invented people added here.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import letsconnect as lc
from helpers import run_cli

ROOT = Path(__file__).resolve().parents[2]
PROGRAMME = ROOT / "tests" / "data" / "reconcile"
CLINICS = PROGRAMME / "clinics.json"
WEEK = "2026-03-09"
KINDS = ("known", "shares", "learns")


def invented_people() -> list[lc.Profile]:
    """People who exercise the corners: no country or region, a region without a country, level 0,
    a sub-skill (online-hybrid-events: event-organising < organisational; photo-contests: campaigns <
    on-wiki-technical), a category as a skill, a skill both known and shared, two siblings."""
    return [
        lc.Profile("Zed Nowhere", languages={"fr": "0", "en": "1"}, shares=["online-hybrid-events", "wikidata"],
                   learns=["grants-resources"], knows=["wikidata", "budgeting"]),
        lc.Profile("Quilla Marrow", region="MENA", languages={"ar": "N", "en": "3"},
                   shares=["fundraising", "resource-mobilisation"], learns=["photo-contests", "campaigns"]),
        lc.Profile("Orsi Tallenby", country="FI", languages={"fi": "N", "sv": "2", "en": "5"},
                   knows=["organisational"], learns=["grant-writing", "budgeting"]),
    ]


@pytest.fixture(scope="module")
def directories() -> dict[str, lc.Directory]:
    sample = lc.sample_directory(week=WEEK)
    return {
        "sample": sample,
        "programme": lc.Directory.load(PROGRAMME / "directory.json"),
        "extended": sample.with_profiles(invented_people()),
    }


@pytest.fixture(scope="module")
def clinics() -> lc.Clinics:
    return lc.Clinics.load(CLINICS)


# --- the reference ------------------------------------------------------------------------------

def level_value(level: Any) -> int:
    return 6 if str(level) == "N" else int(level)


def person_skills(frame: pd.DataFrame) -> list[dict[str, set[str]]]:
    return [{"known": set(k) | set(s), "shares": set(s), "learns": set(lr)}
            for k, s, lr in zip(frame["knows"], frame["shares"], frame["learns"])]


def rolled(frame: pd.DataFrame, taxonomy: lc.Taxonomy, mask: Any = None) -> dict[str, dict[str, int]]:
    """{kind: {node: people listing the node or a node below it}} (rows where ``mask`` holds)."""
    people = person_skills(frame)
    keep = [True] * len(people) if mask is None else list(mask)
    out: dict[str, dict[str, int]] = {kind: {} for kind in KINDS}
    for node in taxonomy.ids:
        below = set(taxonomy.subtree(node))
        for kind in KINDS:
            out[kind][node] = sum(1 for p, k in zip(people, keep) if k and p[kind] & below)
    return out


def direct(frame: pd.DataFrame, taxonomy: lc.Taxonomy) -> dict[str, dict[str, int]]:
    people = person_skills(frame)
    return {kind: {node: sum(1 for p in people if node in p[kind]) for node in taxonomy.ids} for kind in KINDS}


def clinic_rows(taxonomy: lc.Taxonomy, path: Path = CLINICS) -> list[tuple[pd.Timestamp, set[str]]]:
    document = json.loads(path.read_text(encoding="utf-8"))
    return [(pd.Timestamp(c["start"]).tz_convert("UTC"), {taxonomy.find(s) or s for s in c.get("skills", [])})
            for c in document["clinics"]]


def reference_gap(frame: pd.DataFrame, taxonomy: lc.Taxonomy, programme: list[tuple[pd.Timestamp, set[str]]] | None,
                  *, depth: int | None = None, uncovered: bool = False, covered_since: pd.Timestamp | None = None,
                  min_supply: int = 0, top: int | None = None) -> list[tuple[Any, ...]]:
    counts = rolled(frame, taxonomy)
    order = {node: i for i, node in enumerate(taxonomy.ids)}
    rows = []
    for node in taxonomy.ids:
        below = set(taxonomy.subtree(node))
        covering = [start for start, skills in (programme or []) if skills & below]  # once per clinic
        recent = [start for start in covering if covered_since is None or start >= covered_since]
        demand, supply = counts["learns"][node], counts["shares"][node]
        if depth is not None and taxonomy.depth(node) != depth:
            continue
        if uncovered and recent:
            continue
        if supply < min_supply:
            continue
        rows.append((node, taxonomy.label(node), taxonomy.category(node), taxonomy.depth(node), demand, supply,
                     demand - supply, demand / (supply + 1), len(covering), max(covering) if covering else None))
    rows.sort(key=lambda r: (-r[6], -r[4], order[r[0]]))
    return rows[:top] if top else rows


def gap_rows(frame: pd.DataFrame) -> list[tuple[Any, ...]]:
    return [(r.skill, r.label, r.category, r.depth, r.demand, r.supply, r.gap, pytest.approx(r.ratio), r.clinics,
             None if pd.isna(r.last_clinic) else r.last_clinic) for r in frame.itertuples(index=False)]


# --- Directory.stats() --------------------------------------------------------------------------

@pytest.mark.parametrize("which", ["sample", "programme", "extended"])
def test_skill_counts_are_rolled_up(directories, which):
    d = directories[which]
    tax = d.taxonomy
    frame = d.to_frame()
    expected_rolled, expected_direct = rolled(frame, tax), direct(frame, tax)
    skills = d.stats().skills
    assert skills["skill"].tolist() == tax.ids
    assert skills["label"].tolist() == [tax.label(i) for i in tax.ids]
    assert skills["category"].tolist() == [tax.category(i) for i in tax.ids]
    assert skills["depth"].tolist() == [tax.depth(i) for i in tax.ids]
    for kind in KINDS:
        assert skills[kind].tolist() == [expected_rolled[kind][i] for i in tax.ids], kind
        assert skills[f"{kind}_direct"].tolist() == [expected_direct[kind][i] for i in tax.ids], kind


def test_invented_people_count_once_per_node(directories):
    # What the three invented people add to the sample's counts (known, shares, learns), by hand.
    base, extended = directories["sample"].stats().skills, directories["extended"].stats().skills
    diff = extended.set_index("skill")[list(KINDS)] - base.set_index("skill")[list(KINDS)]
    added = {skill: tuple(row) for skill, row in zip(diff.index, diff.to_numpy().tolist()) if any(row)}
    assert added == {
        # Zed shares online-hybrid-events; Orsi knows the category itself.
        "organisational": (2, 1, 0), "event-organising": (1, 1, 0), "online-hybrid-events": (1, 1, 0),
        # Quilla shares two siblings below it (once), Zed knows budgeting; Zed wants the category,
        # Orsi grant-writing and budgeting (once).
        "grants-resources": (2, 1, 2), "fundraising": (1, 1, 0), "resource-mobilisation": (1, 1, 0),
        "budgeting": (1, 0, 1), "grant-writing": (0, 0, 1),
        # Zed knows and shares wikidata (once); Quilla wants photo-contests and its parent (once).
        "on-wiki-technical": (1, 1, 1), "wikidata": (1, 1, 0), "campaigns": (0, 0, 1), "photo-contests": (0, 0, 1),
    }


def test_by_root_skill_is_the_categories(directories):
    st = directories["programme"].stats()
    roots = st.by_root_skill
    assert roots["skill"].tolist() == directories["programme"].taxonomy.roots
    skills = st.skills.set_index("skill")
    assert roots.set_index("skill")[["known", "shares", "learns"]].equals(skills.loc[roots["skill"].tolist(), ["known", "shares", "learns"]])


@pytest.mark.parametrize("which", ["sample", "programme", "extended"])
def test_by_region_has_all_eight_regions(directories, which):
    d = directories[which]
    frame = d.to_frame()
    st = d.stats()
    by_region = st.by_region
    assert by_region["region"].tolist() == lc.regions() and len(by_region) == 8
    counts = Counter(r for r in frame["region"] if not pd.isna(r))
    assert by_region["profiles"].tolist() == [counts.get(r, 0) for r in lc.regions()]
    assert by_region["name"].tolist() == [lc.region_name(r) for r in lc.regions()]
    assert st.unknown_region == int(frame["region"].isna().sum())
    assert st.profiles == len(d) == by_region["profiles"].sum() + st.unknown_region
    if which == "extended":
        assert st.unknown_region == 1 and st.no_country == 2


@pytest.mark.parametrize("which", ["sample", "programme", "extended"])
def test_by_country_most_first_then_code(directories, which):
    d = directories[which]
    frame = d.to_frame()
    st = d.stats()
    counts = Counter(c for c in frame["country"] if c is not None)
    expected = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    by_country = st.by_country
    assert list(zip(by_country["country"], by_country["profiles"])) == expected
    assert by_country["name"].tolist() == [lc.country_name(c) for c, _ in expected]
    assert by_country["region"].tolist() == [lc.country_region(c) for c, _ in expected]
    assert st.no_country == int(frame["country"].isna().sum())


def reference_languages(frame: pd.DataFrame, min_level: Any) -> list[tuple[str, int, int]]:
    floor = level_value(min_level)
    speakers: Counter[str] = Counter()
    native: Counter[str] = Counter()
    for languages in frame["languages"]:
        for code, level in languages.items():
            if level_value(level) >= floor:
                speakers[code] += 1
                native[code] += level_value(level) == 6
    return sorted(((code, n, native[code]) for code, n in speakers.items()), key=lambda r: (-r[1], r[0]))


@pytest.mark.parametrize("min_level", [1, 3, "N"])
@pytest.mark.parametrize("which", ["sample", "programme", "extended"])
def test_languages_at_min_level(directories, which, min_level):
    d = directories[which]
    frame = d.to_frame()
    st = d.stats(min_level=min_level)
    assert st.min_level == level_value(min_level)
    expected = reference_languages(frame, min_level)
    by_language = st.by_language
    assert list(zip(by_language["language"], by_language["speakers"], by_language["native"])) == expected
    if min_level == "N":
        assert (by_language["speakers"] == by_language["native"]).all()


@pytest.mark.parametrize("level", [0, 6, 7, "x", True, 2.5])
def test_stats_rejects_a_level_that_is_not_babel(directories, level):
    with pytest.raises(ValueError, match="min_level"):
        directories["sample"].stats(min_level=level)


def test_default_min_level_is_one_and_level_zero_does_not_speak(directories):
    d = directories["extended"]
    assert d.stats().by_language.equals(d.stats(min_level=1).by_language)
    fr = d.stats().by_language.set_index("language").loc["fr", "speakers"]
    assert fr == directories["sample"].stats().by_language.set_index("language").loc["fr", "speakers"]  # Zed: fr 0


@pytest.mark.parametrize("min_level", [1, 3, "N"])
@pytest.mark.parametrize("which", ["sample", "programme", "extended"])
def test_region_language_every_pair(directories, which, min_level):
    d = directories[which]
    frame = d.to_frame()
    st = d.stats(min_level=min_level)
    floor = level_value(min_level)
    languages = st.by_language["language"].tolist()
    expected = []
    for code in languages:
        for region in lc.regions():
            n = sum(1 for r, langs in zip(frame["region"], frame["languages"])
                    if r == region and code in langs and level_value(langs[code]) >= floor)
            expected.append((region, code, n))
    rl = st.region_language
    assert list(zip(rl["region"], rl["language"], rl["speakers"])) == expected
    # Per language, the regions add up to the speakers with a region.
    per_language = rl.groupby("language", sort=False)["speakers"].sum()
    no_region = frame["region"].isna()
    for code, speakers in zip(st.by_language["language"], st.by_language["speakers"]):
        without = sum(1 for nr, langs in zip(no_region, frame["languages"])
                      if nr and code in langs and level_value(langs[code]) >= floor)
        assert per_language[code] == speakers - without


@pytest.mark.parametrize("which", ["sample", "programme", "extended"])
def test_region_category_every_pair(directories, which):
    d = directories[which]
    tax = d.taxonomy
    frame = d.to_frame()
    expected = []
    for region in lc.regions():
        counts = rolled(frame, tax, mask=(frame["region"] == region).to_numpy())
        for root in tax.roots:
            expected.append((region, root, counts["known"][root], counts["shares"][root], counts["learns"][root]))
    rc = d.stats().region_category
    assert list(zip(rc["region"], rc["category"], rc["known"], rc["shares"], rc["learns"])) == expected


@pytest.mark.parametrize("bad", [0, 7, "x", "6"])
def test_stats_rejects_bad_min_level(directories, bad):
    with pytest.raises(ValueError):
        directories["sample"].stats(min_level=bad)


def test_stats_repr(directories):
    st = directories["sample"].stats()
    assert repr(st) == (f"<letsconnect.DirectoryStats(60 profiles, {len(st.by_country)} countries, "
                        f"{len(st.by_language)} languages, {len(st.skills)} skills)>")


# --- Directory.skill_gap() ----------------------------------------------------------------------

@pytest.mark.parametrize("which", ["sample", "programme", "extended"])
def test_skill_gap_without_clinics(directories, which):
    d = directories[which]
    gap = d.skill_gap()
    assert gap_rows(gap) == reference_gap(d.to_frame(), d.taxonomy, None)
    assert (gap["clinics"] == 0).all() and gap["last_clinic"].isna().all()


@pytest.mark.parametrize("which", ["sample", "programme", "extended"])
def test_skill_gap_with_clinics(directories, clinics, which):
    d = directories[which]
    assert gap_rows(d.skill_gap(clinics)) == reference_gap(d.to_frame(), d.taxonomy, clinic_rows(d.taxonomy))


def test_skill_gap_order(directories, clinics):
    gap = directories["programme"].skill_gap(clinics)
    tax = directories["programme"].taxonomy
    position = {node: i for i, node in enumerate(tax.ids)}
    keys = [(-g, -dm, position[s]) for s, g, dm in zip(gap["skill"], gap["gap"], gap["demand"])]
    assert keys == sorted(keys) and len(set(keys)) == len(keys) == len(tax)
    assert (gap["gap"] == gap["demand"] - gap["supply"]).all()
    assert gap["ratio"].tolist() == pytest.approx((gap["demand"] / (gap["supply"] + 1)).tolist())


def test_a_clinic_covers_its_skills_and_their_ancestors_once(directories, clinics):
    gap = directories["programme"].skill_gap(clinics).set_index("skill")
    utc = dt.timezone.utc
    # lc-2026-01 grant-writing; lc-2026-06 fundraising and resource-mobilisation (both below it): 2, not 3.
    assert gap.loc["grants-resources", "clinics"] == 2
    assert gap.loc["grants-resources", "last_clinic"] == pd.Timestamp(dt.datetime(2026, 3, 25, 15, tzinfo=utc))
    assert gap.loc["fundraising", "clinics"] == 1 and gap.loc["grant-writing", "clinics"] == 1
    # editathons (depth 2, via campaigns), outreach-dashboard, wikidata, copyright + commons (one clinic).
    assert gap.loc["on-wiki-technical", "clinics"] == 4
    assert gap.loc["on-wiki-technical", "last_clinic"] == pd.Timestamp(dt.datetime(2026, 5, 20, 16, tzinfo=utc))
    assert gap.loc["campaigns", "clinics"] == 1 and gap.loc["editathons", "clinics"] == 1
    assert gap.loc["budgeting", "clinics"] == 0 and pd.isna(gap.loc["budgeting", "last_clinic"])


@pytest.mark.parametrize("depth", [0, 1, 2])
def test_skill_gap_depth(directories, clinics, depth):
    d = directories["extended"]
    gap = d.skill_gap(clinics, depth=depth)
    assert set(gap["depth"]) == {depth}
    assert gap_rows(gap) == reference_gap(d.to_frame(), d.taxonomy, clinic_rows(d.taxonomy), depth=depth)


def test_skill_gap_uncovered(directories, clinics):
    d = directories["programme"]
    gap = d.skill_gap(clinics, uncovered=True)
    assert (gap["clinics"] == 0).all()
    assert gap_rows(gap) == reference_gap(d.to_frame(), d.taxonomy, clinic_rows(d.taxonomy), uncovered=True)
    assert "grants-resources" not in set(gap["skill"]) and "budgeting" in set(gap["skill"])


@pytest.mark.parametrize("since", [
    "2026-03-25T15:00:00Z",                                               # lc-2026-06's start: still covered
    "2026-03-25T15:00:01Z",                                               # just after it
    dt.datetime(2026, 4, 1, tzinfo=dt.timezone.utc),
    "2026-02-01T00:00:00+01:00",
])
def test_skill_gap_covered_since(directories, clinics, since):
    d = directories["programme"]
    gap = d.skill_gap(clinics, uncovered=True, covered_since=since)
    cutoff = pd.Timestamp(since).tz_convert("UTC")
    expected = reference_gap(d.to_frame(), d.taxonomy, clinic_rows(d.taxonomy), uncovered=True, covered_since=cutoff)
    assert gap_rows(gap) == expected
    # Older clinics no longer hide their skills: the gap keeps skills covered only before `since`.
    assert len(gap) >= len(d.skill_gap(clinics, uncovered=True))
    covered = "grants-resources" not in set(gap["skill"])
    assert covered == (cutoff <= pd.Timestamp("2026-03-25T15:00:00Z"))


def test_skill_gap_covered_since_forms_agree(directories, clinics):
    d = directories["programme"]
    forms = ["2026-02-01T00:00:00Z", "2026-02-01T01:00:00+01:00", dt.datetime(2026, 2, 1, tzinfo=dt.timezone.utc)]
    frames = [d.skill_gap(clinics, uncovered=True, covered_since=f) for f in forms]
    for frame in frames[1:]:
        pd.testing.assert_frame_equal(frame, frames[0])


@pytest.mark.parametrize("day", [dt.date(2026, 2, 1), "2026-02-01"])
def test_skill_gap_covered_since_a_day(directories, clinics, day):
    d = directories["programme"]
    pd.testing.assert_frame_equal(d.skill_gap(clinics, uncovered=True, covered_since=day),
                                  d.skill_gap(clinics, uncovered=True, covered_since="2026-02-01T00:00:00Z"))


@pytest.mark.parametrize("min_supply", [0, 1, 3])
def test_skill_gap_min_supply(directories, clinics, min_supply):
    d = directories["sample"]
    gap = d.skill_gap(clinics, min_supply=min_supply)
    assert (gap["supply"] >= min_supply).all()
    assert gap_rows(gap) == reference_gap(d.to_frame(), d.taxonomy, clinic_rows(d.taxonomy), min_supply=min_supply)


@pytest.mark.parametrize("top", [1, 5, 71, 500])
def test_skill_gap_top(directories, clinics, top):
    d = directories["programme"]
    full = d.skill_gap(clinics)
    gap = d.skill_gap(clinics, top=top)
    assert len(gap) == min(top, len(full))
    pd.testing.assert_frame_equal(gap, full.head(top))


def test_skill_gap_options_combine(directories, clinics):
    d = directories["extended"]
    gap = d.skill_gap(clinics, depth=1, uncovered=True, covered_since="2026-03-01T00:00:00Z", min_supply=1, top=4)
    cutoff = pd.Timestamp("2026-03-01T00:00:00Z")
    assert gap_rows(gap) == reference_gap(d.to_frame(), d.taxonomy, clinic_rows(d.taxonomy), depth=1, uncovered=True,
                                          covered_since=cutoff, min_supply=1, top=4)


@pytest.mark.parametrize("kwargs", [{"depth": 3}, {"depth": -1}, {"top": -1}, {"top": 0}, {"min_supply": -1}])
def test_skill_gap_rejects_bad_options(directories, kwargs):
    with pytest.raises(ValueError):
        directories["sample"].skill_gap(**kwargs)


def test_skill_gap_unknown_clinic_skill_names_the_clinic(directories, tmp_path):
    document = json.loads(CLINICS.read_text(encoding="utf-8"))
    bad = document["clinics"][3]
    bad["skills"] = ["glam-partnerships", "underwater-basket-weaving"]
    for clinic in document["clinics"]:
        clinic.pop("attendance", None)
    path = tmp_path / "clinics.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(lc.ValidationError) as caught:
        directories["programme"].skill_gap(str(path))
    assert bad["id"] in str(caught.value) and "underwater-basket-weaving" in str(caught.value)
    assert len(caught.value.problems) == 1


def test_skill_gap_clinics_as_a_path(directories, clinics):
    d = directories["programme"]
    pd.testing.assert_frame_equal(d.skill_gap(str(CLINICS)), d.skill_gap(clinics))
    pd.testing.assert_frame_equal(d.skill_gap(str(CLINICS), depth=0, top=2), d.skill_gap(clinics, depth=0, top=2))


def test_skill_gap_clinics_as_a_pathlike(directories, clinics):
    d = directories["programme"]
    pd.testing.assert_frame_equal(d.skill_gap(CLINICS), d.skill_gap(clinics))


# --- Metrics.sharers ----------------------------------------------------------------------------

def sharer_reference(directory: lc.Directory, clinics_path: Path) -> list[dict[str, Any]]:
    """One row per distinct sharer (by username key), in key order, fields from the profile."""
    frame = directory.to_frame().set_index("username")
    shared: Counter[str] = Counter()
    listed: dict[str, str] = {}
    for clinic in json.loads(clinics_path.read_text(encoding="utf-8"))["clinics"]:
        for name in clinic.get("sharers", []):
            key = lc.username_key(name)
            shared[key] += 1
            listed.setdefault(key, name)
    rows = []
    for key in sorted(shared):
        profile = directory.get(listed[key])
        row: dict[str, Any] = {"username": listed[key], "registered": profile is not None, "region": None,
                               "country": None, "clinics": shared[key]}
        if profile is not None:
            p = frame.loc[profile.username]
            row.update(username=profile.username, region=None if pd.isna(p["region"]) else p["region"],
                       country=p["country"])
        rows.append(row)
    return rows


def sharer_rows(sharers: pd.DataFrame) -> list[dict[str, Any]]:
    return [{"username": r.username, "registered": r.registered, "region": None if pd.isna(r.region) else r.region,
             "country": r.country, "clinics": r.clinics} for r in sharers.itertuples(index=False)]


def assert_consistent_with_programme(m: lc.Metrics) -> None:
    s = m.sharers
    assert len(s) == m["sharers"] == s["username"].nunique()
    assert s["region"].notna().sum() == m["sharers_region_known"]
    assert s["under_represented"].sum() == m["sharers_under_represented"]
    assert s["gender"].notna().sum() == m["sharers_gender_known"]
    assert s["woman"].sum() == m["women_sharers"]
    # Unknown stays unknown (<NA>), so the frame's means are the programme's shares.
    assert (s["woman"].isna() == s["gender"].isna()).all()
    assert (s["under_represented"].isna() == s["region"].isna()).all()
    known = s["region"].notna()
    assert (s.loc[known, "under_represented"] == [r not in ("NWE", "NA") for r in s.loc[known, "region"]]).all()
    if m["sharers_gender_known"]:
        assert s["woman"].mean() == pytest.approx(m["women_sharer_share"])
    if m["sharers_region_known"]:
        assert s["under_represented"].mean() == pytest.approx(m["under_represented_sharer_share"])


def test_sharers_of_the_programme(directories, clinics):
    d = directories["programme"]
    m = lc.metrics(d, clinics)
    assert sharer_rows(m.sharers) == sharer_reference(d, CLINICS)
    assert_consistent_with_programme(m)
    assert len(m.sharers) == 13 and m.sharers["registered"].all()
    genders = d.to_frame().set_index("username")["gender"]
    assert m.sharers["gender"].tolist() == [genders[u] for u in m.sharers["username"]]


INVENTED_DIRECTORY = {"format": "letsconnect.directory/1", "taxonomy": "letsconnect", "profiles": [
    {"username": "Tavi Orrin", "country": "KE", "languages": {"en": "3"}, "gender": "Female"},
    {"username": "Bram Oduya", "country": "DE", "languages": {"en": "N"}, "gender": "woman"},
    {"username": "Keta Imvor", "languages": {"fr": "2"}, "gender": "prefer not to say"},
    {"username": "Lio Fenwarr", "country": "BR", "languages": {"pt": "N"}, "gender": "male"},
    {"username": "Rhea Calvant", "region": "SA", "languages": {"en": "4"}},
    {"username": "Sela Brundt", "country": "US", "languages": {"en": "N"}, "gender": "non-binary"},
]}
INVENTED_CLINICS = {"format": "letsconnect.clinics/1", "clinics": [
    {"id": "t-1", "start": "2026-01-14T14:00:00Z", "duration_min": 120, "language": "en", "skills": ["grant-writing"],
     "sharers": ["Tavi_Orrin", "Bram Oduya", "Nobody Known"]},
    {"id": "t-2", "start": "2026-02-14T14:00:00Z", "duration_min": 120, "language": "en", "skills": ["wikidata"],
     "sharers": ["Tavi Orrin", "Keta Imvor", "Lio Fenwarr", "Rhea Calvant", "Sela Brundt"]},
]}


def test_sharers_hand_worked(tmp_path):
    (tmp_path / "directory.json").write_text(json.dumps(INVENTED_DIRECTORY), encoding="utf-8")
    (tmp_path / "clinics.json").write_text(json.dumps(INVENTED_CLINICS), encoding="utf-8")
    d = lc.Directory.load(tmp_path / "directory.json")
    m = lc.metrics(d, lc.Clinics.load(tmp_path / "clinics.json"))
    s = m.sharers
    def known(v: Any) -> Any:
        return None if pd.isna(v) else v

    rows = [(r.username, r.registered, known(r.region), r.country, r.gender, known(r.woman), known(r.under_represented),
             r.clinics) for r in s.itertuples(index=False)]
    assert rows == [
        ("Bram Oduya", True, "NWE", "DE", "woman", True, False, 1),
        ("Keta Imvor", True, None, None, None, None, None, 1),            # gender not stated, no region: unknown
        ("Lio Fenwarr", True, "LAC", "BR", "male", False, True, 1),
        ("Nobody Known", False, None, None, None, None, None, 1),         # not in the directory: unknown
        ("Rhea Calvant", True, "SA", None, None, None, True, 1),
        ("Sela Brundt", True, "NA", "US", "non-binary", False, False, 1),
        ("Tavi Orrin", True, "SSA", "KE", "Female", True, True, 2),        # "Tavi_Orrin" is the same user
    ]
    assert sharer_rows(s) == sharer_reference(d, tmp_path / "clinics.json")
    assert_consistent_with_programme(m)
    assert (m["sharers"], m["sharers_region_known"], m["sharers_under_represented"]) == (7, 5, 3)
    assert (m["sharers_gender_known"], m["women_sharers"]) == (4, 2)
    assert m["under_represented_sharer_share"] == pytest.approx(3 / 5)
    assert m["women_sharer_share"] == pytest.approx(2 / 4)


# --- letsconnect stats (the command line) -------------------------------------------------------


def test_cli_stats_lists_regions_categories_and_next_topics(capsys):
    code, out, err = run_cli(capsys, "stats", "--directory", PROGRAMME / "directory.json", "--clinics", CLINICS, "--top", 4)
    assert code == 0, err
    d = lc.Directory.load(PROGRAMME / "directory.json")
    st = d.stats()
    assert out.startswith(f"{st.profiles} profiles\n")
    for row in st.by_region.itertuples():
        assert f"{row.region:6} {row.profiles:>7}  {row.name}" in out
    gap = d.skill_gap(CLINICS, min_supply=1, top=4)
    topics = out.split("next clinic topics")[1].splitlines()[1:]
    assert [t.rsplit("(", 1)[1].rstrip(")") for t in topics] == list(gap["skill"])


def test_cli_stats_json_equals_the_frames(capsys):
    code, out, err = run_cli(capsys, "stats", "-d", PROGRAMME / "directory.json", "--clinics", CLINICS, "--top", 3,
                             "--depth", "1", "--uncovered", "--min-supply", "0", "--json")
    assert code == 0, err
    doc = json.loads(out)
    d = lc.Directory.load(PROGRAMME / "directory.json")
    gap = d.skill_gap(CLINICS, depth=1, uncovered=True, min_supply=0, top=3)
    assert [t["skill"] for t in doc["next_topics"]] == list(gap["skill"])
    assert [t["gap"] for t in doc["next_topics"]] == list(gap["gap"])
    assert {r["region"]: r["profiles"] for r in doc["by_region"]} == dict(zip(d.stats().by_region["region"], d.stats().by_region["profiles"]))
    assert doc["profiles"] == len(d)


def test_cli_stats_bad_input_exits_1_naming_the_file(capsys, tmp_path):
    bad = tmp_path / "clinics.json"
    bad.write_text('{"format": "letsconnect.clinics/1", "clinics": [{"id": "c1", "start": "2026-01-14T14:00:00Z", '
                   '"skills": ["underwater-basket-weaving"]}]}', encoding="utf-8")
    code, _, err = run_cli(capsys, "stats", "-d", PROGRAMME / "directory.json", "--clinics", bad)
    assert code == 1
    assert "underwater-basket-weaving" in err and "c1" in err
    code, _, err = run_cli(capsys, "stats", "-d", tmp_path / "missing.json")
    assert code == 1 and "missing.json" in err
    code, _, err = run_cli(capsys, "stats", "-d", PROGRAMME / "directory.json", "--top", "0")
    assert code == 2


def test_skill_gap_coverage_options_need_clinics_and_a_valid_day(directories, clinics):
    d = directories["programme"]
    with pytest.raises(ValueError, match="need the clinics"):
        d.skill_gap(uncovered=True)
    with pytest.raises(ValueError, match="need the clinics"):
        d.skill_gap(covered_since="2026-02-01")
    with pytest.raises(ValueError, match="covered_since"):
        d.skill_gap(clinics, uncovered=True, covered_since="2026/02/01")


def test_skill_gap_problem_names_the_clinics_file(directories, tmp_path):
    path = tmp_path / "clinics.json"
    path.write_text('{"format": "letsconnect.clinics/1", "clinics": [{"id": "c1", "start": "2026-01-14T14:00:00Z", '
                    '"skills": ["underwater-basket-weaving"]}]}', encoding="utf-8")
    with pytest.raises(lc.ValidationError) as caught:
        directories["programme"].skill_gap(path)
    assert caught.value.problems[0].source == str(path)
    assert str(path) in str(caught.value)
