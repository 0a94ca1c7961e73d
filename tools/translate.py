"""Keep a translated edition in step with the English notebooks through gettext .po catalogues.

Usage: python tools/translate.py {extract,build,status} [--lang id] [--allow-missing] [NN-name ...]
extract: English -> locale/<lang>/; build: -> notebooks/<lang>/, the documents, helpers.mo and
data.mo. See locale/README.md.
"""

import argparse
import csv
import json
import re
import sys
from pathlib import Path

import nbformat
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import denormalize, read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
STATUS = "{:31}{:4d} translated{:4d} stale{:4d} missing{:7d}/{} words"
CATALOGUES = ("helpers", "data")  # compiled to .mo in locale/<lang>/LC_MESSAGES/


def documents() -> dict[str, tuple[str, str]]:
    """stem: (the English document, its edition in {lang}), for the documents the course has."""
    found = {
        "teacher-guide": ("notebooks/teacher-guide.md", "notebooks/{lang}/teacher-guide.md"),
        "data-readme": ("data/README.md", "data/README.{lang}.md"),
    }
    for path in sorted((ROOT / "notebooks/worksheets").glob("*.md")):
        found[f"worksheet-{path.stem}"] = (
            f"notebooks/worksheets/{path.name}",
            f"notebooks/{{lang}}/worksheets/{path.name}",
        )
    return {stem: paths for stem, paths in found.items() if (ROOT / paths[0]).is_file()}


def document_path(stem: str, lang: str = "") -> Path:
    """The English document, or with ``lang`` its edition (notebooks/id/…, data/README.id.md)."""
    english, edition = documents()[stem]
    return ROOT / (edition.format(lang=lang) if lang else english)


def blocks(markdown: str) -> list[tuple[str, str]]:
    """(heading-slug/n, block) for the blank-line-separated blocks; fenced code stays whole."""
    found, lines, section, fenced = [], [], "top", False
    for line in [*markdown.splitlines(), ""]:
        fenced ^= line.lstrip().startswith("```")
        if line.strip() or fenced:
            lines.append(line)
            continue
        if lines and lines[0].startswith("#"):
            section = re.sub(r"\W+", "-", lines[0].lower()).strip("-")
        if lines:
            found.append((f"{section}/{sum(k.startswith(section + '/') for k, _ in found)}", lines))
        lines = []
    return [(key, "\n".join(block)) for key, block in found]


def data_messages() -> list[tuple[str, str, list]]:
    """One entry a non-empty cell of the fields marked "x-translate" in datapackage.json."""
    wanted, package = [], ROOT / "data/datapackage.json"
    for spec in json.loads(package.read_text("utf-8"))["resources"] if package.is_file() else []:
        fields = [f["name"] for f in spec["schema"]["fields"] if f.get("x-translate")]
        keys = spec["schema"].get("primaryKey") or [spec["schema"]["fields"][0]["name"]]
        keys = [keys] if isinstance(keys, str) else keys
        with (ROOT / "data" / spec["path"]).open(encoding="utf-8", newline="") as file:
            for row in csv.DictReader(file) if fields else []:
                key = "/".join(row[k] for k in keys)
                wanted += [(f"{spec['name']}/{key}/{f}", row[f], []) for f in fields if row[f]]
    return wanted


def load(lang: str, stem: str) -> tuple[Path, Catalog, list[tuple[str | None, str, list]]]:
    """A .po path, its catalogue (new if none yet) and the (context, English, places) it needs."""
    kind = "LC_MESSAGES" if stem in CATALOGUES else "docs" if stem in documents() else "notebooks"
    path = ROOT / "locale" / lang / kind / f"{stem}.po"
    catalogue = Catalog(lang, header_comment=f"# {stem}: see locale/README.md", fuzzy=False)
    if path.is_file():
        catalogue = read_po(path.read_bytes().splitlines(), locale=lang, abort_invalid=True)
    if stem == "data":
        return path, catalogue, data_messages()
    if stem in documents():
        text = document_path(stem).read_text(encoding="utf-8")
        return path, catalogue, [(f"{stem}/{key}", block, []) for key, block in blocks(text)]
    if stem != "helpers":
        cells = nbformat.read(NOTEBOOKS / f"{stem}.ipynb", as_version=4).cells
        prose = [c for c in cells if c.cell_type == "markdown" and c.source.strip()]  # "" = header
        return path, catalogue, [(f"{stem}/{c.id}", c.source, []) for c in prose]
    found: dict[str, list] = {}
    for name, _, message, _, _ in extract_from_dir(ROOT / "helpers", keywords={"_": None}):
        found.setdefault(message, []).append((f"helpers/{name}", None))
    return path, catalogue, [(None, message, places) for message, places in found.items()]


def state(english: str, message: Message | None) -> str:
    """translated, stale (the English changed, or the entry is marked fuzzy) or missing."""
    stale = message and (message.fuzzy or message.id != english)
    return "missing" if not (message and message.string) else "stale" if stale else "translated"


def extract(catalogue: Catalog, wanted: list) -> None:
    """Refill ``catalogue`` in ``wanted`` order, keeping translations and notes as msgmerge does."""
    current = [message for message in catalogue if message.id]  # the first is the header
    prior = {m.context or m.id: m for m in [*catalogue.obsolete.values(), *current]}
    for message in current:
        catalogue.delete(message.id, message.context)
    for context, english, places in wanted:
        old = prior.pop(context or english, None) or Message(english)
        flags = ["fuzzy"] if state(english, old) == "stale" else []  # the English changed
        notes = [c for c in old.user_comments if not c.startswith("|")]  # the translator's
        was = " ".join(c[1:].strip() for c in old.user_comments if c.startswith("|"))  # #| msgid
        previous = denormalize(was[6:].replace('" "', '"\n"')) if was else old.id  # 6: msgid
        previous = [previous] if flags and previous != english else []  # shown beside the new
        catalogue.add(english, old.string, places, flags, (), notes, previous, None, context)
    catalogue.obsolete = {key: m for key, m in prior.items() if m.string}  # removed ones: #~


def build_document(stem: str, lang: str, catalogue: Catalog, allow_missing: bool) -> list[str]:
    """Write the translated document; returns its untranslated and stale blocks."""
    messages, parts, problems = {m.context: m for m in catalogue}, [], []
    for key, block in blocks(document_path(stem).read_text(encoding="utf-8")):
        verdict = state(block, message := messages.get(f"{stem}/{key}"))
        parts.append(message.string if verdict == "translated" else block)
        problems += [] if verdict == "translated" else [f"{verdict}: {stem}/{key}"]
    if not problems or allow_missing:
        document_path(stem, lang).parent.mkdir(parents=True, exist_ok=True)
        document_path(stem, lang).write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return problems


def build(stem: str, lang: str, catalogue: Catalog, allow_missing: bool) -> list[str]:
    """Write the translated notebook, without outputs; returns its untranslated and stale cells."""
    messages, line, problems = {m.context: m for m in catalogue}, f'set_language("{lang}")', []
    notebook = nbformat.read(NOTEBOOKS / f"{stem}.ipynb", as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.source = cell.source.replace('set_language("en")', line)
            cell.outputs, cell.execution_count = [], None
        elif cell.cell_type == "markdown" and cell.source.strip():
            verdict = state(cell.source, message := messages.get(f"{stem}/{cell.id}"))
            if verdict == "translated":
                cell.source = message.string
            else:
                problems.append(f"{verdict}: {stem}/{cell.id} ({cell.source.splitlines()[0]})")
    cell = next(cell for cell in notebook.cells if cell.cell_type == "code")  # the setup cell
    if line not in cell.source:  # until the English setup cell sets the language itself
        before, found, after = cell.source.partition("import helpers\n")
        cell.source = f"{before}{found}\nhelpers.{line}\n{after}" if found else cell.source
        problems += [] if found else [f'{stem}: add set_language("en") to the English setup cell']
    if not problems or allow_missing:
        (NOTEBOOKS / lang).mkdir(exist_ok=True)
        nbformat.write(notebook, NOTEBOOKS / lang / f"{stem}.ipynb")
    return problems


def main(arguments: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["extract", "build", "status"])
    parser.add_argument(
        "notebooks", nargs="*", help="NN-name, helpers, data or a document (default: all)"
    )
    parser.add_argument("--lang", default="id")
    parser.add_argument("--allow-missing", action="store_true", help="build; leave them English")
    args = parser.parse_args(arguments)
    pattern = f"{args.lang}/" * (args.command == "build") + "[0-9][0-9]-*.ipynb"
    po = ROOT / "locale" / args.lang / "docs"
    docs = [d for d in documents() if args.command != "build" or (po / f"{d}.po").is_file()]
    notebooks = sorted(p.stem for p in NOTEBOOKS.glob(pattern))
    named = [Path(n).stem for n in args.notebooks]
    compiled = [c for c in CATALOGUES if args.command == "build" and c not in named]  # cheap
    stems = [*compiled, *named] if named else [*CATALOGUES, *docs, *notebooks]
    problems = []
    for stem in stems:
        path, catalogue, wanted = load(args.lang, stem)
        if args.command == "extract":
            extract(catalogue, wanted)
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as file:
                write_po(file, catalogue, width=0, include_previous=True, include_lineno=False)
        elif args.command == "status":
            messages = {m.context or m.id: m for m in catalogue}
            found = [(state(e, messages.get(c or e)), len(e.split())) for c, e, _ in wanted]
            counts = [sum(s == t for s, _ in found) for t in ("translated", "stale", "missing")]
            words = [sum(n for s, n in found if s == "translated"), sum(n for _, n in found)]
            print(STATUS.format(stem, *counts, *words))
        elif stem in CATALOGUES:
            with path.with_suffix(".mo").open("wb") as file:
                write_mo(file, catalogue)
        elif stem in documents():
            problems += build_document(stem, args.lang, catalogue, args.allow_missing)
        else:
            problems += build(stem, args.lang, catalogue, args.allow_missing)
    sys.stderr.writelines(f"{problem}\n" for problem in problems)
    return int(bool(problems) and not args.allow_missing)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
