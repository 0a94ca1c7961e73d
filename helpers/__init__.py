"""Helpers for the Korea–NATO ITPP course: load the sources and knowledge tables, compare, show.

Notebooks and tests import from here; each concern has its own module (data, text, compare,
facts, display, plots, checks). Importing is cheap and has no side effects: pyplot is imported only
when a figure is drawn.
"""

from helpers.checks import AnswerTypeError, Feedback, UnknownQuestionError, check, questions
from helpers.compare import Alignment, align_sentences, collate
from helpers.data import Corpus, DataError, add_source, find_data_dir, load_corpus, sha256_of
from helpers.display import QuoteCard, SideBySide, quote_card, side_by_side
from helpers.facts import (
    LanguageWarning,
    article_facts,
    compare_facts,
    extract_facts,
    language_warning,
)
from helpers.plots import alt_text, plot_area_coverage, plot_discrepancies, plot_timeline
from helpers.text import (
    MAX_TEXT_CHARS,
    CleanText,
    Removed,
    Sentence,
    TextTooLongError,
    clean_text,
    normalise_for_comparison,
    split_sentences,
)

__all__ = [
    "MAX_TEXT_CHARS",
    "Alignment",
    "AnswerTypeError",
    "CleanText",
    "Corpus",
    "DataError",
    "Feedback",
    "LanguageWarning",
    "QuoteCard",
    "Removed",
    "Sentence",
    "SideBySide",
    "TextTooLongError",
    "UnknownQuestionError",
    "add_source",
    "align_sentences",
    "alt_text",
    "article_facts",
    "check",
    "clean_text",
    "collate",
    "compare_facts",
    "extract_facts",
    "find_data_dir",
    "language_warning",
    "load_corpus",
    "normalise_for_comparison",
    "plot_area_coverage",
    "plot_discrepancies",
    "plot_timeline",
    "questions",
    "quote_card",
    "sha256_of",
    "side_by_side",
    "split_sentences",
]
