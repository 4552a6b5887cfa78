"""The engine bounds the work per message (issue 11): what a user notices is that a
question inside a huge message is still understood, and that a word skipped under one
message's budget is understood in the next message."""

from __future__ import annotations

import random

from knowledge.analysis import words
from knowledge.engine import MAX_FUZZY_COMPARISONS, SearchIndex, _Budget
from knowledge.loader import load_shipped_entries

_LETTERS = "бгджзклмнпрстшаеиоуы"


def _made_up(rng: random.Random, count: int) -> str:
    return " ".join(
        "".join(rng.choice(_LETTERS) for _ in range(rng.randint(5, 9))) for _ in range(count)
    )


def test_the_question_at_the_end_of_a_huge_message_is_answered() -> None:
    index = SearchIndex(load_shipped_entries())
    rng = random.Random(3)
    text = (_made_up(rng, 600))[:3900] + " Мектепте тегін ыстық тамақ кімге беріледі?"
    assert len(text) <= 4096
    assert index.answer(text).slug == "free-meals"


def test_a_typo_skipped_under_a_spent_budget_is_found_later() -> None:
    index = SearchIndex(load_shipped_entries())
    spent = _Budget(comparisons=0)
    word = words("олмпиада")[0]  # «олимпиада» with a letter missing: only a typo search finds it
    assert not len(index._word_matches(word, spent).contribution.docs)  # no typo search affordable
    fresh = _Budget(comparisons=MAX_FUZZY_COMPARISONS)
    assert len(index._word_matches(word, fresh).contribution.docs)  # not remembered as unknown
