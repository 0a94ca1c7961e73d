"""Find the course's ``helpers`` and ``data/`` from a notebook, whether or not it is installed.

Every notebook's setup cell starts with ``import course_setup``. Jupyter runs a notebook with
its own folder as the working directory, so this file is found beside the notebooks; it puts the
course folder (the nearest parent holding ``helpers/`` and ``data/``) first on ``sys.path``.
That is all a JupyterHub with nbgitpuller, a plain Jupyter opened on the folder, or Binder
needs: no ``pip install``, no network. If a runtime package is missing it says which, in one
sentence, instead of a traceback from deep inside a notebook. A notebook in a nested folder
(``notebooks/id/``) finds it through a three-line shim beside it that runs this file. Notebooks
copied away from the course folder still run where the course is installed (``pip install -e
.``, as in ``make lab``).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

RUNTIME_PACKAGES = ("pandas", "matplotlib", "rapidfuzz", "ipywidgets")


def course_root(start: Path | None = None) -> Path | None:
    """The nearest folder at or above ``start`` that holds ``helpers/`` and ``data/``, if any."""
    here = (start or Path(__file__)).resolve()
    for folder in (here, *here.parents):
        if (folder / "helpers" / "__init__.py").is_file() and (
            folder / "data" / "datapackage.json"
        ).is_file():
            return folder
    return None


def missing_packages(names: tuple[str, ...] = RUNTIME_PACKAGES) -> list[str]:
    """The packages among ``names`` that this Python cannot import."""
    return [name for name in names if importlib.util.find_spec(name) is None]


if missing := missing_packages():
    raise ModuleNotFoundError(
        f"this course needs {', '.join(RUNTIME_PACKAGES)}; missing here: {', '.join(missing)}. "
        "Run `make lab` or `python tools/course.py lab` (README, 'Set-up without make'); "
        "on a JupyterHub ask your admin to install requirements-runtime.txt."
    )

ROOT = course_root()
if ROOT is None:
    if importlib.util.find_spec("helpers") is None:
        raise ImportError(
            f"cannot find the course folder (with helpers/ and data/) above {Path(__file__).parent}"
            " and the course is not installed: open the notebooks from the course's own folder"
        )
elif sys.path[:1] != [str(ROOT)]:  # first, so this copy wins over any installed ``helpers``
    sys.path.insert(0, str(ROOT))
