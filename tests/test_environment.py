"""pyproject.toml, requirements.lock, environment.yml and the running venv all agree.

Binder builds from environment.yml and `make test` installs requirements.lock: if they drifted
apart, the course a learner opens would not be the one these tests ran.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

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


def lock_lines() -> list[str]:
    lines = (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
    return [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]


def pins_for_this_python() -> dict[str, str]:
    """name -> pinned version, for the lock lines whose markers apply here."""
    pins = {}
    for line in lock_lines():
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate():
            (spec,) = requirement.specifier
            pins[canonicalize_name(requirement.name)] = spec.version
    return pins


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_every_lock_line_is_an_exact_pin():
    for line in lock_lines():
        specifiers = list(Requirement(line).specifier)
        assert len(specifiers) == 1 and specifiers[0].operator == "==", line


def test_every_declared_dependency_is_locked_within_its_range():
    declared = list(project()["dependencies"])
    for extra in project()["optional-dependencies"].values():
        declared += extra
    pins = pins_for_this_python()
    for text in declared:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is in pyproject.toml but not in requirements.lock"
        assert requirement.specifier.contains(pins[name]), (
            f"requirements.lock pins {name}=={pins[name]}, outside pyproject.toml's "
            f"'{requirement.specifier}': run make lock"
        )


def test_environment_yml_installs_exactly_the_lock():
    environment = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_sections = [d["pip"] for d in environment["dependencies"] if isinstance(d, dict)]
    assert pip_sections == [lock_lines()], "environment.yml differs from requirements.lock"


def test_environment_yml_python_satisfies_requires_python():
    environment = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    (python,) = [d for d in environment["dependencies"] if str(d).startswith("python=")]
    assert SpecifierSet(project()["requires-python"]).contains(python.split("=", 1)[1] + ".0")


def test_binder_installs_the_helpers_package():
    post_build = (ROOT / "postBuild").read_text(encoding="utf-8")
    assert re.search(r"pip install --no-deps -e \.", post_build)


@pytest.mark.skipif(sys.prefix == sys.base_prefix, reason="only meaningful inside the course venv")
def test_running_environment_is_the_lock():
    mismatched = {}
    for name, version in pins_for_this_python().items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = None
        if installed != version:
            mismatched[name] = (version, installed)
    assert not mismatched, f"locked vs installed: {mismatched}"
