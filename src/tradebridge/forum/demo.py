"""A realistic synthetic business forum (input of ``tradebridge schedule``), reproducible
from a seed.

Exporters come from one country, buyers and investors from another; every participant works
in one or two sectors; each side asks for meetings with the other side, drawing partners with
probability ∝ 6 when they share a sector and ∝ 1 otherwise; priorities are must 15%, should
45%, could 40%. A fifth of the participants is available for one session only, a tenth caps
its meetings, and a third of the exporters host at a fixed table. Slots are 20 minutes, eight
in the morning from 09:30 and eight in the afternoon from 14:00, on one day (two days above
400 participants). Tables: the hosts' tables plus one per four visitors.
"""

from __future__ import annotations

import math
import random
from datetime import date, datetime, timedelta
from typing import Any

from tradebridge.errors import BadInput

SECTORS = (
    "agriculture and food",
    "beverages",
    "chemicals",
    "construction materials",
    "ICT",
    "tourism",
    "recycling",
    "textiles",
    "machinery",
    "logistics",
)
FIRST_NAMES = (
    "Aylin",
    "Boris",
    "Chen",
    "Dana",
    "Emil",
    "Farida",
    "Gleb",
    "Hana",
    "Ilya",
    "Jamal",
    "Kamila",
    "Leyla",
    "Murad",
    "Nadia",
    "Oleg",
    "Polina",
    "Rashad",
    "Sabina",
    "Timur",
    "Vera",
)
LAST_NAMES = (
    "Aliyev",
    "Belova",
    "Chernov",
    "Demir",
    "Efendi",
    "Fedorova",
    "Guliyev",
    "Huseyn",
    "Ivanova",
    "Karimov",
    "Lebedev",
    "Mammadli",
    "Novikova",
    "Orlov",
    "Quliyeva",
    "Sokolov",
)
FIRMS = ("Group", "Trade", "Holding", "Partners", "Industries", "Export", "Invest", "Co")
SESSIONS = (("morning", 9, 30), ("afternoon", 14, 0))
SLOTS_PER_SESSION = 8
SLOT_MINUTES = 20


MAX_PARTICIPANTS = 20_000
"""The schema's maximum number of participants."""


def demo_forum(
    participants: int = 300,
    *,
    seed: int = 7,
    exporter_country: str = "AZE",
    partner_country: str = "RUS",
    first_day: date = date(2027, 3, 16),
) -> dict[str, Any]:
    """A forum document (the JSON input format) with ``participants`` people."""
    if not 4 <= participants <= MAX_PARTICIPANTS:
        raise BadInput(
            f"a forum has 4 to {MAX_PARTICIPANTS:,} participants, not {participants:,}",
            field="participants",
        )
    rng = random.Random(seed)
    days = 1 if participants <= 400 else 2
    slots = []
    for d in range(days):
        day = first_day + timedelta(days=d)
        for session, hour, minute in SESSIONS:
            start = datetime(day.year, day.month, day.day, hour, minute)
            for k in range(SLOTS_PER_SESSION):
                a = start + timedelta(minutes=SLOT_MINUTES * k)
                b = a + timedelta(minutes=SLOT_MINUTES)
                slots.append(
                    {
                        "id": f"d{d + 1}-{session[:2]}{k + 1}",
                        "day": day.isoformat(),
                        "session": session,
                        "start": a.strftime("%H:%M"),
                        "end": b.strftime("%H:%M"),
                    }
                )
    n_exporters = participants // 2
    people = []
    hosts = 0
    for n in range(participants):
        exporter = n < n_exporters
        role = "exporter" if exporter else rng.choices(("buyer", "investor"), (0.7, 0.3))[0]
        sectors = rng.sample(SECTORS, rng.choice((1, 1, 2)))
        person: dict[str, Any] = {
            "id": f"{'E' if exporter else 'B'}{n + 1:04d}",
            "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            "organisation": f"{sectors[0].split()[0].title()} {rng.choice(FIRMS)} {n + 1}",
            "country": exporter_country if exporter else partner_country,
            "role": role,
            "sectors": sectors,
        }
        if rng.random() < 0.2:
            session = rng.choice(SESSIONS)[0]
            person["available_slots"] = [s["id"] for s in slots if s["session"] == session]
        if rng.random() < 0.1:
            person["max_meetings"] = rng.randint(4, 8)
        if exporter and rng.random() < 1 / 3:
            hosts += 1
            person["table"] = str(hosts)
        people.append(person)
    exporters, partners = people[:n_exporters], people[n_exporters:]
    requests = []
    for side, other, lo, hi in ((exporters, partners, 3, 10), (partners, exporters, 1, 5)):
        for p in side:
            weights = [6 if set(p["sectors"]) & set(q["sectors"]) else 1 for q in other]
            chosen: set[str] = set()
            for _ in range(min(rng.randint(lo, hi), len(other))):
                q = rng.choices(other, weights)[0]
                if q["id"] in chosen:
                    continue
                chosen.add(q["id"])
                priority = rng.choices(("must", "should", "could"), (0.15, 0.45, 0.40))[0]
                requests.append({"from": p["id"], "to": q["id"], "priority": priority})
    visitors = participants - hosts
    return {
        "name": f"Business forum {exporter_country}-{partner_country} (demo, seed {seed})",
        "slots": slots,
        "tables": hosts + math.ceil(visitors / 4),
        "participants": people,
        "requests": requests,
        "blocked_pairs": [],
    }
