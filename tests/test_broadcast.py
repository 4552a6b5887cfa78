"""Broadcasts on both backends: stopped half-way and resumed, a sender killed with its rows
claimed, two instances at once, 429s: every subscriber told exactly once."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from aiogram import Bot
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import SendMessage
from aiogram.methods.base import TelegramMethod, TelegramType

from bot.broadcast import Broadcaster
from bot.local_session import LocalSession
from db.broadcast_service import BroadcastService, SubscriptionService
from db.database import Database
from db.service import KnowledgeService
from knowledge.loader import load_shipped_entries
from replies import keyboards

SUBSCRIBERS = 120
SLUG = "school-buses"


class CountingSession(LocalSession):
    """Counts messages per chat; may answer 429 to some first attempts; calls `on_send`."""

    def __init__(
        self, *, limited: frozenset[int] = frozenset(), on_send: Callable[[], None] = lambda: None
    ) -> None:
        super().__init__()
        self.limited = set(limited)
        self.on_send = on_send
        self.received: Counter[int] = Counter()

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        timeout: int | None = None,  # noqa: ASYNC109 (aiogram's session interface)
    ) -> TelegramType:
        if isinstance(method, SendMessage):
            chat = int(method.chat_id)
            if chat in self.limited:
                self.limited.discard(chat)
                raise TelegramRetryAfter(method, "Too Many Requests", retry_after=1)
            self.received[chat] += 1
            self.on_send()
        return await super().make_request(bot, method, timeout)


async def _broadcast(database: Database, subscribers: int = SUBSCRIBERS) -> int:
    knowledge = KnowledgeService(database)
    await knowledge.seed_once(load_shipped_entries())
    subscriptions = SubscriptionService(database)
    for user in range(1, subscribers + 1):
        await subscriptions.subscribe(1000 + user, SLUG)
    entry = await knowledge.entry(SLUG)
    assert entry is not None
    changed = replace(entry, answer=entry.answer + " Кесте өзгерді.")
    await knowledge.save(changed, actor=None, action="edit:answer", notice="🔔 Кесте өзгерді.")
    return subscribers


def _sender(database: Database, session: LocalSession, **options: float) -> Broadcaster:
    lease = timedelta(seconds=options.pop("lease", 60))
    service = BroadcastService(database, lease=lease)
    return Broadcaster(Bot("1:t", session=session), service, keyboards.change_notice,
                       rate=2000, idle=0.02, **options)  # type: ignore[arg-type]  # fmt: skip


async def _until_done(database: Database, within: float = 30.0) -> None:
    service = BroadcastService(database)
    for _ in range(int(within / 0.05)):
        progress = await service.recent()
        if progress and all(p.broadcast.finished_at for p in progress):
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the broadcast did not finish")


async def _run(sender: Broadcaster, stop: asyncio.Event) -> asyncio.Task[None]:
    return asyncio.create_task(sender.run(stop))


async def test_a_broadcast_stopped_half_way_resumes_with_nobody_told_twice(
    database: Database,
) -> None:
    total = await _broadcast(database)
    stop_first = asyncio.Event()
    first = CountingSession(on_send=lambda: stop_first.set() if len(first.received) >= 40 else None)
    sender = _sender(database, first, batch=25, concurrency=4)
    await (await _run(sender, stop_first))
    assert 40 <= sum(first.received.values()) < total  # stopped half-way (a restart)
    progress = (await BroadcastService(database).recent())[0]
    assert progress.sent == sum(first.received.values()) and progress.pending > 0

    second = CountingSession()
    stop = asyncio.Event()
    task = await _run(_sender(database, second), stop)
    await _until_done(database)
    stop.set()
    await task
    received = first.received + second.received
    assert set(received) == {1000 + u for u in range(1, total + 1)}
    assert max(received.values()) == 1  # nobody told twice
    assert not set(first.received) & set(second.received)
    statuses = Counter(s for _, _, s in await BroadcastService(database).deliveries())
    assert statuses == {"sent": total}


async def test_rows_claimed_by_a_sender_that_died_are_sent_once_its_lease_ends(
    database: Database,
) -> None:
    total = await _broadcast(database)
    # A sender took the lease and 30 rows and had begun sending 3 of them when the process
    # was killed: no give_up, no outcome recorded.
    dead = BroadcastService(database, lease=timedelta(seconds=1))
    claimed = await dead.claim("dead-instance", 30)
    assert claimed is not None and len(claimed) == 30
    in_flight = claimed[:3]
    for delivery in in_flight:
        assert await dead.begin(delivery)

    session = CountingSession()
    stop = asyncio.Event()
    task = await _run(_sender(database, session, lease=1), stop)
    await _until_done(database)
    stop.set()
    await task
    # The messages mid-send at the crash may have arrived: recorded failed, never resent.
    # Every other claimed row is sent by the new sender, once.
    assert max(session.received.values()) == 1
    assert set(session.received) == {1000 + u for u in range(1, total + 1)} - {
        d.user_id for d in in_flight
    }
    statuses = Counter(s for _, _, s in await BroadcastService(database).deliveries())
    assert statuses == {"sent": total - 3, "failed": 3}


async def test_two_instances_never_send_the_same_message(database: Database) -> None:
    total = await _broadcast(database)
    sessions = [CountingSession(), CountingSession()]
    stop = asyncio.Event()
    tasks = [await _run(_sender(database, s, batch=20), stop) for s in sessions]
    await _until_done(database)
    stop.set()
    await asyncio.gather(*tasks)
    received = sessions[0].received + sessions[1].received
    assert len(received) == total and max(received.values()) == 1


async def test_a_429_pauses_and_the_message_is_sent_again_once(database: Database) -> None:
    total = await _broadcast(database, subscribers=10)
    session = CountingSession(limited={1003, 1007})
    stop = asyncio.Event()
    task = await _run(_sender(database, session), stop)
    await _until_done(database)
    stop.set()
    await task
    assert len(session.received) == total and max(session.received.values()) == 1
    statuses = Counter(s for _, _, s in await BroadcastService(database).deliveries())
    assert statuses == {"sent": total}


async def test_a_renewed_sender_lease_keeps_other_instances_waiting(database: Database) -> None:
    await _broadcast(database, subscribers=10)
    first = BroadcastService(database, lease=timedelta(seconds=1))
    second = BroadcastService(database, lease=timedelta(seconds=1))
    held = await first.claim("first", 5)
    assert held is not None and len(held) == 5
    await asyncio.sleep(0.6)
    assert await first.renew("first", held)
    await asyncio.sleep(0.6)  # past the first lease, within the renewed one
    assert await second.claim("second", 10) is None
    await asyncio.sleep(0.7)  # the renewed lease ran out too: the holder is gone
    taken = await second.claim("second", 10)
    assert taken is not None and len(taken) == 10
    assert not await first.renew("first", held)  # it lost the lease
