"""add_source checks every input before writing, writes both files or neither, and can be rerun.

Each bad-input test checks the one message and that the copy of the data is byte for byte as it
was; the course's own data/ is never a target.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import helpers
from helpers import DataError, add_source, copy_data
from helpers.data import COURSE_DATA_DIR

INDONESIAN = (
    "Presiden Korea Selatan Yoon Suk Yeol bertemu dengan Sekretaris Jenderal NATO di Vilnius "
    "pada hari Selasa. Kedua pemimpin itu sepakat untuk memperluas kerja sama yang sudah ada "
    "dan mengadopsi program kemitraan baru dalam sebelas bidang, kata juru bicara.\n"
)
ENGLISH = (
    "South Korean President Yoon Suk Yeol met the NATO Secretary General in Vilnius on "
    "Tuesday. The two leaders agreed to widen the cooperation that already exists and to "
    "adopt a new partnership programme in eleven areas, the spokesperson said.\n"
)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes, to show that nothing changed."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def article(tmp_path: Path, content: str | bytes, name: str = "article.txt") -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def test_a_new_article_is_added_and_loads(data_copy, tmp_path):
    stored = add_source(
        data_copy,
        "contoh",
        article(tmp_path, INDONESIAN),
        outlet="Contoh.id",
        language="id",
        published="2023-07-11",
        url="https://contoh.id/berita/1",
    )
    assert stored == data_copy / "sources" / "contoh.txt"
    corpus = helpers.load_corpus(data_copy)
    assert corpus.source_ids == ["sugawa", "koreanet", "contoh"]
    assert corpus.text("contoh") == INDONESIAN
    assert str(corpus.sources.loc["contoh", "published"]) == "2023-07-11"


def test_several_articles_each_under_the_id_the_teacher_chooses(data_copy, tmp_path):
    for source_id in ("kompas", "antara-2"):
        text = INDONESIAN.replace("Selasa", f"Selasa ({source_id})")
        add_source(data_copy, source_id, article(tmp_path, text), outlet=source_id, language="id")
    corpus = helpers.load_corpus(data_copy)
    assert corpus.source_ids == ["sugawa", "koreanet", "kompas", "antara-2"]
    assert "(antara-2)" in corpus.text("antara-2")


def test_rerunning_the_same_cell_changes_nothing(data_copy, tmp_path, recwarn):
    path = article(tmp_path, INDONESIAN)
    add_source(data_copy, "contoh", path, outlet="Contoh.id", language="id")
    before = snapshot(data_copy)
    add_source(data_copy, "contoh", path, outlet="Contoh.id", language="id")
    assert snapshot(data_copy) == before
    assert not recwarn.list


def test_rerunning_with_an_edited_article_replaces_it_and_says_so(data_copy, tmp_path):
    path = article(tmp_path, INDONESIAN)
    add_source(data_copy, "contoh", path, outlet="Contoh.id", language="id")
    path.write_text(INDONESIAN + "Kalimat tambahan ada di sini.\n", encoding="utf-8")
    with pytest.warns(UserWarning, match=r"source 'contoh' was already in .*sources\.csv; its "):
        add_source(data_copy, "contoh", path, outlet="Contoh.id (edited)", language="id")
    corpus = helpers.load_corpus(data_copy)
    assert corpus.source_ids == ["sugawa", "koreanet", "contoh"]
    assert corpus.text("contoh").endswith("Kalimat tambahan ada di sini.\n")
    assert corpus.sources.loc["contoh", "outlet"] == "Contoh.id (edited)"


def test_a_course_article_cannot_be_replaced(data_copy, tmp_path):
    before = snapshot(data_copy)
    with pytest.raises(DataError, match=r"source_id 'sugawa' is one of the course's own articles"):
        add_source(data_copy, "sugawa", article(tmp_path, INDONESIAN), outlet="X", language="id")
    assert snapshot(data_copy) == before


def test_a_missing_final_newline_does_not_glue_rows(data_copy, tmp_path):
    table = data_copy / "sources.csv"
    table.write_bytes(table.read_bytes().rstrip(b"\n"))
    add_source(data_copy, "contoh", article(tmp_path, INDONESIAN), outlet="C", language="id")
    lines = table.read_text(encoding="utf-8").splitlines()
    assert [line.split(",")[0] for line in lines] == ["source_id", "sugawa", "koreanet", "contoh"]
    assert helpers.load_corpus(data_copy).source_ids[-1] == "contoh"


# --- never the course's own data ---------------------------------------------------------


def test_no_folder_is_refused_with_what_to_do(tmp_path):
    before = snapshot(COURSE_DATA_DIR)
    with pytest.raises(DataError, match=r"add_source\(None, \.\.\.\): no folder given.*copy_data"):
        add_source(None, "contoh", article(tmp_path, INDONESIAN), outlet="C", language="id")
    assert snapshot(COURSE_DATA_DIR) == before


def test_the_course_data_folder_is_refused_by_any_path(tmp_path, monkeypatch):
    before = snapshot(COURSE_DATA_DIR)
    path = article(tmp_path, INDONESIAN)
    link = tmp_path / "looks-like-a-copy"
    link.symlink_to(COURSE_DATA_DIR)
    monkeypatch.chdir(COURSE_DATA_DIR.parent / "notebooks")
    for target in (COURSE_DATA_DIR, "../data", link):
        with pytest.raises(DataError, match=r"this is the course's own data/.*copy_data\("):
            add_source(target, "contoh", path, outlet="C", language="id")
    assert snapshot(COURSE_DATA_DIR) == before


def test_copy_data_makes_a_copy_and_keeps_it_when_rerun(tmp_path):
    target = copy_data(tmp_path / "my-data")
    add_source(target, "contoh", article(tmp_path, INDONESIAN), outlet="C", language="id")
    assert copy_data(tmp_path / "my-data") == target
    assert helpers.load_corpus(target).source_ids[-1] == "contoh"
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(DataError, match=r"other: already exists and is not a copy"):
        copy_data(tmp_path / "other")


# --- every input checked before anything is written --------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("published", "11 Juli 2023", r"'published': '11 Juli 2023' is not a date \(expected YYYY"),
        ("published", "2023-02-30", r"'published': '2023-02-30' is not a date"),
        ("url", "javascript:alert(1)", r"'url': 'javascript:alert\(1\)' is not a web address"),
        ("url", "kompas.com/berita", r"'url': 'kompas.com/berita' is not a web address"),
        ("outlet", "", r"'outlet': empty, but a value is required"),
        ("outlet", " Kompas", r"'outlet': ' Kompas' has spaces at its start or end"),
        ("notes", "two\nlines", r"'notes': 'two\\nlines' has a line break"),
        (
            "reference_ids",
            "Z99",
            r"'reference_ids': 'Z99' is not a reference_id in references\.csv",
        ),
    ],
)
def test_every_metadata_field_is_checked_before_writing(data_copy, tmp_path, field, value, message):
    before = snapshot(data_copy)
    metadata = {"outlet": "Contoh.id", "language": "id", field: value}
    with pytest.raises(DataError, match=message):
        add_source(data_copy, "contoh", article(tmp_path, INDONESIAN), **metadata)
    assert snapshot(data_copy) == before


@pytest.mark.parametrize(
    ("source_id", "error", "message"),
    [
        ("My Article", DataError, r"source_id 'My Article': use lower-case letters"),
        (None, DataError, r"source_id None: use lower-case letters"),
    ],
)
def test_a_bad_source_id_is_refused(data_copy, tmp_path, source_id, error, message):
    with pytest.raises(error, match=message):
        add_source(data_copy, source_id, article(tmp_path, INDONESIAN), outlet="C", language="id")


def test_unknown_or_non_text_metadata_is_refused(data_copy, tmp_path):
    path = article(tmp_path, INDONESIAN)
    with pytest.raises(TypeError, match=r"unknown metadata field\(s\): colour; the fields"):
        add_source(data_copy, "contoh", path, outlet="C", language="id", colour="red")
    with pytest.raises(TypeError, match=r"argument 'published' must be a text in quotes"):
        add_source(data_copy, "contoh", path, outlet="C", language="id", published=2023)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\n", r"a PDF file, not a plain text; copy the"),
        ("Presiden Yoon ke Vilnius.".encode("utf-16"), r"UTF-16 text \(save it again as UTF-8\)"),
        ("Presiden Yoon ke Vilnius.".encode("utf-16-le"), r"UTF-16 text"),
        (b"PK\x03\x04\x14\x00\x06\x00", r"a zipped document \(a Word \.docx"),
        (
            b"<!DOCTYPE html>\n<html><head><title>Berita</title></head><body><p>Yoon</p>",
            r"an HTML web page, not the article's text; copy the article's text into a \.txt",
        ),
        (
            b"<div class='nav'>Menu</div>\n<p>Presiden Yoon tiba.</p>\n<p>Di Vilnius.</p>\n",
            r"an HTML web page",
        ),
        ("Presiden Yoon tiba di Vilnius – ibu kota.".encode("cp1252"), r"not UTF-8 text"),
        (b"Presiden Yoon\x00 tiba.", r"a NUL byte"),
        (b"\xef\xbb\xbf \n", r"empty text"),
    ],
)
def test_files_that_are_not_plain_text_are_named(data_copy, tmp_path, content, message):
    before = snapshot(data_copy)
    with pytest.raises(DataError, match=message):
        add_source(data_copy, "contoh", article(tmp_path, content), outlet="C", language="id")
    assert snapshot(data_copy) == before


def test_a_folder_or_a_missing_file_is_named(data_copy, tmp_path):
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(DataError, match=r"folder\.txt: a folder, where a file was expected"):
        add_source(data_copy, "x", tmp_path / "folder.txt", outlet="C", language="id")
    with pytest.raises(DataError, match=r"nothere\.txt: file not found \(argument 'text_file'\)"):
        add_source(data_copy, "x", tmp_path / "nothere.txt", outlet="C", language="id")


def test_a_utf8_bom_is_removed_from_the_stored_copy(data_copy, tmp_path):
    path = article(tmp_path, b"\xef\xbb\xbf" + INDONESIAN.encode("utf-8"))
    stored = add_source(data_copy, "contoh", path, outlet="C", language="id")
    assert stored.read_bytes() == INDONESIAN.encode("utf-8")
    assert helpers.load_corpus(data_copy).text("contoh").startswith("Presiden")


def test_a_text_that_is_not_indonesian_is_added_with_a_warning(data_copy, tmp_path):
    with pytest.warns(UserWarning, match=r"does not look Indonesian.*alignment still work"):
        add_source(data_copy, "english", article(tmp_path, ENGLISH), outlet="E", language="en")
    assert helpers.load_corpus(data_copy).text("english") == ENGLISH


def test_an_indonesian_text_gets_no_language_warning(data_copy, tmp_path, recwarn):
    add_source(data_copy, "contoh", article(tmp_path, INDONESIAN), outlet="C", language="id")
    assert not recwarn.list


# --- both files or neither ------------------------------------------------------------------


def disk_full_for_the_table(monkeypatch) -> None:
    """Make the final rename of sources.csv fail as on a full disk; other files are written."""
    real_replace = os.replace

    def fail_on_the_table(source, target):
        if Path(target).name == "sources.csv":
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", fail_on_the_table)


def test_a_failed_table_write_removes_the_new_text(data_copy, tmp_path, monkeypatch):
    before = snapshot(data_copy)
    disk_full_for_the_table(monkeypatch)
    with pytest.raises(OSError, match="No space left"):
        add_source(data_copy, "contoh", article(tmp_path, INDONESIAN), outlet="C", language="id")
    assert snapshot(data_copy) == before  # no stray sources/contoh.txt, no temporary file


def test_a_failed_table_write_restores_a_replaced_text(data_copy, tmp_path, monkeypatch):
    path = article(tmp_path, INDONESIAN)
    add_source(data_copy, "contoh", path, outlet="C", language="id")
    before = snapshot(data_copy)
    path.write_text(INDONESIAN + "Tambahan di sini.\n", encoding="utf-8")
    disk_full_for_the_table(monkeypatch)
    with pytest.raises(OSError), pytest.warns(UserWarning, match="earlier copy is replaced"):
        add_source(data_copy, "contoh", path, outlet="C", language="id")
    assert snapshot(data_copy) == before


def test_a_read_only_table_is_refused_before_writing(data_copy, tmp_path, monkeypatch):
    before = snapshot(data_copy)
    real_access = os.access
    monkeypatch.setattr(
        os,
        "access",
        lambda path, mode: (
            mode != os.W_OK and real_access(path, mode)
            if Path(path).name == "sources.csv"
            else real_access(path, mode)
        ),
    )
    with pytest.raises(DataError, match=r"sources\.csv: read-only, so nothing was added"):
        add_source(data_copy, "contoh", article(tmp_path, INDONESIAN), outlet="C", language="id")
    assert snapshot(data_copy) == before


def test_copy_data_copies_the_course_data_even_when_itpp_data_dir_is_set(tmp_path, monkeypatch):
    elsewhere = copy_data(tmp_path / "first")
    add_source(elsewhere, "contoh", article(tmp_path, INDONESIAN), outlet="C", language="id")
    monkeypatch.setenv("ITPP_DATA_DIR", str(elsewhere))
    fresh = copy_data(tmp_path / "second")
    assert helpers.load_corpus(fresh).source_ids == ["sugawa", "koreanet"]
    assert helpers.load_corpus(copy_data(tmp_path / "third", source=elsewhere)).source_ids[-1] == (
        "contoh"
    )


def test_a_stray_text_without_a_row_is_never_overwritten(data_copy, tmp_path):
    stray = data_copy / "sources" / "contoh.txt"
    stray.write_text("someone else's file\n", encoding="utf-8")
    before = snapshot(data_copy)
    with pytest.raises(DataError, match=r"contoh\.txt: already exists, but no row of sources\.csv"):
        add_source(data_copy, "contoh", article(tmp_path, INDONESIAN), outlet="C", language="id")
    assert snapshot(data_copy) == before
