"""check() judges answers from data/questions.csv without giving the answer away."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest

import helpers
from helpers import AnswerTypeError, AnswerValueError, UnknownQuestionError, check, questions
from helpers.data import DataError

DATA = Path(__file__).resolve().parent.parent / "data"
FIELDS = ["question_id", "notebook", "prompt", "answer_type", "answer", "accept", "tolerance",
          "hint", "source", "why"]  # fmt: skip
TEST_QUESTIONS = [
    ["90-count", "90-test", "How many?", "number", "11", "", "1", "Count <b>again</b>.", "K1",
     "The list has <i>11</i> items."],
    ["90-exact", "90-test", "Which year?", "number", "2012", "2012.0", "", "Look at 2012.", "N5",
     "Because."],
    ["90-name", "90-test", "Which programme?", "text", "IPCP",
     "Individual Partnership and Cooperation Programme", "", "Four letters.", "N2", "Because."],
    ["90-pick", "90-test", "a) one b) two", "choice", "b", "two", "", "Read again.", "K1",
     "Because."],
    ["90-people", "90-test", "Who met?", "set", "Yoon Suk Yeol | Jens Stoltenberg",
     "Yoon=Yoon Suk Yeol | Stoltenberg=Jens Stoltenberg", "", "Two leaders.", "N1", "Because."],
    ["90-three", "90-test", "Which three?", "set", "a | b | c", "", "", "Three letters.", "K1",
     "Because."],
    ["90-title", "90-test", "Sekjen in English?", "text", "Secretary General",
     "Secretary-General", "", "Two words.", "N1", "Because."],
    ["90-outlet", "90-test", "Which source?", "choice", "koreanet", "Korea.net", "", "Look.", "K8",
     "Because."],
]  # fmt: skip


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    with open(target / "questions.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([FIELDS, *TEST_QUESTIONS])
    return target


def judge(question_id: str, answer, data_dir: Path):
    return check(question_id, answer, data_dir=data_dir)


def shown(feedback) -> str:
    return repr(feedback) + feedback._repr_html_()


# --- the real questions ---------------------------------------------------------------------


def real_answer(row):
    if row.answer_type == "number":
        return float(row.answer)
    if row.answer_type == "set":
        return row.answer.split(" | ")
    return row.answer


def test_every_real_question_accepts_its_own_answer_and_names_its_sources():
    table = helpers.load_corpus().table("questions")
    assert len(table) >= 3
    for row in table.itertuples():
        feedback = check(row.question_id, real_answer(row))
        assert feedback.correct, row.question_id
        assert feedback.hint == "" and row.source in feedback.message
        assert feedback.message.startswith(row.why), row.question_id


def test_a_wrong_answer_to_a_real_question_never_shows_the_answer():
    table = helpers.load_corpus().table("questions")
    wrong = {"number": -1, "text": "zzzz", "choice": "zzzz", "set": ["zzzz"]}
    for row in table.itertuples():
        feedback = check(row.question_id, wrong[row.answer_type])
        assert feedback.verdict == "wrong" and not feedback.correct
        for item in row.answer.split(" | "):
            assert not re.search(rf"\b{re.escape(item)}\b", shown(feedback)), row.question_id
        assert feedback.hint


def test_questions_lists_prompts_without_answers():
    table = questions()
    assert list(table.columns) == ["question_id", "notebook", "prompt", "answer_type"]
    one = questions("01-background")
    assert set(one["notebook"]) == {"01-background"} and len(one) <= len(table)


# --- verdicts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question_id", "answer", "verdict"),
    [
        ("90-count", 11, "right"),
        ("90-count", 11.0, "right"),
        ("90-count", 12, "close"),
        ("90-count", 9.5, "wrong"),
        ("90-exact", 2012, "right"),
        ("90-exact", 2013, "wrong"),  # no tolerance: no "close"
        ("90-name", "ipcp", "right"),
        ("90-name", "  I.P.C.P. ", "wrong"),  # dots become spaces: "i p c p" is not the acronym
        ("90-name", "IPPC", "close"),  # a swapped pair is one typo
        ("90-name", "individual partnership and cooperation programme!", "right"),
        ("90-name", "individual partnership & cooperation programme", "close"),
        ("90-name", "Indivìdual Partnersip and Cooperation Programme", "close"),
        ("90-name", "ITPP", "wrong"),  # another programme, not a typo: two letters differ
        ("90-name", "NATO", "wrong"),
        ("90-pick", "B", "right"),
        ("90-pick", "Two", "right"),
        ("90-pick", "a", "wrong"),
        ("90-people", ["Jens Stoltenberg", "Yoon Suk Yeol"], "right"),
        ("90-people", ("stoltenberg", "YOON"), "right"),
        ("90-people", {"Yoon"}, "close"),
        ("90-people", ["Yoon", "Stoltenberg", "Biden"], "close"),
        ("90-people", ["Biden"], "wrong"),
        ("90-three", ["a", "b"], "close"),
        ("90-three", ["a", "x", "y"], "wrong"),
        ("90-people", ["Yoon", "Stoltenburg"], "close"),  # one misspelt item
        ("90-outlet", "koreanett", "close"),  # a typo in a long option
        ("90-outlet", "sugawa", "wrong"),
        ("90-pick", "c", "wrong"),  # one-letter options are never 'close'
        ("90-title", "sekretaris jenderal", "close"),  # Indonesian, where English is asked
        ("90-title", "Sekjen", "close"),
        ("90-title", "Secretary Genral", "close"),
    ],
)
def test_verdicts(data_dir, question_id, answer, verdict):
    feedback = judge(question_id, answer, data_dir)
    assert feedback.verdict == verdict
    assert feedback.correct is (verdict == "right")
    assert (feedback.hint == "") is (verdict == "right")


def test_close_messages_guide_without_the_answer(data_dir):
    assert judge("90-count", 12, data_dir).message == (
        "Your number is within 1 of the answer, but not exact."
    )
    assert judge("90-people", ["Yoon", "Biden"], data_dir).message == (
        "1 of the 2 items are right; 1 item(s) do not belong."
    )
    assert judge("90-three", ["a", "b"], data_dir).message == (
        "2 of the 3 items are right; some are missing."
    )


def test_feedback_renders_deterministically_with_words_and_symbols(data_dir):
    wrong = judge("90-count", 3, data_dir)
    assert repr(wrong) == "✗ Not yet.\nHint: Count <b>again</b>."
    html_text = wrong._repr_html_()
    assert "Count &lt;b&gt;again&lt;/b&gt;." in html_text and "<b>" not in html_text
    assert 'role="status"' in html_text and "Not yet." in html_text
    assert html_text == judge("90-count", 3, data_dir)._repr_html_()
    right = judge("90-count", 11, data_dir)
    assert repr(right) == "✓ Right. The list has <i>11</i> items. Sources: K1."
    assert "itpp-check-right" in right._repr_html_()
    assert "The list has &lt;i&gt;11&lt;/i&gt; items." in right._repr_html_()


def test_a_misspelt_answer_gets_a_hint_about_spelling_not_the_question(data_dir):
    feedback = judge("90-title", "Secretary Genral", data_dir)
    assert feedback.message == "Almost: check the spelling."
    assert "spelling" in feedback.hint and feedback.hint != "Two words."
    assert "Secretary General" not in shown(feedback)


def test_an_indonesian_answer_to_an_english_question_says_english_is_expected(data_dir):
    feedback = judge("90-title", "Sekretaris Jenderal", data_dir)
    assert feedback.verdict == "close"
    assert feedback.message == "That is the Indonesian; this question asks for the English words."
    assert "Secretary" not in shown(feedback)
    short = judge("90-title", "Sekjen", data_dir).message
    assert short == "That is the Indonesian short form; this question asks for the English words."


def test_a_question_that_asks_for_indonesian_is_never_told_to_answer_in_english():
    feedback = check("04-sdm", "SDM")
    assert feedback.verdict == "wrong" and "English" not in feedback.message


def test_an_indonesian_rendering_is_accepted_where_the_question_allows():
    assert check("01-predecessor", "Program Kerja Sama Kemitraan Individu").correct


# --- bad input ------------------------------------------------------------------------------


def test_an_unknown_question_names_it_and_says_where_to_look():
    with pytest.raises(KeyError) as caught:
        check("01-no-such-question", 1)
    assert isinstance(caught.value, UnknownQuestionError)
    message = str(caught.value)
    assert "'01-no-such-question'" in message and "helpers.questions()" in message
    assert caught.value._render_traceback_() == [f"UnknownQuestionError: {message}"]


@pytest.mark.parametrize(
    ("question_id", "answer", "message"),
    [
        ("90-count", "11", "expects a number"),
        ("90-count", True, "expects a number"),
        ("90-count", None, "expects a number"),
        ("90-name", 11, "expects a text"),
        ("90-pick", ["b"], "expects one option"),
        ("90-people", "Yoon Suk Yeol", "expects a list of texts"),
        ("90-people", ["Yoon", 3], "each a str"),
    ],
)
def test_a_wrong_answer_type_is_a_type_error(data_dir, question_id, answer, message):
    with pytest.raises(TypeError, match=message) as caught:
        judge(question_id, answer, data_dir)
    assert isinstance(caught.value, AnswerTypeError)
    assert question_id in str(caught.value)


@pytest.mark.parametrize(
    ("question_id", "answer", "error", "message"),
    [
        (11, 11, AnswerTypeError, r"question id comes first, in quotes.*got int 11"),
        ("90-count", float("nan"), AnswerValueError, r"expects a finite number, got nan: a calc"),
        ("90-count", float("-inf"), AnswerValueError, r"expects a finite number, got -inf"),
        ("90-count", 10**400, AnswerValueError, r"your number has 401 digits, too large"),
        ("90-name", " ... ", AnswerValueError, r"'90-name': your answer is empty; write some"),
        ("90-pick", "", AnswerValueError, r"'90-pick': your answer is empty; give one option"),
        ("90-people", [], AnswerValueError, r"'90-people': your list is empty"),
        ("90-people", {"Yoon": 1, "Stoltenberg": 2}, AnswerTypeError, r"expects a list of texts"),
        ("90-name", 10**400, AnswerTypeError, r"expects a text in quotes.*got int 1000+\.\.\.$"),
    ],
)
def test_other_bad_input(data_dir, question_id, answer, error, message):
    with pytest.raises(error, match=message) as caught:
        judge(question_id, answer, data_dir)
    assert caught.value._render_traceback_() == [f"{error.__name__}: {caught.value}"]


def test_a_forgotten_answer_says_how_to_write_one(data_dir):
    with pytest.raises(AnswerTypeError, match=r"check\(\) needs your answer .*text in quotes"):
        check("90-name", data_dir=data_dir)


def test_a_tolerance_of_nan_is_a_data_error(data_dir):
    rows = [FIELDS, ["90-bad", "90-test", "?", "number", "11", "", "nan", "Hint.", "K1", "W."]]
    with open(data_dir / "questions.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    with pytest.raises(DataError, match=r"line 2, field 'tolerance': 'nan' is not a number"):
        judge("90-bad", 11, data_dir)


def test_a_broken_question_row_is_a_data_error(data_dir):
    rows = [FIELDS, ["90-bad", "90-test", "?", "number", "eleven", "", "", "Hint.", "K1", "W."]]
    with open(data_dir / "questions.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    with pytest.raises(DataError, match="'eleven' is not a number"):
        judge("90-bad", 11, data_dir)


def test_the_questions_table_is_checked_against_its_schema(data_dir):
    rows = [FIELDS, ["90-bad", "90-test", "?", "essay", "x", "", "", "Hint.", "K1", "W."]]
    with open(data_dir / "questions.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    with pytest.raises(DataError, match=r"line 2, field 'answer_type': 'essay' is not one of"):
        judge("90-bad", "x", data_dir)
