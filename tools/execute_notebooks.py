"""Re-run notebooks in a fresh kernel and store their outputs (`make execute`).

The committed outputs are what a reader sees on GitHub and what strict nbval compares, so they
must come from a clean top-to-bottom run. Volatile metadata (timings) is dropped so that a rerun
with unchanged results leaves the files unchanged.

Usage: python tools/execute_notebooks.py [notebooks/NN-name.ipynb ...]   (default: all)
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import nbformat
from build_site import poll_kernel_in_slices  # tools/ is on sys.path: this runs as a script
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
MODEL_REFERENCE = "IPY_MODEL_"  # how one widget's state names another
WIDGET_PLACEHOLDER = (
    "[An interactive control (menu or slider) is here when the notebook runs in JupyterLab "
    "or on Binder. The stored output after it shows one setting.]"
)


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
    poll_kernel_in_slices(client)  # else a widget cell can stall for the whole timeout
    started = time.perf_counter()
    client.execute(stderr=subprocess.DEVNULL)  # kernel start-up notices are noise here
    seconds = time.perf_counter() - started
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    if any(_widget_views(notebook)):
        _tidy_widgets(notebook, path.stem)
    else:
        notebook.metadata.pop("widgets", None)
    nbformat.validate(notebook)
    nbformat.write(notebook, path)
    return seconds


def _widget_views(notebook) -> Iterator[tuple[dict, dict]]:
    """Each output that shows a widget, with its widget-view data (holding the model id)."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view:
                yield output, view


def _tidy_widgets(notebook, stem: str) -> None:
    """Give widget models stable ids (ipywidgets draws random ones), so that a rerun with the
    same results rewrites the same bytes and a diff shows only real changes; and give each
    control a plain-text stand-in that reads well where widgets cannot render."""
    state = notebook.metadata["widgets"][WIDGET_STATE]["state"]
    order: list[str] = []

    def visit(value) -> None:
        if isinstance(value, str) and value.startswith(MODEL_REFERENCE):
            value = value.removeprefix(MODEL_REFERENCE)
            if value in state and value not in order:
                order.append(value)
                visit(state[value])
        elif isinstance(value, dict):
            for key in sorted(value):
                visit(value[key])
        elif isinstance(value, list):
            for item in value:
                visit(item)

    for _, view in _widget_views(notebook):
        visit(MODEL_REFERENCE + view["model_id"])
    order += [model for model in state if model not in order]  # unreferenced models, kept
    # same shape as ipywidgets' own ids (32 hex digits), derived from notebook and position
    new_ids = {
        old: hashlib.md5(f"{stem}:{index}".encode()).hexdigest() for index, old in enumerate(order)
    }

    def rename(value):
        if isinstance(value, str):
            model = value.removeprefix(MODEL_REFERENCE)
            if model in new_ids:
                return value.replace(model, new_ids[model])
            return value
        if isinstance(value, dict):
            return {rename(key): rename(item) for key, item in value.items()}
        if isinstance(value, list):
            return [rename(item) for item in value]
        return value

    notebook.metadata["widgets"][WIDGET_STATE]["state"] = rename(state)
    for output, view in _widget_views(notebook):
        view["model_id"] = new_ids[view["model_id"]]
        # what GitHub and other readers without a widget manager show instead of the control;
        # ipywidgets' own text is a long repr such as "interactive(children=…"
        output["data"]["text/plain"] = WIDGET_PLACEHOLDER


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
