"""A unified diff of a document against its clean text, built from its removals.

The removals say exactly which characters went, so the diff is computed from
them rather than guessed by a sequence matcher: every changed line is one a
removal touched, and each hunk header names the rules that removed its lines
(in the place where `diff -p` puts a function name, which `patch` ignores).
The output is an ordinary unified diff: `patch` applies it to the input.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .termfmt import Painter

CONTEXT_LINES = 3  # as `diff -u`
_NO_NEWLINE = "\\ No newline at end of file\n"


@dataclass(frozen=True)
class _Change:
    """Input lines first..last (inclusive) become the clean lines `kept`."""

    first: int
    last: int
    kept: tuple[str, ...]
    rules: tuple[str, ...]  # "ID name" of each removal touching them, in order


def unified(label: str, original: str, removals: Sequence[dict], paint: Painter = Painter(False), context: int = CONTEXT_LINES) -> str:
    """The diff of `original` against it with `removals` deleted ('' when none)."""
    lines = split_lines(original)
    changes = _changes(original, lines, sorted(removals, key=lambda r: r["start"]))
    if not changes:
        return ""
    out = [paint(f"--- {label}\tinput", "bold") + "\n", paint(f"+++ {label}\tclean", "bold") + "\n"]
    shift = 0  # clean lines minus input lines, over the hunks so far
    for hunk in _hunks(changes, context):
        first, last = max(0, hunk[0].first - context), min(len(lines) - 1, hunk[-1].last + context)
        old_count = last - first + 1
        growth = sum(len(c.kept) - (c.last - c.first + 1) for c in hunk)
        rules = ", ".join(dict.fromkeys(rule for change in hunk for rule in change.rules))
        header = f"@@ -{_range(first, old_count)} +{_range(first + shift, old_count + growth)} @@"
        out.append(paint(header, "cyan") + " " + paint(rules, "yellow") + "\n")
        shift += growth
        position = first
        for change in hunk:
            out += [_line(" ", lines[i], paint) for i in range(position, change.first)]
            out += [_line("-", lines[i], paint, "red") for i in range(change.first, change.last + 1)]
            out += [_line("+", line, paint, "green") for line in change.kept]
            position = change.last + 1
        out += [_line(" ", lines[i], paint) for i in range(position, last + 1)]
    return "".join(out)


def split_lines(text: str) -> list[str]:
    """Lines with their "\\n", split on "\\n" only (str.splitlines also splits
    on form feeds and Unicode separators, which the cleaner keeps in a line)."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


def _changes(original: str, lines: list[str], removals: list[dict]) -> list[_Change]:
    """Runs of input lines that removals touch, each with what is left of it.

    A run ends only where what is left of it ends a line, so that its clean
    replacement is whole lines: a removal that takes a line's newline joins it
    to the next line, which then belongs to the same run.
    """
    changes: list[_Change] = []
    k = 0  # the first removal that does not end before the current line
    start = 0
    first, left, rules = -1, "", []  # the open run: its first line, what is left of it, its rules
    for index, line in enumerate(lines):
        stop = start + len(line)
        while k < len(removals) and removals[k]["end"] <= start:
            k += 1
        touching = []
        while k + len(touching) < len(removals) and removals[k + len(touching)]["start"] < stop:
            touching.append(removals[k + len(touching)])
        if touching or first >= 0:
            position = start
            for removal in touching:
                left += original[position : max(position, removal["start"])]
                position = max(position, min(stop, removal["end"]))
            left += original[position:stop]
            first = index if first < 0 else first
            rules += [f"{r['rule']} {r['name']}" for r in touching]
            if not left or left.endswith("\n") or index == len(lines) - 1:
                changes.append(_Change(first, index, tuple(split_lines(left)), tuple(rules)))
                first, left, rules = -1, "", []
        start = stop
    return changes


def _hunks(changes: list[_Change], context: int) -> list[list[_Change]]:
    """Changes grouped as `diff -u` groups them: when their context would touch."""
    hunks = [[changes[0]]]
    for change in changes[1:]:
        if change.first - hunks[-1][-1].last - 1 <= 2 * context:
            hunks[-1].append(change)
        else:
            hunks.append([change])
    return hunks


def _range(first: int, count: int) -> str:
    """A unified diff's line range: 1-based start, count omitted when 1, the
    line before when empty."""
    if count == 1:
        return str(first + 1)
    return f"{first + 1 if count else first},{count}"


def _line(mark: str, line: str, paint: Painter, style: str | None = None) -> str:
    body = line[:-1] if line.endswith("\n") else line
    text = paint(mark + body, style) if style else mark + body
    return text + "\n" if line.endswith("\n") else text + "\n" + _NO_NEWLINE
