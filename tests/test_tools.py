"""tools/: the notebook runner (make execute, make book, make bench share it) and the site builder.

Kernels are real (ipykernel); the notebooks are small fixtures in a temporary folder, so that
nothing here rewrites the course's own notebooks. The browser checks of the built site are in
test_browser.py.
"""

from __future__ import annotations

import csv
import json
import os
import re
import socket
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import bench
import build_site
import course as course_tool
import nbformat
import pytest
import runner
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent

HOSTILE_TAG = "<img src=x onerror=alert(1)>"
HOSTILE_URL = "javascript:alert(1)"


def write_notebook(path: Path, *sources: str) -> Path:
    """A fixture notebook: Markdown for sources starting with '#', code for the others."""
    cells = [
        nbformat.v4.new_markdown_cell(s) if s.startswith("#") else nbformat.v4.new_code_cell(s)
        for s in sources
    ]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


# --------------------------------------------------------------------------- runner


def test_run_notebook_starts_in_the_notebooks_folder_with_its_modules(tmp_path: Path) -> None:
    (tmp_path / "course_setup.py").write_text("READY = 'found beside the notebook'\n")
    path = write_notebook(
        tmp_path / "00-a.ipynb", "import os, course_setup\nprint(os.getcwd(), course_setup.READY)"
    )
    notebook, seconds = runner.run_notebook(path)
    assert notebook.cells[0].outputs[0].text == f"{tmp_path} found beside the notebook\n"
    assert seconds > 0
    assert "execution" not in notebook.cells[0].metadata


def test_printed_text_flushed_in_pieces_is_stored_as_one_output(tmp_path: Path) -> None:
    path = write_notebook(
        tmp_path / "00-streams.ipynb",
        "import sys\nsys.stdout.write('one '); sys.stdout.flush()\nprint('line')\nprint('two')\n"
        "sys.stdout.flush()\n"
        "sys.stderr.write('warn\\n'); sys.stderr.flush()\ndisplay('shown')\nprint('after')",
    )
    outputs = runner.run_notebook(path)[0].cells[0].outputs
    assert [(o.output_type, o.get("name"), o.get("text")) for o in outputs] == [
        ("stream", "stdout", "one line\ntwo\n"),
        ("stream", "stderr", "warn\n"),
        ("display_data", None, None),
        ("stream", "stdout", "after\n"),  # not merged across the display: order is kept
    ]


def test_run_notebook_names_the_failing_cell(tmp_path: Path) -> None:
    path = write_notebook(tmp_path / "00-broken.ipynb", "x = 1", "# note", "boom = 1 / 0")
    with pytest.raises(
        runner.RunError, match=r"00-broken.ipynb: cell 3 .*'boom = 1 / 0' raised Zero"
    ):
        runner.run_notebook(path)


def test_kernel_start_does_not_race_for_tcp_ports(tmp_path, monkeypatch) -> None:
    """A port that another process took between jupyter_client choosing it and the kernel
    binding it kills a TCP kernel at start-up ("Kernel died before replying to kernel_info",
    seen while the browser test built the site). The runner's kernels use no TCP port."""
    if os.name == "nt":
        pytest.skip("Windows kernels use TCP")
    from jupyter_client.connect import LocalPortCache
    from jupyter_client.manager import AsyncKernelManager

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        monkeypatch.setattr(
            LocalPortCache, "find_available_port", lambda *_: taken.getsockname()[1]
        )
        path = write_notebook(tmp_path / "00-a.ipynb", "print('ran')")
        monkeypatch.setattr(runner, "_kernel_manager", lambda _: AsyncKernelManager())
        with pytest.raises(runner.RunError, match="Kernel died before replying to kernel_info"):
            runner.run_notebook(path)  # the failure this test guards against is real
        monkeypatch.undo()
        monkeypatch.setattr(
            LocalPortCache, "find_available_port", lambda *_: taken.getsockname()[1]
        )
        assert runner.run_notebook(path)[0].cells[0].outputs[0].text == "ran\n"


def test_make_execute_is_byte_identical_when_nothing_changed(tmp_path: Path) -> None:
    path = write_notebook(
        tmp_path / "00-widgets.ipynb",
        "import ipywidgets as w\nw.interact(lambda n: print(n * 2), n=w.IntSlider(3))",
        "w.VBox([w.IntSlider(1), w.Dropdown(options=['a', 'b'])])",
        "print('done')",
    )
    assert runner.main([str(path)]) == 0
    first = path.read_bytes()
    assert runner.main([str(path)]) == 0
    assert path.read_bytes() == first
    notebook = nbformat.reads(first.decode(), as_version=4)
    nbformat.validate(notebook)
    assert notebook.cells[0].outputs[0].data["text/plain"] == runner.widget_placeholder("en")


def test_make_execute_runs_every_edition_start_notebook_last(tmp_path: Path) -> None:
    """English first, then notebooks/id/; 00-start-here last in each (its course map reads the
    others' stored outputs); a widget's placeholder speaks the edition's language."""
    for folder in (tmp_path, tmp_path / "id"):
        for stem in ("00-start-here", "01-background", "02-sources"):
            write_notebook(folder / f"{stem}.ipynb", "print(1)")
    order = [p.relative_to(tmp_path).as_posix() for p in runner.execution_order(tmp_path)]
    assert order == [
        "01-background.ipynb",
        "02-sources.ipynb",
        "00-start-here.ipynb",
        "id/01-background.ipynb",
        "id/02-sources.ipynb",
        "id/00-start-here.ipynb",
    ]
    path = write_notebook(
        tmp_path / "id" / "03-widget.ipynb", "import ipywidgets as w\nw.IntSlider(3)"
    )
    assert runner.main([str(path)]) == 0
    stored = nbformat.read(path, as_version=4).cells[0].outputs[0].data["text/plain"]
    assert stored == runner.widget_placeholder("id") and "kontrol interaktif" in stored


def test_an_interrupted_write_leaves_the_old_notebook_whole(tmp_path, monkeypatch) -> None:
    path = write_notebook(tmp_path / "00-a.ipynb", "print('new output')")
    before = path.read_bytes()
    path.chmod(0o640)

    def disk_full(_descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)  # fails after the text was written
    with pytest.raises(OSError, match="No space left"):
        runner.main([str(path)])
    assert path.read_bytes() == before
    nbformat.validate(nbformat.read(path, as_version=4))
    assert [p.name for p in tmp_path.iterdir()] == ["00-a.ipynb"], "a temporary file was left"
    monkeypatch.undo()
    assert runner.main([str(path)]) == 0
    stored = nbformat.read(path, as_version=4)
    assert stored.cells[0].outputs[0].text == "new output\n"
    assert path.stat().st_mode & 0o777 == 0o640, "the file's permissions changed"
    assert path.read_text() == nbformat.writes(stored) + "\n"  # as nbformat.write stores it


def test_bench_reports_every_notebook_and_fails_on_a_broken_one(tmp_path, capsys) -> None:
    write_notebook(tmp_path / "00-fast.ipynb", "print(1)")
    write_notebook(tmp_path / "01-broken.ipynb", "raise ValueError('no')")
    assert bench.bench_notebooks(tmp_path) is False
    printed = capsys.readouterr().out
    assert re.search(
        r"notebook 00-fast.ipynb: \d+\.\d\d s \(target ≤ 10 s: ok\); a trivial", printed
    )
    assert "notebook 01-broken.ipynb: FAILED" in printed and "ValueError: no" in printed
    assert re.search(r"notebook suite / trivial notebooks: \d+\.\d\d × \(target ≤ 1.3 ×", printed)


def test_bench_sizes_follow_requirements_and_count_refusals() -> None:
    needed = bench.closure(["pytest"])
    assert {"pytest", "pluggy", "iniconfig"} <= needed and "pandas" not in needed
    assert 0 < bench.installed_mib({"pytest"}) < bench.installed_mib(needed)
    seconds, outcome = bench.timed(lambda: bench.helpers.split_sentences("x" * 10**7))
    assert outcome.startswith("refused: ") and seconds >= 0


def test_make_eval_scores_every_gold_set_of_each_scorer(monkeypatch) -> None:
    ran, succeeded = [], subprocess.CompletedProcess([], 0)
    monkeypatch.setattr(
        bench.subprocess, "run", lambda command, **_: ran.append(command[1:]) or succeeded
    )
    assert bench.evaluate(["-v"]) == 0
    assert {"heldout", "heldout2"} <= set(bench.GOLD_SETS) and bench.GOLD_SETS[0] == ""
    assert len(ran) == len(bench.GOLD) * len(bench.GOLD_SETS)
    for scorer, *options in ran:
        assert (ROOT / scorer).is_file() and options[-1] == "-v"
        assert options[:1] != ["--gold"] or (ROOT / options[1]).is_dir(), options


def test_bench_documents_are_reproducible() -> None:
    words = ["satu", "dua", "tiga", "empat", "lima", "enam"]
    first = bench.synthetic_pair(200, bench.random.Random(1), words)
    assert first == bench.synthetic_pair(200, bench.random.Random(1), words)
    original, edited = first
    assert len(original) == 200 and 170 <= len(edited) <= 230  # ~10 % dropped, 10 % new
    assert bench.verdict(0.5, 1.0) == "ok" and bench.verdict(1.5, 1.0) == "MISSED"


# --------------------------------------------------------------------------- site


class Tags(HTMLParser):
    """Every start tag of a page with its attributes."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def live_code(page: str) -> list[str]:
    """Tags or attributes on a page that would run script or fetch: event handlers,
    javascript: links, images from anywhere but the page itself, scripts other than the
    site's own tap-to-enlarge script."""
    found = []
    for tag, attrs in Tags(page).tags:
        found += [f"<{tag} {a}>" for a in attrs if a.startswith("on")]
        found += [
            f"<{tag} {a}={v}>"
            for a, v in attrs.items()
            if a in ("href", "src") and (v or "").strip().lower().startswith("javascript:")
        ]
        if tag == "img" and not (attrs.get("src") or "").startswith("data:image/"):
            found.append(f"<img src={attrs.get('src')}>")
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", page, re.DOTALL)
    found += [s for s in scripts if "site-zoomed" not in s]
    return found


def set_cells(path: Path, key: str, row_id: str, **values: str) -> None:
    """Change some cells of one row of a data CSV file (as the csv module writes it)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row[key] == row_id:
            row.update(values)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def build(out: Path, notebooks: Path, data: Path | None = None) -> list[Path]:
    return build_site.build_site(out, notebooks, data, execute=False, report=lambda _: None)


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A small notebook folder: a start notebook with a folded solution, a teacher guide."""
    folder = tmp_path / "notebooks"
    write_notebook(
        folder / "00-start-here.ipynb",
        "# 00 — Start here: a test\n\nFirst paragraph.\n\n## Time to complete\n\n"
        "About 12 minutes: 5 to read.\n\nNext: [background](01-background.ipynb#Timeline), "
        "[guide](teacher-guide.md), [data](../data/README.md), [web](https://example.org/x.ipynb).",
        "# Exercise\n\n<details><summary>Solution</summary>\n\n`answer = 2`: **two** rows.\n\n"
        "</details>\n\nAfter the box.",
    )
    write_notebook(folder / "01-background.ipynb", "# Background: NATO")
    (folder / "teacher-guide.md").write_text(
        "# Teacher guide\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nSee [00](00-start-here.ipynb), "
        "[a file](notes.txt).\n\n" + "".join(f"## Part {n}\n\nText.\n\n" for n in range(5)),
        encoding="utf-8",
    )
    return folder


def test_site_pages_links_times_and_folded_solutions(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    written = build(out, course)
    assert [p.name for p in written] == [
        "index.html",
        "00-start-here.html",
        "01-background.html",
        "glossary.html",
        "teacher-guide.html",
        "data.html",
    ]
    start = (out / "00-start-here.html").read_text(encoding="utf-8")
    solution = re.search(r"<details><summary>Solution</summary>(.*?)</details>", start, re.DOTALL)
    assert solution and "<strong>two</strong> rows" in solution.group(1), "solution not folded"
    assert 'href="01-background.html#Timeline"' in start and 'href="data.html"' in start
    assert 'href="teacher-guide.html"' in start and 'href="https://example.org/x.ipynb"' in start
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<span class="site-time">About 12 minutes</span>' in index
    assert "Start here: a test</a>" in index and "Binder session is temporary" in index
    assert ">00 · Start here</a>" in index and 'rel="next" href="00-start-here.html"' in index
    guide = (out / "teacher-guide.html").read_text(encoding="utf-8")
    assert "<table>" in guide and 'href="00-start-here.html"' in guide
    assert "<a>a file</a>" in guide, "a link to a file outside the site keeps only its text"
    assert re.search(r'class="site-contents".*href="#part-4"', guide, re.DOTALL)  # contents
    assert "finding" in (out / "data.html").read_text(encoding="utf-8")
    for page in written:
        text = page.read_text(encoding="utf-8")
        assert 'class="site-menu"' in text and 'href="site.css"' in text, page.name
        assert live_code(text) == [], page.name


def test_worksheets_slides_and_the_teacher_print(course: Path, tmp_path: Path) -> None:
    """Worksheets are pages linked from the start page; a deck is built offline beside its own
    reveal.js and linked from the teacher guide; only a teacher build prints its solutions."""
    sheet = course / "worksheets" / "exit-ticket.md"
    sheet.parent.mkdir()
    sheet.write_text("# Exit ticket\n\nSee [the start](../00-start-here.ipynb).\n", "utf-8")
    cells = nbformat.read(course / "00-start-here.ipynb", as_version=4).cells
    spec = tmp_path / "slides.json"
    deck = {"title": "Session 1", "cells": [["00-start-here", cell.id] for cell in cells]}
    spec.write_text(json.dumps({"session-1": deck}), encoding="utf-8")
    out = tmp_path / "site"
    build_site.build_site(out, course, execute=False, report=lambda _: None, slides=spec)
    assert 'href="worksheets-exit-ticket.html"' in (out / "index.html").read_text("utf-8")
    assert 'href="00-start-here.html"' in (out / "worksheets-exit-ticket.html").read_text("utf-8")
    slides = (out / "slides" / "session-1.html").read_text(encoding="utf-8")
    assert slides.count("<section") >= len(cells) and "Reveal.initialize" in slides
    assert re.findall(r"<(?:script|link)\b[^>]*", slides), "no script or style sheet found"
    for tag in re.findall(r"<(?:script|link)\b[^>]*", slides):
        assert not re.search(r"(?:src|href)=[\"']?(?:https?:)?//", tag), tag
    vendored = out / "slides" / "reveal.js" / "dist"
    assert "Reveal" in (vendored / "reveal.js").read_text(encoding="utf-8")
    for sheet in ("reveal.css", "theme/simple.css"):  # styles, and no @import from the web
        css = (vendored / sheet).read_text(encoding="utf-8")
        assert ".reveal" in css and not re.search(r"https?:|//fonts", css), sheet
    assert 'href="slides/session-1.html"' in (out / "teacher-guide.html").read_text("utf-8")
    assert 'site-notebook teacher"' in (out / "00-start-here.html").read_text("utf-8")
    build_site.build_site(out, course, execute=False, report=lambda _: None, teacher=False)
    assert 'site-notebook"' in (out / "00-start-here.html").read_text("utf-8")
    assert "site-page-document teacher" in (out / "teacher-guide.html").read_text("utf-8")
    spec.write_text(json.dumps({"bad": {"title": "x", "cells": [["00-start-here", "nope"]]}}))
    with pytest.raises(build_site.BuildError, match="'bad' names cell 'nope'"):
        build_site.build_site(out, course, execute=False, report=lambda _: None, slides=spec)


def test_start_page_links_binder_only_for_a_github_course(course, tmp_path, monkeypatch) -> None:
    github = "https://github.com/owner/itpp-course.git"
    monkeypatch.setattr(build_site, "origin", lambda: github)
    index = build(tmp_path / "site", course)[0].read_text(encoding="utf-8")
    binder = "https://mybinder.org/v2/gh/owner/itpp-course/HEAD?urlpath=lab/tree/notebooks/00-"
    assert f'href="{binder}start-here.ipynb"' in index
    for elsewhere in ("git@github.com:owner/itpp-course.git", "https://example.org/x/y", ""):
        assert build_site.binder_link(elsewhere) == ""
    assert course_tool.binder_link(github, "id").endswith(
        "urlpath=lab/tree/notebooks/id/00-start-here.ipynb"
    )
    assert course_tool.start_path("id") == "notebooks/id/00-start-here.ipynb"


def pages_of(site: Path) -> list[Path]:
    """Every HTML page of a built site except the slide decks."""
    return sorted(p for p in site.rglob("*.html") if "slides" not in p.parts)


def assert_every_page_switches_language(site: Path) -> None:
    """Each page names its language and links to the same page in the other edition (or to
    the other edition's start page when it has no such page); every link target exists."""
    for page in pages_of(site):
        lang = "id" if page.parent.name == "id" else "en"
        text = page.read_text(encoding="utf-8")
        name = page.relative_to(site).as_posix()
        assert f'<html lang="{lang}"' in text, name
        switches = [
            attrs for tag, attrs in Tags(text).tags if "site-language" in attrs.get("class", "")
        ]
        assert len(switches) == 1, f"{name}: {len(switches)} language switches"
        other = "en" if lang == "id" else "id"
        assert switches[0]["hreflang"] == switches[0]["lang"] == other, name
        target = (page.parent / switches[0]["href"]).resolve()
        assert target.is_file(), f"{name}: the switch points to a missing {target}"
        same = site / (page.name if lang == "id" else f"id/{page.name}")
        assert target == (same if same.is_file() else same.parent / "index.html"), name


def test_both_editions_with_a_language_switch_on_every_page(course, data_copy, tmp_path) -> None:
    edition = course / "id"
    write_notebook(
        edition / "00-start-here.ipynb",
        "# 00 — Mulai di sini: uji\n\nParagraf pertama.\n\n## Waktu yang dibutuhkan\n\n"
        "Sekitar 15 menit beserta latihannya.\n\nLihat [latar](01-background.ipynb) dan "
        "[panduan](teacher-guide.md).",
        "# Latihan\n\n<details><summary>Pembahasan</summary>\n\n**dua**\n\n</details>",
    )  # no 01-background in this edition: its switch leads to the English start page
    (edition / "teacher-guide.md").write_text("# Panduan pengajar\n\nTeks.\n", "utf-8")
    (data_copy / "README.id.md").write_text("# Data kursus\n\nTeks.\n", "utf-8")
    out = tmp_path / "site"
    written = build(out, course, data_copy)
    assert {p.relative_to(out).as_posix() for p in written if p.parent.name == "id"} == {
        f"id/{name}.html"
        for name in ("index", "00-start-here", "glossary", "teacher-guide", "data")
    }
    assert_every_page_switches_language(out)
    start = (out / "id" / "index.html").read_text(encoding="utf-8")
    assert '<span class="site-time">Sekitar 15 menit</span>' in start
    words = ("Start page", "Glossary", "term")
    word = {english: build_site.word("id", english) for english in words}
    assert all(english != indonesian for english, indonesian in word.items())  # site.po's words
    assert f">{word['Start page']}</a>" in start and "Binder session" not in start
    glossary = (out / "id" / "glossary.html").read_text(encoding="utf-8")
    assert f"<h1>{word['Glossary']}</h1>" in glossary
    assert f'<th scope="col">{word["term"]}</th>' in glossary
    assert (out / "id" / "site.css").is_file()
    notebook = (out / "id" / "00-start-here.html").read_text(encoding="utf-8")
    assert 'href="01-background.html"' not in notebook and "<a>latar</a>" in notebook
    assert 'href="teacher-guide.html"' in notebook and "Pembahasan</summary>" in notebook


def test_the_course_site_has_both_editions_and_every_switch_works(tmp_path: Path) -> None:
    """The course's own notebooks, as stored: every page of every edition has its switch."""
    assert runner.course_notebooks(ROOT / "notebooks" / "id"), "no Indonesian edition built"
    out = tmp_path / "site"
    build(out, ROOT / "notebooks")
    assert (out / "id" / "index.html").is_file() and (out / "id" / "glossary.html").is_file()
    assert_every_page_switches_language(out)


def test_every_site_word_has_a_translation() -> None:
    """Every `_("…")` of the templates and `word(lang, "…")` of the builder is in site.po,
    translated (found here by pattern, not by the extractor translate.py uses); so is the text
    the runner stores in place of a widget."""
    used = set(re.findall(r'word\([^,()]+, "([^"]+)"\)', Path(build_site.__file__).read_text()))
    assert {"Start page", "Glossary", "Solution"} <= used
    for template in build_site.TEMPLATES.rglob("*.j2"):
        used |= set(re.findall(r'_\("((?:[^"\\]|\\.)*)"', template.read_text(encoding="utf-8")))
    po = ROOT / "locale" / "id" / "LC_MESSAGES" / "site.po"
    catalogue = read_po(po.read_bytes().splitlines(), locale="id", abort_invalid=True)
    translated = {m.id for m in catalogue if m.id and m.string and not m.fuzzy}
    assert not used - translated, f"no Indonesian for {sorted(used - translated)}"
    assert build_site.word("id", "Solution") != "Solution" == build_site.word("en", "Solution")
    assert runner.widget_placeholder("id") != runner.widget_placeholder("notebooks")  # English


def test_student_edition_accepts_translated_answers(tmp_path, monkeypatch) -> None:
    """The student edition's data catalogue is encoded like its questions.csv: an answer only
    the Indonesian catalogue accepts is still accepted there, and nothing in it reads plainly."""
    import helpers
    from helpers import check, i18n

    build_site.student_edition(tmp_path / "student", execute=False, timeout=60)
    catalogue = tmp_path / "student" / "locale" / "id" / "LC_MESSAGES" / "data.mo"
    assert b"Presiden Yoon=Yoon Suk Yeol" in (ROOT / "locale/id/LC_MESSAGES/data.po").read_bytes()
    assert b"Presiden Yoon=Yoon Suk Yeol" not in catalogue.read_bytes()
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "student" / "locale")
    data = tmp_path / "student" / "data"
    try:
        helpers.set_language("id")
        answer = ["Presiden Yoon", "Sekjen Stoltenberg"]  # in the Indonesian accept list only
        assert repr(check("01-leaders", answer, data_dir=data)).startswith("✓ Benar.")
    finally:
        helpers.set_language("en")
    assert not check("01-leaders", answer, data_dir=data).correct  # English: not accepted


def test_every_slide_names_a_cell_of_the_course(tmp_path: Path) -> None:
    notebooks = {p: nbformat.read(p, 4) for p in runner.course_notebooks(ROOT / "notebooks")}
    decks = build_site.build_slides(build_site.SLIDES, notebooks, tmp_path)
    assert decks and all((tmp_path / deck.href).is_file() for deck in decks)


def test_site_replaces_only_a_folder_it_built(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(out, course)
    build(out, course)  # its own folder: replaced
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("mine", encoding="utf-8")
    reported: list[str] = []
    with pytest.raises(build_site.BuildError, match="refusing"):  # before reading a notebook
        build_site.build_site(foreign, course, execute=False, report=reported.append)
    assert (foreign / "keep.txt").read_text() == "mine" and reported == []


def test_a_failed_student_build_keeps_the_edition_there_was(tmp_path, monkeypatch) -> None:
    out = tmp_path / "student"
    build_site.student_edition(out, execute=False, timeout=60)
    before = sorted(path.relative_to(out) for path in out.rglob("*"))

    def fail(*_, **__):
        raise build_site.BuildError("a notebook failed")

    monkeypatch.setattr(build_site, "build_site", fail)
    with pytest.raises(build_site.BuildError, match="a notebook failed"):
        build_site.student_edition(out, execute=False, timeout=60)
    assert sorted(path.relative_to(out) for path in out.rglob("*")) == before
    assert [p.name for p in tmp_path.iterdir()] == ["student"]  # no staging folder left
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(build_site.BuildError, match="refusing"):
        build_site.student_edition(tmp_path / "mine", execute=False, timeout=60)


def test_hostile_data_never_becomes_live_html(course, data_copy, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ITPP_DATA_DIR", str(data_copy))  # as a teacher's data copy is chosen
    set_cells(
        data_copy / "glossary.csv",
        "term",
        "ITPP",
        english=f"partnership {HOSTILE_TAG}",
        korean="<script>alert(1)</script>",
        explanation=f"*Tailored* {HOSTILE_TAG} [a]({HOSTILE_URL}) <a href='{HOSTILE_URL}'>b</a>",
    )
    set_cells(
        data_copy / "references.csv",
        "reference_id",
        "N1",
        publisher=f"NATO {HOSTILE_TAG}",
        title=f"Remarks {HOSTILE_TAG}",
    )
    out = tmp_path / "site"
    for page in build(out, course):
        assert live_code(page.read_text(encoding="utf-8")) == [], page.name
    glossary = (out / "glossary.html").read_text(encoding="utf-8")
    assert "partnership &lt;img src=x onerror=alert(1)&gt;" in glossary
    assert "<em>Tailored</em>" in glossary and "NATO &lt;img" in glossary
    assert (
        '<a href="https://www.nato.int/cps/en/natohq/opinions_217027.htm">Remarks &lt;' in glossary
    )
    # A javascript: address is refused by the loader, or shown without a link.
    set_cells(data_copy / "references.csv", "reference_id", "N1", url=HOSTILE_URL)
    try:
        pages = build(out, course)
    except build_site.BuildError as error:
        assert "references.csv" in str(error) and "url" in str(error)
    else:
        for page in pages:
            assert live_code(page.read_text(encoding="utf-8")) == [], page.name


@pytest.mark.parametrize("where", ["notebook", "glossary"])
def test_an_image_from_the_web_stops_the_build(where, course, data_copy, tmp_path) -> None:
    image = "![logo](https://example.org/logo.png)"
    if where == "notebook":
        write_notebook(course / "02-images.ipynb", "# Images", f"# Logo\n\n{image}")
        message = r"02-images.ipynb: cell 2 shows an image from the web"
    else:
        set_cells(data_copy / "glossary.csv", "term", "ITPP", explanation=f"See {image}")
        message = r"glossary.csv: term 'ITPP', field 'explanation': an image .*example.org"
    with pytest.raises(build_site.BuildError, match=message):
        build(tmp_path / "site", course, data_copy)
    assert not (tmp_path / "site").exists()


def run_builder(out: Path, notebooks: Path, *extra: str) -> subprocess.CompletedProcess:
    """tools/build_site.py as `make book` runs it."""
    command = [sys.executable, str(ROOT / "tools" / "build_site.py"), "--out", str(out)]
    return subprocess.run(
        [*command, "--notebooks", str(notebooks), *extra], capture_output=True, text=True
    )


def test_site_build_names_each_failing_notebook_and_cell(tmp_path: Path) -> None:
    notebooks = tmp_path / "notebooks"
    write_notebook(notebooks / "00-fine.ipynb", "# Fine", "1 + 1")
    broken = write_notebook(
        notebooks / "01-broken.ipynb",
        "# Broken",
        "x = 1",
        'explode = True\nraise RuntimeError("boom")',
    )
    write_notebook(notebooks / "02-slow.ipynb", "import time", "time.sleep(60)")
    before = broken.read_bytes()
    result = run_builder(tmp_path / "site", notebooks, "--timeout", "8")
    assert result.returncode == 1, result.stdout + result.stderr
    assert (
        "01-broken.ipynb: cell 3 (counting all cells from 1), starting 'explode = True' raised "
        "RuntimeError: boom" in result.stderr
    )
    assert (
        "02-slow.ipynb: cell 2 (counting all cells from 1), starting 'time.sleep(60)' did not "
        "finish in time" in result.stderr
    )
    assert not (tmp_path / "site").exists(), "a failed build must not leave a half-built site"
    assert broken.read_bytes() == before, "the notebook was rewritten"


def test_site_build_executes_figures_tables_and_widgets(tmp_path: Path) -> None:
    notebooks = tmp_path / "notebooks"
    write_notebook(
        notebooks / "00-rich.ipynb",
        "# Figures, tables and a widget",
        "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\nplt.show()",
        "import pandas as pd\npd.DataFrame({'a': [1, 2], 'b': ['x', 'y']})",
        "import ipywidgets as widgets\nwidgets.IntSlider(value=3)",
    )
    result = run_builder(tmp_path / "site", notebooks)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "00-rich.html").read_text(encoding="utf-8")
    assert re.search(r'<img [^>]*src="data:image/png;base64,', page)
    assert '<table border="1" class="dataframe">' in page
    assert "site-widget-note" in page and "widget-view+json" not in page
    assert "<title>Figures, tables and a widget · " in page
    assert '"output_type"' not in (notebooks / "00-rich.ipynb").read_text()


def test_data_markdown_is_escaped_links_only_to_the_web_and_never_shows_images() -> None:
    from helpers.markup import markdown_html

    shown = markdown_html(f"*Tailored* {HOSTILE_TAG} [a]({HOSTILE_URL}) [b](https://nato.int/x)")
    assert shown == (
        "<p><em>Tailored</em> &lt;img src=x onerror=alert(1)&gt; a "
        '<a href="https://nato.int/x">b</a></p>\n'
    )
    with pytest.raises(ValueError, match=r"an image .*example\.org/logo\.png"):
        markdown_html("![logo](https://example.org/logo.png)")
