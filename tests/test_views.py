"""The notebook views: right content from the real data, and safe on hostile data."""

from __future__ import annotations

import csv
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

import helpers
from helpers import (
    Caption,
    alt_text,
    area_view,
    claim_card,
    claim_cards,
    claim_check,
    claim_positions,
    clean_sources,
    count_words,
    fact_positions,
    finding_view,
    link_pairs,
    plot_area_coverage,
    plot_discrepancies,
    plot_news_routes,
    plot_timeline,
    quote_positions,
    reference_list,
    removed_pieces,
    rendering_view,
    sentence_table,
    side_by_side,
    speaker_view,
    split_sentences,
    start_notebook,
    text_statistics,
    timeline_events,
)

# --- the views on the course's own data ----------------------------------------------------


def test_claim_card_shows_the_claim_at_its_position(corpus):
    card = claim_card(corpus, "sugawa-08")
    assert corpus.text("sugawa")[card.start : card.end] == card.quote
    assert "seperti dilansir Korea Herald" in card.quote
    with pytest.raises(KeyError, match="unknown claim_id 'nope'"):
        claim_card(corpus, "nope")


def test_a_card_is_in_its_article_language_not_a_fixed_one(data_copy):
    # a teacher's third article may be in English: its cards say so, and an English reader
    # then sees no English gloss of English words
    sources = data_copy / "sources.csv"
    table = pd.read_csv(sources, dtype=str, keep_default_na=False)
    table.loc[table["source_id"] == "koreanet", "language"] = "en"
    table.to_csv(sources, index=False)
    corpus = helpers.load_corpus(data_copy)
    english, indonesian = claim_card(corpus, "koreanet-01"), claim_card(corpus, "sugawa-09")
    assert (english.lang, indonesian.lang) == ("en", "id")
    assert 'blockquote lang="en"' in english._repr_html_()
    assert not english.shows_gloss and indonesian.shows_gloss
    area = area_view(corpus, 1)._repr_html_()  # worded by both articles
    assert 'blockquote lang="en"' in area and 'blockquote lang="id"' in area


def test_claim_cards_render_each_card_in_order(corpus):
    view = claim_cards(corpus, "koreanet-01", "sugawa-09")
    first, second = (repr(claim_card(corpus, c)) for c in ("koreanet-01", "sugawa-09"))
    assert repr(view) == f"{first}\n{second}"
    assert view._repr_html_().count('<figure class="itpp-quote"') == 2


def test_reference_list_keeps_the_csv_order_and_refuses_unknown_ids(corpus):
    view = reference_list(corpus, "K1 N1", pd.Series(["N2 K1", ""]))
    ids = [row[0] for row in view.rows]
    order = list(corpus.table("references")["reference_id"])
    assert sorted(ids, key=order.index) == ids and set(ids) == {"N1", "N2", "K1"}
    assert view._repr_html_().count("<li>") == 3
    assert repr(view).startswith("- [")
    with pytest.raises(KeyError, match="Z99"):
        reference_list(corpus, "N1 Z99")


def test_quote_positions_point_at_the_words_at_issue(corpus):
    positions = quote_positions(corpus)
    assert len(positions) > 20
    for row in positions.itertuples():
        text = corpus.text(row.source)
        assert text[row.start : row.end] == row._2  # "words at issue"


def test_claim_positions_are_the_whole_claims_each_finding_cites(corpus):
    spans = claim_positions(corpus)
    findings = corpus.table("discrepancies")
    assert len(spans) == sum(len(ids.split()) for ids in findings["claim_ids"])
    claims = corpus.table("claims").set_index(["source_id", "start", "end"])
    for row in spans.itertuples():
        assert (row.source, row.start, row.end) in claims.index


def test_fact_positions_point_at_each_extracted_item(corpus):
    positions = fact_positions(corpus, ["koreanet"])
    assert set(positions["source"]) == {"koreanet"} and len(positions) > 10
    assert {"kind", "text", "value", "unit"} <= set(positions.columns)
    raw = corpus.text("koreanet")
    for row in positions.itertuples():
        assert raw[row.start : row.end].split() == row.text.split()


def test_finding_view_shows_the_claims_the_words_and_the_record(corpus):
    finding = corpus.table("discrepancies").set_index("finding_id").loc["d23"]
    view = finding_view(corpus, "d23")
    assert repr(view).startswith(f"Finding d23: {finding['scope']}, {finding['status']}")
    for claim_id in finding["claim_ids"].split():
        assert repr(claim_card(corpus, claim_id)) in repr(view)
    assert "<table" in view._repr_html_() and "Explanation:" in repr(view)


def test_claim_check_lists_the_four_steps_for_each_finding(corpus):
    text = repr(claim_check(corpus, "koreanet-13"))
    assert text.startswith("1. The claim (koreanet-13):")
    findings = corpus.table("discrepancies")
    citing = findings["claim_ids"].str.split().map(lambda ids: "koreanet-13" in ids)
    assert text.count("\n2. Finding ") == int(citing.sum()) > 0
    assert text.count("\n4. Confidence: ") == int(citing.sum())


def test_area_and_speaker_views_on_the_real_tables(corpus):
    area = repr(area_view(corpus, 3))
    assert area.startswith("Area 3: ") and "koreanet: split" in area
    speaker = repr(speaker_view(corpus, "Jens Stoltenberg"))
    assert "sugawa-18" in speaker and "direct quotation" in speaker


def test_sentence_table_positions_are_raw_offsets(corpus):
    table = sentence_table(corpus, "sugawa")
    raw = corpus.text("sugawa")
    assert len(table) == len(split_sentences(clean_sources(corpus)["sugawa"].body))
    for row in table.itertuples():
        # the cleaned sentence equals the raw stretch up to the white space cleaning folds
        assert raw[row.start : row.end].split() == row._3.split()
    quoted = table[table["claim_ids"].str.contains("sugawa-08")]
    assert len(quoted) == 1 and "Korea Herald" in quoted.iloc[0, 2]


def test_link_pairs_links_only_pairs_sharing_a_same_item_finding(corpus):
    left, right = sentence_table(corpus, "sugawa"), sentence_table(corpus, "koreanet")
    sentences = [split_sentences(clean_sources(corpus)[s].body) for s in ("sugawa", "koreanet")]
    pairs = helpers.align_sentences(*sentences).pairs
    linked = link_pairs(corpus, pairs, left, right)
    findings = corpus.table("discrepancies").set_index("finding_id")
    for row in linked[linked["linked_by"] != ""].itertuples():
        for finding_id in row.linked_by.split():
            ids = set(findings.loc[finding_id, "claim_ids"].split())
            assert ids & set(left["claim_ids"].iloc[row.left_index].split())
            assert ids & set(right["claim_ids"].iloc[row.right_index].split())
            assert findings.loc[finding_id, "kind"] not in ("omission", "addition", "attribution")
    assert (linked["linked_by"] != "").any()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("negara-negara anggota NATO", 3),
        ("11.000 tentara, 2023", 3),
        ("Korea's ITPP (11/7/2023).", 3),
        ("", 0),
    ],
)
def test_count_words(text, words):
    assert count_words(text) == words


def test_text_statistics_counts_sentences_and_numbers():
    stats = text_statistics("Pada 11 Juli 2023 NATO bertemu. Sebelas bidang disepakati.")
    assert stats["sentences"] == 2 and stats["words"] == 9
    assert stats["words per sentence"] == 4.5 and stats["numbers and dates"] >= 2


def test_removed_pieces_and_timeline_events(corpus):
    removed = removed_pieces(clean_sources(corpus))
    assert set(removed["source"]) == {"sugawa", "koreanet"}
    for row in removed.itertuples():
        assert corpus.text(row.source)[row.start : row.end].strip() == row._5
    timeline = corpus.table("timeline")
    summit = timeline_events(timeline, "summit")
    assert len(summit) == (timeline["category"] == "summit").sum() > 0
    assert len(timeline_events(timeline)) == len(timeline)


def test_start_notebook_loads_the_corpus_and_shows_whole_cells():
    with pd.option_context("display.max_colwidth", 50):
        corpus = start_notebook()
        assert pd.get_option("display.max_colwidth") is None
    assert corpus.source_ids == ["sugawa", "koreanet"]


def test_caption_numbers_and_escapes():
    caption = Caption(2, "a <b>bold</b> claim")
    assert repr(caption) == "Figure 2. a <b>bold</b> claim"
    assert "<b>Figure 2.</b> a &lt;b&gt;bold&lt;/b&gt; claim" in caption._repr_html_()


# --- hostile data: nothing from a table runs or loads from the web ---------------------------

TAG = "<img src=x onerror=alert(1)>"
MARKDOWN_IMAGE = "![x](https://evil.example/x.png)"
JS_URL = "javascript:alert(1)"
HOSTILE = f"{TAG} {MARKDOWN_IMAGE} [click]({JS_URL}) <script>alert(2)</script>"
SAFE_TAGS = {
    "a", "b", "blockquote", "caption", "code", "del", "figcaption", "figure", "i", "ins", "li",
    "p", "span", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul", "div", "br",
    "style",  # pandas' own fixed CSS before a DataFrame
}  # fmt: skip


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def assert_inert(html_text: str) -> None:
    """Only layout tags; no event handler, no script, no image, links only to http(s)."""
    parser = _Tags()
    parser.feed(html_text)
    for tag, attrs in parser.found:
        assert tag in SAFE_TAGS, f"live tag <{tag}> in {html_text[:200]!r}"
        assert not any(name.startswith("on") for name in attrs), f"handler on <{tag}>"
        if tag == "a":
            assert re.match(r"https?://", attrs.get("href") or ""), attrs
    assert not re.search(r"<img|<script|href=\"?javascript", html_text, re.IGNORECASE)


def _rewrite(path: Path, change) -> None:
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    for row in rows:
        change(row)
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _write_hostile_tables(data: Path) -> None:
    """Put HOSTILE in every free-text field of the data copy that a notebook view shows."""
    text_path = data / "sources" / "sugawa.txt"
    raw = text_path.read_text(encoding="utf-8")
    start = len(raw) + 1
    text_path.write_text(f"{raw}\n{HOSTILE}\n", encoding="utf-8")
    digest = hashlib.sha256(text_path.read_bytes()).hexdigest()
    quote = {"quote": HOSTILE, "start": str(start), "end": str(start + len(HOSTILE))}

    def sources(row):
        if row["source_id"] == "sugawa":
            row["sha256"] = digest

    def references(row):
        row.update(publisher=f"NATO {HOSTILE}", title=HOSTILE, note=HOSTILE)

    def claims(row):
        row.update(gloss=HOSTILE, notes=HOSTILE)
        if row["claim_id"] == "sugawa-08":
            row.update(quote, speaker=f"Jens Stoltenberg; {HOSTILE}")

    def findings(row):
        row.update(record_says=HOSTILE, explanation=HOSTILE)
        if "sugawa-08" in row["claim_ids"].split():
            row["quotes"] = HOSTILE

    def areas(row):
        row.update(korean=HOSTILE, english=HOSTILE)

    def wordings(row):
        row.update(explanation=HOSTILE)
        if row["wording"]:
            row["gloss"] = HOSTILE
        if row["source_id"] == "sugawa" and row["area_no"] == "3":
            row.update(quote, wording=HOSTILE)
            del row["quote"]

    def text_fields(*names):
        return lambda row: row.update(dict.fromkeys(names, HOSTILE))

    for name, change in [
        ("sources.csv", sources),
        ("references.csv", references),
        ("claims.csv", claims),
        ("discrepancies.csv", findings),
        ("areas.csv", areas),
        ("area_wordings.csv", wordings),
        ("glossary.csv", text_fields("english", "explanation")),
        ("timeline.csv", text_fields("event", "notes")),
    ]:
        _rewrite(data / name, change)


HOSTILE_URLS = [JS_URL, "JAVASCRIPT:alert(1)", " javascript:alert(1)", "data:text/html,<b>x</b>"]


def _hostile_copy(data: Path) -> helpers.Corpus:
    """The hostile data copy, loaded, with non-web URLs in every reference.

    The loader may (or may not yet) refuse such URLs; the views must not depend on it, so the
    URLs are put into the loaded table.
    """
    _write_hostile_tables(data)
    corpus = helpers.load_corpus(data)
    references = corpus.tables["references"]
    references["url"] = [HOSTILE_URLS[i % 4] for i in range(len(references))]
    return corpus


def test_no_view_lets_hostile_table_text_run(data_copy):
    corpus = _hostile_copy(data_copy)
    findings = corpus.table("discrepancies")
    hostile_findings = findings.loc[findings["quotes"] == HOSTILE, "finding_id"]
    nodes = pd.DataFrame({"label": [HOSTILE, "b"], "x": [1.0, 5.0], "y": [1.0, 1.0]}, ["a", "b"])
    routes = pd.DataFrame(
        [("a", "b", HOSTILE, "K1")], columns=["sender", "receiver", "how", "reference_ids"]
    )
    figures = [
        plot_timeline(corpus.table("timeline")),
        plot_area_coverage(corpus.table("area_wordings"), corpus.table("areas")),
        plot_discrepancies(findings),
        plot_news_routes(nodes, routes, highlight=["a"]),
    ]
    views = [
        claim_card(corpus, "sugawa-08"),
        claim_cards(corpus, "sugawa-08", "koreanet-01"),
        reference_list(corpus, corpus.table("references")["reference_id"]),
        *[finding_view(corpus, f) for f in hostile_findings],
        claim_check(corpus, "sugawa-08"),
        area_view(corpus, 3),
        speaker_view(corpus, HOSTILE),
        *[Caption(number, alt_text(fig)) for number, fig in enumerate(figures, start=1)],
        side_by_side(HOSTILE, HOSTILE + " lagi", HOSTILE, HOSTILE),
    ]
    tables = [
        sentence_table(corpus, "sugawa"),
        timeline_events(corpus.table("timeline")),
        corpus.table("glossary"),
        quote_positions(corpus),
    ]
    assert len(hostile_findings) > 0
    assert sum(TAG in repr(view) for view in views) >= len(views) - 2
    for view in views:
        html_text = view._repr_html_()
        assert_inert(html_text)
        if TAG in repr(view):  # a caption shows data text only when its figure does
            assert "&lt;img src=x onerror=alert(1)&gt;" in html_text, type(view).__name__
        assert not hasattr(view, "_repr_markdown_")  # never read as Markdown: no image loads
    for table in tables:
        html_text = table.to_html()
        assert_inert(html_text)
        assert "&lt;img src=x" in html_text
    assert "&lt;script&gt;" in repr(reference_list(corpus, "N1")._repr_html_())


NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def test_notebooks_run_on_hostile_data_show_it_as_text(data_copy, monkeypatch):
    """01-03 render references, cards, areas and captions: run them on the hostile copy."""
    import nbformat
    from nbclient import NotebookClient

    _write_hostile_tables(data_copy)
    _rewrite(data_copy / "references.csv", lambda row: row.update(url=JS_URL))
    try:
        helpers.load_corpus(data_copy)
    except helpers.DataError as error:  # the loader refuses a non-web URL: keep the web ones
        assert "url" in str(error)
        _rewrite(data_copy / "references.csv", lambda row: row.update(url="https://example.org/"))
    monkeypatch.setenv("ITPP_DATA_DIR", str(data_copy))
    shown = 0
    for name in ("01-background", "02-meet-the-sources", "03-agreement-contents"):
        notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
        NotebookClient(
            notebook,
            timeout=120,
            allow_errors=True,
            resources={"metadata": {"path": str(NOTEBOOKS)}},
        ).execute()
        for cell in notebook.cells:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                assert "text/markdown" not in data, f"{name}: a Markdown output could load images"
                if "text/html" in data:
                    assert_inert(data["text/html"])
                    shown += "&lt;img src=x onerror=alert(1)&gt;" in data["text/html"]
    assert shown >= 10  # the hostile text did reach the views, as text


# --- notebook 06: a claim beside the wording it renders ------------------------------------


def test_rendering_view_puts_every_cited_excerpt_beside_the_claims(corpus):
    findings = corpus.table("discrepancies").set_index("finding_id")
    originals = corpus.table("originals").set_index("excerpt_id")
    with_excerpts = findings[findings["excerpt_ids"] != ""]
    assert len(with_excerpts) > 0
    for finding_id, finding in with_excerpts.iterrows():
        view = rendering_view(corpus, finding_id)
        glosses = 0
        for excerpt_id in finding["excerpt_ids"].split():
            assert originals.loc[excerpt_id, "excerpt"] in repr(view)
            gloss = originals.loc[excerpt_id, "gloss"]
            if gloss:  # ours, and marked as ours; English excerpts have none
                glosses += 1
                assert f"Our translation: {gloss}" in repr(view)
        assert repr(view).count("Our translation: ") == glosses
        for claim_id in finding["claim_ids"].split():
            assert repr(claim_card(corpus, claim_id)) in repr(view)
        assert f"kind {finding['kind']}" in repr(view)
        html_text = view._repr_html_()
        assert html_text.count('<figure class="itpp-quote"') == len(finding["claim_ids"].split())
        # an excerpt's blockquote follows its label; a quote card's sits in its figure
        assert html_text.count("</b></p><blockquote lang=") == len(finding["excerpt_ids"].split())


def test_rendering_view_refuses_unknown_findings_and_findings_without_excerpts(corpus):
    findings = corpus.table("discrepancies")
    without = findings.loc[findings["excerpt_ids"] == "", "finding_id"]
    assert len(without) > 0
    with pytest.raises(ValueError, match=f"finding '{without.iloc[0]}' cites no excerpt"):
        rendering_view(corpus, without.iloc[0])
    with pytest.raises(KeyError, match="unknown finding_id 'd999'"):
        rendering_view(corpus, "d999")


def test_rendering_view_shows_hostile_originals_as_text(data_copy):
    _rewrite(data_copy / "originals.csv", lambda row: row.update(excerpt=HOSTILE, gloss=HOSTILE))
    corpus = _hostile_copy(data_copy)
    findings = corpus.table("discrepancies")
    cited = findings.loc[findings["excerpt_ids"] != "", "finding_id"]
    for finding_id in cited:
        html_text = rendering_view(corpus, finding_id)._repr_html_()
        assert_inert(html_text)
        assert "&lt;img src=x onerror=alert(1)&gt;" in html_text
