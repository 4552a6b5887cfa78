"""The database under 50 concurrent writers of unanswered questions and votes.

Run: .venv/bin/python -m bench.database
Each writer has its own connection (as separate bot processes would) and writes
ROWS unanswered questions and ROWS votes, one transaction each. Beside it, the same
writes from a single writer (the baseline). Prints time, rows/s, the ratio, and whether
any row was lost.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from db.database import connect
from db.service import UserService

WRITERS = 50
ROWS = 40


async def _writer(path: Path, writer: int, rows: int) -> None:
    conn = await connect(path)
    try:
        users = UserService(conn)
        for i in range(rows):
            user_id = writer * 100_000 + i
            await users.log_question(user_id=user_id, region="shymkent",
                                     query=f"сұрақ {writer}-{i}", slug=None, kind="unknown",
                                     unanswered_guesses=["free-meals"])  # fmt: skip
            await users.upvote(user_id=user_id, question_id=i, slug="free-meals")
    finally:
        await conn.close()


async def _count(path: Path) -> tuple[int, int]:
    conn = await connect(path)
    try:
        async with conn.execute("SELECT COUNT(*) FROM unanswered") as cursor:
            unanswered = (await cursor.fetchone() or [0])[0]
        async with conn.execute("SELECT COUNT(*) FROM votes") as cursor:
            votes = (await cursor.fetchone() or [0])[0]
        return int(unanswered), int(votes)
    finally:
        await conn.close()


async def _run(writers: int, rows: int) -> tuple[float, tuple[int, int]]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite3"
        await (await connect(path)).close()  # create and migrate once
        start = time.perf_counter()
        await asyncio.gather(*(_writer(path, w, rows) for w in range(writers)))
        elapsed = time.perf_counter() - start
        return elapsed, await _count(path)


async def main() -> None:
    total = WRITERS * ROWS
    single, single_rows = await _run(1, total)
    many, many_rows = await _run(WRITERS, ROWS)
    print(f"{'writers':<10}{'seconds':>10}{'writes/s':>12}{'rows (unanswered, votes)':>28}")
    print(f"{1:<10}{single:>10.2f}{2 * total / single:>12.0f}{single_rows!s:>28}")
    print(f"{WRITERS:<10}{many:>10.2f}{2 * total / many:>12.0f}{many_rows!s:>28}")
    lost = (total - many_rows[0]) + (total - many_rows[1])
    print(f"50 writers / 1 writer time = {many / single:.2f}; rows lost: {lost}")


if __name__ == "__main__":
    asyncio.run(main())
