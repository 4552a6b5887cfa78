"""Feeding updates to a real dispatcher and reading the Bot API requests it made."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendMessage
from aiogram.types import (
    CallbackQuery,
    Chat,
    InlineKeyboardMarkup,
    Message,
    Sticker,
    Update,
    User,
)

from bot.app import create_dispatcher
from bot.client import TERMINAL_TOKEN, create_bot
from bot.config import Settings
from bot.local_session import LocalSession
from bot.ratelimit import RateLimiter
from bot.services import Services, open_services

_ids = itertools.count(1)


@dataclass
class Harness:
    dispatcher: Dispatcher
    bot: Bot
    session: LocalSession
    services: Services

    def user(self, user_id: int = 100) -> User:
        return User(id=user_id, is_bot=False, first_name="Ата-ана")

    async def send(self, text: str | None = None, *, user_id: int = 100, **extra: Any) -> None:
        """A private message from the user; returns after every handler finished."""
        self.session.requests.clear()
        n = next(_ids)
        extra.setdefault("chat", Chat(id=user_id, type="private"))
        message = Message(
            message_id=n, date=datetime.now(UTC), from_user=self.user(user_id), text=text, **extra
        )
        await self.dispatcher.feed_update(self.bot, Update(update_id=n, message=message))

    async def press(self, message: Message, data: str, *, user_id: int = 100) -> None:
        """Press the inline button with callback `data` under the bot's `message`."""
        self.session.requests.clear()
        n = next(_ids)
        query = CallbackQuery(
            id=str(n), from_user=self.user(user_id), chat_instance="test", message=message,
            data=data,
        )  # fmt: skip
        await self.dispatcher.feed_update(self.bot, Update(update_id=n, callback_query=query))

    # -- reading what the bot did ---------------------------------------------------
    def sent(self) -> list[SendMessage]:
        return [r for r in self.session.requests if isinstance(r, SendMessage)]

    def edits(self) -> list[EditMessageText]:
        return [r for r in self.session.requests if isinstance(r, EditMessageText)]

    def alerts(self) -> list[AnswerCallbackQuery]:
        return [r for r in self.session.requests if isinstance(r, AnswerCallbackQuery)]

    def text(self) -> str:
        return "\n".join(r.text for r in self.sent())

    def last_message(self) -> Message:
        """The bot's last sent message as Telegram would return it (buttons included)."""
        last = self.sent()[-1]
        markup = last.reply_markup if isinstance(last.reply_markup, InlineKeyboardMarkup) else None
        return Message(
            message_id=next(_ids), date=datetime.now(UTC),
            chat=Chat(id=int(last.chat_id), type="private"), text=last.text, reply_markup=markup,
        )  # fmt: skip


def buttons(markup: Any) -> dict[str, str]:
    """Button text → callback data of an inline keyboard."""
    assert isinstance(markup, InlineKeyboardMarkup)
    return {b.text: b.callback_data or "" for row in markup.inline_keyboard for b in row}


@asynccontextmanager
async def harness(settings: Settings, limiter: RateLimiter | None = None) -> AsyncIterator[Harness]:
    async with open_services(settings) as services:
        session = LocalSession()
        bot = create_bot(TERMINAL_TOKEN, session)
        yield Harness(create_dispatcher(services, limiter=limiter), bot, session, services)


STICKER = Sticker(
    file_id="s", file_unique_id="s", type="regular", width=1, height=1, is_animated=False,
    is_video=False,
)  # fmt: skip
