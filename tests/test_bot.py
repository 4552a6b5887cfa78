"""The bot end to end: updates in, Bot API requests out, database checked."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import pytest

from bot.config import Settings
from tests.botkit import STICKER, Harness, buttons, harness


@pytest.fixture
async def bot(settings: Settings) -> AsyncIterator[Harness]:
    async with harness(settings) as h:
        yield h


async def test_start_greets_in_kazakh_and_saves_the_chosen_region(bot: Harness) -> None:
    await bot.send("/start")
    assert "Сәлеметсіз бе" in bot.text()
    regions = buttons(bot.sent()[-1].reply_markup)
    # Every region of Kazakhstan can be chosen, not only those with figures.
    assert len(regions) == 20
    assert {"Жамбыл облысы", "Шымкент қаласы", "Астана қаласы", "Түркістан облысы"} <= set(regions)

    await bot.press(bot.last_message(), regions["Шымкент қаласы"])
    assert "Шымкент қаласы" in bot.edits()[0].text
    assert await bot.services.users.region(100) == "shymkent"


async def test_a_question_is_answered_with_the_users_region_first(bot: Harness) -> None:
    await bot.services.users.set_region(100, "almaty-region")
    await bot.send("тегин тамак кимге берилед")
    reply = bot.text()
    assert reply.startswith("<b>Тегін ыстық тамақ</b>\n\n📍 <b>Алматы облысы, 2025</b>")
    assert "Жамбыл облысы" not in reply  # other regions are one tap away
    assert {"🗺 Басқа өңірлер", "📚 Дереккөздер", "👍", "👎"} <= set(
        buttons(bot.sent()[-1].reply_markup)
    )


async def test_the_region_named_in_the_question_beats_the_stored_one(bot: Harness) -> None:
    await bot.services.users.set_region(100, "almaty-region")
    await bot.send("Жамбыл облысында неше оқушы ыстық тамақ ішеді?")
    assert "📍 <b>Жамбыл облысы, 2025</b>" in bot.text()
    assert "Алматы облысы" not in bot.text()


async def test_a_region_without_facts_of_its_own_is_told_so_first(bot: Harness) -> None:
    await bot.services.users.set_region(100, "almaty-region")
    # Free meals have no Шымкент figures: the card says so and shows the nationwide rules,
    # never another region's figure.
    await bot.send("Шымкентте тегін тамақ кімге беріледі?")
    _, notice, first_fact = bot.text().split("\n\n")[:3]
    assert notice.startswith("📍 <b>Шымкент қаласы</b>: бұл өңір бойынша білім қорында")
    assert first_fact.startswith("• <b>Қазақстан бойынша")
    assert "Алматы облысы" not in bot.text()


async def test_thanks_after_an_answer_are_not_logged_as_a_question(bot: Harness) -> None:
    await bot.send("Рахмет, жауабыңыз пайдалы болды")
    assert bot.text().startswith("Оқасы жоқ!")
    assert await bot.services.users.unanswered() == []


async def test_a_region_with_facts_gets_no_such_notice(bot: Harness) -> None:
    await bot.services.users.set_region(100, "almaty-region")
    await bot.send("тегин тамак кимге берилед")
    assert "📍 <b>Алматы облысы, 2025</b>" in bot.text()
    assert "дерек жоқ" not in bot.text()


async def test_an_unknown_question_is_logged_and_answered_honestly(bot: Harness) -> None:
    await bot.services.users.set_region(100, "shymkent")
    await bot.send("Ертең ауа райы қандай болады?")
    assert "жауап таба алмадым" in bot.text()
    assert "egov.kz" in bot.text()
    logged = await bot.services.users.unanswered()
    assert [(r.query, r.region, r.reason) for r in logged] == [
        ("Ертең ауа райы қандай болады?", "shymkent", "unknown")
    ]


async def test_a_suggestion_button_opens_that_program(bot: Harness) -> None:
    await bot.send("Мектепте қандай жобалар бар")
    assert "жауап таба алмадым" in bot.text()
    suggested = buttons(bot.sent()[-1].reply_markup)
    assert suggested
    title, data = next(iter(suggested.items()))
    await bot.press(bot.last_message(), data)
    assert f"<b>{title}</b>" in bot.text()


async def test_browsing_goes_down_to_an_entry_and_back(bot: Harness) -> None:
    await bot.send("/programs")
    categories = buttons(bot.sent()[-1].reply_markup)
    assert "Мектепке тасымалдау" in categories
    menu = bot.last_message()

    await bot.press(menu, categories["Мектепке тасымалдау"])
    programs = buttons(bot.edits()[-1].reply_markup)
    program = next(t for t in programs if "тасымалдау" in t.lower())
    await bot.press(menu, programs[program])
    assert "Дереккөз: " in bot.edits()[-1].text
    back = buttons(bot.edits()[-1].reply_markup)
    assert {"👍", "👎", "📚 Дереккөздер"} <= set(back)

    await bot.press(menu, back["⬅️ Бөлімге оралу"])
    assert program in buttons(bot.edits()[-1].reply_markup)
    await bot.press(menu, back["⬅️ Барлық бөлімдер"])
    assert buttons(bot.edits()[-1].reply_markup) == categories


async def test_a_vote_is_stored_once_and_a_downvote_reaches_the_admins(bot: Harness) -> None:
    await bot.send("Мектеп автобусы бар ма?")
    answer = bot.last_message()
    votes = buttons(answer.reply_markup)
    await bot.press(answer, votes["👍"])
    assert bot.alerts()[-1].text == "Бағаңызға рахмет!"
    await bot.press(answer, votes["👍"])
    assert bot.alerts()[-1].text == "Бағаңыз бұрын сақталған."
    assert await bot.services.users.votes("school-buses") == {1: 1}

    await bot.press(answer, votes["👎"])
    assert await bot.services.users.votes("school-buses") == {-1: 1}
    logged = await bot.services.users.unanswered()
    assert [(r.query, r.reason) for r in logged] == [("Мектеп автобусы бар ма?", "downvote")]


async def test_a_sticker_gets_a_request_for_text(bot: Harness) -> None:
    await bot.send(sticker=STICKER)
    assert "мәтінді" in bot.text()


async def test_a_5000_character_message_is_answered_in_telegram_sized_parts(bot: Harness) -> None:
    await bot.send("инклюзия " * 560)
    assert bot.sent()
    assert all(len(r.text) <= 4096 for r in bot.sent())
    assert "Инклюзивті" in bot.text()


async def test_html_written_in_an_entry_is_escaped(bot: Harness) -> None:
    entry = await bot.services.knowledge.entry("school-buses")
    assert entry is not None
    hostile = replace(entry, title="Автобус <script>alert(1)</script> & Co")
    await bot.services.knowledge.import_entries([hostile])
    await bot.services.index.rebuild(bot.services.knowledge)
    await bot.send("Мектеп автобусы бар ма?")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in bot.text()
    assert "<script>" not in bot.text()


async def test_greetings_and_thanks_get_a_polite_reply_not_a_program(bot: Harness) -> None:
    await bot.send("Сәлеметсіз бе")
    assert "Сұрағыңызды жазыңыз" in bot.text()
    await bot.send("Рахмет!")
    assert bot.text().startswith("Оқасы жоқ!")
    assert await bot.services.users.unanswered() == []


async def test_a_rude_message_gets_an_apology_and_a_hint(bot: Harness) -> None:
    await bot.send("акымак бот екенсин")
    assert bot.text().startswith("Кешіріңіз, көмектесе алмаған болсам.")
    assert "Тегін ыстық тамақ" not in bot.text()


async def test_a_tampered_button_changes_nothing(bot: Harness) -> None:
    await bot.send("/programs")
    menu = bot.last_message()
    await bot.press(menu, "e:no-such-program:1")
    assert bot.alerts()[-1].show_alert
    await bot.press(menu, "rg:mars")
    assert await bot.services.users.region(100) is None


async def test_the_card_buttons_open_the_rest_below_it(bot: Harness) -> None:
    await bot.services.users.set_region(100, "zhambyl")
    await bot.send("Тегін ыстық тамақ кімге беріледі?")
    card = bot.last_message()
    more = buttons(card.reply_markup)

    await bot.press(card, more["🗺 Басқа өңірлер"])
    assert bot.alerts()  # the button is answered
    assert "Алматы облысы, 2025</b>: Алматы облысында" in bot.text()
    assert "Дереккөз: " in bot.text()

    await bot.press(card, more["📝 Өтініш беру тәртібі"])
    assert "өтініш беру тәртібі" in bot.text() and "egov.kz" in bot.text()

    await bot.press(card, more["📚 Дереккөздер"])
    assert "BAQ.KZ: " in bot.text() and "күні белгісіз" in bot.text()
    assert "seeds/" not in bot.text()  # file names are for admins
    await bot.press(card, more["📚 Дереккөздер"], user_id=42)
    assert "seeds/000_" in bot.text()


async def _voted(bot: Harness, slug: str, user_id: int) -> bool:
    """Press 👍 under the bot's last message and see the vote stored for `slug`."""
    message = bot.last_message()
    await bot.press(message, buttons(message.reply_markup)["👍"], user_id=user_id)
    stored = await bot.services.users.votes(slug)
    return bot.alerts()[-1].text == "Бағаңызға рахмет!" and stored.get(1, 0) >= 1


async def test_every_answer_path_has_votes_that_are_stored(bot: Harness) -> None:
    # A typed question. (Each path is another user's: a user has a rate limit.)
    await bot.send("Мектеп автобусы бар ма?", user_id=201)
    assert await _voted(bot, "school-buses", 201)

    # A program opened from the /programs list: the list message becomes its card.
    await bot.send("/programs", user_id=202)
    menu = bot.last_message()
    await bot.press(menu, buttons(menu.reply_markup)["Тамақтану"], user_id=202)
    programs = buttons(bot.edits()[-1].reply_markup)
    await bot.press(menu, programs["Тегін ыстық тамақ"], user_id=202)
    opened = buttons(bot.edits()[-1].reply_markup)
    assert {"👍", "👎", "⬅️ Бөлімге оралу"} <= set(opened)
    await bot.press(menu, opened["👍"], user_id=202)
    assert (await bot.services.users.votes("free-meals")).get(1) == 1

    # A program opened from the suggestions under "I don't know".
    await bot.send("Балаларға арналған жобалар", user_id=203)
    title, data = next(iter(buttons(bot.sent()[-1].reply_markup).items()))
    await bot.press(bot.last_message(), data, user_id=203)
    assert f"<b>{title}</b>" in bot.text()
    slug = next(e.slug for e in bot.services.index.current.entries if e.title == title)
    assert await _voted(bot, slug, 203)
