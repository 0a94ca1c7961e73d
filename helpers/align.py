"""Align the sentences of two texts, and collate any number of texts, by the propositions shared.

Two sentences are scored by the content they share, not by their letters: after Indonesian
normalisation (NFC, zero-width and other format characters removed, lower case, function words
dropped, affixes stripped to a matching key), every word and anchor is weighted by its rarity
among all the sentences being compared (IDF), and the score is the cosine of the two weighted
sets (0..1). Anchors weigh extra: numbers (digits or Indonesian number words, so ``11`` meets
``sebelas``), day-month dates (``11/7`` meets ``11 Juli``), multiword capitalised names and
three-word runs inside quotation marks. A shared number counts only when it counts the same
kind of thing on both sides ("tujuh bidang" is not "tujuh pemimpin"; see ``_unit_after``). A
token ratio, used before, rewarded shared function words and names; on the project's gold set
(tests/gold/) it could not separate true from false pairs.

Matching is one-to-one and greedy: best score first, which equals the best pair for both of its
sentences; scipy's Hungarian method is not a dependency, and maximising the total score would
trade a clear pair for two weak ones. Each pair gets a confidence level:

* ``strong``: score >= ``STRONG_SCORE``, at least two shared content keys, and each sentence is
  the other's best candidate;
* ``possible``: score >= ``threshold`` (default ``POSSIBLE_SCORE``) and at least
  ``MIN_SHARED_FOR_CONTENT`` shared keys that are not names (words the two texts write only
  capitalised: people, places, country lists, NATO, KTT): a candidate for a reader to judge,
  not a finding;
* anything else stays unpaired: "no counterpart" is the default.

Limits (``SizeLimitError`` beyond them): ``MAX_SENTENCES`` sentences and ``MAX_CHARACTERS``
characters per text. Sentences identical after normalisation are paired first, in document order,
so repeated text costs nothing; scores are computed from an inverted index a block at a time,
at most ``MAX_CONTRIBUTIONS`` word matches in all (beyond that the most frequent keys, which carry
least weight, are ignored) and at most ``CANDIDATES_PER_SENTENCE`` candidates kept per sentence.

Sources are passed one way everywhere: ``align_sentences`` takes two lists of sentences;
``collate`` takes a :class:`~helpers.data.Corpus` or a mapping ``source_id -> text or sentences``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from helpers.cleaning import clean_text
from helpers.data import Corpus
from helpers.text import Sentence, quote_spans, require_text, split_sentences

__all__ = [
    "POSSIBLE_SCORE",
    "STRONG_SCORE",
    "Alignment",
    "SizeLimitError",
    "align_sentences",
    "collate",
    "sentence_keys",
]

STRONG_SCORE = 0.35
POSSIBLE_SCORE = 0.2
MIN_SHARED_FOR_STRONG = 2
MIN_SHARED_FOR_CONTENT = 2
MIN_CORE_FOR_STRONG = 1
MAX_SENTENCES = 20_000
MAX_CHARACTERS = 2_000_000
MAX_CONTRIBUTIONS = 50_000_000
CANDIDATES_PER_SENTENCE = 5
_BLOCK_CELLS = 4_000_000  # dense scores per block (16 MB of float32)
_ANCHOR_BOOST = 1.5  # anchors (numbers, dates, names, quotations) weigh this much more

_STOPWORDS = frozenset(
    """
    yang dan di ke dari untuk dengan pada dalam ini itu tersebut adalah ialah merupakan akan juga
    telah sudah sedang masih bahwa atau serta oleh sebagai antara para sang si tidak bukan tak ada
    lebih paling sangat secara karena sebab jika kalau agar supaya namun tetapi tapi melainkan
    hingga sampai sejak bagi kepada terhadap tentang mengenai seperti yakni yaitu dapat bisa harus
    ia dia mereka kami kita saya anda aku engkau beliau nya keduanya kedua pun lah kah lalu kemudian
    setelah sesudah sebelum usai saat ketika selama kini sekarang begitu sebaliknya pula hal
    segi sebuah seorang tiap setiap semua seluruh beberapa sejumlah banyak lain lainnya
    kata ujar ungkap tutur tambah imbuh jelas sebut menurut mengatakan menyampaikan menyatakan
    menjelaskan katanya ujarnya ungkapnya tuturnya tambahnya demikian yakni atas bersama tanggal
    hari tahun waktu setempat selasa rabu kamis jumat sabtu minggu senin the of and a to in
    """.split()  # noqa: SIM905 - a word list reads better as text
)
_TITLES = frozenset(["presiden", "sekjen", "sekretaris", "jenderal", "menteri", "perdana"])
_PARTICLES = ("lah", "kah", "pun", "nya")
_SUFFIXES = ("kan", "an", "i")
_PREFIXES = ("meny", "meng", "mem", "men", "me", "peny", "peng", "pem", "pen", "per", "pe")
_PREFIXES += ("ber", "be", "ter", "di", "ke", "se")
_DROPPED_INITIAL = re.compile(r"^[ptsk](?=[aiueo])")
# NATO partnership programmes keyed by their acronym however they are written: the acronym, the
# official English name, or an Indonesian rendering of it (a name, like the acronym). For
# alignment only: the fact table keeps each form apart (data/entities.csv), so a text that
# renames a programme is still flagged there.
_PROGRAMMES = {
    "itpp": re.compile(
        r"\bITPP\b|individually tailored partnership|kemitraan\s+yang\s+disesuaikan\s+"
        r"(?:secara\s+|dengan\s+)?individu",
        re.IGNORECASE,
    ),
    "ipcp": re.compile(
        r"\bIPCP\b|individual partnership and cooperation|(?:program\s+)?(?:kerja\s+sama\s+"
        r"kemitraan|kemitraan\s+dan\s+kerja\s+sama)\s+individu",
        re.IGNORECASE,
    ),
}
# Words whose stripped key would meet an unrelated frequent word: "pertama" -> "ama" = "sama".
_UNSTEMMED = frozenset({"pertama", "pertamanya"})
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_NAME = re.compile(r"\b[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)+")
_MONTHS = {
    "januari": 1, "februari": 2, "maret": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "agustus": 8, "september": 9, "oktober": 10, "november": 11, "desember": 12,
}  # fmt: skip
_NUMERIC_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?:/\d{2,4})?(?![\d/])")
_WORD_DATE = re.compile(r"\b(\d{1,2})\s+(" + "|".join(_MONTHS) + r")\b", re.IGNORECASE)
# "@unit:7:bidang": what a number counts. Not a scoring key (it carries no weight); it only tells
# whether a shared number anchor is the same quantity: "tujuh bidang" (areas) and "tujuh pemimpin"
# (leaders) share no quantity, "tujuh pemimpin negara" and "pemimpin tujuh negara" do.
_UNIT = "@unit:"
# Nouns that count the same parties at a summit: "tujuh negara", "tujuh pemimpin", "tujuh kepala
# pemerintahan", "31 anggota" are one kind of quantity; "tujuh bidang" is another.
_STATE_NOUN_LIST = "negara pemimpin kepala pemerintahan presiden anggota sekutu mitra delegasi"
_DIGITS = re.compile(r"(?<![\d.,])\d{1,9}(?![\d])")
_FOLLOWING_WORD = re.compile(r"[ \t]+([^\W\d_]+)")
_NUMBER_WORDS = {
    "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
    "delapan": 8, "sembilan": 9, "sepuluh": 10, "sebelas": 11, "seratus": 100, "seribu": 1000,
}  # fmt: skip


class SizeLimitError(ValueError):
    """A text is larger than the documented limits of the aligner."""


@dataclass(frozen=True)
class Alignment:
    """One-to-one sentence matches between two texts, and what stayed unmatched.

    ``pairs`` has columns left_index, right_index, left, right, score (0..1), confidence
    (``strong`` or ``possible``), best first; ``left_only`` and ``right_only`` have columns index,
    text, in document order: sentences with no counterpart.
    """

    pairs: pd.DataFrame
    left_only: pd.DataFrame
    right_only: pd.DataFrame
    threshold: float

    @property
    def strong(self) -> pd.DataFrame:
        """Only the strong pairs: the ones the machine is fairly sure of."""
        return self.pairs[self.pairs["confidence"] == "strong"]

    def __repr__(self) -> str:
        strong = int((self.pairs["confidence"] == "strong").sum())
        return (
            f"Alignment(threshold={self.threshold:g}: {len(self.pairs)} pairs "
            f"({strong} strong, {len(self.pairs) - strong} possible), "
            f"{len(self.left_only)} left only, {len(self.right_only)} right only)"
        )


def sentence_keys(sentence: str) -> list[str]:
    """The content keys of one sentence: stems of content words, then anchors (``#``-prefixed).

    A key is not a dictionary stem: initial p/t/s/k before a vowel is dropped as well, because
    meN- and peN- drop it (``tandatangan``, ``menandatangani`` -> ``andatangan``).
    """
    text = sentence
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        text = "".join(c for c in text if unicodedata.category(c) != "Cf")  # zero-width etc.
    anchors = _anchors(text)
    in_names = {w for a in anchors if a.startswith("#name:") for w in a[6:].split()}
    words = [w for w in _words(text.lower()) if w not in in_names]  # a name counts once
    keys = [_stem(w) for w in words if w not in _STOPWORDS and not w.isdigit()]
    keys = [k for k in keys if k and k not in _STOPWORDS and k not in _NUMBER_WORDS]
    keys += [acronym for acronym, pattern in _PROGRAMMES.items() if pattern.search(text)]
    return list(dict.fromkeys(keys)) + anchors


def align_sentences(
    left: Sequence[str | Sentence],
    right: Sequence[str | Sentence],
    threshold: float = POSSIBLE_SCORE,
) -> Alignment:
    """Match each sentence of ``left`` to at most one of ``right`` that states the same thing.

    Pairs scoring below ``threshold`` are not reported; ``strong`` pairs need ``STRONG_SCORE``
    whatever the threshold, so a threshold above it keeps only strong pairs. Inputs are lists of
    sentences (``str`` or :class:`~helpers.text.Sentence`); split a text first with
    :func:`~helpers.text.split_sentences`.
    """
    threshold = _check_threshold(threshold)
    left_texts = _sentence_texts(left, "left")
    right_texts = _sentence_texts(right, "right")
    matched = _match(
        [sentence_keys(t) for t in left_texts],
        [sentence_keys(t) for t in right_texts],
        threshold,
        names=_name_keys([*left_texts, *right_texts]),
    )
    pairs = pd.DataFrame(
        {
            "left_index": [m[0] for m in matched],
            "right_index": [m[1] for m in matched],
            "left": [left_texts[m[0]] for m in matched],
            "right": [right_texts[m[1]] for m in matched],
            "score": [round(m[2], 4) for m in matched],
            "confidence": [m[3] for m in matched],
        }
    ).astype({"left_index": "int64", "right_index": "int64", "score": "float64"})
    return Alignment(
        pairs=pairs,
        left_only=_unmatched(left_texts, {m[0] for m in matched}),
        right_only=_unmatched(right_texts, {m[1] for m in matched}),
        threshold=threshold,
    )


def collate(
    texts: Corpus | Mapping[str, str | Sequence[str | Sentence]],
    threshold: float = POSSIBLE_SCORE,
    *,
    clean: bool = True,
) -> pd.DataFrame:
    """A collation table: one column per source, one row per group of matching sentences.

    Every pair of sources is aligned with :func:`align_sentences`; rows are built from the pairs,
    strong ones first, best score first, and a pair joins two rows only if that puts no two
    sentences of one source in a row. So every strong pair is kept unless it contradicts a better
    strong pair (the losers are listed in ``table.attrs["conflicts"]``). The last column,
    ``confidence``, is the weakest link in the row (``strong``, ``possible``, or empty for a
    sentence alone). Rows follow the first source's order; a sentence without a counterpart
    there comes after the row of its own preceding sentence. A text given as ``str`` is cleaned
    (if ``clean``) and split; a list is used as its sentences.
    """
    threshold = _check_threshold(threshold)
    sources = _source_sentences(texts, clean)
    names = list(sources)
    if "confidence" in names:
        raise ValueError("'confidence' cannot be a source id: it names collate's last column")
    keys = {name: [sentence_keys(s) for s in sentences] for name, sentences in sources.items()}
    links = []
    for a_pos, a in enumerate(names):
        for b in names[a_pos + 1 :]:
            written_as_names = _name_keys([*sources[a], *sources[b]])  # as align_sentences does
            for i, j, score, level in _match(keys[a], keys[b], threshold, names=written_as_names):
                links.append((level != "strong", -score, (a, i), (b, j), level))
    parent: dict[tuple[str, int], tuple[str, int]] = {}
    members: dict[tuple[str, int], dict[str, int]] = {}
    weakest: dict[tuple[str, int], str] = {}

    def root(node: tuple[str, int]) -> tuple[str, int]:
        while parent.get(node, node) != node:
            node = parent[node]
        return node

    conflicts = []
    for _, _, first, second, level in sorted(links):
        one, two = root(first), root(second)
        if one == two:
            continue
        cells_one = members.get(one, {one[0]: one[1]})
        cells_two = members.get(two, {two[0]: two[1]})
        if set(cells_one) & set(cells_two):
            if level == "strong":
                conflicts.append((first, second))
            continue
        parent[two] = one
        members[one] = {**cells_one, **cells_two}
        levels = {weakest.get(one, "strong"), weakest.get(two, "strong"), level}
        weakest[one] = "possible" if "possible" in levels else "strong"
    row_keys: dict[tuple[str, int], tuple] = {}
    for order, name in enumerate(names):
        anchor: tuple = (-order,)
        for index in range(len(sources[name])):
            row = root((name, index))
            if row in row_keys:
                anchor = row_keys[row]
            else:
                row_keys[row] = (*anchor, order, index)
    ordered = sorted(row_keys, key=row_keys.__getitem__)
    cells = [members.get(row, {row[0]: row[1]}) for row in ordered]
    table = pd.DataFrame(
        {
            name: [sources[name][c[name]] if name in c else "" for c in cells]
            for name, sentences in sources.items()
        }
    )
    table["confidence"] = [weakest.get(row, "") for row in ordered]
    table.attrs["conflicts"] = conflicts
    return table


# --- normalisation ---------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    """Words, with reduplication folded (``negara-negara`` -> ``negara``) and hyphens dropped."""
    words = []
    for word in _WORD.findall(text):
        parts = word.split("-")
        words.append(parts[0] if len(set(parts)) == 1 else "".join(parts))
    return words


@lru_cache(maxsize=65_536)
def _stem(word: str) -> str:
    """A light, consistent key: particles, one suffix, and one or two prefixes stripped."""
    if word in _UNSTEMMED:
        return word
    for particle in _PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= 4:
            word = word[: -len(particle)]
            break
    prefixed = word.startswith(("me", "di", "ber", "ter", "pe", "ke"))
    for suffix in _SUFFIXES:
        if suffix == "i" and not prefixed:
            continue
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    for _ in range(2):  # "memper-", "diper-", "keber-"
        for prefix in _PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= 4:
                word = word[len(prefix) :]
                break
        else:
            break
    return _DROPPED_INITIAL.sub("", word)


def _name_keys(sentences: Sequence[str]) -> frozenset[str]:
    """Keys of words these texts write only as names: capitalised inside a sentence or in
    capitals (Yoon, Jepang, NATO, KTT), never in lower case. A sentence's first word is not
    evidence either way."""
    first, later = set(), set()
    for sentence in sentences:
        words = _WORD.findall(sentence)
        if words:
            first.add(words[0])
            later.update(words[1:])
    lower = {_stem(w.lower()) for w in first | later if w[0].islower()}
    capitalised = {
        _stem(w.lower()) for w in later if w[0].isupper() and (w[1:2].isupper() or w[1:].islower())
    }
    return frozenset(capitalised - lower)


def _unit_after(text: str, end: int) -> str:
    """``:key`` of the noun a number ending at ``end`` counts ("11 bidang" -> ``:bidang``), or
    ":" when no content word follows it at once."""
    following = _FOLLOWING_WORD.match(text, end)
    if not following or following.group(1) in _NOT_COUNTED:
        return ":"
    noun = _stem(following.group(1))
    return ":" + ("=states" if noun in _STATE_NOUNS else noun)


_STATE_NOUNS = frozenset(_stem(word) for word in _STATE_NOUN_LIST.split())
_NOT_COUNTED = _STOPWORDS | _NUMBER_WORDS.keys()  # words after a number that name no noun
# The frame of a meeting report ("Presiden X bertemu Sekjen Y", "dalam pertemuan", "di sela KTT"):
# shared by many sentences of different claims, so with names it never makes a pair strong alone.
_FRAME_WORDS = """bertemu pertemuan menemui temu mengadakan menggelar gelar sela kunjungan
    mengunjungi hadir menghadiri kesempatan saat ketika acara"""
_FRAME_KEYS = frozenset(_stem(word) for word in _FRAME_WORDS.split()) | frozenset(
    _stem(title)
    for title in _TITLES  # office titles go with the names they precede
)


def _anchors(text: str) -> list[str]:
    """Numbers, day-month dates, multiword names and quoted three-word runs, as ``#`` keys."""
    anchors = []
    for day, month in _NUMERIC_DATE.findall(text):
        anchors.append(f"#date:{int(month):02d}-{int(day):02d}")
    for day, month in _WORD_DATE.findall(text):
        anchors.append(f"#date:{_MONTHS[month.lower()]:02d}-{int(day):02d}")
    dated = _NUMERIC_DATE.sub(" ", text).lower()
    units = []
    for number in _DIGITS.finditer(dated):
        value = int(number.group())
        anchors.append(f"#number:{value}")
        if not 1900 <= value <= 2099:  # a year counts nothing
            units.append(f"{_UNIT}{value}{_unit_after(dated, number.end())}")
    for word in _WORD.finditer(dated):
        if word.group() in _NUMBER_WORDS:
            value = _NUMBER_WORDS[word.group()]
            anchors.append(f"#number:{value}")
            units.append(f"{_UNIT}{value}{_unit_after(dated, word.end())}")
    for name in _NAME.findall(text):
        words = [w for w in name.split() if not w.isupper() and w.lower() not in _TITLES]
        if len(words) >= 2:
            anchors.append("#name:" + " ".join(words).lower())
    for start, end in quote_spans(text):
        inner = [_stem(w) for w in _words(text[start + 1 : end].lower()) if w not in _STOPWORDS]
        anchors += [f"#quote:{' '.join(inner[k : k + 3])}" for k in range(len(inner) - 2)]
    return list(dict.fromkeys(anchors + [u for u in units if not u.endswith(":")]))


# --- scoring and matching --------------------------------------------------------------------


def _idf_over(key_lists: Mapping[str, list[list[str]]]) -> dict[str, float]:
    """Rarity of each key among all sentences of all texts: smoothed IDF, as in scikit-learn."""
    frequency = Counter(k for sentences in key_lists.values() for keys in sentences for k in keys)
    total = sum(len(sentences) for sentences in key_lists.values())
    return {key: math.log((1 + total) / (1 + df)) + 1 for key, df in frequency.items()}


def _match(
    left: list[list[str]],
    right: list[list[str]],
    threshold: float,
    idf: Mapping[str, float] | None = None,
    names: frozenset[str] = frozenset(),
) -> list[tuple[int, int, float, str]]:
    """One-to-one pairs (left, right, score, confidence): identical key lists first, then scores.

    ``names``: keys of single-word names (see :func:`_name_keys`). A possible pair needs
    MIN_SHARED_FOR_CONTENT shared keys besides them and multiword names, else it is dropped;
    strong pairs keep their own test (MIN_SHARED_FOR_STRONG keys besides multiword names) and
    need MIN_CORE_FOR_STRONG shared keys that are neither names nor the meeting frame
    (``_FRAME_KEYS``), else they are only possible unless neither sentence says anything else:
    "Yoon met Stoltenberg" inside two different claims is not a shared proposition.
    """
    idf = idf or _idf_over({"left": left, "right": right})
    pairs = _identical(left, right)
    used_left = {i for i, _, _, _ in pairs}
    used_right = {j for _, j, _, _ in pairs}
    rest_left = [i for i in range(len(left)) if i not in used_left]
    rest_right = [j for j in range(len(right)) if j not in used_right]
    if rest_left and rest_right:
        rest_l, rest_r = [left[i] for i in rest_left], [right[j] for j in rest_right]
        rows, cols, scores, shared = _candidates(rest_l, rest_r, idf, threshold)
        scores = _without_miscounted_numbers(rest_l, rest_r, rows, cols, scores, idf)
        keep = scores >= max(threshold, 1e-6)
        rows, cols, scores, shared = rows[keep], cols[keep], scores[keep], shared[keep]
        content = _count_shared(rest_l, rest_r, rows, cols, names) if names else shared
        core = _count_shared(rest_l, rest_r, rows, cols, names | _FRAME_KEYS)
        best_row = _best_of(rows, scores, len(rest_left))
        best_col = _best_of(cols, scores, len(rest_right))
        for i, j, score, index in _greedy(rows, cols, scores, len(rest_left), len(rest_right)):
            mutual = best_row[i] == index and best_col[j] == index
            strong = score >= STRONG_SCORE and shared[index] >= MIN_SHARED_FOR_STRONG and mutual
            only_frame = core[index] < MIN_CORE_FOR_STRONG and _says_more(rest_l[i], rest_r[j])
            if strong and only_frame:
                pairs.append((rest_left[i], rest_right[j], score, "possible"))
                continue  # names and a meeting: a candidate, unless the sentences say no more
            if not strong and content[index] < MIN_SHARED_FOR_CONTENT:
                continue  # a possible pair that shares little beyond names: no counterpart
            pairs.append((rest_left[i], rest_right[j], score, "strong" if strong else "possible"))
    return sorted(pairs, key=lambda p: (-p[2], p[0], p[1]))


def _says_more(left: list[str], right: list[str]) -> bool:
    """True when either sentence has a word key the other lacks (the words of name anchors
    counted as words, other anchors aside)."""
    words = []
    for keys in (left, right):
        plain = {k for k in keys if not k.startswith(("#", _UNIT))}
        for key in keys:
            if key.startswith("#name:"):
                plain.update(_stem(w) for w in key[6:].split() if w not in _STOPWORDS)
        words.append(plain)
    return words[0] != words[1]


def _without_miscounted_numbers(left, right, rows, cols, scores, idf) -> np.ndarray:
    """Candidate scores minus each shared number anchor that counts different things.

    A number counts the noun after it; "tujuh bidang" and "tujuh pemimpin" share no quantity.
    The counts agree when a noun after the number on one side occurs in the other sentence at
    all ("tujuh pemimpin negara" ~ "pemimpin tujuh negara"), or when one side names no noun.
    Only candidate pairs are checked: a few per sentence.
    """
    left_units = [_units(keys) for keys in left]
    right_units = [_units(keys) for keys in right]
    if not any(left_units) or not any(right_units):
        return scores
    scores = scores.copy()
    for index, (i, j) in enumerate(zip(rows.tolist(), cols.tolist(), strict=True)):
        ours, theirs = left_units[i], right_units[j]
        if not (ours and theirs):
            continue
        for value in ours.keys() & theirs.keys():
            counted, other = ours[value], theirs[value]
            if counted & other or counted & set(right[j]) or other & set(left[i]):
                continue
            key = f"#number:{value}"
            if key in idf:
                scores[index] -= _weight(key, idf) ** 2 / (
                    _norm(left[i], idf) * _norm(right[j], idf)
                )
    return scores


def _units(keys: list[str]) -> dict[str, set[str]]:
    """Number -> the keys of the nouns it counts in one sentence, from its ``@unit:`` notes."""
    units: dict[str, set[str]] = {}
    for key in keys:
        if key.startswith(_UNIT):
            value, noun = key[len(_UNIT) :].split(":", 1)
            units.setdefault(value, set()).add(noun)
    return units


def _norm(keys: list[str], idf: Mapping[str, float]) -> float:
    return math.sqrt(sum(_weight(k, idf) ** 2 for k in keys if not k.startswith(_UNIT))) or 1.0


def _identical(left: list[list[str]], right: list[list[str]]) -> list[tuple[int, int, float, str]]:
    """Pair sentences with the same keys (k-th occurrence with k-th), in document order."""
    waiting: dict[tuple[str, ...], list[int]] = {}
    for j, keys in reversed(list(enumerate(right))):
        if len(keys) >= MIN_SHARED_FOR_STRONG:
            waiting.setdefault(tuple(sorted(keys)), []).append(j)
    pairs = []
    for i, keys in enumerate(left):
        stack = waiting.get(tuple(sorted(keys)))
        if stack:
            pairs.append((i, stack.pop(), 1.0, "strong"))
    return pairs


def _vectors(sentences: list[list[str]], ids: dict[str, int], idf: Mapping[str, float]):
    """Sparse unit vectors as (sentence, key id, weight) arrays, weight = IDF (x anchor boost)."""
    rows, terms, weights = [], [], []
    for index, all_keys in enumerate(sentences):
        keys = [k for k in all_keys if not k.startswith(_UNIT)]
        values = [_weight(k, idf) for k in keys]
        norm = math.sqrt(sum(v * v for v in values)) or 1.0
        for key, value in zip(keys, values, strict=True):
            if key in ids:
                rows.append(index)
                terms.append(ids[key])
                weights.append(value / norm)
    return (
        np.asarray(rows, dtype=np.int64),
        np.asarray(terms, dtype=np.int64),
        np.asarray(weights, dtype=np.float64),
    )


def _weight(key: str, idf: Mapping[str, float]) -> float:
    return idf[key] * (_ANCHOR_BOOST if key.startswith("#") else 1.0)


def _shared_keys(left: list[list[str]], right: list[list[str]], idf) -> dict[str, int]:
    """Key ids for keys found on both sides, the most frequent dropped beyond the budget."""
    left_df = Counter(k for keys in left for k in keys)
    right_df = Counter(k for keys in right for k in keys)
    shared = sorted(
        (left_df[k] * right_df[k], k)
        for k in left_df.keys() & right_df.keys()
        if k in idf and not k.startswith(_UNIT)
    )
    budget, kept = MAX_CONTRIBUTIONS, []
    for cost, key in shared:  # rarest first: they weigh most
        if cost > budget:
            break
        budget -= cost
        kept.append(key)
    return {key: index for index, key in enumerate(sorted(kept))}


def contributions(left: list[list[str]], right: list[list[str]]) -> int:
    """How many (left sentence, right sentence, key) products the scoring will add up."""
    ids = _shared_keys(left, right, _idf_over({"left": left, "right": right}))
    left_df = Counter(k for keys in left for k in keys if k in ids)
    right_df = Counter(k for keys in right for k in keys if k in ids)
    return sum(left_df[k] * right_df[k] for k in ids)


def _candidates(left, right, idf, threshold):
    """Candidate pairs (row, col, score, shared key count), a few best per left sentence.

    Scores are sums over shared keys. With few distinct shared keys (a dense problem, such as
    the synthetic bench) they come from a matrix product; otherwise from an inverted index.
    """
    ids = _shared_keys(left, right, idf)
    l_rows, l_terms, l_weights = _vectors(left, ids, idf)
    r_rows, r_terms, r_weights = _vectors(right, ids, idf)
    n_right = len(right)
    block = max(1, _BLOCK_CELLS // n_right)
    dense = len(ids) * n_right <= _BLOCK_CELLS
    if dense:
        right_matrix = np.zeros((len(ids), n_right), dtype=np.float32)
        right_matrix[r_terms, r_rows] = r_weights
    else:
        order = np.argsort(r_terms, kind="stable")
        r_rows, r_terms, r_weights = r_rows[order], r_terms[order], r_weights[order]
        starts = np.searchsorted(r_terms, np.arange(len(ids)))
        counts = np.bincount(r_terms, minlength=len(ids))
    keep = min(CANDIDATES_PER_SENTENCE, n_right)
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for first in range(0, len(left), block):
        height = min(block, len(left) - first)
        inside = (l_rows >= first) & (l_rows < first + height)
        rows, terms, weights = l_rows[inside] - first, l_terms[inside], l_weights[inside]
        if dense:
            left_matrix = np.zeros((height, len(ids)), dtype=np.float32)
            left_matrix[rows, terms] = weights
            score = left_matrix @ right_matrix
        else:
            repeat = counts[terms]
            entry = np.repeat(np.arange(len(rows)), repeat)
            offset = np.arange(int(repeat.sum())) - np.repeat(np.cumsum(repeat) - repeat, repeat)
            position = starts[terms][entry] + offset
            cell = rows[entry] * n_right + r_rows[position]
            products = weights[entry] * r_weights[position]
            score = np.bincount(cell, products, minlength=height * n_right)
            score = score.reshape(height, n_right)
        best = np.argpartition(-score, keep - 1, axis=1)[:, :keep]
        row_ids = np.repeat(np.arange(height), keep)
        col_ids = best.ravel()
        values = score[row_ids, col_ids]
        good = values >= max(threshold, 1e-6)
        found.append((row_ids[good] + first, col_ids[good], np.minimum(values[good], 1.0)))
    rows, cols, scores = (np.concatenate(parts) for parts in zip(*found, strict=True))
    return rows, cols, scores.astype(np.float64), _count_shared(left, right, rows, cols)


def _count_shared(left, right, rows: np.ndarray, cols: np.ndarray, names=frozenset()):
    """How many keys each candidate pair shares, names not counted: a shared name (or a list of
    countries) alone is not a shared proposition. Only candidates are counted: a few per row."""
    left_sets = [
        {k for k in keys if not k.startswith(("#name:", _UNIT)) and k not in names} for keys in left
    ]
    return np.fromiter(
        (len(left_sets[i].intersection(right[j])) for i, j in zip(rows, cols, strict=True)),
        dtype=np.int64,
        count=len(rows),
    )


def _best_of(owners: np.ndarray, scores: np.ndarray, size: int) -> np.ndarray:
    """For each row (or column), the candidate index with its highest score (first on ties)."""
    best = np.full(size, -1, dtype=np.int64)
    order = np.lexsort((np.arange(len(scores)), -scores))
    owner_ids, first = np.unique(owners[order], return_index=True)
    best[owner_ids] = order[first]
    return best


def _greedy(rows, cols, scores, n_rows: int, n_cols: int) -> list[tuple[int, int, float, int]]:
    """One-to-one matching: highest score first; ties go to the lower row, then column.

    Computed in rounds: each round accepts every pair that ranks first for both its row and its
    column (the one-pair-at-a-time greedy loop would take it too), then drops the pairs that
    touch them. Returns (row, col, score, candidate index).
    """
    order = np.lexsort((cols, rows, -scores))
    used_rows = np.zeros(n_rows, dtype=bool)
    used_cols = np.zeros(n_cols, dtype=bool)
    alive = np.arange(len(rows))  # ranks in priority order
    sorted_rows, sorted_cols = rows[order], cols[order]
    chosen = []
    while alive.size:
        row, col = sorted_rows[alive], sorted_cols[alive]
        best_in_row = np.full(n_rows, len(rows))
        np.minimum.at(best_in_row, row, alive)
        best_in_col = np.full(n_cols, len(rows))
        np.minimum.at(best_in_col, col, alive)
        taken = alive[(best_in_row[row] == alive) & (best_in_col[col] == alive)]
        chosen.append(taken)
        used_rows[sorted_rows[taken]] = True
        used_cols[sorted_cols[taken]] = True
        alive = alive[~used_rows[row] & ~used_cols[col]]
    ranks = np.sort(np.concatenate(chosen)) if chosen else np.zeros(0, dtype=np.int64)
    picked = order[ranks]
    return [(int(rows[k]), int(cols[k]), float(scores[k]), int(k)) for k in picked.tolist()]


# --- input checks ----------------------------------------------------------------------------


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
    if len(sentences) > MAX_SENTENCES:
        raise SizeLimitError(
            f"{name} has {len(sentences):,} sentences; the aligner takes at most "
            f"{MAX_SENTENCES:,} per text (a long news article has a few hundred)"
        )
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
    characters = sum(len(t) for t in texts)
    if characters > MAX_CHARACTERS:
        raise SizeLimitError(
            f"{name} has {characters:,} characters; the aligner takes at most "
            f"{MAX_CHARACTERS:,} per text (a long news article has about 10,000)"
        )
    return texts


def _unmatched(texts: list[str], used: set[int]) -> pd.DataFrame:
    index = [i for i in range(len(texts)) if i not in used]
    return pd.DataFrame({"index": index, "text": [texts[i] for i in index]}).astype(
        {"index": "int64"}
    )


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
            sentences = [s.text for s in split_sentences(_body(value, clean, source))]
            sources[source] = _sentence_texts(sentences, f"texts[{source!r}]")
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
