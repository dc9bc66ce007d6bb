"""HTML input: a page's text view, and trafilatura's verdict on it as findings.

    bytes -> markup (cleaner.htmldecode) -> tree -> text view (cleaner.textview)
                                               \\-> trafilatura's main content
                                                    -> found in the view (cleaner.align)
                                                    -> removals of everything else

The pipeline then cleans the text view with these findings joining its first
pass (cleaner.pipeline.clean): where a rule names a line trafilatura also
dropped, the rule is credited; the later passes judge what trafilatura kept
and take out what it lets through.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from . import align, textstats, textview, trafilatura_adapter
from . import language as language_module
from .config import Config
from .detectors.base import Context, Findings
from .htmldecode import decode_html
from .language import Stoplists
from .removal import Priority, Removal
from .timelimit import time_limit
from .trafilatura_adapter import main_content

_ORIGIN = "trafilatura"


@dataclass(frozen=True)
class Page:
    view: str  # the text view: what the audit log's offsets refer to
    verdict: Findings  # trafilatura's removals, and how the page was read
    found_content: bool  # whether trafilatura found main content on it

    def context(self, context: Context) -> Context:
        """What the pipeline cleans this page's text view with.

        Without the line model where trafilatura found main content. The
        model (v2) was trained on whole text-mode pages; on the text view
        (dev set, HTML mode, measured after merging it: without the model
        kept 0.954 removed 0.921 hmean 0.937) at its text-mode threshold
        (0.16) it takes article lines (0.920 / 0.948 / 0.934); at 0.05 it
        gains little (0.952 / 0.927 / 0.939; 0.03: 0.953 / 0.925 / 0.939)
        for the time of judging every line, while HTML mode is already over
        its time budget. Where trafilatura found nothing, the model judges
        the whole page, as in text mode.
        """
        return replace(context, line_model=None) if self.found_content else context


def read_page(data: bytes, config: Config, stoplists: Stoplists | None = None) -> Page:
    """The text view of an HTML page and trafilatura's verdict on it (and,
    given `stoplists`, the language of what trafilatura kept).

    Raises DecodeError for bytes that are not a page, ExtractionError when
    trafilatura fails on it, and TimeLimitExceeded when it takes longer than
    `config.html_time_limit`.
    """
    decoded = decode_html(data)
    trafilatura_adapter.ready()
    with time_limit(config.html_time_limit, "extracting the main content"):
        tree = textview.parse(decoded.markup)
        view = textview.render(tree)
        if not view:
            return Page("", Findings(notes=(f"read as {decoded.how}", "the page shows no text")), False)
        view += "\n"  # a text file ends its last line, as the text a scraper saves does
        verdict = _judge(tree, config, fast=True)
        if _thin(verdict, view, config):
            verdict = _judge(tree, config, fast=False)
        kept = align.kept_spans(view, verdict.body + verdict.comments)
    found_content = bool(verdict.body or verdict.comments)
    notes = [f"read as {decoded.how}"]
    lead = lead_lines(view, kept, config)
    if lead:
        kept = align.merged(kept + lead)
        notes.append(f"kept {len(lead)} line{'s' * (len(lead) != 1)} of prose above trafilatura's main content as its lead")
    if not found_content:
        notes.append("trafilatura found no main content")
    language = None
    if found_content and stoplists is not None:
        # The line model decides the language in text mode; here it stays off
        # (Page.context), so the kept text's language is decided the same way.
        lines = [line for start, end in kept for line in view[start:end].splitlines()]
        language = language_module.detect(
            lines, stoplists, config.language_min_words, config.language_min_tokens, config.language_confident_share
        ).name
    verdict_findings = Findings(tuple(removals(view, kept, found_content)), notes=tuple(notes), language=language)
    return Page(view, verdict_findings, found_content)


def _judge(tree, config: Config, fast: bool):
    return main_content(tree, config.html_focus, config.html_comments, config.html_tables, fast)


def _thin(verdict, view: str, config: Config) -> bool:
    """Whether a fast verdict kept so little that the thorough one is worth its time."""
    chars = sum(len(piece) for paragraph in verdict.body + verdict.comments for piece in paragraph)
    return chars < config.html_thorough_below_chars and chars < config.html_thorough_below_share * len(view)


def lead_lines(view: str, kept: list[tuple[int, int]], config: Config) -> list[tuple[int, int]]:
    """Lines of prose just above the first kept span: the article's lead.

    trafilatura often leaves out the standfirst under a headline (it sits in
    its own "teaser" or "intro" box, outside the article's element). Lines
    above the main content that read as full sentences are kept, looking up
    past at most `config.html_lead_gap_lines` other lines in a row (a date,
    a byline, a photo credit between lead and article). The rules and the
    line model still judge them afterwards.
    """
    if not kept:
        return []
    found: list[tuple[int, int]] = []
    end = view.rfind("\n", 0, kept[0][0]) + 1
    misses = 0
    while end > 0 and misses <= config.html_lead_gap_lines:
        start = view.rfind("\n", 0, end - 1) + 1
        line = view[start:end].strip()
        if line:
            if textstats.is_prose(line, config.prose_min_words):
                found.append((start, end))
                misses = 0
            else:
                misses += 1
        end = start
    return found


def removals(view: str, kept: list[tuple[int, int]], found_content: bool) -> list[Removal]:
    """Everything of the view outside the kept spans, in whole lines where
    a gap takes whole lines, so the text keeps its line breaks.

    Priority BROAD: trafilatura judges the page as a whole, as the line model
    does. Any named rule that covers the same text is credited instead (a
    more specific reason), and the over-pruning guard may roll the verdict
    back, when trafilatura would leave almost nothing (a page it found no
    main content on, or an article it missed).
    """
    found: list[Removal] = []
    position = 0
    for start, end in kept + [(len(view), len(view))]:
        if view[position:start].strip():
            found.append(_gap_removal(view, position, start, found_content))
        position = end
    return found


def _gap_removal(view: str, gap_start: int, gap_end: int, found_content: bool) -> Removal:
    text = view[gap_start:gap_end]
    first = gap_start + len(text) - len(text.lstrip())
    last = gap_end - (len(text) - len(text.rstrip()))
    line_start = view.rfind("\n", 0, first) + 1
    line_end = view.find("\n", last)
    line_end = len(view) if line_end < 0 else line_end
    whole_start = not view[line_start:first].strip()
    whole_end = not view[last:line_end].strip()
    if whole_start and whole_end:
        start, end = line_start, min(len(view), line_end + 1)
    elif whole_start:
        start, end = line_start, _after_spaces(view, last)
    elif whole_end:
        start, end = _before_spaces(view, first), line_end
    else:
        start, end = first, _after_spaces(view, last)
    lines = view.count("\n", start, end) + (not whole_end)
    if not found_content:
        return Removal(start, end, "TF003", "boilerplate.no-main-content", "boilerplate", _ORIGIN,
                       "trafilatura found no main content on this page", Priority.BROAD)
    if whole_start and whole_end:
        return Removal(start, end, "TF001", "boilerplate.outside-main-content", "boilerplate", _ORIGIN,
                       f"outside trafilatura's main content ({lines} line{'s' * (lines != 1)})", Priority.BROAD)
    return Removal(start, end, "TF002", "boilerplate.dropped-inline", "boilerplate", _ORIGIN,
                   "trafilatura dropped this part of a line it otherwise kept", Priority.BROAD)


def _after_spaces(view: str, position: int) -> int:
    while position < len(view) and view[position] in " \t\u00a0":
        position += 1
    return position


def _before_spaces(view: str, position: int) -> int:
    while position > 0 and view[position - 1] in " \t\u00a0":
        position -= 1
    return position
