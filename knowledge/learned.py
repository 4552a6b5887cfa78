"""A term model learned from the labelled question sets: which program a question's words
point to, as people write them (bench/calibrate.py fits it; domain/term_model.json).

A multinomial logistic regression over the terms (stems, folded spellings, Russian stems)
of a question's meaningful words, with one class per program and «none» for questions
that are about no program. It learns the long tail of everyday words the entries and the
concepts never list («қиын», «шофер», «ертемен»…) from thousands of questions written by
helpers who saw only the catalogue. The engine reorders its three best programs by the
model's probability of each, and the probability of the program then first is a feature
of the calibrated decision. A program the model never saw (one an admin added later) gets
the model's `neutral` value, so it is neither helped nor held back.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from knowledge.model import EntryError

NONE_CLASS = "none"  # questions about no program: other worlds, neighbouring topics


@dataclass(frozen=True, slots=True)
class TermModel:
    classes: tuple[str, ...]
    intercepts: tuple[float, ...]
    # term → (class index, weight) pairs; weights near zero were dropped when it was stored
    weights: Mapping[str, tuple[tuple[int, float], ...]]
    neutral: float  # the feature's value for a program the model does not know

    def probabilities(self, terms: Iterable[str]) -> dict[str, float]:
        """Each class's probability for a question holding `terms` (each counted once)."""
        logits = list(self.intercepts)
        for term in set(terms):
            for cls, weight in self.weights.get(term, ()):
                logits[cls] += weight
        top = max(logits)
        exps = [math.exp(v - top) for v in logits]
        total = sum(exps)
        return {c: e / total for c, e in zip(self.classes, exps, strict=True)}

    def reader(
        self, terms: Iterable[str], set_aside: Collection[str] = ()
    ) -> Callable[[str], float]:
        """For one question, computed once: the probability that it is about a program;
        `neutral` for a program the model never saw. Programs `set_aside` (not meant by
        the question: another region's own project) get none, and the others share their
        part."""
        probabilities = self.probabilities(terms)
        kept = 1.0 - sum(probabilities.get(slug, 0.0) for slug in set_aside)
        if set_aside and kept > 0.0:
            probabilities = {slug: p / kept for slug, p in probabilities.items()}
        return lambda slug: 0.0 if slug in set_aside else probabilities.get(slug, self.neutral)

    def to_json(self) -> dict[str, object]:
        return {
            "classes": list(self.classes),
            "intercepts": [round(v, 4) for v in self.intercepts],
            "neutral": round(self.neutral, 4),
            "weights": {
                term: [[cls, round(w, 3)] for cls, w in pairs]
                for term, pairs in sorted(self.weights.items())
            },
        }


def load_term_model(path: Path) -> TermModel | None:
    """The stored model, or None when there is none (the decision then runs without it)."""
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        classes = tuple(str(c) for c in data["classes"])
        intercepts = tuple(float(v) for v in data["intercepts"])
        weights = {
            str(term): tuple((int(cls), float(w)) for cls, w in pairs)
            for term, pairs in data["weights"].items()
        }
        neutral = float(data["neutral"])
    except (KeyError, TypeError, ValueError) as exc:
        raise EntryError(f"{path.name}: {exc}") from exc
    if len(classes) != len(intercepts) or any(
        not 0 <= cls < len(classes) for pairs in weights.values() for cls, _ in pairs
    ):
        raise EntryError(f"{path.name}: one intercept per class, weights of known classes")
    return TermModel(classes, intercepts, weights, neutral)
