"""``registry``: the organisation registry from the command line: the import template, import,
export and the list. The functions here are the commands' declarations (``cli/commands.py``);
they call the registry's services in a session the command opens on the app database of
``--warehouse`` (or ``$TRADEBRIDGE_DATABASE_URL``); changes are audited as ``cli``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from tradebridge.cli.app import err_console
from tradebridge.cli.commands import Call, command, group
from tradebridge.options import Doc, Rejects, SkipInvalid

if TYPE_CHECKING:  # loaded when a command runs
    import pandas as pd
    from sqlalchemy.orm import Session

    from tradebridge.registry.importing import ImportReport

registry_app = group(
    "registry", help="The organisation registry: list, import and export files, the template."
)

Out = Annotated[Path, Doc("File to write (.csv or .xlsx)")]
Kind = Annotated[str | None, Doc("Kind: exporter, buyer, investor, service or association")]
Country = Annotated[str | None, Doc("Country (ISO3 code or name)")]
Sector = Annotated[str | None, Doc("Sector id (tradebridge reference sectors)")]
Product = Annotated[str | None, Doc("HS2, HS4 or HS6 code of a product offered or sought")]
Brand = Annotated[str | None, Doc("Brand, e.g. 'Made in Azerbaijan'")]
Status = Annotated[str | None, Doc("draft, verified or archived (default: all but archived)")]
Query = Annotated[str | None, Doc("Words in the names and descriptions, in any language")]


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
    err_console().print(f"template written to {call()}", markup=False, soft_wrap=True)


@contextmanager
def _session(call: Call, write: bool) -> Iterator[Session]:
    """A session on the app database of ``--warehouse`` (one transaction when ``write``);
    ``EnvironmentProblem`` unless the database is at the newest revision."""
    from tradebridge.cli.database import open_for_cli
    from tradebridge.db import migrate
    from tradebridge.db.engine import describe
    from tradebridge.errors import EnvironmentProblem

    database = open_for_cli(call.warehouse)
    try:
        if not migrate.is_current(database):
            raise EnvironmentProblem(
                f"{describe(database.url)}: not at the newest revision; run "
                "`tradebridge db upgrade` first"
            )
        if write:
            with database.transaction(actor="cli") as session:
                yield session
        else:
            with database.session() as session:
                yield session
    finally:
        database.dispose()


def registry_import(
    session: Any,
    file: Annotated[Path, Doc("CSV or XLSX file in the template's columns")],
    skip_invalid: SkipInvalid = False,
    rejects: Rejects = None,
) -> ImportReport:
    """Import organisations: all or nothing, or --skip-invalid --rejects FILE (rows read =
    stored + rejected)."""
    from tradebridge.errors import BadInput
    from tradebridge.files import output_path, regular_input
    from tradebridge.registry.importing import import_file

    if skip_invalid and rejects is None:
        raise BadInput("--skip-invalid needs --rejects FILE to keep every rejected row")
    regular_input(file)
    if rejects is not None:
        output_path(rejects, option="--rejects", inputs=[file])
    return import_file(session, file, skip_invalid=skip_invalid, rejects=rejects)


@command(registry_app, registry_import, cli=("warehouse",))
def _import(call: Call) -> None:
    with _session(call, write=True) as session:
        report = call(session=session)
    out = err_console()
    out.print(
        f"{report.file}: rows read {report.rows_read:,} = stored {report.rows_stored:,}"
        f" + rejected {report.rows_rejected:,}",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    if report.rejects_file:
        out.print(f"rejected rows written to {report.rejects_file}", markup=False, soft_wrap=True)


def _filters(**given: Any) -> Any:
    from tradebridge.registry.queries import Filters

    return Filters(**given).checked()


def registry_export(
    session: Any,
    *,
    out: Out,
    kind: Kind = None,
    country: Country = None,
    sector: Sector = None,
    product: Product = None,
    brand: Brand = None,
    status: Status = None,
    query: Query = None,
) -> int:
    """Export the organisations matching the filters, in the import's columns; the number
    written."""
    from tradebridge.files import output_path
    from tradebridge.registry.export import format_of, write_export
    from tradebridge.registry.queries import export_records
    from tradebridge.registry.record import record_cells

    format_of(out)
    output_path(out, option="--out")
    filters = _filters(
        kind=kind, country=country, sector=sector, product=product, brand=brand, status=status,
        q=query,
    )  # fmt: skip
    rows = [record_cells(record) for record in export_records(session, filters)]
    write_export(out, rows)
    return len(rows)


@command(registry_app, registry_export, cli=("warehouse",))
def _export(call: Call) -> None:
    with _session(call, write=False) as session:
        count = call(session=session)
    written = f"{count:,} organisation(s) written to {call.args['out']}"
    err_console().print(written, markup=False, soft_wrap=True)


def registry_list(
    session: Any,
    kind: Kind = None,
    country: Country = None,
    sector: Sector = None,
    product: Product = None,
    brand: Brand = None,
    status: Status = None,
    query: Query = None,
    top: Annotated[int, Doc("Show at most this many (1 to 500)")] = 50,
) -> pd.DataFrame:
    """List the organisations matching the filters (best match first with --query); meta
    holds the total."""
    import pandas as pd

    from tradebridge.options import check_top
    from tradebridge.registry.queries import list_organisations

    check_top(top)
    filters = _filters(
        kind=kind, country=country, sector=sector, product=product, brand=brand, status=status,
        q=query,
    )  # fmt: skip
    page = list_organisations(session, filters, per_page=min(top, 500))
    columns = ["id", "ref", "kind", "name", "country", "city", "sectors", "status", "brand"]
    rows = pd.DataFrame(
        [
            [o.id, o.ref, o.kind, o.name_en or o.name_az or o.name_ru, o.country, o.city,
             ";".join(o.sectors), o.status, o.brand]
            for o in page.items
        ],
        columns=columns,
    )  # fmt: skip
    synthetic = any(o.synthetic for o in page.items)
    rows.attrs["meta"] = {
        "total": page.total,
        "shown": len(page.items),
        "synthetic": synthetic,
        "notice": "Synthetic organisations: generated demo rows, not real companies.",
    }
    return rows


@command(registry_app, registry_list, cli=("warehouse", "fmt"))
def _list(call: Call) -> None:
    from tradebridge.cli.render import render

    with _session(call, write=False) as session:
        rows = call(session=session)
    meta = rows.attrs["meta"]
    render(rows, call.fmt, title=f"Organisations ({meta['shown']:,} of {meta['total']:,})")
