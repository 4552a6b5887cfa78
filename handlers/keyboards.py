"""Inline and reply keyboards, built with aiogram's builders."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup, ReplyKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder, ReplyKeyboardBuilder

from bot import texts
from handlers.callbacks import CategoriesOpen, CategoryOpen, EntryOpen, RegionChoice, Vote
from knowledge.model import Entry


def main_menu() -> ReplyKeyboardMarkup:
    builder = ReplyKeyboardBuilder()
    builder.button(text=texts.MENU_PROGRAMS)
    builder.button(text=texts.MENU_REGION)
    builder.button(text=texts.MENU_HELP)
    builder.adjust(1, 2)
    return builder.as_markup(resize_keyboard=True, input_field_placeholder=texts.INPUT_HINT)


def regions() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for code, name in texts.REGION_NAMES.items():
        if code != "kz":
            builder.button(text=name, callback_data=RegionChoice(code=code))
    builder.button(
        text=texts.OTHER_REGION_NAME, callback_data=RegionChoice(code=texts.OTHER_REGION)
    )
    builder.adjust(1)
    return builder.as_markup()


def categories(codes: Sequence[str]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for code in codes:
        name = texts.CATEGORY_NAMES.get(code, code)
        builder.button(text=name, callback_data=CategoryOpen(code=code))
    builder.adjust(1)
    return builder.as_markup()


def programs(entries: Sequence[Entry]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for entry in entries:
        builder.button(text=entry.title, callback_data=EntryOpen(slug=entry.slug))
    builder.button(text=texts.BACK_TO_CATEGORIES, callback_data=CategoriesOpen())
    builder.adjust(1)
    return builder.as_markup()


def entry_view(entry: Entry) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=texts.BACK_TO_CATEGORY, callback_data=CategoryOpen(code=entry.category))
    builder.button(text=texts.BACK_TO_CATEGORIES, callback_data=CategoriesOpen())
    builder.adjust(1)
    return builder.as_markup()


def answer_feedback(question_id: int, slug: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text="👍", callback_data=Vote(question_id=question_id, slug=slug, value=1))
    builder.button(text="👎", callback_data=Vote(question_id=question_id, slug=slug, value=-1))
    return builder.as_markup()


def suggestions(entries: Sequence[Entry]) -> InlineKeyboardMarkup | None:
    if not entries:
        return None
    builder = InlineKeyboardBuilder()
    for entry in entries:
        builder.button(text=entry.title, callback_data=EntryOpen(slug=entry.slug, back=False))
    builder.adjust(1)
    return builder.as_markup()
