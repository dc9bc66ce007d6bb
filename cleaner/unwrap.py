"""Hard-wrapped paragraphs and broken sentences: the physical lines that
make one line of the page.

Some HTML-to-text converters (html2text by default, at 78 columns) and mail
or `fmt`-style tools break every paragraph into lines of a fixed width. Each
piece then looks like a short line without a sentence end, which is what
menus and teasers look like, so the line model must see the paragraph whole.

A text is taken as wrapped at width W when, within blocks, nearly every line
followed by another line is full: the next line's first word would not have
fit after it within W columns. Greedy wrapping leaves exactly that trace,
while lists, menus and teasers (lines of whatever length their item has)
almost never do. Full lines must also differ in length: repeated lines
(a list of identical pingbacks) are equally long without being wrapped. Then every full line is joined with the line after it.

Other converters put every piece of text between two tags on a line of its
own (BeautifulSoup's `get_text("\n")`, the usual scraper's call), so a
sentence with a link or a bold word in it comes out in pieces: "Da der Darm
und die Psyche eng" / "miteinander verbunden sind, ...". A line is joined
with the one before it when the break is plainly inside a sentence: the line
before ends in a word or a comma, and this one goes on in lower case or with
the sentence's punctuation, or is a link of a few words ending in a word
("Install dependencies earlier in your" / "Dockerfile" / "to ensure faster
builds."); and the sentence has a piece of a clause's length (menu items
and labels are shorter: "antworten" / "melden" stay apart).
"""

from __future__ import annotations

import bisect

from .segment import Document, Line

# Wrapping narrower than this is not a paragraph layout (menus are narrow).
MIN_WIDTH = 40
# Share of a text's line breaks within blocks that must be full at one width,
# and how many such breaks at least, for the text to count as wrapped.
MIN_FULL_SHARE = 0.75
MIN_FULL_BREAKS = 6
MIN_FULL_LENGTHS = 3  # distinct lengths among the full lines
# A sentence broken in two has a piece of at least this many words.
BROKEN_SENTENCE_MIN_WORDS = 4
# A link inside a sentence, on a line of its own, has at most this many.
LINK_MAX_WORDS = 3
# How a line that goes on the sentence before it may start, besides a
# lower-case letter.
_GOES_ON = frozenset(",.;:!?)]}”’»%")


def logical_lines(doc: Document, lines: list[Line]) -> list[tuple[Line, ...]]:
    """The non-blank `lines`, grouped into the lines they were before wrapping
    or breaking."""
    breaks = [
        (_width(line), _first_word(doc, following))
        for line, following in zip(lines, lines[1:])
        if following.block == line.block
    ]
    width = _wrap_width(breaks)
    groups: list[list[Line]] = []
    for i, line in enumerate(lines):
        previous = lines[i - 1] if i else None
        following = lines[i + 1] if i + 1 < len(lines) and lines[i + 1].block == line.block else None
        if (
            previous is not None
            and previous.block == line.block
            and (
                (width and _is_full(_width(previous), _first_word(doc, line), width))
                or _breaks_a_sentence(doc, previous, line, following)
            )
        ):
            groups[-1].append(line)
        else:
            groups.append([line])
    return [tuple(group) for group in groups]


def _wrap_width(breaks: list[tuple[int, int]]) -> int | None:
    """The width the text was wrapped at, or None when it was not."""
    if len(breaks) < MIN_FULL_BREAKS:
        return None
    # A break is full at every width from its line's length to that plus
    # the next word: count, for each candidate width, the breaks whose range
    # holds it (ranges begun minus ranges ended), rather than testing every
    # break at every width, which grows with the square of a long text.
    begins = sorted(length for length, _ in breaks)
    ends = sorted(length + word + 1 for length, word in breaks)
    best, best_count = None, 0
    for width in sorted({length for length in begins if length >= MIN_WIDTH}):
        count = bisect.bisect_right(begins, width) - bisect.bisect_right(ends, width)
        if count > best_count:
            best, best_count = width, count
    if best is None:
        return None
    best_full = [length for length, word in breaks if _is_full(length, word, best)]
    if (
        len(best_full) < MIN_FULL_BREAKS
        or len(best_full) < MIN_FULL_SHARE * len(breaks)
        or len(set(best_full)) < MIN_FULL_LENGTHS
    ):
        return None
    return best


def _is_full(length: int, next_word: int, width: int) -> bool:
    return length <= width < length + 1 + next_word


def _width(line: Line) -> int:
    """Columns up to the line's last word, indentation and bullet included."""
    return line.content_end - line.start


def _first_word(doc: Document, line: Line) -> int:
    words = doc.text[line.content_start : line.content_end].split(maxsplit=1)
    return len(words[0]) if words else 0


def _breaks_a_sentence(doc: Document, previous: Line, line: Line, following: Line | None) -> bool:
    """Whether the break between `previous` and `line` falls inside a
    sentence: `previous` leaves it open, and `line` goes on with it, or
    `line` is a link's few words the sentence goes on after (in
    `following`). A bulleted line, or one set further in or out than the
    line before, starts an item of its own.
    (The characters at the breaks are looked at first: most breaks end there.)"""
    if not _leaves_open(doc, previous) or not _same_margin(doc, previous, line):
        return False
    if _goes_on(doc, line) and max(_words(doc, previous), _words(doc, line)) >= BROKEN_SENTENCE_MIN_WORDS:
        return True
    return (
        following is not None
        and _same_margin(doc, line, following)
        and _leaves_open(doc, line, commas=False)
        and _goes_on(doc, following)
        and _words(doc, line) <= LINK_MAX_WORDS
        and max(_words(doc, previous), _words(doc, following)) >= BROKEN_SENTENCE_MIN_WORDS
    )


def _same_margin(doc: Document, previous: Line, line: Line) -> bool:
    """`line` has no bullet and stands as far in as `previous`: a converter
    that indents nested elements (inscriptis) indents a sentence's pieces
    alike, while a list item is bulleted or set in further."""
    lead = doc.text[line.start : line.content_start]
    return not lead.strip() and lead == doc.text[previous.start : previous.content_start]


def _leaves_open(doc: Document, line: Line, commas: bool = True) -> bool:
    """The line ends in a word (or a comma): no sentence ends there."""
    last = doc.text[line.content_end - 1]
    return last.isalnum() or (commas and last == ",")


def _goes_on(doc: Document, line: Line) -> bool:
    first = doc.text[line.content_start]
    return first.islower() or first in _GOES_ON


def _words(doc: Document, line: Line) -> int:
    return len(doc.content(line).split())
