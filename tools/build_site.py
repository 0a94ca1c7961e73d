"""Build the course as a static website that can be read anywhere (`make book`).

The site is plain HTML under ``_build/html`` (by default):

- ``index.html``: the start page, listing every notebook with its title and first paragraph;
- ``NN-name.html``: one page per notebook in ``notebooks/``, executed fresh for this build;
- ``glossary.html``: the glossary table built from ``data/glossary.csv`` (every cell escaped);
- ``teacher-guide.html`` (and any other ``notebooks/*.md``): Markdown rendered with mistune;
- ``site.css``: the site's own small stylesheet (``tools/site.css``).

Every page has the same menu and previous/next links, and every link is relative, so the site
works from ``file://`` and from any web host. Nothing is fetched from the network, neither while
building nor while reading: the CDN scripts of nbconvert's template (require.js, MathJax,
Mermaid, the widget manager) are left out, and interactive widgets are replaced by a note that
they need JupyterLab.

Notebooks are executed in a temporary copy of the notebooks folder (the committed notebooks are
never rewritten), each with a time budget. If a cell raises, the build stops with a message
naming the notebook and the cell. Links written as ``NN-name.ipynb`` (and ``teacher-guide.md``)
in Markdown become links to the matching ``.html`` page.

Usage: python tools/build_site.py [--out DIR] [--notebooks DIR] [--no-execute] [--timeout S]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import csv
import html
import multiprocessing
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mistune
import nbformat
from jinja2 import DictLoader
from mistune.toc import add_toc_hook
from nbconvert import HTMLExporter

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "_build" / "html"
DEFAULT_NOTEBOOKS = ROOT / "notebooks"
DEFAULT_DATA = ROOT / "data"
CSS_FILE = Path(__file__).resolve().parent / "site.css"
NOTEBOOK_GLOB = "[0-9][0-9]-*.ipynb"
MARKER = ".course-site"  # marks a folder this script built, so it may replace it

SITE_NAME = "Korea–NATO ITPP course"
SITE_TITLE = "South Korea, NATO and the ITPP"
SITE_TAGLINE = "Reading two Indonesian news reports against the record"
LICENCE_LINE = "Code MIT · prose CC BY 4.0 · the news texts remain their publishers'"

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = (
    '<p class="site-widget-note">Interactive widget: it works when you run this notebook in '
    "JupyterLab (<code>make lab</code> or Binder); a static page cannot show it.</p>"
)
GLOSSARY_COLUMNS = [
    "term",
    "indonesian",
    "english",
    "korean",
    "explanation",
    "source_ids",
    "reference_ids",
]
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
HREF = re.compile(r"""(?P<attr>\bhref=)(?P<quote>["'])(?P<url>[^"']*)(?P=quote)""")
LOCAL_URL = re.compile(r"""\b(?:href|src)=(["'])(?P<url>[^"']*)\1""")
NOTEBOOK_LINK = re.compile(r"^(?:\./)?(?:\.\./notebooks/)?(?P<stem>[0-9]{2}-[\w.-]+)\.ipynb$")
EXTERNAL_IMAGE = re.compile(
    r"""<img\b[^>]*\bsrc=["'](?P<url>(?:https?:)?//[^"']*)["']""", re.IGNORECASE
)
EXTERNAL_ASSET = re.compile(
    r"""<(?:script|link)\b[^>]*\b(?:src|href)=["'](?:https?:)?//[^"']*["']""", re.IGNORECASE
)

# nbconvert's JupyterLab template, minus everything that would load from a CDN, plus our menu.
NOTEBOOK_TEMPLATE = """\
{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_css -%}
<link rel="stylesheet" href="site.css">
{%- endblock html_head_css -%}
{%- block body_header -%}
<body class="jp-Notebook site-page site-notebook" data-jp-theme-light="true"
  data-jp-theme-name="JupyterLab Light">
{{ resources.site.header }}
<main id="content">
{%- endblock body_header -%}
{%- block body_footer -%}
</main>
{{ resources.site.footer }}
</body>
{%- endblock body_footer -%}
"""

PAGE_SHELL = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{title}</title>
<link rel="stylesheet" href="site.css">
</head>
<body class="site-page site-page-{kind}">
{header}
<main id="content" class="site-prose">
{body}
</main>
{footer}
</body>
</html>
"""


class BuildError(Exception):
    """The site could not be built; the message says which file (and cell) and why."""


@dataclass(frozen=True)
class Page:
    """One page of the site, in reading order."""

    href: str  # file name in the site, e.g. "01-background.html"
    title: str  # full title (the notebook's or document's H1)
    label: str  # short label for the menu and the previous/next links
    source: Path | None = None  # the notebook or Markdown file it is built from
    summary: str = ""  # one or two sentences for the start page


# --------------------------------------------------------------------------- discovery


def discover_notebooks(notebook_dir: Path) -> list[Path]:
    """The course notebooks (``NN-name.ipynb``) in reading order."""
    return sorted(notebook_dir.glob(NOTEBOOK_GLOB))


def discover_documents(notebook_dir: Path) -> list[Path]:
    """Markdown documents beside the notebooks (the teacher guide), in name order."""
    return sorted(p for p in notebook_dir.glob("*.md") if p.name.lower() != "readme.md")


def markdown_title(text: str) -> str | None:
    """The first level-1 ATX heading of a Markdown text, without its ``#``, or None."""
    for line in text.splitlines():
        match = re.match(r"^#\s+(.+?)\s*#*\s*$", line)
        if match:
            return match.group(1).strip()
    return None


def read_notebook(path: Path) -> nbformat.NotebookNode:
    """A notebook as stored (BuildError naming the file if it is not a readable notebook)."""
    try:
        return nbformat.read(path, as_version=4)
    except Exception as error:  # nbformat raises several kinds (JSON, validation, OS)
        raise BuildError(
            f"{path}: not a readable notebook ({type(error).__name__}: {error})"
        ) from None


def notebook_title(notebook: nbformat.NotebookNode, fallback: str) -> str:
    """The notebook's H1 title (the first ``# `` heading of a Markdown cell)."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            title = markdown_title(cell.source)
            if title:
                return title
    return fallback


def plain_text(markdown_text: str) -> str:
    """Markdown reduced to plain text (rendered, then tags dropped), whitespace collapsed."""
    rendered = str(mistune.html(markdown_text))
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", rendered)).split())


def notebook_summary(notebook: nbformat.NotebookNode, limit: int = 260) -> str:
    """The first paragraph after the title, as plain text, shortened at a word to ``limit``."""
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", cell.source) if p.strip()]
        for paragraph in paragraphs:
            if paragraph.startswith(("#", "|", "<", "!", "```", "-", "*", ">")):
                continue
            text = plain_text(paragraph)
            if len(text) <= limit:
                return text
            return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return ""


NUMBER_PREFIX = re.compile(r"^\s*(?:notebook\s+)?\d{1,2}\s*(?:[—–:.·|-]\s*)?", re.IGNORECASE)


def bare_title(title: str) -> str:
    """A title without a leading notebook number ("01 — Background" -> "Background")."""
    return NUMBER_PREFIX.sub("", title, count=1).strip() or title


def short_title(title: str) -> str:
    """The part of a title before its colon or dash ("Background: NATO…" -> "Background")."""
    return re.split(r":\s| — | – ", bare_title(title), maxsplit=1)[0]


def short_label(stem: str, title: str) -> str:
    """Menu label: the notebook's number (from its file name) and its short title."""
    return f"{stem[:2]} · {short_title(title)}"


# --------------------------------------------------------------------------- execution


def _describe_cell(notebook_name: str, index: int, cell: Any) -> str:
    """'NN-name.ipynb: cell 7 (…), which starts 'first line'' for error messages."""
    source = cell.source if cell is not None else ""
    first_line = next((line.strip() for line in source.splitlines() if line.strip()), "")
    return f"{notebook_name}: cell {index + 1} (counting all cells from 1), starting {first_line!r}"


def _poll_in_slices(channel: Any, step: float = 0.25) -> None:
    """Make ``channel.get_msg(timeout)`` poll in short slices instead of one long wait.

    With widget cells (many comm messages), one long zmq.asyncio poll sometimes misses the
    wake-up and only returns when its timeout ends: the build then stalls for the whole cell
    timeout (seen: 120 s after an ``interact`` cell; jupyter/nbclient#312). A fresh short poll
    sees the waiting message at once. The overall timeout is kept.
    """
    from queue import Empty

    original = channel.get_msg

    async def get_msg(timeout: float | None = None) -> dict[str, Any]:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = step if deadline is None else max(0.0, min(step, deadline - time.monotonic()))
            try:
                return await original(timeout=left)
            except Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise

    channel.get_msg = get_msg


def poll_kernel_in_slices(client: Any) -> None:
    """Apply :func:`_poll_in_slices` to an nbclient ``NotebookClient``'s kernel channels as soon
    as its kernel starts (also used by ``make execute`` and ``make bench``)."""

    def patch_channels(**_: Any) -> None:
        _poll_in_slices(client.kc.shell_channel)
        _poll_in_slices(client.kc.iopub_channel)

    client.on_notebook_start = patch_channels


def execute_notebook(
    path: Path, workdir: Path, timeout: float = 300.0, cell_timeout: float = 120.0
) -> str:
    """Run one notebook top to bottom in a fresh kernel, with ``workdir`` as working directory.

    The file is read, never written: the executed notebook is returned as JSON text. The whole
    notebook gets ``timeout`` seconds (and one cell at most ``cell_timeout``). Raises BuildError
    naming the notebook and the cell when a cell raises or the time runs out. Cells tagged
    ``raises-exception`` may raise, as under nbval and in JupyterLab.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    notebook = read_notebook(path)
    deadline = time.monotonic() + timeout
    current: dict[str, Any] = {"index": 0, "cell": None}

    def remember(cell: Any, cell_index: int, **_: Any) -> None:
        current.update(index=cell_index, cell=cell)

    def time_left(cell: Any) -> int:
        return max(1, int(min(cell_timeout, deadline - time.monotonic())))

    client = NotebookClient(
        notebook,
        timeout=int(cell_timeout),
        timeout_func=time_left,
        startup_timeout=60,
        kernel_name="python3",
        allow_errors=False,
        resources={"metadata": {"path": str(workdir)}},
        on_cell_start=remember,
    )

    poll_kernel_in_slices(client)
    # The kernel's own chatter (warnings, its noise when stopped after a timeout) goes to a log
    # file beside the copy, quoted only if the kernel dies.
    kernel_log = workdir.parent / f"kernel-{path.stem}.log"
    try:
        with kernel_log.open("wb") as log:
            client.execute(stdout=log, stderr=log)
    except CellExecutionError as error:
        where = _describe_cell(path.name, current["index"], current["cell"])
        message = ANSI.sub("", str(error)).strip()
        tail = "\n".join(message.splitlines()[-25:])
        raise BuildError(
            f"{where} raised {error.ename}: {error.evalue}\n--- end of the traceback ---\n{tail}"
        ) from None
    except (CellTimeoutError, TimeoutError) as error:
        where = _describe_cell(path.name, current["index"], current["cell"])
        raise BuildError(
            f"{where} did not finish in time (budget {timeout:.0f} s per notebook, "
            f"{cell_timeout:.0f} s per cell): {error}"
        ) from None
    except DeadKernelError as error:
        where = _describe_cell(path.name, current["index"], current["cell"])
        log_tail = "\n".join(kernel_log.read_text(errors="replace").splitlines()[-20:])
        raise BuildError(f"{where}: the kernel died ({error})\n{log_tail}") from None
    return nbformat.writes(notebook)


def _execute_job(path: str, workdir: str, timeout: float, cell_timeout: float) -> str:
    """Process-pool entry point (arguments are plain strings so that they pickle)."""
    return execute_notebook(Path(path), Path(workdir), timeout, cell_timeout)


def execute_all(
    paths: Sequence[Path],
    timeout: float,
    cell_timeout: float,
    jobs: int,
    report: Callable[[str], None] = print,
) -> dict[Path, nbformat.NotebookNode]:
    """Execute every notebook in a temporary copy of its folder (``jobs`` at a time).

    The notebooks' folder is copied, and so is a sibling ``data/`` folder, so relative paths in
    the notebooks work and anything a notebook writes lands in the copy. Returns the executed
    notebooks keyed by their original path; raises one BuildError describing every failing
    notebook, in reading order.
    """
    if not paths:
        return {}
    source_dir = paths[0].parent
    results: dict[Path, nbformat.NotebookNode] = {}
    with tempfile.TemporaryDirectory(prefix="course-site-") as scratch:
        copy_dir = Path(scratch) / source_dir.name
        shutil.copytree(source_dir, copy_dir, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        if (source_dir.parent / "data").is_dir():
            shutil.copytree(source_dir.parent / "data", Path(scratch) / "data")
        context = multiprocessing.get_context("spawn")
        with concurrent.futures.ProcessPoolExecutor(max(1, jobs), mp_context=context) as pool:
            started = time.perf_counter()
            futures = {
                path: pool.submit(
                    _execute_job, str(copy_dir / path.name), str(copy_dir), timeout, cell_timeout
                )
                for path in paths
            }
            failures: list[str] = []
            for path, future in futures.items():
                try:
                    results[path] = nbformat.reads(future.result(), as_version=4)
                    report(
                        f"  executed {path.name} (done at {time.perf_counter() - started:.1f} s)"
                    )
                except BuildError as error:
                    failures.append(str(error))
                except Exception as error:  # e.g. unreadable JSON, a kernel that cannot start
                    failures.append(f"{path.name}: {type(error).__name__}: {error}")
            if failures:
                raise BuildError("\n\n".join(failures))
    return results


# --------------------------------------------------------------------------- rendering


def rewrite_links(text: str, pages: dict[str, str]) -> str:
    """Point links at the site: ``NN-name.ipynb`` becomes ``NN-name.html``.

    ``pages`` maps other relative targets (e.g. ``teacher-guide.md``) to their page. A
    ``#fragment`` is kept; absolute URLs and in-page anchors are left alone.
    """

    def replace(match: re.Match[str]) -> str:
        url = match.group("url")
        target, hash_mark, fragment = url.partition("#")
        page = pages.get(target) or pages.get(target.removeprefix("./"))
        notebook = NOTEBOOK_LINK.match(target)
        if page is None and notebook:
            page = f"{notebook.group('stem')}.html"
        if page is None:
            return match.group(0)
        quote = match.group("quote")
        return f"{match.group('attr')}{quote}{page}{hash_mark}{fragment}{quote}"

    return HREF.sub(replace, text)


def navigation(pages: Sequence[Page], current: int) -> tuple[str, str]:
    """The header (site name and menu) and footer (previous/next, licence) of one page."""
    items = []
    for number, page in enumerate(pages):
        mark = ' aria-current="page"' if number == current else ""
        items.append(
            f'<li><a href="{html.escape(page.href)}"{mark}>{html.escape(page.label)}</a></li>'
        )
    pager = pager_links(pages, current)
    header = (
        '<a class="site-skip" href="#content">Skip to content</a>\n'
        '<header class="site-header">\n<div class="site-bar">\n'
        f'<a class="site-name" href="index.html">{html.escape(SITE_NAME)}</a>\n'
        '<details class="site-menu">\n<summary>Menu</summary>\n'
        '<nav aria-label="Course pages"><ol>\n' + "\n".join(items) + "\n</ol></nav>\n"
        "</details>\n</div>\n"
        f"{pager}\n</header>"
    )
    footer = (
        f'<footer class="site-footer">\n{pager}\n'
        f'<p class="site-licence">{html.escape(SITE_NAME)} · {html.escape(LICENCE_LINE)}</p>\n'
        "</footer>"
    )
    return header, footer


def pager_links(pages: Sequence[Page], current: int) -> str:
    """Previous and next links (either may be absent at the ends)."""
    parts = ['<nav class="site-pager" aria-label="Previous and next page">']
    if current > 0:
        page = pages[current - 1]
        parts.append(
            f'<a class="site-prev" rel="prev" href="{html.escape(page.href)}">'
            f"<span>Previous</span> {html.escape(page.label)}</a>"
        )
    if current < len(pages) - 1:
        page = pages[current + 1]
        parts.append(
            f'<a class="site-next" rel="next" href="{html.escape(page.href)}">'
            f"<span>Next</span> {html.escape(page.label)}</a>"
        )
    parts.append("</nav>")
    return "".join(parts)


def page_title(title: str) -> str:
    """The browser title of a page: its own title, then the site's name."""
    return f"{title} · {SITE_NAME}"


def static_widgets(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Replace interactive widget outputs (which need a kernel) by a short note."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if WIDGET_MIME in output.get("data", {}):
                output["data"] = {"text/html": WIDGET_NOTE, "text/plain": "(interactive widget)"}
    notebook.metadata.pop("widgets", None)
    return notebook


def notebook_exporter() -> HTMLExporter:
    """nbconvert's JupyterLab HTML exporter with the site's offline template."""
    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[DictLoader({"site-notebook.html.j2": NOTEBOOK_TEMPLATE})],
        template_file="site-notebook.html.j2",
        embed_images=True,
    )
    exporter.exclude_anchor_links = False
    return exporter


def render_notebook(
    exporter: HTMLExporter,
    notebook: nbformat.NotebookNode,
    source: Path,
    pages: Sequence[Page],
    current: int,
    links: dict[str, str],
) -> str:
    """One notebook as a complete HTML page with the site's menu and links."""
    header, footer = navigation(pages, current)
    notebook = static_widgets(notebook)
    notebook.metadata["title"] = page_title(pages[current].title)
    resources = {
        "metadata": {"name": source.stem, "path": str(source.parent)},
        "site": {"header": header, "footer": footer},
    }
    body, _ = exporter.from_notebook_node(notebook, resources=resources)
    return rewrite_links(body, links)


def _slug(text: str) -> str:
    return re.sub(r"[^\w]+", "-", text.lower(), flags=re.UNICODE).strip("-") or "section"


def markdown_renderer(escape: bool) -> mistune.Markdown:
    """mistune with GitHub-like tables and heading ids (for links to sections)."""
    renderer = mistune.create_markdown(
        escape=escape, plugins=["table", "strikethrough", "footnotes", "url", "task_lists"]
    )
    add_toc_hook(
        renderer, min_level=1, max_level=6, heading_id=lambda token, _: _slug(token["text"])
    )
    return renderer


def render_shell(title: str, kind: str, body: str, pages: Sequence[Page], current: int) -> str:
    """A non-notebook page (start page, glossary, documents) in the site's frame."""
    header, footer = navigation(pages, current)
    return PAGE_SHELL.format(
        title=html.escape(page_title(title)), kind=kind, header=header, body=body, footer=footer
    )


def render_index(pages: Sequence[Page]) -> str:
    """The start page: what the course is, and every page with its summary."""
    notebooks = [p for p in pages[1:] if p.source is not None and p.source.suffix == ".ipynb"]
    others = [p for p in pages[1:] if p not in notebooks]
    entries = []
    for page in notebooks:
        summary = f"<p>{html.escape(page.summary)}</p>" if page.summary else ""
        number = html.escape(page.href[:2])
        entries.append(
            f'<li><span class="site-num" aria-hidden="true">{number}</span>'
            f'<a href="{html.escape(page.href)}">{html.escape(bare_title(page.title))}</a>'
            f"{summary}</li>"
        )
    extra = "".join(
        f'<li><a href="{html.escape(p.href)}">{html.escape(p.title)}</a></li>' for p in others
    )
    notebook_list = (
        f'<ol class="site-toc" start="0">{"".join(entries)}</ol>'
        if entries
        else "<p>No notebooks have been written yet.</p>"
    )
    body = (
        f"<h1>{html.escape(SITE_TITLE)}</h1>\n"
        f'<p class="site-tagline">{html.escape(SITE_TAGLINE)}</p>\n'
        "<p>On 11 July 2023, at the NATO summit in Vilnius, South Korea and NATO adopted an "
        "Individually Tailored Partnership Programme (ITPP). This course reads two Indonesian "
        "news reports about it closely: what happened, what the agreement contains, and where "
        "the reports differ from each other and from the public record.</p>\n"
        "<p>These pages show the notebooks with their outputs, for reading. To run the code and "
        "do the exercises, open the course in JupyterLab (<code>make lab</code> in the course "
        "folder, or on Binder).</p>\n"
        f"<h2>The notebooks</h2>\n{notebook_list}\n"
        + (f'<h2>Also in this course</h2>\n<ul class="site-more">{extra}</ul>\n' if extra else "")
    )
    return render_shell(SITE_TITLE, "index", body, pages, 0)


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV file as dictionaries (BuildError naming the file if unreadable)."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return [dict(row) for row in csv.DictReader(handle)]
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise BuildError(f"{path}: cannot read it as a UTF-8 CSV file ({error})") from None


def _split_ids(value: str | None) -> list[str]:
    return [part for part in re.split(r"[;,\s]+", value or "") if part]


def render_glossary(glossary_csv: Path, data_dir: Path) -> str:
    """The glossary table's body HTML. Every value is HTML-escaped; the explanation may use
    Markdown (raw HTML in it is escaped, not interpreted)."""
    rows = read_csv_rows(glossary_csv)
    if rows:
        missing = [c for c in GLOSSARY_COLUMNS if c not in rows[0]]
        if missing:
            raise BuildError(f"{glossary_csv}: missing column(s) {', '.join(missing)}")
    references = {}
    if (data_dir / "references.csv").is_file():
        references = {r["reference_id"]: r for r in read_csv_rows(data_dir / "references.csv")}
    sources = {}
    if (data_dir / "sources.csv").is_file():
        sources = {r["source_id"]: r for r in read_csv_rows(data_dir / "sources.csv")}
    markdown = markdown_renderer(escape=True)
    cited: list[str] = []
    body_rows = []
    for row in rows:
        term = row.get("term") or ""
        source_links = []
        for source_id in _split_ids(row.get("source_ids")):
            outlet = sources.get(source_id, {}).get("outlet", "")
            hint = f' title="{html.escape(outlet)}"' if outlet else ""
            source_links.append(f"<span{hint}>{html.escape(source_id)}</span>")
        reference_links = []
        for reference_id in _split_ids(row.get("reference_ids")):
            if reference_id in references:
                if reference_id not in cited:
                    cited.append(reference_id)
                reference_links.append(
                    f'<a href="#ref-{html.escape(_slug(reference_id))}">'
                    f"{html.escape(reference_id)}</a>"
                )
            else:
                reference_links.append(html.escape(reference_id))
        explanation = str(markdown(row.get("explanation") or ""))
        body_rows.append(
            f'<tr id="term-{html.escape(_slug(term))}">'
            f'<th scope="row">{html.escape(term)}</th>'
            f'<td lang="id" data-label="Indonesian">{html.escape(row.get("indonesian") or "")}</td>'
            f'<td lang="en" data-label="English">{html.escape(row.get("english") or "")}</td>'
            f'<td lang="ko" data-label="Korean">{html.escape(row.get("korean") or "")}</td>'
            f'<td class="site-explanation" data-label="explanation">{explanation}</td>'
            f'<td data-label="sources">{", ".join(source_links)}</td>'
            f'<td data-label="references">{", ".join(reference_links)}</td></tr>'
        )
    table = (
        '<div class="site-table-wrap"><table class="site-glossary">\n<thead><tr>'
        '<th scope="col">term</th><th scope="col">Indonesian</th><th scope="col">English</th>'
        '<th scope="col">Korean</th><th scope="col">explanation</th>'
        '<th scope="col">sources</th><th scope="col">references</th></tr></thead>\n<tbody>\n'
        + "\n".join(body_rows)
        + "\n</tbody></table></div>"
    )
    reference_items = []
    for reference_id in cited:
        ref = references[reference_id]
        title = html.escape(ref.get("title") or "")
        url = ref.get("url") or ""
        if url.startswith(("https://", "http://")):
            title = f'<a href="{html.escape(url)}">{title}</a>'
        details = ", ".join(
            html.escape(ref.get(k) or "") for k in ("publisher", "date") if ref.get(k)
        )
        reference_items.append(
            f'<li id="ref-{html.escape(_slug(reference_id))}"><strong>{html.escape(reference_id)}'
            f"</strong> {title}{' (' + details + ')' if details else ''}</li>"
        )
    references_html = (
        f'<h2>References</h2>\n<ul class="site-references">{"".join(reference_items)}</ul>'
        if reference_items
        else ""
    )
    return (
        "<h1>Glossary</h1>\n"
        f"<p>{len(rows)} terms of the course, in Indonesian, English and Korean. Source ids name "
        "the news reports; reference ids point to the public record, listed below.</p>\n"
        f"{table}\n{references_html}"
    )


def render_document(path: Path) -> tuple[str, str]:
    """A Markdown document (the teacher guide) as (title, body HTML)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BuildError(f"{path}: cannot read it as UTF-8 Markdown ({error})") from None
    title = markdown_title(text) or path.stem.replace("-", " ").capitalize()
    return title, str(markdown_renderer(escape=False)(text))


# --------------------------------------------------------------------------- checks


def broken_links(site: Path) -> list[str]:
    """Relative links and images of the site's pages that point at no file of the site."""
    problems = []
    for page in sorted(site.glob("*.html")):
        text = page.read_text(encoding="utf-8")
        for match in LOCAL_URL.finditer(text):
            url = html.unescape(match.group("url"))
            if not url or url.startswith(("#", "data:", "mailto:", "javascript:")):
                continue
            if re.match(r"^[a-z][a-z0-9+.-]*:", url, re.IGNORECASE) or url.startswith("//"):
                continue
            target = url.split("#", 1)[0].split("?", 1)[0]
            if target and not (page.parent / target).exists():
                problems.append(f"{page.name}: link to {url!r}, which is not part of the site")
    return problems


def external_images(site: Path) -> list[str]:
    """Images that a reader's browser would fetch from the web (allowed, but worth a warning)."""
    return [
        f"{page.name}: image from the web {match.group('url')!r} (will not show offline)"
        for page in sorted(site.glob("*.html"))
        for match in EXTERNAL_IMAGE.finditer(page.read_text(encoding="utf-8"))
    ]


def external_assets(site: Path) -> list[str]:
    """Scripts and stylesheets loaded from the network (the site must not need any)."""
    return [
        f"{page.name}: {match.group(0)[:120]}"
        for page in sorted(site.glob("*.html"))
        for match in EXTERNAL_ASSET.finditer(page.read_text(encoding="utf-8"))
    ]


# --------------------------------------------------------------------------- build


def build_site(
    out: Path,
    notebook_dir: Path = DEFAULT_NOTEBOOKS,
    data_dir: Path = DEFAULT_DATA,
    execute: bool = True,
    timeout: float = 300.0,
    cell_timeout: float = 120.0,
    jobs: int = 2,
    report: Callable[[str], None] = print,
) -> list[Path]:
    """Build the whole site into ``out`` (replaced only once everything succeeded).

    Returns the pages written. Raises BuildError with a clear message on any failure.
    """
    paths = discover_notebooks(notebook_dir)
    documents = discover_documents(notebook_dir)
    glossary_csv = data_dir / "glossary.csv"
    if not paths:
        report(f"note: no notebooks matching {NOTEBOOK_GLOB} in {notebook_dir}")
    if execute and paths:
        report(f"Executing {len(paths)} notebook(s) in a temporary copy ({jobs} at a time) …")
        notebooks = execute_all(paths, timeout, cell_timeout, jobs, report)
    else:
        notebooks = {p: read_notebook(p) for p in paths}

    pages = [Page("index.html", SITE_TITLE, "Start page")]
    for path in paths:
        title = notebook_title(notebooks[path], path.stem)
        summary = notebook_summary(notebooks[path])
        pages.append(Page(f"{path.stem}.html", title, short_label(path.stem, title), path, summary))
    if glossary_csv.is_file():
        pages.append(Page("glossary.html", "Glossary", "Glossary", glossary_csv))
    else:
        report(f"note: {glossary_csv} does not exist yet: no glossary page")
    document_bodies = {}
    for path in documents:
        title, body = render_document(path)
        document_bodies[path] = body
        pages.append(Page(f"{path.stem}.html", title, short_title(title), path))

    links = {p.source.name: p.href for p in pages if p.source is not None}
    links.update({f"../data/{glossary_csv.name}": "glossary.html", "../README.md": "index.html"})

    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must be able to read it
    try:
        exporter = notebook_exporter()
        for number, page in enumerate(pages):
            if number == 0:
                text = render_index(pages)
            elif page.source in notebooks:
                text = render_notebook(
                    exporter, notebooks[page.source], page.source, pages, number, links
                )
            elif page.href == "glossary.html":
                body = render_glossary(glossary_csv, data_dir)
                text = render_shell(page.title, "glossary", body, pages, number)
            else:
                assert page.source is not None
                body = rewrite_links(document_bodies[page.source], links)
                text = render_shell(page.title, "document", body, pages, number)
            (staging / page.href).write_text(text, encoding="utf-8")
        shutil.copyfile(CSS_FILE, staging / "site.css")
        (staging / MARKER).write_text("built by tools/build_site.py\n", encoding="utf-8")
        leaks = external_assets(staging)
        if leaks:
            raise BuildError("pages would load from the network:\n  " + "\n  ".join(leaks))
        for problem in [*broken_links(staging), *external_images(staging)]:
            report(f"warning: {problem}")
        _replace_dir(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return [out / page.href for page in pages]


def _replace_dir(staging: Path, out: Path) -> None:
    """Move the finished build into place, replacing only a folder this script built."""
    if out.exists():
        if not (out / MARKER).exists() and any(out.iterdir()):
            raise BuildError(
                f"{out} exists and was not built by this script: refusing to replace it"
            )
        shutil.rmtree(out)
    staging.rename(out)


def main(arguments: Sequence[str] | None = None) -> int:
    """Command line entry point (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="site folder to write")
    parser.add_argument("--notebooks", type=Path, default=DEFAULT_NOTEBOOKS, help="notebook folder")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="data folder (glossary)")
    parser.add_argument(
        "--no-execute", action="store_true", help="use the stored outputs (quick preview)"
    )
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per notebook")
    parser.add_argument("--cell-timeout", type=float, default=120.0, help="seconds per cell")
    parser.add_argument(
        "--jobs", type=int, default=min(4, os.cpu_count() or 1), help="notebooks run in parallel"
    )
    options = parser.parse_args(arguments)
    started = time.perf_counter()
    try:
        written = build_site(
            options.out,
            options.notebooks.resolve(),
            options.data.resolve(),
            execute=not options.no_execute,
            timeout=options.timeout,
            cell_timeout=options.cell_timeout,
            jobs=options.jobs,
        )
    except BuildError as error:
        print(f"make book failed: {error}", file=sys.stderr)
        return 1
    index = written[0]
    seconds = time.perf_counter() - started
    print(f"Built {len(written)} page(s) in {seconds:.1f} s: open {index.as_uri()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
