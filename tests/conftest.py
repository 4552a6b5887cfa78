from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import redis

from bot.config import Settings
from db.database import Database
from db.migrate import migrate
from tests.servers import PostgresServer, RedisServer
from tests.telegram_standin import Standin, start_standin


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "bilimbot.sqlite3"


@pytest.fixture
def settings(db_path: Path) -> Settings:
    return Settings(BOT_TOKEN=None, BILIMBOT_DB=db_path, BILIMBOT_ADMINS="42")


@pytest.fixture(params=["sqlite", "postgresql"])
async def database(request: pytest.FixtureRequest, db_path: Path) -> AsyncIterator[Database]:
    """A migrated, empty database on each backend: the repository tests run on both."""
    url = (
        str(db_path) if request.param == "sqlite" else request.getfixturevalue("fresh_postgres_url")
    )
    db = Database(url)
    await migrate(db)
    yield db
    await db.close()


# Real servers on loopback, started on first use and stopped when the session ends
# (tests/servers.py). A test that stops one must start it again (try/finally); the
# per-test fixtures below also restart one left stopped.


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    with PostgresServer() as server:
        yield server


@pytest.fixture(scope="session")
def postgres_url(postgres_server: PostgresServer) -> str:
    """postgresql://bilimbot:…@127.0.0.1:<port>/bilimbot, shared by the whole session."""
    return postgres_server.url


@pytest.fixture
def fresh_postgres_url(postgres_server: PostgresServer) -> str:
    """A new, empty database of its own for one test."""
    if not postgres_server.running:
        postgres_server.start()
    return postgres_server.create_database()


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    with RedisServer() as server:
        yield server


@pytest.fixture(scope="session")
def redis_url(redis_server: RedisServer) -> str:
    """redis://127.0.0.1:<port>/0 (Valkey), shared by the whole session."""
    return redis_server.url


@pytest.fixture
def fresh_redis_url(redis_server: RedisServer) -> str:
    """The session's server, emptied for one test."""
    if not redis_server.running:
        redis_server.start()
    with redis.Redis.from_url(redis_server.url) as client:
        client.flushall()
    return redis_server.url


@pytest.fixture
async def standin() -> AsyncIterator[Standin]:
    """A loopback Bot API for real bot processes (tests/telegram_standin.py)."""
    server, runner = await start_standin()
    yield server
    await runner.cleanup()
