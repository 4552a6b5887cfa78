"""Frames: a teacher and what the teacher cannot do, apart in one sentence, point to the
teachers' courses; the words stand in the frame's order and in one sentence, and an admin
writes frames as data (concepts/<slug>.toml)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from knowledge.analysis import words
from knowledge.domain import DATA_DIR, Frame, load_domain, shipped_domain
from knowledge.engine import SearchIndex
from knowledge.frames import FrameReader, frame_term
from knowledge.loader import load_shipped_entries
from knowledge.model import EntryError

TEACHER_CANNOT = Frame((("мұғалім", "апай", "учитель"), ("алмайды", "не может")))


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(load_shipped_entries())


def _found(text: str) -> set[str]:
    reader = FrameReader({"teacher-development": [TEACHER_CANNOT]})
    return {w.folded for w in reader.present(words(text))}


@pytest.mark.parametrize(
    "text",
    [
        "Апайымыз тақтаны қоса алмайды",  # endings after the teacher word
        "apaıymyz taqtany qosa almaıdy",  # Latin
        "Учитель у нас проектор включить не может",  # Russian, words between
    ],
)
def test_a_teacher_and_what_she_cannot_do_hold_the_frame(text: str) -> None:
    assert _found(text) == {frame_term("teacher-development", 0)}


@pytest.mark.parametrize(
    "text",
    [
        "Балам оқи алмайды, мұғалім айтты",  # the child cannot: the teacher comes after
        "Апай жақсы адам. Біз тақтаны қоса алмаймыз",  # two sentences
        "Мұғалім тақтаны қосты",  # nothing the teacher cannot do
    ],
)
def test_the_frame_needs_its_order_and_one_sentence(text: str) -> None:
    assert _found(text) == set()


@pytest.mark.parametrize(
    "question",
    [
        "Біздің химия апайымыз интерактивті тақтаны әлі күнге қоса алмайды",
        "Тарих ағайымыз презентация жасай алмайды, оларды бір жерде оқытпай ма?",
    ],
)
def test_a_pupils_complaint_about_a_teacher_is_the_teachers_courses(
    index: SearchIndex, question: str
) -> None:
    # Without frames the subject's words (a board, a presentation) led: a renovation, or
    # nothing asked back first.
    answer = index.answer(question)
    assert answer.slug == "teacher-development"


def test_the_childs_own_difficulty_stays_the_childs(index: SearchIndex) -> None:
    answer = index.answer("Балам оқи алмайды, мұғалім не істейміз дейді")
    assert answer.slug == "inclusive-resource-centers"


def test_a_parent_whom_the_teacher_could_not_tell_still_gets_the_program(
    index: SearchIndex,
) -> None:
    assert index.answer("Мұғалім де білмейді, ыстық тамақ тегін бе?").slug == "free-meals"


@pytest.mark.parametrize(
    "question",
    [
        "Сынып жетекшісі ауырып қалды, өйткені бір әке апайды жұрттың көзінше балағаттады",
        "Вчера отец ученика накричал на учительницу при детях, кто защитит",
    ],
)
def test_a_teacher_shouted_at_is_the_teachers_status(index: SearchIndex, question: str) -> None:
    # The law on the teacher's status protects the teacher's honour: the teacher named as
    # the one shouted at, or asked who protects her. Without the frame: nothing, or the
    # olympiads first.
    answer = index.answer(question)
    assert (answer.slug or answer.suggestions[0]) == "teacher-status"


def test_a_teacher_who_scolds_a_child_is_not_the_teachers_status(index: SearchIndex) -> None:
    answer = index.answer("Апай балама бүгін қатты ұрсты")
    assert "teacher-status" not in (answer.slug, *answer.suggestions[:1])


def test_an_admins_frame_leads_to_its_program() -> None:
    # A frame an admin writes for another program: a teacher who hits a child. Without it
    # the ruler («сызғыш») led to school supplies.
    frame = Frame((("апай", "ағай"), ("ұрды", "ұрады")))
    domain = replace(shipped_domain(), frames={"school-safety": (frame,)})
    index = SearchIndex(load_shipped_entries(), domain)
    question = "Ағай баламды сабақта сызғышпен ұрды"
    assert frame_term("school-safety", 0) in {
        w.folded for w in FrameReader(domain.frames).present(words(question))
    }
    answer = index.answer(question)
    assert (answer.slug or answer.suggestions[0]) == "school-safety"


@pytest.mark.parametrize(
    ("frames", "message"),
    [
        ('[[frames]]\nslots = [["мұғалім"]]\n', "two or more"),
        ('[[frames]]\nslots = [["мұғалім"], []]\n', "slot must hold"),
        ('[[frames]]\nslots = [["мұғалім"], [""]]\n', "non-empty"),
        ("[[frames]]\nwho = 1\n", "two or more"),
    ],
)
def test_a_broken_frame_is_refused_with_its_file(tmp_path: Path, frames: str, message: str) -> None:
    shutil.copytree(DATA_DIR, tmp_path, dirs_exist_ok=True)
    path = tmp_path / "concepts" / "school-buses.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + frames, encoding="utf-8")
    with pytest.raises(EntryError, match=message) as caught:
        load_domain(tmp_path)
    assert "school-buses.toml" in str(caught.value)


def test_the_shipped_frames_are_read() -> None:
    assert shipped_domain().frames["teacher-development"]
