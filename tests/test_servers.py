"""The test servers are real: PostgreSQL and Valkey on loopback, reached over TCP by the
clients the bot uses (asyncpg, redis through aiogram's RedisStorage)."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg
import pytest
import redis.asyncio
from aiogram.fsm.storage.base import StorageKey
from aiogram.fsm.storage.redis import RedisStorage

from tests.servers import PostgresServer, RedisServer


async def test_postgres_answers_queries_over_loopback_with_a_password(postgres_url: str) -> None:
    url = urlsplit(postgres_url)
    assert url.scheme == "postgresql" and url.hostname == "127.0.0.1"
    conn = await asyncpg.connect(postgres_url)
    try:
        assert conn.get_server_version().major >= 15
        await conn.execute("CREATE TEMP TABLE entries (slug text PRIMARY KEY, title text)")
        await conn.execute("INSERT INTO entries VALUES ($1, $2)", "ystyq-tamaq", "Ыстық тамақ")
        row = await conn.fetchrow("SELECT title, lower(title) AS low FROM entries")
        assert row is not None and row["title"] == "Ыстық тамақ" and row["low"] == "ыстық тамақ"
        assert await conn.fetchval("SELECT inet_server_addr()::text") == "127.0.0.1/32"
    finally:
        await conn.close()
    wrong = postgres_url.replace(f":{url.password}@", ":wrong@")
    with pytest.raises(asyncpg.InvalidPasswordError):
        await asyncpg.connect(wrong)


async def test_postgres_server_does_not_run_as_root(postgres_url: str) -> None:
    conn = await asyncpg.connect(postgres_url)
    try:  # the backend serving this connection, read while it exists
        uid = _uid_of(await conn.fetchval("SELECT pg_backend_pid()"))
    finally:
        await conn.close()
    assert uid != 0
    if os.geteuid() != 0:
        assert uid == os.geteuid()


def _uid_of(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("Uid:")))


async def test_each_fresh_database_starts_empty(
    fresh_postgres_url: str, postgres_server: PostgresServer
) -> None:
    other = postgres_server.create_database()
    assert other != fresh_postgres_url
    conn = await asyncpg.connect(fresh_postgres_url)
    try:
        await conn.execute("CREATE TABLE marker (id int)")
    finally:
        await conn.close()
    conn = await asyncpg.connect(other)
    try:
        assert await conn.fetchval("SELECT to_regclass('marker')") is None
    finally:
        await conn.close()


async def test_redis_sets_gets_and_publishes(fresh_redis_url: str) -> None:
    client = redis.asyncio.Redis.from_url(fresh_redis_url)
    try:
        await client.set("bilimbot:test", "Сәлем")
        assert (await client.get("bilimbot:test")).decode() == "Сәлем"
        pubsub = client.pubsub()
        await pubsub.subscribe("bilimbot:changes")
        assert (await pubsub.get_message(timeout=5))["type"] == "subscribe"
        await client.publish("bilimbot:changes", "entry:42")
        message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=5)
        assert message is not None and message["data"] == b"entry:42"
        await pubsub.aclose()
    finally:
        await client.aclose()


async def test_aiogram_redis_storage_keeps_a_dialogue_state(fresh_redis_url: str) -> None:
    storage = RedisStorage.from_url(fresh_redis_url)
    key = StorageKey(bot_id=1, chat_id=100, user_id=100)
    try:
        await storage.set_state(key, "AddEntry:title")
        await storage.set_data(key, {"region": "Абай облысы"})
    finally:
        await storage.close()
    storage = RedisStorage.from_url(fresh_redis_url)  # another instance, same Redis
    try:
        assert await storage.get_state(key) == "AddEntry:title"
        assert await storage.get_data(key) == {"region": "Абай облысы"}
    finally:
        await storage.close()


async def test_postgres_stopped_refuses_and_started_again_keeps_its_data(
    postgres_server: PostgresServer, fresh_postgres_url: str
) -> None:
    conn = await asyncpg.connect(fresh_postgres_url)
    await conn.execute("CREATE TABLE kept (word text); INSERT INTO kept VALUES ('бар')")
    await conn.close()
    try:
        await asyncio.to_thread(postgres_server.kill)
        with pytest.raises(ConnectionRefusedError):
            await asyncpg.connect(fresh_postgres_url)
    finally:
        await asyncio.to_thread(postgres_server.start)
    conn = await asyncpg.connect(fresh_postgres_url)
    try:
        assert await conn.fetchval("SELECT word FROM kept") == "бар"
    finally:
        await conn.close()


async def test_redis_stopped_refuses_and_started_again_answers(
    redis_server: RedisServer, fresh_redis_url: str
) -> None:
    client = redis.asyncio.Redis.from_url(fresh_redis_url)
    try:
        await client.set("k", "v")
        await client.aclose()
        try:
            await asyncio.to_thread(redis_server.stop)
            with pytest.raises(redis.ConnectionError):
                await client.ping()
        finally:
            await asyncio.to_thread(redis_server.start)
        assert await client.ping()
        assert await client.get("k") is None  # in memory only: a restarted Redis is empty
    finally:
        await client.aclose()


def test_a_closed_server_leaves_nothing_behind() -> None:
    with RedisServer() as server:
        root = server.root
        assert server.running
    assert not server.running and not root.exists()
