"""Add a teacher's article to a copy of the course data, checking everything before writing.

``copy_data(target)`` makes the copy; ``add_source(copy, "my-id", "article.txt", outlet=...,
language="id")`` checks the text file (a plain UTF-8 text, not an HTML page, a PDF, a Word
file or UTF-16) and every metadata field against ``datapackage.json``, then writes the text
and its ``sources.csv`` row together, or neither. The course's own ``data/`` is never changed.
Both are written with ``write_atomic``, which the tools use too (make execute, the translation
workflow).
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import shutil
import tempfile
import warnings
from collections.abc import Mapping
from pathlib import Path

from helpers.data import (
    COURSE_DATA_DIR,
    decode_utf8,
    find_data_dir,
    read_table,
    require_file,
    resource,
)
from helpers.i18n import _
from helpers.schema import DataError, check_cell, table_from_text

__all__ = ["add_source", "copy_data", "write_atomic"]

# Words that make up a large share of any Indonesian news text and are rare in other languages.
_INDONESIAN_WORDS = frozenset(
    {"yang", "dan", "di", "ke", "dari", "dengan", "untuk", "pada", "ini", "itu", "dalam", "tidak",
     "akan", "juga", "adalah", "oleh", "atau", "karena", "telah", "sudah", "bahwa", "para",
     "serta", "tersebut", "mereka", "kami", "kita", "saat", "antara", "bagi", "sebagai", "kata",
     "ujar", "menurut"}
)  # fmt: skip


def copy_data(
    target: str | os.PathLike[str], *, source: str | os.PathLike[str] | None = None
) -> Path:
    """Copy the course's ``data/`` (or ``source``) to ``target``, for ``add_source`` to change.

    Rerunning is safe: a ``target`` that already holds a data package is kept as it is, with any
    articles already added to it.
    """
    target = Path(target)
    if (target / "datapackage.json").is_file():
        return target
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise DataError(
            _(
                "{target}: already exists and is not a copy of the course data; choose a new folder"
            ).format(target=target)
        )
    shutil.copytree(find_data_dir(source or COURSE_DATA_DIR), target, dirs_exist_ok=True)
    return target


def add_source(
    data_dir: str | os.PathLike[str] | None,
    source_id: str,
    text_file: str | os.PathLike[str],
    *,
    outlet: str,
    language: str,
    **metadata: str,
) -> Path:
    """Copy one article into ``data_dir/sources`` and add its row to ``sources.csv``.

    Every input is checked before anything is written: the text file (plain UTF-8; a UTF-8 BOM
    is dropped from the stored copy), ``source_id`` and every metadata field against the
    sources schema (``published='2023-07-11'``, ``url`` an http(s) address ...). Both files are
    then written atomically, or neither. Rerunning with the same ``source_id`` replaces that
    source's earlier copy (with a warning when its text or metadata changed); the two course
    articles cannot be replaced. A text that does not look Indonesian is added with a warning
    saying what still works. Returns the path of the stored text.
    """
    root = _copy_dir(data_dir)
    spec = resource(root, "sources")
    columns = [field["name"] for field in spec["schema"]["fields"]]
    automatic = {"source_id", "file", "sha256"}
    unknown = sorted(set(metadata) - (set(columns) - automatic))
    if unknown:
        raise TypeError(
            _(
                "add_source() got unknown metadata field(s): {unknown}; the fields of "
                "sources.csv are: {fields}"
            ).format(
                unknown=", ".join(unknown),
                fields=", ".join(c for c in columns if c not in automatic),
            )
        )
    if not isinstance(source_id, str) or not re.fullmatch(r"[a-z][a-z0-9-]*", source_id):
        raise DataError(
            _(
                "add_source(): source_id {source_id!r}: use lower-case letters a-z, digits and "
                "'-', starting with a letter, e.g. 'kompas' or 'antara-2'"
            ).format(source_id=source_id)
        )
    text, raw = _read_article(Path(text_file))
    row = dict.fromkeys(columns, "")
    row.update(
        metadata,
        source_id=source_id,
        file=f"sources/{source_id}.txt",
        outlet=outlet,
        language=language,
        sha256=hashlib.sha256(raw).hexdigest(),
    )
    for field in spec["schema"]["fields"]:
        value = row[field["name"]]
        where = _("add_source(): argument {name!r}").format(name=field["name"])
        if not isinstance(value, str):
            raise TypeError(
                _("{where} must be a text in quotes, got {value!r}").format(
                    where=where, value=value
                )
            )
        if "\n" in value or "\r" in value:
            raise DataError(
                _("{where}: {value!r} has a line break; keep it on one line").format(
                    where=where, value=value
                )
            )
        check_cell(where, value, field)
        if "x-list-of" in field and value:
            _check_ids(root, where, value.split(), field["x-list-of"])
    table = root / spec["path"]
    old_table = decode_utf8(table.read_bytes(), table)
    new_table, replaced = _with_row(old_table, columns, row)
    table_from_text(table, new_table.removeprefix("\ufeff"), spec)  # the result must load
    target = root / row["file"]
    if not os.access(table, os.W_OK):
        raise DataError(
            _("{table}: read-only, so nothing was added; make it writable").format(table=table)
        )
    if replaced is None and os.path.lexists(target):
        raise DataError(
            _(
                "{target}: already exists, but no row of {table} has source_id {source_id!r}; "
                "move that file away or choose another source_id"
            ).format(target=target, table=table.name, source_id=source_id)
        )
    if replaced is not None:
        _refuse_course_article(source_id)
        if replaced != row or (target.is_file() and target.read_bytes() != raw):
            warnings.warn(
                _(
                    "source {source_id!r} was already in {table}; its earlier copy is replaced"
                ).format(source_id=source_id, table=table),
                stacklevel=2,
            )
    if not _looks_indonesian(text):
        warnings.warn(
            _(
                "{file}: this text does not look Indonesian (few of the commonest Indonesian "
                "words such as 'yang', 'dan', 'di'). It is added, and loading, side_by_side and "
                "sentence alignment still work; cleaning, number words, dates and fact extraction "
                "are written for Indonesian news and may miss or garble things."
            ).format(file=text_file),
            stacklevel=2,
        )
    _write_both(target, raw, table, new_table.encode("utf-8"))
    return target


def _read_article(path: Path) -> tuple[str, bytes]:
    """The article's text and the bytes to store, or one DataError saying how to fix the file."""
    require_file(path, _("argument {name!r}").format(name="text_file"))
    raw = path.read_bytes()
    kind = _binary_kind(raw)
    if kind:
        raise DataError(
            _(
                "{path}: {kind}, not a plain text; copy the article's text into a .txt file "
                "saved as UTF-8"
            ).format(path=path, kind=kind)
        )
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    text = decode_utf8(raw, path)
    if not text.strip():
        raise DataError(
            _("{path}: empty text ({where})").format(
                path=path, where=_("argument {name!r}").format(name="text_file")
            )
        )
    if _looks_like_html(text):
        raise DataError(
            _(
                "{path}: an HTML web page, not the article's text; copy the article's text into "
                "a .txt file saved as UTF-8"
            ).format(path=path)
        )
    return text, raw


def _copy_dir(data_dir: str | os.PathLike[str] | None) -> Path:
    if data_dir is None:
        raise DataError(
            _(
                "add_source(None, ...): no folder given. add_source only writes to a copy of "
                "the data: make one with helpers.copy_data('my-data') and pass that folder"
            )
        )
    root = find_data_dir(data_dir)
    if root.resolve() == COURSE_DATA_DIR.resolve():
        raise DataError(
            _(
                "{root}: this is the course's own data/. add_source only writes to a copy of "
                "the data: make one with helpers.copy_data('my-data') and pass that folder"
            ).format(root=root)
        )
    return root


def _check_ids(root: Path, where: str, ids: list[str], target: str) -> None:
    table, column = target.partition(".")[::2]
    spec = resource(root, table)
    known = set(read_table(root, spec)[column].astype(str))
    for value in ids:
        if value not in known:
            raise DataError(
                _("{where}: {value!r} is not a {column} in {table}").format(
                    where=where, value=value, column=column, table=spec["path"]
                )
            )


def _refuse_course_article(source_id: str) -> None:
    course = (COURSE_DATA_DIR / "sources.csv").read_text(encoding="utf-8")
    if source_id in {row["source_id"] for row in csv.DictReader(io.StringIO(course))}:
        raise DataError(
            _(
                "add_source(): source_id {source_id!r} is one of the course's own articles, which "
                "other tables quote; choose another id for your article"
            ).format(source_id=source_id)
        )


def _with_row(table: str, columns: list[str], row: Mapping[str, str]) -> tuple[str, dict | None]:
    """The table's text with ``row`` appended, or replacing the row with the same id.

    Rows are one per line (the loader refuses line breaks in cells), so every other line is
    kept byte for byte; a missing final newline is added before the new row.
    """
    lines = table.splitlines(keepends=True)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([row[c] for c in columns])
    kept, replaced = [], None
    id_column = columns.index("source_id")
    for number, line in enumerate(lines):
        cells = next(csv.reader([line]), [])
        if number and len(cells) == len(columns) and cells[id_column] == row["source_id"]:
            replaced = dict(zip(columns, cells, strict=True))
            continue
        kept.append(line if line.endswith("\n") else line + "\n")
    return "".join(kept) + buffer.getvalue(), replaced


def _write_both(text_path: Path, text: bytes, table_path: Path, table: bytes) -> None:
    """Write the text, then the table; if the table cannot be written, restore the text."""
    previous = text_path.read_bytes() if text_path.is_file() else None
    write_atomic(text_path, text)
    try:
        write_atomic(table_path, table)
    except BaseException:
        if previous is None:
            text_path.unlink(missing_ok=True)
        else:
            write_atomic(text_path, previous)
        raise


def write_atomic(path: Path, data: str | bytes) -> None:
    """Replace ``path`` with ``data`` (text as UTF-8) in one step, keeping its permissions: a
    killed run or a full disk leaves the old file whole (temporary file beside it, renamed)."""
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data.encode("utf-8") if isinstance(data, str) else data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _binary_kind(raw: bytes) -> str:
    """What kind of non-text file ``raw`` is, from its first bytes; empty if it may be text."""
    head = raw[:1024]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (
        len(head) >= 8 and head.count(b"\x00") * 3 >= len(head)
    ):
        return _("UTF-16 text (save it again as UTF-8)")
    signatures = {
        b"%PDF-": _("a PDF file"),
        b"PK\x03\x04": _("a zipped document (a Word .docx or similar)"),
        b"{\\rtf": _("an RTF document"),
        b"\xd0\xcf\x11\xe0": _("an old Word .doc document"),
    }
    return next((kind for magic, kind in signatures.items() if head.startswith(magic)), "")


_HTML_TAG = re.compile(r"<(!doctype\s+html|html|head|body|div|p|span|script|meta|a|br)\b", re.I)


def _looks_like_html(text: str) -> bool:
    start = text[:4096]
    return (
        start.lstrip().lower().startswith(("<!doctype", "<html"))
        or len(_HTML_TAG.findall(start)) >= 3
    )


def _looks_indonesian(text: str) -> bool:
    # TODO(lead): helpers.text's language_warning() is written in parallel; keep one of the two.
    words = re.findall(r"[^\W\d_]+", text.casefold())
    if len(words) < 20:
        return True  # too short to judge; a wrong warning is worse than none
    common = sum(word in _INDONESIAN_WORDS for word in words)
    return common >= 0.04 * len(words)
