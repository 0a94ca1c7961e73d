"""Run a notebook in a fresh kernel, the one way `make execute`, `make book` and `make bench` do.

The kernel starts with the notebook's own folder as working directory, so ``import
course_setup`` finds the module beside the notebooks. The stored result is made stable: one
stream output per run of printed text, widget models with ids derived from their position, no
timing metadata. Files are only ever replaced atomically (:func:`write_atomic`).
"""

from __future__ import annotations

import atexit
import hashlib
import os
import re
import tempfile
import time
from pathlib import Path
from queue import Empty
from typing import Any

import nbformat
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

NOTEBOOK_GLOB = "[0-9][0-9]-*.ipynb"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
MODEL_REFERENCE = "IPY_MODEL_"  # how one widget's state names another
WIDGET_PLACEHOLDER = (
    "[An interactive control (menu or slider) is here when the notebook runs in JupyterLab "
    "or on Binder. The stored output after it shows one setting.]"
)
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class RunError(Exception):
    """A notebook could not be run; the message names the notebook and the cell."""


def course_notebooks(folder: Path) -> list[Path]:
    """The course notebooks (``NN-name.ipynb``) of a folder, in reading order."""
    return sorted(folder.glob(NOTEBOOK_GLOB))


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` all at once: a killed run or a full disk leaves the old
    file whole (temporary file in the same folder, flushed to disk, then renamed over it)."""
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    temporary = Path(name)
    try:
        with open(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.chmod(mode)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_notebook(path: Path, notebook: nbformat.NotebookNode) -> None:
    """Validate, then store a notebook atomically, byte for byte as ``nbformat.write`` would."""
    nbformat.validate(notebook)
    text = nbformat.writes(notebook)
    write_atomic(path, text if text.endswith("\n") else text + "\n")


def _poll_in_slices(channel: Any, step: float = 0.25) -> None:
    """Make ``channel.get_msg(timeout)`` poll in short slices: one long zmq poll sometimes
    misses its wake-up after widget messages and waits out the whole cell timeout
    (jupyter/nbclient#312). The overall timeout is kept."""
    original = channel.get_msg

    async def get_msg(timeout: float | None = None) -> dict[str, Any]:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = step if deadline is None else max(0.0, min(step, deadline - time.monotonic()))
            try:
                return await original(timeout=left)
            except Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise

    channel.get_msg = get_msg


def _kernel_manager(sockets: str) -> AsyncKernelManager:
    """A python3 kernel talking over Unix sockets where there are any. With TCP, the ports that
    jupyter_client picks are free only until the kernel binds them; another process starting a
    kernel at the same time can take one, and the kernel dies at start-up ("Kernel died before
    replying to kernel_info", jupyter/jupyter_client#154 and #487). Windows keeps TCP."""
    if os.name == "nt":
        return AsyncKernelManager(kernel_name="python3")
    return AsyncKernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(sockets, "k"))


def run_notebook(
    path: Path, timeout: float = 120.0, budget: float | None = None
) -> tuple[nbformat.NotebookNode, float]:
    """Run a notebook top to bottom in a fresh kernel; the file is read, never written.

    Returns the executed, tidied notebook and the seconds the run took. ``timeout`` bounds one
    cell, ``budget`` the whole notebook. Cells tagged ``raises-exception`` may raise.
    """
    try:
        notebook = nbformat.read(path, as_version=4)
    except Exception as error:  # nbformat raises JSON, validation and OS errors
        raise RunError(f"{path}: not a readable notebook ({error})") from None
    deadline = time.monotonic() + (budget or float("inf"))
    current: dict[str, Any] = {"index": 0, "cell": None}

    def where() -> str:
        source = current["cell"].source if current["cell"] is not None else ""
        first = next((line.strip() for line in source.splitlines() if line.strip()), "")
        number = current["index"] + 1
        return f"{path.name}: cell {number} (counting all cells from 1), starting {first!r}"

    with tempfile.TemporaryDirectory(prefix="kernel-") as sockets, tempfile.TemporaryFile() as log:
        client = NotebookClient(
            notebook,
            km=_kernel_manager(sockets),
            timeout=int(timeout),
            timeout_func=lambda _: max(1, int(min(timeout, deadline - time.monotonic()))),
            startup_timeout=120,
            resources={"metadata": {"path": str(path.parent)}},
            store_widget_state=True,
            on_cell_start=lambda cell, cell_index, **_: current.update(cell=cell, index=cell_index),
        )
        client.on_notebook_start = lambda **_: [
            _poll_in_slices(getattr(client.kc, name)) for name in ("shell_channel", "iopub_channel")
        ]
        started = time.perf_counter()
        try:
            # cleanup_kc: stop the kernel afterwards (nbclient leaves a given manager's running);
            # the kernel's own notices go to the log, not into the notebook
            client.execute(cleanup_kc=True, stdout=log, stderr=log)
        except CellExecutionError as error:
            tail = "\n".join(ANSI.sub("", str(error)).strip().splitlines()[-25:])
            raise RunError(f"{where()} raised {error.ename}: {error.evalue}\n{tail}") from None
        except (CellTimeoutError, TimeoutError) as error:
            raise RunError(f"{where()} did not finish in time: {error}") from None
        except (DeadKernelError, RuntimeError) as error:
            log.seek(0)
            notices = log.read().decode(errors="replace").splitlines()[-20:]
            raise RunError(f"{where()}: the kernel died ({error})\n" + "\n".join(notices)) from None
        finally:  # nbclient leaves this registered when the kernel did not start
            atexit.unregister(client._cleanup_kernel)
    seconds = time.perf_counter() - started
    tidy(notebook, path.stem)
    return notebook, seconds


def tidy(notebook: nbformat.NotebookNode, stem: str) -> None:
    """Make a rerun with the same results store the same bytes: merge printed text that the
    kernel happened to flush in two pieces, drop timings, give widgets stable ids."""
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        merged: list[Any] = []
        for output in cell.get("outputs", []):
            previous = merged[-1] if merged else None
            if (
                output.output_type == "stream"
                and previous is not None
                and previous.output_type == "stream"
                and previous.name == output.name
            ):
                previous.text += output.text
            else:
                merged.append(output)
        if cell.cell_type == "code":
            cell.outputs = merged
    if any(_widget_views(notebook)):
        _stable_widget_ids(notebook, stem)
    else:
        notebook.metadata.pop("widgets", None)


def _widget_views(notebook: nbformat.NotebookNode):
    """Each output that shows a widget, with its widget-view data (holding the model id)."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view:
                yield output, view


def _stable_widget_ids(notebook: nbformat.NotebookNode, stem: str) -> None:
    """Rename widget models (ipywidgets draws random ids) after their order of appearance, and
    give each control a plain-text stand-in that reads well where widgets cannot render."""
    state = notebook.metadata["widgets"][WIDGET_STATE]["state"]
    order: list[str] = []

    def visit(value: Any) -> None:
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
    new_ids = {old: hashlib.md5(f"{stem}:{i}".encode()).hexdigest() for i, old in enumerate(order)}

    def rename(value: Any) -> Any:
        if isinstance(value, str):
            model = value.removeprefix(MODEL_REFERENCE)
            return value.replace(model, new_ids[model]) if model in new_ids else value
        if isinstance(value, dict):
            return {rename(key): rename(item) for key, item in value.items()}
        if isinstance(value, list):
            return [rename(item) for item in value]
        return value

    notebook.metadata["widgets"][WIDGET_STATE]["state"] = rename(state)
    for output, view in _widget_views(notebook):
        view["model_id"] = new_ids[view["model_id"]]
        output["data"]["text/plain"] = WIDGET_PLACEHOLDER
