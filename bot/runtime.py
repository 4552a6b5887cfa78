"""Running updates so that none is lost: each is stored in the inbox before Telegram is told
it arrived, handled once, and marked done. After a crash (or on another instance, once the
crashed holder's lease ran out) what was stored but not done is handled again.

Polling: the next getUpdates call is what acknowledges the previous batch, and it is made
only after the batch is stored. Webhook: the HTTP 200 is sent only after the update is
stored. On SIGTERM both stop taking updates and finish the ones they hold.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence

from aiogram import Bot, Dispatcher
from aiogram.methods import GetUpdates
from aiogram.types import Update
from aiogram.utils.backoff import Backoff, BackoffConfig
from cachetools import TTLCache

from db.service import InboxService
from replies import texts

log = logging.getLogger("bilimbot")

POLL_TIMEOUT = 25  # seconds Telegram may hold a getUpdates call open
SWEEP_EVERY = 10.0  # seconds between looks for updates a crashed instance left behind
PRUNE_EVERY = 3600.0
# Updates handled at once per process. Telegram takes about 30 messages/s from a bot, so
# more would not answer faster; fewer in flight also means fewer replies whose delivery is
# unknown when the process is killed (those are sent again after the restart).
MAX_IN_FLIGHT = 32
APOLOGY_EVERY = 300.0  # seconds between two "the database is away" notices to one chat
BACKOFF = BackoffConfig(min_delay=1.0, max_delay=30.0, factor=1.5, jitter=0.1)


class UpdateRunner:
    """Stores, hands out and finishes updates; keeps a reference to every task it starts."""

    def __init__(
        self,
        dispatcher: Dispatcher,
        bot: Bot,
        inbox: InboxService,
        *,
        max_in_flight: int = MAX_IN_FLIGHT,
    ) -> None:
        self._dispatcher = dispatcher
        self._bot = bot
        self._inbox = inbox
        self._tasks: set[asyncio.Task[None]] = set()
        self._slots = asyncio.Semaphore(max_in_flight)
        # Chats told "the database is away" lately: told again only after APOLOGY_EVERY.
        self._apologised: TTLCache[int, bool] = TTLCache(maxsize=100_000, ttl=APOLOGY_EVERY)

    @property
    def in_flight(self) -> int:
        return len(self._tasks)

    async def receive(self, updates: Sequence[Update], raw: Sequence[str] | None = None) -> int:
        """Store `updates` (one unit of work) and start handling the new ones; a duplicate
        update_id (Telegram's retry, or the same update at another instance) is skipped.
        Raises if the store fails: the caller must then not acknowledge them."""
        payloads = list(raw) if raw is not None else [u.model_dump_json(exclude_unset=True)
                                                      for u in updates]  # fmt: skip
        fresh = set(
            await self._inbox.receive(
                [(u.update_id, p) for u, p in zip(updates, payloads, strict=True)]
            )
        )
        for update in updates:
            if update.update_id in fresh:
                self._start(update)
        return len(fresh)

    async def apologise(self, updates: Sequence[Update]) -> None:
        """The updates could not be stored (the database is away): tell each person once in
        a while, in Kazakh, to write again later. Telegram delivers them again meanwhile."""
        for update in updates:
            try:
                if update.callback_query is not None:
                    await self._bot.answer_callback_query(
                        update.callback_query.id, text=texts.STORAGE_APOLOGY, show_alert=True
                    )
                    continue
                message = update.message or update.edited_message
                if message is None or message.chat.type != "private":
                    continue
                if message.chat.id in self._apologised:
                    continue
                self._apologised[message.chat.id] = True
                await self._bot.send_message(message.chat.id, texts.STORAGE_APOLOGY)
            except Exception:  # noqa: BLE001 (Telegram may be away too; nothing more to do)
                log.warning("could not apologise for update %s", update.update_id)

    def _start(self, update: Update) -> None:
        task = asyncio.create_task(self._handle(update), name=f"update-{update.update_id}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _handle(self, update: Update) -> None:
        async with self._slots:
            try:
                await self._dispatcher.feed_update(self._bot, update)
            except Exception:
                # The error handler already answered; the update is done either way, or it
                # would fail the same way again and again.
                log.exception("update %s failed outside the error handler", update.update_id)
            try:
                await self._inbox.done(update.update_id)
            except Exception:  # noqa: BLE001 (kept pending: handled again after its lease)
                log.warning("could not mark update %s done", update.update_id)

    async def recover(self, *, orphans: bool) -> int:
        """Handle what was stored but never finished (a crash); the count taken.

        `orphans`: everything pending is ours (polling); otherwise only updates whose
        holder's lease ran out (several webhook instances)."""
        taken = 0
        leased_before = self._inbox.start_lease() if orphans else None
        while True:
            items = await self._inbox.claim_expired(leased_before=leased_before)
            for item in items:
                self._start(Update.model_validate_json(item.payload, context={"bot": self._bot}))
            taken += len(items)
            if not items:
                return taken

    async def sweep_forever(self) -> None:
        """Take over updates whose holder died, and forget old finished ones."""
        since_prune = PRUNE_EVERY
        while True:
            await asyncio.sleep(SWEEP_EVERY)
            try:
                taken = await self.recover(orphans=False)
                if taken:
                    log.info("took over %d unfinished updates", taken)
                since_prune += SWEEP_EVERY
                if since_prune >= PRUNE_EVERY:
                    await self._inbox.prune()
                    since_prune = 0
            except Exception:  # noqa: BLE001 (the database may be away for a while)
                log.warning("inbox sweep failed; trying again later")

    async def drain(self, grace: float = 30.0) -> None:
        """Wait up to `grace` seconds for the updates in hand (new ones are not taken)."""
        if self._tasks:
            log.info("finishing %d updates in hand", len(self._tasks))
            await asyncio.wait(list(self._tasks), timeout=grace)


async def poll(runner: UpdateRunner, bot: Bot, stop: asyncio.Event,
               allowed_updates: list[str] | None = None) -> None:  # fmt: skip
    """Long polling until `stop` is set. Each batch is stored before the next call, whose
    offset acknowledges it; what was fetched is always finished before returning."""
    backoff = Backoff(config=BACKOFF)
    offset: int | None = None
    stopping = asyncio.ensure_future(stop.wait())
    try:
        while not stop.is_set():
            call = GetUpdates(offset=offset, timeout=POLL_TIMEOUT, allowed_updates=allowed_updates)
            fetch = asyncio.ensure_future(bot(call, request_timeout=POLL_TIMEOUT + 10))
            await asyncio.wait({fetch, stopping}, return_when=asyncio.FIRST_COMPLETED)
            if not fetch.done():
                # Stopping mid-call: nothing fetched by it was acknowledged, so nothing is lost.
                fetch.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await fetch
                break
            try:
                updates = fetch.result()
            except Exception as error:  # noqa: BLE001 (network: retry, lose nothing)
                log.error("polling failed (%s); retrying in %.1fs", type(error).__name__,
                          backoff.next_delay)  # fmt: skip
                await backoff.asleep()
                continue
            try:
                if updates:
                    await runner.receive(updates)
                    offset = updates[-1].update_id + 1
                backoff.reset()
            except Exception as error:  # noqa: BLE001 (storage away: not acknowledged, kept)
                log.error("could not store updates (%s); retrying in %.1fs",
                          type(error).__name__, backoff.next_delay)  # fmt: skip
                await runner.apologise(updates)
                await backoff.asleep()
    finally:
        stopping.cancel()
        await runner.drain()
        if offset is not None:
            # Acknowledge the last stored batch so a restart does not fetch it again (it
            # would be skipped as a duplicate anyway). limit=1 and timeout=0: whatever this
            # returns is not acknowledged by it.
            with contextlib.suppress(Exception):
                await bot(GetUpdates(offset=offset, timeout=0, limit=1))
