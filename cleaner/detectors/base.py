"""What every detector takes and returns."""

from __future__ import annotations

from dataclasses import dataclass

import re

from ..config import Config
from ..removal import Removal
from ..ruleset import RuleSet


@dataclass(frozen=True)
class Context:
    """Everything a detector may consult besides the document itself.

    Built once per process (compiling rules is the slow part) and shared,
    read-only, by every document.
    """

    ruleset: RuleSet
    config: Config
    share_filter: re.Pattern | None = None  # trafilatura's share-button words
    heuristics: bool = True  # off when a rule's own examples are checked in isolation


@dataclass(frozen=True)
class Findings:
    """A detector's proposals: spans to remove, spans no one may remove, notes."""

    removals: tuple[Removal, ...] = ()
    protected: tuple[tuple[int, int], ...] = ()
    notes: tuple[str, ...] = ()
