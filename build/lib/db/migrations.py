"""Schema migrations, versioned in code and applied in order on start (PRAGMA user_version)."""

from __future__ import annotations

import aiosqlite

# Each item upgrades the schema from version i to i + 1 (statements split on ";", so no
# semicolon inside a comment or string). Never edit a released step:
# add a new one.
MIGRATIONS: tuple[str, ...] = (
    # 1: the knowledge base and its settings
    """
    CREATE TABLE entries (
        slug TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        category TEXT NOT NULL,
        answer TEXT NOT NULL,
        keywords TEXT NOT NULL,      -- JSON list
        questions TEXT NOT NULL,     -- JSON list
        regions TEXT NOT NULL,       -- JSON list of region facts
        sources TEXT NOT NULL,       -- JSON list of sources
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
        updated_at TEXT NOT NULL
    );
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # 2: users and their region
    """
    CREATE TABLE users (
        user_id INTEGER PRIMARY KEY,
        region TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    """,
    # 3: what the bot could not answer, and the votes on its answers
    """
    CREATE TABLE unanswered (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        asked_at TEXT NOT NULL,
        user_id INTEGER,
        region TEXT,
        query TEXT NOT NULL,
        normalized TEXT NOT NULL,
        guesses TEXT NOT NULL,       -- JSON list of slugs
        reason TEXT NOT NULL CHECK (reason IN ('unknown', 'downvote')),
        status TEXT NOT NULL DEFAULT 'open'
    );
    CREATE INDEX unanswered_by_text ON unanswered (normalized, asked_at);
    CREATE TABLE votes (
        user_id INTEGER NOT NULL,
        answer_key TEXT NOT NULL,    -- which answer message was voted on
        slug TEXT NOT NULL,
        vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
        voted_at TEXT NOT NULL,
        PRIMARY KEY (user_id, answer_key)
    );
    CREATE TABLE questions_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        asked_at TEXT NOT NULL,
        user_id INTEGER,
        region TEXT,
        query TEXT NOT NULL,
        slug TEXT,
        kind TEXT NOT NULL
    );
    """,
    # 4: admins, the history of every change to an entry, and admin dialogues in progress
    """
    CREATE TABLE admins (
        user_id INTEGER PRIMARY KEY,
        region TEXT,                 -- NULL: every region
        granted_by INTEGER NOT NULL,
        granted_at TEXT NOT NULL
    );
    CREATE TABLE entry_history (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        slug TEXT NOT NULL,
        changed_at TEXT NOT NULL,
        actor INTEGER,               -- NULL: the command line
        action TEXT NOT NULL,
        previous TEXT,               -- JSON of the entry before the change, NULL if new
        current TEXT NOT NULL        -- JSON of the entry after it
    );
    CREATE INDEX entry_history_by_slug ON entry_history (slug, id);
    CREATE TABLE fsm_state (
        key TEXT PRIMARY KEY,
        state TEXT,
        data TEXT NOT NULL DEFAULT '{}'
    );
    """,
)

LATEST = len(MIGRATIONS)


async def schema_version(conn: aiosqlite.Connection) -> int:
    async with conn.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row else 0


async def migrate(conn: aiosqlite.Connection, target: int = LATEST) -> int:
    """Apply the missing steps up to `target`, each in its own transaction."""
    current = await schema_version(conn)
    if current > LATEST:
        raise RuntimeError(f"database schema {current} is newer than this program ({LATEST})")
    for version in range(current, target):
        await conn.execute("BEGIN")
        try:
            for statement in MIGRATIONS[version].split(";"):
                if statement.strip():
                    await conn.execute(statement)
            await conn.execute(f"PRAGMA user_version = {version + 1}")
        except BaseException:
            await conn.rollback()
            raise
        await conn.commit()
    return await schema_version(conn)
