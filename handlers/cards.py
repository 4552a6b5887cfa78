"""The buttons under an answer card: other regions' facts, every source, how to apply,
the program's link."""

from __future__ import annotations

import html

from aiogram import Bot, Router
from aiogram.types import CallbackQuery
from aiogram.utils.deep_linking import create_start_link

from db.service import AdminService
from knowledge.holder import IndexHolder
from replies import texts
from replies.callbacks import CardMore
from replies.messaging import button_message, reply_long
from replies.render import render_apply, render_other_regions, render_sources


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(open_more, CardMore.filter())
    return r


def _indexes(shown: str) -> list[int]:
    return [int(part) for part in shown.split(".") if part.isdigit()]


async def open_more(
    callback: CallbackQuery,
    callback_data: CardMore,
    index: IndexHolder,
    admins: AdminService,
    bot: Bot,
) -> None:
    """Send the part asked for under the card; the card and its votes stay as they were."""
    entry = index.current.get(callback_data.slug)
    message = button_message(callback)
    if entry is None or message is None or callback_data.part not in ("r", "s", "a", "l"):
        await callback.answer(texts.BUTTON_EXPIRED, show_alert=True)
        return
    if callback_data.part == "l":
        # The deep link that opens this answer (the bot's name from getMe, cached by aiogram).
        link = await create_start_link(bot, entry.slug)
        text = texts.PROGRAM_LINK.format(title=html.escape(entry.title), link=html.escape(link))
    elif callback_data.part == "r":
        text = render_other_regions(entry, _indexes(callback_data.shown))
    elif callback_data.part == "a":
        text = render_apply(entry)
    else:
        # The internal reference of a source (a seed file) is for admins only.
        admin = await admins.rights(callback.from_user.id) is not None
        text = render_sources(entry, admin=admin)
    await callback.answer()
    await reply_long(message, text)
