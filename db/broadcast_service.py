"""Subscriptions to an entry's changes and the broadcasts that tell subscribers: each
method one unit of work, as in db/service.py."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

from db.broadcast_repository import (
    BroadcastProgress,
    BroadcastRepository,
    BroadcastRow,
    Delivery,
    LeaseRepository,
    SubscriptionRepository,
)
from db.database import Database
from db.service import ServiceBase, utc_now


class SubscriptionService(ServiceBase):
    """«🔔 Өзгерсе хабарла»: who is told when an entry changes."""

    async def subscribe(self, user_id: int, slug: str) -> bool:
        """False if the user was subscribed already."""
        async with self._db.transaction() as conn:
            return await SubscriptionRepository(conn).add(user_id, slug, self._clock())

    async def unsubscribe(self, user_id: int, slug: str) -> bool:
        """False if the user was not subscribed."""
        async with self._db.transaction() as conn:
            return bool(await SubscriptionRepository(conn).remove(user_id, slug))

    async def is_subscribed(self, user_id: int, slug: str) -> bool:
        async with self._db.read() as conn:
            return await SubscriptionRepository(conn).exists(user_id, slug)

    async def count(self, slug: str) -> int:
        async with self._db.read() as conn:
            return await SubscriptionRepository(conn).count(slug)


class BroadcastService(ServiceBase):
    """Deliveries of broadcasts, claimed by one sender at a time with leases.

    The sender lease keeps one instance sending (one rate limiter for Telegram's overall
    limit); the per-delivery lease keeps a row claimed by a sender that died from being
    lost: it is taken again once its lease runs out.
    """

    SENDER = "broadcast-sender"

    def __init__(
        self, db: Database, clock: Callable[[], str] = utc_now,
        lease: timedelta = timedelta(seconds=60),
    ) -> None:  # fmt: skip
        super().__init__(db, clock)
        self.lease = lease
        # Set when a broadcast is created in this process: the sender starts at once.
        self.created = asyncio.Event()

    def announce(self) -> None:
        self.created.set()

    def _until(self) -> str:
        return (datetime.now(UTC) + self.lease).isoformat(timespec="microseconds")

    async def claim(
        self, owner: str, limit: int, *, leased_before: str | None = None
    ) -> list[Delivery] | None:
        """Up to `limit` deliveries to send now; None while another sender holds the lease.

        `leased_before`: leases given before then count as run out; a polling bot at start
        passes `start_lease()`, as no other process can be sending (one poller per token)."""
        now, until = self._clock(), self._until()
        async with self._db.transaction(urgent=True) as conn:
            if not await LeaseRepository(conn).take(self.SENDER, owner, now, until, leased_before):
                return None
            return await BroadcastRepository(conn).claim(now, until, limit, leased_before)

    def start_lease(self) -> str:
        """A time after every lease given before now."""
        return self._until()

    async def renew(self, owner: str, held: Sequence[Delivery]) -> bool:
        """Keep the sender lease and the deliveries in hand; False if the lease was lost
        (another sender took over: the deliveries are then theirs as much as ours, and
        `begin` lets only one of us send each)."""
        now, until = self._clock(), self._until()
        async with self._db.transaction(urgent=True) as conn:
            if not await LeaseRepository(conn).take(self.SENDER, owner, now, until):
                return False
            await BroadcastRepository(conn).extend(held, until)
            return True

    async def give_up(self, owner: str, held: Sequence[Delivery] = ()) -> None:
        """Stop sending: the deliveries in hand and the sender lease go back at once."""
        async with self._db.transaction(urgent=True) as conn:
            broadcasts = BroadcastRepository(conn)
            for delivery in held:
                await broadcasts.release(
                    delivery.broadcast_id, delivery.user_id, failed_attempt=False
                )
            await LeaseRepository(conn).give_up(self.SENDER, owner)

    async def begin(self, delivery: Delivery) -> bool:
        """Committed just before the message goes out (see schema.broadcast_deliveries);
        False if the delivery is no longer ours to send."""
        async with self._db.transaction(urgent=True) as conn:
            return await BroadcastRepository(conn).begin(delivery.broadcast_id, delivery.user_id)

    async def again(self, delivery: Delivery) -> None:
        """Telegram said "not now" (429): the delivery stays ours, to be sent again."""
        async with self._db.transaction(urgent=True) as conn:
            await BroadcastRepository(conn).release(
                delivery.broadcast_id, delivery.user_id, failed_attempt=False, until=self._until()
            )

    async def sent(self, delivery: Delivery) -> None:
        async with self._db.transaction(urgent=True) as conn:
            await BroadcastRepository(conn).finish(
                delivery.broadcast_id, delivery.user_id, "sent", self._clock()
            )

    async def blocked(self, delivery: Delivery) -> None:
        """The user blocked the bot: recorded, and every subscription of theirs ends."""
        async with self._db.transaction(urgent=True) as conn:
            await BroadcastRepository(conn).finish(
                delivery.broadcast_id, delivery.user_id, "blocked", self._clock()
            )
            await SubscriptionRepository(conn).remove(delivery.user_id)

    async def failed(self, delivery: Delivery, *, final: bool) -> None:
        """A send that failed: tried again after a lease unless `final` (then recorded as
        failed)."""
        async with self._db.transaction(urgent=True) as conn:
            broadcasts = BroadcastRepository(conn)
            if final:
                await broadcasts.finish(
                    delivery.broadcast_id, delivery.user_id, "failed", self._clock()
                )
            else:
                await broadcasts.release(
                    delivery.broadcast_id, delivery.user_id, failed_attempt=True,
                    until=self._until(),
                )  # fmt: skip

    async def close_finished(self) -> list[int]:
        async with self._db.transaction() as conn:
            return await BroadcastRepository(conn).close_finished(self._clock())

    async def get(self, broadcast_id: int) -> BroadcastRow | None:
        async with self._db.read() as conn:
            return await BroadcastRepository(conn).get(broadcast_id)

    async def recent(self, limit: int = 10) -> list[BroadcastProgress]:
        async with self._db.read() as conn:
            return await BroadcastRepository(conn).recent(limit)

    async def deliveries(self) -> list[tuple[int, int, str]]:
        async with self._db.read() as conn:
            return await BroadcastRepository(conn).delivered()
