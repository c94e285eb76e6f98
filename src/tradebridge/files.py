"""Files a command reads or writes: inputs must be regular files, outputs are written atomically.

``write_atomically`` is the one way to write an output file: into a temporary file beside it,
flushed to disk, then renamed over it; on any failure (a full disk, Ctrl-C) the temporary file
is removed and the old file is untouched. ``output_path`` refuses, before any work is done, an
output that is a folder or a device, whose folder is missing, or that would overwrite an input
or a file inside the warehouse.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

from tradebridge.errors import BadInput, os_problem


def regular_input(path: Path, *, folder_ok: bool = False) -> Path:
    """``path`` if it is a regular file (or a folder, when ``folder_ok``); else ``BadInput``.

    A FIFO or a device is refused before anything opens it (opening one can wait forever)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise os_problem(exc, path) from exc
    if stat.S_ISREG(mode) or (folder_ok and stat.S_ISDIR(mode)):
        return path
    kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file (a pipe, socket or device)"
    raise BadInput(f"{kind}; expected a file", file=str(path))


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def output_path(
    path: Path, *, option: str, inputs: Iterable[Path] = (), warehouse: Path | None = None
) -> Path:
    """``path`` checked as an output file for ``option``: not a folder or a device, in an
    existing folder, not one of ``inputs`` and not inside ``warehouse``."""
    target = Path(path).resolve()
    if target.is_dir():
        raise BadInput(f"{option} is a folder; give a file name", file=str(path))
    if target.exists() and not target.is_file():
        raise BadInput(f"{option} is not a regular file (a pipe or device)", file=str(path))
    if not target.parent.is_dir():
        raise BadInput(f"{option}: the folder {target.parent} does not exist", file=str(path))
    for given in inputs:
        if Path(given).resolve() == target:
            raise BadInput(f"{option} would overwrite an input file", file=str(path))
    if warehouse is not None and _inside(target, Path(warehouse).resolve()):
        raise BadInput(f"{option} must not be inside the warehouse {warehouse}", file=str(path))
    return path


def write_atomically(path: Path, write: Callable[[IO[str]], object]) -> None:
    """Write text through ``write(fh)`` into a temporary file beside ``path``, then rename it
    into place; nothing half-written is ever left, whatever interrupts it."""
    path = Path(path)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise os_problem(exc, path) from exc
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
