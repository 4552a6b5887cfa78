"""Webhook mode: aiogram's aiohttp request handler behind Telegram's secret token, and
/healthz for the orchestrator."""

from __future__ import annotations

import asyncio
import logging
import signal

from aiogram import Bot, Dispatcher
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

from bot.config import Settings
from bot.services import Services

log = logging.getLogger("bilimbot")


def build_webhook_app(
    dispatcher: Dispatcher, bot: Bot, settings: Settings, services: Services
) -> web.Application:
    app = web.Application()
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    # Updates are handled inside the request, so shutting the server down waits for them.
    handler = SimpleRequestHandler(dispatcher, bot, secret_token=secret, handle_in_background=False)
    handler.register(app, path=settings.webhook_path)
    setup_application(app, dispatcher, bot=bot)

    async def healthz(_: web.Request) -> web.Response:
        return web.json_response({"status": "ok", "entries": len(services.index.current)})

    app.router.add_get("/healthz", healthz)
    return app


async def run_webhook(
    dispatcher: Dispatcher, bot: Bot, settings: Settings, services: Services
) -> None:
    """Serve until SIGINT/SIGTERM, then finish in-flight updates and return."""
    if not settings.webhook_url:
        raise SystemExit("WEBHOOK_URL is required when BILIMBOT_MODE=webhook")
    app = build_webhook_app(dispatcher, bot, settings, services)
    runner = web.AppRunner(app, shutdown_timeout=30)
    await runner.setup()
    site = web.TCPSite(runner, settings.webhook_host, settings.webhook_port)
    await site.start()
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    url = settings.webhook_url.rstrip("/") + settings.webhook_path
    await bot.set_webhook(url, secret_token=secret)
    log.info("webhook listening on %s:%s", settings.webhook_host, settings.webhook_port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        log.info("shutting down: finishing in-flight updates")
        await runner.cleanup()
