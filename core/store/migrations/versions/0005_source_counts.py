"""source_counts: the records each data partner contributed to a release, per area

Revision ID: 0005
Revises: 0004

Readers of a release see where its numbers come from (issue 13); the table is written in
the publish transaction and pruned with the release it belongs to.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "source_counts",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("area_code", sa.String(16), nullable=False),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["etl_runs.run_id"],
                                name=op.f("fk_source_counts_run_id_etl_runs")),
        sa.PrimaryKeyConstraint("run_id", "level", "area_code", "source",
                                name=op.f("pk_source_counts")),
    )


def downgrade() -> None:
    op.drop_table("source_counts")
