"""extract_facts, compare_facts and language_warning (helpers/facts.py)."""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest

import helpers.text
from helpers import (
    DataError,
    LanguageWarning,
    TextTooLongError,
    article_facts,
    clean_text,
    compare_facts,
    extract_facts,
    language_warning,
)
from helpers.facts import load_entities

ENGLISH = (
    "South Korea and NATO adopted a new partnership programme at the summit in Vilnius on "
    "Tuesday. The president met the secretary general before the opening session, and both "
    "said the partnership would cover eleven areas of cooperation over four years."
)


def facts_of(text: str, kind: str, **options) -> list[str]:
    facts = extract_facts(text, **options)
    for row in facts.itertuples():
        assert text[row.start : row.end] == row.text
    return facts.loc[facts["kind"] == kind, "value"].tolist()


# --- ported from test_compare.py -----------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("satu", "1"),
        ("tujuh", "7"),
        ("sepuluh", "10"),
        ("sebelas", "11"),
        ("dua belas", "12"),
        ("sembilan belas", "19"),
        ("dua puluh", "20"),
        ("dua puluh satu", "21"),
        ("sembilan puluh sembilan", "99"),
        ("seratus", "100"),
        ("seratus dua puluh lima", "125"),
        ("tiga ratus", "300"),
        ("seribu", "1000"),
        ("dua ribu dua puluh tiga", "2023"),
    ],
)
def test_indonesian_number_words(words, value):
    assert facts_of(f"Ada {words} negara yang hadir.", "number-word") == [value]


@pytest.mark.parametrize(
    "text",
    [
        "Korea menjadi salah satu mitra NATO.",
        "Keamanan tidak dapat dipisahkan satu sama lain.",
        "Hubungan kedua belah pihak membaik, kata keduanya.",
        "Itu satu-satunya jalan.",
    ],
)
def test_idioms_are_not_numbers(text):
    assert facts_of(text, "number-word") == []


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("Selasa (11/7/2023) mereka bertemu.", ["2023-07-11"]),
        ("Pada 11 Juli 2023 mereka bertemu.", ["2023-07-11"]),
        ("Pada tanggal 11 Juli (waktu setempat) mereka bertemu.", ["--07-11"]),
        ("Sejak Juli 2023 mereka bekerja sama.", ["2023-07"]),
        ("Kamis (13/7) ia tiba.", ["--07-13"]),
        ("Setengah atau 1/2 bagian.", []),
    ],
)
def test_dates(text, dates):
    assert facts_of(text, "date") == dates


def test_years_numbers_and_units_are_normalised():
    text = "Pada tahun 2006 ada 5.000 orang, naik 3,5 persen atau 3.5 persen, di 11 bidang."
    assert facts_of(text, "year") == ["2006"]
    facts = extract_facts(text)
    numbers = facts[facts["kind"] == "number"]
    assert numbers["value"].tolist() == ["5000", "3.5", "3.5", "11"]
    assert numbers["unit"].tolist() == ["orang", "persen", "persen", "bidang"]


def test_acronyms_with_their_expansions_are_one_mention():
    facts = extract_facts(
        "Bentuk baru itu ITPP (Individually Tailored Partnership Program) dari A.S. dan "
        "WHO (World Health Organization)."
    )
    acronyms = facts[facts["kind"] == "acronym"]
    assert acronyms["value"].tolist() == ["ITPP", "AS", "WHO"]
    assert acronyms["expansion"].tolist() == [
        "Individually Tailored Partnership Program",
        "",
        "World Health Organization",
    ]


def test_quotes_and_their_speakers(corpus):
    facts = extract_facts(clean_text(corpus.text("sugawa")).body)
    quotes = facts[facts["kind"] == "quote"]
    assert quotes["speaker"].tolist() == ["Yoon Suk Yeol", "Jens Stoltenberg", "Jens Stoltenberg"]
    assert quotes["text"].str.startswith("“").all() and quotes["text"].str.endswith("”").all()
    facts = extract_facts(clean_text(corpus.text("koreanet")).body)
    quotes = facts[facts["kind"] == "quote"]
    assert quotes["speaker"].tolist() == [
        "Kantor Kepresidenan Republik Korea",
        "keduanya",
        "Yoon Suk Yeol",
    ]


def test_a_scare_quoted_term_is_not_speech():
    assert facts_of('Korea disebut "negara kontak" oleh NATO.', "quote") == []


def test_names_drop_titles_and_ordinary_sentence_starts():
    text = "Dalam pertemuan itu Presiden Yoon menyapa Jens Stoltenberg. Dalam hal ini semua setuju."
    assert facts_of(text, "name") == ["Yoon Suk Yeol", "Jens Stoltenberg"]
    text = "Menurut Rahmat Hidayat, Selasa lalu Gubernur Bali bertemu Ani Lestari di Denpasar."
    assert facts_of(text, "name") == ["Rahmat Hidayat", "Bali", "Ani Lestari", "Denpasar"]


def test_real_articles_state_eleven_areas_as_digit_and_word(corpus):
    sugawa = extract_facts(clean_text(corpus.text("sugawa")).body)
    koreanet = extract_facts(clean_text(corpus.text("koreanet")).body)
    assert {("number", "11", "bidang")} <= set(
        zip(sugawa.kind, sugawa.value, sugawa.unit, strict=True)
    )
    assert {("number-word", "11", "bidang"), ("number-word", "7", "pemimpin")} <= set(
        zip(koreanet.kind, koreanet.value, koreanet.unit, strict=True)
    )
    sdm = koreanet[(koreanet["kind"] == "acronym") & (koreanet["value"] == "SDM")]
    assert sdm["expansion"].tolist() == ["sumber daya alam"]


@pytest.mark.parametrize(("text", "error"), [(None, TypeError), ("", ValueError)])
def test_extract_facts_refuses_bad_input(text, error):
    with pytest.raises(error, match="text"):
        extract_facts(text)


def test_extract_facts_refuses_a_year_that_is_not_an_int():
    with pytest.raises(TypeError, match="year must be an int"):
        extract_facts("Selasa (11/7) mereka bertemu.", year="2023")


# --- entities and names (issue 11, item 4) --------------------------------------------------


def test_an_abbreviated_country_before_a_name_is_two_entities():
    text = "Presiden Korsel Yoon Suk Yeol tiba di Lithuania bersama delegasi AS."
    assert facts_of(text, "name") == [
        "Korea Selatan",
        "Yoon Suk Yeol",
        "Lituania",
        "Amerika Serikat",
    ]


def test_variants_of_one_entity_agree_across_sources():
    table = compare_facts(
        {
            "a": "Presiden Korea Selatan Yoon Suk Yeol tiba di Lituania bersama Sekjen NATO.",
            "b": "Presiden Korsel Yoon tiba di Lithuania bersama Sekretaris Jenderal NATO.",
        }
    )
    names = table[table["kind"] == "name"].set_index("value")
    for entity in ["Korea Selatan", "Yoon Suk Yeol", "Lituania", "Sekretaris Jenderal NATO"]:
        assert names.at[entity, "status"] == "agree", entity
    assert names.at["Korea Selatan", "b"] == "Korsel"
    assert "NATO" in set(table.loc[table["kind"] == "acronym", "value"])  # still named inside


def test_programme_names_stay_whole():
    text = "Keduanya mengadopsi Program Kemitraan yang Disesuaikan secara Individual."
    assert facts_of(text, "name") == ["Program Kemitraan yang Disesuaikan secara Individual"]
    text = "Mereka membahas Program Pertukaran Perwira yang Didanai secara Bersama."
    assert facts_of(text, "name") == ["Program Pertukaran Perwira yang Didanai secara Bersama"]


def test_a_translated_programme_name_is_not_the_acronym():
    """Naming is a finding of the course (sugawa never writes ITPP), so translations stay apart."""
    table = compare_facts(
        {"a": "Korea mengadopsi ITPP.", "b": "Korea mengadopsi Rencana Kemitraan yang Baru."}
    )
    assert table.loc[table["value"] == "ITPP", "status"].tolist() == ["only in a"]


def test_every_alias_in_the_entities_table_finds_its_entity():
    table = load_entities()
    assert table["alias"].is_unique and (table["attested"].str.len() > 10).all()
    for alias, entity in zip(table["alias"], table["entity"], strict=True):
        facts = extract_facts(f"Dalam berita itu disebut {alias} beberapa kali.")
        assert entity in set(facts["value"]), alias


def test_a_data_copy_without_the_entities_table_uses_the_course_table(tmp_path, monkeypatch):
    data = Path(__file__).resolve().parents[1] / "data"
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    package["resources"] = [r for r in package["resources"] if r["name"] != "entities"]
    (tmp_path / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    monkeypatch.setenv("ITPP_DATA_DIR", str(tmp_path))
    with pytest.raises(DataError, match="no resource named 'entities'"):
        load_entities()
    assert facts_of("Presiden Korsel tiba.", "name") == ["Korea Selatan"]


def test_furniture_in_capitals_never_becomes_a_name_or_acronym():
    text = (
        "KORSEL DAN NATO SEPAKATI ITPP DI VILNIUS\n"
        "VILNIUS, KABARDUNIA.COM- Korea Selatan dan NATO mengadopsi ITPP di Vilnius.\n"
        "DUNIA\n"
        "Berita dunia hari ini membahas NATO dan Vilnius.\n"
    )
    facts = extract_facts(text)
    values = set(facts["value"])
    assert not values & {"COM", "DUNIA", "VILNIUS", "KORSEL", "DAN", "SEPAKATI", "DI"}
    assert facts_of(text, "acronym").count("NATO") == 3  # in the headline too: used elsewhere


def test_no_names_from_a_title_case_headline():
    text = "Menteri Budi Dan Rekan Teken Kerja Sama Baru Di Bali\nBudi Santoso bertemu rekannya."
    assert facts_of(text, "name") == ["Budi Santoso"]


# --- dates (issue 11, item 4) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "year", "dates"),
    [
        ("Mereka bertemu pada Selasa (11/7).", 2023, ["2023-07-11"]),
        ("Mereka bertemu pada Selasa (11/07).", 2023, ["2023-07-11"]),
        (
            "Mereka bertemu Selasa (11/7) dan sejak 5 Mei 2022 bekerja sama.",
            None,
            ["2022-07-11", "2022-05-05"],
        ),
        ("KTT digelar pada 11-12 Juli 2023.", None, ["2023-07-11", "2023-07-12"]),
        ("Mereka bertemu pada Selasa (11/7).", None, ["--07-11"]),
    ],
)
def test_short_dates_take_the_article_year(text, year, dates):
    assert facts_of(text, "date", year=year) == dates


def test_the_page_date_line_gives_the_year_of_short_dates():
    page = (
        "Selasa, 11 Juli 2023 19:05 WIB\n"
        "Korea Selatan dan NATO bertemu pada Selasa (11/7) di Vilnius.\n"
    )
    facts = article_facts(page)
    dates = facts[facts["kind"] == "date"]
    assert dates["value"].tolist() == ["2023-07-11"]
    assert page[dates["start"].iloc[0] : dates["end"].iloc[0]] == "11/7"


# --- quotes (issue 11, item 4) --------------------------------------------------------------


@pytest.mark.parametrize("verb", ["ujarnya", "katanya", "tuturnya", "kata dia", "ujar ia"])
def test_a_nya_attribution_goes_to_the_last_named_speaker(verb):
    text = (
        "Presiden Yoon bertemu Jens Stoltenberg. Stoltenberg mengatakan kemitraan itu penting. "
        f'"Keamanan tidak bersifat regional, keamanan bersifat global," {verb}.'
    )
    facts = extract_facts(text)
    assert facts.loc[facts["kind"] == "quote", "speaker"].tolist() == ["Jens Stoltenberg"]


def test_one_quotation_in_several_sources_is_one_row():
    said = "Kami berharap akan bisa mewujudkan kerja sama yang erat dengan NATO"
    table = compare_facts(
        {
            "a": f'"{said}," ujar Yoon.',
            "b": f"“{said}”, kata Presiden Yoon Suk Yeol.",
            "c": f'"{said.upper()[:1]}{said[1:]} milik aliansi itu," katanya.',
            "d": f'Yoon berkata: "{said[:40]}."',
        }
    )
    quotes = table[table["kind"] == "quote"]
    assert len(quotes) == 1
    assert quotes["status"].iloc[0] == "agree"


def test_different_quotations_stay_apart():
    table = compare_facts(
        {
            "a": '"Kami menghargai kemitraan dengan Anda," kata Stoltenberg.',
            "b": '"Apa yang terjadi di Eropa penting bagi Indo-Pasifik," kata Stoltenberg.',
        }
    )
    assert len(table[table["kind"] == "quote"]) == 2


# --- Unicode and language (issue 17 item 5, issue 11 item 4) -------------------------------


def test_zero_width_characters_do_not_split_words_and_evidence_is_raw():
    text = "Korea Selatan dan NA\u200bTO sepakat; Yoon\u00a0bertemu Stoltenberg.\ufeff"
    facts = extract_facts(text)
    acronyms = facts[facts["kind"] == "acronym"]
    assert acronyms["value"].tolist() == ["NATO"]
    assert acronyms["text"].tolist() == ["NA\u200bTO"]
    for row in facts.itertuples():
        assert text[row.start : row.end] == row.text


def test_composed_and_decomposed_accents_are_the_same_name():
    composed, decomposed = "Andr\u00e9 Dupont", "Andre\u0301 Dupont"
    table = compare_facts(
        {"a": f"Pada hari itu {composed} tiba.", "b": f"Pada hari itu {decomposed} tiba."}
    )
    row = table[(table["kind"] == "name") & (table["value"] == composed)]
    assert row["status"].tolist() == ["agree"]
    assert row["b"].tolist() == [decomposed]


def test_english_text_gets_a_warning_that_says_what_still_works():
    message = language_warning(ENGLISH)
    assert message and "does not look like Indonesian" in message and "still found" in message
    with pytest.warns(LanguageWarning, match="does not look like Indonesian"):
        extract_facts(ENGLISH)


def test_indonesian_and_short_texts_get_no_warning(corpus):
    for source in ("sugawa", "koreanet"):
        assert language_warning(clean_text(corpus.text(source)).body) is None
    assert language_warning("NATO dan Korea.") is None  # too short to judge
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        extract_facts(corpus.text("sugawa"))


# --- size limits (issue 17 item 5) ----------------------------------------------------------


def test_a_text_over_the_limit_is_refused_clearly(monkeypatch):
    monkeypatch.setattr(helpers.text, "MAX_TEXT_CHARS", 1000)
    with pytest.raises(TextTooLongError, match="1,001 characters; the limit is 1,000"):
        extract_facts("a" * 1001)
    with pytest.raises(TextTooLongError, match="one article at a time"):
        compare_facts({"a": "Kata. " * 200})


def _traced_lines(function, text: str) -> int:
    """Python lines executed in helpers/ while ``function(text)`` runs: a count of work."""
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        if "helpers" in frame.f_code.co_filename:
            count += event == "line"
            return tracer
        return None

    sys.settrace(tracer)
    try:
        function(text)
    finally:
        sys.settrace(None)
    return count


@pytest.mark.parametrize(
    "unit",
    [
        'Yoon bertemu Stoltenberg di Vilnius, 11 Juli 2023. "Kami siap bekerja sama," ujarnya. ',
        "NATO ITPP KTT AS ",
        "Korsel Korea Selatan Lituania ",
    ],
)
def test_extract_facts_work_grows_linearly(unit):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LanguageWarning)
        small = _traced_lines(extract_facts, unit * 200)
        large = _traced_lines(extract_facts, unit * 800)
    assert large <= 4.4 * small  # four times the text, about four times the work


# --- compare_facts (ported) -----------------------------------------------------------------


def row(table: pd.DataFrame, kind: str, value: str, unit: str = "") -> pd.Series:
    found = table[(table["kind"] == kind) & (table["value"] == value) & (table["unit"] == unit)]
    assert len(found) == 1, (kind, value, unit)
    return found.iloc[0]


def test_compare_the_two_articles(corpus):
    table = compare_facts(corpus)
    assert list(table.columns) == ["kind", "value", "unit", "sugawa", "koreanet", "status", "note"]
    areas = row(table, "number", "11", "bidang")
    assert (areas["sugawa"], areas["koreanet"], areas["status"]) == ("11", "sebelas", "agree")
    day = row(table, "date", "2023-07-11")
    assert (day["sugawa"], day["koreanet"], day["status"]) == ("11/7/2023", "11 Juli", "agree")
    assert day["note"] == "no year in koreanet"
    assert row(table, "year", "2006")["status"] == "only in koreanet"
    assert row(table, "year", "2012")["status"] == "agree"
    assert row(table, "number", "29", "negara")["status"] == "only in sugawa"
    assert row(table, "name", "Yoon Suk Yeol")["status"] == "agree"
    assert row(table, "name", "Amerika Serikat")["sugawa"] == "AS"


def test_cleaning_keeps_related_article_titles_out_of_the_facts(corpus):
    assert "G7" not in set(compare_facts(corpus)["value"])
    assert "G7" in set(compare_facts(corpus, clean=False)["value"])


def test_differ_needs_the_same_unit_and_works_for_any_number_of_sources():
    table = compare_facts(
        {
            "a": "Kerja sama mencakup 11 bidang sejak 2012.",
            "b": "Kerja sama mencakup sebelas bidang sejak 2012.",
            "c": "Kerja sama mencakup 12 bidang sejak 2012 dan 2006.",
        }
    )
    eleven = row(table, "number", "11", "bidang")
    assert (eleven["a"], eleven["b"], eleven["c"], eleven["status"]) == (
        "11",
        "sebelas",
        "",
        "differ",
    )
    assert row(table, "number", "12", "bidang")["status"] == "differ"
    assert row(table, "year", "2012")["status"] == "agree"
    assert row(table, "year", "2006")["status"] == "only in c"


def test_only_in_several_sources():
    table = compare_facts({"a": "NATO dan ITPP.", "b": "NATO dan ITPP.", "c": "NATO saja."})
    assert row(table, "acronym", "ITPP")["status"] == "only in a, b"
    assert row(table, "acronym", "NATO")["status"] == "agree"


def test_a_text_with_nothing_left_after_cleaning_is_refused_clearly():
    with pytest.raises(ValueError, match="source 'a' is all by-lines"):
        compare_facts({"a": "Penulis: Park Hye Ri\nFoto: Kantor Kepresidenan\n"})


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        ("Teks.", TypeError, "corpus_or_texts must be a Corpus or a mapping"),
        ({}, ValueError, "corpus_or_texts is empty"),
        ({"a": "  "}, ValueError, "text of source 'a' is empty"),
        ({"a": 5}, TypeError, "text of source 'a' must be a str"),
        ({7: "Teks."}, TypeError, "source ids must be str"),
    ],
)
def test_compare_facts_refuses_bad_input(value, error, message):
    with pytest.raises(error, match=message):
        compare_facts(value)


# --- generalised after the held-out evaluation (examples written here) ----------------------


def test_a_sentence_opening_common_noun_is_not_glued_to_the_name_after_it():
    text = "Kunjungan Yoon ke Vilnius berlangsung dua hari. Pertemuan Tallinn digelar kemudian."
    assert facts_of(text, "name") == ["Yoon Suk Yeol", "Vilnius", "Tallinn"]
    for name in ("Setiawan Budi", "Jonathan Pratama", "Adrian Lubis"):  # names ending in -an
        assert facts_of(f"{name} meliput KTT itu dari Vilnius.", "name")[0] == name


def test_an_institution_named_after_a_country_stays_whole():
    text = "Kementerian Luar Negeri Korea Selatan menyambut kesepakatan itu."
    assert "Kementerian Luar Negeri Korea Selatan" in facts_of(text, "name")
    text = "Misi Korea Selatan untuk NATO dibuka di Brussel."  # a head alone: not absorbed
    assert "Misi Korea Selatan" not in facts_of(text, "name")


def test_furniture_leftovers_and_english_months_are_not_names():
    text = "Text Sizes\nGambas\nAA\nYoon tiba di Vilnius pada 11 July 2023 malam."
    assert facts_of(text, "name") == ["Yoon Suk Yeol", "Vilnius"]
    assert facts_of(text, "acronym") == []
    assert facts_of(text, "date") == ["2023-07-11"]


def test_nya_goes_to_the_person_who_opens_the_sentence_before_the_quotation():
    text = (
        '"Kerja sama ini akan terus diperkuat," kata Presiden Yoon. '
        "Stoltenberg, di sela pertemuan, memuji sikap Seoul terhadap perang di Ukraina. "
        '"Kami menghargai kemitraan dengan Korea Selatan," tuturnya.'
    )
    facts = extract_facts(text)
    speakers = facts.loc[facts["kind"] == "quote", "speaker"].tolist()
    assert speakers == ["Yoon Suk Yeol", "Jens Stoltenberg"]
    text = (
        '"Kerja sama ini akan terus diperkuat," kata Presiden Yoon. '
        "Pertemuan itu berlangsung satu jam. "  # no person opens it: the last speaker
        '"Kami menghargai kemitraan dengan NATO," tuturnya.'
    )
    facts = extract_facts(text)
    assert facts.loc[facts["kind"] == "quote", "speaker"].tolist() == ["Yoon Suk Yeol"] * 2


def test_a_quotation_said_by_an_organisation_gets_it_as_speaker():
    text = (
        "Kantor itu merilis keterangan pada Selasa.\n"
        '"Kerja sama baru ini lebih rinci dan lebih terarah," kata kantor kepresidenan '
        "dalam keterangan tertulisnya."
    )
    quotes = extract_facts(text).query("kind == 'quote'")
    assert quotes["speaker"].tolist() == ["Kantor Kepresidenan Republik Korea"]


def test_a_lower_case_description_is_not_the_office_name():
    text = "Menurut pejabat kantor kepresidenan Korea Selatan, dokumen itu sudah siap."
    assert "Kantor Kepresidenan Republik Korea" not in facts_of(text, "name")
    text = "Menurut Kantor Kepresidenan Korea Selatan, dokumen itu sudah siap."
    assert facts_of(text, "name") == ["Kantor Kepresidenan Republik Korea"]


def test_an_institution_head_alone_is_not_a_name():
    text = "Pada 2022 Seoul membuka Misi untuk aliansi itu, dan Kantor tersebut mulai bekerja."
    assert facts_of(text, "name") == ["Seoul"]


def test_a_title_in_capitals_opening_a_lead_is_not_an_acronym():
    text = "MENTERI Luar Negeri Jepang tiba di Vilnius bersama delegasi NATO."
    assert facts_of(text, "acronym") == ["NATO"]


def test_a_wrapped_line_ending_with_a_comma_is_not_a_headline():
    """An e-paper copy breaks a list of countries over lines: "Belanda," / "Portugal, …,"."""
    text = (
        "Yoon bertemu pemimpin Norwegia, Belanda,\nPortugal, Selandia Baru, Hongaria, Rumania,\n"
        "dan Swedia."
    )
    assert {"Portugal", "Selandia Baru", "Hongaria", "Rumania"} <= set(facts_of(text, "name"))
    # a line after a stop still opens a sentence: its first capital is not a name
    assert "Dalam" not in facts_of("Yoon tiba di Vilnius.\nDalam rapat itu Yoon bicara.", "name")


def test_an_e_paper_running_header_gives_the_year_of_a_short_date():
    text = (
        "HARIAN WARTA | RABU, 12 JULI 2023 | HALAMAN 9\nJudul Berita Tanpa Titik\n"
        "Presiden Yoon tiba di Vilnius pada Selasa (11/7) untuk menghadiri KTT.\n"
    )
    facts = article_facts(text)
    assert facts.loc[facts["kind"] == "date", "value"].tolist() == ["2023-07-11"]
