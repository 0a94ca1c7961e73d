"""The knowledge base in data/ is sourced, complete and internally consistent.

The loader (helpers.load_corpus) already checks each table against datapackage.json. These tests
check the same promises independently (quotes at their offsets, unique ids, ids that resolve),
add the promises the schema cannot express (every area once per source, every sentence of both
articles covered by a claim, discrepancy quotes inside their claims, glossary terms present in
their sources), and break a copy of each table to prove that the loader refuses it with a message
naming the file, the line and the field.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from pathlib import Path

import frictionless
import pytest

import helpers
from helpers.data import DataError, read_package

DATA = Path(__file__).resolve().parent.parent / "data"
RECORD = Path(__file__).resolve().parent.parent.parent / "shared" / "reference" / "record.md"
TABLES = ["timeline", "areas", "area_wordings", "claims", "originals", "discrepancies", "glossary"]
QUOTED = {"timeline": "quote", "area_wordings": "wording", "claims": "quote"}
LIST_FIELDS = {  # table: {field: (target table, target field)}
    "timeline": {"reference_ids": ("references", "reference_id")},
    "areas": {"reference_ids": ("references", "reference_id")},
    "discrepancies": {
        "source_ids": ("sources", "source_id"),
        "claim_ids": ("claims", "claim_id"),
        "reference_ids": ("references", "reference_id"),
        "excerpt_ids": ("originals", "excerpt_id"),
    },
    "originals": {"claim_ids": ("claims", "claim_id")},
    "glossary": {
        "source_ids": ("sources", "source_id"),
        "reference_ids": ("references", "reference_id"),
    },
}
SINGLE_FIELDS = {
    "timeline": {"source_id": ("sources", "source_id")},
    "area_wordings": {"source_id": ("sources", "source_id"), "area_no": ("areas", "area_no")},
    "claims": {"source_id": ("sources", "source_id")},
    "originals": {"reference_id": ("references", "reference_id")},
}
# Non-article matter left out of the claims (see data/README.md): SUGAWA.ID's list of related
# headlines at the end of its file. koreanet's by-line and photo credit are claims (topic meta).
NON_ARTICLE_MARKERS = {"sugawa": "\nArtikel Terkait\n"}


# ----------------------------------------------------------------------------- reading helpers


def rows(data_dir: Path, table: str) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) pairs of one CSV, read with the csv module only (no loader)."""
    with open(data_dir / f"{table}.csv", encoding="utf-8", newline="") as handle:
        return list(enumerate(csv.DictReader(handle), start=2))


def texts(data_dir: Path) -> dict[str, str]:
    return {
        row["source_id"]: (data_dir / row["file"]).read_text(encoding="utf-8")
        for _, row in rows(data_dir, "sources")
    }


def where(data_dir: Path, table: str, line: int, column: str) -> str:
    return f"{data_dir / (table + '.csv')}: line {line}, field {column!r}"


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of an article body: split at line ends and at . ! ? (with any
    closing quotation mark) followed by white space or the end of the line."""
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for end in re.finditer(r"[.!?][\"”]?(?=\s|$)", line.group()):
            spans.append((start, line.start() + end.end()))
            start = line.start() + end.end()
        spans.append((start, line.end()))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def article_body(source_id: str, text: str) -> str:
    marker = NON_ARTICLE_MARKERS.get(source_id)
    return text[: text.index(marker)] if marker else text


# ----------------------------------------------------------------------------- checks
# Each check returns a list of problems in the loader's style, so it can run on the real data
# (expecting none) and on a broken copy (expecting the one problem planted there).


def check_quotes_at_offsets(data_dir: Path) -> list[str]:
    sources, problems = texts(data_dir), []
    for table, column in QUOTED.items():
        for line, row in rows(data_dir, table):
            quote, start, end = row[column], row["start"], row["end"]
            if not quote:
                if start or end:
                    problems.append(f"{where(data_dir, table, line, column)}: offsets, no quote")
                continue
            found = sources[row["source_id"]][int(start) : int(end)]
            if found != quote:
                problems.append(
                    f"{where(data_dir, table, line, column)}: text at {start}..{end} is {found!r}"
                )
    return problems


def check_unique_ids(data_dir: Path) -> list[str]:
    problems = []
    for resource in read_package(data_dir)["resources"]:
        if resource["name"] not in TABLES:
            continue
        key = resource["schema"]["primaryKey"]
        seen: dict[tuple, int] = {}
        for line, row in rows(data_dir, resource["name"]):
            value = tuple(row[c] for c in key)
            if value in seen:
                problems.append(
                    f"{where(data_dir, resource['name'], line, ', '.join(key))}: duplicate id "
                    f"{value} (already on line {seen[value]})"
                )
            seen.setdefault(value, line)
    return problems


def check_ids_resolve(data_dir: Path) -> list[str]:
    known = {
        (table, column): {row[column] for _, row in rows(data_dir, table)}
        for table, column in [
            ("sources", "source_id"),
            ("references", "reference_id"),
            ("claims", "claim_id"),
            ("areas", "area_no"),
            ("originals", "excerpt_id"),
        ]
    }
    problems = []
    for table in TABLES:
        links = {field: (target, True) for field, target in LIST_FIELDS.get(table, {}).items()}
        links.update({f: (t, False) for f, t in SINGLE_FIELDS.get(table, {}).items()})
        for line, row in rows(data_dir, table):
            for column, (target, is_list) in links.items():
                cell = row[column]
                values = cell.split(" ") if is_list and cell else [cell] if cell else []
                for value in values:
                    if value not in known[target]:
                        problems.append(
                            f"{where(data_dir, table, line, column)}: {value!r} is not a "
                            f"{target[1]} in {target[0]}.csv"
                        )
    return problems


def check_areas_once_per_source(data_dir: Path) -> list[str]:
    areas = {row["area_no"] for _, row in rows(data_dir, "areas")}
    sources = {row["source_id"] for _, row in rows(data_dir, "sources")}
    seen: dict[tuple[str, str], int] = {}
    problems = []
    for line, row in rows(data_dir, "area_wordings"):
        key = (row["area_no"], row["source_id"])
        if key in seen:
            problems.append(f"{where(data_dir, 'area_wordings', line, 'area_no')}: {key} twice")
        seen[key] = line
    for source_id in sorted(sources):
        for area_no in sorted(areas, key=int):
            if (area_no, source_id) not in seen:
                problems.append(
                    f"{data_dir / 'area_wordings.csv'}: no row for area {area_no} in {source_id}"
                )
    return problems


def check_discrepancy_quotes(data_dir: Path) -> list[str]:
    claims = {row["claim_id"]: row for _, row in rows(data_dir, "claims")}
    problems = []
    for line, row in rows(data_dir, "discrepancies"):
        listed = [claims[c] for c in row["claim_ids"].split() if c in claims]
        for quote in row["quotes"].split(" | "):
            if not any(quote in claim["quote"] for claim in listed):
                problems.append(
                    f"{where(data_dir, 'discrepancies', line, 'quotes')}: {quote!r} is not inside "
                    f"the quote of any of its claims ({row['claim_ids']})"
                )
        claim_sources = {claim["source_id"] for claim in listed}
        if claim_sources != set(row["source_ids"].split()):
            problems.append(
                f"{where(data_dir, 'discrepancies', line, 'source_ids')}: "
                f"{row['source_ids']!r} but the claims come from {sorted(claim_sources)}"
            )
    return problems


def check_glossary_terms(data_dir: Path) -> list[str]:
    sources, problems = texts(data_dir), []
    for line, row in rows(data_dir, "glossary"):
        for source_id in row["source_ids"].split():
            if row["term"] not in sources.get(source_id, ""):
                problems.append(
                    f"{where(data_dir, 'glossary', line, 'source_ids')}: the term "
                    f"{row['term']!r} does not occur in {source_id}'s text"
                )
    return problems


def check_claims_cover_sentences(data_dir: Path) -> list[str]:
    spans: dict[str, list[tuple[int, int]]] = {}
    for _, row in rows(data_dir, "claims"):
        spans.setdefault(row["source_id"], []).append((int(row["start"]), int(row["end"])))
    problems = []
    for source_id, text in texts(data_dir).items():
        for start, end in sentences(article_body(source_id, text)):
            if not any(a < end and start < b for a, b in spans.get(source_id, [])):
                problems.append(
                    f"{data_dir / 'claims.csv'}: no claim overlaps {source_id} {start}..{end}: "
                    f"{text[start:end].strip()!r}"
                )
    return problems


# Scopes whose findings judge what an article says (true or false), as opposed to comparing the
# two articles: a phrase they call correct must never be what another of them calls wrong.
JUDGING_SCOPES = {"source-vs-record", "source-vs-original"}
TRUTH_SCOPES = {"source-vs-record", "between-sources"}  # consistent here = judged correct


Span = tuple[str, int, int]  # source id, start, end


def quote_spans(row: dict[str, str], claims: dict[str, dict[str, str]]) -> set[Span]:
    """(source, start, end) of each phrase in a finding's ``quotes``, found inside its claims."""
    spans = set()
    for quote in row["quotes"].split(" | "):
        for claim_id in row["claim_ids"].split():
            claim = claims.get(claim_id)
            if claim and quote in claim["quote"]:
                start = int(claim["start"]) + claim["quote"].index(quote)
                spans.add((claim["source_id"], start, start + len(quote)))
                break
    return spans


def overlaps(a: Span, b: Span) -> bool:
    return a[0] == b[0] and a[1] < b[2] and b[1] < a[2]


def check_correct_phrases_not_at_issue(data_dir: Path) -> list[str]:
    """A phrase judged correct (a consistent finding about the facts) is never at issue in a
    discrepancy that judges an article: otherwise verify() and the precision figures would show a
    correct claim as a discrepancy."""
    claims = {row["claim_id"]: row for _, row in rows(data_dir, "claims")}
    findings = rows(data_dir, "discrepancies")
    correct = [
        (row["finding_id"], span)
        for _, row in findings
        if row["status"] == "consistent" and row["scope"] in TRUTH_SCOPES
        for span in quote_spans(row, claims)
    ]
    problems = []
    for line, row in findings:
        if row["status"] != "discrepancy" or row["scope"] not in JUDGING_SCOPES:
            continue
        for span in quote_spans(row, claims):
            for finding_id, good in correct:
                if overlaps(span, good):
                    problems.append(
                        f"{where(data_dir, 'discrepancies', line, 'quotes')}: "
                        f"{span[0]} {span[1]}..{span[2]} is judged correct by {finding_id}"
                    )
    return problems


def check_cited_claims_have_words_at_issue(data_dir: Path) -> list[str]:
    """A discrepancy that judges an article cites only claims that contain words at issue."""
    claims = {row["claim_id"]: row for _, row in rows(data_dir, "claims")}
    problems = []
    for line, row in rows(data_dir, "discrepancies"):
        if row["status"] != "discrepancy" or row["scope"] not in JUDGING_SCOPES:
            continue
        quotes = row["quotes"].split(" | ")
        for claim_id in row["claim_ids"].split():
            if claim_id in claims and not any(q in claims[claim_id]["quote"] for q in quotes):
                problems.append(
                    f"{where(data_dir, 'discrepancies', line, 'claim_ids')}: {claim_id} is cited "
                    f"but none of the quotes at issue is in it"
                )
    return problems


def check_area_verdicts_match_findings(data_dir: Path) -> list[str]:
    """area_wordings and discrepancies agree: a shifted or split wording is the subject of a
    translation-shift finding, and a faithful one is never called shifted, misnamed or framed."""
    claims = {row["claim_id"]: row for _, row in rows(data_dir, "claims")}
    findings = [row for _, row in rows(data_dir, "discrepancies") if row["status"] == "discrepancy"]
    problems = []
    for line, row in rows(data_dir, "area_wordings"):
        if not row["wording"]:
            continue
        wording = (row["source_id"], int(row["start"]), int(row["end"]))
        shifts = [
            f["finding_id"]
            for f in findings
            if f["kind"] == "translation-shift"
            and any(overlaps(wording, span) for span in quote_spans(f, claims))
        ]
        blamed = [
            f["finding_id"]
            for f in findings
            if f["kind"] in {"translation-shift", "naming", "framing"}
            and f["scope"] in JUDGING_SCOPES
            and any(overlaps(wording, span) for span in quote_spans(f, claims))
        ]
        here = where(data_dir, "area_wordings", line, "faithfulness")
        if row["faithfulness"] in {"shifted", "split"} and not shifts:
            problems.append(f"{here}: {row['faithfulness']}, but no translation-shift finding")
        if row["faithfulness"] == "faithful" and blamed:
            problems.append(f"{here}: faithful, but {', '.join(blamed)} call it wrong")
    return problems


def check_original_findings_cite_excerpts(data_dir: Path) -> list[str]:
    """Findings about the originals cite excerpts; each cited excerpt belongs to one of the
    finding's claims, and its reference is listed in the finding's reference_ids."""
    excerpts = {row["excerpt_id"]: row for _, row in rows(data_dir, "originals")}
    problems = []
    for line, row in rows(data_dir, "discrepancies"):
        cited = row["excerpt_ids"].split()
        if row["scope"] == "source-vs-original" and not cited:
            problems.append(f"{where(data_dir, 'discrepancies', line, 'excerpt_ids')}: empty")
        for excerpt_id in cited:
            excerpt = excerpts.get(excerpt_id)
            if excerpt is None:
                continue  # check_ids_resolve reports it
            if not set(excerpt["claim_ids"].split()) & set(row["claim_ids"].split()):
                problems.append(
                    f"{where(data_dir, 'discrepancies', line, 'excerpt_ids')}: {excerpt_id} "
                    f"corresponds to none of the claims {row['claim_ids']}"
                )
            if excerpt["reference_id"] not in row["reference_ids"].split():
                problems.append(
                    f"{where(data_dir, 'discrepancies', line, 'reference_ids')}: "
                    f"{excerpt['reference_id']} (of {excerpt_id}) is missing"
                )
    return problems


def check_claims_say_whether_an_original_was_found(data_dir: Path) -> list[str]:
    linked = {c for _, row in rows(data_dir, "originals") for c in row["claim_ids"].split()}
    problems = []
    for line, row in rows(data_dir, "claims"):
        found = row["claim_id"] in linked
        if found != (row["original"] == "found"):
            problems.append(
                f"{where(data_dir, 'claims', line, 'original')}: {row['original']!r}, but "
                f"originals.csv {'links' if found else 'does not link'} {row['claim_id']}"
            )
    return problems


CHECKS: list[Callable[[Path], list[str]]] = [
    check_quotes_at_offsets,
    check_unique_ids,
    check_ids_resolve,
    check_areas_once_per_source,
    check_discrepancy_quotes,
    check_glossary_terms,
    check_claims_cover_sentences,
    check_correct_phrases_not_at_issue,
    check_cited_claims_have_words_at_issue,
    check_area_verdicts_match_findings,
    check_original_findings_cite_excerpts,
    check_claims_say_whether_an_original_was_found,
]


# ----------------------------------------------------------------------------- the real data


def test_loader_accepts_every_knowledge_table(corpus):
    sizes = {name: len(corpus.table(name)) for name in TABLES}
    assert sizes["areas"] == 11
    assert sizes["area_wordings"] == 11 * len(corpus.source_ids)
    assert sizes["claims"] >= 40, sizes
    assert sizes["discrepancies"] >= 40, sizes
    assert sizes["timeline"] >= 15, sizes
    assert sizes["glossary"] >= 14, sizes


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.__name__)
def test_real_data_passes(check):
    problems = check(DATA)
    assert not problems, "\n".join(problems)


def test_loader_and_direct_reading_agree_on_quotes(corpus):
    for table, column in QUOTED.items():
        frame = corpus.table(table)
        for line, row in enumerate(frame.itertuples(index=False), start=2):
            quote = getattr(row, column)
            if quote:
                text = corpus.text(row.source_id)
                assert text[int(row.start) : int(row.end)] == quote, f"{table}.csv line {line}"


def test_data_package_is_valid_frictionless():
    report = frictionless.validate(DATA / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_every_field_is_described():
    for resource in read_package(DATA)["resources"]:
        if resource["name"] in TABLES:
            assert resource.get("description"), resource["name"]
            for spec in resource["schema"]["fields"]:
                assert spec.get("description"), f"{resource['path']}: field {spec['name']!r}"


def test_files_are_tidy_csv():
    for table in TABLES:
        raw = (DATA / f"{table}.csv").read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), f"{table}.csv starts with a BOM"
        assert b"\r" not in raw, f"{table}.csv has a carriage return"
        assert raw.endswith(b"\n"), f"{table}.csv does not end with a newline"
        for line, row in rows(DATA, table):
            for column, cell in row.items():
                assert "\n" not in cell, where(DATA, table, line, column) + ": newline in cell"


def test_areas_match_the_reference_record():
    if not RECORD.is_file():
        pytest.skip("the shared reference record is not beside this clone")
    table = re.findall(r"^\| (\d{1,2}) \| ([^|]+) \| ([^|]+) \|$", RECORD.read_text("utf-8"), re.M)
    record = {number: (korean.strip(), english.strip()) for number, korean, english in table}
    ours = {row["area_no"]: (row["korean"], row["english"]) for _, row in rows(DATA, "areas")}
    assert ours == record


def test_timeline_dates_are_ordered_and_match_their_precision():
    precision = {4: "year", 7: "month", 10: "day"}
    previous = ""
    for line, row in rows(DATA, "timeline"):
        here = where(DATA, "timeline", line, "date")
        assert precision[len(row["date"])] == row["date_precision"], here
        assert row["date"] >= previous, f"{here}: {row['date']} comes before {previous}"
        if row["end_date"]:
            assert len(row["end_date"]) == len(row["date"]), here
            assert row["end_date"] > row["date"], here
        previous = row["date"]
    dates = [row["date"] for _, row in rows(DATA, "timeline")]
    assert dates[0] == "2005" and "2023-07-11" in dates


def test_claims_are_atomic_ordered_and_typed():
    last_end: dict[str, int] = {}
    for line, row in rows(DATA, "claims"):

        def here(column: str, line: int = line) -> str:
            return where(DATA, "claims", line, column)

        assert row["claim_id"].startswith(row["source_id"] + "-"), here("claim_id")
        start, end = int(row["start"]), int(row["end"])
        assert start >= last_end.get(row["source_id"], 0), f"{here('start')}: overlaps previous"
        last_end[row["source_id"]] = end
        kind, value = row["value_type"], row["value"]
        if kind == "none":
            assert value == "", here("value")
        elif kind == "date":
            assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?|--\d{2}-\d{2}", value), here("value")
        elif kind == "number":
            assert re.fullmatch(r"\d+", value), here("value")
        else:
            assert value, here("value")
        if kind == "quote":
            assert row["topic"] == "speech" and row["speaker"], here("speaker")
            assert value in row["quote"], here("value")
        if row["speaker"]:
            assert row["topic"] == "speech", here("topic")


def test_discrepancy_status_kind_and_record_agree():
    statuses = {"consistent": 0, "discrepancy": 0}
    for line, row in rows(DATA, "discrepancies"):
        statuses[row["status"]] += 1
        here = where(DATA, "discrepancies", line, "kind")
        assert (row["kind"] == "consistent") == (row["status"] == "consistent"), here
        if (
            row["status"] == "consistent"
        ):  # checked against the record, the other text or an original
            checked = row["record_says"] or row["excerpt_ids"] or row["scope"] == "between-sources"
            assert checked, here
        if row["record_says"]:
            assert row["reference_ids"], where(DATA, "discrepancies", line, "reference_ids")
    assert statuses["consistent"] >= 15 and statuses["discrepancy"] >= 20, statuses


def test_every_declared_kind_and_scope_is_used():
    """The taxonomy lists only what the findings use (a declared but unused kind misleads)."""
    schema = {
        f["name"]: f
        for r in read_package(DATA)["resources"]
        if r["name"] == "discrepancies"
        for f in r["schema"]["fields"]
    }
    findings = [row for _, row in rows(DATA, "discrepancies")]
    for column in ("kind", "scope"):
        unused = set(schema[column]["constraints"]["enum"]) - {row[column] for row in findings}
        assert not unused, f"discrepancies.{column}: declared but never used: {sorted(unused)}"


def test_area_wordings_empty_exactly_when_omitted():
    for line, row in rows(DATA, "area_wordings"):
        omitted = row["faithfulness"] == "omitted"
        assert omitted == (row["wording"] == ""), where(DATA, "area_wordings", line, "wording")
        assert omitted == (row["gloss"] == ""), where(DATA, "area_wordings", line, "gloss")


# ----------------------------------------------------------------------------- broken copies


def set_cell(path: Path, line: int, column: str, value: str | Callable[[str], str]) -> None:
    with open(path, encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    index = table[0].index(column)
    old = table[line - 1][index]
    table[line - 1][index] = value(old) if callable(value) else value
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(table)


def shift(cell: str) -> str:
    return str(int(cell) + 1)


BROKEN = [
    # (file, line, field, new value, what the message must say after "file: line N, field X")
    ("claims.csv", 2, "start", shift, r"field 'quote': not verbatim"),
    ("claims.csv", 5, "end", shift, r"field 'quote': not verbatim"),
    ("claims.csv", 3, "claim_id", "sugawa-01", r"field 'claim_id': duplicate id"),
    ("claims.csv", 4, "topic", "weather", r"field 'topic': 'weather' is not one of"),
    ("claims.csv", 6, "source_id", "nosuch", r"field 'source_id': 'nosuch' is not a source_id"),
    ("claims.csv", 2, "start", "-1", r"field 'start': -1 is below the minimum 0"),
    ("timeline.csv", 2, "reference_ids", "N2 Z99", r"field 'reference_ids': 'Z99' is not a"),
    ("timeline.csv", 3, "date", "11/7/2023", r"field 'date': '11/7/2023' does not match"),
    ("timeline.csv", 4, "date_precision", "week", r"field 'date_precision': 'week' is not one"),
    ("timeline.csv", 3, "event_id", "t01", r"field 'event_id': duplicate id"),
    ("timeline.csv", 3, "start", shift, r"field 'quote': not verbatim"),
    ("areas.csv", 2, "area_no", "12", r"field 'area_no': 12 is above the maximum 11"),
    ("areas.csv", 4, "reference_ids", "", r"field 'reference_ids': empty, but a value is required"),
    ("areas.csv", 5, "reference_ids", "K99", r"field 'reference_ids': 'K99' is not a"),
    ("area_wordings.csv", 3, "area_no", "1", r"field 'area_no', 'source_id': duplicate id"),
    ("area_wordings.csv", 2, "end", shift, r"field 'wording': not verbatim"),
    ("area_wordings.csv", 4, "faithfulness", "literal", r"field 'faithfulness': 'literal' is not"),
    ("area_wordings.csv", 5, "source_id", "nosuch", r"field 'source_id': 'nosuch' is not a"),
    ("area_wordings.csv", 6, "confidence", "sure", r"field 'confidence': 'sure' is not one of"),
    ("discrepancies.csv", 2, "claim_ids", "sugawa-99", r"field 'claim_ids': 'sugawa-99' is not a"),
    ("discrepancies.csv", 3, "status", "maybe", r"field 'status': 'maybe' is not one of"),
    ("discrepancies.csv", 4, "reference_ids", "N3", r"field 'reference_ids': 'N3' is not a"),
    ("discrepancies.csv", 5, "finding_id", "d01", r"field 'finding_id': duplicate id"),
    ("discrepancies.csv", 6, "source_ids", "sugawa blog", r"field 'source_ids': 'blog' is not a"),
    ("glossary.csv", 3, "term", "ITPP", r"field 'term': duplicate id"),
    ("glossary.csv", 4, "source_ids", "tempo", r"field 'source_ids': 'tempo' is not a source_id"),
    ("glossary.csv", 5, "english", "", r"field 'english': empty, but a value is required"),
]


@pytest.mark.parametrize(
    ("name", "line", "column", "value", "message"),
    BROKEN,
    ids=[f"{name}:{line}:{column}" for name, line, column, _, _ in BROKEN],
)
def test_broken_table_is_refused_naming_file_line_and_field(
    data_copy, name, line, column, value, message
):
    set_cell(data_copy / name, line, column, value)
    expected = re.escape(f"{data_copy / name}: line {line}, ") + message
    with pytest.raises(DataError, match=expected):
        helpers.load_corpus(data_copy)


def test_direct_quote_check_catches_a_shifted_offset(data_copy):
    set_cell(data_copy / "claims.csv", 7, "start", shift)
    row = rows(data_copy, "claims")[5][1]
    found = texts(data_copy)[row["source_id"]][int(row["start"]) : int(row["end"])]
    assert check_quotes_at_offsets(data_copy) == [
        f"{where(data_copy, 'claims', 7, 'quote')}: text at {row['start']}..{row['end']} is "
        f"{found!r}"
    ]


def test_direct_id_checks_catch_duplicates_and_dangling_ids(data_copy):
    set_cell(data_copy / "glossary.csv", 4, "term", "ITPP")
    set_cell(data_copy / "discrepancies.csv", 3, "claim_ids", "koreanet-99")
    duplicates, dangling = check_unique_ids(data_copy), check_ids_resolve(data_copy)
    assert len(duplicates) == 1 and "glossary.csv: line 4, field 'term'" in duplicates[0]
    assert dangling == [
        f"{where(data_copy, 'discrepancies', 3, 'claim_ids')}: 'koreanet-99' is not a claim_id "
        f"in claims.csv"
    ]


def test_missing_area_row_is_reported(data_copy):
    path = data_copy / "area_wordings.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:5] + lines[6:]), encoding="utf-8")  # drops line 6
    problems = check_areas_once_per_source(data_copy)
    assert problems == [f"{path}: no row for area 5 in sugawa"]


def test_discrepancy_quote_outside_its_claims_is_reported(data_copy):
    set_cell(data_copy / "discrepancies.csv", 2, "quotes", "Selasa (11/7/2023) | Rabu (12/7/2023)")
    problems = check_discrepancy_quotes(data_copy)
    assert len(problems) == 1
    assert "discrepancies.csv: line 2, field 'quotes': 'Rabu (12/7/2023)'" in problems[0]


def test_glossary_term_absent_from_its_source_is_reported(data_copy):
    line = next(n for n, row in rows(data_copy, "glossary") if row["term"] == "SDM")
    set_cell(data_copy / "glossary.csv", line, "source_ids", "koreanet sugawa")
    assert check_glossary_terms(data_copy) == [
        f"{where(data_copy, 'glossary', line, 'source_ids')}: the term 'SDM' does not occur in "
        f"sugawa's text"
    ]


def test_uncovered_sentence_is_reported(data_copy):
    path = data_copy / "claims.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    dropped = [n for n, row in rows(data_copy, "claims") if row["claim_id"] == "koreanet-20"]
    path.write_text("".join(line for n, line in enumerate(lines, 1) if n not in dropped), "utf-8")
    problems = check_claims_cover_sentences(data_copy)
    assert len(problems) == 1
    assert "Presiden Yoon dan Sekjen Stoltenberg juga mendiskusikan" in problems[0]


def test_sentence_splitter_handles_closing_quotes_and_abbreviations():
    text = 'SUGAWA.ID- Satu. "Dua," kata dia. "Tiga."\nEmpat'
    assert [text[a:b].strip() for a, b in sentences(text)] == [
        "SUGAWA.ID- Satu.",
        '"Dua," kata dia.',
        '"Tiga."',
        "Empat",
    ]


def line_of(data_dir: Path, table: str, column: str, value: str) -> int:
    return next(n for n, row in rows(data_dir, table) if row[column] == value)


def test_a_correct_phrase_cited_as_at_issue_is_reported(data_copy):
    # The review's case: d32 once listed sugawa's correct "29 negara Eropa ..." (judged correct
    # by d33) among the words at issue.
    line = line_of(data_copy, "discrepancies", "finding_id", "d32")
    set_cell(data_copy / "discrepancies.csv", line, "claim_ids", "sugawa-06 sugawa-23")
    set_cell(
        data_copy / "discrepancies.csv",
        line,
        "quotes",
        "aliansi pimpinan AS | 29 negara Eropa bersama dengan AS dan Kanada",
    )
    problems = check_correct_phrases_not_at_issue(data_copy)
    assert len(problems) == 1
    assert f"discrepancies.csv: line {line}, field 'quotes'" in problems[0]
    assert "judged correct by d33" in problems[0]


def test_a_claim_cited_without_words_at_issue_is_reported(data_copy):
    line = line_of(data_copy, "discrepancies", "finding_id", "d32")
    set_cell(data_copy / "discrepancies.csv", line, "claim_ids", "sugawa-06 sugawa-23")
    assert check_cited_claims_have_words_at_issue(data_copy) == [
        f"{where(data_copy, 'discrepancies', line, 'claim_ids')}: sugawa-23 is cited but none "
        f"of the quotes at issue is in it"
    ]


def test_area_verdicts_that_contradict_the_findings_are_reported(data_copy):
    wordings = data_copy / "area_wordings.csv"
    shifted = next(
        n
        for n, row in rows(data_copy, "area_wordings")
        if (row["area_no"], row["source_id"]) == ("9", "sugawa")
    )
    set_cell(wordings, shifted, "faithfulness", "shifted")
    blamed = line_of(data_copy, "discrepancies", "finding_id", "d36")
    set_cell(data_copy / "discrepancies.csv", blamed, "claim_ids", "sugawa-14")
    set_cell(data_copy / "discrepancies.csv", blamed, "quotes", "teknologi baru")
    problems = check_area_verdicts_match_findings(data_copy)
    assert len(problems) == 2, problems
    assert f"line {shifted}, field 'faithfulness': shifted, but no translation-shift" in problems[1]
    assert "faithful, but d36 call it wrong" in problems[0]


def test_findings_on_originals_without_their_excerpts_are_reported(data_copy):
    path = data_copy / "discrepancies.csv"
    bare = line_of(data_copy, "discrepancies", "finding_id", "d56")
    set_cell(path, bare, "excerpt_ids", "")
    unlisted = line_of(data_copy, "discrepancies", "finding_id", "d61")
    set_cell(path, unlisted, "reference_ids", "K2 K20")
    assert check_original_findings_cite_excerpts(data_copy) == [
        f"{where(data_copy, 'discrepancies', bare, 'excerpt_ids')}: empty",
        f"{where(data_copy, 'discrepancies', unlisted, 'reference_ids')}: K1 (of o03) is missing",
    ]


def test_a_claim_that_misstates_its_original_is_reported(data_copy):
    line = line_of(data_copy, "claims", "claim_id", "sugawa-03")
    set_cell(data_copy / "claims.csv", line, "original", "not found")
    assert check_claims_say_whether_an_original_was_found(data_copy) == [
        f"{where(data_copy, 'claims', line, 'original')}: 'not found', but originals.csv links "
        f"sugawa-03"
    ]
