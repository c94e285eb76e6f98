"""Importing and exporting organisation files against both databases, and the registry
commands: all or nothing, rows read = stored + rejected, refs never imported twice, every insert
audited, an export imports back into an empty registry unchanged; migrations keep accounts."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy import text as sa_text
from typer.testing import CliRunner

from tradebridge.errors import BadInput
from tradebridge.registry.importing import import_file
from tradebridge.registry.models import Organisation
from tradebridge.registry.queries import Filters, export_records, list_organisations
from tradebridge.registry.record import record_cells

FILE = "\n".join(
    [
        "ref,kind,name_en,name_az,name_ru,country,sectors,products_offered,brand,brand_since,"
        "status",
        "A1,exporter,Kend Apricots,Kənd Ərikləri,,AZE,fresh_fruit_vegetables,"
        "081310 dried apricots,Made in Azerbaijan,2021-05-01,verified",
        "A2,buyer,,,Фрукты Сибири,RUS,,080810,,,draft",
        "A3,farmer,Bad Kind,,,AZE,,,,,",
        "A1,exporter,Again,,,AZE,,,,,",
        ",investor,Caspian Capital,,,GBR,steel,,,,verified",
        "",
    ]
)


@pytest.fixture
def orgs_csv(tmp_path: Path) -> Path:
    path = tmp_path / "orgs.csv"
    path.write_text(FILE, encoding="utf-8")
    return path


def _count(session) -> int:
    return session.scalar(select(func.count()).select_from(Organisation))


def test_all_or_nothing_stores_nothing(db_session, orgs_csv):
    with pytest.raises(BadInput) as caught:
        import_file(db_session, orgs_csv, name="orgs.csv")
    assert str(caught.value).startswith("orgs.csv:4: kind: unknown kind 'farmer'")
    assert "(and 1 more in 2 row(s); nothing was stored;" in str(caught.value)
    db_session.rollback()
    assert _count(db_session) == 0


def test_skip_invalid_reconciles_and_audits(db_session, orgs_csv, tmp_path):
    from tradebridge.db.audit import AuditEntry

    rejects = tmp_path / "rejects.csv"
    report = import_file(db_session, orgs_csv, skip_invalid=True, rejects=rejects)
    db_session.commit()
    assert (report.rows_read, report.rows_stored, report.rows_rejected) == (5, 3, 2)
    assert report.rows_read == report.rows_stored + report.rows_rejected
    assert _count(db_session) == 3
    with rejects.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["line"], r["field"]) for r in rows] == [("4", "kind"), ("5", "ref")]
    assert rows[1]["reason"] == "'A1' repeats line 2"
    inserts = db_session.scalar(
        select(func.count())
        .select_from(AuditEntry)
        .where(AuditEntry.entity_type == "organisations", AuditEntry.action == "insert")
    )
    assert inserts == 3
    # imported rows are searchable and filterable at once
    assert list_organisations(db_session, Filters(q="ərik")).total == 1
    assert list_organisations(db_session, Filters(product="0813")).total == 1
    # a second import of the same file stores nothing new: its refs are held
    again = import_file(db_session, orgs_csv, skip_invalid=True)
    assert (again.rows_stored, again.rows_rejected) == (1, 4)  # only the row without a ref


def test_an_export_imports_back_unchanged(db_session, orgs_csv, tmp_path):
    from tradebridge.db.engine import open_database
    from tradebridge.registry.export import write_export

    import_file(db_session, orgs_csv, skip_invalid=True)
    db_session.commit()
    before = list(export_records(db_session, Filters()))
    out = write_export(tmp_path / "out.xlsx", [record_cells(r) for r in before])
    # into another, empty registry of the same kind of database
    with db_session.bind.connect() as connection:
        for table in ("organisation_search", "organisation_facets", "organisations"):
            connection.exec_driver_sql(f"DELETE FROM {table}")
        connection.commit()
    db_session.expire_all()
    report = import_file(db_session, out)
    assert report.rows_stored == 3
    assert list(export_records(db_session, Filters())) == before
    assert open_database  # the same database module both times


def _invoke(*args: str):
    from tradebridge.cli import app

    return CliRunner().invoke(app, list(args))


def test_registry_commands(tmp_path, orgs_csv, monkeypatch):
    monkeypatch.delenv("TRADEBRIDGE_DATABASE_URL", raising=False)
    home = str(tmp_path / "home")
    (tmp_path / "home").mkdir()
    done = _invoke("registry", "list", "-w", home)
    assert done.exit_code == 1 and "run `tradebridge db upgrade` first" in done.output
    assert _invoke("db", "upgrade", "-w", home).exit_code == 0
    done = _invoke("registry", "import", str(orgs_csv), "-w", home)
    assert done.exit_code == 2
    assert f"{orgs_csv}:4: kind: unknown kind 'farmer'" in done.output
    done = _invoke("registry", "import", str(orgs_csv), "-w", home, "--skip-invalid")
    assert done.exit_code == 2 and "--skip-invalid needs --rejects FILE" in done.output
    rejects = tmp_path / "rejects.csv"
    done = _invoke(
        "registry", "import", str(orgs_csv), "-w", home, "--skip-invalid", "--rejects", str(rejects)
    )
    assert done.exit_code == 0, done.output
    assert "rows read 5 = stored 3 + rejected 2" in done.output
    done = _invoke("registry", "list", "-w", home, "--country", "AZE", "-f", "csv")
    assert done.exit_code == 0
    assert done.stdout.splitlines()[1].startswith("1,A1,exporter,Kend Apricots,AZE")
    done = _invoke("registry", "list", "-w", home, "--sector", "fruit")
    assert done.exit_code == 2 and "sector: unknown sector 'fruit'" in done.output
    out = tmp_path / "out.csv"
    done = _invoke("registry", "export", "-w", home, "-o", str(out), "--status", "verified")
    assert done.exit_code == 0, done.output
    with out.open(encoding="utf-8") as fh:
        exported = list(csv.DictReader(fh))
    assert [r["name_en"] for r in exported] == ["Caspian Capital", "Kend Apricots"]
    assert exported[1]["products_offered"] == "081310 dried apricots"
    done = _invoke("registry", "export", "-w", home, "-o", str(tmp_path / "out.json"))
    assert done.exit_code == 2 and "expected .csv or .xlsx" in done.output


def test_upgrading_keeps_accounts(empty_database_url):
    """Adding the organisations link to users copies the users table on SQLite: the sessions
    and tokens that point at users must survive it."""
    from sqlalchemy import text

    from tradebridge.db import migrate
    from tradebridge.db.engine import open_database

    db = open_database(empty_database_url)
    migrate.upgrade(db, "0001_accounts")
    now = "2026-11-30 08:00:00"
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO users (id, email, display_name, role, password_hash, disabled, "
                "created_at, updated_at) VALUES (1, 'a@example.org', 'A', 'admin', 'x', false, "
                ":now, :now)"
            ),
            {"now": now},
        )
        connection.execute(
            text(
                "INSERT INTO user_sessions (id, token_hash, user_id, created_at, expires_at) "
                "VALUES (1, 'h', 1, :now, :now)"
            ),
            {"now": now},
        )
    migrate.upgrade(db)
    migrate.downgrade(db, "0001_accounts")
    migrate.upgrade(db)
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM user_sessions")).scalar() == 1
    db.dispose()


def test_bulk_imports_are_indexed_for_search_and_leave_the_index_in_step(db_session, orgs_csv):
    from tradebridge.registry import services
    from tradebridge.registry.record import OrganisationRecord
    from tradebridge.registry.search import full_text

    import_file(db_session, orgs_csv, skip_invalid=True)
    second = orgs_csv.with_name("more.csv")
    second.write_text(
        "ref,kind,name_en,country\nB1,exporter,Sumgait Polymers,AZE\n", encoding="utf-8"
    )
    import_file(db_session, second)
    db_session.commit()
    # the first import's rows, the second's, and one created alone afterwards (the trigger)
    services.create(db_session, OrganisationRecord("buyer", "KAZ", name_en="Almaty Polymer"))
    db_session.commit()
    assert list_organisations(db_session, Filters(q="ərik")).total == 1
    assert list_organisations(db_session, Filters(q="sumgait")).total == 1
    assert list_organisations(db_session, Filters(q="polym")).total == 2
    # a bulk write that fails is rolled back with the index's own machinery as it was
    connection = db_session.connection()
    dialect = connection.dialect.name
    with pytest.raises(RuntimeError), full_text(dialect).bulk(connection, 10_000):
        raise RuntimeError("the import failed")
    db_session.rollback()
    if dialect == "sqlite":
        triggers = db_session.execute(
            select(func.count())
            .select_from(sa_text("sqlite_master"))
            .where(sa_text("type = 'trigger' AND name = 'organisation_search_insert'"))
        ).scalar()
        assert triggers == 1
    services.create(db_session, OrganisationRecord("buyer", "TUR", name_en="Izmir Polymer"))
    db_session.commit()
    assert list_organisations(db_session, Filters(q="polym")).total == 3
