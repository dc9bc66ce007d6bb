"""The line model: two stacked logistic regressions over cleaner.linefeatures.

The first stage reads each line and its neighbourhood (FEATURES); the second
reads the first stage's verdicts on the line and on the lines around it
(CONTEXT_FEATURES), so that a doubtful line is settled by the company it
keeps. Weights are data (rules/line_model.json), trained by
tools/train_line_model.py; inference is dot products in plain Python, and
every verdict can be explained by the features that pushed it hardest.
"""

from __future__ import annotations

import json
import math
import operator
from typing import Mapping, NamedTuple

from .linefeatures import CONTEXT_FEATURES, CONTEXT_LABELS, FEATURES, LABELS, Vocabulary, verdict_context
from .ruleset import default_rules_dir

MODEL_FILE = "line_model.json"
_LABELS = LABELS | CONTEXT_LABELS


class ModelError(ValueError):
    pass


class Stage(NamedTuple):
    """One logistic regression: its weights, bias and each feature's mean over the training lines."""

    weights: tuple[float, ...]
    bias: float
    means: tuple[float, ...]

    def logit(self, vector: list[float]) -> float:
        return self.bias + sum(map(operator.mul, self.weights, vector))

    def pushes(self, vector: list[float], names: tuple[str, ...], scale: float = 1.0) -> list[tuple[float, str]]:
        """How far each feature moves the log-odds away from an average line's."""
        return [(scale * w * (x - m), name) for w, x, m, name in zip(self.weights, vector, self.means, names)]


class LineModel(NamedTuple):
    line: Stage  # over FEATURES
    context: Stage  # over CONTEXT_FEATURES
    vocabulary: Mapping[str, float]  # learned word weights (log-odds of article over junk)
    digest: str  # a short fingerprint, stamped into the audit header with the rules'

    def judge(self, vectors: list[list[float]]) -> tuple[list[list[float]], list[float]]:
        """The context vector of each line of a page and how likely each line
        is article text (0..1)."""
        contexts = verdict_context([self.line.logit(v) for v in vectors])
        return contexts, [_sigmoid(self.context.logit(c)) for c in contexts]

    def strongest(self, vector: list[float], context: list[float], count: int = 3, against: bool = True) -> list[str]:
        """The features that pushed this line hardest towards junk (or towards
        article, with against=False), compared with an average line. The first
        stage's features push through the weight the second gives its verdict."""
        own_weight = self.context.weights[0]
        pushes = self.line.pushes(vector, FEATURES, own_weight) + self.context.pushes(context, CONTEXT_FEATURES)[1:]
        pushes = [(push, name) for push, name in pushes if push]
        pushes.sort(reverse=not against)
        return [_LABELS[name] for push, name in pushes[:count] if (push < 0) == against]


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0


def load() -> LineModel:
    """The bundled model, checked against the features this version computes."""
    text = (default_rules_dir() / MODEL_FILE).read_text(encoding="utf-8")
    data = json.loads(text)
    context = data.get("context", {})
    if tuple(data.get("features", ())) != FEATURES or tuple(context.get("features", ())) != CONTEXT_FEATURES:
        raise ModelError(
            f"rules/{MODEL_FILE} was trained on other features than cleaner.linefeatures computes; "
            "retrain it with tools/train_line_model.py"
        )
    return LineModel(
        line=Stage(tuple(data["weights"]), data["bias"], tuple(data["means"])),
        context=Stage(tuple(context["weights"]), context["bias"], tuple(context["means"])),
        vocabulary=Vocabulary(data["vocabulary"]),
        digest=data["digest"],
    )
