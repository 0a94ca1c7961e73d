"""Checkable facts in a news text (dates, numbers, names, acronyms, quotes) and how sources compare.

Everything is found on a comparison view of the text (NFC, zero-width characters removed; see
:func:`helpers.text.comparison_view`) and reported with offsets and wording from the raw text,
so evidence is never rewritten. Name variants and abbreviations (Korsel, AS, Lithuania, Sekjen
NATO ...) are mapped to one entity through ``data/entities.csv``; each alias there says where its
use is attested. The rules are for Indonesian: :func:`language_warning` says when a text does
not look Indonesian and what still works.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from bisect import bisect_right
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz

from helpers.cleaning import clean_text
from helpers.data import Corpus, DataError, find_data_dir, read_package, read_table
from helpers.text import comparison_view, quote_spans, require_text

__all__ = [
    "LanguageWarning",
    "article_facts",
    "compare_facts",
    "extract_facts",
    "language_warning",
    "load_entities",
]

FACT_COLUMNS = ["kind", "value", "text", "start", "end", "unit", "speaker", "expansion"]
_KIND_ORDER = ["date", "year", "number", "number-word", "acronym", "name", "quote"]

_MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maret": 3, "mar": 3, "april": 4, "apr": 4,
    "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "agustus": 8, "agu": 8, "ags": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "desember": 12, "des": 12,
    # English months on Indonesian pages ("11 July 2023"); not "May", also a surname
    "january": 1, "february": 2, "march": 3, "june": 6, "july": 7, "august": 8, "october": 10,
    "december": 12,
}  # fmt: skip
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAYS = frozenset(["senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu", "ahad"])
_NUMERIC_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?(?![\d/])")
_WORD_DATE = re.compile(rf"\b(?:(\d{{1,2}})\s+)?({_MONTH})\.?(?:\s+(\d{{4}}))?\b", re.IGNORECASE)
_RANGE_START = re.compile(rf"\b(\d{{1,2}})\s*[-–]\s*(?=\d{{1,2}}\s+(?:{_MONTH})\b)", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d.,])(?:1[89]\d\d|20\d\d)(?![\d]|[.,]\d)")
_NUMBER = re.compile(r"(?<![\w.,])(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)(?!\w)")
_DIGITS = {
    "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
    "delapan": 8, "sembilan": 9,
}  # fmt: skip
_SE_WORDS = {"sepuluh": 10, "sebelas": 11, "seratus": 100}  # "se-" = one: ten, eleven, a hundred
_SE_SCALES = {"seribu": 1000, "sejuta": 1_000_000}
_SCALES = {"puluh": 10, "ratus": 100, "ribu": 1000, "juta": 1_000_000}
_NUMBER_WORD = re.compile(
    r"(?<![\w-])(?:{first})(?:\s+(?:{any}))*(?![\w-])".format(
        first="|".join([*_DIGITS, *_SE_WORDS, *_SE_SCALES]),
        any="|".join([*_DIGITS, *_SE_WORDS, *_SE_SCALES, *_SCALES, "belas"]),
    ),
    re.IGNORECASE,
)
_NOT_A_NUMBER = re.compile(r"salah\s+satu|satu\s+sama\s+lain", re.IGNORECASE)
# Not part of a web address ("SITE.COM", "TEMPO.CO").
_ACRONYM = re.compile(
    r"(?<![.\w])(?:[A-Z]\.){2,}|(?<![.\w])[A-Z](?:[A-Z]*[A-Z]|\d+)(?:-[A-Z]+)?\b(?!\.[A-Za-z])"
)
_EXPANSION = re.compile(r"\s*\(([^()\n]{3,120})\)")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_UNIT_WORD = re.compile(r"\s+([^\W\d_]+(?:-[^\W\d_]+)*)")
# Leading titles dropped from names ("Presiden Yoon" -> "Yoon"); "Anda" is the polite "you".
_TITLE_LIST = """
    presiden wakil sekretaris jenderal sekjen juru bicara jubir menteri menlu menhan perdana pm
    duta besar dubes raja ratu ketua direktur gubernur bupati wali kepala panglima kanselir
    bapak ibu pak bu tuan nyonya dr prof anda
"""
_TITLES = frozenset(_TITLE_LIST.split())
_NAME_LINKS = frozenset({"of", "and", "for", "the"})  # "Centre of Excellence"
# Institutions whose Indonesian names run on through small words: "Program Kemitraan yang
# Disesuaikan secara Individual", "Kantor Kepresidenan dan ...".
_INSTITUTION_HEADS = frozenset(
    [
        "program",
        "rencana",
        "pusat",
        "kantor",
        "misi",
        "perwakilan",
        "kedutaan",
        "badan",
        "kementerian",
        "dewan",
        "komisi",
        "organisasi",
        "pakta",
        "konferensi",
        "lembaga",
        "majelis",
        "misi",
    ]
)
_INSTITUTION_LINKS = frozenset({"yang", "dan", "secara", "dengan", "untuk", "bagi"})
# Words of page furniture (widgets, embeds, prompts) that never open a name when a leftover
# line of furniture reaches the extractor: "Text Sizes", "Gambas", "Next Article".
_FURNITURE_WORD_LIST = """
    text font sizes gambas video foto share next previous article artikel tag tags topik baca
    follow ikuti network populer terpopuler terkini loading advertisement
"""
_FURNITURE_WORDS = frozenset(_FURNITURE_WORD_LIST.split())
# A sentence's first word formed as an Indonesian common noun, glued to a name that follows it:
# "Hubungan Seoul …", "Pertemuan Vilnius …". Only affix shapes that personal names rarely have:
# ke-/peN-…-an (kesepakatan, pertemuan), -ngan/-uan (hubungan, tujuan), -nya (kunjungannya);
# not a bare -an, which ends Jonathan, Adrian, Setiawan.
_COMMON_NOUN = re.compile(
    r"(?:ke|pe|per|pem|pen|peng|peny)[^\W\d_]{3,}an|[^\W\d_]{3,}(?:ngan|uan|nya)", re.IGNORECASE
)
# Capitalised only because they open a sentence: never the first word of a name.
_SENTENCE_WORDS = frozenset(
    [
        "menurut",
        "dalam",
        "pada",
        "di",
        "dari",
        "ke",
        "sementara",
        "namun",
        "selain",
        "setelah",
        "sebelum",
        "sebelumnya",
        "kemudian",
        "ini",
        "itu",
        "hal",
        "sedangkan",
        "adapun",
        "bahkan",
        "meski",
        "meskipun",
        "dengan",
        "untuk",
        "karena",
        "oleh",
        "saat",
        "ketika",
        "selama",
        "sejak",
        "bagi",
        "tak",
        "tidak",
        "para",
        "sebagai",
        "seperti",
        "lalu",
        "kini",
    ]
)
_SENTENCE_START = re.compile(r"(?:^|[.!?…:][\"”’)]*\s+|\n\s*)[\"“”(]?", re.MULTILINE)
_AFTER_VERBS = (
    "kata|ujar|ungkap|ucap|tutur|jelas|tegas|tambah|imbuh|sebut|papar|terang|lanjut|pungkas"
)
_NAME_RUN = r"[A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*"
_SPEAKER_AFTER = re.compile(
    rf"[ \t]*,?[ \t]*(?:(?P<nya>(?:{_AFTER_VERBS})nya)|(?:{_AFTER_VERBS})[ \t]+"
    rf"(?P<who>keduanya|mereka|dia|ia|beliau|{_NAME_RUN}))\b"
)
_SPEECH_VERBS = (
    r"(?:mengatakan|menyampaikan|menjelaskan|menegaskan|berkata|menambahkan|mengungkapkan"
    r"|menyatakan|menuturkan|menekankan|menyebut|menyebutkan)"
)
_SPEAKER_BEFORE = re.compile(
    rf"(?P<who>{_NAME_RUN})\s+(?:juga\s+|pun\s+)?{_SPEECH_VERBS}\s*[,:]?\s*$"
)
_SPEECH = re.compile(rf"(?P<who>{_NAME_RUN})\s+(?:juga\s+|pun\s+)?{_SPEECH_VERBS}\b")
_PRONOUNS = frozenset({"dia", "ia", "beliau"})
_VERB_AFTER = re.compile(rf"[ \t]*,?[ \t]*(?:{_AFTER_VERBS})[ \t]+")  # "…,” kata " then who
_LOOK_BACK = 300  # characters before a quotation searched for its speaker
_STOP = re.compile(r"[.!?…][\"”’)]*\s+")  # a stop that ends a sentence before another

# Indonesian function words: their share tells Indonesian prose from other languages.
_FUNCTION_WORDS = frozenset(
    [
        "yang",
        "dan",
        "di",
        "ke",
        "dari",
        "untuk",
        "dengan",
        "ini",
        "itu",
        "pada",
        "dalam",
        "tidak",
        "akan",
        "adalah",
        "juga",
        "oleh",
        "karena",
        "atau",
        "sebagai",
        "bahwa",
        "telah",
        "antara",
        "para",
        "tersebut",
        "lebih",
        "kami",
        "mereka",
        "ia",
        "dia",
        "saya",
        "kita",
        "bisa",
        "dapat",
        "sudah",
        "hanya",
        "secara",
        "serta",
        "bagi",
        "sejak",
        "hingga",
        "namun",
        "tetapi",
        "menjadi",
        "ada",
        "kata",
        "ujar",
        "seperti",
        "lalu",
        "kini",
        "setelah",
        "saat",
        "masih",
        "belum",
        "harus",
        "agar",
        "jika",
        "tahun",
        "bidang",
        "kerja",
        "sama",
    ]
)
_MIN_WORDS_TO_JUDGE = 20
_MIN_FUNCTION_SHARE = 0.08
_COURSE_DATA = Path(__file__).resolve().parent.parent / "data"
_QUOTE_SAME = 90  # rapidfuzz score at or above which two quotations are the same words


class LanguageWarning(UserWarning):
    """The text does not look Indonesian; the Indonesian rules may find little or nonsense."""


def language_warning(text: str) -> str | None:
    """A warning message if ``text`` does not look like Indonesian prose, else None.

    The test is the share of common Indonesian function words (yang, dan, di, untuk ...):
    Indonesian news prose has well over 15 %, English or Korean text almost none. Texts under
    20 words are not judged.
    """
    require_text(text, "text")
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < _MIN_WORDS_TO_JUDGE:
        return None
    share = sum(w in _FUNCTION_WORDS for w in words) / len(words)
    if share >= _MIN_FUNCTION_SHARE:
        return None
    return (
        f"This text does not look like Indonesian: only {share:.0%} of its {len(words)} words "
        "are common Indonesian words such as 'yang', 'dan', 'di'. Numbers in digits, dates in "
        "digits, years, acronyms and quotations are still found; names, number words, month "
        "names, speakers and the cleaning rules are Indonesian and may miss or invent items."
    )


# --- entities -------------------------------------------------------------------------------


class _Entities:
    """Aliases -> entity, with the two regular expressions that find them in a text."""

    def __init__(self, table: pd.DataFrame) -> None:
        self.entity = dict(zip(table["alias"], table["entity"], strict=True))
        self.kind = dict(zip(table["entity"], table["kind"], strict=False))
        self.folded = {alias.casefold(): entity for alias, entity in self.entity.items()}
        exact = [a for a in self.entity if len(a.split()) < 3]
        loose = [a for a in self.entity if len(a.split()) >= 3]
        self.exact = _alias_pattern(exact, 0)
        self.loose = _alias_pattern(loose, re.IGNORECASE)
        organisations = [a for a, e in self.entity.items() if self.kind.get(e) == "organisation"]
        self.loose_any = _alias_pattern(organisations, re.IGNORECASE)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        found = []
        taken = bytearray(len(text))
        for pattern in (self.loose, self.exact):
            if pattern is None:
                continue
            for match in pattern.finditer(text):
                if any(taken[match.start() : match.end()]):
                    continue
                if match.group()[0].islower() and self._written_capitalised(match.group()):
                    continue  # "kantor kepresidenan Korea Selatan": a description, not the name
                taken[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
                found.append((match.start(), match.end(), self.folded[match.group().casefold()]))
        return sorted(found)

    def _written_capitalised(self, found: str) -> bool:
        alias = next(a for a in self.entity if a.casefold() == found.casefold())
        return alias[0].isupper()

    def organisation_after(self, text: str, start: int) -> str:
        """The organisation named right after a speech verb at ``start`` (any case), else "":
        "…,” kata kantor kepresidenan" is said by the office, not by nobody."""
        if self.loose_any is None:
            return ""
        match = self.loose_any.match(text, start)
        return self.folded[match.group().casefold()] if match else ""

    def canonical(self, name: str) -> str:
        return self.folded.get(" ".join(name.split()).casefold(), " ".join(name.split()))


def _alias_pattern(aliases: list[str], flags: int) -> re.Pattern | None:
    if not aliases:
        return None
    alternatives = "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", flags)


def load_entities(data_dir: str | Path | None = None) -> pd.DataFrame:
    """The ``entities`` table of the data package (name variants -> one entity), checked."""
    root = find_data_dir(data_dir)
    resources = {r["name"]: r for r in read_package(root).get("resources", [])}
    if "entities" not in resources:
        raise DataError(
            f"{root / 'datapackage.json'}: no resource named 'entities' (the table of name "
            "variants that extract_facts needs); copy data/entities.csv and its entry from the "
            "course's data/"
        )
    return read_table(root, resources["entities"])


@lru_cache(maxsize=4)
def _entities_for(root: Path, stamp: float) -> _Entities:
    return _Entities(load_entities(root))


def _default_entities() -> _Entities:
    """The data folder's entities table; the course's own if that folder predates the table."""
    root = find_data_dir()
    if not any(r.get("name") == "entities" for r in read_package(root).get("resources", [])):
        root = _COURSE_DATA
    path = root / "entities.csv"
    return _entities_for(root, path.stat().st_mtime if path.exists() else 0.0)


# --- extraction -----------------------------------------------------------------------------


def extract_facts(text: str, *, year: int | None = None) -> pd.DataFrame:
    """Checkable items in a text: dates, years, numbers, number words, acronyms, names, quotes.

    Columns: kind, value (normalised: dates ISO; a date without a year takes ``year``, or the
    year of the text's full dates when they all share one, else stays ``--MM-DD``; numbers as
    plain decimals, ``5.000`` -> ``5000``, ``3,5`` -> ``3.5``; number words as digits; names and
    acronyms as the entity of ``data/entities.csv`` when they are one of its aliases, so
    ``Korsel`` -> ``Korea Selatan``), text (as written in ``text``), start, end (offsets into
    ``text``), unit (the word after a number, e.g. ``bidang``), speaker (for a quote: the name
    in its attribution; ``katanya``/``ujarnya``/``dia`` resolve to the last named speaker),
    expansion (the words in brackets after an acronym). Names are a heuristic: runs of
    capitalised words, split at known entities, leading titles such as ``Presiden`` dropped, a
    sentence's first word kept only if the text never uses it in lower case, weekdays and
    months never, and no names from a headline in title case. Warns with
    :class:`LanguageWarning` when the text does not look Indonesian.
    """
    require_text(text, "text")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        raise TypeError(f"year must be an int such as 2023, got {year!r}")
    message = language_warning(text)
    if message:
        warnings.warn(message, LanguageWarning, stacklevel=2)
    view, origin = comparison_view(text)
    entities = _default_entities()
    found = _Finder(view, entities).run(year)
    rows = []
    for fact in found:
        start, end = _raw_span(text, origin, fact["start"], fact["end"])
        rows.append({**fact, "text": text[start:end], "start": start, "end": end})
    frame = pd.DataFrame(rows, columns=FACT_COLUMNS).fillna("")
    frame["kind_order"] = frame["kind"].map(_KIND_ORDER.index)
    frame = frame.sort_values(["start", "kind_order"], kind="stable").drop(columns="kind_order")
    return frame.astype({"start": "int64", "end": "int64"}).reset_index(drop=True)


def _raw_span(text: str, origin: list[int], start: int, end: int) -> tuple[int, int]:
    """Offsets in the raw text of ``view[start:end]``, with the last character's accents."""
    raw_end = origin[end - 1] + 1
    while raw_end < origin[end] and unicodedata.combining(text[raw_end]):
        raw_end += 1
    return origin[start], raw_end


class _Finder:
    """One pass of every rule over a (comparison) text; ``taken`` marks characters used."""

    def __init__(self, text: str, entities: _Entities) -> None:
        self.text = text
        self.entities = entities
        self.taken = bytearray(len(text))
        self.facts: list[dict] = []
        self.lower_words = {w.lower() for w in _WORD.findall(text) if w[0].islower()}
        self.places: dict[int, int] = {}  # start -> end of each country or place found
        self.speakers = {self._person(m.group("who")).lower() for m in _SPEECH.finditer(text)}

    def add(self, kind: str, value: str, start: int, end: int, **extra: str) -> None:
        self.facts.append({"kind": kind, "value": value, "start": start, "end": end, **extra})
        if kind != "quote":
            self.taken[start:end] = b"\x01" * (end - start)

    def free(self, start: int, end: int) -> bool:
        return not any(self.taken[start:end])

    def run(self, year: int | None) -> list[dict]:
        text = self.text
        self._dates(year)
        for match in _YEAR.finditer(text):
            if self.free(*match.span()):
                self.add("year", match.group(), *match.span())
        for match in _NUMBER.finditer(text):
            if self.free(*match.span()):
                self.add(
                    "number", _plain_number(match.group()), *match.span(), unit=_unit(text, match)
                )
        excluded = bytearray(len(text))
        for match in _NOT_A_NUMBER.finditer(text):
            excluded[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
        for match in _NUMBER_WORD.finditer(text):
            value = _number_from_words(match.group())
            if value is not None and not excluded[match.start()] and self.free(*match.span()):
                self.add("number-word", str(value), *match.span(), unit=_unit(text, match))
        self._entities()
        self._acronyms()
        self._names()
        self._quotes()
        return self.facts

    def _dates(self, year: int | None) -> None:
        text = self.text
        found: list[tuple[str | None, int, int | None, int, int]] = []
        numeric = bytearray(len(text))
        for match in _NUMERIC_DATE.finditer(text):
            day, month, written_year = match.groups()
            numeric[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
            bracketed = text[match.start() - 1 : match.start()] == "(" and (
                text[match.end() : match.end() + 1] == ")"
            )
            if written_year is None and not bracketed:
                continue  # "1/2" is a fraction; "(11/7)" is a date
            if written_year is not None and len(written_year) == 2:
                written_year = "20" + written_year
            found.append((written_year, int(month), int(day), *match.span()))
        for match in _WORD_DATE.finditer(text):
            day, month, written_year = match.groups()
            if not (day or written_year) or any(numeric[match.start() : match.end()]):
                continue
            found.append(
                (written_year, _MONTHS[month.lower()], int(day) if day else None, *match.span())
            )
            if day:
                ranged = _RANGE_START.search(text, max(0, match.start() - 6), match.end())
                if ranged and ranged.end() == match.start():
                    found.append(
                        (
                            written_year,
                            _MONTHS[month.lower()],
                            int(ranged.group(1)),
                            *ranged.span(1),
                        )
                    )
        years = {int(y) for y, _, day, _, _ in found if y and day}
        if year is None and len(years) == 1:
            year = years.pop()
        for written_year, month, day, start, end in sorted(found, key=lambda f: f[3]):
            value = _iso(written_year or (str(year) if year and day else None), month, day)
            if value and self.free(start, end):
                self.add("date", value, start, end)

    def _entities(self) -> None:
        previous = (0, -1, "")  # the last entity found: start, end, entity
        for start, end, entity in self.entities.find(self.text):
            if not self.free(start, end):
                continue
            if entity == previous[2] and re.fullmatch(r"\s*\(", self.text[previous[1] : start]):
                # "ITPP (Individually Tailored ...)", "Pakta ... (NATO)": one mention, not two
                self.taken[start:end] = b"\x01" * (end - start)
                continue
            previous = (start, end, entity)
            if self.entities.kind.get(entity) in ("country", "place"):
                self.places[start] = end
            kind = "acronym" if entity.isupper() else "name"
            expansion = _EXPANSION.match(self.text, end) if kind == "acronym" else None
            self.add(
                kind, entity, start, end, expansion=expansion.group(1).strip() if expansion else ""
            )
            if self.entities.kind.get(entity) == "role":
                self.taken[start:end] = b"\x00" * (end - start)  # "Sekjen NATO" still names NATO

    def _acronyms(self) -> None:
        text = self.text
        lines = _shouting_lines(text)
        plain_caps = {m.group() for m in _ACRONYM.finditer(text) if not _in_spans(lines, m.start())}
        ordinary = {w.lower() for w in _WORD.findall(text) if not w.isupper()}
        for match in _ACRONYM.finditer(text):
            token = match.group()
            if not self.free(*match.span()):
                continue
            if _in_spans(lines, match.start()) and token not in plain_caps:
                continue  # a headline or label in capitals: KORSEL, DAN, SEPAKATI ...
            if len(token) >= 4 and token.lower() in ordinary:
                continue  # a word in capitals that the text also writes normally: DUNIA
            if re.fullmatch(r"([A-Z])\1+", token):
                continue  # one letter repeated: a text-size widget ("AA"), not an acronym
            if token.lower() in _TITLES | _INSTITUTION_HEADS:
                continue  # a lead's first word in capitals ("PRESIDEN Korea ..."): no acronym
            expansion = _EXPANSION.match(text, match.end())
            self.add(
                "acronym",
                token.replace(".", ""),
                *match.span(),
                expansion=expansion.group(1).strip() if expansion else "",
            )

    def _names(self) -> None:
        text = self.text
        lower_words = self.lower_words
        starts = {
            m.end()
            for m in _SENTENCE_START.finditer(text)
            # a line after one ending with a comma goes on (a hard-wrapped list), not a new sentence
            if not text[max(0, m.start() - 20) : m.start()].rstrip().endswith(",")
        }
        starts |= {start + 1 for start, _ in quote_spans(text)}
        headlines = _title_case_lines(text)
        run: list[re.Match] = []
        absorbed: set[int] = set()  # words of a country entity inside an institution's name
        through = -1  # end of the country entity an institution's name runs through

        def flush() -> None:
            words = list(run)
            run.clear()
            while words and words[-1].group().lower() in _NAME_LINKS | _INSTITUTION_LINKS:
                words.pop()
            if (
                words
                and words[0].start() in starts
                and len(words) > 1
                and (
                    words[0].group().lower() in lower_words
                    or (
                        _COMMON_NOUN.fullmatch(words[0].group())
                        and words[0].group().lower() not in _INSTITUTION_HEADS
                    )
                )
            ):
                words = words[1:]
            while (
                words and words[0].group().lower() in _TITLES | _SENTENCE_WORDS | _FURNITURE_WORDS
            ):
                words = words[1:]
            if not words or (len(words) == 1 and words[0].start() in starts):
                return
            if len(words) == 1 and words[0].group().lower() in _INSTITUTION_HEADS:
                return  # "Misi untuk NATO", "Kantor itu": a head without its name is no name
            start, end = words[0].start(), words[-1].end()
            own = [w for w in words if w.start() not in absorbed]
            absorbed.clear()
            if all(self.free(*w.span()) for w in own) and not _in_spans(headlines, start):
                self.add("name", self.entities.canonical(text[start:end]), start, end)

        for word in _WORD.finditer(text):
            token = word.group()
            if word.end() <= through:
                run.append(word)
                absorbed.add(word.start())
                continue
            country = self.places.get(word.start())
            qualified = [w.group().lower() for w in run if w.group().lower() not in _SENTENCE_WORDS]
            if (
                country
                and len(qualified) >= 2  # a head and its qualifier: not "Misi Korea Selatan"
                and qualified[0] in _INSTITUTION_HEADS
                and text[run[-1].end() : word.start()] == " "
            ):
                through = country  # "Kantor Kepresidenan Korea Selatan": one institution
                run.append(word)
                absorbed.add(word.start())
                continue
            if (
                not self.free(*word.span())
                or token.lower() in _WEEKDAYS
                or token.lower() in _MONTHS
            ):
                flush()
                continue
            capitalised = token[0].isupper() and not token.isupper()
            joined = bool(run) and text[run[-1].end() : word.start()] == " "
            institution = bool(run) and run[0].group().lower() in _INSTITUTION_HEADS
            link = token in _NAME_LINKS or (institution and token in _INSTITUTION_LINKS)
            if joined and (capitalised or link):
                run.append(word)
                continue
            flush()
            if capitalised:
                run.append(word)
        flush()

    def _quotes(self) -> None:
        text = self.text
        speeches = [(m.start(), m.group("who")) for m in _SPEECH.finditer(text)]
        speech_starts = [position for position, _ in speeches]
        last_quoted = (-1, "")  # where the last named speaker of a quotation was, and who
        for open_at, close_at in quote_spans(text):
            inner = text[open_at + 1 : close_at]
            if len(inner.split()) < 3:
                continue  # a scare-quoted term, not speech
            after = _SPEAKER_AFTER.match(text, close_at + 1)
            line_start = text.rfind("\n", max(0, open_at - _LOOK_BACK), open_at) + 1
            line_start = max(line_start, open_at - _LOOK_BACK)
            before = _SPEAKER_BEFORE.search(text, line_start, open_at)
            if after and after.group("who") and after.group("who").lower() not in _PRONOUNS:
                speaker = after.group("who")
            elif before:
                speaker = before.group("who")
            elif after:  # -nya, dia, ia, beliau: the person the sentence before is about,
                subject = self._previous_subject(open_at)  # else the last named speaker
                index = bisect_right(speech_starts, open_at) - 1
                said = speeches[index] if index >= 0 else (-1, "")
                speaker = subject or max(said, last_quoted)[1]  # the later of the two
            else:
                speaker = ""
            speaker = self._person(speaker)
            if not speaker:
                verb = _VERB_AFTER.match(text, close_at + 1)
                speaker = self.entities.organisation_after(text, verb.end()) if verb else ""
            if speaker and speaker[0].isupper() and speaker.lower() not in ("keduanya", "mereka"):
                last_quoted = (open_at, speaker)
            value = re.sub(r"\s+", " ", inner).strip().strip(",.").lower()
            self.add("quote", value, open_at, close_at + 1, speaker=speaker)

    def _previous_subject(self, open_at: int) -> str:
        """The person who opens the sentence just before a quotation, if one does.

        "Stoltenberg, dalam pertemuan itu, menyebut …. “…,” ujarnya.": -nya is Stoltenberg, even
        when an earlier quotation was Yoon's. A sentence that opens with a quotation names no
        subject (its speaker is the previous quotation's).
        """
        before = self.text[max(0, open_at - _LOOK_BACK) : open_at].rstrip()
        if not before or before[-1] not in '.!?…"”’)':
            return ""  # the quotation goes on from a sentence: not a new sentence's -nya
        stops = [m.end() for m in _STOP.finditer(before)]
        sentence = before[max(stops[-1] if stops else 0, before.rfind("\n") + 1) :]
        opening = re.match(rf"(?P<who>{_NAME_RUN})", sentence)
        if not opening:
            return ""
        person = self._person(opening.group("who"))
        known = self.entities.kind.get(person)
        if known == "person" or (known is None and person.lower() in self.speakers):
            return person
        return ""

    def _person(self, name: str) -> str:
        words = name.split()
        while len(words) > 1 and (
            words[0].lower() in _TITLES | _SENTENCE_WORDS
            or words[0].lower() in self.lower_words
            or words[0].isupper()
        ):
            words = words[1:]  # "Presiden Yoon", "Lalu Yoon", "NATO Jens Stoltenberg"
        return self.entities.canonical(" ".join(words)) if words else ""


def _in_spans(spans: list[tuple[int, int]], position: int) -> bool:
    index = bisect_right(spans, (position, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= position < spans[index][1]


def _shouting_lines(text: str) -> list[tuple[int, int]]:
    """Lines written in capitals (three words or more): headlines and labels, not acronyms."""
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        words = _WORD.findall(line.group())
        if len(words) >= 3 and all(w.isupper() for w in words):
            spans.append(line.span())
    return spans


def _title_case_lines(text: str) -> list[tuple[int, int]]:
    """Headline-like lines with most words capitalised: capitals there do not mark names."""
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        content = line.group().strip()
        words = _WORD.findall(content)
        if len(words) < 4 or content[-1] in '.!?"”’:,':  # a comma: a wrapped line goes on
            continue
        if sum(w[0].isupper() for w in words) >= 0.7 * len(words):
            spans.append(line.span())
    return spans


def _iso(year: str | None, month: int, day: int | None) -> str:
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return ""
    if day is None:
        return f"{year}-{month:02d}" if year else ""
    return f"{year}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def _plain_number(written: str) -> str:
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", written):
        written = written.replace(".", "")
    return written.replace(",", ".")


def _unit(text: str, match: re.Match) -> str:
    word = _UNIT_WORD.match(text, match.end())
    return word.group(1).lower() if word else ""


def _number_from_words(words: str) -> int | None:
    """``sebelas`` -> 11, ``dua belas`` -> 12, ``seratus dua puluh lima`` -> 125; else None.

    ``group`` collects the value below a thousand; ``digit`` waits for its multiplier.
    """
    total = group = 0
    digit = None
    for word in words.lower().split():
        if word in _DIGITS and digit is None:
            digit = _DIGITS[word]
        elif word in _SE_WORDS and digit is None:
            group += _SE_WORDS[word]
        elif word in _SE_SCALES and digit is None and not group:
            total += _SE_SCALES[word]
        elif word == "belas" and digit is not None:
            group, digit = group + digit + 10, None
        elif word in ("puluh", "ratus") and digit is not None:
            group, digit = group + digit * _SCALES[word], None
        elif word in ("ribu", "juta") and group + (digit or 0):
            total += (group + (digit or 0)) * _SCALES[word]
            group, digit = 0, None
        else:
            return None  # not a well-formed number ("dua tiga")
    return total + group + (digit or 0)


# --- articles and comparison ----------------------------------------------------------------

_YEAR_IN_FURNITURE = re.compile(r"(?<!\d)(20\d\d|19\d\d)(?!\d)")


def article_facts(raw: str, *, clean: bool = True, year: int | None = None) -> pd.DataFrame:
    """:func:`extract_facts` on an article's body, with offsets into the *raw* text.

    The year for short dates such as ``Selasa (11/7)`` is ``year`` if given, else the one year
    written in the page's date lines that cleaning set aside (``Selasa, 11 Juli 2023 19:05
    WIB``), else the year of the body's own full dates.
    """
    require_text(raw, "raw")
    if not clean:
        return extract_facts(raw, year=year)
    cleaned = clean_text(raw)
    if not cleaned.body.strip():
        raise ValueError(
            "nothing is left after cleaning: the text is all by-lines, credits or related-article "
            "titles (pass clean=False to keep them)"
        )
    if year is None:
        year = _page_year(cleaned)
    facts = extract_facts(cleaned.body, year=year)
    spans = [cleaned.raw_span(s, e) for s, e in zip(facts["start"], facts["end"], strict=True)]
    facts["start"] = [s for s, _ in spans]
    facts["end"] = [e for _, e in spans]
    return facts


def _page_year(cleaned) -> int | None:
    years = {
        int(y)
        for piece in cleaned.removed
        if piece.reason in ("date line", "by-line", "running header")
        for y in _YEAR_IN_FURNITURE.findall(piece.text)
    }
    return years.pop() if len(years) == 1 else None


def compare_facts(
    corpus_or_texts: Corpus | Mapping[str, str], *, clean: bool = True
) -> pd.DataFrame:
    """What each source states, item by item, and whether the sources agree.

    Rows are (kind, value, unit); number words count as numbers, so ``11 bidang`` and
    ``sebelas bidang`` agree; names are entities, so ``Korsel`` and ``Korea Selatan`` agree; a
    quotation found in several sources, even cut or punctuated differently, is one row. A date
    without a year joins the one full date with the same month and day, if another source gives
    exactly one. Each source column shows the words it uses (several joined by `` | ``), empty
    if it does not state the item. Status:

    * ``agree``: every source states it;
    * ``differ``: a number with a unit (e.g. ``bidang``) that some sources lack while stating a
      different number with the same unit;
    * ``only in <ids>``: otherwise. Years, names, acronyms and quotes are compared as sets of
      values, because a text alone does not say which event a year belongs to.
    """
    texts = _source_texts(corpus_or_texts)
    found: list[dict] = []
    for source, raw in texts.items():
        try:
            facts = article_facts(raw, clean=clean)
        except ValueError as error:
            if "nothing is left after cleaning" in str(error):
                raise ValueError(
                    f"the text of source {source!r} is all by-lines, credits or related-article "
                    "titles: nothing is left after cleaning (pass clean=False to keep them)"
                ) from None
            raise
        for fact in facts.itertuples(index=False):
            kind = "number" if fact.kind == "number-word" else fact.kind
            unit = fact.unit if kind == "number" else ""
            found.append(
                {
                    "source": source,
                    "kind": kind,
                    "value": fact.value,
                    "unit": unit,
                    "text": fact.text,
                }
            )
    facts = pd.DataFrame(found, columns=["source", "kind", "value", "unit", "text"])
    _merge_quotes(facts)
    notes = _join_partial_dates(facts)
    sources = list(texts)
    rows = []
    for (kind, unit, value), group in facts.groupby(["kind", "unit", "value"], sort=False):
        stated = {
            s: " | ".join(dict.fromkeys(group.loc[group.source == s, "text"])) for s in sources
        }
        having = [s for s in sources if stated[s]]
        rows.append(
            {
                "kind": kind,
                "value": value,
                "unit": unit,
                **stated,
                "status": _status(facts, kind, unit, value, having, sources),
                "note": notes.get((kind, value), ""),
            }
        )
    table = pd.DataFrame(rows, columns=["kind", "value", "unit", *sources, "status", "note"])
    order = table["kind"].map(_KIND_ORDER.index)
    numeric = pd.to_numeric(table["value"], errors="coerce")
    table = table.assign(_k=order, _n=numeric).sort_values(["_k", "_n", "value", "unit"])
    return table.drop(columns=["_k", "_n"]).reset_index(drop=True)


def _merge_quotes(facts: pd.DataFrame) -> None:
    """Give quotations with the same words (one may be a part of the other) one value."""
    kept: list[str] = []
    for index in facts.index[facts["kind"] == "quote"]:
        value = facts.at[index, "value"]
        same = next((k for k in kept if _same_quote(k, value)), None)
        if same is None:
            kept.append(value)
        else:
            facts.at[index, "value"] = same


def _same_quote(first: str, second: str) -> bool:
    if fuzz.ratio(first, second) >= _QUOTE_SAME:
        return True
    shorter = min(first, second, key=len)
    return len(shorter.split()) >= 5 and fuzz.partial_ratio(first, second) >= _QUOTE_SAME


def _source_texts(corpus_or_texts: object) -> dict[str, str]:
    if isinstance(corpus_or_texts, Corpus):
        return dict(corpus_or_texts.texts)
    if not isinstance(corpus_or_texts, Mapping):
        raise TypeError(
            "corpus_or_texts must be a Corpus or a mapping of source_id -> text, got "
            f"{type(corpus_or_texts).__name__}"
        )
    if not corpus_or_texts:
        raise ValueError("corpus_or_texts is empty: expected at least one source")
    for source, text in corpus_or_texts.items():
        if not isinstance(source, str):
            raise TypeError(f"source ids must be str, got {type(source).__name__}")
        require_text(text, f"text of source {source!r}")
    return dict(corpus_or_texts)


def _join_partial_dates(facts: pd.DataFrame) -> dict[tuple[str, str], str]:
    """Give a year-less date the one full date that matches it; returns notes per row key."""
    yearless: dict[tuple[str, str], list[str]] = {}
    dates = facts["kind"] == "date"
    full = set(facts.loc[dates & ~facts["value"].str.startswith("--"), "value"])
    for index in facts.index[dates & facts["value"].str.startswith("--")]:
        partial = facts.at[index, "value"]
        options = sorted(v for v in full if len(v) == 10 and v.endswith(partial[1:]))
        if len(options) == 1:
            facts.at[index, "value"] = options[0]
            sources = yearless.setdefault(("date", options[0]), [])
            sources.append(facts.at[index, "source"])
    return {key: "no year in " + ", ".join(dict.fromkeys(s)) for key, s in yearless.items()}


def _status(facts: pd.DataFrame, kind, unit, value, having: list[str], sources: list[str]) -> str:
    if len(having) == len(sources):
        return "agree"
    if kind == "number" and unit:
        same_unit = facts[(facts.kind == kind) & (facts.unit == unit) & (facts.value != value)]
        lacking = [s for s in sources if s not in having]
        if all(s in set(same_unit.source) for s in lacking):
            return "differ"
    return "only in " + ", ".join(having)
