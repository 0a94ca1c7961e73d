"""The time estimates: counted as documented, and stated in every notebook's time section.

helpers/timing.py says how a notebook's minutes are estimated for the target reader (English as
a second language). These tests check the counting on small notebooks built here, and that each
course notebook's "Time to complete" section states minutes that agree with the estimate
(within ``AGREEMENT_MINUTES``), or points to the course map in 00 instead of stating a number.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

from helpers.timing import (
    AGREEMENT_MINUTES,
    COURSE_NOTEBOOKS,
    MINUTES_PER_CODE_CELL,
    MINUTES_PER_FIGURE,
    MINUTES_PER_SELF_CHECK,
    MINUTES_PER_TRY_IT,
    READING_WPM,
    ROUND_TO,
    course_times,
    estimate_minutes,
    notebook_time,
    words_read,
)

PATHS = sorted(COURSE_NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))


def markdown_cell(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def code_cell(source: str, outputs: list[dict] | None = None) -> dict:
    return {
        "cell_type": "code",
        "metadata": {},
        "source": source,
        "outputs": outputs or [],
        "execution_count": None,
    }


def write_notebook(folder: Path, name: str, cells: list[dict]) -> Path:
    path = folder / name
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4}), encoding="utf-8")
    return path


def test_words_are_what_a_reader_reads():
    assert words_read("Kerja sama dengan NATO") == 4
    assert words_read("<td>pertahanan siber</td><style>td {color: red}</style>") == 2
    assert words_read("see [the guide](teacher-guide.md) or https://example.org/x") == 4
    assert words_read("Asia-Pasifik and Yoon's") == 3  # hyphen and apostrophe join a word
    assert words_read("| 0 | 696 | 2023 |") == 0  # bare numbers are glanced at, not read


def test_a_small_notebook_is_timed_as_documented(tmp_path):
    prose = " ".join(["kata"] * 300)
    table = "<table><tr><td>" + " ".join(["isi"] * 60) + "</td></tr></table>"
    cells = [
        markdown_cell(f"# A title\n\n{prose}"),
        code_cell("import course_setup"),
        code_cell("show()", [{"output_type": "execute_result", "data": {"text/html": table}}]),
        code_cell("figure()", [{"output_type": "display_data", "data": {"image/png": "AAAA"}}]),
        markdown_cell("### Try it: one area at a time\n\nChoose an area."),
        code_cell("check('00-x', 2)"),
    ]
    counted = notebook_time(write_notebook(tmp_path, "09-small.ipynb", cells))
    assert (counted.title, counted.words, counted.code_cells) == ("A title", 372, 4)
    assert (counted.figures, counted.self_checks, counted.try_it_tasks) == (1, 1, 1)
    exact = (
        372 / READING_WPM
        + 4 * MINUTES_PER_CODE_CELL
        + MINUTES_PER_FIGURE
        + MINUTES_PER_SELF_CHECK
        + MINUTES_PER_TRY_IT
    )
    assert counted.exact_minutes == pytest.approx(exact)
    assert counted.minutes == math.ceil(exact / ROUND_TO) * ROUND_TO
    assert counted.minutes % ROUND_TO == 0 and counted.minutes >= exact


def test_a_live_widget_output_is_not_counted_twice(tmp_path):
    view = {"output_type": "display_data", "data": {"text/plain": "satu dua tiga"}}
    live = code_cell("# NBVAL_IGNORE_OUTPUT\nwidgets.interact(view)", [view])
    stored = code_cell("view()", [view])
    counted = notebook_time(write_notebook(tmp_path, "09-widget.ipynb", [live, stored]))
    assert counted.words == 3 and counted.code_cells == 2


def test_a_notebook_that_is_not_one_is_named(tmp_path):
    broken = tmp_path / "09-broken.ipynb"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match=r"09-broken\.ipynb: not a readable notebook"):
        estimate_minutes(broken)


def test_the_course_table_has_every_notebook_and_a_total():
    table = course_times()
    assert list(table.index[:-1]) == [path.stem for path in PATHS]
    assert table.index[-1] == "whole course"
    for column in table.columns:
        assert table.loc["whole course", column] == table[column].iloc[:-1].sum()
    for path in PATHS:
        assert table.loc[path.stem, "minutes"] == estimate_minutes(path)


def test_an_empty_folder_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="no notebooks"):
        course_times(tmp_path)


def time_section(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    match = re.search(r"^##+ Time to complete\s*\n(.*?)(?=^#|\Z)", text, re.M | re.S)
    assert match, f"{path.name}: no 'Time to complete' section"
    return match.group(1)


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_time_to_complete_agrees_with_the_estimate(path):
    """The first "N minutes" (or "N hours") of the section is this notebook's own time."""
    section, estimate = time_section(path), estimate_minutes(path)
    stated = re.search(r"(\d+(?:\.\d+)?)\s*(minutes|hours?)\b", section)
    if stated is None:
        assert "00-start-here.ipynb" in section, (
            f"{path.name}: the time section states no minutes and does not point to the course "
            f"map in 00-start-here.ipynb; the estimate is {estimate} minutes"
        )
        return
    minutes = float(stated.group(1)) * (60 if stated.group(2).startswith("hour") else 1)
    assert abs(minutes - estimate) <= AGREEMENT_MINUTES, (
        f"{path.name}: 'Time to complete' says {stated.group(0)}, the estimate is {estimate} "
        f"minutes (see helpers.course_times() for every notebook's counts)"
    )


def test_start_here_states_the_assumptions_the_estimator_uses():
    cells = json.loads((COURSE_NOTEBOOKS / "00-start-here.ipynb").read_text(encoding="utf-8"))
    text = " ".join(
        " ".join("".join(c["source"]).split())
        for c in cells["cells"]
        if c["cell_type"] == "markdown"
    )
    for phrase in (
        f"{READING_WPM} words a minute",
        f"{MINUTES_PER_CODE_CELL:g} minute for each code cell",
        f"{MINUTES_PER_FIGURE:g} for each figure",
        f"{MINUTES_PER_SELF_CHECK:g} for each self-check",
        f'{MINUTES_PER_TRY_IT:g} for each "Try it" task',
        f"next {ROUND_TO} minutes",
    ):
        assert phrase in text, (
            f"00-start-here does not say {phrase!r}, which helpers/timing.py uses"
        )


def test_the_teacher_guide_states_the_same_assumptions():
    guide = (COURSE_NOTEBOOKS / "teacher-guide.md").read_text(encoding="utf-8")
    text = " ".join(guide.split())
    for phrase in (
        f"{READING_WPM} words a minute",
        f"Each code cell adds {MINUTES_PER_CODE_CELL:g} minute, "
        f"each figure {MINUTES_PER_FIGURE:g}, "
        f'each self-check {MINUTES_PER_SELF_CHECK:g}, each "Try it" task {MINUTES_PER_TRY_IT:g}',
        f"next {ROUND_TO} minutes",
    ):
        assert phrase in text, (
            f"teacher-guide.md does not say {phrase!r}, as helpers/timing.py does"
        )
