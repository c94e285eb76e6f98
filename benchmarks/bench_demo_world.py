"""Benchmark: generate and write one full-scale demo-world year (goal: under 60 s).

Run from the repository root with ``nice python -m benchmarks.bench_demo_world [--runs 2]``.
Prints a Markdown table of medians: world set-up, one year written, rows, file size, peak memory.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
from pathlib import Path

from tradebridge.data.demo_world import generate

YEAR = 2019


def run_once(scale: str) -> tuple[float, float, int, int]:
    """Seconds to build the world, seconds for the whole call, rows and bytes of the year."""
    marks: dict[str, float] = {}
    start = time.perf_counter()

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "building the world" and done == total:
            marks["world"] = time.perf_counter() - start

    with tempfile.TemporaryDirectory() as tmp:
        release = generate(Path(tmp), seed=7, years=[YEAR], scale=scale, progress=progress)
        total = time.perf_counter() - start
        path = release / f"BACI_HS17_Y{YEAR}_V202401.csv"
        with path.open("rb") as f:
            rows = sum(1 for _ in f) - 1
        size = path.stat().st_size
    return marks["world"], total, rows, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--scale", default="full", choices=["tiny", "small", "full"])
    args = parser.parse_args()
    results = [run_once(args.scale) for _ in range(args.runs)]
    world = statistics.median(r[0] for r in results)
    total = statistics.median(r[1] for r in results)
    rows, size = results[0][2], results[0][3]
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"| demo world, scale {args.scale}, one year ({args.runs} runs) | median |")
    print("| --- | --- |")
    print(f"| build the world (countries, products, capabilities, calibration) | {world:.1f} s |")
    print(f"| whole call: world + generate + sort + write one year | {total:.1f} s |")
    print(f"| rows in the year | {rows:,} |")
    print(f"| CSV size | {size / 2**20:.0f} MiB |")
    print(f"| peak resident memory | {peak_mib:,.0f} MiB |")


if __name__ == "__main__":
    main()
