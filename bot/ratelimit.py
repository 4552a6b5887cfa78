"""Per-user message limits in fixed windows, in this process or shared through Redis.

Both keep the same rule: at most `limit` handled updates per user per `window` seconds, and
the "slow down" notice at most once per `notice_window`. Memory is bounded either way:
counters expire with their window (and the in-process table holds at most `max_users`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from cachetools import TTLCache
from redis.asyncio import Redis
from redis.exceptions import RedisError

log = logging.getLogger("bilimbot")


@dataclass(frozen=True, slots=True)
class Verdict:
    allowed: bool
    notify: bool  # tell the user to slow down (once per flood)


class RateLimiter(Protocol):
    async def check(self, user_id: int) -> Verdict: ...


class MemoryRateLimiter:
    def __init__(
        self, limit: int = 10, window: float = 5.0, notice_window: float = 30.0,
        max_users: int = 100_000, clock: Callable[[], float] = time.monotonic,
    ) -> None:  # fmt: skip
        self.limit, self.window = limit, window
        self._clock = clock
        self._counts: TTLCache[tuple[int, int], int] = TTLCache(max_users, window * 2, timer=clock)
        self._noticed: TTLCache[int, bool] = TTLCache(max_users, notice_window, timer=clock)

    async def check(self, user_id: int) -> Verdict:
        key = (user_id, int(self._clock() // self.window))
        count = self._counts.get(key, 0) + 1
        self._counts[key] = count
        if count <= self.limit:
            return Verdict(True, False)
        if user_id in self._noticed:
            return Verdict(False, False)
        self._noticed[user_id] = True
        return Verdict(False, True)


class RedisRateLimiter:
    """The same rule for every instance: counters live in Redis, keyed by user and window."""

    def __init__(
        self, redis: Redis, limit: int = 10, window: float = 5.0, notice_window: float = 30.0,
        clock: Callable[[], float] = time.time, prefix: str = "bilimbot:rl",
    ) -> None:  # fmt: skip
        self._redis = redis
        self.limit, self.window, self._notice = limit, window, notice_window
        self._clock, self._prefix = clock, prefix

    async def check(self, user_id: int) -> Verdict:
        slot = int(self._clock() // self.window)
        key = f"{self._prefix}:{user_id}:{slot}"
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.incr(key)
                pipe.expire(key, int(self.window * 2) + 1)
                count, _ = await pipe.execute()
            if int(count) <= self.limit:
                return Verdict(True, False)
            first = await self._redis.set(
                f"{self._prefix}:notice:{user_id}", 1, nx=True, ex=int(self._notice)
            )
        except (RedisError, OSError):
            # Without Redis nobody is limited, rather than everybody refused.
            log.warning("rate limiter unavailable; letting the update through")
            return Verdict(True, False)
        return Verdict(False, bool(first))
