"""Inline and reply keyboards, built with aiogram's builders."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder, ReplyKeyboardBuilder

from knowledge.model import Entry
from replies import texts
from replies.callbacks import (
    AddCategory,
    CardMore,
    CategoriesOpen,
    CategoryOpen,
    Confirm,
    EditField,
    EditRegion,
    EntryOpen,
    LinkTo,
    RegionChoice,
    ReplySend,
    ReplyVote,
    StillTrue,
    Subscribe,
    UnansweredAction,
    UnansweredPage,
    Vote,
)
from replies.render import Card


def main_menu() -> ReplyKeyboardMarkup:
    builder = ReplyKeyboardBuilder()
    builder.button(text=texts.MENU_PROGRAMS)
    builder.button(text=texts.MENU_REGION)
    builder.button(text=texts.MENU_HELP)
    builder.adjust(1, 2)
    return builder.as_markup(resize_keyboard=True, input_field_placeholder=texts.INPUT_HINT)


def regions() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for code, name in texts.REGION_NAMES.items():
        if code != "kz":
            builder.button(text=name, callback_data=RegionChoice(code=code))
    builder.adjust(2)
    return builder.as_markup()


def categories(codes: Sequence[str]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for code in codes:
        name = texts.CATEGORY_NAMES.get(code, code)
        builder.button(text=name, callback_data=CategoryOpen(code=code))
    builder.adjust(1)
    return builder.as_markup()


def programs(entries: Sequence[Entry]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for entry in entries:
        builder.button(text=entry.title, callback_data=EntryOpen(slug=entry.slug))
    builder.button(text=texts.BACK_TO_CATEGORIES, callback_data=CategoriesOpen())
    builder.adjust(1)
    return builder.as_markup()


def _button(
    text: str, data: CardMore | Vote | CategoryOpen | CategoriesOpen | Subscribe | EntryOpen
) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def answer_card(
    entry: Entry, card: Card, question_id: int | None, *, browse: bool = False
) -> InlineKeyboardMarkup:
    """Under an answer card: what opens the rest, then 👍/👎, then (browsing) the way back.

    Built directly: this keyboard goes under every answer, and the builder deep-copies.
    """
    shown = ".".join(map(str, card.shown))
    more = []
    if card.more_regions:
        more.append(_button(texts.MORE_REGIONS, CardMore(slug=entry.slug, part="r", shown=shown)))
    if card.more_apply:
        more.append(_button(texts.MORE_APPLY, CardMore(slug=entry.slug, part="a")))
    more.append(_button(texts.MORE_SOURCES, CardMore(slug=entry.slug, part="s")))
    rows = [more[:2], more[2:]] if len(more) > 2 else [more]
    if question_id is not None:
        rows.append(answer_feedback(question_id, entry.slug).inline_keyboard[0])
    rows.append([_button(texts.SUBSCRIBE, Subscribe(slug=entry.slug, on=True))])
    if browse:
        rows.append([_button(texts.MORE_LINK, CardMore(slug=entry.slug, part="l"))])
        rows.append([_button(texts.BACK_TO_CATEGORY, CategoryOpen(code=entry.category))])
        rows.append([_button(texts.BACK_TO_CATEGORIES, CategoriesOpen())])
    return InlineKeyboardMarkup(inline_keyboard=[r for r in rows if r])


def answer_feedback(question_id: int, slug: str) -> InlineKeyboardMarkup:
    up = Vote(question_id=question_id, slug=slug, value=1).pack()
    down = Vote(question_id=question_id, slug=slug, value=-1).pack()
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="👍", callback_data=up),
                          InlineKeyboardButton(text="👎", callback_data=down)]]
    )  # fmt: skip


def suggestions(entries: Sequence[Entry]) -> InlineKeyboardMarkup | None:
    if not entries:
        return None
    rows = [
        [
            InlineKeyboardButton(
                text=e.title, callback_data=EntryOpen(slug=e.slug, back=False).pack()
            )
        ]
        for e in entries
    ]
    return InlineKeyboardMarkup(inline_keyboard=rows)


def with_subscription(
    markup: InlineKeyboardMarkup | None, slug: str, subscribed: bool
) -> InlineKeyboardMarkup | None:
    """The same keyboard with its subscription button turned to what pressing it now does;
    None when it has no such button (nothing to edit)."""
    if markup is None:
        return None
    swapped = False
    rows = []
    for row in markup.inline_keyboard:
        new_row = []
        for button in row:
            data = button.callback_data or ""
            if data.startswith(f"{Subscribe.__prefix__}:") and Subscribe.unpack(data).slug == slug:
                text = texts.UNSUBSCRIBE if subscribed else texts.SUBSCRIBE
                button = _button(text, Subscribe(slug=slug, on=not subscribed))
                swapped = True
            new_row.append(button)
        rows.append(new_row)
    return InlineKeyboardMarkup(inline_keyboard=rows) if swapped else None


def change_notice(slug: str) -> InlineKeyboardMarkup:
    """Under a broadcast about a changed entry: open it, or stop these messages."""
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [_button(texts.NOTICE_OPEN, EntryOpen(slug=slug, back=False))],
            [_button(texts.UNSUBSCRIBE, Subscribe(slug=slug, on=False))],
        ]
    )


def inline_card(link: str) -> InlineKeyboardMarkup:
    """Under a card posted into a chat through inline mode: the way to the bot's answer."""
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=texts.INLINE_FULL_ANSWER, url=link)]]
    )


# -- admins ---------------------------------------------------------------------------
def confirm_edit(subscribers: int) -> InlineKeyboardMarkup:
    """Save; save and tell the subscribers (a change worth it, not a typo fix); cancel."""
    rows = [[InlineKeyboardButton(text=texts.ADMIN_SAVE, callback_data=Confirm(yes=True).pack())]]
    if subscribers:
        text = texts.ADMIN_SAVE_NOTIFY.format(count=subscribers)
        data = Confirm(yes=True, notify=True).pack()
        rows.append([InlineKeyboardButton(text=text, callback_data=data)])
    rows.append(
        [InlineKeyboardButton(text=texts.ADMIN_CANCEL, callback_data=Confirm(yes=False).pack())]
    )
    return InlineKeyboardMarkup(inline_keyboard=rows)


def confirm() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=texts.ADMIN_SAVE, callback_data=Confirm(yes=True))
    builder.button(text=texts.ADMIN_CANCEL, callback_data=Confirm(yes=False))
    return builder.as_markup()


def admin_categories() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for code, name in texts.CATEGORY_NAMES.items():
        builder.button(text=name, callback_data=AddCategory(code=code))
    builder.adjust(1)
    return builder.as_markup()


def edit_fields(slug: str, region: str | None) -> InlineKeyboardMarkup:
    """A full admin may edit every field; a regional admin only the region facts."""
    builder = InlineKeyboardBuilder()
    fields = texts.FIELD_NAMES if region is None else {"regions": texts.FIELD_NAMES["regions"]}
    for field, name in fields.items():
        builder.button(text=name, callback_data=EditField(slug=slug, field=field))
    builder.adjust(2)
    return builder.as_markup()


def edit_regions(slug: str, region: str | None) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for code, name in texts.REGION_NAMES.items():
        if region is None or code == region:
            builder.button(text=name, callback_data=EditRegion(slug=slug, region=code))
    builder.adjust(1)
    return builder.as_markup()


def unanswered_actions(uid: int, *, full: bool = True) -> InlineKeyboardMarkup:
    """A regional admin may reply and dismiss: linking and new entries change every region."""
    builder = InlineKeyboardBuilder()
    builder.button(
        text=texts.UNANSWERED_REPLY, callback_data=UnansweredAction(uid=uid, action="reply")
    )
    if full:
        builder.button(
            text=texts.UNANSWERED_LINK, callback_data=UnansweredAction(uid=uid, action="link")
        )
        builder.button(
            text=texts.UNANSWERED_NEW, callback_data=UnansweredAction(uid=uid, action="new")
        )
    builder.button(
        text=texts.UNANSWERED_DISMISS, callback_data=UnansweredAction(uid=uid, action="dismiss")
    )
    builder.adjust(1, 2, 1) if full else builder.adjust(1)
    return builder.as_markup()


def link_targets(uid: int, entries: Sequence[Entry]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for entry in entries:
        builder.button(text=entry.title, callback_data=LinkTo(uid=uid, slug=entry.slug))
    builder.adjust(1)
    return builder.as_markup()


def reply_modes(*, full: bool, fact: bool) -> InlineKeyboardMarkup:
    """Send only; with full rights also keep the question as an example of an entry; when
    the question has a region also keep the reply as that region's fact."""
    builder = InlineKeyboardBuilder()
    builder.button(text=texts.REPLY_SEND_ONLY, callback_data=ReplySend(mode="s"))
    if full:
        builder.button(text=texts.REPLY_SEND_EXAMPLE, callback_data=ReplySend(mode="q"))
    if fact:
        builder.button(text=texts.REPLY_SEND_FACT, callback_data=ReplySend(mode="f"))
    builder.button(text=texts.ADMIN_CANCEL, callback_data=Confirm(yes=False))
    builder.adjust(1)
    return builder.as_markup()


def reply_targets(mode: str, entries: Sequence[Entry]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for entry in entries:
        builder.button(text=entry.title, callback_data=ReplySend(mode=mode, slug=entry.slug))
    builder.button(text=texts.ADMIN_CANCEL, callback_data=Confirm(yes=False))
    builder.adjust(1)
    return builder.as_markup()


def reply_rating(reply_id: int) -> InlineKeyboardMarkup:
    up = ReplyVote(reply_id=reply_id, value=1).pack()
    down = ReplyVote(reply_id=reply_id, value=-1).pack()
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="👍", callback_data=up),
                          InlineKeyboardButton(text="👎", callback_data=down)]]
    )  # fmt: skip


def still_true(slug: str, fact: int = -1, key: str = "") -> InlineKeyboardMarkup:
    data = StillTrue(slug=slug, fact=fact, key=key).pack()
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=texts.STILL_TRUE, callback_data=data)]]
    )


def unanswered_more(offset: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=texts.UNANSWERED_MORE, callback_data=UnansweredPage(offset=offset))
    return builder.as_markup()
