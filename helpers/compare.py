"""Compare any number of sources: align their sentences, collate them, and compare their facts.

Similarity is rapidfuzz's token-sort ratio scaled to 0..1: both sentences are lower-cased,
stripped of punctuation, their words sorted, and compared character by character (Indel
similarity). Sorting ignores word order, which suits reports that reuse phrases in a different
order. ``token_set_ratio`` was tried: it separated true from false pairs no better on the course
articles, scores any sentence whose words are a subset of another's as 1.0, and is about 20 times
slower. Simple affix stripping (meN-, di-, -kan, -nya ...) did not help either, so it is not used.
Matching is one-to-one and greedy (best score first, ties to the earlier sentence), computed in
blocks with ``rapidfuzz.process.cdist`` so that thousands of sentences align in seconds.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process, utils

from helpers.data import Corpus
from helpers.text import Sentence, clean_text, quote_spans, require_text, split_sentences

__all__ = ["Alignment", "align_sentences", "collate", "compare_facts", "extract_facts"]

_BLOCK_CELLS = 4_000_000  # scores computed per cdist call (16 MB of float32)


@dataclass(frozen=True)
class Alignment:
    """One-to-one sentence matches between two texts, and what stayed unmatched.

    ``pairs`` has columns left_index, right_index, left, right, score (0..1), best first;
    ``left_only`` and ``right_only`` have columns index, text, in document order.
    """

    pairs: pd.DataFrame
    left_only: pd.DataFrame
    right_only: pd.DataFrame
    threshold: float

    def __repr__(self) -> str:
        return (
            f"Alignment(threshold={self.threshold:g}: {len(self.pairs)} pairs, "
            f"{len(self.left_only)} left only, {len(self.right_only)} right only)"
        )


def align_sentences(
    left: Sequence[str | Sentence], right: Sequence[str | Sentence], threshold: float = 0.5
) -> Alignment:
    """Match each sentence of ``left`` to at most one of ``right`` with similarity >= threshold.

    Inputs are lists of sentences (``str`` or :class:`~helpers.text.Sentence`); split a whole
    text first with :func:`~helpers.text.split_sentences`.
    """
    threshold = _check_threshold(threshold)
    left_texts = _sentence_texts(left, "left")
    right_texts = _sentence_texts(right, "right")
    rows, cols, scores = _candidates(_normalise(left_texts), _normalise(right_texts), threshold)
    matched = _greedy(rows, cols, scores, len(left_texts), len(right_texts))
    pairs = pd.DataFrame(
        {
            "left_index": [i for i, _, _ in matched],
            "right_index": [j for _, j, _ in matched],
            "left": [left_texts[i] for i, _, _ in matched],
            "right": [right_texts[j] for _, j, _ in matched],
            "score": [round(s, 4) for _, _, s in matched],
        }
    ).astype({"left_index": "int64", "right_index": "int64", "score": "float64"})
    used_left = {i for i, _, _ in matched}
    used_right = {j for _, j, _ in matched}
    return Alignment(
        pairs=pairs,
        left_only=_unmatched(left_texts, used_left),
        right_only=_unmatched(right_texts, used_right),
        threshold=threshold,
    )


def collate(
    texts: Corpus | Mapping[str, str | Sequence[str | Sentence]],
    threshold: float = 0.5,
    *,
    clean: bool = True,
) -> pd.DataFrame:
    """A collation table: one column per source, one row per group of matching sentences.

    Sources are added in order. Each sentence of the next source joins the existing row it
    matches best (its best score against any sentence already in the row), one-to-one, greedy;
    a sentence without a match opens a new row placed after the row of its preceding sentence,
    so every column reads in its own document order. Empty cells mean "no counterpart". A text
    given as ``str`` is cleaned (if ``clean``) and split; a list is used as its sentences.
    """
    threshold = _check_threshold(threshold)
    sources = _source_sentences(texts, clean)
    keys: list[tuple] = []  # sort key per row
    cells: list[dict[str, int]] = []  # source -> sentence index per row
    members: list[str] = []  # normalised sentences already placed
    member_rows: list[int] = []
    for order, (source, sentences) in enumerate(sources.items()):
        normalised = _normalise(sentences)
        matched: dict[int, int] = {}
        if members:
            rows, cols, scores = _candidates(normalised, members, threshold)
            best = _best_per_row(rows, np.asarray(member_rows, dtype=np.int64)[cols], scores)
            matched = {i: r for i, r, _ in _greedy(*best, len(sentences), len(cells))}
        anchor: tuple = (-order,)  # key of the last row this source shares with earlier ones
        for index, text in enumerate(normalised):
            row = matched.get(index)
            if row is None:
                row = len(cells)
                cells.append({})
                keys.append((*anchor, order, index))
            else:
                anchor = keys[row]
            cells[row][source] = index
            members.append(text)
            member_rows.append(row)
    ordered = sorted(range(len(cells)), key=keys.__getitem__)
    return pd.DataFrame(
        {
            source: [sentences[cells[r][source]] if source in cells[r] else "" for r in ordered]
            for source, sentences in sources.items()
        }
    )


# --- facts ----------------------------------------------------------------------------------

FACT_COLUMNS = ["kind", "value", "text", "start", "end", "unit", "speaker", "expansion"]
_KIND_ORDER = ["date", "year", "number", "number-word", "acronym", "name", "quote"]

_MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maret": 3, "mar": 3, "april": 4, "apr": 4,
    "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "agustus": 8, "agu": 8, "ags": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "desember": 12, "des": 12,
}  # fmt: skip
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_NUMERIC_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?(?![\d/])")
_WORD_DATE = re.compile(rf"\b(?:(\d{{1,2}})\s+)?({_MONTH})\.?(?:\s+(\d{{4}}))?\b", re.IGNORECASE)
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
_ACRONYM = re.compile(r"\b(?:[A-Z]\.){2,}|\b[A-Z](?:[A-Z]*[A-Z]|\d+)(?:-[A-Z]+)?\b")
_EXPANSION = re.compile(r"\s*\(([^()\n]{3,120})\)")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_UNIT_WORD = re.compile(r"\s+([^\W\d_]+(?:-[^\W\d_]+)*)")
# Leading titles dropped from names ("Presiden Yoon" -> "Yoon"); "Anda" is the polite "you".
_TITLE_LIST = """
    presiden wakil sekretaris jenderal sekjen juru bicara menteri perdana duta besar raja ratu
    ketua direktur gubernur bupati wali kepala panglima kanselir bapak ibu pak bu tuan nyonya
    dr prof anda
"""
_TITLES = frozenset(_TITLE_LIST.split())
_NAME_LINKS = frozenset({"of", "and", "for", "the"})  # "Centre of Excellence"
_SENTENCE_START = re.compile(r"(?:^|[.!?…][\"”’)]*\s+|\n\s*)[\"“”(]?", re.MULTILINE)
_AFTER_VERBS = (
    "kata|ujar|ungkap|ucap|tutur|jelas|tegas|tambah|imbuh|sebut|papar|terang|lanjut|pungkas"
)
_NAME_RUN = r"[A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*"
_SPEAKER_AFTER = re.compile(
    rf"[ \t]*,?[ \t]*(?:(?P<nya>(?:{_AFTER_VERBS})nya)|(?:{_AFTER_VERBS})[ \t]+"
    rf"(?P<who>keduanya|mereka|dia|ia|beliau|{_NAME_RUN}))\b"
)
_SPEAKER_BEFORE = re.compile(
    rf"(?P<who>{_NAME_RUN})\s+(?:juga\s+|pun\s+)?"
    r"(?:mengatakan|menyampaikan|menjelaskan|menegaskan|berkata|menambahkan|mengungkapkan"
    r"|menyatakan|menuturkan|menekankan)\s*[,:]?\s*$"
)
_PRONOUNS = frozenset({"dia", "ia", "beliau"})


def extract_facts(text: str) -> pd.DataFrame:
    """Checkable items in a text: dates, years, numbers, number words, acronyms, names, quotes.

    Columns: kind, value (normalised: dates ISO, ``--MM-DD`` when no year is given; numbers as
    plain decimals, ``5.000`` -> ``5000``, ``3,5`` -> ``3.5``; number words as digits; acronyms
    without dots), text (as written), start, end (offsets into ``text``), unit (the word after a
    number, e.g. ``bidang``), speaker (for a quote: the name or pronoun in its attribution; a
    ``-nya`` or ``dia`` attribution is resolved to the previous named speaker), expansion (the
    words in brackets after an acronym). Names are a heuristic: runs of capitalised words, leading
    titles such as ``Presiden`` dropped, a sentence's first word kept only if the text never uses
    it in lower case.
    """
    require_text(text, "text")
    facts: list[dict] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, value: str, start: int, end: int, **extra: str) -> None:
        facts.append(
            {
                "kind": kind,
                "value": value,
                "text": text[start:end],
                "start": start,
                "end": end,
                **extra,
            }
        )
        if kind != "quote":
            taken.append((start, end))

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    _dates(text, add)
    for match in _YEAR.finditer(text):
        if free(*match.span()):
            add("year", match.group(), *match.span())
    for match in _NUMBER.finditer(text):
        if free(*match.span()):
            add("number", _plain_number(match.group()), *match.span(), unit=_unit(text, match))
    excluded = [m.span() for m in _NOT_A_NUMBER.finditer(text)]
    for match in _NUMBER_WORD.finditer(text):
        inside = any(s <= match.start() < e for s, e in excluded)
        value = _number_from_words(match.group())
        if value is not None and not inside and free(*match.span()):
            add("number-word", str(value), *match.span(), unit=_unit(text, match))
    for match in _ACRONYM.finditer(text):
        if free(*match.span()):
            expansion = _EXPANSION.match(text, match.end())
            add(
                "acronym",
                match.group().replace(".", ""),
                *match.span(),
                expansion=expansion.group(1).strip() if expansion else "",
            )
    _names(text, add, free)
    _quotes(text, add)
    frame = pd.DataFrame(facts, columns=FACT_COLUMNS).fillna("")
    frame["kind_order"] = frame["kind"].map(_KIND_ORDER.index)
    frame = frame.sort_values(["start", "kind_order"], kind="stable").drop(columns="kind_order")
    return frame.astype({"start": "int64", "end": "int64"}).reset_index(drop=True)


def compare_facts(
    corpus_or_texts: Corpus | Mapping[str, str], *, clean: bool = True
) -> pd.DataFrame:
    """What each source states, item by item, and whether the sources agree.

    Rows are (kind, value, unit); number words count as numbers, so ``11 bidang`` and
    ``sebelas bidang`` agree. A date without a year joins the one full date with the same month
    and day, if another source gives exactly one. Each source column shows the words it uses
    (several joined by `` | ``), empty if it does not state the item. Status:

    * ``agree``: every source states it;
    * ``differ``: a number with a unit (e.g. ``bidang``) that some sources lack while stating a
      different number with the same unit;
    * ``only in <ids>``: otherwise. Years, names, acronyms and quotes are compared as sets of
      values, because a text alone does not say which event a year belongs to.
    """
    texts = _source_texts(corpus_or_texts)
    found: list[dict] = []
    for source, raw in texts.items():
        for fact in extract_facts(_body(raw, clean, source)).itertuples(index=False):
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


# --- alignment internals --------------------------------------------------------------------


def _check_threshold(threshold: object) -> float:
    if isinstance(threshold, bool) or not isinstance(threshold, int | float):
        raise TypeError(f"threshold must be a number between 0 and 1, got {threshold!r}")
    if not 0 <= threshold <= 1:
        raise ValueError(f"threshold must be between 0 and 1, got {threshold}")
    return float(threshold)


def _sentence_texts(sentences: object, name: str) -> list[str]:
    if isinstance(sentences, str):
        raise TypeError(
            f"{name} must be a list of sentences, not one str; split it first with "
            "helpers.split_sentences(text)"
        )
    if not isinstance(sentences, Sequence):
        raise TypeError(f"{name} must be a list of sentences, got {type(sentences).__name__}")
    if not sentences:
        raise ValueError(f"{name} is empty: expected at least one sentence")
    texts = []
    for index, sentence in enumerate(sentences):
        text = sentence.text if isinstance(sentence, Sentence) else sentence
        if not isinstance(text, str):
            raise TypeError(
                f"{name}[{index}] must be a str or Sentence, got {type(sentence).__name__}"
            )
        if not text.strip():
            raise ValueError(f"{name}[{index}] is an empty sentence")
        texts.append(text)
    return texts


def _normalise(texts: Sequence[str]) -> list[str]:
    """Lower case, punctuation removed, words sorted: ``fuzz.ratio`` on these is token-sort."""
    return [" ".join(sorted(utils.default_process(text).split())) for text in texts]


def _candidates(
    left: list[str], right: list[str], threshold: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All (row, column, score) with score >= threshold, computed a block of rows at a time."""
    rows, cols, scores = [], [], []
    block = max(1, _BLOCK_CELLS // max(1, len(right)))
    cutoff = threshold * 100
    for first in range(0, len(left), block):
        matrix = process.cdist(
            left[first : first + block],
            right,
            scorer=fuzz.ratio,
            score_cutoff=cutoff,
            workers=-1,
            dtype=np.float32,
        )
        found = np.nonzero(matrix >= cutoff) if cutoff > 0 else np.indices(matrix.shape)
        rows.append((found[0].ravel() + first).astype(np.int32))
        cols.append(found[1].ravel().astype(np.int32))
        scores.append(matrix[found[0], found[1]].ravel() / np.float32(100))
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(scores)


def _best_per_row(
    rows: np.ndarray, groups: np.ndarray, scores: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Reduce (sentence, member) scores to (sentence, group) keeping each pair's best score."""
    order = np.lexsort((groups, rows, -scores))
    keys = rows[order].astype(np.int64) * (int(groups.max(initial=0)) + 1) + groups[order]
    _, first = np.unique(keys, return_index=True)
    keep = order[first]
    return rows[keep], groups[keep], scores[keep]


def _greedy(
    rows: np.ndarray, cols: np.ndarray, scores: np.ndarray, n_rows: int, n_cols: int
) -> list[tuple[int, int, float]]:
    """One-to-one matching: highest score first; ties go to the lower row, then column.

    Computed in rounds, without a Python loop over pairs: each round accepts every pair that
    ranks first for both its row and its column, then drops the pairs that touch them. Such a
    pair would also be taken by the one-pair-at-a-time greedy loop (nothing better competes for
    its row or column), so the result is the same, in a handful of vectorised rounds.
    """
    order = np.lexsort((cols, rows, -scores))
    rows, cols, scores = rows[order], cols[order], scores[order]
    used_rows = np.zeros(n_rows, dtype=bool)
    used_cols = np.zeros(n_cols, dtype=bool)
    alive = np.arange(len(rows))  # positions in priority order
    chosen = []
    while alive.size:
        row, col = rows[alive], cols[alive]
        best_in_row = np.full(n_rows, len(rows))
        np.minimum.at(best_in_row, row, alive)
        best_in_col = np.full(n_cols, len(rows))
        np.minimum.at(best_in_col, col, alive)
        taken = alive[(best_in_row[row] == alive) & (best_in_col[col] == alive)]
        chosen.append(taken)
        used_rows[rows[taken]] = True
        used_cols[cols[taken]] = True
        alive = alive[~used_rows[row] & ~used_cols[col]]
    picked = np.sort(np.concatenate(chosen)) if chosen else np.zeros(0, dtype=np.int64)
    return list(
        zip(rows[picked].tolist(), cols[picked].tolist(), scores[picked].tolist(), strict=True)
    )


def _unmatched(texts: list[str], used: set[int]) -> pd.DataFrame:
    index = [i for i in range(len(texts)) if i not in used]
    return pd.DataFrame({"index": index, "text": [texts[i] for i in index]}).astype(
        {"index": "int64"}
    )


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


def _source_sentences(texts: object, clean: bool) -> dict[str, list[str]]:
    if isinstance(texts, Corpus):
        texts = dict(texts.texts)
    if not isinstance(texts, Mapping):
        raise TypeError(
            f"texts must be a Corpus or a mapping of source_id -> text, got {type(texts).__name__}"
        )
    if not texts:
        raise ValueError("texts is empty: expected at least one source")
    sources = {}
    for source, value in texts.items():
        if not isinstance(source, str):
            raise TypeError(f"source ids must be str, got {type(source).__name__}")
        if isinstance(value, str):
            require_text(value, f"texts[{source!r}]")
            sources[source] = [s.text for s in split_sentences(_body(value, clean, source))]
        else:
            sources[source] = _sentence_texts(value, f"texts[{source!r}]")
    return sources


def _body(text: str, clean: bool, source: str) -> str:
    if not clean:
        return text
    body = clean_text(text).body
    if not body.strip():
        raise ValueError(
            f"the text of source {source!r} is all by-lines, credits or related-article titles: "
            "nothing is left after cleaning (pass clean=False to keep them)"
        )
    return body


# --- fact internals -------------------------------------------------------------------------


def _dates(text: str, add) -> None:
    for match in _NUMERIC_DATE.finditer(text):
        day, month, year = match.groups()
        if year is None and not (
            text[match.start() - 1 : match.start()] == "("
            and text[match.end() : match.end() + 1] == ")"
        ):
            continue  # "1/2" is a fraction; "(11/7)" is a date
        if year is not None and len(year) == 2:
            year = "20" + year
        value = _iso(year, int(month), int(day))
        if value:
            add("date", value, *match.span())
    taken = {(m.start(), m.end()) for m in _NUMERIC_DATE.finditer(text)}
    for match in _WORD_DATE.finditer(text):
        day, month, year = match.groups()
        if not (day or year) or any(s < match.end() and match.start() < e for s, e in taken):
            continue
        value = _iso(year, _MONTHS[month.lower()], int(day) if day else None)
        if value:
            add("date", value, *match.span())


def _iso(year: str | None, month: int, day: int | None) -> str:
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return ""
    if day is None:
        return f"{year}-{month:02d}"
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


def _names(text: str, add, free) -> None:
    lower_words = {w.group().lower() for w in _WORD.finditer(text) if w.group()[0].islower()}
    starts = {m.end() for m in _SENTENCE_START.finditer(text)}
    starts |= {start + 1 for start, _ in quote_spans(text)}
    run: list[re.Match] = []

    def flush() -> None:
        words = list(run)
        while words and words[-1].group() in _NAME_LINKS:
            words.pop()
        if words and words[0].start() in starts and words[0].group().lower() in lower_words:
            words = words[1:]
        while words and words[0].group().lower() in _TITLES:
            words = words[1:]
        if words and not (len(words) == 1 and words[0].start() in starts):
            start, end = words[0].start(), words[-1].end()
            if free(start, end):
                add("name", text[start:end], start, end)
        run.clear()

    for word in _WORD.finditer(text):
        token = word.group()
        capitalised = token[0].isupper() and not token.isupper()
        joined = bool(run) and text[run[-1].end() : word.start()] == " "
        if joined and (capitalised or token in _NAME_LINKS):
            run.append(word)
            continue
        flush()
        if capitalised:
            run.append(word)
    flush()


def _quotes(text: str, add) -> None:
    last_speaker = ""
    for open_at, close_at in quote_spans(text):
        inner = text[open_at + 1 : close_at]
        if len(inner.split()) < 3:
            continue  # a scare-quoted term, not speech
        speaker = ""
        after = _SPEAKER_AFTER.match(text, close_at + 1)
        line_start = text.rfind("\n", 0, open_at) + 1
        before = _SPEAKER_BEFORE.search(text, line_start, open_at)
        if after and after.group("nya"):
            speaker = last_speaker
        elif after:
            speaker = after.group("who")
            speaker = last_speaker if speaker.lower() in _PRONOUNS else speaker
        elif before:
            speaker = before.group("who")
        named = speaker and speaker[0].isupper()
        last_speaker = speaker if named else last_speaker
        value = re.sub(r"\s+", " ", inner).strip().strip(",.").lower()
        add("quote", value, open_at, close_at + 1, speaker=speaker)


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
