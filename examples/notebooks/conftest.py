"""nbval settings for the notebooks in this folder.

Outputs are compared as text (``text/plain``): a DataFrame's ``text/html`` rendering carries the
same values and would only make the test fail on a pandas upgrade. Images are not compared
(nbval skips ``image/png`` unless run with ``--nbdime``); the tour asserts the plotted values instead.
"""

from __future__ import annotations

from typing import Any


def pytest_collectstart(collector: Any) -> None:
    if getattr(collector, "skip_compare", None) is not None and str(collector.path).endswith(".ipynb"):
        collector.skip_compare = (*collector.skip_compare, "text/html")
