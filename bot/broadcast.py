"""Sending broadcasts in the background, within Telegram's limits, resumable after a restart.

Telegram takes about 30 messages a second from a bot overall. One sender at a time (a
lease in the database, so with several instances only one sends) paces every message through
one leaky-bucket limiter at `BROADCAST_RATE`, which leaves room for the answers to questions
sent meanwhile. A 429 pauses every sending worker for the time Telegram asks and the message
is sent again; a user who blocked the bot (403) is recorded and unsubscribed.

Each delivery is a row: claimed with a lease, marked 'sending' (committed) just before its
message goes out and 'sent' right after Telegram accepted it. On a clean stop (SIGTERM) the
messages in flight are finished and recorded, the rest given back; after a crash the claimed
rows return when their lease runs out, and the few that were mid-send at the crash (at most
`CONCURRENCY`) are recorded as failed rather than risk telling anyone twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections import deque
from collections.abc import Callable
from typing import Any

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramRetryAfter,
)
from aiogram.types import InlineKeyboardMarkup
from aiolimiter import AsyncLimiter

from db.broadcast_repository import BroadcastRow, Delivery
from db.broadcast_service import BroadcastService

log = logging.getLogger("bilimbot.broadcast")

BROADCAST_RATE = 25.0  # messages/s: under Telegram's ~30/s, with room for answers meanwhile
CONCURRENCY = 8  # sends in flight: the limiter, not the round trip, sets the pace
BATCH = 200  # deliveries claimed at a time (well within a lease at BROADCAST_RATE)
IDLE = 5.0  # seconds between looks for new broadcasts (made on another instance)
MAX_ATTEMPTS = 5  # network or server errors before a delivery is recorded as failed
RETRY_DELAY = 5.0  # after the database failed

Keyboard = Callable[[str], InlineKeyboardMarkup | None]


class Broadcaster:
    """The background sender: one per process, started and stopped by the app."""

    def __init__(
        self,
        bot: Bot,
        service: BroadcastService,
        keyboard: Keyboard,
        *,
        rate: float = BROADCAST_RATE,
        concurrency: int = CONCURRENCY,
        batch: int = BATCH,
        idle: float = IDLE,
        max_attempts: int = MAX_ATTEMPTS,
    ) -> None:
        self._bot = bot
        self._service = service
        self._keyboard = keyboard
        # Capacity 1: no burst, every message at least 1/rate s after the one before.
        self._limiter = AsyncLimiter(1, 1.0 / rate)
        self._concurrency = concurrency
        self._batch = batch
        self._idle = idle
        self._max_attempts = max_attempts
        self.owner = uuid.uuid4().hex  # this process, as the holder of leases
        self._wake = service.created  # set when a broadcast is made in this process
        self._resume_at = 0.0  # loop time before which nobody sends (after a 429)
        self._rows: dict[int, BroadcastRow | None] = {}
        self.sent = 0

    def wake(self) -> None:
        """A broadcast was just created here: start at once instead of at the next look."""
        self._wake.set()

    async def run(self, stop: asyncio.Event, *, orphans: bool = False) -> None:
        """Send until `stop` is set; then finish what is in flight and give the rest back.

        `orphans`: whatever another sender held is ours at once (a polling bot: the only
        process of its token, so a holder can only be the previous run, killed)."""
        leased_before = self._service.start_lease() if orphans else None
        try:
            while not stop.is_set():
                try:
                    batch = await self._service.claim(
                        self.owner, self._batch, leased_before=leased_before
                    )
                except Exception:  # noqa: BLE001 (the database may be away for a while)
                    log.warning("could not claim deliveries; trying again later")
                    await _wait(stop, self._wake, RETRY_DELAY)
                    continue
                if not batch:
                    if batch is not None:  # the sender: nothing pending, close what ended
                        await self._close_finished()
                    await _wait(stop, self._wake, self._idle)
                    continue
                await self._send_batch(batch, stop)
                await self._close_finished()
        finally:
            with contextlib.suppress(Exception):
                await self._service.give_up(self.owner)

    async def _close_finished(self) -> None:
        try:
            for broadcast_id in await self._service.close_finished():
                log.info("broadcast %s finished", broadcast_id)
                self._rows.pop(broadcast_id, None)
        except Exception:  # noqa: BLE001
            log.warning("could not close finished broadcasts")

    async def _send_batch(self, batch: list[Delivery], stop: asyncio.Event) -> None:
        queue = deque(batch)
        workers = [
            asyncio.create_task(self._worker(queue, stop), name=f"broadcast-worker-{i}")
            for i in range(min(self._concurrency, len(batch)))
        ]
        # A batch outlasting a third of the lease (long 429 pauses) renews it, so that no
        # other instance starts sending beside this one.
        keeper = asyncio.create_task(self._keep_leases(queue), name="broadcast-leases")
        try:
            await asyncio.gather(*workers)
        finally:
            keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await keeper
        if queue:  # stopping: the rest goes back for the next sender
            with contextlib.suppress(Exception):
                await self._service.give_up(self.owner, list(queue))

    async def _keep_leases(self, queue: deque[Delivery]) -> None:
        every = self._service.lease.total_seconds() / 3
        while True:
            await asyncio.sleep(every)
            try:
                await self._service.renew(self.owner, list(queue))
            except Exception:  # noqa: BLE001 (the database may be away for a moment)
                log.warning("could not renew the broadcast leases")

    async def _worker(self, queue: deque[Delivery], stop: asyncio.Event) -> None:
        loop = asyncio.get_running_loop()
        while queue and not stop.is_set():
            delay = self._resume_at - loop.time()
            if delay > 0:
                await _wait(stop, None, delay)
                continue
            delivery = queue.popleft()
            row = await self._row(delivery.broadcast_id)
            if row is None:
                continue
            try:
                if not await self._service.begin(delivery):
                    continue  # no longer ours (its lease ran out and another sender took it)
                # The limiter is passed right before the send: a wait on the database after
                # it would bunch messages that the limiter spaced out.
                await self._paced(loop)
                await self._deliver(delivery, row, queue)
            except Exception:  # noqa: BLE001 (recording failed: the lease brings it back)
                log.warning("could not record a delivery of broadcast %s", row.id)

    async def _paced(self, loop: asyncio.AbstractEventLoop) -> None:
        """Wait for the limiter; during a 429 pause, wait it out and pass the limiter again,
        so that the workers waiting meanwhile do not all send at once when it ends."""
        while True:
            await self._limiter.acquire()
            delay = self._resume_at - loop.time()
            if delay <= 0:
                return
            await asyncio.sleep(delay)

    async def _row(self, broadcast_id: int) -> BroadcastRow | None:
        if broadcast_id not in self._rows:
            self._rows[broadcast_id] = await self._service.get(broadcast_id)
        return self._rows[broadcast_id]

    async def _deliver(self, delivery: Delivery, row: BroadcastRow, queue: deque[Delivery]) -> None:
        try:
            await self._bot.send_message(
                delivery.user_id, row.text, reply_markup=self._keyboard(row.slug)
            )
        except TelegramRetryAfter as error:
            loop = asyncio.get_running_loop()
            self._resume_at = max(self._resume_at, loop.time() + error.retry_after)
            log.warning("broadcast rate-limited; pausing %ss", error.retry_after)
            await self._service.again(delivery)
            queue.appendleft(delivery)  # the same message again, not counted as a failure
            return
        except TelegramForbiddenError:
            await self._service.blocked(delivery)
            return
        except TelegramBadRequest as error:  # chat not found and the like: never will work
            log.warning("broadcast %s: undeliverable (%s)", row.id, type(error).__name__)
            await self._service.failed(delivery, final=True)
            return
        except Exception as error:  # noqa: BLE001 (network, server: tried again later)
            final = delivery.attempts + 1 >= self._max_attempts
            log.warning("broadcast %s: send failed (%s)", row.id, type(error).__name__)
            await self._service.failed(delivery, final=final)
            return
        self.sent += 1
        await self._service.sent(delivery)


async def _wait(stop: asyncio.Event, wake: asyncio.Event | None, seconds: float) -> None:
    """Sleep up to `seconds`, less if stopping (or woken)."""
    events: list[asyncio.Future[Any]] = [asyncio.ensure_future(stop.wait())]
    if wake is not None:
        events.append(asyncio.ensure_future(wake.wait()))
    try:
        await asyncio.wait(events, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for event in events:
            event.cancel()
        if wake is not None:
            wake.clear()
