"""Which of an entry's facts a question asks for.

A fact wins on three things: its region (the one the question names, or the user's),
the subject of its figure (pupils, schools, teachers, money, a year, a share) against the
subject the question asks about, and the words it shares with the question, each word
weighed by how few of the entry's facts carry it. A question that asks how to apply puts
the nationwide rules first; one that asks «how many» puts the figures first.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from knowledge.analysis import Word, words
from knowledge.lexicon import COUNT_WORDS
from knowledge.model import Entry, RegionFact
from knowledge.normalize import tokens
from knowledge.regions import NATIONWIDE

# Folded word beginnings that name what a figure counts.
_SUBJECT_WORDS = {
    "pupils": "окуш бала студент тулек катысушы жеткиншек ученик школьник дет ребен child",
    "schools": "мектеп нысан гимарат кабинет орталык колледж лагер мекеме школ объект",
    "teachers": "мугалим педагог устаз учител",
    "money": "тенге каржы акша бюджет карастыр каражат болинд болинг деньг финанс сумм",
    "year": "жыл кашан мерзим когда",
    "share": "пайыз процент",
}
# Words that only scale a figure («105 мыңнан астам оқушы»): skipped to find what it counts.
SCALE_WORDS = ("мын", "млн", "млрд", "астам", "жуык", "шамамен", "тыс")
# Endings written after a hyphen («1 300-ден», «95-і»): read as words of their own.
_NUMBER_ENDINGS = frozenset("ден дан тен тан нан нен ке ка ге га ы и сы си еу ау".split())
_NUMBER_RE = re.compile(r"\d")
_HOW = frozenset(
    tokens(
        """қалай қайда қайдан өтініш құжат тіркел жазыл рәсімде ресімде алу керек
        как где куда оформить подать документ заявлен записать получить"""
    )
)
_HOW_PREFIXES = ("отиниш", "кужат", "тиркел", "жазыл", "расимде", "оформ", "документ", "заявлен")
# «Елімізде», «Қазақстанда», «республика бойынша», «в стране»: the nationwide figure.
_NATIONWIDE_WORDS = frozenset(tokens("ел елде елдегі республика республикада бүкіл букил"))
_NATIONWIDE_PREFIXES = ("елимиз", "казакстан", "казахстан", "стран", "республикад")
_HOW_MANY = frozenset(tokens("қанша неше нешеу нешеуі қаншасы сколько канша"))
# Folded beginnings («сколько» folds to «сколко»); a share asked for is a figure too.
_HOW_MANY_PREFIXES = ("канша", "неше", "сколк", "процент", "паиыз")
# «лагерь саны», «количество школ»: a message that names a count asks for it, unless it
# asks how to do something («балалар саны көп болса, қалай өтініш береміз?»).
_COUNT_PREFIXES = ("количеств",)

QUESTION_WORDS_LIMIT = 64  # words of a question read: its first and last 32 (issue 11)
REGION_WEIGHT = 6.0  # the named region first, always
NATIONWIDE_WEIGHT = 2.0  # nationwide facts hold in every region
SUBJECT_WEIGHT = 3.0
HOW_WEIGHT = 5.0
FIGURE_WEIGHT = 1.0
# The very noun the question counts («неше мамандық», «сколько студентов») written right
# after one of the fact's numbers («72 мамандық»): more precise than the subject alone.
COUNTED_WEIGHT = 4.0


@dataclass(frozen=True, slots=True)
class Question:
    """What a question asks of an entry's facts."""

    region: str | None
    nationwide: bool  # asks about the whole country
    subjects: frozenset[str]
    asks_figure: bool
    asks_how: bool
    words: tuple[Word, ...]
    counted: frozenset[str] = frozenset()  # stems of the noun after «қанша», «неше»…


@dataclass(frozen=True, slots=True)
class RankedFact:
    fact: RegionFact
    score: float


_SUBJECTS = {k: tuple(tokens(v)) for k, v in _SUBJECT_WORDS.items()}


def _subject_of(folded: str) -> str | None:
    for subject, beginnings in _SUBJECTS.items():
        if folded.startswith(beginnings):
            return subject
    return None


def read_question(text: str, region: str | None) -> Question:
    """The question's subject, and whether it asks how many or how to apply."""
    return read_words(words(text, QUESTION_WORDS_LIMIT), region, "%" in text)


def read_words(
    question_words: Sequence[Word], region: str | None, percent: bool = False
) -> Question:
    """`read_question` for a question already analysed (at most QUESTION_WORDS_LIMIT words
    are looked at: the work per message stays bounded)."""
    question_words = _bounded(question_words)
    folded = [w.folded for w in question_words]
    how = any(t in _HOW or t.startswith(_HOW_PREFIXES) for t in folded)
    counting = [_asks_how_many(t, how) for t in folded]
    asks_figure = any(counting)
    subjects = {s for t in folded if (s := _subject_of(t))}
    # «қанша бала», «неше мектеп», «балалардың қаншасы»: the word nearest the question
    # word, after it first, is what is counted.
    for i in range(len(folded)):
        if counting[i]:
            near = [*folded[i + 1 : i + 3], *reversed(folded[max(0, i - 2) : i])]
            close = next((s for t in near if (s := _subject_of(t))), None)
            if close is not None:
                subjects = {close}
                break
    counted = _counted(question_words, counting)
    asks_how = not asks_figure and how
    if percent or any(t.startswith("паиыз") for t in folded):
        subjects.add("share")
    nationwide = any(t in _NATIONWIDE_WORDS or t.startswith(_NATIONWIDE_PREFIXES) for t in folded)
    return Question(
        region,
        nationwide,
        frozenset(subjects),
        asks_figure,
        asks_how,
        tuple(question_words),
        counted,
    )


def _bounded(question_words: Sequence[Word]) -> Sequence[Word]:
    if len(question_words) <= QUESTION_WORDS_LIMIT:
        return question_words
    half = QUESTION_WORDS_LIMIT // 2
    return [*question_words[:half], *question_words[len(question_words) - half :]]


def _stems_of(token: str) -> frozenset[str]:
    """A word's stems, or none for a function word or a place name."""
    analysed = words(token)
    if not analysed or analysed[0].function or analysed[0].place:
        return frozenset()
    return analysed[0].terms


def _asks_how_many(token: str, asks_how: bool) -> bool:
    """Whether a folded word asks for a number: «қанша», «сколько»; «саны», «количество»
    too when the question does not ask how to do something."""
    if token in _HOW_MANY or token.startswith(_HOW_MANY_PREFIXES):
        return True
    return not asks_how and (token in COUNT_WORDS or token.startswith(_COUNT_PREFIXES))


def _counted(question_words: Sequence[Word], counting: Sequence[bool]) -> frozenset[str]:
    """The stems of what a how-many word (`counting`) asks about: the two words after it
    that say something («қанша оқушы», «сколько новых школ»), or, if none, the two before
    it («колледждер нешеу»); numbers, «мың» and the like, places and particles say
    nothing."""
    for i, asks in enumerate(counting):
        if asks:
            for side in (question_words[i + 1 :], list(reversed(question_words[:i]))):
                said = list(islice((w.terms for w in side if _says_something(w)), 2))
                if said:
                    return frozenset().union(*said)
            break
    return frozenset()


def _says_something(word: Word) -> bool:
    return not (
        word.function
        or word.place
        or _NUMBER_RE.search(word.folded)
        or word.folded.startswith(SCALE_WORDS)
    )


def _after_numbers(text: str) -> list[list[str]]:
    """For each number of a fact, the (folded) words after it, past other numbers, «мың»,
    «астам» and hyphenated endings; three at most («112 жайлы мектеп»)."""
    folded = tokens(text)
    return [
        [
            after
            for after in folded[i + 1 : i + 6]
            if not _NUMBER_RE.search(after)
            and not after.startswith(SCALE_WORDS)
            and after not in _NUMBER_ENDINGS
        ][:3]
        for i, token in enumerate(folded)
        if _NUMBER_RE.search(token)
    ]


@lru_cache(maxsize=4096)
def _counted_in_fact(text: str) -> frozenset[str]:
    """Stems of the words a fact's numbers count («72 мамандық», «112 жайлы мектеп»)."""
    return frozenset(
        stem for said in _after_numbers(text) for w in said[:2] for stem in _stems_of(w)
    )


@lru_cache(maxsize=4096)
def fact_subjects(text: str) -> frozenset[str]:
    """What the fact's figures count: the first of the words after each number that names a
    subject («112 жайлы мектеп», «26 білім беру нысаны»)."""
    found: set[str] = set()
    for said in _after_numbers(text):
        subject = next((s for after in said if (s := _subject_of(after))), None)
        if subject is not None:
            found.add(subject)
    if "%" in text:
        found.add("share")
    return frozenset(found)


@lru_cache(maxsize=4096)
def _fact_terms(text: str) -> frozenset[str]:
    terms: set[str] = set()
    for word in words(text):
        if not word.function:
            terms |= word.terms
            if word.prefix:
                terms.add(word.prefix)
    return frozenset(terms)


def counts_asked(question: Question, text: str) -> bool:
    """Whether a fact's figures count what the question asks about: its subject (pupils,
    schools, money…), or, when it names none, the very noun it counts («неше медаль»
    beside «464 медаль»)."""
    if question.subjects:
        return not question.subjects.isdisjoint(fact_subjects(text))
    return not question.counted.isdisjoint(_counted_in_fact(text))


def _shared(question: Iterable[Word], fact_terms: frozenset[str], idf: dict[str, float]) -> float:
    score = 0.0
    for word in question:
        if word.function or word.place:
            continue
        matched = [idf.get(t, 0.0) for t in word.terms if t in fact_terms]
        if matched:
            score += max(matched)
        elif word.prefix and word.prefix in fact_terms:
            score += 0.5 * idf.get(word.prefix, 0.0)
    return score


def rank_facts(entry: Entry, question: Question) -> list[RankedFact]:
    """The entry's facts, the one the question asks for first; ties keep the entry's order."""
    facts = entry.regions
    if not facts:
        return []
    terms = [_fact_terms(f.text) for f in facts]
    df: dict[str, int] = {}
    for fact_terms in terms:
        for term in fact_terms:
            df[term] = df.get(term, 0) + 1
    n = len(facts)
    idf = {t: math.log(1 + n / d) for t, d in df.items()}
    ranked = []
    for fact, fact_terms in zip(facts, terms, strict=True):
        score = _shared(question.words, fact_terms, idf)
        if question.region is not None and fact.region == question.region:
            score += REGION_WEIGHT
        elif fact.region == NATIONWIDE:
            asked = question.region is None and question.nationwide
            score += REGION_WEIGHT if asked else NATIONWIDE_WEIGHT if question.region else 0.0
        subjects = fact_subjects(fact.text)
        if question.subjects & subjects:
            score += SUBJECT_WEIGHT
        if question.counted & _counted_in_fact(fact.text):
            score += COUNTED_WEIGHT
        if question.asks_how and fact.kind == "rule":
            score += HOW_WEIGHT
        if question.asks_figure and subjects and fact.kind != "rule":
            score += FIGURE_WEIGHT
        ranked.append(RankedFact(fact, score))
    order = {id(r): i for i, r in enumerate(ranked)}
    return sorted(ranked, key=lambda r: (-r.score, order[id(r)]))
