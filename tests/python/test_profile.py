"""Profile: a validated, immutable value type."""

from __future__ import annotations

import copy
import datetime as dt
import json
import pickle

import pytest

import letsconnect as lc


def full_profile(**changes):
    kwargs = dict(
        name="Oyelaran Tibo",
        aliases=["Oye T", "oyelaran_t"],
        country="NG",
        languages={"yo": "N", "en": "4", "fr": "1"},
        timezone="Africa/Lagos",
        availability=[("mon", "18:00", "21:00"), {"day": "sat", "start": "22:30", "end": "01:00"}],
        shares=["event-organising", "Q2013"],
        learns=["grant-writing"],
        knows=["event-organising", "wikidata", "editathons"],
        affiliations=["Invented Wikimedians of Testland"],
        registered=dt.date(2024, 5, 17),
        gender="female",
        role="newcomer organiser",
    )
    kwargs.update(changes)
    return lc.Profile("Oyelaran_Tibo", **kwargs)


def test_keyword_construction():
    p = full_profile()
    assert p.username == "Oyelaran_Tibo"
    assert p.key == "Oyelaran Tibo"
    assert p.name == "Oyelaran Tibo"
    assert p.aliases == ["Oye T", "oyelaran_t"]
    assert p.country == "NG"
    assert p.region == "SSA"  # derived from the country
    assert p.languages == {"yo": "N", "en": "4", "fr": "1"}
    assert list(p.languages) == ["yo", "en", "fr"]  # order as given
    assert p.timezone == "Africa/Lagos"
    assert p.availability == [("mon", "18:00", "21:00"), ("sat", "22:30", "01:00")]
    assert p.shares == ["event-organising", "Q2013"]  # a bare profile keeps the QID; a Directory canonicalises
    assert p.learns == ["grant-writing"]
    assert p.knows == ["event-organising", "wikidata", "editathons"]
    assert p.affiliations == ["Invented Wikimedians of Testland"]
    assert p.registered == dt.date(2024, 5, 17)
    assert (p.gender, p.role) == ("female", "newcomer organiser")


def test_minimal_profile_has_empty_fields():
    p = lc.Profile("Tamsa Rulo")
    assert (p.name, p.region, p.country, p.timezone, p.registered, p.gender, p.role) == (None,) * 7
    assert (p.aliases, p.shares, p.learns, p.knows, p.affiliations, p.availability) == ([],) * 6
    assert p.languages == {}
    assert p.to_dict() == {"username": "Tamsa Rulo"}


@pytest.mark.parametrize(
    "country, region",
    [("NG", "SSA"), ("ng", "SSA"), ("EG", "MENA"), ("ID", "ESEAP"), ("NP", "SA"), ("KZ", "CEECA"), ("DE", "NWE"),
     ("BR", "LAC"), ("US", "NA"), ("CA", "NA"), ("XK", "CEECA"), ("TR", "MENA")],
)
def test_region_derived_from_country(country, region):
    p = lc.Profile("Vemi Arto", country=country)
    assert p.country == country.upper()
    assert p.region == region


@pytest.mark.parametrize("given, region", [("NA", "NA"), ("usca", "NA"), ("CEE", "CEECA"), ("ssa", "SSA"), ("Lac", "LAC")])
def test_region_given_and_aliases(given, region):
    assert lc.Profile("Vemi Arto", region=given).region == region


def test_explicit_region_wins_over_country_when_consistent():
    p = lc.Profile("Vemi Arto", region="NA", country="US")
    assert (p.region, p.country) == ("NA", "US")


def test_region_contradicting_country_is_invalid():
    # profile.hpp: validate() checks "region/country consistency".
    with pytest.raises(lc.ValidationError) as info:
        lc.Profile("Vemi Arto", region="NWE", country="GH")
    assert {p.field for p in info.value.problems} & {"region", "country"}


@pytest.mark.parametrize(
    "languages, expected",
    [
        ({"en": "3"}, {"en": "3"}),
        ({"en": 3}, {"en": "3"}),
        ({"en": 0}, {"en": "0"}),
        ({"pt-br": "N"}, {"pt-br": "N"}),
        ({"sw": "n"}, {"sw": "N"}),  # CapX spelling
        ({"zh-hant": "2", "sr-latn": "5"}, {"zh-hant": "2", "sr-latn": "5"}),
    ],
)
def test_languages(languages, expected):
    p = lc.Profile("Vemi Arto", languages=languages)
    assert p.languages == expected
    for code, level in expected.items():
        assert p.level(code) == level
    assert p.level("xx") is None


@pytest.mark.parametrize(
    "windows, expected",
    [
        ([("mon", "18:00", "21:00")], [("mon", "18:00", "21:00")]),
        ([{"day": "tue", "start": "07:15", "end": "08:45"}], [("tue", "07:15", "08:45")]),
        ([("Monday", "22:00", "01:00")], [("mon", "22:00", "01:00")]),  # crosses midnight
        ([("SUN", "23:00", "24:00")], [("sun", "23:00", "24:00")]),
        ([("fri", "00:00", "24:00"), ("sat", "06:30", "07:00")], [("fri", "00:00", "24:00"), ("sat", "06:30", "07:00")]),
        ((w for w in [("thu", "12:00", "13:00")]), [("thu", "12:00", "13:00")]),  # any iterable
    ],
)
def test_availability_tuples_and_dicts(windows, expected):
    p = lc.Profile("Vemi Arto", timezone="Asia/Kathmandu", availability=windows)
    assert p.availability == expected


@pytest.mark.parametrize(
    "registered",
    [dt.date(2023, 4, 2), "2023-04-02", dt.datetime(2023, 4, 2, 23, 59)],
)
def test_registered_as_date_or_str(registered):
    p = lc.Profile("Vemi Arto", registered=registered)
    assert p.registered == dt.date(2023, 4, 2)
    assert type(p.registered) is dt.date
    assert p.to_dict()["registered"] == "2023-04-02"


def test_leap_day_registration():
    assert lc.Profile("Vemi Arto", registered="2024-02-29").registered == dt.date(2024, 2, 29)


def test_none_means_absent():
    p = lc.Profile("Vemi Arto", name=None, country=None, languages=None, timezone=None, registered=None, gender=None)
    assert p == lc.Profile("Vemi Arto")


@pytest.mark.parametrize(
    "kwargs, field",
    [
        (dict(country="XX"), "country"),
        (dict(country="NGA"), "country"),
        (dict(country=566), "country"),
        (dict(region="ZZ"), "region"),
        (dict(region="Africa"), "region"),
        (dict(languages={"en": "7"}), "languages.en"),
        (dict(languages={"en": 6}), "languages.en"),
        (dict(languages={"en": -1}), "languages.en"),
        (dict(languages={"en": "native"}), "languages.en"),
        (dict(languages={"EN": "3"}), "languages"),
        (dict(languages={"english": "3"}), "languages"),
        (dict(languages=["en", "fr"]), "languages"),
        (dict(timezone="Mars/Olympus_Mons"), "timezone"),
        (dict(timezone="utc"), "timezone"),
        (dict(availability=[("mon", "18:00", "19:00")]), "timezone"),  # local time needs a zone
        (dict(timezone="UTC", availability=[("mon", "18:10", "19:00")]), "availability[0]"),
        (dict(timezone="UTC", availability=[("mon", "18:00", "18:00")]), "availability[0]"),
        (dict(timezone="UTC", availability=[("mon", "09:00", "10:00"), ("xyz", "18:00", "19:00")]), "availability[1].day"),
        (dict(timezone="UTC", availability=[("mon", "7pm", "19:00")]), "availability[0].start"),
        (dict(timezone="UTC", availability=[("mon", "18:00", "25:00")]), "availability[0].end"),
        (dict(timezone="UTC", availability=[{"day": "mon", "start": "18:00"}]), "availability[0]"),
        (dict(timezone="UTC", availability=[{"day": "mon", "start": "18:00", "end": "19:00", "note": "x"}]), "availability[0]"),
        (dict(timezone="UTC", availability="mon 18:00-19:00"), "availability[0]"),
        (dict(registered="2024-02-30"), "registered"),
        (dict(registered="02/03/2024"), "registered"),
        (dict(registered=20240101), "registered"),
        (dict(shares=["mentoring", "mentoring"]), "shares"),
        (dict(learns=[""]), "learns"),
        (dict(knows=[3.5]), "knows[0]"),
        (dict(shares="mentoring"), "shares"),
        (dict(aliases="Vemi A"), "aliases"),
        (dict(aliases=[1]), "aliases[0]"),
        (dict(name=5), "name"),
        (dict(gender=3), "gender"),
        (dict(role=["organiser"]), "role"),
        (dict(favourite_colour="teal"), "favourite_colour"),
    ],
)
def test_invalid_field_names_the_field(kwargs, field):
    with pytest.raises(lc.ValidationError) as info:
        lc.Profile("Vemi Arto", **kwargs)
    problems = info.value.problems
    assert field in [p.field for p in problems], [str(p) for p in problems]
    assert all("Vemi Arto" in p.where for p in problems)
    assert field in str(info.value)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("username", ["", "   ", "___", None])
def test_blank_username_is_invalid(username):
    with pytest.raises(lc.ValidationError) as info:
        lc.Profile(username)
    assert [p.field for p in info.value.problems] == ["username"]


def test_several_problems_all_reported():
    with pytest.raises(lc.ValidationError) as info:
        lc.Profile("Vemi Arto", country="XX", timezone="Mars/Base", languages={"fr": "9"})
    assert sorted(p.field for p in info.value.problems) == ["country", "languages.fr", "timezone"]


def test_positional_arguments_beyond_username_are_rejected():
    with pytest.raises(TypeError):
        lc.Profile("Vemi Arto", "Vemi")  # type: ignore[misc]


# --- dicts and JSON ----------------------------------------------------------------------------


def test_to_dict_shape():
    d = full_profile().to_dict()
    assert d == {
        "username": "Oyelaran_Tibo",
        "name": "Oyelaran Tibo",
        "aliases": ["Oye T", "oyelaran_t"],
        "region": "SSA",
        "country": "NG",
        "languages": {"yo": "N", "en": "4", "fr": "1"},
        "timezone": "Africa/Lagos",
        "availability": [{"day": "mon", "start": "18:00", "end": "21:00"}, {"day": "sat", "start": "22:30", "end": "01:00"}],
        "shares": ["event-organising", "Q2013"],
        "learns": ["grant-writing"],
        "knows": ["event-organising", "wikidata", "editathons"],
        "affiliations": ["Invented Wikimedians of Testland"],
        "registered": "2024-05-17",
        "gender": "female",
        "role": "newcomer organiser",
    }


@pytest.mark.parametrize("profile", [
    full_profile(),
    lc.Profile("Tamsa Rulo"),
    lc.Profile("Айнур Тестова", country="kz", languages={"kk": "N", "ru": 4}),
    lc.Profile("Noa Pilimo", region="ESEAP", timezone="Pacific/Fiji", availability=[("sun", "23:45", "00:15")]),
])
def test_dict_and_json_round_trip(profile):
    assert lc.Profile.from_dict(profile.to_dict()) == profile
    assert lc.Profile.from_json(profile.to_json()) == profile
    assert lc.Profile.from_json(profile.to_json(2)) == profile
    assert json.loads(profile.to_json()) == profile.to_dict()


def test_from_dict_accepts_file_spelling():
    p = lc.Profile.from_dict({"username": "Tamsa Rulo", "affiliation": "Invented User Group", "languages": {"en": "2"}})
    assert p.affiliations == ["Invented User Group"]


def test_from_dict_validates():
    with pytest.raises(lc.ValidationError) as info:
        lc.Profile.from_dict({"username": "Tamsa Rulo", "country": "XX"})
    assert [p.field for p in info.value.problems] == ["country"]


def test_from_json_malformed_is_format_error():
    with pytest.raises(lc.FormatError) as info:
        lc.Profile.from_json('{"username": "Tamsa Rulo",')
    assert info.value.line == 1


# --- replace, equality, hash, pickle, copy, repr ---------------------------------------------


def test_replace_changes_only_the_given_fields():
    p = full_profile()
    q = p.replace(country="KE", timezone="Africa/Nairobi")
    assert (q.country, q.timezone) == ("KE", "Africa/Nairobi")
    assert q.languages == p.languages and q.shares == p.shares and q.registered == p.registered
    assert (p.country, p.timezone) == ("NG", "Africa/Lagos")  # the original is unchanged
    assert q != p


def test_replace_none_removes_a_field():
    q = full_profile().replace(gender=None, role=None)
    assert (q.gender, q.role) == (None, None)


def test_replace_validates():
    with pytest.raises(lc.ValidationError) as info:
        full_profile().replace(timezone="Mars/Base")
    assert [p.field for p in info.value.problems] == ["timezone"]


def test_replace_country_rederives_region():
    q = lc.Profile("Vemi Arto", country="NG").replace(country="BR")
    assert (q.country, q.region) == ("BR", "LAC")


def test_equality():
    assert full_profile() == full_profile()
    assert full_profile() != full_profile(role="treasurer")
    assert full_profile() != "Oyelaran_Tibo"
    assert (full_profile() == 3) is False
    assert lc.Profile("Vemi Arto", languages={"en": 3}) == lc.Profile("Vemi Arto", languages={"en": "3"})


def test_hash_consistent_with_equality():
    a, b = full_profile(), full_profile()
    assert hash(a) == hash(b)
    assert len({a, b, full_profile(role="treasurer")}) == 2


def test_pickle():
    p = full_profile()
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        assert pickle.loads(pickle.dumps(p, protocol=protocol)) == p


def test_copy():
    p = full_profile()
    assert copy.copy(p) == p
    assert copy.deepcopy(p) == p
    assert copy.deepcopy({"k": [p]}) == {"k": [p]}


@pytest.mark.parametrize("profile, text", [
    (full_profile(), "<letsconnect.Profile(username='Oyelaran_Tibo', country='NG', region='SSA', languages=3, shares=2, learns=1)>"),
    (lc.Profile("Tamsa Rulo"), "<letsconnect.Profile(username='Tamsa Rulo', languages=0, shares=0, learns=0)>"),
])
def test_repr(profile, text):
    assert repr(profile) == text


@pytest.mark.parametrize("username, key", [
    ("Amina_Bello", "Amina Bello"),
    ("  amina   bello ", "Amina bello"),
    ("amina_Bello", "Amina Bello"),
    ("éloïse_Test", "Éloïse Test"),
    ("e\u0301mile Test", "\u00c9mile Test"),  # NFC
])
def test_username_key(username, key):
    assert lc.username_key(username) == key
    assert lc.Profile(username).key == key


@pytest.mark.parametrize("zone, ok", [("Africa/Lagos", True), ("Asia/Kathmandu", True), ("UTC", True),
                                      ("America/Argentina/Buenos_Aires", True), ("Mars/Olympus_Mons", False), ("", False)])
def test_is_time_zone(zone, ok):
    assert lc.is_time_zone(zone) is ok
