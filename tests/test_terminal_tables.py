"""Terminal tables never cut a number: the same result at widths 120, 80, 60, 40 and off a
terminal, against layouts written out by hand."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from rich.console import Console

from tradebridge.cli import render as render_module
from tradebridge.cli.app import Format
from tradebridge.cli.render import print_table, render
from tradebridge.cli.terminal_table import choose, columns_of, draw_plain, draw_table
from tradebridge.results import with_meta
from tradebridge.rows import Rows


@pytest.fixture
def result() -> pd.DataFrame:
    rows = pd.DataFrame(
        {
            "partner": ["RUS", "KAZ"],
            "name": ["Russian Federation", "Kazakhstan"],
            "value_usd": [1234567890.0, 823045260.0],
            "share": [0.6, 0.4],
            "rank": [1, 2],
            "cagr": [0.05007, np.nan],
            "base_value_usd": [967000000.0, 0.0],
        }
    )
    meta = {
        "question": "AZE exports by partner",
        "year": 2021,
        "base_year": 2016,
        "window": 5,
        "exclude_sectors": ["energy"],
        "source": "hand test",
        "synthetic": False,
    }
    return with_meta(rows, meta)


def shown(rows: pd.DataFrame, width: int | None, limit: int | None = None) -> list[str]:
    buffer = io.StringIO()
    print_table(rows, None, buffer, width, limit=limit)
    return [line.rstrip() for line in buffer.getvalue().splitlines()]


WHOLE = [
    "               AZE exports by partner, 2021; growth 2016–2021; without energy",
    "┏━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┳━━━━━━━┳━━━━━━┳━━━━━━━━━━━┳━━━━━━━━━━━━━━━━┓",
    "┃ partner ┃ name               ┃     value US$ ┃ share ┃ rank ┃ growth/yr ┃ base value US$ ┃",
    "┡━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━╇━━━━━━━╇━━━━━━╇━━━━━━━━━━━╇━━━━━━━━━━━━━━━━┩",
    "│ RUS     │ Russian Federation │ 1,234,567,890 │ 60.0% │    1 │     +5.0% │    967,000,000 │",
    "│ KAZ     │ Kazakhstan         │   823,045,260 │ 40.0% │    2 │           │              0 │",
    "└─────────┴────────────────────┴───────────────┴───────┴──────┴───────────┴────────────────┘",
    "Empty growth/yr: nothing traded in 2016 (the base year).",
    "Source: hand test",
]


def test_not_a_terminal_keeps_every_column_whole(result):
    assert shown(result, None) == WHOLE


def test_a_wide_terminal_shows_the_same_table(result):
    assert shown(result, 120) == WHOLE


def test_80_columns_abbreviates_money_and_wraps_headers(result):
    assert shown(result, 80) == [
        "      AZE exports by partner, 2021; growth 2016–2021; without energy",
        "┏━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━┳━━━━━━━┳━━━━━━━┳━━━━━━┳━━━━━━━━━━━┳━━━━━━━┓",
        "┃         ┃                    ┃       ┃       ┃      ┃           ┃  base ┃",
        "┃         ┃                    ┃ value ┃       ┃      ┃           ┃ value ┃",
        "┃ partner ┃ name               ┃   US$ ┃ share ┃ rank ┃ growth/yr ┃   US$ ┃",
        "┡━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━╇━━━━━━━╇━━━━━━━╇━━━━━━╇━━━━━━━━━━━╇━━━━━━━┩",
        "│ RUS     │ Russian Federation │ 1.23B │ 60.0% │    1 │     +5.0% │  967M │",
        "│ KAZ     │ Kazakhstan         │  823M │ 40.0% │    2 │           │     0 │",
        "└─────────┴────────────────────┴───────┴───────┴──────┴───────────┴───────┘",
        "Money: K thousand, M million, B billion, T trillion US$.",
        "Empty growth/yr: nothing traded in 2016 (the base year).",
        "Source: hand test",
    ]


def test_60_columns_hides_low_priority_columns_and_says_which(result):
    assert shown(result, 60) == [
        "  AZE exports by partner, 2021; growth 2016–2021; without",
        "                           energy",
        "┏━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━┳━━━━━━━┳━━━━━━━┳━━━━━━━━━━━┓",
        "┃         ┃                    ┃ value ┃       ┃           ┃",
        "┃ partner ┃ name               ┃   US$ ┃ share ┃ growth/yr ┃",
        "┡━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━╇━━━━━━━╇━━━━━━━╇━━━━━━━━━━━┩",
        "│ RUS     │ Russian Federation │ 1.23B │ 60.0% │     +5.0% │",
        "│ KAZ     │ Kazakhstan         │  823M │ 40.0% │           │",
        "└─────────┴────────────────────┴───────┴───────┴───────────┘",
        "Not shown at this width: base value US$, rank (a wider",
        "terminal or --format csv shows every column).",
        "Money: K thousand, M million, B billion, T trillion US$.",
        "Empty growth/yr: nothing traded in 2016 (the base year).",
        "Source: hand test",
    ]


def test_40_columns_prints_one_block_per_row_with_every_column(result):
    assert shown(result, 40) == [
        "AZE exports by partner, 2021; growth",
        "2016–2021; without energy",
        "",
        "RUS  Russian Federation",
        "  value US$       1,234,567,890",
        "  share                   60.0%",
        "  rank                        1",
        "  growth/yr               +5.0%",
        "  base value US$    967,000,000",
        "",
        "KAZ  Kazakhstan",
        "  value US$         823,045,260",
        "  share                   40.0%",
        "  rank                        2",
        "  growth/yr",
        "  base value US$              0",
        "",
        "Empty growth/yr: nothing traded in 2016",
        "(the base year).",
        "Source: hand test",
    ]


def test_synthetic_results_end_with_the_notice(result):
    result.attrs["meta"].update(synthetic=True, notice="Synthetic demo world: not real.")
    assert shown(result, None)[-1] == "Synthetic demo world: not real."


def _drawn_by_rich(rows: pd.DataFrame | Rows, title: str) -> tuple[str, str]:
    """The whole-width layout drawn by ``draw_plain`` and by Rich (the reference)."""
    meta = rows.meta if isinstance(rows, Rows) else rows.attrs["meta"]
    layout = choose(columns_of(rows, meta), None)
    plain = io.StringIO()
    draw_plain(plain, layout, title)
    reference = io.StringIO()
    console = Console(file=reference, width=layout.table_width, color_system=None)
    draw_table(console, layout, title)
    return plain.getvalue(), reference.getvalue()


@pytest.mark.parametrize(
    "title", ["AZE exports by partner", "A title much longer than the table is wide, so it wraps"]
)
def test_plain_tables_are_drawn_as_rich_draws_them(title):
    rows = Rows(
        ("iso3", "name", "members", "share"),
        [("CIS", "Commonwealth of Independent States", 9, 0.25), ("EU", "European Union", 27, 1.0)],
        {"source": "hand test"},
    )
    plain, reference = _drawn_by_rich(rows, title)
    assert plain == reference


def test_an_empty_plain_table_is_drawn_as_rich_draws_it():
    plain, reference = _drawn_by_rich(Rows(("iso3", "value_usd"), [], {}), "Nothing")
    assert plain == reference


def _many(n: int) -> Rows:
    return Rows(("iso3", "value_usd"), [(f"C{i:03d}", float(i)) for i in range(n)], {})


def test_a_terminal_shows_the_first_rows_and_says_how_many_are_left():
    lines = shown(_many(5), 80, limit=3)
    assert [line.split()[1] for line in lines if line.startswith("│")] == ["C000", "C001", "C002"]
    assert "2 more rows not shown; --format csv or json gives every row." in lines


def test_render_limits_a_table_on_a_terminal_only(monkeypatch, capsys):
    rows = _many(render_module.TERMINAL_ROWS + 7)
    monkeypatch.setattr(render_module, "terminal_width", lambda out: 100)
    render(rows, Format.table)
    lines = capsys.readouterr().out.splitlines()
    assert sum(line.startswith("│") for line in lines) == 50
    assert "7 more rows not shown; --format csv or json gives every row." in lines
    render(rows, Format.csv)
    assert len(capsys.readouterr().out.splitlines()) == 1 + 57
    monkeypatch.setattr(render_module, "terminal_width", lambda out: None)
    render(rows, Format.table)
    assert sum(line.startswith("│") for line in capsys.readouterr().out.splitlines()) == 57
