"""Regions named in a question, Russian domain words, small talk and out-of-scope questions."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.analysis import words
from knowledge.engine import SearchIndex
from knowledge.lexicon import kazakh_for_russian
from knowledge.loader import load_shipped_entries
from knowledge.normalize import tokens
from knowledge.regions import detect_region


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(load_shipped_entries())


# -- regions ----------------------------------------------------------------------------

REGION_QUESTIONS = [
    ("Шымкентте тегін тамақ бар ма?", "shymkent"),
    ("shymkentte tegin tamaq", "shymkent"),
    ("в Шымкенте есть кружки?", "shymkent"),
    ("Чимкент", "shymkent"),
    ("Алматы облысында үйірмелер қандай?", "almaty-region"),
    ("Almaty oblysy", "almaty-region"),
    ("Алматинская область", "almaty-region"),
    ("Алматы обл. лагерь", "almaty-region"),
    ("Қонаевта жазғы лагерь бар ма?", "almaty-region"),
    ("Талдықорғанда", "zhetisu"),  # the centre of Жетісу облысы since 2022
    ("Алматыда тегін тамақ бар ма?", "almaty"),  # the city of Almaty is not Алматы облысы
    ("Алматы қаласында тегін тамақ", "almaty"),
    ("г. Алматы", "almaty"),
    ("Астанада мектеп автобусы бар ма?", "astana"),
    ("Нұр-Сұлтан", "astana"),
    ("Түркістан облысында тегін тамақ", "turkistan"),
    ("Батыс Қазақстан облысы", "west-kazakhstan"),
    ("в Усть-Каменогорске", "east-kazakhstan"),
    ("Семейде үйірме бар ма?", "abai"),
    ("Жамбылда мектеп автобусы бар ма?", "zhambyl"),
    ("Жамбыл облысы", "zhambyl"),
    ("Jambyl oblysynda", "zhambyl"),
    ("Таразда олимпиада қашан?", "zhambyl"),
    ("Тараз қаласында", "zhambyl"),
    ("В Жамбылской области есть бесплатное питание?", "zhambyl"),
    # A district or town names its region: parents name their town.
    ("Меркедегі мектепте тегін тамақ бар ма?", "zhambyl"),
    ("Шу ауданында мектеп автобусы жүре ме", "zhambyl"),
    ("Қаскелеңдегі мектепке автобус", "almaty-region"),
    ("В Талгаре есть лагерь?", "almaty-region"),
    ("Шудағы мектепке автобус", "zhambyl"),
    # Жамбыл ауданы is also a district of Алматы облысы: its town says which.
    ("Жамбыл ауданы, Ұзынағаш ауылында лагерь бар ма?", "almaty-region"),
    # A family that moved asks about where it lives now, not the place it left.
    ("Мы переехали из Шымкента в Алматинскую область, есть ли питание?", "almaty-region"),
    ("Шымкенттен Жамбыл облысына көштік, мектеп автобусы бар ма?", "zhambyl"),
    ("Алматы облысынан Таразға көштік", "zhambyl"),
    ("Шымкенттен қалай Алматы облысына ауысамыз?", "almaty-region"),  # «қалай» is not «қаласы»
    ("Солтүстік Қазақстан облысынан Астанаға көштік", "astana"),
    ("Нұр-Сұлтаннан Шымкентке көштік", "shymkent"),
    ("Переехали из города Шымкент в Тараз", "zhambyl"),
    ("Переехали с Шымкента в Алматинскую область", "almaty-region"),
    ("Из Тараза в Астану переезжаем", "astana"),
    ("Түркістаннан келдік", "turkistan"),  # named only as the place left: still the region
    ("Түркістан облысында тегін тамақ бар ма?", "turkistan"),  # «-стан» is not «-тан»
]

NO_REGION = [
    "Astana Hub курстары қандай?",  # a programme, not the capital
    "«Абай оқулары» байқауы",  # the poet, not Абай облысы
    "Бесплатное питание для малообеспеченных семей",  # «семей» is a word, not the town
    "Тегін тамақ кімге беріледі?",
    "Мектеп автобусы бар ма?",
    "Как оформить бесплатное питание?",
    "Мектепте шу көп, балам сабаққа зейін қоя алмайды",  # «шу» in a sentence is noise
    "Мектепте шу қалай азаяды?",  # «қалай» is not «қаласы»
]


@pytest.mark.parametrize(("question", "region"), REGION_QUESTIONS)
def test_region_is_recognised(index: SearchIndex, question: str, region: str) -> None:
    assert detect_region(tokens(question)) == region
    assert index.answer(question).region == region


def test_a_district_town_weighs_as_a_place_only_before_its_district() -> None:
    # «Шу ауданы» names the region, as «Меркеде» does; «шу көп» is noise, a word.
    named = {w.folded: w.place for w in words("Шу ауданында мектеп автобусы")}
    noise = {w.folded: w.place for w in words("Мектепте шу көп")}
    assert named["шу"] and not noise["шу"]


@pytest.mark.parametrize("question", NO_REGION)
def test_no_region_when_none_is_named(index: SearchIndex, question: str) -> None:
    assert detect_region(tokens(question)) is None
    assert index.answer(question).region is None


def test_region_does_not_change_the_program(index: SearchIndex) -> None:
    plain = index.answer("Тегін ыстық тамақ кімге беріледі?")
    local = index.answer("Шымкентте тегін ыстық тамақ кімге беріледі?")
    assert plain.slug == local.slug == "free-meals"
    assert (plain.region, local.region) == (None, "shymkent")


# -- Russian → Kazakh lexicon -----------------------------------------------------------


@pytest.mark.parametrize(
    ("russian", "kazakh"),
    [
        ("питание", "тамақ"),
        ("Питания", "тамақ"),
        ("бесплатное", "тегін"),
        ("бесплатно", "тегін"),
        ("горячее", "ыстық"),
        ("кружки", "үйірме"),
        ("кружков", "үйірме"),
        ("учителям", "мұғалім"),
        ("учителей", "мұғалім"),
        ("школьное", "мектеп"),
        ("лагере", "лагерь"),
        ("медали", "медаль"),
        ("олимпиады", "олимпиада"),
    ],
)
def test_russian_word_maps_to_kazakh_tokens(russian: str, kazakh: str) -> None:
    assert kazakh_for_russian(russian) == tuple(tokens(kazakh))


def test_multiword_translation_keeps_all_tokens() -> None:
    assert kazakh_for_russian("малообеспеченных") == tuple(tokens("аз қамтылған"))


@pytest.mark.parametrize("word", ["погода", "налог", "кредит", "бензин"])
def test_unknown_russian_word_has_no_translation(word: str) -> None:
    assert kazakh_for_russian(word) == ()


@pytest.mark.parametrize(
    ("question", "slug"),
    [
        ("Как оформить бесплатное питание в школе?", "free-meals"),
        ("Какие кружки есть для детей?", "extracurricular"),
        ("Курсы повышения квалификации для учителей", "teacher-development"),
    ],
)
def test_russian_question_reaches_the_kazakh_entry(
    index: SearchIndex, question: str, slug: str
) -> None:
    assert index.answer(question).slug == slug


# -- small talk -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "Сәлеметсіз бе",
        "Сәлем!",
        "Рахмет!",
        "рахмееет",
        "Рахмет, түсіндім",
        "Спасибо большое",
        "Привет",
        "Добрый день",
        "qalaisyz",
        "salem",
        "rahmet",
        "Сау болыңыз!",
        "Қайырлы таң",
        "Жағдайыңыз қалай?",
        "Ассалаумағалейкум",
        "Hello",
    ],
)
def test_small_talk_is_recognised(index: SearchIndex, question: str) -> None:
    answer = index.answer(question)
    assert answer.kind == "smalltalk"
    assert answer.slug is None
    assert answer.suggestions == ()


@pytest.mark.parametrize("question", ["", "   ", "?!", "😀👍"])
def test_empty_question(index: SearchIndex, question: str) -> None:
    answer = index.answer(question)
    assert answer.kind == "empty"
    assert answer.slug is None


def test_greeting_with_a_question_is_answered(index: SearchIndex) -> None:
    answer = index.answer("Сәлеметсіз бе! Тегін ыстық тамақ кімге беріледі?")
    assert answer.kind == "answer"
    assert answer.slug == "free-meals"


def test_greeting_before_an_unclear_question_is_not_small_talk(index: SearchIndex) -> None:
    # The parent asked something: «I don't know» with suggestions, not a bare greeting.
    answer = index.answer("Сәлеметсіз бе, ертең сабақ бола ма?")
    assert answer.kind == "unknown"
    assert answer.slug is None


def test_a_long_message_telling_the_family_story_is_answered(index: SearchIndex) -> None:
    message = (
        "Қайырлы күн! Ұлым бесінші сыныпта оқиды, бізде ең жақын мектеп он шақырым жерде. "
        "Қыста жол қиын. Мектепке апаратын автобус бар ма?"
    )
    answer = index.answer(message)
    assert (answer.kind, answer.slug) == ("answer", "school-buses")


@pytest.mark.parametrize(
    ("question", "slug"),
    [
        ("тегінтамақ кімге беріледі", "free-meals"),
        ("елбасымедалі", "elbasy-medal"),
        ("мыңбала олимпиадасы", "myn-bala"),
    ],
)
def test_words_typed_without_a_space_are_split(
    index: SearchIndex, question: str, slug: str
) -> None:
    assert index.answer(question).slug == slug


def test_dotless_i_is_read_as_both_kazakh_vowels(index: SearchIndex) -> None:
    # ı is і in the 2021 alphabet, ы on a Turkish keyboard: «Tabıstı» is «Табысты».
    assert index.answer("Tabıstı mektep jobası").slug == "tabysty-50-mektep"
    assert index.answer("Tabıstı 50 mektep turalı").slug == "tabysty-50-mektep"


@pytest.mark.parametrize(
    ("question", "slug"),
    [
        ("медаль Елбасы ещё выдают или отменили?", "elbasy-medal"),  # verbs weigh little
        ("медали кимге береди", "elbasy-medal"),  # «медали» ends like «отменили»
        # «школьникам» also fits olympiad medals (their keyword «олимпиада школьников»).
        ("какие медали дают молодежи", "elbasy-medal"),
        ("ата-ана кабинеті", "e-journal"),  # «ата», «ана» are words, not particles
    ],
)
def test_russian_verbs_and_kazakh_look_alikes(index: SearchIndex, question: str, slug: str) -> None:
    # Understood: answered, or (a short question that fits two medals: the youth award and
    # the school-leaving «Алтын белгі») that program offered as the first button.
    answer = index.answer(question)
    assert answer.slug == slug or (answer.slug is None and answer.suggestions[0] == slug)


def test_a_personal_ending_is_not_split_off_as_a_word(index: SearchIndex) -> None:
    # «алғанмын» is «I have received», not «алған» + «мың» (thousand, as in «Мың бала»).
    assert index.answer("балам алғанмын").slug is None
    assert "myn-bala" not in index.answer("Ертең мектепте боламын").suggestions


def test_thanks_that_ask_nothing_stay_small_talk(index: SearchIndex) -> None:
    assert index.answer("Рахмет, жауабыңыз пайдалы болды").kind == "smalltalk"
    assert index.answer("Сау болыңыз, жақсы күн тілеймін").kind == "smalltalk"
    assert index.answer("Рахмет, тегін тамақ кімге беріледі?").slug == "free-meals"
    # Praise and one word said twice for emphasis are no question either.
    assert index.answer("Рахмет, керемет!").kind == "smalltalk"
    assert index.answer("Тамаша, көп-көп рахмет!").kind == "smalltalk"


def test_a_region_in_latin_with_dotless_i_is_recognised(index: SearchIndex) -> None:
    assert index.answer("Tegın tamaq Şımkentte kımge beriledi").region == "shymkent"


def test_a_word_is_split_only_into_words_the_index_wrote(index: SearchIndex) -> None:
    from knowledge.analysis import words

    def separated(text: str) -> list[str]:
        return [w.folded for w in index._separate(words(text))]

    assert separated("тегінтамақ") == ["тегин", "тамак"]
    # «билеті» (ticket): its halves are stems of entry words, never words the index wrote.
    assert separated("билеті") == ["билети"]
    assert index.answer("Автобус билеті қанша тұрады?").slug is None


# -- out of scope -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "Бүгін ауа райы қандай?",
        "Салықты қалай төлеймін?",
        "Кредит алуға бола ма?",
        "Какая завтра погода?",
        "Доллар бағамы қанша?",
        "Футболдан кім жеңді?",
    ],
)
def test_out_of_scope_question_gets_no_answer(index: SearchIndex, question: str) -> None:
    answer = index.answer(question)
    assert answer.slug is None
    assert answer.kind in ("unknown", "smalltalk", "referral")  # a pointer is no program


def test_a_russian_word_table_with_two_meanings_for_one_stem_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import knowledge.lexicon as lexicon

    table = tmp_path / "russian.toml"
    table.write_text('"тамақ" = ["обед"]\n"түскі ас" = ["обеды"]\n', encoding="utf-8")
    monkeypatch.setattr(lexicon, "RUSSIAN_WORDS", table)
    with pytest.raises(ValueError, match="обеды"):
        lexicon._build_russian()
    table.write_text('"тамақ" = "обед"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="тамақ"):
        lexicon._build_russian()


@pytest.mark.parametrize(
    ("typed", "kazakh"),
    [("семьяларға", "отбасы"), ("справканы", "анықтама"), ("обедке", "тамақ")],
)
def test_a_russian_word_with_kazakh_endings_carries_its_kazakh_terms(
    typed: str, kazakh: str
) -> None:
    assert tokens(kazakh)[0] in words(typed)[0].terms
