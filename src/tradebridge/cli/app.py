"""The ``tradebridge`` application object, its error mapping, the output formats and the
workspace a command opens."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from typer._click.exceptions import (  # typer vendors click
    ClickException,
    NoArgsIsHelpError,
    UsageError,
)
from typer.core import TyperGroup

from tradebridge.cli import coercion
from tradebridge.config import default_warehouse
from tradebridge.errors import BadInput, TradebridgeError, os_problem
from tradebridge.options import parse_years

if TYPE_CHECKING:
    from rich.console import Console

coercion.install()


@cache
def err_console() -> Console:
    """Rich's console on stderr, for progress bars and styled reports (Rich loads on first
    use: a command that prints none does not pay for it)."""
    from rich.console import Console

    return Console(stderr=True)


def say(line: str) -> None:
    """One plain line on stderr: a note, a file written, an error's cause."""
    sys.stderr.write(f"{line}\n")
    sys.stderr.flush()


def fail(message: str, code: int = 2) -> None:
    """Print a one-line cause on stderr and exit (status 2: bad input)."""
    say(f"error: {message}")
    raise typer.Exit(code)


INTERRUPTED = 130


class _Commands(TyperGroup):
    """The one place where failures become a one-line cause on stderr and an exit status:
    a ``TradebridgeError`` its own (2 bad input, 1 environment); an option value refused while
    parsing (a choice, a number, a year range) 2; an ``OSError`` as ``errors.os_problem`` says,
    with its file; Ctrl-C 130; an engine's error reading a warehouse file 1; anything
    unexpected 1, with its traceback only under ``$TRADEBRIDGE_DEBUG``."""

    def invoke(self, ctx: typer.Context) -> object:
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            if isinstance(exc, NoArgsIsHelpError):
                raise
            fail(exc.format_message(), 2)
        except (typer.Exit, typer.Abort, ClickException):
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


# The module of ``tradebridge.cli`` that declares each top-level command and group, in the order
# ``--help`` lists them (tests/test_cli_modules.py checks this against the declarations).
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "warehouse": ("info", "demo-world", "ingest"),
    "fetch": ("refresh", "fetch"),
    "reference": ("reference",),
    "hs": ("hs-suggest",),
    "trade": ("profile", "bilateral", "indicators", "rca", "markets"),
    "potential": ("potential", "mutual", "brief"),
    "complexity": ("complexity", "diversify", "product-space"),
    "forum": ("schedule", "forum-demo"),
    "registry": ("registry",),
    "matching": ("demo-registry", "match"),
    "investment": ("investment",),
    "events": ("events",),
    "web": ("serve",),
    "database": ("db",),
    "users": ("user",),
}


def module_of(name: str) -> str | None:
    """The module declaring the top-level command or group ``name`` (None: unknown)."""
    return next((m for m, names in COMMAND_MODULES.items() if name in names), None)


class _Application(_Commands):
    """The top-level group, built lazily: running a command imports the one module that
    declares it and builds its options alone; listing the commands (``--help``, a name not
    found) imports and builds them all. Start-up then costs what the command uses."""

    def _load(self, modules: list[str]) -> None:
        import importlib

        from typer.main import get_group

        for module in modules:
            importlib.import_module(f"tradebridge.cli.{module}")
        declared = [c.name for c in app.registered_commands] + [
            g.name for g in app.registered_groups
        ]
        if set(declared) != set(self.commands):
            self.commands = get_group(app).commands

    def get_command(self, ctx: typer.Context, cmd_name: str) -> object:
        if cmd_name not in self.commands:
            module = module_of(cmd_name)
            self._load([module] if module else list(COMMAND_MODULES))
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: typer.Context) -> list[str]:
        self._load(list(COMMAND_MODULES))
        return super().list_commands(ctx)


app = typer.Typer(
    cls=_Application,
    rich_markup_mode=None,
    help="tradebridge: trade data in, ranked opportunities and business forums out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _show_version(value: bool) -> None:
    if value:
        from tradebridge import __version__

        typer.echo(f"tradebridge {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Show the version and exit"
        ),
    ] = False,
) -> None:
    """tradebridge: trade data in, ranked opportunities and business forums out."""


def years_text(value: str | None) -> str | None:
    """``--years``, checked at parse time against the one grammar (``options.parse_years``)."""
    if value is not None:
        try:
            parse_years(value)
        except BadInput as exc:
            raise typer.BadParameter(exc.reason) from None
    return value


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def warehouse_path(path: Path | None) -> Path:
    return path if path is not None else default_warehouse()


def workspace_for(warehouse: Path | None = None, engine: str | None = None):
    """The workspace a command works on (``--warehouse``, ``--engine``)."""
    from tradebridge.workspace import open_workspace

    return open_workspace(warehouse_path(warehouse), engine=engine)
