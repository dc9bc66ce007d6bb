"""Cheap facts about a line of text that heuristics share."""

from __future__ import annotations

import unicodedata

import re

_WORD = re.compile(r"\w+(?:[-'’.]\w+)*")
# Sentence end: . ! ? (or their CJK forms), optionally followed by closing
# quotes or brackets; not an ellipsis, which is how teasers are cut off.
_SENTENCE_END = re.compile(r"(?<![.…])[.!?。！？](?:[\"'”’»«)\]]*)$")
_ELLIPSIS_END = re.compile(r"(?:…|\.\.\.|\[…\]|\[\.\.\.\]|\(…\)|\(\.\.\.\))[\"'”’»)\]]*$")


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def word_count(text: str) -> int:
    return sum(1 for _ in _WORD.finditer(text))


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
