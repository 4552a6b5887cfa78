"""Storage: migrations, seeding once, export → import, units of work under concurrency,
undo as a stack, votes only from the asker, rights checked where the change happens."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from db import database as database_module
from db.database import Database, switch_to_wal
from db.migrate import head, migrate, schema_revision
from db.repository import AdminRow
from db.service import (
    EditConflict,
    KnowledgeService,
    NotAllowed,
    ReportService,
    UserService,
    VoteResult,
)
from knowledge.loader import load_shipped_entries
from knowledge.model import EntryError, entries_from_document
from tests.legacy_schema import make_legacy_database

SHIPPED = load_shipped_entries()
REGIONAL = AdminRow(7, "shymkent", 42, "2026")
FULL = AdminRow(8, None, 42, "2026")


async def _tables(database: Database) -> set[str]:
    async with database.read() as conn:
        return set(await conn.run_sync(lambda sync: inspect(sync).get_table_names()))


async def test_fresh_database_gets_the_latest_schema(database: Database) -> None:
    assert await schema_revision(database) == head()
    assert {"entries", "meta", "users", "unanswered", "votes", "inbox"} <= await _tables(database)
    if database.is_sqlite:
        async with database.read() as conn:
            assert (await conn.execute(text("PRAGMA journal_mode"))).scalar() == "wal"


async def test_instances_starting_together_migrate_once_on_postgresql(
    fresh_postgres_url: str,
) -> None:
    databases = [Database(fresh_postgres_url) for _ in range(3)]
    try:
        assert await asyncio.gather(*(migrate(d) for d in databases)) == [head()] * 3
        async with databases[0].read() as conn:
            versions = (await conn.execute(text("SELECT count(*) FROM alembic_version"))).scalar()
        assert versions == 1
    finally:
        for d in databases:
            await d.close()


async def test_a_database_of_the_sqlite_only_releases_is_upgraded_with_its_data(
    db_path: Path,
) -> None:
    row = SHIPPED[0].to_dict()
    make_legacy_database(
        db_path,
        [(row["slug"], row["title"], row["category"], row["answer"],
          json.dumps(row["keywords"]), json.dumps(row["questions"]), json.dumps(row["regions"]),
          json.dumps(row["sources"]), "active", "2025-01-01")],
    )  # fmt: skip
    database = Database(db_path)
    try:
        assert await migrate(database) == head()
        assert [e.slug for e in await KnowledgeService(database).entries()] == [SHIPPED[0].slug]
        assert await UserService(database).region(5) == "shymkent"
        assert "inbox" in await _tables(database)
    finally:
        await database.close()


async def test_two_processes_starting_together_migrate_once(db_path: Path) -> None:
    first, second = Database(db_path), Database(db_path)
    try:
        results = await asyncio.gather(migrate(first), migrate(second))
        assert results == [head(), head()]
    finally:
        await first.close()
        await second.close()


class _LockedCursor:
    """A cursor whose journal-mode switch finds the file locked `locked` times."""

    def __init__(self, locked: int, error: str = "database is locked") -> None:
        self.locked, self.error, self.calls = locked, error, 0

    def execute(self, sql: str) -> None:
        self.calls += 1
        if self.calls <= self.locked:
            raise sqlite3.OperationalError(self.error)


def test_a_locked_switch_to_wal_is_tried_again(monkeypatch: pytest.MonkeyPatch) -> None:
    # Another process switching the same new file at the same instant: SQLite says
    # "locked" at once, and a bot that gave up there would not start.
    monkeypatch.setattr(database_module, "WAL_PAUSE", 0.0)
    cursor = _LockedCursor(locked=3)
    switch_to_wal(cursor)
    assert cursor.calls == 4
    with pytest.raises(sqlite3.OperationalError):
        switch_to_wal(_LockedCursor(locked=database_module.WAL_ATTEMPTS))
    other = _LockedCursor(locked=1, error="disk I/O error")
    with pytest.raises(sqlite3.OperationalError):
        switch_to_wal(other)
    assert other.calls == 1


async def test_seeding_runs_once_and_admin_edits_survive_a_restart(db_path: Path) -> None:
    database = Database(db_path)
    await migrate(database)
    service = KnowledgeService(database)
    assert await service.seed_once(SHIPPED)
    edited = replace(SHIPPED[0], answer="Өзгертілген жауап.")
    await service.import_entries([edited])
    await database.close()

    database = Database(db_path)
    try:
        service = KnowledgeService(database)
        assert not await service.seed_once(SHIPPED)
        stored = await service.entry(SHIPPED[0].slug)
        assert stored is not None and stored.answer == "Өзгертілген жауап."
        assert len(await service.entries()) == len(SHIPPED)
    finally:
        await database.close()


@pytest.mark.parametrize("target", ["sqlite", "postgresql"])
async def test_export_then_import_round_trips_across_backends(
    tmp_path: Path, database: Database, target: str, request: pytest.FixtureRequest
) -> None:
    source = KnowledgeService(database)
    await source.seed_once(SHIPPED)
    document = json.loads(json.dumps(await source.export_document()))

    other = Database(
        tmp_path / "other.sqlite3"
        if target == "sqlite"
        else request.getfixturevalue("postgres_server").create_database()
    )
    try:
        await migrate(other)
        target = KnowledgeService(other)
        added, changed = await target.import_entries(entries_from_document(document))
        assert (added, changed) == (len(SHIPPED), 0)
        again = await target.export_document()
        strip = [{k: v for k, v in e.items() if k != "updated_at"} for e in document["entries"]]
        assert [
            {k: v for k, v in e.items() if k != "updated_at"} for e in again["entries"]
        ] == strip
    finally:
        await other.close()


async def test_fifty_concurrent_writers_lose_nothing(database: Database) -> None:
    users = UserService(database)

    async def writer(n: int) -> list[int]:
        ids = []
        for i in range(20):
            ids.append(await users.log_question(
                user_id=n, region=None, query=f"сұрақ {n} {i}", slug="free-meals", kind="answer",
            ))  # fmt: skip
        await users.set_region(n, "shymkent")
        return [
            n for qid in ids
            if await users.vote(user_id=n, question_id=qid, slug="free-meals", value=1)
            is VoteResult.SAVED
        ]  # fmt: skip

    saved = await asyncio.gather(*(writer(n) for n in range(1, 51)))
    assert sum(len(s) for s in saved) == 50 * 20
    assert await users.votes("free-meals") == {1: 1000}
    assert all([await users.region(n) == "shymkent" for n in range(1, 51)])


async def test_a_rolled_back_edit_leaves_other_units_of_work_in_place(database: Database) -> None:
    knowledge, users = KnowledgeService(database), UserService(database)
    await knowledge.seed_once(SHIPPED)
    entry = await knowledge.entry("free-meals")
    assert entry is not None

    async def conflicting_edit() -> None:
        with pytest.raises(EditConflict):
            await knowledge.save(replace(entry, answer="x"), actor=None, action="edit",
                                 expected="not what is stored")  # fmt: skip

    async def question(n: int) -> int:
        return await users.log_question(
            user_id=n, region=None, query="белгісіз", slug=None, kind="unknown",
            unanswered_guesses=[],
        )  # fmt: skip

    work = [conflicting_edit() if n % 5 == 0 else question(n) for n in range(100)]
    await asyncio.gather(*work)
    assert len(await users.unanswered(limit=1000)) == 80


async def test_two_admins_confirming_the_same_edit_one_wins_one_gets_a_conflict(
    database: Database,
) -> None:
    knowledge = KnowledgeService(database)
    await knowledge.seed_once(SHIPPED)
    entry = await knowledge.entry("school-buses")
    assert entry is not None

    async def confirm(answer: str) -> str:
        try:
            await knowledge.save(replace(entry, answer=answer), actor=FULL, action="edit",
                                 expected=entry.updated_at)  # fmt: skip
        except EditConflict:
            return "conflict"
        return "saved"

    assert sorted(await asyncio.gather(confirm("бірінші"), confirm("екінші"))) == [
        "conflict", "saved",
    ]  # fmt: skip


async def test_undo_steps_back_one_change_at_a_time(database: Database) -> None:
    knowledge = KnowledgeService(database)
    await knowledge.seed_once(SHIPPED)
    original = await knowledge.entry("myn-bala")
    assert original is not None
    for answer in ("бір", "екі"):
        await knowledge.save(replace(original, answer=answer), actor=FULL, action="edit:answer")
    first = await knowledge.undo("myn-bala", actor=FULL)
    second = await knowledge.undo("myn-bala", actor=FULL)
    assert first is not None and first.answer == "бір"
    assert second is not None and second.answer == original.answer
    assert await knowledge.undo("myn-bala", actor=FULL) is None  # seeded: nothing older
    history = await knowledge.history("myn-bala")
    assert [row.action for row in history] == ["undo", "undo", "edit:answer", "edit:answer"]


async def test_votes_only_from_the_asker_for_the_entry_shown(database: Database) -> None:
    users = UserService(database)
    qid = await users.log_question(user_id=1, region=None, query="тамақ", slug="free-meals",
                                   kind="answer")  # fmt: skip
    assert await users.vote(user_id=2, question_id=qid, slug="free-meals", value=1) is (
        VoteResult.REFUSED
    )
    assert await users.vote(user_id=1, question_id=qid, slug="elbasy-medal", value=1) is (
        VoteResult.REFUSED
    )
    assert await users.vote(user_id=1, question_id=10**22, slug="free-meals", value=1) is (
        VoteResult.REFUSED
    )
    assert await users.vote(user_id=1, question_id=qid, slug="free-meals", value=5) is (
        VoteResult.REFUSED
    )
    assert await users.vote(user_id=1, question_id=qid, slug="free-meals", value=1) is (
        VoteResult.SAVED
    )
    assert await users.votes("free-meals") == {1: 1}
    assert await users.votes("elbasy-medal") == {}


async def test_a_regional_admin_changes_only_their_regions_facts(database: Database) -> None:
    knowledge, reports = KnowledgeService(database), ReportService(database)
    await knowledge.seed_once(SHIPPED)
    users = UserService(database)
    for region in ("shymkent", "zhambyl"):
        await users.log_question(user_id=1, region=region, query=f"балабақша {region}", slug=None,
                                 kind="unknown", unanswered_guesses=[])  # fmt: skip
    entry = await knowledge.entry("free-meals")
    assert entry is not None
    before = await knowledge.export_document()
    with pytest.raises(NotAllowed):
        await knowledge.save(replace(entry, answer="x"), actor=REGIONAL, action="edit")
    with pytest.raises(NotAllowed):
        await knowledge.add(replace(entry, slug="new-one"), actor=REGIONAL)
    with pytest.raises(NotAllowed):
        await knowledge.set_status("free-meals", "retired", actor=REGIONAL)
    with pytest.raises(NotAllowed):
        await knowledge.undo("free-meals", actor=REGIONAL)
    other = next(g for g in await reports.unanswered("2000") if g.regions == ("zhambyl",))
    with pytest.raises(NotAllowed):
        await knowledge.link_question(uid=other.uid, slug="elbasy-medal", actor=REGIONAL)
    with pytest.raises(NotAllowed):
        await reports.dismiss(other.uid, actor=REGIONAL)
    assert await knowledge.export_document() == before
    assert [g.regions for g in await reports.unanswered("2000", viewer=REGIONAL)] == [("shymkent",)]
    assert len(await reports.unanswered("2000")) == 2


@pytest.mark.parametrize(
    "document",
    [
        {"entries": "not a list"},
        {"entries": [{"slug": "Bad Slug!"}]},
        {"entries": [{"slug": "a-slug-far-too-long-for-a-telegram-button-data-field"}]},
        {"entries": [{**SHIPPED[0].to_dict(), "answer": "  "}]},
        {"entries": [{**SHIPPED[0].to_dict(), "sources": []}]},
        {"entries": [{**SHIPPED[0].to_dict(), "category": "weather"}]},
        {"entries": [SHIPPED[0].to_dict(), SHIPPED[0].to_dict()]},
    ],
)
def test_malformed_documents_are_refused_with_a_reason(document) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(EntryError) as error:
        entries_from_document(document)
    assert str(error.value)
