"""``registry``: the organisation registry's files (the import template, import, export) and
its list. The functions here are the commands' declarations (``cli/commands.py``); they call the
registry's services on the app database of ``--warehouse`` (or ``$TRADEBRIDGE_DATABASE_URL``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from tradebridge.cli.app import err_console
from tradebridge.cli.commands import Call, command, group
from tradebridge.options import Doc

registry_app = group(
    "registry", help="The organisation registry: list, import and export files, the template."
)

Out = Annotated[Path, Doc("File to write (.csv or .xlsx)")]


def registry_template(
    *,
    out: Out,
    language: Annotated[str, Doc("Language of the XLSX column guide: az, ru or en")] = "en",
) -> Path:
    """Write the empty import template: the header (CSV) or the header with drop-down lists
    and a sheet describing the columns (XLSX)."""
    from tradebridge.errors import BadInput
    from tradebridge.files import output_path
    from tradebridge.i18n import LANGUAGES
    from tradebridge.registry.export import format_of, write_template

    if language not in LANGUAGES:
        raise BadInput(f"unknown language {language!r}; valid: {', '.join(LANGUAGES)}")
    format_of(out)
    return write_template(output_path(out, option="--out"), language)


@command(registry_app, registry_template, cli=())
def _template(call: Call) -> None:
    err_console.print(f"template written to {call()}", markup=False, highlight=False)
