"""Scripts that generate the committed reference CSV files (run by maintainers, not at run time)."""
