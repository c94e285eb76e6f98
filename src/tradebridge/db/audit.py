"""The audit log: every insert, update and delete of an auditable model, with who, when, what,
and the values before and after, written by the session itself.

The whole API::

    class Organisation(Auditable, Base): ...      # mark a model; ``__audit_redact__`` hides
                                                  # columns (a password hash), and changes
                                                  # to ``__audit_ignore__`` columns alone
                                                  # (a last-used time) are not recorded
    with db.transaction(actor=user) as session:   # or set_actor(session, user) on a session
        session.add(org)                          # → one ``audit_log`` row at flush
        insert_many(session, Organisation, rows)  # thousands of new rows (an import): two
                                                  # statements, one entry per row
        update_many(session, Meeting, changes)    # thousands of rows changed (a publication):
                                                  # a few statements, one entry per row
        delete_many(session, Meeting, ids)        # and removed (a schedule's old draft)

The actor is a ``User`` (its id and e-mail are recorded), a plain label (``"cli"``,
``"import"``), or ``None`` (recorded as ``"system"``); the web layer sets the signed-in user on
the request's session, the CLI sets ``"cli:<login>"``. Nobody writes audit rows by hand.

Each row: ``at`` (UTC), ``user_id`` and ``actor``, ``action`` (``insert``/``update``/``delete``),
``entity_type`` (the table name), ``entity_id`` (the primary key; several columns joined by
``,``), ``before`` and ``after`` as JSON objects: the whole row after an insert, the whole row
before a delete, and only the changed columns on both sides of an update. Redacted columns show
``"(redacted)"`` (and appear in an update only when they changed).

Limits, by design: only ORM unit-of-work changes (and ``insert_many``, ``update_many``,
``delete_many``) are seen; other bulk ``session.execute(update(...))`` statements and rows
removed by the database's own ``ON DELETE CASCADE`` are not audited, so services change
auditable records through objects or these functions (or audit children themselves).
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar

import orjson
from sqlalchemy import (
    JSON,
    CheckConstraint,
    Index,
    Integer,
    String,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.orm import Mapped, Mapper, Session, mapped_column

from tradebridge.db.base import Base, UtcDateTime, utcnow

ACTOR = "tradebridge.actor"
SYSTEM = "system"
REDACTED = "(redacted)"
ACTIONS = ("insert", "update", "delete")


class Auditable:
    """Mixin: every insert, update and delete of the model is written to ``audit_log``."""

    __audit_redact__: ClassVar[frozenset[str]] = frozenset()
    __audit_ignore__: ClassVar[frozenset[str]] = frozenset()


class AuditEntry(Base):
    """One change to one record (read by admins; written only by the session hook)."""

    __tablename__ = "audit_log"
    __table_args__ = (
        CheckConstraint("action IN ('insert', 'update', 'delete')", name="action"),
        Index("ix_audit_log_entity", "entity_type", "entity_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(Integer, index=True)
    actor: Mapped[str] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(8))
    entity_type: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(64))
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)


def set_actor(session: Session, actor: Any) -> None:
    """Record ``actor`` (a user object with ``id`` and ``email``, a label, or ``None``) as the
    author of the changes ``session`` flushes from now on."""
    if actor is None:
        session.info[ACTOR] = (None, SYSTEM)
    elif isinstance(actor, str):
        session.info[ACTOR] = (None, actor)
    else:
        session.info[ACTOR] = (actor.id, actor.email)


_SCALARS = (str, int, float, bool, type(None))
_JSON_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME


def _json_default(value: Any) -> Any:
    """JSON for the column values JSON lacks: times in ISO 8601, decimals as text, enums by
    value, bytes in hex, sets sorted."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} is not a column value the audit log can show")


def _plain(value: Any) -> Any:
    """A column value (or a row of them) as JSON.

    >>> _plain({"since": date(2024, 3, 1), "codes": {"080510", "080310"}, 1: Decimal("2.50")})
    {'since': '2024-03-01', 'codes': ['080310', '080510'], '1': '2.50'}
    """
    if type(value) in _SCALARS:
        return value
    return orjson.loads(orjson.dumps(value, default=_json_default, option=_JSON_OPTIONS))


@functools.cache
def _columns(model: type) -> tuple[str, ...]:
    return tuple(prop.key for prop in inspect(model).column_attrs)


def _shown(model: type, key: str, value: Any) -> Any:
    return REDACTED if key in model.__audit_redact__ and value is not None else _plain(value)


def _row(model: type, values: dict[str, Any]) -> dict[str, Any]:
    """The audited picture of a whole row: every column, JSON, redacted columns hidden."""
    return orjson.loads(_row_json(model, values))


def _row_json(model: type, values: dict[str, Any]) -> bytes:
    """``_row`` as JSON text (what the audit log stores)."""
    row = {key: values.get(key) for key in _columns(model)}
    for key in model.__audit_redact__:
        if row.get(key) is not None:
            row[key] = REDACTED
    return orjson.dumps(row, default=_json_default, option=_JSON_OPTIONS)


def _entity_id(obj: Auditable) -> str:
    identity = inspect(obj).identity or inspect(type(obj)).primary_key_from_instance(obj)
    return ",".join(str(part) for part in identity)


def _changes(obj: Auditable) -> tuple[dict[str, Any], dict[str, Any]]:
    state = inspect(obj)
    before, after = {}, {}
    for key in _columns(type(obj)):
        if key in obj.__audit_ignore__:
            continue
        history = state.attrs[key].history
        if not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if old == new and history.deleted:
            continue
        before[key] = _shown(type(obj), key, old)
        after[key] = _shown(type(obj), key, new)
    return before, after


class AuditedSession(Session):
    """The session class of ``db.open_database``: its flushes write the audit log."""


@event.listens_for(AuditedSession, "before_flush")
def _load_deleted(session: Session, _context: Any, _instances: Any) -> None:
    """Load every column of the auditable objects about to be deleted (they may be expired),
    so that their ``before`` can be written after the flush."""
    for obj in session.deleted:
        if isinstance(obj, Auditable):
            session.info.setdefault("tradebridge.deleted", {})[id(obj)] = {
                key: getattr(obj, key) for key in _columns(type(obj))
            }


def _entry_maker(session: Session) -> Callable[[str, str, str, Any, Any], dict[str, Any]]:
    """A maker of audit rows ``(action, entity_type, entity_id, before, after)``, each stamped
    with the session's actor and one time: one maker per flush or bulk write."""
    user_id, actor = session.info.get(ACTOR, (None, SYSTEM))
    now = utcnow()

    def entry(action: str, entity_type: str, entity_id: str, before: Any, after: Any) -> dict:
        return {"at": now, "user_id": user_id, "actor": actor, "action": action,
                "entity_type": entity_type, "entity_id": entity_id,
                "before": before, "after": after}  # fmt: skip

    return entry


@event.listens_for(AuditedSession, "after_flush")
def _write_audit(session: Session, _context: Any) -> None:
    deleted = session.info.pop("tradebridge.deleted", {})
    entry = _entry_maker(session)
    rows = []

    def add(obj: Auditable, action: str, before: Any, after: Any) -> None:
        rows.append(entry(action, type(obj).__table__.name, _entity_id(obj), before, after))

    for obj in session.new:
        if isinstance(obj, Auditable):
            values = {k: getattr(obj, k) for k in _columns(type(obj))}
            add(obj, "insert", None, _row(type(obj), values))
    for obj in session.dirty:
        if isinstance(obj, Auditable) and obj not in session.deleted:
            before, after = _changes(obj)
            if before or after:
                add(obj, "update", before, after)
    for obj in session.deleted:
        if isinstance(obj, Auditable):
            values = deleted.get(id(obj)) or dict(inspect(obj).dict)
            add(obj, "delete", _row(type(obj), values), None)
    if rows:
        session.connection().execute(insert(AuditEntry.__table__), rows)


def _old_values_on_set(_target: Any, value: Any, _old: Any, _initiator: Any) -> Any:
    return value


@event.listens_for(Auditable, "mapper_configured", propagate=True)
def _keep_old_values(mapper: Mapper, cls: type) -> None:
    """Make every column of an auditable model load its old value before it is replaced, so
    that an update of an expired object still knows what it was."""
    for prop in mapper.column_attrs:
        event.listen(
            getattr(cls, prop.key), "set", _old_values_on_set, active_history=True, retval=True
        )


def _defaults(table: Any) -> dict[str, Any]:
    """The values an insert takes from the columns' Python defaults (the primary key's
    aside), worked out once: the rows of one bulk insert share them, as the rows of one SQL
    statement share its ``CURRENT_TIMESTAMP``."""
    found = {}
    for column in table.columns:
        if column.default is None or column.primary_key:
            continue
        default = column.default
        found[column.key] = default.arg(None) if default.is_callable else default.arg
    return found


def _filled(defaults: dict[str, Any], row: dict[str, Any]) -> dict[str, Any]:
    """``row`` with every column the insert would fill from its default (so that the audit
    entry shows what was stored)."""
    return {**defaults, **row}


def _insert_rows(session: Session, table: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` into ``table``; their new ids, in order.

    SQLite numbers a new row ``max(id) + 1``; it cannot say which id went to which row of a
    many-row statement, so SQLAlchemy would send one statement per row. The ids are given
    instead: those SQLite would choose. Should another connection insert in between, the
    primary key refuses the statement (the transaction fails, nothing is overwritten). Other
    databases number the rows by their sequence, many rows per statement.
    """
    if session.get_bind().dialect.name != "sqlite":
        statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return list(session.execute(statement, rows).scalars())
    from tradebridge.db.bulk import insert_values

    first = (session.scalar(select(func.max(table.c.id))) or 0) + 1
    ids = list(range(first, first + len(rows)))
    for ident, row in zip(ids, rows, strict=True):
        row["id"] = ident
    insert_values(session, table, rows)
    return ids


def _write_entries(session: Session, entries: list[dict[str, Any]]) -> None:
    if not entries:
        return
    if session.get_bind().dialect.name == "sqlite":
        from tradebridge.db.bulk import insert_values

        insert_values(session, AuditEntry.__table__, entries)
    else:
        session.execute(insert(AuditEntry.__table__), entries)


def insert_many(session: Session, model: type, rows: list[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` (column values) of an auditable ``model`` with an integer ``id`` in one
    statement, and their ``insert`` entries in another, as the flush hook would write them
    for objects: for imports of thousands of rows, where the unit of work is too slow. The
    new ids, in the order of ``rows``."""
    if not rows:
        return []
    table = model.__table__
    defaults = _defaults(table)
    full = [_filled(defaults, row) for row in rows]
    ids = _insert_rows(session, table, full)
    entry = _entry_maker(session)
    # written as it is: the column's serializer (orjson) takes a fragment verbatim
    entries = [
        entry("insert", table.name, str(ident), None,
              orjson.Fragment(_row_json(model, {**row, "id": ident})))
        for ident, row in zip(ids, full, strict=True)
    ]  # fmt: skip
    _write_entries(session, entries)
    return ids


def update_many(session: Session, model: type, changes: dict[int, dict[str, Any]]) -> int:
    """Set new column values on many rows of an auditable ``model`` (``changes``: id → the
    columns to set) with a few statements (rows given the same values share one ``UPDATE ...
    WHERE id IN (...)`` per 500 rows), and write their ``update`` entries in one more, as the
    flush hook would for objects: only the columns whose value changes, before and after
    (a row where nothing changes is neither updated nor recorded). Columns updated on every
    change (``updated_at``) are set too. Objects of these rows already in the session are
    expired, so that they read the new values. How many rows changed."""
    if not changes:
        return 0
    table = model.__table__
    keys = sorted({key for values in changes.values() for key in values})
    ids = sorted(changes)
    old: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        query = select(table.c.id, *(table.c[k] for k in keys)).where(table.c.id.in_(chunk))
        for row in session.execute(query):
            old[row[0]] = dict(zip(keys, row[1:], strict=True))
    ignored = model.__audit_ignore__
    stamp = {
        c.key: c.onupdate.arg(None) if c.onupdate.is_callable else c.onupdate.arg
        for c in table.columns
        if c.onupdate is not None and c.key not in keys
    }
    groups: dict[bytes, list[int]] = {}
    settings: dict[bytes, dict[str, Any]] = {}
    entry = _entry_maker(session)
    entries = []
    for ident in ids:
        if ident not in old:
            continue
        new = changes[ident]
        changed = [k for k in new if old[ident][k] != new[k]]
        if not changed:
            continue
        group = orjson.dumps(
            {k: new[k] for k in changed}, default=_json_default, option=_JSON_OPTIONS
        )
        groups.setdefault(group, []).append(ident)
        settings[group] = {**{k: new[k] for k in changed}, **stamp}
        shown = [k for k in changed if k not in ignored]
        if shown:
            before = {k: _shown(model, k, old[ident][k]) for k in shown}
            after = {k: _shown(model, k, new[k]) for k in shown}
            entries.append(entry("update", table.name, str(ident), before, after))
    for group, members in groups.items():
        for start in range(0, len(members), 500):
            chunk = members[start : start + 500]
            session.execute(update(table).where(table.c.id.in_(chunk)).values(**settings[group]))
    _write_entries(session, entries)
    changed_ids = {ident for members in groups.values() for ident in members}
    for obj in list(session.identity_map.values()):
        if isinstance(obj, model) and obj.id in changed_ids:
            session.expire(obj)
    return len(changed_ids)


def delete_many(session: Session, model: type, ids: list[int]) -> int:
    """Delete rows ``ids`` of an auditable ``model`` with a statement per 500 rows, and write
    their ``delete`` entries (the whole row before) in one more, as the flush hook would for
    objects. Objects of these rows in the session are removed from it. How many rows went.
    Rows of other tables removed by ``ON DELETE CASCADE`` are not recorded (as above)."""
    table = model.__table__
    before = []
    for start in range(0, len(ids), 500):
        query = select(table).where(table.c.id.in_(ids[start : start + 500]))
        before += [dict(row._mapping) for row in session.execute(query)]
    if not before:
        return 0
    entry = _entry_maker(session)
    entries = [
        entry("delete", table.name, str(row["id"]), orjson.Fragment(_row_json(model, row)), None)
        for row in before
    ]
    gone = [row["id"] for row in before]
    for start in range(0, len(gone), 500):
        session.execute(delete(table).where(table.c.id.in_(gone[start : start + 500])))
    _write_entries(session, entries)
    held = set(gone)
    for obj in list(session.identity_map.values()):
        if isinstance(obj, model) and obj.id in held:
            session.expunge(obj)
    return len(gone)
