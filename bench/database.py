"""Concurrent writers through the bot's own services: nothing lost, and at what rate.

Run: .venv/bin/python -m bench.database [--url postgresql://…] [--writers 50] [--rows 1000]
WRITERS tasks share ONE services object (as the updates of one bot process do) and each
writes ROWS units of work: a logged question, then a 👍 on it. Beside it, one writer doing
the same total (the baseline, measured in the same run). Prints rows/s for both, their
ratio, and how many acknowledged rows are missing afterwards (must be 0).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from db import schema
from db.database import Database
from db.migrate import migrate
from db.service import UserService, VoteResult


async def _writer(users: UserService, writer: int, rows: int) -> int:
    acknowledged = 0
    for i in range(rows):
        user_id = writer * 1_000_000 + i
        qid = await users.log_question(user_id=user_id, region="shymkent", query=f"сұрақ {i}",
                                       slug="free-meals", kind="answer")  # fmt: skip
        vote = await users.vote(user_id=user_id, question_id=qid, slug="free-meals", value=1)
        acknowledged += vote is VoteResult.SAVED
    return acknowledged


async def _count(database: Database) -> tuple[int, int]:
    async with database.read() as conn:
        logged = await conn.execute(select(func.count()).select_from(schema.questions_log))
        votes = await conn.execute(select(func.count()).select_from(schema.votes))
        return int(logged.scalar_one()), int(votes.scalar_one())


async def _run(url: str, writers: int, rows: int) -> tuple[float, int, tuple[int, int]]:
    database = Database(url)
    try:
        await migrate(database)
        users = UserService(database)
        start = time.perf_counter()
        acks = await asyncio.gather(*(_writer(users, w, rows) for w in range(writers)))
        elapsed = time.perf_counter() - start
        return elapsed, sum(acks), await _count(database)
    finally:
        await database.close()


async def _fresh_url(base: str | None, tmp: Path, name: str) -> str:
    if base is None:
        return str(tmp / f"{name}.sqlite3")
    from tests.servers import fresh_postgres_database

    return await fresh_postgres_database(base, name)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", help="a PostgreSQL server URL (default: a fresh SQLite file)")
    parser.add_argument("--writers", type=int, default=50)
    parser.add_argument("--rows", type=int, default=1000)
    args = parser.parse_args()
    total = args.writers * args.rows
    with tempfile.TemporaryDirectory() as tmp:
        one = await _run(await _fresh_url(args.url, Path(tmp), "one"), 1, total)
        many = await _run(await _fresh_url(args.url, Path(tmp), "many"), args.writers, args.rows)
    print(f"{'writers':<10}{'seconds':>10}{'units/s':>10}{'acknowledged':>14}{'stored':>18}")
    for writers, (elapsed, acks, stored) in ((1, one), (args.writers, many)):
        print(f"{writers:<10}{elapsed:>10.2f}{total / elapsed:>10.0f}{acks:>14}{stored!s:>18}")
    lost = sum(acks - min(stored) for _, acks, stored in (one, many))
    print(f"{args.writers} writers / 1 writer throughput = {one[0] / many[0]:.2f}; "
          f"acknowledged rows lost: {lost}")  # fmt: skip


if __name__ == "__main__":
    asyncio.run(main())
