"""The engine's per-document sums as arrays rank exactly as plain sorting would."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from knowledge.scores import Postings, Totals, WordScores, best_of

# Few distinct values, so ties in the score (decided by covered meaning, then by order) are
# common.
_VALUE = st.sampled_from([0.5, 1.0, 1.5, 2.0, 3.25])
_POSTINGS = st.dictionaries(st.integers(0, 29), _VALUE, max_size=12)


def _as_postings(by_doc: dict[int, float]) -> Postings:
    docs = np.array(sorted(by_doc), dtype=np.intp)
    return Postings(docs, np.array([by_doc[d] for d in sorted(by_doc)], dtype=np.float64))


@given(
    words=st.lists(st.tuples(_VALUE, _POSTINGS, _POSTINGS), min_size=1, max_size=6),
    k=st.integers(1, 12),
)
def test_the_best_documents_are_the_plain_sort_of_their_sums(
    words: list[tuple[float, dict[int, float], dict[int, float]]], k: int
) -> None:
    tiebreak = {doc: -doc for doc in range(30)}
    sums = Totals(30)
    scores: dict[int, float] = {}
    covered: dict[int, float] = {}
    for weight, contribution, matched in words:
        sums.add(WordScores(weight, _as_postings(contribution), _as_postings(matched)))
        for doc, value in contribution.items():
            scores[doc] = scores.get(doc, 0.0) + value
        for doc, value in matched.items():
            covered[doc] = covered.get(doc, 0.0) + weight * value
    expected = sorted(
        scores, key=lambda d: (scores[d], covered.get(d, 0.0), tiebreak[d]), reverse=True
    )[:k]
    assert sums.best(k, tiebreak) == expected
    assert [float(sums.scores[d]) for d in expected] == [scores[d] for d in expected]


@given(parts=st.lists(_POSTINGS, min_size=1, max_size=4), factor=st.sampled_from([1.0, 0.6]))
def test_a_word_read_through_several_stems_counts_its_best_stem_once(
    parts: list[dict[int, float]], factor: float
) -> None:
    merged = best_of([_as_postings(p) for p in parts], factor)
    expected: dict[int, float] = {}
    for part in parts:
        for doc, value in part.items():
            expected[doc] = max(expected.get(doc, 0.0), value * factor)
    assert dict(zip(merged.docs.tolist(), merged.values.tolist(), strict=True)) == expected
