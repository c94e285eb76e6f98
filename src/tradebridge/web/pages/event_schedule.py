"""The schedule's pages, for staff: the draft (the last run's statistics, the requests left
out with the reason, the published meetings a run cancelled, meetings per participant, every
meeting) with run and publish, and the hand edits of draft meetings (move, cancel, add), each
checked against every rule and refused with the reason on the same page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from tradebridge.accounts.policy import Access
from tradebridge.errors import BadInput
from tradebridge.events import draft_edits, registration, scheduling, services
from tradebridge.events.services import title_in
from tradebridge.web.agenda_prints import prints
from tradebridge.web.auth import DbSession, SignedIn, policy
from tradebridge.web.form_values import chosen
from tradebridge.web.templating import page, request_language

router = APIRouter()
Text = Annotated[str, Form()]
Ref = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _schedule_page(
    request: Request, session, caller, event_id: int, error: str | None = None, status: int = 200
) -> Response:
    event = services.get(session, event_id, user=caller)
    found = scheduling.meetings(session, event_id, user=caller)
    summary = scheduling.summary(session, event_id, user=caller)
    everyone = registration.participants(session, event_id, user=caller)
    names = {p.id: p.person_name for p in everyone}
    run = summary["run"] or {}
    context = {
        "title": title_in(event, request_language(request)),
        "event": {"id": event.id, "status": event.status, "time_zone": event.time_zone},
        "summary": summary,
        "unscheduled": [
            u | {"from_name": names.get(u["from"], ""), "to_name": names.get(u["to"], "")}
            for u in run.get("unscheduled", [])
        ],
        "cancelled": [
            c | {"a_name": names.get(c["a"], ""), "b_name": names.get(c["b"], "")}
            for c in run.get("cancelled", [])
        ],
        "per_participant": sorted(
            (
                {"name": names.get(pid, str(pid)), "meetings": n}
                for pid, n in summary["per_participant"].items()
            ),
            key=lambda row: (-row["meetings"], row["name"]),
        ),
        "meetings": [
            {
                "id": m.id,
                "a": names.get(m.a_id, ""),
                "b": names.get(m.b_id, ""),
                "slot": m.slot,
                "table": m.table,
                "starts_at": m.starts_at,
                "local": scheduling.local_time(m, event.time_zone),
                "status": m.status,
            }
            for m in found
        ],
        "slots": [
            {"id": s.id, "label": f"{s.day} {s.start}–{s.end}"} for s in services.event_slots(event)
        ],
        "tables": list(event.tables or ()),
        "people": sorted(
            ({"id": p.id, "name": p.person_name} for p in everyone if p.status == "approved"),
            key=lambda p: (p["name"], p["id"]),
        ),
        "error": error,
    }
    return page(request, "event_schedule.html", context, status=status)


@router.get("/events/{event_id}/schedule", dependencies=[policy(Access.staff)])
def schedule_page(
    request: Request, event_id: Ref, session: DbSession, caller: SignedIn
) -> Response:
    return _schedule_page(request, session, caller, event_id)


@router.post("/events/{event_id}/schedule/run", dependencies=[policy(Access.staff)])
def run_schedule(event_id: Ref, session: DbSession, caller: SignedIn) -> Response:
    scheduling.run(session, event_id, user=caller)
    session.commit()
    return RedirectResponse(f"/events/{event_id}/schedule", status_code=303)


@router.post("/events/{event_id}/schedule/publish", dependencies=[policy(Access.staff)])
def publish_schedule(
    request: Request, event_id: Ref, session: DbSession, caller: SignedIn
) -> Response:
    try:
        scheduling.publish(session, event_id, user=caller)
    except BadInput as exc:
        session.rollback()
        return _schedule_page(request, session, caller, event_id, str(exc), 400)
    session.commit()
    prints(request).after_publish(event_id, request_language(request))
    return RedirectResponse(f"/events/{event_id}/schedule", status_code=303)


def _edited(request, session, caller, event_id: int, edit) -> Response:
    try:
        edit()
    except BadInput as exc:
        session.rollback()
        return _schedule_page(request, session, caller, event_id, str(exc), 400)
    session.commit()
    return RedirectResponse(f"/events/{event_id}/schedule#meetings", status_code=303)


@router.post("/events/{event_id}/schedule/meetings", dependencies=[policy(Access.staff)])
def add_meeting(
    request: Request,
    event_id: Ref,
    session: DbSession,
    caller: SignedIn,
    a_id: Text = "",
    b_id: Text = "",
    slot: Text = "",
    table: Text = "",
) -> Response:
    def edit() -> Any:
        a, b = chosen(a_id, "a_id", "a participant"), chosen(b_id, "b_id", "a participant")
        return draft_edits.add(session, event_id, a, b, slot=slot, table=table, user=caller)

    return _edited(request, session, caller, event_id, edit)


@router.post(
    "/events/{event_id}/schedule/meetings/{meeting_id}/move", dependencies=[policy(Access.staff)]
)
def move_meeting(
    request: Request,
    event_id: Ref,
    meeting_id: Ref,
    session: DbSession,
    caller: SignedIn,
    slot: Text = "",
    table: Text = "",
) -> Response:
    def edit() -> Any:
        return draft_edits.move(session, event_id, meeting_id, slot=slot, table=table, user=caller)

    return _edited(request, session, caller, event_id, edit)


@router.post(
    "/events/{event_id}/schedule/meetings/{meeting_id}/cancel",
    dependencies=[policy(Access.staff)],
)
def cancel_meeting(
    request: Request, event_id: Ref, meeting_id: Ref, session: DbSession, caller: SignedIn
) -> Response:
    def edit() -> Any:
        return draft_edits.cancel(session, event_id, meeting_id, user=caller)

    return _edited(request, session, caller, event_id, edit)
