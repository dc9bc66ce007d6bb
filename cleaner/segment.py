"""Split a decoded text into lines and blocks, each with its offsets.

Every offset is a code-point index into the text, so a detector that flags a
line can hand its offsets straight to the audit log. Nothing is trimmed from
the text itself: `Line.content` only tells where the words of a line begin and
end, past indentation and list bullets, so that rules match the words whatever
layout the converter that saved the page used (html-text indents list items,
html2text writes "  * ", a browser copy writes nothing).
"""

from __future__ import annotations

import re
from typing import NamedTuple

# A list bullet at the start of a line, with the space after it. Dashes are not
# bullets here: "— Name (@handle) date" is how an embedded post signs off, and
# the em dash is what tells it apart.
_LEADING = re.compile(r"[\s\u200b\ufeff]*(?:[•◦▪▫‣⁃●○■□►▸▶»›·*+](?:\s+|$))?\s*")


class Line(NamedTuple):
    """One line of the text. `end` excludes the newline, `stop` includes it."""

    index: int
    start: int
    end: int
    stop: int
    content_start: int
    content_end: int
    block: int  # index into Document.blocks, or -1 for a blank line

    @property
    def blank(self) -> bool:
        return self.content_start >= self.content_end


class Block(NamedTuple):
    """A run of non-blank lines between blank lines: a paragraph, a menu, a list."""

    index: int
    first: int  # index of its first line
    last: int  # index of its last line (inclusive)


class Document(NamedTuple):
    text: str
    lines: tuple[Line, ...]
    blocks: tuple[Block, ...]

    def content(self, line: Line) -> str:
        """The words of a line: no indentation, list bullet or trailing space."""
        return self.text[line.content_start : line.content_end]

    def block_lines(self, block: Block) -> tuple[Line, ...]:
        return self.lines[block.first : block.last + 1]


def segment(text: str) -> Document:
    """Lines (split on "\\n" only) and blocks (separated by blank lines)."""
    lines: list[Line] = []
    blocks: list[Block] = []
    position = 0
    block_first = -1
    length = len(text)
    while position < length:
        newline = text.find("\n", position)
        end = length if newline < 0 else newline
        stop = length if newline < 0 else newline + 1
        lead = _LEADING.match(text, position, end)
        content_start = lead.end() if lead else position
        content_end = end
        while content_end > content_start and text[content_end - 1].isspace():
            content_end -= 1
        index = len(lines)
        if content_start < content_end:
            if block_first < 0:
                block_first = index
            block = len(blocks)
        else:
            if block_first >= 0:
                blocks.append(Block(len(blocks), block_first, index - 1))
                block_first = -1
            block = -1
        lines.append(Line(index, position, end, stop, content_start, content_end, block))
        position = stop
    if block_first >= 0:
        blocks.append(Block(len(blocks), block_first, len(lines) - 1))
    return Document(text, tuple(lines), tuple(blocks))
