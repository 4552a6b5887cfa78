"""Alembic runs inside the connection and transaction that `db.migrate` opened (under its lock)."""

from __future__ import annotations

from alembic import context

from db.schema import metadata

connection = context.config.attributes["connection"]
# Batch mode lets the same migration alter tables on SQLite (which lacks most ALTER forms).
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
