"""Dispatcher end-to-end throughput: questions fed as updates through the real dispatcher.

Run: .venv/bin/python -m bench.dispatcher
Beside bilimbot it times a bare aiogram dispatcher that answers every message with "ok"
(same local session, same updates) and prints the ratio: the cost of everything bilimbot
does per update (middlewares, database, engine, rendering). Goal: >= 1000 updates/s.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from aiogram import Dispatcher, Router
from aiogram.types import Chat, Message, Update, User

from bot.app import create_dispatcher
from bot.client import create_bot
from bot.config import Settings
from bot.local_session import LocalSession
from bot.services import open_services

QUESTIONS = Path(__file__).resolve().parent.parent / "tests" / "data" / "questions.jsonl"
UPDATES = 3000
USERS = 500  # spread over many users, as on a school morning (and below the flood limit)


def _updates() -> list[Update]:
    questions = [json.loads(line)["q"] for line in QUESTIONS.read_text("utf-8").splitlines()]
    now = datetime.now(UTC)
    updates = []
    for i in range(UPDATES):
        user = User(id=10_000 + i % USERS, is_bot=False, first_name="A")
        message = Message(message_id=i + 1, date=now, chat=Chat(id=user.id, type="private"),
                          from_user=user, text=questions[i % len(questions)])  # fmt: skip
        updates.append(Update(update_id=i + 1, message=message))
    return updates


async def _throughput(dispatcher: Dispatcher, updates: list[Update]) -> float:
    bot = create_bot("1:bench", LocalSession())
    for update in updates[:50]:  # warm-up: caches, first queries
        await dispatcher.feed_update(bot, update)
    start = time.perf_counter()
    for update in updates:
        await dispatcher.feed_update(bot, update)
    return len(updates) / (time.perf_counter() - start)


def _echo_dispatcher() -> Dispatcher:
    router = Router(name="echo")

    @router.message()
    async def echo(message: Message) -> None:
        await message.answer("ok")

    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    return dispatcher


async def main() -> None:
    updates = _updates()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(BOT_TOKEN=None, BILIMBOT_DB=Path(tmp) / "bench.sqlite3")
        async with open_services(settings) as services:
            bilimbot = await _throughput(create_dispatcher(services), updates)
    bare = await _throughput(_echo_dispatcher(), updates)
    print(f"{'dispatcher':<28}{'updates/s':>12}")
    print(f"{'bare aiogram echo':<28}{bare:>12.0f}")
    print(f"{'bilimbot (full pipeline)':<28}{bilimbot:>12.0f}")
    print(f"bilimbot / bare = {bilimbot / bare:.2f}; goal >= 1000 updates/s: "
          f"{'met' if bilimbot >= 1000 else 'NOT met'}")  # fmt: skip


if __name__ == "__main__":
    asyncio.run(main())
