"""inbox_files.size_bytes as a 64-bit integer, so a delivery over 2 GiB can be logged

Revision ID: 0004
Revises: 0003

On PostgreSQL a 32-bit column made COPY refuse such a file's row, which failed the run and
every run after it while the file stayed in the inbox.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inbox_files") as batch:
        batch.alter_column("size_bytes", type_=sa.BigInteger(), existing_type=sa.Integer(),
                           existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("inbox_files") as batch:
        batch.alter_column("size_bytes", type_=sa.Integer(), existing_type=sa.BigInteger(),
                           existing_nullable=False)
