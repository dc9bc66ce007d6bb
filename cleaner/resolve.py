"""Turn overlapping candidate removals into one sorted, non-overlapping set.

Three steps, all deterministic:
1. Protected spans (protect rules) are cut out of every candidate, and a
   repeat whose original is itself removed is dropped.
2. Each character still covered is credited to the best candidate covering
   it: highest priority, then earliest start, then longest, then rule id.
   Neighbouring characters credited to the same candidate form one removal.
3. The guard: if what is left would be a sliver of the page, the broad
   candidates (whole-page verdicts, boilerplate runs) are rolled back and
   only the named ones stand. The guard says so in its note.
"""

from __future__ import annotations

import bisect
import heapq
from dataclasses import replace
from typing import Iterable, NamedTuple

from .config import Config
from .removal import Priority, Removal


class Resolution(NamedTuple):
    removals: tuple[Removal, ...]
    guard: str | None = None  # why the guard rolled back, when it did


def resolve(
    text: str,
    candidates: Iterable[Removal],
    protected: Iterable[tuple[int, int]],
    config: Config,
) -> Resolution:
    candidates = list(_unprotected(candidates, sorted(protected)))
    removals = paint(candidates)
    orphaned = {c for c in candidates if c.requires_kept and _mostly_removed(text, c.requires_kept, removals)}
    if orphaned:
        candidates = [c for c in candidates if c not in orphaned]
        removals = paint(candidates)
    kept, visible = _visible_kept(text, removals)
    if visible and kept < config.guard_min_kept_chars and kept < config.guard_min_kept_share * visible:
        named = [c for c in candidates if c.priority > Priority.BROAD]
        rolled_back = sorted({c.rule for c in candidates if c.priority == Priority.BROAD})
        if rolled_back:
            removals = paint(named)
            return Resolution(
                removals,
                f"would have kept only {kept} of {visible} visible characters; "
                f"rolled back the broad removals of {', '.join(rolled_back)}",
            )
    return Resolution(removals)


def paint(candidates: Iterable[Removal]) -> tuple[Removal, ...]:
    """Credit every covered character to its best candidate; merge runs."""
    ordered = sorted(candidates, key=lambda c: (c.start, _rank(c)))
    boundaries = sorted({p for c in ordered for p in (c.start, c.end)})
    runs: list[list] = []  # [candidate credited, start, end]: made into removals once whole
    active: list[tuple[tuple, int, Removal]] = []  # heap of (rank, serial, candidate)
    next_candidate = 0
    for left, right in zip(boundaries, boundaries[1:]):
        while next_candidate < len(ordered) and ordered[next_candidate].start <= left:
            candidate = ordered[next_candidate]
            heapq.heappush(active, (_rank(candidate), next_candidate, candidate))
            next_candidate += 1
        while active and active[0][2].end <= left:
            heapq.heappop(active)
        if not active:
            continue
        owner = active[0][2]
        last = runs[-1] if runs else None
        if last is not None and last[2] == left and _same_reason(last[0], owner):
            last[2] = right
        else:
            runs.append([owner, left, right])
    # The condition has been weighed by now; the resolved removal is unconditional.
    # Most candidates come through whole, and are their own resolved removal.
    return tuple(
        owner
        if owner.start == start and owner.end == end and owner.requires_kept is None
        else replace(owner, start=start, end=end, requires_kept=None)
        for owner, start, end in runs
    )


def _rank(candidate: Removal) -> tuple:
    return (-candidate.priority, candidate.start, -(candidate.end - candidate.start), candidate.rule)


def _same_reason(a: Removal, b: Removal) -> bool:
    return (a.rule, a.reason, a.priority) == (b.rule, b.reason, b.priority)


def _unprotected(candidates: Iterable[Removal], protected: list[tuple[int, int]]) -> Iterable[Removal]:
    """Each candidate with the protected spans cut out of it."""
    for candidate in candidates:
        start = candidate.start
        for p_start, p_end in protected:
            if p_end <= start or p_start >= candidate.end:
                continue
            if p_start > start:
                yield replace(candidate, start=start, end=p_start)
            start = max(start, p_end)
            if start >= candidate.end:
                break
        if start < candidate.end:
            yield replace(candidate, start=start) if start != candidate.start else candidate


def _mostly_removed(text: str, span: tuple[int, int], removals: tuple[Removal, ...]) -> bool:
    """Whether removals cover at least half of the visible characters of `span`."""
    start, end = span
    visible = (end - start) - _whitespace(text[start:end])
    covered = 0
    # Removals are sorted and disjoint, so their ends are sorted too: start
    # at the first that ends inside the span, not at the document's first
    # (a long document has thousands, asked about for each such span).
    for removal in removals[bisect.bisect_right(removals, start, key=lambda r: r.end) :]:
        if removal.start >= end:
            break
        low, high = max(start, removal.start), min(end, removal.end)
        covered += (high - low) - _whitespace(text[low:high])
    return visible > 0 and 2 * covered >= visible


def _visible_kept(text: str, removals: tuple[Removal, ...]) -> tuple[int, int]:
    """(visible characters kept, visible characters in all): whitespace does not count."""
    visible = len(text) - _whitespace(text)
    removed = sum((r.end - r.start) - _whitespace(text[r.start : r.end]) for r in removals)
    return visible - removed, visible


def _whitespace(text: str) -> int:
    return len(text) - len("".join(text.split()))
