"""The store's schema, defined once: Alembic migrations are generated from it."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

#: One row per ETL run, whatever its outcome: what it read, what it counted, how it ended.
etl_runs = Table(
    "etl_runs",
    metadata,
    Column("run_id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("status", String(16), nullable=False),  # running | succeeded | failed
    Column("code_version", String(64), nullable=False),
    Column("settings", Text, nullable=False),  # JSON: k, window, ...
    Column("inputs", Text),  # JSON: [{file, sha256, rows, outcome}]
    Column("counts", Text),  # JSON: read/accepted/quarantined/duplicates by reason
    Column("duration_s", Float),
    Column("message", Text),
)

#: The release readers see: a single row pointing at the run whose rows are published.
#: Flipping it is the one statement that publishes, so readers never see half a release.
release = Table(
    "release",
    metadata,
    Column("id", Integer, primary_key=True),  # always 1
    Column("run_id", Integer, ForeignKey("etl_runs.run_id"), nullable=False),
    Column("published_at", DateTime(timezone=True), nullable=False),
    Column("first_period", Date, nullable=False),
    Column("last_period", Date, nullable=False),
)

#: Areas of every level (country, fylke, kommune, bydel, ...) as published with a release.
areas = Table(
    "areas",
    metadata,
    Column("run_id", Integer, ForeignKey("etl_runs.run_id"), primary_key=True),
    Column("level", String(16), primary_key=True),
    Column("code", String(16), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("parent_level", String(16)),
    Column("parent_code", String(16)),
    Column("alt_names", String(400)),
    Column("population", Integer),  # residents on 1 January of the latest published year
)

#: Published aggregates: one row per area, month and category. Values are tonnes CO2e
#: per resident per year; a suppressed row keeps its key with empty values and a reason.
aggregates = Table(
    "aggregates",
    metadata,
    Column("run_id", Integer, ForeignKey("etl_runs.run_id"), primary_key=True),
    Column("level", String(16), primary_key=True),
    Column("area_code", String(16), primary_key=True),
    Column("period", Date, primary_key=True),  # first day of the month
    Column("category", String(16), primary_key=True),  # total | housing | transport | ...
    Column("respondents", Integer),  # rounded; empty when suppressed
    Column("count_band", String(16)),  # e.g. "10-49"
    Column("mean", Float),  # population-weighted mean, the headline
    Column("mean_unweighted", Float),
    Column("ci_low", Float),
    Column("ci_high", Float),
    Column("rse", Float),  # no longer released (always empty): see rse_band
    Column("rse_band", String(16)),  # relative standard error: <10% | 10-20% | 20-30% | >30%
    Column("reliable", Boolean),
    Column("vs_country", String(8)),  # higher | lower | similar: interval against Norway
    Column("suppressed", Boolean, nullable=False),
    Column("suppression", String(16)),  # primary | secondary
    Column("weighting", String(16)),  # age_sex | age | sex | none: the strata used
)
Index("ix_aggregates_release_period", aggregates.c.run_id, aggregates.c.period, aggregates.c.level)

#: Accepted records each data partner (the input's `source`) contributed to a release, per
#: area: only counts of at least k, rounded to 5 (etl/steps/sources.py). Written in the
#: publish transaction with the release's run_id, so readers see the release's own sources.
source_counts = Table(
    "source_counts",
    metadata,
    Column("run_id", Integer, ForeignKey("etl_runs.run_id"), primary_key=True),
    Column("level", String(16), primary_key=True),
    Column("area_code", String(16), primary_key=True),
    Column("source", String(32), primary_key=True),  # "(none)": records without a source
    Column("records", Integer, nullable=False),
)

#: How many of us take part: respondents per 1,000 adults per area and month, from the
#: published (protected) count and Statistics Norway's adults (etl/steps/participation.py).
participation = Table(
    "participation",
    metadata,
    Column("run_id", Integer, ForeignKey("etl_runs.run_id"), primary_key=True),
    Column("level", String(16), primary_key=True),
    Column("area_code", String(16), primary_key=True),
    Column("period", Date, primary_key=True),  # first day of the month
    Column("respondents", Integer),  # the published count; empty when suppressed
    Column("count_band", String(16)),
    Column("adults", Integer),  # residents 18 and over on 1 January of pop_year
    Column("pop_year", Integer),
    Column("per_1000", Float),  # respondents per 1,000 adults; empty when suppressed
    Column("suppressed", Boolean, nullable=False),
)

#: Change among those who stay: the mean change in total footprint (tonnes) of respondents
#: with estimates a year apart, protected like the means (etl/disclosure/change.py).
stayer_change = Table(
    "stayer_change",
    metadata,
    Column("run_id", Integer, ForeignKey("etl_runs.run_id"), primary_key=True),
    Column("level", String(16), primary_key=True),
    Column("area_code", String(16), primary_key=True),
    Column("period", Date, primary_key=True),
    Column("stayers", Integer),  # rounded; empty when suppressed
    Column("count_band", String(16)),
    Column("mean_change", Float),  # tonnes per person over 12 months; negative: falling
    Column("ci_low", Float),
    Column("ci_high", Float),
    Column("trend", String(8)),  # falling | rising | steady: the interval against zero
    Column("suppressed", Boolean, nullable=False),
    Column("suppression", String(16)),  # primary | secondary
)

#: Records the ETL could not accept, with the reason; private, never served.
quarantine = Table(
    "quarantine",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("etl_runs.run_id"), nullable=False),
    Column("source_file", String(300), nullable=False),
    Column("source_sha256", String(64), nullable=False),
    Column("row_number", Integer),  # 1-based data row in the file; empty for file-level
    Column("reason", String(64), nullable=False),
    Column("detail", Text),
    Column("record", Text),  # the raw row as JSON
)
Index("ix_quarantine_run", quarantine.c.run_id)

#: Every input file seen, keyed by checksum, so a file is processed once and never lost.
inbox_files = Table(
    "inbox_files",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("file_name", String(300), nullable=False),
    Column("size_bytes", BigInteger, nullable=False),
    Column("run_id", Integer, ForeignKey("etl_runs.run_id"), nullable=False),
    Column("outcome", String(16), nullable=False),  # accepted | rejected
    Column("reason", Text),
    Column("rows_read", Integer),
    Column("rows_accepted", Integer),
    Column("rows_quarantined", Integer),
    Column("rows_duplicate", Integer),
    Column("stored_as", String(300)),  # path under the archive or rejected folder
)
