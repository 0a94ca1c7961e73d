"""The helpers speak the reader's language: feedback, figures, views and data errors.

With ``set_language("id")`` (the Indonesian edition's setup cell) every message a learner or
teacher meets from the helpers is Indonesian; with ``set_language("en")`` it is English again.
Every test ends with the language set back to English, so the other test modules, which expect
the English originals, are unaffected whatever order pytest runs them in.
"""

from __future__ import annotations

import string
from pathlib import Path

import matplotlib
import pandas as pd
import pytest
from babel.messages.pofile import read_po

from helpers import (
    AnswerTypeError,
    Caption,
    DataError,
    add_source,
    alt_text,
    check,
    claim_card,
    finding_view,
    plot_area_coverage,
    plot_discrepancies,
    plot_timeline,
    quote_card,
    side_by_side,
)
from helpers.i18n import _, language, set_language

matplotlib.use("Agg")
CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "id" / "LC_MESSAGES" / "helpers.po"
TIMELINE = pd.DataFrame(
    {
        "date": ["2005", "2023-07-11"],
        "date_precision": ["year", "day"],
        "event": ["Dialogue begins", "Vilnius summit"],
        "category": ["dialogue", "summit"],
    }
)
AREAS = pd.DataFrame({"area_no": [1, 2], "english": ["dialogue", "cyber defence"]})
WORDINGS = pd.DataFrame(
    {"area_no": [1, 2], "source_id": ["a", "a"], "faithfulness": ["faithful", "shifted"]}
)
FINDINGS = pd.DataFrame(
    {
        "kind": ["omission", "naming"],
        "source_ids": ["a", "a"],
        "status": ["discrepancy", "consistent"],
    }
)
QUOTE = "Presiden Yoon bertemu Sekjen NATO"
GLOSS = "President Yoon met the NATO Secretary General"


@pytest.fixture(autouse=True)
def english_afterwards():
    """Each test starts in English and may switch to Indonesian; the next one is English again."""
    set_language("en")
    yield
    set_language("en")


def drawn_texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]


# --- self-check feedback ---------------------------------------------------------------------


def test_feedback_for_each_verdict_is_indonesian():
    set_language("id")
    right = repr(check("01-itpp-areas", 11))
    assert right.startswith("✓ Benar. ") and " Sumber: " in right and "Sources:" not in right
    close = check("01-predecessor", "ICPP")  # two letters swapped
    assert repr(close).startswith("≈ Hampir. Ejaannya belum tepat: periksa lagi.")
    assert "Petunjuk: Satu atau dua huruf berbeda" in repr(close)
    partial = check("01-leaders", ["Yoon Suk Yeol", "Joe Biden"])
    assert partial.message == "1 dari 2 item sudah benar; 1 item tidak termasuk jawaban."
    wrong = check("01-itpp-areas", 12)
    assert repr(wrong).startswith("✗ Belum.\nPetunjuk: ")
    html = wrong._repr_html_()
    assert "Belum.</strong>" in html and "Petunjuk: " in html and "Not yet." not in html


def test_errors_about_the_answer_are_indonesian():
    set_language("id")
    with pytest.raises(AnswerTypeError, match=r"meminta sebuah angka \(int atau float"):
        check("01-itpp-areas", "11")
    with pytest.raises(AnswerTypeError, match="memerlukan jawaban Anda setelah ID latihan"):
        check("01-itpp-areas")


def test_the_verdict_word_is_looked_up_when_shown_not_when_judged():
    feedback = check("01-itpp-areas", 12)
    assert repr(feedback).startswith("✗ Not yet.\nHint: ")
    set_language("id")
    assert repr(feedback).startswith("✗ Belum.\nPetunjuk: ")
    set_language("en")
    assert "Not yet.</strong>" in feedback._repr_html_()


# --- figures ---------------------------------------------------------------------------------


def test_a_figures_title_labels_legend_and_alt_text_are_indonesian():
    set_language("id")
    fig = plot_timeline(TIMELINE)
    ax = fig.axes[0]
    assert ax.get_title() == "Linimasa: 2 peristiwa, 2005–2023"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("Tanggal", "Peristiwa (menurut urutan tanggal)")
    assert "tanggal diketahui sampai tahun" in drawn_texts(fig)
    assert alt_text(fig).startswith("Linimasa 2 peristiwa dari 2005 sampai 2023")
    assert "2023-07-11: Vilnius summit" in alt_text(fig)  # data stays as it is


def test_data_values_keep_their_name_with_the_indonesian_beside_it():
    set_language("id")
    coverage = plot_area_coverage(WORDINGS, AREAS)
    texts = drawn_texts(coverage)
    assert {"Kesetiaan", "faithful (setia)", "shifted (bergeser)", "Bidang ITPP"} <= set(texts)
    assert "faithful" in texts  # a cell's label is the data value itself
    assert alt_text(coverage).startswith("Matriks 2 bidang ITPP (baris) menurut 1 sumber")
    findings = plot_discrepancies(FINDINGS)
    assert {"discrepancy (ketidaksesuaian)", "consistent (konsisten)", "Jumlah temuan"} <= set(
        drawn_texts(findings)
    )
    assert "omission 1 ketidaksesuaian/0 konsisten" in alt_text(findings)


def test_figures_are_english_again_after_switching_back():
    set_language("id")
    set_language("en")
    assert language() == "en"
    fig = plot_timeline(TIMELINE)
    assert fig.axes[0].get_title() == "Timeline: 2 events, 2005–2023"
    assert "date known to the year" in drawn_texts(fig)
    legend = drawn_texts(plot_area_coverage(WORDINGS, AREAS))
    assert "faithful" in legend and "faithful (setia)" not in legend


# --- quote cards and views -------------------------------------------------------------------


def test_an_indonesian_quote_card_has_no_english_gloss_in_the_indonesian_edition():
    card = quote_card(QUOTE, GLOSS, "sugawa", 10, 10 + len(QUOTE))
    assert f"English: {GLOSS}" in repr(card) and GLOSS in card._repr_html_()
    set_language("id")
    assert repr(card) == f"“{QUOTE}”\n  Sumber: sugawa, karakter 10–{10 + len(QUOTE)}"
    html = card._repr_html_()
    assert GLOSS not in html and QUOTE in html and "Sumber: <code>sugawa</code>" in html


def test_a_quote_in_another_language_keeps_its_gloss_in_the_indonesian_edition():
    set_language("id")
    card = quote_card("대한민국", "Republic of Korea", "k", 0, 4, lang="ko")
    assert "Bahasa Inggris: Republic of Korea" in repr(card)


def test_views_built_on_the_course_data_speak_indonesian(corpus):
    claim_id = corpus.table("claims")["claim_id"].iloc[0]
    set_language("id")
    assert "Bahasa Inggris:" not in repr(claim_card(corpus, claim_id))
    finding_id = corpus.table("discrepancies")["finding_id"].iloc[0]
    text = repr(finding_view(corpus, finding_id))
    assert text.startswith(f"Temuan {finding_id}: ") and "Penjelasan: " in text
    assert repr(Caption(2, "…")) == "Gambar 2. …"
    view = repr(side_by_side("satu dua", "satu tiga"))
    assert view.startswith("berdampingan: kiri | kanan, 1 baris; 1 kata ada di keduanya")


# --- data errors ---------------------------------------------------------------------------


def test_a_data_error_from_add_source_is_indonesian_and_english_again(data_copy, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    set_language("id")
    with pytest.raises(DataError, match=r"empty\.txt: teks kosong \(argumen 'text_file'\)$"):
        add_source(data_copy, "kosong", empty, outlet="Uji", language="id")
    with pytest.raises(DataError, match="gunakan huruf kecil a-z"):
        add_source(data_copy, "Bad Id", empty, outlet="Uji", language="id")
    set_language("en")
    with pytest.raises(DataError, match=r"empty\.txt: empty text \(argument 'text_file'\)$"):
        add_source(data_copy, "kosong", empty, outlet="Test", language="id")


# --- the catalogue ---------------------------------------------------------------------------


def placeholders(text: str) -> list[tuple[str, str, str]]:
    """The named fields of a message with their conversion and format spec, in sorted order."""
    parsed = string.Formatter().parse(text)
    return sorted(
        (name, conversion or "", spec or "") for _, name, spec, conversion in parsed if name
    )


def test_every_helper_message_is_translated_with_the_same_fields():
    with CATALOGUE.open("rb") as file:
        catalogue = read_po(file)
    messages = [m for m in catalogue if m.id]
    assert messages
    for message in messages:
        assert message.string and not message.fuzzy, f"untranslated or stale: {message.id}"
        assert placeholders(message.string) == placeholders(message.id), message.id


def test_the_fixed_terms_are_the_ones_the_glossary_fixes():
    set_language("id")
    assert (_("Right."), _("Close."), _("Not yet."), _("Hint: {hint}")) == (
        "Benar.",
        "Hampir.",
        "Belum.",
        "Petunjuk: {hint}",
    )
