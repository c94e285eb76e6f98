"""Relational engines behind the Ibis expressions: DuckDB (embedded, default) and PySpark.

Spark runs in local mode unless ``$TRADEBRIDGE_SPARK_MASTER`` names a cluster
(e.g. ``spark://host:7077``); extra Spark settings come from ``$TRADEBRIDGE_SPARK_CONF``
as ``key=value`` pairs separated by commas.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from tradebridge.config import ENGINES
from tradebridge.errors import BadInput, nearest


def connect(engine: str) -> Any:
    """A fresh Ibis backend for ``engine``."""
    import ibis

    if engine == "duckdb":
        con = ibis.duckdb.connect()
        con.raw_sql("SET enable_progress_bar = false")
        return con
    if engine == "spark":
        return ibis.pyspark.connect(spark_session())
    raise BadInput(f"unknown engine {engine!r}; {nearest(engine, list(ENGINES))}", field="engine")


def spark_session() -> Any:
    """A Spark session: local[2] by default, quiet, with its warehouse dir in a temp folder."""
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.appName("tradebridge")
        .master(os.environ.get("TRADEBRIDGE_SPARK_MASTER", "local[2]"))
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.warehouse.dir", tempfile.mkdtemp(prefix="tradebridge-spark-"))
    )
    if "TRADEBRIDGE_SPARK_MASTER" not in os.environ:
        builder = builder.config("spark.driver.bindAddress", "127.0.0.1").config(
            "spark.driver.host", "127.0.0.1"
        )
    for pair in filter(None, os.environ.get("TRADEBRIDGE_SPARK_CONF", "").split(",")):
        key, _, value = pair.partition("=")
        builder = builder.config(key.strip(), value.strip())
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def read_table(con: Any, name: str, files: list[Path]) -> Any:
    """The table over the given Parquet files, registered once as ``name`` (the callers put
    the files' checksums in the name).

    ``year`` is the files' own int16 column: DuckDB's hive partitioning is off, as it would read
    the ``year=2021`` folder name as a BIGINT column in its place, whose statistics then break
    DuckDB's grouped aggregates on a one-year warehouse ("statistics ... corrupt")."""
    if name in con.list_tables():
        return con.table(name)
    paths = [str(f) for f in files]
    if con.name == "pyspark":
        frame = con._session.read.parquet(*paths)
        frame.createOrReplaceTempView(name)
        return con.table(name)
    return con.read_parquet(paths, table_name=name, hive_partitioning=False)
