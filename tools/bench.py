"""Print the course's figures: speed, size and memory (`make bench`), accuracy (`make eval`).

`make bench` exits 1 on a missed target. Its figures: alignment of two synthetic documents
(1,000 and 5,000 sentences: at most 1 s and 10 s) and its peak memory; ``import helpers`` on top
of pandas and matplotlib (0.2 s); the runtime environment against the design card's five
packages (1.15×); the notebook suite against as many trivial notebooks under the same runner
(1.3×; each notebook 10 s); pathological inputs, each done or refused within 10 s, as long as a
notebook may take. The synthetic documents use the articles' words with a fixed seed; the second
drops a tenth of the first's sentences, changes three words in each, adds a tenth new ones and
is shuffled.

``--eval`` (`make eval`) prints the accuracy figures instead: each gold scorer of tests/gold/ on
its development set, then on its held-out sets. Figures are printed here rather than asserted by
timed tests.

Usage: python tools/bench.py [--no-notebooks | --eval [scorer options]]
"""

from __future__ import annotations

import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from importlib import metadata
from pathlib import Path

import nbformat
from packaging.requirements import Requirement
from runner import RunError, course_notebooks, run_notebook  # tools/ is on sys.path: its folder

import helpers

ROOT = Path(__file__).resolve().parent.parent
HELD_OUT = sorted(path.name for path in (ROOT / "tests" / "gold").glob("heldout*/"))
GOLD_SETS = ("", *HELD_OUT)  # tests/gold/<set>/: development first, then each held-out set

SEED = 20230711
CARD = ("jupyterlab", "pandas", "matplotlib", "nbval", "pytest")  # the design card's packages
TRIVIAL = "import pandas\nimport matplotlib.pyplot"
GOLD = {"score_text.py": "pages", "score_alignment.py": "alignment"}  # scorer: its gold folder
IMPORT_PROBE = """import sys, time
start = time.perf_counter(); import pandas, matplotlib; middle = time.perf_counter()
import helpers; end = time.perf_counter(); helpers.load_corpus()
print(middle - start, end - middle, time.perf_counter() - end)"""


def machine() -> str:
    """One line naming the machine, printed before any figure."""
    info = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").is_file() else ""
    cpu = re.search(r"^model name\s*:\s*(.+)$", info, re.M)
    return (
        f"machine: {os.cpu_count()} cores, {cpu[1] if cpu else platform.processor() or '?'}, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def evaluate(options: list[str]) -> int:
    """`make eval`: run every gold scorer on every gold set, printing what each prints."""
    for scorer, folder in GOLD.items():
        for name in GOLD_SETS:
            gold = ["--gold", f"tests/gold/{name}/{folder}"] if name else []
            command = [f"tests/gold/{scorer}", *gold]
            print(f"\n$ {' '.join(command)}", flush=True)
            code = subprocess.run([sys.executable, *command, *options], cwd=ROOT).returncode
            if code:
                return code
    return 0


def synthetic_pair(size: int, rng: random.Random, words: list[str]) -> tuple[list[str], list[str]]:
    """A document of ``size`` sentences and an edited, shuffled version of it."""

    def sentence() -> list[str]:
        return [rng.choice(words) for _ in range(rng.randint(8, 30))]

    original = [sentence() for _ in range(size)]
    edited = []
    for tokens in original:
        if rng.random() < 0.1:
            continue
        tokens = list(tokens)
        for _ in range(3):
            tokens[rng.randrange(len(tokens))] = rng.choice(words)
        edited.append(tokens)
    edited += [sentence() for _ in range(size // 10)]
    rng.shuffle(edited)
    texts = [" ".join(tokens).capitalize() + "." for tokens in [*original, *edited]]
    return texts[:size], texts[size:]


def verdict(value: float, target: float) -> str:
    """The word after a figure: did it meet its target (at most ``target``)?"""
    return "ok" if value <= target else "MISSED"


def figure(what: str, value: float, target: float, unit: str = "s", note: str = "") -> bool:
    """Print one figure against its target; True if met."""
    print(
        f"{what}: {value:.2f} {unit} (target ≤ {target:g} {unit}: {verdict(value, target)}){note}"
    )
    return value <= target


def timed(work) -> tuple[float, str]:
    """Seconds ``work()`` took, and what came of it (a clear refusal is an outcome too)."""
    started = time.perf_counter()
    try:
        pairs = getattr(work(), "pairs", None)
        outcome = "done" if pairs is None else f"{len(pairs)} pairs"
    except ValueError as error:  # the helpers' size limits (DataError, SizeLimitError)
        outcome = f"refused: {str(error)[:90]}"
    return time.perf_counter() - started, outcome


def bench_speed(words: list[str]) -> bool:
    """Ordinary and pathological sizes (issue 17): each worst case done or refused in 10 s."""
    rng, ok = random.Random(SEED), True
    for size, target in {1000: 1.0, 5000: 10.0}.items():
        left, right = synthetic_pair(size, rng, words)
        seconds, pairs = timed(lambda: helpers.align_sentences(left, right))  # noqa: B023
        ok &= figure(f"align {size} x {len(right)} sentences", seconds, target, note=f"; {pairs}")
        tracemalloc.start()
        helpers.align_sentences(left, right)
        print(
            f"peak memory of that alignment: {tracemalloc.get_traced_memory()[1] / 2**20:.0f} MiB"
        )
        tracemalloc.stop()
    same, prose = ["Korea dan NATO sepakat."] * 2000, "Pada 11 Juli 2023 Yoon ke NATO, kata dia. "
    megabyte, dots = (prose * 25000)[: 2**20], "." * 40000 + "a"
    cases = {
        "align 2,000 identical sentences": lambda: helpers.align_sentences(same, same),
        "split_sentences, 40,000 dots + a letter": lambda: helpers.split_sentences(dots),
        'split_sentences, "Dr. " x 20,000': lambda: helpers.split_sentences("Dr. " * 20000),
        "extract_facts, 1,000,000 characters": lambda: helpers.extract_facts(megabyte[: 10**6]),
        "side_by_side, 20 KB repetitive": lambda: helpers.side_by_side(prose * 480, prose * 480),
        "side_by_side, 1 MiB each": lambda: helpers.side_by_side(megabyte, megabyte),
    }
    for name, work in cases.items():
        seconds, outcome = timed(work)
        ok &= figure(f"worst case, {name}", seconds, 10, note=f"; {outcome}")
    return ok


def bench_overhead() -> bool:
    """What each notebook pays before its own work: ``import helpers`` and ``load_corpus``."""
    probe = [sys.executable, "-c", IMPORT_PROBE]
    runs = [subprocess.run(probe, cwd=ROOT, capture_output=True, check=True) for _ in range(7)]
    base, imports, load = (
        statistics.median(float(r.stdout.split()[i]) for r in runs) for i in (0, 1, 2)
    )
    note = f" over pandas + matplotlib's {base:.2f} s; load_corpus then {load:.2f} s; median of 7"
    return figure("import helpers", imports, 0.2, note=note)


def installed_mib(names: set[str]) -> float:
    """Installed size of these distributions: the files their RECORD lists, as found on disk."""
    files = [file for name in names for file in metadata.distribution(name).files or []]
    return sum(p.stat().st_size for f in files if (p := Path(f.locate())).is_file()) / 2**20


def closure(roots: list[str]) -> set[str]:
    """The installed distributions ``roots`` need, following their requirements (no extras)."""
    found, queue = set(), list(roots)
    while queue:
        name = re.sub(r"[-_.]+", "-", queue.pop()).lower()
        if name not in found:
            found.add(name)
            needs = [Requirement(text) for text in metadata.requires(name) or []]
            queue += [r.name for r in needs if not r.marker or r.marker.evaluate({"extra": ""})]
    return found


def bench_environment() -> bool:
    """requirements-runtime.txt (what Binder installs) against the card's five, in this venv."""
    lines = (ROOT / "requirements-runtime.txt").read_text(encoding="utf-8").splitlines()
    pins = [Requirement(line) for line in lines if line.strip() and not line.startswith("#")]
    runtime = {p.name for p in pins if not p.marker or p.marker.evaluate()}
    card = closure(list(CARD))
    sizes = installed_mib(runtime), installed_mib(card)
    note = f"; {len(runtime)} packages, {sizes[0]:.0f} MiB, against {len(card)} packages, "
    note += f"{sizes[1]:.0f} MiB, for {', '.join(CARD)} and what they need"
    return figure("runtime environment / the card's five", sizes[0] / sizes[1], 1.15, "×", note)


def bench_notebooks(folder: Path = ROOT / "notebooks") -> bool:
    """Each notebook, then a trivial one, each in a fresh kernel under tools/runner.py."""
    ok, totals = True, [0.0, 0.0]
    with tempfile.TemporaryDirectory() as scratch:
        trivial = Path(scratch) / "00-trivial.ipynb"
        nbformat.write(
            nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(TRIVIAL)]), trivial
        )
        for path in course_notebooks(folder):
            try:
                seconds = run_notebook(path, timeout=600)[1]
            except RunError as error:  # report every notebook, then fail at the end
                print(f"notebook {path.name}: FAILED ({error})")
                ok = False
                continue
            floor = run_notebook(trivial, timeout=600)[1]
            totals = [totals[0] + seconds, totals[1] + floor]
            ok &= figure(
                f"notebook {path.name}", seconds, 10, note=f"; a trivial one {floor:.2f} s"
            )
    note = f"; {totals[0]:.1f} s against {totals[1]:.1f} s for as many notebooks of {TRIVIAL!r}"
    ratio = totals[0] / totals[1] if totals[1] else float("inf")
    return figure("notebook suite / trivial notebooks", ratio, 1.3, "×", note) and ok


def main(arguments: list[str]) -> int:
    print(machine(), flush=True)
    if arguments[:1] == ["--eval"]:
        return evaluate(arguments[1:])
    corpus = helpers.load_corpus()
    words = sorted({w.lower() for t in corpus.texts.values() for w in re.findall(r"[^\W\d_]+", t)})
    print(f"vocabulary: {len(words)} words from the course articles; seed {SEED}")
    seconds, _ = timed(lambda: [helpers.collate(corpus), helpers.compare_facts(corpus)])
    print(f"collate + compare_facts over the {len(corpus.source_ids)} articles: {seconds:.2f} s")
    ok = bench_speed(words) & bench_overhead() & bench_environment()
    return 0 if ok & ("--no-notebooks" in arguments or bench_notebooks()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
