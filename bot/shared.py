"""State shared by several bot instances through Redis (optional): dialogues (aiogram's
RedisStorage), rate limits, and a change signal so that an admin's edit on one instance
reaches the search index of every instance at once.

Redis pub/sub rather than PostgreSQL LISTEN/NOTIFY: Redis is already there for the other
two, it works the same whichever database is behind, and a subscriber needs no pooled
database connection held open for ever.
Without Redis everything stays in this process and the database, as for a single instance.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder
from aiogram.fsm.storage.redis import RedisStorage
from redis.asyncio import Redis
from redis.exceptions import RedisError

from bot.config import Settings
from bot.ratelimit import MemoryRateLimiter, RateLimiter, RedisRateLimiter
from bot.services import Services
from knowledge.holder import ALL

log = logging.getLogger("bilimbot")

CHANNEL = "bilimbot:changes"
RETRY_DELAY = 2.0

Announce = Callable[[str], Awaitable[None]]


@dataclass(slots=True)
class SharedState:
    storage: BaseStorage | None = None  # None: the dialogues live in the database
    limiter: RateLimiter = field(default_factory=MemoryRateLimiter)
    redis: Redis | None = None

    @asynccontextmanager
    async def follow_changes(self, services: Services) -> AsyncIterator[None]:
        """While inside: changes made here are announced, and others' changes followed."""
        if self.redis is None:
            yield
            return
        redis = self.redis

        async def announce(slug: str) -> None:
            try:
                await redis.publish(CHANNEL, slug)
            except RedisError:
                log.warning("could not announce a change; other instances catch up later")

        services.index.announce = announce
        task = asyncio.create_task(_follow(redis, services), name="follow-changes")
        try:
            yield
        finally:
            services.index.announce = None
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


async def _follow(redis: Redis, services: Services) -> None:
    """Rebuild this instance's index whenever another instance announces a change; after a
    lost connection, rebuild once (changes may have been missed) and listen again."""
    while True:
        try:
            async with redis.pubsub() as pubsub:
                await pubsub.subscribe(CHANNEL)
                await services.index.rebuild(services.knowledge, announce=False)
                async for message in pubsub.listen():
                    if message.get("type") == "message":
                        slug = (
                            message["data"].decode() if isinstance(message["data"], bytes) else ALL
                        )
                        await services.index.rebuild(services.knowledge, slug, announce=False)
        except (RedisError, OSError):
            log.warning("change signal lost; retrying in %ss", RETRY_DELAY)
            await asyncio.sleep(RETRY_DELAY)


@asynccontextmanager
async def shared_state(settings: Settings) -> AsyncIterator[SharedState]:
    if settings.redis_url is None:
        yield SharedState()
        return
    redis = Redis.from_url(settings.redis_url.get_secret_value())
    storage = RedisStorage(redis, key_builder=DefaultKeyBuilder(with_destiny=True))
    try:
        yield SharedState(storage=storage, limiter=RedisRateLimiter(redis), redis=redis)
    finally:
        await redis.aclose()
