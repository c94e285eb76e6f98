"""Large-neighbourhood search: free the meetings of a few related participants (or of a few
slots) and let CP-SAT re-solve them with everything else fixed."""

from __future__ import annotations

import random
import time
from collections import defaultdict

from ortools.sat.python import cp_model

from tradebridge.forum.scheduling.cpsat import build_model, hint, new_solver, read_solution
from tradebridge.forum.scheduling.instance import Instance
from tradebridge.forum.scheduling.state import State

NEIGHBOURHOOD_PEOPLE = 60
STEP_SECONDS = 0.5
SLOT_NEIGHBOURHOODS = 0.25
GAP_PHASE = 0.3
POLISH_SHARE = 0.5
"""Large-neighbourhood search: participants per group neighbourhood, CP-SAT seconds per solve,
share of the time kept for steps that also minimise idle gaps, and share of that spent first
on single-meeting moves (``State.polish_gaps``)."""


def neighbourhood(
    inst: Instance, state: State, rng: random.Random, size: int, gaps: bool
) -> tuple[list[int], set[int] | None]:
    """Pairs to free and the slots they may use: meetings among a group of participants
    grown from an unscheduled pair (or a random one), or everything in a few slots; when
    working on idle gaps, also the meetings of one session among a group of participants
    linked by meetings in that session."""
    open_pairs = [r for r in range(len(inst.pairs)) if inst.cand[r] and state.slot_of[r] < 0]
    if gaps and (not open_pairs or rng.random() < 0.5):
        return session_neighbourhood(inst, state, rng, size)
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


def session_neighbourhood(
    inst: Instance, state: State, rng: random.Random, size: int
) -> tuple[list[int], set[int]]:
    """The meetings of one session among ``size`` participants reached from a random one
    through meetings in that session; they may move to any slot of the session."""
    s = rng.randrange(len(inst.sessions))
    slots = set(inst.sessions[s])
    partners: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for r, t in enumerate(state.slot_of):
        if t in slots:
            i, j = inst.pairs[r]
            partners[i].append((j, r))
            partners[j].append((i, r))
    if not partners:
        return [], slots
    start = rng.choice(list(partners))
    group, frontier = {start}, [start]
    while frontier and len(group) < size:
        p = frontier.pop(rng.randrange(len(frontier)))
        for q, _ in partners[p]:
            if q not in group and len(group) < size:
                group.add(q)
                frontier.append(q)
    free = sorted({r for p in group for q, r in partners[p] if q in group})
    return free, slots


def lns(
    inst: Instance,
    state: State,
    deadline: float,
    seed: int,
    workers: int,
    score_done: bool = False,
) -> State:
    """Large-neighbourhood search. While requests are open and until ``GAP_PHASE`` of the time
    is left (or (1) is ``score_done``: proven optimal), each step re-solves one neighbourhood on
    (1) alone; after that, on (1) and then on (2) with (1) held. A step is kept when (1, −2)
    improves or ties on the people involved."""
    rng = random.Random(seed)
    start = time.perf_counter()
    gap_phase_at = deadline - GAP_PHASE * (deadline - start)
    polished = False
    schedulable = sum(w for w, c in zip(inst.weight, inst.cand, strict=True) if c)
    while time.perf_counter() < deadline - 0.05:
        placed = sum(w for w, t in zip(inst.weight, state.slot_of, strict=True) if t >= 0)
        complete = placed == schedulable
        if complete and state.gaps_of(range(len(inst.people))) == 0:
            break
        with_gaps = score_done or complete or time.perf_counter() > gap_phase_at
        if with_gaps and not polished:
            now = time.perf_counter()
            state.polish_gaps(now + POLISH_SHARE * (deadline - now), rng)
            polished = True
            continue
        free, slots = neighbourhood(inst, state, rng, NEIGHBOURHOOD_PEOPLE, with_gaps)
        if not free:
            continue
        model, x, score, gaps, touched = build_model(inst, state, free, slots, with_gaps)
        model.maximize(score)
        hint(model, x, state)
        left = deadline - time.perf_counter()
        solver = new_solver(min(STEP_SECONDS, left), rng.randrange(1 << 20), workers)
        if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            continue
        new = read_solution(solver, x, state, free)
        left = deadline - time.perf_counter()
        if with_gaps and left > 0.05:
            model.add(score >= round(solver.objective_value))
            model.minimize(gaps)
            hint(model, x, new)
            solver = new_solver(min(STEP_SECONDS, left), rng.randrange(1 << 20), workers)
            if solver.solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                new = read_solution(solver, x, new, free)
        old_key = (state.score(), -state.gaps_of(touched) if with_gaps else 0)
        if (new.score(), -new.gaps_of(touched) if with_gaps else 0) >= old_key:
            state = new
    return state
