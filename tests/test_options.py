"""The option vocabulary: one year grammar, up-front checks, and one signature per command shared
by the CLI and the Python API (names, defaults, help texts)."""

from __future__ import annotations

import inspect
import math
from enum import StrEnum
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from tradebridge.cli import app
from tradebridge.errors import BadInput
from tradebridge.options import check_sectors, check_threshold, check_top, help_of, parse_years
from tradebridge.workspace import Workspace

# CLI-only parameters: where to find the data and how to print it
CLI_ONLY = {"warehouse", "engine", "fmt"}


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("2015-2018", [2015, 2016, 2017, 2018]),
        ("2019", [2019]),
        ("2015,2017-2018", [2015, 2017, 2018]),
        # the complexity command's old parser read this as range(2016, int("2016,2021") ...):
        ("2016-2016,2021", [2016, 2021]),
        (" 2021 , 2019 ", [2019, 2021]),
        ("2019,2019-2020", [2019, 2020]),
    ],
)
def test_year_grammar(text: str, years: list[int]) -> None:
    assert parse_years(text) == years


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("20x", "not a year range"),
        ("2023-2015", "reversed"),
        ("", "not a year range"),
        ("2015-", "not a year range"),
        ("15-21", "four-digit"),
    ],
)
def test_year_grammar_rejects(text: str, reason: str) -> None:
    with pytest.raises(BadInput, match=reason) as err:
        parse_years(text)
    assert err.value.field == "years"


@pytest.mark.parametrize("value", [0, -1, -100])
def test_top_must_be_positive(value: int) -> None:
    with pytest.raises(BadInput, match="at least 1"):
        check_top(value)


@pytest.mark.parametrize("value", [0.0, -0.5, math.nan, math.inf])
def test_rca_threshold_must_be_in_open_interval(value: float) -> None:
    with pytest.raises(BadInput, match="above 0"):
        check_threshold(value)


def test_sector_both_kept_and_left_out_is_refused() -> None:
    with pytest.raises(BadInput, match="energy is both kept"):
        check_sectors(["energy", "steel"], "Energy", str.lower)


def _commands(group, prefix: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from _commands(command, (*prefix, name))
        else:
            yield (*prefix, name), command


COMMANDS = sorted(_commands(typer.main.get_command(app)))


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=["-".join(p) for p, _ in COMMANDS])
def test_every_command_has_a_workspace_method_with_its_options(path, command) -> None:
    """``tradebridge a b`` is ``Workspace.a_b`` (dashes as underscores) with the same parameter
    names and defaults; every parameter has a help text."""
    method = getattr(Workspace, "_".join(path).replace("-", "_"))
    signature = inspect.signature(method, eval_str=True)
    api = {n: p for n, p in signature.parameters.items() if n != "self"}
    cli = {p.name: p for p in command.params if p.name not in CLI_ONLY}
    assert set(cli) <= set(api), f"options without a parameter: {set(cli) - set(api)}"
    for name, param in cli.items():
        default = api[name].default
        if default is inspect.Parameter.empty:
            assert param.required, name
            continue
        got = param.default
        if isinstance(default, StrEnum):
            default, got = default.value, getattr(got, "value", got)
        if isinstance(default, Path):
            got = Path(got)
        assert got == default or (got is None and default is None), (name, got, default)
    for name, parameter in api.items():
        assert help_of(parameter.annotation), f"{method.__name__}({name}) has no help text"


def test_bad_option_values_are_one_line_errors(tiny_warehouse) -> None:
    runner = CliRunner()
    cases = [
        (["profile", "AZE", "--top", "0"], "top"),
        (["rca", "AZE", "--top", "-3"], "top"),
        (["markets", "AZE", "--sector", "energy", "--exclude-sector", "energy"], "both kept"),
        (["diversify", "AZE", "--rca-threshold", "nan"], "rca_threshold"),
        (["complexity", "--rca-threshold", "0"], "rca_threshold"),
        (["complexity", "--years", "2021-2016"], "reversed"),
        (["profile", "AZE", "--by", "planet"], "planet"),
        (["potential", "AZE", "--average", "0"], "average"),
    ]
    for args, needle in cases:
        result = runner.invoke(app, [*args, "--warehouse", str(tiny_warehouse.path)])
        assert result.exit_code == 2, (args, result.output)
        assert needle in result.output, (args, result.output)
        assert "Traceback" not in result.output


def test_version() -> None:
    from importlib.metadata import version

    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"tradebridge {version('tradebridge')}"
