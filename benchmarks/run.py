"""Run every benchmark script (``benchmarks/bench_*.py``) in turn; each prints Markdown.

``python -m benchmarks.run [NAME ...]`` runs the named ones (e.g. ``ingest complexity``), or all.
Results go to stdout; copy them into ``docs/benchmarks.md`` with the machine they ran on.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def main(names: list[str]) -> int:
    here = Path(__file__).parent
    scripts = sorted(p.stem for p in here.glob("bench_*.py"))
    chosen = [s for s in scripts if not names or s.removeprefix("bench_") in names]
    status = 0
    for name in chosen:
        print(f"\n## {name}\n", flush=True)
        status |= subprocess.call([sys.executable, "-m", f"benchmarks.{name}"], cwd=here.parent)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
