"""The update inbox (nothing acknowledged is lost) and undo as a stack.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("entry_history") as batch:
        batch.add_column(sa.Column("undone_by", sa.Integer))
    op.create_table(
        "inbox",
        sa.Column("update_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("received_at", sa.Text, nullable=False),
        sa.Column("lease_until", sa.Text, nullable=False),
        sa.Column("done_at", sa.Text),
    )
    op.create_index("inbox_pending", "inbox", ["done_at", "lease_until"])


def downgrade() -> None:
    op.drop_index("inbox_pending", "inbox")
    op.drop_table("inbox")
    with op.batch_alter_table("entry_history") as batch:
        batch.drop_column("undone_by")
