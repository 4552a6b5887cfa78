"""Inline mode: «@bilimbot тегін тамақ» in any chat offers answer cards to post there."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.types import InlineQuery, InlineQueryResultsButton
from aiogram.utils.deep_linking import create_start_link

from db.service import UserService
from knowledge.holder import IndexHolder
from replies import texts
from replies.inline import inline_entries, inline_results

MAX_QUERY = 256  # Telegram's own limit on an inline query
# Results may be cached by Telegram this long: an admin's edit shows within five minutes.
CACHE_SECONDS = 300
START_PARAMETER = "inline"  # not a program: the bot greets as at /start


def router() -> Router:
    r = Router(name=__name__)
    r.inline_query.register(answer_inline)
    return r


async def answer_inline(
    query: InlineQuery, bot: Bot, index: IndexHolder, users: UserService
) -> None:
    search = index.current
    answer = search.answer(query.query[:MAX_QUERY])
    entries = inline_entries(answer, search)
    # A card shows the region the query names, or else the one the asker chose: then the
    # results are the asker's own and must not be cached for anyone else.
    user_region = None if answer.region else await users.region(query.from_user.id)
    links = {e.slug: await create_start_link(bot, e.slug) for e in entries}
    results = inline_results(answer, entries, answer.region or user_region, links)
    await query.answer(
        results,  # type: ignore[arg-type]
        cache_time=CACHE_SECONDS,
        is_personal=bool(entries) and user_region is not None,
        button=InlineQueryResultsButton(text=texts.INLINE_ASK_BOT, start_parameter=START_PARAMETER),
    )
