"""Numbers as people read them: the one owner of the rules, for the terminal, the brief, the web
pages and the charts.

Every function takes an optional language ``code`` (``az``, ``ru``, ``en``). Without one the
text is the terminal's plain ASCII (``15B``, ``34.9%``) and nothing heavy is imported; with
one, the separators, decimal sign, unit names and currency placement come from CLDR through
Babel (``15,0 млрд $``). The rules themselves are the same everywhere:

- money in full: whole dollars with thousands separators (``grouped``);
- money short: at most three significant figures (trailing zeros dropped) and the largest unit
  of 10³, 10⁶, 10⁹, 10¹² not above the amount, whole below a thousand (``abbreviated``, and
  ``money`` with the currency); chart axes read the same (``money_axis_expr``);
- a column of amounts: one unit and one number of decimals for every cell (``money_column``);
- shares as percentages with one decimal, ``<0.1%`` rather than a false ``0.0%`` (``percent``);
  growth rates signed (``signed_percent``).

A missing value (None, NaN) reads ``–``. Parts of a figure are held together with no-break
spaces, so it never wraps across lines.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

NBSP = "\u00a0"
MISSING = "–"
UNITS = ((1e3, "K"), (1e6, "M"), (1e9, "B"), (1e12, "T"))


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return True


@cache
def _locale(code: str) -> Any:
    from babel import Locale

    return Locale.parse(code)


def _decimal(
    value: float, digits: int, code: str | None, *, percent: bool = False, trim: bool = False
) -> str:
    """``value`` with ``digits`` decimals (``trim``: at most, trailing zeros dropped) and
    thousands separators (the locale's, or ASCII)."""
    if code is None:
        text = f"{value * 100 if percent else value:,.{digits}f}"
        if trim and digits:
            text = text.rstrip("0").rstrip(".")
        return text + ("%" if percent else "")
    pattern = "#,##0" + ("." + ("#" if trim else "0") * digits if digits else "")
    text = _pattern(pattern + ("%" if percent else "")).apply(value, _locale(code))
    return text.replace(" ", NBSP)


@cache
def _pattern(text: str) -> Any:
    """Babel's parsed number pattern, parsed once (a page formats hundreds of figures)."""
    from babel.numbers import parse_pattern

    return parse_pattern(text)


def number(value: Any, digits: int = 0, code: str | None = None) -> str:
    """A number with thousands separators and ``digits`` decimals.

    >>> number(1234567.891, 2), number(1234567.891, 2, "ru"), number(None)
    ('1,234,567.89', '1\\xa0234\\xa0567,89', '–')
    """
    if _missing(value):
        return MISSING
    return _decimal(float(value), digits, code)


def grouped(value: Any, code: str | None = None) -> str:
    """Whole units with thousands separators, never ``-0``.

    >>> grouped(15018422259.4), grouped(-0.3), grouped(15018422259.4, "az")
    ('15,018,422,259', '0', '15.018.422.259')
    """
    if _missing(value):
        return MISSING
    return _decimal(round(float(value)) + 0.0, 0, code)


@cache
def unit_names(code: str | None) -> dict[float, str]:
    """The short names of 10³, 10⁶, 10⁹ and 10¹²: ``K M B T`` without a language, else the
    locale's (CLDR), with the no-break space CLDR puts before them.

    >>> unit_names(None)[1e6], unit_names("en")[1e6], unit_names("ru")[1e9], unit_names("az")[1e6]
    ('M', 'M', '\\xa0млрд', '\\xa0mln')
    """
    if code is None:
        return dict(UNITS)
    from babel.numbers import format_compact_decimal

    names = {}
    for unit, _ in UNITS:
        # "5" picks the plural form used for most figures; the digit is then removed
        text = format_compact_decimal(5 * unit, format_type="short", locale=_locale(code))
        names[unit] = text.replace("5", "", 1).replace(" ", NBSP)
    return names


def _scaled(magnitude: float) -> tuple[float, float, int]:
    """``(scaled, unit, decimals)``: three significant figures in the largest unit that keeps
    the scaled figure under 1,000 once rounded."""
    for unit, _ in UNITS:
        scaled = magnitude / unit
        digits = 2 if scaled < 9.995 else (1 if scaled < 99.95 else 0)
        if round(scaled, digits) < 1000 or unit == UNITS[-1][0]:
            break
    return scaled, unit, digits


def abbreviated(value: Any, code: str | None = None) -> str:
    """At most three significant figures and a unit: ``15018422259`` → ``15B``,
    ``15418422259`` → ``15.4B``; under 1,000 whole.

    >>> abbreviated(15018422259), abbreviated(-7068737.5), abbreviated(999960), abbreviated(950)
    ('15B', '-7.07M', '1M', '950')
    >>> abbreviated(15418422259, "ru"), abbreviated(1234567.8, "az"), abbreviated(2.5e9, "en")
    ('15,4\\xa0млрд', '1,23\\xa0mln', '2.5B')
    """
    if _missing(value):
        return MISSING
    value = float(value)
    if abs(value) < 1000:
        return grouped(value, code)
    scaled, unit, digits = _scaled(abs(value))
    sign = "-" if value < 0 else ""
    return sign + _decimal(scaled, digits, code, trim=True) + unit_names(code)[unit]


def money(value: Any, code: str | None = None) -> str:
    """US dollars, short (``abbreviated``) with the currency where the locale puts it:
    ``$1.23M`` (en), ``1,23 mln US$`` (az), ``1,23 млн $`` (ru); whole dollars below a
    thousand.

    >>> money(1234567.8), money(1234567.8, "az"), money(1234567.8, "ru"), money(-836.4, "en")
    ('$1.23M', '1,23\\xa0mln\\xa0US$', '1,23\\xa0млн\\xa0$', '-$836')
    """
    if _missing(value):
        return MISSING
    figure = abbreviated(abs(float(value)), code)
    sign = "-" if float(value) <= -0.5 else ""
    if code is None:
        return f"{sign}${figure}"
    symbol, before = _dollar(code)
    if before:
        return f"{sign}{symbol}{figure}"
    return f"{sign}{figure}{NBSP}{symbol}"


@cache
def _dollar(code: str) -> tuple[str, bool]:
    """The locale's US-dollar symbol and whether it goes before the figure."""
    from babel.numbers import get_currency_symbol

    locale = _locale(code)
    symbol = get_currency_symbol("USD", locale=locale)
    return symbol, locale.currency_formats["standard"].pattern.startswith("¤")


def percent(share: Any, digits: int = 1, code: str | None = None) -> str:
    """A share (0.25) as a percentage with ``digits`` decimals; ``<0.1%`` rather than a false
    ``0.0%`` for a share above zero that would round to nothing.

    >>> percent(0.34939), percent(0.0002), percent(0.0), percent(0.34939, code="ru")
    ('34.9%', '<0.1%', '0.0%', '34,9%')
    """
    if _missing(share):
        return MISSING
    share = float(share)
    least = 10.0 ** -(digits + 2)
    if 0 < share < least / 2:
        return "<" + _decimal(least, digits, code, percent=True)
    return _decimal(share, digits, code, percent=True)


def signed_percent(rate: Any, code: str | None = None) -> str:
    """A growth rate as a signed percentage.

    >>> signed_percent(0.0521), signed_percent(-0.031), signed_percent(0.0521, "ru")
    ('+5.2%', '-3.1%', '+5,2%')
    """
    if _missing(rate):
        return MISSING
    rate = float(rate)
    return ("-" if rate < 0 else "+") + _decimal(abs(rate), 1, code, percent=True)


@dataclass(frozen=True)
class MoneyColumn:
    """A table column of US$ amounts in one unit: ``unit`` for the header, ``cells`` in order."""

    unit: str
    cells: list[str]


def money_column(values: Iterable[object], code: str | None = None) -> MoneyColumn:
    """Every amount in the unit of the column's largest one, with the same decimals.

    Decimals: none when the unit is one dollar; else one, or two when the largest amount is
    below 10 of the unit (so the column shows at least two significant digits at its top).

    >>> col = money_column([15_400_000, 909_625, 0, None])
    >>> col.unit, col.cells
    ('M', ['15.4', '0.9', '0.0', '–'])
    >>> money_column([5_600_000, 387_700], "ru").cells
    ['5,60', '0,39']
    >>> money_column([400, 250]).unit, money_column([400, 250]).cells
    ('', ['400', '250'])
    """
    amounts = [None if _missing(v) else float(v) for v in values]  # type: ignore[arg-type]
    present = [abs(a) for a in amounts if a is not None]
    top = max(present, default=0.0)
    unit = next((u for u, _ in reversed(UNITS) if top >= u), 1.0)
    digits = 0 if unit == 1.0 else (2 if top / unit < 10 else 1)
    cells = [MISSING if a is None else _decimal(a / unit, digits, code) for a in amounts]
    name = unit_names(code)[unit].strip(NBSP) if unit != 1.0 else ""
    return MoneyColumn(name, cells)


def money_axis_expr(code: str = "en", field: str = "datum.value") -> str:
    """A Vega expression labelling an axis or legend tick in the locale's K/M/B units.

    Three significant digits at most (``200M``, ``1.5B``, ``750K``), the locale's decimal sign.

    >>> money_axis_expr("en").startswith("abs(datum.value) >= 1e+12 ? ")
    True
    """
    names = unit_names(code)
    decimal = _locale(code).number_symbols["latn"]["decimal"]
    out = f"replace(format({field}, '.3~r'), '.', '{decimal}')"
    for unit, _ in UNITS:
        number = f"replace(format({field} / {unit:.0e}, '.3~r'), '.', '{decimal}')"
        out = f"abs({field}) >= {unit:.0e} ? {number} + '{names[unit]}' : ({out})"
    return out
