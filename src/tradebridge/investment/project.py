"""What a user gives for an investment project (``ProjectInput``), checked as a whole: every
problem is reported at once, field by field (``InvalidRecord``), before anything is stored."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from tradebridge.errors import BadInput, InvalidRecord
from tradebridge.field_checks import (
    Problem,
    code_problems,
    country_codes,
    hs6_codes,
    sector_ids,
    text_problems,
)
from tradebridge.investment.models import PROJECT_KINDS, SOURCES
from tradebridge.investment.money import check_amount, check_currency

MAX_TITLE = 300
MAX_TEXT = 5000


@dataclass(frozen=True)
class ProjectInput:
    """A project's fields as a form, the API or an import give them (amounts in ``currency``;
    ``amount_date`` is the date their US$ rate is taken at, today when not given)."""

    title: str
    investor_id: int
    origin: str
    destination: str
    kind: str = "greenfield"
    sector: str | None = None
    products: tuple[str, ...] = ()
    region: str = ""
    currency: str = "USD"
    planned_amount: Decimal | None = None
    realised_amount: Decimal | None = None
    realised_on: date | None = None
    jobs_planned: int | None = None
    jobs_created: int | None = None
    incentives_requested: str = ""
    source: str = "other"
    source_ref: str = ""
    manager_id: int | None = None
    next_action: str = ""
    next_action_due: date | None = None
    amount_date: date | None = None
    synthetic: bool = False


def _problems(p: ProjectInput) -> Iterable[Problem]:
    if not p.title.strip():
        yield "title", "empty: name the project in a few words"
    yield from text_problems("title", p.title, MAX_TITLE)
    for name in ("origin", "destination"):
        yield from code_problems(name, [getattr(p, name)], country_codes(), "country code")
    if p.origin == p.destination:
        yield "destination", "the same country as the origin: an investment crosses a border"
    if p.kind not in PROJECT_KINDS:
        yield "kind", f"unknown kind {p.kind!r}; valid: {', '.join(PROJECT_KINDS)}"
    if p.source not in SOURCES:
        yield "source", f"unknown source {p.source!r}; valid: {', '.join(SOURCES)}"
    if p.sector is not None:
        yield from code_problems("sector", [p.sector], sector_ids(), "sector")
    yield from code_problems("products", p.products, hs6_codes(), "HS6 code")
    for name in ("jobs_planned", "jobs_created"):
        value = getattr(p, name)
        if value is not None and value < 0:
            yield name, f"must be zero or more, got {value}"
    for name in ("incentives_requested", "next_action", "region", "source_ref"):
        yield from text_problems(name, getattr(p, name), MAX_TEXT)
    if p.realised_amount is not None and p.realised_on is None:
        yield "realised_on", "a realised amount needs the date it was realised"


def checked(p: ProjectInput) -> ProjectInput:
    """``p`` with its currency in capitals and its amounts as decimals, or ``InvalidRecord``
    listing every problem."""
    problems = list(_problems(p))
    values: dict[str, object] = {}
    try:
        values["currency"] = check_currency(p.currency)
    except BadInput as exc:
        problems.append(("currency", exc.reason))
    for name in ("planned_amount", "realised_amount"):
        if getattr(p, name) is not None:
            try:
                values[name] = check_amount(getattr(p, name), name)
            except BadInput as exc:
                problems.append((name, exc.reason))
    if problems:
        raise InvalidRecord(problems)
    return replace(p, **values)
