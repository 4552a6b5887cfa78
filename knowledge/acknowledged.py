"""The words of a topic a message acknowledges before it turns to its question.

«Мың бала олимпиадасы жақсы ғой, ал футбол құрамасы қашан ойнайды?» asks about football;
«Спасибо за бесплатное питание, а как оплатить коммуналку?» about utility bills;
«Тетради мы купили сами, я не об этом. Почему он в школе голодный?» about the meals. The
part that thanks for, praises, has read about or sets aside a topic says what the
question is not.

Only a clear turn sets it aside: thanks, «жақсы ғой», «бар екен», «оқыдым», «понятно»
(not a bare «жақсы», which judges the same topic: «Тамақ жақсы, ал порциясы аз») before a
clause opening with «ал», «а», «Енді сұрағым», «Тағы бір сұрақ»; or a phrase that
dismisses the sentence it closes («я не об этом», «ол басқа ғой»). «но», «однако» and
«бірақ» are concessive: what follows them complains about the same topic. A reviewer
fluent in Kazakh found where a parent asks about the acknowledged topic itself, and those
keep their words: the acknowledging part asks («Лагерь бар екен, ол тегін бе, ал …?»); it
is negated («түсінікті емес», «не понятно»), a wish («болса жақсы ғой») or the content
itself («Понятно, какие документы нужны…»); what follows refers back to it («оған»,
«туда», «для этого») or names fewer than two things of its own beyond a procedure's words
(a voucher, a certificate, a deadline, money: «…, ал жолдаманы қайдан аламыз?»).
"""

from __future__ import annotations

from collections.abc import Sequence

from knowledge.contrast import Token, sentence_ends
from knowledge.lexicon import QUESTION_PARTICLES, QUESTION_WORDS, folded_phrases, folded_set
from knowledge.normalize import tokens as folded_words

# Written in natural spelling and folded as questions are.
_ACKNOWLEDGING_PHRASES = folded_phrases((
    "рахмет", "рақмет", "рахмат", "спасибо", "спасиб", "спасибки", "спс", "благодарю",
    "благодарим", "благодарна", "благодарен", "алғыс айтамын", "түсінікті", "түсіндім",
    "понятно", "ясно", "жақсы ғой", "жақсы екен", "керемет екен", "бар екен", "оқыдым",
    "оқығанмын", "таныстым", "білемін", "білеміз", "мы знаем", "с этим разобрались",
    "уже получили", "уже оформили", "оны алдық", "шешілді",
))  # fmt: skip
# («читал» and «знаю» stay out: «хочу, чтобы читал книги», «не знаю, какие оценки».)
_CONDITIONAL_ENDINGS = ("са", "се")  # «болса жақсы ғой» wishes, it does not praise
_NEGATIONS_BEFORE = folded_set("не")
_NEGATIONS_AFTER = folded_set("емес")
# A clause opening with one of these turns to the question (matched as typed: «әл-ауқаты»
# and the interjection «ә» fold like «ал» and «а»).
_TURNS = frozenset(("ал", "а", "al", "a"))
_TURN_OPENERS = folded_set("енді тағы басқа сұрағым вопрос другой ещё")
_QUESTION_NOUNS = folded_set("сұрағым сұрақ вопрос")  # «Енді сұрағым», «Тағы бір сұрақ»
# Phrases that dismiss the sentence they close.
_DISMISSING_PHRASES = folded_phrases((
    "не про это", "не об этом", "это другое", "это отдельный вопрос", "вопрос не в этом",
    "дело не в этом", "речь не о том", "ол басқа", "бұл басқа", "ол бөлек", "бұл бөлек",
    "мәселе онда емес", "сұрағым ол емес", "оны кейін сұраймын",
))  # fmt: skip
# Words that point back at the acknowledged topic: the question is about it.
_BACK_REFERENCES = folded_set("оған оны соған онда соны туда его их там этого этому")
# A procedure's words name no topic of their own («…, ал жолдаманы қайдан аламыз?»).
_PROCEDURE_PREFIXES = tuple(
    folded_words(
        "жолдам анықтам құжат өтініш мерзім тіркел кезек ақы ақша путевк справк документ "
        "срок очеред деньг смен приз"
    )
)
_MIN_OWN_THINGS = 2  # what the question names after the turn, to stand on its own
# The words this reader turns on: a text holding none of them has nothing set aside.
TRIGGERS = frozenset(
    (*_TURNS, *_TURN_OPENERS, *(p[0] for p in _ACKNOWLEDGING_PHRASES + _DISMISSING_PHRASES))
)


def set_aside_acknowledged(tokens: Sequence[Token]) -> set[int]:
    """The positions of the words of a part the message acknowledges before its question."""
    starts = _sentence_starts(tokens)
    for i in range(1, len(tokens)):
        if _turns(tokens, i):
            part = range(_start_before(starts, i), i)
            rest = range(i, len(tokens))
            if _acknowledges(tokens, part) and _stands_alone(tokens, rest):
                return set(part)
        if (length := _dismisses(tokens, i)) and _closes_sentence(tokens, i + length):
            part = range(_start_before(starts, i), i + length)
            rest = range(i + length, len(tokens))
            if _stands_alone(tokens, rest):
                return set(part)
    return set()


def _sentence_starts(tokens: Sequence[Token]) -> list[int]:
    return [0, *(i for i in range(1, len(tokens)) if sentence_ends(tokens[i].gap))]


def _start_before(starts: list[int], i: int) -> int:
    return max(s for s in starts if s < i)


def _turns(tokens: Sequence[Token], i: int) -> bool:
    """A clause opens at `i` with a turn: «…, ал …», «… . А …», «Енді сұрағым …»."""
    token = tokens[i]
    gap = token.gap.strip(" ")
    if not gap or any(mark in gap for mark in "«»\"'"):
        return False  # no comma or full stop before it; or a class letter («2 «А» класс»)
    if i + 1 < len(tokens) and tokens[i + 1].gap.startswith("-"):
        return False  # «әл-Фараби»
    if token.folded in _TURN_OPENERS:
        return any(t.folded in _QUESTION_NOUNS for t in tokens[i + 1 : i + 3])
    return token.raw.lower() in _TURNS and not tokens[i - 1].folded.isdigit()


def _acknowledges(tokens: Sequence[Token], part: range) -> bool:
    if not part or _asks(tokens, part):
        return False
    return any(
        _acknowledgement_at(tokens, k, phrase)
        for k in part
        for phrase in _ACKNOWLEDGING_PHRASES
        if k + len(phrase) <= part.stop
    )


def _acknowledgement_at(tokens: Sequence[Token], k: int, phrase: tuple[str, ...]) -> bool:
    """The phrase stands at `k`, neither negated, nor a wish, nor followed by its content."""
    end = k + len(phrase)
    if tuple(t.folded for t in tokens[k:end]) != phrase:
        return False
    before = tokens[k - 1].folded if k > 0 else ""
    after = tokens[end].folded if end < len(tokens) else ""
    return not (
        before in _NEGATIONS_BEFORE
        or before.endswith(_CONDITIONAL_ENDINGS)
        or after in _NEGATIONS_AFTER
        or after in QUESTION_WORDS
    )


def _dismisses(tokens: Sequence[Token], i: int) -> int:
    """The length of a dismissing phrase starting at `i`, or 0; «это другое?» asks."""
    folded = tuple(t.folded for t in tokens[i : i + 4])
    for phrase in _DISMISSING_PHRASES:
        end = i + len(phrase)
        if folded[: len(phrase)] == phrase:
            asks = end < len(tokens) and (
                "?" in tokens[end].gap or tokens[end].folded in QUESTION_PARTICLES
            )
            return 0 if asks else len(phrase)
    return 0


def _closes_sentence(tokens: Sequence[Token], j: int) -> bool:
    """The phrase closes its sentence («…, не про это. Почему …»), a word («ғой») at most
    after it."""
    return any(j + k >= len(tokens) or sentence_ends(tokens[j + k].gap) for k in range(2))


def _asks(tokens: Sequence[Token], part: range) -> bool:
    """A question word in the part, or a question mark after one of its words."""
    marks = [tokens[k].gap for k in range(part.start + 1, min(part.stop + 1, len(tokens)))]
    return any("?" in gap for gap in marks) or any(tokens[k].folded in QUESTION_WORDS for k in part)


def _stands_alone(tokens: Sequence[Token], rest: range) -> bool:
    """What follows names two things of its own and does not point back at the part."""
    if any(tokens[k].folded in _BACK_REFERENCES for k in rest):
        return False
    own = [
        t
        for t in (tokens[k] for k in rest)
        if not t.function
        and not t.verb
        and not t.folded.isdigit()
        and not t.folded.startswith(_PROCEDURE_PREFIXES)
    ]
    return len(own) >= _MIN_OWN_THINGS
