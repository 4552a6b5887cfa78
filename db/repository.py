"""Queries for each table, written once with SQLAlchemy Core for SQLite and PostgreSQL.

Every repository works on the connection of one unit of work and never commits: the
service layer does.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, Text, and_, cast, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from db import schema
from db.sql import count_if, distinct_list, insert_for, to_json, upsert
from knowledge.model import Entry, entry_from_dict


def _entry_from_row(row: Any) -> Entry:
    return entry_from_dict(
        {
            "slug": row.slug,
            "title": row.title,
            "category": row.category,
            "answer": row.answer,
            "keywords": json.loads(row.keywords),
            "questions": json.loads(row.questions),
            "regions": json.loads(row.regions),
            "sources": json.loads(row.sources),
            "status": row.status,
            "updated_at": row.updated_at,
            "checked": row.checked_at or "",
        }
    )


class EntryRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def all(self) -> list[Entry]:
        t = schema.entries
        rows = await self._conn.execute(select(t).order_by(t.c.slug))
        return [_entry_from_row(row) for row in rows]

    async def get(self, slug: str, *, for_update: bool = False) -> Entry | None:
        """`for_update`: lock the row until the unit of work ends (PostgreSQL; SQLite's
        writer already holds the whole database)."""
        t = schema.entries
        query = select(t).where(t.c.slug == slug)
        if for_update:
            query = query.with_for_update()
        row = (await self._conn.execute(query)).first()
        return _entry_from_row(row) if row else None

    async def count(self) -> int:
        return int(
            (
                await self._conn.execute(select(func.count()).select_from(schema.entries))
            ).scalar_one()
        )

    async def upsert(self, entry: Entry, updated_at: str) -> None:
        data = entry.to_dict()
        values = {
            "slug": entry.slug,
            "title": entry.title,
            "category": entry.category,
            "answer": entry.answer,
            "keywords": to_json(data["keywords"]),
            "questions": to_json(data["questions"]),
            "regions": to_json(data["regions"]),
            "sources": to_json(data["sources"]),
            "status": entry.status,
            "updated_at": updated_at,
            "checked_at": entry.checked or None,
        }
        await self._conn.execute(
            upsert(self._conn, schema.entries, values, ["slug"], [k for k in values if k != "slug"])
        )


class MetaRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def get(self, key: str) -> str | None:
        t = schema.meta
        value = (await self._conn.execute(select(t.c.value).where(t.c.key == key))).scalar()
        return str(value) if value is not None else None

    async def set(self, key: str, value: str) -> None:
        await self._conn.execute(
            upsert(self._conn, schema.meta, {"key": key, "value": value}, ["key"], ["value"])
        )

    async def insert_once(self, key: str, value: str) -> bool:
        """Set `key` only if it is not set yet; True if this call set it."""
        stmt = insert_for(self._conn, schema.meta).values(key=key, value=value)
        result = await self._conn.execute(stmt.on_conflict_do_nothing(index_elements=["key"]))
        return bool(result.rowcount)


class UserRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def region(self, user_id: int) -> str | None:
        t = schema.users
        value = (
            await self._conn.execute(select(t.c.region).where(t.c.user_id == user_id))
        ).scalar()
        return str(value) if value is not None else None

    async def set_region(self, user_id: int, region: str | None, now: str) -> None:
        values = {"user_id": user_id, "region": region, "created_at": now, "updated_at": now}
        await self._conn.execute(
            upsert(self._conn, schema.users, values, ["user_id"], ["region", "updated_at"])
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


def unanswered_row(r: Any) -> UnansweredRow:
    return UnansweredRow(r.id, r.asked_at, r.user_id, r.region, r.query, r.normalized,
                         tuple(json.loads(r.guesses)), r.reason)  # fmt: skip


@dataclass(frozen=True, slots=True)
class LoggedQuestion:
    id: int
    user_id: int | None
    region: str | None
    query: str
    slug: str | None
    kind: str


class FeedbackRepository:
    """Unanswered questions, votes and the question log."""

    def __init__(self, conn: AsyncConnection) -> None:
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
            schema.unanswered.insert().values(
                asked_at=asked_at,
                user_id=user_id,
                region=region,
                query=query,
                normalized=normalized,
                guesses=json.dumps(list(guesses)),
                reason=reason,
            )
        )

    async def unanswered(self, limit: int = 100) -> list[UnansweredRow]:
        t = schema.unanswered
        rows = await self._conn.execute(select(t).order_by(t.c.id.desc()).limit(limit))
        return [unanswered_row(r) for r in rows]

    async def set_vote(
        self, *, user_id: int, answer_key: str, slug: str, vote: int, voted_at: str
    ) -> bool:
        """Store the vote once per user and answer; False if that vote was already there."""
        t = schema.votes
        stmt = insert_for(self._conn, t).values(
            user_id=user_id, answer_key=answer_key, slug=slug, vote=vote, voted_at=voted_at
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=["user_id", "answer_key"],
            set_={"vote": stmt.excluded.vote, "voted_at": stmt.excluded.voted_at},
            where=t.c.vote != stmt.excluded.vote,
        )
        return bool((await self._conn.execute(stmt)).rowcount)

    async def votes(self, slug: str) -> dict[int, int]:
        t = schema.votes
        rows = await self._conn.execute(
            select(t.c.vote, func.count()).where(t.c.slug == slug).group_by(t.c.vote)
        )
        return {int(vote): int(n) for vote, n in rows}

    async def log_question(
        self,
        *,
        asked_at: str,
        user_id: int | None,
        region: str | None,
        query: str,
        slug: str | None,
        kind: str,
    ) -> int:
        t = schema.questions_log
        result = await self._conn.execute(
            t.insert()
            .values(
                asked_at=asked_at, user_id=user_id, region=region, query=query, slug=slug, kind=kind
            )
            .returning(t.c.id)
        )
        return int(result.scalar_one())

    async def logged_question(self, question_id: int) -> LoggedQuestion | None:
        t = schema.questions_log
        row = (await self._conn.execute(select(t).where(t.c.id == question_id))).first()
        if row is None:
            return None
        return LoggedQuestion(row.id, row.user_id, row.region, row.query, row.slug, row.kind)


@dataclass(frozen=True, slots=True)
class AdminRow:
    user_id: int
    region: str | None
    granted_by: int
    granted_at: str

    @property
    def full(self) -> bool:
        """Rights over every region (and the entries themselves)."""
        return self.region is None


class AdminRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def get(self, user_id: int) -> AdminRow | None:
        t = schema.admins
        row = (await self._conn.execute(select(t).where(t.c.user_id == user_id))).first()
        return AdminRow(row.user_id, row.region, row.granted_by, row.granted_at) if row else None

    async def all(self) -> list[AdminRow]:
        t = schema.admins
        rows = await self._conn.execute(select(t).order_by(t.c.user_id))
        return [AdminRow(r.user_id, r.region, r.granted_by, r.granted_at) for r in rows]

    async def put(self, row: AdminRow) -> None:
        values = {
            "user_id": row.user_id,
            "region": row.region,
            "granted_by": row.granted_by,
            "granted_at": row.granted_at,
        }
        await self._conn.execute(
            upsert(
                self._conn,
                schema.admins,
                values,
                ["user_id"],
                ["region", "granted_by", "granted_at"],
            )
        )

    async def delete(self, user_id: int) -> bool:
        t = schema.admins
        result = await self._conn.execute(t.delete().where(t.c.user_id == user_id))
        return bool(result.rowcount)


@dataclass(frozen=True, slots=True)
class HistoryRow:
    id: int
    slug: str
    changed_at: str
    actor: int | None
    action: str
    previous: Entry | None
    current: Entry
    undone_by: int | None = None


def _entryto_json(entry: Entry) -> str:
    return to_json(entry.to_dict())


def _history_row(r: Any) -> HistoryRow:
    return HistoryRow(
        r.id,
        r.slug,
        r.changed_at,
        r.actor,
        r.action,
        entry_from_dict(json.loads(r.previous)) if r.previous else None,
        entry_from_dict(json.loads(r.current)),
        r.undone_by,
    )


class HistoryRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def add(
        self,
        *,
        slug: str,
        changed_at: str,
        actor: int | None,
        action: str,
        previous: Entry | None,
        current: Entry,
    ) -> int:
        t = schema.entry_history
        result = await self._conn.execute(
            t.insert()
            .values(
                slug=slug,
                changed_at=changed_at,
                actor=actor,
                action=action,
                previous=_entryto_json(previous) if previous else None,
                current=_entryto_json(current),
            )
            .returning(t.c.id)
        )
        return int(result.scalar_one())

    async def for_slug(self, slug: str, limit: int = 50) -> list[HistoryRow]:
        t = schema.entry_history
        rows = await self._conn.execute(
            select(t).where(t.c.slug == slug).order_by(t.c.id.desc()).limit(limit)
        )
        return [_history_row(r) for r in rows]

    async def last_undoable(self, slug: str) -> HistoryRow | None:
        """The newest change that is neither an undo nor already undone."""
        t = schema.entry_history
        row = (
            await self._conn.execute(
                select(t)
                .where(t.c.slug == slug, t.c.action != "undo", t.c.undone_by.is_(None))
                .order_by(t.c.id.desc())
                .limit(1)
            )
        ).first()
        return _history_row(row) if row else None

    async def mark_undone(self, history_id: int, undo_id: int) -> None:
        t = schema.entry_history
        await self._conn.execute(update(t).where(t.c.id == history_id).values(undone_by=undo_id))


class FsmRepository:
    """Dialogues in progress, so that a restart does not lose them."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def get(self, key: str) -> tuple[str | None, dict[str, Any]]:
        t = schema.fsm_state
        row = (await self._conn.execute(select(t.c.state, t.c.data).where(t.c.key == key))).first()
        return (row.state, json.loads(row.data)) if row else (None, {})

    async def set_state(self, key: str, state: str | None) -> None:
        await self._conn.execute(
            upsert(self._conn, schema.fsm_state, {"key": key, "state": state}, ["key"], ["state"])
        )

    async def set_data(self, key: str, data: dict[str, Any]) -> None:
        await self._conn.execute(
            upsert(
                self._conn, schema.fsm_state, {"key": key, "data": to_json(data)}, ["key"], ["data"]
            )
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


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(sorted(value.split(","))) if value else ()


class ReportRepository:
    """Grouped unanswered questions and usage statistics for admins."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def unanswered_groups(
        self, since: str, limit: int, region: str | None = None, offset: int = 0
    ) -> list[UnansweredGroup]:
        """Open questions grouped by their normalized text; `region`: only that region's."""
        t = schema.unanswered
        n = func.count()
        query = (
            select(
                func.max(t.c.id),
                t.c.normalized,
                func.max(t.c.query),
                n,
                distinct_list(t.c.region),
                func.max(t.c.asked_at),
                distinct_list(t.c.reason),
            )
            .where(t.c.status == "open", t.c.asked_at >= since, t.c.normalized != "")
            .group_by(t.c.normalized)
            .order_by(n.desc(), func.max(t.c.asked_at).desc())
            .limit(limit)
            .offset(offset)
        )
        if region is not None:
            query = query.where(t.c.region == region)
        rows = await self._conn.execute(query)
        return [
            UnansweredGroup(int(r[0]), r[1], r[2], int(r[3]), _split(r[4]), r[5], _split(r[6]))
            for r in rows
        ]

    async def unanswered_question(self, uid: int) -> UnansweredRow | None:
        t = schema.unanswered
        r = (await self._conn.execute(select(t).where(t.c.id == uid))).first()
        if r is None:
            return None
        return unanswered_row(r)

    async def close_unanswered(
        self, normalized: str, status: str, region: str | None = None
    ) -> int:
        """Close the open questions with this text; `region`: only that region's."""
        t = schema.unanswered
        condition = and_(t.c.normalized == normalized, t.c.status == "open")
        if region is not None:
            condition = and_(condition, t.c.region == region)
        result = await self._conn.execute(update(t).where(condition).values(status=status))
        return int(result.rowcount)

    async def questions_per_day(
        self, since: str, region: str | None = None
    ) -> list[tuple[str, int, int]]:
        """(day, questions, answered) per day; `region`: only that region's questions."""
        t = schema.questions_log
        day = func.substr(t.c.asked_at, 1, 10)
        rows = await self._conn.execute(
            select(day, func.count(), count_if(t.c.kind == "answer"))
            .where(t.c.asked_at >= since, _asked(t), *_in_region(t, region))
            .group_by(day)
            .order_by(day)
        )
        return [(r[0], int(r[1]), int(r[2])) for r in rows]

    async def questions_per_region(self, since: str) -> list[tuple[str | None, int, int]]:
        t = schema.questions_log
        rows = await self._conn.execute(
            select(t.c.region, func.count(), count_if(t.c.kind == "answer"))
            .where(t.c.asked_at >= since, _asked(t))
            .group_by(t.c.region)
            .order_by(func.count().desc())
        )
        return [(r[0], int(r[1]), int(r[2])) for r in rows]

    async def top_programs(
        self, since: str, limit: int = 5, region: str | None = None
    ) -> list[tuple[str, int]]:
        t = schema.questions_log
        rows = await self._conn.execute(
            select(t.c.slug, func.count())
            .where(t.c.asked_at >= since, t.c.slug.is_not(None), _asked(t), *_in_region(t, region))
            .group_by(t.c.slug)
            .order_by(func.count().desc(), t.c.slug)
            .limit(limit)
        )
        return [(r[0], int(r[1])) for r in rows]

    async def votes_per_entry(
        self, since: str, region: str | None = None
    ) -> list[tuple[str, int, int]]:
        """(slug, 👍, 👎); `region`: votes on answers to that region's questions."""
        t = schema.votes
        query = (
            select(t.c.slug, count_if(t.c.vote == 1), count_if(t.c.vote == -1))
            .where(t.c.voted_at >= since)
            .group_by(t.c.slug)
            .order_by(t.c.slug)
        )
        if region is not None:
            q = schema.questions_log
            # A vote's answer_key is the id of the logged question it rates.
            query = query.join(q, t.c.answer_key == cast(q.c.id, Text)).where(q.c.region == region)
        rows = await self._conn.execute(query)
        return [(r[0], int(r[1]), int(r[2])) for r in rows]

    async def waiting_per_region(
        self, region: str | None = None
    ) -> list[tuple[str | None, int, str]]:
        """(region, open questions, when the oldest was asked), most waiting first."""
        t = schema.unanswered
        n = func.count()
        query = (
            select(t.c.region, n, func.min(t.c.asked_at))
            .where(t.c.status == "open", *_in_region(t, region))
            .group_by(t.c.region)
            .order_by(n.desc(), t.c.region)
        )
        rows = await self._conn.execute(query)
        return [(r[0], int(r[1]), r[2]) for r in rows]


def _in_region(t: Table, region: str | None) -> list[Any]:
    return [] if region is None else [t.c.region == region]


def _asked(t: Table) -> Any:
    """Questions people typed; answers opened from buttons are logged too, as kind 'open'."""
    return t.c.kind != "open"


@dataclass(frozen=True, slots=True)
class InboxItem:
    update_id: int
    payload: str


class InboxRepository:
    """Updates stored before they are acknowledged, handled once each."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def add(self, update_id: int, payload: str, now: str, lease_until: str) -> bool:
        """Store a new update; False if this update_id was already received (a duplicate)."""
        stmt = insert_for(self._conn, schema.inbox).values(
            update_id=update_id, payload=payload, received_at=now, lease_until=lease_until
        )
        result = await self._conn.execute(stmt.on_conflict_do_nothing(index_elements=["update_id"]))
        return bool(result.rowcount)

    async def claim_expired(self, now: str, lease_until: str, limit: int) -> list[InboxItem]:
        """Pending updates whose holder's lease ran out (it crashed), taken over by us."""
        t = schema.inbox
        query = (
            select(t.c.update_id, t.c.payload)
            .where(t.c.done_at.is_(None), t.c.lease_until < now)
            .order_by(t.c.update_id)
            .limit(limit)
        )
        if self._conn.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        rows = list(await self._conn.execute(query))
        if rows:
            ids = [r.update_id for r in rows]
            await self._conn.execute(
                update(t).where(t.c.update_id.in_(ids)).values(lease_until=lease_until)
            )
        return [InboxItem(r.update_id, r.payload) for r in rows]

    async def done(self, update_id: int, now: str) -> None:
        t = schema.inbox
        await self._conn.execute(update(t).where(t.c.update_id == update_id).values(done_at=now))

    async def prune(self, before: str) -> int:
        """Forget handled updates older than `before` (Telegram redelivers for a day at most)."""
        t = schema.inbox
        result = await self._conn.execute(
            t.delete().where(t.c.done_at.is_not(None), t.c.received_at < before)
        )
        return int(result.rowcount)

    async def pending(self) -> int:
        t = schema.inbox
        query = select(func.count()).select_from(t).where(t.c.done_at.is_(None))
        return int((await self._conn.execute(query)).scalar_one())
