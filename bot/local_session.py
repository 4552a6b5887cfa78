"""An aiogram session that serves Bot API calls in-process, as Telegram would answer them.

Terminal mode prints what the bot sends; tests read the recorded requests. Both run the
real Bot → session path, so handlers cannot tell it from Telegram.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncGenerator, Callable
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.methods import (
    EditMessageReplyMarkup,
    EditMessageText,
    GetFile,
    GetMe,
    SendDocument,
    SendMessage,
    SendPhoto,
)
from aiogram.methods.base import TelegramMethod, TelegramType
from aiogram.types import (
    BufferedInputFile,
    Chat,
    Document,
    File,
    InlineKeyboardMarkup,
    Message,
    User,
)

BOT_USER = User(id=1, is_bot=True, first_name="bilimbot", username="bilimbot")
Listener = Callable[[TelegramMethod[Any], Any], None]


class LocalSession(BaseSession):
    def __init__(self, listener: Listener | None = None) -> None:
        super().__init__()
        self.requests: list[TelegramMethod[Any]] = []
        self.files: dict[str, bytes] = {}  # file_id → content users "uploaded"
        self._listener = listener
        self._message_ids = itertools.count(1_000)
        self.blocked: set[int] = set()  # users who blocked the bot: sending to them fails

    async def close(self) -> None:
        """Nothing to close: no connection is ever opened."""

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        chat_id = getattr(method, "chat_id", None)
        if isinstance(chat_id, int) and chat_id in self.blocked:
            # Refused, as Telegram refuses a user who blocked the bot: nothing was delivered.
            raise TelegramForbiddenError(method, "Forbidden: bot was blocked by the user")
        self.requests.append(method)
        result = self._answer(method)
        if self._listener is not None:
            self._listener(method, result)
        return result  # type: ignore[no-any-return]

    def _answer(self, method: TelegramMethod[Any]) -> Any:
        if isinstance(method, GetMe):
            return BOT_USER
        if isinstance(method, SendMessage):
            return self._message(int(method.chat_id), next(self._message_ids), method.text,
                                 method.reply_markup)  # fmt: skip
        if isinstance(method, SendDocument | SendPhoto):
            sent = method.document if isinstance(method, SendDocument) else method.photo
            name = getattr(sent, "filename", None) or "file"
            if isinstance(sent, BufferedInputFile):
                self.files[name] = sent.data
            message = self._message(int(method.chat_id), next(self._message_ids), "", None)
            document = Document(file_id=name, file_unique_id=name, file_name=name)
            update = {"text": None, "document": document, "caption": method.caption}
            return message.model_copy(update=update)
        if isinstance(method, GetFile):
            if method.file_id not in self.files:
                raise TelegramBadRequest(method, "file not found")
            size = len(self.files[method.file_id])
            file_id = method.file_id
            return File(file_id=file_id, file_unique_id=file_id, file_size=size, file_path=file_id)
        if isinstance(method, EditMessageText | EditMessageReplyMarkup):
            if method.chat_id is None or method.message_id is None:
                return True
            text = (method.text if isinstance(method, EditMessageText) else None) or ""
            return self._message(int(method.chat_id), method.message_id, text, method.reply_markup)
        if getattr(method, "__returning__", None) is bool:
            return True
        raise TelegramBadRequest(method, f"{type(method).__name__} is not served locally")

    @staticmethod
    def _message(chat_id: int, message_id: int, text: str, markup: Any) -> Message:
        return Message(
            message_id=message_id,
            date=datetime.now(UTC),
            chat=Chat(id=chat_id, type="private"),
            from_user=BOT_USER,
            text=text,
            # Telegram keeps only inline keyboards on the message it returns.
            reply_markup=markup if isinstance(markup, InlineKeyboardMarkup) else None,
        )

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        path = url.rsplit("/", 1)[-1]
        if path not in self.files:
            raise TelegramBadRequest(GetFile(file_id=path), "file not found")
        yield self.files[path]
