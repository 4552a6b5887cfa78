"""Inline mode («@bilimbot тегін тамақ» in any chat): answer cards to post into a chat.

The same engine and the same rejection as in the bot: a program the bot would answer with
comes first; programs it would only offer as buttons when it is not sure; nothing at all for
small talk, an empty query or a question it cannot place — no result rather than a wrong one.
"""

from __future__ import annotations

from collections.abc import Mapping

from aiogram.types import InlineQueryResultArticle, InputTextMessageContent

from knowledge.engine import Answer, SearchIndex
from knowledge.model import Entry
from replies import keyboards
from replies.messaging import shorten
from replies.render import render_card, suggested_entries, to_plain

MAX_RESULTS = 5
DESCRIPTION = 120  # characters Telegram shows under a result's title


def inline_entries(answer: Answer, index: SearchIndex) -> list[Entry]:
    """The programs the engine stands behind for this query, best first (at most five)."""
    if answer.kind == "answer" and answer.slug:
        entry = index.get(answer.slug)
        return [entry] if entry is not None else []
    if answer.kind == "unknown":
        return suggested_entries(answer, index)[:MAX_RESULTS]
    return []


def inline_results(
    answer: Answer, entries: list[Entry], region: str | None, links: Mapping[str, str]
) -> list[InlineQueryResultArticle]:
    """One answer card per program, each with a button back to the bot's full answer
    (`links`: slug → deep link)."""
    results = []
    for entry in entries:
        card = render_card(entry, answer.query, region)
        # The card's lines after the title, as the result's description.
        body = to_plain(card.text).split("\n\n", 1)[-1].replace("\n", " ")
        results.append(
            InlineQueryResultArticle(
                id=entry.slug,
                title=entry.title,
                description=shorten(body, DESCRIPTION),
                input_message_content=InputTextMessageContent(
                    message_text=card.text, parse_mode="HTML"
                ),
                reply_markup=keyboards.inline_card(links[entry.slug]),
            )
        )
    return results
