"""The knowledge entry: one support program, as stored, exported and imported."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from knowledge.regions import NATIONWIDE, REGION_CODES

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
STATUSES = ("active", "retired")
# A public link opens the article itself: a site's bare home page tells a reader nothing.
URL_RE = re.compile(r"^https?://[^/\s]+/\S*[^/\s]\S*$")
REGIONS = (*REGION_CODES, NATIONWIDE)
FACT_KINDS = ("report", "rule")  # a reported fact or figure; a rule: who gets it, how to apply
CATEGORIES = (
    "food",
    "support",
    "inclusion",
    "transport",
    "gifted",
    "schools",
    "digital",
    "teachers",
    "quality",
    "leisure",
    "colleges",
)

# Every button carries the slug in its callback data, which Telegram limits to 64 bytes.
MAX_SLUG = 40
MAX_TITLE = 120
MAX_TEXT = 3000
MAX_ITEM = 300
MAX_ITEMS = 60


def valid_date(text: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD, and a date that exists (no month 13)."""
    if not DATE_RE.match(text):
        return False
    parts = [int(p) for p in text.split("-")]
    try:
        datetime.date(
            parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1
        )
    except ValueError:
        return False
    return True


class EntryError(ValueError):
    """An entry that breaks the format. The message says where and what (in English, for
    logs); `code` and `params` let the reply layer say the same in Kazakh."""

    def __init__(self, message: str, code: str = "invalid", **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


@dataclass(frozen=True, slots=True)
class Source:
    """Where a fact comes from, as a reader can find it.

    `ref` is the internal reference (a seed file, a site) shown to admins only; `url` a
    public link to the text itself, when one is known; `date` when the fact was true
    (empty: undated), `period` that date in words when it is a span («2020 ж. соңы –
    2021 ж. басы»).
    """

    id: str
    title: str
    ref: str
    date: str
    outlet: str = ""
    url: str = ""
    period: str = ""


@dataclass(frozen=True, slots=True)
class RegionFact:
    """One region's fact. `checked`: the day an admin last confirmed this fact on its own
    (YYYY-MM-DD; empty: only with its entry); `due`: for a plan, when it was to happen
    (YYYY, YYYY-MM or YYYY-MM-DD), after which an admin must say what became of it."""

    region: str
    year: str
    text: str
    source: str
    kind: str = "report"
    checked: str = ""
    due: str = ""


@dataclass(frozen=True, slots=True)
class Entry:
    slug: str
    title: str
    category: str
    answer: str
    keywords: tuple[str, ...]
    questions: tuple[str, ...]
    regions: tuple[RegionFact, ...]
    sources: tuple[Source, ...]
    status: str = "active"
    updated_at: str = ""
    checked: str = ""  # the day an admin last confirmed the entry's text (YYYY-MM-DD)
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @property
    def active(self) -> bool:
        return self.status == "active"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("extra")
        data["keywords"] = list(self.keywords)
        data["questions"] = list(self.questions)
        data["regions"] = [asdict(r) for r in self.regions]
        data["sources"] = [asdict(s) for s in self.sources]
        return data

    def source_by_id(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)


def _optional(data: Mapping[str, Any], key: str, where: str, limit: int = MAX_ITEM) -> str:
    value = data.get(key) or ""
    if not isinstance(value, str):
        raise EntryError(f"{where}: '{key}' must be text", "text", where=where, field=key)
    value = value.strip()
    if len(value) > limit:
        raise EntryError(
            f"{where}: '{key}' is longer than {limit} characters",
            "too_long",
            where=where,
            field=key,
            limit=limit,
        )
    return value


def _day(data: Mapping[str, Any], key: str, where: str) -> str:
    value = _optional(data, key, where, 10)
    if value and not (DAY_RE.match(value) and valid_date(value)):
        raise EntryError(
            f"{where}: '{key}' must be a day, YYYY-MM-DD", "date", where=where, field=key,
            value=value,
        )  # fmt: skip
    return value


def _text(data: Mapping[str, Any], key: str, where: str, limit: int = MAX_TEXT) -> str:
    """Like `_optional`, but the text must be there."""
    value = _optional(data, key, where, limit)
    if not value:
        raise EntryError(f"{where}: '{key}' must be non-empty text", "text", where=where, field=key)
    return value


def _text_list(data: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = data.get(key)
    if not isinstance(value, list) or not value:
        raise EntryError(
            f"{where}: '{key}' must be a non-empty list of texts", "list", where=where, field=key
        )
    if len(value) > MAX_ITEMS:
        raise EntryError(
            f"{where}: '{key}' has more than {MAX_ITEMS} items",
            "too_many",
            where=where,
            field=key,
            limit=MAX_ITEMS,
        )
    items = []
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise EntryError(
                f"{where}: '{key}[{i}]' must be non-empty text",
                "text",
                where=where,
                field=key,
                item=i + 1,
            )
        if len(item) > MAX_ITEM:
            raise EntryError(
                f"{where}: '{key}[{i}]' is longer than {MAX_ITEM} characters",
                "too_long",
                where=where,
                field=key,
                item=i + 1,
                limit=MAX_ITEM,
            )
        items.append(item.strip())
    return tuple(items)


def _tables(data: Mapping[str, Any], key: str, where: str) -> list[Mapping[str, Any]]:
    value = data.get(key)
    if not isinstance(value, list) or not value:
        raise EntryError(
            f"{where}: '{key}' must be a non-empty list", "list", where=where, field=key
        )
    for i, item in enumerate(value):
        if not isinstance(item, Mapping):
            raise EntryError(
                f"{where}: '{key}[{i}]' must be a table/object",
                "object",
                where=where,
                field=key,
                item=i + 1,
            )
    return value


def _choice(value: object, choices: tuple[str, ...], where: str, field: str) -> str:
    """`value` if it is one of `choices`; otherwise EntryError naming them."""
    if not isinstance(value, str) or value not in choices:
        raise EntryError(
            f"{where}: {field} must be one of {', '.join(choices)}",
            "choice",
            where=where,
            field=field,
            choices=", ".join(choices),
        )
    return value


def entry_from_dict(data: Any) -> Entry:
    """Validate one entry as read from TOML or JSON; raise EntryError on any defect."""
    if not isinstance(data, Mapping):
        raise EntryError("an entry must be a table/object", "object", where="", field="")
    slug = data.get("slug")
    if not isinstance(slug, str) or not SLUG_RE.match(slug) or len(slug) > MAX_SLUG:
        raise EntryError(
            f"slug {slug!r}: use lowercase latin letters, digits and dashes",
            "slug",
            value=str(slug)[:60],
            limit=MAX_SLUG,
        )
    where = slug
    category = _choice(data.get("category"), CATEGORIES, where, "category")
    status = _choice(data.get("status", "active"), STATUSES, where, "status")

    sources = []
    for i, raw in enumerate(_tables(data, "sources", where)):
        at = f"{where} sources[{i + 1}]"
        date = _optional(raw, "date", at, 10)
        if date and not valid_date(date):
            raise EntryError(
                f"{at}: date must be YYYY, YYYY-MM or YYYY-MM-DD, or empty",
                "date",
                where=at,
                field="date",
                value=date,
            )
        url = _optional(raw, "url", at)
        if url and not URL_RE.match(url):
            raise EntryError(
                f"{at}: url must be a public link to the text, not a home page",
                "url",
                where=at,
                field="url",
            )
        sources.append(
            Source(
                _text(raw, "id", at, 40),
                _text(raw, "title", at, MAX_ITEM),
                _text(raw, "ref", at, MAX_ITEM),
                date,
                outlet=_optional(raw, "outlet", at, 80),
                url=url,
                period=_optional(raw, "period", at, 80),
            )
        )
    source_ids = {s.id for s in sources}
    if len(source_ids) != len(sources):
        raise EntryError(
            f"{where}: source ids must be unique", "source_ids", where=where, field="sources"
        )

    regions = []
    for i, raw in enumerate(data.get("regions") or []):
        at = f"{where} regions[{i + 1}]"
        if not isinstance(raw, Mapping):
            raise EntryError(f"{at}: must be a table/object", "object", where=at, field="")
        region = _choice(raw.get("region"), REGIONS, at, "region")
        kind = _choice(raw.get("kind", "report"), FACT_KINDS, at, "kind")
        due = _optional(raw, "due", at, 10)
        if due and not valid_date(due):
            raise EntryError(f"{at}: due must be YYYY, YYYY-MM or YYYY-MM-DD, or empty", "date",
                             where=at, field="due", value=due)  # fmt: skip
        fact = RegionFact(
            region,
            _text(raw, "year", at, 20),
            _text(raw, "text", at),
            _text(raw, "source", at, 40),
            kind,
            checked=_day(raw, "checked", at),
            due=due,
        )
        if fact.source not in source_ids:
            raise EntryError(
                f"{at}: source '{fact.source}' is not among the entry's sources",
                "fact_source",
                where=at,
                field="source",
                value=fact.source,
            )
        regions.append(fact)

    checked = _day(data, "checked", where)
    updated_at = data.get("updated_at") or ""
    if not isinstance(updated_at, str):
        raise EntryError(
            f"{where}: updated_at must be text", "text", where=where, field="updated_at"
        )
    known = {
        "slug",
        "title",
        "category",
        "answer",
        "keywords",
        "questions",
        "regions",
        "sources",
        "status",
        "updated_at",
        "checked",
    }
    return Entry(
        slug=slug,
        title=_text(data, "title", where, MAX_TITLE),
        category=category,
        answer=_text(data, "answer", where),
        keywords=_text_list(data, "keywords", where),
        questions=_text_list(data, "questions", where),
        regions=tuple(regions),
        sources=tuple(sources),
        status=status,
        updated_at=updated_at,
        checked=checked,
        extra={k: v for k, v in data.items() if k not in known},
    )


def entries_from_document(document: Any) -> list[Entry]:
    """Validate an export document `{"entries": [...]}`; slugs must be unique."""
    if not isinstance(document, Mapping) or not isinstance(document.get("entries"), list):
        raise EntryError('the file must be a JSON object {"entries": [...]}', "document")
    entries = [entry_from_dict(item) for item in document["entries"]]
    seen: set[str] = set()
    for entry in entries:
        if entry.slug in seen:
            raise EntryError(f"slug '{entry.slug}' appears twice", "duplicate", value=entry.slug)
        seen.add(entry.slug)
    return entries
