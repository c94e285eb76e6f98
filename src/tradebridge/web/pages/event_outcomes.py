"""What came of an event, in pages: its outcomes, leads, deals and MoUs and mission results
(a company: its own), one side's outcome form for a held meeting, the staff's mission-result
form, and the follow-ups (a page of them all, and the section of the staff's home page).

``/events/{id}/outcomes`` for any signed-in user; the outcome form for either side's
organisation and staff; mission results and follow-ups done for staff; ``/follow-ups`` for
staff and viewers."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from tradebridge.accounts.policy import Access
from tradebridge.errors import BadInput
from tradebridge.events import day, follow_ups, outcomes, services
from tradebridge.events.follow_ups import FollowUpView
from tradebridge.events.outcomes import LeadView, MissionRecord
from tradebridge.events.registration import organisation_name
from tradebridge.events.services import title_in
from tradebridge.events.vocabulary import INTEREST, INTEREST_LABELS, LEAD_KIND_LABELS, LEAD_KINDS
from tradebridge.i18n import gettext as _
from tradebridge.web.auth import DbSession, SignedIn, policy
from tradebridge.web.form_values import whole
from tradebridge.web.pages.events_form import lead_record, outcome_record
from tradebridge.web.templating import page, request_language

router = APIRouter()
Text = Annotated[str, Form()]
Ref = Annotated[int, Path(ge=1, le=2**31 - 1)]


def lead_row(x: LeadView) -> dict[str, Any]:
    return {
        "id": x.id,
        "kind": x.kind,
        "kind_label": _(LEAD_KIND_LABELS[x.kind]),
        "organisation": x.organisation,
        "counterpart": x.counterpart,
        "product": x.product,
        "value_usd": None if x.value_usd is None else float(x.value_usd),
        "expected_on": x.expected_on.isoformat() if x.expected_on else None,
        "description": x.description,
        "source": x.source,
        "meeting_id": x.meeting_id,
    }


def follow_up_row(f: FollowUpView) -> dict[str, Any]:
    return {
        "id": f.id,
        "event_id": f.event_id,
        "event": f.event_title,
        "organisation": f.organisation,
        "after_days": f.after_days,
        "due_on": f.due_on.isoformat(),
        "overdue": f.overdue,
        "done": f.done,
        "note": f.note,
    }


def _choices() -> dict[str, Any]:
    return {
        "interests": [{"id": k, "label": _(INTEREST_LABELS[k])} for k in INTEREST],
        "lead_kinds": [{"id": k, "label": _(LEAD_KIND_LABELS[k])} for k in LEAD_KINDS],
    }


def _outcomes_page(request, session, caller, event_id, error=None, status=200) -> Response:
    event = services.get(session, event_id, user=caller)
    staff = services.is_staff(caller)
    sides = {}
    for o in outcomes.outcomes(session, event_id, user=caller):
        sides.setdefault(o.meeting_id, []).append(
            {
                "person": o.participant.person_name,
                "organisation": organisation_name(o.organisation),
                "interest": _(INTEREST_LABELS[o.interest]),
                "next_step": o.next_step,
            }
        )
    organisations = {}
    if staff:
        from tradebridge.events.registration import Filters, participants

        for p in participants(session, event_id, Filters(status="approved"), user=caller):
            organisations[p.organisation_id] = organisation_name(p.organisation)
    context = {
        "title": title_in(event, request_language(request)),
        "event": {"id": event.id, "status": event.status},
        "outcomes": [{"meeting_id": k, "sides": v} for k, v in sides.items()],
        "leads": [lead_row(x) for x in outcomes.leads(session, event_id=event_id, user=caller)],
        "missions": [
            {
                "organisation": organisation_name(r.organisation),
                "contacts": r.contacts,
                "note": r.note,
                "leads": len(r.leads),
            }
            for r in outcomes.mission_results(session, event_id, user=caller)
        ],
        "organisations": [
            {"id": k, "name": v} for k, v in sorted(organisations.items(), key=lambda kv: kv[1])
        ],
        "follow_ups": [
            follow_up_row(f)
            for f in follow_ups.follow_ups_of(session, user=caller, event_id=event_id)
        ]
        if caller.role != "company"
        else [],
        "staff": staff,
        "mission_open": event.status in outcomes.MISSION_STATUSES,
        "error": error,
    } | _choices()
    return page(request, "event_outcomes.html", context, status=status)


@router.get("/events/{event_id}/outcomes", dependencies=[policy(Access.signed_in)])
@router.get("/events/{event_id}/outcomes.json", dependencies=[policy(Access.signed_in)])
def outcomes_page(
    request: Request, event_id: Ref, session: DbSession, caller: SignedIn
) -> Response:
    return _outcomes_page(request, session, caller, event_id)


def _side_of(session, caller, event_id: int, meeting_id: int, side: str):
    m = day.get_meeting(session, meeting_id, user=caller)
    if m.event_id != event_id:
        raise BadInput(f"meeting #{meeting_id} is not of event #{event_id}", field="meeting")
    number = whole(side, "side")
    if number not in (m.a_id, m.b_id):
        raise BadInput(f"participant #{side} is not in meeting #{meeting_id}", field="side")
    return m, (m.a, m.b) if m.a_id == number else (m.b, m.a)


def _form_page(
    request, session, caller, event_id, meeting_id, side, values, error=None, status=200
):
    m, (own, other) = _side_of(session, caller, event_id, meeting_id, side)
    context = {
        "title": _("Outcome of the meeting"),
        "event": {"id": event_id, "title": title_in(m.a.event, request_language(request))},
        "meeting": {"id": m.id, "slot": m.slot, "table": m.table, "held": m.attendance == "held"},
        "side": {"id": own.id, "name": own.person_name,
                 "organisation": organisation_name(own.organisation)},
        "other": {"name": other.person_name, "organisation": organisation_name(other.organisation)},
        "values": values,
        "error": error,
        "data_twin": False,
    } | _choices()  # fmt: skip
    return page(request, "event_outcome_form.html", context, status=status)


FORM_FIELDS = ("interest", "next_step", "note", "lead_kind", "product", "value_usd",
               "expected_on", "description")  # fmt: skip


@router.get(
    "/events/{event_id}/meetings/{meeting_id}/outcome", dependencies=[policy(Access.company)]
)
def outcome_form(
    request: Request,
    event_id: Ref,
    meeting_id: Ref,
    session: DbSession,
    caller: SignedIn,
    side: str = "",
) -> Response:
    values = dict.fromkeys(FORM_FIELDS, "") | {"interest": "low"}
    number = whole(side, "side")
    for o in outcomes.outcomes(session, event_id, user=caller, meeting_id=meeting_id):
        if o.participant_id == number:
            values |= {"interest": o.interest, "next_step": o.next_step, "note": o.note}
            for x in o.leads:
                values |= {
                    "lead_kind": x.kind,
                    "product": x.product or "",
                    "value_usd": "" if x.value_usd is None else str(x.value_usd),
                    "expected_on": x.expected_on.isoformat() if x.expected_on else "",
                    "description": x.description,
                }
    return _form_page(request, session, caller, event_id, meeting_id, side, values)


@router.post(
    "/events/{event_id}/meetings/{meeting_id}/outcome", dependencies=[policy(Access.company)]
)
async def record_outcome(
    request: Request, event_id: Ref, meeting_id: Ref, session: DbSession, caller: SignedIn
) -> Response:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    side = form.get("side", "")
    try:
        _, (own, _other) = _side_of(session, caller, event_id, meeting_id, side)
        outcomes.record_outcome(session, meeting_id, own.id, outcome_record(form), user=caller)
    except BadInput as exc:
        session.rollback()
        values = {name: form.get(name, "") for name in FORM_FIELDS}
        return _form_page(
            request, session, caller, event_id, meeting_id, side, values, str(exc), 400
        )
    session.commit()
    return RedirectResponse(f"/events/{event_id}/outcomes", status_code=303)


@router.post("/events/{event_id}/mission-results", dependencies=[policy(Access.staff)])
async def record_mission(
    request: Request, event_id: Ref, session: DbSession, caller: SignedIn
) -> Response:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    try:
        organisation = whole(form.get("organisation_id", ""), "organisation_id")
        if organisation is None:
            raise BadInput("choose an organisation", field="organisation_id")
        record = MissionRecord(
            organisation, whole(form.get("contacts", ""), "contacts") or 0, form.get("note", "")
        )
        outcomes.record_mission_result(
            session, event_id, record, lead=lead_record(form), user=caller
        )
    except BadInput as exc:
        session.rollback()
        return _outcomes_page(request, session, caller, event_id, str(exc), 400)
    session.commit()
    return RedirectResponse(f"/events/{event_id}/outcomes", status_code=303)


@router.post("/events/{event_id}/leads/{lead_id}/delete", dependencies=[policy(Access.staff)])
def remove_lead(event_id: Ref, lead_id: Ref, session: DbSession, caller: SignedIn) -> Response:
    if outcomes.get_lead(session, lead_id, user=caller).event_id != event_id:
        raise BadInput(f"lead #{lead_id} is not of event #{event_id}", field="lead")
    outcomes.remove_lead(session, lead_id, user=caller)
    session.commit()
    return RedirectResponse(f"/events/{event_id}/outcomes", status_code=303)


@router.get("/follow-ups", dependencies=[policy(Access.viewer)])
@router.get("/follow-ups.json", dependencies=[policy(Access.viewer)])
def follow_ups_page(
    request: Request, session: DbSession, caller: SignedIn, show: str = "open"
) -> Response:
    found = follow_ups.follow_ups_of(session, user=caller, open_only=show != "all")
    context = {
        "title": _("Follow-ups"),
        "follow_ups": [follow_up_row(f) for f in found],
        "show": show,
        "staff": services.is_staff(caller),
    }
    return page(request, "follow_ups.html", context)


@router.post("/follow-ups/{follow_up_id}/done", dependencies=[policy(Access.staff)])
def follow_up_done(
    follow_up_id: Ref,
    session: DbSession,
    caller: SignedIn,
    note: Text = "",
    undo: Text = "",
    back: Text = "",
) -> Response:
    follow_ups.mark_done(session, follow_up_id, note=note, undo=undo == "on", user=caller)
    session.commit()
    return RedirectResponse("/" if back == "home" else "/follow-ups", status_code=303)


HOME_FOLLOW_UPS = 8


def follow_ups_due(request: Request, caller: Any) -> dict[str, Any]:
    """The staff home page's "Follow-ups due": the first ``HOME_FOLLOW_UPS`` of
    ``follow_ups.due`` (overdue first) and how many are due in all."""
    with request.app.state.tradebridge.database().session() as session:
        due = follow_ups.due(session, user=caller)
        return {"rows": [follow_up_row(f) for f in due[:HOME_FOLLOW_UPS]], "total": len(due)}
