"""Word lists of the domain: function words, small talk, everyday words that name no topic
and Russian → Kazakh terms (the last three kept as data in knowledge/data/domain).

Every list is written in natural spelling and folded through the same pipeline as the
questions, so the lists and the questions always agree on form.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import Stemmer
from rapidfuzz import process
from rapidfuzz.distance import OSA

from knowledge.normalize import tokens

# Question words, particles, pronouns and verbs that say nothing about which program.
KAZAKH_FUNCTION_WORDS = """
қалай қалайша қандай қай қайда қайдан қайсы қашан қанша қаншама неше не неге нені несі
кім кімге кімдер кімдерге кімнің кімді бар барма жоқ ма ме ба бе па пе ғой ше шы ші
деген дегеніміз дегенің дегенді туралы жайлы жайында бойынша керек керекпін қажет
бола болады болама болмайды болатын болса болды болған айтыңыз айтыңызшы айтып айтшы
беріңізші білгім білейін білесіз келеді білу білуге білемін мен сен сіз біз ол олар
менің сенің сіздің біздің оның маған саған сізге бізге оған мені бұл осы сол мына
және мен пен бен әлде немесе үшін ғана тек бір ең өте ия иә енді қазір ал алу алуға
аламыз аламын алады алсам алсақ бере береді бересіз берсеңіз істеу істеймін істеймiз
тиіс мүмкін бола ма иә де да
өзің оны мұны соны осыны оларды оларға олардың өзі өзім өзіміз өзіңіз өзінің бәрі бәріне
барлығы барлығына ешкім ештеңе біреу сіздерге сіздер
алды алған алатын алып алса алсын береміз берді берген беріп берсе болып болар болсын
деп дейді деймін дейміз деді дедім екен еді едік естідім естідік естіп білмеймін
білмейміз түсінбедім айтты айтады сұраймын сұрағым
биыл жақында әзірге әлі тағы бірақ себебі өйткені сондықтан егер сосын
дейін кейін қатты алғым алғымыз алғысы бергім бергісі
ға ге қа ке ны ні ды ді дан ден тан тен нен ның нің дың дің тың тің ында інде та те
бізде бізден бізді бізбен біздікі біздегі сізде сізден сізді сізбен сіздікі кешіріңіздер
менде менен менімен оларда олардан олармен онда одан онымен кімнен кіммен кімде кімдерде
кімдерден кімдердің қайсы қайсысы қайсысын қайсысына қайсысында қайсысынан нешеге нешеде
нешеу нешеуі нешеуін нешінші жаңағы қашанға қашаннан
"""
# (The line of endings, «ға ге … інде»: written apart after an abbreviation or a number,
# «ҰБТ-дан», «ПМПК-ға»; «нан» stays out, it is also bread. The lines after it: pronouns
# and question words with their case endings, and a polite «excuse me» before a question.)

RUSSIAN_FUNCTION_WORDS = """
как какой какая какое какие каким где куда откуда когда кто кому кого что чем чего
сколько почему зачем ли есть для в во на и или а но по о об про у с со из к ко до за
от при мой моя мое мои моего моему моей наш наша наши ваш ваша это этот эти тот та
можно нужно надо положено получить получает получают получать дают дать давать будет
быть был была были бывает не нет да же бы все весь вся всем мне нам вам вы я мы он она
они их его ее там тут здесь уже еще ли подскажите скажите пожалуйста расскажите узнать
хочу хотим хотела хотел нужен нужна найти найду искать после перед сможет может могут
можно ли разве какие-то какого каком который которые если чтобы тоже также очень
ещё нас вас ним ней нему ему ей им меня себя свой своя свои своего своей было будут
живем живём живу пишу получили получил получила вообще только этом этой этого эту этим
него нее неё них ними ими чём тебя тебе
"""


def folded_set(words: str) -> frozenset[str]:
    """Words written in natural spelling, folded as questions are."""
    return frozenset(tokens(words))


def folded_phrases(phrases: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    """Whole phrases in natural spelling, each as its folded tokens (matched in order)."""
    return tuple(tuple(tokens(phrase)) for phrase in phrases)


# Ordinal words, read as the number a grade is written with when «сынып»/«класс»
# follows (knowledge.analysis). A cardinal alone stays a word («бәрі бес» is all fives);
# two or more in a row are a number (CARDINALS).
_ORDINALS = {
    "1": "бірінші первый первого первом первому",
    "2": "екінші второй второго втором второму",
    "3": "үшінші третий третьего третьем третьему",
    "4": "төртінші четвертый четвертого четвертом четвертому",
    "5": "бесінші пятый пятого пятом пятому",
    "6": "алтыншы шестой шестого шестом шестому",
    "7": "жетінші седьмой седьмого седьмом седьмому",
    "8": "сегізінші восьмой восьмого восьмом восьмому",
    "9": "тоғызыншы девятый девятого девятом девятому",
    "10": "оныншы десятый десятого десятом десятому",
    "11": "одиннадцатый одиннадцатого одиннадцатом одиннадцатому",
}
ORDINALS = {word: number for number, said in _ORDINALS.items() for word in tokens(said)}

# Cardinal number words, Kazakh and Russian apart (a number is said in one language: the
# Russian «он» is «he»). Two or more in a row, as a voice transcript writes a number («мың
# үш жүз мектеп», «жиырма бес жаста»), are read as its digits (knowledge.analysis).
_CARDINALS = {
    "kk": {
        1: "бір", 2: "екі", 3: "үш", 4: "төрт", 5: "бес", 6: "алты", 7: "жеті", 8: "сегіз",
        9: "тоғыз", 10: "он", 20: "жиырма", 30: "отыз", 40: "қырық", 50: "елу", 60: "алпыс",
        70: "жетпіс", 80: "сексен", 90: "тоқсан", 100: "жүз", 1000: "мың",
    },
    "ru": {
        1: "один одна", 2: "два две", 3: "три", 4: "четыре", 5: "пять", 6: "шесть", 7: "семь",
        8: "восемь", 9: "девять", 10: "десять", 20: "двадцать", 30: "тридцать", 40: "сорок",
        50: "пятьдесят", 60: "шестьдесят", 70: "семьдесят", 80: "восемьдесят", 90: "девяносто",
        100: "сто", 200: "двести", 300: "триста", 400: "четыреста", 500: "пятьсот",
        600: "шестьсот", 700: "семьсот", 800: "восемьсот", 900: "девятьсот",
        1000: "тысяча тысячи тысяч",
    },
}  # fmt: skip
CARDINALS = {
    word: (value, language)
    for language, table in _CARDINALS.items()
    for value, said in table.items()
    for word in tokens(said)
}


# «лагерь саны», «количество школ»: a count named weighs nothing as a topic; facts.py reads
# it as asking for a figure.
COUNT_WORDS = folded_set("саны санын")
FUNCTION_WORDS = folded_set(KAZAKH_FUNCTION_WORDS + RUSSIAN_FUNCTION_WORDS) | COUNT_WORDS
# Words that make a message a question even without a question mark.
QUESTION_PARTICLES = folded_set("ма ме ба бе па пе ли")
QUESTION_WORDS = QUESTION_PARTICLES | folded_set(
    """қалай қалайша қандай қай қайда қайдан қайсы қашан қанша неше нешінші кім кімге неге
    неліктен как какой какая какие каких каким где куда откуда когда кто кому сколько
    почему зачем"""
)

# Words that make a word the subject of a request, the word before a Kazakh postposition
# («лагерь туралы жауап берсеңші») or after a Russian preposition («про лагерь»): beside
# small talk, that word is still a question. A pronoun there is about the bot («сен
# туралы айтшы»), and «жайлы» alone is "comfortable".
TOPIC_AFTER = folded_set("туралы жайлы жайында жөнінде жөнінен бойынша турасында хақында")
TOPIC_BEFORE = folded_set("про насчет насчёт касательно относительно")


def _words_of(value: object, where: str) -> list[str]:
    """A data file's list of words, or ValueError saying where it is not one."""
    if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
        raise ValueError(f"{where} needs a list of words")
    return value


# Greetings, thanks, farewells, rudeness and complaints about the bot (data the
# maintainers extend): the bot replies politely, never with a program.
SMALL_TALK_FILE = Path(__file__).resolve().parent / "data" / "domain" / "smalltalk.toml"
with SMALL_TALK_FILE.open("rb") as _fh:
    _SMALL_TALK_DATA = tomllib.load(_fh)


def _small_talk_words(key: str) -> frozenset[str]:
    value = _SMALL_TALK_DATA.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{SMALL_TALK_FILE.name}: «{key}» needs a string of words")
    return folded_set(value)


RUDE = _small_talk_words("rude")
SMALL_TALK = _small_talk_words("words") - FUNCTION_WORDS | folded_set("сау бол") | RUDE
THANKS = _small_talk_words("thanks")
BYE = _small_talk_words("bye")
UNCLEAR = _small_talk_words("unclear")


def _small_talk_phrases(key: str) -> tuple[tuple[str, ...], ...]:
    """A list of whole phrases, each as its folded tokens, matched in order."""
    return folded_phrases(_words_of(_SMALL_TALK_DATA.get(key), f"{SMALL_TALK_FILE.name}: {key}"))


# Whole phrases, in order: «жауап» and «қате» alone are ordinary.
COMPLAINTS = _small_talk_phrases("complaints")
SIGN_OFFS = _small_talk_phrases("sign_offs")
GREETINGS = _small_talk_phrases("greetings")
REPEATS = _small_talk_phrases("repeats")

# Small-talk words and one-word greetings long enough for a slip to leave them
# recognisable («поак» is «пока», «мерекениздбен» «мерекеңізбен»).
SLIP_MIN_LEN = 5
_SLIP_TARGETS = tuple(
    sorted(
        w for w in SMALL_TALK | {p[0] for p in GREETINGS if len(p) == 1} if len(w) >= SLIP_MIN_LEN
    )
)


@lru_cache(maxsize=4096)
def small_talk_slip(folded: str) -> bool:
    """Whether a word is a small-talk word typed with one slip (a key missed, added or
    swapped with its neighbour). The engine reads such a word as small talk only where no
    entry knows it (SearchIndex._with_small_talk_slips)."""
    if len(folded) < SLIP_MIN_LEN:
        return False
    nearest = process.extractOne(folded, _SLIP_TARGETS, scorer=OSA.distance, score_cutoff=1)
    return nearest is not None


_russian = Stemmer.Stemmer("russian")
# Russian words of the domain and the Kazakh words the entries use for them (data the
# maintainers extend, like the concepts).
RUSSIAN_WORDS = Path(__file__).resolve().parent / "data" / "domain" / "russian.toml"


# Letters Latin spellings of Russian lose or confuse (ь, й, э, щ): a stem is kept without
# them, so «shkolnyi» and «школьный», «pomosh» and «помощь» share it.
_LOOSE_STEM = str.maketrans({"ь": None, "ъ": None, "й": "и", "э": "е", "щ": "ш"})


def russian_stem(word: str) -> str:
    return str(_russian.stemWord(word.lower().replace("ё", "е"))).translate(_LOOSE_STEM)


def _build_russian() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """From knowledge/data/domain/russian.toml, read once: Russian stem → folded Kazakh
    tokens; and each Russian word as written (folded) → the same tokens, for a Russian word
    under Kazakh endings, matched whole, since a Russian stem would catch Kazakh words by
    chance («айтылған» → «айти», «армысыз» → «армия»)."""
    with RUSSIAN_WORDS.open("rb") as fh:
        data = tomllib.load(fh)
    table: dict[str, tuple[str, ...]] = {}
    listed: dict[str, tuple[str, ...]] = {}
    for kazakh, russian in data.items():
        meaning = tuple(tokens(kazakh))
        for word in _words_of(russian, f"{RUSSIAN_WORDS.name}: «{kazakh}»"):
            stem = russian_stem(word)
            if table.get(stem, meaning) != meaning:
                raise ValueError(
                    f"{RUSSIAN_WORDS.name}: «{word}» shares its stem «{stem}» with a word"
                    " of another meaning"
                )
            table[stem] = meaning
            if len(folded := tokens(word)) == 1:
                listed[folded[0]] = meaning
    return table, listed


_RUSSIAN, LISTED_RUSSIAN = _build_russian()


@lru_cache(maxsize=65536)
def kazakh_for_russian(raw_word: str) -> tuple[str, ...]:
    """Folded Kazakh tokens for a Russian word of the domain, or () if unknown."""
    return _RUSSIAN.get(russian_stem(raw_word), ())


# Everyday words that never name a program's topic («жатыр», «әбден», «уайымдау»,
# «вообще»): matched in any inflection, they weigh nothing, as function words do. Without
# them, a word the entries never use counts as another topic and a parent's plain story
# looks like a question about something else.
GENERAL_WORDS_FILE = RUSSIAN_WORDS.with_name("general.toml")
STEM_KEY_MIN = 5  # shorter words are matched as written: «соң» must not swallow «соңғы»


# Folded endings after a verb's root that the stemmer does not strip: converbs (сұра+п),
# present and future (уайымда+йды, +ймын), past (+ды, +дым), participles (+ған), wish
# (+ғым), condition (+са), negation (+ма, +майды), verbal noun (+у, +уға).
_VERB_ROOT_ENDINGS = frozenset(
    """п ип иды иди имын имин имыз имиз исыз исиз исын исин итын итин ды ди дым дим дык
    дик дыныз диниз ган ген гам гем гымыз гимиз гым гим са се сам сем сак сек у уга уге
    уды уди ма ме маиды меиди маимын меимин мады меди гандар гендер""".split()
)
# Only the last few letters can be such an ending: a 4 000-letter word tries a handful of cuts.
_LONGEST_VERB_ROOT_ENDING = max(map(len, _VERB_ROOT_ENDINGS))


def verbal_noun_root(folded: str) -> str | None:
    """The root of a Kazakh verbal noun («рәсімдеу» → «рәсімде»), which the verb's forms
    («рәсімдеймін», «рәсімдеп») start with; None for a word that does not look like one."""
    return folded[:-1] if len(folded) >= 5 and folded.endswith(("у", "ю")) else None


@dataclass(frozen=True, slots=True)
class EverydayWords:
    stems: frozenset[str]  # long Kazakh words, matched by any candidate stem
    surfaces: frozenset[str]  # short and Russian words, matched as written (folded)
    roots: frozenset[str]  # Kazakh verb roots, matched with a verb ending after them


def _everyday_words(path: Path) -> EverydayWords:
    """general.toml: `kk` and `ru` lists of single words. A Russian infinitive also
    matches by its stem (волноваться → волнуется); other Russian words only as written,
    since a stem would catch neighbours («обычно» → «обычную школу»)."""
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    unknown = set(data) - {"kk", "ru"}
    if unknown:
        raise ValueError(f"{path.name}: unknown lists {sorted(unknown)}: use «kk» and «ru»")
    stems: set[str] = set()
    surfaces: set[str] = set()
    roots: set[str] = set()
    for language in ("kk", "ru"):
        for word in _words_of(data.get(language, []), f"{path.name}: «{language}»"):
            folded = tokens(word)
            if len(folded) != 1:
                raise ValueError(f"{path.name}: «{word}» is not one word")
            key = folded[0]
            if language == "ru":
                surfaces.add(key)
                if word.endswith(("ть", "ться")):
                    stems.add("ru:" + russian_stem(word))
            elif len(key) >= STEM_KEY_MIN:
                stems.add(key)
                if (root := verbal_noun_root(key)) is not None:
                    roots.add(root)
            else:
                surfaces.add(key)
    return EverydayWords(frozenset(stems), frozenset(surfaces), frozenset(roots))


# «балам», «ұлдарымның», «қызыңыз», «немерелеріміз», «күйеуім», «әжеміз», «әжесімін»,
# «мамам», «досым»: the asker's own (or the addressee's) child, family or friend, or who
# the asker is, says who asks, not what about; «ұлдар» (boys) alone is a topic, a school
# for boys, and «анасы жоқ» (someone else's) is a situation. Folded: kin, a plural or
# none, a possessive of «my/our/your», a case ending or none; or kin and "I am".
_KIN = tuple(
    tokens(
        """бала ұл қыз немере жиен шөбере күйеу әйел жұбай әке әже ана шеше ата апа аға
        іні сіңлі қарындас келін мама папа дос құрбы"""
    )
)
_PLURALS = ("", "лар", "лер", "дар", "дер", "тар", "тер")
_POSSESSIVES = ("м", "ым", "им", "мыз", "миз", "ымыз", "имиз", "ныз", "низ", "ыныз", "иниз")
_CASES = ("", "нын", "нин", "ды", "ди", "а", "е", "га", "ге", "да", "де", "нан", "нен", "мен")
_MY_ENDINGS = frozenset(p + m + c for p in _PLURALS for m in _POSSESSIVES for c in _CASES)
# «әжесімін», «анасымын», «әкемін», «қызбын»: "I am (his) grandmother, mother…".
_I_AM = frozenset(
    p + e for p in ("", "сы", "си", "ы", "и") for e in ("мын", "мин", "бын", "бин", "пын", "пин")
)
_KIN_ENDINGS = _MY_ENDINGS | _I_AM


def _askers_kin(reading: str) -> bool:
    return any(reading.startswith(kin) and reading[len(kin) :] in _KIN_ENDINGS for kin in _KIN)


def is_everyday_word(readings: Iterable[str], terms: frozenset[str]) -> bool:
    """Whether a word (its folded readings and terms) is one of the everyday words, or the
    asker's own child."""
    if any(_askers_kin(r) for r in readings):
        return True
    if not terms.isdisjoint(EVERYDAY.stems) or not EVERYDAY.surfaces.isdisjoint(readings):
        return True
    return any(
        reading[:end] in EVERYDAY.roots and reading[end:] in _VERB_ROOT_ENDINGS
        for reading in readings
        for end in range(max(4, len(reading) - _LONGEST_VERB_ROOT_ENDING), len(reading))
    )


EVERYDAY = _everyday_words(GENERAL_WORDS_FILE)


# Words that ask for a joke or address the bot itself, wherever they stand.
BOT_WORDS = _small_talk_words("requests") | _small_talk_words("to_the_bot")
ABOUT_THE_BOT = _small_talk_phrases("about_the_bot")
OWN_LANGUAGE = _small_talk_phrases("own_language")


def phrase_spans(
    folded: Sequence[str], phrases: Iterable[tuple[str, ...]]
) -> Iterator[tuple[int, int]]:
    """Where a whole phrase stands in a text's folded words, in order: (start, end)."""
    present = set(folded)
    for phrase in phrases:
        if not present.issuperset(phrase):  # the common case: a word of it is missing
            continue
        for i in range(len(folded) - len(phrase) + 1):
            if tuple(folded[i : i + len(phrase)]) == phrase:
                yield i, i + len(phrase)


def _has_phrase(text: str, phrases: Iterable[tuple[str, ...]]) -> bool:
    return next(phrase_spans(tokens(text), phrases), None) is not None


def talks_to_the_bot(text: str) -> bool:
    """Whether the message asks the bot for a joke («Бір анекдот айтшы»), about itself
    («Сені кім жасаған?») or to say it again («Қайталап жазыңызшы»)."""
    return (
        not BOT_WORDS.isdisjoint(tokens(text)) or asks_about_the_bot(text) or asks_to_repeat(text)
    )


def asks_about_the_bot(text: str) -> bool:
    """Whether the message asks about the bot itself («Сіз роботсыз ба?»)."""
    return _has_phrase(text, ABOUT_THE_BOT)


def only_about_the_bot(text: str, folded: Iterable[str]) -> bool:
    """Whether every one of the `folded` words stands inside a phrase about the bot, or
    about the asker's own Kazakh beside one («Можно писать по-русски? Казахский плохо
    знаю»): «казахский» there is no question about the Kazakh-language program."""
    found = tokens(text)
    about = list(phrase_spans(found, ABOUT_THE_BOT))
    spans = about + list(phrase_spans(found, OWN_LANGUAGE))
    covered = {found[i] for start, end in spans for i in range(start, end)}
    return bool(about) and covered.issuperset(folded)


def not_understood(text: str) -> bool:
    """Whether the message says the bot was not understood («Түсінбедім»)."""
    return not UNCLEAR.isdisjoint(tokens(text))


def asks_to_repeat(text: str) -> bool:
    """Whether the message asks the bot to say it again or more simply («Қайталаңызшы»)."""
    return _has_phrase(text, REPEATS)


def is_complaint(text: str) -> bool:
    """Whether the message complains about the bot's answer («Жауабың қате»)."""
    return _has_phrase(text, COMPLAINTS)


def signs_off(text: str) -> bool:
    """Whether the message says the user will write later («Кейін жазамын»)."""
    return _has_phrase(text, SIGN_OFFS)


def small_talk_topic(text: str) -> str:
    """ "thanks", "bye", "rude" or "greeting": which polite reply fits a small-talk message
    (a complaint about the bot, not having understood it or asking it to repeat get the
    reply to rudeness: an apology and a hint)."""
    folded = set(tokens(text))
    if folded & (RUDE | UNCLEAR) or is_complaint(text) or asks_to_repeat(text):
        return "rude"
    if folded & THANKS:
        return "thanks"
    if folded & BYE or signs_off(text):
        return "bye"
    return "greeting"
