"""The rule pack as a detector: line, span and section rules, and protections."""

from __future__ import annotations

from dataclasses import dataclass

import re

from .. import textstats, unwrap
from ..config import Config
from ..removal import Priority, Removal
from ..ruleset import Hit, Rule, RuleSet
from ..segment import Document, Line
from . import threads
from .base import Context, Findings

_FIRST_SENTENCE = re.compile(r"^.*?[.!?](?=\s|$)", re.DOTALL)
# Categories a teaser list carries with it: a teaser's date and byline are
# part of the teaser. Any other kind of junk (a footer, a comment form, a
# cookie notice) ends the list, so that it is credited to its own rule.
_TEASER_PARTS = frozenset({"byline"})
_DATE = re.compile(r"\b(?:19|20)\d\d\b|\b\d{1,2}:\d\d\b|\b\d{1,2}\.\d{1,2}\.")
# The number inscriptis (or a text browser's dump) writes before each item of
# an ordered list, indented ("   1. Michael says:"), where html-text and a
# browser's copy write the item alone.
_LIST_NUMBER = re.compile(r"\d{1,3}\.\s+(?=\S)")
# Under a heading that takes a paragraph, at most this many short lines (a
# name, a role: at most this many words each) stand before it.
_SHORT_LINES_UNDER = 2
_SHORT_LINE_WORDS = 6


@dataclass
class _Matcher:
    """Runs the rule set on lines within the timeout, and notes the lines
    where a pattern ran out of time (the rules then skip that line)."""

    ruleset: RuleSet
    timeout: float
    notes: list[str]

    def first(self, kind: str, text: str, folded: str, line: Line) -> Hit | None:
        try:
            return self.ruleset.first_match(kind, text, self.timeout, folded)
        except TimeoutError:
            self.notes.append(f"a {kind} rule timed out on line {line.index + 1}; no {kind} rule fired there")
            return None

    def spans(self, text: str, folded: str, line: Line) -> tuple[tuple[Hit, int, int], ...]:
        """Every (hit, start, end) of the span rules inside a line."""
        matches = self.ruleset.span_matches(text, self.timeout, folded)
        for rule_id in matches.timed_out:
            self.notes.append(f"rule {rule_id} timed out on line {line.index + 1} and was skipped there")
        return matches.found


def detect(doc: Document, context: Context) -> Findings:
    config = context.config
    notes: list[str] = []
    matcher = _Matcher(context.ruleset, config.regex_timeout, notes)
    removals: list[Removal] = []
    protected: list[tuple[int, int]] = []

    line_hits: dict[int, Hit] = {}
    section_hits: dict[int, Hit] = {}
    for line in doc.lines:
        if line.blank:
            continue
        content = doc.content(line)
        visible = textstats.as_read(content)
        folded = visible.casefold()
        if _first(matcher, "protect", visible, folded, line):
            protected.append((line.start, line.stop))
        if hit := _first(matcher, "line", visible, folded, line):
            line_hits[line.index] = hit
        elif hit := _first(matcher, "section", visible, folded, line):
            section_hits[line.index] = hit
        else:
            for hit, start, end in matcher.spans(visible, folded, line):
                if len(visible) != len(content):
                    start, end = _in_original(content, start, end)
                start, end = _widen(doc, line, line.content_start + start, line.content_start + end)
                removals.append(_removal(hit.rule, start, end, reason(hit)))

    for index, hit in line_hits.items():
        line = doc.lines[index]
        removals.append(_removal(hit.rule, line.start, line.stop, reason(hit)))
    removals += threads.comments(doc, line_hits, config)

    paragraphs = _paragraphs(doc) if section_hits else {}
    for index, hit in section_hits.items():
        heading = doc.lines[index]
        rule = hit.rule
        if rule.body == "paragraph":
            last = _paragraph_under(doc, heading, rule, line_hits, section_hits, config)
            words = sum(textstats.word_count(doc.content(other)) for other in doc.lines[heading.index + 1 : last.index + 1])
            detail = f"heading and the {words} word{'s' * (words != 1)} under it"
        else:
            last = _section_end(doc, heading, rule, line_hits, section_hits, paragraphs, config)
            teasers = sum(1 for other in doc.lines[heading.index + 1 : last.index + 1] if not other.blank)
            detail = f"heading and {teasers} teaser line{'s' * (teasers != 1)} under it"
        removals.append(
            _removal(rule, heading.start, last.stop, reason(hit, detail), Priority.SECTION)
        )
    return Findings(tuple(removals), tuple(protected), tuple(notes))


def _first(matcher: _Matcher, kind: str, visible: str, folded: str, line: Line) -> Hit | None:
    """The first rule of `kind` matching the whole line or, failing that, the
    item after an indented list number. The line is tried whole first, as
    "3. November 2023" is a date, not item 3; and a number at the start of
    an unindented line is the page's own text ("1. Registrieren", a step of
    a how-to), not a converter's list marker."""
    hit = matcher.first(kind, visible, folded, line)
    if hit is None and line.content_start > line.start and (number := _LIST_NUMBER.match(visible)):
        item = visible[number.end() :]
        hit = matcher.first(kind, item, item.casefold(), line)
    return hit


def _in_original(content: str, start: int, end: int) -> tuple[int, int]:
    """Offsets in the visible text, mapped back onto the line as written."""
    positions = [i for i, char in enumerate(content) if ord(char) not in textstats.INVISIBLE]
    positions.append(len(content))
    return positions[start], positions[end - 1] + 1 if end > start else positions[start]


def reason(hit: Hit, detail: str = "") -> str:
    """The first sentence of the rule's `why`, the phrasing's language, and details."""
    why = " ".join(hit.rule.why.split())
    first = _FIRST_SENTENCE.match(why)
    text = first.group(0) if first else why
    tags = [hit.language] if hit.language != "any" else []
    if detail:
        tags.append(detail)
    return f"{text} ({'; '.join(tags)})" if tags else text


def _removal(rule: Rule, start: int, end: int, why: str, priority: Priority = Priority.PRECISE) -> Removal:
    return Removal(start, end, rule.id, rule.name, rule.category, rule.origin, why, priority)


def _widen(doc: Document, line: Line, start: int, end: int) -> tuple[int, int]:
    """A span that leaves nothing but spaces on its line takes the line;
    one at the line's end takes the spaces before it, so no trailing space
    is left behind."""
    text = doc.text
    if text[line.start : start].strip() == "" and text[end : line.end].strip() == "":
        return line.start, line.stop
    if text[end : line.end].strip() == "":
        while start > line.start and text[start - 1] in " \t\u00a0":
            start -= 1
        end = line.end
    return start, end


def _section_end(
    doc: Document,
    heading: Line,
    rule: Rule,
    line_hits: dict[int, Hit],
    section_hits: dict[int, Hit],
    paragraphs: dict[int, str],
    config: Config,
) -> Line:
    """The last line of the teaser list under a section heading.

    The cut runs on while lines look like teasers (headlines, dates, excerpts
    cut off with an ellipsis) and stops before the first line that reads like
    article prose, matches the rule's `stop`, opens another section, or is
    another kind of junk that a line rule names. Prose right under a teaser's
    date line ("Mai 21 2019, 14:34 | Medien") is that teaser's excerpt, even
    when it is not cut off, unless more prose follows it: then the article
    goes on. A line of a hard-wrapped paragraph is judged as the whole
    paragraph (`paragraphs`).
    """
    lines = [line for line in doc.lines[heading.index + 1 :] if not line.blank]
    last = heading
    after_date = False
    for position, line in enumerate(lines):
        if line.index in section_hits:
            break
        hit = line_hits.get(line.index)
        if hit and hit.rule.category != rule.category and hit.rule.category not in _TEASER_PARTS:
            break
        content = textstats.as_read(doc.content(line))
        if rule.compiled_stop is not None and _stops(rule, content, config):
            break
        words = paragraphs.get(line.index, content)
        if not hit and not looks_like_teaser(words, config):
            following = next((other for other in lines[position + 1 :] if paragraphs.get(other.index) != words), None)
            excerpt = (
                after_date
                and textstats.is_prose(words, config.prose_min_words)
                and textstats.word_count(words) <= config.teaser_excerpt_max_words
            )
            if not excerpt or (following is not None and _reads_as_prose(doc, following, line_hits, paragraphs, config)):
                break
        after_date = _is_date_line(content, hit, config)
        last = line
    return last


def _paragraph_under(
    doc: Document, heading: Line, rule: Rule, line_hits: dict[int, Hit], section_hits: dict[int, Hit], config: Config
) -> Line:
    """The last line of what a `body = "paragraph"` heading takes: the short
    lines right under it (a name, a role) and the paragraph after them, when
    it has at most config.section_paragraph_max_words words. An author box
    reads like the article, so only its place tells it: a longer paragraph,
    or one a line rule names as another kind of junk, stays for the others."""
    lines = [line for line in doc.lines[heading.index + 1 :] if not line.blank]

    def ours(line: Line) -> bool:
        hit = line_hits.get(line.index)
        return line.index not in section_hits and (hit is None or hit.rule.category == rule.category)

    last, position = heading, 0
    while position < min(len(lines), _SHORT_LINES_UNDER) and ours(lines[position]):
        content = doc.content(lines[position])
        if textstats.word_count(content) > _SHORT_LINE_WORDS or textstats.ends_sentence(content):
            break
        last, position = lines[position], position + 1
    paragraph = []
    for line in lines[position:]:
        if paragraph and line.block != paragraph[0].block:
            break
        paragraph.append(line)
    if not paragraph or not all(ours(line) for line in paragraph):
        return last
    words = sum(textstats.word_count(doc.content(line)) for line in paragraph)
    return paragraph[-1] if words <= config.section_paragraph_max_words else last


def _reads_as_prose(doc: Document, line: Line, line_hits: dict[int, Hit], paragraphs: dict[int, str], config: Config) -> bool:
    """Neither a teaser nor a line a rule names."""
    if line.index in line_hits:
        return False
    return not looks_like_teaser(paragraphs.get(line.index, doc.content(line)), config)


def _is_date_line(content: str, hit: Hit | None, config: Config) -> bool:
    """A teaser's date or byline: a line a byline rule names, or a short one
    with a year, a time or a day and month in it."""
    if hit is not None:
        return hit.rule.category in _TEASER_PARTS
    return _DATE.search(content) is not None and textstats.word_count(content) <= config.teaser_date_max_words


def _paragraphs(doc: Document) -> dict[int, str]:
    """Each line of a hard-wrapped paragraph (or broken sentence, see
    cleaner.unwrap), with the whole's words."""
    groups = unwrap.logical_lines(doc, [line for line in doc.lines if not line.blank])
    return {
        part.index: " ".join(doc.content(p) for p in group) for group in groups if len(group) > 1 for part in group
    }


def _stops(rule: Rule, content: str, config: Config) -> bool:
    try:
        return rule.compiled_stop.fullmatch(content, timeout=config.regex_timeout) is not None
    except TimeoutError:
        return True  # a stop pattern that cannot decide ends the cut early: keep, not remove


def looks_like_teaser(content: str, config: Config) -> bool:
    """A headline, a date or label, or an excerpt cut off with an ellipsis.

    A short line ending in a full stop is a sentence, not a headline ("He did
    not provide specific details."), and a line in capitals only is a menu
    label ("FEATURES/INTERVIEWS"): either ends the teaser list.
    """
    words = textstats.word_count(content)
    if textstats.ends_with_ellipsis(content):
        return words <= config.teaser_excerpt_max_words
    if words > config.teaser_max_words or (content.isupper() and words <= 3):
        return False
    return not (words >= 4 and content.rstrip("\"'”’»)").endswith("."))
