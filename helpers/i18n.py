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
from pathlib import Path

__all__ = ["LANGUAGES", "language", "set_language"]  # _ is imported by name, not by *

LANGUAGES = ("en", "id")  # English is the source language; the others have a catalogue
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "helpers"

_language = "en"
_catalogue = gettext.NullTranslations()


def set_language(code: str) -> None:
    """Make the helpers speak ``code`` ("en" or "id") from now on in this session."""
    global _language, _catalogue
    if not isinstance(code, str) or code not in LANGUAGES:
        raise ValueError(
            _("unknown language {code!r}: choose one of {choices}").format(
                code=code, choices=", ".join(repr(c) for c in LANGUAGES)
            )
        )
    catalogue: gettext.NullTranslations = gettext.NullTranslations()
    if code != "en":
        path = LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if not path.is_file():
            raise FileNotFoundError(
                f"{path}: message catalogue not found; build it with "
                f"`python tools/translate.py build` (it compiles {path.with_suffix('.po').name})"
            )
        with path.open("rb") as file:
            catalogue = gettext.GNUTranslations(file)
    _language, _catalogue = code, catalogue


def language() -> str:
    """The language the helpers speak now ("en" unless ``set_language`` changed it)."""
    return _language


def _(message: str) -> str:
    """``message`` in the current language; English when it has no translation.

    Messages with values use named fields, formatted after translation, so that a translator
    can move them: ``_("{count} findings").format(count=n)``.
    """
    return _catalogue.gettext(message)
