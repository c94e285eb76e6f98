"""The events' results as a printed report and as tables to download (``reports.exports``), in
az, ru or en: the figures, the funnel, the rates with their definitions, participants by country
and sector, and the results by event, market, sector and year (``events.kpis``).
"""

from __future__ import annotations

import html
from datetime import UTC, datetime

import pandas as pd

from tradebridge.events.kpis import COUNTS, RATES, Count, KpiReport, Kpis
from tradebridge.events.vocabulary import KIND_LABELS, STATUS_LABELS
from tradebridge.i18n import N_
from tradebridge.i18n import language as language_of
from tradebridge.reports.charts import funnel
from tradebridge.reports.document import document, h2, para, running_footer, svg
from tradebridge.reports.exports import Table
from tradebridge.reports.tables import Column, html_table

STEP_NAMES = {
    "requested": N_("Meetings requested"),
    "accepted": N_("Requests accepted"),
    "scheduled": N_("Meetings scheduled"),
    "held": N_("Meetings held"),
    "leads": N_("Leads"),
    "deals": N_("Deals"),
}
RATE_NAMES = {
    "acceptance_rate": (N_("Acceptance rate"), N_("accepted ÷ requested")),
    "placement_rate": (N_("Placement rate"), N_("scheduled ÷ accepted")),
    "show_rate": (N_("Show rate"), N_("held ÷ scheduled")),
    "lead_rate": (N_("Leads per meeting held"), N_("leads ÷ held")),
    "deal_rate": (N_("Deals per meeting held"), N_("deals ÷ held")),
}
SYNTHETIC = N_("Synthetic demo events: not real results.")


def kpi_frame(rows: list[Kpis], key: str) -> pd.DataFrame:
    """One line per group: its key, every count, the deals' US$ and every rate."""
    return pd.DataFrame(
        [
            {
                key: k.key,
                **{n: getattr(k, n) for n in COUNTS},
                "deal_usd": k.deal_usd,
                **{n: getattr(k, n) for n in RATES},
            }  # fmt: skip
            for k in rows
        ],
        columns=[key, *COUNTS, "deal_usd", *RATES],
    )


def _counts(rows: list[Count], key: str) -> pd.DataFrame:
    return pd.DataFrame(
        [(c.key, c.participants, c.events) for c in rows], columns=[key, "participants", "events"]
    )


def tables(report: KpiReport) -> list[Table]:
    """The report's tables: by event (the CSV's default), market, sector and year, the
    participants by country and by sector, and the total."""
    events = kpi_frame(report.by_event, "event_id")
    facts = [report.events[int(k)] for k in events["event_id"]] if len(events) else []
    events.insert(1, "title", [e.title for e in facts])
    events.insert(2, "kind", [e.kind for e in facts])
    events.insert(3, "status", [e.status for e in facts])
    events.insert(4, "starts_on", [e.starts_on.isoformat() for e in facts])
    events.insert(5, "markets", [" ".join(e.markets) for e in facts])
    return [
        Table("events", events.astype({"event_id": int})),
        Table("markets", kpi_frame(report.by_market, "market")),
        Table("sectors", kpi_frame(report.by_sector, "sector")),
        Table("years", kpi_frame(report.by_year, "year")),
        Table("participants_by_country", _counts(report.participants_by_country, "country")),
        Table("participants_by_sector", _counts(report.participants_by_sector, "sector")),
        Table("total", kpi_frame([report.total], "total").drop(columns="total")),
    ]


def _facts(k: Kpis, code: str) -> str:
    lang = language_of(code)
    shown = [
        (N_("Events held"), lang.number(k.events_held)),
        (N_("Participants"), lang.number(k.participants)),
        *((STEP_NAMES[step], lang.number(n)) for step, n in k.funnel()),
        (N_("Deal value"), lang.money(k.deal_usd)),
        (N_("MoUs"), lang.number(k.mous)),
    ]
    boxes = "".join(
        f'<div class="fact">{html.escape(lang.gettext(label))}<b>{html.escape(value)}</b></div>'
        for label, value in shown
    )
    return f'<div class="facts">{boxes}</div>'


def _rates(k: Kpis, code: str) -> str:
    lang = language_of(code)
    rows = pd.DataFrame(
        [
            (lang.gettext(name), lang.gettext(formula), getattr(k, rate))
            for rate, (name, formula) in RATE_NAMES.items()
        ],
        columns=["name", "formula", "rate"],
    )
    columns = [
        Column("name", lang.gettext("Rate")),
        Column("formula", lang.gettext("Definition")),
        Column("rate", lang.gettext("Value"), "share"),
    ]
    return html_table(rows, columns, code)


def _groups(rows: list[Kpis], key: str, header: str, code: str) -> str:
    lang = language_of(code)
    frame = kpi_frame(rows, "key")
    if key == "market":
        frame["key"] = frame["key"].map(lang.country)
    elif key == "sector":
        frame["key"] = [lang.sector(s) if s else lang.gettext("none named") for s in frame["key"]]
    columns = [
        Column("key", header),
        Column("events_held", lang.gettext("Events held"), "number"),
        Column("participants", lang.gettext("Participants"), "number"),
        Column("requested", lang.gettext("Requested"), "number"),
        Column("accepted", lang.gettext("Accepted"), "number"),
        Column("scheduled", lang.gettext("Scheduled"), "number"),
        Column("held", lang.gettext("Held"), "number"),
        Column("leads", lang.gettext("Leads"), "number"),
        Column("deals", lang.gettext("Deals"), "number"),
        Column("deal_usd", lang.gettext("Deal value"), "money"),
    ]
    return html_table(frame, columns, code)


def _people(rows: list[Count], kind: str, code: str) -> str:
    lang = language_of(code)
    frame = _counts(rows, "key")
    if kind == "country":
        frame["key"] = frame["key"].map(lang.country)
        header = lang.gettext("Country")
    else:
        frame["key"] = [lang.sector(s) if s else lang.gettext("none named") for s in frame["key"]]
        header = lang.gettext("Sector")
    columns = [
        Column("key", header),
        Column("participants", lang.gettext("Participants"), "number"),
        Column("events", lang.gettext("Events"), "number"),
    ]
    return html_table(frame, columns, code)


def _about(report: KpiReport, code: str) -> str:
    lang = language_of(code)
    if len(report.events) != 1:
        return para(
            lang.ngettext("%(n)d event.", "%(n)d events.", len(report.events))
            % {"n": len(report.events)},
            "source",
        )
    [e] = report.events.values()
    markets = ", ".join(lang.country(m) for m in e.markets)
    text = (
        f"{lang.gettext(KIND_LABELS[e.kind])} · {lang.date(e.starts_on)} · "
        f"{lang.country(e.country)} · {lang.gettext('Markets')}: {markets} · "
        f"{lang.gettext(STATUS_LABELS[e.status])}"
    )
    return para(text, "source")


def report_document(report: KpiReport, code: str, title: str | None = None) -> str:
    """The report as one HTML document in language ``code`` (``az``, ``ru`` or ``en``)."""
    lang = language_of(code)
    if title is None:
        if len(report.events) == 1:
            [e] = report.events.values()
            title = lang.gettext("Results of {title}").format(title=e.title)
        else:
            title = lang.gettext("Results of the events")
    made = lang.gettext("Made on {date} from the app database.").format(
        date=lang.date(datetime.now(UTC))
    )
    notice = lang.gettext(SYNTHETIC) if report.synthetic else None
    k = report.total
    steps = [(lang.gettext(STEP_NAMES[step]), n) for step, n in k.funnel()]
    parts = [
        running_footer(made, notice),
        f"<h1>{html.escape(title)}</h1>",
        _about(report, code),
        para(notice, "notice") if notice else "",
        _facts(k, code),
        h2(lang.gettext("From request to deal")),
        svg(funnel(steps, language=code)),
        h2(lang.gettext("Rates")),
        _rates(k, code),
        h2(lang.gettext("Participants by country")),
        _people(report.participants_by_country, "country", code),
        h2(lang.gettext("Participants by sector")),
        _people(report.participants_by_sector, "sector", code),
    ]
    if len(report.events) > 1:
        parts += [
            h2(lang.gettext("By market")),
            _groups(report.by_market, "market", lang.gettext("Market"), code),
            h2(lang.gettext("By sector")),
            _groups(report.by_sector, "sector", lang.gettext("Sector"), code),
            h2(lang.gettext("By year")),
            _groups(report.by_year, "year", lang.gettext("Year"), code),
        ]
    parts.append(
        para(
            lang.gettext(
                "Counted: approved participants; requests not withdrawn; meetings of the "
                "published schedule. A market is a partner country of the event (the host "
                "country when none is named)."
            ),
            "note",
        )
    )
    return document(title, code, parts)
