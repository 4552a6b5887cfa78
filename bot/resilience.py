"""Keeping replies flowing: retry what Telegram rate-limits, and never crash on an error."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods.base import TelegramMethod, TelegramType
from aiogram.types import ErrorEvent, Update
from redis.exceptions import RedisError
from sqlalchemy.exc import SQLAlchemyError

from db.database import DatabaseUnavailable
from db.service import NotAllowed
from replies import texts

log = logging.getLogger("bilimbot")

MAX_RETRIES = 3
MAX_WAIT = 60  # seconds; Telegram asks for longer only in extreme floods


class RetryAfterMiddleware(BaseRequestMiddleware):
    """On 429 (TelegramRetryAfter), wait as long as Telegram asks and send again."""

    def __init__(self, sleep: Any = asyncio.sleep) -> None:
        self._sleep = sleep

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Any:
        for attempt in range(MAX_RETRIES + 1):
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                if attempt == MAX_RETRIES or error.retry_after > MAX_WAIT:
                    raise
                log.warning(
                    "%s rate-limited, retrying in %ss", type(method).__name__, error.retry_after
                )
                await self._sleep(error.retry_after)
        raise AssertionError("unreachable")  # pragma: no cover


async def on_error(event: ErrorEvent, bot: Bot) -> bool:
    """The global error handler: log (no message text, no token) and apologise in Kazakh.

    The update's unit of work has rolled back. A pressed button is always answered, or
    it keeps spinning on the user's screen.
    """
    update = event.update
    error = event.exception
    if isinstance(error, NotAllowed):
        log.warning("update %s: refused a change beyond the actor's rights", update.update_id)
        return await _tell(bot, update, texts.ADMIN_REGION_ONLY)
    if isinstance(error, DatabaseUnavailable | OSError | SQLAlchemyError | RedisError):
        log.error("update %s: storage unavailable: %s", update.update_id, type(error).__name__)
        return await _tell(bot, update, texts.STORAGE_APOLOGY)
    log.error(
        "update %s failed: %s", update.update_id, type(error).__name__,
        exc_info=(type(error), error, error.__traceback__),
    )  # fmt: skip
    return await _tell(bot, update, texts.ERROR_APOLOGY)


async def _tell(bot: Bot, update: Update, text: str) -> bool:
    chat_id = None
    try:
        if update.callback_query is not None:
            await bot.answer_callback_query(update.callback_query.id, text=text, show_alert=True)
            return True
        message = update.message or update.edited_message
        if message is not None:
            chat_id = message.chat.id
            await bot.send_message(chat_id, text)
    except Exception:  # noqa: BLE001 (the apology must never raise in turn)
        log.warning("could not send the apology for update %s", update.update_id)
    return True
