"""How the answer engine scales, beside a naive fuzzy matcher.

    .venv/bin/python -m bench.engine [--sizes 1000 10000] [--seed 7] [--naive-budget 15]

Builds a `SearchIndex` over the shipped entries and over synthetic catalogues of 1 000 and
10 000 entries (made from the shipped ones: new slugs, their title/keyword/question words
shuffled and recombined with another entry's, plus random pseudo-words; a fixed seed), then
times `answer` on every question of tests/data/questions.jsonl. Beside it, the naive
matcher: rapidfuzz `process.extract(q, choices, scorer=fuzz.WRatio,
processor=utils.default_process, limit=10)` over every title, keyword and example question.
The engine is timed on all questions after one warm-up pass (its word caches, shared by
all catalogues, are then warm), once as the bot runs it and once with the index moved out
of the garbage collector's reach (`gc.freeze()`): at 10 000 entries a full collection over
the index takes longer than a query, and that is what the plain p99 shows. The naive matcher has no
warm-up and stops after `--naive-budget` seconds per catalogue (questions in a seeded
random order), so its n is smaller for the large catalogues.

A second table shows the worst messages a user can send (issue 11: the event loop must
never wait long on the engine): 4 096 characters of made-up words, of run-together made-up
words, one 4 096-letter word, and 4 096 characters of real questions glued into one story.
Each is timed fresh (new made-up words every time, so no cache helps) and shown beside the
median ordinary question of the same catalogue, measured in the same run.

A third table shows one admin edit (`SearchIndex.upsert`) beside a full rebuild of the
same catalogue, and the first question after the edit (it recomputes the BM25 weights of
the terms it needs).
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import random
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from knowledge.engine import SearchIndex
from knowledge.loader import load_shipped_entries
from knowledge.model import Entry

QUESTIONS = Path(__file__).resolve().parent.parent / "tests" / "data" / "questions.jsonl"

_CONSONANTS = "бгғджзйклмнңпрстшқ"
_VOWELS = "аәеиоөұүыі"


def load_questions(path: Path = QUESTIONS) -> list[str]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line)["q"] for line in fh if line.strip()]


def pseudo_word(rng: random.Random) -> str:
    """A Kazakh-looking word no dictionary has: 2–4 consonant-vowel(-consonant) syllables."""
    parts = []
    for _ in range(rng.randint(2, 4)):
        syllable = rng.choice(_CONSONANTS) + rng.choice(_VOWELS)
        if rng.random() < 0.4:
            syllable += rng.choice(_CONSONANTS)
        parts.append(syllable)
    return "".join(parts)


def _mix(rng: random.Random, words: list[str], extra: list[str], noise: int) -> str:
    """Shuffled `words`, one or two of them swapped for `extra`, plus `noise` pseudo-words."""
    out = list(words)
    rng.shuffle(out)
    for _ in range(min(len(out), rng.randint(0, 2))):
        if extra:
            out[rng.randrange(len(out))] = rng.choice(extra)
    out += [pseudo_word(rng) for _ in range(noise)]
    return " ".join(out)


def synthetic_entries(base: Sequence[Entry], size: int, seed: int) -> list[Entry]:
    """`size` entries made from `base` (deterministic for a given seed)."""
    rng = random.Random(seed)
    out: list[Entry] = []
    for i in range(size):
        entry = base[i % len(base)]
        other = base[rng.randrange(len(base))]
        other_words = [w for text in (*other.keywords, *other.questions) for w in text.split()]
        keyword_words = [w for k in entry.keywords for w in k.split()]
        keywords = []
        for _ in range(max(3, len(entry.keywords))):
            picked = rng.sample(keyword_words, min(len(keyword_words), rng.randint(1, 3)))
            keywords.append(_mix(rng, picked, other_words, rng.randint(0, 1)))
        questions = [_mix(rng, q.split(), other_words, rng.randint(0, 2)) for q in entry.questions]
        answer_words = entry.answer.split()
        answer = _mix(rng, rng.sample(answer_words, min(len(answer_words), 40)), other_words, 8)
        out.append(
            dataclasses.replace(
                entry,
                slug=f"{entry.slug}-{i:05d}",
                title=_mix(rng, entry.title.split(), other_words, 1),
                keywords=tuple(keywords),
                questions=tuple(questions),
                answer=answer,
            )
        )
    return out


def _timed(
    fn: Callable[[str], object], queries: Sequence[str], budget: float = float("inf")
) -> list[float]:
    """Per-query wall time in milliseconds, until the queries or `budget` seconds run out."""
    samples = []
    deadline = time.perf_counter() + budget
    for q in queries:
        start = time.perf_counter()
        fn(q)
        end = time.perf_counter()
        samples.append((end - start) * 1000.0)
        if end > deadline:
            break
    return samples


def _p99(samples: Sequence[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def _choices(entries: Sequence[Entry]) -> list[str]:
    return [text for e in entries for text in (e.title, *e.keywords, *e.questions)]


MESSAGE_LIMIT = 4096  # Telegram's limit for one message


def worst_messages(rng: random.Random, questions: Sequence[str]) -> dict[str, str]:
    """The most expensive kinds of message, each 4 096 characters."""

    def fill(make: Callable[[], str], sep: str = " ") -> str:
        text = ""
        while len(text) < MESSAGE_LIMIT:
            text += make() + sep
        return text[:MESSAGE_LIMIT]

    return {
        "made-up words": fill(lambda: pseudo_word(rng)),
        "run-together made-up": fill(lambda: "".join(pseudo_word(rng) for _ in range(4))[:28]),
        "one long word": fill(lambda: pseudo_word(rng), sep=""),
        "long real story": fill(lambda: rng.choice(questions)),
    }


def run_worst(sizes: Sequence[int], seed: int, repeats: int = 5) -> None:
    shipped = load_shipped_entries()
    questions = load_questions()
    rng = random.Random(seed)
    print("\nWorst messages (4 096 characters), ms per message, fresh words each time:")
    kinds = list(worst_messages(rng, questions))
    header = f"{'entries':>8} {'ordinary med':>12} | " + " | ".join(
        f"{k:>20} {'max':>6} {'x':>5}" for k in kinds
    )
    print(header)
    print("-" * len(header))
    for size in [0, *sizes]:
        entries = synthetic_entries(shipped, size, seed) if size else shipped
        index = SearchIndex(entries)
        _timed(index.answer, questions)  # warm: ordinary words are cached in real use too
        ordinary = statistics.median(_timed(index.answer, questions))
        cells = []
        for kind in kinds:
            samples = [
                _timed(index.answer, [worst_messages(rng, questions)[kind]])[0]
                for _ in range(repeats)
            ]
            med = statistics.median(samples)
            cells.append(f"{med:>20.2f} {max(samples):>6.1f} {med / ordinary:>4.0f}x")
        print(f"{len(entries):>8} {ordinary:>12.3f} | " + " | ".join(cells), flush=True)
        del index, entries


def run_edits(sizes: Sequence[int], seed: int, repeats: int = 5) -> None:
    """One admin edit: `upsert` of a changed entry (and the first question after it, which
    recomputes the weights it needs) beside a full rebuild, measured in the same run."""
    shipped = load_shipped_entries()
    questions = load_questions()
    rng = random.Random(seed)
    print("\nOne admin edit, ms:")
    header = (
        f"{'entries':>8} | {'upsert med':>10} {'max':>8} | {'1st question':>12} | "
        f"{'full rebuild':>12} | {'rebuild/upsert':>14}"
    )
    print(header)
    print("-" * len(header))
    for size in [0, *sizes]:
        entries, index, seconds = _built(shipped, size, seed)
        rebuild = seconds * 1000.0
        _timed(index.answer, questions)
        edits, firsts = [], []
        for i in range(repeats):
            entry = entries[rng.randrange(len(entries))]
            changed = dataclasses.replace(entry, keywords=(*entry.keywords, f"жаңа сөз {i}"))
            start = time.perf_counter()
            index.upsert(changed)
            edits.append((time.perf_counter() - start) * 1000.0)
            firsts.append(_timed(index.answer, [rng.choice(questions)])[0])
        med = statistics.median(edits)
        print(
            f"{len(entries):>8} | {med:>10.2f} {max(edits):>8.2f} | "
            f"{statistics.median(firsts):>12.2f} | {rebuild:>12.0f} | {rebuild / med:>13.0f}x",
            flush=True,
        )
        del index, entries


def _built(shipped: list[Entry], size: int, seed: int) -> tuple[list[Entry], SearchIndex, float]:
    """The shipped entries (size 0) or `size` synthetic ones, their index, and the seconds
    the index took to build."""
    entries = synthetic_entries(shipped, size, seed) if size else shipped
    start = time.perf_counter()
    index = SearchIndex(entries)
    return entries, index, time.perf_counter() - start


def run(sizes: Sequence[int], seed: int, naive_budget: float) -> None:
    shipped = load_shipped_entries()
    questions = load_questions()
    shuffled = random.Random(seed).sample(questions, len(questions))
    header = (
        f"{'entries':>8} {'build s':>8} {'choices':>8} | {'engine med':>10} {'p99':>7} "
        f"{'p99 frozen':>10} | {'naive med':>10} {'p99':>8} {'n':>4} | {'naive/engine':>12}"
    )
    print(f"{len(questions)} questions; times in ms per question\n")
    print(header)
    print("-" * len(header))
    for size in [0, *sizes]:
        entries, index, build = _built(shipped, size, seed)
        if not size:
            _timed(index.answer, questions)  # warm-up: the word caches, shared by all sizes
        engine = _timed(index.answer, questions)
        gc.freeze()
        frozen = _timed(index.answer, questions)
        gc.unfreeze()

        choices = _choices(entries)

        def naive(q: str, choices: list[str] = choices) -> object:
            return process.extract(
                q, choices, scorer=fuzz.WRatio, processor=utils.default_process, limit=10
            )

        naive_ms = _timed(naive, shuffled, naive_budget)
        engine_med, naive_med = statistics.median(engine), statistics.median(naive_ms)
        print(
            f"{len(entries):>8} {build:>8.2f} {len(choices):>8} | "
            f"{engine_med:>10.3f} {_p99(engine):>7.2f} {_p99(frozen):>10.2f} | "
            f"{naive_med:>10.2f} {_p99(naive_ms):>8.1f} {len(naive_ms):>4} | "
            f"{naive_med / engine_med:>11.0f}x",
            flush=True,
        )
        del index, entries, choices


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--naive-budget",
        type=float,
        default=15.0,
        help="seconds of naive matching per catalogue (default 15)",
    )
    parser.add_argument("--worst-only", action="store_true", help="only the worst messages")
    parser.add_argument("--edits-only", action="store_true", help="only one admin edit")
    args = parser.parse_args(argv)
    if not (args.worst_only or args.edits_only):
        run(args.sizes, args.seed, args.naive_budget)
    if not args.edits_only:
        run_worst(args.sizes, args.seed)
    if not args.worst_only:
        run_edits(args.sizes, args.seed)


if __name__ == "__main__":
    main()
