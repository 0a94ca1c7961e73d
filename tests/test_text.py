"""clean_text sets pieces aside without losing a character; split_sentences respects Indonesian."""

from __future__ import annotations

import itertools

import pytest

from helpers import clean_text, split_sentences


def assert_tiles(cleaned) -> None:
    """The kept spans and the removed pieces cover the raw text exactly once, in order."""
    spans = sorted([*cleaned.kept, *((r.start, r.end) for r in cleaned.removed)])
    position = 0
    for start, end in spans:
        assert start == position, f"gap or overlap at {position}..{start}"
        position = end
    assert position == len(cleaned.raw)
    assert cleaned.body == "".join(cleaned.raw[s:e] for s, e in cleaned.kept)
    for piece in cleaned.removed:
        assert cleaned.raw[piece.start : piece.end] == piece.text


# --- clean_text -----------------------------------------------------------------------------


def test_sugawa_loses_its_dateline_and_related_articles_and_nothing_else(corpus):
    raw = corpus.text("sugawa")
    cleaned = clean_text(raw)
    assert_tiles(cleaned)
    reasons = [piece.reason for piece in cleaned.removed]
    assert reasons[0] == "dateline" and cleaned.removed[0].text == "SUGAWA.ID- "
    assert reasons.count("related-articles heading") == 1
    titles = [p.text.strip() for p in cleaned.removed if p.reason == "related-article title"]
    heading_line = raw.index("Artikel Terkait")
    assert titles == raw[heading_line:].splitlines()[1:]
    assert cleaned.body.startswith("Korea Selatan dan NATO sepakat")
    assert cleaned.body.rstrip().endswith("sejak tahun lalu.")
    assert "Artikel Terkait" not in cleaned.body


def test_koreanet_loses_its_by_line_and_photo_credit(corpus):
    cleaned = clean_text(corpus.text("koreanet"))
    assert_tiles(cleaned)
    assert [(p.reason, p.text.strip()) for p in cleaned.removed] == [
        ("by-line", "Penulis: Park Hye Ri"),
        ("photo credit", "Foto: Kantor Kepresidenan Republik Korea"),
    ]
    assert cleaned.body.startswith("Presiden Yoon Suk Yeol mengunjungi Vilnius")


def test_generic_rules_on_a_hand_made_article():
    raw = (
        "JAKARTA, KOMPAS.com - Menteri itu tiba pagi ini.\n"
        "Baca juga: Lima Hal yang Perlu Diketahui\n"
        "\n"
        "Ia bertemu mitranya.\n"
        "Editor: Sari Dewi\n"
        "Berita Terkait\n"
        "Judul Pertama Tanpa Titik\n"
        "Judul Kedua\n"
        "Paragraf ini kembali ke isi berita.\n"
    )
    cleaned = clean_text(raw)
    assert_tiles(cleaned)
    assert [p.reason for p in cleaned.removed] == [
        "dateline",
        "related-article link",
        "by-line",
        "related-articles heading",
        "related-article title",
        "related-article title",
    ]
    assert cleaned.body == (
        "Menteri itu tiba pagi ini.\n\nIa bertemu mitranya.\nParagraf ini kembali ke isi berita.\n"
    )


@pytest.mark.parametrize(
    "first_line",
    ["NATO-Korea menjalin kerja sama baru.", "Presiden Yoon - bersama istrinya - tiba."],
)
def test_no_dateline_is_invented(first_line):
    cleaned = clean_text(first_line + "\nKalimat kedua.")
    assert cleaned.removed == []
    assert cleaned.body == cleaned.raw


def test_body_offsets_map_back_to_the_raw_text(corpus):
    for source_id in corpus.source_ids:
        cleaned = clean_text(corpus.text(source_id))
        for sentence in split_sentences(cleaned.body):
            start, end = cleaned.raw_span(sentence.start, sentence.end)
            assert cleaned.raw[start:end] == sentence.text


def test_raw_span_refuses_offsets_outside_the_body():
    cleaned = clean_text("Penulis: A\nIsi berita.")
    with pytest.raises(ValueError, match=r"start\.\.end"):
        cleaned.raw_span(0, 999)
    with pytest.raises(TypeError, match="int"):
        cleaned.raw_span("0", 3)


@pytest.mark.parametrize(("raw", "error"), [(None, TypeError), (b"teks", TypeError)])
def test_clean_text_refuses_a_non_string(raw, error):
    with pytest.raises(error, match="raw must be a str"):
        clean_text(raw)


@pytest.mark.parametrize("raw", ["", "  \n\t\n"])
def test_clean_text_refuses_empty_text(raw):
    with pytest.raises(ValueError, match="raw is empty"):
        clean_text(raw)


# --- split_sentences ------------------------------------------------------------------------


def texts(text: str) -> list[str]:
    sentences = split_sentences(text)
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text == str(sentence)
    return [s.text for s in sentences]


def test_quoted_speech_stays_with_its_attribution(corpus):
    sugawa = texts(clean_text(corpus.text("sugawa")).body)
    yoon = next(s for s in sugawa if s.startswith("“Tahun ini"))
    assert yoon.endswith("kata Yoon Suk Yeol seperti dilansir Korea Herald, Selasa (11/7/2023).")
    assert any(s.startswith("“Apa yang terjadi") and s.endswith("tambahnya.") for s in sugawa)
    koreanet = texts(clean_text(corpus.text("koreanet")).body)
    both = next(s for s in koreanet if s.startswith('"Kami menilai'))
    assert both.endswith('," ungkap keduanya.')
    office = next(s for s in koreanet if s.startswith("Kantor Kepresidenan"))
    assert "lebih jelas. Selain itu," in office and office.endswith('dan waktu."')


def test_every_character_of_the_articles_is_in_a_sentence_or_whitespace(corpus):
    for source_id in corpus.source_ids:
        body = clean_text(corpus.text(source_id)).body
        sentences = split_sentences(body)
        covered = "".join(body[s.start : s.end] for s in sentences)
        assert "".join(covered.split()) == "".join(body.split())
        assert all(a.end <= b.start for a, b in itertools.pairwise(sentences))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mereka membawa senjata, rudal, dll. yang berbahaya. Ia pergi.", 2),
        ("Tugas itu meliputi latihan, patroli, dsb. untuk keamanan. Ia setuju.", 2),
        ("Rapat dipimpin Dr. Siti di Jl. Merdeka No. 5 kemarin. Semua hadir.", 2),
        ("Dana a.n. Budi sebesar Rp. 5.000 dikirim. Dia senang.", 2),
        ("Pejabat A.S. mengatakan hal itu. Dia setuju.", 2),
        ("Pertumbuhan 3.5 persen atau 3,5 persen tercatat. Itu tinggi.", 2),
        ("Pada 11/7/2023 mereka bertemu. Lalu pulang.", 2),
        ("“Kami siap. Kami datang,” kata Yoon. Dia tersenyum.", 2),
        ('"Siap." ujarnya singkat. Rapat dimulai.', 2),
        ("Apa maksudnya? Tidak ada yang tahu! Semua diam… Lalu bubar.", 4),
        ("Mereka membawa rudal, dll. Presiden lalu pergi.", 2),
        ("1. Dialog dan konsultasi dibahas lebih dulu.", 1),
    ],
)
def test_indonesian_sentence_edge_cases(text, expected):
    assert len(texts(text)) == expected, texts(text)


def test_abbreviations_and_numbers_stay_inside_one_sentence():
    first, second = texts("Rapat dipimpin Dr. Siti di Jl. Merdeka No. 5 kemarin. Semua hadir.")
    assert first == "Rapat dipimpin Dr. Siti di Jl. Merdeka No. 5 kemarin."
    assert second == "Semua hadir."


def test_lines_and_paragraphs():
    text = "Judul Tanpa Titik\n\nPresiden Yoon bertemu\ndengan Stoltenberg di Vilnius.\nIa pulang."
    assert texts(text) == [
        "Judul Tanpa Titik",
        "Presiden Yoon bertemu\ndengan Stoltenberg di Vilnius.",
        "Ia pulang.",
    ]


@pytest.mark.parametrize("text", [None, 42, ["kalimat."]])
def test_split_sentences_refuses_a_non_string(text):
    with pytest.raises(TypeError, match="text must be a str"):
        split_sentences(text)


def test_split_sentences_refuses_empty_text():
    with pytest.raises(ValueError, match="text is empty"):
        split_sentences(" \n ")
