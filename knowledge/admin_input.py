"""Parsing what admins type in the chat into entry fields (validated again by the model).

Errors carry a code and parameters; the bot turns them into Kazakh messages.
"""

from __future__ import annotations

import re
from typing import Any

from knowledge.model import MAX_ITEM, MAX_ITEMS, MAX_TEXT, URL_RE, Source, valid_date


class InputError(ValueError):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code, params)
        self.code = code
        self.params = params


def _items(parts: list[str]) -> list[str]:
    items = [p.strip() for p in parts if p.strip()]
    if not items:
        raise InputError("empty")
    if len(items) > MAX_ITEMS:
        raise InputError("too_many", limit=MAX_ITEMS)
    for item in items:
        if len(item) > MAX_ITEM:
            raise InputError("item_too_long", limit=MAX_ITEM, item=item[:40])
    return items


def parse_list(text: str) -> list[str]:
    """Keywords: separated by commas or new lines."""
    return _items(re.split(r"[,\n]", text))


def parse_lines(text: str) -> list[str]:
    """Example questions or sources: one per line."""
    return _items(text.splitlines())


def parse_source(line: str, source_id: str) -> dict[str, str]:
    """«атауы | сілтеме | күні» or «басылым | атауы | сілтеме | күні».

    The date is ЖЖЖЖ, ЖЖЖЖ-АА or ЖЖЖЖ-АА-КК, or «-» when the source is undated. A
    reference that is a link to the text itself (not a site's home page) is shown to
    users; any other reference (a file, a site) only to admins.
    """
    parts = [p.strip() for p in line.split("|")]
    if len(parts) == 3:
        parts.insert(0, "")
    if len(parts) != 4 or not all(parts[1:]):
        raise InputError("source_format")
    outlet, title, ref, date = parts
    date = "" if date in ("-", "—") else date
    if date and not valid_date(date):
        raise InputError("date_format", date=date)
    for item in (outlet, title, ref):
        if len(item) > MAX_ITEM:
            raise InputError("item_too_long", limit=MAX_ITEM, item=item[:40])
    url = ref if URL_RE.match(ref) else ""
    source = {"id": source_id, "title": title, "ref": ref, "date": date, "url": url}
    if outlet:
        source["outlet"] = outlet
    return source


def source_line(source: Source) -> str:
    """A source as an admin types it (the inverse of parse_source)."""
    parts = [source.outlet] if source.outlet else []
    return " | ".join([*parts, source.title, source.ref, source.date or "-"])


def parse_region_facts(text: str, region: str, default_source: str) -> list[dict[str, str]]:
    """One fact per line: «жыл | мәтін» or «жыл | мәтін | дереккөз id»."""
    facts = []
    for line in _items(text.splitlines()):
        parts = [p.strip() for p in line.split("|")]
        if len(parts) not in (2, 3) or not parts[0] or not parts[1]:
            raise InputError("fact_format")
        if len(parts[1]) > MAX_TEXT:
            raise InputError("item_too_long", limit=MAX_TEXT, item=parts[1][:40])
        source = parts[2] if len(parts) == 3 and parts[2] else default_source
        facts.append({"region": region, "year": parts[0], "text": parts[1], "source": source})
    return facts
