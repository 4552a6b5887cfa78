"""The answer engine: which program a question asks about, or an honest "I don't know".

Each active entry is one document whose fields (title, keywords, example questions, the
everyday concepts of knowledge/data/concepts, regional facts, answer) are analysed into
terms: every candidate stem of every word (see stem.py), Kazakh stems of Russian domain
words (lexicon.py, domain/russian.toml), a Russian word's own stem, and a prefix term per
word for truncated words and derivations. Neighbouring topics (knowledge/data/referrals)
are documents too, never answered as a program. Terms are weighted by BM25 with field
weights; among the best documents, one whose phrase (title, keyword, concept) stands
whole in the question scores more. A question word that matches no term is looked up by
edit distance among the index's words (typos); words typed without a space are split into
words the index knows.

The coverage of the best program is the share of the question's meaning it matches:
each content word weighs its IDF (a word the index never saw weighs as much as the
rarest term; everyday words of knowledge/data/domain/general.toml and the asker's own
child, «балам», weigh nothing). Among the five best, a program with a fact of the region
the question names scores more. A message of only the programs' own world («Мен
ата-анамын») is never answered with a program. A logistic model fitted on labelled
questions (bench/calibrate.py, stored in knowledge/data/domain/calibration.json) turns
coverage, margin, evidence, length, unmatched meaning, words of another world
(senses.toml), a referral topic's lead, the programs' own context words (context.toml)
and a figure question the program can answer into the probability that the best program
is right: the engine answers, asks back («Сіз «…» туралы сұрадыңыз ба?») or says it does
not know and offers suggestions. A second fitted model decides whether a neighbouring
topic is named instead. Greetings and thanks
are small talk. The work per message is bounded.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np
from rapidfuzz import fuzz, process

from knowledge.analysis import Word, splits, words
from knowledge.domain import Calibration, Domain, Referral, shipped_domain
from knowledge.facts import SCALE_WORDS, Question, counts_asked, read_words
from knowledge.frames import FrameReader
from knowledge.learned import TermModel
from knowledge.lexicon import (
    FUNCTION_WORDS,
    QUESTION_WORDS,
    SMALL_TALK,
    TOPIC_AFTER,
    TOPIC_BEFORE,
    asks_about_the_bot,
    is_complaint,
    not_understood,
    only_about_the_bot,
    signs_off,
    small_talk_slip,
    small_talk_topic,
    talks_to_the_bot,
    verbal_noun_root,
)
from knowledge.model import Entry
from knowledge.normalize import tokens
from knowledge.regions import NATIONWIDE, detect_region
from knowledge.scores import NO_POSTINGS, Postings, Totals, WordScores, best_of, postings
from knowledge.stem import SUFFIXES

Kind = Literal["answer", "unknown", "smalltalk", "empty", "referral"]

FIELD_WEIGHTS = {
    "title": 3.0,
    "keywords": 2.0,
    "questions": 1.0,
    "concepts": 1.5,
    "facts": 0.6,
    "answer": 0.4,
}
# How much a word matched in a field counts towards covering the question: the answer text
# is long and generic, so a word found only there is weak evidence. Concepts are the
# everyday words of a program's situation (knowledge/data/concepts): good, not exact.
FIELD_QUALITY = {
    "title": 1.0,
    "keywords": 1.0,
    "questions": 0.8,
    "concepts": 0.9,
    "facts": 0.6,
    "answer": 0.4,
}
PHRASE_FIELDS = frozenset({"title", "keywords", "concepts"})
REGION_BOOST = 0.5  # among the five best, a program with a fact of the region named
# Among the five best programs, each score grows by the term model's probability of it
# (×(1 + 4p)): where the index hesitates between neighbours, how people write decides
# (5-fold stacked on the fitting sets: the best program right 5 601 → 5 615 times at
# ×(1 + p), 5 613 at ×(1 + p/2); with session 13's sets, answered out of fold 6 934 at
# ×(1 + p), 6 938, 6 940 and 6 943 at 2p, 3p and 4p, as precisely; with session 14's,
# the best program right 7 968, 7 974 and 7 973 of 8 062 times over the best three, five
# and ten; answered 7 854 over the best three, 7 862 over the best five, as precisely).
LEARNED_RERANK = 4.0
LEARNED_RERANK_TOP = 5
REGION_TERM = "region:"  # the term model's term for the region a question names
PHRASE_BOOST = 0.3  # a document one of whose phrases stands whole scores this much more
NAME_BOOST = 0.3  # … and one whose own name (quoted in its title) the question names, more
PHRASE_CANDIDATES = 5  # the best documents checked for a whole phrase
PHRASE_MAX_WORDS = 4  # longer texts (a whole title) are not phrases a parent types
PREFIX_FACTOR = 0.6  # a prefix match counts less than a stem match
FUZZY_CUTOFF = 84.0  # rapidfuzz ratio for a typo of one word
FUZZY_MIN_LEN = 4
SPLIT_MIN_PART = 3  # the shortest word a run-together word is split into
VERB_FACTOR = 0.5
K1, B = 1.2, 0.5

# Calibrated on the question sets in tests/data (see tests/test_engine_quality.py).
ANSWER_CONFIDENCE = 0.7  # answer outright at or above this coverage …
LOW_CONFIDENCE = 0.5  # … or at or above this one when the best entry stands clear
CLEAR_MARGIN = 0.3  # relative score gap to the second entry that counts as clear
MIN_EVIDENCE = 1.5  # matched IDF mass: at least one distinctive word must match
# A long message tells a story around its question («Сәлеметсіз бе, ұлым 4-сыныпта…»), so
# its coverage is low by nature: it is answered when the best entry matches the meaning
# of about two distinctive words and stands clear of the next entry.
LONG_MESSAGE_WORDS = 6
LONG_MIN_EVIDENCE = 5.0
LONG_MARGIN = 0.2
# Other words allowed between two words of a phrase: any word for an other-world cue
# (checked on the question as written), a content word for a program's phrase (checked on
# the words that are ranked, particles and greetings left out).
PHRASE_GAP = 1
SENTENCE_SPACING = 1_000  # positions between sentences, far beyond PHRASE_GAP
SUGGEST_CONFIDENCE = 0.15
MAX_SUGGESTIONS = 3
TOP_RANKED = 10  # entries ranked per question: the answer, its rivals, the suggestions
WORD_CACHE_LIMIT = 50_000
# Bounds on the work one message may cost, whatever it holds (issue 11: a 4 096-character
# message of made-up words must not hold the event loop). Words past these bounds are not
# looked at; a typo search or a split past its budget is not tried.
MAX_WORDS = 64  # words analysed: the first and last 32 of a longer message
MAX_CONTENT_WORDS = 32  # distinct content words ranked
MAX_FUZZY_COMPARISONS = 20_000  # index words compared with typos, per message
MAX_SPLITS = 16  # words tried as two words typed without a space, per message


@dataclass(frozen=True, slots=True)
class Answer:
    query: str
    kind: Kind
    slug: str | None = None
    score: float = 0.0
    suggestions: tuple[str, ...] = ()
    region: str | None = None
    # Ask back: one program stands out but not clearly; it is the first suggestion and
    # the reply asks whether the user meant it.
    confirm: str | None = None
    topic: str | None = None  # kind "referral": the neighbouring topic

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "query": self.query,
            "slug": self.slug,
            "score": round(self.score, 3),
            "suggestions": list(self.suggestions),
            "region": self.region,
            "kind": self.kind,
        }
        if self.kind == "referral":
            data["topic"] = self.topic
        return data


# The features of the answer / ask-back / refuse decision, in the order calibration.json
# stores their weights (see `SearchIndex.features` and bench/calibrate.py).
FEATURES = (
    "coverage",  # share of the question's meaning the best program matches
    "margin",  # its relative lead over the second program
    "coverage_margin",  # its coverage minus the second program's (negative if that covers more)
    "evidence",  # log(1 + matched IDF mass)
    "length",  # log(1 + meaningful words)
    "unmatched",  # share of the question's meaning no document matches at all
    "foreign",  # a word of another world (price, sport, travel…) around the best program
    "referral",  # best referral topic's score relative to the best program's (≤ 2)
    "asks",  # a question mark or a question word
    "unknown_nouns",  # words no document knows that are not verb forms (≤ 3): another topic
    "context",  # a word of the programs' world: children, school, parents, teachers
    "figure_fits",  # asks how many of a named region, and the program counts just that there
    "learned",  # the term model's probability of the best program (knowledge/learned.py)
)


# The features of naming a neighbouring topic (a referral ranked first, or right after a
# program another world puts in doubt), in the order calibration.json stores them.
REFERRAL_FEATURES = (
    "coverage",  # share of the question's meaning the topic's cues match
    "evidence",  # log(1 + matched IDF mass)
    "lead",  # its score relative to the best program's (≤ 2; 2 when no program matches)
    "length",  # log(1 + meaningful words)
    "unmatched",  # share of the question's meaning no document matches
    "context",  # a word of the programs' world: children, school, parents, teachers
    "other_world",  # a cue of any other world (senses.toml): bills, weather, sport…
    "phrase",  # one of the topic's cue phrases («мектеп ауыстыру») stands whole in the question
    "program_coverage",  # share of the question the best program matches (0 when none does)
)


@dataclass(slots=True)
class _Budget:
    """What is left of one message's allowance of expensive look-ups."""

    comparisons: int = MAX_FUZZY_COMPARISONS
    splits: int = MAX_SPLITS
    exhausted: bool = False  # a look-up was skipped: its result must not be cached


@dataclass(slots=True)
class _Ranked:
    doc: int
    score: float
    coverage: float  # share of the question's meaning the entry matches, by match quality
    evidence: float  # the matched meaning itself: IDF mass × match quality
    phrase: bool = False  # one of its phrases stands whole in the question


def _entry_fields(entry: Entry) -> Iterable[tuple[str, str]]:
    """(field name, text) for every text of the entry."""
    yield "title", entry.title
    for keyword in entry.keywords:
        yield "keywords", keyword
    for question in entry.questions:
        yield "questions", question
    for fact in entry.regions:
        yield "facts", fact.text
    yield "answer", entry.answer


def _folded_terms(folded: str) -> frozenset[str]:
    analysed = words(folded)
    return analysed[0].terms if analysed else frozenset()


def _single_letters(folded: str) -> str:
    """The word with every doubled letter written once."""
    return "".join(ch for i, ch in enumerate(folded) if i == 0 or ch != folded[i - 1])


def _referral_fields(referral: Referral) -> list[tuple[str, str]]:
    return [("title", referral.title), *(("keywords", cue) for cue in referral.cues)]


def _asks(query: str, question_words: Sequence[Word]) -> bool:
    """A question mark, or a question word or particle."""
    return "?" in query or any(not QUESTION_WORDS.isdisjoint(w.readings) for w in question_words)


def _names_a_topic(question_words: Sequence[Word]) -> bool:
    """«Лагерь туралы», «про лагерь»: a word (no pronoun) made the subject of a request."""
    for i, word in enumerate(question_words):
        if i > 0 and not TOPIC_AFTER.isdisjoint(word.readings):
            subject = question_words[i - 1]
        elif i + 1 < len(question_words) and not TOPIC_BEFORE.isdisjoint(word.readings):
            subject = question_words[i + 1]
        else:
            continue
        if not subject.function and not subject.small_talk:
            return True
    return False


def _scale(word: Word) -> bool:
    """A word that only scales a figure («мың», «астам»): in a fact it says nothing of
    what the program is, and indexed it would make «Мың бала» common."""
    return word.folded.startswith(SCALE_WORDS)


def _cue_keys(word: Word) -> set[str]:
    """The terms a question word must carry to match a cue word: the cue word's dictionary
    form, a Russian word's stem, and a verbal noun's stem («рәсімдеу» → «рәсімде», which
    «рәсімдеймін» carries)."""
    keys = {word.folded, *(t for t in word.terms if t.startswith("ru:"))}
    if (root := verbal_noun_root(word.folded)) is not None:
        keys.add(root)
    return keys


_QUOTED_RE = re.compile(r"«([^«»]+)»")


def _own_names(entry: Entry | None) -> tuple[tuple[frozenset[str], ...], ...]:
    """The names an entry's title quotes, each as the terms of its words (numbers kept:
    «Табысты 50 мектеп»): a question word sharing a term names that word, inflected
    («Келешек мектебіне») or in Russian («школы Келешек»)."""
    if entry is None:
        return ()
    names = (
        tuple(w.terms for w in words(quoted) if _is_content(w))
        for quoted in _QUOTED_RE.findall(entry.title)
    )
    return tuple(name for name in names if 0 < len(name) <= PHRASE_MAX_WORDS)


def _names_in(own: Sequence[Sequence[frozenset[str]]], analysed: Sequence[Word]) -> bool:
    """Whether a text holds one of the program's own names whole."""
    present = [w.terms for w in analysed]
    return any(all(any(not keys.isdisjoint(t) for t in present) for keys in n) for n in own)


def _home(entry: Entry | None) -> str | None:
    """The region a program's title names, if any: a city's own project."""
    if entry is None:
        return None
    return detect_region([reading for w in words(entry.title) for reading in w.readings])


def _named_together(name: Sequence[frozenset[str]], positions: dict[str, list[int]]) -> bool:
    """Whether the name's words stand side by side in the question, in any order."""
    slots = [{p for key in keys for p in positions.get(key, ())} for keys in name]
    return any(
        all(start + i in slots[j] for i, j in enumerate(order))
        for start in set().union(*slots)
        for order in itertools.permutations(range(len(name)))
    )


def _check_calibration(calibration: Calibration | None) -> None:
    """A calibration fitted on other features than the engine computes is refused: a
    missing feature must not silently count as zero."""
    if calibration is None:
        return
    unknown = set(calibration.features) - set(FEATURES)
    unknown |= set(calibration.referral_features) - set(REFERRAL_FEATURES)
    if unknown:
        raise ValueError(
            f"calibration.json: unknown features {sorted(unknown)}; run make calibrate"
        )


def _placed(question_words: Sequence[Word]) -> Iterable[tuple[int, Word]]:
    """Each word with its position; a new sentence starts further on, so no phrase (a
    program's or another world's cue) reaches across a full stop."""
    for index, word in enumerate(question_words):
        yield index + word.sentence * SENTENCE_SPACING, word


def _positions(question_words: Sequence[Word]) -> dict[str, list[int]]:
    """Each term of the question's words → the positions of the words that carry it."""
    out: dict[str, list[int]] = defaultdict(list)
    for position, word in _placed(question_words):
        for term in word.terms:
            out[term].append(position)
    return out


def _starts(phrases: Sequence[tuple[frozenset[str], ...]]) -> dict[str, tuple[int, ...]]:
    """Each key of a phrase's first word → the phrases (their positions) it starts."""
    out: dict[str, list[int]] = defaultdict(list)
    for i, phrase in enumerate(phrases):
        for key in phrase[0]:
            out[key].append(i)
    return {key: tuple(at) for key, at in out.items()}


def _in_order(slots: Sequence[Iterable[int]]) -> bool:
    """Whether one question position can be picked per slot (the positions where a phrase's
    word stands), each after the one before with at most PHRASE_GAP words between."""
    reached = set(slots[0])
    for positions in slots[1:]:
        if not reached:
            return False
        reached = {p for p in positions if any(0 < p - q <= PHRASE_GAP + 1 for q in reached)}
    return bool(reached)


def _is_content(word: Word) -> bool:
    return not word.function and not word.place


def _content_words(all_words: Sequence[Word]) -> list[Word]:
    """The words that may say what a message is about: no function words or places, and
    no «мың», «млн» right after a number («66 мың ба?» is a figure, not «Мың бала»)."""
    return [
        w
        for i, w in enumerate(all_words)
        if _is_content(w)
        and not (i and _scale(w) and any(c.isdigit() for c in all_words[i - 1].folded))
    ]


def _example_key(text: str) -> str:
    """A question as its folded words: the same question however it is punctuated."""
    return " ".join(tokens(text))


def question_terms(meaningful: Sequence[Word], region: str | None) -> list[str]:
    """The terms of a question's meaningful words, and the region it names: what the term
    model reads (teachers' AI courses are Shymkent's own project there, a nationwide
    program elsewhere)."""
    terms = [term for word in _bounded(meaningful) for term in word.terms]
    return [*terms, REGION_TERM + region] if region else terms


def _bounded(question_words: Sequence[Word]) -> list[Word]:
    """At most MAX_CONTENT_WORDS words: the first and the last halves of a longer list.
    A repeated word still counts each time (it stresses the topic)."""
    if len(question_words) <= MAX_CONTENT_WORDS:
        return list(question_words)
    half = MAX_CONTENT_WORDS // 2
    return [*question_words[:half], *question_words[len(question_words) - half :]]


@dataclass(slots=True)
class _Doc:
    """One indexed document: an entry or a referral topic, with what it adds to the index."""

    key: str  # the slug; referral topics sort after every slug («~» + topic)
    entry: Entry | None
    referral: Referral | None
    length: float
    terms: dict[str, tuple[float, float]]  # term → (weighted frequency, best field quality)
    surfaces: frozenset[str]  # the folded words as written, for typos and splitting
    # Its phrases of two or more words (title, keywords, concepts), each word as the keys a
    # question word must carry (see `_cue_keys`): a phrase standing whole in a question
    # («түскі ас», «мектеп автобусы») is stronger evidence than its words apart.
    phrases: tuple[tuple[frozenset[str], ...], ...] = ()
    name_terms: frozenset[str] = frozenset()  # the terms of its one-word keywords («колледж»)
    # The program's own names, quoted in its title («Келешек мектептері», «Жас маман»), each
    # word as its terms; named in any order («школы Келешек»).
    own_names: tuple[tuple[frozenset[str], ...], ...] = ()
    home: str | None = None  # the region its own name names («Shymkent Bilim Hub»)
    examples: frozenset[str] = frozenset()  # its example questions, as `_example_key`s
    # A key of a phrase's first word → the phrases that start with it: a question checks
    # only the phrases whose first word it holds, not the thousands of a program's.
    phrase_starts: dict[str, tuple[int, ...]] = field(default_factory=dict)


class SearchIndex:
    """Built from the active entries and the domain's referral topics. An admin's edit
    updates the index for that entry only (`upsert`, `remove`): its postings change, and
    BM25 weights, which depend on every document, are recomputed per term when a question
    next needs them. Answers after any edits equal those of a fresh build."""

    def __init__(self, entries: Sequence[Entry], domain: Domain | None = None) -> None:
        self.domain = shipped_domain() if domain is None else domain
        _check_calibration(self.domain.calibration)
        self.referrals: list[Referral] = list(self.domain.referrals)
        self._docs: dict[int, _Doc] = {}
        self._doc_of: dict[str, int] = {}  # slug → doc id
        self._next_doc = 0
        self._tf: dict[str, dict[int, float]] = {}
        self._quality: dict[str, dict[int, float]] = {}
        self._surface_count: dict[str, int] = defaultdict(int)  # folded word → documents
        self._name_count: dict[str, int] = defaultdict(int)  # a one-word keyword's term → entries
        self._examples: dict[str, set[int]] = defaultdict(set)  # an example question → docs
        self._homes: dict[int, str] = {}  # doc → the region its own name names, if any
        # Typos rarely hit the first letter: search only the words that start alike,
        # sorted by length (then spelling), so a typo search compares only words of a
        # length that can reach the cutoff.
        self._surface_by_initial: dict[str, list[str]] = defaultdict(list)
        self._initial_lengths: dict[str, list[int]] = defaultdict(list)
        self._build_cues()
        self._frames = FrameReader(self.domain.frames)
        for referral in self.referrals:
            self._add(_referral_fields(referral), "~" + referral.topic, None, referral)
        for entry in entries:
            if entry.active and entry.slug not in self._doc_of:
                self._add(self._entry_fields(entry), entry.slug, entry, None)
        self._refresh()

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, slug: str) -> Entry | None:
        doc = self._doc_of.get(slug)
        return self._docs[doc].entry if doc is not None else None

    # -- an admin's edit ------------------------------------------------------------
    def upsert(self, entry: Entry) -> None:
        """The entry added, changed or (retired) removed: only its postings change."""
        self._drop(entry.slug)
        if entry.active:
            self._add(self._entry_fields(entry), entry.slug, entry, None)
        self._refresh()

    def remove(self, slug: str) -> None:
        self._drop(slug)
        self._refresh()

    def sync(self, entries: Sequence[Entry]) -> int:
        """Bring the index to `entries` (the knowledge base as stored) by re-indexing only
        the entries that differ; returns how many changed."""
        wanted = {e.slug: e for e in entries if e.active}
        changed = [e for slug, e in wanted.items() if self.get(slug) != e]
        gone = [slug for slug in self._doc_of if slug not in wanted]
        for slug in gone:
            self._drop(slug)
        for entry in changed:
            self._drop(entry.slug)
            self._add(self._entry_fields(entry), entry.slug, entry, None)
        if changed or gone:
            self._refresh()
        return len(changed) + len(gone)

    # -- building -------------------------------------------------------------------
    def _entry_fields(self, entry: Entry) -> list[tuple[str, str]]:
        fields = list(_entry_fields(entry))
        fields += [("concepts", text) for text in self.domain.concepts.get(entry.slug, ())]
        return fields

    def _add(
        self,
        fields: Sequence[tuple[str, str]],
        key: str,
        entry: Entry | None,
        referral: Referral | None,
    ) -> None:
        terms: dict[str, tuple[float, float]] = {}
        length = 0.0
        surfaces: set[str] = set()
        phrases: set[tuple[frozenset[str], ...]] = set()
        names: set[str] = set()
        own = _own_names(entry)
        own_terms: frozenset[str] = frozenset().union(*(keys for n in own for keys in n))
        for name, text in fields:
            weight, field_quality = FIELD_WEIGHTS[name], FIELD_QUALITY[name]
            analysed = words(text)
            # The program's own name repeated outside its title («Жас маман жобасы», «Jas
            # maman» in keywords, questions, facts) counts once, in the title: its words are
            # everyday words («маман», «мектеп») that must not weigh by how often the name
            # is written.
            renamed = name != "title" and _names_in(own, analysed)
            if name == "keywords" and entry is not None and len(analysed) == 1:
                names |= analysed[0].terms
            if name in PHRASE_FIELDS:
                # A number is a word of a topic's cue («1-сынып», «6 жас»), not of a
                # program's phrase, where it is a year or a count.
                phrase = tuple(
                    frozenset(_cue_keys(w))
                    for w in analysed
                    if _is_content(w) and (referral is not None or not w.folded.isdigit())
                )
                # A whole title of eight words is never typed; its short phrases are.
                if 2 <= len(phrase) <= PHRASE_MAX_WORDS:
                    phrases.add(phrase)
            for word in analysed:
                if not _is_content(word) or (name == "facts" and _scale(word)):
                    continue
                if renamed and not own_terms.isdisjoint(word.terms):
                    continue
                surfaces.add(word.folded)
                length += weight
                for term in [*word.terms, word.prefix] if word.prefix else word.terms:
                    f, q = terms.get(term, (0.0, 0.0))
                    terms[term] = (f + weight, max(q, field_quality))
        if entry is not None:
            # The program's frames (knowledge/frames.py): a term each, weighed as a concept.
            for term in self._frames.terms_of(entry.slug):
                length += FIELD_WEIGHTS["concepts"]
                terms[term] = (FIELD_WEIGHTS["concepts"], FIELD_QUALITY["concepts"])
        doc = self._next_doc
        self._next_doc += 1
        examples = frozenset(_example_key(q) for q in entry.questions) if entry else frozenset()
        kept = tuple(phrases)
        self._docs[doc] = _Doc(
            key, entry, referral, length, terms, frozenset(surfaces), kept,
            frozenset(names), _own_names(entry), _home(entry), examples - {""}, _starts(kept),
        )  # fmt: skip
        for example in examples - {""}:
            self._examples[example].add(doc)
        if (home := self._docs[doc].home) is not None:
            self._homes[doc] = home
        for term in names:
            self._name_count[term] += 1
        if entry is not None:
            self._doc_of[entry.slug] = doc
        for term, (f, q) in terms.items():
            self._tf.setdefault(term, {})[doc] = f
            self._quality.setdefault(term, {})[doc] = q
        for surface in surfaces:
            self._surface_count[surface] += 1
            if self._surface_count[surface] == 1:
                initial = surface[0]
                at = bisect.bisect(
                    self._surface_by_initial[initial], (len(surface), surface),
                    key=lambda s: (len(s), s),
                )  # fmt: skip
                self._surface_by_initial[initial].insert(at, surface)
                self._initial_lengths[initial].insert(at, len(surface))

    def _drop(self, slug: str) -> None:
        doc = self._doc_of.pop(slug, None)
        if doc is None:
            return
        removed = self._docs.pop(doc)
        self._homes.pop(doc, None)
        for example in removed.examples:
            self._examples[example].discard(doc)
            if not self._examples[example]:
                del self._examples[example]
        for term in removed.name_terms:
            self._name_count[term] -= 1
            if not self._name_count[term]:
                del self._name_count[term]
        for term in removed.terms:
            for table in (self._tf, self._quality):
                postings = table[term]
                del postings[doc]
                if not postings:
                    del table[term]
        for surface in removed.surfaces:
            self._surface_count[surface] -= 1
            if self._surface_count[surface] == 0:
                del self._surface_count[surface]
                initial = surface[0]
                at = bisect.bisect_left(
                    self._surface_by_initial[initial], (len(surface), surface),
                    key=lambda s: (len(s), s),
                )  # fmt: skip
                del self._surface_by_initial[initial][at], self._initial_lengths[initial][at]

    def _refresh(self) -> None:
        """What depends on every document: counts, average length, order, caches."""
        self._n_docs = len(self._docs)
        total = math.fsum(d.length for d in self._docs.values())  # exact: order-independent
        self._average = (total / max(self._n_docs, 1)) or 1.0
        self._unknown_idf = self._idf(1)
        # Ties go to the key first in order (slugs, then referral topics), as listed.
        ordered = sorted(self._docs, key=lambda d: self._docs[d].key)
        self._tiebreak = {doc: -i for i, doc in enumerate(ordered)}
        self.entries = [e for d in ordered if (e := self._docs[d].entry) is not None]
        self._position = {self._doc_of[e.slug]: i for i, e in enumerate(self.entries)}
        self._lengths = np.zeros(self._next_doc, dtype=np.float64)
        for doc, indexed in self._docs.items():
            self._lengths[doc] = indexed.length
        # A term's BM25 and match quality per document, filled on demand.
        self._weights: dict[str, tuple[Postings, Postings]] = {}
        # Common words (the expensive ones, with long postings) recur across questions.
        self._matches_cache: dict[Word, WordScores] = {}

    def _term_weights(self, term: str) -> tuple[Postings, Postings]:
        """BM25 weight of a term per document, and its match quality there (computed once
        per version of the index)."""
        weights = self._weights.get(term)
        if weights is None:
            by_doc = self._tf[term]
            tf = postings(by_doc)
            idf, f = self._idf(len(by_doc)), tf.values
            length = self._lengths[tf.docs]
            bm25 = idf * f * (K1 + 1) / (f + K1 * (1 - B + B * length / self._average))
            quality = self._quality[term]
            matched = np.fromiter((quality[d] for d in by_doc), np.float64, len(by_doc))
            weights = self._weights[term] = (
                Postings(tf.docs, bm25),
                Postings(tf.docs, matched),
            )
        return weights

    def _maybe_known(self, folded: str) -> bool:
        """Whether a half of a run-together word may be a known word: checked before the
        half is analysed, which is what splitting costs."""
        return folded in self._surface_count or folded in FUNCTION_WORDS or folded in SMALL_TALK

    def _build_cues(self) -> None:
        # Phrase groups: the cues of each other world (senses.toml), in order, then the
        # words of the programs' own world (context.toml).
        groups = [world.cues for world in self.domain.worlds]
        groups.append(self.domain.context)
        self._context_group = len(groups) - 1
        # Groups that are no other world to a referral: the programs' own and the
        # neighbouring topics' own worlds.
        self._no_other_world = {self._context_group} | {
            g for g, world in enumerate(self.domain.worlds) if world.neighbour
        }
        # key → (group, phrase, position of the word in the phrase). A phrase word is keyed
        # by its dictionary form, never by a shorter candidate stem: «жұмыссыз»
        # (unemployed) must not fire on «жұмыс» (work).
        self._cue_terms: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
        self._cue_sizes: dict[tuple[int, int], int] = {}
        for g, phrases in enumerate(groups):
            for c, phrase in enumerate(phrases):
                cue_words = words(phrase)
                self._cue_sizes[(g, c)] = len(cue_words)
                for i, word in enumerate(cue_words):
                    for key in _cue_keys(word):
                        self._cue_terms[key].append((g, c, i))
        # The words of the programs' own world: a message of only these and numbers
        # («Мен ата-анамын», «Я родитель») names no program's topic.
        # Dictionary forms only: a Russian stem of a Kazakh word («бала» → «бал») would
        # make «балы» (marks) a word of the programs' world. A Russian context word
        # reaches them through its Kazakh translation («школе» → «мектеп»).
        self._context_keys = frozenset(
            key
            for phrase in self.domain.context
            for w in words(phrase)
            for key in _cue_keys(w)
            if not key.startswith("ru:")
        )

    # -- matching one question word -------------------------------------------------
    def _word_matches(self, word: Word, budget: _Budget) -> WordScores:
        cached = self._matches_cache.get(word)
        if cached is None:
            budget.exhausted = False
            cached = self._match_word(word, budget)
            if not budget.exhausted:
                if len(self._matches_cache) >= WORD_CACHE_LIMIT:
                    self._matches_cache.clear()
                self._matches_cache[word] = cached
        return cached

    def _match_word(self, word: Word, budget: _Budget) -> WordScores:
        """The word's weight in the question; per entry, its BM25 contribution and how well
        the entry matches it (field quality × exactness)."""
        tf = self._tf
        found = [t for t in word.terms if t in tf]
        if not found and word.folded.isdigit():
            # An age, a grade, a count no entry holds: not a topic.
            return WordScores(0.0, NO_POSTINGS, NO_POSTINGS)
        factor = 1.0
        if not found and (single := _single_letters(word.folded)) != word.folded:
            # A key pressed twice («құжатт», «автобуссы»): the word with single letters.
            found = [t for t in _folded_terms(single) if t in tf]
        if not found and word.prefix in tf:
            found, factor = [word.prefix], PREFIX_FACTOR
        if not found and len(word.folded) >= FUZZY_MIN_LEN:
            found, factor = self._typo_terms(word.folded, budget)
        if not found:
            # An unknown noun likely names another topic; a verb form (беріледі,
            # қарастырылған) is mostly how the question is asked, and weighs less.
            weight = self._unknown_idf * (VERB_FACTOR if word.verb else 1.0)
            return WordScores(weight, NO_POSTINGS, NO_POSTINGS)
        if len(found) > 1:
            # A stem most entries hold («оқу» of «канцтовары» → «оқу құралдары») says
            # nothing and would sink the word's weight: the word matches by the others.
            specific = [t for t in found if 2 * len(tf[t]) <= self._n_docs]
            if specific:
                found = specific
        if len(found) == 1 and factor == 1.0:  # the common case: share the postings as is
            contribution, matched = self._term_weights(found[0])
        else:
            both = [self._term_weights(term) for term in found]
            contribution = best_of([c for c, _ in both], factor)
            matched = best_of([m for _, m in both], factor)
        # The word weighs as much as it discriminates: by the number of entries it matches
        # through any of its stems, not by its rarest candidate stem.
        weight = self._idf(len(matched.docs)) * (VERB_FACTOR if word.verb else 1.0)
        return WordScores(weight, contribution, matched)

    def _idf(self, df: int) -> float:
        n = max(self._n_docs, 1)
        return math.log(1.0 + (n - df + 0.5) / (df + 0.5))

    def _typo_terms(self, folded: str, budget: _Budget) -> tuple[list[str], float]:
        surfaces = self._surface_by_initial.get(folded[0], [])
        lengths = self._initial_lengths.get(folded[0], [])
        # ratio = 2·common / (len₁ + len₂) reaches the cutoff only for close lengths.
        c = FUZZY_CUTOFF / 100.0
        lo = bisect.bisect_left(lengths, math.ceil(len(folded) * c / (2 - c)))
        hi = bisect.bisect_right(lengths, int(len(folded) * (2 - c) / c))
        if hi - lo > budget.comparisons:
            budget.exhausted = True
            return [], 1.0
        budget.comparisons -= hi - lo
        candidates = surfaces[lo:hi]
        hits = process.extract(
            folded, candidates, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=3
        )
        if not hits:
            return [], 1.0
        best = hits[0][1]
        # The folded form's own analysis (the same whichever entry wrote it first), as far
        # as the index holds its terms.
        tf = self._tf
        terms = {
            t for text, score, _ in hits if score == best for t in _folded_terms(text) if t in tf
        }
        return sorted(terms), best / 100.0

    def _known(self, word: Word) -> bool:
        """A function word, or a word as it is written somewhere in the index."""
        if len(word.folded) < SPLIT_MIN_PART:
            return False
        return word.function or word.small_talk or word.folded in self._surface_count

    def _halves(self, left: Word, right: Word) -> bool:
        """Two words a run-together word may be made of: both known, at least one of them
        content, and the second not a bare ending (боламын is бола+мын, «I will be», not
        бола + мың «thousand»)."""
        return (
            self._known(left)
            and self._known(right)
            and right.folded not in SUFFIXES
            and (_is_content(left) or _is_content(right))
        )

    def _function_pair(self, left: Word, right: Word) -> bool:
        """Two function words typed as one, the second not a bare ending."""
        return left.function and right.function and right.folded not in SUFFIXES

    def _separate(
        self, question_words: Sequence[Word], budget: _Budget | None = None
    ) -> list[Word]:
        """Words typed without a space between them, split where both halves are known;
        every other word as it is."""
        budget = budget or _Budget()
        out: list[Word] = []
        for word in question_words:
            exact = any(term in self._tf for term in word.terms)
            if len(word.folded) >= 2 * SPLIT_MIN_PART and not exact and budget.splits > 0:
                budget.splits -= 1
                pairs = splits(word, SPLIT_MIN_PART, self._maybe_known)
                pair = next((p for p in pairs if self._halves(*p)), None)
                if pair is not None:
                    out.extend(w for w in pair if _is_content(w))
                    continue
                if any(self._function_pair(*p) for p in pairs):
                    continue  # «алуүшін», «әлібар»: two function words weigh nothing
            out.append(word)
        return out

    # -- the question ---------------------------------------------------------------
    def rank(
        self, question_words: Sequence[Word], top: int = TOP_RANKED, budget: _Budget | None = None
    ) -> list[_Ranked]:
        """The `top` best entries for the words, best first."""
        return self._rank(question_words, top, budget or _Budget())[0]

    def _rank(
        self,
        question_words: Sequence[Word],
        top: int,
        budget: _Budget,
        region: str | None = None,
        by_name: bool = True,
    ) -> tuple[list[_Ranked], float, int]:
        """The `top` best documents, the share of the meaning no document matches, and how
        many of the words no document knows are not verb forms. `by_name`: whether a
        program the question names by its own name scores more (not when it asks for a
        figure, which may be another program's: teachers trained under «Табысты 50
        мектеп» are counted by the teachers' courses)."""
        sums = Totals(self._next_doc)
        mass = unmatched = 0.0
        unknown_nouns = 0
        for word in _bounded(question_words):
            scores = self._word_matches(word, budget)
            mass += scores.weight
            if not len(scores.matched.docs):
                unmatched += scores.weight
                unknown_nouns += not word.verb and scores.weight > 0.0
            sums.add(scores)
        if mass == 0.0:
            return [], 0.0, unknown_nouns
        totals, covered = sums.scores, sums.covered
        # The same order as the ranking, so an edited index checks the same documents. The
        # boosts below change only the checked documents, so the `top` best after them
        # stand among the checked and the `top` next.
        positions = _positions(question_words)
        phrased: set[int] = set()
        reach = sums.best(PHRASE_CANDIDATES + top, self._tiebreak)
        for doc in reach[:PHRASE_CANDIDATES]:
            if self._phrase_stands(doc, positions):
                phrased.add(doc)
                totals[doc] *= 1.0 + PHRASE_BOOST
            if by_name and any(_named_together(n, positions) for n in self._docs[doc].own_names):
                totals[doc] *= 1.0 + NAME_BOOST
            if region is not None and self._serves(doc, region):
                totals[doc] *= 1.0 + REGION_BOOST
            elif region is not None and self._docs[doc].home not in (None, region):
                totals[doc] *= 1.0 - REGION_BOOST  # another city's own project
        best = sums.ordered(reach, self._tiebreak)[:top]
        ranked = [
            _Ranked(
                doc,
                float(totals[doc]),
                float(covered[doc]) / mass,
                float(covered[doc]),
                doc in phrased,
            )
            for doc in best
        ]
        return ranked, unmatched / mass, unknown_nouns

    def _serves(self, doc: int, region: str) -> bool:
        """Whether the program has a fact of the region (its figures or its own work there)."""
        entry = self._docs[doc].entry
        return entry is not None and any(fact.region == region for fact in entry.regions)

    def _phrase_stands(self, doc: int, positions: dict[str, list[int]]) -> bool:
        """Whether one of the document's phrases stands in the question (`positions`: each
        term of the question's words → where it stands): its words in order, at most
        PHRASE_GAP other content words between two of them."""
        present = positions.keys()
        indexed = self._docs[doc]
        starting = {i for key in present for i in indexed.phrase_starts.get(key, ())}
        return any(
            _in_order([[p for key in keys for p in positions.get(key, ())] for keys in phrase])
            for phrase in map(indexed.phrases.__getitem__, starting)
            # Most phrases miss a word: checked first with set operations, cheaply.
            if all(not present.isdisjoint(keys) for keys in phrase[1:])
        )

    def rank_text(self, query: str, top: int = TOP_RANKED) -> list[_Ranked]:
        """Entries ranked for a text, best first (for admins linking a question)."""
        content = [w for w in words(query, MAX_WORDS) if _is_content(w) and not w.small_talk]
        ranked = [r for r in self.rank(content, top + len(self.referrals)) if self._is_entry(r)]
        # Positions in `entries`, which is what callers index.
        return [_Ranked(self._position[r.doc], r.score, r.coverage, r.evidence) for r in ranked][
            :top
        ]

    def _is_entry(self, ranked: _Ranked) -> bool:
        return self._docs[ranked.doc].entry is not None

    def _slug(self, ranked: _Ranked) -> str:
        entry = self._docs[ranked.doc].entry
        assert entry is not None
        return entry.slug

    def _referral_of(self, ranked: _Ranked) -> Referral:
        referral = self._docs[ranked.doc].referral
        assert referral is not None
        return referral

    def _groups_present(self, all_words: Sequence[Word]) -> set[int]:
        """The phrase groups (see `_build_cues`) one of whose phrases stands in the
        question: its words in order, at most one other word between two of them
        («мектепті үздік бітірсе» holds «мектеп бітіру»; «мектепте спорт» is not «спорт
        мектебі»)."""
        # (group, phrase) → position in the phrase → positions in the question
        at: dict[tuple[int, int], dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
        for position, word in _placed(all_words):
            for term in word.terms:
                for g, c, i in self._cue_terms.get(term, ()):
                    at[(g, c)][i].add(position)
        present: set[int] = set()
        for (g, c), where in at.items():
            if g in present or len(where) < self._cue_sizes[(g, c)]:
                continue
            if _in_order([where[i] for i in range(self._cue_sizes[(g, c)])]):
                present.add(g)
        return present

    def _figure_fits(self, best: _Ranked, question: Question) -> bool:
        """A figure question («Жамбылда қанша колледж студенті…», «елімізде неше…») whose
        region, or the whole country, the best program has a figure of the asked subject
        for: the knowledge base holds just that."""
        entry = self._docs[best.doc].entry
        if entry is None:
            return False
        where = question.region or (NATIONWIDE if question.nationwide else None)
        return (
            where is not None
            and question.asks_figure
            and any(
                fact.region == where and counts_asked(question, fact.text) for fact in entry.regions
            )
        )

    def _read(
        self, query: str, budget: _Budget | None = None
    ) -> tuple[list[Word], str | None, list[Word], list[Word]]:
        """A message's words, the region it names, its content words (words typed together
        split) and the meaningful ones among them (not small talk)."""
        budget = budget or _Budget()
        all_words = words(query, MAX_WORDS)
        region = detect_region([reading for w in all_words for reading in w.readings])
        content = self._with_small_talk_slips(
            self._separate(_content_words(all_words), budget), budget
        )
        meaningful = [w for w in content if not w.small_talk]
        return all_words, region, content, meaningful + self._frames.present(all_words)

    def _with_small_talk_slips(self, content: list[Word], budget: _Budget) -> list[Word]:
        """A small-talk word typed with one slip («Извиниете», «Мерекеңізбенн») is small
        talk, in a message no other word of which an entry knows: beside a question's
        words it may be one of them («Хорошую школу посоветуйте» is not «хорошо»)."""
        if not any(not w.small_talk and small_talk_slip(w.folded) for w in content):
            return content  # the common case: no word is one slip from small talk
        unknown = [
            not w.small_talk and not len(self._word_matches(w, budget).matched.docs)
            for w in content
        ]
        if any(not w.small_talk and not u for w, u in zip(content, unknown, strict=True)):
            return content
        return [
            replace(w, small_talk=True) if u and small_talk_slip(w.folded) else w
            for w, u in zip(content, unknown, strict=True)
        ]

    def answer(self, query: str) -> Answer:
        budget = _Budget()
        model = self.domain.term_model
        all_words, region, content, meaningful = self._read(query, budget)
        if not all_words:
            return Answer(query, "empty", region=region)
        if not meaningful:
            # Only polite words, or a question about the bot or not having understood it in
            # function words alone («Сізден не сұрауға болады?», «Түсінбедім»); a place name
            # or a particle alone («Алматы», «Жоқ») is not a greeting.
            polite = (
                content
                or any(w.small_talk for w in all_words)
                or asks_about_the_bot(query)
                or not_understood(query)
            )
            kind: Kind = "smalltalk" if polite else "unknown"
            return Answer(query, kind, region=region)
        if (
            is_complaint(query)
            or (
                len(meaningful) == 1 and asks_about_the_bot(query) and not _names_a_topic(all_words)
            )
            or (signs_off(query) and not _asks(query, all_words))
            or only_about_the_bot(query, (w.folded for w in meaningful))
        ):
            # «Жауабың қате», «Ответь нормально»: about the last answer, not a question;
            # «Сіз роботсыз ба?»: about the bot, though «робот» is a STEM word (so is a
            # message all of whose words say so: «Орысша жазсам бола ма?»); «Қазір
            # уақытым жоқ, кейін жазамын»: a farewell, though «уақыт» is a club's word.
            return Answer(query, "smalltalk", region=region)
        example = self._examples.get(_example_key(query))
        if example is not None and len(example) == 1:
            # An admin kept this very question as a program's example: it is answered.
            (doc,) = example
            return Answer(query, "answer", self._docs[doc].key, 1.0, (), region)
        question = read_words(all_words, region)
        found, unmatched, unknown = self._rank(
            meaningful, TOP_RANKED + len(self.referrals), budget, region, not question.asks_figure
        )
        polite = any(w.small_talk for w in content)  # a greeting or thanks beside it
        learned = self._learned(model, meaningful, region)
        ranked = self._relearned([r for r in found if self._is_entry(r)][:TOP_RANKED], learned)
        if not found:
            talk = polite or talks_to_the_bot(query)
            return Answer(query, "smalltalk" if talk else "unknown", region=region)
        features = self._features(
            query, all_words, meaningful, found, ranked, unmatched, unknown, question, learned
        )
        decision = self._decide(features, ranked)
        confident = decision == "answer"
        # «Рахмет, көп көмектестіңіз», «Спасибо за помощь»: beside thanks or a greeting,
        # a single other word is not a question; nor are thanks, a goodbye or rudeness
        # that ask nothing («Рахмет, жауабыңыз пайдалы болды»). A greeting before a real
        # question is a question.
        if (
            polite
            and not _names_a_topic(all_words)
            and (
                len({w.folded for w in meaningful}) == 1  # one word, maybe repeated («көп-көп»)
                or (
                    not confident
                    and small_talk_topic(query) != "greeting"
                    and not _asks(query, all_words)
                )
            )
        ):
            return Answer(query, "smalltalk", region=region)
        # Checked before a request to the bot, which may precede the question («Қайта
        # айтшы, ҰБТ қашан?»).
        candidate = self._referral_candidate(found, bool(features["foreign"]))
        # A topic ranked above every program is named when its model says so, even
        # beside a confident program («1-сыныпқа қабылдау» is not a college's admission).
        if (
            candidate is not None
            and (not confident or candidate is found[0])
            and self._names_referral(self._referral_features(candidate, ranked, features))
        ):
            return Answer(query, "referral", None, candidate.coverage, (), region,
                          topic=self._referral_of(candidate).topic)  # fmt: skip
        if decision not in ("answer", "ask") and talks_to_the_bot(query):
            # «Анекдот айтшы», «Сені кім жасаған?»: the bot answers by saying what it does;
            # a program it would ask back about stays the question («Сен бот па?
            # Олимпиадаға дайындық бар ма?»).
            return Answer(query, "smalltalk", region=region)
        if not ranked:
            return Answer(query, "unknown", region=region)
        best = ranked[0]
        others = [r for r in ranked if r.coverage >= SUGGEST_CONFIDENCE]
        if confident:
            slugs = [self._slug(r) for r in others[1 : MAX_SUGGESTIONS + 1]]
            return Answer(query, "answer", self._slug(best), best.coverage,
                          tuple(slugs), region)  # fmt: skip
        if decision == "ask":
            first = self._slug(best)
            rest = [self._slug(r) for r in others[1:MAX_SUGGESTIONS]]
            return Answer(query, "unknown", None, best.coverage, (first, *rest), region,
                          confirm=first)  # fmt: skip
        if features["foreign"] and decision == "refuse":
            # A domain word used in another world («ет бағасы»): no program to suggest.
            return Answer(query, "unknown", None, best.coverage, (), region)
        slugs = [self._slug(r) for r in others[:MAX_SUGGESTIONS]]
        return Answer(query, "unknown", None, best.coverage, tuple(slugs), region)

    # -- the decision ---------------------------------------------------------------
    def features(
        self, query: str, model: TermModel | None = None
    ) -> tuple[dict[str, float], str | None, str | None]:
        """The decision's features for a question, its best program and the referral
        topic that is a candidate, if any, with its features prefixed «referral_» (for
        bench/calibrate.py); empty features when nothing matches, and no program when only
        a topic does."""
        model = model or self.domain.term_model
        all_words, region, _, meaningful = self._read(query)
        question = read_words(all_words, region)
        found, unmatched, unknown = self._rank(
            meaningful, TOP_RANKED + len(self.referrals), _Budget(), region,
            not question.asks_figure,
        )  # fmt: skip
        learned = self._learned(model, meaningful, region)
        ranked = self._relearned([r for r in found if self._is_entry(r)][:TOP_RANKED], learned)
        if not found:
            return {}, None, None
        feats = self._features(
            query, all_words, meaningful, found, ranked, unmatched, unknown, question, learned
        )
        # The referral decision's features, when a topic is a candidate (else none).
        candidate = self._referral_candidate(found, bool(feats["foreign"]))
        topic = self._referral_of(candidate).topic if candidate else None
        if candidate is not None:
            for name, value in self._referral_features(candidate, ranked, feats).items():
                feats["referral_" + name] = value
        return feats, self._slug(ranked[0]) if ranked else None, topic

    def _features(
        self,
        query: str,
        all_words: Sequence[Word],
        meaningful: Sequence[Word],
        found: Sequence[_Ranked],
        ranked: Sequence[_Ranked],
        unmatched: float,
        unknown_nouns: int,
        question: Question,
        learned: Callable[[str], float] | None = None,
    ) -> dict[str, float]:
        present = self._groups_present(all_words)  # once: it scans every phrase
        if not ranked:
            # Only a referral topic matches: what its decision needs.
            return {
                **dict.fromkeys(FEATURES, 0.0),
                "length": math.log1p(len(meaningful)),
                "unmatched": unmatched,
                "context": 1.0 if self._context_group in present else 0.0,
                "other_world": 1.0 if present - self._no_other_world else 0.0,
            }
        best = ranked[0]
        second = ranked[1].score if len(ranked) > 1 else 0.0
        margin = (best.score - second) / best.score if best.score else 0.0
        second_coverage = ranked[1].coverage if len(ranked) > 1 else 0.0
        slug = self._slug(best)
        foreign = any(
            world.doubts(slug) for g, world in enumerate(self.domain.worlds) if g in present
        )
        top_ref = next((r for r in found if not self._is_entry(r)), None)
        referral = min(2.0, top_ref.score / best.score) if top_ref and best.score else 0.0
        return {
            "coverage": best.coverage,
            "margin": margin,
            "coverage_margin": best.coverage - second_coverage,
            "evidence": math.log1p(best.evidence),
            "length": math.log1p(len(meaningful)),
            "unmatched": unmatched,
            "foreign": 1.0 if foreign else 0.0,
            "referral": referral,
            "asks": 1.0 if _asks(query, all_words) else 0.0,
            "unknown_nouns": float(min(unknown_nouns, 3)),
            "context": 1.0 if self._context_group in present else 0.0,
            "figure_fits": 1.0 if self._figure_fits(best, question) else 0.0,
            "learned": learned(slug) if learned else 0.0,
            # Not features of the program decision: a guard of it, and one of the
            # referral decision's.
            "topicless": 1.0 if self._topicless(meaningful) else 0.0,
            "other_world": 1.0 if present - self._no_other_world else 0.0,
        }

    def _learned(
        self, model: TermModel | None, meaningful: Sequence[Word], region: str | None
    ) -> Callable[[str], float] | None:
        """The term model's probability of each program for the question. A program whose
        own name names another region than the one asked about («Shymkent Bilim Hub»,
        asked about Zhambyl) is not meant: it is set aside."""
        if model is None:
            return None
        elsewhere = (
            {self._docs[doc].key for doc, home in self._homes.items() if home != region}
            if region
            else set()
        )
        return model.reader(question_terms(meaningful, region), elsewhere)

    def _relearned(
        self, ranked: list[_Ranked], learned: Callable[[str], float] | None
    ) -> list[_Ranked]:
        """The best programs reordered by the term model's probability of each
        (LEARNED_RERANK)."""
        if learned is None or len(ranked) < 2:
            return ranked
        head = ranked[:LEARNED_RERANK_TOP]
        for ranked_entry in head:
            ranked_entry.score *= 1.0 + LEARNED_RERANK * learned(self._slug(ranked_entry))
        head.sort(key=lambda r: -r.score)  # stable: ties keep the index's order
        return head + ranked[LEARNED_RERANK_TOP:]

    def question_terms(self, query: str) -> list[str]:
        """The terms the term model reads of a question (for bench/calibrate.py)."""
        _, region, _, meaningful = self._read(query)
        return question_terms(meaningful, region)

    def _topicless(self, meaningful: Sequence[Word]) -> bool:
        """Every word is a word of the programs' own world (child, school, parent) or a
        number: the message says who asks, not what about."""
        names = self._name_count  # a program's one-word name names a topic («колледж»)
        return all(
            w.folded.isdigit()
            or (
                not self._context_keys.isdisjoint(w.terms)
                and not any(term in names for term in w.terms)
            )
            for w in meaningful
        )

    def _decide(self, features: dict[str, float], ranked: Sequence[_Ranked]) -> str:
        """ "answer", "ask" or "refuse" for the best program."""
        if not ranked or ranked[0].evidence < MIN_EVIDENCE:
            return "refuse"
        calibration = self.domain.calibration
        if calibration is None:
            return self._hand_rule(features, len(ranked))
        p = probability(calibration, features)
        if p >= calibration.answer_at and not features["topicless"]:
            return "answer"
        if p >= calibration.ask_at:
            # Beside a word of another world, the program is offered, not asked about.
            return "suggest" if features["foreign"] else "ask"
        return "refuse"

    @staticmethod
    def _hand_rule(features: dict[str, float], _: int) -> str:
        """The decision before calibration (kept for an uncalibrated data directory)."""
        coverage, margin = features["coverage"], features["margin"]
        evidence = math.expm1(features["evidence"])
        words_count = math.expm1(features["length"])
        confident = (
            coverage >= ANSWER_CONFIDENCE
            or (coverage >= LOW_CONFIDENCE and margin >= CLEAR_MARGIN)
            or (
                words_count >= LONG_MESSAGE_WORDS - 0.01
                and evidence >= LONG_MIN_EVIDENCE
                and margin >= LONG_MARGIN
            )
        )
        return "answer" if confident and not features["foreign"] else "refuse"

    def _referral_candidate(
        self, found: Sequence[_Ranked], doubted: bool = False
    ) -> _Ranked | None:
        """The neighbouring topic the question may be about: ranked first, or right after
        a program that a word of another world puts in doubt («Алтын белгі» beside the
        «Елбасы медалі»: the school-leaving world says the medal is not the award)."""
        considered = found[: 2 if doubted else 1]
        top = next((r for r in considered if not self._is_entry(r)), None)
        return top if top is not None and top.evidence >= MIN_EVIDENCE else None

    def _referral_features(
        self, candidate: _Ranked, ranked: Sequence[_Ranked], features: dict[str, float]
    ) -> dict[str, float]:
        best = ranked[0].score if ranked else 0.0
        return {
            "coverage": candidate.coverage,
            "evidence": math.log1p(candidate.evidence),
            "lead": min(2.0, candidate.score / best) if best else 2.0,
            "length": features["length"],
            "unmatched": features["unmatched"],
            "context": features["context"],
            "other_world": features["other_world"],
            "phrase": 1.0 if candidate.phrase else 0.0,
            "program_coverage": features["coverage"],
        }

    def _names_referral(self, features: dict[str, float]) -> bool:
        """Whether the candidate topic is named: the fitted referral model (calibration.json)
        or, uncalibrated, half the question's meaning matched."""
        calibration = self.domain.calibration
        if calibration is None or not calibration.referral_features:
            return features["coverage"] >= 0.5
        return referral_probability(calibration, features) >= calibration.referral_at


def probability(calibration: Calibration, features: dict[str, float]) -> float:
    """The fitted logistic model: how likely the best program is the right answer."""
    return _logistic(calibration.bias, calibration.features, calibration.weights, features)


def referral_probability(calibration: Calibration, features: dict[str, float]) -> float:
    """The fitted referral model: how likely the candidate topic is the one meant."""
    return _logistic(
        calibration.referral_bias,
        calibration.referral_features,
        calibration.referral_weights,
        features,
    )


def _logistic(
    bias: float, names: Sequence[str], weights: Sequence[float], features: dict[str, float]
) -> float:
    z = bias + sum(w * features[name] for name, w in zip(names, weights, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))
