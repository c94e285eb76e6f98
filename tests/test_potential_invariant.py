"""Property: with neutral inputs and no smoothing, Σ_k PV_ijk = x_ij· for every exporter i and
market j (the ease term is defined to make it so), on random worlds."""

from __future__ import annotations

import ibis
import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradebridge.analytics.potential_exporter import exporter_potential
from tradebridge.analytics.potential_inputs import PotentialInputs
from tradebridge.analytics.potential_world import world_aggregates
from tradebridge.data.aggregates import Tables

COUNTRIES = ["AZE", "RUS", "KAZ", "TUR", "CHN", "GEO", "X999"]
PRODUCTS = ["080510", "270900", "720610", "847130", "100199"]

flow = st.tuples(
    st.sampled_from(COUNTRIES),
    st.sampled_from(COUNTRIES),
    st.sampled_from(PRODUCTS),
    st.floats(0, 1e9, allow_nan=False),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(flow, min_size=1, max_size=40))
def test_potentials_of_a_pair_sum_to_its_trade(flows):
    frame = pd.DataFrame(flows, columns=["exporter", "importer", "product", "value"])
    frame = frame[frame["exporter"] != frame["importer"]]
    if frame.empty:
        return
    inputs = PotentialInputs()
    world = world_aggregates(Tables.of_flows(ibis.memtable(frame.assign(year=2021))), 1, inputs)
    own_all = frame.groupby(["exporter", "importer", "product"], as_index=False)["value"].sum()
    own_all = own_all.rename(columns={"value": "x"})
    for exporter, own in own_all.groupby("exporter"):
        result = exporter_potential(exporter, own, world, inputs)
        rows, eases = result.rows(), result.raw_ease
        totals = result.market_totals().set_index("market")
        assert np.allclose(
            totals["potential_usd"],
            rows.groupby("market")["potential_usd"].sum().reindex(totals.index).fillna(0.0),
            rtol=1e-12,
            atol=1e-9,
        )
        pv = rows.groupby("market")["potential_usd"].sum()
        trade = own[own["importer"].isin(eases.index)].groupby("importer")["x"].sum()
        trade = trade[trade > 0]
        assert np.allclose(pv.reindex(trade.index).fillna(0.0), trade, rtol=1e-9, atol=1e-6)
        assert (eases[~eases.index.isin(trade.index)] == 0).all()
        assert (rows["untapped_usd"] >= 0).all()
        assert "X999" not in set(rows["market"]) and exporter not in set(rows["market"])
