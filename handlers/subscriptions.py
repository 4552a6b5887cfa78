"""«🔔 Өзгерсе хабарла» under an answer (and its undoing under a notice): one unit of work."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery

from db.broadcast_service import SubscriptionService
from knowledge.holder import IndexHolder
from replies import keyboards, texts
from replies.callbacks import Subscribe
from replies.messaging import button_message


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(toggle, Subscribe.filter())
    return r


async def toggle(
    callback: CallbackQuery,
    callback_data: Subscribe,
    subscriptions: SubscriptionService,
    index: IndexHolder,
) -> None:
    user_id, slug = callback.from_user.id, callback_data.slug
    if callback_data.on:
        if index.current.get(slug) is None:  # retired since, or tampered with
            await callback.answer(texts.ENTRY_GONE, show_alert=True)
            return
        changed = await subscriptions.subscribe(user_id, slug)
        note = texts.SUBSCRIBED if changed else texts.SUBSCRIBED_ALREADY
    else:
        changed = await subscriptions.unsubscribe(user_id, slug)
        note = texts.UNSUBSCRIBED if changed else texts.UNSUBSCRIBED_ALREADY
    await callback.answer(note, show_alert=True)
    # The button now offers the opposite, so pressing it again undoes this.
    message = button_message(callback)
    markup = keyboards.with_subscription(
        message.reply_markup if message else None, slug, callback_data.on
    )
    if message is not None and markup is not None:
        await message.edit_reply_markup(reply_markup=markup)
