"""Bad rows refused with the file's own line, and every failure of an ingestion one line."""

from __future__ import annotations

import errno
import os
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from tradebridge.cli import app
from tradebridge.data.baci import ingest_baci
from tradebridge.data.comtrade import ingest_comtrade
from tradebridge.data.plain_csv import ingest_csv
from tradebridge.data.warehouse import Warehouse
from tradebridge.errors import BadInput

DATA = Path(__file__).parent / "data"
HEADER = "year,exporter,importer,product,value\n"
runner = CliRunner()


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def one_line_error(result, code: int, text: str) -> None:
    assert result.exit_code == code, result.output
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr
    assert text in result.stderr


def baci_release(folder: Path, rows: str) -> Path:
    folder.mkdir()
    shutil.copy(DATA / "baci" / "release_new" / "country_codes_V202401.csv", folder)
    write(folder / "BACI_HS22_Y2022_V202401.csv", "t,i,j,k,v,q\n" + rows)
    return folder


def test_a_flow_of_a_country_with_itself_is_refused(tmp_path):
    src = write(tmp_path / "f.csv", HEADER + "2021,AZE,RUS,080510,1\n2021,aze,AZE,080510,2\n")
    with pytest.raises(BadInput, match=r"^f\.csv:3: importer: importer AZE is the exporter"):
        ingest_csv(Warehouse(tmp_path / "wh"), [src])
    release = baci_release(tmp_path / "rel", "2022,31,643,80510,1.5,\n2022,31,31,80510,2,\n")
    with pytest.raises(BadInput, match=r"Y2022_V202401\.csv:3: j: importer 31 is the exporter"):
        ingest_baci(Warehouse(tmp_path / "wh"), [release])


def test_repeated_flows_are_refused_never_summed(tmp_path):
    src = write(
        tmp_path / "f.csv",
        HEADER + "2021,AZE,RUS,080510,1\n2021,AZE,TUR,080510,5\n2021,AZE,RUS,80510,2\n",
    )
    with pytest.raises(BadInput, match=r"^f\.csv:4: product: repeats the flow .* of line 2"):
        ingest_csv(Warehouse(tmp_path / "wh"), [src])
    wh = Warehouse(tmp_path / "wh")
    report = ingest_csv(wh, [src], skip_invalid=True, rejects=tmp_path / "rejects.csv")
    assert (report.rows_read, report.rows_stored, report.rows_rejected) == (3, 2, 1)
    assert wh.flows().execute()["value"].sum() == 6  # the first RUS row (1) and TUR (5)
    rejects = pd.read_csv(tmp_path / "rejects.csv", dtype=str)
    assert rejects[["line", "field"]].values.tolist() == [["4", "product"]]
    assert rejects["raw"][0] == "2021,AZE,RUS,80510,2"


def test_repeats_across_two_files_of_one_year(tmp_path):
    a = write(tmp_path / "a.csv", HEADER + "2021,AZE,RUS,080510,1\n")
    b = write(tmp_path / "b.csv", HEADER + "2021,AZE,TUR,080510,1\n2021,AZE,RUS,080510,1\n")
    wh = Warehouse(tmp_path / "wh")
    ingest_csv(wh, [a, b], skip_invalid=True, rejects=tmp_path / "r.csv")
    assert wh.flows().execute()["value"].sum() == 2


def test_repeats_in_a_baci_year_are_refused(tmp_path):
    release = baci_release(tmp_path / "rel", "2022,31,643,80510,1.5,\n2022,31,643,080510,2,\n")
    with pytest.raises(BadInput, match=r"Y2022_V202401\.csv:3: product: repeats the flow"):
        ingest_baci(Warehouse(tmp_path / "wh"), [release])


def test_a_comtrade_declaration_given_twice_is_rejected(tmp_path):
    lines = (DATA / "comtrade" / "plus.csv").read_text(encoding="utf-8").splitlines()
    src = write(tmp_path / "plus.csv", "\n".join([lines[0], lines[1], lines[1]]) + "\n")
    with pytest.raises(BadInput, match=r"^plus\.csv:3: product: repeats the flow"):
        ingest_comtrade(Warehouse(tmp_path / "wh"), [src])


def test_lines_are_physical_after_blank_lines_and_quoted_line_breaks(tmp_path):
    text = (
        HEADER
        + "\n2021,AZE,RUS,080510,1\n\n"  # lines 2-4
        + '2021,AZE,TUR,"080\n510",2\n'  # lines 5-6: a quoted field across two lines
        + "2021,AZE,GEO,080510,3,extra\n"  # line 7: malformed
        + "\n2021,AZE,KAZ,080510,oops\n"  # line 9
        + "2021,AZE,ITA,080510,4\n2021,AZE,ITA,080510,4\n"  # lines 10-11: a repeat
    )
    src = write(tmp_path / "f.csv", text)
    with pytest.raises(BadInput, match=r"^f\.csv:5: product: "):
        ingest_csv(Warehouse(tmp_path / "wh"), [src])
    ingest_csv(Warehouse(tmp_path / "wh"), [src], skip_invalid=True, rejects=tmp_path / "r.csv")
    rejects = pd.read_csv(tmp_path / "r.csv", dtype=str)
    assert rejects["line"].astype(int).tolist() == [5, 7, 9, 11]
    assert "of line 10" in rejects["reason"][3]


def test_a_fifo_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "flows.csv"
    os.mkfifo(fifo)
    for kind in ("baci", "csv", "comtrade"):
        result = runner.invoke(app, ["ingest", kind, str(fifo), "-w", str(tmp_path / "wh")])
        one_line_error(result, 2, "not a regular file")


def test_a_damaged_zip_member_is_one_line(tmp_path):
    release = baci_release(tmp_path / "rel", "2022,31,643,80510,1.5,\n" * 1 + "2022,31,268,1,2,\n")
    archive = tmp_path / "release.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(release.iterdir()):
            zf.write(path, path.name)
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as zf:
        info = zf.getinfo("BACI_HS22_Y2022_V202401.csv")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + 2 : start + 6] = b"\x00\xff\x00\xff"
    archive.write_bytes(bytes(data))
    result = runner.invoke(app, ["ingest", "baci", str(archive), "-w", str(tmp_path / "wh")])
    one_line_error(result, 2, "release.zip: damaged zip member BACI_HS22_Y2022_V202401.csv")
    assert not (tmp_path / "wh").exists()


def test_an_extremely_long_line_is_a_bad_row_with_its_line(tmp_path):
    src = write(tmp_path / "f.csv", HEADER + "2021,AZE,RUS,080510,1\n" + "9" * 3_000_000 + "\n")
    result = runner.invoke(app, ["ingest", "csv", str(src), "-w", str(tmp_path / "wh")])
    one_line_error(result, 2, "f.csv:3: malformed line (line size over maximum")


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("folder", "is a folder"),
        ("missing/r.csv", "does not exist"),
        ("/dev/null", "not a regular"),
    ],
)
def test_unusable_rejects_paths(tmp_path, target, message):
    (tmp_path / "folder").mkdir()
    src = write(tmp_path / "f.csv", HEADER + "2021,AZE,RUS,080510,x\n2021,AZE,TUR,080510,1\n")
    rejects = target if target.startswith("/") else str(tmp_path / target)
    args = ["ingest", "csv", str(src), "-w", str(tmp_path / "wh"), "--skip-invalid"]
    result = runner.invoke(app, [*args, "--rejects", rejects])
    one_line_error(result, 2, message)


def test_a_warehouse_that_is_a_file(tmp_path):
    afile = write(tmp_path / "wh", "")
    src = write(tmp_path / "f.csv", HEADER + "2021,AZE,RUS,080510,1\n")
    for args in (["ingest", "csv", str(src)], ["info"], ["profile", "AZE"]):
        result = runner.invoke(app, [*args, "-w", str(afile)])
        one_line_error(result, 2, "must be a folder")


def _fails_with(monkeypatch, target: str, exc: BaseException) -> None:
    def boom(*_args, **_kwargs):
        raise exc

    monkeypatch.setattr(target, boom)


@pytest.mark.parametrize(
    ("target", "exc", "code", "message"),
    [
        ("os.fsync", OSError(errno.ENOSPC, "No space left on device"), 1, "disk full"),
        (
            "tradebridge.data.warehouse.Warehouse.staging_dir",
            PermissionError(errno.EACCES, "Permission denied", "wh/.staging-x"),
            1,
            "permission denied",
        ),
        (
            "tradebridge.data.warehouse.Warehouse.staging_dir",
            OSError(errno.EROFS, "Read-only file system", "wh/.staging-x"),
            1,
            "read-only file system",
        ),
        ("tradebridge.data.ingest_run.IngestRun.write", KeyboardInterrupt(), 130, "interrupted"),
    ],
)
def test_environment_failures_leave_the_warehouse_as_it_was(
    tmp_path, monkeypatch, target, exc, code, message
):
    wh = tmp_path / "wh"
    ingest_csv(Warehouse(wh), [write(tmp_path / "a.csv", HEADER + "2020,AZE,RUS,080510,1\n")])
    before = {p: p.read_bytes() for p in wh.rglob("*") if p.is_file()}
    _fails_with(monkeypatch, target, exc)
    src = write(tmp_path / "b.csv", HEADER + "2021,AZE,RUS,080510,2\n")
    result = runner.invoke(app, ["ingest", "csv", str(src), "-w", str(wh)])
    one_line_error(result, code, message)
    assert {p: p.read_bytes() for p in wh.rglob("*") if p.is_file()} == before


def test_an_unexpected_error_is_one_line(tmp_path, monkeypatch):
    _fails_with(
        monkeypatch, "tradebridge.data.ingest_run.IngestRun.years", RuntimeError("odd\nstate")
    )
    src = write(tmp_path / "b.csv", HEADER + "2021,AZE,RUS,080510,2\n")
    result = runner.invoke(app, ["ingest", "csv", str(src), "-w", str(tmp_path / "wh")])
    one_line_error(result, 1, "unexpected RuntimeError: odd (a bug")
