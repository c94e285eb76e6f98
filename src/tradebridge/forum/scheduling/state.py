"""A slot assignment and the occupancy it implies, and the greedy warm start."""

from __future__ import annotations

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
