"""Run notebooks in a fresh kernel, the one way `make execute`, `make book` and `make bench` do.

`make execute` (``python tools/runner.py [notebook ...]``; default: all, every edition) stores
the outputs of a clean run in each notebook, so that an unchanged rerun writes the same bytes.
"""

import atexit
import functools
import gettext
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
from nbclient.exceptions import CellExecutionError
from nbconvert.filters import strip_ansi
from nbconvert.preprocessors import CoalesceStreamsPreprocessor

from helpers.i18n import LANGUAGES, SITE_DOMAIN, read_catalogue
from helpers.sources import write_atomic

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


class RunError(Exception):
    """A notebook could not be run; the message names the notebook and the cell."""


def course_notebooks(folder: Path) -> list[Path]:
    """The course notebooks (``NN-name.ipynb``) of a folder, in reading order."""
    return sorted(folder.glob("[0-9][0-9]-*.ipynb"))


def edition_folders(folder: Path = NOTEBOOKS) -> dict[str, Path]:
    """Each edition's notebook folder: English (``folder``), then ``folder/<lang>`` for each
    translation that has notebooks."""
    translations = {lang: folder / lang for lang in LANGUAGES if lang != "en"}
    return {"en": folder} | {
        lang: path for lang, path in translations.items() if course_notebooks(path)
    }


def execution_order(folder: Path = NOTEBOOKS) -> list[Path]:
    """Each edition's notebooks, English first; 00-start-here last (its map reads the others)."""
    order = []
    for edition in edition_folders(folder).values():
        order += sorted(course_notebooks(edition), key=lambda p: p.stem == "00-start-here")
    return order


def read_notebook(path: Path) -> nbformat.NotebookNode:
    """The notebook as stored, or a RunError naming the file."""
    try:
        return nbformat.read(path, as_version=4)
    except Exception as error:  # nbformat raises JSON, validation and OS errors
        raise RunError(f"{path}: not a readable notebook ({error})") from None


def _poll_in_slices(channel: Any, step: float = 0.25) -> None:
    """Poll ``channel`` in short slices within the same overall timeout: one long zmq poll
    sometimes misses its wake-up after widget messages and waits out the cell (nbclient#312)."""
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
    """A python3 kernel on Unix sockets (Windows keeps TCP): a TCP port jupyter_client picks can
    be taken before the kernel binds it, which kills the kernel (jupyter_client#154, #487)."""
    unix = {} if os.name == "nt" else {"transport": "ipc", "ip": os.path.join(sockets, "k")}
    return AsyncKernelManager(kernel_name="python3", **unix)


def run_notebook(path: Path, timeout: int = 120) -> tuple[nbformat.NotebookNode, float]:
    """The notebook run top to bottom in a fresh kernel started in its folder (the file is only
    read), and the seconds it took. ``timeout``: seconds one cell may take."""
    notebook = read_notebook(path)
    running: dict[str, Any] = {}  # nbclient's on_cell_start fills in "cell" and "cell_index"

    def where() -> str:
        if not running:
            return f"{path.name}: before its first cell"
        first = (running["cell"].source.strip().splitlines() or [""])[0].strip()
        number = running["cell_index"] + 1
        return f"{path.name}: cell {number} (counting all cells from 1), starting {first!r}"

    def poll_in_slices(**_: Any) -> None:
        for channel in (client.kc.shell_channel, client.kc.iopub_channel):
            _poll_in_slices(channel)

    with tempfile.TemporaryDirectory(prefix="kernel-") as sockets, tempfile.TemporaryFile() as log:
        client = NotebookClient(
            notebook,
            km=_kernel_manager(sockets),
            timeout=timeout,
            startup_timeout=120,
            resources={"metadata": {"path": str(path.parent)}},
            store_widget_state=True,
            on_cell_start=lambda **hook: running.update(hook),
            on_notebook_start=poll_in_slices,
        )
        started = time.perf_counter()
        try:
            # cleanup_kc: stop the kernel (not done for a manager we pass); its output: the log
            client.execute(cleanup_kc=True, stdout=log, stderr=log)
        except CellExecutionError as error:
            tail = "\n".join(strip_ansi(str(error)).strip().splitlines()[-25:])
            raise RunError(f"{where()} raised {error.ename}: {error.evalue}\n{tail}") from None
        except TimeoutError as error:  # nbclient's CellTimeoutError is one
            raise RunError(f"{where()} did not finish in time: {error}") from None
        except RuntimeError as error:  # nbclient's DeadKernelError, or a kernel that did not start
            log.seek(0)
            notices = log.read().decode(errors="replace").splitlines()[-20:]
            raise RunError(f"{where()}: the kernel died ({error})\n" + "\n".join(notices)) from None
        finally:  # nbclient leaves this registered when the kernel did not start
            atexit.unregister(client._cleanup_kernel)
    seconds = time.perf_counter() - started
    tidy(notebook, path)
    return notebook, seconds


@functools.cache
def site_words(lang: str) -> gettext.NullTranslations:
    """The site's words (site.po) in an edition's language; English for a folder name that is
    no language (notebooks/)."""
    return read_catalogue(lang if lang in LANGUAGES else "en", SITE_DOMAIN)


def widget_placeholder(lang: str) -> str:
    """What GitHub shows instead of an interactive control, in an edition's language."""
    return site_words(lang).gettext(
        "[An interactive control (menu or slider) is here when the notebook runs in JupyterLab "
        "or on Binder. The stored output after it shows one setting.]"
    )


def tidy(notebook: nbformat.NotebookNode, path: Path) -> None:
    """Make a rerun with the same results store the same bytes: join printed text that the
    kernel happened to send in pieces, drop timings, give widgets stable ids and placeholders."""
    CoalesceStreamsPreprocessor().preprocess(notebook, {})
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    outputs = [out for cell in notebook.cells for out in cell.get("outputs", [])]
    views = [out.data for out in outputs if WIDGET_VIEW in out.get("data", {})]
    if not views:
        notebook.metadata.pop("widgets", None)
        return
    # ipywidgets draws random model ids: number the models in the order the outputs reach them
    widgets = notebook.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]
    order: list[str] = []
    queue = [data[WIDGET_VIEW]["model_id"] for data in views]
    while queue:  # depth first, each model's references in the order of its sorted keys
        model = queue.pop(0)
        if model in widgets["state"] and model not in order:
            order.append(model)
            found = json.dumps(widgets["state"][model], sort_keys=True)
            queue[:0] = re.findall(r"IPY_MODEL_(\w+)", found)  # how one model names another
    order += [model for model in widgets["state"] if model not in order]  # unreferenced ones
    new = {old: hashlib.md5(f"{path.stem}:{i}".encode()).hexdigest() for i, old in enumerate(order)}
    renamed = re.sub("|".join(order), lambda m: new[m[0]], json.dumps(widgets["state"]))
    widgets["state"] = json.loads(renamed)
    for data in views:
        data[WIDGET_VIEW]["model_id"] = new[data[WIDGET_VIEW]["model_id"]]
        data["text/plain"] = widget_placeholder(path.parent.name)


def save_notebook(path: Path, notebook: nbformat.NotebookNode) -> None:
    """Store a valid notebook as the bytes ``nbformat.write`` stores, replacing the file whole."""
    nbformat.validate(notebook)
    write_atomic(path, nbformat.writes(notebook) + "\n")


def main(arguments: list[str]) -> int:
    """`make execute`: run each notebook and store its outputs; stop at the first failure."""
    for path in [Path(a).resolve() for a in arguments] or execution_order():
        try:
            notebook, seconds = run_notebook(path)
        except RunError as error:
            print(f"make execute failed: {error}", file=sys.stderr)
            return 1
        save_notebook(path, notebook)
        print(f"{path.parent.name}/{path.name}: executed in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
