"""Free-text questions: the engine's answer, or "I don't know" with suggestions."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import Message

from bot import texts
from bot.messaging import reply_long
from bot.render import render_reply, suggested_entries
from bot.services import IndexHolder
from db.service import UserService
from handlers import keyboards
from handlers.filters import Addressed, IsQuestion

MAX_QUESTION = 4096


def router() -> Router:
    r = Router(name=__name__)
    r.message.register(answer_question, IsQuestion(), Addressed())
    # An edited question is answered again, as the new question it now is.
    r.edited_message.register(answer_question, IsQuestion(), Addressed())
    return r


async def answer_question(
    message: Message,
    index: IndexHolder,
    users: UserService,
    user_region: str | None,
    question_text: str,
) -> None:
    query = question_text[:MAX_QUESTION]
    user_id = message.from_user.id if message.from_user else None
    search = index.current
    answer = search.answer(query)
    region = answer.region or user_region
    # Written before replying, so a failed reply never loses the question.
    question_id = await users.log_question(
        user_id=user_id, region=region, query=query, slug=answer.slug, kind=answer.kind,
        unanswered_guesses=answer.suggestions if answer.kind == "unknown" else None,
    )  # fmt: skip
    text = render_reply(answer, search, user_region)
    if answer.kind == "answer" and answer.slug:
        markup = keyboards.answer_feedback(question_id, answer.slug)
        await reply_long(message, text, markup)
    elif answer.kind == "unknown":
        if answer.confirm is None:  # asking back is not "I don't know"
            text = f"{text}\n\n{texts.UNKNOWN_RECORDED}"
        suggested = suggested_entries(answer, search)  # the asked-back program first
        await reply_long(message, text, keyboards.suggestions(suggested))
    else:
        await reply_long(message, text)
