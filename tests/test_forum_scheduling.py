"""The scheduler on tiny forums whose optimum is worked out by hand, and against a brute-force
reference on random tiny forums. CP-SAT runs with one worker, a fixed seed and ≤ 2 s."""

from __future__ import annotations

import itertools
import random

import pytest

from forum_builders import forum, person, slots
from tradebridge.forum.model import Forum
from tradebridge.forum.quality import idle_gaps
from tradebridge.forum.scheduling import schedule
from tradebridge.forum.validation import schedule_problems


def run(f: Forum, method: str = "auto", seconds: float = 2.0):
    result = schedule(f, time_limit=seconds, seed=3, workers=1, method=method)
    assert schedule_problems(f, result.meetings) == []
    return result


def pairs(result) -> set[frozenset[str]]:
    return {m.pair for m in result.meetings}


def reasons(result) -> dict[frozenset[str], str]:
    return {frozenset((u.a, u.b)): u.reason for u in result.unscheduled}


def test_triangle_in_one_slot_keeps_the_heaviest_request():
    # A-B (10), A-C (1), B-C (5) share a participant pairwise: one slot holds one of them.
    # Optimum 10; the others are "both full" (each side of them is busy in the only slot).
    f = forum(
        1,
        3,
        [person("A"), person("B"), person("C")],
        [("A", "B", 10), ("A", "C", 1), ("C", "B", 5)],
    )
    result = run(f)
    assert pairs(result) == {frozenset("AB")}
    assert result.stats.weighted_score == 10
    assert result.stats.status == "optimal" and result.stats.upper_bound == 10
    assert reasons(result) == {frozenset("AC"): "both full", frozenset("BC"): "both full"}


def test_table_capacity_limits_meetings_per_slot():
    # 4 people, 1 slot, 1 table: A-B (1) and C-D (2) are disjoint but only one table: optimum 2.
    f = forum(1, 1, [person(p) for p in "ABCD"], [("A", "B", 1), ("C", "D", 2)])
    result = run(f)
    assert pairs(result) == {frozenset("CD")}
    assert reasons(result) == {frozenset("AB"): "table capacity"}
    # with 2 tables both fit: 1 + 2 = 3
    assert (
        run(
            forum(1, 2, [person(p) for p in "ABCD"], [("A", "B", 1), ("C", "D", 2)])
        ).stats.weighted_score
        == 3
    )


def test_idle_gaps_come_second():
    # One session s1..s3. B is there only in s1, C only in s2 and s3, A always.
    # (1): A-B must be in s1 and A-C in s2 or s3; both are always scheduled (score 2).
    # (2): A-C in s3 leaves A a free slot (s2) between meetings: 1 gap; in s2: 0 gaps.
    f = forum(
        3,
        3,
        [
            person("A"),
            person("B", available_slots=["s1"]),
            person("C", available_slots=["s2", "s3"]),
        ],
        [("A", "C"), ("A", "B")],
    )
    result = run(f)
    assert result.stats.weighted_score == 2
    assert {(m.pair, m.slot) for m in result.meetings} == {
        (frozenset("AB"), "s1"),
        (frozenset("AC"), "s2"),
    }
    assert result.stats.idle_gaps == 0


def test_score_beats_idle_gaps():
    # Slots s1..s3 in one session; A-B possible only in s1, A-C only in s3 (availability).
    # Scheduling both (score 2) forces a gap for A in s2; dropping one (score 1) would have none.
    # Objective (1) comes first: both are scheduled and the gap is reported.
    f = forum(
        3,
        2,
        [person("A"), person("B", available_slots=["s1"]), person("C", available_slots=["s3"])],
        [("A", "B"), ("A", "C")],
    )
    result = run(f)
    assert result.stats.scheduled == 2 and result.stats.idle_gaps == 1


def test_gaps_are_counted_per_session():
    # Slots s1, s2 in session 1 and s3, s4 in session 2. A meets B in s2 and C in s3:
    # adjacent in time order but in different sessions, so no gap; in s1 and s2 none either.
    f = forum(
        4,
        4,
        [person("A"), person("B", available_slots=["s2"]), person("C", available_slots=["s3"])],
        [("A", "B"), ("A", "C")],
        slot_list=slots(4, per_session=2),
    )
    assert idle_gaps(f, run(f).meetings) == 0


def test_hosts_meet_at_their_table_and_keep_it():
    # Host H at table "H1" (tables H1, T2), visitors V1, V2; 2 slots.
    # H-V1 (1), H-V2 (1), V1-V2 (3). With V1-V2 in one slot, H meets one visitor in the other:
    # 3 + 1 = 4. With both host meetings (s1 and s2) each visitor is busy in a different slot,
    # so V1-V2 cannot meet: 2. Optimum 4. The visitors' meeting cannot use H1 (H is there).
    f = forum(
        2,
        ["H1", "T2"],
        [person("H", table="H1"), person("V1"), person("V2")],
        [("H", "V1", 1), ("V2", "H", 1), ("V1", "V2", 3)],
    )
    result = run(f)
    assert result.stats.weighted_score == 4
    for m in result.meetings:
        assert m.table == ("H1" if "H" in m.pair else "T2")


def test_host_table_is_not_free_while_the_host_is_there():
    # Only table H1, kept for host H in s1: V1-V2 cannot meet in s1. In s2 H is away, so
    # H1 is a free table and V1-V2 meet there.
    f1 = forum(1, ["H1"], [person("H", table="H1"), person("V1"), person("V2")], [("V1", "V2")])
    assert reasons(run(f1)) == {frozenset(("V1", "V2")): "table capacity"}
    f2 = forum(
        2,
        ["H1"],
        [person("H", table="H1", available_slots=["s1"]), person("V1"), person("V2")],
        [("V1", "V2")],
    )
    assert [(m.slot, m.table) for m in run(f2).meetings] == [("s2", "H1")]


def test_two_hosts_never_meet():
    f = forum(2, ["1", "2"], [person("H", table="1"), person("G", table="2")], [("H", "G")])
    result = run(f)
    assert result.meetings == ()
    assert reasons(result) == {frozenset("HG"): "hosts at different fixed tables"}


def test_blocked_pairs_never_meet():
    f = forum(
        2, 2, [person(p) for p in "ABC"], [("A", "B", 5), ("A", "C")], blocked_pairs=[["B", "A"]]
    )
    result = run(f)
    assert pairs(result) == {frozenset("AC")}
    assert reasons(result) == {frozenset("AB"): "blocked pair"}


def test_max_meetings_and_unavailability():
    # A allows 1 meeting: A-C (3) beats A-B (2). D and E never share a slot.
    f = forum(
        2,
        2,
        [
            person("A", max_meetings=1),
            person("B"),
            person("C"),
            person("D", available_slots=["s1"]),
            person("E", available_slots=["s2"]),
        ],
        [("A", "B", 2), ("A", "C", 3), ("D", "E")],
    )
    result = run(f)
    assert pairs(result) == {frozenset("AC")}
    assert reasons(result) == {
        frozenset("AB"): "both full",
        frozenset("DE"): "one side unavailable",
    }


def test_reverse_requests_are_one_meeting():
    # A→B (1) and B→A (4) are one meeting of weight max(1, 4) = 4, scheduled once.
    f = forum(3, 2, [person("A"), person("B")], [("A", "B", 1), ("B", "A", 4)])
    result = run(f)
    assert len(result.meetings) == 1
    assert result.stats.requested == 1 and result.stats.weighted_score == 4


def test_locked_meetings_stay_and_new_requests_fit_around():
    # A-B is published in s2 at table 2. New request A-C: A is busy in s2, so s1 or s3.
    locked = [{"a": "A", "b": "B", "slot": "s2", "table": "2"}]
    f = forum(3, 2, [person(p) for p in "ABC"], [("A", "B"), ("A", "C")], locked=locked)
    result = run(f)
    assert any((m.a, m.b, m.slot, m.table) == ("A", "B", "s2", "2") for m in result.meetings)
    ac = [m for m in result.meetings if m.pair == frozenset("AC")]
    assert len(ac) == 1 and ac[0].slot in {"s1", "s3"}
    assert result.stats.scheduled == 2 and result.stats.idle_gaps == 0


@pytest.mark.parametrize("method", ["greedy", "direct", "lns"])
def test_every_method_gives_a_valid_schedule(method):
    f = forum(
        4,
        ["H1", "2", "3"],
        [person("H", table="H1"), *(person(p) for p in "ABCDE")],
        [("H", "A"), ("H", "B"), ("A", "B"), ("C", "D"), ("D", "E"), ("E", "A"), ("B", "C")],
        blocked_pairs=[["C", "D"]],
    )
    result = run(f, method, seconds=0.5)
    assert result.stats.scheduled >= 1
    assert frozenset("CD") not in pairs(result)


def brute_force_optimum(f: Forum) -> float:
    """Reference: try every assignment of each request to 'none' or a slot; keep the best
    that satisfies all hard rules (checked by the independent validator's rules)."""
    from tradebridge.forum.model import Meeting

    slot_ids = [s.id for s in f.slots]
    best = 0.0
    for choice in itertools.product([None, *slot_ids], repeat=len(f.requests)):
        per_slot: dict[str, int] = {}
        meetings = []
        for r, sid in zip(f.requests, choice, strict=True):
            if sid is None:
                continue
            per_slot[sid] = per_slot.get(sid, 0) + 1
            meetings.append(
                Meeting(
                    r.a,
                    r.b,
                    sid,
                    f.tables[per_slot[sid] - 1] if per_slot[sid] <= len(f.tables) else "none",
                )
            )
        if schedule_problems(f, meetings):
            continue
        best = max(best, sum(r.weight for r, sid in zip(f.requests, choice, strict=True) if sid))
    return best


@pytest.mark.parametrize("seed", range(6))
def test_matches_brute_force_on_random_tiny_forums(seed):
    rng = random.Random(seed)
    names = ["A", "B", "C", "D", "E"]
    people = [
        person(
            p,
            **(
                {"available_slots": rng.sample(["s1", "s2", "s3"], 2)} if rng.random() < 0.4 else {}
            ),
            **({"max_meetings": 1} if rng.random() < 0.2 else {}),
        )
        for p in names
    ]
    all_pairs = list(itertools.combinations(names, 2))
    reqs = [(a, b, rng.choice([1, 2, 5])) for a, b in rng.sample(all_pairs, 6)]
    f = forum(3, rng.choice([1, 2]), people, reqs)
    result = run(f)
    assert result.stats.weighted_score == brute_force_optimum(f)
    assert result.stats.status == "optimal"


def test_slot_classes_prove_optimality_where_slots_are_symmetric():
    # 6 exporters × 6 buyers all requesting each other (36 pairs), 4 identical slots, 3 tables:
    # at most 3 meetings per slot, so 12 meetings; weights all 1 → optimum 12 exactly, and the
    # class model's bound (one class of 4 slots × 3 tables) equals it.
    people = [person(f"e{i}") for i in range(6)] + [person(f"b{i}") for i in range(6)]
    reqs = [(f"e{i}", f"b{j}") for i in range(6) for j in range(6)]
    result = run(forum(4, 3, people, reqs))
    assert result.stats.scheduled == 12 and result.stats.upper_bound == 12
    assert result.stats.status == "optimal" and result.stats.proof_seconds is not None


def test_forum_without_requests_or_with_everything_locked():
    # No requests: nothing to do, and the empty schedule is optimal (bound 0).
    empty = run(forum(2, 1, [person("A"), person("B")], []))
    assert empty.meetings == () and empty.stats.status == "optimal"
    # The only request is already published: it is kept and counts as scheduled.
    f = forum(
        2,
        1,
        [person("A"), person("B")],
        [("A", "B", 3)],
        locked=[{"a": "A", "b": "B", "slot": "s2", "table": "1"}],
    )
    result = run(f)
    assert [(m.slot, m.table) for m in result.meetings] == [("s2", "1")]
    assert result.stats.scheduled == 1 and result.stats.weighted_score == 3
    assert result.stats.status == "optimal"


def test_compaction_moves_a_meeting_into_the_gap():
    # A-B only in s1; A-C placed in s3 leaves A a gap in s2 (1 gap). Moving A-C to s2 is the
    # only move that lowers it (to 0); the meetings stay the same.
    import time

    from tradebridge.forum.scheduling.compaction import compact
    from tradebridge.forum.scheduling.instance import build_instance
    from tradebridge.forum.scheduling.state import State

    f = forum(
        3,
        2,
        [person("A"), person("B", available_slots=["s1"]), person("C")],
        [("A", "B"), ("A", "C")],
    )
    inst = build_instance(f)
    state = State(inst, [0, 2])
    assert state.gaps_of(range(3)) == 1
    new, no_gaps = compact(inst, state, time.perf_counter() + 5.0, random.Random(0))
    assert new.slot_of == [0, 1] and new.gaps_of(range(3)) == 0 and no_gaps


def test_a_run_that_proves_both_objectives_stops_before_its_time_limit():
    # Two slots, A meets B and C: both fit (1 = 2) with no idle gap. With a ten-minute limit the
    # run must report both objectives proven, which it only does when it stopped on a proof
    # (otherwise the test would take ten minutes).
    f = forum(2, 2, [person("A"), person("B"), person("C")], [("A", "B"), ("A", "C")])
    result = schedule(f, time_limit=600, seed=1, workers=1)
    assert result.stats.status == "optimal" and result.stats.gaps_proven
    assert result.stats.scheduled == 2 and result.stats.idle_gaps == 0


def test_cp_sat_proves_idle_gaps_minimal_when_one_gap_is_unavoidable():
    # A must meet B (only in s1) and C (only in s3): one idle gap for A is forced; (1) = 2.
    # The annealing cannot remove it, CP-SAT proves 1 minimal and the run stops.
    f = forum(
        3,
        2,
        [person("A"), person("B", available_slots=["s1"]), person("C", available_slots=["s3"])],
        [("A", "B"), ("A", "C")],
    )
    result = schedule(f, time_limit=600, seed=1, workers=1)
    assert result.stats.scheduled == 2 and result.stats.idle_gaps == 1
    assert result.stats.status == "optimal" and result.stats.gaps_proven
