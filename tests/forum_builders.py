"""Small hand-made forums for the forum tests."""

from __future__ import annotations

from typing import Any

from tradebridge.forum.loading import forum_from_dict
from tradebridge.forum.model import Forum


def slots(n: int, per_session: int | None = None, day: str = "2027-03-16") -> list[dict]:
    """``n`` 20-minute slots s1..sn from 09:00; a new session every ``per_session`` slots."""
    per_session = per_session or n
    out = []
    for k in range(n):
        minute = 9 * 60 + 20 * k + 60 * (k // per_session)
        out.append(
            {
                "id": f"s{k + 1}",
                "day": day,
                "session": f"session{k // per_session + 1}",
                "start": f"{minute // 60:02d}:{minute % 60:02d}",
                "end": f"{(minute + 20) // 60:02d}:{(minute + 20) % 60:02d}",
            }
        )
    return out


def person(pid: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": pid,
        "name": f"Name {pid}",
        "organisation": f"Org {pid}",
        "country": "AZE",
        "role": "exporter",
        **extra,
    }


def doc(
    n_slots: int,
    tables: int | list[str],
    people: list[dict],
    requests: list[tuple],
    **extra: Any,
) -> dict[str, Any]:
    """A forum document; requests are ``(from, to)`` or ``(from, to, weight)``."""
    reqs = [
        {"from": r[0], "to": r[1], **({"weight": r[2]} if len(r) > 2 else {})} for r in requests
    ]
    return {
        "slots": extra.pop("slot_list", None) or slots(n_slots),
        "tables": tables,
        "participants": people,
        "requests": reqs,
        **extra,
    }


def forum(*args: Any, **kwargs: Any) -> Forum:
    return forum_from_dict(doc(*args, **kwargs))
