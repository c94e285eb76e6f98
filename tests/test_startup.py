"""The command line starts without the heavy libraries: they are imported by the command that
uses them (the start-up time goal itself is measured in benchmarks/bench_startup.py). Rich is
among them: it draws tables on a terminal and progress bars, not tables sent to a pipe."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = (
    "pandas",
    "numpy",
    "pyarrow",
    "ibis",
    "duckdb",
    "scipy",
    "altair",
    "ortools",
    "sqlalchemy",
    "babel",
    "pydantic",
    "rich",
)


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


@pytest.mark.parametrize(
    "command",
    [
        ["reference", "countries"],
        ["reference", "countries", "--group", "EAEU", "--year", "2021", "--format", "json"],
        ["reference", "groups", "--format", "csv"],
        ["reference", "sectors"],
        ["reference", "products", "--hs", "0805", "--format", "json"],
        ["reference", "products", "--sector", "energy", "--format", "csv"],
    ],
)
def test_reference_commands_import_no_heavy_library(command: list[str]) -> None:
    """Listing reference data reads the packaged CSVs with the csv module and prints plain
    rows: no pandas (nor anything heavier) is imported, nor pydantic (``cli.coercion``)."""
    code = (
        "import contextlib, io\n"
        "from tradebridge.cli import app\n"
        "out = io.StringIO()\n"
        "try:\n"
        "    with contextlib.redirect_stdout(out):\n"
        f"        app({command!r}, prog_name='tradebridge')\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "assert out.getvalue().strip()"
    )
    assert _imported_after(code) == []


def test_a_command_loads_only_the_module_that_declares_it() -> None:
    """``reference groups`` imports ``cli/reference.py`` and none of the other command modules,
    nor the warehouse (the methods' declarations are read without opening one)."""
    code = (
        "import contextlib, io, sys\n"
        "from tradebridge.cli import app\n"
        "from tradebridge.cli.app import COMMAND_MODULES\n"
        "try:\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        "        app(['reference', 'groups'], prog_name='tradebridge')\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "loaded = [m for m in COMMAND_MODULES if f'tradebridge.cli.{m}' in sys.modules]\n"
        "print(','.join(loaded), 'tradebridge.data.warehouse' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["reference", "False"]
