"""Helpers for the Korea–NATO ITPP course: load the sources and knowledge tables, compare, show.

Notebooks and tests import from here; each concern has its own module (data, text, compare,
display, plots, checks). Importing is cheap and has no side effects.
"""

from helpers.data import Corpus, DataError, add_source, find_data_dir, load_corpus, sha256_of

__all__ = ["Corpus", "DataError", "add_source", "find_data_dir", "load_corpus", "sha256_of"]
