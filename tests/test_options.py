"""The option vocabulary: one year grammar, up-front checks, and one signature per command shared
by the CLI and the Python API (names, defaults, help texts)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from tradebridge.cli import app
from tradebridge.declarations import parameters
from tradebridge.errors import BadInput
from tradebridge.options import check_sectors, check_threshold, check_top, parse_years
from tradebridge.workspace import Workspace


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
    context = typer.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        if hasattr(command, "commands"):
            yield from _commands(command, (*prefix, name))
        else:
            yield (*prefix, name), command


COMMANDS = dict(_commands(typer.main.get_command(app)))
# methods for Python callers and the web pages only
PYTHON_ONLY = {"flows", "trend", "product_trade"}
# groups over the app database, declared by plain functions calling their domain's services
APP_DATABASE = {"db", "registry", "match", "user", "investment", "events"}


def test_every_command_is_a_workspace_method_and_back() -> None:
    """``tradebridge a b`` is ``Workspace.a_b`` (dashes as underscores), and every public
    method but the Python-only ones is a command."""
    commands = {
        "_".join(path).replace("-", "_") for path in COMMANDS if path[0] not in APP_DATABASE
    }
    methods = {n for n in dir(Workspace) if not n.startswith("_")} - PYTHON_ONLY
    assert commands == methods


@pytest.mark.parametrize("name", sorted(n for n in dir(Workspace) if not n.startswith("_")))
def test_every_parameter_has_a_help_text(name: str) -> None:
    for param in parameters(getattr(Workspace, name)):
        assert param.doc, f"{name}({param.name}) has no help text"


def _options(path: tuple[str, ...]) -> dict[str, tuple[list[str], bool, object]]:
    """Each parameter of a command: its option strings (the name, for an argument), whether it
    is required, and its default."""
    return {
        p.name: (p.opts if p.param_type_name == "option" else [p.name], p.required, p.default)
        for p in COMMANDS[path].params
    }


# Written out by hand from the conventions (options.py, cli/commands.py): the generated
# commands must read exactly so.
EXPECTED = {
    ("profile",): {
        "country": (["country"], True, None),
        "year": (["--year", "-y"], False, None),
        "by": (["--by"], False, "partner"),
        "flow": (["--flow"], False, "exports"),
        "window": (["--window"], False, 5),
        "sector": (["--sector", "-s"], False, None),
        "exclude_sector": (["--exclude-sector"], False, None),
        "products": (["--products"], False, None),
        "partner": (["--partner"], False, None),
        "group": (["--group", "-g"], False, None),
        "top": (["--top", "-n"], False, None),
        "warehouse": (["--warehouse", "-w"], False, None),
        "engine": (["--engine"], False, None),
        "fmt": (["--format", "-f"], False, "table"),
    },
    ("brief",): {
        "country": (["country"], True, None),
        "partner": (["partner"], True, None),
        "out": (["--out", "-o"], False, Path("brief.html")),
        "year": (["--year", "-y"], False, None),
        "top": (["--top", "-n"], False, 10),
        "language": (["--language", "-l"], False, "en"),
        "warehouse": (["--warehouse", "-w"], False, None),
        "engine": (["--engine"], False, None),
    },
    ("schedule",): {
        "forum_file": (["forum_file"], True, None),
        "out": (["--out", "-o"], True, None),
        "time_limit": (["--time-limit"], False, 30.0),
        "seed": (["--seed"], False, 1),
        "lock": (["--lock"], False, None),
        "agendas": (["--agendas"], False, None),
        "fmt": (["--format", "-f"], False, "table"),
    },
    ("demo-world",): {
        "out": (["out"], True, None),
        "seed": (["--seed"], False, 7),
        "years": (["--years"], False, "2015-2023"),
        "scale": (["--scale"], False, "small"),
        "as_zip": (["--zip"], False, False),
    },
    ("fetch", "comtrade"): {
        "reporter": (["--reporter"], True, None),
        "years": (["--years"], True, None),
        "flow": (["--flow"], False, "X,M"),
        "level": (["--level"], False, "HS6"),
        "ingest": (["--ingest"], False, False),
        "replace": (["--replace"], False, False),
        "out": (["--out", "-o"], False, None),
        "warehouse": (["--warehouse", "-w"], False, None),
    },
    ("reference", "products"): {
        "sector": (["--sector", "-s"], False, None),
        "hs": (["--hs"], False, None),
        "fmt": (["--format", "-f"], False, "table"),
    },
}


@pytest.mark.parametrize("path", sorted(EXPECTED), ids="-".join)
def test_generated_commands_read_as_the_convention_says(path) -> None:
    got = _options(path)
    for name, (opts, required, default) in got.items():
        got[name] = (opts, required, getattr(default, "value", default))
    assert got == EXPECTED[path]


def test_options_are_given_in_the_declared_order() -> None:
    names = [p.name for p in COMMANDS[("markets",)].params]
    assert names[:4] == ["country", "year", "window", "sector"]
    assert names[-3:] == ["warehouse", "engine", "fmt"]


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
