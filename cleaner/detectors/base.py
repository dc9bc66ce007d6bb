"""What every detector takes and returns."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from ..config import Config
from ..language import Stoplists
from ..linemodel import LineModel
from ..removal import Removal
from ..ruleset import RuleSet


@dataclass(frozen=True)
class Context:
    """Everything a detector may consult besides the document itself.

    Built once per process (compiling rules and reading the model are the
    slow parts) and shared, read-only, by every document.
    """

    ruleset: RuleSet
    config: Config
    share_filter: re.Pattern | None = None  # trafilatura's share-button words
    stoplists: Stoplists | None = None
    line_model: LineModel | None = None
    heuristics: bool = True  # off when a rule's own examples are checked in isolation

    @cached_property
    def digest(self) -> str:
        """A fingerprint of everything that decides removals: rules, model, thresholds.
        The audit header carries it as "ruleset"."""
        parts = [self.ruleset.digest, self.line_model.digest if self.line_model else "", repr(self.config)]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


class Findings(NamedTuple):
    """A detector's proposals: spans to remove, spans no one may remove, notes."""

    removals: tuple[Removal, ...] = ()
    protected: tuple[tuple[int, int], ...] = ()
    notes: tuple[str, ...] = ()
    language: str | None = None  # the page's language, when the detector decided it
