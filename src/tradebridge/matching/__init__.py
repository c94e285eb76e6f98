"""Partner matching: ranked counterparts for an organisation, every score explained by its
components and by the trade evidence."""
