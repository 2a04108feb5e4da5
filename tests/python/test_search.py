"""Directory.search against a slow pure-Python reference filter."""

from __future__ import annotations

import random

import pytest

import letsconnect as lc
from helpers import (
    DATA, LANGUAGES, LOCAL_DATA, REGIONS, WEEK, TaxonomyRef, invented_profiles, profile_record, reference_search,
    username_key,
)


@pytest.fixture(scope="module")
def sample():
    return lc.sample_directory(week=WEEK)


@pytest.fixture(scope="module")
def generated():
    return lc.Directory(invented_profiles(2000, seed=20260302), week=WEEK)


def check(directory, **query):
    got = directory.search(**query)
    expected = reference_search(list(directory), directory.taxonomy, **query)
    assert got == expected, query
    return got


# --- hand-written expectations on the sample ---------------------------------------------------


def test_no_filter_returns_everybody_sorted(sample):
    assert sample.search() == sorted(sample.usernames, key=username_key)


def test_results_sorted_by_username(sample):
    found = sample.search(region="SSA")
    assert found == sorted(found, key=username_key)
    assert len(found) == 36


@pytest.mark.parametrize("field", ["shares", "learns", "knows"])
def test_category_expands_to_its_skills(sample, field):
    tax = sample.taxonomy
    for category in tax.roots:
        below = set(tax.subtree(category))
        expected = sorted((p.username for p in sample if below & set(getattr(p, field))), key=username_key)
        assert sample.search(**{field: category}) == expected
        # the category finds the union of its children and those who list the category itself
        union = {p.username for p in sample if category in getattr(p, field)}
        for child in tax.children(category):
            union |= set(sample.search(**{field: child}))
        assert set(expected) == union


def test_sub_skill_found_through_its_parent(sample):
    # editathons is a sub-skill of campaigns
    assert sample.taxonomy.parent("editathons") == "campaigns"
    via_parent = sample.search(knows="campaigns")
    assert "Amina Bello" in via_parent  # she knows editathons
    assert "Amina Bello" in sample.search(knows="editathons")
    assert "Amina Bello" in sample.search(knows="on-wiki-technical")


def test_exact_expectations_on_the_sample(sample):
    assert sample.search(shares="grants-resources") == [
        "Emekanwosu", "Kouassi Yao", "L.Brandt", "Mariam.Abdelrahman", "MwilaBanda", "Wanjiru Kamau"]
    assert sample.search(shares="grants-resources", language="fr") == ["Kouassi Yao", "L.Brandt"]


def test_qid_in_query(sample):
    assert sample.search(shares="Q2013") == sample.search(shares="wikidata")
    assert sample.search(knows=["Q2013", "Q565"]) == sample.search(knows=["wikidata", "wikimedia-commons"])


def test_single_string_equals_one_element_list(sample):
    assert sample.search(shares="mentoring") == sample.search(shares=["mentoring"])
    assert sample.search(region="SSA") == sample.search(region=("SSA",))
    assert sample.search(language="fr", min_level=3) == sample.search(language=["fr"], min_level=3)
    assert sample.search(exclude="Amina Bello") == sample.search(exclude=["Amina Bello"])


def test_values_in_one_filter_combine_with_or(sample):
    a, b = set(sample.search(region="LAC")), set(sample.search(region="SA"))
    assert set(sample.search(region=["LAC", "SA"])) == a | b
    a, b = set(sample.search(shares="mentoring")), set(sample.search(shares="wikidata"))
    assert set(sample.search(shares=["mentoring", "wikidata"])) == a | b


def test_filters_combine_with_and(sample):
    a, b = set(sample.search(shares="on-wiki-technical")), set(sample.search(language="fr"))
    assert set(sample.search(shares="on-wiki-technical", language="fr")) == a & b


def test_empty_lists_do_not_filter(sample):
    assert sample.search(shares=[], region=[], language=[]) == sample.search()


@pytest.mark.parametrize("alias, canonical", [("USCA", "NA"), ("usca", "NA"), ("CEE", "CEECA"), ("ssa", "SSA"), ("Nwe", "NWE")])
def test_region_aliases(sample, alias, canonical):
    assert sample.search(region=alias) == sample.search(region=canonical)
    assert sample.search(region=alias)  # the sample has somebody in each


def test_every_region_partition(sample):
    total = []
    for region in REGIONS:
        found = sample.search(region=region)
        assert all(sample[u].region == region for u in found)
        total += found
    assert sorted(total) == sorted(sample.usernames)


@pytest.mark.parametrize("country", ["NG", "ng", "KE", "BR", "IN"])
def test_country(sample, country):
    found = sample.search(country=country)
    assert found
    assert found == sorted((p.username for p in sample if p.country == country.upper()), key=username_key)


@pytest.mark.parametrize("level, allowed", [
    (0, {"1", "2", "3", "4", "5", "N"}),  # Babel 0 means "does not speak it": never a match
    (3, {"3", "4", "5", "N"}),
    ("3", {"3", "4", "5", "N"}),
    (5, {"5", "N"}),
    ("N", {"N"}),
    ("n", {"N"}),
])
def test_language_min_level(sample, level, allowed):
    found = sample.search(language="fr", min_level=level)
    assert found == sorted((p.username for p in sample if p.level("fr") in allowed), key=username_key)


def test_min_level_needs_a_language_to_matter(sample):
    assert sample.search(min_level="N") == sample.search()


def test_language_nobody_speaks(sample):
    assert sample.search(language="tlh") == []
    assert sample.search(language=["tlh", "fr"]) == sample.search(language="fr")


def test_exclude(sample):
    everybody = sample.search(region="SSA")
    assert "Amina Bello" in everybody
    found = sample.search(region="SSA", exclude=["Amina_Bello", "Chinedu Okafor", "Nobody Invented"])
    assert found == [u for u in everybody if u not in ("Amina Bello", "Chinedu_Okafor")]


def test_custom_taxonomy_directory():
    d = lc.Directory.load(LOCAL_DATA / "directory_inline_taxonomy.json", week=WEEK)
    assert d.search(shares="craft") == ["Mirel_Osk", "Tolu Vantreska"]
    assert d.search(shares="pottery") == ["Mirel_Osk", "Tolu Vantreska"]
    assert d.search(shares="Q4000002") == ["Quillan Adebe", "Tolu Vantreska"]
    assert d.search(learns="craft", region="USCA") == ["Quillan Adebe"]


def test_directory_good_file():
    d = lc.Directory.load(DATA / "directory_good.json", week=WEEK)
    assert d.search(learns="grants-resources") == ["Bishnu Thapa", "Kwesi_Boateng", "Lucía Fernández"]
    assert d.search(shares="wikidata") == ["Kwesi_Boateng"]  # given as Q2013
    assert d.search(language="ru", min_level="N", region="CEE") == ["Айгуль Сапарова"]


# --- errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["shares", "learns", "knows"])
def test_unknown_skill_is_not_found(sample, field):
    with pytest.raises(lc.NotFoundError) as info:
        sample.search(**{field: ["mentoring", "juggling"]})
    assert info.value.key == "juggling"
    assert isinstance(info.value, KeyError)


@pytest.mark.parametrize("query, name", [
    (dict(region="XX"), "region"),
    (dict(region=["SSA", "Africa"]), "region"),
    (dict(country="XX"), "country"),
    (dict(country="NGA"), "country"),
    (dict(language="EN"), "language"),
    (dict(language="english"), "language"),
    (dict(language="fr", min_level=6), "min_level"),
    (dict(language="fr", min_level=-1), "min_level"),
    (dict(language="fr", min_level="native"), "min_level"),
])
def test_bad_filter_values_are_validation_errors(sample, query, name):
    with pytest.raises(lc.ValidationError) as info:
        sample.search(**query)
    assert len(info.value.problems) == 1
    assert f"{name}: " in str(info.value)


def test_every_bad_value_is_reported(sample):
    with pytest.raises(lc.ValidationError) as info:
        sample.search(region="XX", country="YY", language="ZZ")
    assert len(info.value.problems) == 3
    for name, value in (("region", "XX"), ("country", "YY"), ("language", "ZZ")):
        assert any(name in str(p) and value in p.message for p in info.value.problems)


@pytest.mark.parametrize("query, field", [
    (dict(region="XX"), "region"),
    (dict(country="XX"), "country"),
    (dict(language="EN"), "language"),
    (dict(language="fr", min_level=7), "min_level"),
])
def test_bad_filter_problem_names_the_filter_as_its_field(sample, query, field):
    # Problem.field is "the field, e.g. 'timezone'"; for a search that is the filter.
    with pytest.raises(lc.ValidationError) as info:
        sample.search(**query)
    assert [p.field for p in info.value.problems] == [field]


@pytest.mark.parametrize("query", [dict(shares=5), dict(region=[1, 2]), dict(unknown_filter="x")])
def test_wrong_types_are_type_errors(sample, query):
    with pytest.raises(TypeError):
        sample.search(**query)


def test_search_is_keyword_only(sample):
    with pytest.raises(TypeError):
        sample.search("mentoring")


# --- random queries against the reference --------------------------------------------------------


def random_query(rng: random.Random, taxonomy: lc.Taxonomy) -> dict:
    keys = taxonomy.ids + [n.qid for n in taxonomy if n.qid]
    query: dict = {}

    def values(pool, k_max):
        picked = rng.sample(pool, rng.randint(1, k_max))
        return picked[0] if len(picked) == 1 and rng.random() < 0.5 else picked

    for field in ("shares", "learns", "knows"):
        if rng.random() < 0.3:
            query[field] = values(keys, 3)
    if rng.random() < 0.3:
        query["region"] = values(REGIONS + ["USCA", "CEE", "ssa"], 3)
    if rng.random() < 0.2:
        query["country"] = values([c for c, _, _ in lc.countries()][:60] + ["NG", "KE", "BR", "IN", "US"], 4)
    if rng.random() < 0.4:
        query["language"] = values(LANGUAGES + ["tlh"], 2)
        query["min_level"] = rng.choice([0, 1, 2, 3, 4, 5, "N", "3", "n"])
    if rng.random() < 0.2:
        query["exclude"] = []  # filled by the caller from the directory's usernames
    return query


def run_random_queries(directory, seed, count):
    rng = random.Random(seed)
    tax_ref = TaxonomyRef(directory.taxonomy)
    records = [profile_record(p) for p in directory]
    usernames = directory.usernames
    non_empty = 0
    for _ in range(count):
        query = random_query(rng, directory.taxonomy)
        if "exclude" in query:
            picked = rng.sample(usernames, 3)
            query["exclude"] = [u.replace(" ", "_") if rng.random() < 0.5 else u for u in picked]
        got = directory.search(**query)
        assert got == reference_search(records, tax_ref, **query), query
        non_empty += bool(got)
    return non_empty


def test_random_queries_on_the_sample(sample):
    non_empty = run_random_queries(sample, seed=1, count=400)
    assert non_empty > 50  # the queries are not all trivially empty


def test_random_queries_on_a_generated_directory(generated):
    assert len(generated) == 2000
    non_empty = run_random_queries(generated, seed=2, count=400)
    assert non_empty > 100


def test_generated_directory_single_filters(generated):
    tax = generated.taxonomy
    for node_id in tax.ids:
        for field in ("shares", "learns", "knows"):
            check(generated, **{field: node_id})
    for region in REGIONS:
        check(generated, region=region)
    for code in LANGUAGES:
        for level in (0, 3, "N"):
            check(generated, language=code, min_level=level)
