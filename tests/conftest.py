from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import Settings
from db.database import Database
from db.migrate import migrate


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "bilimbot.sqlite3"


@pytest.fixture
def settings(db_path: Path) -> Settings:
    return Settings(BOT_TOKEN=None, BILIMBOT_DB=db_path, BILIMBOT_ADMINS="42")


@pytest.fixture
async def database(db_path: Path) -> AsyncIterator[Database]:
    db = Database(db_path)
    await migrate(db)
    yield db
    await db.close()
