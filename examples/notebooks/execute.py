"""Re-execute the tour and store its outputs in place (they are what `pytest --nbval` compares).

    .venv/bin/python examples/notebooks/execute.py

Run it after a change that alters the tour's outputs (the synthetic generator, a frame's columns,
a repr), read the diff of tour.ipynb, and commit the notebook with its outputs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).with_name("tour.ipynb")


def main() -> int:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    # The kernel runs this interpreter (the kernelspec's "python" is resolved to sys.executable),
    # in the notebook's folder, as nbval runs it.
    client = NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)
    nbformat.validate(nb)
    nbformat.write(nb, NOTEBOOK)
    print(f"executed {NOTEBOOK.name}: {sum(c.cell_type == 'code' for c in nb.cells)} code cells", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
