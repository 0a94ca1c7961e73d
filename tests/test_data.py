"""The loader finds data/ from anywhere, accepts the real data and refuses bad input clearly.

Each bad-input test breaks one thing in a temporary copy of data/ and checks that the one
DataError names the file, the line and the field that is wrong.
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import frictionless
import pytest

import helpers
from helpers.data import DataError, find_data_dir

DATA = Path(__file__).resolve().parent.parent / "data"
SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"



def rewrite_csv(path: Path, edit) -> None:
    """Apply ``edit(rows)`` to a CSV file's rows (header included) and write it back."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    edit(rows)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def set_cell(path: Path, line: int, column: str, value: str) -> None:
    def edit(rows: list[list[str]]) -> None:
        rows[line - 1][rows[0].index(column)] = value

    rewrite_csv(path, edit)


def test_real_data_loads_from_any_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    corpus = helpers.load_corpus()
    assert corpus.data_dir == DATA
    assert corpus.source_ids == ["sugawa", "koreanet"]
    for source_id, text in corpus.texts.items():
        assert text.strip(), source_id
        assert (
            hashlib.sha256(text.encode("utf-8")).hexdigest()
            == corpus.sources.loc[source_id, "sha256"]
        )


def test_environment_variable_points_at_another_copy(data_copy, monkeypatch):
    monkeypatch.setenv("ITPP_DATA_DIR", str(data_copy))
    assert find_data_dir() == data_copy
    assert helpers.load_corpus().data_dir == data_copy


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared seed folder is not beside this clone")
def test_sources_are_the_seed_files_byte_for_byte():
    corpus = helpers.load_corpus()
    seeds = {path.read_bytes() for path in SEEDS.glob("*.txt")}
    ours = {(DATA / row.file).read_bytes() for row in corpus.sources.itertuples()}
    assert ours == seeds


def test_data_package_is_valid_frictionless():
    report = frictionless.validate(DATA / "datapackage.json")
    problems = report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])
    assert report.valid, problems


def test_every_csv_in_data_is_described_in_the_package():
    described = {resource["path"] for resource in helpers.data.read_package()["resources"]}
    present = {path.name for path in DATA.glob("*.csv")}
    assert present <= described, f"tables without a schema: {sorted(present - described)}"


def test_missing_text_file_names_the_file(data_copy):
    (data_copy / "sources" / "koreanet.txt").unlink()
    with pytest.raises(DataError, match=r"koreanet\.txt: file not found.*field 'file'"):
        helpers.load_corpus(data_copy)


def test_missing_table_names_the_file(data_copy):
    (data_copy / "references.csv").unlink()
    with pytest.raises(DataError, match=r"references\.csv: file not found"):
        helpers.load_corpus(data_copy)


def test_checksum_mismatch_names_the_file_and_field(data_copy):
    with open(data_copy / "sources" / "sugawa.txt", "a", encoding="utf-8") as handle:
        handle.write("\nEdited.")
    with pytest.raises(DataError, match=r"sugawa\.txt: checksum mismatch.*field 'sha256'"):
        helpers.load_corpus(data_copy)


def test_duplicate_id_names_file_line_and_field(data_copy):
    set_cell(data_copy / "sources.csv", 3, "source_id", "sugawa")
    with pytest.raises(DataError, match=r"sources\.csv: line 3, field 'source_id': duplicate id"):
        helpers.load_corpus(data_copy)


def test_unknown_column_names_the_column(data_copy):
    rewrite_csv(data_copy / "sources.csv", lambda rows: [row.append("x") for row in rows])
    set_cell(data_copy / "sources.csv", 1, "x", "mood")
    with pytest.raises(DataError, match=r"sources\.csv: line 1 \(header\): unknown column.*'mood'"):
        helpers.load_corpus(data_copy)


def test_missing_column_names_the_column(data_copy):
    def drop_byline(rows: list[list[str]]) -> None:
        index = rows[0].index("byline")
        for row in rows:
            del row[index]

    rewrite_csv(data_copy / "sources.csv", drop_byline)
    with pytest.raises(
        DataError, match=r"sources\.csv: line 1 \(header\): missing column.*'byline'"
    ):
        helpers.load_corpus(data_copy)


def test_bad_date_names_line_and_field(data_copy):
    set_cell(data_copy / "sources.csv", 2, "published", "11/7/2023")
    with pytest.raises(
        DataError, match=r"sources\.csv: line 2, field 'published': '11/7/2023' is not a date"
    ):
        helpers.load_corpus(data_copy)


def test_impossible_date_is_refused(data_copy):
    set_cell(data_copy / "sources.csv", 3, "published", "2023-02-30")
    with pytest.raises(DataError, match=r"line 3, field 'published': '2023-02-30' is not a date"):
        helpers.load_corpus(data_copy)


def test_text_that_is_not_utf8_names_the_file_and_line(data_copy):
    path = data_copy / "sources" / "koreanet.txt"
    raw = path.read_bytes().replace(b"Lituania", "Lituánia".encode("latin-1"), 1)
    path.write_bytes(raw)
    set_cell(data_copy / "sources.csv", 3, "sha256", hashlib.sha256(raw).hexdigest())
    with pytest.raises(DataError, match=r"koreanet\.txt: line 3: not UTF-8 text \(byte 0xe1"):
        helpers.load_corpus(data_copy)


def test_table_that_is_not_utf8_names_the_file(data_copy):
    path = data_copy / "references.csv"
    path.write_bytes(path.read_bytes().replace("–".encode(), b"\x96", 1))
    with pytest.raises(DataError, match=r"references\.csv: line \d+: not UTF-8 text"):
        helpers.load_corpus(data_copy)


def test_empty_text_names_the_file(data_copy):
    path = data_copy / "sources" / "sugawa.txt"
    path.write_bytes(b"  \n\n")
    set_cell(data_copy / "sources.csv", 2, "sha256", hashlib.sha256(b"  \n\n").hexdigest())
    with pytest.raises(DataError, match=r"sugawa\.txt: empty text \(.*source_id 'sugawa'\)"):
        helpers.load_corpus(data_copy)


def test_required_field_left_empty(data_copy):
    set_cell(data_copy / "sources.csv", 3, "outlet", "")
    with pytest.raises(DataError, match=r"line 3, field 'outlet': empty, but a value is required"):
        helpers.load_corpus(data_copy)


def test_unresolved_reference_id_names_line_and_field(data_copy):
    set_cell(data_copy / "sources.csv", 2, "reference_ids", "K1 Z99")
    with pytest.raises(
        DataError, match=r"sources\.csv: line 2, field 'reference_ids': 'Z99' is not a reference_id"
    ):
        helpers.load_corpus(data_copy)


def test_ragged_row_is_reported_not_dropped(data_copy):
    path = data_copy / "references.csv"
    path.write_text(path.read_text(encoding="utf-8") + "Z1,too,few\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"references\.csv: line \d+: 3 cells, expected 6"):
        helpers.load_corpus(data_copy)


def test_data_error_shows_one_line_in_jupyter():
    error = DataError("data/x.csv: line 2, field 'y': bad")
    assert error._render_traceback_() == ["DataError: data/x.csv: line 2, field 'y': bad"]


def test_add_source_brings_a_new_article_into_a_copy(data_copy, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text("Presiden Yoon bertemu Sekjen NATO di Vilnius.", encoding="utf-8")
    helpers.add_source(data_copy, "third", article, outlet="Test outlet", language="id")
    corpus = helpers.load_corpus(data_copy)
    assert corpus.source_ids[-1] == "third"
    assert corpus.text("third") == article.read_text(encoding="utf-8")
    with pytest.raises(DataError, match="duplicate id: source_id 'third'"):
        helpers.add_source(data_copy, "third", article, outlet="Again", language="id")


def test_add_source_refuses_bad_input_before_writing(data_copy, tmp_path):
    before = (data_copy / "sources.csv").read_bytes()
    empty = tmp_path / "empty.txt"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"empty\.txt: empty text \(argument 'text_file'\)"):
        helpers.add_source(data_copy, "empty", empty, outlet="X", language="id")
    with pytest.raises(DataError, match=r"nothere\.txt: file not found"):
        helpers.add_source(data_copy, "x", tmp_path / "nothere.txt", outlet="X", language="id")
    with pytest.raises(TypeError, match=r"unknown metadata field.*colour"):
        helpers.add_source(data_copy, "x", empty, outlet="X", language="id", colour="red")
    assert (data_copy / "sources.csv").read_bytes() == before


def test_corpus_text_rejects_unknown_and_non_string_ids():
    corpus = helpers.load_corpus()
    with pytest.raises(KeyError, match="unknown source_id 'nope'"):
        corpus.text("nope")
    with pytest.raises(TypeError, match="source_id must be a str"):
        corpus.text(3)
