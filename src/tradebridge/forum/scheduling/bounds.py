"""Upper bounds on objective (1), in scaled weights (locked meetings included)."""

from __future__ import annotations

from tradebridge.forum.scheduling.instance import Instance


def locked_score(inst: Instance) -> int:
    """Σ w over the locked meetings."""
    return sum(w for w, lk in zip(inst.weight, inst.locked_pair, strict=True) if lk)


def upper_bound(inst: Instance) -> int:
    """max(Σ w) from (a) and (b) of the ``scheduling`` docstring, in scaled weights."""
    locked = locked_score(inst)
    open_w = [w if c else 0 for w, c in zip(inst.weight, inst.cand, strict=True)]
    total = sum(open_w)
    half = 0
    for p, rs in enumerate(inst.by_person):
        slots = len({t for r in rs for t in inst.cand[r]})
        k = min(inst.cap[p], slots)
        half += sum(sorted((open_w[r] for r in rs), reverse=True)[:k])
    return locked + min(total, half // 2)
