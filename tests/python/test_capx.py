"""Directory.from_capx: CapX REST JSON mapped onto the directory model."""

from __future__ import annotations

import copy
import json

import pytest

import letsconnect as lc
from helpers import CAPX, WEEK

FILES = {name: CAPX / f"{name}.json" for name in ("profiles", "skills", "territories", "languages")}


def parsed(name):
    return json.loads(FILES[name].read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def capx():
    return lc.Directory.from_capx(profiles=FILES["profiles"], skills=FILES["skills"], territories=FILES["territories"],
                                  languages=FILES["languages"], week=WEEK)


EXPECTED = {
    "Luana Ribeiro": {
        "username": "Luana Ribeiro", "registered": "2024-05-02", "name": "Luana R.", "aliases": ["LuanaR_alt"], "region": "LAC", "country": "BR",
        "languages": {"pt-br": "N", "en": "3"}, "shares": ["11", "107"], "learns": ["51"], "knows": ["11", "37", "107"],
        "affiliations": ["capx-org-17"],
    },
    "Kwabena Asante": {
        "username": "Kwabena Asante", "registered": "2023-11-20", "name": "Kwabena Asante", "region": "SSA", "country": "GH",
        "languages": {"en": "N", "fr": "0"}, "shares": ["12"], "learns": ["37", "108"], "knows": ["12", "38"],
    },
    "Nyambura Kariuki": {
        "username": "Nyambura Kariuki", "registered": "2025-01-07", "name": "Nyambura K.", "region": "SSA", "languages": {"sw": "N", "en": "4"},
        "shares": ["65"], "learns": ["74", "10"], "knows": ["65"], "affiliations": ["capx-org-5", "capx-org-9"],
    },
    "Hoda Salem": {
        "username": "Hoda Salem", "registered": "2024-09-15", "name": "Hoda Salem", "region": "MENA", "country": "EG",
        "languages": {"ar": "N", "en": "2", "fr": "1"}, "learns": ["36"],
    },
    "Jonas Vestergaard": {
        "username": "Jonas Vestergaard", "registered": "2022-03-03", "name": "Jonas V.", "region": "NWE", "languages": {"en": "5"},
        "shares": ["108"], "knows": ["106", "108"],
    },
}


def test_usernames_in_order(capx):
    assert capx.usernames == list(EXPECTED)
    assert len(capx) == 5


@pytest.mark.parametrize("username", list(EXPECTED))
def test_profile_mapping(capx, username):
    assert capx[username].to_dict() == EXPECTED[username]


@pytest.mark.parametrize(
    "username, attribute, value",
    [
        ("Luana Ribeiro", "name", "Luana R."),                      # display_name → name
        ("Luana Ribeiro", "shares", ["11", "107"]),                 # skills_available → shares
        ("Luana Ribeiro", "learns", ["51"]),                        # skills_wanted → learns
        ("Luana Ribeiro", "knows", ["11", "37", "107"]),            # skills_known → knows
        ("Luana Ribeiro", "aliases", ["LuanaR_alt"]),               # wiki_alt → alias
        ("Kwabena Asante", "shares", ["12"]),                       # ids as numeric strings
        ("Luana Ribeiro", "languages", {"pt-br": "N", "en": "3"}),  # proficiency "n" → "N"
        ("Kwabena Asante", "languages", {"en": "N", "fr": "0"}),    # "0" kept
        ("Luana Ribeiro", "country", "BR"),                         # territory 31 (acronym "br")
        ("Luana Ribeiro", "region", "LAC"),
        ("Hoda Salem", "country", "EG"),                            # territory "34", parent "18"
        ("Hoda Salem", "region", "MENA"),
        ("Nyambura Kariuki", "region", "SSA"),                      # territory 19 is a region
        ("Nyambura Kariuki", "country", None),
        ("Jonas Vestergaard", "region", "NWE"),
        ("Jonas Vestergaard", "languages", {"en": "5"}),            # language 99 unknown: left out
        ("Kwabena Asante", "affiliations", []),
    ],
)
def test_field_mapping(capx, username, attribute, value):
    assert getattr(capx[username], attribute) == value


def test_capx_profiles_have_no_time_zone(capx):
    assert all(p.timezone is None and p.availability == [] for p in capx)
    assert not capx.availability_matrix().any()


def test_taxonomy_comes_from_the_skill_list(capx):
    assert capx.taxonomy == lc.Taxonomy.from_capx(FILES["skills"])
    assert capx.taxonomy.roots == ["10", "36", "50", "56", "65", "74", "106"]


def test_search_through_capx_categories(capx):
    assert capx.search(shares="106") == ["Jonas Vestergaard", "Luana Ribeiro"]
    assert capx.search(knows="Q900106") == ["Jonas Vestergaard", "Luana Ribeiro"]
    assert capx.search(learns="36") == ["Hoda Salem", "Kwabena Asante"]
    assert capx.search(learns="10", region="SSA") == ["Nyambura Kariuki"]
    assert capx.search(language="pt-br", min_level="N") == ["Luana Ribeiro"]


@pytest.mark.parametrize("field", ["pronoun", "about", "avatar", "wikimedia_project", "contact", "social", "team"])
def test_import_notes_mention_unmapped_fields(capx, field):
    assert any(note.startswith(f"{field}:") and "not mapped" in note for note in capx.import_notes)


def test_import_notes_counts(capx):
    notes = capx.import_notes
    assert "pronoun: not mapped (no such field in the directory model), 4 profiles with a value" in notes
    assert "contact: not mapped (no such field in the directory model), 1 profile with a value" in notes
    assert any("language entr" in n and "unknown id" in n and n.startswith("1 ") for n in notes)
    assert any("time zone" in n for n in notes)
    # mapped fields are not reported
    assert "user.id: not mapped (no such field in the directory model), 5 profiles with a value" in notes
    for mapped in ("display_name", "wiki_alt", "territory", "skills_known", "user:", "user.username", "user.date_joined",
                   "language:"):
        assert not any(n.startswith(mapped) for n in notes), mapped


def test_import_notes_are_proper_english():
    d = lc.Directory.from_capx(profiles=FILES["profiles"], skills=FILES["skills"], week=WEEK)
    text = " ".join(d.import_notes)
    assert "entrys" not in text and "territorys" not in text, d.import_notes


def test_parsed_json_equals_paths(capx):
    again = lc.Directory.from_capx(profiles=parsed("profiles"), skills=parsed("skills"), territories=parsed("territories"),
                                   languages=parsed("languages"), week=WEEK)
    assert list(again) == list(capx)
    assert again.import_notes == capx.import_notes
    assert again.taxonomy == capx.taxonomy


@pytest.mark.parametrize("paged", ["profiles", "languages"])
def test_paged_and_plain_lists_are_the_same(capx, paged):
    plain = parsed(paged)["results"]
    kwargs = {name: FILES[name] for name in FILES}
    kwargs[paged] = plain
    again = lc.Directory.from_capx(**kwargs, week=WEEK)
    assert list(again) == list(capx)


def test_paged_skills_and_territories(capx):
    def page(items):
        return {"count": len(items), "next": None, "previous": None, "results": items}

    again = lc.Directory.from_capx(profiles=FILES["profiles"], skills=page(parsed("skills")),
                                   territories=page(parsed("territories")), languages=FILES["languages"], week=WEEK)
    assert list(again) == list(capx)


def test_mixed_paths_and_parsed(capx):
    again = lc.Directory.from_capx(parsed("profiles"), str(FILES["skills"]), territories=parsed("territories"),
                                   languages=str(FILES["languages"]), week=WEEK)
    assert list(again) == list(capx)


def test_without_territories_only_region_ids_are_known():
    d = lc.Directory.from_capx(profiles=FILES["profiles"], skills=FILES["skills"], languages=FILES["languages"], week=WEEK)
    assert {p.username: (p.region, p.country) for p in d} == {
        "Luana Ribeiro": (None, None), "Kwabena Asante": (None, None), "Nyambura Kariuki": ("SSA", None),
        "Hoda Salem": (None, None), "Jonas Vestergaard": ("NWE", None)}
    assert any("territor" in n and "left out" in n for n in d.import_notes)


def test_without_language_list_languages_are_left_out_with_a_note():
    # capx.hpp: CapxSources::languages is optional; without it languages are left out, with a note.
    d = lc.Directory.from_capx(profiles=FILES["profiles"], skills=FILES["skills"], territories=FILES["territories"], week=WEEK)
    assert d["Luana Ribeiro"].languages == {}
    assert d["Jonas Vestergaard"].languages == {}
    with_list = lc.Directory.from_capx(profiles=FILES["profiles"], skills=FILES["skills"], languages=FILES["languages"], week=WEEK)
    assert sum(len(p.languages) for p in with_list) > 0  # the same input maps them with a list
    assert any("no language list given" in n for n in d.import_notes)


def test_inactive_users_are_skipped():
    profiles = parsed("profiles")
    profiles["results"][1]["user"]["is_active"] = False
    d = lc.Directory.from_capx(profiles=profiles, skills=FILES["skills"], week=WEEK)
    assert "Kwabena Asante" not in d
    assert len(d) == 4
    assert any("inactive" in n for n in d.import_notes)


def test_unknown_skill_ids_are_left_out_and_noted():
    profiles = parsed("profiles")
    profiles["results"][0]["skills_available"] = [11, 999]
    d = lc.Directory.from_capx(profiles=profiles, skills=FILES["skills"], week=WEEK)
    assert d["Luana Ribeiro"].shares == ["11"]
    assert any(n.startswith("1 skill reference") for n in d.import_notes)


def test_missing_username_is_validation_error():
    profiles = parsed("profiles")
    del profiles["results"][2]["user"]["username"]
    with pytest.raises(lc.ValidationError) as info:
        lc.Directory.from_capx(profiles=profiles, skills=FILES["skills"], week=WEEK)
    [problem] = info.value.problems
    assert problem.field == "user.username"
    assert "results[2]" in problem.where


def test_duplicate_usernames_are_rejected():
    profiles = parsed("profiles")
    profiles["results"].append(copy.deepcopy(profiles["results"][0]))
    with pytest.raises(lc.ValidationError) as info:
        lc.Directory.from_capx(profiles=profiles, skills=FILES["skills"], week=WEEK)
    assert [p.field for p in info.value.problems] == ["username"]


@pytest.mark.parametrize("profiles", [b"42", {"count": 1, "next": None}, "[1, 2]".encode()])
def test_wrong_shapes_are_rejected(profiles):
    with pytest.raises((lc.FormatError, lc.ValidationError)) as info:
        lc.Directory.from_capx(profiles=profiles, skills=FILES["skills"], week=WEEK)
    assert "profiles" in str(info.value)


def test_profile_that_is_not_an_object():
    with pytest.raises(lc.ValidationError) as info:
        lc.Directory.from_capx(profiles=[parsed("profiles")["results"][0], 7], skills=FILES["skills"], week=WEEK)
    assert [p.where for p in info.value.problems] == ["results[1]"]


def test_malformed_profiles_json(tmp_path):
    broken = tmp_path / "profiles.json"
    broken.write_text('{"count": 1, "results": [{"id": 1,}]}', encoding="utf-8")
    with pytest.raises(lc.FormatError) as info:
        lc.Directory.from_capx(profiles=broken, skills=FILES["skills"], week=WEEK)
    assert info.value.line == 1
    assert "profiles" in info.value.source


def test_missing_file_is_file_error(tmp_path):
    with pytest.raises(lc.FileError) as info:
        lc.Directory.from_capx(profiles=tmp_path / "absent.json", skills=FILES["skills"], week=WEEK)
    assert info.value.filename == str(tmp_path / "absent.json")


@pytest.mark.parametrize("value", [None, 42])
def test_skills_are_required(value):
    with pytest.raises(TypeError):
        lc.Directory.from_capx(profiles=FILES["profiles"], skills=value)


def test_save_and_reload_keeps_the_capx_taxonomy(tmp_path, capx):
    path = tmp_path / "from_capx.json"
    capx.save(path)
    again = lc.Directory.load(path, week=WEEK)
    assert list(again) == list(capx)
    assert again.taxonomy == capx.taxonomy
    assert again.search(shares="106") == capx.search(shares="106")


def test_week_and_source(capx):
    assert capx.week == WEEK
    assert capx.source == "<capx>"


def test_babel_level_zero_does_not_count_as_speaking(capx):
    # CapX stores "0" for "not spoken"; the level is kept, but no language filter matches it.
    assert capx["Kwabena Asante"].level("fr") == "0"
    assert "Kwabena Asante" not in capx.search(language="fr")
    assert "Kwabena Asante" in capx.search(language="en")


def test_country_acronyms_win_over_region_codes():
    # "na" is Namibia and "sa" Saudi Arabia, not North America / South Asia.
    territories = parsed("territories")
    rows = territories["results"] if isinstance(territories, dict) else territories
    rows += [
        {"id": 901, "territory_name": "Namibia", "territory_acronym": "na", "parent_territory": [19]},
        {"id": 902, "territory_name": "Saudi Arabia", "territory_acronym": "sa", "parent_territory": [18]},
        {"id": 903, "territory_name": "Crimea", "territory_acronym": "xq", "parent_territory": [25]},
    ]
    profiles = parsed("profiles")
    people = profiles["results"] if isinstance(profiles, dict) else profiles
    people[0]["territory"] = [901]
    people[1]["territory"] = [902]
    people[2]["territory"] = [903]
    d = lc.Directory.from_capx(profiles=profiles, skills=FILES["skills"], territories=territories, week=WEEK)
    first, second, third = (d[p["user"]["username"]] for p in people[:3])
    assert (first.country, first.region) == ("NA", "SSA")
    assert (second.country, second.region) == ("SA", "MENA")
    assert (third.country, third.region) == (None, "CEECA")  # no ISO code: the parent's region


def test_date_joined_becomes_registered_and_ids_are_reported(capx):
    assert all(p.registered is not None for p in capx)
    assert any(note.startswith("id: not mapped") for note in capx.import_notes)


def test_frame_round_trip_keeps_the_capx_taxonomy_and_week(capx):
    frame = capx.to_frame()
    back = lc.Directory.from_frame(frame)
    assert back.taxonomy == capx.taxonomy
    assert back.week == capx.week
    assert list(back) == list(capx)
