"""The removals that come from code rather than rule files, described.

Duplicates, share lines, words in look-alike letters, the line model,
blank-line tidying and, for HTML input, trafilatura's main-content verdict
log rule ids of their own. `cleaner rules list` and `rules explain`
describe them from here; tests/test_review.py checks that every id the
detectors log is listed with the name, category and origin they log it
under.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CodedRule:
    id: str
    name: str
    category: str
    origin: str  # the module that logs it
    why: str


CODED_RULES = (
    CodedRule(
        "DU001", "duplicate.block", "duplicate", "cleaner.detectors.duplicates",
        "A block of several lines that repeats an earlier block of the page (a menu printed "
        "again in the footer). The first occurrence stays.",
    ),
    CodedRule(
        "DU002", "duplicate.line", "duplicate", "cleaner.detectors.duplicates",
        "A line that repeats an earlier line (the title printed again as a heading), when it "
        "has at least config.duplicate_min_chars characters; shorter repeats are left to the "
        "rules, which can name them.",
    ),
    CodedRule(
        "DU003", "duplicate.prefix", "duplicate", "cleaner.detectors.duplicates",
        "A line that repeats the start of the line above it: a caption under its own alt text, "
        "a title over its longer version.",
    ),
    CodedRule(
        "DU004", "duplicate.truncated-echo", "duplicate", "cleaner.detectors.duplicates",
        "A line cut off with an ellipsis whose words appear in full elsewhere on the page: an "
        "embedded post or teaser echoing the article.",
    ),
    CodedRule(
        "SH001", "share.button-line", "share", "cleaner.detectors.share",
        "A line made only of share and print button words (trafilatura's list, extended with "
        "the verbs and counters that sit beside the buttons).",
    ),
    CodedRule(
        "CT001", "comments.reader-comment", "comments", "cleaner.detectors.threads",
        "A reader's comment: the lines after its signature (a comment header such as "
        "\"Maria sagt:\", or a name over a date line right after the thread's counter or the "
        "reply button of the comment before) up to its reply button or, under a dated "
        "signature, up to the next comment or the comment form; at most "
        "config.comment_max_lines lines.",
    ),
    CodedRule(
        "LA001", "promo.look-alike-letters", "promo", "cleaner.detectors.lookalikes",
        "A line whose Latin words are spelt with look-alike letters of another script "
        "(Cyrillic о, а, ѕ; Greek ο; Armenian ս), as spam comments and ads write them to pass "
        "word filters: such words are a fifth of its words or more, or two of them stand in it.",
    ),
    CodedRule(
        "BP001", "page-chrome.menu-run", "page-chrome", "cleaner.detectors.boilerplate",
        "A run of mostly short lines that the line model (rules/line_model.json) places outside "
        "the article: a menu, a tag list. The reason gives the features that decided.",
    ),
    CodedRule(
        "BP002", "page-chrome.stray-label", "page-chrome", "cleaner.detectors.boilerplate",
        "A single short line that the line model places outside the article's prose.",
    ),
    CodedRule(
        "BP003", "boilerplate.outside-article", "boilerplate", "cleaner.detectors.boilerplate",
        "Lines of text that the line model places outside the article (far from the page's "
        "densest prose, few stopwords of its language).",
    ),
    CodedRule(
        "TF001", "boilerplate.outside-main-content", "boilerplate", "trafilatura",
        "HTML input: whole lines of the page's text view outside the main content that "
        "trafilatura extracted (menus, sidebars, footers, teasers it recognised). Logged with "
        "the number of lines, so restore gives the text view back.",
    ),
    CodedRule(
        "TF002", "boilerplate.dropped-inline", "boilerplate", "trafilatura",
        "HTML input: part of a line whose rest trafilatura kept (a button label or a link "
        "inside a paragraph it trimmed).",
    ),
    CodedRule(
        "TF003", "boilerplate.no-main-content", "boilerplate", "trafilatura",
        "HTML input: the text of a page on which trafilatura found no main content at all. "
        "The over-pruning guard may keep the page's text instead.",
    ),
    CodedRule(
        "MD001", "markdown.wordless-line", "page-chrome", "cleaner.markdown",
        "In a Markdown text, a line with no words (an image, an empty link) that nothing kept "
        "stands next to: it lies between removed lines, or between removed lines and the text's "
        "start or end.",
    ),
    CodedRule(
        "WS001", "whitespace.blank-lines", "whitespace", "cleaner.apply",
        "Blank lines left behind by other removals: more than config.max_blank_lines in a row, "
        "or before the first or after the last line of text. Logged so that the input can be "
        "rebuilt.",
    ),
)  # fmt: skip
