"""The course's verdicts agree wherever two places state them about the same id (issue 10).

discrepancies.csv is the one place a finding's verdict is decided. The notebooks and the teacher
guide name findings by id in prose ("`d30`, a discrepancy of framing, medium confidence"), and
the self-check answers count them; when the table changes, those sentences must follow. The
data-level agreements (area_wordings against the findings, no correct phrase cited as at
issue) are tested in tests/test_knowledge.py; this file checks the prose and the answers.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
TEXTS = [*sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")), NOTEBOOKS / "teacher-guide.md"]
FINDING = re.compile(r"\bd\d{2}\b")
# A sentence ends at . ! ? or a line that starts a list item or a table row.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)|\n\s*[-|]\s|\n\n")


def prose(path: Path) -> str:
    """Markdown of a notebook (or the guide) without fenced code blocks."""
    if path.suffix == ".md":
        text = path.read_text(encoding="utf-8")
    else:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return re.sub(r"```.*?```", " ", text, flags=re.DOTALL)


def sentences_naming_one_finding(path: Path) -> list[tuple[str, str]]:
    """(finding id, sentence) for every sentence that names exactly one finding."""
    found = []
    for sentence in SENTENCE_END.split(prose(path)):
        ids = set(FINDING.findall(sentence))
        if len(ids) == 1:
            found.append((ids.pop(), " ".join(sentence.split())))
    return found


@pytest.fixture(scope="module")
def findings(corpus) -> pd.DataFrame:
    return corpus.table("discrepancies").set_index("finding_id")


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem)
def test_a_finding_named_with_a_confidence_has_that_confidence(path, findings):
    """A finding named with a confidence, "(`d39`, medium)", has that confidence."""
    text = prose(path)
    pattern = r"`?(d\d{2})`?\s*(?:,|\()\s*(?:[a-z-]+ )?(high|medium|low)(?: confidence)?\b"
    wrong = [
        f"{match.group(0)!r}: the table says {findings.loc[match.group(1), 'confidence']}"
        for match in re.finditer(pattern, text)
        if match.group(1) in findings.index
        and findings.loc[match.group(1), "confidence"] != match.group(2)
    ]
    assert not wrong, f"{path.name}: {wrong}"


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem)
def test_a_finding_called_consistent_or_a_discrepancy_has_that_status(path, findings):
    """A sentence about one finding that calls it consistent (or a discrepancy) agrees."""
    wrong = []
    for finding_id, sentence in sentences_naming_one_finding(path):
        if finding_id not in findings.index:
            wrong.append(f"{finding_id} is not in discrepancies.csv: {sentence!r}")
            continue
        status = findings.loc[finding_id, "status"]
        consistent = re.search(r"(?<!in)consistent", sentence)
        discrepant = re.search(r"\bdiscrepanc(?:y|ies)\b|\binconsistent\b", sentence)
        if consistent and not discrepant and status != "consistent":
            wrong.append(f"{finding_id} is a {status}, but: {sentence!r}")
        if discrepant and not consistent and status != "discrepancy":
            wrong.append(f"{finding_id} is {status}, but: {sentence!r}")
    assert not wrong, f"{path.name}: " + "\n".join(wrong)


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem)
def test_a_finding_named_with_its_kind_has_that_kind(path, findings):
    """'`d39` ... kind speaker-changed' or '`d56`, kind `dropped`' must name the table's kind."""
    kinds = "|".join(sorted(set(findings["kind"]), key=len, reverse=True))
    pattern = rf"`?(d\d{{2}})`?,? kind `?({kinds})\b"
    wrong = [
        f"{match.group(0)!r}: the table says {findings.loc[match.group(1), 'kind']}"
        for match in re.finditer(pattern, prose(path))
        if findings.loc[match.group(1), "kind"] != match.group(2)
    ]
    assert not wrong, f"{path.name}: {wrong}"


def test_the_detectors_see_what_they_should(findings):
    """The sentence splitter and patterns work on the forms the course writes."""
    text = "It is consistent (`d33`). koreanet has the one plain factual error (`d48`)."
    assert [s.strip() for s in SENTENCE_END.split(text)] == [
        "It is consistent (`d33`).",
        "koreanet has the one plain factual error (`d48`).",
    ]
    assert findings.loc["d33", "status"] == "consistent"
    assert re.search(r"(?<!in)consistent", "inconsistent rendering") is None


# --- self-check answers that the tables decide ------------------------------------------------


@pytest.fixture(scope="module")
def answers(corpus) -> pd.Series:
    return corpus.table("questions").set_index("question_id")["answer"]


def test_answers_about_findings_are_recomputed_from_the_tables(corpus, answers, findings):
    record = findings[findings["scope"] == "source-vs-record"]
    per_source = record.assign(source=record["source_ids"].str.split()).explode("source")
    koreanet = per_source[(per_source["source"] == "koreanet")]
    assert int(answers["05-koreanet-record"]) == int((koreanet["status"] == "discrepancy").sum())
    low = sorted(findings.index[findings["confidence"] == "low"])
    assert sorted(answers["05-low-confidence"].split(" | ")) == low
    # sugawa-10's lost quotation marks: the kind of the audit finding on that claim
    on_claim = findings[
        (findings["scope"] == "source-vs-original")
        & findings["claim_ids"].str.split().map(lambda ids: "sugawa-10" in ids)
        & (findings["status"] == "discrepancy")
    ]
    assert answers["06-kind-quotation"] in set(on_claim["kind"])


def test_answers_about_claims_and_areas_are_recomputed_from_the_tables(corpus, answers):
    claims = corpus.table("claims")
    missing = (claims["source_id"] == "sugawa") & (claims["original"] == "not found")
    assert int(answers["06-not-found"]) == int(missing.sum())
    wordings = corpus.table("area_wordings")
    faithful = (wordings["source_id"] == "koreanet") & (wordings["faithfulness"] == "faithful")
    assert int(answers["03-koreanet-faithful"]) == int(faithful.sum())


def test_the_label_question_rests_on_a_faithful_rendering(corpus, answers, findings):
    """06-whose-label answers (b), the Korea Herald: its words must be rendered faithfully."""
    assert answers["06-whose-label"] == "b"
    label = findings.loc["d32", "quotes"]
    faithful = findings[
        (findings["scope"] == "source-vs-original") & (findings["status"] == "consistent")
    ]
    assert faithful["quotes"].str.contains(label, regex=False).any()
    excerpts = corpus.table("originals").set_index("excerpt_id")
    assert any(
        "US-led alliance" in excerpts.loc[e, "excerpt"]
        for e in faithful.loc[faithful["quotes"] == label].iloc[0]["excerpt_ids"].split()
    )
