"""The HTML market brief: self-contained, numbers from the domain functions, renders in
Chromium (a screenshot is saved under pytest's tmp dir and its path printed)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from typer.testing import CliRunner

from tradebridge.cli import app
from tradebridge.errors import BadInput
from tradebridge.reports.brief import brief_html, write_brief


def test_brief_content(tiny_warehouse):
    page = brief_html(tiny_warehouse, "AZE", "RUS", year=2021)
    assert page.startswith("<!DOCTYPE html>") and page.count("<svg") == 2
    # nothing to fetch: no scripts, no external references
    assert "<script" not in page and not re.search(r'(src|href)="(https?:)?//', page)
    assert "Data source: tiny test world" in page
    # bilateral trade 2021: AZE→RUS 100 + 300, RUS→AZE 200 + 50
    assert re.search(r"exports to Russia, 2021<b>400</b>", page)
    assert re.search(r"imports from Russia, 2021<b>250</b>", page)
    # RUS takes 400 of AZE's 1,000 (2nd after TUR's 550); without energy 100 of 150 (1st)
    assert '<td>2 of 3</td><td class="num">40.0 %</td>' in page
    assert '<td>1 of 2</td><td class="num">66.7 %</td>' in page
    assert "Trade complementarity AZE→RUS" in page and "Top untapped products RUS → AZE" in page
    # each market's ease makes its potential add up to actual exports: the net gap is 0 while
    # untapped (a sum of per-product shortfalls) is not
    assert "Net gap AZE → RUS (potential − actual)<b>0</b>" in page
    assert "untapped − net gap = what products sell above their potential" in page
    with pytest.raises(BadInput, match="differ"):
        brief_html(tiny_warehouse, "AZE", "aze")


def test_brief_of_a_pair_that_does_not_trade(tiny_warehouse):
    # AZE and CHN trade nothing: the trend chart stays, the sector chart gives way to a sentence
    page = brief_html(tiny_warehouse, "AZE", "CHN", year=2021)
    assert page.count("<svg") == 1 and "No untapped potential either way." in page
    assert "<td>–</td>" in page  # CHN is not among AZE's destinations


def test_brief_renders_in_chromium(tiny_warehouse, tmp_path):
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip(
            "Debian chromium is not installed (.ci/run installs it: apt-get install chromium)"
        )
    out = write_brief(tiny_warehouse, "AZE", "RUS", tmp_path / "brief.html", year=2021)
    png = tmp_path / "brief.png"
    subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={png}",
            "--window-size=1200,2000",
            out.resolve().as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    print(f"brief screenshot: {png}")
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1200, 2000)
    # a blank page compresses to a few kB; text, tables and two charts do not
    assert len(data) > 50_000


def test_brief_command_writes_one_file(tiny_warehouse, tmp_path):
    out = tmp_path / "b.html"
    result = CliRunner().invoke(
        app,
        [
            "brief",
            "AZE",
            "RUS",
            "--out",
            str(out),
            "--year",
            "2021",
            "-w",
            str(tiny_warehouse.path),
        ],
    )
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert [p.name for p in tmp_path.iterdir()] == ["b.html"]  # no temporary file left
    bad = CliRunner().invoke(
        app,
        [
            "brief",
            "AZE",
            "RUS",
            "--out",
            str(tmp_path / "no" / "b.html"),
            "-w",
            str(tiny_warehouse.path),
        ],
    )
    assert bad.exit_code == 2 and "does not exist" in bad.output
