"""The answer card a parent reads on a phone: the asked fact first, short, sources a person
can open. Pure: the engine, the fact ranker and the renderer, no dispatcher."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.engine import SearchIndex
from knowledge.facts import fact_subjects, rank_facts, read_question
from knowledge.loader import load_shipped_entries
from knowledge.model import Entry, entry_from_dict
from replies import texts
from replies.render import (
    CARD_LIMIT,
    render_apply,
    render_card,
    render_other_regions,
    render_source,
    render_sources,
    reply_to,
    to_plain,
)

ENTRIES = load_shipped_entries()
INDEX = SearchIndex(ENTRIES)
REGIONS = [None, *texts.REGION_NAMES]
# A bare home page: an address with nothing after the site's name.
HOME_PAGE = re.compile(r"https?://[^/\s]+/?(?=[\s,;)»]|$)")
FILE_NAME = re.compile(r"seeds/|\.txt\b")

# Question → program → the figure its card must show in its first lines. Written for these
# tests (not taken from any evaluation set): one figure of one region each, or a nationwide
# one. The program is given: which program a question asks about is the engine's test.
FIGURES = [
    ("Алматы облысындағы мектептерде тегін ыстық тамақ ішетін оқушылар саны қанша?",
     "free-meals", "176 390"),
    ("Жамбыл облысы оқушылардың ыстық тамағына қанша ақша бөлді?", "free-meals", "10,1 млрд"),
    ("Жамбылда аз қамтылған отбасының қанша баласы тегін тамақтанады?", "free-meals", "18 200"),
    ("Шымкент мектептерінде неше сенсорлық бөлме ашылды?", "inclusive-resource-centers",
     "10 сенсорлық"),
    ("Алматы облысында мектепке автобуспен баратын бала саны қанша?", "school-buses", "35 081"),
    ("Шымкентте курстан өткен мұғалімдер саны қанша?", "teacher-development", "1 200"),
    ("Алматы облысында жазда неше лагерь жұмыс істеді?", "summer-camps", "27 лагерь"),
    ("Алматы облысы жазғы демалысқа жергілікті бюджеттен қанша қаржы бөлді?", "summer-camps",
     "282,3 млн"),
    ("Жамбыл оқушылары олимпиадаларда неше медаль алды?", "olympiads", "464"),
    ("Шымкентте неше мектепте STEM орталығы ашылды?", "stem-centers", "50 мектепте"),
    ("Елімізде тегін тамақ алатын оқушылар саны қанша?", "free-meals", "1,7 млн"),
    ("Оқу құралдарына бір балаға қанша теңге береді?", "school-supplies", "46 228"),
    ("Жамбыл облысында «Мың бала» олимпиадасына неше оқушы қатысты?", "myn-bala", "335"),
    ("Алматы облысында неше педагог курстан өтті?", "teacher-development", "5 200"),
    ("Жамбылда қауіпсіздік кешендері неше мектепке орнатылды?", "school-safety", "180"),
    ("Жамбылда «Жас маман» жобасына неше колледж кірген?", "zhas-maman", "11 колледж"),
    ("Жамбыл облысында неше оқушыға оқу құралы берілді?", "school-supplies", "11 400"),
]  # fmt: skip


def _card(question: str, user_region: str | None = None) -> str:
    answer = INDEX.answer(question)
    assert answer.kind == "answer", question
    return to_plain(reply_to(answer, INDEX, user_region).text)


@pytest.mark.parametrize(("question", "slug", "figure"), FIGURES)
def test_the_asked_figure_stands_in_the_first_lines(question: str, slug: str, figure: str) -> None:
    entry = INDEX.get(slug)
    assert entry is not None
    region = INDEX.answer(question).region
    assert figure in to_plain(render_card(entry, question, region).text)[:400]


@pytest.mark.parametrize(
    ("name", "bar"),
    [
        # Never read while the engine changed; issue 13's goal: nine times in ten.
        ("independent2", 0.9),
        # 80 figure questions in many voices, fitted on by the decision (not by the card):
        # 69 of 80 shown; 6 are asked back or refused, 5 show another figure first.
        ("figures", 0.8),
    ],
)
def test_independent_figure_questions_show_the_figure_in_the_first_lines(
    name: str, bar: float
) -> None:
    # Figure questions written by helpers from the catalogue. Through the engine and the
    # card, as a parent gets them: the figure (its digits, spaces aside) within the first
    # 400 characters.
    path = Path(__file__).parent / "data" / f"{name}.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    figures = [row for row in rows if row.get("fact")]
    shown = 0
    for row in figures:
        answer = INDEX.answer(row["q"])
        entry = INDEX.get(answer.slug or "")
        if answer.slug == row["expect"] and entry is not None:
            first_lines = to_plain(render_card(entry, row["q"], answer.region).text)[:400]
            digits = re.sub(r"\s", "", first_lines)
            shown += re.search(rf"(?<!\d){row['fact']}(?!\d)", digits) is not None
    assert len(figures) >= 20
    assert shown / len(figures) >= bar, f"{shown}/{len(figures)}"


def test_the_figure_subject_is_read_from_the_fact_and_the_question() -> None:
    assert fact_subjects("Жамбылда 105 мыңнан астам оқушы қамтылды, 10,1 млрд теңге бөлінді") >= {
        "pupils",
        "money",
    }
    assert read_question("неше мұғалім курстан өтті", None).subjects == {"teachers"}
    assert read_question("Тегін тамаққа қалай өтініш беремін?", None).asks_how


def test_the_region_named_wins_over_a_better_worded_fact_elsewhere() -> None:
    entry = INDEX.get("teacher-development")
    assert entry is not None
    ranked = rank_facts(entry, read_question("курстан неше мұғалім өтті", "almaty-region"))
    assert ranked[0].fact.region == "almaty-region"


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.slug)
def test_every_card_fits_one_screen_in_every_region(entry: Entry) -> None:
    questions = ["", "қанша?", "Қалай өтініш беремін?", *entry.questions[:3]]
    for region in REGIONS:
        for question in questions:
            card = render_card(entry, question, region)
            assert len(to_plain(card.text)) <= CARD_LIMIT, (region, question)
            assert card.text.startswith(f"<b>{entry.title}</b>") or "&" in entry.title


def test_the_longest_texts_an_admin_may_write_still_fit() -> None:
    data = ENTRIES[0].to_dict()
    data["title"] = "Атауы " * 20
    data["sources"] = [
        {
            "id": "s1",
            "outlet": "Басылым " * 10,
            "title": "Ұзын атау " * 30,
            "ref": "x",
            "date": "2025",
            "url": "https://example.kz/" + "a" * 280,
        }
    ]
    long_fact = "Ұзын сөйлем. " * 230
    data["regions"] = [{"region": r, "year": "2025", "text": long_fact, "source": "s1"}
                       for r in ("zhambyl", "kz")]  # fmt: skip
    data["answer"] = "Өте ұзын сөйлем " * 180
    entry = entry_from_dict(data)
    for region in REGIONS:
        for question in ("", "қанша", "қалай"):
            assert len(to_plain(render_card(entry, question, region).text)) <= CARD_LIMIT


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.slug)
def test_no_reply_shows_a_file_name_or_a_bare_home_page(entry: Entry) -> None:
    replies = [render_sources(entry), render_apply(entry)]
    for region in REGIONS:
        card = render_card(entry, "", region)
        replies += [card.text, render_other_regions(entry, card.shown)]
    for reply in map(to_plain, replies):
        assert not FILE_NAME.search(reply), reply
        assert not HOME_PAGE.search(reply), reply


def test_the_internal_reference_is_for_admins_only() -> None:
    entry = INDEX.get("free-meals")
    assert entry is not None
    assert "seeds/000_" not in render_sources(entry)
    assert "seeds/000_" in render_sources(entry, admin=True)


def test_a_source_says_its_outlet_and_date_and_undated_says_so() -> None:
    entry = INDEX.get("free-meals")
    assert entry is not None
    seed = entry.source_by_id("seed-003")
    school = entry.source_by_id("licey1")
    assert seed is not None and school is not None
    assert to_plain(render_source(seed)).startswith("BAQ.KZ: ")
    assert to_plain(render_source(seed)).endswith("2025 ж. тамыз")
    assert to_plain(render_source(school)).endswith(", күні белгісіз")


def test_a_public_link_is_shown_when_there_is_one() -> None:
    entry = INDEX.get("inclusive-resource-centers")
    assert entry is not None
    assert "https://adilet.zan.kz/kaz/docs/V2000020744" in render_sources(entry)


def test_a_region_without_figures_gets_the_nationwide_rules_and_a_clear_line() -> None:
    text = _card("Тегін тамақ кімге беріледі?", user_region="astana")
    _, notice, first = text.split("\n\n")[:3]
    assert notice.startswith("📍 Астана қаласы: бұл өңір бойынша білім қорында әлі дерек жоқ.")
    assert first.startswith("• Қазақстан бойынша")
    assert not any(name in text for name in ("Жамбыл облысы", "Алматы облысы"))


def test_a_region_named_in_the_question_without_figures_gets_no_other_regions() -> None:
    text = _card("Түркістан облысында мектеп автобусына қалай жазылады?")
    assert "Түркістан облысы: бұл өңір бойынша" in text
    assert "Алматы облысы" not in text


def test_how_to_apply_comes_before_the_regions_statistics() -> None:
    text = _card("Тегін тамаққа қалай өтініш беремін?", user_region="almaty-region")
    facts = text.split("\n\n")[1]
    assert facts.startswith("• Қазақстан бойынша") and "egov.kz" in facts
    assert "176 390" not in text[:400]


def test_a_card_shows_the_users_region_and_keeps_the_others_behind_a_button() -> None:
    entry = INDEX.get("free-meals")
    assert entry is not None
    card = render_card(entry, "", "zhambyl")
    assert "Жамбыл облысы" in card.text and "Алматы облысы" not in card.text
    assert card.more_regions and card.more_apply
    rest = to_plain(render_other_regions(entry, card.shown))
    assert "Алматы облысы, 2025" in rest and "176 390" in rest
    assert "Дереккөз: " in rest


def test_how_to_apply_in_full_holds_the_whole_answer_and_the_rules() -> None:
    entry = INDEX.get("free-meals")
    assert entry is not None
    text = to_plain(render_apply(entry))
    assert entry.answer in text
    assert "5 жұмыс күні" in text and "ЭЦҚ (электрондық цифрлық қолтаңба)" in text


def test_the_abolished_medal_says_so_before_any_figure_in_every_region() -> None:
    entry = INDEX.get("elbasy-medal")
    assert entry is not None
    for region in REGIONS:
        text = to_plain(render_card(entry, "Елбасы медалі деген не?", region).text)
        assert "жойыл" in text.split("\n\n")[0]  # the first line a phone shows


@settings(max_examples=60, deadline=None)
@given(
    question=st.text(max_size=300),
    entry=st.sampled_from(ENTRIES),
    region=st.sampled_from(REGIONS),
)
def test_any_question_gets_a_card_within_one_screen(
    question: str, entry: Entry, region: str | None
) -> None:
    card = render_card(entry, question, region)
    assert len(to_plain(card.text)) <= CARD_LIMIT
    assert "Дереккөз: " in card.text and "тексерілген күні: " in card.text


def test_an_admin_types_a_source_with_an_outlet_and_no_date() -> None:
    from knowledge.admin_input import parse_source, source_line
    from knowledge.model import Source

    typed = "BAQ.KZ | Тегін тамақ туралы хабар | https://baq.kz | -"
    source = Source(**parse_source(typed, "s1"))
    assert (source.outlet, source.date, source.url) == ("BAQ.KZ", "", "")  # a home page
    assert to_plain(render_source(source)) == "BAQ.KZ: Тегін тамақ туралы хабар, күні белгісіз"
    assert source_line(source) == typed
    linked = parse_source("Қаулы | https://adilet.zan.kz/kaz/docs/V23FG004118 | 2023", "s2")
    assert linked["url"] == "https://adilet.zan.kz/kaz/docs/V23FG004118"


def test_inflected_how_many_and_a_share_ask_for_a_figure() -> None:
    # «сколько» folds to «сколко»: its inflections («скольких») must still ask a figure.
    assert read_question("В скольких школах Шымкента обновили IT-классы?", "shymkent").asks_figure
    assert read_question("Какой процент школ оснащён системами безопасности?", None).asks_figure
    assert not read_question("Тегін тамаққа қалай өтініш беремін?", None).asks_figure


def test_the_noun_asked_for_picks_the_fact_that_counts_it() -> None:
    entry = INDEX.get("colleges")
    assert entry is not None
    question = read_question("Jambyl oblysynyń kolledjderinde neshe mamandyq bar?", "zhambyl")
    assert "72" in rank_facts(entry, question)[0].fact.text
