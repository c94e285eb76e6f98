"""From files to a published schedule: read and check the forum, schedule it, validate, write
the schedule JSON (and optionally the agendas) atomically, and summarise the run.

The schedule file: ``{"meetings": [{"a", "b", "slot", "table"}], "unscheduled": [{"from", "to",
"reason"}], "stats": {"requested", "scheduled", "weighted_score", "upper_bound", "idle_gaps",
"table_changes", "solve_seconds", "status", ...}}``.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pandas as pd

from tradebridge.atomic import write_atomically, write_json
from tradebridge.errors import BadInput
from tradebridge.forum.agendas import StagedAgendas
from tradebridge.forum.demo import demo_forum
from tradebridge.forum.loading import load_forum
from tradebridge.forum.model import Schedule
from tradebridge.forum.scheduling import schedule
from tradebridge.results import with_meta


def schedule_document(result: Schedule) -> dict[str, Any]:
    """The schedule as the JSON output document."""
    return {
        "meetings": [
            {"a": m.a, "b": m.b, "slot": m.slot, "table": m.table} for m in result.meetings
        ],
        "unscheduled": [{"from": u.a, "to": u.b, "reason": u.reason} for u in result.unscheduled],
        "stats": asdict(result.stats),
    }


def schedule_forum_file(
    forum_path: Path,
    out: Path,
    *,
    time_limit: float = 30.0,
    seed: int = 1,
    lock: Path | None = None,
    agendas: Path | None = None,
    workers: int = 2,
) -> pd.DataFrame:
    """Schedule ``forum_path`` (with the meetings of ``lock`` kept in place) and write the
    schedule to ``out`` and, if asked, the agendas to ``agendas``. Returns the statistics as
    rows ``measure, value`` with ``meta`` naming the input, output and bound used.

    Nothing is replaced unless everything could be written: the outputs are checked before
    solving, then the agendas are staged in a temporary folder and the schedule in a temporary
    file; the agendas are moved into place, and the schedule file last."""
    _check_outputs(Path(forum_path), Path(out), agendas)
    forum = load_forum(forum_path, lock)
    result = schedule(forum, time_limit=time_limit, seed=seed, workers=workers)
    text = json.dumps(schedule_document(result), ensure_ascii=False, indent=1) + "\n"
    staged = None if agendas is None else StagedAgendas(forum, result, agendas)

    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")
        if staged is not None:
            staged.commit()

    try:
        write_atomically(out, write, field="--out")
    finally:
        if staged is not None:
            staged.discard()
    stats = asdict(result.stats)
    rows = pd.DataFrame({"measure": list(stats), "value": [str(v) for v in stats.values()]})
    return with_meta(
        rows,
        {
            "source": f"forum file {forum_path}",
            "forum": forum.name,
            "out": str(out),
            "agendas": None if agendas is None else str(agendas),
            "locked": len(forum.locked),
            "time_limit": time_limit,
            "seed": seed,
        },
    )


def _check_outputs(forum_path: Path, out: Path, agendas: Path | None) -> None:
    """Refuse, before any solving, outputs that cannot be written: ``out`` a folder, in a
    missing folder or the forum file itself, ``agendas`` a file or under a file."""
    if out.is_dir():
        raise BadInput("is a folder, not a file", file=str(out), field="--out")
    if not out.parent.is_dir():
        raise BadInput("the folder does not exist", file=str(out.parent), field="--out")
    if out.exists() and forum_path.exists() and out.samefile(forum_path):
        raise BadInput("would overwrite the forum file", file=str(out), field="--out")
    if agendas is None:
        return
    if agendas.exists() and not agendas.is_dir():
        raise BadInput("is a file, not a folder", file=str(agendas), field="--agendas")
    parent = Path(os.path.abspath(agendas)).parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise BadInput("is a file, not a folder", file=str(parent), field="--agendas")


def write_demo_forum(
    path: Path,
    *,
    participants: int = 300,
    seed: int = 7,
    exporter_country: str = "AZE",
    partner_country: str = "RUS",
) -> pd.DataFrame:
    """Write a synthetic forum (see ``demo.demo_forum``) to ``path``; return a summary."""
    doc = demo_forum(
        participants,
        seed=seed,
        exporter_country=exporter_country,
        partner_country=partner_country,
    )
    write_json(path, doc)
    rows = pd.DataFrame(
        {
            "measure": ["participants", "hosts", "slots", "tables", "requests"],
            "value": [
                len(doc["participants"]),
                sum("table" in p for p in doc["participants"]),
                len(doc["slots"]),
                doc["tables"],
                len(doc["requests"]),
            ],
        }
    )
    return with_meta(
        rows,
        {
            "source": f"synthetic demo forum, seed {seed}",
            "out": str(path),
            "exporter_country": exporter_country,
            "partner_country": partner_country,
        },
    )
