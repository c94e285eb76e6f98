"""``hs-suggest``: HS6 codes suggested from a product description."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import typer

from tradebridge.cli.app import Format, FormatOpt, app, err_console
from tradebridge.cli.render import render


class Method(StrEnum):
    """The rankers of ``reference.hs_suggestion`` (kept equal to its ``METHODS``)."""

    hybrid = "hybrid"
    embedding = "embedding"
    tfidf = "tfidf"


class BuildBar:
    """A progress bar on stderr that appears only if the HS index is being built."""

    def __init__(self) -> None:
        self.bar: Any = None
        self.task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            from rich.progress import Progress

            self.bar = Progress(console=err_console, transient=True)
            self.bar.start()
            self.task = self.bar.add_task("building the HS index (once)", total=total)
        self.bar.update(self.task, completed=done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


@app.command("hs-suggest")
def hs_suggest(
    description: Annotated[
        str, typer.Argument(help='Product description, e.g. "dried apricots, pitted"')
    ],
    top: Annotated[int, typer.Option("--top", "-n", help="Number of codes to suggest")] = 5,
    method: Annotated[
        Method, typer.Option("--method", help="Ranking: hybrid (default), embedding or tfidf")
    ] = Method.hybrid,
    fmt: FormatOpt = Format.table,
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json")] = False,
) -> None:
    """Suggest HS6 codes (HS 2022) for a product description, best first, with scores.

    The first run on a machine builds the HS index (about a minute) and caches it in
    $TRADEBRIDGE_CACHE (default ~/.cache/tradebridge)."""
    from tradebridge.reference.hs_suggestion import suggestion_table

    bar = BuildBar()
    try:
        rows = suggestion_table(description, top, method=method.value, progress=bar)
    finally:
        bar.close()
    render(rows, Format.json if as_json else fmt, title="HS codes")
