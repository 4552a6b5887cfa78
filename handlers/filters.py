"""Filters shared by the user-facing routers."""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.enums import ChatType, MessageEntityType
from aiogram.filters import Filter
from aiogram.types import Message


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
