"""A command's one declaration is its typed signature: this module reads it for the interfaces.

The CLI (``cli/commands.py``) and the REST API (``api/declarations.py``) are generated from the
same signature, usually a ``Workspace`` method's: each parameter's name, type, default, whether
it is keyword-only, and its help text (``Annotated[type, Doc("...")]``); the command's help is
its docstring up to the examples. Only the parameters' annotations are evaluated, so a return
type imported for type checkers alone (``pd.DataFrame``) costs nothing at start-up.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Annotated, Any

EMPTY = inspect.Parameter.empty


@dataclass(frozen=True)
class Param:
    """One parameter of a declaration: its plain type (``base``) and its ``Doc`` help text."""

    name: str
    base: Any
    doc: str | None
    default: Any = EMPTY
    keyword_only: bool = False

    @property
    def required(self) -> bool:
        return self.default is EMPTY

    @property
    def callback(self) -> bool:
        """True when the type is, or holds, a callable (progress reports and the like)."""
        return _holds(self.base, lambda t: t is Callable or typing.get_origin(t) is Callable)

    @property
    def path(self) -> bool:
        """True when the type is, or holds, a file path."""
        return _holds(self.base, lambda t: isinstance(t, type) and issubclass(t, PurePath))


def _holds(annotation: Any, test: Callable[[Any], bool]) -> bool:
    if test(annotation):
        return True
    return any(_holds(arg, test) for arg in typing.get_args(annotation))


def split_annotation(annotation: Any) -> tuple[Any, str | None]:
    """The type without its ``Annotated`` wrapper, and the wrapped ``Doc`` text if any.

    >>> from typing_extensions import Doc
    >>> split_annotation(Annotated[int | None, Doc("Show the first N rows")])
    (int | None, 'Show the first N rows')
    >>> split_annotation(str)
    (<class 'str'>, None)
    """
    if typing.get_origin(annotation) is Annotated:
        base, *extras = typing.get_args(annotation)
        doc = next((e.documentation for e in extras if hasattr(e, "documentation")), None)
        return base, doc
    return annotation, None


def parameters(function: Callable[..., Any]) -> list[Param]:
    """The declared parameters of ``function`` (``self`` and ``**options`` left out), their
    string annotations evaluated in the function's module."""
    found = []
    for param in inspect.signature(function).parameters.values():
        if param.name == "self" or param.kind in (param.VAR_KEYWORD, param.VAR_POSITIONAL):
            continue
        annotation = param.annotation
        if isinstance(annotation, str):
            annotation = eval(annotation, function.__globals__)  # noqa: S307 - our own source
        base, doc = split_annotation(annotation)
        found.append(
            Param(
                param.name,
                str if base is EMPTY else base,
                doc,
                param.default,
                param.kind is param.KEYWORD_ONLY,
            )
        )
    return found


def help_text(function: Callable[..., Any]) -> str:
    """The docstring up to its examples (``>>>``), inline-literal marks removed."""
    doc = inspect.getdoc(function) or ""
    paragraphs = []
    for paragraph in doc.split("\n\n"):
        if paragraph.lstrip().startswith(">>>"):
            break
        paragraphs.append(paragraph)
    return "\n\n".join(paragraphs).replace("``", "")


def summary(function: Callable[..., Any]) -> str:
    """The docstring's first paragraph on one line."""
    return help_text(function).split("\n\n")[0].replace("\n", " ")
