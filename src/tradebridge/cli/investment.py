"""``investment``: the investment pipeline from the command line: the report for a country
pair (A → B beside B → A) and the synthetic demo pipeline. The functions here are the commands'
declarations (``cli/commands.py``); they call ``investment.services`` in a session on the app
database of ``--warehouse``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from tradebridge.cli.app import err_console
from tradebridge.cli.commands import Call, command, group
from tradebridge.options import Doc

if TYPE_CHECKING:
    import pandas as pd

investment_app = group(
    "investment", help="Investment projects both ways: the pipeline report, the demo pipeline."
)

Country = Annotated[str, Doc("Country (ISO3 code or name)")]


def investment_report(session: Any, a: Country, b: Country) -> pd.DataFrame:
    """The pipeline by stage for A → B beside B → A: projects and planned US$ at each stage
    now, and the share that went on to the next stage (%); meta holds the probability-weighted
    values and the lost projects."""
    import pandas as pd
    from sqlalchemy import exists, select

    from tradebridge.investment.models import InvestmentProject
    from tradebridge.investment.services import mutual_report
    from tradebridge.reference.countries import resolve_country

    a, b = resolve_country(a), resolve_country(b)
    there, back = mutual_report(session, a, b)
    rows = []
    for out, home in zip(there.stages, back.stages, strict=True):
        row: dict[str, Any] = {"stage": out.stage}
        for label, stage in ((f"{a}→{b}", out), (f"{b}→{a}", home)):
            row[f"{label} projects"] = stage.projects
            row[f"{label} planned US$"] = float(stage.planned_usd)
            went_on = None if stage.conversion is None else round(100 * stage.conversion)
            row[f"{label} went on %"] = went_on
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame.attrs["meta"] = {
        "question": f"Investment projects {a}→{b} beside {b}→{a}",
        "weighted_usd": {f"{a}→{b}": str(there.weighted_usd), f"{b}→{a}": str(back.weighted_usd)},
        "lost": {f"{a}→{b}": there.lost, f"{b}→{a}": back.lost},
    }
    if session.scalar(select(exists().where(InvestmentProject.synthetic.is_(True)))):
        frame.attrs["meta"]["notice"] = "Synthetic projects: the demo pipeline, not real ones."
    return frame


@command(investment_app, investment_report, cli=("warehouse", "fmt"))
def _report(call: Call) -> None:
    from tradebridge.cli.registry import _session
    from tradebridge.cli.render import render

    with _session(call, write=False) as session:
        rows = call(session=session)
    render(rows, call.fmt, title=rows.attrs["meta"]["question"])


def investment_demo(
    session: Any,
    count: Annotated[int, Doc("Number of projects")] = 60,
    seed: Annotated[int, Doc("Random seed")] = 7,
) -> int:
    """Load the synthetic demo pipeline over the demo registry (once: a second run adds
    nothing); the number of projects added."""
    from tradebridge.investment.demo import load_demo_pipeline

    return load_demo_pipeline(session, count=count, seed=seed)


@command(investment_app, investment_demo, cli=("warehouse",))
def _demo(call: Call) -> None:
    from tradebridge.cli.registry import _session

    with _session(call, write=True) as session:
        added = call(session=session)
    said = f"{added} synthetic investment projects added" if added else "already loaded"
    err_console().print(f"demo pipeline: {said}", markup=False, soft_wrap=True)
