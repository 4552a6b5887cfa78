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
    action: str  # link | new | dismiss | reply


class UnansweredPage(CallbackData, prefix="up"):
    offset: Annotated[int, Field(ge=0, lt=100_000)]


class LinkTo(CallbackData, prefix="lt"):
    uid: RowId
    slug: str


class ReplySend(CallbackData, prefix="rs"):
    """How an admin's reply goes: "s" only sent; "q" the question also becomes an example
    question of an entry, "f" the reply also a fact of one (then `slug` names it; empty:
    pick the entry first)."""

    mode: str
    slug: str = ""


class ReplyVote(CallbackData, prefix="rv"):
    """A parent's 👍/👎 on an admin's reply."""

    reply_id: RowId
    value: Annotated[int, Field(ge=-1, le=1)]


class StillTrue(CallbackData, prefix="st"):
    """ "Still true" on a stale entry (fact -1) or on one of its facts, named by its index
    and fingerprint so that a changed fact is not confirmed unseen."""

    slug: str
    fact: Annotated[int, Field(ge=-1, lt=1000)] = -1
    key: str = ""


class Subscribe(CallbackData, prefix="sb"):
    """«🔔 Өзгерсе хабарла» (on) and its undoing (off) under an answer or a notice."""

    slug: str
    on: bool
