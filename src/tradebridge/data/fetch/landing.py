"""Fetch a source and land it in the warehouse: the functions behind ``tradebridge fetch``.

Trade data lands through the ingestion pipeline (validated, all or nothing); WDI and distances
become reference tables (``data/reference_tables``). Each fetch is recorded in the manifest's
``fetched`` section (what was asked, the address, the release and the server's validators) so
that ``refresh`` can tell later whether the source has changed. Downloads are kept in the
warehouse's ``downloads/`` folder (or ``folder``), where an interrupted one resumes.

Only one fetch or refresh runs on a warehouse at a time: a second one fails at once rather than
wait (``exclusive``), which makes them safe to start from cron. Each write itself (an ingestion,
a reference table, a ``fetched`` record) also takes the warehouse's writer lock
(``Warehouse.writing``), so a fetch and a plain ``ingest`` never write the manifest together.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tradebridge.data import reference_tables
from tradebridge.data.fetch import baci as baci_source
from tradebridge.data.fetch import comtrade as comtrade_source
from tradebridge.data.fetch import distances as distance_source
from tradebridge.data.fetch import wdi as wdi_source
from tradebridge.data.fetch.http import Http, Progress, RetryPolicy
from tradebridge.data.ingest_plan import IngestReport
from tradebridge.data.warehouse import Warehouse
from tradebridge.errors import BadInput, EnvironmentProblem

FETCHED = "fetched"
DOWNLOADS = "downloads"
LOCK = ".fetch.lock"
Note = Callable[[str], None]


@dataclass
class Landed:
    """What a fetch did: the files it wrote, what it stored, and lines to show."""

    source: str
    release: str | None = None
    files: list[Path] = field(default_factory=list)
    report: IngestReport | None = None
    stored: dict[str, Any] | None = None
    lines: list[str] = field(default_factory=list)


@contextmanager
def exclusive(wh: Warehouse) -> Iterator[None]:
    """Hold the warehouse's fetch lock, or fail at once if another fetch or refresh holds it."""
    wh.path.mkdir(parents=True, exist_ok=True)
    path = wh.path / LOCK
    with open(path, "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            raise EnvironmentProblem(
                f"another fetch or refresh ({holder}) is writing this warehouse; try again later",
                file=str(path),
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}")
        fh.flush()
        try:
            yield
        finally:
            fh.seek(0)
            fh.truncate()
            fcntl.flock(fh, fcntl.LOCK_UN)


def record(wh: Warehouse, key: str, **details: Any) -> None:
    """Record (or replace) how the source ``key`` was fetched, in the manifest (holding the
    warehouse's writer lock)."""
    with wh.writing():
        fetched = wh.section(FETCHED)
        fetched[key] = {**details, "fetched_at": datetime.now(UTC).isoformat(timespec="seconds")}
        wh.write_section(FETCHED, fetched)


def downloads(wh: Warehouse, folder: Path | None) -> Path:
    return Path(folder) if folder is not None else wh.path / DOWNLOADS


def new_http(hint: str, policy: RetryPolicy | None = None) -> Http:
    return Http(hint=hint, policy=policy or RetryPolicy())


def fetch_baci(
    wh: Warehouse,
    revision: str = "HS17",
    release: str = "latest",
    *,
    ingest: bool = False,
    replace: bool = False,
    folder: Path | None = None,
    progress: Progress | None = None,
    note: Note | None = None,
    policy: RetryPolicy | None = None,
) -> Landed:
    """Find ``release`` of ``revision`` on CEPII's page, download it (resuming), check it, and
    with ``ingest`` load it into the warehouse."""
    revision = baci_source.normalise_revision(revision)
    say = note or (lambda _m: None)
    with new_http(baci_source.hint(revision), policy) as http:
        chosen = baci_source.choose(baci_source.available(http), revision, release)
        target = downloads(wh, folder) / chosen.file_name
        if target.exists():
            baci_source.check_zip(target)
            say(f"{target.name} is already downloaded")
            size, etag, modified = target.stat().st_size, None, None
        else:
            say(f"downloading {chosen.file_name}")
            got = baci_source.download(http, chosen, target.parent, progress)
            size, etag, modified = got.size, got.etag, got.last_modified
    landed = Landed(source=f"BACI {revision}", release=chosen.release, files=[target])
    landed.lines.append(f"{target} ({size:,} bytes, BACI {revision} {chosen.release})")
    if ingest:
        from tradebridge.data.baci import ingest_baci

        with exclusive(wh):
            landed.report = ingest_baci(wh, [target], replace=replace, progress=say)
            record(
                wh,
                f"baci {revision}",
                kind="baci",
                revision=revision,
                release=chosen.release,
                url=chosen.url,
                etag=etag,
                last_modified=modified,
                file=str(target),
            )
    return landed


def fetch_comtrade(
    wh: Warehouse,
    reporter: str,
    years: list[int],
    *,
    flows: str = "X,M",
    level: str = "HS6",
    ingest: bool = False,
    replace: bool = False,
    out: Path | None = None,
    note: Note | None = None,
    policy: RetryPolicy | None = None,
    environ: dict[str, str] | None = None,
) -> Landed:
    """Download ``reporter``'s records for ``years`` through the Comtrade API into one CSV in
    the Comtrade Plus layout; with ``ingest`` load it (HS6 only)."""
    query = comtrade_source.ComtradeQuery.of(reporter, years, flows, level)
    if ingest and query.level != "HS6":
        raise BadInput("only HS6 records can be ingested (--level HS6)", field="level")
    key = comtrade_source.subscription_key(environ)
    say = note or (lambda _m: None)
    path = out or downloads(wh, None) / query.file_name()
    with new_http(comtrade_source.hint(query), policy) as http:
        client = comtrade_source.ComtradeClient(http, key)
        released = client.availability(query)
        records = []
        for year in query.years:
            say(f"UN Comtrade: {query.reporter} {year}")
            records.extend(client.records(query, year, say))
    rows = comtrade_source.write_csv(records, path)
    landed = Landed(source=query.key, files=[path])
    landed.lines.append(f"{path} ({rows:,} records, {client.calls} API calls)")
    if ingest:
        from tradebridge.data.comtrade import ingest_comtrade

        with exclusive(wh):
            landed.report = ingest_comtrade(wh, [path], replace=replace, progress=say)
            record(
                wh,
                query.key,
                kind="comtrade",
                query=query.as_dict(),
                released=released,
                file=str(path),
            )
    return landed


def fetch_wdi(
    wh: Warehouse,
    years: tuple[int, int] | None = None,
    *,
    note: Note | None = None,
    policy: RetryPolicy | None = None,
) -> Landed:
    """GDP, population and income groups from the World Bank API into the reference tables."""
    first, last = years or (1995, datetime.now(UTC).year)
    if first > last:
        raise BadInput(f"years {first}-{last} run backwards", field="years")
    say = note or (lambda _m: None)
    say("World Bank API: indicators and income groups")
    with new_http(wdi_source.hint(), policy) as http:
        wdi, groups, release = wdi_source.fetch_tables(http, (first, last))
    with exclusive(wh):
        landed = store_wdi(wh, wdi, groups, release)
        record(wh, "wdi", kind="wdi", years=[first, last], release=release)
    return landed


def store_wdi(wh: Warehouse, wdi: Any, groups: Any, release: str | None) -> Landed:
    """Store WDI tables (fetched, or read from files); the caller holds ``exclusive``."""
    landed = Landed(source=wdi_source.SOURCE, release=release)
    landed.stored = reference_tables.store(
        wh, "wdi", wdi, source=wdi_source.SOURCE, release=release
    )
    landed.lines.append(f"wdi: {len(wdi):,} country-years ({wdi['iso3'].nunique()} countries)")
    if groups is not None:
        reference_tables.store(
            wh, "income_groups", groups, source=wdi_source.SOURCE, release=release
        )
        landed.lines.append(f"income_groups: {len(groups):,} countries")
    return landed


def fetch_distances(
    wh: Warehouse,
    source: str = "geodist",
    measure: str = "dist",
    *,
    folder: Path | None = None,
    progress: Progress | None = None,
    note: Note | None = None,
    policy: RetryPolicy | None = None,
) -> Landed:
    """CEPII GeoDist (or Gravity) distances into the reference table ``distances``."""
    distance_source.check_measure(measure, source)
    say = note or (lambda _m: None)
    say(f"downloading CEPII {source}")
    with new_http(distance_source.hint(source), policy) as http:
        got, release, url = distance_source.download(http, source, downloads(wh, folder), progress)
    with exclusive(wh):
        landed = land_distances(wh, got, source, measure, release, url)
    landed.files.append(got.path)
    return landed


def land_distances(
    wh: Warehouse, got: Any, source: str, measure: str, release: str | None, url: str
) -> Landed:
    """Read a downloaded GeoDist or Gravity file, store it and record where it came from (what
    ``refresh`` compares next time); the caller holds ``exclusive``."""
    reader = distance_source.read_gravity if source == "gravity" else distance_source.read_geodist
    label = f"CEPII {'Gravity' if source == 'gravity' else 'GeoDist'} ({measure})"
    landed = store_distances(wh, reader(got.path, measure), label, release)
    record(
        wh,
        "distances",
        kind="distances",
        source=source,
        measure=measure,
        release=release,
        url=url,
        etag=got.etag,
        last_modified=got.last_modified,
        size=got.size,
    )
    return landed


def store_distances(wh: Warehouse, table: Any, label: str, release: str | None) -> Landed:
    """Store a distance table (fetched, or read from a file); the caller holds ``exclusive``."""
    landed = Landed(source=label, release=release)
    landed.stored = reference_tables.store(wh, "distances", table, source=label, release=release)
    landed.lines.append(
        f"distances: {len(table):,} pairs ({table['iso3_o'].nunique()} origins), {label}"
    )
    return landed
