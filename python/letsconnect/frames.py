"""pandas views of letsconnect objects.

Frames are tidy: one row per profile (or taxonomy node, or country), list-valued fields kept
as Python lists, regions as a categorical with Wikimedia's eight codes, dates as
``datetime64`` (pandas' default resolution).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from . import _core

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["countries_frame", "directory_from_frame", "directory_to_frame", "taxonomy_to_frame"]

#: Columns of :func:`directory_to_frame`, in order.
PROFILE_COLUMNS = [
    "username", "name", "aliases", "emails", "region", "country", "languages", "timezone", "availability",
    "shares", "learns", "knows", "affiliations", "registered", "gender", "role",
]
_LIST_COLUMNS = ("aliases", "emails", "availability", "shares", "learns", "knows", "affiliations")


def _region_dtype() -> pd.CategoricalDtype:
    return pd.CategoricalDtype(categories=_core.regions())


def directory_to_frame(directory: _core.Directory) -> pd.DataFrame:
    """One row per profile, columns :data:`PROFILE_COLUMNS`.

    ``languages`` holds ``{code: level}`` dicts, ``availability`` lists of
    ``(day, start, end)`` tuples in local time; missing values are ``None``/``NaT``.
    """
    document = json.loads(directory.to_json(-1))
    profiles = document["profiles"]
    frame = pd.DataFrame.from_records(profiles, columns=PROFILE_COLUMNS)
    for column in _LIST_COLUMNS:
        frame[column] = pd.Series([v if isinstance(v, list) else [] for v in frame[column]], index=frame.index, dtype=object)
    frame["availability"] = pd.Series(
        [[(w["day"], w["start"], w["end"]) for w in v] for v in frame["availability"]], index=frame.index, dtype=object
    )
    frame["languages"] = pd.Series(
        [v if isinstance(v, dict) else {} for v in frame["languages"]], index=frame.index, dtype=object
    )
    frame["region"] = frame["region"].astype(_region_dtype())
    frame["registered"] = pd.to_datetime(frame["registered"], format="%Y-%m-%d")
    for column in ("name", "country", "timezone", "gender", "role"):
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    # What from_frame needs to rebuild the same directory: the document names a bundled taxonomy
    # or carries it inline, as Directory.to_json decided.
    taxonomy = document["taxonomy"]
    frame.attrs["taxonomy"] = taxonomy if isinstance(taxonomy, str) else json.dumps(taxonomy, ensure_ascii=False)
    frame.attrs["week"] = directory.week.isoformat()
    return frame


def _clean(value: Any) -> Any:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value != value:  # NaN from pandas
        return None
    if value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def _frame_error(field: str, message: str) -> None:
    problem = _core.Problem("<DataFrame>", "", field, message)
    error = _core.ValidationError(str(problem))
    error.problems = [problem]
    raise error


def directory_from_frame(frame: pd.DataFrame, *, taxonomy: Any = None, week: Any = None) -> _core.Directory:
    """Build a Directory from a frame shaped like :func:`directory_to_frame`'s.

    The taxonomy and reference week default to those remembered in ``frame.attrs`` by
    :func:`directory_to_frame`, else the bundled "letsconnect" taxonomy and the current week.

    Only ``username`` is required; other known columns are optional, unknown columns are an error
    (so nothing is dropped silently). Rows are validated like a directory file: a bad row raises
    ValidationError naming ``profiles[row]`` and the field.
    """
    unknown = [c for c in frame.columns if c not in PROFILE_COLUMNS]
    if unknown:
        _frame_error("columns", f"unknown columns {', '.join(map(str, unknown))} (expected some of {', '.join(PROFILE_COLUMNS)})")
    if "username" not in frame.columns:
        _frame_error("columns", "a directory frame needs a 'username' column")
    records: list[dict[str, Any]] = []
    for row in frame.to_dict(orient="records"):
        record: dict[str, Any] = {}
        for key, value in row.items():
            value = _clean(value)
            if value is None:
                continue
            if key == "availability":
                value = [dict(zip(("day", "start", "end"), w)) if isinstance(w, (list, tuple)) else w for w in value]
            if key in _LIST_COLUMNS or key == "languages":
                if len(value) == 0:
                    continue
                value = list(value) if key != "languages" else dict(value)
            record[str(key)] = value
        records.append(record)
    # A frame from directory_to_frame remembers its taxonomy and week in `attrs`.
    if taxonomy is None:
        remembered = frame.attrs.get("taxonomy", "letsconnect")
        taxonomy = remembered if remembered in _core.Taxonomy.bundled_names() else _core.Taxonomy.from_json(remembered)
    if week is None:
        week = frame.attrs.get("week")
    tax = taxonomy
    document = {"format": "letsconnect.directory/1", "profiles": records}
    if isinstance(tax, str):
        document["taxonomy"] = tax
        return _core.Directory.from_json(json.dumps(document, ensure_ascii=False), week=week)
    return _core.Directory.from_json(json.dumps(document, ensure_ascii=False), taxonomy=tax, week=week)


def taxonomy_to_frame(taxonomy: _core.Taxonomy, languages: Iterable[str] = ("en", "es", "fr", "pt", "ar")) -> pd.DataFrame:
    """One row per node: id, qid, parent, category, depth, and one ``label_<lang>`` column per language."""
    rows = []
    for node in taxonomy:
        row: dict[str, Any] = {
            "id": node.id,
            "qid": node.qid,
            "parent": node.parent,
            "category": taxonomy.category(node.id),
            "depth": taxonomy.depth(node.id),
        }
        for lang in languages:
            row[f"label_{lang}"] = node.labels.get(lang)
        rows.append(row)
    frame = pd.DataFrame(rows, columns=["id", "qid", "parent", "category", "depth", *(f"label_{l}" for l in languages)])
    frame["depth"] = frame["depth"].astype("int8")
    return frame


def countries_frame() -> pd.DataFrame:
    """The bundled country table: alpha2, name, region (categorical)."""
    frame = pd.DataFrame(_core.countries(), columns=["alpha2", "name", "region"])
    frame["region"] = frame["region"].astype(_region_dtype())
    return frame
