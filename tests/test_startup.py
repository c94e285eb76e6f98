"""The command line starts without the heavy libraries: they are imported by the command that
uses them (the start-up time goal itself is measured in benchmarks/bench_startup.py)."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("pandas", "numpy", "pyarrow", "ibis", "duckdb", "scipy", "altair", "ortools")


def _imported_after(code: str) -> list[str]:
    probe = f"import sys\n{code}\nprint(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    return [m for m in last.split(",") if m in HEAVY]


def test_importing_the_cli_imports_no_heavy_library() -> None:
    assert _imported_after("import tradebridge.cli") == []


def test_help_imports_no_heavy_library() -> None:
    code = (
        "from tradebridge.cli import app\n"
        "try:\n    app(['--help'], prog_name='tradebridge')\nexcept SystemExit:\n    pass"
    )
    assert _imported_after(code) == []


def test_import_tradebridge_is_light() -> None:
    assert _imported_after("import tradebridge") == []
