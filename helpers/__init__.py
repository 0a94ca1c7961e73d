"""Helpers for the Korea–NATO ITPP course: load the sources and knowledge tables, compare, show.

Notebooks and tests import from here; each concern has its own module (data, text, compare,
display, views, plots, checks). Importing is cheap and has no side effects: pyplot is imported only
when a figure is drawn.
"""

from helpers.checks import AnswerTypeError, Feedback, UnknownQuestionError, check, questions
from helpers.compare import Alignment, align_sentences, collate, compare_facts, extract_facts
from helpers.data import Corpus, DataError, add_source, find_data_dir, load_corpus, sha256_of
from helpers.display import QuoteCard, SideBySide, quote_card, side_by_side
from helpers.plots import (
    alt_text,
    plot_area_coverage,
    plot_discrepancies,
    plot_news_routes,
    plot_timeline,
)
from helpers.text import CleanText, Removed, Sentence, clean_text, split_sentences
from helpers.views import (
    Caption,
    HtmlView,
    ReferenceList,
    area_view,
    claim_card,
    claim_cards,
    claim_check,
    clean_sources,
    count_words,
    finding_view,
    link_pairs,
    quote_positions,
    reference_list,
    removed_pieces,
    sentence_table,
    show_figure,
    speaker_view,
    start_notebook,
    text_statistics,
    timeline_events,
)

__all__ = [
    "Alignment",
    "AnswerTypeError",
    "Caption",
    "CleanText",
    "Corpus",
    "DataError",
    "Feedback",
    "HtmlView",
    "QuoteCard",
    "ReferenceList",
    "Removed",
    "Sentence",
    "SideBySide",
    "UnknownQuestionError",
    "add_source",
    "align_sentences",
    "alt_text",
    "area_view",
    "check",
    "claim_card",
    "claim_cards",
    "claim_check",
    "clean_sources",
    "clean_text",
    "collate",
    "compare_facts",
    "count_words",
    "extract_facts",
    "find_data_dir",
    "finding_view",
    "link_pairs",
    "load_corpus",
    "plot_area_coverage",
    "plot_discrepancies",
    "plot_news_routes",
    "plot_timeline",
    "questions",
    "quote_card",
    "quote_positions",
    "reference_list",
    "removed_pieces",
    "sentence_table",
    "sha256_of",
    "show_figure",
    "side_by_side",
    "speaker_view",
    "split_sentences",
    "start_notebook",
    "text_statistics",
    "timeline_events",
]
