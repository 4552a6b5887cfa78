"""Per-update data for handlers: the user's stored region."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery, Message, TelegramObject

from db.service import UserService


class UserRegionMiddleware(BaseMiddleware):
    """Puts `user_region` (the region the user chose, or None) into the handler data."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        users: UserService = data["users"]
        user = event.from_user if isinstance(event, Message | CallbackQuery) else None
        data["user_region"] = await users.region(user.id) if user else None
        return await handler(event, data)
