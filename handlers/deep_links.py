"""Deep links: t.me/<bot>?start=<slug> (printed on school notices) opens that program's answer.

Only a payload naming a program the bot answers with is taken here; any other /start (no
payload, a wrong or retired one) goes on to the ordinary greeting."""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.filters import CommandObject, CommandStart, Filter
from aiogram.types import Message

from db.service import UserService
from knowledge.holder import IndexHolder
from knowledge.model import Entry
from replies import keyboards
from replies.messaging import reply_long
from replies.render import render_card


class ProgramPayload(Filter):
    """The /start payload names a program in the index; hands the `entry` on."""

    async def __call__(
        self, message: Message, command: CommandObject, index: IndexHolder
    ) -> bool | dict[str, Any]:
        entry = index.current.get((command.args or "").strip().lower())
        return {"entry": entry} if entry is not None else False


def router() -> Router:
    r = Router(name=__name__)
    r.message.register(open_program, CommandStart(deep_link=True), ProgramPayload())
    return r


async def open_program(
    message: Message, entry: Entry, users: UserService, user_region: str | None
) -> None:
    """The program's card with 👍/👎 and «🔔 Өзгерсе хабарла», as under every answer; the
    opening is logged (kind 'open') so that a vote has a question to belong to."""
    user_id = message.from_user.id if message.from_user else None
    question_id = await users.log_question(
        user_id=user_id, region=user_region, query=entry.title, slug=entry.slug, kind="open"
    )
    card = render_card(entry, "", user_region)
    await reply_long(message, card.text, keyboards.answer_card(entry, card, question_id))
