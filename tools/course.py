"""Set up and run the course on any system with Python >= 3.10: `python tools/course.py lab`.

The Makefile calls this; on Windows (`py tools\\course.py lab`) or anywhere without make it is the
whole set-up. It creates `.venv` beside the course, installs requirements.lock into it (again only
when the lock or pyproject.toml changed), rebuilds a half-made `.venv`, then runs the command.
Standard library only, so it runs before anything is installed.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
NBVAL = ["--nbval", "--nbval-current-env", "--nbval-sanitize-with", "tests/sanitize.cfg"]
LINT = [["ruff", "check", "."], ["ruff", "format", "--check", "."]]
START = "notebooks/00-start-here.ipynb"


def start_notebook(edition: str = "en") -> str:
    """The start notebook of an edition: English, or a translation in notebooks/<edition>/."""
    return START if edition in ("", "en") else START.replace("notebooks/", f"notebooks/{edition}/")


TOOLS = {"bench": "bench.py", "execute": "runner.py", "book": "build_site.py"}
TOOLS |= {"student": "build_site.py --student"}
EVAL = [  # make eval: each gold scorer on its development set, then on its held-out sets
    ["tests/gold/score_text.py"],
    ["tests/gold/score_text.py", "--gold", "tests/gold/heldout/pages"],
    ["tests/gold/score_text.py", "--gold", "tests/gold/heldout2/pages"],
    ["tests/gold/score_alignment.py"],
    ["tests/gold/score_alignment.py", "--gold", "tests/gold/heldout/alignment"],
    ["tests/gold/score_alignment.py", "--gold", "tests/gold/heldout2/alignment"],
]


def machine() -> str:
    """One line naming the machine, printed before any figure (make bench, make eval)."""
    info = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").is_file() else ""
    cpu = re.search(r"^model name\s*:\s*(.+)$", info, re.M)
    return (
        f"machine: {os.cpu_count()} cores, {cpu[1] if cpu else platform.processor() or '?'}, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


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
    if not venv.exists():
        return False
    python = venv_python(venv)
    if not python.is_file():
        return True
    probe = subprocess.run([str(python), "-m", "pip", "--version"], capture_output=True)
    return probe.returncode != 0


def wanted_stamp(root: Path) -> str:
    """Fingerprint of what the venv must hold; the install is redone when it changes."""
    files = (root / "requirements.lock", root / "pyproject.toml")
    return hashlib.sha256(b"".join(path.read_bytes() for path in files)).hexdigest()


def heal(venv: Path) -> None:
    """Remove a half-made venv so that it is built again, saying so in one sentence."""
    if is_half_made(venv):
        print(f"{venv} is half-made (an interrupted set-up left it without pip): rebuilding it.")
        shutil.rmtree(venv)


def ensure_venv(root: Path = ROOT, venv: Path = VENV) -> Path:
    """A `.venv` holding requirements.lock and the course (editable); returns its Python."""
    stamp, wanted = venv / ".installed", wanted_stamp(root)
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == wanted:
        return venv_python(venv)
    heal(venv)
    if not venv.exists():
        print(f"Creating {venv} and installing the course's packages (about a minute) ...")
        run([sys.executable, "-m", "venv", str(venv)])
    pip = [str(venv_python(venv)), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    run([*pip, "-r", str(root / "requirements.lock")])
    run([*pip, "--no-deps", "-e", str(root)])
    stamp.write_text(wanted, encoding="utf-8")
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
    """The mybinder.org address that opens an edition's start notebook of a GitHub repository,
    or "" elsewhere."""
    found = re.fullmatch(r"https://github\.com/([\w.-]+)/([\w.-]+?)(?:\.git)?/?", repo)
    start = start_notebook(edition)
    return (
        f"https://mybinder.org/v2/gh/{found[1]}/{found[2]}/HEAD?urlpath=lab/tree/{start}"
        if found
        else ""
    )


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
    if branch:
        query["branch"] = branch
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{urlencode(query)}"


def main(argv: list[str]) -> None:
    check_python()
    command, extra = (argv[0], argv[1:]) if argv else ("help", [])
    if command == "hub-link":
        print(hub_link(*[*extra, "", "", ""][:3]))
        return
    if command == "clean":
        for folder in (VENV, ROOT / "_build", ROOT / "test-artifacts"):
            shutil.rmtree(folder, ignore_errors=True)
        return
    if command not in {"setup", "lab", "test", "unit", "notebooks", "lint", "eval", *TOOLS}:
        sys.exit(
            __doc__ + "\ncommands: setup lab test unit notebooks lint eval bench execute book "
            "student clean | hub-link HUB [REPO [BRANCH]]; extra arguments go to the tool run "
            "(lab --edition id: the Indonesian edition)"
        )
    python = str(ensure_venv())
    if command == "lab":
        options = argparse.ArgumentParser(allow_abbrev=False, add_help=False)
        options.add_argument("--edition", default="en")  # lab --edition id: notebooks/id/00-…
        edition, extra = options.parse_known_args(extra)
        start = start_notebook(edition.edition)
        if not (ROOT / start).is_file():
            sys.exit(f"{start} not found: build that edition first (see locale/README.md)")
        root_user = getattr(os, "geteuid", lambda: 1)() == 0
        print("Starting JupyterLab: open the address printed below (Ctrl-C twice to stop).")
        lab = [python, "-m", "jupyterlab", "--ip=127.0.0.1", "--notebook-dir=."]
        run([*lab, *(["--allow-root"] if root_user else []), *extra, start])
    if command in {"test", "lint"}:
        for lint in LINT:
            run([python, "-m", *lint])
    if command in {"test", "unit", "notebooks"}:
        paths = {"test": ["tests", "notebooks", *NBVAL], "notebooks": ["notebooks", *NBVAL]}
        quick = ["tests", "-m", "not rehearsal"]  # unit: the rehearsals build venvs (minutes)
        run([python, "-m", "pytest", *paths.get(command, quick), *extra])
    if command == "eval":
        print(machine(), flush=True)
        for scorer in EVAL:
            print(f"\n$ {' '.join(scorer)}", flush=True)
            run([python, *scorer, *extra])
    if command in TOOLS:
        run([python, *f"tools/{TOOLS[command]}".split(), *extra])


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except KeyboardInterrupt:
        sys.exit(130)
