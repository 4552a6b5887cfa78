"""The Bot object: its session, HTML by default, resending after 429, and its commands.

Shared by the app and the terminal, so neither imports the other for it.
"""

from __future__ import annotations

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.types import BotCommand

from bot.resilience import RetryAfterMiddleware
from replies import texts

TERMINAL_TOKEN = "1:terminal"  # the local session never sends it anywhere


def create_bot(
    token: str,
    session: BaseSession | None = None,
    api_url: str | None = None,
    *,
    retry_after: bool = True,
) -> Bot:
    """`retry_after=False`: 429s reach the caller (the broadcast sender paces itself)."""
    if session is None and api_url:
        # A self-hosted Telegram Bot API server, as large deployments run.
        session = AiohttpSession(api=TelegramAPIServer.from_base(api_url))
    bot = Bot(token, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))
    if retry_after:
        bot.session.middleware(RetryAfterMiddleware())
    return bot


async def set_commands(bot: Bot) -> None:
    await bot.set_my_commands(
        [BotCommand(command=c, description=d) for c, d in texts.COMMANDS.items()]
    )
