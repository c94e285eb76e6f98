"""How a result's columns read in a terminal: each column's kind (money, share, growth, count,
number, text), its header in words, and its cells in full or abbreviated (K, M, B, T).

Kinds follow the column names of the analytics: ``*_usd`` and a few named US$ columns are money,
``share`` and ``*_share`` are shares (printed as percentages), ``cagr``, ``*_cagr`` and
``*_growth`` are compound annual growth rates (signed percentages).
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Any

import pandas as pd

from tradebridge.number_format import abbreviated, grouped, percent, signed_percent

MONEY_NAMES = frozenset(
    {"export_value", "world_trade", "exports", "demand", "mutual_score", "basket_usd"}
)


class Kind(StrEnum):
    money = "money"
    share = "share"
    growth = "growth"
    integer = "integer"
    number = "number"
    text = "text"


def kind_of(name: str, values: pd.Series) -> Kind:
    """The kind of column ``name`` holding ``values``.

    >>> kind_of("value_usd", pd.Series([1.0])), kind_of("cagr", pd.Series([0.1]))
    (<Kind.money: 'money'>, <Kind.growth: 'growth'>)
    """
    numeric = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
    if not numeric:
        return Kind.text
    if name.endswith("_usd") or name in MONEY_NAMES:
        return Kind.money
    if name == "share" or name.endswith("_share"):
        return Kind.share
    if name.endswith("cagr") or name.endswith("_growth"):
        return Kind.growth
    if pd.api.types.is_integer_dtype(values):
        return Kind.integer
    return Kind.number


def header(name: str, meta: dict[str, Any]) -> str:
    """Column ``name`` in words: ``value_usd`` → ``value US$``, ``ab_untapped_usd`` →
    ``AZE→RUS untapped US$`` (A and B from ``meta``), ``cagr`` → ``growth/yr``.

    >>> header("ab_untapped_usd", {"country": "AZE", "partner": "RUS"})
    'AZE→RUS untapped US$'
    """
    a, b = meta.get("country", "A"), meta.get("partner", "B")
    words = {"usd": "US$", "cagr": "growth/yr", "ab": f"{a}→{b}", "ba": f"{b}→{a}"}
    parts = [words.get(w, w) for w in str(name).split("_")]
    if parts[-1] == "growth":
        parts[-1] = "growth/yr"
    return " ".join(parts)


def _missing(value: object) -> bool:
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def cell(value: object, kind: Kind, *, short: bool = False) -> str:
    """One cell as text; empty for a missing value.

    >>> cell(0.34939, Kind.share), cell(0.0521, Kind.growth), cell(-0.031, Kind.growth)
    ('34.9%', '+5.2%', '-3.1%')
    >>> cell(15018422259.4, Kind.money), cell(15018422259.4, Kind.money, short=True)
    ('15,018,422,259', '15B')
    """
    if _missing(value):
        return ""
    if kind is Kind.money:
        return abbreviated(float(value)) if short else grouped(float(value))
    if kind is Kind.share:
        return percent(float(value))
    if kind is Kind.growth:
        return signed_percent(float(value))
    if kind is Kind.integer:
        return f"{int(value):,}" if abs(int(value)) >= 10000 else str(int(value))
    if kind is Kind.number:
        number = float(value)
        if abs(number) >= 1000:
            return abbreviated(number) if short else grouped(number)
        return f"{number:.4g}"
    return str(value)
