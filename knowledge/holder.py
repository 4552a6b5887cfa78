"""The live search index, shared by every handler and rebuilt whole after each change."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

from knowledge.engine import SearchIndex
from knowledge.model import Entry


class EntrySource(Protocol):
    """Where the current entries come from (the database's knowledge service)."""

    async def entries(self) -> Sequence[Entry]: ...

    async def entry(self, slug: str) -> Entry | None: ...


ALL = "*"  # every entry: after an import, or when changes may have been missed


class IndexHolder:
    """The current search index, brought up to date after every change to the knowledge
    base (only the changed entry is re-indexed), and the change announced to the other
    instances when there are any (`announce`)."""

    def __init__(self, index: SearchIndex) -> None:
        self.current = index
        self.announce: Callable[[str], Awaitable[None]] | None = None

    async def rebuild(
        self, knowledge: EntrySource, slug: str = ALL, *, announce: bool = True
    ) -> None:
        """Re-index `slug` as stored now (retired or gone: removed), or with ALL every entry
        that differs from the store. Updated in place, between two awaits, so no question
        ever sees half an index; one entry costs milliseconds even at 10 000 entries."""
        if slug == ALL:
            self.current.sync(await knowledge.entries())
        else:
            entry = await knowledge.entry(slug)
            if entry is None:
                self.current.remove(slug)
            else:
                self.current.upsert(entry)
        if announce and self.announce is not None:
            await self.announce(slug)
