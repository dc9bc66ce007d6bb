"""The pure core: text in, clean text and its removals out.

    segment -> detectors -> resolve -> apply

No I/O, no globals, nothing carried from one document to the next: the same
text and context always give the same result.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterable, Iterator, NamedTuple

from . import contextcache
from . import markdown as markdown_module
from . import ruleset as ruleset_module
from . import sentences
from .apply import TIDY_RULE, apply
from .config import DEFAULT, Config
from .detectors import DETECTORS, WHOLE_PAGE
from .detectors.base import Context, Findings
from .language import Stoplists
from .linemodel import load as load_line_model
from .offsets import KeptMap
from .removal import Removal
from .resolve import paint, resolve
from .trafilatura_adapter import share_filter, share_filter_source


class Cleaned(NamedTuple):
    text: str  # the decoded input (for HTML: its text view)
    output: str
    removals: tuple[Removal, ...]
    guard: str | None  # why the over-pruning guard fired, if it did
    notes: tuple[str, ...]  # anything a reviewer should know, e.g. a timed-out pattern
    language: str  # the page's language as jusText names it, "" when unknown


def make_context(
    rule_dirs: Iterable[Path] = (),
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    config: Config = DEFAULT,
    heuristics: bool = True,
) -> Context:
    """Load and compile everything once per process, or take what an earlier
    process built from the same inputs (cleaner.contextcache)."""
    rule_dirs, select, ignore = tuple(Path(d) for d in rule_dirs), tuple(select), tuple(ignore)
    stoplists = Stoplists.from_justext() if heuristics else None
    inputs = [
        *Path(__file__).parent.rglob("*.py"),  # the classes being pickled, and how they are built
        *ruleset_module.default_rules_dir().glob("*.*"),  # the rule pack and the line model
        *(f for d in rule_dirs for f in ([d] if d.is_file() else sorted(d.glob("*.toml")))),
    ]
    if stoplists is not None:
        inputs.append(share_filter_source())
        inputs += stoplists.common_files()  # read ahead into the context
    settings = (rule_dirs, select, ignore, config, heuristics, stoplists and stoplists.directory)
    return contextcache.load_or_build(
        contextcache.key(inputs, settings), lambda: _build_context(rule_dirs, select, ignore, config, stoplists)
    )


def _build_context(
    rule_dirs: tuple[Path, ...], select: tuple[str, ...], ignore: tuple[str, ...], config: Config, stoplists: Stoplists | None
) -> Context:
    """Everything compiled and read now, since the result is kept for other processes."""
    rules = ruleset_module.load(rule_dirs)
    if select:
        rules = rules.only(select)
    if ignore:
        rules = rules.without(ignore)
    rules.prepare()
    if stoplists is None:
        context = Context(rules, config, heuristics=False)
    else:
        stoplists.read_common()
        context = Context(rules, config, share_filter(), stoplists, load_line_model())
    context.digest  # stamped into every audit header
    return context


class CleanedPart(NamedTuple):
    """What cleaning one part of a long text adds to the whole: its removals
    (offsets within the part, blank lines not tidied) and what its header
    would say. Not its text nor its output: the whole has both, and from a
    worker process they would travel back only to be dropped."""

    removals: tuple[Removal, ...]
    guard: str | None
    notes: tuple[str, ...]
    language: str


# Cleans the parts of a long text, each as clean_part would, results in order:
# the caller may hand them to worker processes. It is given the parts' texts
# one at a time, as it takes them, and how many there are.
PartsCleaner = Callable[[Iterator[str], int], Iterable[CleanedPart]]


def clean(text: str, context: Context, extra: Iterable[Findings] = (), clean_parts: PartsCleaner | None = None) -> Cleaned:
    """Clean one document until cleaning it again would change nothing.

    A removal changes the page the detectors see (a heading loses the menu
    it stood in), so one pass can leave lines that a second pass would take.
    Passes repeat on their own output until one removes nothing, so that
    cleaning clean text is a no-op; each pass's removals are mapped back
    onto the input, so the log still rebuilds it exactly.

    `extra` carries findings made outside the text (an HTML extractor's
    verdict on the page this text was rendered from). They are a pass of
    their own, before the detectors run: the detectors then judge the text
    the extractor kept, as they would judge an article saved as text (a
    title that only repeats the page's <title> is the article's own, a
    teaser list is judged against the article's prose, not the site's
    menus), and they only spend time on that text.

    A text with Markdown links is judged by its words and cleaned as
    Markdown (see cleaner.markdown). A text longer than
    `config.part_max_chars` is cleaned in parts (see `_clean_in_parts`), by
    `clean_parts` when given; cleaning its output again may then remove more.
    """
    extra = tuple(extra)
    if extra:
        return _clean_page(text, context, extra)
    markdown = markdown_module.read(text, context.config.markdown_min_links)
    if markdown is not None:
        return _clean_markdown(markdown, context, clean_parts)
    return _clean_text(text, context, clean_parts)


def _clean_text(text: str, context: Context, clean_parts: PartsCleaner | None) -> Cleaned:
    if len(text) > context.config.part_max_chars:
        return _clean_in_parts(text, context, clean_parts)
    return _clean_page(text, context, ())


def clean_part(text: str, context: Context) -> CleanedPart:
    """One part of a long text, cleaned as a page of its own."""
    cleaned = _clean_page(text, context, ())
    # The blank lines are tidied over the whole text, where the parts join.
    removals = tuple(r for r in cleaned.removals if r.rule != TIDY_RULE)
    return CleanedPart(removals, cleaned.guard, cleaned.notes, cleaned.language)


def _clean_markdown(markdown: markdown_module.Markdown, context: Context, clean_parts: PartsCleaner | None) -> Cleaned:
    """A Markdown text cleaned through its view, then again on its own output
    until a pass removes nothing. The output reads differently from the input
    (a link whose words went leaves its bare brackets; a text that lost its
    links no longer reads as Markdown at all), so each pass reads it afresh,
    as cleaning the output again would."""
    result = _onto_markdown(markdown, _clean_text(markdown.view, context, clean_parts), context)
    for _ in range(context.config.max_passes - 1):
        again_markdown = markdown_module.read(result.output, context.config.markdown_min_links)
        if again_markdown is None:
            again = _clean_text(result.output, context, clean_parts)
        else:
            again = _onto_markdown(again_markdown, _clean_text(again_markdown.view, context, clean_parts), context)
        if not again.removals:
            return result
        result = _compose(result, again)
    return result._replace(notes=result.notes + (_unsettled(context),))


def _onto_markdown(markdown: markdown_module.Markdown, view: Cleaned, context: Context) -> Cleaned:
    """The cleaning of a Markdown text's view, as removals from the Markdown
    (blank lines tidied there, as the view's were)."""
    removals = paint(filter(None, (markdown.onto_text(r) for r in view.removals if r.rule != TIDY_RULE)))
    applied = apply(markdown.text, paint(removals + tuple(markdown.stranded(removals))), context.config)
    note = "read as Markdown: judged by its words, without link targets, images and emphasis marks"
    return Cleaned(markdown.text, applied.text, applied.removals, view.guard, (note, *view.notes), view.language)


def _clean_page(text: str, context: Context, extra: tuple[Findings, ...]) -> Cleaned:
    result = _resolved(text, extra, context) if extra else clean_once(text, context)
    for _ in range(context.config.max_passes - 1):
        again = clean_once(result.output, context)
        if not again.removals:
            return result
        result = _compose(result, again)
    return result._replace(notes=result.notes + (_unsettled(context),))


def _unsettled(context: Context) -> str:
    return f"still changing after {context.config.max_passes} passes; cleaning the output again may remove more"


def _clean_in_parts(text: str, context: Context, clean_parts: PartsCleaner | None) -> Cleaned:
    """A text too long to be one page (config.part_max_chars), cleaned part
    by part; the blank lines are then tidied over the whole, so the parts
    join as their paragraphs did."""
    removals: list[Removal] = []
    notes: list[str] = []
    guards: list[str] = []
    languages: Counter[str] = Counter()
    parts = _parts(text, context.config)
    # Memory stays near the whole text's own: each part is cut from it only
    # when it is taken, and each part's result dropped once merged.
    texts = (text[offset:end] for offset, end in parts)
    cleaned = clean_parts(texts, len(parts)) if clean_parts else (clean_part(part, context) for part in texts)
    for number, ((offset, end), part) in enumerate(zip(parts, cleaned), 1):
        removals += (replace(r, start=r.start + offset, end=r.end + offset) for r in part.removals)
        notes += (f"part {number}: {note}" for note in part.notes)
        guards += [f"part {number}: {part.guard}"] if part.guard else []
        languages[part.language] += end - offset
    applied = apply(text, tuple(removals), context.config)
    summary = (
        f"cleaned in {len(parts)} parts each judged as a page"
        f" (a part ends after a copyright line, or at about {context.config.part_max_chars} characters)"
    )
    language = languages.most_common(1)[0][0]
    return Cleaned(text, applied.text, applied.removals, "; ".join(guards) or None, (summary, *notes), language)


def _parts(text: str, config: Config) -> list[tuple[int, int]]:
    """(start, end) of runs of whole paragraphs, each ending where a saved
    page seems to (config.part_page_end) once it has config.part_min_chars,
    or else near config.part_max_chars (see `_cut_after`)."""
    size, smallest = config.part_max_chars, config.part_min_chars
    page_ends = (_paragraph_end(text, line.end()) for line in re.finditer(config.part_page_end, text))
    # A page end leaving less than a part's least behind it is no place to cut.
    page_ends = (end for end in page_ends if len(text) - end >= smallest)
    page_end = next(page_ends, None)
    parts, start = [], 0
    while start < len(text):
        while page_end is not None and page_end - start < smallest:
            page_end = next(page_ends, None)
        if page_end is not None and page_end - start <= size:
            end = page_end
        elif len(text) - start > size:
            end = _cut_after(text, start + size, size)
        else:
            end = len(text)
        parts.append((start, end))
        start = end
    return parts


def _cut_after(text: str, position: int, within: int) -> int:
    """Where a part cut at `position` ends: just past the first blank line
    in the `within` characters from there, else the first line break there,
    else the first sentence's end there (a text whose line breaks were
    lost); if there is none of them, as `_paragraph_end` says."""
    end = position + within
    return (
        text.find("\n\n", position, end) + 1
        or text.find("\n", position, end) + 1
        or sentences.break_after(text, position, end)
        or _paragraph_end(text, position)
    )


def _paragraph_end(text: str, position: int) -> int:
    """Just past the first blank line from `position` on (a line break, if
    there is no blank line; the end of the text, if there is neither)."""
    return text.find("\n\n", position) + 1 or text.find("\n", position) + 1 or len(text)


SENTENCE_NOTE = (
    "most of the text stands on lines of over {} characters, as if its line breaks were lost:"
    " read a sentence to a line (cleaner.sentences)"
)


def clean_once(text: str, context: Context) -> Cleaned:
    """One pass: every detector once, resolved and applied."""
    doc = sentences.segmented(text, context.config)
    findings = [detector(doc, context) for detector in DETECTORS]
    if doc.text != text:
        findings.append(Findings(notes=(SENTENCE_NOTE.format(context.config.sentence_lines_min_chars),)))
    findings.append(WHOLE_PAGE(doc, context, findings))
    return _resolved(text, findings, context)


def _resolved(text: str, findings: Iterable[Findings], context: Context) -> Cleaned:
    """Resolve the findings' removals (with the guard) and apply them."""
    findings = tuple(findings)
    resolution = resolve(
        text,
        (r for f in findings for r in f.removals),
        (p for f in findings for p in f.protected),
        context.config,
    )
    applied = apply(text, resolution.removals, context.config)
    notes = tuple(note for f in findings for note in f.notes)
    language = next((f.language for f in findings if f.language is not None), "")
    return Cleaned(text, applied.text, applied.removals, resolution.guard, notes, language)


def _compose(first: Cleaned, second: Cleaned) -> Cleaned:
    """`second` cleaned `first.output`: one result against `first.text`."""
    kept = KeptMap.complement(len(first.text), [(r.start, r.end) for r in first.removals])
    mapped = [
        replace(removal, start=start, end=end)
        for removal in second.removals
        for start, end in kept.to_original(removal.start, removal.end)
    ]
    return Cleaned(
        first.text,
        second.output,
        tuple(sorted(first.removals + tuple(mapped))),
        first.guard or second.guard,
        tuple(dict.fromkeys(first.notes + second.notes)),  # a later pass often notes the same again
        first.language or second.language,
    )
