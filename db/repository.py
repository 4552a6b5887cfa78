"""Queries for each table, written once with SQLAlchemy Core for SQLite and PostgreSQL.

Every repository works on the connection of one unit of work and never commits: the
service layer does.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, Table, Text, and_, case, cast, func, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.dml import Insert
from sqlalchemy.sql.functions import GenericFunction

from db import schema
from knowledge.model import Entry, entry_from_dict


class distinct_list(GenericFunction[str]):
    """The distinct non-null values of a column joined by commas (GROUP_CONCAT / string_agg)."""

    name = "distinct_list"
    inherit_cache = True


@compiles(distinct_list, "sqlite")
def _distinct_list_sqlite(element: distinct_list, compiler: Any, **kw: Any) -> str:
    return f"GROUP_CONCAT(DISTINCT {compiler.process(element.clauses, **kw)})"


@compiles(distinct_list, "postgresql")
def _distinct_list_postgresql(element: distinct_list, compiler: Any, **kw: Any) -> str:
    return f"string_agg(DISTINCT {compiler.process(element.clauses, **kw)}, ',')"


def _insert(conn: AsyncConnection, table: Table) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT on both backends."""
    module = postgresql if conn.dialect.name == "postgresql" else sqlite
    return module.insert(table)


def _upsert(
    conn: AsyncConnection,
    table: Table,
    values: dict[str, Any],
    keys: Sequence[str],
    update_columns: Sequence[str],
) -> Insert:
    stmt = _insert(conn, table).values(**values)
    return stmt.on_conflict_do_update(  # type: ignore[no-any-return]
        index_elements=list(keys), set_={c: stmt.excluded[c] for c in update_columns}
    )


def _count_if(condition: Any) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


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
            "keywords": _json(data["keywords"]),
            "questions": _json(data["questions"]),
            "regions": _json(data["regions"]),
            "sources": _json(data["sources"]),
            "status": entry.status,
            "updated_at": updated_at,
            "checked_at": entry.checked or None,
        }
        await self._conn.execute(
            _upsert(
                self._conn, schema.entries, values, ["slug"], [k for k in values if k != "slug"]
            )
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
            _upsert(self._conn, schema.meta, {"key": key, "value": value}, ["key"], ["value"])
        )

    async def insert_once(self, key: str, value: str) -> bool:
        """Set `key` only if it is not set yet; True if this call set it."""
        stmt = _insert(self._conn, schema.meta).values(key=key, value=value)
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
            _upsert(self._conn, schema.users, values, ["user_id"], ["region", "updated_at"])
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


def _unanswered_row(r: Any) -> UnansweredRow:
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
        return [_unanswered_row(r) for r in rows]

    async def set_vote(
        self, *, user_id: int, answer_key: str, slug: str, vote: int, voted_at: str
    ) -> bool:
        """Store the vote once per user and answer; False if that vote was already there."""
        t = schema.votes
        stmt = _insert(self._conn, t).values(
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
            _upsert(
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


def _entry_json(entry: Entry) -> str:
    return _json(entry.to_dict())


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
                previous=_entry_json(previous) if previous else None,
                current=_entry_json(current),
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
            _upsert(self._conn, schema.fsm_state, {"key": key, "state": state}, ["key"], ["state"])
        )

    async def set_data(self, key: str, data: dict[str, Any]) -> None:
        await self._conn.execute(
            _upsert(
                self._conn, schema.fsm_state, {"key": key, "data": _json(data)}, ["key"], ["data"]
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
        return _unanswered_row(r)

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
            select(day, func.count(), _count_if(t.c.kind == "answer"))
            .where(t.c.asked_at >= since, _asked(t), *_in_region(t, region))
            .group_by(day)
            .order_by(day)
        )
        return [(r[0], int(r[1]), int(r[2])) for r in rows]

    async def questions_per_region(self, since: str) -> list[tuple[str | None, int, int]]:
        t = schema.questions_log
        rows = await self._conn.execute(
            select(t.c.region, func.count(), _count_if(t.c.kind == "answer"))
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
            select(t.c.slug, _count_if(t.c.vote == 1), _count_if(t.c.vote == -1))
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
        stmt = _insert(self._conn, schema.inbox).values(
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


@dataclass(frozen=True, slots=True)
class ReplyRow:
    id: int
    question_id: int
    user_id: int
    region: str | None
    query: str
    text: str
    status: str
    vote: int | None = None


def _reply_row(r: Any) -> ReplyRow:
    return ReplyRow(r.id, r.question_id, r.user_id, r.region, r.query, r.text, r.status, r.vote)


class ReplyRepository:
    """Admins' replies to unanswered questions, one row per parent."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def group_recipients(self, question: UnansweredRow) -> list[UnansweredRow]:
        """The open questions asked with the same words in the same region, one per parent."""
        t = schema.unanswered
        same_region = (
            t.c.region.is_(None) if question.region is None else t.c.region == question.region
        )
        rows = await self._conn.execute(
            select(t)
            .where(t.c.normalized == question.normalized, t.c.status == "open", same_region)
            .order_by(t.c.id)
        )
        seen: set[int] = set()
        found = []
        for r in rows:
            if r.user_id is None or r.user_id in seen:
                continue
            seen.add(r.user_id)
            found.append(
                UnansweredRow(
                    r.id,
                    r.asked_at,
                    r.user_id,
                    r.region,
                    r.query,
                    r.normalized,
                    tuple(json.loads(r.guesses)),
                    r.reason,
                )
            )
        return found

    async def close_group(self, question: UnansweredRow) -> int:
        t = schema.unanswered
        same_region = (
            t.c.region.is_(None) if question.region is None else t.c.region == question.region
        )
        result = await self._conn.execute(
            update(t)
            .where(t.c.normalized == question.normalized, t.c.status == "open", same_region)
            .values(status="replied")
        )
        return int(result.rowcount)

    async def add(
        self, *, question: UnansweredRow, user_id: int, admin_id: int | None, text: str, now: str
    ) -> int:
        t = schema.question_replies
        result = await self._conn.execute(
            t.insert()
            .values(
                question_id=question.id,
                user_id=user_id,
                region=question.region,
                query=question.query,
                admin_id=admin_id,
                text=text,
                created_at=now,
            )
            .returning(t.c.id)
        )
        return int(result.scalar_one())

    async def get(self, reply_id: int) -> ReplyRow | None:
        t = schema.question_replies
        row = (await self._conn.execute(select(t).where(t.c.id == reply_id))).first()
        return _reply_row(row) if row else None

    async def set_status(self, reply_id: int, status: str, now: str) -> None:
        t = schema.question_replies
        await self._conn.execute(
            update(t).where(t.c.id == reply_id).values(status=status, delivered_at=now)
        )

    async def claim(self, reply_id: int, now: str) -> bool:
        """Take a pending reply for sending (its delivered_at marks the attempt): True for
        exactly one caller, so a reply is never sent twice."""
        t = schema.question_replies
        result = await self._conn.execute(
            update(t)
            .where(t.c.id == reply_id, t.c.status == "pending", t.c.delivered_at.is_(None))
            .values(delivered_at=now)
        )
        return bool(result.rowcount)

    async def unsent(self, before: str, limit: int) -> list[ReplyRow]:
        """Pending replies written before `before` that nobody took for sending (the process
        that wrote them stopped in between)."""
        t = schema.question_replies
        rows = await self._conn.execute(
            select(t)
            .where(t.c.status == "pending", t.c.delivered_at.is_(None), t.c.created_at < before)
            .order_by(t.c.id)
            .limit(limit)
        )
        return [_reply_row(r) for r in rows]

    async def set_vote(self, reply_id: int, vote: int) -> bool:
        """False if the parent had already voted so."""
        t = schema.question_replies
        result = await self._conn.execute(
            update(t)
            .where(t.c.id == reply_id, (t.c.vote.is_(None)) | (t.c.vote != vote))
            .values(vote=vote)
        )
        return bool(result.rowcount)

    async def by_status(self, status: str, limit: int = 100) -> list[ReplyRow]:
        t = schema.question_replies
        rows = await self._conn.execute(
            select(t).where(t.c.status == status).order_by(t.c.id).limit(limit)
        )
        return [_reply_row(r) for r in rows]


class SubscriptionRepository:
    """Who is told when an entry changes."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def add(self, user_id: int, slug: str, now: str) -> bool:
        """Subscribe; False if the user was subscribed already."""
        stmt = _insert(self._conn, schema.subscriptions).values(
            user_id=user_id, slug=slug, created_at=now
        )
        result = await self._conn.execute(
            stmt.on_conflict_do_nothing(index_elements=["user_id", "slug"])
        )
        return bool(result.rowcount)

    async def remove(self, user_id: int, slug: str | None = None) -> int:
        """Unsubscribe from one entry, or (`slug` None) from every entry."""
        t = schema.subscriptions
        condition = t.c.user_id == user_id
        if slug is not None:
            condition = and_(condition, t.c.slug == slug)
        return int((await self._conn.execute(t.delete().where(condition))).rowcount)

    async def exists(self, user_id: int, slug: str) -> bool:
        t = schema.subscriptions
        query = select(t.c.user_id).where(t.c.user_id == user_id, t.c.slug == slug)
        return (await self._conn.execute(query)).first() is not None

    async def count(self, slug: str) -> int:
        t = schema.subscriptions
        query = select(func.count()).select_from(t).where(t.c.slug == slug)
        return int((await self._conn.execute(query)).scalar_one())


@dataclass(frozen=True, slots=True)
class BroadcastRow:
    id: int
    slug: str
    text: str
    created_by: int | None
    created_at: str
    finished_at: str | None


@dataclass(frozen=True, slots=True)
class BroadcastProgress:
    broadcast: BroadcastRow
    sent: int
    pending: int
    failed: int
    blocked: int


@dataclass(frozen=True, slots=True)
class Delivery:
    broadcast_id: int
    user_id: int
    attempts: int


def _broadcast_row(r: Any) -> BroadcastRow:
    return BroadcastRow(r.id, r.slug, r.text, r.created_by, r.created_at, r.finished_at)


class BroadcastRepository:
    """Broadcasts and their per-recipient deliveries."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def create(self, *, slug: str, text: str, created_by: int | None, now: str) -> int:
        """A broadcast to everyone subscribed to `slug` now: one pending delivery each."""
        b, d, s = schema.broadcasts, schema.broadcast_deliveries, schema.subscriptions
        result = await self._conn.execute(
            b.insert()
            .values(slug=slug, text=text, created_by=created_by, created_at=now)
            .returning(b.c.id)
        )
        broadcast_id = int(result.scalar_one())
        recipients = select(
            literal(broadcast_id, Integer).label("broadcast_id"), s.c.user_id
        ).where(s.c.slug == slug)
        await self._conn.execute(d.insert().from_select(["broadcast_id", "user_id"], recipients))
        return broadcast_id

    async def get(self, broadcast_id: int) -> BroadcastRow | None:
        b = schema.broadcasts
        row = (await self._conn.execute(select(b).where(b.c.id == broadcast_id))).first()
        return _broadcast_row(row) if row else None

    async def claim(
        self, now: str, lease_until: str, limit: int, expired_before: str | None = None
    ) -> list[Delivery]:
        """Pending deliveries nobody holds (or whose holder's lease ran out), now ours,
        oldest broadcast first. `expired_before`: leases given before then count as run out
        (default `now`)."""
        d = schema.broadcast_deliveries
        expired = expired_before or now
        query = (
            select(d.c.broadcast_id, d.c.user_id, d.c.attempts)
            .where(
                d.c.status == "pending",
                (d.c.lease_until.is_(None)) | (d.c.lease_until < expired),
            )
            .order_by(d.c.broadcast_id, d.c.user_id)
            .limit(limit)
        )
        if self._conn.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        # Messages whose sender died mid-send may have arrived: failed, never sent twice.
        await self._conn.execute(
            update(d)
            .where(d.c.status == "sending", d.c.lease_until < expired)
            .values(status="failed", done_at=now, lease_until=None)
        )
        rows = list(await self._conn.execute(query))
        for broadcast_id in {r.broadcast_id for r in rows}:
            users = [r.user_id for r in rows if r.broadcast_id == broadcast_id]
            await self._conn.execute(
                update(d)
                .where(d.c.broadcast_id == broadcast_id, d.c.user_id.in_(users))
                .values(lease_until=lease_until)
            )
        return [Delivery(r.broadcast_id, r.user_id, r.attempts) for r in rows]

    async def extend(self, held: Sequence[Delivery], lease_until: str) -> None:
        """Renew the lease of deliveries still in hand (a slow batch, long 429 pauses)."""
        d = schema.broadcast_deliveries
        for broadcast_id in {h.broadcast_id for h in held}:
            users = [h.user_id for h in held if h.broadcast_id == broadcast_id]
            await self._conn.execute(
                update(d)
                .where(
                    d.c.broadcast_id == broadcast_id,
                    d.c.user_id.in_(users),
                    d.c.status.in_(("pending", "sending")),
                )
                .values(lease_until=lease_until)
            )

    async def begin(self, broadcast_id: int, user_id: int) -> bool:
        """Mark a claimed delivery as being sent now; False if it is no longer pending."""
        d = schema.broadcast_deliveries
        result = await self._conn.execute(
            update(d)
            .where(
                d.c.broadcast_id == broadcast_id, d.c.user_id == user_id, d.c.status == "pending"
            )
            .values(status="sending")
        )
        return bool(result.rowcount)

    async def finish(self, broadcast_id: int, user_id: int, status: str, now: str) -> bool:
        """Record a delivery's outcome; False if it was not in hand (someone else's)."""
        d = schema.broadcast_deliveries
        result = await self._conn.execute(
            update(d)
            .where(
                d.c.broadcast_id == broadcast_id,
                d.c.user_id == user_id,
                d.c.status.in_(("pending", "sending")),
            )
            .values(status=status, done_at=now, lease_until=None, attempts=d.c.attempts + 1)
        )
        return bool(result.rowcount)

    async def release(
        self, broadcast_id: int, user_id: int, *, failed_attempt: bool, until: str | None = None
    ) -> None:
        """Give a claimed delivery back, to be sent again (by anyone) at once, or after
        `until` (a failed attempt waits a lease before the next)."""
        d = schema.broadcast_deliveries
        values: dict[str, Any] = {"lease_until": until, "status": "pending"}
        if failed_attempt:
            values["attempts"] = d.c.attempts + 1
        await self._conn.execute(
            update(d)
            .where(
                d.c.broadcast_id == broadcast_id,
                d.c.user_id == user_id,
                d.c.status.in_(("pending", "sending")),
            )
            .values(**values)
        )

    async def close_finished(self, now: str) -> list[int]:
        """Mark broadcasts with no pending delivery left as finished; their ids."""
        b, d = schema.broadcasts, schema.broadcast_deliveries
        pending = select(d.c.broadcast_id).where(
            d.c.broadcast_id == b.c.id, d.c.status.in_(("pending", "sending"))
        )
        query = select(b.c.id).where(b.c.finished_at.is_(None), ~pending.exists())
        ids = [int(r[0]) for r in await self._conn.execute(query)]
        if ids:
            await self._conn.execute(update(b).where(b.c.id.in_(ids)).values(finished_at=now))
        return ids

    async def recent(self, limit: int) -> list[BroadcastProgress]:
        b, d = schema.broadcasts, schema.broadcast_deliveries
        counts = (
            select(
                d.c.broadcast_id,
                _count_if(d.c.status == "sent").label("sent"),
                _count_if(d.c.status.in_(("pending", "sending"))).label("pending"),
                _count_if(d.c.status == "failed").label("failed"),
                _count_if(d.c.status == "blocked").label("blocked"),
            )
            .group_by(d.c.broadcast_id)
            .subquery()
        )
        query = (
            select(b, counts.c.sent, counts.c.pending, counts.c.failed, counts.c.blocked)
            .outerjoin(counts, counts.c.broadcast_id == b.c.id)
            .order_by(b.c.id.desc())
            .limit(limit)
        )
        return [
            BroadcastProgress(
                _broadcast_row(r),
                int(r.sent or 0),
                int(r.pending or 0),
                int(r.failed or 0),
                int(r.blocked or 0),
            )
            for r in await self._conn.execute(query)
        ]

    async def delivered(self) -> list[tuple[int, int, str]]:
        """(broadcast_id, user_id, status) of every delivery, for checks and benchmarks."""
        d = schema.broadcast_deliveries
        rows = await self._conn.execute(
            select(d.c.broadcast_id, d.c.user_id, d.c.status).order_by(
                d.c.broadcast_id, d.c.user_id
            )
        )
        return [(int(r[0]), int(r[1]), str(r[2])) for r in rows]


class LeaseRepository:
    """A named lease in the meta table: one holder at a time across every instance (the
    broadcast sender, so that Telegram's overall limit is kept by one rate limiter)."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def take(
        self, name: str, owner: str, now: str, until: str, expired_before: str | None = None
    ) -> bool:
        """Take or renew the lease; False while another owner holds an unexpired one
        (`expired_before`: one given before then counts as run out; default `now`)."""
        t = schema.meta
        key = f"lease:{name}"
        stmt = _insert(self._conn, t).values(key=key, value=f"|{now}")
        await self._conn.execute(stmt.on_conflict_do_nothing(index_elements=["key"]))
        query = select(t.c.value).where(t.c.key == key)
        if self._conn.dialect.name == "postgresql":
            query = query.with_for_update()
        holder, _, held_until = str((await self._conn.execute(query)).scalar_one()).partition("|")
        if holder not in ("", owner) and held_until >= (expired_before or now):
            return False
        await self._conn.execute(update(t).where(t.c.key == key).values(value=f"{owner}|{until}"))
        return True

    async def give_up(self, name: str, owner: str) -> None:
        t = schema.meta
        await self._conn.execute(
            update(t).where(t.c.key == f"lease:{name}", t.c.value.startswith(f"{owner}|"))
            .values(value="|")
        )  # fmt: skip
