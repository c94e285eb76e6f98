"""Plain CSV reader, and the property that ingestion conserves rows and value."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradebridge.data.plain_csv import ingest_csv
from tradebridge.data.warehouse import Warehouse
from tradebridge.errors import BadInput


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_plain_csv_with_and_without_quantity(tmp_path):
    src = write(
        tmp_path / "flows.csv",
        "year,exporter,importer,product,value,quantity\n"
        "2021,aze,RUS,80510,1500.5,12\n"
        "2021,AZE,KAZ,270900,10,NA\n"
        "2022,RUS,AZE,720610,7,\n",
    )
    wh = Warehouse(tmp_path / "wh")
    report = ingest_csv(wh, [src], source="agency export statistics")
    assert report.rows_stored == 3 and report.source == "agency export statistics"
    got = wh.flows().execute().sort_values(["year", "importer"]).reset_index(drop=True)
    assert got["exporter"].tolist() == ["AZE", "AZE", "RUS"]
    assert got["product"].tolist() == ["270900", "080510", "720610"]
    assert got["value"].tolist() == [10.0, 1500.5, 7.0]  # US$, not thousands
    assert got["quantity"].isna().tolist() == [True, False, True]
    no_q = write(
        tmp_path / "noq.csv", "year,exporter,importer,product,value\n2020,AZE,RUS,080510,3\n"
    )
    assert ingest_csv(Warehouse(tmp_path / "wh2"), [no_q]).rows_stored == 1


def test_plain_csv_errors_name_file_line_field(tmp_path):
    src = write(
        tmp_path / "flows.csv",
        "year,exporter,importer,product,value\n2021,AZE,RUS,080510,1\n2021,AZE,RUSSIA,080510,1\n",
    )
    with pytest.raises(BadInput, match=r"^flows\.csv:3: importer: "):
        ingest_csv(Warehouse(tmp_path / "wh"), [src])
    missing = write(tmp_path / "m.csv", "year,exporter,product,value\n")
    with pytest.raises(BadInput, match=r"m\.csv:1: missing column\(s\) importer"):
        ingest_csv(Warehouse(tmp_path / "wh"), [missing])


country = st.sampled_from(["AZE", "RUS", "KAZ", "CHN", "TUR", "X490"])
row = st.tuples(
    st.integers(2015, 2023),
    country,
    country,
    st.integers(10100, 999999).map(lambda k: f"{k:06d}"),
    st.floats(0, 1e12, allow_nan=False, allow_infinity=False),
    st.one_of(st.none(), st.floats(0, 1e9, allow_nan=False)),
    st.booleans(),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(row, min_size=1, max_size=40))
def test_ingestion_conserves_rows_and_value(tmp_path_factory, rows):
    """rows read = stored + rejected, and stored value = the sum of the good rows' values (a
    good row: a number for value, two different countries, the first row of its flow)."""
    folder = tmp_path_factory.mktemp("prop")
    lines = ["year,exporter,importer,product,value,quantity"]
    good_value, good_rows, seen = 0.0, 0, set()
    for year, exp, imp, product, value, qty, corrupt in rows:
        shown_value = "not-a-number" if corrupt else repr(value)
        lines.append(
            f"{year},{exp},{imp},{product},{shown_value},{'' if qty is None else repr(qty)}"
        )
        if not corrupt and exp != imp and (year, exp, imp, product) not in seen:
            seen.add((year, exp, imp, product))
            good_value += value
            good_rows += 1
    src = write(folder / "flows.csv", "\n".join(lines) + "\n")
    wh = Warehouse(folder / "wh")
    if good_rows == 0:
        with pytest.raises(BadInput):
            ingest_csv(wh, [src], skip_invalid=True, rejects=folder / "rejects.csv")
        return
    report = ingest_csv(wh, [src], skip_invalid=True, rejects=folder / "rejects.csv")
    assert report.rows_read == len(rows) == report.rows_stored + report.rows_rejected
    assert report.rows_stored == good_rows
    assert len(pd.read_csv(folder / "rejects.csv")) == report.rows_rejected
    stored = wh.flows().execute()
    assert len(stored) == good_rows
    assert math.isclose(stored["value"].sum(), good_value, rel_tol=1e-12, abs_tol=1e-6)
    assert math.isclose(report.value_usd, good_value, rel_tol=1e-12, abs_tol=1e-6)
