"""The words around a result, built from its ``meta`` in one place for every interface.

``title(meta)`` says what was asked, of which country, for which year(s), the base year of
growth rates and the filters (sectors in or out, HS prefixes, partner group); ``notes(rows,
meta)`` explains what a reader could otherwise misread: the year chosen by default, empty growth
cells, potential totals (untapped is not the net gap) and the source.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from tradebridge.number_format import abbreviated
from tradebridge.rows import Rows

if TYPE_CHECKING:
    import pandas as pd

GROWTH_SUFFIX = "cagr"


def _years(years: Iterable[int]) -> str:
    """``2019–2021`` for a run of years, else ``2015, 2019``."""
    ys = sorted({int(y) for y in years})
    if len(ys) > 2 and ys == list(range(ys[0], ys[-1] + 1)):
        return f"{ys[0]}–{ys[-1]}"
    return ", ".join(map(str, ys))


def _year_part(meta: dict[str, Any]) -> str | None:
    year, years = meta.get("year"), meta.get("years")
    if year is not None and years and list(years) != [year]:
        return f"{year} (average of {_years(years)})"
    if year is not None:
        return str(year)
    if years:
        return _years(years)
    return None


def _growth_part(meta: dict[str, Any]) -> str | None:
    base = meta.get("base_year")
    growth = meta.get("growth")
    if base is None and isinstance(growth, dict):
        base = growth.get("base_year")
    year = meta.get("year")
    if base is None:
        return None
    return f"growth {base}–{year}" if year is not None else f"growth since {base}"


def _names(values: Any) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        return [values]
    return [str(v) for v in values]


def filters(meta: dict[str, Any]) -> list[str]:
    """The filters of a result in words, e.g. ``["without energy", "partners in CIS"]``.

    >>> filters({"sectors": ["agri_food"], "exclude_sectors": ["energy"], "products": ["08"]})
    ['sector agri_food', 'without energy', 'HS 08']
    """
    out = []
    sectors = _names(meta.get("sectors")) or _names(meta.get("sector"))
    if sectors:
        out.append(("sectors " if len(sectors) > 1 else "sector ") + ", ".join(sectors))
    excluded = _names(meta.get("exclude_sectors"))
    if excluded:
        out.append("without " + " and ".join(excluded))
    prefixes = _names(meta.get("products"))
    if prefixes:
        out.append("HS " + ", ".join(prefixes))
    if meta.get("group"):
        out.append(f"partners in {meta['group']}")
    return out


def title(meta: dict[str, Any], subject: str | None = None) -> str:
    """One line: the question (``meta["question"]``, else ``subject``), the year(s), the growth
    base year and the filters.

    >>> title({"question": "AZE exports by partner", "year": 2021, "base_year": 2016,
    ...        "exclude_sectors": ["energy"]})
    'AZE exports by partner, 2021; growth 2016–2021; without energy'
    """
    question = str(meta.get("question") or subject or "Result")
    question = question[:1].upper() + question[1:]
    year = _year_part(meta)
    head = f"{question}, {year}" if year and year not in question else question
    return "; ".join([head, *filter(None, [_growth_part(meta)]), *filters(meta)])


def _money(value: float) -> str:
    """``US$ 43.6B``: three significant figures are enough in a sentence (meta has the rest)."""
    return f"US$ {abbreviated(round(value) + 0.0)}"


def _gap_note(meta: dict[str, Any], prefix: str = "", label: str = "") -> str | None:
    """Potential, actual, net gap and untapped (sum of per-product shortfalls) in two sentences."""
    keys = [f"{prefix}{k}" for k in ("potential_usd", "actual_usd", "untapped_usd")]
    if any(meta.get(k) is None for k in keys):
        return None
    pv, actual, untapped = (float(meta[k]) for k in keys)
    gap = float(meta.get(f"{prefix}net_gap_usd", pv - actual))
    above = float(meta.get(f"{prefix}above_potential_usd", untapped - gap))
    return (
        f"{label}potential {_money(pv)}, actual {_money(actual)}, net gap (potential − actual) "
        f"{_money(gap)}. Untapped {_money(untapped)} adds up only the products below their "
        f"potential; the products above it exceed it by {_money(above)}."
    )


def potential_notes(meta: dict[str, Any]) -> list[str]:
    """The totals of an export potential (or mutual) result, told apart."""
    if "ab_potential_usd" in meta:
        a, b = meta.get("country", "A"), meta.get("partner", "B")
        notes = [
            _gap_note(meta, "ab_", f"{a}→{b}: "),
            _gap_note(meta, "ba_", f"{b}→{a}: "),
        ]
        return [n for n in notes if n]
    if "potential_usd" in meta and "untapped_usd" in meta:
        note = _gap_note(meta, "", "All products: ")
        return [note] if note else []
    return []


def _any_missing(rows: pd.DataFrame | Rows, columns: list[str]) -> bool:
    if isinstance(rows, Rows):
        return any(v is None or v != v for c in columns for v in rows.column(c))
    return bool(rows[columns].isna().to_numpy().any())


def growth_note(rows: pd.DataFrame | Rows, meta: dict[str, Any]) -> str | None:
    """Why growth cells are empty, when some are."""
    columns = [c for c in rows.columns if str(c).endswith(GROWTH_SUFFIX) or c == "world_growth"]
    if not columns or not _any_missing(rows, columns):
        return None
    if meta.get("growth_note"):
        return f"Empty growth/yr: {meta['growth_note']}."
    growth = meta.get("growth") if isinstance(meta.get("growth"), dict) else {}
    base = meta.get("base_year", growth.get("base_year"))
    if base is None:
        return "Empty growth/yr: the base year of the growth window is not in the warehouse."
    return f"Empty growth/yr: nothing traded in {base} (the base year)."


def notes(rows: pd.DataFrame | Rows, meta: dict[str, Any]) -> list[str]:
    """The lines printed under a table: the default-year choice, empty growth, potential totals,
    other notes of the analytics, and the source."""
    out = []
    if meta.get("year_note"):
        out.append(str(meta["year_note"]))
    out.append(growth_note(rows, meta))
    out.extend(potential_notes(meta))
    weights = meta.get("weights")
    if isinstance(weights, dict) and weights:
        out.append("Weights: " + ", ".join(f"{k} {v:g}" for k, v in weights.items()) + ".")
    for key in ("note", "average_note"):
        if meta.get(key):
            out.append(str(meta[key]))
    source = meta.get("source")
    if source:
        if isinstance(source, list | tuple):
            source = "; ".join(map(str, source))
        out.append(f"Source: {source}")
    return [n[:1].upper() + n[1:] for n in out if n]
