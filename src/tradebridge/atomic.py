"""Writing a file so that a reader sees the old file or the whole new one, never half of it.

The one owner of the rule: write a temporary file in the same folder (same file system), flush
it to disk, then ``os.replace`` it onto the target. A failure leaves the target as it was and
removes the temporary file.

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_text(folder / "note.txt", "hello")
PosixPath('.../note.txt')
>>> (folder / "note.txt").read_text()
'hello'
>>> write_text(folder / "missing" / "note.txt", "x")
Traceback (most recent call last):
...
tradebridge.errors.BadInput: .../missing: out: the folder does not exist
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tradebridge.errors import BadInput, EnvironmentProblem, os_cause


class StagedFile:
    """A file written next to its target and moved onto it by ``commit()``, so that several
    outputs can be prepared first and replaced last; ``discard()`` removes what is left.

    A missing folder or a target that is a folder is ``BadInput`` (exit 2); a full disk or a
    permission denied is ``EnvironmentProblem`` (exit 1); both name the file.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        write: Callable[[Path], object],
        *,
        field: str = "out",
        mode: int = 0o644,
    ) -> None:
        self.path, self.field = Path(path), field
        if not self.path.parent.is_dir():
            raise BadInput("the folder does not exist", file=str(self.path.parent), field=field)
        if self.path.is_dir():
            raise BadInput("is a folder, not a file", file=str(self.path), field=field)
        try:
            fd, name = tempfile.mkstemp(
                dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp"
            )
        except OSError as exc:
            raise _problem(exc, self.path.parent, field) from exc
        os.close(fd)
        self.tmp = Path(name)
        try:
            write(self.tmp)
            with open(self.tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            os.chmod(self.tmp, mode)
        except OSError as exc:
            self.discard()
            raise _problem(exc, self.path, field) from exc
        except BaseException:
            self.discard()
            raise

    def commit(self) -> Path:
        """Rename the staged file onto the target (atomic on one file system)."""
        try:
            os.replace(self.tmp, self.path)
        except OSError as exc:
            self.discard()
            raise _problem(exc, self.path, self.field) from exc
        return self.path

    def discard(self) -> None:
        self.tmp.unlink(missing_ok=True)


def write_atomically(
    path: str | os.PathLike[str],
    write: Callable[[Path], object],
    *,
    field: str = "out",
    mode: int = 0o644,
) -> Path:
    """Call ``write(tmp)`` on a temporary path next to ``path``, then rename it onto ``path``
    (see ``StagedFile``)."""
    return StagedFile(path, write, field=field, mode=mode).commit()


def json_text(doc: Any) -> str:
    """``doc`` as indented UTF-8 JSON text with a final newline."""
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def write_text(path: str | os.PathLike[str], text: str, *, field: str = "out") -> Path:
    """``text`` (UTF-8) written atomically to ``path``."""
    return write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"), field=field)


def write_json(path: str | os.PathLike[str], doc: Any, *, field: str = "out") -> Path:
    """``doc`` as indented UTF-8 JSON written atomically to ``path``."""
    return write_text(path, json_text(doc), field=field)


def write_table(path: str | os.PathLike[str], rows: Any, *, field: str = "out") -> Path:
    """A pandas DataFrame written atomically as CSV (``.csv``) or Parquet (anything else)."""
    if Path(path).suffix.lower() == ".csv":
        return write_atomically(path, lambda tmp: rows.to_csv(tmp, index=False), field=field)
    return write_atomically(path, lambda tmp: rows.to_parquet(tmp, index=False), field=field)


def _problem(exc: OSError, path: Path, field: str) -> EnvironmentProblem:
    return EnvironmentProblem(f"cannot write: {os_cause(exc)}", file=str(path), field=field)
