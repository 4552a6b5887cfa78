"""The domain's knowledge beside the entries, kept as data an admin can extend.

- concepts/<slug>.toml: everyday words for the situation each program is for;
- referrals/<topic>.toml: neighbouring topics that are not programs, and where to go;
- domain/senses.toml: words of other worlds (prices, sport, travel…) around domain words;
- domain/context.toml: words that set a question among schoolchildren, parents, teachers;
- domain/calibration.json: the fitted answer / ask-back / refuse decision and the referral
  decision (bench/calibrate.py);
- domain/term_model.json: the term model learned from the labelled question sets, one of
  the decision's features (bench/calibrate.py; knowledge/learned.py).
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from knowledge.learned import TermModel, load_term_model
from knowledge.model import EntryError, Source

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True, slots=True)
class Referral:
    """A neighbouring topic: recognised by its cues, answered with a pointer."""

    topic: str
    title: str
    cues: tuple[str, ...]
    text: str
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class World:
    """Another world a domain word is used in, and the programs it puts in doubt."""

    name: str
    cues: tuple[str, ...]
    affects: frozenset[str]
    # The neighbouring topic (referrals/) whose own world this is: its words doubt the
    # programs but are no other world to that topic («балабақша»: a kindergarten's menu
    # is not the school's, a place in a kindergarten is the queue's referral).
    neighbour: str | None = None
    # Programs `affects = ["*"]` leaves out: their own questions use the world's words
    # (teachers' retraining courses are the teachers' program).
    spares: frozenset[str] = frozenset()

    def doubts(self, slug: str) -> bool:
        """Whether a cue of this world puts the program in doubt."""
        return slug not in self.spares and (slug in self.affects or "*" in self.affects)


@dataclass(frozen=True, slots=True)
class Calibration:
    """A logistic model of "the best program is the right answer", and its thresholds."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    answer_at: float  # answer at or above this probability …
    ask_at: float  # … ask back at or above this one; refuse below
    referral_at: float  # a candidate referral topic is named at this probability
    # The referral decision: a logistic model of "the candidate topic is what the question
    # is about" (engine.REFERRAL_FEATURES).
    referral_features: tuple[str, ...] = ()
    referral_weights: tuple[float, ...] = ()
    referral_bias: float = 0.0


@dataclass(frozen=True, slots=True)
class Frame:
    """A situation told in words that stand apart in a sentence: a teacher who cannot do
    what the lesson needs («апай компьютерді қоса алмайды»). Each slot lists short phrases;
    a sentence holding one phrase of every slot, in the slots' order, holds the frame
    (knowledge/frames.py)."""

    slots: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class Domain:
    concepts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    frames: Mapping[str, tuple[Frame, ...]] = field(default_factory=dict)
    referrals: tuple[Referral, ...] = ()
    worlds: tuple[World, ...] = ()
    context: tuple[str, ...] = ()  # words of the programs' world (domain/context.toml)
    calibration: Calibration | None = None
    term_model: TermModel | None = None  # needed when the calibration weighs "learned"


def _strings(data: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise EntryError(f"{where}: '{key}' must be a list of non-empty strings")
    return tuple(value)


def _toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise EntryError(f"{path.name}: {exc}") from exc


def load_concepts(directory: Path) -> dict[str, tuple[str, ...]]:
    concepts = {}
    for path in sorted(directory.glob("*.toml")):
        data = _toml(path)
        if data.get("slug") != path.stem:
            raise EntryError(f"{path.name}: 'slug' must be the file name")
        concepts[path.stem] = _strings(data, "kk", path.name) + _strings(data, "ru", path.name)
    return concepts


def load_frames(directory: Path) -> dict[str, tuple[Frame, ...]]:
    """Each program's frames (`[[frames]]` of concepts/<slug>.toml, each with `slots`)."""
    frames = {}
    for path in sorted(directory.glob("*.toml")):
        found = []
        for i, raw in enumerate(_toml(path).get("frames", [])):
            slots = raw.get("slots") if isinstance(raw, dict) else None
            where = f"{path.name}: frames[{i}]"
            if not isinstance(slots, list) or len(slots) < 2:
                raise EntryError(f"{where}: 'slots' must list two or more lists of phrases")
            found.append(Frame(tuple(_strings({"slot": s}, "slot", where) for s in slots)))
            if not all(found[-1].slots):
                raise EntryError(f"{where}: a slot must hold a phrase")
        if found:
            frames[path.stem] = tuple(found)
    return frames


def load_referrals(directory: Path) -> tuple[Referral, ...]:
    out = []
    for path in sorted(directory.glob("*.toml")):
        data = _toml(path)
        topic, title, text = data.get("topic"), data.get("title"), data.get("text")
        if topic != path.stem or not isinstance(title, str) or not isinstance(text, str):
            raise EntryError(f"{path.name}: 'topic' (the file name), 'title', 'text' needed")
        sources = []
        for i, raw in enumerate(data.get("sources", [])):
            parts = {k: raw.get(k) for k in ("title", "ref", "date")}
            if not all(isinstance(v, str) and v for v in parts.values()):
                raise EntryError(f"{path.name}: source {i + 1} needs title, ref and date")
            sources.append(Source(f"{topic}-{i + 1}", parts["title"], parts["ref"], parts["date"]))
        if not sources:
            raise EntryError(f"{path.name}: a referral must cite its sources")
        cues = _strings(data, "cues", path.name)
        out.append(Referral(topic, title, cues, text.strip(), tuple(sources)))
    return tuple(out)


def load_worlds(path: Path) -> tuple[World, ...]:
    if not path.exists():
        return ()
    worlds = []
    for i, raw in enumerate(_toml(path).get("worlds", [])):
        where = f"{path.name}: world {i + 1}"
        name = raw.get("name")
        if not isinstance(name, str):
            raise EntryError(f"{where}: 'name' needed")
        affects = frozenset(_strings(raw, "affects", where))
        neighbour = raw.get("neighbour")
        if neighbour is not None and not isinstance(neighbour, str):
            raise EntryError(f"{where}: 'neighbour' is a referral topic")
        spares = frozenset(_strings(raw, "spares", where))
        worlds.append(World(name, _strings(raw, "cues", where), affects, neighbour, spares))
    return tuple(worlds)


def load_context(path: Path) -> tuple[str, ...]:
    return _strings(_toml(path), "words", path.name) if path.exists() else ()


def load_calibration(path: Path) -> Calibration | None:
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    features = tuple(data["features"])
    weights = tuple(float(w) for w in data["weights"])
    if len(features) != len(weights):
        raise EntryError(f"{path.name}: one weight per feature")
    referral = data.get("referral", {})
    referral_weights = tuple(float(w) for w in referral.get("weights", ()))
    if len(referral.get("features", ())) != len(referral_weights):
        raise EntryError(f"{path.name}: one referral weight per referral feature")
    return Calibration(
        features=features,
        weights=weights,
        bias=float(data["bias"]),
        answer_at=float(data["answer_at"]),
        ask_at=float(data["ask_at"]),
        referral_at=float(data["referral_at"]),
        referral_features=tuple(referral.get("features", ())),
        referral_weights=referral_weights,
        referral_bias=float(referral.get("bias", 0.0)),
    )


def load_domain(directory: Path = DATA_DIR, *, calibrated: bool = True) -> Domain:
    referrals = load_referrals(directory / "referrals")
    worlds = load_worlds(directory / "domain" / "senses.toml")
    topics = {r.topic for r in referrals}
    for world in worlds:
        if world.neighbour is not None and world.neighbour not in topics:
            raise EntryError(
                f"senses.toml: world «{world.name}»: no referral topic «{world.neighbour}»"
            )
    calibration = (
        load_calibration(directory / "domain" / "calibration.json") if calibrated else None
    )
    term_model = load_term_model(directory / "domain" / "term_model.json") if calibrated else None
    if calibration is not None and "learned" in calibration.features and term_model is None:
        raise EntryError("calibration.json weighs the term model, but term_model.json is missing")
    return Domain(
        concepts=load_concepts(directory / "concepts"),
        frames=load_frames(directory / "concepts"),
        referrals=referrals,
        worlds=worlds,
        context=load_context(directory / "domain" / "context.toml"),
        calibration=calibration,
        term_model=term_model,
    )


@cache
def shipped_domain() -> Domain:
    """The shipped domain data, read once per process."""
    return load_domain()


def referral_by_topic(domain: Domain, topic: str) -> Referral | None:
    return next((r for r in domain.referrals if r.topic == topic), None)
