"""Files a command reads or writes: inputs must be regular files; outputs are checked up front.

``output_path`` refuses, before any work is done, an output that is a folder or a device, whose
folder is missing, or that would overwrite an input or a file inside the warehouse. Writing
itself goes through ``tradebridge.atomic`` (the one atomic writer).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

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
