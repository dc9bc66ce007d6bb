"""Map spans of a text with some spans deleted back onto the original text."""

from __future__ import annotations

import bisect
from itertools import accumulate
from typing import Iterator


class KeptMap:
    """The parts of an original text that a derived text keeps, in order.

    `kept` are (start, end) spans of the original; the derived text is their
    concatenation.
    """

    def __init__(self, kept: list[tuple[int, int]]):
        self.kept = kept
        # Where each kept span starts in the derived text.
        self.offsets: list[int] = list(accumulate((end - start for start, end in kept[:-1]), initial=0)) if kept else []

    @classmethod
    def complement(cls, length: int, removed: list[tuple[int, int]]) -> KeptMap:
        """The spans of a text of `length` not covered by sorted, disjoint `removed` spans."""
        kept, position = [], 0
        for start, end in removed:
            if start > position:
                kept.append((position, start))
            position = end
        if position < length:
            kept.append((position, length))
        return cls(kept)

    def derived(self, original: str) -> str:
        return "".join(original[start:end] for start, end in self.kept)

    def to_original(self, start: int, end: int) -> Iterator[tuple[int, int]]:
        """The pieces of the original behind derived[start:end], one per kept span crossed."""
        index = bisect.bisect_right(self.offsets, start) - 1
        while index < len(self.kept) and start < end:
            span_start, span_end = self.kept[index]
            derived_start = self.offsets[index]
            piece_start = span_start + (start - derived_start)
            piece_end = min(span_end, span_start + (end - derived_start))
            if piece_end > piece_start:
                yield piece_start, piece_end
            start = derived_start + (span_end - span_start)
            index += 1

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        """Where derived[start:end] (not empty) begins and ends in the
        original, with whatever the derived text left out in between."""
        return self._original(start), self._original(end - 1) + 1

    def _original(self, position: int) -> int:
        index = bisect.bisect_right(self.offsets, position) - 1
        return self.kept[index][0] + position - self.offsets[index]
