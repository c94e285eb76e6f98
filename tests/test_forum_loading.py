"""Reading forum files: schema and semantic checks list every problem at once."""

from __future__ import annotations

import json

import pytest

from forum_builders import doc, person
from tradebridge.errors import BadInput, BadInputs
from tradebridge.forum.loading import forum_from_dict, load_forum


def problems_of(d) -> list[str]:
    with pytest.raises(BadInputs) as exc:
        forum_from_dict(d, source="forum.json")
    assert "forum.json" in str(exc.value)
    return exc.value.problems


def test_a_good_forum_loads_with_priorities_mapped_to_weights():
    d = doc(2, 3, [person("A"), person("B"), person("C")], [("A", "B")])
    d["requests"] += [
        {"from": "C", "to": "A", "priority": "must"},
        {"from": "B", "to": "C", "weight": 2.345},
    ]
    f = forum_from_dict(d)
    assert f.tables == ("1", "2", "3")
    weights = {r.pair: r.weight for r in f.requests}
    assert weights == {frozenset("AB"): 1.0, frozenset("AC"): 100.0, frozenset("BC"): 2.35}


def test_semantic_problems_are_all_listed():
    d = doc(
        3,
        ["T1", "T2", "T1"],
        [
            person("A", available_slots=["s1", "s7"]),
            person("A"),
            person("B", table="T9"),
            person("C", table="T2"),
            person("D", table="T2"),
        ],
        [("A", "A"), ("A", "X"), ("B", "C"), ("B", "C")],
        blocked_pairs=[["B", "Q"]],
    )
    d["slots"][1]["start"] = "09:10"  # s2 09:10-09:40 overlaps s1 09:00-09:20
    d["slots"].append(dict(d["slots"][0]))  # duplicate slot id s1
    d["requests"].append({"from": "C", "to": "D", "weight": 3, "priority": "must"})
    problems = problems_of(d)
    expected = [
        "slots: duplicate id 's1'",
        "overlap",
        "tables: duplicate id 'T1'",
        "participants[0].available_slots[1]: unknown slot 's7'",
        "participants: duplicate id 'A'",
        "participants[2].table: unknown table 'T9'",
        "table 'T2' is the fixed table of 2 participants",
        "requests[0]: request from 'A' to themselves",
        "requests[1].to: unknown participant 'X'",
        "requests[3]: repeats the request from 'B' to 'C'",
        "requests[4]: give either weight or priority",
        "blocked_pairs[0][1]: unknown participant 'Q'",
    ]
    for text in expected:
        assert any(text in p for p in problems), (text, problems)


def test_schema_problems_are_all_listed():
    d = doc(2, 0, [person("A")], [])
    d["requests"] = [
        {"from": "A", "to": "B", "weight": 5000},
        {"from": "A", "to": "B", "weight": 0},
    ]
    d["slots"][0]["start"] = "9am"
    del d["participants"][0]["country"]
    problems = problems_of(d)
    assert any(p.startswith("requests[0].weight") and "1000" in p for p in problems)
    assert any(p.startswith("requests[1].weight") for p in problems)
    assert any(p.startswith("slots[0].start") for p in problems)
    assert any(p.startswith("participants[0]") and "country" in p for p in problems)
    assert any(p.startswith("tables") for p in problems)


def test_locked_meetings_breaking_hard_rules_are_bad_input():
    d = doc(
        2,
        2,
        [person("A"), person("B"), person("C", available_slots=["s2"])],
        [("A", "B")],
        blocked_pairs=[["A", "C"]],
        locked=[
            {"a": "A", "b": "B", "slot": "s1", "table": "1"},
            {"a": "A", "b": "C", "slot": "s1", "table": "1"},
        ],
    )
    problems = problems_of(d)
    assert any("A has 2 meetings in slot s1" in p for p in problems)
    assert any("table 1 has 2 meetings" in p for p in problems)
    assert any("C is not available in slot s1" in p for p in problems)
    assert any("blocked pair" in p for p in problems)
    assert all(p.startswith("locked") for p in problems)


def test_file_errors_name_the_file_and_line(tmp_path):
    bad = tmp_path / "forum.json"
    bad.write_text('{"slots": [\n  1,\n  }')
    with pytest.raises(BadInput) as exc:
        load_forum(bad)
    assert str(exc.value).startswith(f"{bad}:3: not valid JSON")
    good = tmp_path / "good.json"
    good.write_text(json.dumps(doc(2, 2, [person("A"), person("B")], [("A", "B")])))
    lock = tmp_path / "lock.json"
    lock.write_text(json.dumps({"meetings": [{"a": "A", "b": "B", "slot": "s1"}]}))
    with pytest.raises(BadInputs) as exc:
        load_forum(good, lock)
    assert "lock.json" in str(exc.value) and "'table' is a required property" in str(exc.value)
