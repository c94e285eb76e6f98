"""Timing and peak memory of code run in a fresh child process, for the benchmark scripts."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mib: float
    output: str


def run_child(code: str) -> Run:
    """Run ``code`` with this interpreter in a child; wall time and the child's peak RSS."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    out = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark child failed ({proc.returncode}):\n{code}")
    return Run(seconds, usage.ru_maxrss / 1024, out)


def median_runs(code: str, repeats: int) -> tuple[float, float, list[Run]]:
    """Median wall seconds and median peak MiB over ``repeats`` fresh children."""
    runs = [run_child(code) for _ in range(repeats)]
    return (
        statistics.median(r.seconds for r in runs),
        statistics.median(r.peak_mib for r in runs),
        runs,
    )


def machine() -> str:
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next(
                line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")
            )
    except (OSError, StopIteration):
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    load = os.getloadavg()[0]
    return (
        f"{os.cpu_count()} cores {cpu}, {mem:.0f} GiB, {platform.platform()}, "
        f"Python {platform.python_version()}; load average {load:.1f} at start"
    )
