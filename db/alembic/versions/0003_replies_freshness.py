"""Admins' replies to unanswered questions, and the day each entry was last checked.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("entries") as batch:
        batch.add_column(sa.Column("checked_at", sa.Text))
    # Entries stored before this revision: the best we know is the day they were last
    # written (seeded from the reviewed data, or edited by an admin).
    op.execute("UPDATE entries SET checked_at = substr(updated_at, 1, 10)")
    op.create_table(
        "question_replies",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("question_id", sa.Integer, nullable=False),
        sa.Column("user_id", sa.BigInteger, nullable=False),
        sa.Column("region", sa.Text),
        sa.Column("query", sa.Text, nullable=False),
        sa.Column("admin_id", sa.BigInteger),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False, server_default="pending"),
        sa.Column("delivered_at", sa.Text),
        sa.Column("vote", sa.Integer),
        sa.CheckConstraint(
            "status IN ('pending', 'sent', 'undeliverable', 'failed')",
            name="question_replies_status",
        ),
        sa.CheckConstraint("vote IN (-1, 1)", name="question_replies_vote"),
    )
    op.create_index("question_replies_by_status", "question_replies", ["status", "id"])


def downgrade() -> None:
    op.drop_index("question_replies_by_status", "question_replies")
    op.drop_table("question_replies")
    with op.batch_alter_table("entries") as batch:
        batch.drop_column("checked_at")
