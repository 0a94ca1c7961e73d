"""Alignment scores shared propositions, is one-to-one, says how sure it is, and stays bounded."""

from __future__ import annotations

import random

import numpy as np
import pytest
import score_alignment

from helpers import SizeLimitError, align_sentences, clean_text, collate, split_sentences
from helpers import align as align_module

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


# --- normalisation --------------------------------------------------------------------------


def test_affixes_meet_at_one_key():
    keys = align_module.sentence_keys
    assert keys("menandatangani") == keys("ditandatangani") == keys("penandatanganan")
    assert keys("bertemu") == keys("pertemuan")
    assert keys("negara-negara") == keys("negara")
    assert keys("non-proliferasi") == keys("nonproliferasi")


def test_function_words_carry_no_weight():
    assert align_module.sentence_keys("yang dan di ke dari untuk dengan pada ini itu") == []


def test_zero_width_and_composed_characters_do_not_split_or_change_words():
    assert align_module.sentence_keys("NA\u200bTO") == align_module.sentence_keys("NATO")
    assert align_module.sentence_keys("Cafe\u0301") == align_module.sentence_keys("Café")


def test_anchors_numbers_dates_names_and_quotations():
    keys = align_module.sentence_keys
    assert "#number:11" in keys("kerja sama di 11 bidang") and "#number:11" in keys("sebelas")
    assert "@unit:11:bidang" in keys("di 11 bidang") and "@unit:11:bidang" in keys("sebelas bidang")
    assert "@unit:2012:bidang" not in keys("pada 2012 bidang")  # a year counts nothing
    assert "#date:07-11" in keys("Selasa (11/7/2023)") and "#date:07-11" in keys("11 Juli")
    assert "#name:jens stoltenberg" in keys("Sekjen NATO Jens Stoltenberg hadir")
    quoted = keys("“Keamanan tidak bersifat regional, keamanan bersifat global,” ujarnya.")
    assert any(key.startswith("#quote:") for key in quoted)
    assert "#number:1" not in keys("satu sama lain")  # an idiom, not a number


# --- align_sentences ------------------------------------------------------------------------


def test_word_order_and_affixes_do_not_matter_and_unrelated_sentences_stay_apart():
    result = align_sentences(LEFT, RIGHT)
    pairs = set(zip(result.pairs.left_index, result.pairs.right_index, strict=True))
    assert pairs == {(0, 1), (1, 0)}
    assert set(result.pairs["confidence"]) == {"strong"}
    assert result.left_only["text"].tolist() == [LEFT[2]]
    assert result.right_only["text"].tolist() == [RIGHT[2]]
    assert_one_to_one(result, 3, 3)
    assert repr(result) == (
        "Alignment(threshold=0.2: 2 pairs (2 strong, 0 possible), 1 left only, 1 right only)"
    )
    assert list(result.pairs.columns) == [
        "left_index",
        "right_index",
        "left",
        "right",
        "score",
        "confidence",
    ]


def test_shared_names_alone_make_no_pair():
    left = ["Presiden Yoon Suk Yeol tiba di Vilnius untuk KTT NATO."]
    right = ["Presiden Yoon Suk Yeol mengecam program rudal Korea Utara.", "NATO didirikan."]
    result = align_sentences(left, right)
    assert (result.pairs["confidence"] != "strong").all()


def test_a_number_anchor_needs_the_same_counted_noun():
    keys = align_module.sentence_keys
    assert "@unit:7:bidang" in keys("kerangka lama itu mencakup tujuh bidang")
    assert "@unit:7:=states" in keys("Yoon bertemu tujuh pemimpin")
    assert "@unit:7:=states" in keys("Yoon bertemu 7 kepala pemerintahan")
    areas = ["Kerangka lama itu mencakup tujuh bidang kerja sama pertahanan."]
    leaders = ["Presiden itu bertemu tujuh pemimpin pertahanan dari Eropa."]
    countries = ["Presiden itu bertemu para pemimpin tujuh negara dari Eropa."]
    keys_of = [keys(s) for s in areas + leaders + countries]
    idf = align_module._idf_over({"all": keys_of})

    def score(one: list[str], other: list[str]) -> float:
        rows, cols = np.array([0]), np.array([0])
        first, second = [keys(one[0])], [keys(other[0])]
        plain = align_module._candidates(first, second, idf, 0.0)[2]
        return float(
            align_module._without_miscounted_numbers(first, second, rows, cols, plain, idf)[0]
        )

    with_number = score(leaders, countries)
    assert score(areas, leaders) < with_number  # areas and leaders: the number does not count
    assert with_number > 0.3  # leaders of seven countries: the same quantity


def test_a_possible_pair_needs_more_than_shared_names():
    left = ["Pada KTT itu, pemimpin Jepang, Australia dan Selandia Baru hadir untuk pertama kali."]
    right = [
        "Presiden juga bertemu Perdana Menteri Jepang, Australia dan Selandia Baru di Vilnius.",
        "Jepang dan Australia menanam padi.",
    ]
    assert align_sentences(left, right).pairs.empty
    right[0] = "Pemimpin Jepang, Australia dan Selandia Baru hadir di KTT itu pertama kali."
    assert len(align_sentences(left, right).pairs) == 1


def test_identical_documents_align_on_the_diagonal(article_sentences):
    sentences = article_sentences["koreanet"]
    result = align_sentences(sentences, [s.text for s in sentences])
    assert (result.pairs["left_index"] == result.pairs["right_index"]).all()
    assert (result.pairs["score"] == 1.0).all()
    assert (result.pairs["confidence"] == "strong").all()
    assert len(result.pairs) == len(sentences)


def test_real_articles_one_to_one_and_the_meeting_pair_is_found(article_sentences):
    left, right = article_sentences["sugawa"], article_sentences["koreanet"]
    result = align_sentences(left, right)
    assert_one_to_one(result, len(left), len(right))
    meeting = result.pairs[result.pairs["left"].str.startswith("Pada pertemuan dengan Sekretaris")]
    assert meeting["right"].str.startswith("Presiden Yoon bertemu dengan Sekretaris").all()


def test_threshold_filters_possible_pairs_but_not_what_strong_means(article_sentences):
    left, right = article_sentences["sugawa"], article_sentences["koreanet"]
    previous = None
    strong = align_sentences(left, right).strong[["left_index", "right_index"]]
    for threshold in (0.0, 0.1, 0.2, 0.3, align_module.STRONG_SCORE):
        result = align_sentences(left, right, threshold)
        assert (result.pairs["score"] >= threshold).all()
        assert_one_to_one(result, len(left), len(right))
        if previous is not None:
            assert len(result.pairs) <= previous
        previous = len(result.pairs)
        kept = result.strong[["left_index", "right_index"]].reset_index(drop=True)
        assert kept.equals(strong.reset_index(drop=True))
    assert (align_sentences(left, right, 1.0).pairs["score"] == 1.0).all()


def test_greedy_matches_the_plain_definition_on_random_scores():
    rng = np.random.default_rng(7)
    for _ in range(30):
        scores = rng.integers(0, 6, size=(6, 5)) / 5  # many ties on purpose
        rows, cols = np.nonzero(scores >= 0.4)
        chosen = align_module._greedy(rows, cols, scores[rows, cols], 6, 5)
        assert [(i, j) for i, j, _, _ in chosen] == naive_greedy(scores, 0.4)


def test_dense_and_inverted_index_scoring_and_blocks_agree(monkeypatch):
    rng = random.Random(3)
    words = ["kerja", "sama", "nato", "korea", "bidang", "teknologi", "siber", "dialog", "rudal"]
    left = [" ".join(rng.choices(words, k=6)) for _ in range(60)]
    right = [" ".join(rng.choices(words, k=6)) for _ in range(50)]
    dense = align_sentences(left, right, 0.3).pairs
    monkeypatch.setattr(align_module, "_BLOCK_CELLS", 7)  # inverted index, many blocks
    assert np.allclose(align_sentences(left, right, 0.3).pairs["score"], dense["score"])
    assert (
        align_sentences(left, right, 0.3)
        .pairs[["left_index", "right_index"]]
        .equals(dense[["left_index", "right_index"]])
    )


def test_sentences_and_strings_mix():
    sentences = split_sentences(" ".join(LEFT))
    result = align_sentences(sentences, RIGHT)
    assert sorted(result.pairs["left"]) == sorted([LEFT[0], LEFT[1]])


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


# --- limits and pathological sizes (bounded by counts, not by time) --------------------------


def test_size_limits_give_one_clear_error(monkeypatch):
    monkeypatch.setattr(align_module, "MAX_SENTENCES", 2)
    with pytest.raises(SizeLimitError, match=r"left has 3 sentences; .* at most 2 per text"):
        align_sentences(LEFT, RIGHT)
    monkeypatch.setattr(align_module, "MAX_SENTENCES", 100)
    monkeypatch.setattr(align_module, "MAX_CHARACTERS", 100)
    with pytest.raises(SizeLimitError, match=r"right has 131 characters; .* at most 100"):
        align_sentences(LEFT[:1], RIGHT)


def test_bench_sizes_are_within_the_limits():
    assert align_module.MAX_SENTENCES >= 5_500 * 2
    assert align_module.MAX_CHARACTERS >= 5_500 * 30 * 12  # 30 words of up to 11 letters


@pytest.mark.parametrize("size", [1_000, 2_000])
def test_identical_sentences_are_paired_without_scoring(size):
    sentences = ["Presiden Yoon bertemu Sekjen NATO di Vilnius."] * size
    keys = [align_module.sentence_keys(s) for s in sentences]
    assert len(align_module._identical(keys, keys)) == size  # nothing left to score
    result = align_sentences(sentences, sentences)
    assert len(result.strong) == size
    assert (result.pairs["left_index"] == result.pairs["right_index"]).all()


def test_ten_thousand_short_sentences_stay_within_the_budgets():
    rng = random.Random(11)
    words = ["ya", "nato", "korea", "kerja", "sama", "siber", "rudal", "dialog"]
    left = [" ".join(rng.choices(words, k=3)) + "." for _ in range(10_000)]
    right = left[::-1]
    keys_left = [align_module.sentence_keys(s) for s in left]
    keys_right = [align_module.sentence_keys(s) for s in right]
    assert align_module.contributions(keys_left, keys_right) <= align_module.MAX_CONTRIBUTIONS
    idf = align_module._idf_over({"l": keys_left, "r": keys_right})
    rows, _, _, _ = align_module._candidates(keys_left[:500], keys_right, idf, 0.2)
    assert len(rows) <= 500 * align_module.CANDIDATES_PER_SENTENCE
    assert_one_to_one(align_sentences(left, right), len(left), len(right))


def test_the_most_frequent_keys_are_dropped_beyond_the_contribution_budget(monkeypatch):
    left = [f"kerja sama nato bidang {n}" for n in range(300)]
    keys = [align_module.sentence_keys(s) for s in left]
    unbounded = align_module.contributions(keys, keys)
    monkeypatch.setattr(align_module, "MAX_CONTRIBUTIONS", 1_000)
    assert unbounded > 1_000 >= align_module.contributions(keys, keys)
    assert_one_to_one(align_sentences(left, left[::-1]), 300, 300)


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
    table = collate(texts)
    assert list(table.columns) == ["a", "b", "c", "confidence"]
    for source, sentences in texts.items():
        assert [cell for cell in table[source] if cell] == sentences  # each once, in order
    assert table.to_dict("records") == [
        {"a": "", "b": "", "c": "Cuaca cerah sepanjang hari.", "confidence": ""},
        {"a": texts["a"][0], "b": texts["b"][0], "c": "", "confidence": "strong"},
        {"a": "", "b": texts["b"][1], "c": "", "confidence": ""},
        {"a": texts["a"][1], "b": texts["b"][2], "c": texts["c"][1], "confidence": "strong"},
    ]
    assert table.attrs["conflicts"] == []


def test_collate_a_corpus_cleans_and_splits_each_article(corpus, article_sentences):
    table = collate(corpus)
    assert list(table.columns) == [*corpus.source_ids, "confidence"]
    for source_id, sentences in article_sentences.items():
        assert sorted(cell for cell in table[source_id] if cell) == sorted(
            s.text for s in sentences
        )
    assert not table["sugawa"].str.contains("Artikel Terkait").any()
    meeting = table[table["sugawa"].str.startswith("Pada pertemuan dengan Sekretaris")]
    partner = meeting["koreanet"]
    assert (partner.eq("") | partner.str.startswith("Presiden Yoon bertemu dengan")).all()


def test_collation_keeps_every_strong_pair_of_the_pairwise_alignments():
    ids = ["sugawa", "koreanet", "broadcaster", "agency", "daily", "machine"]
    sources = {i: score_alignment.gold_sentences(i) for i in ids}
    table = collate(sources)
    rows = {(i, cell): r for i in ids for r, cell in enumerate(table[i]) if cell}
    checked = 0
    for position, a in enumerate(ids):
        for b in ids[position + 1 :]:
            for pair in align_sentences(sources[a], sources[b]).strong.itertuples():
                conflict = ((a, pair.left_index), (b, pair.right_index))
                assert rows[(a, pair.left)] == rows[(b, pair.right)] or (
                    conflict in table.attrs["conflicts"]
                )
                checked += 1
    assert checked > 30


@pytest.mark.parametrize(
    ("texts", "error", "message"),
    [
        ({}, ValueError, "texts is empty"),
        (["a", "b"], TypeError, "texts must be a Corpus or a mapping"),
        ({"a": ""}, ValueError, r"texts\['a'\] is empty"),
        ({"a": 3}, TypeError, r"texts\['a'\] must be a list of sentences"),
        ({1: "Teks."}, TypeError, "source ids must be str"),
        ({"confidence": ["Teks."]}, ValueError, "'confidence' cannot be a source id"),
    ],
)
def test_collate_refuses_bad_input(texts, error, message):
    with pytest.raises(error, match=message):
        collate(texts)


def test_a_text_with_nothing_left_after_cleaning_is_refused_clearly():
    with pytest.raises(ValueError, match=r"source 'a' .* nothing is left after cleaning"):
        collate({"a": "Penulis: Budi\nFoto: Antara\n"})


def test_collate_refuses_a_bad_threshold():
    with pytest.raises(ValueError, match="threshold must be between 0 and 1"):
        collate({"a": ["Satu."]}, threshold=2)


# --- the gold set ---------------------------------------------------------------------------


def test_a_gold_sentence_is_found_by_its_ending_when_cleaning_renumbers_the_sentences():
    sentences = ["Judul tanpa titik", "Kalimat pertama berakhir di sini.", "Kalimat kedua juga."]
    assert score_alignment.find_sentence(sentences, "berakhir di sini.", 1) == 1
    assert score_alignment.find_sentence(sentences[1:], "berakhir di sini.", 1) == 0  # renumbered
    assert score_alignment.find_sentence(sentences, "tidak ada.", 1) is None
    assert score_alignment.find_sentence([*sentences, "Lain juga."], "juga.", 0) is None  # two


def test_gold_pairs_name_sentences_that_exist_as_recorded():
    pairs = score_alignment.gold_pairs()
    assert len(pairs) == 9 and sum(len(p) for p in pairs.values()) > 90


def test_max_matching_counts_what_one_to_one_can_reach():
    assert score_alignment.max_matching({(0, 0), (0, 1), (1, 0)}) == 2
    assert score_alignment.max_matching({(0, 0), (1, 0), (2, 0)}) == 1


def test_scores_count_strong_pairs_separately():
    scores = score_alignment.alignment_scores()
    overall = scores["overall"]
    assert overall["strong_pairs"] <= overall["all_pairs"]
    assert sum(f["all_correct"] for f in scores["pairs"].values()) == overall["all_correct"]
    assert 0 <= overall["precision_strong"] <= 1 and 0 <= overall["recall_any"] <= 1


def test_a_shared_meeting_frame_and_names_do_not_make_a_strong_pair():
    """Two different claims made during one meeting share names, titles and 'pertemuan' only."""
    left = [
        "Dalam pertemuan dengan Perdana Menteri Fumio Kishida, Kanselir Olaf Scholz menyoroti "
        "perlunya pasokan energi yang stabil bagi industri Eropa.",
        "Cuaca di Berlin cerah sepanjang hari.",
    ]
    right = [
        "Kanselir Olaf Scholz dan Perdana Menteri Fumio Kishida meneken perjanjian riset "
        "semikonduktor dalam pertemuan mereka.",
        "Harga gandum turun pekan ini.",
    ]
    pairs = align_sentences(left, right).pairs
    assert "strong" not in set(pairs["confidence"])


def test_a_meeting_stated_the_same_way_stays_strong():
    left = ["Kanselir Olaf Scholz bertemu Perdana Menteri Fumio Kishida di Berlin."]
    right = ["Di Berlin, Perdana Menteri Fumio Kishida bertemu Kanselir Olaf Scholz."]
    assert align_sentences(left, right).pairs["confidence"].tolist() == ["strong"]


def test_a_programme_meets_its_acronym_and_indonesian_rendering():
    keys = align_module.sentence_keys
    for text in (
        "Keduanya mengadopsi ITPP.",
        "Keduanya mengadopsi Individually Tailored Partnership Programme.",
        "Rencana kemitraan yang disesuaikan dengan individu ditandatangani.",
    ):
        assert "itpp" in keys(text), text
    assert "ipcp" in keys("Program Kemitraan dan Kerja Sama Individual disepakati pada 2012.")
    assert "itpp" not in keys("Kemitraan kedua negara disesuaikan dengan kebutuhan.")
