"""Per-update middlewares: the user's stored region, and flood control."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery, Message, TelegramObject

from bot.ratelimit import RateLimiter
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
    """Flood control, registered as an inner middleware: it sees only updates a handler
    took (chatter in a group that does not address the bot costs nothing).

    Over the limit, updates are dropped and the user is told once per flood, in private
    only (never into a group). Admins are never throttled: their bulk edits must go through.
    """

    def __init__(self, limiter: RateLimiter) -> None:
        self._limiter = limiter

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user_id = _user_id(event)
        if user_id is None:
            return await handler(event, data)
        verdict = await self._limiter.check(user_id)
        if verdict.allowed:
            return await handler(event, data)
        admins: AdminService = data["admins"]
        if await admins.rights(user_id) is not None:
            return await handler(event, data)
        if isinstance(event, CallbackQuery):
            # Every callback is answered, or the button keeps spinning.
            await event.answer(texts.THROTTLED if verdict.notify else None)
        elif verdict.notify and isinstance(event, Message) and event.chat.type == "private":
            await event.answer(texts.THROTTLED)
        return None
