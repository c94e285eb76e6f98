"""`tradebridge schedule` and `tradebridge forum-demo` end to end, including --lock."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tradebridge.cli import app
from tradebridge.forum.loading import load_forum
from tradebridge.forum.validation import schedule_problems

DATA = Path(__file__).parent / "data" / "forum"


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def test_schedule_writes_a_valid_schedule_and_agendas(tmp_path):
    out, agendas = tmp_path / "schedule.json", tmp_path / "agendas"
    res = invoke(
        "schedule",
        str(DATA / "small_forum.json"),
        "--out",
        str(out),
        "--time-limit",
        "2",
        "--agendas",
        str(agendas),
        "--format",
        "json",
    )
    assert res.exit_code == 0, res.output
    stats_rows = {r["measure"]: r["value"] for r in json.loads(res.stdout)["rows"]}
    doc = json.loads(out.read_text())
    assert set(doc) == {"meetings", "unscheduled", "stats"}
    assert {
        "requested",
        "scheduled",
        "weighted_score",
        "upper_bound",
        "idle_gaps",
        "table_changes",
        "solve_seconds",
        "status",
    } <= set(doc["stats"])
    assert stats_rows["scheduled"] == str(doc["stats"]["scheduled"])
    forum = load_forum(DATA / "small_forum.json")
    from tradebridge.forum.model import Meeting

    meetings = [Meeting(m["a"], m["b"], m["slot"], m["table"]) for m in doc["meetings"]]
    assert schedule_problems(forum, meetings) == []
    # 9 requests; e3-b2 blocked. Hand count of the rest (8 pairs): everyone can be placed in
    # 4 slots (e1 has 3, b1 3, e2 3, i1 3, b2 2 = its max, e3 2 in the afternoon).
    assert doc["stats"]["requested"] == 9 and doc["stats"]["scheduled"] == 8
    assert doc["unscheduled"] == [{"from": "e3", "to": "b2", "reason": "blocked pair"}]
    # must 100 ×2 + should 10 ×2 + could 1 + 5 + 2.5 + 1 = 229.5
    assert doc["stats"]["weighted_score"] == 229.5 and doc["stats"]["status"] == "optimal"
    assert len(list((agendas / "participants").glob("*.ics"))) == 6
    assert len(list((agendas / "tables").glob("*.html"))) == 4


def test_lock_keeps_published_meetings_for_late_registrations(tmp_path):
    published = tmp_path / "published.json"
    assert (
        invoke(
            "schedule", str(DATA / "small_forum.json"), "--out", str(published), "--time-limit", "1"
        ).exit_code
        == 0
    )
    first = json.loads(published.read_text())["meetings"]
    late = json.loads((DATA / "small_forum.json").read_text())
    late["participants"].append(
        {
            "id": "b3",
            "name": "Late Buyer",
            "organisation": "Late Co",
            "country": "RUS",
            "role": "buyer",
        }
    )
    late["requests"] += [
        {"from": "b3", "to": "e1", "priority": "must"},
        {"from": "b3", "to": "e2", "priority": "must"},
    ]
    late_file, second_out = tmp_path / "late.json", tmp_path / "second.json"
    late_file.write_text(json.dumps(late))
    res = invoke(
        "schedule",
        str(late_file),
        "--out",
        str(second_out),
        "--time-limit",
        "1",
        "--lock",
        str(published),
    )
    assert res.exit_code == 0, res.output
    second = json.loads(second_out.read_text())["meetings"]
    assert all(m in second for m in first)
    assert len(second) > len(first)


def test_bad_input_exits_2_listing_every_problem(tmp_path):
    d = json.loads((DATA / "small_forum.json").read_text())
    d["requests"] += [
        {"from": "e1", "to": "e1"},
        {"from": "zz", "to": "b1"},
        {"from": "b1", "to": "e2", "weight": -1},
    ]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(d))
    out = tmp_path / "out.json"
    res = invoke("schedule", str(bad), "--out", str(out))
    assert res.exit_code == 2
    line = res.output.strip()
    assert line.startswith("error: ") and "\n" not in line
    assert "3 problem(s)" in line and "requests[11].weight" in line
    assert "to themselves" in line and "unknown participant 'zz'" in line
    assert not out.exists()


def test_forum_demo_is_deterministic(tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    for path in (a, b):
        res = invoke("forum-demo", str(path), "--participants", "60", "--seed", "7")
        assert res.exit_code == 0, res.output
    assert a.read_bytes() == b.read_bytes()
    assert len(json.loads(a.read_text())["participants"]) == 60
