"""Queries for admins' replies to parents' unanswered questions (one row per parent)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from db import schema
from db.repository import UnansweredRow, unanswered_row


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


def _open_in_group(question: UnansweredRow) -> Any:
    """Open questions asked with the same words in the same region (or both with none)."""
    t = schema.unanswered
    same_region = t.c.region.is_(None) if question.region is None else t.c.region == question.region
    return and_(t.c.normalized == question.normalized, t.c.status == "open", same_region)


class ReplyRepository:
    """Admins' replies to unanswered questions, one row per parent."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def group_recipients(self, question: UnansweredRow) -> list[UnansweredRow]:
        """The open questions asked with the same words in the same region, one per parent."""
        t = schema.unanswered
        rows = await self._conn.execute(select(t).where(_open_in_group(question)).order_by(t.c.id))
        seen: set[int] = set()
        found = []
        for r in rows:
            if r.user_id is None or r.user_id in seen:
                continue
            seen.add(r.user_id)
            found.append(unanswered_row(r))
        return found

    async def close_group(self, question: UnansweredRow) -> int:
        t = schema.unanswered
        result = await self._conn.execute(
            update(t).where(_open_in_group(question)).values(status="replied")
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
