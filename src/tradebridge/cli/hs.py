"""``hs-suggest``: HS6 codes suggested from a product description (``Workspace.hs_suggest``)."""

from __future__ import annotations

from typing import Any

from tradebridge.cli.app import app, err_console
from tradebridge.cli.commands import Call, register
from tradebridge.workspace import Workspace


class BuildBar:
    """A progress bar on stderr that appears only while the HS index is being built."""

    def __init__(self) -> None:
        self.bar: Any = None
        self.task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            from rich.progress import Progress

            self.bar = Progress(console=err_console(), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("building the HS index (once)", total=total)
        self.bar.update(self.task, completed=done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def show(call: Call) -> None:
    """Run the suggestion (with a progress bar if the index must be built) and render it."""
    from tradebridge.cli.render import render

    bar = BuildBar()
    try:
        rows = call(progress=bar)
    finally:
        bar.close()
    render(rows, call.fmt, title="HS codes")


register(app, Workspace.hs_suggest, show, cli=("fmt",))
