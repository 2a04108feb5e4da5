"""Progress bars for long calls (building a large directory, batch recommendations, reconciling
many Zoom reports).

Every such call takes ``progress=``: ``None`` (the default) shows a tqdm bar on stderr when stderr
is a terminal and nothing otherwise (scripts, CI, notebooks); ``True`` always shows one;
``False`` never does; a callable ``f(done, total)`` is called instead (``total`` is 0 while it is
not known yet). The compiled core reports from the calling thread, at most every ~100 ms and
once at the end; an exception raised by the callable stops the call and propagates.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, Union

__all__ = ["ProgressArg", "callback"]

#: What ``progress=`` accepts.
ProgressArg = Union[bool, None, Callable[[int, int], Any]]


class _Bar:
    """A tqdm bar fed with (done, total) reports."""

    def __init__(self, desc: str, unit: str) -> None:
        from tqdm import tqdm

        self._bar = tqdm(total=None, desc=desc, unit=unit, file=sys.stderr)

    def __call__(self, done: int, total: int) -> None:
        if total and self._bar.total != total:
            self._bar.total = total
        self._bar.update(done - self._bar.n)

    def close(self) -> None:
        self._bar.close()


class _Function:
    """A user's callable, with the close() the core calls at the end."""

    def __init__(self, function: Callable[[int, int], Any]) -> None:
        self._function = function

    def __call__(self, done: int, total: int) -> None:
        self._function(done, total)

    def close(self) -> None:
        pass


def _is_terminal() -> bool:
    try:
        return bool(sys.stderr is not None and sys.stderr.isatty())
    except (AttributeError, ValueError):  # replaced or closed stderr
        return False


def callback(progress: ProgressArg, desc: str, unit: str) -> _Bar | _Function | None:
    """What the core calls for ``progress=`` (see the module docstring); ``None`` for no reports."""
    if progress is False or (progress is None and not _is_terminal()):
        return None
    if progress is None or progress is True:
        return _Bar(desc, unit)
    if callable(progress):
        return _Function(progress)
    raise TypeError(f"progress: expected True, False, None or a callable(done, total), got {type(progress).__name__}")
