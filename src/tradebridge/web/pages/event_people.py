"""The pages of an event's people and meetings: the participant list (filters, order) with the
registration form, staff's approval; the meeting requests of one's own people (received and
sent) with the answer forms; a participant's agenda (page and iCalendar file). The schedule's
pages are in ``event_schedule``.

Any signed-in user reads the participant list (a company sees the approved participants and
its own); companies register their own people and send and answer their own requests; staff do
everything.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from tradebridge.accounts.policy import Access
from tradebridge.errors import BadInput
from tradebridge.events import agendas, meeting_requests, registration, services
from tradebridge.events.models import EventParticipant, MeetingRequest
from tradebridge.events.registration import Filters, organisation_name
from tradebridge.events.services import title_in
from tradebridge.events.vocabulary import (
    ENTRY_KIND_LABELS,
    ENTRY_KINDS,
    PARTICIPANT_STATUS_LABELS,
    PARTICIPANT_STATUSES,
    PRIORITIES,
    PRIORITY_LABELS,
    REQUEST_STATUS_LABELS,
)
from tradebridge.i18n import N_
from tradebridge.i18n import gettext as _
from tradebridge.web.agenda_prints import agenda_sheet, prints
from tradebridge.web.auth import DbSession, SignedIn, policy
from tradebridge.web.form_values import chosen
from tradebridge.web.pages.events_form import participant_record
from tradebridge.web.templating import page, request_language

router = APIRouter()
Text = Annotated[str, Form()]
Ref = Annotated[int, Path(ge=1, le=2**31 - 1)]
Rows = Annotated[list[str], Form()]
SORT_LABELS = {
    "name": N_("Name"),
    "organisation": N_("Organisation"),
    "country": N_("Country"),
    "registered": N_("Registered"),
}


def participant_row(p: EventParticipant) -> dict[str, Any]:
    o = p.organisation
    return {
        "id": p.id,
        "person_name": p.person_name,
        "position": p.position,
        "organisation_id": o.id,
        "organisation": organisation_name(o),
        "country": o.country,
        "kind": o.kind,
        "sectors": list(o.sectors or ()),
        "status": p.status,
        "status_label": _(PARTICIPANT_STATUS_LABELS[p.status]),
        "max_meetings": p.max_meetings,
        "table": p.table,
        "entries": [
            {"kind": _(ENTRY_KIND_LABELS[e.kind]), "title": e.title, "hs_codes": list(e.hs_codes)}
            for e in p.entries
        ],
    }


def _organisations(session, caller) -> list[dict[str, Any]]:
    """The organisations the caller may register people of."""
    from sqlalchemy import select

    from tradebridge.registry.models import Organisation

    query = select(Organisation).where(Organisation.status != "archived")
    if not services.is_staff(caller):
        query = query.where(Organisation.id == caller.organisation_id)
    rows = session.scalars(query.order_by(Organisation.name_en).limit(2000))
    return [{"id": o.id, "name": organisation_name(o), "country": o.country} for o in rows]


def _participants_page(request, session, caller, event_id, filters, error=None, status=200):
    event = services.get(session, event_id, user=caller)
    found = registration.participants(session, event_id, filters, user=caller)
    context = {
        "title": title_in(event, request_language(request)),
        "event": {"id": event.id, "status": event.status},
        "participants": [participant_row(p) for p in found],
        "filters": {
            "status": filters.status or "",
            "country": filters.country or "",
            "kind": filters.kind or "",
            "sector": filters.sector or "",
            "hs": filters.hs or "",
            "text": filters.text or "",
            "sort": filters.sort,
        },
        "statuses": [
            {"id": s, "label": _(PARTICIPANT_STATUS_LABELS[s])} for s in PARTICIPANT_STATUSES
        ],
        "sorts": [{"id": k, "label": _(v)} for k, v in SORT_LABELS.items()],
        "sessions": [
            {"id": s.id, "label": f"{s.day} {s.starts}–{s.ends} {s.name}"} for s in event.sessions
        ],
        "entry_kinds": [{"id": k, "label": _(ENTRY_KIND_LABELS[k])} for k in ENTRY_KINDS],
        "organisations": _organisations(session, caller) if caller.role != "viewer" else [],
        "staff": services.is_staff(caller),
        "own_organisation": caller.organisation_id,
        "error": error,
    }
    return page(request, "event_participants.html", context, status=status)


@router.get("/events/{event_id}/participants", dependencies=[policy(Access.signed_in)])
def participants_page(
    request: Request,
    event_id: Ref,
    session: DbSession,
    caller: SignedIn,
    status: str = "",
    country: str = "",
    kind: str = "",
    sector: str = "",
    hs: str = "",
    text: str = "",
    sort: str = "name",
) -> Response:
    filters = Filters(
        status=status or None,
        country=country or None,
        kind=kind or None,
        sector=sector or None,
        hs=hs or None,
        text=text or None,
        sort=sort,
    )
    return _participants_page(request, session, caller, event_id, filters)


@router.post("/events/{event_id}/participants", dependencies=[policy(Access.company)])
async def register(
    request: Request,
    event_id: Ref,
    session: DbSession,
    caller: SignedIn,
    available_sessions: Rows = [],  # noqa: B006  (FastAPI form lists)
    entry_kind: Rows = [],  # noqa: B006
    entry_title: Rows = [],  # noqa: B006
    entry_text: Rows = [],  # noqa: B006
    entry_codes: Rows = [],  # noqa: B006
) -> Response:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    try:
        if not len(entry_kind) == len(entry_title) == len(entry_text) == len(entry_codes):
            raise BadInput("the marketplace rows are incomplete; reload the form", field="entries")
        every = form.get("all_sessions") == "on"
        rows = list(zip(entry_kind, entry_title, entry_text, entry_codes, strict=True))
        record = participant_record(form, None if every else available_sessions, rows)
        registration.register(session, event_id, record, user=caller)
    except BadInput as exc:
        session.rollback()
        return _participants_page(request, session, caller, event_id, Filters(), str(exc), 400)
    session.commit()
    return RedirectResponse(f"/events/{event_id}/participants", status_code=303)


@router.post(
    "/events/{event_id}/participants/{participant_id}/decision",
    dependencies=[policy(Access.staff)],
)
def decide(
    event_id: Ref,
    participant_id: Ref,
    session: DbSession,
    caller: SignedIn,
    decision: Text = "",
    note: Text = "",
) -> Response:
    p = registration.get_participant(session, participant_id, user=caller)
    if p.event_id != event_id:
        raise BadInput(
            f"participant #{participant_id} is not at event #{event_id}", field="participant"
        )
    registration.decide(session, participant_id, decision, note=note, user=caller)
    session.commit()
    return RedirectResponse(f"/events/{event_id}/participants", status_code=303)


def request_row(r: MeetingRequest) -> dict[str, Any]:
    return {
        "id": r.id,
        "from_id": r.from_id,
        "from": r.sender.person_name,
        "from_organisation": organisation_name(r.sender.organisation),
        "from_organisation_id": r.sender.organisation_id,
        "to_id": r.to_id,
        "to": r.receiver.person_name,
        "to_organisation": organisation_name(r.receiver.organisation),
        "to_organisation_id": r.receiver.organisation_id,
        "message": r.message,
        "priority": r.priority,
        "priority_label": _(PRIORITY_LABELS[r.priority]),
        "status": r.status,
        "status_label": _(REQUEST_STATUS_LABELS[r.status]),
        "answer": r.answer,
        "sent_at": r.created_at,
    }


def _requests_page(request, session, caller, event_id, error=None, status=200):
    event = services.get(session, event_id, user=caller)
    found = meeting_requests.requests_of(session, event_id, user=caller)
    own = caller.organisation_id
    staff = services.is_staff(caller)
    rows = [request_row(r) for r in found]
    mine = registration.participants(session, event_id, Filters(status="approved"), user=caller)
    context = {
        "title": title_in(event, request_language(request)),
        "event": {"id": event.id, "status": event.status},
        "received": [r for r in rows if staff or r["to_organisation_id"] == own],
        "sent": [r for r in rows if not staff and r["from_organisation_id"] == own],
        "staff": staff,
        "senders": [participant_row(p) for p in mine if staff or p.organisation_id == own],
        "counterparts": [participant_row(p) for p in mine if staff or p.organisation_id != own],
        "priorities": [{"id": k, "label": _(PRIORITY_LABELS[k])} for k in PRIORITIES],
        "error": error,
    }
    session.commit()  # requests found expired on the way are kept so
    return page(request, "event_requests.html", context, status=status)


@router.get("/events/{event_id}/requests", dependencies=[policy(Access.company)])
def requests_page(
    request: Request, event_id: Ref, session: DbSession, caller: SignedIn
) -> Response:
    return _requests_page(request, session, caller, event_id)


@router.post("/events/{event_id}/requests", dependencies=[policy(Access.company)])
def send_request(
    request: Request,
    event_id: Ref,
    session: DbSession,
    caller: SignedIn,
    from_id: Text = "",
    to_id: Text = "",
    message: Text = "",
    priority: Text = "should",
) -> Response:
    try:
        sender, receiver = (
            chosen(v, name, "a participant") for v, name in ((from_id, "from_id"), (to_id, "to_id"))
        )
        if registration.get_participant(session, sender, user=caller).event_id != event_id:
            raise BadInput(f"participant #{sender} is not at event #{event_id}", field="from_id")
        meeting_requests.send(
            session, sender, receiver, message=message, priority=priority, user=caller
        )
    except BadInput as exc:
        session.rollback()
        return _requests_page(request, session, caller, event_id, str(exc), 400)
    session.commit()
    return RedirectResponse(f"/events/{event_id}/requests", status_code=303)


@router.post(
    "/events/{event_id}/requests/{request_id}/answer", dependencies=[policy(Access.company)]
)
def answer_request(
    event_id: Ref,
    request_id: Ref,
    session: DbSession,
    caller: SignedIn,
    decision: Text = "",
    note: Text = "",
) -> Response:
    found = meeting_requests.get_request(session, request_id, user=caller)
    if found.event_id != event_id:
        raise BadInput(f"request #{request_id} is not of event #{event_id}", field="request")
    meeting_requests.answer(session, request_id, decision, note=note, user=caller)
    session.commit()
    return RedirectResponse(f"/events/{event_id}/requests", status_code=303)


@router.get(
    "/events/{event_id}/participants/{participant_id}/agenda",
    dependencies=[policy(Access.company)],
)
def agenda_page(
    request: Request, event_id: Ref, participant_id: Ref, session: DbSession, caller: SignedIn
) -> Response:
    p = registration.get_participant(session, participant_id, user=caller)
    if p.event_id != event_id:
        raise BadInput(
            f"participant #{participant_id} is not at event #{event_id}", field="participant"
        )
    items = agendas.agenda(session, participant_id, user=caller)
    context = {
        "title": f"{title_in(p.event, request_language(request))}: {p.person_name}",
        "event": {"id": event_id, "time_zone": p.event.time_zone, "city": p.event.city},
        "participant": {"id": p.id, "name": p.person_name},
        "meetings": [
            {
                "day": i.starts.date().isoformat(),
                "start": i.starts.strftime("%H:%M"),
                "end": i.ends.strftime("%H:%M"),
                "table": i.table,
                "person": i.person,
                "position": i.position,
                "organisation": i.organisation,
                "country": i.country,
            }
            for i in items
        ],
    }
    return page(request, "event_agenda.html", context)


@router.get(
    "/events/{event_id}/participants/{participant_id}/agenda.ics",
    dependencies=[policy(Access.company)],
)
def agenda_calendar(
    request: Request, event_id: Ref, participant_id: Ref, session: DbSession, caller: SignedIn
) -> Response:
    p = registration.get_participant(session, participant_id, user=caller)
    if p.event_id != event_id:
        raise BadInput(
            f"participant #{participant_id} is not at event #{event_id}", field="participant"
        )
    items = agendas.agenda(session, participant_id, user=caller)
    code = request_language(request)
    data = prints(request).get(agenda_sheet(p, items, code), code, "ics")
    name = f"agenda-{event_id}-{participant_id}.ics"
    return Response(
        data,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
