"""The student edition (`make student`): no solution and no answer readable in plain text, while
every self-check still says "Right." to a right answer.

The answers are encoded (helpers.checks.encode_answer), which hides them from casual reading, not
from a programmer. Every answer cell of the student questions.csv is encoded; answers of 12
characters or more are searched for in the whole file (shorter ones, such as "11" or "IPCP", are
words of the articles and of other prompts). Solution boxes and the "why" of each answer are
searched for everywhere in the edition (notebooks, worksheets and site pages), except the "why" of
a self-check a notebook answers itself on purpose (its worked example, a stored "Right."), and
answers shown on purpose in a prompt (the options of a choice question).
"""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path

import build_site
import nbformat
import pytest

from helpers import check
from helpers.checks import ENCODED

ROOT = Path(__file__).resolve().parent.parent


def plain(text: str) -> str:
    """Text as a reader sees it: tags and Markdown marks removed, entities and spaces folded."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return " ".join(re.sub(r"[*_`#>|\[\]()]", " ", text).split()).casefold()


def teacher_questions() -> list[dict[str, str]]:
    with (ROOT / "data" / "questions.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("student")
    build_site.student_edition(out, execute=False, timeout=60)
    return out


def edition_texts(edition: Path) -> dict[str, str]:
    """Every readable file of the edition except data/ (searched separately), as plain text."""
    files = [*edition.glob("notebooks/**/*.ipynb"), *edition.glob("notebooks/**/*.md")]
    files += edition.glob("html/**/*.html")
    return {
        str(path.relative_to(edition)): plain(path.read_text(encoding="utf-8")) for path in files
    }


def worked_examples() -> set[str]:
    """Questions a course notebook answers itself on purpose (a stored "Right." output)."""
    shown = set()
    for path in build_site.course_notebooks(ROOT / "notebooks"):
        for cell in nbformat.read(path, as_version=4).cells:
            outputs = str(cell.get("outputs", ""))
            for question in teacher_questions() if "Right." in outputs else []:
                if re.search(rf"check\(\s*['\"]{question['question_id']}['\"]", cell.source):
                    shown.add(question["question_id"])
    return shown


def test_no_solution_box_survives(edition: Path) -> None:
    solutions = []
    for path in build_site.course_notebooks(ROOT / "notebooks"):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown":
                solutions += [plain(box) for box in build_site.SOLUTION.findall(cell.source)]
    assert solutions, "the course has no solution box: this test would prove nothing"
    texts = edition_texts(edition)
    assert not any("solution" in t for t in texts if t.startswith("notebooks/teacher")), texts
    for solution in solutions:
        body = solution.removeprefix("solution").strip()
        found = [name for name, text in texts.items() if body in text]
        assert not found, f"solution {body[:60]!r} readable in {found}"


def test_no_answer_is_readable(edition: Path) -> None:
    student = (edition / "data" / "questions.csv").read_text(encoding="utf-8")
    texts, examples = edition_texts(edition), worked_examples()
    for question in teacher_questions():
        secrets = [question["answer"], *question["accept"].split(" | "), question["why"]]
        for secret in [s.strip() for s in secrets if len(s.strip()) >= 12]:  # see the docstring
            if any(secret in q["prompt"] + q["hint"] for q in teacher_questions()):
                continue  # a choice's option, shown in its prompt by design
            assert secret not in student, f"{question['question_id']}: {secret!r} in questions.csv"
        if question["question_id"] not in examples:
            found = [name for name, text in texts.items() if plain(question["why"]) in text]
            assert not found, f"{question['question_id']}: its explanation is readable in {found}"
    encoded = re.compile(re.escape(ENCODED) + r"[A-Za-z0-9+/]+=*")
    for row in csv.DictReader(student.splitlines()):
        for key in ("answer", "accept", "why"):
            assert encoded.fullmatch(row[key]) or not row[key], (row["question_id"], key)
    assert not (edition / "notebooks" / "teacher-guide.md").exists()
    assert not (edition / "html" / "teacher-guide.html").exists()


def test_self_checks_still_work(edition: Path) -> None:
    for question in teacher_questions():
        answer: object = question["answer"]
        if question["answer_type"] == "number":
            answer = float(question["answer"])
        elif question["answer_type"] == "set":
            answer = question["answer"].split(" | ")
        feedback = check(question["question_id"], answer, data_dir=edition / "data")
        assert repr(feedback).startswith("✓ Right."), (question["question_id"], feedback)
    wrong = check("01-itpp-areas", 12, data_dir=edition / "data")
    assert not wrong.correct and "Right." not in repr(wrong)


def test_the_edition_is_runnable(edition: Path) -> None:
    from runner import run_notebook

    start = edition / "notebooks" / "00-start-here.ipynb"
    notebook, _ = run_notebook(start, timeout=120)
    outputs = " ".join(str(cell.get("outputs", "")) for cell in notebook.cells)
    assert "Right." in outputs, "the start notebook's worked self-check did not say Right."
