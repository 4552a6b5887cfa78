"""👍 / 👎 under an answer: stored once per user and answer; 👎 goes to the admins' log."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery

from db.followup import ReplyService
from db.service import UserService, VoteResult
from replies import texts
from replies.callbacks import ReplyVote, Vote


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(vote, Vote.filter())
    r.callback_query.register(reply_vote, ReplyVote.filter())
    return r


async def vote(callback: CallbackQuery, callback_data: Vote, users: UserService) -> None:
    result = await users.vote(
        user_id=callback.from_user.id, question_id=callback_data.question_id,
        slug=callback_data.slug, value=callback_data.value,
    )  # fmt: skip
    await _answer_vote(callback, result, callback_data.value, texts.VOTE_DOWN_THANKS)


async def reply_vote(
    callback: CallbackQuery, callback_data: ReplyVote, followups: ReplyService
) -> None:
    """👍/👎 on an admin's reply; a 👎 sends the question back to the admins."""
    result = await followups.vote(
        reply_id=callback_data.reply_id, user_id=callback.from_user.id, value=callback_data.value
    )
    await _answer_vote(callback, result, callback_data.value, texts.REPLY_VOTE_DOWN)


async def _answer_vote(
    callback: CallbackQuery, result: VoteResult, value: int, down_thanks: str
) -> None:
    if result is VoteResult.REFUSED:
        await callback.answer(texts.BUTTON_EXPIRED, show_alert=True)
    elif result is VoteResult.SAME:
        await callback.answer(texts.VOTE_ALREADY)
    else:
        await callback.answer(texts.VOTE_THANKS if value > 0 else down_thanks)
