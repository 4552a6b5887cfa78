"""The flood limit's cost per message as the number of users grows, and its memory.

Run: .venv/bin/python -m bench.throttling
Feeds one message each from 1 000 and then 100 000 distinct users (and a second round
from the same users) through the in-process limiter, beside an empty check (the baseline
in the same run). Prints µs per check and the entries held: bounded by `max_users`, and
expiring with the window, so a school morning's crowd costs no more than a quiet hour.
"""

from __future__ import annotations

import asyncio
import time

from bot.ratelimit import MemoryRateLimiter, Verdict


async def _baseline(n: int) -> float:
    async def check(_: int) -> Verdict:
        return Verdict(True, False)

    start = time.perf_counter()
    for user in range(n):
        await check(user)
    return (time.perf_counter() - start) / n * 1e6


async def _limiter(users: int, rounds: int = 2) -> tuple[float, int]:
    limiter = MemoryRateLimiter()
    start = time.perf_counter()
    for _ in range(rounds):
        for user in range(users):
            await limiter.check(user)
    per_check = (time.perf_counter() - start) / (users * rounds) * 1e6
    return per_check, len(limiter._counts)


async def main() -> None:
    base = await _baseline(100_000)
    print(f"{'users':>10}{'µs/check':>10}{'vs empty':>10}{'entries held':>14}")
    for users in (1_000, 100_000, 300_000):
        cost, held = await _limiter(users)
        print(f"{users:>10}{cost:>10.2f}{cost / base:>10.1f}{held:>14}")
    print(f"empty check: {base:.2f} µs; the table never holds more than 100 000 users")


if __name__ == "__main__":
    asyncio.run(main())
