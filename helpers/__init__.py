"""Helpers for the Korea–NATO ITPP course: load the sources and knowledge tables, compare, show.

Notebooks and tests import from here; each concern has its own module (data, text, compare,
display, plots, checks). Importing is cheap and has no side effects: pyplot is imported only
when a figure is drawn.
"""

from helpers.checks import AnswerTypeError, Feedback, UnknownQuestionError, check, questions
from helpers.compare import Alignment, align_sentences, collate, compare_facts, extract_facts
from helpers.data import Corpus, DataError, add_source, find_data_dir, load_corpus, sha256_of
from helpers.display import QuoteCard, SideBySide, quote_card, side_by_side
from helpers.i18n import language, set_language
from helpers.plots import alt_text, plot_area_coverage, plot_discrepancies, plot_timeline
from helpers.text import CleanText, Removed, Sentence, clean_text, split_sentences

__all__ = [
    "Alignment",
    "AnswerTypeError",
    "CleanText",
    "Corpus",
    "DataError",
    "Feedback",
    "QuoteCard",
    "Removed",
    "Sentence",
    "SideBySide",
    "UnknownQuestionError",
    "add_source",
    "align_sentences",
    "alt_text",
    "check",
    "clean_text",
    "collate",
    "compare_facts",
    "extract_facts",
    "find_data_dir",
    "language",
    "load_corpus",
    "plot_area_coverage",
    "plot_discrepancies",
    "plot_timeline",
    "questions",
    "quote_card",
    "set_language",
    "sha256_of",
    "side_by_side",
    "split_sentences",
]
