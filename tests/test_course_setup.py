"""notebooks/course_setup.py: notebooks find this course's helpers and data without installation.

A hub pulls the repository with nbgitpuller and never runs `pip install`; a learner may open the
folder in any Jupyter. These tests run course_setup in fresh interpreters, from copies of the
course, so the editable install of the test venv cannot make them pass by accident.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SETUP = ROOT / "notebooks" / "course_setup.py"
PROBE = (
    "import course_setup, helpers\n"
    "print(course_setup.ROOT)\n"
    "print(helpers.__file__)\n"
    "print(helpers.load_corpus().data_dir)\n"
)


def copy_course(target: Path) -> Path:
    """helpers/, data/ and notebooks/course_setup.py copied to ``target``, nothing installed."""
    shutil.copytree(ROOT / "helpers", target / "helpers", ignore=shutil.ignore_patterns("__py*"))
    shutil.copytree(ROOT / "data", target / "data")
    (target / "notebooks").mkdir()
    shutil.copy2(SETUP, target / "notebooks")
    return target


def run_python(code: str, cwd: Path, *flags: str) -> subprocess.CompletedProcess:
    """A fresh interpreter in ``cwd``, as Jupyter starts a kernel in a notebook's folder."""
    return subprocess.run(
        [sys.executable, *flags, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def load_module():
    spec = importlib.util.spec_from_file_location("course_setup_under_test", SETUP)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_copy_uses_its_own_helpers_and_data(tmp_path):
    course = copy_course(tmp_path / "course")
    result = run_python(PROBE, course / "notebooks")
    assert result.returncode == 0, result.stderr
    root, helpers_file, data_dir = result.stdout.split("\n")[:3]
    assert Path(root) == course.resolve()
    assert Path(helpers_file).is_relative_to(course.resolve())
    assert Path(data_dir).resolve() == (course / "data").resolve()


def test_a_notebook_in_a_nested_folder_finds_the_course_root(tmp_path):
    course = copy_course(tmp_path / "course")
    nested = course / "notebooks" / "id"
    nested.mkdir()
    shutil.copy2(SETUP, nested)
    result = run_python(PROBE, nested)
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.split("\n")[0]) == course.resolve()


def test_outside_a_course_folder_it_uses_the_installed_course(tmp_path):
    """A notebook copied elsewhere (as the browser test does) runs where the course is installed."""
    shutil.copy2(SETUP, tmp_path)
    result = run_python(PROBE, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[0] == "None"
    assert Path(result.stdout.split("\n")[1]).is_relative_to(ROOT)


def test_outside_a_course_folder_and_not_installed_it_says_where_to_open_the_notebooks(tmp_path):
    shutil.copy2(SETUP, tmp_path)
    # sys.modules[name] = None makes `helpers` unimportable, as in a Python without the course
    result = run_python("import sys; sys.modules['helpers'] = None; import course_setup", tmp_path)
    assert result.returncode != 0
    assert "cannot find the course folder (with helpers/ and data/)" in result.stderr
    assert "open the notebooks from the course's own folder" in result.stderr


def test_without_the_runtime_packages_one_sentence_names_them(tmp_path):
    course = copy_course(tmp_path / "course")
    # -S: no site-packages, as in a Python where the course's packages were never installed
    result = run_python("import course_setup", course / "notebooks", "-S")
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("ModuleNotFoundError: this course needs pandas, matplotlib")
    assert "missing here: pandas" in last_line
    assert "requirements-runtime.txt" in last_line


def test_missing_packages_names_only_what_cannot_be_imported():
    module = load_module()
    assert module.missing_packages() == []
    assert module.missing_packages(("pandas", "no_such_package_for_this_course")) == [
        "no_such_package_for_this_course"
    ]


@pytest.mark.parametrize("start", ["notebooks", "notebooks/id", "helpers"])
def test_course_root_walks_up_from_any_folder_of_the_course(tmp_path, start):
    course = copy_course(tmp_path / "course")
    (course / start).mkdir(parents=True, exist_ok=True)
    assert load_module().course_root(course / start) == course.resolve()
