"""Show texts in a notebook: two versions side by side with their word differences, and quotes.

Everything renders to deterministic HTML (no random ids, no timestamps) because strict nbval
compares stored outputs exactly, and every piece of text is HTML-escaped. Differences are marked
by colour *and* by a non-colour cue (struck through / underlined, as ``<del>``/``<ins>``), so
they read without colour, in print and with a screen reader.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from helpers.i18n import _, language
from helpers.markup import escape_html
from helpers.text import require_text

__all__ = ["MAX_DIFF_TOKENS", "QuoteCard", "SideBySide", "quote_card", "side_by_side"]

# Light tints of Okabe–Ito orange and sky blue; black text stays readable on both.
_DEL_STYLE = "background:#f9dca5;color:#000;text-decoration:line-through"
_INS_STYLE = "background:#c6e4f7;color:#000;text-decoration:underline;text-decoration-thickness:2px"
_CELL_STYLE = "vertical-align:top;text-align:left;padding:4px 8px;border:1px solid #999"
_TOKEN = re.compile(r"\w+(?:[-’']\w+)*|[^\w\s]", re.UNICODE)
_SHOWN_ROWS = 5
# The word-by-word comparison keeps one bit per token pair (10,000 tokens a side: 12.5 MB).
# Tokens (words and punctuation marks) that the two texts share at their start and end are
# matched without it; what is left of each text in a row may be at most this long. A long
# news article is about 1,500 tokens; 20 KB of prose about 3,500.
MAX_DIFF_TOKENS = 10_000


@dataclass(frozen=True)
class SideBySide:
    """Rows of (left, right) texts with word-level differences; renders as an HTML table.

    ``marks`` holds, per row, each side's tokens as (start, end, changed), computed once.
    """

    rows: tuple[tuple[str, str], ...]
    left_title: str
    right_title: str
    lang: str
    marks: tuple[tuple[list[tuple[int, int, bool]], list[tuple[int, int, bool]]], ...]

    def _repr_html_(self) -> str:
        left, right = escape_html(self.left_title), escape_html(self.right_title)
        struck, underlined = escape_html(_("struck through")), escape_html(_("underlined"))
        legend = (
            '<caption style="caption-side:bottom;text-align:left;padding-top:4px">'
            + escape_html(
                _(
                    "{struck} = only in {left}; {underlined} = only in {right}; "
                    "plain = in both (compared word by word, ignoring case)."
                )
            ).format(
                struck=f'<del style="{_DEL_STYLE}">{struck}</del>',
                left=left,
                underlined=f'<ins style="{_INS_STYLE}">{underlined}</ins>',
                right=right,
            )
            + "</caption>"
        )
        head = (
            f'<thead><tr><th scope="col" style="{_CELL_STYLE}">{left}</th>'
            f'<th scope="col" style="{_CELL_STYLE}">{right}</th></tr></thead>'
        )
        body = []
        for (left_text, right_text), (left_marks, right_marks) in zip(
            self.rows, self.marks, strict=True
        ):
            body.append(
                f'<tr><td lang="{escape_html(self.lang)}" style="{_CELL_STYLE}">'
                f"{_render(left_text, left_marks, 'del', _DEL_STYLE)}</td>"
                f'<td lang="{escape_html(self.lang)}" style="{_CELL_STYLE}">'
                f"{_render(right_text, right_marks, 'ins', _INS_STYLE)}</td></tr>"
            )
        return (
            '<table class="itpp-side-by-side" style="border-collapse:collapse;width:100%;'
            f'table-layout:fixed">{legend}{head}<tbody>{"".join(body)}</tbody></table>'
        )

    def __repr__(self) -> str:
        same = only_left = only_right = 0
        lines = []
        for number, ((left_text, right_text), (left_marks, right_marks)) in enumerate(
            zip(self.rows, self.marks, strict=True)
        ):
            left_words = [changed for s, _, changed in left_marks if left_text[s].isalnum()]
            right_words = [changed for s, _, changed in right_marks if right_text[s].isalnum()]
            same += left_words.count(False)
            only_left += left_words.count(True)
            only_right += right_words.count(True)
            if number < _SHOWN_ROWS:
                lines.append(f"{self.left_title}: {_plain(left_text, left_marks, '[-', '-]')}")
                lines.append(f"{self.right_title}: {_plain(right_text, right_marks, '{+', '+}')}")
        if len(self.rows) > _SHOWN_ROWS:
            lines.append(_("... {count} more rows").format(count=len(self.rows) - _SHOWN_ROWS))
        summary = _(
            "side by side: {left} | {right}, {rows} row(s); {same} words in both, "
            "{only_left} only left [-...-], {only_right} only right {{+...+}}"
        ).format(
            left=self.left_title,
            right=self.right_title,
            rows=len(self.rows),
            same=same,
            only_left=only_left,
            only_right=only_right,
        )
        return "\n".join([summary, *lines])


def side_by_side(
    left: str | Sequence[str],
    right: str | Sequence[str],
    left_title: str | None = None,
    right_title: str | None = None,
    *,
    lang: str = "id",
) -> SideBySide:
    """Two texts, or two equal-length lists of texts (one row each), with differences marked.

    The titles default to "left" and "right" in the reader's language. In lists, an empty
    string stands for "no counterpart" (e.g. an unmatched sentence).
    Raises ValueError when, after the words the two texts of a row share at their start and
    end, either still has more than ``MAX_DIFF_TOKENS`` tokens: compare such texts sentence by
    sentence (``align_sentences``) instead.
    """
    left_title = _("left") if left_title is None else left_title
    right_title = _("right") if right_title is None else right_title
    for name, value in (("left_title", left_title), ("right_title", right_title), ("lang", lang)):
        require_text(value, name)
    if isinstance(left, str) or isinstance(right, str):
        if not (isinstance(left, str) and isinstance(right, str)):
            raise TypeError(_("left and right must both be str or both be lists of str"))
        require_text(left, "left")
        require_text(right, "right")
        rows = ((left, right),)
    else:
        left_texts, right_texts = _texts(left, "left"), _texts(right, "right")
        if len(left_texts) != len(right_texts):
            raise ValueError(
                _("left has {left} texts but right has {right}").format(
                    left=len(left_texts), right=len(right_texts)
                )
            )
        rows = tuple(zip(left_texts, right_texts, strict=True))
        if not rows:
            raise ValueError(_("left and right are empty: expected at least one pair of texts"))
        for number, (left_text, right_text) in enumerate(rows):
            if not (left_text.strip() or right_text.strip()):
                raise ValueError(
                    _("row {number}: left and right are both empty").format(number=number)
                )
    marks = tuple(
        _diff(left_text, right_text, row) for row, (left_text, right_text) in enumerate(rows)
    )
    return SideBySide(rows, left_title, right_title, lang, marks)


@dataclass(frozen=True)
class QuoteCard:
    """A verbatim quote with its English gloss and where it stands in its source.

    A reader of the Indonesian edition reads an Indonesian quote as it stands, so the card
    leaves out the English gloss of a quote in the reader's own language.
    """

    quote: str
    gloss: str
    source_id: str
    start: int
    end: int
    lang: str

    @property
    def shows_gloss(self) -> bool:
        """Whether the card shows the English gloss: not to a reader of the quote's language."""
        return self.lang != language()

    def _repr_html_(self) -> str:
        english, source = escape_html(_("English:")), escape_html(_("Source:"))
        gloss = (
            '<p lang="en" style="margin:0.25em 0">'
            f"<strong>{english}</strong> {escape_html(self.gloss)}</p>"
            if self.shows_gloss
            else ""
        )
        place = escape_html(_("{source}, characters {start}–{end}")).format(
            source=f"<code>{escape_html(self.source_id)}</code>", start=self.start, end=self.end
        )
        return (
            '<figure class="itpp-quote" style="margin:0.5em 0;padding:0.25em 0.75em;'
            'border-left:4px solid #0072B2">'
            f'<blockquote lang="{escape_html(self.lang)}" style="margin:0;font-style:italic">'
            f"{escape_html(self.quote)}</blockquote>{gloss}"
            f'<figcaption style="font-size:90%">'
            f"{source} {place}</figcaption></figure>"
        )

    def __repr__(self) -> str:
        place = _("{source}, characters {start}–{end}").format(
            source=self.source_id, start=self.start, end=self.end
        )
        english, source = _("English:"), _("Source:")
        gloss = f"\n  {english} {self.gloss}" if self.shows_gloss else ""
        return f"“{self.quote}”{gloss}\n  {source} {place}"


def quote_card(
    quote: str, gloss: str, source_id: str, start: int, end: int, *, lang: str = "id"
) -> QuoteCard:
    """A card for one quote; ``start``/``end`` are its offsets in the raw source text."""
    for name, value in (("quote", quote), ("gloss", gloss), ("source_id", source_id)):
        require_text(value, name)
    for name, value in (("start", start), ("end", end)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(
                _("{name} must be an int offset, got {type}").format(
                    name=name, type=type(value).__name__
                )
            )
    if not 0 <= start < end:
        raise ValueError(
            _("start and end must satisfy 0 <= start < end, got {start} and {end}").format(
                start=start, end=end
            )
        )
    if end - start != len(quote):
        raise ValueError(
            _(
                "end - start is {span} but the quote has {length} characters: "
                "the offsets do not fit this quote"
            ).format(span=end - start, length=len(quote))
        )
    return QuoteCard(quote, gloss, source_id, start, end, lang)


def _texts(values: object, name: str) -> list[str]:
    if not isinstance(values, Sequence):
        raise TypeError(
            _("{name} must be a str or a list of str, got {type}").format(
                name=name, type=type(values).__name__
            )
        )
    for index, value in enumerate(values):
        if not isinstance(value, str):
            raise TypeError(
                _("{name}[{index}] must be a str, got {type}").format(
                    name=name, index=index, type=type(value).__name__
                )
            )
    return list(values)


def _diff(left: str, right: str, row: int = 0) -> tuple[list[tuple[int, int, bool]], ...]:
    """Per side, each token's (start, end, changed): unchanged tokens are a longest common
    subsequence of the two token lists, compared ignoring case."""
    left_tokens = [m.span() for m in _TOKEN.finditer(left)]
    right_tokens = [m.span() for m in _TOKEN.finditer(right)]
    left_words = [left[s:e].casefold() for s, e in left_tokens]
    right_words = [right[s:e].casefold() for s, e in right_tokens]
    head = _common_length(left_words, right_words)
    tail = _common_length(left_words[head:][::-1], right_words[head:][::-1])
    left_middle = left_words[head : len(left_words) - tail]
    right_middle = right_words[head : len(right_words) - tail]
    longest = max(len(left_middle), len(right_middle))
    if longest > MAX_DIFF_TOKENS:
        raise ValueError(
            _(
                "row {row}: after their common start and end the texts still differ over "
                "{longest} tokens (words and punctuation), more than side_by_side compares "
                "({limit}); split them into sentences and align them first"
            ).format(row=row, longest=longest, limit=MAX_DIFF_TOKENS)
        )
    left_changed = [False] * head + [True] * len(left_middle) + [False] * tail
    right_changed = [False] * head + [True] * len(right_middle) + [False] * tail
    for i, j in _common_subsequence(left_middle, right_middle):
        left_changed[head + i] = right_changed[head + j] = False
    return (
        [(s, e, c) for (s, e), c in zip(left_tokens, left_changed, strict=True)],
        [(s, e, c) for (s, e), c in zip(right_tokens, right_changed, strict=True)],
    )


def _common_subsequence(left: list[str], right: list[str]) -> list[tuple[int, int]]:
    """Index pairs of a longest common subsequence, found with bit vectors in
    ``len(right)`` steps of ``len(left)``-bit integer arithmetic (Allison–Dix/Hyyrö), so that
    no input, however repetitive, takes more than that (difflib's matcher can)."""
    if not (left and right):
        return []
    rows = _lcs_rows(left, right)
    pairs = []
    i, j = len(left), len(right)

    def length(i: int, j: int) -> int:  # LCS length of left[:i] and right[:j]
        return i - (rows[j] & ((1 << i) - 1)).bit_count()

    while i and j:
        if left[i - 1] == right[j - 1]:
            i, j = i - 1, j - 1
            pairs.append((i, j))
        elif length(i - 1, j) >= length(i, j - 1):
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def _lcs_rows(left: list[str], right: list[str]) -> list[int]:
    """One bit vector per prefix of ``right``: bit i is 0 where ``left[i]`` lengthens the LCS."""
    masks: dict[str, int] = {}
    for i, token in enumerate(left):
        masks[token] = masks.get(token, 0) | (1 << i)
    full = (1 << len(left)) - 1
    rows = [full]
    for token in right:
        row = rows[-1]
        matched = row & masks.get(token, 0)
        rows.append(((row + matched) | (row - matched)) & full)
    return rows


def _common_length(left: list[str], right: list[str]) -> int:
    """How many tokens the two lists share at their start."""
    count = 0
    for a, b in zip(left, right, strict=False):
        if a != b:
            break
        count += 1
    return count


def _groups(text: str, marks: list[tuple[int, int, bool]]) -> list[tuple[str, bool]]:
    """Split text into (piece, changed) runs; a run of changed tokens keeps its inner spaces."""
    pieces: list[tuple[str, bool]] = []
    position = 0
    for start, end, changed in marks:
        if start > position:
            gap_changed = changed and bool(pieces) and pieces[-1][1]
            pieces.append((text[position:start], gap_changed))
        pieces.append((text[start:end], changed))
        position = end
    if position < len(text):
        pieces.append((text[position:], False))
    merged: list[tuple[list[str], bool]] = []
    for piece, changed in pieces:
        if merged and merged[-1][1] == changed:
            merged[-1][0].append(piece)
        else:
            merged.append(([piece], changed))
    return [("".join(parts), changed) for parts, changed in merged]


def _render(text: str, marks, tag: str, style: str) -> str:
    if not text.strip():
        return '<span style="color:#555">' + escape_html(_("(no counterpart)")) + "</span>"
    return "".join(
        f'<{tag} style="{style}">{escape_html(piece)}</{tag}>' if changed else escape_html(piece)
        for piece, changed in _groups(text, marks)
    )


def _plain(text: str, marks, opening: str, closing: str) -> str:
    if not text.strip():
        return _("(no counterpart)")
    return "".join(
        f"{opening}{piece}{closing}" if changed else piece
        for piece, changed in _groups(text, marks)
    )
