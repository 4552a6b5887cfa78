"""Which region a question names: «Шымкентте», «Алматы облысында», «Таразда», «jambyl»…"""

from __future__ import annotations

from collections.abc import Sequence

# Folded prefixes of the place names: the region centre counts as the region.
_CITY_PREFIXES = {
    "шымкент": "shymkent",
    "чимкент": "shymkent",
    "жамбыл": "zhambyl",
    "жамбил": "zhambyl",
    "тараз": "zhambyl",
    "конаев": "almaty-region",
    "талдыкорган": "almaty-region",
}
_ALMATY = "алмат"
_OBLYS = ("облыс", "облас", "обл")
REGION_WORD_PREFIXES = (*_CITY_PREFIXES, _ALMATY, *_OBLYS, "кала", "город", "оналык", "онир")


def detect_region(folded_tokens: Sequence[str]) -> str | None:
    """The region code named in the folded tokens, or None.

    «Алматы» alone is the city of Almaty, not Алматы облысы, so it needs «облыс».
    """
    for token in folded_tokens:
        for prefix, region in _CITY_PREFIXES.items():
            if token.startswith(prefix):
                return region
    has_almaty = any(t.startswith(_ALMATY) for t in folded_tokens)
    if has_almaty and any(t.startswith(_OBLYS) for t in folded_tokens):
        return "almaty-region"
    return None


def is_place_word(token: str) -> bool:
    """Place names and «облыс/қала» carry no meaning about which program is asked."""
    return token.startswith(REGION_WORD_PREFIXES)
