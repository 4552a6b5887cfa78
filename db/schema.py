"""The tables, described once for SQLAlchemy Core: the same queries run on SQLite and PostgreSQL.

Times are ISO-8601 UTC strings (they sort as text on both backends); lists are JSON text.
Telegram ids exceed 32 bits, so every user id is a BigInteger.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
)

metadata = MetaData()

entries = Table(
    "entries",
    metadata,
    Column("slug", Text, primary_key=True),
    Column("title", Text, nullable=False),
    Column("category", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("keywords", Text, nullable=False),
    Column("questions", Text, nullable=False),
    Column("regions", Text, nullable=False),
    Column("sources", Text, nullable=False),
    Column("status", Text, nullable=False, server_default="active"),
    Column("updated_at", Text, nullable=False),
    Column("checked_at", Text),  # the day an admin last confirmed the entry (YYYY-MM-DD)
    CheckConstraint("status IN ('active', 'retired')", name="entries_status"),
)

meta = Table(
    "meta",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("user_id", BigInteger, primary_key=True, autoincrement=False),
    Column("region", Text),
    Column("created_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
)

unanswered = Table(
    "unanswered",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("asked_at", Text, nullable=False),
    Column("user_id", BigInteger),
    Column("region", Text),
    Column("query", Text, nullable=False),
    Column("normalized", Text, nullable=False),
    Column("guesses", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("status", Text, nullable=False, server_default="open"),
    CheckConstraint("reason IN ('unknown', 'downvote')", name="unanswered_reason"),
    Index("unanswered_by_text", "normalized", "asked_at"),
)

votes = Table(
    "votes",
    metadata,
    Column("user_id", BigInteger, primary_key=True, autoincrement=False),
    Column("answer_key", Text, primary_key=True),
    Column("slug", Text, nullable=False),
    Column("vote", Integer, nullable=False),
    Column("voted_at", Text, nullable=False),
    CheckConstraint("vote IN (-1, 1)", name="votes_value"),
)

questions_log = Table(
    "questions_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("asked_at", Text, nullable=False),
    Column("user_id", BigInteger),
    Column("region", Text),
    Column("query", Text, nullable=False),
    Column("slug", Text),
    Column("kind", Text, nullable=False),
)

admins = Table(
    "admins",
    metadata,
    Column("user_id", BigInteger, primary_key=True, autoincrement=False),
    Column("region", Text),  # NULL: every region
    Column("granted_by", BigInteger, nullable=False),
    Column("granted_at", Text, nullable=False),
)

entry_history = Table(
    "entry_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("slug", Text, nullable=False),
    Column("changed_at", Text, nullable=False),
    Column("actor", BigInteger),  # NULL: the command line
    Column("action", Text, nullable=False),
    Column("previous", Text),  # the entry before the change as JSON; NULL if it was new
    Column("current", Text, nullable=False),
    # The undo that reverted this change: /undo walks back past it to the one before.
    Column("undone_by", Integer),
    Index("entry_history_by_slug", "slug", "id"),
)

fsm_state = Table(
    "fsm_state",
    metadata,
    Column("key", Text, primary_key=True),
    Column("state", Text),
    Column("data", Text, nullable=False, server_default="{}"),
)

# Updates as Telegram delivered them, stored before they are acknowledged: answered once,
# also after a crash or on another instance (the update_id is the key).
inbox = Table(
    "inbox",
    metadata,
    Column("update_id", BigInteger, primary_key=True, autoincrement=False),
    Column("payload", Text, nullable=False),
    Column("received_at", Text, nullable=False),
    Column("lease_until", Text, nullable=False),  # who holds it may handle it until then
    Column("done_at", Text),
    Index("inbox_pending", "done_at", "lease_until"),
)

# An admin's reply to an unanswered question, one row per parent it goes to: written
# 'pending' with the decision, then marked with what Telegram said when it was sent.
question_replies = Table(
    "question_replies",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("question_id", Integer, nullable=False),  # the unanswered row it answers
    Column("user_id", BigInteger, nullable=False),  # the parent
    Column("region", Text),
    Column("query", Text, nullable=False),
    Column("admin_id", BigInteger),  # NULL: the command line
    Column("text", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("status", Text, nullable=False, server_default="pending"),
    Column("delivered_at", Text),
    Column("vote", Integer),  # the parent's 👍 (1) or 👎 (-1)
    CheckConstraint(
        "status IN ('pending', 'sent', 'undeliverable', 'failed')", name="question_replies_status"
    ),
    CheckConstraint("vote IN (-1, 1)", name="question_replies_vote"),
    Index("question_replies_by_status", "status", "id"),
)

# Who asked to be told when an entry changes (issue 14: «🔔 Өзгерсе хабарла»).
subscriptions = Table(
    "subscriptions",
    metadata,
    Column("user_id", BigInteger, primary_key=True, autoincrement=False),
    Column("slug", Text, primary_key=True),
    Column("created_at", Text, nullable=False),
    Index("subscriptions_by_slug", "slug"),
)

# A change worth telling subscribers about; its text is fixed when the admin confirms it.
broadcasts = Table(
    "broadcasts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("slug", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("created_by", BigInteger),  # NULL: the command line
    Column("created_at", Text, nullable=False),
    Column("finished_at", Text),  # when no delivery was left pending
)

# One row per recipient of a broadcast: a restart resumes from the pending ones, and a
# sender claims rows with a lease (as the inbox does), so no two senders take the same row.
# A row is 'sending' from just before its message goes out until Telegram has answered: one
# found so after a crash may have reached its user, so it is recorded failed, never resent.
broadcast_deliveries = Table(
    "broadcast_deliveries",
    metadata,
    Column("broadcast_id", Integer, primary_key=True, autoincrement=False),
    Column("user_id", BigInteger, primary_key=True, autoincrement=False),
    Column("status", Text, nullable=False, server_default="pending"),
    Column("lease_until", Text),  # who claimed it may send it until then
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("done_at", Text),
    CheckConstraint(
        "status IN ('pending', 'sending', 'sent', 'failed', 'blocked')", name="deliveries_status"
    ),
    Index("deliveries_pending", "status", "lease_until", "broadcast_id"),
)
