"""The slot model for CP-SAT: x[r, t] over some free requests with every other placed
request fixed; objective (1) as a weighted sum and (2) as idle-gap indicators."""

from __future__ import annotations

import math
import time
from collections import defaultdict

from ortools.sat.python import cp_model

from tradebridge.errors import TradebridgeError
from tradebridge.forum.scheduling.bounds import locked_score
from tradebridge.forum.scheduling.instance import Instance
from tradebridge.forum.scheduling.state import State


def build_model(
    inst: Instance,
    state: State,
    free: list[int],
    slots: set[int] | dict[int, set[int]] | None,
    gap_people: bool,
) -> tuple[cp_model.CpModel, dict[tuple[int, int], cp_model.IntVar], object, object, set[int]]:
    """The slot model over the ``free`` pairs, every other placed pair fixed where it is;
    ``slots`` limits the slots used (one set for all pairs, or a set per pair).
    Returns the model, x, the score and gap expressions and the participants touched."""
    free_set = set(free)
    fixed_busy = [set(b) for b in inst.locked_busy]
    fixed_used = [0] * len(inst.people)
    fixed_load = [0] * len(inst.slot_ids)
    for r, t in enumerate(state.slot_of):
        if t >= 0 and r not in free_set:
            for p in inst.pairs[r]:
                fixed_busy[p].add(t)
                fixed_used[p] += 1
            fixed_load[t] += inst.visitors_only[r]
    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    at: dict[tuple[int, int], list] = defaultdict(list)
    slots_of: dict[int, set[int]] = defaultdict(set)
    by_p: dict[int, list] = defaultdict(list)
    by_t: dict[int, list] = defaultdict(list)
    for r in free:
        i, j = inst.pairs[r]
        if fixed_used[i] >= inst.cap[i] or fixed_used[j] >= inst.cap[j]:
            continue
        own = []
        allowed = slots.get(r, set()) if isinstance(slots, dict) else slots
        for t in inst.cand[r]:
            if allowed is not None and t not in allowed:
                continue
            if t in fixed_busy[i] or t in fixed_busy[j]:
                continue
            if inst.visitors_only[r] and fixed_load[t] >= inst.free_cap[t]:
                continue
            v = model.new_bool_var(f"x{r}_{t}")
            x[r, t] = v
            own.append(v)
            at[i, t].append(v)
            at[j, t].append(v)
            slots_of[i].add(t)
            slots_of[j].add(t)
            by_p[i].append(v)
            by_p[j].append(v)
            if inst.visitors_only[r]:
                by_t[t].append(v)
        if len(own) > 1:
            model.add_at_most_one(own)
    for vs in at.values():
        if len(vs) > 1:
            model.add_at_most_one(vs)
    for p, vs in by_p.items():
        room = inst.cap[p] - fixed_used[p]
        if room < len(vs):
            model.add(cp_model.LinearExpr.sum(vs) <= room)
    for t, vs in by_t.items():
        room = inst.free_cap[t] - fixed_load[t]
        if room < len(vs):
            model.add(cp_model.LinearExpr.sum(vs) <= room)
    score = cp_model.LinearExpr.weighted_sum(list(x.values()), [inst.weight[r] for r, _ in x])
    touched = set(by_p)
    gaps = []
    if gap_people:
        for p in touched:
            for s in sorted({inst.session_of[t] for t in slots_of[p]}):
                gaps.append(_session_gaps(model, inst, p, inst.sessions[s], fixed_busy[p], at))
    return model, x, score, cp_model.LinearExpr.sum(gaps), touched


def _session_gaps(
    model: cp_model.CpModel,
    inst: Instance,
    p: int,
    slots: list[int],
    fixed: set[int],
    at: dict[tuple[int, int], list],
) -> cp_model.IntVar:
    """Idle gaps of participant p in one session (``slots`` in time order): with ``first`` ≤
    k ≤ ``last`` for the position k of every meeting of p, gap ≥ last − first + 1 − meetings,
    gap ≥ 0. Minimising makes first/last the first and last meeting, so gap is exact; with no
    meeting, first > last is allowed and gap is 0."""
    n = len(slots)
    first = model.new_int_var(0, n - 1, "")
    last = model.new_int_var(0, n - 1, "")
    gap = model.new_int_var(0, n, "")
    count = []
    for k, t in enumerate(slots):
        if t in fixed:
            model.add(first <= k)
            model.add(last >= k)
            count.append(1)
            continue
        for v in at.get((p, t), []):
            model.add(first <= k).only_enforce_if(v)
            model.add(last >= k).only_enforce_if(v)
            count.append(v)
    model.add(gap >= last - first + 1 - cp_model.LinearExpr.sum(count))
    return gap


def new_solver(seconds: float, seed: int, workers: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(seconds, 0.01)
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = workers
    return solver


def hint(model: cp_model.CpModel, x: dict, state: State) -> None:
    model.clear_hints()
    for (r, t), v in x.items():
        model.add_hint(v, state.slot_of[r] == t)


def read_solution(solver: cp_model.CpSolver, x: dict, state: State, free: list[int]) -> State:
    slot_of = list(state.slot_of)
    for r in free:
        slot_of[r] = -1
    for (r, t), v in x.items():
        if solver.boolean_value(v):
            slot_of[r] = t
    return State(state.inst, slot_of)


def solve_full(
    inst: Instance, state: State, deadline: float, seed: int, workers: int, warm: bool
) -> tuple[State, int, float | None]:
    """CP-SAT on objective (1) over the whole slot model, hinted with ``state`` when ``warm``.
    Returns the better of ``state`` and the solution found, the proven bound on (1) (scaled
    weights, locked included) and when (1) was proven optimal (``perf_counter`` time; None
    if not). Raises ``NoSolution`` when CP-SAT found none in time."""
    free = [r for r in range(len(inst.pairs)) if inst.cand[r]]
    model, x, score, _, _ = build_model(inst, state, free, None, False)
    model.maximize(score)
    if warm:
        hint(model, x, state)
    solver = new_solver(deadline - time.perf_counter(), seed, workers)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise NoSolution
    bound = locked_score(inst) + math.floor(solver.best_objective_bound + 1e-6)
    proven_at = time.perf_counter() if status == cp_model.OPTIMAL else None
    found = read_solution(solver, x, state, free)
    return (found if found.score() >= state.score() else state), bound, proven_at


def minimise_gaps(
    inst: Instance, state: State, deadline: float, seed: int, workers: int
) -> tuple[State, bool]:
    """CP-SAT on objective (2) over the whole slot model with (1) held at ``state``'s value,
    hinted with ``state``. Returns the better state and whether its idle gaps are proven
    minimal."""
    free = [r for r in range(len(inst.pairs)) if inst.cand[r]]
    model, x, score, gaps, _ = build_model(inst, state, free, None, True)
    model.add(score >= state.score() - locked_score(inst))
    model.minimize(gaps)
    hint(model, x, state)
    solver = new_solver(deadline - time.perf_counter(), seed, workers)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return state, False
    found = read_solution(solver, x, state, free)
    if found.gaps_of(range(len(inst.people))) > state.gaps_of(range(len(inst.people))):
        return state, False
    return found, status == cp_model.OPTIMAL


class NoSolution(TradebridgeError):
    """CP-SAT found no solution of the slot model within the time limit (caught inside the
    scheduler, which then reports ``no solution in time``)."""

    def __init__(self) -> None:
        super().__init__("CP-SAT found no solution of the slot model in time")
