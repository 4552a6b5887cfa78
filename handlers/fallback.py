"""The catch-all, registered last: non-text messages and buttons nobody handles."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, Message

from handlers.filters import Addressed, IsCommandLike
from replies import texts


def router() -> Router:
    r = Router(name=__name__)
    # In groups only what is addressed to the bot gets an answer.
    r.message.register(unknown_command, IsCommandLike(), Addressed())
    r.message.register(not_text, Addressed())
    r.callback_query.register(stale_button)
    return r


async def unknown_command(message: Message) -> None:
    await message.answer(texts.HELP)


async def not_text(message: Message) -> None:
    await message.answer(texts.NON_TEXT)


async def stale_button(callback: CallbackQuery) -> None:
    await callback.answer(texts.BUTTON_EXPIRED, show_alert=True)
