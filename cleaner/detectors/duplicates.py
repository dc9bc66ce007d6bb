"""Repeated text: a line or block seen earlier on the page, a truncated echo.

Pages repeat themselves: the title above the article and again as its
heading, a caption under its alt text, the header menu again in the footer,
an embedded post that quotes the article and is cut off with an ellipsis.
The first occurrence stays; later ones go.
"""

from __future__ import annotations

import re

from .. import textstats
from ..removal import Priority, Removal
from ..segment import Document, Line
from .base import Context, Findings

_ORIGIN = "cleaner.detectors.duplicates"
# Links an embed or teaser ends with: they are not part of the echoed words.
_TRAILING_LINKS = re.compile(r"(?:\s+(?:https?://|pic\.twitter\.com/|t\.co/)\S+)+\s*$")


def detect(doc: Document, context: Context) -> Findings:
    if not context.heuristics:
        return Findings()
    config = context.config
    removals: list[Removal] = []
    duplicate_lines: set[int] = set()

    seen_blocks: dict[str, int] = {}
    for block in doc.blocks:
        if block.first == block.last:
            continue  # a one-line block is a line, and repeated lines are found below
        lines = doc.block_lines(block)
        key = textstats.normalize("\n".join(doc.content(line) for line in lines))
        if len(key) >= config.duplicate_min_chars:
            if key in seen_blocks:
                first = doc.lines[seen_blocks[key]]
                first_last = doc.lines[doc.blocks[first.block].last]
                removals.append(
                    _removal(
                        lines[0].start,
                        lines[-1].stop,
                        "DU001",
                        "duplicate.block",
                        f"repeats the block at line {first.index + 1}",
                        (first.content_start, first_last.content_end),
                    )
                )
                duplicate_lines.update(line.index for line in lines)
            else:
                seen_blocks[key] = block.first

    seen_lines: dict[str, Line] = {}
    previous_key, previous = "", None
    for line in doc.lines:
        if line.blank or line.index in duplicate_lines:
            continue
        key = textstats.normalize(doc.content(line))
        if len(key) >= config.duplicate_min_chars:
            if key in seen_lines:
                first = seen_lines[key]
                removals.append(
                    _removal(
                        line.start,
                        line.stop,
                        "DU002",
                        "duplicate.line",
                        f"repeats line {first.index + 1}",
                        (first.content_start, first.content_end),
                    )
                )
            elif previous_key.startswith(key):
                # A caption printed again under itself, or a title over its
                # own longer version: the shorter echo goes.
                removals.append(
                    _removal(
                        line.start,
                        line.stop,
                        "DU003",
                        "duplicate.prefix",
                        "repeats the start of the line above",
                        (previous.content_start, previous.content_end),
                    )
                )
            else:
                seen_lines[key] = line
        previous_key, previous = key, line

    full_text = None  # normalized only for a page with a long line cut off with an ellipsis
    for line in doc.lines:
        if line.blank or line.index in duplicate_lines:
            continue
        content = doc.content(line)
        without_links = _TRAILING_LINKS.sub("", content) if _may_end_in_links(content) else content
        if not textstats.ends_with_ellipsis(without_links):
            continue
        key = textstats.normalize(textstats.strip_ellipsis(without_links))
        if len(key) < config.echo_min_chars:
            continue
        if full_text is None:
            full_text = textstats.normalize(doc.text)
        first = full_text.find(key)
        if full_text.find(key, first + 1) >= 0:
            removals.append(
                _removal(
                    line.start,
                    line.stop,
                    "DU004",
                    "duplicate.truncated-echo",
                    "cut off with an ellipsis, and its words appear in full elsewhere on the page",
                )
            )
    return Findings(tuple(removals))


def _may_end_in_links(content: str) -> bool:
    """Whether _TRAILING_LINKS can match: a search in C rules out most lines
    faster than the pattern's attempt at every space."""
    return "://" in content or "t.co/" in content or "pic.twitter.com/" in content


def _removal(start: int, end: int, rule: str, name: str, reason: str, original: tuple[int, int] | None = None) -> Removal:
    return Removal(start, end, rule, name, "duplicate", _ORIGIN, reason, Priority.DUPLICATE, original)
