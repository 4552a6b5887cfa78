"""A fold-then-strip Kazakh stemmer working on folded tokens (see normalize.py).

Kazakh glues suffixes to the stem (мектеп+тер+де, автобус+тар+мен, бер+іл+еді). Vowel
harmony gives each suffix a back and a front form, which folding (і→и, ұ/ү→у, ғ→г, қ→к,
ң→н) often merges into one string; the consonant a suffix starts with agrees with the
letter before it (мектеп+ке but бала+ға, автобус+тар but бала+лар), which the rules below
use to refuse impossible cuts. A word can still be cut in more than one way (облыс+ы or
облы+сы), so `stems` returns every stem a valid chain of suffixes leaves, and the index
matches a question word to an entry word when they share a stem. A stem left ending in a
voiced г/б is devoiced (тамағы→тамаг→тамак, кітабы→китап), as the dictionary form ends in
қ/к/п. Truncated words and derivations are caught by prefix terms in the index.

Why our own (evaluated on this machine, 2026-11): `kazstem` 0.2.1 installs from PyPI but
its analyzer (qazmorph) refuses every word — "Kazakh FST resources are not installed" —
because the HFST/apertium-kaz bundle it needs is not on PyPI (and it is GPL-3.0); per
its documentation it also misses Russian-keyboard forms (тамагы, балаларга). `qaznltk`
1.3 has tokenizers, stop words and transliteration but no stemmer. Snowball/PyStemmer
have no Kazakh. This stripper finds the shared stem for the whole word table in
tests/test_stem.py (тамағы/тамагы/тамаққа/тамақтандыру → тамак, автобустармен →
автобус, мектептерде/мектебі → мектеп, беріледі → бер, балаларға/балаларга → бала) at
about 11 µs per word uncached and 0.2 µs cached.
"""

from __future__ import annotations

from functools import lru_cache

from knowledge.normalize import has_vowel

MIN_STEM = 3
# Two-letter noun roots parents use: «ұлым», «ұлға» (son), «асқа» (a meal), «биге» (dance),
# «суы» (water). Any other two-letter remnant is noise, and these take only noun endings:
# «үлкен» is not ұл+кен. «үй» stays out: home, house and homework are one word in it.
SHORT_ROOTS = frozenset({"ул", "ас", "би", "су"})
_SHORTEST_ROOT = min(map(len, SHORT_ROOTS))

# Folded spellings of suffixes by their slot in the word, left to right: a word is stem +
# derivation* + verb form + plural + possessive + case + person + particle, so stripping
# from the end must go to strictly earlier slots (derivations may repeat). This refuses
# cuts such as бағам+ы → бага+м+ы (two possessives) that would make «rate» into «grade».
# The negative converb «-май/-пай/-бай» (тамақтанбай, оқытпай) is one verb form here.
DERIVATION, NEGATION, VERB_FORM, PLURAL, POSSESSIVE, CASE, PERSON, PARTICLE = range(1, 9)
_SLOTS = {
    DERIVATION: "лык лик дык дик тык тик лы ли ды ди ты ти сыз сиз шы ши дыр дир тыр тир "
    "лан лен дан ден тан тен гы ги кы ки",
    NEGATION: "ма ме ба бе па пе",
    VERB_FORM: "а е и у ады еди иды иди ды ди ты ти ган ген кан кен атын етин итин ылады иледи "
    "ып ип са се сак сек мак мек пак пек бак бек маи меи баи беи паи пеи",
    PLURAL: "лар лер дар дер тар тер",
    POSSESSIVE: "ым им ын ин ыныз иниз ныз низ ы и сы си мыз миз ымыз имиз м",
    CASE: "нын нин дын дин тын тин га ге ка ке на не ны ни ды ди ты ти н да де та те нда "
    "нде дагы деги таги теги ндагы ндеги дан ден тан тен нан нен мен бен пен менен бенен "
    "пенен уга уге уды уди уын уин уы уи",
    PERSON: "мын мин бын бин пын пин сын син сыз сиз мыз миз быз биз пыз пиз",
    PARTICLE: "ма ме ба бе па пе шы ши",
}
SUFFIXES: dict[str, tuple[int, ...]] = {}
for _slot, _suffixes in sorted(_SLOTS.items()):
    for _suffix in _suffixes.split():
        SUFFIXES[_suffix] = (*SUFFIXES.get(_suffix, ()), _slot)
VOWELS = frozenset("аеиоуы")
VOICELESS = frozenset("кпстфхцчш")
_LONGEST = max(len(s) for s in SUFFIXES)
_DEVOICE = {"г": "к", "б": "п"}
_LOAN_VOICED = frozenset("бвгд")
_BARE_VOWELS = frozenset("аеи")
_AFTER_VOWEL_ONLY = frozenset({"сы", "си", "сын", "син", "м", "иды", "иди"})
_AFTER_NASAL_TOO = frozenset({"нын", "нин", "нан", "нен"})  # адамның, заңнан
_AFTER_CONSONANT_ONLY = frozenset({"гы", "ги", "кы", "ки"})  # жаз+ғы, but not саба+ғы
_AFTER_U_TOO = frozenset({"ы", "и"})  # оқу+ы, тасымалдау+ы: у after a vowel is a consonant


def _fits(suffix: str, before: str) -> bool:
    """Whether `suffix` may follow the letter `before` (consonant agreement, roughly)."""
    if suffix in _AFTER_VOWEL_ONLY:
        return before in VOWELS
    if suffix in _AFTER_CONSONANT_ONLY and before in VOWELS:
        return False
    head = suffix[0]
    if head in "ткп":
        # Loanwords ending in a voiced б/в/г/д take the voiceless form: педагогқа, логопедке.
        return before in VOICELESS or before in _LOAN_VOICED
    if head in "дгблм":
        return before not in VOICELESS
    if head == "н":
        return before in VOWELS or (suffix in _AFTER_NASAL_TOO and before in "мн")
    if head in VOWELS and head != "у":
        return before not in VOWELS or (suffix in _AFTER_U_TOO and before == "у")
    return True


@lru_cache(maxsize=524_288)
def stems(token: str, before_slot: int = PARTICLE + 1) -> frozenset[str]:
    """Every stem a valid chain of suffixes can leave of a folded token, the token included.

    `before_slot`: only suffixes of earlier slots may still be stripped.
    """
    found = {token}
    if token.isdigit() or len(token) <= _SHORTEST_ROOT:
        return frozenset(found)
    for size in range(1, min(_LONGEST, len(token) - _SHORTEST_ROOT) + 1):
        suffix, rest = token[-size:], token[:-size]
        slots = SUFFIXES.get(suffix)
        if len(rest) < MIN_STEM:
            if rest not in SHORT_ROOTS or not slots:
                continue
            slots = tuple(slot for slot in slots if slot >= PLURAL)
        glide = suffix == "и" and rest[-1] in VOWELS and before_slot <= PARTICLE
        if not slots or not has_vowel(rest) or not (glide or _fits(suffix, rest[-1])):
            continue  # (a glide: төле+й+мін, folded «толеимин», is cut before an ending)
        if size == 1 and suffix in _BARE_VOWELS and len(rest) <= MIN_STEM:
            continue  # бала is not бал+а: a lone vowel is cut only from a longer stem
        rests = [rest]
        if rest[-1] in _DEVOICE and len(rest) > 1 and rest[-2] in VOWELS:
            rests = [rest[:-1] + _DEVOICE[rest[-1]]]  # тамағ → тамақ, but not жазғ
            if suffix[0] in "ткп":  # a loanword kept its voiced end: педагог+қа
                rests.append(rest)
        for slot in slots:
            if slot < before_slot or slot == before_slot == DERIVATION:
                for candidate in rests:
                    found |= stems(candidate, slot)
    return frozenset(found)


# Roots that are a noun and a verb at once, with the verb's endings that leave no doubt:
# «жаз» is summer (жазда, жазғы, жаздың, жаздыгүні) and write (жазу, жазып, жазған,
# жазады, жазба, жазғым, жазсаңыз); a parent's «өтініш жазу» is not about the summer
# camps. «жазды» is also summer's accusative, but a parent mostly writes it as the verb.
_VERB_HOMONYMS = {
    "жаз": ("у", "ып", "ган", "гым", "гыс", "са", "а", "ба", "дым", "дыныз", "дыр", "ынызшы"),
}
_VERB_WORDS = frozenset(("жазды",))


def _verb_part(token: str) -> str | None:
    """The root and the verb ending a homonym's token starts with, or None."""
    if token in _VERB_WORDS:
        return token
    for root, endings in _VERB_HOMONYMS.items():
        if token.startswith(root):
            rest = token[len(root) :]
            ending = next((e for e in endings if rest.startswith(e)), None)
            if ending is not None:
                return root + ending
    return None


def word_stems(token: str) -> frozenset[str]:
    """`stems` of a whole word, without the noun stems its verb ending rules out: no stem
    shorter than the root with that ending («жазған» keeps no «жазг», which «жазғы» has)."""
    found = stems(token)
    verb = _verb_part(token)
    if verb is None:
        return found
    return frozenset(s for s in found if len(s) >= len(verb))


def stem(token: str) -> str:
    """The shortest stem: the most general form, for displays and tests."""
    return min(stems(token), key=lambda s: (len(s), s))
