"""Opening the database (SQLite or PostgreSQL) and handing out transactions.

A transaction is a unit of work: it commits or rolls back whole, on a connection of its
own from the pool, so nothing another update does can join or undo it.

On SQLite, writers take the database lock at BEGIN (BEGIN IMMEDIATE), queued in this
process by an asyncio lock so that they wait for each other without SQLite's busy polling;
other processes (the command line during a run) wait through busy_timeout. Readers never
wait: WAL mode lets them read the last commit while a writer works. PostgreSQL needs
neither: its rows lock themselves and the pool spreads the work.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import sqlite3
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

WRITE_OPTION = "bilimbot_write"
# Two processes switching a new database file to WAL at the same instant: SQLite answers
# one of them "database is locked" at once, without waiting (each holds the read lock the
# other needs to give up), so the switch is tried again after a short pause.
WAL_ATTEMPTS = 20
WAL_PAUSE = 0.05  # seconds, times the attempt's number


class MissingDriver(Exception):
    """The database URL names a backend whose driver is not installed."""


class DatabaseUnavailable(Exception):
    """The database cannot be reached; the bot apologises and recovers when it is back."""


def database_url(value: str | Path) -> URL:
    """`sqlite:///path`, a bare path, or `postgresql://…`, as an async driver URL."""
    text = str(value)
    if "://" not in text:
        return URL.create("sqlite+aiosqlite", database=text)
    url = make_url(text)
    if url.drivername in ("sqlite", "sqlite+aiosqlite"):
        return url.set(drivername="sqlite+aiosqlite")
    if url.drivername in ("postgresql", "postgres", "postgresql+asyncpg"):
        return url.set(drivername="postgresql+asyncpg")
    raise ValueError(f"unsupported database URL scheme: {url.drivername}")


def describe(url: URL) -> str:
    """The URL without its password, for logs and messages."""
    return url.render_as_string(hide_password=True)


def switch_to_wal(cursor: Any) -> None:
    """PRAGMA journal_mode = WAL, tried again while another process holds the lock (this
    runs in the driver's thread, never on the event loop)."""
    for attempt in range(1, WAL_ATTEMPTS + 1):
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or attempt == WAL_ATTEMPTS:
                raise
            time.sleep(WAL_PAUSE * attempt)


def _sqlite_setup(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Transactions are ours: pysqlite must not open or commit them on its own.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout = 10000")
        switch_to_wal(cursor)
        # In WAL mode NORMAL keeps every commit across a crash of the process (what a
        # killed bot needs); only a power cut may lose the last commits.
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        write = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


class _WriteQueue:
    """SQLite's single writer, queued in this process: urgent units of work (the inbox's
    bookkeeping, a few microseconds of work each) go before the others waiting, so that
    marking an update done never waits behind a queue of other updates' writes."""

    def __init__(self) -> None:
        self._busy = False
        self._waiting: list[tuple[int, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    async def acquire(self, urgent: bool) -> None:
        if not self._busy and not self._waiting:
            self._busy = True
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        entry = (0 if urgent else 1, next(self._order), future)
        heapq.heappush(self._waiting, entry)
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                self.release()  # the turn was handed to us just as we were cancelled
            else:
                self._waiting.remove(entry)
                heapq.heapify(self._waiting)
            raise

    def release(self) -> None:
        while self._waiting:
            _, _, future = heapq.heappop(self._waiting)
            if not future.done():
                future.set_result(None)  # the turn passes on; _busy stays True
                return
        self._busy = False


class Database:
    """The engine and its units of work; one per process, closed on exit."""

    def __init__(self, url: str | Path, *, pool_size: int = 10) -> None:
        self.url = database_url(url)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        options: dict[str, Any] = {}
        if self.is_sqlite:
            database = self.url.database or ""
            if database and database != ":memory:":
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            # Every unit of work ends in COMMIT or ROLLBACK already; a second rollback on
            # return to the pool would cost a trip to SQLite's thread per transaction.
            options.update(pool_reset_on_return=None)
        else:
            # pool_pre_ping: a connection PostgreSQL dropped (restart, failover) is replaced.
            options.update(pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True)
        try:
            self.engine = create_async_engine(self.url, **options)
        except ModuleNotFoundError as error:
            # PostgreSQL's driver is the `postgres` extra: pip install 'bilimbot[postgres]'.
            raise MissingDriver(str(error.name)) from error
        if self.is_sqlite:
            _sqlite_setup(self.engine)
        self._writers = _WriteQueue() if self.is_sqlite else None

    @property
    def dialect(self) -> str:
        return self.url.get_backend_name()

    @asynccontextmanager
    async def transaction(self, *, urgent: bool = False) -> AsyncIterator[AsyncConnection]:
        """A unit of work that writes: committed when the block ends, rolled back on error.

        `urgent`: short bookkeeping that must not wait behind other writers (SQLite).
        """
        if self._writers is None:
            async with self.engine.begin() as conn:
                yield conn
            return
        await self._writers.acquire(urgent)
        try:
            conn = await self.engine.connect()
            try:
                conn = await conn.execution_options(**{WRITE_OPTION: True})
                async with conn.begin():
                    yield conn
            finally:
                await conn.close()
        finally:
            self._writers.release()

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncConnection]:
        """A consistent read of the last commit; never blocks writers."""
        async with self.engine.connect() as conn:
            yield conn

    async def close(self) -> None:
        await self.engine.dispose()
