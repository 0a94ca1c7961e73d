"""How long a notebook takes the course's target reader: an honest, documented estimate.

The target reader reads English as a second language and knows little Python, so times are
estimated for them, not for a fluent programmer. The estimate is deliberately simple, so that a
teacher can check it by hand:

* **Reading** - every word of prose (Markdown cells, folded solutions included) and every word
  of the stored outputs (tables, quote cards, printed text) at ``READING_WPM`` words a minute;
  bare numbers (row numbers, offsets, years in a table) are not counted as words.
  Adults reading English as their first language average 238 words a minute for non-fiction
  (Brysbaert 2019, a meta-analysis of 190 studies), and the same review notes that readers with
  English as a second language are slower. The timed-reading group in one study (Chang 2012:
  18 adult EFL learners) read about 100 words a minute before a 13-week course and about 150
  after it (a gain of 50 words a minute, 49 %, as its abstract reports; the other group gained
  less). 120 is between those two, about half the first-language rate. Outputs of cells marked
  ``NBVAL_IGNORE_OUTPUT`` are live widgets whose view the next cell stores again; they are
  counted once, there.
* **Running code** - ``MINUTES_PER_CODE_CELL`` for each code cell: read it, run it, look at
  what it shows.
* **Figures** - ``MINUTES_PER_FIGURE`` for each stored image: reading a figure and its labels.
* **Exercises** - ``MINUTES_PER_SELF_CHECK`` for each cell that calls ``check(``: think, type
  an answer, read the feedback, perhaps try again; ``MINUTES_PER_TRY_IT`` for each open
  "Try it" task (a heading or bold lead starting "Try it").

The total is rounded up to the next ``ROUND_TO`` minutes: a time to plan with, not a
measurement. A notebook's "Time to complete" section agrees with the estimate when the minutes
it states are within ``AGREEMENT_MINUTES`` of it (tests/test_timing.py).
"""

from __future__ import annotations

import json
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

__all__ = [
    "AGREEMENT_MINUTES",
    "COURSE_NOTEBOOKS",
    "MINUTES_PER_CODE_CELL",
    "MINUTES_PER_FIGURE",
    "MINUTES_PER_SELF_CHECK",
    "MINUTES_PER_TRY_IT",
    "READING_WPM",
    "ROUND_TO",
    "NotebookTime",
    "course_times",
    "estimate_minutes",
    "notebook_time",
    "words_read",
]

READING_WPM = 120
MINUTES_PER_CODE_CELL = 1.0
MINUTES_PER_FIGURE = 1.0
MINUTES_PER_SELF_CHECK = 3.0
MINUTES_PER_TRY_IT = 5.0
ROUND_TO = 5
AGREEMENT_MINUTES = 10

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_LETTER = re.compile(r"[^\W\d_]")
_TAG = re.compile(r"<[^>]+>")
_HIDDEN_HTML = re.compile(r"<(style|script)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
_URL = re.compile(r"\]\([^)]*\)|https?://\S+")
_CHECK_CALL = re.compile(r"\bcheck\(")
_TRY_IT = re.compile(r"^(?:#+\s*|\*\*)Try it\b", re.MULTILINE)
_IGNORED_OUTPUT = "NBVAL_IGNORE_OUTPUT"
COURSE_NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


@dataclass(frozen=True)
class NotebookTime:
    """The counts behind one notebook's estimate, so a reader can redo the sum."""

    notebook: str
    title: str
    words: int
    code_cells: int
    figures: int
    self_checks: int
    try_it_tasks: int

    @property
    def exact_minutes(self) -> float:
        return (
            self.words / READING_WPM
            + self.code_cells * MINUTES_PER_CODE_CELL
            + self.figures * MINUTES_PER_FIGURE
            + self.self_checks * MINUTES_PER_SELF_CHECK
            + self.try_it_tasks * MINUTES_PER_TRY_IT
        )

    @property
    def minutes(self) -> int:
        """The estimate rounded up to the next ``ROUND_TO`` minutes."""
        return int(math.ceil(self.exact_minutes / ROUND_TO - 1e-9) * ROUND_TO)


def words_read(text: str) -> int:
    """Words as a reader sees them: tags, styles, link addresses and bare numbers are not words.

    A bare number (a row index, an offset, a year in a table) is glanced at, not read.
    """
    text = _HIDDEN_HTML.sub(" ", text)
    text = _URL.sub("]", text)
    text = _TAG.sub(" ", text)
    return sum(1 for word in _WORD.findall(text) if _LETTER.search(word))


def _output_text(output: dict) -> str:
    if "text" in output:
        return "".join(output["text"])
    data = output.get("data", {})
    for mime in ("text/html", "text/markdown", "text/plain"):
        if mime in data:
            return "".join(data[mime])
    return ""


def _is_figure(output: dict) -> bool:
    return any(mime.startswith("image/") for mime in output.get("data", {}))


def notebook_time(notebook_path: str | os.PathLike[str]) -> NotebookTime:
    """Count what a learner reads, runs and answers in one stored notebook."""
    path = Path(notebook_path)
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError) as error:
        raise ValueError(f"{path}: not a readable notebook ({error})") from error
    words = code_cells = figures = self_checks = try_it = 0
    title = path.stem
    for cell in cells:
        source = "".join(cell.get("source", ""))
        if cell.get("cell_type") == "markdown":
            words += words_read(source)
            try_it += len(_TRY_IT.findall(source))
            heading = re.search(r"^# (.+)", source, re.MULTILINE)
            if heading and title == path.stem:
                title = heading.group(1).strip()
        elif cell.get("cell_type") == "code":
            code_cells += 1
            self_checks += bool(_CHECK_CALL.search(source))
            if _IGNORED_OUTPUT in source:
                continue
            for output in cell.get("outputs", []):
                if _is_figure(output):
                    figures += 1
                else:
                    words += words_read(_output_text(output))
    return NotebookTime(path.stem, title, words, code_cells, figures, self_checks, try_it)


def estimate_minutes(notebook_path: str | os.PathLike[str]) -> int:
    """Minutes the target reader needs for one notebook, rounded up to ``ROUND_TO``."""
    return notebook_time(notebook_path).minutes


def course_times(notebook_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """One row per numbered notebook (``NN-name.ipynb``) with its estimate and counts, and a total.

    The default folder is the course's ``notebooks/``, found beside this package.
    """
    folder = Path(notebook_dir) if notebook_dir is not None else COURSE_NOTEBOOKS
    paths = sorted(folder.glob("[0-9][0-9]-*.ipynb"))
    if not paths:
        raise FileNotFoundError(f"{folder.resolve()}: no notebooks named like 00-start-here.ipynb")
    rows = [notebook_time(path) for path in paths]
    table = pd.DataFrame(
        {
            "notebook": [row.notebook for row in rows],
            "minutes": [row.minutes for row in rows],
            "words to read": [row.words for row in rows],
            "code cells": [row.code_cells for row in rows],
            "figures": [row.figures for row in rows],
            "self-checks": [row.self_checks for row in rows],
            "try-it tasks": [row.try_it_tasks for row in rows],
        }
    )
    total = {column: int(table[column].sum()) for column in table.columns if column != "notebook"}
    table.loc[len(table)] = {"notebook": "whole course", **total}
    return table.set_index("notebook")
