"""The pure core: text in, clean text and its removals out.

    segment -> detectors -> resolve -> apply

No I/O, no globals, nothing carried from one document to the next: the same
text and context always give the same result.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from . import ruleset as ruleset_module
from .apply import apply
from .config import DEFAULT, Config
from .detectors import DETECTORS
from .detectors.base import Context, Findings
from .removal import Removal
from .resolve import resolve
from .segment import segment
from .trafilatura_adapter import share_filter


@dataclass(frozen=True)
class Cleaned:
    text: str  # the decoded input (for HTML: its text view)
    output: str
    removals: tuple[Removal, ...]
    guard: str | None  # why the over-pruning guard fired, if it did
    notes: tuple[str, ...]  # anything a reviewer should know, e.g. a timed-out pattern


def make_context(
    rule_dirs: Iterable[Path] = (),
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    config: Config = DEFAULT,
    heuristics: bool = True,
) -> Context:
    """Load and compile everything once per process."""
    rules = ruleset_module.load(rule_dirs)
    select, ignore = tuple(select), tuple(ignore)
    if select:
        rules = rules.only(select)
    if ignore:
        rules = rules.without(ignore)
    return Context(rules, config, share_filter() if heuristics else None, heuristics)


def clean(text: str, context: Context, extra: Iterable[Findings] = ()) -> Cleaned:
    """Clean one document. `extra` carries findings made outside the text,
    such as an HTML extractor's verdict on the page this text was rendered from."""
    doc = segment(text)
    findings = [detector(doc, context) for detector in DETECTORS]
    findings.extend(extra)
    resolution = resolve(
        text,
        (r for f in findings for r in f.removals),
        (p for f in findings for p in f.protected),
        context.config,
    )
    applied = apply(text, resolution.removals, context.config)
    notes = tuple(note for f in findings for note in f.notes)
    return Cleaned(text, applied.text, applied.removals, resolution.guard, notes)
