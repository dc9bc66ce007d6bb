"""`cleaner stats`: what an audit log removed, per rule and per category.

For each rule and each category: spans, characters, documents touched, its
share of all removed characters, and one example (its first span in the
log). Rows are sorted by characters removed. Spans, characters and shares
add up to the totals; documents do not (one document is touched by many
rules), so the totals count documents on their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from .termfmt import snippet, table

EXAMPLE_CHARS = 60


@dataclass
class Tally:
    key: str
    name: str  # a rule's name; a category's own key
    category: str
    origin: str
    spans: int = 0
    chars: int = 0
    documents: int = 0
    example: str = ""
    example_doc: str = ""
    _last_document: int = field(default=-1, repr=False)

    def add(self, removal: dict, document_number: int) -> None:
        if not self.spans:
            self.example, self.example_doc = removal["text"], removal["doc"]
        self.spans += 1
        self.chars += removal["end"] - removal["start"]
        if document_number != self._last_document:
            self.documents += 1
            self._last_document = document_number


@dataclass
class Stats:
    documents: int = 0
    documents_touched: int = 0
    input_chars: int = 0
    spans: int = 0
    removed_chars: int = 0
    rules: dict[str, Tally] = field(default_factory=dict)
    categories: dict[str, Tally] = field(default_factory=dict)

    def add(self, header: dict, removals: Iterable[dict]) -> None:
        """Count one document of the log."""
        number = self.documents
        self.documents += 1
        self.input_chars += header["chars"]
        touched = False
        for removal in removals:
            touched = True
            self.spans += 1
            self.removed_chars += removal["end"] - removal["start"]
            rule = self.rules.get(removal["rule"])
            if rule is None:
                rule = self.rules[removal["rule"]] = Tally(removal["rule"], removal["name"], removal["category"], removal["origin"])
            rule.add(removal, number)
            category = self.categories.get(removal["category"])
            if category is None:
                category = self.categories[removal["category"]] = Tally(removal["category"], removal["category"], removal["category"], "")
            category.add(removal, number)
        self.documents_touched += touched

    @property
    def removed_share(self) -> float:
        """The share of all input characters that was removed."""
        return self.removed_chars / self.input_chars if self.input_chars else 0.0

    def share(self, tally: Tally) -> float:
        return tally.chars / self.removed_chars if self.removed_chars else 0.0

    def ranked(self, tallies: dict[str, Tally]) -> list[Tally]:
        """Most characters first; ties by spans, then key, so the order is stable."""
        return sorted(tallies.values(), key=lambda t: (-t.chars, -t.spans, t.key))


def collect(groups: Iterable[tuple[dict, list[dict]]]) -> Stats:
    stats = Stats()
    for header, removals in groups:
        stats.add(header, removals)
    return stats


def as_json(stats: Stats) -> dict:
    def row(tally: Tally, is_rule: bool) -> dict:
        item = {"rule": tally.key, "name": tally.name, "category": tally.category, "origin": tally.origin} if is_rule else {"category": tally.key}
        item.update(
            spans=tally.spans,
            chars=tally.chars,
            documents=tally.documents,
            share=round(stats.share(tally), 6),
            example={"doc": tally.example_doc, "text": tally.example},
        )
        return item

    return {
        "totals": {
            "documents": stats.documents,
            "documents_touched": stats.documents_touched,
            "input_chars": stats.input_chars,
            "spans": stats.spans,
            "removed_chars": stats.removed_chars,
            "removed_share": round(stats.removed_share, 6),
        },
        "rules": [row(t, True) for t in stats.ranked(stats.rules)],
        "categories": [row(t, False) for t in stats.ranked(stats.categories)],
    }


def as_text(stats: Stats) -> str:
    summary = (
        f"{stats.documents:,} document{'s' * (stats.documents != 1)}, {stats.documents_touched:,} with removals; "
        f"{stats.spans:,} spans removed {stats.removed_chars:,} of {stats.input_chars:,} characters ({stats.removed_share:.1%})\n"
    )
    numbers = frozenset({1, 2, 3, 4})

    def rows(tallies: list[Tally], is_rule: bool) -> list[list[object]]:
        return [
            ([f"{t.key} {t.name}"] if is_rule else [t.key])
            + [f"{t.spans:,}", f"{t.chars:,}", f"{t.documents:,}", f"{stats.share(t):.1%}", snippet(t.example, EXAMPLE_CHARS)]
            for t in tallies
        ]

    columns = ["spans", "chars", "docs", "share", "example"]
    total_row = ["total", f"{stats.spans:,}", f"{stats.removed_chars:,}", f"{stats.documents_touched:,}", "100.0%" if stats.spans else "0.0%", ""]
    return (
        summary
        + "\n"
        + table(["rule"] + columns, rows(stats.ranked(stats.rules), True) + [total_row], numbers)
        + "\n"
        + table(["category"] + columns, rows(stats.ranked(stats.categories), False) + [total_row], numbers)
    )
