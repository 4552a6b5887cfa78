"""/start, /region and /help: greeting, the user's region, examples."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandStart
from aiogram.types import CallbackQuery, Message

from db.service import UserService
from handlers.filters import TextIs
from replies import keyboards, texts
from replies.callbacks import RegionChoice
from replies.render import region_name

_KNOWN_CHOICES = {*texts.REGION_NAMES, texts.OTHER_REGION} - {"kz"}


def router() -> Router:
    r = Router(name=__name__)
    r.message.register(start, CommandStart())
    r.message.register(ask_region, Command("region"))
    r.message.register(ask_region, TextIs(texts.MENU_REGION))
    r.message.register(show_help, Command("help"))
    r.message.register(show_help, TextIs(texts.MENU_HELP))
    r.callback_query.register(choose_region, RegionChoice.filter())
    return r


async def start(message: Message) -> None:
    await message.answer(texts.START, reply_markup=keyboards.main_menu())
    await message.answer(texts.ASK_REGION, reply_markup=keyboards.regions())


async def ask_region(message: Message, user_region: str | None) -> None:
    text = texts.ASK_REGION
    if user_region:
        text = f"{texts.REGION_CURRENT.format(region=region_name(user_region))}\n{text}"
    await message.answer(text, reply_markup=keyboards.regions())


async def show_help(message: Message) -> None:
    await message.answer(texts.HELP, reply_markup=keyboards.main_menu())


async def choose_region(
    callback: CallbackQuery, callback_data: RegionChoice, users: UserService
) -> None:
    if callback_data.code not in _KNOWN_CHOICES:
        await callback.answer(texts.REGION_UNKNOWN, show_alert=True)
        return
    await users.set_region(callback.from_user.id, callback_data.code)
    text = texts.REGION_SAVED.format(region=region_name(callback_data.code))
    if isinstance(callback.message, Message):
        await callback.message.edit_text(text)
    await callback.answer()
