"""aggregates: the weighting scheme used per row

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("aggregates") as batch:
        batch.add_column(sa.Column("weighting", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("aggregates") as batch:
        batch.drop_column("weighting")
