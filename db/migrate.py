"""Schema migrations with Alembic, applied on start under a lock so that instances starting
together migrate once (PostgreSQL: an advisory lock; SQLite: the write lock of BEGIN IMMEDIATE).

Databases made by the SQLite-only releases (PRAGMA user_version 4, no alembic_version)
are stamped at the baseline first and then brought up to date like any other.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, text

from db.database import Database

ALEMBIC_DIR = Path(__file__).with_name("alembic")
LEGACY_VERSION = 4  # PRAGMA user_version of the last release before Alembic
BASELINE = "0001"
_LOCK_KEY = 0x62696C696D  # "bilim": one advisory lock id for every bilimbot database


class SchemaTooNew(RuntimeError):
    """The database was migrated by a newer bilimbot than this one."""


def _config(conn: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(ALEMBIC_DIR))
    config.attributes["connection"] = conn
    return config


def head() -> str:
    script = ScriptDirectory.from_config(_config(None))  # type: ignore[arg-type]
    return str(script.get_current_head())


def current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def _legacy_version(conn: Connection) -> int:
    if conn.dialect.name != "sqlite" or inspect(conn).has_table("alembic_version"):
        return 0
    return int(conn.exec_driver_sql("PRAGMA user_version").scalar() or 0)


def _upgrade(conn: Connection, target: str) -> str | None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
    config = _config(conn)
    legacy = _legacy_version(conn)
    if legacy:
        if legacy != LEGACY_VERSION:
            raise SchemaTooNew(f"unknown SQLite schema version {legacy}")
        command.stamp(config, BASELINE)
    current = current_revision(conn)
    script = ScriptDirectory.from_config(config)
    if current is not None and script.get_revision(current) is None:
        raise SchemaTooNew(f"database schema {current} is newer than this program")
    command.upgrade(config, target)
    return current_revision(conn)


async def migrate(database: Database, target: str = "head") -> str | None:
    """Bring the schema up to `target` in one transaction; the revision reached."""
    async with database.transaction() as conn:
        return await conn.run_sync(_upgrade, target)


async def schema_revision(database: Database) -> str | None:
    async with database.read() as conn:
        return await conn.run_sync(current_revision)
