"""The slot-class model: slots no rule tells apart merged into classes, objective (1) solved
exactly by HiGHS, and its meetings spread over the slots of each class by balanced edge
colouring (CP-SAT when the request graph is not bipartite)."""

from __future__ import annotations

import math
import time
from collections import defaultdict

import numpy as np
from ortools.sat.python import cp_model
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

from tradebridge.forum.edge_colouring import balanced_edge_colouring
from tradebridge.forum.scheduling.bounds import locked_score
from tradebridge.forum.scheduling.cpsat import build_model, new_solver, read_solution
from tradebridge.forum.scheduling.instance import NO_LIMIT, Instance
from tradebridge.forum.scheduling.state import State


def slot_classes(inst: Instance) -> list[list[int]]:
    """Slots that no rule tells apart: the same participants free to meet (available and not
    in a locked meeting) and the same free-table capacity."""
    classes: dict[tuple, list[int]] = defaultdict(list)
    free_people: list[list[int]] = [[] for _ in inst.slot_ids]
    for p in range(len(inst.people)):
        for t in {t for r in inst.by_person[p] for t in inst.cand[r]}:
            free_people[t].append(p)
    for t in range(len(inst.slot_ids)):
        classes[(tuple(sorted(free_people[t])), inst.free_cap[t])].append(t)
    return list(classes.values())


def class_model(
    inst: Instance, deadline: float
) -> tuple[dict[int, int] | None, int | None, list[list[int]]]:
    """Objective (1) on slot classes instead of slots, as a mixed-integer programme solved by
    HiGHS (``scipy.optimize.milp``, relative gap 0): y[r, c] ∈ {0, 1}; Σ_c y[r, c] ≤ 1 per
    pair; Σ_{r∋p} y[r, c] ≤ |c| per participant and class; Σ_{r∋p} y ≤ max_meetings;
    Σ visitors' y[r, c] ≤ Σ_{t∈c} free tables. A relaxation of the slot model without its
    slot symmetry (its LP is nearly integral, so it is solved fast); exact when each class's
    meetings can be spread over its slots (always for a bipartite request graph without
    hosts, by equitable edge colouring). Returns the class of each chosen pair, the proven
    bound (scaled, locked meetings excluded) and the classes."""
    classes = slot_classes(inst)
    class_of = {t: c for c, ts in enumerate(classes) for t in ts}
    columns = [(r, c) for r, ts in enumerate(inst.cand) for c in sorted({class_of[t] for t in ts})]
    if not columns:
        return {}, 0, classes
    row_of: dict[tuple, int] = {}
    limits: list[float] = []
    rows, cols = [], []

    def add(key: tuple, limit: float, k: int) -> None:
        if key not in row_of:
            row_of[key] = len(limits)
            limits.append(limit)
        rows.append(row_of[key])
        cols.append(k)

    for k, (r, c) in enumerate(columns):
        add(("pair", r), 1, k)
        for p in inst.pairs[r]:
            add(("slots", p, c), len(classes[c]), k)
            if inst.cap[p] < NO_LIMIT:
                add(("max", p), inst.cap[p], k)
        if inst.visitors_only[r]:
            add(("tables", c), sum(inst.free_cap[t] for t in classes[c]), k)
    matrix = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(limits), len(columns)))
    weights = np.array([inst.weight[r] for r, _ in columns], dtype=float)
    result = milp(
        -weights,
        constraints=LinearConstraint(matrix.tocsr(), -np.inf, np.array(limits)),
        integrality=np.ones(len(columns)),
        bounds=Bounds(0, 1),
        options={"time_limit": max(deadline - time.perf_counter(), 0.01), "mip_rel_gap": 0},
    )
    if result.x is None or not math.isfinite(result.mip_dual_bound):
        return None, None, classes
    chosen = {r: c for (r, c), v in zip(columns, result.x, strict=True) if v > 0.5}
    bound = math.floor(-result.mip_dual_bound + 1e-6)
    return chosen, bound, classes


def class_phase(
    inst: Instance, state: State, deadline: float, seed: int, workers: int
) -> tuple[State, int | None, float | None]:
    """Objective (1) by the class model, then its meetings spread over the slots of their
    classes: by balanced bipartite edge colouring, or (graph not bipartite) by CP-SAT. When
    every chosen meeting gets a slot, (1) is proven optimal. Returns the better of ``state``
    and the spread, the bound (scaled, locked included) and when optimality was proven."""
    locked = locked_score(inst)
    chosen, class_bound, classes = class_model(inst, deadline)
    if chosen is None:
        return state, None, None
    spread = State(inst, [-1] * len(inst.pairs))
    by_class: dict[int, list[int]] = defaultdict(list)
    for r, c in chosen.items():
        by_class[c].append(r)
    rest: list[int] = []
    for c, rs in by_class.items():
        ts = classes[c]
        colour = balanced_edge_colouring(
            [inst.pairs[r] for r in rs],
            len(ts),
            [inst.visitors_only[r] for r in rs],
            [inst.free_cap[t] for t in ts],
        )
        if colour is None:
            rest += rs
            continue
        for r, k in zip(rs, colour, strict=True):
            spread.place(r, ts[k])
    if rest and deadline - time.perf_counter() > 0.05:
        allowed = {r: set(classes[chosen[r]]) for r in rest}
        model, x, score, _, _ = build_model(inst, spread, rest, allowed, False)
        model.maximize(score)
        solver = new_solver(deadline - time.perf_counter(), seed, workers)
        if solver.solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            spread = read_solution(solver, x, spread, rest)
    bound = locked + class_bound
    best = spread if spread.score() > state.score() else state
    proven_at = time.perf_counter() if best.score() >= bound else None
    return best, bound, proven_at
