"""The warehouse manifest (``manifest.json``): what it records of each year's partition and
of the files derived from it, read and checked field by field.

A manifest that does not have the expected shape is damaged: reading it raises an
``EnvironmentProblem`` naming it, and nothing is guessed. Checksums are ``sha256:<hex>`` of the
file's bytes (``sha256_of``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tradebridge.errors import EnvironmentProblem

MANIFEST = "manifest.json"
MANIFEST_FORMAT = "tradebridge-warehouse/1"
FLOWS = "flows"
AGGREGATES = "aggregates"
REFERENCES = "references"
"""The manifest section (and folder) of the reference tables (``data/reference_tables``)."""
SYNTHETIC_MARK = "synthetic demo world"


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


def damaged(path: Path, reason: str) -> EnvironmentProblem:
    return EnvironmentProblem(
        f"damaged warehouse manifest: {reason}; restore it from a backup or ingest again into "
        "a new warehouse",
        file=str(path),
    )


def parse_manifest(raw: Any, path: Path) -> dict[int, Partition]:
    """The partitions of a decoded manifest, every field checked for presence and type, and
    every file named inside the warehouse's own folders."""
    if not isinstance(raw, dict) or not isinstance(raw.get("partitions"), dict):
        raise damaged(path, "expected an object with a 'partitions' object")
    if raw.get("format") != MANIFEST_FORMAT:
        raise damaged(path, f"format {raw.get('format')!r}, expected {MANIFEST_FORMAT!r}")
    out: dict[int, Partition] = {}
    for key, entry in raw["partitions"].items():
        if not (key.isascii() and key.isdigit()) or not isinstance(entry, dict):
            raise damaged(path, f"partition {key!r} is not a year with an object")
        missing = [f for f in _FIELD_TYPES if f not in entry]
        if missing:
            raise damaged(path, f"partition {key} lacks {', '.join(missing)}")
        wrong = [
            f
            for f, types in _FIELD_TYPES.items()
            if isinstance(entry[f], bool) or not isinstance(entry[f], types)
        ]
        if wrong:
            raise damaged(path, f"partition {key}: wrong type of {', '.join(wrong)}")
        rel = Path(entry["file"])
        if entry["year"] != int(key) or rel.is_absolute() or ".." in rel.parts:
            raise damaged(path, f"partition {key}: year or file {entry['file']!r} out of place")
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
            raise damaged(path, f"partition {key}: its aggregates are not well formed")
        out[int(key)] = Partition.from_manifest(
            {**{f: entry[f] for f in _FIELD_TYPES}, "aggregates": sums}
        )
    return out


def parse_sections(raw: dict[str, Any], path: Path) -> dict[str, dict[str, Any]]:
    """The manifest's named sections beside the partitions, each an object of objects; the
    entries of ``references`` name files inside the warehouse with a checksum and rows."""
    out: dict[str, dict[str, Any]] = {}
    for name, body in raw.items():
        if name in ("format", "partitions"):
            continue
        if not isinstance(body, dict) or not all(isinstance(e, dict) for e in body.values()):
            raise damaged(path, f"section {name!r} is not an object of objects")
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
                    raise damaged(path, f"reference table {key!r} is not well formed")
        out[name] = body
    return out


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 22), b""):
            digest.update(block)
    return "sha256:" + digest.hexdigest()
