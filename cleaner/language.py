"""Which language a page is in, and its stopwords, from jusText's stoplists.

jusText ships stoplists for about a hundred languages; they are read from
its installed package (not imported: only the files are needed). Reading
all of them costs ~90 ms, most of a shell loop's start-up budget, so the
languages common on the web are tried first and the rest are read only when
none of those fits the page.

The language is decided from the page's longer lines only: menus and
buttons ("Home", "Login", "Newsletter") are English on pages of every
language and would mislead the count.
"""

from __future__ import annotations

import importlib.util
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

_WORD = re.compile(r"\w+")

# Tried before all others, in this order: the languages of most web text
# (and of the dev set). Only an ordering for speed; every stoplist is still
# reachable when none of these fits.
COMMON = ("English", "German", "French", "Spanish", "Italian", "Portuguese", "Dutch", "Polish")


class Language(NamedTuple):
    name: str  # jusText's name for it, e.g. "German"; "" when unknown
    stopwords: frozenset[str]
    share: float  # share of the long lines' words that are its stopwords


UNKNOWN = Language("", frozenset(), 0.0)


@dataclass
class Stoplists:
    """jusText's stoplists, each read on first use and kept for the process.

    The memo only saves re-reading files; the same page always gets the
    same answer.
    """

    directory: Path | None
    _lists: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    @classmethod
    def from_justext(cls) -> Stoplists:
        spec = importlib.util.find_spec("justext")
        if spec is None or not spec.submodule_search_locations:
            return cls(None)
        return cls(Path(next(iter(spec.submodule_search_locations))) / "stoplists")

    @cached_property
    def names(self) -> tuple[str, ...]:
        """The languages with a stoplist, the common ones first (listed once:
        every page's language detection walks them)."""
        if self.directory is None or not self.directory.is_dir():
            return ()
        available = sorted(p.stem for p in self.directory.glob("*.txt"))
        return tuple(n for n in COMMON if n in available) + tuple(n for n in available if n not in COMMON)

    def common_files(self) -> list[Path]:
        """The files `read_common` reads."""
        if self.directory is None:
            return []
        return [self.directory / f"{name}.txt" for name in COMMON]

    def read_common(self) -> None:
        """Read the common languages' lists now, for a context kept between
        processes (cleaner.contextcache): every page's detection reads them all."""
        for name in self.names:
            if name in COMMON:
                self.get(name)

    def get(self, name: str) -> frozenset[str]:
        words = self._lists.get(name)
        if words is None:
            text = (self.directory / f"{name}.txt").read_text(encoding="utf-8")
            words = self._lists[name] = frozenset(text.casefold().split())
        return words


def detect(lines: list[str], stoplists: Stoplists, min_words: int, min_tokens: int, confident_share: float) -> Language:
    """The language whose stopwords make up the largest share of the page's
    long lines (those of at least `min_words` words; all lines if the long
    ones hold fewer than `min_tokens` words). The common languages are tried
    first and accepted at once when one reaches `confident_share`."""
    words = [_WORD.findall(line.casefold()) for line in lines]
    tokens = [w for line_words in words if len(line_words) >= min_words for w in line_words]
    if len(tokens) < min_tokens:
        tokens = [w for line_words in words for w in line_words]
    if not tokens:
        return UNKNOWN
    best = UNKNOWN
    names = stoplists.names
    common = sum(1 for name in names if name in COMMON)
    # Each distinct word once, with its count: a page repeats its words, and
    # the stoplists are compared with them up to eight times or more. As a
    # set, the distinct words meet each stoplist from whichever is smaller
    # (a dict's keys would walk the whole stoplist every time).
    counts = Counter(tokens)
    distinct = set(counts)
    for position, name in enumerate(names):
        if position == common and best.share >= confident_share:
            break
        stopwords = stoplists.get(name)
        share = sum(map(counts.__getitem__, distinct & stopwords)) / len(tokens)
        if share > best.share:
            best = Language(name, stopwords, share)
    return best
