"""The live search index, shared by every handler and rebuilt whole after each change."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

from knowledge.engine import SearchIndex
from knowledge.model import Entry


class EntrySource(Protocol):
    """Where the current entries come from (the database's knowledge service)."""

    async def entries(self) -> Sequence[Entry]: ...


class IndexHolder:
    """The current search index; rebuilt after every change to the knowledge base, and the
    change announced to the other instances when there are any (`announce`)."""

    def __init__(self, index: SearchIndex) -> None:
        self.current = index
        self.announce: Callable[[str], Awaitable[None]] | None = None

    async def rebuild(
        self, knowledge: EntrySource, slug: str = "*", *, announce: bool = True
    ) -> None:
        entries = await knowledge.entries()
        # Building the index is CPU work: off the event loop, so other updates go on.
        self.current = await asyncio.to_thread(SearchIndex, entries)
        if announce and self.announce is not None:
            await self.announce(slug)
