"""The app factory: one dispatcher with every router and service, and the two ways to run it."""

from __future__ import annotations

import logging
import sys

from aiogram import Dispatcher

from bot.client import create_bot, set_commands
from bot.config import Settings
from bot.fsm_storage import SQLiteStorage
from bot.logging_setup import configure_logging
from bot.middlewares import ThrottlingMiddleware, UserRegionMiddleware
from bot.resilience import on_error
from bot.services import Services, open_services
from bot.terminal import Terminal
from handlers import get_routers

log = logging.getLogger("bilimbot")


def create_dispatcher(services: Services, *, throttle: bool = True) -> Dispatcher:
    """Wire every router in order (the catch-all last) and inject the services by name.

    `throttle=False` for the terminal, where one local user may paste many lines at once.
    """
    dispatcher = Dispatcher(
        storage=SQLiteStorage(services.fsm),
        settings=services.settings,
        knowledge=services.knowledge,
        users=services.users,
        index=services.index,
        admins=services.admins,
        reports=services.reports,
    )
    throttling = ThrottlingMiddleware()
    region = UserRegionMiddleware()
    for observer in (dispatcher.message, dispatcher.edited_message, dispatcher.callback_query):
        if throttle:
            observer.outer_middleware(throttling)
        observer.outer_middleware(region)
    dispatcher.errors.register(on_error)
    dispatcher.include_routers(*get_routers())
    return dispatcher


async def run_bot(settings: Settings, *, user_id: int = 1) -> int:
    configure_logging(settings.log_level, settings.log_format)
    async with open_services(settings) as services:
        dispatcher = create_dispatcher(services, throttle=settings.bot_token is not None)
        if settings.bot_token is None:
            # The terminal is the conversation itself: keep aiogram's per-update logs out of it.
            logging.getLogger("aiogram.event").setLevel(logging.WARNING)
            terminal = Terminal(dispatcher, user_id=user_id)
            await terminal.run(sys.stdin, sys.stdout)
            return 0
        bot = create_bot(settings.bot_token.get_secret_value(), api_url=settings.bot_api_url)
        try:
            await set_commands(bot)
            if settings.mode == "webhook":
                from bot.webhook import run_webhook

                await run_webhook(dispatcher, bot, settings, services)
            else:
                log.info("long polling with %d entries", len(services.index.current))
                await bot.delete_webhook()
                await dispatcher.start_polling(bot, handle_signals=True)
        finally:
            await bot.session.close()
    return 0
