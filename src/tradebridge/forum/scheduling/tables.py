"""Table numbers for a slot assignment: hosts at their tables, visitors by a minimum-cost
assignment per slot that keeps them at the table of their previous meeting (objective 3)."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from scipy.optimize import linear_sum_assignment

from tradebridge.forum.model import Meeting
from tradebridge.forum.scheduling.instance import Instance
from tradebridge.forum.scheduling.state import State


def assign_tables(inst: Instance, state: State) -> list[Meeting]:
    """Table numbers for placed pairs, slot by slot; visitors keep their previous table when
    the assignment allows it (minimum number of visitors moving, per slot)."""
    forum = inst.forum
    people = forum.participants
    by_slot: dict[int, list[int]] = defaultdict(list)
    for r, t in enumerate(state.slot_of):
        if t >= 0:
            by_slot[t].append(r)
    locked_at: dict[str, list[Meeting]] = defaultdict(list)
    for m in forum.locked:
        locked_at[m.slot].append(m)
    last: dict[str, str] = {}
    meetings = list(forum.locked)
    for t, sid in enumerate(inst.slot_ids):
        taken = set(forum.reserved_tables(sid)) | {m.table for m in locked_at[sid]}
        free_tables = [k for k in forum.tables if k not in taken]
        now: list[Meeting] = []
        visitors = []
        for r in by_slot.get(t, []):
            i, j = inst.pairs[r]
            a, b = people[i], people[j]
            host = a if a.is_host else b if b.is_host else None
            if host is not None:
                now.append(Meeting(a.id, b.id, sid, host.table))
            else:
                visitors.append((a.id, b.id))
        if visitors:
            cost = np.zeros((len(visitors), len(free_tables)))
            col = {k: c for c, k in enumerate(free_tables)}
            for row, pair in enumerate(visitors):
                for pid in pair:
                    if pid in last:
                        cost[row, :] += 1
                        if last[pid] in col:
                            cost[row, col[last[pid]]] -= 1
            rows, cols = linear_sum_assignment(cost)
            for row, c in zip(rows, cols, strict=True):
                now.append(Meeting(*visitors[row], sid, free_tables[c]))
        for m in [*locked_at[sid], *now]:
            for pid in (m.a, m.b):
                last[pid] = m.table
        meetings.extend(now)
    return meetings
