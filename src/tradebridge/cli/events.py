"""``events``: business forums and trade missions from the command line: the synthetic demo
events. The functions here are the commands' declarations (``cli/commands.py``); they call the
``events`` services in a session on the app database of ``--warehouse``."""

from __future__ import annotations

from typing import Annotated, Any

from tradebridge.cli.app import err_console
from tradebridge.cli.commands import Call, command, group
from tradebridge.options import Doc

events_app = group("events", help="Business forums and trade missions: the demo events.")


def events_demo(session: Any, seed: Annotated[int, Doc("Random seed")] = 7) -> int:
    """Load the synthetic demo events over the demo registry (once: a second run adds
    nothing): a past AZE-RUS forum with its outcomes, a past trade mission, an open upcoming
    forum; the number of events added."""
    from tradebridge.events.demo import load_demo_events

    return load_demo_events(session, seed=seed)


@command(events_app, events_demo, cli=("warehouse",))
def _demo(call: Call) -> None:
    from tradebridge.cli.registry import _session

    with _session(call, write=True) as session:
        added = call(session=session)
    said = f"{added} synthetic events added" if added else "already loaded"
    err_console().print(f"demo events: {said}", markup=False, soft_wrap=True)
