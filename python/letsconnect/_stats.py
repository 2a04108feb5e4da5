"""Directory statistics (as CapX's dashboard serves them) and the demand–supply gap per skill.

>>> import letsconnect as lc
>>> d = lc.sample_directory()
>>> st = d.stats()
>>> st.by_root_skill[["skill", "known", "shares", "learns"]]       # doctest: +SKIP
>>> d.skill_gap(top=5)                                              # doctest: +SKIP
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from . import _core

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["GAP_COLUMNS", "SKILL_COLUMNS", "DirectoryStats", "skill_gap", "stats"]

#: Columns of :attr:`DirectoryStats.skills` (and ``by_root_skill``), in order.
SKILL_COLUMNS = ["skill", "label", "category", "depth", "known", "shares", "learns",
                 "known_direct", "shares_direct", "learns_direct"]
#: Columns of :func:`skill_gap`, in order.
GAP_COLUMNS = ["skill", "label", "category", "depth", "demand", "supply", "gap", "ratio", "clinics", "last_clinic"]


def _counts(values: Any) -> Any:
    import pandas as pd

    return pd.array(values, dtype="int64")


def _skill_frame(taxonomy: _core.Taxonomy, skills: list[str], columns: Mapping[str, Any]) -> pd.DataFrame:
    """skill (categorical), label (English), category (categorical root), depth, then `columns`."""
    import pandas as pd

    from . import frames

    frame = pd.DataFrame({
        "skill": pd.Categorical(skills, dtype=frames.skill_dtype(taxonomy)),
        "label": pd.Series([taxonomy.label(s) for s in skills], dtype=object),
        "category": pd.Categorical([taxonomy.category(s) for s in skills], dtype=frames.category_dtype(taxonomy)),
        "depth": pd.array([taxonomy.depth(s) for s in skills], dtype="int8"),
    })
    for name, values in columns.items():
        frame[name] = values
    return frame


class DirectoryStats:
    """Counts of one directory, as tidy DataFrames (build it with :meth:`Directory.stats`).

    Skill counts are rolled up as CapX's stats are: a person counts for a node when they list it
    or any node below it, once. "Known" is knows ∪ shares (who can share a skill knows it).

    Frames (categoricals for regions, skills and categories; counts ``int64``):

    - ``skills``: one row per taxonomy node, columns :data:`SKILL_COLUMNS`.
    - ``by_root_skill``: the top-level categories' rows of ``skills``.
    - ``by_region``: ``region``, ``name``, ``profiles`` — all eight regions, zeros kept
      (``unknown_region`` counts profiles without one).
    - ``by_country``: ``country``, ``name``, ``region``, ``profiles`` — most profiles first.
    - ``by_language``: ``language``, ``speakers`` (at ``min_level`` or above), ``native``.
    - ``region_language``: ``region``, ``language``, ``speakers`` — every pair, tidy.
    - ``region_category``: ``region``, ``category``, ``known``, ``shares``, ``learns``.
    """

    profiles: int
    min_level: int
    unknown_region: int
    no_country: int

    def __init__(self, directory: _core.Directory, columns: Mapping[str, Any]) -> None:
        self._taxonomy = directory.taxonomy
        self._columns = columns
        self.profiles = int(columns["profiles"])
        self.min_level = int(columns["min_level"])
        self.unknown_region = int(columns["unknown_region"])
        self.no_country = int(columns["no_country"])

    def __repr__(self) -> str:
        c = self._columns
        return (f"<letsconnect.DirectoryStats({self.profiles} profiles, {len(c['countries']['country'])} countries, "
                f"{len(c['languages']['language'])} languages, {len(c['skills']['skill'])} skills)>")

    @property
    def skills(self) -> pd.DataFrame:
        c = self._columns["skills"]
        return _skill_frame(self._taxonomy, list(c["skill"]),
                            {k: _counts(c[k]) for k in SKILL_COLUMNS[4:]})

    @property
    def by_root_skill(self) -> pd.DataFrame:
        frame = self.skills
        return frame[frame["depth"] == 0].reset_index(drop=True)

    @property
    def by_region(self) -> pd.DataFrame:
        import pandas as pd

        from . import frames

        c = self._columns["regions"]
        return pd.DataFrame({
            "region": pd.Categorical(c["region"], dtype=frames.region_dtype()),
            "name": pd.Series([_core.region_name(r) for r in c["region"]], dtype=object),
            "profiles": _counts(c["profiles"]),
        })

    @property
    def by_country(self) -> pd.DataFrame:
        import pandas as pd

        from . import frames

        c = self._columns["countries"]
        return pd.DataFrame({
            "country": pd.Series(c["country"], dtype=object),
            "name": pd.Series([_core.country_name(x) for x in c["country"]], dtype=object),
            "region": pd.Categorical(c["region"], dtype=frames.region_dtype()),
            "profiles": _counts(c["profiles"]),
        })

    @property
    def by_language(self) -> pd.DataFrame:
        import pandas as pd

        c = self._columns["languages"]
        return pd.DataFrame({
            "language": pd.Series(c["language"], dtype=object),
            "speakers": _counts(c["speakers"]),
            "native": _counts(c["native"]),
        })

    @property
    def region_language(self) -> pd.DataFrame:
        import pandas as pd

        from . import frames

        c = self._columns["region_language"]
        return pd.DataFrame({
            "region": pd.Categorical(c["region"], dtype=frames.region_dtype()),
            "language": pd.Series(c["language"], dtype=object),
            "speakers": _counts(c["speakers"]),
        })

    @property
    def region_category(self) -> pd.DataFrame:
        import pandas as pd

        from . import frames

        c = self._columns["region_category"]
        return pd.DataFrame({
            "region": pd.Categorical(c["region"], dtype=frames.region_dtype()),
            "category": pd.Categorical(c["category"], dtype=frames.category_dtype(self._taxonomy)),
            "known": _counts(c["known"]),
            "shares": _counts(c["shares"]),
            "learns": _counts(c["learns"]),
        })


def stats(directory: _core.Directory, min_level: int | str = 1) -> DirectoryStats:
    """Counts by skill (rolled up), region, country, language, region × language and region ×
    category, as :class:`DirectoryStats`. ``min_level``: the Babel level (1 … 5 or ``"N"``) from
    which a person counts as a speaker."""
    if isinstance(min_level, bool) or min_level not in (1, 2, 3, 4, 5, "N", "n"):
        raise ValueError(f"min_level must be a Babel level 1 … 5 or 'N' (native), got {min_level!r}")
    return DirectoryStats(directory, _core._directory_stats(directory, min_level))


def _instant(value: _dt.datetime | _dt.date | str | None) -> _dt.datetime | str | None:
    """A day (date or "YYYY-MM-DD") is its midnight UTC; instants pass through to the core."""
    if isinstance(value, str) and len(value) == 10:
        try:
            value = _dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"covered_since: expected a date (YYYY-MM-DD) or an ISO 8601 instant, got {value!r}") from None
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return _dt.datetime(value.year, value.month, value.day, tzinfo=_dt.timezone.utc)
    return value


def skill_gap(
    directory: _core.Directory,
    clinics: _core.Clinics | str | os.PathLike[str] | None = None,
    *,
    depth: int | None = None,
    uncovered: bool = False,
    covered_since: _dt.datetime | _dt.date | str | None = None,
    min_supply: int = 0,
    top: int | None = None,
) -> pd.DataFrame:
    """The demand–supply gap per skill, widest first: the clinic topics to run next.

    Columns :data:`GAP_COLUMNS`: ``demand`` (people wanting the skill or one below it),
    ``supply`` (people sharing it), ``gap`` = demand − supply, ``ratio`` = demand / (supply + 1),
    ``clinics`` (clinics on the skill or one below it), ``last_clinic`` (UTC, ``NaT`` if none).
    Sorted by gap, then demand (both descending), then taxonomy order.

    ``clinics``: a :class:`Clinics` or a path to a clinics file. ``covered_since``: an instant,
    or a day (its midnight UTC). ``depth``: only nodes at that
    depth (0 = categories). ``uncovered``: leave out what a clinic covered (since
    ``covered_since`` when given). ``min_supply=1`` keeps skills someone could lead.
    """
    import pandas as pd

    programme = _core.Clinics.load(os.fspath(clinics)) if isinstance(clinics, (str, os.PathLike)) else clinics
    if depth is not None and not 0 <= depth <= 2:
        raise ValueError(f"depth must be 0, 1 or 2 (the taxonomy's levels), got {depth}")
    if top is not None and top < 1:
        raise ValueError(f"top must be at least 1 (or None for every row), got {top}")
    if min_supply < 0:
        raise ValueError(f"min_supply must be >= 0, got {min_supply}")
    if programme is None and (uncovered or covered_since is not None):
        raise ValueError("uncovered and covered_since need the clinics (skill_gap(clinics, ...))")
    c = _core._skill_gap(directory, programme, -1 if depth is None else depth, uncovered, _instant(covered_since),
                         min_supply, top or 0)
    last = pd.array(list(c["last_clinic"]), dtype="Int64")  # seconds since the epoch (UTC), <NA>: none
    return _skill_frame(directory.taxonomy, list(c["skill"]), {
        "demand": _counts(c["demand"]),
        "supply": _counts(c["supply"]),
        "gap": _counts(c["gap"]),
        "ratio": pd.array(c["ratio"], dtype="float64"),
        "clinics": _counts(c["clinics"]),
        "last_clinic": pd.Series(pd.to_datetime(last, unit="s", utc=True), dtype="datetime64[ns, UTC]"),
    })
