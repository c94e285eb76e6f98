"""From files to a published schedule: read and check the forum, schedule it, validate, write
the schedule JSON (and optionally the agendas) atomically, and summarise the run.

The schedule file: ``{"meetings": [{"a", "b", "slot", "table"}], "unscheduled": [{"from", "to",
"reason"}], "stats": {"requested", "scheduled", "weighted_score", "upper_bound", "idle_gaps",
"table_changes", "solve_seconds", "status", ...}}``.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pandas as pd

from tradebridge.errors import BadInput, EnvironmentProblem
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


def write_json_atomic(doc: Any, path: Path) -> None:
    """Write JSON to a temporary file next to ``path``, then rename it into place."""
    tmp = _stage_json(doc, Path(path))
    _commit(tmp, Path(path))


def _stage_json(doc: Any, path: Path) -> Path:
    """``doc`` written to a temporary file next to ``path`` (the caller renames or removes it).
    ``path`` being a folder is ``BadInput``; a machine problem is ``EnvironmentProblem``."""
    if path.is_dir():
        raise BadInput("is a folder, not a file to write", file=str(path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise EnvironmentProblem(f"cannot write: {exc.strerror}", file=str(path)) from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(doc, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise EnvironmentProblem(f"cannot write: {exc.strerror}", file=str(path)) from exc
    return Path(tmp)


def _commit(tmp: Path, path: Path) -> None:
    try:
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise EnvironmentProblem(f"cannot write: {exc.strerror}", file=str(path)) from exc


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
    solving, then the schedule and the agendas are staged in temporary files, the agendas
    are moved into place, and the schedule file last."""
    _check_outputs(Path(forum_path), Path(out), agendas)
    forum = load_forum(forum_path, lock)
    result = schedule(forum, time_limit=time_limit, seed=seed, workers=workers)
    staged_out = _stage_json(schedule_document(result), Path(out))
    staged_agendas = None
    try:
        if agendas is not None:
            staged_agendas = StagedAgendas(forum, result, agendas)
            staged_agendas.commit()
        _commit(staged_out, Path(out))
    finally:
        staged_out.unlink(missing_ok=True)
        if staged_agendas is not None:
            staged_agendas.discard()
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
    """Refuse, before any solving, outputs that cannot be written: ``out`` a folder or the
    forum file itself, ``agendas`` a file."""
    if out.is_dir():
        raise BadInput("is a folder, not a file to write", file=str(out), field="--out")
    if out.exists() and forum_path.exists() and out.samefile(forum_path):
        raise BadInput("would overwrite the forum file", file=str(out), field="--out")
    if agendas is not None and agendas.exists() and not agendas.is_dir():
        raise BadInput("is a file, not a folder", file=str(agendas), field="--agendas")


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
    write_json_atomic(doc, path)
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
