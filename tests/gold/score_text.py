"""Score cleaning and fact extraction against the hand-made gold in tests/gold/pages/.

Cleaning is scored on non-space characters: precision is the share of removed characters that
the gold marks as furniture, recall the share of furniture characters removed; ``pieces`` is the
share of gold pieces removed whole, ``reasons`` the share of those recorded with the gold's
reason. Facts are scored on (kind, value) for names, acronyms and
dates, and on (speaker, opening words) for quotes: the kinds the gold lists exhaustively.
Run ``python tests/gold/score_text.py`` from the project root to print the figures; add
``--gold tests/gold/heldout/pages`` to score another folder of pages in the same format.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGES = Path(__file__).resolve().parent / "pages"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from helpers import clean_text  # noqa: E402

SCORED_KINDS = ("name", "acronym", "date", "quote")


def _gold_spans(text: str, furniture: list[dict]) -> list[tuple[int, int, str]]:
    spans = []
    for piece in furniture:
        starts = []
        at = text.find(piece["text"])
        while at >= 0:
            starts.append(at)
            at = text.find(piece["text"], at + 1)
        if not starts:
            raise ValueError(f"gold furniture {piece['text']!r} is not in the page")
        start = starts[piece.get("occurrence", 0)]
        spans.append((start, start + len(piece["text"]), piece["reason"]))
    return spans


def _mask(text: str, spans) -> set[int]:
    return {i for start, end, *_ in spans for i in range(start, end) if not text[i].isspace()}


def _cleaning(text: str, furniture: list[dict]) -> dict:
    gold = _gold_spans(text, furniture)
    cleaned = clean_text(text)
    removed = _mask(text, [(r.start, r.end) for r in cleaned.removed])
    wanted = _mask(text, gold)
    missed = [text[s:e] for s, e, _ in gold if _mask(text, [(s, e)]) - removed]
    reasons = [
        why in {r.reason for r in cleaned.removed if r.start < e and r.end > s}
        for s, e, why in gold
        if not _mask(text, [(s, e)]) - removed
    ]
    extra = sorted(removed - wanted)
    wrongly = [r.text.strip() for r in cleaned.removed if _mask(text, [(r.start, r.end)]) - wanted]
    return {
        "removed": len(removed),
        "gold": len(wanted),
        "hit": len(removed & wanted),
        "pieces": len(gold),
        "pieces_hit": len(gold) - len(missed),
        "missed": missed,
        "reasons_right": sum(reasons),
        "wrongly_removed": wrongly if extra else [],
    }


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 1.0


def _summary(results: dict[str, dict]) -> dict:
    removed = sum(r["removed"] for r in results.values())
    gold = sum(r["gold"] for r in results.values())
    hit = sum(r["hit"] for r in results.values())
    pieces = sum(r["pieces"] for r in results.values())
    pieces_hit = sum(r["pieces_hit"] for r in results.values())
    return {
        "precision": _ratio(hit, removed),
        "recall": _ratio(hit, gold),
        "pieces": _ratio(pieces_hit, pieces),
        "reasons": _ratio(sum(r["reasons_right"] for r in results.values()), pieces_hit),
        "missed": {k: r["missed"] for k, r in results.items() if r["missed"]},
        "wrongly_removed": {
            k: r["wrongly_removed"] for k, r in results.items() if r["wrongly_removed"]
        },
    }


def _pages(folder: Path = PAGES) -> list[tuple[str, str, dict]]:
    pages = []
    for gold_file in sorted(folder.glob("*.json")):
        if gold_file.name == "course_articles.json":
            continue
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        text = (folder / gold["page"]).read_text(encoding="utf-8")
        pages.append((gold_file.stem, text, gold))
    return pages


def cleaning_scores(folder: Path = PAGES) -> dict:
    """Precision and recall of furniture removal on the imitation pages and the course articles."""
    pages = {name: _cleaning(text, gold["furniture"]) for name, text, gold in _pages(folder)}
    course = json.loads((PAGES / "course_articles.json").read_text(encoding="utf-8"))
    articles = {
        name: _cleaning((ROOT / a["file"]).read_text(encoding="utf-8"), a["furniture"])
        for name, a in course["articles"].items()
    }
    return {"imitation pages": _summary(pages), "course articles": _summary(articles)}


def _extracted(text: str):
    try:
        from helpers.facts import article_facts
    except ImportError:  # the extractor before helpers/facts.py existed
        from helpers import extract_facts

        return extract_facts(clean_text(text).body)
    return article_facts(text)


def _fact_keys(frame) -> set[tuple[str, str]]:
    keys = set()
    for fact in frame.itertuples(index=False):
        if fact.kind == "quote":
            keys.add(("quote", f"{fact.speaker}: {fact.value}"))
        elif fact.kind in SCORED_KINDS:
            keys.add((fact.kind, fact.value))
    return keys


def _gold_keys(facts: list[dict]) -> set[tuple[str, str]]:
    return {
        ("quote", f"{f['speaker']}: {f['starts']}")
        if f["kind"] == "quote"
        else (f["kind"], f["value"])
        for f in facts
    }


def _matches(found: tuple[str, str], gold: tuple[str, str]) -> bool:
    if found[0] != gold[0]:
        return False
    return found[1].startswith(gold[1]) if found[0] == "quote" else found[1] == gold[1]


def fact_scores(folder: Path = PAGES) -> dict:
    """Precision and recall of extracted names, acronyms, dates and quotes on the pages."""
    per_kind = {kind: [0, 0, 0] for kind in SCORED_KINDS}  # found, gold, hit
    wrong: dict[str, list[str]] = {}
    missed: dict[str, list[str]] = {}
    for name, text, gold in _pages(folder):
        found = _fact_keys(_extracted(text))
        wanted = _gold_keys(gold["facts"])
        for kind in SCORED_KINDS:
            f = {k for k in found if k[0] == kind}
            g = {k for k in wanted if k[0] == kind}
            hit_found = {k for k in f if any(_matches(k, w) for w in g)}
            hit_gold = {w for w in g if any(_matches(k, w) for k in f)}
            per_kind[kind][0] += len(f)
            per_kind[kind][1] += len(g)
            per_kind[kind][2] += len(hit_gold)
            wrong.setdefault(name, []).extend(f"{k[0]}: {k[1][:50]}" for k in sorted(f - hit_found))
            missed.setdefault(name, []).extend(f"{k[0]}: {k[1]}" for k in sorted(g - hit_gold))
    found = sum(v[0] for v in per_kind.values())
    gold_total = sum(v[1] for v in per_kind.values())
    hit = sum(v[2] for v in per_kind.values())
    return {
        "precision": _ratio(min(hit, found), found),
        "recall": _ratio(hit, gold_total),
        "by kind": {
            k: {"precision": _ratio(min(v[2], v[0]), v[0]), "recall": _ratio(v[2], v[1])}
            for k, v in per_kind.items()
        },
        "wrong": {k: v for k, v in wrong.items() if v},
        "missed": {k: v for k, v in missed.items() if v},
    }


def _gold_folder(argv: list[str]) -> Path:
    """The folder named after ``--gold`` on the command line, else the development pages."""
    if "--gold" not in argv:
        return PAGES
    at = argv.index("--gold")
    if at + 1 == len(argv):
        raise SystemExit("--gold needs a folder of pages and their .json gold files")
    return Path(argv[at + 1]).resolve()


if __name__ == "__main__":
    verbose = "-v" in sys.argv
    folder = _gold_folder(sys.argv)
    for title, scores in (("cleaning", cleaning_scores(folder)), ("facts", fact_scores(folder))):
        print(f"== {title}")
        for key, value in scores.items():
            if (
                isinstance(value, dict)
                and not verbose
                and key in ("missed", "wrong", "wrongly_removed")
            ):
                print(f"  {key}: {sum(len(v) for v in value.values())} (use -v to list)")
            else:
                print(f"  {key}: {json.dumps(value, ensure_ascii=False, indent=None)}")
