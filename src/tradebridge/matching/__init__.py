"""Partner matching: ranked counterparts for an organisation, every score explained by its
components and by the trade evidence (docs/methods.md#partner-matching)."""
