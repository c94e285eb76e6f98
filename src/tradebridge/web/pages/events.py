"""The events pages: the list, a new event, one event (its sessions, slots, status and history)
and its edit form; staff move the status (back only with a reason).

``/events`` and ``/events/{id}`` for any signed-in user (a company sees events once
registration opens); creating, editing and moving for staff.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from tradebridge.accounts.policy import Access
from tradebridge.errors import BadInput
from tradebridge.events import services
from tradebridge.events.models import Event
from tradebridge.events.services import title_in
from tradebridge.events.status import next_status
from tradebridge.events.vocabulary import KIND_LABELS, KINDS, STATUS_LABELS, STATUSES
from tradebridge.i18n import gettext as _
from tradebridge.web.auth import DbSession, SignedIn, policy
from tradebridge.web.pages.events_form import event_record
from tradebridge.web.templating import page, request_language

router = APIRouter()
Text = Annotated[str, Form()]
Ref = Annotated[int, Path(ge=1, le=2**31 - 1)]
Rows = Annotated[list[str], Form()]
EMPTY_SESSION_ROWS = 3


def event_summary(event: Event, lang: str) -> dict[str, Any]:
    return {
        "id": event.id,
        "title": title_in(event, lang),
        "kind": event.kind,
        "kind_label": _(KIND_LABELS[event.kind]),
        "status": event.status,
        "status_label": _(STATUS_LABELS[event.status]),
        "starts_on": event.starts_on.isoformat(),
        "ends_on": event.ends_on.isoformat(),
        "city": event.city,
        "country": event.country,
    }


@router.get("/events", dependencies=[policy(Access.signed_in)])
def event_list(
    request: Request, session: DbSession, caller: SignedIn, status: str = "", kind: str = ""
) -> Response:
    found = services.list_events(session, user=caller, status=status or None, kind=kind or None)
    context = {
        "title": _("Events"),
        "events": [event_summary(e, request_language(request)) for e in found],
        "statuses": [{"id": s, "label": _(STATUS_LABELS[s])} for s in STATUSES],
        "kinds": [{"id": k, "label": _(KIND_LABELS[k])} for k in KINDS],
        "filters": {"status": status, "kind": kind},
        "may_create": services.is_staff(caller),
    }
    return page(request, "events.html", context)


def _form_context(record_values: dict[str, Any], sessions: list[dict[str, str]]) -> dict[str, Any]:
    from tradebridge.field_checks import sector_ids

    return {
        "values": record_values,
        "sessions": sessions
        + [dict.fromkeys(("key", "day", "start", "end", "name"), "")] * EMPTY_SESSION_ROWS,
        "kinds": [{"id": k, "label": _(KIND_LABELS[k])} for k in KINDS],
        "sector_ids": sorted(sector_ids()),
    }


def _values(form: dict[str, str]) -> dict[str, str]:
    names = (
        "kind", "title_en", "title_az", "title_ru", "starts_on", "ends_on", "time_zone", "city",
        "country", "organiser", "partner_countries", "sectors", "capacity", "tables",
        "meeting_minutes", "pause_minutes", "auto_accept", "request_cap", "requests_expire_on",
    )  # fmt: skip
    return {name: form.get(name, "") for name in names}


def _stored_values(event: Event) -> tuple[dict[str, str], list[dict[str, str]]]:
    values = {
        "kind": event.kind,
        "title_en": event.title_en,
        "title_az": event.title_az,
        "title_ru": event.title_ru,
        "starts_on": event.starts_on.isoformat(),
        "ends_on": event.ends_on.isoformat(),
        "time_zone": event.time_zone,
        "city": event.city,
        "country": event.country,
        "organiser": event.organiser,
        "partner_countries": ", ".join(event.partner_countries or ()),
        "sectors": ", ".join(event.sectors or ()),
        "capacity": "" if event.capacity is None else str(event.capacity),
        "tables": ", ".join(event.tables or ()),
        "meeting_minutes": str(event.meeting_minutes),
        "pause_minutes": str(event.pause_minutes),
        "auto_accept": "on" if event.auto_accept else "",
        "request_cap": "" if event.request_cap is None else str(event.request_cap),
        "requests_expire_on": event.requests_expire_on.isoformat()
        if event.requests_expire_on
        else "",
    }
    sessions = [
        {
            "key": str(s.id),
            "day": s.day.isoformat(),
            "start": s.starts,
            "end": s.ends,
            "name": s.name,
        }
        for s in event.sessions
    ]
    return values, sessions


def _editor(request: Request, title: str, action: str, values, sessions, error=None, status=200):
    context = {"title": title, "action": action, "error": error, "data_twin": False}
    context |= _form_context(values, sessions)
    return page(request, "event_form.html", context, status=status)


@router.get("/events/new", dependencies=[policy(Access.staff)])
def new_event(request: Request) -> Response:
    values = dict.fromkeys(_values({}), "") | {
        "kind": "business_forum",
        "time_zone": "Asia/Baku",
        "meeting_minutes": "20",
        "pause_minutes": "5",
        "tables": "10",
    }
    return _editor(request, _("New event"), "/events", values, [])


def _session_rows(
    key: list[str], day: list[str], start: list[str], end: list[str], name: list[str]
):
    if not len(key) == len(day) == len(start) == len(end) == len(name):
        raise BadInput("the session rows are incomplete; reload the form", field="sessions")
    return list(zip(key, day, start, end, name, strict=True))


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


@router.post("/events", dependencies=[policy(Access.staff)])
async def create_event(
    request: Request,
    session: DbSession,
    caller: SignedIn,
    session_key: Rows = [],  # noqa: B006  (FastAPI form lists)
    session_day: Rows = [],  # noqa: B006
    session_start: Rows = [],  # noqa: B006
    session_end: Rows = [],  # noqa: B006
    session_name: Rows = [],  # noqa: B006
) -> Response:
    form = await _form(request)
    rows = _session_rows(session_key, session_day, session_start, session_end, session_name)
    try:
        record = event_record(form, rows)
        event = services.create(session, record, user=caller)
    except BadInput as exc:
        session.rollback()
        shown = [
            dict(zip(("key", "day", "start", "end", "name"), r, strict=True)) for r in rows if r[1]
        ]
        return _editor(request, _("New event"), "/events", _values(form), shown, str(exc), 400)
    session.commit()
    return RedirectResponse(f"/events/{event.id}", status_code=303)


@router.get("/events/{event_id}", dependencies=[policy(Access.signed_in)])
def event_page(request: Request, event_id: Ref, session: DbSession, caller: SignedIn) -> Response:
    event = services.get(session, event_id, user=caller)
    slots = services.event_slots(event)
    staff = services.is_staff(caller)
    following = next_status(event.status)
    earlier = STATUSES[: STATUSES.index(event.status)]
    context = {
        "title": title_in(event, request_language(request)),
        "event": event_summary(event, request_language(request))
        | {
            "time_zone": event.time_zone,
            "organiser": event.organiser,
            "partner_countries": list(event.partner_countries or ()),
            "sectors": list(event.sectors or ()),
            "capacity": event.capacity,
            "tables": len(event.tables or ()),
            "meeting_minutes": event.meeting_minutes,
            "pause_minutes": event.pause_minutes,
            "auto_accept": event.auto_accept,
            "request_cap": event.request_cap,
            "requests_expire_on": event.requests_expire_on.isoformat()
            if event.requests_expire_on
            else None,
        },
        "sessions": [
            {
                "id": s.id,
                "day": s.day.isoformat(),
                "start": s.starts,
                "end": s.ends,
                "name": s.name,
                "slots": sum(1 for slot in slots if slot.session == str(s.id)),
            }
            for s in event.sessions
        ],
        "slot_count": len(slots),
        "staff": staff,
        "next": None
        if following is None
        else {"id": following, "label": _(STATUS_LABELS[following])},
        "earlier": [{"id": s, "label": _(STATUS_LABELS[s])} for s in earlier],
        "history": [
            {
                "at": c.at,
                "from": _(STATUS_LABELS[c.from_status]),
                "to": _(STATUS_LABELS[c.to_status]),
                "reason": c.reason,
            }
            for c in services.history(session, event_id, user=caller)
        ]
        if staff
        else [],
    }
    return page(request, "event.html", context)


@router.get("/events/{event_id}/edit", dependencies=[policy(Access.staff)])
def edit_event(request: Request, event_id: Ref, session: DbSession, caller: SignedIn) -> Response:
    event = services.get(session, event_id, user=caller)
    values, sessions = _stored_values(event)
    return _editor(request, _("Edit event"), f"/events/{event_id}", values, sessions)


@router.post("/events/{event_id}", dependencies=[policy(Access.staff)])
async def save_event(
    request: Request,
    event_id: Ref,
    session: DbSession,
    caller: SignedIn,
    session_key: Rows = [],  # noqa: B006
    session_day: Rows = [],  # noqa: B006
    session_start: Rows = [],  # noqa: B006
    session_end: Rows = [],  # noqa: B006
    session_name: Rows = [],  # noqa: B006
) -> Response:
    services.get(session, event_id, user=caller)
    form = await _form(request)
    rows = _session_rows(session_key, session_day, session_start, session_end, session_name)
    try:
        services.edit(session, event_id, event_record(form, rows), user=caller)
    except BadInput as exc:
        session.rollback()
        shown = [
            dict(zip(("key", "day", "start", "end", "name"), r, strict=True)) for r in rows if r[1]
        ]
        action = f"/events/{event_id}"
        return _editor(request, _("Edit event"), action, _values(form), shown, str(exc), 400)
    session.commit()
    return RedirectResponse(f"/events/{event_id}", status_code=303)


@router.post("/events/{event_id}/status", dependencies=[policy(Access.staff)])
def move_event(
    event_id: Ref, session: DbSession, caller: SignedIn, status: Text = "", reason: Text = ""
) -> Response:
    services.move(session, event_id, status, reason=reason, user=caller)
    session.commit()
    return RedirectResponse(f"/events/{event_id}", status_code=303)
