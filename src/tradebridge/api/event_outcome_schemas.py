"""The bodies of the day's and the outcomes' API (``api/event_outcomes.py``) and the functions
turning stored rows into them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from tradebridge.events.follow_ups import FollowUpView
from tradebridge.events.models import EventParticipant, Meeting
from tradebridge.events.outcome_models import MissionResult, Outcome
from tradebridge.events.outcomes import LeadRecord, LeadView
from tradebridge.events.registration import organisation_name

STRICT = ConfigDict(extra="forbid")
Id = Annotated[int, Field(ge=1, le=2**31 - 1)]
Text = Annotated[str, Field(max_length=5000)]
Attendance = Literal["held", "no_show", "cancelled"]
Interest = Literal["none", "low", "high"]
LeadKind = Literal["lead", "deal", "mou"]
Usd = Annotated[Decimal, Field(ge=0, lt=10**15, decimal_places=2, description="US$")]


class CheckIn(BaseModel):
    model_config = STRICT
    undo: bool = False


class Mark(BaseModel):
    model_config = STRICT
    attendance: Attendance


class WalkIn(BaseModel):
    model_config = STRICT
    a: Id
    b: Id
    slot: Annotated[str, Field(max_length=40, description="a slot id, e.g. 12.3")]
    table: Annotated[str, Field(max_length=20)] | None = Field(
        None, description="a free table (none: a fixed table of either side, else the first free)"
    )


class LeadIn(BaseModel):
    model_config = STRICT
    kind: LeadKind
    product: Annotated[str, Field(pattern=r"^\d{6}$")] | None = Field(None, description="HS6")
    value_usd: Usd | None = None
    expected_on: date | None = None
    description: Text = ""
    counterpart_name: Annotated[str, Field(max_length=300)] = ""

    def record(self, counterpart_id: int | None = None) -> LeadRecord:
        return LeadRecord(
            kind=self.kind,
            product=self.product,
            value_usd=self.value_usd,
            expected_on=self.expected_on,
            description=self.description,
            counterpart_id=counterpart_id,
            counterpart_name=self.counterpart_name,
        )


class OutcomeIn(BaseModel):
    model_config = STRICT
    interest: Interest
    next_step: Text = ""
    note: Text = ""
    lead: LeadIn | None = Field(None, description="a lead, deal or MoU that came of it")


class MissionIn(BaseModel):
    model_config = STRICT
    organisation_id: Id
    contacts: Annotated[int, Field(ge=0, le=100_000)] = 0
    note: Text = ""
    lead: LeadIn | None = Field(None, description="one more lead, deal or MoU")
    counterpart_id: Id | None = None


class Done(BaseModel):
    model_config = STRICT
    note: Annotated[str, Field(max_length=2000)] = ""
    undo: bool = False


class DayMeetingOut(BaseModel):
    id: int
    a: int
    b: int
    slot: str
    table: str
    starts_at: datetime
    ends_at: datetime
    attendance: Attendance | None
    walk_in: bool


class CheckedInOut(BaseModel):
    id: int
    person_name: str
    organisation: str
    checked_in_at: datetime | None


class DayOut(BaseModel):
    status: str
    counts: dict[str, int]
    meetings: list[DayMeetingOut]
    participants: list[CheckedInOut]


class LeadOut(BaseModel):
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
    kind: LeadKind
    product: str | None
    value_usd: Decimal | None
    expected_on: date | None
    description: str
    source: Literal["meeting", "mission"]
    meeting_id: int | None
    synthetic: bool


class OutcomeOut(BaseModel):
    id: int
    meeting_id: int
    participant_id: int
    organisation_id: int
    interest: Interest
    next_step: str
    note: str
    lead_ids: list[int]


class MissionOut(BaseModel):
    id: int
    organisation_id: int
    organisation: str
    contacts: int
    note: str
    lead_ids: list[int]


class FollowUpOut(BaseModel):
    id: int
    event_id: int
    event_title: str
    organisation_id: int
    organisation: str
    after_days: int
    due_on: date
    overdue: bool
    done: bool
    note: str
    source: Literal["meeting", "mission"]
    meeting_id: int | None


def day_meeting_out(m: Meeting) -> DayMeetingOut:
    return DayMeetingOut(
        id=m.id, a=m.a_id, b=m.b_id, slot=m.slot, table=m.table, starts_at=m.starts_at,
        ends_at=m.ends_at, attendance=m.attendance, walk_in=bool(m.walk_in),
    )  # fmt: skip


def checked_in_out(p: EventParticipant) -> CheckedInOut:
    return CheckedInOut(
        id=p.id,
        person_name=p.person_name,
        organisation=organisation_name(p.organisation),
        checked_in_at=p.checked_in_at,
    )


def lead_out(view: LeadView) -> LeadOut:
    return LeadOut(**vars(view))


def outcome_out(o: Outcome) -> OutcomeOut:
    return OutcomeOut(
        id=o.id, meeting_id=o.meeting_id, participant_id=o.participant_id,
        organisation_id=o.organisation_id, interest=o.interest, next_step=o.next_step,
        note=o.note, lead_ids=[x.id for x in o.leads],
    )  # fmt: skip


def mission_out(r: MissionResult) -> MissionOut:
    return MissionOut(
        id=r.id, organisation_id=r.organisation_id, organisation=organisation_name(r.organisation),
        contacts=r.contacts, note=r.note, lead_ids=[x.id for x in r.leads],
    )  # fmt: skip


def follow_up_out(view: FollowUpView) -> FollowUpOut:
    return FollowUpOut(**vars(view))
