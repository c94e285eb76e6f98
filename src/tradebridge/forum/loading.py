"""Read a forum from JSON: JSON Schema validation against the shipped
``forum/schema/forum.schema.json``, then semantic checks. Every problem found is collected and
raised at once as ``BadInputs`` (file named, each problem located by its JSON path).
"""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from tradebridge.errors import BadInput, BadInputs
from tradebridge.forum.model import PRIORITY_WEIGHTS, Forum, Meeting, Participant, Request, Slot
from tradebridge.forum.validation import schedule_problems


@cache
def forum_schema() -> dict[str, Any]:
    """The JSON Schema of the input file, as shipped in the package."""
    text = resources.files("tradebridge.forum").joinpath("schema/forum.schema.json").read_text()
    return json.loads(text)


def read_json(path: Path) -> Any:
    """Parse a JSON file; a syntax error is ``BadInput`` with its line."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise BadInput(f"cannot read: {exc.strerror}", file=str(path)) from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInput(f"not valid JSON: {exc.msg}", file=str(path), line=exc.lineno) from exc


def load_forum(path: Path, lock_path: Path | None = None) -> Forum:
    """Read and check a forum file; meetings in ``lock_path`` (a schedule output or a list of
    meetings) are added to the locked meetings. Raises ``BadInputs`` listing all problems."""
    doc = read_json(path)
    extra: list[dict[str, Any]] = []
    if lock_path is not None:
        published = read_json(lock_path)
        meetings = published.get("meetings") if isinstance(published, dict) else published
        meetings_schema = {"$defs": forum_schema()["$defs"], "$ref": "#/$defs/meetings"}
        problems = _schema_problems(meetings_schema, meetings)
        if problems:
            raise BadInputs(problems, file=str(lock_path))
        extra = meetings
    return forum_from_dict(doc, source=str(path), extra_locked=extra)


def forum_from_dict(
    doc: Any, *, source: str = "<forum>", extra_locked: list[dict[str, Any]] = ()
) -> Forum:
    """Build a ``Forum`` from the parsed JSON document, or raise ``BadInputs`` listing every
    problem: schema violations, unknown or duplicate ids, requests to oneself or repeated,
    overlapping slots, host tables that do not exist or are shared, locked meetings that
    break a hard rule. Semantic checks run even when the schema check failed, as far as the
    document's shape allows, so that one run reports as much as possible."""
    schema_problems = _schema_problems(forum_schema(), doc)
    try:
        forum, problems = _read_forum(doc, source, extra_locked)
    except (KeyError, TypeError, AttributeError, ValueError, IndexError):
        if not schema_problems:
            raise
        problems = []
    problems = schema_problems + problems
    if problems:
        raise BadInputs(problems, file=source)
    return forum


def _read_forum(
    doc: Any, source: str, extra_locked: list[dict[str, Any]]
) -> tuple[Forum, list[str]]:
    """The forum as far as it can be built, and every semantic problem found on the way."""
    problems: list[str] = []
    slots = _read_slots(doc["slots"], problems)
    slot_ids = {s.id for s in slots}
    tables_doc = doc["tables"]
    tables = (
        [str(k) for k in range(1, tables_doc + 1)] if isinstance(tables_doc, int) else tables_doc
    )
    problems += _duplicates("tables", tables)
    participants = _read_participants(doc["participants"], slot_ids, set(tables), problems)
    people = {p.id for p in participants}
    requests = _read_requests(doc["requests"], people, problems)
    blocked = set()
    for i, pair in enumerate(doc.get("blocked_pairs", [])):
        for j, pid in enumerate(pair):
            if pid not in people:
                problems.append(f"blocked_pairs[{i}][{j}]: unknown participant {pid!r}")
        if pair[0] == pair[1]:
            problems.append(f"blocked_pairs[{i}]: a participant paired with themselves")
        blocked.add(frozenset(pair))
    locked = [
        Meeting(m["a"], m["b"], m["slot"], str(m["table"]))
        for m in [*doc.get("locked", []), *extra_locked]
    ]
    forum = Forum(
        slots=tuple(slots),
        tables=tuple(tables),
        participants=tuple(participants),
        requests=tuple(requests),
        blocked_pairs=frozenset(blocked),
        locked=tuple(dict.fromkeys(locked)),
        name=str(doc.get("name", Path(source).stem)),
    )
    problems += [f"locked {p}" for p in schedule_problems(forum, forum.locked, complete=False)]
    return forum, problems


def _read_slots(items: list[dict[str, Any]], problems: list[str]) -> list[Slot]:
    """The slots in time order; duplicate ids, empty or reversed times and overlaps go to
    ``problems``."""
    slots = [Slot(s["id"], s["day"], str(s["session"]), s["start"], s["end"]) for s in items]
    problems += _duplicates("slots", [s.id for s in slots])
    for i, s in enumerate(slots):
        if s.end <= s.start:
            problems.append(f"slots[{i}]: end {s.end} is not after start {s.start}")
    ordered = sorted(slots, key=lambda s: (s.day, s.start, s.id))
    for prev, nxt in zip(ordered, ordered[1:], strict=False):
        if prev.day == nxt.day and nxt.start < prev.end:
            problems.append(f"slots {prev.id} and {nxt.id} overlap on {prev.day}")
    return ordered


def _read_participants(
    items: list[dict[str, Any]], slot_ids: set[str], tables: set[str], problems: list[str]
) -> list[Participant]:
    """The participants; unknown slots or tables, duplicate ids and shared host tables go to
    ``problems``."""
    participants = []
    for i, p in enumerate(items):
        avail = p.get("available_slots")
        for j, sid in enumerate(avail or []):
            if sid not in slot_ids:
                problems.append(f"participants[{i}].available_slots[{j}]: unknown slot {sid!r}")
        table = p.get("table")
        if table is not None and table not in tables:
            problems.append(f"participants[{i}].table: unknown table {table!r}")
        participants.append(
            Participant(
                p["id"],
                p["name"],
                p["organisation"],
                p["country"],
                p["role"],
                None if avail is None else frozenset(avail),
                p.get("max_meetings"),
                table,
            )
        )
    problems += _duplicates("participants", [p.id for p in participants])
    host_tables = Counter(p.table for p in participants if p.table is not None)
    for table, n in host_tables.items():
        if n > 1:
            problems.append(f"table {table!r} is the fixed table of {n} participants")
    return participants


def _read_requests(
    items: list[dict[str, Any]], people: set[str], problems: list[str]
) -> list[Request]:
    """One request per unordered pair (reverse duplicates merged, keeping the larger weight);
    unknown participants, requests to oneself, weight and priority together, and a repeated
    request go to ``problems``."""
    requests: dict[frozenset[str], Request] = {}
    for i, r in enumerate(items):
        a, b = r["from"], r["to"]
        where = f"requests[{i}]"
        bad = False
        for key, pid in (("from", a), ("to", b)):
            if pid not in people:
                problems.append(f"{where}.{key}: unknown participant {pid!r}")
                bad = True
        if a == b:
            problems.append(f"{where}: request from {a!r} to themselves")
            bad = True
        if "weight" in r and "priority" in r:
            problems.append(f"{where}: give either weight or priority, not both")
            bad = True
        if bad:
            continue
        default = PRIORITY_WEIGHTS[r["priority"]] if "priority" in r else 1.0
        weight = round(float(r.get("weight", default)), 2)
        key = frozenset((a, b))
        old = requests.get(key)
        if old is not None and old.a == a:
            problems.append(f"{where}: repeats the request from {a!r} to {b!r}")
        elif old is None:
            requests[key] = Request(a, b, weight)
        elif weight > old.weight:
            requests[key] = Request(old.a, old.b, weight)
    return list(requests.values())


def _schema_problems(schema: dict[str, Any], doc: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema)
    return [
        f"{_json_path(err.absolute_path)}: {err.message}"
        for err in sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
    ]


def _json_path(parts: Any) -> str:
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(top level)"


def _duplicates(what: str, ids: list[str]) -> list[str]:
    return [f"{what}: duplicate id {k!r} ({n} times)" for k, n in Counter(ids).items() if n > 1]
