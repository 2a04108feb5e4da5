"""The recommendation engine (score.hpp, recommend.hpp) against the pure-Python reference.

Weights and Match, Directory.score / recommend / recommend_many / score_matrix / audience, and
Matches.to_frame(); every score is checked against reference_score.py, every top-k against the
brute-force sort of the full score vector (ties by username key).
"""

from __future__ import annotations

import datetime as dt
import math
import random
import subprocess
import sys
import threading
import time
import zlib

import numpy as np
import pytest

import letsconnect as lc
from letsconnect._matches import Matches
from helpers import DAYS, WEEK, invented_name, invented_profiles, reference_search
from reference_score import (
    COMPONENTS, DIRECTIONS, WEIGHT_FIELDS, Reference, TaxonomyCredit, clinic_slots, level_value, reference_audience,
)

DEFAULTS = dict(skill=0.5, reciprocity=0.2, language=0.1, region=0.1, time_zone=0.1, narrower=1.0, related=0.5,
                category=0.25, same_country=1.0, same_region=0.5, other_region=0.0, overlap_hours=6.0, min_level=2)

#: Weights the reference is compared under (built lazily: lc.Weights is compiled).
WEIGHT_CASES = {
    "default": lambda: lc.Weights(),
    "capx": lambda: lc.Weights.capx(),
    "cross_regional": lambda: lc.Weights.cross_regional(),
    "custom": lambda: lc.Weights(skill=0.35, reciprocity=0.15, language=0.2, region=0.1, time_zone=0.2, narrower=0.7,
                                 related=0.3, category=0.1, same_country=0.9, same_region=0.3, other_region=0.2,
                                 overlap_hours=2.5, min_level=0),
    "native_only": lambda: lc.Weights(min_level="N"),
    "narrower_below_related": lambda: lc.Weights(narrower=0.4, related=0.6, category=0.55, overlap_hours=168,
                                                 min_level=1),
    "odd": lambda: lc.Weights(skill=1 / 3, reciprocity=1 / 7, language=0.3, region=0.7, time_zone=0.11, related=0.1,
                              category=0.3, narrower=0.9, overlap_hours=0.25, min_level=3),
}

GEN_TIMEZONES = ["Africa/Lagos", "Africa/Nairobi", "Asia/Kolkata", "Asia/Kathmandu", "Europe/Berlin",
                 "America/New_York", "America/Sao_Paulo", "Australia/Adelaide", "Pacific/Chatham", "UTC",
                 "Asia/Almaty", "America/Mexico_City"]
GEN_LANGUAGES = ["en", "fr", "es", "sw", "ar", "hi"]
GEN_LEVELS = ["0", "1", "2", "3", "3", "4", "4", "5", "N", "N"]


def seed_of(*parts: object) -> int:
    return zlib.crc32(repr(parts).encode())


def weights(name: str) -> lc.Weights:
    return WEIGHT_CASES[name]()


def generated_profiles(n: int, seed: int, taxonomy: lc.Taxonomy) -> list[lc.Profile]:
    """Invented profiles dense in what the score reads: skills clustered in a home category
    (categories, sub-skills, QIDs next to their ids), a few countries so same-country pairs are
    common, shared languages at every level, long availability windows in many zones."""
    rng = random.Random(seed)
    ids = list(taxonomy.ids)
    roots = list(taxonomy.roots)
    under = {root: list(taxonomy.subtree(root)) for root in roots}
    qid = {node.id: node.qid for node in taxonomy}
    countries = lc.countries()
    common = rng.sample(countries, 6)

    def skills(home: str) -> list[str]:
        keys = []
        for _ in range(rng.choice([0, 1, 1, 2, 2, 3, 4])):
            node = rng.choice(under[home] if rng.random() < 0.75 else ids)
            keys.append(qid[node] if qid[node] and rng.random() < 0.3 else node)
        return list(dict.fromkeys(keys))  # the same key twice is invalid; a QID next to its id is not

    profiles = []
    for i in range(n):
        kwargs: dict[str, object] = {}
        roll = rng.random()
        if roll < 0.6:
            kwargs["country"] = rng.choice(common)[0]
        elif roll < 0.8:
            kwargs["country"] = rng.choice(countries)[0]
        elif roll < 0.9:
            kwargs["region"] = rng.choice(lc.regions())
        codes = rng.sample(GEN_LANGUAGES, rng.choice([0, 1, 2, 2, 3]))
        if codes:
            kwargs["languages"] = {code: rng.choice(GEN_LEVELS) for code in codes}
        if rng.random() < 0.85:
            kwargs["timezone"] = rng.choice(GEN_TIMEZONES)
            windows = []
            for _ in range(rng.randint(0, 4)):
                if rng.random() < 0.6:  # weekday evenings, so many people overlap
                    day, start = rng.choice(["tue", "wed", "thu"]), rng.randrange(60, 88) * 15
                else:
                    day, start = rng.choice(DAYS), rng.randrange(0, 96) * 15
                end = (start + rng.randint(4, 40) * 15) % 1440
                windows.append((day, f"{start // 60:02d}:{start % 60:02d}", f"{end // 60:02d}:{end % 60:02d}"))
            kwargs["availability"] = windows
        home = rng.choice(roots)
        kwargs["shares"] = skills(home)
        kwargs["learns"] = skills(home if rng.random() < 0.7 else rng.choice(roots))
        kwargs["knows"] = skills(home)
        profiles.append(lc.Profile(invented_name(rng, i), **kwargs))
    return profiles


# --- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample():
    return lc.sample_directory(week=WEEK)


@pytest.fixture(scope="module")
def capx_taxonomy():
    from helpers import CAPX

    return lc.Taxonomy.from_capx(CAPX / "skills.json")  # three levels, ids not in sorted order


@pytest.fixture(scope="module")
def directories(sample, capx_taxonomy):
    """name → (directory, reference)."""
    bundled = lc.Taxonomy.bundled("letsconnect")
    dirs = {
        "sample": sample,
        "dense": lc.Directory(generated_profiles(260, seed=7, taxonomy=bundled), week=WEEK),
        "capx_tax": lc.Directory(generated_profiles(120, seed=11, taxonomy=capx_taxonomy), taxonomy=capx_taxonomy,
                                 week=WEEK),
        "sparse": lc.Directory(invented_profiles(300, seed=20260302), week=WEEK),
    }
    return {name: (d, Reference(d)) for name, d in dirs.items()}


@pytest.fixture(scope="module")
def dense(directories):
    return directories["dense"]


# --- comparison helpers --------------------------------------------------------------------------


def assert_score(got, expected, context):
    if expected is None:
        assert got is None, (context, got)
        return
    assert got is not None, (context, expected)
    for name in COMPONENTS:
        assert getattr(got, name) == pytest.approx(getattr(expected, name), abs=1e-12), (context, name)
    assert got.total == pytest.approx(expected.total, abs=1e-12), context


def assert_ranking(got, expected, context):
    """`got` (Matches) equals the reference top-k `expected` ([(username, RefScore)])."""
    assert [m.username for m in got] == [u for u, _ in expected], context
    assert [m.total for m in got] == pytest.approx([s.total for _, s in expected], abs=1e-12), context
    for m, (_, s) in zip(got, expected):
        assert m.breakdown == pytest.approx(s.breakdown, abs=1e-12), (context, m.username)


def as_tuples(matches):
    return [(m.username, m.total, tuple(m.breakdown.items())) for m in matches]


def assert_sorted_by_total(matches):
    keys = [(-m.total, lc.username_key(m.username)) for m in matches]
    assert keys == sorted(keys)


# --- Weights -------------------------------------------------------------------------------------


def test_weights_defaults():
    w = lc.Weights()
    for name, value in DEFAULTS.items():
        assert getattr(w, name) == value, name
    assert w.to_dict() == DEFAULTS
    assert list(w.to_dict()) == list(WEIGHT_FIELDS)


def test_weights_capx():
    w = lc.Weights.capx()
    # exact overlap counts only: no taxonomy credit, no other components, no language gate
    assert w.skill == 1.0
    assert (w.reciprocity, w.language, w.region, w.time_zone) == (0, 0, 0, 0)
    assert (w.narrower, w.related, w.category) == (0, 0, 0)
    assert w.min_level == 0
    assert w == lc.Weights.capx()
    assert w != lc.Weights()


def test_weights_cross_regional():
    w = lc.Weights.cross_regional()
    expected = dict(DEFAULTS, other_region=1.0, same_region=0.25, same_country=0.0)
    assert w.to_dict() == expected
    assert w == lc.Weights(other_region=1.0, same_region=0.25, same_country=0.0)


def test_weights_keyword_construction():
    w = lc.Weights(skill=0.7, reciprocity=0.0, related=0.3, overlap_hours=2.5, min_level=0)
    assert (w.skill, w.reciprocity, w.related, w.overlap_hours, w.min_level) == (0.7, 0.0, 0.3, 2.5, 0)
    assert w.language == DEFAULTS["language"] and w.narrower == DEFAULTS["narrower"]
    assert lc.Weights(min_level="N").min_level == 6
    assert lc.Weights(min_level=6).min_level == 6
    with pytest.raises(TypeError):
        lc.Weights(0.5)  # keyword-only
    with pytest.raises(TypeError):
        lc.Weights(skil=0.5)


def test_weights_replace_and_to_dict():
    w = lc.Weights()
    v = w.replace(skill=0.9, min_level=4)
    assert isinstance(v, lc.Weights)
    assert (v.skill, v.min_level) == (0.9, 4)
    assert w == lc.Weights()  # the original is unchanged
    assert v.to_dict() == dict(DEFAULTS, skill=0.9, min_level=4)
    assert w.replace() == w
    assert lc.Weights(**v.to_dict()) == v
    for name in ("capx", "cross_regional", "custom", "odd"):
        x = weights(name)
        assert lc.Weights(**x.to_dict()) == x
        assert lc.Weights().replace(**x.to_dict()) == x
    with pytest.raises(TypeError):
        w.replace(skil=0.9)
    with pytest.raises(lc.ValidationError):
        w.replace(skill=2.0)


def test_weights_eq_and_hash():
    assert lc.Weights() == lc.Weights()
    assert hash(lc.Weights()) == hash(lc.Weights())
    assert lc.Weights(region=0.3) != lc.Weights()
    assert lc.Weights(min_level=3) != lc.Weights()
    assert (lc.Weights() == "weights") is False
    assert (lc.Weights() != 1.0) is True
    assert len({lc.Weights(), lc.Weights(), lc.Weights.capx()}) == 2


def test_weights_pickle_and_copy():
    import copy
    import pickle

    for name in WEIGHT_CASES:
        w = weights(name)
        assert pickle.loads(pickle.dumps(w)) == w
        assert copy.copy(w) == w and copy.deepcopy(w) == w


def test_weights_are_read_only():
    w = lc.Weights()
    with pytest.raises(AttributeError):
        w.skill = 2.0  # would bypass validation
    assert w.skill == 0.5


def test_weights_repr():
    text = repr(lc.Weights(skill=0.7))
    assert "Weights" in text
    assert "0.7" in text
    assert repr(lc.Weights.capx()) != repr(lc.Weights())


@pytest.mark.parametrize("field, value", [
    ("skill", -0.1), ("skill", 1.5), ("reciprocity", 2.0), ("language", -1.0), ("region", 1.01),
    ("time_zone", -0.5), ("narrower", 1.1), ("related", -0.2), ("category", 2.0), ("same_country", -0.5),
    ("same_region", 1.5), ("other_region", -0.01), ("overlap_hours", 0.0), ("overlap_hours", -1.0),
    ("overlap_hours", 168.25), ("skill", math.nan), ("overlap_hours", math.inf), ("min_level", 7),
    ("min_level", -1),
])
def test_weights_out_of_range(field, value):
    with pytest.raises(lc.ValidationError) as info:
        lc.Weights(**{field: value})
    assert isinstance(info.value, ValueError)
    assert field in str(info.value)
    assert any(field in p.field for p in info.value.problems)


def test_weights_edges_are_valid():
    lc.Weights(overlap_hours=168, skill=1, reciprocity=0, language=0, region=0, time_zone=0)
    lc.Weights(overlap_hours=0.25, narrower=0, related=1, category=0, same_country=0, other_region=1, min_level=0)


def test_weights_all_components_zero_is_invalid():
    with pytest.raises(lc.ValidationError):
        lc.Weights(skill=0, reciprocity=0, language=0, region=0, time_zone=0)


def test_weights_every_problem_listed():
    with pytest.raises(lc.ValidationError) as info:
        lc.Weights(skill=3, related=-1, overlap_hours=0)
    text = str(info.value)
    assert "skill" in text and "related" in text and "overlap_hours" in text
    assert len(info.value.problems) >= 3


@pytest.mark.parametrize("bad", [{"skill": 1.0}, 0.5, "capx", [0.5]])
def test_weights_argument_must_be_weights(sample, bad):
    with pytest.raises(TypeError):
        sample.recommend("Amina Bello", weights=bad)
    with pytest.raises(TypeError):
        sample.score("Amina Bello", "Chinedu_Okafor", weights=bad)


# --- Match ---------------------------------------------------------------------------------------


def test_match_attributes(sample):
    top = sample.recommend("Amina Bello", 5)
    assert top, "Amina Bello should have recommendations"
    w = lc.Weights()
    for m in top:
        assert isinstance(m, lc.Match)
        assert isinstance(m.username, str) and m.username in sample
        assert list(m.breakdown) == list(COMPONENTS)
        assert m.breakdown == {name: getattr(m, name) for name in COMPONENTS}
        assert all(isinstance(v, float) and 0.0 <= v <= 1.0 for v in m.breakdown.values())
        # total is the weighted sum, in the documented order
        assert m.total == (m.skill * w.skill + m.reciprocity * w.reciprocity + m.language * w.language
                           + m.region * w.region + m.time_zone * w.time_zone)
        assert 0.0 <= m.total <= 1.0
        assert isinstance(m.explanation, str) and m.explanation
        text = repr(m)
        assert "Match" in text and m.username in text
    single = sample.score("Amina Bello", top[0].username)
    assert single == top[0]
    assert hash(single) == hash(top[0])
    if len(top) > 1:
        assert single != top[1]
    assert (single == "Amina Bello") is False


@pytest.mark.parametrize("languages, label_language", [
    ({"fr": "N", "en": "3"}, "fr"),
    ({"ha": "N", "en": "2"}, "en"),   # no Hausa labels: the best language that has them
    ({"ar": "4", "fr": "2"}, "ar"),
    ({"sw": "N"}, "en"),              # none at all: English
])
def test_explanation_names_skills_in_the_seekers_language(languages, label_language):
    tax = lc.Taxonomy.bundled()
    common = {"fr": "N", "en": "N", "ar": "N", "ha": "N", "sw": "N"}
    d = lc.Directory([
        lc.Profile("Label Seeker", languages=languages, learns=["grant-writing"], shares=["wikidata"]),
        lc.Profile("Label Candidate", languages=common, shares=["grant-writing"], learns=["wikidata"]),
    ], week=WEEK)
    text = d.score("Label Seeker", "Label Candidate").explanation
    assert tax.label("grant-writing", label_language) in text, text
    assert tax.label("wikidata", label_language) in text, text


def test_breakdown_is_a_fresh_dict(sample):
    m = sample.recommend("Amina Bello", 1)[0]
    b = m.breakdown
    b["skill"] = 99.0
    assert m.breakdown["skill"] != 99.0


def test_seeker_never_recommended_to_themselves(sample):
    for username in sample.usernames:
        assert username not in [m.username for m in sample.recommend(username, 100, require_skill=False,
                                                                     weights=lc.Weights(min_level=0))]
        assert sample.score(username, username, require_skill=False, weights=lc.Weights(min_level=0)) is None
    assert sample.score("Amina Bello", "Amina_Bello", require_skill=False) is None


# --- score against the reference -----------------------------------------------------------------


def pairs_for(d, n, seed):
    rng = random.Random(seed)
    names = d.usernames
    out = [(rng.choice(names), rng.choice(names)) for _ in range(n)]
    out += [(u, u) for u in rng.sample(names, 3)]
    return out


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_score_equals_reference_on_every_sample_pair(directories, direction):
    d, ref = directories["sample"]
    # every pair for mutual; every pair of 30 seekers for the other directions
    for seeker in d.usernames if direction == "mutual" else d.usernames[::2]:
        for candidate in d.usernames:
            assert_score(d.score(seeker, candidate, direction=direction), ref.score(seeker, candidate, None, direction),
                         (seeker, candidate, direction))


@pytest.mark.parametrize("dname", ["sample", "dense", "capx_tax", "sparse"])
@pytest.mark.parametrize("wname", list(WEIGHT_CASES))
def test_score_equals_reference(directories, dname, wname):
    d, ref = directories[dname]
    w = weights(wname)
    qualified = 0
    for direction in DIRECTIONS:
        for require_skill in (True, False):
            n = 300 if wname == "native_only" else 100  # few pairs pass a native-only gate
            for seeker, candidate in pairs_for(d, n, seed_of(dname, wname, direction, require_skill)):
                expected = ref.score(seeker, candidate, w, direction, require_skill)
                got = d.score(seeker, candidate, direction=direction, weights=w, require_skill=require_skill)
                assert_score(got, expected, (dname, wname, direction, require_skill, seeker, candidate))
                qualified += expected is not None
    assert qualified > 5  # the comparison is not vacuous


def test_score_is_bitwise_equal_to_reference(directories):
    # The spec fixes the order of every floating-point operation, so the engine and the reference
    # should agree to the last bit, not just within a tolerance.
    d, ref = directories["dense"]
    w = weights("odd")
    differ = []
    for seeker, candidate in pairs_for(d, 1500, seed=3):
        for direction in DIRECTIONS:
            expected = ref.score(seeker, candidate, w, direction, False)
            got = d.score(seeker, candidate, direction=direction, weights=w, require_skill=False)
            if expected is not None and (got.total != expected.total or got.breakdown != expected.breakdown):
                differ.append((seeker, candidate, direction, got.breakdown, expected.breakdown))
    assert not differ, differ[:3]


def test_every_credit_kind_is_exercised(directories):
    # the generated directories reach every branch of credit(w, o)
    seen = set()
    for name in ("dense", "capx_tax"):
        d, ref = directories[name]
        for p in d:
            s = ref[p.username]
            for q in list(d)[:80]:
                c = ref[q.username]
                seen.update(ref.tax.relation(w, o) for w in s.learns for o in c.shares)
    assert seen == {"same", "narrower", "related", "category", "none"}


def test_credit_through_the_taxonomy_by_hand(sample):
    ref = TaxonomyCredit(sample.taxonomy)
    w = lc.Weights(narrower=0.8, related=0.4, category=0.2)
    assert ref.credit_keys("wikidata", "Q2013", w) == 1.0
    assert ref.credit_keys("campaigns", "editathons", w) == 0.8           # below the wanted skill
    assert ref.credit_keys("on-wiki-technical", "editathons", w) == 0.8   # below the wanted category
    assert ref.credit_keys("editathons", "campaigns", w) == 0.4           # an ancestor
    assert ref.credit_keys("editathons", "on-wiki-technical", w) == 0.4   # an ancestor (the category)
    assert ref.credit_keys("editathons", "photo-contests", w) == 0.4      # a sibling
    assert ref.credit_keys("wikidata", "lua-templates", w) == 0.4         # a sibling skill
    assert ref.credit_keys("wikidata", "editathons", w) == 0.4            # below a sibling
    assert ref.credit_keys("editathons", "wikidata", w) == 0.2            # same category otherwise
    assert ref.credit_keys("editathons", "content-translation", w) == 0.2
    assert ref.credit_keys("wikidata", "grant-writing", w) == 0.0         # across categories
    assert ref.credit_keys("on-wiki-technical", "grants-resources", w) == 0.0


def pair_directory(seeker_skills, candidate_skills, *, taxonomy="letsconnect"):
    """Two people with everything else equal, for hand-checked skill coverages."""
    common = dict(country="KE", languages={"en": "4"}, timezone="Africa/Nairobi",
                  availability=[("tue", "17:00", "20:00")])
    return lc.Directory([
        lc.Profile("Seeker Example", **common, learns=seeker_skills[0], shares=seeker_skills[1]),
        lc.Profile("Candidate Example", **common, learns=candidate_skills[0], shares=candidate_skills[1]),
    ], taxonomy=taxonomy, week=WEEK)


def test_coverage_by_hand():
    # S wants editathons (C shares it: 1), wikidata (C shares lua-templates, a sibling, and
    # editathons, below a sibling: 0.5) and budgeting (nothing in grants-resources: 0) → 1.5 / 3.
    # S shares mentoring; C wants interpersonal (mentoring lies below it: narrower 1) → share = 1.
    d = pair_directory((["editathons", "wikidata", "budgeting"], ["mentoring"]),
                       (["interpersonal"], ["editathons", "lua-templates"]))
    m = d.score("Seeker Example", "Candidate Example", direction="learn_from")
    assert m.skill == 0.5
    assert m.reciprocity == 1.0
    assert m.language == 4 / 6
    assert m.region == 1.0
    assert m.time_zone == min(1.0, 3.0 / 6.0)
    swapped = d.score("Seeker Example", "Candidate Example", direction="share_with")
    assert (swapped.skill, swapped.reciprocity) == (1.0, 0.5)
    mutual = d.score("Seeker Example", "Candidate Example")
    assert (mutual.skill, mutual.reciprocity) == (0.5, 1.0)


def test_coverage_deduplicates_the_seekers_list():
    # wikidata and its QID are one skill: learn = (1 + 0) / 2, not (1 + 1 + 0) / 3
    d = pair_directory((["wikidata", "Q2013", "grant-writing"], []), ([], ["wikidata"]))
    m = d.score("Seeker Example", "Candidate Example", direction="learn_from")
    assert m.skill == 0.5


def test_best_credit_per_wanted_skill_not_the_sum():
    # two offered siblings of one wanted skill count once (max, not sum)
    d = pair_directory((["wikidata"], []), ([], ["lua-templates", "bots-scripts", "wikisource"]))
    assert d.score("Seeker Example", "Candidate Example", direction="learn_from").skill == 0.5


def test_empty_lists_give_zero_and_no_relevance():
    d = pair_directory(([], []), (["wikidata"], ["wikidata"]))
    assert d.score("Seeker Example", "Candidate Example") is None
    m = d.score("Seeker Example", "Candidate Example", require_skill=False)
    assert (m.skill, m.reciprocity) == (0.0, 0.0)


@pytest.mark.parametrize("direction, relevant", [
    ("learn_from", False), ("share_with", True), ("mutual", True),
])
def test_require_skill_follows_the_direction(direction, relevant):
    # S can teach C (share > 0) but C cannot teach S (learn = 0)
    d = pair_directory((["grant-writing"], ["wikidata"]), (["wikidata"], ["mentoring"]))
    m = d.score("Seeker Example", "Candidate Example", direction=direction)
    assert (m is not None) == relevant
    assert d.score("Seeker Example", "Candidate Example", direction=direction, require_skill=False) is not None


def test_language_gate_and_level():
    base = dict(country="KE", timezone="UTC", learns=["wikidata"], shares=["wikidata"])
    d = lc.Directory([
        lc.Profile("Lang Seeker", languages={"fr": "N", "en": "1", "sw": "3"}, **base),
        lc.Profile("Lang A", languages={"fr": "2", "sw": "5"}, **base),   # best: min(6,2)=2, min(3,5)=3 → 3/6
        lc.Profile("Lang B", languages={"en": "N"}, **base),              # only en at 1 for the seeker
        lc.Profile("Lang C", languages={"de": "N"}, **base),              # nothing in common
        lc.Profile("Lang D", languages={"fr": "N", "sw": "0"}, **base),   # native both → 1
    ], week=WEEK)
    s = "Lang Seeker"
    assert d.score(s, "Lang A").language == 3 / 6
    assert d.score(s, "Lang B") is None                     # gate at 2
    assert d.score(s, "Lang C") is None
    assert d.score(s, "Lang D").language == 1.0
    w0 = lc.Weights(min_level=0)
    assert d.score(s, "Lang B", weights=w0).language == 1 / 6  # no gate, component at level >= 1
    assert d.score(s, "Lang C", weights=w0).language == 0.0
    w3 = lc.Weights(min_level=3)
    assert d.score(s, "Lang A", weights=w3).language == 3 / 6
    wn = lc.Weights(min_level="N")
    assert d.score(s, "Lang A", weights=wn) is None
    assert d.score(s, "Lang D", weights=wn).language == 1.0


def test_region_component():
    base = dict(languages={"en": "4"}, learns=["wikidata"], shares=["wikidata"])
    d = lc.Directory([
        lc.Profile("Reg Seeker", country="KE", **base),
        lc.Profile("Reg Same Country", country="KE", **base),
        lc.Profile("Reg Same Region", country="NG", **base),
        lc.Profile("Reg Other", country="DE", **base),
        lc.Profile("Reg Region Only", region="SSA", **base),
        lc.Profile("Reg Unknown", **base),
    ], week=WEEK)
    w = lc.Weights(same_country=0.9, same_region=0.4, other_region=0.1)
    got = {u: d.score("Reg Seeker", u, weights=w).region for u in d.usernames if u != "Reg Seeker"}
    assert got == {"Reg Same Country": 0.9, "Reg Same Region": 0.4, "Reg Other": 0.1, "Reg Region Only": 0.4,
                   "Reg Unknown": 0.0}
    assert d.score("Reg Unknown", "Reg Other", weights=w).region == 0.0


def test_time_zone_component_half_hour_zones():
    # Kolkata is UTC+5:30; 17:00-19:00 there is 11:30-13:30 UTC; Berlin (UTC+1 in early March)
    # 12:00-14:00 local is 11:00-13:00 UTC → 1.5 common hours
    base = dict(languages={"en": "4"}, learns=["wikidata"], shares=["wikidata"])
    d = lc.Directory([
        lc.Profile("Tz Kolkata", timezone="Asia/Kolkata", availability=[("wed", "17:00", "19:00")], **base),
        lc.Profile("Tz Berlin", timezone="Europe/Berlin", availability=[("wed", "12:00", "14:00")], **base),
    ], week=WEEK)
    w = lc.Weights(overlap_hours=3)
    assert d.score("Tz Kolkata", "Tz Berlin", weights=w).time_zone == 0.5
    assert d.score("Tz Berlin", "Tz Kolkata", weights=lc.Weights(overlap_hours=1)).time_zone == 1.0
    # after Berlin moves to summer time (29 March 2026) it is 10:00-12:00 UTC: 0.5 common hours
    assert d.score("Tz Kolkata", "Tz Berlin", weights=w, week="2026-03-30").time_zone == pytest.approx(0.5 / 3)


@pytest.mark.parametrize("dname", ["sample", "dense"])
def test_language_region_time_zone_are_symmetric(directories, dname):
    d, _ = directories[dname]
    w = lc.Weights(min_level=0)
    names = d.usernames[:60]
    checked = 0
    for a in names:
        for b in names:
            ab = d.score(a, b, weights=w, require_skill=False)
            ba = d.score(b, a, weights=w, require_skill=False)
            if a == b:
                continue
            checked += 1
            assert (ab.language, ab.region, ab.time_zone) == (ba.language, ba.region, ba.time_zone), (a, b)
    assert checked > 1000


def test_directions_share_one_kernel(directories):
    d, _ = directories["dense"]
    for a, b in pairs_for(d, 400, seed=5):
        mutual = d.score(a, b, require_skill=False)
        learn = d.score(a, b, direction="learn_from", require_skill=False)
        share = d.score(a, b, direction="share_with", require_skill=False)
        if mutual is None:
            assert learn is None and share is None
            continue
        assert (mutual.total, mutual.breakdown) == (learn.total, learn.breakdown)
        assert (share.skill, share.reciprocity) == (mutual.reciprocity, mutual.skill)
        assert (share.language, share.region, share.time_zone) == (mutual.language, mutual.region, mutual.time_zone)


# --- recommend against the brute-force top-k -----------------------------------------------------


@pytest.mark.parametrize("dname", ["sample", "dense", "capx_tax", "sparse"])
@pytest.mark.parametrize("direction", DIRECTIONS)
@pytest.mark.parametrize("wname", ["default", "capx", "custom", "odd"])
def test_recommend_equals_brute_force(directories, dname, direction, wname):
    d, ref = directories[dname]
    w = weights(wname)
    rng = random.Random(seed_of(dname, direction, wname))
    shuffled = rng.sample(d.usernames, len(d))
    # a few seekers with recommendations (found by the engine, checked below), and two chosen blindly
    wanted = 8 if dname == "sample" else 4
    seekers = [u for u in shuffled[:-2] if d.recommend(u, 1, direction=direction, weights=w)][:wanted] + shuffled[-2:]
    assert seekers[:-2], "no seeker with recommendations"
    for seeker in seekers:
        full = ref.ranked(seeker, w, direction)
        for k in (1, 3, 10, len(d) + 5):
            got = d.recommend(seeker, k, direction=direction, weights=w)
            assert isinstance(got, Matches)
            assert got.seeker == seeker
            assert_ranking(got, full[:k], (dname, direction, wname, seeker, k))


def test_recommend_defaults(sample):
    ref = Reference(sample)
    got = sample.recommend("Amina Bello")
    assert len(got) == min(10, len(ref.ranked("Amina Bello")))
    assert_ranking(got, ref.recommend("Amina Bello", 10), "defaults")
    assert as_tuples(sample.recommend("Amina_Bello")) == as_tuples(got)  # any spelling of the username
    assert sample.recommend("Amina_Bello").seeker == "Amina Bello"
    assert sample.recommend_many(["amina_Bello"])[0].seeker == "Amina Bello"


def test_recommend_without_require_skill(directories):
    d, ref = directories["dense"]
    w = lc.Weights(min_level=0)
    for seeker in d.usernames[:5]:
        got = d.recommend(seeker, len(d), weights=w, require_skill=False)
        assert len(got) == len(d) - 1  # everybody but the seeker
        assert_ranking(got, ref.recommend(seeker, len(d), w, "mutual", False), seeker)


def test_k_larger_than_the_directory(directories):
    d, ref = directories["sample"]
    for seeker in d.usernames[:10]:
        everything = ref.ranked(seeker)
        assert as_tuples(d.recommend(seeker, 10**6)) == as_tuples(d.recommend(seeker, len(d) + 1))
        assert len(d.recommend(seeker, 10**6)) == len(everything)


def test_ties_break_by_username_key():
    base = dict(country="BR", languages={"pt": "N"}, timezone="America/Sao_Paulo",
                availability=[("thu", "19:00", "21:00")], shares=["wikidata"], learns=["grant-writing"])
    names = ["Zora Tie", "adaeze Tie", "Émile Tie", "Bo_Tie", "Ørjan Tie", "Ana Tie", "bob Tie"]
    d = lc.Directory([lc.Profile(n, **base) for n in names] +
                     [lc.Profile("Tie Seeker", **dict(base, shares=["grant-writing"], learns=["wikidata"]))],
                     week=WEEK)
    expected = sorted(names, key=lc.username_key)
    got = d.recommend("Tie Seeker", 20)
    assert [m.username for m in got] == expected
    assert len({m.total for m in got}) == 1
    for k in range(1, len(names) + 1):
        assert [m.username for m in d.recommend("Tie Seeker", k)] == expected[:k]
    assert [m.username for m in d.recommend_many(["Tie Seeker"], 3)[0]] == expected[:3]


def test_k_must_be_positive(sample):
    for k in (0, -1):
        with pytest.raises(lc.ValidationError) as info:
            sample.recommend("Amina Bello", k)
        assert isinstance(info.value, ValueError)
        with pytest.raises(lc.ValidationError):
            sample.recommend_many(["Amina Bello"], k)


# --- filters -------------------------------------------------------------------------------------


FILTERS = [
    dict(shares="grants-resources"),
    dict(shares=["wikidata", "Q565"]),
    dict(learns="on-wiki-technical"),
    dict(knows="interpersonal"),
    dict(region="SSA"),
    dict(region=["USCA", "CEE"]),
    dict(country=["NG", "ke"]),
    dict(language="fr"),
    dict(language=["sw", "ar"]),
    dict(shares="on-wiki-technical", region=["SSA", "NWE"], language="en"),
]


@pytest.mark.parametrize("dname", ["sample", "dense"])
@pytest.mark.parametrize("query", FILTERS, ids=[repr(q) for q in FILTERS])
def test_recommend_filters(directories, dname, query):
    d, ref = directories[dname]
    allowed = set(reference_search(list(d), d.taxonomy, **query))
    for seeker in random.Random(seed_of(dname, repr(query))).sample(d.usernames, 8):
        for direction in DIRECTIONS:
            got = d.recommend(seeker, 15, direction=direction, **query)
            assert {m.username for m in got} <= allowed
            assert_ranking(got, ref.recommend(seeker, 15, None, direction, True, **query), (seeker, query))


def test_recommend_exclude(directories):
    d, ref = directories["sample"]
    for seeker in d.usernames[:20]:
        top = d.recommend(seeker, 5)
        if len(top) < 3:
            continue
        # any spelling of a username excludes it
        exclude = [top[0].username.replace(" ", "_"), top[2].username.replace("_", " ")]
        got = d.recommend(seeker, 5, exclude=exclude)
        names = [m.username for m in got]
        assert top[0].username not in names and top[2].username not in names
        assert names[0] == top[1].username
        assert_ranking(got, ref.recommend(seeker, 5, exclude=exclude), seeker)
        assert as_tuples(d.recommend(seeker, 5, exclude=top[1].username)) == as_tuples(
            ref_like(d.recommend(seeker, 6), skip=top[1].username)[:5])


def ref_like(matches, skip):
    return [m for m in matches if m.username != skip]


def test_filter_with_unknown_skill(sample):
    with pytest.raises(lc.NotFoundError) as info:
        sample.recommend("Amina Bello", shares="juggling")
    assert isinstance(info.value, KeyError)
    assert "juggling" in str(info.value)
    with pytest.raises(lc.NotFoundError):
        sample.recommend("Amina Bello", learns=["wikidata", "Q0"])
    with pytest.raises(lc.NotFoundError):
        sample.recommend_many(["Amina Bello"], knows="juggling")


def test_filter_with_bad_region(sample):
    with pytest.raises(lc.LetsConnectError):
        sample.recommend("Amina Bello", region="Atlantis")


def test_filter_matching_nobody_gives_an_empty_list(sample):
    got = sample.recommend("Amina Bello", country="FJ")
    assert got == [] and got.seeker == "Amina Bello"


# --- week= ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("week", ["2026-03-09", dt.date(2026, 3, 9), "2026-03-11", dt.date(2026, 3, 30), "2026-07-08"])
def test_week_argument_equals_for_week(directories, week):
    d, _ = directories["dense"]
    other = d.for_week(week)
    for seeker in d.usernames[:10]:
        for direction in DIRECTIONS:
            assert as_tuples(d.recommend(seeker, 8, direction=direction, week=week)) == as_tuples(
                other.recommend(seeker, 8, direction=direction))
    seekers = d.usernames[:12]
    assert [as_tuples(x) for x in d.recommend_many(seekers, 5, week=week)] == [
        as_tuples(x) for x in other.recommend_many(seekers, 5)]
    np.testing.assert_array_equal(d.score_matrix(seekers, week=week), other.score_matrix(seekers))
    for a, b in pairs_for(d, 100, seed=9):
        assert d.score(a, b, week=week) == other.score(a, b)


def test_week_changes_time_zone_as_the_reference_says(directories):
    d, ref = directories["dense"]
    later = Reference(d.for_week("2026-03-30"))  # after both US and EU moved to summer time
    changed = 0
    for a, b in pairs_for(d, 600, seed=13):
        expected = later.score(a, b, None, "mutual", False)
        assert_score(d.score(a, b, week="2026-03-30", require_skill=False), expected, (a, b))
        before = ref.score(a, b, None, "mutual", False)
        changed += before is not None and before.time_zone != expected.time_zone
    assert changed > 0  # the week matters for some pair


def test_week_as_date_and_string_agree(sample):
    a = sample.recommend("Amina Bello", week="2026-10-26")
    b = sample.recommend("Amina Bello", week=dt.date(2026, 10, 26))
    assert as_tuples(a) == as_tuples(b)


def test_concurrent_queries_for_different_weeks(directories):
    # week= converts (and may cache) the directory; queries from several Python threads must agree
    d, _ = directories["dense"]
    seekers = d.usernames[:20]
    weeks = ["2026-03-09", "2026-07-06", None, "2026-03-30"]
    expected = {w: [as_tuples(d.recommend(u, 5, week=w)) for u in seekers] for w in weeks}
    failures = []

    def worker(w):
        for _ in range(3):
            got = [as_tuples(d.recommend(u, 5, week=w)) for u in seekers]
            if got != expected[w]:
                failures.append(w)

    threads = [threading.Thread(target=worker, args=(w,)) for w in weeks * 2]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures


# --- recommend_many ------------------------------------------------------------------------------


@pytest.mark.parametrize("threads", [1, 2, 0])
@pytest.mark.parametrize("options", [
    dict(),
    dict(direction="learn_from", k=3),
    dict(direction="share_with", weights="custom", k=7),
    dict(region="SSA", language="en", k=4),
    dict(weights="capx", direction="learn_from", k=50),
], ids=["defaults", "learn_from", "share_with", "filters", "capx"])
def test_recommend_many_equals_a_loop(directories, threads, options):
    options = dict(options)
    if "weights" in options:
        options["weights"] = weights(options["weights"])
    k = options.pop("k", 10)
    for dname in ("sample", "dense"):
        d, _ = directories[dname]
        seekers = d.usernames
        got = d.recommend_many(seekers, k, threads=threads, **options)
        assert isinstance(got, list) and len(got) == len(seekers)
        for seeker, matches in zip(seekers, got):
            assert matches.seeker == seeker
            assert as_tuples(matches) == as_tuples(d.recommend(seeker, k, **options)), seeker


def test_recommend_many_input_shapes(sample):
    seekers = ["Amina Bello", "Chinedu_Okafor", "Seun.Adeyemi"]
    expected = [as_tuples(x) for x in sample.recommend_many(seekers, 4)]
    assert [as_tuples(x) for x in sample.recommend_many(iter(seekers), 4)] == expected
    assert [as_tuples(x) for x in sample.recommend_many(tuple(seekers), 4)] == expected
    assert sample.recommend_many([], 4) == []


def test_recommend_many_unknown_user(sample):
    with pytest.raises(lc.NotFoundError) as info:
        sample.recommend_many(["Amina Bello", "Nobody Atall"], 4, threads=2)
    assert "Nobody Atall" in str(info.value)


# --- the GIL -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def big():
    return lc.Directory(generated_profiles(2500, seed=99, taxonomy=lc.Taxonomy.bundled()), week=WEEK)


def run_while_main_thread_works(call):
    """Runs `call` on a thread while this thread keeps running Python; returns the result, the
    call's duration and the longest pause of this thread during the call."""
    out: dict[str, object] = {}

    def worker():
        out["start"] = time.perf_counter()
        out["result"] = call()
        out["end"] = time.perf_counter()

    stamps = []
    thread = threading.Thread(target=worker)
    thread.start()
    x = 0
    while thread.is_alive():
        for _ in range(50):
            x = (x * 31 + 7) % 1000003  # Python work that needs the GIL
        stamps.append(time.perf_counter())
    thread.join()
    start, end = out["start"], out["end"]
    inside = [start] + [t for t in stamps if start <= t <= end] + [end]
    pause = max(b - a for a, b in zip(inside, inside[1:]))
    return out["result"], end - start, pause


@pytest.mark.parametrize("what", ["recommend_many", "score_matrix"])
def test_batch_calls_release_the_gil(big, what):
    seekers = big.usernames
    w = lc.Weights(min_level=0)

    def call(names):
        if what == "recommend_many":
            return big.recommend_many(names, 20, weights=w, require_skill=False, threads=1)
        return big.score_matrix(names, weights=w, require_skill=False, threads=1)

    # enough seekers for ~0.2 s of work on one thread
    t0 = time.perf_counter()
    call(seekers[:100])
    per_seeker = (time.perf_counter() - t0) / 100
    n = max(100, min(len(seekers), int(0.2 / max(per_seeker, 1e-9))))
    names = seekers[:n]
    expected = call(names)
    result, duration, pause = run_while_main_thread_works(lambda: call(names))
    if what == "recommend_many":
        assert [as_tuples(x) for x in result] == [as_tuples(x) for x in expected]
    else:
        np.testing.assert_array_equal(result, expected)
    if duration < 0.05:
        pytest.skip(f"too fast to tell ({duration:.3f} s)")
    # with the GIL held the main thread would stall for the whole call
    assert pause < 0.5 * duration, (pause, duration)


# --- score_matrix --------------------------------------------------------------------------------


@pytest.mark.parametrize("direction", DIRECTIONS)
@pytest.mark.parametrize("wname, require_skill", [("default", True), ("custom", False), ("capx", True)])
def test_score_matrix_equals_score(sample, direction, wname, require_skill):
    w = weights(wname)
    seekers = sample.usernames
    m = sample.score_matrix(seekers, direction=direction, weights=w, require_skill=require_skill)
    assert m.dtype == np.float32
    assert m.shape == (len(seekers), len(sample))
    for i, a in enumerate(seekers):
        for j, b in enumerate(sample.usernames):
            s = sample.score(a, b, direction=direction, weights=w, require_skill=require_skill)
            if s is None:
                assert m[i, j] == -np.inf, (a, b)
            else:
                assert m[i, j] == np.float32(s.total), (a, b)
    assert np.all(np.diag(m) == -np.inf)


def test_score_matrix_candidates_and_threads(directories):
    d, ref = directories["dense"]
    rng = random.Random(17)
    seekers = rng.sample(d.usernames, 25)
    candidates = list(reversed(rng.sample(d.usernames, 40))) + [seekers[0]]
    base = d.score_matrix(seekers, candidates, threads=1)
    assert base.shape == (25, 41) and base.dtype == np.float32
    for threads in (2, 0):
        np.testing.assert_array_equal(d.score_matrix(seekers, candidates, threads=threads), base)
    for i, a in enumerate(seekers):
        for j, b in enumerate(candidates):
            expected = ref.score(a, b)
            assert base[i, j] == (-np.inf if expected is None else np.float32(expected.total)), (a, b)
    assert base[0, 40] == -np.inf
    np.testing.assert_array_equal(d.score_matrix(iter(seekers), iter(candidates)), base)
    full = d.score_matrix(seekers)
    assert full.shape == (25, len(d))
    np.testing.assert_array_equal(full[:, [d.usernames.index(c) for c in candidates]], base)


def test_score_matrix_without_require_skill(sample):
    w = lc.Weights(min_level=0)
    m = sample.score_matrix(sample.usernames, weights=w, require_skill=False)
    off = ~np.eye(len(sample), dtype=bool)
    assert np.all(np.isfinite(m[off]))
    assert np.all(np.isneginf(np.diag(m)))
    assert np.all((m[off] >= 0) & (m[off] <= 1))


def test_score_matrix_empty_and_unknown(sample):
    assert sample.score_matrix([]).shape == (0, len(sample))
    with pytest.raises(lc.NotFoundError):
        sample.score_matrix(["Nobody Atall"])
    with pytest.raises(lc.NotFoundError):
        sample.score_matrix(["Amina Bello"], ["Nobody Atall"])


def test_score_matrix_with_an_empty_candidate_list(tmp_path):
    # In a child process: writing a full row into a zero-width array would corrupt memory.
    code = """
import numpy as np, letsconnect as lc
d = lc.sample_directory(week="2026-03-02")
full = d.score_matrix(d.usernames)
for _ in range(20):
    m = d.score_matrix(d.usernames, [])
    assert m.shape in {(len(d), 0), (len(d), len(d))}, m.shape
    if m.shape[1]:
        np.testing.assert_array_equal(m, full)
big = lc.Directory([lc.Profile(f"Filler {i}", shares=["wikidata"], learns=["mentoring"]) for i in range(3000)])
for _ in range(5):
    assert big.score_matrix(big.usernames[:200], []).shape in {(200, 0), (200, 3000)}
print("ok")
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=tmp_path,
                            check=False)
    assert result.returncode == 0 and result.stdout == "ok\n", (result.returncode, result.stderr[-2000:])


# --- audience ------------------------------------------------------------------------------------


def busiest_start(d, duration_min):
    """The hour of the reference week when most people are free for `duration_min` minutes."""
    avail = np.array([d.availability(u).reshape(-1) for u in d.usernames])
    need = duration_min // 15
    best = max(range(0, 7 * 96 - need, 4), key=lambda s: (avail[:, s:s + need].all(axis=1).sum(), -s))
    monday = dt.datetime.combine(d.week, dt.time(), tzinfo=dt.timezone.utc)
    return monday + dt.timedelta(minutes=15 * best)


@pytest.fixture(scope="module")
def clinic(dense):
    d, _ = dense
    start = busiest_start(d, 120)
    return dict(skills=["grant-writing", "wikidata"], language="en", start_utc=start, duration_min=120,
                interpretation=["fr"])


def check_audience(d, got, clinic, w=None):
    w = w or lc.Weights()
    start = clinic["start_utc"]
    week = d.for_week(start.date())
    slots = clinic_slots(start, clinic["duration_min"])
    tax = TaxonomyCredit(d.taxonomy)
    skills = tax.resolve(clinic["skills"])
    languages = [clinic["language"], *clinic.get("interpretation", [])]
    gate = level_value(w.min_level)  # 0 turns the language gate off
    for m in got:
        p = week[m.username]
        assert week.availability(m.username)[slots].all(), m.username                 # the whole clinic
        assert any(tax.credit(wanted, o, {"narrower": w.narrower, "related": w.related, "category": w.category}) > 0
                   for wanted in tax.resolve(p.learns) for o in skills), m.username    # wants a clinic skill
        if gate:
            assert any(level_value(p.languages.get(code)) >= gate for code in languages), m.username
    assert_sorted_by_total(got)


def test_audience_equals_reference(dense, clinic):
    d, _ = dense
    got = d.audience(**clinic)
    assert got.seeker is None
    assert len(got) >= 3, "the busiest hour should find an audience"
    check_audience(d, got, clinic)
    assert_ranking(got, reference_audience(d, **clinic), "audience")


def test_audience_k_and_filters(dense, clinic):
    d, _ = dense
    full = d.audience(**clinic, k=1000)
    assert as_tuples(d.audience(**clinic, k=2)) == as_tuples(full[:2])
    everyone = {m.username for m in full}
    sub = d.audience(**clinic, k=1000, region=["SSA", "NWE", "LAC"])
    assert {m.username for m in sub} <= everyone
    assert all(d[m.username].region in {"SSA", "NWE", "LAC"} for m in sub)
    assert_ranking(sub, reference_audience(d, **clinic, k=1000, region=["SSA", "NWE", "LAC"]), "region")
    if full:
        country = d[full[0].username].country
        if country:
            by_country = d.audience(**clinic, k=1000, country=country)
            assert {m.username for m in by_country} == {m.username for m in full if d[m.username].country == country}
        out = d.audience(**clinic, k=1000, exclude=[full[0].username.replace(" ", "_")])
        assert [m.username for m in out] == [m.username for m in full[1:]]


def test_audience_other_weights_and_languages(dense, clinic):
    d, _ = dense
    for w in (weights("custom"), weights("odd"), lc.Weights(min_level=4)):
        got = d.audience(**clinic, weights=w, k=1000)
        check_audience(d, got, clinic, w)
        assert_ranking(got, reference_audience(d, **clinic, k=1000, weights=w), repr(w))
    solo = dict(clinic, interpretation=[])
    got = d.audience(**solo, k=1000)
    check_audience(d, got, solo)
    assert_ranking(got, reference_audience(d, **solo, k=1000), "no interpretation")


def test_audience_skill_as_category_or_single_string(dense, clinic):
    d, _ = dense
    for skills in ("grants-resources", ["Q2013"], ["on-wiki-technical", "mentoring"]):
        c = dict(clinic, skills=skills)
        got = d.audience(**c, k=1000)
        check_audience(d, got, dict(c, skills=[skills] if isinstance(skills, str) else skills))
        assert_ranking(got, reference_audience(d, **c, k=1000), skills)


def test_audience_start_forms(dense, clinic):
    d, _ = dense
    start = clinic["start_utc"]
    expected = as_tuples(d.audience(**clinic))
    rest = {k: v for k, v in clinic.items() if k != "start_utc"}
    plus_two = start.astimezone(dt.timezone(dt.timedelta(hours=2)))  # the same instant elsewhere
    naive = start.replace(tzinfo=None)  # naive means UTC
    for form in (plus_two, naive, start.strftime("%Y-%m-%dT%H:%M:%SZ"), start.isoformat(), naive.isoformat()):
        assert as_tuples(d.audience(start_utc=form, **rest)) == expected, form


@pytest.mark.parametrize("start, duration", [
    (dt.datetime(2026, 3, 8, 23, 0, tzinfo=dt.timezone.utc), 120),   # Sunday night into Monday: wraps
    (dt.datetime(2026, 3, 5, 16, 10, tzinfo=dt.timezone.utc), 50),   # 16:00-17:00 in quarter hours
    (dt.datetime(2026, 3, 4, 17, 45, tzinfo=dt.timezone.utc), 15),
    (dt.datetime(2026, 3, 3, 12, 0, tzinfo=dt.timezone.utc), 1440),
])
def test_audience_clinic_times(dense, clinic, start, duration):
    d, _ = dense
    c = dict(clinic, start_utc=start, duration_min=duration, skills=["grants-resources", "on-wiki-technical"])
    got = d.audience(**c, k=1000)
    check_audience(d, got, c)
    assert_ranking(got, reference_audience(d, **c, k=1000), (start, duration))


def test_audience_clinic_past_sunday_midnight():
    base = dict(timezone="UTC", languages={"en": "3"}, learns=["grant-writing"])
    d = lc.Directory([
        lc.Profile("Night Owl Short", availability=[("sun", "22:00", "24:00")], **base),
        lc.Profile("Night Owl Long", availability=[("sun", "22:00", "01:00")], **base),  # into Monday
        lc.Profile("Monday Morning", availability=[("mon", "00:00", "03:00")], **base),
    ], week=WEEK)
    start = dt.datetime.combine(WEEK + dt.timedelta(days=6), dt.time(23, 0), tzinfo=dt.timezone.utc)
    got = d.audience("grant-writing", "en", start, 120)
    assert [m.username for m in got] == ["Night Owl Long"]
    assert got[0].time_zone == pytest.approx(2 / 6)


def test_audience_in_another_week(dense, clinic):
    d, _ = dense
    later = clinic["start_utc"] + dt.timedelta(days=7 * 18)  # July: summer time north of the equator
    c = dict(clinic, start_utc=later)
    got = d.audience(**c, k=1000)
    check_audience(d, got, c)
    assert as_tuples(got) == as_tuples(d.for_week(later.date()).audience(**c, k=1000))
    assert_ranking(got, reference_audience(d, **c, k=1000), "July")


def test_audience_on_the_sample(sample):
    monday = dt.datetime.combine(WEEK, dt.time(), tzinfo=dt.timezone.utc)
    c = dict(skills=["grants-resources", "on-wiki-technical", "interpersonal", "learning-evaluation",
                     "organisational"], language="en", start_utc=monday + dt.timedelta(hours=17), duration_min=60)
    got = sample.audience(**c)
    check_audience(sample, got, c)
    assert_ranking(got, reference_audience(sample, **c), "sample")
    assert got


@pytest.mark.parametrize("change, error", [
    (dict(skills=[]), lc.ValidationError),
    (dict(skills=["juggling"]), lc.NotFoundError),
    (dict(duration_min=10), lc.ValidationError),
    (dict(duration_min=1441), lc.ValidationError),
    (dict(k=0), lc.ValidationError),
    (dict(language="not a language"), lc.ValidationError),
])
def test_audience_errors(dense, clinic, change, error):
    d, _ = dense
    with pytest.raises(error):
        d.audience(**dict(clinic, **change))


# --- Matches.to_frame ----------------------------------------------------------------------------


def test_matches_to_frame(sample):
    import pandas as pd

    matches = sample.recommend("Amina Bello", 7)
    frame = matches.to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == ["username", "total", *COMPONENTS, "explanation"]
    assert frame.index.name == "rank"
    assert list(frame.index) == list(range(1, len(matches) + 1))
    for column in ("total", *COMPONENTS):
        assert frame[column].dtype == np.float64, column
    assert list(frame["username"]) == [m.username for m in matches]
    assert list(frame["total"]) == [m.total for m in matches]
    for name in COMPONENTS:
        assert list(frame[name]) == [getattr(m, name) for m in matches]
    assert list(frame["explanation"]) == [m.explanation for m in matches]
    assert frame.attrs.get("seeker") == "Amina Bello"


def test_empty_matches_to_frame(sample):
    frame = sample.recommend("Amina Bello", country="FJ").to_frame()
    assert len(frame) == 0
    assert list(frame.columns) == ["username", "total", *COMPONENTS, "explanation"]
    assert frame.index.name == "rank"
    assert frame["total"].dtype == np.float64


def test_matches_repr(sample):
    matches = sample.recommend("Amina Bello", 7)
    text = repr(matches)
    assert "Amina Bello" in text and matches[0].username in text


# --- CapX parity ---------------------------------------------------------------------------------


@pytest.mark.parametrize("dname", ["sample", "dense", "sparse"])
@pytest.mark.parametrize("direction", ["learn_from", "share_with"])
def test_capx_order_is_the_exact_overlap_count(directories, dname, direction):
    d, ref = directories[dname]
    w = lc.Weights.capx()
    no_common_language = 0
    for seeker in d.usernames[:60]:
        s = ref[seeker]
        anchor = set(s.learns if direction == "learn_from" else s.shares)
        counts = {}
        for p in d:
            if lc.username_key(p.username) == lc.username_key(seeker):
                continue
            c = ref[p.username]
            n = len(anchor & set(c.shares if direction == "learn_from" else c.learns))
            if n:
                counts[p.username] = n
        got = d.recommend(seeker, len(d) + 1, direction=direction, weights=w)
        assert {m.username for m in got} == set(counts), seeker   # only count > 0, no language gate
        order = [counts[m.username] for m in got]
        assert order == sorted(order, reverse=True), seeker
        for m in got:
            assert m.total == pytest.approx(counts[m.username] / len(anchor), abs=1e-12)
        # equal counts form the same groups (ties as sets), each ordered by username key
        groups = {}
        for m in got:
            groups.setdefault(counts[m.username], []).append(m.username)
        for n, members in groups.items():
            assert set(members) == {u for u, c in counts.items() if c == n}
            assert members == sorted(members, key=lc.username_key)
        no_common_language += sum(1 for m in got if not set(s.languages) & set(ref[m.username].languages))
    if dname != "sample":
        assert no_common_language > 0  # people with no common language are still ranked


# --- errors --------------------------------------------------------------------------------------


def test_unknown_username(sample):
    for call in (lambda: sample.recommend("Nobody Atall"),
                 lambda: sample.score("Nobody Atall", "Amina Bello"),
                 lambda: sample.score("Amina Bello", "Nobody Atall")):
        with pytest.raises(lc.NotFoundError) as info:
            call()
        assert isinstance(info.value, KeyError)
        assert isinstance(info.value, lc.LetsConnectError)
        assert "Nobody Atall" in str(info.value)


@pytest.mark.parametrize("direction", ["sideways", "", "LEARN", 1])
def test_bad_direction(sample, direction):
    expected = ValueError if isinstance(direction, str) else (TypeError, ValueError)
    with pytest.raises(expected):
        sample.recommend("Amina Bello", direction=direction)
    with pytest.raises(expected):
        sample.score("Amina Bello", "Chinedu_Okafor", direction=direction)
    with pytest.raises(expected):
        sample.score_matrix(["Amina Bello"], direction=direction)


def test_direction_with_dash(sample):
    # parse_direction accepts "learn-from" as well
    assert as_tuples(sample.recommend("Amina Bello", direction="learn-from")) == as_tuples(
        sample.recommend("Amina Bello", direction="learn_from"))


def test_bad_week(sample):
    with pytest.raises((ValueError, TypeError)):
        sample.recommend("Amina Bello", week="2026-13-45")
