"""The table of which module declares each top-level command (``cli.app.COMMAND_MODULES``),
which the application reads to import only the module of the command being run, against the
declarations themselves."""

from __future__ import annotations

import json
import subprocess
import sys

from typer.testing import CliRunner

from tradebridge.cli import app
from tradebridge.cli.app import COMMAND_MODULES, module_of

DECLARED_BY = """
import importlib, json
from tradebridge.cli.app import COMMAND_MODULES, app

def names():
    return {c.name for c in app.registered_commands} | {g.name for g in app.registered_groups}

found = {}
for module in COMMAND_MODULES:
    before = names()
    importlib.import_module(f"tradebridge.cli.{module}")
    found[module] = sorted(names() - before)
print(json.dumps(found))
"""


def test_each_module_declares_the_commands_the_table_gives_it() -> None:
    """Imported one by one in a fresh process, each module adds exactly its commands."""
    done = subprocess.run(
        [sys.executable, "-c", DECLARED_BY], capture_output=True, text=True, check=True
    )
    found = json.loads(done.stdout)
    assert found == {module: sorted(names) for module, names in COMMAND_MODULES.items()}


def test_module_of_a_command() -> None:
    assert module_of("markets") == "trade"
    assert module_of("reference") == "reference"
    assert module_of("no-such-command") is None


def test_help_lists_every_command_and_a_misspelt_one_is_suggested() -> None:
    runner = CliRunner()
    listed = runner.invoke(app, ["--help"], prog_name="tradebridge")
    assert listed.exit_code == 0
    for names in COMMAND_MODULES.values():
        for name in names:
            assert f"  {name} " in listed.output
    typo = runner.invoke(app, ["potentail", "AZE"], prog_name="tradebridge")
    assert typo.exit_code == 2
    assert "Did you mean 'potential'?" in typo.output
