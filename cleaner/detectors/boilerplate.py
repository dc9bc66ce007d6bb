"""The whole-page verdict: which lines are outside the article.

Runs after the rule and repeat detectors, because what they found is part
of the evidence (a line among removed chrome is likely chrome). Each line
gets the line model's probability of being article text; lines below the
threshold go, grouped into runs so the log reads as a reviewer thinks:
"menu run: 14 short lines, 3% stopwords", with the features that decided.
"""

from __future__ import annotations

from typing import NamedTuple

from .. import language as language_module
from .. import unwrap
from ..linefeatures import SHORT_MAX_WORDS, Page, features
from ..removal import Priority, Removal
from ..segment import Document, Line
from .base import Context, Findings

_ORIGIN = "cleaner.detectors.boilerplate"


class Verdicts(NamedTuple):
    """The model's view of a page: its lines (each one or more physical lines,
    see cleaner.unwrap) and their probabilities."""

    language: language_module.Language
    lines: tuple[tuple[Line, ...], ...]
    vectors: tuple[list[float], ...]
    contexts: tuple[list[float], ...]  # what the model's second stage saw
    probabilities: tuple[float, ...]
    ruled: tuple[bool, ...]


def model_inputs(
    doc: Document, removals, context: Context
) -> tuple[language_module.Language, list[tuple[Line, ...]], Page]:
    """The page's language, its lines (a hard-wrapped paragraph is one), and
    what the line model sees of them. Shared with the training tool, so both
    see the same."""
    lines = unwrap.logical_lines(doc, [line for line in doc.lines if not line.blank])
    contents = [" ".join(doc.content(part) for part in line) for line in lines]
    parts = [part for line in lines for part in line]
    covered = dict(zip((part.index for part in parts), _covered(parts, removals)))
    config = context.config
    language = language_module.detect(
        contents,
        context.stoplists,
        config.language_min_words,
        config.language_min_tokens,
        config.language_confident_share,
    )
    page = Page(
        contents=contents,
        ruled=[all(covered[part.index] for part in line) for line in lines],
        blocks=[line[0].block for line in lines],
        bullets=[doc.text[line[0].start : line[0].content_start].strip(" \t") != "" for line in lines],
        stopwords=language.stopwords,
    )
    return language, lines, page


def judge(doc: Document, removals, context: Context) -> Verdicts:
    language, lines, page = model_inputs(doc, removals, context)
    vectors = features(page, context.line_model.vocabulary)
    contexts, probabilities = context.line_model.judge(vectors)
    return Verdicts(language, tuple(lines), tuple(vectors), tuple(contexts), tuple(probabilities), tuple(page.ruled))


def detect(doc: Document, context: Context, earlier: list[Findings]) -> Findings:
    if not context.heuristics or context.line_model is None:
        return Findings()
    removals = [r for f in earlier for r in f.removals]
    verdicts = judge(doc, removals, context)
    threshold = context.config.line_model_threshold
    found: list[Removal] = []
    run: list[int] = []
    for i, (p, ruled) in enumerate(zip(verdicts.probabilities, verdicts.ruled)):
        if p < threshold and not ruled:
            run.append(i)
            continue
        if ruled and run:
            continue  # a line a rule removes does not break a run of junk
        if run:
            found.append(_run_removal(doc, verdicts, run, context))
            run = []
    if run:
        found.append(_run_removal(doc, verdicts, run, context))
    return Findings(tuple(found), language=verdicts.language.name)


def _run_removal(doc: Document, verdicts: Verdicts, run: list[int], context: Context) -> Removal:
    lines = [verdicts.lines[i] for i in run]
    contents = [" ".join(doc.content(part) for part in line) for line in lines]
    words = [len(c.split()) for c in contents]
    short = sum(1 for w in words if w <= SHORT_MAX_WORDS + 2)
    highest = max(verdicts.probabilities[i] for i in run)
    strongest = context.line_model.strongest(_mean(verdicts.vectors, run), _mean(verdicts.contexts, run))
    why = ", ".join(strongest)
    stop_share = _stopword_share(contents, verdicts.language.stopwords)
    if len(run) > 1 and short * 5 >= len(run) * 3:
        rule, name, category = "BP001", "page-chrome.menu-run", "page-chrome"
        summary = f"menu run: {len(run)} short lines, {stop_share:.0%} stopwords"
    elif len(run) == 1 and short:
        rule, name, category = "BP002", "page-chrome.stray-label", "page-chrome"
        summary = f"stray label: {words[0]} word{'s' * (words[0] != 1)} outside the article's prose"
    else:
        rule, name, category = "BP003", "boilerplate.outside-article", "boilerplate"
        summary = f"outside the article: {len(run)} line{'s' * (len(run) > 1)}, {stop_share:.0%} stopwords"
    reason = f"{summary}; line model p{'≤' if len(run) > 1 else '='}{highest:.2f} ({why})"
    return Removal(lines[0][0].start, lines[-1][-1].stop, rule, name, category, _ORIGIN, reason, Priority.BROAD)


def _mean(vectors: tuple[list[float], ...], run: list[int]) -> list[float]:
    chosen = [vectors[i] for i in run]
    return [sum(column) / len(chosen) for column in zip(*chosen)]


def _stopword_share(contents: list[str], stopwords: frozenset[str]) -> float:
    words = [w.casefold() for c in contents for w in c.split()]
    return sum(1 for w in words if w in stopwords) / len(words) if words else 0.0


def _covered(lines: list[Line], removals) -> list[bool]:
    """Whether the words of each line fall inside an earlier removal."""
    spans = sorted((r.start, r.end) for r in removals)
    covered, j = [], 0
    for line in lines:
        while j < len(spans) and spans[j][1] <= line.content_start:
            j += 1
        k, position = j, line.content_start
        while k < len(spans) and spans[k][0] <= position < line.content_end:
            position = max(position, spans[k][1])
            k += 1
        covered.append(position >= line.content_end)
    return covered
