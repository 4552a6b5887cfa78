"""Closing the loop with people, end to end through the dispatcher: an admin's reply
reaches the parent who asked (or is recorded as undeliverable), stays within the admin's
region, and can teach the knowledge base; /stale and its "still true"; the weekly digest;
the /stats picture."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from aiogram.methods import SendMessage, SendPhoto
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup

from bot.config import Settings
from bot.digest import WeeklyDigest, next_run, week_start
from db.followup import FreshnessService, ReplyService
from db.repository import AdminRow
from db.service import NotAllowed, VoteResult
from replies.callbacks import UnansweredAction
from replies.render import to_plain
from tests.botkit import Harness, buttons, harness

ADMIN = 42  # the super-admin of the `settings` fixture
REGIONAL = 7
PARENT, OTHER_PARENT = 100, 101
QUESTION = "Мектеп жанындағы бассейн сағат нешеде ашылады?"
OTHER_QUESTION = "Мұғалімнің телефон нөмірін қайдан табамын?"
REPLY = (
    "Бассейн жұмыс күндері сағат 15:00-ден 18:00-ге дейін ашық. Мектеп әкімшілігінен нақтылаңыз."
)


@pytest.fixture
async def bot(settings: Settings) -> AsyncIterator[Harness]:
    async with harness(settings) as h:
        await h.services.users.set_region(PARENT, "zhambyl")
        await h.services.users.set_region(OTHER_PARENT, "shymkent")
        yield h


async def _ask_unknown(bot: Harness) -> None:
    await bot.send(QUESTION, user_id=PARENT)
    assert "Мамандар жауап берсе, осында жібереміз" in bot.text()
    await bot.send(OTHER_QUESTION, user_id=OTHER_PARENT)


async def _open_reply(bot: Harness, admin: int, question: str = QUESTION) -> None:
    """/unanswered, then «Жауап жазу» under `question`."""
    await bot.send("/unanswered", user_id=admin)
    item = next(m for m in bot.sent() if question in m.text)
    markup = item.reply_markup
    assert isinstance(markup, InlineKeyboardMarkup)
    message = bot.last_message().model_copy(update={"text": item.text, "reply_markup": markup})
    await bot.press(message, buttons(markup)["✍️ Жауап жазу"], user_id=admin)
    assert "Ата-анаға жауабыңызды жазыңыз" in bot.text()


async def _reply(bot: Harness, admin: int, choice: str = "📨 Тек жіберу") -> None:
    await bot.send(REPLY, user_id=admin)
    assert "Ата-ана көретін жауап" in bot.text()
    await bot.press(bot.last_message(), buttons(bot.sent()[-1].reply_markup)[choice], user_id=admin)


async def _pick_first_entry(bot: Harness, admin: int) -> str:
    """Press the first entry offered; its slug."""
    offered = buttons(bot.sent()[-1].reply_markup)
    data = next(d for d in offered.values() if d.startswith("rs:"))
    await bot.press(bot.last_message(), data, user_id=admin)
    return data.rsplit(":", 1)[1]


def _to(bot: Harness, user_id: int) -> list[SendMessage]:
    return [m for m in bot.sent() if int(m.chat_id) == user_id]


async def test_the_admin_reply_reaches_the_parent_who_asked_and_is_recorded(bot: Harness) -> None:
    await _ask_unknown(bot)
    await bot.send("/unanswered", user_id=ADMIN)
    waiting = bot.sent()[0].text
    assert "Жауап күтіп тұрған сұрақтар" in waiting
    assert "Жамбыл облысы: 1 сұрақ" in waiting and "Шымкент қаласы: 1 сұрақ" in waiting
    await _open_reply(bot, ADMIN)
    await _reply(bot, ADMIN)

    [delivered] = _to(bot, PARENT)
    assert "білім бөлімінің жауабы" in delivered.text
    assert QUESTION in delivered.text and "15:00-ден 18:00-ге дейін" in delivered.text
    assert not _to(bot, OTHER_PARENT)
    assert "1 ата-анаға жеткізілді" in bot.text()
    [row] = await bot.services.followups.by_status("sent")
    assert (row.user_id, row.region, row.text) == (PARENT, "zhambyl", REPLY)
    # The question left the list; the other parent's still waits.
    await bot.send("/unanswered", user_id=ADMIN)
    assert QUESTION not in bot.text() and OTHER_QUESTION in bot.text()

    # The parent rates the reply; nobody else can.
    rating = buttons(delivered.reply_markup)
    reply_message = bot.last_message().model_copy(update={"chat": bot.last_message().chat})
    await bot.press(reply_message, rating["👍"], user_id=OTHER_PARENT)
    assert bot.alerts()[-1].show_alert
    await bot.press(reply_message, rating["👍"], user_id=PARENT)
    assert bot.alerts()[-1].text == "Бағаңызға рахмет!"
    [row] = await bot.services.followups.by_status("sent")
    assert row.vote == 1
    # A 👎 sends the question back to the admins.
    await bot.press(reply_message, rating["👎"], user_id=PARENT)
    await bot.send("/unanswered", user_id=ADMIN)
    assert QUESTION in bot.text()


async def test_a_reply_to_a_parent_who_blocked_the_bot_is_recorded_as_undeliverable(
    bot: Harness,
) -> None:
    await _ask_unknown(bot)
    bot.session.blocked.add(PARENT)
    await _open_reply(bot, ADMIN)
    await _reply(bot, ADMIN)
    assert "1 ата-анаға жеткізілмеді" in bot.text()
    assert not await bot.services.followups.by_status("sent")
    [row] = await bot.services.followups.by_status("undeliverable")
    assert (row.user_id, row.text) == (PARENT, REPLY)
    await bot.send("/unanswered", user_id=ADMIN)
    assert QUESTION not in bot.text()  # answered, even if the parent cannot read it


async def test_a_regional_admin_cannot_reply_to_another_regions_question(bot: Harness) -> None:
    await bot.services.admins.grant(REGIONAL, "shymkent", by=ADMIN)
    await _ask_unknown(bot)
    zhambyl = next(r for r in await bot.services.users.unanswered() if r.region == "zhambyl")
    await bot.send("/unanswered", user_id=REGIONAL)
    assert QUESTION not in bot.text() and "Жамбыл" not in bot.text()
    forged = UnansweredAction(uid=zhambyl.id, action="reply").pack()
    await bot.press(bot.last_message(), forged, user_id=REGIONAL)
    assert bot.alerts()[-1].show_alert and not bot.sent()
    rights = await bot.services.admins.rights(REGIONAL)
    with pytest.raises(NotAllowed):
        await bot.services.followups.queue(zhambyl.id, REPLY, actor=rights)
    assert not await bot.services.followups.by_status("pending")
    await bot.send("/unanswered", user_id=ADMIN)
    assert QUESTION in bot.text()  # still open


async def test_a_regional_admin_keeps_the_reply_as_a_fact_of_their_region(bot: Harness) -> None:
    await bot.services.admins.grant(REGIONAL, "zhambyl", by=ADMIN)
    await _ask_unknown(bot)
    await _open_reply(bot, REGIONAL)
    await bot.send(REPLY, user_id=REGIONAL)
    choices = buttons(bot.sent()[-1].reply_markup)
    assert "📨 Жіберу, сұрақты жазбаға қосу" not in choices  # full rights only
    await bot.press(bot.last_message(), choices["📨 Жіберу, жауапты дерек ретінде қосу"],
                    user_id=REGIONAL)  # fmt: skip
    slug = await _pick_first_entry(bot, REGIONAL)
    assert len(_to(bot, PARENT)) == 1
    entry = await bot.services.knowledge.entry(slug)
    assert entry is not None
    fact = entry.regions[-1]
    assert (fact.region, fact.text) == ("zhambyl", REPLY)
    assert fact.checked == bot.services.freshness.today().isoformat()
    source = entry.source_by_id(fact.source)
    assert source is not None and source.title.startswith("Жамбыл облысындағы білім бөлімінің")
    assert "Жамбыл облысы бойынша дерек ретінде қосылды" in bot.text()


async def test_a_full_admin_keeps_the_question_as_an_example_the_bot_then_answers(
    bot: Harness,
) -> None:
    await _ask_unknown(bot)
    await _open_reply(bot, ADMIN)
    await _reply(bot, ADMIN, "📨 Жіберу, сұрақты жазбаға қосу")
    slug = await _pick_first_entry(bot, ADMIN)
    entry = await bot.services.knowledge.entry(slug)
    assert entry is not None and QUESTION in entry.questions
    assert bot.services.index.current.answer(QUESTION).slug == slug


async def test_answers_show_when_they_were_last_checked(bot: Harness) -> None:
    await bot.send("Тегін ыстық тамақ кімге беріледі?", user_id=PARENT)
    card = to_plain(bot.sent()[0].text)
    assert "тексерілген күні: 2026 ж. 30 қараша" in card
    assert len(card) <= 900


async def test_stale_lists_passed_plans_and_still_true_records_the_check(bot: Harness) -> None:
    old = await bot.services.knowledge.entry("school-buses")
    assert old is not None
    await bot.services.knowledge.save(replace(old, checked="2025-01-10"), actor=None, action="t")
    await bot.send("/stale", user_id=ADMIN)
    listing = bot.text()
    assert "2025 ж. 10 қаңтар" in listing  # the entry unchecked for 180 days
    assert "әскери мектеп-интернат" in listing  # a plan for 2025, now passed
    plan = next(m for m in bot.sent() if "әскери мектеп-интернат" in m.text and m.reply_markup)
    shown = {"text": plan.text, "reply_markup": plan.reply_markup}
    message = bot.last_message().model_copy(update=shown)
    await bot.press(message, buttons(plan.reply_markup)["✅ Әлі де дұрыс"], user_id=ADMIN)
    assert "Тексеру тіркелді" in (bot.alerts()[-1].text or "")
    today = bot.services.freshness.today().isoformat()
    entry = await bot.services.knowledge.entry("military-boarding-school")
    assert entry is not None and entry.regions[0].checked == today
    await bot.send("/stale", user_id=ADMIN)
    assert "әскери мектеп-интернат" not in bot.text()
    buses = next(m for m in bot.sent() if "school-buses" in m.text and m.reply_markup)
    await bot.press(bot.last_message(), buttons(buses.reply_markup)["✅ Әлі де дұрыс"],
                    user_id=ADMIN)  # fmt: skip
    entry = await bot.services.knowledge.entry("school-buses")
    assert entry is not None and entry.checked == today
    # A regional admin sees their region's plans only, and cannot confirm whole entries.
    await bot.services.admins.grant(REGIONAL, "shymkent", by=ADMIN)
    await bot.send("/stale", user_id=REGIONAL)
    assert "STEM" in bot.text() and "Жамбыл" not in bot.text()
    await bot.press(bot.last_message(), buttons(buses.reply_markup)["✅ Әлі де дұрыс"],
                    user_id=REGIONAL)  # fmt: skip
    assert bot.alerts()[-1].show_alert


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


async def test_the_weekly_digest_goes_to_each_admin_once_a_week(bot: Harness) -> None:
    now = [_at("2027-08-02T03:30:00+00:00")]  # Monday 08:30 in Kazakhstan: not yet
    freshness = FreshnessService(bot.services.db, clock=lambda: now[0].isoformat())
    await bot.services.admins.grant(REGIONAL, "shymkent", by=ADMIN)
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) >= 3:
            raise RuntimeError("enough")
        now[0] = now[0].fromtimestamp(now[0].timestamp() + seconds, UTC)

    digest = WeeklyDigest(bot.bot, bot.services.admins, freshness, clock=lambda: now[0],
                          sleep=sleep)  # fmt: skip
    bot.session.requests.clear()
    assert await digest.send_if_due() == 0
    with pytest.raises(RuntimeError, match="enough"):
        await digest.run()
    assert waits[0] == 30 * 60  # slept until 09:00, sent, then a week
    assert waits[1] == waits[2] == 7 * 24 * 3600
    sent = [m for m in bot.session.requests if isinstance(m, SendMessage)]
    assert sorted(int(m.chat_id) for m in sent) == [REGIONAL, REGIONAL, ADMIN, ADMIN]
    to_admin = next(m for m in sent if int(m.chat_id) == ADMIN)
    assert "Апталық шолу" in to_admin.text and "/stale" in to_admin.text
    assert "24 жазба 180 күннен бері тексерілмеген" in to_admin.text  # checked 2026-11-30
    to_regional = next(m for m in sent if int(m.chat_id) == REGIONAL)
    assert "0 жазба" in to_regional.text and "Шымкент" in to_regional.text
    # Restarted within the same week: not sent again.
    assert await digest.send_if_due() == 0


def test_the_digest_schedule_is_monday_morning_in_kazakhstan() -> None:
    sunday = _at("2026-12-06T12:00:00+00:00")
    assert next_run(sunday) == _at("2026-12-07T04:00:00+00:00")
    monday_after = _at("2026-12-07T05:00:00+00:00")
    assert week_start(monday_after) == _at("2026-12-07T04:00:00+00:00")
    assert next_run(monday_after) == _at("2026-12-14T04:00:00+00:00")


async def test_stats_sends_a_png_picture_with_the_text(bot: Harness) -> None:
    await bot.send("Тегін ыстық тамақ кімге беріледі?", user_id=PARENT)
    await bot.send("Шымкентте STEM орталықтары бар ма?", user_id=OTHER_PARENT)
    await bot.send("/stats", user_id=ADMIN)
    assert "Соңғы 7 күн" in bot.text() and "Соңғы 30 күн" in bot.text()
    [photo] = [r for r in bot.session.requests if isinstance(r, SendPhoto)]
    assert isinstance(photo.photo, BufferedInputFile)
    assert photo.photo.data.startswith(b"\x89PNG\r\n\x1a\n")
    assert "барлық өңір" in (photo.caption or "")
    # A regional admin's figures are their region's.
    await bot.services.admins.grant(REGIONAL, "shymkent", by=ADMIN)
    await bot.send("/stats", user_id=REGIONAL)
    assert "Соңғы 7 күн</b>: 1 сұрақ" in bot.text()
    [photo] = [r for r in bot.session.requests if isinstance(r, SendPhoto)]
    assert "Шымкент қаласы" in (photo.caption or "")


async def test_replies_and_waiting_questions_on_both_backends(database) -> None:  # type: ignore[no-untyped-def]
    from db.service import UserService

    users, followups = UserService(database), ReplyService(database)
    for user, region in ((1, "zhambyl"), (2, "zhambyl"), (3, "shymkent")):
        await users.log_question(user_id=user, region=region, query="Бассейн қашан ашылады?",
                                 slug=None, kind="unknown", unanswered_guesses=[])  # fmt: skip
    rows = await users.unanswered()
    zhambyl = next(r for r in rows if r.region == "zhambyl")
    admin = AdminRow(9, "zhambyl", ADMIN, "t")
    queued = await followups.queue(zhambyl.id, "Сағат 15-те.", actor=admin)
    assert queued is not None
    assert sorted(d.user_id for d in queued.deliveries) == [1, 2]  # same words, same region
    assert await followups.queue(zhambyl.id, "Тағы.", actor=admin) is None  # already answered
    await followups.record([(queued.deliveries[0].reply_id, "sent"),
                            (queued.deliveries[1].reply_id, "undeliverable")])  # fmt: skip
    assert len(await followups.by_status("sent")) == 1
    assert len(await followups.by_status("undeliverable")) == 1
    first = queued.deliveries[0]
    assert await followups.vote(reply_id=first.reply_id, user_id=2, value=1) is VoteResult.REFUSED
    assert await followups.vote(reply_id=first.reply_id, user_id=1, value=1) is VoteResult.SAVED
    assert await followups.vote(reply_id=first.reply_id, user_id=1, value=1) is VoteResult.SAME
    assert await followups.vote(reply_id=first.reply_id, user_id=1, value=-1) is VoteResult.SAVED
    # Another reply, decided but left unsent: claimed once.
    later = ReplyService(database, clock=lambda: "2099-01-01T00:00:00+00:00")
    shymkent = next(r for r in rows if r.region == "shymkent")
    again = await followups.queue(shymkent.id, "Сағат 16-да.", actor=None)
    assert again is not None
    [unsent] = await later.unsent()
    assert unsent.user_id == 3
    assert await later.claim(unsent.reply_id) and not await later.claim(unsent.reply_id)
    from db.service import ReportService

    waiting = await ReportService(database).waiting()
    assert [(r, n) for r, n, _ in waiting] == [("zhambyl", 1)]  # the 👎 reopened it


async def test_migration_0003_goes_down_and_up_and_dates_the_entries_it_finds(  # type: ignore[no-untyped-def]
    database,
) -> None:
    from alembic import command
    from sqlalchemy import text

    from db.migrate import _config, head, migrate
    from db.service import KnowledgeService
    from knowledge.loader import load_shipped_entries

    async with database.transaction() as conn:
        await conn.run_sync(lambda sync: command.downgrade(_config(sync), "0002"))
    row = load_shipped_entries()[0].to_dict()
    async with database.transaction() as conn:
        await conn.execute(
            text(
                "INSERT INTO entries (slug, title, category, answer, keywords, questions,"
                " regions, sources, status, updated_at) VALUES (:slug, :title, :category,"
                " :answer, '[\"?\"]', '[\"?\"]', '[]', :sources, 'active', '2025-03-04T10:00:00')"
            ),
            {k: row[k] for k in ("slug", "title", "category", "answer")}
            | {"sources": json.dumps(row["sources"])},
        )
    assert await migrate(database) == head()
    entry = await KnowledgeService(database).entry(row["slug"])
    assert entry is not None and entry.checked == "2025-03-04"


async def test_a_reply_left_unsent_by_a_stopped_bot_is_sent_once_at_start(bot: Harness) -> None:
    from handlers.admin_followup import deliver

    await _ask_unknown(bot)
    [asked] = [r for r in await bot.services.users.unanswered() if r.user_id == PARENT]
    # The reply was decided (committed) and the process stopped before sending it.
    queued = await bot.services.followups.queue(asked.id, REPLY, actor=None)
    assert queued is not None
    later = ReplyService(bot.services.db, clock=lambda: "2099-01-01T00:00:00+00:00")
    assert not await bot.services.followups.unsent()  # too fresh: its process may be sending
    unsent = await later.unsent()
    assert [d.user_id for d in unsent] == [PARENT]
    bot.session.requests.clear()
    assert await deliver(bot.bot, later, unsent) == ["sent"]
    assert await deliver(bot.bot, later, unsent) == []  # another instance: nothing twice
    assert len(_to(bot, PARENT)) == 1 and REPLY in _to(bot, PARENT)[0].text
    assert not await later.unsent()
    [row] = await later.by_status("sent")
    assert row.user_id == PARENT


async def test_a_fact_an_admin_writes_is_checked_that_day(bot: Harness) -> None:
    from knowledge.model import RegionFact

    knowledge, today = bot.services.knowledge, bot.services.freshness.today().isoformat()
    entry = await knowledge.entry("stem-centers")
    assert entry is not None
    new = RegionFact("shymkent", "2026", "Шымкентте тағы 5 STEM орталығы ашылды.",
                     entry.regions[0].source)  # fmt: skip
    rights = AdminRow(REGIONAL, "shymkent", ADMIN, "t")
    stored = await knowledge.save(replace(entry, regions=(*entry.regions, new)), actor=rights,
                                  action="edit:regions")  # fmt: skip
    assert stored.regions[-1].checked == today
    assert stored.regions[:-1] == entry.regions  # the others keep their own dates


async def test_a_parent_who_pressed_thumbs_down_gets_the_admins_reply(bot: Harness) -> None:
    question = "Тегін ыстық тамақ кімге беріледі?"
    await bot.send(question, user_id=PARENT)
    card = bot.sent()[0]
    await bot.press(bot.last_message(), buttons(card.reply_markup)["👎"], user_id=PARENT)
    assert "Мамандар жауап берсе, осында жібереміз" in (bot.alerts()[-1].text or "")
    await _open_reply(bot, ADMIN, question)
    await _reply(bot, ADMIN)
    [delivered] = _to(bot, PARENT)
    assert question in delivered.text and REPLY in delivered.text


def test_every_region_name_takes_the_suffix_the_reply_source_title_glues_on() -> None:
    from knowledge.regions import REGION_CODES
    from replies import texts

    names = [texts.REGION_NAMES[code] for code in REGION_CODES]
    assert all(name.endswith(("облысы", "қаласы")) for name in names)
