"""The command line's own conversion of values (``cli.coercion``) against typer's, which goes
through pydantic: the same values, and the same messages for values refused."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import pytest
from typer._click.exceptions import BadParameter
from typer._coercion import build_runtime_param, resolve_type_descriptor
from typer.models import OptionInfo

from tradebridge.cli.coercion import PlainRuntimeParam, runtime_param


class Colour(StrEnum):
    red = "red"
    green = "green"


class _Param:
    multiple = False
    nargs = 1
    name = "value"
    human_readable_name = "--value"

    def get_error_hint(self, ctx):
        return "'--value'"


CASES = [
    (str, ["abc", "", " 12 "]),
    (int, ["12", "-3", "+7", " 4 ", "abc", "1.5", ""]),
    (float, ["1.5", "2", "-0.25", "1e3", "abc", ""]),
    (bool, ["true", "False", "yes", "0", "on", "maybe"]),
    (Colour, ["red", "green", "blue", "RED"]),
    (Path, ["a/b.csv", "."]),
    (list[str], [["a", "b"], []]),
    (list[Colour], [["red"], ["red", "pink"]]),
]


def _outcome(runtime, value):
    try:
        return "ok", runtime.coerce(value, param=_Param(), ctx=None)
    except BadParameter as exc:
        return "refused", exc.message


@pytest.mark.parametrize(("annotation", "values"), CASES)
def test_values_convert_as_typer_converts_them(annotation, values):
    descriptor = resolve_type_descriptor(annotation, OptionInfo())
    ours, typers = runtime_param(descriptor), build_runtime_param(descriptor)
    assert isinstance(ours, PlainRuntimeParam)
    for value in values:
        assert _outcome(ours, value) == _outcome(typers, value), value


def test_parameters_with_bounds_or_parsers_are_left_to_typer():
    bounded = resolve_type_descriptor(int, OptionInfo(min=1))
    parsed = resolve_type_descriptor(str, OptionInfo(parser=str.upper))
    assert not isinstance(runtime_param(bounded), PlainRuntimeParam)
    assert not isinstance(runtime_param(parsed), PlainRuntimeParam)
