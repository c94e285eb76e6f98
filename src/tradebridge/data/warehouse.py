"""The trade-data warehouse: Parquet files of canonical flows, one set per year, and a manifest.

Layout of a warehouse folder::

    manifest.json                      the partitions: the only source of truth
    flows/year=2021/<id>.parquet       canonical flows of one year (one file per ingestion)
    aggregates/<name>/year=2021/<id>.parquet
                                       that year's sums (``data/aggregates``), same commit
    references/<name>/<id>.parquet     reference tables (``data/reference_tables``), listed in
                                       the manifest's ``references`` section

Canonical flow columns: ``year int16, exporter str (ISO3), importer str (ISO3), product str
(HS6), value float64 (US$), quantity float64 (tonnes, null when unknown)``.

A write is atomic: new partition files get fresh names, then ``manifest.json`` is replaced in
one ``os.replace``; only then are the files it no longer lists removed. The commit also stores
the sums of every year it writes, and of any year held without them (a warehouse ingested before
sums were stored). A failed or refused
ingestion therefore leaves the warehouse exactly as it was.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tradebridge.atomic import write_text
from tradebridge.data.completeness import default_year, year_note
from tradebridge.errors import BadInput, EnvironmentProblem, os_problem

MANIFEST = "manifest.json"
MANIFEST_FORMAT = "tradebridge-warehouse/1"
FLOWS = "flows"
AGGREGATES = "aggregates"
REFERENCES = "references"
"""The manifest section (and folder) of the reference tables (``data/reference_tables``)."""
SYNTHETIC_MARK = "synthetic demo world"
MEMO_SIZE = 48
_MEMO: OrderedDict[tuple[Any, ...], Any] = OrderedDict()


@dataclass(frozen=True)
class StoredFile:
    """A file derived from a partition's flows (one of its sums), as recorded in the manifest."""

    file: str
    checksum: str
    rows: int


@dataclass(frozen=True)
class Partition:
    """One year of flows in the warehouse, as recorded in the manifest."""

    year: int
    source: str
    hs_revision: str | None
    release: str | None
    rows: int
    value_usd: float
    checksum: str
    ingested_at: str
    file: str
    aggregates: dict[str, StoredFile] = field(default_factory=dict)
    """The year's stored sums by name (empty in warehouses ingested before they existed)."""

    @classmethod
    def from_manifest(cls, raw: dict[str, Any]) -> Partition:
        sums = {name: StoredFile(**f) for name, f in raw.get("aggregates", {}).items()}
        return cls(**{**raw, "aggregates": sums})

    def listed_files(self) -> set[str]:
        """The flows file and the sums' files, relative to the warehouse folder."""
        return {self.file, *(f.file for f in self.aggregates.values())}

    @property
    def synthetic(self) -> bool:
        return SYNTHETIC_MARK in self.source


@dataclass(frozen=True)
class StagedYear:
    """A year's flows written to a temporary Parquet file, waiting to be committed."""

    year: int
    path: Path
    rows: int
    value_usd: float


_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "year": (int,),
    "source": (str,),
    "hs_revision": (str, type(None)),
    "release": (str, type(None)),
    "rows": (int,),
    "value_usd": (int, float),
    "checksum": (str,),
    "ingested_at": (str,),
    "file": (str,),
}


def _damaged(path: Path, reason: str) -> EnvironmentProblem:
    return EnvironmentProblem(
        f"damaged warehouse manifest: {reason}; restore it from a backup or ingest again into "
        "a new warehouse",
        file=str(path),
    )


def _parse_manifest(raw: Any, path: Path) -> dict[int, Partition]:
    """The partitions of a decoded manifest, every field checked for presence and type, and
    every file named inside the warehouse's own folders."""
    if not isinstance(raw, dict) or not isinstance(raw.get("partitions"), dict):
        raise _damaged(path, "expected an object with a 'partitions' object")
    if raw.get("format") != MANIFEST_FORMAT:
        raise _damaged(path, f"format {raw.get('format')!r}, expected {MANIFEST_FORMAT!r}")
    out: dict[int, Partition] = {}
    for key, entry in raw["partitions"].items():
        if not (key.isascii() and key.isdigit()) or not isinstance(entry, dict):
            raise _damaged(path, f"partition {key!r} is not a year with an object")
        missing = [f for f in _FIELD_TYPES if f not in entry]
        if missing:
            raise _damaged(path, f"partition {key} lacks {', '.join(missing)}")
        wrong = [
            f
            for f, types in _FIELD_TYPES.items()
            if isinstance(entry[f], bool) or not isinstance(entry[f], types)
        ]
        if wrong:
            raise _damaged(path, f"partition {key}: wrong type of {', '.join(wrong)}")
        rel = Path(entry["file"])
        if entry["year"] != int(key) or rel.is_absolute() or ".." in rel.parts:
            raise _damaged(path, f"partition {key}: year or file {entry['file']!r} out of place")
        sums = entry.get("aggregates", {})
        if not isinstance(sums, dict) or not all(
            isinstance(f, dict)
            and isinstance(f.get("file"), str)
            and isinstance(f.get("checksum"), str)
            and type(f.get("rows")) is int
            and ".." not in Path(f["file"]).parts
            and not Path(f["file"]).is_absolute()
            for f in sums.values()
        ):
            raise _damaged(path, f"partition {key}: its aggregates are not well formed")
        out[int(key)] = Partition.from_manifest(
            {**{f: entry[f] for f in _FIELD_TYPES}, "aggregates": sums}
        )
    return out


def _parse_sections(raw: dict[str, Any], path: Path) -> dict[str, dict[str, Any]]:
    """The manifest's named sections beside the partitions, each an object of objects; the
    entries of ``references`` name files inside the warehouse with a checksum and rows."""
    out: dict[str, dict[str, Any]] = {}
    for name, body in raw.items():
        if name in ("format", "partitions"):
            continue
        if not isinstance(body, dict) or not all(isinstance(e, dict) for e in body.values()):
            raise _damaged(path, f"section {name!r} is not an object of objects")
        if name == REFERENCES:
            for key, entry in body.items():
                if not (
                    isinstance(entry.get("file"), str)
                    and isinstance(entry.get("checksum"), str)
                    and type(entry.get("rows")) is int
                    and isinstance(entry.get("source"), str)
                    and not Path(entry["file"]).is_absolute()
                    and ".." not in Path(entry["file"]).parts
                ):
                    raise _damaged(path, f"reference table {key!r} is not well formed")
        out[name] = body
    return out


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 22), b""):
            digest.update(block)
    return "sha256:" + digest.hexdigest()


class Warehouse:
    """A warehouse folder: list, open and atomically replace its yearly partitions."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._connections: dict[str, Any] = {}
        self._tables: dict[tuple[str, str], Any] = {}

    def __repr__(self) -> str:
        return f"Warehouse({str(self.path)!r})"

    @property
    def manifest_path(self) -> Path:
        return self.path / MANIFEST

    def _read_manifest(self) -> tuple[dict[int, Partition], dict[str, dict[str, Any]]]:
        """The manifest's partitions by year and its named sections (both empty for a new
        warehouse), every part checked.

        A manifest that cannot be read or does not have the expected shape is an
        ``EnvironmentProblem`` naming it (the warehouse is damaged; nothing is guessed)."""
        path = self.manifest_path
        if self.path.exists() and not self.path.is_dir():
            raise BadInput(
                "the warehouse must be a folder, and this is a file", file=str(self.path)
            )
        if not path.exists() and not path.is_symlink():
            return {}, {}
        try:
            raw = json.loads(path.read_bytes().decode("utf-8"))
        except OSError as exc:
            raise EnvironmentProblem(
                f"cannot read the warehouse manifest ({os_problem(exc).reason})", file=str(path)
            ) from exc
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            raise _damaged(path, f"not valid UTF-8 JSON ({exc})") from exc
        return _parse_manifest(raw, path), _parse_sections(raw, path)

    def partitions(self) -> dict[int, Partition]:
        """The manifest's partitions by year (empty for a new warehouse); see ``_read_manifest``."""
        return self._read_manifest()[0]

    def section(self, name: str) -> dict[str, Any]:
        """A named section of the manifest beside the partitions (e.g. ``references``: the
        reference tables, ``fetched``: where fetched sources came from); empty when absent."""
        return dict(self._read_manifest()[1].get(name, {}))

    def write_section(self, name: str, value: Mapping[str, Any]) -> None:
        """Replace one named section of the manifest atomically, keeping everything else; the
        caller holds the writer lock (``writing``)."""
        self._write_manifest(self.partitions(), {name: dict(value)})

    def years(self) -> list[int]:
        return sorted(self.partitions())

    def require_years(self, years: Iterable[int]) -> list[int]:
        """The given years, or BadInput naming the years the warehouse holds."""
        have = self.partitions()
        wanted = sorted(set(int(y) for y in years))
        missing = [y for y in wanted if y not in have]
        if missing:
            held = ", ".join(map(str, sorted(have))) or "none (run `tradebridge ingest` first)"
            raise BadInput(
                f"year {', '.join(map(str, missing))} not in the warehouse {self.path}; "
                f"years held: {held}",
                field="year",
            )
        return wanted

    def latest_year(self) -> int:
        years = self.years()
        if not years:
            raise BadInput(f"the warehouse {self.path} is empty; run `tradebridge ingest` first")
        return years[-1]

    def default_year(self) -> int:
        """The year questions without one use: the latest year held, stepping back over trailing
        years that look incomplete (rule in ``data/completeness.py``)."""
        year = default_year(self.partitions())
        if year is None:
            raise BadInput(f"the warehouse {self.path} is empty; run `tradebridge ingest` first")
        return year

    def source(self, years: Iterable[int] | None = None) -> str:
        """The data source label(s) of the given years (all years by default), joined by '; '."""
        parts = self.partitions()
        chosen = parts.values() if years is None else [parts[y] for y in self.require_years(years)]
        labels = sorted({p.source for p in chosen})
        return "; ".join(labels)

    def synthetic(self, years: Iterable[int] | None = None) -> bool:
        """True when any of the given years comes from the synthetic demo world."""
        parts = self.partitions()
        chosen = parts.values() if years is None else [parts[y] for y in years if y in parts]
        return any(p.synthetic for p in chosen)

    def provenance(self, years: Iterable[int] | None = None) -> dict[str, Any]:
        """The ``meta`` every result carries: its data source and whether it is synthetic."""
        years = None if years is None else [y for y in years if y in self.partitions()]
        out: dict[str, Any] = {"source": self.source(years), "synthetic": self.synthetic(years)}
        if out["synthetic"]:
            out["notice"] = "Computed from the synthetic demo world: not real statistics."
        note = year_note(self.partitions(), years if years is not None else self.years())
        if note:
            out["year_note"] = note
        return out

    def memo(self, name: str, years: Iterable[int], params: Any, compute: Callable[[], Any]) -> Any:
        """``compute()`` memoised per process, keyed by this warehouse's folder, the checksums
        of ``years``' partitions, ``name`` and ``params`` (hashable); the last ``MEMO_SIZE``
        results are kept. Re-ingesting a year changes its checksum, so nothing stale is served."""
        parts = self.partitions()
        key = (
            str(self.path.resolve()),
            tuple((y, parts[y].checksum) for y in sorted(years)),
            name,
            params,
        )
        if key in _MEMO:
            _MEMO.move_to_end(key)
            return _MEMO[key]
        value = compute()
        _MEMO[key] = value
        while len(_MEMO) > MEMO_SIZE:
            _MEMO.popitem(last=False)
        return value

    def files(self, years: Iterable[int] | None = None) -> list[Path]:
        parts = self.partitions()
        chosen = sorted(parts) if years is None else self.require_years(years)
        return [self.path / parts[y].file for y in chosen]

    def connection(self, engine: str | None = None) -> Any:
        """The Ibis backend connection for ``engine`` (see ``config.resolve_engine``)."""
        from tradebridge.config import resolve_engine
        from tradebridge.data.engines import connect

        name = resolve_engine(engine)
        if name not in self._connections:
            self._connections[name] = connect(name)
        return self._connections[name]

    def flows(self, engine: str | None = None) -> Any:
        """All flows as an Ibis table on the chosen engine (canonical columns)."""
        files = self.files()
        if not files:
            raise BadInput(f"the warehouse {self.path} is empty; run `tradebridge ingest` first")
        return self.parquet_table(f"flows_{self._checksum_key()}", files, engine)

    def parquet_table(self, name: str, files: list[Path], engine: str | None = None) -> Any:
        """An Ibis table over some of this warehouse's Parquet files on ``engine``, registered
        once per connection as ``name`` (callers put the files' checksums in the name)."""
        from tradebridge.data.engines import read_table

        con = self.connection(engine)
        key = (con.name, name)
        if key not in self._tables:
            self._tables[key] = read_table(con, name, files)
        return self._tables[key]

    def _checksum_key(self) -> str:
        joined = "".join(p.checksum for _, p in sorted(self.partitions().items()))
        return hashlib.sha1(joined.encode()).hexdigest()[:12]

    def summary(self) -> list[dict[str, Any]]:
        """One record per year: rows, value, source and provenance, for ``tradebridge info``."""
        return [
            {
                "year": y,
                "rows": p.rows,
                "value_usd": p.value_usd,
                "source": p.source,
                "hs_revision": p.hs_revision,
                "release": p.release,
                "checksum": p.checksum,
                "ingested_at": p.ingested_at,
                "aggregates": sorted(p.aggregates),
            }
            for y, p in sorted(self.partitions().items())
        ]

    @contextmanager
    def writing(
        self, *, timeout: float | None = None, notify: Callable[[str], None] | None = None
    ) -> Iterator[None]:
        """Be this warehouse's only writer for the ``with`` block.

        Creates the folder if needed, takes the writer lock (``data/writer_lock``: a second
        writer waits, then is refused), removes what interrupted writers left behind, and on the
        way out removes the folder again if this writer created it and stored nothing."""
        from tradebridge.data.integrity import clean_leftovers
        from tradebridge.data.writer_lock import LOCK_FILE, writer_lock

        if self.path.exists() and not self.path.is_dir():
            raise BadInput(
                "the warehouse must be a folder, and this is a file", file=str(self.path)
            )
        created = not self.path.exists()
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise os_problem(exc, self.path) from exc
        try:
            with writer_lock(self.path, timeout=timeout, notify=notify):
                clean_leftovers(self)
                yield
        finally:
            if created and {p.name for p in self.path.iterdir()} <= {LOCK_FILE}:
                shutil.rmtree(self.path, ignore_errors=True)

    def staging_dir(self) -> Path:
        """A fresh temporary folder inside the warehouse (same file system: atomic renames);
        only a writer holding the lock may make one."""
        path = self.path / f".staging-{uuid.uuid4().hex}"
        path.mkdir(parents=True)
        return path

    def conflicts(self, years: Iterable[int], source: str) -> dict[int, str]:
        """Years already held under a different source: {year: their source}."""
        parts = self.partitions()
        return {y: parts[y].source for y in years if y in parts and parts[y].source != source}

    def commit(
        self,
        staged: Iterable[StagedYear],
        *,
        source: str,
        hs_revision: str | None,
        release: str | None,
        replace: bool = False,
    ) -> list[Partition]:
        """Move staged years into place and swap the manifest atomically.

        Re-ingesting the same source replaces its years (idempotent); a year held under another
        source is refused unless ``replace``. On refusal nothing in the warehouse changes.
        """
        staged = list(staged)
        clash = self.conflicts([s.year for s in staged], source)
        if clash and not replace:
            detail = "; ".join(f"{y} from {s!r}" for y, s in sorted(clash.items()))
            raise BadInput(
                f"the warehouse already holds {detail}; "
                f"pass --replace to replace it with {source!r}"
            )
        from tradebridge.data.aggregates import NAMES

        parts = self.partitions()
        years = {s.year for s in staged}
        unsummed = [
            p for y, p in parts.items() if y not in years and set(p.aggregates) != set(NAMES)
        ]
        scratch = self.staging_dir()
        try:
            new = self._move_all_in(staged, unsummed, scratch, source, hs_revision, release)
            listed = set().union(*(p.listed_files() for p in {**parts, **new}.values()))
            self._write_manifest({**parts, **new})
        except BaseException:
            self._remove_unlisted(parts)
            raise
        finally:
            self.discard(scratch)
        for old in parts.values():
            for rel in old.listed_files() - listed:
                (self.path / rel).unlink(missing_ok=True)
        return [new[s.year] for s in sorted(staged, key=lambda s: s.year)]

    def _remove_unlisted(self, parts: Mapping[int, Partition]) -> None:
        """Remove the data files a failed commit moved in (the manifest does not name them)."""
        from tradebridge.data.integrity import DATA_FOLDERS, leftovers

        for path in list(leftovers(self, dict(parts))):
            if path.relative_to(self.path).parts[0] in DATA_FOLDERS:
                path.unlink(missing_ok=True)

    def _move_all_in(
        self,
        staged: list[StagedYear],
        unsummed: list[Partition],
        scratch: Path,
        source: str,
        hs_revision: str | None,
        release: str | None,
    ) -> dict[int, Partition]:
        """Build the sums, move the staged years and all sums into place under fresh names
        (not yet in the manifest); returns the new partitions by year."""
        from tradebridge.data.aggregates import build

        now = datetime.now(UTC).isoformat(timespec="seconds")
        sums = {s.year: build(s.path, scratch / f"new-{s.year}") for s in staged}
        old_sums = {p.year: build(self.path / p.file, scratch / str(p.year)) for p in unsummed}
        new: dict[int, Partition] = {}
        for item in staged:
            rel = Path(FLOWS) / f"year={item.year}" / f"{uuid.uuid4().hex}.parquet"
            checksum = sha256_of(item.path)
            self._move_in(item.path, rel)
            new[item.year] = Partition(
                year=item.year,
                source=source,
                hs_revision=hs_revision,
                release=release,
                rows=item.rows,
                value_usd=item.value_usd,
                checksum=checksum,
                ingested_at=now,
                file=rel.as_posix(),
                aggregates=self._store_sums(item.year, sums[item.year]),
            )
        for old in unsummed:
            new[old.year] = dataclasses.replace(
                old, aggregates=self._store_sums(old.year, old_sums[old.year])
            )
        return new

    def _move_in(self, path: Path, rel: Path) -> None:
        target = self.path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)

    def _store_sums(
        self, year: int, built: Mapping[str, tuple[Path, int]]
    ) -> dict[str, StoredFile]:
        """Move a year's built sums into place under fresh names (not yet in the manifest)."""
        out = {}
        for name, (path, rows) in sorted(built.items()):
            rel = Path(AGGREGATES) / name / f"year={year}" / f"{uuid.uuid4().hex}.parquet"
            checksum = sha256_of(path)
            self._move_in(path, rel)
            out[name] = StoredFile(file=rel.as_posix(), checksum=checksum, rows=rows)
        return out

    def _write_manifest(
        self, parts: Mapping[int, Partition], sections: Mapping[str, Any] | None = None
    ) -> None:
        """Write the manifest: ``parts``, the given ``sections``, and every other section as
        it was."""
        kept = self._read_manifest()[1] if self.manifest_path.exists() else {}
        body = {
            "format": MANIFEST_FORMAT,
            "partitions": {str(y): asdict(p) for y, p in sorted(parts.items())},
            **kept,
            **(sections or {}),
        }
        write_text(self.manifest_path, json.dumps(body, indent=2) + "\n", field="manifest")
        self._connections.clear()
        self._tables.clear()

    @staticmethod
    def discard(staging: Path) -> None:
        shutil.rmtree(staging, ignore_errors=True)
