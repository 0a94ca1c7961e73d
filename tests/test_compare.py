"""Alignment is one-to-one and honours its threshold; collation and fact comparison scale to N."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

from helpers import (
    align_sentences,
    clean_text,
    collate,
    compare_facts,
    extract_facts,
    split_sentences,
)
from helpers import compare as compare_module

LEFT = [
    "Presiden Yoon bertemu Sekjen Stoltenberg di Vilnius.",
    "Kedua pihak menandatangani kemitraan baru.",
    "Cuaca di Lituania cerah hari itu.",
]
RIGHT = [
    "Kemitraan baru ditandatangani kedua pihak.",
    "Di Vilnius, Sekjen Stoltenberg bertemu Presiden Yoon.",
    "Harga minyak naik tajam minggu lalu.",
]



@pytest.fixture(scope="module")
def article_sentences(corpus):
    return {sid: split_sentences(clean_text(corpus.text(sid)).body) for sid in corpus.source_ids}


def assert_one_to_one(result, n_left: int, n_right: int) -> None:
    pairs = result.pairs
    assert pairs["left_index"].is_unique and pairs["right_index"].is_unique
    assert sorted([*pairs["left_index"], *result.left_only["index"]]) == list(range(n_left))
    assert sorted([*pairs["right_index"], *result.right_only["index"]]) == list(range(n_right))


def naive_greedy(scores: np.ndarray, threshold: float) -> list[tuple[int, int]]:
    """The definition, written plainly: repeatedly take the best remaining pair."""
    candidates = sorted(
        (-scores[i, j], i, j)
        for i in range(scores.shape[0])
        for j in range(scores.shape[1])
        if scores[i, j] >= threshold
    )
    used_i, used_j, chosen = set(), set(), []
    for _, i, j in candidates:
        if i not in used_i and j not in used_j:
            used_i.add(i)
            used_j.add(j)
            chosen.append((i, j))
    return chosen


# --- align_sentences ------------------------------------------------------------------------


def test_word_order_does_not_matter_and_unrelated_sentences_stay_apart():
    result = align_sentences(LEFT, RIGHT, threshold=0.6)
    assert list(zip(result.pairs.left_index, result.pairs.right_index, strict=True)) == [
        (0, 1),
        (1, 0),
    ]
    assert result.pairs.loc[0, "score"] == 1.0  # same words, different order and punctuation
    assert result.pairs.loc[0, "left"] == LEFT[0] and result.pairs.loc[0, "right"] == RIGHT[1]
    assert result.left_only["text"].tolist() == [LEFT[2]]
    assert result.right_only["text"].tolist() == [RIGHT[2]]
    assert_one_to_one(result, 3, 3)
    assert repr(result) == "Alignment(threshold=0.6: 2 pairs, 1 left only, 1 right only)"


def test_identical_documents_align_on_the_diagonal(article_sentences):
    sentences = article_sentences["koreanet"]
    result = align_sentences(sentences, [s.text for s in sentences])
    assert (result.pairs["left_index"] == result.pairs["right_index"]).all()
    assert (result.pairs["score"] == 1.0).all()
    assert len(result.pairs) == len(sentences)


def test_real_articles_one_to_one_and_the_obvious_pair_is_found(article_sentences):
    left, right = article_sentences["sugawa"], article_sentences["koreanet"]
    result = align_sentences(left, right)
    assert_one_to_one(result, len(left), len(right))
    # Both articles describe the same meeting with Secretary General Stoltenberg.
    meeting = result.pairs[result.pairs["left"].str.startswith("Pada pertemuan dengan Sekretaris")]
    assert meeting["right"].str.startswith("Presiden Yoon bertemu dengan Sekretaris").all()


def test_threshold_keeps_only_scores_at_or_above_it(article_sentences):
    left, right = article_sentences["sugawa"], article_sentences["koreanet"]
    previous = None
    for threshold in (0.0, 0.3, 0.5, 0.6, 1.0):
        result = align_sentences(left, right, threshold)
        assert (result.pairs["score"] >= threshold).all()
        assert_one_to_one(result, len(left), len(right))
        if previous is not None:
            assert len(result.pairs) <= previous
        previous = len(result.pairs)
    assert len(align_sentences(left, right, 0.0).pairs) == min(len(left), len(right))
    assert align_sentences(left, right, 1.0).pairs.empty


def test_greedy_matches_the_plain_definition_on_random_scores():
    rng = np.random.default_rng(7)
    for _ in range(30):
        scores = rng.integers(0, 6, size=(6, 5)) / 5  # many ties on purpose
        rows, cols = np.nonzero(scores >= 0.4)
        chosen = compare_module._greedy(rows, cols, scores[rows, cols], 6, 5)
        assert [(i, j) for i, j, _ in chosen] == naive_greedy(scores, 0.4)


def test_computing_in_blocks_changes_nothing(monkeypatch):
    rng = random.Random(3)
    words = ["kerja", "sama", "nato", "korea", "bidang", "teknologi", "siber", "dialog"]
    left = [" ".join(rng.choices(words, k=8)) for _ in range(60)]
    right = [" ".join(rng.choices(words, k=8)) for _ in range(50)]
    whole = align_sentences(left, right, 0.7).pairs
    monkeypatch.setattr(compare_module, "_BLOCK_CELLS", 7)
    assert align_sentences(left, right, 0.7).pairs.equals(whole)


def test_sentences_and_strings_mix():
    sentences = split_sentences(" ".join(LEFT))
    result = align_sentences(sentences, RIGHT, threshold=0.6)
    assert result.pairs["left"].tolist() == [LEFT[0], LEFT[1]]


@pytest.mark.parametrize(
    ("left", "right", "threshold", "error", "message"),
    [
        ("Satu kalimat.", RIGHT, 0.5, TypeError, "left must be a list of sentences.*split"),
        (LEFT, 42, 0.5, TypeError, "right must be a list of sentences"),
        ([], RIGHT, 0.5, ValueError, "left is empty"),
        (LEFT, ["Baik.", 3], 0.5, TypeError, r"right\[1\] must be a str or Sentence"),
        (LEFT, ["Baik.", "  "], 0.5, ValueError, r"right\[1\] is an empty sentence"),
        (LEFT, RIGHT, 1.5, ValueError, "threshold must be between 0 and 1"),
        (LEFT, RIGHT, -0.1, ValueError, "threshold must be between 0 and 1"),
        (LEFT, RIGHT, "0.5", TypeError, "threshold must be a number"),
        (LEFT, RIGHT, True, TypeError, "threshold must be a number"),
    ],
)
def test_align_refuses_bad_input(left, right, threshold, error, message):
    with pytest.raises(error, match=message):
        align_sentences(left, right, threshold)


# --- collate --------------------------------------------------------------------------------


def test_collate_three_sources_aligns_rows_and_keeps_every_sentence():
    texts = {
        "a": ["Yoon bertemu Stoltenberg di Vilnius.", "Mereka membahas sebelas bidang kerja sama."],
        "b": [
            "Di Vilnius Yoon bertemu Stoltenberg.",
            "Harga beras naik di pasar.",
            "Sebelas bidang kerja sama mereka bahas.",
        ],
        "c": ["Cuaca cerah sepanjang hari.", "Mereka membahas sebelas bidang kerja sama itu."],
    }
    table = collate(texts, threshold=0.7)
    assert list(table.columns) == ["a", "b", "c"]
    for source, sentences in texts.items():
        assert [cell for cell in table[source] if cell] == sentences  # each once, in order
    rows = table.to_dict("records")
    assert rows == [
        {"a": "", "b": "", "c": "Cuaca cerah sepanjang hari."},
        {"a": texts["a"][0], "b": texts["b"][0], "c": ""},
        {"a": "", "b": texts["b"][1], "c": ""},
        {"a": texts["a"][1], "b": texts["b"][2], "c": texts["c"][1]},
    ]


def test_collate_a_corpus_cleans_and_splits_each_article(corpus, article_sentences):
    table = collate(corpus)
    assert list(table.columns) == corpus.source_ids
    for source_id, sentences in article_sentences.items():
        assert sorted(cell for cell in table[source_id] if cell) == sorted(
            s.text for s in sentences
        )
    assert not table["sugawa"].str.contains("Artikel Terkait").any()
    meeting = table[table["sugawa"].str.startswith("Pada pertemuan dengan Sekretaris")]
    assert meeting["koreanet"].str.startswith("Presiden Yoon bertemu dengan Sekretaris").all()


@pytest.mark.parametrize(
    ("texts", "error", "message"),
    [
        ({}, ValueError, "texts is empty"),
        (["a", "b"], TypeError, "texts must be a Corpus or a mapping"),
        ({"a": ""}, ValueError, r"texts\['a'\] is empty"),
        ({"a": 3}, TypeError, r"texts\['a'\] must be a list of sentences"),
        ({1: "Teks."}, TypeError, "source ids must be str"),
    ],
)
def test_collate_refuses_bad_input(texts, error, message):
    with pytest.raises(error, match=message):
        collate(texts)


def test_a_text_with_nothing_left_after_cleaning_is_refused_clearly():
    for function in (collate, compare_facts):
        with pytest.raises(ValueError, match=r"source 'a' .* nothing is left after cleaning"):
            function({"a": "Penulis: Budi\nFoto: Antara\n"})


def test_collate_refuses_a_bad_threshold():
    with pytest.raises(ValueError, match="threshold must be between 0 and 1"):
        collate({"a": ["Satu."]}, threshold=2)


# --- extract_facts --------------------------------------------------------------------------


def facts_of(text: str, kind: str) -> list[str]:
    facts = extract_facts(text)
    for row in facts.itertuples():
        assert text[row.start : row.end] == row.text
    return facts.loc[facts["kind"] == kind, "value"].tolist()


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


def test_acronyms_with_their_expansions():
    facts = extract_facts(
        "Bentuk baru itu ITPP (Individually Tailored Partnership Program) dari A.S."
    )
    acronyms = facts[facts["kind"] == "acronym"]
    assert acronyms["value"].tolist() == ["ITPP", "AS"]
    assert acronyms["expansion"].tolist() == ["Individually Tailored Partnership Program", ""]


def test_quotes_and_their_speakers(corpus):
    facts = extract_facts(clean_text(corpus.text("sugawa")).body)
    quotes = facts[facts["kind"] == "quote"]
    assert quotes["speaker"].tolist() == ["Yoon Suk Yeol", "Stoltenberg", "Stoltenberg"]
    assert quotes["text"].str.startswith("“").all() and quotes["text"].str.endswith("”").all()
    facts = extract_facts(clean_text(corpus.text("koreanet")).body)
    quotes = facts[facts["kind"] == "quote"]
    assert quotes["speaker"].tolist() == [
        "Kantor Kepresidenan Republik Korea",
        "keduanya",
        "Presiden Yoon",
    ]


def test_a_scare_quoted_term_is_not_speech():
    assert facts_of('Korea disebut "negara kontak" oleh NATO.', "quote") == []


def test_names_drop_titles_and_ordinary_sentence_starts():
    text = "Dalam pertemuan itu Presiden Yoon menyapa Jens Stoltenberg. Dalam hal ini semua setuju."
    names = facts_of(text, "name")
    assert names == ["Yoon", "Jens Stoltenberg"]


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


# --- compare_facts --------------------------------------------------------------------------


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
