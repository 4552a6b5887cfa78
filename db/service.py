"""The services: each method that writes is one unit of work, committed here and only here.

Rights are checked here, where the change happens, not only at the command that led to it:
`actor` is the admin's rights (None: the command line, which may do everything).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from cachetools import TTLCache

from db.broadcast_repository import BroadcastRepository
from db.database import Database
from db.repository import (
    AdminRepository,
    AdminRow,
    EntryRepository,
    FeedbackRepository,
    FsmRepository,
    HistoryRepository,
    HistoryRow,
    InboxItem,
    InboxRepository,
    MetaRepository,
    ReportRepository,
    UnansweredGroup,
    UnansweredRow,
    UserRepository,
)
from knowledge.freshness import checked_by_admin, local_day
from knowledge.model import Entry
from knowledge.normalize import normalize

SEEDED_KEY = "seeded_at"
CACHE_SIZE = 100_000
MAX_ID = 2**63  # ids are 64-bit in both databases; anything larger never names a row


def utc_now() -> str:
    # Microseconds: an edit conflict is detected by comparing updated_at, even within a second.
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _cache(ttl: float) -> TTLCache[Any, Any]:
    """Bounded, and short-lived when other processes share the database."""
    return TTLCache(maxsize=CACHE_SIZE, ttl=ttl)


class ServiceBase:
    def __init__(self, db: Database, clock: Callable[[], str] = utc_now) -> None:
        self._db = db
        self._clock = clock


class EditConflict(Exception):
    """The entry changed since the admin opened it; nothing was written."""


class NotAllowed(Exception):
    """The actor's rights do not cover this change; nothing was written."""


class SlugTaken(Exception):
    """An entry with this slug already exists; nothing was written."""


def _only_region_facts_differ(before: Entry, after: Entry, region: str) -> bool:
    """True when `after` changes nothing of `before` but the facts of `region`, and
    adds no sources but those only that region's facts cite (an admin's reply)."""
    others_before = [f for f in before.regions if f.region != region]
    others_after = [f for f in after.regions if f.region != region]
    kept = tuple(s for s in after.sources if s in before.sources)
    added = {s.id for s in after.sources if s not in before.sources}
    if kept != before.sources or any(f.source in added for f in others_after):
        return False
    return replace(before, regions=(), sources=(), updated_at="") == replace(
        after, regions=(), sources=(), updated_at=""
    ) and sorted(map(repr, others_before)) == sorted(map(repr, others_after))


def require_full(actor: AdminRow | None) -> None:
    if actor is not None and not actor.full:
        raise NotAllowed


class KnowledgeService(ServiceBase):
    """The knowledge base: the database is its record, the data files only seed it.

    Every change is one unit of work that also writes the entry's history.
    """

    async def _write(
        self, conn: Any, entry: Entry, *, actor: AdminRow | None, action: str,
        expected: str | None = None,
    ) -> Entry:  # fmt: skip
        """Store `entry` and its history row, inside the caller's unit of work.

        `expected`: the updated_at the admin saw; a different one means someone else
        changed the entry meanwhile, and EditConflict is raised.
        """
        entries = EntryRepository(conn)
        current = await entries.get(entry.slug, for_update=True)
        if expected is not None and (current.updated_at if current else "") != expected:
            raise EditConflict(entry.slug)
        # A regional admin changes the facts of their own region, nothing else.
        regional = actor is not None and not actor.full
        if regional and (
            current is None or not _only_region_facts_differ(current, entry, actor.region or "")  # type: ignore[union-attr]
        ):
            raise NotAllowed
        now = self._clock()
        if actor is not None and action != "undo":
            # A fact an admin writes is checked by them that day (the command line only
            # carries the dates it was given; an undo brings back old facts unchecked).
            entry = checked_by_admin(current, entry, local_day(now).isoformat())
        stored = replace(entry, updated_at=now)
        await entries.upsert(stored, stored.updated_at)
        await HistoryRepository(conn).add(
            slug=entry.slug, changed_at=stored.updated_at,
            actor=actor.user_id if actor else None, action=action, previous=current,
            current=stored,
        )  # fmt: skip
        return stored

    async def write_in(
        self, conn: Any, entry: Entry, *, actor: AdminRow | None, action: str
    ) -> Entry:
        """Store `entry` inside another service's unit of work, rights checked the same way."""
        return await self._write(conn, entry, actor=actor, action=action)

    async def save(
        self, entry: Entry, *, actor: AdminRow | None, action: str, expected: str | None = None,
        notice: str | None = None,
    ) -> Entry:  # fmt: skip
        """`notice`: the admin marked the change worth telling the entry's subscribers;
        the broadcast is created in the same unit of work as the change."""
        async with self._db.transaction() as conn:
            stored = await self._write(conn, entry, actor=actor, action=action, expected=expected)
            if notice is not None:
                await BroadcastRepository(conn).create(
                    slug=entry.slug, text=notice, created_by=actor.user_id if actor else None,
                    now=stored.updated_at,
                )  # fmt: skip
            return stored

    async def add(self, entry: Entry, *, actor: AdminRow | None) -> Entry:
        """A new entry (full rights only); SlugTaken if the slug exists already."""
        require_full(actor)
        async with self._db.transaction() as conn:
            if await EntryRepository(conn).get(entry.slug, for_update=True) is not None:
                raise SlugTaken(entry.slug)
            return await self._write(conn, entry, actor=actor, action="add")

    async def set_status(self, slug: str, status: str, *, actor: AdminRow | None) -> Entry | None:
        """Retire or restore an entry (nothing is ever deleted); None if there is no such."""
        require_full(actor)
        async with self._db.transaction() as conn:
            entry = await EntryRepository(conn).get(slug, for_update=True)
            if entry is None:
                return None
            if entry.status == status:
                return entry
            return await self._write(conn, replace(entry, status=status), actor=actor,
                                     action=status)  # fmt: skip

    async def history(self, slug: str, limit: int = 20) -> list[HistoryRow]:
        async with self._db.read() as conn:
            return await HistoryRepository(conn).for_slug(slug, limit)

    async def undo(self, slug: str, *, actor: AdminRow | None) -> Entry | None:
        """Step back one change: each undo reverts the newest change not yet undone, so
        undoing again goes further back. Undoing the creation of an entry retires it.
        The undo is itself recorded. None when there is nothing left to undo."""
        require_full(actor)
        async with self._db.transaction() as conn:
            history = HistoryRepository(conn)
            last = await history.last_undoable(slug)
            if last is None:
                return None
            previous = last.previous or replace(last.current, status="retired")
            restored = await self._write(conn, previous, actor=actor, action="undo")
            newest = await history.for_slug(slug, 1)
            await history.mark_undone(last.id, newest[0].id)
            return restored

    async def link_question(self, *, uid: int, slug: str, actor: AdminRow | None) -> Entry | None:
        """Make an unanswered question an example question of an entry, and close its group.

        Full rights only: an example question changes what the entry answers everywhere.
        None when the question or the entry is gone.
        """
        require_full(actor)
        async with self._db.transaction() as conn:
            question = await ReportRepository(conn).unanswered_question(uid)
            entry = await EntryRepository(conn).get(slug, for_update=True)
            if question is None or entry is None:
                return None
            if question.query not in entry.questions:
                entry = replace(entry, questions=(*entry.questions, question.query))
                entry = await self._write(conn, entry, actor=actor, action="link-question")
            await ReportRepository(conn).close_unanswered(question.normalized, "linked")
            return entry

    async def seed_once(self, shipped: Sequence[Entry]) -> bool:
        """Fill an empty, never-seeded database; never touch it again after that."""
        async with self._db.transaction() as conn:
            meta, entries = MetaRepository(conn), EntryRepository(conn)
            if await meta.get(SEEDED_KEY) is not None or await entries.count():
                return False
            now = self._clock()
            if not await meta.insert_once(SEEDED_KEY, now):
                return False  # another instance seeded it just now
            for entry in shipped:
                await entries.upsert(entry, entry.updated_at or now)
        return True

    async def entries(self) -> list[Entry]:
        async with self._db.read() as conn:
            return await EntryRepository(conn).all()

    async def entry(self, slug: str) -> Entry | None:
        async with self._db.read() as conn:
            return await EntryRepository(conn).get(slug)

    async def export_document(self) -> dict[str, Any]:
        return {"entries": [e.to_dict() for e in await self.entries()]}

    async def plan_import(self, entries: Sequence[Entry]) -> ImportPlan:
        """What importing `entries` would do, without doing it (a dry run)."""
        plan = ImportPlan()
        async with self._db.read() as conn:
            stored = EntryRepository(conn)
            for entry in entries:
                current = await stored.get(entry.slug)
                if current is None:
                    plan.added.append(entry.slug)
                elif replace(current, updated_at="") == replace(entry, updated_at=""):
                    plan.same.append(entry.slug)
                elif current.status != entry.status and entry.status == "retired":
                    plan.retired.append(entry.slug)
                else:
                    plan.changed.append(entry.slug)
        return plan

    async def import_entries(
        self, entries: Sequence[Entry], *, actor: AdminRow | None = None
    ) -> tuple[int, int]:
        """Add or replace the given entries, all in one unit of work: (added, changed)."""
        require_full(actor)
        added = changed = 0
        async with self._db.transaction() as conn:
            stored = EntryRepository(conn)
            for entry in entries:
                current = await stored.get(entry.slug, for_update=True)
                if current is None:
                    added += 1
                elif replace(current, updated_at="") != replace(entry, updated_at=""):
                    changed += 1
                else:
                    continue
                await self._write(conn, entry, actor=actor, action="import")
        return added, changed


@dataclass(slots=True)
class ImportPlan:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    same: list[str] = field(default_factory=list)


class AdminService(ServiceBase):
    """Who may edit: super-admins come from config, the rest are granted in the chat."""

    def __init__(
        self,
        db: Database,
        super_admins: Sequence[int],
        clock: Callable[[], str] = utc_now,
        cache_ttl: float = 5.0,
    ) -> None:
        super().__init__(db, clock)
        self.super_admins = frozenset(super_admins)
        # Asked for every update (admin routers are skipped for everyone else), so cached
        # briefly: a revoke on another instance takes effect within `cache_ttl` seconds.
        self._rights: TTLCache[int, AdminRow | None] = _cache(cache_ttl)

    async def rights(self, user_id: int) -> AdminRow | None:
        """The user's admin rights (region None: every region), or None for non-admins."""
        if user_id in self.super_admins:
            return AdminRow(user_id, None, user_id, "config")
        if user_id not in self._rights:
            async with self._db.read() as conn:
                self._rights[user_id] = await AdminRepository(conn).get(user_id)
        return self._rights.get(user_id)

    def forget(self, user_id: int | None = None) -> None:
        """Drop cached rights (all of them without `user_id`), e.g. on a change signal."""
        if user_id is None:
            self._rights.clear()
        else:
            self._rights.pop(user_id, None)

    def _require_super(self, by: int) -> None:
        if by not in self.super_admins:
            raise NotAllowed

    async def grant(self, user_id: int, region: str | None, *, by: int) -> None:
        self._require_super(by)
        row = AdminRow(user_id, region, by, self._clock())
        async with self._db.transaction() as conn:
            await AdminRepository(conn).put(row)
        self._rights[user_id] = row

    async def revoke(self, user_id: int, *, by: int) -> bool:
        self._require_super(by)
        async with self._db.transaction() as conn:
            removed = await AdminRepository(conn).delete(user_id)
        self._rights[user_id] = None
        return removed

    async def all(self) -> list[AdminRow]:
        async with self._db.read() as conn:
            return await AdminRepository(conn).all()


class ReportService(ServiceBase):
    """What admins read: unanswered questions grouped, and usage statistics."""

    async def unanswered(
        self, since: str, limit: int = 10, *, viewer: AdminRow | None = None, offset: int = 0
    ) -> list[UnansweredGroup]:
        """Open questions, most asked first, a page at a time; a regional admin sees only
        their region's."""
        region = viewer.region if viewer is not None and not viewer.full else None
        async with self._db.read() as conn:
            return await ReportRepository(conn).unanswered_groups(since, limit, region, offset)

    async def question(self, uid: int, *, viewer: AdminRow | None = None) -> UnansweredRow | None:
        """One unanswered question, if it exists and the viewer's region covers it."""
        async with self._db.read() as conn:
            row = await ReportRepository(conn).unanswered_question(uid)
        if row is None or (viewer is not None and not viewer.full and row.region != viewer.region):
            return None
        return row

    async def dismiss(self, uid: int, *, actor: AdminRow | None) -> int | None:
        """Close the question's group (a regional admin: only their region's questions).

        None when the question is gone or belongs to another region.
        """
        async with self._db.transaction() as conn:
            reports = ReportRepository(conn)
            row = await reports.unanswered_question(uid)
            if row is None:
                return None
            region = None if actor is None or actor.full else actor.region
            if region is not None and row.region != region:
                raise NotAllowed
            return await reports.close_unanswered(row.normalized, "dismissed", region)

    async def stats(self, since: str, *, viewer: AdminRow | None = None) -> dict[str, Any]:
        """Usage since `since`; a regional admin's figures are their region's only."""
        region = viewer.region if viewer is not None else None
        async with self._db.read() as conn:
            reports = ReportRepository(conn)
            per_region = await reports.questions_per_region(since)
            return {
                "per_day": await reports.questions_per_day(since, region),
                "per_region": [r for r in per_region if region is None or r[0] == region],
                "top_programs": await reports.top_programs(since, region=region),
                "votes": await reports.votes_per_entry(since, region),
            }

    async def waiting(self, *, viewer: AdminRow | None = None) -> list[tuple[str | None, int, str]]:
        """Open questions per region: (region, how many, when the oldest was asked)."""
        region = viewer.region if viewer is not None else None
        async with self._db.read() as conn:
            return await ReportRepository(conn).waiting_per_region(region)


class FsmService(ServiceBase):
    """Storage of dialogues (aiogram FSM) in the database, so that a restart keeps them.

    aiogram reads the state of every update, so reads are served from a write-through
    cache when this process is the only writer (`cache_ttl`), and from the database otherwise.
    """

    def __init__(
        self, db: Database, clock: Callable[[], str] = utc_now, cache_ttl: float = 0.0
    ) -> None:
        super().__init__(db, clock)
        self._cache: TTLCache[str, tuple[str | None, dict[str, Any]]] | None = (
            _cache(cache_ttl) if cache_ttl > 0 else None
        )

    async def get(self, key: str) -> tuple[str | None, dict[str, Any]]:
        if self._cache is not None and key in self._cache:
            state, data = self._cache[key]
            return state, dict(data)
        async with self._db.read() as conn:
            state, data = await FsmRepository(conn).get(key)
        if self._cache is not None:
            self._cache[key] = (state, data)
        return state, dict(data)

    async def set_state(self, key: str, state: str | None) -> None:
        async with self._db.transaction() as conn:
            repo = FsmRepository(conn)
            await repo.set_state(key, state)
            _, data = await repo.get(key)
        if self._cache is not None:
            self._cache[key] = (state, data)

    async def set_data(self, key: str, data: dict[str, Any]) -> None:
        async with self._db.transaction() as conn:
            repo = FsmRepository(conn)
            await repo.set_data(key, data)
            state, _ = await repo.get(key)
        if self._cache is not None:
            self._cache[key] = (state, dict(data))


class VoteResult(enum.Enum):
    SAVED = "saved"
    SAME = "same"  # the user had already voted so on this answer
    REFUSED = "refused"  # not this user's answer, or not the entry they were shown


class UserService(ServiceBase):
    """Users' regions, the unanswered log, votes and the question log."""

    def __init__(
        self, db: Database, clock: Callable[[], str] = utc_now, cache_ttl: float = 0.0
    ) -> None:
        super().__init__(db, clock)
        self._regions: TTLCache[int, str | None] | None = (
            _cache(cache_ttl) if cache_ttl > 0 else None
        )

    async def region(self, user_id: int) -> str | None:
        """Read on every update: cached when this process is the only writer."""
        if self._regions is not None and user_id in self._regions:
            return self._regions[user_id]
        async with self._db.read() as conn:
            region = await UserRepository(conn).region(user_id)
        if self._regions is not None:
            self._regions[user_id] = region
        return region

    async def set_region(self, user_id: int, region: str | None) -> None:
        async with self._db.transaction() as conn:
            await UserRepository(conn).set_region(user_id, region, self._clock())
        if self._regions is not None:
            self._regions[user_id] = region

    async def unanswered(self, limit: int = 100) -> list[UnansweredRow]:
        async with self._db.read() as conn:
            return await FeedbackRepository(conn).unanswered(limit)

    async def votes(self, slug: str) -> dict[int, int]:
        async with self._db.read() as conn:
            return await FeedbackRepository(conn).votes(slug)

    async def log_question(
        self, *, user_id: int | None, region: str | None, query: str, slug: str | None,
        kind: str, unanswered_guesses: Sequence[str] | None = None,
    ) -> int:  # fmt: skip
        """Log an asked (or opened) question, with `unanswered_guesses` also into the
        unanswered log: one unit of work. The returned id ties votes back to the question."""
        now = self._clock()
        async with self._db.transaction() as conn:
            feedback = FeedbackRepository(conn)
            if unanswered_guesses is not None:
                await feedback.add_unanswered(
                    asked_at=now, user_id=user_id, region=region, query=query,
                    normalized=normalize(query), guesses=unanswered_guesses, reason="unknown",
                )  # fmt: skip
            return await feedback.log_question(
                asked_at=now, user_id=user_id, region=region, query=query, slug=slug, kind=kind
            )

    async def vote(self, *, user_id: int, question_id: int, slug: str, value: int) -> VoteResult:
        """👍 (1) or 👎 (-1) on an answer, stored once per user and answer.

        Accepted only from the user who asked, for the entry they were shown. A 👎 also
        puts the question into the unanswered log, in the same unit of work.
        """
        if value not in (1, -1) or not 0 < question_id < MAX_ID:
            return VoteResult.REFUSED
        async with self._db.transaction() as conn:
            feedback = FeedbackRepository(conn)
            logged = await feedback.logged_question(question_id)
            if logged is None or logged.user_id != user_id or logged.slug != slug:
                return VoteResult.REFUSED
            now = self._clock()
            changed = await feedback.set_vote(
                user_id=user_id, answer_key=str(question_id), slug=slug, vote=value, voted_at=now
            )
            if changed and value < 0:
                await feedback.add_unanswered(
                    asked_at=now, user_id=user_id, region=logged.region, query=logged.query,
                    normalized=normalize(logged.query), guesses=[slug], reason="downvote",
                )  # fmt: skip
        return VoteResult.SAVED if changed else VoteResult.SAME


class InboxService(ServiceBase):
    """Updates persisted before Telegram is told they arrived, and marked when handled."""

    LEASE = timedelta(seconds=60)

    def _lease(self) -> str:
        return (datetime.now(UTC) + self.LEASE).isoformat(timespec="microseconds")

    async def receive(self, items: Sequence[tuple[int, str]]) -> list[int]:
        """Store updates (update_id, JSON) in one unit of work; the ids that were new."""
        now, lease = self._clock(), self._lease()
        async with self._db.transaction(urgent=True) as conn:
            inbox = InboxRepository(conn)
            return [uid for uid, payload in items if await inbox.add(uid, payload, now, lease)]

    async def claim_expired(
        self, limit: int = 100, *, leased_before: str | None = None
    ) -> list[InboxItem]:
        """Updates received but never handled (their holder crashed): ours to handle now.

        By default those whose lease ran out. `leased_before`: every pending update leased
        before that time, whatever its lease; a polling bot at start passes `start_lease()`,
        as no other process can hold one (Telegram allows one poller per token).
        """
        expired = leased_before or self._clock()
        async with self._db.transaction(urgent=True) as conn:
            return await InboxRepository(conn).claim_expired(expired, self._lease(), limit)

    def start_lease(self) -> str:
        """A time after every lease given before now, and before every lease given later."""
        return self._lease()

    async def done(self, update_id: int) -> None:
        async with self._db.transaction(urgent=True) as conn:
            await InboxRepository(conn).done(update_id, self._clock())

    async def prune(self, keep: timedelta = timedelta(days=2)) -> int:
        before = (datetime.now(UTC) - keep).isoformat(timespec="microseconds")
        async with self._db.transaction() as conn:
            return await InboxRepository(conn).prune(before)

    async def pending(self) -> int:
        async with self._db.read() as conn:
            return await InboxRepository(conn).pending()
