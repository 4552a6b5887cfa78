"""Rendering what closes the loop with people: an admin's reply as the parent sees it,
the questions waiting per region, and what admins should check again."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import UTC, datetime

from knowledge.freshness import StaleEntry, StaleFact
from replies import texts
from replies.messaging import shorten
from replies.render import day_words, local_time, region_name

QUERY_CLIP = 300  # the parent's question, quoted above the reply
FACT_CLIP = 500
DIGEST_TITLES = 10


def parent_reply(query: str, text: str) -> str:
    """The reply as the parent gets it: marked as the education department's, their
    question quoted (clipped), everything people wrote escaped."""
    return texts.REPLY_TO_PARENT.format(
        query=html.escape(shorten(query, QUERY_CLIP)), text=html.escape(text)
    ) + "\n\n" + texts.REPLY_RATE  # fmt: skip


def reply_preview(query: str, text: str) -> str:
    """The admin sees exactly what the parent will get."""
    return f"{texts.REPLY_PREVIEW}\n\n{parent_reply(query, text)}\n\n{texts.REPLY_HOW}"


def _age(oldest: str, now: datetime) -> str:
    try:
        asked = datetime.fromisoformat(oldest)
    except ValueError:
        return ""
    if asked.tzinfo is None:
        asked = asked.replace(tzinfo=UTC)
    days = (now - asked).days
    return texts.AGE_DAYS.format(days=days) if days >= 1 else texts.AGE_TODAY


def waiting(rows: Sequence[tuple[str | None, int, str]], now: datetime) -> str:
    """Per region: how many questions wait and how old the oldest is."""
    lines = [texts.WAITING_HEADER]
    for region, count, oldest in rows:
        lines.append(
            "• " + texts.WAITING_LINE.format(
                region=html.escape(region_name(region)), count=count,
                when=local_time(oldest), age=_age(oldest, now),
            )
        )  # fmt: skip
    return "\n".join(lines)


def stale_header(entries: int, facts: int) -> str:
    return texts.STALE_HEADER.format(entries=entries, facts=facts)


def stale_entry(item: StaleEntry) -> str:
    checked = day_words(item.checked) if item.checked else texts.STALE_NEVER
    return texts.STALE_ENTRY.format(
        title=html.escape(item.entry.title), slug=item.entry.slug, checked=html.escape(checked)
    )


def stale_fact(item: StaleFact) -> str:
    return texts.STALE_FACT.format(
        title=html.escape(item.entry.title), slug=item.entry.slug,
        region=html.escape(region_name(item.fact.region)),
        text=html.escape(shorten(item.fact.text, FACT_CLIP)), due=html.escape(item.fact.due),
    )  # fmt: skip


def digest(entries: Sequence[StaleEntry], facts: Sequence[StaleFact]) -> str:
    """The weekly message to an admin: the counts, the first titles, and where the buttons are."""
    lines = [texts.DIGEST.format(entries=len(entries), facts=len(facts))]
    # Passed plans first: a parent may be told of a school that never opened.
    titles = [
        f"• {html.escape(f.entry.title)} — {html.escape(region_name(f.fact.region))}" for f in facts
    ]
    titles += [f"• {html.escape(e.entry.title)}" for e in entries]
    lines += titles[:DIGEST_TITLES]
    if len(titles) > DIGEST_TITLES:
        lines.append(texts.STALE_MORE.format(count=len(titles) - DIGEST_TITLES))
    lines.append(texts.DIGEST_LIST.format(button=texts.STILL_TRUE))
    return "\n".join(lines)
