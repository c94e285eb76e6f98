"""Economic complexity commands: ``complexity``, ``diversify``, ``product-space``."""

from __future__ import annotations

import sys

from tradebridge.cli.app import Format, app, err_console
from tradebridge.cli.commands import Call, command, register
from tradebridge.workspace import Workspace


@command(
    app,
    Workspace.complexity,
    help="ECI, PCI, density, COI and COG; prints one row per location, --out writes every row.",
)
def complexity(call: Call) -> None:
    """A progress line per year; the summary per location, or the file written."""
    from rich.progress import Progress

    from tradebridge.analytics.complexity import location_summary
    from tradebridge.cli.render import confirm_written, render

    with Progress(console=err_console(), transient=True) as progress:
        task = progress.add_task("complexity", total=None)

        def on_year(year: int) -> None:
            progress.update(task, advance=1, description=f"complexity {year}")

        rows = call(on_year=on_year)
    out = call.args["out"]
    if out is not None and call.fmt is Format.table:  # the file is the result: confirm it
        confirm_written(out, f"{len(rows):,} (year, location, product) rows", rows.attrs["meta"])
        return
    render(location_summary(rows), call.fmt)


register(app, Workspace.diversify)


@command(app, Workspace.product_space)
def product_space(call: Call) -> None:
    """The file written, the graph as JSON, or the nodes by degree."""
    from tradebridge.cli.render import confirm_written, render

    space = call()
    out = call.args["out"]
    if out is not None and call.fmt is Format.table:  # the file is the result: confirm it
        what = f"the product space ({len(space.nodes):,} nodes, {len(space.edges):,} edges)"
        confirm_written(out, what, space.meta)
        return
    if call.fmt is Format.json and out is None:
        sys.stdout.write(space.to_json() + "\n")
        return
    nodes = space.nodes.sort_values("degree", ascending=False, kind="stable")
    nodes.attrs["meta"] = space.meta
    render(nodes, call.fmt)
