"""Figures for the knowledge tables: a timeline, the areas-by-sources matrix, the findings.

Each function returns a matplotlib Figure that is already closed in pyplot, so a notebook shows
it exactly once, when it is the cell's last expression. Colours are the Okabe–Ito palette, which
stays distinct for the common kinds of colour blindness, and every colour has a second cue (a
marker shape, a hatch or a text label). Each figure carries its alt text as ``fig.alt_text``;
:func:`alt_text` returns it. pyplot is imported only when a figure is drawn.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from helpers.i18n import _

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "OKABE_ITO",
    "alt_text",
    "plot_area_coverage",
    "plot_discrepancies",
    "plot_news_routes",
    "plot_timeline",
]

OKABE_ITO = {
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
    "black": "#000000",
}
_CATEGORY_COLOURS = [
    OKABE_ITO[name]
    for name in (
        "blue",
        "orange",
        "bluish green",
        "reddish purple",
        "sky blue",
        "vermillion",
        "yellow",
        "black",
    )
]
_PRECISION_MARKERS = {"year": "s", "month": "^", "day": "o"}
_LABEL_WIDTH = 50  # characters per line of an event label
FAITHFULNESS = {  # colour, hatch: faithful is plain, the others carry a pattern too
    "faithful": (OKABE_ITO["bluish green"], ""),
    "shifted": (OKABE_ITO["orange"], "//"),
    "split": (OKABE_ITO["sky blue"], ".."),
    "omitted": (OKABE_ITO["vermillion"], "xx"),
}
STATUS = {
    "discrepancy": (OKABE_ITO["vermillion"], "//"),
    "consistent": (OKABE_ITO["bluish green"], ""),
}
_NO_DATA = "#DDDDDD"


def _value_label(value: str) -> str:
    """A data value as a legend shows it: the value itself, with its rendering in the reader's
    language in brackets when that differs (``faithful (setia)``), as the notebooks' prose does."""
    rendering = {
        "faithful": _("faithful"),
        "shifted": _("shifted"),
        "split": _("split"),
        "omitted": _("omitted"),
        "discrepancy": _("discrepancy"),
        "consistent": _("consistent"),
    }.get(value, value)
    return value if rendering == value else f"{value} ({rendering})"


def _precision_label(precision: str) -> str:
    return {
        "year": _("date known to the year"),
        "month": _("date known to the month"),
        "day": _("date known to the day"),
    }[precision]


def alt_text(fig: Figure) -> str:
    """The alt text of a figure made by this module (a description for screen readers)."""
    text = getattr(fig, "alt_text", None)
    if not isinstance(text, str):
        raise ValueError(_("this figure has no alt text: it was not made by helpers.plots"))
    return text


def plot_timeline(timeline: pd.DataFrame, *, title: str | None = None) -> Figure:
    """One row per event in date order; the marker shape shows how precise the date is.

    Needs columns date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), date_precision, event and
    category; an ``end_date`` draws a range. A year- or month-precise date is drawn as a bar
    across that whole year or month, so the figure never claims more precision than the data.
    """
    import matplotlib.dates as mdates
    from matplotlib.lines import Line2D

    frame = _require(timeline, "timeline", ["date", "date_precision", "event", "category"])
    frame = frame.assign(_start=[_period(d, "timeline.date")[0] for d in frame["date"]])
    frame = frame.sort_values(["_start", "date"], kind="stable").reset_index(drop=True)
    categories = sorted(frame["category"].astype(str).unique())
    colours = {c: _CATEGORY_COLOURS[i % len(_CATEGORY_COLOURS)] for i, c in enumerate(categories)}
    fig = _new_figure((11, 2.4 + 0.5 * len(frame)))
    ax = fig.subplots()
    labels = []
    for row, event in enumerate(frame.itertuples(index=False)):
        precision = str(event.date_precision)
        if precision not in _PRECISION_MARKERS:
            raise ValueError(
                _("timeline.date_precision must be year, month or day, got {precision!r}").format(
                    precision=precision
                )
            )
        start, end = _period(str(event.date), "timeline.date")
        end_date = getattr(event, "end_date", None)
        if isinstance(end_date, str | date) and str(end_date):
            end = _period(str(end_date), "timeline.end_date")[1]
        colour = colours[str(event.category)]
        ax.plot(
            [start, end], [row, row], color=colour, linewidth=6, alpha=0.45, solid_capstyle="butt"
        )
        ax.plot(
            [start],
            [row],
            marker=_PRECISION_MARKERS[precision],
            color=colour,
            markersize=8,
            markeredgecolor="black",
            linestyle="none",
        )
        label = f"{event.date} · {event.event}"
        labels.append(textwrap.fill(label, _LABEL_WIDTH, max_lines=2, placeholder=" …"))
    ax.set_yticks(range(len(frame)), labels, fontsize=9)
    ax.set_ylim(len(frame) - 0.5, -0.5)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_xlabel(_("Date"))
    ax.set_ylabel(_("Event (in date order)"))
    ax.grid(axis="x", color="#CCCCCC", linewidth=0.6)
    ax.set_axisbelow(True)
    first, last = frame["_start"].min(), frame["_start"].max()
    ax.set_title(
        title
        or _("Timeline: {count} events, {first}–{last}").format(
            count=len(frame), first=first.year, last=last.year
        )
    )
    used_precisions = set(frame["date_precision"].astype(str))
    handles = [
        Line2D([], [], color=colours[c], linewidth=6, alpha=0.6, label=c) for c in categories
    ]
    handles += [
        Line2D(
            [],
            [],
            marker=m,
            color="grey",
            markeredgecolor="black",
            linestyle="none",
            label=_precision_label(p),
        )
        for p, m in _PRECISION_MARKERS.items()
        if p in used_precisions  # a key only for the marker shapes the figure shows
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=4, frameon=False, fontsize=9)
    events = "; ".join(f"{d}: {e}" for d, e in zip(frame["date"], frame["event"], strict=True))
    fig.alt_text = _(
        "Timeline of {count} events from {first} to {last}, one row per event in date order, "
        "coloured by category ({categories}). Events: {events}."
    ).format(
        count=len(frame),
        first=first.year,
        last=last.year,
        categories=", ".join(categories),
        events=events,
    )
    return fig


def plot_area_coverage(
    area_wordings: pd.DataFrame, areas: pd.DataFrame, *, sources: Sequence[str] | None = None
) -> Figure:
    """Areas (rows) by sources (columns), each cell labelled and coloured by faithfulness.

    ``sources`` fixes the columns (default: in order of appearance in ``area_wordings``); a
    source without a row for an area shows "no data". An area given in several rows (e.g. split
    into two list items) shows its label once with the count.
    """
    from matplotlib.patches import Patch, Rectangle

    wordings = _require(area_wordings, "area_wordings", ["area_no", "source_id", "faithfulness"])
    areas = _require(areas, "areas", ["area_no", "english"]).sort_values("area_no")
    unknown = sorted(set(wordings["faithfulness"]) - set(FAITHFULNESS))
    if unknown:
        raise ValueError(
            _("area_wordings.faithfulness has {unknown}; expected one of {expected}").format(
                unknown=unknown, expected=list(FAITHFULNESS)
            )
        )
    stray = sorted(set(wordings["area_no"].astype(int)) - set(areas["area_no"].astype(int)))
    if stray:
        raise ValueError(
            _("area_wordings.area_no {stray} are not in areas.area_no").format(stray=stray)
        )
    columns = list(sources) if sources is not None else list(dict.fromkeys(wordings["source_id"]))
    numbers = [int(n) for n in areas["area_no"]]
    fig = _new_figure((3 + 2.2 * len(columns), 1.5 + 0.45 * len(numbers)))
    ax = fig.subplots()
    summary, no_data = [], _("no data")
    for x, source in enumerate(columns):
        counts: dict[str, int] = {}
        for y, number in enumerate(numbers):
            cell = wordings[(wordings["source_id"] == source) & (wordings["area_no"] == number)]
            values = list(dict.fromkeys(cell["faithfulness"]))
            worst = max(values, key=list(FAITHFULNESS).index) if values else None
            colour, hatch = FAITHFULNESS[worst] if worst else (_NO_DATA, "")
            ax.add_patch(
                Rectangle(
                    (x, y), 1, 1, facecolor=colour, hatch=hatch, edgecolor="white", linewidth=2
                )
            )
            label = "/".join(values) if values else no_data
            label += f" ×{len(cell)}" if len(cell) > 1 else ""
            ax.text(
                x + 0.5,
                y + 0.5,
                label,
                ha="center",
                va="center",
                fontsize=9,
                bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "linewidth": 0},
            )
            counts[worst or no_data] = counts.get(worst or no_data, 0) + 1
        summary.append(f"{source}: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
    ax.set_xlim(0, len(columns))
    ax.set_ylim(len(numbers), 0)
    ax.set_xticks([x + 0.5 for x in range(len(columns))], columns)
    ax.set_yticks(
        [y + 0.5 for y in range(len(numbers))],
        [f"{n}. {e}" for n, e in zip(numbers, areas["english"], strict=True)],
    )
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    ax.set_xlabel(_("Source"))
    ax.set_ylabel(_("ITPP area"))
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_title(
        _("How each source renders the {count} ITPP areas").format(count=len(numbers)), pad=12
    )
    handles = [
        Patch(facecolor=c, hatch=h, edgecolor="white", label=_value_label(k))
        for k, (c, h) in FAITHFULNESS.items()
    ]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.02),
        frameon=False,
        ncols=len(handles),
        title=_("Faithfulness"),
    )
    fig.alt_text = _(
        "Matrix of the {areas} ITPP areas (rows) by {sources} sources (columns); each cell is "
        "labelled with how faithfully the source renders the area. {summary}."
    ).format(areas=len(numbers), sources=len(columns), summary="; ".join(summary))
    return fig


def plot_discrepancies(discrepancies: pd.DataFrame) -> Figure:
    """Findings per kind, one panel per source, split into discrepancy and consistent.

    A finding that names several sources (``source_ids``, space-separated) counts once in each
    of their panels.
    """
    from matplotlib.patches import Patch

    frame = _require(discrepancies, "discrepancies", ["kind", "source_ids", "status"])
    unknown = sorted(set(frame["status"]) - set(STATUS))
    if unknown:
        raise ValueError(
            _("discrepancies.status has {unknown}; expected one of {expected}").format(
                unknown=unknown, expected=list(STATUS)
            )
        )
    rows = [
        (source, kind, status)
        for kind, status, ids in frame[["kind", "status", "source_ids"]].itertuples(index=False)
        for source in (str(ids).split() or [_("(no source)")])
    ]
    long = pd.DataFrame(rows, columns=["source", "kind", "status"])
    sources = list(dict.fromkeys(long["source"]))
    kinds = sorted(long["kind"].unique())
    counts = long.groupby(["source", "kind", "status"]).size()
    fig = _new_figure((3.5 + 3 * len(sources), 1.8 + 0.45 * len(kinds)))
    axes = fig.subplots(1, len(sources), sharey=True, sharex=True, squeeze=False)[0]
    summary = []
    for ax, source in zip(axes, sources, strict=True):
        left = [0] * len(kinds)
        for status, (colour, hatch) in STATUS.items():
            values = [int(counts.get((source, kind, status), 0)) for kind in kinds]
            bars = ax.barh(
                kinds, values, left=left, color=colour, hatch=hatch, edgecolor="white", label=status
            )
            ax.bar_label(
                bars,
                labels=[str(v) if v else "" for v in values],
                label_type="center",
                fontsize=9,
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "linewidth": 0},
            )
            left = [a + b for a, b in zip(left, values, strict=True)]
        ax.set_title(source)
        ax.set_xlabel(_("Number of findings"))
        ax.grid(axis="x", color="#CCCCCC", linewidth=0.6)
        ax.set_axisbelow(True)
        parts = [
            _("{kind} {discrepancies} discrepancy/{consistent} consistent").format(
                kind=kind,
                discrepancies=int(counts.get((source, kind, "discrepancy"), 0)),
                consistent=int(counts.get((source, kind, "consistent"), 0)),
            )
            for kind in kinds
            if any((source, kind, s) in counts.index for s in STATUS)
        ]
        summary.append(f"{source}: " + ", ".join(parts))
    axes[0].set_ylabel(_("Kind of finding"))
    axes[0].invert_yaxis()
    fig.suptitle(
        _("{count} findings by kind and source: discrepancy or consistent").format(count=len(frame))
    )
    handles = [
        Patch(facecolor=c, hatch=h, edgecolor="white", label=_value_label(s))
        for s, (c, h) in STATUS.items()
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=2, frameon=False)
    fig.alt_text = _(
        "Horizontal stacked bars, one panel per source, counting {count} findings by kind and "
        "status (a finding naming several sources counts in each). {summary}."
    ).format(count=len(frame), summary="; ".join(summary))
    return fig


def plot_news_routes(
    nodes: pd.DataFrame,
    routes: pd.DataFrame,
    *,
    highlight: Sequence[str] = (),
    size: tuple[float, float] = (10.6, 3.7),
) -> Figure:
    """Boxes joined by arrows: who passed the news to whom, each arrow labelled with its sources.

    ``nodes`` is indexed by node name with columns label, x and y (inches from the lower left);
    ``routes`` has columns sender, receiver, how and reference_ids. Nodes named in ``highlight``
    (the course's own articles) get a stronger colour; the alt text names every route.
    """
    import matplotlib.pyplot as plt

    nodes = _require(nodes, "nodes", ["label", "x", "y"])
    routes = _require(routes, "routes", ["sender", "receiver", "how", "reference_ids"])
    unknown = sorted((set(routes["sender"]) | set(routes["receiver"])) - set(nodes.index))
    if unknown:
        raise ValueError(
            _("routes name nodes that are not in nodes: {unknown}").format(
                unknown=", ".join(unknown)
            )
        )
    fig = plt.figure(figsize=size, dpi=100)
    plt.close(fig)
    ax = fig.add_axes((0, 0, 1, 1), xlim=(0, size[0]), ylim=(0.3, size[1] + 0.3))
    ax.axis("off")
    boxes = {}
    for node, row in nodes.iterrows():
        face = OKABE_ITO["sky blue"] if node in highlight else "#EEEEEE"
        box = {"boxstyle": "round,pad=0.5", "edgecolor": "black", "facecolor": face}
        boxes[node] = ax.text(
            row.x, row.y, row.label, ha="center", va="center", fontsize=10, bbox=box
        )
    arrow = {"arrowstyle": "-|>", "linewidth": 1.5, "color": "black", "shrinkA": 8, "shrinkB": 8}
    for step in routes.itertuples():
        # from the middle of the sender's right side to the middle of the receiver's left side
        ax.annotate(
            "",
            xy=(0, 0.5),
            xycoords=boxes[step.receiver],
            xytext=(1, 0.5),
            textcoords=boxes[step.sender],
            arrowprops=arrow,
        )
        sender, receiver = nodes.loc[step.sender], nodes.loc[step.receiver]
        ax.text(
            (sender.x + receiver.x) / 2,
            (sender.y + receiver.y) / 2,
            f"{step.how}\n[{', '.join(step.reference_ids.split())}]",
            ha="center",
            va="center",
            fontsize=9,
            style="italic",
            zorder=3,
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none"},
        )
    described = "; ".join(
        _("from {sender} to {receiver}: {how} [{references}]").format(
            sender=nodes.loc[r.sender, "label"],
            receiver=nodes.loc[r.receiver, "label"],
            how=r.how,
            references=r.reference_ids,
        )
        for r in routes.itertuples()
    ).replace("\n", " ")
    blue = [str(node) for node in nodes.index if node in highlight]
    fig.alt_text = _(
        "Diagram of how the news travelled, as boxes joined by arrows: {routes}."
    ).format(routes=described) + (
        " " + _("In blue boxes: {nodes}.").format(nodes=", ".join(blue)) if blue else ""
    )
    return fig


def _new_figure(size: tuple[float, float]) -> Figure:
    # pyplot sets up the inline backend; closing the figure stops pyplot from showing it a
    # second time at the end of the cell (the returned figure is shown as the cell's value).
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=size, layout="constrained", dpi=100)
    plt.close(fig)
    return fig


def _require(frame: object, name: str, columns: list[str]) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(
            _("{name} must be a pandas DataFrame, got {type}").format(
                name=name, type=type(frame).__name__
            )
        )
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(
            _("{name} lacks column(s) {missing}; it needs {columns}").format(
                name=name, missing=", ".join(missing), columns=columns
            )
        )
    if frame.empty:
        raise ValueError(_("{name} is empty: expected at least one row").format(name=name))
    return frame


def _period(value: str, name: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last moment covered by a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` date."""
    text = str(value)
    try:
        if re.fullmatch(r"\d{4}", text):
            start = pd.Timestamp(int(text), 1, 1)
            return start, start + pd.DateOffset(years=1)
        if re.fullmatch(r"\d{4}-\d{2}", text):
            start = pd.Timestamp(text + "-01")
            return start, start + pd.DateOffset(months=1)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            start = pd.Timestamp(text)
            return start, start + pd.Timedelta(days=1)
    except ValueError:
        pass
    raise ValueError(
        _("{name} must be YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}").format(
            name=name, value=value
        )
    )
