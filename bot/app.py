"""The app factory: one dispatcher with every router and service, and the two ways to run it."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiogram import Bot, Dispatcher
from aiogram.fsm.storage.base import BaseStorage
from sqlalchemy.exc import SQLAlchemyError

from bot.broadcast import Broadcaster
from bot.client import create_bot, set_commands
from bot.config import Settings
from bot.digest import WeeklyDigest
from bot.fsm_storage import DatabaseStorage
from bot.logging_setup import configure_logging
from bot.middlewares import ThrottlingMiddleware, UserRegionMiddleware
from bot.ratelimit import MemoryRateLimiter, RateLimiter
from bot.resilience import on_error
from bot.runtime import UpdateRunner, poll
from bot.services import Services, open_services
from bot.shared import shared_state
from bot.terminal import Terminal
from bot.webhook import require_webhook_secret, run_webhook
from db.database import DatabaseUnavailable
from handlers import get_routers
from handlers.admin_followup import deliver
from replies import keyboards

log = logging.getLogger("bilimbot")
BROADCAST_GRACE = 15.0  # seconds to finish the broadcast messages in flight on shutdown


def create_dispatcher(
    services: Services,
    *,
    throttle: bool = True,
    storage: BaseStorage | None = None,
    limiter: RateLimiter | None = None,
) -> Dispatcher:
    """Wire every router in order (the catch-all last) and inject the services by name.

    `storage` and `limiter`: shared (Redis) ones when several instances run; by default the
    dialogues live in the database and the limits in this process.
    `throttle=False` for the terminal, where one local user may paste many lines at once.
    """
    dispatcher = Dispatcher(
        storage=storage or DatabaseStorage(services.fsm),
        settings=services.settings,
        knowledge=services.knowledge,
        users=services.users,
        index=services.index,
        admins=services.admins,
        reports=services.reports,
        followups=services.followups,
        freshness=services.freshness,
        subscriptions=services.subscriptions,
        broadcasts=services.broadcasts,
    )
    throttling = ThrottlingMiddleware(limiter or MemoryRateLimiter())
    region = UserRegionMiddleware()
    for observer in (dispatcher.message, dispatcher.edited_message, dispatcher.callback_query):
        if throttle:
            # Inner: only updates some handler takes count against the user's limit.
            observer.middleware(throttling)
        observer.outer_middleware(region)
    dispatcher.errors.register(on_error)
    dispatcher.include_routers(*get_routers())
    return dispatcher


async def run_bot(settings: Settings, *, user_id: int = 1) -> int:
    configure_logging(settings.log_level, settings.log_format, settings.secrets())
    if settings.mode == "webhook" and settings.bot_token is not None:
        require_webhook_secret(settings)  # before anything opens: a clear refusal
    async with open_services(settings) as services, shared_state(settings) as shared:
        dispatcher = create_dispatcher(
            services, throttle=settings.bot_token is not None, storage=shared.storage,
            limiter=shared.limiter,
        )  # fmt: skip
        if settings.bot_token is None:
            # The terminal is the conversation itself: keep aiogram's per-update logs out of it.
            logging.getLogger("aiogram.event").setLevel(logging.WARNING)
            terminal = Terminal(dispatcher, user_id=user_id)
            await terminal.run(sys.stdin, sys.stdout)
            return 0
        bot = create_bot(settings.bot_token.get_secret_value(), api_url=settings.bot_api_url)
        runner = UpdateRunner(dispatcher, bot, services.inbox)
        # Kept referenced (a bare task may be garbage-collected) and stopped on shutdown.
        background = [
            asyncio.create_task(
                WeeklyDigest(bot, services.admins, services.freshness).run(), name="weekly-digest"
            ),
            asyncio.create_task(_resume_replies(bot, services), name="unsent-replies"),
        ]
        try:
            await set_commands(bot)
            async with shared.follow_changes(services), broadcasting(settings, services):
                if settings.mode == "webhook":
                    await run_webhook(runner, bot, settings, services)
                else:
                    await _run_polling(runner, bot, dispatcher, services)
        finally:
            for task in background:
                task.cancel()
            await asyncio.gather(*background, return_exceptions=True)
            await bot.session.close()
    return 0


@asynccontextmanager
async def broadcasting(settings: Settings, services: Services) -> AsyncIterator[Broadcaster]:
    """The broadcast sender, a task of the app's own while inside; on the way out it finishes
    the messages in flight and gives the rest back (to the next start or another instance).

    It has a Bot of its own without the 429-retrying middleware: a 429 must pause the whole
    broadcast through its limiter, not only the one message."""
    assert settings.bot_token is not None
    bot = create_bot(
        settings.bot_token.get_secret_value(), api_url=settings.bot_api_url, retry_after=False
    )
    broadcaster = Broadcaster(bot, services.broadcasts, keyboards.change_notice)
    stop = asyncio.Event()
    # Polling: one process per token, so what a previous run left claimed is ours at once.
    orphans = settings.mode != "webhook"
    task = asyncio.create_task(broadcaster.run(stop, orphans=orphans), name="broadcasts")
    try:
        yield broadcaster
    finally:
        stop.set()
        try:
            await asyncio.wait_for(task, BROADCAST_GRACE)
        except TimeoutError:
            log.warning("broadcast sender did not stop in time; its leases will expire")
        finally:
            await bot.session.close()


async def _run_polling(
    runner: UpdateRunner, bot: Bot, dispatcher: Dispatcher, services: Services
) -> None:
    log.info("long polling with %d entries", len(services.index.current))
    await bot.delete_webhook()
    # Telegram allows one poller per token: whatever is pending in the inbox is ours.
    recovered = await runner.recover(orphans=True)
    if recovered:
        log.info("handling %d updates left from the last run", recovered)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    # Forgets handled updates after two days (the inbox stays small).
    sweeper = asyncio.create_task(runner.sweep_forever(), name="inbox-sweep")
    try:
        await poll(runner, bot, stop, dispatcher.resolve_used_update_types())
    finally:
        sweeper.cancel()
    log.info("stopped")


async def _resume_replies(bot: Bot, services: Services) -> None:
    """Admins' replies a stopped process decided but never sent: sent now, once."""
    try:
        unsent = await services.followups.unsent()
        if unsent:
            statuses = await deliver(bot, services.followups, unsent)
            log.info("sent %d replies left unsent by the last run", statuses.count("sent"))
    except (DatabaseUnavailable, SQLAlchemyError, OSError):
        log.warning("unsent replies wait for the next start: the database is unavailable")
