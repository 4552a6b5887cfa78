"""Queries for subscriptions to an entry's changes, broadcasts with a delivery row per
recipient, and the leases that let one instance send at a time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, and_, func, literal, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from db import schema
from db.sql import count_if, insert_for


class SubscriptionRepository:
    """Who is told when an entry changes."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def add(self, user_id: int, slug: str, now: str) -> bool:
        """Subscribe; False if the user was subscribed already."""
        stmt = insert_for(self._conn, schema.subscriptions).values(
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
                count_if(d.c.status == "sent").label("sent"),
                count_if(d.c.status.in_(("pending", "sending"))).label("pending"),
                count_if(d.c.status == "failed").label("failed"),
                count_if(d.c.status == "blocked").label("blocked"),
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
        stmt = insert_for(self._conn, t).values(key=key, value=f"|{now}")
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
