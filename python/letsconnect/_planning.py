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
            "mentee": pd.array(c["mentee"], dtype="object"),
            "mentor": pd.array(c["mentor"], dtype="object"),
            **{k: pd.array(c[k], dtype="float64") for k in PAIR_COLUMNS[2:8]},
            "required": pd.array(c["required"], dtype="bool"),
            "eligible": pd.array(c["eligible"], dtype="bool"),
        })
        frame.attrs["objective"] = self.objective
        return frame

    @property
    def unassigned(self) -> pd.DataFrame:
        import pandas as pd

        c = self._columns["unassigned"]
        return pd.DataFrame({
            "mentee": pd.array(c["mentee"], dtype="object"),
            "reason": pd.Categorical(c["reason"], categories=list(REASONS)),
            "eligible_mentors": pd.array(c["eligible_mentors"], dtype="int64"),
        })

    @property
    def mentors(self) -> pd.DataFrame:
        import pandas as pd

        c = self._columns["mentors"]
        return pd.DataFrame({
            "mentor": pd.array(c["mentor"], dtype="object"),
            "capacity": pd.array(c["capacity"], dtype="int64"),
            "load": pd.array(c["load"], dtype="int64"),
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
        columns = mentees._assign(self, min_score=min_score, forbidden=[tuple(p) for p in forbidden],
                                  required=[tuple(p) for p in required], stable=stable, weights=weights, week=week,
                                  threads=threads)
        return Assignment(columns, programme=mentees.id)
    if mentors is None:
        raise TypeError("assign: mentors are required (or pass a MentorshipProgramme)")
    columns = _core._assign(self, list(mentees), list(mentors), capacity=dict(capacity) if isinstance(capacity, Mapping) else capacity,
                            min_score=min_score, forbidden=[tuple(p) for p in forbidden], required=[tuple(p) for p in required],
                            stable=stable, weights=weights, direction=direction, require_skill=require_skill, week=week,
                            threads=threads)
    return Assignment(columns)


def sign_ups_frame(self: Any) -> pd.DataFrame:
    """The programme's sign-ups: ``role`` (mentor/mentee), ``user``, ``created_at`` (date or
    None), ``capacity`` (a mentor's own, or <NA>) and ``on_time`` (within the registration dates)."""
    import pandas as pd

    c = self._sign_ups()
    return pd.DataFrame({
        "role": pd.Categorical(c["role"], categories=["mentor", "mentee"]),
        "user": pd.array(c["user"], dtype="object"),
        "created_at": pd.array(c["created_at"], dtype="object"),
        "capacity": pd.array(c["capacity"], dtype="Int64"),
        "on_time": pd.array(c["on_time"], dtype="bool"),
    })
