"""Judge Markdown by its words, and remove whole constructs from it.

Scrapers increasingly save pages as Markdown (html2text, Firecrawl, Jina
Reader, crawl4ai). Its markup hides the words that the rules and the line
model judge: "* [Impressum](https://example.org/impressum)" is the menu label
"Impressum", and a link address wrapped over two lines splits one line of
words in two. A text with enough inline links to read as Markdown is
therefore judged as a view with the markup deleted: a link keeps its text,
an image goes, and heading marks, emphasis marks around words (`**`, `__`,
`*`, `_`, also wrapped over lines; the empty `__` html2text writes for an
icon) and backslash escapes go, and a paragraph's soft line breaks are
spaces, as Markdown renders them. The words stay in order, so a menu is
still a run of short lines and a paragraph, however it was wrapped, is one
line.

Each removal found in the view is mapped back onto the Markdown (the view
only deletes, so every view character has one place in it): a removal that
starts a line starts the Markdown line (its bullet, heading mark or image
too), and one that takes all the words of a link, an image or an emphasis
takes its markup with them. The output is the input's Markdown minus whole
lines and constructs, and the audit log still rebuilds the input exactly.
A text with fewer links is left as it is: "# Bitcoin" in plain text is a tag
line, and its "#" tells the line model so.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Iterator, NamedTuple

from .offsets import KeptMap
from .removal import Removal
from .segment import Line, segment

# A line break inside a construct, never a blank line: html2text wraps long
# links over lines, but a blank line always ends a paragraph.
_WRAP = r"\n(?![ \t]*\n)"
# A link's or image's words: no brackets except one nested pair ("[[1]](#n)").
_WORDS = rf"(?:[^\[\]\n]|\[[^\[\]\n]*\]|{_WRAP})*"
# Its target: no spaces, one level of parentheses (wiki URLs), an optional
# "title" (html2text writes the HTML title attribute there).
_TARGET = rf"(?:[^()\s]|\([^()\s]*\)|{_WRAP})*(?:[ \t\n]+\"[^\"]*\")?"
# A line that stays a line of its own: a heading, a list item, a quote, a
# table row, a code fence.
_OWN_LINE = re.compile(r"[ \t]*(?:(?:[*+-]|\d{1,3}[.)]|#{1,6})(?:[ \t]|$)|>|\||```|~~~)")
_LINK = re.compile(rf"(?P<image>!?)\[(?P<words>{_WORDS})\]\({_TARGET}\)")
_AUTOLINK = re.compile(r"<(?P<words>https?://[^\s<>]+)>")
_HEADING = re.compile(r"^[ \t]*(?:[*+-][ \t]+)?(?P<mark>#{1,6}[ \t]+)", re.MULTILINE)
# Emphasis reaches at most 500 characters, so a mark that closes nothing
# costs a bounded look-ahead, not one to the end of its paragraph.
_EMPHASIS = re.compile(rf"(?P<mark>\*\*|__)(?P<words>\S(?:(?:[^\n]|{_WRAP}){{0,500}}?\S)?)(?P=mark)")
# `_words_` or `*words*`: the marks not inside a word, so that snake_case and
# "2 * 3" are no emphasis, and a bullet's "* " no opening mark.
_SINGLE_EMPHASIS = re.compile(rf"(?<![\w*_\\])(?P<mark>[*_])(?![\s*_])(?P<words>(?:[^\n]|{_WRAP}){{0,500}}?[^\s*_\\])(?P=mark)(?![\w*_])")
# What html2text writes for an empty <i> or <b> (an icon): "__" or "****"
# before a word, with no closing mark ("####  __Das könnte Dich auch interessieren").
_EMPTY_EMPHASIS = re.compile(r"(?<![\w*_\\])(?:__|\*\*\*\*)(?![*_])")
_ESCAPE = re.compile(r"\\(?P<words>[\\`*_{}\[\]()#+\-.!<>|])")
# How a line without words, left with nothing kept around it, is logged.
_STRANDED = ("MD001", "markdown.wordless-line", "page-chrome", "cleaner.markdown", "an image or empty link with nothing kept around it")


class Construct(NamedTuple):
    """A piece of markup: [start, end) in the Markdown, the words it shows at
    [words_start, words_end) (empty for an image)."""

    start: int
    end: int
    words_start: int
    words_end: int


@dataclass(frozen=True)
class Markdown:
    """A Markdown text, the view of it that is judged, and the way back."""

    text: str
    view: str  # the text with its markup deleted
    kept: KeptMap  # where each view character comes from
    constructs: tuple[Construct, ...]  # sorted by start; emphasis inside a link comes after the link

    @cached_property
    def _outermost(self) -> list[int]:
        """Indexes of the constructs inside no other (disjoint, so their ends are sorted too)."""
        indexes, reach = [], -1
        for index, construct in enumerate(self.constructs):
            if construct.start >= reach:
                indexes.append(index)
                reach = construct.end
        return indexes

    def _first_reaching(self, position: int) -> int:
        """The index of the first construct that ends after `position`."""
        outermost = self._outermost
        found = bisect.bisect_right(outermost, position, key=lambda index: self.constructs[index].end)
        return outermost[found] if found < len(outermost) else len(self.constructs)

    @cached_property
    def _kept_starts(self) -> list[int]:
        return [start for start, _ in self.kept.kept]

    def onto_text(self, removal: Removal) -> Removal | None:
        """A removal of view[removal.start:removal.end], as the span of the
        Markdown it stands for (None if that is markup of kept words only)."""
        start, end = self.kept.bounds(removal.start, removal.end)
        if removal.start == 0 or self.view[removal.start - 1] == "\n":
            start = self.text.rfind("\n", 0, start) + 1
        if removal.end == len(self.view):
            end = len(self.text)
        return self._whole_constructs(replace(removal, start=start, end=end))

    def _whole_constructs(self, removal: Removal) -> Removal | None:
        """The removal with no construct cut in two: widened over each one
        whose words it takes any of (an image: whose start it holds), and
        narrowed to leave out one of which it takes only markup."""
        start, end = removal.start, removal.end
        for construct in self.constructs[self._first_reaching(removal.start) :]:
            if construct.start >= removal.end:
                break
            if construct.end <= removal.start:
                continue
            if construct.words_start < construct.words_end:
                takes_words = construct.words_start < removal.end and removal.start < construct.words_end
            else:
                takes_words = removal.start <= construct.start
            if takes_words:
                start, end = min(start, construct.start), max(end, construct.end)
            elif construct.start < removal.start:
                start = max(start, construct.end)
            else:
                end = min(end, construct.start)
        return replace(removal, start=start, end=end) if start < end else None

    def stranded(self, removals: tuple[Removal, ...]) -> list[Removal]:
        """Lines without words (an image, an empty link) left with nothing
        kept around them: between removed lines, or between the text's edge
        and removed lines. Sorted, disjoint `removals` are the rest."""
        doc = segment(self.text)
        removed = _merged([(r.start, r.end) for r in removals])
        removed_starts = [start for start, _ in removed]

        def is_removed(line: Line) -> bool:
            index = bisect.bisect_right(removed_starts, line.content_start) - 1
            return index >= 0 and removed[index][1] >= line.content_end

        worded, wordless = [], []
        for line in doc.lines:
            if not line.blank:
                (worded if self._has_words(line) else wordless).append(line)
        worded_indexes = [line.index for line in worded]
        found = []
        for line in wordless:
            after = bisect.bisect_right(worded_indexes, line.index)
            before, following = (worded[after - 1] if after else None), (worded[after] if after < len(worded) else None)
            if (before or following) and all(w is None or is_removed(w) for w in (before, following)):
                found.append(self._whole_constructs(Removal(line.start, line.stop, *_STRANDED)))
        return [removal for removal in found if removal is not None]

    def _has_words(self, line: Line) -> bool:
        spans = self.kept.kept
        index = max(0, bisect.bisect_right(self._kept_starts, line.content_start) - 1)
        while index < len(spans) and spans[index][0] < line.content_end:
            start, end = max(spans[index][0], line.content_start), min(spans[index][1], line.content_end)
            if start < end and not self.text[start:end].isspace():
                return True
            index += 1
        return False


def read(text: str, min_links: int) -> Markdown | None:
    """The text's Markdown view, or None when it has fewer than `min_links`
    inline links and images (then it is not judged as Markdown)."""
    if text.count("](") < min_links:  # most texts: one fast scan instead of the pattern's
        return None
    links = list(_LINK.finditer(text))
    if len(links) < min_links:
        return None
    link_starts = [link.start() for link in links]
    constructs: list[Construct] = []

    def add(start: int, end: int, words_start: int, words_end: int) -> None:
        constructs.append(Construct(start, end, words_start, words_end))

    def markup(pattern: re.Pattern) -> Iterator[re.Match]:
        """The pattern's matches, but none inside a link's target (a URL's
        underscores are not emphasis)."""
        for match in pattern.finditer(text):
            index = bisect.bisect_right(link_starts, match.start()) - 1
            link = links[index] if index >= 0 else None
            if link is None or link.end() <= match.start() or link.start("words") <= match.start() < link.end("words"):
                yield match

    for link in links:
        if link.group("image"):
            add(link.start(), link.end(), link.start(), link.start())
            continue
        add(link.start(), link.end(), link.start("words"), link.end("words"))
        for image in _LINK.finditer(text, link.start("words"), link.end("words")):  # a linked logo: [![](logo.png)](/)
            add(image.start(), image.end(), image.start(), image.start())
    emphases = [match for pattern in (_EMPHASIS, _SINGLE_EMPHASIS) for match in markup(pattern)]
    for match in (*emphases, *markup(_AUTOLINK), *markup(_ESCAPE)):
        add(match.start(), match.end(), match.start("words"), match.end("words"))
    emphasized = _merged(sorted(match.span() for match in emphases))
    for match in markup(_EMPTY_EMPHASIS):  # a mark that opens or closes no emphasis
        if not _within(emphasized, match.start()):
            add(match.start(), match.end(), match.start(), match.start())
    for match in markup(_HEADING):
        line_end = text.find("\n", match.end())
        line_end = len(text) if line_end < 0 else line_end
        add(match.start("mark"), line_end, match.end(), line_end)
    constructs.sort(key=lambda c: (c.start, -c.end))
    deleted = [span for c in constructs for span in ((c.start, c.words_start), (c.words_end, c.end)) if span[0] < span[1]]
    kept = KeptMap.complement(len(text), _merged(sorted(deleted)))
    return Markdown(text, kept.derived(_soft_breaks_joined(text, links)), kept, tuple(constructs))


def _soft_breaks_joined(text: str, links: list[re.Match]) -> str:
    """The text with each soft line break made a space, as Markdown renders
    it: a line break inside a paragraph, unless the line ends in two spaces
    or a backslash (a hard break, html2text's <br>), or either line is a
    heading, a list item, a quote, a table row or a code fence; a break
    inside a link's words is always soft. html2text wraps paragraphs at 78
    columns counting link targets, so this is also what rejoins them. A
    space for a line break keeps every offset."""
    doc = segment(text)
    link_starts = [link.start() for link in links]
    pieces, position = [], 0
    for line, following in zip(doc.lines, doc.lines[1:]):
        index = bisect.bisect_right(link_starts, line.end) - 1
        in_words = index >= 0 and links[index].start("words") <= line.end < links[index].end("words")
        if not in_words and (
            line.blank
            or following.blank
            or text.endswith(("  ", "\\"), line.start, line.end)
            or _OWN_LINE.match(text, line.start, line.end)
            or _OWN_LINE.match(text, following.start, following.end)
        ):
            continue
        pieces += [text[position : line.end], " "]
        position = line.end + 1
    pieces.append(text[position:])
    return "".join(pieces)


def _within(spans: list[tuple[int, int]], position: int) -> bool:
    """Whether `position` falls in one of the sorted, disjoint `spans`."""
    index = bisect.bisect_right(spans, position, key=lambda span: span[0]) - 1
    return index >= 0 and position < spans[index][1]


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
