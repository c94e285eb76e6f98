"""Is the warehouse whole? Every file the manifest lists checked, and leftovers found or removed.

``check`` verifies each listed file (each year's flows and sums, and the reference tables):
present, a regular file, the checksum the manifest
recorded, and (for Parquet) readable with the recorded row count. It also lists what an
interrupted ingestion may leave behind: staging folders, temporary manifests and Parquet files
no manifest entry names. Leftovers do no harm (nothing reads them) and the next writer removes
them (``clean_leftovers``, called under the writer lock).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tradebridge.errors import TradebridgeError

if TYPE_CHECKING:
    from tradebridge.data.manifest import Partition
    from tradebridge.data.warehouse import Warehouse

DATA_FOLDERS = ("flows", "aggregates")


@dataclass(frozen=True)
class Finding:
    """One thing wrong in a warehouse. ``damage`` is true when data a command reads is missing
    or altered; false for harmless leftovers."""

    path: str
    problem: str
    damage: bool


@dataclass(frozen=True)
class ListedFile:
    """A file the manifest names, with what the manifest recorded of it."""

    owner: str
    """What the file holds: its year, or ``reference table <name>``."""
    file: str
    checksum: str
    rows: int


def listed_files(parts: dict[int, Partition]) -> list[ListedFile]:
    """Every file the partitions name: each year's flows file and its stored sums."""
    out = []
    for year, part in sorted(parts.items()):
        out.append(ListedFile(str(year), part.file, part.checksum, part.rows))
        for _, stored in sorted(part.aggregates.items()):
            out.append(ListedFile(str(year), stored.file, stored.checksum, stored.rows))
    return out


def reference_files(wh: Warehouse) -> list[ListedFile]:
    """The files of the manifest's reference tables (``data/reference_tables``)."""
    from tradebridge.data.manifest import REFERENCES

    return [
        ListedFile(f"reference table {name}", e["file"], e["checksum"], e["rows"])
        for name, e in sorted(wh.section(REFERENCES).items())
    ]


def _parquet_rows(path: Path) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(path).metadata.num_rows


def _check_file(root: Path, item: ListedFile) -> str | None:
    from tradebridge.data.manifest import sha256_of

    path = root / item.file
    if not path.exists():
        return "missing (listed in the manifest)"
    if not path.is_file():
        return "not a regular file"
    try:
        if sha256_of(path) != item.checksum:
            return f"checksum differs from the manifest's ({path.stat().st_size:,} bytes now)"
        rows = _parquet_rows(path)
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    except Exception as exc:  # pyarrow's errors for a file that is not Parquet
        return f"not a readable Parquet file ({exc})"
    if rows != item.rows:
        return f"holds {rows:,} rows, the manifest says {item.rows:,}"
    return None


def leftovers(wh: Warehouse, parts: dict[int, Partition]) -> Iterator[Path]:
    """Staging folders, temporary manifests and data files the manifest does not name."""
    if not wh.path.is_dir():
        return
    for entry in sorted(wh.path.iterdir()):
        if entry.name.startswith(".staging-") or (
            entry.name.startswith(".manifest.json.") and entry.name.endswith(".tmp")
        ):
            yield entry
    named = {Path(item.file) for item in listed_files(parts)}
    for folder in DATA_FOLDERS:
        base = wh.path / folder
        if base.is_dir():
            for path in sorted(base.rglob("*")):
                if not path.is_dir() and path.relative_to(wh.path) not in named:
                    yield path


def check(wh: Warehouse) -> list[Finding]:
    """Everything wrong with the warehouse: damaged or missing files first, then leftovers."""
    try:
        parts = wh.partitions()
        references = reference_files(wh)
    except TradebridgeError as exc:
        return [Finding(str(wh.manifest_path), exc.reason, True)]
    found = []
    for item in [*listed_files(parts), *references]:
        problem = _check_file(wh.path, item)
        if problem:
            found.append(Finding(str(wh.path / item.file), f"{item.owner}: {problem}", True))
    for path in leftovers(wh, parts):
        found.append(
            Finding(
                str(path),
                "left over by an interrupted ingestion (the next removes it) or in use by one",
                False,
            )
        )
    return found


def clean_leftovers(wh: Warehouse) -> list[Path]:
    """Remove what interrupted writers left behind; only call it holding the writer lock.

    Nothing is removed unless the manifest reads cleanly, since a file the manifest does not
    name is only a leftover when the manifest is whole."""
    parts = wh.partitions()
    removed = []
    for path in list(leftovers(wh, parts)):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path)
    for folder in DATA_FOLDERS:
        base = wh.path / folder
        if base.is_dir():
            for sub in sorted(base.rglob("*"), reverse=True):
                if sub.is_dir() and not any(sub.iterdir()):
                    sub.rmdir()
    return removed
