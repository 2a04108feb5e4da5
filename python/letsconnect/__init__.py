"""letsconnect — matching and tracking engine of Wikimedia's Let's Connect programme.

The skills directory (profiles with skills to share and to learn, languages, region, time
zone and weekly availability), its taxonomy, search, the CapX adapter, and recommendations:
who should connect with whom (Directory.recommend / recommend_many / score_matrix) and who to
invite to a clinic (Directory.audience), all from one score kernel. The engine is
C++ (``letsconnect._core``); this package adds pandas frames and the ``letsconnect`` CLI.

>>> import letsconnect as lc
>>> d = lc.sample_directory()
>>> d.search(shares="grant-writing", language="fr")  # doctest: +SKIP
"""

from __future__ import annotations

import contextlib as _contextlib
import datetime as _datetime
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

try:
    from . import _core
except ImportError as err:  # pragma: no cover - only when the extension is missing
    raise ImportError(
        "letsconnect's compiled core (letsconnect._core) could not be imported: "
        f"{err}. Did you build it? Install with `pip install .` from the source tree "
        "(or `make test`, which builds into .venv)."
    ) from err

from ._core import (
    AttendeeMatch,
    BadgeRules,
    Clinic,
    ClinicAttendance,
    Clinics,
    Directory,
    FileError,
    FormatError,
    LetsConnectError,
    Limits,
    Match,
    MentorshipProgramme,
    NotFoundError,
    Problem,
    Profile,
    SkillNode,
    Taxonomy,
    ValidationError,
    Weights,
    ZoomReport,
    capx_territory_id,
    clean_display_name,
    countries,
    country_name,
    country_region,
    get_limits,
    is_time_zone,
    is_under_represented,
    name_similarity,
    normalize_region,
    region_name,
    regions,
    set_limits,
    union_seconds,
    username_key,
    validate_file,
)
from ._matches import Matches
from ._privacy import PseudonymisationKeyError, pseudonymise
from ._planning import Assignment, ClinicPlan, LanguageGroups, language_groups, plan_clinic
from ._stats import DirectoryStats
from ._attendance import (
    Attendance,
    Metrics,
    attendance,
    badges,
    metrics,
    read_decisions,
    read_zoom_report,
)

if TYPE_CHECKING:
    import pandas as pd

    from .frames import countries_frame

__version__: str = _core.__version__

__all__ = [
    "Assignment",
    "Attendance",
    "AttendeeMatch",
    "BadgeRules",
    "Clinic",
    "ClinicAttendance",
    "ClinicPlan",
    "Clinics",
    "Directory",
    "DirectoryStats",
    "FileError",
    "FormatError",
    "LanguageGroups",
    "LetsConnectError",
    "Limits",
    "Match",
    "Matches",
    "MentorshipProgramme",
    "Metrics",
    "NotFoundError",
    "Problem",
    "Profile",
    "PseudonymisationKeyError",
    "SkillNode",
    "Taxonomy",
    "ValidationError",
    "Weights",
    "ZoomReport",
    "__version__",
    "attendance",
    "badges",
    "capx_territory_id",
    "clean_display_name",
    "countries",
    "countries_frame",
    "country_name",
    "country_region",
    "frames",
    "get_limits",
    "is_time_zone",
    "is_under_represented",
    "language_groups",
    "limits",
    "metrics",
    "name_similarity",
    "normalize_region",
    "plan_clinic",
    "plots",
    "pseudonymise",
    "read_decisions",
    "read_zoom_report",
    "region_name",
    "regions",
    "report",
    "sample_directory",
    "sample_directory_path",
    "set_limits",
    "synthetic",
    "union_seconds",
    "username_key",
    "validate_file",
]


def __dir__() -> list[str]:
    return __all__


def sample_directory_path() -> str:
    """Path of the bundled sample directory (60 invented participants)."""
    from importlib.resources import files

    return str(files("letsconnect") / "data" / "sample_directory.json")


def sample_directory(*, week: _datetime.date | str | None = None) -> Directory:
    """The bundled sample directory (60 invented participants), loaded."""
    return Directory.load(sample_directory_path(), week=week)


@_contextlib.contextmanager
def limits(**changes: int) -> Iterator[Limits]:
    """Change input limits inside a ``with`` block and restore them after.

    The limits are process-wide (every thread sees them), like ``set_limits``:

    >>> import letsconnect as lc
    >>> with lc.limits(max_json_depth=8) as current:
    ...     current.max_json_depth
    8
    """
    current = get_limits()
    for name, value in changes.items():
        if not hasattr(current, name):
            raise TypeError(f"limits() got an unexpected keyword argument {name!r}")
        setattr(current, name, value)
    previous = set_limits(current)
    try:
        yield current
    finally:
        set_limits(previous)


# pandas conveniences on the compiled classes, so C++ and Python hand around the same objects.
# pandas is imported on first use: the CLI and hub tools that only search should not pay for it.
def _directory_to_frame(self: Directory) -> pd.DataFrame:
    from .frames import directory_to_frame

    return directory_to_frame(self)


def _directory_from_frame(frame: pd.DataFrame, *, taxonomy: Any = None, week: Any = None) -> Directory:
    from .frames import directory_from_frame

    return directory_from_frame(frame, taxonomy=taxonomy, week=week)


def _taxonomy_to_frame(self: Taxonomy, languages: Any = ("en", "es", "fr", "pt", "ar")) -> pd.DataFrame:
    from .frames import taxonomy_to_frame

    return taxonomy_to_frame(self, languages)


_directory_to_frame.__doc__ = "One row per profile (see letsconnect.frames.directory_to_frame)."
_directory_from_frame.__doc__ = "Build a Directory from a frame (see letsconnect.frames.directory_from_frame)."
_taxonomy_to_frame.__doc__ = "One row per node (see letsconnect.frames.taxonomy_to_frame)."
setattr(Directory, "to_frame", _directory_to_frame)
setattr(Directory, "from_frame", staticmethod(_directory_from_frame))
setattr(Taxonomy, "to_frame", _taxonomy_to_frame)


def _install_attendance() -> None:
    from . import _attendance as _a

    setattr(Directory, "reconcile", _a.reconcile)
    setattr(Directory, "reconcile_matches", _a.reconcile_matches)
    setattr(ZoomReport, "to_frame", _a.attendees_frame)
    setattr(ZoomReport, "segments_frame", _a.segments_frame)


_install_attendance()


def _install_planning() -> None:
    from . import _planning as _p

    setattr(Directory, "assign", _p.assign)
    setattr(Directory, "organisations", _p.organisations_frame)
    setattr(Directory, "with_organisations", _p.with_organisations)
    setattr(Directory, "recommend_orgs", _p.recommend_orgs)
    setattr(MentorshipProgramme, "sign_ups", property(_p.sign_ups_frame, doc=_p.sign_ups_frame.__doc__))


_install_planning()


def _install_stats() -> None:
    from . import _stats as _s

    setattr(Directory, "stats", _s.stats)
    setattr(Directory, "skill_gap", _s.skill_gap)


_install_stats()


_SUBMODULES = ("frames", "plots", "report", "synthetic")


def __getattr__(name: str) -> Any:
    # Submodules that need pandas or matplotlib load on first use: `lc.plots`, `lc.synthetic`.
    if name in _SUBMODULES:
        import importlib

        return importlib.import_module(f".{name}", __name__)
    if name == "countries_frame":
        from .frames import countries_frame

        return countries_frame
    raise AttributeError(f"module 'letsconnect' has no attribute {name!r}")
