"""The services every handler and command works with, opened and closed together."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from bot.config import Settings
from db.broadcast_service import BroadcastService, SubscriptionService
from db.database import Database
from db.followup import FreshnessService, ReplyService
from db.migrate import migrate
from db.service import (
    AdminService,
    FsmService,
    InboxService,
    KnowledgeService,
    ReportService,
    UserService,
)
from knowledge.engine import SearchIndex
from knowledge.holder import IndexHolder
from knowledge.loader import load_shipped_entries

# When this process is the only one using the database (SQLite), per-user reads are cached;
# with a shared server every instance reads what the others wrote.
SINGLE_PROCESS_CACHE_TTL = 3600.0


@dataclass(slots=True)
class Services:
    settings: Settings
    db: Database
    knowledge: KnowledgeService
    users: UserService
    index: IndexHolder
    admins: AdminService
    reports: ReportService
    fsm: FsmService
    inbox: InboxService
    followups: ReplyService
    freshness: FreshnessService
    subscriptions: SubscriptionService
    broadcasts: BroadcastService


@asynccontextmanager
async def open_services(settings: Settings, *, build_index: bool = True) -> AsyncIterator[Services]:
    """Open the database (migrated, seeded once from the shipped files) and build the index."""
    db = Database(settings.database)
    try:
        await migrate(db)
        knowledge = KnowledgeService(db)
        await knowledge.seed_once(load_shipped_entries())
        entries = await knowledge.entries() if build_index else []
        ttl = SINGLE_PROCESS_CACHE_TTL if db.is_sqlite else 0.0
        yield Services(
            settings=settings,
            db=db,
            knowledge=knowledge,
            users=UserService(db, cache_ttl=ttl),
            index=IndexHolder(SearchIndex(entries)),
            admins=AdminService(db, settings.admins),
            reports=ReportService(db),
            fsm=FsmService(db, cache_ttl=ttl),
            inbox=InboxService(db),
            followups=ReplyService(db),
            freshness=FreshnessService(db),
            subscriptions=SubscriptionService(db),
            broadcasts=BroadcastService(db),
        )
    finally:
        await db.close()
