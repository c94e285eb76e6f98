"""Export potential on a full-scale warehouse (issue #5's measure).

Usage: ``python -m benchmarks.bench_potential --warehouse DIR [--country AZE --partner RUS]
[--repeats 3] [--cube]`` where DIR holds a full-scale demo world (``tradebridge demo-world OUT
--scale full --years 2019-2021`` then ``tradebridge ingest baci OUT/BACI_HS17_V202401
--warehouse DIR``). Each question runs in a fresh process: the first call is "cold" (connection,
Parquet metadata, reference caches), the median of the next ``--repeats`` calls "warm"; peak
memory is the child's peak RSS (``ru_maxrss``). ``--cube`` adds one run of the full cube (every
exporter × market × product, rolled up by market), which takes minutes.
"""

from __future__ import annotations

import argparse
import json

from benchmarks.measure import machine, run_child

CODE = """
import json, time
import tradebridge as tb
from tradebridge.analytics import potential as pt
ws = tb.open({warehouse!r}, engine={engine!r})
year = ws.warehouse.latest_year()
call = lambda: {call}
start = time.perf_counter(); out = call(); cold = time.perf_counter() - start
warm = []
for _ in range({repeats}):
    start = time.perf_counter(); out = call(); warm.append(time.perf_counter() - start)
warm.sort()
print(json.dumps({{"cold": cold, "warm": warm[len(warm) // 2] if warm else None,
                  "rows": len(out), "year": year}}))
"""

QUESTIONS = [
    ("potential, one exporter, every market × product", "ws.potential({c!r}, year=year)", 3.0),
    ("potential --by market", "ws.potential({c!r}, year=year, by='market')", 3.0),
    (
        "potential --partner (one pair, by product)",
        "ws.potential({c!r}, year=year, partner={p!r})",
        3.0,
    ),
    ("mutual --by sector", "ws.mutual({c!r}, {p!r}, year=year)", 3.0),
    ("markets (with potential)", "ws.markets({c!r}, year=year)", None),
]
CUBE = (
    "full cube, every exporter (by market)",
    "pt.potential_cube(ws.warehouse, year, engine={e!r})",
    180.0,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--warehouse", required=True)
    parser.add_argument("--country", default="AZE")
    parser.add_argument("--partner", default="RUS")
    parser.add_argument("--engine", default="duckdb")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--cube", action="store_true", help="also run the full cube once")
    args = parser.parse_args()
    print(
        f"Warehouse {args.warehouse}, engine {args.engine}, {args.country} with "
        f"{args.partner}; warm = median of {args.repeats} calls after the first.\n"
    )
    print("| question | cold | warm (median) | goal | rows | peak memory |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    chosen = [(label, call, goal, args.repeats) for label, call, goal in QUESTIONS]
    if args.cube:
        chosen.append((*CUBE, 0))
    for label, call, goal, repeats in chosen:
        code = CODE.format(
            warehouse=args.warehouse,
            engine=args.engine,
            repeats=repeats,
            call=call.format(c=args.country, p=args.partner, e=args.engine),
        )
        run = run_child(code)
        got = json.loads(run.output.strip().splitlines()[-1])
        warm = f"{got['warm']:,.2f} s" if got["warm"] is not None else ""
        goal_text = f"< {goal:g} s" if goal else ""
        print(
            f"| {label} | {got['cold']:,.2f} s | {warm} | {goal_text} | {got['rows']:,} | "
            f"{run.peak_mib:,.0f} MiB |"
        )
    print(f"\nMachine: {machine()}")


if __name__ == "__main__":
    main()
