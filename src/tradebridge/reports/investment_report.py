"""The investment pipeline report (``investment.report``) as a printed report and as tables to
download (``reports.exports``), in az, ru or en: for all projects, or one direction of a pair
beside the other.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import UTC, datetime

import pandas as pd

from tradebridge.i18n import N_
from tradebridge.i18n import language as language_of
from tradebridge.investment.report import GroupRow, PipelineReport
from tradebridge.investment.stages import STAGE_NAMES
from tradebridge.reports.document import document, h2, para, running_footer
from tradebridge.reports.exports import Table
from tradebridge.reports.tables import Column, html_table

Labelled = Sequence[tuple[str, PipelineReport]]
SYNTHETIC = N_("Synthetic demo projects: not real investments.")
STAGE_COLUMNS = ["projects", "stage", "at_stage", "planned_usd", "weighted_usd", "reached",
                 "went_on_share", "median_days", "stays"]  # fmt: skip
GROUP_COLUMNS = ["projects", "key", "open_projects", "planned_usd", "weighted_usd",
                 "realised_usd", "jobs_created"]  # fmt: skip


def _stages(reports: Labelled) -> pd.DataFrame:
    rows = []
    for label, r in reports:
        for s in r.stages:
            rows.append([label, s.stage, s.projects, s.planned_usd, s.weighted_usd, s.reached,
                         s.conversion, s.median_days, s.stays])  # fmt: skip
        rows.append([label, "lost", r.lost, r.lost_planned_usd, 0, None, None, None, None])
    return pd.DataFrame(rows, columns=STAGE_COLUMNS)


def _groups(reports: Labelled, part: str, key: str) -> pd.DataFrame:
    rows = [
        [label, g.key, g.projects, g.planned_usd, g.weighted_usd, g.realised_usd, g.jobs_created]
        for label, r in reports
        for g in getattr(r, part)
    ]
    return pd.DataFrame(rows, columns=GROUP_COLUMNS).rename(columns={"key": key})


def tables(reports: Labelled) -> list[Table]:
    """The report's tables: stages (the CSV's default; ``projects`` names the set of projects,
    e.g. ``AZE → RUS``), realised by year, by origin country and by sector."""
    return [
        Table("stages", _stages(reports)),
        Table("realised_by_year", _groups(reports, "realised_by_year", "year")),
        Table("by_origin", _groups(reports, "by_origin", "origin")),
        Table("by_sector", _groups(reports, "by_sector", "sector")),
    ]


def _stage_table(r: PipelineReport, code: str) -> str:
    lang = language_of(code)
    frame = pd.DataFrame(
        [
            (
                lang.gettext(STAGE_NAMES[s.stage]),
                s.projects,
                s.planned_usd,
                s.weighted_usd,
                s.conversion,
                s.median_days,
            )
            for s in r.stages
        ]  # fmt: skip
        + [(lang.gettext(STAGE_NAMES["lost"]), r.lost, r.lost_planned_usd, 0, None, None)],
        columns=["stage", "projects", "planned", "weighted", "went_on", "days"],
    )
    frame[["planned", "weighted"]] = frame[["planned", "weighted"]].astype(float)
    columns = [
        Column("stage", lang.gettext("Stage")),
        Column("projects", lang.gettext("Projects"), "number"),
        Column("planned", lang.gettext("Planned"), "money"),
        Column("weighted", lang.gettext("Weighted"), "money"),
        Column("went_on", lang.gettext("Went on"), "share"),
        Column("days", lang.gettext("Median days"), "number", 1),
    ]
    return html_table(frame, columns, code)


def _group_table(rows: list[GroupRow], header: str, kind: str, code: str) -> str:
    lang = language_of(code)
    frame = pd.DataFrame(
        [
            (g.key, g.projects, float(g.planned_usd), float(g.realised_usd), g.jobs_created)
            for g in rows
        ],  # fmt: skip
        columns=["key", "projects", "planned", "realised", "jobs"],
    )
    if kind == "country":
        frame["key"] = frame["key"].map(lang.country)
    elif kind == "sector":
        frame["key"] = frame["key"].map(lang.sector)
    columns = [
        Column("key", header),
        Column("projects", lang.gettext("Projects"), "number"),
        Column("planned", lang.gettext("Planned"), "money"),
        Column("realised", lang.gettext("Realised"), "money"),
        Column("jobs", lang.gettext("Jobs created"), "number"),
    ]
    return html_table(frame, columns, code)


def _section(label: str, r: PipelineReport, code: str) -> list[str]:
    lang = language_of(code)
    summary = " · ".join(
        [
            f"{lang.gettext('Open projects')}: {lang.number(r.open_projects)}",
            f"{lang.gettext('Planned')}: {lang.money(r.planned_usd)}",
            f"{lang.gettext('Weighted')}: {lang.money(r.weighted_usd)}",
            f"{lang.gettext('Lost')}: {lang.number(r.lost)}",
        ]
    )
    parts = [h2(label), para(summary), _stage_table(r, code)]
    if r.realised_by_year:
        parts += [f"<h3>{html.escape(lang.gettext('Realised by year'))}</h3>",
                  _group_table(r.realised_by_year, lang.gettext("Year"), "year", code)]  # fmt: skip
    parts += [
        f"<h3>{html.escape(lang.gettext('By origin country'))}</h3>",
        _group_table(r.by_origin, lang.gettext("Country"), "country", code),
        f"<h3>{html.escape(lang.gettext('By sector'))}</h3>",
        _group_table(r.by_sector, lang.gettext("Sector"), "sector", code),
    ]
    return parts


def report_document(reports: Labelled, code: str, *, synthetic: bool = False) -> str:
    """The report (each labelled set of projects in turn) as one HTML document in ``code``."""
    lang = language_of(code)
    title = lang.gettext("Investment pipeline report")
    made = lang.gettext("Made on {date} from the app database.").format(
        date=lang.date(datetime.now(UTC))
    )
    notice = lang.gettext(SYNTHETIC) if synthetic else None
    parts = [
        running_footer(made, notice),
        f"<h1>{html.escape(title)}</h1>",
        para(made, "source"),
        para(notice, "notice") if notice else "",
        para(
            lang.gettext(
                "Weighted value: planned US$ times the chance of a project at its stage. Went "
                "on: of the projects that reached a stage, the share that reached the next. "
                "Median days: completed stays only."
            ),
            "note",
        ),
    ]
    for label, r in reports:
        parts += _section(label, r, code)
    return document(title, code, parts)
