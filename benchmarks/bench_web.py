"""The web app under load: server start, then locust users on 127.0.0.1 only.

``make bench-web WAREHOUSE=DIR`` (installs the ``bench`` extra, i.e. locust, then runs
``python -m benchmarks.bench_web --warehouse DIR [--users 20] [--minutes 2]``) starts
``tradebridge serve`` on a free loopback port, times its start (until the API answers),
warms every page the users visit once, then runs ``benchmarks/locust_web.py`` headless and
prints the machine, its load average, and p50/p95/p99 per route and the error count as
Markdown. Bounded: the run stops after ``--minutes``.
"""

from __future__ import annotations

import argparse
import csv
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).parent
WARM = [
    "/country/{c}?lang={l}",
    "/markets/{c}?lang={l}",
    "/markets/{c}?lang={l}&exclude_sector=energy",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str, timeout: float = 600) -> int:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        response.read()
        return response.status


def wait_until_up(base: str, process: subprocess.Popen, limit: float = 120) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if process.poll() is not None:
            raise SystemExit("the server stopped while starting")
        try:
            get(base + "/api/v1/info", timeout=5)
            return time.perf_counter() - start
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server did not start in time")


def warm(base: str) -> float:
    from benchmarks.locust_web import COUNTRIES, LANGS, PARTNERS

    start = time.perf_counter()
    urls = [p.format(c=c, l=lang) for p in WARM for c in COUNTRIES for lang in LANGS]
    urls += [
        f"/pair/{a}/{b}?lang={lang}"
        for a in COUNTRIES
        for b in PARTNERS
        if a != b
        for lang in LANGS
    ]
    urls += [f"/api/v1/profile/{c}?by=sector" for c in COUNTRIES] + ["/api/v1/mutual/AZE/RUS"]
    for url in urls:
        get(base + url)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--warehouse", default=os.environ.get("TRADEBRIDGE_HOME", "tradebridge-data")
    )
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--minutes", type=float, default=2.0)
    args = parser.parse_args()
    from benchmarks.measure import machine

    print(f"Machine: {machine()}\n", flush=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    tradebridge = Path(sys.executable).with_name("tradebridge")
    server = subprocess.Popen(
        [str(tradebridge), "serve", "--warehouse", args.warehouse, "--port", str(port)],
        stdout=subprocess.DEVNULL,
    )
    try:
        started = wait_until_up(base, server)
        warmed = warm(base)
        out = Path(tempfile.mkdtemp(prefix="bench-web-")) / "run"
        load_before = os.getloadavg()[0]
        subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(HERE / "locust_web.py"),
                "--headless",
                "-u",
                str(args.users),
                "-r",
                "5",
                "-t",
                f"{int(args.minutes * 60)}s",
                "--host",
                base,
                "--csv",
                str(out),
                "--only-summary",
            ],
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        load_after = os.getloadavg()[0]
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(
        f"Server start (until the API answers): {started:.1f} s; warm-up of every page the "
        f"users visit: {warmed:.0f} s. {args.users} users for {args.minutes:g} min; "
        f"load average {load_before:.1f} before, {load_after:.1f} after.\n"
    )
    print("| route | requests | failures | p50 ms | p95 ms | p99 ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    with open(f"{out}_stats.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            print(
                f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | "
                f"{row['50%']} | {row['95%']} | {row['99%']} |"
            )


if __name__ == "__main__":
    main()
