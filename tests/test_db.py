"""The app database: connection settings, migrations (one chain, up and down, equal to the
models) on SQLite and PostgreSQL, and the ``db`` commands."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text
from typer.testing import CliRunner

from tradebridge.cli import app
from tradebridge.db import migrate
from tradebridge.db.engine import database_url, open_database
from tradebridge.errors import BadInput

TABLES = {"users", "user_sessions", "api_tokens", "login_failures", "audit_log"}


def test_the_default_database_is_a_file_in_the_home(tmp_path) -> None:
    assert database_url(home=tmp_path, environ={}) == f"sqlite:///{tmp_path}/tradebridge.sqlite3"


def test_the_url_from_the_environment_wins_and_gets_psycopg(tmp_path) -> None:
    env = {"TRADEBRIDGE_DATABASE_URL": "postgresql://u:p@h:5/n"}
    assert database_url(home=tmp_path, environ=env) == "postgresql+psycopg://u:p@h:5/n"


@pytest.mark.parametrize("url", ["nonsense", "mysql://u@h/n"])
def test_an_unusable_url_is_bad_input(url: str) -> None:
    with pytest.raises(BadInput, match="TRADEBRIDGE_DATABASE_URL"):
        database_url(environ={"TRADEBRIDGE_DATABASE_URL": url})


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path) -> None:
    db = open_database(f"sqlite:///{tmp_path}/x/a.sqlite3")
    with db.engine.connect() as connection:
        assert connection.scalar(text("PRAGMA journal_mode")) == "wal"
        assert connection.scalar(text("PRAGMA foreign_keys")) == 1
    db.dispose()


def test_the_migrations_form_one_chain() -> None:
    assert len(migrate.heads()) == 1


def test_migrations_go_up_and_down(empty_database_url) -> None:
    db = open_database(empty_database_url)
    assert migrate.current(db) is None
    migrate.upgrade(db)
    assert migrate.is_current(db)
    assert TABLES <= set(inspect(db.engine).get_table_names())
    migrate.downgrade(db, "base")
    assert migrate.current(db) is None
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(db)
    assert migrate.is_current(db)
    db.dispose()


def test_the_migrated_schema_equals_the_models(db) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from tradebridge.db.schema import include_name, metadata

    with db.engine.connect() as connection:
        options = {"compare_type": True, "include_name": include_name}
        context = MigrationContext.configure(connection, opts=options)
        assert compare_metadata(context, metadata()) == []


def test_foreign_keys_are_enforced(db_session) -> None:
    from sqlalchemy.exc import IntegrityError

    from tradebridge.accounts.models import ApiToken

    db_session.add(ApiToken(user_id=999, name="x", prefix="x", token_hash="0" * 64, scope="read"))
    with pytest.raises(IntegrityError):
        db_session.flush()


def test_db_commands_upgrade_and_report(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("TRADEBRIDGE_DATABASE_URL", raising=False)
    runner = CliRunner()
    done = runner.invoke(app, ["db", "current", "--warehouse", str(tmp_path)])
    assert done.exit_code == 0, done.output
    assert "empty" in done.output and "behind" in done.output
    done = runner.invoke(app, ["db", "upgrade", "--warehouse", str(tmp_path)])
    assert done.exit_code == 0, done.output
    assert f"empty → {migrate.heads()[0]}" in done.output
    done = runner.invoke(app, ["db", "current", "--warehouse", str(tmp_path)])
    assert "up to date" in done.output
    assert (tmp_path / "tradebridge.sqlite3").is_file()


def test_an_unknown_revision_is_one_line_exit_2(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("TRADEBRIDGE_DATABASE_URL", raising=False)
    done = CliRunner().invoke(app, ["db", "downgrade", "nope", "--warehouse", str(tmp_path)])
    assert done.exit_code == 2
    assert "nope" in done.output and "Traceback" not in done.output


def test_an_unreachable_database_is_an_environment_problem(monkeypatch) -> None:
    monkeypatch.setenv("TRADEBRIDGE_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    done = CliRunner().invoke(app, ["db", "current"])
    assert done.exit_code == 1
    assert done.output.startswith("error: database postgresql+psycopg://nobody@127.0.0.1:1/none")


def test_the_database_file_does_not_upset_the_warehouse_check(tiny_warehouse_copy) -> None:
    runner = CliRunner()
    done = runner.invoke(app, ["db", "upgrade", "--warehouse", str(tiny_warehouse_copy)])
    assert done.exit_code == 0, done.output
    done = runner.invoke(app, ["info", "--check", "--warehouse", str(tiny_warehouse_copy)])
    assert done.exit_code == 0, done.output
    assert "every file checks out" in done.output


@pytest.fixture
def tiny_warehouse_copy(tiny_warehouse, tmp_path, monkeypatch):
    import shutil

    monkeypatch.delenv("TRADEBRIDGE_DATABASE_URL", raising=False)
    target = tmp_path / "wh"
    shutil.copytree(tiny_warehouse.path, target)
    return target
