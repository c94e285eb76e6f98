"""Commands made from their one declaration: a typed function, usually a ``Workspace`` method.

``register(group, Workspace.markets)`` adds ``tradebridge markets``: the method's required
positional parameters become arguments, its keyword-only required ones required options, the
others options of the same name, type, default and help (``Annotated[type, Doc("...")]``),
with the short forms of ``SHORT`` and the renamings of ``RENAMED``. Parameters that are
callables (progress reports) or carry no ``Doc`` (a database session) are not options: the
command's ``show`` step passes them to ``call(...)``. The options that only the command line has
(``--warehouse``, ``--engine``, ``--format``) are declared here and nowhere else.

The ``show`` step receives a ``Call``: calling it runs the declared function with the parsed
values (a ``Workspace`` method on the workspace of ``--warehouse`` and ``--engine``); the default
step renders the result as a table, CSV or JSON.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any

import typer

from tradebridge.cli.app import Format, workspace_for, years_text
from tradebridge.declarations import Param, help_text, parameters
from tradebridge.options import Engine

# Short forms and renamings of options, one convention for every command.
SHORT = {
    "year": "-y",
    "top": "-n",
    "out": "-o",
    "language": "-l",
    "group": "-g",
    "sector": "-s",
}
RENAMED = {"as_zip": "--zip", "folder": "--dir"}
# Values checked at parse time (a bad one is a usage error, exit 2).
PARSERS: dict[str, Callable[[str], Any]] = {"years": years_text}

# The options only the command line has: where the data is, how it is read, how it is shown.
CLI_OPTIONS = {
    "warehouse": inspect.Parameter(
        "warehouse",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[
            Path | None,
            typer.Option(
                "--warehouse",
                "-w",
                help="Warehouse folder (default $TRADEBRIDGE_HOME or ./tradebridge-data)",
            ),
        ],
    ),
    "engine": inspect.Parameter(
        "engine",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[
            Engine | None,
            typer.Option("--engine", help="Relational engine [$TRADEBRIDGE_ENGINE, else duckdb]"),
        ],
    ),
    "fmt": inspect.Parameter(
        "fmt",
        inspect.Parameter.KEYWORD_ONLY,
        default=Format.table,
        annotation=Annotated[Format, typer.Option("--format", "-f", help="Output format")],
    ),
}
ANALYTIC = ("warehouse", "engine", "fmt")  # what an analytic command takes besides its own


@dataclass
class Call:
    """One invocation: the declared parameters' values (``args``) and the CLI-only options."""

    target: Callable[..., Any]
    args: dict[str, Any]
    fmt: Format = Format.table
    warehouse: Path | None = None
    engine: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def workspace(self) -> Any:
        """The workspace of ``--warehouse`` and ``--engine`` (opened on first use)."""
        return workspace_for(self.warehouse, self.engine)

    def __call__(self, **extra: Any) -> Any:
        """Run the declared function with the parsed values plus ``extra`` (callbacks...)."""
        if _is_workspace_method(self.target):
            return getattr(self.workspace, self.target.__name__)(**self.args, **extra)
        return self.target(**self.args, **extra)


def _is_workspace_method(target: Callable[..., Any]) -> bool:
    from tradebridge.workspace import Workspace

    return getattr(Workspace, target.__name__, None) is target


def show_rows(call: Call, title: str | None = None) -> None:
    """The default ``show`` step: run the command and render its rows in ``--format``."""
    from tradebridge.cli.render import render

    render(call(), call.fmt, title=title)


def cli_parameter(param: Param) -> inspect.Parameter:
    """The Typer argument or option of one declared parameter."""
    if param.required and not param.keyword_only:
        kind = typer.Argument(help=param.doc)
        return inspect.Parameter(
            param.name, inspect.Parameter.KEYWORD_ONLY, annotation=Annotated[param.base, kind]
        )
    names = [RENAMED.get(param.name, "--" + param.name.replace("_", "-"))]
    if param.name in SHORT:
        names.append(SHORT[param.name])
    option = typer.Option(*names, help=param.doc, parser=PARSERS.get(param.name))
    return inspect.Parameter(
        param.name,
        inspect.Parameter.KEYWORD_ONLY,
        annotation=Annotated[param.base, option],
        default=param.default,
    )


def is_option(param: Param) -> bool:
    """Whether a declared parameter is given on the command line (not a callback, has help)."""
    return param.doc is not None and not param.callback


def command_name(group: typer.Typer, target: Callable[..., Any]) -> str:
    """``ingest_baci`` in the group ``ingest`` is ``baci``; ``product_space`` is
    ``product-space``."""
    name = target.__name__
    prefix = f"{group.info.name}_" if isinstance(group.info.name, str) else ""
    return name.removeprefix(prefix).replace("_", "-")


def register(
    group: typer.Typer,
    target: Callable[..., Any],
    show: Callable[[Call], None] = show_rows,
    *,
    cli: tuple[str, ...] = ANALYTIC,
    name: str | None = None,
    help: str | None = None,
) -> Callable[..., None]:
    """Add the command declared by ``target`` to ``group``; ``show`` runs and presents it;
    ``cli`` names the CLI-only options it takes (of ``CLI_OPTIONS``); ``help`` replaces the
    docstring only where the command shows something else than the function returns."""
    declared = [p for p in parameters(target) if is_option(p)]
    clash = {p.name for p in declared} & set(CLI_OPTIONS)
    if clash:
        raise TypeError(f"{target.__name__}: parameters named like CLI options: {clash}")

    def command(**values: Any) -> None:
        options = {k: values.pop(k) for k in cli}
        show(Call(target, values, **options))

    signature = [cli_parameter(p) for p in declared] + [CLI_OPTIONS[k] for k in cli]
    command.__signature__ = inspect.Signature(signature)  # type: ignore[attr-defined]
    command.__name__ = target.__name__
    group.command(name or command_name(group, target), help=help or help_text(target))(command)
    return command


def command(
    group: typer.Typer, target: Callable[..., Any], **how: Any
) -> Callable[[Callable[[Call], None]], Callable[[Call], None]]:
    """``@command(app, Workspace.info, cli=(...))`` over a ``show`` step: ``register`` as a
    decorator."""

    def decorate(show: Callable[[Call], None]) -> Callable[[Call], None]:
        register(group, target, show, **how)
        return show

    return decorate


def group(name: str, help: str) -> typer.Typer:
    """A command group ``tradebridge NAME ...`` with the application's error handling."""
    from tradebridge.cli.app import _Commands, app

    sub = typer.Typer(name=name, cls=_Commands, rich_markup_mode=None, help=help)
    sub.info.no_args_is_help = True
    app.add_typer(sub, name=name)
    return sub
