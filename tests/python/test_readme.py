"""The README's Python example runs as written."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_python_example_runs(capsys):
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    assert len(blocks) == 1
    exec(compile(blocks[0], str(README), "exec"), {})
    out = capsys.readouterr().out
    assert "<letsconnect.Directory: 60 profiles" in out
    assert "quarter hours a week (UTC)" in out
    assert "timezone: unknown time zone 'Mars/Olympus'" in out
    assert "languages.fr: Babel level must be 0-5 or N" in out
