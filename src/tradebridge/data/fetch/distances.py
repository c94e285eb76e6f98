"""CEPII bilateral distances (GeoDist or Gravity), stored as the warehouse reference table
``distances`` (``iso3_o, iso3_d, km``).

- GeoDist: ``dist_cepii.zip`` holds the dyadic table (``dist_cepii.xls``, or ``.dta``) with
  ``iso_o, iso_d`` and the distances ``dist`` (between the most populated cities, km),
  ``distcap`` (capitals), ``distw`` and ``distwces`` (population-weighted). GeoDist still uses
  a few retired ISO3 codes; they are renamed (ROM → ROU, ZAR → COD, TMP → TLS, PAL → PSE).
- Gravity: CEPII's Gravity page links ``Gravity_csv_V<release>.zip`` holding
  ``Gravity_V<release>.csv`` (one row per year, origin and destination: ``iso3_o, iso3_d,
  dist, distcap, distw_harmonic, distw_arithmetic …``); each pair keeps its latest year with a
  distance.

``measure`` picks the column (``dist`` by default). Files downloaded by hand load the same way
(``tradebridge ingest distances FILE``).
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import duckdb
import pandas as pd

from tradebridge.data.distances import distance_table
from tradebridge.data.fetch.endpoints import GEODIST_URL, GRAVITY_PAGE
from tradebridge.data.fetch.http import Download, Http, Progress
from tradebridge.errors import BadInput, EnvironmentProblem

SOURCES = ("geodist", "gravity")
MEASURES = ("dist", "distcap", "distw", "distwces", "distw_harmonic", "distw_arithmetic")
RETIRED_CODES = {"ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "PAL": "PSE"}
GRAVITY_ZIP = re.compile(r"Gravity_csv_V(?P<rel>\d{6})\.zip$", re.I)
GRAVITY_CSV = re.compile(r"Gravity_V\d+\.csv$", re.I)


def hint(source: str = "geodist") -> str:
    where = GEODIST_URL.url() if source == "geodist" else GRAVITY_PAGE.url()
    what = "dist_cepii.zip" if source == "geodist" else "Gravity_csv_V<release>.zip"
    return (
        f"download {what} by hand from {where} and load it with "
        f"`tradebridge ingest distances {what}`"
    )


def check_measure(measure: str, source: str) -> str:
    if source not in SOURCES:
        raise BadInput(
            f"unknown distance source {source!r}; valid: geodist, gravity", field="source"
        )
    if measure not in MEASURES:
        raise BadInput(
            f"unknown measure {measure!r}; valid: {', '.join(MEASURES)}", field="measure"
        )
    return measure


def _rename_retired(table: pd.DataFrame) -> pd.DataFrame:
    table = table.replace({"iso3_o": RETIRED_CODES, "iso3_d": RETIRED_CODES})
    return table.drop_duplicates(["iso3_o", "iso3_d"], keep="first").reset_index(drop=True)


def _read_frame(path: Path, name: str) -> pd.DataFrame:
    suffix = Path(name).suffix.lower()
    try:
        if suffix == ".dta":
            return pd.read_stata(path).astype(str)
        if suffix in (".xls", ".xlsx"):
            return pd.read_excel(path, dtype=str, engine="calamine")
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise BadInput(f"cannot read the distance table ({exc})", file=name) from exc


def read_geodist(path: Path, measure: str = "dist") -> pd.DataFrame:
    """``iso3_o, iso3_d, km`` from ``dist_cepii.zip`` or the table it holds (.xls, .dta, .csv)."""
    path = Path(path)
    if not path.exists():
        raise BadInput("no such file", file=str(path))
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive, tempfile.TemporaryDirectory() as tmp:
            names = archive.namelist()
            order = (".dta", ".csv", ".xls", ".xlsx")
            members = sorted(
                (n for n in names if Path(n).suffix.lower() in order and "dist" in n.lower()),
                key=lambda n: order.index(Path(n).suffix.lower()),
            )
            if not members:
                raise BadInput(
                    f"no distance table in the zip (found {', '.join(names)})", file=str(path)
                )
            target = Path(archive.extract(members[0], tmp))
            raw = _read_frame(target, f"{path.name}:{members[0]}")
            return _rename_retired(distance_table(raw, f"{path.name}:{members[0]}", measure))
    raw = _read_frame(path, str(path))
    return _rename_retired(distance_table(raw, str(path), measure))


def read_gravity(path: Path, measure: str = "dist") -> pd.DataFrame:
    """``iso3_o, iso3_d, km`` from a Gravity zip or CSV: each pair's latest year with a value."""
    path = Path(path)
    if not path.exists():
        raise BadInput("no such file", file=str(path))
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = path
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                members = [n for n in archive.namelist() if GRAVITY_CSV.search(n)]
                if not members:
                    raise BadInput("no Gravity_V….csv in the zip", file=str(path))
                csv_path = Path(archive.extract(members[0], tmp))
        con = duckdb.connect()
        try:
            header = con.execute(
                "SELECT * FROM read_csv(?, header=true, all_varchar=true) LIMIT 0", [str(csv_path)]
            ).fetchdf()
            needed = {"year", "iso3_o", "iso3_d", measure}
            missing = sorted(needed - set(header.columns))
            if missing:
                raise BadInput(
                    f"the Gravity file lacks column(s) {', '.join(missing)}", file=str(path), line=1
                )
            raw = con.execute(
                f"""
                SELECT iso3_o, iso3_d,
                       arg_max("{measure}", TRY_CAST(year AS INTEGER)) AS km
                FROM read_csv(?, header=true, all_varchar=true)
                WHERE nullif(trim("{measure}"), '') IS NOT NULL
                  AND nullif(trim(iso3_o), '') IS NOT NULL AND nullif(trim(iso3_d), '') IS NOT NULL
                GROUP BY iso3_o, iso3_d ORDER BY iso3_o, iso3_d
                """,
                [str(csv_path)],
            ).fetchdf()
        except duckdb.Error as exc:
            raise BadInput(f"cannot read the Gravity file ({exc})", file=str(path)) from exc
        finally:
            con.close()
    return distance_table(raw, str(path), "km")


def read_any(path: Path, measure: str = "dist") -> tuple[pd.DataFrame, str]:
    """A distance file downloaded by hand: Gravity (by its name) or GeoDist; and its label."""
    name = Path(path).name
    if name.lower().startswith("gravity"):
        return read_gravity(path, measure), f"CEPII Gravity ({name}, {measure})"
    return read_geodist(path, measure), f"CEPII GeoDist ({name}, {measure})"


class _Hrefs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if href:
            self.hrefs.append(href.strip())


def gravity_releases(html: str, page_url: str) -> dict[str, str]:
    """{release: zip address} of the Gravity zips a page links, e.g. {'V202211': …}."""
    parser = _Hrefs()
    parser.feed(html)
    out = {}
    for href in parser.hrefs + re.findall(r"https?://[^\s\"'<>]+\.zip", html):
        url = urljoin(page_url, href)
        m = GRAVITY_ZIP.search(Path(urlsplit(url).path).name)
        if m:
            out.setdefault(f"V{m['rel']}", url)
    return dict(sorted(out.items()))


def latest_gravity(http: Http) -> tuple[str, str]:
    page = GRAVITY_PAGE.url()
    response = http.get(page)
    releases = gravity_releases(response.text, str(response.url))
    if not releases:
        raise EnvironmentProblem(
            "no Gravity_csv zip found on CEPII's Gravity page; " + hint("gravity"), file=page
        )
    release = max(releases)
    return release, releases[release]


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            if archive.testzip() is not None:
                raise zipfile.BadZipFile("a member is damaged")
    except (zipfile.BadZipFile, OSError) as exc:
        raise EnvironmentProblem(
            f"the download is not a complete zip ({exc}); it was removed, run the command again",
            file=path.name.removesuffix(".part"),
        ) from exc


def download(
    http: Http, source: str, folder: Path, progress: Progress | None = None
) -> tuple[Download, str | None, str]:
    """Download GeoDist's zip or the latest Gravity zip; returns it, the release (Gravity's,
    None for GeoDist) and the address."""
    if source == "gravity":
        release, url = latest_gravity(http)
    else:
        release, url = None, GEODIST_URL.url()
    name = Path(urlsplit(url).path).name or "distances.zip"
    got = http.download(url, folder / name, progress=progress, verify=_check_zip)
    return got, release, url
