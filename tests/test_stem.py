"""The Kazakh suffix stripper: inflected forms of one word must share a stem."""

from __future__ import annotations

import pytest

from knowledge.normalize import tokens
from knowledge.stem import stem, stems, word_stems


def _folded(word: str) -> str:
    (token,) = tokens(word)
    return token


# inflected word (any spelling) → the stem it must share with its dictionary form (folded)
SHARED_STEMS = [
    # тамақ «food»: possessive, dative, derivation, Russian keyboard, Latin
    ("тамағы", "тамак"),
    ("тамагы", "тамак"),
    ("тамаққа", "тамак"),
    ("тамақпен", "тамак"),
    ("тамақтандыру", "тамак"),
    ("tamaǵy", "тамак"),
    # автобус
    ("автобустармен", "автобус"),
    ("автобусы", "автобус"),
    ("avtobýstarmen", "автобус"),
    # мектеп: voiced п→б before a vowel, -ке after voiceless
    ("мектептерде", "мектеп"),
    ("мектебі", "мектеп"),
    ("мектепке", "мектеп"),
    ("мектептегі", "мектеп"),
    ("mektebi", "мектеп"),
    # verbs
    ("беріледі", "бер"),
    ("береді", "бер"),
    ("қатысуға", "катыс"),
    ("қатысады", "катыс"),
    # бала
    ("балаларға", "бала"),
    ("балаларга", "бала"),
    ("balalarǵa", "бала"),
    ("баласына", "бала"),
    # loanwords
    ("медаліне", "медал"),
    ("медаль", "медал"),
    ("медальға", "медал"),
    ("олимпиадасына", "олимпиада"),
    ("олимпиадаларға", "олимпиада"),
    ("колледжге", "колледж"),
    ("лагерьлерге", "лагер"),
    ("стипендиясы", "стипендиа"),
    ("кабинеттері", "кабинет"),
    # native nouns
    ("оқушыларға", "окушы"),
    ("oqýshylaryna", "окушы"),
    ("мұғалімдерге", "мугалим"),
    ("мугалимдерге", "мугалим"),
    ("үйірмеге", "уирме"),
    ("үйірмелерге", "уирме"),
    ("орталығы", "орталык"),
    ("ortalyǵyna", "орталык"),
    ("жолдамасын", "жолдама"),
    ("кітабы", "китап"),
    ("сыныбы", "сынып"),
    ("облысында", "облыс"),
    ("ауылдағы", "ауыл"),
    ("өтінішімді", "отиниш"),
    ("құжаттарды", "кужат"),
    ("бағдарламасы", "багдарлама"),
    ("бағалары", "бага"),
    ("жеңімпаздары", "женимпаз"),
    ("мүмкіндігі", "мумкиндик"),
    ("қажеттілігі", "кажеттилик"),
    # place names
    ("Шымкенттегі", "шымкент"),
    ("shymkentte", "шымкент"),
    ("таразда", "тараз"),
]


@pytest.mark.parametrize(("word", "expected"), SHARED_STEMS)
def test_inflected_word_shares_the_stem(word: str, expected: str) -> None:
    found = stems(_folded(word))
    assert expected in found, f"{word} → {sorted(found)}"


@pytest.mark.parametrize(
    "forms",
    [
        ("тамақ", "тамағы", "тамаққа", "tamaq", "тамагы"),
        ("мектеп", "мектебі", "мектепке", "мектептерде", "mektepke"),
        ("автобус", "автобусы", "автобустармен", "avtobýstarmen"),
        ("олимпиада", "олимпиадасына", "олимпиадаға"),
        ("төле", "төлеймін", "төлейді", "төлейміз"),  # the glide «й» of a vowel-final verb
    ],
)
def test_all_forms_of_a_word_meet_in_one_stem(forms: tuple[str, ...]) -> None:
    common = frozenset.intersection(*(stems(_folded(f)) for f in forms))
    assert _folded(forms[0]) in common


# word → a stem it must NOT get: the cut breaks suffix order or consonant agreement and
# would turn the word into a different one.
OVER_STEMMING = [
    ("бағамы", "бага"),  # бағам+ы «its rate», not баға+м+ы (two possessives) «grade»
    ("тағамы", "тага"),  # тағам+ы «its food», not таға «horseshoe»
    ("қаламы", "кала"),  # қалам+ы «his pen», not қала «city»
    ("адамы", "ада"),
    ("сабағы", "саба"),  # сабақ+ы «his lesson», not саба «leather bag»
    ("бағыты", "багы"),  # бағыт+ы: -ты cannot follow a vowel
    ("балалар", "бал"),  # бала+лар «children», not бал «honey»
    ("бағыттары", "багы"),
]


@pytest.mark.parametrize(("word", "wrong"), OVER_STEMMING)
def test_over_stemming_is_refused(word: str, wrong: str) -> None:
    assert wrong not in stems(_folded(word))


@pytest.mark.parametrize("word", ["ана", "тил", "ол", "5", "2025", "а"])
def test_short_words_and_numbers_are_left_alone(word: str) -> None:
    assert stems(word) == frozenset({word})


def test_the_token_itself_is_always_a_stem() -> None:
    for word, _ in SHARED_STEMS:
        token = _folded(word)
        assert token in stems(token)


def test_stem_is_the_shortest_candidate() -> None:
    assert stem("балаларга") == "бала"
    assert stem("мектептерде") == "мектеп"


@pytest.mark.parametrize("verb", ["жазу", "жазып", "жазган", "жазды", "жазса", "жазушы"])
def test_writing_is_not_summer(verb: str) -> None:
    # «өтініш жазу» must not meet the summer camps' «жаз»; «жазда», «жазгы» still do.
    assert "жаз" not in word_stems(verb)
    assert "жаз" in word_stems("жазда") and "жаз" in word_stems("жазгы")


@pytest.mark.parametrize("summer", ["жаздын", "жаздыгуни", "жаздык"])
def test_summer_forms_like_the_verb_keep_summer(summer: str) -> None:
    assert "жаз" in word_stems(summer)


@pytest.mark.parametrize(
    ("word", "root"),
    [
        ("ұлым", "ул"),
        ("ұлға", "ул"),
        ("ұлдарым", "ул"),
        ("асқа", "ас"),
        ("биге", "би"),
        ("суы", "су"),
    ],
)
def test_two_letter_noun_roots_are_reached(word: str, root: str) -> None:
    # «ұлым» (my son) and «асқа» (to the meal) are two-letter roots with endings.
    assert root in stems(_folded(word))


@pytest.mark.parametrize(
    ("word", "verb"),
    [
        ("тамақтанбай", "тамак"),  # without eating
        ("оқытпай", "окыт"),  # without teaching
        ("төлемей", "толе"),  # without paying
        ("жеткізбей", "жеткиз"),  # without taking there
        ("білмей", "бил"),
    ],
)
def test_the_negative_converb_reaches_its_verb(word: str, verb: str) -> None:
    # «-май/-мей/-пай/-пей/-бай/-бей»: «балам тамақтанбай жүр» is about eating.
    assert verb in stems(_folded(word))


@pytest.mark.parametrize(("word", "wrong"), [("үлкен", "ул"), ("астана", "ас"), ("анда", "ан")])
def test_other_two_letter_remnants_are_not_stems(word: str, wrong: str) -> None:
    # «үлкен» is not ұл+кен (a verb ending), and only listed roots are kept.
    assert wrong not in stems(_folded(word))
