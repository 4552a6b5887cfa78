"""Webhook mode: updates posted by Telegram (or by a load balancer in front of several
instances) are checked against the secret token, stored in the inbox, acknowledged, and
handled in the background; /healthz for the orchestrator."""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import signal

from aiogram import Bot
from aiogram.types import Update
from aiohttp import web
from pydantic import ValidationError

from bot.config import Settings
from bot.runtime import UpdateRunner
from bot.services import Services

log = logging.getLogger("bilimbot")

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1024 * 1024  # Telegram's updates are far smaller


class MissingWebhookSecret(SystemExit):
    """Webhook mode without WEBHOOK_SECRET would take forged updates from anyone."""


def require_webhook_secret(settings: Settings) -> str:
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
    if len(secret) < 16:
        raise MissingWebhookSecret(
            "WEBHOOK_SECRET is required in webhook mode (16 to 256 characters: A-Z, a-z, 0-9, "
            "_ and -); without it anyone could post forged updates to the bot."
        )
    return secret


def build_webhook_app(runner: UpdateRunner, bot: Bot, settings: Settings,
                      services: Services) -> web.Application:  # fmt: skip
    secret = require_webhook_secret(settings).encode()
    app = web.Application(client_max_size=MAX_BODY)

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, secret):  # constant time: no guessing by timing
            return web.Response(status=401)
        body = await request.text()
        try:
            update = Update.model_validate(json.loads(body), context={"bot": bot})
        except (ValueError, ValidationError):
            return web.Response(status=400)
        try:
            await runner.receive([update], [body])
        except Exception:  # noqa: BLE001 (not stored: Telegram must send it again)
            log.warning("could not store update %s; asking Telegram to retry", update.update_id)
            await runner.apologise([update])
            return web.Response(status=503)
        return web.json_response({"ok": True})

    async def healthz(_: web.Request) -> web.Response:
        return web.json_response({"status": "ok", "entries": len(services.index.current),
                                  "in_flight": runner.in_flight})  # fmt: skip

    app.router.add_post(settings.webhook_path, receive)
    app.router.add_get("/healthz", healthz)
    return app


async def run_webhook(runner: UpdateRunner, bot: Bot, settings: Settings,
                      services: Services) -> None:  # fmt: skip
    """Serve until SIGINT/SIGTERM, then finish the updates in hand and return."""
    if not settings.webhook_url:
        raise SystemExit("WEBHOOK_URL is required when BILIMBOT_MODE=webhook")
    app = build_webhook_app(runner, bot, settings, services)
    web_runner = web.AppRunner(app, shutdown_timeout=30)
    await web_runner.setup()
    site = web.TCPSite(web_runner, settings.webhook_host, settings.webhook_port)
    await site.start()
    url = settings.webhook_url.rstrip("/") + settings.webhook_path
    await bot.set_webhook(url, secret_token=require_webhook_secret(settings))
    log.info("webhook listening on %s:%s", settings.webhook_host, settings.webhook_port)
    # Updates another instance took but never finished (it crashed) are taken over here.
    sweeper = asyncio.create_task(runner.sweep_forever(), name="inbox-sweep")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        log.info("shutting down: finishing in-flight updates")
        sweeper.cancel()
        await web_runner.cleanup()
        await runner.drain()
