"""Investment projects: the stage rules and their log, US$ conversion with the agency's rate
table, the pipeline report against figures worked out by hand, and who may see what (on both
databases)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from tradebridge.db.audit import AuditEntry
from tradebridge.errors import BadInput, Forbidden, InvalidRecord, NotFound
from tradebridge.investment import services
from tradebridge.investment.models import ExchangeRate, InvestmentProject, StageChange
from tradebridge.investment.money import Rate, to_usd
from tradebridge.investment.project import ProjectInput
from tradebridge.investment.report import ProjectFacts, StageEvent, mutual, pipeline_report
from tradebridge.investment.stages import STAGES, IllegalMove, check_move
from tradebridge.registry import services as registry
from tradebridge.registry.record import OrganisationRecord

STAFF = SimpleNamespace(role="staff", organisation_id=None, id=None, email="staff@example.org")
VIEWER = SimpleNamespace(role="viewer", organisation_id=None, id=None)
T0 = datetime(2024, 1, 1, tzinfo=UTC)


def days(n: float) -> datetime:
    return T0 + timedelta(days=n)


# --- stages -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "target", "extra"),
    [
        ("lead", "contacted", {}),
        ("lead", "proposal", {}),  # skipping stages is allowed
        ("decision", "operating", {}),
        ("proposal", "qualified", {"note": "the site visit was cancelled"}),
        ("lead", "lost", {"reason": "no_response"}),
        ("operating", "lost", {"reason": "other"}),
        ("lost", "contacted", {"note": "the investor came back"}),
    ],
)
def test_allowed_moves(current, target, extra):
    check_move(current, target, **extra)


@pytest.mark.parametrize(
    ("current", "target", "extra", "words"),
    [
        ("lead", "lead", {}, "already at lead"),
        ("proposal", "qualified", {}, "needs a note"),
        ("proposal", "qualified", {"note": "   "}, "needs a note"),
        ("mou", "lost", {}, "needs a reason"),
        ("mou", "lost", {"reason": "bored"}, "needs a reason"),
        ("lost", "lead", {}, "needs a note"),
        ("lost", "lost", {"reason": "other"}, "already at lost"),
    ],
)
def test_refused_moves(current, target, extra, words):
    with pytest.raises(IllegalMove, match=words):
        check_move(current, target, **extra)


def test_an_unknown_stage_is_named():
    with pytest.raises(BadInput, match="unknown stage 'won'"):
        check_move("lead", "won")


# --- money ---------------------------------------------------------------------------------

RATES = [
    Rate("EUR", date(2024, 1, 1), Decimal("1.10")),
    Rate("EUR", date(2024, 7, 1), Decimal("1.08")),
    Rate("RUB", date(2024, 1, 1), Decimal("0.011")),
]


def test_conversion_takes_the_latest_rate_valid_on_the_day():
    assert to_usd(Decimal(1000), "EUR", date(2024, 6, 30), RATES).usd == Decimal("1100.00")
    assert to_usd(Decimal(1000), "EUR", date(2024, 7, 1), RATES).usd == Decimal("1080.00")
    # 2,500,000 RUB × 0.011 = 27,500 US$
    assert to_usd(Decimal(2_500_000), "rub", date(2025, 1, 1), RATES).usd == Decimal("27500.00")
    # rounded to the cent, half to even: 0.125 → 0.12
    assert to_usd(Decimal("0.125"), "USD", date(2024, 1, 1), []).usd == Decimal("0.12")


@pytest.mark.parametrize(
    ("currency", "on", "words"),
    [("EUR", date(2023, 12, 31), "no US\\$ rate for EUR"), ("KZT", date(2024, 5, 1), "KZT"),
     ("EURO", date(2024, 5, 1), "not a currency code")],
)  # fmt: skip
def test_conversion_without_a_rate_is_refused(currency, on, words):
    with pytest.raises(BadInput, match=words):
        to_usd(Decimal(1), currency, on, RATES)


# --- the report, by hand ----------------------------------------------------------------------

# five projects AZE→RUS (1-3) and RUS→AZE (4-5); their logs in days after 2024-01-01
FACTS = [
    ProjectFacts(1, "AZE", "RUS", "food", "operating", Decimal(1000), Decimal(900),
                 date(2024, 9, 1), 50, 40),
    ProjectFacts(2, "AZE", "RUS", "food", "proposal", Decimal(400)),
    ProjectFacts(3, "AZE", "RUS", "steel", "lost", Decimal(300)),
    ProjectFacts(4, "RUS", "AZE", "steel", "qualified", Decimal(200)),
    ProjectFacts(5, "RUS", "AZE", None, "lead", None),
]  # fmt: skip
LOG = [
    StageEvent(1, days(0), "lead"),
    StageEvent(1, days(10), "contacted"),
    StageEvent(1, days(30), "mou"),
    StageEvent(1, days(100), "operating"),
    StageEvent(2, days(0), "lead"),
    StageEvent(2, days(6), "contacted"),
    StageEvent(2, days(16), "proposal"),
    StageEvent(3, days(0), "contacted"),
    StageEvent(3, days(4), "lost"),
    StageEvent(4, days(0), "lead"),
    StageEvent(4, days(2), "qualified"),
    StageEvent(5, days(50), "lead"),
]


def test_report_figures_worked_out_by_hand():
    r = pipeline_report(FACTS, LOG)
    # open: 2 (proposal), 4 (qualified), 5 (lead); operating and lost are not open
    assert r.open_projects == 3
    assert r.planned_usd == Decimal("1600.00")  # 1000 + 400 + 200 (3 is lost)
    # weighted: 1000 × 1.0 + 400 × 0.5 + 200 × 0.2 + 0 = 1240
    assert r.weighted_usd == Decimal("1240.00")
    assert (r.lost, r.lost_planned_usd) == (1, Decimal("300.00"))
    # furthest stage: 1 operating(8), 2 proposal(4), 3 contacted(1), 4 qualified(2), 5 lead(0)
    assert [r.stage(s).reached for s in ("lead", "contacted", "qualified", "proposal")] == [
        5, 4, 3, 2,
    ]  # fmt: skip
    assert r.stage("lead").conversion == 4 / 5
    assert r.stage("contacted").conversion == 3 / 4
    assert r.stage("operating").conversion is None
    # completed stays in lead: 10 (1), 6 (2), 2 (4) → median 6; contacted: 20, 10, 4 → 10
    assert (r.stage("lead").median_days, r.stage("lead").stays) == (6.0, 3)
    assert r.stage("contacted").median_days == 10.0
    assert r.stage("mou").median_days == 70.0
    assert r.stage("proposal").median_days is None  # project 2 is still there
    assert [(g.key, g.realised_usd, g.jobs_created) for g in r.realised_by_year] == [
        ("2024", Decimal("900.00"), 40)
    ]
    origin = {g.key: (g.projects, g.planned_usd, g.weighted_usd) for g in r.by_origin}
    assert origin == {
        "AZE": (2, Decimal("1400.00"), Decimal("1200.00")),
        "RUS": (2, Decimal("200.00"), Decimal("40.00")),
    }
    sector = {g.key: g.projects for g in r.by_sector}
    assert sector == {"food": 2, "steel": 1}  # project 3 (steel) is lost; 5 has no sector


def test_mutual_report_puts_both_directions_side_by_side():
    there, back = mutual(FACTS, LOG, "AZE", "RUS")
    assert (there.planned_usd, back.planned_usd) == (Decimal("1400.00"), Decimal("200.00"))
    assert (there.lost, back.lost) == (1, 0)
    assert back.stage("lead").reached == 2 and back.stage("qualified").reached == 1


# --- services on both databases ------------------------------------------------------------------


def test_the_database_sums_give_the_hand_checked_report(db_session, investor):
    """The hand-made projects and log above, stored; the report computed by the database's
    sums (``report_sums``) equals the per-project one checked by hand (both directions)."""
    from sqlalchemy import insert

    realised = {1: date(2024, 9, 1)}
    rows = [
        {"id": f.id, "title": f"Project {f.id}", "investor_id": investor, "origin": f.origin,
         "destination": f.destination, "sector": f.sector, "kind": "greenfield",
         "stage": f.stage, "stage_since": days(0), "planned_usd": f.planned_usd,
         "realised_usd": f.realised_usd, "realised_on": realised.get(f.id),
         "jobs_planned": f.jobs_planned, "jobs_created": f.jobs_created,
         "lost_reason": "financing" if f.stage == "lost" else None}
        for f in FACTS
    ]  # fmt: skip
    db_session.execute(insert(InvestmentProject), rows)
    db_session.execute(
        insert(StageChange),
        [{"project_id": e.project_id, "at": e.at, "to_stage": e.to_stage} for e in LOG],
    )
    db_session.commit()
    assert services.report(db_session) == pipeline_report(FACTS, LOG)
    there, back = services.mutual_report(db_session, "AZE", "RUS")
    assert (there, back) == mutual(FACTS, LOG, "AZE", "RUS")
    assert services.report(db_session).stage("mou").median_days == 70.0
    # a move changes the data's version: the kept report is not served again
    services.move(db_session, 4, "site_visit", at=days(12))
    db_session.commit()
    moved = services.report(db_session)
    assert (moved.stage("qualified").projects, moved.stage("site_visit").projects) == (0, 1)
    assert moved.stage("qualified").median_days == 10.0  # project 4: days 2 → 12


@pytest.fixture
def investor(db_session):
    record = OrganisationRecord(
        "investor", "RUS", name_en="Volga Capital", sectors=("steel",), status="verified"
    )
    org = registry.create(db_session, record)
    db_session.commit()
    return org.id


def _project(investor: int, **changes) -> ProjectInput:
    values = dict(
        title="Cold-rolled steel plant in Sumgait",
        investor_id=investor,
        origin="RUS",
        destination="AZE",
        sector="steel",
        products=("720916",),
        currency="EUR",
        planned_amount=Decimal(2_000_000),
        amount_date=date(2024, 8, 1),
        jobs_planned=120,
    )
    return ProjectInput(**{**values, **changes})


def test_a_project_is_stored_in_its_currency_and_in_us_dollars(db_session, investor):
    services.set_rate(db_session, "eur", date(2024, 1, 1), Decimal("1.10"))
    services.set_rate(db_session, "EUR", date(2024, 7, 1), Decimal("1.08"))
    project = services.create(db_session, _project(investor), user=STAFF)
    db_session.commit()
    # 2,000,000 EUR × 1.08 (the rate from 2024-07-01) = 2,160,000 US$
    assert (project.planned_amount, project.currency) == (Decimal(2_000_000), "EUR")
    assert project.planned_usd == Decimal("2160000.00")
    assert project.planned_rate == Decimal("1.08")
    services.set_rate(db_session, "EUR", date(2024, 7, 1), Decimal("1.20"))
    db_session.commit()
    db_session.expire_all()
    assert db_session.get(InvestmentProject, project.id).planned_usd == Decimal("2160000.00")


def test_a_project_without_a_rate_or_with_bad_fields_is_refused(db_session, investor):
    with pytest.raises(BadInput, match="no US\\$ rate for EUR"):
        services.create(db_session, _project(investor), user=STAFF)
    db_session.rollback()
    bad = _project(investor, origin="XXX", destination="XXX", kind="gift", jobs_planned=-1)
    with pytest.raises(InvalidRecord) as caught:
        services.create(db_session, bad, user=STAFF)
    fields = [field for field, _ in caught.value.problems]
    assert fields == ["origin", "destination", "destination", "kind", "jobs_planned"]
    with pytest.raises(BadInput, match="no organisation #999"):
        services.create(db_session, _project(999, currency="USD"), user=STAFF)
    db_session.rollback()
    assert db_session.scalars(select(InvestmentProject)).all() == []


def test_moves_are_logged_and_illegal_ones_change_nothing(db_session, investor):
    project = services.create(
        db_session, _project(investor, currency="USD"), user=STAFF, at=days(0)
    )
    services.move(db_session, project.id, "contacted", user=STAFF, at=days(3))
    services.move(db_session, project.id, "site_visit", user=STAFF, at=days(9))
    db_session.commit()
    with pytest.raises(IllegalMove):
        services.move(db_session, project.id, "lead", user=STAFF)
    db_session.rollback()
    services.move(db_session, project.id, "lost", reason="financing", user=STAFF, at=days(20))
    db_session.commit()
    log = db_session.scalars(
        select(StageChange).where(StageChange.project_id == project.id).order_by(StageChange.at)
    ).all()
    assert [(c.from_stage, c.to_stage, c.reason) for c in log] == [
        (None, "lead", None),
        ("lead", "contacted", None),
        ("contacted", "site_visit", None),
        ("site_visit", "lost", "financing"),
    ]
    stored = db_session.get(InvestmentProject, project.id)
    assert (stored.stage, stored.lost_reason) == ("lost", "financing")
    audited = db_session.scalars(
        select(AuditEntry).where(AuditEntry.entity_type == "investment_projects")
    ).all()
    assert [e.action for e in audited] == ["insert", "update", "update", "update"]
    assert audited[-1].after["stage"] == "lost" and audited[-1].before["stage"] == "site_visit"
    r = services.report(db_session, user=STAFF)
    assert r.stage("contacted").median_days == 6.0 and r.lost == 1


def test_who_sees_what(db_session, investor):
    project = services.create(db_session, _project(investor, currency="USD"), user=STAFF)
    other = registry.create(db_session, OrganisationRecord("investor", "TUR", name_en="Anka"))
    services.create(db_session, _project(other.id, currency="USD", origin="TUR"), user=STAFF)
    db_session.commit()
    company = SimpleNamespace(role="company", organisation_id=investor, id=None)
    summary = services.own_projects(db_session, company)
    assert [row["id"] for row in summary] == [project.id]
    assert "planned_usd" not in summary[0]  # the agency's figures stay with the agency
    for user in (company, VIEWER):
        with pytest.raises(Forbidden):
            services.get(db_session, project.id, user=user)
        with pytest.raises(Forbidden):
            services.report(db_session, user=user)
        with pytest.raises(Forbidden):
            services.move(db_session, project.id, "contacted", user=user)
    with pytest.raises(Forbidden):
        services.own_projects(db_session, VIEWER)
    with pytest.raises(NotFound):
        services.get(db_session, 999, user=STAFF)


def test_overdue_actions_and_the_timeline(db_session, investor):
    late = services.create(
        db_session,
        _project(investor, currency="USD", next_action="send the land offer",
                 next_action_due=date(2024, 3, 1)),
        user=STAFF,
        at=days(0),
    )  # fmt: skip
    services.create(
        db_session, _project(investor, currency="USD", next_action_due=date(2024, 5, 1)),
        user=STAFF,
    )  # fmt: skip
    services.add_interaction(
        db_session, late.id, "site_visit", date(2024, 2, 1), notes="visited Sumgait", user=STAFF
    )
    services.move(db_session, late.id, "site_visit", user=STAFF, at=days(40))
    db_session.commit()
    found, count = services.overdue(db_session, date(2024, 4, 1))
    assert [p.id for p in found] == [late.id] and count == 1
    entries = services.timeline(db_session, late.id, user=STAFF)
    assert [e.what for e in entries] == ["stage", "site_visit", "stage"]
    assert (entries[0].from_stage, entries[0].to_stage) == ("lead", "site_visit")
    assert entries[1].note == "visited Sumgait"
    with pytest.raises(BadInput, match="unknown kind 'fax'"):
        services.add_interaction(db_session, late.id, "fax", date(2024, 2, 1), user=STAFF)


def test_the_report_from_the_database_matches_the_hand_figures(db_session, investor):
    services.set_rate(db_session, "EUR", date(2024, 1, 1), Decimal("1.25"))
    a = services.create(
        db_session, _project(investor, planned_amount=Decimal(800)), user=STAFF, at=days(0)
    )
    b = services.create(
        db_session,
        _project(investor, currency="USD", planned_amount=Decimal(500), origin="AZE",
                 destination="RUS"),
        user=STAFF,
        at=days(0),
    )  # fmt: skip
    services.move(db_session, a.id, "mou", user=STAFF, at=days(12))
    services.move(db_session, b.id, "qualified", user=STAFF, at=days(4))
    db_session.commit()
    there, back = services.mutual_report(db_session, "AZE", "RUS", user=STAFF)
    # RUS→AZE: 800 EUR × 1.25 = 1000 US$ at MoU (0.7) → 700 weighted; AZE→RUS: 500 × 0.2
    assert (back.planned_usd, back.weighted_usd) == (Decimal("1000.00"), Decimal("700.00"))
    assert (there.planned_usd, there.weighted_usd) == (Decimal("500.00"), Decimal("100.00"))
    assert back.stage("lead").median_days == 12.0 and there.stage("lead").median_days == 4.0
    assert all(stage in (s.stage for s in back.stages) for stage in STAGES)


def test_the_demo_pipeline_runs_both_ways_is_synthetic_and_loads_once(db_session):
    from tradebridge.investment.demo import load_demo_pipeline

    with pytest.raises(BadInput, match="needs the demo registry"):
        load_demo_pipeline(db_session)
    for kind, country, name in [("exporter", "AZE", "Kend"), ("investor", "RUS", "Volga"),
                                ("investor", "TUR", "Anka")]:  # fmt: skip
        record = OrganisationRecord(
            kind, country, name_en=name, sectors=("steel",), synthetic=True, status="verified"
        )
        registry.create(db_session, record)
    added = load_demo_pipeline(db_session, count=16, today=date(2026, 11, 30))
    db_session.commit()
    assert added == 16 and load_demo_pipeline(db_session) == 0
    stored = db_session.scalars(select(InvestmentProject)).all()
    assert all(p.synthetic and "(synthetic)" in p.title for p in stored)
    pairs = {(p.origin, p.destination) for p in stored}
    assert {("RUS", "AZE"), ("TUR", "AZE"), ("AZE", "CHN"), ("AZE", "KAZ")} <= pairs
    for project in stored:
        log = db_session.scalars(
            select(StageChange)
            .where(StageChange.project_id == project.id)
            .order_by(StageChange.at, StageChange.id)
        ).all()
        assert log[0].from_stage is None and log[-1].to_stage == project.stage
        assert all(a.at <= b.at for a, b in zip(log, log[1:], strict=False))
        assert project.planned_usd > 0 and project.currency in ("AZN", "RUB", "TRY")
    notes = {r.currency: r.note for r in db_session.scalars(select(ExchangeRate))}
    assert set(notes.values()) == {"synthetic demo rate"}


def test_the_investment_commands(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from tradebridge.cli import app
    from tradebridge.db.engine import open_database

    monkeypatch.delenv("TRADEBRIDGE_DATABASE_URL", raising=False)
    home = tmp_path / "home"
    home.mkdir()
    run = CliRunner().invoke
    assert run(app, ["db", "upgrade", "-w", str(home)]).exit_code == 0
    refused = run(app, ["investment", "demo", "-w", str(home)])
    assert refused.exit_code == 2 and "needs the demo registry" in refused.output
    db = open_database(f"sqlite:///{home / 'tradebridge.sqlite3'}")
    with db.transaction(actor="test") as session:
        for kind, country in (("exporter", "AZE"), ("investor", "RUS")):
            record = OrganisationRecord(kind, country, name_en=f"{kind} {country}", synthetic=True)
            registry.create(session, record)
    db.dispose()
    done = run(app, ["investment", "demo", "-w", str(home), "--count", "8"])
    assert done.exit_code == 0 and "8 synthetic investment projects added" in done.output
    shown = run(app, ["investment", "report", "AZE", "Russia", "-w", str(home), "-f", "csv"])
    assert shown.exit_code == 0, shown.output
    lines = shown.output.strip().splitlines()
    assert lines[0].startswith("stage,AZE→RUS projects,AZE→RUS planned US$")
    assert len(lines) == 1 + 9  # one line per stage
    # 8 projects over the partners RUS, TUR, CHN, KAZ in turn: the first round inbound where
    # the partner has an investor (only RUS here), the second outbound: one each way with RUS
    as_json = run(app, ["investment", "report", "AZE", "RUS", "-w", str(home), "-f", "json"])
    result = json.loads(as_json.output)
    for way in ("AZE→RUS", "RUS→AZE"):
        at_stages = sum(row[f"{way} projects"] for row in result["rows"])
        assert at_stages + result["meta"]["lost"][way] == 1
    assert "Synthetic" in result["meta"]["notice"]
