"""B2B meeting scheduling (METHODS.md section 7), decomposed: slots first, tables after.

1. Slot assignment. A boolean x[r, t] for each requested pair r and each slot t both sides can
   use. Hard rules: Σ_t x[r, t] ≤ 1; for each participant and slot at most one meeting; for
   each participant at most ``max_meetings``; for each slot the meetings of two visitors
   (no fixed table) fit the free tables: Σ x[r, t] ≤ |K| − |tables kept for hosts available in
   t| − locked meetings at free tables. A host's meetings use the host's own table, so they need
   no capacity row. Objectives, lexicographic: (1) max Σ w_r x[r, t]; (2) min idle gaps, with
   gap[p, t] ≥ before[p, t] + after[p, t] − 1 − busy[p, t] where before/after are monotone
   "has a meeting earlier/later in the session" indicators.
   - first a greedy warm start (heaviest requests first, then those with fewest usable
     slots, each in the slot next to most meetings of the two sides);
   - then the slot-class model: slots that no rule tells apart (same free participants, same
     free tables) merge into one class with |c| times the capacity. This removes the slot
     symmetry that stops CP-SAT from proving optimality; the small model is solved exactly by
     HiGHS (``scipy.optimize.milp``), and its meetings are spread over the slots of their
     class by balanced bipartite edge colouring (``edge_colouring``; CP-SAT when the graph is
     not bipartite). When all fit, (1) is proven optimal;
   - small models (≤ ``FULL_MODEL_LIMIT`` variables): CP-SAT on (1) unless already proven,
     then on (2) with (1) held at its best value;
   - large models: large-neighbourhood search: repeatedly free the meetings among a group of
     related participants, or all meetings in a few slots of one session, and let CP-SAT
     re-solve that part with everything else fixed, lexicographically ((1), then (2) with (1)
     held); idle gaps are worked on in the last ``GAP_PHASE`` of the time, or all along once
     (1) is proven optimal.
2. Table assignment, slot by slot in time order: hosts' meetings at their tables; the other
   meetings to free tables by a minimum-cost assignment (``scipy.optimize.linear_sum_assignment``)
   whose cost counts the visitors who would leave the table of their previous meeting (3).

The upper bound on (1): the best of (a) Σ w over pairs that could meet at all, (b) ½ Σ_p of the
``min(max_meetings, available slots)`` largest weights of p's pairs (each meeting counts for two
participants), and (c) the proven bound of the slot-class model (HiGHS; a relaxation of the
slot model) or of the whole slot model (CP-SAT) when it was solved. When the schedule reaches
the bound, (1) is proven optimal.
"""

from __future__ import annotations

import math
import random
import time
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model
from scipy.optimize import Bounds, LinearConstraint, linear_sum_assignment, milp
from scipy.sparse import coo_matrix

from tradebridge.forum.edge_colouring import balanced_edge_colouring
from tradebridge.forum.model import (
    WEIGHT_RESOLUTION,
    Forum,
    Meeting,
    Schedule,
    ScheduleStats,
    Unscheduled,
)
from tradebridge.forum.quality import idle_gaps, table_changes
from tradebridge.forum.validation import check_schedule

METHODS = ("auto", "greedy", "direct", "lns")
FULL_MODEL_LIMIT = 60_000
CLASS_SHARE = 0.3
"""Share of the time limit for the slot-class model and the spreading of its meetings."""
"""Above this many x[r, t] variables, ``auto`` uses large-neighbourhood search."""

NEIGHBOURHOOD_PEOPLE = 60
STEP_SECONDS = 0.5
SLOT_NEIGHBOURHOODS = 0.25
GAP_PHASE = 0.3
POLISH_SHARE = 0.5
"""Large-neighbourhood search: participants per group neighbourhood, CP-SAT seconds per solve,
share of the time kept for steps that also minimise idle gaps, and share of that spent first
on single-meeting moves (``_State.polish_gaps``)."""

NO_LIMIT = 1 << 30


@dataclass
class _Instance:
    """The forum as integer indices; slots in chronological order."""

    forum: Forum
    slot_ids: list[str]
    sessions: list[list[int]]
    session_of: list[int]
    people: list[str]
    is_host: list[bool]
    cap: list[int]
    locked_busy: list[set[int]]
    free_cap: list[int]
    pairs: list[tuple[int, int]]
    weight: list[int]
    cand: list[list[int]]
    visitors_only: list[bool]
    locked_pair: list[bool]
    static_reason: list[str | None]
    by_person: list[list[int]]


def _instance(forum: Forum) -> _Instance:
    slot_ids = [s.id for s in forum.slots]
    t_of = {sid: t for t, sid in enumerate(slot_ids)}
    session_keys: dict[tuple[str, str], int] = {}
    sessions: list[list[int]] = []
    session_of = []
    for t, s in enumerate(forum.slots):
        key = (s.day, s.session)
        if key not in session_keys:
            session_keys[key] = len(sessions)
            sessions.append([])
        sessions[session_keys[key]].append(t)
        session_of.append(session_keys[key])
    people = [p.id for p in forum.participants]
    p_of = {pid: i for i, pid in enumerate(people)}
    avail = [{t_of[s] for s in forum.available(p)} for p in forum.participants]
    is_host = [p.is_host for p in forum.participants]
    cap = [NO_LIMIT if p.max_meetings is None else p.max_meetings for p in forum.participants]
    locked_busy: list[set[int]] = [set() for _ in people]
    free_cap = [len(forum.tables) - len(forum.reserved_tables(sid)) for sid in slot_ids]
    locked_pairs = set()
    for m in forum.locked:
        t = t_of[m.slot]
        for pid in (m.a, m.b):
            locked_busy[p_of[pid]].add(t)
            cap[p_of[pid]] -= 1
        if not (is_host[p_of[m.a]] or is_host[p_of[m.b]]):
            free_cap[t] -= 1
        locked_pairs.add(m.pair)
    inst = _Instance(
        forum,
        slot_ids,
        sessions,
        session_of,
        people,
        is_host,
        cap,
        locked_busy,
        free_cap,
        [],
        [],
        [],
        [],
        [],
        [],
        [[] for _ in people],
    )
    for r, req in enumerate(forum.requests):
        i, j = p_of[req.a], p_of[req.b]
        inst.pairs.append((i, j))
        inst.weight.append(round(req.weight * WEIGHT_RESOLUTION))
        inst.visitors_only.append(not (is_host[i] or is_host[j]))
        inst.locked_pair.append(req.pair in locked_pairs)
        both = avail[i] & avail[j]
        common = sorted(both - locked_busy[i] - locked_busy[j])
        no_meetings = 0 in (forum.participants[i].max_meetings, forum.participants[j].max_meetings)
        reason = None
        if req.pair in forum.blocked_pairs:
            reason = "blocked pair"
        elif is_host[i] and is_host[j]:
            reason = "hosts at different fixed tables"
        elif not both or no_meetings:
            reason = "one side unavailable"
        elif not common or cap[i] <= 0 or cap[j] <= 0:
            reason = "both full"
        if inst.locked_pair[r]:
            reason = None
            common = []
        inst.static_reason.append(reason)
        inst.cand.append([] if reason else common)
        inst.by_person[i].append(r)
        inst.by_person[j].append(r)
    return inst


class _State:
    """A slot assignment (``slot_of[r]`` or −1) with the occupancy it implies."""

    def __init__(self, inst: _Instance, slot_of: list[int]) -> None:
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


def _greedy_order(inst: _Instance) -> list[int]:
    """Heaviest first, then the pairs with fewest usable slots."""
    return sorted(range(len(inst.pairs)), key=lambda r: (-inst.weight[r], len(inst.cand[r]), r))


def _build(
    inst: _Instance,
    state: _State,
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
    gaps = []
    touched = set(by_p)
    if gap_people:
        for p in touched:
            sessions = {inst.session_of[t] for t in slots_of[p]}
            for s in sessions:
                ts = inst.sessions[s]
                busy = [
                    1 if t in fixed_busy[p] else cp_model.LinearExpr.sum(at.get((p, t), []))
                    for t in ts
                ]
                n = len(ts)
                before = [model.new_bool_var("") for _ in ts]
                after = [model.new_bool_var("") for _ in ts]
                model.add(before[0] == 0)
                model.add(after[n - 1] == 0)
                for k in range(1, n):
                    model.add(before[k] >= before[k - 1])
                    model.add(before[k] >= busy[k - 1])
                    model.add(after[n - 1 - k] >= after[n - k])
                    model.add(after[n - 1 - k] >= busy[n - k])
                for k in range(1, n - 1):
                    g = model.new_bool_var("")
                    model.add(g >= before[k] + after[k] - 1 - busy[k])
                    gaps.append(g)
    return model, x, score, cp_model.LinearExpr.sum(gaps), touched


def _solver(seconds: float, seed: int, workers: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(seconds, 0.01)
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = workers
    return solver


def _hint(model: cp_model.CpModel, x: dict, state: _State) -> None:
    model.clear_hints()
    for (r, t), v in x.items():
        model.add_hint(v, state.slot_of[r] == t)


def _read(solver: cp_model.CpSolver, x: dict, state: _State, free: list[int]) -> _State:
    slot_of = list(state.slot_of)
    for r in free:
        slot_of[r] = -1
    for (r, t), v in x.items():
        if solver.boolean_value(v):
            slot_of[r] = t
    return _State(state.inst, slot_of)


def _slot_classes(inst: _Instance) -> list[list[int]]:
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


def _class_model(
    inst: _Instance, deadline: float
) -> tuple[dict[int, int] | None, int | None, list[list[int]]]:
    """Objective (1) on slot classes instead of slots, as a mixed-integer programme solved by
    HiGHS (``scipy.optimize.milp``, relative gap 0): y[r, c] ∈ {0, 1}; Σ_c y[r, c] ≤ 1 per
    pair; Σ_{r∋p} y[r, c] ≤ |c| per participant and class; Σ_{r∋p} y ≤ max_meetings;
    Σ visitors' y[r, c] ≤ Σ_{t∈c} free tables. A relaxation of the slot model without its
    slot symmetry (its LP is nearly integral, so it is solved fast); exact when each class's
    meetings can be spread over its slots (always for a bipartite request graph without
    hosts, by equitable edge colouring). Returns the class of each chosen pair, the proven
    bound (scaled, locked meetings excluded) and the classes."""
    classes = _slot_classes(inst)
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


def _class_phase(
    inst: _Instance, state: _State, deadline: float, seed: int, workers: int
) -> tuple[_State, int | None, float | None]:
    """Objective (1) by the class model, then its meetings spread over the slots of their
    classes: by balanced bipartite edge colouring, or (graph not bipartite) by CP-SAT. When
    every chosen meeting gets a slot, (1) is proven optimal. Returns the better of ``state``
    and the spread, the bound (scaled, locked included) and when optimality was proven."""
    locked = _locked_score(inst)
    chosen, class_bound, classes = _class_model(inst, deadline)
    if chosen is None:
        return state, None, None
    spread = _State(inst, [-1] * len(inst.pairs))
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
        model, x, score, _, _ = _build(inst, spread, rest, allowed, False)
        model.maximize(score)
        solver = _solver(deadline - time.perf_counter(), seed, workers)
        if solver.solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            spread = _read(solver, x, spread, rest)
    bound = locked + class_bound
    best = spread if spread.score() > state.score() else state
    proven_at = time.perf_counter() if best.score() >= bound else None
    return best, bound, proven_at


def _solve_full(
    inst: _Instance,
    state: _State,
    deadline: float,
    seed: int,
    workers: int,
    lexicographic: bool,
    proven: bool = False,
) -> tuple[_State, int | None, float | None]:
    """CP-SAT on the whole slot model: objective (1) unless ``proven`` already, warm-started
    from ``state``; with ``lexicographic``, then (2) with (1) held. Returns the state, the
    proven bound on (1) (scaled weights, locked included) and when (1) was proven optimal
    (``perf_counter`` time; None if not)."""
    locked = _locked_score(inst)
    free = [r for r in range(len(inst.pairs)) if inst.cand[r]]
    bound = proven_at = None
    model, x, score, gaps, _ = _build(inst, state, free, None, lexicographic)
    if not proven:
        model.maximize(score)
        if lexicographic:
            _hint(model, x, state)
        budget = deadline - time.perf_counter()
        solver = _solver(budget * (0.6 if lexicographic else 1.0), seed, workers)
        status = solver.solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            raise _NoSolution
        bound = locked + math.floor(solver.best_objective_bound + 1e-6)
        proven_at = time.perf_counter() if status == cp_model.OPTIMAL else None
        found = _read(solver, x, state, free)
        if found.score() >= state.score():
            state = found
    if lexicographic and deadline - time.perf_counter() > 0.05:
        now = time.perf_counter()
        state.polish_gaps(now + 0.1 * (deadline - now), random.Random(seed))
        model.add(score >= state.score() - locked)
        model.minimize(gaps)
        _hint(model, x, state)
        solver = _solver(deadline - time.perf_counter(), seed, workers)
        if solver.solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            state = _read(solver, x, state, free)
    return state, bound, proven_at


class _NoSolution(Exception):
    """CP-SAT found no solution of the slot model within the time limit."""


def _locked_score(inst: _Instance) -> int:
    return sum(w for w, lk in zip(inst.weight, inst.locked_pair, strict=True) if lk)


def _neighbourhood(
    inst: _Instance, state: _State, rng: random.Random, size: int, gaps: bool
) -> tuple[list[int], set[int] | None]:
    """Pairs to free and the slots they may use: meetings among a group of participants
    grown from an unscheduled pair (or a random one), or everything in a few slots; when
    working on idle gaps, also the meetings of one session among a group of participants
    linked by meetings in that session."""
    open_pairs = [r for r in range(len(inst.pairs)) if inst.cand[r] and state.slot_of[r] < 0]
    if gaps and (not open_pairs or rng.random() < 0.5):
        return _session_neighbourhood(inst, state, rng, size)
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


def _session_neighbourhood(
    inst: _Instance, state: _State, rng: random.Random, size: int
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


def _lns(
    inst: _Instance,
    state: _State,
    deadline: float,
    seed: int,
    workers: int,
    score_done: bool = False,
) -> _State:
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
        free, slots = _neighbourhood(inst, state, rng, NEIGHBOURHOOD_PEOPLE, with_gaps)
        if not free:
            continue
        model, x, score, gaps, touched = _build(inst, state, free, slots, with_gaps)
        model.maximize(score)
        _hint(model, x, state)
        left = deadline - time.perf_counter()
        solver = _solver(min(STEP_SECONDS, left), rng.randrange(1 << 20), workers)
        if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            continue
        new = _read(solver, x, state, free)
        left = deadline - time.perf_counter()
        if with_gaps and left > 0.05:
            model.add(score >= round(solver.objective_value))
            model.minimize(gaps)
            _hint(model, x, new)
            solver = _solver(min(STEP_SECONDS, left), rng.randrange(1 << 20), workers)
            if solver.solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                new = _read(solver, x, new, free)
        old_key = (state.score(), -state.gaps_of(touched) if with_gaps else 0)
        if (new.score(), -new.gaps_of(touched) if with_gaps else 0) >= old_key:
            state = new
    return state


def _tables(inst: _Instance, state: _State) -> list[Meeting]:
    """Table numbers for placed pairs, slot by slot; visitors keep their previous table when
    the assignment allows it (minimum number of visitors moving, per slot)."""
    forum = inst.forum
    people = forum.participants
    by_slot: dict[int, list[int]] = defaultdict(list)
    for r, t in enumerate(state.slot_of):
        if t >= 0:
            by_slot[t].append(r)
    locked_at: dict[str, list[Meeting]] = defaultdict(list)
    for m in forum.locked:
        locked_at[m.slot].append(m)
    last: dict[str, str] = {}
    meetings = list(forum.locked)
    for t, sid in enumerate(inst.slot_ids):
        taken = set(forum.reserved_tables(sid)) | {m.table for m in locked_at[sid]}
        free_tables = [k for k in forum.tables if k not in taken]
        now: list[Meeting] = []
        visitors = []
        for r in by_slot.get(t, []):
            i, j = inst.pairs[r]
            a, b = people[i], people[j]
            host = a if a.is_host else b if b.is_host else None
            if host is not None:
                now.append(Meeting(a.id, b.id, sid, host.table))
            else:
                visitors.append((a.id, b.id))
        if visitors:
            cost = np.zeros((len(visitors), len(free_tables)))
            col = {k: c for c, k in enumerate(free_tables)}
            for row, pair in enumerate(visitors):
                for pid in pair:
                    if pid in last:
                        cost[row, :] += 1
                        if last[pid] in col:
                            cost[row, col[last[pid]]] -= 1
            rows, cols = linear_sum_assignment(cost)
            for row, c in zip(rows, cols, strict=True):
                now.append(Meeting(*visitors[row], sid, free_tables[c]))
        for m in [*locked_at[sid], *now]:
            for pid in (m.a, m.b):
                last[pid] = m.table
        meetings.extend(now)
    return meetings


def _reasons(inst: _Instance, state: _State) -> list[Unscheduled]:
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


def _upper_bound(inst: _Instance) -> int:
    """max(Σ w) from (a) and (b) of the module docstring, in scaled weights."""
    locked = sum(w for w, lk in zip(inst.weight, inst.locked_pair, strict=True) if lk)
    open_w = [w if c else 0 for w, c in zip(inst.weight, inst.cand, strict=True)]
    total = sum(open_w)
    half = 0
    for p, rs in enumerate(inst.by_person):
        slots = len({t for r in rs for t in inst.cand[r]})
        k = min(inst.cap[p], slots)
        half += sum(sorted((open_w[r] for r in rs), reverse=True)[:k])
    return locked + min(total, half // 2)


def schedule(
    forum: Forum,
    *,
    time_limit: float = 30.0,
    seed: int = 1,
    workers: int = 2,
    method: str = "auto",
) -> Schedule:
    """Schedule the forum's requests (see the module docstring).

    ``method``: ``auto`` (greedy warm start, then CP-SAT on the whole slot model when it has at
    most ``FULL_MODEL_LIMIT`` variables, else large-neighbourhood search), ``greedy`` (plain
    first fit in request order: a baseline), ``direct`` (one CP-SAT solve of the whole slot
    model on objective (1), no warm start: a baseline) or ``lns``. The result is checked by the
    independent validator before it is returned.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}")
    started = time.perf_counter()
    deadline = started + time_limit
    inst = _instance(forum)
    state = _State(inst, [-1] * len(inst.pairs))
    bound = proven_at = None
    status = None
    if method == "greedy":
        state.fill(list(range(len(inst.pairs))), compact=False)
    elif method == "direct":
        try:
            state, bound, proven_at = _solve_full(inst, state, deadline, seed, workers, False)
        except _NoSolution:
            status = "no solution in time"
    else:
        state.fill(_greedy_order(inst), compact=True)
        state, bound, proven_at = _class_phase(
            inst, state, started + CLASS_SHARE * time_limit, seed, workers
        )
        proven = proven_at is not None
        n_vars = sum(len(c) for c in inst.cand)
        if method == "lns" or n_vars > FULL_MODEL_LIMIT:
            state = _lns(inst, state, deadline, seed, workers, score_done=proven)
            state.fill(_greedy_order(inst), compact=True)
        else:
            try:
                state, slot_bound, slot_proven_at = _solve_full(
                    inst, state, deadline, seed, workers, True, proven=proven
                )
            except _NoSolution:
                slot_bound = slot_proven_at = None
            if slot_bound is not None:
                bound = slot_bound if bound is None else min(bound, slot_bound)
            proven_at = proven_at or slot_proven_at
            state.fill(_greedy_order(inst), compact=True)
    meetings = _tables(inst, state)
    check_schedule(forum, meetings)
    elapsed = time.perf_counter() - started

    score = state.score()
    ub, kind = _upper_bound(inst), "pairs that can meet / per-participant capacity"
    if bound is not None and bound < ub:
        ub, kind = bound, "proven bound of the slot-class (HiGHS) or slot (CP-SAT) model"
    if proven_at is not None:
        ub, kind = score, "schedule reaches a proven bound: optimal"
    requested = len(forum.requests)
    scheduled = sum(1 for r, t in enumerate(state.slot_of) if t >= 0 or inst.locked_pair[r])
    stats = ScheduleStats(
        requested=requested,
        scheduled=scheduled,
        weighted_score=score / WEIGHT_RESOLUTION,
        upper_bound=ub / WEIGHT_RESOLUTION,
        bound_kind=kind,
        gap=0.0 if ub == 0 else (ub - score) / ub,
        idle_gaps=idle_gaps(forum, meetings),
        table_changes=table_changes(forum, meetings),
        solve_seconds=round(elapsed, 3),
        proof_seconds=None if proven_at is None else round(proven_at - started, 3),
        status=status or ("optimal" if score >= ub else "feasible"),
        method=method,
    )
    order = {sid: t for t, sid in enumerate(inst.slot_ids)}
    meetings.sort(key=lambda m: (order[m.slot], m.table, m.a))
    return Schedule(tuple(meetings), tuple(_reasons(inst, state)), stats)
