"""CLI start-up: how long ``tradebridge --help`` and the ``reference`` commands take in a fresh
process (the goal: under 0.5 s).

Run from the repository root: ``python -m benchmarks.bench_startup [--repeat N]``. Each command
runs N times as a new process of the installed ``tradebridge`` script; the table gives the median
wall time and the median CPU time (user + system of the child). On a shared machine the wall
time grows with the load while the CPU time barely moves, so both are printed with the load
average; the modules each command imports are listed too (pandas is the large one).

The package's bytecode is compiled first (``compileall``, as ``pip install`` does for an
installed package): under ``PYTHONDONTWRITEBYTECODE`` an editable checkout would otherwise
compile every module it imports at each start, which is not what a user's installation does.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

COMMANDS = [
    ["--help"],
    ["--version"],
    ["profile", "--help"],
    ["reference", "groups"],
    ["reference", "sectors"],
    ["reference", "countries"],
    ["reference", "products", "--hs", "0805"],
]
HEAVY = ("pandas", "pyarrow", "numpy", "ibis", "duckdb", "scipy", "pydantic", "rich")


def _script() -> str:
    found = shutil.which("tradebridge", path=str(Path(sys.executable).parent))
    if found is None:
        raise SystemExit("the tradebridge script is not installed next to this interpreter")
    return found


def timed(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one fresh process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"failed: {' '.join(argv)}")
    return wall, usage.ru_utime + usage.ru_stime


def heavy_imports(args: list[str]) -> str:
    """The heavy libraries a command has imported when it ends."""
    code = (
        "import sys, atexit\n"
        f"atexit.register(lambda: print(','.join(m for m in {HEAVY!r} if m in sys.modules),"
        " file=sys.stderr))\n"
        "from tradebridge.cli import app\n"
        f"sys.argv = ['tradebridge', *{args!r}]\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    return done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    script = _script()
    import tradebridge

    compileall.compile_dir(Path(tradebridge.__file__).parent, quiet=1)
    timed([script, "--help"])  # warm the file cache once
    load = os.getloadavg()
    print(f"load average at start: {load[0]:.1f} (1 min), {os.cpu_count()} cores\n")
    print("| command | median wall | median CPU | heavy modules imported |")
    print("| --- | ---: | ---: | --- |")
    for command in COMMANDS:
        runs = [timed([script, *command]) for _ in range(args.repeat)]
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        modules = heavy_imports(command) or "none"
        print(f"| `tradebridge {' '.join(command)}` | {wall:.2f} s | {cpu:.2f} s | {modules} |")
    print(f"\nload average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
