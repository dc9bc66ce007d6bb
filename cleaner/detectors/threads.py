"""Reader comments under an article, found by the lines around them.

Blog and news software prints each reader comment the same way: a signature
(who and when: "Maria sagt: 12. März 2020 um 10:15", or a name over a date
line), the reader's words, and a reply button. The rules name the signature
and the button (comments.comment-header, byline.dateline,
comments.reply-button), but a reader's words match no rule, and the line
model took them only when they did not read like the article, so a thread
could come out with its signatures gone and half of its comments glued to
the article's last paragraph. Here a comment is known by its place: the
lines after a signature and before the reply button that ends it.

A signature counts only where a comment can start, so an article's own
byline and date are never one:
- a comment header ("Maria sagt:", "Comment by …") anywhere;
- a date line, with the short name line above it, right after the thread's
  counter ("3 Kommentare"), its form heading, or the reply button of the
  comment before.
A comment ends at its reply button; under a signature with a date (which no
article sentence has: a header with one, or a date line), also where the
next comment or the comment form begins. Nothing is taken past
config.comment_max_lines lines.
"""

from __future__ import annotations

from typing import NamedTuple

from .. import textstats
from ..config import Config
from ..removal import Priority, Removal
from ..ruleset import Hit
from ..segment import Document, Line

RULE_ID, RULE_NAME, CATEGORY, ORIGIN = "CT001", "comments.reader-comment", "comments", "cleaner.detectors.threads"
REASON = "a reader's comment: from its signature (who and when) to {}"

# What each rule's lines are to a thread, by the rule's name in the bundled
# pack (tests/test_threads.py checks that the pack still has every name).
HEADER, DATE, REPLY, BOUNDARY = "header", "date", "reply", "boundary"
ROLES = {
    "comments.comment-header": HEADER,
    "byline.dateline": DATE,
    "comments.reply-button": REPLY,
    "comments.count": BOUNDARY,
    "comments.form-heading": BOUNDARY,
    "comments.email-notice": BOUNDARY,
}
# A name signed over a comment's date line: "Sandra", "FAMILIE-TESTET".
_NAME_MAX_WORDS = 4


class _Comment(NamedTuple):
    first: int  # position, among the page's non-blank lines, of its first line after the signature
    name: int | None  # position of the name line over a date signature
    # Signed with a date, as no article sentence is: it may then also end
    # where the next comment or the comment form begins.
    dated: bool


def comments(doc: Document, line_hits: dict[int, Hit], config: Config) -> list[Removal]:
    """One removal per reader comment found, from its name line (if any) or
    the line after its signature to its last line."""
    lines = [line for line in doc.lines if not line.blank]
    roles = [_role(line_hits.get(line.index)) for line in lines]
    removals: list[Removal] = []

    def close(comment: _Comment | None, end: int, how: str, undated_too: bool = False) -> None:
        """The comment ends before the line at `end`: one removal for it."""
        if comment is None or not (comment.dated or undated_too):
            return
        start = comment.first if comment.name is None else comment.name
        if start < end and end - comment.first <= config.comment_max_lines:
            first, last = lines[start], lines[end - 1]
            removals.append(
                Removal(first.start, last.stop, RULE_ID, RULE_NAME, CATEGORY, ORIGIN, REASON.format(how), Priority.PRECISE)
            )

    comment: _Comment | None = None
    for position, role in enumerate(roles):
        if role == HEADER:
            close(comment, position, "the next comment")
            comment = _Comment(position + 1, None, _has_digit(doc, lines[position]))
        elif role == DATE and comment is not None and comment.first == position and comment.name is None:
            comment = _Comment(position + 1, None, True)  # the date under a header
        elif role == DATE and (start := _signature_start(doc, lines, roles, position)) is not None:
            close(comment, start, "the next comment")
            comment = _Comment(position + 1, start if start < position else None, True)
        elif role == REPLY:
            close(comment, position, "its reply button", undated_too=True)
            comment = None
        elif role == BOUNDARY:
            close(comment, position, "the comment form")
            comment = None
    return removals


def _role(hit: Hit | None) -> str | None:
    return ROLES.get(hit.rule.name) if hit is not None else None


def _has_digit(doc: Document, line: Line) -> bool:
    return any(char.isdigit() for char in doc.content(line))


def _signature_start(doc: Document, lines: list[Line], roles: list[str | None], date: int) -> int | None:
    """Where a comment signed with the date line at `date` starts (the name
    line above it, or the date line itself), or None when no comment can
    start there: only right after the thread's counter or form heading, or
    the reply button of the comment before."""
    start = date
    if date > 0 and roles[date - 1] is None and _looks_like_name(doc.content(lines[date - 1])):
        start = date - 1
    if start > 0 and roles[start - 1] in (REPLY, BOUNDARY):
        return start
    return None


def _looks_like_name(content: str) -> bool:
    return 0 < textstats.word_count(content) <= _NAME_MAX_WORDS and not textstats.ends_sentence(content)
