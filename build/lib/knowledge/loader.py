"""Reading the shipped data files that seed an empty database."""

from __future__ import annotations

import tomllib
from pathlib import Path

from knowledge.model import Entry, EntryError, entry_from_dict

DATA_DIR = Path(__file__).resolve().parent / "data"


def load_shipped_entries(directory: Path = DATA_DIR) -> list[Entry]:
    """Every `*.toml` file in the data directory, one entry each, sorted by slug."""
    entries = []
    for path in sorted(directory.glob("*.toml")):
        try:
            with path.open("rb") as fh:
                entry = entry_from_dict(tomllib.load(fh))
        except (tomllib.TOMLDecodeError, EntryError) as exc:
            raise EntryError(f"{path.name}: {exc}") from exc
        if entry.slug != path.stem:
            raise EntryError(f"{path.name}: slug '{entry.slug}' differs from the file name")
        entries.append(entry)
    return entries
