"""The same bot in the terminal: typed lines become Telegram updates for the real dispatcher.

Replies come back through `LocalSession` and are printed as plain text; inline buttons
are numbered, and typing a number presses the button (a callback query update).
"""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime
from typing import Any, TextIO

from aiogram import Dispatcher
from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageText,
    SendDocument,
    SendMessage,
    SendPhoto,
)
from aiogram.methods.base import TelegramMethod
from aiogram.types import CallbackQuery, Chat, InlineKeyboardMarkup, Message, Update, User

from bot.client import TERMINAL_TOKEN, create_bot, set_commands
from bot.local_session import LocalSession
from replies import texts
from replies.render import to_plain


class Terminal:
    def __init__(self, dispatcher: Dispatcher, *, user_id: int = 1) -> None:
        self._dispatcher = dispatcher
        self._user = User(id=user_id, is_bot=False, first_name="Терминал", language_code="kk")
        self._chat = Chat(id=user_id, type="private")
        self._ids = itertools.count(1)
        self._buttons: list[tuple[str, Message]] = []  # (callback data, message it is under)
        self._out: TextIO | None = None
        self.session = LocalSession(self._show)
        self.bot = create_bot(TERMINAL_TOKEN, self.session)

    # -- what the bot sends --------------------------------------------------------
    def _print(self, text: str) -> None:
        if self._out is not None:
            self._out.write(text + "\n")
            self._out.flush()

    def _show(self, method: TelegramMethod[Any], result: Any) -> None:
        if isinstance(method, SendMessage | EditMessageText):
            self._print("\n" + to_plain(method.text or ""))
            if isinstance(result, Message):
                self._remember_buttons(method.reply_markup, result)
        elif isinstance(method, SendDocument | SendPhoto):
            sent = method.document if isinstance(method, SendDocument) else method.photo
            name = getattr(sent, "filename", None) or "file"
            self._print(
                f"\n[{texts.TERMINAL_FILE.format(name=name)}] {to_plain(method.caption or '')}"
            )
        elif isinstance(method, AnswerCallbackQuery) and method.text:
            self._print(f"\n[{to_plain(method.text)}]")

    def _remember_buttons(self, markup: Any, message: Message) -> None:
        if not isinstance(markup, InlineKeyboardMarkup):
            return
        self._buttons = []
        lines = [texts.TERMINAL_BUTTONS]
        for row in markup.inline_keyboard:
            for button in row:
                if button.callback_data:
                    self._buttons.append((button.callback_data, message))
                    lines.append(f"  [{len(self._buttons)}] {button.text}")
        self._print("\n".join(lines))

    # -- what the user types -------------------------------------------------------
    def _update(self, line: str) -> Update:
        update_id = next(self._ids)
        choice = int(line) if line.isdigit() else 0
        if 1 <= choice <= len(self._buttons):
            data, message = self._buttons[choice - 1]
            return Update(
                update_id=update_id,
                callback_query=CallbackQuery(
                    id=str(update_id), from_user=self._user, chat_instance="terminal",
                    message=message, data=data,
                ),
            )  # fmt: skip
        return Update(
            update_id=update_id,
            message=Message(
                message_id=update_id, date=datetime.now(UTC), chat=self._chat,
                from_user=self._user, text=line,
            ),
        )  # fmt: skip

    async def feed(self, line: str) -> None:
        await self._dispatcher.feed_update(self.bot, self._update(line))

    async def run(self, stdin: TextIO, stdout: TextIO) -> None:
        self._out = stdout
        self._print(texts.TERMINAL_INTRO)
        await set_commands(self.bot)
        await self.feed("/start")
        while True:
            self._print("")
            stdout.write("> ")
            stdout.flush()
            line = await asyncio.to_thread(stdin.readline)
            if not line:
                break
            if line.strip():
                await self.feed(line.strip())
        await self.bot.session.close()
