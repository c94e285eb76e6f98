"""Economic complexity at full HS6 scale: tradebridge against the ``ecomplexity`` package (#4).

Run from the repository root (``nice`` recommended on a shared machine):

    python -m benchmarks.bench_complexity              # everything, the package run once
    python -m benchmarks.bench_complexity --skip-package
    python -m benchmarks.bench_complexity --warehouse DIR   # only: every year of a warehouse

The input is synthetic, built here with the demo world's nested structure: location capability
``theta_c``, product complexity ``phi_p`` = HS2 + HS4 + HS6 effects, presence drawn with
probability ``sigmoid(1.6 (theta_c - phi_p) + 0.8 z(log size_c) - 0.3)`` and lognormal values.
Prints a Markdown table of medians.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from statistics import median

import numpy as np
import pandas as pd

from tradebridge.analytics.complexity import complexity, year_tables
from tradebridge.analytics.complexity_measures import year_complexity
from tradebridge.data.frame_warehouse import FrameWarehouse

LOCATIONS = 230
PRODUCTS = 5_000
YEARS = list(range(2013, 2022))


def synthetic_year(
    year: int, *, seed: int = 7, locations: int = LOCATIONS, products: int = PRODUCTS
) -> pd.DataFrame:
    """One year's ``year, location, product, value`` rows (pairs with a zero value left out)."""
    fixed = np.random.default_rng(seed)
    chapter = fixed.integers(1, 98, products)
    heading = chapter * 100 + fixed.integers(1, 20, products)
    within = pd.Series(heading).groupby(heading).cumcount().to_numpy() + 1  # unique HS6 codes
    codes = np.char.zfill((heading * 100 + within).astype(str), 6)
    effect2 = fixed.normal(0, 0.6, 100)[chapter]
    effect4 = fixed.normal(0, 0.4, 10_000)[heading]
    complexity_p = effect2 + effect4 + fixed.normal(0, 0.5, products)
    capability = fixed.normal(0, 1, locations)
    log_size = fixed.normal(0, 1.5, locations)
    product_size = fixed.lognormal(0, 1.2, products)
    yearly = np.random.default_rng([seed, year])
    logit = 1.6 * (capability[:, None] - complexity_p[None, :]) + 0.8 * log_size[:, None] / 1.5
    present = yearly.random((locations, products)) < 1 / (1 + np.exp(-(logit - 0.3)))
    value = (
        np.exp(log_size)[:, None]
        * product_size[None, :]
        * yearly.lognormal(12, 1.0, (locations, products))
        * present
    )
    rows, cols = np.nonzero(value)
    names = np.array([f"L{i:03d}" for i in range(locations)])
    return pd.DataFrame(
        {"year": year, "location": names[rows], "product": codes[cols], "value": value[rows, cols]}
    )


def timed(run: Callable[[], object], repeat: int) -> tuple[str, float, object]:
    """``"wall s (CPU s)"`` medians of ``repeat`` runs, the wall median and the last result.

    CPU time sums every thread of this process (BLAS uses both cores).
    """
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        result = run()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return f"{median(walls):.2f} s ({median(cpus):.2f} s CPU)", median(walls), result


def package_complexity(frame: pd.DataFrame) -> pd.DataFrame:
    """The ``ecomplexity`` package on the same rows (log-supermodularity check off: faster)."""
    from ecomplexity import ecomplexity

    cols = {"time": "year", "loc": "location", "prod": "product", "val": "value"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ecomplexity(frame, cols, check_logsupermodularity=False, verbose=False)


def child_peak_mib() -> float:
    """Peak resident memory (MiB) of a fresh process building one year and running it."""
    subprocess.run([sys.executable, "-m", "benchmarks.bench_complexity", "--child"], check=True)
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def warehouse_table(path: str) -> str:
    """Markdown rows: ``complexity`` over every year of a warehouse, end to end (one run)."""
    from tradebridge.data.warehouse import Warehouse

    wh = Warehouse(path)
    years = wh.years()
    took, _, rows = timed(lambda: complexity(wh), 1)
    return "\n".join(
        [
            "| measure | value |",
            "| --- | --- |",
            f"| warehouse | {wh.source(years)} |",
            f"| `complexity(warehouse)`, {len(years)} years ({years[0]}-{years[-1]}), "
            f"{len(rows):,} rows out, one run | {took} |",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-package", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--warehouse", help="Only time every year of this warehouse (HS6)")
    args = parser.parse_args()
    if args.warehouse:
        print(warehouse_table(args.warehouse))
        return
    exports = synthetic_year(2021)
    frame = FrameWarehouse.of_exports(exports)
    if args.child:
        complexity(frame, normalization="package")
        return

    table = next(year_tables(frame))
    shape = f"{table.values.shape[0]} x {table.values.shape[1]}"
    lines = [
        "| measure | value |",
        "| --- | --- |",
        f"| input (one HS6 year) | {shape} matrix, {len(frame.frame):,} non-zero rows |",
    ]
    core, _, _ = timed(lambda: year_complexity(table.values, normalization="package"), args.repeat)
    lines.append(f"| tradebridge core `year_complexity`, median of {args.repeat} | {core} |")
    full, full_wall, ours = timed(lambda: complexity(frame, normalization="package"), args.repeat)
    lines.append(f"| tradebridge `complexity(frame)`, median of {args.repeat} | {full} |")
    lines.append(f"| tradebridge peak memory (fresh process, RSS) | {child_peak_mib():,.0f} MiB |")

    if not args.skip_package:
        pkg, pkg_wall, ref = timed(lambda: package_complexity(exports), 1)
        joined = ours.merge(ref, on=["year", "location", "product"], suffixes=("", "_ref"))
        eci = float(np.nanmax(np.abs(joined["eci"] - joined["eci_ref"])))
        pci = float(np.nanmax(np.abs(joined["pci"] - joined["pci_ref"])))
        lines.append(f"| `ecomplexity` 0.5.3 package, one run | {pkg} |")
        lines.append(
            f"| speed-up (package / `complexity(frame)`, wall) | {pkg_wall / full_wall:.0f}x |"
        )
        lines.append(
            f'| max abs difference ECI / PCI (normalization="package") | {eci:.1e} / {pci:.1e} |'
        )

    nine = FrameWarehouse.of_exports(
        pd.concat([synthetic_year(y) for y in YEARS], ignore_index=True)
    )
    nine_time, _, rows = timed(lambda: complexity(nine), 1)
    lines.append(
        f"| tradebridge, {len(YEARS)} years ({len(nine.frame):,} rows in, "
        f"{len(rows):,} out), one run | {nine_time} |"
    )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
