"""The synthetic forum generator: reproducible, valid input, realistic shape."""

from __future__ import annotations

from tradebridge.forum.demo import demo_forum
from tradebridge.forum.loading import forum_from_dict


def test_same_seed_same_forum_and_different_seed_differs():
    assert demo_forum(80, seed=5) == demo_forum(80, seed=5)
    assert demo_forum(80, seed=5) != demo_forum(80, seed=6)


def test_demo_forum_is_valid_and_realistic():
    d = demo_forum(120, seed=7, exporter_country="AZE", partner_country="KAZ")
    f = forum_from_dict(d)
    assert len(f.participants) == 120 and len(f.slots) == 16
    exporters = [p for p in f.participants if p.role == "exporter"]
    assert {p.country for p in exporters} == {"AZE"}
    assert {p.country for p in f.participants if p.role != "exporter"} == {"KAZ"}
    assert any(p.available_slots is not None for p in f.participants)
    assert any(p.table is not None for p in f.participants)
    roles = {p.id: p.role for p in f.participants}
    # requests go between the two sides only
    assert all((roles[r.a] == "exporter") != (roles[r.b] == "exporter") for r in f.requests)
    # sector affinity: most requested pairs share a sector (probability 6 vs 1 per partner)
    sectors = {p["id"]: set(p["sectors"]) for p in d["participants"]}
    shared = sum(bool(sectors[r.a] & sectors[r.b]) for r in f.requests)
    assert shared > len(f.requests) / 2


def test_large_demo_spans_two_days():
    d = demo_forum(500, seed=1)
    assert len({s["day"] for s in d["slots"]}) == 2
