"""``tradebridge refresh``: check every source the warehouse holds for a newer release, and land
what changed.

- BACI: every HS revision held (from the partitions, fetched or ingested by hand; the synthetic
  demo world is skipped) against the newest release CEPII's page offers for it. A newer one is
  downloaded and ingested, replacing the older release's years.
- UN Comtrade (fetched queries): the API's release records (``getDa``) for the reporter and
  years against those recorded at the fetch; any change re-fetches the query.
- WDI: the indicators' ``lastupdated`` date against the stored release.
- Distances: GeoDist's ETag / Last-Modified / size (a HEAD request) or Gravity's release list
  against those recorded.

Everything runs under the warehouse's fetch lock (a second refresh fails at once), and each
source lands atomically, so a refresh can be started from cron. A source that cannot be checked
(no network, no Comtrade key) is reported and the others are still checked; the command then
exits 1. Nothing changed: the answer says "up to date".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tradebridge.data import reference_tables
from tradebridge.data.fetch import baci as baci_source
from tradebridge.data.fetch import comtrade as comtrade_source
from tradebridge.data.fetch import distances as distance_source
from tradebridge.data.fetch import wdi as wdi_source
from tradebridge.data.fetch.http import Progress, RetryPolicy
from tradebridge.data.fetch.landing import (
    FETCHED,
    Note,
    downloads,
    exclusive,
    land_distances,
    new_http,
    record,
    store_wdi,
)
from tradebridge.data.warehouse import Warehouse
from tradebridge.errors import TradebridgeError


@dataclass
class Refreshed:
    """One line per source checked, and whether anything changed."""

    lines: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    """Sources that could not be checked or landed (one line each); the others still were."""

    @property
    def up_to_date(self) -> bool:
        return not self.changed and not self.failed


def baci_revisions(wh: Warehouse) -> dict[str, str]:
    """{HS revision: newest release held} of the real BACI partitions."""
    held: dict[str, str] = {}
    for part in wh.partitions().values():
        if part.synthetic or not part.source.startswith("BACI ") or not part.release:
            continue
        rev = part.hs_revision or part.source.split()[1]
        if rev not in held or baci_source.release_key(part.release) > baci_source.release_key(
            held[rev]
        ):
            held[rev] = part.release
    return held


def refresh(
    wh: Warehouse,
    *,
    check_only: bool = False,
    progress: Progress | None = None,
    note: Note | None = None,
    policy: RetryPolicy | None = None,
    environ: dict[str, str] | None = None,
) -> Refreshed:
    """Check every source and land the newer ones (``check_only``: report, change nothing)."""
    out = Refreshed()
    say = note or (lambda _m: None)
    with exclusive(wh):
        checks: list[tuple[str, Callable[[], None]]] = [
            ("BACI", lambda: _baci(wh, out, check_only, progress, say, policy))
        ]
        fetched = wh.section(FETCHED)
        for key, entry in sorted(fetched.items()):
            if entry.get("kind") == "comtrade":
                checks.append(
                    (
                        key,
                        lambda key=key, entry=entry: _comtrade(
                            wh, key, entry, out, check_only, say, policy, environ
                        ),
                    )
                )
        if "wdi" in reference_tables.entries(wh):
            entry = fetched.get("wdi", {})
            checks.append(("WDI", lambda: _wdi(wh, entry, out, check_only, say, policy)))
        if "distances" in fetched:
            entry = fetched["distances"]
            checks.append(
                (
                    "distances",
                    lambda: _distances(wh, entry, out, check_only, progress, say, policy),
                )
            )
        for name, check in checks:
            try:
                check()
            except TradebridgeError as exc:
                out.failed.append(f"{name}: {exc}")
    if not out.lines and not out.failed:
        out.lines.append("nothing to refresh: the warehouse holds no fetched or BACI source")
    return out


def _baci(wh, out, check_only, progress, say, policy) -> None:
    held = baci_revisions(wh)
    if not held:
        return
    with new_http(baci_source.hint(next(iter(held))), policy) as http:
        offered = baci_source.available(http)
        for rev, release in sorted(held.items()):
            try:
                newest = baci_source.choose(offered, rev, "latest")
            except ValueError:
                out.lines.append(f"BACI {rev}: no longer offered on CEPII's page; kept {release}")
                continue
            if baci_source.release_key(newest.release) <= baci_source.release_key(release):
                out.lines.append(f"BACI {rev}: up to date ({release})")
                continue
            out.changed.append(f"BACI {rev}")
            if check_only:
                out.lines.append(f"BACI {rev}: {newest.release} is out (held: {release})")
                continue
            say(f"downloading {newest.file_name}")
            got = baci_source.download(http, newest, downloads(wh, None), progress)
            from tradebridge.data.baci import ingest_baci

            ingest_baci(wh, [got.path], replace=True, progress=say)
            record(
                wh,
                f"baci {rev}",
                kind="baci",
                revision=rev,
                release=newest.release,
                url=newest.url,
                etag=got.etag,
                last_modified=got.last_modified,
                file=str(got.path),
            )
            old = downloads(wh, None) / f"BACI_{rev}_{release}.zip"
            old.unlink(missing_ok=True)
            out.lines.append(f"BACI {rev}: {release} → {newest.release} (ingested)")


def _comtrade(wh, key, entry, out, check_only, say, policy, environ) -> None:
    q = entry["query"]
    query = comtrade_source.ComtradeQuery.of(q["reporter"], q["years"], q["flows"], q["level"])
    api_key = comtrade_source.subscription_key(environ)
    with new_http(comtrade_source.hint(query), policy) as http:
        client = comtrade_source.ComtradeClient(http, api_key)
        released = client.availability(query)
        if released == entry.get("released"):
            out.lines.append(f"{key}: up to date")
            return
        out.changed.append(key)
        changed = sorted(y for y in released if released[y] != entry.get("released", {}).get(y))
        if check_only:
            out.lines.append(f"{key}: new release for {', '.join(changed)}")
            return
        records = []
        for year in query.years:
            say(f"UN Comtrade: {query.reporter} {year}")
            records.extend(client.records(query, year, say))
    path = downloads(wh, None) / query.file_name()
    comtrade_source.write_csv(records, path)
    from tradebridge.data.comtrade import ingest_comtrade

    ingest_comtrade(wh, [path], replace=True, progress=say)
    record(wh, key, kind="comtrade", query=query.as_dict(), released=released, file=str(path))
    out.lines.append(f"{key}: new release for {', '.join(changed)} (ingested)")


def _wdi(wh, entry, out, check_only, say, policy) -> None:
    held = reference_tables.entries(wh)["wdi"].get("release")
    with new_http(wdi_source.hint(), policy) as http:
        current = wdi_source.last_updated(http)
        if current is None or current == held:
            out.lines.append(f"WDI: up to date ({held or 'release unknown'})")
            return
        out.changed.append("WDI")
        if check_only:
            out.lines.append(f"WDI: {current} is out (held: {held})")
            return
        first, last = entry.get("years") or (1995, int(current[:4]))
        say("World Bank API: indicators and income groups")
        wdi, groups, release = wdi_source.fetch_tables(http, (int(first), int(last)))
    store_wdi(wh, wdi, groups, release)
    record(wh, "wdi", kind="wdi", years=[int(first), int(last)], release=release)
    out.lines.append(f"WDI: {held} → {release} (stored)")


def _distances(wh, entry, out, check_only, progress, say, policy) -> None:
    source = entry.get("source", "geodist")
    with new_http(distance_source.hint(source), policy) as http:
        if source == "gravity":
            current, _url = distance_source.latest_gravity(http)
            same = current == entry.get("release")
        else:
            head = http.head(entry["url"])
            now = {
                "etag": head.headers.get("etag"),
                "last_modified": head.headers.get("last-modified"),
                "size": int(head.headers.get("content-length") or -1),
            }
            was = {k: entry.get(k) for k in ("etag", "last_modified", "size")}
            known = [k for k in now if now[k] not in (None, -1) and was[k] is not None]
            same = all(now[k] == was[k] for k in known)
            current = now["etag"] or now["last_modified"]
        if same:
            out.lines.append(f"distances ({source}): up to date")
            return
        out.changed.append("distances")
        if check_only:
            out.lines.append(f"distances ({source}): changed on the server")
            return
        folder = downloads(wh, None)
        got, release, url = distance_source.download(http, source, folder, progress)
    land_distances(wh, got, source, entry.get("measure", "dist"), release, url)
    out.lines.append(f"distances ({source}): changed on the server ({current}); stored")
