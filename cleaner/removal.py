"""What a detector proposes and the audit log records: a span and its reason."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

# The kinds of junk, as the audit log names them. Rule files may only use
# these, so that `cleaner stats` can group a corpus's removals meaningfully.
CATEGORIES = frozenset(
    {
        "related",  # related-post lists and teasers
        "comments",  # comment prompts, forms and threads
        "newsletter",  # newsletter and subscription boxes
        "promo",  # other calls to action: ads, "visit X for more"
        "social-embed",  # embedded posts and their attributions
        "share",  # share-button lines
        "media-caption",  # captions, photo credits
        "byline",  # bylines, datelines, sources
        "page-chrome",  # menus, breadcrumbs, counters, tags, navigation
        "footer",  # copyright and legal lines
        "cookie",  # cookie notices
        "duplicate",  # a block repeated from elsewhere on the page
        "boilerplate",  # text outside the main content, by a whole-page verdict
        "whitespace",  # blank lines left behind by other removals
    }
)


class Priority(IntEnum):
    """Who wins where candidate removals overlap, and who the guard trusts.

    The most specific reason is credited: a section cut (a heading and the
    teasers under it) outranks the line rules that also match inside it
    (a teaser's date is part of the teaser), a phrase rule outranks a repeat,
    and anything named outranks a whole-page verdict. The guard that refuses
    to strip most of a page rolls back the BROAD removals.
    """

    BROAD = 10  # whole-page verdicts: main-content extraction, boilerplate runs
    DUPLICATE = 20  # repeated lines and blocks, embed echoes
    PRECISE = 30  # line and span rules naming the junk they remove
    SECTION = 40  # a heading and the teasers under it


@dataclass(frozen=True, slots=True, order=True)
class Removal:
    """A span of the decoded text to delete, and why.

    `start`/`end` are code-point offsets; `end` is exclusive. Ordering is by
    position, then by rule id, so sorted removals are deterministic.
    """

    start: int
    end: int
    rule: str
    name: str
    category: str
    origin: str
    reason: str
    priority: Priority = Priority.PRECISE
    # A repeat is junk only while its original stays: when another detector
    # removes the original (a title the line model drops, a paragraph first
    # printed in a teaser), the repeat is the copy to keep.
    requires_kept: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"empty or negative span {self.start}..{self.end} from {self.rule}")
        if self.category not in CATEGORIES:
            raise ValueError(f"unknown category {self.category!r} from {self.rule}")
