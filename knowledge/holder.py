"""The live search index, shared by every handler and rebuilt whole after each change."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from knowledge.engine import SearchIndex
from knowledge.model import Entry


class EntrySource(Protocol):
    """Where the current entries come from (the database's knowledge service)."""

    async def entries(self) -> Sequence[Entry]: ...


class IndexHolder:
    """The current search index; rebuilt whole after every change to the knowledge base."""

    def __init__(self, index: SearchIndex) -> None:
        self.current = index

    async def rebuild(self, knowledge: EntrySource) -> None:
        self.current = SearchIndex(await knowledge.entries())
