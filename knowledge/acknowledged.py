"""The words of a topic a message acknowledges before it turns to its question.

«Мың бала олимпиадасы жақсы ғой, ал футбол құрамасы қашан ойнайды?» asks about football;
«Спасибо за бесплатное питание, а как оплатить коммуналку?» about utility bills;
«Тетради купили сами, не про это. Почему он голодный?» about the meals. The part that
thanks for, praises, has read about or sets aside a topic says what the question is not.

Only a clear turn sets it aside: thanks, «жақсы ғой», «бар екен», «оқыдым», «понятно»
(and not a bare «жақсы», which judges the same topic: «Тамақ жақсы, ал порциясы аз»)
before a clause opening with «ал», «а», «но», «сұрағым»; or a phrase that dismisses what
it follows («не про это», «ол басқа ғой»). The acknowledging part must not ask, and what
the message asks after it must name at least two things of its own; otherwise a story's
first sentence («Лагерь туралы естідім, ал қалай жазылады?») keeps its topic.
"""

from __future__ import annotations

from collections.abc import Sequence

from knowledge.contrast import Token, sentence_ends
from knowledge.lexicon import QUESTION_WORDS
from knowledge.normalize import tokens as folded_words


def _folded(words: str) -> frozenset[str]:
    return frozenset(folded_words(words))


def _phrases(*phrases: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(folded_words(phrase)) for phrase in phrases)


# Written in natural spelling and folded as questions are.
_THANKS = _folded(
    "рахмет рахмат спасибо спасиб благодарю благодарим благодарна благодарен түсінікті понятно ясно"
)
_ACKNOWLEDGING_PHRASES = _phrases(
    "жақсы ғой", "бар екен", "оқыдым", "оқығанмын", "білемін", "білеміз",
)  # fmt: skip
# («читал» and «знаю» stay out: «хочу, чтобы читал книги», «не знаю, какие оценки».)
# A clause opening with one of these turns to the question.
_TURNS = _folded("ал а но однако сұрағым вопрос")
_NOW = "енди"
_TURN_AFTER_NOW = _folded("сұрағым сұрақ")  # «Енді сұрағым …»
# Phrases that dismiss the sentence they end.
_DISMISSING_PHRASES = _phrases(
    "не про это", "не об этом", "это другое", "это отдельный вопрос", "ол басқа",
    "бұл басқа", "ол бөлек", "бұл бөлек",
)  # fmt: skip
_MIN_OWN_THINGS = 2  # what the question names after the turn, to stand on its own
# The words this reader turns on: a text holding none of them has nothing set aside.
TRIGGERS = frozenset(
    (*_THANKS, *_TURNS, _NOW, *(p[0] for p in _ACKNOWLEDGING_PHRASES + _DISMISSING_PHRASES))
)


def set_aside_acknowledged(tokens: Sequence[Token]) -> set[int]:
    """The positions of the words of a part the message acknowledges before its question."""
    starts = _sentence_starts(tokens)
    for i in range(1, len(tokens)):
        if _turns(tokens, i):
            part = range(_start_before(starts, i), i)
            if _acknowledges(tokens, part) and _stands_alone(tokens, range(i, len(tokens))):
                return set(part)
        if (length := _dismisses(tokens, i)) and _sentence_ends_after(tokens, i + length):
            part = range(_start_before(starts, i), i + length)
            rest = [k for k in range(len(tokens)) if k not in part]
            if _stands_alone(tokens, rest):
                return set(part)
    return set()


def _sentence_starts(tokens: Sequence[Token]) -> list[int]:
    return [0, *(i for i in range(1, len(tokens)) if sentence_ends(tokens[i].gap))]


def _start_before(starts: list[int], i: int) -> int:
    return max(s for s in starts if s < i) if any(s < i for s in starts) else 0


def _turns(tokens: Sequence[Token], i: int) -> bool:
    """A clause opens at `i` with a turn: «…, ал …», «… . А …», «Енді сұрағым …»."""
    token = tokens[i]
    if not token.gap.strip(" "):
        return False  # no comma or full stop before it: not a clause of its own
    if token.folded == _NOW:
        return i + 1 < len(tokens) and tokens[i + 1].folded in _TURN_AFTER_NOW
    return token.folded in _TURNS


def _acknowledges(tokens: Sequence[Token], part: range) -> bool:
    if not part or _asks(tokens, part):
        return False
    folded = [tokens[k].folded for k in part]
    return not _THANKS.isdisjoint(folded) or any(
        _holds(folded, phrase) for phrase in _ACKNOWLEDGING_PHRASES
    )


def _dismisses(tokens: Sequence[Token], i: int) -> int:
    """The length of a dismissing phrase starting at `i`, or 0."""
    folded = [t.folded for t in tokens[i : i + 3]]
    for phrase in _DISMISSING_PHRASES:
        if tuple(folded[: len(phrase)]) == phrase:
            return len(phrase)
    return 0


def _sentence_ends_after(tokens: Sequence[Token], j: int) -> bool:
    """The phrase closes its clause («…, не про это. Почему …»), a word or two («ғой») at
    most after it."""
    return any(j + k >= len(tokens) or sentence_ends(tokens[j + k].gap) for k in range(2))


def _asks(tokens: Sequence[Token], part: range) -> bool:
    """A question word in the part, or a question mark after one of its words."""
    marks = [tokens[k].gap for k in range(part.start + 1, min(part.stop + 1, len(tokens)))]
    return any("?" in gap for gap in marks) or any(tokens[k].folded in QUESTION_WORDS for k in part)


def _stands_alone(tokens: Sequence[Token], rest: Sequence[int]) -> bool:
    own = [
        k
        for k in rest
        if not tokens[k].function and not tokens[k].verb and not tokens[k].folded.isdigit()
    ]
    return len(own) >= _MIN_OWN_THINGS


def _holds(folded: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(folded[k : k + n]) == phrase for k in range(len(folded) - n + 1))
