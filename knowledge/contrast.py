"""The words a contrast sets aside: «Университетке емес, колледжге» asks about a college,
«не игры, а программирование» about programming, «X туралы емес» not about X.

Only a contrast of two parallel things sets X aside. «емес» is most often the negative
predicate, and the comma after it starts the next clause about the same X («Автобус тегін
емес, ақша сұрайды», «Балам лагерьге барған емес, …»); «X емес пе» is a question, «тек X
емес» and «X қана емес» mean "not only X". In Russian «не» before a verb negates a clause
(«не дают питание, а в соседней школе дают»), and «а то», «а также» or a question word
after «а» start no contrast. Those keep their words."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from knowledge.lexicon import QUESTION_PARTICLES

_KAZAKH_LETTERS_RE = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_CLAUSE_BREAK_RE = re.compile(r"[,;:—–()\-.!?…\n]")
_SENTENCE_END_RE = re.compile(r"[.!?…\n]")

# Folded forms (Kazakh letters typed as Russian-keyboard letters: қ → к, ғ → г, і → и).
_NOT = "емес"
_ABOUT = frozenset(("туралы", "жонинде", "жонинен"))
_ONLY = frozenset(("гана", "кана", "тек", "жалгыз"))
_ONLY_REACH = 3  # «тек қана тамақ емес»: "not only" stands up to three words back
_BUT = frozenset(("бирак", "ал", "керисинше"))
# Words that make «емес» a predicate about the subject: free, bad, right, possible,
# needed, enough, less, more… («тегін емес», «жаман емес», «керек емес»).
_PREDICATES = frozenset(
    """
    тегин жаман жаксы дурыс мумкин миндетти киын онаи тусиникти анык белгили жеткиликти
    кем артык коп аз бекер сиякты секилди тиис жаилы унамды керек кажет ондаи сондаи
    мундаи бар жок
    """.split()
)
_PARTICIPLE_ENDINGS = ("ган", "ген", "кан", "кен", "атын", "етин", "итын", "итин")

# Russian «не X, а Y».
_NOT_RU = "не"
_BUT_RU = "а"
_RU_DEGREE = frozenset(
    "только лишь просто столько то совсем очень всегда везде все всех раз зря так".split()
)
_RU_NO_CONTRAST_AFTER_A = frozenset(
    """
    то также еще ещё вот если потом как где куда когда что почему сколько зачем кто какой
    какая какие можно
    """.split()
)
_RU_VERB_ENDINGS = tuple(
    """
    ть ти ться тся ю ешь ет ем ете ут ют ат ят ит им ите ишь ал ала ало али ил ила ило или
    ел ела ело ели ыл ыла ыли ся сь ется ются ится ятся
    """.split()
)
_RU_CONTRAST_MAX = 3  # «не X, а Y»: X is one to three words
# The words a contrast turns on: a text holding none of them has nothing set aside.
TRIGGERS = frozenset((_NOT, _NOT_RU, _BUT_RU))


@dataclass(frozen=True, slots=True)
class Token:
    raw: str  # as typed
    folded: str
    gap: str  # the text between the word before and this one
    verb: bool  # ends like a verb form
    function: bool  # says nothing of the program


def set_aside(tokens: Sequence[Token]) -> set[int]:
    """The positions of the words a contrast sets aside."""
    dropped: set[int] = set()
    for i, token in enumerate(tokens):
        if token.folded == _NOT:
            dropped |= _kazakh(tokens, i)
        elif token.folded == _NOT_RU:
            dropped |= _russian(tokens, i)
        elif token.folded == _BUT_RU:
            dropped |= _russian_but_not(tokens, i)
    return dropped


def sentence_ends(gap: str) -> bool:
    """Whether a sentence ends in the text between two words."""
    return bool(_SENTENCE_END_RE.search(gap))


def _breaks(gap: str) -> bool:
    return bool(_CLAUSE_BREAK_RE.search(gap))


def _kazakh(tokens: Sequence[Token], i: int) -> set[int]:
    """«X емес, Y» and «X туралы емес»."""
    n = len(tokens)
    if i == 0 or (i + 1 < n and tokens[i + 1].folded in QUESTION_PARTICLES):
        return set()
    last = i - 1
    about = tokens[last].folded in _ABOUT
    if about:
        last -= 1
    if last < 0:
        return set()
    word = tokens[last]
    if word.folded in _PREDICATES or word.verb or word.folded.endswith(_PARTICIPLE_ENDINGS):
        return set()
    reach = range(max(0, last - _ONLY_REACH + 1), i)
    if any(tokens[j].folded in _ONLY for j in reach):
        return set()
    if not about:
        after = tokens[i + 1] if i + 1 < n else None
        # «X емес, Y»; after «X емес, бірақ …» a clause about X goes on
        contrast = after is not None and _breaks(after.gap) and after.folded not in _BUT
        # Y: a content word after the break, in the same sentence
        continues = False
        for j in range(i + 1, n):
            if j > i + 1 and _SENTENCE_END_RE.search(tokens[j].gap):
                break
            if not tokens[j].function:
                continues = True
                break
        if not (contrast and continues):
            return set()
    # the word before it too, when it belongs to the same phrase («Алтын белгі емес»)
    before = last - 1
    if before >= 0 and not _breaks(tokens[last].gap) and not tokens[before].function:
        return {before, last}
    return {last}


def _russian_word(token: Token) -> bool:
    return not _KAZAKH_LETTERS_RE.search(token.raw)


def _russian(tokens: Sequence[Token], i: int) -> set[int]:
    """«не X, а Y»: X is a thing, not a verb («не дают …, а …» negates a clause)."""
    n = len(tokens)
    if i + 1 >= n:
        return set()
    first = tokens[i + 1]
    if (
        not _russian_word(first)
        or first.folded in _RU_DEGREE
        or first.verb
        or first.folded.endswith(_RU_VERB_ENDINGS)
    ):
        return set()
    for j in range(i + 2, min(i + 2 + _RU_CONTRAST_MAX, n)):
        if _SENTENCE_END_RE.search(tokens[j].gap):
            return set()
        if tokens[j].folded == _BUT_RU:
            after = tokens[j + 1].folded if j + 1 < n else ""
            if "," not in tokens[j].gap or after in _RU_NO_CONTRAST_AFTER_A or after == _NOT_RU:
                return set()
            return set(range(i + 1, j))
    return set()


def _russian_but_not(tokens: Sequence[Token], i: int) -> set[int]:
    """«Y, а не X»: only after Y in the same clause; «А не дадут …?» opening a question
    and «а не то» keep their words."""
    n = len(tokens)
    if i == 0 or i + 2 >= n or tokens[i + 1].folded != _NOT_RU:
        return set()
    if _SENTENCE_END_RE.search(tokens[i].gap) or tokens[i + 2].folded == "то":
        return set()
    if tokens[i + 2].verb or tokens[i + 2].folded.endswith(_RU_VERB_ENDINGS):
        return set()
    out = set()
    for j in range(i + 2, min(i + 4, n)):  # X: one or two words
        if j > i + 2 and _breaks(tokens[j].gap):
            break
        out.add(j)
    return out
