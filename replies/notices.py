"""What a subscriber reads when an admin changes an entry and marks the change worth telling:
a short message saying what changed, with the new text itself when it is short enough."""

from __future__ import annotations

import html

from knowledge.model import Entry
from knowledge.regions import NATIONWIDE
from replies import texts
from replies.messaging import shorten
from replies.render import region_name, render_source

NOTICE_LIMIT = 700  # characters of the changed text: a notice stays a short message


def notify_worthy(field: str) -> bool:
    """Fields a user sees on the card; keywords and example questions only steer search."""
    return field in texts.NOTICE_WHAT


def render_change_notice(entry: Entry, field: str, region: str | None) -> str:
    """The notice about `entry` as it is after the change of `field` (`region`'s facts)."""
    what = texts.NOTICE_WHAT.get(field, texts.NOTICE_WHAT["answer"])
    if field == "regions":
        nationwide = region in (None, NATIONWIDE)
        what = texts.NOTICE_NATIONWIDE if nationwide else what.format(region=region_name(region))
    parts = [texts.NOTICE_HEADER.format(title=html.escape(entry.title), what=what)]
    if field == "regions":
        facts = [f for f in entry.regions if f.region == (region or NATIONWIDE)]
        # As on the card, one source: the facts it gives (the rest are in the full answer).
        facts = [f for f in facts if f.source == facts[0].source] if facts else []
        each = NOTICE_LIMIT // max(1, len(facts))
        lines = [
            f"📍 <b>{html.escape(region_name(f.region))}, {html.escape(f.year)}</b>: "
            + html.escape(shorten(f.text, each))
            for f in facts
        ]
        parts.append("\n".join(lines) or texts.NOTICE_REGION_CLEARED)
        source = entry.source_by_id(facts[0].source) if facts else None
        if source is not None:
            line = texts.SOURCE_LINE.format(source=render_source(source, clip=200))
            parts.append(f"<i>{line}</i>")
    elif field == "title":
        parts.append(html.escape(texts.NOTICE_NEW_TITLE.format(title=entry.title)))
    elif field == "answer":
        parts.append(html.escape(shorten(entry.answer, NOTICE_LIMIT)))
    elif field == "sources" and entry.sources:
        first = render_source(entry.sources[0], clip=200)
        parts.append(f"<i>{texts.SOURCE_LINE.format(source=first)}</i>")
    parts.append(texts.NOTICE_FOOTER)
    return "\n\n".join(parts)
