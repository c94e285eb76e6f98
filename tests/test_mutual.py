"""Mutually beneficial areas on the tiny world (tests/data/analytics/tiny_world.csv), by hand.

2021: AZE→RUS 080510 100, 270900 300; AZE→KAZ 080510 50; AZE→TUR 270900 550;
RUS→AZE 720610 200, 080510 50; RUS→KAZ 720610 400; KAZ→RUS 270900 1000; TUR→RUS 080510 150;
CHN→RUS 847130 500; TUR→AZE 080510 20.

A→B (AZE→RUS): S_080510 = 150/370 (world 150+50+150+20), S_270900 = 850/1850;
m_RUS: 080510 250, 270900 1300; B = 400 / (150/370·250 + 850/1850·1300).
B→A (RUS→AZE): S_720610 = 600/600 = 1; S_080510 = 50/370 · min(1, 50/250) (RUS imports 250 of
080510: re-export correction 0.2); m_AZE: 720610 200, 080510 70;
B = 250 / (200 + 70 · 50/370 · 0.2).
"""

from __future__ import annotations

import numpy as np
import pytest

from tradebridge.analytics.mutual import mutual, mutual_score
from tradebridge.errors import BadInput

SD_AB = {"080510": 150 / 370 * 250, "270900": 850 / 1850 * 1300}
B_AB = 400 / sum(SD_AB.values())
SD_BA = {"720610": 200.0, "080510": 70 * 50 / 370 * 0.2}
B_BA = 250 / sum(SD_BA.values())


def test_both_directions_by_hand(tiny_warehouse, engine):
    rows = mutual(
        tiny_warehouse, "AZE", "RUS", year=2021, by="product", average=1, engine=engine
    ).set_index("product")
    assert rows.loc["270900", "ab_potential_usd"] == pytest.approx(B_AB * SD_AB["270900"])
    assert rows.loc["270900", "ab_actual_usd"] == 300
    assert rows.loc["270900", "ab_untapped_usd"] == pytest.approx(B_AB * SD_AB["270900"] - 300)
    assert rows.loc["270900", "ba_potential_usd"] == 0
    assert rows.loc["720610", "ba_potential_usd"] == pytest.approx(B_BA * 200)
    assert rows.loc["720610", "ba_untapped_usd"] == pytest.approx(B_BA * 200 - 200)
    assert rows.loc["080510", "ba_potential_usd"] == pytest.approx(B_BA * SD_BA["080510"])
    assert rows.loc["080510", "ab_untapped_usd"] == 0  # sells 100 > PV 58
    assert (rows["mutual_score"] == 0).all()  # no product gains both ways here
    assert rows.loc["720610", "lead"] == "RUS→AZE" and rows.loc["270900", "lead"] == "AZE→RUS"
    meta = rows.attrs["meta"]
    # TI_AB = (400/1000) / (m_RUS/world) with m_RUS = 100+300+1000+150+500 = 2050 and
    # world = 3320; TI_BA = (250/650) / (m_AZE/world), m_AZE = 200+50+20 = 270
    assert meta["ti_ab"] == pytest.approx((400 / 1000) / (2050 / 3320))
    assert meta["ti_ba"] == pytest.approx((250 / 650) / (270 / 3320))
    # TC_AB: AZE's shares 080510 .15, 270900 .85; RUS's imports 080510 250, 270900 1300,
    # 847130 500 of 2050
    assert meta["tc_ab"] == pytest.approx(
        100 * (1 - (abs(250 / 2050 - 0.15) + abs(1300 / 2050 - 0.85) + 500 / 2050) / 2)
    )
    assert meta["ab_untapped_usd"] == pytest.approx(B_AB * SD_AB["270900"] - 300)
    assert meta["ba_untapped_usd"] == pytest.approx(B_BA * 200 - 200)
    assert meta["ab_potential_usd"] == pytest.approx(400)


def test_sector_rows_and_columns(tiny_warehouse):
    rows = mutual(tiny_warehouse, "AZE", "RUS", year=2021, average=1, top=2)
    assert list(rows.columns) == [
        "sector",
        "name",
        "ab_potential_usd",
        "ab_actual_usd",
        "ab_untapped_usd",
        "ab_net_gap_usd",
        "ba_potential_usd",
        "ba_actual_usd",
        "ba_untapped_usd",
        "ba_net_gap_usd",
        "mutual_score",
        "lead",
    ]
    assert len(rows) == 2
    # ties on score 0 are ordered by the larger untapped value: steel (B→A 48) before energy
    assert rows["sector"].tolist() == ["steel", "energy"]
    assert rows.loc[rows["sector"] == "steel", "name"].item() == "Steel"
    with pytest.raises(BadInput, match="differ"):
        mutual(tiny_warehouse, "AZE", "AZE")
    with pytest.raises(BadInput, match="by"):
        mutual(tiny_warehouse, "AZE", "RUS", by="market")


def test_mutual_score_is_high_only_when_both_gain():
    got = mutual_score(np.array([4.0, 0.0, 9.0, 100.0]), np.array([9.0, 5.0, 0.0, 1.0]))
    assert got.tolist() == [6.0, 0.0, 0.0, 10.0]  # √(4·9), √(0·5), √(9·0), √(100·1)
