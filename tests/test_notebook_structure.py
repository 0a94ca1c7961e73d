"""Every notebook follows the course's anatomy and is stored as a clean top-to-bottom run.

nbval (run by `make test` on notebooks/) proves the notebooks still run and produce the stored
outputs; these tests check what nbval cannot: the teaching structure a learner relies on.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
REQUIRED_HEADINGS = [
    "Learning objectives",
    "Prerequisites",
    "Time to complete",
    "Summary",
    "What next",
    "References",
]


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def markdown(notebook: dict) -> str:
    return "\n".join(
        "".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "markdown"
    )


def code_cells(notebook: dict) -> list[dict]:
    return [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]


def test_there_are_notebooks():
    assert PATHS, "no notebooks found in notebooks/"
    assert PATHS[0].name == "00-start-here.ipynb"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_one_title_and_the_required_sections(path):
    text = markdown(load(path))
    titles = re.findall(r"^# .+", text, flags=re.MULTILINE)
    assert len(titles) == 1, f"{path.name}: expected one H1 title, found {titles}"
    headings = re.findall(r"^##+ (.+)", text, flags=re.MULTILINE)
    for required in REQUIRED_HEADINGS:
        assert any(h.startswith(required) for h in headings), f"{path.name}: no '{required}'"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_at_least_three_self_checked_exercises_with_folded_solutions(path):
    notebook = load(path)
    checks = [c for c in code_cells(notebook) if re.search(r"\bcheck\(", "".join(c["source"]))]
    solutions = re.findall(r"<details>\s*<summary>[^<]*[Ss]olution", markdown(notebook))
    assert len(checks) >= 3, f"{path.name}: {len(checks)} check() cells, expected at least 3"
    assert len(solutions) >= 3, f"{path.name}: {len(solutions)} folded solutions, expected 3+"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_stored_as_a_clean_top_to_bottom_run(path):
    cells = code_cells(load(path))
    counts = [cell["execution_count"] for cell in cells]
    assert counts == list(range(1, len(cells) + 1)), f"{path.name}: execution counts {counts}"
    for number, cell in enumerate(cells, start=1):
        for output in cell["outputs"]:
            assert output["output_type"] != "error", f"{path.name}: code cell {number} raised"
            text = "".join(output.get("text", "")) + "".join(
                output.get("data", {}).get("text/plain", "")
            )
            assert "<Figure size" not in text, f"{path.name}: cell {number} stores <Figure ...>"
            assert "Warning" not in text, f"{path.name}: cell {number} stores a warning"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_setup_cell_finds_the_course_and_imports_helpers_one_way(path):
    """`import course_setup` first; then only `from helpers import ...`, no hand-made HTML."""
    sources = ["".join(cell["source"]) for cell in code_cells(load(path))]
    assert sources[0].startswith("import course_setup"), (
        f"{path.name}: setup cell starts with {sources[0][:40]!r}"
    )
    code = "\n".join(sources)
    assert "from helpers import" in sources[0]
    for pattern in (
        r"^import helpers\b",
        r"\bhelpers\.\w+\(",
        r"\bhtml\.escape\(",
        r"\bMarkdown\(",
    ):
        assert not re.search(pattern, code, re.MULTILINE), f"{path.name}: {pattern} in code"


def test_no_function_is_defined_in_two_notebooks():
    """Code that two notebooks need lives in helpers (helpers/views.py), not in two copies."""
    defined: dict[str, str] = {}
    for path in PATHS:
        code = "\n".join("".join(cell["source"]) for cell in code_cells(load(path)))
        for name in re.findall(r"^def (\w+)\(", code, re.MULTILINE):
            assert name not in defined, (
                f"{name}() is defined in {defined.get(name)} and {path.name}"
            )
            defined[name] = path.name


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_links_to_notebooks_resolve(path):
    for target in re.findall(r"\]\(([^)#]+\.(?:ipynb|md))", markdown(load(path))):
        assert (path.parent / target).is_file(), f"{path.name}: broken link to {target}"


def test_start_here_links_every_notebook_and_the_teacher_guide():
    text = markdown(load(NOTEBOOKS / "00-start-here.ipynb"))
    for path in PATHS[1:]:
        assert f"]({path.name})" in text, f"00-start-here does not link {path.name}"
    assert "](teacher-guide.md)" in text


@pytest.mark.parametrize("index", range(len(PATHS)), ids=[p.stem for p in PATHS])
def test_what_next_links_the_previous_and_next_notebook(index):
    text = markdown(load(PATHS[index]))
    section = re.split(r"^## What next.*$", text, flags=re.MULTILINE)[-1]
    section = re.split(r"^## ", section, flags=re.MULTILINE)[0]
    neighbours = PATHS[max(index - 1, 0) : index] + PATHS[index + 1 : index + 2]
    for neighbour in neighbours:
        assert f"]({neighbour.name})" in section, (
            f"{PATHS[index].name}: What next lacks {neighbour}"
        )


REFERENCE_LINE = re.compile(
    r"\*\*\[(?P<id>[A-Z]+\d+)\]\*\* (?P<publisher>[^*]+?)[,:] \*(?P<title>[^*]+)\*"
)


@pytest.fixture(scope="module")
def references() -> dict[str, dict[str, str]]:
    with (NOTEBOOKS.parent / "data" / "references.csv").open(encoding="utf-8") as file:
        return {row["reference_id"]: row for row in csv.DictReader(file)}


@pytest.mark.parametrize("path", [*PATHS, NOTEBOOKS / "teacher-guide.md"], ids=lambda p: p.stem)
def test_reference_lists_written_in_prose_match_references_csv(path, references):
    """Reference lists typed into Markdown must say what data/references.csv says."""
    text = path.read_text(encoding="utf-8") if path.suffix == ".md" else markdown(load(path))
    for line in REFERENCE_LINE.finditer(text):
        where = f"{path.name}: reference [{line['id']}]"
        assert line["id"] in references, f"{where} is not in data/references.csv"
        row = references[line["id"]]
        assert line["title"] == row["title"], f"{where} title {line['title']!r} != {row['title']!r}"
        assert line["publisher"] == row["publisher"], (
            f"{where} publisher {line['publisher']!r} != {row['publisher']!r}"
        )
