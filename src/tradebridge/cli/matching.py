"""Partner matching commands: ``demo-registry`` and ``match``."""

from __future__ import annotations

from typing import Annotated, Any

from tradebridge.cli.app import app, err_console
from tradebridge.cli.commands import Call, command
from tradebridge.options import Doc
from tradebridge.workspace import Workspace


@command(app, Workspace.demo_registry, cli=("warehouse",))
def demo_registry(call: Call) -> None:
    """The file written and its organisations by kind."""
    counts = call()
    kinds = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    err_console().print(
        f"wrote {call.args['out']}: {sum(counts.values())} organisations ({kinds}); "
        "synthetic, not real companies",
        highlight=False,
        soft_wrap=True,
    )


def match(
    session: Any,
    org: Annotated[str, Doc("Organisation id or ref")],
    top: Annotated[int, Doc("Number of suggestions")] = 10,
    language: Annotated[str, Doc("Language of the evidence sentences: az, ru or en")] = "en",
    workspace: Any = None,
) -> Any:
    """Suggested partners of an organisation: score, every component and the evidence sentence
    (docs/methods.md#partner-matching)."""
    from tradebridge.matching.services import suggestions

    return suggestions(session, org, top=top, language=language, workspace=workspace)


@command(app, match, cli=("warehouse", "engine", "fmt"))
def _match(call: Call) -> None:
    from tradebridge.cli.registry import _session
    from tradebridge.cli.render import render

    with _session(call, write=False) as session:
        rows = call(session=session, workspace=call.workspace)
    render(rows, call.fmt, title=f"Partners suggested to {call.args['org']}")
