"""Closing the loop with people: admins' replies to unanswered questions, and keeping the
knowledge checked (the day each entry and fact was last confirmed, passed plans).

Each writing method is one unit of work; rights are checked here, where the change happens.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from db.reply_repository import ReplyRepository, ReplyRow
from db.repository import (
    AdminRow,
    EntryRepository,
    FeedbackRepository,
    MetaRepository,
    ReportRepository,
    UnansweredRow,
)
from db.service import MAX_ID, KnowledgeService, NotAllowed, ServiceBase, VoteResult, require_full
from knowledge.freshness import (
    StaleEntry,
    StaleFact,
    local_day,
    overdue_plans,
    stale_entries,
)
from knowledge.model import Entry, RegionFact, Source
from knowledge.normalize import normalize
from knowledge.regions import REGION_CODES

DELIVERY_STATUSES = ("sent", "undeliverable", "failed")
# A reply still unsent this long after it was written was left by a stopped process.
UNSENT_AFTER = timedelta(minutes=1)


class NoRegion(Exception):
    """The question names no region, so its reply cannot become a region's fact."""


@dataclass(frozen=True, slots=True)
class Delivery:
    reply_id: int
    user_id: int
    query: str
    text: str


@dataclass(frozen=True, slots=True)
class QueuedReply:
    question: UnansweredRow
    deliveries: tuple[Delivery, ...]
    entry: Entry | None  # the entry that got the example question or the new fact


@dataclass(frozen=True, slots=True)
class NewFact:
    """The reply kept as a fact of `slug` for the question's region, citing a new source."""

    slug: str
    source_title: str


class ReplyService(ServiceBase):
    """An admin of the question's region answers the parents who asked it."""

    async def queue(
        self,
        uid: int,
        text: str,
        *,
        actor: AdminRow | None,
        example_for: str | None = None,
        fact: NewFact | None = None,
    ) -> QueuedReply | None:
        """Close the question's group and write one pending reply per parent who asked it,
        with (optionally) the question as an example of an entry or the reply as a new fact
        of one: one unit of work. None when the question is gone or already closed, or
        the entry is gone. NotAllowed outside the admin's region (or, for an example
        question, without full rights); NoRegion for a fact of a question with no region.
        """
        if not 0 < uid < MAX_ID:
            return None
        try:
            return await self._queue(uid, text, actor, example_for, fact)
        except _Gone:
            return None  # rolled back: the entry vanished mid-way

    async def _queue(
        self, uid: int, text: str, actor: AdminRow | None, example_for: str | None,
        fact: NewFact | None,
    ) -> QueuedReply | None:  # fmt: skip
        now = self._clock()
        knowledge = KnowledgeService(self._db, self._clock)
        async with self._db.transaction() as conn:
            question = await ReportRepository(conn).unanswered_question(uid)
            if question is None:
                return None
            if actor is not None and not actor.full and question.region != actor.region:
                raise NotAllowed
            if example_for is not None:
                require_full(actor)
            if fact is not None and question.region not in REGION_CODES:
                raise NoRegion
            replies = ReplyRepository(conn)
            recipients = await replies.group_recipients(question)
            if not await replies.close_group(question):
                return None  # another admin answered or dismissed it first
            entry = None
            slug = example_for or (fact.slug if fact else None)
            if slug is not None:
                entry = await EntryRepository(conn).get(slug, for_update=True)
                if entry is None:
                    raise _Gone
                before = entry
                if example_for is not None and question.query not in entry.questions:
                    entry = replace(entry, questions=(*entry.questions, question.query))
                if fact is not None:
                    entry = _with_reply_fact(entry, question, text, fact, now, actor)
                if entry != before:
                    action = "reply-fact" if fact is not None else "link-question"
                    entry = await knowledge.write_in(conn, entry, actor=actor, action=action)
            deliveries = []
            for asked in recipients:
                assert asked.user_id is not None
                reply_id = await replies.add(
                    question=asked, user_id=asked.user_id,
                    admin_id=actor.user_id if actor else None, text=text, now=now,
                )  # fmt: skip
                deliveries.append(Delivery(reply_id, asked.user_id, asked.query, text))
            return QueuedReply(question, tuple(deliveries), entry)

    async def claim(self, reply_id: int) -> bool:
        """Take a pending reply for sending; False if someone else already took it."""
        async with self._db.transaction(urgent=True) as conn:
            return await ReplyRepository(conn).claim(reply_id, self._clock())

    async def unsent(
        self, older_than: timedelta = UNSENT_AFTER, limit: int = 1000
    ) -> list[Delivery]:
        """Replies decided but never sent (the bot stopped in between), to send now."""
        before = (datetime.fromisoformat(self._clock()) - older_than).isoformat()
        async with self._db.read() as conn:
            rows = await ReplyRepository(conn).unsent(before, limit)
        return [Delivery(r.id, r.user_id, r.query, r.text) for r in rows]

    async def record(self, outcomes: Sequence[tuple[int, str]]) -> None:
        """What Telegram said to each reply (sent, undeliverable, failed): one unit of work."""
        now = self._clock()
        async with self._db.transaction() as conn:
            replies = ReplyRepository(conn)
            for reply_id, status in outcomes:
                assert status in DELIVERY_STATUSES
                await replies.set_status(reply_id, status, now)

    async def by_status(self, status: str, limit: int = 100) -> list[ReplyRow]:
        async with self._db.read() as conn:
            return await ReplyRepository(conn).by_status(status, limit)

    async def vote(self, *, reply_id: int, user_id: int, value: int) -> VoteResult:
        """The parent's 👍/👎 on a reply; a 👎 puts the question back among the unanswered."""
        if value not in (1, -1) or not 0 < reply_id < MAX_ID:
            return VoteResult.REFUSED
        async with self._db.transaction() as conn:
            replies = ReplyRepository(conn)
            row = await replies.get(reply_id)
            if row is None or row.user_id != user_id:
                return VoteResult.REFUSED
            if not await replies.set_vote(reply_id, value):
                return VoteResult.SAME
            if value < 0:
                await FeedbackRepository(conn).add_unanswered(
                    asked_at=self._clock(), user_id=user_id, region=row.region, query=row.query,
                    normalized=normalize(row.query), guesses=[], reason="downvote",
                )  # fmt: skip
        return VoteResult.SAVED


class _Gone(Exception):
    """The entry vanished mid-way: the unit of work rolls back."""


def _with_reply_fact(
    entry: Entry, question: UnansweredRow, text: str, fact: NewFact, now: str,
    actor: AdminRow | None,
) -> Entry:  # fmt: skip
    day = local_day(now).isoformat()
    source = Source(
        id=f"reply-{question.id}",
        title=fact.source_title,
        ref=f"admin reply {question.id} by {actor.user_id if actor else 'cli'}",
        date=day,
    )
    new = RegionFact(
        region=question.region or "", year=day[:4], text=text, source=source.id, checked=day
    )
    return replace(entry, regions=(*entry.regions, new), sources=(*entry.sources, source))


def fact_key(fact: RegionFact) -> str:
    """A short fingerprint of a fact: a button names the fact it was shown for."""
    return hashlib.sha1(f"{fact.region}|{fact.text}".encode()).hexdigest()[:8]


@dataclass(frozen=True, slots=True)
class StaleReport:
    entries: tuple[StaleEntry, ...]
    facts: tuple[StaleFact, ...]

    def __bool__(self) -> bool:
        return bool(self.entries or self.facts)


class FreshnessService(ServiceBase):
    """What admins should check again, and their one-tap "still true"."""

    def today(self) -> date:
        return local_day(self._clock())

    async def stale(self, *, viewer: AdminRow | None = None) -> StaleReport:
        """Entries unchecked for 180 days (full rights: they check whole entries) and
        passed plans (a regional admin: their region's)."""
        async with self._db.read() as conn:
            entries = await EntryRepository(conn).all()
        today = self.today()
        regional = viewer is not None and not viewer.full
        return StaleReport(
            () if regional else tuple(stale_entries(entries, today)),
            tuple(overdue_plans(entries, today, viewer.region if regional else None)),  # type: ignore[union-attr]
        )

    async def confirm(
        self, slug: str, *, fact: int | None, key: str = "", actor: AdminRow | None
    ) -> Entry | None:
        """Record that the entry (`fact` None) or its fact is still true, today.

        None when the entry, or the fact the button was shown for, is gone.
        """
        async with self._db.transaction() as conn:
            entry = await EntryRepository(conn).get(slug, for_update=True)
            if entry is None:
                return None
            day = self.today().isoformat()
            if fact is None:
                require_full(actor)
                checked = replace(entry, checked=day)
            else:
                if not 0 <= fact < len(entry.regions) or fact_key(entry.regions[fact]) != key:
                    return None
                facts = list(entry.regions)
                facts[fact] = replace(facts[fact], checked=day)
                checked = replace(entry, regions=tuple(facts))
            knowledge = KnowledgeService(self._db, self._clock)
            return await knowledge.write_in(conn, checked, actor=actor, action="check")

    async def claim_digest(self, week: str) -> bool:
        """True once per `week` across restarts and instances: the digest is sent once."""
        async with self._db.transaction() as conn:
            return await MetaRepository(conn).insert_once(f"stale-digest:{week}", self._clock())
