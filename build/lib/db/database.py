"""Opening the SQLite database: WAL mode, foreign keys, migrations applied."""

from __future__ import annotations

from pathlib import Path

import aiosqlite

from db.migrations import migrate


async def connect(path: Path | str, *, upgrade: bool = True) -> aiosqlite.Connection:
    """An open connection with the schema brought up to date.

    `isolation_level=None` leaves transactions to the service layer, which opens them
    with BEGIN and commits once per change.
    """
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = await aiosqlite.connect(path, isolation_level=None)
    try:
        conn.row_factory = aiosqlite.Row
        await conn.execute("PRAGMA journal_mode = WAL")
        # In WAL mode NORMAL keeps every commit across a crash of the process (what a
        # killed bot needs); only a power cut may lose the last commits. FULL would fsync
        # each of the several commits per question and cap throughput far below 1000/s.
        await conn.execute("PRAGMA synchronous = NORMAL")
        await conn.execute("PRAGMA foreign_keys = ON")
        await conn.execute("PRAGMA busy_timeout = 5000")
        if upgrade:
            await migrate(conn)
    except BaseException:
        await conn.close()
        raise
    return conn
