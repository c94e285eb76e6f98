"""Formatting and lint are part of the suite (like datasette's test_black.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TREES = ["src", "tests", "benchmarks"]


@pytest.mark.parametrize(
    "args",
    [["format", "--check"], ["check"]],
    ids=["ruff-format", "ruff-check"],
)
def test_ruff(args: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ruff", *args, *TREES],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


MAX_LINES = 500


def test_no_module_in_src_exceeds_the_line_limit() -> None:
    """One module per concept keeps each short: a module over ``MAX_LINES`` lines holds more
    than one and is split along them."""
    long = {
        str(path.relative_to(ROOT)): n
        for path in sorted((ROOT / "src").rglob("*.py"))
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"modules over {MAX_LINES} lines: {long}"
