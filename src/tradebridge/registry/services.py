"""Organisations: the one set of functions the CLI, the REST API and the web pages call.

Every function takes a session and plain arguments, enforces the rules and leaves the commit to
the caller; changes to ``organisations`` are audited by the session (``db.audit``: the caller
names the actor, e.g. ``db.transaction(actor=user)``). The rules:

- staff and admins create, edit and archive any organisation; a company user reads and edits
  only its own (``accounts.policy.ensure_own_organisation``) and cannot change what the agency
  decides (status, brand membership, responsible staff, ref, synthetic flag); viewers read;
- every record passes ``OrganisationRecord.problems()`` (``InvalidRecord`` lists them);
- a new name close to one of the same country's (``registry.duplicates``) stops the save with
  ``LikelyDuplicates`` until the caller confirms;
- the derived tables (filter facets, search text) are rewritten with every change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tradebridge.accounts.roles import READER_ROLES, STAFF_ROLES, is_staff, require_staff, role_of
from tradebridge.errors import BadInput, Forbidden, NotFound
from tradebridge.registry.duplicates import similar
from tradebridge.registry.models import Organisation
from tradebridge.registry.record import OrganisationRecord, ensure_valid, record_values
from tradebridge.registry.rows import chunks, record_of, reindex

AGENCY_FIELDS = ("status", "brand", "brand_since", "responsible_id", "ref", "synthetic")


class LikelyDuplicates(BadInput):
    """The organisation looks like one already in the registry (HTTP 409); ``matches`` are
    ``(id, score, name)``. Saving again with the confirmation stores it anyway."""

    http_status = 409

    def __init__(self, matches: list[tuple[int, float, str]]) -> None:
        self.matches = matches
        shown = "; ".join(f"{name!r} (#{ident}, {score:.0f}%)" for ident, score, name in matches)
        super().__init__(f"likely duplicate of {shown}; confirm to save anyway", field="name_en")


def ensure_may_read(user: Any, organisation_id: int) -> None:
    """Viewers, staff and admins read every organisation; a company user only its own."""
    from tradebridge.accounts.policy import ensure_own_organisation

    if user is None or role_of(user) in READER_ROLES:
        return
    ensure_own_organisation(user, organisation_id)


def ensure_may_edit(user: Any, organisation_id: int) -> None:
    """Staff and admins edit every organisation; a company user only its own."""
    from tradebridge.accounts.policy import ensure_own_organisation

    if user is not None:
        ensure_own_organisation(user, organisation_id)


def likely_duplicates(
    session: Session, record: OrganisationRecord, exclude: int | None = None
) -> list[tuple[int, float, str]]:
    """Organisations of the record's country whose name is close to one of its names."""
    names = select(
        Organisation.id, Organisation.name_en, Organisation.name_az, Organisation.name_ru
    ).where(Organisation.country == record.country)
    if exclude is not None:
        names = names.where(Organisation.id != exclude)
    rows = session.execute(names).all()
    return similar(((row[0], row[1:]) for row in rows), record.names())


def _check_unique_ref(session: Session, record: OrganisationRecord, exclude: int | None) -> None:
    if record.ref is None:
        return
    holder = session.scalar(select(Organisation.id).where(Organisation.ref == record.ref))
    if holder is not None and holder != exclude:
        raise BadInput(f"{record.ref!r} is already the ref of organisation #{holder}", field="ref")


def _check_responsible(session: Session, record: OrganisationRecord) -> None:
    from tradebridge.accounts.models import User

    if record.responsible_id is None:
        return
    user = session.get(User, record.responsible_id)
    if user is None or str(user.role) not in STAFF_ROLES or user.disabled:
        raise BadInput(
            f"user #{record.responsible_id} is not an active staff member", field="responsible_id"
        )


def _save(
    session: Session,
    org: Organisation,
    record: OrganisationRecord,
    confirm_duplicates: bool,
    exclude: int | None,
) -> Organisation:
    ensure_valid(record)
    _check_unique_ref(session, record, exclude)
    _check_responsible(session, record)
    if not confirm_duplicates:
        matches = likely_duplicates(session, record, exclude)
        if matches:
            raise LikelyDuplicates(matches)
    for key, value in record_values(record).items():
        setattr(org, key, value)
    session.add(org)
    session.flush()
    reindex(session, [(org.id, record)], new=exclude is None)
    return org


def create(
    session: Session,
    record: OrganisationRecord,
    *,
    user: Any = None,
    confirm_duplicates: bool = False,
) -> Organisation:
    """Store a new organisation (staff only)."""
    require_staff(user, "create organisations")
    return _save(session, Organisation(), record, confirm_duplicates, None)


def get(session: Session, organisation_id: int, *, user: Any = None) -> Organisation:
    """One organisation, if ``user`` may read it; ``NotFound`` when there is none."""
    ensure_may_read(user, organisation_id)
    org = session.get(Organisation, organisation_id)
    if org is None:
        raise NotFound(f"no organisation #{organisation_id}", field="id")
    return org


def edit(
    session: Session,
    organisation_id: int,
    record: OrganisationRecord,
    *,
    user: Any = None,
    confirm_duplicates: bool = False,
) -> Organisation:
    """Replace an organisation's record. A company user (its own organisation only) cannot
    change the fields the agency decides (``AGENCY_FIELDS``)."""
    ensure_may_edit(user, organisation_id)
    org = get(session, organisation_id, user=user)
    before = record_of(org)
    if not is_staff(user):
        changed = [f for f in AGENCY_FIELDS if getattr(record, f) != getattr(before, f)]
        if changed:
            raise Forbidden(f"only staff may change {', '.join(changed)}", field=changed[0])
    if record.names() == before.names() and record.country == before.country:
        confirm_duplicates = True  # nothing new to compare
    return _save(session, org, record, confirm_duplicates, organisation_id)


def refs_held(session: Session, refs: set[str]) -> set[str]:
    """Which of ``refs`` the registry already holds."""
    held: set[str] = set()
    ordered = sorted(refs)
    for chunk in chunks(ordered):
        held.update(session.scalars(select(Organisation.ref).where(Organisation.ref.in_(chunk))))
    return held


def store_new(session: Session, records: Sequence[OrganisationRecord]) -> list[int]:
    """Store many valid new records at once (an import: refs already checked, no duplicate
    warning), each insert audited (``db.audit.insert_many``); their ids."""
    from tradebridge.db.audit import insert_many
    from tradebridge.registry.search import full_text

    ids = insert_many(session, Organisation, [record_values(record) for record in records])
    if not ids:
        return ids
    connection = session.connection()
    with full_text(connection.dialect.name).bulk(connection, min(ids)):
        reindex(session, list(zip(ids, records, strict=True)), new=True)
    return ids


def archive(session: Session, organisation_id: int, *, user: Any = None) -> Organisation:
    """Set an organisation's status to archived (staff only); it leaves the lists and the
    catalogue but stays in the registry and its history."""
    require_staff(user, "archive organisations")
    org = get(session, organisation_id, user=user)
    if org.status != "archived":
        org.status = "archived"
        session.flush()
    return org


def profiles(
    session: Session,
    ids: Iterable[int] | None = None,
    *,
    kinds: Iterable[str] | None = None,
    include_archived: bool = False,
) -> list[Any]:
    """The organisations as ``matching.profiles.OrganisationProfile`` (plain data for the
    matching engine): all of them, or those of ``ids`` / of ``kinds``; archived ones only
    when asked. ``description`` joins the three descriptions and the product words."""
    from tradebridge.matching.profiles import OrganisationProfile

    o = Organisation
    stmt = select(
        o.id, o.kind, o.country, o.sectors, o.products_offered, o.products_sought,
        o.certifications, o.certifications_required, o.current_markets, o.target_markets,
        o.description_en, o.description_az, o.description_ru,
        o.name_en, o.name_az, o.name_ru, o.synthetic,
    ).order_by(o.id)  # fmt: skip
    if ids is not None:
        wanted = list(ids)
        stmt = stmt.where(o.id.in_(wanted)) if len(wanted) <= 10_000 else stmt
    if kinds is not None:
        stmt = stmt.where(o.kind.in_(list(kinds)))
    if not include_archived:
        stmt = stmt.where(o.status != "archived")
    found = []
    keep = set(wanted) if ids is not None else None
    for row in session.execute(stmt):
        if keep is not None and row.id not in keep:
            continue
        offered = [p["code"] for p in row.products_offered or ()]
        sought = [p["code"] for p in row.products_sought or ()]
        words = [
            p.get("description", "")
            for p in (row.products_offered or []) + (row.products_sought or [])
        ]
        texts = [row.description_en, row.description_az, row.description_ru, *words]
        found.append(
            OrganisationProfile(
                id=row.id,
                kind=row.kind,
                country=row.country,
                sectors=frozenset(row.sectors or ()),
                offered=frozenset(offered),
                sought=frozenset(sought),
                certifications=frozenset(row.certifications or ()),
                certifications_required=frozenset(row.certifications_required or ()),
                current_markets=frozenset(row.current_markets or ()),
                target_markets=frozenset(row.target_markets or ()),
                description=" ".join(t for t in texts if t),
                name=row.name_en or row.name_az or row.name_ru,
                synthetic=bool(row.synthetic),
            )
        )
    return found
