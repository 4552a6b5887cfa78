"""Per-update middlewares: the user's stored region, and flood control."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery, Message, TelegramObject

from db.service import AdminService, UserService
from replies import texts


def _user_id(event: TelegramObject) -> int | None:
    user = event.from_user if isinstance(event, Message | CallbackQuery) else None
    return user.id if user else None


class UserRegionMiddleware(BaseMiddleware):
    """Puts `user_region` (the region the user chose, or None) into the handler data."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        users: UserService = data["users"]
        user_id = _user_id(event)
        data["user_region"] = await users.region(user_id) if user_id is not None else None
        return await handler(event, data)


class ThrottlingMiddleware(BaseMiddleware):
    """At most `rate` messages per second per user (with a burst of `burst`).

    A limited user is told once, in Kazakh, until they slow down; the messages over the
    limit are dropped. Admins are never throttled (their bulk edits must go through).
    """

    def __init__(
        self, rate: float = 2.0, burst: int = 5, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._rate = rate
        self._burst = float(burst)
        self._clock = clock
        self._buckets: dict[int, tuple[float, float]] = {}  # user → (tokens, last time)
        self._warned: set[int] = set()

    def _allow(self, user_id: int) -> bool:
        now = self._clock()
        tokens, last = self._buckets.get(user_id, (self._burst, now))
        tokens = min(self._burst, tokens + (now - last) * self._rate)
        allowed = tokens >= 1.0
        self._buckets[user_id] = (tokens - 1.0 if allowed else tokens, now)
        if len(self._buckets) > 100_000:  # forget idle users; full buckets carry no state
            self._buckets = {u: b for u, b in self._buckets.items() if b[0] < self._burst}
        return allowed

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user_id = _user_id(event)
        if user_id is None or self._allow(user_id):
            self._warned.discard(user_id or 0)
            return await handler(event, data)
        admins: AdminService = data["admins"]
        if await admins.rights(user_id) is not None:
            return await handler(event, data)
        if user_id not in self._warned:
            self._warned.add(user_id)
            if isinstance(event, Message | CallbackQuery):
                await event.answer(texts.THROTTLED)
        return None
