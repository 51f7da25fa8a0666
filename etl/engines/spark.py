"""Run the spans and the cells on Spark, and hand the cells back to the working DuckDB.

Only the record-scaled stages run here; the cells that come back are aggregates (a few
hundred thousand rows at national scale), so weighting, disclosure and the publish stay in
DuckDB on one machine. The SQL is the same text DuckDB runs (etl/steps/spans.py,
etl/steps/aggregate.py), built with the Spark dialect.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
from pyspark import StorageLevel
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from etl.engines.dialect import SPARK
from etl.levels import Levels
from etl.steps.aggregate import cells_sql
from etl.steps.spans import spans_sql, staged_columns

#: Session settings both engines' results depend on: UTC so timestamps read, truncate and
#: print as DuckDB does; double-quoted identifiers as in the shared SQL text.
CONF = {
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.ansi.enabled": "true",
    "spark.sql.ansi.doubleQuotedIdentifiers": "true",
}
#: Local mode's shuffle partitions: Spark's default of 200 is made for clusters and only adds
#: task overhead on one machine. On a cluster, spark-submit's --conf sets it instead.
LOCAL_SHUFFLE_PARTITIONS = "8"


def session() -> SparkSession:
    """The process's Spark session: the one spark-submit started (its master and config),
    or a local one using every core of this machine."""
    builder = (SparkSession.builder.appName("fotavtrykk-etl")
               .config("spark.ui.showConsoleProgress", "false"))
    for key, value in CONF.items():
        builder = builder.config(key, value)
    # spark-submit starts the JVM first and tells Python where it is; only without it do we
    # pick the master ourselves.
    if "PYSPARK_GATEWAY_PORT" not in os.environ:
        builder = (builder.master("local[*]")
                   .config("spark.sql.shuffle.partitions", LOCAL_SHUFFLE_PARTITIONS)
                   .config("spark.driver.memory", os.environ.get("SPARK_DRIVER_MEMORY", "2g")))
    spark = builder.getOrCreate()
    for key, value in CONF.items():  # a session made earlier in this process gets them too
        spark.conf.set(key, value)
    return spark


def staged_view(spark: SparkSession, staged: list[Path], columns: list[str], levels: Levels,
                base_areas: pd.DataFrame) -> str:
    """Register the accepted rows of the staged files, with `seq` (their delivery order) and
    the levels above the base from `base_areas` (the pack's `ref_base_areas`), as a
    temporary view; returns its name."""
    order = spark.createDataFrame([(p.name, i) for i, p in enumerate(staged)],
                                  "file_name string, seq int")
    records = (spark.read.parquet(*(str(p) for p in staged))
               .where(F.col("reason").isNull())
               .select(*columns, F.col("_metadata.file_name").alias("file_name")))
    records = records.join(F.broadcast(order), "file_name").drop("file_name")
    if levels.above:
        codes = base_areas[["code", *levels.above]]
        above = spark.createDataFrame(
            codes.astype(object).where(codes.notna(), None),
            ", ".join([f"{levels.base.name} string", *(f"{n} string" for n in levels.above)]))
        records = records.join(F.broadcast(above), levels.base.name, "left")
    records.createOrReplaceTempView("staged_records")
    return "staged_records"


def spans(spark: SparkSession, staged: list[Path], last_period: date, window_months: int,
          secret: str, levels: Levels, base_areas: pd.DataFrame) -> DataFrame:
    """The spans as a Spark frame, kept (memory, then disk) for the cells and the stayers
    to read; the stayers step lets it go."""
    source = staged_view(spark, staged, staged_columns(levels), levels, base_areas)
    frame = spark.sql(spans_sql(SPARK, source, last_period, window_months, secret, levels))
    frame = frame.persist(StorageLevel.MEMORY_AND_DISK)
    frame.createOrReplaceTempView("spans")
    return frame


def cells(spans_frame: DataFrame, con: duckdb.DuckDBPyConnection, first_period: date,
          last_period: date, levels: Levels) -> int:
    """Sum the spans into cells on Spark and create the `cells` table in DuckDB from them.
    Returns the number of cells."""
    spark = spans_frame.sparkSession
    spans_frame.createOrReplaceTempView("spans")
    spark_cells = spark.sql(cells_sql(SPARK, first_period, last_period, levels)).toArrow()
    # DuckDB reads the Arrow table by its Python name (a replacement scan); register() would
    # refuse while an earlier step's result is still open on the connection.
    con.execute("CREATE OR REPLACE TABLE cells AS SELECT * FROM spark_cells")
    return spark_cells.num_rows
