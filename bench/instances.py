"""End-to-end updates per second through 1, 2 and 4 webhook instances on PostgreSQL + Redis,
beside 1 instance on SQLite, all in one run (ratios against that baseline).

Run: .venv/bin/python -m bench.instances [--updates 2000] [--concurrency 64]
Real bot processes in webhook mode; a load generator posts updates round-robin to the
instances like a load balancer; a loopback Bot API stand-in receives the replies. The clock
runs from the first post until the stand-in has every reply. PostgreSQL and Valkey are the
test suite's throwaway servers (tests/servers.py). Everything shares this machine's cores,
so more instances also means more processes competing for them: read the ratios as what
one machine gives; on separate machines instances add up further.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import tempfile
import time
from pathlib import Path

import aiohttp

from tests.botprocess import SECRET, SECRET_HEADER, BotProcess, start_bot
from tests.servers import PostgresServer, RedisServer
from tests.telegram_standin import message_update, start_standin

QUESTIONS = Path(__file__).resolve().parent.parent / "tests" / "data" / "questions.jsonl"


async def _run(instances: int, database: str, redis: str | None, updates: int,
               concurrency: int) -> float:  # fmt: skip
    standin, runner = await start_standin()
    questions = [json.loads(line)["q"] for line in QUESTIONS.read_text("utf-8").splitlines()]
    with tempfile.TemporaryDirectory() as tmp:
        bots: list[BotProcess] = list(await asyncio.gather(*(
            start_bot(standin, Path(tmp) / str(i), database=database, redis=redis, webhook=True)
            for i in range(instances)
        )))  # fmt: skip
        payloads = [message_update(i + 1, 100_000 + i % 5000, questions[i % len(questions)])
                    for i in range(updates)]  # fmt: skip
        targets = itertools.cycle(bots)
        queue: asyncio.Queue[tuple[BotProcess, dict[str, object]]] = asyncio.Queue()
        for payload in payloads:
            queue.put_nowait((next(targets), payload))
        start = time.perf_counter()
        async with aiohttp.ClientSession() as session:

            async def poster() -> None:
                while not queue.empty():
                    bot, payload = queue.get_nowait()
                    url, headers = f"{bot.url}/telegram", {SECRET_HEADER: SECRET}
                    async with session.post(url, json=payload, headers=headers) as response:
                        assert response.status == 200

            await asyncio.gather(*(poster() for _ in range(concurrency)))
            chats = {p["message"]["chat"]["id"] for p in payloads}  # type: ignore[index]
            await standin.wait_for(
                lambda: len({int(m["chat_id"]) for m in standin.sent}) >= len(chats)
                and standin.calls["sendMessage"] >= updates, within=600)  # fmt: skip
        elapsed = time.perf_counter() - start
        for bot in bots:
            await bot.stop()
    await runner.cleanup()
    return updates / elapsed


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=64)
    args = parser.parse_args()
    with PostgresServer() as postgres, RedisServer() as redis, tempfile.TemporaryDirectory() as tmp:
        baseline = await _run(1, str(Path(tmp) / "bench.sqlite3"), None, args.updates,
                              args.concurrency)  # fmt: skip
        print(f"{'setup':<32}{'updates/s':>10}{'ratio':>8}")
        print(f"{'1 instance, SQLite':<32}{baseline:>10.0f}{1.0:>8.2f}")
        for n in (1, 2, 4):
            rate = await _run(n, postgres.create_database(), redis.url, args.updates,
                              args.concurrency)  # fmt: skip
            label = f"{n} instance{'s' if n > 1 else ''}, PostgreSQL + Redis"
            print(f"{label:<32}{rate:>10.0f}{rate / baseline:>8.2f}")


if __name__ == "__main__":
    asyncio.run(main())
