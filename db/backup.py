"""Online backup and restore of an SQLite database with SQLite's backup API (safe while the
bot runs). PostgreSQL has its own tools for this (pg_dump / pg_restore, see the README)."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory

from db.database import Database
from db.migrate import ALEMBIC_DIR, LEGACY_VERSION


class BackupError(Exception):
    """The file is not a bilimbot database this program can restore."""


class NotSQLite(BackupError):
    """Backup and restore here are SQLite's; PostgreSQL uses pg_dump and pg_restore."""


def _sqlite_path(database: Database) -> Path:
    if not database.is_sqlite or not database.url.database:
        raise NotSQLite(database.dialect)
    return Path(database.url.database)


def _copy(source: str, target: str, *, source_uri: bool = False) -> None:
    with (
        sqlite3.connect(source, uri=source_uri) as src,
        sqlite3.connect(target) as out,
    ):
        src.backup(out)
    src.close()
    out.close()


def _check_backup(path: Path) -> None:
    """A readable SQLite file with bilimbot's entries and a schema this program knows."""
    revision = None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            legacy = conn.execute("PRAGMA user_version").fetchone()[0]
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path}: {error}") from error
    if "entries" not in tables:
        raise BackupError(f"{path}: not a bilimbot database")
    if "alembic_version" not in tables:
        if legacy != LEGACY_VERSION:
            raise BackupError(f"{path}: unknown schema version {legacy}")
        return
    config = Config()
    config.set_main_option("script_location", str(ALEMBIC_DIR))
    if revision is None or ScriptDirectory.from_config(config).get_revision(revision) is None:
        raise BackupError(f"{path}: schema {revision} is unknown to this program")


async def backup(database: Database, target: Path) -> None:
    """Copy the live database into `target` (a consistent snapshot, WAL included)."""
    source = _sqlite_path(database)
    await asyncio.to_thread(target.parent.mkdir, parents=True, exist_ok=True)
    await asyncio.to_thread(_copy, str(source), str(target))


async def restore(source: Path, database: Database) -> None:
    """Replace the database with the backup in `source`, after checking it (bot stopped)."""
    target = _sqlite_path(database)
    if not await asyncio.to_thread(source.is_file):
        raise BackupError(f"{source} is not a file")
    await asyncio.to_thread(_check_backup, source)
    await database.close()
    await asyncio.to_thread(_copy, f"file:{source}?mode=ro", str(target), source_uri=True)
