"""Text → weighted search terms, the same way for questions and for entries."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from knowledge.acknowledged import TRIGGERS as TURN_WORDS
from knowledge.acknowledged import set_aside_acknowledged
from knowledge.contrast import TRIGGERS, Token, set_aside
from knowledge.lexicon import (
    ABOUT_THE_BOT,
    CARDINALS,
    FUNCTION_WORDS,
    GREETINGS,
    LISTED_RUSSIAN,
    ORDINALS,
    SMALL_TALK,
    is_everyday_word,
    kazakh_for_russian,
    phrase_spans,
    russian_stem,
)
from knowledge.normalize import (
    KAZAKH_LATIN_LETTERS,
    clean,
    fold_token,
    russian_from_latin,
    softened_russian,
)
from knowledge.regions import is_place_word, names_district, names_programme
from knowledge.stem import stems, word_stems

PREFIX_LEN = 5
SPLIT_MAX_LEN = 30
_RAW_TOKEN_RE = re.compile(r"\d+|[^\W\d_]+(?:['’ʼ`´‘][^\W\d_]*)*")
_SENTENCE_END_RE = re.compile(r"[.!?…\n]")
_KAZAKH_ONLY = set("әғқңөұүһі")
_CYRILLIC_RE = re.compile("[а-яё]")
_LATIN_RE = re.compile("[a-z]")
# Folded endings of Kazakh verb forms: tense, participle, gerund, infinitive, mood, person.
_VERB_ENDINGS = tuple(
    """
    ады еди иды иди ылды илди ган ген кан кен атын етин итин уга уге ып ип са се
    мын мин мыз миз сыз сиз лады леди нады неди ылады иледи ады
    лдым лдим рдым рдим ндым ндим здым здим йдым йдим ттым ттим штым штим
    """.split()
)

# Words a grade number stands before («бесінші сынып», «в пятом классе»).
_GRADE_WORDS = ("сынып", "класс", "клас")

# Latin words shorter than this are not read as Russian: short English words of web
# addresses and names («edu», «IT») would read as Russian words of the domain.
_RUSSIAN_LATIN_MIN = 4

# Endings of Russian verb forms (выдают, отменили, получить), for words with no Kazakh
# letter: these endings rarely close a Kazakh word.
_RUSSIAN_VERB_ENDINGS = tuple(
    "ают яют уют ются ется ится или али ели ыли ить ать ять еть ешь ишь ует ает яет ят".split()
)


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a text: its folded form and the terms it can match by."""

    folded: str
    terms: frozenset[str]  # stems of the word, and of its Kazakh translation if Russian
    prefix: str  # the first letters, for truncated words and derivations
    function: bool  # a question word, particle or everyday word: says nothing of the program
    place: bool  # a region or city name
    small_talk: bool
    verb: bool  # ends like a Kazakh verb form (беріледі, қарастырылған, алуға)
    readings: tuple[str, ...]  # folded, and the other reading of an ambiguous letter
    # Which sentence of the text it stands in (phrases stay within one); not part of the
    # word's identity, so a word's matches are cached once for every sentence.
    sentence: int = field(default=0, compare=False)


def _russian_under_kazakh_endings(raw: str, folded: str) -> set[str]:
    """A Russian word with Kazakh endings («семьяларға», «справканы», «обедке»): the
    Kazakh terms of the word under the endings, when russian.toml lists that very word.
    (Not by its Russian stem: «айтылған» would read as «айти», «армысыздар» as «армия»;
    nor with the Russian stem as a term: «спортшы» would match every «спорт».)"""
    found: set[str] = set()
    for stem in stems(folded):
        cut = len(folded) - len(stem)
        if not cut or len(raw) - cut < 4 or fold_token(raw[-cut:]) != folded[-cut:]:
            continue  # no ending, too short a word, or the letters do not line up
        for kazakh in LISTED_RUSSIAN.get(fold_token(raw[:-cut]), ()):
            found |= stems(kazakh)
    return found


# The 2021 Latin alphabet writes «ц» as «s»: «sıfrlyq» is «цифрлық», «ofıser» «офицер».
# A longer Latin word with one or two «s» also matches as each «с» read «ц» (only by
# stems the index may hold; short words such as «sen», «цен-» stay as they are).
_TSE_MIN_LEN = 5
_TSE_MAX = 2


def _with_tse(folded: str) -> set[str]:
    """The stems of a folded Latin word with its «с» read as «ц», one at a time and all."""
    count = folded.count("с")
    if not count or count > _TSE_MAX or len(folded) < _TSE_MIN_LEN:
        return set()
    places = [i for i, ch in enumerate(folded) if ch == "с"]
    variants = {folded[:i] + "ц" + folded[i + 1 :] for i in places}
    variants.add(folded.replace("с", "ц"))
    return {term for variant in variants for term in word_stems(variant)}


# Cyrillic words whose folded form is also a domain abbreviation written in Latin: «ай»
# (a month, or «oh») and «эй», «әй» (hey) fold as «AI» does. (A voice transcript's «эй ай»
# is the spelled «AI»: see _with_spelled_ai.)
_CYRILLIC_FUNCTION_WORDS = frozenset(("ай", "эй", "әй"))
_SPELLED_A = frozenset(("эй", "әй"))
# The 2021 alphabet's letters in Russian loanwords: я, ю, и, у.
_LOANWORD_SPELLINGS = (("ıa", "ya"), ("ıý", "yu"), ("ı", "i"), ("ý", "u"))
_LOANWORD_LETTERS = frozenset("ıý")


@lru_cache(maxsize=262_144)
def _analyse(raw: str) -> Word | None:
    folded = fold_token(raw)
    if not folded:
        return None
    terms = set(word_stems(folded))
    readings = {folded}
    if "ı" in raw:
        # Dotless ı is і in the 2021 alphabet but ы as typed on a Turkish keyboard
        # (tabıstı = табысты): the word is read both ways.
        other = fold_token(raw.replace("ı", "y"))
        readings.add(other)
        terms |= word_stems(other)
    verb = folded.endswith(_VERB_ENDINGS)
    # A word that may be Russian: Cyrillic without Kazakh letters, or Latin without Kazakh
    # Latin letters («pitanie» is read as «питание»).
    russian = raw
    latin = bool(_LATIN_RE.search(raw)) and not _CYRILLIC_RE.search(raw)
    if latin:
        for reading in tuple(readings):
            terms |= _with_tse(reading)
            # A Russian word with Kazakh endings typed in Latin («texnarǵa», «spravkany»).
            terms |= _russian_under_kazakh_endings(reading, reading)
        short = len(raw) < _RUSSIAN_LATIN_MIN  # «edu» of a web address is not «еду»
        kazakh_latin = KAZAKH_LATIN_LETTERS.intersection(raw)
        if kazakh_latin <= _LOANWORD_LETTERS:
            # The 2021 alphabet spells Russian loanwords with ı and ý (bıologııa,
            # kompıýter, mıkroskop): read as Russian too, as the informal spelling is.
            raw_as_informal = raw
            for letters, informal in _LOANWORD_SPELLINGS:
                raw_as_informal = raw_as_informal.replace(letters, informal)
            russian = "" if short else russian_from_latin(raw_as_informal)
        else:
            russian = ""
    if russian and not _KAZAKH_ONLY.intersection(russian):
        translations = kazakh_for_russian(russian)
        if latin and not translations and kazakh_for_russian(softened_russian(russian)):
            russian = softened_russian(russian)
            translations = kazakh_for_russian(russian)
        if len(folded) >= 4 and _CYRILLIC_RE.search(russian):
            # A Russian word's own stem (голодный/голодает → голод), so Russian words of
            # the concepts match in any inflection.
            terms.add("ru:" + russian_stem(russian))
        for kazakh in translations:
            terms |= stems(kazakh)
        # «медали» ends like «отменили» but is a word of the domain.
        russian_verb = len(folded) >= 5 and russian.endswith(_RUSSIAN_VERB_ENDINGS)
        verb = verb or (russian_verb and not translations)
    if _CYRILLIC_RE.search(raw.lower()):
        terms |= _russian_under_kazakh_endings(raw, folded)
    prefix = "^" + folded[:PREFIX_LEN] if len(folded) >= PREFIX_LEN else ""
    return Word(
        folded=folded,
        terms=frozenset(terms),
        prefix=prefix,
        function=raw in _CYRILLIC_FUNCTION_WORDS
        or not readings.isdisjoint(FUNCTION_WORDS)
        or not FUNCTION_WORDS.isdisjoint(map(_without_particle, readings))
        or is_everyday_word(readings, frozenset(terms)),
        place=any(map(is_place_word, readings)),
        small_talk=not readings.isdisjoint(SMALL_TALK),
        verb=verb,
        readings=tuple(sorted(readings)),
    )


_PARTICLES = ("ма", "ме", "ба", "бе", "па", "пе")


def _without_particle(reading: str) -> str:
    """The word before a question particle typed onto it («керекпе», «болама»), or ""."""
    if len(reading) >= 5 and reading.endswith(_PARTICLES):
        return reading[:-2]
    return ""


def words(text: str, limit: int | None = None) -> list[Word]:
    """Every word of a text, analysed; Russian words of the domain carry Kazakh terms.

    With `limit`, only the first and last `limit // 2` words are analysed: a message longer
    than that tells a story whose question stands at its start or its end, and analysing
    every word of a 4 096-character message would hold the event loop."""
    cleaned = clean(_with_ai_spelled_out(text))
    matches = list(_RAW_TOKEN_RE.finditer(cleaned))
    if limit is not None and len(matches) > limit:
        matches = matches[: limit // 2] + matches[len(matches) - limit // 2 :]
    out, kept, gaps = [], [], []
    sentence, end = 0, 0
    for match in matches:
        gap = cleaned[end : match.start()]
        if _SENTENCE_END_RE.search(gap):
            sentence += 1
        end = match.end()
        raw = match.group()
        word = _analyse(raw)
        if word is not None:
            out.append(replace(word, sentence=sentence) if sentence else word)
            kept.append(raw)
            gaps.append(gap)
    out = _without_set_aside(_with_small_talk_phrases(_with_spelled_ai(out, kept)), kept, gaps)
    return _with_auxiliary_verbs(
        _with_district_towns(_with_grade_numbers(_with_spelled_numbers(out)))
    )


# «AI» in capitals is artificial intelligence («AI-ға қызығады»), though «ai» folds as
# «ай» (a month) does; a message typed all in capitals tells nothing by case.
_AI_RE = re.compile(r"(?<![^\W\d_])AI(?![^\W\d_])")


def _with_ai_spelled_out(text: str) -> str:
    if "AI" not in text or not any(ch.islower() for ch in text):
        return text
    return _AI_RE.sub("ЖИ", text)


def _without_set_aside(analysed: list[Word], raws: list[str], gaps: list[str]) -> list[Word]:
    """The words a contrast sets aside («X емес, Y»; «не X, а Y») and those of a part the
    message acknowledges before its question («X жақсы ғой, ал Y?») are dropped."""
    contrast = any(w.folded in TRIGGERS for w in analysed)
    turn = any(w.folded in TURN_WORDS for w in analysed)
    if not contrast and not turn:
        return analysed  # most messages: no such word, nothing to build
    tokens = [
        Token(raw, w.folded, gap, w.verb, w.function)
        for w, raw, gap in zip(analysed, raws, gaps, strict=True)
    ]
    dropped = set_aside(tokens) if contrast else set()
    if turn:
        dropped |= set_aside_acknowledged(tokens)
    if not dropped:
        return analysed
    return [w for k, w in enumerate(analysed) if k not in dropped]


def _with_small_talk_phrases(analysed: list[Word]) -> list[Word]:
    """The words of a greeting said as a phrase («кеш жарық», «жаңа жылыңызбен») or of a
    phrase said to the bot («жауап берсеңші», «сен жасанды интеллектсің бе») are small talk
    there, though «кеш», «жауап» and «интеллект» alone are ordinary words of real questions:
    «Лагерь туралы жауап берсеңші» asks about the camps."""
    for start, end in phrase_spans([w.folded for w in analysed], GREETINGS + ABOUT_THE_BOT):
        for i in range(start, end):
            analysed[i] = replace(analysed[i], small_talk=True)
    return analysed


def _with_spelled_ai(analysed: list[Word], raws: list[str]) -> list[Word]:
    """«эй ай тичер»: «ай» right after «эй» is the letters A, I spoken, not a month, and
    reads as «ЖИ», as «AI» in capitals does (the words as typed tell it: «ай-ай» folds
    the same)."""
    for i in range(1, len(analysed)):
        if raws[i] == "ай" and raws[i - 1] in _SPELLED_A and (ai := _analyse("жи")):
            analysed[i - 1] = replace(analysed[i - 1], function=False)
            analysed[i] = replace(ai, sentence=analysed[i].sentence)
    return analysed


# Case endings a spelled number's last word may carry («мың үш жүзге», «екі мыңнан»).
_NUMBER_ENDINGS = frozenset(
    "ге ке га ка не на де те да та ден тен дан тан нен нан ди ти ды ты ни ны нин нын дин дын"
    " тин тын мен бен пен дай дей".split()
)


def _number_word(word: Word, last: bool) -> tuple[int, str] | None:
    """A cardinal's value and language; an ordinal (only last: «жиырма бесінші») or a case
    ending (only last: «үш жүзге») is allowed at the end of a spelled number."""
    if word.folded in CARDINALS:
        return CARDINALS[word.folded]
    if not last:
        return None
    if word.folded in ORDINALS:
        return int(ORDINALS[word.folded]), ""  # either language
    for cut in range(len(word.folded) - 1, 1, -1):
        stem, ending = word.folded[:cut], word.folded[cut:]
        if ending in _NUMBER_ENDINGS and stem in CARDINALS:
            return CARDINALS[stem]
    return None


# What each kind of number word may follow ("" is the start of the number).
_MAY_FOLLOW = {
    "unit": ("", "ten", "hundred", "thousand"),
    "ten": ("", "hundred", "thousand"),
    "hundred": ("", "thousand"),
    "thousand": ("", "unit", "ten", "hundred"),
}


def _number_kind(value: int) -> str:
    if value < 10:
        return "unit"
    if value < 100:
        return "ten"
    return "hundred" if value < 1000 else "thousand"


def _spelled_value(values: list[int]) -> int | None:
    """The number a run of cardinals says («мың үш жүз алпыс тоғыз» → 1369), or None when
    they do not make one («екі үш», two or three)."""
    total = current = 0
    last = ""
    for value in values:
        kind = _number_kind(value)
        if kind == "hundred" and value == 100 and last == "unit" and current < 10:
            current *= 100  # «үш жүз»: an even hundred after a unit multiplies it
        elif last not in _MAY_FOLLOW[kind]:
            return None
        elif kind == "thousand":
            total += (current or 1) * 1000
            current = 0
        else:
            current += value
        last = kind
    return total + current


def _with_spelled_numbers(analysed: list[Word]) -> list[Word]:
    """Two or more number words in a row, of one language, are the number they say, as its
    digits: «мың үш жүз мектеп» is «1300 мектеп», «жиырма бес жаста» «25 жаста»."""
    out: list[Word] = []
    i = 0
    while i < len(analysed):
        run: list[tuple[int, str]] = []
        j = i
        while j < len(analysed):
            found = _number_word(analysed[j], last=False) or (
                _number_word(analysed[j], last=True) if run else None
            )
            if found is None or (run and found[1] and found[1] != run[0][1]):
                break
            run.append(found)
            j += 1
            if analysed[j - 1].folded not in CARDINALS:
                break  # an ordinal or an inflected word ends the number
        value = _spelled_value([v for v, _ in run]) if len(run) >= 2 else None
        digits = _analyse(str(value)) if value is not None else None
        if digits is None:
            out.append(analysed[i])
            i += 1
        else:
            out.append(digits)
            i = j
    return out


def _with_grade_numbers(analysed: list[Word]) -> list[Word]:
    """An ordinal before «сынып»/«класс» also carries the grade's number («бесінші сынып»
    is «5-сынып»; «он бірінші» is already 11, a spelled number); elsewhere («бірінші рет»,
    «первого сентября») it stays a word."""
    for i, word in enumerate(analysed[:-1]):
        number = ORDINALS.get(word.folded)
        if number is None or not analysed[i + 1].folded.startswith(_GRADE_WORDS):
            continue
        analysed[i] = replace(word, terms=word.terms | {number})
    return analysed


def _with_district_towns(analysed: list[Word]) -> list[Word]:
    """«Шу», «Талас» before «ауданы/қаласы» are places (weighing nothing, as a region
    does); elsewhere they stay words («шу» is noise). «Астана» before «Hub» and «қалам»
    after «Алтын» are words of a programme's name («Astana Hub», the «Алтын қалам»
    contest), not the capital or «my city»."""
    for i, word in enumerate(analysed):
        before = analysed[i - 1].folded if i else ""
        after = analysed[i + 1].folded if i + 1 < len(analysed) else ""
        if names_district(word.folded, after):
            analysed[i] = replace(word, place=True)
        elif word.place and names_programme(word.folded, before, after):
            analysed[i] = replace(word, place=False)
    return analysed


# Verbs that, after a converb, only say how or how long something happens: «шықпай
# тұр» (still does not show), «жазып отырмын» (I am writing), «ұмытып қалдым» (I forgot),
# «оқып жүр» (keeps studying). As such they name no topic; on their own they do («кезекте
# тұр», «сабақтан қалады»). Folded roots and endings, both vowel harmonies.
_AUXILIARY_ROOTS = ("тур", "отыр", "жур", "кал")
_AUXILIARY_ENDINGS = (
    "",  # the bare stem: «шықпай тұр»
    *"""мын мин мыз миз сын син сыз сиз сындар сиздер ады еди ды ди дым дим дык дик ган ген
    гамын генмин ып ип уда уде удамын удемин са се атын етин""".split(),
)
_AUXILIARIES = frozenset(
    root + ending for root in _AUXILIARY_ROOTS for ending in _AUXILIARY_ENDINGS
)
# Folded converb endings: «-ып/-іп/-п» and the negative «-май/-бай/-пай» (й folds to и).
_CONVERB_ENDINGS = ("ып", "ип", "ап", "еп", "маи", "меи", "баи", "беи", "паи", "пеи")
# Common nouns that end like a converb and could stand before «тұр» as its subject (the
# list is not closed: a rarer one, «азап», still reads as a converb, and its «тұр» as an
# auxiliary, which only makes «тұр» weigh nothing).
_NOT_CONVERBS = frozenset(("мектеп", "китап", "себеп", "талап", "жауап", "есеп"))


def _is_converb(word: Word) -> bool:
    folded = word.folded
    return len(folded) >= 4 and folded.endswith(_CONVERB_ENDINGS) and folded not in _NOT_CONVERBS


def _with_auxiliary_verbs(analysed: list[Word]) -> list[Word]:
    """«тұр», «отыр», «жүр», «қал» after a converb are auxiliaries: function words."""
    for i in range(1, len(analysed)):
        word = analysed[i]
        if word.folded in _AUXILIARIES and _is_converb(analysed[i - 1]):
            analysed[i] = replace(word, function=True)
    return analysed


def splits(
    word: Word, shortest: int, known: Callable[[str], bool] | None = None
) -> list[tuple[Word, Word]]:
    """The ways to read a word as two words typed without a space («алуүшін», «мыңбала»),
    longest first part first. Only ordinary-length words: the cost grows with the square
    of the length. With `known`, only cuts whose both halves it accepts (as folded forms)
    are analysed."""
    folded = word.folded
    if len(folded) > SPLIT_MAX_LEN:
        return []
    pairs = []
    for cut in range(len(folded) - shortest, shortest - 1, -1):
        if known is not None and not (known(folded[:cut]) and known(folded[cut:])):
            continue
        left, right = _analyse(folded[:cut]), _analyse(folded[cut:])
        if left is not None and right is not None:
            pairs.append((left, right))
    return pairs
