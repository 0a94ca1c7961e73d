"""Fixtures shared by the test modules: the course data, loaded once, and a disposable copy."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import helpers

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@pytest.fixture(scope="session")
def corpus() -> helpers.Corpus:
    """The course's own data, loaded and checked once."""
    return helpers.load_corpus(DATA)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A fresh copy of ``data/`` that a test may change or break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target
