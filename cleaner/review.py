"""`cleaner review`: every removed span of an audit log, in its context.

Each span is shown with its document, line, offsets, rule, category and
reason, between the nearest non-blank line before and after it in the
input (a blank neighbour says nothing about where the span sat). Filters on
rule, category and document combine; a sample draws N spans per rule at
random, reproducibly, which is how a reviewer estimates a rule's precision
on a corpus too big to read.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Iterable, Iterator

from .audited import Document, matches
from .diff import split_lines
from .termfmt import Painter, visible

# Lines of a long span shown by default: a related-posts section or a run of
# menu lines can be dozens of lines, and its head and tail tell what it is.
MAX_SPAN_LINES = 12


@dataclass(frozen=True)
class Selection:
    """Which spans to show. Each filter given must hold; within a filter, any
    value may: rules by id or name prefix (as --select), categories exactly,
    documents by glob pattern."""

    rules: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    docs: tuple[str, ...] = ()

    def wants_document(self, name: str) -> bool:
        return matches(name, self.docs)

    def wants(self, removal: dict) -> bool:
        rule_ok = not self.rules or any(removal["rule"].startswith(p) or removal["name"].startswith(p) for p in self.rules)
        return rule_ok and (not self.categories or removal["category"] in self.categories)

    @property
    def filters_spans(self) -> bool:
        return bool(self.rules or self.categories)


def spans(documents: Iterable[Document], selection: Selection) -> Iterator[tuple[Document, dict]]:
    """(document, removal) for every selected span, in log order."""
    for document in documents:
        for removal in document.removals:
            if selection.wants(removal):
                yield document, removal


def sample(found: Iterable[tuple[Document, dict]], size: int, seed: int) -> dict[str, list[tuple[Document, dict]]]:
    """Up to `size` spans of each rule, drawn uniformly (reservoir sampling,
    one pass, memory for `size` spans a rule), in log order within a rule.

    Each rule draws from its own generator seeded with (seed, rule id), so a
    rule's sample does not change when other rules are filtered out.
    """
    reservoirs: dict[str, list[tuple[int, Document, dict]]] = {}
    seen: dict[str, int] = {}
    generators: dict[str, random.Random] = {}
    for position, (document, removal) in enumerate(found):
        rule = removal["rule"]
        count = seen.get(rule, 0)
        seen[rule] = count + 1
        reservoir = reservoirs.setdefault(rule, [])
        if count < size:
            reservoir.append((position, document, removal))
            continue
        generator = generators.setdefault(rule, random.Random(f"{seed}/{rule}"))
        slot = generator.randrange(count + 1)
        if slot < size:
            reservoir[slot] = (position, document, removal)
    return {rule: [(d, r) for _, d, r in sorted(reservoirs[rule], key=lambda item: item[0])] for rule in sorted(reservoirs)}


def sample_heading(rule: str, chosen: list[tuple[Document, dict]], total: int, seed: int, paint: Painter) -> str:
    name = chosen[0][1]["name"] if chosen else ""
    return paint(f"== {rule} {name}: {len(chosen)} of {total} span{'s' * (total != 1)} (seed {seed}) ==", "bold") + "\n\n"


def render(document: Document, removal: dict, paint: Painter, max_lines: int = MAX_SPAN_LINES) -> str:
    """One span: a heading line, its reason, then the span between its context lines."""
    start, end = removal["start"], removal["end"]
    original = document.original
    line = original.count("\n", 0, start) + 1 if original is not None else None
    where = f"line {line}, chars {start}-{end}" if line else f"chars {start}-{end}"
    heading = (
        paint(visible(document.name), "bold")
        + f"  {where}  "
        + paint(f"{removal['rule']} {removal['name']}", "yellow")
        + f"  [{removal['category']}]  {removal['origin']}\n"
    )
    out = [heading, paint(f"  why: {removal['reason']}", "dim") + "\n"]
    if original is None:
        out += _marked(removal["text"], "", "", paint, max_lines)
    else:
        line_start = original.rfind("\n", 0, start) + 1
        line_stop = end if end and original[end - 1] == "\n" else _line_stop(original, end)
        before = _neighbour_before(original, line_start)
        after = _neighbour_after(original, line_stop)
        if before is not None:
            out.append(_context(before, paint))
        out += _marked(removal["text"], original[line_start:start], original[end:line_stop], paint, max_lines)
        if after is not None:
            out.append(_context(after, paint))
    return "".join(out) + "\n"


def _marked(removed: str, head: str, tail: str, paint: Painter, max_lines: int) -> list[str]:
    """The lines a span covers, marked "-" when it takes them whole and "~"
    when it takes part of them (the part shown as [-…-], struck in colour).
    Control characters are shown, as everywhere review prints page text."""
    removed, head, tail = visible(removed), visible(head), visible(tail)
    if not head and not tail:
        # A span of blank lines alone would show nothing: mark its line ends.
        blank = not removed.strip()
        lines = [paint("- " + line.rstrip("\n") + "⏎" * blank, "red") + "\n" for line in split_lines(removed)]
        return _shortened(lines, max_lines, paint)
    struck = paint(removed, "red", "strike") if paint.enabled else f"[-{removed}-]"
    lines = ["~ " + line.rstrip("\n") + "\n" for line in split_lines(head + struck + tail)]
    return _shortened(lines, max_lines, paint)


def _shortened(lines: list[str], max_lines: int, paint: Painter) -> list[str]:
    if not max_lines or len(lines) <= max_lines + 1:  # hiding one line saves nothing
        return lines
    keep_head = (max_lines + 1) // 2
    keep_tail = max_lines - keep_head
    hidden = len(lines) - max_lines
    note = paint(f"  … {hidden} more line{'s' * (hidden != 1)} …", "dim") + "\n"
    return lines[:keep_head] + [note] + (lines[-keep_tail:] if keep_tail else [])


def _context(text: str, paint: Painter) -> str:
    return paint("  " + visible(text), "dim") + "\n"


def _line_stop(text: str, position: int) -> int:
    newline = text.find("\n", position)
    return len(text) if newline < 0 else newline + 1


def _neighbour_before(text: str, line_start: int) -> str | None:
    """The nearest non-blank line ending before `line_start`."""
    stop = line_start - 1
    while stop > 0:
        start = text.rfind("\n", 0, stop) + 1
        if text[start:stop].strip():
            return text[start:stop]
        stop = start - 1
    return None


def _neighbour_after(text: str, line_stop: int) -> str | None:
    """The nearest non-blank line starting at or after `line_stop`."""
    start = line_stop
    while start < len(text):
        stop = _line_stop(text, start)
        if text[start:stop].strip():
            return text[start:stop].rstrip("\n")
        start = stop
    return None
