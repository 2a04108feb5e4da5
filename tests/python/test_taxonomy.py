"""Taxonomy: the bundled forests, navigation, lookup by QID, files, CapX skill lists."""

from __future__ import annotations

import copy
import json
import os
import pickle

import pandas as pd
import pytest

import letsconnect as lc
from helpers import CAPX, DATA, LOCAL_DATA, TaxonomyRef

CLINIC_LANGUAGES = ["en", "es", "fr", "pt", "ar"]
LETSCONNECT_ROOTS = ["organisational", "interpersonal", "grants-resources", "learning-evaluation", "on-wiki-technical"]
CAPX_ROOTS = {"10": "Organizational Skills", "36": "Communication", "50": "Learning", "56": "Community Building",
              "65": "Social Skills", "74": "Strategic Planning", "106": "Technology"}


@pytest.fixture(scope="module")
def bundled():
    return lc.Taxonomy.bundled("letsconnect")


@pytest.fixture(scope="module")
def crafts():
    return lc.Taxonomy.load(DATA / "taxonomy_good.json")


# --- bundled ---------------------------------------------------------------------------------


def test_bundled_names():
    assert lc.Taxonomy.bundled_names() == ["letsconnect", "capx"]


def test_bundled_default_is_letsconnect(bundled):
    assert lc.Taxonomy.bundled() == bundled
    assert bundled.name == "letsconnect"


def test_letsconnect_has_five_categories_and_many_skills(bundled):
    assert bundled.roots == LETSCONNECT_ROOTS
    skills = [n for n in bundled if n.parent is not None]
    assert len(skills) >= 40
    assert len(bundled) == len(skills) + 5
    assert all(bundled.depth(n.id) in (1, 2) for n in skills)


@pytest.mark.parametrize("name", ["letsconnect", "capx"])
def test_bundled_labels_in_every_clinic_language(name):
    tax = lc.Taxonomy.bundled(name)
    for node in tax:
        for lang in CLINIC_LANGUAGES:
            assert node.labels.get(lang, "").strip(), (node.id, lang)
            assert tax.label(node.id, lang) == node.labels[lang]


def test_bundled_ids_are_unique_kebab_case(bundled):
    ids = bundled.ids
    assert len(set(ids)) == len(ids)
    assert all(i == i.lower() and " " not in i and i.isascii() for i in ids)


def test_bundled_parents_come_first(bundled):
    position = {node_id: k for k, node_id in enumerate(bundled.ids)}
    for node in bundled:
        if node.parent is not None:
            assert position[node.parent] < position[node.id]


def test_capx_bundled_roots():
    tax = lc.Taxonomy.bundled("capx")
    assert tax.roots == ["10", "36", "50", "56", "65", "74", "106"]
    assert len(tax) == 7
    for node_id, english in CAPX_ROOTS.items():
        assert tax.label(node_id) == english
        assert tax.parent(node_id) is None
        assert tax.depth(node_id) == 0


def test_unknown_bundled_name_is_not_found():
    with pytest.raises(lc.NotFoundError) as info:
        lc.Taxonomy.bundled("basket-weaving")
    assert info.value.key == "basket-weaving"
    assert isinstance(info.value, KeyError)


# --- navigation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key, parent, ancestors, category, depth",
    [
        ("craft", None, [], "craft", 0),
        ("pottery", "craft", ["craft"], "craft", 1),
        ("glazing", "pottery", ["pottery", "craft"], "craft", 2),
        ("raku", "pottery", ["pottery", "craft"], "craft", 2),
        ("astronomy", "science", ["science"], "science", 1),
        ("Q4000004", "pottery", ["pottery", "craft"], "craft", 2),  # glazing by QID
        ("Q4000002", None, [], "science", 0),
    ],
)
def test_navigation(crafts, key, parent, ancestors, category, depth):
    assert crafts.parent(key) == parent
    assert crafts.ancestors(key) == ancestors
    assert crafts.category(key) == category
    assert crafts.depth(key) == depth


@pytest.mark.parametrize(
    "key, children, subtree",
    [
        ("craft", ["pottery", "weaving"], ["craft", "pottery", "weaving", "glazing", "raku"]),
        ("pottery", ["glazing", "raku"], ["pottery", "glazing", "raku"]),
        ("science", ["astronomy", "chemistry"], ["science", "astronomy", "chemistry"]),
        ("raku", [], ["raku"]),
        ("Q4000003", ["glazing", "raku"], ["pottery", "glazing", "raku"]),
    ],
)
def test_children_and_subtree(crafts, key, children, subtree):
    assert crafts.children(key) == children
    assert sorted(crafts.subtree(key)) == sorted(subtree)
    assert crafts.subtree(key)[0] == crafts.find(key)  # the node itself first, parents before children
    position = {n: k for k, n in enumerate(crafts.subtree(key))}
    for node in crafts.subtree(key)[1:]:
        assert position[crafts.parent(node)] < position[node]


def test_subtree_matches_reference_on_bundled(bundled):
    ref = TaxonomyRef(bundled)
    for node_id in bundled.ids:
        assert set(bundled.subtree(node_id)) == ref.below(node_id)
        assert len(bundled.subtree(node_id)) == len(set(bundled.subtree(node_id)))


def test_ancestors_end_at_category(bundled):
    for node_id in bundled.ids:
        chain = bundled.ancestors(node_id)
        assert len(chain) == bundled.depth(node_id)
        assert (chain[-1] if chain else node_id) == bundled.category(node_id)


@pytest.mark.parametrize(
    "key, language, label",
    [
        ("pottery", "fr", "Poterie"),
        ("pottery", "ar", "الفخار"),
        ("pottery", "en", "Pottery"),
        ("weaving", "fr", "Weaving"),  # no French label: English
        ("astronomy", "en", "astronomy"),  # no English label: the id
        ("astronomy", "fr", "Astronomie"),
        ("raku", "ja", "楽焼"),
        ("Q4000001", "es", "Artesanía"),
    ],
)
def test_label_fallbacks(crafts, key, language, label):
    assert crafts.label(key, language) == label


def test_label_defaults_to_english(crafts):
    assert crafts.label("chemistry") == "Chemistry"


@pytest.mark.parametrize("key, node_id", [("Q2013", "wikidata"), ("Q52", "editing-wikipedia"), ("Q565", "wikimedia-commons"),
                                          ("wikidata", "wikidata"), ("Q0", None), ("no-such-skill", None)])
def test_find_by_id_or_qid(bundled, key, node_id):
    assert bundled.find(key) == node_id
    assert (key in bundled) == (node_id is not None)


def test_getitem_by_qid(crafts):
    node = crafts["Q4000003"]
    assert isinstance(node, lc.SkillNode)
    assert (node.id, node.qid, node.parent) == ("pottery", "Q4000003", "craft")
    assert node.labels["pt"] == "Cerâmica"
    assert crafts["weaving"].qid is None
    assert crafts["craft"].parent is None


@pytest.mark.parametrize("method", ["parent", "ancestors", "children", "subtree", "category", "depth", "label", "__getitem__"])
def test_unknown_key_raises_not_found(crafts, method):
    with pytest.raises(lc.NotFoundError) as info:
        getattr(crafts, method)("underwater-basket-weaving")
    assert info.value.key == "underwater-basket-weaving"
    assert isinstance(info.value, KeyError)


def test_iteration_is_parents_first_and_matches_ids(crafts):
    assert [n.id for n in crafts] == crafts.ids
    assert len(crafts) == 8
    assert crafts.roots == ["craft", "science"]
    position = {n: k for k, n in enumerate(crafts.ids)}
    assert position["pottery"] < position["glazing"]  # glazing comes first in the file


# --- files -------------------------------------------------------------------------------------


def test_load_good_file(crafts):
    assert crafts.name == "test-crafts"
    assert set(crafts.ids) == {"craft", "science", "pottery", "weaving", "glazing", "raku", "astronomy", "chemistry"}


def test_load_accepts_str_and_pathlike():
    assert lc.Taxonomy.load(str(DATA / "taxonomy_good.json")) == lc.Taxonomy.load(DATA / "taxonomy_good.json")


@pytest.mark.parametrize(
    "file, blamed, field",
    [
        ("taxonomy_depth4.json", ["celadon-glaze"], "parent"),
        ("taxonomy_cycle.json", ["loop-a", "loop-b"], "parent"),
        ("taxonomy_duplicate.json", ["pottery"], "id"),
        ("taxonomy_unknown_parent.json", ["orphan"], "parent"),
    ],
)
def test_broken_taxonomy_files(file, blamed, field):
    path = DATA / file
    with pytest.raises(lc.ValidationError) as info:
        lc.Taxonomy.load(path)
    problems = info.value.problems
    assert problems
    assert all(p.source == str(path) for p in problems)
    named = [p for p in problems if any(f"'{node}'" in p.where for node in blamed)]
    assert named, [str(p) for p in problems]
    assert all(p.field == field for p in named)
    assert file in str(info.value)
    # Valid nodes are not blamed.
    assert not any("'craft'" in p.where for p in problems)


def test_bad_qids_are_named():
    with pytest.raises(lc.ValidationError) as info:
        lc.Taxonomy.load(LOCAL_DATA / "taxonomy_bad_qid.json")
    where_field = {(p.where, p.field) for p in info.value.problems}
    assert where_field == {("node 'pottery'", "qid"), ("node 'weaving'", "qid")}
    assert any("P31" in p.message for p in info.value.problems)


def test_malformed_taxonomy_json_is_format_error():
    path = LOCAL_DATA / "taxonomy_not_json.json"
    with pytest.raises(lc.FormatError) as info:
        lc.Taxonomy.load(path)
    assert (info.value.line, info.value.source) == (5, str(path))
    assert info.value.column > 0
    assert f"{path}:5:" in str(info.value)


def test_missing_taxonomy_file(tmp_path):
    missing = tmp_path / "nowhere.json"
    with pytest.raises(lc.FileError) as info:
        lc.Taxonomy.load(missing)
    assert info.value.filename == str(missing)
    assert isinstance(info.value, OSError)


@pytest.mark.parametrize("text, json_path", [
    ('{"format": "letsconnect.directory/1", "nodes": []}', "format"),
    ('{"format": "letsconnect.taxonomy/1"}', "nodes"),
    ('{"format": "letsconnect.taxonomy/1", "name": 3, "nodes": []}', "name"),
])
def test_wrong_document_shape_is_format_error(text, json_path):
    with pytest.raises(lc.FormatError) as info:
        lc.Taxonomy.from_json(text)
    assert info.value.json_path == json_path


def test_to_json_from_json_round_trip(crafts, bundled):
    for tax in (crafts, bundled, lc.Taxonomy.bundled("capx")):
        text = tax.to_json()
        assert json.loads(text)["format"] == "letsconnect.taxonomy/1"
        again = lc.Taxonomy.from_json(text)
        assert again == tax
        assert again.ids == tax.ids
        assert [n.labels for n in again] == [n.labels for n in tax]


def test_to_json_compact(crafts):
    text = crafts.to_json(-1)
    assert "\n" not in text.strip()
    assert lc.Taxonomy.from_json(text) == crafts


def test_save_then_load(tmp_path, crafts):
    path = tmp_path / "crafts.json"
    crafts.save(path)
    assert lc.Taxonomy.load(path) == crafts
    assert os.listdir(tmp_path) == ["crafts.json"]  # atomic write leaves no temp file


def test_save_to_missing_folder_is_file_error(tmp_path, crafts):
    with pytest.raises(lc.FileError):
        crafts.save(tmp_path / "no" / "such" / "folder" / "t.json")


def test_constructor_from_dicts():
    tax = lc.Taxonomy("mine", [
        {"id": "b", "parent": "a", "qid": "Q77", "labels": {"en": "Bee"}},
        {"id": "a", "parent": None, "labels": {"en": "Ay", "fr": "A"}},
        {"id": "c", "parent": "b"},
    ])
    assert tax.name == "mine"
    assert tax.ids == ["a", "b", "c"]
    assert tax.find("Q77") == "b"
    assert tax.depth("c") == 2
    assert tax.label("c") == "c"


@pytest.mark.parametrize("nodes, field", [
    ([{"id": "a", "parent": "a"}], "parent"),
    ([{"id": "a"}, {"id": "b", "parent": "zz"}], "parent"),
    ([{"id": "a"}, {"id": "a"}], "id"),
    ([{"id": "a", "qid": "X1"}], "qid"),
    ([{"id": "a"}, {"id": "b", "parent": "a"}, {"id": "c", "parent": "b"}, {"id": "d", "parent": "c"}], "parent"),
])
def test_constructor_rejects_bad_forests(nodes, field):
    with pytest.raises(lc.ValidationError) as info:
        lc.Taxonomy("bad", nodes)
    assert field in {p.field for p in info.value.problems}


# --- CapX skill lists --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def capx_skills():
    return json.loads((CAPX / "skills.json").read_text(encoding="utf-8"))


def _check_capx_taxonomy(tax):
    assert tax.roots == ["10", "36", "50", "56", "65", "74", "106"]
    assert len(tax) == 15
    assert tax.parent("12") == "10"  # id and parent given as strings
    assert tax.depth("109") == 2
    assert tax.ancestors("109") == ["107", "106"]
    assert tax.find("Q900109") == "109"
    assert tax["37"].qid == "Q900037"
    assert tax.category("Q900051") == "50"


def test_from_capx_list(capx_skills):
    _check_capx_taxonomy(lc.Taxonomy.from_capx(capx_skills))


def test_from_capx_paged(capx_skills):
    paged = {"count": len(capx_skills), "next": None, "previous": None, "results": capx_skills}
    _check_capx_taxonomy(lc.Taxonomy.from_capx(paged))


def test_from_capx_path(capx_skills):
    tax = lc.Taxonomy.from_capx(CAPX / "skills.json")
    _check_capx_taxonomy(tax)
    assert tax == lc.Taxonomy.from_capx(capx_skills)
    assert tax.name == "capx"


def test_from_capx_id_qid_map():
    tax = lc.Taxonomy.from_capx({"10": "Q900010", "36": "Q900036", "106": "Q900106"})
    assert sorted(tax.roots) == ["10", "106", "36"]
    assert tax.find("Q900036") == "36"
    assert all(tax.depth(i) == 0 for i in tax.ids)


@pytest.mark.parametrize("skills", [
    [{"id": "ten", "skill_wikidata_item": "Q1", "skill_type": None}],
    [{"id": 11, "skill_wikidata_item": "Q1", "skill_type": 99}],
    [{"skill_wikidata_item": "Q1"}],
    {"10": 42},
])
def test_from_capx_rejects_bad_lists(skills):
    with pytest.raises(lc.ValidationError):
        lc.Taxonomy.from_capx(skills)


def test_from_capx_rejects_wrong_shape():
    with pytest.raises(lc.FormatError):
        lc.Taxonomy.from_capx(json.dumps(42).encode())


# --- value-type behaviour --------------------------------------------------------------------


def test_pickle(crafts, bundled):
    for tax in (crafts, bundled):
        again = pickle.loads(pickle.dumps(tax))
        assert again == tax
        assert again.name == tax.name
        assert again.ids == tax.ids


def test_copy_and_hash(crafts):
    assert copy.copy(crafts) == crafts
    assert copy.deepcopy(crafts) == crafts
    assert hash(crafts) == hash(lc.Taxonomy.load(DATA / "taxonomy_good.json"))
    assert crafts != lc.Taxonomy.bundled()
    assert crafts != "test-crafts"


@pytest.mark.parametrize("name, text", [
    ("letsconnect", "<letsconnect.Taxonomy 'letsconnect': 5 categories, 71 nodes>"),
    ("capx", "<letsconnect.Taxonomy 'capx': 7 categories, 7 nodes>"),
])
def test_repr(name, text):
    assert repr(lc.Taxonomy.bundled(name)) == text


def test_skill_node_repr_and_equality(crafts):
    assert repr(crafts["pottery"]) == "<letsconnect.SkillNode id='pottery' 'Pottery'>"
    assert crafts["pottery"] == lc.Taxonomy.load(DATA / "taxonomy_good.json")["pottery"]
    assert crafts["pottery"] != crafts["craft"]
    assert len({crafts["pottery"], crafts["Q4000003"]}) == 1


def test_to_frame(crafts):
    frame = crafts.to_frame()
    assert list(frame.columns) == ["id", "qid", "parent", "category", "depth", *(f"label_{l}" for l in CLINIC_LANGUAGES)]
    assert len(frame) == len(crafts)
    assert frame["depth"].dtype == "int8"
    # One skill id per cell: categoricals over the taxonomy's ids (category: its top-level ids).
    assert list(frame["id"].cat.categories) == crafts.ids == list(frame["parent"].cat.categories)
    assert list(frame["category"].cat.categories) == ["craft", "science"]
    assert str(frame["label_en"].dtype) == "object"
    assert frame["id"].tolist() == crafts.ids
    row = frame.set_index("id").loc["glazing"]
    assert (row["qid"], row["parent"], row["category"], row["depth"], row["label_fr"]) == (
        "Q4000004", "pottery", "craft", 2, "Émaillage")
    assert pd.isna(frame.set_index("id").loc["craft", "parent"])
    assert pd.isna(frame.set_index("id").loc["weaving", "qid"])


def test_to_frame_other_languages(crafts):
    frame = crafts.to_frame(languages=["ja"])
    assert list(frame.columns) == ["id", "qid", "parent", "category", "depth", "label_ja"]
    assert frame.set_index("id").loc["raku", "label_ja"] == "楽焼"


def test_bundled_to_frame_has_labels_everywhere(bundled):
    frame = bundled.to_frame()
    assert frame[[f"label_{l}" for l in CLINIC_LANGUAGES]].notna().all().all()
    assert (frame["depth"] == 0).sum() == 5
    assert set(frame["category"]) == set(LETSCONNECT_ROOTS)
