"""A question's scores per document as arrays.

Adding every matching document's BM25 per word in Python dictionaries took most of a
question's time at 10 000 entries: numpy adds a word's postings to the question's totals
in one step and finds the best few documents without ordering the rest. The totals equal
the dictionaries' sums: each document gets the same additions of the same floats in the
same order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Docs = npt.NDArray[np.intp]
Values = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Postings:
    """A term's or a word's documents (distinct ids) and a value for each."""

    docs: Docs
    values: Values


def postings(by_doc: Mapping[int, float]) -> Postings:
    n = len(by_doc)
    return Postings(
        np.fromiter(by_doc.keys(), dtype=np.intp, count=n),
        np.fromiter(by_doc.values(), dtype=np.float64, count=n),
    )


def best_of(parts: Sequence[Postings], factor: float) -> Postings:
    """Per document, the largest of several terms' values times `factor` (a word read
    through several stems counts once, by its best); documents left at 0 drop out."""
    docs = np.concatenate([p.docs for p in parts])
    values = np.concatenate([p.values * factor for p in parts])
    order = np.lexsort((values, docs))  # by document, its largest value last
    docs, values = docs[order], values[order]
    last = np.ones(len(docs), dtype=bool)
    last[:-1] = docs[1:] != docs[:-1]
    keep = last & (values > 0.0)
    return Postings(docs[keep], values[keep])


@dataclass(frozen=True, slots=True)
class WordScores:
    """What one question word adds: its weight in the question, its BM25 per document and
    how well each document matches it (field quality × exactness)."""

    weight: float
    contribution: Postings
    matched: Postings


NO_POSTINGS = Postings(np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.float64))


class Totals:
    """A question's BM25 sum and covered meaning per document, over `size` document ids."""

    def __init__(self, size: int) -> None:
        self.scores = np.zeros(size, dtype=np.float64)
        self.covered = np.zeros(size, dtype=np.float64)
        self._touched = np.zeros(size, dtype=bool)

    def add(self, word: WordScores) -> None:
        contribution, matched = word.contribution, word.matched
        self.scores[contribution.docs] += contribution.values
        self._touched[contribution.docs] = True
        self.covered[matched.docs] += word.weight * matched.values

    def best(self, k: int, tiebreak: Mapping[int, int]) -> list[int]:
        """The `k` documents with the highest score, then covered meaning, then tiebreak;
        best first. Only documents some word contributed to are ranked."""
        candidates = np.flatnonzero(self._touched)
        if len(candidates) > k:
            values = self.scores[candidates]
            kth = np.partition(values, len(values) - k)[len(values) - k]
            candidates = candidates[values >= kth]  # ties with the k-th stay to be ordered
        return self.ordered(candidates.tolist(), tiebreak)[:k]

    def ordered(self, docs: list[int], tiebreak: Mapping[int, int]) -> list[int]:
        at = np.asarray(docs, dtype=np.intp)
        keys = {
            doc: (score, covered, tiebreak[doc])
            for doc, score, covered in zip(
                docs, self.scores[at].tolist(), self.covered[at].tolist(), strict=True
            )
        }
        return sorted(docs, key=keys.__getitem__, reverse=True)
