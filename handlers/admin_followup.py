"""Admins closing the loop: replying to a parent's unanswered question (and keeping the
reply as an example question or a fact), /stale with its one-tap "still true"."""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramForbiddenError
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from db.followup import (
    Delivery,
    FreshnessService,
    NewFact,
    NoRegion,
    QueuedReply,
    ReplyService,
    fact_key,
)
from db.repository import AdminRow
from db.service import KnowledgeService, ReportService
from handlers.admin_entries import end_dialogue, need_text
from handlers.admin_filters import IsAdmin
from handlers.admin_reports import question_under_button
from handlers.filters import HasText
from knowledge.holder import IndexHolder
from knowledge.model import MAX_TEXT
from knowledge.regions import REGION_CODES
from replies import followup, keyboards, texts
from replies.callbacks import Confirm, ReplySend, StillTrue, UnansweredAction
from replies.messaging import button_message, shorten
from replies.render import day_words, region_name

log = logging.getLogger("bilimbot.followup")
ENTRY_CHOICES = 8
STALE_ITEMS = 15  # one message each, with its button


class ReplyDialogue(StatesGroup):
    text = State()
    mode = State()


def router() -> Router:
    r = Router(name=__name__)
    r.message.filter(IsAdmin())
    r.callback_query.filter(IsAdmin())
    r.callback_query.register(reply_start, UnansweredAction.filter(F.action == "reply"))
    r.message.register(reply_text, StateFilter(ReplyDialogue.text), HasText())
    r.callback_query.register(reply_send, StateFilter(ReplyDialogue.mode), ReplySend.filter())
    r.callback_query.register(reply_cancel, StateFilter(ReplyDialogue), Confirm.filter())
    r.message.register(stale, Command("stale"))
    r.callback_query.register(still_true, StillTrue.filter())
    r.message.register(need_text, StateFilter(ReplyDialogue.text))
    return r


# -- replying to a parent ----------------------------------------------------------------
async def reply_start(
    callback: CallbackQuery,
    callback_data: UnansweredAction,
    reports: ReportService,
    state: FSMContext,
    rights: AdminRow,
) -> None:
    pressed = await question_under_button(callback, callback_data.uid, reports, rights)
    if pressed is None:
        return
    found, message = pressed
    await state.set_state(ReplyDialogue.text)
    await state.set_data({"uid": found.id, "query": found.query, "region": found.region})
    await callback.answer()
    query = html.escape(shorten(found.query, followup.QUERY_CLIP))
    await message.answer(texts.REPLY_ASK_TEXT.format(query=query))


async def reply_text(message: Message, state: FSMContext, rights: AdminRow) -> None:
    text = (message.text or "").strip()
    if text.startswith("/"):
        await message.answer(texts.ADMIN_NEED_TEXT)  # a command is never sent to a parent
        return
    if not text or len(text) > MAX_TEXT:
        await message.answer(texts.ADMIN_TOO_LONG.format(limit=MAX_TEXT))
        return
    data = await state.get_data()
    await state.set_state(ReplyDialogue.mode)
    await state.update_data(text=text)
    keyboard = keyboards.reply_modes(full=rights.full, fact=data.get("region") in REGION_CODES)
    await message.answer(followup.reply_preview(data.get("query", ""), text), reply_markup=keyboard)


async def reply_cancel(callback: CallbackQuery, state: FSMContext) -> None:
    await end_dialogue(state)
    await callback.answer(texts.ADMIN_CANCELLED)
    message = button_message(callback)
    if message is not None:
        await message.edit_reply_markup(reply_markup=None)


async def reply_send(
    callback: CallbackQuery,
    callback_data: ReplySend,
    state: FSMContext,
    followups: ReplyService,
    knowledge: KnowledgeService,
    index: IndexHolder,
    bot: Bot,
    rights: AdminRow,
) -> None:
    data = await state.get_data()
    message = button_message(callback)
    mode, slug = callback_data.mode, callback_data.slug
    if message is None or "text" not in data or mode not in ("s", "q", "f"):
        await callback.answer(texts.BUTTON_EXPIRED, show_alert=True)
        return
    region = data.get("region")
    if mode == "f" and region not in REGION_CODES:
        await callback.answer(texts.REPLY_NO_REGION, show_alert=True)
        return
    if mode != "s" and not slug:
        # Pick the entry first: those the engine finds for the question, best first.
        search = index.current
        ranked = [search.entries[r.doc] for r in search.rank_text(data["query"])[:ENTRY_CHOICES]]
        prompt = (
            texts.REPLY_PICK_EXAMPLE if mode == "q"
            else texts.REPLY_PICK_FACT.format(region=html.escape(region_name(region)))
        )  # fmt: skip
        await callback.answer()
        choices = ranked or search.entries[:ENTRY_CHOICES]
        await message.answer(prompt, reply_markup=keyboards.reply_targets(mode, choices))
        return
    await end_dialogue(state)
    fact = None
    if mode == "f":
        title = texts.REPLY_SOURCE_TITLE.format(region=region_name(region))
        fact = NewFact(slug, title)
    try:
        queued = await followups.queue(
            int(data["uid"]), data["text"], actor=rights,
            example_for=slug if mode == "q" else None, fact=fact,
        )  # fmt: skip
    except NoRegion:
        await callback.answer(texts.REPLY_NO_REGION, show_alert=True)
        return
    if queued is None:
        await callback.answer(texts.BUTTON_EXPIRED, show_alert=True)
        return
    await callback.answer()
    await message.edit_reply_markup(reply_markup=None)
    if queued.entry is not None:
        await index.rebuild(knowledge, queued.entry.slug)
    await message.answer(await _deliver(bot, followups, queued))
    if queued.entry is not None:
        done = texts.REPLY_ADDED_FACT if mode == "f" else texts.REPLY_ADDED_EXAMPLE
        await message.answer(
            done.format(title=html.escape(queued.entry.title),
                        region=html.escape(region_name(region)))
        )  # fmt: skip


async def _deliver(bot: Bot, followups: ReplyService, queued: QueuedReply) -> str:
    """Send the reply to every parent and tell the admin how it went."""
    if not queued.deliveries:
        return texts.REPLY_NOBODY
    outcomes = await deliver(bot, followups, queued.deliveries)
    sent = sum(1 for status in outcomes if status == "sent")
    lines = [texts.REPLY_DONE.format(sent=sent)]
    if sent < len(outcomes):
        lines.append(texts.REPLY_NOT_DELIVERED.format(count=len(outcomes) - sent))
    return "\n".join(lines)


async def deliver(bot: Bot, followups: ReplyService, deliveries: Sequence[Delivery]) -> list[str]:
    """Send each reply nobody else took, then record what Telegram said to each (one unit
    of work): a parent who blocked the bot is recorded as undeliverable, not lost. Also
    used at start for replies a stopped process left unsent."""
    outcomes = []
    for delivery in deliveries:
        if await followups.claim(delivery.reply_id):
            outcomes.append((delivery.reply_id, await _send(bot, delivery)))
    await followups.record(outcomes)
    return [status for _, status in outcomes]


async def _send(bot: Bot, delivery: Delivery) -> str:
    """One reply; a 429 is waited out and resent by the session (bot.resilience)."""
    try:
        await bot.send_message(
            delivery.user_id, followup.parent_reply(delivery.query, delivery.text),
            reply_markup=keyboards.reply_rating(delivery.reply_id),
        )  # fmt: skip
    except (TelegramForbiddenError, TelegramBadRequest):
        return "undeliverable"  # blocked the bot, or never opened a chat with it
    except TelegramAPIError:
        log.warning("reply %d not delivered", delivery.reply_id, exc_info=True)
        return "failed"
    return "sent"


# -- what to check again -----------------------------------------------------------------
async def stale(message: Message, freshness: FreshnessService, rights: AdminRow) -> None:
    report = await freshness.stale(viewer=rights)
    if not report:
        await message.answer(texts.STALE_NONE)
        return
    await message.answer(followup.stale_header(len(report.entries), len(report.facts)))
    items: Sequence[tuple[str, InlineKeyboardMarkup]] = [
        *((followup.stale_fact(f), keyboards.still_true(f.entry.slug, f.index, fact_key(f.fact)))
          for f in report.facts),
        *((followup.stale_entry(e), keyboards.still_true(e.entry.slug)) for e in report.entries),
    ]  # fmt: skip
    for text, keyboard in items[:STALE_ITEMS]:
        await message.answer(text, reply_markup=keyboard)
    if len(items) > STALE_ITEMS:
        await message.answer(texts.STALE_MORE.format(count=len(items) - STALE_ITEMS))


async def still_true(
    callback: CallbackQuery,
    callback_data: StillTrue,
    freshness: FreshnessService,
    index: IndexHolder,
    knowledge: KnowledgeService,
    rights: AdminRow,
) -> None:
    fact = None if callback_data.fact < 0 else callback_data.fact
    # A change beyond the admin's rights raises NotAllowed: the error handler tells them.
    entry = await freshness.confirm(
        callback_data.slug, fact=fact, key=callback_data.key, actor=rights
    )
    if entry is None:
        await callback.answer(texts.BUTTON_EXPIRED, show_alert=True)
        return
    await index.rebuild(knowledge, entry.slug)
    today = day_words(freshness.today().isoformat())
    await callback.answer(texts.STILL_TRUE_DONE.format(date=today))
    message = button_message(callback)
    if message is not None:
        await message.edit_reply_markup(reply_markup=None)
