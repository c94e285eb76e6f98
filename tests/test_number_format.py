"""One number format for the terminal, the brief, the web pages and the charts: every expected
string below is written out by hand (CLDR separators: az ``1.234,5``, ru ``1 234,5`` with a
no-break space, en ``1,234.5``; units K M B T, az mln mlrd, ru тыс. млн млрд)."""

from __future__ import annotations

import math

import pytest

from tradebridge import number_format as nf
from tradebridge.i18n import language

NB = "\xa0"


@pytest.mark.parametrize(
    ("value", "code", "expected"),
    [
        (15_018_422_259, None, "15B"),
        (15_418_422_259, None, "15.4B"),
        (-7_068_737.5, None, "-7.07M"),
        (999_960, None, "1M"),
        (999_400, None, "999K"),
        (123_456, None, "123K"),
        (950.4, None, "950"),
        (-0.3, None, "0"),
        (2.5e12, None, "2.5T"),
        (4.2e15, None, "4,200T"),
        (15_418_422_259, "ru", f"15,4{NB}млрд"),
        (1_234_567.8, "az", f"1,23{NB}mln"),
        (2_500_000_000, "en", "2.5B"),
        (math.nan, None, "–"),
    ],
)
def test_abbreviated(value, code, expected) -> None:
    assert nf.abbreviated(value, code) == expected


@pytest.mark.parametrize(
    ("value", "code", "expected"),
    [
        (1_234_567.8, "en", "$1.23M"),
        (1_234_567.8, "az", f"1,23{NB}mln{NB}US$"),
        (1_234_567.8, "ru", f"1,23{NB}млн{NB}$"),
        (2_500_000_000, "ru", f"2,5{NB}млрд{NB}$"),
        (836.4, "en", "$836"),
        (836.4, "ru", f"836{NB}$"),
        (-7_068_737.5, "en", "-$7.07M"),
        (-0.2, "en", "$0"),
        (None, "en", "–"),
    ],
)
def test_money(value, code, expected) -> None:
    assert nf.money(value, code) == expected


def test_money_is_the_same_in_the_brief_and_the_web_filters() -> None:
    """``Language.money`` (brief, page filters) is ``number_format.money`` in that language."""
    assert language("az").money(45_600_000) == f"45,6{NB}mln{NB}US$"
    assert language("en").money(45_600_000) == "$45.6M"


@pytest.mark.parametrize(
    ("value", "digits", "code", "expected"),
    [
        (1234.5, 1, None, "1,234.5"),
        (1234.5, 1, "az", "1.234,5"),
        (1234.5, 1, "ru", f"1{NB}234,5"),
        (15_018_422_259.4, 0, None, "15,018,422,259"),
        (0.6666, 2, "ru", "0,67"),
    ],
)
def test_number(value, digits, code, expected) -> None:
    assert nf.number(value, digits, code) == expected


def test_grouped_is_whole_and_never_minus_zero() -> None:
    assert nf.grouped(-0.4) == "0"
    assert nf.grouped(2_000_000.6, "ru") == f"2{NB}000{NB}001"


@pytest.mark.parametrize(
    ("share", "code", "expected"),
    [
        (0.34939, None, "34.9%"),
        (0.0002, None, "<0.1%"),
        (0.0005, None, "0.1%"),
        (0.0, None, "0.0%"),
        (1.0, None, "100.0%"),
        (0.125, "ru", "12,5%"),
        (0.0002, "az", "<0,1%"),
    ],
)
def test_percent(share, code, expected) -> None:
    assert nf.percent(share, code=code) == expected


def test_signed_percent() -> None:
    assert [nf.signed_percent(r) for r in (0.0521, -0.031, 0.0)] == ["+5.2%", "-3.1%", "+0.0%"]
    assert nf.signed_percent(0.0521, "ru") == "+5,2%"


def test_money_column_one_unit_per_column() -> None:
    col = nf.money_column([15_400_000, 909_625, 0, None], "en")
    assert (col.unit, col.cells) == ("M", ["15.4", "0.9", "0.0", "–"])
    col = nf.money_column([5_600_000, 387_700], "ru")
    assert (col.unit, col.cells) == ("млн", ["5,60", "0,39"])
    assert nf.money_column([400, 250]).cells == ["400", "250"]


def test_axis_labels_use_the_locale_units_and_decimal_sign() -> None:
    expr = nf.money_axis_expr("ru")
    assert f"'{NB}млрд'" in expr and "'.', ','" in expr
    assert nf.money_axis_expr("en").startswith(
        "abs(datum.value) >= 1e+12 ? replace(format(datum.value / 1e+12, '.3~r'), '.', '.') + 'T'"
    )
