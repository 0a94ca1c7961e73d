"""Clean a news text and split it into sentences, keeping every offset into the original.

Quotes in the course cite character offsets into the *raw* article, so nothing here rewrites
text: cleaning only sets aside whole pieces (by-lines, photo credits, related-article lists, a
leading dateline) and records each one, and sentences are slices of their input with their
offsets. Both work line by line with generic rules for Indonesian online news, not rules tuned to
the two course articles.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from typing import NamedTuple

__all__ = [
    "MAX_TEXT_CHARS",
    "CleanText",
    "Removed",
    "Sentence",
    "TextTooLongError",
    "clean_text",
    "comparison_view",
    "normalise_for_comparison",
    "quote_spans",
    "split_sentences",
]


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


def _is_invisible(char: str) -> bool:
    # Format characters (zero-width space and joiners, soft hyphen, BOM, direction marks).
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
    if unicodedata.is_normalized("NFC", text) and not any(map(_is_invisible, text)):
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
        if _is_invisible(char):
            continue
        if not unicodedata.combining(char):
            flush()
            cluster_start = index
        cluster.append(char)
    flush()
    origin.append(len(text))
    return "".join(chars), origin


# --- cleaning -------------------------------------------------------------------------------

_BYLINE_WORDS = (
    r"(?:penulis|oleh|reporter|wartawan|pewarta|editor|penyunting|redaktur|kontributor|"
    r"fotografer|videografer|penerjemah|alih bahasa|laporan|rep|red)"
)
_CREDIT = r"\s*:\s*\S.{0,150}"
_MONTH_WORDS = (
    r"(?:januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|november|"
    r"desember|jan|feb|mar|apr|jun|jul|agu|ags|agt|sep|sept|okt|nov|des)"
)
_WEEKDAYS = r"(?:senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad)"
_DATE_ONLY = (
    r"(?:[\w.-]+\.(?:com|co|id)\s*[-–—]\s*)?"
    r"(?:(?:diperbarui|diterbitkan|dipublikasikan|terbit|tayang|update|updated|published)"
    r"(?:\s+(?:pada|on))?\s*:?\s*)?"
    rf"(?:{_WEEKDAYS}\s*,?\s*)?"
    rf"(?:\d{{1,2}}\s+{_MONTH_WORDS}\.?\s+\d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|\d{{4}}-\d\d-\d\d)"
    r"(?:[\s,|–—-]*(?:pukul\s*)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:WIB|WITA|WIT|GMT[+-]?\d*|UTC)?)?"
)
_AGENCIES = (
    r"(?:reuters|afp|ap|antara(?: foto)?|yonhap|getty images|epa|xinhua|anadolu|bernama|kyodo|"
    r"istimewa|ist|dok(?:umentasi)?\.?|shutterstock|arsip)"
)
# "(AFP/Arsip)", "(merdeka.com/Arie Basuki)", "(Foto: Reuters)"; not "(rds/rds)" or "(11/7)".
_CREDIT_PAREN = (
    r"\((?:(?=[^()\n]*(?-i:[A-Z]))[^()\n]*/[^()\n]*|(?i:foto|photo|sumber|dok|ist)\b[^()\n]*)\)"
)
_SECTION_LABELS = frozenset(
    [
        "internasional",
        "dunia",
        "nasional",
        "news",
        "berita",
        "global",
        "politik",
        "ekonomi",
        "bisnis",
        "hukum",
        "peristiwa",
        "militer",
        "pertahanan",
        "asia",
        "home",
        "beranda",
        "internasional/dunia",
        "headline",
        "utama",
        "terkini",
        "terpopuler",
        "world",
    ]
)
_OUTLET_NAMES = (
    r"(?:detik(?:news|com)?|cnn indonesia|bbc(?: news)? indonesia|voa(?: indonesia)?|"
    r"kompas(?:\.com)?|tempo(?:\.co)?|liputan6(?:\.com)?|antara(?:news)?(?:\.com)?|okezone(?:\.com)?|"
    r"sindonews(?:\.com)?|republika(?:\.co\.id)?|kumparan(?:\.com)?|tribunnews(?:\.com)?|"
    r"merdeka(?:\.com)?|suara(?:\.com)?|idn times|[\w-]+\.(?:com|co\.id|id))"
)
_CAPTION_WITH_CREDIT = re.compile(
    rf".{{3,300}}?\s*{_CREDIT_PAREN}|.{{3,300}}\bANTARA(?: FOTO)?/\S+", re.IGNORECASE
)
# (reason, rule): a line whose stripped content matches a rule in full is set aside.
_LINE_RULES = [
    (
        "by-line",
        re.compile(
            rf"{_BYLINE_WORDS}(?:\s*[&/,]\s*{_BYLINE_WORDS})*{_CREDIT}"
            rf"(?:\s+{_BYLINE_WORDS}{_CREDIT})?"  # "Rep: Nama Red: Nama"
            r"|laporan wartawan\s+\S.{0,60}|tim redaksi(?:\s*[-–—|]\s*\S.{0,40})?"
            rf"|oleh\s+[A-Z][\w.' -]{{1,60}}?\s+(?:diperbarui|diterbitkan|pada)\b.{{0,60}}",
            re.IGNORECASE,
        ),
    ),
    ("date line", re.compile(_DATE_ONLY, re.IGNORECASE)),
    (
        "photo credit",
        re.compile(
            r"(?:foto|sumber foto|kredit foto|ilustrasi|gambar|photo)"
            + _CREDIT
            + r"|sumber gambar\s*[,:]\s*\S.{0,100}"
            + r"|\(\s*(?:foto|photo)\s*:[^()\n]{1,100}\)"
            + rf"|{_AGENCIES}(?:\s*[|/,]\s*[\w. ]{{2,30}}){{0,3}}",
            re.IGNORECASE,
        ),
    ),
    (
        "photo caption",
        re.compile(
            r"(?:keterangan gambar|keterangan foto)\s*[,:]\s*\S.{0,300}"
            r"|(?:arsip foto|ilustrasi|foto)\s+[-–—]+\s+\S.{0,300}",
            re.IGNORECASE,
        ),
    ),
    (
        "related-article link",
        re.compile(
            r"(?:(?:baca|lihat|simak)\s+(?:juga|pula)|pilihan editor|berita terkait|artikel terkait"
            r"|rekomendasi|baca)\s*:\s*\S.{0,200}",
            re.IGNORECASE,
        ),
    ),
    ("source line", re.compile(r"sumber\s*:\s*\S.{0,150}", re.IGNORECASE)),
    (
        "copyright",
        re.compile(
            r"(?:copyright|hak cipta|©|\(c\)).{0,200}|.{0,150}all rights reserved\.?", re.IGNORECASE
        ),
    ),
    (
        "rights notice",
        re.compile(
            r"dilarang (?:keras )?"
            r"(?:mengambil|mengutip|menyalin|memperbanyak|mereproduksi).{0,300}",
            re.IGNORECASE,
        ),
    ),
    (
        "advertising or page prompt",
        re.compile(
            r"advertisement|advertisment|iklan|ads|sponsored|scroll to continue with content"
            r"|scroll (?:untuk|ke bawah).{0,60}|loading(?:\.{3}|…)?|memuat(?:\.{3}|…)?"
            r"|lihat (?:foto|video|galeri)|video pilihan|(?:simak|tonton|saksikan) video\b.{0,150}"
            r"|(?:halaman\s*)?(?:\d+\s*)+(?:selanjutnya|berikutnya)?"
            r"|halaman (?:selanjutnya|berikutnya)"
            r"|selanjutnya|berikutnya|baca selengkapnya.{0,100}"
            r"|(?:dapatkan|ikuti|gabung(?:lah)?|follow)\b.{0,120}(?:update|berita|kanal|channel"
            r"|whatsapp|telegram|google news|saluran|newsletter).{0,120}"
            r"|artikel ini telah (?:tayang|terbit|dipublikasikan).{0,200}|bagikan|share|komentar",
            re.IGNORECASE,
        ),
    ),
    (
        "section label",
        re.compile(r"(?i:home|beranda|news|berita)(?:\s*[>»/|]\s*[\w -]{2,30}){1,4}|[A-Z]{3,20}"),
    ),
    ("outlet name", re.compile(_OUTLET_NAMES, re.IGNORECASE)),
    ("editor initials", re.compile(r"\((?:[a-z]{2,5}(?:/[a-z0-9]{2,10})*|\*)\)")),
    ("photo caption", _CAPTION_WITH_CREDIT),
]
_RELATED_HEADING = re.compile(
    r"(?:artikel|berita|baca|bacaan|topik|saksikan)\s+(?:terkait|lainnya|juga|pilihan)\s*:?"
    r"|(?:rekomendasi|terpopuler|berita terkini|pilihan editor|tags?|topik|kata kunci)\s*:?",
    re.IGNORECASE,
)
_SENTENCES = re.compile(r"[.!?][\"”’]?\s+[A-Z]")  # a stop, then another sentence
_TRAILING_INITIALS = re.compile(r"\s*\((?:[a-z]{2,5}(?:/[a-z0-9]{2,10})+|\*)\)[ \t]*$")
_TRAILING_CREDIT = re.compile(rf"\s*(?:{_CREDIT_PAREN}|\bANTARA(?: FOTO)?/\S+)[ \t]*$")

# Datelines: "SUGAWA.ID- ", "JAKARTA, KOMPAS.com - ", "VILNIUS, SITE.COM-", "SEOUL -- ",
# "Jakarta (ANTARA) - ", "Seoul, Korea Selatan (ANTARA) -", "Jakarta, CNN Indonesia -- ",
# "Jakarta - ", "KOMPAS.com - ", "TEMPO.CO, Jakarta - ", "Liputan6.com, Jakarta " (no dash).
_CAPS_PLACE = r"[A-Z][A-Z'’.-]+(?:[ \t]+[A-Z][A-Z'’.-]+){0,3}"
_TITLE_PLACE = r"[A-Z][a-z'’-]+(?:[ \t]+[A-Z][a-z'’-]+){0,3}"
_OUTLET = r"(?:[A-Za-z0-9-]+(?:\.[A-Za-z]{2,4}){1,2}|CNN Indonesia|[a-z]+[A-Z][A-Za-z]+)"
_AGENCY = r"\([A-Z][A-Za-z]*(?:[ .][A-Za-z]+){0,3}\)"
_DASH = r"(?:[ \t]+(?:-{1,2}|–|—)[ \t]*|(?:-{1,2}|–|—)[ \t]+)"
_DATELINE = re.compile(
    rf"[ \t]*(?:(?:{_CAPS_PLACE}|{_TITLE_PLACE})(?:[ \t]*,[ \t]*(?:{_CAPS_PLACE}|{_TITLE_PLACE}"
    rf"|{_OUTLET}))?(?:[ \t]*{_AGENCY})?{_DASH}"
    rf"|{_TITLE_PLACE}[ \t]*{_AGENCY}[ \t]*:[ \t]+"
    rf"|{_OUTLET}[ \t]*,[ \t]*"
    rf"(?:(?:{_CAPS_PLACE}|{_TITLE_PLACE}){_DASH}|[A-Z][\w'’-]+[ \t]+(?=[A-Z]))"
    rf"|{_OUTLET}{_DASH})"
)
_BARE_DATELINE = re.compile(rf"[ \t]*{_TITLE_PLACE}{_DASH}")
_MAX_DATELINE = 70
_MAX_TITLE = 200
_OPENING_LINES = 4  # a dateline is looked for in the first kept lines with content


def clean_text(raw: str) -> CleanText:
    """Set aside page furniture, keeping a record of every piece and the reason.

    Whole lines (judged on their stripped content) go when they are: by-lines (``Penulis:``,
    ``Pewarta:``, ``Editor:``, ``Tim Redaksi``, ``oleh … diperbarui …``); date-only lines
    (``Selasa, 11 Juli 2023 19:05 WIB``, ``Diterbitkan 11 Jul 2023``); photo credits and
    captions (``Foto: …``, ``(Foto: Reuters)``, ``Sumber gambar, …``, ``Keterangan gambar, …``,
    a short line ending in a credit such as ``(AFP/Arsip)``); related-article links (``Baca
    juga: …``, ``Pilihan Editor: …``) and lists (a heading such as ``Artikel Terkait`` followed
    by headline-like lines); ``Sumber: …``; copyright and rights notices; advertising, scroll,
    loading and subscription prompts; section labels (a lone word in capitals, ``Home >
    Internasional``); an outlet's name alone; editor initials such as ``(rds/rds)``; a repeat of
    an earlier headline-like line or of the first line (a repeated headline). Within a kept
    line, one dateline is removed at the start of one of the first four lines kept
    (``Jakarta (ANTARA) -``, ``VILNIUS, SITE.COM-``, ``TEMPO.CO, Jakarta -``, ``Jakarta -`` …)
    when the rest reads like prose; a
    bare ``Place -`` counts only before the first line of prose. Editor initials or a photo
    credit at the end of a line go too, and so does a byte-order mark.

    Blank lines stay in the body. Each removed piece keeps its line break, so the body's spans
    and the removed pieces together cover the raw text exactly.
    """
    require_text(raw, "raw")
    removed: list[Removed] = []
    kept: list[tuple[int, int]] = []
    first = 0
    if raw.startswith("\ufeff"):
        removed.append(Removed("\ufeff", "byte-order mark", 0, 1))
        first = 1
    in_related = False
    headlines: set[str] = set()
    opening_lines = 0
    after_prose = False  # past a line of prose, only a dateline naming an outlet counts
    for match in re.finditer(r"[^\n]*\n|[^\n]+", raw[first:]):
        start, end = match.start() + first, match.end() + first
        content = match.group().strip()
        if not content:
            kept.append((start, end))
            continue
        reason = _line_reason(content, in_related, headlines)
        in_related = reason in ("related-articles heading", "related-article title")
        if reason:
            removed.append(Removed(raw[start:end], reason, start, end))
            continue
        if _headline_like(content) or (not headlines and len(content) <= _MAX_TITLE):
            headlines.add(_headline_key(content))  # the first line is the title, even with a stop
        if opening_lines < _OPENING_LINES:
            opening_lines += 1
            dateline = _dateline(raw, start, end, after_prose)
            opening_lines += _OPENING_LINES if dateline else 0
            after_prose = after_prose or _reads_like_prose(content)
            if dateline:
                removed.append(Removed(raw[start:dateline], "dateline", start, dateline))
                start = dateline
        line_end = end - 1 if raw[end - 1] == "\n" else end
        for why, pattern in (
            ("editor initials", _TRAILING_INITIALS),
            ("photo credit", _TRAILING_CREDIT),
        ):
            tail = pattern.search(raw, start, line_end)
            if tail and raw[start : tail.start()].strip():
                kept.append((start, tail.start()))
                removed.append(Removed(tail.group(), why, tail.start(), tail.end()))
                start = tail.end()
                break
        kept.append((start, end))
    removed.sort(key=lambda piece: piece.start)
    kept = _merge(kept)
    body = "".join(raw[s:e] for s, e in kept)
    return CleanText(raw=raw, body=body, removed=removed, kept=kept)


def _line_reason(content: str, in_related: bool, headlines: set[str]) -> str | None:
    if _RELATED_HEADING.fullmatch(content):
        return "related-articles heading"
    if in_related and _headline_like(content):
        return "related-article title"
    if len(content) <= 300:
        for why, rule in _LINE_RULES:
            if rule.fullmatch(content) and not (
                rule is _CAPTION_WITH_CREDIT
                and _SENTENCES.search(_TRAILING_CREDIT.sub("", content))
            ):
                return why  # a caption is one sentence; prose with a credit keeps its sentences
        if content.lower() in _SECTION_LABELS:
            return "section label"
    if len(content) <= _MAX_TITLE and _headline_key(content) in headlines:  # a repeated headline
        return "repeated headline"
    return None


def _headline_like(content: str) -> bool:
    return len(content) <= _MAX_TITLE and content[-1] not in '.:;,!"”’'


def _headline_key(content: str) -> str:
    return " ".join(content.strip("-•·.!?:;, ").casefold().split())


def _dateline(raw: str, start: int, end: int, after_prose: bool) -> int | None:
    """End of a dateline at the start of raw[start:end], if the rest of the line is prose.

    After a line of prose (a standfirst, a caption) only a dateline naming an outlet or agency
    or written in capitals counts: "Jakarta - Bandung ditempuh tiga jam." is not one.
    """
    match = _DATELINE.match(raw, start, end)
    if not match or match.end() - start > _MAX_DATELINE:
        return None
    if after_prose and _BARE_DATELINE.fullmatch(match.group()):
        return None
    rest = raw[match.end() : end].strip()
    if len(rest.split()) < 3 or not _reads_like_prose(rest):
        return None
    return match.end() if rest[0].isupper() or rest[0] in "“\"'" else None


def _reads_like_prose(content: str) -> bool:
    return content[-1:] in tuple('.!?”"’)') or len(content) > 120


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and merged[-1][1] == start:
            merged[-1] = (merged[-1][0], end)
        elif start < end:
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
