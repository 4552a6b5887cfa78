"""A broadcast sent by a real bot process (polling, over HTTP) to the loopback Bot API, which
answers 429 at random and 403 for users who blocked the bot; the process is stopped in the
middle (SIGTERM or SIGKILL) and started again: the broadcast resumes and nobody is told twice."""

from __future__ import annotations

import asyncio
import signal
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from bot.broadcast import CONCURRENCY
from db.broadcast_service import BroadcastService, SubscriptionService
from db.database import Database
from db.migrate import migrate
from db.service import KnowledgeService
from knowledge.loader import load_shipped_entries
from tests.botprocess import start_polling
from tests.telegram_standin import Standin

SUBSCRIBERS = range(20_000, 20_150)
BLOCKED = {20_003, 20_077, 20_140}
SLUG = "school-buses"


@pytest.fixture
def standin(standin: Standin) -> Standin:
    """The shared stand-in, answering 429 now and then and 403 for those who blocked us."""
    standin.limit_chance = 0.02
    standin.blocked = set(BLOCKED)
    return standin


async def _prepare(path: Path) -> None:
    db = Database(path)
    try:
        await migrate(db)
        knowledge = KnowledgeService(db)
        await knowledge.seed_once(load_shipped_entries())
        subscriptions = SubscriptionService(db)
        for user in SUBSCRIBERS:
            await subscriptions.subscribe(user, SLUG)
        entry = await knowledge.entry(SLUG)
        assert entry is not None
        changed = replace(entry, answer=entry.answer + " Кесте өзгерді.")
        await knowledge.save(changed, actor=None, action="edit:answer", notice="🔔 Кесте өзгерді.")
    finally:
        await db.close()


async def _statuses(path: Path) -> tuple[Counter[str], int]:
    db = Database(path)
    try:
        deliveries = await BroadcastService(db).deliveries()
        left = sum([await SubscriptionService(db).is_subscribed(u, SLUG) for u in BLOCKED])
        return Counter(s for _, _, s in deliveries), left
    finally:
        await db.close()


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL])
async def test_a_broadcast_survives_a_stop_half_way(
    standin: Standin, tmp_path: Path, stop: signal.Signals
) -> None:
    path = tmp_path / "bilimbot.sqlite3"
    await _prepare(path)
    bot = await start_polling(standin, path)
    assert await standin.wait_for(lambda: len(standin.sent) >= 40, within=60)
    bot.send_signal(stop)
    code = await bot.wait()
    if stop == signal.SIGTERM:
        assert code == 0  # a clean stop: the sends in flight finished and recorded
    stopped_at = len(standin.sent)
    assert stopped_at < len(SUBSCRIBERS) - len(BLOCKED)  # stopped half-way indeed

    restarted = await start_polling(standin, path)
    try:

        async def done() -> bool:
            statuses, _ = await _statuses(path)
            return statuses["pending"] + statuses["sending"] == 0

        for _ in range(600):
            if await done():
                break
            await asyncio.sleep(0.1)
    finally:
        restarted.send_signal(signal.SIGTERM)
        assert await restarted.wait() == 0
    statuses, blocked_left = await _statuses(path)
    per_chat = Counter(int(m["chat_id"]) for m in standin.sent)
    assert max(per_chat.values()) == 1  # nobody told twice
    assert not set(per_chat) & BLOCKED and blocked_left == 0  # 403: unsubscribed
    assert statuses["blocked"] == len(BLOCKED)
    assert standin.refused[429] > 0  # the random 429s were met, and retried
    reachable = len(SUBSCRIBERS) - len(BLOCKED)
    if stop == signal.SIGTERM:
        assert len(per_chat) == reachable and statuses["sent"] == reachable
    else:
        # Messages mid-send when the process was killed may have arrived or not: recorded
        # as failed, never sent again. At most the sends in flight at once.
        assert statuses["failed"] <= CONCURRENCY
        assert statuses["sent"] <= len(per_chat) <= statuses["sent"] + statuses["failed"]
        assert statuses["sent"] + statuses["failed"] == reachable
