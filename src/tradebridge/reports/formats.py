"""Money in charts and tables: thousands, millions and billions in the reader's language.

``i18n.Language.money`` formats one figure on its own; here are the two other shapes of the
same rule (the unit is the largest of 1, 10³, 10⁶, 10⁹, 10¹² not above the value, its short name
comes from CLDR through Babel: ``K M B`` in English, ``тыс. млн млрд`` in Russian, ``K mln
mlrd`` in Azerbaijani):

- ``money_column``: a table column, one unit and one number of decimals for every cell (the
  unit goes to the header), so that a column never mixes ``5.8 M`` with ``909,625``;
- ``money_axis_expr``: a Vega expression for axis and legend labels (``200M``, ``1.5B``).

Every figure keeps its parts together with no-break spaces, so it never wraps across lines.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from babel import Locale
from babel.numbers import format_compact_decimal, format_decimal

from tradebridge.i18n import language

NBSP = "\u00a0"
UNITS = (1e12, 1e9, 1e6, 1e3)
MISSING = "–"


def _locale(code: str) -> Locale:
    return language(code).locale


@cache
def unit_names(code: str) -> dict[float, str]:
    """The locale's short names of 10³, 10⁶, 10⁹ and 10¹², with the space CLDR puts before them.

    >>> unit_names("en")[1e6], unit_names("ru")[1e9], unit_names("az")[1e6]
    ('M', '\\xa0млрд', '\\xa0mln')
    """
    names = {}
    for unit in UNITS:
        # "5" picks the plural form used for most figures; the digit is then removed
        text = format_compact_decimal(5 * unit, format_type="short", locale=_locale(code))
        names[unit] = text.replace("5", "", 1).replace(" ", NBSP)
    return names


def _unit_of(value: float) -> float:
    magnitude = abs(value)
    return next((u for u in UNITS if magnitude >= u), 1.0)


def _missing(value: object) -> bool:
    try:
        return value is None or math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


@dataclass(frozen=True)
class MoneyColumn:
    """A table column of US$ amounts in one unit: ``unit`` for the header, ``cells`` in order."""

    unit: str
    cells: list[str]


def money_column(values: Iterable[object], code: str = "en") -> MoneyColumn:
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
    unit = _unit_of(max(present)) if present else 1.0
    if unit == 1.0:
        digits = 0
    else:
        digits = 2 if max(present) / unit < 10 else 1
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    locale = _locale(code)
    cells = [
        MISSING if a is None else format_decimal(a / unit, format=pattern, locale=locale)
        for a in amounts
    ]
    name = unit_names(code)[unit].strip(NBSP) if unit != 1.0 else ""
    return MoneyColumn(name, [c.replace(" ", NBSP) for c in cells])


def money_axis_expr(code: str = "en", field: str = "datum.value") -> str:
    """A Vega expression labelling an axis or legend tick in the locale's K/M/B units.

    Three significant digits at most (``200M``, ``1.5B``, ``750K``), the locale's decimal sign.
    """
    names = unit_names(code)
    decimal = _locale(code).number_symbols["latn"]["decimal"]
    out = f"replace(format({field}, '.3~r'), '.', '{decimal}')"
    for unit in reversed(UNITS):
        number = f"replace(format({field} / {unit:.0e}, '.3~r'), '.', '{decimal}')"
        out = f"abs({field}) >= {unit:.0e} ? {number} + '{names[unit]}' : ({out})"
    return out


def differ_tenfold(*series: Sequence[float], level: Callable[[np.ndarray], float] = np.max) -> bool:
    """True when two of the series with positive amounts have levels more than ten times
    apart: drawn on one linear scale, the smaller would be flattened against zero.

    The level of a series is ``level`` of its positive amounts: the largest (bars, whose
    longest bar sets the scale) or the median (lines over years, so that one high year of the
    small side does not hide that it is flat in all the others).

    >>> differ_tenfold([100, 80], [950, 900]), differ_tenfold([10, 1], [101])
    (False, True)
    >>> differ_tenfold([20, 15, 102], [900, 600, 952]), differ_tenfold(
    ...     [20, 15, 102], [900, 600, 952], level=np.median)
    (False, True)
    >>> differ_tenfold([0, 0], [5])  # nothing to flatten when one side is all zero
    False
    """
    levels = []
    for values in series:
        amounts = np.abs(np.asarray(values, dtype=float))
        amounts = amounts[np.isfinite(amounts) & (amounts > 0)]
        if amounts.size:
            levels.append(float(level(amounts)))
    return len(levels) >= 2 and max(levels) > 10 * min(levels)
