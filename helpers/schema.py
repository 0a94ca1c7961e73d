"""Check tables against their Frictionless Table Schema, so bad data stops with one clear message.

``data/datapackage.json`` describes every table: its fields, their types and constraints, keys
and links. This module checks the package's own structure and then each table, cell by cell, as
text first: a mistake stops with one :class:`DataError` naming the file, the line and the field,
and nothing is dropped or coerced silently. Only the parts of Table Schema the course uses are
implemented (string, integer, number, date and boolean; ``required``, ``unique``, ``pattern``,
``enum``, ``minimum``, ``maximum``; ``format: uri``; primary and foreign keys), plus the course's
own ``x-list-of`` (space-separated ids) and ``x-quotes`` (verbatim quotes at offsets).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import pandas as pd

from helpers.i18n import _
from helpers.markup import is_web_url

__all__ = [
    "DataError",
    "check_cell",
    "check_list_references",
    "check_package",
    "check_quotes",
    "table_from_text",
]

PACKAGE_FILE = "datapackage.json"
# Table Schema types and the one format the course uses; anything else is refused, not ignored.
KNOWN_TYPES = ("string", "integer", "number", "date", "boolean")
# ASCII digits only: Python's int() and float() also accept '1_1', '١١' and 'nan'.
_INTEGER = re.compile(r"-?[0-9]+")
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# The csv module's default limit; checked here too, since other libraries raise the global one.
MAX_CELL = 131_072


class DataError(ValueError):
    """A data file is missing or wrong; the message names the file, line and field."""

    def _render_traceback_(self) -> list[str]:
        # IPython calls this instead of printing a full traceback: learners see one clear line.
        return [f"DataError: {self}"]


def _too_long(path: Path, line: int) -> DataError:
    return DataError(
        _(
            "{path}: line {line}: a cell longer than {limit} characters "
            "(is a closing quotation mark missing?)"
        ).format(path=path, line=line, limit=f"{MAX_CELL:,}")
    )


def check_package(package: object, path: Path) -> dict[str, dict]:
    """The package's resources by name, after checking the structure this loader relies on.

    A hand-edited ``datapackage.json`` missing ``resources``, a ``schema`` or a field's ``name``
    would otherwise surface as a ``KeyError`` far from its cause.
    """
    if not isinstance(package, dict) or not isinstance(package.get("resources"), list):
        raise DataError(f"{path}: no 'resources' list at the top level")
    resources: dict[str, dict] = {}
    for number, resource in enumerate(package["resources"], start=1):
        where = f"{path}: resource {number}"
        if not isinstance(resource, dict):
            raise DataError(f"{where}: expected an object with 'name', 'path' and 'schema'")
        for key in ("name", "path"):
            if not isinstance(resource.get(key), str) or not resource[key]:
                raise DataError(f"{where}: no {key!r} (a non-empty text)")
        where = f"{path}: resource {resource['name']!r}"
        if resource["name"] in resources:
            raise DataError(f"{where}: the name is used by two resources")
        relative = Path(resource["path"])
        if relative.is_absolute() or ".." in relative.parts:
            raise DataError(f"{where}: path {resource['path']!r} must stay inside data/")
        schema = resource.get("schema")
        if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
            raise DataError(f"{where}: no 'schema' with a 'fields' list")
        for spec in schema["fields"]:
            if not isinstance(spec, dict) or not isinstance(spec.get("name"), str):
                raise DataError(f"{where}: every field in 'schema' needs a 'name'")
            if spec.get("type", "string") not in KNOWN_TYPES:
                raise DataError(
                    f"{where}, field {spec['name']!r}: type {spec['type']!r} is not one this "
                    f"loader knows ({', '.join(KNOWN_TYPES)})"
                )
        names = {spec["name"] for spec in schema["fields"]}
        primary = schema.get("primaryKey") or []
        for key in [primary] if isinstance(primary, str) else primary:
            if key not in names:
                raise DataError(f"{where}: primaryKey {key!r} is not one of its fields")
        for spec in resource.get("x-quotes", []):
            missing = [spec.get(k) for k in ("quote", "source", "start", "end")]
            if not all(isinstance(c, str) and c in names for c in missing):
                raise DataError(
                    f"{where}: each 'x-quotes' entry names four of its fields: quote, source, "
                    f"start, end"
                )
        resources[resource["name"]] = resource
    return resources


def table_from_text(path: Path, text: str, resource: Mapping) -> pd.DataFrame:
    """Parse one CSV text and check it against its schema; returns typed columns."""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[list[str]] = []
    while True:
        line = reader.line_num + 1  # where the next row starts
        try:
            rows.append(next(reader))
        except StopIteration:
            break
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                raise _too_long(path, line) from None
            raise DataError(
                _("{path}: line {line}: not valid CSV ({error})").format(
                    path=path, line=line, error=error
                )
            ) from None
        if any(len(cell) > MAX_CELL for cell in rows[-1]):
            raise _too_long(path, line)
    if not rows:
        raise DataError(_("{path}: empty file, expected a header line").format(path=path))
    header, body = rows[0], rows[1:]
    fields = resource["schema"]["fields"]
    _check_header(path, header, [spec["name"] for spec in fields])
    for number, cells in enumerate(body, start=2):
        if len(cells) != len(header):
            raise DataError(
                _(
                    "{path}: line {line}: {cells} cells, expected {expected} "
                    "(a missing or extra comma or quote?)"
                ).format(path=path, line=number, cells=len(cells), expected=len(header))
            )
        for name, cell in zip(header, cells, strict=True):
            if "\n" in cell or "\r" in cell:
                raise DataError(
                    _(
                        "{path}: line {line}, field {field!r}: a line break inside a cell; "
                        "the course's tables keep every row on one line"
                    ).format(path=path, line=number, field=name)
                )
    frame = pd.DataFrame(body, columns=header, dtype=str)
    for spec in fields:
        frame[spec["name"]] = _check_column(path, frame, spec)
    _check_keys(path, frame, resource["schema"])
    return frame


def check_cell(where: str, cell: str, spec: Mapping):
    """One cell checked against its field's constraints and converted to its type.

    ``where`` starts the message ("data/x.csv: line 3, field 'date'", or an argument name).
    An empty cell is ``None`` unless the field is required.
    """
    kind = spec.get("type", "string")
    constraints = spec.get("constraints", {})
    if cell == "":
        if constraints.get("required"):
            raise DataError(_("{where}: empty, but a value is required").format(where=where))
        return None
    if cell != cell.strip():
        raise DataError(
            _("{where}: {cell!r} has spaces at its start or end").format(where=where, cell=cell)
        )
    pattern = constraints.get("pattern")
    if pattern and not re.fullmatch(pattern, cell, flags=re.ASCII):
        raise DataError(
            _("{where}: {cell!r} does not match the pattern {pattern!r}").format(
                where=where, cell=cell, pattern=pattern
            )
        )
    if "enum" in constraints and cell not in constraints["enum"]:
        raise DataError(
            _("{where}: {cell!r} is not one of: {choices}").format(
                where=where, cell=cell, choices=", ".join(constraints["enum"])
            )
        )
    if spec.get("format") == "uri" and not is_web_url(cell):
        raise DataError(
            _(
                "{where}: {cell!r} is not a web address (expected an absolute http:// or "
                "https:// URL; leave the cell empty when it is not known)"
            ).format(where=where, cell=cell)
        )
    return _convert(where, cell, kind, constraints)


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
            target = key.get("reference", {})
            pointed = f"{target.get('resource')}.{target.get('fields')}"
            links.append((key.get("fields"), pointed, False))
        for column, target, is_list in links:
            target_table, target_field = str(target).partition(".")[::2]
            if target_table not in tables or target_field not in tables[target_table]:
                raise DataError(
                    f"{root / resource['path']}: field {column!r} points at {target!r}, which is "
                    f"not a field of a resource in {PACKAGE_FILE}"
                )
            if column not in tables[name]:
                raise DataError(
                    f"{root / PACKAGE_FILE}: resource {name!r} links field {column!r}, which it "
                    f"does not have"
                )
            known = set(tables[target_table][target_field].astype(str))
            for number, cell in enumerate(tables[name][column], start=2):
                values = str(cell).split() if is_list else ([] if cell in ("", None) else [cell])
                for value in values:
                    if str(value) not in known:
                        raise DataError(
                            _(
                                "{path}: line {line}, field {field!r}: {value!r} is not a "
                                "{target} in {table}"
                            ).format(
                                path=root / resource["path"],
                                line=number,
                                field=column,
                                value=value,
                                target=target_field,
                                table=resources[target_table]["path"],
                            )
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
            where = _("{path}: line {line}, field {field!r}").format(
                path=path, line=number, field=spec["quote"]
            )
            if not quote:
                if pd.notna(start) or pd.notna(end):
                    raise DataError(
                        _("{where}: offsets given but the quote is empty").format(where=where)
                    )
                continue
            if source_id not in texts:
                raise DataError(
                    _(
                        "{path}: line {line}, field {field!r}: {source_id!r} is not a source_id "
                        "in sources.csv"
                    ).format(path=path, line=number, field=spec["source"], source_id=source_id)
                )
            if pd.isna(start) or pd.isna(end):
                raise DataError(
                    _("{where}: a quote needs both {start!r} and {end!r}").format(
                        where=where, start=spec["start"], end=spec["end"]
                    )
                )
            found = texts[source_id][int(start) : int(end)]
            if found != quote:
                elsewhere = texts[source_id].find(quote)
                hint = (
                    _("the quote occurs at {start}..{end}").format(
                        start=elsewhere, end=elsewhere + len(quote)
                    )
                    if elsewhere >= 0
                    else _("the quote does not occur in the text at all")
                )
                raise DataError(
                    _(
                        "{where}: not verbatim at {start}..{end} of {source_id!r}: "
                        "the text there is {found!r}; {hint}"
                    ).format(
                        where=where,
                        start=start,
                        end=end,
                        source_id=source_id,
                        found=found,
                        hint=hint,
                    )
                )


def _check_header(path: Path, header: list[str], expected: list[str]) -> None:
    unknown = [name for name in header if name not in expected]
    missing = [name for name in expected if name not in header]
    duplicated = sorted({name for name in header if header.count(name) > 1})
    problems = []
    if missing:
        problems.append(
            _("missing column(s) {columns}").format(columns=", ".join(map(repr, missing)))
        )
    if unknown:
        problems.append(
            _("unknown column(s) {columns}").format(columns=", ".join(map(repr, unknown)))
        )
    if duplicated:
        problems.append(
            _("duplicated column(s) {columns}").format(columns=", ".join(map(repr, duplicated)))
        )
    if problems:
        raise DataError(
            _(
                "{path}: line 1 (header): {problems}. Expected, as described in {package}: "
                "{expected}"
            ).format(
                path=path,
                problems="; ".join(problems),
                package=PACKAGE_FILE,
                expected=", ".join(expected),
            )
        )


def _check_column(path: Path, frame: pd.DataFrame, spec: Mapping) -> pd.Series:
    name, kind = spec["name"], spec.get("type", "string")
    where = _("{path}: line {line}, field {field!r}")
    values = [
        check_cell(where.format(path=path, line=number, field=name), cell, spec)
        for number, cell in enumerate(frame[name], start=2)
    ]
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
        if not _DATE.fullmatch(cell):
            raise DataError(
                _("{where}: {cell!r} is not a date (expected YYYY-MM-DD, e.g. 2023-07-11)").format(
                    where=where, cell=cell
                )
            )
        try:
            return date.fromisoformat(cell)
        except ValueError as error:
            raise DataError(
                _("{where}: {cell!r} is not a date ({error}; expected YYYY-MM-DD)").format(
                    where=where, cell=cell, error=error
                )
            ) from None
    if kind in ("integer", "number"):
        if not (_INTEGER if kind == "integer" else _NUMBER).fullmatch(cell):
            message = (
                _("{where}: {cell!r} is not an integer (digits 0-9, e.g. 11 or 0.5)")
                if kind == "integer"
                else _("{where}: {cell!r} is not a number (digits 0-9, e.g. 11 or 0.5)")
            )
            raise DataError(message.format(where=where, cell=cell))
        value = int(cell) if kind == "integer" else float(cell)
        if "minimum" in constraints and value < constraints["minimum"]:
            raise DataError(
                _("{where}: {value} is below the minimum {minimum}").format(
                    where=where, value=value, minimum=constraints["minimum"]
                )
            )
        if "maximum" in constraints and value > constraints["maximum"]:
            raise DataError(
                _("{where}: {value} is above the maximum {maximum}").format(
                    where=where, value=value, maximum=constraints["maximum"]
                )
            )
        return value
    if kind == "boolean":
        if cell not in ("true", "false"):
            raise DataError(
                _("{where}: {cell!r} is not a boolean (expected true or false)").format(
                    where=where, cell=cell
                )
            )
        return cell == "true"
    raise DataError(
        _("{where}: the schema uses type {kind!r}, which this loader does not know").format(
            where=where, kind=kind
        )
    )


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
                    _(
                        "{path}: line {line}, field {fields}: duplicate id "
                        "({shown} already on line {first})"
                    ).format(
                        path=path,
                        line=number,
                        fields=", ".join(map(repr, columns)),
                        shown=shown,
                        first=seen[key],
                    )
                )
            seen[key] = number
