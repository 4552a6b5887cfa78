"""Sending long HTML replies safely under Telegram's 4096-character limit."""

from __future__ import annotations

from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message, ReplyKeyboardMarkup

TELEGRAM_LIMIT = 4096


def shorten(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters at a word boundary, ending with «…»."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    return text[: cut if cut > limit // 2 else limit - 1].rstrip() + "…"


def split_message(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Chunks of at most `limit` characters, cut between paragraphs, then lines, then words.

    The renderer opens and closes every HTML tag within one line, so a cut at a line
    break never splits a tag.
    """
    if len(text) <= limit:
        return [text]
    chunks: list[str] = []
    current = ""
    for paragraph in text.split("\n\n"):
        candidate = f"{current}\n\n{paragraph}" if current else paragraph
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            chunks.append(current)
        while len(paragraph) > limit:
            cut = paragraph.rfind("\n", 0, limit)
            if cut <= 0:
                cut = paragraph.rfind(" ", 0, limit)
            if cut <= 0:
                cut = limit
            chunks.append(paragraph[:cut])
            paragraph = paragraph[cut:].lstrip("\n ")
        current = paragraph
    if current:
        chunks.append(current)
    return chunks


async def reply_long(
    message: Message,
    text: str,
    reply_markup: InlineKeyboardMarkup | ReplyKeyboardMarkup | None = None,
) -> Message:
    """Send `text` in as many messages as it needs; the keyboard goes under the last one."""
    chunks = split_message(text)
    sent = message
    for i, chunk in enumerate(chunks):
        markup = reply_markup if i == len(chunks) - 1 else None
        sent = await message.answer(chunk, reply_markup=markup)
    return sent


def button_message(callback: CallbackQuery) -> Message | None:
    """The message a pressed button sits under, if Telegram still has it."""
    return callback.message if isinstance(callback.message, Message) else None
