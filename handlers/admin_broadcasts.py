"""/broadcasts: the admins see each broadcast's progress (sent, waiting, failed, blocked)."""

from __future__ import annotations

import html

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message

from db.broadcast_service import BroadcastService
from handlers.admin_filters import IsAdmin
from knowledge.holder import IndexHolder
from replies import texts
from replies.messaging import reply_long
from replies.render import local_time

SHOWN = 10


def router() -> Router:
    r = Router(name=__name__)
    r.message.filter(IsAdmin())
    r.message.register(show_broadcasts, Command("broadcasts"))
    return r


async def show_broadcasts(
    message: Message, broadcasts: BroadcastService, index: IndexHolder
) -> None:
    progress = await broadcasts.recent(SHOWN)
    if not progress:
        await message.answer(texts.BROADCASTS_NONE)
        return
    lines = [texts.BROADCASTS_HEADER]
    for item in progress:
        row = item.broadcast
        entry = index.current.get(row.slug)
        state = texts.BROADCAST_FINISHED if row.finished_at else texts.BROADCAST_RUNNING
        lines.append(
            texts.BROADCAST_ITEM.format(
                id=row.id,
                title=html.escape(entry.title if entry else row.slug),
                when=html.escape(local_time(row.created_at)),
                state=state,
                sent=item.sent,
                pending=item.pending,
                failed=item.failed,
                blocked=item.blocked,
            )
        )
    await reply_long(message, "\n\n".join(lines))
