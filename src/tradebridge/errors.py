"""Errors that the interfaces turn into a one-line cause and exit status 2."""

from __future__ import annotations


class BadInput(ValueError):
    """Input the user can fix: names the file, line and field where known, and the reason.

    ``str(err)`` is the one-line cause, e.g. ``flows.csv:12: value: not a number ('abc')``.
    """

    def __init__(
        self,
        reason: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.reason = reason
        self.file = file
        self.line = line
        self.field = field
        super().__init__(self.describe())

    def describe(self) -> str:
        where = ""
        if self.file is not None:
            where = str(self.file) + (f":{self.line}" if self.line is not None else "") + ": "
        elif self.line is not None:
            where = f"line {self.line}: "
        field = f"{self.field}: " if self.field else ""
        return f"{where}{field}{self.reason}"


class BadInputs(BadInput):
    """Several problems found at once; each is listed, not only the first."""

    def __init__(self, problems: list[str], *, file: str | None = None) -> None:
        self.problems = list(problems)
        summary = f"{len(self.problems)} problem(s): " + "; ".join(self.problems)
        super().__init__(summary, file=file)


def nearest(value: str, choices: list[str], n: int = 5) -> str:
    """A hint for an unknown choice: the nearest valid ones (ignoring case), else the valid ones."""
    import difflib

    folded: dict[str, str] = {}
    for choice in choices:
        folded.setdefault(choice.casefold(), choice)
    close = difflib.get_close_matches(value.casefold(), list(folded), n=n, cutoff=0.5)
    if close:
        return "nearest: " + ", ".join(folded[c] for c in close)
    shown = choices if len(choices) <= 30 else choices[:30] + ["…"]
    return "valid: " + ", ".join(shown)
