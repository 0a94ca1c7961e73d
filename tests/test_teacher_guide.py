"""The teacher guide works in a room: plans that fit the clock, answers to every task, live links.

- There are plans of 45 and of 90 minutes (more than one may have the same length), and each
  plan whose heading states its minutes tiles 0 to that length without gaps or overlaps,
  set-up first and exit ticket last.
- The answer key lists every self-check of ``data/questions.csv`` with its answer and why; it is
  generated from the data (``UPDATE_ANSWER_KEY=1`` rewrites the block in the guide).
- Every "Try it" task of every notebook has a model answer, and so does the exit ticket.
- Every relative link of the guide and the worksheets resolves; worksheets hold no solutions.
- The guide uses the current helper for checking a claim, ``claim_check``.
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import re
from pathlib import Path

import pytest

import helpers

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
GUIDE = NOTEBOOKS / "teacher-guide.md"
WORKSHEETS = sorted((NOTEBOOKS / "worksheets").glob("*.md"))
BEGIN = "<!-- answer key: begin (generated from data/questions.csv; do not edit by hand) -->"
END = "<!-- answer key: end -->"
MARKUP_IN_DATA = re.compile(r"[<>&`*]|\]\(")
TRY_IT = re.compile(r"^(?:#+\s*(Try it[^\n]*)|\*\*(Try it[^*]*)\*\*)", re.MULTILINE)


def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def questions() -> list[dict[str, str]]:
    with open(ROOT / "data" / "questions.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def section(text: str, heading: str) -> str:
    """The text under one '## ' heading, up to the next heading of level 2.

    A heading that is the whole line wins over one that only starts with it, so that
    "A 45-minute lesson" is not taken for "A 45-minute lesson on notebook 06".
    """
    parts = re.split(r"^## ", text, flags=re.MULTILINE)
    found = [part for part in parts if part.split("\n", 1)[0].strip() == heading] or [
        part for part in parts if part.startswith(heading)
    ]
    assert found, f"teacher-guide.md: no section '## {heading}'"
    return found[0]


# ----------------------------------------------------------------------------- plans


def timed_plans() -> list[tuple[str, int]]:
    """(heading, length) of every section whose heading names a length in minutes."""
    headings = re.findall(r"^## (.*?(\d+)-minute.*)$", guide(), flags=re.MULTILINE)
    return [(heading, int(length)) for heading, length in headings]


def plan_tables() -> list[tuple[str, int, list[tuple[int, int]]]]:
    """Every plan table: its section, its length, and the minute ranges of its rows."""
    plans = []
    plan_b = section(guide(), "Plan B")
    for heading, length in [*timed_plans(), ("Plan B", 45)]:
        text = plan_b if heading == "Plan B" else section(guide(), heading)
        ranges = [(int(a), int(b)) for a, b in re.findall(r"^\| (\d+)–(\d+) \|", text, re.M)]
        plans.append((heading, length, ranges))
    return plans


def test_there_are_plans_for_45_and_90_minutes_and_a_plan_b():
    headings = [heading for heading, _ in timed_plans()]
    assert len(headings) == len(set(headings)), (
        f"teacher-guide.md: a plan heading repeats: {headings}"
    )
    assert {length for _, length in timed_plans()} == {45, 90}
    assert "_build/html" in section(guide(), "Plan B")


def test_every_table_of_minutes_belongs_to_a_checked_plan():
    """A plan whose heading states no minutes would escape the tiling checks."""
    checked = [heading for heading, _, _ in plan_tables()]
    for part in re.split(r"^## ", guide(), flags=re.MULTILINE)[1:]:
        heading = part.split("\n", 1)[0].strip()
        if re.search(r"^\| \d+–\d+ \|", part, re.M):
            assert any(heading.startswith(name) for name in checked), (
                f"teacher-guide.md: '## {heading}' has a table of minutes but its heading does "
                "not say 'N-minute', so no test checks it"
            )


@pytest.mark.parametrize("plan", plan_tables(), ids=lambda plan: plan[0])
def test_a_plan_s_minutes_tile_its_length(plan):
    heading, length, ranges = plan
    assert ranges, f"{heading}: no rows with minutes like '0–5'"
    assert ranges[0][0] == 0, f"{heading}: starts at minute {ranges[0][0]}, not 0"
    for (_, end), (start, _) in itertools.pairwise(ranges):
        assert start == end, f"{heading}: a row ends at {end}, the next starts at {start}"
    for start, end in ranges:
        assert start < end, f"{heading}: the row {start}–{end} has no time"
    assert ranges[-1][1] == length, f"{heading}: ends at minute {ranges[-1][1]}, not {length}"


def test_each_plan_counts_set_up_and_ends_with_the_exit_ticket():
    for heading, _, _ in plan_tables():
        text = section(guide(), heading)
        rows = re.findall(r"^\| \d+–\d+ \|(.*)$", text, re.M)
        assert "Set-up" in rows[0], f"{heading}: the first row is not the set-up"
        assert "Exit ticket" in rows[-1], f"{heading}: the last row is not the exit ticket"


# ----------------------------------------------------------------------------- answer key


def shown(value: str) -> str:
    """A value as a learner types it: text in quotes (JSON-style), numbers as they are."""
    return json.dumps(value, ensure_ascii=False)


def model_answer(row: dict[str, str]) -> str:
    kind, answer = row["answer_type"], row["answer"]
    alternatives = [a for a in row["accept"].split(" | ") if a]
    if kind == "number":
        typed = f"`{answer}`"
        also = ", ".join(f"`{a}`" for a in alternatives)
    elif kind == "set":
        typed = "`[" + ", ".join(shown(item) for item in answer.split(" | ")) + "]`"
        also = ", ".join(
            f"`{shown(alias)}` for {item}"
            for alias, item in (a.split("=", 1) for a in alternatives)
        )
    else:
        typed = f"`{shown(answer)}`"
        also = ", ".join(f"`{shown(a)}`" for a in alternatives)
    return f"{typed}" + (f" (also accepted: {also})" if also else "")


def render_answer_key(rows: list[dict[str, str]]) -> str:
    """The answer key in Markdown, one list per notebook, in the order of questions.csv."""
    lines: list[str] = []
    for notebook in sorted({row["notebook"] for row in rows}):
        lines += ["", f"**{notebook}**", ""]
        for row in (r for r in rows if r["notebook"] == notebook):
            lines.append(
                f"- `{row['question_id']}`: {row['prompt']}\n"
                f"  - **Model answer:** {model_answer(row)}. {row['why']} "
                f"(Sources: {row['source']}.)"
            )
    return "\n".join([BEGIN, *lines, "", END])


def test_question_text_needs_no_escaping_in_the_answer_key():
    """The key copies questions.csv verbatim, so nothing in it may read as Markdown or HTML."""
    for row in questions():
        for field in ("prompt", "answer", "accept", "why", "source"):
            found = MARKUP_IN_DATA.search(row[field])
            assert not found, (
                f"data/questions.csv, question {row['question_id']}, field '{field}': "
                f"{found.group(0)!r} would be read as markup in the teacher guide's answer key"
            )


def test_the_answer_key_is_generated_from_the_questions():
    text, expected = guide(), render_answer_key(questions())
    assert BEGIN in text and END in text, "teacher-guide.md: the answer-key markers are missing"
    current = text[text.index(BEGIN) : text.index(END) + len(END)]
    if current != expected and os.environ.get("UPDATE_ANSWER_KEY") == "1":
        GUIDE.write_text(text.replace(current, expected), encoding="utf-8")
        current = expected
    assert current == expected, (
        "teacher-guide.md: the answer key differs from data/questions.csv; rerun this test with "
        "UPDATE_ANSWER_KEY=1 to rewrite it"
    )


def test_every_self_check_has_a_model_answer():
    key = guide().split(BEGIN, 1)[-1].split(END, 1)[0]
    for row in questions():
        assert row["why"].strip(), f"questions.csv: {row['question_id']} has no 'why'"
        assert f"`{row['question_id']}`: " in key, (
            f"teacher-guide.md: no model answer for {row['question_id']}"
        )


# ----------------------------------------------------------------------------- other answers


def try_it_tasks() -> list[tuple[str, str]]:
    """(notebook number, task title) of every 'Try it' task in the notebooks."""
    tasks = []
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        for heading, bold in TRY_IT.findall(text):
            tasks.append((path.name[:2], (heading or bold).strip().rstrip(":.")))
    return tasks


def test_every_try_it_task_has_a_model_answer():
    answers = section(guide(), "Model answers")
    assert try_it_tasks(), "no 'Try it' tasks found in the notebooks"
    for number, title in try_it_tasks():
        assert f"**{number} — {title}" in answers, (
            f"teacher-guide.md: no model answer headed '**{number} — {title}'"
        )


def test_the_exit_ticket_has_a_model_answer():
    answers = section(guide(), "Model answers")
    assert "### The exit ticket" in answers
    ticket = answers.split("### The exit ticket", 1)[1].split("###", 1)[0]
    assert re.search(r"`d\d\d`", ticket), "the exit ticket's model answer cites no finding"


def test_the_guide_checks_claims_with_the_current_helper():
    text = guide()
    assert "verify(" not in text, "verify() is gone: use claim_check(corpus, claim_id)"
    for name in re.findall(r"`(claim_check)\(", text):
        assert hasattr(helpers, name)


# ----------------------------------------------------------------------------- links, sheets


@pytest.mark.parametrize("path", [GUIDE, *WORKSHEETS], ids=lambda p: p.name)
def test_relative_links_resolve(path):
    text = path.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if re.match(r"[a-z]+:", target):
            continue
        assert (path.parent / target).exists(), f"{path.name}: broken link to {target}"


def test_in_page_links_of_the_guide_name_a_heading():
    """Anchors are heading slugs, as the site builder and GitHub make them."""
    text = guide()
    slugs = {
        re.sub(r"[^\w]+", "-", heading.lower()).strip("-")
        for heading in re.findall(r"^#+ (.+)$", text, flags=re.MULTILINE)
    }
    for anchor in re.findall(r"\]\(#([^)]+)\)", text):
        assert anchor in slugs, f"teacher-guide.md: no heading for the link #{anchor}"


def test_the_guide_links_every_worksheet():
    assert WORKSHEETS, "no worksheets in notebooks/worksheets/"
    for sheet in WORKSHEETS:
        assert f"](worksheets/{sheet.name})" in guide(), f"the guide does not link {sheet.name}"


@pytest.mark.parametrize("path", WORKSHEETS, ids=lambda p: p.name)
def test_a_worksheet_holds_no_solutions(path):
    text = path.read_text(encoding="utf-8")
    for marker in ("<details", "Model answer", "Solution", "Expected:"):
        assert marker not in text, f"{path.name} contains {marker!r}: answers belong in the guide"
    for row in questions():
        if len(row["why"]) > 40:
            assert row["why"][:40] not in text, (
                f"{path.name} copies the answer to {row['question_id']}"
            )
