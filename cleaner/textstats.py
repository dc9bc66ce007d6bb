"""Cheap facts about a line of text that heuristics share."""

from __future__ import annotations

import unicodedata

import re

_WORD = re.compile(r"\w+(?:[-'’.]\w+)*")
# Soft hyphens and zero-width characters do not show on the page, but they
# split words ("Kon\u00adtakt", "Image illus\u00adtra\u00adtive"; one dev-set
# page in fifteen hyphenates this way), and no-break spaces (a browser's copy
# keeps &nbsp; as U+00A0) are not the spaces phrasings are written with. Rules,
# word counts and line features read the text as a reader sees it.
INVISIBLE = frozenset(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_AS_READ = {**dict.fromkeys(INVISIBLE), **dict.fromkeys(map(ord, "\u00a0\u2007\u202f"), " ")}
# str.translate looks up every character in Python; most lines hold none of
# these, and a search in C finds that out ten times faster.
_UNSEEN = re.compile("[" + "".join(map(chr, _AS_READ)) + "]")
# Sentence end: . ! ? (or their CJK forms), optionally followed by closing
# quotes or brackets; not an ellipsis, which is how teasers are cut off.
_SENTENCE_END = re.compile(r"(?<![.…])[.!?。！？](?:[\"'”’»«)\]]*)$")
_ELLIPSIS_END = re.compile(r"(?:…|\.\.\.|\[…\]|\[\.\.\.\]|\(…\)|\(\.\.\.\))[\"'”’»)\]]*$")


def as_read(text: str) -> str:
    """Without soft hyphens and zero-width characters, no-break spaces as spaces."""
    return text.translate(_AS_READ) if _UNSEEN.search(text) else text


def words(text: str) -> list[str]:
    return _WORD.findall(as_read(text))


def word_count(text: str) -> int:
    return sum(1 for _ in _WORD.finditer(as_read(text)))


def ends_sentence(text: str) -> bool:
    return _SENTENCE_END.search(text) is not None


def ends_with_ellipsis(text: str) -> bool:
    return _ELLIPSIS_END.search(text) is not None


def is_prose(text: str, min_words: int) -> bool:
    """A full sentence or more, not cut off: how article paragraphs read."""
    return word_count(text) >= min_words and ends_sentence(text)


def normalize(text: str) -> str:
    """A comparison key: NFC, case-folded, whitespace runs collapsed."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.casefold().split())


def strip_ellipsis(text: str) -> str:
    return _ELLIPSIS_END.sub("", text).rstrip()
