"""Why a request is not in the schedule (see ``model.Unscheduled``)."""

from __future__ import annotations

from tradebridge.forum.model import Unscheduled
from tradebridge.forum.scheduling.instance import Instance
from tradebridge.forum.scheduling.state import State


def unscheduled_reasons(inst: Instance, state: State) -> list[Unscheduled]:
    """Why each request is not in the schedule (see ``Unscheduled``)."""
    out = []
    for r, req in enumerate(inst.forum.requests):
        if state.slot_of[r] >= 0 or inst.locked_pair[r]:
            continue
        reason = inst.static_reason[r]
        if reason is None:
            i, j = inst.pairs[r]
            free_both = [
                t for t in inst.cand[r] if t not in state.busy[i] and t not in state.busy[j]
            ]
            full = state.used[i] >= inst.cap[i] or state.used[j] >= inst.cap[j]
            tables_left = any(
                not inst.visitors_only[r] or state.load[t] < inst.free_cap[t] for t in free_both
            )
            if full or not free_both:
                reason = "both full"
            elif tables_left:
                reason = "solver time limit"
            else:
                reason = "table capacity"
        out.append(Unscheduled(req.a, req.b, reason))
    return out
