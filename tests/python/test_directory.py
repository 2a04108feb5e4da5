"""Directory: loading, lookup, snapshots, availability in UTC, numpy views, frames, errors."""

from __future__ import annotations

import collections
import copy
import datetime as dt
import gc
import os
import pickle
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import letsconnect as lc
from helpers import DATA, LOCAL_DATA, REGIONS, WEEK, invented_profiles, reference_availability


@pytest.fixture(scope="module")
def sample():
    return lc.sample_directory(week=WEEK)


@pytest.fixture(scope="module")
def good():
    return lc.Directory.load(DATA / "directory_good.json", week=WEEK)


def invented(username="Tesfa Moravi", **kwargs):
    kwargs.setdefault("country", "ET")
    kwargs.setdefault("languages", {"am": "N", "en": "3"})
    return lc.Profile(username, **kwargs)


# --- the bundled sample ----------------------------------------------------------------------


def test_sample_directory_path_is_a_file():
    path = Path(lc.sample_directory_path())
    assert path.is_file()
    assert path.name == "sample_directory.json"
    assert lc.validate_file(path) == []


def test_sample_directory_loads(sample):
    assert len(sample) == 60
    assert sample.week == WEEK
    assert sample.source == lc.sample_directory_path()
    assert sample.taxonomy == lc.Taxonomy.bundled("letsconnect")
    assert sample.import_notes == []
    assert sample.index_bytes() > 0


def test_sample_directory_default_week_is_this_week():
    d = lc.sample_directory()
    assert d.week.weekday() == 0
    assert 0 <= (dt.datetime.now(dt.timezone.utc).date() - d.week).days <= 7  # today's UTC week


def test_sample_spread_matches_its_readme(sample):
    counts = collections.Counter(p.region for p in sample)
    assert counts == {"SSA": 36, "LAC": 6, "SA": 4, "ESEAP": 4, "MENA": 4, "CEECA": 3, "NWE": 2, "NA": 1}
    for p in sample:
        assert lc.country_region(p.country) == p.region
        # everyone can follow a clinic: level 2 or more in one of the clinic languages
        assert any(p.level(c) in ("2", "3", "4", "5", "N") for c in ("en", "es", "fr", "pt", "ar")), p.username


# --- container protocol ------------------------------------------------------------------------


def test_len_iter_usernames(sample):
    profiles = list(sample)
    assert len(profiles) == len(sample) == len(sample.usernames) == 60
    assert [p.username for p in profiles] == sample.usernames
    assert all(isinstance(p, lc.Profile) for p in profiles)
    assert len(set(sample.usernames)) == 60


def test_getitem_get_contains(sample):
    p = sample["Amina Bello"]
    assert isinstance(p, lc.Profile)
    assert p.country == "NG"
    assert sample.get("Amina Bello") == p
    assert "Amina Bello" in sample
    assert sample.get("Nobody Invented Here") is None
    assert "Nobody Invented Here" not in sample
    assert 42 not in sample
    assert None not in sample


@pytest.mark.parametrize(
    "query, username",
    [
        ("Amina_Bello", "Amina Bello"),
        ("amina Bello", "Amina Bello"),  # first letter is case-insensitive
        (" Amina  Bello ", "Amina Bello"),
        ("Amina__Bello", "Amina Bello"),
        ("Chinedu Okafor", "Chinedu_Okafor"),
        ("chinedu_Okafor", "Chinedu_Okafor"),
        ("Seun.Adeyemi", "Seun.Adeyemi"),
        ("kwame A. 90", "Kwame A. 90"),
    ],
)
def test_username_lookup_semantics(sample, query, username):
    assert query in sample
    assert sample[query].username == username
    assert sample.get(query).username == username


@pytest.mark.parametrize("query", ["Amina bello", "AMINA BELLO", "Amina", "Amina Bello2", "Amina B", ""])
def test_username_lookup_is_exact_after_the_first_letter(sample, query):
    assert query not in sample
    assert sample.get(query) is None


def test_unicode_username_lookup(good):
    assert good["Айгуль Сапарова"].country == "KZ"
    assert good["айгуль_Сапарова"].username == "Айгуль Сапарова"  # Cyrillic first letter folded too
    assert good["Lucía_Fernández"].username == "Lucía Fernández"
    decomposed = "Luci\u0301a Ferna\u0301ndez"  # NFD spelling of the same name
    assert good[decomposed].username == "Lucía Fernández"


def test_unknown_username_is_key_error(sample):
    with pytest.raises(KeyError) as info:
        sample["Nobody Invented Here"]
    assert isinstance(info.value, lc.NotFoundError)
    assert isinstance(info.value, lc.LetsConnectError)
    assert info.value.key == "Nobody Invented Here"
    assert str(info.value) == "username 'Nobody Invented Here' not found"


@pytest.mark.parametrize("method", ["availability", "__getitem__"])
def test_unknown_username_in_other_lookups(sample, method):
    with pytest.raises(lc.NotFoundError):
        getattr(sample, method)("Nobody Invented Here")


def test_qids_and_regions_are_canonicalised_on_load(good):
    kwesi = good["Kwesi Boateng"]
    assert kwesi.shares == ["wikidata"]  # given as Q2013
    assert kwesi.region == "SSA"  # derived from GH
    assert good["Mehdi Benali"].gender is None


# --- files ---------------------------------------------------------------------------------------


def test_save_then_load_round_trip(tmp_path, sample):
    path = tmp_path / "directory.json"
    sample.save(path)
    again = lc.Directory.load(path, week=WEEK)
    assert list(again) == list(sample)
    assert again.usernames == sample.usernames
    assert again.taxonomy == sample.taxonomy
    assert again.source == str(path)
    assert np.array_equal(again.availability_matrix(), sample.availability_matrix())


@pytest.mark.parametrize("as_str", [False, True])
def test_save_accepts_str_and_pathlike(tmp_path, good, as_str):
    path = tmp_path / "good.json"
    good.save(str(path) if as_str else path)
    assert list(lc.Directory.load(path, week=WEEK)) == list(good)


def test_saved_file_is_valid_and_versioned(tmp_path, good):
    path = tmp_path / "good.json"
    good.save(path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("{") and text.endswith("\n")
    assert '"format": "letsconnect.directory/1"' in text
    assert "Айгуль Сапарова" in text  # UTF-8, not \u escapes
    assert lc.validate_file(path) == []


def test_atomic_save_leaves_no_temp_files(tmp_path, sample, good):
    path = tmp_path / "directory.json"
    path.write_text("old contents", encoding="utf-8")
    for d in (sample, good, sample):
        d.save(path)
        assert os.listdir(tmp_path) == ["directory.json"]
    assert list(lc.Directory.load(path, week=WEEK)) == list(sample)


def test_save_into_missing_folder_is_file_error(tmp_path, good):
    target = tmp_path / "missing" / "good.json"
    with pytest.raises(lc.FileError) as info:
        good.save(target)
    assert isinstance(info.value, OSError)
    assert info.value.filename == str(target)
    assert not (tmp_path / "missing").exists()


def test_to_json_from_json(good):
    again = lc.Directory.from_json(good.to_json(), week=WEEK)
    assert list(again) == list(good)
    assert again.source == "<memory>"
    assert lc.Directory.from_json(good.to_json(-1), week=WEEK).usernames == good.usernames


def test_inline_taxonomy_round_trip(tmp_path):
    d = lc.Directory.load(LOCAL_DATA / "directory_inline_taxonomy.json", week=WEEK)
    assert d.taxonomy == lc.Taxonomy.load(DATA / "taxonomy_good.json")
    assert d["Tolu Vantreska"].shares == ["raku", "chemistry"]  # Q4000006 → chemistry
    d.save(tmp_path / "inline.json")
    again = lc.Directory.load(tmp_path / "inline.json", week=WEEK)
    assert again.taxonomy == d.taxonomy
    assert list(again) == list(d)


def test_taxonomy_argument_overrides_the_file(good):
    crafts = lc.Taxonomy.load(DATA / "taxonomy_good.json")
    with pytest.raises(lc.ValidationError) as info:
        lc.Directory.load(DATA / "directory_good.json", taxonomy=crafts, week=WEEK)
    assert {p.field for p in info.value.problems} <= {"shares", "learns", "knows"}
    assert all("not in taxonomy 'test-crafts'" in p.message for p in info.value.problems)
    same = lc.Directory.load(DATA / "directory_good.json", taxonomy="letsconnect", week=WEEK)
    assert list(same) == list(good)


# --- broken files --------------------------------------------------------------------------------

BROKEN_DIRECTORIES = [
    # file, exception, expected (where, field) pairs
    ("directory_bad_country.json", lc.ValidationError, [("profile 'Noor Rahman' (profiles[1])", "country")]),
    ("directory_bad_level.json", lc.ValidationError, [("profile 'Ana Souza' (profiles[1])", "languages.en")]),
    ("directory_bad_timezone.json", lc.ValidationError, [("profile 'Elif Demir' (profiles[1])", "timezone")]),
    ("directory_duplicate_username.json", lc.ValidationError, [("profile 'Kofi Mensah' (profiles[2])", "username")]),
    ("directory_unknown_skill.json", lc.ValidationError, [("profile 'Marta Kowalczyk' (profiles[1])", "learns")]),
    ("directory_wrong_types.json", lc.ValidationError, [
        ("profile 'Rana Haddad' (profiles[1])", "languages"),
        ("profile 'Tomas Lindqvist' (profiles[2])", "shares"),
        ("profile 'Tomas Lindqvist' (profiles[2])", "registered"),
    ]),
    ("directory_several_bad.json", lc.ValidationError, [
        ("profile 'Ana Souza' (profiles[1])", "languages.en"),
        ("profile 'Noor Rahman' (profiles[2])", "country"),
        ("profile 'Elif Demir' (profiles[3])", "timezone"),
        ("profile 'Marta Kowalczyk' (profiles[4])", "learns"),
        ("profile 'Hiroshi Tanaka' (profiles[5])", "availability[0]"),
    ]),
]


@pytest.mark.parametrize("file, exc, expected", BROKEN_DIRECTORIES, ids=[b[0] for b in BROKEN_DIRECTORIES])
def test_broken_directory_files(file, exc, expected):
    path = DATA / file
    with pytest.raises(exc) as info:
        lc.Directory.load(path, week=WEEK)
    problems = info.value.problems
    assert sorted((p.where, p.field) for p in problems) == sorted(expected)
    assert all(p.source == str(path) for p in problems)
    assert not any("Yaw Ofori" in p.where for p in problems)
    message = str(info.value)
    assert str(path) in message
    for where, field in expected:
        assert f"{where}: {field}: " in message


@pytest.mark.parametrize("file, line", [("directory_truncated.json", 5), ("directory_non_utf8.json", 5)])
def test_malformed_directory_files_are_format_errors(file, line):
    path = DATA / file
    with pytest.raises(lc.FormatError) as info:
        lc.Directory.load(path, week=WEEK)
    err = info.value
    assert (err.source, err.line) == (str(path), line)
    assert err.column > 0
    assert str(err).startswith(f"{path}:{line}:{err.column}: ")


def test_non_utf8_file_names_the_encoding_problem():
    with pytest.raises(lc.FormatError) as info:
        lc.Directory.load(DATA / "directory_non_utf8.json", week=WEEK)
    assert "UTF-8" in str(info.value) or "utf-8" in str(info.value).lower()


@pytest.mark.parametrize(
    "file, exc, json_path, field",
    [
        ("directory_wrong_format.json", lc.FormatError, "format", None),
        ("directory_unknown_taxonomy.json", lc.FormatError, "taxonomy", None),
        ("directory_unknown_field.json", lc.ValidationError, None, "favourite_colour"),
    ],
)
def test_more_broken_directory_files(file, exc, json_path, field):
    path = LOCAL_DATA / file
    with pytest.raises(exc) as info:
        lc.Directory.load(path, week=WEEK)
    assert str(path) in str(info.value)
    if json_path is not None:
        assert info.value.json_path == json_path
        assert info.value.line == 0
        assert f"{path}: {json_path}: " in str(info.value)
    else:
        assert [(p.where, p.field) for p in info.value.problems] == [("profile 'Sefa Miradi' (profiles[1])", field)]


def test_missing_file_is_file_error(tmp_path):
    missing = tmp_path / "absent.json"
    with pytest.raises(OSError) as info:
        lc.Directory.load(missing)
    assert isinstance(info.value, lc.FileError)
    assert info.value.filename == str(missing)
    assert str(missing) in str(info.value)


def test_folder_is_not_a_directory_file(tmp_path):
    with pytest.raises(lc.LetsConnectError) as info:
        lc.Directory.load(tmp_path)
    assert str(tmp_path) in str(info.value)


@pytest.mark.parametrize("text, exc", [
    ("[]", lc.FormatError),
    ("{}", lc.FormatError),
    ('{"format": "letsconnect.directory/1"}', lc.FormatError),
    ('{"format": "letsconnect.directory/1", "profiles": {}}', lc.FormatError),
    ('{"format": "letsconnect.directory/1", "profiles": [], "extra": 1}', lc.FormatError),
    ('{"format": "letsconnect.directory/1", "profiles": [42]}', lc.ValidationError),
    ('{"format": "letsconnect.directory/1", "profiles": [{"name": "No Username"}]}', lc.ValidationError),
])
def test_from_json_shapes(text, exc):
    with pytest.raises(exc):
        lc.Directory.from_json(text, week=WEEK)


def test_directory_requires_profiles():
    with pytest.raises(TypeError):
        lc.Directory([{"username": "Tesfa Moravi"}])  # dicts are not Profiles
    with pytest.raises(lc.ValidationError) as info:
        lc.Directory([invented("Tesfa Moravi"), invented("Tesfa_Moravi")], week=WEEK)
    assert [p.field for p in info.value.problems] == ["username"]


def test_profiles_with_unknown_skills_are_rejected_by_the_directory():
    with pytest.raises(lc.ValidationError) as info:
        lc.Directory([invented(shares=["mentoring", "juggling"])], week=WEEK)
    [problem] = info.value.problems
    assert (problem.field, problem.where) == ("shares", "profile 'Tesfa Moravi' (profiles[0])")
    assert "juggling" in problem.message


# --- snapshots -----------------------------------------------------------------------------------


def test_with_profiles_adds_and_replaces(sample):
    newcomer = invented("Tesfa Moravi")
    replacement = sample["Amina Bello"].replace(country="GH", region="SSA", shares=["mentoring"])
    bigger = sample.with_profiles([newcomer, replacement])
    assert len(bigger) == 61
    assert bigger["Tesfa Moravi"] == newcomer
    assert bigger["Amina Bello"].shares == ["mentoring"]
    assert bigger.usernames[0] == "Amina Bello"  # replaced in place
    assert bigger.usernames[-1] == "Tesfa Moravi"  # added at the end
    # the original snapshot is unchanged
    assert len(sample) == 60
    assert "Tesfa Moravi" not in sample
    assert sample["Amina Bello"].shares == ["event-organising"]
    assert bigger.week == sample.week
    assert "Amina Bello" in bigger.search(shares="mentoring", country="GH")


def test_with_profiles_replaces_by_username_key(sample):
    updated = sample.with_profiles([sample["Amina Bello"].replace(role="treasurer")])
    renamed = lc.Profile.from_dict({**sample["Amina Bello"].to_dict(), "username": "Amina_Bello"})
    by_key = sample.with_profiles([renamed])
    assert len(updated) == len(by_key) == 60
    assert updated["Amina Bello"].role == "treasurer"
    assert by_key["Amina Bello"].username == "Amina_Bello"


def test_with_profiles_validates(sample):
    with pytest.raises(lc.ValidationError):
        sample.with_profiles([invented(learns=["juggling"])])


@pytest.mark.parametrize("week, monday", [
    ("2026-03-02", dt.date(2026, 3, 2)),
    ("2026-03-08", dt.date(2026, 3, 2)),  # Sunday
    (dt.date(2026, 3, 4), dt.date(2026, 3, 2)),
    (dt.datetime(2026, 3, 9, 23, 59), dt.date(2026, 3, 9)),
    ("2024-02-29", dt.date(2024, 2, 26)),
])
def test_week_is_the_monday(week, monday):
    assert lc.Directory([], week=week).week == monday
    assert lc.Directory([]).for_week(week).week == monday


@pytest.mark.parametrize("week", ["2026-13-01", "next week", "2026-02-30"])
def test_bad_week_is_validation_error(week):
    with pytest.raises(lc.ValidationError):
        lc.Directory([], week=week)


@pytest.mark.parametrize("week", [20260302, 3.5])
def test_week_of_wrong_type_is_type_error(week):
    with pytest.raises(TypeError):
        lc.Directory([], week=week)


def test_for_week_needs_a_day(sample):
    with pytest.raises(TypeError):
        sample.for_week(None)


def test_for_week_dst_change_new_york():
    p = lc.Profile("Dorian Vell", country="US", timezone="America/New_York", availability=[("mon", "12:00", "13:00")])
    winter = lc.Directory([p], week="2026-03-02")
    summer = winter.for_week("2026-03-09")  # DST began Sunday 8 March 2026
    assert summer.week == dt.date(2026, 3, 9)
    assert winter.week == dt.date(2026, 3, 2)  # for_week builds a new snapshot
    # 12:00 EST = 17:00 UTC; 12:00 EDT = 16:00 UTC
    assert np.flatnonzero(winter.availability("Dorian Vell")).tolist() == list(range(17 * 4, 18 * 4))
    assert np.flatnonzero(summer.availability("Dorian Vell")).tolist() == list(range(16 * 4, 17 * 4))
    assert list(summer) == list(winter)


@pytest.mark.parametrize("week, overlap", [
    ("2026-03-02", 0),   # both on winter time: 6 h apart
    ("2026-03-09", 4),   # New York on summer time, Berlin not yet: 5 h apart
    ("2026-03-23", 4),
    ("2026-03-30", 0),   # both on summer time: 6 h apart again
    ("2026-07-06", 0),
])
def test_berlin_new_york_overlap_depends_on_the_week(week, overlap):
    berlin = lc.Profile("Lenz Quartau", country="DE", timezone="Europe/Berlin", availability=[("mon", "18:00", "19:00")])
    new_york = lc.Profile("Dorian Vell", country="US", timezone="America/New_York", availability=[("mon", "13:00", "14:00")])
    d = lc.Directory([berlin, new_york], week=week)
    both = d.availability("Lenz Quartau") & d.availability("Dorian Vell")
    assert int(both.sum()) == overlap


# --- availability in UTC -------------------------------------------------------------------------


def test_availability_shape_and_dtype(sample):
    a = sample.availability("Amina Bello")
    assert a.shape == (7, 96)
    assert a.dtype == np.bool_
    # Lagos is UTC+1: mon 18:00-21:00 → 17:00-20:00 UTC; sat 10:00-13:00 → 09:00-12:00 UTC
    assert np.flatnonzero(a[0]).tolist() == list(range(68, 80))
    assert np.flatnonzero(a[5]).tolist() == list(range(36, 48))
    assert a.sum() == 24


def test_availability_returns_a_fresh_array(sample):
    a = sample.availability("Amina Bello")
    a[:] = False  # writable copy; the directory is not affected
    assert sample.availability("Amina Bello").sum() == 24


@pytest.mark.parametrize("username, slots", [
    ("Priyanka.R", [("tue", 14 * 4, 15 * 4 + 2)]),        # Kolkata +05:30: 19:30-21:00 → 14:00-15:30
    ("Bishnu Thapa", [("wed", 1 * 4, 2 * 4 + 1)]),         # Kathmandu +05:45: 06:45-08:00 → 01:00-02:15
    ("Lucía Fernández", [("sat", 1 * 4, 4 * 4)]),          # Buenos Aires -03: fri 22:00-01:00 → sat 01:00-04:00
])
def test_availability_half_quarter_hour_zones_and_midnight(good, username, slots):
    a = good.availability(username)
    expected = np.zeros((7, 96), dtype=bool)
    for day, begin, end in slots:
        expected[["mon", "tue", "wed", "thu", "fri", "sat", "sun"].index(day), begin:end] = True
    assert np.array_equal(a, expected)


@pytest.mark.parametrize("week", ["2026-03-02", "2026-03-09", "2026-03-30", "2026-10-05", "2026-10-26", "2026-11-02",
                                  "2024-03-04", "2023-06-12"])
def test_availability_matches_zoneinfo_reference(week):
    for d in (lc.sample_directory(week=week), lc.Directory.load(DATA / "directory_good.json", week=week)):
        for p in d:
            assert np.array_equal(d.availability(p.username), reference_availability(p, d.week)), (week, p.username)


def test_availability_of_random_profiles_matches_reference():
    d = lc.Directory(invented_profiles(150, seed=11), week="2026-10-26")
    for p in d:
        assert np.array_equal(d.availability(p.username), reference_availability(p, d.week)), p.to_dict()


# --- numpy views ---------------------------------------------------------------------------------


def _unpack(column: np.ndarray, bits: int) -> np.ndarray:
    """uint64 words (words,) → bool (bits,), bit b of word w = index 64 w + b."""
    return np.unpackbits(column.astype("<u8").view(np.uint8), bitorder="little")[:bits].astype(bool)


def test_availability_matrix_is_a_read_only_view(sample):
    m = sample.availability_matrix()
    assert m.dtype == np.uint64
    assert m.shape == (11, 60)
    assert not m.flags.writeable
    with pytest.raises(ValueError):
        m[0, 0] = 1
    assert np.shares_memory(m, sample.availability_matrix())


def test_availability_matrix_agrees_with_availability(sample):
    m = sample.availability_matrix()
    for i, name in enumerate(sample.usernames):
        assert np.array_equal(_unpack(m[:, i], 672), sample.availability(name).reshape(-1))


def test_skill_matrix_is_a_read_only_view(sample):
    tax = sample.taxonomy
    words = (len(tax) + 63) // 64
    for which in ("shares", "learns", "knows"):
        m = sample.skill_matrix(which)
        assert m.dtype == np.uint64
        assert m.shape == (words, 60)
        assert not m.flags.writeable
        assert np.shares_memory(m, sample.skill_matrix(which))
    assert not np.shares_memory(sample.skill_matrix("shares"), sample.skill_matrix("learns"))
    assert np.array_equal(sample.skill_matrix(), sample.skill_matrix("shares"))


@pytest.mark.parametrize("which", ["shares", "learns", "knows"])
def test_skill_matrix_bits_are_taxonomy_positions(sample, which):
    ids = sample.taxonomy.ids
    m = sample.skill_matrix(which)
    for i, p in enumerate(sample):
        bits = _unpack(m[:, i], len(ids))
        assert {ids[b] for b in np.flatnonzero(bits)} == set(getattr(p, which))


def test_skill_matrix_bad_set(sample):
    with pytest.raises(lc.ValidationError):
        sample.skill_matrix("teaches")


def test_views_keep_the_directory_alive():
    d = lc.Directory.load(DATA / "directory_good.json", week=WEEK)
    expected_avail = d.availability_matrix().copy()
    expected_skills = d.skill_matrix("learns").copy()
    avail, skills = d.availability_matrix(), d.skill_matrix("learns")
    assert avail.base is d and skills.base is d
    del d
    gc.collect()
    assert isinstance(avail.base, lc.Directory)
    assert len(avail.base) == 9
    assert avail.base.usernames[0] == "Zainab Lawal"
    _ = [lc.Directory(invented_profiles(50, seed=k), week=WEEK) for k in range(5)]  # reuse freed memory, if any
    assert np.array_equal(avail, expected_avail)
    assert np.array_equal(skills, expected_skills)


def test_empty_directory_views():
    d = lc.Directory([], week=WEEK)
    assert d.availability_matrix().shape == (11, 0)
    assert d.skill_matrix().shape == ((len(d.taxonomy) + 63) // 64, 0)
    assert len(d) == 0 and d.usernames == [] and list(d) == []


# --- frames --------------------------------------------------------------------------------------

FRAME_COLUMNS = ["username", "name", "aliases", "emails", "region", "country", "languages", "timezone", "availability",
                 "shares", "learns", "knows", "affiliations", "registered", "gender", "role"]


def test_to_frame_columns_and_dtypes(sample):
    frame = sample.to_frame()
    assert list(frame.columns) == FRAME_COLUMNS
    assert len(frame) == 60
    assert isinstance(frame["region"].dtype, pd.CategoricalDtype)
    assert list(frame["region"].cat.categories) == REGIONS
    assert pd.api.types.is_datetime64_any_dtype(frame["registered"])
    assert frame["username"].tolist() == sample.usernames


def test_to_frame_values(good):
    frame = good.to_frame().set_index("username")
    row = frame.loc["Zainab Lawal"]
    assert row["languages"] == {"ha": "N", "en": "4"}
    assert row["availability"] == [("mon", "18:00", "21:00"), ("sat", "10:00", "12:00")]
    assert row["registered"] == pd.Timestamp("2024-03-11")
    assert row["aliases"] == ["Zainab L", "zainab_wm"]
    mehdi = frame.loc["Mehdi Benali"]
    assert mehdi["gender"] is None and mehdi["name"] is None
    assert pd.isna(mehdi["registered"])
    assert mehdi["affiliations"] == []


def test_frame_round_trip(sample, good):
    for d in (sample, good):
        again = lc.Directory.from_frame(d.to_frame(), week=d.week)
        assert list(again) == list(d)
        assert again.week == d.week


def test_from_frame_minimal_columns():
    frame = pd.DataFrame({"username": ["Tesfa Moravi", "Ilse Wanrook"], "country": ["ET", None],
                          "shares": [["mentoring"], []]})
    d = lc.Directory.from_frame(frame, week=WEEK)
    assert d.usernames == ["Tesfa Moravi", "Ilse Wanrook"]
    assert d["Tesfa Moravi"].region == "SSA"
    assert d["Ilse Wanrook"].country is None
    assert d.search(shares="interpersonal") == ["Tesfa Moravi"]


def test_from_frame_with_custom_taxonomy():
    crafts = lc.Taxonomy.load(DATA / "taxonomy_good.json")
    frame = pd.DataFrame({"username": ["Tesfa Moravi"], "shares": [["raku"]]})
    d = lc.Directory.from_frame(frame, taxonomy=crafts, week=WEEK)
    assert d.taxonomy == crafts
    assert d.search(shares="craft") == ["Tesfa Moravi"]


def test_from_frame_unknown_column(sample):
    frame = sample.to_frame().assign(shoe_size=42)
    with pytest.raises(lc.ValidationError) as info:
        lc.Directory.from_frame(frame)
    [problem] = info.value.problems
    assert problem.field == "columns"
    assert "shoe_size" in problem.message


def test_from_frame_needs_username():
    with pytest.raises(lc.ValidationError) as info:
        lc.Directory.from_frame(pd.DataFrame({"country": ["ET"]}))
    assert info.value.problems[0].field == "columns"


def test_from_frame_bad_row_names_row_and_field(good):
    frame = good.to_frame()
    frame.loc[3, "timezone"] = "Mars/Olympus_Mons"
    with pytest.raises(lc.ValidationError) as info:
        lc.Directory.from_frame(frame, week=WEEK)
    [problem] = info.value.problems
    assert problem.field == "timezone"
    assert "profiles[3]" in problem.where


# --- value behaviour -----------------------------------------------------------------------------


def test_pickle(sample, good):
    for d in (sample, good, lc.Directory.load(LOCAL_DATA / "directory_inline_taxonomy.json", week=WEEK)):
        again = pickle.loads(pickle.dumps(d))
        assert list(again) == list(d)
        assert again.week == d.week
        assert again.taxonomy == d.taxonomy
        assert np.array_equal(again.availability_matrix(), d.availability_matrix())
        assert np.array_equal(again.skill_matrix("knows"), d.skill_matrix("knows"))


def test_copy_returns_the_same_immutable_snapshot(sample):
    assert copy.copy(sample) is sample
    assert copy.deepcopy(sample) is sample


def test_repr(sample):
    assert repr(sample) == "<letsconnect.Directory: 60 profiles, taxonomy 'letsconnect', week of 2026-03-02>"
    capx = lc.Directory([], taxonomy="capx", week="2026-03-11")
    assert repr(capx) == "<letsconnect.Directory: 0 profiles, taxonomy 'capx', week of 2026-03-09>"


# --- threads (GIL released around pure C++ work) ---------------------------------------------


def _work(profiles):
    loaded = lc.Directory.load(lc.sample_directory_path(), week=WEEK)
    built = lc.Directory(profiles, week=WEEK)
    return (
        loaded.to_json(),
        built.to_json(),
        built.search(shares="organisational", language=["en", "fr"], min_level=2),
        built.availability_matrix().copy(),
        loaded.for_week("2026-03-09").availability_matrix().copy(),
    )


def test_threads_give_the_same_results_as_sequential_calls():
    inputs = [invented_profiles(400, seed=seed) for seed in range(4)]
    sequential = [_work(profiles) for profiles in inputs]
    barrier = threading.Barrier(4)

    def run(profiles):
        barrier.wait()  # start together so the work really overlaps
        return [_work(profiles) for _ in range(3)]

    with ThreadPoolExecutor(max_workers=4) as pool:
        threaded = list(pool.map(run, inputs))
    for expected, runs in zip(sequential, threaded):
        for got in runs:
            assert got[:3] == expected[:3]
            assert np.array_equal(got[3], expected[3])
            assert np.array_equal(got[4], expected[4])


def test_one_directory_shared_by_threads(sample):
    queries = [dict(shares="grants-resources"), dict(region="SSA", language="fr"), dict(learns="on-wiki-technical"),
               dict(country=["NG", "KE"], min_level="N", language="en")]
    expected = [sample.search(**q) for q in queries]

    def run(_):
        return [[sample.search(**q) for q in queries] for _ in range(50)]

    with ThreadPoolExecutor(max_workers=4) as pool:
        for results in pool.map(run, range(4)):
            assert all(r == expected for r in results)


def test_threads_loading_a_copied_file(tmp_path):
    paths = []
    for k in range(4):
        target = tmp_path / f"copy{k}.json"
        shutil.copy(DATA / "directory_good.json", target)
        paths.append(target)
    with ThreadPoolExecutor(max_workers=4) as pool:
        loaded = list(pool.map(lambda p: lc.Directory.load(p, week=WEEK), paths))
    reference = list(lc.Directory.load(DATA / "directory_good.json", week=WEEK))
    for d, path in zip(loaded, paths):
        assert list(d) == reference
        assert d.source == str(path)


def test_duplicate_json_keys_are_format_errors_not_silently_replaced():
    with pytest.raises(lc.FormatError) as info:
        lc.Directory.load(DATA / "directory_duplicate_key.json")
    assert info.value.json_path == "profiles[1].shares"
    assert "duplicate key 'shares'" in str(info.value)


def test_save_keeps_the_permissions_of_the_replaced_file(tmp_path):
    import os
    import stat

    d = lc.sample_directory()
    path = tmp_path / "private.json"
    d.save(path)
    os.chmod(path, 0o600)
    d.save(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["private.json"]


def test_from_frame_accepts_nullable_dtypes():
    d = lc.sample_directory(week=WEEK)
    frame = d.to_frame().convert_dtypes()
    frame.loc[0, "name"] = pd.NA
    back = lc.Directory.from_frame(frame)
    assert back[frame.loc[0, "username"]].name is None
    assert back.week == d.week
    assert len(back) == len(d)
