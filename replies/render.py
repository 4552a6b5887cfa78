"""Rendering answers as the HTML messages a user gets (and as plain text).

An answer is a card a phone shows on one screen: the title, the fact the question asks
for (or the user's region's facts), the first sentences of the answer, one source line.
The rest (other regions, every source, how to apply in full) opens from its buttons.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from knowledge.domain import Referral, referral_by_topic
from knowledge.engine import Answer, SearchIndex
from knowledge.facts import Question, RankedFact, rank_facts, read_question
from knowledge.lexicon import small_talk_topic
from knowledge.model import Entry, RegionFact, Source, valid_date
from knowledge.regions import NATIONWIDE
from replies import texts

_TAG_RE = re.compile(r"</?(?:b|i|u|code|a)(?: [^>]*)?>")
# Kazakhstan keeps one time zone (UTC+5) since March 2024; admins read times in it.
LOCAL_ZONE = ZoneInfo("Asia/Almaty")


def local_time(iso: str) -> str:
    """A stored UTC time as the admins' local «2026-11-30 20:15»; unparsable text as is."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LOCAL_ZONE).strftime("%Y-%m-%d %H:%M")


# A sentence ends at . ! ? (or a closing quote after them) before a space and a capital,
# a quote or a digit: «…қаулымен жойылды. 2023 жылы…».
_SENTENCE_END = re.compile(r"(?<=[.!?»])\s+(?=[«\"(А-ЯӘҒҚҢӨҰҮҺІA-Z0-9])")
CARD_LIMIT = 900  # characters of plain text: one phone screen
CARD_SENTENCES = 3  # of the answer, after the facts
CARD_FACTS = 2
FACT_CLIP = 420  # an admin's very long fact is cut on the card (the whole one is a tap away)
MIN_CLIP = 60


@dataclass(frozen=True, slots=True)
class Card:
    """The first message of an answer and what its buttons can open."""

    text: str
    shown: tuple[int, ...]  # indexes of the entry's facts on the card
    more_regions: bool
    more_apply: bool


def region_name(code: str | None) -> str:
    if code is None or code == texts.OTHER_REGION:
        return texts.OTHER_REGION_NAME
    return texts.REGION_NAMES.get(code, code)


def to_plain(message: str) -> str:
    """The HTML message as the plain text a terminal shows."""
    return html.unescape(_TAG_RE.sub("", message))


def _plain_len(message: str) -> int:
    return len(to_plain(message))


# -- sources ----------------------------------------------------------------------------
def source_date(source: Source) -> str:
    """When the fact was true, in words; an undated source says so and borrows no year."""
    if source.period:
        return source.period
    if not source.date:
        return texts.SOURCE_UNDATED
    parts = source.date.split("-")
    if len(parts) == 1:
        return texts.DATE_YEAR.format(year=parts[0])
    month = texts.MONTHS[int(parts[1]) - 1]
    if len(parts) == 2:
        return texts.DATE_MONTH.format(year=parts[0], month=month)
    return texts.DATE_DAY.format(year=parts[0], day=int(parts[2]), month=month)


def day_words(day: str) -> str:
    """«2026-11-30» → «2026 ж. 30 қараша»; anything else as it is."""
    try:
        moment = date.fromisoformat(day)
    except ValueError:
        return day
    month = texts.MONTHS[moment.month - 1]
    return texts.DATE_DAY.format(year=moment.year, day=moment.day, month=month)


def _clipped(text: str, limit: int | None) -> str:
    if limit is None or len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def render_source(source: Source, *, admin: bool = False, clip: int | None = None) -> str:
    """Outlet and title, date, and a public link when there is one; never a file name.

    The internal reference (a seed file, a site) is shown to admins only. `clip` cuts a
    very long title (on the card; the list of sources shows it whole).
    """
    esc = html.escape
    title = esc(_clipped(source.title, clip))
    name = f"{esc(source.outlet)}: {title}" if source.outlet else title
    line = f"{name}, {esc(source_date(source))}"
    if source.url:
        line += f" — {esc(source.url)}"
    if admin:
        line += "\n   " + texts.SOURCE_INTERNAL.format(ref=esc(source.ref))
    return line


def render_sources(entry: Entry, *, admin: bool = False) -> str:
    lines = [texts.ALL_SOURCES_HEADER.format(title=html.escape(entry.title))]
    lines += [f"• {render_source(s, admin=admin)}" for s in entry.sources]
    return "\n".join(lines)


# -- facts ------------------------------------------------------------------------------
def _fact_line(fact: RegionFact, mark: str, limit: int | None = None) -> str:
    text = _clipped(fact.text, limit)
    label = f"{region_name(fact.region)}, {fact.year}"
    return f"{mark} <b>{html.escape(label)}</b>: {html.escape(text)}"


def _card_facts(
    entry: Entry, ranked: Sequence[RankedFact], region: str | None, asked: Question
) -> tuple[list[RegionFact], str]:
    """The facts a card may show, best first, and the region they stand for.

    A region with facts shows its own (and the nationwide rules); a region without any
    shows the nationwide facts only, never another region's; with no region the
    nationwide facts come first. The rules (who gets it, how to apply) come first when
    the question asks how, and whenever the region has no facts of its own and the
    question asks for no figure.
    """
    local = {f.region for f in entry.regions} - {NATIONWIDE}
    facts = [r.fact for r in ranked]
    if region is not None and region in local:
        allowed = [f for f in facts if f.region in (region, NATIONWIDE)]
        shown_region = region
    elif region is not None:
        allowed = [f for f in facts if f.region == NATIONWIDE]
        shown_region = NATIONWIDE
    else:
        allowed = facts
        shown_region = ""
    if region is None and not asked.asks_figure:
        allowed.sort(key=lambda f: f.region != NATIONWIDE)
    if asked.asks_how or ((shown_region != region or region is None) and not asked.asks_figure):
        allowed.sort(key=lambda f: f.kind != "rule")
    return allowed, shown_region


_WORD_RE = re.compile(r"\w+")


def _words(text: str) -> set[str]:
    return {w[:5] for w in _WORD_RE.findall(text.lower()) if len(w) > 2}


def _repeats(sentence: str, said: set[str]) -> bool:
    """Most of the sentence's words (by their first letters) are already on the card."""
    words = _words(sentence)
    return bool(words) and len(words & said) >= 0.7 * len(words)


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip()]


def render_card(entry: Entry, question: str, region: str | None) -> Card:
    """The answer card: at most CARD_LIMIT characters of plain text.

    `region` is the region the question names, or else the user's. A question that asks
    for a figure gets that one fact; otherwise the region's first facts that fit. Texts
    an admin made very long are cut on the card (the whole of them is a tap away).
    """
    if region in (None, texts.OTHER_REGION):
        region = None
    asked = read_question(question, region)
    candidates, shown_region = _card_facts(entry, rank_facts(entry, asked), region, asked)
    head = [f"<b>{html.escape(entry.title)}</b>"]
    if region is not None and region != NATIONWIDE and shown_region != region:
        notice = f"📍 <b>{html.escape(region_name(region))}</b>: {texts.NO_FACTS_FOR_REGION}"
        if candidates:
            rules = candidates[0].kind == "rule"
            notice += " " + (
                texts.NATIONWIDE_RULES_FOLLOW if rules else texts.NATIONWIDE_FACTS_FOLLOW
            )
        head.append(notice)
    most = 1 if asked.asks_figure else CARD_FACTS
    clip = FACT_CLIP
    while True:
        card = _build_card(entry, head, candidates, region, most, clip)
        over = _plain_len(card.text) - CARD_LIMIT
        if over <= 0 or clip <= MIN_CLIP:
            return card
        clip = max(MIN_CLIP, clip - over - 10)


def _build_card(
    entry: Entry,
    head: list[str],
    candidates: Sequence[RegionFact],
    region: str | None,
    most: int,
    clip: int,
) -> Card:
    blocks = list(head)
    shown: list[RegionFact] = []
    fact_lines: list[str] = []
    for fact in candidates:
        if len(shown) >= most:
            break
        if shown and fact.source != shown[0].source:
            continue  # the card cites one source
        mark = "📍" if region is not None and fact.region == region else "•"
        line = _fact_line(fact, mark, clip)
        trial = "\n\n".join([*blocks, "\n".join([*fact_lines, line])])
        if shown and _plain_len(trial) > CARD_LIMIT // 2:
            break
        fact_lines.append(line)
        shown.append(fact)
    source = entry.sources[0]
    if shown:
        blocks.append("\n".join(fact_lines))
        source = entry.source_by_id(shown[0].source) or source
    line = texts.SOURCE_LINE.format(source=render_source(source, clip=clip))
    if entry.checked:
        line += "; " + texts.CHECKED_ON.format(date=html.escape(day_words(entry.checked)))
    source_block = f"<i>{line}</i>"
    # As many of the answer's first sentences as fit beside the facts and the source,
    # leaving out those a fact above already says.
    room = CARD_LIMIT - _plain_len("\n\n".join([*blocks, source_block])) - 2
    taken: list[str] = []
    sentences = _sentences(entry.answer)
    said = _words(" ".join(f.text for f in shown))
    for sentence in sentences:
        if len(taken) >= CARD_SENTENCES or len(" ".join([*taken, sentence])) > room:
            break
        if not _repeats(sentence, said):
            taken.append(sentence)
    if not taken and sentences and room > 40:
        taken.append(sentences[0][: room - 1].rsplit(" ", 1)[0] + "…")
    if taken:
        blocks.append(html.escape(" ".join(taken)))
    blocks.append(source_block)
    indexes = tuple(i for i, f in enumerate(entry.regions) if any(f is s for s in shown))
    hidden = [f for i, f in enumerate(entry.regions) if i not in indexes]
    return Card(
        text="\n\n".join(blocks),
        shown=indexes,
        more_regions=any(f.kind != "rule" for f in hidden),
        more_apply=any(f.kind == "rule" for f in hidden) or len(taken) < len(sentences),
    )


def render_other_regions(entry: Entry, shown: Sequence[int]) -> str:
    """Every fact the card did not show, by region, each with its source and date."""
    order = {code: i for i, code in enumerate(texts.REGION_NAMES)}
    rest = [f for i, f in enumerate(entry.regions) if i not in shown and f.kind != "rule"] or [
        f for i, f in enumerate(entry.regions) if i not in shown
    ]
    rest.sort(key=lambda f: order.get(f.region, len(order)))
    lines = [texts.OTHER_REGIONS_HEADER.format(title=html.escape(entry.title))]
    for fact in rest:
        lines.append(_fact_line(fact, "•"))
        source = entry.source_by_id(fact.source)
        if source is not None:
            lines.append(f"   <i>{texts.SOURCE_LINE.format(source=render_source(source))}</i>")
    if not rest:
        lines.append(texts.NOTHING_MORE)
    return "\n".join(lines)


def render_apply(entry: Entry) -> str:
    """How to apply in full: the whole answer and the nationwide rules, with sources."""
    parts = [texts.APPLY_HEADER.format(title=html.escape(entry.title)), html.escape(entry.answer)]
    rules = [f for f in entry.regions if f.kind == "rule"]
    if rules:
        lines = []
        for fact in rules:
            lines.append(_fact_line(fact, "•"))
            source = entry.source_by_id(fact.source)
            if source is not None:
                lines.append(f"   <i>{texts.SOURCE_LINE.format(source=render_source(source))}</i>")
        parts.append("\n".join(lines))
    parts.append(f"<i>{texts.CHECK_OFFICIAL}</i>")
    return "\n\n".join(parts)


def ordered_facts(entry: Entry, region: str | None) -> list[RegionFact]:
    """The region's facts first, then the other regions, nationwide last."""
    order = {code: i for i, code in enumerate(texts.REGION_NAMES)}

    def key(fact: RegionFact) -> tuple[int, int]:
        return (0 if fact.region == region else 1, order.get(fact.region, len(order)))

    return sorted(entry.regions, key=key)


def render_entry(entry: Entry, region: str | None = None) -> str:
    """The whole entry for an admin's preview: every fact, every source with its reference."""
    esc = html.escape
    parts = [f"<b>{esc(entry.title)}</b>", esc(entry.answer)]
    facts = ordered_facts(entry, region)
    if facts:
        lines = [f"<b>{texts.FACTS_HEADER}</b>"]
        lines += [_fact_line(f, "📍" if f.region == region else "•") for f in facts]
        parts.append("\n".join(lines))
    sources = [f"<b>{texts.SOURCES_HEADER}</b>"]
    sources += [f"• {render_source(s, admin=True)}" for s in entry.sources]
    parts.append("\n".join(sources))
    return "\n\n".join(parts)


# -- the other kinds of reply -------------------------------------------------------------
def render_unknown(suggestions: Sequence[Entry]) -> str:
    parts = [texts.UNKNOWN]
    if suggestions:
        names = "\n".join(f"• {html.escape(e.title)}" for e in suggestions)
        parts.append(f"{texts.UNKNOWN_SUGGEST}\n{names}")
    parts.append(texts.UNKNOWN_WHERE)
    parts.append(texts.UNKNOWN_RECORDED)
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


@dataclass(frozen=True, slots=True)
class Reply:
    """The first message of a reply to a question; `card` when it answers with an entry."""

    text: str
    entry: Entry | None = None
    card: Card | None = None


def reply_to(answer: Answer, index: SearchIndex, user_region: str | None) -> Reply:
    """The reply to a question: the card, small talk, or "I don't know" with suggestions.

    The bot, the terminal and `bilimbot ask` all send exactly this text.
    """
    entry = index.get(answer.slug) if answer.kind == "answer" and answer.slug else None
    if entry is not None:
        card = render_card(entry, answer.query, answer.region or user_region)
        return Reply(card.text, entry, card)
    if answer.kind == "smalltalk":
        return Reply(render_small_talk(answer.query))
    if answer.kind == "empty":
        return Reply(texts.EMPTY_QUESTION)
    if answer.kind == "referral" and answer.topic:
        referral = referral_by_topic(index.domain, answer.topic)
        if referral is not None:
            return Reply(render_referral(referral))
    confirm = index.get(answer.confirm) if answer.confirm else None
    if confirm is not None:
        return Reply(render_ask_back(confirm))
    return Reply(render_unknown(suggested_entries(answer, index)))


def render_ask_back(entry: Entry) -> str:
    """«Сіз «…» туралы сұрадыңыз ба?»: the program stands first among the buttons."""
    # The name without a closing remark in brackets: the question stays short.
    name = re.sub(r"\s*\([^()]*\)$", "", entry.title) or entry.title
    title = html.escape(name)
    # A title with its own «» (the «Елбасы медалі» project) gets no second pair.
    template = texts.ASK_BACK_NAMED if "«" in name else texts.ASK_BACK
    return f"<b>{template.format(title=title)}</b>\n\n{texts.ASK_BACK_HINT}"


def render_referral(referral: Referral) -> str:
    """A neighbouring topic: where to go, with its sources (dated as cards are, with no
    internal reference and no bare home page)."""
    sources = [
        replace(s, date=s.date if valid_date(s.date) else "", ref="") for s in referral.sources
    ]
    lines = [f"<b>{texts.SOURCES_HEADER}</b>", *(f"• {render_source(s)}" for s in sources)]
    return "\n\n".join(
        [f"<b>{html.escape(referral.title)}</b>", html.escape(referral.text), "\n".join(lines)]
    )


def render_answer(answer: Answer, index: SearchIndex, user_region: str | None) -> str:
    return reply_to(answer, index, user_region).text
