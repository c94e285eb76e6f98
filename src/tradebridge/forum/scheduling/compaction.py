"""Idle-gap compaction: simulated annealing over the slots of the scheduled meetings. The set of
meetings never changes, so objective (1) never drops; only (2) moves.

A move is a Kempe-chain interchange between two slots t and u: start from one meeting in t,
take the component of the meetings in t and u linked through shared participants (a path or a
cycle, since nobody has two meetings in one slot) and swap their slots. Every participant keeps
at most one meeting per slot; the move is allowed when every meeting of the chain may use its
new slot (both sides available, no locked meeting there) and the tables still suffice in t and
u. A chain of one meeting is a plain move to a slot where both sides are free; inside one
session only the two ends of a path change their set of busy slots.

Idle gaps of one participant in one session, with their busy slots as a bit mask m over the
session's slots in time order: (highest bit − lowest bit + 1) − popcount(m), 0 when m = 0.

>>> _gaps(0b1011), _gaps(0b110), _gaps(0)
(1, 0, 0)
"""

from __future__ import annotations

import math
import random
import time

from tradebridge.forum.scheduling.instance import Instance
from tradebridge.forum.scheduling.state import State

MAX_CHAIN = 24
"""Longest chain tried (meetings); longer components are skipped."""
START_TEMPERATURE = 0.6
END_TEMPERATURE = 0.02
"""Annealing temperatures (in idle gaps), lowered geometrically over the time given."""
LOCKED = -2


def _gaps(mask: int) -> int:
    if not mask:
        return 0
    return mask.bit_length() - (mask & -mask).bit_length() + 1 - mask.bit_count()


class _Board:
    """The occupancy the annealing works on: ``at[p * T + t]`` is the request p meets in slot t
    (−1 free, ``LOCKED`` for a locked meeting) and ``mask[p * S + s]`` p's busy slots in
    session s as bits (position in the session)."""

    def __init__(self, inst: Instance, slot_of: list[int]) -> None:
        self.inst = inst
        self.n_slots = len(inst.slot_ids)
        self.n_sessions = len(inst.sessions)
        self.pos = [0] * self.n_slots
        for ts in inst.sessions:
            for k, t in enumerate(ts):
                self.pos[t] = k
        self.slot_of = list(slot_of)
        self.at = [-1] * (len(inst.people) * self.n_slots)
        self.mask = [0] * (len(inst.people) * self.n_sessions)
        self.load = [0] * self.n_slots
        self.allowed = [set(c) for c in inst.cand]
        for p, ts in enumerate(inst.locked_busy):
            for t in ts:
                self.at[p * self.n_slots + t] = LOCKED
                self.mask[p * self.n_sessions + inst.session_of[t]] |= 1 << self.pos[t]
        for r, t in enumerate(self.slot_of):
            if t >= 0:
                self._set(r, t, True)

    def _set(self, r: int, t: int, on: bool) -> None:
        inst = self.inst
        bit = 1 << self.pos[t]
        s = inst.session_of[t]
        for p in inst.pairs[r]:
            self.at[p * self.n_slots + t] = r if on else -1
            if on:
                self.mask[p * self.n_sessions + s] |= bit
            else:
                self.mask[p * self.n_sessions + s] &= ~bit
        if inst.visitors_only[r]:
            self.load[t] += 1 if on else -1

    def total_gaps(self) -> int:
        return sum(_gaps(m) for m in self.mask)

    def chain(self, r: int, u: int) -> list[int] | None:
        """The Kempe chain of request r (in its slot t) towards slot u, or None when it is
        longer than ``MAX_CHAIN`` or holds a locked meeting."""
        t = self.slot_of[r]
        T = self.n_slots
        members, seen = [r], {r}
        k = 0
        while k < len(members):
            q = members[k]
            k += 1
            here = self.slot_of[q]
            there = u if here == t else t
            for p in self.inst.pairs[q]:
                other = self.at[p * T + there]
                if other == LOCKED:
                    return None
                if other >= 0 and other not in seen:
                    if len(members) >= MAX_CHAIN:
                        return None
                    seen.add(other)
                    members.append(other)
        return members

    def try_chain(self, members: list[int], t: int, u: int) -> int | None:
        """The change in idle gaps of swapping ``members`` between t and u, or None when a
        meeting may not use its new slot or the tables do not suffice."""
        inst = self.inst
        into_u = into_t = 0
        for q in members:
            here = self.slot_of[q]
            there = u if here == t else t
            if there not in self.allowed[q]:
                return None
            if inst.visitors_only[q]:
                if there == u:
                    into_u += 1
                else:
                    into_t += 1
        if self.load[u] - into_t + into_u > inst.free_cap[u]:
            return None
        if self.load[t] - into_u + into_t > inst.free_cap[t]:
            return None
        return self._delta(members, t, u)

    def _delta(self, members: list[int], t: int, u: int) -> int:
        inst = self.inst
        S = self.n_sessions
        st, su = inst.session_of[t], inst.session_of[u]
        bt, bu = 1 << self.pos[t], 1 << self.pos[u]
        flips: dict[int, int] = {}
        for q in members:
            for p in inst.pairs[q]:
                flips[p] = flips.get(p, 0) + (1 if self.slot_of[q] == t else 2)
        delta = 0
        for p, f in flips.items():
            if st == su:
                if f == 3:
                    continue
                m = old = self.mask[p * S + st]
                if f & 1:
                    m = (m & ~bt) | bu
                else:
                    m = (m & ~bu) | bt
                delta += _gaps(m) - _gaps(old)
            else:
                ms, mu = self.mask[p * S + st], self.mask[p * S + su]
                old = _gaps(ms) + _gaps(mu)
                if f & 1:
                    ms &= ~bt
                if f & 2:
                    mu &= ~bu
                if f & 1:
                    mu |= bu
                if f & 2:
                    ms |= bt
                delta += _gaps(ms) + _gaps(mu) - old
        return delta

    def apply(self, members: list[int], t: int, u: int) -> None:
        moves = [(q, u if self.slot_of[q] == t else t) for q in members]
        for q, _ in moves:
            self._set(q, self.slot_of[q], False)
        for q, there in moves:
            self.slot_of[q] = there
            self._set(q, there, True)


def compact(
    inst: Instance,
    state: State,
    deadline: float,
    rng: random.Random,
    patience: int | None = None,
) -> tuple[State, bool]:
    """Anneal idle gaps until ``deadline``, until none are left, or (with ``patience``) until
    that many moves in a row found no better assignment. Returns the best assignment seen and
    whether it has no idle gap at all (then (2) is optimal)."""
    board = _Board(inst, state.slot_of)
    movable = [r for r, t in enumerate(board.slot_of) if t >= 0]
    current = board.total_gaps()
    best, best_slots = current, list(board.slot_of)
    if not movable or current == 0:
        return state, current == 0
    start = time.perf_counter()
    budget = max(deadline - start, 1e-3)
    temperature = START_TEMPERATURE
    ratio = END_TEMPERATURE / START_TEMPERATURE
    sessions, session_of = inst.sessions, inst.session_of
    it = last_best = 0
    while patience is None or it - last_best < patience:
        it += 1
        if it % 512 == 0:
            now = time.perf_counter()
            if now >= deadline:
                break
            temperature = START_TEMPERATURE * ratio ** ((now - start) / budget)
        r = movable[rng.randrange(len(movable))]
        t = board.slot_of[r]
        cand = inst.cand[r]
        if rng.random() < 0.85:
            u = sessions[session_of[t]][rng.randrange(len(sessions[session_of[t]]))]
        else:
            u = cand[rng.randrange(len(cand))]
        if u == t:
            continue
        members = board.chain(r, u)
        if members is None:
            continue
        delta = board.try_chain(members, t, u)
        if delta is None:
            continue
        if delta <= 0 or rng.random() < math.exp(-delta / temperature):
            board.apply(members, t, u)
            current += delta
            if current < best:
                best = current
                best_slots = list(board.slot_of)
                last_best = it
                if best == 0:
                    break
    return State(inst, best_slots), best == 0
