"""Migrations, seeding once, export → import, and a bad import changing nothing."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from db.database import connect
from db.migrations import LATEST, migrate, schema_version
from db.service import KnowledgeService
from knowledge.loader import load_shipped_entries
from knowledge.model import EntryError, entries_from_document

SHIPPED = load_shipped_entries()


async def _tables(conn) -> set[str]:  # type: ignore[no-untyped-def]
    async with conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'") as cur:
        return {row[0] for row in await cur.fetchall()}


async def test_fresh_database_gets_the_latest_schema_in_wal_mode(conn) -> None:  # type: ignore[no-untyped-def]
    assert await schema_version(conn) == LATEST
    assert {"entries", "meta", "users", "unanswered", "votes"} <= await _tables(conn)
    async with conn.execute("PRAGMA journal_mode") as cur:
        assert (await cur.fetchone())[0] == "wal"


async def test_old_database_is_upgraded_and_keeps_its_entries(db_path: Path) -> None:
    old = await connect(db_path, upgrade=False)
    await migrate(old, target=1)
    await KnowledgeService(old).seed_once(SHIPPED[:2])
    await old.close()

    upgraded = await connect(db_path)
    try:
        assert await schema_version(upgraded) == LATEST
        assert [e.slug for e in await KnowledgeService(upgraded).entries()] == [
            e.slug for e in SHIPPED[:2]
        ]
        assert "users" in await _tables(upgraded)
    finally:
        await upgraded.close()


async def test_seeding_runs_once_and_admin_edits_survive_a_restart(db_path: Path) -> None:
    conn = await connect(db_path)
    service = KnowledgeService(conn)
    assert await service.seed_once(SHIPPED)
    edited = replace(SHIPPED[0], answer="Өзгертілген жауап.")
    await service.import_entries([edited])
    await conn.close()

    conn = await connect(db_path)
    try:
        service = KnowledgeService(conn)
        assert not await service.seed_once(SHIPPED)
        stored = await service.entry(SHIPPED[0].slug)
        assert stored is not None and stored.answer == "Өзгертілген жауап."
        assert len(await service.entries()) == len(SHIPPED)
    finally:
        await conn.close()


async def test_export_then_import_round_trips(tmp_path: Path, conn) -> None:  # type: ignore[no-untyped-def]
    source = KnowledgeService(conn)
    await source.seed_once(SHIPPED)
    document = json.loads(json.dumps(await source.export_document()))

    other = await connect(tmp_path / "other.sqlite3")
    try:
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


@pytest.mark.parametrize(
    "document",
    [
        {"entries": "not a list"},
        {"entries": [{"slug": "Bad Slug!"}]},
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
