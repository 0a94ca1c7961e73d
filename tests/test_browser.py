"""Real-browser tests: every notebook runs in JupyterLab, and the static course site opens.

A learner meets the course in two ways, and both are checked in Debian's Chromium driven by
Playwright (never a downloaded browser):

- **JupyterLab**, started with the same command line as ``make lab`` (plus a random token,
  ``--no-browser`` and temporary Jupyter folders) on a temporary copy of the course, so that
  running the notebooks can never rewrite the committed ones. Each notebook is opened, its
  outputs cleared, and every cell run from the *Run → Run All Cells* menu. The test then asks
  :func:`find_errors` for error outputs and compares the figures and tables on screen with the
  ones stored in the notebook. ``test_lab_detector_reports_a_failing_cell`` shows, with a fixture
  notebook that raises, that this detector does catch a failing cell.
- **The static site** (``make book``): the start page must link to every notebook, and every
  page must open with its title, without any network request, and fit a phone's width; a
  notebook page's language switch leads to the same page in the Indonesian edition and back.

Screenshots go to ``test-artifacts/``; with ``UPDATE_SCREENSHOTS=1`` the README's screenshots
``docs/img/lab.png`` and ``docs/img/site.png`` are refreshed too. Without ``/usr/bin/chromium``
the browser tests are skipped, except under CI (``CI`` set), where they fail: CI must run them.

- **Folded solutions** stay folded until the reader opens them, on the site and in JupyterLab.
- **Hostile data** (a tag with an event handler, a ``javascript:`` address in a data copy) opens
  no dialog on the pages the site builder renders from data.
- **Print**: a page printed to PDF by Chromium (``page.pdf()``, headless) is a PDF with a new
  page per section; in print media the student's page hides its solution boxes and the teacher
  build prints them open.

The tests of ``tools/build_site.py`` that need no browser are in test_tools.py.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import pytest
from test_tools import set_cells  # tests/ is on sys.path under pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
SITE_PATHS = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
EDITION_PATHS = sorted(NOTEBOOKS.glob("id/[0-9][0-9]-*.ipynb"))  # the Indonesian edition: id/
BUILD_SCRIPT = ROOT / "tools" / "build_site.py"
BUILT_SITE = ROOT / "_build" / "html"
ARTIFACTS = ROOT / "test-artifacts"
DOCS_IMG = ROOT / "docs" / "img"
UPDATE_SCREENSHOTS = os.environ.get("UPDATE_SCREENSHOTS", "") not in ("", "0")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

LAB_START_SECONDS = 90  # until the server answers
OPEN_MS = 90_000  # until a notebook is rendered and its kernel idle
RUN_MS = 240_000  # until Run All Cells has finished one notebook
SITE_BUILD_SECONDS = 900  # building the site, executing every notebook

PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
STDERR = "application/vnd.jupyter.stderr"
ERROR_SELECTOR = (
    f'.jp-OutputArea-output[data-mime-type="{STDERR}"], '
    '.jp-OutputArea-output [data-mime-type="application/vnd.jupyter.stderr"], '
    '.jp-RenderedText[data-mime-type*="error"], '
    '.jp-OutputArea-output[data-mime-type*="error"]'
)
ERROR_WORDS = re.compile(r"Traceback|Error|^\s*\w+(?:Exception|Interrupt)\b", re.MULTILINE)
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


# --------------------------------------------------------------------------- expectations


@dataclass(frozen=True)
class Expected:
    """What a notebook's committed JSON says should appear when it runs."""

    cells: int  # every cell (Markdown and code)
    code_cells: int
    images: int  # image/png outputs JupyterLab shows as images
    tables: int  # text/html outputs containing a <table>
    title: str  # the first H1 of the notebook
    allowed_error_cells: frozenset[int] = frozenset()  # 1-based, tagged raises-exception


def expected_outputs(path: Path) -> Expected:
    """Count the figures and tables stored in a notebook (the outputs of its last clean run)."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    images = tables = 0
    allowed = set()
    title = path.stem
    for number, cell in enumerate(notebook["cells"], start=1):
        source = "".join(cell.get("source", ""))
        if cell["cell_type"] == "markdown" and title == path.stem:
            match = re.search(r"^#\s+(.+?)\s*$", source, re.MULTILINE)
            title = match.group(1) if match else title
        if "raises-exception" in cell.get("metadata", {}).get("tags", []):
            allowed.add(number)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_MIME in data:
                continue  # JupyterLab shows the live widget instead of the fallbacks
            html_text = "".join(data.get("text/html", ""))
            if html_text:  # JupyterLab prefers HTML to an image when both are stored
                tables += "<table" in html_text
            elif "image/png" in data:
                images += 1
    return Expected(
        cells=len(notebook["cells"]),
        code_cells=sum(cell["cell_type"] == "code" for cell in notebook["cells"]),
        images=images,
        tables=tables,
        title=title,
        allowed_error_cells=frozenset(allowed),
    )


# --------------------------------------------------------------------------- the detector


@dataclass(frozen=True)
class CellError:
    """An error shown under a cell in JupyterLab (cell numbers count every cell from 1)."""

    cell: int
    mime_type: str
    text: str

    def __str__(self) -> str:
        lines = [line for line in self.text.strip().splitlines() if line.strip()]
        summary = next(
            (line for line in reversed(lines) if re.match(r"^\w+(Error|Exception)\b", line)),
            lines[-1] if lines else "",
        )
        return f"cell {self.cell}: {summary.strip()}"


def find_errors(page: Any, allowed_cells: frozenset[int] = frozenset()) -> list[CellError]:
    """Every error output in the notebook on screen, except in the ``allowed_cells``.

    An error is an output rendered as an error MIME type (``…error``, or an ``ename``), or a
    stderr output containing "Traceback" or "Error" (JupyterLab 4 renders tracebacks as
    ``application/vnd.jupyter.stderr``). Both the main test and the failing-cell test use this.
    """
    found = page.evaluate(
        """([panelSelector, errorSelector]) => {
            const panel = document.querySelector(panelSelector);
            if (!panel) return [];
            const cells = [...panel.querySelectorAll('.jp-Notebook .jp-Cell')];
            return cells.flatMap((cell, index) =>
                [...cell.querySelectorAll(errorSelector)].map(el => ({
                    cell: index + 1,
                    mime: el.getAttribute('data-mime-type') || '',
                    text: el.textContent || '',
                })));
        }""",
        [PANEL, ERROR_SELECTOR],
    )
    errors = []
    for item in found:
        is_error_mime = "error" in item["mime"]
        if item["cell"] in allowed_cells:
            continue
        if is_error_mime or (item["mime"] == STDERR and ERROR_WORDS.search(item["text"])):
            errors.append(CellError(item["cell"], item["mime"], item["text"]))
    return errors


@dataclass
class LabRun:
    """What a notebook showed in JupyterLab after Run All Cells."""

    name: str
    expected: Expected
    errors: list[CellError] = field(default_factory=list)
    unexecuted: list[int] = field(default_factory=list)  # code cells without execution count
    images: int = 0
    tables: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)  # retries, for the failure message


def assert_lab_run_ok(run: LabRun) -> None:
    """Fail with every problem of one run: errors, cells not run, missing figures or tables."""
    problems = [f"error output in {error}" for error in run.errors]
    if run.unexecuted:
        problems.append(f"code cells never ran (no execution count): {run.unexecuted}")
    if run.images < run.expected.images:
        problems.append(
            f"{run.images} figure(s) rendered, but the committed notebook has "
            f"{run.expected.images} image/png output(s)"
        )
    if run.tables < run.expected.tables:
        problems.append(
            f"{run.tables} table(s) rendered in outputs, but the committed notebook has "
            f"{run.expected.tables} HTML table output(s)"
        )
    problems += [f"(note: {note})" for note in run.notes] if problems else []
    assert not problems, f"{run.name} in JupyterLab:\n  " + "\n  ".join(problems)


# --------------------------------------------------------------------------- JupyterLab


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LabServer:
    """A JupyterLab server started by the tests on 127.0.0.1."""

    root: Path
    port: int
    token: str
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        """A browser URL with the token (``path`` may already have a query, e.g. ``?reset``)."""
        separator = "&" if "?" in path else "?"
        return f"{self.base_url}/{path}{separator}token={self.token}"

    def api(self, path: str, method: str = "GET") -> Any:
        """Call the server's REST API; returns the parsed JSON (or None)."""
        request = urllib.request.Request(
            f"{self.base_url}/api/{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def log_tail(self, lines: int = 40) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def shutdown_kernels(self) -> None:
        """Stop the kernels of the notebooks opened so far (one per notebook otherwise)."""
        for session in self.api("sessions") or []:
            self.api(f"sessions/{session['id']}", method="DELETE")

    def stop(self) -> None:
        """Shut the server down through its API; terminate its process group if it lingers."""
        if self.process.poll() is None:
            try:
                self.api("shutdown", method="POST")
                self.process.wait(timeout=20)
            except (OSError, urllib.error.URLError, subprocess.TimeoutExpired):
                pass
        for sig in (signal.SIGTERM, signal.SIGKILL):
            if self.process.poll() is not None:
                break
            os.killpg(self.process.pid, sig)  # the group this test started (server + kernels)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                continue


def lab_command(port: int, token: str) -> list[str]:
    """``make lab``'s command line, plus what a test needs (token, no browser)."""
    jupyter = Path(sys.executable).parent / "jupyter"
    command = [str(jupyter), "lab", "--ip=127.0.0.1", f"--port={port}", "--notebook-dir=."]
    if os.geteuid() == 0:
        command.append("--allow-root")
    command.append("notebooks/00-start-here.ipynb")
    return [*command, f"--ServerApp.token={token}", "--no-browser"]


def start_lab(root: Path, scratch: Path) -> LabServer:
    """Start JupyterLab on ``root`` with Jupyter's own folders under ``scratch``."""
    env = dict(os.environ)
    for variable in (
        "JUPYTER_CONFIG_DIR",
        "JUPYTER_DATA_DIR",
        "JUPYTER_RUNTIME_DIR",
        "JUPYTERLAB_SETTINGS_DIR",
        "JUPYTERLAB_WORKSPACES_DIR",
        "IPYTHONDIR",
    ):
        env[variable] = str(scratch / variable.lower())
    env.pop("JUPYTER_TOKEN", None)
    last_log = ""
    for attempt in range(3):  # a free port can be taken between choosing and binding it
        port, token = _free_port(), secrets.token_hex(16)
        log = scratch / f"lab-{attempt}.log"
        with log.open("wb") as handle:
            process = subprocess.Popen(
                lab_command(port, token),
                cwd=root,
                env=env,
                stdout=handle,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        server = LabServer(root, port, token, process, log)
        deadline = time.monotonic() + LAB_START_SECONDS
        while time.monotonic() < deadline and process.poll() is None:
            try:
                server.api("status")
                return server
            except (OSError, urllib.error.URLError):
                time.sleep(0.25)
        last_log = server.log_tail()
        server.stop()
    raise RuntimeError(f"JupyterLab did not answer within {LAB_START_SECONDS} s:\n{last_log}")


def copy_course(target: Path) -> Path:
    """A throwaway copy of the course's notebooks and data (Lab may autosave into it)."""
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    shutil.copytree(NOTEBOOKS, target / "notebooks", ignore=ignore)
    if (ROOT / "data").is_dir():
        shutil.copytree(ROOT / "data", target / "data", ignore=ignore)
    return target


STATE_SCRIPT = """(panel) => {
    const p = document.querySelector(panel);
    if (!p) return {panel: 'no notebook panel on screen'};
    const status = p.querySelector('.jp-Notebook-ExecutionIndicator');
    return {
        kernel: status ? status.getAttribute('data-status') : 'no indicator',
        cells: p.querySelectorAll('.jp-Notebook .jp-Cell').length,
        prompts: [...p.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
            .map(e => e.textContent.trim()),
        outputs: p.querySelectorAll('.jp-OutputArea-output').length,
        dialogs: [...document.querySelectorAll('.jp-Dialog')].map(e => e.textContent.slice(0, 200)),
    };
}"""


def wait_until(page: Any, script: str, arg: Any, timeout_ms: int, what: str, name: str) -> None:
    """``page.wait_for_function`` bounded by ``timeout_ms``; on timeout, fail saying what was
    awaited and what the notebook showed, with a screenshot in test-artifacts/."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(script, arg=arg, timeout=timeout_ms, polling=250)
    except PlaywrightTimeout:
        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / f"timeout-{Path(name).stem}.png"
        page.screenshot(path=str(shot))
        state = page.evaluate(STATE_SCRIPT, PANEL)
        raise AssertionError(
            f"{name}: timed out after {timeout_ms / 1000:.0f} s waiting until {what}; "
            f"JupyterLab showed {state} (screenshot {shot})"
        ) from None


def _menu(page: Any, menu: str, command: str) -> None:
    """Click a top menu (e.g. "Run") and then its item for ``command`` (a JupyterLab command).

    A dialog in the way (e.g. "Kernel Restarting": the kernel died) fails with its text."""
    dialogs = page.locator(".jp-Dialog")
    if dialogs.count() and dialogs.first.is_visible():
        text = " ".join(dialogs.first.inner_text().split())
        raise AssertionError(f"JupyterLab shows a dialog instead of the notebook: {text!r}")
    page.locator(".lm-MenuBar-item", has_text=re.compile(rf"^{menu}$")).click()
    page.locator(f'.lm-Menu .lm-Menu-item[data-command="{command}"]').click()


def open_in_lab(page: Any, lab: LabServer, relative: str, expected: Expected) -> None:
    """Open a notebook in a fresh workspace; wait until every cell is there and the kernel idle."""
    page.goto(lab.url(f"lab/tree/{relative}?reset"), timeout=OPEN_MS)
    wait_until(
        page,
        """([panel, cells]) => {
            const p = document.querySelector(panel);
            if (!p) return false;
            const status = p.querySelector('.jp-Notebook-ExecutionIndicator');
            return p.querySelectorAll('.jp-Notebook .jp-Cell').length === cells
                && status && status.getAttribute('data-status') === 'idle';
        }""",
        [PANEL, expected.cells],
        OPEN_MS,
        f"all {expected.cells} cells are shown and the kernel is idle",
        relative,
    )


def clear_all_outputs(page: Any, relative: str) -> None:
    """Edit > Clear Outputs of All Cells, which also clears the execution counts."""
    _menu(page, "Edit", "editmenu:clear-all")
    wait_until(
        page,
        """(panel) => {
            const p = document.querySelector(panel);
            return p.querySelectorAll('.jp-OutputArea-output').length === 0
                && [...p.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
                    .every(e => !/\\d/.test(e.textContent));
        }""",
        PANEL,
        30_000,
        "Edit > Clear Outputs of All Cells has cleared every output",
        relative,
    )


def run_all_cells(page: Any, relative: str, expected: Expected, attempts: int = 3) -> None:
    """Choose Run > Run All Cells, and make sure the run has started (a click on a menu that
    is still opening can be lost: then it is chosen again)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _attempt in range(attempts):
        _menu(page, "Run", "runmenu:run-all")
        if not expected.code_cells:
            return
        try:
            page.wait_for_function(
                """(panel) => [...document.querySelector(panel)
                    .querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
                    .some(e => /\\*|\\d/.test(e.textContent))""",
                arg=PANEL,
                timeout=15_000,
                polling=100,
            )
            return
        except PlaywrightTimeout:
            page.keyboard.press("Escape")  # close the menu if it is still open
    wait_until(page, "() => false", None, 1, "Run All Cells started", relative)


def wait_for_run(page: Any, relative: str, stalled_ms: int = 5_000) -> str:
    """Wait until Run All Cells is over: "done" when the kernel is idle, nothing is queued
    ([*]) and either every code cell has an execution count or an error is shown (JupyterLab
    stops Run All at a failing cell); "stalled" when cells stay unnumbered without any error
    for ``stalled_ms``."""
    script = """([panel, errorSelector, stalledMs]) => {
        const p = document.querySelector(panel);
        const status = p.querySelector('.jp-Notebook-ExecutionIndicator');
        const prompts = [...p.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
            .map(e => e.textContent.trim());
        const idle = status && status.getAttribute('data-status') === 'idle';
        if (!idle || prompts.some(t => t.includes('*'))) {
            window.__runStalledSince = undefined;
            return false;
        }
        if (prompts.every(t => /^\\[\\d+\\]:$/.test(t))) return 'done';
        if ([...p.querySelectorAll(errorSelector)].some(e => /Traceback|Error/.test(e.textContent)))
            return 'done';
        window.__runStalledSince = window.__runStalledSince || Date.now();
        return Date.now() - window.__runStalledSince >= stalledMs ? 'stalled' : false;
    }"""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        handle = page.wait_for_function(
            script, arg=[PANEL, ERROR_SELECTOR, stalled_ms], timeout=RUN_MS, polling=250
        )
    except PlaywrightTimeout:
        wait_until(page, "() => false", None, 1, "Run All Cells has finished", relative)
        raise  # not reached: wait_until fails with the state and a screenshot
    page.evaluate("() => { window.__runStalledSince = undefined; }")
    return str(handle.json_value())


def run_in_lab(page: Any, lab: LabServer, relative: str, expected: Expected) -> LabRun:
    """Open a notebook, clear it, run all its cells from the menu, and report what it showed."""
    started = time.perf_counter()
    open_in_lab(page, lab, relative, expected)
    notes = []
    for attempt in range(1, 3):
        clear_all_outputs(page, relative)
        run_all_cells(page, relative, expected)
        if wait_for_run(page, relative) == "done":
            break
        # Kernel idle, nothing queued, cells left unnumbered and no error: the run was dropped
        # (seen rarely when JupyterLab replaces the kernel it has just started). Run it again,
        # once; a kernel that dies every time still fails below, as "code cells never ran".
        notes.append(f"Run All Cells stopped early without an error (attempt {attempt})")
    counts = page.evaluate(
        """(panel) => {
            const p = document.querySelector(panel);
            const cells = [...p.querySelectorAll('.jp-Notebook .jp-Cell')];
            return {
                images: p.querySelectorAll('.jp-OutputArea-output img').length,
                tables: p.querySelectorAll('.jp-OutputArea-output table').length,
                unexecuted: cells.flatMap((cell, i) => {
                    if (!cell.classList.contains('jp-CodeCell')) return [];
                    const prompt = cell.querySelector('.jp-InputArea-prompt');
                    return /^\\[\\d+\\]:$/.test(prompt ? prompt.textContent.trim() : '')
                        ? [] : [i + 1];
                }),
            };
        }""",
        PANEL,
    )
    return LabRun(
        name=relative,
        notes=notes,
        expected=expected,
        errors=find_errors(page, expected.allowed_error_cells),
        unexecuted=counts["unexecuted"],
        images=counts["images"],
        tables=counts["tables"],
        seconds=time.perf_counter() - started,
    )


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def chromium() -> Path:
    """Debian's Chromium: skipped on a developer machine without it, a failure under CI."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    reason = (
        f"{CHROMIUM} not found: install Debian's Chromium "
        "(apt-get install chromium chromium-driver) to run the browser tests"
    )
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI is set, so the browser tests must run", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser(chromium: Path) -> Iterator[Any]:
    """A headless Chromium. Playwright gives each launch a fresh, temporary user-data-dir and
    deletes it on close (passing --user-data-dir to launch() is refused by Playwright)."""
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chrome = playwright.chromium.launch(
            executable_path=str(chromium), args=CHROMIUM_ARGS, headless=True, timeout=60_000
        )
        try:
            yield chrome
        finally:
            chrome.close()
    finally:
        playwright.stop()


@pytest.fixture(scope="module")
def lab(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    """JupyterLab serving a temporary copy of the course (the committed notebooks stay as
    they are, whatever Lab autosaves), shut down when the module's tests are done."""
    root = copy_course(tmp_path_factory.mktemp("lab-root"))
    server = start_lab(root, tmp_path_factory.mktemp("lab-jupyter"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A new page in its own browser context, with bounded waits."""
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    tab.set_default_navigation_timeout(60_000)
    try:
        yield tab
    finally:
        context.close()


def screenshot(page: Any, name: str, docs_name: str | None = None) -> Path:
    """Save a screenshot to test-artifacts/ (and, with UPDATE_SCREENSHOTS=1, to docs/img/)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path))
    if docs_name and UPDATE_SCREENSHOTS:
        DOCS_IMG.mkdir(parents=True, exist_ok=True)
        _save_small_png(path, DOCS_IMG / docs_name)
    return path


def _save_small_png(source: Path, target: Path) -> None:
    """Copy a screenshot as a palette PNG (a fraction of the size, same look for UI shots)."""
    from PIL import Image

    with Image.open(source) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        small.save(target, optimize=True)


# --------------------------------------------------------------------------- JupyterLab tests


def _figure_notebook() -> Path | None:
    """The notebook shown in docs/img/lab.png: the first one with a figure, else 00."""
    with_figures = [p for p in PATHS if expected_outputs(p).images]
    start = NOTEBOOKS / "00-start-here.ipynb"
    return with_figures[0] if with_figures else (start if start in PATHS else None)


@pytest.mark.browser
def test_lab_opens_the_start_notebook(lab: LabServer, page: Any) -> None:
    start = NOTEBOOKS / "00-start-here.ipynb"
    if not start.is_file():
        pytest.skip("notebooks/00-start-here.ipynb does not exist yet")
    expected = expected_outputs(start)
    open_in_lab(page, lab, "notebooks/00-start-here.ipynb", expected)
    tab = page.locator(".lm-TabBar-tab.jp-mod-current .lm-TabBar-tabLabel").first
    assert tab.inner_text().strip() == "00-start-here.ipynb"
    heading = page.locator(f"{PANEL} .jp-RenderedMarkdown h1").first
    assert expected.title in heading.inner_text()
    dismiss_notifications(page)
    screenshot(page, "lab-start.png")


def dismiss_notifications(page: Any) -> None:
    """Hide JupyterLab's toasts (e.g. its question about news) so screenshots show the work."""
    toasts = page.locator(".Toastify__toast")
    for close in page.locator(".Toastify__toast .jp-Notification-Toast-Close").all():
        if close.is_visible():
            close.click()
    deadline = time.monotonic() + 5
    while toasts.count() and time.monotonic() < deadline:
        page.wait_for_timeout(100)


def show_for_screenshot(page: Any) -> None:
    """Scroll to the first figure of the notebook on screen, or back to its top."""
    dismiss_notifications(page)
    figures = page.locator(f"{PANEL} .jp-OutputArea-output img")
    target = figures.first if figures.count() else page.locator(f"{PANEL} .jp-Cell").first
    # The figure's cell at the top of the notebook's view: its code, then the figure. Cells
    # change height as they are painted (content-visibility), so adjust a few times.
    for _ in range(6):
        offset = target.evaluate(
            """e => {
                const cell = e.closest('.jp-Cell') || e;
                const scroller = cell.closest('.jp-WindowedPanel-outer');
                if (!scroller) { cell.scrollIntoView({block: 'start'}); return 0; }
                const top = cell.getBoundingClientRect().top;
                const offset = top - scroller.getBoundingClientRect().top - 8;
                scroller.scrollTop += offset;
                return offset;
            }"""
        )
        page.evaluate(
            "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )
        if abs(offset) < 4:
            break
    # Cells off screen are painted lazily (content-visibility): let a few frames pass.
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.wait_for_timeout(500)


@pytest.mark.browser
@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_notebook_runs_in_lab(lab: LabServer, page: Any, path: Path) -> None:
    before = path.read_bytes()
    run = run_in_lab(page, lab, f"notebooks/{path.name}", expected_outputs(path))
    print(
        f"{path.name}: ran in {run.seconds:.1f} s; {run.images} figure(s), {run.tables} table(s)"
        + "".join(f"; {note}" for note in run.notes)
    )
    try:
        show_for_screenshot(page)
        docs_name = "lab.png" if path == _figure_notebook() else None
        screenshot(page, f"lab-{path.stem}.png", docs_name)
        assert_lab_run_ok(run)
    finally:
        lab.shutdown_kernels()
    assert path.read_bytes() == before, f"{path.name} was modified by the test"


@pytest.mark.browser
def test_lab_detector_reports_a_failing_cell(lab: LabServer, page: Any) -> None:
    """The detector of the main test sees a cell that raises (and lets a tagged one pass)."""
    name = "99-failing-fixture.ipynb"
    cells = [
        nbformat.v4.new_markdown_cell("# A notebook that fails"),
        nbformat.v4.new_code_cell("x = 1\nx"),
        nbformat.v4.new_code_cell('raise ValueError("expected")'),
        nbformat.v4.new_code_cell('raise RuntimeError("boom")'),
        nbformat.v4.new_code_cell("y = 2"),
    ]
    cells[2].metadata["tags"] = ["raises-exception"]
    path = write_notebook(lab.root / "notebooks" / name, cells)
    try:
        run = run_in_lab(page, lab, f"notebooks/{name}", expected_outputs(path))
        screenshot(page, "lab-failing-fixture.png")
    finally:
        lab.shutdown_kernels()
    assert [error.cell for error in run.errors] == [4], run.errors
    assert "RuntimeError" in run.errors[0].text and "boom" in run.errors[0].text
    assert str(run.errors[0]) == "cell 4: RuntimeError: boom"
    assert run.unexecuted == [5]  # JupyterLab stops Run All at the failing cell
    with pytest.raises(AssertionError, match=r"cell 4: RuntimeError: boom"):
        assert_lab_run_ok(run)


def rich_cells() -> list[Any]:
    """Fixture cells with what the course's notebooks show: a figure, a table, a widget, and a
    warning on stderr (which is not an error)."""
    return [
        nbformat.v4.new_markdown_cell("# Figures, tables and a widget\n\nA fixture."),
        nbformat.v4.new_code_cell(
            "import matplotlib.pyplot as plt\n\nfig, ax = plt.subplots(figsize=(4, 3))\n"
            "ax.plot([1, 2, 3], [2, 1, 3])\nplt.show()"
        ),
        nbformat.v4.new_code_cell(
            'import pandas as pd\n\npd.DataFrame({"a": [1, 2], "b": ["x", "y"]})'
        ),
        nbformat.v4.new_code_cell(
            'import ipywidgets as widgets\n\nwidgets.IntSlider(value=3, description="n")'
        ),
        nbformat.v4.new_code_cell('import warnings\n\nwarnings.warn("a harmless warning")'),
    ]


@pytest.mark.browser
def test_lab_counts_figures_and_tables(lab: LabServer, page: Any) -> None:
    """The counts the main test compares with the committed outputs see a figure and a table."""
    name = "98-rich-fixture.ipynb"
    path = write_notebook(lab.root / "notebooks" / name, rich_cells())
    expected = dataclasses.replace(expected_outputs(path), images=1, tables=1)
    try:
        run = run_in_lab(page, lab, f"notebooks/{name}", expected)
        show_for_screenshot(page)
        screenshot(page, "lab-rich-fixture.png")
    finally:
        lab.shutdown_kernels()
    assert (run.images, run.tables, run.errors, run.unexecuted) == (1, 1, [], [])
    assert page.locator(f"{PANEL} .jupyter-widgets").count() >= 1  # the live slider
    assert_lab_run_ok(run)


# --------------------------------------------------------------------------- site tests


def _site_is_fresh(site: Path) -> bool:
    """True when ``site`` was built after the notebooks and the builder last changed."""
    index = site / "index.html"
    if not index.is_file():
        return False
    built = index.stat().st_mtime
    tools = BUILD_SCRIPT.parent
    notebooks = [*SITE_PATHS, *EDITION_PATHS]
    sources = [*tools.glob("*.py"), tools / "site.css", *tools.glob("templates/**/*"), *notebooks]
    pages = {p.relative_to(site) for p in site.glob("**/[0-9][0-9]-*.html")}
    wanted = {p.relative_to(NOTEBOOKS).with_suffix(".html") for p in notebooks}
    return pages == wanted and all(source.stat().st_mtime <= built for source in sources)


def build_site(out: Path, notebooks: Path = NOTEBOOKS, *extra: str) -> subprocess.CompletedProcess:
    """Run tools/build_site.py (the command `make book` runs) into ``out``."""
    return subprocess.run(
        [
            sys.executable,
            str(BUILD_SCRIPT),
            "--out",
            str(out),
            "--notebooks",
            str(notebooks),
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=SITE_BUILD_SECONDS,
        check=False,
    )


@pytest.fixture(scope="module")
def site(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``_build/html`` if it is newer than every notebook, else a fresh build in a tmp folder
    (only when there is a browser to look at it: ``chromium`` skips or fails first)."""
    if _site_is_fresh(BUILT_SITE):
        return BUILT_SITE
    out = tmp_path_factory.mktemp("site") / "html"
    result = build_site(out)
    assert result.returncode == 0, f"building the site failed:\n{result.stderr}"
    return out


@pytest.mark.browser
def test_site_opens_every_notebook(site: Path, page: Any) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    index = (site / "index.html").as_uri()
    page.goto(index)
    assert "ITPP" in page.title()
    links = page.locator(".site-toc a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs == [f"{p.stem}.html" for p in SITE_PATHS]
    screenshot(page, "site-index.png", "site.png")
    for path in SITE_PATHS:
        expected = expected_outputs(path)
        page.goto(index)
        page.locator(f'.site-toc a[href="{path.stem}.html"]').click()
        page.wait_for_load_state()
        assert page.url.endswith(f"/{path.stem}.html")
        assert page.title().startswith(expected.title), (path.name, page.title())
        assert expected.title in page.locator("main h1").first.inner_text()
        assert page.locator(".site-menu a").count() >= len(SITE_PATHS) + 1
        assert page.locator(".site-pager a").count() >= 1
        screenshot(page, f"site-{path.stem}.png")
    # Every other page of the menu (glossary, teacher guide) opens too.
    page.goto(index)
    menu = page.locator(".site-menu a")
    for href in [menu.nth(i).get_attribute("href") for i in range(menu.count())]:
        page.goto((site / href).as_uri())
        assert page.locator("main h1").count() >= 1, href
    offline = [url for url in requests if not url.startswith(("file:", "data:", "about:"))]
    assert not offline, f"the site made network requests: {offline}"


@pytest.mark.browser
def test_site_language_switch_keeps_the_page(site: Path, page: Any) -> None:
    """A notebook page's switch opens the same notebook in the other edition, and back."""
    both = [p.stem for p in EDITION_PATHS if (NOTEBOOKS / p.name).is_file()]
    assert both, "no notebook is in both editions: build notebooks/id/ (tools/translate.py)"
    name = f"{both[-1]}.html"
    page.goto((site / name).as_uri())
    for lang, there, words in (
        ("en", site / "id" / name, "Bahasa Indonesia"),
        ("id", site / name, "English"),
    ):
        assert page.locator("html").get_attribute("lang") == lang, page.url
        switch = page.locator(".site-header .site-language")
        assert switch.inner_text().strip() == words
        switch.click()
        page.wait_for_load_state()
        assert page.url == there.as_uri()
        assert page.locator("main h1").count() >= 1
    assert page.locator("html").get_attribute("lang") == "en"
    screenshot(page, "site-language-switch.png")


@pytest.mark.browser
def test_site_fits_a_phone(site: Path, browser: Any) -> None:
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True)
    try:
        tab = context.new_page()
        tab.set_default_timeout(30_000)
        too_wide = []
        for html_page in sorted([*site.glob("*.html"), *site.glob("id/*.html")]):
            tab.goto(html_page.as_uri())
            width = tab.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"] + 1:
                too_wide.append(f"{html_page.name}: {width}px")
        tab.goto((site / "index.html").as_uri())
        tab.locator(".site-menu summary").click()
        assert tab.locator(".site-menu a").first.is_visible()
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / "site-phone-menu.png"))
        assert not too_wide, f"pages wider than a phone ({PHONE['width']}px): {too_wide}"
    finally:
        context.close()


# --------------------------------------------------------------------------- site builder


def write_notebook(path: Path, cells: list[Any]) -> Path:
    """A fixture notebook with the course's kernel."""
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


# --------------------------------------------------------------------------- solutions, data


def assert_solution_folded(page: Any, scope: str) -> None:
    """The first folded solution in ``scope`` hides its text until its summary is clicked."""
    box = page.locator(f"{scope} details", has=page.locator("summary", has_text="Solution")).first
    box.scroll_into_view_if_needed()
    answer = box.locator("p, pre, ul, ol, table").first
    assert box.get_attribute("open") is None and not answer.is_visible(), "solution already open"
    box.locator("summary").click()
    answer.wait_for(state="visible", timeout=10_000)


@pytest.mark.browser
def test_site_hides_solutions_until_clicked(site: Path, page: Any) -> None:
    page.goto((site / "00-start-here.html").as_uri())
    assert_solution_folded(page, "main")
    screenshot(page, "site-solution-open.png")


@pytest.mark.browser
def test_lab_hides_solutions_until_clicked(lab: LabServer, page: Any) -> None:
    relative = "notebooks/00-start-here.ipynb"
    open_in_lab(page, lab, relative, expected_outputs(lab.root / relative))
    assert_solution_folded(page, f"{PANEL} .jp-RenderedMarkdown")
    screenshot(page, "lab-solution-open.png")


@pytest.mark.browser
def test_site_figures_enlarge_and_tables_read_from_the_left(site: Path, browser: Any) -> None:
    figure_pages = [p for p in SITE_PATHS if expected_outputs(p).images]
    table_pages = [p for p in SITE_PATHS if expected_outputs(p).tables]
    if not figure_pages or not table_pages:
        pytest.skip("no notebook with both a figure and a table yet")
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True)
    try:
        tab = context.new_page()
        tab.goto((site / f"{figure_pages[0].stem}.html").as_uri())
        image = tab.locator(".jp-OutputArea-output img").first
        image.scroll_into_view_if_needed()
        fitted = image.bounding_box()["width"]
        image.click()
        assert image.bounding_box()["width"] > fitted, "tapping the figure did not enlarge it"
        assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
        tab.goto((site / f"{table_pages[0].stem}.html").as_uri())
        cell = tab.locator(".jp-OutputArea-output table td").first
        assert cell.evaluate("e => getComputedStyle(e).textAlign") in ("left", "start")
    finally:
        context.close()


@pytest.mark.browser
def test_hostile_data_opens_no_dialog(chromium: Path, page: Any, data_copy: Path, tmp_path) -> None:
    attack = "<img src=x onerror=alert(document.domain)>"
    set_cells(
        data_copy / "glossary.csv",
        "term",
        "ITPP",
        english=f"ITPP {attack}",
        explanation=f"{attack} [click me](javascript:alert(2)) <script>alert(3)</script>",
    )
    set_cells(data_copy / "references.csv", "reference_id", "N1", publisher=f"NATO {attack}")
    out = tmp_path / "site"
    command = [sys.executable, str(BUILD_SCRIPT), "--out", str(out), "--no-execute"]
    env = {**os.environ, "ITPP_DATA_DIR": str(data_copy)}
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for name in ("index.html", "glossary.html", "teacher-guide.html", "data.html"):
        page.goto((out / name).as_uri())
        page.wait_for_load_state("load")
        for link in page.locator("main a").all()[:200]:
            assert not (link.get_attribute("href") or "").lower().startswith("javascript:")
    page.goto((out / "glossary.html").as_uri())
    page.wait_for_timeout(500)
    assert dialogs == [], f"data text ran as script: {dialogs}"
    assert "ITPP <img src=x" in page.locator("main").inner_text()  # shown as text


@pytest.mark.browser
def test_print_leaves_solutions_to_the_teacher(chromium: Path, browser: Any, tmp_path) -> None:
    """A page printed to PDF by Chromium: a real PDF, a new page for each section, no menu; the
    student's print hides the solution box, the teacher's (teacher build) prints it open."""
    import build_site

    notebooks = tmp_path / "notebooks"
    solution = "<details><summary>Solution</summary>\n\nThe answer is **two**.\n\n</details>"
    cells = [f"# Start\n\nRead this.\n\n{solution}", "## Part two\n\nMore text.", "## Part three"]
    write_notebook(notebooks / "00-start.ipynb", [nbformat.v4.new_markdown_cell(c) for c in cells])
    for teacher in (False, True):
        out = tmp_path / f"site-{'teacher' if teacher else 'student'}"
        build_site.build_site(out, notebooks, execute=False, report=lambda _: None, teacher=teacher)
        tab = browser.new_page()
        try:
            tab.goto((out / "00-start.html").as_uri())
            tab.emulate_media(media="print")
            tab.evaluate("dispatchEvent(new Event('beforeprint'))")
            box = tab.locator("main details").first
            shown = box.evaluate("e => e.open && getComputedStyle(e).display !== 'none'")
            assert shown is teacher, f"solution printed: {shown}, teacher build: {teacher}"
            assert box.locator("p").first.is_visible() is teacher
            assert not tab.locator(".site-header").is_visible(), "the menu bar is printed"
            pdf = tab.pdf(format="A4")
        finally:
            tab.close()
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / f"print-{out.name}.pdf").write_bytes(pdf)
        assert pdf.startswith(b"%PDF-"), "Chromium did not print a PDF"
        pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
        assert pages >= 3, f"{pages} printed page(s): each section should start a new page"
