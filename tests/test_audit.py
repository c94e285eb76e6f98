"""The audit log: inserts, updates and deletes of auditable models are recorded with the actor
and the values before and after, on both databases."""

from __future__ import annotations

from sqlalchemy import select

from tradebridge.accounts.models import User
from tradebridge.db.audit import REDACTED, AuditEntry, set_actor


def _user(email: str = "ana@example.org") -> User:
    return User(email=email, display_name="Ana", role="staff", password_hash="secret-hash")


def _entries(session) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def test_an_insert_records_the_whole_row_with_secrets_redacted(db_session) -> None:
    user = _user()
    db_session.add(user)
    db_session.commit()
    [entry] = _entries(db_session)
    assert (entry.action, entry.entity_type, entry.entity_id) == ("insert", "users", str(user.id))
    assert entry.actor == "test" and entry.user_id is None
    assert entry.before is None
    assert entry.after["email"] == "ana@example.org"
    assert entry.after["role"] == "staff"
    assert entry.after["password_hash"] == REDACTED
    assert entry.after["disabled"] is False
    assert entry.at.tzinfo is not None


def test_an_update_of_an_expired_object_records_only_what_changed(db, db_session) -> None:
    admin = _user("root@example.org")
    user = _user()
    db_session.add_all([admin, user])
    db_session.commit()  # expires both: the old role is not in memory any more
    set_actor(db_session, admin)
    user.role = "viewer"
    user.display_name = "Ana"  # unchanged: not recorded
    db_session.commit()
    entry = _entries(db_session)[-1]
    assert entry.action == "update"
    assert (entry.before, entry.after) == ({"role": "staff"}, {"role": "viewer"})
    assert (entry.user_id, entry.actor) == (admin.id, "root@example.org")


def test_a_password_change_is_recorded_without_the_hash(db_session) -> None:
    user = _user()
    db_session.add(user)
    db_session.commit()
    user.password_hash = "another-hash"
    db_session.commit()
    entry = _entries(db_session)[-1]
    assert entry.before["password_hash"] == REDACTED == entry.after["password_hash"]


def test_a_delete_records_the_row_before(db, db_session) -> None:
    user = _user()
    db_session.add(user)
    db_session.commit()
    user_id = user.id
    with db.transaction(actor="cli:root") as session:
        session.delete(session.get(User, user_id))
    with db.session() as session:
        entry = _entries(session)[-1]
    assert (entry.action, entry.entity_id, entry.actor) == ("delete", str(user_id), "cli:root")
    assert entry.before["email"] == "ana@example.org" and entry.after is None


def test_a_rolled_back_change_leaves_no_audit_row(db_session) -> None:
    db_session.add(_user())
    db_session.flush()
    db_session.rollback()
    assert _entries(db_session) == []


def test_models_not_marked_auditable_are_not_recorded(db_session) -> None:
    from datetime import timedelta

    from tradebridge.accounts.models import UserSession
    from tradebridge.db.base import utcnow

    user = _user()
    db_session.add(user)
    db_session.flush()
    db_session.add(
        UserSession(token_hash="a" * 64, user_id=user.id, expires_at=utcnow() + timedelta(days=1))
    )
    db_session.commit()
    assert [e.entity_type for e in _entries(db_session)] == ["users"]


def test_insert_many_numbers_after_the_existing_rows_and_audits_as_the_unit_of_work(
    db_session,
) -> None:
    from tradebridge.db.audit import insert_many

    first = _user("first@example.org")
    db_session.add(first)
    db_session.flush()
    rows = [
        {"email": f"u{k}@example.org", "display_name": f"U{k}", "role": "viewer",
         "password_hash": "h"}
        for k in range(3)
    ]  # fmt: skip
    ids = insert_many(db_session, User, rows)
    db_session.commit()
    assert ids == [first.id + 1, first.id + 2, first.id + 3]
    stored = {u.id: u.email for u in db_session.scalars(select(User))}
    assert [stored[i] for i in ids] == ["u0@example.org", "u1@example.org", "u2@example.org"]
    by_uow, *bulk = _entries(db_session)
    assert [e.entity_id for e in bulk] == [str(i) for i in ids]
    assert set(bulk[0].after) == set(by_uow.after)
    assert bulk[0].after["password_hash"] == REDACTED and bulk[0].after["disabled"] is False
    assert bulk[2].after["email"] == "u2@example.org" and bulk[2].after["id"] == ids[2]
