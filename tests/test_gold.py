"""The gold sets behind `make eval` are well-formed, so their figures measure the helpers.

Development gold (tests/gold/pages, tests/gold/alignment) and each held-out set
(tests/gold/heldout*/): every furniture string is in its page, every fact is written the way
the scorer reads it and can be found in its page, every pair names sentences that exist, and
every quotation in a page is verbatim from a course article. No test here asserts a score: the
figures live in the scorers.
"""

from __future__ import annotations

import csv
import datetime
import json
import re
from pathlib import Path

import pytest
import score_alignment

GOLD = Path(__file__).resolve().parent / "gold"
ROOT = GOLD.parent.parent
HELD_OUT = sorted(GOLD.glob("heldout*/"))  # each written blind; see its README
PAGE_FOLDERS = [GOLD / "pages", *(folder / "pages" for folder in HELD_OUT)]
PAIR_FOLDERS = [GOLD / "alignment", *(folder / "alignment" for folder in HELD_OUT)]
FACT_KINDS = {"name", "acronym", "date", "quote"}
QUOTED = re.compile(r"[“\"]([^”\"\n]+)[”\"]")
SHORTEST_CHECKED_QUOTE = 3  # words; shorter quoted spans are terms ("AP4"), not quotations


def _page_golds() -> list[tuple[Path, dict]]:
    golds = []
    for folder in PAGE_FOLDERS:
        for path in sorted(folder.glob("*.json")):
            if path.name != "course_articles.json":
                golds.append((path, json.loads(path.read_text(encoding="utf-8"))))
    return golds


PAGE_GOLDS = _page_golds()
PAGE_IDS = [f"{path.parent.parent.name}/{path.stem}" for path, _ in PAGE_GOLDS]


def _aliases() -> dict[str, set[str]]:
    """Every way data/entities.csv lets a text write an entity, by the entity's own name."""
    aliases: dict[str, set[str]] = {}
    with open(ROOT / "data" / "entities.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            aliases.setdefault(row["entity"], {row["entity"]}).add(row["alias"])
    return aliases


def _course_text() -> str:
    texts = (path.read_text(encoding="utf-8") for path in (ROOT / "data" / "sources").glob("*.txt"))
    return _plain_quotes(" ".join(texts))


def _plain_quotes(text: str) -> str:
    return text.replace("“", '"').replace("”", '"')


def test_every_gold_set_is_present():
    assert len(HELD_OUT) >= 2 and all((folder / "README.md").is_file() for folder in HELD_OUT)
    for folder in PAGE_FOLDERS[1:]:
        held_out = [gold for path, gold in PAGE_GOLDS if path.parent == folder]
        assert len(held_out) >= 6 and all(gold.get("held_out") for gold in held_out), folder
    assert all((folder / "pairs.csv").is_file() for folder in PAIR_FOLDERS)


@pytest.mark.parametrize(("path", "gold"), PAGE_GOLDS, ids=PAGE_IDS)
def test_every_furniture_piece_is_in_its_page(path: Path, gold: dict):
    text = (path.parent / gold["page"]).read_text(encoding="utf-8")
    assert gold["furniture"], f"{path.name}: no furniture marked"
    for piece in gold["furniture"]:
        assert piece["reason"].strip(), f"{path.name}: {piece['text']!r} has no reason"
        count = text.count(piece["text"])
        assert count > piece.get("occurrence", 0), (
            f"{path.name}: {piece['text']!r} occurs {count} times, "
            f"occurrence {piece.get('occurrence', 0)} asked"
        )


def test_course_articles_furniture_is_in_the_articles():
    course = json.loads((GOLD / "pages" / "course_articles.json").read_text(encoding="utf-8"))
    for name, article in course["articles"].items():
        text = (ROOT / article["file"]).read_text(encoding="utf-8")
        for piece in article["furniture"]:
            assert piece["text"] in text, f"{name}: {piece['text']!r} is not in {article['file']}"


@pytest.mark.parametrize(("path", "gold"), PAGE_GOLDS, ids=PAGE_IDS)
def test_every_fact_is_written_as_the_scorer_reads_it_and_is_in_its_page(path: Path, gold: dict):
    text = (path.parent / gold["page"]).read_text(encoding="utf-8")
    aliases = _aliases()
    for fact in gold["facts"]:
        assert fact["kind"] in FACT_KINDS, f"{path.name}: unknown kind in {fact}"
        if fact["kind"] == "quote":
            assert fact["speaker"] in aliases, f"{path.name}: speaker {fact['speaker']!r} unknown"
            assert fact["starts"] == fact["starts"].lower(), f"{path.name}: {fact} not lower case"
            assert fact["starts"] in text.lower(), f"{path.name}: quote {fact['starts']!r} absent"
        elif fact["kind"] == "date":
            value = fact["value"]
            parsed = value if len(value) == 10 else f"{value}-01"
            assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", value), f"{path.name}: date {value!r}"
            datetime.date.fromisoformat(parsed)
        else:
            forms = aliases.get(fact["value"], {fact["value"]})
            assert any(form in text for form in forms), (
                f"{path.name}: {fact['kind']} {fact['value']!r} is not written in the page"
            )


@pytest.mark.parametrize(
    "folder",
    PAIR_FOLDERS,
    ids=lambda folder: "development" if folder.parent == GOLD else folder.parent.name,
)
def test_every_gold_pair_names_sentences_that_exist(folder: Path):
    pairs = score_alignment.gold_pairs(folder)  # raises, naming the row, if a sentence is wrong
    assert pairs and all(pairs.values())
    with open(folder / "pairs.csv", encoding="utf-8", newline="") as handle:
        rows = [tuple(row.values()) for row in csv.DictReader(handle)]
    assert len(rows) == len(set(rows)), f"{folder}/pairs.csv repeats a row"


def _pages_with_quotes() -> list:
    """Each page with its furniture pieces (a quoted video title is furniture, not a quotation)."""
    pages = [
        (path.parent / gold["page"], [piece["text"] for piece in gold["furniture"]])
        for path, gold in PAGE_GOLDS
    ]
    pages += [(page, []) for page in sorted((GOLD / "alignment" / "texts").glob("*.txt"))]
    return [
        pytest.param(page, furniture, id=f"{page.parent.parent.name}/{page.stem}")
        for page, furniture in pages
    ]


@pytest.mark.parametrize(("page", "furniture"), _pages_with_quotes())
def test_every_quotation_in_a_page_is_verbatim_from_a_course_article(
    page: Path, furniture: list[str]
):
    """Verbatim up to case: a quoted fragment may start with a capital the article lacks."""
    course = _course_text().lower()
    text = page.read_text(encoding="utf-8")
    for piece in furniture:
        text = text.replace(piece, " ")
    for quoted in QUOTED.findall(_plain_quotes(text)):
        words = quoted.strip(" ,.").split()
        if len(words) >= SHORTEST_CHECKED_QUOTE:
            assert " ".join(words).lower() in course, (
                f"{page.name}: {quoted!r} not in data/sources/"
            )
