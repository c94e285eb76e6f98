"""The idle-gap annealing: its incremental count of idle gaps matches a recount after every
move, moves keep every hard rule, and the meetings never change."""

from __future__ import annotations

import random
import time

from forum_builders import forum, person, slots
from tradebridge.forum.quality import idle_gaps
from tradebridge.forum.scheduling.compaction import _Board, compact
from tradebridge.forum.scheduling.instance import build_instance
from tradebridge.forum.scheduling.state import State, greedy_order
from tradebridge.forum.scheduling.tables import assign_tables
from tradebridge.forum.validation import schedule_problems


def random_forum(seed: int):
    rng = random.Random(seed)
    names = [f"P{i}" for i in range(14)]
    people = [
        person(p, **({"available_slots": [f"s{k}" for k in range(1, 9)]} if i % 5 == 0 else {}))
        for i, p in enumerate(names)
    ]
    reqs = sorted({tuple(rng.sample(names, 2)) for _ in range(60)})
    return forum(12, 4, people, reqs, slot_list=slots(12, per_session=6))


def test_incremental_gap_count_matches_a_recount_after_every_move():
    for seed in range(3):
        f = random_forum(seed)
        inst = build_instance(f)
        state = State(inst, [-1] * len(inst.pairs))
        state.fill(greedy_order(inst), compact=False)
        board = _Board(inst, state.slot_of)
        rng = random.Random(seed)
        placed = [r for r, t in enumerate(board.slot_of) if t >= 0]
        tried = 0
        for _ in range(3000):
            r = rng.choice(placed)
            t, u = board.slot_of[r], rng.randrange(len(inst.slot_ids))
            members = board.chain(r, u) if u != t else None
            delta = None if members is None else board.try_chain(members, t, u)
            if delta is None:
                continue
            before = board.total_gaps()
            board.apply(members, t, u)
            assert board.total_gaps() - before == delta
            tried += 1
        assert tried > 100
        meetings = assign_tables(inst, State(inst, board.slot_of))
        assert schedule_problems(f, meetings) == []
        assert sorted(r for r, t in enumerate(board.slot_of) if t >= 0) == placed


def test_compaction_never_raises_gaps_and_keeps_the_meetings():
    f = random_forum(7)
    inst = build_instance(f)
    state = State(inst, [-1] * len(inst.pairs))
    state.fill(greedy_order(inst), compact=False)
    before = idle_gaps(f, assign_tables(inst, state))
    new, _ = compact(inst, state, time.perf_counter() + 0.5, random.Random(1), patience=20_000)
    meetings = assign_tables(inst, new)
    assert schedule_problems(f, meetings) == []
    assert idle_gaps(f, meetings) <= before
    assert [t >= 0 for t in new.slot_of] == [t >= 0 for t in state.slot_of]
