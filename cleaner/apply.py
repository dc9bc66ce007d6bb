"""Delete the resolved removals, tidy the blank lines they leave, log both.

The tidying is itself a set of removals (rule WS001), so the clean text is
always exactly the input minus the logged spans.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .config import Config
from .offsets import KeptMap
from .removal import Priority, Removal
from .resolve import paint

# A run of whole blank lines (spaces and tabs allowed), from a line start.
_BLANK_RUN = re.compile(r"(?:^[^\S\n]*\n)+", re.MULTILINE)
_ORIGIN = "cleaner.apply"
TIDY_RULE = "WS001"


class Applied(NamedTuple):
    text: str
    removals: tuple[Removal, ...]


def apply(text: str, removals: tuple[Removal, ...], config: Config) -> Applied:
    kept = KeptMap.complement(len(text), [(r.start, r.end) for r in removals])
    draft = kept.derived(text)
    tidy = [
        Removal(start, end, TIDY_RULE, "whitespace.blank-lines", "whitespace", _ORIGIN, why, Priority.PRECISE)
        for out_start, out_end, why in _excess_blank_lines(draft, config.max_blank_lines)
        for start, end in kept.to_original(out_start, out_end)
    ]
    if not tidy:
        return Applied(draft, removals)
    # The clean text is cut from the input afresh: the draft of a long text,
    # held beside it, would cost as much as the clean text itself.
    del draft
    everything = paint(list(removals) + tidy)
    return Applied(KeptMap.complement(len(text), [(r.start, r.end) for r in everything]).derived(text), everything)


def _excess_blank_lines(draft: str, allowed: int):
    """(start, end, reason) spans of the draft's blank lines beyond `allowed` in a row,
    and every blank line before the first or after the last line of text."""
    for run in _BLANK_RUN.finditer(draft):
        start, end = run.span()
        if start == 0:
            yield start, end, "blank lines before the text"
            continue
        if end == len(draft):
            yield start, end, "blank lines after the text"
            continue
        keep_until = start
        for _ in range(allowed):
            keep_until = draft.index("\n", keep_until) + 1
        if keep_until < end:
            yield keep_until, end, f"more than {allowed} blank line{'s' * (allowed != 1)} in a row"
    trailing = len(draft) - len(draft.rstrip())
    last_newline = draft.rfind("\n")
    # Spaces on a last line that holds nothing else, left after the final newline.
    if trailing and last_newline >= len(draft) - trailing and last_newline + 1 < len(draft):
        yield last_newline + 1, len(draft), "blank lines after the text"
