"""The packaged reference tables (``reference/data/*.csv``), read with the ``csv`` module.

One reader for every table: ``records`` gives its rows as typed dicts (an empty cell is
``None`` in the columns given a type), and ``frame`` the same rows as a pandas DataFrame for
the analytics' joins. Listing reference data (``tradebridge reference ...``) therefore never
imports pandas.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

_DATA = Path(__file__).with_name("data")


def optional_int(text: str) -> int | None:
    """``"31"`` → 31; an empty cell → None.

    >>> optional_int("31"), optional_int("")
    (31, None)
    """
    return int(text) if text else None


def optional_float(text: str) -> float | None:
    """``"40.4"`` → 40.4; an empty cell → None."""
    return float(text) if text else None


def optional_text(text: str) -> str | None:
    """The text itself; an empty cell → None."""
    return text or None


def flag(text: str) -> bool:
    """``"True"`` / ``"False"`` as written by the build scripts.

    >>> flag("True"), flag("False")
    (True, False)
    """
    if text not in ("True", "False"):
        raise ValueError(f"not True or False: {text!r}")
    return text == "True"


Types = Mapping[str, Callable[[str], Any]]


def header(name: str, *, encoding: str = "utf-8") -> list[str]:
    """The column names of table ``name``."""
    with (_DATA / name).open(encoding=encoding, newline="") as fh:
        return next(csv.reader(fh))


@cache
def _records(
    name: str, encoding: str, types: tuple[tuple[str, Callable[[str], Any]], ...]
) -> tuple[dict[str, Any], ...]:
    convert = dict(types)
    with (_DATA / name).open(encoding=encoding, newline="") as fh:
        return tuple(
            {k: convert[k](v) if k in convert else v for k, v in row.items()}
            for row in csv.DictReader(fh)
        )


def records(
    name: str, types: Types | None = None, *, encoding: str = "utf-8"
) -> tuple[dict[str, Any], ...]:
    """The rows of table ``name`` (e.g. ``"countries.csv"``), each a dict of its cells; columns
    named in ``types`` go through their converter, the others stay text. Cached: callers must
    not modify the rows."""
    return _records(name, encoding, tuple((types or {}).items()))


def frame(
    name: str,
    types: Types | None = None,
    dtypes: Mapping[str, str] | None = None,
    *,
    encoding: str = "utf-8",
) -> pd.DataFrame:
    """``records(name, types)`` as a DataFrame in the file's column order, with ``dtypes``
    (e.g. ``{"iso_numeric": "Int64"}``) applied."""
    import pandas as pd

    rows = list(records(name, types, encoding=encoding))
    table = pd.DataFrame.from_records(rows, columns=header(name, encoding=encoding))
    return table.astype(dict(dtypes)) if dtypes else table
