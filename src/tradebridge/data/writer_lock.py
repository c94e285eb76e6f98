"""One writer at a time per warehouse: an exclusive ``flock`` on ``<warehouse>/.writer.lock``.

A second writer says that it waits, waits up to ``timeout`` seconds, then is refused with an
``EnvironmentProblem``. The operating system releases the lock when its holder exits, however it
exits (even ``kill -9``), so a stale lock file never blocks anyone. The lock file stays empty:
taking the lock changes no byte of the warehouse.

The default wait is ``$TRADEBRIDGE_LOCK_TIMEOUT`` seconds, else 600.
"""

from __future__ import annotations

import errno
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tradebridge.errors import EnvironmentProblem

LOCK_FILE = ".writer.lock"
DEFAULT_TIMEOUT = 600.0
POLL_SECONDS = 0.2


def default_timeout() -> float:
    """``$TRADEBRIDGE_LOCK_TIMEOUT`` (seconds) when set, else 600."""
    raw = os.environ.get("TRADEBRIDGE_LOCK_TIMEOUT")
    try:
        return float(raw) if raw else DEFAULT_TIMEOUT
    except ValueError:
        return DEFAULT_TIMEOUT


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return False
        raise
    return True


@contextmanager
def writer_lock(
    folder: Path,
    *,
    timeout: float | None = None,
    notify: Callable[[str], None] | None = None,
    holder: str = "another ingestion is writing to this warehouse",
) -> Iterator[Path]:
    """Hold the warehouse's writer lock for the ``with`` block; yields the lock file's path.

    ``notify`` receives one message when another writer holds the lock and this one waits;
    after ``timeout`` seconds (``default_timeout()`` when None) an ``EnvironmentProblem`` that
    says what ``holder`` is doing."""
    limit = default_timeout() if timeout is None else timeout
    lock_path = folder / LOCK_FILE
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if not _try_lock(fd):
            if notify is not None:
                notify(f"waiting for the other writer of {folder} to finish (up to {limit:g} s)")
            deadline = time.monotonic() + limit
            while not _try_lock(fd):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise EnvironmentProblem(
                        f"{holder}; gave up after {limit:g} s"
                        " (set $TRADEBRIDGE_LOCK_TIMEOUT to wait longer)",
                        file=str(folder),
                    )
                time.sleep(min(POLL_SECONDS, left))
        yield lock_path
    finally:
        os.close(fd)
