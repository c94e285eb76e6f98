"""A business forum at scale, end to end through the REST API of a running server.

``python -m benchmarks.bench_event_scale [--participants 1000] [--requests 10000]
[--time-limit 30] [--users 50] [--minutes 1] [--creation-only] [--home DIR [--reuse]]``
(``make .venv/.installed-bench`` first; ``--creation-only`` runs phase 1 alone) sets up a home
(a throw-away one unless ``--home``: empty warehouse, SQLite database, one staff user with an
API token and one company user per organisation visited by the load test), starts
``tradebridge serve`` on a free loopback port, and measures:

1. **creation to publication** through the API (httpx, one client as a script would): the
   organisations imported in one file, the event created and opened, every participant
   registered and approved (500 a call, ``participants/batch`` and ``participants/decisions``),
   every meeting request sent (500 a call, ``requests/batch``; the event accepts them at once),
   the scheduler run (``--time-limit`` seconds at most) and the schedule published (each
   step's seconds printed); goal < 2 min;
2. **every agenda**: every agenda as PDF and ``.ics`` in one zip (``/events/<id>/agendas.zip``)
   timed from the publication (whose background job prints them to files; the zip waits for
   it), goal < 60 s; then the same zip read from the stored files, and every participant's
   ``.ics`` one request each;
3. **reading under load**: ``benchmarks/locust_event.py`` with ``--users`` participants
   reading the published schedule (API) and their own agenda page; goal p95 < 500 ms.

``--home DIR`` keeps the home; with ``--reuse`` a home whose forum was already created and
published (``forum.json`` in it) skips phase 1, to measure phases 2-3 again.

It prints the machine, its load average and the timings as Markdown. The forum is synthetic:
half exporters in Azerbaijan, half buyers in Russia, each participant asking about 20 others
of the other half (``random.Random(7)``); two days of two 3-hour sessions of 20 + 5 minutes
(28 slots) and 500 tables.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from benchmarks.bench_web import free_port, wait_until_up

HERE = Path(__file__).parent
DAYS = ("2027-05-18", "2027-05-19")
SESSIONS = (("09:30", "12:30"), ("14:00", "17:00"))
BATCH = 500


def _setup(database_url: str) -> str:
    """The schema, a staff user and its API token (the secret)."""
    from tradebridge.accounts.tokens import create_token
    from tradebridge.accounts.users import create_user
    from tradebridge.db import migrate
    from tradebridge.db.engine import open_database

    db = open_database(database_url)
    migrate.upgrade(db)
    with db.transaction(actor="bench") as session:
        user = create_user(session, email="staff@bench.example", password="x" * 12, role="staff")
        _, secret = create_token(session, user, "bench", "write")
    db.dispose()
    return secret


def _company_tokens(database_url: str, org_ids: list[int]) -> list[str]:
    from tradebridge.accounts.tokens import create_token
    from tradebridge.accounts.users import create_user
    from tradebridge.db.engine import open_database

    db = open_database(database_url)
    secrets = []
    with db.transaction(actor="bench") as session:
        for org in org_ids:
            user = create_user(
                session,
                email=f"company{org}@bench.example",
                password="x" * 12,
                role="company",
                organisation_id=org,
            )
            secrets.append(create_token(session, user, "bench", "read")[1])
    db.dispose()
    return secrets


def _organisations_csv(n: int) -> bytes:
    out = io.StringIO()
    columns = ["ref", "kind", "name_en", "country", "products_offered", "products_sought"]
    writer = csv.DictWriter(out, columns)
    writer.writeheader()
    for i in range(n):
        exporter = i % 2 == 0
        writer.writerow(
            {
                "ref": f"B{i:05d}",
                "kind": "exporter" if exporter else "buyer",
                "name_en": f"Synthetic {'exporter' if exporter else 'buyer'} {i}",
                "country": "AZE" if exporter else "RUS",
                "products_offered": "080510" if exporter else "",
                "products_sought": "" if exporter else "080510",
            }
        )
    return out.getvalue().encode()


def _check(response, expected: int = 200):
    if response.status_code != expected:
        raise SystemExit(f"{response.request.method} {response.request.url}: "
                         f"{response.status_code} {response.text[:300]}")  # fmt: skip
    return response


def create_forum(base: str, token: str, participants: int, requests: int, limit: float) -> dict:
    """Phase 1 through the API; the seconds of each step and the ids made."""
    import httpx

    rng = random.Random(7)
    steps: dict[str, float] = {}
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, headers=headers, timeout=900) as api:
        start = time.perf_counter()
        files = {"file": ("organisations.csv", _organisations_csv(participants), "text/csv")}
        _check(api.post("/api/v1/organisations/import", files=files))
        orgs = []
        page = 1
        while True:
            found = _check(api.get("/api/v1/organisations", params={"per_page": 500, "page": page}))
            body = found.json()
            rows = body["rows"] if isinstance(body, dict) else body
            orgs += [o["id"] for o in rows]
            if len(rows) < 500:
                break
            page += 1
        steps["organisations (one import)"] = time.perf_counter() - start
        t = time.perf_counter()
        event = _check(
            api.post(
                "/api/v1/events",
                json={
                    "kind": "business_forum",
                    "title_en": "Synthetic AZ-RU forum at scale",
                    "starts_on": DAYS[0],
                    "ends_on": DAYS[-1],
                    "time_zone": "Asia/Baku",
                    "city": "Baku",
                    "country": "AZE",
                    "partner_countries": ["RUS"],
                    "tables": [str(i) for i in range(1, 501)],
                    "sessions": [
                        {"day": d, "start": s, "end": e} for d in DAYS for s, e in SESSIONS
                    ],
                    "meeting_minutes": 20,
                    "pause_minutes": 5,
                    "auto_accept": True,
                },
            ),
            201,
        ).json()
        eid = event["id"]
        _check(api.post(f"/api/v1/events/{eid}/status", json={"status": "registration_open"}))
        people = []
        records = [
            {"organisation_id": org, "person_name": f"Person {i}",
             "email": f"person{i}@bench.example"}
            for i, org in enumerate(orgs[:participants])
        ]  # fmt: skip
        for first in range(0, len(records), BATCH):
            chunk = records[first : first + BATCH]
            done = _check(
                api.post(f"/api/v1/events/{eid}/participants/batch", json=chunk), 201
            ).json()
            people += [p["id"] for p in done["stored"]]
        steps[f"participants registered ({BATCH} a call)"] = time.perf_counter() - t
        t = time.perf_counter()
        for first in range(0, len(people), BATCH):
            chunk = [{"participant_id": pid, "decision": "approved"}
                     for pid in people[first : first + BATCH]]  # fmt: skip
            _check(api.post(f"/api/v1/events/{eid}/participants/decisions", json=chunk))
        steps[f"participants approved ({BATCH} a call)"] = time.perf_counter() - t
        _check(api.post(f"/api/v1/events/{eid}/status", json={"status": "requests_open"}))
        t = time.perf_counter()
        exporters, buyers = people[0::2], people[1::2]
        pairs: set[tuple[int, int]] = set()
        while len(pairs) < requests:
            pairs.add((rng.choice(exporters), rng.choice(buyers)))
        priorities = ("must", "should", "should", "could")
        batch = []
        for a, b in sorted(pairs):
            sender, receiver = (a, b) if rng.random() < 0.6 else (b, a)
            batch.append({"from_id": sender, "to_id": receiver,
                          "priority": rng.choice(priorities)})  # fmt: skip
        for first in range(0, len(batch), BATCH):
            chunk = batch[first : first + BATCH]
            _check(api.post(f"/api/v1/events/{eid}/requests/batch", json=chunk), 201)
        steps[f"requests sent ({BATCH} a call, accepted at once)"] = time.perf_counter() - t
        _check(api.post(f"/api/v1/events/{eid}/status", json={"status": "scheduling"}))
        t = time.perf_counter()
        run = _check(
            api.post(f"/api/v1/events/{eid}/schedule/run", json={"time_limit": limit})
        ).json()
        steps["scheduler run (stored)"] = time.perf_counter() - t
        t = time.perf_counter()
        _check(api.post(f"/api/v1/events/{eid}/schedule/publish"))
        steps["published"] = time.perf_counter() - t
        published_at = time.perf_counter()
        steps["total"] = time.perf_counter() - start
    stats = run["run"]["stats"]
    return {"event": eid, "orgs": orgs, "people": people, "steps": steps, "stats": stats,
            "published_at": published_at}  # fmt: skip


def every_agenda(base: str, token: str, forum: dict, home: Path, since: float) -> dict[str, float]:
    """Phase 2: the zip of every agenda's PDF and .ics from an empty store, timed from
    ``since`` (the publication, or the store emptied), the same zip again (from the files),
    then every participant's .ics one request each."""
    import httpx

    eid = forum["event"]
    out = {}
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"},
                      timeout=900) as api:  # fmt: skip
        data = _check(api.get(f"/events/{eid}/agendas.zip")).content
        out["every agenda as PDF and .ics (one zip, printed)"] = time.perf_counter() - since
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
        out["PDFs in the zip"] = sum(n.endswith(".pdf") for n in names)
        out[".ics in the zip"] = sum(n.endswith(".ics") for n in names)
        out["files in the store"] = sum(1 for _ in (home / "agendas").rglob("*.pdf"))
        t = time.perf_counter()
        _check(api.get(f"/events/{eid}/agendas.zip"))
        out["the same zip again (stored files)"] = time.perf_counter() - t
        t = time.perf_counter()
        for pid in forum["people"]:
            _check(api.get(f"/events/{eid}/participants/{pid}/agenda.ics"))
        out["every .ics (one request each)"] = time.perf_counter() - t
    return out


def load(base: str, forum: dict, args) -> list[str]:
    """Phase 3: locust, headless; the Markdown rows per route."""
    setup = Path(tempfile.mkdtemp(prefix="bench-event-")) / "users.json"
    users = [{"token": tok, "participant": pid} for pid, tok in forum["users"][: args.users]]
    setup.write_text(json.dumps({"event": forum["event"], "users": users}))
    out = setup.with_name("run")
    subprocess.run(
        [sys.executable, "-m", "locust", "-f", str(HERE / "locust_event.py"), "--headless",
         "-u", str(args.users), "-r", "10", "-t", f"{int(args.minutes * 60)}s",
         "--host", base, "--csv", str(out), "--only-summary"],
        check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "BENCH_EVENT_USERS": str(setup)},
    )  # fmt: skip
    rows = []
    with open(f"{out}_stats.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            rows.append(
                f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | "
                f"{row['50%']} | {row['95%']} | {row['99%']} |"
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=10000)
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=1.0)
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--home", type=Path, help="keep the home here (default: throw-away)")
    parser.add_argument("--reuse", action="store_true", help="the forum of --home, published")
    parser.add_argument(
        "--creation-only", action="store_true", help="phase 1 only (no agendas, no locust)"
    )
    args = parser.parse_args()
    from benchmarks.measure import machine

    print(f"Machine: {machine()}\n", flush=True)
    home = args.home or Path(tempfile.mkdtemp(prefix="bench-event-home-"))
    saved = home / "forum.json"
    if args.reuse and not saved.is_file():
        raise SystemExit(f"{saved}: no forum to reuse (run once with --home {home})")
    home.mkdir(parents=True, exist_ok=True)
    database_url = f"sqlite:///{home / 'tradebridge.sqlite3'}"
    token = json.loads(saved.read_text())["token"] if args.reuse else _setup(database_url)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    tradebridge = Path(sys.executable).with_name("tradebridge")
    env = {**os.environ, "TRADEBRIDGE_DATABASE_URL": database_url}
    server = subprocess.Popen(
        [str(tradebridge), "serve", "--warehouse", str(home), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        env=env,
    )
    try:
        wait_until_up(base, server)
        if args.reuse:
            forum = json.loads(saved.read_text())
        else:
            forum = create_forum(base, token, args.participants, args.requests, args.time_limit)
            orgs = forum["orgs"][: max(args.users, 50)]
            people = dict(zip(forum["orgs"], forum["people"], strict=False))
            tokens = _company_tokens(database_url, orgs)
            forum["users"] = [[people[o], t] for o, t in zip(orgs, tokens, strict=True)]
            forum["token"] = token
            saved.write_text(json.dumps(forum))
        load_1 = os.getloadavg()[0]
        agendas, rows, load_2, load_3 = {}, [], load_1, load_1
        if not args.creation_only:
            since = forum["published_at"]  # printing began at the publication
            if args.reuse:
                shutil.rmtree(home / "agendas", ignore_errors=True)  # print them all again
                since = time.perf_counter()
            agendas = every_agenda(base, token, forum, home, since)
            load_2 = os.getloadavg()[0]
            rows = load(base, forum, args) if not args.skip_load else []
            load_3 = os.getloadavg()[0]
    finally:
        server.terminate()
        server.wait(timeout=30)
    stats = forum["stats"]
    print(f"{len(forum['people'])} participants (synthetic).\n")
    if not args.reuse:
        print("| step | seconds |\n| --- | ---: |")
        for name, seconds in forum["steps"].items():
            print(f"| {name} | {seconds:.1f} |")
    print(
        f"\nScheduler: {stats['scheduled']} of {stats['requested']} requests placed, "
        f"{stats['status']}, solver {stats['solve_seconds']:.1f} s; load average "
        f"{load_1:.1f} before the agendas.\n"
    )
    if agendas:
        print("| agendas | value |\n| --- | ---: |")
        for name, value in agendas.items():
            shown = f"{value:.1f}" if isinstance(value, float) else value
            print(f"| {name} | {shown} |")
        print(f"\nLoad average {load_2:.1f} after the agendas.\n")
    if rows:
        print(f"{args.users} users for {args.minutes:g} min; load average {load_3:.1f} after.\n")
        print("| route | requests | failures | p50 ms | p95 ms | p99 ms |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        print("\n".join(rows))


if __name__ == "__main__":
    main()
