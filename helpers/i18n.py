"""The reader's language for the words the helpers print: feedback, figure labels, errors.

Messages are written in English in the code and wrapped in ``_()``. ``set_language("id")``
(one line in each Indonesian notebook's setup cell) makes ``_()`` return their Indonesian from
``locale/id/LC_MESSAGES/helpers.mo``, which ``tools/translate.py build`` compiles from
``helpers.po``. Only the standard library's ``gettext`` runs here, so importing is cheap and
needs no extra package. A message without a translation stays English, as in gettext; English
is the default, and the choice lasts for the Python session (one notebook's kernel).
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["LANGUAGES", "language", "localise_table", "set_language"]  # _ by name, not by *

LANGUAGES = ("en", "id")  # English is the source language; the others have a catalogue
LANGUAGE_NAMES = {"en": "English", "id": "Bahasa Indonesia"}  # each in itself (site switch)
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "helpers"
DATA_DOMAIN = "data"  # the tables' prose (fields marked "x-translate" in datapackage.json)
SITE_DOMAIN = "site"  # the static site's own words (tools/build_site.py, tools/runner.py)

_language = "en"
_catalogue = gettext.NullTranslations()
_data_catalogue = gettext.NullTranslations()


def set_language(code: str) -> None:
    """Make the helpers speak ``code`` ("en" or "id") from now on in this session."""
    global _language, _catalogue, _data_catalogue
    if not isinstance(code, str) or code not in LANGUAGES:
        raise ValueError(
            _("unknown language {code!r}: choose one of {choices}").format(
                code=code, choices=", ".join(repr(c) for c in LANGUAGES)
            )
        )
    catalogues = [read_catalogue(code, domain) for domain in (DOMAIN, DATA_DOMAIN)]
    _language, (_catalogue, _data_catalogue) = code, catalogues


def read_catalogue(code: str, domain: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``domain`` in ``code``; the data's and the site's are optional
    (their text then stays English)."""
    path = LOCALE_DIR / code / "LC_MESSAGES" / f"{domain}.mo"
    if code == "en" or (domain in (DATA_DOMAIN, SITE_DOMAIN) and not path.exists()):
        return gettext.NullTranslations()
    if not path.is_file():
        raise FileNotFoundError(
            f"{path}: message catalogue not found; build it with "
            f"`python tools/translate.py build` (it compiles {path.with_suffix('.po').name})"
        )
    with path.open("rb") as file:
        return gettext.GNUTranslations(file)


def language() -> str:
    """The language the helpers speak now ("en" unless ``set_language`` changed it)."""
    return _language


def _(message: str) -> str:
    """``message`` in the current language; English when it has no translation.

    Messages with values use named fields, formatted after translation, so that a translator
    can move them: ``_("{count} findings").format(count=n)``.
    """
    return _catalogue.gettext(message)


def localise_table(table: pd.DataFrame, spec: Mapping) -> pd.DataFrame:
    """``table`` with its "x-translate" fields in the current language, where translated.

    A cell is keyed by table, row key and field (``questions/00-sekjen/hint``) with its English
    as the message, so a changed English cell falls back to English until it is translated
    again. Ids, quotations and numbers are never translated.
    """
    cells = translatable_cells(table, spec) if _language != "en" else []
    if not cells:
        return table
    table = table.copy()
    for row, name, context, english in cells:
        table.iat[row, table.columns.get_loc(name)] = _data_catalogue.pgettext(context, english)
    return table


def translatable_cells(table: pd.DataFrame, spec: Mapping) -> list[tuple[int, str, str, str]]:
    """(row position, field, context, English) of each "x-translate" cell holding text, row by
    row: what the data catalogue (``data.po``) translates, keyed as :func:`localise_table` reads."""
    fields = [f["name"] for f in spec["schema"]["fields"] if f.get("x-translate")]
    if not fields or table.empty:
        return []
    keys = spec["schema"].get("primaryKey") or [spec["schema"]["fields"][0]["name"]]
    keys = [keys] if isinstance(keys, str) else keys
    rows = table[keys].astype(str).agg("/".join, axis=1)
    return [
        (row, name, f"{spec['name']}/{key}/{name}", english)
        for row, key in enumerate(rows)
        for name in fields
        if isinstance(english := table[name].iat[row], str) and english
    ]
