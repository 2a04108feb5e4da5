"""Planning: mentoring assignment (Directory.assign) and its result type."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from . import _core

if TYPE_CHECKING:
    import pandas as pd

    from ._core import Directory, Weights

#: Columns of Assignment.pairs, in order.
PAIR_COLUMNS = ("mentee", "mentor", "total", "skill", "reciprocity", "language", "region", "time_zone", "required", "eligible")
#: Columns of Assignment.unassigned, in order.
UNASSIGNED_COLUMNS = ("mentee", "reason", "eligible_mentors")
#: Columns of Assignment.mentors, in order.
MENTOR_COLUMNS = ("mentor", "capacity", "load")
#: Why a mentee has no mentor.
REASONS = {
    "no_eligible_mentor": "no pair with this mentee is eligible (language, skills, min_score or forbidden)",
    "mentors_full": "eligible mentors exist, but their places went to other mentees",
    "registration_closed": "signed up outside the programme's registration dates",
}


# Column builders with the dtypes letsconnect.frames.TABLES documents (the same on pandas 2 and 3).
def _text(values: Iterable[Any]) -> pd.Series:
    import pandas as pd

    return pd.Series(list(values), dtype=object)


def _counts(values: Iterable[Any]) -> pd.Series:
    import pandas as pd

    return pd.Series(list(values), dtype="int64")


def _floats(values: Iterable[Any]) -> pd.Series:
    import pandas as pd

    return pd.Series(list(values), dtype="float64")


def _flags(values: Iterable[Any]) -> pd.Series:
    import pandas as pd

    return pd.Series(list(values), dtype="bool")


def _utc(values: Iterable[Any]) -> pd.Series:
    import pandas as pd

    return pd.to_datetime(pd.Series(list(values), dtype=object), utc=True).astype("datetime64[ns, UTC]")


def _regions(values: Iterable[Any]) -> pd.Series:
    import pandas as pd

    from .frames import region_dtype

    return pd.Series(pd.Categorical([v or None for v in values], dtype=region_dtype()))


class Assignment:
    """Mentoring pairs made by :meth:`Directory.assign`.

    ``pairs`` (one row per pair, in the order the mentees were given: ``mentee``, ``mentor``,
    ``total`` and the five score components as float64, ``required``, ``eligible``),
    ``unassigned`` (``mentee``, ``reason``, ``eligible_mentors``; reasons in :data:`REASONS`),
    ``mentors`` (``mentor``, ``capacity``, ``load``) and ``objective`` (the sum of the pairs'
    totals). ``len()`` is the number of pairs.
    """

    objective: float
    stable: bool
    eligible_pairs: int
    flow_arcs: int
    pricing_rounds: int

    def __init__(self, columns: Mapping[str, Any], programme: str | None = None) -> None:
        self._columns = columns
        self.objective = float(columns["objective"])
        self.stable = bool(columns["stable"])
        self.eligible_pairs = int(columns["eligible_pairs"])
        self.flow_arcs = int(columns["flow_arcs"])
        self.pricing_rounds = int(columns["pricing_rounds"])
        self.programme = programme

    @property
    def pairs(self) -> pd.DataFrame:
        import pandas as pd

        c = self._columns["pairs"]
        frame = pd.DataFrame({
            "mentee": _text(c["mentee"]),
            "mentor": _text(c["mentor"]),
            **{k: _floats(c[k]) for k in PAIR_COLUMNS[2:8]},
            "required": _flags(c["required"]),
            "eligible": _flags(c["eligible"]),
        })
        frame.attrs["objective"] = self.objective
        return frame

    @property
    def unassigned(self) -> pd.DataFrame:
        import pandas as pd

        c = self._columns["unassigned"]
        return pd.DataFrame({
            "mentee": _text(c["mentee"]),
            "reason": pd.Categorical(c["reason"], categories=list(REASONS)),
            "eligible_mentors": _counts(c["eligible_mentors"]),
        })

    @property
    def mentors(self) -> pd.DataFrame:
        import pandas as pd

        c = self._columns["mentors"]
        return pd.DataFrame({
            "mentor": _text(c["mentor"]),
            "capacity": _counts(c["capacity"]),
            "load": _counts(c["load"]),
        })

    def to_dict(self) -> dict[str, Any]:
        """The result as plain JSON-ready values (what ``letsconnect assign --json`` prints)."""
        p, u, m = self._columns["pairs"], self._columns["unassigned"], self._columns["mentors"]
        pairs = [{k: (float(p[k][i]) if k in PAIR_COLUMNS[2:8] else p[k][i]) for k in PAIR_COLUMNS}
                 for i in range(len(p["mentee"]))]
        return {
            "programme": self.programme,
            "objective": self.objective,
            "stable": self.stable,
            "eligible_pairs": self.eligible_pairs,
            "pairs": pairs,
            "unassigned": [{k: u[k][i] for k in UNASSIGNED_COLUMNS} for i in range(len(u["mentee"]))],
            "mentors": [{k: m[k][i] for k in MENTOR_COLUMNS} for i in range(len(m["mentor"]))],
        }

    def __len__(self) -> int:
        return len(self._columns["pairs"]["mentee"])

    def __repr__(self) -> str:
        kind = "stable" if self.stable else "optimal"
        of = f" for {self.programme!r}" if self.programme else ""
        return (f"<Assignment{of} ({kind}): {len(self)} pairs, {len(self._columns['unassigned']['mentee'])} unassigned, "
                f"objective {self.objective:.4f}>")


def assign(
    self: Directory,
    mentees: Any,
    mentors: Iterable[str] | None = None,
    *,
    capacity: int | Mapping[str, int] = 1,
    min_score: float | None = None,
    forbidden: Iterable[Sequence[str]] = (),
    required: Iterable[Sequence[str]] = (),
    stable: bool = False,
    weights: Weights | None = None,
    direction: str = "learn_from",
    require_skill: bool = True,
    week: Any = None,
    threads: int = 0,
) -> Assignment:
    """Assign mentees to mentors: the pairs with the largest total score (or a stable matching).

    Each pair is scored by the one score kernel with the mentee as the seeker and the mentor as
    the candidate (``direction="learn_from"``: mentors who share what the mentee wants to
    learn). A pair is eligible when the kernel accepts it, its total is at least ``min_score``
    and it is not in ``forbidden``. Each mentee gets at most one mentor and each mentor at most
    ``capacity`` mentees (an int, or ``{mentor: int}`` over a default of 1). ``required``
    ``(mentee, mentor)`` pairs are always made.

    The default result maximises the sum of totals exactly (min-cost flow, LEMON's network
    simplex). ``stable=True`` returns the mentee-optimal stable matching instead (deferred
    acceptance; mentors rank mentees by the reverse pair's score). Nothing to assign gives an
    empty result, not an error. ``mentees`` may be a :class:`MentorshipProgramme`, whose
    sign-ups, capacities and skills are then used (``mentors`` must be None).

    Raises ValidationError for duplicates, conflicting required pairs or bad capacities and
    NotFoundError for unknown usernames. The GIL is released while it runs.
    """
    if isinstance(mentees, _core.MentorshipProgramme):
        if mentors is not None:
            raise TypeError("assign: give either a MentorshipProgramme or mentees and mentors, not both")
        if capacity != 1 or direction != "learn_from" or not require_skill:
            raise TypeError("assign: a MentorshipProgramme sets capacities itself and pairs mentees who learn from "
                            "mentors; capacity, direction and require_skill cannot be given with one")
        columns = mentees._assign(self, min_score=min_score, forbidden=[tuple(p) for p in forbidden],
                                  required=[tuple(p) for p in required], stable=stable, weights=weights, week=week,
                                  threads=threads)
        return Assignment(columns, programme=mentees.id)
    if mentors is None:
        raise TypeError("assign: mentors are required (or pass a MentorshipProgramme)")
    if isinstance(mentees, str) or isinstance(mentors, str):
        raise TypeError("assign: mentees and mentors must be lists of usernames, not one string")
    columns = _core._assign(self, list(mentees), list(mentors), capacity=dict(capacity) if isinstance(capacity, Mapping) else capacity,
                            min_score=min_score, forbidden=[tuple(p) for p in forbidden], required=[tuple(p) for p in required],
                            stable=stable, weights=weights, direction=direction, require_skill=require_skill, week=week,
                            threads=threads)
    return Assignment(columns)


def sign_ups_frame(self: Any) -> pd.DataFrame:
    """The programme's sign-ups: ``role`` (mentor/mentee), ``user``, ``created_at`` (the UTC
    calendar day, a naive ``datetime64[ns]``; NaT when not given), ``capacity`` (a mentor's own,
    or <NA>) and ``on_time`` (within the registration dates)."""
    import pandas as pd

    c = self._sign_ups()
    return pd.DataFrame({
        "role": pd.Categorical(c["role"], categories=["mentor", "mentee"]),
        "user": _text(c["user"]),
        "created_at": pd.to_datetime(pd.Series(list(c["created_at"]), dtype=object)).astype("datetime64[ns]"),
        "capacity": pd.Series(list(c["capacity"]), dtype="Int64"),
        "on_time": _flags(c["on_time"]),
    })


class ClinicPlan:
    """Clinic start times ranked by how many of the audience can attend (:func:`plan_clinic`).

    ``slots`` (``start``, ``end`` as UTC datetimes, ``available``, ``share``; best first) for
    ``split=1``; ``pairs`` (``first``, ``second``, ``first_available``, ``second_available``,
    ``covered``, ``share``) for ``split=2``. ``by_region`` and ``by_time_zone`` (``group``,
    ``audience``, ``covered``, ``share``) describe the best time or pair. ``language_groups`` is
    set when a language was given.
    """

    audience: int
    without_availability: int
    language_groups: LanguageGroups | None

    def __init__(self, columns: Mapping[str, Any], duration: int, split: int,
                 language_groups: LanguageGroups | None = None) -> None:
        self._columns = columns
        self.duration = duration
        self.split = split
        self.audience = int(columns["audience"])
        self.without_availability = int(columns["without_availability"])
        self.language_groups = language_groups

    def _share(self, counts: Any, of: Any) -> Any:
        import numpy as np

        counts = np.asarray(counts, dtype="float64")
        of = np.asarray(of, dtype="float64")
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(of > 0, counts / np.where(of > 0, of, 1), np.nan)

    @property
    def slots(self) -> pd.DataFrame:
        import pandas as pd

        c = self._columns["slots"]
        start = _utc(c["start"])
        return pd.DataFrame({
            "start": start,
            "end": start + pd.Timedelta(minutes=self.duration),
            "available": _counts(c["available"]),
            "share": self._share(c["available"], [self.audience] * len(c["available"])),
        })

    @property
    def pairs(self) -> pd.DataFrame:
        import pandas as pd

        c = self._columns["pairs"]
        return pd.DataFrame({
            "first": _utc(c["first"]),
            "second": _utc(c["second"]),
            "first_available": _counts(c["first_available"]),
            "second_available": _counts(c["second_available"]),
            "covered": _counts(c["covered"]),
            "share": self._share(c["covered"], [self.audience] * len(c["covered"])),
        })

    def _groups(self, key: str) -> pd.DataFrame:
        import pandas as pd

        c = self._columns[key]
        return pd.DataFrame({
            "group": _regions(c["group"]) if key == "by_region" else _text(c["group"]),
            "audience": _counts(c["audience"]),
            "covered": _counts(c["covered"]),
            "share": self._share(c["covered"], c["audience"]),
        })

    @property
    def by_region(self) -> pd.DataFrame:
        """The best time by region: ``group`` is the region (categorical; NaN for profiles without one)."""
        return self._groups("by_region")

    @property
    def by_time_zone(self) -> pd.DataFrame:
        return self._groups("by_time_zone")

    @property
    def best(self) -> tuple[Any, ...]:
        """The best start time (split=1) or pair of times (split=2), as UTC datetimes; () if none."""
        if self.split == 1:
            return tuple(self._columns["slots"]["start"][:1])
        p = self._columns["pairs"]
        return (p["first"][0], p["second"][0]) if p["first"] else ()

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values (what ``letsconnect plan-clinic --json`` prints)."""
        def iso(t: Any) -> str:
            return str(t.isoformat().replace("+00:00", "Z"))

        c = self._columns
        out: dict[str, Any] = {"audience": self.audience, "without_availability": self.without_availability,
                               "duration_min": self.duration, "split": self.split}
        if self.split == 1:
            out["slots"] = [{"start": iso(s), "available": a} for s, a in zip(c["slots"]["start"], c["slots"]["available"])]
        else:
            p = c["pairs"]
            out["pairs"] = [{"first": iso(p["first"][i]), "second": iso(p["second"][i]), "covered": p["covered"][i]}
                            for i in range(len(p["first"]))]
        for key in ("by_region", "by_time_zone"):
            g = c[key]
            out[key] = [{"group": g["group"][i], "audience": g["audience"][i], "covered": g["covered"][i]}
                        for i in range(len(g["group"]))]
        if self.language_groups is not None:
            out["language_groups"] = self.language_groups.to_dict()
        return out

    def __repr__(self) -> str:
        if self.split == 1 and self._columns["slots"]["start"]:
            s = self._columns["slots"]
            best = f"best {s['start'][0]:%a %Y-%m-%d %H:%M} UTC reaches {s['available'][0]}"
        elif self.split == 2 and self._columns["pairs"]["first"]:
            p = self._columns["pairs"]
            best = (f"best {p['first'][0]:%a %Y-%m-%d %H:%M} + {p['second'][0]:%a %Y-%m-%d %H:%M} UTC "
                    f"reaches {p['covered'][0]}")
        else:
            best = "no times"
        return f"<ClinicPlan: audience {self.audience}, {best}>"


class LanguageGroups:
    """Who needs interpretation into which language (:func:`language_groups`).

    ``needs`` (``language``, ``people``): of those who do not follow the clinic's language at
    ``threshold``, how many speak each language at it. ``interpretation``: the smallest set of
    languages with which ``target_share`` of the audience follows the clinic.
    """

    def __init__(self, columns: Mapping[str, Any]) -> None:
        self._columns = columns
        self.language: str = columns["language"]
        self.threshold: int = int(columns["threshold"])
        self.audience: int = int(columns["audience"])
        self.understand: int = int(columns["understand"])
        self.need: int = int(columns["need"])
        self.unreachable: int = int(columns["unreachable"])
        self.interpretation: list[str] = list(columns["interpretation"])
        self.target_share: float = float(columns["target_share"])
        self.reached_share: float = float(columns["reached_share"])
        self.target_reached: bool = bool(columns["target_reached"])
        self.exact: bool = bool(columns["exact"])

    @property
    def needs(self) -> pd.DataFrame:
        import pandas as pd

        c = self._columns["needs"]
        return pd.DataFrame({"language": _text(c["language"]), "people": _counts(c["people"])})

    def to_dict(self) -> dict[str, Any]:
        c = dict(self._columns)
        c["needs"] = [{"language": lang, "people": n} for lang, n in zip(c["needs"]["language"], c["needs"]["people"])]
        return c

    def __repr__(self) -> str:
        c = self._columns
        return (f"<LanguageGroups {c['language']!r}: {c['understand']}/{c['audience']} follow it, {c['need']} need "
                f"interpretation; {c['interpretation']} reach {c['reached_share']:.0%}>")


def _audience_list(audience: Iterable[str] | None) -> list[str] | None:
    if audience is None:
        return None
    if isinstance(audience, str):
        raise TypeError("audience: expected a list of usernames, not one string")
    return list(audience)


def plan_clinic(
    directory: Directory,
    audience: Iterable[str] | None = None,
    *,
    start: Any,
    end: Any,
    duration: int = 120,
    language: str | None = None,
    min_level: Any = 2,
    interpretation_threshold: Any = 3,
    target_share: float = 0.9,
    split: int = 1,
    step: int = 30,
    top: int = 10,
    shares: Any = None,
    learns: Any = None,
    region: Any = None,
    country: Any = None,
) -> ClinicPlan:
    """Rank clinic start times between the dates ``start`` and ``end`` (inclusive, UTC days).

    The audience is ``audience`` (usernames) or everyone matching the filters (``shares``,
    ``learns``, ``region``, ``country``, and ``language`` at ``min_level``). A person counts for
    a start when the whole clinic (``duration`` minutes) falls in their weekly availability in
    their own time zone, converted for that very week (DST-correct). ``split=2`` returns the
    pairs of times that together reach the most people (a repeat session for the other half of
    the world). With ``language``, ``plan.language_groups`` tells who needs interpretation (see
    :func:`language_groups`). The GIL is released while it runs.
    """
    names = _audience_list(audience)
    filter_language = language if names is None else None
    columns = _core._plan_clinic(directory, names, start, end, duration=duration, step=step, split=split, top=top,
                                 shares=shares, learns=learns, region=region, country=country,
                                 language=filter_language, min_level=min_level if filter_language else 0)
    groups = None
    if language is not None:
        who = names if names is not None else directory.search(shares=shares, learns=learns, region=region,
                                                               country=country, language=language, min_level=min_level)
        groups = language_groups(directory, who, language, threshold=interpretation_threshold,
                                 target_share=target_share)
    return ClinicPlan(columns, duration, split, groups)


def language_groups(
    directory: Directory,
    audience: Iterable[str],
    language: str,
    *,
    threshold: Any = 3,
    target_share: float = 0.9,
) -> LanguageGroups:
    """How many of ``audience`` need interpretation from ``language`` into which languages.

    A person follows the clinic when they speak ``language`` (or an interpretation language) at
    Babel level ``threshold`` or above ("N" or 6 = native). ``interpretation`` is the smallest
    set of languages that lets ``target_share`` of the audience follow (exact for up to
    2,000,000 candidate sets; greedy beyond, with ``exact`` False).
    """
    if audience is None:
        raise TypeError("language_groups: audience must be a list of usernames")
    return LanguageGroups(_core._language_groups(directory, _audience_list(audience), language, threshold=threshold,
                                                 target_share=target_share))


#: Columns of Directory.organisations(), in order.
ORGANISATION_COLUMNS = ("id", "acronym", "name", "type", "region", "country", "languages", "shares", "learns", "knows",
                        "managers", "members")
#: Columns of Directory.recommend_orgs(), in order.
ORG_MATCH_COLUMNS = ("id", "acronym", "name", "total", "skill", "reciprocity", "language", "region", "time_zone",
                     "explanation")


def organisations_frame(self: Directory) -> pd.DataFrame:
    """The directory's affiliate organisations, one row each (empty when it has none): ``id``,
    ``acronym``, ``name``, ``type``, ``region``, ``country``, ``languages`` (``{code: level}``,
    the given ones and their members'), ``shares`` / ``learns`` / ``knows`` (skill ids),
    ``managers`` and ``members`` (profiles listing the organisation). ``region`` is a categorical
    over the eight regions."""
    import pandas as pd

    c = _core._organisations(self)
    frame = pd.DataFrame({k: _regions(c[k]) if k == "region" else _text(c[k]) for k in ORGANISATION_COLUMNS[:-2]})
    frame["managers"] = _counts(c["managers"])
    frame["members"] = _counts(c["members"])
    return frame


def with_organisations(self: Directory, organisations: Iterable[Mapping[str, Any]]) -> Directory:
    """A new Directory with these affiliate organisations (dicts with ``id`` and optionally
    ``acronym``, ``name``, ``type``, ``shares``, ``learns``, ``knows``, ``region``, ``country``,
    ``languages`` as ``{code: level}``, ``managers``), indexed against this directory's people."""
    return _core._with_organisations(self, list(organisations))


def recommend_orgs(
    self: Directory,
    user: str | None = None,
    *,
    org: str | None = None,
    k: int = 10,
    direction: str = "mutual",
    weights: Weights | None = None,
    require_skill: bool = True,
) -> pd.DataFrame:
    """The best ``k`` affiliate organisations for a person (``user``), or partner affiliates
    for an affiliate (``org``: its id or acronym), ranked by the one score kernel: skills through
    the taxonomy, the languages of their members where known, region. ``direction="learn_from"``
    ranks organisations that share what the person wants to learn (CapX's ``learn_from_orgs``),
    ``"share_with"`` those that want what they share. ``weights`` default to the usual ones with
    the language gate off (an organisation's languages are only known through its members).

    Returns a DataFrame: ``id``, ``acronym``, ``name``, ``total``, the five components and
    ``explanation``, best first. Raises NotFoundError when the directory has no organisations.
    """
    import pandas as pd

    c = _core._recommend_orgs(self, user, org, k=k, direction=direction, weights=weights, require_skill=require_skill)
    frame = pd.DataFrame({
        "id": _text(c["id"]),
        "acronym": _text(c["acronym"]),
        "name": _text(c["name"]),
        **{key: _floats(c[key]) for key in ORG_MATCH_COLUMNS[3:9]},
        "explanation": _text(c["explanation"]),
    })
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="rank")
    frame.attrs["seeker"] = user if user is not None else org
    return frame
