"""An admin's edit updates the index for that entry only, and the bot then answers
exactly as a freshly built index would (issue 15, item 3)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge.engine import SearchIndex
from knowledge.loader import load_shipped_entries
from knowledge.model import Entry

SHIPPED = load_shipped_entries()
DATA = Path(__file__).resolve().parent / "data"
# Questions of every kind (answers, ask-backs, referrals, refusals, typos).
QUESTIONS = [
    json.loads(line)["q"]
    for name in ("questions", "everyday", "traps")
    for line in (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()[::9]
    if line.strip()
] + ["колледж", "мектеп", "Мен ата-анамын", "Шымкентте колледж бар ма"]  # one-word names
WORDS = sorted({w for e in SHIPPED for text in (*e.keywords, *e.questions) for w in text.split()})


@st.composite
def edits(draw: st.DrawFn) -> list[tuple[str, Entry | str]]:
    """A few admin edits: a changed text, a retirement, a new entry, a removal."""
    out: list[tuple[str, Entry | str]] = []
    for i in range(draw(st.integers(1, 4))):
        base = draw(st.sampled_from(SHIPPED))
        action = draw(st.sampled_from(["edit", "retire", "new", "remove"]))
        if action == "remove":
            out.append(("remove", base.slug))
            continue
        keywords = tuple(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4)))
        changed = dataclasses.replace(
            base,
            keywords=keywords if action != "retire" else base.keywords,
            status="retired" if action == "retire" else "active",
            slug=f"new-entry-{i}" if action == "new" else base.slug,
        )
        out.append(("upsert", changed))
    return out


def _apply(entries: dict[str, Entry], index: SearchIndex, op: str, arg: Entry | str) -> None:
    if op == "remove":
        assert isinstance(arg, str)
        entries.pop(arg, None)
        index.remove(arg)
    else:
        assert isinstance(arg, Entry)
        entries[arg.slug] = arg
        index.upsert(arg)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits())
def test_answers_after_edits_equal_a_fresh_build(ops: list[tuple[str, Entry | str]]) -> None:
    entries = {e.slug: e for e in SHIPPED}
    index = SearchIndex(SHIPPED)
    for question in QUESTIONS[:5]:
        index.answer(question)  # warm caches that an edit must invalidate
    for op, arg in ops:
        _apply(entries, index, op, arg)
    fresh = SearchIndex(sorted(entries.values(), key=lambda e: e.slug))
    assert [e.slug for e in index.entries] == [e.slug for e in fresh.entries]
    for question in QUESTIONS:
        assert index.answer(question) == fresh.answer(question), question
        assert index.rank_text(question) == fresh.rank_text(question), question


def test_an_edit_is_seen_by_the_next_question() -> None:
    index = SearchIndex(SHIPPED)
    assert index.answer("Тегін ыстық тамақ кімге беріледі?").slug == "free-meals"
    meals = index.get("free-meals")
    assert meals is not None
    index.upsert(dataclasses.replace(meals, status="retired"))
    assert index.get("free-meals") is None
    assert index.answer("Тегін ыстық тамақ кімге беріледі?").slug != "free-meals"
    index.upsert(meals)
    assert index.answer("Тегін ыстық тамақ кімге беріледі?").slug == "free-meals"


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits())
def test_sync_with_the_stored_entries_equals_a_fresh_build(
    ops: list[tuple[str, Entry | str]],
) -> None:
    # What the bot does after an admin's edit: the stored entries, re-indexed where changed.
    entries = {e.slug: e for e in SHIPPED}
    index = SearchIndex(SHIPPED)
    for op, arg in ops:
        if op == "remove":
            entries.pop(str(arg), None)
        elif isinstance(arg, Entry):
            entries[arg.slug] = arg
    stored = sorted(entries.values(), key=lambda e: e.slug)
    assert index.sync(stored) <= len(ops)
    fresh = SearchIndex(stored)
    for question in QUESTIONS:
        assert index.answer(question) == fresh.answer(question), question
    assert index.sync(stored) == 0  # nothing left to change
