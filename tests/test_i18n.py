"""The Indonesian edition: parity with the English notebooks, complete catalogues, the tool.

An edition notebook (notebooks/id/NN-name.ipynb) is built from its English original and
locale/id/notebooks/NN-name.po by tools/translate.py; these tests fail when the English changed
since (a stale or missing translation), when a cell id, code cell, link or cited id was lost on
the way, and when the helpers' catalogue no longer matches their messages.
"""

from __future__ import annotations

import contextlib
import gettext
import io
import re
import string
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import nbformat
import pandas as pd
import pytest
import translate as translate_tool
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from helpers import i18n
from helpers.i18n import _, language, set_language, translatable_cells

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
EDITION = NOTEBOOKS / "id"
LOCALE = ROOT / "locale" / "id"
EDITIONS = sorted(EDITION.glob("[0-9][0-9]-*.ipynb"))
LANGUAGE_LINE = re.compile(r'^\n?.*set_language\("(?:en|id)"\)\n?', re.M)  # with a blank line
LINK = re.compile(r"\]\(([^)\s]+)\)")


def read_catalogue(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale="id", abort_invalid=True)


def pair(edition: Path):
    english = nbformat.read(NOTEBOOKS / edition.name, as_version=4)
    return english, nbformat.read(edition, as_version=4)


@pytest.fixture(autouse=True)
def english_afterwards():
    """The language is global to the session: every test leaves it English, as it found it."""
    yield
    set_language("en")


def test_the_pilot_edition_exists():
    assert EDITION / "00-start-here.ipynb" in EDITIONS


# --- parity: the Indonesian edition is the English one, translated ---------------------------


@pytest.mark.parametrize("edition", EDITIONS, ids=lambda p: p.stem)
def test_same_cells_and_code_except_the_language_line(edition):
    english, indonesian = pair(edition)
    assert [(c.id, c.cell_type) for c in indonesian.cells] == [
        (c.id, c.cell_type) for c in english.cells
    ]
    for original, translated in zip(english.cells, indonesian.cells, strict=True):
        if original.cell_type == "code":
            assert LANGUAGE_LINE.sub("", translated.source) == LANGUAGE_LINE.sub(
                "", original.source
            )
    all_code = "\n".join(c.source for c in indonesian.cells if c.cell_type == "code")
    assert all_code.count('set_language("id")') == 1
    assert 'set_language("en")' not in all_code


@pytest.mark.parametrize("edition", EDITIONS, ids=lambda p: p.stem)
def test_every_markdown_cell_is_translated_and_none_is_stale(edition):
    english, indonesian = pair(edition)
    messages = {m.context: m for m in read_catalogue(LOCALE / "notebooks" / f"{edition.stem}.po")}
    problems = []
    for original, translated in zip(english.cells, indonesian.cells, strict=True):
        if original.cell_type != "markdown" or not original.source.strip():
            continue
        message = messages.get(f"{edition.stem}/{original.id}")
        if message is None or not message.string:
            problems.append(f"{original.id}: not translated")
        elif message.fuzzy or message.id != original.source:
            problems.append(f"{original.id}: stale (the English changed)")
        elif translated.source != message.string:
            problems.append(f"{original.id}: the edition is older than its .po (build it)")
    assert not problems, f"{edition.name}: run tools/translate.py extract/build: {problems}"


@pytest.mark.parametrize("edition", EDITIONS, ids=lambda p: p.stem)
def test_the_edition_is_stored_executed_top_to_bottom(edition):
    cells = [c for c in nbformat.read(edition, as_version=4).cells if c.cell_type == "code"]
    counts = [cell.execution_count for cell in cells]
    assert counts == list(range(1, len(cells) + 1)), (
        f"{edition.name}: built but not executed? run tools/runner.py {edition}"
    )


@pytest.mark.parametrize("edition", EDITIONS, ids=lambda p: p.stem)
def test_cited_ids_and_link_targets_survive_translation(edition, corpus):
    known = {
        *corpus.table("claims")["claim_id"],
        *corpus.table("discrepancies")["finding_id"],
        *corpus.table("references")["reference_id"],
        *corpus.table("questions")["question_id"],
    }
    cited = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(known))) + r")(?![\w-])")
    english, indonesian = pair(edition)
    for original, translated in zip(english.cells, indonesian.cells, strict=True):
        if original.cell_type == "markdown":
            ids = set(cited.findall(original.source))
            assert ids <= set(cited.findall(translated.source)), (original.id, ids)
            assert LINK.findall(translated.source) == LINK.findall(original.source), original.id


@pytest.mark.parametrize("edition", EDITIONS, ids=lambda p: p.stem)
def test_relative_links_of_the_edition_resolve_or_await_translation(edition):
    targets = {
        target.split("#")[0]
        for cell in nbformat.read(edition, as_version=4).cells
        if cell.cell_type == "markdown"
        for target in LINK.findall(cell.source)
        if not re.match(r"[a-z]+:", target) and not target.startswith("#")
    }
    pending = sorted(t for t in targets if not (EDITION / t).exists())
    assert all((NOTEBOOKS / target).exists() for target in pending), pending
    if pending:
        pytest.skip(f"not translated yet, so these links of {edition.name} dangle: {pending}")


def test_course_setup_is_found_from_the_edition_folder():
    found = subprocess.run(
        [sys.executable, "-c", "import course_setup; print(course_setup.ROOT)"],
        cwd=EDITION,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(found.stdout.strip()) == ROOT


# --- the helpers' catalogue ------------------------------------------------------------------


def test_helpers_catalogue_holds_exactly_the_wrapped_messages():
    wrapped = {m for _, _, m, _, _ in extract_from_dir(ROOT / "helpers", keywords={"_": None})}
    catalogue = read_catalogue(LOCALE / "LC_MESSAGES" / "helpers.po")
    assert {m.id for m in catalogue if m.id} == wrapped, "run tools/translate.py extract"


@pytest.mark.parametrize("domain", ["helpers", "data", "site"])  # translate.py CATALOGUES
def test_compiled_catalogue_matches_its_po_file(domain):
    with (LOCALE / "LC_MESSAGES" / f"{domain}.mo").open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    for message in read_catalogue(LOCALE / "LC_MESSAGES" / f"{domain}.po"):
        if message.id:
            usable = message.string and not message.fuzzy
            expected = message.string if usable else message.id
            if message.context:  # the data catalogue's cells
                found = compiled.pgettext(message.context, message.id)
            else:
                found = compiled.gettext(message.id)
            assert found == expected, f"{domain}: run tools/translate.py build"


@pytest.mark.parametrize("domain", ["helpers", "site"])
def test_translations_keep_the_fields_that_are_filled_in(domain):
    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}

    for message in read_catalogue(LOCALE / "LC_MESSAGES" / f"{domain}.po"):
        if message.id and message.string:
            assert fields(message.string) == fields(message.id), message.id


# --- set_language, language, _ ---------------------------------------------------------------


def test_every_language_has_its_name_for_the_language_switch():
    assert list(i18n.LANGUAGE_NAMES) == list(i18n.LANGUAGES)


def test_english_is_the_default_and_untranslated_text_passes_through():
    assert language() == "en"
    assert _("Not a catalogued message.") == "Not a catalogued message."


def test_set_language_switches_helper_messages_and_back():
    set_language("id")
    assert language() == "id"
    with pytest.raises(ValueError, match="bahasa 'fr' tidak dikenal: pilih salah satu dari"):
        set_language("fr")
    assert language() == "id"  # a refused change leaves the language as it was
    set_language("en")
    with pytest.raises(ValueError, match="unknown language 'fr': choose one of 'en', 'id'"):
        set_language("fr")


@pytest.mark.parametrize("code", ["ID", "english", "", None, 1])
def test_set_language_refuses_what_is_not_a_language_code(code):
    with pytest.raises(ValueError, match="unknown language"):
        set_language(code)


def test_a_missing_catalogue_is_named(tmp_path, monkeypatch):
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    with pytest.raises(FileNotFoundError, match=r"helpers\.mo: message catalogue not found"):
        set_language("id")
    assert language() == "en"


def test_how_a_helper_message_is_wrapped(tmp_path, monkeypatch):
    """The pattern for checks, plots and display: words and fields, translated then filled."""
    catalogue = Catalog(locale="id")
    catalogue.add("Not yet.", "Belum.")
    catalogue.add("{count} findings by kind", "{count} temuan menurut jenis")
    (tmp_path / "id" / "LC_MESSAGES").mkdir(parents=True)
    with (tmp_path / "id" / "LC_MESSAGES" / "helpers.mo").open("wb") as file:
        write_mo(file, catalogue)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    set_language("id")
    assert _("Not yet.") == "Belum."
    assert _("{count} findings by kind").format(count=54) == "54 temuan menurut jenis"
    set_language("en")
    assert _("Not yet.") == "Not yet."


def test_importing_i18n_needs_only_the_standard_library():
    code = (
        "import runpy, sys; runpy.run_path(sys.argv[1]); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'babel', 'pandas', 'numpy'}))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(ROOT / "helpers" / "i18n.py")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert run.stdout.strip() == "[]"


# --- tools/translate.py on a small course of its own -----------------------------------------


def notebook(*cells: tuple[str, str]) -> nbformat.NotebookNode:
    made = nbformat.v4.new_notebook()
    for index, (kind, source) in enumerate(cells):
        new = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
        made.cells.append(new(source, id=f"cell{index}"))
    return made


SETUP = 'import helpers\n\nhelpers.set_language("en")\nx = 1'
TITLE = "# Title\n\nFirst paragraph, long enough for the .po file to wrap it over comment lines."
CHANGED = f"{TITLE} Changed."


class Run(NamedTuple):
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def course(tmp_path: Path, monkeypatch) -> Path:
    """A course of one notebook and one helper module, which the tool works on."""
    monkeypatch.setattr(translate_tool, "ROOT", tmp_path)
    monkeypatch.setattr(translate_tool, "NOTEBOOKS", tmp_path / "notebooks")
    (tmp_path / "helpers").mkdir()
    (tmp_path / "helpers" / "feedback.py").write_text('from x import _\nWORD = _("Right.")\n')
    (tmp_path / "notebooks").mkdir()
    cells = [("markdown", TITLE), ("code", SETUP), ("markdown", "Keep."), ("markdown", "Old.")]
    nbformat.write(notebook(*cells), tmp_path / "notebooks" / "00-demo.ipynb")
    return tmp_path


def translate(*arguments: str) -> Run:
    """``python tools/translate.py ARGUMENTS`` on the course (in this process: it is faster)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = translate_tool.main(list(arguments))
    return Run(code, out.getvalue(), err.getvalue())


def edit(path: Path, translations: dict[str, str], note: tuple[str, str] | None = None) -> None:
    """What a translator does in Poedit: fill in entries (clearing fuzzy), maybe add a note."""
    catalogue = read_catalogue(path)
    for message in catalogue:
        if message.id in translations:
            message.string, message.flags = translations[message.id], set()
        if note and message.id == note[0]:
            message.user_comments.append(note[1])
    with path.open("wb") as file:
        write_po(file, catalogue, width=0, include_previous=True, include_lineno=False)


def markdown_of(edition: Path) -> list[str]:
    cells = nbformat.read(edition, as_version=4).cells
    return [cell.source for cell in cells if cell.cell_type == "markdown"]


def test_extract_makes_one_entry_per_markdown_cell_and_helper_message(course):
    assert translate("extract").returncode == 0
    po = read_catalogue(course / "locale" / "id" / "notebooks" / "00-demo.po")
    assert [(m.context, m.id, m.string) for m in po if m.id] == [
        ("00-demo/cell0", TITLE, ""),
        ("00-demo/cell2", "Keep.", ""),
        ("00-demo/cell3", "Old.", ""),
    ]
    helper = read_catalogue(course / "locale" / "id" / "LC_MESSAGES" / "helpers.po")
    assert [(m.id, m.locations) for m in helper if m.id] == [
        ("Right.", [("helpers/feedback.py", None)])
    ]


def test_a_changed_english_cell_goes_stale_and_build_says_so(course):
    po = course / "locale" / "id" / "notebooks" / "00-demo.po"
    edition = course / "notebooks" / "id" / "00-demo.ipynb"
    translate("extract")
    edit(po, {TITLE: "# Judul\n\nParagraf pertama.", "Keep.": "Tetap.", "Old.": "Lama."})
    edit(po, {}, note=("Keep.", "Translator: one word, as in the English."))
    built = translate("build", "00-demo")
    assert built.returncode == 0, built.stderr
    assert nbformat.read(edition, as_version=4).cells[1].source == SETUP.replace('"en"', '"id"')
    assert markdown_of(edition) == ["# Judul\n\nParagraf pertama.", "Tetap.", "Lama."]
    assert (course / "locale" / "id" / "LC_MESSAGES" / "helpers.mo").is_file()

    changed = [("markdown", CHANGED), ("code", SETUP)]
    english = notebook(*changed, ("markdown", "Keep."), ("markdown", "New."))
    english.cells[3].id = "cell4"  # cell3 removed, cell4 added
    nbformat.write(english, course / "notebooks" / "00-demo.ipynb")
    assert translate("extract").returncode == 0
    text = po.read_text()
    previous = " ".join(line[3:] for line in text.splitlines() if line.startswith("#| "))
    assert (
        "First paragraph, long enough for the .po file to wrap it over comment lines." in previous
    )
    assert "Changed" not in previous  # the translator sees the English translated from
    assert "# Translator: one word, as in the English.\n" in text
    assert '#~ msgctxt "00-demo/cell3"\n#~ msgid "Old."\n#~ msgstr "Lama."' in text  # obsolete
    messages = {m.context: m for m in read_catalogue(po) if m.id}
    assert messages["00-demo/cell0"].fuzzy
    assert messages["00-demo/cell0"].string == "# Judul\n\nParagraf pertama."
    assert (messages["00-demo/cell4"].id, messages["00-demo/cell4"].string) == ("New.", "")
    assert "00-demo/cell3" not in messages
    assert translate("extract").returncode == 0
    assert po.read_text() == text  # extracting again changes nothing

    status = translate("status").stdout
    words = len(CHANGED.split()) + 2
    assert re.search(rf"00-demo\s+1 translated\s+1 stale\s+1 missing\s+1/{words} words", status)
    refused = translate("build")
    assert refused.returncode == 1
    assert "stale: 00-demo/cell0 (# Title)" in refused.stderr
    assert "missing: 00-demo/cell4 (New.)" in refused.stderr
    assert markdown_of(edition)[2] == "Lama."  # nothing written

    draft = translate("build", "--allow-missing")
    assert draft.returncode == 0
    assert markdown_of(edition) == [CHANGED, "Tetap.", "New."]
    edit(po, {CHANGED: "# Judul\n\nParagraf pertama, diubah."})
    edit(po, {"New.": "Baru."})
    assert translate("build").returncode == 0
    assert markdown_of(edition) == ["# Judul\n\nParagraf pertama, diubah.", "Tetap.", "Baru."]


@pytest.mark.parametrize(
    "setup", ["from helpers import check\nx = 1", "import pandas\nimport helpers\n\nx = 1"]
)
def test_build_refuses_a_setup_cell_that_does_not_set_the_language(course, setup):
    """Every English setup cell says set_language("en"), which the edition's build switches."""
    bare = notebook(("markdown", "# Title"), ("code", setup))
    nbformat.write(bare, course / "notebooks" / "00-demo.ipynb")
    translate("extract")
    edit(course / "locale" / "id" / "notebooks" / "00-demo.po", {"# Title": "# Judul"})
    refused = translate("build", "00-demo")
    assert refused.returncode == 1
    assert 'add set_language("en") to the English setup cell' in refused.stderr
    assert not (course / "notebooks" / "id" / "00-demo.ipynb").exists()  # nothing written


def test_no_catalogue_of_the_course_is_stale_or_missing_a_translation():
    """A new glossary term, site word or paragraph must not show in English in the Indonesian
    edition unnoticed: `translate.py status` counts no stale or missing entry anywhere."""
    run = translate("status")
    lines = run.stdout.splitlines()
    assert run.returncode == 0 and any(line.startswith("data ") for line in lines)
    incomplete = [line for line in lines if not re.search(r"\b0 stale +0 missing\b", line)]
    assert not incomplete, (
        "translate these in locale/id/ (locale/README.md), then run tools/translate.py build:\n"
        + "\n".join(incomplete)
    )


def test_translatable_cells_are_keyed_by_table_row_key_and_field():
    """One key format for the catalogue's entries (translate.py) and their lookup (loading)."""
    spec = {
        "name": "notes",
        "schema": {
            "fields": [{"name": "id"}, {"name": "note", "x-translate": True}, {"name": "n"}],
            "primaryKey": "id",
        },
    }
    table = pd.DataFrame({"id": ["a", "b", "c"], "note": ["Hello", None, ""], "n": [1, 2, 3]})
    assert translatable_cells(table, spec) == [(0, "note", "notes/a/note", "Hello")]
    assert translatable_cells(table.iloc[:0], spec) == []
