"""What admins read and move in bulk: /unanswered, /stats, /export, and importing a file."""

from __future__ import annotations

import asyncio
import html
import io
import json
from datetime import UTC, datetime, timedelta
from typing import Any

from aiogram import Bot, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from db.repository import AdminRow, UnansweredGroup, UnansweredRow
from db.service import KnowledgeService, ReportService
from handlers.admin_entries import end_dialogue, start_add_with_question
from handlers.admin_filters import IsAdmin
from handlers.filters import HasDocument
from knowledge.holder import IndexHolder
from knowledge.model import EntryError, entries_from_document
from replies import charts, followup, keyboards, texts
from replies.callbacks import Confirm, LinkTo, UnansweredAction, UnansweredPage
from replies.messaging import button_message, reply_long, shorten
from replies.render import region_name

MAX_IMPORT_BYTES = 5 * 1024 * 1024
LINK_CHOICES = 8
UNANSWERED_PAGE = 10
UNANSWERED_QUERY_LIMIT = 600  # a list item stays far below Telegram's 4 096 characters


class ImportFile(StatesGroup):
    confirm = State()


def router() -> Router:
    r = Router(name=__name__)
    # Everyone else skips this router at once; the filter hands `rights` to every handler.
    r.message.filter(IsAdmin())
    r.callback_query.filter(IsAdmin())
    r.message.register(unanswered, Command("unanswered"))
    r.callback_query.register(unanswered_action, UnansweredAction.filter())
    r.callback_query.register(unanswered_page, UnansweredPage.filter())
    r.callback_query.register(link_to, LinkTo.filter())
    r.message.register(stats, Command("stats"))
    r.message.register(export, Command("export"))
    r.message.register(import_file, HasDocument())
    r.callback_query.register(import_confirm, StateFilter(ImportFile.confirm), Confirm.filter())
    return r


def _since(days: int) -> str:
    return (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds")


# -- unanswered questions ---------------------------------------------------------------------
async def unanswered(message: Message, reports: ReportService, rights: AdminRow) -> None:
    groups = await reports.unanswered(_since(30), UNANSWERED_PAGE + 1, viewer=rights)
    waiting = await reports.waiting(viewer=rights)
    if waiting:
        await message.answer(followup.waiting(waiting, datetime.now(UTC)))
    if not groups:
        await message.answer(texts.UNANSWERED_NONE)
        return
    await message.answer(texts.UNANSWERED_HEADER.format(count=min(len(groups), UNANSWERED_PAGE)))
    await _send_groups(message, groups, rights, offset=0)


async def _send_groups(
    message: Message, groups: list[UnansweredGroup], rights: AdminRow, offset: int
) -> None:
    """One message per question group (each far below Telegram's limit), a page at a
    time, with a button for the next page when there may be one."""
    for group in groups[:UNANSWERED_PAGE]:
        regions = ", ".join(region_name(r) for r in group.regions) or "—"
        mark = " 👎" if "downvote" in group.reasons else ""
        text = texts.UNANSWERED_ITEM.format(
            query=html.escape(shorten(group.example, UNANSWERED_QUERY_LIMIT)), count=group.count,
            regions=html.escape(regions), mark=mark,
        )  # fmt: skip
        await message.answer(
            text, reply_markup=keyboards.unanswered_actions(group.uid, full=rights.full)
        )
    if len(groups) > UNANSWERED_PAGE:
        next_offset = offset + UNANSWERED_PAGE
        await message.answer(
            texts.UNANSWERED_MORE, reply_markup=keyboards.unanswered_more(next_offset)
        )


async def unanswered_page(
    callback: CallbackQuery, callback_data: UnansweredPage, reports: ReportService,
    rights: AdminRow,
) -> None:  # fmt: skip
    message = button_message(callback)
    offset = callback_data.offset
    groups = await reports.unanswered(_since(30), UNANSWERED_PAGE + 1, viewer=rights, offset=offset)
    await callback.answer()
    if message is None or not groups:
        return
    await message.edit_reply_markup(reply_markup=None)
    await _send_groups(message, groups, rights, offset=offset)


async def question_under_button(
    callback: CallbackQuery, uid: int, reports: ReportService, rights: AdminRow
) -> tuple[UnansweredRow, Message] | None:
    """The unanswered question a button names and the message under it; None (the button
    answered as expired) when either is gone or the question is another region's."""
    found = await reports.question(uid, viewer=rights)
    message = button_message(callback)
    if found is None or message is None:
        await callback.answer(texts.BUTTON_EXPIRED, show_alert=True)
        return None
    return found, message


async def unanswered_action(
    callback: CallbackQuery,
    callback_data: UnansweredAction,
    reports: ReportService,
    index: IndexHolder,
    state: FSMContext,
    rights: AdminRow,
) -> None:
    pressed = await question_under_button(callback, callback_data.uid, reports, rights)
    if pressed is None:
        return
    found, message = pressed
    if callback_data.action == "dismiss":
        if await reports.dismiss(callback_data.uid, actor=rights) is None:
            await callback.answer(texts.BUTTON_EXPIRED, show_alert=True)
            return
        await callback.answer(texts.UNANSWERED_DISMISSED)
        await message.edit_reply_markup(reply_markup=None)
    elif callback_data.action in ("new", "link") and not rights.full:
        await callback.answer(texts.ADMIN_REGION_ONLY, show_alert=True)
    elif callback_data.action == "new":
        await start_add_with_question(state, found.query)
        await callback.answer()
        await message.answer(texts.ADD_ASK_SLUG)
    elif callback_data.action == "link":
        search = index.current
        ranked = [search.entries[r.doc] for r in search.rank_text(found.query)[:LINK_CHOICES]]
        choices = ranked or search.entries[:LINK_CHOICES]
        await callback.answer()
        await message.answer(
            texts.UNANSWERED_PICK_ENTRY,
            reply_markup=keyboards.link_targets(callback_data.uid, choices),
        )
    else:
        await callback.answer(texts.BUTTON_EXPIRED, show_alert=True)


async def link_to(
    callback: CallbackQuery,
    callback_data: LinkTo,
    knowledge: KnowledgeService,
    index: IndexHolder,
    rights: AdminRow,
) -> None:
    entry = await knowledge.link_question(
        uid=callback_data.uid, slug=callback_data.slug, actor=rights
    )
    if entry is None:
        await callback.answer(texts.BUTTON_EXPIRED, show_alert=True)
        return
    await index.rebuild(knowledge, callback_data.slug)
    await callback.answer()
    message = button_message(callback)
    if message is not None:
        await message.edit_text(texts.UNANSWERED_LINKED.format(title=html.escape(entry.title)))


# -- statistics ----------------------------------------------------------------------------
def _stats_block(days: int, data: dict[str, Any], titles: dict[str, str]) -> str:
    asked = sum(n for _, n, _ in data["per_day"])
    answered = sum(a for _, _, a in data["per_day"])
    share = round(100 * answered / asked) if asked else 0
    lines = [texts.STATS_PERIOD.format(days=days, asked=asked, answered=answered, share=share)]
    for day, n, a in data["per_day"][-7:]:
        lines.append(f"  {day}: {n} ({a} ✓)")
    if data["per_region"]:
        lines.append(texts.STATS_REGIONS)
        for region, n, a in data["per_region"]:
            lines.append(f"  {html.escape(region_name(region))}: {n} ({a} ✓)")
    if data["top_programs"]:
        lines.append(texts.STATS_TOP)
        for slug, n in data["top_programs"]:
            lines.append(f"  {html.escape(titles.get(slug, slug))}: {n}")
    if data["votes"]:
        lines.append(texts.STATS_VOTES)
        for slug, up, down in data["votes"]:
            lines.append(f"  {html.escape(titles.get(slug, slug))}: 👍 {up} · 👎 {down}")
    return "\n".join(lines)


async def stats(
    message: Message, reports: ReportService, knowledge: KnowledgeService, rights: AdminRow
) -> None:
    """The text for 7 and 30 days, then the 30 days as a picture (the admin's region)."""
    titles = {e.slug: e.title for e in await knowledge.entries()}
    data = {days: await reports.stats(_since(days), viewer=rights) for days in (7, 30)}
    blocks = [_stats_block(days, figures, titles) for days, figures in data.items()]
    await reply_long(message, "\n\n".join(blocks))
    # Drawing is CPU work: off the event loop, so other updates go on meanwhile.
    png = await asyncio.to_thread(charts.stats_png, data[30], titles)
    scope = region_name(rights.region) if rights.region else texts.STATS_ALL_REGIONS
    await message.answer_photo(
        BufferedInputFile(png, filename="bilimbot-stats.png"),
        caption=texts.STATS_CHART_CAPTION.format(scope=html.escape(scope)),
    )


# -- export and import ------------------------------------------------------------------------
async def export(message: Message, knowledge: KnowledgeService) -> None:
    document = json.dumps(await knowledge.export_document(), ensure_ascii=False, indent=2)
    file = BufferedInputFile(document.encode("utf-8"), filename="bilimbot-knowledge.json")
    await message.answer_document(file, caption=texts.EXPORT_CAPTION)


async def import_file(
    message: Message, bot: Bot, state: FSMContext, knowledge: KnowledgeService, rights: AdminRow
) -> None:
    document = message.document
    if document is None:
        return
    if rights.region is not None:
        await message.answer(texts.ADMIN_REGION_ONLY)
        return
    if (document.file_size or 0) > MAX_IMPORT_BYTES:
        await message.answer(texts.IMPORT_TOO_BIG)
        return
    buffer = io.BytesIO()
    await bot.download(document, destination=buffer)
    try:
        entries = entries_from_document(json.loads(buffer.getvalue().decode("utf-8")))
    except UnicodeDecodeError:
        await message.answer(texts.IMPORT_BAD_FILE.format(error=texts.IMPORT_NOT_UTF8))
        return
    except json.JSONDecodeError as error:
        detail = texts.not_json(error.lineno, error.colno)
        await message.answer(texts.IMPORT_BAD_FILE.format(error=detail))
        return
    except EntryError as error:
        detail = html.escape(texts.entry_error(error.code, error.params))
        await message.answer(texts.IMPORT_BAD_FILE.format(error=detail))
        return
    plan = await knowledge.plan_import(entries)
    await state.set_state(ImportFile.confirm)
    await state.update_data(entries=[e.to_dict() for e in entries])
    summary = texts.IMPORT_PLAN.format(
        added=len(plan.added), changed=len(plan.changed), retired=len(plan.retired),
        same=len(plan.same),
    )  # fmt: skip
    await message.answer(summary, reply_markup=keyboards.confirm())


async def import_confirm(
    callback: CallbackQuery,
    callback_data: Confirm,
    state: FSMContext,
    knowledge: KnowledgeService,
    index: IndexHolder,
    rights: AdminRow,
) -> None:
    data = await end_dialogue(state)
    if not callback_data.yes:
        await callback.answer(texts.ADMIN_CANCELLED)
        return
    entries = entries_from_document({"entries": data.get("entries", [])})
    added, changed = await knowledge.import_entries(entries, actor=rights)
    await index.rebuild(knowledge)
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.answer(texts.IMPORT_DONE.format(added=added, changed=changed))
