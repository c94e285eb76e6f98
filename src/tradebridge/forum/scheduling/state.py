"""A slot assignment and the occupancy it implies: the greedy warm start and the
single-meeting moves that lower idle gaps."""

from __future__ import annotations

import random
import time
from collections import defaultdict

from tradebridge.forum.scheduling.instance import Instance


class State:
    """A slot assignment (``slot_of[r]`` or −1) with the occupancy it implies."""

    def __init__(self, inst: Instance, slot_of: list[int]) -> None:
        self.inst = inst
        self.slot_of = slot_of
        self.busy = [set(b) for b in inst.locked_busy]
        self.used = [0] * len(inst.people)
        self.load = [0] * len(inst.slot_ids)
        for r, t in enumerate(slot_of):
            if t >= 0:
                self._occupy(r, t, 1)

    def _occupy(self, r: int, t: int, sign: int) -> None:
        i, j = self.inst.pairs[r]
        for p in (i, j):
            (self.busy[p].add if sign > 0 else self.busy[p].discard)(t)
            self.used[p] += sign
        if self.inst.visitors_only[r]:
            self.load[t] += sign

    def fits(self, r: int, t: int) -> bool:
        i, j = self.inst.pairs[r]
        return (
            t not in self.busy[i]
            and t not in self.busy[j]
            and self.used[i] < self.inst.cap[i]
            and self.used[j] < self.inst.cap[j]
            and (not self.inst.visitors_only[r] or self.load[t] < self.inst.free_cap[t])
        )

    def place(self, r: int, t: int) -> None:
        self.slot_of[r] = t
        self._occupy(r, t, 1)

    def fill(self, order: list[int], compact: bool) -> None:
        """Place each unplaced pair of ``order`` in a slot that fits: the first one, or with
        ``compact`` the one next to most existing meetings of the two sides (fewer gaps)."""
        inst = self.inst
        for r in order:
            if self.slot_of[r] >= 0 or not inst.cand[r]:
                continue
            best, best_score = -1, -1
            i, j = inst.pairs[r]
            for t in inst.cand[r]:
                if not self.fits(r, t):
                    continue
                if not compact:
                    best = t
                    break
                score = sum(
                    (u in self.busy[p]) and inst.session_of[u] == inst.session_of[t]
                    for p in (i, j)
                    for u in (t - 1, t + 1)
                    if 0 <= u < len(inst.slot_ids)
                )
                if score > best_score:
                    best, best_score = t, score
            if best >= 0:
                self.place(r, best)

    def gaps_of_one(self, p: int) -> int:
        first: dict[int, int] = {}
        last: dict[int, int] = {}
        count: dict[int, int] = defaultdict(int)
        for t in self.busy[p]:
            s = self.inst.session_of[t]
            first[s] = min(first.get(s, t), t)
            last[s] = max(last.get(s, t), t)
            count[s] += 1
        return sum(last[s] - first[s] + 1 - count[s] for s in count)

    def polish_gaps(self, deadline: float, rng: random.Random) -> None:
        """Local search on (2) with (1) unchanged: move one meeting to another slot where both
        sides are free and a table is left, when that lowers the two sides' idle gaps; repeat
        until no move helps or time is up."""
        inst = self.inst
        improved = True
        while improved and time.perf_counter() < deadline:
            improved = False
            order = [r for r, t in enumerate(self.slot_of) if t >= 0]
            rng.shuffle(order)
            for r in order:
                if time.perf_counter() >= deadline:
                    return
                i, j = inst.pairs[r]
                t = self.slot_of[r]
                before = self.gaps_of_one(i) + self.gaps_of_one(j)
                if before == 0:
                    continue
                self._occupy(r, t, -1)
                best, best_gaps = t, before
                for u in inst.cand[r]:
                    if u != t and self.fits(r, u):
                        self._occupy(r, u, 1)
                        after = self.gaps_of_one(i) + self.gaps_of_one(j)
                        self._occupy(r, u, -1)
                        if after < best_gaps:
                            best, best_gaps = u, after
                self._occupy(r, best, 1)
                self.slot_of[r] = best
                improved |= best != t

    def score(self) -> int:
        inst = self.inst
        return sum(
            w
            for w, t, lk in zip(inst.weight, self.slot_of, inst.locked_pair, strict=True)
            if t >= 0 or lk
        )

    def gaps_of(self, people: set[int] | range) -> int:
        total = 0
        for p in people:
            per: dict[int, list[int]] = defaultdict(list)
            for t in self.busy[p]:
                per[self.inst.session_of[t]].append(t)
            total += sum(max(ts) - min(ts) + 1 - len(ts) for ts in per.values())
        return total


def greedy_order(inst: Instance) -> list[int]:
    """Heaviest first, then the pairs with fewest usable slots."""
    return sorted(range(len(inst.pairs)), key=lambda r: (-inst.weight[r], len(inst.cand[r]), r))
