"""The market brief: self-contained HTML with numbers from the domain functions, the same
document as an A4 PDF with the source and the synthetic-data notice on every page, in az, ru
and en; renders in Chromium (a screenshot is saved under pytest's tmp dir and its path
printed)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tradebridge.cli import app
from tradebridge.data.plain_csv import ingest_csv
from tradebridge.data.warehouse import Warehouse
from tradebridge.errors import BadInput
from tradebridge.reports.brief import brief_html, gather_brief, render_brief, write_brief
from tradebridge.reports.brief_page import brief_document

DATA = Path(__file__).parent / "data"

NOTICE = {
    "en": "Computed from the synthetic demo world: not real statistics.",
    "ru": "Рассчитано по синтетическому демонстрационному миру: это не реальная статистика.",
}


@pytest.fixture(scope="module")
def synthetic_warehouse(tmp_path_factory):
    """The tiny world again, labelled as coming from the synthetic demo world."""
    wh = Warehouse(tmp_path_factory.mktemp("synthetic") / "wh")
    source = "tiny test world in the synthetic demo world layout"
    ingest_csv(wh, [DATA / "analytics" / "tiny_world.csv"], source=source)
    return wh


@pytest.fixture(scope="module")
def aze_rus(tiny_warehouse):
    return gather_brief(tiny_warehouse, "AZE", "RUS", year=2021)


def headings(page: str) -> list[str]:
    return [re.sub("<[^>]+>", "", h) for h in re.findall(r"<h[12]>(.*?)</h[12]>", page)]


def test_brief_content(aze_rus, tiny_warehouse):
    page = brief_document(aze_rus, "en")
    assert page.startswith("<!DOCTYPE html>") and page.count("<svg") == 2
    # nothing to fetch: no scripts, no external references
    assert "<script" not in page and not re.search(r'(src|href)="(https?:)?//', page)
    assert "Data source: tiny test world" in page
    # bilateral trade 2021: AZE→RUS 100 + 300, RUS→AZE 200 + 50
    assert "Exports of Azerbaijan to Russia, 2021<b>$400</b>" in page
    assert "Imports of Azerbaijan from Russia, 2021<b>$250</b>" in page
    # RUS takes 400 of AZE's 1,000 (2nd after TUR's 550); without energy 100 of 150 (1st)
    assert '<td class="code">2 of 3</td><td class="num">40.0%</td>' in page
    assert '<td class="code">1 of 2</td><td class="num">66.7%</td>' in page
    assert "Trade complementarity AZE → RUS" in page and "Top untapped products RUS → AZE" in page
    assert "HS product descriptions are in English." in page
    assert 'class="notice"' not in page  # the tiny world is not synthetic
    # each market's ease makes its potential add up to actual exports: the net gap is 0
    assert "Net gap AZE → RUS (potential − actual)<b>$0</b>" in page
    with pytest.raises(BadInput, match="differ"):
        brief_html(tiny_warehouse, "AZE", "aze")
    with pytest.raises(BadInput, match="az, ru, en"):
        brief_html(tiny_warehouse, "AZE", "RUS", language="fr")


def test_money_columns_have_one_unit_each(synthetic_warehouse):
    page = brief_html(synthetic_warehouse, "AZE", "RUS", year=2021)
    for table in re.findall(r"<table[^>]*>.*?</table>", page):
        heads = re.findall(r"<th[^>]*>(.*?)</th>", table)
        rows = [re.findall(r"<td[^>]*>(.*?)</td>", r) for r in re.findall("<tr>(.*?)</tr>", table)]
        for i, head in enumerate(heads):
            if "US$" not in head:
                continue
            cells = [r[i] for r in rows if r]
            # the unit is in the header; every cell is a bare number with the same decimals
            assert all(re.fullmatch(r"[\d,]+(\.\d+)?", c) for c in cells), (head, cells)
            assert len({c.partition(".")[2].__len__() for c in cells}) == 1, (head, cells)


def test_brief_in_russian_and_azerbaijani(aze_rus):
    ru = brief_document(aze_rus, "ru")
    titles = headings(ru)
    assert len(titles) >= 7
    assert all(re.search("[А-Яа-яЁё]", t) for t in titles), titles
    assert '<html lang="ru">' in ru and "Азербайджан" in ru
    assert "Описания товаров ГС приводятся на английском языке." in ru
    az = brief_document(aze_rus, "az")
    assert "Azərbaycan" in az and "Rusiya" in az and '<html lang="az">' in az


def test_brief_of_a_pair_that_does_not_trade(tiny_warehouse):
    # AZE and CHN trade nothing: the trend chart stays, the sector chart gives way to a sentence
    page = brief_html(tiny_warehouse, "AZE", "CHN", year=2021)
    assert page.count("<svg") == 1 and "No untapped potential either way." in page
    assert '<td class="code">–</td>' in page  # CHN is not among AZE's destinations


def test_pdf_is_a4_with_the_source_and_notice_on_every_page(synthetic_warehouse):
    pypdf = pytest.importorskip("pypdf", reason="pypdf reads the PDF's pages (test extra)")
    data = render_brief(synthetic_warehouse, "AZE", "RUS", format="pdf", year=2021, language="ru")
    assert data[:5] == b"%PDF-"
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (595, 842)  # A4 in points
        text = re.sub(r"\s+", " ", page.extract_text())
        assert NOTICE["ru"] in text, f"page {number}: {text[-300:]}"
        assert "Источник данных: tiny test world" in text
        assert f"{number} / {len(pages)}" in text


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


def test_brief_command_writes_one_file_by_suffix(synthetic_warehouse, tmp_path):
    def run(*args: str):
        return CliRunner().invoke(
            app,
            ["brief", "AZE", "RUS", *args, "--year", "2021", "-w", str(synthetic_warehouse.path)],
        )

    result = run("--out", str(tmp_path / "b.html"), "--language", "az")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "b.html").read_text(encoding="utf-8")
    assert page.rstrip().endswith("</html>") and '<html lang="az">' in page
    assert [p.name for p in tmp_path.iterdir()] == ["b.html"]  # no temporary file left
    bad = run("--out", str(tmp_path / "no" / "b.html"))
    assert bad.exit_code == 2 and "does not exist" in bad.output
    bad = run("--out", str(tmp_path / "b.docx"))
    assert bad.exit_code == 2 and ".html or .pdf" in bad.output
    bad = run("--out", str(tmp_path / "c.html"), "--language", "fr")
    assert bad.exit_code == 2 and "az, ru, en" in bad.output
    assert run("--out", str(tmp_path / "b.pdf"), "-l", "ru").exit_code == 0
    assert (tmp_path / "b.pdf").read_bytes()[:5] == b"%PDF-"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.html", "b.pdf"]
