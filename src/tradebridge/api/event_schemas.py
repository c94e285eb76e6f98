"""The events API's request and response bodies (pydantic models) and the functions that
turn stored rows into them; the routes are in ``api/events.py``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any, Generic, Literal, TypeVar

from fastapi import Path, Query
from pydantic import BaseModel, ConfigDict, Field

from tradebridge.api.responses import error_body
from tradebridge.api.routes import ERROR_SCHEMA
from tradebridge.events import registration
from tradebridge.events.batches import Batch
from tradebridge.events.models import Event, EventParticipant, Meeting, MeetingRequest
from tradebridge.events.record import EventRecord
from tradebridge.events.registration import Entry, ParticipantRecord
from tradebridge.events.slots import Session

T = TypeVar("T")
Id = Annotated[int, Field(ge=1, le=2**31 - 1)]
Ref = Annotated[int, Path(ge=1, le=2**31 - 1)]
CONFLICT = {
    409: {
        "description": "Not in this state: an illegal status move",
        "content": {
            "application/json": {
                "schema": ERROR_SCHEMA,
                "example": error_body("cannot move from draft to closed: …", "status", None),
            }
        },
    }
}
Count = Annotated[int, Field(ge=0, le=1_000_000)]
STRICT = ConfigDict(extra="forbid")
Kind = Literal[
    "business_forum", "outbound_mission", "inbound_mission", "exhibition", "council_session"
]
Status = Literal[
    "draft", "registration_open", "requests_open", "scheduling", "published", "live", "closed"
]
Priority = Literal["must", "should", "could"]
Line = Annotated[str, Field(max_length=300)]


class SessionIn(BaseModel):
    model_config = STRICT
    id: Id | None = Field(None, description="a stored session's id (keeps it); none: a new one")
    day: date
    start: Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]
    end: Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]
    name: Line = ""


class EventIn(BaseModel):
    model_config = STRICT
    kind: Kind
    title_en: Line = ""
    title_az: Line = ""
    title_ru: Line = ""
    starts_on: date
    ends_on: date
    time_zone: Annotated[str, Field(max_length=64, description="IANA zone, e.g. Asia/Baku")]
    city: Line = ""
    country: Annotated[str, Field(min_length=3, max_length=3)]
    organiser: Line = ""
    partner_countries: Annotated[
        list[Annotated[str, Field(max_length=3)]], Field(max_length=300)
    ] = []
    sectors: Annotated[list[Annotated[str, Field(max_length=64)]], Field(max_length=100)] = []
    capacity: Count | None = None
    tables: Annotated[list[Annotated[str, Field(max_length=20)]], Field(max_length=10_000)] = []
    meeting_minutes: Count = 20
    pause_minutes: Count = 5
    sessions: Annotated[list[SessionIn], Field(max_length=100)] = []
    auto_accept: bool = False
    request_cap: Count | None = None
    requests_expire_on: date | None = None

    def record(self) -> EventRecord:
        return EventRecord(
            **self.model_dump(exclude={"sessions", "partner_countries", "sectors", "tables"}),
            partner_countries=tuple(c.upper() for c in self.partner_countries),
            sectors=tuple(self.sectors),
            tables=tuple(self.tables),
            sessions=tuple(
                Session("" if s.id is None else str(s.id), s.day, s.start, s.end, s.name)
                for s in self.sessions
            ),
        )


class SessionOut(BaseModel):
    id: int
    day: date
    start: str
    end: str
    name: str


class EventOut(BaseModel):
    id: int
    kind: Kind
    status: Status
    title_en: str
    title_az: str
    title_ru: str
    starts_on: date
    ends_on: date
    time_zone: str
    city: str
    country: str
    organiser: str
    partner_countries: list[str]
    sectors: list[str]
    capacity: int | None
    tables: list[str]
    meeting_minutes: int
    pause_minutes: int
    auto_accept: bool
    request_cap: int | None
    requests_expire_on: date | None
    sessions: list[SessionOut]


class SlotOut(BaseModel):
    id: str
    session: int
    day: date
    start: str = Field(description="local time in the event's zone")
    end: str
    starts_at: datetime = Field(description="the same moment in UTC")


class Move(BaseModel):
    model_config = STRICT
    status: Status
    reason: Annotated[str, Field(max_length=1000)] = ""


class EntryIn(BaseModel):
    model_config = STRICT
    kind: Literal["offer", "request", "cooperation"]
    title: Line
    description: Annotated[str, Field(max_length=5000)] = ""
    hs_codes: Annotated[list[Annotated[str, Field(max_length=6)]], Field(max_length=50)] = []


class ParticipantIn(BaseModel):
    model_config = STRICT
    organisation_id: Id
    person_name: Annotated[str, Field(max_length=200)]
    email: Annotated[str, Field(max_length=254)]
    position: Annotated[str, Field(max_length=200)] = ""
    available_sessions: Annotated[list[Id], Field(max_length=100)] | None = None
    max_meetings: Count | None = None
    table: Annotated[str, Field(max_length=20)] | None = None
    entries: Annotated[list[EntryIn], Field(max_length=20)] = []

    def record(self) -> ParticipantRecord:
        return ParticipantRecord(
            organisation_id=self.organisation_id,
            person_name=self.person_name,
            email=self.email,
            position=self.position,
            available_sessions=None
            if self.available_sessions is None
            else tuple(self.available_sessions),
            max_meetings=self.max_meetings,
            table=self.table,
            entries=tuple(
                Entry(e.kind, e.title, e.description, tuple(e.hs_codes)) for e in self.entries
            ),
        )


ParticipantBatch = Annotated[list[ParticipantIn], Field(min_length=1, max_length=1000)]


class EntryOut(BaseModel):
    kind: str
    title: str
    description: str
    hs_codes: list[str]


class ParticipantOut(BaseModel):
    id: int
    event_id: Ref
    organisation_id: int
    organisation: str
    country: str
    person_name: str
    position: str
    status: Literal["pending", "approved", "declined", "withdrawn"]
    available_sessions: list[int] | None
    max_meetings: int | None
    table: str | None
    entries: list[EntryOut]


class Decision(BaseModel):
    model_config = STRICT
    decision: Literal["approved", "declined"]
    note: Annotated[str, Field(max_length=5000)] = ""


class DecisionIn(Decision):
    participant_id: Id


DecisionBatch = Annotated[list[DecisionIn], Field(min_length=1, max_length=1000)]


class RequestIn(BaseModel):
    model_config = STRICT
    from_id: Id
    to_id: Id
    message: Annotated[str, Field(max_length=2000)] = ""
    priority: Priority = "should"


RequestBatch = Annotated[list[RequestIn], Field(min_length=1, max_length=1000)]


class RequestOut(BaseModel):
    id: int
    event_id: Ref
    from_id: int
    to_id: int
    message: str
    priority: Priority
    status: Literal["pending", "accepted", "declined", "withdrawn", "expired"]
    answer: str
    created_at: datetime
    answered_at: datetime | None


SkipInvalid = Annotated[
    bool,
    Query(description="store the items that pass and list the refused ones (default: all or none)"),
]


class RefusalOut(BaseModel):
    number: int = Field(description="the item's place in the batch, from 1")
    field: str | None
    reason: str


class BatchOut(BaseModel, Generic[T]):
    stored: list[T] = Field(description="what was stored, in the order of the items")
    refused: list[RefusalOut] = Field(description="the items refused (only with skip_invalid)")


def batch_out(batch: Batch[Any], out: Callable[[Any], T]) -> BatchOut[T]:
    return BatchOut[T](
        stored=[out(x) for x in batch.stored],
        refused=[
            RefusalOut(number=r.number, field=r.field, reason=r.reason) for r in batch.refused
        ],
    )


class Answer(BaseModel):
    model_config = STRICT
    decision: Literal["accepted", "declined"]
    note: Annotated[str, Field(max_length=2000)] = ""


class PairIn(BaseModel):
    model_config = STRICT
    a: Id
    b: Id
    reason: Annotated[str, Field(max_length=1000)] = ""


class PairOut(BaseModel):
    id: int
    a: int
    b: int
    reason: str


class RunIn(BaseModel):
    model_config = STRICT
    time_limit: Annotated[float, Field(gt=0, le=600)] = 10.0
    seed: Annotated[int, Field(ge=0, le=2**31 - 1)] = 1


class MeetingOut(BaseModel):
    id: int
    a: int
    b: int
    slot: str
    table: str
    starts_at: datetime
    ends_at: datetime
    status: Literal["draft", "published"]


class ScheduleOut(BaseModel):
    status: Status
    run: dict | None = Field(
        description="the last run: when, statistics, requests left out with the reason, "
        "published meetings cancelled (a participant no longer approved)"
    )
    meetings: list[MeetingOut]


def event_out(event: Event) -> EventOut:
    return EventOut(
        **{k: getattr(event, k) for k in EventOut.model_fields if k != "sessions"},
        sessions=[
            SessionOut(id=s.id, day=s.day, start=s.starts, end=s.ends, name=s.name)
            for s in event.sessions
        ],
    )


def participant_out(p: EventParticipant) -> ParticipantOut:
    return ParticipantOut(
        id=p.id,
        event_id=p.event_id,
        organisation_id=p.organisation_id,
        organisation=registration.organisation_name(p.organisation),
        country=p.organisation.country,
        person_name=p.person_name,
        position=p.position,
        status=p.status,
        available_sessions=p.available_sessions,
        max_meetings=p.max_meetings,
        table=p.table,
        entries=[
            EntryOut(kind=e.kind, title=e.title, description=e.description, hs_codes=e.hs_codes)
            for e in p.entries
        ],
    )


def request_out(r: MeetingRequest) -> RequestOut:
    return RequestOut.model_validate(r, from_attributes=True)


def meeting_out(m: Meeting) -> MeetingOut:
    return MeetingOut(
        id=m.id, a=m.a_id, b=m.b_id, slot=m.slot, table=m.table,
        starts_at=m.starts_at, ends_at=m.ends_at, status=m.status,
    )  # fmt: skip
