"""The app's secret key, which signs session cookies and CSRF tokens: ``TRADEBRIDGE_SECRET_KEY``
when set (several servers sharing one database must share it), else the file ``secret_key`` in
the tradebridge home, created once with mode 0600 and read afterwards.

>>> import pathlib, tempfile
>>> home = pathlib.Path(tempfile.mkdtemp())
>>> key = secret_key(None, home)
>>> len(key), secret_key(None, home) == key, oct((home / "secret_key").stat().st_mode & 0o777)
(64, True, '0o600')
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from tradebridge.errors import EnvironmentProblem, os_problem

FILE = "secret_key"
MIN_LENGTH = 32


def secret_key(configured: str | None, home: Path) -> str:
    """The configured key, else the home's key file (made on first use)."""
    if configured:
        if len(configured) < MIN_LENGTH:
            raise EnvironmentProblem(
                f"too short: at least {MIN_LENGTH} characters", field="TRADEBRIDGE_SECRET_KEY"
            )
        return configured
    path = Path(home) / FILE
    try:
        if not path.exists():
            _create(path)
        key = path.read_text(encoding="ascii").strip()
    except OSError as exc:
        raise os_problem(exc, path) from exc
    if len(key) < MIN_LENGTH:
        raise EnvironmentProblem("the key file is damaged (too short); remove it", file=str(path))
    return key


def _create(path: Path) -> None:
    """Write a new key beside ``path`` and link it into place unless another process was first
    (a reader never sees a half-written key)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{FILE}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(secrets.token_hex(32) + "\n")
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
    finally:
        temporary.unlink(missing_ok=True)
