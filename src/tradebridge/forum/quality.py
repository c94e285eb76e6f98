"""The secondary objectives of a schedule, measured from the meetings alone.

- idle gaps: for each participant and session, the free slots between their first and last
  meeting of that session (span minus meetings);
- table changes: for each visitor (a participant without a fixed table), the number of times
  two consecutive meetings of theirs, in event order, are at different tables.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from tradebridge.forum.model import Forum, Meeting


def idle_gaps(forum: Forum, meetings: Iterable[Meeting]) -> int:
    """Σ over participants p and sessions s of (last − first + 1 − meetings) of p in s, where
    first/last are positions of p's meeting slots in the session's chronological order."""
    position: dict[str, tuple[tuple[str, str], int]] = {}
    counters: dict[tuple[str, str], int] = defaultdict(int)
    for s in forum.slots:
        key = (s.day, s.session)
        position[s.id] = (key, counters[key])
        counters[key] += 1
    seen: dict[tuple[str, tuple[str, str]], list[int]] = defaultdict(list)
    for m in meetings:
        session, pos = position[m.slot]
        seen[(m.a, session)].append(pos)
        seen[(m.b, session)].append(pos)
    return sum(max(ps) - min(ps) + 1 - len(set(ps)) for ps in seen.values())


def table_changes(forum: Forum, meetings: Iterable[Meeting]) -> int:
    """Σ over visitors of the table changes between consecutive meetings in event order."""
    order = {s.id: i for i, s in enumerate(forum.slots)}
    hosts = {p.id for p in forum.participants if p.table is not None}
    tables: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for m in meetings:
        for pid in (m.a, m.b):
            if pid not in hosts:
                tables[pid].append((order[m.slot], m.table))
    changes = 0
    for seq in tables.values():
        seq.sort()
        changes += sum(1 for (_, k1), (_, k2) in zip(seq, seq[1:], strict=False) if k1 != k2)
    return changes
