"""Amounts of money typed by people: one reader for the event deal's US$ and the investment
project's amounts (``tradebridge.amounts``), and the project check built on it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tradebridge.amounts import amount
from tradebridge.errors import BadInput
from tradebridge.investment.money import check_amount


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2,160,000", Decimal("2160000.00")),
        ("1 250 000.5", Decimal("1250000.50")),
        ("1\u00a0250\u202f000", Decimal("1250000.00")),  # no-break spaces, as copied from a page
        ("  42 ", Decimal("42.00")),
        ("0.125", Decimal("0.12")),  # half to even
        ("0.135", Decimal("0.14")),
        ("-3", Decimal("-3.00")),  # the sign is the record's rule
        ("", None),
        ("   ", None),
    ],
)
def test_typed_amounts_are_read_to_the_cent(text, expected):
    found = amount(text, "value_usd")
    assert found == expected
    assert found is None or found.as_tuple().exponent == -2


@pytest.mark.parametrize("text", ["twelve", "NaN", "Infinity", "-inf", "1.2.3", "1e99999"])
def test_what_is_not_an_amount_is_refused_naming_the_field(text):
    with pytest.raises(BadInput, match="^planned_amount: not an amount of money"):
        amount(text, "planned_amount")


def test_a_project_amount_is_zero_or_more():
    assert check_amount("1,000") == Decimal("1000.00")
    assert check_amount(Decimal("12.345")) == Decimal("12.34")
    for bad in ("-1", ""):
        with pytest.raises(BadInput, match="planned_amount: .* is not an amount of zero or more"):
            check_amount(bad, "planned_amount")
    with pytest.raises(BadInput, match="planned_amount: not an amount of money: 'nan'"):
        check_amount(float("nan"), "planned_amount")
