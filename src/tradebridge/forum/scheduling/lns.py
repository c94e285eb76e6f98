"""Large-neighbourhood search: free the meetings of a few related participants (or of a few
slots) and let CP-SAT re-solve them with everything else fixed."""

from __future__ import annotations

import random
import time

from ortools.sat.python import cp_model

from tradebridge.forum.scheduling.cpsat import build_model, hint, new_solver, read_solution
from tradebridge.forum.scheduling.instance import Instance
from tradebridge.forum.scheduling.state import State

NEIGHBOURHOOD_PEOPLE = 60
STEP_SECONDS = 0.5
SLOT_NEIGHBOURHOODS = 0.25
"""Participants per group neighbourhood, CP-SAT seconds per step, share of slot
neighbourhoods."""


def neighbourhood(
    inst: Instance, state: State, rng: random.Random, size: int
) -> tuple[list[int], set[int] | None]:
    """Pairs to free and the slots they may use: meetings among a group of participants
    grown from an unscheduled pair (or a random one), or everything in a few slots."""
    open_pairs = [r for r in range(len(inst.pairs)) if inst.cand[r] and state.slot_of[r] < 0]
    if open_pairs and rng.random() < SLOT_NEIGHBOURHOODS:
        session = inst.sessions[rng.randrange(len(inst.sessions))]
        slots = set(rng.sample(session, min(len(session), rng.choice((2, 3, 4)))))
        free = [r for r, t in enumerate(state.slot_of) if t in slots] + [
            r for r in open_pairs if slots.intersection(inst.cand[r])
        ]
        return free, slots
    start = rng.choice(open_pairs) if open_pairs else rng.randrange(len(inst.pairs))
    group: set[int] = set()
    frontier = list(inst.pairs[start])
    while frontier and len(group) < size:
        p = frontier.pop(0)
        if p in group:
            continue
        group.add(p)
        nxt = [q for r in inst.by_person[p] for q in inst.pairs[r] if q not in group]
        rng.shuffle(nxt)
        frontier.extend(nxt[:6])
    free = sorted(
        {
            r
            for p in group
            for r in inst.by_person[p]
            if inst.cand[r] and inst.pairs[r][0] in group and inst.pairs[r][1] in group
        }
    )
    return free, None


def lns(inst: Instance, state: State, deadline: float, seed: int, workers: int) -> State:
    """Large-neighbourhood search on objective (1): each step re-solves one neighbourhood with
    CP-SAT, everything else fixed, and is kept when (1) does not drop. Stops at ``deadline``
    or when every request that can be met at all is scheduled."""
    rng = random.Random(seed)
    schedulable = sum(w for w, c in zip(inst.weight, inst.cand, strict=True) if c)
    while time.perf_counter() < deadline - 0.05:
        placed = sum(w for w, t in zip(inst.weight, state.slot_of, strict=True) if t >= 0)
        if placed == schedulable:
            break
        free, slots = neighbourhood(inst, state, rng, NEIGHBOURHOOD_PEOPLE)
        if not free:
            continue
        model, x, score, _, _ = build_model(inst, state, free, slots, False)
        model.maximize(score)
        hint(model, x, state)
        left = deadline - time.perf_counter()
        solver = new_solver(min(STEP_SECONDS, left), rng.randrange(1 << 20), workers)
        if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            continue
        new = read_solution(solver, x, state, free)
        if new.score() >= state.score():
            state = new
    return state
