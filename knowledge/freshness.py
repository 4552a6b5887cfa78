"""Which entries and facts an admin should check again: pure rules over the entries.

An entry is stale when nobody confirmed it for STALE_AFTER days; a plan («… жылы ашу
жоспарланған») is stale once its date has passed and nobody confirmed it since.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from knowledge.model import Entry, RegionFact

STALE_AFTER = timedelta(days=180)
LOCAL_ZONE = ZoneInfo("Asia/Almaty")


@dataclass(frozen=True, slots=True)
class StaleEntry:
    entry: Entry
    checked: str  # "" when never checked


@dataclass(frozen=True, slots=True)
class StaleFact:
    entry: Entry
    index: int  # in entry.regions
    fact: RegionFact


def due_end(due: str) -> date:
    """The last day of a plan's date: «2025» → 2025-12-31, «2025-06» → 2025-06-30."""
    parts = [int(p) for p in due.split("-")]
    if len(parts) == 1:
        return date(parts[0], 12, 31)
    if len(parts) == 2:
        return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return date(parts[0], parts[1], parts[2])


def local_day(iso: str) -> date:
    """The day in Kazakhstan (one time zone, UTC+5, since March 2024) of a stored UTC time."""
    return datetime.fromisoformat(iso).astimezone(LOCAL_ZONE).date()


def checked_by_admin(before: Entry | None, after: Entry, day: str) -> Entry:
    """`after` with every fact an admin wrote anew (not in `before`) checked on `day`."""
    known = {(f.region, f.text) for f in before.regions} if before else set()
    facts = tuple(
        f if (f.region, f.text) in known or f.checked else replace(f, checked=day)
        for f in after.regions
    )
    return replace(after, regions=facts)


def plan_overdue(fact: RegionFact, today: date) -> bool:
    """A plan whose date has passed and that no admin confirmed on its own since."""
    if not fact.due:
        return False
    end = due_end(fact.due)
    return end < today and not (fact.checked and date.fromisoformat(fact.checked) > end)


def stale_entries(entries: Sequence[Entry], today: date) -> list[StaleEntry]:
    limit = today - STALE_AFTER
    return [
        StaleEntry(e, e.checked)
        for e in entries
        if e.active and (not e.checked or date.fromisoformat(e.checked) <= limit)
    ]


def overdue_plans(
    entries: Sequence[Entry], today: date, region: str | None = None
) -> list[StaleFact]:
    """Passed plans; `region`: only that region's."""
    return [
        StaleFact(e, i, f)
        for e in entries
        if e.active
        for i, f in enumerate(e.regions)
        if plan_overdue(f, today) and (region is None or f.region == region)
    ]
