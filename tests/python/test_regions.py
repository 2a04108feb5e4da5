"""Wikimedia's eight regions and the bundled country → region table."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

import letsconnect as lc
from helpers import REGIONS, ROOT

CAPX_TERRITORY = {"MENA": 18, "SSA": 19, "SA": 20, "ESEAP": 21, "LAC": 22, "NA": 23, "NWE": 24, "CEECA": 25}
REGION_NAMES = {
    "SSA": "Sub-Saharan Africa", "MENA": "Middle East & North Africa", "ESEAP": "East, Southeast Asia & Pacific",
    "SA": "South Asia", "CEECA": "Central & Eastern Europe & Central Asia", "NWE": "Northern & Western Europe",
    "LAC": "Latin America & Caribbean", "NA": "North America",
}


def test_regions():
    assert lc.regions() == REGIONS


@pytest.mark.parametrize("code, canonical", [
    *((r, r) for r in REGIONS),
    ("USCA", "NA"), ("usca", "NA"), ("CEE", "CEECA"), ("cee", "CEECA"),
    ("ssa", "SSA"), ("Mena", "MENA"), ("eseap", "ESEAP"), ("nwe", "NWE"),
])
def test_normalize_region(code, canonical):
    assert lc.normalize_region(code) == canonical


@pytest.mark.parametrize("code", ["", "XX", "Africa", "N A", "NA ", "USA", "EU", "CEEC"])
def test_normalize_region_unknown(code):
    with pytest.raises(lc.NotFoundError) as info:
        lc.normalize_region(code)
    assert info.value.key == code


@pytest.mark.parametrize("code, territory", [*CAPX_TERRITORY.items(), ("USCA", 23), ("CEE", 25)])
def test_capx_territory_id(code, territory):
    assert lc.capx_territory_id(code) == territory


@pytest.mark.parametrize("code, name", [*REGION_NAMES.items(), ("USCA", "North America")])
def test_region_name(code, name):
    assert lc.region_name(code) == name


@pytest.mark.parametrize("code, under", [
    ("SSA", True), ("MENA", True), ("ESEAP", True), ("SA", True), ("CEECA", True), ("LAC", True),
    ("NWE", False), ("NA", False), ("USCA", False), ("CEE", True),
])
def test_is_under_represented(code, under):
    assert lc.is_under_represented(code) is under


@pytest.mark.parametrize("function", [lc.capx_territory_id, lc.region_name, lc.is_under_represented])
def test_region_functions_reject_unknown_codes(function):
    with pytest.raises(lc.NotFoundError):
        function("Atlantis")


@pytest.mark.parametrize("alpha2, region", [
    ("NG", "SSA"), ("GH", "SSA"), ("KE", "SSA"), ("SD", "SSA"), ("ZA", "SSA"),
    ("EG", "MENA"), ("MA", "MENA"), ("TR", "MENA"), ("JO", "MENA"),
    ("ID", "ESEAP"), ("PH", "ESEAP"), ("FJ", "ESEAP"), ("MN", "ESEAP"), ("AQ", "ESEAP"),
    ("IN", "SA"), ("NP", "SA"), ("BD", "SA"), ("AF", "SA"),
    ("KZ", "CEECA"), ("PL", "CEECA"), ("UA", "CEECA"), ("XK", "CEECA"), ("GE", "CEECA"),
    ("DE", "NWE"), ("NO", "NWE"), ("GB", "NWE"), ("GR", "NWE"), ("AX", "NWE"),
    ("BR", "LAC"), ("AR", "LAC"), ("MX", "LAC"), ("PR", "LAC"), ("BM", "LAC"),
    ("US", "NA"), ("CA", "NA"), ("UM", "NA"),
    ("ng", "SSA"), ("us", "NA"),
])
def test_country_region(alpha2, region):
    assert lc.country_region(alpha2) == region


@pytest.mark.parametrize("alpha2, name", [("NG", "Nigeria"), ("XK", "Kosovo"), ("TW", "Taiwan"), ("de", "Germany"),
                                          ("KR", "Korea, Republic of")])
def test_country_name(alpha2, name):
    assert lc.country_name(alpha2) == name


@pytest.mark.parametrize("alpha2", ["XX", "", "NGA", "EU", "UK", "1A"])
def test_unknown_country(alpha2):
    for function in (lc.country_region, lc.country_name):
        with pytest.raises(lc.NotFoundError) as info:
            function(alpha2)
        assert info.value.key == alpha2
        assert isinstance(info.value, KeyError)


def test_countries_table():
    rows = lc.countries()
    assert len(rows) >= 249
    codes = [c for c, _, _ in rows]
    assert len(set(codes)) == len(codes)
    assert codes == sorted(codes)
    for alpha2, name, region in rows:
        assert len(alpha2) == 2 and alpha2.isupper() and alpha2.isalpha()
        assert name
        assert region in REGIONS
        assert lc.country_region(alpha2) == region
        assert lc.country_name(alpha2) == name
    assert set(region for _, _, region in rows) == set(REGIONS)  # every region has countries
    assert "XK" in codes


def test_countries_agree_with_the_source_csv():
    # data/countries.csv is compiled into the library; the table must be that file.
    with open(ROOT / "data" / "countries.csv", encoding="utf-8", newline="") as f:
        table = [(row["alpha2"], row["name"], row["region"]) for row in csv.DictReader(f)]
    assert table == lc.countries()
    assert len(table) == 250


def test_countries_frame():
    frame = lc.countries_frame()
    assert list(frame.columns) == ["alpha2", "name", "region"]
    assert len(frame) == len(lc.countries())
    assert isinstance(frame["region"].dtype, pd.CategoricalDtype)
    assert list(frame["region"].cat.categories) == REGIONS
    assert frame["region"].notna().all()
    assert frame.set_index("alpha2").loc["NP", "region"] == "SA"
    assert [tuple(r) for r in frame.astype({"region": object}).itertuples(index=False)] == lc.countries()


def test_region_counts_are_plausible():
    frame = lc.countries_frame()
    counts = frame["region"].value_counts()
    assert counts["NA"] == 3  # US, CA, UM
    assert counts["SSA"] > 45
