"""Where the record-scaled stages run: DuckDB in-process (default) or Spark (issue 14).

The spans and the cells grow with the number of records; everything after them works on
cells (aggregates) and stays in the working DuckDB. Both engines run the same SQL text, built
once in etl/steps/spans.py and etl/steps/aggregate.py through the small `Dialect` hooks here.
"""

from etl.engines.dialect import DUCKDB, SPARK, Dialect

ENGINES = ("duckdb", "spark")

__all__ = ["DUCKDB", "ENGINES", "SPARK", "Dialect"]
