"""Subscriptions to an entry's changes, and broadcasts with one delivery row per recipient.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "subscriptions",
        sa.Column("user_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("slug", sa.Text, primary_key=True),
        sa.Column("created_at", sa.Text, nullable=False),
    )
    op.create_index("subscriptions_by_slug", "subscriptions", ["slug"])
    op.create_table(
        "broadcasts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("slug", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_by", sa.BigInteger),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("finished_at", sa.Text),
    )
    op.create_table(
        "broadcast_deliveries",
        sa.Column("broadcast_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("user_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("status", sa.Text, nullable=False, server_default="pending"),
        sa.Column("lease_until", sa.Text),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("done_at", sa.Text),
        sa.CheckConstraint(
            "status IN ('pending', 'sending', 'sent', 'failed', 'blocked')",
            name="deliveries_status",
        ),
    )
    op.create_index(
        "deliveries_pending", "broadcast_deliveries", ["status", "lease_until", "broadcast_id"]
    )


def downgrade() -> None:
    op.drop_index("deliveries_pending", "broadcast_deliveries")
    op.drop_table("broadcast_deliveries")
    op.drop_table("broadcasts")
    op.drop_index("subscriptions_by_slug", "subscriptions")
    op.drop_table("subscriptions")
