"""The services every handler and command works with, opened and closed together."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import aiosqlite

from bot.config import Settings
from db.database import connect
from db.service import AdminService, FsmService, KnowledgeService, ReportService, UserService
from knowledge.engine import SearchIndex
from knowledge.loader import load_shipped_entries


class IndexHolder:
    """The current search index, brought up to date after every change to the knowledge
    base: only the entries that changed are re-indexed (`SearchIndex.upsert`/`remove`)."""

    def __init__(self, index: SearchIndex) -> None:
        self.current = index

    async def rebuild(self, knowledge: KnowledgeService) -> None:
        self.current.sync(await knowledge.entries())


@dataclass(slots=True)
class Services:
    settings: Settings
    conn: aiosqlite.Connection
    knowledge: KnowledgeService
    users: UserService
    index: IndexHolder
    admins: AdminService
    reports: ReportService
    fsm: FsmService


@asynccontextmanager
async def open_services(settings: Settings, *, build_index: bool = True) -> AsyncIterator[Services]:
    """Open the database (migrated, seeded once from the shipped files) and build the index."""
    conn = await connect(settings.db_path)
    try:
        knowledge = KnowledgeService(conn)
        await knowledge.seed_once(load_shipped_entries())
        entries = await knowledge.entries() if build_index else []
        yield Services(
            settings=settings,
            conn=conn,
            knowledge=knowledge,
            users=UserService(conn),
            index=IndexHolder(SearchIndex(entries)),
            admins=AdminService(conn, settings.admins),
            reports=ReportService(conn),
            fsm=FsmService(conn),
        )
    finally:
        await conn.close()
