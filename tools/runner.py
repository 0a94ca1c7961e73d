"""Run notebooks in a fresh kernel, the one way `make execute`, `make book` and `make bench` do.

`make execute` (``python tools/runner.py [notebooks/NN-name.ipynb ...]``, default: every notebook
of every edition, English first, then ``notebooks/<lang>/``) stores the outputs of a clean
top-to-bottom run back into each notebook.

The kernel's working directory is the notebook's folder, so ``import course_setup`` finds the
module beside the notebooks. Results are stored so that an unchanged rerun writes the same bytes,
and files are only ever replaced whole (:func:`write_atomic`).
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path
from queue import Empty
from typing import Any

import nbformat
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from helpers.i18n import LANGUAGES

NOTEBOOK_GLOB = "[0-9][0-9]-*.ipynb"
NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
MODEL_REFERENCE = "IPY_MODEL_"  # how one widget's state names another
WIDGET_PLACEHOLDERS = {  # what GitHub shows instead of the control, in the edition's language
    "en": "[An interactive control (menu or slider) is here when the notebook runs in JupyterLab "
    "or on Binder. The stored output after it shows one setting.]",
    "id": "[Di sini ada kontrol interaktif (menu atau penggeser) saat notebook dijalankan di "
    "JupyterLab atau Binder. Keluaran tersimpan sesudahnya menunjukkan satu pengaturan.]",
}
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class RunError(Exception):
    """A notebook could not be run; the message names the notebook and the cell."""


def course_notebooks(folder: Path) -> list[Path]:
    """The course notebooks (``NN-name.ipynb``) of a folder, in reading order."""
    return sorted(folder.glob(NOTEBOOK_GLOB))


def execution_order(folder: Path = NOTEBOOKS) -> list[Path]:
    """Every edition's notebooks, English first; 00-start-here last in each, because its course
    map reads the other notebooks' stored outputs."""
    folders = [folder, *(folder / lang for lang in LANGUAGES if lang != "en")]
    editions = [course_notebooks(edition) for edition in folders]
    return [p for paths in editions for p in sorted(paths, key=lambda p: p.stem == "00-start-here")]


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` all at once: a killed run or a full disk leaves the old
    file whole (temporary file in the same folder, flushed to disk, then renamed over it)."""
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    temporary = Path(name)  # a hidden name in the same folder: os.replace cannot cross disks
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


def read_notebook(path: Path) -> nbformat.NotebookNode:
    """The notebook as stored, or a RunError naming the file."""
    try:
        return nbformat.read(path, as_version=4)
    except Exception as error:  # nbformat raises JSON, validation and OS errors
        raise RunError(f"{path}: not a readable notebook ({error})") from None


def _poll_in_slices(channel: Any, step: float = 0.25) -> None:
    """Make ``channel.get_msg(timeout)`` poll in short slices: one long zmq poll sometimes
    misses its wake-up after widget messages and waits out the whole cell timeout
    (jupyter/nbclient#312). The overall timeout is kept."""
    original = channel.get_msg

    async def get_msg(timeout: float | None = None) -> dict[str, Any]:
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            try:
                return await original(timeout=max(0.0, min(step, deadline - time.monotonic())))
            except Empty:
                if time.monotonic() >= deadline:
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


def run_notebook(path: Path, timeout: float = 120.0) -> tuple[nbformat.NotebookNode, float]:
    """The notebook run top to bottom in a fresh kernel (the file is only read), and the seconds
    it took. ``timeout``: seconds one cell may take."""
    notebook = read_notebook(path)
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
    tidy(notebook, path.stem, WIDGET_PLACEHOLDERS.get(path.parent.name, WIDGET_PLACEHOLDERS["en"]))
    return notebook, seconds


def tidy(notebook: nbformat.NotebookNode, stem: str, placeholder: str) -> None:
    """Make a rerun with the same results store the same bytes: join printed text that the
    kernel happened to send in two pieces, drop timings, give widgets stable ids."""
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        outputs: list[Any] = []
        for output in cell.get("outputs", []):
            if output.get("name") and outputs and outputs[-1].get("name") == output.name:
                outputs[-1].text += output.text  # consecutive stream outputs of one name
            else:
                outputs.append(output)
        if cell.cell_type == "code":
            cell.outputs = outputs
    views = [out.get("data", {}) for cell in notebook.cells for out in cell.get("outputs", [])]
    views = [data for data in views if WIDGET_VIEW in data]
    if not views:
        notebook.metadata.pop("widgets", None)
        return
    # ipywidgets draws random model ids: number the models in the order the outputs reach them
    widgets = notebook.metadata["widgets"][WIDGET_STATE]
    order: list[str] = []
    queue = [data[WIDGET_VIEW]["model_id"] for data in views]
    while queue:  # depth first, each model's references in the order of its sorted keys
        model = queue.pop(0)
        if model in widgets["state"] and model not in order:
            order.append(model)
            found = json.dumps(widgets["state"][model], sort_keys=True)
            queue[:0] = re.findall(MODEL_REFERENCE + r"(\w+)", found)
    order += [model for model in widgets["state"] if model not in order]  # unreferenced ones
    new = {old: hashlib.md5(f"{stem}:{i}".encode()).hexdigest() for i, old in enumerate(order)}
    rename = re.compile("|".join(order))
    widgets["state"] = json.loads(rename.sub(lambda m: new[m[0]], json.dumps(widgets["state"])))
    for data in views:
        data[WIDGET_VIEW]["model_id"] = new[data[WIDGET_VIEW]["model_id"]]
        data["text/plain"] = placeholder


def main(arguments: list[str]) -> int:
    """`make execute`: run each notebook and store its outputs; stop at the first failure."""
    for path in [Path(a).resolve() for a in arguments] or execution_order():
        try:
            notebook, seconds = run_notebook(path)
        except RunError as error:
            print(f"make execute failed: {error}", file=sys.stderr)
            return 1
        nbformat.validate(notebook)
        write_atomic(path, nbformat.writes(notebook) + "\n")  # the bytes nbformat.write stores
        print(f"{path.parent.name}/{path.name}: executed in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
