"""Find and load the course data: the news texts and the knowledge tables.

Every table in ``data/`` is described in ``data/datapackage.json`` (Frictionless Table Schema);
:mod:`helpers.schema` checks each one against that description, so a mistake in the data stops
with one :class:`DataError` naming the file, the line and the field. This module finds the
files, reads them as UTF-8 text (refusing what is not a readable file) and assembles the
:class:`Corpus`. Adding an article to a copy of the data is :mod:`helpers.sources`.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers.i18n import _, localise_table
from helpers.schema import (
    PACKAGE_FILE,
    DataError,
    check_list_references,
    check_package,
    check_quotes,
    table_from_text,
)

__all__ = [
    "DATA_ENV_VAR",
    "Corpus",
    "DataError",
    "find_data_dir",
    "load_corpus",
    "read_package",
    "read_resources",
    "read_table",
    "resource",
    "sha256_of",
]

DATA_ENV_VAR = "ITPP_DATA_DIR"
COURSE_DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Corpus:
    """The news texts and every knowledge table, checked against ``datapackage.json``."""

    data_dir: Path
    sources: pd.DataFrame
    texts: Mapping[str, str]
    tables: Mapping[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def source_ids(self) -> list[str]:
        return list(self.sources.index)

    def text(self, source_id: str) -> str:
        """The raw text of one source, exactly as published."""
        if not isinstance(source_id, str):
            raise TypeError(
                _("source_id must be a str, got {type}").format(type=type(source_id).__name__)
            )
        if source_id not in self.texts:
            raise KeyError(
                _("unknown source_id {source_id!r}; known: {known}").format(
                    source_id=source_id, known=", ".join(self.texts)
                )
            )
        return self.texts[source_id]

    def table(self, name: str) -> pd.DataFrame:
        """One knowledge table by its resource name in ``datapackage.json``."""
        if name not in self.tables:
            raise KeyError(
                _("unknown table {name!r}; known: {known}").format(
                    name=name, known=", ".join(self.tables)
                )
            )
        return self.tables[name]


def find_data_dir(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """Locate ``data/`` from any working directory.

    Order: the argument, then the ``ITPP_DATA_DIR`` environment variable, then the ``data/``
    folder beside this package (which is where it is in a clone or an editable install).
    """
    candidate = data_dir or os.environ.get(DATA_ENV_VAR)
    path = Path(candidate) if candidate else COURSE_DATA_DIR
    if not path.is_dir():
        raise DataError(
            _("{path}: {problem} (is it the course's data/?)").format(
                path=path, problem=_why_unreadable(path, "folder")
            )
        )
    require_file(path / PACKAGE_FILE, _("is {path} the course's data/?").format(path=path))
    return path


def read_package(data_dir: str | os.PathLike[str] | None = None) -> dict:
    """The parsed ``datapackage.json`` (its structure is checked by :func:`read_resources`)."""
    path = find_data_dir(data_dir) / PACKAGE_FILE
    try:
        return json.loads(read_text(path))
    except json.JSONDecodeError as error:
        raise DataError(
            _("{path}: line {line}: invalid JSON ({error})").format(
                path=path, line=error.lineno, error=error.msg
            )
        ) from None


def read_resources(root: Path) -> dict[str, dict]:
    """The package's resources by name, its structure checked."""
    return check_package(read_package(root), root / PACKAGE_FILE)


def resource(root: Path, name: str) -> dict:
    """The description of one resource in the package at ``root``."""
    resources = read_resources(root)
    if name not in resources:
        raise DataError(
            _("{path}: no resource named {name!r}").format(path=root / PACKAGE_FILE, name=name)
        )
    return resources[name]


def load_corpus(data_dir: str | os.PathLike[str] | None = None) -> Corpus:
    """Load and check the sources, their texts and every table in the data package."""
    root = find_data_dir(data_dir)
    resources = read_resources(root)
    if "sources" not in resources:
        raise DataError(
            _("{path}: no resource named {name!r}").format(path=root / PACKAGE_FILE, name="sources")
        )
    tables = {name: read_table(root, spec) for name, spec in resources.items()}
    check_list_references(root, resources, tables)
    sources = tables["sources"].set_index("source_id", drop=False)
    texts = {row.source_id: read_source_text(root, row) for row in sources.itertuples()}
    for name, spec in resources.items():
        check_quotes(root / spec["path"], tables[name], spec, texts)
    return Corpus(data_dir=root, sources=sources, texts=texts, tables=tables)


def read_table(root: Path, spec: Mapping) -> pd.DataFrame:
    """Read one CSV resource and check it against its schema; returns typed columns."""
    path = root / spec["path"]
    require_file(
        path, _("resource {name!r} in {package}").format(name=spec["name"], package=PACKAGE_FILE)
    )
    return localise_table(table_from_text(path, read_text(path).removeprefix("\ufeff"), spec), spec)


def read_source_text(root: Path, row) -> str:
    """The text of one source, after checking it exists, is UTF-8, is not empty and is unchanged."""
    where = _("{table}, source_id {source_id!r}").format(
        table=root / "sources.csv", source_id=row.source_id
    )
    path = root / row.file
    require_file(path, _("{where}, field {field!r}").format(where=where, field="file"))
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != row.sha256:
        raise DataError(
            _(
                "{path}: checksum mismatch: the file's sha256 is {digest} but {where}, "
                "field 'sha256' says {recorded}. If you changed the text on purpose, update sha256."
            ).format(path=path, digest=digest, where=where, recorded=row.sha256)
        )
    text = decode_utf8(raw, path)
    if not text.strip():
        raise DataError(_("{path}: empty text ({where})").format(path=path, where=where))
    return text


def sha256_of(path: str | os.PathLike[str]) -> str:
    """The checksum that ``sources.csv`` records for a text file."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def require_file(path: Path, where: str) -> None:
    """Refuse anything but a readable regular file, saying what is there instead."""
    if not path.is_file():
        raise DataError(
            _("{path}: {problem} ({where})").format(
                path=path, problem=_why_unreadable(path, "file"), where=where
            )
        )


def read_text(path: Path) -> str:
    """A file's text, checked to be UTF-8 without NUL bytes."""
    return decode_utf8(path.read_bytes(), path)


def decode_utf8(raw: bytes, path: Path) -> str:
    """``raw`` as text, or one DataError giving the line of the first undecodable or NUL byte."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataError(
            _(
                "{path}: line {line}: not UTF-8 text (byte {byte:#04x} at offset {offset}); "
                "save the file as UTF-8"
            ).format(path=path, line=line, byte=raw[error.start], offset=error.start)
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise DataError(
            _(
                "{path}: line {line}: a NUL byte (character 0), which a text file never holds; "
                "is it a binary file, or saved as UTF-16?"
            ).format(path=path, line=line)
        )
    return text


def _why_unreadable(path: Path, expected: str) -> str:
    """What stands at ``path`` instead of the expected file or folder, in a few words."""
    try:
        path.stat()
    except OSError as error:
        if error.errno == errno.ELOOP:
            return _("a symbolic link that loops back on itself")
        if path.is_symlink():
            return _("a symbolic link to {target!r}, which does not exist").format(
                target=os.readlink(path)
            )
        return _("file not found") if expected == "file" else _("folder not found")
    if expected == "file" and path.is_dir():
        return _("a folder, where a file was expected")
    if expected == "folder":
        return _("a file, where a folder was expected")
    return _("not a regular file")
