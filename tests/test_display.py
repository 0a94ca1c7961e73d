"""HTML output is escaped, deterministic, and marks differences with more than colour."""

from __future__ import annotations

import re

import pytest

import helpers
from helpers import quote_card, side_by_side

HOSTILE = "<script>alert(1)</script> & \"kutipan\" 'satu'\n\nbaris <b>baru</b>"


def tag_contents(html_text: str, tag: str) -> list[str]:
    return re.findall(rf"<{tag} [^>]*>(.*?)</{tag}>", html_text)


# --- side_by_side ---------------------------------------------------------------------------


def test_hostile_text_and_titles_are_escaped():
    view = side_by_side(HOSTILE, HOSTILE + " tambahan", "<i>kiri</i>", "kanan & co")
    html_text = view._repr_html_()
    assert "<script>" not in html_text and "<b>" not in html_text and "<i>" not in html_text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_text
    assert "&amp; &quot;kutipan&quot; &#x27;satu&#x27;" in html_text
    assert "&lt;i&gt;kiri&lt;/i&gt;" in html_text and "kanan &amp; co" in html_text


def test_only_the_different_words_are_marked_with_del_and_ins():
    view = side_by_side(
        "Presiden Yoon bertemu dengan Sekjen Stoltenberg.",
        "presiden Yoon Suk Yeol bertemu Sekjen Stoltenberg di Vilnius.",
        "sugawa",
        "koreanet",
    )
    html_text = view._repr_html_()
    body = html_text.split("</caption>", 1)[1]
    assert tag_contents(body, "del") == ["dengan"]
    assert tag_contents(body, "ins") == ["Suk Yeol", "di Vilnius"]  # case alone is no difference
    assert "line-through" in html_text and "underline" in html_text  # cues besides colour
    caption = html_text.split("</caption>", 1)[0]
    assert "only in sugawa" in caption and "only in koreanet" in caption


def test_plain_text_repr_is_short_deterministic_and_marks_differences():
    view = side_by_side("Satu dua tiga.", "Satu tiga empat.", "A", "B")
    assert repr(view) == (
        "side by side: A | B, 1 row(s); 2 words in both, 1 only left [-...-], "
        "1 only right {+...+}\n"
        "A: Satu [-dua-] tiga.\n"
        "B: Satu tiga {+empat+}."
    )
    assert "0x" not in repr(view)


def test_html_is_deterministic():
    first = side_by_side(HOSTILE, "lain sama sekali", "a", "b")._repr_html_()
    second = side_by_side(HOSTILE, "lain sama sekali", "a", "b")._repr_html_()
    assert first == second
    assert " id=" not in first


def test_rows_of_aligned_sentences_with_a_missing_counterpart():
    view = side_by_side(["Kalimat satu.", "Hanya kiri."], ["Kalimat satu!", ""], "L", "R")
    html_text = view._repr_html_()
    assert html_text.count("<tr>") == 3  # header and two rows
    assert "(no counterpart)" in html_text
    assert "... " not in repr(view) and "R: (no counterpart)" in repr(view)


def test_many_rows_are_summarised_in_the_plain_repr():
    view = side_by_side([f"Kalimat {i}." for i in range(8)], [f"Kalimat {i}!" for i in range(8)])
    assert repr(view).endswith("... 3 more rows")


def test_side_by_side_on_the_real_articles():
    corpus = helpers.load_corpus()
    alignment = helpers.align_sentences(
        helpers.split_sentences(helpers.clean_text(corpus.text("sugawa")).body),
        helpers.split_sentences(helpers.clean_text(corpus.text("koreanet")).body),
    )
    view = side_by_side(alignment.pairs["left"].tolist(), alignment.pairs["right"].tolist())
    html_text = view._repr_html_()
    assert html_text.count("<tr>") == len(alignment.pairs) + 1
    assert "<del " in html_text and "<ins " in html_text


@pytest.mark.parametrize(
    ("left", "right", "kwargs", "error", "message"),
    [
        ("", "teks", {}, ValueError, "left is empty"),
        ("teks", None, {}, TypeError, "both be str or both be lists"),
        (["a"], ["b", "c"], {}, ValueError, "left has 1 texts but right has 2"),
        ([], [], {}, ValueError, "left and right are empty"),
        (["a", ""], ["b", " "], {}, ValueError, "row 1: left and right are both empty"),
        (["a"], [3], {}, TypeError, r"right\[0\] must be a str"),
        (5, 6, {}, TypeError, "left must be a str or a list of str"),
        ("a", "b", {"left_title": ""}, ValueError, "left_title is empty"),
        ("a", "b", {"right_title": 1}, TypeError, "right_title must be a str"),
    ],
)
def test_side_by_side_refuses_bad_input(left, right, kwargs, error, message):
    with pytest.raises(error, match=message):
        side_by_side(left, right, **kwargs)


# --- quote_card -----------------------------------------------------------------------------


def test_quote_card_escapes_everything():
    quote = "<script>alert(1)</script> & “kata”"
    args = (quote, 'gloss <img src=x onerror="y">', "src<&>", 10, 10 + len(quote))
    html_text = quote_card(*args)._repr_html_()
    assert "<script>" not in html_text and "<img" not in html_text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; “kata”" in html_text
    assert "gloss &lt;img src=x onerror=&quot;y&quot;&gt;" in html_text
    assert "src&lt;&amp;&gt;" in html_text
    assert html_text == quote_card(*args)._repr_html_()


def test_quote_card_for_a_real_quote_shows_its_position():
    corpus = helpers.load_corpus()
    text = corpus.text("koreanet")
    quote = '"Kami menilai bahwa ini akan menjadi pijakan'
    start = text.index(quote)
    card = quote_card(quote, "'We consider that this will become a foundation", "koreanet",
                      start, start + len(quote))  # fmt: skip
    html_text = card._repr_html_()
    assert '<blockquote lang="id"' in html_text and '<p lang="en"' in html_text
    assert f"characters {start}–{start + len(quote)}" in html_text
    assert "&quot;Kami menilai" in html_text
    assert repr(card).splitlines()[-1] == f"  Source: koreanet, characters {start}–{start + 44}"


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        (("", "gloss", "s", 0, 1), ValueError, "quote is empty"),
        (("kutipan", "", "s", 0, 7), ValueError, "gloss is empty"),
        (("kutipan", "gloss", None, 0, 7), TypeError, "source_id must be a str"),
        (("kutipan", "gloss", "s", "0", 7), TypeError, "start must be an int"),
        (("kutipan", "gloss", "s", 0, True), TypeError, "end must be an int"),
        (("kutipan", "gloss", "s", 5, 5), ValueError, "0 <= start < end"),
        (("kutipan", "gloss", "s", -1, 6), ValueError, "0 <= start < end"),
        (("kutipan", "gloss", "s", 0, 9), ValueError, "the quote has 7 characters"),
    ],
)
def test_quote_card_refuses_bad_input(args, error, message):
    with pytest.raises(error, match=message):
        quote_card(*args)


# --- side_by_side: sizes are bounded, whatever the text ------------------------------------


@pytest.fixture
def comparisons(monkeypatch) -> list[tuple[int, int]]:
    """The (left, right) token counts of every word-by-word comparison side_by_side makes."""
    from helpers import display

    seen: list[tuple[int, int]] = []
    compare = display._lcs_rows

    def counting(left, right):
        seen.append((len(left), len(right)))
        rows = compare(left, right)
        assert len(rows) == len(right) + 1  # one step per right-hand token, no more
        assert all(row < 1 << len(left) for row in rows)  # each step works on len(left) bits
        return rows

    monkeypatch.setattr(display, "_lcs_rows", counting)
    return seen


def test_long_texts_that_differ_throughout_are_refused_before_comparing(comparisons):
    limit = helpers.display.MAX_DIFF_TOKENS
    left = " ".join(f"kata{i % 7}" for i in range(limit + 1))
    right = " ".join(f"kalimat{i % 5}" for i in range(limit + 1))
    with pytest.raises(ValueError, match=rf"row 0: .* {limit + 1} tokens .* \({limit}\)"):
        side_by_side(left, right)
    with pytest.raises(ValueError, match="row 1: "):
        side_by_side(["sama", left], ["sama", right])
    assert comparisons == []


def test_repetitive_texts_compare_only_what_differs(comparisons):
    repetitive = "a b " * 100_000  # 200,000 tokens, one word changed in the middle
    view = side_by_side(repetitive, repetitive[:200_000] + "c " + repetitive[200_000:])
    assert comparisons == []  # the common start and end leave one token, "c", on one side
    assert repr(view).startswith("side by side: left | right, 1 row(s); 200000 words in both")


def test_pathological_repetition_within_the_limit_is_bounded(comparisons):
    limit = helpers.display.MAX_DIFF_TOKENS
    left = " ".join(["a"] * limit)
    right = " ".join((["a"] * 9 + ["b"]) * (limit // 10))
    view = side_by_side(left, right)
    assert comparisons == [(limit - 9, limit - 9)]  # the nine shared leading "a" need none
    assert (
        repr(view)
        .splitlines()[0]
        .endswith(
            f"{limit * 9 // 10} words in both, {limit // 10} only left [-...-], "
            f"{limit // 10} only right {{+...+}}"
        )
    )
