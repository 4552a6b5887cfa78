"""Filters shared by the user-facing routers."""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.enums import ChatType, MessageEntityType
from aiogram.filters import Filter
from aiogram.types import Message

from replies import texts


class Addressed(Filter):
    """In a private chat every message is for the bot; in a group only a message that
    mentions it or replies to it. Passes `question_text` with the mention removed."""

    async def __call__(self, message: Message, bot: Bot) -> bool | dict[str, Any]:
        text = message.text or message.caption or ""
        if message.chat.type == ChatType.PRIVATE:
            return {"question_text": text}
        me = await bot.me()
        reply = message.reply_to_message
        if reply is not None and reply.from_user is not None and reply.from_user.id == me.id:
            return {"question_text": text}
        mention = f"@{me.username}".lower() if me.username else None
        for entity in message.entities or ():
            if entity.type == MessageEntityType.MENTION and mention:
                value = entity.extract_from(text)
                if value.lower() == mention:
                    return {"question_text": (text.replace(value, " ")).strip()}
        return False


# Async filters on purpose: aiogram runs every synchronous filter (magic `F.…` filters,
# bare `State` objects) in a worker thread, a thread hop per filter per update.
class HasText(Filter):
    async def __call__(self, message: Message) -> bool:
        return message.text is not None


class TextIs(Filter):
    """The message text is exactly this (a menu button)."""

    def __init__(self, text: str) -> None:
        self.text = text

    async def __call__(self, message: Message) -> bool:
        return message.text == self.text


class IsQuestion(Filter):
    """Text that is neither a command nor a menu button."""

    _MENU = frozenset({texts.MENU_PROGRAMS, texts.MENU_REGION, texts.MENU_HELP})

    async def __call__(self, message: Message) -> bool:
        text = message.text
        return text is not None and not text.startswith("/") and text not in self._MENU


class IsCommandLike(Filter):
    async def __call__(self, message: Message) -> bool:
        return message.text is not None and message.text.startswith("/")


class HasDocument(Filter):
    async def __call__(self, message: Message) -> bool:
        return message.document is not None
