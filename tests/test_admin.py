"""Admins keep the knowledge current from the chat: end to end through the dispatcher."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator

import pytest
from aiogram.types import Document

from bot.config import Settings
from db.repository import AdminRow
from tests.botkit import Harness, buttons, harness

ADMIN = 42  # the super-admin of the `settings` fixture
PARENT = 100


@pytest.fixture
async def bot(settings: Settings) -> AsyncIterator[Harness]:
    async with harness(settings) as h:
        yield h


async def _slug_for(bot: Harness, question: str) -> str | None:
    return bot.services.index.current.answer(question).slug


async def _confirm(bot: Harness, yes: bool = True) -> None:
    markup = buttons(bot.sent()[-1].reply_markup)
    choice = markup["✅ Сақтау" if yes else "✖️ Бас тарту"]
    await bot.press(bot.last_message(), choice, user_id=ADMIN)


async def test_a_non_admin_is_refused_and_nothing_changes(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    await bot.send("/retire free-meals", user_id=PARENT)
    assert "әкімшілеріне арналған" in bot.text()
    entry = await bot.services.knowledge.entry("free-meals")
    assert entry is not None and entry.active
    assert "refused admin command retire from user 100" in caplog.text
    assert "free-meals" not in caplog.text  # the attempt is logged without its content


async def test_a_full_add_dialogue_creates_an_entry_the_bot_answers_at_once(bot: Harness) -> None:
    await bot.send("/add", user_id=ADMIN)
    await bot.send("school-uniform", user_id=ADMIN)
    await bot.send("Мектеп формасына көмек", user_id=ADMIN)
    categories = buttons(bot.sent()[-1].reply_markup)
    await bot.press(bot.last_message(), categories["Оқу құралдарына көмек"], user_id=ADMIN)
    await bot.send("Аз қамтылған отбасы балаларына мектеп формасы беріледі. Мектепке жүгініңіз.",
                   user_id=ADMIN)  # fmt: skip
    await bot.send("мектеп формасы, форма, школьная форма", user_id=ADMIN)
    await bot.send("Мектеп формасын тегін ала аламыз ба?\nФорма кімге беріледі?", user_id=ADMIN)
    await bot.send("Білім бөлімі | https://egov.kz | 2025-09", user_id=ADMIN)
    assert "Алдын ала қарау" in bot.text()
    await _confirm(bot)
    assert "Сақталды: school-uniform" in bot.text()
    stored = await bot.services.knowledge.entry("school-uniform")
    assert stored is not None and stored.category == "support"
    assert await _slug_for(bot, "мектеп формасы тегін бе") == "school-uniform"


async def test_add_refuses_a_bad_slug_and_a_bad_source_then_accepts(bot: Harness) -> None:
    await bot.send("/add", user_id=ADMIN)
    await bot.send("Bad Slug!", user_id=ADMIN)
    assert "латын" in bot.text()
    await bot.send("free-meals", user_id=ADMIN)
    assert "бұрыннан бар" in bot.text()
    await bot.send("/cancel", user_id=ADMIN)
    assert "ештеңе өзгерген жоқ" in bot.text()


async def _edit_answer(bot: Harness, slug: str, new_answer: str) -> None:
    await bot.send(f"/edit {slug}", user_id=ADMIN)
    fields = buttons(bot.sent()[-1].reply_markup)
    await bot.press(bot.last_message(), fields["Жауап"], user_id=ADMIN)
    await bot.send(new_answer, user_id=ADMIN)
    assert "Алдын ала қарау" in bot.text()


async def test_edit_cancelled_changes_nothing(bot: Harness) -> None:
    before = await bot.services.knowledge.entry("school-buses")
    await _edit_answer(bot, "school-buses", "Жаңа мәтін.")
    await _confirm(bot, yes=False)
    assert await bot.services.knowledge.entry("school-buses") == before


async def test_edit_confirmed_is_answered_at_once(bot: Harness) -> None:
    await _edit_answer(bot, "school-buses", "Мектеп автобусы туралы жаңартылған жауап.")
    await _confirm(bot)
    await bot.send("Мектеп автобусы бар ма?", user_id=PARENT)
    assert "Мектеп автобусы туралы жаңартылған жауап." in bot.text()


async def test_second_confirm_of_a_concurrent_edit_is_a_conflict(bot: Harness) -> None:
    await _edit_answer(bot, "school-buses", "Бірінші әкімшінің мәтіні.")
    first_preview = bot.last_message()
    # Another admin saves a change to the same entry meanwhile.
    entry = await bot.services.knowledge.entry("school-buses")
    assert entry is not None
    await bot.services.knowledge.save(entry, actor=AdminRow(7, None, 42, ""), action="edit")
    markup = buttons(bot.sent()[-1].reply_markup)
    await bot.press(first_preview, markup["✅ Сақтау"], user_id=ADMIN)
    assert "басқа әкімші өзгертті" in bot.text()
    assert "Бірінші әкімшінің мәтіні." in bot.text()  # what they wrote comes back to them
    stored = await bot.services.knowledge.entry("school-buses")
    assert stored is not None and stored.answer != "Бірінші әкімшінің мәтіні."


async def test_retire_and_restore(bot: Harness) -> None:
    assert await _slug_for(bot, "Мың бала олимпиадасы") == "myn-bala"
    await bot.send("/retire myn-bala", user_id=ADMIN)
    assert await _slug_for(bot, "Мың бала олимпиадасы") != "myn-bala"
    entry = await bot.services.knowledge.entry("myn-bala")
    assert entry is not None and entry.status == "retired"  # kept, not deleted
    await bot.send("/restore myn-bala", user_id=ADMIN)
    assert await _slug_for(bot, "Мың бала олимпиадасы") == "myn-bala"


async def test_history_shows_the_change_and_undo_goes_back(bot: Harness) -> None:
    before = await bot.services.knowledge.entry("e-journal")
    assert before is not None
    await _edit_answer(bot, "e-journal", "Уақытша мәтін.")
    await _confirm(bot)
    await bot.send("/history e-journal", user_id=ADMIN)
    assert str(ADMIN) in bot.text()
    assert "өзгерту: Жауап" in bot.text()
    assert before.answer[:50] in bot.text()  # the previous text is shown
    await bot.send("/undo e-journal", user_id=ADMIN)
    after = await bot.services.knowledge.entry("e-journal")
    assert after is not None and after.answer == before.answer


async def test_linking_an_unanswered_question_makes_the_bot_answer_it(bot: Harness) -> None:
    question = "Баланы түскі асқа жазу үшін не керек?"
    await bot.send(question, user_id=PARENT)
    if "жауап таба алмадым" not in bot.text():
        pytest.skip("the engine already answers this question")
    await bot.send("/unanswered", user_id=ADMIN)
    assert question in bot.text()
    actions = buttons(bot.sent()[-1].reply_markup)
    await bot.press(bot.last_message(), actions["🔗 Жазбаға қосу"], user_id=ADMIN)
    targets = buttons(bot.sent()[-1].reply_markup)
    await bot.press(bot.last_message(), targets["Тегін ыстық тамақ"], user_id=ADMIN)
    assert await _slug_for(bot, question) == "free-meals"
    await bot.send("/unanswered", user_id=ADMIN)
    assert question not in bot.text()


async def test_unanswered_groups_repeats_with_counts_and_can_be_dismissed(bot: Harness) -> None:
    for _ in range(3):
        await bot.send("Ертең ауа райы қандай болады?", user_id=PARENT)
    await bot.send("/unanswered", user_id=ADMIN)
    assert "3 рет" in bot.text()
    actions = buttons(bot.sent()[-1].reply_markup)
    await bot.press(bot.last_message(), actions["✖️ Елемеу"], user_id=ADMIN)
    await bot.send("/unanswered", user_id=ADMIN)
    assert "жауапсыз қалған сұрақ жоқ" in bot.text()


async def test_stats_counts_questions_and_votes(bot: Harness) -> None:
    await bot.send("Мектеп автобусы бар ма?", user_id=PARENT)
    votes = buttons(bot.sent()[-1].reply_markup)
    await bot.press(bot.last_message(), votes["👍"], user_id=PARENT)
    await bot.send("Ертең ауа райы қандай болады?", user_id=PARENT)
    await bot.send("/stats", user_id=ADMIN)
    assert "2 сұрақ келді, 1 сұраққа жауап берілді (50%)" in bot.text()
    assert "👍 1 · 👎 0" in bot.text()


async def _upload(bot: Harness, name: str, content: bytes) -> None:
    bot.session.files[name] = content
    document = Document(file_id=name, file_unique_id=name, file_name=name, file_size=len(content))
    await bot.send(None, user_id=ADMIN, document=document)


async def test_export_then_import_a_changed_file_with_a_dry_run(bot: Harness) -> None:
    await bot.send("/export", user_id=ADMIN)
    exported = json.loads(bot.session.files["bilimbot-knowledge.json"])
    exported["entries"][0]["answer"] = "Импортпен келген жауап."
    await _upload(bot, "changed.json", json.dumps(exported, ensure_ascii=False).encode())
    assert "1 өзгерген" in bot.text()
    slug = exported["entries"][0]["slug"]
    unchanged = await bot.services.knowledge.entry(slug)
    assert unchanged is not None and unchanged.answer != "Импортпен келген жауап."
    await _confirm(bot)
    changed = await bot.services.knowledge.entry(slug)
    assert changed is not None and changed.answer == "Импортпен келген жауап."


async def test_a_bad_import_file_changes_nothing(bot: Harness) -> None:
    before = await bot.services.knowledge.export_document()
    await _upload(bot, "bad.json", b'{"entries": [{"slug": "x"}]}')
    assert "Ештеңе өзгерген жоқ" in bot.text()
    await _upload(bot, "junk.json", b"\xff\xfe not json")
    assert "Ештеңе өзгерген жоқ" in bot.text()
    assert await bot.services.knowledge.export_document() == before


ENGLISH = re.compile(r"\b(must|longer|entry|Expecting|object|characters|among|twice)\b")


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b'{"entries": [{"slug": "x"}]}', "бөлімі"),
        (b'{"entries": "none"}', "JSON объектісі"),
        (b'{"entries": [', "JSON қатесі: 1-жол"),
        (b"\xff\xfe not json", "UTF-8"),
        (b'{"entries": [{"slug": "Bad Slug"}]}', "«Bad Slug» слагы жарамсыз"),
    ],
)
async def test_a_bad_import_file_is_explained_in_kazakh(
    bot: Harness, content: bytes, says: str
) -> None:
    await _upload(bot, "bad.json", content)
    assert says in bot.text()
    assert "Ештеңе өзгерген жоқ" in bot.text()
    assert not ENGLISH.search(bot.text())


async def test_a_bad_source_line_in_an_edit_is_explained_in_kazakh(bot: Harness) -> None:
    await bot.send("/edit free-meals", user_id=ADMIN)
    await bot.press(bot.last_message(), buttons(bot.sent()[-1].reply_markup)["Дереккөздер"],
                    user_id=ADMIN)  # fmt: skip
    await bot.send("Басылым | Атауы | https://example.org/a | 2025-13-45", user_id=ADMIN)
    assert "Қате" in bot.text() and not ENGLISH.search(bot.text())


async def test_a_regional_admin_cannot_edit_another_regions_facts(bot: Harness) -> None:
    await bot.send("/grant 77 shymkent", user_id=ADMIN)
    assert "Шымкент қаласы" in bot.text()
    await bot.send("/edit free-meals", user_id=77)
    assert set(buttons(bot.sent()[-1].reply_markup)) == {"Өңір деректері"}
    await bot.press(bot.last_message(), buttons(bot.sent()[-1].reply_markup)["Өңір деректері"],
                    user_id=77)  # fmt: skip
    assert set(buttons(bot.sent()[-1].reply_markup)) == {"Шымкент қаласы"}
    # A forged button for another region is refused.
    await bot.press(bot.last_message(), "er:free-meals:zhambyl", user_id=77)
    assert "өз өңіріңіздің" in bot.alerts()[-1].text
    await bot.send("/retire free-meals", user_id=77)
    entry = await bot.services.knowledge.entry("free-meals")
    assert entry is not None and entry.active


async def test_a_regional_admin_edits_own_region_facts(bot: Harness) -> None:
    await bot.send("/grant 77 shymkent", user_id=ADMIN)
    await bot.send("/edit free-meals", user_id=77)
    await bot.press(bot.last_message(), "er:free-meals:shymkent", user_id=77)
    await bot.send("2025 | Шымкентте 1000 оқушы тегін тамақ алады.", user_id=77)
    await bot.press(bot.last_message(), buttons(bot.sent()[-1].reply_markup)["✅ Сақтау"],
                    user_id=77)  # fmt: skip
    entry = await bot.services.knowledge.entry("free-meals")
    assert entry is not None
    assert [f.text for f in entry.regions if f.region == "shymkent"] == [
        "Шымкентте 1000 оқушы тегін тамақ алады."
    ]
    await bot.send("/revoke 77", user_id=ADMIN)
    await bot.send("/edit free-meals", user_id=77)
    assert "әкімшілеріне арналған" in bot.text()


async def test_changes_and_dialogues_survive_a_restart(settings: Settings) -> None:
    async with harness(settings) as first:
        await _edit_answer(first, "colleges", "Қайта ашылғаннан кейін де сақталатын мәтін.")
        await _confirm(first)
        await first.send("/add", user_id=ADMIN)
        await first.send("after-restart", user_id=ADMIN)
    async with harness(settings) as second:
        entry = await second.services.knowledge.entry("colleges")
        assert entry is not None and entry.answer == "Қайта ашылғаннан кейін де сақталатын мәтін."
        await second.send("Қайта іске қосылғаннан кейінгі атау", user_id=ADMIN)
        assert "Бөлімін таңдаңыз" in second.text()  # the /add dialogue went on


async def test_unanswered_comes_a_page_at_a_time_and_long_questions_are_cut(bot: Harness) -> None:
    for n in range(12):
        await bot.services.users.log_question(
            user_id=500 + n, region=None, query=f"белгісіз сұрақ нөмір {n} " + "сөз " * n,
            slug=None, kind="unknown", unanswered_guesses=[],
        )  # fmt: skip
    await bot.services.users.log_question(
        user_id=600, region=None, query="ұзын " * 1000, slug=None, kind="unknown",
        unanswered_guesses=[],
    )  # fmt: skip
    await bot.send("/unanswered", user_id=ADMIN)
    items = [m for m in bot.sent() if "рет ·" in m.text]
    assert len(items) == 10
    assert all(len(m.text) < 4096 for m in bot.sent())
    assert any(m.text.startswith("«ұзын") and "…" in m.text for m in items)
    more = buttons(bot.sent()[-1].reply_markup)["Келесі сұрақтар ▶"]
    await bot.press(bot.last_message(), more, user_id=ADMIN)
    assert len([m for m in bot.sent() if "рет ·" in m.text]) == 3
