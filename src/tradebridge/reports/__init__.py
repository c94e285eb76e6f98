"""Reports: documents built from the domain functions (HTML market briefs)."""
