"""The schema the SQLite-only releases left behind (their PRAGMA user_version 4), to test
that such a database is taken over and upgraded with its data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

LEGACY_SCHEMA = """
CREATE TABLE entries (
    slug TEXT PRIMARY KEY, title TEXT NOT NULL, category TEXT NOT NULL, answer TEXT NOT NULL,
    keywords TEXT NOT NULL, questions TEXT NOT NULL, regions TEXT NOT NULL,
    sources TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
    updated_at TEXT NOT NULL
);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE users (
    user_id INTEGER PRIMARY KEY, region TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE TABLE unanswered (
    id INTEGER PRIMARY KEY AUTOINCREMENT, asked_at TEXT NOT NULL, user_id INTEGER,
    region TEXT, query TEXT NOT NULL, normalized TEXT NOT NULL, guesses TEXT NOT NULL,
    reason TEXT NOT NULL CHECK (reason IN ('unknown', 'downvote')),
    status TEXT NOT NULL DEFAULT 'open'
);
CREATE INDEX unanswered_by_text ON unanswered (normalized, asked_at);
CREATE TABLE votes (
    user_id INTEGER NOT NULL, answer_key TEXT NOT NULL, slug TEXT NOT NULL,
    vote INTEGER NOT NULL CHECK (vote IN (-1, 1)), voted_at TEXT NOT NULL,
    PRIMARY KEY (user_id, answer_key)
);
CREATE TABLE questions_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT, asked_at TEXT NOT NULL, user_id INTEGER,
    region TEXT, query TEXT NOT NULL, slug TEXT, kind TEXT NOT NULL
);
CREATE TABLE admins (
    user_id INTEGER PRIMARY KEY, region TEXT, granted_by INTEGER NOT NULL,
    granted_at TEXT NOT NULL
);
CREATE TABLE entry_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT, slug TEXT NOT NULL, changed_at TEXT NOT NULL,
    actor INTEGER, action TEXT NOT NULL, previous TEXT, current TEXT NOT NULL
);
CREATE INDEX entry_history_by_slug ON entry_history (slug, id);
CREATE TABLE fsm_state (key TEXT PRIMARY KEY, state TEXT, data TEXT NOT NULL DEFAULT '{}');
PRAGMA user_version = 4;
"""


def make_legacy_database(path: Path, rows: list[tuple[str, ...]]) -> None:
    """A database as the last SQLite-only release made it, with `rows` in `entries`."""
    conn = sqlite3.connect(path)
    try:
        conn.executescript(LEGACY_SCHEMA)
        conn.executemany("INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        conn.execute("INSERT INTO users VALUES (5, 'shymkent', '2025', '2025')")
        conn.commit()
    finally:
        conn.close()
