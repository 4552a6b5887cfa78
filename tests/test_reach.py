"""Issue 14: inline mode, deep links, subscriptions and the notices an admin's change sends."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from aiogram import Bot
from aiogram.methods import AnswerInlineQuery, EditMessageReplyMarkup, SendMessage
from aiogram.types import Chat, InlineKeyboardMarkup, InlineQuery, Message, Update

from bot.broadcast import Broadcaster
from bot.config import Settings
from bot.local_session import LocalSession
from replies import keyboards, texts
from replies.notices import render_change_notice
from tests.botkit import Harness, buttons, harness

ADMIN, PARENT, OTHER = 42, 100, 101
_ids = itertools.count(10_000)


@pytest.fixture
async def bot(settings: Settings) -> AsyncIterator[Harness]:
    async with harness(settings) as h:
        yield h


async def inline(bot: Harness, query: str, user_id: int = PARENT) -> AnswerInlineQuery:
    bot.session.requests.clear()
    n = next(_ids)
    event = InlineQuery(id=str(n), from_user=bot.user(user_id), query=query, offset="")
    await bot.dispatcher.feed_update(bot.bot, Update(update_id=n, inline_query=event))
    [answer] = [r for r in bot.session.requests if isinstance(r, AnswerInlineQuery)]
    return answer


def suggestion_slugs(markup: Any) -> list[str]:
    """The programs a chat reply offers as buttons (EntryOpen callbacks «e:slug:…»)."""
    if not isinstance(markup, InlineKeyboardMarkup):
        return []
    return [data.split(":")[1] for data in buttons(markup).values() if data.startswith("e:")]


# -- inline mode -------------------------------------------------------------------------
async def test_inline_query_offers_the_answer_card_with_a_link_back_to_the_bot(
    bot: Harness,
) -> None:
    answer = await inline(bot, "тегин тамак кимге берилед")
    assert [r.id for r in answer.results] == ["free-meals"]
    result = answer.results[0]
    assert result.title == "Тегін ыстық тамақ"
    card = result.input_message_content.message_text  # type: ignore[union-attr]
    assert card.startswith("<b>Тегін ыстық тамақ</b>") and "Дереккөз:" in card
    [[link]] = result.reply_markup.inline_keyboard  # type: ignore[union-attr]
    assert link.url == "https://t.me/bilimbot?start=free-meals"
    assert answer.cache_time and answer.cache_time > 0
    assert not answer.is_personal  # no region of the asker shapes the card


async def test_inline_card_shows_the_askers_region_and_is_personal(bot: Harness) -> None:
    await bot.services.users.set_region(PARENT, "almaty-region")
    answer = await inline(bot, "тегин тамак кимге берилед")
    card = answer.results[0].input_message_content.message_text  # type: ignore[union-attr]
    assert "📍 <b>Алматы облысы, 2025</b>" in card
    assert answer.is_personal


@pytest.mark.parametrize(
    "query", ["Ертең ауа райы қандай болады?", "Рахмет, сау болыңыз", "", "   ", "мектепке көмек"]
)
async def test_inline_offers_only_what_the_chat_would(bot: Harness, query: str) -> None:
    """Same engine, same rejection: the program the chat answers with, or the programs it
    offers as buttons; nothing where the chat offers nothing."""
    answer = await inline(bot, query)
    await bot.send(query or "\u200b")  # an empty message cannot be sent: an invisible one
    reply = bot.sent()[0]
    entry_shown = reply.text.startswith("<b>") and "Дереккөз:" in reply.text
    expected = suggestion_slugs(reply.reply_markup)
    got = [r.id for r in answer.results]
    if entry_shown:
        assert len(got) == 1 and bot.services.index.current.get(got[0]) is not None
        assert bot.services.index.current.get(got[0]).title in reply.text  # type: ignore[union-attr]
    else:
        assert got == expected
    assert len(got) <= 5


async def test_inline_rejects_a_question_it_cannot_place(bot: Harness) -> None:
    answer = await inline(bot, "Ертең ауа райы қандай болады?")
    assert answer.results == []
    # The way to ask the bot itself, instead of a wrong program.
    assert answer.button is not None and answer.button.start_parameter == "inline"


# -- deep links --------------------------------------------------------------------------
async def test_a_deep_link_opens_the_programs_answer_with_votes(bot: Harness) -> None:
    await bot.send("/start school-buses")
    [reply] = bot.sent()
    title = bot.services.index.current.get("school-buses").title  # type: ignore[union-attr]
    assert reply.text.startswith(f"<b>{title}</b>")
    keys = buttons(reply.reply_markup)
    assert {"👍", "👎", texts.SUBSCRIBE} <= set(keys)
    await bot.press(bot.last_message(), keys["👍"])
    assert bot.alerts()[-1].text == texts.VOTE_THANKS
    assert await bot.services.users.votes("school-buses") == {1: 1}


@pytest.mark.parametrize("payload", ["no-such-program", "inline", "DROP TABLE", "x" * 64])
async def test_an_invalid_deep_link_falls_back_to_start(bot: Harness, payload: str) -> None:
    await bot.send(f"/start {payload}")
    assert bot.sent()[0].text == texts.START
    assert bot.sent()[1].text == texts.ASK_REGION


async def test_a_retired_programs_link_falls_back_to_start(bot: Harness) -> None:
    await bot.send("/retire school-buses", user_id=ADMIN)
    await bot.send("/start school-buses")
    assert bot.sent()[0].text == texts.START


async def test_programs_shows_a_programs_link(bot: Harness) -> None:
    await bot.send("/programs")
    await bot.press(_fake(bot), buttons(bot.sent()[-1].reply_markup)["Тамақтану"])
    await bot.press(_fake(bot), buttons(bot.edits()[-1].reply_markup)["Тегін ыстық тамақ"])
    card = buttons(bot.edits()[-1].reply_markup)
    await bot.press(_fake(bot), card[texts.MORE_LINK])
    assert "https://t.me/bilimbot?start=free-meals" in bot.text()


# -- subscriptions -----------------------------------------------------------------------
async def test_subscribe_and_unsubscribe_under_an_answer(bot: Harness) -> None:
    await bot.send("тегин тамак кимге берилед")
    answer = bot.last_message()
    await bot.press(answer, buttons(answer.reply_markup)[texts.SUBSCRIBE])
    assert bot.alerts()[-1].text == texts.SUBSCRIBED
    assert await bot.services.subscriptions.is_subscribed(PARENT, "free-meals")
    # The button now offers the way back.
    [edit] = [r for r in bot.session.requests if isinstance(r, EditMessageReplyMarkup)]
    assert texts.UNSUBSCRIBE in buttons(edit.reply_markup)
    assert {"👍", "👎"} <= set(buttons(edit.reply_markup))
    await bot.press(answer, buttons(edit.reply_markup)[texts.UNSUBSCRIBE])
    assert bot.alerts()[-1].text == texts.UNSUBSCRIBED
    assert not await bot.services.subscriptions.is_subscribed(PARENT, "free-meals")


async def test_subscribing_twice_keeps_one_subscription(bot: Harness) -> None:
    for expected in (texts.SUBSCRIBED, texts.SUBSCRIBED_ALREADY):
        await bot.press(_fake(bot), "sb:free-meals:1")
        assert bot.alerts()[-1].text == expected
    assert await bot.services.subscriptions.count("free-meals") == 1


async def test_a_forged_subscription_to_no_program_is_refused(bot: Harness) -> None:
    await bot.send("тегин тамак")
    await bot.press(bot.last_message(), "sb:no-such-program:1")
    assert bot.alerts()[-1].text == texts.ENTRY_GONE
    assert await bot.services.subscriptions.count("no-such-program") == 0


def _fake(bot: Harness) -> Message:
    """A message of the bot's with no buttons, to press a button's data under."""
    return Message(message_id=1, date=datetime.now(UTC), chat=Chat(id=PARENT, type="private"))


# -- an admin's change, told to the subscribers -----------------------------------------
async def _edit_answer(bot: Harness, slug: str, text: str) -> dict[str, str]:
    await bot.send(f"/edit {slug}", user_id=ADMIN)
    await bot.press(bot.last_message(), buttons(bot.sent()[-1].reply_markup)["Жауап"],
                    user_id=ADMIN)  # fmt: skip
    await bot.send(text, user_id=ADMIN)
    return buttons(bot.sent()[-1].reply_markup)


async def _deliver_all(bot: Harness, session_bot: Bot) -> Broadcaster:
    """Run a sender until no delivery is pending."""
    broadcaster = Broadcaster(session_bot, bot.services.broadcasts, keyboards.change_notice,
                              rate=1000, idle=0.02)  # fmt: skip
    stop = asyncio.Event()
    task = asyncio.create_task(broadcaster.run(stop))
    for _ in range(500):
        await asyncio.sleep(0.02)
        progress = await bot.services.broadcasts.recent()
        if progress and all(p.broadcast.finished_at for p in progress):
            break
    stop.set()
    await task
    return broadcaster


async def test_a_change_marked_worth_telling_reaches_every_subscriber(bot: Harness) -> None:
    for user in (PARENT, OTHER):
        await bot.services.subscriptions.subscribe(user, "school-buses")
    new_answer = "Мектеп автобусы енді таңертең 7:30-да жүреді."
    choices = await _edit_answer(bot, "school-buses", new_answer)
    notify = texts.ADMIN_SAVE_NOTIFY.format(count=2)
    assert set(choices) == {texts.ADMIN_SAVE, notify, texts.ADMIN_CANCEL}
    await bot.press(bot.last_message(), choices[notify], user_id=ADMIN)
    assert "2 жазылушыға" in bot.text()
    session = LocalSession()
    await _deliver_all(bot, Bot("1:t", session=session))
    sent = [r for r in session.requests if isinstance(r, SendMessage)]
    assert sorted(int(r.chat_id) for r in sent) == [PARENT, OTHER]
    notice = sent[0].text
    assert notice.startswith("🔔 <b>") and "7:30" in notice
    assert set(buttons(sent[0].reply_markup)) == {texts.NOTICE_OPEN, texts.UNSUBSCRIBE}
    # The admin sees it done.
    await bot.send("/broadcasts", user_id=ADMIN)
    assert "жіберілді: 2 · кезекте: 0" in bot.text() and texts.BROADCAST_FINISHED in bot.text()


async def test_a_typo_fix_saved_plainly_tells_nobody(bot: Harness) -> None:
    await bot.services.subscriptions.subscribe(PARENT, "school-buses")
    choices = await _edit_answer(bot, "school-buses", "Мектеп автобусы туралы түзетілген мәтін.")
    await bot.press(bot.last_message(), choices[texts.ADMIN_SAVE], user_id=ADMIN)
    assert await bot.services.broadcasts.recent() == []
    await bot.send("/broadcasts", user_id=ADMIN)
    assert bot.text() == texts.BROADCASTS_NONE


async def test_no_notify_choice_without_subscribers(bot: Harness) -> None:
    choices = await _edit_answer(bot, "school-buses", "Жаңа мәтін.")
    assert set(choices) == {texts.ADMIN_SAVE, texts.ADMIN_CANCEL}


async def test_broadcasts_is_for_admins_only(bot: Harness) -> None:
    await bot.send("/broadcasts")
    assert bot.text() == texts.ADMIN_REFUSED


async def test_a_user_who_blocked_the_bot_is_unsubscribed(bot: Harness) -> None:
    for user in (PARENT, OTHER):
        await bot.services.subscriptions.subscribe(user, "school-buses")
        await bot.services.subscriptions.subscribe(user, "free-meals")
    choices = await _edit_answer(bot, "school-buses", "Автобус кестесі өзгерді.")
    await bot.press(bot.last_message(), choices[texts.ADMIN_SAVE_NOTIFY.format(count=2)],
                    user_id=ADMIN)  # fmt: skip
    session = LocalSession()
    session.blocked = {OTHER}
    await _deliver_all(bot, Bot("1:t", session=session))
    assert [int(r.chat_id) for r in session.requests if isinstance(r, SendMessage)] == [PARENT]
    [progress] = await bot.services.broadcasts.recent()
    assert (progress.sent, progress.blocked, progress.pending) == (1, 1, 0)
    # Every subscription of the user who blocked the bot ends; the others stay.
    assert not await bot.services.subscriptions.is_subscribed(OTHER, "free-meals")
    assert await bot.services.subscriptions.is_subscribed(PARENT, "free-meals")
    await bot.send("/broadcasts", user_id=ADMIN)
    assert "ботты бұғаттағандар: 1" in bot.text()


async def test_unsubscribing_from_a_notice(bot: Harness) -> None:
    await bot.services.subscriptions.subscribe(PARENT, "school-buses")
    await bot.press(_fake(bot), keyboards.change_notice("school-buses").inline_keyboard[1][0]
                    .callback_data or "")  # fmt: skip
    assert bot.alerts()[-1].text == texts.UNSUBSCRIBED
    assert await bot.services.subscriptions.count("school-buses") == 0


async def test_a_regions_change_tells_that_regions_facts_with_year_and_source(
    bot: Harness,
) -> None:
    entry = bot.services.index.current.get("free-meals")
    assert entry is not None
    notice = render_change_notice(entry, "regions", "zhambyl")
    assert notice.startswith("🔔 <b>Тегін ыстық тамақ</b>: Жамбыл облысы бойынша")
    assert "📍 <b>Жамбыл облысы, 2025</b>:" in notice and "Дереккөз:" in notice
    assert "Алматы облысы" not in notice  # never another region's figure
    cleared = render_change_notice(entry, "regions", "abai")
    assert texts.NOTICE_REGION_CLEARED in cleared
    assert "бүкіл ел бойынша" in render_change_notice(entry, "regions", "kz")
