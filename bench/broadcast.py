"""A broadcast to many subscribers against a loopback Bot API that answers 429 at random.

Run: .venv/bin/python -m bench.broadcast [--subscribers 10000] [--limit-chance 0.005]
                                         [--blocked 0.01] [--url postgresql://…]

The bot's own sender (bot/broadcast.py) at its real pace, over HTTP, against the stand-in
of tests/telegram_standin.py, which answers 429 (retry_after 1 s) to a random share of
sends and 403 for users who blocked the bot. Half-way the sender is stopped and a new one
(another "instance") resumes, as after a restart. Prints the rate Telegram saw (overall, and
the most in any one-second window: both must stay ≤ 30/s), duplicates (must be 0), and the
time to finish. The default run has 2 000 subscribers (about 1.5 minutes) and prints what
10 000 would take at the measured pace; --subscribers 10000 runs the real thing (about 7
minutes). The limiter's clock is never compressed: every number is measured.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import tempfile
import time
from bisect import bisect_left
from collections import Counter
from dataclasses import replace
from pathlib import Path

from bot.broadcast import BROADCAST_RATE, Broadcaster
from bot.client import create_bot
from db.broadcast_repository import SubscriptionRepository
from db.broadcast_service import BroadcastService
from db.database import Database
from db.migrate import migrate
from db.service import KnowledgeService, utc_now
from knowledge.loader import load_shipped_entries
from replies import keyboards
from tests.telegram_standin import start_standin

SLUG = "school-buses"
TELEGRAM_LIMIT = 30  # messages/s a bot may send overall


async def _prepare(db: Database, subscribers: int, blocked_share: float) -> set[int]:
    await migrate(db)
    knowledge = KnowledgeService(db)
    await knowledge.seed_once(load_shipped_entries())
    users = [5_000_000 + i for i in range(subscribers)]
    async with db.transaction() as conn:
        repo = SubscriptionRepository(conn)
        for user in users:
            await repo.add(user, SLUG, utc_now())
    entry = await knowledge.entry(SLUG)
    assert entry is not None
    await knowledge.save(
        replace(entry, answer=entry.answer + " Кесте өзгерді."), actor=None,
        action="edit:answer", notice="🔔 <b>Мектеп автобусы</b>: кесте өзгерді.",
    )  # fmt: skip
    rng = random.Random(7)
    return {u for u in users if rng.random() < blocked_share}


async def _send(db: Database, url: str, stop_after: int | None, standin_sent: list[float]) -> None:
    """One sender until the broadcast is done, or until `stop_after` accepted sends."""
    bot = create_bot("123:bench", api_url=url, retry_after=False)
    service = BroadcastService(db)
    sender = Broadcaster(bot, service, keyboards.change_notice, idle=0.2)
    stop = asyncio.Event()
    task = asyncio.create_task(sender.run(stop))
    try:
        while not task.done():
            await asyncio.sleep(0.1)
            if stop_after is not None and len(standin_sent) >= stop_after:
                break
            progress = await service.recent(1)
            if progress and progress[0].broadcast.finished_at:
                break
        stop.set()
        await task
    finally:
        await bot.session.close()


def _max_per_second(times: list[float]) -> int:
    """The most sends in any one-second window [t, t + 1)."""
    ordered = sorted(times)
    return max((bisect_left(ordered, t + 1.0) - i for i, t in enumerate(ordered)), default=0)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--subscribers", type=int, default=2000)
    parser.add_argument("--limit-chance", type=float, default=0.005, help="share of sends → 429")
    parser.add_argument("--blocked", type=float, default=0.01, help="share who blocked the bot")
    parser.add_argument("--url", help="a database URL (default: a new SQLite file)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)  # the sender's 429 warnings are counted below

    with tempfile.TemporaryDirectory() as tmp:
        db = Database(args.url or Path(tmp) / "bench.sqlite3")
        standin, runner = await start_standin()
        try:
            blocked = await _prepare(db, args.subscribers, args.blocked)
            standin.blocked = blocked
            standin.limit_chance = args.limit_chance
            started = time.monotonic()
            # Stopped half-way (a restart), then resumed by a new sender.
            await _send(db, standin.url, args.subscribers // 2, standin.sent_at)
            stopped_at = len(standin.sent_at)
            await _send(db, standin.url, None, standin.sent_at)
            elapsed = time.monotonic() - started
            statuses = Counter(s for _, _, s in await BroadcastService(db).deliveries())
        finally:
            await runner.cleanup()
            await db.close()

    received = Counter(int(m["chat_id"]) for m in standin.sent)
    duplicates = sum(n - 1 for n in received.values() if n > 1)
    times = standin.sent_at
    span = max(times) - min(times) if len(times) > 1 else 0.0
    overall = (len(times) - 1) / span if span else 0.0
    peak = _max_per_second(times)
    verdict = "OK" if peak <= TELEGRAM_LIMIT else "OVER"
    lines = [
        ("subscribers", f"{args.subscribers} ({len(blocked)} blocked the bot)"),
        ("sender pace", f"{BROADCAST_RATE:.0f}/s (Telegram allows about {TELEGRAM_LIMIT}/s)"),
        ("delivered", f"{len(received)}; stopped after {stopped_at}, resumed by a new sender"),
        ("statuses", str(dict(statuses))),
        ("429 answered", f"{standin.refused.get(429, 0)} (each pauses the sender retry_after)"),
        ("403 answered", f"{standin.refused.get(403, 0)} (those users unsubscribed)"),
        ("messages/s overall", f"{overall:.1f}"),
        ("most in any second", f"{peak} ({verdict}: at most {TELEGRAM_LIMIT})"),
        ("duplicates", str(duplicates)),
        ("time to finish", f"{elapsed:.1f} s"),
    ]
    for name, value in lines:
        print(f"{name:<22}{value}")
    if args.subscribers != 10_000 and args.subscribers:
        projected = elapsed * 10_000 / args.subscribers
        print(f"{'10 000 would take':<22}~{projected / 60:.1f} min at the measured pace")
    if duplicates or peak > TELEGRAM_LIMIT or statuses.get("pending"):
        raise SystemExit(1)


if __name__ == "__main__":
    asyncio.run(main())
