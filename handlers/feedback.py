"""👍 / 👎 under an answer: stored once per user and answer; 👎 goes to the admins' log."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery

from db.service import UserService
from replies import texts
from replies.callbacks import Vote


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(vote, Vote.filter())
    return r


async def vote(callback: CallbackQuery, callback_data: Vote, users: UserService) -> None:
    user_id = callback.from_user.id
    if callback_data.value > 0:
        changed = await users.upvote(
            user_id=user_id, question_id=callback_data.question_id, slug=callback_data.slug
        )
        reply = texts.VOTE_THANKS
    else:
        changed = await users.downvote(
            user_id=user_id, question_id=callback_data.question_id, slug=callback_data.slug
        )
        reply = texts.VOTE_DOWN_THANKS
    await callback.answer(reply if changed else texts.VOTE_ALREADY)
