"""Small user-supplied CSV tables (projections, elasticities, tariffs): reading and validation.

Every table is read as text, then each column is checked; the first bad cell raises ``BadInput``
naming the file, its line (the header is line 1) and the column, so nothing is half-loaded.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from tradebridge.errors import BadInput


def csv_header(path: str | Path) -> list[str]:
    """The column names of a CSV file's first line, stripped (a UTF-8 byte-order mark ignored);
    an unreadable file is ``BadInput`` naming it."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            return [c.strip() for c in next(csv.reader(fh), [])]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise BadInput(f"cannot read ({exc})", file=str(path)) from exc


def read_table(path: str | Path, required: Sequence[str], what: str) -> pd.DataFrame:
    """The CSV at ``path`` as stripped text, with lower-case column names; ``required`` checked."""
    path = Path(path)
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise BadInput(f"cannot read the {what} ({exc})", file=str(path)) from exc
    raw.columns = [str(c).strip().lower() for c in raw.columns]
    missing = [c for c in required if c not in raw.columns]
    if missing:
        raise BadInput(
            f"the {what} needs columns {', '.join(required)}; missing {', '.join(missing)}",
            file=str(path),
            line=1,
        )
    if raw.empty:
        raise BadInput(f"the {what} has no rows", file=str(path), line=2)
    return raw.apply(lambda col: col.str.strip())


def reject_first(
    raw: pd.DataFrame, bad: pd.Series | np.ndarray, path: str | Path, field: str, expected: str
) -> None:
    """Raise ``BadInput`` for the first row where ``bad`` holds (line = row + 2)."""
    bad = np.asarray(bad, dtype=bool)
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise BadInput(
            f"expected {expected}, got {raw[field].iloc[first]!r}",
            file=str(path),
            line=first + 2,
            field=field,
        )


def iso3_column(
    raw: pd.DataFrame, field: str, path: str | Path, *, wildcard: bool = False
) -> pd.Series:
    """An upper-case ISO3 column (``*`` allowed when ``wildcard``)."""
    codes = raw[field].str.upper()
    ok = codes.str.fullmatch(r"[A-Z]{3}") | ((codes == "*") if wildcard else False)
    reject_first(raw, ~ok, path, field, "an ISO3 code" + (" or *" if wildcard else ""))
    return codes


def number_column(
    raw: pd.DataFrame, field: str, path: str | Path, *, low: float, low_inclusive: bool = True
) -> pd.Series:
    """A finite number column, ``>= low`` (or ``> low``)."""
    values = pd.to_numeric(raw[field], errors="coerce")
    ok = np.isfinite(values) & ((values >= low) if low_inclusive else (values > low))
    reject_first(raw, ~ok, path, field, f"a number {'>=' if low_inclusive else '>'} {low:g}")
    return values.astype(float)


def hs_column(
    raw: pd.DataFrame, field: str, path: str | Path, lengths: tuple[int, ...] = (6,)
) -> pd.Series:
    """HS codes of the given digit lengths (dots removed; 5 digits padded to 6 when 6 allowed)."""
    codes = raw[field].str.replace(".", "", regex=False)
    if 6 in lengths:
        codes = codes.where(codes.str.len() != 5, codes.str.zfill(6))
    ok = codes.str.fullmatch(r"\d+") & codes.str.len().isin(lengths)
    reject_first(
        raw, ~ok, path, field, "an HS code of " + " or ".join(str(n) for n in lengths) + " digits"
    )
    return codes


def reject_duplicates(raw: pd.DataFrame, keys: pd.DataFrame, path: str | Path, field: str) -> None:
    """Raise ``BadInput`` at the first row repeating an earlier row's key."""
    reject_first(
        raw,
        keys.duplicated(keep="first").to_numpy(),
        path,
        field,
        "one row per key (this key is repeated)",
    )
