"""Option and argument values converted without pydantic, for the kinds of parameter the
commands have (text, whole and decimal numbers, flags, paths, choices, lists of them).

Typer 0.29 converts every value through a pydantic ``TypeAdapter``, and importing pydantic is
about half of what a quick command (``tradebridge reference groups``) spends starting. Here the
same conversions run with typer's own helpers for choices and paths, giving the same values and
the same messages; a parameter of any other kind (a custom parser, bounds, dates) still goes
through typer's adapters. ``install()`` puts it in place; typer's internals it relies on are
checked by ``tests/test_cli_coercion.py`` against typer's own conversion.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

from typer import core
from typer._click.exceptions import BadParameter
from typer._coercion import RuntimeParam, build_runtime_param
from typer._param_types import coerce_cli_choice, coerce_cli_path, routes_to_path

Convert = Callable[[Any, Any, Any], Any]  # (value, param, ctx) -> value
_INT = re.compile(r"\s*[+-]?\d+\s*")


@dataclass(frozen=True)
class PlainRuntimeParam(RuntimeParam):
    """Conversion of one parameter by ``convert`` (each item of a list in turn)."""

    convert: Convert
    many: bool = False

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        try:
            if self.many:
                items = value if isinstance(value, list | tuple) else [value]
                return [self.convert(item, param, ctx) for item in items]
            return self.convert(value, param, ctx)
        except ValueError as exc:  # as pydantic words an error raised by a validator
            raise BadParameter(f"Value error, {exc}", ctx=ctx, param=param) from None


def _text(value: Any, _param: Any, _ctx: Any) -> str:
    return value if isinstance(value, str) else str(value)


def _whole(value: Any, param: Any, ctx: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _INT.fullmatch(value):
        return int(value)
    message = "Input should be a valid integer, unable to parse string as an integer"
    raise BadParameter(message, ctx=ctx, param=param)


def _decimal(value: Any, param: Any, ctx: Any) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    try:
        return float(value)
    except (TypeError, ValueError):
        message = "Input should be a valid number, unable to parse string as a number"
        raise BadParameter(message, ctx=ctx, param=param) from None


_TRUE = {"1", "on", "t", "true", "y", "yes"}
_FALSE = {"0", "off", "f", "false", "n", "no", ""}


def _flag(value: Any, param: Any, ctx: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    word = str(value).strip().casefold()
    if word in _TRUE or word in _FALSE:
        return word in _TRUE
    message = "Input should be a valid boolean, unable to interpret input"
    raise BadParameter(message, ctx=ctx, param=param)


def converter(annotation: Any, info: Any) -> Convert | None:
    """How to convert one value of ``annotation`` (None: leave it to typer)."""
    if info.parser is not None or info.min is not None or info.max is not None:
        return None
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        choices = list(annotation)

        def choice(value: Any, _param: Any, ctx: Any) -> Any:
            return coerce_cli_choice(
                value, choices=choices, case_sensitive=info.case_sensitive, ctx=ctx
            )

        return choice
    if annotation is str:
        return _text
    if annotation is bool:
        return _flag
    if annotation is int:
        return _whole
    if annotation is float:
        return _decimal
    if isinstance(annotation, type) and issubclass(annotation, Path):
        if not routes_to_path(annotation, info):
            return None
        path_type = info.path_type or annotation

        def path(value: Any, param: Any, ctx: Any) -> Any:
            return coerce_cli_path(value, info, path_type=path_type, param=param, ctx=ctx)

        return path
    return None


def runtime_param(descriptor: Any) -> RuntimeParam:
    """The plain conversion of a parameter when its kind has one, else typer's."""
    annotation, info = descriptor.annotation, descriptor.parameter_info
    many = get_origin(annotation) is list
    convert = None
    if descriptor.file_annotation is None:
        convert = converter(get_args(annotation)[0] if many else annotation, info)
    if convert is None:
        return build_runtime_param(descriptor)
    return PlainRuntimeParam(info, annotation, convert=convert, many=many)


def _get_runtime_param(self: Any) -> RuntimeParam:
    if self._runtime_param is None:
        self._runtime_param = runtime_param(self.type_descriptor)
    return self._runtime_param


def install() -> None:
    """Convert the values of every command's parameters as above."""
    core._TyperParameter.get_runtime_param = _get_runtime_param
