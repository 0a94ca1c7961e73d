"""pyproject.toml, requirements.lock, environment.yml and the running venv all agree.

`make test` installs requirements.lock (runtime + test tools); Binder builds environment.yml and a
hub installs requirements-runtime.txt (runtime only, same pins). If they drifted apart, the course a
learner opens would not be the one these tests ran; if the runtime set lacked something a notebook
imports, Binder and hubs would break while `make test` stayed green.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
import venv
from importlib import metadata
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import course
import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
LOCAL_MODULES = {"helpers", "course_setup"}


def lock_lines() -> list[str]:
    lines = (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
    return [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]


def environment_pins() -> list[str]:
    environment = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    (pip_section,) = [d["pip"] for d in environment["dependencies"] if isinstance(d, dict)]
    return pip_section


def pins_for_this_python(lines: list[str]) -> dict[str, str]:
    """name -> pinned version, for the lines whose markers apply here."""
    pins = {}
    for line in lines:
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate():
            (spec,) = requirement.specifier
            pins[canonicalize_name(requirement.name)] = spec.version
    return pins


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def declared_names(*groups: str) -> set[str]:
    """Package names pyproject.toml declares in `dependencies` or the named extras."""
    texts = [
        text
        for group in groups
        for text in (
            project()["dependencies"]
            if group == "dependencies"
            else project()["optional-dependencies"][group]
        )
    ]
    return {canonicalize_name(Requirement(text).name) for text in texts}


def imported_modules(source: str) -> set[str]:
    """Top-level names of absolute imports in Python source (IPython magics skipped)."""
    code = "\n".join(
        line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))
    )
    names = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def course_imports() -> dict[str, set[str]]:
    """module -> files importing it, over every notebook, course_setup.py and helpers/."""
    found: dict[str, set[str]] = {}
    sources = {
        path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8")
        for path in [ROOT / "notebooks/course_setup.py", *sorted((ROOT / "helpers").glob("*.py"))]
    }
    for path in sorted((ROOT / "notebooks").glob("**/*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        sources[path.relative_to(ROOT).as_posix()] = "\n".join(
            "".join(cell["source"]) for cell in cells if cell["cell_type"] == "code"
        )
    for name, source in sources.items():
        for module in imported_modules(source):
            found.setdefault(module, set()).add(name)
    return found


def test_every_lock_line_is_an_exact_pin():
    for line in lock_lines():
        specifiers = list(Requirement(line).specifier)
        assert len(specifiers) == 1 and specifiers[0].operator == "==", line


def test_every_declared_dependency_is_locked_within_its_range():
    declared = list(project()["dependencies"])
    for extra in project()["optional-dependencies"].values():
        declared += extra
    pins = pins_for_this_python(lock_lines())
    for text in declared:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is in pyproject.toml but not in requirements.lock"
        assert requirement.specifier.contains(pins[name]), (
            f"requirements.lock pins {name}=={pins[name]}, outside pyproject.toml's "
            f"'{requirement.specifier}': run make lock"
        )


def test_environment_yml_is_a_pinned_subset_of_the_lock():
    lock = set(lock_lines())
    strays = [pin for pin in environment_pins() if pin not in lock]
    assert not strays, f"environment.yml pins what requirements.lock does not: {strays}"
    assert len(environment_pins()) < len(lock), "environment.yml still holds the whole lock"


def test_environment_yml_holds_every_declared_runtime_package_and_no_test_tool():
    names = set(pins_for_this_python(environment_pins()))
    runtime = declared_names("dependencies", "runtime")
    assert runtime <= names, f"runtime packages missing from environment.yml: {runtime - names}"
    test_only = declared_names("test") - runtime
    assert test_only, "pyproject.toml declares no test tools: this check would prove nothing"
    assert not test_only & names, f"test-only packages in environment.yml: {test_only & names}"


def test_requirements_runtime_txt_pins_what_environment_yml_pins():
    text = (ROOT / "requirements-runtime.txt").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert lines == environment_pins(), "environment.yml is out of date: run make lock"


def test_the_import_scan_sees_imports_and_skips_magics():
    found = imported_modules(
        "%matplotlib inline\nimport a.b as c\nfrom d.e import f\nfrom . import g"
    )
    assert found == {"a", "d"}


def test_everything_the_course_imports_is_in_the_runtime_set():
    """Each third-party module a notebook or helper imports comes from a runtime package."""
    runtime = set(pins_for_this_python(environment_pins()))
    owners = metadata.packages_distributions()
    imports = course_imports()
    assert {"pandas", "helpers"} <= set(imports), "the scan found no imports: it proves nothing"
    problems = []
    for module, files in sorted(imports.items()):
        if module in sys.stdlib_module_names or module in LOCAL_MODULES:
            continue
        distributions = {canonicalize_name(d) for d in owners.get(module, [])}
        if not distributions & runtime:
            problems.append(f"{module} ({', '.join(sorted(files))}): from {distributions or '?'}")
    assert not problems, f"imported but not in environment.yml: {problems}"


def test_environment_yml_python_satisfies_requires_python():
    environment = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    (python,) = [d for d in environment["dependencies"] if str(d).startswith("python=")]
    assert SpecifierSet(project()["requires-python"]).contains(python.split("=", 1)[1] + ".0")


@pytest.mark.skipif(sys.prefix == sys.base_prefix, reason="only meaningful inside the course venv")
def test_running_environment_is_the_lock():
    mismatched = {}
    for name, version in pins_for_this_python(lock_lines()).items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = None
        if installed != version:
            mismatched[name] = (version, installed)
    assert not mismatched, f"locked vs installed: {mismatched}"


def tiny_course(root: Path) -> Path:
    """A course folder with an empty lock and a one-module package: installs in seconds."""
    (root / "tiny").mkdir(parents=True)
    (root / "tiny" / "__init__.py").write_text("", encoding="utf-8")
    (root / "requirements.lock").write_text("", encoding="utf-8")
    (root / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools>=68"]\nbuild-backend = "setuptools.build_meta"\n'
        '[project]\nname = "tiny"\nversion = "0"\n[tool.setuptools]\npackages = ["tiny"]\n',
        encoding="utf-8",
    )
    return root


def test_a_venv_without_pip_is_recognised_as_half_made(tmp_path):
    venv.create(tmp_path / "interrupted", with_pip=False)
    assert course.is_half_made(tmp_path / "interrupted")
    (tmp_path / "no-python").mkdir()
    assert course.is_half_made(tmp_path / "no-python")
    assert not course.is_half_made(tmp_path / "never-made")
    assert not course.is_half_made(Path(sys.prefix)), "this test's own venv has pip"


def test_set_up_rebuilds_a_half_made_venv_and_says_so_in_one_sentence(tmp_path, capsys):
    root = tiny_course(tmp_path / "course")
    venv.create(root / ".venv", with_pip=False)  # what Ctrl-C during venv creation leaves
    python = course.ensure_venv(root, root / ".venv")
    said = capsys.readouterr().out.splitlines()
    sentence = "is half-made (an interrupted set-up left it without pip): rebuilding it."
    assert said[0] == f"{root / '.venv'} {sentence}"
    assert not course.is_half_made(root / ".venv")
    assert subprocess.run([str(python), "-c", "import tiny"], cwd=tmp_path).returncode == 0
    assert course.ensure_venv(root, root / ".venv") == python
    assert capsys.readouterr().out == "", "a finished set-up is reused silently"


def run_hub_link(tool_root: Path, *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, str(tool_root / "tools/course.py"), "hub-link", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=tool_root)


def test_hub_link_is_an_nbgitpuller_link_to_the_start_notebook():
    repo = "https://github.com/OWNER/REPO-name.git"
    result = run_hub_link(ROOT, "https://hub.example.edu/", repo, "main")
    assert result.returncode == 0, result.stderr
    link = urlsplit(result.stdout.strip())
    assert (link.scheme, link.netloc, link.path) == (
        "https",
        "hub.example.edu",
        "/hub/user-redirect/git-pull",
    )
    assert parse_qs(link.query, strict_parsing=True) == {
        "repo": [repo],
        "urlpath": ["lab/tree/REPO-name/notebooks/00-start-here.ipynb"],
        "branch": ["main"],
    }
    assert "%2F" in link.query and "/" not in link.query, "query values must be URL-encoded"


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
@pytest.mark.parametrize(
    ("origin", "expected"),
    [
        (None, "origin is not set"),
        ("git@example.org:owner/course.git", "origin is git@example.org:owner/course.git"),
        (
            "https://example.org/owner/course.git",
            "repo=https%3A%2F%2Fexample.org%2Fowner%2Fcourse.git",
        ),
    ],
)
def test_hub_link_takes_the_address_from_origin_or_asks_for_repo(tmp_path, origin, expected):
    (tmp_path / "tools").mkdir()
    shutil.copy2(ROOT / "tools/course.py", tmp_path / "tools")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    if origin:
        subprocess.run(["git", "remote", "add", "origin", origin], cwd=tmp_path, check=True)
    result = run_hub_link(tmp_path, "https://hub.example.edu")
    assert expected in result.stdout + result.stderr
    assert (result.returncode == 0) == bool(origin and origin.startswith("https://"))
    if result.returncode:
        assert "REPO=https://" in result.stderr


def test_hub_link_without_a_hub_says_how_to_give_it():
    result = run_hub_link(ROOT, "")
    assert result.returncode != 0 and "make hub-link HUB=https://" in result.stderr


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
@pytest.mark.parametrize("target", ["lab", "test", "unit", "lint", "bench", "execute", "book"])
def test_every_make_target_is_one_call_of_course_py(target):
    planned = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True)
    assert f"tools/course.py {target}" in planned.stdout
    assert "pip install" not in planned.stdout, "set-up logic belongs in tools/course.py only"
