"""Several bot instances behind one address, on one PostgreSQL and Redis: the test posts
updates to both like a load balancer; the loopback Bot API stand-in records the replies."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from replies import texts
from replies.callbacks import RegionChoice
from tests.botprocess import BotProcess, start_bot
from tests.servers import PostgresServer, RedisServer
from tests.telegram_standin import Standin, message_update

ADMIN = 42


@pytest.fixture
async def pair(
    standin: Standin, tmp_path: Path, fresh_postgres_url: str, fresh_redis_url: str
) -> AsyncIterator[tuple[BotProcess, BotProcess]]:
    a, b = await asyncio.gather(
        start_bot(standin, tmp_path / "a", database=fresh_postgres_url, redis=fresh_redis_url,
                  webhook=True),
        start_bot(standin, tmp_path / "b", database=fresh_postgres_url, redis=fresh_redis_url,
                  webhook=True),
    )  # fmt: skip
    yield a, b
    assert await a.stop() == 0
    assert await b.stop() == 0


_ids = iter(range(70_000, 80_000))


def _message(user: int, text: str) -> dict[str, object]:
    return message_update(next(_ids), user, text)


def _press(user: int, data: str) -> dict[str, object]:
    n = next(_ids)
    return {"update_id": n, "callback_query": {
        "id": str(n), "chat_instance": "c", "data": data,
        "from": {"id": user, "is_bot": False, "first_name": "Ата-ана"},
        "message": {"message_id": 1, "date": 0, "chat": {"id": user, "type": "private"},
                    "text": "…"},
    }}  # fmt: skip


async def _reply(standin: Standin, chat: int, after: int) -> str:
    assert await standin.wait_for(lambda: len(standin.replies_to(chat)) > after, within=20)
    return standin.replies_to(chat)[-1]


async def test_a_retired_entry_stops_being_answered_on_every_instance(
    standin: Standin, pair: tuple[BotProcess, BotProcess]
) -> None:
    a, b = pair
    assert await b.post(_message(500, "Мектеп автобусы бар ма?")) == 200
    assert "тасымалда" in (await _reply(standin, 500, 0)).lower()
    assert await a.post(_message(ADMIN, "/retire school-buses")) == 200
    assert "мұрағат" in await _reply(standin, ADMIN, 0)
    await asyncio.sleep(0.5)  # the change signal crosses Redis
    assert await b.post(_message(500, "Мектеп автобусы бар ма?")) == 200
    assert "тасымалда" not in (await _reply(standin, 500, 1)).lower()


async def test_a_dialogue_and_a_region_begun_on_one_instance_continue_on_the_other(
    standin: Standin, pair: tuple[BotProcess, BotProcess]
) -> None:
    a, b = pair
    assert await a.post(_message(ADMIN, "/add")) == 200
    await _reply(standin, ADMIN, 0)
    assert await b.post(_message(ADMIN, "school-uniform-help")) == 200
    assert "атауын" in await _reply(standin, ADMIN, 1)  # B knows the dialogue's next step
    assert await a.post(_press(600, RegionChoice(code="zhambyl").pack())) == 200
    await standin.wait_for(lambda: standin.calls["answerCallbackQuery"] >= 1, within=20)
    assert await b.post(_message(600, "Мектеп автобусы бар ма?")) == 200
    assert "Жамбыл" in await _reply(standin, 600, 0)


async def test_the_same_update_posted_to_both_instances_is_answered_once(
    standin: Standin, pair: tuple[BotProcess, BotProcess]
) -> None:
    a, b = pair
    update = _message(700, "Мектеп автобусы бар ма?")
    statuses = await asyncio.gather(a.post(update), b.post(update), a.post(update))
    assert statuses == [200, 200, 200]
    await _reply(standin, 700, 0)
    await asyncio.sleep(1.0)
    assert len(standin.replies_to(700)) == 1


async def test_when_redis_or_postgresql_goes_away_parents_get_an_apology_and_it_recovers(
    standin: Standin, tmp_path: Path, fresh_postgres_url: str, fresh_redis_url: str,
    postgres_server: PostgresServer, redis_server: RedisServer,
) -> None:  # fmt: skip
    bot = await start_bot(standin, tmp_path / "a", database=fresh_postgres_url,
                          redis=fresh_redis_url, webhook=True)  # fmt: skip
    try:
        redis_server.stop()
        try:
            assert await bot.post(_message(800, "Мектеп автобусы бар ма?")) == 200
            assert texts.STORAGE_APOLOGY in await _reply(standin, 800, 0)
        finally:
            redis_server.start()
        assert await bot.post(_message(800, "Мектеп автобусы бар ма?")) == 200
        assert "тасымалда" in (await _reply(standin, 800, 1)).lower()

        postgres_server.stop()
        update = _message(801, "Мектеп автобусы бар ма?")
        try:
            assert await bot.post(update) == 503  # not stored: Telegram sends it again
            assert texts.STORAGE_APOLOGY in await _reply(standin, 801, 0)
        finally:
            postgres_server.start()
        assert await bot.post(update) == 200  # Telegram's retry, once the database is back
        assert "тасымалда" in (await _reply(standin, 801, 1)).lower()
    finally:
        assert await bot.stop() == 0
