"""The loader finds data/ from anywhere, accepts the real data and refuses bad input clearly.

Each bad-input test breaks one thing in a temporary copy of data/ and checks that the one
DataError names the file, the line and the field that is wrong.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from pathlib import Path

import frictionless
import pytest

import helpers
from helpers.data import DataError, find_data_dir

DATA = Path(__file__).resolve().parent.parent / "data"
SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
RECORD = Path(__file__).resolve().parent.parent.parent / "shared" / "reference" / "record.md"
RECORD_AREAS = Path(__file__).resolve().parent / "fixtures" / "record_areas.csv"


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


def test_corpus_text_rejects_unknown_and_non_string_ids():
    corpus = helpers.load_corpus()
    with pytest.raises(KeyError, match="unknown source_id 'nope'"):
        corpus.text("nope")
    with pytest.raises(TypeError, match="source_id must be a str"):
        corpus.text(3)


# --- the record cross-check, from a committed fixture ---------------------------------------


def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_areas_match_the_record_fixture(corpus):
    record = [(r["area_no"], r["korean"], r["english"]) for r in read_rows(RECORD_AREAS)]
    areas = corpus.table("areas")
    ours = [(str(r.area_no), r.korean, r.english) for r in areas.itertuples()]
    assert len(record) == 11
    assert ours == record


@pytest.mark.skipif(
    not RECORD.is_file(), reason="the shared reference record is not beside this clone"
)
def test_the_record_fixture_still_matches_the_record():
    table = re.findall(r"^\| (\d{1,2}) \| ([^|]+) \| ([^|]+) \|$", RECORD.read_text("utf-8"), re.M)
    record = [(number, korean.strip(), english.strip()) for number, korean, english in table]
    fixture = [(r["area_no"], r["korean"], r["english"]) for r in read_rows(RECORD_AREAS)]
    assert fixture == record


# --- hostile or broken input: one DataError naming file, line and field ---------------------


def package_json(path: Path) -> dict:
    return json.loads((path / "datapackage.json").read_text(encoding="utf-8"))


def write_package(path: Path, package: dict) -> None:
    text = json.dumps(package, indent=2, ensure_ascii=False) + "\n"
    (path / "datapackage.json").write_text(text, encoding="utf-8")


def test_a_csv_cell_over_the_reader_limit_names_file_and_line(data_copy):
    path = data_copy / "references.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(3, 'Z1,"' + "x" * 140_000 + "\n")  # an unclosed quotation mark swallows the rest
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(
        DataError, match=r"references\.csv: line 4: a cell longer than 131,072 characters"
    ):
        helpers.load_corpus(data_copy)


def test_a_package_without_resources_is_a_data_error(data_copy):
    package = package_json(data_copy)
    del package["resources"]
    write_package(data_copy, package)
    with pytest.raises(DataError, match=r"datapackage\.json: no 'resources' list"):
        helpers.load_corpus(data_copy)


def test_a_resource_without_schema_is_named(data_copy):
    package = package_json(data_copy)
    del package["resources"][2]["schema"]
    write_package(data_copy, package)
    name = package["resources"][2]["name"]
    with pytest.raises(DataError, match=rf"resource '{name}': no 'schema' with a 'fields' list"):
        helpers.load_corpus(data_copy)


def test_a_resource_path_outside_data_is_refused(data_copy):
    package = package_json(data_copy)
    package["resources"][1]["path"] = "../secrets.csv"
    write_package(data_copy, package)
    with pytest.raises(DataError, match=r"resource 'references': path '\.\./secrets\.csv'"):
        helpers.load_corpus(data_copy)


def test_a_folder_where_a_file_should_be_says_so(data_copy):
    (data_copy / "sources" / "koreanet.txt").unlink()
    (data_copy / "sources" / "koreanet.txt").mkdir()
    with pytest.raises(
        DataError, match=r"koreanet\.txt: a folder, where a file was expected.*field 'file'"
    ):
        helpers.load_corpus(data_copy)


def test_a_symbolic_link_loop_says_so(data_copy):
    path = data_copy / "references.csv"
    path.unlink()
    path.symlink_to(path)
    with pytest.raises(
        DataError, match=r"references\.csv: a symbolic link that loops back on itself"
    ):
        helpers.load_corpus(data_copy)


def test_a_dangling_symbolic_link_names_its_target(data_copy):
    path = data_copy / "references.csv"
    path.unlink()
    path.symlink_to(data_copy / "gone.csv")
    with pytest.raises(DataError, match=r"references\.csv: a symbolic link to .*gone\.csv"):
        helpers.load_corpus(data_copy)


def test_a_nul_byte_names_file_and_line(data_copy):
    path = data_copy / "glossary.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[4] = lines[4].replace(",", ",\x00", 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DataError, match=r"glossary\.csv: line 5: a NUL byte"):
        helpers.load_corpus(data_copy)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1_1", "'1_1' is not an integer"),
        ("\u0661\u0661", "'١١' is not an integer"),
        (" 11", "' 11' has spaces at its start or end"),
        ("+11", "'\\+11' is not an integer"),
    ],
)
def test_integers_are_ascii_digits_only(data_copy, value, message):
    set_cell(data_copy / "areas.csv", 4, "area_no", value)
    with pytest.raises(DataError, match=rf"areas\.csv: line 4, field 'area_no': {message}"):
        helpers.load_corpus(data_copy)


def test_a_pattern_with_digits_refuses_arabic_indic_digits(data_copy):
    set_cell(data_copy / "timeline.csv", 2, "date", "\u0662\u0660\u0660\u0665")
    with pytest.raises(DataError, match=r"timeline\.csv: line 2, field 'date'.*pattern"):
        helpers.load_corpus(data_copy)


@pytest.mark.parametrize("value", ["nan", "inf", "1_0", "\u0661"])
def test_a_number_that_python_would_accept_is_still_refused(data_copy, value):
    path = data_copy / "questions.csv"
    set_cell(path, 2, "tolerance", value)
    with pytest.raises(DataError, match=r"questions\.csv: line 2, field 'tolerance'.*not a number"):
        helpers.load_corpus(data_copy)


def test_an_impossible_date_says_why(data_copy):
    set_cell(data_copy / "sources.csv", 2, "published", "2023-02-30")
    with pytest.raises(DataError, match=r"'2023-02-30' is not a date \(day is out of range"):
        helpers.load_corpus(data_copy)


@pytest.mark.parametrize(
    ("table", "line"),
    [("sources.csv", 3), ("references.csv", 2)],
)
@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "www.example.org/page", "/relative/path", "https://"]
)
def test_urls_must_be_absolute_web_addresses(data_copy, table, line, url):
    set_cell(data_copy / table, line, "url", url)
    with pytest.raises(DataError, match=rf"{table}: line {line}, field 'url': .*not a web address"):
        helpers.load_corpus(data_copy)


def test_a_line_break_inside_a_cell_is_refused(data_copy):
    set_cell(data_copy / "glossary.csv", 3, "explanation", "two\nlines")
    with pytest.raises(
        DataError, match=r"glossary\.csv: line 3, field 'explanation': a line break"
    ):
        helpers.load_corpus(data_copy)


def test_public_names_stay_importable_from_helpers_data():
    from helpers.data import Corpus, find_data_dir, load_corpus, read_package, sha256_of

    assert all(callable(name) for name in (Corpus, find_data_dir, load_corpus, read_package))
    assert callable(sha256_of)
    assert helpers.data.DataError is helpers.DataError is helpers.schema.DataError
