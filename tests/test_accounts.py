"""Accounts services and the ``user`` commands: users and their rules, log-in throttling with
a given clock, sessions, API tokens (on SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import typer
from typer.testing import CliRunner

from tradebridge.accounts import sessions, throttle, tokens, users
from tradebridge.db.base import utcnow
from tradebridge.errors import BadInput, NotFound, NotSignedIn, TooManyAttempts
from web_fixtures import PASSWORD


def _add(session, email="ana@example.org", role="staff", **extra):
    return users.create_user(session, email=email, password=PASSWORD, role=role, **extra)


def test_a_user_is_stored_with_a_lower_case_address_and_an_argon2_hash(db_session) -> None:
    user = _add(db_session, email="  Ana@Example.ORG ")
    assert user.email == "ana@example.org" and user.display_name == "ana"
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"email": "not-an-address"}, "not an e-mail address"),
        ({"role": "boss"}, "unknown role 'boss'"),
        ({"role": "viewer", "organisation_id": 3}, "only a company user"),
    ],
)
def test_bad_users_are_refused(db_session, change, message) -> None:
    with pytest.raises(BadInput, match=message):
        _add(db_session, **change)


def test_an_address_is_used_once(db_session) -> None:
    _add(db_session)
    with pytest.raises(BadInput, match="exists already"):
        _add(db_session, email="ANA@example.org")


def test_the_last_admin_stays(db_session) -> None:
    admin = _add(db_session, role="admin")
    with pytest.raises(BadInput, match="last enabled admin"):
        users.set_disabled(db_session, admin)
    with pytest.raises(BadInput, match="last enabled admin"):
        users.set_role(db_session, admin, "staff")
    second = _add(db_session, email="bo@example.org", role="admin")
    users.set_disabled(db_session, admin)
    assert admin.disabled and not second.disabled


def test_log_in_checks_the_password_and_the_status(db_session) -> None:
    user = _add(db_session)
    now = utcnow()
    assert users.authenticate(db_session, "ANA@example.org", PASSWORD, "10.0.0.1", now) is user
    with pytest.raises(NotSignedIn, match="wrong e-mail or password"):
        users.authenticate(db_session, "ana@example.org", "nope", "10.0.0.1", now)
    with pytest.raises(NotSignedIn, match="wrong e-mail or password"):
        users.authenticate(db_session, "nobody@example.org", PASSWORD, "10.0.0.1", now)
    users.set_disabled(db_session, user)
    with pytest.raises(NotSignedIn, match="disabled"):
        users.authenticate(db_session, "ana@example.org", PASSWORD, "10.0.0.1", now)


def test_an_account_is_locked_after_five_failures_then_freed(db_session) -> None:
    _add(db_session)
    start = utcnow()
    for i in range(throttle.LIMITS["account"]):
        with pytest.raises(NotSignedIn):
            users.authenticate(db_session, "ana@example.org", "nope", f"10.0.0.{i}", start)
    with pytest.raises(TooManyAttempts) as locked:
        users.authenticate(db_session, "ana@example.org", PASSWORD, "10.9.9.9", start)
    assert locked.value.retry_after == throttle.LOCK.total_seconds()
    later = start + throttle.LOCK + timedelta(seconds=1)
    assert users.authenticate(db_session, "ana@example.org", PASSWORD, "10.9.9.9", later)


def test_failures_spread_over_more_than_the_window_do_not_lock(db_session) -> None:
    _add(db_session)
    start = utcnow()
    for i in range(throttle.LIMITS["account"] * 2):
        moment = start + i * (throttle.WINDOW / 2)
        with pytest.raises(NotSignedIn):
            users.authenticate(db_session, "ana@example.org", "nope", f"10.0.0.{i}", moment)
    # each window saw at most 3 failures
    moment = start + throttle.LIMITS["account"] * 2 * (throttle.WINDOW / 2)
    assert users.authenticate(db_session, "ana@example.org", PASSWORD, "10.0.0.1", moment)


def test_an_address_guessing_many_accounts_is_locked(db_session) -> None:
    _add(db_session)
    now = utcnow()
    for i in range(throttle.LIMITS["address"]):
        with pytest.raises(NotSignedIn):
            users.authenticate(db_session, f"guess{i}@example.org", "nope", "10.6.6.6", now)
    with pytest.raises(TooManyAttempts):
        users.authenticate(db_session, "ana@example.org", PASSWORD, "10.6.6.6", now)
    assert users.authenticate(db_session, "ana@example.org", PASSWORD, "10.0.0.2", now)


def test_throttling_is_shared_through_the_database(db) -> None:
    """Two sessions (as two worker processes would have) see the same counts."""
    with db.transaction() as session:
        _add(session)
    now = utcnow()
    for _ in range(throttle.LIMITS["account"]):
        with db.session() as session:
            with pytest.raises(NotSignedIn):
                users.authenticate(session, "ana@example.org", "nope", None, now)
            session.commit()
    with db.session() as other, pytest.raises(TooManyAttempts):
        users.authenticate(other, "ana@example.org", PASSWORD, None, now)


def test_sessions_end_at_log_out_expiry_password_change_and_disabling(db_session) -> None:
    user = _add(db_session)
    now = utcnow()
    token = sessions.start_session(db_session, user, "10.0.0.1", now)
    assert sessions.session_user(db_session, token, now) is user
    assert sessions.session_user(db_session, token, now + sessions.SESSION_AGE) is None
    sessions.end_session(db_session, token)
    assert sessions.session_user(db_session, token, now) is None
    token = sessions.start_session(db_session, user, None, now)
    users.set_password(db_session, user, "another long password")
    assert sessions.session_user(db_session, token, now) is None
    token = sessions.start_session(db_session, user, None, now)
    _add(db_session, email="root@example.org", role="admin")
    users.set_disabled(db_session, user)
    assert sessions.session_user(db_session, token, now) is None


def test_api_tokens_are_stored_hashed_and_can_be_revoked(db_session) -> None:
    user = _add(db_session)
    row, secret = tokens.create_token(db_session, user, "nightly export", "read")
    assert secret.startswith("tb_") and row.prefix == secret[:10]
    assert secret not in (row.token_hash, row.prefix) and len(row.token_hash) == 64
    now = utcnow()
    found_user, found = tokens.token_user(db_session, secret, now)
    assert (found_user, found, found.last_used_at) == (user, row, now)
    assert tokens.token_user(db_session, secret + "x", now) is None
    other = _add(db_session, email="bo@example.org")
    with pytest.raises(NotFound):
        tokens.revoke_token(db_session, other, row.id, now)
    tokens.revoke_token(db_session, user, row.id, now)
    assert tokens.token_user(db_session, secret, now) is None


def test_a_token_stops_while_its_user_is_disabled(db_session) -> None:
    user = _add(db_session)
    _add(db_session, email="root@example.org", role="admin")
    _row, secret = tokens.create_token(db_session, user, "x", "write")
    users.set_disabled(db_session, user)
    assert tokens.token_user(db_session, secret, utcnow()) is None
    users.set_disabled(db_session, user, False)
    assert tokens.token_user(db_session, secret, utcnow()) is not None


def test_an_unknown_scope_is_refused(db_session) -> None:
    with pytest.raises(BadInput, match="unknown scope 'admin'"):
        tokens.create_token(db_session, _add(db_session), "x", "admin")


def test_the_user_commands(tmp_path, monkeypatch) -> None:
    from tradebridge.cli import app
    from tradebridge.db.engine import open_database
    from tradebridge.db.migrate import current

    monkeypatch.delenv("TRADEBRIDGE_DATABASE_URL", raising=False)
    runner = CliRunner()
    home = ["--warehouse", str(tmp_path)]
    add = ["user", "add", "Root@Example.org", "--role", "admin", "--password-stdin", *home]
    done = runner.invoke(app, add, input=PASSWORD + "\n")
    assert (done.exit_code, done.output.strip()) == (0, "added root@example.org (admin)")
    done = runner.invoke(app, add, input=PASSWORD + "\n")
    assert done.exit_code == 2 and "exists already" in done.output
    done = runner.invoke(app, ["user", "disable", "root@example.org", *home])
    assert done.exit_code == 2 and "last enabled admin" in done.output
    reset = ["user", "reset", "root@example.org", "--password-stdin", *home]
    done = runner.invoke(app, reset, input="short\n")
    assert done.exit_code == 2 and "too short" in done.output
    done = runner.invoke(app, reset, input="a new long password\n")
    assert done.exit_code == 0, done.output
    done = runner.invoke(app, ["user", "disable", "nobody@example.org", *home])
    assert done.exit_code == 2 and "no user 'nobody@example.org'" in done.output
    database = open_database(f"sqlite:///{tmp_path}/tradebridge.sqlite3")
    assert current(database) is not None
    with database.session() as session:
        user = users.get_user(session, "root@example.org")
        assert users.authenticate(session, user.email, "a new long password", None, utcnow())
        from sqlalchemy import select

        from tradebridge.db.audit import AuditEntry

        actors = set(session.scalars(select(AuditEntry.actor)))
    assert actors and all(a.startswith("cli") for a in actors)


def test_the_password_is_never_an_option() -> None:
    from typer.main import get_command

    from tradebridge.cli import app

    group = get_command(app)
    commands = group.get_command(typer.Context(group), "user").commands
    for name in ("add", "reset"):
        flags = {f for p in commands[name].params for f in p.opts}
        assert "--password" not in flags and "--password-stdin" in flags
