"""letsconnect — matching and tracking engine of Wikimedia's Let's Connect programme.

The skills directory (profiles with skills to share and to learn, languages, region, time
zone and weekly availability), its taxonomy, search, and the CapX adapter. The engine is
C++ (``letsconnect._core``); this package adds pandas frames and the ``letsconnect`` CLI.

>>> import letsconnect as lc
>>> d = lc.sample_directory()
>>> d.search(shares="grant-writing", language="fr")  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as _datetime

try:
    from . import _core
except ImportError as err:  # pragma: no cover - only when the extension is missing
    raise ImportError(
        "letsconnect's compiled core (letsconnect._core) could not be imported: "
        f"{err}. Did you build it? Install with `pip install .` from the source tree "
        "(or `make test`, which builds into .venv)."
    ) from err

from ._core import (
    Directory,
    FileError,
    FormatError,
    LetsConnectError,
    NotFoundError,
    Problem,
    Profile,
    SkillNode,
    Taxonomy,
    ValidationError,
    capx_territory_id,
    countries,
    country_name,
    country_region,
    is_time_zone,
    is_under_represented,
    normalize_region,
    region_name,
    regions,
    username_key,
    validate_file,
)
from . import frames as _frames
from .frames import countries_frame, directory_from_frame, directory_to_frame, taxonomy_to_frame

__version__: str = _core.__version__

__all__ = [
    "Directory",
    "FileError",
    "FormatError",
    "LetsConnectError",
    "NotFoundError",
    "Problem",
    "Profile",
    "SkillNode",
    "Taxonomy",
    "ValidationError",
    "__version__",
    "capx_territory_id",
    "countries",
    "countries_frame",
    "country_name",
    "country_region",
    "is_time_zone",
    "is_under_represented",
    "normalize_region",
    "region_name",
    "regions",
    "sample_directory",
    "sample_directory_path",
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


# pandas conveniences on the compiled classes, so C++ and Python hand around the same objects.
setattr(Directory, "to_frame", _frames.directory_to_frame)
setattr(Directory, "from_frame", staticmethod(_frames.directory_from_frame))
setattr(Taxonomy, "to_frame", _frames.taxonomy_to_frame)
