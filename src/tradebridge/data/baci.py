"""Reader for CEPII BACI releases: a release zip, an unpacked release folder, or yearly CSVs.

Yearly files ``BACI_HS17_Y2021_V202401.csv`` have columns ``t,i,j,k,v,q``: year, exporter
and importer BACI codes, HS6 product, value in thousands of US$, quantity in tonnes.
Mapping to the canonical flows:

- ``value = v × 1000`` (US$); ``quantity`` is null when empty or ``NA`` (spaces allowed);
- ``product`` is ``k`` read as text and left-padded to six digits (chapters 01-09 lose their
  leading zero in BACI);
- country codes go through the release's own country table (either layout); its ISO3 column
  resolves BACI's grouped codes (58 BEL, 251 FRA, 579 NOR, 699 IND, 757 CHE, 842 USA), 490
  "Other Asia, nes" is Taiwan (TWN), and any code without an ISO3 (or not in the table) is kept
  as ``X<code>`` (e.g. ``X697`` for "Europe EFTA, nes") and reported, never dropped.

A folder whose ``Readme.txt`` starts with ``SYNTHETIC DEMO WORLD`` is the demo world: its
source label says so.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from tradebridge.data.ingest import run_ingestion
from tradebridge.data.ingest_plan import (
    IngestReport,
    Progress,
    RawFile,
    SourcePlan,
    iso3_of_code_sql,
)
from tradebridge.data.manifest import SYNTHETIC_MARK
from tradebridge.data.warehouse import Warehouse
from tradebridge.errors import BadInput
from tradebridge.files import regular_input
from tradebridge.reference.countries import baci_iso3

YEAR_FILE = re.compile(r"^BACI_HS(?P<rev>\d{2})_Y(?P<year>\d{4})_V(?P<release>\d+\w*)\.csv$", re.I)
COUNTRY_FILE = re.compile(r"^country_codes_V(?P<release>\d+\w*)\.csv$", re.I)
DEMO_MARK = "SYNTHETIC DEMO WORLD"
COLUMNS = {
    "t": "INTEGER",
    "i": "INTEGER",
    "j": "INTEGER",
    "k": "VARCHAR",
    "v": "DOUBLE",
    "q": "VARCHAR",
}


@dataclass(frozen=True)
class Release:
    """The files of one BACI release found on disk."""

    year_files: dict[int, Path]
    country_table: Path
    hs_revision: str
    release: str
    readme: Path | None


def read_country_table(path: Path) -> dict[int, str]:
    """BACI code → ISO3 from a release's country table, in either column layout
    (``reference.countries.baci_iso3`` maps each row)."""
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise BadInput(f"cannot read the country table ({exc})", file=str(path)) from exc
    iso_col = next((c for c in ("iso_3digit_alpha", "country_iso3") if c in table.columns), None)
    if "country_code" not in table.columns or iso_col is None:
        raise BadInput(
            "not a BACI country table: expected country_code and iso_3digit_alpha or country_iso3",
            file=str(path),
            line=1,
        )
    mapping: dict[int, str] = {}
    for n, (code, iso3) in enumerate(zip(table["country_code"], table[iso_col], strict=True), 2):
        if not code.strip().isdigit():
            raise BadInput(
                f"country code {code!r} is not a number",
                file=str(path),
                line=n,
                field="country_code",
            )
        mapping[int(code)] = baci_iso3(int(code), iso3)
    return mapping


def find_release(paths: Iterable[Path], workdir: Path) -> Release:
    """Locate yearly files, the country table and the readme among zips, folders and CSVs."""
    candidates: list[Path] = []
    for path in paths:
        path = regular_input(Path(path), folder_ok=True)
        if path.is_dir():
            candidates.extend(sorted(p for p in path.iterdir() if p.is_file()))
        elif zipfile.is_zipfile(path):
            candidates.extend(_extract(path, workdir))
        elif YEAR_FILE.match(path.name):
            candidates.append(path)
            candidates.extend(
                sorted(
                    p
                    for p in path.parent.iterdir()
                    if p.is_file()
                    and (COUNTRY_FILE.match(p.name) or p.name.lower() == "readme.txt")
                )
            )
        else:
            raise BadInput(
                "not a BACI release zip, folder or yearly file "
                "(expected e.g. BACI_HS17_Y2021_V202401.csv)",
                file=str(path),
            )
    years: dict[int, Path] = {}
    revisions, releases = set(), set()
    country, readme = None, None
    for p in candidates:
        if m := YEAR_FILE.match(p.name):
            year = int(m["year"])
            if year in years and years[year] != p:
                raise BadInput(
                    f"two files for {year}: {years[year].name} and {p.name}", file=str(p)
                )
            years[year] = p
            revisions.add(f"HS{m['rev']}")
            releases.add(f"V{m['release']}")
        elif COUNTRY_FILE.match(p.name):
            country = country or p
        elif p.name.lower() == "readme.txt":
            readme = readme or p
    if not years:
        raise BadInput(
            "no BACI yearly file (BACI_HS??_Y????_V*.csv) found", file=", ".join(map(str, paths))
        )
    if country is None:
        raise BadInput(
            "no country table country_codes_V*.csv beside the yearly files",
            file=", ".join(map(str, paths)),
        )
    if len(revisions) > 1 or len(releases) > 1:
        raise BadInput(f"files from several releases mixed: {sorted(revisions | releases)}")
    return Release(years, country, revisions.pop(), releases.pop(), readme)


def _extract(archive: Path, workdir: Path) -> list[Path]:
    """Copy the release's members out of ``archive``; a damaged archive or member is
    ``BadInput`` naming it."""
    try:
        return _copy_members(archive, workdir)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError) as exc:
        raise BadInput(f"damaged zip archive ({exc})", file=str(archive)) from exc
    except NotImplementedError as exc:
        raise BadInput(f"unsupported zip archive ({exc})", file=str(archive)) from exc


def _copy_members(archive: Path, workdir: Path) -> list[Path]:
    with zipfile.ZipFile(archive) as zf:
        wanted = [
            n
            for n in zf.namelist()
            if not n.endswith("/")
            and (
                YEAR_FILE.match(Path(n).name)
                or COUNTRY_FILE.match(Path(n).name)
                or Path(n).name.lower() == "readme.txt"
            )
        ]
        out = []
        for name in wanted:
            target = workdir / Path(name).name
            try:
                with zf.open(name) as src, open(target, "wb") as dst:
                    while block := src.read(1 << 22):
                        dst.write(block)
            except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
                raise BadInput(f"damaged zip member {name} ({exc})", file=str(archive)) from exc
            out.append(target)
    return out


def demo_label(readme: Path | None) -> str | None:
    """``synthetic demo world, seed N`` when the readme marks the release as the demo world."""
    if readme is None:
        return None
    text = readme.read_text(encoding="utf-8", errors="replace")
    if not text.upper().startswith(DEMO_MARK):
        return None
    seed = re.search(r"^seed:\s*(\S+)", text, re.M)
    return f"{SYNTHETIC_MARK}, seed {seed[1] if seed else '?'}"


def _projection(year: int, codes: dict[int, str]) -> str:
    """SQL turning a year's typed BACI columns into canonical flows with a status and reason."""
    return f"""
        t AS year,
        {iso3_of_code_sql("i", codes)} AS exporter,
        {iso3_of_code_sql("j", codes)} AS importer,
        CASE WHEN length(k) = 6 THEN k ELSE lpad(k, 6, '0') END AS product,
        v * 1000 AS value,
        TRY_CAST(q AS DOUBLE) AS quantity,
        CASE
            WHEN t IS NULL THEN 't'
            WHEN t <> {year} THEN 't'
            WHEN i IS NULL THEN 'i'
            WHEN j IS NULL THEN 'j'
            WHEN i = j THEN 'j'
            WHEN k IS NULL OR NOT regexp_full_match(k, '[0-9]{{1,6}}') THEN 'k'
            WHEN v IS NULL OR NOT isfinite(v) OR v < 0 THEN 'v'
            WHEN q IS NOT NULL AND (quantity IS NULL OR NOT isfinite(quantity) OR quantity < 0)
                 AND trim(q) NOT IN ('', 'NA') THEN 'q'
        END AS field,
        CASE field
            WHEN 't' THEN CASE WHEN t IS NULL THEN 'missing year'
                               ELSE 'year ' || t || ' in the file of {year}' END
            WHEN 'i' THEN 'missing exporter code'
            WHEN 'j' THEN CASE WHEN j IS NULL THEN 'missing importer code'
                               ELSE 'importer ' || j || ' is the exporter: a country''s trade'
                                    || ' with itself is not a flow' END
            WHEN 'k' THEN 'product code must be 1 to 6 digits, got '
                          || coalesce('''' || k || '''', 'nothing')
            WHEN 'v' THEN CASE WHEN v IS NULL THEN 'missing value'
                               ELSE 'value must be a finite number >= 0, got ' || v END
            WHEN 'q' THEN 'quantity must be a number >= 0, empty or NA, got ''' || q || ''''
        END AS reason,
        CASE WHEN field IS NULL THEN 'ok' ELSE 'rejected' END AS status
    """


def plan(release: Release) -> SourcePlan:
    """The ingestion plan for a located release."""
    codes = read_country_table(release.country_table)
    demo = demo_label(release.readme)
    base = f"BACI {release.hs_revision} {release.release}"
    source = f"{demo} ({base} layout; not real statistics)" if demo else base
    files = [
        RawFile(
            path=path, label=str(path.name), columns=COLUMNS, projection=_projection(year, codes)
        )
        for year, path in sorted(release.year_files.items())
    ]
    return SourcePlan(
        source=source, hs_revision=release.hs_revision, release=release.release, files=files
    )


def ingest_baci(
    warehouse: Warehouse,
    paths: Iterable[str | Path],
    *,
    skip_invalid: bool = False,
    rejects: Path | None = None,
    replace: bool = False,
    progress: Progress | None = None,
    lock_timeout: float | None = None,
) -> IngestReport:
    """Ingest a BACI release (zip, folder, or yearly CSVs with the code files beside them);
    a zip is extracted inside the warehouse's staging folder."""
    given = [Path(p) for p in paths]
    return run_ingestion(
        warehouse,
        lambda scratch: plan(find_release(given, scratch)),
        inputs=given,
        skip_invalid=skip_invalid,
        rejects=rejects,
        replace=replace,
        progress=progress,
        lock_timeout=lock_timeout,
    )
