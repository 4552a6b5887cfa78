"""Frames: a program's situation told in words that stand apart in one sentence.

A pupil writes «химия апайымыз интерактивті тақтаны әлі қоса алмайды», a parent «учитель
истории сам компьютер не знает и не может»: a teacher and what the teacher cannot do,
with any words between them. A concept phrase must stand nearly whole, so such a
sentence matched the subject or the device (a board, a computer) and not the teachers'
courses it is about. A frame (`[[frames]]` of concepts/<slug>.toml) lists slots of short
phrases; a sentence holding a phrase of every slot, in the slots' order, holds the
frame, and the question gains one word: the frame's own term, which only its program
holds. It weighs as a rare concept word, so the other words of the question still
decide between the frame's program and another.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import groupby

from knowledge.analysis import Word, words
from knowledge.domain import Frame

TERM_PREFIX = "frame:"
# A phrase word this long also meets the longer words it starts («апай» meets
# «апайымыз»): Kazakh endings follow the root. Shorter ones («не», «их») meet only
# themselves, and so does a word that already ends in a case or a past-tense ending
# («апайды» is not «апайдың», «алмады» not «алмадым»).
STARTS_FROM = 4
INFLECTED = ("ды", "ді", "ты", "ті", "ны", "ні", "ға", "ге", "қа", "ке")


# A phrase as its words: each folded, and whether it also meets longer words.
_Phrase = tuple[tuple[str, bool], ...]


def frame_term(slug: str, index: int) -> str:
    return f"{TERM_PREFIX}{slug}:{index}"


class FrameReader:
    """The frames of every program, as folded words, ready to find in a question."""

    def __init__(self, frames: Mapping[str, Sequence[Frame]]) -> None:
        self._terms: dict[str, tuple[str, ...]] = {}
        self._frames: list[tuple[str, tuple[tuple[_Phrase, ...], ...]]] = []
        for slug, program_frames in frames.items():
            self._terms[slug] = tuple(frame_term(slug, i) for i in range(len(program_frames)))
            for i, frame in enumerate(program_frames):
                slots = tuple(tuple(_parts(phrase) for phrase in slot) for slot in frame.slots)
                self._frames.append((frame_term(slug, i), slots))

    def terms_of(self, slug: str) -> tuple[str, ...]:
        """The terms of the program's frames: what its document holds for them."""
        return self._terms.get(slug, ())

    def present(self, all_words: Sequence[Word]) -> list[Word]:
        """One word per frame some sentence of the question holds (each frame once)."""
        if not self._frames:
            return []
        found: dict[str, Word] = {}
        for sentence, placed in groupby(all_words, key=lambda w: w.sentence):
            said = list(placed)
            for term, slots in self._frames:
                if term not in found and _holds_in_order(slots, said):
                    found[term] = _frame_word(term, sentence)
        return list(found.values())


def _parts(phrase: str) -> _Phrase:
    raw = phrase.lower().split()
    analysed = words(phrase)
    if len(raw) != len(analysed):  # punctuation or a number split it: no inflection read
        raw = [w.folded for w in analysed]
    return tuple(
        (w.folded, len(w.folded) >= STARTS_FROM and not typed.endswith(INFLECTED))
        for w, typed in zip(analysed, raw, strict=True)
    )


def _holds_in_order(slots: Sequence[Sequence[_Phrase]], said: Sequence[Word]) -> bool:
    """Whether a phrase of each slot stands in the sentence, each after the last one's end:
    the teacher first, then what the teacher cannot do («Балам оқи алмайды, мұғалім
    айтты» is the child's difficulty)."""
    start = 0
    for slot in slots:
        end = min((e for phrase in slot if (e := _end_of(phrase, said, start)) is not None),
                  default=None)  # fmt: skip
        if end is None:
            return False
        start = end
    return True


def _end_of(phrase: _Phrase, said: Sequence[Word], start: int) -> int | None:
    """Where the phrase's first whole occurrence from `start` on ends, if it stands there."""
    for at in range(start, len(said) - len(phrase) + 1):
        if all(_meets(part, said[at + j]) for j, part in enumerate(phrase)):
            return at + len(phrase)
    return None


def _meets(part: tuple[str, bool], word: Word) -> bool:
    folded, extends = part
    return any(
        reading == folded or (extends and reading.startswith(folded)) for reading in word.readings
    )


def _frame_word(term: str, sentence: int) -> Word:
    return Word(
        folded=term,
        terms=frozenset({term}),
        prefix="",
        function=False,
        place=False,
        small_talk=False,
        verb=False,
        readings=(term,),
        sentence=sentence,
    )
