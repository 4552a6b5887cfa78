"""aiogram FSM storage in the bot's database, so dialogues survive a restart (the default
when no Redis is configured)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, StateType, StorageKey

from db.service import FsmService


def _key(key: StorageKey) -> str:
    return ":".join(
        str(part)
        for part in (key.bot_id, key.chat_id, key.user_id, key.thread_id or "",
                     key.business_connection_id or "", key.destiny)
    )  # fmt: skip


class DatabaseStorage(BaseStorage):
    def __init__(self, fsm: FsmService) -> None:
        self._fsm = fsm

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        await self._fsm.set_state(_key(key), value)

    async def get_state(self, key: StorageKey) -> str | None:
        state, _ = await self._fsm.get(_key(key))
        return state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self._fsm.set_data(_key(key), dict(data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        _, data = await self._fsm.get(_key(key))
        return data

    async def close(self) -> None:
        """The database connection belongs to the services, which close it."""
