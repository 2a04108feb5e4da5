"""Test-suite settings shared by every test module."""

import os

# Progress callbacks are called at most every 100 ms; the tests want every report (read by the
# compiled core on its first long call, so set before any test runs).
os.environ["LETSCONNECT_PROGRESS_INTERVAL_MS"] = "0"
