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
from aiogram.types import ErrorEvent

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
    """The global error handler: log (no message text, no token) and apologise in Kazakh."""
    update = event.update
    log.error(
        "update %s failed: %s", update.update_id, type(event.exception).__name__,
        exc_info=(type(event.exception), event.exception, event.exception.__traceback__),
    )  # fmt: skip
    chat_id = None
    if update.message is not None:
        chat_id = update.message.chat.id
    elif update.callback_query is not None and update.callback_query.message is not None:
        chat_id = update.callback_query.message.chat.id
    if chat_id is not None:
        try:
            await bot.send_message(chat_id, texts.ERROR_APOLOGY)
        except Exception:  # noqa: BLE001 (the apology must never raise in turn)
            log.warning("could not send the apology for update %s", update.update_id)
    return True
