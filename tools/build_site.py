"""Build the course as a static website that reads anywhere, offline (`make book`).

Pages: the start page, each notebook (run by tools/runner.py, rendered by nbconvert), the glossary
(through ``helpers.load_corpus()``), the Markdown documents (teacher guide, worksheets, the data
README) and slide decks (``templates/slides.json``). The HTML is in ``tools/templates``, every
printed value escaped by ``helpers/markup.py``. Each edition (``notebooks/<lang>/``) is built in
``<lang>/``; every page links to the same page in the other editions. Nothing is fetched from
the web: an image from it stops the build. ``--student``: the student edition, in _build/student.

Usage: python tools/build_site.py [--out DIR] [--notebooks DIR] [--no-execute] [--timeout S]
       [--student]
"""

from __future__ import annotations

import argparse
import json
import posixpath
import re
import shutil
import sys
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

import mistune
import nbformat
from course import binder_link, origin  # tools/ is on sys.path: the script's own folder
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup
from mistune.toc import add_toc_hook
from nbconvert import HTMLExporter, SlidesExporter
from runner import (
    RunError,
    course_notebooks,
    edition_folders,
    read_notebook,
    run_notebook,
    site_words,
)

import helpers
from helpers.checks import encode_catalogue, encode_questions
from helpers.i18n import LANGUAGE_NAMES, LANGUAGES
from helpers.markup import escape_html, link_html, markdown_html

TOOLS = Path(__file__).resolve().parent
ROOT = TOOLS.parent
TEMPLATES = TOOLS / "templates"
MARKER = ".course-site"  # marks a folder this script built, so that it may replace it
SLIDES = TEMPLATES / "slides.json"
PARTS = ("header", "footer", "widget")  # the site's frame around nbconvert's notebook HTML
SUBTITLE = re.compile(r":\s| — | – ")  # between a title and its subtitle
MIMES = ("text/html", "text/markdown")  # the outputs a page shows as HTML
WEB = r"""["']?(?:https?:)?//"""  # the start of an address on the web
REMOTE_IMAGE = re.compile(rf"!\[[^\]]*\]\(\s*<?{WEB}|<img\b[^>]*\bsrc={WEB}", re.I)
FETCHES = re.compile(  # an element that would make the browser fetch from the web
    rf"<(?:img|script|link|iframe|source|video|audio)\b[^>]*\b(?:src|href)={WEB}", re.I
)


class BuildError(Exception):
    """The site could not be built; the message says which file (and cell) and why."""


class Page(NamedTuple):
    """One page of the site, in menu order; ``kind`` names its template."""

    href: str
    title: str
    label: str  # short label for the menu and the previous/next links
    kind: str  # index, notebook, glossary, document or slides
    source: Path | None = None
    content: object = None  # the notebook, the document's HTML or the glossary
    summary: str = ""
    time: str = ""


class Edition(NamedTuple):
    """The course in one language, read (or run) and ready to render into ``folder``."""

    lang: str
    folder: str  # the edition's folder in the site: "" (English) or "id/"
    notebook_dir: Path
    pages: list[Page]


def word(lang: str, text: str) -> str:
    """One of the site's own words in ``lang`` (site.po, made by tools/translate.py from the
    templates' ``_()`` and this file's ``word()``); English where it has no translation."""
    return site_words(lang).gettext(text)


SOLUTION_NAMES = "|".join(dict.fromkeys(re.escape(word(lang, "Solution")) for lang in LANGUAGES))
SOLUTION = re.compile(  # a folded solution, under its name in any edition
    rf"<details>\s*<summary>\s*(?:{SOLUTION_NAMES})\s*</summary>.*?</details>\s*", re.S | re.I
)


def translator(lang: str) -> Callable[..., Markup]:
    """The templates' ``_()``: the words translated and escaped, then the fields filled in
    (escaped too, unless Markup), as helpers' messages are."""
    return lambda text, **fields: Markup(escape_html(word(lang, text))).format(**fields)


def plain(markdown_text: str) -> str:
    """Markdown reduced to plain text, whitespace collapsed."""
    return Markup(mistune.html(markdown_text)).striptags()


def unnumbered(title: str) -> str:
    """A title without a leading notebook number ("01 — Background" -> "Background")."""
    return re.sub(r"^\s*\d{1,2}\s*[—–:.·|-]?\s*", "", title, count=1) or title


def describe(path: Path, notebook: nbformat.NotebookNode, time_heading: str) -> Page:
    """A notebook's page: its title (first H1), summary (first paragraph of prose) and time (the
    estimate opening the paragraph under its ``time_heading``), as plain text."""
    cells = [c.source for c in notebook.cells if c.cell_type == "markdown"]
    parts = [p.strip() for c in cells for p in re.split(r"\n\s*\n", c) if p.strip()]
    title = next((p[2:].strip() for p in parts if p.startswith("# ")), path.stem)
    prose = (plain(p) for p in parts if not p.startswith(("#", "|", "<", "!", "```", "-", "*")))
    summary = textwrap.shorten(next(prose, ""), 260, placeholder=" …")
    heading = re.compile(rf"#+\s+(?:{re.escape(time_heading)}|Time to complete)\s*$", re.I)
    after = next((plain(q) for p, q in pairwise(parts) if heading.match(p)), "")
    estimate = re.match(r"\D{0,30}?\d+(?:\s*[–-]\s*\d+)?\s+\w+", after)  # "About 50 minutes"
    time_text = estimate[0] if estimate else re.split(r"[:;]", after, maxsplit=1)[0]
    label = f"{path.stem[:2]} · {re.split(SUBTITLE, unnumbered(title), maxsplit=1)[0]}"
    return Page(f"{path.stem}.html", title, label, "notebook", path, notebook, summary, time_text)


def remote_images(notebook: nbformat.NotebookNode, name: str) -> list[str]:
    """The cells whose Markdown, or HTML or Markdown output, would show an image from the web."""
    found = []
    for number, cell in enumerate(notebook.cells, start=1):
        texts = [cell.source] if cell.cell_type == "markdown" else []
        texts += [str(o.get("data", {}).get(k, "")) for o in cell.get("outputs", []) for k in MIMES]
        if any(REMOTE_IMAGE.search(text) for text in texts):
            found.append(f"{name}: cell {number} shows an image from the web (not allowed)")
    return found


def offline(href: str, text: str) -> str:
    """The page's HTML, once sure it would make the browser fetch nothing from the web."""
    if FETCHES.search(text):
        raise BuildError(f"{href} would load from the web: {FETCHES.search(text)[0]}")
    return text


def slug(text: str) -> str:
    """A heading's id: its words in lower case, joined by hyphens."""
    return re.sub(r"[^\w]+", "-", text.lower()).strip("-") or "section"


def render_markdown(path: Path, href: str, label: str = "") -> Page:
    """A course-written Markdown document's page: its title and HTML (headings with ids)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BuildError(f"{path}: cannot read it as UTF-8 Markdown ({error})") from None
    title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), "")
    title = title or path.stem.replace("-", " ").capitalize()
    render = mistune.create_markdown(escape=False, plugins=["table", "strikethrough", "url"])
    add_toc_hook(render, min_level=1, max_level=6, heading_id=lambda tok, _: slug(tok["text"]))
    label = label or re.split(SUBTITLE, title)[0]
    return Page(href, title, label, "document", path, Markup(render(text)))


def glossary(corpus: helpers.Corpus) -> dict[str, object]:
    """The glossary's rows, explanations rendered, and the references they cite."""
    rows = corpus.table("glossary").to_dict("records")
    for row in rows:
        try:
            row["explanation"] = Markup(markdown_html(row["explanation"]))
        except ValueError as error:
            where = f"{corpus.data_dir / 'glossary.csv'}: term {row['term']!r}, field 'explanation'"
            raise BuildError(f"{where}: {error}") from None
    cited = dict.fromkeys(i for row in rows for i in row["reference_ids"].split())
    references = corpus.table("references").set_index("reference_id", drop=False)
    return {"rows": rows, "references": [references.loc[i].to_dict() for i in cited]}


def _escaped(value: object) -> object:
    """Jinja's finalize: escape every printed value with helpers.markup, except Markup."""
    return value if isinstance(value, Markup) else escape_html("" if value is None else value)


ENV = Environment(loader=FileSystemLoader(TEMPLATES), finalize=_escaped)
ENV.filters |= {"slug": slug, "unnumbered": unnumbered}
ENV.filters["link"] = lambda text, url: Markup(link_html(text, url))
ENV.globals["names"] = LANGUAGE_NAMES


def with_site_links(page: str, targets: dict[str, str], lang: str = "en") -> str:
    """Point links at the site's pages (a relative link to a file the site does not have keeps
    its text, not its target), and list a long page's sections under its title."""

    def relink(match: re.Match[str]) -> str:
        target, mark, fragment = match["url"].partition("#")
        if not target or re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
            return match[0]
        new = targets.get(target.removeprefix("./").removeprefix("../notebooks/"))
        return f'{match[1]} href="{new}{mark}{fragment}"' if new else match[1]

    page = re.sub(r"""(<a\b[^>]*?)\s+href=(["'])(?P<url>[^"']*)\2""", relink, page)
    h2 = re.finditer(r'<h2\b[^>]*\bid="(?P<id>[^"]+)"[^>]*>(?P<text>.*?)</h2>', page, re.S)
    # each H2's id and text; the "¶" of nbconvert's heading anchors is not part of the text
    sections = [(Markup(m["id"]).unescape(), Markup(m["text"]).striptags().strip(" ¶")) for m in h2]
    if len(sections) < 4:
        return page
    contents = ENV.get_template("contents.html.j2").render(sections=sections, _=translator(lang))
    return page.replace("</h1>", "</h1>\n" + contents, 1)


def read_edition(
    lang: str,
    notebook_dir: Path,
    *,
    data_dir: Path | None,
    execute: bool,
    timeout: int,
    report: Callable[[str], None],
) -> Edition:
    """One edition's pages: notebooks (run, or as stored), glossary (its data read in ``lang``,
    through the data catalogue) and documents; stops with every failing notebook."""
    previous = helpers.language()
    try:
        helpers.set_language(lang)
        corpus = helpers.load_corpus(data_dir)
    except (helpers.DataError, FileNotFoundError) as error:
        raise BuildError(str(error)) from None
    finally:
        helpers.set_language(previous)
    title = word(lang, "South Korea, NATO and the ITPP")
    pages = [Page("index.html", title, word(lang, "Start page"), "index")]
    failures = []
    for path in course_notebooks(notebook_dir):
        try:
            notebook = run_notebook(path, timeout)[0] if execute else read_notebook(path)
            failures += remote_images(notebook, path.name)
            pages.append(describe(path, notebook, word(lang, "Time to complete")))
            report(f"  {'executed' if execute else 'read'} {path.relative_to(notebook_dir.parent)}")
        except RunError as error:
            failures.append(str(error))
    if failures:
        raise BuildError("\n\n".join(failures))
    name = word(lang, "Glossary")
    pages.append(Page("glossary.html", name, name, "glossary", content=glossary(corpus)))
    for path in [*sorted(notebook_dir.glob("*.md")), *sorted(notebook_dir.glob("worksheets/*.md"))]:
        href = "-".join(path.relative_to(notebook_dir).with_suffix("").parts)  # worksheets-x
        pages.append(render_markdown(path, f"{href}.html"))
    readme = corpus.data_dir / ("README.md" if lang == "en" else f"README.{lang}.md")
    if readme.is_file():
        pages.append(render_markdown(readme, "data.html", word(lang, "Data")))
    return Edition(lang, "" if lang == "en" else f"{lang}/", notebook_dir, pages)


def build_site(
    out: Path,
    notebook_dir: Path = ROOT / "notebooks",
    data_dir: Path | None = None,
    execute: bool = True,
    timeout: int = 120,
    report: Callable[[str], None] = print,
    slides: Path | None = None,
    teacher: bool = True,
) -> list[Path]:
    """Build the site into ``out``, replaced only once every page is written. ``slides``: the
    decks to build; ``teacher``: pages print with their solutions (else without)."""
    options = {"data_dir": data_dir, "execute": execute, "timeout": timeout, "report": report}
    out = out.resolve()
    with replacing(out, MARKER) as staging:  # plain writes inside it
        folders = edition_folders(notebook_dir).items()
        editions = [read_edition(lang, folder, **options) for lang, folder in folders]
        notebooks = {p.source: p.content for p in editions[0].pages if p.kind == "notebook"}
        decks = build_slides(slides, notebooks, staging) if slides else []
        for edition in editions:
            write_edition(edition, editions, staging, decks, teacher)
        (staging / MARKER).write_text("built by tools/build_site.py\n", encoding="utf-8")
    return [out / edition.folder / page.href for edition in editions for page in edition.pages]


@contextmanager
def replacing(out: Path, marker: str) -> Iterator[Path]:
    """A staging folder that replaces ``out`` whole when the block succeeds (else it is removed
    and ``out`` kept); refuses at once if ``out`` holds files without this script's ``marker``."""
    if out.exists() and any(out.iterdir()) and not (out / marker).exists():
        raise BuildError(f"{out} was not built by this script: refusing to replace it")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must be able to read it
    try:
        yield staging
        shutil.rmtree(out, ignore_errors=True)
        staging.rename(out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def write_edition(
    edition: Edition, editions: list[Edition], staging: Path, decks: list[Page], teacher: bool
) -> None:
    """Render one edition's pages into its folder of ``staging``; each page links to the same
    page in every other edition (to its start page when it has no such page)."""
    lang, site_name = edition.lang, word(edition.lang, "Korea–NATO ITPP course")
    site = {e.folder + p.href for e in editions for p in e.pages} | {d.href for d in decks}

    def link(href: str) -> str:  # a file of the site, as this edition's pages link to it
        return posixpath.relpath(href, edition.folder or ".")

    targets = {link(href): link(href) for href in site}
    targets |= {"../data/README.md": "data.html", "../data/glossary.csv": "glossary.html"}
    for page in edition.pages:  # its file as the notebooks (or a worksheet, in its folder) link it
        if page.source and page.href != "data.html":
            name = page.source.relative_to(edition.notebook_dir).as_posix()  # worksheets/x.md
            targets |= dict.fromkeys((name, f"../{name}", page.source.name), page.href)
    decks = [deck._replace(href=link(deck.href)) for deck in decks]
    exporter = HTMLExporter(
        template_name="site",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_anchor_links=False,  # headings keep their ids: links and contents use them
        language_code=lang,
    )
    frame = {"pages": edition.pages, "site_name": site_name, "lang": lang, "_": translator(lang)}
    frame["binder"] = binder_link(origin(), lang)  # on the start page when the course is on GitHub
    (staging / edition.folder).mkdir(exist_ok=True)
    for number, page in enumerate(edition.pages):
        frame["switches"] = []  # (language, the same page in that edition, else its start page)
        for other in (e for e in editions if e != edition):
            same = other.folder + page.href
            href = same if same in site else other.folder + "index.html"
            frame["switches"].append((other.lang, link(href)))
        guide = page.href == "teacher-guide.html"
        frame |= {"current": number, "page": page, "teacher": teacher or guide}
        frame["slides"] = decks if guide else []
        if page.kind == "notebook":
            page.content.metadata["title"] = f"{page.title} · {site_name}"
            parts = {p: ENV.get_template(f"{p}.html.j2").render(frame) for p in PARTS}
            parts["teacher"] = frame["teacher"]
            text = exporter.from_notebook_node(page.content, resources={"site": parts})[0]
        else:
            text = ENV.get_template(f"{page.kind}.html.j2").render(frame)
        page_html = with_site_links(offline(page.href, text), targets, lang)
        (staging / edition.folder / page.href).write_text(page_html, encoding="utf-8")
    shutil.copy(TOOLS / "site.css", staging / edition.folder)


def build_slides(spec: Path, notebooks: dict, out: Path) -> list[Page]:
    """Decks a teacher can project offline: the cells ``spec`` names, one slide each, outputs
    without their code, and reveal.js from tools/vendor; returns the decks' pages."""
    cells_by_id = {(path.stem, c.get("id")): c for path, nb in notebooks.items() for c in nb.cells}
    exporter = SlidesExporter(
        template_name="slides",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        reveal_url_prefix="reveal.js",  # tools/vendor's, copied beside the decks
    )
    decks = []
    (out / "slides").mkdir()
    for name, deck in json.loads(spec.read_text(encoding="utf-8")).items():
        cells = []
        for stem, cell_id in deck["cells"]:
            if (stem, cell_id) not in cells_by_id:
                raise BuildError(f"{spec}: deck {name!r} names cell {cell_id!r} of {stem!r}: none")
            slide = {"id": f"{stem}-{cell_id}", "metadata": {"slideshow": {"slide_type": "slide"}}}
            cells.append(nbformat.from_dict(cells_by_id[stem, cell_id] | slide))
        notebook = nbformat.v4.new_notebook(cells=cells, metadata={"title": deck["title"]})
        href = f"slides/{name}.html"
        text = offline(href, exporter.from_notebook_node(notebook)[0])
        (out / href).write_text(text, encoding="utf-8")
        decks.append(Page(href, deck["title"], deck["title"], "slides"))
    shutil.copytree(TOOLS / "vendor" / "reveal.js", out / "slides" / "reveal.js")
    return decks


def student_edition(out: Path, execute: bool, timeout: int) -> list[Path]:
    """The course without its solutions (``make student``), in every edition: no solution box, no
    teacher guide, answers encoded by helpers/checks.py (which decodes them for the self-checks:
    they are hidden from casual reading only)."""
    out = out.resolve()
    with replacing(out, f"html/{MARKER}") as staging:
        skip = shutil.ignore_patterns("__pycache__", ".*")
        for folder in ("helpers", "data"):
            shutil.copytree(ROOT / folder, staging / folder, ignore=skip)
        encode_questions(ROOT / "data" / "questions.csv", staging / "data" / "questions.csv")
        for catalogue in (ROOT / "locale").glob("*/LC_MESSAGES/*.po"):
            encode_catalogue(catalogue, staging / catalogue.relative_to(ROOT).with_suffix(".mo"))
        for edition in edition_folders(ROOT / "notebooks").values():
            copy = staging / edition.relative_to(ROOT)
            (copy / "worksheets").mkdir(parents=True)
            for path in [*edition.glob("course_setup.py"), *edition.glob("worksheets/*.md")]:
                shutil.copy2(path, copy / path.relative_to(edition))
            for path in course_notebooks(edition):
                notebook = nbformat.read(path, as_version=4)
                for cell in notebook.cells:
                    if cell.cell_type == "markdown":
                        cell.source = SOLUTION.sub("", cell.source)
                nbformat.write(notebook, copy / path.name)
        written = build_site(
            staging / "html",
            staging / "notebooks",
            data_dir=staging / "data",
            execute=execute,
            timeout=timeout,
            teacher=False,
        )
    return [out / path.relative_to(staging) for path in written]


def main() -> int:
    """`make book` (or `make student`): build, then say where the site is, or why it failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="default: _build/html (_build/student)")
    parser.add_argument("--notebooks", type=Path, help="default: the course's notebooks/")
    parser.add_argument("--no-execute", action="store_true", help="use the stored outputs")
    parser.add_argument("--timeout", type=int, default=120, help="seconds per cell")
    parser.add_argument("--student", action="store_true", help="the student edition instead")
    options = parser.parse_args()
    if options.student and options.notebooks:
        parser.error("--student builds from the course's own notebooks/: leave out --notebooks")
    execute, timeout = not options.no_execute, options.timeout
    out = options.out or ROOT / "_build" / ("student" if options.student else "html")
    try:
        if options.student:
            written = student_edition(out, execute, timeout)
        else:
            notebooks = (options.notebooks or ROOT / "notebooks").resolve()
            slides = SLIDES if notebooks == ROOT / "notebooks" else None  # it names our cells
            written = build_site(out, notebooks, execute=execute, timeout=timeout, slides=slides)
    except BuildError as error:
        print(f"make book failed: {error}", file=sys.stderr)
        return 1
    print(f"Built {len(written)} pages: open {written[0].as_uri()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
