"""The investment pipeline's pages, for the agency's staff: the board by stage (a card is moved
by dragging it or with its own form, so the keyboard works too), a project's page with its
timeline and contacts, a new project, and the pipeline report (A → B beside B → A for a pair;
PDF, XLSX and CSV downloads); and, for a company user, the read-only summary of its own projects."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, Query, UploadFile
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response

from tradebridge.accounts.policy import Access
from tradebridge.accounts.roles import is_staff
from tradebridge.amounts import amount
from tradebridge.errors import BadInput
from tradebridge.i18n import N_
from tradebridge.i18n import gettext as _
from tradebridge.investment import services
from tradebridge.investment.board import board as board_columns
from tradebridge.investment.models import INTERACTION_KINDS, PROJECT_KINDS, SOURCES
from tradebridge.investment.stages import LOST, LOST_REASONS, STAGE_NAMES, STAGES
from tradebridge.web.auth import CurrentCaller, DbSession, policy
from tradebridge.web.downloads import download
from tradebridge.web.form_values import codes, day, whole
from tradebridge.web.templating import page, request_language

router = APIRouter(dependencies=[policy(Access.staff)])
own = APIRouter(dependencies=[policy(Access.company)])
Text = Annotated[str, Form()]
Code = Annotated[str, Query(max_length=60)]
PER_COLUMN = 20  # cards in each column of the whole board
PAGE = 200  # cards of one column shown alone

REASON_NAMES = {
    "chose_another_country": N_("chose another country"),
    "chose_another_region": N_("chose another region"),
    "cancelled_by_investor": N_("cancelled by the investor"),
    "financing": N_("financing"),
    "incentives": N_("incentives"),
    "regulation": N_("regulation"),
    "no_response": N_("no response"),
    "duplicate": N_("duplicate"),
    "other": N_("other"),
}
KIND_NAMES = {
    "greenfield": N_("Greenfield"),
    "expansion": N_("Expansion"),
    "joint_venture": N_("Joint venture"),
    "acquisition": N_("Acquisition"),
    "portfolio": N_("Portfolio"),
    "meeting": N_("Meeting"),
    "call": N_("Call"),
    "email": N_("E-mail"),
    "site_visit": N_("Site visit"),
    "event": N_("Event"),
    "mission": N_("Trade mission"),
    "inquiry": N_("Inquiry"),
    "referral": N_("Referral"),
    "agency_outreach": N_("Agency outreach"),
}


def _names() -> dict[str, Any]:
    return {
        "stage_names": {k: _(v) for k, v in STAGE_NAMES.items()},
        "reason_names": {k: _(v) for k, v in REASON_NAMES.items()},
        "kind_names": {k: _(v) for k, v in KIND_NAMES.items()},
        "stages": STAGES,
        "lost": LOST,
        "lost_reasons": LOST_REASONS,
    }


def _country(text: str) -> str | None:
    from tradebridge.reference.countries import resolve_country

    return resolve_country(text) if text.strip() else None


def _investors(session, ids: set[int] | None = None) -> dict[int, str]:
    """Organisation names by id (of ``ids`` only, when given)."""
    from sqlalchemy import select

    from tradebridge.registry.models import Organisation

    stmt = select(Organisation.id, Organisation.name_en, Organisation.name_az, Organisation.name_ru)
    if ids is not None:
        stmt = stmt.where(Organisation.id.in_(sorted(ids)))
    return {row[0]: row[1] or row[2] or row[3] for row in session.execute(stmt)}


@router.get("/investment")
def board(
    request: Request,
    session: DbSession,
    caller: CurrentCaller,
    country: Code = "",
    sector: Code = "",
    mine: bool = False,
    stage: Annotated[str, Query(max_length=20)] = "",
    offset: Annotated[int, Query(ge=0, le=10**7)] = 0,
) -> Response:
    if stage and stage not in (*STAGES, LOST):
        raise BadInput(f"unknown stage {stage!r}", field="stage")
    filters = services.ProjectFilters(
        country=_country(country),
        sector=sector.strip() or None,
        stage=stage or None,
        manager_id=caller.id if mine and caller is not None else None,
    )
    per_column = PAGE if stage else PER_COLUMN
    found = board_columns(session, filters, per_column=per_column, offset=offset, user=caller)
    today = date.today()
    columns = {}
    for column in found:
        cards = [
            {
                "id": card.id,
                "title": card.title,
                "investor": card.investor,
                "pair": f"{card.origin} → {card.destination}",
                "planned_usd": card.planned_usd,
                "next_action": card.next_action,
                "due": card.next_action_due.isoformat() if card.next_action_due else None,
                "overdue": card.next_action_due is not None and card.next_action_due < today,
                "stage": card.stage,
                "synthetic": card.synthetic,
            }
            for card in column.cards
        ]
        shown_to = column.offset + len(cards)
        columns[column.stage] = {
            "count": column.count,
            "planned_usd": column.planned_usd,
            "cards": cards,
            "more": shown_to < column.count,
            "next_offset": shown_to if stage else 0,
        }
    late, late_count = services.overdue(
        session, today, manager_id=filters.manager_id, limit=100, user=caller
    )
    context = {
        "data_twin": False,
        "title": _("Investment projects"),
        "columns": columns,
        "shown_stages": [column.stage for column in found],
        "filters": {"country": country, "sector": sector, "mine": mine, "stage": stage},
        "synthetic": services.any_synthetic(session),
        "overdue": late,
        "overdue_count": late_count,
        **_names(),
    }
    return page(request, "investment_board.html", context)


@router.post("/investment/{project_id}/move")
def move(
    request: Request,
    project_id: int,
    session: DbSession,
    caller: CurrentCaller,
    stage: Text = "",
    reason: Text = "",
    note: Text = "",
) -> Response:
    services.move(session, project_id, stage, reason=reason or None, note=note, user=caller)
    session.commit()
    back = request.headers.get("referer", "") or f"/investment/{project_id}"
    return RedirectResponse(back if back.startswith(str(request.base_url)) else
                            f"/investment/{project_id}", status_code=303)  # fmt: skip


def _form_page(request: Request, session, values: dict, error: str | None, status: int):
    context = {
        "data_twin": False,
        "title": _("New investment project"),
        "values": values,
        "error": error,
        "investors": sorted(_investors(session).items(), key=lambda item: item[1].casefold()),
        "kinds": PROJECT_KINDS,
        "sources": SOURCES,
        **_names(),
    }
    return page(request, "investment_form.html", context, status=status)


@router.get("/investment/new")
def new(
    request: Request,
    session: DbSession,
    caller: CurrentCaller,
    lead: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> Response:
    """The form, empty or filled in from an event's lead (``investment.from_lead``)."""
    values = {"currency": "USD", "kind": "greenfield"}
    if lead is not None:
        from tradebridge.investment.from_lead import draft_from_lead

        draft = draft_from_lead(session, lead, user=caller)
        values |= {
            "title": draft.title,
            "investor_id": str(draft.investor_id),
            "origin": draft.origin,
            "destination": draft.destination,
            "sector": draft.sector or "",
            "products": ", ".join(draft.products),
            "source": draft.source,
            "source_ref": draft.source_ref,
        }
    return _form_page(request, session, values, None, 200)


@router.post("/investment/new")
async def create(request: Request, session: DbSession, caller: CurrentCaller) -> Response:
    from tradebridge.investment.project import ProjectInput

    form = {k: str(v) for k, v in (await request.form()).items() if k != "csrf_token"}
    try:
        data = ProjectInput(
            title=form.get("title", "").strip(),
            investor_id=whole(form.get("investor_id", ""), "investor_id") or 0,
            origin=_country(form.get("origin", "")) or "",
            destination=_country(form.get("destination", "")) or "",
            kind=form.get("kind", "greenfield"),
            sector=form.get("sector", "").strip() or None,
            products=codes(form.get("products", "")),
            region=form.get("region", "").strip(),
            currency=form.get("currency", "USD"),
            planned_amount=amount(form.get("planned_amount", ""), "planned_amount"),
            jobs_planned=whole(form.get("jobs_planned", ""), "jobs_planned"),
            source=form.get("source", "other"),
            source_ref=form.get("source_ref", "").strip(),
            manager_id=caller.id if caller is not None else None,
            next_action=form.get("next_action", "").strip(),
            next_action_due=day(form.get("next_action_due", ""), "next_action_due"),
        )
        project = services.create(session, data, user=caller)
    except BadInput as exc:
        session.rollback()
        return _form_page(request, session, form, str(exc), exc.http_status)
    session.commit()
    return RedirectResponse(f"/investment/{project.id}", status_code=303)


def _reports(session, caller, a: str, b: str) -> list[tuple[str, Any]]:
    """All projects, or A → B and B → A for a pair."""
    first, second = _country(a), _country(b)
    if (first is None) != (second is None):
        raise BadInput("give both countries of the pair, or neither", field="b")
    if first is None:
        return [(_("All projects"), services.report(session, user=caller))]
    there, back = services.mutual_report(session, first, second, user=caller)
    return [(f"{first} → {second}", there), (f"{second} → {first}", back)]


@router.get("/investment/report")
def report(
    request: Request, session: DbSession, caller: CurrentCaller, a: Code = "", b: Code = ""
) -> Response:
    query = urlencode({"a": a, "b": b, "lang": request_language(request)})
    context = {
        "data_twin": False,
        "title": _("Investment pipeline report"),
        "reports": _reports(session, caller, a, b),
        "pair": {"a": a, "b": b},
        "downloads": {fmt: f"/investment/report.{fmt}?{query}" for fmt in ("pdf", "xlsx", "csv")},
        "synthetic": services.any_synthetic(session),
        **_names(),
    }
    return page(request, "investment_report.html", context)


@router.get("/investment/report.{fmt}")
def report_download(
    request: Request,
    fmt: str,
    session: DbSession,
    caller: CurrentCaller,
    a: Code = "",
    b: Code = "",
    table: Code = "",
) -> Response:
    from tradebridge.reports.investment_report import report_document, tables

    reports = _reports(session, caller, a, b)
    code = request_language(request)
    synthetic = services.any_synthetic(session)
    return download(
        tables(reports),
        fmt,
        "investment-pipeline",
        table=table or None,
        printed=lambda: report_document(reports, code, synthetic=synthetic),
    )


@router.get("/investment/{project_id}")
def project(request: Request, project_id: int, session: DbSession, caller: CurrentCaller):
    found = services.get(session, project_id, user=caller)
    context = {
        "data_twin": False,
        "title": found.title,
        "project": found,
        "investor": _investors(session, {found.investor_id}).get(found.investor_id, ""),
        "timeline": services.timeline(session, project_id, user=caller),
        "attachments": services.attachments_of(session, project_id),
        "interaction_kinds": INTERACTION_KINDS,
        "today": date.today().isoformat(),
        "synthetic": found.synthetic,
        **_names(),
    }
    return page(request, "investment_project.html", context)


@router.post("/investment/{project_id}/interactions")
async def add_interaction(
    request: Request,
    project_id: int,
    session: DbSession,
    caller: CurrentCaller,
    kind: Text = "",
    held_on: Text = "",
    participants: Text = "",
    notes: Text = "",
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    from tradebridge.investment.attachments import MAX_BYTES

    row = services.add_interaction(
        session, project_id, kind, day(held_on, "held_on") or date.today(),
        participants=participants, notes=notes, user=caller,
    )  # fmt: skip
    if file is not None and file.filename:
        data = await file.read(MAX_BYTES + 1)
        home = request.app.state.tradebridge.settings.home
        services.attach(session, home, row.id, file.filename, data, user=caller)
    session.commit()
    return RedirectResponse(f"/investment/{project_id}", status_code=303)


@router.get("/investment/attachments/{attachment_id}")
def attachment(
    request: Request, attachment_id: int, session: DbSession, caller: CurrentCaller
) -> Response:
    home = request.app.state.tradebridge.settings.home
    row, path = services.attachment(session, home, attachment_id, user=caller)
    return FileResponse(
        path,
        media_type=row.media_type,
        filename=row.filename,
        content_disposition_type="attachment",
        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store"},
    )


@own.get("/investment/mine")
def mine(request: Request, session: DbSession, caller: CurrentCaller) -> Response:
    if caller is not None and is_staff(caller):
        return RedirectResponse("/investment", status_code=303)  # the agency sees everything
    context = {
        "data_twin": False,
        "title": _("Our investment projects"),
        "projects": services.own_projects(session, caller),
        **_names(),
    }
    return page(request, "investment_mine.html", context)
