"""Figures: titled, labelled, colour-blind-safe with a second cue, described, deterministic."""

from __future__ import annotations

import io
import itertools

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

import helpers
from helpers import (
    alt_text,
    plot_area_coverage,
    plot_discrepancies,
    plot_news_routes,
    plot_timeline,
)
from helpers.plots import OKABE_ITO

matplotlib.use("Agg")
PALETTE = {c.lower() for c in OKABE_ITO.values()}

TIMELINE = pd.DataFrame(
    {
        "date": ["2012-09", "2005", "2023-07-11"],
        "date_precision": ["month", "year", "day"],
        "end_date": ["", "", "2023-07-12"],
        "event": ["First IPCP", "Dialogue begins", "Vilnius summit <and> ITPP"],
        "category": ["programme", "dialogue", "summit"],
    }
)
AREAS = pd.DataFrame({"area_no": [1, 2, 3], "english": ["dialogue", "cyber defence", "science"]})
WORDINGS = pd.DataFrame(
    {
        "area_no": [1, 2, 3, 1, 2, 2],
        "source_id": ["a", "a", "a", "b", "b", "b"],
        "faithfulness": ["faithful", "shifted", "omitted", "faithful", "split", "split"],
    }
)
FINDINGS = pd.DataFrame(
    {
        "kind": ["omission", "omission", "consistent", "naming"],
        "source_ids": ["a b", "a", "b", "b"],
        "status": ["discrepancy", "discrepancy", "consistent", "discrepancy"],
    }
)


def drawn_texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]


def assert_no_overlap(fig: Figure, texts) -> None:
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts if t.get_text()]
    for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2):
        assert not box_a.overlaps(box_b), f"{a!r} overlaps {b!r}"


def png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def colours_used(fig: Figure) -> set[str]:
    found = set()
    for ax in fig.axes:
        found |= {to_hex(line.get_color()) for line in ax.get_lines()}
        found |= {to_hex(patch.get_facecolor()) for patch in ax.patches}
    return found


# --- timeline -------------------------------------------------------------------------------


def test_timeline_is_in_date_order_labelled_and_described():
    fig = plot_timeline(TIMELINE)
    (ax,) = fig.axes
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert [label.split(" · ")[0] for label in labels] == ["2005", "2012-09", "2023-07-11"]
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert colours_used(fig) <= PALETTE
    text = alt_text(fig)
    assert text == fig.alt_text
    assert "3 events from 2005 to 2023" in text and "2012-09: First IPCP" in text
    legend = {t.get_text() for t in fig.legends[0].get_texts()}
    assert {"dialogue", "programme", "summit", "date known to the year"} <= legend


def test_timeline_legend_keys_only_the_date_precisions_shown():
    fig = plot_timeline(TIMELINE[TIMELINE["date_precision"] == "day"])
    legend = {t.get_text() for t in fig.legends[0].get_texts()}
    assert "date known to the day" in legend
    assert not {"date known to the year", "date known to the month"} & legend


def test_timeline_shows_precision_as_marker_shape_and_period_length():
    fig = plot_timeline(TIMELINE)
    (ax,) = fig.axes
    markers = [line.get_marker() for line in ax.get_lines() if line.get_marker() != "None"]
    assert markers == ["s", "^", "o"]  # year, month, day, in date order
    spans = [line for line in ax.get_lines() if line.get_marker() == "None"]
    year = spans[0].get_xdata()
    assert (pd.Timestamp(year[1]) - pd.Timestamp(year[0])).days == 365  # all of 2005
    summit = spans[2].get_xdata()
    assert (pd.Timestamp(summit[1]) - pd.Timestamp(summit[0])).days == 2  # 11 to 12 July


def test_timeline_labels_do_not_overlap_on_the_real_table():
    corpus = helpers.load_corpus()
    fig = plot_timeline(corpus.table("timeline"))
    (ax,) = fig.axes
    assert len(ax.get_yticklabels()) == len(corpus.table("timeline"))
    assert_no_overlap(fig, ax.get_yticklabels())
    assert_no_overlap(fig, ax.get_xticklabels())


@pytest.mark.parametrize(
    ("frame", "error", "message"),
    [
        ("not a frame", TypeError, "timeline must be a pandas DataFrame"),
        (TIMELINE.drop(columns="category"), ValueError, "timeline lacks column.*category"),
        (TIMELINE.iloc[0:0], ValueError, "timeline is empty"),
        (TIMELINE.assign(date=["2012/09", "2005", "2023"]), ValueError, "timeline.date must be"),
        (TIMELINE.assign(date_precision="week"), ValueError, "timeline.date_precision must be"),
    ],
)
def test_timeline_refuses_bad_input(frame, error, message):
    with pytest.raises(error, match=message):
        plot_timeline(frame)


# --- area coverage --------------------------------------------------------------------------


def test_area_coverage_labels_every_cell_in_words():
    fig = plot_area_coverage(WORDINGS, AREAS, sources=["a", "b", "c"])
    (ax,) = fig.axes
    cells = [t.get_text() for t in ax.texts]
    assert cells == [
        "faithful", "shifted", "omitted",  # a
        "faithful", "split ×2", "no data",  # b
        "no data", "no data", "no data",  # c: no rows at all
    ]  # fmt: skip
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c"]
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "1. dialogue",
        "2. cyber defence",
        "3. science",
    ]
    assert ax.get_title() and ax.get_xlabel() == "Source" and ax.get_ylabel() == "ITPP area"
    hatches = {patch.get_hatch() for patch in ax.patches}
    assert {"//", "..", "xx"} <= hatches  # a pattern besides the colour
    assert alt_text(fig).endswith(
        "a: 1 faithful, 1 shifted, 1 omitted; b: 1 faithful, 1 split, 1 no data; c: 3 no data."
    )
    assert_no_overlap(fig, ax.texts)


def test_area_coverage_on_the_real_tables():
    corpus = helpers.load_corpus()
    fig = plot_area_coverage(corpus.table("area_wordings"), corpus.table("areas"))
    (ax,) = fig.axes
    assert len(ax.texts) == len(corpus.table("areas")) * len(corpus.source_ids)
    assert colours_used(fig) <= PALETTE | {"#dddddd"}
    assert_no_overlap(fig, ax.texts)


@pytest.mark.parametrize(
    ("wordings", "areas", "error", "message"),
    [
        (WORDINGS.assign(faithfulness="great"), AREAS, ValueError, "faithfulness has"),
        (WORDINGS.assign(area_no=9), AREAS, ValueError, r"area_no \[9\] are not in areas"),
        (WORDINGS, AREAS.drop(columns="english"), ValueError, "areas lacks column"),
        (WORDINGS, [1, 2], TypeError, "areas must be a pandas DataFrame"),
    ],
)
def test_area_coverage_refuses_bad_input(wordings, areas, error, message):
    with pytest.raises(error, match=message):
        plot_area_coverage(wordings, areas)


# --- discrepancies --------------------------------------------------------------------------


def test_discrepancies_count_each_source_named_by_a_finding():
    fig = plot_discrepancies(FINDINGS)
    panels = {ax.get_title(): ax for ax in fig.axes}
    assert list(panels) == ["a", "b"]
    kinds = [t.get_text() for t in fig.axes[0].get_yticklabels()]  # the panels share them
    totals = {}
    for source, ax in panels.items():
        widths = [patch.get_width() for patch in ax.patches]
        discrepancy, consistent = widths[: len(kinds)], widths[len(kinds) :]
        totals[source] = dict(zip(kinds, zip(discrepancy, consistent, strict=True), strict=True))
    assert totals["a"] == {"consistent": (0, 0), "naming": (0, 0), "omission": (2, 0)}
    assert totals["b"] == {"consistent": (0, 1), "naming": (1, 0), "omission": (1, 0)}
    assert fig.get_suptitle() and fig.axes[0].get_ylabel() and fig.axes[0].get_xlabel()
    assert "b: consistent 0 discrepancy/1 consistent" in alt_text(fig)
    assert {"discrepancy", "consistent"} == {t.get_text() for t in fig.legends[0].get_texts()}


def test_discrepancies_on_the_real_table():
    corpus = helpers.load_corpus()
    fig = plot_discrepancies(corpus.table("discrepancies"))
    assert [ax.get_title() for ax in fig.axes] == corpus.source_ids
    assert colours_used(fig) <= PALETTE
    assert_no_overlap(fig, fig.axes[0].get_yticklabels())


def test_discrepancies_refuse_an_unknown_status():
    with pytest.raises(ValueError, match=r"discrepancies\.status has"):
        plot_discrepancies(FINDINGS.assign(status="maybe"))


# --- all figures ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "draw",
    [
        lambda: plot_timeline(TIMELINE),
        lambda: plot_area_coverage(WORDINGS, AREAS),
        lambda: plot_discrepancies(FINDINGS),
    ],
)
def test_figures_are_deterministic_and_not_left_open_in_pyplot(draw):
    before = plt.get_fignums()
    first, second = draw(), draw()
    assert isinstance(first, Figure)
    assert plt.get_fignums() == before  # shown once, as the cell's value, not again by pyplot
    assert png(first) == png(second)
    assert alt_text(first) == alt_text(second)


def test_alt_text_refuses_a_figure_made_elsewhere():
    with pytest.raises(ValueError, match="no alt text"):
        alt_text(Figure())


# --- news routes ----------------------------------------------------------------------------

NODES = pd.DataFrame(
    {"label": ["Office", "Herald", "Our article"], "x": [1.0, 5.0, 9.0], "y": [2.0, 3.0, 2.0]},
    index=["office", "herald", "ours"],
)
ROUTES = pd.DataFrame(
    [("office", "herald", "report", "K1 K2"), ("herald", "ours", "rendering", "K1")],
    columns=["sender", "receiver", "how", "reference_ids"],
)


def test_news_routes_draw_every_box_and_labelled_arrow_and_describe_them():
    fig = plot_news_routes(NODES, ROUTES, highlight=["ours"])
    texts = drawn_texts(fig)
    assert {"Office", "Herald", "Our article", "report\n[K1, K2]", "rendering\n[K1]"} <= set(texts)
    assert alt_text(fig) == (
        "Diagram of how the news travelled, as boxes joined by arrows: "
        "from Office to Herald: report [K1 K2]; from Herald to Our article: rendering [K1]. "
        "In blue boxes: ours."
    )
    faces = {
        t.get_text(): to_hex(t.get_bbox_patch().get_facecolor())
        for t in fig.axes[0].texts
        if t.get_text()
    }
    assert faces["Our article"] == OKABE_ITO["sky blue"].lower()
    assert faces["Office"] != faces["Our article"]
    assert plt.get_fignums() == []


def test_news_routes_refuse_a_route_to_an_unknown_node():
    routes = ROUTES.assign(receiver=["herald", "nowhere"])
    with pytest.raises(ValueError, match="not in nodes: nowhere"):
        plot_news_routes(NODES, routes)
