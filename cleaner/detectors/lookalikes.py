"""Words disguised with look-alike letters: "Соntасt uѕ" spelt with Cyrillic
С, о, а, с and ѕ among the Latin n and t.

Spam comments and ads swap some Latin letters of their words for letters of
another script that look the same, so that filters matching the words miss
them. No language spells a word that way. A slip of the keyboard layout
does mix scripts too (a Latin "a" in a Russian word), so a word counts as
disguised only when it also holds Latin letters that have no such twin (n,
t, r, d...): it is a Latin word, not a Cyrillic one with a typo. A line goes
when such words are a fifth of its words or more, or two of them stand in
it, so that one slip in a long paragraph does not take the paragraph.
"""

from __future__ import annotations

import re

from ..removal import Priority, Removal
from ..segment import Document
from .base import Context, Findings

_ORIGIN = "cleaner.detectors.lookalikes"
# Cyrillic, Greek and Armenian letters drawn like Latin ones.
LOOKALIKES = frozenset("аеорсухѕіјԁԛԝһӏАВЕКМНОРСТХЅІЈҮ" "οανιρυΑΒΕΖΗΙΚΜΝΟΡΤΥΧ" "սոհցօՏՍՕ")
# Latin letters with a twin in those scripts: alone, they may be a typo in
# a word of that script.
_LATIN_TWINS = frozenset("aceijopsxyhABCEHIJKMOPSTXY")
_THEIR_SCRIPTS = re.compile("[\u0370-\u058f]")  # Greek, Cyrillic, Armenian: a range tests fastest
_WORD = re.compile(r"[^\W\d_]+")
MIN_SHARE = 0.2  # of a line's words
MIN_WORDS = 2  # or this many, whatever the share


def detect(doc: Document, context: Context) -> Findings:
    if not context.heuristics or not _THEIR_SCRIPTS.search(doc.text):  # nearly every page
        return Findings()
    removals = []
    for line in doc.lines:
        content = doc.content(line)
        if not _THEIR_SCRIPTS.search(content):
            continue
        words = _WORD.findall(content)
        disguised = [word for word in words if is_disguised(word)]
        if disguised and (len(disguised) >= MIN_WORDS or len(disguised) >= MIN_SHARE * len(words)):
            examples = ", ".join(dict.fromkeys(disguised[:3]))
            reason = f"{len(disguised)} of {len(words)} words spelt with look-alike letters of another script ({examples})"
            removals.append(
                Removal(line.start, line.stop, "LA001", "promo.look-alike-letters", "promo", _ORIGIN, reason, Priority.PRECISE)
            )
    return Findings(tuple(removals))


def is_disguised(word: str) -> bool:
    """A Latin word with look-alike letters of another script in it."""
    return any(c in LOOKALIKES for c in word) and any(
        c not in _LATIN_TWINS and ("a" <= c <= "z" or "A" <= c <= "Z") for c in word
    )
