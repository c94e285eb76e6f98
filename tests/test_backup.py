"""``db backup`` and ``db restore`` on SQLite and PostgreSQL: a round trip gives the same rows,
a restore is all or nothing, and a file of another revision is refused in one line."""

from __future__ import annotations

import gzip
import json

import pytest
from sqlalchemy import select, text

from tradebridge.accounts.models import User
from tradebridge.accounts.users import create_user, set_role
from tradebridge.db.audit import AuditEntry
from tradebridge.db.backup import backup, restore
from tradebridge.errors import BadInput
from web_fixtures import PASSWORD


def _snapshot(db) -> list[tuple]:
    with db.session() as session:
        users = [(u.id, u.email, u.role, u.created_at) for u in session.scalars(select(User))]
        audit = [
            (a.id, a.action, a.before, a.after, a.at) for a in session.scalars(select(AuditEntry))
        ]
    return users + audit


def test_a_backup_restores_the_same_rows(db, tmp_path) -> None:
    with db.transaction(actor="test") as session:
        user_id = create_user(session, email="ana@example.org", password=PASSWORD, role="staff").id
        create_user(session, email="root@example.org", password=PASSWORD, role="admin")
    before = _snapshot(db)
    counts = backup(db, tmp_path / "db.backup")
    assert counts["users"] == 2 and counts["audit_log"] == 2
    with db.transaction(actor="test") as session:
        set_role(session, session.get(User, user_id), "viewer")
        create_user(session, email="new@example.org", password=PASSWORD, role="viewer")
    restore(db, tmp_path / "db.backup")
    assert _snapshot(db) == before
    with db.transaction(actor="test") as session:  # identities continue after the restored ones
        assert create_user(session, email="x@example.org", password=PASSWORD, role="viewer").id == 3


def test_a_file_of_another_revision_is_refused_and_nothing_changes(db, tmp_path) -> None:
    with db.transaction(actor="test") as session:
        create_user(session, email="ana@example.org", password=PASSWORD, role="staff")
    backup(db, tmp_path / "db.backup")
    document = json.loads(gzip.decompress((tmp_path / "db.backup").read_bytes()))
    document["revision"] = "0000_older"
    (tmp_path / "old.backup").write_bytes(gzip.compress(json.dumps(document).encode()))
    with pytest.raises(BadInput, match="revision 0000_older, the database is at"):
        restore(db, tmp_path / "old.backup")
    (tmp_path / "junk.backup").write_bytes(b"not a backup")
    with pytest.raises(BadInput, match="not a tradebridge database backup"):
        restore(db, tmp_path / "junk.backup")
    document["revision"] = json.loads(gzip.decompress((tmp_path / "db.backup").read_bytes()))[
        "revision"
    ]
    document["tables"]["users"].append(dict(document["tables"]["users"][0]))  # a duplicate id
    (tmp_path / "bad.backup").write_bytes(gzip.compress(json.dumps(document).encode()))
    with pytest.raises(BadInput, match="does not fit the database"):
        restore(db, tmp_path / "bad.backup")
    with db.engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM users")) == 1


def test_the_backup_commands(tmp_path, monkeypatch) -> None:
    from typer.testing import CliRunner

    from tradebridge.cli import app

    monkeypatch.delenv("TRADEBRIDGE_DATABASE_URL", raising=False)
    runner = CliRunner()
    home = ["--warehouse", str(tmp_path)]
    add = ["user", "add", "root@example.org", "--role", "admin", "--password-stdin", *home]
    assert runner.invoke(app, add, input=PASSWORD + "\n").exit_code == 0
    done = runner.invoke(app, ["db", "backup", str(tmp_path / "b.json.gz"), *home])
    assert done.exit_code == 0 and "2 rows of" in done.output, done.output
    done = runner.invoke(app, ["db", "restore", str(tmp_path / "b.json.gz"), *home])
    assert done.exit_code == 0 and done.output.startswith("restored 2 rows"), done.output
    (tmp_path / "junk").write_text("x")
    done = runner.invoke(app, ["db", "restore", str(tmp_path / "junk"), *home])
    assert done.exit_code == 2 and "not a tradebridge database backup" in done.output
