"""Everyday words (knowledge/data/domain/general.toml) weigh nothing in a question: a
parent's plain story must not look like a question about another topic, and no word the
entries need may become one of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.analysis import words
from knowledge.domain import shipped_domain
from knowledge.engine import SearchIndex
from knowledge.lexicon import FUNCTION_WORDS, _everyday_words, kazakh_for_russian
from knowledge.loader import load_shipped_entries

# Everyday words that stand in the programs' phrases and may weigh nothing there: the
# phrase keeps its meaning («мектеп салынып жатыр», «9 сыныптан соң»). «ойлау» costs
# «инженерлік ойлау» its phrase boost, a price paid for «ойлаймын» weighing nothing.
ALLOWED = frozenset(w.folded for w in words("жатқан жатыр кезінде кеткен кетті соң ойлау"))


def _program_words() -> dict[str, str]:
    """Every word of the entries' titles, keywords and concepts, of the referral topics'
    cues and of the other worlds' cues → where it stands."""
    domain = shipped_domain()
    texts: list[tuple[str, str]] = []
    for entry in load_shipped_entries():
        texts += [(entry.slug, entry.title), *((entry.slug, k) for k in entry.keywords)]
        texts += [(entry.slug, c) for c in domain.concepts.get(entry.slug, ())]
    for referral in domain.referrals:
        texts += [(referral.topic, referral.title), *((referral.topic, c) for c in referral.cues)]
    for world in domain.worlds:
        texts += [(world.name, cue) for cue in world.cues]
    found: dict[str, str] = {}
    for where, text in texts:
        for word in words(text):
            if not set(word.readings) & FUNCTION_WORDS and word.folded not in ALLOWED:
                found.setdefault(word.folded, f"{where}: «{text}»")
    return found


def test_no_word_the_programs_need_is_an_everyday_word() -> None:
    clashes = {w: where for w, where in _program_words().items() if words(w)[0].function}
    assert not clashes, clashes


@pytest.mark.parametrize(
    "typed",
    ["жатыр", "кетті", "әбден", "уайымдаймын", "сұрап", "арасында", "вообще", "келед", "ішіне"],
)
def test_everyday_words_in_any_form_weigh_nothing(typed: str) -> None:
    assert words(typed)[0].function


def test_a_plain_story_reaches_its_program_as_surely_as_the_bare_question() -> None:
    index = SearchIndex(load_shipped_entries(), shipped_domain())
    bare = index.answer("Мектептің ғимараты тозып, жөндеу керек")
    story = index.answer("Мектептің ғимараты әбден тозып кетті, жөндеу керек, уайымдаймыз")
    assert (story.kind, story.slug) == (bare.kind, bare.slug) == ("answer", "school-modernization")


@pytest.mark.parametrize(
    ("typed", "look_alike"),
    [("айтылған", "айти"), ("армысыздар", "армия"), ("ауладағы", "аул"), ("едені", "еда")],
)
def test_kazakh_words_are_not_read_as_russian_under_endings(typed: str, look_alike: str) -> None:
    # «айтылған» is not «айти» + Kazakh endings, nor «армысыздар» «армия».
    meaning = kazakh_for_russian(look_alike)
    assert meaning
    assert not set(meaning) & words(typed)[0].terms


@pytest.mark.parametrize("typed", ["соңғы", "қарайды", "обычную", "интересный"])
def test_words_that_only_start_like_everyday_words_still_weigh(typed: str) -> None:
    assert not words(typed)[0].function


def test_a_general_word_list_that_is_not_words_is_refused(tmp_path: Path) -> None:
    table = tmp_path / "general.toml"
    table.write_text('kk = ["екі сөз"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="not one word"):
        _everyday_words(table)
    table.write_text('kk = "жатыр"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="list of words"):
        _everyday_words(table)


@pytest.mark.parametrize(
    "typed",
    [
        *("балам", "ұлымның", "қызыма", "немерем", "баламды", "ұлдарымның", "қызыңыз"),
        *("күйеуім", "әжеміз", "әкем", "келінім"),  # the asker's family too
        *("мамам", "папама", "досым", "досымның", "құрбым"),  # a pupil's mother, friend
        *("әжесімін", "анасымын", "әкемін", "қызбын"),  # who the asker is
        *("бізде", "кімнен", "қайсысы", "нешеде", "нас"),  # pronouns and question words, inflected
        *("керекпе", "болама", "бересізбе"),  # a question particle typed onto the word
    ],
)
def test_the_askers_own_child_weighs_nothing(typed: str) -> None:
    # «my son» says who asks, not what about.
    assert words(typed)[0].function


@pytest.mark.parametrize(
    "typed", ["ұлдар", "балалар", "қызмет", "ұлттық", "балаларға", "анасы", "әкесіз", "достық"]
)
def test_children_in_general_and_look_alikes_still_weigh(typed: str) -> None:
    # «ұлдар» (boys) is a topic: a school for boys; «қызмет» only starts like «қызым».
    assert not words(typed)[0].function


def test_a_russian_mother_is_not_a_kazakh_specialist() -> None:
    # «мама» shares its first letters with «маман» (Жас маман): it says who asks.
    assert words("мама")[0].function
    assert not words("маман")[0].function
