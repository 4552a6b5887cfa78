"""The services: each change is one transaction, committed here and only here."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

import aiosqlite

from db.repository import (
    AdminRepository,
    AdminRow,
    EntryRepository,
    FeedbackRepository,
    FsmRepository,
    HistoryRepository,
    HistoryRow,
    MetaRepository,
    ReportRepository,
    UnansweredGroup,
    UnansweredRow,
    UserRepository,
)
from knowledge.model import Entry
from knowledge.normalize import normalize

SEEDED_KEY = "seeded_at"


def utc_now() -> str:
    # Microseconds: an edit conflict is detected by comparing updated_at, even within a second.
    return datetime.now(UTC).isoformat(timespec="microseconds")


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


class EditConflict(Exception):
    """The entry changed since the admin opened it; nothing was written."""


class KnowledgeService(_Service):
    """The knowledge base: the database is its record, the data files only seed it.

    Every change is one transaction that also writes the entry's history.
    """

    def __init__(self, conn: aiosqlite.Connection, clock: Callable[[], str] = utc_now) -> None:
        super().__init__(conn, clock)
        self._entries = EntryRepository(conn)
        self._meta = MetaRepository(conn)
        self._history = HistoryRepository(conn)
        self._reports = ReportRepository(conn)

    async def _write(
        self, entry: Entry, *, actor: int | None, action: str, expected: str | None = None
    ) -> Entry:
        """Store `entry` and its history row; inside a transaction.

        `expected`: the updated_at the admin saw; a different one means someone else
        changed the entry meanwhile, and EditConflict is raised.
        """
        current = await self._entries.get(entry.slug)
        if expected is not None and (current.updated_at if current else "") != expected:
            raise EditConflict(entry.slug)
        stored = replace(entry, updated_at=self._clock())
        await self._entries.upsert(stored, stored.updated_at)
        await self._history.add(
            slug=entry.slug, changed_at=stored.updated_at, actor=actor, action=action,
            previous=current, current=stored,
        )  # fmt: skip
        return stored

    async def save(
        self, entry: Entry, *, actor: int | None, action: str, expected: str | None = None
    ) -> Entry:
        async with self._transaction():
            return await self._write(entry, actor=actor, action=action, expected=expected)

    async def set_status(self, slug: str, status: str, *, actor: int | None) -> Entry | None:
        """Retire or restore an entry (nothing is ever deleted); None if there is no such."""
        async with self._transaction():
            entry = await self._entries.get(slug)
            if entry is None:
                return None
            if entry.status == status:
                return entry
            return await self._write(replace(entry, status=status), actor=actor, action=status)

    async def history(self, slug: str, limit: int = 20) -> list[HistoryRow]:
        return await self._history.for_slug(slug, limit)

    async def undo(self, slug: str, *, actor: int | None) -> Entry | None:
        """Go back one change: the entry as it was before its last change.

        Undoing the creation of an entry retires it. None when there is nothing to undo.
        """
        async with self._transaction():
            last = await self._history.for_slug(slug, 1)
            if not last:
                return None
            previous = last[0].previous or replace(last[0].current, status="retired")
            return await self._write(previous, actor=actor, action="undo")

    async def link_question(
        self, *, normalized: str, question: str, slug: str, actor: int | None
    ) -> Entry | None:
        """Make an unanswered question an example question of an entry, and close it."""
        async with self._transaction():
            entry = await self._entries.get(slug)
            if entry is None:
                return None
            if question not in entry.questions:
                entry = replace(entry, questions=(*entry.questions, question))
                entry = await self._write(entry, actor=actor, action="link-question")
            await self._reports.close_unanswered(normalized, "linked")
            return entry

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

    async def plan_import(self, entries: Sequence[Entry]) -> ImportPlan:
        """What importing `entries` would do, without doing it (a dry run)."""
        plan = ImportPlan()
        for entry in entries:
            current = await self._entries.get(entry.slug)
            if current is None:
                plan.added.append(entry.slug)
            elif replace(current, updated_at="") == replace(entry, updated_at=""):
                plan.same.append(entry.slug)
            elif current.status != entry.status and entry.status == "retired":
                plan.retired.append(entry.slug)
            else:
                plan.changed.append(entry.slug)
        return plan

    async def import_entries(
        self, entries: Sequence[Entry], *, actor: int | None = None
    ) -> tuple[int, int]:
        """Add or replace the given entries, all in one transaction: (added, changed)."""
        added = changed = 0
        async with self._transaction():
            for entry in entries:
                current = await self._entries.get(entry.slug)
                if current is None:
                    added += 1
                elif replace(current, updated_at="") != replace(entry, updated_at=""):
                    changed += 1
                else:
                    continue
                await self._write(entry, actor=actor, action="import")
        return added, changed


@dataclass(slots=True)
class ImportPlan:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    same: list[str] = field(default_factory=list)


class AdminService(_Service):
    """Who may edit: super-admins come from config, the rest are granted in the chat."""

    def __init__(
        self,
        conn: aiosqlite.Connection,
        super_admins: Sequence[int],
        clock: Callable[[], str] = utc_now,
    ) -> None:
        super().__init__(conn, clock)
        self._admins = AdminRepository(conn)
        self.super_admins = frozenset(super_admins)
        # Asked for every update (admin routers are skipped for everyone else), so cached;
        # grant and revoke write through.
        self._rights: dict[int, AdminRow | None] = {}

    async def rights(self, user_id: int) -> AdminRow | None:
        """The user's admin rights (region None: every region), or None for non-admins."""
        if user_id in self.super_admins:
            return AdminRow(user_id, None, user_id, "config")
        if user_id not in self._rights:
            if len(self._rights) >= 100_000:
                self._rights.clear()
            self._rights[user_id] = await self._admins.get(user_id)
        return self._rights[user_id]

    async def grant(self, user_id: int, region: str | None, *, by: int) -> None:
        row = AdminRow(user_id, region, by, self._clock())
        async with self._transaction():
            await self._admins.put(row)
        self._rights[user_id] = row

    async def revoke(self, user_id: int) -> bool:
        async with self._transaction():
            removed = await self._admins.delete(user_id)
        self._rights[user_id] = None
        return removed

    async def all(self) -> list[AdminRow]:
        return await self._admins.all()


class ReportService(_Service):
    """What admins read: unanswered questions grouped, and usage statistics."""

    def __init__(self, conn: aiosqlite.Connection, clock: Callable[[], str] = utc_now) -> None:
        super().__init__(conn, clock)
        self._reports = ReportRepository(conn)

    async def unanswered(self, since: str, limit: int = 10) -> list[UnansweredGroup]:
        return await self._reports.unanswered_groups(since, limit)

    async def question(self, uid: int) -> tuple[str, str] | None:
        return await self._reports.unanswered_question(uid)

    async def dismiss(self, normalized: str) -> int:
        async with self._transaction():
            return await self._reports.close_unanswered(normalized, "dismissed")

    async def stats(self, since: str) -> dict[str, Any]:
        return {
            "per_day": await self._reports.questions_per_day(since),
            "per_region": await self._reports.questions_per_region(since),
            "top_programs": await self._reports.top_programs(since),
            "votes": await self._reports.votes_per_entry(since),
        }


class FsmService(_Service):
    """Storage of admin dialogues (aiogram FSM) that survives a restart.

    aiogram reads the state of every update, so reads are served from a write-through
    cache (this process is the only writer); writes go to the database first.
    """

    CACHE_LIMIT = 50_000

    def __init__(self, conn: aiosqlite.Connection, clock: Callable[[], str] = utc_now) -> None:
        super().__init__(conn, clock)
        self._fsm = FsmRepository(conn)
        self._cache: dict[str, tuple[str | None, dict[str, Any]]] = {}

    async def get(self, key: str) -> tuple[str | None, dict[str, Any]]:
        if key not in self._cache:
            if len(self._cache) >= self.CACHE_LIMIT:
                self._cache.clear()
            self._cache[key] = await self._fsm.get(key)
        state, data = self._cache[key]
        return state, dict(data)

    async def set_state(self, key: str, state: str | None) -> None:
        async with self._transaction():
            await self._fsm.set_state(key, state)
        _, data = await self.get(key)
        self._cache[key] = (state, data)

    async def set_data(self, key: str, data: dict[str, Any]) -> None:
        async with self._transaction():
            await self._fsm.set_data(key, data)
        state, _ = await self.get(key)
        self._cache[key] = (state, dict(data))


class UserService(_Service):
    """Users' regions, the unanswered log, votes and the question log."""

    def __init__(self, conn: aiosqlite.Connection, clock: Callable[[], str] = utc_now) -> None:
        super().__init__(conn, clock)
        self._users = UserRepository(conn)
        self._feedback = FeedbackRepository(conn)
        self._regions: dict[int, str | None] = {}

    async def region(self, user_id: int) -> str | None:
        """Read on every update, so cached; set_region writes through."""
        if user_id not in self._regions:
            if len(self._regions) >= 100_000:
                self._regions.clear()
            self._regions[user_id] = await self._users.region(user_id)
        return self._regions[user_id]

    async def set_region(self, user_id: int, region: str | None) -> None:
        async with self._transaction():
            await self._users.set_region(user_id, region, self._clock())
        self._regions[user_id] = region

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
        kind: str, unanswered_guesses: Sequence[str] | None = None,
    ) -> int:  # fmt: skip
        """Log an asked question; with `unanswered_guesses` also into the unanswered log.

        Each write is one statement, which SQLite commits atomically on its own: one round
        trip to the database thread each on the busiest path. The unanswered row is written
        first, so a crash in between can cost a statistics row, never the admins' record.
        The returned id ties votes on the answer back to the question.
        """
        now = self._clock()
        if unanswered_guesses is not None:
            await self._feedback.add_unanswered(
                asked_at=now, user_id=user_id, region=region, query=query,
                normalized=normalize(query), guesses=unanswered_guesses, reason="unknown",
            )  # fmt: skip
        return await self._feedback.log_question(
            asked_at=now, user_id=user_id, region=region, query=query, slug=slug, kind=kind
        )

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
