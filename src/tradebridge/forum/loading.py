"""Read a forum from JSON: JSON Schema validation against the shipped
``forum/schema/forum.schema.json``, then semantic checks. Every problem found is collected and
raised at once as ``BadInputs`` (file named, each problem located by its JSON path).
"""

from __future__ import annotations

import json
import math
import stat
from collections import Counter
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs

from tradebridge.errors import BadInput, BadInputs
from tradebridge.forum.model import PRIORITY_WEIGHTS, Forum, Meeting, Participant, Request, Slot
from tradebridge.forum.validation import schedule_problems


@cache
def forum_schema() -> dict[str, Any]:
    """The JSON Schema of the input file, as shipped in the package."""
    text = resources.files("tradebridge.forum").joinpath("schema/forum.schema.json").read_text()
    return json.loads(text)


MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 32
MAX_REQUEST_SLOTS = 5_000_000
"""Limits beyond the schema's: file size, JSON nesting depth, and requests × slots (the size
of the scheduler's model)."""
SIZE_KEYWORDS = frozenset({"maximum", "maxItems", "maxLength"})


class _NotFinite(ValueError):
    """A JSON number that is NaN, infinite or too large for a float."""


def read_json(path: Path) -> Any:
    """Parse a JSON file (UTF-8, with or without a byte-order mark). A folder, a device or a
    pipe, a file over ``MAX_FILE_BYTES``, another encoding, invalid JSON, NaN or infinite
    numbers and nesting deeper than ``MAX_DEPTH`` are ``BadInput`` (with the line where known).

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
    ...     _ = fh.write('{"weight": NaN}')
    >>> try:
    ...     read_json(fh.name)
    ... except BadInput as err:
    ...     print(err.reason)
    not valid JSON: NaN is not a number JSON allows
    >>> os.unlink(fh.name)
    """
    path = Path(path)
    data = _read_bytes(path)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BadInput("not UTF-8 (the file is UTF-16); save it as UTF-8", file=str(path))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BadInput(
            f"not UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            file=str(path),
            line=line,
        ) from exc
    try:
        doc = json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
    except json.JSONDecodeError as exc:
        raise BadInput(f"not valid JSON: {exc.msg}", file=str(path), line=exc.lineno) from exc
    except _NotFinite as exc:
        raise BadInput(f"not valid JSON: {exc}", file=str(path)) from exc
    except RecursionError as exc:
        raise BadInput("not valid JSON: nested too deeply", file=str(path)) from exc
    if _depth(doc) > MAX_DEPTH:
        raise BadInput(f"nested deeper than {MAX_DEPTH} levels", file=str(path))
    return doc


def _read_bytes(path: Path) -> bytes:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            raise BadInput(f"cannot read: {kind}", file=str(path))
        if info.st_size > MAX_FILE_BYTES:
            raise BadInput(
                f"file of {info.st_size:,} bytes, more than the {MAX_FILE_BYTES:,} allowed",
                file=str(path),
            )
        return path.read_bytes()
    except OSError as exc:
        raise BadInput(f"cannot read: {exc.strerror}", file=str(path)) from exc


def _reject_constant(name: str) -> None:
    raise _NotFinite(f"{name} is not a number JSON allows")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _NotFinite(f"number {text[:40]} is out of range")
    return value


def _depth(doc: Any) -> int:
    """Nesting depth of a parsed JSON value (a scalar is 0), without recursion."""
    deepest, stack = 0, [(doc, 0)]
    while stack:
        value, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    return deepest


def load_forum(path: Path, lock_path: Path | None = None) -> Forum:
    """Read and check a forum file; meetings in ``lock_path`` (a schedule output or a list of
    meetings) are added to the locked meetings. Raises ``BadInputs`` listing all problems."""
    doc = read_json(path)
    extra: list[dict[str, Any]] = []
    if lock_path is not None:
        published = read_json(lock_path)
        meetings = published.get("meetings") if isinstance(published, dict) else published
        meetings_schema = {"$defs": forum_schema()["$defs"], "$ref": "#/$defs/meetings"}
        problems, _ = _schema_problems(meetings_schema, meetings)
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
    schema_problems, too_large = _schema_problems(forum_schema(), doc)
    if too_large:
        raise BadInputs(schema_problems, file=source)
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
    if len(requests) * len(slots) > MAX_REQUEST_SLOTS:
        problems.append(
            f"{len(requests):,} requests × {len(slots):,} slots is more than the "
            f"{MAX_REQUEST_SLOTS:,} request-slot combinations the scheduler takes; "
            "split the forum"
        )
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


@cache
def _fast_validator(text: str) -> Any:
    return jsonschema_rs.validator_for(json.loads(text))


def _schema_problems(schema: dict[str, Any], doc: Any) -> tuple[list[str], bool]:
    """Every schema violation (messages cut to 200 characters), and whether one of them is a
    size limit (then nothing else is looked at). A compiled validator (``jsonschema_rs``,
    about a hundred times faster on a forum of 10,000 requests) says whether there is any;
    only then does ``jsonschema`` list them, with its messages."""
    if _fast_validator(json.dumps(schema, sort_keys=True)).is_valid(doc):
        return [], False
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
    problems = [f"{_json_path(err.absolute_path)}: {_message(err)}" for err in errors]
    too_large = any(
        err.validator in SIZE_KEYWORDS or any(c.validator in SIZE_KEYWORDS for c in err.context)
        for err in errors
    )
    return problems, too_large


def _message(err: jsonschema.ValidationError) -> str:
    """The schema error in a few words: sizes stated, long values cut in the middle."""
    limit = err.validator_value
    if err.validator == "maxItems":
        return f"{len(err.instance):,} items, more than the {limit:,} allowed"
    if err.validator == "maxLength":
        return f"{len(err.instance):,} characters, more than the {limit:,} allowed"
    message = err.message
    if err.validator == "maximum":
        message = f"{err.instance} is more than the maximum {limit}"
    return message if len(message) <= 200 else message[:120] + " … " + message[-60:]


def _json_path(parts: Any) -> str:
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(top level)"


def _duplicates(what: str, ids: list[str]) -> list[str]:
    return [f"{what}: duplicate id {k!r} ({n} times)" for k, n in Counter(ids).items() if n > 1]
