"""Re-run notebooks in a fresh kernel and store their outputs (`make execute`).

The committed outputs are what a reader sees on GitHub and what strict nbval compares, so they
must come from a clean top-to-bottom run. Volatile metadata (timings) is dropped so that a rerun
with unchanged results leaves the files unchanged.

Usage: python tools/execute_notebooks.py [notebooks/NN-name.ipynb ...]   (default: all)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"


def execute(path: Path, timeout: int = 120) -> float:
    """Run one notebook in place from a fresh kernel; returns the seconds it took."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=True,
    )
    started = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - started
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    if not _has_widgets(notebook):
        notebook.metadata.pop("widgets", None)
    nbformat.validate(notebook)
    nbformat.write(notebook, path)
    return seconds


def _has_widgets(notebook) -> bool:
    return any(
        "application/vnd.jupyter.widget-view+json" in output.get("data", {})
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
    )


def main(arguments: list[str]) -> int:
    paths = [Path(a) for a in arguments] or sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
    for path in paths:
        try:
            seconds = execute(path.resolve())
        except CellExecutionError as error:
            print(f"{path}: a cell raised an error:\n{error}", file=sys.stderr)
            return 1
        print(f"{path.name}: executed in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
