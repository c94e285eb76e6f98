"""One exception root for every error tradebridge raises on purpose.

The interfaces map it once: the CLI prints ``str(err)`` as one line and exits with
``err.exit_code`` (2 for input the user can fix, 1 for the environment); the web answers
``err.http_status`` with the same message.

>>> err = BadInput("not a number ('abc')", file="flows.csv", line=12, field="value")
>>> str(err), err.exit_code, isinstance(err, TradebridgeError)
("flows.csv:12: value: not a number ('abc')", 2, True)
>>> EnvironmentProblem("disk full", file="wh/manifest.json").exit_code
1
"""

from __future__ import annotations

import errno
import os


class TradebridgeError(Exception):
    """The root: every error tradebridge raises on purpose derives from it.

    ``str(err)`` is the one-line cause, naming the file, line and field where known, e.g.
    ``flows.csv:12: value: not a number ('abc')``.
    """

    exit_code = 1
    http_status = 500

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


class BadInput(TradebridgeError, ValueError):
    """Input the user can fix (exit status 2, HTTP 400)."""

    exit_code = 2
    http_status = 400


class EnvironmentProblem(TradebridgeError):
    """The machine, not the input: a full disk, a permission denied, a lock held, a damaged
    warehouse file (exit status 1, HTTP 503)."""

    exit_code = 1
    http_status = 503


class NotFound(BadInput):
    """The thing asked for does not exist (exit status 2, HTTP 404)."""

    http_status = 404


class NotSignedIn(TradebridgeError):
    """Signing in is needed, or the credentials are wrong (exit status 2, HTTP 401)."""

    exit_code = 2
    http_status = 401


class Forbidden(TradebridgeError):
    """Signed in, but this role (or this token's scope) may not do that (exit 2, HTTP 403)."""

    exit_code = 2
    http_status = 403


class TooManyAttempts(TradebridgeError):
    """Too many failed log-ins: refused until ``retry_after`` seconds have passed (HTTP 429)."""

    exit_code = 2
    http_status = 429

    def __init__(self, reason: str, *, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(reason)


class InvalidRecord(BadInput):
    """A record (an organisation, an event, a participant, a project) that breaks rules;
    ``problems`` lists every ``(field, reason)``, and the message names the first and counts
    the others.

    >>> err = InvalidRecord([("kind", "unknown kind 'x'"), ("country", "required"),
    ...     ("country", "too long")])
    >>> str(err), err.field, err.http_status
    ("kind: unknown kind 'x' (and 2 more: country)", 'kind', 400)
    """

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = list(problems)
        field, reason = self.problems[0]
        if len(self.problems) > 1:
            others = ", ".join(dict.fromkeys(f for f, _ in self.problems[1:]))
            reason += f" (and {len(self.problems) - 1} more: {others})"
        super().__init__(reason, field=field)


class BadInputs(BadInput):
    """Several problems found at once; each is listed, not only the first."""

    def __init__(self, problems: list[str], *, file: str | None = None) -> None:
        self.problems = list(problems)
        summary = f"{len(self.problems)} problem(s): " + "; ".join(self.problems)
        super().__init__(summary, file=file)


class RefusedItems(BadInput):
    """Items of a batch (numbered from 1) refused, each with its field and reason; nothing of
    the batch was stored. The status is the first refusal's (404 for a record that does not
    exist, 403 for one the caller may not act for, 400 otherwise).

    >>> err = RefusedItems("request", 3, [(2, NotFound("no participant #9", field="to_id"))])
    >>> print(err)
    1 of 3 requests refused, none stored: request 2: to_id: no participant #9
    >>> err.field, err.http_status
    ('to_id', 404)
    """

    def __init__(self, noun: str, total: int, refused: list[tuple[int, TradebridgeError]]) -> None:
        self.refused = list(refused)
        first = self.refused[0][1]
        self.http_status = first.http_status
        listed = "; ".join(f"{noun} {number}: {err}" for number, err in self.refused)
        summary = f"{len(self.refused)} of {total} {noun}s refused, none stored: {listed}"
        super().__init__(summary, field=first.field)

    def describe(self) -> str:
        return self.reason


_WRONG_PATH = {errno.ENOENT, errno.EISDIR, errno.ENOTDIR, errno.ENAMETOOLONG, errno.ELOOP}
_CAUSES = {
    errno.ENOSPC: "disk full",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.ENOENT: "no such file or folder",
    errno.EISDIR: "is a folder, not a file",
    errno.ENOTDIR: "a part of the path is not a folder",
}


def os_problem(exc: OSError, file: str | os.PathLike[str] | None = None) -> TradebridgeError:
    """An ``OSError`` as a one-line error naming the file.

    A wrong path the user gave (missing, a folder where a file belongs or the reverse) is
    ``BadInput``; anything else (disk full, permission denied, read-only) is the machine's,
    ``EnvironmentProblem``.

    >>> str(os_problem(OSError(errno.ENOSPC, "No space left on device"), "wh/manifest.json"))
    'wh/manifest.json: disk full'
    >>> os_problem(FileNotFoundError(errno.ENOENT, "No such file", "x.csv")).exit_code
    2
    """
    name = file if file is not None else (exc.filename or None)
    cause = os_cause(exc)
    kind = BadInput if exc.errno in _WRONG_PATH else EnvironmentProblem
    return kind(cause, file=os.fspath(name) if name is not None else None)


def os_cause(exc: OSError) -> str:
    """The cause of an ``OSError`` in a few words (``disk full``, ``permission denied``...).

    >>> os_cause(OSError(errno.EROFS, "Read-only file system"))
    'read-only file system'
    """
    return _CAUSES.get(exc.errno or -1) or exc.strerror or str(exc) or type(exc).__name__


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
