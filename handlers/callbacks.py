"""Typed callback data of every inline button (Telegram allows 64 bytes)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class RegionChoice(CallbackData, prefix="rg"):
    code: str


class CategoryOpen(CallbackData, prefix="cat"):
    code: str


class CategoriesOpen(CallbackData, prefix="cats"):
    pass


class EntryOpen(CallbackData, prefix="e"):
    slug: str
    back: bool = True  # show a button back to the entry's category


class Vote(CallbackData, prefix="v"):
    question_id: int
    slug: str
    value: int  # 1 or -1
