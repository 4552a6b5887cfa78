"""Admins edit the knowledge base in a conversation: /add, /edit, /retire, /restore,
/history, /undo. Every change is one transaction with its history, and the search index is
rebuilt at once, so the next question sees it."""

from __future__ import annotations

import html
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from db.broadcast_service import BroadcastService, SubscriptionService
from db.repository import AdminRow
from db.service import EditConflict, KnowledgeService, SlugTaken
from handlers.admin_filters import IsAdmin
from handlers.filters import HasText
from knowledge.admin_input import (
    InputError,
    parse_lines,
    parse_list,
    parse_region_facts,
    parse_source,
    source_line,
)
from knowledge.holder import IndexHolder
from knowledge.model import (
    MAX_SLUG,
    MAX_TEXT,
    MAX_TITLE,
    SLUG_RE,
    Entry,
    EntryError,
    entry_from_dict,
)
from replies import keyboards, texts
from replies.callbacks import AddCategory, Confirm, EditField, EditRegion
from replies.messaging import button_message, reply_long
from replies.notices import notify_worthy, render_change_notice
from replies.render import local_time, render_entry


class AddEntry(StatesGroup):
    slug = State()
    title = State()
    category = State()
    answer = State()
    keywords = State()
    questions = State()
    source = State()
    confirm = State()


class EditEntry(StatesGroup):
    value = State()
    confirm = State()


TEXT_FIELDS = ("title", "answer", "keywords", "questions", "sources")


def router() -> Router:
    r = Router(name=__name__)
    # Everyone else skips this router at once; the filter hands `rights` to every handler.
    r.message.filter(IsAdmin())
    r.callback_query.filter(IsAdmin())
    r.message.register(cancel, Command("cancel"))
    r.message.register(add_start, Command("add"))
    r.message.register(add_slug, StateFilter(AddEntry.slug), HasText())
    r.message.register(_add_step("title"), StateFilter(AddEntry.title), HasText())
    r.callback_query.register(add_category, StateFilter(AddEntry.category), AddCategory.filter())
    r.message.register(_add_step("answer"), StateFilter(AddEntry.answer), HasText())
    r.message.register(_add_step("keywords"), StateFilter(AddEntry.keywords), HasText())
    r.message.register(_add_step("questions"), StateFilter(AddEntry.questions), HasText())
    r.message.register(add_source, StateFilter(AddEntry.source), HasText())
    r.callback_query.register(add_confirm, StateFilter(AddEntry.confirm), Confirm.filter())
    r.message.register(edit_start, Command("edit"))
    r.callback_query.register(edit_field, EditField.filter())
    r.callback_query.register(edit_region, EditRegion.filter())
    r.message.register(edit_value, StateFilter(EditEntry.value), HasText())
    r.callback_query.register(edit_confirm, StateFilter(EditEntry.confirm), Confirm.filter())
    r.message.register(retire, Command("retire"))
    r.message.register(restore, Command("restore"))
    r.message.register(history, Command("history"))
    r.message.register(undo, Command("undo"))
    # A dialogue waiting for text that got something else.
    r.message.register(need_text, StateFilter(AddEntry, EditEntry))
    return r


def _error_text(error: InputError | EntryError) -> str:
    if isinstance(error, InputError):
        detail = texts.INPUT_ERRORS[error.code].format(**error.params)
    else:
        detail = texts.entry_error(error.code, error.params).rstrip(".")
    return texts.ADMIN_INPUT_ERROR.format(error=html.escape(detail))


async def end_dialogue(state: FSMContext) -> dict[str, Any]:
    """What the dialogue collected; the dialogue itself ends whatever the admin chose."""
    data = await state.get_data()
    await state.clear()
    return data


def _full(rights: AdminRow) -> bool:
    return rights.region is None


async def _require_full(message: Message, rights: AdminRow) -> bool:
    if _full(rights):
        return True
    await message.answer(texts.ADMIN_REGION_ONLY)
    return False


async def _entry_arg(
    message: Message, command: CommandObject, knowledge: KnowledgeService
) -> Entry | None:
    slug = (command.args or "").strip()
    if not slug:
        await message.answer(texts.ADMIN_NEED_SLUG.format(command=html.escape(command.command)))
        return None
    entry = await knowledge.entry(slug)
    if entry is None:
        await message.answer(texts.ADMIN_NO_ENTRY.format(slug=html.escape(slug)))
    return entry


async def cancel(message: Message, state: FSMContext) -> None:
    await state.clear()
    await message.answer(texts.ADMIN_CANCELLED)


async def need_text(message: Message) -> None:
    await message.answer(texts.ADMIN_NEED_TEXT)


# -- /add -------------------------------------------------------------------------------
async def add_start(message: Message, state: FSMContext, rights: AdminRow) -> None:
    if not await _require_full(message, rights):
        return
    await state.clear()
    await state.set_state(AddEntry.slug)
    await message.answer(texts.ADD_ASK_SLUG)


async def start_add_with_question(state: FSMContext, question: str) -> None:
    """/add pre-filled with an unanswered question as the first example question."""
    await state.clear()
    await state.update_data(questions=[question])
    await state.set_state(AddEntry.slug)


async def add_slug(message: Message, state: FSMContext, knowledge: KnowledgeService) -> None:
    slug = (message.text or "").strip().lower()
    if not SLUG_RE.match(slug) or len(slug) > MAX_SLUG:
        await message.answer(texts.ADD_BAD_SLUG)
        return
    if await knowledge.entry(slug) is not None:
        await message.answer(texts.ADD_SLUG_TAKEN.format(slug=html.escape(slug)))
        return
    await state.update_data(slug=slug)
    await state.set_state(AddEntry.title)
    await message.answer(texts.ADD_ASK_TITLE)


def _bounded(limit: int) -> Callable[[str], str]:
    def parse(text: str) -> str:
        value = text.strip()
        if not value:
            raise InputError("empty")
        if len(value) > limit:
            raise InputError("item_too_long", limit=limit, item=value[:40])
        return value

    return parse


# The text steps of /add: which field the answer fills, how it is read, what comes next.
_ADD_STEPS: dict[str, tuple[Callable[[str], Any], State, str]] = {
    "title": (_bounded(MAX_TITLE), AddEntry.category, texts.ADD_ASK_CATEGORY),
    "answer": (_bounded(MAX_TEXT), AddEntry.keywords, texts.ADD_ASK_KEYWORDS),
    "keywords": (parse_list, AddEntry.questions, texts.ADD_ASK_QUESTIONS),
    "questions": (parse_lines, AddEntry.source, texts.ADD_ASK_SOURCE),
}


def _add_step(field: str) -> Callable[[Message, FSMContext], Awaitable[None]]:
    parse, next_state, prompt = _ADD_STEPS[field]

    async def step(message: Message, state: FSMContext) -> None:
        try:
            value = parse(message.text or "")
        except InputError as error:
            await message.answer(_error_text(error))
            return
        if field == "questions":  # keep a question an unanswered-log link pre-filled
            prefilled = (await state.get_data()).get("questions", [])
            value = [q for q in prefilled if q not in value] + value
        await state.update_data({field: value})
        await state.set_state(next_state)
        markup = keyboards.admin_categories() if next_state == AddEntry.category else None
        await message.answer(prompt, reply_markup=markup)

    step.__name__ = f"add_{field}"
    return step


async def add_category(
    callback: CallbackQuery, callback_data: AddCategory, state: FSMContext
) -> None:
    if callback_data.code not in texts.CATEGORY_NAMES:
        await callback.answer(texts.BUTTON_EXPIRED, show_alert=True)
        return
    await state.update_data(category=callback_data.code)
    await state.set_state(AddEntry.answer)
    if isinstance(callback.message, Message):
        await callback.message.answer(texts.ADD_ASK_ANSWER)
    await callback.answer()


def _draft(data: dict[str, Any]) -> Entry:
    return entry_from_dict(
        {
            "slug": data["slug"], "title": data["title"], "category": data["category"],
            "answer": data["answer"], "keywords": data["keywords"],
            "questions": data["questions"], "sources": [data["source"]], "regions": [],
        }
    )  # fmt: skip


async def add_source(message: Message, state: FSMContext) -> None:
    try:
        source = parse_source(message.text or "", "s1")
    except InputError as error:
        await message.answer(_error_text(error))
        return
    await state.update_data(source=source)
    try:
        draft = _draft(await state.get_data())
    except EntryError as error:
        await message.answer(_error_text(error))
        return
    await state.set_state(AddEntry.confirm)
    await reply_long(message, texts.ADMIN_PREVIEW + "\n\n" + render_entry(draft))
    await message.answer(texts.ADMIN_CONFIRM_QUESTION, reply_markup=keyboards.confirm())


async def add_confirm(
    callback: CallbackQuery,
    callback_data: Confirm,
    state: FSMContext,
    knowledge: KnowledgeService,
    index: IndexHolder,
    rights: AdminRow,
) -> None:
    data = await end_dialogue(state)
    message = button_message(callback)
    if not callback_data.yes:
        await callback.answer(texts.ADMIN_CANCELLED)
        return
    draft = _draft(data)
    try:
        await knowledge.add(draft, actor=rights)
    except SlugTaken:
        await callback.answer(texts.ADD_SLUG_TAKEN.format(slug=draft.slug), show_alert=True)
        return
    await index.rebuild(knowledge, draft.slug)
    await callback.answer()
    if message:
        await message.answer(texts.ADMIN_SAVED.format(slug=html.escape(draft.slug)))


# -- /edit ------------------------------------------------------------------------------
async def edit_start(
    message: Message, command: CommandObject, knowledge: KnowledgeService, rights: AdminRow
) -> None:
    entry = await _entry_arg(message, command, knowledge)
    if entry is None:
        return
    text = texts.EDIT_PICK_FIELD.format(title=html.escape(entry.title))
    await message.answer(text, reply_markup=keyboards.edit_fields(entry.slug, rights.region))


async def edit_field(
    callback: CallbackQuery,
    callback_data: EditField,
    state: FSMContext,
    knowledge: KnowledgeService,
    rights: AdminRow,
) -> None:
    entry = await knowledge.entry(callback_data.slug)
    message = button_message(callback)
    if entry is None or message is None:
        await callback.answer(texts.BUTTON_EXPIRED, show_alert=True)
        return
    if callback_data.field == "regions":
        await callback.answer()
        await message.answer(
            texts.EDIT_PICK_REGION, reply_markup=keyboards.edit_regions(entry.slug, rights.region)
        )
        return
    if callback_data.field not in TEXT_FIELDS or not _full(rights):
        await callback.answer(texts.ADMIN_REGION_ONLY, show_alert=True)
        return
    await state.set_state(EditEntry.value)
    await state.update_data(
        slug=entry.slug, field=callback_data.field, region=None, expected=entry.updated_at
    )
    current = _field_text(entry, callback_data.field)
    await callback.answer()
    await reply_long(
        message,
        texts.EDIT_CURRENT.format(
            field=texts.FIELD_NAMES[callback_data.field], current=html.escape(current)
        ),
    )
    await message.answer(texts.EDIT_HOW[callback_data.field])


async def edit_region(
    callback: CallbackQuery,
    callback_data: EditRegion,
    state: FSMContext,
    knowledge: KnowledgeService,
    rights: AdminRow,
) -> None:
    entry = await knowledge.entry(callback_data.slug)
    message = button_message(callback)
    if entry is None or message is None or callback_data.region not in texts.REGION_NAMES:
        await callback.answer(texts.BUTTON_EXPIRED, show_alert=True)
        return
    if rights.region is not None and rights.region != callback_data.region:
        await callback.answer(texts.ADMIN_OTHER_REGION, show_alert=True)
        return
    await state.set_state(EditEntry.value)
    await state.update_data(
        slug=entry.slug, field="regions", region=callback_data.region, expected=entry.updated_at
    )
    current = "\n".join(
        f"{f.year} | {f.text} | {f.source}"
        for f in entry.regions
        if f.region == callback_data.region
    )
    await callback.answer()
    await reply_long(
        message,
        texts.EDIT_CURRENT.format(
            field=texts.REGION_NAMES[callback_data.region], current=html.escape(current or "—")
        ),
    )
    await message.answer(texts.EDIT_HOW["regions"])


def _field_text(entry: Entry, field: str) -> str:
    if field in ("keywords",):
        return ", ".join(entry.keywords)
    if field == "questions":
        return "\n".join(entry.questions)
    if field == "sources":
        return "\n".join(source_line(s) for s in entry.sources)
    return str(getattr(entry, field))


def _apply(entry: Entry, field: str, region: str | None, text: str) -> Entry:
    """The entry with one field replaced by the admin's text; raises InputError/EntryError."""
    data = entry.to_dict()
    if field == "keywords":
        data["keywords"] = parse_list(text)
    elif field == "questions":
        data["questions"] = parse_lines(text)
    elif field == "sources":
        data["sources"] = [
            parse_source(line, f"s{i + 1}") for i, line in enumerate(parse_lines(text))
        ]
        ids = {s["id"] for s in data["sources"]}
        data["regions"] = [
            {**f, "source": f["source"] if f["source"] in ids else data["sources"][0]["id"]}
            for f in data["regions"]
        ]
    elif field == "regions" and region is not None:
        default_source = entry.sources[0].id
        facts = parse_region_facts(text, region, default_source) if text.strip() != "-" else []
        data["regions"] = [f for f in data["regions"] if f["region"] != region] + facts
    else:
        data[field] = text.strip()
    return entry_from_dict(data)


async def edit_value(
    message: Message,
    state: FSMContext,
    knowledge: KnowledgeService,
    subscriptions: SubscriptionService,
) -> None:
    data = await state.get_data()
    entry = await knowledge.entry(data["slug"])
    if entry is None:
        await state.clear()
        await message.answer(texts.ADMIN_NO_ENTRY.format(slug=html.escape(data["slug"])))
        return
    try:
        updated = _apply(entry, data["field"], data.get("region"), message.text or "")
    except (InputError, EntryError) as error:
        await message.answer(_error_text(error))
        return
    await state.update_data(entry=updated.to_dict())
    await state.set_state(EditEntry.confirm)
    await reply_long(
        message, texts.ADMIN_PREVIEW + "\n\n" + render_entry(updated, data.get("region"))
    )
    # A change users see may be told to the entry's subscribers; the admin decides (a typo
    # fix is not worth a message to thousands).
    count = await subscriptions.count(entry.slug) if notify_worthy(data["field"]) else 0
    question = texts.ADMIN_CONFIRM_NOTIFY.format(count=count) if count else None
    await message.answer(
        question or texts.ADMIN_CONFIRM_QUESTION, reply_markup=keyboards.confirm_edit(count)
    )


async def edit_confirm(
    callback: CallbackQuery,
    callback_data: Confirm,
    state: FSMContext,
    knowledge: KnowledgeService,
    index: IndexHolder,
    rights: AdminRow,
    broadcasts: BroadcastService,
    subscriptions: SubscriptionService,
) -> None:
    data = await end_dialogue(state)
    message = button_message(callback)
    if not callback_data.yes or "entry" not in data:
        await callback.answer(texts.ADMIN_CANCELLED)
        return
    entry = entry_from_dict(data["entry"])
    notify = callback_data.notify and notify_worthy(data["field"])
    notice = render_change_notice(entry, data["field"], data.get("region")) if notify else None
    try:
        await knowledge.save(
            entry, actor=rights, action=f"edit:{data['field']}", expected=data.get("expected"),
            notice=notice,
        )  # fmt: skip
    except EditConflict:
        await callback.answer()
        if message:
            # Nothing the admin wrote is lost: their version comes back to copy from.
            await reply_long(message, texts.ADMIN_CONFLICT + "\n\n" + _proposed(entry, data))
        return
    await index.rebuild(knowledge, entry.slug)
    await callback.answer()
    if notice is not None:
        broadcasts.announce()
    if message:
        slug = html.escape(entry.slug)
        if notice is not None:
            count = await subscriptions.count(entry.slug)
            await message.answer(texts.ADMIN_SAVED_NOTIFY.format(slug=slug, count=count))
        else:
            await message.answer(texts.ADMIN_SAVED.format(slug=slug))


def _proposed(entry: Entry, data: dict[str, Any]) -> str:
    """What the admin wrote in an edit that could not be saved, to write it again."""
    field, region = data.get("field", ""), data.get("region")
    if field == "regions" and region:
        text = "\n".join(
            f"{f.year} | {f.text} | {f.source}" for f in entry.regions if f.region == region
        )
    else:
        text = _field_text(entry, field) if field in TEXT_FIELDS else ""
    return texts.ADMIN_CONFLICT_YOURS.format(text=html.escape(text or "—"))


# -- retire, restore, history, undo -------------------------------------------------------
async def _set_status(
    message: Message, command: CommandObject, knowledge: KnowledgeService, index: IndexHolder,
    rights: AdminRow, status: str, done: str,
) -> None:  # fmt: skip
    if not await _require_full(message, rights):
        return
    entry = await _entry_arg(message, command, knowledge)
    if entry is None:
        return
    await knowledge.set_status(entry.slug, status, actor=rights)
    await index.rebuild(knowledge, entry.slug)
    await message.answer(done.format(slug=html.escape(entry.slug)))


async def retire(message: Message, command: CommandObject, knowledge: KnowledgeService,
                 index: IndexHolder, rights: AdminRow) -> None:  # fmt: skip
    await _set_status(message, command, knowledge, index, rights, "retired", texts.ADMIN_RETIRED)


async def restore(message: Message, command: CommandObject, knowledge: KnowledgeService,
                  index: IndexHolder, rights: AdminRow) -> None:  # fmt: skip
    await _set_status(message, command, knowledge, index, rights, "active", texts.ADMIN_RESTORED)


def _changed_fields(before: Entry | None, after: Entry) -> list[str]:
    if before is None:
        return ["*"]
    names = ("title", "category", "answer", "keywords", "questions", "regions", "sources", "status")
    return [n for n in names if getattr(before, n) != getattr(after, n)]


async def history(message: Message, command: CommandObject, knowledge: KnowledgeService) -> None:
    entry = await _entry_arg(message, command, knowledge)
    if entry is None:
        return
    rows = await knowledge.history(entry.slug)
    if not rows:
        await message.answer(texts.HISTORY_EMPTY.format(slug=html.escape(entry.slug)))
        return
    lines = [texts.HISTORY_HEADER.format(slug=html.escape(entry.slug))]
    for row in rows:
        who = str(row.actor) if row.actor is not None else texts.HISTORY_CLI
        fields = _changed_fields(row.previous, row.current)
        when = html.escape(local_time(row.changed_at))
        undone = f" · {texts.HISTORY_UNDONE}" if row.undone_by is not None else ""
        lines.append(f"• {when} · {who} · {html.escape(texts.action_name(row.action))}{undone}")
        if row.previous is not None:
            for name in fields:
                old = _field_text(row.previous, name) if name not in ("regions", "status") else "…"
                label = texts.FIELD_NAMES.get(name, name)
                lines.append(
                    f"   {texts.HISTORY_WAS} {html.escape(label)}: {html.escape(old[:200])}"
                )
    await reply_long(message, "\n".join(lines))


async def undo(message: Message, command: CommandObject, knowledge: KnowledgeService,
               index: IndexHolder, rights: AdminRow) -> None:  # fmt: skip
    if not await _require_full(message, rights):
        return
    entry = await _entry_arg(message, command, knowledge)
    if entry is None:
        return
    restored = await knowledge.undo(entry.slug, actor=rights)
    if restored is None:
        await message.answer(texts.HISTORY_EMPTY.format(slug=html.escape(entry.slug)))
        return
    await index.rebuild(knowledge, entry.slug)
    await message.answer(texts.ADMIN_UNDONE.format(slug=html.escape(entry.slug)))
