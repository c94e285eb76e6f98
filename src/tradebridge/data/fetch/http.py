"""HTTP for the fetchers: retries with back-off, and downloads that resume and land atomically.

- Answers 429 and 5xx, and connections dropped mid-transfer, are retried (tenacity): the wait is
  the server's ``Retry-After`` when it sends one (seconds or an HTTP date, capped at
  ``max_wait``), else exponential back-off 1, 2, 4 … s; after ``attempts`` tries the last
  problem is reported as an :class:`EnvironmentProblem`.
- A host that cannot be reached at all (no network, a name that does not resolve, a refused
  connection) fails at once, with one line saying what to download by hand and how to load it.
- :meth:`Http.download` writes ``<name>.part`` beside the target and records the URL and the
  server's validators (ETag, Last-Modified) in ``<name>.part.json``. An interrupted download
  (a dropped connection, or a killed process) resumes from the partial file with an HTTP
  ``Range`` request; ``If-Range`` makes the server send the whole file again if it changed
  meanwhile. The size is checked against the server's, then the checksum and ``verify`` (e.g.
  "is a complete zip"), and only then is the file renamed to its final name: a file under its
  final name is always complete.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import tenacity

from tradebridge.atomic import write_text
from tradebridge.errors import EnvironmentProblem

Progress = Callable[[int, int | None], None]
"""Called with (bytes done, bytes in all or None when unknown) as a download proceeds."""

USER_AGENT = "tradebridge (+https://github.com/tradebridge)"


class Unreachable(EnvironmentProblem):
    """The host could not be reached at all: no network, or no such host."""


class Refused(EnvironmentProblem):
    """The server answered with an error status that retrying does not cure (e.g. 401, 404)."""

    def __init__(self, reason: str, *, status: int, file: str | None = None) -> None:
        self.status = status
        super().__init__(reason, file=file)


class _Transient(Exception):
    """A problem worth another try: 429, 5xx, a connection dropped mid-transfer."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: a number of seconds or an HTTP date.

    >>> retry_after_seconds("7")
    7.0
    >>> retry_after_seconds("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480.0)
    10.0
    >>> retry_after_seconds("soon") is None
    True
    """
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when - (time.time() if now is None else now))


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry; ``sleep`` is replaceable so tests never wait."""

    attempts: int = 6
    max_wait: float = 120.0
    sleep: Callable[[float], None] = time.sleep

    def wait(self, state: tenacity.RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, _Transient) and exc.retry_after is not None:
            return min(exc.retry_after, self.max_wait)
        return min(2.0 ** (state.attempt_number - 1), self.max_wait)


@dataclass(frozen=True)
class Download:
    """A completed download: the file, its size and the server's validators."""

    path: Path
    size: int
    etag: str | None
    last_modified: str | None
    resumed_from: int
    sha256: str


def _validators(response: httpx.Response) -> dict[str, str | None]:
    return {
        "etag": response.headers.get("etag"),
        "last_modified": response.headers.get("last-modified"),
    }


@dataclass
class Http:
    """An HTTP client for one source. ``hint`` is what to do by hand when the host cannot be
    reached, e.g. "download BACI_HS17_V202401.zip from <page> and run `tradebridge ingest baci
    FILE`"."""

    hint: str
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    client: httpx.Client | None = None
    timeout: float = 60.0

    def __post_init__(self) -> None:
        if self.client is None:
            self.client = httpx.Client(
                timeout=httpx.Timeout(self.timeout, connect=20.0),
                follow_redirects=True,
                headers={"User-Agent": USER_AGENT},
            )

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Http:
        return self

    def __exit__(self, *_exc: Any) -> None:
        self.close()

    # -- plumbing ----------------------------------------------------------------------

    def _retrying(self) -> tenacity.Retrying:
        return tenacity.Retrying(
            retry=tenacity.retry_if_exception_type(_Transient),
            stop=tenacity.stop_after_attempt(self.policy.attempts),
            wait=self.policy.wait,
            sleep=self.policy.sleep,
            reraise=True,
        )

    def _run(self, url: str, attempt: Callable[[], Any]) -> Any:
        """``attempt()`` under the retry policy, its failures mapped to one-line errors."""
        try:
            return self._retrying()(attempt)
        except _Transient as exc:
            raise EnvironmentProblem(
                f"{url}: {exc} (gave up after {self.policy.attempts} tries; run again later)"
            ) from exc

    def _unreachable(self, url: str, exc: Exception) -> Unreachable:
        host = urlsplit(url).netloc or url
        cause = type(exc).__name__
        return Unreachable(f"cannot reach {host} ({cause}: {exc}); {self.hint}")

    @staticmethod
    def _check(response: httpx.Response, url: str) -> None:
        status = response.status_code
        if status == 429 or status >= 500:
            raise _Transient(
                f"the server answered {status} {response.reason_phrase}",
                retry_after_seconds(response.headers.get("retry-after")),
            )
        if status >= 400:
            raise Refused(
                f"the server answered {status} {response.reason_phrase}", status=status, file=url
            )

    # -- requests ----------------------------------------------------------------------

    def get(
        self,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """GET ``url`` (retried); the response is read whole. Errors: see the module docstring."""

        def attempt() -> httpx.Response:
            try:
                response = self.client.get(url, params=params, headers=headers)
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.UnsupportedProtocol) as exc:
                raise self._unreachable(url, exc) from exc
            except httpx.TransportError as exc:
                raise _Transient(f"{type(exc).__name__}: {exc}") from exc
            self._check(response, url)
            return response

        return self._run(url, attempt)

    def json(self, url: str, **kwargs: Any) -> Any:
        """GET ``url`` and decode its JSON body (an EnvironmentProblem if it is not JSON)."""
        response = self.get(url, **kwargs)
        try:
            return response.json()
        except ValueError as exc:
            raise EnvironmentProblem(
                f"{url}: the answer is not JSON ({str(exc)[:80]})", file=None
            ) from exc

    def head(self, url: str) -> httpx.Response:
        """HEAD ``url`` (retried): for the validators and size without the body."""

        def attempt() -> httpx.Response:
            try:
                response = self.client.head(url)
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.UnsupportedProtocol) as exc:
                raise self._unreachable(url, exc) from exc
            except httpx.TransportError as exc:
                raise _Transient(f"{type(exc).__name__}: {exc}") from exc
            self._check(response, url)
            return response

        return self._run(url, attempt)

    # -- downloads ---------------------------------------------------------------------

    def download(
        self,
        url: str,
        dest: Path,
        *,
        progress: Progress | None = None,
        sha256: str | None = None,
        verify: Callable[[Path], None] | None = None,
    ) -> Download:
        """Download ``url`` to ``dest`` (see the module docstring: resumable, checked, atomic).

        ``sha256`` (hex), when given, must match the file; ``verify(path)`` raises on a file
        that is complete in size but not usable (a damaged zip). On either failure the partial
        file is removed (resuming it could never succeed) and the error raised.
        """
        dest.parent.mkdir(parents=True, exist_ok=True)
        part = dest.with_name(dest.name + ".part")
        state_file = dest.with_name(dest.name + ".part.json")
        state = _read_state(state_file)
        if part.exists() and state.get("url") != url:
            part.unlink()
        resumed_from = part.stat().st_size if part.exists() else 0

        def attempt() -> dict[str, Any]:
            return self._fetch_into(url, part, state_file, progress)

        final = self._run(url, attempt)
        size = part.stat().st_size
        digest = _sha256(part)
        try:
            if sha256 and digest != sha256.lower():
                raise EnvironmentProblem(
                    f"checksum mismatch: expected sha256 {sha256.lower()}, got {digest}; "
                    "the damaged download was removed, run the command again",
                    file=str(dest),
                )
            if verify is not None:
                verify(part)
        except Exception:
            part.unlink(missing_ok=True)
            state_file.unlink(missing_ok=True)
            raise
        os.replace(part, dest)
        state_file.unlink(missing_ok=True)
        return Download(
            path=dest,
            size=size,
            etag=final.get("etag"),
            last_modified=final.get("last_modified"),
            resumed_from=resumed_from,
            sha256=digest,
        )

    def _fetch_into(
        self, url: str, part: Path, state_file: Path, progress: Progress | None
    ) -> dict[str, Any]:
        """One try: ask for the bytes ``part`` lacks and append them; returns the validators.
        Raises ``_Transient`` when the transfer stops short (the next try resumes)."""
        state = _read_state(state_file)
        offset = part.stat().st_size if part.exists() else 0
        headers = {}
        if offset:
            headers["Range"] = f"bytes={offset}-"
            validator = state.get("etag") or state.get("last_modified")
            if validator:
                headers["If-Range"] = validator
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                if response.status_code == 416 and offset:
                    total = _complete_length(response.headers.get("content-range"))
                    if total == offset:  # the partial file already holds everything
                        return state
                    part.unlink()
                    raise _Transient("the partial download does not match the file; restarting")
                self._check(response, url)
                if response.status_code == 206:
                    start = _range_start(response.headers.get("content-range"))
                    if start != offset:
                        part.unlink(missing_ok=True)
                        raise _Transient("the server resumed at the wrong place; restarting")
                    total = _complete_length(response.headers.get("content-range"))
                    mode = "ab"
                else:
                    offset = 0
                    length = response.headers.get("content-length")
                    total = int(length) if length and length.isdigit() else None
                    mode = "wb"
                state = {"url": url, **_validators(response), "size": total}
                if offset == 0 or response.status_code == 200:
                    _write_state(state_file, state)
                done = offset
                with open(part, mode) as fh:
                    for chunk in response.iter_bytes():
                        fh.write(chunk)
                        done += len(chunk)
                        if progress:
                            progress(done, total)
                    fh.flush()
                    os.fsync(fh.fileno())
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.UnsupportedProtocol) as exc:
            raise self._unreachable(url, exc) from exc
        except httpx.TransportError as exc:
            have = part.stat().st_size if part.exists() else 0
            raise _Transient(f"the transfer stopped at {have:,} bytes ({exc})") from exc
        size = part.stat().st_size
        if total is not None and size < total:
            raise _Transient(f"the transfer stopped at {size:,} of {total:,} bytes")
        if total is not None and size > total:
            part.unlink()
            raise _Transient(f"received {size:,} bytes, more than the {total:,} announced")
        return state


def _read_state(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_state(path: Path, state: Mapping[str, Any]) -> None:
    write_text(path, json.dumps(dict(state)), field="download state")


def _range_start(header: str | None) -> int | None:
    """``bytes 100-199/1000`` → 100."""
    try:
        return int(header.split()[1].split("-")[0])
    except (AttributeError, IndexError, ValueError):
        return None


def _complete_length(header: str | None) -> int | None:
    """``bytes 100-199/1000`` or ``bytes */1000`` → 1000 (None when unknown: ``*``)."""
    try:
        total = header.rsplit("/", 1)[1].strip()
    except (AttributeError, IndexError):
        return None
    return int(total) if total.isdigit() else None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()
