"""Amounts in the currency given, converted to US dollars with the agency's own rate table.

A rate says how many US dollars one unit of a currency was worth from a date on (``valid_from``)
until the next rate of that currency. An amount is converted with the latest rate valid on its
date; both the amount and the converted US$ are stored, with the rate used, so a later change
of the table does not silently change past figures. US dollars need no rate.

>>> rates = [Rate("EUR", date(2024, 1, 1), Decimal("1.10")),
...          Rate("EUR", date(2024, 7, 1), Decimal("1.08"))]
>>> to_usd(Decimal("1000"), "eur", date(2024, 8, 15), rates)
Conversion(usd=Decimal('1080.00'), rate=Decimal('1.08'), rate_from=datetime.date(2024, 7, 1))
>>> to_usd(Decimal("1000"), "EUR", date(2023, 12, 31), rates).usd
Traceback (most recent call last):
...
tradebridge.errors.BadInput: currency: no US$ rate for EUR on or before 2023-12-31: ...
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from typing import NamedTuple

from tradebridge import amounts
from tradebridge.amounts import CENT
from tradebridge.errors import BadInput

USD = "USD"
_CODE = re.compile(r"[A-Z]{3}")


class Rate(NamedTuple):
    """US dollars per unit of ``currency`` from ``valid_from`` on."""

    currency: str
    valid_from: date
    usd_per_unit: Decimal


class Conversion(NamedTuple):
    """An amount in US$ (rounded to the cent), the rate used and the date it was valid from."""

    usd: Decimal
    rate: Decimal
    rate_from: date | None


def check_currency(code: str) -> str:
    """An ISO 4217 code in capitals (three letters), else ``BadInput``."""
    cleaned = str(code).strip().upper()
    if not _CODE.fullmatch(cleaned):
        raise BadInput(
            f"{code!r} is not a currency code (three letters, e.g. EUR)", field="currency"
        )
    return cleaned


def check_amount(value: Decimal | float | int | str, field: str = "amount") -> Decimal:
    """A non-negative amount to the cent (text read by ``amounts.amount``), else ``BadInput``."""
    found = amounts.amount(str(value), field)
    if found is None or found < 0:
        raise BadInput(f"{value!r} is not an amount of zero or more", field=field)
    return found


def rate_on(currency: str, on: date, rates: Iterable[Rate]) -> Rate:
    """The latest rate of ``currency`` valid on ``on``; ``BadInput`` when there is none."""
    code = check_currency(currency)
    valid = [r for r in rates if r.currency == code and r.valid_from <= on]
    if not valid:
        raise BadInput(
            f"no US$ rate for {code} on or before {on.isoformat()}: add one to the rate table",
            field="currency",
        )
    return max(valid, key=lambda r: r.valid_from)


def to_usd(amount: Decimal, currency: str, on: date, rates: Iterable[Rate]) -> Conversion:
    """``amount`` of ``currency`` in US$ on ``on`` (see the module's docstring)."""
    code = check_currency(currency)
    if code == USD:
        return Conversion(amount.quantize(CENT, ROUND_HALF_EVEN), Decimal(1), None)
    rate = rate_on(code, on, rates)
    usd = (amount * rate.usd_per_unit).quantize(CENT, ROUND_HALF_EVEN)
    return Conversion(usd, rate.usd_per_unit, rate.valid_from)
