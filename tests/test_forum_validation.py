"""The independent validator reports each broken hard rule (meetings written by hand)."""

from __future__ import annotations

import pytest

from forum_builders import forum, person
from tradebridge.forum.model import Meeting
from tradebridge.forum.validation import InvalidSchedule, check_schedule, schedule_problems

F = forum(
    3,
    ["H1", "2", "3"],
    [
        person("H", table="H1"),
        person("A"),
        person("B"),
        person("C", available_slots=["s1"]),
        person("D", max_meetings=1),
    ],
    [("H", "A"), ("A", "B"), ("A", "C"), ("B", "C"), ("B", "D"), ("C", "D"), ("A", "D")],
    blocked_pairs=[["A", "D"]],
)


def test_a_valid_schedule_has_no_problems():
    ok = [
        Meeting("H", "A", "s1", "H1"),
        Meeting("B", "C", "s1", "2"),
        Meeting("A", "B", "s2", "3"),
        Meeting("D", "B", "s3", "2"),
    ]
    assert schedule_problems(F, ok) == []
    check_schedule(F, ok)


@pytest.mark.parametrize(
    ("meetings", "expected"),
    [
        (
            [Meeting("A", "B", "s1", "2"), Meeting("A", "C", "s1", "3")],
            "A has 2 meetings in slot s1",
        ),
        ([Meeting("A", "C", "s2", "2")], "C is not available in slot s2"),
        ([Meeting("A", "B", "s1", "2"), Meeting("C", "D", "s1", "2")], "table 2 has 2 meetings"),
        ([Meeting("H", "A", "s1", "2")], "host H meets only at table H1"),
        ([Meeting("A", "B", "s1", "H1")], "table H1 is kept for host H"),
        ([Meeting("A", "B", "s1", "2"), Meeting("B", "A", "s2", "2")], "A and B meet 2 times"),
        ([Meeting("A", "D", "s1", "2")], "A and D are a blocked pair"),
        ([Meeting("D", "B", "s1", "2"), Meeting("D", "C", "s1", "3")], "D has 2 meetings"),
        ([Meeting("D", "B", "s2", "2"), Meeting("D", "C", "s1", "3")], "more than max_meetings 1"),
        ([Meeting("A", "Z", "s1", "2")], "unknown participant 'Z'"),
        ([Meeting("A", "B", "s9", "2")], "unknown slot 's9'"),
        ([Meeting("A", "B", "s1", "99")], "unknown table '99'"),
        ([Meeting("A", "A", "s1", "2")], "cannot meet themselves"),
        ([Meeting("H", "B", "s1", "H1")], "meetings nobody requested"),
    ],
)
def test_each_broken_rule_is_reported(meetings, expected):
    problems = schedule_problems(F, meetings)
    assert any(expected in p for p in problems), problems
    with pytest.raises(InvalidSchedule):
        check_schedule(F, meetings)


def test_locked_meetings_must_be_kept():
    f = forum(
        2,
        2,
        [person("A"), person("B")],
        [("A", "B")],
        locked=[{"a": "A", "b": "B", "slot": "s1", "table": "1"}],
    )
    assert schedule_problems(f, [Meeting("A", "B", "s1", "1")]) == []
    moved = schedule_problems(f, [Meeting("A", "B", "s2", "1")])
    assert any("locked meeting (A, B, slot s1, table 1) moved or dropped" in p for p in moved)


def test_a_broken_schedule_is_the_engines_fault_not_the_users():
    from tradebridge.errors import BadInput, TradebridgeError
    from tradebridge.forum.scheduling.cpsat import NoSolution

    with pytest.raises(InvalidSchedule) as err:
        check_schedule(F, [Meeting("A", "A", "s1", "2")])
    assert isinstance(err.value, TradebridgeError) and not isinstance(err.value, BadInput)
    assert err.value.exit_code == 1 and "\n" not in str(err.value)
    assert issubclass(NoSolution, TradebridgeError)
