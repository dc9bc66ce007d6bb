"""Text whose line breaks were lost: read a sentence to a line.

Text mode judges lines. A page whose whitespace was collapsed on its way
(BeautifulSoup's `get_text(" ")`, a pipeline that joined a record's lines)
arrives as a few lines thousands of characters long, each holding article
and chrome together, so that nothing can be removed without the other.
When most of a text stands on such lines, the space after a sentence's end
(or after a separator such as " | ") on them is read as a line break: a
footer's "All rights reserved.", a "Leave a Reply" form or a breadcrumb
become lines the detectors can judge, while a sentence of the article stays
among its own.

The view is as long as the text, character for character (a space becomes a
line break), so whatever the detectors find in it is at the same offsets in
the text, and the text itself is cleaned.
"""

from __future__ import annotations

from functools import cache

import regex

from .config import Config
from .segment import Document, segment


@cache
def _sentence_break() -> regex.Pattern:
    """A sentence's end (with any closing quotes or brackets) and the one
    space after it, before a word in upper case or a digit (perhaps after an
    opening quote or bracket); or a separator between labels (" | ", " • ")
    and the space after it, so that "Home | News | Sport" reads as a menu's
    lines (not "»" or "›", which separate breadcrumbs too but also close
    French quotes: « Oui » dit-il). "Dr. Smith" breaks too; the line model reads the pieces in the
    company of their neighbours, as it reads a short line. Compiled on first
    use: few texts have a line this long, and the regex module's compiler
    would cost every process's start-up a millisecond."""
    return regex.compile(r"[.!?…][\"'’”»)\]]* (?=[\"'‘“„«(\[¿¡]*[\p{Lu}\p{Nd}])|(?<= )[|•·] (?=\S)")


def segmented(text: str, config: Config) -> Document:
    """The document the detectors judge: `text`'s lines, or its sentences
    when its lines longer than config.sentence_lines_min_chars hold at least
    config.sentence_lines_min_share of it. (An article's long paragraph
    among lines of ordinary length is read whole: a sentence of it judged
    alone is more often lost.)"""
    doc = segment(text)
    longest = config.sentence_lines_min_chars
    on_long_lines = sum(line.end - line.start for line in doc.lines if line.end - line.start > longest)
    if not on_long_lines or on_long_lines < config.sentence_lines_min_share * len(text):
        return doc
    return segment(by_sentence(text, longest))


def by_sentence(text: str, min_line_chars: int) -> str:
    """`text` with a line break after every sentence of its lines longer than
    `min_line_chars`."""

    def broken(line: regex.Match) -> str:
        if len(line[0]) <= min_line_chars:
            return line[0]
        return _sentence_break().sub(lambda end: end[0][:-1] + "\n", line[0])

    return regex.sub(r"[^\n]+", broken, text)


def break_after(text: str, start: int, end: int) -> int | None:
    """Just past the first sentence break in text[start:end] (the space that
    the view makes a line break), or None if there is none."""
    found = _sentence_break().search(text, start, end)
    return found.end() if found else None
