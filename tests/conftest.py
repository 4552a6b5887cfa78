from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiosqlite
import pytest

from bot.config import Settings
from db.database import connect


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "bilimbot.sqlite3"


@pytest.fixture
def settings(db_path: Path) -> Settings:
    return Settings(BOT_TOKEN=None, BILIMBOT_DB=db_path, BILIMBOT_ADMINS="42")


@pytest.fixture
async def conn(db_path: Path) -> AsyncIterator[aiosqlite.Connection]:
    connection = await connect(db_path)
    yield connection
    await connection.close()
