"""Trade analytics on a full-scale warehouse: profile, markets, indicators (issue #3's measure).

Usage: ``python -m benchmarks.bench_analytics --warehouse DIR [--country AZE --partner RUS]``
where DIR holds a full-scale demo world (``tradebridge demo-world OUT --scale full`` then
``tradebridge ingest baci OUT/BACI_HS17_V202401 --warehouse DIR``). Each question runs in a
fresh process: the first call is "cold" (connection, Parquet metadata, caches), the median of
the next ``--repeats`` calls is "warm"; peak memory is the process's peak RSS.
"""

from __future__ import annotations

import argparse
import json

from benchmarks.measure import machine, run_child

CODE = """
import json, time
import tradebridge as tb
ws = tb.open({warehouse!r}, engine={engine!r})
year = ws.warehouse.latest_year()
call = lambda: ws.{method}({args}, year=year{extra})
start = time.perf_counter(); call(); cold = time.perf_counter() - start
warm = []
for _ in range({repeats}):
    start = time.perf_counter(); call(); warm.append(time.perf_counter() - start)
warm.sort()
print(json.dumps({{"cold": cold, "warm": warm[len(warm) // 2], "year": year}}))
"""

QUESTIONS = [
    ("profile --by partner", "profile", "{country!r}", ", by='partner'", 0.3),
    (
        "profile --by sector --exclude-sector energy",
        "profile",
        "{country!r}",
        ", by='sector', exclude_sector=['energy']",
        None,
    ),
    ("markets", "markets", "{country!r}", "", 2.0),
    ("indicators --partner", "indicators", "{country!r}", ", partner={partner!r}", 1.0),
    ("bilateral --by sector", "bilateral", "{country!r}, {partner!r}", ", by='sector'", None),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--warehouse", required=True)
    parser.add_argument("--country", default="AZE")
    parser.add_argument("--partner", default="RUS")
    parser.add_argument("--engine", default="duckdb")
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    print(
        f"Warehouse {args.warehouse}, engine {args.engine}, {args.country} with "
        f"{args.partner}; warm = median of {args.repeats} calls after the first.\n"
    )
    print("| question | cold | warm (median) | goal (warm) | peak memory |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for label, method, call_args, extra, goal in QUESTIONS:
        code = CODE.format(
            warehouse=args.warehouse,
            engine=args.engine,
            method=method,
            args=call_args.format(country=args.country, partner=args.partner),
            extra=extra.format(partner=args.partner),
            repeats=args.repeats,
        )
        run = run_child(code)
        got = json.loads(run.output.strip().splitlines()[-1])
        goal_text = f"< {goal * 1000:.0f} ms" if goal else ""
        print(
            f"| {label} | {got['cold'] * 1000:,.0f} ms | {got['warm'] * 1000:,.0f} ms | "
            f"{goal_text} | {run.peak_mib:,.0f} MiB |"
        )
    print(f"\nMachine: {machine()}")


if __name__ == "__main__":
    main()
