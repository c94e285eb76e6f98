"""The market brief of two countries: its facts, and the one function that writes it.

Every number comes from a domain function: ``bilateral`` (the trade trend), ``profile`` (the
partner's rank among the country's destinations, with and without energy), ``potential`` (top
untapped products each way) and ``mutual`` (sectors both ways, complementarity and intensity).
``brief_page`` lays the facts out as one self-contained HTML document (charts as inline SVG),
``pdf`` prints that same document to A4. ``render_brief`` is what the CLI, the Python API and
the web page's download call; ``write_brief`` picks the format from the file's suffix.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from tradebridge.analytics.mutual import mutual
from tradebridge.analytics.potential import potential
from tradebridge.analytics.profiles import bilateral, profile, resolve_year
from tradebridge.atomic import write_atomically
from tradebridge.data.warehouse import Warehouse
from tradebridge.errors import BadInput
from tradebridge.i18n import LANGUAGES
from tradebridge.reference.countries import resolve_country

TREND_YEARS = 9
Format = Literal["html", "pdf"]
SUFFIXES: dict[str, Format] = {".html": "html", ".htm": "html", ".pdf": "pdf"}


@dataclass(frozen=True)
class Rank:
    """Where the partner stands among the country's destinations: ``rank`` of ``of`` (None
    when it buys nothing), with its ``share`` of the exports."""

    rank: int | None
    share: float | None
    of: int


@dataclass(frozen=True)
class Brief:
    """The facts of a brief of ``country`` (A) and ``partner`` (B) in ``year``."""

    country: str
    partner: str
    year: int
    trend: pd.DataFrame  # year, exports_usd (A→B), imports_usd (B→A)
    exports_usd: float
    imports_usd: float
    ranks: dict[str, Rank]  # "all" and "non_energy"
    sectors: pd.DataFrame  # mutual by sector, the top rows
    ab: pd.DataFrame  # potential of A in B by product, the top rows
    ba: pd.DataFrame  # potential of B in A by product, the top rows
    meta: dict[str, Any]  # mutual's meta: source, synthetic, years, indicators, totals
    generated: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def source(self) -> str:
        source = self.meta.get("source")
        return "; ".join(source) if isinstance(source, list | tuple) else str(source)


def _rank_of(rows: pd.DataFrame, partner: str) -> Rank:
    hit = rows[rows["partner"] == partner]
    if hit.empty:
        return Rank(None, None, len(rows))
    return Rank(int(hit["rank"].iloc[0]), float(hit["share"].iloc[0]), len(rows))


def gather_brief(
    wh: Warehouse,
    country: str,
    partner: str,
    *,
    year: int | None = None,
    top: int = 10,
    engine: str | None = None,
) -> Brief:
    """The facts of the brief of ``country`` and ``partner``, from the domain functions."""
    a, b = resolve_country(country), resolve_country(partner)
    if a == b:
        raise BadInput("the two countries must differ", field="partner")
    if top < 1:
        raise BadInput(f"--top must be at least 1, got {top}", field="top")
    year = resolve_year(wh, year)
    trade = bilateral(wh, a, b, year=year, by="sector", window=TREND_YEARS, engine=engine)
    ranks = {
        scope: _rank_of(
            profile(wh, a, year=year, by="partner", window=0, engine=engine, exclude_sectors=out),
            b,
        )
        for scope, out in (("all", None), ("non_energy", ("energy",)))
    }
    both = mutual(wh, a, b, year=year, by="sector", engine=engine)
    return Brief(
        country=a,
        partner=b,
        year=year,
        trend=pd.DataFrame(trade.attrs["meta"]["trend"]),
        exports_usd=float(trade.attrs["meta"]["exports_usd"]),
        imports_usd=float(trade.attrs["meta"]["imports_usd"]),
        ranks=ranks,
        sectors=both.head(top),
        ab=potential(wh, a, year=year, market=b, by="product", top=top, engine=engine),
        ba=potential(wh, b, year=year, market=a, by="product", top=top, engine=engine),
        meta=both.attrs["meta"],
    )


def check_language(code: str) -> str:
    """``code`` when it is one of the brief's languages, else ``BadInput`` naming them."""
    if code not in LANGUAGES:
        raise BadInput(
            f"unknown language {code!r}; choose one of {', '.join(LANGUAGES)}", field="language"
        )
    return code


def brief_html(
    wh: Warehouse,
    country: str,
    partner: str,
    *,
    year: int | None = None,
    top: int = 10,
    engine: str | None = None,
    language: str = "en",
) -> str:
    """The brief of ``country`` (A) and ``partner`` (B) as one HTML document in ``language``."""
    from tradebridge.reports.brief_page import brief_document

    check_language(language)
    return brief_document(
        gather_brief(wh, country, partner, year=year, top=top, engine=engine), language
    )


def render_brief(
    wh: Warehouse,
    country: str,
    partner: str,
    *,
    format: Format = "html",
    language: str = "en",
    year: int | None = None,
    top: int = 10,
    engine: str | None = None,
) -> bytes:
    """The brief as the bytes of an HTML document (UTF-8) or an A4 PDF, in ``language``."""
    if format not in ("html", "pdf"):
        raise BadInput(f"unknown brief format {format!r}; choose html or pdf", field="format")
    document = brief_html(
        wh, country, partner, year=year, top=top, engine=engine, language=language
    )
    if format == "pdf":
        from tradebridge.reports.pdf import html_to_pdf

        return html_to_pdf(document)
    return document.encode("utf-8")


def format_for(out: Path) -> Format:
    """The brief format a file name asks for: ``.html``/``.htm`` or ``.pdf``."""
    found = SUFFIXES.get(out.suffix.lower())
    if found is None:
        raise BadInput(
            f"{out.name}: the brief is written as .html or .pdf, not {out.suffix or 'no suffix'}",
            field="out",
        )
    return found


def write_brief(
    wh: Warehouse, country: str, partner: str, out: str | os.PathLike[str], **options: Any
) -> Path:
    """Write the brief to ``out`` (HTML or PDF by its suffix) atomically
    (``atomic.write_atomically``). ``options`` are ``render_brief``'s."""
    out = Path(out)
    document = render_brief(wh, country, partner, format=format_for(out), **options)
    return write_atomically(out, lambda tmp: tmp.write_bytes(document))
