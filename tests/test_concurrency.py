"""Many people at once through the real dispatcher: every choice and vote stored, nobody
gets an apology; a regional admin pressing every admin button on another region changes
nothing."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from aiogram.methods import AnswerCallbackQuery, SendMessage
from aiogram.types import CallbackQuery, Chat, Message, Update, User
from sqlalchemy import select

from bot.config import Settings
from db import schema
from replies import texts
from replies.callbacks import (
    Confirm,
    EditField,
    EditRegion,
    LinkTo,
    RegionChoice,
    UnansweredAction,
    Vote,
)
from tests.botkit import Harness, buttons, harness

_ids = itertools.count(50_000)
REGIONAL = 77  # granted Shymkent only


@pytest.fixture
async def bot(settings: Settings) -> AsyncIterator[Harness]:
    async with harness(settings) as h:
        await h.services.admins.grant(REGIONAL, "shymkent", by=42)
        yield h


def _user(user_id: int) -> User:
    return User(id=user_id, is_bot=False, first_name="Ата-ана")


def _press(user_id: int, data: str) -> Update:
    n = next(_ids)
    message = Message(message_id=n, date=datetime.now(UTC), chat=Chat(id=user_id, type="private"),
                      text="…")  # fmt: skip
    query = CallbackQuery(id=str(n), from_user=_user(user_id), chat_instance="c",
                          message=message, data=data)  # fmt: skip
    return Update(update_id=n, callback_query=query)


def _say(user_id: int, text: str) -> Update:
    n = next(_ids)
    message = Message(message_id=n, date=datetime.now(UTC), chat=Chat(id=user_id, type="private"),
                      from_user=_user(user_id), text=text)  # fmt: skip
    return Update(update_id=n, message=message)


async def _all_at_once(bot: Harness, updates: list[Update]) -> None:
    bot.session.requests.clear()
    await asyncio.gather(*(bot.dispatcher.feed_update(bot.bot, u) for u in updates))


def _apologies(bot: Harness) -> int:
    said = [r.text for r in bot.session.requests if isinstance(r, SendMessage)]
    said += [r.text or "" for r in bot.session.requests if isinstance(r, AnswerCallbackQuery)]
    return sum(texts.ERROR_APOLOGY in t or texts.STORAGE_APOLOGY in t for t in said)


async def test_fifty_users_choosing_a_region_at_once_are_all_stored(bot: Harness) -> None:
    users = range(1000, 1050)
    await _all_at_once(bot, [_press(u, RegionChoice(code="zhambyl").pack()) for u in users])
    assert _apologies(bot) == 0
    assert [await bot.services.users.region(u) for u in users] == ["zhambyl"] * 50
    answered = [r for r in bot.session.requests if isinstance(r, AnswerCallbackQuery)]
    assert len(answered) == 50  # no button left spinning


async def test_fifty_users_voting_at_once_are_all_counted(bot: Harness) -> None:
    users = range(2000, 2050)
    await _all_at_once(bot, [_say(u, "Мектеп автобусы бар ма?") for u in users])
    async with bot.services.db.read() as conn:
        logged = {r.user_id: r.id for r in await conn.execute(select(schema.questions_log))}
    votes = [_press(u, Vote(question_id=logged[u], slug="school-buses", value=1).pack())
             for u in users]  # fmt: skip
    await _all_at_once(bot, votes)
    assert _apologies(bot) == 0
    assert await bot.services.users.votes("school-buses") == {1: 50}
    # Someone else's answer, or an entry they were not shown, is not counted.
    forged = [
        _press(9999, Vote(question_id=logged[2000], slug="school-buses", value=-1).pack()),
        _press(2001, Vote(question_id=logged[2001], slug="elbasy-medal", value=1).pack()),
        _press(2002, "v:" + "9" * 23 + ":school-buses:1"),
    ]
    await _all_at_once(bot, forged)
    assert await bot.services.users.votes("school-buses") == {1: 50}
    assert await bot.services.users.votes("elbasy-medal") == {}
    assert len([r for r in bot.session.requests if isinstance(r, AnswerCallbackQuery)]) == 3


async def _snapshot(bot: Harness) -> dict[str, list[tuple[object, ...]]]:
    tables = (schema.entries, schema.unanswered, schema.entry_history, schema.admins,
              schema.votes)  # fmt: skip
    async with bot.services.db.read() as conn:
        return {t.name: [tuple(r) for r in await conn.execute(select(t))] for t in tables}


async def test_a_regional_admin_cannot_act_on_another_region_through_any_button(
    bot: Harness,
) -> None:
    await bot.services.users.set_region(3000, "zhambyl")
    await bot.send("Мектепте жаңа директор қашан тағайындалады?", user_id=3000)
    groups = await bot.services.reports.unanswered("2000")
    assert groups, "the question went to the unanswered list"
    uid = groups[0].uid
    before = await _snapshot(bot)
    attempts = [
        UnansweredAction(uid=uid, action="dismiss").pack(),
        UnansweredAction(uid=uid, action="link").pack(),
        UnansweredAction(uid=uid, action="new").pack(),
        LinkTo(uid=uid, slug="elbasy-medal").pack(),
        EditField(slug="free-meals", field="answer").pack(),
        EditRegion(slug="free-meals", region="zhambyl").pack(),
        Confirm(yes=True).pack(),
    ]
    anchor = _press(REGIONAL, "-").callback_query
    assert anchor is not None and isinstance(anchor.message, Message)
    for data in attempts:
        await bot.press(anchor.message, data, user_id=REGIONAL)
        assert bot.alerts(), f"{data}: the button was answered"
    for command in ("/add", "/retire free-meals", "/undo free-meals", "/unanswered"):
        await bot.send(command, user_id=REGIONAL)
    assert texts.UNANSWERED_NONE in bot.text()  # another region's question is not listed
    assert await _snapshot(bot) == before


async def test_two_admins_confirming_edits_of_one_entry_at_once(bot: Harness) -> None:
    """Both opened the entry before either saved: one is saved, the other is told of the
    conflict and gets their text back; nobody gets an apology."""
    await bot.services.admins.grant(43, None, by=42)
    for admin, text in ((42, "Бірінші әкімшінің жауабы."), (43, "Екінші әкімшінің жауабы.")):
        await bot.send("/edit school-buses", user_id=admin)
        field = buttons(bot.sent()[-1].reply_markup)["Жауап"]
        await bot.press(bot.last_message(), field, user_id=admin)
        await bot.send(text, user_id=admin)
    confirm = Confirm(yes=True).pack()
    await _all_at_once(bot, [_press(42, confirm), _press(43, confirm)])
    assert _apologies(bot) == 0
    said = "\n".join(r.text for r in bot.session.requests if isinstance(r, SendMessage))
    assert "басқа әкімші өзгертті" in said
    stored = await bot.services.knowledge.entry("school-buses")
    assert stored is not None
    winner = stored.answer
    assert winner in ("Бірінші әкімшінің жауабы.", "Екінші әкімшінің жауабы.")
    loser = ({"Бірінші әкімшінің жауабы.", "Екінші әкімшінің жауабы."} - {winner}).pop()
    assert loser in said  # the text that could not be saved comes back to its writer
