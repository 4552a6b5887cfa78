"""/programs: categories → programs → one entry, editing one message, with back buttons."""

from __future__ import annotations

import html

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from db.service import UserService
from handlers.filters import TextIs
from knowledge.holder import IndexHolder
from replies import keyboards, texts
from replies.callbacks import CategoriesOpen, CategoryOpen, EntryOpen
from replies.messaging import TELEGRAM_LIMIT, reply_long
from replies.render import render_card


def router() -> Router:
    r = Router(name=__name__)
    r.message.register(show_categories, Command("programs"))
    r.message.register(show_categories, TextIs(texts.MENU_PROGRAMS))
    r.callback_query.register(open_categories, CategoriesOpen.filter())
    r.callback_query.register(open_category, CategoryOpen.filter())
    r.callback_query.register(open_entry, EntryOpen.filter())
    return r


def _categories(index: IndexHolder) -> list[str]:
    present = {e.category for e in index.current.entries}
    return [code for code in texts.CATEGORY_NAMES if code in present]


async def show_categories(message: Message, index: IndexHolder) -> None:
    await message.answer(
        texts.PROGRAMS_HEADER, reply_markup=keyboards.categories(_categories(index))
    )


async def _show(callback: CallbackQuery, text: str, markup: InlineKeyboardMarkup) -> None:
    """Edit the message the button sits under; send a new one if it cannot be edited."""
    message = callback.message
    if isinstance(message, Message) and len(text) <= TELEGRAM_LIMIT:
        await message.edit_text(text, reply_markup=markup)
    elif isinstance(message, Message):
        await reply_long(message, text, markup)
    await callback.answer()


async def open_categories(callback: CallbackQuery, index: IndexHolder) -> None:
    await _show(callback, texts.PROGRAMS_HEADER, keyboards.categories(_categories(index)))


async def open_category(
    callback: CallbackQuery, callback_data: CategoryOpen, index: IndexHolder
) -> None:
    entries = [e for e in index.current.entries if e.category == callback_data.code]
    if not entries:
        await callback.answer(texts.CATEGORY_EMPTY, show_alert=True)
        return
    name = texts.CATEGORY_NAMES.get(callback_data.code, callback_data.code)
    text = texts.CATEGORY_HEADER.format(category=html.escape(name))
    await _show(callback, text, keyboards.programs(entries))


async def open_entry(
    callback: CallbackQuery,
    callback_data: EntryOpen,
    index: IndexHolder,
    users: UserService,
    user_region: str | None,
) -> None:
    """A program opened from the list or from a suggestion: the same card as an answer,
    with 👍/👎 (the opening is logged as a question, so a vote has one to belong to)."""
    entry = index.current.get(callback_data.slug)
    if entry is None:  # retired since the button was sent, or tampered with
        await callback.answer(texts.ENTRY_GONE, show_alert=True)
        return
    question_id = await users.log_question(
        user_id=callback.from_user.id, region=user_region, query=entry.title, slug=entry.slug,
        kind="open",
    )  # fmt: skip
    card = render_card(entry, "", user_region)
    markup = keyboards.answer_card(entry, card, question_id, browse=callback_data.back)
    if callback_data.back:
        await _show(callback, card.text, markup)
    elif isinstance(callback.message, Message):
        await reply_long(callback.message, card.text, markup)
        await callback.answer()
