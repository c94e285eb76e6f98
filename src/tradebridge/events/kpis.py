"""What the events achieved, computed from plain rows (``events.kpi_facts`` reads them from the
database): one pass over the rows, no database, no HTTP.

Counts, for a set of events:

- **events**, and **events held** (status live or closed);
- **participants**: approved participants (declined, withdrawn and pending ones are left out),
  also by the country and by the sector of their organisation (a company of two sectors counts
  in each);
- **requested**: meeting requests sent and not withdrawn by their sender; **accepted**: those
  accepted (by the other side, or at once when the event accepts automatically);
- **scheduled**: meetings of the published schedule (walk-in meetings added on the day
  included); the drafts of a run not yet published are not scheduled;
- **held** and **no-shows**: meetings marked so on the day;
- **leads**, **deals** and their US$ value, **MoUs**: the outcomes recorded after the meetings
  (a result both sides of a meeting record counts once: ``once_per_meeting``).

Rates (``None`` when the denominator is 0):

- acceptance rate = accepted / requested;
- placement rate = scheduled / accepted (above 1 when staff add meetings nobody requested);
- show rate = held / scheduled;
- lead rate = leads / held; deal rate = deals / held.

Groups: by event; by **market**, the event's partner countries (its host country when it names
none; an event with two partner countries counts in both, so these rows can add up to more than
the total); by **sector**, the event's sectors (likewise; ``""`` for an event that names none);
by **year** the event starts in.

>>> from datetime import date
>>> forum = EventFacts(1, "AZ-RU forum", "business_forum", "closed", date(2025, 5, 20), "AZE",
...                    ("RUS",), ("food",))
>>> asks = [RequestFacts(1, "accepted"), RequestFacts(1, "accepted"), RequestFacts(1, "declined"),
...         RequestFacts(1, "withdrawn")]
>>> met = [MeetingFacts(1, True, "held"), MeetingFacts(1, True, "no_show")]
>>> k = kpi_report([forum], [], asks, met, []).total
>>> k.requested, k.accepted, round(k.acceptance_rate, 4), k.scheduled, k.held, k.show_rate
(3, 2, 0.6667, 2, 1, 0.5)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

HELD_EVENT_STATUSES = ("live", "closed")
FUNNEL = ("requested", "accepted", "scheduled", "held", "leads", "deals")
RESULT_KINDS = ("lead", "deal", "mou")
ZERO = Decimal(0)


@dataclass(frozen=True)
class EventFacts:
    """What the KPIs read of one event."""

    id: int
    title: str
    kind: str
    status: str
    starts_on: date
    country: str
    partners: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    synthetic: bool = False

    @property
    def markets(self) -> tuple[str, ...]:
        """The partner countries, or the host country when none is named."""
        return self.partners or (self.country,)

    @property
    def held(self) -> bool:
        return self.status in HELD_EVENT_STATUSES


@dataclass(frozen=True)
class ParticipantFacts:
    """An approved participant: the country and sectors of its organisation."""

    event_id: int
    country: str
    sectors: tuple[str, ...] = ()


@dataclass(frozen=True)
class RequestFacts:
    """A meeting request and its status (pending, accepted, declined, withdrawn, expired)."""

    event_id: int
    status: str


@dataclass(frozen=True)
class MeetingFacts:
    """A meeting: whether it is in the published schedule, and what happened on the day
    (``held``, ``no_show``, ``cancelled`` or ``None`` while not recorded)."""

    event_id: int
    published: bool
    outcome: str | None = None


@dataclass(frozen=True)
class ResultFacts:
    """A result of an event: a ``lead``, a ``deal`` (with its US$ value) or an ``mou``; from the
    outcome one ``side`` (an organisation) recorded of a ``meeting``, or from a mission result
    (no meeting)."""

    event_id: int
    kind: str
    usd: Decimal | None = None
    meeting: int | None = None
    side: int | None = None
    product: str | None = None


def once_per_meeting(results: Iterable[ResultFacts]) -> list[ResultFacts]:
    """Both sides of a meeting may record the same result: a result of the same kind and product
    at the same meeting counts once, as many times as the side that recorded it most often, with
    the lower of the two sides' US$ totals (a value one party did not confirm is not claimed).

    >>> buyer = ResultFacts(1, "deal", Decimal(900), meeting=7, side=10, product="080510")
    >>> seller = ResultFacts(1, "deal", Decimal(1000), meeting=7, side=20, product="080510")
    >>> [(x.kind, x.usd, x.meeting) for x in once_per_meeting([buyer, seller])]
    [('deal', Decimal('900'), 7)]
    """
    kept: list[ResultFacts] = []
    shared: dict[tuple, dict[int | None, list[ResultFacts]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for x in results:
        if x.meeting is None:
            kept.append(x)
        else:
            shared[(x.event_id, x.meeting, x.kind, x.product)][x.side].append(x)
    for (event, meeting, kind, product), sides in shared.items():
        totals = [
            sum((x.usd for x in side if x.usd is not None), ZERO)
            for side in sides.values()
            if any(x.usd is not None for x in side)
        ]
        usd = min(totals) if totals else None
        for i in range(max(len(side) for side in sides.values())):
            kept.append(ResultFacts(event, kind, usd if i == 0 else None, meeting, None, product))
    return kept


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class Kpis:
    """The counts of one group of events and the rates that follow from them."""

    key: str
    events: int = 0
    events_held: int = 0
    participants: int = 0
    requested: int = 0
    accepted: int = 0
    scheduled: int = 0
    held: int = 0
    no_shows: int = 0
    leads: int = 0
    deals: int = 0
    deal_usd: Decimal = ZERO
    mous: int = 0

    @property
    def acceptance_rate(self) -> float | None:
        return _rate(self.accepted, self.requested)

    @property
    def placement_rate(self) -> float | None:
        return _rate(self.scheduled, self.accepted)

    @property
    def show_rate(self) -> float | None:
        return _rate(self.held, self.scheduled)

    @property
    def lead_rate(self) -> float | None:
        return _rate(self.leads, self.held)

    @property
    def deal_rate(self) -> float | None:
        return _rate(self.deals, self.held)

    def funnel(self) -> list[tuple[str, int]]:
        """The steps requested → accepted → scheduled → held → leads → deals."""
        return [(step, getattr(self, step)) for step in FUNNEL]


COUNTS = ("events", "events_held", "participants", "requested", "accepted", "scheduled",
          "held", "no_shows", "leads", "deals", "mous")  # fmt: skip
RATES = ("acceptance_rate", "placement_rate", "show_rate", "lead_rate", "deal_rate")


@dataclass(frozen=True)
class Count:
    """Participants of one country or sector, and the events they came to."""

    key: str
    participants: int
    events: int


@dataclass
class KpiReport:
    """See the module's docstring; ``events`` are the events counted, by id."""

    total: Kpis
    by_event: list[Kpis]
    by_market: list[Kpis]
    by_sector: list[Kpis]
    by_year: list[Kpis]
    participants_by_country: list[Count]
    participants_by_sector: list[Count]
    events: dict[int, EventFacts] = field(default_factory=dict)

    @property
    def synthetic(self) -> bool:
        """Whether any event counted is synthetic (the demo's)."""
        return any(e.synthetic for e in self.events.values())


class _Sums:
    """Running counts of one group."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = dict.fromkeys(COUNTS, 0)
        self.usd = ZERO

    def kpis(self, key: str) -> Kpis:
        return Kpis(key, deal_usd=self.usd, **self.counts)


def _event_counts(
    events: Sequence[EventFacts],
    participants: Iterable[ParticipantFacts],
    requests: Iterable[RequestFacts],
    meetings: Iterable[MeetingFacts],
    results: Iterable[ResultFacts],
) -> dict[int, _Sums]:
    sums = {e.id: _Sums() for e in events}
    for e in events:
        sums[e.id].counts["events"] = 1
        sums[e.id].counts["events_held"] = int(e.held)
    for p in participants:
        if p.event_id in sums:
            sums[p.event_id].counts["participants"] += 1
    for r in requests:
        if r.event_id in sums and r.status != "withdrawn":
            counts = sums[r.event_id].counts
            counts["requested"] += 1
            counts["accepted"] += r.status == "accepted"
    for m in meetings:
        if m.event_id in sums and m.published:
            counts = sums[m.event_id].counts
            counts["scheduled"] += 1
            counts["held"] += m.outcome == "held"
            counts["no_shows"] += m.outcome == "no_show"
    for x in once_per_meeting(results):
        if x.event_id in sums and x.kind in RESULT_KINDS:
            one = sums[x.event_id]
            one.counts[{"lead": "leads", "deal": "deals", "mou": "mous"}[x.kind]] += 1
            if x.kind == "deal":
                one.usd += x.usd or ZERO
    return sums


def _grouped(
    events: Sequence[EventFacts],
    sums: dict[int, _Sums],
    keys: Callable[[EventFacts], Iterable[str]],
) -> list[Kpis]:
    groups: dict[str, _Sums] = defaultdict(_Sums)
    for e in events:
        for key in dict.fromkeys(keys(e)):
            into = groups[key]
            for name, value in sums[e.id].counts.items():
                into.counts[name] += value
            into.usd += sums[e.id].usd
    rows = [g.kpis(key) for key, g in groups.items()]
    return sorted(rows, key=lambda k: (-k.events, -k.held, -k.deal_usd, k.key))


def _people(
    events: dict[int, EventFacts],
    participants: Iterable[ParticipantFacts],
    keys: Callable[[ParticipantFacts], Iterable[str]],
) -> list[Count]:
    people: dict[str, int] = defaultdict(int)
    seen: dict[str, set[int]] = defaultdict(set)
    for p in participants:
        if p.event_id in events:
            for key in dict.fromkeys(keys(p)):
                people[key] += 1
                seen[key].add(p.event_id)
    rows = [Count(key, n, len(seen[key])) for key, n in people.items()]
    return sorted(rows, key=lambda c: (-c.participants, c.key))


def kpi_report(
    events: Sequence[EventFacts],
    participants: Sequence[ParticipantFacts],
    requests: Iterable[RequestFacts],
    meetings: Iterable[MeetingFacts],
    results: Iterable[ResultFacts],
) -> KpiReport:
    """The KPIs of ``events`` (rows of other events are ignored)."""
    sums = _event_counts(events, participants, requests, meetings, results)
    [total] = _grouped(events, sums, lambda e: ("",)) or [Kpis("")]
    by_id = {e.id: e for e in events}
    return KpiReport(
        total=total,
        by_event=[sums[e.id].kpis(str(e.id)) for e in sorted(events, key=_newest_first)],
        by_market=_grouped(events, sums, lambda e: e.markets),
        by_sector=_grouped(events, sums, lambda e: e.sectors or ("",)),
        by_year=sorted(
            _grouped(events, sums, lambda e: (str(e.starts_on.year),)), key=lambda k: k.key
        ),
        participants_by_country=_people(by_id, participants, lambda p: (p.country,)),
        participants_by_sector=_people(by_id, participants, lambda p: p.sectors or ("",)),
        events=by_id,
    )


def _newest_first(e: EventFacts) -> tuple[int, int]:
    return (-e.starts_on.toordinal(), e.id)


@dataclass(frozen=True)
class MarketRow:
    """One market beside the other view: its rank by untapped export potential (``None`` when
    it is not ranked at all), whether that rank is in the top ``n`` shown, and what the events
    held there achieved."""

    market: str
    potential_rank: int | None
    untapped_usd: float | None
    in_top: bool
    events_held: int
    held: int
    deals: int
    deal_usd: Decimal

    @property
    def gap(self) -> str:
        """``potential_only`` (a top market where no event was held), ``events_only`` (events
        held in a market outside the top), or ``both``."""
        if self.events_held == 0:
            return "potential_only"
        return "both" if self.in_top else "events_only"


def markets_beside(
    by_market: Sequence[Kpis], untapped: Sequence[tuple[str, float]], top: int = 20
) -> list[MarketRow]:
    """The ``top`` markets by untapped export potential (``untapped``: every ranked market and
    its US$, largest first) beside every market where an event was held: first the top
    markets in their order, then the other markets with events held, most events first.

    >>> rows = markets_beside([Kpis("KAZ", events=1, events_held=1, held=12)],
    ...                       [("RUS", 9e8), ("CHN", 4e8), ("KAZ", 1e8)], top=2)
    >>> [(r.market, r.potential_rank, r.events_held, r.gap) for r in rows]
    [('RUS', 1, 0, 'potential_only'), ('CHN', 2, 0, 'potential_only'), ('KAZ', 3, 1, 'events_only')]
    """
    held = {k.key: k for k in by_market if k.events_held}
    rank = {market: (n, usd) for n, (market, usd) in enumerate(untapped, start=1)}
    chosen = [market for market, _ in untapped[:top]]
    chosen += sorted(
        (m for m in held if m not in chosen),
        key=lambda m: (-held[m].events_held, -held[m].held, m),
    )
    rows = []
    for market in chosen:
        k = held.get(market) or Kpis(market)
        n, usd = rank.get(market, (None, None))
        in_top = n is not None and n <= top
        rows.append(MarketRow(market, n, usd, in_top, k.events_held, k.held, k.deals, k.deal_usd))
    return rows
