"""The organisation registry: exporters, buyers, investors, service providers and associations.

- ``vocabulary``: the fixed lists (kinds, certifications, size bands, statuses) and the file
  columns; ``record``: one organisation as plain data and its validation;
- ``reader`` / ``importing`` / ``export``: the CSV and XLSX files (template, import, export);
- ``duplicates``: likely duplicates by name (rapidfuzz); ``search``: full-text search on
  SQLite (FTS5) and PostgreSQL behind one interface;
- ``models`` and ``services``: the tables and the functions every interface calls.
"""
