"""Granting and revoking admin rights (/grant, /revoke), and refusing everyone else."""

from __future__ import annotations

import html

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from db.service import AdminService
from handlers.admin_filters import IsAdmin, log_refusal
from knowledge.regions import REGION_CODES
from replies import texts

ADMIN_COMMANDS = ("add", "edit", "retire", "restore", "history", "undo", "unanswered",
                  "stats", "stale", "export", "grant", "revoke", "cancel",
                  "broadcasts")  # fmt: skip
_GRANTABLE_REGIONS = frozenset(REGION_CODES)  # every region of Kazakhstan


MAX_USER_ID = 2**52  # Telegram's user ids fit in 52 bits


def is_user_id(text: str) -> bool:
    """ASCII digits only (str.isdigit also takes «²») and within Telegram's range."""
    return text.isascii() and text.isdigit() and 0 < int(text) < MAX_USER_ID


def router() -> Router:
    r = Router(name=__name__)
    r.message.filter(IsAdmin(super_only=True))
    r.message.register(grant, Command("grant"))
    r.message.register(revoke, Command("revoke"))
    return r


def refusal_router() -> Router:
    """Registered after every admin router: what is left of admin commands is refused."""
    r = Router(name=f"{__name__}.refusal")
    r.message.register(refuse, Command(*ADMIN_COMMANDS))
    return r


async def refuse(message: Message, command: CommandObject) -> None:
    log_refusal(message, command.command)
    await message.answer(texts.ADMIN_REFUSED)


async def grant(message: Message, command: CommandObject, admins: AdminService) -> None:
    parts = (command.args or "").split()
    if not parts or not is_user_id(parts[0]) or len(parts) > 2:
        await message.answer(texts.GRANT_USAGE.format(codes=", ".join(REGION_CODES)))
        return
    region = parts[1] if len(parts) == 2 else None
    if region is not None and region not in _GRANTABLE_REGIONS:
        await message.answer(texts.GRANT_USAGE.format(codes=", ".join(REGION_CODES)))
        return
    user_id = int(parts[0])
    await admins.grant(user_id, region, by=message.from_user.id if message.from_user else 0)
    name = texts.REGION_NAMES[region] if region else texts.GRANT_ALL_REGIONS
    await message.answer(texts.GRANT_DONE.format(user=user_id, region=html.escape(name)))


async def revoke(message: Message, command: CommandObject, admins: AdminService) -> None:
    arg = (command.args or "").strip()
    if not is_user_id(arg):
        await message.answer(texts.REVOKE_USAGE)
        return
    done = await admins.revoke(int(arg), by=message.from_user.id if message.from_user else 0)
    await message.answer((texts.REVOKE_DONE if done else texts.REVOKE_NONE).format(user=arg))
