"""Binder and JupyterHub rehearsals: the course in a fresh venv holding only its runtime packages.

Binder builds environment.yml (then runs postBuild, if the repository has one); a hub's image
installs requirements-runtime.txt (the same pins) and nbgitpuller copies the repository into the
student's home without `pip install`. Here one fresh venv is built from exactly environment.yml's
pip section, at the Python it declares when this machine has it; the repository is copied (as a
clone holds it, not installed); every notebook runs under strict nbval in a kernel of that venv,
from `notebooks/`; JupyterLab is started in the venv and asked for the start notebook. The test
venv (with pytest, nbval and the editable install) only drives the runs: notebook code runs in
the runtime venv. Two fixtures prove the rehearsals fail when they should.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import warnings
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
import yaml

pytestmark = pytest.mark.rehearsal

ROOT = Path(__file__).resolve().parent.parent
KERNEL = "course-runtime"
START = "notebooks/00-start-here.ipynb"
CLOSURE = """
import json, sys
from importlib import metadata
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name as canonical
installed = {canonical(d.metadata["Name"]): d for d in metadata.distributions()}
needed, missing, todo, seen = set(), set(), [(n, "") for n in json.loads(sys.argv[1])], set()
while todo:
    name, extra = todo.pop()
    if (name, extra) in seen:
        continue
    seen.add((name, extra))
    if name not in installed:
        missing.add(name)
        continue
    needed.add(name)
    for text in installed[name].requires or []:
        requirement = Requirement(text)
        if requirement.marker is None or requirement.marker.evaluate({"extra": extra}):
            todo += [(canonical(requirement.name), e) for e in requirement.extras or {""}]
versions = {name: d.version for name, d in installed.items()}
print(json.dumps({"versions": versions, "needed": sorted(needed), "missing": sorted(missing)}))
"""


@dataclass(frozen=True)
class RuntimeEnv:
    """The rehearsal venv and the Jupyter path that names its kernel."""

    python: Path
    jupyter_path: Path
    pins: list[str]

    def environ(self, **extra: str) -> dict[str, str]:
        """Environment for runs in this venv: nothing of the test venv leaks in."""
        env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
        return {**env, "JUPYTER_PATH": str(self.jupyter_path), "PYTHONNOUSERSITE": "1", **extra}


def environment_yml() -> dict:
    return yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))


def binder_python() -> str:
    """The Python that environment.yml declares, if this machine has it; else this one."""
    (declared,) = [d for d in environment_yml()["dependencies"] if str(d).startswith("python=")]
    version = declared.split("=", 1)[1]
    for candidate in (sys.executable, shutil.which(f"python{version}")):
        if candidate:
            found = subprocess.run(
                [candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                capture_output=True,
                text=True,
            )
            if found.stdout.strip() == version:
                return candidate
    warnings.warn(
        f"environment.yml asks for Python {version}; rehearsing with {sys.version}", stacklevel=2
    )
    return sys.executable


def checked(command: list, **kwargs) -> subprocess.CompletedProcess:
    """Run a command; on failure show its output (pip and nbval say what went wrong)."""
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, (
        f"{command} failed:\n{result.stdout[-4000:]}{result.stderr[-4000:]}"
    )
    return result


@pytest.fixture(scope="session")
def runtime_env(tmp_path_factory) -> RuntimeEnv:
    """A fresh venv from exactly environment.yml's pip section, with a kernelspec pointing at it."""
    base = tmp_path_factory.mktemp("runtime")
    (pins,) = [d["pip"] for d in environment_yml()["dependencies"] if isinstance(d, dict)]
    requirements = base / "environment-pip.txt"
    requirements.write_text("\n".join(pins) + "\n", encoding="utf-8")
    checked([binder_python(), "-m", "venv", str(base / "venv")])
    python = base / "venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    checked([*pip, "-r", str(requirements)], timeout=900)
    kernel_dir = base / "jupyter" / "kernels" / KERNEL
    kernel_dir.mkdir(parents=True)
    spec = {
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Course runtime (rehearsal)",
        "language": "python",
    }
    (kernel_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    return RuntimeEnv(python, base / "jupyter", pins)


def copy_repository(target: Path) -> Path:
    """The files a clone holds (tracked and new, not ignored), copied; nothing is installed."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if listed.returncode != 0:  # not a git checkout (e.g. an unpacked archive): copy the folder
        ignore = shutil.ignore_patterns(".git", ".venv", "_build", "test-artifacts", "__pycache__")
        shutil.copytree(ROOT, target, ignore=ignore)
        return target
    for name in filter(None, listed.stdout.split("\0")):
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    return target


def run_nbval(copy: Path, env: RuntimeEnv, *paths: str) -> subprocess.CompletedProcess:
    """Strict nbval over ``paths`` of ``copy``, each notebook's kernel from the runtime venv."""
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "--nbval"]
    command += ["--nbval-kernel-name", KERNEL, "--nbval-sanitize-with", "tests/sanitize.cfg"]
    command += ["--nbval-cell-timeout", "300", "--rootdir", str(copy), *paths]
    return subprocess.run(command, cwd=copy, env=env.environ(), capture_output=True, text=True)


@pytest.fixture(scope="session")
def course_copy(tmp_path_factory) -> Path:
    """The repository as nbgitpuller leaves it in a student's home folder (or Binder's)."""
    return copy_repository(tmp_path_factory.mktemp("home") / "korea-nato-itpp")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str, token: str | None = None) -> tuple[int, bytes]:
    """HTTP status and body; status 0 while nothing listens yet. Never through a proxy."""
    headers = {"Authorization": f"token {token}"} if token else {}
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except urllib.error.URLError:
        return 0, b""


def test_runtime_venv_holds_exactly_what_the_course_needs(runtime_env):
    """Installed = the dependency closure of the declared runtime packages, at the lock's pins."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name
    from test_environment import declared_names  # tests/ is on sys.path (prepend mode)

    roots = sorted(declared_names("dependencies", "runtime"))  # what pyproject.toml declares
    closure = [str(runtime_env.python), "-c", CLOSURE, json.dumps(roots)]
    # run outside the course folder: its *.egg-info (from the dev install) would count as installed
    report = json.loads(checked(closure, cwd=runtime_env.python.parent).stdout)
    assert not report["missing"], f"required but not installed: {report['missing']}"
    bootstrap = {"pip", "setuptools", "wheel"}  # put there by `python -m venv`, not by the pins
    unneeded = set(report["versions"]) - set(report["needed"]) - bootstrap
    assert not unneeded, f"environment.yml installs what no runtime package needs: {unneeded}"
    marker_env = json.loads(
        checked(
            [
                str(runtime_env.python),
                "-c",
                "import json, packaging.markers as m;print(json.dumps(m.default_environment()))",
            ]
        ).stdout
    )
    for pin in runtime_env.pins:
        requirement = Requirement(pin)
        if requirement.marker is None or requirement.marker.evaluate(marker_env):
            name = canonicalize_name(requirement.name)
            (spec,) = requirement.specifier
            assert report["versions"].get(name) == spec.version, f"{pin}: pip installed otherwise"


def test_every_notebook_passes_strict_nbval_on_a_hub_and_on_binder(runtime_env, course_copy):
    """From the copied repository, no install step; then Binder's postBuild, if there is one."""
    installed = subprocess.run(
        [str(runtime_env.python), "-c", "import helpers"],
        cwd=runtime_env.python.parent,
        capture_output=True,
    )
    assert installed.returncode != 0, "the course is installed in the runtime venv"
    result = run_nbval(course_copy, runtime_env, "notebooks")
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    code_cells = sum(
        cell.cell_type == "code"
        for path in (course_copy / "notebooks").rglob("*.ipynb")  # both editions
        for cell in nbformat.read(path, as_version=4).cells
    )
    assert f"{code_cells} passed" in result.stdout, result.stdout[-2000:]
    post_build = course_copy / "postBuild"
    if post_build.exists():  # Binder runs it after the environment; the hub never does
        checked(
            ["bash", str(post_build)],
            cwd=course_copy,
            env=runtime_env.environ(
                PATH=f"{runtime_env.python.parent}{os.pathsep}{os.environ['PATH']}"
            ),
        )
        result = run_nbval(course_copy, runtime_env, "notebooks")
        assert result.returncode == 0, result.stdout[-6000:]


def test_jupyterlab_in_the_runtime_venv_serves_the_start_notebook(
    runtime_env, course_copy, tmp_path
):
    token, port = secrets.token_hex(16), free_port()
    command = [str(runtime_env.python), "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1"]
    command += [f"--port={port}", f"--IdentityProvider.token={token}"]
    command += [f"--ServerApp.root_dir={course_copy}", "--ServerApp.port_retries=0"]
    if getattr(os, "geteuid", lambda: 1)() == 0:
        command.append("--allow-root")
    dirs = {f"JUPYTER_{d}_DIR": str(tmp_path / d.lower()) for d in ("CONFIG", "DATA", "RUNTIME")}
    log = (tmp_path / "lab.log").open("w")
    server = subprocess.Popen(command, env=runtime_env.environ(**dirs), stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while get(f"{base}/api/status", token)[0] != 200:
            assert server.poll() is None, (tmp_path / "lab.log").read_text()[-3000:]
            assert time.monotonic() < deadline, "JupyterLab did not answer within 90 s"
            time.sleep(0.5)
        status, body = get(f"{base}/api/contents/{START}", token)
        assert status == 200
        notebook = json.loads(body)
        assert notebook["type"] == "notebook" and notebook["content"]["cells"]
        status, page = get(f"{base}/lab/tree/{START}?token={token}")
        assert status == 200 and b"JupyterLab" in page
        assert get(f"{base}/api/contents/{START}")[0] == 403, "served without the token"
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def test_binder_rehearsal_fails_when_a_notebook_needs_a_package_binder_lacks(runtime_env, tmp_path):
    """frictionless is in the lock (the test venv has it) but not in environment.yml."""
    import importlib.util

    assert importlib.util.find_spec("frictionless") is not None
    copy = copy_repository(tmp_path / "repo")
    fixture = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import frictionless")])
    nbformat.write(fixture, copy / "notebooks" / "99-fixture.ipynb")
    result = run_nbval(copy, runtime_env, "notebooks/99-fixture.ipynb")
    assert result.returncode != 0
    assert "No module named 'frictionless'" in result.stdout


def test_hub_rehearsal_fails_when_a_notebook_needs_the_install_step(runtime_env, tmp_path):
    """Without course_setup.py nothing puts the course on sys.path: only an install would."""
    copy = copy_repository(tmp_path / "repo")
    (copy / "notebooks" / "course_setup.py").unlink()
    result = run_nbval(copy, runtime_env, "notebooks/01-background.ipynb")
    assert result.returncode != 0
    assert re.search(r"No module named '(course_setup|helpers)'", result.stdout), result.stdout[
        -3000:
    ]
