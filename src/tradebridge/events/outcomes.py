"""What came of an event: each side's outcome of a held meeting, the staff's mission results per
participating organisation, and the leads, deals and MoUs of both (``leads`` lists them with
organisation, product and value: the one function reports and investment projects start from).

Every function takes a session and plain arguments, enforces the rules and leaves the commit to
the caller (changes are audited by the session). The rules:

- outcomes are recorded once the schedule is published, while the event is live and after it
  closes; only for a published meeting marked held; by staff or the side's own organisation
  (each side records its own: interest none, low or high, the next step, a note, and at most one
  lead, deal or MoU, whose counterpart is the other side's organisation);
- mission results (contacts made, a note, and any number of leads, deals and MoUs of one
  participating organisation) are recorded by staff while the event is live or closed;
- a deal needs its value in US$, its HS6 product and the date it is expected; a lead or an MoU
  may carry them; a lead keeps its id while it is edited;
- an outcome with some interest or a lead, and a mission result with contacts or leads, gets two
  follow-ups (``events.follow_ups``); an outcome changed to no interest and no lead drops its
  open follow-ups;
- a company sees only its own organisation's outcomes, mission results and leads; staff and
  viewers see all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tradebridge.errors import BadInput, Forbidden, InvalidRecord, NotFound
from tradebridge.events import follow_ups
from tradebridge.events import services as events
from tradebridge.events.day import get_meeting
from tradebridge.events.models import Event
from tradebridge.events.outcome_models import Lead, MissionResult, Outcome
from tradebridge.events.registration import organisation_name
from tradebridge.events.status import shown
from tradebridge.events.vocabulary import INTEREST, LEAD_KINDS
from tradebridge.field_checks import Problem, hs6_codes, text_problems
from tradebridge.registry.models import Organisation

OUTCOME_STATUSES = ("published", "live", "closed")
MISSION_STATUSES = ("live", "closed")
MAX_TEXT = 5000
MAX_VALUE = Decimal("1e15")


@dataclass(frozen=True)
class LeadRecord:
    """A lead, deal or MoU as plain values (``product``: an HS6 code; ``value_usd`` in US$)."""

    kind: str
    product: str | None = None
    value_usd: Decimal | None = None
    expected_on: date | None = None
    description: str = ""
    counterpart_id: int | None = None
    counterpart_name: str = ""

    def problems(self) -> list[Problem]:
        """Every rule broken, as ``(field, reason)``.

        >>> LeadRecord("deal", product="080510").problems()[0]
        ('value_usd', 'a deal needs its value in US$')
        >>> LeadRecord("lead").problems()
        []
        """
        return list(_lead_problems(self))


def _lead_problems(r: LeadRecord) -> Iterable[Problem]:
    if r.kind not in LEAD_KINDS:
        yield "kind", f"unknown kind {r.kind!r}; valid: {', '.join(LEAD_KINDS)}"
    if r.kind == "deal":
        if r.value_usd is None:
            yield "value_usd", "a deal needs its value in US$"
        if r.product is None:
            yield "product", "a deal needs its HS6 product"
        if r.expected_on is None:
            yield "expected_on", "a deal needs the date it is expected"
    if r.value_usd is not None and not Decimal(0) <= r.value_usd < MAX_VALUE:
        yield "value_usd", f"{r.value_usd} US$ is not a value between 0 and 10^15"
    if r.product is not None and r.product not in hs6_codes():
        yield "product", f"not an HS6 code: {r.product!r}"
    yield from text_problems("description", r.description, MAX_TEXT)
    yield from text_problems("counterpart_name", r.counterpart_name, 300)


@dataclass(frozen=True)
class OutcomeRecord:
    """One side's outcome of a meeting (``interest``: none, low or high)."""

    interest: str
    next_step: str = ""
    note: str = ""
    lead: LeadRecord | None = None

    def problems(self) -> list[Problem]:
        """Every rule broken, as ``(field, reason)``."""
        found = []
        if self.interest not in INTEREST:
            found.append(
                ("interest", f"unknown interest {self.interest!r}; valid: none, low, high")
            )
        for name in ("next_step", "note"):
            found += text_problems(name, getattr(self, name), MAX_TEXT)
        if self.lead is not None:
            found += self.lead.problems()
        return found


def _valid(problems: list[Problem]) -> None:
    if problems:
        raise InvalidRecord(problems)


def _when(event: Event, allowed: tuple[str, ...], action: str) -> None:
    if event.status not in allowed:
        raise BadInput(
            f"the event is {shown(event.status)}: {action} once it is "
            f"{', '.join(shown(s) for s in allowed)}",
            field="status",
        )


def _set_lead(lead: Lead, record: LeadRecord) -> None:
    lead.kind = record.kind
    lead.product = record.product
    lead.value_usd = record.value_usd
    lead.expected_on = record.expected_on
    lead.description = record.description.strip()
    lead.counterpart_name = record.counterpart_name.strip()


def record_outcome(
    session: Session,
    meeting_id: int,
    participant_id: int,
    record: OutcomeRecord,
    *,
    user: Any = None,
    today: date | None = None,
) -> Outcome:
    """Record (or change) participant ``participant_id``'s outcome of a held meeting."""
    from tradebridge.accounts.policy import may_act_for

    m = get_meeting(session, meeting_id, user=user)
    if participant_id not in (m.a_id, m.b_id):
        raise BadInput(f"participant #{participant_id} is not in meeting #{m.id}", field="side")
    side, other = (m.a, m.b) if m.a_id == participant_id else (m.b, m.a)
    if user is not None and not may_act_for(user, side.organisation_id):
        raise Forbidden(f"only {side.person_name}'s organisation or staff record this outcome")
    _when(side.event, OUTCOME_STATUSES, "outcomes are recorded")
    if m.attendance != "held":
        raise BadInput(f"meeting #{m.id} is not marked held", field="meeting")
    _valid(record.problems())
    outcome = session.scalar(
        select(Outcome).where(Outcome.meeting_id == m.id, Outcome.participant_id == side.id)
    ) or Outcome(
        event_id=side.event_id,
        meeting_id=m.id,
        participant_id=side.id,
        organisation_id=side.organisation_id,
    )
    outcome.interest = record.interest
    outcome.next_step = record.next_step.strip()
    outcome.note = record.note.strip()
    session.add(outcome)
    if record.lead is None:
        for lead in outcome.leads:
            session.delete(lead)  # as objects, so that the audit log sees them
    else:
        lead = outcome.leads[0] if outcome.leads else Lead(
            event_id=side.event_id, organisation_id=side.organisation_id
        )  # fmt: skip
        _set_lead(lead, record.lead)
        lead.counterpart_id = other.organisation_id
        lead.counterpart_name = lead.counterpart_name or organisation_name(other.organisation)
        outcome.leads = [lead]
    session.flush()
    session.expire(outcome, ["leads"])
    follow_ups.plan(
        session, outcome, wanted=record.interest != "none" or bool(outcome.leads), today=today
    )
    return outcome


def _may_see(user: Any, organisation_id: int) -> bool:
    if user is None or events.role_of(user) in events.READER_ROLES:
        return True
    return getattr(user, "organisation_id", None) == organisation_id


def outcomes(
    session: Session, event_id: int, *, user: Any = None, meeting_id: int | None = None
) -> list[Outcome]:
    """The event's meeting outcomes ``user`` may see (a company: its own), by meeting."""
    events.get(session, event_id, user=user)
    query = select(Outcome).where(Outcome.event_id == event_id)
    if meeting_id is not None:
        query = query.where(Outcome.meeting_id == meeting_id)
    query = query.options(selectinload(Outcome.leads)).order_by(Outcome.meeting_id, Outcome.id)
    return [o for o in session.scalars(query) if _may_see(user, o.organisation_id)]


@dataclass(frozen=True)
class MissionRecord:
    """The staff's record of one organisation at an event: contacts made and a note."""

    organisation_id: int
    contacts: int = 0
    note: str = ""


def record_mission_result(
    session: Session,
    event_id: int,
    record: MissionRecord,
    *,
    lead: LeadRecord | None = None,
    user: Any = None,
    today: date | None = None,
) -> MissionResult:
    """Record (or change) an organisation's mission result (staff only); ``lead`` adds one
    more lead, deal or MoU to it."""
    events.require_staff(user, "record mission results")
    event = events.get(session, event_id, user=user)
    _when(event, MISSION_STATUSES, "mission results are recorded")
    problems = [] if lead is None else lead.problems()
    if not 0 <= record.contacts <= 100_000:
        problems.insert(0, ("contacts", f"{record.contacts} is not between 0 and 100000"))
    if len(record.note) > MAX_TEXT:
        problems.insert(0, ("note", f"too long (at most {MAX_TEXT} characters)"))
    _valid(problems)
    organisation = session.get(Organisation, record.organisation_id)
    if organisation is None:
        raise BadInput(
            f"no registered organisation #{record.organisation_id}", field="organisation_id"
        )
    result = session.scalar(
        select(MissionResult).where(
            MissionResult.event_id == event.id,
            MissionResult.organisation_id == organisation.id,
        )
    ) or MissionResult(event_id=event.id, organisation_id=organisation.id)
    result.contacts, result.note = record.contacts, record.note.strip()
    session.add(result)
    if lead is not None:
        row = Lead(event_id=event.id, organisation_id=organisation.id)
        _set_lead(row, lead)
        row.counterpart_id = lead.counterpart_id
        result.leads.append(row)
    session.flush()
    follow_ups.plan(session, result, wanted=result.contacts > 0 or bool(result.leads), today=today)
    return result


def mission_results(session: Session, event_id: int, *, user: Any = None) -> list[MissionResult]:
    """The event's mission results ``user`` may see (a company: its own)."""
    events.get(session, event_id, user=user)
    query = (
        select(MissionResult)
        .where(MissionResult.event_id == event_id)
        .options(selectinload(MissionResult.leads), selectinload(MissionResult.organisation))
        .order_by(MissionResult.id)
    )
    return [r for r in session.scalars(query) if _may_see(user, r.organisation_id)]


def remove_lead(session: Session, lead_id: int, *, user: Any = None) -> None:
    """Delete a mission result's lead (staff only; a meeting outcome's lead goes with its
    outcome's form)."""
    events.require_staff(user, "remove leads")
    lead = session.get(Lead, lead_id)
    if lead is None or lead.mission_result_id is None:
        raise NotFound(f"no mission lead #{lead_id}", field="lead")
    _when(lead.event, MISSION_STATUSES, "mission results are changed")
    session.delete(lead)
    session.flush()


@dataclass(frozen=True)
class LeadView:
    """A lead, deal or MoU with what reports need: the event, the organisation whose it is,
    the counterpart, the product (HS6), the value in US$ and the expected date; ``meeting_id``
    when it came of a meeting (``source`` ``meeting``), else of a mission result
    (``mission``)."""

    id: int
    event_id: int
    event_title: str
    event_kind: str
    event_country: str
    event_ends_on: date
    organisation_id: int
    organisation: str
    organisation_country: str
    counterpart_id: int | None
    counterpart: str
    counterpart_country: str | None
    kind: str
    product: str | None
    value_usd: Decimal | None
    expected_on: date | None
    description: str
    source: str
    meeting_id: int | None
    synthetic: bool


def lead_view(lead: Lead) -> LeadView:
    e, o, c = lead.event, lead.organisation, lead.counterpart
    return LeadView(
        id=lead.id,
        event_id=e.id,
        event_title=e.title_en or e.title_az or e.title_ru,
        event_kind=e.kind,
        event_country=e.country,
        event_ends_on=e.ends_on,
        organisation_id=o.id,
        organisation=organisation_name(o),
        organisation_country=o.country,
        counterpart_id=lead.counterpart_id,
        counterpart=lead.counterpart_name or (organisation_name(c) if c else ""),
        counterpart_country=c.country if c else None,
        kind=lead.kind,
        product=lead.product,
        value_usd=lead.value_usd,
        expected_on=lead.expected_on,
        description=lead.description,
        source="meeting" if lead.outcome_id is not None else "mission",
        meeting_id=lead.outcome.meeting_id if lead.outcome is not None else None,
        synthetic=bool(e.synthetic),
    )


def leads(
    session: Session,
    *,
    event_id: int | None = None,
    kind: str | None = None,
    user: Any = None,
) -> list[LeadView]:
    """The leads, deals and MoUs ``user`` may see (a company: its own organisation's), of one
    event or of all, of one kind or all, in the order they were recorded."""
    if kind is not None and kind not in LEAD_KINDS:
        raise BadInput(f"unknown kind {kind!r}; valid: {', '.join(LEAD_KINDS)}", field="kind")
    query = select(Lead).options(
        selectinload(Lead.event),
        selectinload(Lead.organisation),
        selectinload(Lead.counterpart),
        selectinload(Lead.outcome),
    )
    if event_id is not None:
        events.get(session, event_id, user=user)
        query = query.where(Lead.event_id == event_id)
    if kind is not None:
        query = query.where(Lead.kind == kind)
    found = session.scalars(query.order_by(Lead.id))
    return [
        lead_view(x)
        for x in found
        if _may_see(user, x.organisation_id) and events.may_read(user, x.event)
    ]


def get_lead(session: Session, lead_id: int, *, user: Any = None) -> LeadView:
    """One lead by its id, if ``user`` may see it (``NotFound`` otherwise)."""
    lead = session.get(Lead, lead_id)
    if lead is None or not _may_see(user, lead.organisation_id):
        raise NotFound(f"no lead #{lead_id}", field="lead")
    return lead_view(lead)
