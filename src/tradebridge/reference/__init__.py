"""Reference data: countries and groups, HS nomenclature, the sector taxonomy."""
