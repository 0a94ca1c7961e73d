"""Views the notebooks share: claim cards, reference lists, figure captions, sentence tables.

A notebook cell calls one of these instead of building HTML or Markdown itself, so a quote card
or a reference list looks the same in every notebook. A view chooses what to show; how a quote
card looks is drawn in one place, :class:`helpers.display.QuoteCard`. Every piece
of data text goes through :mod:`helpers.markup` (escaped; links only for http(s) URLs), so a
hostile table cell shows as text. Views return objects with ``_repr_html_`` and a plain
``__repr__``, both deterministic, because strict nbval compares the stored outputs exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from helpers.cleaning import CleanText, clean_text
from helpers.data import Corpus, load_corpus
from helpers.display import QuoteCard, quote_card
from helpers.facts import extract_facts
from helpers.i18n import _
from helpers.markup import escape_html, link_html
from helpers.text import split_sentences

if TYPE_CHECKING:
    import os

    from matplotlib.figure import Figure

__all__ = [
    "Caption",
    "HtmlView",
    "ReferenceList",
    "area_view",
    "claim_card",
    "claim_cards",
    "claim_check",
    "claim_positions",
    "clean_sources",
    "count_words",
    "fact_positions",
    "finding_view",
    "link_pairs",
    "quote_positions",
    "reference_list",
    "removed_pieces",
    "rendering_view",
    "sentence_table",
    "show_figure",
    "speaker_view",
    "start_notebook",
    "text_statistics",
    "timeline_events",
]

# A word is a run of letters (hyphenated words such as negara-negara count once) or a number.
_WORD = re.compile(r"[^\W\d_]+(?:[-’'][^\W\d_]+)*|\d+(?:[.,/]\d+)*")
_NUMERIC_KINDS = ("date", "year", "number", "number-word")


def start_notebook(data_dir: str | os.PathLike[str] | None = None) -> Corpus:
    """The checked corpus, with pandas set to show whole sentences and URLs (not "...")."""
    pd.set_option("display.max_colwidth", None)
    return load_corpus(data_dir)


@dataclass(frozen=True)
class HtmlView:
    """Ready-made, escaped HTML with its plain-text twin; what every view below returns."""

    html: str
    text: str

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


def _join(views: Sequence[HtmlView | QuoteCard]) -> HtmlView:
    return HtmlView(
        "".join(view._repr_html_() for view in views), "\n".join(repr(view) for view in views)
    )


# Claims and findings ---------------------------------------------------------------------------


def claim_card(corpus: Corpus, claim_id: str) -> QuoteCard:
    """One claim as a quote card: the verbatim quote, our English gloss, its position."""
    claims = corpus.table("claims").set_index("claim_id", drop=False)
    if claim_id not in claims.index:
        raise KeyError(
            _("unknown claim_id {claim_id!r} (not in claims.csv)").format(claim_id=claim_id)
        )
    claim = claims.loc[claim_id]
    return _article_quote(corpus, claim["quote"], claim)


def _article_quote(corpus: Corpus, words: str, row: Mapping) -> QuoteCard:
    """A quote card for ``words`` of one of the corpus's articles, in that article's language;
    ``row`` (a claim or an area wording) gives their gloss, source_id, start and end."""
    language = str(corpus.sources.loc[row["source_id"], "language"])
    start, end = int(row["start"]), int(row["end"])
    return quote_card(words, row["gloss"], row["source_id"], start, end, lang=language)


def claim_cards(corpus: Corpus, *claim_ids: str) -> HtmlView:
    """Several claim cards, one after another, as one output."""
    return _join([claim_card(corpus, claim_id) for claim_id in claim_ids])


def quote_positions(corpus: Corpus, finding_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """Each quoted "words at issue" of the findings, found inside its claim, as raw positions.

    A finding's ``quotes`` are short extracts of its claims' quotes; the position of each is the
    claim's start plus where the extract stands in the claim.
    """
    claims = corpus.table("claims").set_index("claim_id", drop=False)
    findings = corpus.table("discrepancies").set_index("finding_id", drop=False)
    rows = []
    for finding_id in findings.index if finding_ids is None else finding_ids:
        finding = findings.loc[finding_id]
        for quote in finding["quotes"].split(" | "):
            for claim_id in finding["claim_ids"].split():
                claim = claims.loc[claim_id]
                offset = claim["quote"].find(quote)
                if offset >= 0:
                    start = int(claim["start"]) + offset
                    rows.append((finding_id, quote, claim["source_id"], start, start + len(quote)))
    columns = ["finding_id", "words at issue", "source", "start", "end"]
    return pd.DataFrame(rows, columns=columns)


def claim_positions(corpus: Corpus) -> pd.DataFrame:
    """Each finding's claims as whole spans: finding_id, source, start, end (raw positions)."""
    claims = corpus.table("claims").set_index("claim_id")
    findings = corpus.table("discrepancies")
    rows = []
    for finding_id, claim_ids in zip(findings["finding_id"], findings["claim_ids"], strict=True):
        for claim_id in claim_ids.split():
            claim = claims.loc[claim_id]
            rows.append((finding_id, claim["source_id"], int(claim["start"]), int(claim["end"])))
    return pd.DataFrame(rows, columns=["finding_id", "source", "start", "end"])


def fact_positions(corpus: Corpus, source_ids: Iterable[str]) -> pd.DataFrame:
    """Every item ``extract_facts`` finds in each cleaned article, at its raw position."""
    frames = []
    for source_id in source_ids:
        cleaned = clean_text(corpus.text(source_id))
        items = extract_facts(cleaned.body)
        spans = [
            cleaned.raw_span(int(s), int(e))
            for s, e in zip(items["start"], items["end"], strict=True)
        ]
        frames.append(
            items[["kind", "text", "value", "unit"]].assign(
                start=[start for start, _ in spans], end=[end for _, end in spans]
            )
        )
        frames[-1].insert(0, "source", source_id)
    return pd.concat(frames, ignore_index=True)


def finding_view(corpus: Corpus, finding_id: str) -> HtmlView:
    """One curated finding: its verdict, the claims it compares, the words at issue, the record."""
    finding = corpus.table("discrepancies").set_index("finding_id").loc[finding_id]
    heading = _finding_heading(finding_id, finding)
    cards = claim_cards(corpus, *finding["claim_ids"].split())
    positions = quote_positions(corpus, [finding_id]).drop(columns="finding_id")
    record = finding["record_says"] or _("(the record is silent on this point)")
    cited = f" [{finding['reference_ids']}]" if finding["reference_ids"] else ""
    lines = [
        _("Record: {record}").format(record=record + cited),
        _("Explanation: {explanation}").format(explanation=finding["explanation"]),
    ]
    return HtmlView(
        f"<p><b>{escape_html(heading)}</b></p>{cards.html}"
        f"{positions.to_html(index=False, escape=True)}"
        + "".join(f"<p>{escape_html(line)}</p>" for line in lines),
        "\n".join([heading, cards.text, positions.to_string(index=False), *lines]),
    )


def claim_check(corpus: Corpus, claim_id: str) -> HtmlView:
    """The four steps of checking one claim: the claim, what is cited, comparison, confidence."""
    findings = corpus.table("discrepancies")
    references = corpus.table("references").set_index("reference_id")
    card = claim_card(corpus, claim_id)
    citing = findings[findings["claim_ids"].str.split().map(lambda ids: claim_id in ids)]
    steps = []
    for finding in citing.itertuples():
        cites = "; ".join(
            f"[{ref}] {references.loc[ref, 'publisher']}, {references.loc[ref, 'title']}"
            for ref in finding.reference_ids.split()
        )
        steps += [
            _("2. Finding {finding_id} ({scope}) cites: {cites}").format(
                finding_id=finding.finding_id, scope=finding.scope, cites=cites or _("(nothing)")
            ),
            _("3. The record says: {record}").format(
                record=finding.record_says or _("(nothing on this point)")
            ),
            "   "
            + _("Verdict: {status} ({kind}). {explanation}").format(
                status=finding.status, kind=finding.kind, explanation=finding.explanation
            ),
            _("4. Confidence: {confidence}").format(confidence=finding.confidence),
        ]
    first = _("1. The claim ({claim_id}):").format(claim_id=claim_id)
    return HtmlView(
        f"<p>{escape_html(first)}</p>{card._repr_html_()}"
        + "".join(f"<p>{escape_html(step)}</p>" for step in steps),
        "\n".join([first, repr(card), *steps]),
    )


# Notebook 03's views: an agreement area in both articles, and what a speaker is quoted saying


def area_view(corpus: Corpus, area_no: int) -> HtmlView:
    """One of the areas of co-operation: how each article words it, with our reading."""
    area = corpus.table("areas").set_index("area_no").loc[area_no]
    wordings = corpus.table("area_wordings")
    title = _("Area {area_no}: {english} ({korean})").format(
        area_no=area_no, english=area["english"], korean=area["korean"]
    )
    parts: list[HtmlView | QuoteCard] = [HtmlView(f"<p><b>{escape_html(title)}</b></p>", title)]
    for row in wordings[wordings["area_no"] == area_no].itertuples():
        confidence = _("({confidence} confidence)").format(confidence=row.confidence)
        parts.append(
            HtmlView(
                f"<p><b>{escape_html(row.source_id)}</b>: <i>{escape_html(row.faithfulness)}</i> "
                f"{escape_html(confidence)}. {escape_html(row.explanation)}</p>",
                f"{row.source_id}: {row.faithfulness} {confidence}. {row.explanation}",
            )
        )
        if row.wording:  # an omitted area has no words to quote
            parts.append(_article_quote(corpus, row.wording, row._asdict()))
    return _join(parts)


def speaker_view(corpus: Corpus, speaker: str) -> HtmlView:
    """Every claim attributed to ``speaker``: quoted directly or reported, with our note."""
    claims = corpus.table("claims")
    kinds = {"quote": _("direct quotation"), "none": _("reported speech")}
    parts: list[HtmlView | QuoteCard] = []
    for claim in claims[claims["speaker"] != ""].itertuples():
        if speaker in claim.speaker.split("; "):
            head = _("{claim_id}: {kind}, attributed to {speakers}.").format(
                claim_id=claim.claim_id,
                kind=kinds.get(claim.value_type, claim.value_type),
                speakers=claim.speaker.replace("; ", _(" and ")),
            )
            note = _("Our note:")
            parts.append(
                HtmlView(
                    f"<p>{escape_html(head)} <i>{escape_html(note)}</i> "
                    f"{escape_html(claim.notes)}</p>",
                    f"{head} {note} {claim.notes}",
                )
            )
            parts.append(claim_card(corpus, claim.claim_id))
    return _join(parts)


# References and figures -------------------------------------------------------------------------


@dataclass(frozen=True)
class ReferenceList:
    """The references a notebook cites, in the order of references.csv; escaped, http(s) links."""

    rows: tuple[tuple[str, str, str, str, str], ...]  # id, publisher, title, date, url

    def _repr_html_(self) -> str:
        items = []
        for reference_id, publisher, title, when, url in self.rows:
            date = f", {escape_html(when)}" if when else ""
            where = (
                f" {link_html(url, url)}"
                if url
                else " " + escape_html(_("(no address in the record)"))
            )
            items.append(
                f"<li><b>[{escape_html(reference_id)}]</b> {escape_html(publisher)}: "
                f"<i>{escape_html(title)}</i>{date}.{where}</li>"
            )
        return f'<ul class="itpp-references">{"".join(items)}</ul>'

    def __repr__(self) -> str:
        nowhere = _("(no address in the record)")
        return "\n".join(
            f"- [{rid}] {publisher}: {title}{f', {when}' if when else ''}. {url or nowhere}"
            for rid, publisher, title, when, url in self.rows
        )


def reference_list(corpus: Corpus, *cited: str | Iterable[str]) -> ReferenceList:
    """The references named in ``cited``: strings of space-separated ids, or columns of them."""
    wanted: set[str] = set()
    for group in cited:
        for cell in [group] if isinstance(group, str) else group:
            wanted.update(str(cell).split())
    references = corpus.table("references").set_index("reference_id")
    unknown = sorted(wanted - set(references.index))
    if unknown:
        raise KeyError(
            _("unknown reference ids {ids} (not in references.csv)").format(ids=", ".join(unknown))
        )
    shown = references[references.index.isin(wanted)]
    return ReferenceList(
        tuple(
            (rid, str(ref["publisher"]), str(ref["title"]), str(ref["date"]), str(ref["url"]))
            for rid, ref in shown.iterrows()
        )
    )


@dataclass(frozen=True)
class Caption:
    """A numbered figure caption that is also the figure's text description (its alt text)."""

    number: int
    text: str

    def _repr_html_(self) -> str:
        label = escape_html(_("Figure {number}.").format(number=self.number))
        return f'<p class="itpp-caption"><b>{label}</b> {escape_html(self.text)}</p>'

    def __repr__(self) -> str:
        return _("Figure {number}.").format(number=self.number) + f" {self.text}"


def show_figure(fig: Figure, number: int) -> Caption:
    """Display a figure from :mod:`helpers.plots`, and return its caption to show below it."""
    from IPython.display import display

    from helpers.plots import alt_text

    display(fig, exclude=["text/plain"])
    return Caption(number, alt_text(fig))


# Texts: cleaned bodies, sentences with raw positions, word counts ------------------------------


def clean_sources(corpus: Corpus) -> dict[str, CleanText]:
    """Every source's cleaned body (with the map back to raw positions), by source id."""
    return {source_id: clean_text(corpus.text(source_id)) for source_id in corpus.source_ids}


def removed_pieces(cleaned: Mapping[str, CleanText]) -> pd.DataFrame:
    """What cleaning set aside in each source, with why and where (raw positions)."""
    rows = [
        (source_id, piece.reason, piece.start, piece.end, piece.text.strip())
        for source_id, result in cleaned.items()
        for piece in result.removed
    ]
    return pd.DataFrame(rows, columns=["source", "reason", "start", "end", "removed text"])


def sentence_table(corpus: Corpus, source_id: str) -> pd.DataFrame:
    """A source's cleaned sentences at their raw positions, with the claims inside each.

    ``start``/``end`` point into the raw text (as ``claims.csv`` does); the last two columns
    give our English glosses and the ids of the claims that overlap the sentence.
    """
    cleaned = clean_text(corpus.text(source_id))
    claims = corpus.table("claims")
    mine = claims[claims["source_id"] == source_id].sort_values("start")
    rows = []
    for number, sentence in enumerate(split_sentences(cleaned.body), start=1):
        start, end = cleaned.raw_span(sentence.start, sentence.end)
        inside = mine[(mine["start"] < end) & (mine["end"] > start)]
        rows.append(
            {
                "sentence": number,
                "start": start,
                "end": end,
                "Indonesian (verbatim)": sentence.text,
                "English (our glosses of its claims)": " | ".join(inside["gloss"]),
                "claim_ids": " ".join(inside["claim_id"]),
            }
        )
    return pd.DataFrame(rows).set_index("sentence")


# Findings that are not about one shared item: they cite both sides because the sides differ.
_NOT_SAME_ITEM = ("omission", "addition", "attribution")


def link_pairs(
    corpus: Corpus, pairs: pd.DataFrame, left: pd.DataFrame, right: pd.DataFrame
) -> pd.DataFrame:
    """Aligned sentence ``pairs`` with ``linked_by``: the findings comparing one item in both.

    ``left``/``right`` are the two sources' :func:`sentence_table`; a finding links a pair
    when it cites a claim inside each sentence and is not an omission, addition or attribution.
    """
    findings = corpus.table("discrepancies")
    same_item = findings[~findings["kind"].isin(_NOT_SAME_ITEM)]
    cited = [(row.finding_id, set(row.claim_ids.split())) for row in same_item.itertuples()]
    links = []
    for i, j in zip(pairs["left_index"], pairs["right_index"], strict=True):
        left_ids = set(left["claim_ids"].iloc[i].split())
        right_ids = set(right["claim_ids"].iloc[j].split())
        links.append(" ".join(f for f, ids in cited if ids & left_ids and ids & right_ids))
    return pairs.assign(linked_by=links)


def timeline_events(timeline: pd.DataFrame, category: str = "all") -> pd.DataFrame:
    """The timeline's events of one category (or ``"all"``): date, event, references."""
    rows = timeline if category == "all" else timeline[timeline["category"] == category]
    return rows[["date", "event", "reference_ids"]]


def count_words(text: str) -> int:
    """Words in ``text``: runs of letters (negara-negara counts once) or numbers (11.000)."""
    return len(_WORD.findall(text))


def text_statistics(text: str) -> dict[str, float]:
    """Length, words, sentences, words per sentence and the numbers and dates in ``text``."""
    facts = extract_facts(text)
    count = len(split_sentences(text))
    words = count_words(text)
    return {
        "characters": len(text),
        "words": words,
        "sentences": count,
        "words per sentence": round(words / count, 1) if count else 0.0,
        "numbers and dates": int(facts["kind"].isin(_NUMERIC_KINDS).sum()),
    }


# Notebook 06's view: a claim next to the wording it renders ------------------------------------


def _language_name(code: str) -> str:
    """The name of an original's language, in the reader's language."""
    return {"en": _("English"), "ko": _("Korean"), "ja": _("Japanese")}.get(code, code)


def _finding_heading(finding_id: str, finding: pd.Series) -> str:
    message = _("Finding {finding_id}: {scope}, {status}, kind {kind}, confidence {confidence}")
    return message.format(
        finding_id=finding_id,
        scope=finding["scope"],
        status=finding["status"],
        kind=finding["kind"],
        confidence=finding["confidence"],
    )


def rendering_view(corpus: Corpus, finding_id: str) -> HtmlView:
    """A finding that rests on ``originals.csv``: the original wording beside the Indonesian.

    Left, each excerpt the finding cites, in its language, with the course's own translation
    marked as such; right, the Indonesian claims as quote cards; below, the words at issue and
    the verdict. Used to teach how to check a rendering against its original.
    """
    findings = corpus.table("discrepancies").set_index("finding_id")
    if finding_id not in findings.index:
        raise KeyError(
            _("unknown finding_id {finding_id!r} (not in discrepancies.csv)").format(
                finding_id=finding_id
            )
        )
    finding = findings.loc[finding_id]
    excerpt_ids = finding["excerpt_ids"].split()
    if not excerpt_ids:
        raise ValueError(
            _("finding {finding_id!r} cites no excerpt of originals.csv").format(
                finding_id=finding_id
            )
        )
    originals = corpus.table("originals").set_index("excerpt_id")
    heading = _finding_heading(finding_id, finding)
    left_html, left_text = [], []
    for excerpt_id in excerpt_ids:
        excerpt = originals.loc[excerpt_id]
        language = _language_name(excerpt["language"])
        label = f"{excerpt_id} [{excerpt['reference_id']}], {language}"
        gloss = excerpt["gloss"] and _("Our translation: {gloss}").format(gloss=excerpt["gloss"])
        left_html.append(
            f"<p><b>{escape_html(label)}</b></p>"
            f'<blockquote lang="{escape_html(excerpt["language"])}" style="margin:4px 0 4px 12px">'
            f"{escape_html(excerpt['excerpt'])}</blockquote>"
            + (f"<p><i>{escape_html(gloss)}</i></p>" if gloss else "")
        )
        left_text += [f"{label}: {excerpt['excerpt']}", *([f"  {gloss}"] if gloss else [])]
    cards = claim_cards(corpus, *finding["claim_ids"].split())
    lines = [
        _("Words at issue: {quotes}").format(quotes=finding["quotes"]),
        _("Explanation: {explanation}").format(explanation=finding["explanation"]),
    ]
    original, report = _("Original wording"), _("Indonesian report")
    cell = 'style="vertical-align:top;text-align:left;padding:4px 8px;border:1px solid #999"'
    table = (
        '<table class="itpp-rendering" style="border-collapse:collapse;width:100%;'
        'table-layout:fixed"><thead><tr>'
        f'<th scope="col" {cell}>{escape_html(original)}</th>'
        f'<th scope="col" {cell}>{escape_html(report)}</th></tr></thead><tbody><tr>'
        f"<td {cell}>{''.join(left_html)}</td><td {cell}>{cards.html}</td></tr></tbody></table>"
    )
    return HtmlView(
        f"<p><b>{escape_html(heading)}</b></p>{table}"
        + "".join(f"<p>{escape_html(line)}</p>" for line in lines),
        "\n".join([heading, f"{original}:", *left_text, f"{report}:", cards.text, *lines]),
    )
