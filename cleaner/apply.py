"""Delete the resolved removals, tidy the blank lines they leave, log both.

The tidying is itself a set of removals (rule WS001), so the clean text is
always exactly the input minus the logged spans.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import re

from .config import Config
from .removal import Priority, Removal
from .resolve import paint

# A run of whole blank lines (spaces and tabs allowed), from a line start.
_BLANK_RUN = re.compile(r"(?:^[^\S\n]*\n)+", re.MULTILINE)
_ORIGIN = "cleaner.apply"


@dataclass(frozen=True)
class Applied:
    text: str
    removals: tuple[Removal, ...]


def apply(text: str, removals: tuple[Removal, ...], config: Config) -> Applied:
    kept = _kept_segments(text, removals)
    draft = "".join(text[a:b] for a, b in kept)
    offsets = _draft_offsets(kept)
    tidy = [
        span
        for out_start, out_end, why in _excess_blank_lines(draft, config.max_blank_lines)
        for span in _to_input_spans(kept, offsets, out_start, out_end, why)
    ]
    if not tidy:
        return Applied(draft, removals)
    everything = paint(list(removals) + tidy)
    kept = _kept_segments(text, everything)
    return Applied("".join(text[a:b] for a, b in kept), everything)


def _kept_segments(text: str, removals: tuple[Removal, ...]) -> list[tuple[int, int]]:
    kept, position = [], 0
    for removal in removals:
        if removal.start > position:
            kept.append((position, removal.start))
        position = removal.end
    if position < len(text):
        kept.append((position, len(text)))
    return kept


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


def _draft_offsets(kept: list[tuple[int, int]]) -> list[int]:
    """Where each kept segment starts in the draft."""
    offsets, total = [], 0
    for a, b in kept:
        offsets.append(total)
        total += b - a
    return offsets


def _to_input_spans(kept: list[tuple[int, int]], offsets: list[int], out_start: int, out_end: int, why: str):
    """Map a span of the draft back to the input, one piece per kept segment."""
    index = bisect.bisect_right(offsets, out_start) - 1
    while index < len(kept) and out_start < out_end:
        seg_start, seg_end = kept[index]
        seg_out = offsets[index]
        piece_start = seg_start + (out_start - seg_out)
        piece_end = min(seg_end, seg_start + (out_end - seg_out))
        if piece_end > piece_start:
            yield Removal(
                piece_start, piece_end, "WS001", "whitespace.blank-lines", "whitespace", _ORIGIN, why, Priority.PRECISE
            )
        out_start = seg_out + (seg_end - seg_start)
        index += 1
