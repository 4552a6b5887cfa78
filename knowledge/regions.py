"""The regions of Kazakhstan, and which one a question names: «Шымкентте», «Алматы облысында»,
«Таразда», «Астанада», «jambyl»…"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

NATIONWIDE = "kz"
# Every region (облыс) and city of republican significance, as of 2022.
REGION_CODES = (
    "astana",
    "almaty",
    "shymkent",
    "abai",
    "akmola",
    "aktobe",
    "almaty-region",
    "atyrau",
    "west-kazakhstan",
    "zhambyl",
    "zhetisu",
    "karaganda",
    "kostanay",
    "kyzylorda",
    "mangystau",
    "pavlodar",
    "north-kazakhstan",
    "turkistan",
    "ulytau",
    "east-kazakhstan",
)

# Folded prefixes of place names (Kazakh, Russian, Latin folded): the region centre and its
# other large towns count as the region.
_CITY_PREFIXES = {
    "астан": "astana",  # «Астанаға», and the Russian «в Астану»
    "акмол": "akmola",
    "кокшетау": "akmola",
    "шымкент": "shymkent",
    "чимкент": "shymkent",
    "жамбыл": "zhambyl",
    "жамбил": "zhambyl",
    "тараз": "zhambyl",
    "конаев": "almaty-region",
    "талдыкорган": "zhetisu",
    "жетису": "zhetisu",
    "актобе": "aktobe",
    "актуб": "aktobe",
    "атырау": "atyrau",
    "уралск": "west-kazakhstan",
    "караганд": "karaganda",
    "костана": "kostanay",
    "кустана": "kostanay",
    "кызылорд": "kyzylorda",
    "мангыст": "mangystau",
    "мангист": "mangystau",
    "актау": "mangystau",
    "павлодар": "pavlodar",
    "петропавл": "north-kazakhstan",
    "туркистан": "turkistan",
    "туркестан": "turkistan",
    "улытау": "ulytau",
    "жезказган": "ulytau",
    "оскемен": "east-kazakhstan",
    "каменогорск": "east-kazakhstan",
    "семипалат": "abai",
    # Districts and towns of the regions the programs' facts come from, and big towns
    # elsewhere: parents name their town, not the region. Шу («noise») and Талас
    # («dispute») count in their place forms (_CITY_FORMS) or before «ауданы»
    # (_BEFORE_DISTRICT); Есік («door») and Шелек («bucket») are left out, and so are
    # Қаратау, Балқаш, Жамбыл ауданы, names in two regions.
    "мерке": "zhambyl",
    "кордаи": "zhambyl",
    "жуалы": "zhambyl",
    "жанатас": "zhambyl",
    "баизак": "zhambyl",
    "моиынкум": "zhambyl",
    "сарысу": "zhambyl",
    "каскелен": "almaty-region",
    "капшагаи": "almaty-region",
    "капчагаи": "almaty-region",
    "талгар": "almaty-region",
    "узынагаш": "almaty-region",
    "кеген": "almaty-region",
    "нарынкол": "almaty-region",
    "баканас": "almaty-region",
    "жаркент": "zhetisu",
    "текели": "zhetisu",
    "уштобе": "zhetisu",
    "сарыагаш": "turkistan",
    "кентау": "turkistan",
    "жетисаи": "turkistan",
    "шардара": "turkistan",
    "ленгер": "turkistan",
}
# Words that are also ordinary words (Russian «семей», Kazakh «оралу») count only in these forms.
_CITY_FORMS = {
    **dict.fromkeys(("семеиде", "семеидеги", "семеиге", "семеиден"), "abai"),
    **dict.fromkeys(("орал", "оралда", "оралдагы", "оралга", "оралдан"), "west-kazakhstan"),
    **dict.fromkeys(("зко", "бко"), "west-kazakhstan"),
    **dict.fromkeys(("шуда", "шудагы", "шуга", "шудан"), "zhambyl"),
    **dict.fromkeys(("таласта", "таластагы", "таласка", "таластан"), "zhambyl"),
    **dict.fromkeys(("ско",), "north-kazakhstan"),
    **dict.fromkeys(("вко", "шко"), "east-kazakhstan"),
}
# «Батыс/Солтүстік/Шығыс Қазақстан облысы» and the Russian «Западно-Казахстанская область».
_DIRECTIONS = {
    "батыс": "west-kazakhstan",
    "западно": "west-kazakhstan",
    "солтустик": "north-kazakhstan",
    "северо": "north-kazakhstan",
    "шыгыс": "east-kazakhstan",
    "восточно": "east-kazakhstan",
}
_COUNTRY = ("казакстан", "казахстан")
_HUB = ("хуб", "хаб")  # «Hub» read from Latin or typed in Cyrillic
# Bare «Шу» (noise) and «Талас» (dispute) are places only before «ауданы/қаласы».
_BEFORE_DISTRICT = {"шу": "zhambyl", "талас": "zhambyl"}
_DISTRICT = ("аудан", "район", "калас", "город")  # «қалай» is not «қаласы»
_ALMATY = "алмат"
_ABAI = "абаи"
_OBLYS = ("облыс", "облас", "обл")
# Place words carry no meaning about which program is asked. «Абай» is left out: it is
# also the poet («Абай оқулары»), so alone it is a word of the question.
REGION_WORD_PREFIXES = (
    *_CITY_PREFIXES,
    _ALMATY,
    *_OBLYS,
    "кала",
    "город",
    "оналык",
    "онир",
)


def _named(token: str) -> str | None:
    if token in _CITY_FORMS:
        return _CITY_FORMS[token]
    for prefix, region in _CITY_PREFIXES.items():
        if token.startswith(prefix):
            return region
    return None


def names_programme(token: str, before: str, after: str) -> bool:
    """Whether a place word is a word of a programme's name: «Astana Hub», the «Алтын
    қалам» contest («қалам» is a pen, and also «my city»)."""
    return (token.startswith("астана") and after.startswith(_HUB)) or (
        token.startswith("калам") and before == "алтын"
    )


def names_district(token: str, after: str) -> bool:
    """Whether a town named only before «ауданы/қаласы» stands there («Шу ауданы»), or
    «Абай» names a district or region («Абай ауданы», «Абай облысы»), not the poet."""
    if token.startswith(_ABAI):
        return after.startswith((*_OBLYS, "аудан", "район"))
    return token in _BEFORE_DISTRICT and after.startswith(_DISTRICT)


def detect_region(folded_tokens: Sequence[str]) -> str | None:
    """The region code named in the folded tokens, or None.

    «Алматы» alone is the city of Almaty; with «облыс» it is Алматы облысы. «Astana Hub»
    is a programme, not the capital. A region the asker came from («Шымкенттен», «из
    Шымкента») gives way to another one named: the family asks about where it lives now.
    """
    tokens = list(folded_tokens)
    named = list(_regions_named(tokens))
    here = next((region for region, origin in named if not origin), None)
    return here or (named[0][0] if named else None)


# Folded ablative endings («Шымкенттен», «облысынан»): where someone came from; the
# Russian «из», «со», «с» before the name or before «города/области» and the name.
_FROM_ENDINGS = ("тан", "тен", "дан", "ден", "нан", "нен")
_FROM_WORDS = frozenset(("из", "со", "с"))
_PLACE_KIND_WORDS = frozenset(("города", "г", "области", "района", "села", "поселка"))
# The word after a name that carries its case ending: «облысынан», «қаласынан», «қаладан»
# (not «қалай»).
_NAME_HEAD = (*_OBLYS, "калас", "калад")


def _ablative(token: str) -> bool:
    # «Түркістан» ends like an ablative; «Түркістаннан» is one.
    return token.endswith(_FROM_ENDINGS) and not token.endswith("стан")


def _named_as_left(tokens: Sequence[str], first: int, last: int) -> bool:
    """Whether the name at tokens[first..last] is named as the place left: «из (города)»
    before it, or an ablative on its last word or on «облысы/қаласы» after it."""
    before = tokens[first - 1] if first else ""
    if before in _FROM_WORDS or (
        before in _PLACE_KIND_WORDS and first > 1 and tokens[first - 2] in _FROM_WORDS
    ):
        return True
    head = tokens[last + 1] if last + 1 < len(tokens) else ""
    return _ablative(head if head.startswith(_NAME_HEAD) else tokens[last])


def _regions_named(tokens: Sequence[str]) -> Iterator[tuple[str, bool]]:
    """Each region named, in order, and whether it is named as the place left behind."""
    has_oblys = any(t.startswith(_OBLYS) for t in tokens)
    for i, token in enumerate(tokens):
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        region, last = _region_at(tokens, i, token, after, has_oblys)
        if region is not None:
            yield region, _named_as_left(tokens, i, last)


def _region_at(
    tokens: Sequence[str], i: int, token: str, after: str, has_oblys: bool
) -> tuple[str | None, int]:
    """The region named by the word at `i` (with the word after it, for two-word names),
    and the index of the name's last word."""
    if names_programme(token, tokens[i - 1] if i else "", after):
        return None, i
    if token in _DIRECTIONS and after.startswith(_COUNTRY):
        return _DIRECTIONS[token], i + 1
    if token == "нур" and after.startswith("султан"):
        return "astana", i + 1
    if token.startswith(("жамбыл", "жамбил")) and after.startswith(("аудан", "район")):
        return None, i  # Жамбыл ауданы is a district of Жамбыл and of Алматы облысы
    if token.startswith(_ABAI) and after.startswith(_OBLYS):
        return "abai", i
    if token in _BEFORE_DISTRICT and names_district(token, after):
        return _BEFORE_DISTRICT[token], i
    if token.startswith(_ALMATY) or (token == "алма" and after == "ата"):
        return ("almaty-region" if has_oblys else "almaty"), i
    return _named(token), i


# «облыстық олимпиада», «қалалық кезең», «областная олимпиада»: a level (regional, city),
# as «аудандық» (district) is, not a place.
_LEVEL_ADJECTIVES = ("облыстык", "калалык", "областн", "городск")


def is_place_word(token: str) -> bool:
    """Place names and «облыс/қала» carry no meaning about which program is asked."""
    return (
        token.startswith(REGION_WORD_PREFIXES) or token in _CITY_FORMS
    ) and not token.startswith(_LEVEL_ADJECTIVES)
