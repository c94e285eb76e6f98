"""Chart specifications for the brief and the web pages, built with Altair as plain dicts.

Every function takes an analytics DataFrame and returns a Vega-Lite specification (a ``dict``
ready for ``vl_convert`` or ``vegaEmbed``); the world map is in ``reports.maps`` and the
composition treemap, a Vega specification, in ``reports.treemap``. All take ``language`` (the
texts' and numbers' language: ``en``, ``ru`` or ``az``) and ``labels``, a mapping that replaces
any default text by key (each function lists its keys). Money axes read in K/M/B
(``number_format``).

Two directions that differ more than tenfold are never drawn so that the smaller is flattened
against zero: lines over time switch to a log scale, bars get a panel and a scale each.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from tradebridge import number_format
from tradebridge.analytics.markets import COMPONENT_COLUMNS
from tradebridge.i18n import N_
from tradebridge.i18n import language as _language
from tradebridge.number_format import money_axis_expr

FONT = "DejaVu Sans"
CONFIG = {
    "font": FONT,
    "view": {"stroke": None},
    "axis": {"labelFontSize": 11, "titleFontSize": 11},
    "legend": {"labelFontSize": 11, "titleFontSize": 11, "labelLimit": 260},
    "title": {"fontSize": 13, "anchor": "start", "subtitleFontSize": 11},
}
COLOURS = ("#2b6cb0", "#dd6b20", "#2f855a", "#c53030", "#6b46c1", "#b7791f", "#319795")


def differ_tenfold(*series: Sequence[float], level: Callable[[np.ndarray], float] = np.max) -> bool:
    """True when two of the series with positive amounts have levels more than ten times
    apart: drawn on one linear scale, the smaller would be flattened against zero.

    The level of a series is ``level`` of its positive amounts: the largest (bars, whose
    longest bar sets the scale) or the median (lines over years, so that one high year of the
    small side does not hide that it is flat in all the others).

    >>> differ_tenfold([100, 80], [950, 900]), differ_tenfold([10, 1], [101])
    (False, True)
    >>> differ_tenfold([20, 15, 102], [900, 600, 952]), differ_tenfold(
    ...     [20, 15, 102], [900, 600, 952], level=np.median)
    (False, True)
    >>> differ_tenfold([0, 0], [5])  # nothing to flatten when one side is all zero
    False
    """
    levels = []
    for values in series:
        amounts = np.abs(np.asarray(values, dtype=float))
        amounts = amounts[np.isfinite(amounts) & (amounts > 0)]
        if amounts.size:
            levels.append(float(level(amounts)))
    return len(levels) >= 2 and max(levels) > 10 * min(levels)


TEXTS = {
    "usd": N_("US$"),
    "year": N_("year"),
    "log_note": N_("log scale: the largest values differ more than tenfold"),
    "panels_note": N_("each panel has its own scale: the two directions differ more than tenfold"),
    "contribution": N_("points of the score"),
    "component": N_("component"),
    "score": N_("score"),
    "market": N_("market"),
    "demand": N_("demand"),
    "demand_growth": N_("demand growth"),
    "exports": N_("exports"),
    "market_share": N_("market share"),
    "trade_intensity": N_("trade intensity"),
    "complementarity": N_("complementarity"),
    "distance": N_("distance"),
    "hs": N_("HS code"),
    "product": N_("product"),
    "sector": N_("sector"),
    "pci": N_("PCI"),
}


def texts(language: str = "en", labels: Mapping[str, str] | None = None) -> dict[str, str]:
    """The default texts in ``language``, with ``labels`` replacing any of them by key."""
    translate = _language(language).gettext
    out = {key: translate(text) for key, text in TEXTS.items()}
    out.update(labels or {})
    return out


def finish(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The chart as a plain Vega-Lite dict with the shared look (font, titles, no frame)."""
    spec = chart.to_dict()
    spec["config"] = {**CONFIG, **spec.get("config", {})}
    return spec


def _title(text: str | None, note: str | None = None) -> alt.TitleParams | str:
    return alt.TitleParams(text or "", subtitle=[note] if note else alt.Undefined)


def _money_axis(language: str, title: str, values: list[float] | None = None) -> alt.Axis:
    return alt.Axis(
        labelExpr=money_axis_expr(language),
        title=title,
        tickCount=6,
        values=values if values is not None else alt.Undefined,
    )


def log_ticks(values: np.ndarray) -> list[float]:
    """Ticks for a log axis over the positive ``values``: 1, 2 and 5 times the powers of ten
    when they span less than three decades, the powers of ten alone otherwise.

    >>> log_ticks(np.array([12e6, 950e6]))
    [10000000.0, 20000000.0, 50000000.0, 100000000.0, 200000000.0, 500000000.0, 1000000000.0]
    >>> log_ticks(np.array([3.0, 40_000.0]))
    [1.0, 10.0, 100.0, 1000.0, 10000.0, 100000.0]
    """
    positive = values[np.isfinite(values) & (values > 0)]
    low, high = int(np.floor(np.log10(positive.min()))), int(np.ceil(np.log10(positive.max())))
    steps = (1, 2, 5) if high - low < 3 else (1,)
    ticks = [float(m * 10.0**k) for k in range(low, high + 1) for m in steps]
    return [t for t in ticks if t <= 10.0**high]


def trade_over_time(
    frame: pd.DataFrame,
    series: Mapping[str, str],
    *,
    title: str | None = None,
    language: str = "en",
    labels: Mapping[str, str] | None = None,
    width: int = 640,
    height: int = 260,
) -> dict[str, Any]:
    """Lines of money over the years: ``frame`` has ``year`` and one column per series.

    ``series`` maps each column to its legend text (e.g. ``{"exports_usd": "AZE → RUS",
    "imports_usd": "RUS → AZE"}``, the shape of ``bilateral``'s ``meta["trend"]``). When the
    largest values of two series differ more than tenfold the y scale is logarithmic and zero
    years are left out of the lines (log 0 does not exist); the subtitle says so. Levels are
    the medians of the positive years (``differ_tenfold``).
    Text keys: ``usd``, ``year``, ``log_note``.
    """
    text = texts(language, labels)
    long = frame.melt(
        id_vars="year", value_vars=list(series), var_name="series", value_name="usd"
    ).astype({"year": int, "usd": float})
    long["series"] = long["series"].map(series)
    log = differ_tenfold(
        *(frame[column].to_numpy(dtype=float) for column in series), level=np.median
    )
    if log:
        long = long[long["usd"] > 0]
    chart = (
        alt.Chart(long, title=_title(title, text["log_note"] if log else None))
        .mark_line(point=True)
        .transform_calculate(figure=money_axis_expr(language, "datum.usd"))
        .encode(
            x=alt.X("year:O", title=text["year"], axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                "usd:Q",
                title=text["usd"],
                scale=alt.Scale(type="log") if log else alt.Scale(zero=True),
                axis=_money_axis(
                    language, text["usd"], log_ticks(long["usd"].to_numpy()) if log else None
                ),
            ),
            color=alt.Color(
                "series:N",
                title=None,
                sort=list(series.values()),
                scale=alt.Scale(range=list(COLOURS)),
                legend=alt.Legend(orient="top"),
            ),
            tooltip=[
                alt.Tooltip("series:N", title=" "),
                alt.Tooltip("year:O", title=text["year"]),
                alt.Tooltip("figure:N", title=text["usd"]),
            ],
        )
        .properties(width=width, height=height)
    )
    return finish(chart)


def ranked_bars(
    frame: pd.DataFrame,
    value: str,
    label: str,
    *,
    top: int = 15,
    title: str | None = None,
    language: str = "en",
    labels: Mapping[str, str] | None = None,
    width: int = 520,
) -> dict[str, Any]:
    """Horizontal bars of ``frame[value]`` (US$) by ``frame[label]``, largest first, ``top`` of
    them (e.g. a profile by partner, or markets by ``untapped_usd``), each with its figure.
    Text keys: ``usd``.
    """
    text = texts(language, labels)
    rows = frame[[label, value]].copy()
    rows[label] = rows[label].astype(str)
    rows[value] = rows[value].astype(float)
    rows = rows.sort_values(value, ascending=False, kind="stable").head(top)
    order = list(rows[label])
    base = (
        alt.Chart(rows, title=_title(title))
        .transform_calculate(figure=money_axis_expr(language, f"datum['{value}']"))
        .encode(
            y=alt.Y(f"{label}:N", title=None, sort=order, axis=alt.Axis(labelLimit=220)),
            x=alt.X(f"{value}:Q", title=text["usd"], axis=_money_axis(language, text["usd"])),
            tooltip=[
                alt.Tooltip(f"{label}:N", title=" "),
                alt.Tooltip("figure:N", title=text["usd"]),
            ],
        )
    )
    bars = base.mark_bar(color=COLOURS[0])
    figures = base.mark_text(align="left", dx=3, fontSize=10).encode(text="figure:N")
    chart = (bars + figures).properties(width=width, height=max(60, 20 * len(rows)))
    return finish(chart)


def score_contributions(rows: pd.DataFrame, weights: Mapping[str, float]) -> pd.DataFrame:
    """Each market's score split into its components: ``100 · w_c p_c / Σ w_c`` over the
    components the market has (the ``markets`` score formula, term by term), so that a
    market's contributions add up to its score.

    Rows: ``market``, ``name``, ``component``, ``points``, in the order of ``rows``.
    """
    out = []
    for row in rows.itertuples(index=False):
        record = row._asdict()
        present = {
            c: float(record[f"pct_{c}"])
            for c in COMPONENT_COLUMNS
            if weights.get(c, 0) > 0 and np.isfinite(float(record[f"pct_{c}"]))
        }
        total = sum(weights[c] for c in present)
        for c, rank in present.items():
            out.append(
                {
                    "market": record["market"],
                    "name": record["name"],
                    "component": c,
                    "points": 100 * weights[c] * rank / total,
                }
            )
    return pd.DataFrame(out, columns=["market", "name", "component", "points"])


def score_components(
    rows: pd.DataFrame,
    weights: Mapping[str, float],
    *,
    top: int = 15,
    title: str | None = None,
    language: str = "en",
    labels: Mapping[str, str] | None = None,
    width: int = 520,
) -> dict[str, Any]:
    """Why each market ranks where it does: stacked bars of the points each component adds to
    the score (``score_contributions``), for the first ``top`` rows of ``markets``.

    ``weights`` are the ones the ranking used (``meta["weights"]``). Text keys: the component
    names (``demand``, ``demand_growth``, …), ``contribution``, ``component``, ``score``.
    """
    text = texts(language, labels)
    parts = score_contributions(rows.head(top), weights)
    parts["component_text"] = parts["component"].map(text)
    parts["component_order"] = parts["component"].map(
        {c: i for i, c in enumerate(COMPONENT_COLUMNS)}
    )
    order = [text[c] for c in COMPONENT_COLUMNS]
    chart = (
        alt.Chart(parts, title=_title(title))
        .mark_bar()
        .encode(
            y=alt.Y("name:N", title=None, sort=list(dict.fromkeys(parts["name"]))),
            x=alt.X("sum(points):Q", title=text["contribution"], scale=alt.Scale(domain=[0, 100])),
            color=alt.Color(
                "component_text:N",
                title=text["component"],
                sort=order,
                scale=alt.Scale(domain=order, range=list(COLOURS)),
                legend=alt.Legend(orient="bottom", columns=4),
            ),
            order=alt.Order("component_order:Q"),
            tooltip=[
                alt.Tooltip("name:N", title=" "),
                alt.Tooltip("component_text:N", title=text["component"]),
                alt.Tooltip("points:Q", title=text["contribution"], format=".1f"),
            ],
        )
        .properties(width=width, height=max(60, 20 * parts["name"].nunique()))
    )
    return finish(chart)


def both_ways_bars(
    frame: pd.DataFrame,
    label: str,
    directions: Mapping[str, str],
    *,
    top: int = 10,
    title: str | None = None,
    language: str = "en",
    labels: Mapping[str, str] | None = None,
    width: int = 300,
) -> dict[str, Any]:
    """Bars for the two directions of a pair side by side, one panel each, in ``frame``'s
    order (e.g. ``mutual``'s sectors by mutual score, ``directions`` =
    ``{"ab_untapped_usd": "AZE → RUS", "ba_untapped_usd": "RUS → AZE"}``).

    The panels share the x scale unless the directions' largest values differ more than
    tenfold; then each has its own and the subtitle says so. Text keys: ``usd``, ``panels_note``.
    """
    text = texts(language, labels)
    rows = frame.head(top)
    separate = differ_tenfold(*(rows[c].to_numpy(dtype=float) for c in directions))
    order = list(rows[label].astype(str))
    panels = []
    for i, (column, name) in enumerate(directions.items()):
        panel = pd.DataFrame({"label": order, "usd": rows[column].astype(float).to_numpy()})
        base = (
            alt.Chart(panel, title=alt.TitleParams(name, fontSize=12))
            .transform_calculate(figure=money_axis_expr(language, "datum.usd"))
            .encode(
                y=alt.Y(
                    "label:N",
                    title=None,
                    sort=order,
                    axis=alt.Axis(labelLimit=200) if i == 0 else None,
                ),
                x=alt.X("usd:Q", title=text["usd"], axis=_money_axis(language, text["usd"])),
                tooltip=[
                    alt.Tooltip("label:N", title=" "),
                    alt.Tooltip("figure:N", title=text["usd"]),
                ],
            )
        )
        panels.append(base.mark_bar(color=COLOURS[i]).properties(width=width))
    chart = alt.hconcat(
        *panels,
        title=_title(title, text["panels_note"] if separate else None),
        spacing=16,
    ).resolve_scale(x="independent" if separate else "shared", y="shared")
    spec = finish(chart.properties(bounds="flush"))
    height = max(60, 20 * len(order))
    for panel in spec["hconcat"]:
        panel["height"] = height
    return spec


def funnel(
    steps: Sequence[tuple[str, int]],
    *,
    title: str | None = None,
    language: str = "en",
    width: int = 520,
) -> dict[str, Any]:
    """Horizontal bars of a funnel's ``steps`` (label and count, in order, e.g. requested →
    accepted → scheduled → held → leads → deals), each labelled with its count and its share of
    the first step."""
    first = steps[0][1] if steps else 0
    rows = pd.DataFrame(
        {
            "step": [label for label, _ in steps],
            "count": [int(n) for _, n in steps],
            "figure": [
                number_format.number(n, 0, language)
                + (f" ({number_format.percent(n / first, 0, language)})" if first else "")
                for _, n in steps
            ],
        }
    )
    order = list(rows["step"])
    base = alt.Chart(rows, title=_title(title)).encode(
        y=alt.Y("step:N", title=None, sort=order, axis=alt.Axis(labelLimit=220)),
        x=alt.X("count:Q", title=None, axis=alt.Axis(tickMinStep=1, format="d")),
        tooltip=[alt.Tooltip("step:N", title=" "), alt.Tooltip("figure:N", title=" ")],
    )
    bars = base.mark_bar(color=COLOURS[0])
    figures = base.mark_text(align="left", dx=3, fontSize=11).encode(text="figure:N")
    chart = (bars + figures).properties(width=width, height=max(60, 26 * len(rows)))
    return finish(chart)
