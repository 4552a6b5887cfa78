"""The weekly digest: every Monday at 09:00 (Kazakhstan) each admin gets what to check
again in their scope (entries unchecked for 180 days, passed plans), once per week across
restarts and instances. The clock and the sleep are injected so that tests run a week in no time."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, time, timedelta

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from sqlalchemy.exc import SQLAlchemyError

from db.database import DatabaseUnavailable
from db.followup import FreshnessService
from db.service import AdminService
from knowledge.freshness import LOCAL_ZONE
from replies import followup

log = logging.getLogger("bilimbot.digest")
SEND_AT = time(9, 0)  # Monday, local time
RETRY = timedelta(minutes=5)  # after a failed attempt (database away)


def _now() -> datetime:
    return datetime.now(UTC)


def week_start(now: datetime) -> datetime:
    """This week's Monday SEND_AT, local time, as an aware datetime."""
    local = now.astimezone(LOCAL_ZONE)
    monday = local.date() - timedelta(days=local.weekday())
    return datetime.combine(monday, SEND_AT, tzinfo=LOCAL_ZONE)


def next_run(now: datetime) -> datetime:
    start = week_start(now)
    return start if now < start else start + timedelta(days=7)


def week_key(now: datetime) -> str:
    year, week, _ = now.astimezone(LOCAL_ZONE).isocalendar()
    return f"{year}-W{week:02d}"


class WeeklyDigest:
    def __init__(
        self,
        bot: Bot,
        admins: AdminService,
        freshness: FreshnessService,
        *,
        clock: Callable[[], datetime] = _now,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._bot, self._admins, self._freshness = bot, admins, freshness
        self._clock, self._sleep = clock, sleep

    async def send_if_due(self) -> int:
        """Send this week's digest if its time has come and no one sent it yet; how many
        admins got it."""
        now = self._clock()
        if now < week_start(now) or not await self._freshness.claim_digest(week_key(now)):
            return 0
        rows = {row.user_id: row for row in await self._admins.all()}
        recipients = [await self._admins.rights(uid) for uid in self._admins.super_admins]
        recipients += [row for uid, row in rows.items() if uid not in self._admins.super_admins]
        sent = 0
        for rights in recipients:
            if rights is None:
                continue
            report = await self._freshness.stale(viewer=rights)
            if not report:
                continue
            try:
                await self._bot.send_message(
                    rights.user_id, followup.digest(report.entries, report.facts)
                )
                sent += 1
            except TelegramAPIError:
                log.warning("digest not delivered to admin %s", rights.user_id)
        log.info("weekly digest sent to %d admins", sent)
        return sent

    async def run(self) -> None:
        """Forever: sleep until Monday morning, send, and again. A bot started mid-week
        waits for the next Monday (no digest on every restart); when the database is
        away at that time, it tries again every few minutes."""
        due = next_run(self._clock())
        while True:
            await self._sleep(max((due - self._clock()).total_seconds(), 0.0))
            try:
                await self.send_if_due()
            except (DatabaseUnavailable, SQLAlchemyError, OSError):
                log.warning("weekly digest postponed: the database is unavailable")
                due = self._clock() + RETRY
                continue
            due = next_run(self._clock())
