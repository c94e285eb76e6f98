"""Export potential on a full-scale warehouse (issue #5's measure).

Usage: ``python -m benchmarks.bench_potential --warehouse DIR [--country AZE --partner RUS]
[--repeats 3] [--processes 1] [--only potential,markets] [--cube]`` where DIR holds a
full-scale demo world (``tradebridge demo-world OUT --scale full --years 2019-2021`` then
``tradebridge ingest baci OUT/BACI_HS17_V202401 --warehouse DIR``). Each question runs in
``--processes`` fresh processes: the first call of each is "cold" (connection, Parquet metadata,
reference caches, the aggregates), the next ``--repeats`` calls "warm". The table gives the
median cold call, the median warm call, and the median time from the process's first line to
its first answer (imports, opening the warehouse and the cold call). Peak memory is the largest
child's peak RSS (``ru_maxrss``). ``--only`` keeps the questions whose key is listed
(potential, by-market, pair, mutual, markets). ``--cube`` adds one run of the full cube (every
exporter × market × product, rolled up by market), which takes minutes.
"""

from __future__ import annotations

import argparse
import json
import statistics

from benchmarks.measure import machine, run_child

CODE = """
import time
begin = time.perf_counter()
import json
import tradebridge as tb
from tradebridge.analytics import potential as pt
ws = tb.open({warehouse!r}, engine={engine!r})
year = ws.warehouse.latest_year()
call = lambda: {call}
start = time.perf_counter(); out = call(); cold = time.perf_counter() - start
first = time.perf_counter() - begin
warm = []
for _ in range({repeats}):
    start = time.perf_counter(); out = call(); warm.append(time.perf_counter() - start)
warm.sort()
print(json.dumps({{"cold": cold, "first": first, "warm": warm[len(warm) // 2] if warm else None,
                  "rows": len(out), "year": year}}))
"""

QUESTIONS = {
    "potential": (
        "potential, one exporter, every market × product",
        "ws.potential({c!r}, year=year)",
        3.0,
    ),
    "by-market": ("potential --by market", "ws.potential({c!r}, year=year, by='market')", 3.0),
    "pair": (
        "potential --partner (one pair, by product)",
        "ws.potential({c!r}, year=year, partner={p!r})",
        3.0,
    ),
    "mutual": ("mutual --by sector", "ws.mutual({c!r}, {p!r}, year=year)", 3.0),
    "markets": ("markets (with potential)", "ws.markets({c!r}, year=year)", None),
}
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
    parser.add_argument("--processes", type=int, default=1, help="fresh processes per question")
    parser.add_argument("--only", help="comma-separated question keys: " + ", ".join(QUESTIONS))
    parser.add_argument("--cube", action="store_true", help="also run the full cube once")
    args = parser.parse_args()
    keys = args.only.split(",") if args.only else list(QUESTIONS)
    print(
        f"Warehouse {args.warehouse}, engine {args.engine}, {args.country} with "
        f"{args.partner}; {args.processes} fresh process(es) per question, each with one cold "
        f"call and {args.repeats} warm calls; medians.\n"
    )
    print("| question | cold | warm | imports + cold | goal | rows | peak memory |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    chosen = [(*QUESTIONS[k], args.repeats, args.processes) for k in keys]
    if args.cube:
        chosen.append((*CUBE, 0, 1))
    for label, call, goal, repeats, processes in chosen:
        code = CODE.format(
            warehouse=args.warehouse,
            engine=args.engine,
            repeats=repeats,
            call=call.format(c=args.country, p=args.partner, e=args.engine),
        )
        runs = [run_child(code) for _ in range(processes)]
        got = [json.loads(run.output.strip().splitlines()[-1]) for run in runs]
        cold = statistics.median(g["cold"] for g in got)
        warms = [g["warm"] for g in got if g["warm"] is not None]
        warm = f"{statistics.median(warms):,.2f} s" if warms else ""
        whole = statistics.median(g["first"] for g in got)
        goal_text = f"< {goal:g} s" if goal else ""
        print(
            f"| {label} | {cold:,.2f} s | {warm} | {whole:,.2f} s | {goal_text} | "
            f"{got[0]['rows']:,} | {max(run.peak_mib for run in runs):,.0f} MiB |"
        )
    print(f"\nMachine: {machine()}")


if __name__ == "__main__":
    main()
