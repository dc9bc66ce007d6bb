"""The line model: a logistic regression over cleaner.linefeatures.

Its weights are data (rules/line_model.json), trained by
tools/train_line_model.py; inference is a dot product in plain Python, and
every verdict can be explained by the features that pushed it hardest.
"""

from __future__ import annotations

import json
import math
import operator
from dataclasses import dataclass

from .linefeatures import FEATURES, LABELS
from .ruleset import default_rules_dir

MODEL_FILE = "line_model.json"


class ModelError(ValueError):
    pass


@dataclass(frozen=True)
class LineModel:
    weights: tuple[float, ...]
    bias: float
    means: tuple[float, ...]  # each feature's mean over the training lines
    vocabulary: dict[str, float]  # learned word weights (log-odds of article over junk)
    digest: str  # a short fingerprint, stamped into the audit header with the rules'

    def probability(self, vector: list[float]) -> float:
        """How likely the line is article text (0..1)."""
        z = self.bias + sum(map(operator.mul, self.weights, vector))
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    def strongest(self, vector: list[float], count: int = 3, against: bool = True) -> list[str]:
        """The features that pushed this line hardest towards junk (or towards
        article, with against=False), compared with an average line."""
        pushes = [
            (w * (x - m), name) for w, x, m, name in zip(self.weights, vector, self.means, FEATURES) if w * (x - m)
        ]
        pushes.sort(reverse=not against)
        return [LABELS[name] for push, name in pushes[:count] if (push < 0) == against]


def load() -> LineModel:
    """The bundled model, checked against the features this version computes."""
    text = (default_rules_dir() / MODEL_FILE).read_text(encoding="utf-8")
    data = json.loads(text)
    names = tuple(data.get("features", ()))
    if names != FEATURES:
        raise ModelError(
            f"rules/{MODEL_FILE} was trained on other features than cleaner.linefeatures computes; "
            "retrain it with tools/train_line_model.py"
        )
    return LineModel(
        weights=tuple(data["weights"]),
        bias=data["bias"],
        means=tuple(data["means"]),
        vocabulary=data["vocabulary"],
        digest=data["digest"],
    )
