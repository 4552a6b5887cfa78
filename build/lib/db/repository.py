"""SQL for each table; parameterized; never commits (the service layer does)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import aiosqlite

from knowledge.model import Entry, entry_from_dict


def _entry_from_row(row: aiosqlite.Row) -> Entry:
    return entry_from_dict(
        {
            "slug": row["slug"],
            "title": row["title"],
            "category": row["category"],
            "answer": row["answer"],
            "keywords": json.loads(row["keywords"]),
            "questions": json.loads(row["questions"]),
            "regions": json.loads(row["regions"]),
            "sources": json.loads(row["sources"]),
            "status": row["status"],
            "updated_at": row["updated_at"],
        }
    )


class EntryRepository:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def all(self) -> list[Entry]:
        async with self._conn.execute("SELECT * FROM entries ORDER BY slug") as cursor:
            return [_entry_from_row(row) for row in await cursor.fetchall()]

    async def get(self, slug: str) -> Entry | None:
        async with self._conn.execute("SELECT * FROM entries WHERE slug = ?", (slug,)) as cur:
            row = await cur.fetchone()
        return _entry_from_row(row) if row else None

    async def count(self) -> int:
        async with self._conn.execute("SELECT COUNT(*) FROM entries") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def upsert(self, entry: Entry, updated_at: str) -> None:
        data = entry.to_dict()
        await self._conn.execute(
            """
            INSERT INTO entries (slug, title, category, answer, keywords, questions,
                                 regions, sources, status, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (slug) DO UPDATE SET
                title = excluded.title, category = excluded.category,
                answer = excluded.answer, keywords = excluded.keywords,
                questions = excluded.questions, regions = excluded.regions,
                sources = excluded.sources, status = excluded.status,
                updated_at = excluded.updated_at
            """,
            (
                entry.slug,
                entry.title,
                entry.category,
                entry.answer,
                json.dumps(data["keywords"], ensure_ascii=False),
                json.dumps(data["questions"], ensure_ascii=False),
                json.dumps(data["regions"], ensure_ascii=False),
                json.dumps(data["sources"], ensure_ascii=False),
                entry.status,
                updated_at,
            ),
        )


class MetaRepository:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def get(self, key: str) -> str | None:
        async with self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)) as cur:
            row = await cur.fetchone()
        return str(row[0]) if row else None

    async def set(self, key: str, value: str) -> None:
        await self._conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )


class UserRepository:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def region(self, user_id: int) -> str | None:
        async with self._conn.execute(
            "SELECT region FROM users WHERE user_id = ?", (user_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return str(row[0]) if row and row[0] is not None else None

    async def set_region(self, user_id: int, region: str | None, now: str) -> None:
        await self._conn.execute(
            "INSERT INTO users (user_id, region, created_at, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (user_id) DO UPDATE SET region = excluded.region, "
            "updated_at = excluded.updated_at",
            (user_id, region, now, now),
        )


@dataclass(frozen=True, slots=True)
class UnansweredRow:
    id: int
    asked_at: str
    user_id: int | None
    region: str | None
    query: str
    normalized: str
    guesses: tuple[str, ...]
    reason: str


class FeedbackRepository:
    """Unanswered questions, votes and the question log."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def add_unanswered(
        self,
        *,
        asked_at: str,
        user_id: int | None,
        region: str | None,
        query: str,
        normalized: str,
        guesses: Sequence[str],
        reason: str,
    ) -> None:
        await self._conn.execute(
            "INSERT INTO unanswered (asked_at, user_id, region, query, normalized, guesses, "
            "reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (asked_at, user_id, region, query, normalized, json.dumps(list(guesses)), reason),
        )

    async def unanswered(self, limit: int = 100) -> list[UnansweredRow]:
        async with self._conn.execute(
            "SELECT * FROM unanswered ORDER BY id DESC LIMIT ?", (limit,)
        ) as cursor:
            rows = await cursor.fetchall()
        return [
            UnansweredRow(
                r["id"],
                r["asked_at"],
                r["user_id"],
                r["region"],
                r["query"],
                r["normalized"],
                tuple(json.loads(r["guesses"])),
                r["reason"],
            )
            for r in rows
        ]

    async def set_vote(
        self, *, user_id: int, answer_key: str, slug: str, vote: int, voted_at: str
    ) -> bool:
        """Store the vote once per user and answer; False if that vote was already there."""
        cursor = await self._conn.execute(
            "INSERT INTO votes (user_id, answer_key, slug, vote, voted_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id, answer_key) DO UPDATE SET "
            "vote = excluded.vote, voted_at = excluded.voted_at "
            "WHERE votes.vote != excluded.vote",
            (user_id, answer_key, slug, vote, voted_at),
        )
        return cursor.rowcount > 0

    async def votes(self, slug: str) -> dict[int, int]:
        async with self._conn.execute(
            "SELECT vote, COUNT(*) FROM votes WHERE slug = ? GROUP BY vote", (slug,)
        ) as cursor:
            return {int(r[0]): int(r[1]) for r in await cursor.fetchall()}

    async def log_question(
        self, *, asked_at: str, user_id: int | None, region: str | None, query: str,
        slug: str | None, kind: str,
    ) -> int:  # fmt: skip
        cursor = await self._conn.execute(
            "INSERT INTO questions_log (asked_at, user_id, region, query, slug, kind) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (asked_at, user_id, region, query, slug, kind),
        )
        return int(cursor.lastrowid or 0)

    async def logged_question(self, question_id: int) -> tuple[str, str | None] | None:
        """(query, region) of a logged question."""
        async with self._conn.execute(
            "SELECT query, region FROM questions_log WHERE id = ?", (question_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return (str(row[0]), row[1]) if row else None


@dataclass(frozen=True, slots=True)
class AdminRow:
    user_id: int
    region: str | None
    granted_by: int
    granted_at: str


class AdminRepository:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def get(self, user_id: int) -> AdminRow | None:
        async with self._conn.execute(
            "SELECT user_id, region, granted_by, granted_at FROM admins WHERE user_id = ?",
            (user_id,),
        ) as cursor:
            row = await cursor.fetchone()
        return AdminRow(row[0], row[1], row[2], row[3]) if row else None

    async def all(self) -> list[AdminRow]:
        async with self._conn.execute(
            "SELECT user_id, region, granted_by, granted_at FROM admins ORDER BY user_id"
        ) as cursor:
            return [AdminRow(r[0], r[1], r[2], r[3]) for r in await cursor.fetchall()]

    async def put(self, row: AdminRow) -> None:
        await self._conn.execute(
            "INSERT INTO admins (user_id, region, granted_by, granted_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (user_id) DO UPDATE SET region = excluded.region, "
            "granted_by = excluded.granted_by, granted_at = excluded.granted_at",
            (row.user_id, row.region, row.granted_by, row.granted_at),
        )

    async def delete(self, user_id: int) -> bool:
        cursor = await self._conn.execute("DELETE FROM admins WHERE user_id = ?", (user_id,))
        return cursor.rowcount > 0


@dataclass(frozen=True, slots=True)
class HistoryRow:
    id: int
    slug: str
    changed_at: str
    actor: int | None
    action: str
    previous: Entry | None
    current: Entry


def _entry_json(entry: Entry) -> str:
    return json.dumps(entry.to_dict(), ensure_ascii=False)


class HistoryRepository:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def add(
        self, *, slug: str, changed_at: str, actor: int | None, action: str,
        previous: Entry | None, current: Entry,
    ) -> None:  # fmt: skip
        await self._conn.execute(
            "INSERT INTO entry_history (slug, changed_at, actor, action, previous, current) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (slug, changed_at, actor, action,
             _entry_json(previous) if previous else None, _entry_json(current)),
        )  # fmt: skip

    async def for_slug(self, slug: str, limit: int = 50) -> list[HistoryRow]:
        async with self._conn.execute(
            "SELECT * FROM entry_history WHERE slug = ? ORDER BY id DESC LIMIT ?", (slug, limit)
        ) as cursor:
            rows = await cursor.fetchall()
        return [
            HistoryRow(
                r["id"],
                r["slug"],
                r["changed_at"],
                r["actor"],
                r["action"],
                entry_from_dict(json.loads(r["previous"])) if r["previous"] else None,
                entry_from_dict(json.loads(r["current"])),
            )
            for r in rows
        ]


class FsmRepository:
    """Admin dialogues in progress, so that a restart does not lose them."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def get(self, key: str) -> tuple[str | None, dict[str, Any]]:
        async with self._conn.execute(
            "SELECT state, data FROM fsm_state WHERE key = ?", (key,)
        ) as cursor:
            row = await cursor.fetchone()
        return (row[0], json.loads(row[1])) if row else (None, {})

    async def set_state(self, key: str, state: str | None) -> None:
        await self._conn.execute(
            "INSERT INTO fsm_state (key, state) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET state = excluded.state",
            (key, state),
        )

    async def set_data(self, key: str, data: dict[str, Any]) -> None:
        await self._conn.execute(
            "INSERT INTO fsm_state (key, data) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET data = excluded.data",
            (key, json.dumps(data, ensure_ascii=False)),
        )


@dataclass(frozen=True, slots=True)
class UnansweredGroup:
    uid: int  # the newest question of the group stands for it in buttons
    normalized: str
    example: str
    count: int
    regions: tuple[str, ...]
    last_asked: str
    reasons: tuple[str, ...]


class ReportRepository:
    """Grouped unanswered questions and usage statistics for admins."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def unanswered_groups(self, since: str, limit: int) -> list[UnansweredGroup]:
        async with self._conn.execute(
            """
            SELECT MAX(id), normalized, MAX(query), COUNT(*), GROUP_CONCAT(DISTINCT region),
                   MAX(asked_at), GROUP_CONCAT(DISTINCT reason)
            FROM unanswered
            WHERE status = 'open' AND asked_at >= ? AND normalized != ''
            GROUP BY normalized
            ORDER BY COUNT(*) DESC, MAX(asked_at) DESC
            LIMIT ?
            """,
            (since, limit),
        ) as cursor:
            rows = await cursor.fetchall()
        return [
            UnansweredGroup(
                int(r[0]),
                r[1],
                r[2],
                int(r[3]),
                tuple(sorted((r[4] or "").split(",")) if r[4] else ()),
                r[5],
                tuple(sorted((r[6] or "").split(","))),
            )
            for r in rows
        ]

    async def unanswered_question(self, uid: int) -> tuple[str, str] | None:
        """(normalized, query) of one unanswered question."""
        async with self._conn.execute(
            "SELECT normalized, query FROM unanswered WHERE id = ?", (uid,)
        ) as cursor:
            row = await cursor.fetchone()
        return (str(row[0]), str(row[1])) if row else None

    async def close_unanswered(self, normalized: str, status: str) -> int:
        cursor = await self._conn.execute(
            "UPDATE unanswered SET status = ? WHERE normalized = ? AND status = 'open'",
            (status, normalized),
        )
        return cursor.rowcount

    async def questions_per_day(self, since: str) -> list[tuple[str, int, int]]:
        """(day, questions, answered) per day."""
        async with self._conn.execute(
            "SELECT substr(asked_at, 1, 10), COUNT(*), SUM(kind = 'answer') FROM questions_log "
            "WHERE asked_at >= ? GROUP BY 1 ORDER BY 1",
            (since,),
        ) as cursor:
            return [(r[0], int(r[1]), int(r[2] or 0)) for r in await cursor.fetchall()]

    async def questions_per_region(self, since: str) -> list[tuple[str | None, int, int]]:
        async with self._conn.execute(
            "SELECT region, COUNT(*), SUM(kind = 'answer') FROM questions_log "
            "WHERE asked_at >= ? GROUP BY region ORDER BY COUNT(*) DESC",
            (since,),
        ) as cursor:
            return [(r[0], int(r[1]), int(r[2] or 0)) for r in await cursor.fetchall()]

    async def top_programs(self, since: str, limit: int = 5) -> list[tuple[str, int]]:
        async with self._conn.execute(
            "SELECT slug, COUNT(*) FROM questions_log WHERE asked_at >= ? AND slug IS NOT NULL "
            "GROUP BY slug ORDER BY COUNT(*) DESC, slug LIMIT ?",
            (since, limit),
        ) as cursor:
            return [(r[0], int(r[1])) for r in await cursor.fetchall()]

    async def votes_per_entry(self, since: str) -> list[tuple[str, int, int]]:
        """(slug, 👍, 👎)."""
        async with self._conn.execute(
            "SELECT slug, SUM(vote = 1), SUM(vote = -1) FROM votes WHERE voted_at >= ? "
            "GROUP BY slug ORDER BY slug",
            (since,),
        ) as cursor:
            return [(r[0], int(r[1] or 0), int(r[2] or 0)) for r in await cursor.fetchall()]
