"""The web app's start, first visits and first paint, on 127.0.0.1 only.

``python -m benchmarks.bench_web_start --warehouse DIR [--repeat 3]`` (``make bench-web-start
WAREHOUSE=DIR``):

1. **start**: ``tradebridge serve`` launched as a new process until ``/`` first answers 200
   (goal: under 5 s), ``--repeat`` times; the median.
2. **first visits** of the main pages, one after the other, on a server started with the
   warm-up off (``TRADEBRIDGE_WARM=0``: every analytic is computed by that visit) and on one
   started with it on, once it says it is done (the pages of the home country are kept then;
   another country's are not, so they are timed too).
3. **first paint** in Debian's chromium (Playwright with ``executable_path``; no browser is ever
   downloaded): ``first-contentful-paint`` from the Performance API for each main page, in a
   fresh browser context each time (nothing cached), after the page was built once (goal:
   under 1.5 s); the median of ``--repeat`` loads.

Prints Markdown with the machine and its load average.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from benchmarks.bench_web import free_port, get
from benchmarks.measure import machine

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAGES = [
    "/",
    "/country/AZE",
    "/markets/AZE",
    "/pair/AZE/RUS",
    "/product/080510?country=AZE",
    "/complexity?country=AZE",
]
OTHER = ["/markets/KAZ", "/pair/KAZ/CHN"]  # not the home country: never warmed
PAINT = "performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null"


class Server:
    """``tradebridge serve`` in a child process on a free loopback port."""

    def __init__(self, warehouse: str, warm: bool) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        script = Path(sys.executable).with_name("tradebridge")
        env = {**os.environ, "TRADEBRIDGE_WARM": "1" if warm else "0"}
        self.launched = time.perf_counter()
        self.process = subprocess.Popen(
            [str(script), "serve", "--warehouse", warehouse, "--port", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )

    def up(self, limit: float = 300) -> float:
        """Seconds from launch to the first 200 of ``/``."""
        while time.perf_counter() - self.launched < limit:
            if self.process.poll() is not None:
                raise SystemExit("the server stopped while starting")
            try:
                if get(self.base + "/", timeout=limit) == 200:
                    return time.perf_counter() - self.launched
            except OSError:
                time.sleep(0.05)
        raise SystemExit("the server did not start in time")

    def warmed(self) -> str:
        """Wait for the warm-up's line on stderr and return it."""
        assert self.process.stderr is not None
        for line in self.process.stderr:
            if "warm" in line:
                return line.strip()
        raise SystemExit("the server stopped before warming up")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def timed(url: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=900) as response:
        response.read()
    return time.perf_counter() - start


def first_paints(base: str, repeat: int) -> dict[str, float]:
    """Median first-contentful-paint (ms) of each page, a fresh context per load."""
    from playwright.sync_api import sync_playwright

    paints: dict[str, list[float]] = {page: [] for page in PAGES}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for _ in range(repeat):
            for page_url in PAGES:
                context = browser.new_context()
                page = context.new_page()
                page.goto(base + page_url, wait_until="load")
                value = page.evaluate(PAINT)
                if value is not None:
                    paints[page_url].append(float(value))
                context.close()
        browser.close()
    return {page: statistics.median(v) for page, v in paints.items() if v}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--warehouse", default=os.environ.get("TRADEBRIDGE_HOME", "tradebridge-data")
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"Machine: {machine()}\n")

    starts = []
    for _ in range(args.repeat):
        server = Server(args.warehouse, warm=False)
        try:
            starts.append(server.up())
        finally:
            server.stop()
    print(
        f"Start (launch → first 200 of `/`): median {statistics.median(starts):.2f} s "
        f"over {len(starts)} ({', '.join(f'{s:.2f}' for s in starts)})\n"
    )

    visits: dict[str, dict[str, float]] = {}
    for warm in (False, True):
        server = Server(args.warehouse, warm=warm)
        try:
            server.up()
            note = server.warmed() if warm else ""
            visits["on" if warm else "off"] = {u: timed(server.base + u) for u in PAGES + OTHER}
            if warm:
                print(f"Warm-up: `{note}`\n")
                paints = first_paints(server.base, args.repeat)
        finally:
            server.stop()
    print("| first visit | warm-up off | warm-up on (after it is done) |")
    print("| --- | ---: | ---: |")
    for url in PAGES + OTHER:
        print(f"| `{url}` | {visits['off'][url]:.2f} s | {visits['on'][url]:.2f} s |")
    print(f"\n| page (built before) | first contentful paint, median of {args.repeat} |")
    print("| --- | ---: |")
    for url, ms in paints.items():
        print(f"| `{url}` | {ms:.0f} ms |")
    print(f"\nLoad average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
