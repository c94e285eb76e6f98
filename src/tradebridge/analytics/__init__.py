"""Pure computations over the warehouse: profiles, indicators, markets, complexity, potential."""
