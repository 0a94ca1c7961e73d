"""Build the course as a static website that reads anywhere, offline (`make book`).

Pages, in menu order: ``index.html`` (start page: every notebook with its summary and time),
one page per notebook (executed fresh by tools/runner.py, rendered by nbconvert with the
template in ``tools/templates/site``), ``glossary.html`` (from ``helpers.load_corpus()``), one
page per Markdown document beside the notebooks (the teacher guide) and ``data.html``
(``data/README.md``, which defines the finding kinds). The HTML lives in ``tools/templates``;
every data value goes through ``helpers/markup.py``. Links are relative, so the site works from
``file://``; nothing is fetched from the network: an image from the web in a notebook or in the
data stops the build, naming the file and the cell. ``ITPP_DATA_DIR`` selects another data
folder, as everywhere in the course.

Usage: python tools/build_site.py [--out DIR] [--notebooks DIR] [--no-execute] [--timeout S]
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import mistune
import nbformat
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup
from mistune.toc import add_toc_hook
from nbconvert import HTMLExporter
from runner import RunError, course_notebooks, run_notebook, write_atomic  # tools/ on sys.path

import helpers
from helpers.markup import escape_html, link_html, markdown_html

TOOLS = Path(__file__).resolve().parent
ROOT = TOOLS.parent
TEMPLATES = TOOLS / "templates"
MARKER = ".course-site"  # marks a folder this script built, so it may replace it
SITE_NAME = "Korea–NATO ITPP course"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = (
    '<p class="site-widget-note">Interactive widget: it works when you run this notebook in '
    "JupyterLab (<code>make lab</code> or Binder); a static page cannot show it.</p>"
)
LINK = re.compile(r"""(<a\b[^>]*?)\s+href=(["'])(?P<url>[^"']*)\2""")
H2 = re.compile(r'<h2\b[^>]*\bid="(?P<id>[^"]+)"[^>]*>(?P<text>.*?)</h2>', re.DOTALL)
FETCHES = re.compile(
    r"""<(?:img|script|link|iframe|source|video|audio)\b[^>]*\b(?:src|href)=["']?(?:https?:)?//""",
    re.IGNORECASE,
)
NUMBER_PREFIX = re.compile(r"^\s*(?:notebook\s+)?\d{1,2}\s*(?:[—–:.·|-]\s*)?", re.IGNORECASE)


class BuildError(Exception):
    """The site could not be built; the message says which file (and cell) and why."""


@dataclass(frozen=True)
class Page:
    """One page of the site, in menu order."""

    href: str
    title: str
    label: str  # short label for the menu and the previous/next links
    kind: str  # index, notebook, glossary or document
    source: Path | None = None
    summary: str = ""
    time: str = ""

    @property
    def heading(self) -> str:
        """The title without a leading notebook number ("01 — Background" -> "Background")."""
        return NUMBER_PREFIX.sub("", self.title, count=1).strip() or self.title


def plain(markdown_text: str) -> str:
    """Markdown reduced to plain text, whitespace collapsed."""
    rendered = re.sub(r"<[^>]+>", " ", str(mistune.html(markdown_text)))
    return " ".join(html.unescape(rendered).split())


def paragraphs(notebook: nbformat.NotebookNode) -> list[str]:
    """Every Markdown paragraph and heading of a notebook, in order."""
    cells = [c.source for c in notebook.cells if c.cell_type == "markdown"]
    return [p.strip() for c in cells for p in re.split(r"\n\s*\n", c) if p.strip()]


def describe(notebook: nbformat.NotebookNode, fallback: str) -> tuple[str, str, str]:
    """Title (first H1), summary (first paragraph of prose) and time to complete (the first
    clause after a "Time to complete" heading) of a notebook, as plain text."""
    parts = paragraphs(notebook)
    title = next((p[2:].strip() for p in parts if p.startswith("# ")), fallback)
    prose = (plain(p) for p in parts if not p.startswith(("#", "|", "<", "!", "```", "-", "*")))
    summary = next(prose, "")
    if len(summary) > 260:
        summary = summary[:260].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    heading = next((i for i, p in enumerate(parts) if re.match(r"#+\s+time to", p, re.I)), None)
    later = parts[heading + 1 :] if heading is not None else []
    time_text = re.split(r"[:;]", plain(later[0]), maxsplit=1)[0] if later else ""
    return title, summary, time_text


def remote_images(notebook: nbformat.NotebookNode, name: str) -> list[str]:
    """Cells whose Markdown or HTML output would embed an image from the web."""
    found = []
    for number, cell in enumerate(notebook.cells, start=1):
        texts = [str(mistune.html(cell.source))] if cell.cell_type == "markdown" else []
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            texts += [data.get("text/html", ""), str(mistune.html(data.get("text/markdown", "")))]
        if any(FETCHES.search("".join(t) if isinstance(t, list) else t) for t in texts):
            found.append(f"{name}: cell {number} embeds an image from the web (not allowed)")
    return found


def short(title: str) -> str:
    """The part of a title before its colon or dash ("Background: NATO…" -> "Background")."""
    return re.split(r":\s| — | – ", title, maxsplit=1)[0]


def slug(text: str) -> str:
    return re.sub(r"[^\w]+", "-", text.lower()).strip("-") or "section"


def render_markdown(path: Path) -> tuple[str, Markup]:
    """A course-written Markdown document as (title, HTML with heading ids)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BuildError(f"{path}: cannot read it as UTF-8 Markdown ({error})") from None
    title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), "")
    render = mistune.create_markdown(escape=False, plugins=["table", "strikethrough", "url"])
    add_toc_hook(render, min_level=1, max_level=6, heading_id=lambda tok, _: slug(tok["text"]))
    return title or path.stem.replace("-", " ").capitalize(), Markup(render(text))


def glossary_context(corpus: helpers.Corpus) -> dict[str, object]:
    """Glossary rows and the references they cite, from the checked corpus."""
    references = corpus.table("references").set_index("reference_id", drop=False)
    rows, cited = [], []
    for row in corpus.table("glossary").itertuples():
        try:
            explanation = Markup(markdown_html(row.explanation))
        except ValueError as error:
            glossary = corpus.data_dir / "glossary.csv"
            raise BuildError(
                f"{glossary}: term {row.term!r}, field 'explanation': {error}"
            ) from None
        ids = row.reference_ids.split()
        cited += [i for i in ids if i not in cited]
        rows.append(
            {**row._asdict(), "slug": slug(row.term), "explanation": explanation}
            | {"source_ids": row.source_ids.split(), "reference_ids": ids}
        )
    refs = [
        {
            "reference_id": ref.reference_id,
            "link": Markup(link_html(ref.title, ref.url)),
            "details": ", ".join(value for value in (ref.publisher, ref.date) if value),
        }
        for ref in (references.loc[i] for i in cited)
    ]
    return {"rows": rows, "references": refs}


def with_site_links(page_html: str, pages: dict[str, str]) -> str:
    """Point links at the site's pages; a relative link to a file the site does not have keeps
    its text but loses its target. Adds a contents list after the title of a long page."""

    def relink(match: re.Match[str]) -> str:
        target, mark, fragment = match.group("url").partition("#")
        if not target or re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
            return match.group(0)
        page = pages.get(target.removeprefix("./").removeprefix("../notebooks/"))
        return f'{match.group(1)} href="{page}{mark}{fragment}"' if page else match.group(1)

    page_html = LINK.sub(relink, page_html)
    headings = [(m["id"], re.sub(r"<[^>]+>|¶", "", m["text"])) for m in H2.finditer(page_html)]
    if len(headings) < 4:
        return page_html
    items = "".join(
        f'<li><a href="#{escape_html(html.unescape(anchor))}">'
        f"{escape_html(html.unescape(text).strip())}</a></li>"
        for anchor, text in headings
    )
    contents = f'<nav class="site-contents" aria-label="On this page"><ol>{items}</ol></nav>'
    return page_html.replace("</h1>", "</h1>\n" + contents, 1)


def build_site(
    out: Path,
    notebook_dir: Path = ROOT / "notebooks",
    data_dir: Path | None = None,
    execute: bool = True,
    timeout: float = 300.0,
    report: Callable[[str], None] = print,
) -> list[Path]:
    """Build the whole site into ``out`` (replaced only once everything succeeded)."""
    try:
        corpus = helpers.load_corpus(data_dir)
    except helpers.DataError as error:
        raise BuildError(str(error)) from None
    notebooks, failures = {}, []
    for path in course_notebooks(notebook_dir):
        try:
            if execute:
                notebooks[path] = run_notebook(path, budget=timeout)[0]
                report(f"  executed {path.name}")
            else:
                notebooks[path] = nbformat.read(path, as_version=4)
        except RunError as error:
            failures.append(str(error))
        except Exception as error:  # nbformat raises JSON, validation and OS errors
            failures.append(f"{path}: not a readable notebook ({error})")
    failures += [p for path, nb in notebooks.items() for p in remote_images(nb, path.name)]
    if failures:
        raise BuildError("\n\n".join(failures))

    pages = [Page("index.html", "South Korea, NATO and the ITPP", "Start page", "index")]
    for path, notebook in notebooks.items():
        title, summary, time_text = describe(notebook, path.stem)
        label = f"{path.stem[:2]} · {short(Page('', title, '', '').heading)}"
        pages.append(Page(f"{path.stem}.html", title, label, "notebook", path, summary, time_text))
    pages.append(Page("glossary.html", "Glossary", "Glossary", "glossary"))
    documents = {}
    readme = corpus.data_dir / "README.md"
    for path in [*sorted(notebook_dir.glob("*.md")), *([readme] if readme.is_file() else [])]:
        title, documents[path] = render_markdown(path)
        href = "data.html" if path == readme else f"{path.stem}.html"
        label = "Data" if path == readme else short(title)
        pages.append(Page(href, title, label, "document", path))
    links = {p.href: p.href for p in pages}
    links.update({p.source.name: p.href for p in pages if p.source and p.source != readme})
    links.update({"../data/README.md": "data.html", "../data/glossary.csv": "glossary.html"})

    env = Environment(loader=FileSystemLoader(TEMPLATES), finalize=_escaped, autoescape=False)
    exporter = HTMLExporter(template_name="site", extra_template_basedirs=[str(TEMPLATES)])
    exporter.exclude_anchor_links = False
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must be able to read it
    try:
        for number, page in enumerate(pages):
            frame = {"pages": pages, "current": number, "site_name": SITE_NAME}
            if page.kind == "notebook":
                resources = {
                    "site": {
                        part: env.get_template(f"{part}.html.j2").render(**frame)
                        for part in ("header", "footer")
                    }
                }
                notebook = static_widgets(notebooks[page.source])
                notebook.metadata["title"] = f"{page.title} · {SITE_NAME}"
                text = exporter.from_notebook_node(notebook, resources=resources)[0]
            else:
                context = {"title": page.title, "kind": page.kind, **frame}
                if page.kind == "glossary":
                    context.update(glossary_context(corpus))
                elif page.kind == "index":
                    context["notebooks"] = [p for p in pages if p.kind == "notebook"]
                    context["others"] = [p for p in pages[1:] if p.kind != "notebook"]
                context["body"] = documents.get(page.source)
                text = env.get_template(f"{page.kind}.html.j2").render(**context)
            if FETCHES.search(text):
                raise BuildError(f"{page.href} would load from the network: {FETCHES.search(text)}")
            write_atomic(staging / page.href, with_site_links(text, links))
        shutil.copyfile(TOOLS / "site.css", staging / "site.css")
        write_atomic(staging / MARKER, "built by tools/build_site.py\n")
        if out.exists():
            if not (out / MARKER).exists() and any(out.iterdir()):
                raise BuildError(f"{out} exists and was not built by this script: refusing")
            shutil.rmtree(out)
        staging.rename(out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [out / page.href for page in pages]


def _escaped(value: object) -> object:
    """Jinja's finalize: every value printed by a template is escaped by helpers.markup,
    except HTML built on purpose (Markup: rendered Markdown, links made by link_html)."""
    return value if isinstance(value, Markup) else escape_html("" if value is None else value)


def static_widgets(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Replace interactive widget outputs (which need a kernel) by a short note."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if WIDGET_MIME in output.get("data", {}):
                output["data"] = {"text/html": WIDGET_NOTE, "text/plain": "(interactive widget)"}
    notebook.metadata.pop("widgets", None)
    return notebook


def main(arguments: list[str] | None = None) -> int:
    """Command line entry point (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--notebooks", type=Path, default=ROOT / "notebooks")
    parser.add_argument("--no-execute", action="store_true", help="use the stored outputs")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per notebook")
    options = parser.parse_args(arguments)
    started = time.perf_counter()
    try:
        written = build_site(
            options.out, options.notebooks.resolve(), None, not options.no_execute, options.timeout
        )
    except BuildError as error:
        print(f"make book failed: {error}", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - started
    print(f"Built {len(written)} page(s) in {seconds:.1f} s: open {written[0].as_uri()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
