"""A loopback stand-in for the Telegram Bot API, for tests that run real bot processes.

It serves what bilimbot calls over HTTP (getUpdates with offsets and long polling, the
send/edit/answer methods, webhook set-up) and records every reply, so a test can count
what each chat received. Updates are queued by the test; getUpdates confirms them the
way Telegram does: a call with offset N forgets every update below N.

Like Telegram it may refuse a sendMessage: 403 for a user in `blocked` (they blocked the
bot), and 429 with `retry_after` at random (`limit_chance`), e.g. for the broadcast bench.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT = {"id": 1, "is_bot": True, "first_name": "bilimbot", "username": "bilimbot"}


@dataclass
class Standin:
    """State of the stand-in; `url` is set once it listens."""

    updates: list[dict[str, Any]] = field(default_factory=list)
    sent: list[dict[str, Any]] = field(default_factory=list)  # every sendMessage, in order
    calls: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    url: str = ""
    blocked: set[int] = field(default_factory=set)
    limit_chance: float = 0.0  # share of sendMessage calls answered 429
    retry_after: int = 1
    sent_at: list[float] = field(default_factory=list)  # monotonic time of each accepted send
    refused: dict[int, int] = field(default_factory=lambda: defaultdict(int))  # code → count
    rng: random.Random = field(default_factory=lambda: random.Random(14))
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1000))
    _next_update: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _arrived: asyncio.Event = field(default_factory=asyncio.Event)

    # -- what the test does ------------------------------------------------------------
    def queue_message(self, user_id: int, text: str) -> int:
        update_id = next(self._next_update)
        self.updates.append(message_update(update_id, user_id, text))
        self._arrived.set()
        return update_id

    def replies_to(self, chat_id: int) -> list[str]:
        return [m["text"] for m in self.sent if int(m["chat_id"]) == chat_id]

    async def wait_for(self, condition: Any, within: float = 60.0) -> bool:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if condition():
                return True
            await asyncio.sleep(0.05)
        return bool(condition())

    # -- what the bot calls --------------------------------------------------------------
    async def handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        self.calls[method] += 1
        params = await _params(request)
        if method.lower() == "sendmessage":
            refusal = self._refusal(int(params["chat_id"]))
            if refusal is not None:
                self.refused[refusal["error_code"]] += 1
                return web.json_response(refusal, status=refusal["error_code"])
        handler = getattr(self, f"_m_{method.lower()}", None)
        result = await handler(params) if handler else True
        return web.json_response({"ok": True, "result": result})

    def _refusal(self, chat_id: int) -> dict[str, Any] | None:
        if chat_id in self.blocked:
            return {"ok": False, "error_code": 403,
                    "description": "Forbidden: bot was blocked by the user"}  # fmt: skip
        if self.limit_chance and self.rng.random() < self.limit_chance:
            return {"ok": False, "error_code": 429,
                    "description": f"Too Many Requests: retry after {self.retry_after}",
                    "parameters": {"retry_after": self.retry_after}}  # fmt: skip
        return None

    async def _m_getme(self, _: dict[str, Any]) -> Any:
        return BOT

    async def _m_getupdates(self, params: dict[str, Any]) -> Any:
        offset = int(params.get("offset") or 0)
        if offset:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        if not self.updates and timeout:
            self._arrived.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._arrived.wait(), timeout=min(timeout, 1.0))
        return self.updates[:limit]

    async def _m_sendmessage(self, params: dict[str, Any]) -> Any:
        self.sent.append(params)
        self.sent_at.append(time.monotonic())
        return _message(next(self._ids), int(params["chat_id"]), params.get("text", ""))

    async def _m_editmessagetext(self, params: dict[str, Any]) -> Any:
        return _message(int(params.get("message_id", 1)), int(params.get("chat_id", 1)),
                        params.get("text", ""))  # fmt: skip

    async def _m_senddocument(self, params: dict[str, Any]) -> Any:
        return _message(next(self._ids), int(params["chat_id"]), "")


async def _params(request: web.Request) -> dict[str, Any]:
    if request.content_type == "application/json":
        data = await request.json()
        return dict(data)
    form = await request.post()
    params: dict[str, Any] = {}
    for key, value in form.items():
        if isinstance(value, str):
            try:
                params[key] = json.loads(value) if value[:1] in "[{" else value
            except json.JSONDecodeError:
                params[key] = value
    return params


def _message(message_id: int, chat_id: int, text: str) -> dict[str, Any]:
    return {"message_id": message_id, "date": int(time.time()), "text": text,
            "chat": {"id": chat_id, "type": "private"}, "from": BOT}  # fmt: skip


def message_update(update_id: int, user_id: int, text: str) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id, "date": int(time.time()), "text": text,
            "chat": {"id": user_id, "type": "private"},
            "from": {"id": user_id, "is_bot": False, "first_name": "Ата-ана"},
        },
    }  # fmt: skip


async def start_standin() -> tuple[Standin, web.AppRunner]:
    standin = Standin()
    app = web.Application()
    app.router.add_post("/bot{token}/{method}", standin.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    standin.url = f"http://127.0.0.1:{port}"
    return standin, runner
