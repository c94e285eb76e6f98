"""Ingest one full-scale BACI year three ways, side by side (issue #2's measure).

1. pandas ``read_csv`` + ``to_parquet`` (no validation, no code mapping);
2. a bare DuckDB ``COPY (SELECT … FROM read_csv(…)) TO … (FORMAT parquet)``: the floor;
3. ``tradebridge ingest baci``: full validation, code mapping, checksums, the year's stored sums
   (``data/aggregates``), atomic commit.

Usage: ``python -m benchmarks.bench_ingest [--csv BACI_HS17_Y2019_V202401.csv] [--repeats 3]
[--methods duckdb,tradebridge]`` (``--methods`` picks among pandas, duckdb and tradebridge;
ratios need duckdb, the floor). Without ``--csv`` one full-scale demo-world year is generated
first (about half a minute).
Each run is a fresh child process; the table shows medians of wall time and peak RSS.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
from pathlib import Path

from benchmarks.measure import machine, median_runs

PANDAS = """
import time
import pandas as pd
start = time.perf_counter()
frame = pd.read_csv({csv!r}, dtype={{"k": str, "q": str}})
frame.to_parquet({out!r}, index=False)
print(len(frame), time.perf_counter() - start)
"""
DUCKDB = """
import time
import duckdb
start = time.perf_counter()
con = duckdb.connect()
con.execute('SET enable_progress_bar = false')
rows = con.execute('''COPY (SELECT t, i, j, k, v, q FROM read_csv({csv!r},
    header=true, columns={{'t': 'INTEGER', 'i': 'INTEGER', 'j': 'INTEGER', 'k': 'VARCHAR',
    'v': 'DOUBLE', 'q': 'VARCHAR'}})) TO {out!r} (FORMAT parquet)''').fetchone()[0]
print(rows, time.perf_counter() - start)
"""
TRADEBRIDGE = """
import shutil, time
from tradebridge.data.baci import ingest_baci
from tradebridge.data.warehouse import Warehouse
shutil.rmtree({out!r}, ignore_errors=True)
start = time.perf_counter()
report = ingest_baci(Warehouse({out!r}), [{csv!r}])
print(report.rows_stored, time.perf_counter() - start)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--csv", type=Path)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--methods", default="pandas,duckdb,tradebridge")
    args = parser.parse_args()
    methods = args.methods.split(",")
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        work = Path(tmp)
        csv = args.csv
        if csv is None:
            from tradebridge.data.demo_world import generate

            release = generate(work / "world", seed=7, years=[2019], scale="full")
            csv = next(release.glob("BACI_*_Y2019_*.csv"))
        rows = sum(1 for _ in open(csv, "rb")) - 1
        size = csv.stat().st_size / 2**20
        results = []
        for key, label, template, out in (
            (
                "pandas",
                "pandas read_csv + to_parquet (no validation)",
                PANDAS,
                work / "pandas.parquet",
            ),
            ("duckdb", "DuckDB bare COPY to Parquet (the floor)", DUCKDB, work / "duckdb.parquet"),
            (
                "tradebridge",
                "tradebridge ingest baci (validated, mapped, sums, atomic)",
                TRADEBRIDGE,
                work / "wh",
            ),
        ):
            if key not in methods:
                continue
            secs, peak, runs = median_runs(
                template.format(csv=str(csv), out=str(out)), args.repeats
            )
            inside = statistics.median(float(r.output.split()[1]) for r in runs)
            results.append((key, label, secs, inside, peak))
            assert all(int(r.output.split()[0]) == rows for r in runs), "every row must be stored"
            shutil.rmtree(out, ignore_errors=True) if out.is_dir() else out.unlink(missing_ok=True)
    floors = [(secs, inside) for key, _, secs, inside, _ in results if key == "duckdb"]
    floor, floor_inside = floors[0] if floors else (float("nan"), float("nan"))
    print(
        f"One BACI-layout year: {rows:,} rows, {size:,.0f} MiB CSV; "
        f"medians of {args.repeats} fresh processes.\n"
    )
    print(
        "| method | process wall time | vs floor | work alone (after imports) | vs floor "
        "| peak memory |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for _, label, secs, inside, peak in results:
        print(
            f"| {label} | {secs:.1f} s | {secs / floor:.2f}x | {inside:.1f} s | "
            f"{inside / floor_inside:.2f}x | {peak:,.0f} MiB |"
        )
    print(f"\nMachine: {machine()}")


if __name__ == "__main__":
    main()
