"""The glossary defines the course's methods words, every finding kind, and the aligner's numbers.

Issue 12 asks for every methods term to be defined where it is first used and in the glossary;
the generic data tests check the glossary's schema and ids, these check its coverage.
"""

from __future__ import annotations

import csv
from pathlib import Path

from helpers.align import POSSIBLE_SCORE, STRONG_SCORE

DATA = Path(__file__).resolve().parent.parent / "data"
METHODS_TERMS = [
    "the record",
    "witness",
    "reading",
    "collation",
    "CollateX",
    "alignment",
    "token",
    "content word",
    "similarity score",
    "threshold",
    "confidence level (alignment)",
    "confidence (finding)",
    "precision",
    "recall",
    "gold set",
    "finding",
    "finding kind",
    "translation shift",
    "framing",
]


def table(name: str) -> list[dict[str, str]]:
    with open(DATA / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def glossary() -> dict[str, dict[str, str]]:
    return {row["term"]: row for row in table("glossary")}


def test_every_methods_term_has_a_glossary_row():
    missing = [term for term in METHODS_TERMS if term not in glossary()]
    assert not missing, f"data/glossary.csv has no row for {missing}"


def test_every_finding_kind_in_use_is_defined():
    kinds = {row["kind"] for row in table("discrepancies")}
    missing = sorted(kinds - set(glossary()))
    assert not missing, (
        f"finding kinds used in discrepancies.csv but not in the glossary: {missing}"
    )
    listed = glossary()["finding kind"]["explanation"]
    assert all(kind in listed for kind in kinds if kind != "consistent"), listed


def test_the_aligner_numbers_in_the_glossary_are_the_code_s():
    terms = glossary()
    assert f"{POSSIBLE_SCORE:g} by default" in terms["threshold"]["explanation"]
    assert f"at least {STRONG_SCORE:g}" in terms["confidence level (alignment)"]["explanation"]
