"""Nothing lost: one writer at a time, rejects never overwrite, leftovers cleaned, files checked."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tradebridge.cli import app
from tradebridge.data.integrity import check
from tradebridge.data.plain_csv import ingest_csv
from tradebridge.data.warehouse import Warehouse
from tradebridge.data.writer_lock import writer_lock
from tradebridge.errors import BadInput, EnvironmentProblem

runner = CliRunner()
HEADER = "year,exporter,importer,product,value\n"


def flows(path: Path, *rows: str) -> Path:
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def two_years(tmp_path) -> Warehouse:
    wh = Warehouse(tmp_path / "wh")
    src = flows(tmp_path / "a.csv", "2020,AZE,RUS,080510,10", "2021,AZE,RUS,080510,20")
    ingest_csv(wh, [src], source="s")
    return wh


def test_a_second_writer_is_refused_after_its_timeout(two_years, tmp_path):
    src = flows(tmp_path / "b.csv", "2022,AZE,TUR,080510,5")
    before = snapshot(two_years.path)
    with writer_lock(two_years.path):
        with pytest.raises(
            EnvironmentProblem, match=r"another ingestion is writing.*gave up after 0 s"
        ):
            ingest_csv(two_years, [src], source="s", lock_timeout=0)
    assert snapshot(two_years.path) == before


def test_a_second_writer_says_it_waits_then_commits_after_the_first(two_years, tmp_path):
    """Two ingestions of different years: both end up in the manifest."""
    src = flows(tmp_path / "b.csv", "2022,AZE,TUR,080510,5")
    messages: list[str] = []
    held = writer_lock(two_years.path)
    held.__enter__()

    def release_on_wait(message: str) -> None:
        messages.append(message)
        if message.startswith("waiting"):
            threading.Thread(target=held.__exit__, args=(None, None, None)).start()

    ingest_csv(two_years, [src], source="s", progress=release_on_wait, lock_timeout=60)
    assert any(m.startswith("waiting for the other writer") for m in messages)
    assert two_years.years() == [2020, 2021, 2022]


@pytest.mark.parametrize("name", ["a.csv", "wh/manifest.json", "wh/rejects.csv", "wh"])
def test_rejects_never_overwrites_the_input_or_the_warehouse(two_years, tmp_path, name):
    src = flows(tmp_path / "a.csv", "2021,AZE,RUS,080510,oops", "2021,AZE,TUR,080510,1")
    before = snapshot(tmp_path)
    with pytest.raises(BadInput, match="--rejects"):
        ingest_csv(
            two_years, [src], source="s", skip_invalid=True, rejects=tmp_path / name, replace=True
        )
    assert snapshot(tmp_path) == before


def test_rejects_through_a_symlink_to_the_input_is_refused(tmp_path):
    src = flows(tmp_path / "a.csv", "2021,AZE,RUS,080510,oops", "2021,AZE,TUR,080510,1")
    (tmp_path / "link.csv").symlink_to(src)
    with pytest.raises(BadInput, match="would overwrite an input"):
        ingest_csv(
            Warehouse(tmp_path / "wh"), [src], skip_invalid=True, rejects=tmp_path / "link.csv"
        )
    assert not (tmp_path / "wh").exists()


def test_leftovers_of_a_killed_ingestion_are_reported_then_cleaned(two_years, tmp_path):
    root = two_years.path
    (root / ".staging-dead").mkdir()
    (root / ".staging-dead" / "part-0-2021.parquet").write_bytes(b"half")
    (root / ".manifest.json.dead.tmp").write_text("{")
    orphan = root / "flows" / "year=2021" / "orphan.parquet"
    orphan.write_bytes(b"PAR1")
    found = check(two_years)
    assert {Path(f.path).name for f in found} == {
        ".staging-dead",
        ".manifest.json.dead.tmp",
        "orphan.parquet",
    }
    assert not any(f.damage for f in found)
    ingest_csv(two_years, [flows(tmp_path / "b.csv", "2022,AZE,TUR,080510,5")], source="s")
    assert check(two_years) == []
    assert not orphan.exists() and not (root / ".staging-dead").exists()


def test_leftovers_stay_when_the_manifest_is_damaged(two_years, tmp_path):
    (two_years.path / "manifest.json").write_text("{")
    orphan = two_years.path / "flows" / "year=2021" / "orphan.parquet"
    orphan.write_bytes(b"PAR1")
    with pytest.raises(EnvironmentProblem, match="damaged warehouse manifest"):
        ingest_csv(two_years, [flows(tmp_path / "b.csv", "2022,AZE,TUR,080510,5")])
    assert orphan.exists()


def test_check_finds_missing_truncated_and_altered_files(two_years):
    parts = two_years.partitions()
    (two_years.path / parts[2020].file).unlink()
    data = (two_years.path / parts[2021].file).read_bytes()
    (two_years.path / parts[2021].file).write_bytes(data[: len(data) // 2])
    problems = {
        (Path(f.path).parent.name, f.problem.split(":")[1].strip()[:8]) for f in check(two_years)
    }
    assert problems == {("year=2020", "missing "), ("year=2021", "checksum")}
    result = runner.invoke(app, ["info", "--check", "-w", str(two_years.path)])
    assert result.exit_code == 1
    assert result.stdout.count("damaged: ") == 2
    doc = json.loads(
        runner.invoke(app, ["info", "--check", "-w", str(two_years.path), "-f", "json"]).stdout
    )
    assert doc["meta"]["ok"] is False and len(doc["rows"]) == 2


def test_check_passes_a_whole_warehouse(two_years):
    result = runner.invoke(app, ["info", "--check", "-w", str(two_years.path)])
    assert result.exit_code == 0, result.output
    assert "every file checks out" in result.stderr


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{", "not valid UTF-8 JSON"),
        (b"\xff\xfe{}", "not valid UTF-8 JSON"),
        (b"[]", "expected an object with a 'partitions' object"),
        (b'{"format": "tradebridge-warehouse/1", "partitions": []}', "'partitions' object"),
        (b'{"format": "other/9", "partitions": {}}', "format 'other/9'"),
        (b'{"format": "tradebridge-warehouse/1", "partitions": {"2021": {}}}', "lacks year"),
        (b'{"format": "tradebridge-warehouse/1", "partitions": {"x": {}}}', "is not a year"),
        (b"[" * 100000, "not valid UTF-8 JSON"),
    ],
)
def test_a_damaged_manifest_is_one_line_exit_1(two_years, body, message):
    (two_years.path / "manifest.json").write_bytes(body)
    for args in (["info"], ["info", "--check"], ["profile", "AZE"]):
        result = runner.invoke(app, [*args, "-w", str(two_years.path)])
        assert result.exit_code == 1, (args, result.output)
        assert message in result.output
        assert result.stderr.count("\n") <= 2 and "Traceback" not in result.output


def test_manifest_with_wrong_types_or_a_file_outside(two_years):
    doc = json.loads((two_years.path / "manifest.json").read_text())
    doc["partitions"]["2021"]["rows"] = "many"
    (two_years.path / "manifest.json").write_text(json.dumps(doc))
    with pytest.raises(EnvironmentProblem, match="wrong type of rows"):
        two_years.partitions()
    doc["partitions"]["2021"]["rows"] = 1
    doc["partitions"]["2021"]["file"] = "../../etc/passwd"
    (two_years.path / "manifest.json").write_text(json.dumps(doc))
    with pytest.raises(EnvironmentProblem, match="out of place"):
        two_years.partitions()


def test_manifest_that_is_a_folder(tmp_path):
    (tmp_path / "wh" / "manifest.json").mkdir(parents=True)
    result = runner.invoke(app, ["info", "-w", str(tmp_path / "wh")])
    assert result.exit_code == 1
    assert "manifest.json" in result.stderr and "Traceback" not in result.output


def test_a_deleted_flows_file_is_one_line_for_every_command(two_years):
    (two_years.path / two_years.partitions()[2021].file).unlink()
    result = runner.invoke(app, ["profile", "AZE", "-w", str(two_years.path)])
    assert result.exit_code == 1
    assert "info --check" in result.stderr and "Traceback" not in result.output


def test_a_truncated_flows_file_is_one_line_for_every_command(two_years):
    path = two_years.path / two_years.partitions()[2021].file
    path.write_bytes(path.read_bytes()[:100])
    result = runner.invoke(app, ["profile", "AZE", "-w", str(two_years.path)])
    assert result.exit_code == 1, result.output
    assert "info --check" in result.stderr and "Traceback" not in result.output
