"""An event's printed documents: a participant's agenda as PDF (a company its own people's,
staff and viewers everyone's), every agenda of the event as a zip of PDFs, and the table plans
for the venue staff as a page and a PDF (staff and viewers). Each in the request's language."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path
from starlette.requests import Request
from starlette.responses import Response

from tradebridge.accounts.policy import Access
from tradebridge.errors import BadInput
from tradebridge.events import agendas, registration, services
from tradebridge.events.services import title_in
from tradebridge.events.table_plans import PlannedMeeting, table_plan
from tradebridge.i18n import language
from tradebridge.reports.event_documents import table_plan_pdf
from tradebridge.web.agenda_prints import agenda_sheet, every_sheet, prints
from tradebridge.web.auth import DbSession, SignedIn, policy
from tradebridge.web.templating import page, request_language

router = APIRouter()


Ref = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _pdf(data: bytes, name: str, kind: str = "application/pdf") -> Response:
    return Response(
        data,
        media_type=kind,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "private, no-store",
        },
    )


@router.get(
    "/events/{event_id}/participants/{participant_id}/agenda.pdf",
    dependencies=[policy(Access.company)],
)
def agenda_document(
    request: Request, event_id: Ref, participant_id: Ref, session: DbSession, caller: SignedIn
) -> Response:
    p = registration.get_participant(session, participant_id, user=caller)
    if p.event_id != event_id:
        raise BadInput(
            f"participant #{participant_id} is not at event #{event_id}", field="participant"
        )
    items = agendas.agenda(session, participant_id, user=caller)
    code = request_language(request)
    data = prints(request).get(agenda_sheet(p, items, code), code, "pdf")
    return _pdf(data, f"agenda-{event_id}-{p.id}.pdf")


@router.get("/events/{event_id}/agendas.zip", dependencies=[policy(Access.viewer)])
def every_agenda_document(
    request: Request, event_id: Ref, session: DbSession, caller: SignedIn
) -> Response:
    code = request_language(request)
    sheets = every_sheet(session, event_id, code, user=caller)
    return _pdf(prints(request).zip(sheets, code), f"agendas-{event_id}.zip", "application/zip")


def _row(m: PlannedMeeting, code: str) -> dict[str, Any]:
    lang = language(code)
    return {
        "day": lang.date(m.starts),
        "start": f"{m.starts:%H:%M}",
        "end": f"{m.ends:%H:%M}",
        "table": m.table,
        "a": {"id": m.a.participant_id, "person": m.a.person, "organisation": m.a.organisation},
        "b": {"id": m.b.participant_id, "person": m.b.person, "organisation": m.b.organisation},
    }


@router.get("/events/{event_id}/table-plan", dependencies=[policy(Access.viewer)])
@router.get("/events/{event_id}/table-plan.json", dependencies=[policy(Access.viewer)])
def table_plan_page(
    request: Request, event_id: Ref, session: DbSession, caller: SignedIn
) -> Response:
    code = request_language(request)
    plan = table_plan(session, event_id, user=caller)
    event = services.get(session, event_id, user=caller)
    context = {
        "title": title_in(event, code),
        "event": {"id": event.id, "status": event.status, "time_zone": event.time_zone},
        "by_slot": [
            {"slot": slot, "meetings": [_row(m, code) for m in ms]} for slot, ms in plan.by_slot
        ],
        "by_table": [
            {"table": table, "meetings": [_row(m, code) for m in ms]} for table, ms in plan.by_table
        ],
    }
    return page(request, "event_table_plan.html", context)


@router.get("/events/{event_id}/table-plan.pdf", dependencies=[policy(Access.viewer)])
def table_plan_document(
    request: Request, event_id: Ref, session: DbSession, caller: SignedIn
) -> Response:
    code = request_language(request)
    plan = table_plan(session, event_id, user=caller)
    title = title_in(services.get(session, event_id, user=caller), code)
    return _pdf(table_plan_pdf(plan, title, code), f"table-plan-{event_id}.pdf")
