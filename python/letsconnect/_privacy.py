"""Pseudonymised exports: stable keyed hashes in place of names, usernames and e-mail addresses.

>>> import letsconnect as lc
>>> lc.pseudonymise("Amina Bello", key="a long random secret")        # doctest: +SKIP
'p_3f0c9a1b7d2e4c58'
>>> lc.pseudonymise(attendance.to_frame(), key="a long random secret")  # doctest: +SKIP

The pseudonym is ``p_`` + the first 16 hex digits of HMAC-SHA256(key, value). E-mail addresses
(values with an ``@``) are stripped and case-folded first, other values NFC-normalised with runs
of white space collapsed, so the same person gets the same pseudonym in every table and every
run with the same key (joins still work); another key gives unrelated pseudonyms. Without the
key a pseudonym cannot be reversed or recomputed, so keep the key secret and out of the exports.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Union

from . import _core

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["KEY_ENVIRONMENT_VARIABLE", "PseudonymisationKeyError", "pseudonymise", "resolve_key"]

#: The environment variable :func:`pseudonymise` reads its key from when none is given.
KEY_ENVIRONMENT_VARIABLE = "LETSCONNECT_PSEUDONYMISE_KEY"

#: Pseudonyms are this prefix + this many hex digits of the HMAC.
PREFIX = "p_"
DIGITS = 16

KeyArg = Union[str, bytes, bool, None]


class PseudonymisationKeyError(_core.LetsConnectError):
    """No key (or an empty one) to pseudonymise with. A ``ValueError`` and a ``LetsConnectError``."""


def resolve_key(key: KeyArg = None) -> bytes:
    """The key as bytes: ``key`` itself (str or bytes), else (``None`` or ``True``) the environment
    variable :data:`KEY_ENVIRONMENT_VARIABLE`. There is no default key."""
    if key is None or key is True:
        value: str | bytes | None = os.environ.get(KEY_ENVIRONMENT_VARIABLE)
        origin = f"the environment variable {KEY_ENVIRONMENT_VARIABLE}"
    elif isinstance(key, (str, bytes)):
        value, origin = key, "key="
    else:
        raise TypeError(f"key: expected a string, bytes or None, got {type(key).__name__}")
    raw = value.encode("utf-8") if isinstance(value, str) else value
    if not raw or not raw.strip():
        raise PseudonymisationKeyError(
            f"pseudonymise: no key ({origin} is {'empty' if value is not None else 'not set'}). Give key=... or set "
            f"{KEY_ENVIRONMENT_VARIABLE} to a long random secret, e.g. "
            f"export {KEY_ENVIRONMENT_VARIABLE}=\"$(python -c 'import secrets; print(secrets.token_hex(32))')\"; "
            "on the command line, --pseudonymise-key-file PATH reads it from a file. Keep the key: the same key gives "
            "the same pseudonyms in every export.")
    return raw


def _normalise(value: str) -> str:
    if "@" in value:
        return value.strip().casefold()
    return " ".join(unicodedata.normalize("NFC", value).split())


def _hash(value: str, key: bytes) -> str:
    digest = hmac.new(key, _normalise(value).encode("utf-8"), hashlib.sha256).hexdigest()
    return PREFIX + digest[:DIGITS]


def _value(value: Any, key: bytes) -> Any:
    if isinstance(value, str):
        return _hash(value, key) if value.strip() else value
    if isinstance(value, (list, tuple)):
        return type(value)(_value(v, key) for v in value)
    if isinstance(value, dict):  # e.g. {name: ...}: keys are the personal part
        return {(_hash(k, key) if isinstance(k, str) else k): v for k, v in value.items()}
    return value  # None, NaN, pd.NA: missing stays missing


# Free text that quotes a person: the reconciliation's reasons (src/reconcile.cpp) name the
# username or display name they compare with; the name is replaced, the rest of the text kept.
_QUOTING = [
    re.compile(r"^(device name confirmed before as )(.+)$", re.S),
    re.compile(r"^(ambiguous: also )(.+)( \([^()]*\))$", re.S),
    re.compile(r"^(closest: )(.+)( \([^()]*\))$", re.S),
    re.compile(r"^(same profile as ')(.+)(' \(another device\?\))$", re.S),
]
#: Columns of free text that may quote names (rewritten, not hashed whole).
TEXT_COLUMNS = ("reason",)


def _text(value: Any, key: bytes) -> Any:
    if not isinstance(value, str):
        return value
    for pattern in _QUOTING:
        m = pattern.match(value)
        if m:
            return m.group(1) + _hash(m.group(2), key) + (m.group(3) if pattern.groups > 2 else "")
    return value


def personal_columns(frame: pd.DataFrame) -> list[str]:
    """The columns of ``frame`` that :data:`letsconnect.frames.TABLES` marks personal for every
    known table the frame's columns fit in (a frame of a known table, or a selection of its columns)."""
    from .frames import TABLES

    columns = [str(c) for c in frame.columns]
    present = set(columns)
    fitting = [t for t in TABLES.values() if present <= set(t.columns)]
    if not fitting:
        raise _core.LetsConnectError(
            "pseudonymise: the frame's columns match no table of letsconnect.frames.TABLES; say which columns hold "
            "personal data with columns=[...]")
    personal = {c for t in fitting for c in t.personal}
    return [c for c in columns if c in personal]


def pseudonymise(value: Any, key: KeyArg = None, columns: Iterable[str] | None = None) -> Any:
    """Replace personal data with stable keyed pseudonyms (``p_`` + 16 hex digits).

    ``value``: a DataFrame (a copy is returned, the personal columns of its table hashed: names,
    display names, usernames, person ids, e-mail addresses; see the ``personal`` marker of
    :data:`letsconnect.frames.TABLES`; ``columns`` overrides the choice), a string, or a list of
    strings. Missing values stay missing; counts, times, regions and other columns are untouched,
    except that a name quoted in a ``reason`` (``"closest: <username> (62%)"``) is replaced too.
    ``key``: the secret (str or bytes); default the environment variable
    ``LETSCONNECT_PSEUDONYMISE_KEY``. No key raises :class:`PseudonymisationKeyError`.
    """
    secret = resolve_key(key)
    import pandas as pd

    if isinstance(value, pd.DataFrame):
        chosen = personal_columns(value) if columns is None else [str(c) for c in columns]
        missing = [c for c in chosen if c not in value.columns]
        if missing:
            raise _core.LetsConnectError(f"pseudonymise: no column {', '.join(map(repr, missing))} in the frame")
        out = value.copy()
        for c in chosen:
            out[c] = pd.Series([_value(v, secret) for v in out[c].tolist()], index=out.index, dtype=object)
        for c in TEXT_COLUMNS:
            if c in out.columns and c not in chosen and not isinstance(out[c].dtype, pd.CategoricalDtype):
                out[c] = pd.Series([_text(v, secret) for v in out[c].tolist()], index=out.index, dtype=object)
        return out
    if isinstance(value, pd.Series):
        return pd.Series([_value(v, secret) for v in value.tolist()], index=value.index, dtype=object, name=value.name)
    return _value(value, secret)


def maybe_pseudonymise(frame: pd.DataFrame, pseudonymise_arg: KeyArg) -> pd.DataFrame:
    """``frame`` pseudonymised when ``pseudonymise_arg`` is True (key from the environment) or a key."""
    if pseudonymise_arg is None or pseudonymise_arg is False:
        return frame
    result: pd.DataFrame = pseudonymise(frame, key=pseudonymise_arg)
    return result
