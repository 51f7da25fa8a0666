"""The few places where DuckDB's and Spark's SQL differ, as hooks on one query shape.

Everything else in the spans and cells queries (window `lead`, GROUPING SETS, GROUP BY ALL,
running sums) is written once and runs on both.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Hex digits of the SHA-256 digest kept as a record key: 5 digits are 20 bits.
KEY_HEX_DIGITS = 5


@dataclass(frozen=True)
class Dialect:
    """SQL fragments that differ between the engines."""

    name: str
    #: `{x}` plus `{n}` months, as a DATE.
    add_months_fmt: str
    #: A timestamp as text, to second precision, identical in both engines.
    ts_text_fmt: str
    #: The first KEY_HEX_DIGITS hex digits of the SHA-256 of `{s}`, as an integer.
    digest_fmt: str
    #: A one-column table `g(p)` of month starts from `{first}` to `{last}`.
    months_fmt: str

    def add_months(self, expr: str, n: int) -> str:
        return self.add_months_fmt.format(x=expr, n=n)

    def ts_text(self, expr: str) -> str:
        return self.ts_text_fmt.format(x=expr)

    def record_key(self, secret: str, respondent: str, submitted: str) -> str:
        """A keyed digest of one estimate both engines compute bit for bit: the first hex
        digits of sha256(secret | respondent | time). DuckDB's own hash() differs from
        Spark's and may change with a DuckDB release, so it cannot key published noise."""
        secret = secret.replace("'", "''")
        # One concat rather than a chain of `||`: DuckDB then builds the text in one copy.
        text = (f"concat('{secret}', '|', CAST({respondent} AS STRING), '|', "
                f"{self.ts_text(submitted)})")
        return self.digest_fmt.format(s=text, d=KEY_HEX_DIGITS)

    def months(self, first: str, last: str) -> str:
        return self.months_fmt.format(first=first, last=last)


DUCKDB = Dialect(
    name="duckdb",
    add_months_fmt="CAST({x} + INTERVAL {n} MONTH AS DATE)",
    # A cast prints what strftime would for a whole second, at a fraction of the cost; the
    # truncation drops microseconds as Spark's date_format does.
    ts_text_fmt="CAST(date_trunc('second', {x}) AS VARCHAR)",
    digest_fmt="CAST(('0x' || substr(sha256({s}), 1, {d})) AS BIGINT)",
    months_fmt="(SELECT CAST(p AS DATE) AS p "
               "FROM generate_series({first}, {last}, INTERVAL 1 MONTH) t(p)) g",
)

SPARK = Dialect(
    name="spark",
    add_months_fmt="add_months({x}, {n})",
    ts_text_fmt="date_format({x}, 'yyyy-MM-dd HH:mm:ss')",
    digest_fmt="CAST(conv(substr(sha2({s}, 256), 1, {d}), 16, 10) AS BIGINT)",
    months_fmt="(SELECT explode(sequence({first}, {last}, INTERVAL 1 MONTH)) AS p) g",
)
