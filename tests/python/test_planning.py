"""Planning (schedule.hpp, mentorship.hpp): plan_clinic, language_groups and MentorshipProgramme.

plan_clinic is checked against a day worked out by hand across six zones (two of them half- and
quarter-hour zones), against the daylight-saving changes of 2026 in New York and Berlin (and the
absence of one in Mexico City), against a per-instant reference written here with Python's
zoneinfo, and for ``split=2`` against a brute force over every pair of starts. language_groups is
checked by hand and against a brute force over every subset of languages. Every person here is
invented.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
import random
import zlib
import zoneinfo
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pytest

import letsconnect as lc
from helpers import DAYS, ROOT, WEEK

UTC = dt.timezone.utc
SAMPLE_PROGRAMME = ROOT / "data" / "sample_mentorship.json"
SLOT_COLUMNS = ["start", "end", "available", "share"]
PAIR_COLUMNS = ["first", "second", "first_available", "second_available", "covered", "share"]
GROUP_COLUMNS = ["group", "audience", "covered", "share"]
NEEDS_COLUMNS = ["language", "people"]


def seed_of(*parts: object) -> int:
    return zlib.crc32(repr(parts).encode())


def utc(day: str, hhmm: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{hhmm}:00+00:00")


def slot_list(plan: lc.ClinicPlan) -> list[tuple[dt.datetime, int]]:
    return [(s.to_pydatetime(), int(a)) for s, a in zip(plan.slots["start"], plan.slots["available"])]


def group_list(frame: pd.DataFrame) -> list[tuple[str, int, int]]:
    return [(str(g), int(a), int(c)) for g, a, c in zip(frame["group"], frame["audience"], frame["covered"])]


# --- the hand-worked day ---------------------------------------------------------------------------
#
# Wednesday 14 January 2026: no zone below changes its offset in January.
#
#   person           zone                  offset  local window (wed)  in UTC         120-min starts (UTC)
#   Ifeoma Quarv     Africa/Lagos          +1:00   14:00-18:00         13:00-17:00    13:00 ... 15:00
#   Yemi Ostrad      Africa/Lagos          +1:00   15:00-17:30         14:00-16:30    14:00 ... 14:30
#   Xochi Brenal     America/Mexico_City   -6:00   08:00-11:00         14:00-17:00    14:00 ... 15:00
#   Anvi Tessar      Asia/Kolkata          +5:30   18:00-21:00         12:30-15:30    12:30 ... 13:30
#   Corin Halvey     America/New_York      -5:00   09:30-12:30         14:30-17:30    14:30 ... 15:30
#   Greta Wollin     Europe/Berlin         +1:00   13:00-17:30         12:00-16:30    12:00 ... 14:30
#   Prabin Solet     Asia/Kathmandu        +5:45   18:00-20:30         12:15-14:45    12:15 ... 12:45
#   Nilo Vantre      Africa/Nairobi        +3:00   (no availability)   -              -
#
# (A 120-minute clinic fits a window from its start to its end minus two hours.)
#
# Starts every 30 minutes from 00:00 UTC on the 14th, and who can come:
#   12:00  Greta                                     1
#   12:30  Anvi, Greta, Prabin                       3
#   13:00  Ifeoma, Anvi, Greta                       3
#   13:30  Ifeoma, Anvi, Greta                       3
#   14:00  Ifeoma, Yemi, Xochi, Greta                4
#   14:30  Ifeoma, Yemi, Xochi, Corin, Greta         5   <- best: 5 of 8
#   15:00  Ifeoma, Xochi, Corin                      3
#   15:30  Corin                                     1
#   every other start                                0
#
# At 14:30 by region (largest audience first, then the code):
#   SSA (NG, NG, KE)  3 people, 2 covered (Ifeoma, Yemi; Nilo has no availability)
#   SA  (IN, NP)      2 people, 0 covered
#   LAC, NA, NWE      1 each, 1 covered each
# and by time zone: Africa/Lagos 2/2, then the 1-person zones by name.

HAND_DAY = "2026-01-14"
HAND_PROFILES = [
    # username, country, zone, windows
    ("Ifeoma Quarv", "NG", "Africa/Lagos", [("wed", "14:00", "18:00")]),
    ("Yemi Ostrad", "NG", "Africa/Lagos", [("wed", "15:00", "17:30")]),
    ("Xochi Brenal", "MX", "America/Mexico_City", [("wed", "08:00", "11:00")]),
    ("Anvi Tessar", "IN", "Asia/Kolkata", [("wed", "18:00", "21:00")]),
    ("Corin Halvey", "US", "America/New_York", [("wed", "09:30", "12:30")]),
    ("Greta Wollin", "DE", "Europe/Berlin", [("wed", "13:00", "17:30")]),
    ("Prabin Solet", "NP", "Asia/Kathmandu", [("wed", "18:00", "20:30")]),
    ("Nilo Vantre", "KE", "Africa/Nairobi", []),
]
HAND_LANGUAGES = {
    "Ifeoma Quarv": {"en": "4", "yo": "N"}, "Yemi Ostrad": {"en": "3"}, "Xochi Brenal": {"es": "N"},
    "Anvi Tessar": {"en": "N", "hi": "N"}, "Corin Halvey": {"en": "N"}, "Greta Wollin": {"de": "N", "en": "3"},
    "Prabin Solet": {"ne": "N", "en": "2"}, "Nilo Vantre": {"sw": "N"},
}
#: The starts (UTC, on HAND_DAY) at which each can attend a 120-minute clinic, from the table above,
#: as (first, last) on the quarter hour.
HAND_STARTS = {
    "Ifeoma Quarv": ("13:00", "15:00"), "Yemi Ostrad": ("14:00", "14:30"), "Xochi Brenal": ("14:00", "15:00"),
    "Anvi Tessar": ("12:30", "13:30"), "Corin Halvey": ("14:30", "15:30"), "Greta Wollin": ("12:00", "14:30"),
    "Prabin Solet": ("12:15", "12:45"), "Nilo Vantre": None,
}
HAND_BEST_SLOTS = [
    ("14:30", 5), ("14:00", 4), ("12:30", 3), ("13:00", 3), ("13:30", 3), ("15:00", 3), ("12:00", 1), ("15:30", 1),
]
HAND_BY_REGION = [("SSA", 3, 2), ("SA", 2, 0), ("LAC", 1, 1), ("NA", 1, 1), ("NWE", 1, 1)]
HAND_BY_ZONE = [
    ("Africa/Lagos", 2, 2), ("Africa/Nairobi", 1, 0), ("America/Mexico_City", 1, 1), ("America/New_York", 1, 1),
    ("Asia/Kathmandu", 1, 0), ("Asia/Kolkata", 1, 0), ("Europe/Berlin", 1, 1),
]


def hand_profiles() -> list[lc.Profile]:
    return [lc.Profile(name, country=cc, timezone=zone, availability=windows, languages=HAND_LANGUAGES[name])
            for name, cc, zone, windows in HAND_PROFILES]


@pytest.fixture(scope="module")
def hand() -> lc.Directory:
    return lc.Directory(hand_profiles(), week="2026-01-12")


def hand_minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def hand_count(start: str) -> int:
    """How many can attend a 120-minute clinic at `start` (UTC, HAND_DAY), from HAND_STARTS."""
    t = hand_minutes(start)
    return sum(1 for r in HAND_STARTS.values() if r and hand_minutes(r[0]) <= t <= hand_minutes(r[1]))


def test_hand_worked_top_slots(hand):
    plan = lc.plan_clinic(hand, hand.usernames, start=HAND_DAY, end=HAND_DAY)
    # top=10: the eight starts with someone, then the earliest of the empty ones.
    expected = [(utc(HAND_DAY, t), n) for t, n in HAND_BEST_SLOTS]
    expected += [(utc(HAND_DAY, "00:00"), 0), (utc(HAND_DAY, "00:30"), 0)]
    assert slot_list(plan) == expected
    assert plan.audience == 8
    assert plan.without_availability == 1
    assert plan.best == (utc(HAND_DAY, "14:30"),)


def test_hand_worked_slots_frame(hand):
    slots = lc.plan_clinic(hand, hand.usernames, start=HAND_DAY, end=HAND_DAY, top=8).slots
    assert list(slots.columns) == SLOT_COLUMNS
    assert isinstance(slots["start"].dtype, pd.DatetimeTZDtype) and str(slots["start"].dt.tz) == "UTC"
    assert slots["available"].dtype == np.int64
    assert slots["share"].dtype == np.float64
    assert (slots["end"] - slots["start"] == pd.Timedelta(minutes=120)).all()
    assert slots["share"].tolist() == pytest.approx([5 / 8, 4 / 8, 3 / 8, 3 / 8, 3 / 8, 3 / 8, 1 / 8, 1 / 8])


def test_hand_worked_by_region_and_time_zone(hand):
    plan = lc.plan_clinic(hand, hand.usernames, start=HAND_DAY, end=HAND_DAY)
    assert list(plan.by_region.columns) == GROUP_COLUMNS
    assert group_list(plan.by_region) == HAND_BY_REGION
    assert group_list(plan.by_time_zone) == HAND_BY_ZONE
    assert plan.by_region["share"].tolist() == pytest.approx([2 / 3, 0.0, 1.0, 1.0, 1.0])
    assert plan.by_time_zone["share"].tolist() == pytest.approx([1.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0])


def test_hand_worked_every_quarter_hour(hand):
    # step=15: every start of the day, each count from the hand-worked ranges.
    plan = lc.plan_clinic(hand, hand.usernames, start=HAND_DAY, end=HAND_DAY, step=15, top=1000)
    got = {s: n for s, n in slot_list(plan)}
    assert len(got) == 96 and len(plan.slots) == 96
    for q in range(96):
        hhmm = f"{q // 4:02d}:{q % 4 * 15:02d}"
        assert got[utc(HAND_DAY, hhmm)] == hand_count(hhmm), hhmm
    # Ranked by count, then time: 14:30 (5), then 14:00 and 14:15 (4 each).
    assert slot_list(plan)[:3] == [(utc(HAND_DAY, "14:30"), 5), (utc(HAND_DAY, "14:00"), 4), (utc(HAND_DAY, "14:15"), 4)]
    # Only at quarter-hour steps does Prabin's +5:45 window admit 12:15 and 12:45.
    assert got[utc(HAND_DAY, "12:15")] == 2  # Greta, Prabin
    assert got[utc(HAND_DAY, "12:45")] == 3  # Anvi, Greta, Prabin


def test_hand_worked_to_dict_and_repr(hand):
    plan = lc.plan_clinic(hand, hand.usernames, start=HAND_DAY, end=HAND_DAY, top=3)
    assert plan.to_dict() == {
        "audience": 8, "without_availability": 1, "duration_min": 120, "split": 1,
        "slots": [{"start": "2026-01-14T14:30:00Z", "available": 5}, {"start": "2026-01-14T14:00:00Z", "available": 4},
                  {"start": "2026-01-14T12:30:00Z", "available": 3}],
        "by_region": [{"group": g, "audience": a, "covered": c} for g, a, c in HAND_BY_REGION],
        "by_time_zone": [{"group": g, "audience": a, "covered": c} for g, a, c in HAND_BY_ZONE],
    }
    assert json.loads(json.dumps(plan.to_dict())) == plan.to_dict()
    assert plan.language_groups is None
    assert repr(plan) == "<ClinicPlan: audience 8, best Wed 2026-01-14 14:30 UTC reaches 5>"


def test_hand_worked_whole_week_and_two_wednesdays(hand):
    # Only Wednesdays have windows: a week around the 14th gives the same ranking.
    week = lc.plan_clinic(hand, hand.usernames, start="2026-01-12", end="2026-01-18", top=8)
    assert slot_list(week) == [(utc(HAND_DAY, t), n) for t, n in HAND_BEST_SLOTS]
    assert group_list(week.by_region) == HAND_BY_REGION
    # Two Wednesdays: equal counts rank by time, so the 14th before the 21st.
    two = lc.plan_clinic(hand, hand.usernames, start=HAND_DAY, end="2026-01-21", top=4)
    assert slot_list(two) == [(utc(HAND_DAY, "14:30"), 5), (utc("2026-01-21", "14:30"), 5),
                              (utc(HAND_DAY, "14:00"), 4), (utc("2026-01-21", "14:00"), 4)]


def test_hand_worked_longer_clinic(hand):
    # 240 minutes fit only Ifeoma (13:00-17:00: one start, 13:00) and Greta (12:00-16:30: 12:00, 12:30).
    plan = lc.plan_clinic(hand, hand.usernames, start=HAND_DAY, end=HAND_DAY, duration=240, top=4)
    assert slot_list(plan) == [(utc(HAND_DAY, "12:00"), 1), (utc(HAND_DAY, "12:30"), 1), (utc(HAND_DAY, "13:00"), 1),
                               (utc(HAND_DAY, "00:00"), 0)]
    assert (plan.slots["end"] - plan.slots["start"] == pd.Timedelta(minutes=240)).all()
    # by_region describes the best time (12:00): only Greta.
    assert group_list(plan.by_region) == [("SSA", 3, 0), ("SA", 2, 0), ("LAC", 1, 0), ("NA", 1, 0), ("NWE", 1, 1)]


def test_hand_worked_audience_from_filters(hand):
    # No audience: everyone who matches the filters.
    everyone = lc.plan_clinic(hand, start=HAND_DAY, end=HAND_DAY)
    assert everyone.to_dict() == lc.plan_clinic(hand, hand.usernames, start=HAND_DAY, end=HAND_DAY).to_dict()
    # SSA: Ifeoma (13:00-15:00), Yemi (14:00-14:30), Nilo (none) -> 14:00 and 14:30 reach 2; 14:00 is earlier.
    ssa = lc.plan_clinic(hand, start=HAND_DAY, end=HAND_DAY, region="SSA", top=3)
    assert ssa.audience == 3 and ssa.without_availability == 1
    assert slot_list(ssa) == [(utc(HAND_DAY, "14:00"), 2), (utc(HAND_DAY, "14:30"), 2), (utc(HAND_DAY, "13:00"), 1)]
    assert group_list(ssa.by_region) == [("SSA", 3, 2)]
    # Country IN or NP: Anvi and Prabin meet only at 12:30.
    south_asia = lc.plan_clinic(hand, start=HAND_DAY, end=HAND_DAY, country=["IN", "NP"], top=1)
    assert slot_list(south_asia) == [(utc(HAND_DAY, "12:30"), 2)]
    # English at level 2 or more: Ifeoma, Yemi, Anvi, Corin, Greta, Prabin; 14:30 reaches
    # Ifeoma, Yemi, Corin, Greta.
    en = lc.plan_clinic(hand, start=HAND_DAY, end=HAND_DAY, language="en", top=2)
    assert en.audience == 6
    assert slot_list(en) == [(utc(HAND_DAY, "14:30"), 4), (utc(HAND_DAY, "12:30"), 3)]
    # At level 3, Prabin (en 2) drops out and 12:30 falls to 2 (Anvi, Greta).
    en3 = lc.plan_clinic(hand, start=HAND_DAY, end=HAND_DAY, language="en", min_level=3, top=100)
    assert en3.audience == 5
    assert slot_list(en3)[0] == (utc(HAND_DAY, "14:30"), 4)
    assert dict(slot_list(en3))[utc(HAND_DAY, "12:30")] == 2


def test_plan_with_language_gives_language_groups(hand):
    # English clinic for the English speakers at level 2+: Prabin (en 2) follows it below level 3
    # and needs Nepali; with him, 6/6 follow.
    plan = lc.plan_clinic(hand, start=HAND_DAY, end=HAND_DAY, language="en")
    g = plan.language_groups
    assert isinstance(g, lc.LanguageGroups)
    assert (g.audience, g.understand, g.need, g.unreachable) == (6, 5, 1, 0)
    assert g.interpretation == ["ne"] and g.reached_share == 1.0 and g.target_reached
    assert plan.to_dict()["language_groups"] == g.to_dict()
    # With an explicit audience the language only describes it: all eight are planned for.
    everyone = lc.plan_clinic(hand, hand.usernames, start=HAND_DAY, end=HAND_DAY, language="en", interpretation_threshold=2,
                              target_share=0.5)
    assert everyone.audience == 8
    assert slot_list(everyone)[0] == (utc(HAND_DAY, "14:30"), 5)
    g = everyone.language_groups
    # At level 2: Ifeoma, Yemi, Anvi, Corin, Greta, Prabin follow English; Xochi (es) and Nilo (sw) need it.
    assert (g.audience, g.understand, g.need, g.unreachable, g.threshold) == (8, 6, 2, 0, 2)
    assert g.interpretation == [] and g.reached_share == pytest.approx(6 / 8) and g.target_share == 0.5


def test_plan_does_not_depend_on_the_directory_week():
    # plan_clinic converts for the dates planned, not the week the snapshot was built for.
    plans = [lc.plan_clinic(lc.Directory(hand_profiles(), week=w), start=HAND_DAY, end=HAND_DAY, top=20).to_dict()
             for w in ("2026-01-12", "2026-07-06", "2026-03-09")]
    assert plans[0] == plans[1] == plans[2]


def test_empty_audience_and_nobody_available(hand):
    empty = lc.plan_clinic(hand, [], start=HAND_DAY, end=HAND_DAY)
    assert empty.audience == 0 and empty.best == () and len(empty.slots) == 0
    assert list(empty.slots.columns) == SLOT_COLUMNS
    assert repr(empty) == "<ClinicPlan: audience 0, no times>"
    # Nilo gives no availability: every start reaches nobody, earliest first.
    nilo = lc.plan_clinic(hand, ["Nilo Vantre"], start=HAND_DAY, end=HAND_DAY, top=2)
    assert nilo.without_availability == 1
    assert slot_list(nilo) == [(utc(HAND_DAY, "00:00"), 0), (utc(HAND_DAY, "00:30"), 0)]
    assert group_list(nilo.by_region) == [("SSA", 1, 0)]


def test_top_larger_than_the_starts(hand):
    plan = lc.plan_clinic(hand, hand.usernames, start=HAND_DAY, end="2026-01-15", step=60, top=10_000)
    assert len(plan.slots) == 48
    assert sorted(plan.slots["start"]) == [utc(HAND_DAY, "00:00") + dt.timedelta(hours=h) for h in range(48)]


@pytest.mark.parametrize("kind", [str, dt.date, dt.datetime])
def test_dates_as_text_date_or_datetime(hand, kind):
    day = dt.date(2026, 1, 14)
    value: Any = {str: day.isoformat(), dt.date: day, dt.datetime: dt.datetime(2026, 1, 14, tzinfo=UTC)}[kind]
    plan = lc.plan_clinic(hand, hand.usernames, start=value, end=value, top=2)
    assert slot_list(plan) == [(utc(HAND_DAY, "14:30"), 5), (utc(HAND_DAY, "14:00"), 4)]


# --- daylight-saving time -------------------------------------------------------------------------


def daily(name: str, zone: str, country: str, start: str = "10:00", end: str = "12:00") -> lc.Profile:
    return lc.Profile(name, country=country, timezone=zone, availability=[(d, start, end) for d in DAYS])


@pytest.fixture(scope="module")
def dst() -> lc.Directory:
    return lc.Directory([daily("Corin Halvey", "America/New_York", "US"), daily("Greta Wollin", "Europe/Berlin", "DE"),
                         daily("Xochi Brenal", "America/Mexico_City", "MX"), daily("Pell Arandu", "America/Sao_Paulo", "BR"),
                         daily("Wren Tollis", "Australia/Sydney", "AU")], week=WEEK)


def starts_of(directory: lc.Directory, who: str, first: str, last: str, **kw: Any) -> list[dt.datetime]:
    """Every start (UTC) at which `who` alone can attend, in time order."""
    plan = lc.plan_clinic(directory, [who], start=first, end=last, top=10_000, **kw)
    return sorted(s for s, n in slot_list(plan) if n == 1)


def each_day(first: str, last: str, hhmm_before: str, hhmm_after: str, change: str) -> list[dt.datetime]:
    """One start a day: `hhmm_before` UTC before the day `change`, `hhmm_after` from it on."""
    out = []
    day, end, switch = dt.date.fromisoformat(first), dt.date.fromisoformat(last), dt.date.fromisoformat(change)
    while day <= end:
        out.append(utc(day.isoformat(), hhmm_before if day < switch else hhmm_after))
        day += dt.timedelta(days=1)
    return out


@pytest.mark.parametrize("who, first, last, before, after, change", [
    # New York: EST (UTC-5) until 2026-03-08 02:00, then EDT (UTC-4): 10:00 local = 15:00, then 14:00 UTC.
    # 8 March itself is after the change (10:00 EDT).
    ("Corin Halvey", "2026-03-05", "2026-03-12", "15:00", "14:00", "2026-03-08"),
    # ... and back on 2026-11-01.
    ("Corin Halvey", "2026-10-29", "2026-11-04", "14:00", "15:00", "2026-11-01"),
    # Berlin: CET (UTC+1) until 2026-03-29 02:00, then CEST (UTC+2): 09:00, then 08:00 UTC.
    ("Greta Wollin", "2026-03-26", "2026-04-02", "09:00", "08:00", "2026-03-29"),
    # ... and back on 2026-10-25.
    ("Greta Wollin", "2026-10-22", "2026-10-28", "08:00", "09:00", "2026-10-25"),
])
def test_daylight_saving_change(dst, who, first, last, before, after, change):
    assert starts_of(dst, who, first, last) == each_day(first, last, before, after, change)


def test_daylight_saving_ends_in_sydney(dst):
    # Sydney: AEDT (UTC+11) until Sunday 5 April 2026 03:00 local, then AEST (UTC+10). 10:00 local on
    # 2, 3 and 4 April is 23:00 UTC the day before; from 5 April it is 00:00 UTC the same day. So the
    # UTC day 4 April has no start at all, and 31 March 23:00 (1 April local) is outside the range.
    expected = [utc("2026-04-01", "23:00"), utc("2026-04-02", "23:00"), utc("2026-04-03", "23:00"),
                utc("2026-04-05", "00:00"), utc("2026-04-06", "00:00"), utc("2026-04-07", "00:00"),
                utc("2026-04-08", "00:00")]
    assert starts_of(dst, "Wren Tollis", "2026-04-01", "2026-04-08") == expected


@pytest.mark.parametrize("first, last", [
    ("2026-03-02", "2026-04-02"),   # across the US and EU changes
    ("2026-03-30", "2026-04-10"),   # 5 April 2026 was Mexico's old first Sunday of April
    ("2026-10-20", "2026-11-05"),   # and its old last Sunday of October
])
def test_mexico_city_has_no_dst(dst, first, last):
    # Mexico City has been UTC-6 all year since 2022: 10:00 local is 16:00 UTC every day.
    assert starts_of(dst, "Xochi Brenal", first, last) == each_day(first, last, "16:00", "16:00", first)


def test_sao_paulo_has_no_dst(dst):
    # Brazil abolished DST in 2019: UTC-3 all year, 10:00 local is 13:00 UTC.
    assert starts_of(dst, "Pell Arandu", "2026-10-28", "2026-11-08") == each_day("2026-10-28", "2026-11-08", "13:00", "13:00", "2026-10-28")


def test_new_york_and_berlin_together_across_march(dst):
    # New York 10-12 local and Berlin 10-12 local never meet; but count them per day: one start
    # each a day, and the Berlin and New York starts move on different Sundays.
    plan = lc.plan_clinic(dst, ["Corin Halvey", "Greta Wollin"], start="2026-03-05", end="2026-04-01", top=10_000)
    by_day: dict[dt.date, list[str]] = {}
    for s, n in slot_list(plan):
        assert n <= 1
        if n:
            by_day.setdefault(s.date(), []).append(s.strftime("%H:%M"))
    for day, times in by_day.items():
        ny = "14:00" if day >= dt.date(2026, 3, 8) else "15:00"
        berlin = "08:00" if day >= dt.date(2026, 3, 29) else "09:00"
        assert sorted(times) == sorted([ny, berlin]), day
    assert len(by_day) == 28


@pytest.mark.parametrize("day, window, expected", [
    # Sunday 8 March 2026, New York, 00:00-06:00 local: 00:00 EST = 05:00 UTC; at 07:00 UTC the clock
    # jumps from 02:00 to 03:00; 06:00 EDT = 10:00 UTC. So 05:00-10:00 UTC: starts 05:00 ... 08:00.
    ("2026-03-08", ("sun", "00:00", "06:00"), ["05:00", "05:30", "06:00", "06:30", "07:00", "07:30", "08:00"]),
    # Sunday 1 November 2026, 00:00-04:00 local: 00:00 EDT = 04:00 UTC; 01:00-02:00 happens twice;
    # 04:00 EST = 09:00 UTC. So 04:00-09:00 UTC: starts 04:00 ... 07:00.
    ("2026-11-01", ("sun", "00:00", "04:00"), ["04:00", "04:30", "05:00", "05:30", "06:00", "06:30", "07:00"]),
])
def test_clinic_across_the_change_itself(day, window, expected):
    d = lc.Directory([lc.Profile("Dale Frommer", country="US", timezone="America/New_York", availability=[window])])
    assert starts_of(d, "Dale Frommer", day, day) == [utc(day, t) for t in expected]


# --- a reference written from the contract --------------------------------------------------------


def _minutes(text: str) -> int:
    h, m = text.split(":")
    return int(h) * 60 + int(m)


class Attendance:
    """Whether a profile can attend a clinic, instant by instant with zoneinfo: every quarter hour
    of it, converted to the profile's local time, must fall in one of its weekly windows."""

    def __init__(self, profile: lc.Profile) -> None:
        self.zone = zoneinfo.ZoneInfo(profile.timezone) if profile.timezone else None
        self.windows = [(DAYS.index(d), _minutes(a), _minutes(b)) for d, a, b in profile.availability]
        self.cache: dict[dt.datetime, bool] = {}

    def inside(self, t: dt.datetime) -> bool:
        if t not in self.cache:
            ok = False
            if self.zone is not None:
                local = t.astimezone(self.zone)
                day, minute = local.weekday(), local.hour * 60 + local.minute
                for wday, begin, end in self.windows:
                    if end > begin:
                        ok = day == wday and begin <= minute < end
                    else:  # past midnight into the next day ("24:00" or an earlier end)
                        ok = (day == wday and minute >= begin) or (day == (wday + 1) % 7 and minute < end)
                    if ok:
                        break
            self.cache[t] = ok
        return self.cache[t]

    def attends(self, start: dt.datetime, duration: int) -> bool:
        return all(self.inside(start + dt.timedelta(minutes=15 * k)) for k in range(duration // 15))


def reference_starts(first: str, last: str, step: int) -> list[dt.datetime]:
    t = utc(first, "00:00")
    stop = utc(last, "00:00") + dt.timedelta(days=1)
    out = []
    while t < stop:
        out.append(t)
        t += dt.timedelta(minutes=step)
    return out


def reference_who(profiles: Sequence[lc.Profile], starts: Sequence[dt.datetime], duration: int) -> list[frozenset[int]]:
    people = [Attendance(p) for p in profiles]
    return [frozenset(i for i, a in enumerate(people) if a.attends(s, duration)) for s in starts]


ZONES = ["America/New_York", "Europe/Berlin", "America/Mexico_City", "Asia/Kolkata", "Asia/Kathmandu", "Africa/Lagos",
         "Australia/Sydney", "Pacific/Chatham", "America/St_Johns", "America/Sao_Paulo", "Europe/London", "UTC"]


def random_planning_profiles(n: int, seed: int, prefix: str = "Plan") -> list[lc.Profile]:
    """Invented people, each with a zone (some with DST, some on half or quarter hours) and 0-4
    weekly windows of 1 to 8 hours, some past midnight, some ending at 24:00."""
    rng = random.Random(seed)
    profiles = []
    for i in range(n):
        zone = rng.choice(ZONES)
        windows = []
        for _ in range(rng.choice([0, 1, 2, 2, 3, 4])):
            begin = rng.randrange(0, 96) * 15
            length = rng.randint(4, 32) * 15
            end = (begin + length) % 1440
            end_text = "24:00" if end == 0 else f"{end // 60:02d}:{end % 60:02d}"
            windows.append((rng.choice(DAYS), f"{begin // 60:02d}:{begin % 60:02d}", end_text))
        profiles.append(lc.Profile(f"{prefix} Zelmar {i:03d}", timezone=zone, availability=windows,
                                   country=rng.choice(["NG", "US", "DE", "MX", "IN", "NP", "AU", "NZ", "CA", "BR", "GB"])))
    return profiles


@pytest.mark.parametrize("first, last, duration, step", [
    ("2026-03-06", "2026-03-10", 120, 30),   # New York springs forward
    ("2026-03-27", "2026-03-31", 90, 15),    # Berlin and London
    ("2026-04-03", "2026-04-06", 60, 30),    # Sydney and Chatham fall back
    ("2026-10-23", "2026-10-26", 120, 45),   # Europe falls back
    ("2026-10-30", "2026-11-02", 180, 30),   # North America falls back
])
def test_slots_match_zoneinfo_reference(first, last, duration, step):
    profiles = random_planning_profiles(30, seed_of("plan", first, duration))
    d = lc.Directory(profiles, week=WEEK)
    starts = reference_starts(first, last, step)
    who = reference_who(profiles, starts, duration)
    plan = lc.plan_clinic(d, [p.username for p in profiles], start=first, end=last, duration=duration, step=step,
                          top=len(starts))
    expected = sorted(((s, len(w)) for s, w in zip(starts, who)), key=lambda x: (-x[1], x[0]))
    assert slot_list(plan) == expected
    assert plan.without_availability == sum(1 for p in profiles if not p.availability)
    # by_time_zone: the best start's coverage per zone.
    best = who[starts.index(expected[0][0])]
    zones: dict[str, list[int]] = {}
    for i, p in enumerate(profiles):
        zones.setdefault(p.timezone or "", [0, 0])
        zones[p.timezone or ""][0] += 1
        zones[p.timezone or ""][1] += i in best
    ranked = sorted(zones.items(), key=lambda kv: (-kv[1][0], kv[0]))
    assert group_list(plan.by_time_zone) == [(z, a, c) for z, (a, c) in ranked]


# --- split=2 --------------------------------------------------------------------------------------


def brute_force_pairs(starts: Sequence[dt.datetime], who: Sequence[frozenset[Any]]) -> list[tuple[int, dt.datetime, dt.datetime]]:
    """Every pair of distinct starts (earlier first), best first: covered, then earliest."""
    out = [(len(who[a] | who[b]), starts[a], starts[b]) for a, b in itertools.combinations(range(len(starts)), 2)]
    out.sort(key=lambda x: (-x[0], x[1], x[2]))
    return out


def pair_list(plan: lc.ClinicPlan) -> list[tuple[int, dt.datetime, dt.datetime]]:
    p = plan.pairs
    return [(int(c), a.to_pydatetime(), b.to_pydatetime()) for c, a, b in zip(p["covered"], p["first"], p["second"])]


@pytest.fixture(scope="module")
def two_groups() -> lc.Directory:
    # Group A, South Asia mornings: Kolkata 09:00-12:00 (03:30-06:30 UTC) and Kathmandu 09:15-11:30
    # (03:30-05:45 UTC) -> together at 03:30 only.
    # Group B, the Americas in the evening of Tuesday 13 January: New York 18:00-21:00 (23:00-02:00 UTC
    # on the 14th: starts 23:00, 23:30, 00:00), Mexico City 17:00-19:15 (23:00-01:15 UTC: start 23:00)
    # -> together at 23:00 on the 13th only.
    # No start reaches anyone of both groups; the best pair is (13th 23:00, 14th 03:30) for all four.
    # One more, Lagos 10:00-12:00 (09:00-11:00 UTC on the 14th), only alone.
    people = [
        lc.Profile("Anvi Tessar", country="IN", timezone="Asia/Kolkata", availability=[("wed", "09:00", "12:00")]),
        lc.Profile("Prabin Solet", country="NP", timezone="Asia/Kathmandu", availability=[("wed", "09:15", "11:30")]),
        lc.Profile("Corin Halvey", country="US", timezone="America/New_York", availability=[("tue", "18:00", "21:00")]),
        lc.Profile("Xochi Brenal", country="MX", timezone="America/Mexico_City", availability=[("tue", "17:00", "19:15")]),
        lc.Profile("Ifeoma Quarv", country="NG", timezone="Africa/Lagos", availability=[("wed", "10:00", "12:00")]),
    ]
    return lc.Directory(people, week="2026-01-12")


def test_split_two_hand_worked(two_groups):
    names = two_groups.usernames
    one = lc.plan_clinic(two_groups, names, start="2026-01-13", end="2026-01-14", top=3)
    assert slot_list(one) == [(utc("2026-01-13", "23:00"), 2), (utc("2026-01-14", "03:30"), 2),
                              (utc("2026-01-13", "23:30"), 1)]
    two = lc.plan_clinic(two_groups, names, start="2026-01-13", end="2026-01-14", split=2, top=3)
    assert two.best == (utc("2026-01-13", "23:00"), utc("2026-01-14", "03:30"))
    assert list(two.pairs.columns) == PAIR_COLUMNS
    first = two.pairs.iloc[0]
    assert (first["first_available"], first["second_available"], first["covered"]) == (2, 2, 4)
    assert first["share"] == pytest.approx(4 / 5)
    # by_region of the best pair: everyone but Ifeoma.
    assert group_list(two.by_region) == [("SA", 2, 2), ("LAC", 1, 1), ("NA", 1, 1), ("SSA", 1, 0)]
    assert group_list(two.by_time_zone) == [("Africa/Lagos", 1, 0), ("America/Mexico_City", 1, 1), ("America/New_York", 1, 1),
                                            ("Asia/Kathmandu", 1, 1), ("Asia/Kolkata", 1, 1)]
    assert two.slots.empty
    d = two.to_dict()
    assert d["split"] == 2 and "slots" not in d
    assert d["pairs"][0] == {"first": "2026-01-13T23:00:00Z", "second": "2026-01-14T03:30:00Z", "covered": 4}
    assert repr(two) == "<ClinicPlan: audience 5, best Tue 2026-01-13 23:00 + Wed 2026-01-14 03:30 UTC reaches 4>"


def test_split_two_against_single_person_brute_force(two_groups):
    # Each person's starts from single-person plans, then every pair of starts by hand.
    names = two_groups.usernames
    first, last, step = "2026-01-13", "2026-01-14", 30
    starts = reference_starts(first, last, step)
    mine = {n: set(starts_of(two_groups, n, first, last, step=step)) for n in names}
    who = [frozenset(n for n in names if s in mine[n]) for s in starts]
    expected = brute_force_pairs(starts, who)
    plan = lc.plan_clinic(two_groups, names, start=first, end=last, split=2, top=50)
    assert pair_list(plan) == expected[:50]
    counts = {s: len(w) for s, w in zip(starts, who)}
    for a, b, fa, fb in zip(plan.pairs["first"], plan.pairs["second"], plan.pairs["first_available"],
                            plan.pairs["second_available"]):
        assert a < b
        assert (fa, fb) == (counts[a.to_pydatetime()], counts[b.to_pydatetime()])


@pytest.mark.parametrize("seed", range(6))
def test_split_two_random_against_brute_force(seed):
    profiles = random_planning_profiles(40, seed_of("split", seed), prefix=f"Split{seed}")
    d = lc.Directory(profiles, week=WEEK)
    names = [p.username for p in profiles]
    first, last, step, duration = "2026-03-07", "2026-03-08", 60, 120  # across New York's change
    starts = reference_starts(first, last, step)
    # Per-person availability from the library itself (one-person audiences), cross-checked with the reference.
    per_person = {n: set(starts_of(d, n, first, last, step=step, duration=duration)) for n in names}
    ref = reference_who(profiles, starts, duration)
    who = [frozenset(n for n in names if s in per_person[n]) for s in starts]
    assert [frozenset(names[i] for i in w) for w in ref] == who
    expected = brute_force_pairs(starts, who)
    for top in (1, 7, 40):
        plan = lc.plan_clinic(d, names, start=first, end=last, split=2, step=step, duration=duration, top=top)
        assert pair_list(plan) == expected[:top], top
    # The split=1 plan with a large top gives the same counts, and the pair never does worse
    # than the best single time.
    one = lc.plan_clinic(d, names, start=first, end=last, step=step, duration=duration, top=len(starts))
    assert dict(slot_list(one)) == {s: len(w) for s, w in zip(starts, who)}
    assert expected[0][0] >= slot_list(one)[0][1]
    # by_region describes the best pair.
    best = who[starts.index(expected[0][1])] | who[starts.index(expected[0][2])]
    regions: dict[str, list[int]] = {}
    for p in profiles:
        key = d[p.username].region or ""
        regions.setdefault(key, [0, 0])
        regions[key][0] += 1
        regions[key][1] += p.username in best
    ranked = sorted(regions.items(), key=lambda kv: (-kv[1][0], kv[0]))
    assert group_list(plan.by_region) == [(r, a, c) for r, (a, c) in ranked]


# --- validation -----------------------------------------------------------------------------------


@pytest.mark.parametrize("changes, field", [
    (dict(duration=100), "duration_minutes"),
    (dict(duration=0), "duration_minutes"),
    (dict(duration=-15), "duration_minutes"),
    (dict(duration=735), "duration_minutes"),
    (dict(step=20), "step_minutes"),
    (dict(step=0), "step_minutes"),
    (dict(step=1455), "step_minutes"),
    (dict(split=3), "split"),
    (dict(split=0), "split"),
    (dict(split=-1), "split"),
    (dict(top=0), "top"),
    (dict(top=-1), "top"),
    (dict(start="2026-01-15", end="2026-01-14"), "last_day"),
    (dict(start="2026-01-01", end="2026-03-05"), "last_day"),   # 63 days on
])
def test_bad_plan_is_validation_error(hand, changes, field):
    args: dict[str, Any] = dict(start=HAND_DAY, end=HAND_DAY)
    args.update(changes)
    with pytest.raises(lc.ValidationError) as info:
        lc.plan_clinic(hand, hand.usernames, **args)
    assert isinstance(info.value, ValueError)
    assert [p.field for p in info.value.problems] == [field]


@pytest.mark.parametrize("changes", [
    dict(duration=15), dict(duration=720), dict(step=15), dict(step=1440),
    dict(start="2026-01-01", end="2026-03-04"),   # exactly 62 days on
])
def test_limits_are_accepted(hand, changes):
    args: dict[str, Any] = dict(start=HAND_DAY, end=HAND_DAY)
    args.update(changes)
    plan = lc.plan_clinic(hand, hand.usernames, **args)
    assert plan.audience == 8


def test_every_problem_is_reported(hand):
    with pytest.raises(lc.ValidationError) as info:
        lc.plan_clinic(hand, hand.usernames, start=HAND_DAY, end="2026-01-13", duration=100, step=20, split=3)
    assert sorted(p.field for p in info.value.problems) == ["duration_minutes", "last_day", "split", "step_minutes"]


def test_every_problem_is_reported_with_a_bad_top(hand):
    # ValidationError lists every problem found, a bad `top` among them.
    with pytest.raises(lc.ValidationError) as info:
        lc.plan_clinic(hand, hand.usernames, start=HAND_DAY, end=HAND_DAY, duration=100, step=20, split=3, top=0)
    assert sorted(p.field for p in info.value.problems) == ["duration_minutes", "split", "step_minutes", "top"]


def test_bad_plan_with_empty_audience_is_still_validation_error(hand):
    # The same bad query must not pass because nobody is in the audience (schedule.hpp: @throws
    # ValidationError for a bad range or duration).
    with pytest.raises(lc.ValidationError):
        lc.plan_clinic(hand, [], start=HAND_DAY, end=HAND_DAY, duration=100)
    with pytest.raises(lc.ValidationError):
        lc.plan_clinic(hand, [], start="2026-01-15", end="2026-01-14")


def test_unknown_user_and_skill_are_not_found(hand):
    with pytest.raises(lc.NotFoundError) as info:
        lc.plan_clinic(hand, ["Ifeoma Quarv", "Nobody Invented"], start=HAND_DAY, end=HAND_DAY)
    assert isinstance(info.value, KeyError)
    assert "Nobody Invented" in str(info.value)
    with pytest.raises(lc.NotFoundError):
        lc.plan_clinic(hand, start=HAND_DAY, end=HAND_DAY, shares=["no-such-skill"])


def test_audience_as_one_string_is_type_error(hand):
    with pytest.raises(TypeError):
        lc.plan_clinic(hand, "Ifeoma Quarv", start=HAND_DAY, end=HAND_DAY)
    with pytest.raises(TypeError):
        lc.language_groups(hand, "Ifeoma Quarv", "en")


def test_bad_dates(hand):
    with pytest.raises(lc.ValidationError):
        lc.plan_clinic(hand, hand.usernames, start="2026-02-30", end="2026-03-01")
    with pytest.raises(TypeError):
        lc.plan_clinic(hand, hand.usernames, start=None, end=HAND_DAY)


# --- language_groups ------------------------------------------------------------------------------
#
# An English clinic, threshold 3, for ten invented people:
#   L01 en N            follows
#   L02 en 3            follows
#   L03 en 2, fr 4      needs: fr
#   L04 fr N, es 3      needs: fr or es
#   L05 es 5            needs: es
#   L06 pt 3, en 1      needs: pt
#   L07 ar 2            needs, but speaks nothing at 3: unreachable
#   L08 sw N            needs: sw
#   L09 fr 3            needs: fr
#   L10 en 4            follows
# understand 3, need 7, unreachable 1; needs fr 3 (L03 L04 L09), es 2 (L04 L05), pt 1, sw 1.
#   target 0    -> nothing needed, 3/10 follow
#   target 0.5  -> one language: fr gives 6, es only 5 -> [fr], 0.6
#   target 0.8  -> 8 of 10: fr+es gives 7; three languages: fr+es+pt, fr+es+sw, fr+pt+sw all give 8;
#                  the most spoken first -> [fr, es, pt]
#   target 0.9  -> 9: everyone reachable; fr, es, pt, sw all needed -> [fr, es, pt, sw], 0.9
#   target 1.0  -> unreachable (L07): every language, 0.9, target_reached False

LANG_PEOPLE = {
    "L01": {"en": "N"}, "L02": {"en": "3"}, "L03": {"en": "2", "fr": "4"}, "L04": {"fr": "N", "es": "3"},
    "L05": {"es": "5"}, "L06": {"pt": "3", "en": "1"}, "L07": {"ar": "2"}, "L08": {"sw": "N"}, "L09": {"fr": "3"},
    "L10": {"en": "4"},
}


@pytest.fixture(scope="module")
def speakers() -> lc.Directory:
    return lc.Directory([lc.Profile(f"Talvo Mersk {k}", languages=v) for k, v in LANG_PEOPLE.items()], week=WEEK)


@pytest.mark.parametrize("target, interpretation, reached, target_reached", [
    (0.0, [], 0.3, True),
    (0.3, [], 0.3, True),
    (0.5, ["fr"], 0.6, True),
    (0.6, ["fr"], 0.6, True),
    (0.61, ["fr", "es"], 0.7, True),
    (0.8, ["fr", "es", "pt"], 0.8, True),
    (0.9, ["fr", "es", "pt", "sw"], 0.9, True),
    (1.0, ["fr", "es", "pt", "sw"], 0.9, False),
])
def test_language_groups_hand_worked(speakers, target, interpretation, reached, target_reached):
    g = lc.language_groups(speakers, speakers.usernames, "en", target_share=target)
    assert (g.language, g.threshold, g.audience, g.understand, g.need, g.unreachable) == ("en", 3, 10, 3, 7, 1)
    assert g.needs.to_dict("list") == {"language": ["fr", "es", "pt", "sw"], "people": [3, 2, 1, 1]}
    assert list(g.needs.columns) == NEEDS_COLUMNS and g.needs["people"].dtype == np.int64
    assert g.interpretation == interpretation
    assert g.reached_share == pytest.approx(reached)
    assert g.target_reached is target_reached
    assert g.target_share == target
    assert g.exact is True


@pytest.mark.parametrize("threshold, understand, unreachable, needs, interpretation, reached", [
    # Level 1: L03 (en 2) and L06 (en 1) follow; L07 (ar 2) can be reached in Arabic. Needers: L04
    # (fr, es), L05 (es), L07 (ar), L08 (sw), L09 (fr). 9 of 10 needs 4 of those 5: es+fr reach 3,
    # three languages reach 4 -> of the sets reaching 4, the most spoken first: es, fr, ar.
    (1, 5, 0, [("es", 2), ("fr", 2), ("ar", 1), ("sw", 1)], ["es", "fr", "ar"], 0.9),
    (2, 4, 0, [("es", 2), ("fr", 2), ("ar", 1), ("pt", 1), ("sw", 1)], ["es", "fr", "ar", "pt"], 0.9),
    # Native only: L01 follows; L04 (fr N) and L08 (sw N) can be reached; 9 of 10 cannot.
    ("N", 1, 7, [("fr", 1), ("sw", 1)], ["fr", "sw"], 0.3),
    (6, 1, 7, [("fr", 1), ("sw", 1)], ["fr", "sw"], 0.3),
    ("n", 1, 7, [("fr", 1), ("sw", 1)], ["fr", "sw"], 0.3),
    (5, 1, 6, [("es", 1), ("fr", 1), ("sw", 1)], ["es", "fr", "sw"], 0.4),
])
def test_language_groups_thresholds(speakers, threshold, understand, unreachable, needs, interpretation, reached):
    g = lc.language_groups(speakers, speakers.usernames, "en", threshold=threshold)
    assert g.understand == understand and g.need == 10 - understand and g.unreachable == unreachable
    assert list(zip(g.needs["language"], g.needs["people"])) == needs
    assert g.interpretation == interpretation
    assert g.reached_share == pytest.approx(reached)
    assert g.target_reached is (reached >= 0.9 - 1e-9)


def test_language_groups_to_dict_and_repr(speakers):
    g = lc.language_groups(speakers, speakers.usernames, "en", target_share=0.5)
    assert g.to_dict() == {
        "language": "en", "threshold": 3, "audience": 10, "understand": 3, "need": 7, "unreachable": 1,
        "needs": [{"language": "fr", "people": 3}, {"language": "es", "people": 2}, {"language": "pt", "people": 1},
                  {"language": "sw", "people": 1}],
        "interpretation": ["fr"], "target_share": 0.5, "reached_share": 0.6, "target_reached": True, "exact": True,
    }
    assert json.loads(json.dumps(g.to_dict())) == g.to_dict()
    assert repr(g) == "<LanguageGroups 'en': 3/10 follow it, 7 need interpretation; ['fr'] reach 60%>"


def test_language_groups_subsets_and_other_languages(speakers):
    # A French clinic for L03 L04 L05 L09: L03 (fr 4), L04 (fr N), L09 (fr 3) follow; L05 needs es.
    names = [f"Talvo Mersk {k}" for k in ("L03", "L04", "L05", "L09")]
    g = lc.language_groups(speakers, names, "fr")
    assert (g.audience, g.understand, g.need, g.unreachable, g.interpretation) == (4, 3, 1, 0, ["es"])
    # Nobody in the audience: nothing to do.
    empty = lc.language_groups(speakers, [], "en")
    assert (empty.audience, empty.need, empty.interpretation, empty.target_reached) == (0, 0, [], True)
    # A language nobody speaks: everyone needs interpretation.
    xx = lc.language_groups(speakers, speakers.usernames, "xh")
    assert (xx.understand, xx.need) == (0, 10)


@pytest.mark.parametrize("changes, field", [
    (dict(language="english!"), "language"),
    (dict(language=""), "language"),
    (dict(threshold=0), "threshold"),
    (dict(threshold=7), "threshold"),
    (dict(threshold="x"), "threshold"),
    (dict(target_share=-0.1), "target_share"),
    (dict(target_share=1.01), "target_share"),
    (dict(target_share=float("nan")), "target_share"),
])
def test_language_groups_bad_input(speakers, changes, field):
    args: dict[str, Any] = dict(language="en")
    args.update(changes)
    language = args.pop("language")
    with pytest.raises(lc.ValidationError) as info:
        lc.language_groups(speakers, speakers.usernames, language, **args)
    # The problem names the argument given (errors name the field).
    assert [p.field for p in info.value.problems] == [field]


def test_language_groups_unknown_user(speakers):
    with pytest.raises(lc.NotFoundError):
        lc.language_groups(speakers, ["Nobody Invented"], "en")


def test_language_groups_greedy_beyond_the_exact_limit():
    # Forty people who each speak only their own language: reaching everyone takes all forty,
    # and the sets of six or more of forty are past 2,000,000 -> greedy, exact False.
    codes = [a + b for a in "bcdfg" for b in "aeiouyhk"][:40]
    d = lc.Directory([lc.Profile(f"Greedo Vantal {i:02d}", languages={code: "N"}) for i, code in enumerate(codes)],
                     week=WEEK)
    g = lc.language_groups(d, d.usernames, "en", target_share=1.0)
    assert g.exact is False
    assert sorted(g.interpretation) == sorted(codes)
    assert g.target_reached and g.reached_share == 1.0
    # Four of forty (10%) is still searched exactly.
    small = lc.language_groups(d, d.usernames, "en", target_share=0.1)
    assert small.exact is True and len(small.interpretation) == 4 and small.reached_share == pytest.approx(0.1)


LEVELS = ["1", "2", "3", "3", "4", "5", "N"]
LANG_POOL = ["en", "fr", "es", "pt", "ar", "sw", "ha", "de"]


def level_value(level: str) -> int:
    return 6 if level == "N" else int(level)


def reference_language_groups(people: Sequence[dict[str, str]], language: str, threshold: int, target: float) -> dict[str, Any]:
    """Brute force over every subset of languages, smallest first; among the sets of that size, the
    one reaching the most, then (as the header puts it) the most spoken languages first:
    lexicographic in the order of `needs` (people desc, then code)."""
    n = len(people)
    understand = [p for p in people if level_value(p.get(language, "0")) >= threshold]
    needers = [p for p in people if level_value(p.get(language, "0")) < threshold]
    speaks = [{c for c, lvl in p.items() if c != language and level_value(lvl) >= threshold} for p in needers]
    counts: dict[str, int] = {}
    for s in speaks:
        for c in s:
            counts[c] = counts.get(c, 0) + 1
    order = sorted(counts, key=lambda c: (-counts[c], c))
    need_count = math.ceil(target * n - 1e-9)

    def reached(subset: Iterable[str]) -> int:
        chosen = set(subset)
        return sum(1 for s in speaks if s & chosen)

    most = reached(order)
    if len(understand) >= need_count:
        best: tuple[str, ...] = ()
    elif len(understand) + most < need_count:
        best = tuple(order)
    else:
        best = ()
        for size in range(1, len(order) + 1):
            found = [c for c in itertools.combinations(order, size) if len(understand) + reached(c) >= need_count]
            if found:
                top = max(reached(c) for c in found)
                best = next(c for c in found if reached(c) == top)
                break
    r = reached(best)
    return {
        "understand": len(understand), "need": len(needers), "unreachable": sum(1 for s in speaks if not s),
        "needs": [(c, counts[c]) for c in order], "interpretation": list(best),
        "reached_share": 1.0 if n == 0 else (len(understand) + r) / n,
        "target_reached": len(understand) + r >= need_count, "most": most,
    }


@pytest.mark.parametrize("seed", range(8))
def test_language_groups_minimal_against_brute_force(seed):
    rng = random.Random(seed_of("language_groups", seed))
    spoken = []
    for i in range(60):
        langs = rng.sample(LANG_POOL, rng.randint(0, 3))
        spoken.append({c: rng.choice(LEVELS) for c in langs})
    d = lc.Directory([lc.Profile(f"Ovra Quillet {seed}-{i:02d}", languages=v) for i, v in enumerate(spoken)], week=WEEK)
    names = d.usernames
    by_name = dict(zip([f"Ovra Quillet {seed}-{i:02d}" for i in range(60)], spoken))
    for trial in range(6):
        audience = rng.sample(names, rng.randint(1, 30))
        language = rng.choice(["en", "fr", "es"])
        threshold = rng.choice([1, 2, 3, 4, "N"])
        for target in (0.0, 0.35, 0.5, 0.75, 0.9, 1.0):
            g = lc.language_groups(d, audience, language, threshold=threshold, target_share=target)
            ref = reference_language_groups([by_name[a] for a in audience], language, level_value(str(threshold)), target)
            where = (seed, trial, language, threshold, target)
            assert (g.understand, g.need, g.unreachable) == (ref["understand"], ref["need"], ref["unreachable"]), where
            assert list(zip(g.needs["language"], g.needs["people"])) == ref["needs"], where
            assert g.target_reached == ref["target_reached"], where
            assert g.exact is True
            if ref["target_reached"]:
                # Minimal: no smaller set reaches the target, and of that size none reaches more.
                assert len(g.interpretation) == len(ref["interpretation"]), where
                assert g.interpretation == ref["interpretation"], where
            else:
                # Short even with every language: reaches as many as all of them do.
                assert g.reached_share == pytest.approx((ref["understand"] + ref["most"]) / len(audience)), where
            assert g.reached_share == pytest.approx(ref["reached_share"]), where


# --- MentorshipProgramme --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> lc.Directory:
    return lc.sample_directory(week=WEEK)


@pytest.fixture(scope="module")
def programme() -> lc.MentorshipProgramme:
    return lc.MentorshipProgramme.load(SAMPLE_PROGRAMME)


def sample_document() -> dict[str, Any]:
    return json.loads(SAMPLE_PROGRAMME.read_text(encoding="utf-8"))


def test_programme_properties(programme):
    p = programme
    assert p.id == "sample-grants-mentoring-2026"
    assert p.name == "Grants and resources mentoring (invented sample)"
    assert p.organization == "Sample Affiliate"
    assert p.skills == ["grants-resources"] and p.languages == ["en", "fr"] and p.territory == "SSA"
    assert p.registration_open == dt.date(2026, 3, 1) and p.registration_close == dt.date(2026, 3, 31)
    assert p.capacity == 2
    assert p.mentors == ["Emekanwosu", "Kouassi Yao", "L.Brandt", "Mariam.Abdelrahman", "MwilaBanda", "Wanjiru Kamau"]
    assert len(p.mentees) == 10 and p.mentees[-1] == "Sushma Adhikari"
    assert repr(p) == "<letsconnect.MentorshipProgramme(id='sample-grants-mentoring-2026', mentors=6, mentees=10)>"


def test_programme_sign_ups_frame(programme):
    s = programme.sign_ups
    assert list(s.columns) == ["role", "user", "created_at", "capacity", "on_time"]
    assert s["role"].tolist() == ["mentor"] * 6 + ["mentee"] * 10
    assert s["user"].tolist() == programme.mentors + programme.mentees
    assert str(s["created_at"].dtype) == "datetime64[ns]"  # calendar days, as a profile's `registered`
    assert s["created_at"].iloc[0] == pd.Timestamp(2026, 3, 2)
    assert s["created_at"].iloc[6] == pd.Timestamp(2026, 3, 3)  # "2026-03-03T10:00:00Z" -> its UTC day
    assert s["capacity"].iloc[0] == 3 and s["capacity"].iloc[1:].isna().all()
    assert str(s["capacity"].dtype) == "Int64"
    # Sushma Adhikari signed up on 3 April, after registration closed.
    assert s["on_time"].tolist() == [True] * 15 + [False]


def test_programme_round_trip_text(programme):
    # from_json parses JSON text (mentorship.hpp: from_json(to_json()) is the same programme).
    again = lc.MentorshipProgramme.from_json(programme.to_json())
    assert again == programme


def test_programme_round_trip_dict_and_file(programme, tmp_path):
    assert lc.MentorshipProgramme.from_json(json.loads(programme.to_json())) == programme
    assert lc.MentorshipProgramme.from_json(json.loads(programme.to_json(indent=-1))) == programme
    assert lc.MentorshipProgramme.from_json(sample_document()) == programme
    path = tmp_path / "programme.json"
    programme.save(path)
    again = lc.MentorshipProgramme.load(path)
    assert again == programme
    assert again.to_json() == programme.to_json()
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == "letsconnect.mentorship/1"
    assert not (again != programme)
    assert programme != "sample-grants-mentoring-2026"


def test_programme_equality_sees_changes(programme):
    doc = sample_document()
    doc["mentors"][1]["capacity"] = 4
    assert lc.MentorshipProgramme.from_json(doc) != programme


def test_programme_created_at_times_are_utc_days():
    doc = sample_document()
    doc["mentees"] = [
        {"user": "Aigerim.B", "created_at": "2026-03-31T23:30:00Z"},        # 31 March: on time
        {"user": "Amina Bello", "created_at": "2026-04-01T00:30:00+02:00"},  # 31 March 22:30 UTC: on time
        {"user": "Olena_K", "created_at": "2026-04-01T00:00:00Z"},           # 1 April: late
        {"user": "Lupita_Hdz"},                                              # no date: never excluded
        {"user": "Grace Mukendi", "created_at": "2026-02-28T23:30:00-01:00"},  # 1 March 00:30 UTC: on time
        {"user": "Hana.Tesfaye", "created_at": "2026-02-28"},                 # before opening: late
    ]
    p = lc.MentorshipProgramme.from_json(doc)
    s = p.sign_ups[p.sign_ups["role"] == "mentee"]
    days = [None if pd.isna(t) else t.date() for t in s["created_at"]]
    assert days == [dt.date(2026, 3, 31), dt.date(2026, 3, 31), dt.date(2026, 4, 1), None,
                    dt.date(2026, 3, 1), dt.date(2026, 2, 28)]
    assert s["on_time"].tolist() == [True, True, False, True, True, False]


def test_programme_defaults():
    p = lc.MentorshipProgramme.from_json({"id": "tiny", "mentors": [{"user": "Zorvan Pell"}], "mentees": []})
    assert p.capacity == 1 and p.skills == [] and p.languages == [] and p.territory == ""
    assert p.registration_open is None and p.registration_close is None
    assert p.sign_ups["on_time"].tolist() == [True]
    assert lc.MentorshipProgramme.from_json(json.loads(p.to_json())) == p


@pytest.mark.parametrize("change, where, field, words", [
    (lambda d: d.update(colour="blue"), "programme", "colour", "unknown field"),
    (lambda d: d["mentors"][0].update(colour="blue"), "mentors[0]", "colour", "unknown field"),
    (lambda d: d.update(registration_open_date="2026-02-30"), "programme", "registration_open_date", "2026-02-30"),
    # Free text is not quoted (it could be a name from a misplaced field): test_privacy.py.
    (lambda d: d.update(registration_close_date="end of March"), "programme", "registration_close_date",
     "must be a date (2026-03-01) or an ISO 8601 time, got '<text not shown>'"),
    (lambda d: d["mentees"][1].update(created_at="yesterday"), "mentees[1]", "created_at", "yesterday"),
    (lambda d: d.update(registration_close_date="2026-02-01"), "programme", "registration_close_date", "before"),
    (lambda d: d.update(capacity=-1), "programme", "capacity", "-1"),
    (lambda d: d.update(capacity="two"), "programme", "capacity", "two"),
    (lambda d: d.update(capacity=1.5), "programme", "capacity", "1.5"),
    (lambda d: d["mentors"][0].update(capacity=-2), "mentors[0]", "capacity", "-2"),
    (lambda d: d.pop("id"), "programme", "id", "missing"),
    (lambda d: d["mentors"][2].pop("user"), "mentors[2]", "user", "missing"),
    (lambda d: d.update(languages=["en", "english!"]), "programme", "languages[1]", "english!"),
])
def test_programme_bad_field_names_it(change, where, field, words, tmp_path):
    doc = sample_document()
    change(doc)
    path = tmp_path / "bad_programme.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    for source, load in ((str(path), lambda: lc.MentorshipProgramme.load(path)),
                         ("given.json", lambda: lc.MentorshipProgramme.from_json(doc, source="given.json"))):
        with pytest.raises(lc.ValidationError) as info:
            load()
        [problem] = info.value.problems
        assert (problem.source, problem.where, problem.field) == (source, where, field)
        assert words in problem.message
        assert field in str(info.value)


def test_programme_every_problem_at_once():
    doc = sample_document()
    doc.update(capacity=-1, registration_open_date="x", colour=1)
    with pytest.raises(lc.ValidationError) as info:
        lc.MentorshipProgramme.from_json(doc)
    assert sorted(p.field for p in info.value.problems) == ["capacity", "colour", "registration_open_date"]


def test_programme_wrong_format_bad_json_missing_file(tmp_path):
    doc = sample_document()
    doc["format"] = "letsconnect.directory/1"
    with pytest.raises(lc.FormatError):
        lc.MentorshipProgramme.from_json(doc)
    bad = tmp_path / "broken.json"
    bad.write_text('{"id": "x", "mentors": [', encoding="utf-8")
    with pytest.raises(lc.FormatError) as info:
        lc.MentorshipProgramme.load(bad)
    assert info.value.source == str(bad)
    with pytest.raises(lc.FileError) as missing:
        lc.MentorshipProgramme.load(tmp_path / "nowhere.json")
    assert isinstance(missing.value, OSError)


def test_programme_check_against_directory(sample, programme):
    assert programme.check(sample) == []
    doc = sample_document()
    doc["skills"].append("no-such-skill")
    doc["mentors"].append({"user": "Emekanwosu"})
    doc["mentees"].append({"user": "Nobody Invented"})
    p = lc.MentorshipProgramme.from_json(doc)
    problems = p.check(sample)
    assert [(q.where, q.field) for q in problems] == [("programme", "skills[1]"), ("mentors[6]", "user"), ("mentees[10]", "user")]
    assert "no-such-skill" in problems[0].message
    assert "twice" in problems[1].message
    assert "Nobody Invented" in problems[2].message
    with pytest.raises(lc.ValidationError) as info:
        sample.assign(p)
    assert len(info.value.problems) == 3


# --- assign on a programme ------------------------------------------------------------------------


def test_assign_sample_programme(sample, programme):
    a = sample.assign(programme)
    assert a.programme == programme.id
    on_time = programme.mentees[:-1]
    # Every on-time mentee gets a mentor (6 mentors, 13 places); the late one does not.
    assert a.pairs["mentee"].tolist() == on_time
    assert a.unassigned.to_dict("list") == {"mentee": ["Sushma Adhikari"], "reason": ["registration_closed"],
                                            "eligible_mentors": [0]}
    mentors = a.mentors
    assert mentors["mentor"].tolist() == programme.mentors
    assert mentors["capacity"].tolist() == [3, 2, 2, 2, 2, 2]
    assert (mentors["load"] <= mentors["capacity"]).all() and mentors["load"].sum() == 9
    loads = a.pairs["mentor"].value_counts()
    assert all(loads.get(m, 0) == load for m, load in zip(mentors["mentor"], mentors["load"]))
    assert a.objective == pytest.approx(a.pairs["total"].sum())
    assert repr(a).startswith("<Assignment for 'sample-grants-mentoring-2026' (optimal): 9 pairs, 1 unassigned")
    d = a.to_dict()
    assert d["programme"] == programme.id and len(d["pairs"]) == 9
    assert json.loads(json.dumps(d)) == d


def test_assign_sample_programme_equals_plain_assign(sample, programme):
    # Every sample mentor shares a grants skill and speaks en or fr at 2+, so the programme is the
    # plain assignment of its on-time sign-ups with its capacities.
    a = sample.assign(programme)
    caps = {m: 2 for m in programme.mentors} | {"Emekanwosu": 3}
    b = sample.assign(programme.mentees[:-1], programme.mentors, capacity=caps)
    pd.testing.assert_frame_equal(a.pairs, b.pairs)
    assert a.objective == b.objective
    stable = sample.assign(programme, stable=True)
    assert stable.stable and stable.unassigned["reason"].tolist() == ["registration_closed"]


def test_assign_programme_with_mentors_is_type_error(sample, programme):
    with pytest.raises(TypeError):
        sample.assign(programme, ["L.Brandt"])


# An invented programme in French on grants:
#   Rhea Calvant   shares grant-writing, fr 4      eligible
#   Bram Oduya     shares grant-writing, en N      no French -> never a mentor here
#   Keta Imvor     shares wikidata, fr N           no grants skill -> never a mentor here
#   Lio Fenwarr    shares budgeting, fr N          the best for Ondo, but signed up late -> capacity 0
# Mentees: Tavi (grant-writing), Selu (grant-writing), Ondo (budgeting), on time; Pim signed up
# before registration opened.
MENTORING_PEOPLE: list[tuple[str, dict[str, Any]]] = [
    ("Rhea Calvant", dict(shares=["grant-writing"], languages={"fr": "4", "en": "3"})),
    ("Bram Oduya", dict(shares=["grant-writing"], languages={"en": "N"})),
    ("Keta Imvor", dict(shares=["wikidata"], languages={"fr": "N", "en": "3"})),
    ("Lio Fenwarr", dict(shares=["budgeting"], languages={"fr": "N", "en": "3"})),
    ("Tavi Orrin", dict(learns=["grant-writing"], languages={"fr": "3", "en": "N"})),
    ("Selu Marrak", dict(learns=["grant-writing", "wikidata"], languages={"en": "4", "fr": "2"})),
    ("Ondo Pesk", dict(learns=["budgeting"], languages={"fr": "N"})),
    ("Pim Arvell", dict(learns=["grant-writing"], languages={"fr": "N"})),
]


def mentoring_directory() -> lc.Directory:
    profiles = [lc.Profile(name, country="SN", timezone="Africa/Dakar", availability=[("tue", "18:00", "20:00")], **kw)
                for name, kw in MENTORING_PEOPLE]
    return lc.Directory(profiles, week=WEEK)


def french_programme(lio_on_time: bool = False) -> lc.MentorshipProgramme:
    return lc.MentorshipProgramme.from_json({
        "format": "letsconnect.mentorship/1", "id": "fr-grants-2026", "name": "Subventions", "organization": 17,
        "skills": ["grants-resources"], "languages": ["fr"],
        "registration_open_date": "2026-03-01", "registration_close_date": "2026-03-31", "capacity": 1,
        "mentors": [{"user": "Rhea Calvant", "created_at": "2026-03-02", "capacity": 3},
                    {"user": "Bram Oduya", "created_at": "2026-03-02"},
                    {"user": "Keta Imvor", "created_at": "2026-03-02"},
                    {"user": "Lio Fenwarr", "created_at": "2026-03-20" if lio_on_time else "2026-04-02"}],
        "mentees": [{"user": "Tavi Orrin", "created_at": "2026-03-05"},
                    {"user": "Pim Arvell", "created_at": "2026-02-20"},
                    {"user": "Selu Marrak", "created_at": "2026-03-06"},
                    {"user": "Ondo Pesk", "created_at": "2026-03-07"}],
    })


def test_programme_skills_and_languages_restrict_mentors():
    d = mentoring_directory()
    p = french_programme()
    assert p.organization == "capx-org-17"
    a = d.assign(p)
    # Only Rhea is eligible and on time: she takes all three on-time mentees.
    assert a.pairs[["mentee", "mentor"]].values.tolist() == [["Tavi Orrin", "Rhea Calvant"], ["Selu Marrak", "Rhea Calvant"],
                                                            ["Ondo Pesk", "Rhea Calvant"]]
    assert a.unassigned.to_dict("list") == {"mentee": ["Pim Arvell"], "reason": ["registration_closed"], "eligible_mentors": [0]}
    assert a.mentors.values.tolist() == [["Rhea Calvant", 3, 3], ["Bram Oduya", 1, 0], ["Keta Imvor", 1, 0], ["Lio Fenwarr", 0, 0]]
    # Without the programme's restrictions Bram (grant-writing, in English) is a mentor.
    plain = d.assign(["Tavi Orrin", "Selu Marrak", "Ondo Pesk"], ["Bram Oduya", "Keta Imvor"], capacity=3)
    assert plain.pairs[["mentee", "mentor"]].values.tolist() == [["Tavi Orrin", "Bram Oduya"], ["Selu Marrak", "Bram Oduya"]]


def test_programme_late_mentor_has_no_places():
    d = mentoring_directory()
    # On time, Lio (budgeting, exactly what Ondo wants) is Ondo's best mentor and takes him.
    on_time = d.assign(french_programme(lio_on_time=True))
    assert dict(zip(on_time.pairs["mentee"], on_time.pairs["mentor"]))["Ondo Pesk"] == "Lio Fenwarr"
    assert on_time.mentors.set_index("mentor").loc["Lio Fenwarr", "capacity"] == 1
    # Late, Lio keeps his row with capacity 0 and Ondo goes to Rhea.
    late = d.assign(french_programme(lio_on_time=False))
    assert dict(zip(late.pairs["mentee"], late.pairs["mentor"]))["Ondo Pesk"] == "Rhea Calvant"
    assert late.mentors.set_index("mentor").loc["Lio Fenwarr"].tolist() == [0, 0]
