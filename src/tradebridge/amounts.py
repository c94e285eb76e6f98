"""Amounts of money as people type them: the one reader for the web forms and the services
(an event's deal in US$, an investment project's amounts in their currency).

An amount is read to the cent (half to even): spaces, no-break spaces and thousands commas are
ignored; an empty text means "not given" (None); anything else that is not a finite number is
``BadInput`` naming the field. Whether an amount may be negative or how large it may be is the
record's rule, checked where the record is.

>>> amount("1 250 000.5", "value_usd"), amount("", "value_usd"), amount("12,000", "planned")
(Decimal('1250000.50'), None, Decimal('12000.00'))
>>> amount("0.125", "planned"), amount("-3", "planned")
(Decimal('0.12'), Decimal('-3.00'))
>>> amount("twelve", "planned")
Traceback (most recent call last):
tradebridge.errors.BadInput: planned: not an amount of money: 'twelve'
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from tradebridge.errors import BadInput

CENT = Decimal("0.01")
_IGNORED = str.maketrans("", "", " \u00a0\u202f,")


def amount(text: str, field: str) -> Decimal | None:
    """``text`` as an amount to the cent, None when empty, else ``BadInput`` (see the module)."""
    cleaned = text.translate(_IGNORED).strip()
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise BadInput(f"not an amount of money: {text!r}", field=field)
    try:
        return value.quantize(CENT, ROUND_HALF_EVEN)
    except InvalidOperation:  # more digits than a Decimal holds: no amount of money
        raise BadInput(f"not an amount of money: {text!r}", field=field) from None
