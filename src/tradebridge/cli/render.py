"""Writing a result (rows plus ``meta``) to stdout as a table, CSV or JSON."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from tradebridge.cli.app import Format

if TYPE_CHECKING:  # pandas is imported by the command that produced the rows, not at start-up
    import pandas as pd


def render(rows: pd.DataFrame, fmt: Format, *, title: str | None = None) -> None:
    """Write a result to stdout in the requested format."""
    from tradebridge.results import meta_of, to_json

    if fmt is Format.json:
        sys.stdout.write(to_json(rows) + "\n")
    elif fmt is Format.csv:
        rows.to_csv(sys.stdout, index=False)
    else:
        console = Console(width=None if sys.stdout.isatty() else 160)
        meta = meta_of(rows)
        table = Table(title=title, caption=_caption(meta))
        for col in rows.columns:
            table.add_column(str(col), justify="right" if _numeric(rows[col]) else "left")
        for rec in rows.itertuples(index=False, name=None):
            table.add_row(*(_cell(v) for v in rec))
        console.print(table)
        if meta.get("synthetic"):
            console.print(
                f"[bold yellow]{meta.get('notice', 'Synthetic data: not real statistics.')}[/]"
            )


def _caption(meta: dict) -> str | None:
    source = meta.get("source")
    if not source:
        return None
    if isinstance(source, list | tuple):
        source = "; ".join(map(str, source))
    return f"Source: {source}"


def _numeric(col: pd.Series) -> bool:
    import pandas as pd

    return pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col)


def _cell(value: object) -> str:
    import pandas as pd

    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return ""
    if isinstance(value, float):
        if abs(value) >= 1000:
            return f"{value:,.0f}"
        return f"{value:.4g}"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10000:
        return f"{value:,}"
    return str(value)
