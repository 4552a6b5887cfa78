"""Online backup and restore with SQLite's backup API (safe while the bot is running)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiosqlite

from db.migrations import LATEST, schema_version


class BackupError(Exception):
    """The file is not a bilimbot database this program can restore."""


async def backup(conn: aiosqlite.Connection, target: Path) -> None:
    """Copy the live database into `target` (a consistent snapshot, WAL included)."""
    await asyncio.to_thread(target.parent.mkdir, parents=True, exist_ok=True)
    async with aiosqlite.connect(target) as out:
        await conn.backup(out)


async def restore(source: Path, conn: aiosqlite.Connection) -> None:
    """Replace the database behind `conn` with the backup in `source`, after checking it."""
    if not await asyncio.to_thread(source.is_file):
        raise BackupError(f"{source} is not a file")
    try:
        async with aiosqlite.connect(f"file:{source}?mode=ro", uri=True) as backup_conn:
            version = await schema_version(backup_conn)
            async with backup_conn.execute(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'entries'"
            ) as cursor:
                row = await cursor.fetchone()
            if version < 1 or version > LATEST or not row or row[0] != 1:
                raise BackupError(f"{source} is not a bilimbot database (schema {version})")
            await backup_conn.backup(conn)
    except aiosqlite.DatabaseError as error:
        raise BackupError(f"{source}: {error}") from error
