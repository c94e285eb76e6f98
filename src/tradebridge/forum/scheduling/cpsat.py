"""The slot model for CP-SAT: x[r, t] over some free requests with every other placed
request fixed; objective (1) as a weighted sum and (2) as idle-gap indicators."""

from __future__ import annotations

import math
import random
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
                busy = [
                    1 if t in fixed_busy[p] else cp_model.LinearExpr.sum(at.get((p, t), []))
                    for t in inst.sessions[s]
                ]
                gaps += _gap_indicators(model, busy)
    return model, x, score, cp_model.LinearExpr.sum(gaps), touched


def _gap_indicators(model: cp_model.CpModel, busy: list) -> list[cp_model.IntVar]:
    """Idle-gap indicators of one participant in one session, ``busy[k]`` being 0/1 (or an
    expression) for the k-th slot: gap[k] ≥ before[k] + after[k] − 1 − busy[k], where the
    monotone before[k] / after[k] say that a meeting lies earlier / later in the session."""
    n = len(busy)
    before = [model.new_bool_var("") for _ in busy]
    after = [model.new_bool_var("") for _ in busy]
    model.add(before[0] == 0)
    model.add(after[n - 1] == 0)
    for k in range(1, n):
        model.add(before[k] >= before[k - 1])
        model.add(before[k] >= busy[k - 1])
        model.add(after[n - 1 - k] >= after[n - k])
        model.add(after[n - 1 - k] >= busy[n - k])
    gaps = []
    for k in range(1, n - 1):
        g = model.new_bool_var("")
        model.add(g >= before[k] + after[k] - 1 - busy[k])
        gaps.append(g)
    return gaps


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
    inst: Instance,
    state: State,
    deadline: float,
    seed: int,
    workers: int,
    lexicographic: bool,
    proven: bool = False,
) -> tuple[State, int | None, float | None]:
    """CP-SAT on the whole slot model: objective (1) unless ``proven`` already, warm-started
    from ``state``; with ``lexicographic``, then (2) with (1) held. Returns the state, the
    proven bound on (1) (scaled weights, locked included) and when (1) was proven optimal
    (``perf_counter`` time; None if not)."""
    locked = locked_score(inst)
    free = [r for r in range(len(inst.pairs)) if inst.cand[r]]
    bound = proven_at = None
    model, x, score, gaps, _ = build_model(inst, state, free, None, lexicographic)
    if not proven:
        model.maximize(score)
        if lexicographic:
            hint(model, x, state)
        budget = deadline - time.perf_counter()
        solver = new_solver(budget * (0.6 if lexicographic else 1.0), seed, workers)
        status = solver.solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            raise NoSolution
        bound = locked + math.floor(solver.best_objective_bound + 1e-6)
        proven_at = time.perf_counter() if status == cp_model.OPTIMAL else None
        found = read_solution(solver, x, state, free)
        if found.score() >= state.score():
            state = found
    if lexicographic and deadline - time.perf_counter() > 0.05:
        now = time.perf_counter()
        state.polish_gaps(now + 0.1 * (deadline - now), random.Random(seed))
        model.add(score >= state.score() - locked)
        model.minimize(gaps)
        hint(model, x, state)
        solver = new_solver(deadline - time.perf_counter(), seed, workers)
        if solver.solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            state = read_solution(solver, x, state, free)
    return state, bound, proven_at


class NoSolution(TradebridgeError):
    """CP-SAT found no solution of the slot model within the time limit (caught inside the
    scheduler, which then reports ``no solution in time``)."""

    def __init__(self) -> None:
        super().__init__("CP-SAT found no solution of the slot model in time")
