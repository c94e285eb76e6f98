"""The day of an event, on a page made for a phone: the meetings (a company: its own people's)
with buttons to mark each held, no-show or cancelled, the check-in list and the walk-in form
for staff. ``/events/{id}/day`` for any signed-in user; marking for either side's organisation
and staff; check-in and walk-ins for staff."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from tradebridge.accounts.policy import Access, may_act_for
from tradebridge.errors import BadInput
from tradebridge.events import day, services
from tradebridge.events.models import Meeting
from tradebridge.events.registration import organisation_name
from tradebridge.events.services import title_in
from tradebridge.events.vocabulary import ATTENDANCE, ATTENDANCE_LABELS, STATUS_LABELS
from tradebridge.i18n import gettext as _
from tradebridge.web.auth import DbSession, SignedIn, policy
from tradebridge.web.form_values import chosen
from tradebridge.web.templating import page, request_language

router = APIRouter()
Text = Annotated[str, Form()]
Ref = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _side(p) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.person_name,
        "organisation": organisation_name(p.organisation),
        "country": p.organisation.country,
    }


def meeting_card(m: Meeting, zone: str, caller: Any) -> dict[str, Any]:
    """A meeting as the day page shows it: local times, both sides, its mark, and which
    sides the caller may record an outcome for."""
    from zoneinfo import ZoneInfo

    starts, ends = (t.astimezone(ZoneInfo(zone)) for t in (m.starts_at, m.ends_at))
    own = [p.id for p in (m.a, m.b) if may_act_for(caller, p.organisation_id)]
    return {
        "id": m.id,
        "day": starts.date().isoformat(),
        "start": starts.strftime("%H:%M"),
        "end": ends.strftime("%H:%M"),
        "slot": m.slot,
        "table": m.table,
        "a": _side(m.a),
        "b": _side(m.b),
        "walk_in": bool(m.walk_in),
        "attendance": m.attendance,
        "attendance_label": _(ATTENDANCE_LABELS[m.attendance]) if m.attendance else "",
        "may_mark": bool(own),
        "outcome_sides": own if m.attendance == "held" else [],
    }


def _day_page(request, session, caller, event_id, error=None, status=200) -> Response:
    sheet = day.day_sheet(session, event_id, user=caller)
    event = sheet["event"]
    staff = services.is_staff(caller)
    people = sheet["participants"]
    context = {
        "title": title_in(event, request_language(request)),
        "event": {
            "id": event.id,
            "status": event.status,
            "status_label": _(STATUS_LABELS[event.status]),
            "time_zone": event.time_zone,
            "open": event.status in day.DAY_STATUSES,
        },
        "counts": [
            {
                "id": k,
                "label": _(ATTENDANCE_LABELS[k]) if k in ATTENDANCE else _("Not marked"),
                "count": n,
            }
            for k, n in sheet["counts"].items()
        ],  # fmt: skip
        "marks": [{"id": k, "label": _(ATTENDANCE_LABELS[k])} for k in ATTENDANCE],
        "meetings": [meeting_card(m, event.time_zone, caller) for m in sheet["meetings"]],
        "participants": [
            _side(p) | {"checked_in": p.checked_in_at is not None, "table": p.table} for p in people
        ],
        "checked_in": sum(p.checked_in_at is not None for p in people),
        "slots": [
            {"id": s.id, "label": f"{s.day} {s.start}–{s.end}"} for s in services.event_slots(event)
        ],
        "tables": list(event.tables or ()),
        "staff": staff,
        "error": error,
    }
    return page(request, "event_day.html", context, status=status)


@router.get("/events/{event_id}/day", dependencies=[policy(Access.signed_in)])
@router.get("/events/{event_id}/day.json", dependencies=[policy(Access.signed_in)])
def day_page(request: Request, event_id: Ref, session: DbSession, caller: SignedIn) -> Response:
    return _day_page(request, session, caller, event_id)


def _back(event_id: int, anchor: str = "") -> Response:
    return RedirectResponse(f"/events/{event_id}/day{anchor}", status_code=303)


@router.post(
    "/events/{event_id}/participants/{participant_id}/check-in",
    dependencies=[policy(Access.staff)],
)
def check_in(
    event_id: Ref, participant_id: Ref, session: DbSession, caller: SignedIn, undo: Text = ""
) -> Response:
    from tradebridge.events.registration import get_participant

    if get_participant(session, participant_id, user=caller).event_id != event_id:
        raise BadInput(f"participant #{participant_id} is not at event #{event_id}")
    day.check_in(session, participant_id, undo=undo == "on", user=caller)
    session.commit()
    return _back(event_id, f"#p{participant_id}")


@router.post(
    "/events/{event_id}/meetings/{meeting_id}/attendance", dependencies=[policy(Access.company)]
)
def mark(
    event_id: Ref, meeting_id: Ref, session: DbSession, caller: SignedIn, attendance: Text = ""
) -> Response:
    if day.get_meeting(session, meeting_id, user=caller).event_id != event_id:
        raise BadInput(f"meeting #{meeting_id} is not of event #{event_id}", field="meeting")
    day.mark(session, meeting_id, attendance, user=caller)
    session.commit()
    return _back(event_id, f"#m{meeting_id}")


@router.post("/events/{event_id}/walk-ins", dependencies=[policy(Access.staff)])
def walk_in(
    request: Request,
    event_id: Ref,
    session: DbSession,
    caller: SignedIn,
    a: Text = "",
    b: Text = "",
    slot: Text = "",
    table: Text = "",
) -> Response:
    from tradebridge.events.registration import get_participant

    try:
        first, second = chosen(a, "a", "a participant"), chosen(b, "b", "a participant")
        if get_participant(session, first, user=caller).event_id != event_id:
            raise BadInput(f"participant #{first} is not at event #{event_id}", field="a")
        made = day.walk_in(session, first, second, slot, table or None, user=caller)
    except BadInput as exc:
        session.rollback()
        return _day_page(request, session, caller, event_id, str(exc), 400)
    session.commit()
    return _back(event_id, f"#m{made.id}")
