"""Benchmark of the B2B scheduler (issue #6): small forums solved to proven optimality, and
large "planted" forums (a valid schedule drawn first, its meetings become the requests, so every
request can be met at once) against a plain greedy first fit and a direct CP-SAT model.

Run from the repository root: ``python -m benchmarks.bench_forum [--quick]``. Prints Markdown.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
from datetime import date, timedelta
from typing import Any

from tradebridge.forum.loading import forum_from_dict
from tradebridge.forum.model import Forum
from tradebridge.forum.scheduling import schedule

PRIORITIES = (("must", 0.15), ("should", 0.45), ("could", 0.40))


def _slots(days: int, sessions: int, per_session: int) -> list[dict[str, Any]]:
    out = []
    for d in range(days):
        day = (date(2027, 5, 10) + timedelta(days=d)).isoformat()
        for s in range(sessions):
            for k in range(per_session):
                minute = (9 + 5 * s) * 60 + 20 * k
                out.append(
                    {
                        "id": f"d{d}s{s}k{k}",
                        "day": day,
                        "session": s,
                        "start": f"{minute // 60:02d}:{minute % 60:02d}",
                        "end": f"{(minute + 20) // 60:02d}:{(minute + 20) % 60:02d}",
                    }
                )
    return out


def _people(
    n: int,
    slots: list[dict[str, Any]],
    rng: random.Random,
    partial: float,
    scattered: bool = False,
) -> list[dict]:
    """``partial`` of the people are there one day (one session on one-day events), or, when
    ``scattered``, in a random half of the slots (no two slots alike: no slot symmetry)."""
    days = sorted({s["day"] for s in slots})
    people = []
    for i in range(n):
        exporter = i < n // 2
        p = {
            "id": f"P{i}",
            "name": f"Person {i}",
            "organisation": f"Org {i}",
            "country": "AZE" if exporter else "KAZ",
            "role": "exporter" if exporter else "buyer",
        }
        if rng.random() < partial:
            if scattered:
                p["available_slots"] = [s["id"] for s in rng.sample(slots, len(slots) // 2)]
            elif len(days) > 1:
                day = rng.choice(days)
                p["available_slots"] = [s["id"] for s in slots if s["day"] == day]
            else:
                session = rng.choice((0, 1))
                p["available_slots"] = [s["id"] for s in slots if s["session"] == session]
        people.append(p)
    return people


def _priority(rng: random.Random) -> str:
    return rng.choices([p for p, _ in PRIORITIES], [w for _, w in PRIORITIES])[0]


def small_forum(seed: int, mixed: float = 0.0) -> Forum:
    """60 participants (30 exporters, 30 buyers; a fifth there for one session only), 16 slots
    in two sessions, 20 tables, 400 random requests, of which a share ``mixed`` between two
    participants of the same side (which makes the request graph non-bipartite)."""
    rng = random.Random(seed)
    slots = _slots(1, 2, 8)
    people = _people(60, slots, rng, partial=0.2)
    pairs: set[tuple[str, str]] = set()
    while len(pairs) < 400:
        a = rng.randrange(30)
        b = rng.randrange(30) if rng.random() < mixed else 30 + rng.randrange(30)
        if a != b and (f"P{b}", f"P{a}") not in pairs:
            pairs.add((f"P{a}", f"P{b}"))
    requests = [{"from": a, "to": b, "priority": _priority(rng)} for a, b in sorted(pairs)]
    return forum_from_dict(
        {"slots": slots, "tables": 20, "participants": people, "requests": requests}
    )


def planted_forum(
    n_people: int, tables: int, target: int, seed: int, scattered: bool = False
) -> Forum:
    """A forum whose requests are the meetings of a schedule drawn at random first: in each
    slot, up to ``min(tables, target / slots)`` exporter-buyer pairs who are both available,
    both free and have not met yet. All requests are therefore jointly feasible."""
    rng = random.Random(seed)
    slots = _slots(2, 2, 8)
    people = _people(n_people, slots, rng, partial=0.2, scattered=scattered)
    avail = {p["id"]: set(p.get("available_slots", [s["id"] for s in slots])) for p in people}
    half = n_people // 2
    per_slot = min(tables, -(-target // len(slots)))
    met: set[tuple[str, str]] = set()
    requests = []
    for s in slots:
        ex = [p["id"] for p in people[:half] if s["id"] in avail[p["id"]]]
        bu = [p["id"] for p in people[half:] if s["id"] in avail[p["id"]]]
        rng.shuffle(ex)
        rng.shuffle(bu)
        placed = 0
        for a in ex:
            if placed >= per_slot or len(requests) >= target:
                break
            for k, b in enumerate(bu):
                if (a, b) not in met:
                    met.add((a, b))
                    bu.pop(k)
                    first, second = (a, b) if rng.random() < 0.5 else (b, a)
                    requests.append({"from": first, "to": second, "priority": _priority(rng)})
                    placed += 1
                    break
    rng.shuffle(requests)
    return forum_from_dict(
        {"slots": slots, "tables": tables, "participants": people, "requests": requests}
    )


def _row(name: str, method: str, forum: Forum, seconds: float, seed: int) -> dict[str, Any]:
    s = schedule(forum, time_limit=seconds, seed=seed, workers=2, method=method).stats
    return {
        "instance": name,
        "method": method,
        "seed": seed,
        "requests": s.requested,
        "scheduled": s.scheduled,
        "share": s.scheduled / s.requested,
        "score": s.weighted_score,
        "bound": s.upper_bound,
        "gap": s.gap,
        "idle_gaps": s.idle_gaps,
        "table_changes": s.table_changes,
        "seconds": s.solve_seconds,
        "proof_s": s.proof_seconds,
        "status": s.status,
    }


def large_forums() -> list[tuple[str, Forum]]:
    """The planted forums: 500 and 1,000 participants."""
    return [
        ("planted 500 p, 160 tables", planted_forum(500, 160, 5000, 21)),
        ("planted 500 p, 160 tables, scattered", planted_forum(500, 160, 5000, 22, True)),
        ("planted 1000 p, 150 tables", planted_forum(1000, 150, 4560, 11)),
        ("planted 1000 p, 320 tables", planted_forum(1000, 320, 10_000, 12)),
        ("planted 1000 p, 320 tables, scattered", planted_forum(1000, 320, 10_000, 13, True)),
    ]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="1 small forum per kind, 10 s runs")
    ap.add_argument("--small", type=int, default=3, help="small forums of each kind")
    ap.add_argument("--large-seconds", type=float, default=30.0)
    ap.add_argument("--seeds", type=int, default=3, help="solver seeds of auto on large forums")
    ap.add_argument("--skip-large", action="store_true", help="small forums only")
    ap.add_argument("--skip-small", action="store_true", help="large forums only")
    args = ap.parse_args(argv)
    n_small = 0 if args.skip_small else 1 if args.quick else args.small
    large_seconds = 10.0 if args.quick else args.large_seconds
    rows = []
    print(f"running {n_small} small forums of each kind ...", file=sys.stderr)
    for seed in range(n_small):
        for mixed in (0.0, 0.2):
            forum = small_forum(seed, mixed)
            name = f"small #{seed}" + (", 20% same-side" if mixed else "")
            for method in ("greedy", "auto", "direct"):
                rows.append(_row(name, method, forum, 10.0, seed))
    for name, forum in [] if args.skip_large else large_forums():
        print(f"running {name} ...", file=sys.stderr)
        rows.append(_row(name, "greedy", forum, large_seconds, 1))
        for seed in range(1, args.seeds + 1):
            rows.append(_row(name, "auto", forum, large_seconds, seed))
        rows.append(_row(name, "direct", forum, large_seconds, 1))
    sys.stdout.write(_table(rows) + "\n" + _summary(rows) + "\n")


def _table(rows: list[dict[str, Any]]) -> str:
    cols = [c for c in rows[0] if c != "bound"]
    out = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in rows:
        out.append("| " + " | ".join(_fmt(r[c]) for c in cols) + " |")
    return "\n".join(out)


def _summary(rows: list[dict[str, Any]]) -> str:
    """Medians of auto per instance against the baselines, and the proof times on small ones."""
    out = []
    small = [r for r in rows if r["instance"].startswith("small") and r["method"] == "auto"]
    if small:
        proofs = [r["proof_s"] for r in small if r["proof_s"] is not None]
        median = statistics.median(proofs) if proofs else float("nan")
        seconds = statistics.median(r["seconds"] for r in small)
        out.append(
            f"small forums, auto: {len(proofs)}/{len(small)} proven optimal on (1); "
            f"median time to proof {median:.2f} s; median run {seconds:.2f} s of 10"
        )
    for name in dict.fromkeys(r["instance"] for r in rows if r["instance"].startswith("planted")):
        auto = [r for r in rows if r["instance"] == name and r["method"] == "auto"]
        base = {r["method"]: r for r in rows if r["instance"] == name and r["method"] != "auto"}
        gaps = statistics.median(r["idle_gaps"] for r in auto)
        met = statistics.median(r["scheduled"] for r in auto)
        beats = all(
            met >= b["scheduled"] and (gaps < b["idle_gaps"] or b["scheduled"] == 0)
            for b in base.values()
        )
        out.append(
            f"{name}: auto median over {len(auto)} seeds: {met:,.0f} meetings, {gaps:,.0f} idle "
            f"gaps; greedy {base['greedy']['scheduled']:,} / {base['greedy']['idle_gaps']:,}; "
            f"direct {base['direct']['scheduled']:,} / {base['direct']['idle_gaps']:,}; "
            f"goal {'met' if beats else 'NOT met'}"
        )
    return "\n".join(out)


def _fmt(v: Any) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:.3f}" if v < 10 else f"{v:,.1f}"
    return str(v)


if __name__ == "__main__":
    main()
