"""Rendering the engine's answer as the HTML message a user gets (and as plain text)."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from bot import texts
from knowledge.domain import Referral, referral_by_topic
from knowledge.engine import Answer, SearchIndex
from knowledge.lexicon import small_talk_topic
from knowledge.model import NATIONWIDE, Entry, RegionFact

_TAG_RE = re.compile(r"</?(?:b|i|u|code|a)(?: [^>]*)?>")


def region_name(code: str | None) -> str:
    if code is None or code == texts.OTHER_REGION:
        return texts.OTHER_REGION_NAME
    return texts.REGION_NAMES.get(code, code)


def ordered_facts(entry: Entry, region: str | None) -> list[RegionFact]:
    """The asked-for (or the user's) region first, then the other regions, nationwide last."""
    order = {code: i for i, code in enumerate(texts.REGION_NAMES)}

    def key(fact: RegionFact) -> tuple[int, int]:
        return (0 if fact.region == region else 1, order.get(fact.region, len(order)))

    return sorted(entry.regions, key=key)


def render_entry(entry: Entry, region: str | None = None) -> str:
    """The entry as Telegram HTML; everything written by people is escaped."""
    esc = html.escape
    parts = [f"<b>{esc(entry.title)}</b>", esc(entry.answer)]
    facts = ordered_facts(entry, region)
    if facts:
        lines = [f"<b>{texts.FACTS_HEADER}</b>"]
        # Say so when the region in question has nothing of its own, rather than let the
        # other regions' figures pass for it.
        local = region in texts.REGION_NAMES and region != NATIONWIDE
        if local and all(fact.region != region for fact in facts):
            lines.append(f"📍 <b>{region_name(region)}</b>: {texts.NO_FACTS_FOR_REGION}")
        for fact in facts:
            mark = "📍" if fact.region == region else "•"
            label = region_name(fact.region)
            lines.append(f"{mark} <b>{esc(label)}, {esc(fact.year)}</b>: {esc(fact.text)}")
        parts.append("\n".join(lines))
    sources = [f"<b>{texts.SOURCES_HEADER}</b>"]
    sources += [f"• {esc(s.title)} — {esc(s.ref)} ({esc(s.date)})" for s in entry.sources]
    parts.append("\n".join(sources))
    parts.append(f"<i>{texts.CHECK_OFFICIAL}</i>")
    return "\n\n".join(parts)


def render_unknown(suggestions: Sequence[Entry]) -> str:
    parts = [texts.UNKNOWN]
    if suggestions:
        names = "\n".join(f"• {html.escape(e.title)}" for e in suggestions)
        parts.append(f"{texts.UNKNOWN_SUGGEST}\n{names}")
    parts.append(texts.UNKNOWN_WHERE)
    return "\n\n".join(parts)


def render_small_talk(query: str) -> str:
    topic = small_talk_topic(query)
    if topic == "thanks":
        return texts.SMALL_TALK_THANKS
    if topic == "bye":
        return texts.SMALL_TALK_BYE
    if topic == "rude":
        return texts.SMALL_TALK_RUDE
    return texts.SMALL_TALK_GREETING


def suggested_entries(answer: Answer, index: SearchIndex) -> list[Entry]:
    return [e for e in map(index.get, answer.suggestions) if e is not None]


def render_answer(answer: Answer, index: SearchIndex, user_region: str | None) -> str:
    """The reply to a question: the entry, small talk, or "I don't know" with suggestions."""
    entry = index.get(answer.slug) if answer.kind == "answer" and answer.slug else None
    if entry is not None:
        return render_entry(entry, answer.region or user_region)
    if answer.kind == "smalltalk":
        return render_small_talk(answer.query)
    if answer.kind == "empty":
        return texts.EMPTY_QUESTION
    return render_unknown(suggested_entries(answer, index))


def to_plain(message: str) -> str:
    """The HTML message as the plain text a terminal shows."""
    return html.unescape(_TAG_RE.sub("", message))


# -- issue 12: asking back, and neighbouring topics ------------------------------------
def render_ask_back(entry: Entry) -> str:
    """«Сіз «…» туралы сұрадыңыз ба?»: the program stands first among the buttons."""
    title = html.escape(entry.title)
    # «Елбасы медалі» жобасы already quotes its name: no second pair of quotes.
    template = texts.ASK_BACK_NAMED if "«" in entry.title else texts.ASK_BACK
    question = template.format(title=title)
    return f"<b>{question}</b>\n\n{texts.ASK_BACK_HINT}"


def render_referral(referral: Referral) -> str:
    """A neighbouring topic: where to go, with its sources."""
    esc = html.escape
    sources = [f"<b>{texts.SOURCES_HEADER}</b>"]
    sources += [f"• {esc(s.title)} — {esc(s.ref)} ({esc(s.date)})" for s in referral.sources]
    return "\n\n".join([f"<b>{esc(referral.title)}</b>", esc(referral.text), "\n".join(sources)])


def render_reply(answer: Answer, index: SearchIndex, user_region: str | None) -> str:
    """`render_answer`, and the ask-back question or the referral where the engine gave one."""
    if answer.kind == "referral" and answer.topic:
        referral = referral_by_topic(index.domain, answer.topic)
        if referral is not None:
            return render_referral(referral)
    confirm = index.get(answer.confirm) if answer.confirm else None
    if confirm is not None:
        return render_ask_back(confirm)
    return render_answer(answer, index, user_region)
