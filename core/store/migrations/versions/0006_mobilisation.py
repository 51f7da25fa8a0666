"""participation and stayer_change: how many take part, and the change of those who stay

Revision ID: 0006
Revises: 0005

Mobilisation (issue 13): both tables are written in the publish transaction with the
release's run_id and pruned with it, like the aggregates.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _keys() -> list[sa.Column]:
    return [sa.Column("run_id", sa.Integer(), nullable=False),
            sa.Column("level", sa.String(16), nullable=False),
            sa.Column("area_code", sa.String(16), nullable=False),
            sa.Column("period", sa.Date(), nullable=False)]


def _constraints(name: str) -> list:
    return [sa.ForeignKeyConstraint(["run_id"], ["etl_runs.run_id"],
                                    name=op.f(f"fk_{name}_run_id_etl_runs")),
            sa.PrimaryKeyConstraint("run_id", "level", "area_code", "period",
                                    name=op.f(f"pk_{name}"))]


def upgrade() -> None:
    op.create_table(
        "participation", *_keys(),
        sa.Column("respondents", sa.Integer()),
        sa.Column("count_band", sa.String(16)),
        sa.Column("adults", sa.Integer()),
        sa.Column("pop_year", sa.Integer()),
        sa.Column("per_1000", sa.Float()),
        sa.Column("suppressed", sa.Boolean(), nullable=False),
        *_constraints("participation"),
    )
    op.create_table(
        "stayer_change", *_keys(),
        sa.Column("stayers", sa.Integer()),
        sa.Column("count_band", sa.String(16)),
        sa.Column("mean_change", sa.Float()),
        sa.Column("ci_low", sa.Float()),
        sa.Column("ci_high", sa.Float()),
        sa.Column("trend", sa.String(8)),
        sa.Column("suppressed", sa.Boolean(), nullable=False),
        sa.Column("suppression", sa.String(16)),
        *_constraints("stayer_change"),
    )


def downgrade() -> None:
    op.drop_table("stayer_change")
    op.drop_table("participation")
