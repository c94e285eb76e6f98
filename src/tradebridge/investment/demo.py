"""A synthetic investment pipeline for the demo: about 60 projects in both directions between
Azerbaijan and Russia, Türkiye, China and Kazakhstan, over the synthetic demo registry.

Inbound projects (partner → Azerbaijan) belong to the registry's investors of the partner
country, outbound ones (Azerbaijan → partner) to Azerbaijani producers expanding abroad. Each
project walks the funnel from a start in the last three years, with contacts along the way;
about one in five is lost. Amounts are drawn in US$ and stored in the investor's currency
through a demo rate table whose rates are round made-up values, noted as such. Everything is
marked synthetic; a second run adds nothing.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from tradebridge.errors import BadInput
from tradebridge.investment import services
from tradebridge.investment.models import INTERACTION_KINDS, PROJECT_KINDS, InvestmentProject
from tradebridge.investment.project import ProjectInput
from tradebridge.investment.stages import LOST, LOST_REASONS, STAGES

HOME = "AZE"
PARTNERS = ("RUS", "TUR", "CHN", "KAZ")
CURRENCY = {"AZE": "AZN", "RUS": "RUB", "TUR": "TRY", "CHN": "CNY", "KAZ": "KZT"}
DEMO_RATES = {  # US$ per unit: round made-up values for the demo, not market rates
    "AZN": Decimal("0.59"),
    "RUB": Decimal("0.011"),
    "TRY": Decimal("0.03"),
    "CNY": Decimal("0.14"),
    "KZT": Decimal("0.002"),
}
RATES_FROM = date(2020, 1, 1)
# how far projects get: the share of projects whose furthest stage is each stage
FURTHEST = (0.14, 0.14, 0.14, 0.12, 0.12, 0.1, 0.08, 0.08, 0.08)


def _organisations(session: Session) -> dict[tuple[str, str], list[Any]]:
    from tradebridge.registry.models import Organisation

    found: dict[tuple[str, str], list[Any]] = {}
    rows = session.scalars(
        select(Organisation)
        .where(Organisation.synthetic.is_(True), Organisation.status != "archived")
        .order_by(Organisation.id)
    )
    for org in rows:
        found.setdefault((org.kind, org.country), []).append(org)
    return found


def _manager(session: Session) -> int | None:
    from tradebridge.accounts.models import User

    return session.scalar(
        select(User.id).where(User.role == "staff", User.disabled.is_(False)).order_by(User.id)
    )


def load_demo_pipeline(
    session: Session, *, count: int = 60, seed: int = 7, today: date | None = None
) -> int:
    """Add the demo pipeline (see the module's docstring); the number of projects added (0
    when synthetic projects are already there). ``BadInput`` without the demo registry."""
    if session.scalar(select(exists().where(InvestmentProject.synthetic.is_(True)))):
        return 0
    orgs = _organisations(session)
    missing = [c for c in PARTNERS if not orgs.get(("investor", c))]
    if not orgs.get(("exporter", HOME)) or len(missing) == len(PARTNERS):
        raise BadInput(
            "the demo pipeline needs the demo registry: run `tradebridge demo-registry` and "
            "`tradebridge registry import` first"
        )
    for currency, rate in DEMO_RATES.items():
        services.set_rate(session, currency, RATES_FROM, rate, note="synthetic demo rate")
    rng = random.Random(seed)
    today = today or date.today()
    manager = _manager(session)
    added = 0
    for n in range(count):
        partner = PARTNERS[n % len(PARTNERS)]
        inbound = (n // len(PARTNERS)) % 2 == 0 and bool(orgs.get(("investor", partner)))
        investor = rng.choice(orgs[("investor", partner)] if inbound else orgs[("exporter", HOME)])
        origin, destination = (partner, HOME) if inbound else (HOME, partner)
        _one_project(session, rng, investor, origin, destination, manager, today)
        added += 1
    return added


def _one_project(
    session: Session,
    rng: random.Random,
    investor: Any,
    origin: str,
    destination: str,
    manager: int | None,
    today: date,
) -> None:
    start = datetime.combine(today, datetime.min.time(), UTC) - timedelta(
        days=rng.randint(180, 3 * 365)
    )
    furthest = rng.choices(range(len(STAGES)), weights=FURTHEST)[0]
    usd = Decimal(round(rng.lognormvariate(15.5, 1.2), -3))  # median about US$ 5 M
    currency = CURRENCY[origin]
    sector = sorted(investor.sectors)[0] if investor.sectors else None
    products = tuple(p["code"] for p in (investor.products_offered or [])[:2])
    moments = [start]
    for _ in range(furthest):
        moments.append(moments[-1] + timedelta(days=rng.randint(12, 120)))
    now = datetime.combine(today, datetime.min.time(), UTC)
    moments = [min(m, now - timedelta(days=len(moments) - i)) for i, m in enumerate(moments)]
    realised_on = moments[STAGES.index("implementation")].date() if furthest >= 7 else None
    jobs = max(5, int(usd / 80_000))
    data = ProjectInput(
        title=_title(rng, investor, destination),
        investor_id=investor.id,
        origin=origin,
        destination=destination,
        kind=rng.choice(PROJECT_KINDS[:4]),
        sector=sector,
        products=products,
        region=investor.city if origin == HOME else "",
        currency=currency,
        planned_amount=(usd / DEMO_RATES[currency]).quantize(Decimal(1)),
        realised_amount=(usd * Decimal("0.9") / DEMO_RATES[currency]).quantize(Decimal(1))
        if realised_on
        else None,
        realised_on=realised_on,
        jobs_planned=jobs,
        jobs_created=int(jobs * 0.8) if furthest == len(STAGES) - 1 else None,
        source=rng.choice(("event", "mission", "inquiry", "referral")),
        manager_id=manager,
        next_action=rng.choice(("send the site offer", "call back", "prepare the incentives")),
        next_action_due=today + timedelta(days=rng.randint(-30, 45)),
        amount_date=start.date(),
        synthetic=True,
    )
    project = services.create(session, data, at=moments[0])
    for stage, moment in zip(STAGES[1 : furthest + 1], moments[1:], strict=True):
        services.move(session, project.id, stage, at=moment)
    for _ in range(rng.randint(1, 4)):
        held = moments[0] + (moments[-1] - moments[0]) * rng.random()
        services.add_interaction(
            session,
            project.id,
            rng.choice(INTERACTION_KINDS),
            held.date(),
            participants=investor.name_en,
            notes="synthetic demo contact",
        )
    if furthest < len(STAGES) - 1 and rng.random() < 0.2:
        lost_at = min(moments[-1] + timedelta(days=rng.randint(10, 90)), now)
        services.move(session, project.id, LOST, reason=rng.choice(LOST_REASONS[:7]), at=lost_at)


def _title(rng: random.Random, investor: Any, destination: str) -> str:
    from tradebridge.reference.countries import country_name

    what = rng.choice(("Plant", "Joint venture", "Logistics hub", "Processing line"))
    return f"{what} of {investor.name_en} in {country_name(destination)} (synthetic)"
