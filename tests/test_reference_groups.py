"""Country groups and membership over time."""

from __future__ import annotations

import datetime as dt

import pytest

from tradebridge.errors import BadInput
from tradebridge.reference.countries import countries
from tradebridge.reference.groups import groups, members, membership


def test_membership_changes_with_years():
    assert "GEO" in members("CIS", 2008) and "GEO" not in members("CIS", 2009)
    assert "UKR" in members("CIS", 2017) and "UKR" not in members("CIS", 2018)
    assert "UKR" not in members("CIS")
    assert "GBR" in members("EU", 2019) and "GBR" not in members("EU", 2020)
    assert "HRV" not in members("EU", 2012) and "HRV" in members("EU", 2013)
    assert members("EAEU", 2014) == []
    assert members("EAEU", 2015) == ["ARM", "BLR", "KAZ", "KGZ", "RUS"]
    assert "UZB" not in members("turkic_states", 2018) and "UZB" in members("turkic_states", 2019)


def test_eu_counts():
    # 6 founders + 3 (1973) + 1 + 2 + 3 + 10 + 2 + 1 = 28 in 2013-2019; 27 after the UK left.
    assert len(members("EU", 2019)) == 28
    assert len(members("EU", 2020)) == 27
    assert len(members("EU", 1995)) == 6 + 3 + 1 + 2 + 3
    assert members("EU27") == members("EU") == members("EU", 2024)
    assert "GBR" not in members("EU27")


def test_group_ids_case_insensitive_and_unknown():
    assert members("cis") == members("CIS")
    assert members("Central_Asia") == ["KAZ", "KGZ", "TJK", "TKM", "UZB"]
    assert members("GULF") == ["ARE", "BHR", "KWT", "OMN", "QAT", "SAU"]
    with pytest.raises(BadInput) as err:
        members("EAU")
    assert "EAEU" in str(err.value) and err.value.field == "group"


def test_group_data_is_consistent():
    info = groups()
    assert list(info.columns) == ["group", "name", "source", "as_of"]
    assert info["group"].is_unique
    for date in info["as_of"]:
        dt.date.fromisoformat(date)
    current = membership()
    assert set(current["group"]) == set(info["group"])
    assert not current.duplicated().any()
    known = set(countries()["iso3"])
    assert set(membership(1995)["iso3"]) <= known and set(current["iso3"]) <= known


def test_continent_groups_match_country_table():
    frame = countries()
    frame = frame[~frame["former"]]
    for group, continent in [
        ("europe", "Europe"),
        ("asia", "Asia"),
        ("africa", "Africa"),
        ("americas", "Americas"),
        ("oceania", "Oceania"),
    ]:
        assert members(group) == sorted(frame.loc[frame["continent"] == continent, "iso3"])


def test_membership_for_joins():
    table = membership(2019)
    assert list(table.columns) == ["group", "iso3"]
    pairs = set(zip(table["group"], table["iso3"], strict=True))
    assert ("EU", "GBR") in pairs and ("CIS", "AZE") in pairs
    assert ("CIS", "GEO") not in pairs
