"""aggregates: the relative standard error as a band, and the class against the country

Revision ID: 0003
Revises: 0002

`rse` stays (empty from now on) so readers of older columns keep working.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("aggregates") as batch:
        batch.add_column(sa.Column("rse_band", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("vs_country", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("aggregates") as batch:
        batch.drop_column("vs_country")
        batch.drop_column("rse_band")
