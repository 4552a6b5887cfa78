"""Bad input, flood control, errors and Telegram's 429: a clear reply and nothing lost."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from aiogram import Router
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import SendMessage
from aiogram.types import (
    Chat,
    Message,
    MessageEntity,
    MessageOriginUser,
    Update,
    User,
)

from bot.client import create_bot
from bot.config import Settings
from bot.local_session import LocalSession
from bot.ratelimit import MemoryRateLimiter
from bot.resilience import RetryAfterMiddleware
from tests.botkit import Harness, harness
from tests.servers import RedisServer


@pytest.fixture
async def bot(settings: Settings) -> AsyncIterator[Harness]:
    async with harness(settings) as h:
        yield h


@pytest.mark.parametrize(
    ("text", "expect_in_reply"),
    [
        ("", "мәтін"),  # an empty text counts as no text
        ("😀😀🎉", "Сұрағыңызды"),
        ("тамақ " * 682 + "тамақ", "Тегін ыстық тамақ"),  # 4096 characters
        ("tegin тамак beriledi ме?", "Тегін ыстық тамақ"),  # mixed scripts
        ("<b>тегін</b> *тамақ* _кімге_ `беріледі`?", "Тегін ыстық тамақ"),
        ("'; DROP TABLE entries; -- тегін тамақ", "Тегін ыстық тамақ"),
        ("тегін\u200b тамақ\u200f кімге\u202e беріледі?", "Тегін ыстық тамақ"),
    ],
)
async def test_bad_input_gets_a_clear_reply(bot: Harness, text: str, expect_in_reply: str) -> None:
    await bot.send(text or None)
    assert bot.sent(), "the bot must always reply"
    assert expect_in_reply.lower() in bot.text().lower()
    assert await bot.services.knowledge.entry("free-meals") is not None  # nothing broken


async def test_html_in_a_question_is_escaped_in_the_reply(bot: Harness) -> None:
    await bot.send("<script>alert(1)</script> футбол")
    assert "<script>" not in bot.text()


async def test_a_forwarded_question_is_answered(bot: Harness) -> None:
    friend = User(id=5, is_bot=False, first_name="Досым")
    origin = MessageOriginUser(type="user", date=datetime.now(UTC), sender_user=friend)
    await bot.send("Мектеп автобусы бар ма?", forward_origin=origin)
    assert "тасымалда" in bot.text().lower()


async def test_an_edited_question_is_answered_again(bot: Harness) -> None:
    message = Message(
        message_id=900, date=datetime.now(UTC), edit_date=1, chat=Chat(id=100, type="private"),
        from_user=User(id=100, is_bot=False, first_name="A"), text="Мектеп автобусы бар ма?",
    )  # fmt: skip
    bot.session.requests.clear()
    await bot.dispatcher.feed_update(bot.bot, Update(update_id=901, edited_message=message))
    assert "тасымалда" in bot.text().lower()


def _group_message(text: str, entities: list[MessageEntity] | None = None,
                   reply: Message | None = None) -> Update:  # fmt: skip
    message = Message(
        message_id=910, date=datetime.now(UTC), chat=Chat(id=-5, type="supergroup"),
        from_user=User(id=100, is_bot=False, first_name="A"), text=text, entities=entities,
        reply_to_message=reply,
    )  # fmt: skip
    return Update(update_id=911, message=message)


async def test_in_a_group_the_bot_answers_only_when_addressed(bot: Harness) -> None:
    bot.session.requests.clear()
    await bot.dispatcher.feed_update(bot.bot, _group_message("Мектеп автобусы бар ма?"))
    assert bot.sent() == []
    text = "@bilimbot мектеп автобусы бар ма?"
    mention = MessageEntity(type="mention", offset=0, length=len("@bilimbot"))
    await bot.dispatcher.feed_update(bot.bot, _group_message(text, [mention]))
    assert "тасымалда" in bot.text().lower()


async def test_a_button_of_a_retired_entry_says_it_is_gone(bot: Harness) -> None:
    await bot.services.knowledge.set_status("myn-bala", "retired", actor=None)
    await bot.services.index.rebuild(bot.services.knowledge)
    await bot.send("/programs")
    await bot.press(bot.last_message(), "e:myn-bala:1")
    assert "ақпарат қазір жоқ" in bot.alerts()[-1].text


async def test_throttling_tells_a_flooding_user_once_and_spares_admins(settings: Settings) -> None:
    # The clock stands still: the sixteen messages fall in one window however slowly a
    # loaded machine sends them.
    limiter = MemoryRateLimiter(clock=lambda: 0.0)
    async with harness(settings, limiter) as bot:
        replies = []
        for _ in range(16):
            await bot.send("Мектеп автобусы бар ма?", user_id=300)
            replies.append(bot.text())
        limited = [r for r in replies if "тым жиі" in r]
        assert len(limited) == 1
        assert replies[-1] == ""  # dropped silently after the one warning
        for _ in range(8):
            await bot.send("/stats", user_id=42)
            assert "сұрақ" in bot.text()


async def test_throttling_lets_a_user_go_on_after_a_pause_and_tells_once_per_flood() -> None:
    now = [0.0]
    limiter = MemoryRateLimiter(limit=2, window=1.0, notice_window=10.0, clock=lambda: now[0])
    verdicts = [await limiter.check(1) for _ in range(4)]
    assert [v.allowed for v in verdicts] == [True, True, False, False]
    assert [v.notify for v in verdicts] == [False, False, True, False]
    now[0] += 1.0
    assert (await limiter.check(1)).allowed
    assert [(await limiter.check(1)).notify for _ in range(3)] == [False, False, False]


async def test_group_chatter_that_does_not_address_the_bot_costs_nothing(bot: Harness) -> None:
    group = Chat(id=-500, type="group")
    for _ in range(30):
        await bot.send("Балалар, ертең жиналыс бар ма?", user_id=301, chat=group)
    assert bot.session.requests == []
    await bot.send("Мектеп автобусы бар ма?", user_id=301)
    assert "тасымалда" in bot.text().lower()


async def test_a_failing_handler_still_gives_an_apology_and_a_log_without_secrets(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    async with harness(settings) as h:
        broken = Router(name="broken")

        @broken.message()
        async def explode(message: Message) -> None:
            raise RuntimeError("boom")

        h.dispatcher.sub_routers.insert(0, broken)
        broken._parent_router = h.dispatcher
        with caplog.at_level(logging.INFO):
            await h.send("құпия сұрақ мәтіні")
        assert "Кешіріңіз, бір қате шықты" in h.text()
        assert "failed: RuntimeError" in caplog.text
        assert "құпия сұрақ мәтіні" not in caplog.text
        assert "1:terminal" not in caplog.text


async def test_a_reply_hit_by_429_is_retried_after_the_asked_time() -> None:
    session = LocalSession()
    bot = create_bot("1:test", session)
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    # The bot's own retry middleware, with its wait recorded instead of slept.
    (installed,) = [m for m in bot.session.middleware[:] if isinstance(m, RetryAfterMiddleware)]
    installed._sleep = sleep
    failures = [2]
    original = session.make_request

    async def flaky(b: Any, method: Any, **kwargs: Any) -> Any:
        if failures[0]:
            failures[0] -= 1
            raise TelegramRetryAfter(method, "Too Many Requests", retry_after=3)
        return await original(b, method, **kwargs)

    session.make_request = flaky  # type: ignore[method-assign]
    sent = await bot.send_message(100, "Сәлем")
    assert sent.text == "Сәлем"
    assert waits == [3, 3]
    assert sum(isinstance(r, SendMessage) for r in session.requests) == 1


async def test_rate_limits_hold_across_instances_through_redis(fresh_redis_url: str) -> None:
    from redis.asyncio import Redis

    from bot.ratelimit import RedisRateLimiter

    first, second = Redis.from_url(fresh_redis_url), Redis.from_url(fresh_redis_url)
    try:
        now = [1000.0]
        a = RedisRateLimiter(first, limit=4, window=5.0, clock=lambda: now[0])
        b = RedisRateLimiter(second, limit=4, window=5.0, clock=lambda: now[0])
        verdicts = [await (a if i % 2 else b).check(7) for i in range(6)]
        assert [v.allowed for v in verdicts] == [True] * 4 + [False] * 2
        assert [v.notify for v in verdicts] == [False] * 4 + [True, False]  # told once
        now[0] += 5.0
        assert (await b.check(7)).allowed  # the next window starts afresh
    finally:
        await first.aclose()
        await second.aclose()


async def test_without_redis_nobody_is_refused(redis_server: RedisServer) -> None:
    from redis.asyncio import Redis

    from bot.ratelimit import RedisRateLimiter

    client = Redis.from_url(f"redis://127.0.0.1:{redis_server.port + 1}/0")  # nothing there
    try:
        limiter = RedisRateLimiter(client, limit=1)
        assert all([(await limiter.check(8)).allowed for _ in range(3)])
    finally:
        await client.aclose()
