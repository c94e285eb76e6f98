"""The independent validator: re-checks every hard rule of docs/methods.md#b2b-scheduling on a
list of meetings, from the forum alone (it shares no code with the scheduler).

Every schedule is checked here before it is written; the loader uses the same checks on the
locked (already published) meetings.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from tradebridge.errors import TradebridgeError
from tradebridge.forum.model import Forum, Meeting


class InvalidSchedule(TradebridgeError):
    """A produced schedule broke a hard rule: a fault of the scheduler, not of the input
    (exit status 1), and the schedule is never written out."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            "internal error, the schedule was not written: "
            f"{len(problems)} hard rule(s) broken: " + "; ".join(problems)
        )


def schedule_problems(
    forum: Forum, meetings: Iterable[Meeting], *, complete: bool = True
) -> list[str]:
    """Every broken hard rule, as readable lines (empty when the meetings are valid).

    Rules: known participants, slot and table; two different participants; one meeting per
    participant per slot; the slot is available to both; one meeting per table per slot; a host
    meets at their own table and a table kept for an available host holds only that host's
    meetings; each pair meets at most once; blocked pairs never meet; ``max_meetings`` holds.
    With ``complete``, also: every locked meeting is present unchanged, and every other meeting
    answers a request.
    """
    meetings = list(meetings)
    people = {p.id: p for p in forum.participants}
    slots = {s.id for s in forum.slots}
    tables = set(forum.tables)
    problems: list[str] = []
    busy: dict[tuple[str, str], int] = Counter()
    at_table: dict[tuple[str, str], int] = Counter()
    pairs: dict[frozenset[str], int] = Counter()
    count: dict[str, int] = Counter()
    reserved_cache: dict[str, dict[str, str]] = {}

    for i, m in enumerate(meetings):
        found: list[str] = []
        known = True
        for pid in (m.a, m.b):
            if pid not in people:
                found.append(f"unknown participant {pid!r}")
                known = False
        if m.slot not in slots:
            found.append(f"unknown slot {m.slot!r}")
            known = False
        if m.table not in tables:
            found.append(f"unknown table {m.table!r}")
            known = False
        if m.a == m.b:
            found.append("a participant cannot meet themselves")
        elif known:
            pa, pb = people[m.a], people[m.b]
            for p in (pa, pb):
                busy[(p.id, m.slot)] += 1
                count[p.id] += 1
                if m.slot not in forum.available(p):
                    found.append(f"{p.id} is not available in slot {m.slot}")
                if p.table is not None and m.table != p.table:
                    found.append(f"host {p.id} meets only at table {p.table}")
            if m.slot not in reserved_cache:
                reserved_cache[m.slot] = forum.reserved_tables(m.slot)
            host = reserved_cache[m.slot].get(m.table)
            if host is not None and host not in (m.a, m.b):
                found.append(f"table {m.table} is kept for host {host} in this slot")
            at_table[(m.table, m.slot)] += 1
            pair = m.pair
            pairs[pair] += 1
            if pair in forum.blocked_pairs:
                found.append(f"{m.a} and {m.b} are a blocked pair")
        if found:  # the place is written out only for a meeting with a problem
            where = f"meeting {i} ({m.a}, {m.b}, slot {m.slot}, table {m.table})"
            problems += [f"{where}: {problem}" for problem in found]

    for (pid, sid), n in sorted((k, n) for k, n in busy.items() if n > 1):
        problems.append(f"{pid} has {n} meetings in slot {sid}")
    for (table, sid), n in sorted((k, n) for k, n in at_table.items() if n > 1):
        problems.append(f"table {table} has {n} meetings in slot {sid}")
    for pair, n in pairs.items():
        if n > 1:
            problems.append(f"{' and '.join(sorted(pair))} meet {n} times")
    for pid, n in sorted(count.items()):
        cap = people[pid].max_meetings
        if cap is not None and n > cap:
            problems.append(f"{pid} has {n} meetings, more than max_meetings {cap}")

    if complete:
        problems += _completeness_problems(forum, meetings)
    return problems


def _completeness_problems(forum: Forum, meetings: list[Meeting]) -> list[str]:
    """Locked meetings moved or dropped, and meetings that answer no request."""
    problems: list[str] = []
    pairs = [m.pair for m in meetings]
    present = {(pair, m.slot, m.table) for pair, m in zip(pairs, meetings, strict=True)}
    for m in forum.locked:
        if (m.pair, m.slot, m.table) not in present:
            problems.append(
                f"locked meeting ({m.a}, {m.b}, slot {m.slot}, table {m.table}) moved or dropped"
            )
    requested = {r.pair for r in forum.requests} | {m.pair for m in forum.locked}
    unrequested = defaultdict(list)
    for pair, m in zip(pairs, meetings, strict=True):
        if pair not in requested:
            unrequested[m.slot].append(f"({m.a}, {m.b})")
    for sid, ms in unrequested.items():
        problems.append(f"slot {sid}: meetings nobody requested: {', '.join(ms)}")
    return problems


def check_schedule(forum: Forum, meetings: Iterable[Meeting]) -> None:
    """Raise ``InvalidSchedule`` listing every broken hard rule (see ``schedule_problems``)."""
    problems = schedule_problems(forum, meetings, complete=True)
    if problems:
        raise InvalidSchedule(problems)
