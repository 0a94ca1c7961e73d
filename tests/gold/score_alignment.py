"""Score sentence alignment against the hand-made gold pairs (tests/gold/alignment/).

Texts: the two course articles (data/sources/) and four reports written by the project in the
style of Indonesian outlets (tests/gold/alignment/texts/, see tests/gold/README.md). Gold pairs
(pairs.csv) are every pair of sentences that state the same proposition; a sentence may have
several acceptable counterparts. A sentence is identified by the words it ends with: its recorded
index after ``split_sentences(clean_text(text).body)`` when that sentence still ends so, else the
only sentence with that ending (compared without chat marks and line-end hyphens if no sentence
ends so exactly, since the cleaner may now set those aside). A cleaning change that renumbers
sentences keeps the gold valid; an ending that no longer names one sentence stops the scorer with
the row named.

Precision: proposed pairs that are gold pairs. Recall: gold pairs found, out of the largest number
a one-to-one alignment can find (the maximum matching of the gold pairs), so a perfect one-to-one
aligner scores 1.0. ``strong`` counts strong pairs only; ``any`` counts strong and possible ones.

Usage: python tests/gold/score_alignment.py [--gold tests/gold/heldout/alignment]
(another gold folder: its pairs.csv, texts looked up in its texts/ or its sibling pages/).
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from helpers import align_sentences, clean_text, split_sentences  # noqa: E402

GOLD = Path(__file__).resolve().parent / "alignment"
COURSE_SOURCES = ROOT / "data" / "sources"

Aligner = Callable[[Sequence[str], Sequence[str]], object]


def gold_sentences(text_id: str, gold: Path = GOLD) -> list[str]:
    """The sentences of a gold text: a course article or one of the project's imitations."""
    path = COURSE_SOURCES / f"{text_id}.txt"
    if not path.exists():
        path = gold / "texts" / f"{text_id}.txt"
    if not path.exists():
        path = gold.parent / "pages" / f"{text_id}.txt"
    return [s.text for s in split_sentences(clean_text(path.read_text(encoding="utf-8")).body)]


def find_sentence(sentences: Sequence[str], ends: str, recorded: int) -> int | None:
    """The sentence ending with ``ends``: the recorded index if it still fits, else the only fit.

    Pairs name a sentence by its ending, so a cleaning or splitting change that renumbers the
    sentences does not invalidate the gold; ``None`` when no sentence or several fit.
    """
    if 0 <= recorded < len(sentences) and sentences[recorded].endswith(ends):
        return recorded
    fits = [index for index, sentence in enumerate(sentences) if sentence.endswith(ends)]
    if not fits:  # an ending recorded before the cleaner set aside a mark or a line-end hyphen
        loose = _loose(ends)
        fits = [i for i, sentence in enumerate(sentences) if _loose(sentence).endswith(loose)]
        if 0 <= recorded < len(sentences) and recorded in fits:
            return recorded
    return fits[0] if len(fits) == 1 else None


def _loose(text: str) -> str:
    """``text`` without the characters clean_text may set aside inside a kept line (chat marks
    ``*`` ``_`` ``~``, a hyphen and line break splitting a word) and with spaces collapsed."""
    text = re.sub(r"-\n(?=\w)", "", text)
    return " ".join(re.sub(r"[*_~]", "", text).split())


def gold_pairs(gold: Path = GOLD) -> dict[tuple[str, str], set[tuple[int, int]]]:
    """Gold pairs per (left, right) text, each sentence found by its recorded ending."""
    pairs: dict[tuple[str, str], set[tuple[int, int]]] = {}
    sentences: dict[str, list[str]] = {}
    with open(gold / "pairs.csv", encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            found = []
            for side in ("left", "right"):
                text_id, ends = row[side], row[f"{side}_ends"]
                texts = sentences.setdefault(text_id, gold_sentences(text_id, gold))
                index = find_sentence(texts, ends, int(row[f"{side}_index"]))
                if index is None:
                    raise ValueError(
                        f"pairs.csv line {line}: no single sentence of {text_id!r} ends with "
                        f"{ends!r}; has cleaning or splitting changed?"
                    )
                found.append(index)
            pairs.setdefault((row["left"], row["right"]), set()).add((found[0], found[1]))
    return pairs


def max_matching(pairs: set[tuple[int, int]]) -> int:
    """Size of a maximum one-to-one matching of the pairs (augmenting paths; the sets are small)."""
    partners: dict[int, list[int]] = {}
    for left, right in sorted(pairs):
        partners.setdefault(left, []).append(right)
    owner: dict[int, int] = {}

    def augment(left: int, seen: set[int]) -> bool:
        for right in partners[left]:
            if right not in seen:
                seen.add(right)
                if right not in owner or augment(owner[right], seen):
                    owner[right] = left
                    return True
        return False

    return sum(augment(left, set()) for left in partners)


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else float("nan")


def _figures(strong: int, strong_ok: int, proposed: int, proposed_ok: int, reachable: int):
    return {
        "gold_reachable": reachable,
        "strong_pairs": strong,
        "strong_correct": strong_ok,
        "all_pairs": proposed,
        "all_correct": proposed_ok,
        "precision_strong": _ratio(strong_ok, strong),
        "precision_any": _ratio(proposed_ok, proposed),
        "recall_strong": _ratio(strong_ok, reachable),
        "recall_any": _ratio(proposed_ok, reachable),
    }


def alignment_scores(align: Aligner | None = None, gold_dir: Path = GOLD) -> dict:
    """Precision and recall of ``align`` (default: helpers.align_sentences) on the gold set.

    Returns ``{"pairs": {"left~right": figures}, "overall": figures}``. An aligner whose pairs
    have no ``confidence`` column (the old token-ratio aligner) counts every pair as strong.
    """
    align = align or align_sentences
    per_pair = {}
    totals = [0, 0, 0, 0, 0]
    for (left, right), gold in gold_pairs(gold_dir).items():
        pairs = align(gold_sentences(left, gold_dir), gold_sentences(right, gold_dir)).pairs
        confidence = pairs["confidence"] if "confidence" in pairs else ["strong"] * len(pairs)
        found = list(zip(pairs["left_index"], pairs["right_index"], confidence, strict=True))
        strong = [(i, j) for i, j, level in found if level == "strong"]
        counts = (
            len(strong),
            sum(pair in gold for pair in strong),
            len(found),
            sum((i, j) in gold for i, j, _ in found),
            max_matching(gold),
        )
        per_pair[f"{left}~{right}"] = _figures(*counts)
        totals = [total + count for total, count in zip(totals, counts, strict=True)]
    return {"pairs": per_pair, "overall": _figures(*totals)}


def _print(scores: dict) -> None:
    columns = ["strong_pairs", "precision_strong", "recall_strong", "all_pairs"]
    columns += ["precision_any", "recall_any", "gold_reachable"]
    print(f"{'text pair':<22}" + "".join(f"{c:>17}" for c in columns))
    rows = {**scores["pairs"], "OVERALL": scores["overall"]}
    for name, figures in rows.items():
        print(f"{name:<22}" + "".join(f"{figures[c]:>17}" for c in columns))


def _gold_folder(argv: list[str]) -> Path:
    """The folder named after ``--gold`` on the command line, else the development gold."""
    if "--gold" not in argv:
        return GOLD
    at = argv.index("--gold")
    if at + 1 == len(argv):
        raise SystemExit("--gold needs a folder holding a pairs.csv")
    return Path(argv[at + 1]).resolve()


if __name__ == "__main__":
    _print(alignment_scores(gold_dir=_gold_folder(sys.argv)))
