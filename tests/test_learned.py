"""The term model learned from the labelled question sets (knowledge/learned.py)."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from knowledge.domain import DATA_DIR, load_domain, shipped_domain
from knowledge.engine import SearchIndex, _example_key
from knowledge.learned import NONE_CLASS, TermModel, load_term_model
from knowledge.loader import load_shipped_entries
from knowledge.model import EntryError

MODEL = DATA_DIR / "domain" / "term_model.json"


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(load_shipped_entries())


def test_the_shipped_model_knows_every_program_and_none() -> None:
    model = load_term_model(MODEL)
    assert model is not None
    assert set(model.classes) == {e.slug for e in load_shipped_entries()} | {NONE_CLASS}


def test_probabilities_are_a_distribution_and_follow_the_words() -> None:
    model = shipped_domain().term_model
    assert model is not None
    meals = model.probabilities(["тамак", "тегин", "ыстык", "мектеп"])
    assert sum(meals.values()) == pytest.approx(1.0)
    assert max(meals, key=meals.get) == "free-meals"  # type: ignore[arg-type]
    # No word it knows: the classes' priors, the same for any unknown words.
    assert model.probabilities(["щщщ"]) == model.probabilities(["ъъъ", "ыыы"])


def test_the_best_programs_probability_is_a_feature_of_the_decision(index: SearchIndex) -> None:
    assert index.features("Мектепте балаларға тегін ыстық тамақ бере ме?")[0]["learned"] > 0.8
    # A price of meat: the model has seen prices asked about, and doubts the meals.
    assert index.features("Базарда ет бағасы қанша болды?")[0]["learned"] < 0.3


def test_a_program_set_aside_gets_nothing_and_the_others_share_its_part() -> None:
    # Another region's own project is set aside (the engine: a region named elsewhere).
    model = shipped_domain().term_model
    assert model is not None
    terms = ["мугалим", "жасанды", "интеллект", "курс"]
    full = model.probabilities(terms)
    read = model.reader(terms, {"shymkent-bilim-hub"})
    assert read("shymkent-bilim-hub") == 0.0
    share = 1.0 - full["shymkent-bilim-hub"]
    assert read("ai-and-programming") == pytest.approx(full["ai-and-programming"] / share)
    assert sum(read(c) for c in model.classes) == pytest.approx(1.0)


def test_a_program_the_model_never_saw_is_neither_helped_nor_held_back() -> None:
    entries = load_shipped_entries()
    new = replace(entries[0], slug="reading-marathon", title="«Кітап марафоны» жобасы")
    index = SearchIndex([*entries, new])
    model = index.domain.term_model
    assert model is not None and "reading-marathon" not in model.classes
    assert model.reader(["кітап"])("reading-marathon") == model.neutral
    assert 0.0 < model.neutral < 1.0


def test_a_broken_model_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "term_model.json"
    path.write_text(json.dumps({"classes": ["a"], "intercepts": [0.0, 1.0]}), encoding="utf-8")
    with pytest.raises(EntryError):
        load_term_model(path)
    path.write_text(
        json.dumps(
            {"classes": ["a"], "intercepts": [0.0], "neutral": 0.5, "weights": {"x": [[3, 1.0]]}}
        ),
        encoding="utf-8",
    )
    with pytest.raises(EntryError):
        load_term_model(path)


def test_a_calibration_that_weighs_the_model_needs_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    (data / "domain" / "term_model.json").unlink()
    with pytest.raises(EntryError, match=r"term_model\.json"):
        load_domain(data)
    assert load_domain(data, calibrated=False).term_model is None


def test_the_model_round_trips_through_its_json(tmp_path: Path) -> None:
    model = TermModel(("a", NONE_CLASS), (0.5, -0.5), {"x": ((0, 1.25),)}, 0.4)
    path = tmp_path / "term_model.json"
    path.write_text(json.dumps(model.to_json()), encoding="utf-8")
    loaded = load_term_model(path)
    assert loaded == model
    assert loaded.probabilities(["x"])["a"] > model.probabilities([])["a"]


def test_a_question_an_admin_keeps_as_an_example_is_answered_by_its_program() -> None:
    # The term model knows nothing of an admin's new example question; the question
    # itself, however punctuated, is answered by the program it was kept for.
    entries = load_shipped_entries()
    index = SearchIndex(entries)
    question = "Оқушыға қыста жылы аяқ киім қайдан аламыз"
    supplies = next(e for e in entries if e.slug == "school-supplies")
    index.upsert(replace(supplies, questions=(*supplies.questions, question)))
    assert index.answer(question + "?").slug == "school-supplies"
    assert index.answer("  " + question.upper()).slug == "school-supplies"
    index.upsert(supplies)  # the example removed again: no shortcut is left behind
    assert _example_key(question) not in index._examples
    assert index.answer(question) == SearchIndex(entries).answer(question)
