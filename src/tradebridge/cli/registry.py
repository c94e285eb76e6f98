"""``registry``: the organisation registry's files (template, import, export)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tradebridge.cli.app import _Commands, app

registry_app = typer.Typer(
    cls=_Commands,
    rich_markup_mode=None,
    help="The organisation registry: import and export files, the template.",
    no_args_is_help=True,
)
app.add_typer(registry_app, name="registry")

OutOpt = Annotated[Path, typer.Option("--out", "-o", help="File to write (.csv or .xlsx)")]
LanguageOpt = Annotated[
    str, typer.Option("--language", "-l", help="Language of the XLSX column guide: az, ru, en")
]


@registry_app.command("template")
def template_command(out: OutOpt, language: LanguageOpt = "en") -> None:
    """Write the empty import template: the header (CSV) or the header with drop-down lists
    and a sheet describing the columns (XLSX)."""
    from tradebridge.errors import BadInput
    from tradebridge.files import output_path
    from tradebridge.i18n import LANGUAGES
    from tradebridge.registry.export import write_template

    if language not in LANGUAGES:
        raise BadInput(f"unknown language {language!r}; valid: {', '.join(LANGUAGES)}")
    output_path(out, option="--out")
    written = write_template(out, language)
    typer.echo(f"template written to {written}", err=True)
