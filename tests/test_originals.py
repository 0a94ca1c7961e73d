"""data/originals.csv: short, sourced excerpts of the wording the two articles render.

The table quotes third-party pages, so it must stay a table of short excerpts (never whole
articles), every excerpt must name a page that was actually read (a reference whose note says
how) and the claims it corresponds to, and the loader must refuse a row that breaks these rules
with a message naming the file, the line and the field.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import frictionless
import pytest

import helpers
from helpers.data import DataError, read_package

DATA = Path(__file__).resolve().parent.parent / "data"
MAX_EXCERPT = 300  # one sentence or clause; datapackage.json declares the same maxLength


def table(data_dir: Path, name: str) -> list[tuple[int, dict[str, str]]]:
    with open(data_dir / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(enumerate(csv.DictReader(handle), start=2))


def set_cell(path: Path, line: int, column: str, value: str) -> None:
    with open(path, encoding="utf-8", newline="") as handle:
        cells = list(csv.reader(handle))
    cells[line - 1][cells[0].index(column)] = value
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(cells)


def test_the_loader_reads_the_originals(corpus):
    originals = corpus.table("originals")
    assert len(originals) >= 30
    assert set(originals["language"]) <= {"en", "ko", "ja"}
    assert {"K1", "N1", "K2", "K9"} <= set(originals["reference_id"])


def test_excerpts_are_short_single_passages():
    for line, row in table(DATA, "originals"):
        excerpt = row["excerpt"]
        assert 0 < len(excerpt) <= MAX_EXCERPT, f"originals.csv line {line}: {len(excerpt)} chars"
        assert "\n" not in excerpt and excerpt == excerpt.strip(), f"originals.csv line {line}"


def test_excerpt_limit_matches_the_package():
    package = read_package(DATA)
    fields = next(r for r in package["resources"] if r["name"] == "originals")["schema"]["fields"]
    excerpt = next(f for f in fields if f["name"] == "excerpt")
    assert excerpt["constraints"]["maxLength"] == MAX_EXCERPT


def test_non_english_excerpts_have_a_gloss_and_english_ones_none():
    for line, row in table(DATA, "originals"):
        assert bool(row["gloss"]) == (row["language"] != "en"), f"originals.csv line {line}"


def test_excerpts_do_not_repeat_within_one_page():
    seen: dict[tuple[str, str], int] = {}
    for line, row in table(DATA, "originals"):
        key = (row["reference_id"], row["excerpt"])
        assert key not in seen, f"originals.csv line {line} repeats line {seen[key]}"
        seen[key] = line


def test_every_page_quoted_says_how_it_was_read():
    references = {row["reference_id"]: row for _, row in table(DATA, "references")}
    for line, row in table(DATA, "originals"):
        reference = references[row["reference_id"]]
        assert "search tool" in reference["note"], (
            f"originals.csv line {line}: references.csv {row['reference_id']} does not say how "
            f"the page was read"
        )
        assert re.fullmatch(r"https?://\S+", row["url"]), f"originals.csv line {line}: url"
        assert "search tool" in row["retrieved"], f"originals.csv line {line}: retrieved"


def test_every_excerpt_corresponds_to_an_existing_claim():
    claims = {row["claim_id"] for _, row in table(DATA, "claims")}
    for line, row in table(DATA, "originals"):
        listed = row["claim_ids"].split()
        assert listed, f"originals.csv line {line}: no claim"
        assert set(listed) <= claims, f"originals.csv line {line}: {set(listed) - claims}"


def test_both_articles_have_originals_and_the_gaps_are_named():
    claims = [row for _, row in table(DATA, "claims")]
    for source_id in ("sugawa", "koreanet"):
        values = {row["original"] for row in claims if row["source_id"] == source_id}
        assert "found" in values, source_id
    gaps = [row for row in claims if row["original"] == "not found"]
    for row in gaps:
        assert "No English counterpart found" in row["notes"], row["claim_id"]


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("claim_ids", "sugawa-03 sugawa-99", r"field 'claim_ids': 'sugawa-99' is not a claim_id"),
        ("reference_id", "K99", r"field 'reference_id': 'K99' is not a reference_id"),
        ("excerpt_id", "o01", r"field 'excerpt_id': duplicate id"),
        ("language", "id", r"field 'language': 'id' is not one of"),
        ("retrieved", "", r"field 'retrieved': empty, but a value is required"),
    ],
)
def test_broken_originals_are_refused_naming_line_and_field(data_copy, column, value, message):
    path = data_copy / "originals.csv"
    set_cell(path, 3, column, value)
    with pytest.raises(DataError, match=re.escape(f"{path}: line 3, ") + message):
        helpers.load_corpus(data_copy)


def test_a_whole_article_pasted_in_is_refused_by_the_package(data_copy):
    path = data_copy / "originals.csv"
    set_cell(path, 2, "excerpt", " ".join(row["excerpt"] for _, row in table(DATA, "originals")))
    report = frictionless.validate(data_copy / "datapackage.json")
    assert not report.valid
    errors = report.flatten(["rowNumber", "fieldName", "type"])
    assert [2, "excerpt", "constraint-error"] in errors, errors


def test_a_finding_citing_an_unknown_excerpt_is_refused(data_copy):
    path = data_copy / "discrepancies.csv"
    line = next(n for n, row in table(data_copy, "discrepancies") if row["excerpt_ids"])
    set_cell(path, line, "excerpt_ids", "o999")
    with pytest.raises(
        DataError, match=re.escape(f"{path}: line {line}, field 'excerpt_ids': 'o999' is not")
    ):
        helpers.load_corpus(data_copy)
