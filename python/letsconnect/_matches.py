"""The list type recommendations come back in."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from ._core import Match

#: Columns of Matches.to_frame(), in order.
MATCH_COLUMNS = ("username", "total", "skill", "reciprocity", "language", "region", "time_zone", "explanation")


class Matches(list["Match"]):
    """Ranked matches, best first; a plain list with a DataFrame view.

    ``seeker`` is the username the matches are for (``None`` for a clinic audience).
    """

    seeker: str | None

    def __init__(self, items: Any = (), seeker: str | None = None) -> None:
        super().__init__(items)
        self.seeker = seeker

    def to_frame(self) -> pd.DataFrame:
        """One row per match: ``rank`` (1-based index), then ``username``, ``total``, the five
        components (float64, each in [0, 1]) and ``explanation`` (text as ``object``; schema:
        ``letsconnect.frames.TABLES["matches"]``)."""
        import pandas as pd

        index = pd.RangeIndex(1, len(self) + 1, name="rank")
        columns: dict[str, Any] = {"username": pd.Series([m.username for m in self], index=index, dtype=object)}
        for name in MATCH_COLUMNS[1:-1]:
            columns[name] = pd.Series([getattr(m, name) for m in self], index=index, dtype="float64")
        columns["explanation"] = pd.Series([m.explanation for m in self], index=index, dtype=object)
        frame = pd.DataFrame(columns, index=index)
        if self.seeker is not None:
            frame.attrs["seeker"] = self.seeker
        return frame

    def __repr__(self) -> str:
        who = f" for {self.seeker!r}" if self.seeker is not None else ""
        shown = ", ".join(f"{m.username!r} {m.total:.3f}" for m in self[:5])
        more = ", …" if len(self) > 5 else ""
        return f"<Matches{who}: {len(self)} [{shown}{more}]>"
