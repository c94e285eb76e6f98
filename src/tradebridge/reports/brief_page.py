"""The brief as one self-contained HTML document, in az, ru or en.

Charts are the chart module's specifications rendered to inline SVG by ``vl-convert`` (no
script, nothing fetched when the file is opened). The same document prints to A4 (``pdf``):
``@page`` rules number the pages, and a running footer repeats the data source and, for the
synthetic demo world, the notice on every page; on screen that footer is hidden and the
notice stands at the top and the bottom. HS product descriptions stay English (the brief
says so); every other text goes through the gettext catalogue.
"""

from __future__ import annotations

import html

import pandas as pd

from tradebridge.i18n import N_
from tradebridge.i18n import language as language_of
from tradebridge.reports.brief import Brief
from tradebridge.reports.charts import both_ways_bars, trade_over_time
from tradebridge.reports.document import document, h2, para, running_footer, svg
from tradebridge.reports.tables import Column, html_table


def _trend(brief: Brief, code: str) -> str:
    lang = language_of(code)
    a, b = lang.country(brief.country), lang.country(brief.partner)
    title = lang.gettext("Trade between {a} and {b}").format(a=a, b=b)
    return h2(title) + svg(
        trade_over_time(
            brief.trend,
            {"exports_usd": f"{a} → {b}", "imports_usd": f"{b} → {a}"},
            language=code,
            width=600,
            height=240,
        )
    )


def _facts(brief: Brief, code: str) -> str:
    lang, a, b = language_of(code), brief.country, brief.partner
    name_a, name_b = lang.country(a), lang.country(b)
    facts = [
        (
            lang.gettext("Exports of {a} to {b}, {year}").format(
                a=name_a, b=name_b, year=brief.year
            ),
            lang.money(brief.exports_usd),
        ),
        (
            lang.gettext("Imports of {a} from {b}, {year}").format(
                a=name_a, b=name_b, year=brief.year
            ),
            lang.money(brief.imports_usd),
        ),
        (
            lang.gettext("Untapped potential {a} → {b}").format(a=a, b=b),
            lang.money(brief.meta["ab_untapped_usd"]),
        ),
        (
            lang.gettext("Untapped potential {a} → {b}").format(a=b, b=a),
            lang.money(brief.meta["ba_untapped_usd"]),
        ),
    ]
    gap = lang.gettext("Net gap {a} → {b} (potential − actual)")
    facts += [
        # rounded to the cent, so that a gap of -1e-13 reads $0, not -$0
        (gap.format(a=a, b=b), lang.money(round(brief.meta["ab_net_gap_usd"], 2) + 0.0)),
        (gap.format(a=b, b=a), lang.money(round(brief.meta["ba_net_gap_usd"], 2) + 0.0)),
    ]
    boxes = "".join(
        f'<div class="fact">{html.escape(label)}<b>{html.escape(value)}</b></div>'
        for label, value in facts
    )
    return f'<div class="facts">{boxes}</div>'


def _ranks(brief: Brief, code: str) -> str:
    lang = language_of(code)
    scopes = {"all": lang.gettext("all goods"), "non_energy": lang.gettext("without energy")}
    rows = pd.DataFrame(
        [
            {
                "scope": scopes[scope],
                "rank": "–"
                if r.rank is None
                else lang.gettext("{rank} of {of}").format(rank=r.rank, of=r.of),
                "share": r.share,
            }
            for scope, r in brief.ranks.items()
        ]
    )
    columns = [
        Column("scope", lang.gettext("goods")),
        Column("rank", lang.gettext("rank"), "code"),
        Column("share", lang.gettext("share of exports"), "share"),
    ]
    title = lang.gettext("{b} among the destinations of {a}").format(
        a=lang.country(brief.country), b=lang.country(brief.partner)
    )
    return h2(title) + html_table(rows, columns, code)


def _indicators(brief: Brief, code: str) -> str:
    lang, a, b, meta = language_of(code), brief.country, brief.partner, brief.meta
    tc = lang.gettext("Trade complementarity {a} → {b} (0–100)")
    ti = lang.gettext("Trade intensity {a} → {b} (above 1: more than their sizes predict)")
    rows = pd.DataFrame(
        [
            {"indicator": tc.format(a=a, b=b), "value": lang.number(meta["tc_ab"], 1)},
            {"indicator": tc.format(a=b, b=a), "value": lang.number(meta["tc_ba"], 1)},
            {"indicator": ti.format(a=a, b=b), "value": lang.number(meta["ti_ab"], 2)},
            {"indicator": ti.format(a=b, b=a), "value": lang.number(meta["ti_ba"], 2)},
        ]
    )
    columns = [
        Column("indicator", lang.gettext("indicator")),
        Column("value", lang.gettext("value"), "code"),
    ]
    return h2(lang.gettext("Complementarity and intensity")) + html_table(
        rows, columns, code
    ).replace('<td class="code">', '<td class="num">')


def _sectors(brief: Brief, code: str) -> str:
    lang, a, b = language_of(code), brief.country, brief.partner
    rows = brief.sectors.assign(name=[lang.sector(s) for s in brief.sectors["sector"]])
    heading = h2(lang.gettext("Mutually beneficial sectors"))
    untapped = lang.gettext("untapped {a} → {b}")
    if rows.empty or rows[["ab_untapped_usd", "ba_untapped_usd"]].to_numpy().sum() <= 0:
        return heading + para(lang.gettext("No untapped potential either way."))
    chart = svg(
        both_ways_bars(
            rows,
            "name",
            {"ab_untapped_usd": f"{a} → {b}", "ba_untapped_usd": f"{b} → {a}"},
            title=lang.gettext("Untapped potential by sector, US$"),
            language=code,
            width=230,
        )
    )
    columns = [
        Column("name", lang.gettext("sector")),
        Column("ab_untapped_usd", untapped.format(a=a, b=b), "money"),
        Column("ba_untapped_usd", untapped.format(a=b, b=a), "money"),
        Column("mutual_score", lang.gettext("mutual score"), "money"),
    ]
    return heading + chart + html_table(rows, columns, code)


def _products(rows: pd.DataFrame, a: str, b: str, code: str) -> str:
    lang = language_of(code)
    title = lang.gettext("Top untapped products {a} → {b}").format(a=a, b=b)
    columns = [
        Column("product", "HS6", "code"),
        Column("name", lang.gettext("product (HS description, English)")),
        Column("potential_usd", lang.gettext("potential"), "money"),
        Column("actual_usd", lang.gettext("actual"), "money"),
        Column("untapped_usd", lang.gettext("untapped"), "money"),
    ]
    return h2(title) + html_table(rows, columns, code)


def _method(brief: Brief, code: str) -> str:
    lang, meta = language_of(code), brief.meta
    neutral = [lang.gettext(INPUT_NAMES[name]) for name in meta.get("neutral_inputs", [])]
    inputs = (
        lang.gettext(
            "Neutral factors for {inputs} (growth ratio 1, elasticity 1, tariffs 0, "
            "distance factor 1)."
        ).format(inputs=", ".join(neutral))
        if neutral
        else lang.gettext("All optional inputs used.")
    )
    method = lang.gettext(
        "Potential PV = supply share × demand × ease of trade (after ITC's export potential "
        "indicator, Decreux & Spies 2016), on the average of {years}; untapped = max(PV − "
        "actual, 0); mutual score = √(untapped A → B × untapped B → A). Complementarity and "
        "intensity follow the World Bank WITS definitions for {year}."
    ).format(years=", ".join(map(str, meta["years"])), year=brief.year)
    generated = lang.gettext("Data source: {source}. Generated by tradebridge on {date}.").format(
        source=brief.source, date=f"{lang.date(brief.generated)} {brief.generated:%H:%M} UTC"
    )
    english = lang.gettext("HS product descriptions are in English.")
    return (
        h2(lang.gettext("Method and source"))
        + para(f"{method} {inputs}", "source")
        + para(english, "source")
        + para(generated, "source")
    )


INPUT_NAMES = {
    "projections": N_("projections"),
    "elasticities": N_("elasticities"),
    "tariffs": N_("tariffs"),
    "distances": N_("distances"),
}


def _notice(brief: Brief, code: str) -> str:
    if not brief.meta.get("synthetic"):
        return ""
    return para(
        language_of(code).gettext("Computed from the synthetic demo world: not real statistics."),
        "notice",
    )


def _footer(brief: Brief, code: str) -> str:
    lang = language_of(code)
    notice = None
    if brief.meta.get("synthetic"):
        notice = lang.gettext("Computed from the synthetic demo world: not real statistics.")
    return running_footer(
        lang.gettext("Data source: {source}.").format(source=brief.source), notice
    )


def brief_document(brief: Brief, code: str) -> str:
    """The brief as one HTML document in language ``code`` (``az``, ``ru`` or ``en``)."""
    lang = language_of(code)
    a, b = lang.country(brief.country), lang.country(brief.partner)
    title = lang.gettext("Market brief: {a} and {b}").format(a=a, b=b)
    intro = lang.gettext("Year {year}; export potential on the average of {years}.").format(
        year=brief.year, years=", ".join(map(str, brief.meta["years"]))
    )
    source = lang.gettext("Data source: {source}.").format(source=brief.source)
    parts = [
        _footer(brief, code),
        f"<h1>{html.escape(title)}</h1>",
        para(f"{intro} {source}", "source"),
        _notice(brief, code),
        _facts(brief, code),
        _trend(brief, code),
        _ranks(brief, code),
        _indicators(brief, code),
        _sectors(brief, code),
        _products(brief.ab, brief.country, brief.partner, code),
        _products(brief.ba, brief.partner, brief.country, code),
        _method(brief, code),
        _notice(brief, code),
    ]
    return document(f"{title}, {brief.year}", code, parts)
