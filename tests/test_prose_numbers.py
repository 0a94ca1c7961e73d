"""No hand-typed computed numbers in notebooks 04-07 (issue 10, item 5).

Counts of findings, pairs, claims or flags, and precision and recall figures, change whenever the
data or a helper changes. Prose may quote such a figure only if this file registers it with a
function that recomputes it from the data and the helpers; the test then fails when the prose
and the recomputed value disagree. Any other computed-looking figure in prose fails the test:
print it from a code cell instead (a cell output is re-checked by nbval on every run).

Prose means Markdown outside code: fenced blocks and `inline code` in solutions are code, which
the learner runs.
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from helpers import align_sentences
from helpers.align import STRONG_SCORE

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
CHECKED = ["04", "05", "06", "07"]

_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
}  # fmt: skip
_NUMBER = r"(?:\d+|" + "|".join(_WORDS) + r")"
# "23 findings", "12 curated discrepancies", "14 of the 31 curated discrepancies", "5 of 7"
COUNT = re.compile(
    rf"\b{_NUMBER}\s+(?:of\s+(?:the\s+)?\d+\s+)?"
    r"(?:(?:curated|automatic|consistent|discrepant|aligned|linked|strong|possible|flagged|"
    r"between-sources|source-vs-\w+)\s+)*"
    r"(?:findings?|discrepanc(?:y|ies)|pairs?|claims?|flags?|excerpts?)\b"
    rf"|\b\d+\s+of\s+\d+\b",
    re.IGNORECASE,
)
RATIO = re.compile(r"\b\d+\s*/\s*\d+\b|\b0\.\d+\b|\b\d+(?:\.\d+)?\s*(?:%|per ?cent)")
# Words that make a number a figure the code computes, when they stand near a ratio.
MEASURE = re.compile(r"\b(?:precision|recall|scores?|share|rate)\b", re.IGNORECASE)


def prose(path: Path) -> str:
    """The notebook's Markdown without fenced code blocks and inline code."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    text = re.sub(r"```.*?```", " ", text, flags=re.DOTALL)
    return re.sub(r"`[^`\n]*`", "CODE", text)


def notebook(number: str) -> Path:
    (path,) = NOTEBOOKS.glob(f"{number}-*.ipynb")
    return path


# --- what the registered figures are, recomputed ------------------------------------------------


def _findings(corpus) -> pd.DataFrame:
    return corpus.table("discrepancies")


def _count_all(corpus) -> int:
    return len(_findings(corpus))


def _count_consistent(corpus) -> int:
    return int((_findings(corpus)["status"] == "consistent").sum())


def _count_between_sources(corpus) -> int:
    return int((_findings(corpus)["scope"] == "between-sources").sum())


def _default_threshold(corpus) -> float:
    return inspect.signature(align_sentences).parameters["threshold"].default


@dataclass(frozen=True)
class Figure:
    """A figure prose may quote: where, the words around it, and how to recompute it."""

    notebook: str
    pattern: str  # a regex; each group is one figure, compared in order with ``compute``
    compute: Callable[..., tuple[float, ...]]
    why: str


REGISTRY = [
    Figure(
        "04",
        r"Of the (\d+) findings, (\d+) are \*\*consistent\*\*",
        lambda corpus: (_count_all(corpus), _count_consistent(corpus)),
        "all rows of discrepancies.csv, and those with status consistent",
    ),
    Figure(
        "04",
        r"Between the two sources, (\d+) findings",
        lambda corpus: (_count_between_sources(corpus),),
        "rows of discrepancies.csv with scope between-sources",
    ),
    *[
        Figure(
            number,
            r"default threshold,? (\d+(?:\.\d+)?)",
            lambda corpus: (_default_threshold(corpus),),
            "the default of align_sentences(threshold=...)",
        )
        for number in CHECKED
    ],
    Figure(
        "04",
        r"\*\*strong\*\*: a high score \(at least (\d+(?:\.\d+)?)\)",
        lambda corpus: (STRONG_SCORE,),
        "helpers.align.STRONG_SCORE, the score a strong pair needs",
    ),
    Figure(
        "04",
        r"\*\*threshold\*\* \(a cut-off the reader chooses;\s+default (\d+(?:\.\d+)?)\)",
        lambda corpus: (_default_threshold(corpus),),
        "the default of align_sentences(threshold=...)",
    ),
]


def _value(text: str) -> float:
    return _WORDS[text.lower()] if text.lower() in _WORDS else float(text)


@pytest.mark.parametrize("figure", REGISTRY, ids=lambda f: f"{f.notebook}:{f.pattern[:30]}")
def test_registered_prose_figures_equal_the_recomputed_values(figure, corpus):
    text = prose(notebook(figure.notebook))
    expected = figure.compute(corpus)
    for match in re.finditer(figure.pattern, text):
        typed = tuple(_value(group) for group in match.groups())
        assert typed == expected, (
            f"notebook {figure.notebook} says {match.group(0)!r}, but {figure.why} give "
            f"{expected}: print the figure from a code cell, or correct the prose"
        )


def _registered_spans(number: str, text: str) -> list[tuple[int, int]]:
    return [
        match.span()
        for figure in REGISTRY
        if figure.notebook == number
        for match in re.finditer(figure.pattern, text)
    ]


def _unregistered(number: str) -> list[str]:
    text = prose(notebook(number))
    covered = _registered_spans(number, text)
    found = [match for match in COUNT.finditer(text)]
    found += [
        match
        for match in RATIO.finditer(text)
        if MEASURE.search(text[max(match.start() - 80, 0) : match.end() + 80])
    ]
    return [
        f"{text[max(m.start() - 60, 0) : m.end() + 20]!r}"
        for m in found
        if not any(start <= m.start() and m.end() <= end for start, end in covered)
    ]


@pytest.mark.parametrize("number", CHECKED)
def test_no_unregistered_computed_figure_is_typed_into_prose(number):
    typed = _unregistered(number)
    assert not typed, (
        f"notebook {number}: prose types figures the code computes; print them from a code "
        f"cell or register them in tests/test_prose_numbers.py: {typed}"
    )


def test_the_detector_finds_typed_figures_and_ignores_code():
    """The patterns catch the forms of a typed count or ratio, and skip inline code."""
    caught = [
        "Of the 54 findings, 23 are consistent",
        "Fourteen of the 31 curated discrepancies",
        "most of the ones it misses (5 of 7)",
        "12 source-vs-record discrepancies",
    ]
    for sentence in caught:
        assert COUNT.search(sentence), sentence
    assert RATIO.search("precision 25/43 = 0.58") and MEASURE.search("precision 25/43 = 0.58")
    for sentence in ["one claim in four steps", "the 11 areas", "29 European countries"]:
        assert not COUNT.search(sentence), sentence
    assert "0.58" not in re.sub(r"`[^`\n]*`", "CODE", "see `scores(judged)` = `0.58`")
