"""The shipped knowledge base: every catalogue program, complete, in Kazakh, sourced."""

from __future__ import annotations

import re

import pytest

from knowledge.loader import load_shipped_entries
from knowledge.model import REGIONS

CATALOGUE_SLUGS = {
    "free-meals", "inclusive-resource-centers", "school-buses", "elbasy-medal",
    "school-supplies", "myn-bala", "keleshek-schools", "school-modernization",
    "military-boarding-school", "ai-and-programming", "stem-centers", "e-journal",
    "olympiads", "teacher-development", "teacher-status", "tabysty-50-mektep",
    "sapaly-bilim", "shymkent-bilim-hub", "summer-camps", "extracurricular",
    "zhas-maman", "colleges", "school-safety", "sports-and-arts",
}  # fmt: skip
KAZAKH_LETTERS = re.compile("[әғқңөұүһі]", re.IGNORECASE)
ENTRIES = load_shipped_entries()


def test_every_catalogue_program_is_an_entry() -> None:
    assert {e.slug for e in ENTRIES} >= CATALOGUE_SLUGS


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.slug)
def test_entry_is_complete_and_sourced(entry) -> None:  # type: ignore[no-untyped-def]
    assert entry.title and entry.answer and entry.category
    assert len(entry.keywords) >= 5 and len(entry.questions) >= 5
    assert entry.sources and all(re.match(r"^(\d{4}|$)", s.date) for s in entry.sources)
    source_ids = {s.id for s in entry.sources}
    assert all(f.source in source_ids and f.region in REGIONS for f in entry.regions)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.slug)
def test_entry_text_is_written_with_kazakh_letters(entry) -> None:  # type: ignore[no-untyped-def]
    assert KAZAKH_LETTERS.search(entry.title + entry.answer)
    assert all(KAZAKH_LETTERS.search(f.text) for f in entry.regions)


def test_seed_002_figures_are_never_presented_as_current() -> None:
    for entry in ENTRIES:
        for fact in entry.regions:
            source = entry.source_by_id(fact.source)
            if source and "002_" in source.ref:
                years = [int(y) for y in re.findall(r"\d{4}", fact.year)]
                assert years and max(years) <= 2021, (entry.slug, fact.year, fact.text)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.slug)
def test_a_fact_from_an_undated_source_borrows_no_year(entry) -> None:  # type: ignore[no-untyped-def]
    for fact in entry.regions:
        source = entry.source_by_id(fact.source)
        assert source is not None
        if not source.date:
            assert not re.search(r"\d{4}", fact.year), (entry.slug, fact.text)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.slug)
def test_a_source_shows_what_a_reader_can_find(entry) -> None:  # type: ignore[no-untyped-def]
    for source in entry.sources:
        # The title and outlet are what a parent sees: never a file name or an address.
        shown = f"{source.outlet} {source.title}"
        assert "seeds/" not in shown and ".txt" not in shown and "http" not in shown
        assert not source.url or source.url.count("/") > 3  # a link to the text itself
