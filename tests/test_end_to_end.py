"""A teacher adds a third article to a copy of the data and reruns the whole comparison."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient

import helpers

# A made-up third report: its own by-line and related-articles list, one sentence close to
# sugawa's, and a different count of areas (12), so the comparison has something to find.
THIRD = "\n".join(
    [
        "Oleh: Redaksi Contoh",
        "BANDUNG, CONTOH.id - Presiden Korea Selatan Yoon Suk Yeol menekankan perlunya "
        "melembagakan kerangka kerja sama dengan NATO pada pertemuan dengan Sekretaris Jenderal "
        "NATO Jens Stoltenberg.",
        "Kemitraan baru itu mencakup 12 bidang, kata juru bicara kepresidenan.",
        "Dialog antara Korea dan NATO dimulai pada tahun 2005.",
        "“Keamanan Eropa dan Indo-Pasifik saling terkait,” ujar Stoltenberg.",
        "Baca Juga",
        "Harga Cabai Naik Menjelang Lebaran",
        "",
    ]
)


def test_a_third_source_flows_through_clean_split_collate_and_compare(tmp_path: Path):
    data = helpers.copy_data(tmp_path / "data")
    article = tmp_path / "contoh.txt"
    article.write_text(THIRD, encoding="utf-8")
    helpers.add_source(data, "contoh", article, outlet="Contoh.id", language="id")

    corpus = helpers.load_corpus(data)
    assert corpus.source_ids == ["sugawa", "koreanet", "contoh"]

    cleaned = helpers.clean_text(corpus.text("contoh"))
    assert [piece.reason for piece in cleaned.removed] == [
        "by-line",
        "dateline",
        "related-articles heading",
        "related-article title",
    ]
    sentences = {
        source_id: helpers.split_sentences(helpers.clean_text(corpus.text(source_id)).body)
        for source_id in corpus.source_ids
    }
    assert len(sentences["contoh"]) == 4
    assert sentences["contoh"][3].text.endswith("ujar Stoltenberg.")

    table = helpers.collate(corpus)
    assert list(table.columns) == [*corpus.source_ids, "confidence"]
    for source_id, own in sentences.items():
        assert sorted(c for c in table[source_id] if c) == sorted(s.text for s in own)
    yoon = table[table["contoh"].str.startswith("Presiden Korea Selatan Yoon Suk Yeol")]
    assert yoon["sugawa"].str.startswith("Pada pertemuan dengan Sekretaris Jenderal").all()

    facts = helpers.compare_facts(corpus)
    assert list(facts.columns) == ["kind", "value", "unit", *corpus.source_ids, "status", "note"]

    def row(kind: str, value: str, unit: str = "") -> pd.Series:
        match = facts[(facts.kind == kind) & (facts.value == value) & (facts.unit == unit)]
        assert len(match) == 1, (kind, value, unit)
        return match.iloc[0]

    eleven = row("number", "11", "bidang")
    assert (eleven["sugawa"], eleven["koreanet"], eleven["contoh"]) == ("11", "sebelas", "")
    assert eleven["status"] == "differ"
    assert row("number", "12", "bidang")["status"] == "differ"
    assert row("year", "2005")["status"] == "only in contoh"
    assert row("year", "2012")["status"] == "only in sugawa, koreanet"
    assert row("name", "Jens Stoltenberg")["status"] == "agree"
    quote = facts[(facts.kind == "quote") & (facts.contoh != "")]
    assert quote["status"].tolist() == ["only in contoh"]


# --- The notebooks, run on a data copy with three and with four sources -----------------------

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
IMITATION = Path(__file__).resolve().parent / "gold" / "alignment" / "texts" / "broadcaster.txt"
NOTEBOOKS_ON_ANY_SOURCES = [
    "03-agreement-contents",
    "04-source-discrepancies",
    "05-checking-against-the-record",
    "06-lost-in-translation",
    "07-bring-your-own-source",
]
# These lay out every source in the data; 05 and 06 check the two course articles against the
# record and the originals, and 07 works on its own copy of whatever it loaded.
SHOW_EVERY_SOURCE = {"03-agreement-contents", "04-source-discrepancies"}


def demonstration_text() -> str:
    """The course-written demonstration text of notebook 07, from the data package."""
    return "\n".join(helpers.load_corpus().table("demo_text")["sentence"]) + "\n"


def data_with_sources(folder: Path, count: int) -> Path:
    """A copy of the course data with ``count`` sources: the two articles, then an imitation
    report written by the project (tests/gold), then the course-written demonstration text."""
    data = helpers.copy_data(folder / "data")
    helpers.add_source(
        data, "broadcaster", IMITATION, outlet="Imitation (tests/gold)", language="id"
    )
    if count == 4:
        demo = folder / "demo.txt"
        demo.write_text(demonstration_text(), encoding="utf-8")
        helpers.add_source(data, "demo", demo, outlet="Course demonstration text", language="id")
    assert len(helpers.load_corpus(data).source_ids) == count
    return data


@pytest.mark.parametrize("count", [3, 4])
@pytest.mark.parametrize("name", NOTEBOOKS_ON_ANY_SOURCES)
def test_notebook_runs_on_more_sources(name, count, tmp_path, monkeypatch):
    data = data_with_sources(tmp_path, count)
    monkeypatch.setenv("ITPP_DATA_DIR", str(data))  # the kernel inherits it
    notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    client = NotebookClient(
        notebook, timeout=180, kernel_name="python3", resources={"metadata": {"path": NOTEBOOKS}}
    )
    client.execute()  # raises CellExecutionError naming the cell that failed
    shown = "".join(
        str(output.get("text", "")) + str(output.get("data", {}).get("text/plain", ""))
        for cell in notebook.cells
        for output in cell.get("outputs", [])
    )
    if name in SHOW_EVERY_SOURCE:
        assert "broadcaster" in shown, f"{name} did not show the added source"
