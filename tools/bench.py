"""Print speed and memory figures (`make bench`); exit with 1 if a target is missed.

Aligning two synthetic documents of 1,000 and 5,000 sentences (under 1 s and 10 s) and its peak
memory; collating the course articles; ``import helpers`` on top of pandas and matplotlib (under
0.2 s); each notebook in a fresh kernel (under 10 s). The synthetic documents use the articles'
words with a fixed seed; the second drops a tenth of the first's sentences, changes three words in
each, adds a tenth new ones and is shuffled. Usage: python tools/bench.py [--no-notebooks]
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import helpers  # noqa: E402 - after the path is set, so the bench runs from any folder

TARGETS = {1000: 1.0, 5000: 10.0}  # sentences per document: seconds
IMPORT_TARGET_S = 0.2  # seconds `import helpers` may add to pandas + matplotlib
NOTEBOOK_TARGET_S = 10  # each notebook, on 2 cores
SEED = 20230711
IMPORT_RUNS = 7
IMPORT_PROBE = """import sys, time
start = time.perf_counter(); import pandas, matplotlib; middle = time.perf_counter()
import helpers; end = time.perf_counter()
heavy = [m for m in ("matplotlib.pyplot", "ipywidgets", "IPython") if m in sys.modules]
print(middle - start, end - middle, ",".join(heavy))"""


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


def verdict(seconds: float, target: float) -> str:
    """The word after a figure: did it meet its target?"""
    return "ok" if seconds < target else "MISSED"


def bench_alignment(words: list[str]) -> bool:
    ok = True
    rng = random.Random(SEED)
    for size, target in TARGETS.items():
        left, right = synthetic_pair(size, rng, words)
        started = time.perf_counter()
        result = helpers.align_sentences(left, right)
        seconds = time.perf_counter() - started
        ok &= seconds < target
        print(
            f"align {size:>5} x {len(right):>5} sentences: {seconds:6.2f} s "
            f"(target < {target:g} s: {verdict(seconds, target)}); {len(result.pairs)} pairs"
        )
    left, right = synthetic_pair(max(TARGETS), random.Random(SEED + 1), words)
    tracemalloc.start()
    helpers.align_sentences(left, right)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    probe = [sys.executable, __file__, "--memory-probe"]
    before, after = map(
        float, subprocess.run(probe, capture_output=True, check=True).stdout.split()
    )
    print(
        f"peak memory, aligning {max(TARGETS)} sentences: {peak / 2**20:.0f} MiB allocated "
        f"(tracemalloc); peak resident size {after:.0f} MiB in a fresh interpreter, "
        f"{after - before:.0f} MiB above its {before:.0f} MiB after loading the data"
    )
    return ok


def bench_import() -> bool:
    runs = [
        subprocess.run(
            [sys.executable, "-c", IMPORT_PROBE], cwd=ROOT, capture_output=True, check=True
        ).stdout.split()
        for _ in range(IMPORT_RUNS)
    ]
    seconds = statistics.median(float(run[1]) for run in runs)
    base = statistics.median(float(run[0]) for run in runs)
    heavy = sorted({module.decode() for run in runs for module in run[2:]})
    print(
        f"import helpers: {seconds * 1000:.0f} ms on top of pandas + matplotlib "
        f"({base * 1000:.0f} ms; target < {IMPORT_TARGET_S * 1000:.0f} ms: "
        f"{verdict(seconds, IMPORT_TARGET_S)}); median of {IMPORT_RUNS} fresh interpreters; "
        f"heavy modules pulled in: {', '.join(heavy) or 'none'}"
    )
    return seconds < IMPORT_TARGET_S


def bench_notebooks(folder: Path = ROOT / "notebooks") -> bool:
    """Each notebook in a fresh kernel, run as `make execute` runs it (tools/runner.py)."""
    from runner import RunError, course_notebooks, run_notebook  # tools/ is on sys.path

    ok = True
    for path in course_notebooks(folder):
        try:
            seconds = run_notebook(path, timeout=600)[1]
        except RunError as error:  # report every notebook, then fail at the end
            print(f"notebook {path.name}: FAILED ({error})")
            ok = False
            continue
        ok &= seconds < NOTEBOOK_TARGET_S
        print(
            f"notebook {path.name}: {seconds:.1f} s in a fresh kernel "
            f"(target < {NOTEBOOK_TARGET_S} s: {verdict(seconds, NOTEBOOK_TARGET_S)})"
        )
    return ok


def peak_resident_mib() -> float:
    """This process's peak resident memory: Linux's VmHWM (``ru_maxrss`` of a child starts from
    its parent's peak there), elsewhere ``ru_maxrss`` (bytes on macOS)."""
    status = Path("/proc/self/status")
    found = re.search(r"^VmHWM:\s+(\d+) kB", status.read_text() if status.is_file() else "", re.M)
    if found:
        return int(found.group(1)) / 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024


def main(arguments: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-notebooks", action="store_true", help="skip running the notebooks")
    parser.add_argument("--memory-probe", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args(arguments)
    corpus = helpers.load_corpus()
    words = sorted({w.lower() for t in corpus.texts.values() for w in re.findall(r"[^\W\d_]+", t)})
    if options.memory_probe:  # peak resident MiB before and after one large alignment
        left, right = synthetic_pair(max(TARGETS), random.Random(SEED + 1), words)
        before = peak_resident_mib()
        helpers.align_sentences(left, right)
        print(before, peak_resident_mib())
        return 0
    print(f"vocabulary: {len(words)} words from the course articles; seed {SEED}")
    ok = bench_alignment(words)
    started = time.perf_counter()
    helpers.collate(corpus)
    helpers.compare_facts(corpus)
    print(
        f"collate + compare_facts over the {len(corpus.source_ids)} course articles: "
        f"{time.perf_counter() - started:.2f} s"
    )
    ok &= bench_import()
    return 0 if ok & (options.no_notebooks or bench_notebooks()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
