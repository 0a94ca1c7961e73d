"""Set up and run the course on any system with Python >= 3.10: `python tools/course.py lab`.

The Makefile only calls this; on Windows (`py tools\\course.py lab`) or without make it is the
whole set-up: it creates `.venv`, installs requirements.lock into it (again only when the lock or
pyproject.toml changed), rebuilds a half-made `.venv`, then runs the command. Standard library
only, so it runs before anything is installed.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
START = "notebooks/00-start-here.ipynb"
NBVAL = ["--nbval", "--nbval-current-env", "--nbval-sanitize-with", "tests/sanitize.cfg"]
PYTEST = {  # the pytest arguments of each test command
    "test": ["tests", "notebooks", *NBVAL],
    "notebooks": ["notebooks", *NBVAL],
    "unit": ["tests", "-m", "not rehearsal"],  # the rehearsals build venvs (minutes)
}
SCRIPTS = {  # commands that run one script in the venv
    "bench": "tools/bench.py",
    "eval": "tools/bench.py --eval",
    "execute": "tools/runner.py",
    "book": "tools/build_site.py",
    "student": "tools/build_site.py --student",
}
USAGE = "commands: setup lab test unit notebooks lint " + " ".join(SCRIPTS)
USAGE += " clean | hub-link HUB [REPO [BRANCH]] (lab --edition id: the Indonesian edition)"


def start_path(edition: str = "en") -> str:
    """The start notebook of an edition: English, or a translation in notebooks/<edition>/."""
    return START if edition in ("", "en") else START.replace("notebooks/", f"notebooks/{edition}/")


def check_python() -> None:
    """Stop in one sentence when this Python is too old to build the course."""
    if sys.version_info < (3, 10):  # noqa: UP036 - runs on any Python, before the venv exists
        found = ".".join(map(str, sys.version_info[:3]))
        sys.exit(
            f"This course needs Python 3.10 or newer, but '{sys.executable}' is Python {found}. "
            "Install a newer Python (python.org or your package manager) and run this with it, "
            "e.g. `py -3.12 tools\\course.py lab` or `make PYTHON=python3.12 lab`."
        )


def venv_python(venv: Path) -> Path:
    """The interpreter inside a venv, on Windows or elsewhere."""
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def is_half_made(venv: Path) -> bool:
    """True for a `.venv` that exists but cannot install: no interpreter, or one without pip."""
    python = venv_python(venv)
    if not python.is_file():
        return venv.exists()
    probe = subprocess.run([str(python), "-m", "pip", "--version"], capture_output=True)
    return probe.returncode != 0


def ensure_venv(root: Path = ROOT, venv: Path = VENV) -> Path:
    """A `.venv` holding requirements.lock and the course (editable); returns its Python."""
    stamp = venv / ".installed"  # what it holds: the lock and pyproject.toml it was made from
    wanted = hashlib.sha256((root / "requirements.lock").read_bytes())
    wanted.update((root / "pyproject.toml").read_bytes())
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == wanted.hexdigest():
        return venv_python(venv)
    if is_half_made(venv):
        print(f"{venv} is half-made (an interrupted set-up left it without pip): rebuilding it.")
        shutil.rmtree(venv)
    if not venv.exists():
        print(f"Creating {venv} and installing the course's packages (about a minute) ...")
        run([sys.executable, "-m", "venv", str(venv)])
    pip = [str(venv_python(venv)), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    run([*pip, "-r", str(root / "requirements.lock")])
    run([*pip, "--no-deps", "-e", str(root)])
    stamp.write_text(wanted.hexdigest(), encoding="utf-8")
    return venv_python(venv)


def run(command: list[str]) -> None:
    """Run a command from the course folder; stop with its exit code if it fails."""
    code = subprocess.run(command, cwd=ROOT).returncode
    if code:
        sys.exit(code)


def origin() -> str:
    """The course's git address (remote ``origin``), or "" when there is none."""
    found = subprocess.run(["git", "remote", "get-url", "origin"], cwd=ROOT, capture_output=True)
    return found.stdout.decode().strip() if found.returncode == 0 else ""


def binder_link(repo: str, edition: str = "en") -> str:
    """The mybinder.org address opening an edition's start notebook of a GitHub repository."""
    found = re.fullmatch(r"https://github\.com/([\w.-]+)/([\w.-]+?)(?:\.git)?/?", repo)
    if not found:
        return ""
    start = start_path(edition)
    return f"https://mybinder.org/v2/gh/{found[1]}/{found[2]}/HEAD?urlpath=lab/tree/{start}"


def hub_link(hub: str, repo: str = "", branch: str = "") -> str:
    """The nbgitpuller link that clones (or updates) this course and opens its start notebook."""
    if not hub.startswith(("https://", "http://")):
        sys.exit(f"Give the hub's address: make hub-link HUB=https://hub.example.edu (got {hub!r})")
    repo = repo or origin()
    if not repo.startswith("https://"):
        sys.exit(
            f"Need the course's public https:// git address (origin is {repo or 'not set'}): "
            "give it, e.g. make hub-link HUB=... REPO=https://github.com/OWNER/REPO"
        )
    folder = repo.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    query = {"repo": repo, "urlpath": f"lab/tree/{folder}/{START}"}
    query |= {"branch": branch} if branch else {}
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{urlencode(query)}"


def lab(python: str, extra: list[str]) -> None:
    """JupyterLab on an edition's start notebook (``--edition id``: notebooks/id/00-…)."""
    options = argparse.ArgumentParser(allow_abbrev=False, add_help=False)
    options.add_argument("--edition", default="en")
    edition, extra = options.parse_known_args(extra)
    start = start_path(edition.edition)
    if not (ROOT / start).is_file():
        sys.exit(f"{start} not found: build that edition first (see locale/README.md)")
    as_root = ["--allow-root"] if getattr(os, "geteuid", lambda: 1)() == 0 else []
    print("Starting JupyterLab: open the address printed below (Ctrl-C twice to stop).")
    run([python, "-m", "jupyterlab", "--ip=127.0.0.1", "--notebook-dir=.", *as_root, *extra, start])


def main(argv: list[str]) -> None:
    check_python()
    command, extra = (argv[0], argv[1:]) if argv else ("help", [])
    if command == "hub-link":
        hub, repo, branch = [*extra, "", "", ""][:3]  # make hub-link passes all three
        print(hub_link(hub, repo, branch))
    elif command == "clean":
        for folder in (VENV, ROOT / "_build", ROOT / "test-artifacts"):
            shutil.rmtree(folder, ignore_errors=True)
    elif command not in {"setup", "lab", "lint", *PYTEST, *SCRIPTS}:
        sys.exit(f"{__doc__}\n{USAGE}; extra arguments go to the tool run")
    else:
        python = str(ensure_venv())
        if command == "lab":
            lab(python, extra)
        if command in {"test", "lint"}:
            run([python, "-m", "ruff", "check", "."])
            run([python, "-m", "ruff", "format", "--check", "."])
        if command in PYTEST:
            run([python, "-m", "pytest", *PYTEST[command], *extra])
        if command in SCRIPTS:
            run([python, *SCRIPTS[command].split(), *extra])


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except KeyboardInterrupt:
        sys.exit(130)
