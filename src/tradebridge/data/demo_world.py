"""The demo world: a synthetic trade release in CEPII BACI's exact layout.

SYNTHETIC DEMO WORLD - not real statistics. The countries are BACI's real country table and the
products real HS 2017 six-digit codes, but every flow is drawn from the small model of
``data/demo_model.py``; it is not tuned to look like any real statistic. See
``docs/demo_world.md``. This module writes the release: one CSV per year, the code files, the
Readme, optionally zipped.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import csv

from tradebridge.data.demo_model import (
    build_world,
    country_table,
    flows_of_year,
    product_table,
    random_stream,
    scale_spec,
)
from tradebridge.errors import BadInput

RELEASE = "V202401"
HS = "HS17"
RELEASE_DIR = f"BACI_{HS}_{RELEASE}"
MARKER = "SYNTHETIC DEMO WORLD - not real statistics"


def readme_text(seed: int, scale: str, years: Sequence[int]) -> str:
    """The release's Readme: the marker line, ``key: value`` lines, then the model in words."""
    span = (
        f"{years[0]}-{years[-1]}"
        if list(years) == list(range(years[0], years[-1] + 1))
        else (",".join(map(str, years)))
    )
    return "\n".join(
        [
            MARKER,
            f"seed: {seed}",
            f"scale: {scale}",
            f"years: {span}",
            f"release: {RELEASE}",
            f"nomenclature: {HS}",
            "source: synthetic demo world, not real statistics",
            "",
            "This folder imitates the layout of a CEPII BACI release so that the same reader can",
            "ingest it. The country and product tables are real (BACI's tables); every trade flow",
            "is drawn at random from a gravity model with latent capabilities, written by",
            "tradebridge's demo-world generator. It is not tuned to look like real statistics and",
            "must never be cited as data about any country.",
            "",
            "Columns of the yearly files: t year, i exporter, j importer, k HS6 product,",
            "v value in thousands of current US$, q quantity in metric tonnes (NA when missing).",
            "",
        ]
    )


def _write_year(frame: pd.DataFrame, path: Path, seed: int) -> None:
    """Write one year as BACI does: ``k`` an integer, 3 decimals, missing q NA/empty/padded.

    Numbers are rounded to 3 decimals as Arrow decimals and written by Arrow's CSV writer; a
    missing quantity is written, with equal chances, ``NA``, empty, or ``NA`` padded with spaces.
    """
    year = int(frame["t"].iloc[0]) if len(frame) else 0
    style = random_stream(seed, 5, year).integers(0, 3, len(frame), dtype=np.int8)
    three = pa.decimal128(18, 3)
    value = pc.cast(pc.round(pa.array(frame["v"].to_numpy()), 3), three)
    known = pc.cast(pc.cast(pc.round(pa.array(frame["q"].to_numpy(), from_pandas=True), 3), three),
                    pa.string())  # fmt: skip
    spelled = np.where(style == 0, "NA", np.where(style == 1, "           NA", ""))
    quantity = pc.if_else(pc.is_null(known), pa.array(spelled), known)
    table = pa.table(
        {
            "t": frame["t"].to_numpy(),
            "i": frame["i"].to_numpy(),
            "j": frame["j"].to_numpy(),
            "k": frame["k"].to_numpy(),
            "v": value,
            "q": quantity,
        }
    )
    with path.open("wb") as sink:
        sink.write(b"t,i,j,k,v,q\n")
        csv.write_csv(table, sink, csv.WriteOptions(include_header=False, quoting_style="none"))


def _zip(folder: Path, target: Path) -> None:
    """Zip the files of ``folder`` (at the archive's root, like BACI's zips) as ``target``.

    Timestamps are fixed so that a seed gives identical bytes; the archive comment is the marker.
    """
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.comment = MARKER.encode()
        for path in sorted(folder.iterdir()):
            info = zipfile.ZipInfo(path.name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            with path.open("rb") as src, archive.open(info, "w", force_zip64=True) as dst:
                shutil.copyfileobj(src, dst, 1 << 20)


def generate(
    out: Path,
    *,
    seed: int = 7,
    years: Sequence[int] = range(2015, 2024),
    scale: str = "small",
    as_zip: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
) -> Path:
    """Write a synthetic release ``out/BACI_HS17_V202401/`` (or ``.zip``) and return its path.

    Files: ``BACI_HS17_Y{year}_V202401.csv`` per year, ``country_codes_V202401.csv``,
    ``product_codes_HS17_V202401.csv`` (all HS 2017 codes, like BACI) and ``Readme.txt``,
    which starts with ``SYNTHETIC DEMO WORLD - not real statistics``. The release is built in a
    temporary folder inside ``out`` and moved into place only when complete, replacing an
    earlier one. ``progress(stage, done, total)`` is called as work advances.
    """
    scale_spec(scale)
    years = sorted(set(int(y) for y in years))
    if not years:
        raise BadInput("no years given", field="years")
    bad = [y for y in years if not 1988 <= y <= 2100]
    if bad:
        raise BadInput(f"year out of range 1988-2100: {bad[0]}", field="years")
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise BadInput("not a folder", file=str(out))
    out.mkdir(parents=True, exist_ok=True)
    report = progress or (lambda stage, done, total: None)

    report("building the world", 0, 1)
    world = build_world(seed, scale)
    report("building the world", 1, 1)
    target = out / (RELEASE_DIR + (".zip" if as_zip else ""))
    with tempfile.TemporaryDirectory(dir=out, prefix=".demo-world-") as tmp:
        folder = Path(tmp) / RELEASE_DIR
        folder.mkdir()
        (folder / "Readme.txt").write_text(readme_text(seed, scale, years), encoding="utf-8")
        country_table().to_csv(folder / f"country_codes_{RELEASE}.csv", index=False)
        product_table().to_csv(folder / f"product_codes_{HS}_{RELEASE}.csv", index=False)
        for year in years:
            stage = f"year {year}"
            frame = flows_of_year(
                world, seed, year, progress=lambda done, total, s=stage: report(s, done, total)
            )
            _write_year(frame, folder / f"BACI_{HS}_Y{year}_{RELEASE}.csv", seed)
        built = folder
        if as_zip:
            report("zipping", 0, 1)
            built = Path(tmp) / (RELEASE_DIR + ".zip")
            _zip(folder, built)
            report("zipping", 1, 1)
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        built.rename(target)
    return target
