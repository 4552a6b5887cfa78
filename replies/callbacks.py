"""Typed callback data of every inline button (Telegram allows 64 bytes)."""

from __future__ import annotations

from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from pydantic import Field

# A row id from a button: positive and 64-bit. A forged or garbled one fails to parse, so
# the button is treated as stale instead of reaching the database.
RowId = Annotated[int, Field(gt=0, lt=2**63)]


class RegionChoice(CallbackData, prefix="rg"):
    code: str


class CategoryOpen(CallbackData, prefix="cat"):
    code: str


class CategoriesOpen(CallbackData, prefix="cats"):
    pass


class EntryOpen(CallbackData, prefix="e"):
    slug: str
    back: bool = True  # show a button back to the entry's category


class CardMore(CallbackData, prefix="m"):
    """A button under an answer card that opens the rest of the entry."""

    slug: str
    part: str  # "r": other regions' facts, "s": all sources, "a": how to apply in full,
    # "l": the program's link (a deep link to this answer)
    shown: str = ""  # the facts the card showed, as indexes joined by "."


class Vote(CallbackData, prefix="v"):
    question_id: RowId
    slug: str
    value: Annotated[int, Field(ge=-1, le=1)]  # 1 or -1


class AddCategory(CallbackData, prefix="ac"):
    code: str


class Confirm(CallbackData, prefix="ok"):
    yes: bool
    notify: bool = False  # an edit: tell the entry's subscribers what changed


class EditField(CallbackData, prefix="ef"):
    slug: str
    field: str


class EditRegion(CallbackData, prefix="er"):
    slug: str
    region: str


class UnansweredAction(CallbackData, prefix="ua"):
    uid: RowId  # an id of one of the grouped questions
    action: str  # link | new | dismiss


class LinkTo(CallbackData, prefix="lt"):
    uid: RowId
    slug: str


class Subscribe(CallbackData, prefix="sb"):
    """«🔔 Өзгерсе хабарла» (on) and its undoing (off) under an answer or a notice."""

    slug: str
    on: bool
