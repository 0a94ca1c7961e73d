"""Keep a translated edition in step with the English notebooks through gettext .po catalogues.

extract: English -> locale/<lang>/*.po; build: .po -> notebooks/<lang>/, the documents' editions,
and the compiled catalogues helpers.mo, data.mo and site.mo (the site's own words); status: what
is translated, stale or missing. See locale/README.md.
"""

import argparse
import io
import json
import re
import sys
from pathlib import Path

import nbformat
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import denormalize, read_po, write_po
from runner import course_notebooks, save_notebook  # tools/ is on sys.path: the script's folder

from helpers.data import read_table
from helpers.i18n import translatable_cells
from helpers.sources import write_atomic

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
CATALOGUES = ("helpers", "data", "site")  # compiled to .mo in locale/<lang>/LC_MESSAGES/
SITE_WORDS = {"build_site.py": {"word": (2,)}, "runner.py": {"gettext": None}}  # tools/: keywords
STATUS = "{:31}{:4d} translated{:4d} stale{:4d} missing{:7d}/{} words"
Entries = list[tuple[str | None, str, list]]  # (context, English, places), in the .po's order


def documents() -> dict[str, Path]:
    """stem: path, for the English documents the course has."""
    docs = {"teacher-guide": NOTEBOOKS / "teacher-guide.md", "data-readme": ROOT / "data/README.md"}
    docs |= {f"worksheet-{p.stem}": p for p in sorted((NOTEBOOKS / "worksheets").glob("*.md"))}
    return {stem: path for stem, path in docs.items() if path.is_file()}


def edition(stem: str, lang: str) -> Path:
    """Where a notebook's or document's edition goes: notebooks/<lang>/…, data/README.<lang>.md."""
    english = documents().get(stem, NOTEBOOKS / f"{stem}.ipynb")
    if english.is_relative_to(NOTEBOOKS):
        return NOTEBOOKS / lang / english.relative_to(NOTEBOOKS)
    return english.with_suffix(f".{lang}.md")


def blocks(markdown: str) -> list[tuple[str, str]]:
    """(heading-slug/n, block) for the blank-line-separated blocks; fenced code stays whole."""
    found, lines, section, fenced = [], [], "top", False
    for line in [*markdown.splitlines(), ""]:
        fenced ^= line.lstrip().startswith("```")
        if line.strip() or fenced:
            lines.append(line)
        elif lines:
            if lines[0].startswith("#"):
                section = re.sub(r"\W+", "-", lines[0].lower()).strip("-")
            number = sum(key.startswith(f"{section}/") for key, _ in found)
            found.append((f"{section}/{number}", "\n".join(lines)))
            lines = []
    return found


def by_english(found: list[tuple[str, str]]) -> Entries:
    """(place, message) pairs as entries keyed by their English, each listing where it is used."""
    places: dict[str, list] = {}
    for place, message in found:
        places.setdefault(message, []).append((place, None))
    return [(None, message, where) for message, where in places.items()]


def entries(stem: str) -> Entries:
    """What the catalogue ``stem`` translates: the helpers' messages and the site's words (keyed
    by their English), the data's cells marked "x-translate", a document's blocks or a notebook's
    Markdown cells."""
    if stem == "helpers":
        found = extract_from_dir(ROOT / "helpers", keywords={"_": None})
        return by_english([(f"helpers/{name}", message) for name, _, message, _, _ in found])
    if stem == "site":  # the templates' _("…"), build_site's word(lang, "…"), the runner's words
        found = extract_from_dir(ROOT / "tools/templates", [("**.j2", "jinja2")], {"_": None})
        words = [(f"tools/templates/{name}", message) for name, _, message, _, _ in found]
        for name, keywords in SITE_WORDS.items():
            if (ROOT / "tools" / name).is_file():
                found = extract_from_file("python", ROOT / "tools" / name, keywords)
                words += [(f"tools/{name}", message) for _, message, _, _ in found]
        return by_english(words)
    if stem == "data":
        package = ROOT / "data/datapackage.json"  # a course may have no data package
        resources = json.loads(package.read_text("utf-8"))["resources"] if package.is_file() else []
        tables = [(read_table(ROOT / "data", spec), spec) for spec in resources]
        return [
            (context, english, [])
            for table, spec in tables
            for _, _, context, english in translatable_cells(table, spec)
        ]
    if stem in documents():
        text = documents()[stem].read_text(encoding="utf-8")
        return [(f"{stem}/{key}", block, []) for key, block in blocks(text)]
    cells = nbformat.read(NOTEBOOKS / f"{stem}.ipynb", as_version=4).cells  # a notebook
    prose = [c for c in cells if c.cell_type == "markdown" and c.source.strip()]  # "" = header
    return [(f"{stem}/{c.id}", c.source, []) for c in prose]


def load(lang: str, stem: str) -> tuple[Path, Catalog]:
    """The .po path of the catalogue ``stem`` and the catalogue (new if none yet)."""
    kind = "LC_MESSAGES" if stem in CATALOGUES else "docs" if stem in documents() else "notebooks"
    path = ROOT / "locale" / lang / kind / f"{stem}.po"
    if not path.is_file():
        return path, Catalog(lang, header_comment=f"# {stem}: see locale/README.md", fuzzy=False)
    return path, read_po(path.read_bytes().splitlines(), locale=lang, abort_invalid=True)


def state(english: str, message: Message | None) -> str:
    """translated, stale (the English changed, or the entry is marked fuzzy) or missing."""
    stale = message and (message.fuzzy or message.id != english)
    return "missing" if not (message and message.string) else "stale" if stale else "translated"


def extract(catalogue: Catalog, wanted: Entries) -> None:
    """Refill ``catalogue`` in ``wanted`` order, keeping translations and notes as msgmerge does."""
    current = [message for message in catalogue if message.id]  # the first is the header
    prior = {m.context or m.id: m for m in [*catalogue.obsolete.values(), *current]}
    for message in current:
        catalogue.delete(message.id, message.context)
    for context, english, places in wanted:
        old = prior.pop(context or english, None) or Message(english)
        flags = ["fuzzy"] if state(english, old) == "stale" else []  # the English changed
        notes = [c for c in old.user_comments if not c.startswith("|")]  # the translator's
        # Babel's read_po keeps a stale entry's "#| msgid" lines (the English it was translated
        # from) as user comments starting "|", not as previous_id: read that English back
        was = " ".join(c[1:].strip() for c in old.user_comments if c.startswith("|"))
        was = denormalize(was.removeprefix("msgid ").replace('" "', '"\n"')) if was else old.id
        catalogue.add(
            english,
            old.string,
            locations=places,
            flags=flags,
            user_comments=notes,
            previous_id=[was] if flags and was != english else [],  # shown beside the new English
            context=context,
        )
    catalogue.obsolete = {key: m for key, m in prior.items() if m.string}  # removed ones: #~


def build(stem: str, lang: str, catalogue: Catalog, wanted: Entries, draft: bool) -> list[str]:
    """Write the edition of a document or notebook (without outputs); returns its untranslated
    and stale entries, which stop the build unless it is a ``draft`` (they stay English)."""
    messages = {m.context: m for m in catalogue}
    texts, problems = {}, []
    for context, english, _ in wanted:
        verdict = state(english, message := messages.get(context))
        texts[context] = message.string if verdict == "translated" else english
        if verdict != "translated":
            problems.append(f"{verdict}: {context} ({english.splitlines()[0]})")
    target = edition(stem, lang)
    if stem in documents():
        if not problems or draft:
            write_atomic(target, "\n\n".join(texts.values()) + "\n")
        return problems
    # a notebook: its Markdown translated, its code as it is but for the language line
    notebook = nbformat.read(NOTEBOOKS / f"{stem}.ipynb", as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    if not code or 'set_language("en")' not in code[0].source:  # the setup cell sets it
        problems.append(f'{stem}: add set_language("en") to the English setup cell')
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.source = cell.source.replace('set_language("en")', f'set_language("{lang}")')
            cell.outputs, cell.execution_count = [], None
        cell.source = texts.get(f"{stem}/{cell.id}", cell.source)
    if not problems or draft:
        target.parent.mkdir(parents=True, exist_ok=True)
        save_notebook(target, notebook)
    return problems


def main(arguments: list[str]) -> int:
    """Run one command over the named catalogues, or all of them; 1 if a build was refused."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("command", choices=["extract", "build", "status"])
    parser.add_argument(
        "names", nargs="*", help="NN-name, a document, helpers, data or site; none: all"
    )
    parser.add_argument("--lang", default="id")
    parser.add_argument("--allow-missing", action="store_true", help="build; leave them English")
    args = parser.parse_intermixed_args(arguments)  # names may follow --allow-missing
    named = [Path(name).stem for name in args.names]
    notebooks = [path.stem for path in course_notebooks(NOTEBOOKS)]
    stems = named or [*documents(), *notebooks]
    if args.command == "build" and not named:  # rebuild the editions there are
        stems = [stem for stem in stems if edition(stem, args.lang).is_file()]
    if args.command == "build" or not named:  # the .mo files are cheap: always rebuilt
        stems = [*(c for c in CATALOGUES if c not in named), *stems]
    problems = []
    for stem in stems:
        path, catalogue = load(args.lang, stem)
        if args.command == "extract":
            extract(catalogue, entries(stem))
            path.parent.mkdir(parents=True, exist_ok=True)
            po = io.BytesIO()
            write_po(po, catalogue, width=0, include_previous=True, include_lineno=False)
            write_atomic(path, po.getvalue())
        elif args.command == "status":
            messages = {m.context or m.id: m for m in catalogue}
            found = [(state(e, messages.get(c or e)), len(e.split())) for c, e, _ in entries(stem)]
            counts = [sum(s == t for s, _ in found) for t in ("translated", "stale", "missing")]
            words = [sum(n for s, n in found if s == "translated"), sum(n for _, n in found)]
            print(STATUS.format(stem, *counts, *words))
        elif stem in CATALOGUES:
            mo = io.BytesIO()
            write_mo(mo, catalogue)
            write_atomic(path.with_suffix(".mo"), mo.getvalue())
        else:
            problems += build(stem, args.lang, catalogue, entries(stem), args.allow_missing)
    sys.stderr.writelines(f"{problem}\n" for problem in problems)
    return int(bool(problems) and not args.allow_missing)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
