"""The forum as integer indices for the solvers: slots in chronological order, sessions,
participants, requests with the slots both sides can use, and the capacities left after the
locked meetings."""

from __future__ import annotations

from dataclasses import dataclass

from tradebridge.forum.model import WEIGHT_RESOLUTION, Forum

NO_LIMIT = 1 << 30


@dataclass
class Instance:
    """The forum as integer indices; slots in chronological order."""

    forum: Forum
    slot_ids: list[str]
    sessions: list[list[int]]
    session_of: list[int]
    people: list[str]
    is_host: list[bool]
    cap: list[int]
    locked_busy: list[set[int]]
    free_cap: list[int]
    pairs: list[tuple[int, int]]
    weight: list[int]
    cand: list[list[int]]
    visitors_only: list[bool]
    locked_pair: list[bool]
    static_reason: list[str | None]
    by_person: list[list[int]]


def _sessions(forum: Forum) -> tuple[list[list[int]], list[int]]:
    """The slot indices of each session (day, session) in time order, and each slot's session."""
    session_keys: dict[tuple[str, str], int] = {}
    sessions: list[list[int]] = []
    session_of = []
    for t, s in enumerate(forum.slots):
        key = (s.day, s.session)
        if key not in session_keys:
            session_keys[key] = len(sessions)
            sessions.append([])
        sessions[session_keys[key]].append(t)
        session_of.append(session_keys[key])
    return sessions, session_of


def build_instance(forum: Forum) -> Instance:
    """Index the forum; a request that can never be scheduled gets its reason and no
    candidate slots, a locked request neither."""
    slot_ids = [s.id for s in forum.slots]
    t_of = {sid: t for t, sid in enumerate(slot_ids)}
    sessions, session_of = _sessions(forum)
    people = [p.id for p in forum.participants]
    p_of = {pid: i for i, pid in enumerate(people)}
    avail = [{t_of[s] for s in forum.available(p)} for p in forum.participants]
    is_host = [p.is_host for p in forum.participants]
    cap = [NO_LIMIT if p.max_meetings is None else p.max_meetings for p in forum.participants]
    locked_busy: list[set[int]] = [set() for _ in people]
    free_cap = [len(forum.tables) - len(forum.reserved_tables(sid)) for sid in slot_ids]
    locked_pairs = set()
    for m in forum.locked:
        t = t_of[m.slot]
        for pid in (m.a, m.b):
            locked_busy[p_of[pid]].add(t)
            cap[p_of[pid]] -= 1
        if not (is_host[p_of[m.a]] or is_host[p_of[m.b]]):
            free_cap[t] -= 1
        locked_pairs.add(m.pair)
    inst = Instance(
        forum,
        slot_ids,
        sessions,
        session_of,
        people,
        is_host,
        cap,
        locked_busy,
        free_cap,
        [],
        [],
        [],
        [],
        [],
        [],
        [[] for _ in people],
    )
    for r, req in enumerate(forum.requests):
        i, j = p_of[req.a], p_of[req.b]
        inst.pairs.append((i, j))
        inst.weight.append(round(req.weight * WEIGHT_RESOLUTION))
        inst.visitors_only.append(not (is_host[i] or is_host[j]))
        inst.locked_pair.append(req.pair in locked_pairs)
        both = avail[i] & avail[j]
        common = sorted(both - locked_busy[i] - locked_busy[j])
        no_meetings = 0 in (forum.participants[i].max_meetings, forum.participants[j].max_meetings)
        reason = None
        if req.pair in forum.blocked_pairs:
            reason = "blocked pair"
        elif is_host[i] and is_host[j]:
            reason = "hosts at different fixed tables"
        elif not both or no_meetings:
            reason = "one side unavailable"
        elif not common or cap[i] <= 0 or cap[j] <= 0:
            reason = "both full"
        if inst.locked_pair[r]:
            reason = None
            common = []
        inst.static_reason.append(reason)
        inst.cand.append([] if reason else common)
        inst.by_person[i].append(r)
        inst.by_person[j].append(r)
    return inst
