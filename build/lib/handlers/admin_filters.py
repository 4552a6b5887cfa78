"""Who may use admin commands: a filter that passes the admin's rights to the handler."""

from __future__ import annotations

import logging
from typing import Any

from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message

from db.service import AdminService

log = logging.getLogger("bilimbot.admin")


def _user_id(event: Message | CallbackQuery) -> int | None:
    return event.from_user.id if event.from_user else None


class IsAdmin(Filter):
    """Passes admins (super-admins too) and hands `rights` (an AdminRow) to the handler."""

    def __init__(self, *, super_only: bool = False) -> None:
        self.super_only = super_only

    async def __call__(
        self, event: Message | CallbackQuery, admins: AdminService
    ) -> bool | dict[str, Any]:
        user_id = _user_id(event)
        if user_id is None:
            return False
        rights = await admins.rights(user_id)
        if rights is None or (self.super_only and user_id not in admins.super_admins):
            return False
        return {"rights": rights}


def log_refusal(event: Message | CallbackQuery, command: str) -> None:
    """Record a refused attempt: who and which command, never the message text."""
    log.warning("refused admin command %s from user %s", command, _user_id(event))
