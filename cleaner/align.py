"""Where an extractor's paragraphs sit in the text view they were taken from.

trafilatura returns the text it judged main content, not positions. Its
paragraphs are pieces of the same parsed page as the text view, so each one
is found in the view again, comparing with whitespace removed (the two lay
out spaces and line breaks differently, never the characters themselves).

Paragraphs are placed so that a short one ("Fazit", a date) is not matched
far from where it belongs:
1. anchors: paragraphs long enough to be distinctive that occur once in the
   view. They are placed wherever they are: trafilatura does not always
   keep page order (it may put a box from the middle of an article first);
2. the others, between the paragraphs placed before and after them in
   trafilatura's order. Before the first anchor they are searched backwards
   from it, so a heading repeated from the page's <title> or a menu is
   matched where the article uses it.
A paragraph that is not found as a whole (the extractor dropped an inline
element from it, or joined elements into one paragraph) is found piece by
piece, each piece the text of one element: between the same neighbours, or
anywhere when the piece is an anchor itself.
"""

from __future__ import annotations

import re

from .offsets import KeptMap

# Characters compared as nothing: whitespace, and the invisible ones that
# one side may drop (soft hyphen, zero-width space, word joiner, BOM).
_INVISIBLE = r"\s\u00ad\u200b\u2060\ufeff"
_VISIBLE_RUN = re.compile(f"[^{_INVISIBLE}]+")
_INVISIBLE_RUN = re.compile(f"[{_INVISIBLE}]+")

# A paragraph of at least this many visible characters that occurs once in
# the view is an anchor.
ANCHOR_MIN_CHARS = 40
# A paragraph not found whole is looked for piece by piece; pieces shorter
# than this many visible characters are too unspecific to place, and stay
# unmatched.
PIECE_MIN_CHARS = 12


def squeeze(text: str) -> str:
    return _INVISIBLE_RUN.sub("", text)


def kept_spans(view: str, paragraphs: tuple[tuple[str, ...], ...]) -> list[tuple[int, int]]:
    """(start, end) of the view for every paragraph found, sorted, merged.

    A paragraph is a tuple of text pieces (each from one text node of the
    page); whole, it is their concatenation.
    """
    visible = KeptMap([run.span() for run in _VISIBLE_RUN.finditer(view)])
    haystack = visible.derived(view)
    pairs = [(key, pieces) for key, pieces in ((squeeze("".join(p)), p) for p in paragraphs) if key]
    found = _place(haystack, [key for key, _ in pairs])
    for index, (_, pieces) in enumerate(pairs):
        if found[index] is None:
            low, high = _bounds(found, index, len(haystack))
            found[index] = _pieces(haystack, pieces, low, high)
    spans: list[tuple[int, int]] = []
    for placed in found:
        # From the first visible character of the match to its last; the
        # whitespace between them is part of the span.
        spans.extend(visible.bounds(start, end) for start, end in placed or ())
    return merged(spans)


def _place(haystack: str, keys: list[str]) -> list[list[tuple[int, int]] | None]:
    """Each key's squeezed span when found whole: anchors first, then the rest."""
    found: list[list[tuple[int, int]] | None] = [None] * len(keys)
    for index, key in enumerate(keys):
        if len(key) >= ANCHOR_MIN_CHARS and (at := _unique(haystack, key)) >= 0:
            found[index] = [(at, at + len(key))]
    index = 0
    while index < len(keys):
        if found[index] is not None:
            index += 1
            continue
        last = index
        while last + 1 < len(keys) and found[last + 1] is None:
            last += 1
        low, high = _bounds(found, index, len(haystack))
        run = range(index, last + 1)
        backwards = index == 0 and last + 1 < len(keys)
        for position in reversed(run) if backwards else run:
            key = keys[position]
            at = haystack.rfind(key, low, high) if backwards else haystack.find(key, low, high)
            if at < 0:
                continue
            found[position] = [(at, at + len(key))]
            if backwards:
                high = at
            else:
                low = at + len(key)
        index = last + 1
    return found


def _bounds(found: list, index: int, length: int) -> tuple[int, int]:
    """The stretch of the view between the keys placed before and after
    `index`; all of it where those two are out of page order."""
    low = next((spans[-1][1] for spans in reversed(found[:index]) if spans), 0)
    high = next((spans[0][0] for spans in found[index + 1 :] if spans), length)
    return (low, high) if low <= high else (0, length)


def _pieces(haystack: str, pieces: tuple[str, ...], low: int, high: int) -> list[tuple[int, int]]:
    """Spans of a paragraph's pieces, found in order inside [low, high)."""
    spans = []
    for piece in map(squeeze, pieces):
        if len(piece) < PIECE_MIN_CHARS:
            continue
        at = haystack.find(piece, low, high)
        if at >= 0:
            spans.append((at, at + len(piece)))
            low = at + len(piece)
        elif len(piece) >= ANCHOR_MIN_CHARS and (at := _unique(haystack, piece)) >= 0:
            spans.append((at, at + len(piece)))
    return spans


def _unique(haystack: str, key: str) -> int:
    """Where `key` occurs in `haystack`, when it occurs exactly once; else -1."""
    at = haystack.find(key)
    return at if at >= 0 and haystack.find(key, at + 1) < 0 else -1


def merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
