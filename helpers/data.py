"""Find, load and validate the course data: the news texts and the knowledge tables.

Every table in ``data/`` is described in ``data/datapackage.json`` (Frictionless Table Schema).
This module reads that description and checks each table against it, so a mistake in the data
stops with one :class:`DataError` that names the file, the line and the field, instead of a
pandas traceback several screens deep. Nothing is dropped or coerced silently: every cell is read
as text first and converted only after it has been checked.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

DATA_ENV_VAR = "ITPP_DATA_DIR"
PACKAGE_FILE = "datapackage.json"


class DataError(ValueError):
    """A data file is missing or wrong; the message names the file, line and field."""

    def _render_traceback_(self) -> list[str]:
        # IPython calls this instead of printing a full traceback: learners see one clear line.
        return [f"DataError: {self}"]


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
            raise TypeError(f"source_id must be a str, got {type(source_id).__name__}")
        if source_id not in self.texts:
            raise KeyError(f"unknown source_id {source_id!r}; known: {', '.join(self.texts)}")
        return self.texts[source_id]

    def table(self, name: str) -> pd.DataFrame:
        """One knowledge table by its resource name in ``datapackage.json``."""
        if name not in self.tables:
            raise KeyError(f"unknown table {name!r}; known: {', '.join(self.tables)}")
        return self.tables[name]


def find_data_dir(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """Locate ``data/`` from any working directory.

    Order: the argument, then the ``ITPP_DATA_DIR`` environment variable, then the ``data/``
    folder beside this package (which is where it is in a clone or an editable install).
    """
    candidate = data_dir or os.environ.get(DATA_ENV_VAR)
    path = Path(candidate) if candidate else Path(__file__).resolve().parent.parent / "data"
    if not (path / PACKAGE_FILE).is_file():
        raise DataError(f"{path / PACKAGE_FILE}: file not found (is {path} the course's data/?)")
    return path


def read_package(data_dir: str | os.PathLike[str] | None = None) -> dict:
    """The parsed ``datapackage.json``."""
    path = find_data_dir(data_dir) / PACKAGE_FILE
    try:
        return json.loads(_read_utf8(path))
    except json.JSONDecodeError as error:
        raise DataError(f"{path}: line {error.lineno}: invalid JSON ({error.msg})") from None


def load_corpus(data_dir: str | os.PathLike[str] | None = None) -> Corpus:
    """Load and check the sources, their texts and every table in the data package."""
    root = find_data_dir(data_dir)
    package = read_package(root)
    resources = {resource["name"]: resource for resource in package["resources"]}
    if "sources" not in resources:
        raise DataError(f"{root / PACKAGE_FILE}: no resource named 'sources'")
    tables = {name: read_table(root, resource) for name, resource in resources.items()}
    check_list_references(root, resources, tables)
    sources = tables["sources"].set_index("source_id", drop=False)
    texts = {row.source_id: read_source_text(root, row) for row in sources.itertuples()}
    for name, resource in resources.items():
        check_quotes(root / resource["path"], tables[name], resource, texts)
    return Corpus(data_dir=root, sources=sources, texts=texts, tables=tables)


def read_source_text(root: Path, row) -> str:
    """The text of one source, after checking it exists, is UTF-8, is not empty and is unchanged."""
    where = f"{root / 'sources.csv'}, source_id {row.source_id!r}"
    path = root / row.file
    if not path.is_file():
        raise DataError(f"{path}: file not found ({where}, field 'file')")
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != row.sha256:
        raise DataError(
            f"{path}: checksum mismatch: the file's sha256 is {digest} but {where}, "
            f"field 'sha256' says {row.sha256}. If you changed the text on purpose, update sha256."
        )
    text = _decode_utf8(raw, path)
    if not text.strip():
        raise DataError(f"{path}: empty text ({where})")
    return text


def read_table(root: Path, resource: Mapping) -> pd.DataFrame:
    """Read one CSV resource and check it against its schema; returns typed columns."""
    path = root / resource["path"]
    if not path.is_file():
        raise DataError(f"{path}: file not found (resource {resource['name']!r} in {PACKAGE_FILE})")
    text = _read_utf8(path)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        raise DataError(f"{path}: empty file, expected a header line")
    header, body = rows[0], rows[1:]
    fields = resource["schema"]["fields"]
    expected = [f["name"] for f in fields]
    _check_header(path, header, expected)
    for number, cells in enumerate(body, start=2):
        if len(cells) != len(header):
            raise DataError(
                f"{path}: line {number}: {len(cells)} cells, expected {len(header)} "
                f"(a missing or extra comma or quote?)"
            )
    frame = pd.DataFrame(body, columns=header, dtype=str)
    for spec in fields:
        frame[spec["name"]] = _check_column(path, frame, spec)
    _check_keys(path, frame, resource["schema"])
    return frame


def check_list_references(
    root: Path, resources: Mapping[str, Mapping], tables: Mapping[str, pd.DataFrame]
) -> None:
    """Check foreign keys, including the space-separated id lists marked ``x-list-of``."""
    for name, resource in resources.items():
        schema = resource["schema"]
        links = [
            (spec["name"], spec["x-list-of"], True)
            for spec in schema["fields"]
            if "x-list-of" in spec
        ]
        for key in schema.get("foreignKeys", []):
            target = key["reference"]
            links.append((key["fields"], f"{target['resource']}.{target['fields']}", False))
        for column, target, is_list in links:
            target_table, target_field = target.split(".")
            if target_table not in tables:
                raise DataError(
                    f"{root / resource['path']}: field {column!r} points at {target_table!r}, "
                    f"which is not a resource in {PACKAGE_FILE}"
                )
            known = set(tables[target_table][target_field].astype(str))
            for number, cell in enumerate(tables[name][column], start=2):
                values = str(cell).split() if is_list else ([] if cell in ("", None) else [cell])
                for value in values:
                    if str(value) not in known:
                        raise DataError(
                            f"{root / resource['path']}: line {number}, field {column!r}: "
                            f"{value!r} is not a {target_field} in "
                            f"{resources[target_table]['path']}"
                        )


def check_quotes(
    path: Path, frame: pd.DataFrame, resource: Mapping, texts: Mapping[str, str]
) -> None:
    """Check that every quote stands verbatim at its offsets in its source's raw text.

    A resource opts in with ``"x-quotes"``: a list of ``{"quote", "source", "start", "end"}``
    column names. Offsets are Python string indices into the raw text, end exclusive, so
    ``text[start:end] == quote``. A row with an empty quote must have empty offsets too.
    """
    for spec in resource.get("x-quotes", []):
        columns = [spec["quote"], spec["source"], spec["start"], spec["end"]]
        for number, (quote, source_id, start, end) in enumerate(
            frame[columns].itertuples(index=False), start=2
        ):
            where = f"{path}: line {number}, field {spec['quote']!r}"
            if not quote:
                if pd.notna(start) or pd.notna(end):
                    raise DataError(f"{where}: offsets given but the quote is empty")
                continue
            if source_id not in texts:
                raise DataError(
                    f"{path}: line {number}, field {spec['source']!r}: "
                    f"{source_id!r} is not a source_id in sources.csv"
                )
            if pd.isna(start) or pd.isna(end):
                raise DataError(
                    f"{where}: a quote needs both {spec['start']!r} and {spec['end']!r}"
                )
            found = texts[source_id][int(start) : int(end)]
            if found != quote:
                elsewhere = texts[source_id].find(quote)
                hint = (
                    f"; the quote occurs at {elsewhere}..{elsewhere + len(quote)}"
                    if elsewhere >= 0
                    else "; the quote does not occur in the text at all"
                )
                raise DataError(
                    f"{where}: not verbatim at {start}..{end} of {source_id!r}: "
                    f"the text there is {found!r}{hint}"
                )


def sha256_of(path: str | os.PathLike[str]) -> str:
    """The checksum that ``sources.csv`` records for a text file."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _check_header(path: Path, header: list[str], expected: list[str]) -> None:
    unknown = [name for name in header if name not in expected]
    missing = [name for name in expected if name not in header]
    duplicated = sorted({name for name in header if header.count(name) > 1})
    problems = []
    if missing:
        problems.append(f"missing column(s) {', '.join(map(repr, missing))}")
    if unknown:
        problems.append(f"unknown column(s) {', '.join(map(repr, unknown))}")
    if duplicated:
        problems.append(f"duplicated column(s) {', '.join(map(repr, duplicated))}")
    if problems:
        raise DataError(
            f"{path}: line 1 (header): {'; '.join(problems)}. "
            f"Expected, as described in {PACKAGE_FILE}: {', '.join(expected)}"
        )


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _check_column(path: Path, frame: pd.DataFrame, spec: Mapping) -> pd.Series:
    name, kind = spec["name"], spec.get("type", "string")
    constraints = spec.get("constraints", {})
    pattern = re.compile(constraints["pattern"]) if "pattern" in constraints else None
    values = []
    for number, cell in enumerate(frame[name], start=2):
        where = f"{path}: line {number}, field {name!r}"
        if cell == "":
            if constraints.get("required"):
                raise DataError(f"{where}: empty, but a value is required")
            values.append(None)
            continue
        if cell != cell.strip():
            raise DataError(f"{where}: {cell!r} has spaces at its start or end")
        if pattern and not pattern.fullmatch(cell):
            raise DataError(f"{where}: {cell!r} does not match the pattern {pattern.pattern!r}")
        if "enum" in constraints and cell not in constraints["enum"]:
            allowed = ", ".join(constraints["enum"])
            raise DataError(f"{where}: {cell!r} is not one of: {allowed}")
        values.append(_convert(where, cell, kind, constraints))
    series = pd.Series(values, index=frame.index, name=name, dtype=object)
    if kind == "integer" and series.notna().all():
        return series.astype("int64")
    if kind == "string":
        return series.fillna("").astype(str)
    return series


def _convert(where: str, cell: str, kind: str, constraints: Mapping):
    if kind == "string":
        return cell
    if kind == "date":
        try:
            if not _DATE.fullmatch(cell):
                raise ValueError
            return date.fromisoformat(cell)
        except ValueError:
            raise DataError(f"{where}: {cell!r} is not a date (expected YYYY-MM-DD)") from None
    if kind in ("integer", "number"):
        try:
            value = int(cell) if kind == "integer" else float(cell)
        except ValueError:
            raise DataError(
                f"{where}: {cell!r} is not {'an integer' if kind == 'integer' else 'a number'}"
            ) from None
        if "minimum" in constraints and value < constraints["minimum"]:
            raise DataError(f"{where}: {value} is below the minimum {constraints['minimum']}")
        if "maximum" in constraints and value > constraints["maximum"]:
            raise DataError(f"{where}: {value} is above the maximum {constraints['maximum']}")
        return value
    if kind == "boolean":
        if cell not in ("true", "false"):
            raise DataError(f"{where}: {cell!r} is not a boolean (expected true or false)")
        return cell == "true"
    raise DataError(f"{where}: the schema uses type {kind!r}, which this loader does not know")


def _check_keys(path: Path, frame: pd.DataFrame, schema: Mapping) -> None:
    unique_sets: list[list[str]] = [
        [spec["name"]] for spec in schema["fields"] if spec.get("constraints", {}).get("unique")
    ]
    primary = schema.get("primaryKey")
    if primary:
        unique_sets.append([primary] if isinstance(primary, str) else list(primary))
    for columns in unique_sets:
        seen: dict[tuple, int] = {}
        for number, key in enumerate(frame[columns].astype(str).itertuples(index=False), start=2):
            key = tuple(key)
            if key in seen:
                shown = ", ".join(f"{c}={v!r}" for c, v in zip(columns, key, strict=True))
                raise DataError(
                    f"{path}: line {number}, field {', '.join(map(repr, columns))}: duplicate id "
                    f"({shown} already on line {seen[key]})"
                )
            seen[key] = number


def _read_utf8(path: Path) -> str:
    return _decode_utf8(path.read_bytes(), path)


def _decode_utf8(raw: bytes, path: Path) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataError(
            f"{path}: line {line}: not UTF-8 text (byte {raw[error.start]:#04x} at offset "
            f"{error.start}); save the file as UTF-8"
        ) from None
    return text.removeprefix("\ufeff") if path.suffix == ".csv" else text


def ids(cell: str | float | None) -> list[str]:
    """Split a space-separated id list cell (``'K1 K2'``) into ids."""
    return str(cell).split() if isinstance(cell, str) else []


def add_source(
    data_dir: str | os.PathLike[str],
    source_id: str,
    text_file: str | os.PathLike[str],
    *,
    outlet: str,
    language: str,
    **metadata: str,
) -> Path:
    """Copy one UTF-8 article into ``data_dir/sources`` and append its row to ``sources.csv``.

    Used by notebook 06 and the tests to bring a new article into a *copy* of the data. The text
    is checked (UTF-8, not empty) before anything is written; the checksum is computed for you.
    """
    root = find_data_dir(data_dir)
    columns = [spec["name"] for spec in _resource(root, "sources")["schema"]["fields"]]
    unknown = sorted(set(metadata) - set(columns))
    if unknown:
        raise TypeError(f"add_source() got unknown metadata field(s): {', '.join(unknown)}")
    source = Path(text_file)
    if not source.is_file():
        raise DataError(f"{source}: file not found (argument 'text_file')")
    raw = source.read_bytes()
    if not _decode_utf8(raw, source).strip():
        raise DataError(f"{source}: empty text (argument 'text_file')")
    if not re.fullmatch(r"[a-z][a-z0-9-]*", source_id or ""):
        raise ValueError(f"source_id must be lower-case letters, digits and '-', got {source_id!r}")
    existing = pd.read_csv(root / "sources.csv", dtype=str, keep_default_na=False)
    if source_id in set(existing["source_id"]):
        raise DataError(f"{root / 'sources.csv'}: duplicate id: source_id {source_id!r} exists")
    target = root / "sources" / f"{source_id}.txt"
    target.write_bytes(raw)
    row = dict.fromkeys(columns, "")
    row.update(
        metadata,
        source_id=source_id,
        file=f"sources/{source_id}.txt",
        outlet=outlet,
        language=language,
        sha256=hashlib.sha256(raw).hexdigest(),
    )
    with open(root / "sources.csv", "a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow([row[c] for c in columns])
    return target


def _resource(root: Path, name: str) -> Mapping:
    for resource in read_package(root)["resources"]:
        if resource["name"] == name:
            return resource
    raise DataError(f"{root / PACKAGE_FILE}: no resource named {name!r}")
