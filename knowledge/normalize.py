"""Fold every way of typing Kazakh to one form: the question and the knowledge base alike.

The folded form is lowercase Cyrillic in the Russian-keyboard alphabet: Kazakh letters
become the Russian letters parents type instead of them (ә→а, қ→к, ң→н, і→и, …), Kazakh
Latin (2021/2018 acute alphabet, the 2017 apostrophe alphabet, informal sh/ch/zh) is
transliterated first, and letters repeated for emphasis are squeezed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Kazakh letters and the Russian-keyboard letters typed in their place (э stands in for ә);
# ё/й/ю/я and the signs are folded too, because Latin spellings of them (ya, iu, y) cannot
# be told apart.
_FOLD = str.maketrans(
    {
        "ә": "а",
        "ғ": "г",
        "қ": "к",
        "ң": "н",
        "ө": "о",
        "ұ": "у",
        "ү": "у",
        "і": "и",
        "һ": "х",
        "ё": "е",
        "й": "и",
        "ю": "у",
        "я": "а",
        "э": "а",
        "щ": "ш",
        "ъ": "",
        "ь": "",
    }
)

# Latin → Cyrillic, longest spellings first: 2017 apostrophe letters, informal digraphs,
# then single letters of the 2018/2021 alphabets (with both acute and other diacritics).
_APOSTROPHES = "'’ʼ`´‘"
_LATIN_MULTI = {
    "a'": "ә",
    "g'": "ғ",
    "n'": "ң",
    "o'": "ө",
    "u'": "ү",
    "y'": "у",
    "i'": "и",
    "s'": "ш",
    "c'": "ч",
    "shch": "щ",
    "sh": "ш",
    "ch": "ч",
    "zh": "ж",
    "kh": "х",
    "gh": "ғ",
    "ya": "я",
    "yu": "ю",
    "yo": "ё",
}
_LATIN_SINGLE = {
    "a": "а", "á": "ә", "ä": "ә", "b": "б", "c": "с", "ç": "ч", "d": "д", "e": "е",
    "é": "е", "f": "ф", "g": "г", "ǵ": "ғ", "ğ": "ғ", "h": "х", "i": "і", "ı": "й",
    "í": "и", "ì": "и", "j": "ж", "k": "к", "l": "л", "m": "м", "n": "н", "ń": "ң",
    "ñ": "ң", "ŋ": "ң", "o": "о", "ó": "ө", "ö": "ө", "p": "п", "q": "қ", "r": "р", "s": "с",
    "ş": "ш", "t": "т", "u": "ұ", "ú": "ү", "ü": "ү", "ū": "ұ", "v": "в", "w": "у",
    "x": "х", "y": "ы", "ý": "у", "z": "з",
}  # fmt: skip
_LATIN_RE = re.compile(
    "|".join(re.escape(k) for k in sorted(_LATIN_MULTI, key=len, reverse=True))
    + "|[" + "".join(_LATIN_SINGLE) + "]"
)  # fmt: skip
# Latin letters that look like Cyrillic ones, fixed inside otherwise Cyrillic words.
_HOMOGLYPHS = str.maketrans(
    {"a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "k": "к",
     "m": "м", "h": "н", "t": "т", "b": "в", "i": "і"}
)  # fmt: skip
_VOWELS_LATIN = set("aeiouyáäéíóöúüýı")

_TOKEN_RE = re.compile(r"\d+|[^\W\d_]+(?:[" + _APOSTROPHES + r"][^\W\d_]*)*")
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
_LATIN_ANY_RE = re.compile(r"[a-zà-ÿĀ-ſǵ]")
_VOWELS = set("аеиоуы")
_RUN_RE = re.compile(r"([^\W\d_])\1{2,}")  # letters only: 1000000 stays a number
_DOUBLE_VOWEL_RE = re.compile(r"([аеиоуы])\1")


# ı is и/й in the 2018 alphabet and і in the 2021 one (bır = бір): both fold to и.
# y is ы in both; only informal spelling uses it for й. Before a, e, o, u it is left to
# «ya», «ye», «yo», «yu» (я, е, ё, ю): «zhayau» is «жаяу» as typed in Cyrillic.
_Y_AS_J_RE = re.compile("(?<=[aeiouáäéíóöúüýı])y(?=[áäéíóöúüıi]|$)")


def _latin_to_cyrillic(token: str) -> str:
    # Informal «y» between vowels or after a vowel at the end is «й» (qalay, uyirme);
    # elsewhere it is «ы» (auyl, balalardy).
    token = _Y_AS_J_RE.sub("й", token)

    def repl(match: re.Match[str]) -> str:
        text = match.group(0)
        return _LATIN_MULTI.get(text) or _LATIN_SINGLE[text]

    token = _LATIN_RE.sub(repl, token)
    return "".join(ch for ch in token if ch not in _APOSTROPHES)


# Russian typed in Latin letters («besplatnoe pitanie», «ocenki», «zdravstvuyte»): read as
# Russian spelling, so the Russian words of the domain are known in it too. Kazakh Latin
# reads the same letters otherwise (c, j, w, y), hence a reading of its own.
_RU_LATIN_MULTI = {
    "shch": "щ", "sch": "щ", "zh": "ж", "kh": "х", "ts": "ц", "ch": "ч", "sh": "ш",
    "yu": "ю", "ya": "я", "yo": "ё", "ye": "е", "iia": "ия",
}  # fmt: skip
_RU_LATIN_SINGLE = {
    "a": "а", "b": "б", "v": "в", "g": "г", "d": "д", "e": "е", "z": "з", "i": "и",
    "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р", "s": "с",
    "t": "т", "u": "у", "f": "ф", "h": "х", "c": "ц", "y": "ы", "j": "ж", "w": "ш",
    "x": "кс", "'": "ь", "’": "ь",
}  # fmt: skip
_RU_LATIN_RE = re.compile(
    "|".join(sorted(_RU_LATIN_MULTI, key=len, reverse=True))
    + "|[" + re.escape("".join(_RU_LATIN_SINGLE)) + "]"
)  # fmt: skip
# Adjective and pronoun endings («shkolnyi», «kakoi», «nashei»): their й is certain there.
_RU_LATIN_ENDING_RE = re.compile("(?<=[yiaoeu])[iyj]$|(?<=[aoeu])y(?![aeiouy])")
# Letters only Kazakh Latin uses: a word with one of them is not Russian.
KAZAKH_LATIN_LETTERS = frozenset("qáäǵğıńñŋóöúüūýşç")


def russian_from_latin(raw: str) -> str:
    """A Latin-script word (lowercase) as the Russian word it would spell, in Cyrillic."""
    raw = _RU_LATIN_ENDING_RE.sub("й", raw)

    def repl(match: re.Match[str]) -> str:
        text = match.group(0)
        return _RU_LATIN_MULTI.get(text) or _RU_LATIN_SINGLE[text]

    return _RU_LATIN_RE.sub(repl, raw)


_HARD_U_RE = re.compile("(?<=[бвгдзклмнпрстфхц])и?у")


def softened_russian(word: str) -> str:
    """A Russian word read from Latin with «ю» for each «у» or «иу» after a consonant:
    many write «ю» as «u» or «iu» («inkluziya», «inkliuziia» = «инклюзия»)."""
    return _HARD_U_RE.sub("ю", word)


def _squeeze(token: str) -> str:
    """Drop letters repeated for emphasis; keep the legitimate double consonant."""
    token = _RUN_RE.sub(r"\1", token)
    return _DOUBLE_VOWEL_RE.sub(r"\1", token)


# Whole tokens read as another before folding: Russian «ИИ» (искусственный интеллект) is
# the Kazakh «ЖИ»; squeezing its double vowel would leave the conjunction «и».
_WHOLE_TOKENS = {"ии": "жи"}


@lru_cache(maxsize=262_144)
def fold_token(raw: str) -> str:
    """One token (already lowercase NFKC) in folded form; '' when nothing is left."""
    raw = _WHOLE_TOKENS.get(raw, raw)
    if _LATIN_ANY_RE.search(raw):
        if _CYRILLIC_RE.search(raw):  # look-alike Latin letters inside a Cyrillic word
            raw = raw.translate(_HOMOGLYPHS)
        raw = _latin_to_cyrillic(raw)
    token = raw.translate(_FOLD)
    token = "".join(ch for ch in token if ch.isalnum())
    return _squeeze(token)


# Control, surrogate and private-use characters separate words; format characters
# (zero-width, direction marks, soft hyphen, BOM) vanish; combining marks left after NFC
# (a stray accent) are dropped. Regexes, not a per-character category lookup: this runs
# over every text of the knowledge base when the index is built.
_SEPARATORS_RE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff]")
_INVISIBLE_RE = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000e0001\U000e0020-\U000e007f]"
)
_MARKS_RE = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)


# Chat spellings with digits for letters inside a Latin word («otve4aet», «ran6e»).
_DIGIT_LETTERS_RE = re.compile("(?<=[a-z])([46])(?=[a-z])")
_DIGIT_LETTERS = {"4": "ch", "6": "sh"}


def clean(text: str) -> str:
    """NFKC, lowercase; zero-width marks and combining marks dropped, control chars as
    spaces; a 4 or 6 between Latin letters is the letters it stands for."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _SEPARATORS_RE.sub(" ", _INVISIBLE_RE.sub("", text))
    text = _DIGIT_LETTERS_RE.sub(lambda m: _DIGIT_LETTERS[m.group(1)], text)
    return _MARKS_RE.sub("", unicodedata.normalize("NFC", text))


def tokens(text: str) -> list[str]:
    """The folded tokens of a text, in order."""
    out = []
    for raw in _TOKEN_RE.findall(clean(text)):
        token = fold_token(raw)
        if token:
            out.append(token)
    return out


def normalize(text: str) -> str:
    """The folded text: tokens joined by single spaces (idempotent)."""
    return " ".join(tokens(text))


def has_vowel(token: str) -> bool:
    return any(ch in _VOWELS for ch in token)
