"""Text limits, comparison and sentences, keeping every offset into the original.

Quotes in the course cite character offsets into the *raw* article, so nothing here rewrites
text: sentences are slices of their input with their offsets, and text is normalised only where
it is compared (:func:`comparison_view` maps the result back). Cleaning a pasted page is in
:mod:`helpers.cleaning`.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

__all__ = [
    "MAX_TEXT_CHARS",
    "Sentence",
    "TextTooLongError",
    "comparison_view",
    "normalise_for_comparison",
    "quote_spans",
    "split_sentences",
]


@dataclass(frozen=True)
class Sentence:
    """One sentence: ``source_text[start:end] == text``."""

    text: str
    start: int
    end: int

    def __str__(self) -> str:
        return self.text


# --- limits and comparison ------------------------------------------------------------------

MAX_TEXT_CHARS = 1_000_000
"""Longest text the analysis helpers accept: about 150,000 words, far beyond any news article
(the course articles have about 2,000 characters). Longer input is refused with
:class:`TextTooLongError` instead of running for minutes."""


class TextTooLongError(ValueError):
    """A text longer than :data:`MAX_TEXT_CHARS` was given to an analysis helper."""


def require_text(value: object, name: str) -> str:
    """Return ``value`` if it is a non-blank str within the size limit, else raise naming it."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__}")
    if not value.strip():
        raise ValueError(f"{name} is empty: expected some text")
    if len(value) > MAX_TEXT_CHARS:
        raise TextTooLongError(
            f"{name} has {len(value):,} characters; the limit is {MAX_TEXT_CHARS:,} (about 150,000 "
            "words, more than any news article): pass one article at a time"
        )
    return value


def is_invisible(char: str) -> bool:
    """A format character (zero-width space and joiners, soft hyphen, BOM, direction marks)."""
    return unicodedata.category(char) == "Cf"


def normalise_for_comparison(text: str) -> str:
    """``text`` in NFC with zero-width and other format characters removed.

    Use it wherever two pieces of text are *compared* (names, quotes, facts), so that
    ``NA\\u200bTO`` equals ``NATO`` and a decomposed ``é`` equals a composed one. Never store
    its result as evidence: quotes and offsets always refer to the raw text (see
    :func:`comparison_view`).
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    return comparison_view(text)[0]


def comparison_view(text: str) -> tuple[str, list[int]]:
    """:func:`normalise_for_comparison` of ``text`` plus, for each of its characters and its end,
    the offset in ``text`` it comes from, so results found in the view map back to the raw text.
    """
    if unicodedata.is_normalized("NFC", text) and not any(map(is_invisible, text)):
        return text, list(range(len(text) + 1))
    chars: list[str] = []
    origin: list[int] = []
    cluster_start = 0
    cluster: list[str] = []

    def flush() -> None:
        if cluster:
            composed = unicodedata.normalize("NFC", "".join(cluster))
            chars.extend(composed)
            origin.extend([cluster_start] * len(composed))
            cluster.clear()

    for index, char in enumerate(text):
        if is_invisible(char):
            continue
        if not unicodedata.combining(char):
            flush()
            cluster_start = index
        cluster.append(char)
    flush()
    origin.append(len(text))
    return "".join(chars), origin


# --- sentences ------------------------------------------------------------------------------

# Abbreviations after which a full stop never ends a sentence (lower case, no final dot).
# List-final ones (dll., dsb., dst., dkk.) are not here: they end a sentence when a capital follows.
_ABBREVIATION_LIST = """
    a.n u.p u.b s.d d.a no nos nomor hal hlm tel telp fax vol jl jln gg kec kab kel prov rt rw
    rp tgl bln thn ca vs cf e.g i.e
    dr dra drs drg ir prof h hj kh st mr mrs ms jr sr tn ny nn sdr sdri bpk yth
    kol jend letjen mayjen brigjen laksda marsda kapt lt let kompol akbp kombes irjen komjen pol
    s.h s.e s.t s.pd s.sos s.kom m.si m.m m.a m.h ph.d
    jan feb mar apr jun jul agu ags sep sept okt nov des
"""
_ABBREVIATIONS = frozenset(_ABBREVIATION_LIST.split())
_INITIALISM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]|[A-Z]")
# Possessive and anchored at the first stop of a run, so a run of 40,000 dots is scanned once.
_TERMINATOR = re.compile(r"(?<![.!?…])[.!?…]++([\"”’»)\]]*+)(?=\s|$)")
_NEXT_CHAR = re.compile(r"\s*+(\S)")
_SPACES = re.compile(r"\s*+")
_MAX_WORD = 40  # longest word looked at before a full stop (abbreviations are short)
_QUOTE_CHARS = '"“”«»'
_OPENERS = "([{" + _QUOTE_CHARS


def split_sentences(text: str) -> list[Sentence]:
    """Split Indonesian prose into sentences whose offsets point into ``text``.

    A sentence ends at ``.``, ``!``, ``?`` or ``…`` (plus any closing quotes or brackets) before
    a space, when the next word does not start in lower case (so ``“…,” kata Yoon`` and
    ``"Siap." ujarnya`` stay together), the stop is not inside a quotation that continues, and
    the word before it is not an abbreviation (``dll.`` before lower case, ``No.``, ``Dr.``,
    ``a.n.``, ``Rp.``, initials such as ``A.S.``). Numbers such as ``3.5``, ``3,5`` or
    ``11/7/2023`` have no space after the dot and never end a sentence. Paragraphs end at blank
    lines and at line breaks, except where a line without final punctuation continues in lower
    case on the next line (hard-wrapped text).
    """
    require_text(text, "text")
    sentences: list[Sentence] = []
    # Every step below looks at a bounded window around each stop, so time is linear in the
    # length of the text (tests/test_text.py counts the work on pathological inputs).
    for para_start, para_end in _paragraphs(text):
        for start, end in _split_paragraph(text, para_start, para_end):
            sentences.append(Sentence(text[start:end], start, end))
    return sentences


def _paragraphs(text: str) -> list[tuple[int, int]]:
    paragraphs: list[list[int]] = []
    previous_last = ""  # last visible character of the previous line
    for line in re.finditer(r"[^\n]*", text):
        content = line.group().strip()
        if not content:
            continue
        start, end = line.span()
        if paragraphs:
            gap = text[paragraphs[-1][1] : start]
            wrapped = gap.count("\n") == 1 and content[0].islower()
            if wrapped and previous_last not in ".!?…:" + _QUOTE_CHARS + "’)":
                paragraphs[-1][1] = end
                previous_last = content[-1]
                continue
        paragraphs.append([start, end])
        previous_last = content[-1]
    return [(start, end) for start, end in paragraphs]


def _split_paragraph(text: str, start: int, end: int) -> list[tuple[int, int]]:
    quotes = _quote_spans(text, start, end)
    quote_opens = [open_at for open_at, _ in quotes]
    pieces = []
    piece_start = start
    for match in _TERMINATOR.finditer(text, start, end):
        stop = match.end()
        if stop < end and _continues(text, piece_start, match, stop, end, quotes, quote_opens):
            continue
        pieces.append((piece_start, stop))
        piece_start = stop
    if text[piece_start:end].strip():
        pieces.append((piece_start, end))
    return [_strip(text, s, e) for s, e in pieces if text[s:e].strip()]


def _continues(text, piece_start, match, stop, end, quotes, quote_opens) -> bool:
    """True when the terminator in ``match`` does not end the sentence."""
    following = _NEXT_CHAR.match(text, stop, end)
    if not following or following.group(1).islower() or following.group(1) in ",;:":
        return True
    dot = match.start()
    inside = bisect_right(quote_opens, dot - 1) - 1  # the last quotation opened before the stop
    if inside >= 0 and dot < quotes[inside][1] and stop <= quotes[inside][1]:
        return True  # inside a quotation that goes on
    if text[dot] != "." or match.group(1):
        return False
    word_start = dot
    while word_start > max(piece_start, dot - _MAX_WORD) and not (
        text[word_start - 1].isspace() or text[word_start - 1] in _OPENERS
    ):
        word_start -= 1
    word = text[word_start:dot]
    if word.lower() in _ABBREVIATIONS or _INITIALISM.fullmatch(word):
        return True
    # A list number ("1. Dialog ...") at the start of a sentence.
    at_start = _SPACES.match(text, piece_start, word_start).end() == word_start
    return bool(re.fullmatch(r"\d{1,2}", word)) and at_start


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(open, close) offsets of the quotation marks of every balanced quotation, line by line."""
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        spans.extend(_quote_spans(text, *line.span()))
    return spans


def _quote_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(open, close) positions of balanced quotation marks within a paragraph.

    A mark after a space (or at the start) and before a non-space opens; a mark after a non-space
    closes. This handles “…”, "…" and the ”…” some sites use; an unclosed quote protects nothing.
    """
    spans = []
    open_at = None
    for index in range(start, end):
        if text[index] not in _QUOTE_CHARS:
            continue
        before = text[index - 1] if index > start else " "
        after = text[index + 1] if index + 1 < end else " "
        if open_at is None and (before.isspace() or before in "([") and not after.isspace():
            open_at = index
        elif open_at is not None and not before.isspace():
            spans.append((open_at, index))
            open_at = None
    return spans


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
