"""The schema as the SQLite-only releases left it (their PRAGMA user_version 4).

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entries",
        sa.Column("slug", sa.Text, primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("category", sa.Text, nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("keywords", sa.Text, nullable=False),
        sa.Column("questions", sa.Text, nullable=False),
        sa.Column("regions", sa.Text, nullable=False),
        sa.Column("sources", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False, server_default="active"),
        sa.Column("updated_at", sa.Text, nullable=False),
        sa.CheckConstraint("status IN ('active', 'retired')", name="entries_status"),
    )
    op.create_table(
        "meta",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "users",
        sa.Column("user_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("region", sa.Text),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
    )
    op.create_table(
        "unanswered",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("asked_at", sa.Text, nullable=False),
        sa.Column("user_id", sa.BigInteger),
        sa.Column("region", sa.Text),
        sa.Column("query", sa.Text, nullable=False),
        sa.Column("normalized", sa.Text, nullable=False),
        sa.Column("guesses", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False, server_default="open"),
        sa.CheckConstraint("reason IN ('unknown', 'downvote')", name="unanswered_reason"),
    )
    op.create_index("unanswered_by_text", "unanswered", ["normalized", "asked_at"])
    op.create_table(
        "votes",
        sa.Column("user_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("answer_key", sa.Text, primary_key=True),
        sa.Column("slug", sa.Text, nullable=False),
        sa.Column("vote", sa.Integer, nullable=False),
        sa.Column("voted_at", sa.Text, nullable=False),
        sa.CheckConstraint("vote IN (-1, 1)", name="votes_value"),
    )
    op.create_table(
        "questions_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("asked_at", sa.Text, nullable=False),
        sa.Column("user_id", sa.BigInteger),
        sa.Column("region", sa.Text),
        sa.Column("query", sa.Text, nullable=False),
        sa.Column("slug", sa.Text),
        sa.Column("kind", sa.Text, nullable=False),
    )
    op.create_table(
        "admins",
        sa.Column("user_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("region", sa.Text),
        sa.Column("granted_by", sa.BigInteger, nullable=False),
        sa.Column("granted_at", sa.Text, nullable=False),
    )
    op.create_table(
        "entry_history",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("slug", sa.Text, nullable=False),
        sa.Column("changed_at", sa.Text, nullable=False),
        sa.Column("actor", sa.BigInteger),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("previous", sa.Text),
        sa.Column("current", sa.Text, nullable=False),
    )
    op.create_index("entry_history_by_slug", "entry_history", ["slug", "id"])
    op.create_table(
        "fsm_state",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("state", sa.Text),
        sa.Column("data", sa.Text, nullable=False, server_default="{}"),
    )


def downgrade() -> None:
    for table in ("fsm_state", "entry_history", "admins", "questions_log", "votes",
                  "unanswered", "users", "meta", "entries"):  # fmt: skip
        op.drop_table(table)
