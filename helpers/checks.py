"""Self-check exercises: ``check(question_id, answer)`` says right, close or wrong, with a hint.

Questions and their answers live in ``data/questions.csv`` (described in ``datapackage.json``),
never in the notebooks, so a learner's cell shows feedback without giving the answer away. The
feedback renders the same way every time (HTML and plain text), so stored outputs compare
exactly, and it has a word and a symbol besides its colour.
"""

from __future__ import annotations

import base64
import csv
import functools
import math
import numbers
import os
import re
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from rapidfuzz.distance import OSA

from helpers.data import DataError, find_data_dir, read_resources, read_table, resource
from helpers.i18n import _, language
from helpers.markup import escape_html

__all__ = [
    "AnswerTypeError",
    "AnswerValueError",
    "Feedback",
    "UnknownQuestionError",
    "check",
    "questions",
]

_LOOKS = {  # verdict: (symbol, Okabe–Ito colour); the word is looked up when shown
    "right": ("✓", "#009E73"),
    "close": ("≈", "#E69F00"),
    "wrong": ("✗", "#D55E00"),
}


def _verdict_word(verdict: str) -> str:
    """The verdict's word in the reader's language, looked up each time feedback is shown."""
    return {"right": _("Right."), "close": _("Close."), "wrong": _("Not yet.")}[verdict]


class _OneLine:
    """IPython shows this error as one friendly line instead of a traceback."""

    def _render_traceback_(self) -> list[str]:
        return [f"{type(self).__name__}: {self}"]


class UnknownQuestionError(_OneLine, KeyError):
    """No question with this id in ``data/questions.csv``."""

    def __str__(self) -> str:
        return str(self.args[0])


class AnswerTypeError(_OneLine, TypeError):
    """The answer's Python type does not fit the question (e.g. a str for a number)."""


class AnswerValueError(_OneLine, ValueError):
    """The answer has the right type but is not an answer yet (empty, NaN, infinite, too large).

    An error rather than a "Not yet." verdict: it was never judged, so the feedback says what
    to fix in the cell; like every error here it shows as one line, without a traceback.
    """


_NO_ANSWER = object()
ENCODED = "zlib+base64:"  # marks an answer cell of a student edition's questions.csv
ENCODED_COLUMNS = ("answer", "accept", "why")  # what a student edition hides from plain reading


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: ``right``, ``close`` or ``wrong``, and what to do next."""

    question_id: str
    verdict: str
    message: str
    hint: str

    @property
    def correct(self) -> bool:
        return self.verdict == "right"

    def _repr_html_(self) -> str:
        (symbol, colour), word = _LOOKS[self.verdict], _verdict_word(self.verdict)
        hint = (
            '<br><span style="font-size:95%">'
            + escape_html(_("Hint: {hint}").format(hint=self.hint))
            + "</span>"
            if self.hint
            else ""
        )
        return (
            f'<div class="itpp-check itpp-check-{self.verdict}" role="status" '
            f'style="border-left:6px solid {colour};padding:0.3em 0.8em;margin:0.3em 0">'
            f'<strong><span aria-hidden="true">{symbol}</span> {word}</strong> '
            f"{escape_html(self.message)}{hint}</div>"
        )

    def __repr__(self) -> str:
        symbol, word = _LOOKS[self.verdict][0], _verdict_word(self.verdict)
        text = f"{symbol} {word} {self.message}".rstrip()
        return text + "\n" + _("Hint: {hint}").format(hint=self.hint) if self.hint else text


def questions(
    notebook: str | None = None, *, data_dir: str | os.PathLike[str] | None = None
) -> pd.DataFrame:
    """The questions (id, notebook, prompt, answer type), without their answers."""
    table = _table(data_dir)
    if notebook is not None:
        if not isinstance(notebook, str):
            raise TypeError(
                _("notebook must be a str such as '01-background', got {notebook!r}").format(
                    notebook=notebook
                )
            )
        table = table[table["notebook"] == notebook]
    return table[["question_id", "notebook", "prompt", "answer_type"]].reset_index(drop=True)


def check(
    question_id: str,
    answer: object = _NO_ANSWER,
    *,
    data_dir: str | os.PathLike[str] | None = None,
) -> Feedback:
    """Compare ``answer`` with the stored answer to ``question_id`` and give feedback.

    number: an int or float; right if equal (or an accepted alternative), close if within the
    question's tolerance. text and choice: a str, compared ignoring case, accents, punctuation
    and spacing; a text with about one typo per eight letters (at least one: a swapped pair
    counts as one) is close, and so is the Indonesian form of an English answer (the glossary
    says which). set: a list of str in any order; close when at least half of the items are
    right. A right answer comes with a short reason and its sources.
    """
    if not isinstance(question_id, str):
        raise AnswerTypeError(
            _(
                "the question id comes first, in quotes, such as check('01-itpp-areas', 11); "
                "got {given}"
            ).format(given=_shown(question_id))
        )
    if answer is _NO_ANSWER:
        raise AnswerTypeError(
            _(
                "check() needs your answer after the question id: check({question_id!r}, answer), "
                "with text in quotes ('like this') and numbers without"
            ).format(question_id=question_id)
        )
    table = _table(data_dir)
    rows = table[table["question_id"] == question_id]
    if rows.empty:
        raise UnknownQuestionError(
            _(
                "unknown question_id {question_id!r}. List the valid ids with helpers.questions() "
                "(or helpers.questions('01-background') for one notebook); they are in "
                "data/questions.csv."
            ).format(question_id=question_id)
        )
    row = rows.iloc[0]
    kind = row["answer_type"]
    judge = {"number": _number, "text": _text, "choice": _choice, "set": _set}[kind]
    verdict, message = judge(question_id, row, answer)
    if verdict == "close" and message == _MISSPELT:
        return Feedback(
            question_id,
            verdict,
            _("Almost: check the spelling."),
            _(
                "One or two letters differ from an accepted answer: compare your spelling with "
                "the text, letter by letter."
            ),
        )
    if verdict == "wrong" and kind == "text":
        english = _english_expected(data_dir, row, answer)
        if english:
            return Feedback(question_id, "close", english, str(row["hint"]))
    if verdict == "right":
        sources = _("Sources: {sources}.").format(sources=row["source"])
        message = f"{message} {row['why']} {sources}".strip()
        return Feedback(question_id, verdict, message, "")
    return Feedback(question_id=question_id, verdict=verdict, message=message, hint=row["hint"])


def encode_answer(text: str) -> str:
    """An answer cell as a student edition stores it (``make student``): unreadable at a glance,
    so answers are not read by accident. A programmer can decode it; it is not a secret."""
    return ENCODED + base64.b64encode(zlib.compress(text.encode("utf-8"))).decode("ascii")


def encode_questions(source: Path, target: Path) -> None:
    """Copy a questions.csv to ``target`` with its answer cells encoded (``encode_answer``), as a
    student edition stores it; ``check()`` decodes them, so self-checks answer as before."""
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row |= {key: encode_answer(row[key]) for key in ENCODED_COLUMNS if row[key]}
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def encode_catalogue(source: Path, target: Path) -> None:
    """Compile a .po catalogue into the .mo ``target`` with the questions' translated answers
    encoded like questions.csv, so a student edition accepts them without showing them."""
    from babel.messages.mofile import write_mo  # only a build needs Babel: imported here
    from babel.messages.pofile import read_po

    catalogue = read_po(source.read_bytes().splitlines(), abort_invalid=True)
    for message in [m for m in catalogue if str(m.context).startswith("questions/")]:
        if message.context.rsplit("/", 1)[1] in ENCODED_COLUMNS and message.string:
            catalogue.delete(message.id, message.context)
            encoded = (encode_answer(message.id), encode_answer(message.string))
            catalogue.add(*encoded, context=message.context, flags=message.flags)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as file:
        write_mo(file, catalogue)


def _decoded(cell: object) -> object:
    if not (isinstance(cell, str) and cell.startswith(ENCODED)):
        return cell
    return zlib.decompress(base64.b64decode(cell[len(ENCODED) :])).decode("utf-8")


def _table(data_dir, name: str = "questions") -> pd.DataFrame:
    """A checked table of ``data_dir``, read once per file version and language.

    A student edition's encoded answers come back decoded (see ``encode_answer``). Every
    ``check()`` needs the questions (and a wrong text answer the glossary): caching them saves
    re-validating the same file on each call, and a changed file is read again.
    """
    root = find_data_dir(data_dir)
    spec = resource(root, name)
    version = (
        (root / spec["path"]).stat().st_mtime_ns,
        (root / "datapackage.json").stat().st_mtime_ns,
    )
    return _read_checked(str(root), name, version, language()).copy()


@functools.lru_cache(maxsize=16)
def _read_checked(root: str, name: str, version: tuple, lang: str) -> pd.DataFrame:
    table = read_table(Path(root), resource(Path(root), name))
    if name == "questions":
        for column in ENCODED_COLUMNS:
            table[column] = table[column].map(_decoded)
    return table


def _shown(answer: object) -> str:
    """The answer as the learner wrote it, cut short so a huge value keeps the message short."""
    text = repr(answer)
    return f"{type(answer).__name__} {text if len(text) <= 60 else text[:57] + '...'}"


_MISSPELT = "misspelt"  # what a judge returns for a near miss; check() says it in words


def _close_to(given: str, accepted: list[str]) -> bool:
    """About one typo per eight letters (at least one; a swapped pair counts as one)."""
    for answer in accepted:
        allowed = max(1, len(answer) // 8)
        near_in_length = abs(len(given) - len(answer)) <= allowed  # cheap test first: huge input
        if len(answer) >= 4 and near_in_length and OSA.distance(given, answer) <= allowed:
            return True
    return False


def _english_expected(data_dir, row: pd.Series, answer: object) -> str:
    """A word for an Indonesian answer to a question that asks for English, else empty.

    The glossary pairs each term with its Indonesian and English forms; if the learner gave the
    Indonesian form (or the term) of the English answer, they understood and need only the
    language. Questions whose answer is Indonesian are never told to answer in English.
    """
    root = find_data_dir(data_dir)
    if "glossary" not in read_resources(root):
        return ""
    english, given = _normal(row["answer"]), _normal(str(answer))
    for entry in _table(root, "glossary").itertuples():
        if _normal(entry.english) != english:
            continue
        if given == _normal(re.sub(r"\(.*?\)", "", entry.indonesian)):
            return _("That is the Indonesian; this question asks for the English words.")
        if given == _normal(entry.term):
            return _("That is the Indonesian short form; this question asks for the English words.")
    return ""


def _alternatives(cell: str) -> list[str]:
    return [item.strip() for item in str(cell or "").split(" | ") if item.strip()]


def _normal(text: str) -> str:
    """Case, accents, punctuation and spacing removed: 'Yoon Suk-yeol.' -> 'yoon suk yeol'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", letters).split())


def _wrong_type(question_id: str, expected: str, answer: object) -> AnswerTypeError:
    return AnswerTypeError(
        _("question {question_id!r} expects {expected}; got {given}").format(
            question_id=question_id, expected=expected, given=_shown(answer)
        )
    )


def _number(question_id: str, row: pd.Series, answer: object) -> tuple[str, str]:
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        raise _wrong_type(question_id, _("a number (an int or float, without quotes)"), answer)
    try:
        value = float(answer)
    except OverflowError:
        raise AnswerValueError(
            _(
                "question {question_id!r}: your number has {digits} digits, too large to be the "
                "answer; check how it was computed"
            ).format(question_id=question_id, digits=len(str(abs(int(answer)))))
        ) from None
    if not math.isfinite(value):
        raise AnswerValueError(
            _(
                "question {question_id!r} expects a finite number, got {answer!r}: a calculation "
                "on empty or missing data gives nan; check the cell that computed it"
            ).format(question_id=question_id, answer=answer)
        )
    expected = []
    for written in [row["answer"], *_alternatives(row["accept"])]:
        try:
            expected.append(float(written))
        except ValueError:
            raise DataError(
                _(
                    "data/questions.csv, question {question_id!r}: {written!r} is not a number, "
                    "but answer_type is number"
                ).format(question_id=question_id, written=written)
            ) from None
    if any(math.isclose(value, e, rel_tol=0, abs_tol=1e-9) for e in expected):
        return "right", ""
    tolerance = row["tolerance"]
    if not pd.isna(tolerance) and abs(value - expected[0]) <= float(tolerance):
        message = _("Your number is within {tolerance:g} of the answer, but not exact.")
        return "close", message.format(tolerance=tolerance)
    return "wrong", ""


def _text(question_id: str, row: pd.Series, answer: object) -> tuple[str, str]:
    if not isinstance(answer, str):
        raise _wrong_type(question_id, _("a text in quotes, like 'this' (a str)"), answer)
    given = _normal(answer)
    if not given:
        raise AnswerValueError(
            _("question {question_id!r}: your answer is empty; write some text").format(
                question_id=question_id
            )
        )
    accepted = [_normal(a) for a in [row["answer"], *_alternatives(row["accept"])]]
    if given in accepted:
        return "right", ""
    if _close_to(given, accepted):
        return "close", _MISSPELT
    return "wrong", ""


def _choice(question_id: str, row: pd.Series, answer: object) -> tuple[str, str]:
    if not isinstance(answer, str):
        raise _wrong_type(question_id, _("one option in quotes, like 'b' (a str)"), answer)
    given = _normal(answer)
    if not given:
        raise AnswerValueError(
            _("question {question_id!r}: your answer is empty; give one option").format(
                question_id=question_id
            )
        )
    accepted = [_normal(a) for a in [row["answer"], *_alternatives(row["accept"])]]
    if given in accepted:
        return "right", ""
    if _close_to(given, accepted):  # only options of four letters or more, never 'a' for 'b'
        return "close", _MISSPELT
    return "wrong", ""


def _set(question_id: str, row: pd.Series, answer: object) -> tuple[str, str]:
    if not isinstance(answer, list | tuple | set | frozenset):
        raise _wrong_type(question_id, _("a list of texts, like ['...', '...']"), answer)
    for item in answer:
        if not isinstance(item, str):
            raise _wrong_type(question_id, _("a list of texts (each a str in quotes)"), answer)
    aliases = {}
    for entry in _alternatives(row["accept"]):
        alias, equals, item = entry.partition("=")
        if not equals:
            raise DataError(
                _(
                    "data/questions.csv, question {question_id!r}: accept entry {entry!r} should "
                    "be written 'alias=item' for a set question"
                ).format(question_id=question_id, entry=entry)
            )
        aliases[_normal(alias)] = _normal(item)
    expected = {_normal(item) for item in _alternatives(row["answer"])}
    given = {aliases.get(_normal(item), _normal(item)) for item in answer} - {""}
    if not given:
        raise AnswerValueError(
            _("question {question_id!r}: your list is empty; write at least one item").format(
                question_id=question_id
            )
        )
    if given == expected:
        return "right", ""
    names = [*expected, *aliases]
    misspelt = {item for item in given - expected if _close_to(item, names)}
    hits, extra = len(given & expected), len(given - expected - misspelt)
    if hits + len(misspelt) == len(expected) == len(given) and misspelt:
        return "close", _MISSPELT
    if hits * 2 >= len(expected) and hits:
        parts = [_("{hits} of the {total} items are right").format(hits=hits, total=len(expected))]
        if misspelt:
            parts.append(_("{count} look(s) misspelt").format(count=len(misspelt)))
        if extra:
            parts.append(_("{count} item(s) do not belong.").format(count=extra))
        else:
            parts.append(_("some are missing."))
        return "close", "; ".join(parts)
    return "wrong", ""
