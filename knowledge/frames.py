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

from collections import defaultdict
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
# A frame's phrase, keyed: (frame, slot, phrase).
_Slotted = tuple[int, int, _Phrase]


def frame_term(slug: str, index: int) -> str:
    return f"{TERM_PREFIX}{slug}:{index}"


class FrameReader:
    """The frames of every program, as folded words, ready to find in a question. Each
    phrase is keyed by its first word, so a question looks up its own words (and their
    beginnings) instead of trying every phrase at every place."""

    def __init__(self, frames: Mapping[str, Sequence[Frame]]) -> None:
        self._terms: dict[str, tuple[str, ...]] = {}
        self._frames: list[tuple[str, int]] = []  # each frame's term and its slots' count
        # A phrase's first word → (frame, slot, phrase); `_prefixed` holds those that also
        # meet longer words.
        self._exact: dict[str, list[_Slotted]] = defaultdict(list)
        self._prefixed: dict[str, list[_Slotted]] = defaultdict(list)
        for slug, program_frames in frames.items():
            self._terms[slug] = tuple(frame_term(slug, i) for i in range(len(program_frames)))
            for i, frame in enumerate(program_frames):
                f = len(self._frames)
                self._frames.append((frame_term(slug, i), len(frame.slots)))
                for k, slot in enumerate(frame.slots):
                    for phrase in map(_parts, slot):
                        first, extends = phrase[0]
                        self._exact[first].append((f, k, phrase))
                        if extends:
                            self._prefixed[first].append((f, k, phrase))

    def terms_of(self, slug: str) -> tuple[str, ...]:
        """The terms of the program's frames: what its document holds for them."""
        return self._terms.get(slug, ())

    def present(self, all_words: Sequence[Word]) -> list[Word]:
        """One word per frame some sentence of the question holds (each frame once)."""
        if not self._frames:
            return []
        found: dict[str, Word] = {}
        for sentence, placed in groupby(all_words, key=lambda w: w.sentence):
            spans = self._spans(list(placed))
            for f, (term, slots) in enumerate(self._frames):
                if term not in found and _in_order([spans.get((f, k), []) for k in range(slots)]):
                    found[term] = _frame_word(term, sentence)
        return list(found.values())

    def _spans(self, said: Sequence[Word]) -> dict[tuple[int, int], list[tuple[int, int]]]:
        """Where each (frame, slot) has a phrase standing whole: its start and end."""
        spans: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
        for at, word in enumerate(said):
            for reading in word.readings:
                candidates = list(self._exact.get(reading, ()))
                for cut in range(STARTS_FROM, len(reading)):
                    candidates += self._prefixed.get(reading[:cut], ())
                for f, k, phrase in candidates:
                    end = at + len(phrase)
                    if end <= len(said) and all(
                        _meets(part, said[at + j]) for j, part in enumerate(phrase[1:], 1)
                    ):
                        spans[(f, k)].append((at, end))
        return spans


def _parts(phrase: str) -> _Phrase:
    raw = phrase.lower().split()
    analysed = words(phrase)
    if len(raw) != len(analysed):  # punctuation or a number split it: no inflection read
        raw = [w.folded for w in analysed]
    return tuple(
        (w.folded, len(w.folded) >= STARTS_FROM and not typed.endswith(INFLECTED))
        for w, typed in zip(analysed, raw, strict=True)
    )


def _in_order(slots: Sequence[Sequence[tuple[int, int]]]) -> bool:
    """Whether a phrase of each slot stands in the sentence, each after the last one's end:
    the teacher first, then what the teacher cannot do («Балам оқи алмайды, мұғалім
    айтты» is the child's difficulty)."""
    start = 0
    for spans in slots:
        end = min((e for s, e in spans if s >= start), default=None)
        if end is None:
            return False
        start = end
    return True


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
