"""The services: each change is one transaction, committed here and only here."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import aiosqlite

from db.repository import (
    EntryRepository,
    FeedbackRepository,
    MetaRepository,
    UnansweredRow,
    UserRepository,
)
from knowledge.model import Entry
from knowledge.normalize import normalize

SEEDED_KEY = "seeded_at"


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class _Service:
    def __init__(self, conn: aiosqlite.Connection, clock: Callable[[], str] = utc_now) -> None:
        self._conn = conn
        self._clock = clock

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[None]:
        await self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            await self._conn.rollback()
            raise
        await self._conn.commit()


class KnowledgeService(_Service):
    """The knowledge base: the database is its record, the data files only seed it."""

    def __init__(self, conn: aiosqlite.Connection, clock: Callable[[], str] = utc_now) -> None:
        super().__init__(conn, clock)
        self._entries = EntryRepository(conn)
        self._meta = MetaRepository(conn)

    async def seed_once(self, shipped: Sequence[Entry]) -> bool:
        """Fill an empty, never-seeded database; never touch it again after that."""
        async with self._transaction():
            if await self._meta.get(SEEDED_KEY) is not None or await self._entries.count():
                return False
            now = self._clock()
            for entry in shipped:
                await self._entries.upsert(entry, entry.updated_at or now)
            await self._meta.set(SEEDED_KEY, now)
        return True

    async def entries(self) -> list[Entry]:
        return await self._entries.all()

    async def entry(self, slug: str) -> Entry | None:
        return await self._entries.get(slug)

    async def export_document(self) -> dict[str, Any]:
        return {"entries": [e.to_dict() for e in await self._entries.all()]}

    async def import_entries(self, entries: Sequence[Entry]) -> tuple[int, int]:
        """Add or replace the given entries in one transaction: (added, changed)."""
        added = changed = 0
        async with self._transaction():
            now = self._clock()
            for entry in entries:
                current = await self._entries.get(entry.slug)
                if current is None:
                    added += 1
                elif replace(current, updated_at="") != replace(entry, updated_at=""):
                    changed += 1
                else:
                    continue
                await self._entries.upsert(entry, now)
        return added, changed


class UserService(_Service):
    """Users' regions, the unanswered log, votes and the question log."""

    def __init__(self, conn: aiosqlite.Connection, clock: Callable[[], str] = utc_now) -> None:
        super().__init__(conn, clock)
        self._users = UserRepository(conn)
        self._feedback = FeedbackRepository(conn)

    async def region(self, user_id: int) -> str | None:
        return await self._users.region(user_id)

    async def set_region(self, user_id: int, region: str | None) -> None:
        async with self._transaction():
            await self._users.set_region(user_id, region, self._clock())

    async def record_unanswered(
        self,
        *,
        user_id: int | None,
        region: str | None,
        query: str,
        normalized: str,
        guesses: Sequence[str],
        reason: str = "unknown",
    ) -> None:
        async with self._transaction():
            await self._feedback.add_unanswered(
                asked_at=self._clock(), user_id=user_id, region=region, query=query,
                normalized=normalized, guesses=guesses, reason=reason,
            )  # fmt: skip

    async def unanswered(self, limit: int = 100) -> list[UnansweredRow]:
        return await self._feedback.unanswered(limit)

    async def upvote(self, *, user_id: int, question_id: int, slug: str) -> bool:
        """👍 on an answer, stored once per user and answer; False if already so."""
        async with self._transaction():
            return await self._feedback.set_vote(
                user_id=user_id, answer_key=str(question_id), slug=slug, vote=1,
                voted_at=self._clock(),
            )  # fmt: skip

    async def votes(self, slug: str) -> dict[int, int]:
        return await self._feedback.votes(slug)

    async def log_question(
        self, *, user_id: int | None, region: str | None, query: str, slug: str | None,
        kind: str,
    ) -> int:  # fmt: skip
        """Log an asked question; its id ties votes on the answer back to the question."""
        async with self._transaction():
            return await self._feedback.log_question(
                asked_at=self._clock(), user_id=user_id, region=region, query=query,
                slug=slug, kind=kind,
            )  # fmt: skip

    async def downvote(self, *, user_id: int, question_id: int, slug: str) -> bool:
        """👎 on an answer: the vote, and the question into the unanswered log, together.

        False when the user had already voted 👎 on that answer (nothing is written twice).
        """
        async with self._transaction():
            changed = await self._feedback.set_vote(
                user_id=user_id, answer_key=str(question_id), slug=slug, vote=-1,
                voted_at=self._clock(),
            )  # fmt: skip
            logged = await self._feedback.logged_question(question_id)
            if changed and logged is not None:
                query, region = logged
                await self._feedback.add_unanswered(
                    asked_at=self._clock(), user_id=user_id, region=region, query=query,
                    normalized=normalize(query), guesses=[slug], reason="downvote",
                )  # fmt: skip
        return changed
