"""Clean a news text and split it into sentences, keeping every offset into the original.

Quotes in the course cite character offsets into the *raw* article, so nothing here rewrites
text: cleaning only sets aside whole pieces (by-lines, photo credits, related-article lists, a
leading dateline) and records each one, and sentences are slices of their input with their
offsets. Both work line by line with generic rules for Indonesian online news, not rules tuned to
the two course articles.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import NamedTuple

__all__ = ["CleanText", "Removed", "Sentence", "clean_text", "quote_spans", "split_sentences"]


class Removed(NamedTuple):
    """A piece of the raw text set aside by :func:`clean_text`; ``raw[start:end] == text``."""

    text: str
    reason: str
    start: int
    end: int


@dataclass(frozen=True)
class CleanText:
    """The article body plus everything removed from it; together they tile the raw text.

    ``kept`` lists the raw spans (start, end) whose concatenation is ``body``, so any offset in
    the body maps back to the raw text with :meth:`raw_span`.
    """

    raw: str
    body: str
    removed: list[Removed]
    kept: list[tuple[int, int]]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a body slice ``body[start:end]`` to offsets in the raw text."""
        if not (isinstance(start, int) and isinstance(end, int)):
            raise TypeError("start and end must be int offsets into the body")
        if not 0 <= start <= end <= len(self.body):
            raise ValueError(f"start..end must lie within 0..{len(self.body)}, got {start}..{end}")
        if start == end:
            return (self._raw_at(start), self._raw_at(start))
        return (self._raw_at(start), self._raw_at(end - 1) + 1)

    def _raw_at(self, offset: int) -> int:
        lengths = [0]
        for span_start, span_end in self.kept:
            lengths.append(lengths[-1] + span_end - span_start)
        if offset >= lengths[-1]:
            return self.kept[-1][1] if self.kept else len(self.raw)
        index = bisect_right(lengths, offset) - 1
        return self.kept[index][0] + offset - lengths[index]


@dataclass(frozen=True)
class Sentence:
    """One sentence: ``source_text[start:end] == text``."""

    text: str
    start: int
    end: int

    def __str__(self) -> str:
        return self.text


def require_text(value: object, name: str) -> str:
    """Return ``value`` if it is a non-blank str, else raise naming the argument."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__}")
    if not value.strip():
        raise ValueError(f"{name} is empty: expected some text")
    return value


# --- cleaning -------------------------------------------------------------------------------

_CREDIT = r"\s*:\s*\S.{0,150}"
_LINE_RULES = [
    (
        "by-line",
        re.compile(
            r"(?:penulis|oleh|reporter|wartawan|pewarta|editor|penyunting|redaktur|kontributor)"
            + _CREDIT,
            re.IGNORECASE,
        ),
    ),
    (
        "photo credit",
        re.compile(r"(?:foto|sumber foto|kredit foto|ilustrasi|gambar|photo)" + _CREDIT, re.I),
    ),
    (
        "related-article link",
        re.compile(r"(?:baca|lihat|simak)\s+(?:juga|pula)" + _CREDIT, re.IGNORECASE),
    ),
]
_RELATED_HEADING = re.compile(
    r"(?:artikel|berita|baca|bacaan)\s+(?:terkait|lainnya|juga|pilihan)\s*:?", re.IGNORECASE
)
# An outlet or city in capitals, optionally ", Outlet.com" or "(AGENCY)", then a dash with a
# space on at least one side ("SUGAWA.ID- ", "JAKARTA, KOMPAS.com - ", "Jakarta (ANTARA) - ").
_DATELINE = re.compile(
    r"\s*(?:[A-Z][A-Z.]+(?:\s+[A-Z][A-Z.]+)*(?:\s*,\s*[A-Z][\w.]*(?:\s+[\w.()/]+){0,2})?"
    r"|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*\s*\([A-Z][A-Za-z. ]+\))"
    r"(?:\s+[-–—]+\s*|[-–—]+\s+)"
)
_MAX_DATELINE = 60
_MAX_TITLE = 160


def clean_text(raw: str) -> CleanText:
    """Set aside by-lines, photo credits, related-article lists and a leading dateline.

    Rules (a line is judged on its stripped content):

    * ``Penulis:``/``Oleh:``/``Editor:``… lines are by-lines; ``Foto:``/``Ilustrasi:``… lines are
      photo credits; ``Baca juga: <title>`` lines are related-article links;
    * a line that is only ``Artikel Terkait``/``Berita Terkait``/``Baca Juga``… starts a list:
      the following headline-like lines (no final full stop, at most 160 characters) are
      related-article titles; the list ends at the first line that reads like prose;
    * the first content line may start with a dateline such as ``SUGAWA.ID-`` or
      ``JAKARTA, KOMPAS.com -``: capitals, then a dash with a space on one side.

    Blank lines stay in the body. Each removed piece keeps its line break, so the body's spans
    and the removed pieces together cover the raw text exactly.
    """
    require_text(raw, "raw")
    removed: list[Removed] = []
    kept: list[tuple[int, int]] = []
    in_related = False
    seen_content = False
    for match in re.finditer(r"[^\n]*\n|[^\n]+", raw):
        start, end = match.span()
        content = match.group().strip()
        reason = None
        if not content:
            kept.append((start, end))
            continue
        if _RELATED_HEADING.fullmatch(content):
            reason, in_related = "related-articles heading", True
        elif in_related and len(content) <= _MAX_TITLE and content[-1] not in '.:;,"”’':
            reason = "related-article title"
        else:
            in_related = False
            reason = next((why for why, rule in _LINE_RULES if rule.fullmatch(content)), None)
        if reason:
            removed.append(Removed(raw[start:end], reason, start, end))
            continue
        if not seen_content:
            seen_content = True
            dateline = _DATELINE.match(raw, start, end)
            if dateline and dateline.end() - start <= _MAX_DATELINE and dateline.end() < end:
                removed.append(Removed(dateline.group(), "dateline", start, dateline.end()))
                start = dateline.end()
        kept.append((start, end))
    kept = _merge(kept)
    body = "".join(raw[s:e] for s, e in kept)
    return CleanText(raw=raw, body=body, removed=removed, kept=kept)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and merged[-1][1] == start:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


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
_TERMINATOR = re.compile(r"[.!?…]+([\"”’»)\]]*)(?=\s|$)")
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
    for para_start, para_end in _paragraphs(text):
        for start, end in _split_paragraph(text, para_start, para_end):
            sentences.append(Sentence(text[start:end], start, end))
    return sentences


def _paragraphs(text: str) -> list[tuple[int, int]]:
    lines = [m.span() for m in re.finditer(r"[^\n]*", text) if m.group().strip()]
    paragraphs: list[list[int]] = []
    for start, end in lines:
        if paragraphs:
            previous_end = paragraphs[-1][1]
            gap = text[previous_end:start]
            previous = text[paragraphs[-1][0] : previous_end].rstrip()
            following = text[start:end].lstrip()
            wrapped = gap.count("\n") == 1 and following[0].islower()
            if wrapped and previous[-1] not in ".!?…:" + _QUOTE_CHARS + "’)":
                paragraphs[-1][1] = end
                continue
        paragraphs.append([start, end])
    return [(start, end) for start, end in paragraphs]


def _split_paragraph(text: str, start: int, end: int) -> list[tuple[int, int]]:
    quotes = _quote_spans(text, start, end)
    pieces = []
    piece_start = start
    for match in _TERMINATOR.finditer(text, start, end):
        stop = match.end()
        if stop < end and _continues(text, piece_start, match, stop, end, quotes):
            continue
        pieces.append((piece_start, stop))
        piece_start = stop
    if text[piece_start:end].strip():
        pieces.append((piece_start, end))
    return [_strip(text, s, e) for s, e in pieces if text[s:e].strip()]


def _continues(text, piece_start, match, stop, end, quotes) -> bool:
    """True when the terminator in ``match`` does not end the sentence."""
    following = text[stop:end].lstrip()
    if not following or following[0].islower() or following[0] in ",;:":
        return True
    dot = match.start()
    for open_at, close_at in quotes:
        if open_at < dot < close_at and stop <= close_at:
            return True  # inside a quotation that goes on
    if text[dot] != "." or match.group(1):
        return False
    word = re.search(r"[^\s" + re.escape(_OPENERS) + r"]*$", text[piece_start:dot]).group()
    if word.lower() in _ABBREVIATIONS or _INITIALISM.fullmatch(word):
        return True
    # A list number ("1. Dialog ...") at the start of a sentence.
    return bool(re.fullmatch(r"\d{1,2}", word)) and not text[piece_start:dot][: -len(word)].strip()


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
