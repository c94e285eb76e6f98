"""The ``tradebridge`` application object, its error mapping and the options every command
shares (``--warehouse``, ``--format``, ``--engine``, country, year, sector filters, ``--top``)."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import click
import typer
from rich.console import Console
from typer.core import TyperGroup

from tradebridge.config import default_warehouse
from tradebridge.errors import TradebridgeError, os_problem

err_console = Console(stderr=True)


def fail(message: str, code: int = 2) -> None:
    """Print a one-line cause on stderr and exit (status 2: bad input)."""
    err_console.print(f"error: {message}", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(code)


INTERRUPTED = 130


class _Commands(TyperGroup):
    """The one place where failures become a one-line cause on stderr and an exit status:
    a ``TradebridgeError`` its own (2 bad input, 1 environment); an ``OSError`` the same way
    with its file (``errors.os_problem``); Ctrl-C 130; an engine's error about a warehouse file
    1; anything unexpected 1, with its traceback only under ``$TRADEBRIDGE_DEBUG``."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (typer.Exit, click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except TradebridgeError as exc:
            fail(str(exc), exc.exit_code)
        except KeyboardInterrupt:
            fail("interrupted; nothing half-written was kept", INTERRUPTED)
        except OSError as exc:
            problem = os_problem(exc)
            fail(str(problem), problem.exit_code)
        except Exception as exc:
            if os.environ.get("TRADEBRIDGE_DEBUG"):
                raise
            fail(_unexpected(exc), 1)


def _unexpected(exc: Exception) -> str:
    """One line for an error no layer below turned into a ``TradebridgeError``."""
    text = (str(exc).strip().splitlines() or [""])[0]
    if type(exc).__module__.lstrip("_").startswith("duckdb"):
        return f"the engine could not read the warehouse ({text}); run `tradebridge info --check`"
    return (
        f"unexpected {type(exc).__name__}: {text} "
        "(a bug: please report it; $TRADEBRIDGE_DEBUG=1 shows the traceback)"
    )


app = typer.Typer(
    cls=_Commands,
    help="tradebridge: trade data in, ranked opportunities and business forums out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


WarehouseOpt = Annotated[
    Path | None,
    typer.Option(
        "--warehouse",
        "-w",
        help="Warehouse folder (default $TRADEBRIDGE_HOME or ./tradebridge-data)",
    ),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format")]


def warehouse_path(path: Path | None) -> Path:
    return path if path is not None else default_warehouse()


CountryArg = Annotated[str, typer.Argument(help="Country: ISO3 code (AZE), ISO2 or English name")]
YearOpt = Annotated[int | None, typer.Option("--year", "-y", help="Year (default: latest held)")]
EngineOpt = Annotated[
    str | None,
    typer.Option("--engine", help="Relational engine: duckdb or spark [$TRADEBRIDGE_ENGINE]"),
]
SectorOpt = Annotated[
    list[str] | None, typer.Option("--sector", help="Keep only this sector (repeatable)")
]
ExcludeSectorOpt = Annotated[
    list[str] | None,
    typer.Option("--exclude-sector", help="Leave this sector out (non-oil: energy; repeatable)"),
]
ProductsOpt = Annotated[
    str | None, typer.Option("--products", help="HS prefixes, comma-separated (e.g. 08,0810)")
]
GroupOpt = Annotated[str | None, typer.Option("--group", help="Partner group (CIS, EAEU, EU27…)")]
TopOpt = Annotated[int | None, typer.Option("--top", "-n", help="Show the first N rows")]
WindowOpt = Annotated[int, typer.Option("--window", help="Years of the growth window (CAGR)")]


def workspace_for(warehouse: Path | None, engine: str | None):
    from tradebridge.workspace import open_workspace

    return open_workspace(warehouse_path(warehouse), engine=engine)
