"""Affiliate organisations: Directory.from_capx(organizations=...), organisations(),
with_organisations() and recommend_orgs() (letsconnect/affiliates.hpp).

Rankings are checked against a brute force written from the contract: an organisation is scored
by the kernel of score.hpp (reference_score.py) as if it were a profile sharing its available
capacities, wanting its wanted ones, in its region and country, speaking the given languages and
its members' (a member is a profile whose affiliations list the organisation's id; the level is
the best of the given one and the members'), with no availability. A person's own organisations
are left out, an organisation is never its own partner, ties go by id. All names are invented.
"""

from __future__ import annotations

import copy
import json
import random

import pandas as pd
import pytest

import letsconnect as lc
from helpers import CAPX, WEEK
from reference_score import DIRECTIONS, NATIVE, Person, TaxonomyCredit, bits, level_value, score_people

FILES = {name: CAPX / f"{name}.json" for name in ("profiles", "skills", "territories", "languages", "organizations")}
ORGANISATION_COLUMNS = ["id", "acronym", "name", "type", "region", "country", "languages", "shares", "learns", "knows",
                        "managers", "members"]
MATCH_COLUMNS = ["id", "acronym", "name", "total", "skill", "reciprocity", "language", "region", "time_zone",
                 "explanation"]


def parsed(name):
    return json.loads(FILES[name].read_text(encoding="utf-8"))


def from_capx(organizations=FILES["organizations"], **changes):
    sources = dict(profiles=FILES["profiles"], skills=FILES["skills"], territories=FILES["territories"],
                   languages=FILES["languages"], organizations=organizations, week=WEEK)
    sources.update(changes)
    return lc.Directory.from_capx(**sources)


@pytest.fixture(scope="module")
def capx():
    return from_capx()


def na_to_none(value):
    return None if not isinstance(value, (list, dict)) and pd.isna(value) else value


def records(frame: pd.DataFrame) -> list[dict]:
    return [{k: na_to_none(v) for k, v in row.items()} for row in frame.to_dict("records")]


def by_id(frame: pd.DataFrame) -> dict[str, dict]:
    return {row["id"]: row for row in records(frame)}


# --- the reference -------------------------------------------------------------------------------


def key(name: str) -> str:
    return lc.username_key(name)


def merged_languages(given: dict, people, org_id: str) -> tuple[int, dict[str, int]]:
    """Members of `org_id` among `people` and the organisation's languages ({code: level 0..6})."""
    languages = {code: level_value(level) for code, level in (given or {}).items()}
    members = 0
    for p in people:
        if not any(key(a) == key(org_id) for a in p.affiliations):
            continue
        members += 1
        for code, level in p.languages.items():
            if level_value(level) >= 1:
                languages[code] = max(languages.get(code, 0), level_value(level))
    return members, languages


class OrgReference:
    """Brute-force recommend_orgs over a directory with organisations (`given`: the dicts given to
    with_organisations, or the organisations() frame of a CapX import)."""

    def __init__(self, directory: lc.Directory, given: list[dict]) -> None:
        self.directory = directory
        self.tax = TaxonomyCredit(directory.taxonomy)
        self.orgs = given
        self.people = list(directory)
        self.org_people: list[Person] = []
        for o in given:
            _, languages = merged_languages(o.get("languages"), self.people, o["id"])
            country = o.get("country") or None
            region = o.get("region") or None
            self.org_people.append(Person(
                username=o["id"],
                shares=self.tax.resolve(o.get("shares") or []),
                learns=self.tax.resolve(o.get("learns") or []),
                languages=languages,
                region=region if region is not None else (lc.Profile("x", country=country).region if country else None),
                country=country.upper() if country else None,
                availability=0,
            ))

    def person(self, username: str) -> Person:
        p = self.directory[username]
        return Person(
            username=p.username,
            shares=self.tax.resolve(p.shares),
            learns=self.tax.resolve(p.learns),
            languages={code: level_value(level) for code, level in p.languages.items()},
            region=p.region,
            country=p.country,
            availability=bits(self.directory.availability(p.username)),
        )

    def _rank(self, seeker: Person, skip: set[int], weights, direction, require_skill):
        found = []
        for i, o in enumerate(self.org_people):
            if i in skip:
                continue
            got = score_people(self.tax, seeker, o, weights, direction, require_skill)
            if got is not None:
                found.append((self.orgs[i]["id"], got))
        found.sort(key=lambda item: (-item[1].total, key(item[0])))
        return found

    def for_person(self, username: str, weights=None, direction="mutual", require_skill=True):
        affiliations = {key(a) for a in self.directory[username].affiliations}
        own = {i for i, o in enumerate(self.orgs) if key(o["id"]) in affiliations}
        return self._rank(self.person(username), own, weights, direction, require_skill)

    def for_org(self, org_id: str, weights=None, direction="mutual", require_skill=True):
        i = next(i for i, o in enumerate(self.orgs) if o["id"] == org_id)
        return self._rank(self.org_people[i], {i}, weights, direction, require_skill)


def gate_off(weights):
    """The weights recommend_orgs uses: None means lc.Weights() with min_level 0."""
    return lc.Weights(min_level=0) if weights is None else weights


def assert_matches(frame: pd.DataFrame, expected, context):
    got = [(row["id"], row["total"], row["skill"], row["reciprocity"], row["language"], row["region"], row["time_zone"])
           for row in records(frame)]
    want = [(i, s.total, s.skill, s.reciprocity, s.language, s.region, s.time_zone) for i, s in expected]
    assert [g[0] for g in got] == [w[0] for w in want], context
    for g, w in zip(got, want):
        assert g[1:] == pytest.approx(w[1:], abs=1e-12), (context, g[0])


def capx_given(directory: lc.Directory) -> list[dict]:
    """The CapX organisations as given (languages of their own: none)."""
    out = []
    for row in records(directory.organisations()):
        out.append({"id": row["id"], "shares": row["shares"], "learns": row["learns"], "region": row["region"],
                    "country": row["country"], "languages": {}})
    return out


# ================================================================================================
# CapX import
# ================================================================================================

EXPECTED_CAPX = {
    "capx-org-17": dict(acronym="WMBR-T", name="Wikimedia Brazil (test)", type="1", region="LAC", country="BR",
                        languages={"pt-br": "N", "en": "3"}, shares=["51"], learns=["108"], knows=["11", "51"],
                        managers=1, members=1),
    "capx-org-5": dict(acronym="WMKE-T", name="Wikimedia Kenya (test)", type="2", region="SSA", country="KE",
                       languages={"sw": "N", "en": "4"}, shares=["108", "74"], learns=["51"], knows=[], managers=0,
                       members=1),
    "capx-org-9": dict(acronym="AFC-T", name="Afrocuration Circle (test)", type="3", region="SSA", country=None,
                       languages={"sw": "N", "en": "4"}, shares=["11", "12"], learns=["65"], knows=[], managers=2,
                       members=1),
    "capx-org-23": dict(acronym="NORD-T", name="Nordic Data Group (test)", type="2", region="NWE", country=None,
                        languages={}, shares=["108"], learns=["11", "51"], knows=[], managers=0, members=0),
}


def test_capx_organisations_frame(capx):
    frame = capx.organisations()
    assert list(frame.columns) == ORGANISATION_COLUMNS
    assert list(frame["id"]) == list(EXPECTED_CAPX)
    assert str(frame["managers"].dtype) == "int64" and str(frame["members"].dtype) == "int64"
    for org_id, row in by_id(frame).items():
        assert {k: v for k, v in row.items() if k != "id"} == EXPECTED_CAPX[org_id], org_id


@pytest.mark.parametrize("shape", ["path", "paged", "plain"])
def test_capx_organizations_in_every_shape(capx, shape):
    doc = parsed("organizations")
    organizations = {"path": FILES["organizations"], "paged": doc, "plain": doc["results"]}[shape]
    d = from_capx(organizations)
    pd.testing.assert_frame_equal(d.organisations(), capx.organisations())


def test_capx_ids_as_strings_and_duplicate_capacities():
    org = {"id": "41", "acronym": "STR-T", "type": "7", "territory": ["35"], "managers": [1],
           "available_capacities": ["51", 51, "107"], "wanted_capacities": ["11"], "known_capacities": [36]}
    row = records(from_capx([org]).organisations())[0]
    assert row["id"] == "capx-org-41"
    assert row["type"] == "7"
    assert (row["country"], row["region"]) == ("ID", "ESEAP")
    assert (row["shares"], row["learns"], row["knows"]) == (["51", "107"], ["11"], ["36"])
    assert row["managers"] == 1


def test_capx_names_english_else_first():
    first = {"id": 1, "names": [{"language_code": "fr", "name": "Cercle Inventé"}, {"language_code": "de", "name": "Erfundener Kreis"}]}
    english = {"id": 2, "names": [{"language_code": "fr", "name": "Cercle Inventé"}, {"language_code": "en", "name": "Invented Circle"}]}
    display = {"id": 3, "display_name": "Invented Display", "names": [{"language_code": "en", "name": "Invented Circle"}]}
    names = list(from_capx([first, english, display]).organisations()["name"])
    assert names == ["Cercle Inventé", "Invented Circle", "Invented Display"]


def test_capx_region_only_territory_and_country_first():
    rows = records(from_capx([{"id": 1, "territory": [19]}, {"id": 2, "territory": [24, 31]}, {"id": 3}]).organisations())
    assert (rows[0]["region"], rows[0]["country"]) == ("SSA", None)
    assert (rows[1]["region"], rows[1]["country"]) == ("LAC", "BR")   # the country decides the region
    assert (rows[2]["region"], rows[2]["country"]) == (None, None)
    assert rows[2]["name"] == "" and rows[2]["acronym"] == "" and rows[2]["managers"] == 0


def test_capx_import_notes_name_unknown_capacities_and_territories(capx):
    notes = "\n".join(capx.import_notes)
    assert "organization capacit" in notes and "999" in notes, notes
    assert "organization territor" in notes and "77" in notes, notes


def test_capx_without_organizations():
    d = from_capx(None)
    frame = d.organisations()
    assert list(frame.columns) == ORGANISATION_COLUMNS
    assert len(frame) == 0
    with pytest.raises(lc.NotFoundError) as e:
        d.recommend_orgs("Luana Ribeiro")
    assert isinstance(e.value, KeyError)
    assert "with_organisations" in str(e.value) and "organizations" in str(e.value)


def test_capx_organisation_without_id_is_an_error():
    with pytest.raises(lc.ValidationError) as e:
        from_capx(CAPX / "organizations_missing_id.json")
    problems = e.value.problems
    assert any("results[1]" in p.where and p.field == "id" for p in problems), problems
    assert not any("results[0]" in p.where or "results[2]" in p.where for p in problems), problems


def test_capx_malformed_organizations_is_a_format_error():
    with pytest.raises(lc.FormatError) as e:
        from_capx(CAPX / "organizations_malformed.json")
    assert "organizations" in str(e.value)


def test_capx_organizations_not_a_list():
    with pytest.raises(lc.FormatError):
        from_capx({"count": 0, "items": []})


# ================================================================================================
# with_organisations, members and languages
# ================================================================================================

PEOPLE = [
    lc.Profile("Ana Testa", shares=["grant-writing"], learns=["event-organising"], affiliations=["org-a"],
               languages={"en": "3", "fr": "2"}, country="KE"),
    lc.Profile("Bo Testb", shares=["event-organising"], learns=["grant-writing"], affiliations=["org-a", "org-b"],
               languages={"sw": "N", "fr": "0"}),
    lc.Profile("Cy Testc", shares=["social-media"], learns=["mentoring"], languages={"en": "2"}, country="DE"),
]
ORGS = [
    {"id": "org-a", "acronym": "OA", "name": "Invented Alpha Group", "type": "U", "shares": ["event-organising"],
     "learns": ["grant-writing"], "country": "KE", "languages": {"fr": 1, "de": "4"}, "managers": 2},
    {"id": "org-b", "acronym": "OB", "shares": ["mentoring"], "learns": ["social-media"], "country": "NG"},
    {"id": "org-c", "shares": ["grant-writing"], "learns": ["event-organising"], "region": "NWE"},
]


@pytest.fixture(scope="module")
def memory():
    return lc.Directory(PEOPLE, week=WEEK).with_organisations(ORGS)


def test_with_organisations_frame(memory):
    rows = by_id(memory.organisations())
    assert list(rows) == ["org-a", "org-b", "org-c"]
    a = rows["org-a"]
    assert (a["acronym"], a["name"], a["type"], a["region"], a["country"]) == ("OA", "Invented Alpha Group", "U", "SSA", "KE")
    assert a["languages"] == {"de": "4", "en": "3", "fr": "2", "sw": "N"}  # given fr 1, de 4; Ana en 3 fr 2; Bo sw N
    assert (a["shares"], a["learns"], a["knows"], a["managers"], a["members"]) == (["event-organising"], ["grant-writing"], [], 2, 2)
    assert rows["org-b"]["languages"] == {"sw": "N"} and rows["org-b"]["members"] == 1
    assert rows["org-b"]["region"] == "SSA"  # from NG
    assert rows["org-c"]["languages"] == {} and rows["org-c"]["members"] == 0
    assert (rows["org-c"]["region"], rows["org-c"]["country"]) == ("NWE", None)
    assert rows["org-c"]["acronym"] == "" and rows["org-c"]["managers"] == 0


def test_with_organisations_returns_a_new_directory(memory):
    plain = lc.Directory(PEOPLE, week=WEEK)
    assert len(plain.organisations()) == 0
    assert len(memory.organisations()) == 3
    assert plain.with_organisations([]).organisations().empty
    replaced = memory.with_organisations([{"id": "org-z", "shares": ["mentoring"]}])
    assert list(replaced.organisations()["id"]) == ["org-z"]
    assert list(memory.organisations()["id"]) == ["org-a", "org-b", "org-c"]
    # any iterable of dicts
    assert list(plain.with_organisations(o for o in ORGS).organisations()["id"]) == ["org-a", "org-b", "org-c"]


def test_members_and_languages_follow_with_profiles(memory):
    added = memory.with_profiles([lc.Profile("Eve Teste", shares=["mentoring"], affiliations=["org-c"], languages={"ar": "5"})])
    rows = by_id(added.organisations())
    assert (rows["org-c"]["members"], rows["org-c"]["languages"]) == (1, {"ar": "5"})
    assert rows["org-a"]["members"] == 2
    assert by_id(memory.organisations())["org-c"]["members"] == 0  # the original is unchanged
    left = added.with_profiles([lc.Profile("Bo Testb", shares=["event-organising"], learns=["grant-writing"],
                                           languages={"sw": "N"})])
    rows = by_id(left.organisations())
    assert (rows["org-a"]["members"], rows["org-b"]["members"]) == (1, 0)
    assert rows["org-a"]["languages"] == {"de": "4", "en": "3", "fr": "2"}
    assert rows["org-b"]["languages"] == {}
    # Everything else is kept as given.
    for before, after in zip(records(memory.organisations()), records(left.organisations())):
        for column in ("id", "acronym", "name", "type", "region", "country", "shares", "learns", "knows", "managers"):
            assert before[column] == after[column], column


def test_with_aliases_and_for_week_keep_the_organisations(memory):
    for d in (memory.with_aliases([("Ana T.", "Ana Testa")]), memory.confirm("Cy (test)", "Cy Testc"),
              memory.for_week("2026-07-15")):
        pd.testing.assert_frame_equal(d.organisations(), memory.organisations())
        pd.testing.assert_frame_equal(d.recommend_orgs("Cy Testc"), memory.recommend_orgs("Cy Testc"))


def test_member_level_zero_is_not_spoken():
    d = lc.Directory([lc.Profile("Ola Testo", shares=["mentoring"], affiliations=["org-z"], languages={"fr": "0", "en": "1"})],
                     week=WEEK).with_organisations([{"id": "org-z", "shares": ["mentoring"]}])
    assert records(d.organisations())[0]["languages"] == {"en": "1"}


@pytest.mark.parametrize("index, change, field", [
    (1, {"id": ""}, "id"),
    (2, {"id": "org-a"}, "id"),
    (0, {"shares": ["event-organising", "invented-skill"]}, "shares[1]"),
    (1, {"learns": ["invented-skill"]}, "learns[0]"),
    (2, {"knows": ["invented-skill"]}, "knows[0]"),
    (1, {"country": "ZZ"}, "country"),
    (1, {"country": "Kenya"}, "country"),
    (0, {"languages": {"en": "3", "not a code!": "2"}}, "languages"),
    (2, {"region": "Atlantis"}, "region"),
], ids=["empty-id", "duplicate-id", "unknown-share", "unknown-learn", "unknown-know", "bad-country", "country-name",
        "bad-language", "bad-region"])
def test_with_organisations_validation(index, change, field):
    orgs = copy.deepcopy(ORGS)
    orgs[index].update(change)
    with pytest.raises(lc.ValidationError) as e:
        lc.Directory(PEOPLE, week=WEEK).with_organisations(orgs)
    problems = e.value.problems
    assert any(f"organisations[{index}]" in p.where and p.field == field for p in problems), problems
    assert isinstance(e.value, ValueError)


def test_with_organisations_lists_every_problem():
    orgs = [{"id": "", "shares": ["invented-skill"]}, {"id": "dup", "country": "QQ"}, {"id": "dup", "languages": {"??": 1}}]
    with pytest.raises(lc.ValidationError) as e:
        lc.Directory(PEOPLE, week=WEEK).with_organisations(orgs)
    got = {(p.where.split("(")[-1].rstrip(")") if "(" in p.where else p.where, p.field) for p in e.value.problems}
    assert got == {("organisations[0]", "id"), ("organisations[0]", "shares[0]"), ("organisations[1]", "country"),
                   ("organisations[2]", "id"), ("organisations[2]", "languages")}, e.value.problems


def test_with_organisations_bad_level():
    with pytest.raises(lc.ValidationError):
        lc.Directory(PEOPLE, week=WEEK).with_organisations([{"id": "org-l", "languages": {"en": "9"}}])


def test_with_organisations_unknown_key_is_a_type_error():
    with pytest.raises(TypeError, match=r"organisations\[1\].*'members'"):
        lc.Directory(PEOPLE, week=WEEK).with_organisations([{"id": "org-a"}, {"id": "org-b", "members": 3}])
    with pytest.raises(TypeError, match="unexpected key 'skills'"):
        lc.Directory(PEOPLE, week=WEEK).with_organisations([{"id": "org-a", "skills": ["mentoring"]}])


def test_with_organisations_needs_dicts():
    with pytest.raises(TypeError, match=r"organisations\[0\]"):
        lc.Directory(PEOPLE, week=WEEK).with_organisations(["org-a"])


# ================================================================================================
# recommend_orgs
# ================================================================================================


def test_recommend_orgs_frame(memory):
    frame = memory.recommend_orgs("Cy Testc", k=5)
    assert list(frame.columns) == MATCH_COLUMNS
    assert frame.index.name == "rank"
    assert list(frame.index) == list(range(1, len(frame) + 1))
    assert frame.attrs["seeker"] == "Cy Testc"
    for column in MATCH_COLUMNS[3:9]:
        assert str(frame[column].dtype) == "float64", column
    assert list(frame["id"]) == ["org-b"]  # shares mentoring, which Cy wants; wants social-media, which Cy shares
    assert frame.loc[1, "acronym"] == "OB"
    assert frame.loc[1, "time_zone"] == 0.0  # organisations have no availability
    partners = memory.recommend_orgs(org="OA")
    assert partners.attrs["seeker"] == "OA"
    assert list(partners.columns) == MATCH_COLUMNS


@pytest.mark.parametrize("direction", DIRECTIONS)
@pytest.mark.parametrize("wname", ["default", "gate2", "capx", "plain"])
def test_capx_recommend_orgs_equals_brute_force(capx, direction, wname):
    w = {"default": None, "gate2": lc.Weights(min_level=2), "capx": lc.Weights.capx(), "plain": lc.Weights()}[wname]
    ref = OrgReference(capx, capx_given(capx))
    for user in capx.usernames:
        full = ref.for_person(user, gate_off(w), direction)
        for k in (1, 2, 10):
            got = capx.recommend_orgs(user, k=k, direction=direction, weights=w)
            assert_matches(got, full[:k], (user, direction, wname, k))
    for org in capx.organisations()["id"]:
        full = ref.for_org(org, gate_off(w), direction)
        assert_matches(capx.recommend_orgs(org=org, k=10, direction=direction, weights=w), full, (org, direction, wname))


def test_capx_learn_from_orgs_and_share_with_orgs(capx):
    """lc.Weights.capx(): CapX's learn_from_orgs (|org.available ∩ wanted|) and share_with_orgs
    (|org.wanted ∩ available|), exact ids, total = count / |the person's list|."""
    orgs = records(capx.organisations())
    for user in capx.usernames:
        p = capx[user]
        own = set(p.affiliations)
        for direction, mine, theirs in (("learn_from", p.learns, "shares"), ("share_with", p.shares, "learns")):
            want = {}
            for o in orgs:
                n = len(set(mine) & set(o[theirs]))
                if n and o["id"] not in own:
                    want[o["id"]] = n / len(set(mine))
            got = capx.recommend_orgs(user, direction=direction, weights=lc.Weights.capx())
            assert dict(zip(got["id"], got["total"])) == pytest.approx(want), (user, direction)
    # Kwabena wants 37 and 108: Kenya (test) and Nordic (test) share 108, tied, by id.
    got = capx.recommend_orgs("Kwabena Asante", direction="learn_from", weights=lc.Weights.capx())
    assert list(got["id"]) == ["capx-org-23", "capx-org-5"]
    assert list(got["total"]) == [0.5, 0.5]


def test_own_organisations_left_out(capx, memory):
    # Luana is a member of capx-org-17, which shares 51, the one capacity she wants.
    for direction in DIRECTIONS:
        for require_skill in (True, False):
            got = capx.recommend_orgs("Luana Ribeiro", k=10, direction=direction, require_skill=require_skill)
            assert "capx-org-17" not in set(got["id"]), (direction, require_skill)
            got = capx.recommend_orgs("Nyambura Kariuki", k=10, direction=direction, require_skill=require_skill)
            assert not {"capx-org-5", "capx-org-9"} & set(got["id"]), (direction, require_skill)
            got = memory.recommend_orgs("Bo Testb", k=10, direction=direction, require_skill=require_skill)
            assert not {"org-a", "org-b"} & set(got["id"]), (direction, require_skill)
    outsider = memory.with_profiles([lc.Profile("Ana Testa", shares=["grant-writing"], learns=["event-organising"],
                                                languages={"en": "3"}, country="KE")])
    assert outsider.recommend_orgs("Ana Testa", k=1)["id"].tolist() == ["org-a"]
    assert "org-a" not in set(memory.recommend_orgs("Ana Testa", k=10)["id"])


def test_directions_by_hand():
    d = lc.Directory([lc.Profile("Fay Testf", shares=["mentoring"], learns=["grant-writing"], languages={"en": "4"})],
                     week=WEEK).with_organisations([
                         {"id": "org-teach", "shares": ["grant-writing"]},   # shares what Fay wants
                         {"id": "org-learn", "learns": ["mentoring"]},       # wants what Fay shares
                         {"id": "org-none", "shares": ["wikidata"], "learns": ["wikidata"]}])
    assert d.recommend_orgs("Fay Testf", direction="learn_from")["id"].tolist() == ["org-teach"]
    assert d.recommend_orgs("Fay Testf", direction="share_with")["id"].tolist() == ["org-learn"]
    mutual = d.recommend_orgs("Fay Testf")
    assert mutual["id"].tolist() == ["org-teach", "org-learn"]
    assert mutual["total"].tolist() == pytest.approx([0.5, 0.2])
    assert len(d.recommend_orgs("Fay Testf", require_skill=False)) == 3
    with pytest.raises(ValueError, match="direction"):
        d.recommend_orgs("Fay Testf", direction="sideways")


def test_ties_by_id():
    d = lc.Directory([lc.Profile("Gus Testg", learns=["grant-writing"])], week=WEEK).with_organisations(
        [{"id": i, "shares": ["grant-writing"]} for i in ("org-c", "org-a", "org-d", "org-b")])
    assert d.recommend_orgs("Gus Testg")["id"].tolist() == ["org-a", "org-b", "org-c", "org-d"]
    assert d.recommend_orgs("Gus Testg", k=2)["id"].tolist() == ["org-a", "org-b"]


def test_language_gate_off_by_default_on_with_weights():
    d = lc.Directory([lc.Profile("Hal Testh", learns=["grant-writing"], languages={"en": "2"}),
                      lc.Profile("Ida Testi", affiliations=["org-en"], languages={"en": "3"})],
                     week=WEEK).with_organisations([{"id": "org-quiet", "shares": ["grant-writing"]},
                                                    {"id": "org-en", "shares": ["grant-writing"]}])
    assert by_id(d.organisations())["org-quiet"]["languages"] == {}
    open_ = d.recommend_orgs("Hal Testh")
    assert open_["id"].tolist() == ["org-en", "org-quiet"]  # no known language does not exclude
    assert open_["language"].tolist() == pytest.approx([2 / NATIVE, 0.0])
    assert d.recommend_orgs("Hal Testh", weights=lc.Weights(min_level=2))["id"].tolist() == ["org-en"]
    assert d.recommend_orgs("Hal Testh", weights=lc.Weights(min_level=3)).empty
    assert d.recommend_orgs("Hal Testh", weights=lc.Weights())["id"].tolist() == ["org-en"]
    assert d.recommend_orgs("Hal Testh", weights=lc.Weights(min_level=0))["id"].tolist() == ["org-en", "org-quiet"]


def test_partners_never_themselves(memory):
    for org in ("org-a", "org-b", "org-c"):
        for direction in DIRECTIONS:
            got = memory.recommend_orgs(org=org, k=10, direction=direction, require_skill=False)
            assert org not in set(got["id"])
            assert len(got) == 2
    got = memory.recommend_orgs(org="org-a")
    assert got["id"].tolist()[0] == "org-c"  # each wants what the other shares
    assert (got.loc[1, "skill"], got.loc[1, "reciprocity"]) == (1.0, 1.0)
    pd.testing.assert_frame_equal(memory.recommend_orgs(org="OA"), got)


def test_explanations(memory, capx):
    got = memory.recommend_orgs("Cy Testc")
    assert all(isinstance(t, str) and t for t in got["explanation"])
    assert "which you want to learn" in got.loc[1, "explanation"]
    got = capx.recommend_orgs("Kwabena Asante", direction="learn_from")
    assert "shares 108" in got.loc[1, "explanation"]
    partners = capx.recommend_orgs(org="NORD-T")
    assert len(partners) and all(isinstance(t, str) and t for t in partners["explanation"])


@pytest.mark.parametrize("k", [0, -1])
def test_k_validation(memory, k):
    with pytest.raises(lc.ValidationError, match="k"):
        memory.recommend_orgs("Cy Testc", k=k)
    with pytest.raises(lc.ValidationError):
        memory.recommend_orgs(org="org-a", k=k)


def test_user_or_org_not_both(memory):
    with pytest.raises(TypeError):
        memory.recommend_orgs()
    with pytest.raises(TypeError):
        memory.recommend_orgs("Cy Testc", org="org-a")


def test_unknown_user_and_org(memory):
    with pytest.raises(lc.NotFoundError) as e:
        memory.recommend_orgs("Invented Nobody")
    assert isinstance(e.value, KeyError)
    assert "Invented Nobody" in str(e.value)
    with pytest.raises(KeyError) as e:
        memory.recommend_orgs(org="org-nowhere")
    assert isinstance(e.value, lc.NotFoundError)
    assert "org-nowhere" in str(e.value)


def test_no_organisations_is_a_helpful_not_found():
    d = lc.Directory(PEOPLE, week=WEEK)
    with pytest.raises(lc.NotFoundError) as e:
        d.recommend_orgs("Cy Testc")
    assert "organisations" in str(e.value) and "with_organisations" in str(e.value)
    with pytest.raises(KeyError):
        d.recommend_orgs(org="org-a")


def test_bad_weights_argument(memory):
    with pytest.raises((TypeError, ValueError)):
        memory.recommend_orgs("Cy Testc", weights={"skill": 2})


# ================================================================================================
# randomised: 200 invented people, 40 organisations, the CapX taxonomy
# ================================================================================================

COUNTRIES = ["NG", "KE", "GH", "BR", "MX", "DE", "FR", "IN", "ID", "EG", "US", "KZ"]
REGIONS = ["SSA", "MENA", "ESEAP", "SA", "CEECA", "NWE", "LAC", "NA"]
LANGS = ["en", "fr", "es", "sw", "ar", "pt-br", "ha"]
LEVELS = ["0", "1", "2", "3", "4", "5", "N"]


def random_world(seed: int):
    rng = random.Random(seed)
    tax = lc.Taxonomy.from_capx(FILES["skills"])
    skills = list(tax.ids)

    def some_skills(most):
        return list(dict.fromkeys(rng.choice(skills) for _ in range(rng.randint(0, most))))

    def some_languages(most):
        return {rng.choice(LANGS): rng.choice(LEVELS) for _ in range(rng.randint(0, most))}

    orgs = []
    for i in range(40):
        o = {"id": f"org-{i:02d}", "acronym": f"O{i}", "name": f"Invented Group {i}", "shares": some_skills(3),
             "learns": some_skills(3), "knows": some_skills(2), "managers": rng.randint(0, 2)}
        if rng.random() < 0.6:
            o["country"] = rng.choice(COUNTRIES)
        elif rng.random() < 0.6:
            o["region"] = rng.choice(REGIONS)
        if rng.random() < 0.3:
            o["languages"] = some_languages(2)
        orgs.append(o)
    for i in range(30, 34):  # identical to org-29 but for the id: ties
        orgs[i] = {**orgs[29], "id": f"org-{i:02d}", "acronym": f"O{i}"}
    people = []
    for i in range(200):
        kwargs = {}
        if rng.random() < 0.8:
            kwargs["country"] = rng.choice(COUNTRIES)
        elif rng.random() < 0.5:
            kwargs["region"] = rng.choice(REGIONS)
        affiliations = list(dict.fromkeys(
            rng.choice(orgs)["id"] if rng.random() < 0.9 else "Invented Unlisted Group" for _ in range(rng.randint(0, 2))))
        people.append(lc.Profile(f"Invented Person {i:03d}", shares=some_skills(3), learns=some_skills(3),
                                 knows=some_skills(2), languages=some_languages(3), affiliations=affiliations, **kwargs))
    return lc.Directory(people, taxonomy=tax, week=WEEK), orgs


@pytest.fixture(scope="module")
def world():
    people, orgs = random_world(20260302)
    return people.with_organisations(orgs), orgs


def test_random_members_and_languages(world):
    d, orgs = world
    people = list(d)
    for o, row in zip(orgs, records(d.organisations())):
        members, languages = merged_languages(o.get("languages"), people, o["id"])
        assert row["members"] == members, o["id"]
        assert {code: level_value(level) for code, level in row["languages"].items()} == languages, o["id"]
    assert sum(row["members"] for row in records(d.organisations())) > 100


@pytest.mark.parametrize("direction", DIRECTIONS)
@pytest.mark.parametrize("wname", ["default", "gate2", "capx"])
def test_random_recommend_orgs_equals_brute_force(world, direction, wname):
    d, orgs = world
    w = {"default": None, "gate2": lc.Weights(min_level=2), "capx": lc.Weights.capx()}[wname]
    ref = OrgReference(d, orgs)
    nonempty = 0
    for user in d.usernames:
        full = ref.for_person(user, gate_off(w), direction)
        got = d.recommend_orgs(user, k=100, direction=direction, weights=w)
        assert_matches(got, full, (user, direction, wname))
        nonempty += bool(len(got))
        top = d.recommend_orgs(user, k=5, direction=direction, weights=w)
        pd.testing.assert_frame_equal(top, got.iloc[:5])  # consistent with the longer list
    assert nonempty > 50


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_random_partners_equal_brute_force(world, direction):
    d, orgs = world
    ref = OrgReference(d, orgs)
    for o in orgs:
        full = ref.for_org(o["id"], gate_off(None), direction)
        got = d.recommend_orgs(org=o["id"], k=40, direction=direction)
        assert_matches(got, full, (o["id"], direction))
        assert o["id"] not in set(got["id"])
        pd.testing.assert_frame_equal(d.recommend_orgs(org=o["acronym"], k=40, direction=direction), got)


def test_random_without_require_skill_ranks_every_other_organisation(world):
    d, orgs = world
    for user in d.usernames[:25]:
        own = set(d[user].affiliations)
        got = d.recommend_orgs(user, k=100, require_skill=False)
        assert set(got["id"]) == {o["id"] for o in orgs} - own, user


# ================================================================================================
# edge cases of the contract
# ================================================================================================


def test_a_profile_listing_an_organisation_twice_is_one_member():
    d = lc.Directory([lc.Profile("Dee Twice", shares=["mentoring"], affiliations=["org-a", "org-a"], languages={"en": "3"})],
                     week=WEEK).with_organisations([{"id": "org-a", "shares": ["mentoring"]}])
    assert records(d.organisations())[0]["members"] == 1  # members: profiles listing the organisation


def test_only_membership_leaves_an_organisation_out():
    # A person whose username equals an organisation's id (by username key) is not its member.
    d = lc.Directory([lc.Profile("Org-same", learns=["grant-writing"])], week=WEEK).with_organisations(
        [{"id": "org-same", "shares": ["grant-writing"]}, {"id": "org-other", "shares": ["grant-writing"]}])
    assert d.recommend_orgs("Org-same")["id"].tolist() == ["org-other", "org-same"]
