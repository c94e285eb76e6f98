"""Suggested counterparts over the app database and the warehouse: the inputs of
``events.counterparts.rank`` gathered for one participant of an event.

The participant's company (or staff and viewers) asks; the candidates are the event's other
approved participants of other organisations, not kept apart from them and with no request
between them yet. Products come from the registry (offered; sought, or a buyer's offered when
it declares nothing sought, as matching reads them) and from the event's marketplace (offers;
requests). The registry's match is ``matching.scoring.suggest`` for the participant's
organisation (with the warehouse's market evidence when there is one); the untapped potential
is ``analytics.mutual`` by product for the event's country with each partner country, kept per
warehouse state.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from tradebridge.errors import BadInput, NotFound
from tradebridge.events import services
from tradebridge.events.counterparts import TOP, Counterpart, RegistryMatch, Side, rank
from tradebridge.events.models import BlockedPair, EventParticipant, MeetingRequest

_UNTAPPED: OrderedDict[tuple[Any, ...], dict[str, float]] = OrderedDict()
KEEP = 8


@dataclass(frozen=True)
class Suggestions:
    """The ranking for ``participant``, the candidates' rows by id, and where the numbers
    came from (``pairs``: the event's ordered country pairs that had trade data)."""

    participant: EventParticipant
    ranked: list[Counterpart]
    people: dict[int, EventParticipant]
    pairs: list[tuple[str, str]] = field(default_factory=list)
    year: int | None = None
    source: str | None = None
    synthetic: bool = False


def _codes(p: EventParticipant, kind: str) -> set[str]:
    return {code for e in p.entries if e.kind == kind for code in e.hs_codes}


def _side(p: EventParticipant, profile: Any) -> Side:
    offered, sought = set(_codes(p, "offer")), set(_codes(p, "request"))
    if profile is not None:
        sought |= profile.sought or (profile.offered if profile.kind == "buyer" else set())
        if profile.kind != "buyer":
            offered |= profile.offered
    return Side(
        p.id, p.organisation_id, p.organisation.country, frozenset(offered), frozenset(sought)
    )


def _matches(found: list[Any], org_id: int, workspace: Any) -> dict[int, RegistryMatch]:
    from tradebridge.matching.scoring import suggest
    from tradebridge.matching.suggestions import evidence_for, index_for

    index = index_for(found)
    if org_id not in index.row_of:
        return {}
    ranked = suggest(index, org_id, top=len(index), evidence=evidence_for(workspace))
    return {s.profile.id: RegistryMatch(s.score, s.components) for s in ranked}


def untapped_by_product(workspace: Any, a: str, b: str) -> dict[tuple[str, str], dict[str, float]]:
    """``{(a, b): {product: U_ab}, (b, a): {product: U_ba}}`` from the mutual analysis by
    product (the warehouse's default year), kept per warehouse state."""
    wh = workspace.warehouse
    parts = tuple((y, p.checksum) for y, p in sorted(wh.partitions().items()))
    key = (str(wh.path.resolve()), parts, a, b)
    if key not in _UNTAPPED:
        rows = workspace.mutual(a, b, by="product")
        _UNTAPPED[key] = {
            "ab": dict(zip(rows["product"], rows["ab_untapped_usd"].astype(float), strict=True)),
            "ba": dict(zip(rows["product"], rows["ba_untapped_usd"].astype(float), strict=True)),
            "meta": rows.attrs.get("meta", {}),
        }
        while len(_UNTAPPED) > KEEP:
            _UNTAPPED.popitem(last=False)
    found = _UNTAPPED[key]
    return {(a, b): found["ab"], (b, a): found["ba"]}, found["meta"]


def _candidates(session: Session, p: EventParticipant) -> list[EventParticipant]:
    taken = set()
    for low, high in session.execute(
        select(BlockedPair.low_id, BlockedPair.high_id).where(
            BlockedPair.event_id == p.event_id,
            or_(BlockedPair.low_id == p.id, BlockedPair.high_id == p.id),
        )
    ):
        taken.add(high if low == p.id else low)
    for a, b in session.execute(
        select(MeetingRequest.from_id, MeetingRequest.to_id).where(
            or_(MeetingRequest.from_id == p.id, MeetingRequest.to_id == p.id)
        )
    ):
        taken.add(b if a == p.id else a)
    query = (
        select(EventParticipant)
        .where(
            EventParticipant.event_id == p.event_id,
            EventParticipant.status == "approved",
            EventParticipant.organisation_id != p.organisation_id,
        )
        .options(
            selectinload(EventParticipant.entries), selectinload(EventParticipant.organisation)
        )
        .order_by(EventParticipant.id)
    )
    return [c for c in session.scalars(query) if c.id not in taken]


def suggested(
    session: Session,
    participant_id: int,
    *,
    user: Any = None,
    workspace: Any = None,
    top: int = TOP,
) -> Suggestions:
    """The ``top`` counterparts suggested to participant ``participant_id`` (a company for
    its own people; staff and viewers for anyone), see ``events.counterparts``."""
    from tradebridge.events.registration import get_participant
    from tradebridge.registry.services import profiles

    if not 1 <= top <= 100:
        raise BadInput(f"top must be between 1 and 100, got {top}", field="top")
    p = get_participant(session, participant_id, user=user)
    if not (user is None or services.role_of(user) in services.READER_ROLES):
        if getattr(user, "organisation_id", None) != p.organisation_id:
            raise NotFound(f"no suggestions for participant #{p.id}", field="participant")
    if p.status != "approved":
        raise BadInput(
            f"{p.person_name} is not an approved participant: no suggestions yet",
            field="participant",
        )
    event = p.event
    found = profiles(session)
    by_org = {f.id: f for f in found}
    candidates = _candidates(session, p)
    untapped: dict[tuple[str, str], dict[str, float]] = {}
    pairs, meta = [], {}
    has_data = workspace is not None and bool(workspace.warehouse.partitions())
    for partner in event.partner_countries or ():
        if not has_data or partner == event.country:
            continue
        try:
            both, meta = untapped_by_product(workspace, event.country, partner)
        except BadInput:  # a country the warehouse does not hold: no evidence for that pair
            continue
        untapped |= both
        pairs += list(both)
    ranked = rank(
        _side(p, by_org.get(p.organisation_id)),
        [_side(c, by_org.get(c.organisation_id)) for c in candidates],
        _matches(found, p.organisation_id, workspace if has_data else None),
        untapped,
        top=top,
    )
    return Suggestions(
        participant=p,
        ranked=ranked,
        people={c.id: c for c in candidates},
        pairs=pairs,
        year=meta.get("year"),
        source=meta.get("source"),
        synthetic=bool(meta.get("synthetic")),
    )
