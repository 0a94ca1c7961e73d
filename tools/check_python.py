"""Stop early, in one sentence, when the Python that will build the course is too old."""

import sys

if sys.version_info < (3, 10):  # noqa: UP036 - runs on any Python, before the venv exists
    found = ".".join(map(str, sys.version_info[:3]))
    sys.exit(
        f"This course needs Python 3.10 or newer, but '{sys.executable}' is Python {found}. "
        "Install a newer Python (python.org or your package manager), "
        "or point make at one: make PYTHON=python3.12 test"
    )
