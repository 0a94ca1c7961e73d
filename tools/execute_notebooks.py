"""Re-run notebooks in a fresh kernel and store their outputs (`make execute`).

Outputs come from a clean top-to-bottom run (tools/runner.py); an unchanged rerun leaves the
files byte-identical, and an interrupted one leaves the old notebook whole.

Usage: python tools/execute_notebooks.py [notebooks/NN-name.ipynb ...]   (default: all)
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from runner import RunError, course_notebooks, run_notebook, write_atomic  # tools/ on sys.path

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def main(arguments: list[str]) -> int:
    paths = [Path(a).resolve() for a in arguments] or course_notebooks(NOTEBOOKS)
    for path in paths:
        try:
            notebook, seconds = run_notebook(path)
        except RunError as error:
            print(f"make execute failed: {error}", file=sys.stderr)
            return 1
        nbformat.validate(notebook)
        write_atomic(path, nbformat.writes(notebook) + "\n")  # the bytes nbformat.write stores
        print(f"{path.name}: executed in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
