"""Real bot processes for the tests: polling or webhook, on any database, talking to the
loopback Bot API stand-in."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

from tests.servers import free_port
from tests.telegram_standin import Standin

SECRET = "test-webhook-secret-0123456789"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@dataclass
class BotProcess:
    process: asyncio.subprocess.Process
    port: int | None = None  # webhook mode

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def post(self, update: dict[str, Any]) -> int:
        """Post an update as Telegram (or a load balancer) would; the HTTP status."""
        async with (
            aiohttp.ClientSession() as session,
            session.post(
                f"{self.url}/telegram", json=update, headers={SECRET_HEADER: SECRET}
            ) as response,
        ):
            return response.status

    async def ready(self, within: float = 60.0) -> None:
        deadline = asyncio.get_running_loop().time() + within
        async with aiohttp.ClientSession() as session:
            while asyncio.get_running_loop().time() < deadline:
                if self.process.returncode is not None:
                    raise RuntimeError("the bot process exited while starting")
                try:
                    async with session.get(f"{self.url}/healthz") as response:
                        if response.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)
        raise TimeoutError("the bot did not become ready")

    async def stop(self) -> int:
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        return await self.process.wait()


async def start_bot(
    standin: Standin, workdir: Path, *, database: str, redis: str | None = None,
    webhook: bool = False, admins: str = "42", **env: str,
) -> BotProcess:  # fmt: skip
    environment = {
        **os.environ, "BOT_TOKEN": "123:standin", "BOT_API_URL": standin.url,
        "BILIMBOT_DATABASE_URL": database, "BILIMBOT_ADMINS": admins,
        "BILIMBOT_LOG_LEVEL": "WARNING", "BILIMBOT_MODE": "webhook" if webhook else "polling",
        **env,
    }  # fmt: skip
    environment.pop("BILIMBOT_REDIS_URL", None)
    if redis is not None:
        environment["BILIMBOT_REDIS_URL"] = redis
    port = None
    if webhook:
        port = free_port()
        environment.update(WEBHOOK_URL="https://bot.example.org", WEBHOOK_SECRET=SECRET,
                           WEBHOOK_HOST="127.0.0.1", WEBHOOK_PORT=str(port))  # fmt: skip
    await asyncio.to_thread(workdir.mkdir, parents=True, exist_ok=True)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", env=environment, cwd=workdir,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    bot = BotProcess(process, port)
    if webhook:
        await bot.ready()
    return bot


async def start_polling(standin: Standin, db: Path) -> asyncio.subprocess.Process:
    """A polling bot on the SQLite file `db`, its working directory beside it."""
    return (await start_bot(standin, db.parent, database=str(db))).process
